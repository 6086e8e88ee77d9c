"""Upload validation and image preparation."""

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from explainer.data.images import (
    DECODE_SIDE,
    MAX_UPLOAD_BYTES,
    SYNTHETIC_SAMPLES,
    ImageRejected,
    fit_within,
    load_upload,
    synthetic_image,
    to_grey,
    to_rgb,
    unavailable_text,
)
from explainer.i18n import CATALOGUE
from tests.datagen import data_env, write_cifar_jpeg_tree


def encode(image, fmt="PNG", **kwargs):
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def png_with_header(width, height, bit_depth=1, colour_type=0):
    """A valid PNG whose IHDR declares any size; the IDAT holds all-zero rows, highly compressible."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + b"\x00" * ((width * bit_depth + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def rejected_key(data):
    with pytest.raises(ImageRejected) as info:
        load_upload(data)
    assert info.value.message("ko") and info.value.message("en") and str(info.value)
    return info.value.key


def test_every_error_key_is_translated():
    keys = {"images.err.empty", "images.err.too_many_bytes", "images.err.format", "images.err.too_large",
            "images.err.bomb", "images.err.not_image", "images.err.truncated"}
    assert keys <= set(CATALOGUE)


def test_decompression_bomb_is_refused_without_decoding():
    bomb = png_with_header(20000, 20000)
    assert len(bomb) < 100_000  # tiny file, 400 megapixels declared
    assert rejected_key(bomb) == "images.err.bomb"


def test_too_many_pixels_but_not_a_bomb():
    assert rejected_key(png_with_header(5000, 10)) == "images.err.too_large"
    assert rejected_key(png_with_header(10, 4097)) == "images.err.too_large"


def test_largest_allowed_side_is_decoded_and_shrunk_to_the_working_size():
    loaded = load_upload(png_with_header(4096, 2))
    assert loaded.pixels.shape == (1, 1, DECODE_SIDE) and loaded.original_size == (4096, 2)


def test_a_large_upload_does_not_cost_hundreds_of_megabytes():
    import tracemalloc

    big = encode(Image.new("RGBA", (4096, 4096), (10, 200, 30, 255)))
    tracemalloc.start()
    loaded = load_upload(big)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert loaded.pixels.shape == (3, DECODE_SIDE, DECODE_SIDE)
    np.testing.assert_allclose(loaded.pixels[:, 0, 0], [10 / 255, 200 / 255, 30 / 255])
    assert peak < 120 * 2**20, f"peak {peak / 2**20:.0f} MB"


def test_truncated_png_and_jpeg():
    png = encode(Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64, 3), dtype=np.uint8)))
    assert rejected_key(png[: len(png) // 2]) == "images.err.truncated"
    jpeg = encode(Image.fromarray(np.random.default_rng(1).integers(0, 255, (64, 64), dtype=np.uint8)), "JPEG")
    assert rejected_key(jpeg[: len(jpeg) // 3]) == "images.err.truncated"


def test_text_renamed_png_empty_and_oversized_bytes():
    assert rejected_key(b"hello, this is not a picture\n" * 10) == "images.err.not_image"
    assert rejected_key(b"") == "images.err.empty"
    assert rejected_key(b"\x89PNG" + b"\x00" * MAX_UPLOAD_BYTES) == "images.err.too_many_bytes"


def test_other_formats_are_refused():
    assert rejected_key(encode(Image.new("RGB", (8, 8)), "GIF")) == "images.err.format"
    assert rejected_key(encode(Image.new("RGB", (8, 8)), "BMP")) == "images.err.format"


@pytest.mark.parametrize("mode,fmt,channels", [
    ("L", "PNG", 1), ("RGB", "PNG", 3), ("RGBA", "PNG", 3), ("P", "PNG", 3), ("RGB", "JPEG", 3), ("L", "JPEG", 1),
    ("1", "PNG", 1), ("I;16", "PNG", 1),
])
def test_valid_images_become_float_arrays(mode, fmt, channels):
    rgb = np.zeros((12, 10, 3), dtype=np.uint8)
    rgb[:, 5:] = (255, 0, 0)
    image = Image.fromarray(rgb).convert(mode) if mode != "I;16" else Image.fromarray(
        (np.arange(120).reshape(12, 10) * 500).astype(np.uint16))
    loaded = load_upload(encode(image, fmt))
    assert loaded.pixels.shape == (channels, 12, 10)
    assert loaded.pixels.dtype == np.float64
    assert 0 <= loaded.pixels.min() and loaded.pixels.max() <= 1
    assert loaded.source_format == fmt and loaded.source_mode == image.mode
    if channels == 3 and fmt == "PNG" and mode in ("RGB", "RGBA"):
        assert loaded.pixels[:, 0, 9].tolist() == [1.0, 0.0, 0.0]
        assert loaded.pixels[:, 0, 0].tolist() == [0.0, 0.0, 0.0]


def test_transparency_is_composited_on_white():
    image = Image.new("RGBA", (4, 4), (0, 0, 0, 0))
    loaded = load_upload(encode(image))
    assert np.allclose(loaded.pixels, 1.0)


def test_grey_rgb_and_downscaling():
    rgb = np.zeros((3, 4, 4))
    rgb[1] = 1.0
    assert np.allclose(to_grey(rgb), 0.587)
    assert to_rgb(np.ones((1, 4, 4))).shape == (3, 4, 4)
    big = np.random.default_rng(0).random((1, 300, 150))
    small = fit_within(big, 100)
    assert small.shape == (1, 100, 50) and 0 <= small.min() and small.max() <= 1
    assert abs(small.mean() - big.mean()) < 0.01
    assert fit_within(big, 500) is big


@pytest.mark.parametrize("name", SYNTHETIC_SAMPLES)
def test_synthetic_samples_have_edges(name):
    pixels = synthetic_image(name)
    assert pixels.ndim == 3 and pixels.shape[0] in (1, 3)
    assert 0 <= pixels.min() and pixels.max() <= 1 and pixels.std() > 0.1
    assert (pixels.shape[0] == 3) == (name == "colour_scene")


def test_unknown_synthetic_name():
    with pytest.raises(KeyError):
        synthetic_image("cat")


def test_unavailable_text_never_raises():
    assert "boom" in unavailable_text(RuntimeError("boom"), "en") or unavailable_text(RuntimeError("boom"), "en")


def test_dataset_images_come_from_the_data_module(monkeypatch, tmp_path):
    from explainer.data import datasets as data
    from explainer.data.images import label_name, picker_order, resolve_image
    from tests.datagen import data_env, write_tiny_datasets

    with data_env(monkeypatch, write_tiny_datasets(tmp_path)):
        for name, shape in (("mnist", (1, 28, 28)), ("fashion_mnist", (1, 28, 28)), ("cifar10", (3, 32, 32))):
            pixels, label = resolve_image(name, 3)
            expected = data.load_dataset(name, "test")
            stored = picker_order(expected)[3]  # the picker's 4th image, wherever the files keep it
            assert pixels.shape == shape and 0 <= pixels.min() and pixels.max() <= 1
            np.testing.assert_allclose(pixels * 255, expected.images[stored].numpy())
            assert label == int(expected.labels[stored])
            assert label_name(name, label, "en") == data.class_names(name, "en")[label]
            assert resolve_image(name, len(expected.labels) + 3)[1] == label  # numbers wrap around


def _first_pictures(monkeypatch, folder, count=10):
    from explainer.data import datasets as data
    from explainer.data.images import resolve_image

    with data_env(monkeypatch, folder, cache_dir=folder / "cache"):
        stored_labels = data.load_dataset("cifar10", "test").labels[:count].tolist()
        return [resolve_image("cifar10", index) for index in range(count)], stored_labels


def test_the_cifar_picker_walks_a_balanced_order_that_ignores_file_order(monkeypatch, tmp_path):
    """CIFAR-10 as JPEG class folders lists every airplane first: picture 0-9 must still be ten classes, and
    the same pictures for a copy whose files are numbered in another order."""
    write_cifar_jpeg_tree(tmp_path / "a" / "cifar10-jpeg")
    write_cifar_jpeg_tree(tmp_path / "b" / "cifar10-jpeg", shuffle_seed=5)
    first, stored_a = _first_pictures(monkeypatch, tmp_path / "a")
    shuffled, _ = _first_pictures(monkeypatch, tmp_path / "b")
    assert stored_a[:3] == [0, 0, 0]  # the files: airplanes first
    assert sorted(label for _, label in first) == list(range(10))
    for (pixels, label), (other_pixels, other_label) in zip(first, shuffled, strict=True):
        assert label == other_label
        np.testing.assert_array_equal(pixels, other_pixels)
    # Picture 10 starts the second round of the ten classes.
    with data_env(monkeypatch, tmp_path / "a", cache_dir=tmp_path / "a" / "cache"):
        from explainer.data.images import resolve_image

        assert sorted(resolve_image("cifar10", index)[1] for index in range(10, 20)) == list(range(10))


def test_the_picker_order_is_computed_once_per_loaded_dataset(monkeypatch, tmp_path):
    from explainer.data import samples
    from explainer.data.images import resolve_image

    calls = []
    real = samples.balanced_indices
    monkeypatch.setattr(samples, "balanced_indices", lambda *a, **k: calls.append(1) or real(*a, **k))
    write_cifar_jpeg_tree(tmp_path / "cifar10-jpeg", per_class=1)
    with data_env(monkeypatch, tmp_path, cache_dir=tmp_path / "cache"):
        for index in range(5):
            resolve_image("cifar10", index)
    assert len(calls) == 1


def test_missing_dataset_raises_the_data_modules_error():
    from explainer.data.datasets import DatasetUnavailable
    from explainer.data.images import resolve_image

    with pytest.raises(DatasetUnavailable) as info:
        resolve_image("cifar10", 0)
    assert unavailable_text(info.value, "ko") and unavailable_text(info.value, "en")


def test_resolve_synthetic_and_upload_sources():
    from explainer.data.images import resolve_image

    assert resolve_image("digit")[0].shape == (1, 28, 28)
    with pytest.raises(ImageRejected) as info:
        resolve_image("upload", upload=None)
    assert info.value.key == "images.err.no_upload"
    big = encode(Image.fromarray(np.full((500, 250), 128, dtype=np.uint8)))
    assert resolve_image("upload", upload=big)[0].shape == (1, 160, 80)
    with pytest.raises(KeyError):
        resolve_image("webcam")


def test_a_zero_byte_upload_is_called_empty_not_missing():
    from explainer.data.images import resolve_image

    with pytest.raises(ImageRejected) as info:
        resolve_image("upload", upload=b"")
    assert info.value.key == "images.err.empty"


def test_a_multi_picture_jpeg_from_a_phone_loads_its_first_frame():
    first, second = Image.new("RGB", (8, 6), (255, 0, 0)), Image.new("RGB", (4, 4), (0, 0, 255))
    buffer = io.BytesIO()
    first.save(buffer, format="MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"
    loaded = load_upload(buffer.getvalue())
    assert loaded.source_format == "MPO" and loaded.pixels.shape == (3, 6, 8)
    assert loaded.pixels[0].min() > 0.95 and loaded.pixels[2].max() < 0.05  # red: the first frame, not the blue
    big = io.BytesIO()
    Image.new("RGB", (1500, 900), (0, 255, 0)).save(big, format="MPO", save_all=True, append_images=[second])
    assert load_upload(big.getvalue(), decode_side=300).pixels.shape == (3, 180, 300)


def test_pixel_scaling_is_totensors_both_ways():
    """uint8 -> [0, 1] exactly as torchvision's ToTensor (the trainer's scaling), for arrays and tensors; back to
    uint8 for display rounds to the nearest level and clips."""
    import torch
    from torchvision.transforms.functional import to_tensor

    from explainer.data.images import uint8_pixels, unit_pixels

    grey = np.arange(256, dtype=np.uint8).reshape(16, 16)
    expected = to_tensor(grey)[0]
    scaled_tensor = unit_pixels(torch.from_numpy(grey))
    assert scaled_tensor.dtype == torch.float32 and torch.equal(scaled_tensor, expected)
    scaled = unit_pixels(grey)
    assert scaled.dtype == np.float64
    np.testing.assert_allclose(scaled, expected.numpy(), rtol=1e-7)
    np.testing.assert_array_equal(uint8_pixels(scaled), grey)
    np.testing.assert_array_equal(uint8_pixels([-0.5, 0.499 / 255, 0.501 / 255, 1.5]), [0, 0, 1, 255])
