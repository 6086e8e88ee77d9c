"""Galleries and pickers show a class-balanced, seeded sample that does not depend on how the files are stored."""

from __future__ import annotations

import numpy as np
from PIL import Image

from explainer.data import datasets as data
from explainer.data import samples
from tests.datagen import data_env

PER_CLASS = 6


def _write_cifar_jpeg(root, order_seed: int | None) -> None:
    """A tiny CIFAR-10 test split as class folders (as the shared data has it); `order_seed` renames the files
    inside each class at random, so a folder listing returns them in another order."""
    rng = np.random.default_rng(1)
    for label, name in enumerate(data.CIFAR10_CLASSES):
        folder = root / "cifar10-jpeg" / "test" / name
        folder.mkdir(parents=True)
        numbers = list(range(PER_CLASS))
        if order_seed is not None:
            numbers = list(np.random.default_rng(order_seed + label).permutation(PER_CLASS))
        for index in range(PER_CLASS):
            pixels = rng.integers(0, 256, (32, 32, 3), dtype=np.uint8)
            Image.fromarray(pixels).save(folder / f"{numbers[index]:04d}.png")  # lossless: equal pixels


def _gallery(monkeypatch, root, count):
    with data_env(monkeypatch, root):
        split = data.load_dataset("cifar10", "test")
        chosen = samples.balanced_indices(split.images, split.labels, count)
        return split.images[chosen].numpy(), split.labels[chosen].numpy(), split.labels.numpy()


def test_a_shuffled_copy_gives_the_same_balanced_gallery(monkeypatch, tmp_path):
    _write_cifar_jpeg(tmp_path / "in-order", None)
    _write_cifar_jpeg(tmp_path / "shuffled", order_seed=5)
    images, labels, stored = _gallery(monkeypatch, tmp_path / "in-order", 20)
    shuffled_images, shuffled_labels, _ = _gallery(monkeypatch, tmp_path / "shuffled", 20)
    assert stored[:PER_CLASS].tolist() == [0] * PER_CLASS  # the files start with airplanes only
    assert sorted(labels[:10].tolist()) == list(range(10))  # the gallery starts with one of every class
    assert np.bincount(labels, minlength=10).tolist() == [2] * 10
    np.testing.assert_array_equal(images, shuffled_images)
    np.testing.assert_array_equal(labels, shuffled_labels)


def test_the_sample_is_seeded_and_covers_every_image_once():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (40, 1, 4, 4), dtype=np.uint8)
    labels = np.repeat(np.arange(4), 10)
    everything = samples.balanced_indices(images, labels)
    assert sorted(everything.tolist()) == list(range(40))
    assert samples.balanced_indices(images, labels, 8, seed=1).tolist() != \
        samples.balanced_indices(images, labels, 8, seed=2).tolist()
    assert samples.balanced_indices(images, labels, 4).tolist() == everything[:4].tolist()
