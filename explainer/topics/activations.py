"""Activation functions, their derivatives, and how gradients shrink or grow through a deep stack.

Everything is NumPy (float64) so the maths is visible; the tests hold it against PyTorch's own
functions and autograd. Derivatives at the kinks follow PyTorch's autograd: ReLU'(0) = 0,
LeakyReLU'(0) = negative_slope, step'(x) = 0 everywhere (it is flat wherever it is differentiable).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explainer.topics.softmax import log_softmax

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "step")
# The step function has no useful gradient, so backpropagation through it is meaningless.
TRAINABLE_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")
INITIALISATIONS = ("default", "xavier", "he", "normal")
DEFAULT_NEGATIVE_SLOPE = 0.01

# (lower, upper) of the output; None where the output is unbounded.
OUTPUT_RANGES: dict[str, tuple[float | None, float | None]] = {
    "sigmoid": (0.0, 1.0),
    "tanh": (-1.0, 1.0),
    "relu": (0.0, None),
    "leaky_relu": (None, None),
    "step": (0.0, 1.0),
}


def _check_name(name: str) -> None:
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}")


def sigmoid(x, dtype=np.float64):
    """1 / (1 + e^-x) in `dtype`: float64 for the maths, float32 where only a picture is made (activation)."""
    x = np.asarray(x, dtype=dtype)
    if x.dtype == np.float32:
        # Pictures only (the XOR surfaces: 61 snapshots x 1,681 points x every unit): the same two branches computed
        # in place, e / (1 + e) as e * (1 / (1 + e)) (within an ulp), 1.9x faster. Not (1 + tanh(x / 2)) / 2, 14x
        # faster but only 1e-7 accurate in absolute terms: the charts' summaries print a surface's least value
        # (e.g. 2.858e-05) to four digits, and they moved.
        e = np.abs(x)
        np.negative(e, out=e)
        np.exp(e, out=e)
        r = e + 1.0
        np.reciprocal(r, out=r)
        np.multiply(e, r, out=e)
        return np.where(x >= 0, r, e)
    # Two branches so neither exp() overflows for large |x|: 1 / (1 + e^-x) for x >= 0, e^x / (1 + e^x) below, both
    # from e^-|x|. Whole-array ufuncs (not masked assignments): 2.3x faster on the XOR playback's 61 surfaces, and
    # the same bits.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def activation(name: str, x, negative_slope: float = DEFAULT_NEGATIVE_SLOPE, dtype=np.float64) -> np.ndarray:
    """f(x) for one of ACTIVATIONS; step is the Heaviside step with step(0) = 1.

    In float64 unless `dtype` says float32: the XOR page's decision surfaces are pictures of 256 colour levels, and
    float32 halves the time of their 61 snapshots x 1,681 points (decisions never come from them)."""
    _check_name(name)
    x = np.asarray(x, dtype=dtype)
    if name == "sigmoid":
        return sigmoid(x, dtype)
    if name == "tanh":
        return np.tanh(x)
    if name == "relu":
        return np.maximum(x, 0.0)
    if name == "leaky_relu":
        return np.where(x > 0, x, negative_slope * x)
    return (x >= 0).astype(dtype)


def derivative(name: str, x, negative_slope: float = DEFAULT_NEGATIVE_SLOPE) -> np.ndarray:
    """f'(x), matching what PyTorch's autograd returns (including at x = 0)."""
    _check_name(name)
    x = np.asarray(x, dtype=np.float64)
    if name == "sigmoid":
        s = sigmoid(x)
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 - np.tanh(x) ** 2
    if name == "relu":
        return (x > 0).astype(np.float64)
    if name == "leaky_relu":
        return np.where(x > 0, 1.0, negative_slope)
    return np.zeros_like(x)


def max_derivative(name: str, negative_slope: float = DEFAULT_NEGATIVE_SLOPE) -> float:
    """The largest slope the function ever has: it bounds how much one layer can pass a gradient on."""
    _check_name(name)
    return {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0, "leaky_relu": max(1.0, negative_slope), "step": 0.0}[name]


# --- gradient vanishing through a deep stack -------------------------------------------------------


@dataclass(frozen=True)
class LinearLayer:
    weight: np.ndarray  # (out, in), as nn.Linear stores it
    bias: np.ndarray  # (out,)


@dataclass(frozen=True)
class GradientReport:
    """One forward + backward pass through `depth` hidden layers and a 10-class read-out."""

    activation: str
    init: str
    weight_grad_norms: np.ndarray  # (depth,) ||dL/dW_k||, layer 1 = next to the input
    mean_abs_derivative: np.ndarray  # (depth,) mean |f'(z_k)|: the factor each layer multiplies in
    loss: float

    @property
    def depth(self) -> int:
        return len(self.weight_grad_norms)

    @property
    def first_to_last_ratio(self) -> float:
        """Gradient at layer 1 relative to layer N; far below 1 means the early layers barely learn."""
        last = self.weight_grad_norms[-1]
        return float(self.weight_grad_norms[0] / last) if last > 0 else float("nan")


def draw_network(sizes: list[int], init: str, seed: int, batch: int) -> tuple[list[LinearLayer], np.ndarray,
                                                                            np.ndarray]:
    """Layers Linear(sizes[i], sizes[i+1]), a batch of inputs and labels, drawn as this PyTorch code draws them:

        torch.set_default_dtype(torch.float64); torch.manual_seed(seed)
        layers = [nn.Linear(a, b) for a, b in ...]       # nn.Linear's own (default) initialisation
        for layer in layers: <re-initialise unless init == "default">
        x = torch.randn(batch, sizes[0]); labels = torch.randint(0, sizes[-1], (batch,))

    so the page's "PyTorch code" prints the very numbers the chart shows. Re-initialisations: xavier =
    xavier_uniform_, he = kaiming_normal_(nonlinearity="relu"), normal = normal_(0, 1); their biases are 0.
    """
    if init not in INITIALISATIONS:
        raise ValueError(f"unknown initialisation {init!r}; choose one of {', '.join(INITIALISATIONS)}")
    import math

    import torch
    from torch import nn

    generator = torch.Generator().manual_seed(int(seed))
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        weight = torch.empty(fan_out, fan_in, dtype=torch.float64)
        bias = torch.empty(fan_out, dtype=torch.float64)
        # nn.Linear.reset_parameters, drawn from our generator instead of the global one.
        nn.init.kaiming_uniform_(weight, a=math.sqrt(5), generator=generator)
        bound = 1 / math.sqrt(fan_in)
        nn.init.uniform_(bias, -bound, bound, generator=generator)
        params.append((weight, bias))
    if init != "default":
        for weight, bias in params:
            if init == "xavier":
                nn.init.xavier_uniform_(weight, generator=generator)
            elif init == "he":
                nn.init.kaiming_normal_(weight, nonlinearity="relu", generator=generator)
            else:
                nn.init.normal_(weight, 0.0, 1.0, generator=generator)
            nn.init.zeros_(bias)
    inputs = torch.randn(batch, sizes[0], dtype=torch.float64, generator=generator)
    labels = torch.randint(0, sizes[-1], (batch,), generator=generator)
    layers = [LinearLayer(weight.numpy().copy(), bias.numpy().copy()) for weight, bias in params]
    return layers, inputs.numpy().copy(), labels.numpy().copy()


def backprop_gradients(layers: list[LinearLayer], activation_name: str, inputs: np.ndarray, labels: np.ndarray,
                       negative_slope: float = DEFAULT_NEGATIVE_SLOPE) -> tuple[list[np.ndarray], list[np.ndarray],
                                                                                 float]:
    """Weight gradients of mean cross-entropy for hidden layers (with activation) + a linear read-out.

    Returns (weight gradients per layer incl. read-out, pre-activations z per hidden layer, loss).
    The chain rule by hand: delta_k = (delta_{k+1} W_{k+1}) * f'(z_k), dL/dW_k = delta_k^T a_{k-1}.
    """
    activations_in = [inputs]
    pre_activations = []
    for layer in layers[:-1]:
        z = activations_in[-1] @ layer.weight.T + layer.bias
        pre_activations.append(z)
        activations_in.append(activation(activation_name, z, negative_slope))
    readout = layers[-1]
    logits = activations_in[-1] @ readout.weight.T + readout.bias
    log_probs = log_softmax(logits)  # shifted by the row maximum: finite even when a bad initialisation explodes
    probs = np.exp(log_probs)
    rows = np.arange(len(labels))
    loss = float(-np.mean(log_probs[rows, labels]))
    delta = probs.copy()
    delta[rows, labels] -= 1.0
    delta /= len(labels)  # mean over the batch
    grads = [delta.T @ activations_in[-1]]
    for k in range(len(layers) - 2, -1, -1):
        delta = (delta @ layers[k + 1].weight) * derivative(activation_name, pre_activations[k], negative_slope)
        grads.append(delta.T @ activations_in[k])
    return grads[::-1], pre_activations, loss


def gradient_report(activation_name: str, depth: int, init: str = "default", width: int = 32, seed: int = 0,
                    batch: int = 64, classes: int = 10,
                    negative_slope: float = DEFAULT_NEGATIVE_SLOPE) -> GradientReport:
    """The size of the gradient reaching each of `depth` hidden layers (width x width) after one backward pass.

    The same seed gives the same weights and batch for every activation, so curves are comparable.
    """
    if activation_name not in TRAINABLE_ACTIVATIONS:
        raise ValueError(f"{activation_name!r} has no usable gradient; choose one of {TRAINABLE_ACTIVATIONS}")
    if not 1 <= depth <= 100:
        raise ValueError(f"depth must be between 1 and 100, got {depth}")
    layers, inputs, labels = draw_network([width] * (depth + 1) + [classes], init, seed, batch)
    grads, pre_activations, loss = backprop_gradients(layers, activation_name, inputs, labels, negative_slope)
    norms = np.array([np.linalg.norm(g) for g in grads[:-1]])
    mean_slopes = np.array([np.abs(derivative(activation_name, z, negative_slope)).mean() for z in pre_activations])
    return GradientReport(activation_name, init, norms, mean_slopes, loss)


@dataclass(frozen=True)
class SlopeBound:
    """How the slope bound max|f′|^(n−1) relates to the measured first-to-last gradient ratio.

    From layer n back to layer 1 the backward pass multiplies by n−1 activation slopes f′(z) (σ′ is at most 0.25,
    at z = 0 only), by n−1 transposed weight matrices, and each weight gradient by its layer's input. The bound is
    on the slopes alone; `rest` is what the weights and inputs contribute to the measured ratio.
    """

    factors: int  # activation slopes between layer n and layer 1
    max_slope: float
    bound: float  # max_slope ** factors
    mean_slope_product: float  # product of the per-layer mean |f′(z)| over those layers
    measured_ratio: float

    @property
    def rest(self) -> float:
        return self.measured_ratio / self.mean_slope_product if self.mean_slope_product > 0 else float("nan")


def slope_bound(report: GradientReport, negative_slope: float = DEFAULT_NEGATIVE_SLOPE) -> SlopeBound:
    factors = report.depth - 1
    top = max_derivative(report.activation, negative_slope)
    return SlopeBound(factors, top, top ** factors, float(np.prod(report.mean_abs_derivative[:-1])),
                      report.first_to_last_ratio)
