"""Convolution: size calculator, a filter sliding over a grid, filters on real images, channels, networks."""

import streamlit as st

from explainer import ui
from explainer.data import images
from explainer.figures import conv as figures
from explainer.i18n import t as translate
from explainer.inspection.network_table import NETWORK_LAYERS, flatten_row, network_table, total_parameters
from explainer.lecture import slides
from explainer.topics import convolution as conv
from explainer.views import filter_playback as playback

lang = ui.language()


def t(key: str, **values) -> str:
    # Bound to this run's language: format_func callbacks are also called outside the script run.
    return translate(key, lang, **values)


ui.page_header("convolution")

KERNEL_NAMES = [*conv.KERNEL_PRESETS, "custom"]
CALC_FIELD_WIDTH = 150  # pixels: the longest label ("Filter height FH") and its help icon on one line


def kernel_picker(prefix: str, default: str = "lecture"):
    """Preset selectbox plus a 3x3 grid that becomes editable under 'custom'; returns the kernel array."""
    name = ui.persistent_widget(st.selectbox, f"{prefix}.kernel", default, label=t("conv.kernel.preset"),
                                options=KERNEL_NAMES, format_func=lambda k: t(f"conv.kernel.{k}"))
    if name != "custom":
        if st.session_state.get(f"{prefix}.custom") != conv.KERNEL_PRESETS[name].tolist():
            ui.reset_grid(f"{prefix}.custom", conv.KERNEL_PRESETS[name])
        st.caption(t(f"conv.kernel.{name}.about"))
    else:
        st.caption(t("conv.kernel.custom.about"))
    grid = ui.editable_grid(f"{prefix}.custom", conv.KERNEL_PRESETS["lecture"], disabled=name != "custom", step=0.1)
    return name, grid


def show_size_errors(result) -> None:
    for key, values in result.errors:
        st.error(t(key, **values))


tab_calc, tab_anim, tab_images, tab_channels, tab_network = st.tabs(
    [t("conv.tab.calculator"), t("conv.tab.animation"), t("conv.tab.images"), t("conv.tab.channels"),
     t("conv.tab.network")]
)

# --- 1. output-size calculator ------------------------------------------------------------------------
with tab_calc:
    st.markdown(t("conv.calc.intro"))
    st.latex(r"OH = \frac{H + 2P - FH}{S} + 1, \qquad OW = \frac{W + 2P - FW}{S} + 1")
    st.caption(t("conv.calc.presets"))
    def apply_preset(preset: conv.CalculatorPreset) -> None:
        for field, value in (("h", preset.height), ("w", preset.width), ("fh", preset.kernel),
                             ("fw", preset.kernel), ("p", preset.padding), ("s", preset.stride), ("d", 1)):
            st.session_state[f"conv.calc.{field}"] = value

    preset_columns = st.columns(3) + st.columns(3)
    for column, preset in zip(preset_columns, conv.CALCULATOR_PRESETS, strict=True):
        column.button(t(preset.key), key=f"preset_{preset.key}", width="stretch", on_click=apply_preset,
                      args=(preset,))
    # Minimum 0 everywhere on purpose: stride 0 or an empty kernel gets explained instead of blocked.
    fields = (("h", 7, 0), ("w", 7, 0), ("fh", 3, 0), ("fw", 3, 0), ("p", 0, 0), ("s", 1, 0), ("d", 1, 0))
    values = {}
    # Inputs wide enough for their labels on one line; they wrap to a second row on a narrow screen instead of
    # breaking "입력 높이" mid-word.
    field_row = st.container(horizontal=True, gap="small")
    for field, default, minimum in fields:
        values[field] = int(ui.persistent_widget(
            field_row.number_input, f"conv.calc.{field}", default, label=t(f"conv.calc.{field}"),
            min_value=minimum, max_value=4096, step=1, help=t(f"conv.calc.{field}.help"), width=CALC_FIELD_WIDTH))
    result = conv.output_size(values["h"], values["w"], values["fh"], values["fw"], values["p"], values["s"],
                              values["d"])
    metric_oh, metric_ow, metric_ok = st.columns(3)
    metric_oh.metric(t("conv.calc.oh"), result.oh if result.height.ok else "—")
    metric_ow.metric(t("conv.calc.ow"), result.ow if result.width.ok else "—")
    metric_ok.metric(t("conv.calc.output_shape"), f"{result.oh} × {result.ow}" if result.ok else "—")
    st.latex(result.height.latex("OH", "H", "FH"))
    st.latex(result.width.latex("OW", "W", "FW"))
    show_size_errors(result)
    same_axes = result.height == conv.axis_output_size(values["w"], values["fh"], values["p"], values["s"],
                                                        values["d"]) and values["fh"] == values["fw"]
    axes = [(result.height, "H, W" if same_axes else "H")] + ([] if same_axes else [(result.width, "W")])
    for axis, name in axes:
        if axis.ok and axis.non_integer:
            st.warning(t("conv.calc.non_integer", axis=name, numerator=axis.numerator, stride=axis.stride,
                         exact=axis.exact, out=axis.out, unused=axis.numerator % axis.stride))
        strip = figures.window_strip(axis, t("conv.calc.strip", axis=name), t("conv.calc.strip.cells"),
                                     t("conv.calc.strip.window"), t("conv.calc.strip.dropped"))
        if strip is not None:
            st.plotly_chart(strip, width="stretch", key=f"strip_{name}")
    preset = conv.matching_preset(values["h"], values["w"], values["fh"], values["fw"], values["p"], values["s"],
                                  values["d"])
    if preset is not None and preset.note:
        st.info(t(preset.note))
    st.caption(t("conv.slide.coverage", plain=" ".join(map(str, slides.window_coverage(7, 3))),
                 padded=" ".join(map(str, slides.window_coverage(7, 3, padding=1)))))
    ui.code_expander(t("conv.code.calculator", h=values["h"], w=values["w"], fh=values["fh"], fw=values["fw"],
                       s=values["s"], p=values["p"], d=values["d"],
                       shape=f"torch.Size([1, 1, {result.oh}, {result.ow}])" if result.ok else "RuntimeError"))

