"""Train and compare: set up a run (lecture preset or custom), watch it train live, compare stored runs,
look inside a trained CNN (feature maps, filters, prediction) on a test image, an upload or a drawn digit."""

import streamlit as st

from explainer import ui
from explainer.data import datasets as data
from explainer.data import images, samples
from explainer.figures import train as figures
from explainer.i18n import t as translate
from explainer.inspection import feature_maps
from explainer.lecture import reference as lecture_reference
from explainer.snippets import train as code_train
from explainer.training.recipes import RECIPES
from explainer.views import compare
from explainer.views import train as train_view
from models import MODELS

lang = ui.language()
t = ui.t
ui.page_header("train_compare")
manager = ui.job_manager()
device = manager.resolve_device(None)


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


@st.cache_data(show_spinner=False, max_entries=4)
def test_order(dataset: str):
    """The test split's images in the order galleries and pickers show them: classes take turns, same for any
    file layout."""
    split = data.load_dataset(dataset, "test")
    return samples.balanced_indices(split.images, split.labels)


@st.cache_data(show_spinner=False, max_entries=8)
def lecture_demo(config_hash: str, dataset: str, normalize, _model):
    """Our predictions for the first four test images in the dataset's own order (None without one)."""
    split = data.load_dataset(dataset, "test")
    if not samples.has_canonical_order(split):
        return None
    return compare.predict_split(_model, split.images, split.labels, normalize,
                                 indices=range(min(4, len(split)))).predicted.tolist()


def usable_model(config_hash: str):
    """The run's trained model, or None after saying why it cannot be used (set aside, or gone meanwhile)."""
    model, problem = ui.trained_model(config_hash)
    if problem is not None:
        st.warning(problem.text(lang), icon=":material/report:")
    return model


def train_size(dataset: str) -> int | None:
    try:
        return len(data.load_dataset(dataset, "train"))
    except data.DatasetUnavailable:
        return None


@st.cache_data(show_spinner=False, max_entries=16)
def test_predictions(config_hash: str, dataset: str, normalize, limit: int, _model):
    split = data.load_dataset(dataset, "test")
    return compare.predict_split(_model, split.images, split.labels, normalize,
                                 indices=test_order(dataset)[:limit])


owner = ui.session_id()
linked = st.query_params.get("run")
if linked and st.session_state.get("train.linked") != linked:
    st.session_state["train.linked"] = linked
    try:
        linked_job = manager.get(linked)
    except ValueError:  # not a hash
        linked_job = None
    if linked_job is not None and linked_job.recipe.dataset in data.DATASETS:
        st.session_state.update(train_view.form_defaults(linked_job.recipe))

tab_train, tab_compare, tab_maps = st.tabs([t("train.tab.train"), t("train.tab.compare"), t("train.tab.maps")])

