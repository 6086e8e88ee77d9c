"""Train and compare: set up a run (lecture preset or custom), watch it train live, compare stored runs,
look inside a trained CNN (feature maps, filters, prediction) on a test image, an upload or a drawn digit."""

import streamlit as st

from explainer import ui
from explainer.lecture import reference as lecture_reference
from explainer.snippets import train as code_train
from explainer.views import train as train_view
from explainer.views import train_maps, train_runs, train_setup

lang = ui.language()
t = ui.t
ui.page_header("train_compare")
manager = ui.job_manager()
owner, seed = ui.session_id(), ui.global_seed()

train_setup.follow_link(st.session_state, st.query_params.get("run"), manager)

tab_train, tab_compare, tab_maps = ui.linked_tabs([t("train.tab.train"), t("train.tab.compare"), t("train.tab.maps")],
                                                  "train.tab")

# ================================================================================ 1. set up and train
# Only the open tab is built (choosing one reruns the page): a class's browsers drew hidden tabs' charts at every click.
if tab_train.open:
    with tab_train:
        st.markdown(t("train.setup.intro"))
        # What shapes the form (dataset, preset or custom, model) applies at once; the settings go in one form,
        # so that "Start training" trains exactly the values on screen, all of them, in the same run.
        top = st.columns(2)  # the run's name under them, full width: in a third column it was cut at 1024 px
        datasets, modes = train_setup.dataset_labels(lang), train_setup.mode_labels(lang)
        dataset = ui.persistent_widget(top[0].selectbox, "train.dataset", "fashion_mnist", label=t("train.dataset"),
                                       options=list(datasets), format_func=datasets.get)
        mode = ui.persistent_widget(top[1].radio, "train.mode", "preset", label=t("train.mode"), options=list(modes),
                                    format_func=modes.get, horizontal=True)
        picker = train_setup.choice_picker(dataset, mode, lang)
        choice = ui.persistent_widget(st.selectbox, picker.key, picker.default, label=picker.label,
                                      options=list(picker.labels), format_func=picker.labels.get)
        train_data = train_setup.train_data(dataset, lang)
        ui.show(train_data.problems)

        def start_training() -> None:
            """The form's values, all at once, become the settings and the run (a callback: before any rerun)."""
            ui.commit_form_widgets(form_keys)
            st.session_state["train.refusal"] = train_view.start(manager, st.session_state, dataset, mode, choice,
                                                                 seed, owner)

        with st.form("train_form", border=True):
            ui.show(train_setup.form_intro(mode, choice, lang))
            form_keys = ui.form_fields(train_view.form_rows(mode, choice, dataset, lang, seed))
            check = train_setup.form_check(st.session_state, dataset, mode, choice, seed, manager, train_data.count,
                                          ui.device_label(), lang)
            ui.show(check.problems)
            # One wrapping row of buttons, the summary under it: a quarter-width column cut "Start training" at 1024 px.
            buttons = st.container(horizontal=True)
            summary = st.container()
            buttons.form_submit_button(t("train.start"), type="primary", icon=":material/play_arrow:",
                                       key="train_start", on_click=start_training,
                                       disabled=train_data.count is None or check.recipe is None)
            # No tooltip: it covered "Start training".
            buttons.form_submit_button(t("train.check"), icon=":material/check:", key="train_check",
                                       on_click=ui.commit_form_widgets, args=(form_keys,))
            with summary:
                ui.show(check.summary)
        ui.show(train_view.refusal_elements(st.session_state.pop("train.refusal", None), lang))
        ui.show(train_data.samples)

        if check.recipe is not None:
            ui.code_expander(code_train.training_code(check.recipe), "train.recipe")
            with st.expander(t("train.lecture.slips_title")):
                st.markdown("\n".join(f"- {slip}" for slip in lecture_reference.slips(lang)))
            key = train_setup.link_to(st.session_state, st.query_params, manager.key(check.recipe))
            if manager.get(key) is None:
                st.info(t("train.not_trained"), icon=":material/info:")
            else:
                # The live panel draws the job by itself (no whole-page reruns while a class waits): the job pushes its
                # changes (ui.follow_job); it also looks now and then in case a push is lost, and stops once it is over.
                @st.fragment(run_every=ui.live_poll_seconds(manager.get(key).finished))
                def live_panel() -> None:
                    ui.follow_job(manager, key)  # before reading the job: a change in between still arrives
                    job = manager.get(key)
                    view = train_view.live_view(job, lang, can_cancel=train_view.can_cancel(manager, key, owner),
                                                queue_position=manager.queue_position(job))
                    ui.show(view.head())
                    ui.show_metrics(view.metrics)
                    ui.show(view.tail(lang, (manager, key, owner)))
                    if view.finished:
                        ui.set_fragment_interval(None)  # nothing more to look for

                live_panel()

