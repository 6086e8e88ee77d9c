"""Pooling: max, average and min side by side, on an editable grid and on a real feature map.
Each section is a fragment (the window position reruns only the grid); the view caches what unchanged values give."""

import streamlit as st

from explainer import ui
from explainer.views import pooling as view

lang = ui.language()
state = st.session_state
t = ui.t
PICTURE = view.PICTURE
GRID_WIDTH = 400  # pixels: a 6 x 6 grid with its index column


def control(key: str, place=None, values: dict | None = None, **changed):
    return ui.control(view.CONTROLS[key], key, lang, place, values, **changed)


def draw_random_input() -> None:
    ui.apply_changes(*view.random_input(ui.global_seed(), state.get(view.RANDOM_DRAWS, 0)))


def grid_input():
    # Callbacks run before the script, so the sliders below already show what they set.
    buttons = st.container(horizontal=True)  # wraps on a narrow screen instead of cutting the labels
    buttons.button(t("pool.grid.reset"), key="pool_reset", on_click=ui.apply_changes, args=view.lecture_grid())
    buttons.button(t("pool.grid.random"), key="pool_random", on_click=draw_random_input)
    return view.grid_key(ui.editable_grid(view.GRID, view.LECTURE_INPUT))


def grid_section(size: int, stride: int, padding: int) -> None:
    st.subheader(t("pool.grid.title"))
    # The grid keeps the width its six columns need; on a narrow screen the formula moves below it instead of the
    # grid shrinking to two visible columns.
    grid_row = st.container(horizontal=True, gap="large")
    left, right = grid_row.container(width=GRID_WIDTH), grid_row.container(width="stretch")
    with left:
        grid = grid_input()
    positions, beside = view.pool_grid(grid, size, stride, padding, lang)
    with right:
        ui.render(beside, "pool.beside")
    if positions:
        state[view.STEP], step_range = view.step_slider(state.get(view.STEP, 0), positions)
        step = min(control(view.STEP, values={"n": positions}, **step_range), positions - 1)
        ui.keyboard_shortcuts(stepped=(view.STEP, positions - 1))
        ui.render(view.pool_frame(grid, size, stride, padding, step, lang), "pool.frame")


def real_section(size: int, stride: int, padding: int) -> None:
    st.subheader(t("pool.real.title"))
    st.markdown(t("pool.real.intro"))
    source_column, kernel_column = st.columns(2)
    source, kernel = control(PICTURE.source, source_column), control(PICTURE.kernel, kernel_column)
    ui.render(view.real_pooling(source, state.get(PICTURE.index, 0), state.get(PICTURE.upload_bytes), kernel,
                                state.get(PICTURE.custom), state.get(PICTURE.padding, 0), state.get(PICTURE.stride, 1),
                                size, stride, padding, lang), "pool.real")


ui.page_header("pooling")
st.markdown(t("pool.intro"))
st.info(t("pool.notes"))
# --- pool settings shared by the grid and the real feature map
size_column, stride_column, padding_column = st.columns(3)
size, stride = control("pool.size", size_column), control("pool.stride", stride_column)
padding_limit, state["pool.padding"] = view.padding_range(size, state.get("pool.padding", 0))
padding = min(control("pool.padding", padding_column, **view.padding_slider(padding_limit)), padding_limit)
st.fragment(grid_section)(size, stride, padding)
st.fragment(real_section)(size, stride, padding)
