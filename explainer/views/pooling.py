"""What the pooling page shows: max, average and min pooling side by side on an editable grid, then on the feature
map of the picture the convolution page filters (shared through explainer.data.images.PICTURE)."""

from __future__ import annotations

import numpy as np

from explainer.figures import conv as figures
from explainer.i18n import t
from explainer.topics import convolution as conv
from explainer.views import convolution as conv_view
from explainer.views import picture as pictures
from explainer.views.blocks import Blocks, Control, chart, texts
from explainer.views.picture import Grid, grid_key  # noqa: F401 - the page's grid values as cache keys
from explainer.views.shared import built_once
from models.shapes import max_pool_padding

MODES = conv.POOL_MODES
PICTURE = conv_view.PICTURE
GRID, STEP, RANDOM_DRAWS = "pool.grid", "pool.step", "pool.random_count"
LECTURE_INPUT = conv.LECTURE_POOL_INPUT

CONTROLS = {
    "pool.size": Control("slider", 2, "pool.size", "pool.size.help", options=dict(min_value=1, max_value=4)),
    "pool.stride": Control("slider", 2, "pool.stride", "pool.stride.help", options=dict(min_value=1, max_value=4)),
    "pool.padding": Control("slider", 0, "pool.padding", "pool.padding.help", options=dict(min_value=0)),
    STEP: Control("slider", 0, "pool.step", "pool.step.help", options=dict(min_value=0)),
    PICTURE.source: conv_view.CONTROLS[PICTURE.source],
    PICTURE.kernel: conv_view.CONTROLS[PICTURE.kernel],
}


def padding_range(size: int, stored: int) -> tuple[int, int]:
    """(the most padding PyTorch accepts for this window, the stored padding clamped to it): a value left over
    from a bigger window would otherwise be refused."""
    limit = max_pool_padding(size)
    return limit, min(stored, limit)


def padding_slider(limit: int) -> dict:
    """The padding slider's range; a 1-wide window allows no padding, so the slider is shown disabled then."""
    return dict(max_value=max(limit, 1), disabled=limit == 0)


def lecture_grid():
    return {STEP: 0}, {GRID: LECTURE_INPUT}


def random_input(seed: int, draws: int):
    """The next random 6x6 grid of digits 0-9: each press draws another, the same for the same seed."""
    return {RANDOM_DRAWS: draws + 1, STEP: 0}, {GRID: conv.random_grid(seed + draws + 1, (6, 6), high=9)}


@built_once(maxsize=64)
def pool_grid(grid: Grid, size: int, stride: int, padding: int, lang: str) -> tuple[int, Blocks]:
    """(window positions, what is written beside the grid: the formula with the values, and the sizes or why
    they do not work)."""
    x = np.asarray(grid)
    result = conv.output_size(x.shape[0], x.shape[1], size, size, padding, stride)
    beside = (("latex", result.height.latex("OH", "H", "K")),)
    if not result.ok:
        return 0, beside + texts("error", conv_view.errors_of(result, lang))
    return result.oh * result.ow, beside + (("caption", t("pool.size_line", lang, h=x.shape[0], w=x.shape[1],
                                                         oh=result.oh, ow=result.ow, k=size, s=stride, p=padding)),)


def step_slider(stored: int, positions: int) -> tuple[int, dict]:
    """(the step, back to 0 when it is beyond a smaller new output; the step slider's range). One position
    leaves nothing to slide: the slider is shown disabled (Streamlit refuses a range of one value)."""
    return (stored if stored < positions else 0), dict(max_value=max(positions - 1, 1), disabled=positions == 1)


