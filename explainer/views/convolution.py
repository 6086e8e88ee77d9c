"""What the convolution page shows, tab by tab, from its widget values: texts already translated, figures built.

Every function of widget values is cached (they are pure and their inputs hashable), so moving one slider
rebuilds only what that slider changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explainer.data import images
from explainer.figures import conv as figures
from explainer.i18n import t
from explainer.inspection.network_table import NETWORK_LAYERS, flatten_row, network_table, total_parameters
from explainer.lecture import slides
from explainer.topics import convolution as conv
from explainer.views import picture as pictures
from explainer.views.blocks import Blocks, Control, chart, texts
from explainer.views.picture import Grid, grid_key  # noqa: F401 - the page's grid values as cache keys
from explainer.views.shared import built_once

KERNEL_NAMES = (*conv.KERNEL_PRESETS, "custom")
DEFAULT_KERNEL = conv.KERNEL_PRESETS["lecture"]
DATASET_SOURCES = pictures.DATASET_SOURCES  # an index picker for these
PICTURE = images.PICTURE
ANIMATION_INPUT = "conv.anim.input"
ANIMATION_SIZE = "conv.anim.size"
ANIMATION_STEP = "conv.anim.step"
ANIMATION_RANDOM_DRAWS = "conv.anim.random_count"
LECTURE_INPUT = conv.LECTURE_INPUT


def _number(default: int, label: str, **options) -> Control:
    # Minimum 0 everywhere on purpose: stride 0 or an empty kernel gets explained instead of blocked.
    return Control("number_input", default, label, f"{label}.help",
                   options=dict(min_value=0, max_value=4096, step=1, **options))


CONTROLS = {
    **{f"conv.calc.{name}": _number(default, f"conv.calc.{name}") for name, default in
       (("h", 7), ("w", 7), ("fh", 3), ("fw", 3), ("p", 0), ("s", 1), ("d", 1))},
    "conv.anim.size": Control("slider", 5, "conv.anim.grid_size", "conv.anim.grid_size.help",
                              options=dict(min_value=3, max_value=8)),
    "conv.anim.kernel": Control("selectbox", "lecture", "conv.kernel.preset", choices="conv.kernel.",
                                options=dict(options=KERNEL_NAMES)),
    "conv.anim.padding": Control("slider", 0, "conv.padding", options=dict(min_value=0, max_value=2)),
    "conv.anim.stride": Control("slider", 1, "conv.stride", options=dict(min_value=1, max_value=3)),
    "conv.anim.playing": Control("toggle", False, "conv.anim.play", "conv.anim.play.help"),
    "conv.anim.step": Control("slider", 0, "conv.anim.step", "conv.anim.step.help",
                              options=dict(min_value=0, format="%d")),
    images.PICTURE.source: Control("selectbox", "digit", "conv.img.source", choices="conv.img.src.",
                                   options=dict(options=images.IMAGE_SOURCES)),
    images.PICTURE.index: Control("number_input", 0, "conv.img.index", "conv.img.index.help",
                                  options=dict(min_value=0, max_value=9_999, step=1)),
    images.PICTURE.kernel: Control("selectbox", "sobel_x", "conv.kernel.preset", choices="conv.kernel.",
                                   options=dict(options=KERNEL_NAMES)),
    images.PICTURE.padding: Control("slider", 0, "conv.padding", options=dict(min_value=0, max_value=3)),
    images.PICTURE.stride: Control("slider", 1, "conv.stride", options=dict(min_value=1, max_value=4)),
    "conv.ch.image": Control("radio", "colour_scene", "conv.ch.image", choices="conv.ch.img.",
                             options=dict(options=("digit", "colour_scene", "cifar10"))),
    "conv.ch.kernel": Control("selectbox", "sobel_x", "conv.kernel.preset", choices="conv.kernel.",
                              options=dict(options=tuple(conv.KERNEL_PRESETS))),
    **{f"conv.ch.weight.{c}": Control("slider", 1.0, "conv.ch.weight",
                                      options=dict(min_value=-1.0, max_value=1.0, step=0.25)) for c in range(3)},
    "conv.ch.bias": Control("slider", 0.0, "conv.ch.bias", options=dict(min_value=-2.0, max_value=2.0, step=0.1)),
    "conv.ch.c_out": Control("number_input", 1, "conv.ch.c_out", "conv.ch.c_out.help",
                             options=dict(min_value=1, max_value=512, step=1)),
    "conv.net.model": Control("selectbox", "mnist_cnn", "conv.net.model", choices="conv.net.",
                              options=dict(options=tuple(NETWORK_LAYERS))),
}
CALC_FIELDS = tuple(key for key in CONTROLS if key.startswith("conv.calc."))


def errors_of(size: conv.OutputSize, lang: str) -> tuple[str, ...]:
    return tuple(t(key, lang, **values) for key, values in size.errors)


# --- kernels ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KernelChoice:
    about: str
    editable: bool
    reset_to: list | None  # the preset's values, when the grid below the picker does not show them yet


def kernel_choice(name: str, shown: list | None, lang: str) -> KernelChoice:
    """A preset writes its values into the (read-only) grid; 'custom' makes the grid editable."""
    if name == "custom":
        return KernelChoice(t("conv.kernel.custom.about", lang), True, None)
    preset = conv.KERNEL_PRESETS[name].tolist()
    return KernelChoice(t(f"conv.kernel.{name}.about", lang), False, None if shown == preset else preset)


# --- 1. output-size calculator ---------------------------------------------------------------------------------

CALC_PRESETS = tuple(preset.key for preset in conv.CALCULATOR_PRESETS)


def calculator_preset(key: str) -> dict[str, int]:
    """The calculator fields' session values that a preset button sets (dilation back to 1)."""
    preset = next(p for p in conv.CALCULATOR_PRESETS if p.key == key)
    values = (preset.height, preset.width, preset.kernel, preset.kernel, preset.padding, preset.stride, 1)
    return dict(zip(CALC_FIELDS, values, strict=True))


