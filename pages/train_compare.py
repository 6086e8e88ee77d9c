"""Train and compare: set up a run (lecture preset or custom), watch it train live, compare stored runs,
look inside a trained CNN (feature maps, filters, prediction) on a test image, an upload or a drawn digit."""

import streamlit as st

from explainer import code_train, compare, data, feature_maps, images, jobs, ui
from explainer import figures_train as figures
from explainer.i18n import t as translate
from explainer.recipes import OPTIMIZERS, RECIPES
from models import MODELS

lang = ui.language()
t = ui.t
ui.page_header("train_compare")
manager = ui.job_manager()
device = manager.resolve_device(None)
BATCH_SIZES = [4, 8, 16, 32, 64, 100, 128, 256, 512]
POLL_SECONDS = 1.0
SLOW_SECONDS = 300


def option_label(key: str) -> str:
    """Option labels are formatted with the page's language, not the session's (AppTest calls them outside a run)."""
    return translate(key, lang)


def dataset_name(name: str) -> str:
    return data.dataset_title(name, lang)


def load_split(name: str, split: str):
    """The dataset split, or None after showing which sources were tried and how to add the data."""
    try:
        return data.load_dataset(name, split)
    except data.DatasetUnavailable as err:
        st.warning(data.unavailable_message(err, lang), icon=":material/folder_off:")
        return None


@st.cache_data(show_spinner=False, max_entries=16)
def test_predictions(config_hash: str, dataset: str, normalize, limit: int):
    split = data.load_dataset(dataset, "test")
    return compare.predict_split(ui.trained_model(config_hash), split.images, split.labels, normalize, limit)


linked = st.query_params.get("run")
if linked and st.session_state.get("train.linked") != linked:
    st.session_state["train.linked"] = linked
    try:
        linked_job = manager.get(linked)
    except ValueError:  # not a hash
        linked_job = None
    if linked_job is not None and linked_job.recipe.dataset in data.DATASETS:
        st.session_state.update(compare.form_values(linked_job.recipe))

tab_train, tab_compare, tab_maps = st.tabs([t("train.tab.train"), t("train.tab.compare"), t("train.tab.maps")])