# --- 2. the filter sliding over a small grid ------------------------------------------------------------
with tab_anim:
    st.markdown(t("conv.anim.intro"))
    slide = slides.slide_convolution()
    st.caption(t("conv.slide.example", input=conv.matrix_literal(slides.SLIDE_INPUT),
                 kernel=conv.matrix_literal(slides.SLIDE_FILTER), first=slide.first_cell,
                 output=conv.matrix_literal(slide.output)))
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**{t('conv.anim.input')}**")
        def back_to_lecture() -> None:
            ui.reset_grid("conv.anim.input", conv.LECTURE_INPUT)
            st.session_state["conv.anim.size"] = 5
            st.session_state["conv.anim.step"] = 0

        def random_input() -> None:
            draws = st.session_state.get("conv.anim.random_count", 0) + 1
            st.session_state["conv.anim.random_count"] = draws
            side = st.session_state.get("conv.anim.size", 5)
            ui.reset_grid("conv.anim.input", conv.random_grid(ui.global_seed() + draws, (side, side)))

        def slide_example() -> None:
            ui.reset_grid("conv.anim.input", slides.SLIDE_INPUT)
            st.session_state["conv.anim.size"] = len(slides.SLIDE_INPUT)
            st.session_state["conv.anim.kernel"] = "custom"
            ui.reset_grid("conv.anim.custom", slides.SLIDE_FILTER)
            st.session_state["conv.anim.step"] = 0

        # Callbacks run before the script, so the size slider below already shows what they set.
        buttons = st.container(horizontal=True)  # wraps on a narrow screen instead of cutting the labels
        buttons.button(t("conv.anim.reset"), key="anim_reset", on_click=back_to_lecture)
        buttons.button(t("conv.slide.example.load"), key="anim_slide_example", on_click=slide_example)
        buttons.button(t("conv.anim.random"), key="anim_random", on_click=random_input)
        side = ui.persistent_widget(st.slider, "conv.anim.size", 5, label=t("conv.anim.grid_size"), min_value=3,
                                    max_value=8, help=t("conv.anim.grid_size.help"))
        current = st.session_state.get("conv.anim.input", conv.LECTURE_INPUT.tolist())
        if (len(current), len(current[0])) != (side, side):
            ui.reset_grid("conv.anim.input", conv.resize_grid(current, side, side))
        grid = ui.editable_grid("conv.anim.input", conv.LECTURE_INPUT)
    with right:
        st.markdown(f"**{t('conv.anim.kernel')}**")
        kernel_name, kernel = kernel_picker("conv.anim")
    controls = st.columns(2)
    with controls[0]:
        padding = ui.persistent_widget(st.slider, "conv.anim.padding", 0, label=t("conv.padding"), min_value=0,
                                       max_value=2)
    with controls[1]:
        stride = ui.persistent_widget(st.slider, "conv.anim.stride", 1, label=t("conv.stride"), min_value=1,
                                      max_value=3)
    size = conv.output_size(grid.shape[0], grid.shape[1], kernel.shape[0], kernel.shape[1], padding, stride)
    if not size.ok:
        show_size_errors(size)
    else:
        full = conv.conv2d(grid, kernel, stride=stride, padding=padding)
        cells = conv.output_cells(*full.shape)
        padded = conv.pad2d(grid, padding)
        st.caption(t("conv.anim.size", h=grid.shape[0], w=grid.shape[1], k=kernel.shape[0], p=padding, s=stride,
                     oh=full.shape[0], ow=full.shape[1]))
        st.session_state.setdefault("conv.anim.step", 0)
        if len(cells) > 1:
            playing = ui.persistent_widget(st.toggle, "conv.anim.playing", False, label=t("conv.anim.play"),
                                           help=t("conv.anim.play.help"))
        else:
            playing = st.session_state["conv.anim.playing"] = False
        state = playback.on_page_run(st.session_state["conv.anim.step"], len(cells), playing,
                                     st.session_state.get("conv.anim.was_playing", False))
        st.session_state["conv.anim.step"] = state.step
        st.session_state["conv.anim.was_playing"] = playing
        st.session_state["conv.anim.fresh_run"] = True

        @st.fragment(run_every=0.9 if playing else None)
        def animation() -> None:
            if playing and not st.session_state.pop("conv.anim.fresh_run", False):
                tick = playback.on_tick(st.session_state["conv.anim.step"], len(cells))
                st.session_state["conv.anim.step"] = tick.step
                if not tick.playing:
                    st.session_state["conv.anim.playing"] = False
                    st.rerun()
            st.session_state.pop("conv.anim.fresh_run", None)
            if state.single:  # a 1x1 output: one position, nothing to slide through
                step = 0
                st.caption(t("conv.anim.single_step"))
            else:
                step = ui.persistent_widget(st.slider, "conv.anim.step", 0, label=t("conv.anim.step"), min_value=0,
                                            max_value=len(cells) - 1, format="%d",
                                            help=t("conv.anim.step.help", n=len(cells)))
            row, col = cells[step]
            cell = conv.cell_arithmetic(grid, kernel, row, col, stride=stride, padding=padding)
            columns = st.columns([5, 3, 4])
            columns[0].plotly_chart(
                figures.grid_figure(padded, t("conv.anim.padded_input", p=padding) if padding else t("conv.anim.input"),
                                    window=(cell.window_rows, cell.window_cols), padding=padding),
                width="stretch", key="anim_input")
            columns[1].plotly_chart(figures.grid_figure(kernel, t("conv.anim.kernel"), colorscale="RdBu_r",
                                                        zmid=0), width="stretch", key="anim_kernel")
            columns[2].plotly_chart(
                figures.grid_figure(conv.partial_feature_map(full, step), t("conv.anim.feature_map"),
                                    window=((row,), (col,)), zmin=float(full.min()), zmax=float(full.max())),
                width="stretch", key="anim_output")
            st.markdown(t("conv.anim.cell", row=row, col=col, n=step + 1, total=len(cells)))
            st.code(cell.text(), language=None, wrap_lines=True)

        animation()
        ui.code_expander(t("conv.code.animation", grid=conv.kernel_code(grid), kernel=conv.kernel_code(kernel),
                           s=stride, p=padding, out=conv.matrix_literal(full)))

