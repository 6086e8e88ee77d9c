"""Output-size arithmetic of convolution and pooling, exactly as PyTorch computes it.

The lecture's formula is OH = (H + 2P - FH) / S + 1. PyTorch floors the division and also
supports dilation (an effective kernel of d*(k-1)+1); these helpers return the integer PyTorch
produces and raise `ShapeError` (a `ValueError` with a readable message) wherever PyTorch would refuse; its
`reason` and `values` let a page say why in its own words (explainer.topics.convolution does).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass


class ShapeError(ValueError):
    """A shape PyTorch refuses. `reason`: not_integer (values: name), min_size, min_kernel, min_stride,
    min_dilation, min_padding (value), stride_zero, kernel_too_large (span, padded), pool_padding (padding, kernel)."""

    def __init__(self, reason: str, message: str, **values) -> None:
        super().__init__(message)
        self.reason, self.values = reason, values


# (parameter, how a message names it, its least value), in the order they are checked
_LIMITS = (("size", "input size", 1), ("kernel", "kernel size", 1), ("stride", "stride", 1),
           ("dilation", "dilation", 1), ("padding", "padding", 0))


def _check_common(size: int, kernel: int, padding: int, stride: int, dilation: int) -> None:
    given = dict(size=size, kernel=kernel, padding=padding, stride=stride, dilation=dilation)
    for name, value in given.items():
        if not isinstance(value, numbers.Integral) or isinstance(value, bool):
            spoken = next(spoken for param, spoken, _ in _LIMITS if param == name)
            raise ShapeError("not_integer", f"{spoken} must be an integer, got {value!r}", name=name)
    for name, spoken, minimum in _LIMITS:
        value = int(given[name])
        if value < minimum:
            reason = "stride_zero" if name == "stride" and value == 0 else f"min_{name}"
            values = {} if reason == "stride_zero" else {"value": value}  # stride 0: the formula divides by zero
            raise ShapeError(reason, f"{spoken} must be at least {minimum}, got {value}", **values)


def effective_kernel(kernel: int, dilation: int = 1) -> int:
    """Span of a dilated kernel: d*(k-1)+1."""
    return dilation * (kernel - 1) + 1


def conv_output_size(size: int, kernel: int, padding: int = 0, stride: int = 1, dilation: int = 1) -> int:
    """Output length of `nn.Conv2d` along one axis: floor((H + 2P - D(K-1) - 1) / S) + 1."""
    _check_common(size, kernel, padding, stride, dilation)
    size, kernel, padding, stride, dilation = (int(v) for v in (size, kernel, padding, stride, dilation))
    span = effective_kernel(kernel, dilation)
    padded = size + 2 * padding
    if span > padded:
        raise ShapeError("kernel_too_large", f"kernel ({span} wide with dilation) is larger than the padded input "
                         f"({padded} = {size} + 2x{padding})", span=span, padded=padded)
    return (padded - span) // stride + 1


def max_pool_padding(kernel: int) -> int:
    """The most padding PyTorch's pooling accepts: half the window, rounded down. (Its message speaks of the
    "effective kernel size", but the check uses the undilated kernel.) A 1-wide window allows none, so the
    pooling page disables its padding slider then."""
    return kernel // 2


def pool_output_size(
    size: int,
    kernel: int,
    padding: int = 0,
    stride: int | None = None,
    dilation: int = 1,
    ceil_mode: bool = False,
) -> int:
    """Output length of `nn.MaxPool2d` along one axis (stride defaults to the kernel, as in PyTorch)."""
    stride = kernel if stride is None else stride
    _check_common(size, kernel, padding, stride, dilation)
    size, kernel, padding, stride, dilation = (int(v) for v in (size, kernel, padding, stride, dilation))
    span = effective_kernel(kernel, dilation)
    if padding > max_pool_padding(kernel):
        raise ShapeError("pool_padding", f"padding ({padding}) must be at most half of the kernel ({kernel}), as "
                         "PyTorch requires", padding=padding, kernel=kernel)
    padded = size + 2 * padding
    # PyTorch's own formula; ceil mode rounds up, then drops a window that would start in the right padding.
    out = (padded - span + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (out - 1) * stride >= size + padding:
        out -= 1
    if out < 1:
        raise ShapeError("kernel_too_large", f"pooling window ({span}) is larger than the padded input ({padded})",
                         span=span, padded=padded)
    return out


@dataclass(frozen=True)
class Conv:
    out_channels: int
    kernel: int
    padding: int = 0
    stride: int = 1


@dataclass(frozen=True)
class Pool:
    kernel: int
    stride: int | None = None
    padding: int = 0


def feature_shape(in_channels: int, height: int, width: int, layers: list[Conv | Pool]) -> tuple[int, int, int]:
    """(C, H, W) after a stack of conv/pool layers; the models use it for their flatten sizes."""
    channels, h, w = in_channels, height, width
    for layer in layers:
        if isinstance(layer, Conv):
            channels = layer.out_channels
            h = conv_output_size(h, layer.kernel, layer.padding, layer.stride)
            w = conv_output_size(w, layer.kernel, layer.padding, layer.stride)
        else:
            h = pool_output_size(h, layer.kernel, layer.padding, layer.stride)
            w = pool_output_size(w, layer.kernel, layer.padding, layer.stride)
    return channels, h, w


def flatten_size(in_channels: int, height: int, width: int, layers: list[Conv | Pool]) -> int:
    c, h, w = feature_shape(in_channels, height, width, layers)
    return c * h * w
