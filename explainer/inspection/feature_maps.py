"""Inside a trained CNN: its input preprocessing, every conv layer's feature maps, its filters, its prediction.

    x = model_input(pixels, recipe)                 # (1, C, H, W) tensor, normalised like the training data
    view = inspect_cnn(model, x)                    # .stages (conv -> ReLU -> pooling per layer), .probabilities
    mosaic = tile_maps(view.stages[0].maps)         # the maps of one stage as one uint8 picture
    digit = mnist_style(drawing)                    # a canvas drawing -> 28x28 like an MNIST digit

The stages replay the model's own modules in eval mode (dropout off), so the last pooled maps are
exactly what the model flattens into its first fully-connected layer (checked in the tests).
ReLU and max-pooling commute, so "ReLU then pooling" equals MnistCNN's "pooling then ReLU".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn

from explainer.data.images import to_grey, to_rgb, uint8_pixels, unit_pixels

MNIST_BOX = 20  # MNIST digits were scaled to fit 20x20, then centred by mass in 28x28
MNIST_SIDE = 28
INK_THRESHOLD = 0.1


@dataclass(frozen=True)
class Stage:
    layer: int  # 1-based conv layer number
    kind: str  # "conv" | "relu" | "pool"
    maps: np.ndarray  # (channels, H, W) float32


@dataclass(frozen=True)
class CnnView:
    stages: list[Stage]
    logits: np.ndarray  # (classes,)
    probabilities: np.ndarray  # (classes,) softmax of the logits

    @property
    def prediction(self) -> int:
        return int(np.argmax(self.probabilities))

    def layers(self) -> list[int]:
        return sorted({stage.layer for stage in self.stages})

    def stage(self, layer: int, kind: str) -> Stage:
        return next(s for s in self.stages if s.layer == layer and s.kind == kind)


def conv_layers(model: nn.Module) -> list[nn.Conv2d]:
    return [module for module in model.modules() if isinstance(module, nn.Conv2d)]


def _pooling(model: nn.Module) -> nn.Module:
    # MnistCNN pools with F.max_pool2d(x, 2) inside forward; the CIFAR models keep an nn.MaxPool2d.
    pool = getattr(model, "pool", None)
    return pool if isinstance(pool, nn.Module) else nn.MaxPool2d(2)


@torch.inference_mode()
def inspect_cnn(model: nn.Module, x: torch.Tensor) -> CnnView:
    """Feature maps of `x` (1, C, H, W) after each conv, its ReLU and its pooling; the model's softmax output."""
    was_training = model.training
    model.eval()
    try:
        pool = _pooling(model)
        stages: list[Stage] = []
        features = x
        for number, conv in enumerate(conv_layers(model), start=1):
            convolved = conv(features)
            rectified = F.relu(convolved)
            features = pool(rectified)
            for kind, value in (("conv", convolved), ("relu", rectified), ("pool", features)):
                stages.append(Stage(number, kind, value[0].float().cpu().numpy()))
        logits = model(x)[0].float()
    finally:
        model.train(was_training)
    return CnnView(stages, logits.cpu().numpy(), torch.softmax(logits, 0).cpu().numpy())


@torch.inference_mode()
def probabilities(model: nn.Module, x: torch.Tensor) -> np.ndarray:
    """Softmax outputs (N, classes) of the model in eval mode."""
    was_training = model.training
    model.eval()
    try:
        return torch.softmax(model(x).float(), 1).cpu().numpy()
    finally:
        model.train(was_training)


def first_layer_filters(model: nn.Module) -> np.ndarray:
    """The first conv layer's weights (out, in, kh, kw) as float32 numpy."""
    return conv_layers(model)[0].weight.detach().float().cpu().numpy()


def model_input(pixels: np.ndarray, normalize=None) -> torch.Tensor:
    """(C, H, W) floats in [0, 1] -> (1, C, H, W) tensor as the trainer feeds it (ToTensor, then Normalize)."""
    return _normalised(torch.as_tensor(np.asarray(pixels, dtype=np.float32))[None], normalize)


