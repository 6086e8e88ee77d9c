"""The lecture's perceptron: s = b + w1·x1 + w2·x2, output τ(s), on the four truth-table points.

τ is the lecture's bipolar step: τ(s) = 1 if s >= 0 else -1, and the targets are -1/1 (false/true).
The learning rule is w <- w + η (t - y) x, b <- b + η (t - y): it moves only on a misclassified point,
by ±2η, and converges exactly when one straight line separates the classes - never for XOR.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TRUTH_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
GATES = ("AND", "OR", "NAND", "XOR")
GATE_TRUTH: dict[str, tuple[int, int, int, int]] = {
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "NAND": (1, 1, 1, 0),
    "XOR": (0, 1, 1, 0),
}
# (w1, w2, b). OR is the lecture's example; XOR has no separating setting, so its "preset" is OR's
# line, which gets three of the four points right - the best a single line can do.
PRESETS: dict[str, tuple[float, float, float]] = {
    "AND": (1.0, 1.0, -1.5),
    "OR": (1.0, 1.0, -0.5),
    "NAND": (-1.0, -1.0, 1.5),
    "XOR": (1.0, 1.0, -0.5),
}
DEFAULT_MAX_EPOCHS = 100


def _check_gate(gate: str) -> None:
    if gate not in GATE_TRUTH:
        raise ValueError(f"unknown gate {gate!r}; choose one of {', '.join(GATES)}")


def bipolar_step(s):
    """τ(s): 1 where s >= 0, else -1."""
    return np.where(np.asarray(s, dtype=np.float64) >= 0, 1, -1)


def unit_step(s):
    """1 where s >= 0, else 0: the same decision written as a truth value, to feed another layer."""
    return np.where(np.asarray(s, dtype=np.float64) >= 0, 1, 0)


def targets(gate: str) -> np.ndarray:
    """The gate's truth column as bipolar targets (-1 false, 1 true)."""
    _check_gate(gate)
    return np.array(GATE_TRUTH[gate]) * 2 - 1


def weighted_sums(w1: float, w2: float, b: float, inputs: np.ndarray = TRUTH_INPUTS) -> np.ndarray:
    return b + w1 * inputs[:, 0] + w2 * inputs[:, 1]


@dataclass(frozen=True)
class TruthRow:
    x1: int
    x2: int
    s: float
    output: int  # τ(s)
    target: int

    @property
    def correct(self) -> bool:
        return self.output == self.target


def truth_table(w1: float, w2: float, b: float, gate: str) -> list[TruthRow]:
    """The lecture's table: s = b + w1·x1 + w2·x2 and τ(s) for each input, beside the gate's target."""
    sums = weighted_sums(w1, w2, b)
    outputs = bipolar_step(sums)
    return [TruthRow(int(x[0]), int(x[1]), float(s), int(y), int(t))
            for x, s, y, t in zip(TRUTH_INPUTS, sums, outputs, targets(gate), strict=True)]


def correct_count(w1: float, w2: float, b: float, gate: str) -> int:
    return sum(row.correct for row in truth_table(w1, w2, b, gate))


def decision_line(w1: float, w2: float, b: float, lo: float = -0.5, hi: float = 1.5) -> np.ndarray | None:
    """Two end points (2, 2) of w1·x1 + w2·x2 + b = 0 clipped to the square [lo, hi]², or None if it misses it."""
    if w1 == 0 and w2 == 0:
        return None  # s is the constant b: everything lies on one side
    candidates = []
    for x1 in (lo, hi):
        if w2 != 0:
            candidates.append((x1, -(b + w1 * x1) / w2))
    for x2 in (lo, hi):
        if w1 != 0:
            candidates.append((-(b + w2 * x2) / w1, x2))
    eps = 1e-12
    inside = [p for p in candidates if lo - eps <= p[0] <= hi + eps and lo - eps <= p[1] <= hi + eps]
    unique: list[tuple[float, float]] = []
    for point in inside:
        if all(abs(point[0] - q[0]) > 1e-9 or abs(point[1] - q[1]) > 1e-9 for q in unique):
            unique.append(point)
    if len(unique) < 2:
        return None
    return np.array(unique[:2])


