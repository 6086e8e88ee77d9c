"""The dropout page in AppTest: slider, step/reset buttons, input-dropout switch and the scaling numbers."""

import re
import sys
import threading

import pytest

from explainer.figures.dropout import mask_table
from explainer.i18n import t
from explainer.topics import dropout
from explainer.ui import DEFAULT_SEED
from explainer.views import dropout_effect
from tests.apptest_helpers import open_page, texts
from tests.datagen import write_random_idx_dataset

SIZES = dropout.DEFAULT_LAYER_SIZES


def _kept_metric(at, lang):
    return next(m.value for m in at.metric if m.label == t("dropout.kept_metric", lang))


def _mask_frame(at, lang):
    header = t("dropout.mask.layer", lang)
    return next(df.value for df in at.table if header in df.value.columns)


def _run_statuses(at) -> list[str]:
    return [bar.proto.text for bar in at.get("progress")]


def _expected_kept(p, step, drop_input=False):
    masks = dropout.sample_masks(SIZES, p, step, DEFAULT_SEED, drop_input=drop_input)
    count = dropout.kept_count(masks, SIZES, p, drop_input=drop_input)
    return f"{count.kept} / {count.droppable}", masks


def _assert_masks_shown(at, lang, masks):
    shown = _mask_frame(at, lang)
    expected = mask_table(masks, SIZES, lang)
    for column, values in expected.items():
        assert shown[column].tolist() == values, column


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_step_buttons_resample_the_mask_and_the_count(lang):
    at = open_page("dropout", lang)
    assert not at.exception, [e.value for e in at.exception]
    page = texts(at)
    assert t("dropout.batch_label", lang, step=1) in page
    kept, masks = _expected_kept(0.5, 1)
    assert _kept_metric(at, lang) == kept
    # One batch so far: its average is its own count, labelled as one batch (not "batches 1–1").
    first_average = next(m.value for m in at.metric if m.label == t("dropout.mean_metric_one", lang, step=1))
    assert first_average == f"{dropout.mean_kept(SIZES, 0.5, 1, DEFAULT_SEED)[0]:.2f}"
    _assert_masks_shown(at, lang, masks)

    step_button = next(b for b in at.button if b.label == t("dropout.step", lang))
    step_button.click().run()
    step_button = next(b for b in at.button if b.label == t("dropout.step", lang))
    step_button.click().run()
    assert not at.exception
    assert t("dropout.batch_label", lang, step=3) in texts(at)
    kept3, masks3 = _expected_kept(0.5, 3)
    assert _kept_metric(at, lang) == kept3
    average = next(m.value for m in at.metric if m.label == t("dropout.mean_metric", lang, first=1, step=3))
    assert average == f"{dropout.mean_kept(SIZES, 0.5, 3, DEFAULT_SEED)[0]:.2f}"
    _assert_masks_shown(at, lang, masks3)
    assert [m.tolist() for m in masks3] != [m.tolist() for m in masks]

    next(b for b in at.button if b.label == t("dropout.reset", lang)).click().run()
    assert t("dropout.batch_label", lang, step=1) in texts(at)
    assert _kept_metric(at, lang) == kept


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_p_slider_changes_the_mask_and_the_scaling_example(lang):
    at = open_page("dropout", lang, open_code=True)
    tables = "\n".join(df.value.to_string() for df in at.table)
    assert "2 / 0.5 = 4" in tables and "2 × 0.5 = 1" in tables  # PyTorch train, lecture test
    assert "1 − p = **0.5**" in texts(at) or "1−p = **0.5**" in texts(at)

    at.slider(key="_widget_dropout.p").set_value(0.2).run()
    assert not at.exception
    tables = "\n".join(df.value.to_string() for df in at.table)
    assert "2 / 0.8 = 2.5" in tables and "2 × 0.8 = 1.6" in tables
    assert t("dropout.scaling.table.inverted", lang, p="0.2") in tables or any(
        t("dropout.scaling.table.inverted", lang, p="0.2") in df.value.columns for df in at.table)
    kept, masks = _expected_kept(0.2, 1)
    assert _kept_metric(at, lang) == kept
    _assert_masks_shown(at, lang, masks)
    code = "\n".join(c.value for c in at.code)
    assert "nn.Dropout(p=0.2)" in code and "2 / (1 - 0.2) = 2.5" in code

    at.slider(key="_widget_dropout.p").set_value(0.0).run()
    assert _kept_metric(at, lang) == "16 / 16"


