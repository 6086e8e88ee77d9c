"""XOR: the single-layer perceptron is stuck at 0.6931, the MLP learns; trained instantly and played back."""

import streamlit as st

from explainer import ui, xor_fast
from explainer import xor_figures as figures

LECTURE = {"xor.hidden": 3, "xor.width": 10, "xor.activation": "sigmoid", "xor.lr": xor_fast.LECTURE_LR,
           "xor.epochs": xor_fast.LECTURE_EPOCHS, "xor.seed": xor_fast.LECTURE_SEED}
LR_OPTIONS = [0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 2.0, 3.0, 5.0]
FRAME_KEY = "xor.frame"  # snapshot shown; None = the trained net (last snapshot)
CONTROL_WIDTH, METRIC_WIDTH, STATUS_WIDTH = 160, 150, 520  # pixels; the rows wrap where these do not fit

lang = ui.language()
ui.page_header("xor")


# Training the lecture's net takes a fraction of a second (explainer.xor_fast), so it runs inline and is
# cached per settings; the 20-seed batch is one batched call as well.
@st.cache_data(show_spinner=False, max_entries=64)
def train_pair(hidden: int, width: int, activation: str, lr: float, epochs: int, seed: int):
    mlp = xor_fast.train(xor_fast.XorNet(hidden, width, activation), lr, epochs, seed)
    single = xor_fast.train(xor_fast.SINGLE_LAYER, lr, epochs, seed)
    return mlp, single


@st.cache_data(show_spinner=False, max_entries=16)
def train_many(hidden: int, width: int, activation: str, lr: float, epochs: int, seed: int):
    net = xor_fast.XorNet(hidden, width, activation)
    return xor_fast.train(net, lr, epochs, xor_fast.many_seed_list(seed), snapshots=1)


# Figures are cached as objects (st.cache_resource): rebuilding or unpickling a 61-frame figure is slow, so the
# frames are built once per training and each step only moves the shown snapshot.
@st.cache_resource(show_spinner=False, max_entries=8)
def playback_frames(settings: tuple, lang: str):
    mlp, single = train_pair(*settings)
    return figures.build_playback(mlp, single, lang)


@st.cache_resource(show_spinner=False, max_entries=32)
def playback(settings: tuple, frame: int, lang: str):
    return figures.at_frame(playback_frames(settings, lang), frame)


@st.cache_resource(show_spinner=False, max_entries=32)
def hidden_units(settings: tuple, frame: int, lang: str):
    mlp, _ = train_pair(*settings)
    return figures.hidden_units_figure(mlp.params_at(frame), mlp.net, lang)


@st.cache_resource(show_spinner=False, max_entries=16)
def many_seed_figures(settings: tuple, lang: str):
    many = train_many(*settings)
    return figures.many_seeds_figure(many, lang), figures.many_seeds_loss_figure(many, lang)


def as_in_lecture() -> None:
    st.session_state.update(LECTURE)
    st.session_state[FRAME_KEY] = None


st.markdown(ui.t("xor.intro"))

# --- controls -------------------------------------------------------------------------------------------
# Rows of fixed-width items in wrapping containers: on a narrow screen (a 1024 px projector with the sidebar
# open) they move to a second line instead of squeezing labels, buttons and numbers into "…".
with st.container(border=True):
    with st.container(horizontal=True):
        hidden = ui.persistent_widget(st.slider, "xor.hidden", LECTURE["xor.hidden"], label=ui.t("xor.hidden"),
                                      min_value=1, max_value=xor_fast.MAX_HIDDEN_LAYERS, step=1,
                                      help=ui.t("xor.hidden_help"), width=CONTROL_WIDTH)
        width = ui.persistent_widget(st.slider, "xor.width", LECTURE["xor.width"], label=ui.t("xor.width"),
                                     min_value=xor_fast.WIDTH_RANGE[0], max_value=xor_fast.WIDTH_RANGE[1], step=1,
                                     help=ui.t("xor.width_help"), width=CONTROL_WIDTH)
        activation_names = {name: ui.t(f"xor.act.{name}") for name in xor_fast.ACTIVATIONS}
        activation = ui.persistent_widget(st.selectbox, "xor.activation", LECTURE["xor.activation"],
                                          label=ui.t("xor.activation"), options=list(xor_fast.ACTIVATIONS),
                                          format_func=activation_names.get,
                                          help=ui.t("xor.activation_help"), width=CONTROL_WIDTH)
        lr = ui.persistent_widget(st.select_slider, "xor.lr", LECTURE["xor.lr"], label=ui.t("xor.lr"),
                                  options=LR_OPTIONS, help=ui.t("xor.lr_help"), width=CONTROL_WIDTH)
        epochs = ui.persistent_widget(st.slider, "xor.epochs", LECTURE["xor.epochs"], label=ui.t("xor.epochs"),
                                      min_value=1, max_value=20_001, step=500, help=ui.t("xor.epochs_help"),
                                      width=CONTROL_WIDTH)
        seed = ui.persistent_widget(st.number_input, "xor.seed", ui.global_seed(), label=ui.t("xor.seed"),
                                    min_value=0, max_value=2**31 - 1, step=1, help=ui.t("xor.seed_help"),
                                    width=CONTROL_WIDTH)
    st.button(ui.t("xor.lecture_button"), on_click=as_in_lecture, icon=":material/school:",
              help=ui.t("xor.lecture_button_help"))

settings = (int(hidden), int(width), str(activation), float(lr), int(epochs), int(seed))
mlp, single = train_pair(*settings)
net = mlp.net
shape = "-".join(str(n) for n in net.sizes)

metrics = st.container(horizontal=True, gap="medium")
metric_help = ui.t("xor.metric.help", shape=shape)
metrics.metric(ui.t("xor.metric.mlp_accuracy"), figures.accuracy_text(mlp.accuracies[0]), help=metric_help,
               width=METRIC_WIDTH)
