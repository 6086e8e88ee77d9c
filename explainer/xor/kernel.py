"""The XOR trainer's compiled inner loop (numba): full-batch SGD on BCE, one net after another.

Why compiled: NumPy pays ~1 us per array call, and an epoch of the lecture's net needs ~34 calls for a few
thousand multiply-adds, so a NumPy epoch is all call overhead (27 us); batching K nets into (K, ...) stacks
only helps up to K ~ 5, because stacked small matmuls cost one BLAS call per net. Compiled, an epoch is the
arithmetic alone, with the four XOR samples as four SIMD lanes (written as four scalars so that LLVM packs
them), and the K nets are independent for the whole run, so threads split them with no synchronisation.

Layout: each net's parameters are one float64 row, layer after layer, each layer [W | b] row-major in torch's
orientation (out, in + 1). Maths as in torch: z = W a + b, hidden activation, sigmoid output, BCE mean over
the four samples (so dBCE/dz = (sigmoid(z) - y) / 4 at the output), then `p -= lr * grad` for every layer,
gradients taken with the parameters before the step.
"""

from __future__ import annotations

import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

try:  # numba is a requirement; without it (an unusual platform) xor.engines uses xor.numpy_engine
    from numba import njit
except ImportError:  # pragma: no cover - exercised only where numba cannot be installed
    njit = None

SAMPLES = 4
ACTIVATION_CODES = {"sigmoid": 0, "tanh": 1, "relu": 2}
AVAILABLE = njit is not None


def _jit(**options):
    """njit with numba's on-disk cache where there is a writable place for it, else compiled once per process."""
    def decorate(function):
        try:
            return njit(cache=True, **options)(function)
        except RuntimeError:  # "cannot cache function ...: no locator available" (read-only tree and home)
            return njit(**options)(function)
    return decorate


if AVAILABLE:

    @njit(inline="always")
    def _activate(z: float, code: int) -> float:
        if code == 0:
            return 1.0 / (1.0 + math.exp(-z))
        if code == 1:
            return math.tanh(z)
        return z if z > 0.0 else 0.0

    @njit(inline="always")
    def _slope(a: float, code: int) -> float:
        """The activation's derivative, written with its output a (as autograd does for sigmoid and tanh)."""
        if code == 0:
            return a * (1.0 - a)
        if code == 1:
            return 1.0 - a * a
        return 1.0 if a > 0.0 else 0.0

    @_jit(nogil=True, error_model="numpy")
    def _train_nets(params, offsets, sizes, codes, lr, epochs, inputs, targets, out_z, schedule, snapshots):
        """Train every row of `params` (K, P) in place; out_z (K, epochs, 4) gets the output's z per epoch,
        snapshots (K, len(schedule), P) the parameters after schedule[j] steps."""
        n_nets = params.shape[0]
        n_layers = sizes.shape[0] - 1
        widest = 0
        for size in sizes:
            widest = max(widest, size)
        acts = np.empty((n_layers + 1, widest, SAMPLES))
        delta = np.empty((widest, SAMPLES))
        below = np.empty((widest, SAMPLES))
        scale = lr / SAMPLES
        for net in range(n_nets):
            p = params[net]
            for i in range(sizes[0]):
                for s in range(SAMPLES):
                    acts[0, i, s] = inputs[s, i]
            shot = 0
            for epoch in range(epochs + 1):
                if shot < schedule.shape[0] and schedule[shot] == epoch:
                    snapshots[net, shot, :] = p
                    shot += 1
                if epoch == epochs:
                    break
                # forward
                for layer in range(n_layers):
                    n_in = sizes[layer]
                    code = codes[layer]
                    for o in range(sizes[layer + 1]):
                        row = offsets[layer] + o * (n_in + 1)
                        z0 = z1 = z2 = z3 = p[row + n_in]
                        for i in range(n_in):
                            w = p[row + i]
                            z0 += w * acts[layer, i, 0]
                            z1 += w * acts[layer, i, 1]
                            z2 += w * acts[layer, i, 2]
                            z3 += w * acts[layer, i, 3]
                        if layer == n_layers - 1:
                            out_z[net, epoch, 0] = z0
                            out_z[net, epoch, 1] = z1
                            out_z[net, epoch, 2] = z2
                            out_z[net, epoch, 3] = z3
                        acts[layer + 1, o, 0] = _activate(z0, code)
                        acts[layer + 1, o, 1] = _activate(z1, code)
                        acts[layer + 1, o, 2] = _activate(z2, code)
                        acts[layer + 1, o, 3] = _activate(z3, code)
                # backward: lr is folded into the deltas, so every gradient below is already lr * grad
                for s in range(SAMPLES):
                    delta[0, s] = (acts[n_layers, 0, s] - targets[s]) * scale
                for layer in range(n_layers - 1, -1, -1):
                    n_in = sizes[layer]
                    n_out = sizes[layer + 1]
                    if layer > 0:  # the delta of the layer below, from this layer's weights before its step
                        code = codes[layer - 1]
                        for i in range(n_in):
                            g0 = g1 = g2 = g3 = 0.0
                            for o in range(n_out):
                                w = p[offsets[layer] + o * (n_in + 1) + i]
                                g0 += w * delta[o, 0]
                                g1 += w * delta[o, 1]
                                g2 += w * delta[o, 2]
                                g3 += w * delta[o, 3]
                            below[i, 0] = g0 * _slope(acts[layer, i, 0], code)
                            below[i, 1] = g1 * _slope(acts[layer, i, 1], code)
                            below[i, 2] = g2 * _slope(acts[layer, i, 2], code)
                            below[i, 3] = g3 * _slope(acts[layer, i, 3], code)
                    for o in range(n_out):
                        row = offsets[layer] + o * (n_in + 1)
                        d0 = delta[o, 0]
                        d1 = delta[o, 1]
                        d2 = delta[o, 2]
                        d3 = delta[o, 3]
                        for i in range(n_in):
                            p[row + i] -= (d0 * acts[layer, i, 0] + d1 * acts[layer, i, 1]
                                           + d2 * acts[layer, i, 2] + d3 * acts[layer, i, 3])
                        p[row + n_in] -= d0 + d1 + d2 + d3
                    if layer > 0:
                        delta, below = below, delta


