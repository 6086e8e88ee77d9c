"""The Ray actor's body (`ray_executor._TrainingRun`) run as a plain object in this process: what it reports to
the servers that follow it, and what it leaves in the store folder. The real cluster: tests/test_ray_executor.py."""

import json
import time

from explainer.training.ray_executor import TRAINING_LOG, _TrainingRun, ended_file
from explainer.training.recipes import RECIPES
from explainer.training.store import ResultStore
from tests.engine_helpers import write_fashion_idx


def run_to_the_end(run: _TrainingRun, timeout: float = 120) -> dict:
    deadline = time.time() + timeout
    while (status := run.status())["state"] == "running":
        assert time.time() < deadline, status
        time.sleep(0.05)
    return status


def recipe(epochs: int, seed: int = 5):
    return RECIPES["fashion_mlp"].with_overrides(epochs=epochs, batch_size=16, seed=seed)


def test_a_run_trains_once_stores_its_result_and_a_second_actor_reads_it(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLAINER_DATA_DIR", str(write_fashion_idx(tmp_path / "data")))
    store_root = tmp_path / "store"  # not made yet: the run makes it
    first = _TrainingRun(recipe(2), "cpu", "a" * 16, str(store_root), "student", 1)
    status = run_to_the_end(first)
    assert status["state"] == "done" and status["owner"] == "student" and status["progress"].epoch == 2
    stored = ResultStore(store_root).get("a" * 16)
    assert stored is not None and len(stored.history) == 2
    again = _TrainingRun(recipe(2), "cpu", "a" * 16, str(store_root), "other", 1)  # created after the first ended
    assert run_to_the_end(again)["state"] == "done"
    assert len((store_root / TRAINING_LOG).read_text().splitlines()) == 1  # it found the result: no second training


def test_a_cancelled_run_says_so_and_leaves_how_it_ended_for_late_watchers(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLAINER_DATA_DIR", str(write_fashion_idx(tmp_path / "data")))
    run = _TrainingRun(recipe(5000), "cpu", "b" * 16, str(tmp_path), None, 1)
    run.cancel()
    assert run_to_the_end(run)["state"] == "cancelled"
    assert json.loads(ended_file(tmp_path, "b" * 16).read_text())["state"] == "cancelled"
    fresh = _TrainingRun(recipe(5000), "cpu", "b" * 16, str(tmp_path), None, 1)
    assert not ended_file(tmp_path, "b" * 16).exists()  # a new run forgets how the last one ended
    fresh.cancel()
    assert run_to_the_end(fresh)["state"] == "cancelled"


def test_a_run_without_its_data_fails_with_the_reason(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLAINER_DATA_DIR", str(tmp_path / "nothing-here"))
    monkeypatch.setenv("EXPLAINER_NO_DOWNLOAD", "1")
    status = run_to_the_end(_TrainingRun(recipe(1), "cpu", "c" * 16, str(tmp_path), None, 1))
    assert status["state"] == "failed" and "DatasetUnavailable" in status["error"]
    assert json.loads(ended_file(tmp_path, "c" * 16).read_text())["state"] == "failed"
