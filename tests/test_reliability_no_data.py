"""No dataset on the server: every page that uses one still opens, says what is missing and how to add it.

The pages are opened in AppTest with an empty data folder, downloads disabled and no Debian package
(as on a fresh classroom server without internet).
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from explainer import data
from explainer.chapters import page_path
from explainer.i18n import t
from tests.apptest_helpers import ENTRYPOINT, texts

pytestmark = pytest.mark.slow


@pytest.fixture
def no_data(tmp_path, monkeypatch):
    empty = tmp_path / "empty-data"
    empty.mkdir()
    monkeypatch.setenv("EXPLAINER_DATA_DIR", str(empty))
    monkeypatch.setenv("EXPLAINER_NO_DOWNLOAD", "1")
    monkeypatch.setattr(data, "DEBIAN_FASHION_MNIST_DIR", tmp_path / "no-debian-package")
    data.clear_cache()
    yield empty
    data.clear_cache()


def open_with(page: str, lang: str, state: dict) -> AppTest:
    """The app as a student lands on `page`, with some choices already made (e.g. a dataset image source)."""
    at = AppTest.from_file(ENTRYPOINT, default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(page_path(page)).run()
    return at


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
    "convolution": ({"conv.img.source": "mnist"}, "mnist"),
    "pooling": ({"conv.img.source": "cifar10"}, "cifar10"),
}


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page", list(CASES))
def test_dataset_pages_explain_missing_data(no_data, page, lang):
    state, dataset = CASES[page]
    at = open_with(page, lang, state)
    assert_explained(at, lang, no_data, dataset)
    if page == "train_compare":
        start = [button for button in at.button if button.key == "train_start"]
        assert start and start[0].disabled, "training must not be offered without data"
    if page in ("convolution", "pooling"):
        assert t("conv.img.fallback", lang) in texts(at)  # and the page goes on with a built-in picture
