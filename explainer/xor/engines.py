"""A fast trainer for small fully-connected nets on the four XOR points, faithful to torch's eager loop.

Torch's eager loop spends ~0.3 ms per epoch on dispatch for a few hundred flops. Two engines do the same maths
in float64 (so the only rounding that matters in a comparison with torch is torch's float32):

- "compiled" (explainer.xor.kernel, numba): the epoch as plain loops, ~2 us; the app's engine;
- "numpy" (explainer.xor.numpy_engine): a few in-place array calls per epoch, batched over K with (K, ...) stacks;
  ~27 us per epoch, all of it call overhead; the fallback where numba is missing, and a second oracle in tests.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from explainer.xor import kernel as xor_kernel
from explainer.xor import numpy_engine as xor_numpy
from explainer.xor.decisions import accuracy, bce, bce_from_output_z, forward, predictions
from explainer.xor.net import LECTURE_EPOCHS, LECTURE_LR, LECTURE_SEED, XOR_INPUTS, XOR_TARGETS, XorNet
from explainer.xor.torch_reference import initial_params

ENGINES = ("compiled", "numpy")


@dataclass
class XorTraining:
    """K nets trained side by side. Parameters are (…, out, in + 1) matrices [W | b] in torch's orientation."""

    net: XorNet
    lr: float
    epochs: int
    seeds: list[int]
    losses: np.ndarray  # (K, epochs): BCE at each epoch, before that epoch's step (what the lecture prints)
    snapshot_epochs: np.ndarray  # (S,): number of SGD steps taken when each snapshot was recorded
    snapshots: list[np.ndarray]  # per layer (S, K, out, in + 1)
    final_params: list[np.ndarray] = field(default_factory=list)  # per layer (K, out, in + 1)
    seconds: float = 0.0

    @property
    def final_outputs(self) -> np.ndarray:
        """(K, 4): the trained nets' probabilities on the four XOR points (the lecture's `hypothesis`)."""
        return forward(self.final_params, XOR_INPUTS, self.net.activation)[-1][..., 0]

    @property
    def final_losses(self) -> np.ndarray:
        """(K,): BCE of the trained nets (after the last step)."""
        return bce(self.final_outputs, XOR_TARGETS)

    @property
    def final_predictions(self) -> np.ndarray:
        """(K, 4): the lecture's `predicted`, 0 or 1 per point (see `decisions.predictions`)."""
        return predictions(self.final_outputs)

    @property
    def accuracies(self) -> np.ndarray:
        """(K,): fraction of the four points classified right, decided as the lecture's float32 code does."""
        return accuracy(self.final_outputs)

    def params_at(self, snapshot: int, k: int = 0) -> list[np.ndarray]:
        return [layer[snapshot, k] for layer in self.snapshots]


def snapshot_schedule(epochs: int, count: int = 60) -> np.ndarray:
    """About `count` + 1 evenly spaced step counts from 0 (initial weights) to `epochs` (trained)."""
    return np.unique(np.round(np.linspace(0, epochs, max(count, 1) + 1)).astype(int))


def train(net: XorNet, lr: float = LECTURE_LR, epochs: int = LECTURE_EPOCHS,
          seeds: int | Sequence[int] = LECTURE_SEED, snapshots: int = 60,
          init: Sequence[np.ndarray] | None = None, engine: str = "auto", threads: int | None = None) -> XorTraining:
    """Full-batch SGD on BCE for K initialisations at once (torch's initial weights for each seed).

    engine: "compiled" (xor_kernel, numba), "numpy" (xor_numpy, array calls), or "auto" (compiled when
    numba is installed). Both do the same maths in float64 and agree to rounding. threads: how many cores the
    compiled engine splits the K nets over (default: all); the numbers do not depend on it.
    """
    seed_list = [seeds] if isinstance(seeds, int) else list(seeds)
    params0 = [np.asarray(p, dtype=np.float64) for p in (init if init is not None else initial_params(net, seed_list))]
    schedule = snapshot_schedule(epochs, snapshots)
    if engine == "auto":
        engine = default_engine()
    if engine not in ENGINES:
        raise ValueError(f"engine must be 'auto', 'compiled' or 'numpy', got {engine!r}")
    if engine == "compiled":
        out_z, snaps, final, seconds = _train_compiled(net, params0, float(lr), int(epochs), schedule, threads)
    else:
        start = time.perf_counter()
        out_z, snaps, final = xor_numpy.train_arrays(net, params0, float(lr), int(epochs), schedule,
                                                     XOR_INPUTS, XOR_TARGETS)
        seconds = time.perf_counter() - start
    return XorTraining(net, float(lr), int(epochs), seed_list, bce_from_output_z(out_z), schedule, snaps, final,
                       seconds)


def _train_compiled(net: XorNet, params0: list[np.ndarray], lr: float, epochs: int, schedule: np.ndarray,
                    threads: int | None = None):
    """The numba kernel on the parameters flattened one row per net; back to per-layer stacks afterwards."""
    k = params0[0].shape[0]
    shapes = [p.shape[1:] for p in params0]
    sizes = np.array(net.sizes)
    offsets = np.cumsum([0] + [rows * cols for rows, cols in shapes[:-1]])
    flat0 = np.concatenate([p.reshape(k, -1) for p in params0], axis=1)
    xor_kernel.ensure_loaded()
    start = time.perf_counter()
    flat, out_z, snapshot_rows = xor_kernel.train_flat(flat0, offsets, sizes, net.layer_activations(), lr, epochs,
                                                       XOR_INPUTS, XOR_TARGETS, schedule, threads=threads)
    seconds = time.perf_counter() - start
    bounds = [(off, rows * cols) for off, (rows, cols) in zip(offsets, shapes, strict=True)]
    snaps = [np.ascontiguousarray(snapshot_rows[:, :, off:off + size].transpose(1, 0, 2)).reshape(
        len(schedule), k, *shape) for (off, size), shape in zip(bounds, shapes, strict=True)]
    final = [flat[:, off:off + size].reshape(k, *shape) for (off, size), shape in zip(bounds, shapes, strict=True)]
    return out_z, snaps, final, seconds


def default_engine() -> str:
    """The engine "auto" means: compiled where numba is installed."""
    return "compiled" if xor_kernel.AVAILABLE else "numpy"


def warm_up() -> str:
    """Compile the XOR kernel now (or load it from numba's disk cache), not on a student's first XOR page view."""
    xor_kernel.ensure_loaded()
    return default_engine()
