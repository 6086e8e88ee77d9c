"""Which images a gallery or an image picker shows: a class-balanced, seeded sample chosen by image content.

    order = balanced_indices(split.images, split.labels)          # every image, classes taking turns
    shown = balanced_indices(split.images, split.labels, 1000)    # 100 of each CIFAR-10 class

Files come in whatever order their source stores them: CIFAR-10 as class folders lists all 1,000 airplanes
first, so "the first 1,000 test images" were all airplanes. Here each image's rank inside its class comes
from a seeded hash of its pixels, and the classes take turns (rank 0 of every class, then rank 1, ...), so
the same images come, in the same order, for a shuffled copy of the same files.
"""

from __future__ import annotations

import hashlib

import numpy as np
import torch

DEFAULT_SEED = 0


def content_keys(images: torch.Tensor | np.ndarray, seed: int = DEFAULT_SEED) -> np.ndarray:
    """A 64-bit key per image from its pixels and `seed` (equal images get equal keys)."""
    pixels = np.ascontiguousarray(images.numpy() if isinstance(images, torch.Tensor) else images)
    salt = int(seed).to_bytes(8, "little", signed=True)
    return np.array([int.from_bytes(hashlib.blake2b(image.tobytes(), digest_size=8, salt=salt).digest(), "little")
                     for image in pixels.reshape(len(pixels), -1)], dtype=np.uint64)


def balanced_indices(images, labels, count: int | None = None, seed: int = DEFAULT_SEED) -> np.ndarray:
    """Indices of `count` images (all when None): classes take turns, each class in its seeded content order."""
    labels = np.asarray(labels.numpy() if isinstance(labels, torch.Tensor) else labels, dtype=np.int64)
    keys = content_keys(images, seed)
    # Within a class: by content key; equal images (equal keys) look the same wherever they are stored.
    by_class = np.lexsort((keys, labels))
    sorted_labels = labels[by_class]
    starts = np.searchsorted(sorted_labels, sorted_labels, side="left")
    rank = np.arange(len(by_class)) - starts
    turns = by_class[np.lexsort((sorted_labels, rank))]
    return turns if count is None else turns[:max(0, int(count))]


# Layouts that keep the dataset's published order (explainer.data.datasets names the layout in Dataset.source).
CANONICAL_LAYOUTS = ("(pickle)", "(idx)", "(torchvision)")


def has_canonical_order(split) -> bool:
    """Whether index 0 is the dataset's own first image (pickled CIFAR batches, IDX files), not a folder listing:
    only then do "the first four test images" of a lecture mean anything."""
    return str(getattr(split, "source", "")).endswith(CANONICAL_LAYOUTS)
