"""Dataset files with limits: oversized images, decompression bombs, and failures examined once."""

from __future__ import annotations

import gzip
import io
import struct
import tarfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import explainer.data.formats as formats
from explainer.data import datasets as data
from explainer.data.formats import ArchiveTooLarge, DataFormatError, extract_tar_safely, read_idx
from tests.datagen import idx_bytes, write_random_idx_dataset
from tests.test_data import pack_tree, write_jpeg_tree


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose header (SOF0) claims width x height pixels: cheap to write, huge to decode."""
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (90, 120, 150)).save(buffer, "JPEG", quality=90)
    jpeg = bytearray(buffer.getvalue())
    sof = jpeg.index(b"\xff\xc0")
    jpeg[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(jpeg)


@pytest.mark.parametrize("width, height", [(20000, 20000), (5000, 5000), (64, 32)])
def test_an_oversized_image_in_the_archive_is_refused_clearly(data_root, tmp_path, width, height):
    write_jpeg_tree(tmp_path / "build" / "cifar10-jpeg")
    (tmp_path / "build" / "cifar10-jpeg" / "train" / "cat" / "0009.jpg").write_bytes(jpeg_claiming(width, height))
    pack_tree(tmp_path / "build", data_root / "cifar10-jpeg" / "cifar10-jpeg.tar.gz")
    with pytest.raises(data.DatasetUnavailable) as caught:  # was: DecompressionBombError for 20000x20000
        data.load_dataset("cifar10", "train")
    message = data.unavailable_message(caught.value, "en")
    assert "0009.jpg" in message and "expected 32x32 pixels" in message
    assert len(data.load_dataset("cifar10", "test")) == 3  # the other split is fine


def test_image_size_is_checked_before_decoding(tmp_path, monkeypatch):
    path = tmp_path / "big.jpg"
    path.write_bytes(jpeg_claiming(4000, 3000))
    monkeypatch.setattr(Image.Image, "convert", lambda *a, **k: pytest.fail("decoded before the size check"))
    with pytest.raises(DataFormatError, match="4000x3000"):
        formats.decode_images([path])


def tar_gz_with(archive: Path, members: dict[str, bytes]) -> None:
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
        for name, payload in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))


def assert_refused_without_writing(archive: Path, destination: Path, match: str) -> None:
    with pytest.raises(ArchiveTooLarge, match=match):
        extract_tar_safely(archive, destination)
    assert not destination.exists() and list(destination.parent.iterdir()) == []


def test_a_compression_bomb_is_refused_before_it_is_unpacked(tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "_RATIO_CHECKED_FROM", 2**20)
    archive = tmp_path / "bomb.tar.gz"
    tar_gz_with(archive, {"cifar10-jpeg/test/cat/0000.jpg": bytes(32 * 2**20)})  # 32 MiB of zeros, ~100 KB packed
    assert archive.stat().st_size * formats.ARCHIVE_MAX_RATIO < 32 * 2**20
    reached = []
    real_check = formats._BoundedStream._check
    monkeypatch.setattr(formats._BoundedStream, "_check",
                        lambda self: reached.append(self.tell()) or real_check(self))
    assert_refused_without_writing(archive, tmp_path / "out" / "extracted", f"{formats.ARCHIVE_MAX_RATIO} times")
    assert max(reached) < 16 * 2**20  # stopped part-way, not after unpacking all 32 MiB


def test_archive_size_member_and_count_limits(tmp_path, monkeypatch):
    out = tmp_path / "out" / "extracted"
    noise = np.random.default_rng(0).integers(0, 256, 300_000, dtype=np.uint8).tobytes()  # does not compress
    archive = tmp_path / "big.tar.gz"
    tar_gz_with(archive, {f"cifar10-jpeg/test/cat/{i:04d}.jpg": noise for i in range(4)})
    monkeypatch.setattr(formats, "ARCHIVE_MAX_BYTES", 1_000_000)
    assert_refused_without_writing(archive, out, "MiB")
    monkeypatch.setattr(formats, "ARCHIVE_MAX_BYTES", 2**30)
    monkeypatch.setattr(formats, "ARCHIVE_MAX_MEMBER_BYTES", 200_000)
    assert_refused_without_writing(archive, out, "0000.jpg")
    monkeypatch.setattr(formats, "ARCHIVE_MAX_MEMBER_BYTES", 2**26)
    monkeypatch.setattr(formats, "ARCHIVE_MAX_MEMBERS", 3)
    assert_refused_without_writing(archive, out, "more than 3 members")
    monkeypatch.setattr(formats, "ARCHIVE_MAX_MEMBERS", 4)
    assert extract_tar_safely(archive, out) == out and len(list(out.rglob("*.jpg"))) == 4


def test_an_archive_refused_for_its_size_explains_itself_in_the_app(data_root, monkeypatch):
    monkeypatch.setattr(formats, "ARCHIVE_MAX_MEMBERS", 1)
    tar_gz_with(data_root / "cifar10-jpeg.tar.gz", {"cifar10-jpeg/test/cat/0000.jpg": b"x", "cifar10-jpeg/b": b"y"})
    with pytest.raises(data.DatasetUnavailable, match="more than 1 members"):
        data.load_dataset("cifar10", "test")


# -- IDX: read no further than the header promises ------------------------------------------------------------


def test_a_gzip_bomb_behind_an_idx_header_is_not_unpacked(tmp_path):
    bomb = tmp_path / "train-images-idx3-ubyte.gz"
    header_and_data = idx_bytes(np.zeros((2, 28, 28), dtype=np.uint8))
    bomb.write_bytes(gzip.compress(header_and_data + bytes(64 * 2**20), compresslevel=1))
    tracemalloc.start()
    try:
        with pytest.raises(DataFormatError, match="longer than its header says"):
            read_idx(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20  # was: the whole 64 MiB (2.8 GB for a real bomb)


def test_an_idx_header_promising_too_much_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "MAX_IDX_BYTES", 1000)
    path = tmp_path / "images.gz"
    path.write_bytes(gzip.compress(idx_bytes(np.zeros((2, 28, 28), dtype=np.uint8))))
    with pytest.raises(DataFormatError, match="promises 1568 bytes"):
        read_idx(path)


def test_idx_files_still_load_exactly(data_root):
    written = write_random_idx_dataset(data_root / "mnist")
    dataset = data.load_dataset("mnist", "train")
    assert np.array_equal(dataset.images.numpy()[:, 0], written["train"][0])


# -- a dataset that failed is examined once until its files change ----------------------------------------------


def test_a_failed_dataset_is_remembered_until_its_files_change(data_root, monkeypatch):
    write_random_idx_dataset(data_root / "mnist")
    images = data_root / "mnist" / "train-images-idx3-ubyte.gz"
    good = images.read_bytes()
    images.write_bytes(gzip.compress(gzip.decompress(good) + bytes(1000)))
    calls = []
    real = data.read_idx_pair
    monkeypatch.setattr(data, "read_idx_pair", lambda *args: calls.append(args) or real(*args))
    for _ in range(3):  # three page runs
        with pytest.raises(data.DatasetUnavailable, match="longer than its header says"):
            data.load_dataset("mnist", "train")
    assert len(calls) == 1  # was: read (and for a bomb, unpacked) again on every run
    time.sleep(0.01)
    images.write_bytes(good)  # the lecturer copies the file again
    assert data.load_dataset("mnist", "train").images.shape[0] > 0 and len(calls) == 2


def test_a_new_source_appearing_is_noticed(data_root):
    with pytest.raises(data.DatasetUnavailable):
        data.load_dataset("mnist", "test")
    write_random_idx_dataset(data_root / "MNIST" / "raw")  # a folder that did not exist before
    assert len(data.load_dataset("mnist", "test")) > 0
