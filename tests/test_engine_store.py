"""The result store: round trip, atomic writes, and recovery from partial or corrupt entries."""

import json
import os
import time
from pathlib import Path

import pytest
import torch

import explainer.training.store as store_module
from explainer.training.recipes import RECIPES, config_hash
from explainer.training.store import ResultStore
from explainer.training.trainer import TrainResult, init_model


def fake_result(recipe, accuracy=81.5) -> TrainResult:
    """A finished run without training: the recipe's initial weights and made-up numbers."""
    history = [{"epoch": e, "train_loss": 1.0 / e, "train_acc": 50.0 + e, "test_loss": 1.1 / e,
                "test_acc": accuracy - 3 + e, "elapsed_s": 0.5 * e} for e in (1, 2, 3)]
    confusion = [[8 if i == j else (1 if j == (i + 1) % 10 else 0) for j in range(10)] for i in range(10)]
    return TrainResult(recipe=recipe, history=history, test_acc=accuracy, test_loss=0.4, train_loss=0.3,
                       train_acc=85.0, per_class_acc=[88.9] * 10, confusion=confusion,
                       classes=tuple(str(i) for i in range(10)), device="cpu", device_name="CPU (1 threads)",
                       wall_s=1.5, state_dict=init_model(recipe).state_dict(), mode="eager", notices=["note"])


@pytest.fixture
def stored(store):
    recipe = RECIPES["fashion_mlp"].with_overrides(epochs=3)
    return store.put(recipe, fake_result(recipe))


def _entry(store, stored):
    return store.results / stored.config_hash


def test_round_trip(store, stored):
    recipe = RECIPES["fashion_mlp"].with_overrides(epochs=3)
    assert stored.config_hash == config_hash(recipe, "cpu")
    fresh = ResultStore(store.root)
    # CPU seconds, not wall-clock: a shared, busy machine stretches the wall time (0.56 s at a load of 12) while
    # loading, not training, stays well under half a CPU second.
    started = time.process_time()
    loaded = fresh.get(stored.config_hash)
    model = fresh.load_model(stored.config_hash)
    assert time.process_time() - started < 0.5
    assert loaded.recipe == recipe and loaded.history == stored.history
    assert loaded.test_acc == 81.5 and loaded.per_class_acc == [88.9] * 10
    assert loaded.confusion[0][:2] == [8, 1] and loaded.wall_s == 1.5 and loaded.device_name == "CPU (1 threads)"
    assert loaded.notices == ["note"] and loaded.metrics["device"] == "cpu"
    assert not model.training
    images = torch.rand(4, 1, 28, 28)
    expected = init_model(recipe).eval()(images)
    assert torch.equal(model(images), expected)
    assert [s.config_hash for s in fresh.list()] == [stored.config_hash]


def test_files_are_written_atomically(store, stored):
    names = sorted(p.name for p in _entry(store, stored).iterdir())
    assert names == sorted([*store_module.FILES, store_module.MANIFEST])  # no temporary files left
    assert [p.name for p in store.results.iterdir()] == [stored.config_hash]  # nor a staging folder


def test_a_reader_in_another_store_never_sees_an_entry_being_written(store, monkeypatch):
    """Another server process (or another ResultStore in this one) reading while an entry is written finds it
    missing, never half-written: it once set such an entry aside as "no manifest" and the run was lost."""
    recipe = RECIPES["mnist_mlp"].with_overrides(epochs=1)
    key = config_hash(recipe, "cpu")
    other = ResultStore(store.root)
    seen = []
    real_write = store_module.atomic_write

    def write_and_look(path, data):
        real_write(path, data)
        seen.append((path.name, other.get(key), [s.config_hash for s in other.list()]))

    monkeypatch.setattr(store_module, "atomic_write", write_and_look)
    store.put(recipe, fake_result(recipe))
    monkeypatch.undo()
    assert [name for name, _, _ in seen] == [*store_module.FILES, store_module.MANIFEST]
    assert all(got is None and listed == [] for _, got, listed in seen)
    assert other.problems == {} and not (store.results / store_module.BROKEN).exists()
    assert other.get(key).test_acc == 81.5 and [s.config_hash for s in other.list()] == [key]


def test_a_crashed_writers_staging_folder_is_removed_once_it_is_old(store, stored, monkeypatch):
    """kill -9 mid-write leaves a staging folder: never listed, removed by a later put once older than the limit
    (a younger one may be another process writing now)."""
    old, young = (store.results / f"{store_module.STAGING}{stored.config_hash}-{n}-0" for n in (1, 2))
    for folder in (old, young):
        folder.mkdir()
        (folder / "config.json").write_text("{}")
    long_ago = time.time() - store_module.STAGING_MAX_AGE_S - 60
    os.utime(old, (long_ago, long_ago))
    assert [s.config_hash for s in store.list()] == [stored.config_hash]
    recipe = RECIPES["mnist_mlp"].with_overrides(epochs=1)
    store.put(recipe, fake_result(recipe))
    assert not old.exists() and young.exists()
    assert sorted(s.config_hash for s in store.list()) == sorted([stored.config_hash, config_hash(recipe, "cpu")])


def test_interrupted_file_write_keeps_the_old_file(store, tmp_path, monkeypatch):
    target = tmp_path / "file.json"
    store_module.atomic_write(target, b"old")

    def crash(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr(store_module.os, "replace", crash)
    with pytest.raises(OSError):
        store_module.atomic_write(target, b"new content")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]


