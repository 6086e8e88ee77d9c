"""The perceptron: weights and bias as sliders, the decision line, the learning rule, and XOR in two layers."""

import streamlit as st

from explainer import ui
from explainer.views import perceptron as view

lang = ui.language()
state = st.session_state
t = ui.t
for key, value in view.defaults(state).items():
    state.setdefault(key, value)


def control(key: str, place=None, **changed):
    return ui.control(view.CONTROLS[key], key, lang, place, **changed)


def pressed(changes) -> None:
    """A button's callback: it runs before the script, so the sliders below already show the new weights."""
    state.update(changes(state) if callable(changes) else changes)


def decision_section() -> tuple[float, float, float, str]:
    st.markdown(f"**{t('perceptron.presets')}**")
    ui.url_state(view.GATE, view.DEFAULT_GATE, options=view.GATES)  # before the buttons, which show the gate
    for column, gate in zip(st.columns(len(view.GATES)), view.GATES, strict=True):
        column.button(gate, key=f"perceptron_preset_{gate}", on_click=pressed, args=(view.preset_pressed(gate),),
                      help=t("perceptron.preset_help", gate=gate), width="stretch",
                      type="primary" if state[view.GATE] == gate else "secondary")
    gate = state[view.GATE]
    controls, plot = st.columns([1, 1.3])
    controls.markdown(t("perceptron.target_gate", gate=gate))
    for key in view.WEIGHTS:
        control(key, controls)
    w1, w2, b = view.weights(state)
    shown = view.decision(w1, w2, b, gate, lang)
    with controls:
        ui.render(shown.beside, "perceptron.beside")
    ui.chart(shown.figure, key="perceptron_plot", place=plot)
    ui.render(shown.below, "perceptron.below")
    return w1, w2, b, gate


def learning_section(w1: float, w2: float, b: float, gate: str) -> None:
    st.divider()
    st.subheader(t("perceptron.learn_header"))
    st.markdown(t("perceptron.learn_rule"))
    # A wrapping row: on a narrow screen the buttons move under the slider instead of cutting their labels.
    row = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
    control(view.ETA, row)
    ui.button_once(row, t("perceptron.step_button"), key="perceptron_step", type="primary",
                   help=t("perceptron.step_help"), on_press=pressed, args=(view.step_pressed,))
    row.button(t("perceptron.zero_button"), key="perceptron_zero", on_click=pressed, args=(view.zero_pressed(),),
               help=t("perceptron.zero_help"))
    ui.button_once(row, t("perceptron.train_button"), key="perceptron_train", on_press=pressed,
                   args=(view.train_pressed,), help=t("perceptron.train_help", epochs=view.MAX_EPOCHS))
    ui.keyboard_shortcuts(next="perceptron_step", reset="perceptron_zero")
    ui.render(view.learning(state[view.RULE], lang), "perceptron.learning")
    ui.render(view.learning_code(w1, w2, b, gate, float(state[view.ETA]), lang), "perceptron.rule")


def weights_and_rule() -> None:
    """The sliders and the rule's buttons change only these two sections: they rerun alone."""
    learning_section(*decision_section())


ui.page_header("perceptron")
st.fragment(weights_and_rule)()

# --- XOR with two layers (the same for every setting) --------------------------------------------------
st.divider()
st.subheader(t("perceptron.xor2_header"))
st.markdown(t("perceptron.xor2_intro"))
xor = view.two_layers(lang)
figure_column, weights_column = st.columns([1.3, 1])
ui.chart(xor.figure, key="perceptron_xor2", place=figure_column)
weights_column.markdown(xor.weights)
ui.render(xor.below, "perceptron.xor")
