"""Convolution: size calculator, a filter sliding over a grid, filters on real images, channels, networks. Only the
open tab is built, as a fragment (a control reruns its own tab); the view caches what unchanged values give."""

import streamlit as st

from explainer import ui
from explainer.views import convolution as view
from explainer.views.filter_playback import SessionPlayback

lang = ui.language()
state = st.session_state
PICTURE = view.PICTURE
t = ui.t
CALC_FIELD_WIDTH = 150  # pixels: the longest label ("Filter height FH") and its help icon on one line


def control(key: str, place=None, values: dict | None = None, **changed):
    return ui.control(view.CONTROLS[key], key, lang, place, values, **changed)


def kernel_picker(prefix: str) -> view.Grid:
    """Preset selectbox plus a 3x3 grid that becomes editable under 'custom'."""
    choice = view.kernel_choice(control(f"{prefix}.kernel"), state.get(f"{prefix}.custom"), lang)
    if choice.reset_to is not None:
        ui.reset_grid(f"{prefix}.custom", choice.reset_to)
    st.caption(choice.about)
    return view.grid_key(ui.editable_grid(f"{prefix}.custom", view.DEFAULT_KERNEL, disabled=not choice.editable,
                                          step=0.1, linked=choice.editable))


def calculator_tab() -> None:
    st.markdown(t("conv.calc.intro"))
    st.latex(r"OH = \frac{H + 2P - FH}{S} + 1, \qquad OW = \frac{W + 2P - FW}{S} + 1")
    st.caption(t("conv.calc.presets"))
    for column, key in zip(st.columns(3) + st.columns(3), view.CALC_PRESETS, strict=True):
        column.button(t(key), key=f"preset_{key}", width="stretch", on_click=state.update,
                      args=(view.calculator_preset(key),))
    # Inputs wide enough for their labels on one line; on a narrow screen they wrap to a second row instead of
    # breaking "입력 높이" mid-word.
    row = st.container(horizontal=True, gap="small")
    sizes = (int(control(key, row, width=CALC_FIELD_WIDTH)) for key in view.CALC_FIELDS)
    ui.render(view.calculator(*sizes, lang), "conv.calculator")


def draw_random_input() -> None:
    ui.apply_changes(*view.random_input(ui.global_seed(), state.get(view.ANIMATION_RANDOM_DRAWS, 0),
                            state.get(view.ANIMATION_SIZE, 5)))


def animation_input() -> view.Grid:
    st.markdown(f"**{t('conv.anim.input')}**")
    buttons = st.container(horizontal=True)  # wraps on a narrow screen instead of cutting the labels
    buttons.button(t("conv.anim.reset"), key="anim_reset", on_click=ui.apply_changes, args=view.lecture_grid())
    buttons.button(t("conv.slide.example.load"), key="anim_slide_example", on_click=ui.apply_changes,
                   args=view.slide_example())
    buttons.button(t("conv.anim.random"), key="anim_random", on_click=draw_random_input)
    resized = view.resized_input(state.get(view.ANIMATION_INPUT, view.LECTURE_INPUT.tolist()),
                                 control(view.ANIMATION_SIZE))
    if resized is not None:
        ui.reset_grid(view.ANIMATION_INPUT, resized)
    return view.grid_key(ui.editable_grid(view.ANIMATION_INPUT, view.LECTURE_INPUT))


def animation_tab() -> None:
    st.markdown(t("conv.anim.intro"))
    st.caption(view.slide_caption(lang))
    left, right = st.columns([3, 2])
    with left:
        grid = animation_input()
    with right:
        st.markdown(f"**{t('conv.anim.kernel')}**")
        kernel = kernel_picker("conv.anim")
    padding_column, stride_column = st.columns(2)
    padding, stride = control("conv.anim.padding", padding_column), control("conv.anim.stride", stride_column)
    shown = view.animation(grid, kernel, padding, stride, lang)
    ui.render(shown.above, "conv.animation.above")
    if shown.positions:
        playing = shown.positions > 1 and control("conv.anim.playing")
        SessionPlayback(state).panel_run(shown.positions, playing)
        player = st.fragment(animation_player, run_every=0.9 if playing else None)
        player(grid, kernel, padding, stride, shown.positions, playing)
    ui.render(shown.below, "conv.animation.below")


def animation_player(grid, kernel, padding: int, stride: int, positions: int, playing: bool) -> None:
    """The filter at its current position; while playing, a timer reruns just this part to move it on."""
    step, stopped = SessionPlayback(state).player_run(positions, playing)
    if stopped:
        st.rerun()  # the whole page, so that the play switch shows the end
    if not playing:
        ui.set_fragment_interval(None)  # switched off by the tab's own rerun: stop the timer here
    if positions == 1:  # a 1x1 output: one position, nothing to slide through
        st.caption(t("conv.anim.single_step"))
    else:
        step = control("conv.anim.step", values={"n": positions}, max_value=positions - 1)
        ui.keyboard_shortcuts(play="conv.anim.playing", stepped=("conv.anim.step", positions - 1))
    ui.render(view.animation_frame(grid, kernel, padding, stride, step, lang), "conv.animation")


def remember_upload() -> None:
    state.update(view.remembered_upload(state.get("conv_img_upload")))


def images_tab() -> None:
    st.markdown(t("conv.img.intro"))
    pick, settings = st.columns([2, 3])
    source = control(PICTURE.source, pick)
    if source in view.DATASET_SOURCES:
        control(PICTURE.index, pick)
    if source == "upload":
        pick.file_uploader(t("conv.img.upload"), type=["png", "jpg", "jpeg"], key="conv_img_upload",
                           help=t("conv.img.upload.help"), on_change=remember_upload)
    with settings:
        kernel = kernel_picker(PICTURE.kernel_prefix)
        padding_column, stride_column = st.columns(2)
    padding, stride = control(PICTURE.padding, padding_column), control(PICTURE.stride, stride_column)
    with st.spinner(t("conv.img.loading")):
        shown = view.filtered_picture(source, state.get(PICTURE.index, 0), state.get(PICTURE.upload_bytes),
                                      state.get(PICTURE.upload_name), kernel, padding, stride, lang)
    ui.render(shown, "conv.picture")


def channels_tab() -> None:
    st.markdown(t("conv.ch.intro"))
    image_column, weight_column, count_column = st.columns([2, 2, 2])
    choice, preset = control("conv.ch.image", image_column), control("conv.ch.kernel", image_column)
    with st.spinner(t("conv.img.loading")):
        image = view.channel_image(choice, state.get(PICTURE.index, 0), lang)
    ui.render(image.notes, "conv.picture.notes")
    weights = tuple(control(f"conv.ch.weight.{c}", weight_column, {"c": name})
                    for c, name in enumerate(image.channel_names))
    bias, out_channels = control("conv.ch.bias", weight_column), int(control("conv.ch.c_out", count_column))
    shown = view.channels(image.key, preset, weights, bias, out_channels, lang)
    count_column.metric(t("conv.ch.params"), shown.params)
    ui.render(shown.blocks, "conv.channels")


def network_tab() -> None:
    st.markdown(t("conv.net.intro"))
    st.info(view.fully_connected_scale(lang))
    ui.render(view.network(control("conv.net.model"), lang), "conv.network")


ui.page_header("convolution")
TABS = {"calculator": calculator_tab, "animation": animation_tab, "images": images_tab, "channels": channels_tab,
        "network": network_tab}
ui.show_open_tab(ui.linked_tabs([t(f"conv.tab.{name}") for name in TABS], "conv.tab"), TABS.values())
