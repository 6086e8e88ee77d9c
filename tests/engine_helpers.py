"""Tiny learnable data for the engine tests: `explainer.data.datasets.Dataset` objects and real IDX .gz files."""

from __future__ import annotations

from pathlib import Path

import torch

from explainer.data.datasets import Dataset
from tests.datagen import write_idx_split

FASHION_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                   "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")


def patterned(count: int, channels: int = 1, side: int = 28, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """uint8 images where each class lights its own horizontal band on noise, and int64 labels."""
    generator = torch.Generator().manual_seed(seed)
    labels = torch.arange(count) % 10
    labels = labels[torch.randperm(count, generator=generator)]
    images = torch.randint(0, 60, (count, channels, side, side), generator=generator, dtype=torch.uint8)
    band = side // 10
    for label in range(10):
        images[labels == label, :, label * band:(label + 1) * band, : side // 2] = 230
    return images, labels


def tiny_datasets(train: int = 96, test: int = 40, channels: int = 1, side: int = 28,
                  name: str = "fashion_mnist") -> tuple[Dataset, Dataset]:
    classes = FASHION_CLASSES if name == "fashion_mnist" else tuple(str(i) for i in range(10))
    made = []
    for split, count, seed in (("train", train, 1), ("test", test, 2)):
        images, labels = patterned(count, channels, side, seed)
        made.append(Dataset(name=name, split=split, images=images, labels=labels, classes=classes, source="test"))
    return made[0], made[1]


def write_fashion_idx(root: Path, train: int = 96, test: int = 40) -> Path:
    """`<root>/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz`, the shared datasets' layout."""
    train_set, test_set = tiny_datasets(train, test)
    for split, dataset in (("train", train_set), ("test", test_set)):
        write_idx_split(root / "fashion-mnist", split, dataset.images[:, 0], dataset.labels)
    return root
