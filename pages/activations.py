"""Activation functions with their derivatives, and vanishing gradients through a deep stack."""

import streamlit as st

from explainer import ui
from explainer.figures.fundamentals import activation_figure
from explainer.snippets.fundamentals import activations_code
from explainer.views import activations as view

lang = ui.language()
ui.page_header("activations")
name_of = view.names(lang).get


# --- the functions and their slopes ----------------------------------------------------------------
st.subheader(ui.t("activations.curves_header"))
controls, plot = st.columns([1, 2])
with controls:
    x = ui.persistent_widget(st.slider, "activations.x", 1.0, label=ui.t("activations.x_slider"),
                             min_value=-6.0, max_value=6.0, step=0.1, help=ui.t("activations.x_help"))
    shown = ui.persistent_widget(st.multiselect, "activations.shown", list(view.ACTIVATIONS),
                                 label=ui.t("activations.shown"), options=list(view.ACTIVATIONS), format_func=name_of,
                                 wrap=True)
    slope = ui.persistent_widget(st.slider, "activations.slope", view.DEFAULT_NEGATIVE_SLOPE,
                                 label=ui.t("activations.slope"), min_value=0.0, max_value=0.5, step=0.01)
with plot:
    ui.chart(activation_figure(shown, x, lang, slope), key="activations_curves")

shown_at_x = view.at_x(x, slope, lang)
ui.table(shown_at_x.table)
st.caption(shown_at_x.caption)
st.info(shown_at_x.saturation)

st.markdown(f"**{ui.t('activations.points_header')}**")
st.markdown(shown_at_x.points)
st.caption(ui.t("activations.step_versions"))
ui.code_expander(activations_code(x, slope, lang=lang), "activations.neuron")

# --- vanishing gradients ---------------------------------------------------------------------------
st.divider()
st.subheader(ui.t("activations.vanish_header"))
st.markdown(ui.t("activations.vanish_intro"))
controls, plot = st.columns([1.2, 2])  # the initialisation's name ("He (Kaiming) 정규 분포") whole at 1024 px
with controls:
    depth = ui.persistent_widget(st.slider, "activations.depth", 10, label=ui.t("activations.depth"),
                                 min_value=1, max_value=20, step=1)
    chosen = ui.persistent_widget(st.selectbox, "activations.vanish_activation", "sigmoid",
                                  label=ui.t("activations.vanish_activation"),
                                  options=list(view.TRAINABLE_ACTIVATIONS), format_func=name_of)
    init = ui.persistent_widget(st.selectbox, "activations.init", "he", label=ui.t("activations.init"),
                                options=list(view.INITIALISATIONS), format_func=view.init_names(lang).get)

panel = view.vanishing(chosen, depth, init, ui.global_seed(), slope, lang)
for label, value in panel.metrics:
    controls.metric(label, value)
ui.chart(panel.figure, key="activations_vanishing", place=plot)

st.markdown(panel.summary)
if panel.bound:
    st.markdown(panel.bound)
st.info(ui.t("activations.vanish_try"))
st.caption(ui.t("activations.step_note"))
with st.expander(ui.t("activations.norms_table")):
    st.dataframe(panel.norms, hide_index=True)
ui.code_expander(panel.code, "activations.depth")
