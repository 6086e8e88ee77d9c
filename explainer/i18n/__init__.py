"""One catalogue for every user-visible string, in Korean and English.

The catalogue is assembled from the `catalog_*.py` modules of this package (one per chapter, so
the chapters can grow independently); each defines `STRINGS = {key: {"ko": ..., "en": ...}}`.
A key defined twice is an error. `t(key, lang, **values)` formats with `str.format` and understands
Korean particle specs (`{n:을}` -> "3을" / "2를", see `korean.py`), so a particle always agrees with the
value put before it.
"""

from __future__ import annotations

import importlib
import pkgutil
import string

from explainer.i18n.korean import FORMATTER

LANGUAGES = ("ko", "en")
DEFAULT_LANGUAGE = "ko"
LANGUAGE_NAMES = {"ko": "한국어", "en": "English"}


def _load_catalogue() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not module_info.name.startswith("catalog_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for key, texts in module.STRINGS.items():
            if key in merged:
                raise ValueError(f"i18n key {key!r} is defined twice (again in {module_info.name})")
            merged[key] = texts
    return merged


CATALOGUE: dict[str, dict[str, str]] = _load_catalogue()


def normalise_language(value: str | None) -> str | None:
    """'en-US' -> 'en', 'ko_KR' -> 'ko'; None for anything not supported."""
    if not value:
        return None
    code = str(value).replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else None


def t(key: str, lang: str, **values) -> str:
    """The text for `key` in `lang`, formatted with `values`. A missing key shows as the key itself."""
    texts = CATALOGUE.get(key)
    if texts is None:
        return key
    text = texts.get(lang) or texts.get(DEFAULT_LANGUAGE) or key
    return FORMATTER.format(text, **values) if values else text


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def missing_translations() -> list[str]:
    """Keys lacking a language, or whose languages disagree on their {placeholders}."""
    problems = []
    for key, texts in CATALOGUE.items():
        for lang in LANGUAGES:
            if not str(texts.get(lang, "")).strip():
                problems.append(f"{key}: no {lang}")
        if all(texts.get(lang) for lang in LANGUAGES):
            if len({frozenset(placeholders(texts[lang])) for lang in LANGUAGES}) > 1:
                problems.append(f"{key}: placeholders differ between languages")
    return problems
