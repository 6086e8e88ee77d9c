"""Dropout: masks resampled per batch, train vs eval scaling, the effect on accuracy, Dropout2d."""

import streamlit as st

from explainer import ui
from explainer.views import dropout as view
from explainer.views import dropout_effect, links

STEP_KEY = "dropout.step"
MAPS_DRAW_KEY = "dropout.maps_draw"
EFFECT_POLL_KEY = "dropout.effect.poll"  # the live section's polling interval as last asked for
EFFECT_REFUSAL_KEY = "dropout.effect.refusal"  # why the last press of the train button queued nothing

lang = ui.language()
seed = ui.global_seed()
ui.page_header("dropout")

controls = st.columns([2, 1])
p = ui.persistent_widget(controls[0].slider, "dropout.p", 0.5, label=ui.t("dropout.p"), min_value=0.0,
                         max_value=0.9, step=0.05, help=ui.t("dropout.p_help"))
drop_input = ui.persistent_widget(controls[1].checkbox, "dropout.drop_input", False,
                                  label=ui.t("dropout.drop_input"), help=ui.t("dropout.drop_input_help"))
st.container(border=True).markdown("\n\n".join(view.terms(p, lang)))

# --- 1. masks ---------------------------------------------------------------------------------------
st.header(ui.t("dropout.masks.header"))
st.markdown(ui.t("dropout.masks.intro"))
st.session_state.setdefault(STEP_KEY, 1)
playing = ui.persistent_widget(st.toggle, "dropout.playing", False, label=ui.t("dropout.play"))


def _count(key: str, value: int | None = None) -> None:
    """Callback of the step/redraw (None: one more) and reset (1) buttons, and the play timer's tick."""
    st.session_state[key] = st.session_state[key] + 1 if value is None else value


# A fragment: the step buttons and the play timer redraw this section only.
@st.fragment(run_every=1.0 if playing else None)
def masks_section() -> None:
    if playing:
        _count(STEP_KEY)
    step = ui.url_state(STEP_KEY, 1, min_value=1, max_value=links.MAX_LINKED_COUNT)
    panel = view.masks_panel(p, drop_input, step, seed, lang)
    buttons = st.container(horizontal=True, vertical_alignment="center", gap="medium")  # wraps when narrow
    ui.button_once(buttons, ui.t("dropout.step"), on_press=_count, args=(STEP_KEY,), icon=":material/skip_next:",
                   key="step")
    buttons.button(ui.t("dropout.reset"), on_click=_count, args=(STEP_KEY, 1), icon=":material/first_page:",
                   key="reset")
    ui.keyboard_shortcuts(play="dropout.playing", next="step", reset="reset")
    buttons.markdown(f"### {panel.batch_label}", width="content")
    nets = st.columns(2)
    ui.chart(panel.standard, width="stretch", key="dropout_standard_net", place=nets[0])
    ui.chart(panel.thinned, width="stretch", key="dropout_thinned_net", place=nets[1])
    left, right = st.columns([1, 2])
    left.metric(ui.t("dropout.kept_metric"), panel.kept)
    left.metric(panel.mean_label, panel.average, delta=panel.delta, delta_color="off", delta_arrow="off",
                delta_description=panel.expected, help=ui.t("dropout.mean_help"), chart_data=panel.history,
                chart_type="bar")
    left.caption(panel.caption)
    right.markdown(f"**{ui.t('dropout.mask.header')}**")
    ui.table(panel.table, place=right)
    right.caption(ui.t("dropout.mask.caption"))
    ui.chart(panel.batch, width="stretch", key="dropout_batch_masks")
    st.caption(ui.t("dropout.batch.caption"))
    ui.code_expander(panel.code, "dropout.layer")


masks_section()

# --- 2. scaling -------------------------------------------------------------------------------------
st.header(ui.t("dropout.scaling.header"))
st.markdown(ui.t("dropout.scaling.intro"))
activation = ui.persistent_widget(st.number_input, "dropout.activation", 2.0, label=ui.t("dropout.activation"),
                                  min_value=-100.0, max_value=100.0, step=0.5, help=ui.t("dropout.activation_help"))
