"""Plotly figures of the dropout page: the (thinned) network, masks, accuracy curves, feature maps."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explainer.figures import palette
from explainer.figures.frozen import plain_figure
from explainer.i18n import t
from explainer.i18n.numbers import significant
from explainer.topics.dropout import FEATURE_KERNELS, ChannelDropout, ScalingExample, VectorExample

KEPT_COLOUR = palette.BLUE
INPUT_COLOUR = palette.BLUISH_GREEN
OUTPUT_COLOUR = palette.VERMILLION
DROPPED_COLOUR = palette.LIGHT_GREY
EDGE_COLOUR = palette.rgba(palette.MID_GREY, 0.45)
DROPPED_EDGE_COLOUR = palette.rgba(palette.LIGHT_GREY, 0.25)
P_COLOURS = palette.CATEGORICAL


def layer_names(layer_sizes: tuple[int, ...], lang: str) -> list[str]:
    last = len(layer_sizes) - 1
    names = []
    for index, size in enumerate(layer_sizes):
        if index == 0:
            names.append(t("dropout.layer.input", lang, n=size))
        elif index == last:
            names.append(t("dropout.layer.output", lang, n=size))
        else:
            names.append(t("dropout.layer.hidden", lang, index=index, n=size))
    return names


def _node_positions(layer_sizes: tuple[int, ...]) -> list[np.ndarray]:
    """(x, y) of each node, layers left to right, each layer centred vertically."""
    return [np.column_stack([np.full(size, float(x)), (size - 1) / 2 - np.arange(size)])
            for x, size in enumerate(layer_sizes)]


def network_figure(layer_sizes: tuple[int, ...], masks: list[np.ndarray] | None, lang: str, title: str,
                   mark_dropped: bool = True, height: int = 380) -> go.Figure:
    """Nodes as markers, weights as lines. With `masks`, dropped nodes and every edge touching them go grey
    (and get a cross, as in the paper's figure); `masks=None` draws the standard, full network."""
    if masks is None:
        masks = [np.ones(size, dtype=bool) for size in layer_sizes]
    positions = _node_positions(layer_sizes)
    live_x: list[float | None] = []
    live_y: list[float | None] = []
    dead_x: list[float | None] = []
    dead_y: list[float | None] = []
    for layer in range(len(layer_sizes) - 1):
        for i, (x0, y0) in enumerate(positions[layer]):
            for j, (x1, y1) in enumerate(positions[layer + 1]):
                alive = masks[layer][i] and masks[layer + 1][j]
                xs, ys = (live_x, live_y) if alive else (dead_x, dead_y)
                xs += [x0, x1, None]
                ys += [y0, y1, None]
    traces = [
        dict(type="scatter", x=dead_x, y=dead_y, mode="lines", hoverinfo="skip", showlegend=False,
             line={"color": DROPPED_EDGE_COLOUR, "width": 1}),
        dict(type="scatter", x=live_x, y=live_y, mode="lines", hoverinfo="skip", showlegend=False,
             line={"color": EDGE_COLOUR, "width": 1.2}),
    ]
    names = layer_names(layer_sizes, lang)
    last = len(layer_sizes) - 1
    for index, (points, mask) in enumerate(zip(positions, masks, strict=True)):
        colour = INPUT_COLOUR if index == 0 else OUTPUT_COLOUR if index == last else KEPT_COLOUR
        state = [t("dropout.node.kept" if kept else "dropout.node.dropped", lang) for kept in mask]
        traces.append(dict(
            type="scatter", x=points[:, 0].tolist(), y=points[:, 1].tolist(), mode="markers", name=names[index],
            showlegend=False, marker={"size": 22, "color": [colour if kept else DROPPED_COLOUR for kept in mask],
                                      "line": {"color": palette.DARK_GREY, "width": 1}},
            customdata=[[str(i + 1), s] for i, s in enumerate(state)],
            hovertemplate=f"{names[index]}<br>#%{{customdata[0]}}: %{{customdata[1]}}<extra></extra>",
        ))
        dropped = ~np.asarray(mask, dtype=bool)
        if mark_dropped and dropped.any():
            traces.append(dict(type="scatter", x=points[dropped, 0].tolist(), y=points[dropped, 1].tolist(),
                               mode="markers", hoverinfo="skip", showlegend=False,
                               marker={"symbol": "x-thin", "size": 22,
                                       "line": {"color": palette.DARK_GREY, "width": 2}}))
    # What the drawing says, for the chart's text summary (its node positions would say nothing).
    kept = "; ".join(t("dropout.summary.layer", lang, name=name, kept=int(np.sum(mask)), size=len(mask))
                     for name, mask in zip(names, masks, strict=True))
    top = max(layer_sizes) / 2 + 0.3
    annotations = [dict(x=index, y=top, text=name, showarrow=False, font={"size": 12}, yanchor="bottom")
                   for index, name in enumerate(names)]
    # A plain dict, sent unvalidated: validating ~40 traces was most of a p change's server time.
    return plain_figure({"data": traces, "layout": dict(
        annotations=annotations, title={"text": title}, height=height, margin={"l": 10, "r": 10, "t": 50, "b": 10},
        meta={"summary": kept},
        plot_bgcolor=palette.WHITE, xaxis={"visible": False, "range": [-0.5, len(layer_sizes) - 0.5]},
        yaxis={"visible": False, "range": [-max(layer_sizes) / 2 - 0.2, top + 0.9]})})


def mask_table(masks: list[np.ndarray], layer_sizes: tuple[int, ...], lang: str) -> dict[str, list[str]]:
    """The masks as columns-of-strings for st.dataframe: one row per layer, '1' kept, '0' dropped, '' none."""
    width = max(layer_sizes)
    table: dict[str, list[str]] = {t("dropout.mask.layer", lang): layer_names(layer_sizes, lang)}
    for unit in range(width):
        table[str(unit + 1)] = [("1" if mask[unit] else "0") if unit < len(mask) else "" for mask in masks]
    return table



def scaling_table(example: ScalingExample, lang: str) -> dict[str, list[str]]:
    """Both conventions for one activation, as columns-of-strings for st.dataframe (formulas spelled out)."""
    a, p, keep = example.activation, example.p, example.keep
    return {
        t("dropout.scaling.table.case", lang): [
            t("dropout.scaling.row.kept", lang, keep=f"{keep:g}"), t("dropout.scaling.row.dropped", lang, p=f"{p:g}"),
            t("dropout.scaling.row.mean", lang), t("dropout.scaling.row.sampled", lang, samples=example.samples),
            t("dropout.scaling.row.test", lang),
        ],
        t("dropout.scaling.table.inverted", lang, p=f"{p:g}"): [
            f"{significant(a)} / {significant(keep)} = {significant(example.inverted_kept)}", "0",
            f"{significant(keep)} × {significant(example.inverted_kept)} = {significant(example.inverted_train_mean)}",
            f"{example.inverted_sampled_mean:.4f}", significant(example.inverted_eval),
        ],
        t("dropout.scaling.table.classic", lang, keep=f"{keep:g}"): [
            significant(example.classic_kept), "0",
            f"{significant(keep)} × {significant(example.classic_kept)} = {significant(example.classic_train_mean)}",
            f"{example.classic_sampled_mean:.4f}",
            f"{significant(a)} × {significant(keep)} = {significant(example.classic_test)}",
        ],
    }


def vector_table(vector: VectorExample, lang: str) -> dict[str, list[str]]:
    rows = [
        ("x", vector.x), ("mask", vector.keep_mask.astype(int)),
        ("inverted_train", vector.inverted_train), ("inverted_eval", vector.inverted_eval),
        ("classic_train", vector.classic_train), ("classic_test", vector.classic_test),
    ]
    table = {t("dropout.vector.quantity", lang): [t(f"dropout.vector.row.{name}", lang) for name, _ in rows]}
    for i in range(len(vector.x)):
        table[f"x{i + 1}"] = [significant(float(values[i])) for _, values in rows]
    return table


def batch_mask_figure(batch_mask: np.ndarray, lang: str) -> go.Figure:
    """Keep-masks of one hidden layer over a mini-batch: every example (row) gets its own."""
    rows, cols = batch_mask.shape
    figure = go.Figure(go.Heatmap(
        z=batch_mask.astype(int), x=[str(c + 1) for c in range(cols)],
        y=[t("dropout.batch.example", lang, index=r + 1) for r in range(rows)],
        colorscale=[[0, DROPPED_COLOUR], [1, KEPT_COLOUR]], zmin=0, zmax=1, showscale=False,
        text=batch_mask.astype(int), texttemplate="%{text}", xgap=2, ygap=2,
        hovertemplate="%{y}, " + t("dropout.batch.unit", lang) + " %{x}: %{z}<extra></extra>",
    ))
    figure.update_layout(title=t("dropout.batch.title", lang), height=300,
                         margin={"l": 10, "r": 10, "t": 50, "b": 40},
                         xaxis={"title": t("dropout.batch.unit", lang)}, yaxis={"autorange": "reversed"})
    return figure


def accuracy_curves_figure(histories: dict[float, list[dict]], lang: str,
                           lecture_marks: dict[str, float] | None = None) -> go.Figure:
    """Train (dashed) and test (solid) accuracy per epoch, one colour per dropout p.

    `histories` maps p to the engine's per-epoch dicts (epoch, train_acc, test_acc; accuracies in percent);
    `lecture_marks` maps a label to an accuracy in percent, drawn as dotted reference lines.
    """
    figure = go.Figure()
    for index, (p, history) in enumerate(sorted(histories.items())):
        if not history:
            continue
        colour = P_COLOURS[index % len(P_COLOURS)]
        epochs = [row["epoch"] for row in history]
        for key, dash, label in (("train_acc", "dash", "dropout.curves.train"),
                                 ("test_acc", "solid", "dropout.curves.test")):
            figure.add_trace(go.Scatter(
                x=epochs, y=[row[key] for row in history], mode="lines+markers",
                name=t(label, lang, p=f"{p:g}"), line={"color": colour, "dash": dash},
                hovertemplate="%{y:.2f}%<extra>%{fullData.name}</extra>",
            ))
    marks = sorted((lecture_marks or {}).items(), key=lambda item: item[1])
    for index, (label, accuracy) in enumerate(marks):
        # The lowest line is labelled below it, the others above, so close lines do not overprint.
        # On a white box: the curves run through these accuracies, and the labels were unreadable over them.
        figure.add_hline(y=accuracy, line={"color": palette.MID_GREY, "dash": "dot", "width": 1},
                         annotation_text=f"{label}: {accuracy:.2f}%", annotation_bgcolor=palette.WHITE,
                         annotation_position="bottom left" if index == 0 else "top left")
    figure.update_layout(title=t("dropout.curves.title", lang), height=430, hovermode="x unified",
                         xaxis={"title": t("dropout.curves.epoch", lang), "dtick": 1},
                         yaxis={"title": t("dropout.curves.accuracy", lang), "ticksuffix": "%"},
                         margin={"l": 10, "r": 10, "t": 50, "b": 10}, legend={"orientation": "h", "y": -0.2})
    return figure


def feature_maps_figure(result: ChannelDropout, lang: str) -> go.Figure:
    """Three rows over the same channels: before dropout, nn.Dropout2d (whole maps off), nn.Dropout (pixels off).

    One heatmap holds the whole grid (24 subplots are slow to build and to send). Each column is divided
    by its own largest |value| over the three rows, so the 1/(1-p) boost of the surviving maps shows;
    hovering gives the real value."""
    channels, height, width = result.maps.shape
    gap = 3
    names = [t(f"dropout.kernel.{name}", lang) for name in FEATURE_KERNELS][:channels]
    rows = [("dropout.maps.row.before", result.maps), ("dropout.maps.row.dropout2d", result.dropout2d),
            ("dropout.maps.row.dropout", result.dropout)]
    grid = np.full((len(rows) * (height + gap) - gap, channels * (width + gap) - gap), np.nan)
    raw = np.full_like(grid, np.nan)
    for col in range(channels):
        limit = float(max(np.abs(maps[col]).max() for _, maps in rows)) or 1.0
        for row, (_, maps) in enumerate(rows):
            top, left = row * (height + gap), col * (width + gap)
            grid[top: top + height, left: left + width] = maps[col] / limit
            raw[top: top + height, left: left + width] = maps[col]
    grid, raw = grid.astype(np.float32), raw.astype(np.float32)  # half the payload of float64
    figure = go.Figure(go.Heatmap(z=grid, customdata=raw, zmin=-1, zmax=1, zmid=0, colorscale=palette.SIGNED_SCALE,
                                  showscale=False, hoverongaps=False, hovertemplate="%{customdata:.2f}<extra></extra>"))
    annotations = []  # set in one layout update: add_annotation copies the whole list each call
    for col, name in enumerate(names):
        annotations.append(dict(x=col * (width + gap) + (width - 1) / 2, y=-1, text=name, showarrow=False,
                                yanchor="bottom", font={"size": 11}))
        if not result.channel_kept[col]:
            annotations.append(dict(x=col * (width + gap) + (width - 1) / 2, y=(height + gap) + (height - 1) / 2,
                                    text=t("dropout.maps.off", lang), showarrow=False,
                                    font={"size": 13, "color": palette.WARNING_TEXT}))
    for row, (key, _) in enumerate(rows):
        annotations.append(dict(x=channels * (width + gap) - gap, y=row * (height + gap) + (height - 1) / 2,
                                text=t(key, lang, p=f"{result.p:g}"), showarrow=False, xanchor="left",
                                textangle=90, font={"size": 11}))
    off = [name for name, kept in zip(names, result.channel_kept, strict=False) if not kept]
    summary = t("dropout.summary.maps", lang, rows=", ".join(t(key, lang, p=f"{result.p:g}") for key, _ in rows),
                count=len(names), names=", ".join(names),
                off=", ".join(off) if off else t("a11y.summary.none", lang))
    # Square pixels: the grid's width decides its height. On a narrow page (1024 px) it sits at the top of its box
    # instead of mid-height under a band of white; the box is as high as a wide page (1400 px) fills.
    figure.update_layout(
        annotations=annotations, xaxis={"visible": False, "range": [-1, channels * (width + gap) + 2]},
        yaxis={"visible": False, "autorange": "reversed", "scaleanchor": "x", "constrain": "domain",
               "constraintoward": "top"},
        height=380, margin={"l": 10, "r": 10, "t": 30, "b": 10}, plot_bgcolor=palette.WHITE,
        meta={"summary": summary})  # what the grid shows, for the chart's text summary (its size would say nothing)
    return figure