_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=max(1, min(os.cpu_count() or 1, 8)), thread_name_prefix="xor")
        return _POOL


_LOADED = threading.Event()


def ensure_loaded() -> None:
    """Compile the kernel or load it from numba's disk cache (0.3 s to 10 s, once per process), so that the
    times a page shows are training times."""
    if _LOADED.is_set() or not AVAILABLE:
        return
    # A 2-1 net for one epoch, through train_flat so that the argument types are exactly a real call's.
    train_flat(np.zeros((1, 3)), [0], [2, 1], ["sigmoid"], 1.0, 1, np.zeros((SAMPLES, 2)), np.zeros(SAMPLES), [0],
               threads=1)
    _LOADED.set()


def train_flat(params: np.ndarray, offsets: np.ndarray, sizes: np.ndarray, activations: list[str], lr: float,
               epochs: int, inputs: np.ndarray, targets: np.ndarray, schedule: np.ndarray,
               threads: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Train K nets given as rows of `params` (K, P). Returns (final params (K, P), output z (K, epochs, 4),
    snapshots (K, len(schedule), P)). Nets are split over `threads` (default: one per core, at most K)."""
    if not AVAILABLE:
        raise RuntimeError("numba is not installed")
    params = np.array(params, dtype=np.float64, order="C")  # a copy: trained in place
    n_nets = params.shape[0]
    out_z = np.empty((n_nets, int(epochs), SAMPLES))
    snapshots = np.empty((n_nets, len(schedule), params.shape[1]))
    args = (np.ascontiguousarray(offsets, dtype=np.int64), np.ascontiguousarray(sizes, dtype=np.int64),
            np.array([ACTIVATION_CODES[a] for a in activations], dtype=np.int64), float(lr), int(epochs),
            np.ascontiguousarray(inputs, dtype=np.float64), np.ascontiguousarray(targets, dtype=np.float64))
    schedule = np.ascontiguousarray(schedule, dtype=np.int64)
    workers = min(n_nets, threads if threads is not None else (os.cpu_count() or 1))
    if workers <= 1:
        _train_nets(params, *args, out_z, schedule, snapshots)
        return params, out_z, snapshots
    # Contiguous slices of rows: each thread trains its nets start to end, nothing shared but read-only inputs.
    bounds = np.linspace(0, n_nets, workers + 1).astype(int)
    jobs = [_pool().submit(_train_nets, params[a:b], *args, out_z[a:b], schedule, snapshots[a:b])
            for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b > a]
    for job in jobs:
        job.result()
    return params, out_z, snapshots