@built_once(maxsize=64)
def calculator(h: int, w: int, fh: int, fw: int, p: int, s: int, d: int, lang: str) -> Blocks:
    """Everything below the calculator's fields: the sizes, the formula with the values, why a value does not
    work, each axis as a strip of cells with the filter's placements, the lecture's remark, the PyTorch code."""
    result = conv.output_size(h, w, fh, fw, p, s, d)
    same_axes = result.height == conv.axis_output_size(w, fh, p, s, d) and fh == fw
    axes = [(result.height, "H, W" if same_axes else "H")] + ([] if same_axes else [(result.width, "W")])
    metrics = ((t("conv.calc.oh", lang), result.oh if result.height.ok else "—"),
               (t("conv.calc.ow", lang), result.ow if result.width.ok else "—"),
               (t("conv.calc.output_shape", lang), f"{result.oh} × {result.ow}" if result.ok else "—"))
    blocks = (("metrics", metrics), *texts("latex", (result.height.latex("OH", "H", "FH"),
                                                     result.width.latex("OW", "W", "FW"))),
              *texts("error", errors_of(result, lang)))
    for axis, name in axes:
        warning = None
        if axis.ok and axis.non_integer:
            warning = t("conv.calc.non_integer", lang, axis=name, numerator=axis.numerator, stride=axis.stride,
                        exact=axis.exact, out=axis.out, unused=axis.numerator % axis.stride)
        strip = figures.window_strip(axis, t("conv.calc.strip", lang, axis=name), t("conv.calc.strip.cells", lang),
                                     t("conv.calc.strip.window", lang), t("conv.calc.strip.dropped", lang),
                                     strip_summary(axis, lang) if axis.ok else None)
        blocks += texts("warning", [warning]) + chart(f"strip_{name}", strip)
    preset = conv.matching_preset(h, w, fh, fw, p, s, d)
    code = t("conv.code.calculator", lang, h=h, w=w, fh=fh, fw=fw, s=s, p=p, d=d,
             shape=f"torch.Size([1, 1, {result.oh}, {result.ow}])" if result.ok else "RuntimeError")
    remark = t(preset.note, lang) if preset is not None and preset.note else None
    return blocks + texts("info", [remark]) + texts("caption", [coverage_caption(lang)]) + (("pytorch", code),)


def strip_summary(axis, lang: str) -> str:
    """What a window strip shows, in words (its bars' lengths would say nothing): the cells, the padding, where each
    window sits and the cells no window reaches."""
    starts, dropped = conv.window_starts(axis), conv.uncovered_cells(axis)
    return t("conv.calc.strip.summary", lang, cells=axis.padded, padding=axis.padding, count=len(starts),
             windows=", ".join(f"{start}…{start + axis.span - 1}" for start in starts),
             dropped=", ".join(map(str, dropped)) if dropped else t("a11y.summary.none", lang))


