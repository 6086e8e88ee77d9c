"""Images for the convolution pages: checked uploads, dataset samples and built-in synthetic pictures.

Every image leaves this module as float64 in [0, 1], shaped (C, H, W) like a PyTorch tensor.
Uploads are checked before any pixel is decoded: byte size first, then the header's dimensions,
and Pillow's decompression-bomb guard is turned from a warning into an error.
"""

from __future__ import annotations

import io
import threading
import warnings
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, UnidentifiedImageError

from explainer.i18n import t

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_SIDE = 4096
MAX_PIXELS = MAX_SIDE * MAX_SIDE
# MPO: the multi-picture JPEG of phones and stereo cameras (a JPEG whose first frame is the photo): its first
# frame is what any viewer shows, and what is decoded here.
ALLOWED_FORMATS = ("PNG", "JPEG", "MPO")
GREY_WEIGHTS = np.array([0.299, 0.587, 0.114])  # ITU-R 601 luma, what PIL's convert("L") uses
PIXEL_MAX = 255  # the brightest uint8 pixel: ToTensor divides by it


def unit_pixels(images):
    """uint8 pixels -> floats in [0, 1], as torchvision's ToTensor scales them: a NumPy array becomes float64, a
    torch tensor float32 (torch divides a uint8 tensor in float32, the same numbers as `.float() / 255`)."""
    return images / PIXEL_MAX


def uint8_pixels(unit) -> np.ndarray:
    """Floats in [0, 1] (clipped) -> uint8 pixels for display, rounded to the nearest level."""
    return (np.clip(np.asarray(unit, dtype=np.float64), 0, 1) * PIXEL_MAX).round().astype(np.uint8)


class ImageRejected(ValueError):
    """An upload this app refuses; `key`/`values` give the translated reason."""

    def __init__(self, key: str, **values) -> None:
        super().__init__(t(key, "en", **values))
        self.key = key
        self.values = values

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.values)


@dataclass(frozen=True)
class LoadedImage:
    pixels: np.ndarray  # (C, H, W) float in [0, 1]; C is 1 (grey) or 3 (RGB; alpha composited on white)
    source_format: str  # "PNG", "JPEG", or "synthetic"/dataset name
    source_mode: str  # Pillow mode of the original (L, RGB, RGBA, P, ...)
    original_size: tuple[int, int] = field(default=(0, 0))  # (width, height) before any downscaling

    @property
    def is_colour(self) -> bool:
        return self.pixels.shape[0] == 3


def _to_array(image: Image.Image) -> np.ndarray:
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    if image.mode in ("1", "L", "I", "I;16", "F", "LA"):
        grey = np.asarray(image.convert("F"), dtype=np.float64)
        top = 65535.0 if image.mode.startswith("I") and grey.max() > PIXEL_MAX else PIXEL_MAX
        return np.clip(grey / top, 0, 1)[None]
    rgb = unit_pixels(np.asarray(image.convert("RGB"), dtype=np.uint8))
    return rgb.transpose(2, 0, 1)


DECODE_SIDE = 1024  # pages show and filter far smaller images; float64 at 4096x4096x3 would cost ~400 MB


