"""What the activation-function page shows, as data: the value table at x, and the vanishing-gradient panel.

The maths is explainer.topics.activations; the page (pages/activations.py) only lays these out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from explainer.figures.fundamentals import activation_name, gradient_figure
from explainer.i18n import t
from explainer.i18n.numbers import number
from explainer.snippets.fundamentals import vanishing_code
from explainer.topics import activations as act

ACTIVATIONS = act.ACTIVATIONS
TRAINABLE_ACTIVATIONS = act.TRAINABLE_ACTIVATIONS
INITIALISATIONS = act.INITIALISATIONS
DEFAULT_NEGATIVE_SLOPE = act.DEFAULT_NEGATIVE_SLOPE
ALWAYS_COMPARED = ("sigmoid", "tanh", "relu")  # the vanishing plot's reference curves
POINTS = ("sigmoid", "tanh", "relu", "step", "cnn")  # the lecture's points, in its order


def names(lang: str) -> dict[str, str]:
    return {name: activation_name(name, lang) for name in ACTIVATIONS}


def init_names(lang: str) -> dict[str, str]:
    return {init: t(f"activations.init.{init}", lang) for init in INITIALISATIONS}


@dataclass(frozen=True)
class AtX:
    table: pd.DataFrame  # every function: formula, f(x), f'(x), derivative formula, range, largest slope
    caption: str
    saturation: str  # how much of its largest slope the sigmoid keeps at x
    points: str  # the lecture's points, a markdown list


def at_x(x: float, slope: float, lang: str) -> AtX:
    label = names(lang)
    table = pd.DataFrame({
        t("activations.col_function", lang): [label[n] for n in ACTIVATIONS],
        t("activations.col_formula", lang): [t(f"activations.formula.{n}", lang) for n in ACTIVATIONS],
        t("activations.col_fx", lang): [f"{float(act.activation(n, x, slope)):.4f}" for n in ACTIVATIONS],
        t("activations.col_dfx", lang): [f"{float(act.derivative(n, x, slope)):.4f}" for n in ACTIVATIONS],
        t("activations.col_dformula", lang): [t(f"activations.dformula.{n}", lang) for n in ACTIVATIONS],
        t("activations.col_range", lang): [t(f"activations.range.{n}", lang) for n in ACTIVATIONS],
        t("activations.col_max_slope", lang): [number(act.max_derivative(n, slope)) for n in ACTIVATIONS],
    })
    sigmoid_slope = float(act.derivative("sigmoid", x))
    saturation = t("activations.saturation_now", lang, x=number(x), slope=f"{sigmoid_slope:.4f}",
                   percent=f"{100 * sigmoid_slope / act.max_derivative('sigmoid'):.1f}")
    points = "\n".join(f"- {t(f'activations.point_{point}', lang)}" for point in POINTS)
    return AtX(table, t("activations.at_x_caption", lang, x=number(x)), saturation, points)


@dataclass(frozen=True)
class Vanishing:
    metrics: list[tuple[str, str]]  # (label, value): first layer's gradient, last layer's, their ratio
    figure: object
    summary: str
    bound: str | None  # the sigmoid's 0.25-per-layer bound, for the sigmoid only
    norms: pd.DataFrame  # every compared function's gradient norm per layer
    code: str


def vanishing(chosen: str, depth: int, init: str, seed: int, slope: float, lang: str) -> Vanishing:
    """Gradient norms through `depth` layers of `chosen`, beside the sigmoid, tanh and ReLU on the same net."""
    compared = list(ALWAYS_COMPARED) + ([chosen] if chosen not in ALWAYS_COMPARED else [])
    reports = {name: act.gradient_report(name, depth, init, seed=seed, negative_slope=slope) for name in compared}
    report = reports[chosen]
    label = names(lang)
    metrics = [(t("activations.metric_first", lang), f"{report.weight_grad_norms[0]:.3e}"),
               (t("activations.metric_last", lang, n=depth), f"{report.weight_grad_norms[-1]:.3e}"),
               (t("activations.metric_ratio", lang, n=depth), f"{report.first_to_last_ratio:.3e}")]
    summary = t("activations.vanish_summary", lang, name=label[chosen], n=depth,
                ratio=f"{report.first_to_last_ratio:.2e}", low=f"{report.mean_abs_derivative.min():.3f}",
                high=f"{report.mean_abs_derivative.max():.3f}")
    norms = pd.DataFrame({t("activations.col_layer", lang): list(range(1, depth + 1)),
                          **{label[name]: [f"{v:.3e}" for v in r.weight_grad_norms] for name, r in reports.items()}})
    return Vanishing(metrics, gradient_figure(reports, chosen, lang), summary,
                     _bound_text(report, depth, lang) if chosen == "sigmoid" else None, norms,
                     vanishing_code(chosen, depth, init, seed, slope, lang=lang))


def _bound_text(report: act.GradientReport, depth: int, lang: str) -> str:
    bound = act.slope_bound(report)
    direction = t(f"activations.vanish_bound.{'enlarges' if bound.rest >= 1 else 'shrinks'}", lang)
    return t("activations.vanish_bound", lang, n=depth, factors=bound.factors, bound=f"{bound.bound:.2e}",
             product=f"{bound.mean_slope_product:.2e}", ratio=f"{bound.measured_ratio:.2e}",
             rest=f"{bound.rest:.3g}", direction=direction)
