import re
from pathlib import Path

from explainer.i18n import CATALOGUE, LANGUAGES, missing_translations, normalise_language, t

ROOT = Path(__file__).resolve().parents[1]


def test_every_key_has_korean_and_english_with_same_placeholders():
    assert missing_translations() == []


def test_korean_texts_are_korean():
    hangul = re.compile("[\uac00-\ud7a3]")
    # Keys whose text is a formula, a name or a number in both languages are allowed to have no Hangul.
    latin_only = [k for k, v in CATALOGUE.items() if not hangul.search(v["ko"]) and v["ko"] == v["en"]]
    assert len(latin_only) < 0.2 * len(CATALOGUE), latin_only[:20]


def test_t_formats_and_falls_back():
    assert t("sidebar.device", "en", device="CPU") == "Compute device: CPU"
    assert "CPU" in t("sidebar.device", "ko", device="CPU")
    assert t("no.such.key", "en") == "no.such.key"


def test_normalise_language():
    assert normalise_language("en-US") == "en"
    assert normalise_language("ko_KR") == "ko"
    assert normalise_language("fr") is None
    assert normalise_language(None) is None
    assert set(LANGUAGES) == {"ko", "en"}


def test_every_key_used_in_code_exists():
    """Literal keys passed to t(...) / ui.t(...) anywhere in the app must be in the catalogue."""
    pattern = re.compile(r"""\bt\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")
    missing = set()
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("explainer/**/*.py"), ROOT / "streamlit_app.py"]:
        for key in pattern.findall(path.read_text(encoding="utf-8")):
            if key not in CATALOGUE:
                missing.add(f"{path.name}: {key}")
    assert not missing, sorted(missing)


def test_only_one_library_module_imports_streamlit():
    importers = [
        p for p in (ROOT / "explainer").rglob("*.py")
        if re.search(r"^\s*(import streamlit|from streamlit)", p.read_text(encoding="utf-8"), re.M)
    ]
    assert [p.name for p in importers] == ["ui.py"]


def test_pages_do_not_import_torch():
    for page in (ROOT / "pages").glob("*.py"):
        assert not re.search(r"^\s*(import torch|from torch)", page.read_text(encoding="utf-8"), re.M), page