def _normalised(x: torch.Tensor, normalize) -> torch.Tensor:
    if normalize is not None:
        mean, std = (torch.tensor(v, dtype=torch.float32).view(1, -1, 1, 1) for v in normalize)
        x = (x - mean) / std
    return x


def dataset_batch(images: torch.Tensor, normalize=None) -> torch.Tensor:
    """uint8 (N, C, H, W) dataset images -> the float batch the model was trained on."""
    return _normalised(unit_pixels(images), normalize)


# -- pictures for display -----------------------------------------------------------------------------


def scale01(array: np.ndarray) -> np.ndarray:
    """Min-max scaled to [0, 1]; a constant array becomes 0."""
    array = np.asarray(array, dtype=np.float64)
    low, high = float(array.min()), float(array.max())
    return (array - low) / (high - low) if high > low else np.zeros_like(array)


def tile_maps(maps: np.ndarray, columns: int | None = None, pad: int = 1, per_map: bool = True) -> np.ndarray:
    """(N, H, W) maps -> one uint8 (rows*(H+pad)-pad, cols*(W+pad)-pad) picture, grey padding between tiles.

    `per_map` scales each map to its own range (the pattern shows); otherwise one range for all (sizes compare).
    """
    maps = np.asarray(maps, dtype=np.float64)
    count, height, width = maps.shape
    if columns is None:  # about twice as wide as high, rows as full as possible: 6 -> 3x2, 10 -> 5x2, 32 -> 8x4
        columns = int(np.ceil(count / max(1, round(np.sqrt(count / 2)))))
    rows = int(np.ceil(count / columns))
    scaled = np.stack([scale01(m) for m in maps]) if per_map else scale01(maps)
    canvas = np.full((rows * (height + pad) - pad, columns * (width + pad) - pad), 0.5)
    for index in range(count):
        row, col = divmod(index, columns)
        canvas[row * (height + pad):row * (height + pad) + height, col * (width + pad):col * (width + pad) + width] = \
            scaled[index]
    return uint8_pixels(canvas)


def filter_pictures(weights: np.ndarray) -> list[np.ndarray]:
    """One picture per filter: RGB (H, W, 3) uint8 for 3 input channels, else grey (H, W), each min-max scaled."""
    pictures = []
    for kernel in weights:
        scaled = scale01(kernel)
        if kernel.shape[0] == 3:
            pictures.append(uint8_pixels(scaled.transpose(1, 2, 0)))
        else:
            pictures.append(uint8_pixels(scaled.mean(0)))
    return pictures


def enlarge(picture: np.ndarray, factor: int) -> np.ndarray:
    """Nearest-neighbour upscaling so that small maps stay crisp on screen."""
    return np.repeat(np.repeat(picture, factor, axis=0), factor, axis=1)


def to_display(pixels: np.ndarray) -> np.ndarray:
    """(C, H, W) floats in [0, 1] -> (H, W) or (H, W, 3) uint8 for st.image."""
    pixels = np.asarray(pixels, dtype=np.float64)
    return uint8_pixels(pixels[0] if pixels.shape[0] == 1 else pixels.transpose(1, 2, 0))


# -- preprocessing of drawings and uploads ---------------------------------------------------------------


