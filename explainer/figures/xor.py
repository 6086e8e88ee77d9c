"""What the XOR page shows: playback of the decision surfaces and loss, hidden units, many seeds, tables, code.

Every function takes the trained runs from `explainer.xor.engines` and the language; nothing here trains.
"""

from __future__ import annotations

import base64
import copy
import json
import struct
import zlib
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import get_colorscale, sample_colorscale
from plotly.subplots import make_subplots

from explainer.figures import palette
from explainer.figures.frozen import FrozenFigure, plain_figure
from explainer.i18n import t
from explainer.topics.activations import activation as activate
from explainer.xor.decisions import correct_count, forward, predictions, stuck
from explainer.xor.engines import XorTraining
from explainer.xor.net import XOR_INPUTS, XOR_TARGETS, XorNet

PLANE = (-0.5, 1.5)
RESOLUTION = 41  # 0.05 apart, so 0, 0.5 and 1 are grid points
SURFACE_SCALE = palette.SIGNED_SCALE_NAME
CLASS_COLOURS = {0: palette.BLUE, 1: palette.VERMILLION}
MLP_COLOUR = palette.BLUE
SINGLE_COLOUR = palette.ORANGE
STUCK_COLOUR = palette.NEGATIVE
SOLVED_COLOUR = palette.rgba(palette.BLUE, 0.55)
FRAME_MS = 120
POINT_TRACES = [1, 2]  # the playback's traces of the XOR points (MLP panel, single-layer panel)
LN2 = float(np.log(2.0))
# Boolean function of the four points (0,0), (0,1), (1,0), (1,1) -> catalogue key of its name.
GATE_KEYS = {pattern: f"xor.gate.{pattern}" for pattern in (
    "0000", "0001", "0010", "0011", "0100", "0101", "0110", "0111",
    "1000", "1001", "1010", "1011", "1100", "1101", "1110", "1111")}


# -------------------------------------------------------------------------------------------- the plane
def plane_axis(resolution: int = RESOLUTION) -> np.ndarray:
    return np.linspace(*PLANE, resolution)


def plane_points(resolution: int = RESOLUTION) -> np.ndarray:
    """(R*R, 2) points, row-major over (x2, x1), so a reshape to (R, R) is a heatmap with x1 across."""
    axis = plane_axis(resolution)
    x1, x2 = np.meshgrid(axis, axis)
    return np.column_stack([x1.ravel(), x2.ravel()])


def output_surfaces(params: list[np.ndarray], activation: str, resolution: int = RESOLUTION) -> np.ndarray:
    """The net's P(y=1) over the plane for parameters with leading axes (…): (…, R, R), in float32 (drawn in 256
    colour levels; decisions come from the trained outputs, never from a surface)."""
    out = forward(params, plane_points(resolution), activation, dtype=np.float32)[-1][..., 0]
    return out.reshape(*out.shape[:-1], resolution, resolution)