@built_once(maxsize=2)
def coverage_caption(lang: str) -> str:
    return t("conv.slide.coverage", lang, plain=" ".join(map(str, slides.window_coverage(7, 3))),
             padded=" ".join(map(str, slides.window_coverage(7, 3, padding=1))))


# --- 2. the filter sliding over a small grid -------------------------------------------------------------------


Changes = tuple[dict, dict]  # what a button sets: (plain session values, editable grids to replace)


def lecture_grid() -> Changes:
    return {ANIMATION_SIZE: 5, ANIMATION_STEP: 0}, {ANIMATION_INPUT: LECTURE_INPUT}


def random_input(seed: int, draws: int, side: int) -> Changes:
    """The next random 0/1 grid of this size: each press draws another, the same for the same seed."""
    return {ANIMATION_RANDOM_DRAWS: draws + 1}, {ANIMATION_INPUT: conv.random_grid(seed + draws + 1, (side, side))}


def slide_example() -> Changes:
    return ({ANIMATION_SIZE: len(slides.SLIDE_INPUT), "conv.anim.kernel": "custom", ANIMATION_STEP: 0},
            {ANIMATION_INPUT: slides.SLIDE_INPUT, "conv.anim.custom": slides.SLIDE_FILTER})


def resized_input(current: list, side: int) -> np.ndarray | None:
    """The grid cut or padded with zeros to side × side after the size slider moved, or None if it fits."""
    if (len(current), len(current[0])) == (side, side):
        return None
    return conv.resize_grid(current, side, side)


@built_once(maxsize=2)
def slide_caption(lang: str) -> str:
    slide = slides.slide_convolution()
    return t("conv.slide.example", lang, input=conv.matrix_literal(slides.SLIDE_INPUT),
             kernel=conv.matrix_literal(slides.SLIDE_FILTER), first=slide.first_cell,
             output=conv.matrix_literal(slide.output))


@dataclass(frozen=True)
class Animation:
    positions: int  # filter positions, one per output cell (0 when the sizes do not fit)
    above: Blocks  # why the sizes do not fit, or the sizes
    below: Blocks = ()  # the PyTorch code

@built_once(maxsize=64)
def animation(grid: Grid, kernel: Grid, padding: int, stride: int, lang: str) -> Animation:
    x, k = np.asarray(grid), np.asarray(kernel)
    size = conv.output_size(x.shape[0], x.shape[1], k.shape[0], k.shape[1], padding, stride)
    if not size.ok:
        return Animation(0, texts("error", errors_of(size, lang)))
    full = conv.conv2d(x, k, stride=stride, padding=padding)
    caption = t("conv.anim.size", lang, h=x.shape[0], w=x.shape[1], k=k.shape[0], p=padding, s=stride,
                oh=full.shape[0], ow=full.shape[1])
    code = t("conv.code.animation", lang, grid=conv.kernel_code(x), kernel=conv.kernel_code(k), s=stride, p=padding,
             out=conv.matrix_literal(full))
    return Animation(full.size, (("caption", caption),), (("pytorch", code),))


@built_once(maxsize=256)
def animation_frame(grid: Grid, kernel: Grid, padding: int, stride: int, step: int, lang: str) -> Blocks:
    """The filter at position `step` (row by row): the (padded) input with the window, the kernel, the feature map
    filled so far, and the sum the window makes written out."""
    x, k = np.asarray(grid), np.asarray(kernel)
    full = conv.conv2d(x, k, stride=stride, padding=padding)
    cells = conv.output_cells(*full.shape)
    row, col = cells[step]
    cell = conv.cell_arithmetic(x, k, row, col, stride=stride, padding=padding)
    title = t("conv.anim.padded_input", lang, p=padding) if padding else t("conv.anim.input", lang)
    shown = (("anim_input", figures.grid_figure(conv.pad2d(x, padding), title, padding=padding,
                                                window=(cell.window_rows, cell.window_cols))),
             ("anim_kernel", kernel_figure(kernel, lang)),
             ("anim_output", figures.grid_figure(conv.partial_feature_map(full, step), t("conv.anim.feature_map", lang),
                                                 window=((row,), (col,)), zmin=float(full.min()),
                                                 zmax=float(full.max()))))
    return (("charts", ([5, 3, 4], shown)),
            ("markdown", t("conv.anim.cell", lang, row=row, col=col, n=step + 1, total=len(cells))),
            ("arithmetic", cell.text()))


