"""The lecture's worked numbers for the CNN slides, computed here rather than copied, so the pages quote the slides
with arithmetic that is checked (tests compare them with torch).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explainer.topics import convolution as conv

# The convolution slide's example: a 4x4 input and a 3x3 filter whose first output is 1×2 + 2×0 + 3×1 + … = 15.
SLIDE_INPUT = np.array([[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]], dtype=np.float64)
SLIDE_FILTER = np.array([[2, 0, 1], [0, 1, 2], [1, 0, 2]], dtype=np.float64)


@dataclass(frozen=True)
class SlideConvolution:
    first_cell: str  # '1×2 + 2×0 + 3×1 + … = 15'
    output: np.ndarray  # the whole 2x2 feature map


def slide_convolution() -> SlideConvolution:
    output = conv.conv2d(SLIDE_INPUT, SLIDE_FILTER)
    return SlideConvolution(conv.cell_arithmetic(SLIDE_INPUT, SLIDE_FILTER, 0, 0).text(), output)


def window_coverage(size: int, kernel: int, padding: int = 0, stride: int = 1) -> list[int]:
    """How many filter windows cover each input cell along one axis (the padding cells not counted).

    Without padding the edge cells are used least (7 cells, 3 wide: 1 2 3 3 3 2 1), which is why the lecture
    pads the input."""
    axis = conv.axis_output_size(size, kernel, padding, stride)
    counts = [0] * size
    for start in conv.window_starts(axis):
        for cell in range(start - padding, start - padding + kernel):
            if 0 <= cell < size:
                counts[cell] += 1
    return counts


@dataclass(frozen=True)
class FullyConnectedScale:
    """Why fully-connected layers do not scale to photos: every pixel is one input of every hidden unit."""

    small_inputs: int  # 28×28 MNIST image
    large_inputs: int  # a 1024×768 picture
    hidden: int  # the lecture MLP's first hidden layer
    small_weights: int  # parameters of that first layer (weights + biases)
    large_weights: int


def fully_connected_scale(small=(28, 28), large=(1024, 768), hidden: int = 256) -> FullyConnectedScale:
    small_inputs, large_inputs = small[0] * small[1], large[0] * large[1]
    return FullyConnectedScale(small_inputs, large_inputs, hidden, (small_inputs + 1) * hidden,
                               (large_inputs + 1) * hidden)
