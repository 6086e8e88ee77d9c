"""A chart's short text summary: the numbers a screen reader (or a student who cannot read the chart) needs,
taken from the very data the figure draws, so the two never disagree.

    describe(figure, "en")  # "Loss: MLP from 0.6931 at 1 to 0.0001601 at 10001 (lowest 0.0001601, ...)"
"""

from __future__ import annotations

import base64
import re
import threading
import weakref

import numpy as np

from explainer.i18n import t
from explainer.i18n.numbers import significant

MAX_SERIES = 6  # a summary names this many series; the rest are counted
MAX_BARS = 12  # a bar series lists this many bars; longer ones give their range
MIN_TILES = 4  # a figure with this many subplot titles is small multiples: summarised tile by tile
MAX_TILES = 24


def _plain(array):
    """`array` as numbers: plotly.js's typed-array form ({"dtype": "f4", "bdata": base64}, what a figure sent as
    plain dicts holds, e.g. the XOR loss curves) decoded, anything else as it is."""
    if isinstance(array, dict) and "bdata" in array:
        decoded = np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array.get("dtype", "f8")))
        shape = array.get("shape")
        if isinstance(shape, str):
            shape = [int(part) for part in shape.split(",")]
        return decoded.reshape(shape) if shape else decoded
    return array


def _values(array) -> np.ndarray:
    array = _plain(array)
    return np.asarray([np.nan if v is None else v for v in np.ravel(np.asarray(array, dtype=object))], dtype=float)


def _axis_title(figure, trace, lang: str) -> str:
    """The title of the x axis the trace is drawn on, as it reads mid-sentence before a value ("2.294 at epoch 1":
    an English title starts with a capital on the chart, an acronym keeps its capitals; a closing note in
    parentheses is the chart's, not the sentence's), or ""."""
    axis = figure.layout[f"xaxis{(trace.xaxis or 'x')[1:]}"]
    title = axis.title.text if axis is not None and axis.title and axis.title.text else ""
    title = re.sub(r"\s*\([^()]*\)$", "", title)  # "layer 1", not "layer (1 = closest to the input) 1"
    if lang == "en" and title[:1].isupper() and title[1:2].islower():
        return title[0].lower() + title[1:]
    return title


def _line(trace, lang: str, axis: str = "") -> str | None:
    x, y = _plain(trace.x), _values(trace.y)
    finite = np.flatnonzero(np.isfinite(y))
    if len(finite) == 0:
        return None
    first, last = finite[0], finite[-1]

    def at(index: int) -> str:  # the x of one point only: a 10,002-point loss curve labelled whole took 40 ms
        if x is None:  # a trace without x counts from x0 in steps of dx (plotly's defaults: 0 and 1)
            start, step = trace.x0 if trace.x0 is not None else 0, trace.dx if trace.dx is not None else 1
            return f"{axis} {_label(start + index * step)}".strip()
        return f"{axis} {_label(x[index])}".strip()

    if len(finite) == 1:
        return t("a11y.summary.point", lang, name=trace.name or "", x=at(first), y=significant(y[first]))
    return t("a11y.summary.line", lang, name=trace.name or "", first=significant(y[first]), x0=at(first),
             last=significant(y[last]), x1=at(last), low=significant(np.nanmin(y)),
             high=significant(np.nanmax(y)))


def _label(value) -> str:
    """An axis value: a whole number in full (epoch 10,001, not 1e+04), else 4 significant digits."""
    if isinstance(value, int | float | np.number):
        return f"{int(value):,}" if float(value).is_integer() else significant(float(value))
    return str(value)


def _bars(trace, lang: str) -> str | None:
    horizontal = trace.orientation == "h"
    labels, values = (_plain(trace.y), _plain(trace.x)) if horizontal else (_plain(trace.x), _plain(trace.y))
    if values is None:
        return None
    values = _values(values)
    labels = list(labels) if labels is not None else list(range(len(values)))
    if len(values) > MAX_BARS:
        return t("a11y.summary.many_bars", lang, name=trace.name or "", count=len(values),
                 low=significant(np.nanmin(values)), high=significant(np.nanmax(values)))
    pairs = ", ".join(f"{_label(label)} {significant(value)}" for label, value in zip(labels, values, strict=False))
    return t("a11y.summary.bars", lang, name=trace.name or "", pairs=pairs)


def _grid(trace, lang: str) -> str | None:
    z = np.asarray(_plain(trace.z), dtype=float) if trace.z is not None else np.empty((0, 0))
    if z.size == 0 or not np.isfinite(z).any():
        return None
    rows, cols = z.shape if z.ndim == 2 else (1, z.size)
    return _grid_text(trace.name or "", rows, cols, np.nanmin(z), np.nanmax(z), lang)


def _grid_text(name: str, rows: int, cols: int, low: float, high: float, lang: str) -> str:
    return t("a11y.summary.grid", lang, name=name, rows=rows, cols=cols, low=significant(low),
             high=significant(high))


def _panel_title(figure, trace) -> str:
    """The title over the subplot a trace is drawn in (make_subplots puts it at the top of the subplot's domain,
    centred), or "": in a figure of panels the same series names come back in each ("train" in Loss and in
    Accuracy), and the panel says which is which."""
    x_axis = figure.layout[f"xaxis{(trace.xaxis or 'x')[1:]}"]
    y_axis = figure.layout[f"yaxis{(trace.yaxis or 'y')[1:]}"]
    if x_axis is None or y_axis is None or not x_axis.domain or not y_axis.domain:
        return ""
    (left, right), top = x_axis.domain, y_axis.domain[1]
    for note in figure.layout.annotations or ():
        if note.text and note.xref == "paper" and note.yref == "paper" and note.showarrow is False and \
                note.x is not None and note.y is not None and left <= note.x <= right and abs(note.y - top) < 0.02:
            return note.text
    return ""


