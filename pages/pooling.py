"""Pooling: max, average and min side by side, on an editable grid and on a real feature map."""

import streamlit as st

from explainer import ui
from explainer.data import images
from explainer.figures import conv as figures
from explainer.i18n import t as translate
from explainer.topics import convolution as conv
from models import shapes

lang = ui.language()


def t(key: str, **values) -> str:
    # Bound to this run's language: format_func callbacks are also called outside the script run.
    return translate(key, lang, **values)


ui.page_header("pooling")
st.markdown(t("pool.intro"))
st.info(t("pool.notes"))

MODES = conv.POOL_MODES
GRID_WIDTH = 400  # pixels: a 6 x 6 grid with its index column

# --- pool settings shared by the grid and the real feature map -------------------------------------------
settings = st.columns(3)
with settings[0]:
    size = ui.persistent_widget(st.slider, "pool.size", 2, label=t("pool.size"), min_value=1, max_value=4,
                                help=t("pool.size.help"))
with settings[1]:
    stride = ui.persistent_widget(st.slider, "pool.stride", 2, label=t("pool.stride"), min_value=1, max_value=4,
                                  help=t("pool.stride.help"))
with settings[2]:
    # A value left over from a bigger window is clamped to what PyTorch accepts for this one.
    padding_limit = shapes.max_pool_padding(size)
    if st.session_state.get("pool.padding", 0) > padding_limit:
        st.session_state["pool.padding"] = padding_limit
    padding = ui.persistent_widget(st.slider, "pool.padding", 0, label=t("pool.padding"), min_value=0,
                                   max_value=max(padding_limit, 1), disabled=padding_limit == 0,
                                   help=t("pool.padding.help"))
    padding = min(padding, padding_limit)

# --- 1. an editable grid ---------------------------------------------------------------------------------
st.subheader(t("pool.grid.title"))
# The grid keeps the width its six columns need; on a narrow screen the formula moves below it instead of the
# grid shrinking to two visible columns.
grid_row = st.container(horizontal=True, gap="large")
left, right = grid_row.container(width=GRID_WIDTH), grid_row.container(width="stretch")
with left:
    def default_grid() -> None:
        ui.reset_grid("pool.grid", conv.LECTURE_POOL_INPUT)
        st.session_state["pool.step"] = 0

    def random_input() -> None:
        draws = st.session_state.get("pool.random_count", 0) + 1
        st.session_state["pool.random_count"] = draws
        ui.reset_grid("pool.grid", conv.random_grid(ui.global_seed() + draws, (6, 6), high=9))
        st.session_state["pool.step"] = 0

    # Callbacks run before the script, so the sliders below already show what they set.
    buttons = st.container(horizontal=True)  # wraps on a narrow screen instead of cutting the labels
    buttons.button(t("pool.grid.reset"), key="pool_reset", on_click=default_grid)
    buttons.button(t("pool.grid.random"), key="pool_random", on_click=random_input)
    grid = ui.editable_grid("pool.grid", conv.LECTURE_POOL_INPUT)
result = conv.output_size(grid.shape[0], grid.shape[1], size, size, padding, stride)
with right:
    st.latex(result.height.latex("OH", "H", "K"))
    if not result.ok:
        for key, values in result.errors:
            st.error(t(key, **values))
    else:
        st.caption(t("pool.size_line", h=grid.shape[0], w=grid.shape[1], oh=result.oh, ow=result.ow, k=size, s=stride,
                     p=padding))