metrics.metric(ui.t("xor.metric.mlp_loss"), f"{mlp.final_losses[0]:.6f}", help=metric_help, width=METRIC_WIDTH)
metrics.metric(ui.t("xor.metric.single_accuracy"), figures.accuracy_text(single.accuracies[0]), help=metric_help,
               width=METRIC_WIDTH)
metrics.metric(ui.t("xor.metric.single_loss"), f"{single.final_losses[0]:.4f}", help=metric_help, width=METRIC_WIDTH)
metrics.metric(ui.t("xor.metric.time"), ui.t("xor.metric.time_value", ms=f"{1000 * mlp.seconds:.0f}"),
               help=ui.t("xor.metric.time_help", epochs=f"{epochs:,}"), width=METRIC_WIDTH)

# --- playback -------------------------------------------------------------------------------------------
st.header(ui.t("xor.playback.header"))
st.markdown(ui.t("xor.playback.intro"))
last_frame = len(mlp.snapshot_epochs) - 1
frame = st.session_state.get(FRAME_KEY)
frame = last_frame if frame is None else min(max(int(frame), 0), last_frame)


def set_frame(value: int | None) -> None:
    st.session_state[FRAME_KEY] = value


buttons = st.container(horizontal=True, vertical_alignment="center")
buttons.button(ui.t("xor.reset"), on_click=set_frame, args=(0,), icon=":material/first_page:")
buttons.button(ui.t("xor.step_back"), on_click=set_frame, args=(max(frame - 1, 0),), icon=":material/chevron_left:")
buttons.button(ui.t("xor.step"), on_click=set_frame, args=(min(frame + 1, last_frame),),
               icon=":material/chevron_right:")
buttons.button(ui.t("xor.end"), on_click=set_frame, args=(None,), icon=":material/last_page:")
steps = int(mlp.snapshot_epochs[frame])
buttons.markdown(ui.t("xor.frame_status", frame=frame, last=last_frame, epoch=f"{steps:,}",
                      mlp_loss=f"{figures.loss_at(mlp, steps):.6f}",
                      single_loss=f"{figures.loss_at(single, steps):.6f}"), width=STATUS_WIDTH)
st.plotly_chart(playback(settings, frame, lang), width="stretch", key="xor_playback")
st.caption(ui.t("xor.playback.caption"))

# --- final tables ---------------------------------------------------------------------------------------
st.header(ui.t("xor.result.header"))
left, right = st.columns(2)
with left:
    st.subheader(ui.t("xor.result.mlp", shape=shape))
    st.dataframe(figures.result_table(mlp.final_outputs[0], lang), hide_index=True, width="stretch")
    st.markdown(ui.t("xor.result.accuracy", accuracy=figures.accuracy_text(mlp.accuracies[0]),
                     loss=f"{mlp.final_losses[0]:.6g}"))
    if mlp.accuracies[0] < 1:
        st.warning(ui.t("xor.result.mlp_failed"))
with right:
    st.subheader(ui.t("xor.result.single"))
    st.dataframe(figures.result_table(single.final_outputs[0], lang), hide_index=True, width="stretch")
    st.markdown(ui.t("xor.result.accuracy", accuracy=figures.accuracy_text(single.accuracies[0]),
                     loss=f"{single.final_losses[0]:.7f}"))
    st.info(ui.t("xor.result.single_why"))
with st.expander(ui.t("xor.log.header")):
    logs = st.columns(2)
    logs[0].caption(ui.t("xor.result.mlp", shape=shape))
    logs[0].code(figures.training_log(mlp), language=None, height=300)
    logs[1].caption(ui.t("xor.result.single"))
    logs[1].code(figures.training_log(single), language=None, height=300)

# --- hidden units ---------------------------------------------------------------------------------------
st.header(ui.t("xor.units.header"))
st.markdown(ui.t("xor.units.intro"))
params_now = mlp.params_at(frame)
st.plotly_chart(hidden_units(settings, frame, lang), width="stretch", key="xor_units")
counts = figures.gate_counts(params_now)
st.caption(ui.t("xor.units.counts", epoch=f"{steps:,}", OR=counts.get("0111", 0), NAND=counts.get("1110", 0),
                AND=counts.get("0001", 0), other=sum(counts.values()) - sum(counts.get(p, 0) for p in
                                                                             ("0111", "1110", "0001"))))

# --- many seeds -----------------------------------------------------------------------------------------
st.header(ui.t("xor.seeds.header"))
st.markdown(ui.t("xor.seeds.intro", count=xor_fast.MANY_SEEDS))
many = train_many(*settings)
failed = xor_fast.stuck(many.final_losses, many.accuracies)
summary = st.columns(3)
summary[0].metric(ui.t("xor.seeds.solved"), f"{int((~failed).sum())} / {len(failed)}")
summary[1].metric(ui.t("xor.seeds.stuck"), f"{int(failed.sum())}")
summary[2].metric(ui.t("xor.seeds.time"), ui.t("xor.metric.time_value", ms=f"{1000 * many.seconds:.0f}"))
if failed.any():
    st.markdown(ui.t("xor.seeds.stuck_list", seeds=", ".join(str(s) for s, bad in zip(many.seeds, failed,
                                                                                       strict=True) if bad)))
seed_surfaces, seed_losses = many_seed_figures(settings, lang)
st.plotly_chart(seed_surfaces, width="stretch", key="xor_seeds")
st.plotly_chart(seed_losses, width="stretch", key="xor_seed_losses")
st.caption(ui.t("xor.seeds.caption"))

ui.code_expander(figures.pytorch_code(net, lr, epochs, seed, lang))