scaling = view.scaling_panel(activation, p, seed, lang)
explain = st.columns(2)
explain[0].markdown(ui.t("dropout.scaling.inverted"))
explain[1].markdown(ui.t("dropout.scaling.classic"))
ui.table(scaling.table)
st.success(scaling.check)
st.subheader(ui.t("dropout.vector.header"))
ui.table(scaling.vector_table)
st.caption(scaling.vector_caption)
ui.code_expander(scaling.code, "dropout.scaling")

# --- 3. effect on accuracy ---------------------------------------------------------------------------
st.header(ui.t("dropout.effect.header"))
st.markdown(f"**{ui.t('dropout.effect.lecture')}**")
for column, metric in zip(st.columns(2), view.lecture_metrics(lang), strict=True):
    column.metric(metric.label, metric.value, delta=metric.delta)
st.caption(dropout_effect.lecture_differences_text(lang))
st.markdown(ui.t("dropout.effect.why"))
st.markdown(dropout_effect.short_run_text(lang))
jobs = ui.job_manager()
missing_data = dropout_effect.missing_dataset()
if missing_data is not None:
    st.warning(ui.t("dropout.effect.no_data"))
    with st.expander(ui.t("dropout.effect.no_data_details")):
        st.markdown(view.no_data_details(missing_data, lang))
if missing_data is None and dropout_effect.autostart(seed, jobs):
    st.caption(ui.t("dropout.effect.autostarted"))
owner = ui.session_id()
first_view = dropout_effect.effect_view(seed, jobs, owner, missing_data is None)
st.session_state[EFFECT_POLL_KEY] = first_view.poll_seconds  # the interval the fragment below starts with


def _train_missing() -> None:
    st.session_state[EFFECT_REFUSAL_KEY] = dropout_effect.submit_missing_or_refusal(seed, jobs, owner, lang)


# The section draws the runs, finished ones included, by itself: no whole-page reruns while a class waits.
# It starts looking every second when a run starts (its own train button too) and stops when all are over.
@st.fragment(run_every=first_view.poll_seconds)
def effect_section() -> None:
    live = dropout_effect.effect_view(seed, jobs, owner, missing_data is None)
    if live.poll_seconds != st.session_state.get(EFFECT_POLL_KEY) and ui.set_fragment_interval(live.poll_seconds):
        st.session_state[EFFECT_POLL_KEY] = live.poll_seconds
    if live.show_train:
        st.button(ui.t("dropout.effect.train_button", missing=live.trainable), on_click=_train_missing,
                  type="primary", icon=":material/play_arrow:")
    if st.session_state.get(EFFECT_REFUSAL_KEY):
        st.warning(st.session_state[EFFECT_REFUSAL_KEY])
    if live.show_cancel:
        st.button(ui.t("dropout.effect.cancel"), on_click=dropout_effect.cancel_active, args=(seed, jobs, owner),
                  icon=":material/stop:")
    for state in live.states:
        st.progress(state.fraction, text=dropout_effect.status_text(state, lang))
    if not live.histories and missing_data is None:
        st.info(ui.t("dropout.effect.none_yet" if live.trainable else "dropout.effect.first_epoch"))
    if not live.histories:
        return
    ui.chart(view.accuracy_curves(live.histories, lang), width="stretch", key="dropout_accuracy_curves")
    st.caption(ui.t("dropout.effect.train_acc_note"))
    st.markdown(view.gap_line(live.histories, lang))


effect_section()
ui.code_expander(dropout_effect.training_code(p, seed, lang=lang), "dropout.training")

# --- 4. Dropout2d --------------------------------------------------------------------------------------
st.header(ui.t("dropout.maps.header"))
st.markdown(ui.t("dropout.maps.intro"))
st.session_state.setdefault(MAPS_DRAW_KEY, 1)
st.button(ui.t("dropout.maps.redraw"), on_click=_count, args=(MAPS_DRAW_KEY,), icon=":material/casino:")
maps = view.maps_panel(p, seed, ui.url_state(MAPS_DRAW_KEY, 1, min_value=1, max_value=links.MAX_LINKED_COUNT), lang)
st.caption(maps.source)
ui.chart(maps.figure, width="stretch", key="dropout_feature_maps")
st.caption(maps.caption)
ui.code_expander(maps.code, "dropout.maps")