# ================================================================================ 1. set up and train
with tab_train:
    st.markdown(t("train.setup.intro"))
    top = st.columns([2, 2, 3])
    with top[0]:
        dataset = ui.persistent_widget(st.selectbox, "train.dataset", "fashion_mnist", label=t("train.dataset"),
                                       options=list(data.DATASETS), format_func=dataset_name)
    with top[1]:
        mode = ui.persistent_widget(st.radio, "train.mode", "preset", label=t("train.mode"),
                                    options=["preset", "custom"], format_func=lambda m: option_label(f"train.mode.{m}"),
                                    horizontal=True)
    train_split = load_split(dataset, "train")
    train_count = len(train_split) if train_split is not None else None

    recipe = None
    with st.container(border=True):
        if mode == "preset":
            presets = compare.presets_for(dataset)
            preset = ui.persistent_widget(st.selectbox, f"train.preset.{dataset}", presets[0], label=t("train.preset"),
                                          options=presets, format_func=lambda n: option_label(f"train.preset.{n}"))
            lecture = RECIPES[preset]
            st.markdown(t("train.preset.summary", model=compare.model_title(lecture.model, lang),
                          params=compare.parameters_text(lecture, lang), epochs=lecture.epochs,
                          acc=f"{lecture.lecture_accuracy:.2f}"))
            cols = st.columns(2)
            epochs = ui.persistent_widget(cols[0].number_input, f"train.preset_epochs.{preset}", lecture.epochs,
                                          label=t("train.epochs"), min_value=1, max_value=500, step=1,
                                          help=t("train.epochs_help", epochs=lecture.epochs))
            subset = ui.persistent_widget(cols[1].number_input, f"train.preset_subset.{preset}", 0,
                                          label=t("train.subset"), min_value=0, max_value=100_000, step=1000,
                                          help=t("train.subset_help"))
            recipe = compare.preset_recipe(preset, epochs=int(epochs), train_subset=int(subset) or None)
        else:
            models = compare.image_models_for(dataset)
            lecture_model = RECIPES[compare.presets_for(dataset)[0]].model
            model = ui.persistent_widget(st.selectbox, f"train.custom_model.{dataset}", lecture_model,
                                         label=t("train.model"), options=models,
                                         format_func=lambda m: compare.model_title(m, lang))
            base = next((r for r in RECIPES.values() if r.model == model and r.dataset == dataset),
                        next(r for r in RECIPES.values() if r.model == model))
            options = compare.model_options(model)
            cols = st.columns(3)
            hidden_text = None
            if options["hidden"] is not None:
                default_hidden = options["hidden"]
                default_hidden = ",".join(str(v) for v in default_hidden) if isinstance(default_hidden, tuple) \
                    else str(default_hidden)
                hidden_text = ui.persistent_widget(cols[0].text_input, f"train.custom_hidden.{model}", default_hidden,
                                                   label=t("train.hidden"), help=t("train.hidden_help"))
            dropout = None
            if options["dropout"] is not None:
                dropout = ui.persistent_widget(cols[1].slider, f"train.custom_dropout.{model}",
                                               float(base.dropout if base.dropout is not None else options["dropout"]),
                                               label=t("train.dropout"), min_value=0.0, max_value=0.9, step=0.05,
                                               help=t("train.dropout_help"))
            hflip = ui.persistent_widget(cols[2].checkbox, "train.custom_hflip", False, label=t("train.hflip"),
                                         help=t("train.hflip_help"))
            cols = st.columns(4)
            optimizer = ui.persistent_widget(cols[0].selectbox, "train.custom_optimizer", "sgd",
                                             label=t("train.optimizer"), options=list(OPTIMIZERS),
                                             format_func=lambda o: option_label(f"train.opt.{o}"))
            lr = ui.persistent_widget(cols[1].number_input, f"train.custom_lr.{optimizer}",
                                      1e-3 if optimizer == "adam" else 0.01, label=t("train.lr"), min_value=1e-5,
                                      max_value=5.0, step=0.001, format="%.4f")
            momentum = 0.9
            if optimizer == "sgd_momentum":
                momentum = ui.persistent_widget(cols[1].slider, "train.custom_momentum", 0.9,
                                                label=t("train.momentum"), min_value=0.05, max_value=0.99, step=0.01)
            batch_size = ui.persistent_widget(cols[2].select_slider, "train.custom_batch", 64,
                                              label=t("train.batch"), options=BATCH_SIZES)
            epochs = ui.persistent_widget(cols[3].number_input, "train.custom_epochs", 5, label=t("train.epochs"),
                                          min_value=1, max_value=500, step=1)
            cols = st.columns(4)
            seed = ui.persistent_widget(cols[0].number_input, "train.custom_seed", ui.global_seed(),
                                        label=t("train.seed"), min_value=0, max_value=2**31 - 1, step=1)
            subset = ui.persistent_widget(cols[1].number_input, "train.custom_subset", 0, label=t("train.subset"),
                                          min_value=0, max_value=100_000, step=1000, help=t("train.subset_help"))
            try:
                recipe = compare.custom_recipe(dataset, model, optimizer=optimizer, lr=lr, momentum=momentum,
                                               batch_size=batch_size, epochs=int(epochs), hidden=hidden_text,
                                               dropout=dropout, hflip=hflip, seed=int(seed),
                                               train_subset=int(subset) or None)
            except compare.InvalidSetting as problem:
                st.error(problem.message(lang), icon=":material/error:")
            if recipe is not None:
                st.caption(compare.parameters_text(recipe, lang))

    if train_split is not None:
        with st.expander(t("train.samples", dataset=dataset_name(dataset)), expanded=True):
            names = data.class_names(dataset, lang)
            firsts = [int((train_split.labels == label).nonzero()[0]) if (train_split.labels == label).any() else None
                      for label in range(len(names))]
            columns = st.columns(len(names))
            for column, label, index in zip(columns, range(len(names)), firsts, strict=True):
                if index is not None:
                    pixels = train_split.images[index].numpy() / 255.0
                    column.image(feature_maps.enlarge(feature_maps.to_display(pixels), 3), caption=names[label],
                                 width="stretch")

    if recipe is not None:
        ui.code_expander(code_train.training_code(recipe))
        key = manager.key(recipe)
        job = manager.get(key)
        st.session_state["train.linked"] = key
        if st.query_params.get("run") != key:
            st.query_params["run"] = key  # a reload or a shared link comes back to this run
        busy = job is not None and job.state in ("queued", "running", "done")
        if train_count is not None and not busy:  # before a run: how long it will take here
            estimate = compare.estimate_seconds(recipe, train_count, device, manager.store.list())
            text = t("train.estimate", time=compare.duration_text(estimate, lang), device=ui.device_label(),
                     images=min(train_count, recipe.train_subset or train_count), epochs=recipe.epochs)
            (st.warning if estimate > SLOW_SECONDS else st.caption)(
                text + (" " + t("train.estimate_slow") if estimate > SLOW_SECONDS else ""))
        # A callback: it runs before the rerun it causes, so the job exists when the page draws again.
        st.button(t("train.start"), type="primary", icon=":material/play_arrow:", disabled=busy or train_split is None,
                  key="train_start", on_click=manager.submit, args=(recipe,))

        if job is None:
            st.info(t("train.not_trained"), icon=":material/info:")
        else:
            polling = job.state in ("queued", "running")
            live_key = f"train.live.{key}"

            @st.fragment(run_every=POLL_SECONDS if polling else None)
            def live_job() -> None:
                current = manager.get(key) or job
                state = current.state
                progress = current.progress
                if state == "queued":
                    position = manager.queue_position(current)
                    st.info(t("train.queued", position=position or 1), icon=":material/hourglass_top:")
                elif state == "running" and progress is not None:
                    st.progress(progress.fraction, text=t(
                        "train.progress", epoch=min(progress.epoch + 1, progress.epochs), epochs=progress.epochs,
                        step=progress.step, steps=progress.steps_per_epoch, percent=f"{100 * progress.fraction:.0f}"))
                    # Running means of the epoch in progress only: finished epochs are in the history already.
                    points = [p for p in st.session_state.get(live_key, []) if p[0] > progress.epoch]
                    x = progress.epoch + progress.step / max(1, progress.steps_per_epoch)
                    if progress.train_loss is not None and (not points or points[-1][0] < x):
                        points.append((x, progress.train_loss, progress.train_acc))
                    st.session_state[live_key] = points
                    metrics = st.columns(4)
                    metrics[0].metric(t("train.elapsed"), compare.duration_text(progress.elapsed_s, lang))
                    metrics[1].metric(t("train.eta"), compare.duration_text(progress.eta_s, lang))
                    metrics[2].metric(t("train.running_loss"),
                                      "–" if progress.train_loss is None else f"{progress.train_loss:.4f}")
                    metrics[3].metric(t("train.last_test_acc"),
                                      "–" if progress.test_acc is None else f"{progress.test_acc:.2f}%")
                elif state == "running":
                    st.info(t("train.starting"), icon=":material/hourglass_top:")
                if state in ("queued", "running"):
                    st.button(t("train.cancel"), icon=":material/stop:", on_click=manager.cancel, args=(key,),
                              key="train_cancel")
                history = current.history
                live_points = st.session_state.get(live_key, []) if state == "running" else []
                if history or live_points:
                    label = t("train.this_run")
                    st.plotly_chart(figures.curves_figure([(label, history)], lang, live=live_points),
                                    width="stretch", key="train_live_curves")
                if state == "done":
                    stored = current.result
                    lecture = recipe.lecture_accuracy if compare.is_lecture_run(recipe) else None
                    st.success(t("train.done", acc=f"{stored.test_acc:.2f}", time=compare.duration_text(
                        stored.wall_s, lang), device=stored.device_name), icon=":material/check_circle:")
                    if lecture is not None:
                        st.caption(t("train.vs_lecture", ours=f"{stored.test_acc:.2f}", lecture=f"{lecture:.2f}"))
                    for notice in current.notices:
                        st.caption(jobs.notice_text(notice, lang))
                elif state == "failed":
                    if isinstance(current.exception, data.DatasetUnavailable):
                        st.warning(data.unavailable_message(current.exception, lang))
                    else:
                        st.error(t("train.failed", error=current.error), icon=":material/error:")
                elif state == "cancelled":
                    st.warning(t("train.cancelled"), icon=":material/cancel:")
                if polling and current.finished:
                    st.session_state.pop(live_key, None)
                    st.rerun()  # the whole page: polling stops, the compare tab gets the new run

            live_job()