def test_activation_input_and_input_dropout_switch():
    lang = "en"
    at = open_page("dropout", lang, open_code=True)
    at.number_input(key="_widget_dropout.activation").set_value(3.0).run()
    tables = "\n".join(df.value.to_string() for df in at.table)
    assert "3 / 0.5 = 6" in tables and "3 × 0.5 = 1.5" in tables
    assert "x = torch.full((8,), 3.0)" in "\n".join(c.value for c in at.code)

    at.checkbox(key="_widget_dropout.drop_input").check().run()
    assert not at.exception
    kept, masks = _expected_kept(0.5, 1, drop_input=True)
    assert kept.endswith("/ 22")
    assert _kept_metric(at, lang) == kept
    _assert_masks_shown(at, lang, masks)


def test_dropout2d_redraw_draws_the_channel_mask_nn_dropout2d_draws():
    lang = "en"
    at = open_page("dropout", lang)
    maps = dropout.fixed_filter_maps(dropout.synthetic_image())  # tests have no dataset: the synthetic image
    for draw in range(1, 5):
        if draw > 1:
            next(b for b in at.button if b.label == t("dropout.maps.redraw", lang)).click().run()
        assert not at.exception
        expected = dropout.channel_dropout(maps, 0.5, DEFAULT_SEED * 1_000 + draw)
        off = int((~expected.channel_kept).sum())
        caption = next(c.value for c in at.caption if "Channels off:" in c.value)
        assert f"(draw {draw})" in caption and f"Channels off: {off} of 8" in caption
        assert t("dropout.maps.source.synthetic", lang) in texts(at)


# --- section 3: the accuracy experiment through the engine ---------------------------------------------------


@pytest.fixture
def manager(tmp_path, monkeypatch):
    """The page's job manager, on a temporary store (ui.job_manager is the engine's process-wide one)."""
    from explainer import ui
    from explainer.training.jobs import JobManager
    from explainer.training.store import ResultStore

    manager = JobManager(ResultStore(tmp_path / "store"))
    monkeypatch.setattr(ui, "job_manager", lambda: manager, raising=False)
    return manager


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_effect_section_without_data_explains_and_offers_no_training(manager, lang):
    at = open_page("dropout", lang)
    assert not at.exception, [e.value for e in at.exception]
    page = texts(at)
    assert "86.93%" in page and "88.98%" in page
    assert t("dropout.effect.no_data", lang) in page
    assert t("dropout.effect.status.missing", lang, p="0.2") in _run_statuses(at)
    assert t("dropout.effect.none_yet", lang) not in page  # it points at a button that is not there
    assert not [b for b in at.button if b.label.startswith(t("dropout.effect.train_button", lang, missing=3)[:6])]


def _finish_the_three_runs(at, manager) -> None:
    """The three jobs exist; wait for them, then draw the page again."""
    jobs = [manager.get(state.config_hash) for state in dropout_effect.run_states(777, manager)]
    assert all(job is not None for job in jobs)
    for job in jobs:
        assert job.wait(120)
    at.run()
    assert not at.exception


@pytest.fixture
def fashion_data(data_root):
    """A tiny Fashion-MNIST in the data folder (and no other source), enough for the three short runs."""
    write_random_idx_dataset(data_root / "fashion-mnist", {"train": 40, "test": 16})
    return data_root


