"""Datasets: tiny files in every supported format, loaded through the real source search of explainer.data.datasets.

The `data_root` fixture (tests/conftest.py) is an empty data folder with every other source switched off.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import pickle
import subprocess
import sys
import tarfile
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from explainer.data import datasets as data
from explainer.data.formats import DataFormatError, UnsafeArchiveError, extract_tar_safely, read_idx
from tests.datagen import idx_bytes, write_random_idx_dataset

ROOT = Path(__file__).resolve().parents[1]
RNG = np.random.default_rng(3)


# ------------------------------------------------------------------------------------------ builders


def write_cifar_batches(folder: Path, per_batch=3, test_count=4) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    parts = []
    for index in range(1, 6):
        rows = RNG.integers(0, 256, size=(per_batch, 3072), dtype=np.uint8)
        labels = [int(v) for v in RNG.integers(0, 10, size=per_batch)]
        batch = {b"batch_label": b"training batch", b"data": rows, b"labels": labels}
        # protocol 2 like the original Python 2 files; the bytes keys mimic how they unpickle with 'bytes'
        (folder / f"data_batch_{index}").write_bytes(pickle.dumps(batch, protocol=2))
        parts.append((rows, labels))
    test_rows = RNG.integers(0, 256, size=(test_count, 3072), dtype=np.uint8)
    test_labels = list(range(test_count))
    (folder / "test_batch").write_bytes(pickle.dumps({"data": test_rows, "labels": test_labels},
                                                     protocol=pickle.HIGHEST_PROTOCOL))
    (folder / "batches.meta").write_bytes(pickle.dumps({"label_names": list(data.CIFAR10_CLASSES)}, protocol=2))
    train_rows = np.concatenate([p[0] for p in parts])
    train_labels = np.concatenate([p[1] for p in parts])
    return {"train": (train_rows, train_labels), "test": (test_rows, np.array(test_labels))}


def smooth_image(seed: int) -> np.ndarray:
    """A 32x32 RGB gradient: JPEG keeps it within a few levels."""
    y, x = np.mgrid[0:32, 0:32]
    return np.stack([x * 4 + seed * 5, y * 4 + seed * 3, np.full_like(x, 40 + seed * 10)],
                    axis=-1).astype(np.uint8)


# Folder creation order deliberately differs from CIFAR-10's label order.
JPEG_TREE = {"train": {"truck": 3, "airplane": 2, "cat": 3, "bird": 1}, "test": {"ship": 2, "automobile": 1}}


def write_jpeg_tree(root: Path) -> dict:
    """cifar10-jpeg/{train,test}/<class>/NNNN.jpg; returns (images HWC, labels) in the expected order."""
    expected = {}
    seed = 0
    for split, classes in JPEG_TREE.items():
        ordered = []
        for name, count in classes.items():
            (root / split / name).mkdir(parents=True, exist_ok=True)
            for number in range(count):
                seed += 1
                pixels = smooth_image(seed)
                Image.fromarray(pixels).save(root / split / name / f"{number:04d}.jpg", quality=95)
                ordered.append((data.CIFAR10_CLASSES.index(name), number, pixels))
        ordered.sort(key=lambda item: (item[0], item[1]))
        expected[split] = (np.stack([o[2] for o in ordered]), np.array([o[0] for o in ordered]))
    return expected


def pack_tree(tree_parent: Path, archive: Path, top: str = "cifar10-jpeg") -> None:
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(tree_parent / top, arcname=top)


# ------------------------------------------------------------------------------------------- IDX


@pytest.mark.parametrize(("name", "folder", "compress"), [
    ("mnist", "mnist", True),
    ("fashion_mnist", "fashion-mnist", True),
    ("mnist", "MNIST/raw", False),
    ("fashion_mnist", "FashionMNIST/raw", True),
])
def test_idx_layouts_load_exactly(data_root, name, folder, compress):
    written = write_random_idx_dataset(data_root / folder, compress=compress)
    for split in ("train", "test"):
        dataset = data.load_dataset(name, split)
        images, labels = written[split]
        assert dataset.images.shape == (len(images), 1, 28, 28)
        assert dataset.images.dtype == torch.uint8 and dataset.labels.dtype == torch.int64
        assert torch.equal(dataset.images[:, 0], torch.from_numpy(images))
        assert dataset.labels.tolist() == labels.tolist()
        assert dataset.classes == data.CLASSES[name] and len(dataset) == len(images)
        assert folder in dataset.source and dataset.split == split


def test_torchvision_raw_layout_wins_and_unpacked_file_is_read(data_root):
    write_random_idx_dataset(data_root / "mnist", counts={"train": 5, "test": 5})
    raw = write_random_idx_dataset(data_root / "MNIST" / "raw", counts={"train": 9, "test": 3}, compress=False)
    # torchvision keeps the .gz beside the unpacked file; give the .gz a different size to see which was read
    (data_root / "MNIST" / "raw" / "train-images-idx3-ubyte.gz").write_bytes(b"not read")
    dataset = data.load_dataset("mnist", "train")
    assert len(dataset) == 9 and torch.equal(dataset.images[:, 0], torch.from_numpy(raw["train"][0]))


def test_loaded_dataset_is_cached_per_process(data_root):
    write_random_idx_dataset(data_root / "mnist")
    first = data.load_dataset("mnist", "test")
    assert data.load_dataset("mnist", "test") is first
    data.clear_cache()
    assert data.load_dataset("mnist", "test") is not first


def test_a_class_server_loads_its_datasets_before_the_class_and_skips_missing_ones(data_root, monkeypatch):
    """`make run-class` sets EXPLAINER_WARM_DATASETS: the server loads them in a thread of its own at start, so the
    first visit of the dropout page does not decode Fashion-MNIST while a class waits."""
    from explainer import ui

    write_random_idx_dataset(data_root / "mnist")
    assert data.warm(["mnist", "fashion_mnist"]) == ["mnist"], "Fashion-MNIST is not there: skipped, no error"
    warmed = data.load_dataset("mnist", "train")
    assert data.load_dataset("mnist", "train") is warmed and data.load_dataset("mnist", "test") is not None
    data.clear_cache()
    monkeypatch.delenv(ui.WARM_DATASETS_ENV, raising=False)
    assert ui.warm_datasets_in_background() is None, "a plain `make run` loads nothing ahead"
    monkeypatch.setenv(ui.WARM_DATASETS_ENV, "mnist, not_a_dataset")
    thread = ui.warm_datasets_in_background()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert ("mnist", "train") in {key[-2:] for key in data._loaded}, "loaded by the thread, before any page asked"


def test_truncated_idx_is_a_clear_error(data_root, tmp_path):
    write_random_idx_dataset(data_root / "mnist")
    images_gz = data_root / "mnist" / "train-images-idx3-ubyte.gz"
    raw = gzip.decompress(images_gz.read_bytes())
    images_gz.write_bytes(gzip.compress(raw[:-100]))  # valid gzip, short payload
    with pytest.raises(DataFormatError, match=r"truncated"):
        read_idx(images_gz)
    with pytest.raises(data.DatasetUnavailable) as caught:
        data.load_dataset("mnist", "train")
    assert "truncated" in str(caught.value) and str(images_gz) in str(caught.value)
    assert data.load_dataset("mnist", "test").images.shape[0] == 7  # the other split is unaffected

    cut_stream = tmp_path / "cut.gz"
    cut_stream.write_bytes(gzip.compress(raw)[:500])  # the gzip stream itself ends early
    with pytest.raises(DataFormatError, match="gzip"):
        read_idx(cut_stream)
    not_idx = tmp_path / "junk"
    not_idx.write_bytes(b"hello world")
    with pytest.raises(DataFormatError, match="not an IDX file"):
        read_idx(not_idx)


def test_images_and_labels_must_agree(data_root):
    write_random_idx_dataset(data_root / "mnist")
    labels = np.arange(5, dtype=np.uint8)
    (data_root / "mnist" / "t10k-labels-idx1-ubyte.gz").write_bytes(gzip.compress(idx_bytes(labels)))
    with pytest.raises(data.DatasetUnavailable, match="7 images but"):
        data.load_dataset("mnist", "test")


def test_debian_folder_is_tried_for_fashion_mnist(data_root, tmp_path):
    written = write_random_idx_dataset(data.DEBIAN_FASHION_MNIST_DIR)
    dataset = data.load_dataset("fashion_mnist", "train")
    assert "Debian" in dataset.source and str(data.DEBIAN_FASHION_MNIST_DIR) in dataset.source
    assert torch.equal(dataset.images[:, 0], torch.from_numpy(written["train"][0]))
    status = data.dataset_status("fashion_mnist")
    assert status["available"] and status["sizes"] == {"train": 12, "test": 7}
    assert [source for source, _ in status["attempts"]][:2] == [
        f"data folder `{data_root / 'FashionMNIST' / 'raw'}`", f"data folder `{data_root / 'fashion-mnist'}`"]


# --------------------------------------------------------------------------------------- CIFAR pickle


def test_cifar_pickle_batches(data_root):
    written = write_cifar_batches(data_root / "cifar-10-batches-py")
    for split in ("train", "test"):
        dataset = data.load_dataset("cifar10", split)
        rows, labels = written[split]
        assert dataset.images.shape == (len(rows), 3, 32, 32) and dataset.images.dtype == torch.uint8
        assert dataset.labels.tolist() == list(labels)
        # a row is 1024 red, then 1024 green, then 1024 blue values
        assert dataset.images[1, 1, 0, 5].item() == rows[1, 1024 + 5]
        assert dataset.images[2, 2, 31, 31].item() == rows[2, 3071]
        assert torch.equal(dataset.images.reshape(len(rows), -1), torch.from_numpy(rows))
        assert "cifar-10-batches-py" in dataset.source


class _Exploit:
    def __reduce__(self):
        return (os.system, ("touch pwned",))


def test_cifar_pickle_cannot_run_code(data_root, tmp_path, monkeypatch):
    write_cifar_batches(data_root / "cifar-10-batches-py")
    monkeypatch.chdir(tmp_path)
    (data_root / "cifar-10-batches-py" / "test_batch").write_bytes(
        pickle.dumps({"data": _Exploit(), "labels": []}, protocol=2))
    with pytest.raises(data.DatasetUnavailable, match=r"system is not allowed"):
        data.load_dataset("cifar10", "test")
    assert not (tmp_path / "pwned").exists()


def test_cifar_missing_batch_is_reported(data_root):
    write_cifar_batches(data_root / "cifar-10-batches-py")
    (data_root / "cifar-10-batches-py" / "data_batch_3").unlink()
    with pytest.raises(data.DatasetUnavailable, match="data_batch_3"):
        data.load_dataset("cifar10", "train")
    assert len(data.load_dataset("cifar10", "test")) == 4


# ---------------------------------------------------------------------------------------- JPEG, tar


def assert_close_to(dataset, expected):
    pixels, labels = expected
    assert dataset.images.shape == (len(pixels), 3, 32, 32) and dataset.images.dtype == torch.uint8
    assert dataset.labels.tolist() == labels.tolist()
    difference = np.abs(dataset.images.numpy().transpose(0, 2, 3, 1).astype(int) - pixels.astype(int))
    assert difference.mean() < 3 and difference.max() < 40


def test_jpeg_tree_uses_cifar_label_order_and_caches_decoding(data_root, tmp_path):
    expected = write_jpeg_tree(data_root / "cifar10-jpeg")
    for split in ("train", "test"):
        assert_close_to(data.load_dataset("cifar10", split), expected[split])
    train = data.load_dataset("cifar10", "train")
    assert train.labels.tolist() == [0, 0, 2, 3, 3, 3, 9, 9, 9]  # airplane, bird, cat, truck
    decoded = list((tmp_path / "cache").rglob("train-images.npy"))
    assert len(decoded) == 1
    # a second process start reads the .npy: prove it by making it recognisably different
    np.save(decoded[0], np.full_like(np.load(decoded[0]), 7))
    data.clear_cache()
    assert int(data.load_dataset("cifar10", "train").images.max()) == 7
    # editing the tree changes the key, so the stale decoding is not used
    Image.fromarray(smooth_image(99)).save(data_root / "cifar10-jpeg" / "train" / "cat" / "0099.jpg")
    data.clear_cache()
    assert len(data.load_dataset("cifar10", "train")) == 10


def test_jpeg_tree_rejects_unknown_class_folder(data_root):
    write_jpeg_tree(data_root / "cifar10-jpeg")
    (data_root / "cifar10-jpeg" / "train" / "unicorn").mkdir()
    with pytest.raises(data.DatasetUnavailable, match="unicorn"):
        data.load_dataset("cifar10", "train")


@pytest.mark.parametrize("where", ["cifar10-jpeg/cifar10-jpeg.tar.gz", "cifar10-jpeg.tar.gz"])
def test_jpeg_tarball_is_extracted_to_cache_and_decoded(data_root, tmp_path, where):
    expected = write_jpeg_tree(tmp_path / "build" / "cifar10-jpeg")
    pack_tree(tmp_path / "build", data_root / where)
    data_root.chmod(0o555)  # the data folder may be read-only: everything derived goes to the cache
    try:
        for split in ("train", "test"):
            dataset = data.load_dataset("cifar10", split)
            assert_close_to(dataset, expected[split])
            assert where in dataset.source
        extracted = list((tmp_path / "cache").rglob("extracted"))
        assert len(extracted) == 1 and (extracted[0] / "cifar10-jpeg" / "train" / "truck" / "0002.jpg").is_file()
        # once decoded, the archive is not extracted again
        for path in sorted(extracted[0].rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        extracted[0].rmdir()
        data.clear_cache()
        assert_close_to(data.load_dataset("cifar10", "test"), expected["test"])
        assert not extracted[0].exists()
    finally:
        data_root.chmod(0o755)


def _tar_with(archive: Path, member: tarfile.TarInfo, payload: bytes = b"x") -> None:
    with tarfile.open(archive, "w:gz") as tar:
        good = tarfile.TarInfo("cifar10-jpeg/test/cat/0000.jpg")
        good.size = 1
        tar.addfile(good, io.BytesIO(b"x"))
        tar.addfile(member, io.BytesIO(payload) if member.isfile() else None)


def _member(name: str, kind=tarfile.REGTYPE, target: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    info.size = 1 if kind == tarfile.REGTYPE else 0
    return info


@pytest.mark.parametrize("member", [
    _member("../evil.txt"),
    _member("cifar10-jpeg/../../evil.txt"),
    _member("/tmp/evil-absolute.txt"),
    _member("cifar10-jpeg/test/cat/link.jpg", tarfile.SYMTYPE, "../../../../evil.txt"),
    _member("cifar10-jpeg/test/cat/hard.jpg", tarfile.LNKTYPE, "/etc/passwd"),
    _member("cifar10-jpeg/test/cat/dev", tarfile.CHRTYPE),
], ids=["dotdot", "nested-dotdot", "absolute", "symlink", "hardlink", "device"])
def test_unsafe_tar_is_refused_without_writing(data_root, tmp_path, member):
    archive = data_root / "cifar10-jpeg.tar.gz"
    _tar_with(archive, member)
    destination = tmp_path / "out" / "extracted"
    with pytest.raises(UnsafeArchiveError, match="refusing"):
        extract_tar_safely(archive, destination)
    assert not destination.exists() and list((tmp_path / "out").iterdir()) == []
    with pytest.raises(data.DatasetUnavailable, match="refusing"):
        data.load_dataset("cifar10", "test")
    assert not (tmp_path / "evil.txt").exists() and not (data_root / "evil.txt").exists()
    assert not Path("/tmp/evil-absolute.txt").exists()
    assert list((tmp_path / "cache").rglob("*.jpg")) == []


def test_broken_archive_is_a_clear_error(data_root):
    (data_root / "cifar10-jpeg.tar.gz").write_bytes(b"\x1f\x8b not really gzip")
    with pytest.raises(data.DatasetUnavailable, match="not a readable tar archive"):
        data.load_dataset("cifar10", "train")


# ---------------------------------------------------------------------------------- no data, download


def test_no_data_names_every_source_and_the_fixes(data_root):
    expected_sources = {"mnist": 3, "fashion_mnist": 4, "cifar10": 5}
    for name, count in expected_sources.items():
        with pytest.raises(data.DatasetUnavailable) as caught:
            data.load_dataset(name, "train")
        err = caught.value
        assert err.dataset == name and len(err.attempts) == count
        assert err.attempts[-1][0].startswith("torchvision download")
        assert "EXPLAINER_NO_DOWNLOAD" in err.attempts[-1][1]
        message = str(err)
        assert "EXPLAINER_DATA_DIR" in message and str(data_root) in message
        assert ("apt-get install dataset-fashion-mnist" in message) == (name == "fashion_mnist")
        for lang in ("ko", "en"):
            text = data.unavailable_message(err, lang)
            assert all(f"`{Path(source.split('`')[1])}`" in text for source, _ in err.attempts)
        assert "찾아본 곳" in data.unavailable_message(err, "ko")
    copy = pickle.loads(pickle.dumps(err))
    assert copy.attempts == err.attempts and str(copy) == str(err)
    fashion = data.dataset_status("fashion_mnist")
    assert fashion["available"] is False and fashion["sizes"] == {"train": None, "test": None}
    assert str(data.DEBIAN_FASHION_MNIST_DIR) in " ".join(source for source, _ in fashion["attempts"])


class _FakeTorchvisionMNIST:
    """Stands in for torchvision.datasets.MNIST: 'downloads' by writing the raw files, like the real one."""

    calls = 0

    def __init__(self, root, train, download):
        type(self).calls += 1
        assert download is True
        write_random_idx_dataset(Path(root) / "MNIST" / "raw", compress=False)


class _OfflineTorchvisionMNIST:
    calls = 0

    def __init__(self, root, train, download):
        type(self).calls += 1
        print("Tried https://example.invalid/mnist/, got: <urlopen error [Errno -2] Name or service not known>")
        raise RuntimeError("Error downloading train-images-idx3-ubyte.gz")


def test_download_source_reads_what_torchvision_fetched(data_root, monkeypatch):
    import torchvision.datasets

    monkeypatch.delenv("EXPLAINER_NO_DOWNLOAD")
    monkeypatch.setattr(torchvision.datasets, "MNIST", _FakeTorchvisionMNIST)
    dataset = data.load_dataset("mnist", "train")
    assert dataset.source.startswith("torchvision download") and dataset.images.shape == (12, 1, 28, 28)
    data.clear_cache()
    assert data.load_dataset("mnist", "test").source.startswith("data folder")  # now on disk
    assert _FakeTorchvisionMNIST.calls == 1


def test_failed_download_is_reported_and_not_retried_at_once(data_root, monkeypatch):
    import torchvision.datasets

    monkeypatch.delenv("EXPLAINER_NO_DOWNLOAD")
    monkeypatch.setattr(torchvision.datasets, "MNIST", _OfflineTorchvisionMNIST)
    for split in ("train", "test"):
        with pytest.raises(data.DatasetUnavailable) as caught:
            data.load_dataset("mnist", split)
        assert "Name or service not known" in caught.value.attempts[-1][1]
    assert _OfflineTorchvisionMNIST.calls == 1


# ------------------------------------------------------------------------------------ names and CLI


def test_class_names_in_both_languages():
    assert data.class_names("mnist", "ko") == [str(d) for d in range(10)]
    assert data.class_names("fashion_mnist", "en") == list(data.FASHION_MNIST_CLASSES)
    assert data.class_names("fashion_mnist", "ko")[0] == "티셔츠/탑"
    assert data.class_names("fashion_mnist", "ko")[9] == "앵클 부츠"
    assert data.class_names("cifar10", "en") == list(data.CIFAR10_CLASSES)
    assert data.class_names("cifar10", "ko")[:3] == ["비행기", "자동차", "새"]
    with pytest.raises(ValueError):
        data.class_names("imagenet", "en")
    with pytest.raises(ValueError):
        data.load_dataset("mnist", "validation")


def test_cli_table_and_json(data_root, capsys):
    write_random_idx_dataset(data_root / "fashion-mnist")
    assert data.main(["--lang", "en"]) == 0
    out = capsys.readouterr().out
    fashion_row = next(line for line in out.splitlines() if line.startswith("Fashion-MNIST"))
    assert fashion_row.split()[2:5] == ["yes", "12", "7"]
    assert "MNIST (handwritten digits)  no" in out and "How to provide the data" in out
    assert data.main(["fashion_mnist", "--json"]) == 0
    [status] = json.loads(capsys.readouterr().out)
    assert status["available"] and status["sizes"] == {"train": 12, "test": 7}
    assert data.main(["--lang", "ko", "cifar10"]) == 1
    captured = capsys.readouterr()
    assert "아니요" in captured.out and "데이터셋이 없습니다" in captured.err


def test_cli_as_module_without_data(tmp_path):
    env = {**os.environ, "EXPLAINER_DATA_DIR": str(tmp_path / "none"), "EXPLAINER_NO_DOWNLOAD": "1",
           "EXPLAINER_CACHE_DIR": str(tmp_path / "cache"), "LANG": "en_US.UTF-8"}
    result = subprocess.run([sys.executable, "-m", "explainer.data"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "No dataset is available" in result.stderr
    assert result.stdout.count("Sources tried, in order:") == 3


def test_concurrent_loads_of_one_archive_extract_once(data_root, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    write_jpeg_tree(tmp_path / "build" / "cifar10-jpeg")
    pack_tree(tmp_path / "build", data_root / "cifar10-jpeg.tar.gz")
    with ThreadPoolExecutor(max_workers=4) as pool:
        loaded = list(pool.map(lambda split: data.load_dataset("cifar10", split), ["train", "test", "train", "test"]))
    assert [len(d) for d in loaded] == [9, 3, 9, 3] and loaded[0] is loaded[2]
    assert len(list((tmp_path / "cache").rglob("extracted"))) == 1
    assert [p.name for p in (tmp_path / "cache" / "datasets").rglob(".*")] == []  # no staging leftovers
