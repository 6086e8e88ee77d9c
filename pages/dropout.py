"""Dropout: masks resampled per batch, train vs eval scaling, the effect on accuracy, Dropout2d."""

import streamlit as st

from explainer import ui
from explainer.data import datasets as data
from explainer.figures import dropout as figures
from explainer.topics import dropout
from explainer.views import dropout as view
from explainer.views import dropout_effect

LAYER_SIZES = dropout.DEFAULT_LAYER_SIZES
STEP_KEY = "dropout.step"
MAPS_DRAW_KEY = "dropout.maps_draw"
EFFECT_POLL_KEY = "dropout.effect.poll"  # the live section's polling interval as last asked for
EFFECT_REFUSAL_KEY = "dropout.effect.refusal"  # why the last press of the train button queued nothing
VECTOR = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]

lang = ui.language()
seed = ui.global_seed()


def say(text: view.Text) -> str:
    key, values = text
    return ui.t(key, **values)

ui.page_header("dropout")

controls = st.columns([2, 1])
with controls[0]:
    p = ui.persistent_widget(st.slider, "dropout.p", 0.5, label=ui.t("dropout.p"), min_value=0.0, max_value=0.9,
                             step=0.05, help=ui.t("dropout.p_help"))
with controls[1]:
    drop_input = ui.persistent_widget(st.checkbox, "dropout.drop_input", False, label=ui.t("dropout.drop_input"),
                                      help=ui.t("dropout.drop_input_help"))
keep = 1.0 - p
with st.container(border=True):
    st.markdown(f"**{ui.t('dropout.terms.title')}**")
    st.markdown(ui.t("dropout.terms.body", keep=f"{keep:g}"))
    st.markdown(ui.t("dropout.terms.slip", keep=f"{keep:g}"))

# --- 1. masks ---------------------------------------------------------------------------------------
st.header(ui.t("dropout.masks.header"))
st.markdown(ui.t("dropout.masks.intro"))
st.session_state.setdefault(STEP_KEY, 1)
playing = ui.persistent_widget(st.toggle, "dropout.playing", False, label=ui.t("dropout.play"))


def _next_batch() -> None:
    st.session_state[STEP_KEY] += 1


def _first_batch() -> None:
    st.session_state[STEP_KEY] = 1


@st.fragment(run_every=1.0 if playing else None)
def masks_section() -> None:
    if playing:
        _next_batch()
    buttons = st.container(horizontal=True, vertical_alignment="center", gap="medium")  # wraps when narrow
    buttons.button(ui.t("dropout.step"), on_click=_next_batch, icon=":material/skip_next:")
    buttons.button(ui.t("dropout.reset"), on_click=_first_batch, icon=":material/first_page:")
    step = st.session_state[STEP_KEY]
    buttons.markdown(f"### {ui.t('dropout.batch_label', step=step)}", width="content")
    masks = dropout.sample_masks(LAYER_SIZES, p, step, seed, drop_input=drop_input)
    nets = st.columns(2)
    nets[0].plotly_chart(figures.network_figure(LAYER_SIZES, None, lang, ui.t("dropout.standard_title")),
                         width="stretch", key="dropout_standard_net")
    nets[1].plotly_chart(figures.network_figure(LAYER_SIZES, masks, lang, ui.t("dropout.thinned_title", step=step)),
                         width="stretch", key="dropout_thinned_net")
    counts = view.mask_counts(masks, LAYER_SIZES, p, step, seed, drop_input)
    left, right = st.columns([1, 2])
    with left:
        st.metric(ui.t("dropout.kept_metric"), say(counts.kept))
        st.metric(say(counts.mean_label), f"{counts.average:.2f}", delta=counts.delta, delta_color="off",
                  delta_arrow="off", delta_description=say(counts.expected), help=ui.t("dropout.mean_help"),
                  chart_data=counts.history if len(counts.history) > 1 else None, chart_type="bar")
        st.caption(say(counts.caption))
    with right:
        st.markdown(f"**{ui.t('dropout.mask.header')}**")
        st.dataframe(figures.mask_table(masks, LAYER_SIZES, lang), hide_index=True, width="stretch")
        st.caption(ui.t("dropout.mask.caption"))
    batch = dropout.batch_masks(8, LAYER_SIZES[1], p, step, seed)
    st.plotly_chart(figures.batch_mask_figure(batch, lang), width="stretch", key="dropout_batch_masks")
    st.caption(ui.t("dropout.batch.caption"))
    ui.code_expander(dropout.masks_code(p, seed, LAYER_SIZES[1], lang=lang))