def load_upload(data: bytes, max_side: int = MAX_SIDE, max_bytes: int = MAX_UPLOAD_BYTES,
                decode_side: int = DECODE_SIDE) -> LoadedImage:
    """Decode an uploaded PNG/JPEG after checking it; raises ImageRejected with a readable reason.

    Large images are shrunk to `decode_side` in Pillow's own 8-bit buffers before the float conversion,
    so a class uploading 4096x4096 pictures at once does not exhaust the server's memory.
    """
    if data is None or len(data) == 0:
        raise ImageRejected("images.err.empty")
    if len(data) > max_bytes:
        raise ImageRejected("images.err.too_many_bytes", size_mb=f"{len(data) / 2**20:.1f}",
                            limit_mb=f"{max_bytes / 2**20:.0f}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))  # reads the header only
            if image.format not in ALLOWED_FORMATS:
                raise ImageRejected("images.err.format", found=image.format or "?")
            if image.format == "MPO":
                image.seek(0)
            width, height = image.size
            if width > max_side or height > max_side or width * height > MAX_PIXELS:
                raise ImageRejected("images.err.too_large", width=width, height=height, limit=max_side)
            image.load()
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected("images.err.bomb") from None
    except UnidentifiedImageError:
        raise ImageRejected("images.err.not_image") from None
    except (OSError, SyntaxError, ValueError) as err:  # truncated or corrupt data inside a valid header
        raise ImageRejected("images.err.truncated", why=str(err)[:120]) from None
    source_format, source_mode = image.format, image.mode
    if source_format == "MPO":  # Pillow keeps the other frames attached; work on the first frame alone
        image = image.copy()
    if max(width, height) > decode_side:
        if image.mode in ("P", "1"):
            image = image.convert("RGBA" if image.mode == "P" else "L")
        image.thumbnail((decode_side, decode_side), Image.BOX)
    return LoadedImage(_to_array(image), source_format, source_mode, (width, height))


def to_grey(pixels: np.ndarray) -> np.ndarray:
    """(C, H, W) -> (H, W) luminance."""
    pixels = np.asarray(pixels, dtype=np.float64)
    if pixels.shape[0] == 1:
        return pixels[0]
    return np.tensordot(GREY_WEIGHTS, pixels[:3], axes=1)


def to_rgb(pixels: np.ndarray) -> np.ndarray:
    """(C, H, W) -> (3, H, W); a grey image repeats its one channel."""
    pixels = np.asarray(pixels, dtype=np.float64)
    return np.repeat(pixels, 3, axis=0) if pixels.shape[0] == 1 else pixels[:3]


def fit_within(pixels: np.ndarray, max_side: int) -> np.ndarray:
    """Downscale (C, H, W) so its longer side is at most `max_side` (area averaging); smaller ones are kept."""
    channels, height, width = pixels.shape
    scale = max_side / max(height, width)
    if scale >= 1:
        return pixels
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    resized = [np.asarray(Image.fromarray(pixels[c].astype(np.float32), mode="F").resize(size, Image.BOX))
               for c in range(channels)]
    return np.clip(np.stack(resized).astype(np.float64), 0, 1)


# --- built-in pictures, so the pages work without any dataset ------------------------------------------

SYNTHETIC_SAMPLES = ("digit", "shapes", "checkerboard", "colour_scene")


def _draw(size: int, painter, mode: str = "L") -> np.ndarray:
    canvas = Image.new(mode, (size, size), 0)
    painter(ImageDraw.Draw(canvas), size)
    return _to_array(canvas)


def synthetic_image(name: str) -> np.ndarray:
    """Small pictures drawn in code: a handwritten-looking 7 (28x28, white on black like MNIST),
    geometric shapes with straight and round edges, a checkerboard, and a colour scene (3x32x32)."""
    if name == "digit":
        def seven(draw, s):
            draw.line([(7, 6), (21, 6)], fill=255, width=3)
            draw.line([(21, 6), (12, 23)], fill=255, width=3)
            draw.line([(11, 14), (19, 14)], fill=200, width=2)
        return _draw(28, seven)
    if name == "shapes":
        def shapes(draw, s):
            draw.rectangle([6, 8, 26, 28], fill=255)
            draw.ellipse([34, 8, 58, 32], fill=180)
            draw.polygon([(10, 58), (30, 36), (50, 58)], fill=120)
            draw.line([(36, 44), (60, 60)], fill=255, width=3)
        return _draw(64, shapes)
    if name == "checkerboard":
        cells = (np.indices((32, 32)) // 8).sum(axis=0) % 2
        return cells.astype(np.float64)[None]
    if name == "colour_scene":
        def scene(draw, s):
            draw.rectangle([0, 0, s, 20], fill=(90, 160, 235))  # sky
            draw.rectangle([0, 21, s, s], fill=(60, 170, 70))  # grass
            draw.ellipse([22, 3, 30, 11], fill=(250, 220, 40))  # sun
            draw.rectangle([5, 14, 17, 26], fill=(230, 230, 220))  # house
            draw.polygon([(3, 14), (11, 6), (19, 14)], fill=(200, 40, 40))  # red roof
        return _draw(32, scene, mode="RGB")
    raise KeyError(f"unknown synthetic image {name!r}; known: {', '.join(SYNTHETIC_SAMPLES)}")


IMAGE_SOURCES = SYNTHETIC_SAMPLES + ("mnist", "fashion_mnist", "cifar10", "upload")


@dataclass(frozen=True)
class PictureKeys:
    """Session keys of the one picture (and its filter) that the convolution page filters and the pooling page
    pools: a choice both pages share, like the language, so its keys belong to neither page."""

    source: str = "picture.source"
    index: str = "picture.index"
    upload_bytes: str = "picture.upload_bytes"
    upload_name: str = "picture.upload_name"
    kernel_prefix: str = "picture"  # the kernel picker's "<prefix>.kernel" and "<prefix>.custom"
    kernel: str = "picture.kernel"
    custom: str = "picture.custom"
    padding: str = "picture.padding"
    stride: str = "picture.stride"


PICTURE = PictureKeys()
WORKING_SIDE = 160  # bigger uploads are shrunk to this before filtering: the page stays quick and readable


def resolve_image(source: str, index: int = 0, upload: bytes | None = None,
                  max_side: int = WORKING_SIDE) -> tuple[np.ndarray, int | None]:
    """Pixels (C, H, W) in [0, 1] for a source of the image pickers, and the dataset label if any.

    Raises explainer.data.datasets.DatasetUnavailable for a missing dataset, ImageRejected for a bad upload.
    """
    if source in SYNTHETIC_SAMPLES:
        return synthetic_image(source), None
    if source == "upload":
        if upload is None:  # b"" is an upload too: a 0-byte file, which load_upload calls empty
            raise ImageRejected("images.err.no_upload")
        return fit_within(load_upload(upload).pixels, max_side), None
    if source in ("mnist", "fashion_mnist", "cifar10"):
        return dataset_image(source, index)
    raise KeyError(f"unknown image source {source!r}; known: {', '.join(IMAGE_SOURCES)}")


_PICKER_ORDERS_KEEP = 4  # datasets whose order is kept (the data module keeps about as many loaded)
_picker_orders: OrderedDict[int, tuple[object, np.ndarray]] = OrderedDict()
_picker_orders_lock = threading.Lock()


def picker_order(split) -> np.ndarray:
    """The order an image picker walks a loaded split in: explainer.data.samples.balanced_indices, classes taking turns,
    the same for any file order (CIFAR-10 as class folders lists 1,000 airplanes first). It hashes every image,
    so it is computed once per loaded split (the data module hands out the same object again)."""
    from explainer.data.samples import balanced_indices

    with _picker_orders_lock:
        known = _picker_orders.get(id(split.images))
        if known is not None and known[0] is split.images:
            _picker_orders.move_to_end(id(split.images))
            return known[1]
        order = balanced_indices(split.images, split.labels)
        _picker_orders[id(split.images)] = (split.images, order)  # the tensor kept too: its id stays its own
        while len(_picker_orders) > _PICKER_ORDERS_KEEP:
            _picker_orders.popitem(last=False)
        return order


def dataset_image(dataset: str, index: int) -> tuple[np.ndarray, int]:
    """Image `index` of the test split of MNIST / Fashion-MNIST / CIFAR-10 in the picker's balanced order
    (`picker_order`: index 0-9 are ten different classes) as (C, H, W) floats, and its label.

    Raises explainer.data.datasets.DatasetUnavailable when the data is not there.
    """
    from explainer.data.datasets import load_dataset

    data = load_dataset(dataset, "test")
    stored = int(picker_order(data)[int(index) % len(data.labels)])
    pixels = unit_pixels(data.images[stored].numpy())
    return pixels, int(data.labels[stored])


def label_name(dataset: str, label: int, lang: str) -> str:
    """'7', 'Ankle boot' / '앵클부츠', 'cat' / '고양이': the class name in `lang` when the data module has one."""
    try:
        from explainer.data.datasets import class_names

        return str(class_names(dataset, lang)[label])
    except Exception:  # a missing translation must not hide the image
        return str(label)


def dataset_size(dataset: str) -> int:
    from explainer.data.datasets import load_dataset

    return len(load_dataset(dataset, "test").labels)


def unavailable_text(err: Exception, lang: str) -> str:
    """The data module's translated 'dataset not available' message, or the error text."""
    try:
        from explainer.data.datasets import unavailable_message
    except ImportError:
        return str(err)
    try:
        return unavailable_message(err, lang)
    except Exception:  # a message helper must never take the page down with it
        return str(err)
