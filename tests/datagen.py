"""Tiny datasets in the real on-disk formats, with a pattern a small model can learn in one epoch.

    write_tiny_datasets(folder)          # mnist/, fashion-mnist/ (IDX .gz) and cifar-10-batches-py/
    write_idx_dataset(folder / "mnist", train=200, test=50)

Each class lights its own 7x7 (MNIST-sized) or 8x8 (CIFAR) block on a noisy background, so the
labels are learnable and accuracy after a short run is far above chance; tests rely on that.
"""

from __future__ import annotations

import gzip
import pickle
import struct
from pathlib import Path

import numpy as np

CLASSES = 10


def idx_bytes(array: np.ndarray) -> bytes:
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(np.uint8).tobytes()


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
    folder.mkdir(parents=True, exist_ok=True)
    for offset, (prefix, count) in enumerate((("train", train), ("t10k", test))):
        images, labels = patterned_images(count, 1, 28, seed + offset)
        (folder / f"{prefix}-images-idx3-ubyte.gz").write_bytes(gzip.compress(idx_bytes(images[:, 0]), 1))
        (folder / f"{prefix}-labels-idx1-ubyte.gz").write_bytes(gzip.compress(idx_bytes(labels), 1))


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


def tiny_data_env(monkeypatch, root: Path) -> Path:
    """Point the data helper at freshly written tiny datasets under `root` (caches cleared)."""
    from explainer import data

    write_tiny_datasets(root)
    monkeypatch.setenv("EXPLAINER_DATA_DIR", str(root))
    monkeypatch.setenv("EXPLAINER_NO_DOWNLOAD", "1")
    data.clear_cache()
    return root


def train_into(store, recipe, device: str = "cpu"):
    """Train `recipe` synchronously on the current data folder and put it into `store`; the StoredResult."""
    from explainer.recipes import config_hash
    from explainer.trainer import train

    result = train(recipe, device)
    return store.put(recipe, result, config_hash(recipe, device), device=device)