def _unit_z(first_layer: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Each first-layer unit [w1, w2, b]'s w·x + b at `points` (N, 2): (N, width)."""
    return points @ first_layer[:, :-1].T + first_layer[:, -1]


def unit_surfaces(params: list[np.ndarray], activation: str, resolution: int = RESOLUTION) -> np.ndarray:
    """Each first-hidden-layer unit's output over the plane, for one net: (width, R, R)."""
    return activate(activation, _unit_z(params[0], plane_points(resolution))).T.reshape(-1, resolution, resolution)


def unit_patterns(first_layer: np.ndarray) -> list[str]:
    """For each first-layer unit [w1, w2, b], which of the four points lie on its active side (w·x + b > 0).

    That side is where sigmoid > 0.5, tanh > 0 and ReLU > 0 alike, so the pattern names the gate the unit's
    line implements: '0111' is OR, '1110' NAND, '0001' AND. No single unit can make '0110' (XOR).
    """
    return ["".join("1" if value > 0 else "0" for value in column) for column in _unit_z(first_layer, XOR_INPUTS).T]


def gate_name(pattern: str, lang: str) -> str:
    return t(GATE_KEYS[pattern], lang)


def line_in_plane(w1: float, w2: float, b: float) -> tuple[list[float], list[float]] | None:
    """End points of w1*x1 + w2*x2 + b = 0 inside the plotted square, or None when it misses it."""
    lo, hi = PLANE
    candidates = []
    if abs(w2) > 1e-12:
        for x1 in (lo, hi):
            candidates.append((x1, -(w1 * x1 + b) / w2))
    if abs(w1) > 1e-12:
        for x2 in (lo, hi):
            candidates.append((-(w2 * x2 + b) / w1, x2))
    inside = sorted({(round(x, 9), round(y, 9)) for x, y in candidates
                     if lo - 1e-9 <= x <= hi + 1e-9 and lo - 1e-9 <= y <= hi + 1e-9})
    if len(inside) < 2:
        return None
    (xa, ya), (xb, yb) = inside[0], inside[-1]
    return [xa, xb], [ya, yb]


# ------------------------------------------------------------------------------------------ shared parts
def _colour_table(scale: str = SURFACE_SCALE, levels: int = 256) -> np.ndarray:
    """(levels, 3) uint8 RGB of a plotly colour scale, P = 0 … 1 evenly."""
    colours = sample_colorscale(get_colorscale(scale), np.linspace(0.0, 1.0, levels))
    return np.array([[round(float(c)) for c in colour[colour.index("(") + 1:-1].split(",")] for colour in colours],
                    dtype=np.uint8)


SURFACE_COLOURS = _colour_table()
UNIT_COLOURS = _colour_table("Viridis")  # the hidden units' scale (a unit's output is not a probability)


def surface_images(zs: np.ndarray, colours: np.ndarray = SURFACE_COLOURS, low: float = 0.0,
                   high: float = 1.0) -> list[str]:
    """Each of the surfaces `zs` (…, R, R; row 0 at x2 = -0.5) as a PNG data URI, top row first: `low` … `high`
    evenly over `colours` (P(y=1) in SURFACE_SCALE by default).

    Surfaces are layout images, not heatmap or contour traces: plotly.js redraws every trace of a frame that holds
    a heatmap (the playback's panels went blank for ~2 s in Chromium and frames were skipped), and a grid of 20
    contour tiles cost it 0.3-0.5 s per draw. An image is placed, not computed, and the browser's smoothing of a
    41-pixel image looks like the heatmap's "best".

    The colour levels of all surfaces are looked up at once and each PNG is written here (8-bit RGB, no filter,
    zlib level 1): a settings change encodes the playback's 122 pictures, and PIL's encoder cost about twice as
    much per picture for these few bytes (the pixels are the same: tests decode both).
    """
    zs = np.asarray(zs, dtype=np.float64)
    span = max(float(high) - float(low), 1e-12)
    levels = np.clip(np.rint((zs - low) / span * (len(colours) - 1)), 0, len(colours) - 1).astype(np.intp)
    pixels = colours[levels[..., ::-1, :]].reshape(-1, *levels.shape[-2:], 3)  # top row first
    count, height, width = pixels.shape[:3]
    rows = np.zeros((count, height, 1 + 3 * width), dtype=np.uint8)  # each row: filter type 0, then its RGB
    rows[:, :, 1:] = pixels.reshape(count, height, 3 * width)
    head = _PNG_SIGNATURE + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    tail = _png_chunk(b"IEND", b"")
    return ["data:image/png;base64," + base64.b64encode(
        head + _png_chunk(b"IDAT", zlib.compress(image.tobytes(), 1)) + tail).decode("ascii") for image in rows]


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def surface_image(z: np.ndarray, colours: np.ndarray = SURFACE_COLOURS, low: float = 0.0, high: float = 1.0) -> str:
    """One surface (R, R) as a PNG data URI (see `surface_images`)."""
    return surface_images(np.asarray(z)[None], colours, low, high)[0]


def _plane_image(source: str, resolution: int, xref: str = "x", yref: str = "y") -> dict:
    """A surface image laid over the plane of one subplot, pixel centres on the grid points."""
    lo, hi = PLANE
    half_pixel = (hi - lo) / (resolution - 1) / 2
    return dict(source=source, xref=xref, yref=yref, x=lo - half_pixel, y=hi + half_pixel,
                sizex=hi - lo + 2 * half_pixel, sizey=hi - lo + 2 * half_pixel, xanchor="left", yanchor="top",
                sizing="stretch", layer="below")


def _surface_images(mlp_source: str, single_source: str, resolution: int) -> list[dict]:
    """Both playback surfaces of one snapshot (PNG data URIs) as layout images over their subplots."""
    return [_plane_image(source, resolution, xref, yref)
            for source, xref, yref in ((mlp_source, "x", "y"), (single_source, "x2", "y2"))]


def level_line(z: np.ndarray, level: float = 0.5) -> tuple[list, list]:
    """Where a surface over the plane (R, R; row = x2) crosses `level`, as polylines (x, y lists with a None after
    each): marching squares with linear interpolation along the grid's edges, the cells' segments joined end to end
    (plotly.js draws a few long lines much faster than hundreds of separate segments).

    A grid point counts as above when its value is > level, as the lecture's `hypothesis > 0.5` decides; a cell
    whose diagonal corners disagree (a saddle) is cut around the corners on the other side from its centre.
    """
    return _joined(_level_segments(np.asarray(z, dtype=np.float64), level))


def _level_segments(z: np.ndarray, level: float) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    axis = plane_axis(z.shape[-1])
    above = z > level

    def crossing(za: float, zb: float, a: float, b: float) -> float:
        return float(a + (level - za) / (zb - za) * (b - a))

    segments = []
    changes = (above[:-1, :-1] != above[:-1, 1:]) | (above[1:, :-1] != above[1:, 1:]) | (above[:-1, :-1] !=
                                                                                          above[1:, :-1])
    for i, j in np.argwhere(changes):
        z00, z01, z10, z11 = z[i, j], z[i, j + 1], z[i + 1, j], z[i + 1, j + 1]
        a00, a01, a10, a11 = above[i, j], above[i, j + 1], above[i + 1, j], above[i + 1, j + 1]
        x0, x1, y0, y1 = float(axis[j]), float(axis[j + 1]), float(axis[i]), float(axis[i + 1])
        edges = {}  # the cell's edges that the level crosses -> the crossing point
        if a00 != a01:
            edges["bottom"] = (crossing(z00, z01, x0, x1), y0)
        if a01 != a11:
            edges["right"] = (x1, crossing(z01, z11, y0, y1))
        if a10 != a11:
            edges["top"] = (crossing(z10, z11, x0, x1), y1)
        if a00 != a10:
            edges["left"] = (x0, crossing(z00, z10, y0, y1))
        if len(edges) == 4:  # a saddle: cut off the two corners whose side the centre is not on
            centre = (z00 + z01 + z10 + z11) / 4 > level
            pairs = [("bottom", "right"), ("top", "left")] if a00 == centre else [("bottom", "left"),
                                                                                   ("top", "right")]
        else:
            pairs = [tuple(edges)]
        segments += [(edges[first], edges[second]) for first, second in pairs]
    return segments


def _joined(segments: list) -> tuple[list, list]:
    """Segments sharing end points (two neighbouring cells compute a shared edge's crossing identically) as
    polylines, each started from a loose end where it has one; 4 decimals (a thousandth of a pixel here)."""
    at_point: dict[tuple, list[int]] = {}
    for index, (start, end) in enumerate(segments):
        at_point.setdefault(start, []).append(index)
        at_point.setdefault(end, []).append(index)
    used = [False] * len(segments)
    loose_first = sorted(range(len(segments)), key=lambda i: min(len(at_point[segments[i][0]]),
                                                                 len(at_point[segments[i][1]])))
    xs: list = []
    ys: list = []
    for first in loose_first:
        if used[first]:
            continue
        used[first] = True
        start, end = segments[first]
        if len(at_point[end]) == 1:  # walk away from the loose end
            start, end = end, start
        line = [start, end]
        while True:
            following = [i for i in at_point[line[-1]] if not used[i]]
            if not following:
                break
            used[following[0]] = True
            a, b = segments[following[0]]
            line.append(b if a == line[-1] else a)
        xs += [round(x, 4) for x, _ in line] + [None]
        ys += [round(y, 4) for _, y in line] + [None]
    return xs, ys


def _colour_bar() -> go.Heatmap:
    """An invisible heatmap that only carries the P(y=1) colour bar of the playback's image surfaces."""
    return go.Heatmap(z=[[0.0, 1.0]], x=[0.0, 1.0], y=[0.0, 0.0], zmin=0.0, zmax=1.0, colorscale=SURFACE_SCALE,
                      opacity=0.0, hoverinfo="skip", showscale=True,
                      colorbar=dict(title=dict(text="P(y=1)"), len=0.8, thickness=12))


def _point_labels() -> list[str]:
    return [f"({int(a)},{int(b)}) → {int(y)}" for (a, b), y in zip(XOR_INPUTS, XOR_TARGETS, strict=True)]


def _points_trace(lang: str, show_legend: bool = False, size: int = 13) -> go.Scatter:
    return go.Scatter(
        x=XOR_INPUTS[:, 0], y=XOR_INPUTS[:, 1], mode="markers", showlegend=show_legend,
        name=t("xor.fig.points", lang), text=_point_labels(), hovertemplate="%{text}<extra></extra>",
        marker=dict(size=size, color=[CLASS_COLOURS[int(y)] for y in XOR_TARGETS],
                    symbol=["circle" if y else "x" for y in XOR_TARGETS], line=dict(color=palette.WHITE, width=2)),
    )


@lru_cache(maxsize=8)
def _points_base(lang: str, size: int) -> dict:
    """The four XOR points as a plain trace dict, validated once per language and size (copied before use)."""
    return _points_trace(lang, size=size).to_plotly_json()


def _points_dict(lang: str, size: int, values: np.ndarray, key: str) -> dict:
    """The four XOR points for one tile of the unvalidated tile figures; hovering a point gives the tile's value
    there (`key`: the net's output or the unit's), since the surface image under it has no hover."""
    labels = [t(key, lang, point=label, value=f"{float(value):.3f}")
              for label, value in zip(_point_labels(), values, strict=True)]
    # A copy: plotly takes a figure's dicts apart while it builds it, and a figure in another session's thread
    # may be holding the same nested dicts (see at_frame).
    return dict(copy.deepcopy(_points_base(lang, size)), text=labels)


def _square_axes(fig: go.Figure, cells: list[tuple[int, int]], lang: str, ticks: bool = True) -> None:
    """Square x1/x2 axes over the plane in each (row, col) cell, set in one layout update: one update_xaxes call
    per cell selects among all the figure's axes each time, seconds for the 32 many-seed tiles."""
    update = {}
    for row, col in cells:
        subplot = fig.get_subplot(row, col)
        x_name, y_name = subplot.xaxis.plotly_name, subplot.yaxis.plotly_name
        common = dict(range=list(PLANE), constrain="domain", showticklabels=ticks, showgrid=False, zeroline=False,
                      tickvals=[0, 1])
        update[x_name] = dict(common, title=dict(text=t("xor.fig.x1", lang) if ticks else None))
        update[y_name] = dict(common, scaleanchor=subplot.yaxis.anchor,
                              title=dict(text=t("xor.fig.x2", lang) if ticks else None))
    fig.update_layout(update)


class Tile(NamedTuple):
    """One small multiple: its title (and the title's font), its surface as an image over the plane, the traces
    drawn on it in plane coordinates (lines, the XOR points), and the surface's range for the text summary."""

    title: str
    font: dict
    image: str
    traces: list[dict]
    low: float
    high: float


TILE_GAP = 0.2  # between tiles across, in plane units (a tile is 2 wide: -0.5 … 1.5)
TITLE_ROOM = 0.8  # above each tile for its two-line title, in plane units
TILE_EDGE = 0.05  # around each tile's image, which reaches half a pixel (0.025) past the plane
TILE_PIXELS_PER_UNIT = 70  # the mosaic's height: a tile about 140 px high, as the subplots were


def tile_origin(index: int, cols: int) -> tuple[float, float]:
    """Where tile `index` of a mosaic sits: the offset added to its plane coordinates (rows run downwards)."""
    row, col = divmod(index, cols)
    span = PLANE[1] - PLANE[0]
    return col * (span + TILE_GAP), -row * (span + 2 * TILE_EDGE + TITLE_ROOM)


def _merge_tile_traces(tiles: list[Tile], cols: int) -> list[dict]:
    """The i-th trace of every tile as one trace, each tile's part moved to its place (lines broken between
    tiles, point texts and marker styles concatenated)."""
    merged: list[dict] = []
    for index, tile in enumerate(tiles):
        dx, dy = tile_origin(index, cols)
        for kind, trace in enumerate(tile.traces):
            if kind == len(merged):
                merged.append(dict(trace, x=[], y=[]))
                if "text" in trace:
                    merged[kind]["text"] = []
                if isinstance(trace.get("marker", {}).get("color"), list | tuple):  # per-point colours and symbols
                    merged[kind]["marker"] = dict(trace["marker"], color=[], symbol=[])
            target = merged[kind]
            ends_open = len(trace["x"]) > 0 and trace["x"][-1] is not None
            gap = [None] if "lines" in trace.get("mode", "") and ends_open else []  # a line stops at its tile
            target["x"] += [None if v is None else float(v) + dx for v in trace["x"]] + gap
            target["y"] += [None if v is None else float(v) + dy for v in trace["y"]] + gap
            if "text" in trace:
                target["text"] += list(trace["text"])
            if isinstance(target.get("marker", {}).get("color"), list):
                target["marker"]["color"] += list(trace["marker"]["color"])
                target["marker"]["symbol"] += list(trace["marker"]["symbol"])
    return merged


def _tile_figure(columns: int, tiles: list[Tile], resolution: int, layout: dict) -> go.Figure:
    """Small multiples as a mosaic on ONE pair of axes, sent as a plain dict: each tile's surface a layout image,
    its traces moved to its place and merged with the other tiles' (`_merge_tile_traces`), its title an
    annotation above it. As twenty subplots (40 axes, 40 traces) the seeds cost plotly.js 0.3-0.5 s per draw in
    Chromium, and the page draws each chart twice. `layout` gives the colour axis; an invisible heatmap on it
    carries the colour bar."""
    cols = min(columns, len(tiles))
    span = PLANE[1] - PLANE[0]
    images, titles = [], []
    for index, tile in enumerate(tiles):
        dx, dy = tile_origin(index, cols)
        image = _plane_image(tile.image, resolution)
        images.append(dict(image, x=image["x"] + dx, y=image["y"] + dy))
        titles.append(dict(text=tile.title, font=tile.font, x=(PLANE[0] + PLANE[1]) / 2 + dx,
                           y=PLANE[1] + TILE_EDGE + dy, xref="x", yref="y", xanchor="center", yanchor="bottom",
                           showarrow=False, name="tile"))
    colour_axis = layout["coloraxis"]
    colour_bar = dict(type="heatmap", z=[[colour_axis["cmin"], colour_axis["cmax"]]], x=[0.0, 1.0], y=[0.0, 0.0],
                      coloraxis="coloraxis", opacity=0.0, hoverinfo="skip", showlegend=False)
    hidden = dict(visible=False, showgrid=False, zeroline=False, fixedrange=True)
    x_range = [PLANE[0] - TILE_EDGE, PLANE[0] + cols * span + (cols - 1) * TILE_GAP + TILE_EDGE]
    y_range = [PLANE[0] - TILE_EDGE + tile_origin(len(tiles) - 1, cols)[1], PLANE[1] + TILE_EDGE + TITLE_ROOM]
    margin = dict(l=10, r=10, t=10, b=10)
    height = round((y_range[1] - y_range[0]) * TILE_PIXELS_PER_UNIT) + margin["t"] + margin["b"]
    return plain_figure({"data": [colour_bar] + _merge_tile_traces(tiles, cols), "layout": {
        **layout, "height": height, "margin": margin, "images": images, "annotations": titles, "showlegend": False,
        "xaxis": dict(hidden, range=x_range, constrain="domain"),
        # square tiles; on a narrow page (the width limits them) the mosaic sits at the top, not mid-height
        "yaxis": dict(hidden, range=y_range, constrain="domain", constraintoward="top", scaleanchor="x",
                      scaleratio=1),
        "meta": {"grids": [dict(rows=resolution, cols=resolution, low=tile.low, high=tile.high) for tile in tiles]}}})


def loss_at(run: XorTraining, steps: int, k: int = 0) -> float:
    """The loss after `steps` SGD steps: the logged loss of that epoch, or the trained net's for the last."""
    return float(run.losses[k, steps]) if steps < run.epochs else float(run.final_losses[k])


def loss_curve(run: XorTraining, k: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Epoch 0..epochs: the logged losses and, last, the trained net's."""
    return np.arange(run.epochs + 1), np.append(run.losses[k], run.final_losses[k])


# ------------------------------------------------------------------------------------------------ playback
def playback_figure(mlp: XorTraining, single: XorTraining, lang: str, frame: int | None = None) -> go.Figure:
    """MLP surface | single-layer surface | both loss curves (log), animated over the snapshots together."""
    return at_frame(build_playback(mlp, single, lang), frame)


def at_frame(playback: dict, frame: int | None = None) -> go.Figure:
    """The playback (`build_playback`) showing snapshot `frame` (None: the last), as its own animation frame would.

    A page builds the frames once per training and calls this for each step: the figure shares the playback's
    frames and trace dicts (nothing changes them), swaps in the shown snapshot's images and loss markers, and is
    sent as it is. Its graph objects hold the traces and layout only (a few ms): 61 frames as plotly objects,
    even unvalidated, cost 0.06-0.14 s per step; the frames are in what it sends (`to_dict()`).
    """
    frames = playback["frames"]
    frame = len(frames) - 1 if frame is None else int(np.clip(frame, 0, len(frames) - 1))
    shown = frames[frame]
    data = list(playback["data"])
    for trace, values in zip(shown["traces"], shown["data"], strict=True):
        if trace not in POINT_TRACES:  # the points are the same in every frame
            data[trace] = {**data[trace], "x": values["x"], "y": values["y"]}
    slider = {**playback["layout"]["sliders"][0], "active": frame}
    layout = {**playback["layout"], "images": shown["layout"]["images"], "sliders": [slider]}
    # Plotly takes the dicts apart while it builds its objects (keys popped and put back): it gets copies, so
    # that a figure being sent from the same cached playback in another session's thread never sees a key gone.
    figure = FrozenFigure(copy.deepcopy({"data": data, "layout": layout}), _validate=False)
    figure._frozen_dict = {"data": data, "layout": layout, "frames": frames}
    return figure


def _float32_array(values: np.ndarray) -> dict:
    """`values` as plotly.js's typed array (base64 float32), as a validated figure sends a numpy array: the 10,002
    losses of a curve written out as JSON numbers took ~15 ms of every run."""
    data = np.ascontiguousarray(values, dtype="<f4")
    return {"dtype": "f4", "bdata": base64.b64encode(data.tobytes()).decode("ascii")}


@lru_cache(maxsize=4)
def _playback_layout(lang: str) -> str:
    """The playback's layout as JSON, without what a training changes (the MLP's title, the epoch axis, the loss
    ticks, images, slider): make_subplots and a validated layout cost ~0.15 s, the same for every training."""
    # A tenth of the width between panels: the loss plot's log-scale tick labels ("0.0001") sit left of its axis, and
    # at 1024 px a 0.06 gap let them run under the single layer's surface.
    fig = make_subplots(rows=1, cols=3, column_widths=[0.3, 0.3, 0.4], horizontal_spacing=0.1,
                        subplot_titles=[t("xor.fig.mlp_surface", lang, shape="2-1"),
                                        t("xor.fig.single_surface", lang), t("xor.fig.loss_title", lang)])
    fig.update_layout(
        height=650, margin=dict(l=10, r=10, t=60, b=260),
        # Under the loss plot's epoch axis, where it hides no curve (inside, it covered the MLP's final loss).
        legend=dict(orientation="h", yanchor="top", y=-0.19, xanchor="right", x=1.0),
        updatemenus=[dict(type="buttons", direction="left", x=0.0, y=-0.31, xanchor="left", yanchor="top",
                          showactive=False, buttons=[
                              dict(label="▶ " + t("xor.play", lang), method="animate", args=[None, dict(
                                  frame=dict(duration=FRAME_MS, redraw=False), fromcurrent=False,
                                  transition=dict(duration=0), mode="immediate")]),
                              dict(label="‖ " + t("xor.pause", lang), method="animate", args=[[None], dict(
                                  frame=dict(duration=0, redraw=False), mode="immediate",
                                  transition=dict(duration=0))]),
                              dict(label="▷ " + t("xor.resume", lang), method="animate", args=[None, dict(
                                  frame=dict(duration=FRAME_MS, redraw=False), fromcurrent=True,
                                  transition=dict(duration=0), mode="immediate")]),
                          ])],
    )
    _square_axes(fig, [(1, 1), (1, 2)], lang)
    fig.update_yaxes(title_text=None, row=1, col=2)
    fig.update_xaxes(title_text=t("xor.fig.epoch", lang), row=1, col=3)
    return json.dumps(fig.to_dict()["layout"])


@lru_cache(maxsize=4)
def _playback_fixed_traces(lang: str) -> tuple[dict, ...]:
    """The colour bar and the XOR points of both surface panels: the same in every playback (shared, read only)."""
    traces = (_colour_bar(), _points_trace(lang), _points_trace(lang))
    return tuple(dict(trace.to_plotly_json(), xaxis=f"x{suffix}", yaxis=f"y{suffix}")
                 for trace, suffix in zip(traces, ("", "", "2"), strict=True))


def build_playback(mlp: XorTraining, single: XorTraining, lang: str) -> dict:
    """The playback with all its animation frames, as the plain plotly dict it is sent as (trained nets shown).

    Plain dicts throughout: validating the 61 frames, the slider's 61 steps and the subplots took ~0.4 s of each
    settings change. They hold only what plotly knows (the figure tests validate the whole dict); the layout
    comes validated from `_playback_layout`, made once per language.
    """
    frame = len(mlp.snapshot_epochs) - 1
    mlp_z = output_surfaces([s[:, 0] for s in mlp.snapshots], mlp.net.activation)
    single_z = output_surfaces([s[:, 0] for s in single.snapshots], single.net.activation)
    mlp_sources, single_sources = surface_images(mlp_z), surface_images(single_z)
    loss_axes = dict(xaxis="x3", yaxis="y3")
    data = list(_playback_fixed_traces(lang))
    for run, colour, key in ((mlp, MLP_COLOUR, "xor.fig.mlp_loss"), (single, SINGLE_COLOUR, "xor.fig.single_loss")):
        _, y = loss_curve(run)  # epochs 0, 1, …: x0 and dx say so (10,002 written-out epochs were ~25% of the JSON)
        data.append(dict(type="scatter", x0=0, dx=1, y=_float32_array(y), mode="lines",
                         line=dict(color=colour, width=2), name=t(key, lang),
                         hovertemplate=t("xor.hover.loss", lang) + "<extra></extra>", **loss_axes))
    data.append(dict(type="scatter", x=[0, mlp.epochs], y=[LN2, LN2], mode="lines", name="ln 2 = 0.6931",
                     hoverinfo="skip", line=dict(color=palette.MID_GREY, width=1, dash="dot"), **loss_axes))
    marker_traces = []
    for run, colour in ((mlp, MLP_COLOUR), (single, SINGLE_COLOUR)):
        steps = int(run.snapshot_epochs[frame])
        marker_traces.append(len(data))
        data.append(dict(type="scatter", x=[steps], y=[loss_at(run, steps)], mode="markers", showlegend=False,
                         marker=dict(size=13, color=colour, line=dict(color=palette.BLACK, width=1.5)),
                         cliponaxis=False, hoverinfo="skip", **loss_axes))
    layout = json.loads(_playback_layout(lang))
    layout["annotations"][0]["text"] = t("xor.fig.mlp_surface", lang, shape="-".join(str(n) for n in mlp.net.sizes))
    layout["xaxis3"]["range"] = [0, mlp.epochs]
    low = min(float(np.min(mlp.losses)), float(np.min(single.losses)), float(mlp.final_losses[0]))
    layout["yaxis3"].update(log_loss_axis(low))  # the subplot title names it
    spec = {"data": data, "layout": layout}
    # Frames move the loss markers and swap the surface images; the XOR points ride along unchanged, because a
    # scatter trace left out of a frame is dropped from its subplot until the next full redraw.
    points = dict(type="scatter", x=XOR_INPUTS[:, 0].tolist(), y=XOR_INPUTS[:, 1].tolist())
    frames, slider_steps = [], []
    for index, steps in enumerate(int(steps) for steps in mlp.snapshot_epochs):
        name = str(index)
        frames.append(dict(name=name, traces=POINT_TRACES + marker_traces, data=[
            points, points, dict(type="scatter", x=[steps], y=[loss_at(mlp, steps)]),
            dict(type="scatter", x=[steps], y=[loss_at(single, steps)]),
        ], layout=dict(images=_surface_images(mlp_sources[index], single_sources[index], mlp_z.shape[-1]))))
        slider_steps.append(dict(method="animate", label=str(steps), args=[[name], dict(
            mode="immediate", frame=dict(duration=0, redraw=False), transition=dict(duration=0))]))
    spec["frames"] = frames
    spec["layout"]["images"] = frames[frame]["layout"]["images"]
    spec["layout"]["sliders"] = [dict(active=frame, steps=slider_steps, x=0.0, len=1.0, y=-0.49, yanchor="top",
                                      currentvalue=dict(prefix=t("xor.fig.epoch_prefix", lang), visible=True,
                                                        xanchor="right"), pad=dict(t=0, b=0))]
    return spec


def log_loss_axis(lowest: float) -> dict:
    """A log axis for BCE losses with plain decimal ticks (0.1, 0.01, …) down to the lowest loss."""
    decades = [10.0 ** -n for n in range(0, 9)]
    ticks = [d for d in decades if d >= lowest / 10] or decades[:2]
    return dict(type="log", tickvals=ticks, ticktext=[f"{v:.8f}".rstrip("0").rstrip(".") for v in ticks])


# ------------------------------------------------------------------------------------------- hidden units
def hidden_units_figure(params: list[np.ndarray], net: XorNet, lang: str, columns: int = 5) -> go.Figure:
    """Small multiples: each first-hidden-layer unit over the plane, with the line w·x + b = 0 it draws."""
    surfaces = unit_surfaces(params, net.activation)
    first = params[0]
    patterns = unit_patterns(first)
    width = surfaces.shape[0]
    lo, hi = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}.get(net.activation, (0.0, max(1e-6, float(surfaces.max()))))
    at_points = activate(net.activation, _unit_z(first, XOR_INPUTS))  # (4 points, width)
    sources = surface_images(surfaces, UNIT_COLOURS, lo, hi)
    tiles = []
    for index in range(width):
        line = line_in_plane(*first[index]) or ([], [])  # no line where it misses the plane
        traces = [dict(type="scatter", x=list(line[0]), y=list(line[1]), mode="lines",
                       line=dict(color=palette.BLACK, width=2), showlegend=False, hoverinfo="skip")]
        points = _points_dict(lang, 8, at_points[:, index], "xor.hover.point_unit")
        tiles.append(Tile(t("xor.units.title", lang, unit=index + 1, gate=gate_name(patterns[index], lang)),
                          dict(size=12), sources[index], traces + [points],
                          float(surfaces[index].min()), float(surfaces[index].max())))
    return _tile_figure(columns, tiles, surfaces.shape[-1], dict(
        coloraxis=dict(colorscale=get_colorscale("Viridis"), cmin=lo, cmax=hi,  # plotly.js knows no "_r" names
                       colorbar=dict(title=dict(text=t("xor.units.colour", lang)), thickness=12))))


def gate_counts(params: list[np.ndarray]) -> dict[str, int]:
    """How many first-layer units act like each gate on the four points."""
    counts: dict[str, int] = {}
    for pattern in unit_patterns(params[0]):
        counts[pattern] = counts.get(pattern, 0) + 1
    return counts


# ---------------------------------------------------------------------------------------------- many seeds
def many_seeds_figure(run: XorTraining, lang: str, columns: int = 5) -> go.Figure:
    """The K trained nets' surfaces with their 0.5 boundaries; titles give seed and final loss, in red for the runs
    that got stuck."""
    surfaces = output_surfaces(run.final_params, run.net.activation)
    losses = run.final_losses
    failed = stuck(losses, run.accuracies)
    sources = surface_images(surfaces)
    tiles = []
    for index, (seed, loss, bad) in enumerate(zip(run.seeds, losses, failed, strict=True)):
        xs, ys = level_line(surfaces[index])
        boundary = dict(type="scatter", x=xs, y=ys, mode="lines", line=dict(color=palette.BLACK, width=2),
                        showlegend=False, hoverinfo="skip")
        tiles.append(Tile(t("xor.seeds.tile_stuck" if bad else "xor.seeds.tile", lang, seed=seed, loss=f"{loss:.4f}"),
                          dict(size=12, color=STUCK_COLOUR if bad else palette.DARK_GREY),
                          sources[index],
                          [boundary, _points_dict(lang, 7, run.final_outputs[index], "xor.hover.point_output")],
                          float(surfaces[index].min()), float(surfaces[index].max())))
    return _tile_figure(columns, tiles, surfaces.shape[-1], dict(
        coloraxis=dict(colorscale=get_colorscale(SURFACE_SCALE), cmin=0.0, cmax=1.0,  # as a list: plotly.js knows
                       colorbar=dict(title=dict(text="P(y=1)"), thickness=12))))           # no "_r" names


def many_seeds_loss_figure(run: XorTraining, lang: str, points: int = 500) -> go.Figure:
    """Every run's loss curve (log): the stuck ones stay on the 0.6931 plateau."""
    failed = stuck(run.final_losses, run.accuracies)
    stride = max(1, (run.epochs + 1) // points)
    fig = go.Figure()
    for k, seed in enumerate(run.seeds):
        x, y = loss_curve(run, k)
        keep = np.r_[np.arange(0, len(x), stride), len(x) - 1]
        fig.add_trace(go.Scatter(
            x=x[keep].astype(np.float32), y=y[keep].astype(np.float32), mode="lines",
            name=t("xor.seeds.curve", lang, seed=seed),
            line=dict(color=STUCK_COLOUR if failed[k] else SOLVED_COLOUR, width=2.5 if failed[k] else 1.2),
            hovertemplate=f"{t('xor.seeds.curve', lang, seed=seed)}<br>{t('xor.hover.loss', lang)}<extra></extra>"))
    fig.update_layout(height=330, margin=dict(l=10, r=10, t=40, b=10), showlegend=False,
                      title=t("xor.seeds.loss_title", lang))
    fig.update_xaxes(title_text=t("xor.fig.epoch", lang))
    lowest = float(min(np.min(run.losses), np.min(run.final_losses)))
    fig.update_yaxes(title_text=t("xor.fig.loss", lang), **log_loss_axis(lowest))
    return fig


# -------------------------------------------------------------------------------------- tables and text
def result_table(outputs: np.ndarray, lang: str) -> pd.DataFrame:
    """The lecture's final print-out as a table: inputs, hypothesis, predicted, target, per point."""
    predicted = predictions(outputs).astype(float)
    return pd.DataFrame({
        t("xor.table.x1", lang): XOR_INPUTS[:, 0].astype(int),
        t("xor.table.x2", lang): XOR_INPUTS[:, 1].astype(int),
        t("xor.table.hypothesis", lang): [f"{value:.6f}" for value in outputs],
        t("xor.table.predicted", lang): predicted,
        t("xor.table.target", lang): XOR_TARGETS,
        t("xor.table.correct", lang): ["✓" if p == y else "✗" for p, y in zip(predicted, XOR_TARGETS, strict=True)],
    })


def accuracy_text(accuracy: float) -> str:
    """An accuracy of the four XOR points, exactly: as the lecture's `accuracy.item()` prints it, and the count.

    0.25, 0.5, 0.75 and 1.0 each keep every digit ("0.25 (1/4)"), never rounded to one decimal ("0.2").
    """
    return f"{float(accuracy)!r} ({correct_count(accuracy)}/{len(XOR_TARGETS)})"


def training_log(run: XorTraining, every: int = 100, k: int = 0) -> str:
    """What the lecture's loop prints: `epoch cost` every `every` epochs."""
    return "\n".join(f"{epoch} {run.losses[k, epoch]:.7f}" for epoch in range(0, run.epochs, every))


def pytorch_code(net: XorNet, lr: float, epochs: int, seed: int, lang: str) -> str:
    """The lecture's code with the current settings filled in."""
    sizes = net.sizes
    activation = {"sigmoid": "nn.Sigmoid()", "tanh": "nn.Tanh()", "relu": "nn.ReLU()"}[net.activation]
    layers = []
    for index, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        after = "nn.Sigmoid()" if index == len(sizes) - 2 else activation
        layers.append(f"    nn.Linear({fan_in}, {fan_out}, bias=True), {after},")
    return f"""import torch
import torch.nn as nn

device = 'cuda' if torch.cuda.is_available() else 'cpu'
torch.manual_seed({seed})
if device == 'cuda':
    torch.cuda.manual_seed_all({seed})

X = torch.FloatTensor([[0, 0], [0, 1], [1, 0], [1, 1]]).to(device)
Y = torch.FloatTensor([[0], [1], [1], [0]]).to(device)

# {t("xor.code.model_comment", lang)}
model = nn.Sequential(
{chr(10).join(layers)}
).to(device)
# {t("xor.code.single_comment", lang)}
# model = nn.Sequential(nn.Linear(2, 1, bias=True), nn.Sigmoid()).to(device)

criterion = torch.nn.BCELoss().to(device)
optimizer = torch.optim.SGD(model.parameters(), lr={lr:g})

for epoch in range({epochs}):
    optimizer.zero_grad()
    hypothesis = model(X)
    cost = criterion(hypothesis, Y)
    cost.backward()
    optimizer.step()
    if epoch % 100 == 0:
        print(epoch, cost.item())

with torch.no_grad():
    hypothesis = model(X)
    predicted = (hypothesis > 0.5).float()
    accuracy = (predicted == Y).float().mean()
    print('{t("xor.code.hypothesis", lang)}: ', hypothesis.detach().cpu().numpy())
    print('{t("xor.code.predicted", lang)}: ', predicted.detach().cpu().numpy())
    print('{t("xor.code.target", lang)}: ', Y.cpu().numpy())
    print('{t("xor.code.accuracy", lang)}: ', accuracy.item())
"""
