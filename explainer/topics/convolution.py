"""Convolution and pooling arithmetic in numpy, with the term-by-term working the lecture writes on its slides.

`torch.nn.functional` is the oracle in the tests; here everything is plain numpy so each number on a
page can be traced back to a sum of products. Like PyTorch, `conv2d` is a cross-correlation (the
kernel is not flipped). Sizes come from `models.shapes`, the same helpers the lecture's models use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from models.shapes import ShapeError, conv_output_size, effective_kernel, pool_output_size

# --- number formatting shared by every written-out sum -------------------------------------------------


def format_number(value: float, digits: int = 2) -> str:
    """1.0 -> '1', 0.3333 -> '0.33', -2 -> '−2' (a real minus sign reads better when projected)."""
    value = float(value)
    if not np.isfinite(value):
        return "−∞" if value < 0 else "∞"
    rounded = round(value, digits)
    text = f"{int(rounded)}" if rounded == int(rounded) else f"{rounded:.{digits}f}".rstrip("0").rstrip(".")
    if text in ("-0", "0"):
        return "0"
    return text.replace("-", "−")


def _factor(value: float) -> str:
    """A factor inside a product: negatives in brackets, as in 1×(−1)."""
    text = format_number(value)
    return f"({text})" if text.startswith("−") else text


def _decimal(fraction: Fraction, digits: int = 2) -> str:
    """Exact rational to a fixed number of decimals without floats (so huge inputs cannot overflow)."""
    scale = 10**digits
    scaled = round(fraction * scale)
    sign = "−" if scaled < 0 else ""
    whole, rest = divmod(abs(scaled), scale)
    text = f"{whole}.{rest:0{digits}d}".rstrip("0").rstrip(".")
    return sign + text


# --- 1. output-size calculator ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AxisSize:
    """One axis of the output-size formula OH = (H + 2P − FH) / S + 1, worked with the given numbers."""

    size: int
    kernel: int
    padding: int
    stride: int
    dilation: int = 1
    span: int | None = None  # effective kernel D·(FH−1)+1
    padded: int | None = None  # H + 2P
    numerator: int | None = None  # H + 2P − span
    quotient: Fraction | None = None  # numerator / S, exactly
    out: int | None = None  # what PyTorch produces
    non_integer: bool = False
    error: str | None = None  # i18n key when the combination is invalid
    error_values: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def exact(self) -> str:
        """The lecture's unrounded result, (numerator / S) + 1, e.g. '2.33'."""
        return "" if self.quotient is None else _decimal(self.quotient + 1)

    def substituted(self) -> str:
        """'(7 + 2×0 − 3) / 3 + 1' (the kernel term is the dilated span when D > 1)."""
        return f"({self.size} + 2×{self.padding} − {self.span if self.span is not None else self.kernel}) " \
               f"/ {self.stride} + 1"

    def latex(self, out_symbol: str = "OH", in_symbol: str = "H", kernel_symbol: str = "FH") -> str:
        """The whole calculation, from the formula to PyTorch's integer: the formula with the numbers put in on
        one line, the arithmetic on a second (one line is wider than a 1024 px projector leaves the page)."""
        kernel_term = kernel_symbol if self.dilation == 1 else rf"D({kernel_symbol}-1)-1"
        general = rf"{out_symbol} = \frac{{{in_symbol} + 2P - {kernel_term}}}{{S}} + 1"
        if not self.ok or self.span is None:
            return general
        kernel_value = str(self.span) if self.dilation == 1 else rf"{self.dilation}\cdot({self.kernel}-1)-1"
        numbers = rf"\frac{{{self.size} + 2\cdot{self.padding} - {kernel_value}}}{{{self.stride}}} + 1"
        reduced = rf"\frac{{{self.numerator}}}{{{self.stride}}} + 1"
        if not self.non_integer:
            result = rf"= {reduced} = {self.out}"
        else:
            floored = rf"\left\lfloor \tfrac{{{self.numerator}}}{{{self.stride}}} \right\rfloor + 1 = {self.out}"
            result = rf"= {reduced} \approx {self.exact}\;\rightarrow\; {floored}"
        first = general.replace(" = ", " &= ", 1)
        return rf"\begin{{aligned}} {first} = {numbers} \\ &{result} \end{{aligned}}"