def _series(figure, trace, lang: str) -> str | None:
    if trace.visible is False:
        return None
    if trace.type == "scatter" and trace.y is not None:
        return _line(trace, lang, _axis_title(figure, trace, lang))
    if trace.type == "bar":
        return _bars(trace, lang)
    if trace.type in ("heatmap", "contour"):
        return _grid(trace, lang)
    return None


def _tiles(figure, lang: str) -> list[str] | None:
    """Small multiples (the XOR hidden units and seeds, the pooled feature maps): each tile's title, with the range
    of the grid it draws. Their per-tile series (the same four XOR points in every tile) would say nothing."""
    meta = figure.layout.meta
    if isinstance(meta, dict) and meta.get("grids"):  # a mosaic (the XOR tiles, however few): titled annotations
        titles = [note.text for note in figure.layout.annotations or () if note.name == "tile"]  # over images whose
        grids = [_grid_text("", grid["rows"], grid["cols"], grid["low"], grid["high"], lang)    # ranges it gives
                 for grid in meta["grids"]]
    else:  # subplots: their titles, and the grid each one draws
        titles = [note.text for note in figure.layout.annotations or ()
                  if note.text and note.xref == "paper" and note.yref == "paper" and note.showarrow is False]
        by_axis = {}
        for trace in figure.data:
            if trace.type in ("heatmap", "contour") and trace.visible is not False:
                by_axis.setdefault(trace.xaxis or "x", _grid(trace, lang))
        grids = [by_axis.get("x" if index == 0 else f"x{index + 1}") for index in range(len(titles))]
        if len(titles) < MIN_TILES:
            return None
    parts = []
    for title, grid in zip(titles[:MAX_TILES], grids, strict=False):
        title = ", ".join(part.strip() for part in title.split("<br>"))
        parts.append(f"{title} ({grid.removeprefix(': ')})" if grid else title)
    if len(titles) > MAX_TILES:
        parts.append(t("a11y.summary.more", lang, count=len(titles) - MAX_TILES))
    return parts


def describe(figure, lang: str) -> str:
    """The figure's title, then one clause per drawn series (a line's first, last, lowest and highest value,
    a bar chart's bars, a grid's size and range), at most MAX_SERIES of them; small multiples tile by tile; a
    figure whose drawing does not speak for itself (a network's nodes) carries its own text in layout.meta
    ["summary"], in the figure's language."""
    if isinstance(figure, dict):  # a figure sent as plain dicts (the XOR playback): its traces and layout only
        import plotly.graph_objects as go

        figure = go.Figure({"data": figure.get("data", []), "layout": figure.get("layout", {})})
    # Unnamed traces are a chart's furniture (markers at the chosen x, a colour bar) where named series exist;
    # points drawn as markers only (the XOR inputs, say) are positions, not a series, where curves exist.
    meta = figure.layout.meta
    shown = [meta["summary"]] if isinstance(meta, dict) and meta.get("summary") else _tiles(figure, lang)
    if shown is None:
        named = [trace for trace in figure.data if trace.name] or list(figure.data)
        series = [trace for trace in named if trace.type != "scatter" or "lines" in (trace.mode or "lines")]
        drawn = series or named
        panels = len({trace.xaxis or "x" for trace in drawn}) > 1
        parts = []
        for trace in drawn:
            part = _series(figure, trace, lang)
            if not part:
                continue
            part, panel = part.removeprefix(": "), _panel_title(figure, trace) if panels else ""
            parts.append(t("a11y.summary.in_panel", lang, panel=panel, series=part) if panel else part)
        shown = parts[:MAX_SERIES]
        if len(parts) > MAX_SERIES:
            shown.append(t("a11y.summary.more", lang, count=len(parts) - MAX_SERIES))
    title = figure.layout.title.text if figure.layout.title and figure.layout.title.text else ""
    body = "; ".join(shown) if shown else t("a11y.summary.empty", lang)
    return t("a11y.summary", lang, title=title, body=body) if title else body


# describe() once per figure object: the views build a setting's figures once and share them between runs and
# sessions (lru_cache), and a class showing one view would otherwise describe the same figure for every student.
_DESCRIBED: dict[tuple[int, str], tuple[weakref.ref, str]] = {}
_DESCRIBED_LIMIT = 512
_DESCRIBED_LOCK = threading.Lock()


def described(figure, lang: str) -> str:
    """describe(figure, lang), remembered while the figure object lives (figures are not changed once drawn;
    a figure sent as plain dicts cannot be watched, and is described each time)."""
    try:
        alive = weakref.ref(figure)
    except TypeError:
        return describe(figure, lang)
    key = (id(figure), lang)
    with _DESCRIBED_LOCK:
        known = _DESCRIBED.get(key)
    if known is not None and known[0]() is figure:
        return known[1]
    text = describe(figure, lang)
    with _DESCRIBED_LOCK:
        if len(_DESCRIBED) >= _DESCRIBED_LIMIT:  # figures built for one run only: gone, and their entries with them
            for stale in [key for key, (ref, _) in _DESCRIBED.items() if ref() is None]:
                del _DESCRIBED[stale]
            if len(_DESCRIBED) >= _DESCRIBED_LIMIT:
                _DESCRIBED.clear()
        _DESCRIBED[key] = (alive, text)
    return text
