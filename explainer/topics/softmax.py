"""Softmax, cross-entropy and its gradient p - y, plus the lecture's worked examples.

The lecture computes one example with log base 10 (-log10(0.7) = 0.154901...) and its three-sample
table with the natural log (0.51, 0.51, 1.20, mean 0.74). PyTorch's F.cross_entropy uses the natural
log; `cross_entropy(..., base=10)` reproduces the base-10 number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# The lecture's table: predicted probabilities and one-hot targets of three samples over three classes.
LECTURE_PREDICTIONS = np.array([[0.1, 0.3, 0.6], [0.2, 0.6, 0.2], [0.3, 0.4, 0.3]])
LECTURE_TARGETS = np.array([[0, 0, 1], [0, 1, 0], [1, 0, 0]])
# The lecture's single example: the true class is predicted with probability 0.7.
LECTURE_EXAMPLE_PREDICTION = np.array([0.1, 0.2, 0.7])
LECTURE_EXAMPLE_TARGET = np.array([0, 0, 1])
DEFAULT_LOGITS = (2.0, 1.0, 0.1)


def formula_latex(true_class_word: str) -> str:
    """Softmax and cross-entropy as the lecture writes them, for st.latex."""
    return (r"p_i = \frac{e^{z_i}}{\sum_j e^{z_j}} \qquad L = -\sum_k y_k \ln p_k = -\ln p_{\text{"
            + true_class_word + "}}")


def softmax(logits) -> np.ndarray:
    """exp(z_i) / sum_j exp(z_j) along the last axis, shifted by the maximum so it never overflows."""
    z = np.asarray(logits, dtype=np.float64)
    shifted = z - z.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


def log_softmax(logits) -> np.ndarray:
    """log softmax(z) along the last axis, computed as (z - max) - log sum exp(z - max) so it never overflows."""
    z = np.asarray(logits, dtype=np.float64)
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def one_hot(index: int, classes: int) -> np.ndarray:
    if not 0 <= index < classes:
        raise ValueError(f"class {index} is outside 0..{classes - 1}")
    y = np.zeros(classes)
    y[index] = 1.0
    return y


def cross_entropy(probabilities, targets, base: float = math.e) -> np.ndarray:
    """-sum_k y_k log p_k per sample (rows), for probabilities and one-hot (or soft) targets."""
    p = np.asarray(probabilities, dtype=np.float64)
    y = np.asarray(targets, dtype=np.float64)
    if p.shape != y.shape:
        raise ValueError(f"probabilities {p.shape} and targets {y.shape} must have the same shape")
    # 0 · log 0 counts as 0: a class the target does not name contributes nothing.
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(y > 0, y * np.log(p), 0.0)
    return -terms.sum(axis=-1) / math.log(base)


def cross_entropy_from_logits(logits, target_class) -> np.ndarray:
    """What F.cross_entropy(logits, target, reduction='none') computes: -log softmax(z)[target]."""
    log_p = log_softmax(logits)
    target_class = np.asarray(target_class)
    return -np.take_along_axis(log_p, target_class[..., None], axis=-1)[..., 0]


def cross_entropy_gradient(logits, target_class: int) -> np.ndarray:
    """d CE / d logits = softmax(z) - one_hot(target): the error signal backpropagation starts with."""
    p = softmax(logits)
    return p - one_hot(target_class, p.shape[-1])


@dataclass(frozen=True)
class LogitReport:
    logits: np.ndarray
    probabilities: np.ndarray
    target: int
    loss: float  # natural log, as PyTorch
    loss_log10: float
    gradient: np.ndarray  # p - y


def logit_report(logits, target: int) -> LogitReport:
    z = np.asarray(logits, dtype=np.float64)
    p = softmax(z)
    loss = float(cross_entropy_from_logits(z, target))
    return LogitReport(z, p, target, loss, loss / math.log(10), cross_entropy_gradient(z, target))


@dataclass(frozen=True)
class LectureTable:
    predictions: np.ndarray
    targets: np.ndarray
    per_sample: np.ndarray  # natural-log cross-entropy of each sample
    mean: float


def lecture_table(predictions=LECTURE_PREDICTIONS, targets=LECTURE_TARGETS) -> LectureTable:
    per_sample = cross_entropy(predictions, targets)
    return LectureTable(np.asarray(predictions), np.asarray(targets), per_sample, float(per_sample.mean()))


def lecture_example(prediction=LECTURE_EXAMPLE_PREDICTION, target=LECTURE_EXAMPLE_TARGET) -> tuple[float, float]:
    """The single example's cross-entropy in base 10 (the lecture's 0.154901) and in base e (PyTorch's)."""
    return float(cross_entropy(prediction, target, base=10)), float(cross_entropy(prediction, target))


def truncate(value: float, digits: int) -> str:
    """`value` cut (not rounded) to `digits` decimals, the way the lecture writes 0.154901 for 0.1549019..."""
    scale = 10**digits
    return f"{math.trunc(value * scale) / scale:.{digits}f}"
