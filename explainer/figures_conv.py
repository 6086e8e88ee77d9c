"""Plotly figures of the convolution and pooling pages. Titles come in already translated."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explainer.convolution import format_number

WINDOW_COLOUR = "#e4572e"
PADDING_FILL = "rgba(140, 140, 140, 0.35)"
GRID_SCALE = "Blues"
IMAGE_SCALE = "gray"
SIGNED_SCALE = "RdBu_r"


def _cell_text(values: np.ndarray) -> list[list[str]]:
    return [["" if np.isnan(v) else format_number(v) for v in row] for row in np.asarray(values, dtype=float)]


def _cell_box(rows, cols, colour: str, width: float = 3, dash: str | None = None) -> dict:
    return dict(type="rect", x0=min(cols) - 0.5, x1=max(cols) + 0.5, y0=min(rows) - 0.5, y1=max(rows) + 0.5,
                line=dict(color=colour, width=width, dash=dash), fillcolor="rgba(0,0,0,0)", layer="above")


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
    heatmap = go.Heatmap(
        z=values, text=_cell_text(values), texttemplate="%{text}", textfont=dict(size=15),
        colorscale=colorscale, showscale=False, hovertemplate="(%{y}, %{x}) = %{z}<extra></extra>",
        zmin=zmin if zmin is not None else (finite.min() if finite.size else 0),
        zmax=zmax if zmax is not None else (finite.max() if finite.size else 1),
        zmid=zmid, xgap=2, ygap=2,
    )
    figure = go.Figure(heatmap)
    shapes = []
    if padding > 0:
        for r in range(rows):
            for c in range(cols):
                if r < padding or c < padding or r >= rows - padding or c >= cols - padding:
                    shapes.append(dict(type="rect", x0=c - 0.5, x1=c + 0.5, y0=r - 0.5, y1=r + 0.5,
                                       fillcolor=PADDING_FILL, line=dict(width=0), layer="above"))
        shapes.append(_cell_box(range(padding, rows - padding), range(padding, cols - padding), "#333", 1.5, "dot"))
    if window is not None:
        shapes.append(_cell_box(window[0], window[1], WINDOW_COLOUR, 4))
    size = max(rows, cols)
    figure.update_layout(
        title=dict(text=title, x=0.5, xanchor="center", font=dict(size=15)), shapes=shapes,
        width=None, height=min(520, 90 + cell_px * size), margin=dict(l=10, r=10, t=45, b=10),
        plot_bgcolor="white",
    )
    figure.update_xaxes(showticklabels=False, showgrid=False, zeroline=False, constrain="domain")
    figure.update_yaxes(autorange="reversed", showticklabels=False, showgrid=False, zeroline=False,
                        scaleanchor="x", constrain="domain")
    return figure


def _signed_range(values: np.ndarray) -> float:
    finite = np.abs(values[np.isfinite(values)])
    return float(finite.max()) if finite.size and finite.max() > 0 else 1.0


def image_panels(panels: list[tuple[str, np.ndarray, str]], height: int = 330) -> go.Figure:
    """Side-by-side images: each panel is (title, 2-D array, kind) with kind 'image' (grey, 0..1),
    'signed' (blue-white-red centred on 0, for raw convolution outputs), 'kernel' (signed, numbers written
    in) or 'positive' (grey from 0 to max, for ReLU outputs)."""
    figure = make_subplots(rows=1, cols=len(panels), subplot_titles=[title for title, _, _ in panels],
                           horizontal_spacing=0.03)
    for index, (_, values, kind) in enumerate(panels, start=1):
        values = np.asarray(values, dtype=float)
        text = None
        if kind in ("signed", "kernel"):
            bound = _signed_range(values)
            scale, zmin, zmax = SIGNED_SCALE, -bound, bound
            text = _cell_text(values) if kind == "kernel" else None
        elif kind == "positive":
            scale, zmin, zmax = IMAGE_SCALE, 0.0, max(_signed_range(values), 1e-9)
        else:
            scale, zmin, zmax = IMAGE_SCALE, 0.0, 1.0
        figure.add_trace(go.Heatmap(z=values, colorscale=scale, zmin=zmin, zmax=zmax, showscale=False,
                                    text=text, texttemplate="%{text}" if text else None,
                                    xgap=1 if text else None, ygap=1 if text else None,
                                    hovertemplate="(%{y}, %{x}) = %{z:.3f}<extra></extra>"), row=1, col=index)
        axis = "" if index == 1 else str(index)
        figure.update_yaxes(autorange="reversed", scaleanchor=f"x{axis}", row=1, col=index)
    figure.update_xaxes(showticklabels=False, showgrid=False, zeroline=False, constrain="domain")
    figure.update_yaxes(showticklabels=False, showgrid=False, zeroline=False, constrain="domain")
    figure.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor="white")
    return figure


def rgb_figure(pixels: np.ndarray, title: str, height: int = 260) -> go.Figure:
    """A (3, H, W) image in colour, or a (1, H, W) one in grey."""
    pixels = np.asarray(pixels, dtype=float)
    if pixels.shape[0] == 1:
        trace = go.Heatmap(z=pixels[0], colorscale=IMAGE_SCALE, zmin=0, zmax=1, showscale=False)
    else:
        trace = go.Image(z=np.clip(pixels.transpose(1, 2, 0) * 255, 0, 255).astype(np.uint8))
    figure = go.Figure(trace)
    figure.update_xaxes(showticklabels=False, showgrid=False, zeroline=False, constrain="domain")
    figure.update_yaxes(showticklabels=False, showgrid=False, zeroline=False, scaleanchor="x",
                        constrain="domain", autorange="reversed")
    figure.update_layout(title=dict(text=title, x=0.5, xanchor="center"), height=height,
                         margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor="white")
    return figure


def channel_figure(image: np.ndarray, kernel: np.ndarray, per_channel: np.ndarray, row_titles: list[str],
                   column_titles: list[str], height_per_row: int = 210) -> go.Figure:
    """One row per input channel: the channel, its kernel slice (numbers written in), its convolved map."""
    channels = image.shape[0]
    figure = make_subplots(rows=channels, cols=3, column_titles=column_titles, row_titles=row_titles,
                           horizontal_spacing=0.04, vertical_spacing=0.05)
    bound = _signed_range(per_channel)
    kernel_bound = _signed_range(kernel)
    for c in range(channels):
        figure.add_trace(go.Heatmap(z=image[c], colorscale=IMAGE_SCALE, zmin=0, zmax=1, showscale=False,
                                    hovertemplate="%{z:.2f}<extra></extra>"), row=c + 1, col=1)
        figure.add_trace(go.Heatmap(z=kernel[c], colorscale=SIGNED_SCALE, zmin=-kernel_bound, zmax=kernel_bound,
                                    text=_cell_text(kernel[c]), texttemplate="%{text}", showscale=False,
                                    xgap=1, ygap=1, hovertemplate="%{z}<extra></extra>"), row=c + 1, col=2)
        figure.add_trace(go.Heatmap(z=per_channel[c], colorscale=SIGNED_SCALE, zmin=-bound, zmax=bound,
                                    showscale=False, hovertemplate="%{z:.2f}<extra></extra>"), row=c + 1, col=3)
    for index in range(1, channels * 3 + 1):
        axis = "" if index == 1 else str(index)
        figure.update_yaxes(autorange="reversed", scaleanchor=f"x{axis}", selector=dict(anchor=f"x{axis}"))
    figure.update_xaxes(showticklabels=False, showgrid=False, zeroline=False, constrain="domain")
    figure.update_yaxes(showticklabels=False, showgrid=False, zeroline=False, constrain="domain")
    figure.update_layout(height=60 + height_per_row * channels, margin=dict(l=10, r=30, t=40, b=10),
                         plot_bgcolor="white")
    return figure
