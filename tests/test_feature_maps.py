"""Feature maps, filters and input preprocessing of trained CNNs, checked against the models' own forward."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from explainer.inspection import feature_maps as fm
from explainer.training.recipes import MNIST_NORMALIZE
from explainer.training.trainer import BatchPreparer
from models import build_model

SHAPES = {
    "mnist_cnn": ((1, 28, 28), [(10, 24, 24), (10, 12, 12), (20, 8, 8), (20, 4, 4)]),
    "cifar_lenet": ((3, 32, 32), [(6, 28, 28), (6, 14, 14), (16, 10, 10), (16, 5, 5)]),
    "cifar_cnn": ((3, 32, 32), [(32, 28, 28), (32, 15, 15), (64, 11, 11), (64, 6, 6), (128, 2, 2), (128, 2, 2)]),
}


@pytest.mark.parametrize("name", list(SHAPES))
def test_stages_replay_the_model_and_end_where_it_flattens(name):
    torch.manual_seed(0)
    model = build_model(name).train()  # inspect_cnn must switch dropout off by itself
    input_shape, expected = SHAPES[name]
    x = torch.randn(1, *input_shape)
    captured = {}
    model.fc1.register_forward_pre_hook(lambda module, args: captured.setdefault("flat", args[0].detach().clone()))
    view = fm.inspect_cnn(model, x)
    assert model.training, "the model's mode is given back"
    shapes = [view.stage(layer, kind).maps.shape for layer in view.layers() for kind in ("relu", "pool")]
    assert shapes == expected
    last_pool = view.stage(view.layers()[-1], "pool").maps
    np.testing.assert_allclose(last_pool.reshape(-1), captured["flat"][0].numpy(), rtol=1e-5, atol=1e-6)
    for layer in view.layers():
        conv, relu = view.stage(layer, "conv").maps, view.stage(layer, "relu").maps
        np.testing.assert_allclose(relu, np.maximum(conv, 0), atol=1e-7)
    first = view.stage(1, "conv").maps
    np.testing.assert_allclose(first, F.conv2d(x, model.conv1.weight, model.conv1.bias)[0].detach().numpy(),
                               rtol=1e-5, atol=1e-6)
    model.eval()
    with torch.no_grad():
        oracle = torch.softmax(model(x), 1)[0].numpy()
    np.testing.assert_allclose(view.probabilities, oracle, rtol=1e-5, atol=1e-7)
    assert view.probabilities.sum() == pytest.approx(1.0, abs=1e-5)
    assert view.prediction == int(oracle.argmax())


def test_first_layer_filters_and_pictures():
    model = build_model("cifar_lenet")
    weights = fm.first_layer_filters(model)
    np.testing.assert_array_equal(weights, model.conv1.weight.detach().numpy())
    pictures = fm.filter_pictures(weights)
    assert len(pictures) == 6 and pictures[0].shape == (5, 5, 3) and pictures[0].dtype == np.uint8
    assert pictures[0].min() == 0 and pictures[0].max() == 255
    grey = fm.filter_pictures(fm.first_layer_filters(build_model("mnist_cnn")))
    assert len(grey) == 10 and grey[0].shape == (5, 5)


def test_model_input_matches_the_trainers_batches():
    raw = torch.randint(0, 256, (3, 1, 28, 28), dtype=torch.uint8)
    ours = fm.dataset_batch(raw, MNIST_NORMALIZE)
    theirs = BatchPreparer(MNIST_NORMALIZE, torch.device("cpu"))(raw)
    torch.testing.assert_close(ours, theirs)
    single = fm.model_input(raw[0].numpy() / 255.0, MNIST_NORMALIZE)
    torch.testing.assert_close(single, theirs[:1])
    torch.testing.assert_close(fm.model_input(raw[0].numpy() / 255.0), raw[:1].float() / 255)


def _stroke_canvas(size=280, box=(40, 150, 90, 260), transparent=False) -> np.ndarray:
    """RGBA canvas data like st_canvas returns: a white bar on black (or on transparent)."""
    rgba = np.zeros((size, size, 4), dtype=np.uint8)
    rgba[..., 3] = 0 if transparent else 255
    top, left, bottom, right = box
    rgba[top:bottom, left:right] = (255, 255, 255, 255)
    return rgba


@pytest.mark.parametrize("transparent", [False, True])
def test_drawn_digit_is_cropped_scaled_and_centred_like_mnist(transparent):
    digit = fm.mnist_style(fm.ink_of(_stroke_canvas(transparent=transparent)))
    assert digit.shape == (1, 28, 28)
    rows, cols = np.nonzero(digit[0] > 0.1)
    # a bar 50 high and 110 wide: its long side becomes 20 pixels, the short side about 20 * 50 / 110
    assert 8 <= rows.max() - rows.min() + 1 <= 11
    assert 19 <= cols.max() - cols.min() + 1 <= 21
    ys, xs = np.indices(digit[0].shape)
    mass = digit[0].sum()
    assert abs((ys * digit[0]).sum() / mass - 13.5) <= 0.6
    assert abs((xs * digit[0]).sum() / mass - 13.5) <= 0.6
    assert digit.min() >= 0 and digit.max() <= 1


def test_a_top_heavy_digit_stays_inside_the_field():
    seven = np.zeros((280, 280, 4), dtype=np.uint8)
    seven[..., 3] = 255
    seven[20:60, 20:260] = 255  # a thick bar on top
    seven[60:270, 130:140] = 255  # a thin stem
    digit = fm.mnist_style(fm.ink_of(seven))[0]
    rows = np.nonzero(digit.max(axis=1) > 0.1)[0]
    assert rows.max() - rows.min() + 1 >= 19, "the whole digit is kept"
    assert digit[:3].max() == 0, "it still moved down towards its centre of mass"


def test_empty_drawing_has_no_digit():
    assert fm.mnist_style(fm.ink_of(np.zeros((100, 100, 4), dtype=np.uint8))) is None
    blank = np.zeros((280, 280, 4), dtype=np.uint8)
    blank[..., 3] = 255
    assert fm.mnist_style(fm.ink_of(blank)) is None


def test_dark_ink_on_paper_is_inverted_and_uploads_get_the_models_shape():
    paper = np.ones((1, 60, 40))
    paper[0, 10:50, 15:25] = 0.0  # a dark stroke
    ink = fm.ink_of(paper)
    assert ink[30, 20] == 1.0 and ink[0, 0] == 0.0
    digit = fm.image_for_dataset(paper, "mnist")
    assert digit.shape == (1, 28, 28) and digit[0, 0, 0] == 0 and digit.max() > 0.9
    assert fm.image_for_dataset(paper, "fashion_mnist").shape == (1, 28, 28)
    photo = np.random.default_rng(0).random((3, 48, 64))
    resized = fm.image_for_dataset(photo, "cifar10")
    assert resized.shape == (3, 32, 32) and 0 <= resized.min() and resized.max() <= 1


def test_tile_maps_lays_out_every_map():
    maps = np.arange(5 * 3 * 4, dtype=float).reshape(5, 3, 4)
    mosaic = fm.tile_maps(maps, columns=3, pad=1)
    assert mosaic.shape == (2 * 4 - 1, 3 * 5 - 1) and mosaic.dtype == np.uint8
    np.testing.assert_array_equal(mosaic[:3, :4], (fm.scale01(maps[0]) * 255).round())
    assert mosaic[4 + 2, 5 + 3] == 255 and mosaic[4, 5] == 0  # map 4 sits at row 1, column 1
    assert (mosaic[:3, 4] == 128).all()  # padding
    shared = fm.tile_maps(maps, columns=5, pad=0, per_map=False)
    assert shared[0, 0] == 0 and shared[-1, -1] == 255
    assert fm.enlarge(np.eye(2, dtype=np.uint8), 3).shape == (6, 6)
