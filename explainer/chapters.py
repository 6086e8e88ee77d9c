"""The app's pages grouped like the lecture's chapters (navigation and home page share it).

Icons are Material Symbols: Streamlit ships that font, whereas emoji need a system font.
"""

CHAPTERS: dict[str, list[tuple[str, str]]] = {
    "nav.intro": [("home", ":material/home:")],
    "nav.neural": [
        ("activations", ":material/show_chart:"),
        ("perceptron", ":material/call_split:"),
        ("xor", ":material/hub:"),
        ("softmax_loss", ":material/bar_chart:"),
    ],
    "nav.cnn": [
        ("convolution", ":material/grid_on:"),
        ("pooling", ":material/view_module:"),
        ("dropout", ":material/blur_on:"),
    ],
    "nav.practice": [("train_compare", ":material/model_training:")],
}

PAGE_NAMES: list[str] = [name for pages in CHAPTERS.values() for name, _ in pages]


def page_path(name: str) -> str:
    return f"pages/{name}.py"
