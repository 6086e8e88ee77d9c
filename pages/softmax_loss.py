"""Softmax and cross-entropy: logits as sliders, the loss and its gradient, and the lecture's worked numbers."""

import math

import numpy as np
import pandas as pd
import streamlit as st

from explainer import ui
from explainer.figures.fundamentals import gradient_bars_figure, probability_figure
from explainer.snippets.fundamentals import lecture_table_code, number, softmax_code
from explainer.topics import softmax as sm

METRIC_WIDTH = 120  # pixels

lang = ui.language()
ui.page_header("softmax_loss")

# --- logits -> probabilities -> loss -> gradient ---------------------------------------------------
st.subheader(ui.t("softmax.logits_header"))
st.latex(sm.formula_latex(ui.t("softmax.true_class_word")))
classes = range(len(sm.DEFAULT_LOGITS))
controls, results = st.columns([1, 2])
with controls:
    logits = [ui.persistent_widget(st.slider, f"softmax.z{i}", sm.DEFAULT_LOGITS[i],
                                   label=ui.t("softmax.logit", index=i), min_value=-5.0, max_value=5.0, step=0.1)
              for i in classes]
    class_labels = {i: ui.t("softmax.class_label", index=i) for i in classes}
    target = ui.persistent_widget(st.radio, "softmax.target", 0, label=ui.t("softmax.target"), options=list(classes),
                                  format_func=class_labels.get, horizontal=True)

report = sm.logit_report(logits, target)
with results:
    # A wrapping row of fixed-width metrics: on a narrow screen they take two lines instead of showing "0.6…".
    metrics = st.container(horizontal=True)
    for i in classes:
        metrics.metric(ui.t("softmax.metric_prob", index=i), f"{report.probabilities[i]:.4f}", width=METRIC_WIDTH)
    metrics.metric(ui.t("softmax.metric_loss"), f"{report.loss:.4f}", width=METRIC_WIDTH)
    st.markdown(ui.t("softmax.loss_line", target=target, p=f"{report.probabilities[target]:.4f}",
                     loss=f"{report.loss:.4f}", loss10=f"{report.loss_log10:.4f}"))
    st.dataframe(pd.DataFrame({
        ui.t("softmax.col_class"): [ui.t("softmax.class_label", index=i) for i in classes],
        ui.t("softmax.col_logit"): [number(z) for z in report.logits],
        ui.t("softmax.col_exp"): [f"{e:.4f}" for e in np.exp(report.logits)],
        ui.t("softmax.col_prob"): [f"{p:.4f}" for p in report.probabilities],
        ui.t("softmax.col_target"): [int(i == target) for i in classes],
        ui.t("softmax.col_grad"): [f"{g:+.4f}" for g in report.gradient],
    }), hide_index=True, key="softmax_logit_table")

probability_column, gradient_column = st.columns(2)
with probability_column:
    st.plotly_chart(probability_figure(report.probabilities, target, lang), key="softmax_probabilities")
with gradient_column:
    st.plotly_chart(gradient_bars_figure(report.gradient, target, lang), key="softmax_gradient")
st.markdown(ui.t("softmax.grad_explain"))
ui.code_expander(softmax_code(logits, target, lang=lang))

# --- the lecture's table ----------------------------------------------------------------------------
st.divider()
st.subheader(ui.t("softmax.table_header"))
st.markdown(ui.t("softmax.table_intro"))
table = sm.lecture_table()
true_class = table.targets.argmax(axis=1)
table_column, mean_column = st.columns([2.2, 1])
with table_column:
    st.dataframe(pd.DataFrame({
        ui.t("softmax.col_sample"): [1, 2, 3],
        ui.t("softmax.col_pred"): ["[" + ", ".join(number(p) for p in row) + "]" for row in table.predictions],
        ui.t("softmax.col_onehot"): ["[" + ", ".join(str(int(y)) for y in row) + "]" for row in table.targets],
        ui.t("softmax.col_ptrue"): [number(row[k]) for row, k in zip(table.predictions, true_class, strict=True)],
        ui.t("softmax.col_ce"): [f"{v:.4f}" for v in table.per_sample],
    }), hide_index=True, key="softmax_lecture_table")
    st.markdown(ui.t("softmax.table_mean", values=" + ".join(f"{v:.2f}" for v in table.per_sample),
                     mean=f"{table.mean:.2f}"))
with mean_column:
    st.metric(ui.t("softmax.metric_mean"), f"{table.mean:.2f}", help=f"{table.mean:.4f}")

# --- log base 10 vs natural log ---------------------------------------------------------------------
st.subheader(ui.t("softmax.log_header"))
base10, natural = sm.lecture_example()
log10_column, ln_column = st.columns(2)
log10_column.metric(ui.t("softmax.metric_log10"), sm.truncate(base10, 7))
ln_column.metric(ui.t("softmax.metric_ln"), sm.truncate(natural, 7))
st.markdown(ui.t("softmax.log_explain", log10=sm.truncate(base10, 7), lecture=sm.truncate(base10, 6),
                 ln=sm.truncate(natural, 7), ratio=f"{math.log(10):.4f}"))
ui.code_expander(lecture_table_code(table.predictions.tolist(), table.targets.tolist(), lang=lang))