@built_once(maxsize=32)
def kernel_figure(kernel: Grid, lang: str):
    return figures.grid_figure(np.asarray(kernel), t("conv.anim.kernel", lang), colorscale=figures.SIGNED_SCALE, zmid=0)


# --- 3. filters on real images ---------------------------------------------------------------------------------


def remembered_upload(uploaded) -> dict:
    """The shared picture keys after the uploader changed: the file's bytes and name, None when it was removed
    (kept under these keys, the picture survives page switches and feeds the pooling page)."""
    if uploaded is None:
        return {PICTURE.upload_bytes: None, PICTURE.upload_name: None}
    return {PICTURE.upload_bytes: uploaded.getvalue(), PICTURE.upload_name: uploaded.name}


def filtered_picture(source: str, index: int, upload: bytes | None, upload_name: str | None, kernel: Grid,
                     padding: int, stride: int, lang: str) -> Blocks:
    """The picture, the kernel, the raw map and its ReLU side by side, with their numbers; or why not."""
    shown = pictures.picture(source, index, upload, lang)
    return _filtered_picture(shown.key, shown.label, shown.problem, source == "upload" and upload is None, upload_name,
                             kernel, padding, stride, lang)


@built_once(maxsize=32)
def _filtered_picture(key, label: int | None, problem: str | None, nothing_uploaded: bool, upload_name: str | None,
                      kernel: Grid, padding: int, stride: int, lang: str) -> Blocks:
    grey, k = pictures.grey(key), np.asarray(kernel)
    size = conv.output_size(grey.shape[0], grey.shape[1], k.shape[0], k.shape[1], padding, stride)
    told = ()
    if problem:  # nothing uploaded yet is a hint, not a warning
        told = texts("info" if nothing_uploaded else "warning", [problem]) + texts("caption",
                                                                                  [t("conv.img.fallback", lang)])
    if not size.ok:
        return told + texts("error", errors_of(size, lang))
    result = pictures.filtered(key, kernel, stride, padding)
    figure = figures.image_panels([
        (t("conv.img.panel.input", lang, h=grey.shape[0], w=grey.shape[1]), grey, "image"),
        (t("conv.img.panel.kernel", lang), k, "kernel"),
        (t("conv.img.panel.raw", lang, h=size.oh, w=size.ow), result.raw, "signed"),
        (t("conv.img.panel.relu", lang), result.activated, "positive"),
    ])
    metrics = ((t("conv.img.min_max", lang),
                f"{conv.format_number(result.raw.min())} … {conv.format_number(result.raw.max())}"),
               (t("conv.img.zeroed", lang), f"{(result.raw <= 0).mean():.0%}"),
               (t("conv.img.output_shape", lang), f"{size.oh} × {size.ow}"))
    captions = [t("conv.img.colours", lang)]
    if label is not None:
        captions.append(t("conv.img.label", lang, label=images.label_name(key[0], label, lang)))
    if key[0] == "upload":
        # A file the browser refuses (another type, over 5 MB) never reaches the server, and the uploader keeps
        # the previous picture: name the picture shown so that a red entry above is not mistaken for it.
        captions.append(t("conv.img.upload_shown", lang, name=upload_name or "?"))
    code = t("conv.code.images", lang, kernel=conv.kernel_code(k), s=stride, p=padding, h=grey.shape[0],
             w=grey.shape[1], oh=size.oh, ow=size.ow)
    return told + chart("img_panels", figure) + (("metrics", metrics),) + texts("caption", captions) + \
        (("pytorch", code),)


# --- 4. channels -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelImage:
    key: tuple  # the picture shown (explainer.views.picture.PictureKey)
    channel_names: tuple[str, ...]  # a weight slider for each
    notes: Blocks  # the CIFAR-10 picture is not there: a stand-in is shown


def channel_image(choice: str, index: int, lang: str) -> ChannelImage:
    shown = pictures.picture(choice, int(index) if choice == "cifar10" else 0, None, lang)
    problem = shown.problem
    if problem is not None:  # the colour scene stands in for a CIFAR-10 picture that is not there
        shown = pictures.picture("colour_scene", 0, None, lang)
    names = ("R", "G", "B") if shown.pixels.shape[0] == 3 else (t("conv.ch.grey", lang),)
    told = texts("warning", [problem]) + texts("caption", [t("conv.ch.fallback", lang)]) if problem else ()
    return ChannelImage(shown.key, names, told)