masks_section()

# --- 2. scaling -------------------------------------------------------------------------------------
st.header(ui.t("dropout.scaling.header"))
st.markdown(ui.t("dropout.scaling.intro"))
activation = ui.persistent_widget(st.number_input, "dropout.activation", 2.0, label=ui.t("dropout.activation"),
                                  min_value=-100.0, max_value=100.0, step=0.5, help=ui.t("dropout.activation_help"))
example = dropout.scaling_example(activation, p, samples=10_000, seed=seed)
explain = st.columns(2)
explain[0].markdown(ui.t("dropout.scaling.inverted"))
explain[1].markdown(ui.t("dropout.scaling.classic"))
st.dataframe(figures.scaling_table(example, lang), hide_index=True, width="stretch")
st.success(say(view.scaling_check(example, p)))

st.subheader(ui.t("dropout.vector.header"))
vector = dropout.vector_example(VECTOR, p, seed)
st.dataframe(figures.vector_table(vector, lang), hide_index=True, width="stretch")
st.caption(say(view.vector_caption(vector, p, seed)))
ui.code_expander(dropout.pytorch_code(p, activation, seed, lang=lang))

# --- 3. effect on accuracy ---------------------------------------------------------------------------
st.header(ui.t("dropout.effect.header"))
st.markdown(f"**{ui.t('dropout.effect.lecture')}**")
lecture_without, lecture_with = dropout_effect.lecture_accuracies()
lecture_cols = st.columns(2)
lecture_cols[0].metric(ui.t("dropout.effect.without"), f"{lecture_without:.2f}%")
lecture_cols[1].metric(ui.t("dropout.effect.with", p=f"{dropout_effect.lecture_dropout_p():g}"), f"{lecture_with:.2f}%",
                       delta=f"{lecture_with - lecture_without:+.2f}%p")
st.caption(dropout_effect.lecture_differences_text(lang))
st.markdown(ui.t("dropout.effect.why"))
st.markdown(dropout_effect.short_run_text(lang))
jobs = ui.job_manager()
missing_data = dropout_effect.missing_dataset()
if missing_data is not None:
    st.warning(ui.t("dropout.effect.no_data"))
    with st.expander(ui.t("dropout.effect.no_data_details")):
        st.markdown(data.unavailable_message(missing_data, lang))
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
    if not live.histories:
        if missing_data is None:
            st.info(ui.t("dropout.effect.none_yet" if live.trainable else "dropout.effect.first_epoch"))
        return
    marks = {ui.t("dropout.curves.lecture_without"): lecture_without, ui.t("dropout.curves.lecture_with"): lecture_with}
    st.plotly_chart(figures.accuracy_curves_figure(live.histories, lang, marks), width="stretch",
                    key="dropout_accuracy_curves")
    st.caption(ui.t("dropout.effect.train_acc_note"))
    st.markdown(say(view.gap_text(dropout_effect.final_gaps(live.histories))))


effect_section()
ui.code_expander(dropout_effect.training_code(p, seed, lang=lang))

# --- 4. Dropout2d --------------------------------------------------------------------------------------
st.header(ui.t("dropout.maps.header"))
st.markdown(ui.t("dropout.maps.intro"))
st.session_state.setdefault(MAPS_DRAW_KEY, 1)


def _redraw_channels() -> None:
    st.session_state[MAPS_DRAW_KEY] += 1


st.button(ui.t("dropout.maps.redraw"), on_click=_redraw_channels, icon=":material/casino:")
draw = st.session_state[MAPS_DRAW_KEY]
image, source = view.maps_image(draw, lang)
st.caption(say(source))
channels = dropout.channel_dropout(dropout.fixed_filter_maps(image), p, seed * 1_000 + draw)
st.plotly_chart(figures.feature_maps_figure(channels, lang), width="stretch", key="dropout_feature_maps")
st.caption(say(view.maps_caption(channels, p, draw)))
ui.code_expander(dropout.dropout2d_code(p, seed * 1_000 + draw, lang=lang))