def window_starts(axis: AxisSize) -> list[int]:
    """Where each filter placement starts along one axis of the padded input (empty when invalid)."""
    if not axis.ok:
        return []
    return [i * axis.stride for i in range(axis.out)]


def uncovered_cells(axis: AxisSize) -> list[int]:
    """Cells at the end of the padded input that no window reaches (what PyTorch's flooring drops)."""
    starts = window_starts(axis)
    if not starts:
        return []
    return list(range(starts[-1] + axis.span, axis.padded))


@dataclass(frozen=True)
class OutputSize:
    height: AxisSize
    width: AxisSize

    @property
    def ok(self) -> bool:
        return self.height.ok and self.width.ok

    @property
    def oh(self) -> int | None:
        return self.height.out

    @property
    def ow(self) -> int | None:
        return self.width.out

    @property
    def non_integer(self) -> bool:
        return self.height.non_integer or self.width.non_integer

    @property
    def errors(self) -> list[tuple[str, dict]]:
        """Distinct (i18n key, values) of the invalid axes, height first."""
        found = []
        for axis in (self.height, self.width):
            if axis.error and (axis.error, axis.error_values) not in found:
                found.append((axis.error, axis.error_values))
        return found


def axis_output_size(size, kernel, padding=0, stride=1, dilation=1) -> AxisSize:
    """The formula for one axis. Never raises: invalid input comes back with an `error` key instead.

    Whether the numbers are valid is decided once, by models.shapes.conv_output_size (what nn.Conv2d accepts);
    its ShapeError's reason names the catalogue key (conv.err.<reason>).
    """
    given = dict(size=size, kernel=kernel, padding=padding, stride=stride, dilation=dilation)
    try:
        out = conv_output_size(size, kernel, padding, stride, dilation)
    except ShapeError as err:
        if err.reason == "not_integer":
            return AxisSize(**{k: 0 for k in given}, error="conv.err.not_integer", error_values=err.values)
        given = {name: int(value) for name, value in given.items()}
        worked = {}
        if err.reason == "kernel_too_large":
            worked = dict(span=err.values["span"], padded=err.values["padded"],
                          numerator=err.values["padded"] - err.values["span"])
        return AxisSize(**given, **worked, error=f"conv.err.{err.reason}", error_values=err.values)
    given = {name: int(value) for name, value in given.items()}
    span = effective_kernel(given["kernel"], given["dilation"])
    padded = given["size"] + 2 * given["padding"]
    quotient = Fraction(padded - span, given["stride"])
    return AxisSize(**given, span=span, padded=padded, numerator=padded - span, quotient=quotient, out=out,
                    non_integer=quotient.denominator != 1)


def output_size(height, width, kernel_h, kernel_w, padding=0, stride=1, dilation=1) -> OutputSize:
    """OH and OW of a convolution (same padding, stride and dilation on both axes, as in nn.Conv2d(k, s, p))."""
    return OutputSize(axis_output_size(height, kernel_h, padding, stride, dilation),
                      axis_output_size(width, kernel_w, padding, stride, dilation))


@dataclass(frozen=True)
class CalculatorPreset:
    key: str  # i18n key of its label
    height: int
    width: int
    kernel: int
    padding: int
    stride: int
    note: str | None = None  # i18n key of the lecture remark that goes with it