def test_effect_section_trains_the_missing_runs_and_draws_the_curves(manager, fashion_data, monkeypatch):
    lang = "en"
    monkeypatch.setattr(dropout_effect, "AUTOSTART_SEED", -1)  # the button path; autostart is tested below
    at = open_page("dropout", lang, open_code=True)
    charts_before = len(at.get("plotly_chart"))
    assert t("dropout.effect.no_data", lang) not in texts(at)
    assert t("dropout.effect.none_yet", lang) in texts(at)
    train = next(b for b in at.button if b.label == t("dropout.effect.train_button", lang, missing=3))
    train.click().run()
    assert not at.exception
    _finish_the_three_runs(at, manager)
    page = texts(at)
    for state in dropout_effect.run_states(777, manager):
        assert state.status == "done"
        status = t("dropout.effect.status.stored", lang, p=f"{state.p:g}", acc=f"{state.test_acc:.2f}%")
        assert status in _run_statuses(at)
    assert t("dropout.effect.gap", lang, gaps="")[:20] in page
    assert not [b for b in at.button if b.label == t("dropout.effect.train_button", lang, missing=3)]
    assert len(at.get("plotly_chart")) == charts_before + 1  # the accuracy curves
    code = "\n".join(c.value for c in at.code)
    assert "for epoch in range(1, 20 + 1)" in code


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_first_visit_with_data_starts_the_three_runs_by_itself(manager, fashion_data, lang):
    at = open_page("dropout", lang)
    assert not at.exception, [e.value for e in at.exception]
    assert t("dropout.effect.autostarted", lang) in texts(at)
    assert not [b for b in at.button if b.label == t("dropout.effect.train_button", lang, missing=3)]
    _finish_the_three_runs(at, manager)
    assert t("dropout.effect.autostarted", lang) not in texts(at)  # said once, by the view that started them
    assert all(state.status == "done" for state in dropout_effect.run_states(777, manager))
    assert t("dropout.effect.gap", lang, gaps="")[:20] in texts(at)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_lecture_p_is_the_drop_ratio_and_the_test_time_slip_is_named(lang):
    at = open_page("dropout", lang)
    page = texts(at)
    # The lecture defines p as the ratio of nodes dropped (its code: nn.Dropout(p=0.2)), like PyTorch; only the
    # original paper uses p for the keep probability.
    assert "생략되는 Node의 비율" in page and "nn.Dropout(p=0.2)" in page
    assert t("dropout.terms.body", lang, keep="0.5") in page
    at.slider(key="_widget_dropout.p").set_value(0.2).run()
    page = texts(at)
    assert t("dropout.terms.slip", lang, keep="0.8") in page  # the slide's "multiply by p" should be 1 − p
    assert ("**1−p**" in page and "1/(1−p)" in page)
    assert ("Lecture (Srivastava" not in page and "강의(Srivastava" not in page)
    assert ("동조화(co-adaptation)" in page) if lang == "ko" else ("co-adaptation" in page)


def test_every_code_block_comments_in_the_pages_language():
    """The four dropout templates are called with the page's language: Korean comments on the Korean page."""
    korean, english = open_page("dropout", "ko", open_code=True), open_page("dropout", "en", open_code=True)
    assert not korean.exception and not english.exception
    assert len(korean.code) == len(english.code) >= 3
    assert all(re.search("[가-힣]", block.value) for block in korean.code)
    assert not any(re.search("[가-힣]", block.value) for block in english.code)


# --- who may stop a run, and a live section that draws by itself -------------------------------------------


def _blocking_manager(tmp_path, monkeypatch, gate=None):
    """The page's manager whose runs wait until cancelled, or until `gate` opens and then really train."""
    from explainer import ui
    from explainer.training.jobs import JobManager
    from explainer.training.store import ResultStore
    from explainer.training.trainer import TrainingCancelled
    from explainer.training.trainer import train as train_recipe

    def train(recipe, device, on_progress, should_stop, progress_every):
        while not (gate is not None and gate.is_set()):
            if should_stop():
                raise TrainingCancelled()
            threading.Event().wait(0.01)
        return train_recipe(recipe, device, on_progress=on_progress, should_stop=should_stop,
                            progress_every=progress_every)

    manager = JobManager(ResultStore(tmp_path / "store"), train_fn=train)
    monkeypatch.setattr(ui, "job_manager", lambda: manager, raising=False)
    return manager