@built_once(maxsize=128)
def pool_frame(grid: Grid, size: int, stride: int, padding: int, step: int, lang: str) -> Blocks:
    """The window at position `step` on the (padded) input, each pooling's output with that cell outlined and
    the arithmetic of each, what pooling learns (nothing), and the PyTorch code."""
    x = np.asarray(grid)
    pooled = {mode: conv.pool2d(x, size, stride, padding, mode) for mode in MODES}
    row, col = conv.output_cells(*pooled["max"].shape)[step]
    window = conv.pool_arithmetic(x, size, row, col, stride, padding, "max")
    title = t("pool.input", lang, p=padding) if padding else t("pool.input_plain", lang)
    shown = [("pool_input", figures.grid_figure(conv.pad2d(x, padding), title, padding=padding,
                                                 window=(window.window_rows, window.window_cols)))]
    for mode in MODES:
        shown.append((f"pool_{mode}", figures.grid_figure(pooled[mode], t(f"pool.mode.{mode}", lang),
                                                          window=((row,), (col,)), zmin=float(x.min()),
                                                          zmax=float(x.max())),
                       conv.pool_arithmetic(x, size, row, col, stride, padding, mode).text()))
    code = t("pool.code.grid", lang, grid=conv.kernel_code(x), k=size, s=stride, p=padding,
             **{mode: conv.matrix_literal(pooled[mode]) for mode in MODES})
    return (("charts", ([1] * 4, tuple(shown))),
            ("caption", t("pool.avg_padding", lang) if padding else t("pool.no_params", lang)), ("pytorch", code))


def real_pooling(source: str, index: int, upload: bytes | None, kernel_name: str, custom: list | None,
                 picture_padding: int, picture_stride: int, size: int, stride: int, padding: int, lang: str) -> Blocks:
    """The picture through the convolution page's filter, its ReLU feature map, and that map pooled three ways."""
    kernel = grid_key((custom if kernel_name == "custom" else None) or conv.KERNEL_PRESETS[
        "sobel_x" if kernel_name == "custom" else kernel_name])
    shown = pictures.picture(source, index, upload, lang)
    told = texts("warning", [shown.problem])
    if shown.problem and not shown.rejected:
        told += texts("caption", [t("conv.img.fallback", lang)])
    return told + _real_pooling(shown.key, kernel, kernel_name, picture_padding, picture_stride, size, stride, padding,
                                lang)


@built_once(maxsize=32)
def _real_pooling(key, kernel: Grid, kernel_name: str, picture_padding: int, picture_stride: int, size: int,
                  stride: int, padding: int, lang: str) -> Blocks:
    grey = pictures.grey(key)
    fits = conv.output_size(grey.shape[0], grey.shape[1], len(kernel), len(kernel[0]), picture_padding,
                            picture_stride)
    # An upload smaller than the filter: say so and use the built-in digit.
    told = tuple(("warning", t(error, lang, **values)) for error, values in fits.errors)
    if not fits.ok:
        key = pictures.STAND_IN
    grey, feature = pictures.grey(key), pictures.filtered(key, kernel, picture_stride, picture_padding).activated
    real = conv.output_size(feature.shape[0], feature.shape[1], size, size, padding, stride)
    if not real.ok:
        return told + texts("error", conv_view.errors_of(real, lang))
    panels = [(t("pool.real.feature", lang, h=feature.shape[0], w=feature.shape[1]), feature, "positive")]
    panels += [(t(f"pool.real.{mode}", lang, h=real.oh, w=real.ow), conv.pool2d(feature, size, stride, padding, mode),
                "positive") for mode in MODES]
    caption = t("pool.real.caption", lang, kernel=t(f"conv.kernel.{kernel_name}", lang), p=picture_padding,
                s=picture_stride, ratio=f"{feature.size / (real.oh * real.ow):.1f}")
    code = t("pool.code.real", lang, kernel=conv.kernel_code(np.asarray(kernel)), p=picture_padding,
             s=picture_stride, k=size, ps=stride, pp=padding, h=grey.shape[0], w=grey.shape[1],
             fh=feature.shape[0], fw=feature.shape[1], oh=real.oh, ow=real.ow)
    return told + chart("pool_real", figures.image_panels(panels, height=320)) + (("caption", caption),
                                                                                   ("pytorch", code))