if result.ok:
    pooled = {mode: conv.pool2d(grid, size, stride, padding, mode) for mode in MODES}
    cells = conv.output_cells(result.oh, result.ow)
    if st.session_state.get("pool.step", 0) >= len(cells):
        st.session_state["pool.step"] = 0
    step = ui.persistent_widget(st.slider, "pool.step", 0, label=t("pool.step"), min_value=0,
                                max_value=max(len(cells) - 1, 1), disabled=len(cells) == 1,
                                help=t("pool.step.help", n=len(cells)))
    step = min(step, len(cells) - 1)
    row, col = cells[step]
    first = conv.pool_arithmetic(grid, size, row, col, stride, padding, "max")
    columns = st.columns(4)
    input_title = t("pool.input", p=padding) if padding else t("pool.input_plain")
    columns[0].plotly_chart(figures.grid_figure(conv.pad2d(grid, padding), input_title,
                                                window=(first.window_rows, first.window_cols), padding=padding),
                            width="stretch", key="pool_input")
    low, high = float(grid.min()), float(grid.max())
    for column, mode in zip(columns[1:], MODES, strict=True):
        column.plotly_chart(figures.grid_figure(pooled[mode], t(f"pool.mode.{mode}"), window=((row,), (col,)),
                                                zmin=low, zmax=high), width="stretch", key=f"pool_{mode}")
        column.code(conv.pool_arithmetic(grid, size, row, col, stride, padding, mode).text(), language=None,
                    wrap_lines=True)
    st.caption(t("pool.avg_padding") if padding else t("pool.no_params"))
    ui.code_expander(t("pool.code.grid", grid=conv.kernel_code(grid), k=size, s=stride, p=padding,
                       max=conv.matrix_literal(pooled["max"]),
                       avg=conv.matrix_literal(pooled["avg"]),
                       min=conv.matrix_literal(pooled["min"])))

# --- 2. a real feature map (the filtered image of the convolution page) -------------------------------------
st.subheader(t("pool.real.title"))
st.markdown(t("pool.real.intro"))
pick = st.columns(2)
with pick[0]:
    source = ui.persistent_widget(st.selectbox, images.PICTURE.source, "digit", label=t("conv.img.source"),
                                  options=list(images.IMAGE_SOURCES),
                                  format_func=lambda s: t(f"conv.img.src.{s}"))
with pick[1]:
    kernel_name = ui.persistent_widget(st.selectbox, images.PICTURE.kernel, "sobel_x", label=t("conv.kernel.preset"),
                                       options=[*conv.KERNEL_PRESETS, "custom"],
                                       format_func=lambda k: t(f"conv.kernel.{k}"))
kernel = (st.session_state.get(images.PICTURE.custom) if kernel_name == "custom"
          else conv.KERNEL_PRESETS[kernel_name].tolist()) or conv.KERNEL_PRESETS["sobel_x"].tolist()
try:
    pixels, _ = images.resolve_image(source, st.session_state.get(images.PICTURE.index, 0),
                                     st.session_state.get(images.PICTURE.upload_bytes))
except images.ImageRejected as err:
    st.warning(err.message(lang))
    pixels = images.synthetic_image("digit")
except Exception as err:  # explainer.data.datasets.DatasetUnavailable
    st.warning(images.unavailable_text(err, lang))
    st.caption(t("conv.img.fallback"))
    pixels = images.synthetic_image("digit")
img_padding = st.session_state.get(images.PICTURE.padding, 0)
img_stride = st.session_state.get(images.PICTURE.stride, 1)
grey = images.to_grey(pixels)
fits = conv.output_size(grey.shape[0], grey.shape[1], len(kernel), len(kernel[0]), img_padding, img_stride)
for key, values in fits.errors:  # an upload smaller than the filter: say so and use the built-in digit
    st.warning(t(key, **values))
if not fits.ok:
    grey = images.to_grey(images.synthetic_image("digit"))
filtered = conv.filter_image(grey, kernel, img_stride, img_padding)
feature = filtered.activated
real = conv.output_size(feature.shape[0], feature.shape[1], size, size, padding, stride)
if not real.ok:
    for key, values in real.errors:
        st.error(t(key, **values))
else:
    panels = [(t("pool.real.feature", h=feature.shape[0], w=feature.shape[1]), feature, "positive")]
    panels += [(t(f"pool.real.{mode}", h=real.oh, w=real.ow), conv.pool2d(feature, size, stride, padding, mode),
                "positive") for mode in MODES]
    st.plotly_chart(figures.image_panels(panels, height=320), width="stretch", key="pool_real")
    st.caption(t("pool.real.caption", kernel=t(f"conv.kernel.{kernel_name}"), p=img_padding, s=img_stride,
                 ratio=f"{feature.size / (real.oh * real.ow):.1f}"))
    ui.code_expander(t("pool.code.real", kernel=conv.kernel_code(kernel), p=img_padding, s=img_stride, k=size,
                       ps=stride, pp=padding, h=grey.shape[0], w=grey.shape[1], fh=feature.shape[0],
                       fw=feature.shape[1], oh=real.oh, ow=real.ow))
