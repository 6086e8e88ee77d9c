"""A page's state as a link: each value written as query-parameter text and read back, checked like its widget.

No Streamlit here (explainer.ui reads and writes the address): what a value looks like in the address, which
text is a valid value of a widget (its range, its options), and the QR code of a link. Defaults are left out of
the address, so a link names only what the lecturer changed.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

# The most a link may name of a count that buttons step (a mini-batch, a redraw): far more than a class presses.
MAX_LINKED_COUNT = 1_000_000
# Session key of the notices a view-model leaves for explainer.ui to show: (parameter name, ignored value) pairs.
LINK_NOTICES_KEY = "_url.notices"
# An empty selection (a multiselect with nothing chosen) must differ from "not in the address" (its default).
EMPTY_LIST = "-"


class BadParameter(ValueError):
    """A query parameter that is not a value of its widget: out of range, not an option, text in a number."""


@dataclass(frozen=True)
class Rule:
    """What a widget accepts: its options, or its numeric range, or a text length (from the widget's arguments)."""

    options: tuple | None = None
    min_value: float | None = None
    max_value: float | None = None
    max_chars: int | None = None
    many: bool = False  # a multiselect: several options

    @classmethod
    def of_widget(cls, default: Any, arguments: dict) -> Rule:
        options = arguments.get("options")
        return cls(options=tuple(options) if options is not None else None,
                   min_value=arguments.get("min_value"), max_value=arguments.get("max_value"),
                   max_chars=arguments.get("max_chars"), many=isinstance(default, list | tuple) and options is not None)


def encode(value: Any) -> str | list[str]:
    """The address text of a value: one text, or one per item of a selection ('-' for none)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, list | tuple):
        if value and isinstance(value[0], list | tuple):  # a grid: rows split by ';', cells by ','
            return ";".join(",".join(encode(float(cell)) for cell in row) for row in value)
        return [encode(item) for item in value] or [EMPTY_LIST]
    return str(value)


def _number(text: str, like: Any, rule: Rule) -> int | float:
    try:
        number = int(text) if isinstance(like, int) else float(text)
    except ValueError as error:
        raise BadParameter(text) from error
    if not math.isfinite(number):
        raise BadParameter(text)
    if rule.min_value is not None and number < rule.min_value:
        raise BadParameter(text)
    if rule.max_value is not None and number > rule.max_value:
        raise BadParameter(text)
    return number


def _option(text: str, options: tuple) -> Any:
    for option in options:
        if encode(option) == text:
            return option
    raise BadParameter(text)


def _grid(text: str, like: list) -> list[list[float]]:
    try:
        rows = [[float(cell) for cell in row.split(",")] for row in text.split(";")]
    except ValueError as error:
        raise BadParameter(text) from error
    widths = {len(row) for row in rows}
    if len(widths) != 1 or not all(math.isfinite(cell) for row in rows for cell in row):
        raise BadParameter(text)
    if len(rows) > 32 or widths.pop() > 32:  # larger than any grid a page edits
        raise BadParameter(text)
    return rows


def decode(texts: list[str], default: Any, rule: Rule = Rule()) -> Any:
    """The value a query parameter's texts stand for, judged against the widget's default and rule.

    Raises BadParameter for anything the widget could not show."""
    if rule.many:
        if texts == [EMPTY_LIST]:
            return []
        return [_option(text, rule.options) for text in texts]
    if len(texts) != 1:
        raise BadParameter(",".join(texts))
    text = texts[0]
    if rule.options is not None:
        return _option(text, rule.options)
    if default is None:  # an optional step (None: the player's own choice, e.g. the last frame)
        return _number(text, 0, rule)
    if isinstance(default, bool):
        if text not in ("0", "1"):
            raise BadParameter(text)
        return text == "1"
    if isinstance(default, int | float):
        return _number(text, default, rule)
    if isinstance(default, list | tuple):
        return _grid(text, default)
    if rule.max_chars is not None and len(text) > rule.max_chars:
        raise BadParameter(text)
    return text


def qr_png(link: str, scale: int = 4) -> bytes:
    """The QR code of a link as a PNG (segno: a pure-Python, well-kept QR library), for a projected slide."""
    import segno

    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=scale, border=2)
    return out.getvalue()