CALCULATOR_PRESETS: tuple[CalculatorPreset, ...] = (
    CalculatorPreset("conv.preset.7x7_s1", 7, 7, 3, 0, 1),
    CalculatorPreset("conv.preset.7x7_s2", 7, 7, 3, 0, 2),
    CalculatorPreset("conv.preset.7x7_s3", 7, 7, 3, 0, 3, note="conv.calc.slide_wrong"),
    CalculatorPreset("conv.preset.4x4_p1", 4, 4, 3, 1, 1, note="conv.calc.same_padding"),
    CalculatorPreset("conv.preset.mnist_conv1", 28, 28, 5, 0, 1),
    CalculatorPreset("conv.preset.cifar_conv1", 32, 32, 5, 0, 1),
)


def matching_preset(height, width, kernel_h, kernel_w, padding, stride, dilation=1) -> CalculatorPreset | None:
    """The lecture preset these calculator values are, if any (its remark is shown beside the result)."""
    for preset in CALCULATOR_PRESETS:
        if (preset.height, preset.width, preset.kernel, preset.kernel, preset.padding, preset.stride, 1) == \
                (height, width, kernel_h, kernel_w, padding, stride, dilation):
            return preset
    return None


# --- 2. convolution ---------------------------------------------------------------------------------------


def _pair(value) -> tuple[int, int]:
    if isinstance(value, (tuple, list)):
        first, second = value
        return int(first), int(second)
    return int(value), int(value)


def pad2d(x: np.ndarray, padding, value: float = 0.0) -> np.ndarray:
    """Pad the last two axes of `x` by `padding` cells on every side."""
    ph, pw = _pair(padding)
    widths = [(0, 0)] * (x.ndim - 2) + [(ph, ph), (pw, pw)]
    return np.pad(np.asarray(x, dtype=np.float64), widths, constant_values=value)


def conv2d(x: np.ndarray, weight: np.ndarray, bias=None, stride=1, padding=0, dilation=1) -> np.ndarray:
    """`F.conv2d` for one image: x (C_in, H, W) or (H, W); weight (C_out, C_in, KH, KW) or (KH, KW).

    Returns (C_out, OH, OW), or (OH, OW) when both x and weight are 2-D.
    """
    x = np.asarray(x, dtype=np.float64)
    weight = np.asarray(weight, dtype=np.float64)
    squeeze = x.ndim == 2 and weight.ndim == 2
    if x.ndim == 2:
        x = x[None]
    if weight.ndim == 2:
        weight = weight[None, None]
    if weight.shape[1] != x.shape[0]:
        raise ValueError(f"kernel has {weight.shape[1]} input channels, the input has {x.shape[0]}")
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    kh, kw = weight.shape[2:]
    oh = conv_output_size(x.shape[1], kh, ph, sh, dh)
    ow = conv_output_size(x.shape[2], kw, pw, sw, dw)
    padded = pad2d(x, (ph, pw))
    out = np.zeros((weight.shape[0], oh, ow))
    for a in range(kh):
        for b in range(kw):
            # every output cell sees input (a*dh + i*sh, b*dw + j*sw) through weight[:, :, a, b]
            patch = padded[:, a * dh: a * dh + sh * (oh - 1) + 1: sh, b * dw: b * dw + sw * (ow - 1) + 1: sw]
            out += np.einsum("oc,chw->ohw", weight[:, :, a, b], patch)
    if bias is not None:
        out += np.asarray(bias, dtype=np.float64).reshape(-1, 1, 1)
    return out[0] if squeeze else out


def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


@dataclass(frozen=True)
class CellArithmetic:
    """How one output cell is computed: the window on the padded input and the sum of products."""

    row: int  # output cell
    col: int
    window_rows: tuple[int, ...]  # rows of the padded input the kernel covers
    window_cols: tuple[int, ...]
    inputs: np.ndarray  # (KH, KW) values under the kernel
    weights: np.ndarray  # (KH, KW)
    bias: float
    total: float

    def text(self) -> str:
        """'1×1 + 1×0 + 1×1 + ... = 4', the slide's way of writing it."""
        terms = [f"{_factor(x)}×{_factor(w)}" for x, w in zip(self.inputs.ravel(), self.weights.ravel(), strict=True)]
        if self.bias:
            terms.append(_factor(self.bias))
        return " + ".join(terms) + f" = {format_number(self.total)}"


