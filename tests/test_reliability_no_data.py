"""No dataset on the server: every page that uses one still opens, says what is missing and how to add it.

The pages are opened in AppTest with an empty data folder (the `data_root` fixture), downloads disabled and
no Debian package (as on a fresh classroom server without internet).
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from explainer.data import datasets as data
from explainer.i18n import t
from tests.apptest_helpers import open_page, texts


def assert_explained(at: AppTest, lang: str, folder, dataset: str) -> None:
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at) + "\n".join(str(e.proto) for e in at.get("expandable"))
    assert t("data.fix.title", lang) in shown, "no 'how to provide the data' advice"
    assert str(folder) in shown, "the data folder to fill is not named"
    assert data.dataset_title(dataset, lang) in shown


CASES = {
    # page: (choices made before opening it, the dataset it needs)
    "train_compare": ({}, "fashion_mnist"),
    "dropout": ({}, "fashion_mnist"),
    "convolution": ({"picture.source": "mnist"}, "mnist"),
    "pooling": ({"picture.source": "cifar10"}, "cifar10"),
}


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page", list(CASES))
def test_dataset_pages_explain_missing_data(data_root, page, lang):
    state, dataset = CASES[page]
    if page == "convolution":  # the pictures are in a tab of their own, built only while open
        state = {**state, "conv.tab": t("conv.tab.images", lang)}
    at = open_page(page, lang, timeout=120, session_state=state)  # some choices made, e.g. an image source
    assert_explained(at, lang, data_root, dataset)
    if page == "train_compare":
        start = [button for button in at.button if button.key == "train_start"]
        assert start and start[0].disabled, "training must not be offered without data"
    if page in ("convolution", "pooling"):
        assert t("conv.img.fallback", lang) in texts(at)  # and the page goes on with a built-in picture