# --- 3. filters on real images ------------------------------------------------------------------------
with tab_images:
    st.markdown(t("conv.img.intro"))
    pick, settings = st.columns([2, 3])
    with pick:
        source = ui.persistent_widget(st.selectbox, images.PICTURE.source, "digit", label=t("conv.img.source"),
                                      options=list(images.IMAGE_SOURCES), format_func=lambda s: t(f"conv.img.src.{s}"))
        if source in ("mnist", "fashion_mnist", "cifar10"):
            ui.persistent_widget(st.number_input, images.PICTURE.index, 0, label=t("conv.img.index"), min_value=0,
                                 max_value=9_999, step=1, help=t("conv.img.index.help"))
        if source == "upload":
            def remember_upload() -> None:
                # Kept under a plain key so the picture survives page switches (and feeds the pooling page);
                # removing the file in the widget forgets it.
                uploaded = st.session_state.get("conv_img_upload")
                if uploaded is None:
                    st.session_state.pop(images.PICTURE.upload_bytes, None)
                    st.session_state.pop(images.PICTURE.upload_name, None)
                else:
                    st.session_state[images.PICTURE.upload_bytes] = uploaded.getvalue()
                    st.session_state[images.PICTURE.upload_name] = uploaded.name

            st.file_uploader(t("conv.img.upload"), type=["png", "jpg", "jpeg"], key="conv_img_upload",
                             help=t("conv.img.upload.help"), on_change=remember_upload)
    with settings:
        img_kernel_name, img_kernel = kernel_picker(images.PICTURE.kernel_prefix, default="sobel_x")
        sliders = st.columns(2)
        with sliders[0]:
            img_padding = ui.persistent_widget(st.slider, images.PICTURE.padding, 0, label=t("conv.padding"),
                                               min_value=0, max_value=3)
        with sliders[1]:
            img_stride = ui.persistent_widget(st.slider, images.PICTURE.stride, 1, label=t("conv.stride"),
                                              min_value=1, max_value=4)
    pixels, label, problem = None, None, None
    try:
        with st.spinner(t("conv.img.loading")):
            pixels, label = images.resolve_image(source, st.session_state.get(images.PICTURE.index, 0),
                                                 st.session_state.get(images.PICTURE.upload_bytes))
    except images.ImageRejected as err:
        problem = err.message(lang)
    except Exception as err:  # explainer.data.datasets.DatasetUnavailable (or a broken data folder)
        problem = images.unavailable_text(err, lang)
    if problem:
        nothing_uploaded = source == "upload" and images.PICTURE.upload_bytes not in st.session_state
        (st.info if nothing_uploaded else st.warning)(problem)
        st.caption(t("conv.img.fallback"))
        pixels, label = images.synthetic_image("digit"), None
    grey = images.to_grey(pixels)
    size = conv.output_size(grey.shape[0], grey.shape[1], img_kernel.shape[0], img_kernel.shape[1], img_padding,
                            img_stride)
    if not size.ok:
        show_size_errors(size)
    else:
        filtered = conv.filter_image(grey, img_kernel, img_stride, img_padding)
        st.plotly_chart(figures.image_panels([
            (t("conv.img.panel.input", h=grey.shape[0], w=grey.shape[1]), grey, "image"),
            (t("conv.img.panel.kernel"), img_kernel, "kernel"),
            (t("conv.img.panel.raw", h=size.oh, w=size.ow), filtered.raw, "signed"),
            (t("conv.img.panel.relu"), filtered.activated, "positive"),
        ]), width="stretch", key="img_panels")
        stats = st.columns(3)
        stats[0].metric(t("conv.img.min_max"), f"{conv.format_number(filtered.raw.min())} … "
                                               f"{conv.format_number(filtered.raw.max())}")
        stats[1].metric(t("conv.img.zeroed"), f"{(filtered.raw <= 0).mean():.0%}")
        stats[2].metric(t("conv.img.output_shape"), f"{size.oh} × {size.ow}")
        st.caption(t("conv.img.colours"))
        if label is not None:
            st.caption(t("conv.img.label", label=images.label_name(source, label, lang)))
        if source == "upload" and not problem:
            # A file the browser refuses (another type, over 5 MB) never reaches the server, and the uploader
            # keeps the previous picture: name the picture shown so that a red entry above is not mistaken for it.
            st.caption(t("conv.img.upload_shown", name=st.session_state.get(images.PICTURE.upload_name, "?")))
        ui.code_expander(t("conv.code.images", kernel=conv.kernel_code(img_kernel), s=img_stride, p=img_padding,
                           h=grey.shape[0], w=grey.shape[1], oh=size.oh, ow=size.ow))

