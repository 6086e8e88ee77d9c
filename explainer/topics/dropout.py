"""Dropout as the lecture teaches it: masks resampled per batch, the two scaling conventions, Dropout2d.

Naming: here `p` is always the *drop* probability, as in the lecture ("the ratio of nodes dropped", its code
`nn.Dropout(p=0.2)`) and in PyTorch (`nn.Dropout(p)`); the original paper (Srivastava et al., 2014) calls the
*keep* probability p, which is `keep = 1 - p` in this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import torch
import torch.nn.functional as F

from explainer.i18n import t
from explainer.topics.convolution import NAMED_FILTERS

DEFAULT_LAYER_SIZES = (6, 8, 8, 4)


def _check_p(p: float) -> float:
    if not 0.0 <= p < 1.0:
        raise ValueError(f"dropout probability p must be in [0, 1), got {p}")
    return float(p)


def droppable_layers(layer_sizes: tuple[int, ...], drop_input: bool = False) -> list[bool]:
    """Which layers dropout touches: the hidden layers, plus the input if asked; never the output.

    This mirrors the lecture's `nn.Dropout` after each hidden ReLU; the paper also dropped input
    pixels (with a higher keep probability), which `drop_input` shows.
    """
    last = len(layer_sizes) - 1
    return [(index == 0 and drop_input) or 0 < index < last for index in range(len(layer_sizes))]


def sample_masks(layer_sizes: tuple[int, ...], p: float, step: int, seed: int,
                 drop_input: bool = False) -> list[np.ndarray]:
    """One boolean keep-mask per layer for batch number `step` (True = unit kept).

    The same (seed, step) always gives the same masks, and each step draws new ones, as a new
    mini-batch does in training. Layers dropout does not touch are all True.
    """
    p = _check_p(p)
    rng = np.random.default_rng([int(seed), int(step)])
    masks = []
    for size, droppable in zip(layer_sizes, droppable_layers(layer_sizes, drop_input), strict=True):
        draws = rng.random(size)  # drawn for every layer so a layer's mask does not depend on drop_input
        masks.append(draws >= p if droppable else np.ones(size, dtype=bool))
    return masks


@dataclass(frozen=True)
class KeptCount:
    kept: int
    droppable: int
    expected: float  # (1 - p) * droppable


def kept_count(masks: list[np.ndarray], layer_sizes: tuple[int, ...], p: float,
               drop_input: bool = False) -> KeptCount:
    flags = droppable_layers(layer_sizes, drop_input)
    droppable = sum(size for size, flag in zip(layer_sizes, flags, strict=True) if flag)
    kept = sum(int(mask.sum()) for mask, flag in zip(masks, flags, strict=True) if flag)
    return KeptCount(kept=kept, droppable=droppable, expected=(1.0 - p) * droppable)


MEAN_KEPT_WINDOW = 200  # batches averaged at most, so a long "play" stays cheap


def kept_history(layer_sizes: tuple[int, ...], p: float, step: int, seed: int,
                 drop_input: bool = False) -> tuple[int, list[int]]:
    """(first, kept counts of batches first..step), at most MEAN_KEPT_WINDOW of them."""
    first = max(1, int(step) - MEAN_KEPT_WINDOW + 1)
    counts = [kept_count(sample_masks(layer_sizes, p, s, seed, drop_input), layer_sizes, p, drop_input).kept
              for s in range(first, int(step) + 1)]
    return first, counts


def mean_kept(layer_sizes: tuple[int, ...], p: float, step: int, seed: int,
              drop_input: bool = False) -> tuple[float, int]:
    """(average kept count over batches first..step, first): the law of large numbers at work."""
    first, counts = kept_history(layer_sizes, p, step, seed, drop_input)
    return float(np.mean(counts)), first


def mask_matrix(masks: list[np.ndarray]) -> np.ndarray:
    """Masks stacked as a (layers, widest layer) float matrix: 1 kept, 0 dropped, NaN where no unit exists."""
    width = max(len(mask) for mask in masks)
    matrix = np.full((len(masks), width), np.nan)
    for row, mask in enumerate(masks):
        matrix[row, : len(mask)] = mask.astype(float)
    return matrix


def batch_masks(batch_size: int, units: int, p: float, step: int, seed: int) -> np.ndarray:
    """The keep-masks `nn.Dropout` draws for one layer over a mini-batch: a fresh row per example."""
    return torch_keep_mask((batch_size, units), p, int(seed) * 100_003 + int(step)).numpy()


# --- scaling -------------------------------------------------------------------------------------


def inverted_dropout(x: torch.Tensor, p: float, keep_mask: torch.Tensor, training: bool) -> torch.Tensor:
    """PyTorch's convention: in training kept units are scaled by 1/(1-p); in evaluation, identity."""
    p = _check_p(p)
    if not training:
        return x
    return x * keep_mask.to(x.dtype) / (1.0 - p)


