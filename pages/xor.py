"""XOR: the single-layer perceptron is stuck at 0.6931, the MLP learns; trained instantly and played back."""

import streamlit as st

from explainer import ui
from explainer.figures import xor as figures
from explainer.figures.frozen import freeze
from explainer.views import xor as xor_view
from explainer.views.xor import LECTURE, LIMITS, Settings

FRAME_KEY = "xor.frame"  # snapshot shown; None = the trained net (last snapshot)
CONTROL_WIDTH, METRIC_WIDTH, STATUS_WIDTH, RESULT_WIDTH = 160, 150, 520, 420  # pixels; rows wrap where these do not fit

lang = ui.language()
ui.page_header("xor")


# Figures are cached as objects, frozen (a rerun sends the dict made the first time): the playback is slow to rebuild.
@st.cache_data(show_spinner=False, max_entries=64)
def train_pair(settings: Settings):
    return xor_view.train_pair(settings)


@st.cache_resource(show_spinner=False, max_entries=8)
def playback_frames(settings: Settings, lang: str):
    return figures.build_playback(*train_pair(settings), lang)


@st.cache_resource(show_spinner=False, max_entries=32)
def playback(settings: Settings, frame: int, lang: str):
    return freeze(figures.at_frame(playback_frames(settings, lang), frame))


@st.cache_resource(show_spinner=False, max_entries=32)
def hidden_units(settings: Settings, frame: int, lang: str):
    mlp, _ = train_pair(settings)
    return freeze(figures.hidden_units_figure(mlp.params_at(frame), mlp.net, lang))


def many_seeds_section(settings: Settings, lang: str) -> None:
    """The 20 seeds, trained in the background: a note until they are ready, then the section (and no more polls)."""
    section = xor_view.many_seeds(settings, lang)
    if section is None:
        st.info(ui.t("xor.seeds.pending", count=LIMITS.many_seeds), icon=":material/hourglass_top:")
        return
    ui.set_fragment_interval(None)
    show_metrics(section.metrics)
    if section.stuck_seeds:
        st.markdown(section.stuck_seeds)
    ui.chart(section.surfaces, width="stretch", key="xor_seeds")
    ui.chart(section.losses, width="stretch", key="xor_seed_losses")
    st.caption(ui.t("xor.seeds.caption"))


def as_in_lecture() -> None:
    st.session_state.update({**LECTURE.session_values(), FRAME_KEY: None})


def set_frame(value: int | None) -> None:
    st.session_state[FRAME_KEY] = value


def show_metrics(metrics: list[xor_view.Metric], width: int | str = "content") -> None:
    row = st.container(horizontal=True, gap="medium")
    for item in metrics:
        row.metric(item.label, item.value, help=item.help, width=width)


st.markdown(ui.t("xor.intro"))

# --- controls -------------------------------------------------------------------------------------------
# Fixed-width items in wrapping rows: on a 1024 px projector they move to a new line instead of being cut to "…".
with st.container(border=True):
    with st.container(horizontal=True):
        hidden = ui.persistent_widget(st.slider, "xor.hidden", LECTURE.hidden, label=ui.t("xor.hidden"),
                                      min_value=1, max_value=LIMITS.max_hidden, step=1,
                                      help=ui.t("xor.hidden_help"), width=CONTROL_WIDTH)
        width = ui.persistent_widget(st.slider, "xor.width", LECTURE.width, label=ui.t("xor.width"),
                                     min_value=LIMITS.width[0], max_value=LIMITS.width[1], step=1,
                                     help=ui.t("xor.width_help"), width=CONTROL_WIDTH)
        activation_names = {name: ui.t(f"xor.act.{name}") for name in LIMITS.activations}
        activation = ui.persistent_widget(st.selectbox, "xor.activation", LECTURE.activation,
                                          label=ui.t("xor.activation"), options=list(LIMITS.activations),
                                          format_func=activation_names.get,
                                          help=ui.t("xor.activation_help"), width=CONTROL_WIDTH)
        lr = ui.persistent_widget(st.select_slider, "xor.lr", LECTURE.lr, label=ui.t("xor.lr"),
                                  options=LIMITS.learning_rates, help=ui.t("xor.lr_help"), width=CONTROL_WIDTH)
        epochs = ui.persistent_widget(st.slider, "xor.epochs", LECTURE.epochs, label=ui.t("xor.epochs"),
                                      min_value=1, max_value=20_001, step=500, help=ui.t("xor.epochs_help"),
                                      width=CONTROL_WIDTH)
        seed = ui.persistent_widget(st.number_input, "xor.seed", ui.global_seed(), label=ui.t("xor.seed"),
                                    min_value=0, max_value=2**31 - 1, step=1, help=ui.t("xor.seed_help"),
                                    width=CONTROL_WIDTH)
    st.button(ui.t("xor.lecture_button"), on_click=as_in_lecture, icon=":material/school:",
              help=ui.t("xor.lecture_button_help"))