def cell_arithmetic(x: np.ndarray, kernel: np.ndarray, row: int, col: int, stride=1, padding=0,
                    dilation=1, bias: float = 0.0) -> CellArithmetic:
    """The products that make output cell (row, col) of a single-channel convolution."""
    (sh, sw), (dh, dw) = _pair(stride), _pair(dilation)
    kernel = np.asarray(kernel, dtype=np.float64)
    padded = pad2d(np.asarray(x, dtype=np.float64), padding)
    kh, kw = kernel.shape
    rows = tuple(row * sh + a * dh for a in range(kh))
    cols = tuple(col * sw + b * dw for b in range(kw))
    inputs = padded[np.ix_(rows, cols)]
    total = float((inputs * kernel).sum() + bias)
    return CellArithmetic(row, col, rows, cols, inputs, kernel, float(bias), total)


def output_cells(oh: int, ow: int) -> list[tuple[int, int]]:
    """Output cells in the order the filter visits them (row by row), for the step slider."""
    return [(i, j) for i in range(oh) for j in range(ow)]


def resize_grid(values, rows: int, cols: int) -> np.ndarray:
    """Keep the top-left part of a grid, fill new cells with 0 (for the input-size slider)."""
    values = np.asarray(values, dtype=np.float64)
    resized = np.zeros((rows, cols))
    keep_r, keep_c = min(rows, values.shape[0]), min(cols, values.shape[1])
    resized[:keep_r, :keep_c] = values[:keep_r, :keep_c]
    return resized


def random_grid(seed: int, shape: tuple[int, int], high: int = 1) -> np.ndarray:
    """A fresh grid of integers 0..high (0/1 like the lecture's input by default), reproducible from a seed."""
    return np.random.default_rng(seed).integers(0, high + 1, shape).astype(np.float64)


def partial_feature_map(full: np.ndarray, step: int) -> np.ndarray:
    """The feature map after `step`+1 windows: computed cells so far, NaN for the ones still to come."""
    shown = np.full(full.shape, np.nan)
    flat = shown.reshape(-1)
    flat[: step + 1] = full.reshape(-1)[: step + 1]
    return shown


# The lecture's 5x5 example and its X-shaped kernel (output [[4,3,4],[2,4,3],[2,3,4]]).
LECTURE_INPUT = np.array([
    [1, 1, 1, 0, 0],
    [0, 1, 1, 1, 0],
    [0, 0, 1, 1, 1],
    [0, 0, 1, 1, 0],
    [0, 1, 1, 0, 0],
], dtype=np.float64)
LECTURE_KERNEL = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], dtype=np.float64)

# Every named 3x3 filter the app uses: the convolution pages' presets and the dropout page's fixed feature maps.
NAMED_FILTERS: dict[str, np.ndarray] = {
    "lecture": LECTURE_KERNEL,
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=np.float64),
    "blur": np.full((3, 3), 1 / 9),
    "sobel_x": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float64),
    "sobel_y": np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=np.float64),
    "diagonal": np.array([[0, 1, 2], [-1, 0, 1], [-2, -1, 0]], dtype=np.float64),
    "anti_diagonal": np.array([[2, 1, 0], [1, 0, -1], [0, -1, -2]], dtype=np.float64),
    "laplacian": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=np.float64),
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.float64),
}
KERNEL_PRESETS: dict[str, np.ndarray] = {
    name: NAMED_FILTERS[name] for name in ("lecture", "sobel_x", "sobel_y", "blur", "sharpen", "identity")}


def matrix_literal(values: np.ndarray) -> str:
    """[[4, 3, 4], [2, 4, 3]] with ASCII minus signs, for code and comments."""
    values = np.asarray(values, dtype=np.float64)
    if values.ndim == 1:
        return "[" + ", ".join(format_number(v, 4).replace("−", "-") for v in values) + "]"
    return "[" + ", ".join(matrix_literal(row) for row in values) + "]"


