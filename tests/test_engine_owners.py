"""A class training together: who may stop a run, a fair share of the queue, typed states, notices as keys."""

import gc
import json
import pickle
import threading

import pytest

from explainer.i18n.notices import Notice
from explainer.training.jobs import JobManager, JobState, SubmitRefused, notice_text
from explainer.training.recipes import RECIPES
from tests.test_engine_jobs import TIMEOUT, CountingTrainer, tiny, wait_for
from tests.test_engine_store import fake_result


def gated(store, **options):
    trainer = CountingTrainer(gate=threading.Event())
    return JobManager(store, train_fn=trainer, **options), trainer


# -- 1. who may stop a run ------------------------------------------------------------------------------------


def test_only_the_session_that_started_a_run_may_stop_it(store):
    manager, trainer = gated(store)
    job = manager.submit(tiny(), "cpu", owner="alice")
    joined = manager.submit(tiny(), "cpu", owner="bob")  # the same settings in another session
    assert joined is job and job.owner == "alice"  # joining does not make bob the owner
    assert manager.can_cancel(job.config_hash, "alice") and not manager.can_cancel(job.config_hash, "bob")
    assert manager.cancel(job.config_hash, owner="bob") is False
    assert not job.cancel_requested and job.state in (JobState.QUEUED, JobState.RUNNING)
    trainer.gate.set()
    assert job.wait(TIMEOUT) and job.state == JobState.DONE  # bob's click stopped nothing
    assert not manager.can_cancel(job.config_hash, "alice")  # finished: nothing to stop


def test_the_owner_and_the_server_may_stop_a_run(store):
    manager, _ = gated(store)
    mine = manager.submit(tiny(seed=1), "cpu", owner="alice")
    other = manager.submit(tiny(seed=2), "cpu", owner="bob")
    assert manager.cancel(mine.config_hash, owner="alice") and mine.wait(TIMEOUT)
    assert mine.state == JobState.CANCELLED
    assert manager.can_cancel(other.config_hash) and manager.cancel(other.config_hash)  # owner=None: the server
    assert other.wait(TIMEOUT) and other.state == JobState.CANCELLED


def test_a_run_started_without_an_owner_is_not_stopped_by_a_session(store):
    manager, trainer = gated(store)
    job = manager.submit(tiny(), "cpu")  # e.g. the dropout page's lecture runs, or a command line
    assert job.owner is None and not manager.can_cancel(job.config_hash, "alice")
    assert manager.cancel(job.config_hash, owner="alice") is False
    trainer.gate.set()
    assert job.wait(TIMEOUT) and job.state == JobState.DONE


def test_a_run_outlives_the_session_that_started_it(store):
    manager, trainer = gated(store)

    def session(owner):  # everything a session holds goes away when it ends
        return manager.submit(tiny(), "cpu", owner=owner).config_hash

    key = session("alice")
    gc.collect()
    trainer.gate.set()
    assert wait_for(lambda: manager.get(key).finished)
    assert manager.get(key).state == JobState.DONE and store.get(key) is not None


# -- 2. a fair queue ------------------------------------------------------------------------------------------


def test_each_session_may_have_three_unfinished_runs(store):
    manager, trainer = gated(store)
    mine = [manager.submit(tiny(seed=seed), "cpu", owner="alice") for seed in (1, 2, 3)]
    with pytest.raises(SubmitRefused) as refused:
        manager.submit(tiny(seed=4), "cpu", owner="alice")
    assert refused.value.key == "engine.refused.too_many" and refused.value.values == {"count": 3, "limit": 3}
    assert "3" in refused.value.message("ko") and "3" in refused.value.message("en")
    others = manager.submit(tiny(seed=5), "cpu", owner="bob")  # another session is not held back
    assert manager.submit(tiny(seed=5), "cpu", owner="alice") is others  # joining is never refused
    assert manager.cancel(mine[2].config_hash, owner="alice")
    assert manager.submit(tiny(seed=4), "cpu", owner="alice").owner == "alice"  # room again
    trainer.gate.set()
    for job in manager.jobs():
        assert job.wait(TIMEOUT)
    assert manager.submit(tiny(seed=6), "cpu", owner="alice").wait(TIMEOUT)  # finished runs do not count


def test_the_session_limit_comes_from_the_environment(store, monkeypatch):
    monkeypatch.setenv("EXPLAINER_MAX_JOBS_PER_SESSION", "1")
    manager, trainer = gated(store)
    manager.submit(tiny(seed=1), "cpu", owner="alice")
    with pytest.raises(SubmitRefused):
        manager.submit(tiny(seed=2), "cpu", owner="alice")
    assert manager.submit(tiny(seed=2), "cpu").owner is None  # the server is not limited
    trainer.gate.set()


def _size(recipe):
    return 60_000


def test_a_run_estimated_longer_than_the_cap_is_refused(store):
    trainer = CountingTrainer()
    manager = JobManager(store, train_fn=trainer, max_run_minutes=2, train_count_fn=_size)
    lecture = RECIPES["fashion_mlp"]  # 30 epochs of 60,000 images: 2.1 minutes at the built-in CPU rate
    with pytest.raises(SubmitRefused) as refused:
        manager.submit(lecture, "cpu", owner="alice")
    assert refused.value.key == "engine.refused.too_long"
    assert refused.value.values["minutes"] == 3 and refused.value.values["limit"] == 2  # rounded up
    korean = refused.value.message("ko")
    assert "3분" in korean and "2분" in korean and "에포크" in korean
    assert "fewer epochs" in refused.value.message("en")
    assert manager.submit(lecture.with_overrides(epochs=10), "cpu", owner="alice").owner == "alice"  # 0.7 min


