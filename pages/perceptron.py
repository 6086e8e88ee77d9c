"""The perceptron: weights and bias as sliders, the decision line, the learning rule, and XOR in two layers."""

import pandas as pd
import streamlit as st

from explainer import perceptron as perc
from explainer import ui
from explainer.code_fundamentals import number, perceptron_code, xor_two_layer_code
from explainer.figures_fundamentals import perceptron_figure, xor_two_layer_figure

GATE_KEY = "perceptron.gate"
WEIGHT_KEYS = ("perceptron.w1", "perceptron.w2", "perceptron.b")
ETA_KEY = "perceptron.eta"
CURSOR_KEY = "perceptron.cursor"  # the point after the last update: where the search for a wrong point resumes
LOG_KEY = "perceptron.log"
NOTICE_KEY = "perceptron.notice"
LIMIT = 8.0  # slider range ±LIMIT: wide enough for every run of the rule from a preset or zero with η ≤ 1
ETAS = [0.1, 0.2, 0.5, 1.0]

lang = ui.language()
state = st.session_state
state.setdefault(GATE_KEY, "OR")
for key, value in zip(WEIGHT_KEYS, perc.PRESETS["OR"], strict=True):
    state.setdefault(key, value)
state.setdefault(CURSOR_KEY, 0)
state.setdefault(LOG_KEY, [])


def weights() -> tuple[float, float, float]:
    return tuple(float(state[key]) for key in WEIGHT_KEYS)


def set_weights(values) -> None:
    for key, value in zip(WEIGHT_KEYS, values, strict=True):
        state[key] = float(value)


def forget_history() -> None:
    state[CURSOR_KEY] = 0
    state[LOG_KEY] = []
    state.pop(NOTICE_KEY, None)


def load_preset(gate: str) -> None:
    state[GATE_KEY] = gate
    set_weights(perc.PRESETS[gate])
    forget_history()


def reset_to_zero() -> None:
    set_weights((0.0, 0.0, 0.0))
    forget_history()


def one_update() -> None:
    update = perc.learning_step(*weights(), state[GATE_KEY], float(state[ETA_KEY]), start=state[CURSOR_KEY])
    if update is None:
        state[NOTICE_KEY] = ("converged_now", {})
    elif max(abs(v) for v in update.after) > LIMIT:
        state[NOTICE_KEY] = ("out_of_range", {"limit": number(LIMIT)})
    else:
        set_weights(update.after)
        state[CURSOR_KEY] = (update.index + 1) % len(perc.TRUTH_INPUTS)
        state[LOG_KEY] = [*state[LOG_KEY], update]
        state.pop(NOTICE_KEY, None)


def train_to_the_end() -> None:
    run = perc.train(*weights(), state[GATE_KEY], float(state[ETA_KEY]), perc.DEFAULT_MAX_EPOCHS)
    if any(max(abs(v) for v in update.after) > LIMIT for update in run.updates):
        state[NOTICE_KEY] = ("out_of_range", {"limit": number(LIMIT)})
        return
    set_weights(run.final)
    state[CURSOR_KEY] = 0
    state[LOG_KEY] = [*state[LOG_KEY], *run.updates]
    w1, w2, b = run.final
    key = "train_converged" if run.converged else "train_failed"
    state[NOTICE_KEY] = (key, {"epochs": run.epochs, "updates": len(run.updates), "w1": number(w1),
                               "w2": number(w2), "b": number(b)})


def term(value: float) -> str:
    """A number as it reads inside a sum: negatives in parentheses, as in 1.5 + (-1.0)·x1."""
    text = str(value) if isinstance(value, int) else number(value)
    return text if value >= 0 else f"({text})"


def update_text(update: perc.Update, position: int) -> str:
    w1, w2, b = update.before
    factor = update.factor
    values = {"x1": int(update.x1), "x2": int(update.x2)}
    lines = [
        ui.t("perceptron.step_point", number=position, t=update.target, **values),
        ui.t("perceptron.step_sum", b=number(b), w1=term(w1), w2=term(w2), s=number(update.s), y=update.output,
             **values),
        ui.t("perceptron.step_factor", eta=number(update.eta), t=update.target, y=term(update.output),
             factor=number(factor)),
        ui.t("perceptron.step_weights", w1=number(w1), w2=number(w2), b=number(b), factor=term(factor),
             new_w1=number(update.after[0]), new_w2=number(update.after[1]), new_b=number(update.after[2]),
             **values),
    ]
    return "  \n".join(lines)


ui.page_header("perceptron")
st.caption(ui.t("common.lecture_section", section=ui.t("perceptron.lecture")))

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
    st.markdown(f"**{ui.t('perceptron.formula', b=number(b), w1=term(w1), w2=term(w2))}**")
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
    st.button(ui.t("perceptron.step_button"), key="perceptron_step", on_click=one_update, type="primary",
              help=ui.t("perceptron.step_help"))
    st.button(ui.t("perceptron.zero_button"), key="perceptron_zero", on_click=reset_to_zero,
              help=ui.t("perceptron.zero_help"))
    st.button(ui.t("perceptron.train_button"), key="perceptron_train", on_click=train_to_the_end,
              help=ui.t("perceptron.train_help", epochs=perc.DEFAULT_MAX_EPOCHS))

log = state[LOG_KEY]
notice = state.get(NOTICE_KEY)
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
ui.code_expander(perceptron_code(w1, w2, b, gate, float(state[ETA_KEY]), perc.GATE_TRUTH[gate]))

# --- XOR with two layers ---------------------------------------------------------------------------
st.divider()
st.subheader(ui.t("perceptron.xor2_header"))
st.markdown(ui.t("perceptron.xor2_intro"))
figure_column, weights_column = st.columns([1.3, 1])
with figure_column:
    st.plotly_chart(xor_two_layer_figure(lang), key="perceptron_xor2")
with weights_column:
    sums = {}
    for unit, inputs in (("or", ("x1", "x2")), ("nand", ("x1", "x2")), ("and", ("h1", "h2"))):
        unit_w1, unit_w2, unit_b = perc.PRESETS[unit.upper()]
        sums[f"{unit}_sum"] = f"{number(unit_b)} + {term(unit_w1)}·{inputs[0]} + {term(unit_w2)}·{inputs[1]}"
    st.markdown(ui.t("perceptron.xor2_weights", **sums))
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
ui.code_expander(xor_two_layer_code())