def _resize(grey: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """(H, W) floats -> (height, width) with Pillow's antialiasing filter, which MNIST's own scaling resembles."""
    width, height = size
    image = Image.fromarray(grey.astype(np.float32), mode="F").resize((width, height), Image.LANCZOS)
    return np.clip(np.asarray(image, dtype=np.float64), 0, 1)


def ink_of(pixels: np.ndarray) -> np.ndarray:
    """(C, H, W) floats, or RGBA (H, W, 4) canvas data, -> (H, W) ink in [0, 1], white on black like MNIST.

    Canvas data with a transparent background: the ink is the strokes' coverage (alpha), whatever their colour.
    Otherwise the picture's grey levels, inverted when its border is light (dark ink on paper).
    """
    pixels = np.asarray(pixels)
    if pixels.ndim == 3 and pixels.shape[-1] == 4 and pixels.shape[0] != 4:
        rgba = unit_pixels(pixels) if pixels.dtype == np.uint8 else pixels.astype(np.float64)
        alpha = rgba[..., 3]
        if (alpha < 0.5).any():
            return np.clip(alpha, 0, 1)
        pixels = rgba[..., :3].transpose(2, 0, 1)
    grey = to_grey(np.asarray(pixels, dtype=np.float64))
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    return 1.0 - grey if border.mean() > 0.5 else grey


def mnist_style(ink: np.ndarray) -> np.ndarray | None:
    """(H, W) ink (white on black) -> (1, 28, 28) like MNIST: crop to the ink, fit 20x20 keeping the aspect
    ratio, centre by mass in 28x28. None when there is no ink."""
    ink = np.clip(np.asarray(ink, dtype=np.float64), 0, 1)
    rows, cols = np.nonzero(ink > INK_THRESHOLD)
    if rows.size == 0:
        return None
    cropped = ink[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    height, width = cropped.shape
    scale = MNIST_BOX / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    digit = _resize(cropped, size)
    canvas = np.zeros((MNIST_SIDE, MNIST_SIDE))
    top, left = (MNIST_SIDE - size[1]) // 2, (MNIST_SIDE - size[0]) // 2
    canvas[top:top + size[1], left:left + size[0]] = digit
    mass = canvas.sum()
    if mass > 0:  # shift so that the centre of mass sits at the centre of the 28x28 field
        ys, xs = np.indices(canvas.shape)
        shift_y = int(round((MNIST_SIDE - 1) / 2 - (ys * canvas).sum() / mass))
        shift_x = int(round((MNIST_SIDE - 1) / 2 - (xs * canvas).sum() / mass))
        # ...but never past the border: a lopsided digit (a 7's heavy top) is not cut off.
        shift_y = min(max(shift_y, -top), MNIST_SIDE - top - size[1])
        shift_x = min(max(shift_x, -left), MNIST_SIDE - left - size[0])
        canvas = _shift(canvas, shift_y, shift_x)
    return canvas[None]


def _shift(image: np.ndarray, dy: int, dx: int) -> np.ndarray:
    shifted = np.zeros_like(image)
    height, width = image.shape
    src_y, dst_y = slice(max(0, -dy), min(height, height - dy)), slice(max(0, dy), min(height, height + dy))
    src_x, dst_x = slice(max(0, -dx), min(width, width - dx)), slice(max(0, dx), min(width, width + dx))
    shifted[dst_y, dst_x] = image[src_y, src_x]
    return shifted


def fit_square(pixels: np.ndarray, side: int) -> np.ndarray:
    """(C, H, W) -> (C, side, side): pad the shorter side with the border colour, then resize."""
    channels, height, width = pixels.shape
    extent = max(height, width)
    fill = np.median(np.concatenate([pixels[:, 0], pixels[:, -1], pixels[:, :, 0], pixels[:, :, -1]], axis=1), axis=1)
    square = np.empty((channels, extent, extent))
    square[:] = fill[:, None, None]
    top, left = (extent - height) // 2, (extent - width) // 2
    square[:, top:top + height, left:left + width] = pixels
    return np.stack([_resize(square[c], (side, side)) for c in range(channels)])


def image_for_dataset(pixels: np.ndarray, dataset: str) -> np.ndarray:
    """An uploaded picture (C, H, W) in [0, 1] prepared as the dataset's images look.

    MNIST: ink white on black, cropped and centred like MNIST. Fashion-MNIST: grey, bright object on black,
    28x28. CIFAR-10: RGB 32x32.
    """
    pixels = np.asarray(pixels, dtype=np.float64)
    if dataset == "cifar10":
        return fit_square(to_rgb(pixels), 32)
    ink = ink_of(pixels)
    if dataset == "mnist":
        digit = mnist_style(ink)
        return digit if digit is not None else np.zeros((1, MNIST_SIDE, MNIST_SIDE))
    return fit_square(ink[None], MNIST_SIDE)
