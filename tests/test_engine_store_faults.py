"""Stored runs that cannot be used: set aside once with a notice, never an exception in a page."""

import hashlib
import json
import math
import shutil

import pytest
import torch

import explainer.training.store as store_module
from explainer.training.jobs import JobManager, JobState
from explainer.training.recipes import RECIPES
from explainer.training.store import ResultStore
from tests.test_engine_jobs import TIMEOUT, CountingTrainer, tiny
from tests.test_engine_store import fake_result

FASHION = RECIPES["fashion_mlp"].with_overrides(epochs=3)
CNN = RECIPES["mnist_cnn"].with_overrides(epochs=3)


def rewrite_with_matching_manifest(folder, name: str, data: bytes) -> None:
    """Replace one file and make the manifest agree, as a copy from another entry with its manifest would."""
    (folder / name).write_bytes(data)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"][name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    (folder / "manifest.json").write_text(json.dumps(manifest))


def test_weights_of_another_model_are_set_aside_once_with_a_notice(store):
    mlp = store.put(FASHION, fake_result(FASHION))
    cnn = store.put(CNN, fake_result(CNN))
    rewrite_with_matching_manifest(mlp.path, "weights.safetensors", (cnn.path / "weights.safetensors").read_bytes())
    fresh = ResultStore(store.root)  # a new process: nothing checked yet
    model, notice = fresh.model_or_notice(mlp.config_hash)  # was: RuntimeError in load_state_dict
    assert model is None and notice.key == "engine.notice.run_unusable"
    assert "fashion_mlp" in notice.values["problem"] and "설정으로 다시 학습" in notice.text("ko")
    assert not mlp.path.exists() and len(list((store.results / ".broken").iterdir())) == 1
    again, notice_again = fresh.model_or_notice(mlp.config_hash)  # the next session: the same notice, no error
    assert again is None and notice_again == notice
    assert fresh.get(mlp.config_hash) is None and fresh.list() == [fresh.get(cnn.config_hash)]
    assert len(list((store.results / ".broken").iterdir())) == 1  # set aside once
    with pytest.raises(KeyError):
        fresh.load_model(mlp.config_hash)


def test_weights_swapped_after_the_list_was_read_are_caught_when_loading(store):
    mlp = store.put(FASHION, fake_result(FASHION))
    cnn = store.put(CNN, fake_result(CNN))
    listed = store.get(mlp.config_hash)  # checked and remembered
    assert listed is not None
    weights = mlp.path / "weights.safetensors"
    data = (cnn.path / "weights.safetensors").read_bytes()
    rewrite_with_matching_manifest(mlp.path, "weights.safetensors", data)
    model, notice = store.model_or_notice(mlp.config_hash)
    assert model is None and notice.key == "engine.notice.run_unusable" and not weights.exists()


def test_a_mismatched_stored_run_is_trained_again_on_the_next_request(store):
    trainer = CountingTrainer()
    job = JobManager(store, train_fn=trainer).submit(tiny(), "cpu")
    assert job.wait(TIMEOUT)
    other = tiny(hidden=(32,))
    foreign = store.put(other, fake_result(other))
    entry = store.results / job.config_hash
    rewrite_with_matching_manifest(entry, "weights.safetensors", (foreign.path / "weights.safetensors").read_bytes())
    manager = JobManager(ResultStore(store.root), train_fn=trainer)
    model, notice = manager.store.model_or_notice(job.config_hash)  # the compare tab, before retraining
    assert model is None and notice is not None
    again = manager.submit(tiny(), "cpu")
    assert again.wait(TIMEOUT) and again.state == JobState.DONE and len(trainer.calls) == 2
    assert any(n.key == "engine.notice.stored_unusable" for n in again.notices)
    model, notice = manager.store.model_or_notice(job.config_hash)
    assert notice is None and not model.training


def test_a_run_that_vanished_gives_a_notice_not_an_error(store):
    stored = store.put(FASHION, fake_result(FASHION))
    assert store.list() == [store.get(stored.config_hash)]  # a page read the list
    shutil.rmtree(stored.path)  # then someone deleted (or the store set aside) the run
    model, notice = store.model_or_notice(stored.config_hash)  # was: KeyError 'no stored result ...'
    assert model is None and notice.key == "engine.notice.run_missing"
    assert "no longer stored" in str(notice) and "더 이상" in notice.text("ko")


@pytest.mark.parametrize("bad", ["../../etc", "XYZ", "", "a" * 65, "0123456789abcdeg", None, 42, "..", "/", "abc/def",
                                 "abc\\def", "abc\x00", "abc\n", " abc", "ABCDEF", "０１２３", b"abc", ["abc"]])
def test_get_never_raises_on_a_malformed_hash(store, bad):
    assert store.get(bad) is None  # was: ValueError("not a config hash") for a string
    model, notice = store.model_or_notice(bad)
    assert model is None and notice.key == "engine.notice.run_missing"