settings = Settings(int(hidden), int(width), str(activation), float(lr), int(epochs), int(seed))
mlp, single = train_pair(settings)
show_metrics(xor_view.headline_metrics(mlp, single, lang), METRIC_WIDTH)

# --- playback -------------------------------------------------------------------------------------------
st.header(ui.t("xor.playback.header"))
st.markdown(ui.t("xor.playback.intro"))
frame = xor_view.shown_frame(ui.url_state(FRAME_KEY, None, min_value=0), mlp)
buttons = st.container(horizontal=True, vertical_alignment="center")
for number, (label, target, icon) in enumerate(xor_view.frame_buttons(frame, mlp, lang)):
    buttons.button(label, on_click=set_frame, args=(target,), icon=icon, key=f"xor_frame_{number}")
ui.keyboard_shortcuts(reset="xor_frame_0", back="xor_frame_1", next="xor_frame_2")
buttons.markdown(xor_view.frame_status(mlp, single, frame, lang), width=STATUS_WIDTH)
ui.chart(playback(settings, frame, lang), width="stretch", key="xor_playback")
st.caption(ui.t("xor.playback.caption"))

# --- final tables, the training logs, and the lecture's printout beside ours -------------------------------
st.header(ui.t("xor.result.header"))
results = st.container(horizontal=True, gap="medium")  # side by side, or one under the other at 1024 px
columns = [results.container(width=RESULT_WIDTH) for _ in range(2)]
for column, run in zip(columns, (mlp, single), strict=True):
    column.subheader(xor_view.result_title(run, lang))
    ui.table(figures.result_table(run.final_outputs[0], lang), place=column)
    column.markdown(xor_view.result_line(run, lang))
if mlp.accuracies[0] < 1:
    columns[0].warning(ui.t("xor.result.mlp_failed"))
columns[1].info(ui.t("xor.result.single_why"))
if (logs := ui.lazy_expander(ui.t("xor.log.header"), "xor.log")) is not None:  # drawn only while open
    for column, run in zip(logs.columns(2), (mlp, single), strict=True):
        column.caption(xor_view.result_title(run, lang))
        column.code(figures.training_log(run), language=None, height=300)
    logs.caption(ui.t("xor.lecture.log_slip"))

st.header(ui.t("xor.lecture.header"))
st.markdown(ui.t("xor.lecture.intro"))
for title, table in xor_view.lecture_printout(lang).items():
    st.subheader(title)
    ui.table(table)

# --- hidden units ---------------------------------------------------------------------------------------
st.header(ui.t("xor.units.header"))
st.markdown(ui.t("xor.units.intro"))
ui.chart(hidden_units(settings, frame, lang), width="stretch", key="xor_units")
st.caption(xor_view.units_caption(mlp, frame, lang))

# --- many seeds: trained and drawn only while open (20 nets and two figures at each change halved its response) ---
st.header(ui.t("xor.seeds.header"))
st.markdown(ui.t("xor.seeds.intro", count=LIMITS.many_seeds))
seeds_panel = ui.lazy_expander(ui.t("xor.seeds.show", count=LIMITS.many_seeds), "xor.seeds", section=True)
if seeds_panel is not None:
    with seeds_panel:
        st.fragment(many_seeds_section, run_every=xor_view.many_seeds_poll_seconds(settings, lang))(settings, lang)

ui.code_expander(figures.pytorch_code(mlp.net, lr, epochs, seed, lang), "xor")