# --- 4. channels -----------------------------------------------------------------------------------------
with tab_channels:
    st.markdown(t("conv.ch.intro"))
    ch_controls = st.columns([2, 2, 2])
    with ch_controls[0]:
        colour = ui.persistent_widget(st.radio, "conv.ch.image", "colour_scene", label=t("conv.ch.image"),
                                      options=["digit", "colour_scene", "cifar10"],
                                      format_func=lambda s: t(f"conv.ch.img.{s}"))
        ch_preset = ui.persistent_widget(st.selectbox, "conv.ch.kernel", "sobel_x", label=t("conv.kernel.preset"),
                                         options=list(conv.KERNEL_PRESETS), format_func=lambda k: t(f"conv.kernel.{k}"))
    if colour == "cifar10":
        try:
            with st.spinner(t("conv.img.loading")):
                image, _ = images.resolve_image("cifar10", st.session_state.get(images.PICTURE.index, 0))
        except Exception as err:  # explainer.data.datasets.DatasetUnavailable
            st.warning(images.unavailable_text(err, lang))
            st.caption(t("conv.ch.fallback"))
            image = images.synthetic_image("colour_scene")
    else:
        image = images.synthetic_image(colour)
    channel_names = ["R", "G", "B"] if image.shape[0] == 3 else [t("conv.ch.grey")]
    with ch_controls[1]:
        weights = [ui.persistent_widget(st.slider, f"conv.ch.weight.{c}", 1.0, label=t("conv.ch.weight", c=name),
                                        min_value=-1.0, max_value=1.0, step=0.25)
                   for c, name in enumerate(channel_names)]
        bias = ui.persistent_widget(st.slider, "conv.ch.bias", 0.0, label=t("conv.ch.bias"), min_value=-2.0,
                                    max_value=2.0, step=0.1)
    with ch_controls[2]:
        out_channels = int(ui.persistent_widget(st.number_input, "conv.ch.c_out", 1, label=t("conv.ch.c_out"),
                                                min_value=1, max_value=512, step=1, help=t("conv.ch.c_out.help")))
        c_in = image.shape[0]
        params = conv.conv_parameter_count(3, 3, c_in, out_channels)
        st.metric(t("conv.ch.params"), params)
    st.latex(rf"(k \cdot k \cdot C_{{in}} + 1) \cdot C_{{out}} = (3 \cdot 3 \cdot {c_in} + 1) \cdot {out_channels}"
             rf" = {params}")
    kernel3 = conv.channel_kernel(conv.KERNEL_PRESETS[ch_preset], weights)
    steps = conv.channel_steps(image, kernel3, bias=bias)
    st.markdown(t("conv.ch.step1", c=c_in))
    view = st.columns([1, 3])
    view[0].plotly_chart(figures.rgb_figure(image, t("conv.ch.input", c=c_in, h=image.shape[1], w=image.shape[2])),
                         width="stretch", key="ch_input")
    view[1].plotly_chart(figures.channel_figure(
        image, kernel3, steps.per_channel, row_titles=channel_names,
        column_titles=[t("conv.ch.col.channel"), t("conv.ch.col.slice"), t("conv.ch.col.map")]),
        width="stretch", key="ch_rows")
    st.markdown(t("conv.ch.step2", c=c_in, bias=conv.format_number(bias)))
    st.plotly_chart(figures.image_panels([
        (t("conv.ch.sum"), steps.summed, "signed"),
        (t("conv.ch.output", bias=conv.format_number(bias)), steps.output, "signed"),
        (t("conv.ch.relu"), conv.relu(steps.output), "positive"),
    ], height=300), width="stretch", key="ch_sum")
    st.caption(t("conv.ch.check", shape=f"1 × {steps.output.shape[0]} × {steps.output.shape[1]}"))
    ui.code_expander(t("conv.code.channels", c=c_in, c_out=out_channels, params=params,
                       kernel=conv.kernel_code(conv.KERNEL_PRESETS[ch_preset]),
                       weights=", ".join(conv.format_number(w).replace("−", "-") for w in weights),
                       bias=conv.format_number(bias).replace("−", "-"), h=image.shape[1], w=image.shape[2]))