# ================================================================================ 2. compare
runs = [] if tab_train.open else manager.store.list()  # every stored run, newest first
if tab_compare.open:
    with tab_compare:
        board = train_runs.overview(runs, st.session_state, lang)
        if board is None:
            st.info(t("train.compare.empty"), icon=":material/info:")
        else:
            ui.show(board.head)
            picked = ui.persistent_widget(st.multiselect, train_runs.PICKED_KEY, label=t("train.compare.pick"),
                                          options=list(board.labels), format_func=board.labels.get, wrap=True)
            ui.show(train_runs.overlay(runs, picked, lang))
            st.subheader(t("train.compare.details"))
            if not board.image_hashes:
                st.info(t("train.compare.no_image_runs"), icon=":material/info:")
            else:
                ui.url_state(train_runs.DETAIL_RUN_KEY, board.image_hashes[0], options=board.image_hashes)
                chosen_hash = st.selectbox(t("train.compare.run"), options=board.image_hashes,
                                           key=train_runs.DETAIL_RUN_KEY, format_func=board.labels.get)
                ui.show(train_runs.details(manager.store, runs, chosen_hash, picked, lang))

# ================================================================================ 3. feature maps
if tab_maps.open:
    with tab_maps:
        st.markdown(t("train.maps.intro"))
        cnn_runs = train_maps.cnn_run_labels(runs, lang)
        if not cnn_runs:
            st.info(t("train.maps.none"), icon=":material/info:")
        else:
            ui.url_state("train_maps_run", next(iter(cnn_runs)), options=list(cnn_runs))
            run_hash = st.selectbox(t("train.maps.run"), options=list(cnn_runs), key="train_maps_run",
                                    format_func=cnn_runs.get)
            sources = train_maps.source_picker(runs, run_hash, lang)
            source = ui.persistent_widget(st.radio, sources.key, "test", label=t("train.maps.source"),
                                          options=list(sources.labels), format_func=sources.labels.get, horizontal=True)
            if source == "test":
                index = ui.persistent_widget(st.number_input, "train.maps.index", 0, label=t("train.maps.index"),
                                             min_value=0, max_value=9_999, step=1)
                picture = train_maps.test_picture(sources.dataset, int(index), lang)
            elif source == "upload":
                upload = st.file_uploader(t("train.maps.upload"), type=["png", "jpg", "jpeg"], key="train_maps_upload",
                                          help=t("train.maps.upload_help"))
                picture = train_maps.uploaded_picture(upload and upload.getvalue(), sources.dataset, lang)
            elif source == "draw":
                st.caption(t("train.maps.draw_help"))
                picture = train_maps.drawn_picture(*ui.drawing_canvas("train_maps_canvas", train_maps.CANVAS_SIDE,
                                                                      train_maps.DRAWN_STROKE), lang)
            else:
                picture = train_maps.sample_picture(sources.dataset, lang)
            ui.show(picture.notes)
            shown = train_maps.inside(manager.store, runs, run_hash, picture, lang)
            ui.show(shown.problems)
            if shown.shown:
                ui.show(shown.top)
                per_map = ui.persistent_widget(st.toggle, "train.maps.per_map", True, label=t("train.maps.per_map"),
                                               help=t("train.maps.per_map_help"))
                ui.show(shown.maps(per_map, lang))
                ui.code_expander(shown.code, "train.shown")
