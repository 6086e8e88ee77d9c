"""The job manager: de-duplication, queueing, cancel, failures, the store behind it."""

import threading
import time

import pytest
import torch

from explainer.data.datasets import DatasetUnavailable
from explainer.training.jobs import JobManager
from explainer.training.recipes import RECIPES, config_hash
from explainer.training.store import ResultStore
from explainer.training.trainer import TrainingCancelled, train
from tests.engine_helpers import tiny_datasets

DATA = tiny_datasets(train=64, test=20)
TIMEOUT = 60


def tiny(name="fashion_mlp", **overrides):
    return RECIPES[name].with_overrides(**{"epochs": 2, "batch_size": 16, **overrides})


class CountingTrainer:
    """The real trainer on tiny data, counting calls; `gate` (if set) holds each run until released."""

    def __init__(self, gate: threading.Event | None = None):
        self.calls: list[str] = []
        self.gate = gate
        self.lock = threading.Lock()

    def __call__(self, recipe, device, on_progress=None, should_stop=None, progress_every=100):
        with self.lock:
            self.calls.append(recipe.name if recipe.seed == 777 else f"{recipe.name}@{recipe.seed}")
        while self.gate is not None and not self.gate.wait(0.01):
            if should_stop():
                raise TrainingCancelled("cancelled while waiting")
        return train(recipe, device, on_progress=on_progress, should_stop=should_stop,
                     progress_every=progress_every, datasets=DATA)


