"""Plotly figures of the convolution and pooling pages. Titles come in already translated."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explainer.data.images import uint8_pixels
from explainer.figures import palette
from explainer.topics.convolution import format_number, uncovered_cells, window_starts

WINDOW_COLOUR = palette.VERMILLION
PADDING_FILL = palette.rgba(palette.MID_GREY, 0.35)
GRID_SCALE = "Blues"
IMAGE_SCALE = "gray"
SIGNED_SCALE = palette.SIGNED_SCALE


def _cell_text(values: np.ndarray) -> list[list[str]]:
    return [["" if np.isnan(v) else format_number(v) for v in row] for row in np.asarray(values, dtype=float)]


def _cell_box(rows, cols, colour: str, width: float = 3, dash: str | None = None) -> dict:
    return dict(type="rect", x0=min(cols) - 0.5, x1=max(cols) + 0.5, y0=min(rows) - 0.5, y1=max(rows) + 0.5,
                line=dict(color=colour, width=width, dash=dash), fillcolor=palette.TRANSPARENT, layer="above")


def grid_figure(values: np.ndarray, title: str, *, window: tuple[tuple[int, ...], tuple[int, ...]] | None = None,
                padding: int = 0, zmin: float | None = None, zmax: float | None = None,
                colorscale: str = GRID_SCALE, cell_px: int = 46, zmid: float | None = None) -> go.Figure:
    """A small numeric grid with every value written in its cell.

    `padding` greys the outer ring of that many cells (they hold the zeros added by padding);
    `window` (rows, cols) outlines the cells the kernel covers now. NaN cells stay blank.
    """
    values = np.asarray(values, dtype=float)
    rows, cols = values.shape
    finite = values[np.isfinite(values)]
    if zmid is not None:  # signed grids (kernels): white at zero, symmetric colours
        bound = _signed_range(values)
        zmin, zmax, zmid = zmid - bound, zmid + bound, None
    heatmap = dict(
        type="heatmap", z=values, text=_cell_text(values), texttemplate="%{text}", textfont=dict(size=15),
        colorscale=colorscale, showscale=False, hovertemplate="(%{y}, %{x}) = %{z}<extra></extra>",
        zmin=zmin if zmin is not None else (finite.min() if finite.size else 0),
        zmax=zmax if zmax is not None else (finite.max() if finite.size else 1),
        zmid=zmid, xgap=2, ygap=2,
    )
    shapes = []
    if padding > 0:
        for r in range(rows):
            for c in range(cols):
                if r < padding or c < padding or r >= rows - padding or c >= cols - padding:
                    shapes.append(dict(type="rect", x0=c - 0.5, x1=c + 0.5, y0=r - 0.5, y1=r + 0.5,
                                       fillcolor=PADDING_FILL, line=dict(width=0), layer="above"))
        shapes.append(_cell_box(range(padding, rows - padding), range(padding, cols - padding), palette.DARK_GREY,
                                1.5, "dot"))
    if window is not None:
        shapes.append(_cell_box(window[0], window[1], WINDOW_COLOUR, 4))
    size = max(rows, cols)
    # One dict, validated once: the page redraws these grids at every step of the animation.
    layout = dict(
        title=dict(text=title, x=0.5, xanchor="center", font=dict(size=15)), shapes=shapes,
        height=min(520, 90 + cell_px * size), margin=dict(l=10, r=10, t=45, b=10), plot_bgcolor=palette.WHITE,
        xaxis=dict(showticklabels=False, showgrid=False, zeroline=False, constrain="domain"),
        yaxis=dict(autorange="reversed", showticklabels=False, showgrid=False, zeroline=False, scaleanchor="x",
                   constrain="domain"),
    )
    return go.Figure(dict(data=[heatmap], layout=layout))


def _signed_range(values: np.ndarray) -> float:
    finite = np.abs(values[np.isfinite(values)])
    return float(finite.max()) if finite.size and finite.max() > 0 else 1.0


def _panel_layout(rows: int, cols: int, column_titles: list[str] | None = None, row_titles: list[str] | None = None,
                  h_spacing: float = 0.03, v_spacing: float = 0.05) -> tuple[dict, list[tuple[str, str]]]:
    """Layout dict for a rows x cols grid of square image panels, and each panel's (xaxis, yaxis) names.

    Written out by hand instead of make_subplots + update_*axes: the same figure builds about ten times
    faster, which matters on a page that reruns at every slider move.
    """
    width = (1 - (cols - 1) * h_spacing) / cols
    height = (1 - (rows - 1) * v_spacing) / rows
    layout: dict = {"annotations": []}
    names = []
    hidden = dict(showticklabels=False, showgrid=False, zeroline=False, constrain="domain")
    for r in range(rows):
        for c in range(cols):
            index = r * cols + c + 1
            suffix = "" if index == 1 else str(index)
            x0 = c * (width + h_spacing)
            y1 = 1 - r * (height + v_spacing)
            layout[f"xaxis{suffix}"] = dict(domain=[x0, x0 + width], anchor=f"y{suffix}", **hidden)
            layout[f"yaxis{suffix}"] = dict(domain=[y1 - height, y1], anchor=f"x{suffix}", autorange="reversed",
                                            scaleanchor=f"x{suffix}", **hidden)
            names.append((f"x{suffix}", f"y{suffix}"))
    for c, title in enumerate(column_titles or []):
        layout["annotations"].append(dict(text=title, x=c * (width + h_spacing) + width / 2, y=1, xref="paper",
                                          yref="paper", xanchor="center", yanchor="bottom", showarrow=False,
                                          font=dict(size=14)))
    for r, title in enumerate(row_titles or []):
        layout["annotations"].append(dict(text=title, x=1, y=1 - r * (height + v_spacing) - height / 2,
                                          xref="paper", yref="paper", xanchor="left", yanchor="middle",
                                          showarrow=False, font=dict(size=14)))
    return layout, names


def _heatmap(values: np.ndarray, kind: str, axes: tuple[str, str], bound: float | None = None) -> dict:
    """One panel as a heatmap dict: 'image' (grey, 0..1), 'signed' (blue-white-red around 0, for raw
    convolution outputs), 'kernel' (signed, numbers written in), 'positive' (grey from 0 to max, after ReLU)."""
    values = np.asarray(values, dtype=float)
    trace = dict(type="heatmap", z=values, showscale=False, xaxis=axes[0], yaxis=axes[1],
                 hovertemplate="(%{y}, %{x}) = %{z:.3f}<extra></extra>")
    if kind in ("signed", "kernel"):
        bound = bound if bound is not None else _signed_range(values)
        trace.update(colorscale=SIGNED_SCALE, zmin=-bound, zmax=bound)
        if kind == "kernel":
            trace.update(text=_cell_text(values), texttemplate="%{text}", xgap=1, ygap=1)
    elif kind == "positive":
        trace.update(colorscale=IMAGE_SCALE, zmin=0.0, zmax=max(_signed_range(values), 1e-9))
    else:
        trace.update(colorscale=IMAGE_SCALE, zmin=0.0, zmax=1.0)
    return trace


def image_panels(panels: list[tuple[str, np.ndarray, str]], height: int = 330) -> go.Figure:
    """Side-by-side images: each panel is (title, 2-D array, kind), kinds as in `_heatmap`."""
    layout, axes = _panel_layout(1, len(panels), [title for title, _, _ in panels])
    traces = [_heatmap(values, kind, axes[i]) for i, (_, values, kind) in enumerate(panels)]
    layout.update(height=height, margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor=palette.WHITE)
    return go.Figure(dict(data=traces, layout=layout))


def rgb_figure(pixels: np.ndarray, title: str, height: int = 260) -> go.Figure:
    """A (3, H, W) image in colour, or a (1, H, W) one in grey."""
    pixels = np.asarray(pixels, dtype=float)
    layout, axes = _panel_layout(1, 1, [title])
    if pixels.shape[0] == 1:
        trace = _heatmap(pixels[0], "image", axes[0])
    else:
        trace = dict(type="image", z=uint8_pixels(pixels.transpose(1, 2, 0)),
                     xaxis=axes[0][0], yaxis=axes[0][1])
    layout.update(height=height, margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor=palette.WHITE)
    return go.Figure(dict(data=[trace], layout=layout))


def channel_figure(image: np.ndarray, kernel: np.ndarray, per_channel: np.ndarray, row_titles: list[str],
                   column_titles: list[str], height_per_row: int = 210) -> go.Figure:
    """One row per input channel: the channel, its kernel slice (numbers written in), its convolved map."""
    channels = image.shape[0]
    layout, axes = _panel_layout(channels, 3, column_titles, row_titles, h_spacing=0.04)
    bound, kernel_bound = _signed_range(per_channel), _signed_range(kernel)
    traces = []
    for c in range(channels):
        traces.append(_heatmap(image[c], "image", axes[3 * c]))
        traces.append(_heatmap(kernel[c], "kernel", axes[3 * c + 1], kernel_bound))
        traces.append(_heatmap(per_channel[c], "signed", axes[3 * c + 2], bound))
    layout.update(height=60 + height_per_row * channels, margin=dict(l=10, r=40, t=40, b=10),
                  plot_bgcolor=palette.WHITE)
    return go.Figure(dict(data=traces, layout=layout))


def window_strip(axis, title: str, cell_label: str, window_label: str, dropped_label: str,
                 summary: str | None = None, max_cells: int = 64) -> go.Figure | None:
    """One axis of the padded input as a strip of cells and, below it, every filter placement.

    Padding cells are grey, cells no window reaches are red: the picture behind "does not fit".
    None when the axis is invalid or too long to draw legibly.
    """

    starts = window_starts(axis)
    if not starts or axis.padded > max_cells:
        return None
    dropped = set(uncovered_cells(axis))
    colours = []
    for cell in range(axis.padded):
        if cell in dropped:
            colours.append(palette.rgba(palette.VERMILLION, 0.4))
        elif cell < axis.padding or cell >= axis.padded - axis.padding:
            colours.append(palette.LIGHT_GREY)
        else:
            colours.append(palette.rgba(palette.SKY_BLUE, 0.3))
    cells = dict(type="bar", x=[1] * axis.padded, y=[cell_label] * axis.padded, base=list(range(axis.padded)),
                 orientation="h", marker=dict(color=colours, line=dict(color=palette.WHITE, width=2),
                             # not by colour alone: the cells no window reaches are hatched
                             pattern=dict(shape=["x" if cell in dropped else "" for cell in range(axis.padded)])),
                 text=[str(c) for c in range(axis.padded)], textposition="inside", insidetextanchor="middle",
                 hovertemplate=f"{cell_label} %{{text}}<extra></extra>", showlegend=False)
    rows = [f"{window_label} {i + 1}" for i in range(len(starts))]
    windows = dict(type="bar", x=[axis.span] * len(starts), y=rows, base=starts, orientation="h",
                   marker=dict(color=WINDOW_COLOUR, opacity=0.75, line=dict(color=palette.WHITE, width=1)),
                   text=[f"{s}…{s + axis.span - 1}" for s in starts], textposition="inside",
                   hovertemplate="%{text}<extra></extra>", showlegend=False)
    layout = dict(title=dict(text=title, x=0, font=dict(size=14)), barmode="overlay", bargap=0.25,
                  height=90 + 34 * (len(starts) + 1), margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor=palette.WHITE,
                  yaxis=dict(categoryorder="array", categoryarray=[cell_label, *rows], autorange="reversed"),
                  xaxis=dict(range=[-0.2, axis.padded + 0.2], showgrid=False, zeroline=False, showticklabels=False))
    if summary:  # the chart's text summary: its bars' lengths would say nothing
        layout["meta"] = {"summary": summary}
    if dropped:
        layout["annotations"] = [dict(x=min(dropped) + len(dropped) / 2, y=cell_label, text=dropped_label,
                                      showarrow=True, arrowhead=2, ay=-28, font=dict(color=palette.WARNING_TEXT))]
    return go.Figure(dict(data=[cells, windows], layout=layout))
