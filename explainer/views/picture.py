"""The one picture the convolution page filters and the pooling page pools: loaded (or a stand-in with the reason
why), and filtered. Both pages share it through explainer.data.images.PICTURE, not through each other's keys."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from explainer.data import images
from explainer.topics import convolution as conv
from explainer.views.shared import built_once

Grid = tuple[tuple[float, ...], ...]  # a small 2-D array as a hashable (cacheable) value
# What identifies the picture shown: (source, index, upload bytes, digest of a dataset picture's pixels or None).
# The digest keeps a dataset picture's cached results apart from another folder's picture at the same index.
PictureKey = tuple
STAND_IN: PictureKey = ("digit", 0, None, None)  # the built-in digit, shown when the chosen picture cannot be
DATASET_SOURCES = ("mnist", "fashion_mnist", "cifar10")


def grid_key(values) -> Grid:
    return tuple(tuple(float(v) for v in row) for row in np.asarray(values, dtype=float))


@dataclass(frozen=True)
class Picture:
    pixels: np.ndarray  # (C, H, W) in [0, 1]; the built-in digit when the chosen picture cannot be shown
    label: int | None
    problem: str | None = None  # why the chosen picture is not shown (translated)
    rejected: bool = False  # the upload itself was refused (as opposed to a dataset that is not there)
    key: PictureKey = STAND_IN  # the picture shown, for the cached steps below


@built_once(maxsize=16)
def _resolved(source: str, index: int, upload: bytes | None) -> tuple[np.ndarray, int | None]:
    pixels, label = images.resolve_image(source, index, upload)
    pixels.setflags(write=False)  # shared by every rerun that asks for the same picture
    return pixels, label


def _fetch(source: str, index: int, upload: bytes | None) -> tuple[np.ndarray, int | None]:
    if source in DATASET_SOURCES:
        # Not cached here: the data module keeps the loaded split, and forgets it when its folder changes.
        return images.resolve_image(source, index, upload)
    return _resolved(source, index, upload)  # a drawing or an upload: the same bytes give the same picture


def picture(source: str, index: int, upload: bytes | None, lang: str) -> Picture:
    """The picture of a source, or the built-in digit and why not. Failures are not cached, so a dataset that
    arrives later is found."""
    try:
        pixels, label = _fetch(source, int(index), upload)
    except images.ImageRejected as err:
        return Picture(stand_in(), None, err.message(lang), rejected=True)
    except Exception as err:  # explainer.data.datasets.DatasetUnavailable (or a broken data folder)
        return Picture(stand_in(), None, images.unavailable_text(err, lang))
    digest = None
    if source in DATASET_SOURCES:
        digest = hashlib.blake2b(np.ascontiguousarray(pixels).tobytes(), digest_size=16).hexdigest()
    return Picture(pixels, label, key=(source, int(index), upload, digest))


def stand_in() -> np.ndarray:
    return _resolved(*STAND_IN[:3])[0]


def pixels(key: PictureKey) -> np.ndarray:
    """The pixels of a picture that resolved (`Picture.key`)."""
    return _fetch(*key[:3])[0]


@built_once(maxsize=16)
def grey(key: PictureKey) -> np.ndarray:
    """The grey version of a picture that resolved (`Picture.key`)."""
    values = images.to_grey(pixels(key))
    values.setflags(write=False)
    return values


@built_once(maxsize=32)
def filtered(key: PictureKey, kernel: Grid, stride: int, padding: int) -> conv.FilteredImage:
    """The grey picture of `key` through the kernel (the caller has checked that the sizes fit)."""
    return conv.filter_image(grey(key), np.asarray(kernel, dtype=float), stride, padding)