# ================================================================================ 1. set up and train
with tab_train:
    st.markdown(t("train.setup.intro"))
    # What shapes the form (dataset, preset or custom, model) applies at once; the settings go in one form,
    # so that "Start training" trains exactly the values on screen, all of them, in the same run.
    top = st.columns([2, 2, 3])
    with top[0]:
        dataset = ui.persistent_widget(st.selectbox, "train.dataset", "fashion_mnist", label=t("train.dataset"),
                                       options=list(data.DATASETS), format_func=dataset_name)
    with top[1]:
        mode = ui.persistent_widget(st.radio, "train.mode", "preset", label=t("train.mode"),
                                    options=["preset", "custom"], format_func=lambda m: option_label(f"train.mode.{m}"),
                                    horizontal=True)
    with top[2]:
        if mode == "preset":
            presets = compare.presets_for(dataset)
            preset = ui.persistent_widget(st.selectbox, f"train.preset.{dataset}", presets[0], label=t("train.preset"),
                                          options=presets, format_func=lambda n: option_label(f"train.preset.{n}"))
        else:
            lecture_model = RECIPES[compare.presets_for(dataset)[0]].model
            model = ui.persistent_widget(st.selectbox, f"train.custom_model.{dataset}", lecture_model,
                                         label=t("train.model"), options=compare.image_models_for(dataset),
                                         format_func=lambda m: compare.model_title(m, lang))
    train_split = load_split(dataset, "train")
    train_count = len(train_split) if train_split is not None else None

    choice = preset if mode == "preset" else model
    form_keys = []

    def field(widget, store_key, default, **kwargs) -> None:
        form_keys.append(store_key)
        ui.form_widget(widget, store_key, default, **kwargs)

    def start_training() -> None:
        """The form's values, all at once, become the settings and the run (a callback: before any rerun)."""
        ui.commit_form_widgets(form_keys)
        try:
            chosen = train_view.form_recipe(st.session_state, dataset, mode, choice, ui.global_seed())
        except compare.InvalidSetting:
            return  # the page shows why on the run that follows
        st.session_state["train.refusal"] = train_view.submit(manager, chosen, owner).refusal

    with st.form("train_form", border=True):
        if mode == "preset":
            st.markdown(train_view.preset_text(preset, lang))
        for row in train_view.form_rows(mode, choice, dataset, lang, ui.global_seed()):
            for column, spec in zip(st.columns(len(row)), row, strict=True):
                if spec is not None:
                    field(getattr(column, spec.widget), spec.key, spec.default, **spec.kwargs)
        try:
            recipe = train_view.form_recipe(st.session_state, dataset, mode, choice, ui.global_seed())
        except compare.InvalidSetting as problem:
            recipe = None
            st.error(problem.message(lang), icon=":material/error:")
        # One wrapping row of buttons, the summary under it: a quarter-width column cut "Start training" at 1024 px.
        buttons = st.container(horizontal=True)
        summary = st.container()
        buttons.form_submit_button(t("train.start"), type="primary", icon=":material/play_arrow:",
                                   disabled=train_split is None or recipe is None, key="train_start",
                                   on_click=start_training)
        # No tooltip: it covered "Start training".
        buttons.form_submit_button(t("train.check"), icon=":material/check:", key="train_check",
                                   on_click=ui.commit_form_widgets, args=(form_keys,))
        if recipe is not None:
            summary.markdown(train_view.summary_text(recipe, lang))
            if train_count is not None:
                text, slow = train_view.estimate_text(recipe, train_count, device, ui.device_label(),
                                                      manager.store.list(), lang)
                (summary.warning if slow else summary.caption)(text)
    refusal = st.session_state.pop("train.refusal", None)
    if refusal is not None:
        st.warning(train_view.refusal_text(*refusal, lang), icon=":material/block:")

    if train_split is not None:
        with st.expander(t("train.samples", dataset=dataset_name(dataset)), expanded=False):
            samples_shown = compare.class_samples(train_split.images, train_split.labels,
                                                  data.class_names(dataset, lang))
            for column, tile in zip(st.columns(len(samples_shown)), samples_shown, strict=True):
                if tile is not None:
                    column.image(tile.image, caption=tile.caption, width="stretch")

    if recipe is not None:
        ui.code_expander(code_train.training_code(recipe))
        with st.expander(t("train.lecture.slips_title")):
            st.markdown("\n".join(f"- {slip}" for slip in lecture_reference.slips(lang)))
        key = manager.key(recipe)
        st.session_state["train.linked"] = key
        if st.query_params.get("run") != key:
            st.query_params["run"] = key  # a reload or a shared link comes back to this run
        if manager.get(key) is None:
            st.info(t("train.not_trained"), icon=":material/info:")
        else:
            # The live panel draws the job, finished result included, by itself: no whole-page reruns while a
            # class waits. The job pushes its changes to the panel (ui.follow_job); the panel also looks by itself
            # now and then in case a push is lost, and stops once the job is over. It reads the job only.
            @st.fragment(run_every=ui.live_poll_seconds(manager.get(key).finished))
            def live_panel() -> None:
                ui.follow_job(manager, key)  # before reading the job: a change in between still arrives
                job = manager.get(key)
                view = train_view.live_view(job, lang, can_cancel=train_view.can_cancel(manager, key, owner),
                                            queue_position=manager.queue_position(job))
                ui.show_messages(view.messages)
                if view.progress is not None:
                    st.progress(view.progress[0], text=view.progress[1])
                ui.show_metrics(view.metrics)
                if view.show_cancel:
                    st.button(t("train.cancel"), icon=":material/stop:", key="train_cancel",
                              on_click=train_view.cancel, args=(manager, key, owner))
                if view.curves:
                    st.plotly_chart(figures.curves_figure(view.curves, lang), width="stretch", key="train_live_curves")
                for caption in view.captions:
                    st.caption(caption)
                if view.table is not None:
                    st.dataframe(view.table, hide_index=True, width="stretch", key="train_live_table")
                if view.finished:
                    ui.set_fragment_interval(None)  # nothing more to look for

            live_panel()

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
        picked, newest = train_view.follow_new_runs(st.session_state.get(picked_key),
                                                    st.session_state.get("train.compare.known"), list(by_hash))
        st.session_state[picked_key] = picked
        st.session_state["train.compare.known"] = list(by_hash)
        picked = ui.persistent_widget(st.multiselect, picked_key, label=t("train.compare.pick"),
                                      options=list(by_hash), format_func=lambda h: compare.run_label(by_hash[h], lang),
                                      wrap=True)
        if picked:
            st.plotly_chart(figures.curves_figure([(compare.run_label(by_hash[h], lang), by_hash[h].history)
                                                   for h in picked], lang), width="stretch", key="train_overlay")

        st.subheader(t("train.compare.details"))
        image_hashes = [run.config_hash for run in compare.image_runs(runs)]
        if newest in image_hashes:
            st.session_state["train_compare_run"] = newest
        if not image_hashes:
            st.info(t("train.compare.no_image_runs"), icon=":material/info:")
        else:
            chosen_hash = st.selectbox(t("train.compare.run"), options=image_hashes, key="train_compare_run",
                                       format_func=lambda h: compare.run_label(by_hash[h], lang))
            chosen = by_hash[chosen_hash]
            classes = data.class_names(chosen.recipe.dataset, lang)
            st.caption(t("train.compare.run_caption", kind=compare.run_kind(chosen.recipe, lang),
                         params=compare.parameters_text(chosen.recipe, lang)))
            same_dataset = [by_hash[h] for h in picked if by_hash[h].recipe.dataset == chosen.recipe.dataset
                            and h != chosen_hash]
            bars = [(compare.run_label(run, lang), run.per_class_acc) for run in [chosen, *same_dataset]]
            st.plotly_chart(figures.per_class_figure(classes, bars, lang), width="stretch", key="train_per_class")
            chosen_model = usable_model(chosen_hash)
            lecture_view = lecture_reference.beside(
                chosen, classes, lang, train_count=train_size(chosen.recipe.dataset),
                first_four=lecture_demo(chosen_hash, chosen.recipe.dataset, chosen.recipe.normalize, chosen_model)
                if chosen.recipe.model == "cifar_lenet" and chosen_model is not None else None)
            if lecture_view.sections:
                with st.expander(t("train.lecture.title"), expanded=True):
                    for text, table in lecture_view.sections:
                        st.markdown(text)
                        if table is not None:
                            st.dataframe(table, hide_index=True)
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
            predictions = None  # stays None without a usable model: the warning above says why
            try:
                if chosen_model is not None:
                    predictions = test_predictions(chosen_hash, chosen.recipe.dataset, chosen.recipe.normalize,
                                                   1000, chosen_model)
            except data.DatasetUnavailable as err:
                st.warning(data.unavailable_message(err, lang), icon=":material/folder_off:")
            if predictions is not None:
                test_split = data.load_dataset(chosen.recipe.dataset, "test")
                wrong = int(predictions.wrong.sum())
                st.caption(t("train.compare.gallery_caption", wrong=wrong, total=len(predictions.truth)))
                tiles = compare.gallery_tiles(predictions, test_split.images, classes, lang, 24)
                for row_start in range(0, len(tiles), 8):
                    for column, tile in zip(st.columns(8), tiles[row_start:row_start + 8], strict=False):
                        column.image(tile.image, width="stretch")
                        column.markdown(tile.caption)

# ================================================================================ 3. feature maps
with tab_maps:
    st.markdown(t("train.maps.intro"))
    cnn_runs = [run for run in compare.image_runs(runs) if MODELS[run.recipe.model].is_cnn]
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
                position = int(test_order(recipe_run.dataset)[int(index) % len(split)])
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

        model = usable_model(run_hash) if pixels is not None else None
        if model is not None:
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