# --- the learning rule ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Update:
    """One application of the rule on point `index`, with every number needed to write it out."""

    index: int
    x1: float
    x2: float
    s: float
    output: int
    target: int
    eta: float
    before: tuple[float, float, float]  # (w1, w2, b)
    after: tuple[float, float, float]

    @property
    def factor(self) -> float:
        """η (t - y): the amount added to b, and (times x_i) to w_i."""
        return self.eta * (self.target - self.output)


def next_misclassified(w1: float, w2: float, b: float, gate: str, start: int = 0) -> int | None:
    """Index of the first wrong point at or after `start`, going round the four; None if all are right."""
    rows = truth_table(w1, w2, b, gate)
    for offset in range(len(rows)):
        index = (start + offset) % len(rows)
        if not rows[index].correct:
            return index
    return None


def _clean(value: float) -> float:
    # Steps of 0.1 accumulate binary noise (0.30000000000000004); the slider and the table want 0.3.
    return float(round(float(value), 10)) + 0.0


def apply_rule(w1: float, w2: float, b: float, gate: str, index: int, eta: float) -> Update:
    """w <- w + η (t - y) x and b <- b + η (t - y) on point `index` (a no-op if it is already right)."""
    x1, x2 = TRUTH_INPUTS[index]
    s = float(b + w1 * x1 + w2 * x2)
    output = int(bipolar_step(s))
    target = int(targets(gate)[index])
    factor = eta * (target - output)
    after = (_clean(w1 + factor * x1), _clean(w2 + factor * x2), _clean(b + factor))
    return Update(index, float(x1), float(x2), s, output, target, eta, (w1, w2, b), after)


def learning_step(w1: float, w2: float, b: float, gate: str, eta: float, start: int = 0) -> Update | None:
    """The rule applied once, on the next misclassified point from `start`; None when nothing is wrong."""
    index = next_misclassified(w1, w2, b, gate, start)
    return None if index is None else apply_rule(w1, w2, b, gate, index, eta)


@dataclass(frozen=True)
class TrainingRun:
    updates: list[Update]
    converged: bool
    epochs: int  # passes over the four points
    final: tuple[float, float, float]


def train(w1: float, w2: float, b: float, gate: str, eta: float,
          max_epochs: int = DEFAULT_MAX_EPOCHS) -> TrainingRun:
    """Passes over the four points in order, updating on each mistake, until a pass has none or `max_epochs`."""
    weights = (w1, w2, b)
    updates: list[Update] = []
    for epoch in range(1, max_epochs + 1):
        mistakes = 0
        for index in range(len(TRUTH_INPUTS)):
            update = apply_rule(*weights, gate, index, eta)
            if update.output != update.target:
                mistakes += 1
                updates.append(update)
                weights = update.after
        if mistakes == 0:
            return TrainingRun(updates, True, epoch, weights)
    return TrainingRun(updates, False, max_epochs, weights)


def is_linearly_separable(gate: str) -> bool:
    """Whether some line separates the gate's true and false points (the perceptron theorem decides it)."""
    return train(0.0, 0.0, 0.0, gate, 1.0, max_epochs=50).converged


# --- two layers: XOR = AND(OR, NAND) ---------------------------------------------------------------


@dataclass(frozen=True)
class TwoLayerRow:
    x1: int
    x2: int
    s_or: float
    h_or: int
    s_nand: float
    h_nand: int
    s_and: float
    output: int


def xor_two_layers(or_weights=PRESETS["OR"], nand_weights=PRESETS["NAND"],
                   and_weights=PRESETS["AND"]) -> list[TwoLayerRow]:
    """The lecture's construction: hidden units OR and NAND (0/1 outputs), then AND of the two."""
    s_or = weighted_sums(*or_weights)
    s_nand = weighted_sums(*nand_weights)
    h_or, h_nand = unit_step(s_or), unit_step(s_nand)
    s_and = weighted_sums(*and_weights, inputs=np.stack([h_or, h_nand], axis=1).astype(np.float64))
    out = unit_step(s_and)
    return [TwoLayerRow(int(x[0]), int(x[1]), float(a), int(ha), float(n), int(hn), float(c), int(o))
            for x, a, ha, n, hn, c, o in zip(TRUTH_INPUTS, s_or, h_or, s_nand, h_nand, s_and, out, strict=True)]