def kernel_code(kernel: np.ndarray) -> str:
    """A grid as a float tensor literal for the PyTorch-code expander (blur stays readable as 1/9)."""
    kernel = np.asarray(kernel, dtype=np.float64)
    if kernel.size and np.allclose(kernel, kernel.flat[0]) and kernel.flat[0] != 0:
        inverse = 1 / float(kernel.flat[0])  # inf for a subnormal constant, ~0 for a huge one: written out instead
        if 1 <= abs(inverse) <= 1e6 and abs(inverse - round(inverse)) < 1e-9:
            return f"torch.ones({kernel.shape[0]}, {kernel.shape[1]}) / {round(inverse)}"
    if np.array_equal(kernel, np.round(kernel)):
        return f"torch.tensor({matrix_literal(kernel)}, dtype=torch.float32)"
    return f"torch.tensor({matrix_literal(kernel)})"


# --- 3. filters on real images --------------------------------------------------------------------------


@dataclass(frozen=True)
class FilteredImage:
    image: np.ndarray  # (H, W) grey input
    kernel: np.ndarray  # (KH, KW)
    raw: np.ndarray  # (OH, OW) convolution output, signed
    activated: np.ndarray  # ReLU(raw)


def filter_image(grey: np.ndarray, kernel: np.ndarray, stride=1, padding=0) -> FilteredImage:
    """One kernel over a grey image, before and after ReLU (what conv1 + F.relu do to one channel)."""
    raw = conv2d(grey, kernel, stride=stride, padding=padding)
    return FilteredImage(np.asarray(grey, dtype=np.float64), np.asarray(kernel, dtype=np.float64), raw, relu(raw))


# --- 4. channels ------------------------------------------------------------------------------------------


def conv_parameter_count(kernel_h: int, kernel_w: int, in_channels: int, out_channels: int, bias: bool = True) -> int:
    """(k·k·C_in + 1)·C_out, the lecture's formula (the +1 is each filter's bias)."""
    return (kernel_h * kernel_w * in_channels + int(bias)) * out_channels


@dataclass(frozen=True)
class ChannelSteps:
    """One filter over a C-channel image: a kernel slice per channel, their maps, the sum and the bias."""

    per_channel: np.ndarray  # (C, OH, OW): channel c convolved with kernel slice c
    summed: np.ndarray  # (OH, OW): sum over channels
    bias: float
    output: np.ndarray  # summed + bias, one output map


def channel_kernel(kernel: np.ndarray, weights) -> np.ndarray:
    """A (C, KH, KW) filter whose slice c is `kernel` scaled by weights[c] (how much each channel counts)."""
    return np.stack([float(w) * np.asarray(kernel, dtype=np.float64) for w in weights])


