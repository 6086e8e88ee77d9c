"""Softmax and cross-entropy: logits as sliders, the loss and its gradient, and the lecture's worked numbers."""

import streamlit as st

from explainer import ui
from explainer.views import softmax as view

METRIC_WIDTH = 120  # pixels

lang = ui.language()
ui.page_header("softmax_loss")

# --- logits -> probabilities -> loss -> gradient ---------------------------------------------------
st.subheader(ui.t("softmax.logits_header"))
st.latex(view.formula(lang))
controls, results = st.columns([1, 2])
with controls:
    logits = [ui.persistent_widget(st.slider, f"softmax.z{i}", view.DEFAULT_LOGITS[i],
                                   label=ui.t("softmax.logit", index=i), min_value=-5.0, max_value=5.0, step=0.1)
              for i in view.CLASSES]
    target = ui.persistent_widget(st.radio, "softmax.target", 0, label=ui.t("softmax.target"),
                                  options=list(view.CLASSES), format_func=lambda i: view.class_label(i, lang),
                                  horizontal=True)

panel = view.logit_panel(logits, target, lang)
with results:
    # A wrapping row of fixed-width metrics: on a narrow screen they take two lines instead of showing "0.6…".
    metrics = st.container(horizontal=True)
    for label, value in panel.metrics:
        metrics.metric(label, value, width=METRIC_WIDTH)
    st.markdown(panel.loss_line)
# Under both columns, at full width: beside the sliders its six columns scrolled sideways at 1024 px.
st.dataframe(panel.table, hide_index=True, key="softmax_logit_table", width="stretch")

probability_column, gradient_column = st.columns(2)
ui.chart(panel.probabilities, key="softmax_probabilities", place=probability_column)
ui.chart(panel.gradient, key="softmax_gradient", place=gradient_column)
st.markdown(ui.t("softmax.grad_explain"))
ui.code_expander(panel.code, "softmax.panel")

# --- the lecture's table ----------------------------------------------------------------------------
st.divider()
st.subheader(ui.t("softmax.table_header"))
st.markdown(ui.t("softmax.table_intro"))
lecture = view.lecture_table_panel(lang)
st.dataframe(lecture.table, hide_index=True, key="softmax_lecture_table", width="stretch")
mean_line, mean_metric = st.columns([2.2, 1], vertical_alignment="center")
mean_line.markdown(lecture.mean_line)
mean_metric.metric(ui.t("softmax.metric_mean"), lecture.mean, help=lecture.mean_help)

# --- log base 10 vs natural log ---------------------------------------------------------------------
st.subheader(ui.t("softmax.log_header"))
log_metrics, log_explain = view.log_base_panel(lang)
for column, (label, value) in zip(st.columns(2), log_metrics, strict=True):
    column.metric(label, value)
st.markdown(log_explain)
ui.code_expander(lecture.code, "softmax.lecture")
