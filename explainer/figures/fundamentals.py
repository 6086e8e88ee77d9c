"""Plotly figures of the fundamentals pages (activations, perceptron, softmax); texts come in via `lang`."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explainer.figures import palette
from explainer.i18n import t
from explainer.topics import activations as act
from explainer.topics import perceptron as perc

COLOURS = {"sigmoid": palette.BLUE, "tanh": palette.ORANGE, "relu": palette.BLUISH_GREEN,
           "leaky_relu": palette.REDDISH_PURPLE, "step": palette.VERMILLION}
TRUE_COLOUR, FALSE_COLOUR = palette.POSITIVE, palette.NEGATIVE
TRUE_FILL, FALSE_FILL = palette.rgba(palette.POSITIVE, 0.18), palette.rgba(palette.NEGATIVE, 0.14)
SQUARE = (-0.5, 1.5)
UNDERLAY_WIDTHS = (7.0, 5.0)  # Leaky ReLU's f and f′, drawn under ReLU's (2.5, 1.8)


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str, height: int = 420, top: int = 50) -> go.Figure:
    fig.update_layout(title=title, xaxis_title=x_title, yaxis_title=y_title, height=height,
                      margin={"l": 10, "r": 10, "t": top, "b": 10}, legend={"orientation": "h", "y": -0.18})
    return fig


def activation_name(name: str, lang: str) -> str:
    return t(f"activations.name.{name}", lang)


def activation_figure(names, x: float, lang: str, negative_slope: float = act.DEFAULT_NEGATIVE_SLOPE,
                      x_range: tuple[float, float] = (-6.0, 6.0)) -> go.Figure:
    """Each f (solid) and f' (dashed, same colour) on one plot, with the values at `x` marked.

    ReLU and Leaky ReLU coincide for x > 0 (and so do their slopes): Leaky ReLU is drawn first as a broad pale band
    and ReLU on top of it as a thin line, so both stay visible where they overlap.
    """
    xs = np.linspace(*x_range, 601)
    fig = go.Figure()
    for name in sorted(names, key=lambda n: n != "leaky_relu"):
        label = activation_name(name, lang)
        colour = COLOURS[name]
        underlay = name == "leaky_relu"
        widths, opacity = (UNDERLAY_WIDTHS, 0.55) if underlay else ((2.5, 1.8), 1.0)
        fig.add_scatter(x=xs, y=act.activation(name, xs, negative_slope), name=label, mode="lines",
                        line={"color": colour, "width": widths[0]}, opacity=opacity, legendgroup=name)
        fig.add_scatter(x=xs, y=act.derivative(name, xs, negative_slope), name=f"{label} ′", mode="lines",
                        line={"color": colour, "width": widths[1], "dash": "dash"}, opacity=opacity,
                        legendgroup=name)
        fig.add_scatter(x=[x, x], y=[float(act.activation(name, x, negative_slope)),
                                     float(act.derivative(name, x, negative_slope))],
                        mode="markers", marker={"color": colour, "size": 10, "symbol": ["circle", "diamond"]},
                        showlegend=False, legendgroup=name, hoverinfo="x+y")
    fig.add_vline(x=x, line={"color": palette.MID_GREY, "width": 1, "dash": "dot"})
    fig.update_yaxes(range=[-1.6, 2.2], zeroline=True)
    fig.update_xaxes(range=list(x_range), zeroline=True)
    return _layout(fig, t("activations.plot_title", lang), "x", t("activations.plot_y", lang), height=460)


def gradient_figure(reports: dict[str, act.GradientReport], chosen: str, lang: str) -> go.Figure:
    """||dL/dW|| per layer on a log axis, one line per activation, the chosen one drawn bold."""
    fig = go.Figure()
    for name, report in reports.items():
        layers = np.arange(1, report.depth + 1)
        bold = name == chosen
        fig.add_scatter(x=layers, y=report.weight_grad_norms, name=activation_name(name, lang),
                        mode="lines+markers", line={"color": COLOURS[name], "width": 5 if bold else 1.8},
                        marker={"size": 9 if bold else 5}, opacity=1.0 if bold else 0.7)
    fig.update_yaxes(type="log", exponentformat="power")
    fig.update_xaxes(dtick=1 if max(r.depth for r in reports.values()) <= 20 else None)
    return _layout(fig, t("activations.vanish_plot_title", lang), t("activations.vanish_x", lang),
                   t("activations.vanish_y", lang), height=440)


def _points_and_square(fig: go.Figure, gate: str, lang: str, outputs=None) -> None:
    truth = perc.GATE_TRUTH[gate]
    for value, colour, symbol in ((1, TRUE_COLOUR, "circle"), (0, FALSE_COLOUR, "x")):
        idx = [i for i, v in enumerate(truth) if v == value]
        wrong = [outputs is not None and (outputs[i] == 1) != (value == 1) for i in idx]
        fig.add_scatter(
            x=perc.TRUTH_INPUTS[idx, 0], y=perc.TRUTH_INPUTS[idx, 1], mode="markers+text",
            name=t("perceptron.legend_true" if value else "perceptron.legend_false", lang),
            text=[f"({int(x1)},{int(x2)})" for x1, x2 in perc.TRUTH_INPUTS[idx]], textposition="top right",
            marker={"color": colour, "size": 18, "symbol": symbol,
                    "line": {"color": [palette.BLACK if w else colour for w in wrong], "width": [4 if w else 1
                                                                                      for w in wrong]}},
        )
    fig.update_xaxes(range=list(SQUARE), title="x1", zeroline=False, constrain="domain")
    fig.update_yaxes(range=list(SQUARE), title="x2", zeroline=False, scaleanchor="x", scaleratio=1)


def _half_planes(fig: go.Figure, w1: float, w2: float, b: float) -> None:
    grid = np.linspace(*SQUARE, 161)
    gx, gy = np.meshgrid(grid, grid)
    sides = perc.bipolar_step(b + w1 * gx + w2 * gy)
    fig.add_heatmap(x=grid, y=grid, z=sides, zmin=-1, zmax=1, showscale=False, hoverinfo="skip",
                    colorscale=[[0, FALSE_FILL], [1, TRUE_FILL]])


def _line(fig: go.Figure, weights, name: str, colour: str) -> None:
    ends = perc.decision_line(*weights, *SQUARE)
    if ends is not None:
        fig.add_scatter(x=ends[:, 0], y=ends[:, 1], mode="lines", name=name, line={"color": colour, "width": 3})


def perceptron_figure(w1: float, w2: float, b: float, gate: str, lang: str) -> go.Figure:
    """The decision line, the two half-planes τ = 1 / τ = -1, and the truth table's points (wrong ones ringed)."""
    fig = go.Figure()
    _half_planes(fig, w1, w2, b)
    _line(fig, (w1, w2, b), t("perceptron.legend_line", lang), palette.BLACK)
    outputs = [row.output for row in perc.truth_table(w1, w2, b, gate)]
    _points_and_square(fig, gate, lang, outputs)
    return _layout(fig, t("perceptron.plot_title", lang, gate=gate), "x1", "x2", height=480)