def _cancel_button(at, lang="en"):
    return [b for b in at.button if b.label == t("dropout.effect.cancel", lang)]


def test_only_the_student_who_pressed_train_sees_the_stop_button(fashion_data, tmp_path, monkeypatch):
    monkeypatch.setattr(dropout_effect, "AUTOSTART_SEED", -1)  # the button path
    manager = _blocking_manager(tmp_path, monkeypatch)
    starter, classmate = open_page("dropout", "en"), open_page("dropout", "en")
    try:
        next(b for b in starter.button if b.label == t("dropout.effect.train_button", "en", missing=3)).click().run()
        assert not starter.exception, [e.value for e in starter.exception]
        assert all(state.active for state in dropout_effect.run_states(777, manager))
        assert _cancel_button(starter)
        classmate.run()
        assert not classmate.exception
        assert not _cancel_button(classmate)  # the same shared runs, but not theirs to stop
        _cancel_button(starter)[0].click().run()
        assert not starter.exception
        assert [state.status for state in dropout_effect.run_states(777, manager)] == ["cancelled"] * 3
    finally:
        dropout_effect.cancel_active(777, manager)  # the server ends what is left


def test_nobody_may_stop_the_autostarted_runs_from_the_page(fashion_data, tmp_path, monkeypatch):
    manager = _blocking_manager(tmp_path, monkeypatch)
    try:
        at = open_page("dropout", "en")
        assert not at.exception, [e.value for e in at.exception]
        assert t("dropout.effect.autostarted", "en") in texts(at)
        assert all(state.active for state in dropout_effect.run_states(777, manager))
        assert not _cancel_button(at)
    finally:
        dropout_effect.cancel_active(777, manager)


def test_the_live_section_draws_finished_runs_itself_and_stops_polling(fashion_data, tmp_path, monkeypatch):
    """The page draws while the runs are active; they finish before the section (a timer rerun of the fragment)
    looks again: it shows the curves, statuses and gaps without rerunning the page, and stops its timer."""
    import streamlit

    from explainer import ui

    gate = threading.Event()
    manager = _blocking_manager(tmp_path, monkeypatch, gate)
    page_reruns, intervals = [], []
    real_rerun = streamlit.rerun

    def recording_rerun(*args, **kwargs):
        if sys._getframe(1).f_code.co_filename.endswith("pages/dropout.py"):  # the page's own reruns only
            page_reruns.append(kwargs)
        return real_rerun(*args, **kwargs)

    monkeypatch.setattr(streamlit, "rerun", recording_rerun)
    monkeypatch.setattr(ui, "set_fragment_interval", lambda seconds: intervals.append(seconds) or True)
    real_view = dropout_effect.effect_view
    calls = []

    def view_then_finish(*args, **kwargs):
        view = real_view(*args, **kwargs)
        calls.append(view.poll_seconds)
        if len(calls) == 3:  # the page's own look in the second run (page, section, page): the runs finish now
            gate.set()
            for state in view.states:
                assert manager.get(state.config_hash).wait(120)
        return view

    monkeypatch.setattr(dropout_effect, "effect_view", view_then_finish)
    try:
        at = open_page("dropout", "en")
        assert calls == [dropout_effect.POLL_SECONDS] * 2  # autostarted, waiting at the gate: page and section
        charts_before = len(at.get("plotly_chart"))
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert calls[2:] == [dropout_effect.POLL_SECONDS, None]  # the page saw them active, the section done
        assert page_reruns == []
        assert intervals == [None]  # the section stopped its own timer
        assert len(at.get("plotly_chart")) == charts_before + 1  # the accuracy curves
        for state in dropout_effect.run_states(777, manager):
            assert t("dropout.effect.status.stored", "en", p=f"{state.p:g}",
                     acc=f"{state.test_acc:.2f}%") in _run_statuses(at)
        assert t("dropout.effect.gap", "en", gaps="")[:20] in texts(at)
    finally:
        gate.set()
