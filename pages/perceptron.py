"""The perceptron: weights and bias as sliders, the decision line, the learning rule, and XOR in two layers."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from explainer import ui
from explainer.figures.fundamentals import perceptron_figure, xor_two_layer_figure
from explainer.snippets.fundamentals import number, perceptron_code, xor_two_layer_code
from explainer.topics import perceptron as perc
from explainer.topics import perceptron_rule as rule

GATE_KEY = "perceptron.gate"
WEIGHT_KEYS = ("perceptron.w1", "perceptron.w2", "perceptron.b")
ETA_KEY = "perceptron.eta"
RULE_KEY = "perceptron.rule"  # the learning rule's cursor, log and notice (explainer.topics.perceptron_rule.RuleState)
LIMIT = 8.0  # slider range ±LIMIT: wide enough for every run of the rule from a preset or zero with η ≤ 1
ETAS = [0.1, 0.2, 0.5, 1.0]

lang = ui.language()
state = st.session_state
state.setdefault(GATE_KEY, "OR")
state.setdefault(RULE_KEY, rule.preset("OR"))
for key, value in zip(WEIGHT_KEYS, state[RULE_KEY].weights, strict=True):
    state.setdefault(key, value)


def weights() -> tuple[float, float, float]:
    return tuple(float(state[key]) for key in WEIGHT_KEYS)


def apply(new: rule.RuleState) -> None:
    """Callbacks run before the script: the sliders below already show the new weights."""
    state[RULE_KEY] = new
    for key, value in zip(WEIGHT_KEYS, new.weights, strict=True):
        state[key] = float(value)


def now() -> rule.RuleState:
    return replace(state[RULE_KEY], weights=weights())  # the sliders may have moved since


def load_preset(gate: str) -> None:
    state[GATE_KEY] = gate
    apply(rule.preset(gate))


def update_text(update, position: int) -> str:
    return "  \n".join(ui.t(key, **values) for key, values in rule.update_lines(update, position))


ui.page_header("perceptron")

# --- presets, weights and the decision line --------------------------------------------------------
st.markdown(f"**{ui.t('perceptron.presets')}**")
for column, gate in zip(st.columns(len(perc.GATES)), perc.GATES, strict=True):
    column.button(gate, key=f"perceptron_preset_{gate}", on_click=load_preset, args=(gate,),
                  help=ui.t("perceptron.preset_help", gate=gate), width="stretch",
                  type="primary" if state[GATE_KEY] == gate else "secondary")

gate = state[GATE_KEY]
controls, plot = st.columns([1, 1.3])
with controls:
    st.markdown(ui.t("perceptron.target_gate", gate=gate))
    for key, label in zip(WEIGHT_KEYS, ("perceptron.w1", "perceptron.w2", "perceptron.b"), strict=True):
        ui.persistent_widget(st.slider, key, label=ui.t(label), min_value=-LIMIT, max_value=LIMIT, step=0.1,
                             help=ui.t("perceptron.weights_help"))
    w1, w2, b = weights()
    st.markdown(f"**{ui.t('perceptron.formula', b=number(b), w1=rule.term(w1), w2=rule.term(w2))}**")
    st.caption(ui.t("perceptron.tau"))
    st.caption(ui.t("perceptron.step_versions"))
with plot:
    st.plotly_chart(perceptron_figure(w1, w2, b, gate, lang), key="perceptron_plot")
rows = perc.truth_table(w1, w2, b, gate)
st.markdown(f"**{ui.t('perceptron.table_header')}**")
st.dataframe(pd.DataFrame({
    "x1": [row.x1 for row in rows],
    "x2": [row.x2 for row in rows],
    ui.t("perceptron.col_s"): [number(row.s) for row in rows],
    ui.t("perceptron.col_tau"): [row.output for row in rows],
    ui.t("perceptron.col_target"): [row.target for row in rows],
    ui.t("perceptron.col_ok"): [ui.t("perceptron.ok_yes" if row.correct else "perceptron.ok_no") for row in rows],
}), hide_index=True, key="perceptron_table")
st.markdown(f"s = {', '.join(number(row.s) for row in rows)} → τ(s) = {', '.join(str(row.output) for row in rows)}")
correct = sum(row.correct for row in rows)
if correct == len(rows):
    st.success(ui.t("perceptron.all_correct", gate=gate))
else:
    st.warning(ui.t("perceptron.some_wrong", correct=correct))
if gate == "XOR":
    st.info(ui.t("perceptron.xor_why"))

# --- the learning rule -----------------------------------------------------------------------------
st.divider()
st.subheader(ui.t("perceptron.learn_header"))
st.markdown(ui.t("perceptron.learn_rule"))
# A wrapping row: on a narrow screen the buttons move under the slider instead of cutting their labels.
with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
    ui.persistent_widget(st.select_slider, ETA_KEY, 0.5, label=ui.t("perceptron.eta"), options=ETAS, width=260)
    st.button(ui.t("perceptron.step_button"), key="perceptron_step", type="primary", help=ui.t("perceptron.step_help"),
              on_click=lambda: apply(rule.step(now(), state[GATE_KEY], float(state[ETA_KEY]), LIMIT)))
    st.button(ui.t("perceptron.zero_button"), key="perceptron_zero", on_click=lambda: apply(rule.zero()),
              help=ui.t("perceptron.zero_help"))
    st.button(ui.t("perceptron.train_button"), key="perceptron_train",
              help=ui.t("perceptron.train_help", epochs=perc.DEFAULT_MAX_EPOCHS),
              on_click=lambda: apply(rule.train(now(), state[GATE_KEY], float(state[ETA_KEY]), LIMIT)))

log = state[RULE_KEY].log
notice = state[RULE_KEY].notice
if notice:
    key, values = notice
    kind = {"converged_now": st.success, "train_converged": st.success}.get(key, st.warning)
    kind(ui.t(f"perceptron.{key}", **values))
if log and (not notice or notice[0] != "train_converged"):
    st.info(update_text(log[-1], len(log)))
elif not log:
    st.caption(ui.t("perceptron.no_step_yet"))
if log:
    with st.expander(ui.t("perceptron.history", count=len(log))):
        # The newest first; a failed XOR run adds hundreds, and the last ones tell the story.
        shown = list(enumerate(log, start=1))[::-1][:60]
        st.markdown("\n\n---\n\n".join(update_text(update, position) for position, update in shown))
ui.code_expander(perceptron_code(w1, w2, b, gate, float(state[ETA_KEY]), perc.GATE_TRUTH[gate], lang=lang))

# --- XOR with two layers ---------------------------------------------------------------------------
st.divider()
st.subheader(ui.t("perceptron.xor2_header"))
st.markdown(ui.t("perceptron.xor2_intro"))
figure_column, weights_column = st.columns([1.3, 1])
with figure_column:
    st.plotly_chart(xor_two_layer_figure(lang), key="perceptron_xor2")
with weights_column:
    st.markdown(ui.t("perceptron.xor2_weights", **rule.xor_unit_sums()))
layered = perc.xor_two_layers()
st.dataframe(pd.DataFrame({
    "x1": [row.x1 for row in layered],
    "x2": [row.x2 for row in layered],
    ui.t("perceptron.col_s_or"): [number(row.s_or) for row in layered],
    ui.t("perceptron.col_h_or"): [row.h_or for row in layered],
    ui.t("perceptron.col_s_nand"): [number(row.s_nand) for row in layered],
    ui.t("perceptron.col_h_nand"): [row.h_nand for row in layered],
    ui.t("perceptron.col_s_and"): [number(row.s_and) for row in layered],
    ui.t("perceptron.col_xor"): [row.output for row in layered],
}), hide_index=True, key="perceptron_xor2_table")
ui.code_expander(xor_two_layer_code(lang=lang))
