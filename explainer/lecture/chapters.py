"""The app's pages grouped like the lecture's chapters (navigation and home page share it).

Icons are Material Symbols: Streamlit ships that font, whereas emoji need a system font.
"""

from explainer.i18n import CATALOGUE

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


def nav_label_key(name: str) -> str:
    """Catalogue key of the sidebar label: `nav.page.<name>` where the page title is too long for the sidebar
    (Streamlit cuts it off with an ellipsis at its fixed width), else the page title itself."""
    short = f"nav.page.{name}"
    return short if short in CATALOGUE else f"page.{name}"


# The lecture section each page explains, named under its title by `ui.page_header`.
PAGE_LECTURE_SECTION: dict[str, str] = {
    "activations": "activations.lecture",
    "perceptron": "perceptron.lecture",
    "xor": "lecture.section.xor",
    "softmax_loss": "softmax.lecture",
    "convolution": "lecture.section.convolution",
    "pooling": "lecture.section.pooling",
    "dropout": "lecture.section.dropout",
    "train_compare": "lecture.section.train_compare",
}

# The lecture's slides in the lecture's order, each with the pages that show it (the home page's map).
# `lecture.step.<name>` is the step's title, `lecture.step.<name>.text` what the page lets you do with it.
LECTURE_OUTLINE: list[tuple[str, tuple[str, ...]]] = [
    ("neuron", ("perceptron", "activations")),
    ("activations", ("activations",)),
    ("perceptron", ("perceptron",)),
    ("xor_mlp", ("xor", "perceptron")),
    ("softmax", ("softmax_loss",)),
    ("mlp_practice", ("train_compare",)),
    ("convolution", ("convolution",)),
    ("padding_stride", ("convolution",)),
    ("vanishing", ("activations",)),
    ("pooling", ("pooling",)),
    ("channels", ("convolution",)),
    ("dropout", ("dropout",)),
    ("practice_mlp", ("train_compare", "dropout")),
    ("practice_cnn", ("train_compare",)),
]


def page_icon(name: str) -> str:
    return next(icon for pages in CHAPTERS.values() for page, icon in pages if page == name)
