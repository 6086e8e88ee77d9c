"""The import rules of ARCHITECTURE.md, and thin pages, checked on the source (no imports executed)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = sorted(p.name for p in (ROOT / "explainer").iterdir() if (p / "__init__.py").exists())
# Which explainer packages each package may import (ARCHITECTURE.md's table); "ui" may import anything.
ALLOWED = {
    "i18n": set(),
    "topics": {"i18n", "data"},
    "xor": {"i18n", "topics"},
    "data": {"i18n"},
    "training": {"i18n", "data", "xor", "snippets", "views"},
    "inspection": {"i18n", "data", "topics", "training"},
    "figures": {"i18n", "topics", "xor", "inspection", "data", "lecture"},
    "snippets": {"i18n", "topics", "xor", "training"},  # training.recipes only (bench imports snippets.train)
    "lecture": {"i18n", "topics", "xor", "training"},
    "path": {"i18n", "topics", "xor", "training", "lecture"},
    "views": {"i18n", "topics", "xor", "data", "training", "inspection", "figures", "snippets", "lecture", "path"},
    "classroom": set(),  # follow the lecturer: class codes and what the lecturer shows (explainer.ui polls it)
}
PAGE_MAY_IMPORT = {"streamlit", "pandas", "explainer.ui", "explainer.views", "explainer.figures", "explainer.snippets",
                   "explainer.lecture", "explainer.topics", "explainer.i18n", "explainer"}
STDLIB = {"math", "dataclasses", "functools", "itertools", "collections", "textwrap", "typing", "__future__", "json"}
MAX_PAGE_LINES = 150


def imported_modules(path: Path) -> list[str]:
    modules = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.append(node.module)
            if node.module == "explainer":  # `from explainer import ui`
                modules += [f"explainer.{alias.name}" for alias in node.names]
    return modules


def library_files() -> list[Path]:
    return sorted((ROOT / "explainer").rglob("*.py"))


def _package_of(path: Path) -> str | None:
    parts = path.relative_to(ROOT / "explainer").parts
    return parts[0] if len(parts) > 1 else None


def test_every_package_has_a_rule():
    assert set(PACKAGES) == set(ALLOWED), "add the new package to ARCHITECTURE.md and ALLOWED"


@pytest.mark.parametrize("path", library_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_library_imports_follow_the_layers(path):
    package = _package_of(path)
    modules = imported_modules(path)
    if path.name != "ui.py" or package is not None:
        assert not [m for m in modules if m.split(".")[0] == "streamlit"], "only explainer/ui.py imports streamlit"
    if package is None:
        return
    used = {m.split(".")[1] for m in modules if m.startswith("explainer.") and m.split(".")[1] in PACKAGES}
    forbidden = used - {package} - ALLOWED[package]
    assert not forbidden, f"{package} may not import {sorted(forbidden)}"
    assert "explainer.ui" not in modules


@pytest.mark.parametrize("path", sorted((ROOT / "models").rglob("*.py")), ids=lambda p: p.name)
def test_models_import_nothing_from_explainer(path):
    assert not [m for m in imported_modules(path) if m.split(".")[0] == "explainer"]


def page_files() -> list[Path]:
    return sorted((ROOT / "pages").glob("*.py"))


@pytest.mark.parametrize("path", page_files(), ids=lambda p: p.name)
def test_pages_only_talk_to_the_view_layer(path):
    bad = [m for m in imported_modules(path)
           if m.split(".")[0] not in STDLIB and not any(m == a or m.startswith(a + ".") for a in PAGE_MAY_IMPORT)]
    assert not bad, f"{path.name} imports {bad}: go through explainer.views"


def _nesting(node: ast.AST, depth: int = 0) -> int:
    blocks = (ast.If, ast.For, ast.While, ast.With, ast.Try, ast.Match, ast.AsyncFor, ast.AsyncWith)
    deepest = depth
    for child in ast.iter_child_nodes(node):
        inner = depth + 1 if isinstance(child, blocks) else depth
        deepest = max(deepest, _nesting(child, inner))
    return deepest


@pytest.mark.parametrize("path", page_files(), ids=lambda p: p.name)
def test_pages_are_thin(path):
    lines = path.read_text().count("\n")
    assert lines <= MAX_PAGE_LINES, f"{path.name} has {lines} lines"
    tree = ast.parse(path.read_text())
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    deep = {f.name: _nesting(f) for f in functions if _nesting(f) > 1}
    assert not deep, f"{path.name}: functions nested more than one level: {deep}"


def test_the_nesting_measure_counts_blocks():
    source = "def f():\n    with a:\n        if b:\n            pass\n\ndef g():\n    for x in y:\n        z()\n"
    depths = {f.name: _nesting(f) for f in ast.parse(source).body}
    assert depths == {"f": 2, "g": 1}
