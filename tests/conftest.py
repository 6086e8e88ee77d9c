"""Test-wide settings: every test writes to its own temporary cache and sees no real dataset; shared fixtures."""

import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_SESSION_DIR = Path(tempfile.mkdtemp(prefix="explainer-tests-"))
os.environ["EXPLAINER_CACHE_DIR"] = str(_SESSION_DIR / "cache")
os.environ["EXPLAINER_DATA_DIR"] = str(_SESSION_DIR / "no-data")
os.environ["EXPLAINER_NO_DOWNLOAD"] = "1"
os.environ["EXPLAINER_DEBIAN_DATA_DIR"] = str(_SESSION_DIR / "no-debian-data")
os.environ.setdefault("EXPLAINER_DEVICE", "cpu")

# The fixtures import the app's modules inside their bodies: explainer.data.datasets reads the settings above at import.


@pytest.fixture
def data_root(tmp_path, monkeypatch):
    """An empty data folder and cache, no download, no Debian package; caches cleared around the test."""
    from tests.datagen import data_env

    root = tmp_path / "data"
    root.mkdir()
    with data_env(monkeypatch, root, cache_dir=tmp_path / "cache", debian_dir=tmp_path / "debian" / "fashion-mnist"):
        yield root


@pytest.fixture
def store(tmp_path):
    """An empty result store in the test's own cache folder."""
    from explainer.training.store import ResultStore

    return ResultStore(tmp_path / "cache")


def _drives_the_app(module) -> bool:
    """Whether a test module runs pages in AppTest (directly or through tests/apptest_helpers)."""
    return any(getattr(value, "__module__", "").startswith(("streamlit.testing", "tests.apptest_helpers"))
               or getattr(value, "__name__", "") == "tests.apptest_helpers"
               for value in vars(module).values())


# The files that take longest (the Ray cluster's, about a minute, mostly spent waiting on other processes): handed
# out first, so that pytest-xdist's two workers do not end with one of them running such a file alone.
LONGEST_FILES = ("test_ray_executor.py", "test_widget_ranges.py", "test_xor_decisions.py", "test_reliability_load.py",
                 "test_page_train.py", "test_reliability_faults.py", "test_bad_input.py", "test_xor_fast.py",
                 "test_xor_browser.py", "test_train_browser.py", "test_conv_browser.py")


def pytest_collection_modifyitems(config, items):
    """`apptest` marks the tests that run pages in AppTest. `make test` runs the tests without a browser in one
    pytest stage, the fast unit tests handed out first and the AppTest page tests after them (this order), then
    the browser tests; `-m apptest` runs the AppTest ones alone, `-m "not apptest and not browser"` the unit tests
    alone. Within each kind the longest files go first (LONGEST_FILES), so that no worker starts a long file last;
    the rest keeps its order."""
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and "browser" not in item.keywords and _drives_the_app(module):
            item.add_marker(pytest.mark.apptest)
    rank = {name: position for position, name in enumerate(LONGEST_FILES)}
    items.sort(key=lambda item: ("apptest" in item.keywords, rank.get(Path(str(item.fspath)).name, len(rank))))