@dataclass(frozen=True)
class Channels:
    params: int
    blocks: Blocks  # the count's formula, each channel through its kernel slice, the sum, the bias and ReLU


@built_once(maxsize=32)
def channels(key: tuple, preset: str, weights: tuple[float, ...], bias: float, out_channels: int,
             lang: str) -> Channels:
    image = pictures.pixels(key)
    c_in = image.shape[0]
    params = conv.conv_parameter_count(3, 3, c_in, out_channels)
    kernel3 = conv.channel_kernel(conv.KERNEL_PRESETS[preset], list(weights))
    steps = conv.channel_steps(image, kernel3, bias=bias)
    names = ["R", "G", "B"] if c_in == 3 else [t("conv.ch.grey", lang)]
    bias_text = conv.format_number(bias)
    rows = figures.channel_figure(image, kernel3, steps.per_channel, row_titles=names,
                                  column_titles=[t("conv.ch.col.channel", lang), t("conv.ch.col.slice", lang),
                                                 t("conv.ch.col.map", lang)])
    sums = figures.image_panels([(t("conv.ch.sum", lang), steps.summed, "signed"),
                                 (t("conv.ch.output", lang, bias=bias_text), steps.output, "signed"),
                                 (t("conv.ch.relu", lang), conv.relu(steps.output), "positive")], height=300)
    picture = figures.rgb_figure(image, t("conv.ch.input", lang, c=c_in, h=image.shape[1], w=image.shape[2]))
    return Channels(params, (
        ("latex", rf"(k \cdot k \cdot C_{{in}} + 1) \cdot C_{{out}} = (3 \cdot 3 \cdot {c_in} + 1) \cdot {out_channels}"
                  rf" = {params}"),
        ("markdown", t("conv.ch.step1", lang, c=c_in)),
        ("charts", ([1, 3], (("ch_input", picture), ("ch_rows", rows)))),
        ("markdown", t("conv.ch.step2", lang, c=c_in, bias=bias_text)),
        *chart("ch_sum", sums),
        ("caption", t("conv.ch.check", lang, shape=f"1 × {steps.output.shape[0]} × {steps.output.shape[1]}")),
        ("pytorch", t("conv.code.channels", lang, c=c_in, c_out=out_channels, params=params,
          kernel=conv.kernel_code(conv.KERNEL_PRESETS[preset]),
          weights=", ".join(conv.format_number(w).replace("−", "-") for w in weights),
          bias=bias_text.replace("−", "-"), h=image.shape[1], w=image.shape[2]))))


# --- 5. whole network ------------------------------------------------------------------------------------------


@built_once(maxsize=2)
def fully_connected_scale(lang: str) -> str:
    """Why fully-connected layers do not scale to photos."""
    scale = slides.fully_connected_scale()
    return t("conv.slide.fc_scale", lang, small=scale.small_inputs, large=scale.large_inputs, hidden=scale.hidden,
             small_w=scale.small_weights, large_w=scale.large_weights)


@built_once(maxsize=8)
def network(model_name: str, lang: str) -> Blocks:
    """The lecture network's layers: shapes, parameters and how each size comes about."""
    rows = network_table(model_name)
    flat = flatten_row(rows).output_shape[0]
    table = [{t("conv.net.col.layer", lang): row.name if row.kind in ("conv", "linear")
              else t(f"conv.net.kind.{row.kind}", lang),
              t("conv.net.col.code", lang): row.code,
              t("conv.net.col.shape", lang): " × ".join(map(str, row.output_shape)),
              t("conv.net.col.params", lang): row.parameters,
              t("conv.net.col.how", lang): row.arithmetic} for row in rows]
    return (
        ("metrics", ((t("conv.net.flatten", lang), flat), (t("conv.net.total", lang), f"{total_parameters(rows):,}"),
                     (t("conv.net.input", lang), " × ".join(map(str, rows[0].output_shape))))),
        ("table", table),
        ("info", t("conv.net.note", lang, flat=flat, model=t(f"conv.net.{model_name}", lang))),
        ("pytorch", "\n".join(row.code for row in rows if row.kind != "input")
         + f"\n# {t('conv.net.flatten', lang)}: {flat}"),
    )

