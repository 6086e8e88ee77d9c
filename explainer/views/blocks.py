"""The small vocabulary a view-model uses to say what a page shows, so that the page only places it.

A view returns its output as blocks, each (kind, payload), in page order; the page's one renderer maps each kind
to a Streamlit call. Widgets are described once as `Control`s (kind, default, catalogue keys, range), so a page
creates each with one line and the ranges live beside the rest of the view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Block = tuple[str, object]
Blocks = tuple[Block, ...]

# The kinds and their payloads:
#   "markdown", "caption", "error", "warning", "info", "success", "latex": a text
#   "arithmetic": a text shown as plain code (a sum written out)
#   "pytorch": the lecture's PyTorch code for the current values (in the page's code expander)
#   "metrics": ((label, value), ...), side by side
#   "charts": (column widths, ((chart key, figure[, arithmetic under it]), ...)), side by side; widths None for one
#             full-width chart
#   "table": rows as a list of {column: value}, or a pandas DataFrame
#   "details": (title, markdown text) in a closed expander
KINDS = ("markdown", "caption", "error", "warning", "info", "success", "latex", "arithmetic", "pytorch", "metrics",
         "charts", "table", "details")


def texts(kind: str, values) -> Blocks:
    """One block of `kind` per non-empty text."""
    return tuple((kind, text) for text in values if text)


def chart(key: str, figure) -> Blocks:
    """One full-width chart, or nothing when there is no figure."""
    return () if figure is None else (("charts", (None, ((key, figure),))),)


@dataclass(frozen=True)
class Control:
    """One widget: which Streamlit widget, its default, the catalogue keys of its label and help, the catalogue
    prefix of its choices, and its other arguments (range, step, options)."""

    kind: str
    default: object
    label: str
    help: str | None = None
    choices: str | None = None  # option `o` reads as the catalogue's "<choices><o>"
    options: dict = field(default_factory=dict)
