"""Projector mode for every figure: larger type, thicker lines, black text, read from the back of a room.

One place scales what every figure module draws, on a copy of the figure's dict: figures are cached and shared
by sessions (explainer.figures.frozen), so the original is never changed.
"""

from __future__ import annotations

import copy

from explainer.figures import palette

FONT_SCALE = 1.5
LINE_SCALE = 2.0
MARKER_SCALE = 1.4
PLOTLY_DEFAULT_FONT = 12  # plotly's own size where a figure sets none
MIN_FONT = 18  # pixels: the smallest text a figure shows on the projector
MIN_LINE = 3.0
INK = palette.BLACK
CARTESIAN = {"scatter", "scattergl", "bar", "heatmap", "histogram", "box", "contour"}  # traces drawn on x/y axes


def _scaled_fonts_and_lines(node) -> None:
    """Every `font` size and every `line` width under `node`, scaled in place (node is a copy)."""
    if isinstance(node, list):
        for item in node:
            _scaled_fonts_and_lines(item)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key.endswith("font") and isinstance(value, dict):
            value["size"] = max(value.get("size", PLOTLY_DEFAULT_FONT) * FONT_SCALE, MIN_FONT)
        elif key == "line" and isinstance(value, dict) and isinstance(value.get("width"), int | float):
            value["width"] = max(value["width"] * LINE_SCALE, MIN_LINE)
        elif key == "marker" and isinstance(value, dict) and isinstance(value.get("size"), int | float):
            value["size"] = value["size"] * MARKER_SCALE
        _scaled_fonts_and_lines(value)


def for_projector(figure: dict) -> dict:
    """A copy of a plotly figure dict (`go.Figure.to_dict()`) drawn for the projector."""
    shown = copy.deepcopy(figure)
    layout = shown.setdefault("layout", {})
    layout.setdefault("font", {}).setdefault("size", PLOTLY_DEFAULT_FONT)
    layout["font"]["color"] = INK
    if any(trace.get("type", "scatter") in CARTESIAN for trace in shown.get("data", [])):
        layout.setdefault("xaxis", {}), layout.setdefault("yaxis", {})
    for name, axis in layout.items():  # ticks and legends drawn with the theme's small default get a size to scale
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            axis.setdefault("tickfont", {}).setdefault("size", PLOTLY_DEFAULT_FONT)
            axis["tickfont"]["color"] = INK
    layout.setdefault("legend", {}).setdefault("font", {}).setdefault("size", PLOTLY_DEFAULT_FONT)
    for trace in shown.get("data", []):
        mode = trace.get("mode") or ("lines" if trace.get("type", "scatter") == "scatter" else "")
        if "lines" in mode:  # a line drawn with plotly's default width (2) has no `line.width` to scale
            trace.setdefault("line", {}).setdefault("width", 2)
    _scaled_fonts_and_lines(shown)
    if isinstance(layout.get("height"), int | float):  # room for the larger labels
        layout["height"] = layout["height"] * 1.15
    return shown
