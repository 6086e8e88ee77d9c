"""Faults a classroom server meets: the process killed mid-training, damaged result files, a full GPU.

- SIGKILL (kill -9) of a real training process, while it trains and while it writes its result: a fresh
  process sees no corrupt entry, and submitting the same run trains it again and stores it.
- Truncated, garbled and missing files in the result store: detected, moved aside, trained again.
- torch.cuda.OutOfMemoryError on the GPU: the job finishes on the CPU and says so.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
import torch

from explainer.training.jobs import JobManager
from explainer.training.recipes import RECIPES, config_hash
from explainer.training.runs import train_recipe as train
from explainer.training.store import FILES, MANIFEST, STAGING, ResultStore
from tests.datagen import data_env, write_tiny_datasets

ROOT = Path(__file__).resolve().parents[1]
XOR_QUICK = RECIPES["xor_mlp"].with_overrides(epochs=30, history_every=10)  # no dataset needed, ~0.1 s


class CountingTrain:
    """The real trainer, counting calls per (config, device); optionally failing on some device."""

    def __init__(self, fail_on: str | None = None, error: type[BaseException] = torch.cuda.OutOfMemoryError):
        self.calls: list[tuple[str, str]] = []
        self.fail_on, self.error = fail_on, error
        self._lock = threading.Lock()

    def __call__(self, recipe, device=None, **kwargs):
        with self._lock:
            self.calls.append((recipe.name, str(device)))
        if self.fail_on is not None and str(device).startswith(self.fail_on):
            raise self.error("CUDA out of memory. Tried to allocate 2.00 GiB (simulated)")
        return train(recipe, device, **kwargs)


def finish(job, timeout=120):
    assert job.wait(timeout), f"{job} did not finish in {timeout} s"
    return job


# --- SIGKILL -------------------------------------------------------------------------------------------

WORKER = textwrap.dedent("""
    import os, signal, sys
    from explainer.training import store as store_module
    from explainer.training.jobs import JobManager
    from explainer.training.recipes import RECIPES
    from explainer.training.store import ResultStore

    moment, epochs = sys.argv[1], int(sys.argv[2])
    real_write = store_module.atomic_write
    armed = []  # dies only while storing the second run

    def dying_write(path, data):
        if armed and moment == "writing_weights" and path.name == "weights.safetensors":
            # Half a file on disk, then kill -9: what a power cut or the OOM killer leaves behind.
            with open(path.parent / ".weights.safetensors.partial.tmp", "wb") as handle:
                handle.write(data[: len(data) // 2])
                handle.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        if armed and moment == "before_manifest" and path.name == "manifest.json":
            os.kill(os.getpid(), signal.SIGKILL)  # every data file written, the manifest not yet
        real_write(path, data)

    store_module.atomic_write = dying_write
    manager = JobManager(ResultStore(), progress_every=1)
    first = manager.submit(RECIPES["xor_mlp"].with_overrides(epochs=20), "cpu")  # a run that completes before
    first.wait()
    print("first", first.state, flush=True)
    armed.append(True)
    job = manager.submit(RECIPES["mnist_mlp"].with_overrides(epochs=epochs), "cpu")
    while not job.wait(0.01):
        if job.progress is not None:
            print("progress", job.progress.epoch, job.progress.step, flush=True)
    print("finished", job.state, job.error, flush=True)
""")


@pytest.fixture
def tiny_data(tmp_path, monkeypatch):
    """A tiny MNIST (200 train, 50 test images) and an empty result store, for this process and its children."""
    cache = tmp_path / "cache"
    with data_env(monkeypatch, write_tiny_datasets(tmp_path / "data"), cache_dir=cache):
        yield cache


def run_and_kill(moment: str, epochs: int) -> list[str]:
    """Run the worker; for 'training' kill it with SIGKILL at its first progress line, else it kills itself."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "EXPLAINER_TORCH_THREADS": "1"}
    process = subprocess.Popen([sys.executable, "-c", WORKER, moment, str(epochs)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    try:
        for line in process.stdout:
            lines.append(line.strip())
            if moment == "training" and line.startswith("progress"):
                process.send_signal(signal.SIGKILL)
                break
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL, (process.returncode, lines, process.stderr.read()[-2000:])
    assert "first done" in lines, lines
    return lines


@pytest.mark.parametrize("moment", ["training", "writing_weights", "before_manifest"])
def test_sigkill_leaves_no_corrupt_entry_and_the_next_start_recovers(tiny_data, moment):
    epochs = 400 if moment == "training" else 2
    lines = run_and_kill(moment, epochs)
    assert not any(line.startswith("finished") for line in lines), lines
    recipe = RECIPES["mnist_mlp"].with_overrides(epochs=epochs)
    key = config_hash(recipe, "cpu")

    store = ResultStore(tiny_data)
    listed = store.list()
    assert [entry.recipe.name for entry in listed] == ["xor_mlp"]  # the finished run survived, nothing else
    assert store.get(key) is None
    assert not (tiny_data / "results" / key).exists() and store.problems == {}  # nothing half-written is an entry
    staging = [p for p in (tiny_data / "results").iterdir() if p.name.startswith(STAGING)]
    assert len(staging) == (moment != "training")  # the killed write's folder, never listed, removed once old

    counting = CountingTrain()
    manager = JobManager(store, train_fn=counting)
    if epochs > 2:  # the next start trains the same run again; a short run is enough to prove it
        recipe = recipe.with_overrides(epochs=3)
        key = config_hash(recipe, "cpu")
    job = finish(manager.submit(recipe, "cpu"))
    assert job.state == "done", job.error
    assert counting.calls == [(recipe.name, "cpu")]
    again = ResultStore(tiny_data).get(key, with_weights=True)
    assert again is not None and again.test_acc == job.result.test_acc
    again.load_model()
    assert not any("unusable" in notice for notice in job.notices)


# --- damaged store files ---------------------------------------------------------------------------------


def _rewrite_manifest(folder: Path, name: str, content: bytes) -> None:
    """Replace a file *and* fix its manifest entry: the checksum passes, the content does not parse."""
    import hashlib

    (folder / name).write_bytes(content)
    manifest = json.loads((folder / MANIFEST).read_bytes())
    manifest["files"][name] = {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
    (folder / MANIFEST).write_text(json.dumps(manifest))


DAMAGE = {
    "truncated_weights": lambda f: (f / "weights.safetensors").write_bytes(
        (f / "weights.safetensors").read_bytes()[:50]),
    "empty_metrics": lambda f: (f / "metrics.json").write_bytes(b""),
    "flipped_byte_history": lambda f: (f / "history.json").write_bytes(
        (lambda b: b[:10] + bytes([b[10] ^ 0x20]) + b[11:])((f / "history.json").read_bytes())),
    "garbled_manifest": lambda f: (f / MANIFEST).write_bytes(b"{\"files\": [1, 2"),
    "missing_manifest": lambda f: (f / MANIFEST).unlink(),
    "missing_config": lambda f: (f / "config.json").unlink(),
    "foreign_weights_with_matching_manifest": lambda f: _rewrite_manifest(f, "weights.safetensors", b"\x00" * 64),
    "metrics_without_accuracy": lambda f: _rewrite_manifest(f, "metrics.json", b"{\"test_loss\": 1.0}"),
    "config_of_another_model": lambda f: _rewrite_manifest(f, "config.json", json.dumps(
        {"recipe": {"name": "x", "model": "no_such_model"}}).encode()),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_entry_is_detected_and_trained_again(tmp_path, damage):
    store = ResultStore(tmp_path)
    first = finish(JobManager(store).submit(XOR_QUICK, "cpu"))
    assert first.state == "done"
    key = first.config_hash
    assert set(os.listdir(store.entry_dir(key))) == {*FILES, MANIFEST}
    DAMAGE[damage](store.entry_dir(key))

    fresh = ResultStore(tmp_path)  # a restarted server
    # Checksums are checked on every read; weights are parsed when loaded (a forged, checksum-valid file
    # is caught there), so loading the model is what every damaged entry must fail cleanly at.
    assert fresh.get(key, with_weights=True) is None and key in fresh.problems
    assert fresh.list() == [] and fresh.get(key) is None
    with pytest.raises(KeyError):
        fresh.load_model(key)
    counting = CountingTrain()
    job = finish(JobManager(fresh, train_fn=counting).submit(XOR_QUICK, "cpu"))
    assert job.state == "done" and counting.calls == [(XOR_QUICK.name, "cpu")]
    assert any("unusable" in notice for notice in job.notices), job.notices
    restored = ResultStore(tmp_path).get(key, with_weights=True)
    assert restored is not None and restored.test_acc == job.result.test_acc
    restored.load_model()
    # And once stored again, a third start trains nothing.
    counting_again = CountingTrain()
    assert finish(JobManager(ResultStore(tmp_path), train_fn=counting_again).submit(XOR_QUICK, "cpu")).state == "done"
    assert counting_again.calls == []


def test_garbage_in_the_results_folder_is_ignored(tmp_path):
    store = ResultStore(tmp_path)
    results = tmp_path / "results"
    (results / "not-a-hash").mkdir(parents=True)
    (results / "0123456789abcdef").write_text("a file where an entry folder should be")
    (results / "fedcba9876543210").mkdir()
    (results / ".weights.tmp").write_bytes(b"\x00")
    assert store.list() == []
    assert store.get("fedcba9876543210") is None
    with pytest.raises(ValueError):
        store.entry_dir("../../etc")  # a hash from outside cannot point outside the store


def test_unwritable_store_keeps_the_result_in_memory(tmp_path):
    """A full or read-only disk must not lose a finished run: it stays in the job, with a notice."""
    store = ResultStore(tmp_path)
    key = config_hash(XOR_QUICK, "cpu")
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / key).write_text("blocks the entry folder")
    job = finish(JobManager(store).submit(XOR_QUICK, "cpu"))
    assert job.state == "done" and job.result.test_acc >= 0
    assert any("could not be saved" in notice for notice in job.notices), job.notices


# --- CUDA out of memory -------------------------------------------------------------------------------------


@pytest.fixture
def pretend_gpu(monkeypatch):
    """torch believes a GPU exists; nothing may really run on it (the counting trainer fails there first)."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "empty_cache", lambda: None)


def test_cuda_out_of_memory_falls_back_to_cpu_with_a_notice(tmp_path, pretend_gpu):
    counting = CountingTrain(fail_on="cuda")
    store = ResultStore(tmp_path)
    job = finish(JobManager(store, train_fn=counting).submit(XOR_QUICK, "cuda"))
    assert job.state == "done", job.error
    assert counting.calls == [(XOR_QUICK.name, "cuda"), (XOR_QUICK.name, "cpu")]
    assert job.trained_on == "cpu" and job.result.metrics["device"] == "cpu"
    notices = " ".join(job.notices)
    assert "out of memory" in notices and "CPU" in notices
    from explainer.training.jobs import notice_text

    korean = " ".join(notice_text(n, "ko") for n in job.notices)  # what a Korean page shows
    assert "GPU" in korean and "CPU" in korean and "out of memory" not in korean
    stored = ResultStore(tmp_path).get(job.config_hash)
    assert stored is not None and any("out of memory" in n for n in stored.notices)  # the notice survives a restart


def test_out_of_memory_on_the_cpu_fails_the_job_not_the_worker(tmp_path):
    counting = CountingTrain(fail_on="cpu", error=torch.cuda.OutOfMemoryError)
    manager = JobManager(ResultStore(tmp_path), train_fn=counting)
    failed = finish(manager.submit(XOR_QUICK, "cpu"))
    assert failed.state == "failed" and "out of memory" in failed.error
    counting.fail_on = None
    retried = finish(manager.submit(XOR_QUICK, "cpu"))  # a failed job is replaced, the same worker trains it
    assert retried is not failed and retried.state == "done"


def test_a_crashing_trainer_never_leaves_a_job_running(tmp_path):
    def broken(recipe, device=None, **kwargs):
        raise RuntimeError("something unexpected inside training")

    manager = JobManager(ResultStore(tmp_path), train_fn=broken)
    jobs = [manager.submit(XOR_QUICK.with_overrides(seed=seed), "cpu") for seed in range(3)]
    for job in jobs:
        finish(job, timeout=30)
        assert job.state == "failed" and "unexpected" in job.error
    assert time.time() - jobs[0].submitted_at < 30