def channel_steps(image: np.ndarray, kernel: np.ndarray, bias: float = 0.0, stride=1, padding=0) -> ChannelSteps:
    """image (C, H, W), kernel (C, KH, KW): what nn.Conv2d(C, 1, k) does inside, step by step."""
    image = np.asarray(image, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if image.ndim == 2:
        image = image[None]
    if kernel.ndim == 2:
        kernel = kernel[None]
    per_channel = np.stack([conv2d(image[c], kernel[c], stride=stride, padding=padding)
                            for c in range(image.shape[0])])
    summed = per_channel.sum(axis=0)
    return ChannelSteps(per_channel, summed, float(bias), summed + bias)


# --- 5. pooling -------------------------------------------------------------------------------------------

POOL_MODES = ("max", "avg", "min")
_PAD_VALUE = {"max": -np.inf, "min": np.inf, "avg": 0.0}


def _pool_windows(x: np.ndarray, size, stride, padding, mode: str) -> tuple[np.ndarray, np.ndarray]:
    """Windows (…, OH, OW, KH, KW) of the padded input, and a same-shaped mask of real (non-padding) cells."""
    (kh, kw), (ph, pw) = _pair(size), _pair(padding)
    sh, sw = _pair(stride if stride is not None else size)
    oh = pool_output_size(x.shape[-2], kh, ph, sh)
    ow = pool_output_size(x.shape[-1], kw, pw, sw)
    padded = pad2d(x, (ph, pw), _PAD_VALUE[mode])
    real = pad2d(np.ones(x.shape[-2:]), (ph, pw), 0.0)
    windows = np.lib.stride_tricks.sliding_window_view(padded, (kh, kw), axis=(-2, -1))
    mask = np.lib.stride_tricks.sliding_window_view(real, (kh, kw))
    windows = windows[..., : sh * (oh - 1) + 1: sh, : sw * (ow - 1) + 1: sw, :, :]
    mask = mask[: sh * (oh - 1) + 1: sh, : sw * (ow - 1) + 1: sw]
    return windows, mask


def pool2d(x: np.ndarray, size, stride=None, padding=0, mode: str = "max",
           count_include_pad: bool = True) -> np.ndarray:
    """Max, average or min pooling over the last two axes (stride defaults to the pool size, as in PyTorch).

    Average pooling divides by the whole window, padding included, unless `count_include_pad` is False
    (PyTorch's default is True). Min pooling is −max_pool(−x).
    """
    if mode not in POOL_MODES:
        raise ValueError(f"unknown pooling mode {mode!r}; use one of {POOL_MODES}")
    x = np.asarray(x, dtype=np.float64)
    windows, mask = _pool_windows(x, size, stride, padding, mode)
    if mode == "max":
        return windows.max(axis=(-2, -1))
    if mode == "min":
        return windows.min(axis=(-2, -1))
    total = windows.sum(axis=(-2, -1))
    divisor = mask.shape[-2] * mask.shape[-1] if count_include_pad else mask.sum(axis=(-2, -1))
    return total / divisor


@dataclass(frozen=True)
class PoolArithmetic:
    row: int
    col: int
    window_rows: tuple[int, ...]  # on the padded input
    window_cols: tuple[int, ...]
    values: np.ndarray  # the window, padding cells included
    real: np.ndarray  # bool: which cells are real input
    mode: str
    result: float

    def text(self) -> str:
        """'max(1, 1, 5, 6) = 6', '(1 + 1 + 5 + 6) / 4 = 3.25'."""
        values = [format_number(v) if r else ("0" if self.mode == "avg" else "pad")
                  for v, r in zip(self.values.ravel(), self.real.ravel(), strict=True)]
        if self.mode == "avg":
            return f"({' + '.join(values)}) / {self.values.size} = {format_number(self.result)}"
        shown = [v for v, r in zip(values, self.real.ravel(), strict=True) if r]
        return f"{self.mode}({', '.join(shown)}) = {format_number(self.result)}"


def pool_arithmetic(x: np.ndarray, size, row: int, col: int, stride=None, padding=0,
                    mode: str = "max") -> PoolArithmetic:
    """The window behind output cell (row, col) of a 2-D pooling, and how it becomes one number."""
    x = np.asarray(x, dtype=np.float64)
    (kh, kw) = _pair(size)
    sh, sw = _pair(stride if stride is not None else size)
    padded = pad2d(x, padding, _PAD_VALUE[mode])
    real = pad2d(np.ones(x.shape), padding, 0.0).astype(bool)
    rows = tuple(row * sh + a for a in range(kh))
    cols = tuple(col * sw + b for b in range(kw))
    values = padded[np.ix_(rows, cols)]
    result = float(pool2d(x, size, stride, padding, mode)[row, col])
    return PoolArithmetic(row, col, rows, cols, values, real[np.ix_(rows, cols)], mode, result)


# The lecture's pooling example: 2x2 max pooling, stride 2, keeps [[6, 8], [3, 4]].
LECTURE_POOL_INPUT = np.array([
    [1, 1, 2, 4],
    [5, 6, 7, 8],
    [3, 2, 1, 0],
    [1, 2, 3, 4],
], dtype=np.float64)