def xor_two_layer_figure(lang: str) -> go.Figure:
    """OR and NAND lines: XOR is true exactly in the band above OR's line and below NAND's."""
    fig = go.Figure()
    grid = np.linspace(*SQUARE, 161)
    gx, gy = np.meshgrid(grid, grid)
    band = perc.unit_step(perc.weighted_sums(*perc.PRESETS["OR"], np.stack([gx.ravel(), gy.ravel()], 1))) * \
        perc.unit_step(perc.weighted_sums(*perc.PRESETS["NAND"], np.stack([gx.ravel(), gy.ravel()], 1)))
    fig.add_heatmap(x=grid, y=grid, z=band.reshape(gx.shape), zmin=0, zmax=1, showscale=False, hoverinfo="skip",
                    colorscale=[[0, FALSE_FILL], [1, TRUE_FILL]])
    _line(fig, perc.PRESETS["OR"], t("perceptron.legend_or_line", lang), palette.BLUISH_GREEN)
    _line(fig, perc.PRESETS["NAND"], t("perceptron.legend_nand_line", lang), palette.ORANGE)
    _points_and_square(fig, "XOR", lang)
    return _layout(fig, t("perceptron.xor2_plot_title", lang), "x1", "x2", height=480)


SOFTMAX_TOP = 70  # both softmax charts: room for the probabilities' subtitle, and level with each other


def probability_figure(probabilities, target: int, lang: str) -> go.Figure:
    labels = [t("softmax.class_label", lang, index=i) for i in range(len(probabilities))]
    colours = [TRUE_COLOUR if i == target else palette.LIGHT_GREY for i in range(len(probabilities))]
    fig = go.Figure(go.Bar(x=labels, y=probabilities, marker_color=colours,
                           text=[f"{p:.4f}" for p in probabilities], textposition="outside"))
    fig.update_yaxes(range=[0, 1.15])
    fig = _layout(fig, t("softmax.prob_plot_title", lang), "", t("softmax.prob_axis", lang), height=360,
                  top=SOFTMAX_TOP)
    # The key to the colours as a subtitle: in one title line it was cut off in a half-width column at 1024 px.
    return fig.update_layout(title_subtitle_text=t("softmax.prob_plot_note", lang))


def gradient_bars_figure(gradient, target: int, lang: str) -> go.Figure:
    labels = [t("softmax.class_label", lang, index=i) for i in range(len(gradient))]
    colours = [FALSE_COLOUR if g > 0 else TRUE_COLOUR for g in gradient]
    fig = go.Figure(go.Bar(x=labels, y=gradient, marker_color=colours,
                           text=[f"{g:+.4f}" for g in gradient], textposition="outside"))
    fig.update_yaxes(range=[-1.15, 1.15], zeroline=True)
    return _layout(fig, t("softmax.grad_plot_title", lang), "", t("softmax.grad_axis", lang), height=360,
                   top=SOFTMAX_TOP)