def wait_for(predicate, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def test_two_requests_train_once_and_share_the_job(store):
    trainer = CountingTrainer(gate=threading.Event())
    manager = JobManager(store, train_fn=trainer)
    first = manager.submit(tiny(), "cpu")
    second = manager.submit(tiny(), "cpu")  # e.g. another session, or a rerun
    assert second is first
    trainer.gate.set()
    assert first.wait(TIMEOUT) and first.state == "done"
    assert manager.submit(tiny(), "cpu") is first
    assert trainer.calls == ["fashion_mlp"]
    assert first.result.test_acc == first.history[-1]["test_acc"]
    assert store.get(first.config_hash).test_acc == first.result.test_acc  # stored before "done"


def test_a_stored_result_is_a_done_job_without_training(store):
    trainer = CountingTrainer()
    job = JobManager(store, train_fn=trainer).submit(tiny(), "cpu")
    assert job.wait(TIMEOUT)
    later = JobManager(ResultStore(store.root), train_fn=trainer)  # e.g. after an app restart
    again = later.submit(tiny(), "cpu")
    assert again.state == "done" and again.finished
    assert again.result.test_acc == job.result.test_acc and again.history == job.history
    assert later.get(job.config_hash) is again
    assert trainer.calls == ["fashion_mlp"]


def test_get_reads_the_store_and_keys_match_config_hash(store):
    manager = JobManager(store, train_fn=CountingTrainer())
    recipe = tiny()
    assert manager.key(recipe, "cpu") == config_hash(recipe, "cpu")
    assert manager.get(manager.key(recipe, "cpu")) is None
    manager.submit(recipe, "cpu").wait(TIMEOUT)
    assert JobManager(store).get(manager.key(recipe, "cpu")).state == "done"


def test_one_job_per_device_at_a_time_in_submission_order(store):
    trainer = CountingTrainer(gate=threading.Event())
    manager = JobManager(store, train_fn=trainer)
    jobs = [manager.submit(tiny(seed=seed), "cpu") for seed in (1, 2, 3)]
    assert wait_for(lambda: jobs[0].state == "running")
    time.sleep(0.1)
    assert [job.state for job in jobs] == ["running", "queued", "queued"]
    assert [manager.queue_position(job) for job in jobs] == [None, 1, 2]
    trainer.gate.set()
    assert all(job.wait(TIMEOUT) for job in jobs)
    assert trainer.calls == ["fashion_mlp@1", "fashion_mlp@2", "fashion_mlp@3"]
    assert jobs[0].finished_at <= jobs[1].started_at and jobs[1].finished_at <= jobs[2].started_at
    assert [job.config_hash for job in manager.jobs()] == [job.config_hash for job in jobs]


def test_more_jobs_per_device_when_configured(store):
    trainer = CountingTrainer(gate=threading.Event())
    manager = JobManager(store, max_jobs_per_device=2, train_fn=trainer)
    jobs = [manager.submit(tiny(seed=seed), "cpu") for seed in (1, 2, 3)]
    assert wait_for(lambda: [job.state for job in jobs] == ["running", "running", "queued"])
    trainer.gate.set()
    assert all(job.wait(TIMEOUT) for job in jobs)


def test_cancel_a_running_job_stops_it_and_stores_nothing(store):
    manager = JobManager(store, train_fn=CountingTrainer(), progress_every=1)
    job = manager.submit(tiny(epochs=10_000, batch_size=4), "cpu")
    assert wait_for(lambda: job.progress is not None)  # any session can read its progress
    assert job.state == "running" and job.progress.steps_per_epoch == 16
    assert manager.cancel(job.config_hash)
    assert job.wait(TIMEOUT) and job.state == "cancelled"
    assert store.get(job.config_hash) is None
    replacement = manager.submit(tiny(epochs=10_000, batch_size=4), "cpu")  # a new request trains again
    assert replacement is not job and replacement.state in ("queued", "running")
    replacement.cancel()
    assert replacement.wait(TIMEOUT) and replacement.state == "cancelled"


def test_cancel_a_queued_job_means_it_never_starts(store):
    trainer = CountingTrainer(gate=threading.Event())
    manager = JobManager(store, train_fn=trainer)
    running = manager.submit(tiny(seed=1), "cpu")
    queued = manager.submit(tiny(seed=2), "cpu")
    queued.cancel()
    assert queued.state == "cancelled" and manager.queue_position(queued) is None
    trainer.gate.set()
    assert running.wait(TIMEOUT) and running.state == "done"
    time.sleep(0.1)
    assert trainer.calls == ["fashion_mlp@1"]


def test_a_failed_job_keeps_its_error_and_a_new_request_retries(store):
    attempts = []

    def broken(recipe, device, **kwargs):
        attempts.append(device)
        raise ValueError("the weights exploded")

    manager = JobManager(store, train_fn=broken)
    job = manager.submit(tiny(), "cpu")
    assert job.wait(TIMEOUT) and job.state == "failed"
    assert "the weights exploded" in job.error and isinstance(job.exception, ValueError)
    assert manager.submit(tiny(), "cpu") is not job
    assert wait_for(lambda: len(attempts) == 2)


def test_missing_data_fails_with_the_data_message(store):
    manager = JobManager(store)  # the real trainer; the tests' data folder is empty
    job = manager.submit(tiny(), "cpu")
    assert job.wait(TIMEOUT) and job.state == "failed"
    assert isinstance(job.exception, DatasetUnavailable)
    assert "EXPLAINER_DATA_DIR" in job.error or "Fashion" in job.error


def test_cuda_out_of_memory_retries_on_the_cpu(store, monkeypatch):
    devices = []

    def picky(recipe, device, **kwargs):
        devices.append(device)
        if device == "cuda":
            raise torch.cuda.OutOfMemoryError("CUDA out of memory")
        return CountingTrainer()(recipe, device, **kwargs)

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "empty_cache", lambda: None)
    manager = JobManager(store, train_fn=picky)
    job = manager.submit(tiny(), "cuda")
    assert job.wait(TIMEOUT) and job.state == "done", job.error
    assert devices == ["cuda", "cpu"] and job.trained_on == "cpu"
    assert any("out of memory" in notice for notice in job.notices)
    stored = store.get(config_hash(tiny(), "cuda"))
    assert stored.metrics["device"] == "cpu" and any("CPU" in n for n in stored.notices)


def test_a_corrupt_stored_result_is_trained_again_with_a_notice(store):
    trainer = CountingTrainer()
    job = JobManager(store, train_fn=trainer).submit(tiny(), "cpu")
    assert job.wait(TIMEOUT)
    (store.results / job.config_hash / "weights.safetensors").write_bytes(b"garbage")
    manager = JobManager(ResultStore(store.root), train_fn=trainer)
    again = manager.submit(tiny(), "cpu")
    assert again.wait(TIMEOUT) and again.state == "done"
    assert trainer.calls == ["fashion_mlp", "fashion_mlp"]
    assert any("unusable" in notice for notice in again.notices)
    assert ResultStore(store.root).get(job.config_hash) is not None


