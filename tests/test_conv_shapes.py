import itertools

import pytest
import torch
from torch import nn

from models.shapes import Conv, Pool, conv_output_size, feature_shape, pool_output_size


def torch_conv_size(size, kernel, padding, stride, dilation):
    layer = nn.Conv2d(1, 1, kernel, stride=stride, padding=padding, dilation=dilation, bias=False)
    return layer(torch.zeros(1, 1, size, size)).shape[-1]


def torch_pool_size(size, kernel, padding, stride, dilation, ceil_mode):
    layer = nn.MaxPool2d(kernel, stride=stride, padding=padding, dilation=dilation, ceil_mode=ceil_mode)
    return layer(torch.zeros(1, 1, size, size)).shape[-1]


GRID = list(itertools.product(range(1, 9), range(1, 6), range(0, 3), range(1, 4), range(1, 3)))


def _mismatches(ours, theirs, cases):
    """The cases where our size differs from torch's, or where one refuses a shape the other accepts."""
    wrong = []
    for case in cases:
        try:
            expected = theirs(*case)
        except RuntimeError:
            try:
                got = ours(*case)
            except ValueError:
                continue
            wrong.append((case, got, "torch refuses"))
            continue
        try:
            got = ours(*case)
        except ValueError as err:
            got = f"ValueError: {err}"
        if got != expected:
            wrong.append((case, got, expected))
    return wrong


def test_conv_output_size_matches_torch_on_the_whole_grid():
    """(size, kernel, padding, stride, dilation) over the grid: one loop instead of 480 parametrised tests."""
    assert _mismatches(conv_output_size, torch_conv_size, GRID) == []


@pytest.mark.parametrize("ceil_mode", [False, True])
def test_pool_output_size_matches_torch_on_the_whole_grid(ceil_mode):
    cases = [(*case, ceil_mode) for case in GRID]
    assert _mismatches(pool_output_size, torch_pool_size, cases) == []


def test_lecture_examples():
    assert conv_output_size(7, 3, stride=1) == 5
    assert conv_output_size(7, 3, stride=2) == 3
    assert conv_output_size(4, 3, padding=1) == 4
    assert pool_output_size(28, 2) == 14


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(size=3, kernel=5),
        dict(size=5, kernel=3, stride=0),
        dict(size=5, kernel=0),
        dict(size=0, kernel=1),
        dict(size=5, kernel=3, padding=-1),
        dict(size=5, kernel=3, dilation=0),
    ],
)
def test_invalid_conv_raises_readable_value_error(kwargs):
    with pytest.raises(ValueError, match="must|larger"):
        conv_output_size(**kwargs)


def test_pool_padding_more_than_half_kernel_is_refused():
    with pytest.raises(ValueError, match="half"):
        pool_output_size(8, 2, padding=2)


def test_feature_shape_follows_layers():
    assert feature_shape(1, 28, 28, [Conv(10, 5), Pool(2), Conv(20, 5), Pool(2)]) == (20, 4, 4)


@pytest.mark.parametrize("kernel", [1, 2, 3, 4, 5])
def test_max_pool_padding_is_the_most_torch_accepts(kernel):
    from models.shapes import max_pool_padding

    limit = max_pool_padding(kernel)
    x = torch.zeros(1, 1, 8, 8)
    for pool in (torch.nn.functional.max_pool2d, torch.nn.functional.avg_pool2d):
        pool(x, kernel, stride=1, padding=limit)  # accepted
        with pytest.raises(RuntimeError):
            pool(x, kernel, stride=1, padding=limit + 1)
