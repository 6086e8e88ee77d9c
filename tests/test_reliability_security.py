"""Server configuration for a classroom and what the code may load: nothing that can run code.

- .streamlit/config.toml: XSRF protection on, a small upload limit; `make run-class` hides error details.
- No pickle from user data (only the allow-listed CIFAR-10 reader), torch.load only with weights_only=True,
  np.load never with allow_pickle=True; trained weights are safetensors.
- The CIFAR reader refuses a hostile pickle without running it.
"""

from __future__ import annotations

import ast
import os
import pickle
import re
import tomllib
from pathlib import Path

import pytest

from explainer.data.formats import DataFormatError, read_cifar_pickle

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([*ROOT.glob("explainer/**/*.py"), *ROOT.glob("models/**/*.py"), *ROOT.glob("pages/*.py"),
                  *ROOT.glob("scripts/*.py"), ROOT / "streamlit_app.py"])
PICKLE_ALLOWED = {ROOT / "explainer" / "data" / "formats.py"}  # the allow-listed CIFAR batch reader


def test_streamlit_config_for_a_class():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    server = config["server"]
    assert server["enableXsrfProtection"] is True
    assert 1 <= server["maxUploadSize"] <= 10  # megabytes; the pages take small images only
    from explainer.data.images import MAX_UPLOAD_BYTES

    assert MAX_UPLOAD_BYTES <= server["maxUploadSize"] * 2**20  # the app's own check is not looser
    assert config["browser"]["gatherUsageStats"] is False


def test_classroom_mode_hides_error_details():
    """`make run-class` starts Streamlit with error details and the developer menu hidden."""
    makefile = (ROOT / "Makefile").read_text()
    target = re.search(r"^run-class:.*?^endif$", makefile, re.S | re.M)  # one server, or SERVERS=N behind nginx
    assert target, "no run-class target"
    recipe = target.group(0)
    flags = re.search(r"^CLASS_FLAGS :?= (.*)$", makefile, re.M)
    assert flags and recipe.count("$(CLASS_FLAGS)") == 2, recipe  # one server, or several behind nginx
    assert "--client.showErrorDetails none" in flags.group(1)
    assert "--client.toolbarMode viewer" in flags.group(1)
    from streamlit.config import ShowErrorDetailsConfigOptions

    assert "none" in {option.value for option in ShowErrorDetailsConfigOptions}


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node, ast.unparse(node.func)


def _keyword(call: ast.Call, name: str):
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def loading_problems(source: str, where: str, pickle_allowed: bool = False) -> list[str]:
    """Every call in `source` that could unpickle (run code from) a file."""
    tree = ast.parse(source)
    problems = []
    for call, name in _calls(tree):
        at = f"{where}:{call.lineno}"
        if name in ("torch.load", "torch.serialization.load"):
            weights_only = _keyword(call, "weights_only")
            if not (isinstance(weights_only, ast.Constant) and weights_only.value is True):
                problems.append(f"{at}: torch.load without weights_only=True")
        if name in ("np.load", "numpy.load"):
            allow = _keyword(call, "allow_pickle")
            if allow is not None and not (isinstance(allow, ast.Constant) and allow.value is False):
                problems.append(f"{at}: np.load with allow_pickle")
        if re.fullmatch(r"(pickle|cPickle|dill|joblib|marshal|shelve)\.(load|loads|Unpickler|open)", name):
            problems.append(f"{at}: {name}")
        if name in ("yaml.load", "yaml.unsafe_load"):
            problems.append(f"{at}: {name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("torch", "pickle") and \
                any(alias.name in ("load", "loads") for alias in node.names):
            problems.append(f"{where}:{node.lineno}: imports {node.module}.load under another name")
        if isinstance(node, ast.ClassDef) and any("Unpickler" in ast.unparse(base) for base in node.bases):
            if not pickle_allowed or not any(
                    isinstance(item, ast.FunctionDef) and item.name == "find_class" for item in node.body):
                problems.append(f"{where}:{node.lineno}: unrestricted Unpickler subclass")
    return problems


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_loads_pickles_from_user_data(path):
    assert not loading_problems(path.read_text(), str(path.relative_to(ROOT)), path in PICKLE_ALLOWED)


@pytest.mark.parametrize("source", [
    "import torch\nstate = torch.load(path)",
    "import torch\nstate = torch.load(path, weights_only=False)",
    "from torch import load\nstate = load(path)",
    "import pickle\nbatch = pickle.load(handle)",
    "import numpy as np\nx = np.load(path, allow_pickle=True)",
    "import pickle\nclass Reader(pickle.Unpickler):\n    pass",
])
def test_the_scan_catches_unsafe_loading(source):
    assert loading_problems(source, "example.py")


def test_the_scan_accepts_safe_loading():
    assert not loading_problems("import torch\nimport numpy as np\n"
                                "a = torch.load(p, weights_only=True)\nb = np.load(p)\n", "example.py")


def test_trained_weights_are_safetensors(tmp_path):
    from explainer.training.jobs import JobManager
    from explainer.training.recipes import RECIPES
    from explainer.training.store import ResultStore

    job = JobManager(ResultStore(tmp_path)).submit(RECIPES["xor_single"].with_overrides(epochs=2), "cpu")
    assert job.wait(60) and job.state == "done"
    files = sorted(p.name for p in job.result.path.iterdir())
    assert "weights.safetensors" in files and not any(name.endswith((".pt", ".pth", ".pkl")) for name in files)
    raw = (job.result.path / "weights.safetensors").read_bytes()
    assert b"\x80\x02" not in raw[:2] and raw[8:9] == b"{"  # safetensors: 8-byte length, then a JSON header


class _RunsCode:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


class _Evaluates:
    def __reduce__(self):
        return eval, ("__import__('os').system('false')",)


@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_hostile_cifar_batch_is_refused_without_running(tmp_path, protocol):
    marker = tmp_path / "pwned"
    for payload in ({"data": _RunsCode(marker), "labels": [0]}, {b"data": _Evaluates()}, _RunsCode(marker)):
        batch = tmp_path / "data_batch_1"
        batch.write_bytes(pickle.dumps(payload, protocol=protocol))
        with pytest.raises(DataFormatError, match="not allowed|not a readable"):
            read_cifar_pickle(batch)
    assert not marker.exists(), "the pickle ran code"