# ================================================================================ 2. compare
# Read after the train tab: a job may finish while this run draws it (then no fragment rerun follows).
runs = manager.store.list()  # every stored run, newest first
with tab_compare:
    if not runs:
        st.info(t("train.compare.empty"), icon=":material/info:")
    else:
        by_hash = {run.config_hash: run for run in runs}
        st.subheader(t("train.compare.table"))
        st.dataframe(compare.runs_table(runs, lang), hide_index=True, width="stretch", key="train_runs_table")
        st.caption(t("train.compare.table_caption"))

        st.subheader(t("train.compare.curves"))
        picked_key = "train.compare.picked"
        picked = [h for h in st.session_state.get(picked_key, [run.config_hash for run in runs[:3]]) if h in by_hash]
        st.session_state[picked_key] = picked
        picked = ui.persistent_widget(st.multiselect, picked_key, label=t("train.compare.pick"),
                                      options=list(by_hash), format_func=lambda h: compare.run_label(by_hash[h], lang),
                                      wrap=True)
        if picked:
            st.plotly_chart(figures.curves_figure([(compare.run_label(by_hash[h], lang), by_hash[h].history)
                                                   for h in picked], lang), width="stretch", key="train_overlay")

        st.subheader(t("train.compare.details"))
        chosen_hash = st.selectbox(t("train.compare.run"), options=list(by_hash), key="train_compare_run",
                                   format_func=lambda h: compare.run_label(by_hash[h], lang))
        chosen = by_hash[chosen_hash]
        classes = data.class_names(chosen.recipe.dataset, lang)
        st.caption(t("train.compare.run_caption", kind=compare.run_kind(chosen.recipe, lang),
                     params=compare.parameters_text(chosen.recipe, lang)))
        same_dataset = [by_hash[h] for h in picked if by_hash[h].recipe.dataset == chosen.recipe.dataset
                        and h != chosen_hash]
        bars = [(compare.run_label(run, lang), run.per_class_acc) for run in [chosen, *same_dataset]]
        st.plotly_chart(figures.per_class_figure(classes, bars, lang), width="stretch", key="train_per_class")
        left, right = st.columns([3, 2])
        left.plotly_chart(figures.confusion_figure(chosen.confusion, classes, lang), width="stretch",
                          key="train_confusion")
        with right:
            st.markdown(t("train.compare.confusion_read"))
            for truth, predicted, count in compare.top_confusions(chosen.confusion, classes):
                st.markdown(t("train.compare.mistake", truth=truth, predicted=predicted, count=count))
            st.download_button(t("train.compare.csv"), compare.history_csv(chosen),
                               file_name=compare.csv_filename(chosen), mime="text/csv",
                               icon=":material/download:", key="train_csv")
            st.dataframe(compare.history_frame(chosen.history, lang), hide_index=True, height=240)

        st.subheader(t("train.compare.gallery"))
        try:
            predictions = test_predictions(chosen_hash, chosen.recipe.dataset, chosen.recipe.normalize, 1000)
        except data.DatasetUnavailable as err:
            st.warning(data.unavailable_message(err, lang), icon=":material/folder_off:")
        else:
            test_split = data.load_dataset(chosen.recipe.dataset, "test")
            wrong = int(predictions.wrong.sum())
            st.caption(t("train.compare.gallery_caption", wrong=wrong, total=len(predictions.truth)))
            order = compare.gallery(predictions, 24)
            for row_start in range(0, len(order), 8):
                columns = st.columns(8)
                for column, position in zip(columns, order[row_start:row_start + 8], strict=False):
                    index = int(predictions.indices[position])
                    pixels = test_split.images[index].numpy() / 255.0
                    column.image(feature_maps.enlarge(feature_maps.to_display(pixels), 3), width="stretch")
                    guess, truth = int(predictions.predicted[position]), int(predictions.truth[position])
                    colour = "red" if guess != truth else "green"
                    column.markdown(t("train.compare.tile", colour=colour, predicted=classes[guess],
                                      truth=classes[truth], conf=f"{100 * predictions.confidence[position]:.0f}"))