def classic_dropout(x: torch.Tensor, p: float, keep_mask: torch.Tensor, training: bool) -> torch.Tensor:
    """The lecture's (paper's) convention: training drops without rescaling; at test time everything
    is multiplied by the keep probability 1 - p (the paper's p), i.e. the outgoing weights are."""
    p = _check_p(p)
    if not training:
        return x * (1.0 - p)
    return x * keep_mask.to(x.dtype)


def _keep_draw(shape: tuple[int, ...], p: float, generator: torch.Generator,
               dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """The keep-mask (bool) that `nn.Dropout(p)` in training draws for an input of `shape` and `dtype`.

    PyTorch's CPU dropout fills a tensor of the input's shape and dtype with Bernoulli(1 - p) draws from the
    generator (ATen's `_dropout_impl`; Dropout2d the same on (N, C, 1, 1)); a fresh `torch.Generator` seeded with
    s is in the state `torch.manual_seed(s)` puts the global one in. Drawn from a generator of our own, so that
    a training job or another session drawing from torch's global generator in another thread at the same
    moment cannot change the mask a page shows. tests/test_dropout.py checks each draw against nn.Dropout."""
    if p == 0.0:  # nn.Dropout(0) returns its input without drawing
        return torch.ones(shape, dtype=torch.bool)
    return torch.empty(shape, dtype=dtype).bernoulli_(1.0 - p, generator=generator) != 0


def _generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(int(seed))


def torch_keep_mask(shape: tuple[int, ...], p: float, seed: int) -> torch.Tensor:
    """The keep-mask a real `nn.Dropout(p)` draws in training after `torch.manual_seed(seed)` (see _keep_draw)."""
    p = _check_p(p)
    return _keep_draw(tuple(shape), p, _generator(seed))


@dataclass(frozen=True)
class ScalingExample:
    """One activation `a` through both conventions, with the expectations they preserve."""

    activation: float
    p: float
    keep: float
    inverted_kept: float  # training output of a kept unit, PyTorch
    inverted_train_mean: float  # E[training output] = a
    inverted_eval: float  # evaluation output = a
    classic_kept: float  # training output of a kept unit, lecture
    classic_train_mean: float  # E[training output] = (1-p) a
    classic_test: float  # test output = (1-p) a
    samples: int
    inverted_sampled_mean: float  # mean of real nn.Dropout outputs over `samples` draws
    classic_sampled_mean: float  # mean of classic outputs over the same masks
    sampled_kept_fraction: float


def scaling_example(activation: float, p: float, samples: int = 10_000, seed: int = 0) -> ScalingExample:
    p = _check_p(p)
    keep = 1.0 - p
    x = torch.full((samples,), float(activation), dtype=torch.float64)
    mask = torch_keep_mask((samples,), p, seed)
    kept64 = _keep_draw((samples,), p, _generator(seed), torch.float64)  # nn.Dropout on float64 ones
    sampled_inverted = kept64.to(torch.float64) / keep * activation
    sampled_classic = classic_dropout(x, p, mask, training=True)
    return ScalingExample(
        activation=float(activation), p=p, keep=keep,
        inverted_kept=activation / keep, inverted_train_mean=keep * activation / keep, inverted_eval=float(activation),
        classic_kept=float(activation), classic_train_mean=keep * activation, classic_test=keep * activation,
        samples=samples,
        inverted_sampled_mean=float(sampled_inverted.mean()),
        classic_sampled_mean=float(sampled_classic.mean()),
        sampled_kept_fraction=float(mask.double().mean()),
    )


@dataclass(frozen=True)
class VectorExample:
    """A small activation vector through one real nn.Dropout mask, in both conventions."""

    x: np.ndarray
    keep_mask: np.ndarray
    inverted_train: np.ndarray
    inverted_eval: np.ndarray
    classic_train: np.ndarray
    classic_test: np.ndarray


def vector_example(x: list[float] | np.ndarray, p: float, seed: int) -> VectorExample:
    values = torch.as_tensor(np.asarray(x, dtype=np.float32))
    mask = torch_keep_mask(tuple(values.shape), p, seed)
    return VectorExample(
        x=values.numpy(),
        keep_mask=mask.numpy(),
        inverted_train=inverted_dropout(values, p, mask, training=True).numpy(),
        inverted_eval=inverted_dropout(values, p, mask, training=False).numpy(),
        classic_train=classic_dropout(values, p, mask, training=True).numpy(),
        classic_test=classic_dropout(values, p, mask, training=False).numpy(),
    )


# --- Dropout2d on feature maps --------------------------------------------------------------------

# Fixed 3x3 filters so the 8 feature maps are recognisable (edges, blur, ...) without training.
FEATURE_KERNELS: dict[str, np.ndarray] = {
    name: NAMED_FILTERS[name]
    for name in ("identity", "blur", "sobel_x", "sobel_y", "diagonal", "anti_diagonal", "laplacian", "sharpen")}


def synthetic_image(size: int = 28) -> np.ndarray:
    """A grey (size, size) image in [0, 1] with a ring, a bar and a diagonal, so every filter finds something."""
    coords = np.arange(size, dtype=np.float32)
    yy, xx = np.meshgrid(coords, coords, indexing="ij")
    centre = size * 0.36
    radius = np.hypot(yy - centre, xx - centre)
    image = ((radius > size * 0.14) & (radius < size * 0.25)).astype(np.float32)
    image[int(size * 0.62): int(size * 0.86), int(size * 0.55): int(size * 0.68)] = 1.0  # vertical bar
    band = np.abs((yy - size * 0.55) - (xx - size * 0.05) * 0.45) < 1.0
    image = np.maximum(image, band.astype(np.float32) * 0.7 * (xx < size * 0.5))
    return image


def fashion_image(index: int) -> tuple[np.ndarray, int] | None:
    """Fashion-MNIST test image `index` of the pickers' order (explainer.data.images.dataset_image) as (H, W) floats
    in [0, 1] with its label, or None without the dataset."""
    from explainer.data.datasets import DatasetUnavailable
    from explainer.data.images import dataset_image

    try:
        pixels, label = dataset_image("fashion_mnist", index)
    except DatasetUnavailable:
        return None
    return pixels[0], label


def fixed_filter_maps(image: np.ndarray) -> torch.Tensor:
    """The image through one fixed Conv2d(1, 8, 3, padding=1) with FEATURE_KERNELS (not a trained CNN's maps,
    which are explainer.inspection.feature_maps'): shape (1, 8, H, W)."""
    weights = torch.tensor(np.stack(list(FEATURE_KERNELS.values())), dtype=torch.float32).unsqueeze(1)
    pixels = torch.as_tensor(np.asarray(image, dtype=np.float32)).reshape(1, 1, *np.shape(image))
    return F.conv2d(pixels, weights, padding=1)


@dataclass(frozen=True)
class ChannelDropout:
    maps: np.ndarray  # (C, H, W) before dropout
    dropout2d: np.ndarray  # after nn.Dropout2d(p) in training: whole channels zero, the rest x 1/(1-p)
    dropout: np.ndarray  # after plain nn.Dropout(p): single pixels zero, for contrast
    channel_kept: np.ndarray  # (C,) bool
    p: float


def channel_dropout(maps: torch.Tensor, p: float, seed: int) -> ChannelDropout:
    """Real nn.Dropout2d and nn.Dropout on the same (1, C, H, W) maps, seeded."""
    p = _check_p(p)
    generator = _generator(seed)  # one stream, drawn in this order: as Dropout2d then Dropout after manual_seed
    channels = _keep_draw(tuple(maps.shape[:2]) + (1,) * (maps.dim() - 2), p, generator, maps.dtype)
    pixels = _keep_draw(tuple(maps.shape), p, generator, maps.dtype)
    by_channel = maps * (channels.to(maps.dtype) / (1.0 - p))  # ATen: noise / (1 - p), then input * noise
    by_pixel = maps * (pixels.to(maps.dtype) / (1.0 - p))
    # A channel is off when its output is zero everywhere while its input was not.
    was_zero = ~(maps != 0).flatten(2).any(dim=2)[0]
    kept = (by_channel != 0).flatten(2).any(dim=2)[0] | was_zero
    return ChannelDropout(maps=maps[0].numpy(), dropout2d=by_channel[0].numpy(), dropout=by_pixel[0].numpy(),
                          channel_kept=kept.numpy(), p=p)


# --- code shown beside the widgets ------------------------------------------------------------------


def _comment(key: str, lang: str, **values) -> str:
    return t(f"code.dropout.{key}", lang, **values)


def pytorch_code(p: float, activation: float, seed: int, lang: str = "en") -> str:
    """The lecture's dropout code with the page's current settings; it runs as shown. Comments in `lang`."""
    keep = 1.0 - p
    scaled = f"{activation / keep:g}"
    return f'''import torch
from torch import nn

torch.manual_seed({seed})
drop = nn.Dropout(p={p:g})  # {_comment('p_is_drop', lang, keep=f'{keep:g}')}
x = torch.full((8,), {float(activation)!r})

drop.train()  # {_comment('train_mode', lang)}
print(drop(x))  # {_comment('kept_scaled', lang, activation=f'{activation:g}', p=f'{p:g}', scaled=scaled)}

drop.eval()  # {_comment('eval_mode', lang)}
print(drop(x))  # {_comment('eval_output', lang, activation=f'{activation:g}')}

# {_comment('lecture_mlp', lang)}
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256), nn.ReLU(), nn.Dropout({p:g}),
    nn.Linear(256, 128), nn.ReLU(), nn.Dropout({p:g}),
    nn.Linear(128, 10),
)
model.train()  # {_comment('before_training', lang)}
model.eval()  # {_comment('before_testing', lang)}

# {_comment('dropout2d_channels', lang)}
drop2d = nn.Dropout2d(p={p:g})
maps = torch.randn(1, 8, 28, 28)
print(drop2d(maps).flatten(2).abs().sum(dim=2))  # {_comment('zero_rows', lang)}
'''


def masks_code(p: float, seed: int, units: int = 8, lang: str = "en") -> str:
    """A fresh mask on every call of nn.Dropout in training mode: one call = one batch. Comments in `lang`."""
    return f'''import torch
from torch import nn

torch.manual_seed({seed})
drop = nn.Dropout(p={p:g}).train()  # {_comment('p_unit', lang)}
hidden = torch.ones(1, {units})  # {_comment('one_example', lang, units=units)}
for batch in range(1, 4):
    mask = (drop(hidden) != 0).int()  # {_comment('mask_per_call', lang)}
    print(f"batch {{batch}}:", mask.tolist(), "kept", int(mask.sum()), "of {units}")
print("expected kept per batch:", (1 - {p:g}) * {units})
'''


def dropout2d_code(p: float, seed: int, lang: str = "en") -> str:
    """The Dropout2d demonstration with the page's fixed filters and settings. Comments in `lang`."""
    def row(values) -> str:
        return "[" + ", ".join(str(Fraction(v).limit_denominator(9)) for v in values) + "]"

    kernels = "\n    ".join(f"[{', '.join(row(r) for r in kernel)}],  # {t(f'dropout.kernel.{name}', lang)}"
                               for name, kernel in FEATURE_KERNELS.items())
    return f'''import torch
import torch.nn.functional as F
from torch import nn

kernels = torch.tensor([
    {kernels}
], dtype=torch.float32).unsqueeze(1)  # {_comment('fixed_conv', lang)}

image = torch.rand(1, 1, 28, 28)  # {_comment('or_fashion', lang)}
maps = F.conv2d(image, kernels, padding=1)  # {_comment('eight_maps', lang)}

torch.manual_seed({seed})
drop2d = nn.Dropout2d(p={p:g}).train()
out = drop2d(maps)
kept = out.flatten(2).abs().sum(dim=2)[0] != 0  # {_comment('survivors', lang)}
print("channels kept:", kept.int().tolist())
print("survivors scaled by", 1 / (1 - {p:g}))  # {_comment('survivors_scaled', lang)}
'''