def test_a_stored_run_and_the_server_are_never_refused(store, monkeypatch):
    monkeypatch.setenv("EXPLAINER_MAX_RUN_MINUTES", "1")
    lecture = RECIPES["fashion_mlp"]
    manager, trainer = gated(store, train_count_fn=_size)
    assert manager.max_run_minutes == 1
    with pytest.raises(SubmitRefused):
        manager.submit(lecture, "cpu", owner="alice")
    store.put(lecture, fake_result(lecture), manager.key(lecture, "cpu"), device="cpu")  # a lecturer pre-trained it
    shown = manager.submit(lecture, "cpu", owner="alice")
    assert shown.state == JobState.DONE and trainer.calls == []
    long_run = lecture.with_overrides(epochs=31)
    assert manager.submit(long_run, "cpu").state == JobState.QUEUED  # owner=None: a lecturer's tool
    trainer.gate.set()
    manager.cancel(manager.key(long_run, "cpu"))


def test_sessions_take_turns_in_the_queue(store):
    manager, trainer = gated(store)
    alice = [manager.submit(tiny(seed=seed), "cpu", owner="alice") for seed in (1, 2, 3)]
    assert wait_for(lambda: alice[0].state == JobState.RUNNING)
    bob = manager.submit(tiny(seed=4), "cpu", owner="bob")
    lecturer = manager.submit(tiny(seed=5), "cpu")  # no owner: one more turn-taker
    # alice's second and third runs wait while bob and the lecturer, who came later, get their turn
    assert [manager.queue_position(job) for job in (bob, lecturer, alice[1], alice[2])] == [1, 2, 3, 4]
    assert manager.queue_position(alice[0]) is None
    trainer.gate.set()
    assert all(job.wait(TIMEOUT) for job in (*alice, bob, lecturer))
    assert trainer.calls == [f"fashion_mlp@{seed}" for seed in (1, 4, 5, 2, 3)]


# -- 3. typed states and notices as keys ----------------------------------------------------------------------


def test_states_are_a_str_enum_with_the_old_values(store):
    assert [state.value for state in JobState] == ["queued", "running", "done", "failed", "cancelled"]
    manager, trainer = gated(store)
    job = manager.submit(tiny(), "cpu")
    assert isinstance(job.state, JobState) and job.state in ("queued", "running")
    trainer.gate.set()
    assert job.wait(TIMEOUT) and job.state is JobState.DONE and job.state == "done" and f"{job.state}" == "done"


def test_notices_are_recorded_as_keys_and_values(store):
    manager = JobManager(store, train_fn=CountingTrainer())
    job = manager.submit(tiny(), "cpu")
    assert job.wait(TIMEOUT)
    (store.results / job.config_hash / "weights.safetensors").write_bytes(b"garbage")
    fresh = JobManager(type(store)(store.root), train_fn=CountingTrainer())
    again = fresh.submit(tiny(), "cpu")
    assert again.wait(TIMEOUT) and again.state == JobState.DONE
    [unusable] = [n for n in again.notices if n.key == "engine.notice.stored_unusable"]
    assert "checksum" in unusable.values["problem"]
    assert "다시 학습" in unusable.text("ko") and notice_text(unusable, "ko") == unusable.text("ko")
    metrics = json.loads((store.results / again.config_hash / "metrics.json").read_text())
    assert unusable.to_record() in metrics["notices"]
    assert unusable.to_record()["values"]["problem"] == {"key": "store.problem.checksum",
                                                          "values": {"name": "weights.safetensors"}}
    reread = type(store)(store.root).get(again.config_hash).notices
    assert reread == again.notices and all(isinstance(n, Notice) for n in reread)


def test_notices_are_never_read_back_out_of_english():
    """A plain string is free text shown as written, even one that reads like a catalogue sentence: notices are
    recorded as keys and values, so no text is matched against the catalogue to guess its key."""
    english = "the GPU ran out of memory; training on the CPU instead"
    assert Notice.from_record(english).key is None  # was: matched back to engine.notice.oom by a regex
    assert notice_text(english, "ko") == english and notice_text("anything else", "ko") == "anything else"
    recorded = Notice("engine.notice.diverged", epoch=3)
    assert pickle.loads(pickle.dumps(recorded)).text("ko") == recorded.text("ko")
    assert "3번째 에포크" in recorded.text("ko") and "epoch 3" in str(recorded)
    assert Notice.from_record({"key": "engine.notice.unknown_in_this_version", "values": {}}).text("en")


def test_a_notice_inside_a_notice_speaks_the_same_language():
    reason = Notice("store.problem.file_missing", name="metrics.json")
    outer = Notice("engine.notice.run_unusable", problem=reason)
    assert "(metrics.json is missing)" in str(outer)
    assert "없는 파일: metrics.json" in outer.text("ko") and "missing" not in outer.text("ko")
    again = Notice.from_record(json.loads(json.dumps(outer.to_record())))
    assert again == outer and again.values["problem"].key == "store.problem.file_missing"
    assert again.text("ko") == outer.text("ko")
    assert pickle.loads(pickle.dumps(outer)).text("ko") == outer.text("ko")