def test_cuda_request_without_a_gpu_is_refused(store, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ValueError, match="CUDA"):
        JobManager(store).submit(tiny(), "cuda")


def test_notices_are_recorded_in_english_and_shown_in_either_language():
    from explainer.training.jobs import notice, notice_text

    recorded = notice("engine.notice.stored_unusable", problem="metrics.json is missing")
    assert recorded == "the stored result was unusable (metrics.json is missing); training again"
    assert notice_text(recorded, "en") == recorded
    korean = notice_text(recorded, "ko")
    assert "metrics.json is missing" in korean and "다시 학습" in korean
    assert "CPU" in notice_text(notice("engine.notice.oom"), "ko")
    assert notice_text("something else", "ko") == "something else"


class Watcher:
    """Records the states a job had when its watcher was called; `alive` False: the session is gone."""

    def __init__(self, alive: bool = True):
        self.seen: list[str] = []
        self.alive = alive

    def __call__(self, job):
        self.seen.append(str(job.state))
        return self.alive


def test_watchers_hear_every_state_change_and_progress_at_most_every_notify_every(store):
    trainer = CountingTrainer(gate=threading.Event())
    manager = JobManager(store, train_fn=trainer, progress_every=1, notify_every=3600)
    key = manager.key(tiny(), "cpu")
    watcher = Watcher()
    manager.watch(key, "session-a", watcher)
    job = manager.submit(tiny(epochs=3), "cpu")
    assert job.config_hash != key  # a different run: its watchers only
    manager.watch(job.config_hash, "session-a", watcher)
    assert wait_for(lambda: watcher.seen == ["running"])
    trainer.gate.set()
    assert job.wait(TIMEOUT)
    # Progress came every step, but within the hour after "running" none got through; then "done" at once.
    assert watcher.seen == ["running", "done"], watcher.seen
    assert manager.watcher_count(job.config_hash) == 1
    every_report = Watcher()
    manager.notify_every = 0
    again = manager.submit(tiny(epochs=3, seed=5), "cpu")
    manager.watch(again.config_hash, "session-a", every_report)
    assert again.wait(TIMEOUT)
    assert every_report.seen.count("running") > 3 and every_report.seen[-1] == "done", every_report.seen


def test_a_job_that_starts_tells_the_jobs_waiting_behind_it_their_new_place(store):
    trainer = CountingTrainer(gate=threading.Event())
    manager = JobManager(store, train_fn=trainer, notify_every=3600)
    first = manager.submit(tiny(), "cpu", owner="a")
    assert wait_for(lambda: first.state == "running")
    second = manager.submit(tiny(seed=1), "cpu", owner="b")
    third = manager.submit(tiny(seed=2), "cpu", owner="c")
    behind = Watcher()
    manager.watch(third.config_hash, "session-c", behind)
    assert manager.queue_position(third) == 2
    manager.cancel(second.config_hash, owner="b")  # the run ahead of it leaves the queue
    assert behind.seen == ["queued"] and manager.queue_position(third) == 1
    trainer.gate.set()
    assert third.wait(TIMEOUT)
    assert behind.seen[-2:] == ["running", "done"], behind.seen


def test_watchers_of_closed_sessions_are_forgotten(store):
    trainer = CountingTrainer()
    manager = JobManager(store, train_fn=trainer)
    key = manager.key(tiny(), "cpu")
    gone, broken, alive = Watcher(alive=False), Watcher(), Watcher()
    broken.__class__ = type("Broken", (Watcher,), {"__call__": lambda self, job: 1 / 0})
    for name, watcher in (("gone", gone), ("broken", broken), ("alive", alive)):
        manager.watch(key, name, watcher)
    assert manager.watcher_count(key) == 3
    assert manager.submit(tiny(), "cpu").wait(TIMEOUT)
    assert alive.seen[-1] == "done" and gone.seen  # a watcher that says its session is gone is told once more only
    assert manager.watcher_count(key) == 1
    manager.watch("other", "closed-session", Watcher())
    assert manager.forget_watchers(lambda watcher_id: watcher_id != "closed-session") == 1
    assert manager.watcher_count() == 1
