"""What a trained XOR net says: its outputs, BCE, predictions, accuracy, and whether the run is stuck.

Every prediction, accuracy and "stuck or not" the XOR page shows comes from here, decided the way the
lecture's float32 torch code decides it, so that no CPU's float64 rounding can change what a page shows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from explainer.topics.activations import activation as activate
from explainer.xor.net import XOR_TARGETS

# A net that saturates to exactly 0 or 1 pays torch's clamp of log() at -100 per sample.
TORCH_LOG_FLOOR = 100.0
STUCK_LOSS = 0.1


def forward(params: Sequence[np.ndarray], points: np.ndarray, activation: str, dtype=np.float64) -> list[np.ndarray]:
    """Every layer's output for `points` (N, 2) under parameters with any leading axes: list of (…, N, out).
    float64 unless `dtype` says float32 (pictures only: explainer.topics.activations.activation)."""
    outputs = []
    a = np.asarray(points, dtype=dtype)
    n_layers = len(params)
    for index, layer in enumerate(params):
        layer = np.asarray(layer, dtype=dtype)
        z = a @ np.swapaxes(layer[..., :-1], -1, -2) + layer[..., None, :, -1]
        a = activate("sigmoid" if index == n_layers - 1 else activation, z, dtype=dtype)
        outputs.append(a)
    return outputs


def bce(outputs: np.ndarray, targets: np.ndarray = XOR_TARGETS) -> np.ndarray:
    """nn.BCELoss (mean over the last axis), with torch's clamp of log() at -100."""
    p = np.asarray(outputs, dtype=np.float64)
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), -TORCH_LOG_FLOOR)
        log_q = np.maximum(np.log1p(-p), -TORCH_LOG_FLOOR)
    return -(targets * log_p + (1 - targets) * log_q).mean(axis=-1)


def bce_from_output_z(out_z: np.ndarray, targets: np.ndarray = XOR_TARGETS) -> np.ndarray:
    """BCE(sigmoid(z), y) from the output's z (…, 4), mean over the last axis: softplus(-z) for y=1, softplus(z)
    for y=0, which stays exact where sigmoid(z) would round to 0 or 1 (torch's floor still applies)."""
    label_sign = np.where(np.asarray(targets) > 0.5, 1.0, -1.0)
    return np.minimum(np.logaddexp(0.0, -np.asarray(out_z) * label_sign), TORCH_LOG_FLOOR).mean(axis=-1)


def predictions(outputs: np.ndarray) -> np.ndarray:
    """The lecture's `predicted = (hypothesis > 0.5).float()`, decided on the float32 hypothesis torch would hold.

    Our engines compute in float64, and a float64 sigmoid of a stuck net's z ~ 1e-16 lands on 0.5 or one ulp
    above it depending on the CPU's exp and summation order (numpy's AVX-512 exp gives 0.5000000000000001 where
    AVX2 gives 0.5). Torch computes the hypothesis in float32, where every value within half a float32 ulp of
    0.5 (2**-25 ~ 3e-8) *is* 0.5, and `0.5 > 0.5` is False: the lecture's stuck net predicts 0 for all four
    points. So the float64 value is rounded to float32 first (round to nearest, ties to even, as torch's
    `.float()`): 0.5 + 1 ulp(float64) and even 0.5 + 2**-25 (a tie, rounds to the even 0.5) give 0; from
    0.5 + 2**-25 + 1 ulp on it is 1. Float64 rounding differences between CPUs (a few 1e-16) then cannot flip a
    decision unless a value falls within them of a float32 rounding midpoint, which the lecture's own float32
    code cannot resolve either. One window stays torch's own: while a hypothesis is a few float32 ulps from 0.5
    but not yet 0.5 (the single layer's approach to ln 2, around epoch 300 at lr 1), torch's decision depends on
    how its float32 exp and division round, and no float64 engine reproduces that bit for bit; the page's
    decisions there are still the same on every CPU, and the lecture's runs are far from it
    (tests/test_xor_decisions.py).
    """
    hypothesis = np.asarray(outputs, dtype=np.float64).astype(np.float32)
    return (hypothesis > np.float32(0.5)).astype(np.float32)


def accuracy(outputs: np.ndarray, targets: np.ndarray = XOR_TARGETS) -> np.ndarray:
    """`(predicted == Y).float().mean()` over the last axis: 0, 0.25, 0.5, 0.75 or 1 for the four XOR points."""
    return (predictions(outputs) == (np.asarray(targets) > 0.5)).mean(axis=-1)


def correct_count(accuracy_value: float, samples: int = len(XOR_TARGETS)) -> int:
    """How many of the `samples` points an accuracy means (an accuracy of four points is a multiple of 1/4)."""
    return int(round(float(accuracy_value) * samples))


def stuck(final_losses: np.ndarray, accuracies: np.ndarray) -> np.ndarray:
    """Which runs failed: still above STUCK_LOSS, or not all four points right (`accuracies` from `accuracy`).

    The loss is compared in float32, as torch's `cost` is, so that float64 noise cannot decide a loss at 0.1.
    """
    losses = np.asarray(final_losses, dtype=np.float64).astype(np.float32)
    return (losses > np.float32(STUCK_LOSS)) | (np.asarray(accuracies) < 1.0)
