"""The one picture the convolution page filters and the pooling page pools: loaded (or a stand-in with the reason
why), and filtered. Both pages share it through explainer.data.images.PICTURE, not through each other's keys."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from explainer.data import images
from explainer.topics import convolution as conv

Grid = tuple[tuple[float, ...], ...]  # a small 2-D array as a hashable (cacheable) value
PictureKey = tuple[str, int, "bytes | None"]  # (source, index, upload bytes): what identifies a picture
STAND_IN: PictureKey = ("digit", 0, None)  # the built-in digit, shown when the chosen picture cannot be


def grid_key(values) -> Grid:
    return tuple(tuple(float(v) for v in row) for row in np.asarray(values, dtype=float))


@dataclass(frozen=True)
class Picture:
    pixels: np.ndarray  # (C, H, W) in [0, 1]; the built-in digit when the chosen picture cannot be shown
    label: int | None
    problem: str | None = None  # why the chosen picture is not shown (translated)
    rejected: bool = False  # the upload itself was refused (as opposed to a dataset that is not there)


@lru_cache(maxsize=16)
def _resolved(source: str, index: int, upload: bytes | None) -> tuple[np.ndarray, int | None]:
    pixels, label = images.resolve_image(source, index, upload)
    pixels.setflags(write=False)  # shared by every rerun that asks for the same picture
    return pixels, label


def picture(source: str, index: int, upload: bytes | None, lang: str) -> Picture:
    """The picture of a source; failures are not cached, so a dataset that arrives later is found."""
    try:
        return Picture(*_resolved(source, int(index), upload))
    except images.ImageRejected as err:
        return Picture(stand_in(), None, err.message(lang), rejected=True)
    except Exception as err:  # explainer.data.datasets.DatasetUnavailable (or a broken data folder)
        return Picture(stand_in(), None, images.unavailable_text(err, lang))


def stand_in() -> np.ndarray:
    return _resolved(*STAND_IN)[0]


def shown_key(source: str, index: int, upload: bytes | None, shown: Picture) -> PictureKey:
    """The key of the picture actually shown: the chosen one, or the stand-in when it cannot be shown."""
    return (source, int(index), upload) if shown.problem is None else STAND_IN


@lru_cache(maxsize=16)
def grey(key: PictureKey) -> np.ndarray:
    """The grey version of a picture that resolves (a key from `shown_key`)."""
    values = images.to_grey(_resolved(*key)[0])
    values.setflags(write=False)
    return values


@lru_cache(maxsize=32)
def filtered(key: PictureKey, kernel: Grid, stride: int, padding: int) -> conv.FilteredImage:
    """The grey picture of `key` through the kernel (the caller has checked that the sizes fit)."""
    return conv.filter_image(grey(key), np.asarray(kernel, dtype=float), stride, padding)
