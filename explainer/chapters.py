"""The app's pages grouped like the lecture's chapters (navigation and home page share it)."""

CHAPTERS: dict[str, list[tuple[str, str]]] = {
    "nav.intro": [("home", "🏠")],
    "nav.neural": [("activations", "📈"), ("perceptron", "➗"), ("xor", "✖️"), ("softmax_loss", "🎯")],
    "nav.cnn": [("convolution", "🔲"), ("pooling", "🧊"), ("dropout", "💧")],
    "nav.practice": [("train_compare", "🏋️")],
}

PAGE_NAMES: list[str] = [name for pages in CHAPTERS.values() for name, _ in pages]


def page_path(name: str) -> str:
    return f"pages/{name}.py"