# --- 5. whole network ------------------------------------------------------------------------------------
with tab_network:
    st.markdown(t("conv.net.intro"))
    scale = slides.fully_connected_scale()
    st.info(t("conv.slide.fc_scale", small=scale.small_inputs, large=scale.large_inputs, hidden=scale.hidden,
              small_w=scale.small_weights, large_w=scale.large_weights))
    model_name = ui.persistent_widget(st.selectbox, "conv.net.model", "mnist_cnn", label=t("conv.net.model"),
                                      options=list(NETWORK_LAYERS), format_func=lambda m: t(f"conv.net.{m}"))
    rows = network_table(model_name)
    flat = flatten_row(rows).output_shape[0]
    summary = st.columns(3)
    summary[0].metric(t("conv.net.flatten"), flat)
    summary[1].metric(t("conv.net.total"), f"{total_parameters(rows):,}")
    summary[2].metric(t("conv.net.input"), " × ".join(map(str, rows[0].output_shape)))
    st.dataframe(
        [{t("conv.net.col.layer"): row.name if row.kind in ("conv", "linear") else t(f"conv.net.kind.{row.kind}"),
          t("conv.net.col.code"): row.code,
          t("conv.net.col.shape"): " × ".join(map(str, row.output_shape)),
          t("conv.net.col.params"): row.parameters,
          t("conv.net.col.how"): row.arithmetic} for row in rows],
        hide_index=True, width="stretch", height="content",  # every layer in view, no inner scroll
    )
    st.info(t("conv.net.note", flat=flat, model=t(f"conv.net.{model_name}")))
    ui.code_expander("\n".join(row.code for row in rows if row.kind != "input")
                     + f"\n# {t('conv.net.flatten')}: {flat}")
