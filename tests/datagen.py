"""Tiny datasets in the real on-disk formats, and pointing explainer.data.datasets at them.

    write_tiny_datasets(folder)          # mnist/, fashion-mnist/ (IDX .gz) and cifar-10-batches-py/
    write_idx_dataset(folder / "mnist", train=200, test=50)
    with data_env(monkeypatch, folder):  # explainer.data.datasets reads `folder` (caches cleared around the block)

Each class lights its own 7x7 (MNIST-sized) or 8x8 (CIFAR) block on a noisy background, so the
labels are learnable and accuracy after a short run is far above chance; tests rely on that.
`write_random_idx_dataset` writes random pixels instead, for tests that check the bytes are read exactly.
"""

from __future__ import annotations

import contextlib
import gzip
import pickle
import struct
from pathlib import Path

import numpy as np

CLASSES = 10
IDX_PREFIX = {"train": "train", "test": "t10k"}  # MNIST names its test files t10k-...
# One stream for every random dataset in a test process, so two datasets in one test differ.
_RANDOM = np.random.default_rng(3)


def idx_bytes(array: np.ndarray) -> bytes:
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(np.uint8).tobytes()


def write_idx_split(folder: Path, split: str, images, labels, compress: bool = True) -> None:
    """`{train,t10k}-images-idx3-ubyte` and `...-labels-idx1-ubyte` for `split`, gzipped as `.gz` by default.

    `images` (count, 28, 28) and `labels` (count,): numpy arrays or anything `np.asarray` takes (CPU tensors).
    """
    folder.mkdir(parents=True, exist_ok=True)
    prefix = IDX_PREFIX[split]
    for stem, array in ((f"{prefix}-images-idx3-ubyte", images), (f"{prefix}-labels-idx1-ubyte", labels)):
        raw = idx_bytes(np.asarray(array))
        if compress:
            (folder / f"{stem}.gz").write_bytes(gzip.compress(raw, 1))
        else:
            (folder / stem).write_bytes(raw)


def patterned_images(count: int, channels: int, side: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """uint8 (count, channels, side, side) images and int labels 0..9 (balanced): one bright block per class."""
    rng = np.random.default_rng(seed)
    labels = np.arange(count) % CLASSES
    rng.shuffle(labels)
    images = rng.integers(0, 60, size=(count, channels, side, side)).astype(np.uint8)
    block = side // 4
    for index, label in enumerate(labels):
        row, col = divmod(int(label), 4)
        top, left = row * block + 1, col * block
        images[index, :, top:top + block, left:left + block] = 230
    return images, labels.astype(np.uint8)


def write_idx_dataset(folder: Path, train: int = 200, test: int = 50, seed: int = 0) -> None:
    """The four gzipped IDX files of MNIST's simple layout (`train-images-idx3-ubyte.gz`, ..., `t10k-...`)."""
    for offset, (split, count) in enumerate((("train", train), ("test", test))):
        images, labels = patterned_images(count, 1, 28, seed + offset)
        write_idx_split(folder, split, images[:, 0], labels)


def write_random_idx_dataset(folder: Path, counts: dict[str, int] | None = None, compress: bool = True) -> dict:
    """The four MNIST files of random pixels for `counts` = {"train": n, "test": m} (12 and 7 by default);
    returns {split: (images, labels)} as written, for comparing with what the loader reads."""
    written = {}
    for split in ("train", "test"):
        n = (counts or {"train": 12, "test": 7})[split]
        images = _RANDOM.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
        labels = (np.arange(n) * 7 % 10).astype(np.uint8)
        write_idx_split(folder, split, images, labels, compress)
        written[split] = (images, labels)
    return written


def write_cifar_dataset(folder: Path, per_batch: int = 20, test: int = 50, seed: int = 10) -> None:
    """torchvision's `cifar-10-batches-py` layout: data_batch_1..5 and test_batch (pickled dicts)."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(1, 7):
        name, count = (f"data_batch_{index}", per_batch) if index <= 5 else ("test_batch", test)
        images, labels = patterned_images(count, 3, 32, seed + index)
        batch = {"data": images.reshape(count, -1), "labels": [int(v) for v in labels]}
        (folder / name).write_bytes(pickle.dumps(batch, protocol=2))


def write_tiny_datasets(root: Path, train: int = 200, test: int = 50) -> Path:
    """MNIST, Fashion-MNIST and CIFAR-10, tiny, under `root` (point EXPLAINER_DATA_DIR at it)."""
    write_idx_dataset(root / "mnist", train, test, seed=0)
    write_idx_dataset(root / "fashion-mnist", train, test, seed=2)
    write_cifar_dataset(root / "cifar-10-batches-py", per_batch=max(1, train // 5), test=test)
    return root


@contextlib.contextmanager
def data_env(monkeypatch, data_dir: Path, cache_dir: Path | None = None, debian_dir: Path | None = None):
    """explainer.data.datasets reads `data_dir` (and writes to `cache_dir`, and looks for the Debian package in
    `debian_dir`, where given), never downloads; its in-process caches are cleared on entry and on exit,
    since a dataset loaded from another folder would otherwise still be served. Yields `data_dir`."""
    from explainer.data import datasets as data

    monkeypatch.setenv("EXPLAINER_DATA_DIR", str(data_dir))
    if cache_dir is not None:
        monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("EXPLAINER_NO_DOWNLOAD", "1")
    if debian_dir is not None:
        monkeypatch.setattr(data, "DEBIAN_FASHION_MNIST_DIR", debian_dir)
    data.clear_cache()
    try:
        yield data_dir
    finally:
        data.clear_cache()


def train_into(store, recipe, device: str = "cpu"):
    """Train `recipe` synchronously on the current data folder and put it into `store`; the StoredResult."""
    from explainer.training.recipes import config_hash
    from explainer.training.runs import train_recipe as train

    result = train(recipe, device)
    return store.put(recipe, result, config_hash(recipe, device), device=device)


def write_cifar_jpeg_tree(folder: Path, per_class: int = 3, seed: int = 12, shuffle_seed: int | None = None) -> None:
    """CIFAR-10 as JPEG class folders, `folder/test/<class>/NNNN.jpg`, the way the real tree stores it (every
    airplane first). With `shuffle_seed`, the same JPEG files get their numbers in a shuffled order within each
    class: the same images, stored in another order."""
    import io

    from PIL import Image

    from explainer.data.datasets import CIFAR10_CLASSES

    images, labels = patterned_images(per_class * CLASSES, 3, 32, seed)
    order = np.random.default_rng(shuffle_seed).permutation(per_class) if shuffle_seed is not None else None
    for label, name in enumerate(CIFAR10_CLASSES):
        (folder / "test" / name).mkdir(parents=True, exist_ok=True)
        for rank, index in enumerate(np.flatnonzero(labels == label)):
            encoded = io.BytesIO()
            Image.fromarray(images[index].transpose(1, 2, 0)).save(encoded, format="JPEG", quality=95)
            number = rank if order is None else int(order[rank])
            (folder / "test" / name / f"{number:04d}.jpg").write_bytes(encoded.getvalue())