def test_crash_in_the_middle_of_put_leaves_no_valid_entry(store, monkeypatch):
    recipe = RECIPES["mnist_mlp"].with_overrides(epochs=1)
    writes = []
    real_write = store_module.atomic_write

    def crash_on_third(path, data):
        writes.append(path.name)
        if len(writes) == 3:
            raise KeyboardInterrupt  # the process dies mid-entry
        real_write(path, data)

    monkeypatch.setattr(store_module, "atomic_write", crash_on_third)
    with pytest.raises(KeyboardInterrupt):
        store.put(recipe, fake_result(recipe))
    monkeypatch.undo()
    key = config_hash(recipe, "cpu")
    assert store.get(key) is None and store.problems == {}
    assert list(store.results.iterdir()) == []  # neither a part of the entry nor its staging folder
    assert store.list() == []


def test_a_rewrite_that_fails_keeps_the_old_entry_whole(store, stored, monkeypatch):
    recipe = stored.recipe
    real_write = store_module.atomic_write

    def crash_after_metrics(path, data):
        real_write(path, data)
        if path.name == "metrics.json":
            raise KeyboardInterrupt

    monkeypatch.setattr(store_module, "atomic_write", crash_after_metrics)
    with pytest.raises(KeyboardInterrupt):
        store.put(recipe, fake_result(recipe, accuracy=60.0))
    monkeypatch.undo()
    assert ResultStore(store.root).get(stored.config_hash).test_acc == 81.5  # never a mix of the two
    store.put(recipe, fake_result(recipe, accuracy=60.0))  # a rewrite that completes replaces it
    assert ResultStore(store.root).get(stored.config_hash).test_acc == 60.0
    assert [p.name for p in store.results.iterdir()] == [stored.config_hash]


def test_a_rewrite_whose_last_rename_fails_puts_the_old_entry_back(store, stored, monkeypatch):
    real_rename = store_module.os.rename
    renames = []

    def second_fails(source, destination):
        renames.append(Path(source).name)
        if len(renames) == 3:  # staging -> entry (taken), entry -> aside, staging -> entry: the disk refuses
            raise OSError("disk refused")
        real_rename(source, destination)

    monkeypatch.setattr(store_module.os, "rename", second_fails)
    with pytest.raises(OSError):
        store.put(stored.recipe, fake_result(stored.recipe, accuracy=60.0))
    monkeypatch.undo()
    assert ResultStore(store.root).get(stored.config_hash).test_acc == 81.5
    assert [p.name for p in store.results.iterdir()] == [stored.config_hash]  # nothing staged or set aside left


@pytest.mark.parametrize("damage", ["truncate_weights", "garble_metrics", "delete_history", "garble_manifest",
                                    "delete_manifest", "swap_in_other_json"])
def test_corrupt_entries_are_detected_reported_and_moved_aside(store, stored, damage, caplog):
    folder = _entry(store, stored)
    if damage == "truncate_weights":
        data = (folder / "weights.safetensors").read_bytes()
        (folder / "weights.safetensors").write_bytes(data[: len(data) // 2])
    elif damage == "garble_metrics":
        data = bytearray((folder / "metrics.json").read_bytes())
        data[10:20] = b"\x00" * 10
        (folder / "metrics.json").write_bytes(bytes(data))
    elif damage == "delete_history":
        (folder / "history.json").unlink()
    elif damage == "garble_manifest":
        (folder / "manifest.json").write_text("{not json")
    elif damage == "delete_manifest":
        (folder / "manifest.json").unlink()
    elif damage == "swap_in_other_json":
        (folder / "history.json").write_text(json.dumps([{"epoch": 1}]))
    fresh = ResultStore(store.root)
    with caplog.at_level("WARNING"):
        assert fresh.get(stored.config_hash) is None
    assert stored.config_hash in fresh.problems
    assert stored.config_hash in caplog.text
    assert not folder.exists()
    assert len(list((store.results / store_module.BROKEN).iterdir())) == 1
    assert fresh.list() == []
    recipe = stored.recipe
    again = fresh.put(recipe, fake_result(recipe))  # retraining stores a good entry again
    assert ResultStore(store.root).get(again.config_hash).test_acc == 81.5


def test_a_checked_entry_is_checked_again_when_its_files_change(store, stored):
    assert store.get(stored.config_hash) is not None
    weights = _entry(store, stored) / "weights.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 0xFF
    weights.write_bytes(bytes(data))
    os.utime(weights, ns=(1, 1))  # even if the modification time went backwards
    assert store.get(stored.config_hash) is None


def test_weights_changed_after_the_check_raise_a_clear_error(store, stored):
    loaded = ResultStore(store.root).get(stored.config_hash)
    weights = _entry(store, stored) / "weights.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(store_module.CorruptEntry):
        loaded.state_dict()


def test_list_skips_foreign_folders_and_sorts_newest_first(store, stored):
    (store.results / "not-a-hash").mkdir()
    (store.results / "abc123").mkdir()  # a hash-like folder without files: discarded
    time.sleep(0.01)
    recipe = RECIPES["mnist_cnn"].with_overrides(epochs=1)
    newer = store.put(recipe, fake_result(recipe, accuracy=90.0))
    assert [s.config_hash for s in store.list()] == [newer.config_hash, stored.config_hash]
    assert store.load_model(newer.config_hash).__class__.__name__ == "MnistCNN"
    with pytest.raises(KeyError):
        store.load_model("0123456789abcdef")


def test_default_root_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(tmp_path / "here"))
    assert ResultStore().results == tmp_path / "here" / "results"
    monkeypatch.delenv("EXPLAINER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert ResultStore().root == tmp_path / "xdg" / "nn-cnn-explainer"