def test_loaded_models_are_kept_and_match_the_weights(store):
    stored = store.put(FASHION, fake_result(FASHION))
    model, notice = store.model_or_notice(stored.config_hash)
    assert notice is None and not model.training
    assert store.model_or_notice(stored.config_hash)[0] is model  # loaded once, shared
    for name, value in model.state_dict().items():
        assert torch.equal(value, stored.state_dict()[name])


def nan_result(recipe, metrics_nan=True, weights_nan=True):
    result = fake_result(recipe)
    if metrics_nan:
        result.test_loss = result.train_loss = float("nan")
    if weights_nan:
        result.state_dict = {k: torch.full_like(v, float("nan")) for k, v in result.state_dict.items()}
    return result


@pytest.mark.parametrize("metrics_nan, weights_nan", [(True, True), (True, False), (False, True)])
def test_nan_runs_are_flagged_diverged(store, metrics_nan, weights_nan):
    stored = store.put(FASHION, nan_result(FASHION, metrics_nan, weights_nan))
    assert stored.diverged and stored.metrics["diverged"] is True
    reread = ResultStore(store.root).get(stored.config_hash)
    assert reread is not None and reread.diverged  # kept (it is what happened), flagged for the page
    assert not store.put(CNN, fake_result(CNN)).diverged


def test_older_entries_are_flagged_from_their_metrics_and_weights(store):
    stored = store.put(FASHION, nan_result(FASHION, metrics_nan=False, weights_nan=True))
    metrics = json.loads((stored.path / "metrics.json").read_text())
    del metrics["diverged"]  # written before the field existed
    rewrite_with_matching_manifest(stored.path, "metrics.json", json.dumps(metrics).encode())
    assert ResultStore(store.root).get(stored.config_hash).diverged
    metrics["test_loss"] = math.inf
    assert not store_module._finite_metrics(metrics)


def test_broken_entries_are_bounded(store, monkeypatch):
    monkeypatch.setattr(store_module, "BROKEN_KEEP", 3)
    hashes = []
    for seed in range(5):
        recipe = FASHION.with_overrides(seed=seed)
        stored = store.put(recipe, fake_result(recipe))
        (stored.path / "manifest.json").write_text("{")
        assert store.get(stored.config_hash) is None
        hashes.append(stored.config_hash)
    kept = sorted(p.name.rsplit("-", 1)[0] for p in (store.results / ".broken").iterdir())
    assert kept == sorted(hashes[-3:])  # the newest three
    monkeypatch.setattr(store_module, "BROKEN_MAX_BYTES", 1)  # nothing fits: each is dropped
    recipe = FASHION.with_overrides(seed=9)
    stored = store.put(recipe, fake_result(recipe))
    (stored.path / "metrics.json").write_text("{}")
    assert store.get(stored.config_hash) is None
    assert list((store.results / ".broken").iterdir()) == []


def test_bytes_flipped_while_the_server_runs_give_a_notice(store):
    stored = store.put(FASHION, fake_result(FASHION))
    assert store.list()  # the compare tab listed it
    weights = stored.path / "weights.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 0xFF
    weights.write_bytes(bytes(data))
    model, notice = store.model_or_notice(stored.config_hash)  # was: KeyError 'no stored result ...'
    assert model is None and notice.key == "engine.notice.run_unusable" and "checksum" in notice.values["problem"]
    assert store.model_or_notice(stored.config_hash)[1] == notice  # every later session: the same notice


@pytest.mark.parametrize("error", [PermissionError(13, "Permission denied"), OSError(5, "Input/output error")])
def test_get_and_list_never_raise_when_the_disk_refuses(store, monkeypatch, error):
    """A results folder the app may not read (EACCES for a non-root user) or a failing disk (EIO): Path.is_dir
    passes these on, so they must be caught, as the module promises, not shown as a traceback in a page."""
    stored = store.put(FASHION, fake_result(FASHION))
    fresh = ResultStore(store.root)  # nothing checked yet, so `get` goes to the disk

    def refuse(self, *args, **kwargs):
        raise error

    monkeypatch.setattr(store_module.Path, "is_dir", refuse)
    assert fresh.get(stored.config_hash) is None  # was: PermissionError / OSError out of get
    model, notice = fresh.model_or_notice(stored.config_hash)
    assert model is None and notice.key == "engine.notice.run_missing"
    assert fresh.list() == []


def test_why_a_run_is_unusable_is_said_in_the_pages_language(store):
    """The store's reasons are catalogue keys too: a Korean page shows no English inside its Korean notice."""
    stored = store.put(FASHION, fake_result(FASHION))
    (stored.path / "metrics.json").unlink()
    model, notice = ResultStore(store.root).model_or_notice(stored.config_hash)
    assert model is None and notice.key == "engine.notice.run_unusable"
    assert notice.values["problem"].key == "store.problem.file_missing"
    assert "metrics.json is missing" in str(notice)  # English for the log
    assert "없는 파일: metrics.json" in notice.text("ko") and "is missing" not in notice.text("ko")
