"""Convolution, pooling and the output-size calculator against PyTorch, plus the lecture's own numbers."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from explainer.topics.convolution import (
    CALCULATOR_PRESETS,
    KERNEL_PRESETS,
    LECTURE_INPUT,
    LECTURE_KERNEL,
    LECTURE_POOL_INPUT,
    axis_output_size,
    cell_arithmetic,
    channel_steps,
    conv2d,
    conv_parameter_count,
    format_number,
    kernel_code,
    output_cells,
    output_size,
    partial_feature_map,
    pool2d,
    pool_arithmetic,
)
from models.shapes import conv_output_size


def torch_conv(x, w, b, stride, padding, dilation):
    out = F.conv2d(torch.from_numpy(x)[None], torch.from_numpy(w), None if b is None else torch.from_numpy(b),
                   stride=stride, padding=padding, dilation=dilation)
    return out[0].numpy()


# --- convolution --------------------------------------------------------------------------------------------


def test_lecture_example_output_and_first_cell():
    assert conv2d(LECTURE_INPUT, LECTURE_KERNEL).tolist() == [[4, 3, 4], [2, 4, 3], [2, 3, 4]]
    first = cell_arithmetic(LECTURE_INPUT, LECTURE_KERNEL, 0, 0)
    assert first.text() == "1×1 + 1×0 + 1×1 + 0×0 + 1×1 + 1×0 + 0×1 + 0×0 + 1×1 = 4"
    assert first.window_rows == (0, 1, 2) and first.window_cols == (0, 1, 2)


def test_every_cell_arithmetic_adds_up_to_the_feature_map():
    rng = np.random.default_rng(0)
    x, k = rng.integers(-3, 4, (6, 7)).astype(float), rng.integers(-2, 3, (3, 2)).astype(float)
    full = conv2d(x, k, stride=2, padding=1, bias=0.5)
    for i, j in output_cells(*full.shape):
        cell = cell_arithmetic(x, k, i, j, stride=2, padding=1, bias=0.5)
        assert cell.total == pytest.approx(full[i, j])
        assert cell.text().endswith(f"= {format_number(full[i, j])}")


def test_negative_weights_are_bracketed_in_the_text():
    cell = cell_arithmetic(np.ones((3, 3)), KERNEL_PRESETS["sobel_x"], 0, 0)
    assert cell.text().startswith("1×(−1) + 1×0 + 1×1 + 1×(−2)")
    assert cell.text().endswith("= 0")


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_conv2d_matches_torch(data):
    c_in, c_out = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    kh, kw = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    stride = (data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3)))
    padding = (data.draw(st.integers(0, 2)), data.draw(st.integers(0, 2)))
    dilation = (data.draw(st.integers(1, 2)), data.draw(st.integers(1, 2)))
    h = data.draw(st.integers(max(1, dilation[0] * (kh - 1) + 1 - 2 * padding[0]), 9))
    w = data.draw(st.integers(max(1, dilation[1] * (kw - 1) + 1 - 2 * padding[1]), 9))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**31)))
    x = rng.normal(size=(c_in, h, w))
    weight = rng.normal(size=(c_out, c_in, kh, kw))
    bias = rng.normal(size=c_out) if data.draw(st.booleans()) else None
    ours = conv2d(x, weight, bias, stride, padding, dilation)
    np.testing.assert_allclose(ours, torch_conv(x, weight, bias, stride, padding, dilation), atol=1e-10)


@pytest.mark.parametrize("name", sorted(KERNEL_PRESETS))
@pytest.mark.parametrize("padding,stride", [(0, 1), (1, 1), (1, 2), (2, 3)])
def test_kernel_presets_match_torch_on_an_image(name, padding, stride):
    x = np.random.default_rng(1).random((12, 10))
    kernel = KERNEL_PRESETS[name]
    expected = torch_conv(x[None], kernel[None, None], None, stride, padding, 1)[0]
    np.testing.assert_allclose(conv2d(x, kernel, stride=stride, padding=padding), expected, atol=1e-12)


def test_conv2d_refuses_a_channel_mismatch_and_a_too_large_kernel():
    with pytest.raises(ValueError):
        conv2d(np.zeros((3, 5, 5)), np.zeros((1, 1, 3, 3)))
    with pytest.raises(ValueError):
        conv2d(np.zeros((3, 3)), np.zeros((4, 4)))


def test_partial_feature_map_fills_row_by_row():
    full = np.arange(9.0).reshape(3, 3)
    shown = partial_feature_map(full, 4)
    assert shown.reshape(-1)[:5].tolist() == [0, 1, 2, 3, 4]
    assert np.isnan(shown.reshape(-1)[5:]).all()
    assert np.array_equal(partial_feature_map(full, 8), full)


def test_kernel_code_round_trips_through_torch():
    for name, kernel in KERNEL_PRESETS.items():
        rebuilt = eval(kernel_code(kernel), {"torch": torch})  # noqa: S307 - our own literal
        np.testing.assert_allclose(rebuilt.numpy(), kernel, atol=1e-4, err_msg=name)
    assert kernel_code(KERNEL_PRESETS["blur"]) == "torch.ones(3, 3) / 9"


# --- channels --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("channels", [1, 3])
def test_channel_steps_equal_one_conv2d_filter(channels):
    rng = np.random.default_rng(channels)
    image, kernel = rng.random((channels, 8, 9)), rng.normal(size=(channels, 3, 3))
    steps = channel_steps(image, kernel, bias=0.25, stride=2, padding=1)
    expected = torch_conv(image, kernel[None], np.array([0.25]), 2, 1, 1)[0]
    np.testing.assert_allclose(steps.output, expected, atol=1e-12)
    np.testing.assert_allclose(steps.per_channel.sum(axis=0) + 0.25, expected, atol=1e-12)
    assert steps.per_channel.shape == (channels, *expected.shape)


@pytest.mark.parametrize("k,c_in,c_out", [(3, 1, 1), (3, 3, 1), (5, 1, 10), (5, 10, 20), (5, 3, 6), (5, 64, 128)])
def test_parameter_count_matches_nn_conv2d(k, c_in, c_out):
    layer = torch.nn.Conv2d(c_in, c_out, k)
    assert conv_parameter_count(k, k, c_in, c_out) == sum(p.numel() for p in layer.parameters())
    assert conv_parameter_count(k, k, c_in, c_out, bias=False) == layer.weight.numel()


# --- pooling ---------------------------------------------------------------------------------------------


def torch_pool(x, mode, size, stride, padding, count_include_pad=True):
    t = torch.from_numpy(x)[None]
    if mode == "max":
        out = F.max_pool2d(t, size, stride, padding)
    elif mode == "min":
        out = -F.max_pool2d(-t, size, stride, padding)
    else:
        out = F.avg_pool2d(t, size, stride, padding, count_include_pad=count_include_pad)
    return out[0].numpy()


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_pooling_matches_torch(data):
    mode = data.draw(st.sampled_from(["max", "avg", "min"]))
    kh, kw = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    stride = (data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4)))
    padding = (data.draw(st.integers(0, kh // 2)), data.draw(st.integers(0, kw // 2)))
    h, w = data.draw(st.integers(kh, 10)), data.draw(st.integers(kw, 10))
    include_pad = data.draw(st.booleans())
    x = np.random.default_rng(data.draw(st.integers(0, 2**31))).normal(size=(data.draw(st.integers(1, 3)), h, w))
    ours = pool2d(x, (kh, kw), stride, padding, mode, count_include_pad=include_pad)
    np.testing.assert_allclose(ours, torch_pool(x, mode, (kh, kw), stride, padding, include_pad), atol=1e-12)


def test_stride_defaults_to_the_pool_size_and_lecture_example():
    assert pool2d(LECTURE_POOL_INPUT, 2, mode="max").tolist() == [[6, 8], [3, 4]]
    assert pool2d(LECTURE_POOL_INPUT, 2, mode="avg").tolist() == [[3.25, 5.25], [2, 2]]
    assert pool2d(LECTURE_POOL_INPUT, 2, mode="min").tolist() == [[1, 2], [1, 0]]


def test_pool_arithmetic_texts():
    assert pool_arithmetic(LECTURE_POOL_INPUT, 2, 0, 0, mode="max").text() == "max(1, 1, 5, 6) = 6"
    assert pool_arithmetic(LECTURE_POOL_INPUT, 2, 0, 0, mode="avg").text() == "(1 + 1 + 5 + 6) / 4 = 3.25"
    assert pool_arithmetic(LECTURE_POOL_INPUT, 2, 1, 1, mode="min").text() == "min(1, 0, 3, 4) = 0"
    padded = pool_arithmetic(LECTURE_POOL_INPUT, 3, 0, 0, stride=2, padding=1, mode="avg")
    assert padded.text() == "(0 + 0 + 0 + 0 + 1 + 1 + 0 + 5 + 6) / 9 = 1.44"
    assert pool_arithmetic(LECTURE_POOL_INPUT, 3, 0, 0, stride=2, padding=1, mode="max").text() == \
        "max(1, 1, 5, 6) = 6"


def test_pooling_refuses_unknown_modes_and_oversized_padding():
    with pytest.raises(ValueError):
        pool2d(LECTURE_POOL_INPUT, 2, mode="median")
    with pytest.raises(ValueError):
        pool2d(LECTURE_POOL_INPUT, 2, padding=2)


# --- output-size calculator ------------------------------------------------------------------------------


def test_lecture_presets():
    results = {p.key: output_size(p.height, p.width, p.kernel, p.kernel, p.padding, p.stride)
               for p in CALCULATOR_PRESETS}
    assert (results["conv.preset.7x7_s1"].oh, results["conv.preset.7x7_s1"].ow) == (5, 5)
    assert results["conv.preset.7x7_s2"].oh == 3 and not results["conv.preset.7x7_s2"].non_integer
    s3 = results["conv.preset.7x7_s3"]
    assert s3.non_integer and s3.height.exact == "2.33" and s3.oh == 2  # not the slide's "∴ 1"
    assert r"\approx 2.33" in s3.height.latex() and r"\right\rfloor + 1 = 2" in s3.height.latex()
    assert (results["conv.preset.4x4_p1"].oh, results["conv.preset.4x4_p1"].ow) == (4, 4)
    assert results["conv.preset.mnist_conv1"].oh == 24
    assert results["conv.preset.7x7_s1"].height.substituted() == "(7 + 2×0 − 3) / 1 + 1"


def test_invalid_combinations_are_explained():
    assert output_size(7, 7, 3, 3, stride=0).errors == [("conv.err.stride_zero", {})]
    assert output_size(3, 3, 5, 5).errors == [("conv.err.kernel_too_large", {"span": 5, "padded": 3})]
    assert output_size(3, 8, 5, 5, padding=0).errors == [("conv.err.kernel_too_large", {"span": 5, "padded": 3})]
    assert output_size(3, 8, 5, 5).width.ok and output_size(3, 8, 5, 5).ow == 4
    assert output_size(0, 3, 3, 3).errors[0][0] == "conv.err.min_size"
    assert output_size(5, 5, 3, 3, padding=-1).errors[0][0] == "conv.err.min_padding"
    assert output_size(5, 5, 3, 3, dilation=0).errors[0][0] == "conv.err.min_dilation"
    assert output_size(5, 5, 3, 3, stride=-2).errors[0][0] == "conv.err.min_stride"
    assert axis_output_size(5.5, 3).error == "conv.err.not_integer"
    assert axis_output_size(True, 3).error == "conv.err.not_integer"
    assert axis_output_size(None, 3).error == "conv.err.not_integer"
    assert not output_size(7, 7, 3, 3, stride=0).ok and output_size(7, 7, 3, 3, stride=0).oh is None


def test_invalid_error_keys_exist_in_the_catalogue():
    from explainer.i18n import CATALOGUE

    keys = {"conv.err.stride_zero", "conv.err.kernel_too_large", "conv.err.not_integer", "conv.err.other"}
    keys |= {f"conv.err.min_{name}" for name in ("size", "kernel", "stride", "dilation", "padding")}
    keys |= {p.key for p in CALCULATOR_PRESETS} | {p.note for p in CALCULATOR_PRESETS if p.note}
    assert keys <= set(CATALOGUE)


@settings(max_examples=1000, deadline=None)
@given(h=st.integers(), w=st.integers(), fh=st.integers(), fw=st.integers(),
       p=st.integers(), s=st.integers(), d=st.integers(-2, 4))
def test_calculator_never_raises(h, w, fh, fw, p, s, d):
    result = output_size(h, w, fh, fw, p, s, d)
    for axis in (result.height, result.width):
        axis.latex()
        axis.substituted()
        if axis.ok:
            assert axis.out == conv_output_size(axis.size, axis.kernel, axis.padding, axis.stride, axis.dilation)
            assert axis.out >= 1 and axis.exact
        else:
            assert axis.out is None and axis.error.startswith("conv.err.")


@settings(max_examples=300, deadline=None)
@given(size=st.integers(1, 40), kernel=st.integers(1, 7), padding=st.integers(0, 3), stride=st.integers(1, 4),
       dilation=st.integers(1, 3))
def test_calculator_agrees_with_torch(size, kernel, padding, stride, dilation):
    axis = axis_output_size(size, kernel, padding, stride, dilation)
    try:
        expected = F.conv2d(torch.zeros(1, 1, size, 1), torch.zeros(1, 1, kernel, 1), stride=(stride, 1),
                            padding=(padding, 0), dilation=(dilation, 1)).shape[2]
    except RuntimeError:
        assert not axis.ok
    else:
        assert axis.out == expected
        assert axis.non_integer == ((size + 2 * padding - dilation * (kernel - 1) - 1) % stride != 0)


def test_small_helpers():
    from explainer.topics.convolution import channel_kernel, filter_image, matching_preset, matrix_literal, random_grid

    assert matching_preset(7, 7, 3, 3, 0, 3).note == "conv.calc.slide_wrong"
    assert matching_preset(7, 7, 3, 3, 0, 3, dilation=2) is None and matching_preset(8, 7, 3, 3, 0, 3) is None
    grid = random_grid(5, (4, 6), high=9)
    assert grid.shape == (4, 6) and set(np.unique(grid)) <= set(range(10))
    assert np.array_equal(grid, random_grid(5, (4, 6), high=9))
    assert set(np.unique(random_grid(1, (8, 8)))) == {0, 1}
    stacked = channel_kernel(LECTURE_KERNEL, [1, 0.5, -1])
    assert stacked.shape == (3, 3, 3) and np.array_equal(stacked[2], -LECTURE_KERNEL)
    filtered = filter_image(LECTURE_INPUT, KERNEL_PRESETS["sobel_x"], stride=1, padding=1)
    np.testing.assert_allclose(filtered.raw, torch_conv(LECTURE_INPUT[None], KERNEL_PRESETS["sobel_x"][None, None],
                                                        None, 1, 1, 1)[0])
    assert (filtered.activated >= 0).all() and np.array_equal(filtered.activated, np.maximum(filtered.raw, 0))
    assert matrix_literal(np.array([[1, -0.5], [2, 0]])) == "[[1, -0.5], [2, 0]]"
    from explainer.topics.convolution import resize_grid

    assert resize_grid(LECTURE_INPUT, 3, 7).tolist() == [row + [0, 0] for row in LECTURE_INPUT[:3].tolist()]
    assert resize_grid([[1, 2], [3, 4]], 1, 1).tolist() == [[1]]


@settings(max_examples=150, deadline=None)
@given(size=st.integers(1, 20), kernel=st.integers(1, 6), padding=st.integers(0, 3), stride=st.integers(1, 5),
       dilation=st.integers(1, 2))
def test_uncovered_cells_are_the_ones_torch_ignores(size, kernel, padding, stride, dilation):
    from explainer.topics.convolution import uncovered_cells, window_starts

    axis = axis_output_size(size, kernel, padding, stride, dilation)
    if not axis.ok:
        assert window_starts(axis) == [] and uncovered_cells(axis) == []
        return
    padded = torch.ones(1, 1, 1, axis.padded, requires_grad=True)  # padding written out, so every cell is seen
    F.conv2d(padded, torch.ones(1, 1, 1, kernel), stride=(1, stride), dilation=(1, dilation)).sum().backward()
    last_reached = int(torch.nonzero(padded.grad[0, 0, 0]).max())
    assert uncovered_cells(axis) == list(range(last_reached + 1, axis.padded))
    assert window_starts(axis) == [i * stride for i in range(axis.out)]
    assert len(uncovered_cells(axis)) == axis.numerator % stride


@settings(max_examples=500, deadline=None)
@given(h=st.integers(-3, 40), fh=st.integers(-1, 12), p=st.integers(-2, 6), s=st.integers(-1, 5), d=st.integers(-1, 4),
       as_numpy=st.booleans())
def test_calculator_verdict_is_the_shape_helpers(h, fh, p, s, d, as_numpy):
    """Valid or not is decided once, in models.shapes (NumPy integers too, as a page's arrays give them): the
    calculator's error key is conv.err.<the helper's reason>, its OH the helper's."""
    from models.shapes import ShapeError

    values = [np.int64(v) for v in (h, fh, p, s, d)] if as_numpy else [h, fh, p, s, d]
    axis = axis_output_size(*values)
    try:
        expected = conv_output_size(*values)
    except ShapeError as err:
        assert axis.error == f"conv.err.{err.reason}" and axis.error_values == err.values
    else:
        assert axis.ok and axis.out == expected
