"""The dropout experiment through the real engine: tiny Fashion-MNIST files, JobManager, ResultStore, trainer."""

import re
import threading

from explainer.training.jobs import JobManager
from explainer.training.store import ResultStore
from explainer.training.trainer import TrainingCancelled
from explainer.views import dropout_effect
from tests.datagen import write_random_idx_dataset

SEED = 3


def test_missing_runs_train_in_the_background_and_are_found_again(data_root, tmp_path):
    write_random_idx_dataset(data_root / "fashion-mnist", {"train": 48, "test": 20})
    assert dropout_effect.missing_dataset() is None
    store = ResultStore(tmp_path / "store")
    manager = JobManager(store)
    states = dropout_effect.run_states(SEED, manager)
    assert [s.status for s in states] == ["missing"] * 3 and all(s.trainable for s in states)

    jobs = dropout_effect.submit_missing(SEED, manager)
    assert len(jobs) == 3
    for job in jobs:
        assert job.wait(120), job
    states = dropout_effect.run_states(SEED, manager)
    assert [s.status for s in states] == ["done"] * 3, [s.error for s in states]
    epochs = dropout_effect.SHORT_RUN["epochs"]
    for state in states:
        assert state.epoch == epochs and [row["epoch"] for row in state.history] == list(range(1, epochs + 1))
        assert 0 <= state.test_acc <= 100 and all(0 <= row["train_acc"] <= 100 for row in state.history)
        assert state.recipe.dropout == state.p
    assert dropout_effect.submit_missing(SEED, manager) == []

    # A new process (new manager, same store) finds the three results without training.
    fresh = JobManager(ResultStore(tmp_path / "store"), train_fn=lambda *a, **k: (_ for _ in ()).throw(AssertionError))
    again = dropout_effect.run_states(SEED, fresh)
    assert [s.status for s in again] == ["done"] * 3
    assert [s.history for s in again] == [s.history for s in states]
    # Another seed is another set of runs.
    assert {s.status for s in dropout_effect.run_states(SEED + 1, fresh)} == {"missing"}


def test_no_dataset_is_reported_and_a_failed_run_can_be_retried(data_root, tmp_path):
    from explainer.data.datasets import DatasetUnavailable

    assert isinstance(dropout_effect.missing_dataset(), DatasetUnavailable)
    manager = JobManager(ResultStore(tmp_path / "store"))
    for job in dropout_effect.submit_missing(SEED, manager):
        assert job.wait(60)
    states = dropout_effect.run_states(SEED, manager)
    assert [s.status for s in states] == ["failed"] * 3
    assert all(isinstance(s.exception, DatasetUnavailable) and s.trainable for s in states)


def test_cancel_stops_the_active_runs(tmp_path):
    started = threading.Event()

    def blocking_train(recipe, device, on_progress, should_stop, progress_every):
        started.set()
        while not should_stop():
            threading.Event().wait(0.01)
        raise TrainingCancelled()

    manager = JobManager(ResultStore(tmp_path / "store"), train_fn=blocking_train)
    jobs = dropout_effect.submit_missing(SEED, manager)
    assert started.wait(10)
    states = dropout_effect.run_states(SEED, manager)
    assert [s.status for s in states] == ["running", "queued", "queued"]
    assert dropout_effect.cancel_active(SEED, manager) == 3
    for job in jobs:
        assert job.wait(10)
    assert [s.status for s in dropout_effect.run_states(SEED, manager)] == ["cancelled"] * 3


def test_autostart_queues_untried_runs_on_the_lecture_seed_only(tmp_path):
    started = []

    def instant_cancel(recipe, device, on_progress, should_stop, progress_every):
        started.append(recipe.dropout)
        raise TrainingCancelled()  # stands for a student pressing cancel

    manager = JobManager(ResultStore(tmp_path / "store"), train_fn=instant_cancel)
    assert dropout_effect.autostart(dropout_effect.AUTOSTART_SEED + 1, manager) == []  # another seed: the button
    jobs = dropout_effect.autostart(dropout_effect.AUTOSTART_SEED, manager)
    assert [job.recipe.dropout for job in jobs] == list(dropout_effect.EFFECT_PS)
    for job in jobs:
        assert job.wait(10)
    assert sorted(started) == sorted(dropout_effect.EFFECT_PS)
    # Cancelled runs are not restarted by the next page view; the button offers them again.
    assert dropout_effect.autostart(dropout_effect.AUTOSTART_SEED, manager) == []
    states = dropout_effect.run_states(dropout_effect.AUTOSTART_SEED, manager)
    assert all(state.trainable for state in states)
    assert len(started) == 3


def _blocking_manager(tmp_path):
    """A manager whose runs wait until cancelled (so they stay active), with a fixed training-set size."""
    def blocking_train(recipe, device, on_progress, should_stop, progress_every):
        while not should_stop():
            threading.Event().wait(0.01)
        raise TrainingCancelled()

    return JobManager(ResultStore(tmp_path / "store"), train_fn=blocking_train, train_count_fn=lambda recipe: 5_000)


def test_only_the_session_that_pressed_train_may_stop_its_runs(tmp_path):
    manager = _blocking_manager(tmp_path)
    jobs = dropout_effect.submit_missing(SEED, manager, owner="teacher")
    try:
        states = dropout_effect.run_states(SEED, manager)
        assert dropout_effect.may_cancel(states, manager, "teacher")
        assert not dropout_effect.may_cancel(states, manager, "student")
        assert dropout_effect.effect_view(SEED, manager, "student", True).show_cancel is False
        assert dropout_effect.cancel_active(SEED, manager, owner="student") == 0
        assert all(state.active for state in dropout_effect.run_states(SEED, manager))
        assert dropout_effect.cancel_active(SEED, manager, owner="teacher") == 3
    finally:
        dropout_effect.cancel_active(SEED, manager)
        for job in jobs:
            assert job.wait(10)


def test_autostarted_runs_belong_to_the_server_and_no_session_may_stop_them(tmp_path):
    manager = _blocking_manager(tmp_path)
    jobs = dropout_effect.autostart(dropout_effect.AUTOSTART_SEED, manager)
    try:
        view = dropout_effect.effect_view(dropout_effect.AUTOSTART_SEED, manager, "anyone", True)
        assert view.show_cancel is False and view.show_train is False
        assert view.poll_seconds == dropout_effect.POLL_SECONDS
        assert dropout_effect.cancel_active(dropout_effect.AUTOSTART_SEED, manager, owner="anyone") == 0
    finally:
        assert dropout_effect.cancel_active(dropout_effect.AUTOSTART_SEED, manager) == 3  # the server may
        for job in jobs:
            assert job.wait(10)
    view = dropout_effect.effect_view(dropout_effect.AUTOSTART_SEED, manager, "anyone", True)
    assert view.poll_seconds is None and view.show_train and view.trainable == 3  # nothing active: stop polling


def test_a_refused_press_of_the_train_button_says_why(tmp_path):
    manager = JobManager(ResultStore(tmp_path / "store"), train_fn=lambda *a, **k: None, max_jobs_per_owner=1,
                         max_run_minutes=1e-9, train_count_fn=lambda recipe: 5_000)
    refusal = dropout_effect.submit_missing_or_refusal(SEED, manager, "student", "ko")
    assert refusal is not None and re.search("[가-힣]", refusal) and "engine.refused" not in refusal  # a sentence
    assert all(state.status == "missing" for state in dropout_effect.run_states(SEED, manager))