# ================================================================================ 3. feature maps
with tab_maps:
    st.markdown(t("train.maps.intro"))
    cnn_runs = [run for run in runs if MODELS[run.recipe.model].is_cnn]
    if not cnn_runs:
        st.info(t("train.maps.none"), icon=":material/info:")
    else:
        cnn_by_hash = {run.config_hash: run for run in cnn_runs}
        run_hash = st.selectbox(t("train.maps.run"), options=list(cnn_by_hash), key="train_maps_run",
                                format_func=lambda h: compare.run_label(cnn_by_hash[h], lang))
        run = cnn_by_hash[run_hash]
        recipe_run = run.recipe
        classes = data.class_names(recipe_run.dataset, lang)
        grey_data = recipe_run.dataset != "cifar10"
        sources = ["test", "upload"] + (["draw"] if grey_data else []) + ["sample"]
        source = ui.persistent_widget(st.radio, f"train.maps.source.{recipe_run.dataset}", sources[0],
                                      label=t("train.maps.source"), options=sources,
                                      format_func=lambda s: option_label(f"train.maps.src.{s}"), horizontal=True)
        pixels, truth = None, None
        if source == "test":
            index = ui.persistent_widget(st.number_input, "train.maps.index", 0, label=t("train.maps.index"),
                                         min_value=0, max_value=9_999, step=1)
            split = load_split(recipe_run.dataset, "test")
            if split is not None:
                position = int(index) % len(split)
                pixels = split.images[position].numpy() / 255.0
                truth = int(split.labels[position])
        elif source == "upload":
            upload = st.file_uploader(t("train.maps.upload"), type=["png", "jpg", "jpeg"], key="train_maps_upload",
                                      help=t("train.maps.upload_help"))
            if upload is None:
                st.info(t("train.maps.upload_wait"), icon=":material/upload:")
            else:
                try:
                    loaded = images.load_upload(upload.getvalue())
                except images.ImageRejected as problem:
                    st.error(problem.message(lang), icon=":material/error:")
                else:
                    pixels = feature_maps.image_for_dataset(images.fit_within(loaded.pixels, 512), recipe_run.dataset)
        elif source == "draw":
            st.caption(t("train.maps.draw_help"))
            st.markdown("&nbsp;")  # room for the canvas toolbar, which sits above the canvas
            try:  # a custom component, imported only here: the other sources work even if it cannot load
                from streamlit_drawable_canvas import st_canvas
            except Exception:  # noqa: BLE001 - whatever breaks inside the optional component
                st_canvas = None
                st.warning(t("train.maps.no_canvas"), icon=":material/warning:")
            drawing = None if st_canvas is None else st_canvas(
                stroke_width=18, stroke_color="#FFFFFF", background_color="#000000", height=280, width=280,
                drawing_mode="freedraw", return_image_data=True, key="train_maps_canvas")
            raw = drawing.image_data if drawing is not None and drawing.json_data else None
            digit = feature_maps.mnist_style(feature_maps.ink_of(raw)) if raw is not None else None
            if digit is None:
                st.info(t("train.maps.draw_wait"), icon=":material/draw:")
            else:
                pixels = digit
        else:
            pixels = images.synthetic_image("digit" if grey_data else "colour_scene")
            st.caption(t("train.maps.sample_caption"))

        if pixels is not None:
            model = ui.trained_model(run_hash)
            view = feature_maps.inspect_cnn(model, feature_maps.model_input(pixels, recipe_run.normalize))
            left, right = st.columns([1, 2])
            with left:
                st.image(feature_maps.enlarge(feature_maps.to_display(pixels), 6), width=180,
                         caption=t("train.maps.input", shape=" x ".join(str(v) for v in pixels.shape)))
                st.metric(t("train.maps.prediction"), classes[view.prediction])
                st.caption(t("train.maps.confidence", percent=f"{100 * view.probabilities[view.prediction]:.1f}"))
                if truth is not None:
                    st.caption(t("train.maps.truth", truth=classes[truth]))
            right.plotly_chart(figures.probabilities_figure(view.probabilities, classes, lang, truth), width="stretch",
                               key="train_maps_probs")
            per_map = st.toggle(t("train.maps.per_map"), value=True, key="train_maps_per_map",
                                help=t("train.maps.per_map_help"))
            for layer in view.layers():
                st.markdown(f"**{t('train.maps.layer', layer=layer)}**")
                columns = st.columns(2)
                for column, kind in zip(columns, ("relu", "pool"), strict=True):
                    stage = view.stage(layer, kind)
                    channels, height, width = stage.maps.shape
                    mosaic = feature_maps.tile_maps(stage.maps, per_map=per_map)
                    factor = max(1, min(8, 480 // max(mosaic.shape)))
                    column.image(feature_maps.enlarge(mosaic, factor), width="stretch",
                                 caption=t(f"train.maps.{kind}", channels=channels, height=height, width=width))
            st.markdown(f"**{t('train.maps.filters')}**")
            weights = feature_maps.first_layer_filters(model)
            pictures = [feature_maps.enlarge(p, 8) for p in feature_maps.filter_pictures(weights)]
            for row_start in range(0, len(pictures), 16):
                columns = st.columns(16)
                for offset, (column, picture) in enumerate(zip(columns, pictures[row_start:row_start + 16],
                                                               strict=False)):
                    column.image(picture, caption=str(row_start + offset + 1), width="stretch")
            st.caption(t("train.maps.filters_caption", count=weights.shape[0], channels=weights.shape[1],
                         size=weights.shape[2]))
            ui.code_expander(code_train.feature_maps_code(recipe_run))
