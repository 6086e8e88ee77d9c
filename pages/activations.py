"""Activation functions with their derivatives, and vanishing gradients through a deep stack."""

import pandas as pd
import streamlit as st

from explainer import ui
from explainer.figures.fundamentals import activation_figure, activation_name, gradient_figure
from explainer.snippets.fundamentals import activations_code, number, vanishing_code
from explainer.topics import activations as act

lang = ui.language()
ui.page_header("activations")


NAMES = {name: activation_name(name, lang) for name in act.ACTIVATIONS}
name_of = NAMES.get
init_labels = {init: ui.t(f"activations.init.{init}") for init in act.INITIALISATIONS}


# --- the functions and their slopes ----------------------------------------------------------------
st.subheader(ui.t("activations.curves_header"))
controls, plot = st.columns([1, 2])
with controls:
    x = ui.persistent_widget(st.slider, "activations.x", 1.0, label=ui.t("activations.x_slider"),
                             min_value=-6.0, max_value=6.0, step=0.1, help=ui.t("activations.x_help"))
    shown = ui.persistent_widget(st.multiselect, "activations.shown", list(act.ACTIVATIONS),
                                 label=ui.t("activations.shown"), options=list(act.ACTIVATIONS), format_func=name_of,
                                 wrap=True)
    slope = ui.persistent_widget(st.slider, "activations.slope", act.DEFAULT_NEGATIVE_SLOPE,
                                 label=ui.t("activations.slope"), min_value=0.0, max_value=0.5, step=0.01)
with plot:
    st.plotly_chart(activation_figure(shown, x, lang, slope), key="activations_curves")

values = pd.DataFrame({
    ui.t("activations.col_function"): [name_of(n) for n in act.ACTIVATIONS],
    ui.t("activations.col_formula"): [ui.t(f"activations.formula.{n}") for n in act.ACTIVATIONS],
    ui.t("activations.col_fx"): [f"{float(act.activation(n, x, slope)):.4f}" for n in act.ACTIVATIONS],
    ui.t("activations.col_dfx"): [f"{float(act.derivative(n, x, slope)):.4f}" for n in act.ACTIVATIONS],
    ui.t("activations.col_dformula"): [ui.t(f"activations.dformula.{n}") for n in act.ACTIVATIONS],
    ui.t("activations.col_range"): [ui.t(f"activations.range.{n}") for n in act.ACTIVATIONS],
    ui.t("activations.col_max_slope"): [number(act.max_derivative(n, slope)) for n in act.ACTIVATIONS],
})
st.dataframe(values, hide_index=True, key="activations_values")
st.caption(ui.t("activations.at_x_caption", x=number(x)))
sigmoid_slope = float(act.derivative("sigmoid", x))
st.info(ui.t("activations.saturation_now", x=number(x), slope=f"{sigmoid_slope:.4f}",
             percent=f"{100 * sigmoid_slope / act.max_derivative('sigmoid'):.1f}"))

st.markdown(f"**{ui.t('activations.points_header')}**")
st.markdown("\n".join(f"- {ui.t(f'activations.point_{point}')}"
                      for point in ("sigmoid", "tanh", "relu", "step", "cnn")))
st.caption(ui.t("activations.step_versions"))
ui.code_expander(activations_code(x, slope, lang=lang))

# --- vanishing gradients ---------------------------------------------------------------------------
st.divider()
st.subheader(ui.t("activations.vanish_header"))
st.markdown(ui.t("activations.vanish_intro"))
controls, plot = st.columns([1, 2])
with controls:
    depth = ui.persistent_widget(st.slider, "activations.depth", 10, label=ui.t("activations.depth"),
                                 min_value=1, max_value=20, step=1)
    chosen = ui.persistent_widget(st.selectbox, "activations.vanish_activation", "sigmoid",
                                  label=ui.t("activations.vanish_activation"),
                                  options=list(act.TRAINABLE_ACTIVATIONS), format_func=name_of)
    init = ui.persistent_widget(st.selectbox, "activations.init", "he", label=ui.t("activations.init"),
                                options=list(act.INITIALISATIONS), format_func=init_labels.get)

seed = ui.global_seed()
compared = ["sigmoid", "tanh", "relu"] + ([chosen] if chosen not in ("sigmoid", "tanh", "relu") else [])
reports = {name: act.gradient_report(name, depth, init, seed=seed, negative_slope=slope) for name in compared}
report = reports[chosen]

with controls:
    st.metric(ui.t("activations.metric_first"), f"{report.weight_grad_norms[0]:.3e}")
    st.metric(ui.t("activations.metric_last", n=depth), f"{report.weight_grad_norms[-1]:.3e}")
    st.metric(ui.t("activations.metric_ratio", n=depth), f"{report.first_to_last_ratio:.3e}")
with plot:
    st.plotly_chart(gradient_figure(reports, chosen, lang), key="activations_vanishing")

st.markdown(ui.t("activations.vanish_summary", name=name_of(chosen), n=depth, ratio=f"{report.first_to_last_ratio:.2e}",
                 low=f"{report.mean_abs_derivative.min():.3f}", high=f"{report.mean_abs_derivative.max():.3f}"))
if chosen == "sigmoid":
    bound = act.slope_bound(report)
    st.markdown(ui.t("activations.vanish_bound", n=depth, factors=bound.factors, bound=f"{bound.bound:.2e}",
                     product=f"{bound.mean_slope_product:.2e}", ratio=f"{bound.measured_ratio:.2e}",
                     rest=f"{bound.rest:.3g}",
                     direction=ui.t(f"activations.vanish_bound.{'enlarges' if bound.rest >= 1 else 'shrinks'}")))
st.info(ui.t("activations.vanish_try"))
st.caption(ui.t("activations.step_note"))

with st.expander(ui.t("activations.norms_table")):
    table = {ui.t("activations.col_layer"): list(range(1, depth + 1))}
    table.update({name_of(name): [f"{v:.3e}" for v in r.weight_grad_norms] for name, r in reports.items()})
    st.dataframe(pd.DataFrame(table), hide_index=True)
ui.code_expander(vanishing_code(chosen, depth, init, seed, slope, lang=lang))
