"""Plotly figures of the train-and-compare page: curves, per-class accuracy, confusion, class probabilities."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explainer.figures import palette
from explainer.i18n import t
from explainer.inspection.predictions import confusion_percent

COLOURS = palette.CATEGORICAL


def colour(index: int) -> str:
    return COLOURS[index % len(COLOURS)]


def epoch_step(last_epoch: float, most_ticks: int = 10) -> int:
    """Whole epochs between an epoch axis's ticks: 1, 2, 5, 10, 20, 50, … so that at most `most_ticks` intervals
    show. Left to plotly, a one- or two-epoch run was ticked at 0.5 and 1.5: epochs that do not exist."""
    rung, step = 0, 1
    while last_epoch / step > most_ticks:
        rung += 1
        step = (1, 2, 5)[rung % 3] * 10 ** (rung // 3)
    return step


def curves_figure(runs: list[tuple[str, list[dict]]], lang: str, live=(), height: int = 380) -> go.Figure:
    """Loss (left) and accuracy (right) per epoch; solid = test, dashed = train; one colour per run.

    `live`: (fractional epoch, running train loss, running train accuracy) points of a run in progress,
    drawn dotted so that the curve grows between the end-of-epoch points.
    """
    figure = make_subplots(rows=1, cols=2, subplot_titles=(t("train.fig.loss", lang), t("train.fig.accuracy", lang)),
                           horizontal_spacing=0.1)
    for index, (label, history) in enumerate(runs):
        epochs = [row["epoch"] for row in history]
        for column, metric in ((1, "loss"), (2, "acc")):
            for split, dash in (("train", "dash"), ("test", "solid")):
                values = [row.get(f"{split}_{metric}") for row in history]
                figure.add_trace(go.Scatter(
                    x=epochs, y=values, mode="lines+markers", line=dict(color=colour(index), dash=dash),
                    marker=dict(size=5), name=f"{label} · {t(f'train.fig.{split}', lang)}",
                    legendgroup=f"{index}-{split}", showlegend=column == 1,
                    hovertemplate=f"{t(f'train.fig.{split}', lang)} %{{y:.4g}}<extra>{label}</extra>",
                ), row=1, col=column)
    if live:
        xs, losses, accuracies = zip(*live, strict=True)
        for column, values in ((1, losses), (2, accuracies)):
            figure.add_trace(go.Scatter(x=list(xs), y=list(values), mode="lines",
                                        line=dict(color=colour(0), dash="dot"), name=t("train.fig.running", lang),
                                        legendgroup="live", showlegend=column == 1,
                                        hovertemplate="%{y:.4g}<extra></extra>"), row=1, col=column)
    last_epoch = max([row["epoch"] for _, history in runs for row in history] + [point[0] for point in live] + [1])
    figure.update_xaxes(title_text=t("train.fig.epoch", lang), rangemode="tozero", tick0=0,
                        dtick=epoch_step(last_epoch))
    figure.update_yaxes(title_text=t("train.fig.loss", lang), row=1, col=1, rangemode="tozero")
    accuracies = [row.get(key) for _, history in runs for row in history for key in ("train_acc", "test_acc")]
    accuracies += [point[2] for point in live]
    figure.update_yaxes(title_text=t("train.fig.accuracy_pct", lang), row=1, col=2,
                        range=accuracy_range(accuracies))
    # The legend sits at the bottom of the figure, in a margin of its own (a line per run): placed relative to
    # the plots, it landed on the axis titles once several runs shrank the plots.
    band = 30 + 24 * len(runs)
    figure.update_layout(height=height + band, margin=dict(l=10, r=10, t=40, b=band + 40),
                         legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0))
    return figure


def accuracy_range(values) -> list[float]:
    """The accuracy axis: up to 100 %, down to 10 points under the lowest value in steps of 10, so that the
    differences a lecture talks about show and the last digit's noise does not fill the plot."""
    present = [float(v) for v in values if v is not None and np.isfinite(v)]
    if not present:
        return [0.0, 100.0]
    low = min(90.0, max(0.0, np.floor((min(present) - 5.0) / 10.0) * 10.0))
    return [low, 100.5]


def per_class_figure(classes: list[str], runs: list[tuple[str, list[float]]], lang: str) -> go.Figure:
    """Grouped bars: test accuracy of every class for each run (the lecture prints these for CIFAR-10)."""
    figure = go.Figure()
    for index, (label, values) in enumerate(runs):
        figure.add_trace(go.Bar(x=list(classes), y=list(values), name=label, marker_color=colour(index),
                                text=[f"{v:.0f}" for v in values], textposition="outside",
                                hovertemplate="%{x}: %{y:.2f}%<extra>" + label + "</extra>"))
    figure.update_layout(barmode="group", height=360, margin=dict(l=10, r=10, t=40, b=10),
                         title=t("train.fig.per_class", lang), yaxis=dict(title=t("train.fig.accuracy_pct", lang),
                                                                          range=[0, 110]),
                         xaxis=dict(type="category"), legend=dict(orientation="h", yanchor="top", y=-0.25, x=0))
    return figure


def confusion_figure(confusion, classes: list[str], lang: str) -> go.Figure:
    """Heatmap of row percentages (true class -> predicted class) with the counts written in the cells."""
    counts = np.asarray(confusion, dtype=np.int64)
    percent = confusion_percent(counts)
    figure = go.Figure(go.Heatmap(
        z=percent, x=list(classes), y=list(classes), colorscale="Blues", zmin=0, zmax=100,
        text=counts, texttemplate="%{text}", colorbar=dict(title="%"),
        hovertemplate=t("train.fig.confusion_hover", lang) + "<extra></extra>",
    ))
    figure.update_layout(height=460, margin=dict(l=10, r=10, t=40, b=10), title=t("train.fig.confusion", lang),
                         xaxis=dict(title=t("train.fig.predicted", lang), side="bottom", type="category"),
                         yaxis=dict(title=t("train.fig.true", lang), autorange="reversed", type="category"))
    return figure


def probabilities_figure(probabilities, classes: list[str], lang: str, truth: int | None = None) -> go.Figure:
    """Horizontal bars of the softmax output; the predicted class stands out, the true one (if known) is marked."""
    values = 100.0 * np.asarray(probabilities, dtype=np.float64)
    best = int(np.argmax(values))
    colours = [palette.NEGATIVE if i == best else palette.SKY_BLUE for i in range(len(values))]
    labels = [f"{name} ✓" if truth is not None and i == truth else name for i, name in enumerate(classes)]
    figure = go.Figure(go.Bar(x=values, y=labels, orientation="h", marker_color=colours,
                              text=[f"{v:.1f}%" for v in values], textposition="outside",
                              hovertemplate="%{y}: %{x:.2f}%<extra></extra>"))
    figure.update_layout(height=330, margin=dict(l=10, r=30, t=40, b=10), title=t("train.fig.probabilities", lang),
                         xaxis=dict(title=t("train.fig.probability_pct", lang), range=[0, 115]),
                         yaxis=dict(autorange="reversed", type="category"))
    return figure
