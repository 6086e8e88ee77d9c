"""A fast trainer for small fully-connected nets on the four XOR points, faithful to torch's eager loop.

The lecture trains a 2-10-10-10-1 sigmoid MLP with full-batch SGD (lr 1, BCE) for 10,001 epochs. Torch's
eager loop spends ~0.3 ms per epoch on dispatch for a few hundred flops. Two engines do the same maths in
float64 (so the only rounding that matters in a comparison with torch is torch's float32):

- "compiled" (explainer.xor.kernel, numba): the epoch as plain loops, ~2 us; the app's engine;
- "numpy" (explainer.xor.numpy_engine): a few in-place array calls per epoch, batched over K with (K, ...) stacks;
  ~27 us per epoch, all of it call overhead; the fallback where numba is missing, and a second oracle in tests.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from explainer.xor import kernel as xor_kernel
from explainer.xor import numpy_engine as xor_numpy

XOR_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_TARGETS = np.array([0.0, 1.0, 1.0, 0.0])
ACTIVATIONS = ("sigmoid", "tanh", "relu")
MAX_HIDDEN_LAYERS = 4
WIDTH_RANGE = (2, 16)
LECTURE_SEED = 777
LECTURE_LR = 1.0
LECTURE_EPOCHS = 10_001
# A net that saturates to exactly 0 or 1 pays torch's clamp of log() at -100 per sample.
_TORCH_LOG_FLOOR = 100.0


@dataclass(frozen=True)
class XorNet:
    """A 2-width-...-width-1 net; `hidden_layers=0` is the lecture's single-layer perceptron Linear(2, 1)."""

    hidden_layers: int = 3
    width: int = 10
    activation: str = "sigmoid"

    def __post_init__(self) -> None:
        if not 0 <= self.hidden_layers <= MAX_HIDDEN_LAYERS:
            raise ValueError(f"hidden_layers must be 0..{MAX_HIDDEN_LAYERS}, got {self.hidden_layers}")
        if self.hidden_layers and not WIDTH_RANGE[0] <= self.width <= WIDTH_RANGE[1]:
            raise ValueError(f"width must be {WIDTH_RANGE[0]}..{WIDTH_RANGE[1]}, got {self.width}")
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, got {self.activation!r}")

    @property
    def sizes(self) -> list[int]:
        """Units per layer, inputs first: [2, 10, 10, 10, 1] for the lecture's MLP."""
        return [2] + [self.width] * self.hidden_layers + [1]

    def layer_activations(self) -> list[str]:
        """The activation after each Linear: the hidden one, then the output's sigmoid."""
        return [self.activation] * self.hidden_layers + ["sigmoid"]


LECTURE_MLP = XorNet(3, 10, "sigmoid")
SINGLE_LAYER = XorNet(0, 10, "sigmoid")


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
        """(K, 4): the lecture's `predicted`, 0 or 1 per point (see `predictions`)."""
        return predictions(self.final_outputs)

    @property
    def accuracies(self) -> np.ndarray:
        """(K,): fraction of the four points classified right, decided as the lecture's float32 code does."""
        return accuracy(self.final_outputs)

    def params_at(self, snapshot: int, k: int = 0) -> list[np.ndarray]:
        return [layer[snapshot, k] for layer in self.snapshots]


def activate(z: np.ndarray, activation: str) -> np.ndarray:
    if activation == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    if activation == "tanh":
        return np.tanh(z)
    if activation == "relu":
        return np.maximum(z, 0.0)
    raise ValueError(f"unknown activation {activation!r}")


def forward(params: Sequence[np.ndarray], points: np.ndarray, activation: str) -> list[np.ndarray]:
    """Every layer's output for `points` (N, 2) under parameters with any leading axes: list of (…, N, out)."""
    outputs = []
    a = np.asarray(points, dtype=np.float64)
    n_layers = len(params)
    for index, layer in enumerate(params):
        z = a @ np.swapaxes(layer[..., :-1], -1, -2) + layer[..., None, :, -1]
        a = activate(z, "sigmoid" if index == n_layers - 1 else activation)
        outputs.append(a)
    return outputs


def bce(outputs: np.ndarray, targets: np.ndarray = XOR_TARGETS) -> np.ndarray:
    """nn.BCELoss (mean over the last axis), with torch's clamp of log() at -100."""
    p = np.asarray(outputs, dtype=np.float64)
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), -_TORCH_LOG_FLOOR)
        log_q = np.maximum(np.log1p(-p), -_TORCH_LOG_FLOOR)
    return -(targets * log_p + (1 - targets) * log_q).mean(axis=-1)


def predictions(outputs: np.ndarray) -> np.ndarray:
    """The lecture's `predicted = (hypothesis > 0.5).float()`, decided on the float32 hypothesis torch would hold.

    Every prediction, accuracy and "stuck or not" the page shows comes from here. Our engines compute in
    float64, and a float64 sigmoid of a stuck net's z ~ 1e-16 lands on 0.5 or one ulp above it depending on the
    CPU's exp and summation order (numpy's AVX-512 exp gives 0.5000000000000001 where AVX2 gives 0.5). Torch
    computes the hypothesis in float32, where every value within half a float32 ulp of 0.5 (2**-25 ~ 3e-8) *is*
    0.5, and `0.5 > 0.5` is False: the lecture's stuck net predicts 0 for all four points. So the float64 value
    is rounded to float32 first (round to nearest, ties to even, as torch's `.float()`): 0.5 + 1 ulp(float64)
    and even 0.5 + 2**-25 (a tie, rounds to the even 0.5) give 0; from 0.5 + 2**-25 + 1 ulp on it is 1.
    Float64 rounding differences between CPUs (a few 1e-16) then cannot flip a decision unless a value falls
    within them of a float32 rounding midpoint, which the lecture's own float32 code cannot resolve either.
    One window stays torch's own: while a hypothesis is a few float32 ulps from 0.5 but not yet 0.5 (the single
    layer's approach to ln 2, around epoch 300 at lr 1), torch's decision depends on how its float32 exp and
    division round, and no float64 engine reproduces that bit for bit; the page's decisions there are still the
    same on every CPU, and the lecture's runs are far from it (tests/test_xor_decisions.py).
    """
    hypothesis = np.asarray(outputs, dtype=np.float64).astype(np.float32)
    return (hypothesis > np.float32(0.5)).astype(np.float32)


def accuracy(outputs: np.ndarray, targets: np.ndarray = XOR_TARGETS) -> np.ndarray:
    """`(predicted == Y).float().mean()` over the last axis: 0, 0.25, 0.5, 0.75 or 1 for the four XOR points."""
    return (predictions(outputs) == (np.asarray(targets) > 0.5)).mean(axis=-1)


def correct_count(accuracy_value: float, samples: int = len(XOR_TARGETS)) -> int:
    """How many of the `samples` points an accuracy means (an accuracy of four points is a multiple of 1/4)."""
    return int(round(float(accuracy_value) * samples))


# ----------------------------------------------------------------------------------------------- torch side
def torch_model(net: XorNet):
    """The nn.Sequential the lecture writes for this shape (same parameter creation order as models.XORMLP)."""
    from torch import nn

    modules = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU}
    layers = []
    sizes = net.sizes
    for index, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        layers.append(nn.Linear(fan_in, fan_out))
        layers.append(nn.Sigmoid() if index == len(sizes) - 2 else modules[net.activation]())
    return nn.Sequential(*layers)


def initial_params(net: XorNet, seeds: int | Sequence[int]) -> list[np.ndarray]:
    """Torch's initial weights under torch.manual_seed(seed), per layer stacked over seeds: (K, out, in + 1)."""
    import torch

    seeds = [seeds] if isinstance(seeds, int) else list(seeds)
    per_seed = []
    for seed in seeds:
        torch.manual_seed(seed)
        model = torch_model(net)
        linears = [m for m in model if isinstance(m, torch.nn.Linear)]
        per_seed.append([
            np.concatenate([m.weight.detach().double().numpy(), m.bias.detach().double().numpy()[:, None]], axis=1)
            for m in linears
        ])
    return [np.stack([params[i] for params in per_seed]) for i in range(len(per_seed[0]))]


@dataclass
class TorchRun:
    losses: np.ndarray  # (epochs,) or only every 100th epoch when not recorded
    final_outputs: np.ndarray  # (4,)
    final_loss: float
    seconds: float


def train_torch(net: XorNet, lr: float = LECTURE_LR, epochs: int = LECTURE_EPOCHS, seed: int = LECTURE_SEED,
                record_every_epoch: bool = False) -> TorchRun:
    """The lecture's eager loop, as written (cost.item() every 100 epochs), timed; the oracle for tests."""
    import torch

    torch.manual_seed(seed)
    model = torch_model(net)
    X = torch.tensor(XOR_INPUTS, dtype=torch.float32)
    Y = torch.tensor(XOR_TARGETS[:, None], dtype=torch.float32)
    criterion = torch.nn.BCELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    recorded = []
    start = time.perf_counter()
    for epoch in range(epochs):
        optimizer.zero_grad()
        hypothesis = model(X)
        cost = criterion(hypothesis, Y)
        cost.backward()
        optimizer.step()
        if record_every_epoch:
            recorded.append(cost.detach())
        elif epoch % 100 == 0:
            recorded.append(cost.item())
    with torch.no_grad():
        hypothesis = model(X)
        final_loss = criterion(hypothesis, Y).item()
    seconds = time.perf_counter() - start
    losses = torch.stack(recorded).numpy() if record_every_epoch else np.array(recorded)
    return TorchRun(losses.astype(np.float64), hypothesis[:, 0].double().numpy(), final_loss, seconds)


# ------------------------------------------------------------------------------------------- fast trainer
def snapshot_schedule(epochs: int, count: int = 60) -> np.ndarray:
    """About `count` + 1 evenly spaced step counts from 0 (initial weights) to `epochs` (trained)."""
    return np.unique(np.round(np.linspace(0, epochs, max(count, 1) + 1)).astype(int))


def train(net: XorNet, lr: float = LECTURE_LR, epochs: int = LECTURE_EPOCHS,
          seeds: int | Sequence[int] = LECTURE_SEED, snapshots: int = 60,
          init: Sequence[np.ndarray] | None = None, engine: str = "auto") -> XorTraining:
    """Full-batch SGD on BCE for K initialisations at once (torch's initial weights for each seed).

    engine: "compiled" (xor_kernel, numba), "numpy" (xor_numpy, array calls), or "auto" (compiled when
    numba is installed). Both do the same maths in float64 and agree to rounding.
    """
    seed_list = [seeds] if isinstance(seeds, int) else list(seeds)
    params0 = [np.asarray(p, dtype=np.float64) for p in (init if init is not None else initial_params(net, seed_list))]
    schedule = snapshot_schedule(epochs, snapshots)
    if engine == "auto":
        engine = default_engine()
    if engine not in ("compiled", "numpy"):
        raise ValueError(f"engine must be 'auto', 'compiled' or 'numpy', got {engine!r}")
    k = params0[0].shape[0]
    shapes = [p.shape[1:] for p in params0]
    if engine == "compiled":
        sizes = np.array(net.sizes)
        offsets = np.cumsum([0] + [rows * cols for rows, cols in shapes[:-1]])
        flat0 = np.concatenate([p.reshape(k, -1) for p in params0], axis=1)
        xor_kernel.ensure_loaded()
        start = time.perf_counter()
        flat, out_z, snapshot_rows = xor_kernel.train_flat(flat0, offsets, sizes, net.layer_activations(), float(lr),
                                                           int(epochs), XOR_INPUTS, XOR_TARGETS, schedule)
        seconds = time.perf_counter() - start
        bounds = [(off, rows * cols) for off, (rows, cols) in zip(offsets, shapes, strict=True)]
        snaps = [np.ascontiguousarray(snapshot_rows[:, :, off:off + size].transpose(1, 0, 2)).reshape(
            len(schedule), k, *shape) for (off, size), shape in zip(bounds, shapes, strict=True)]
        final = [flat[:, off:off + size].reshape(k, *shape) for (off, size), shape in zip(bounds, shapes, strict=True)]
        losses = _losses_from_output_z(out_z)
    else:
        start = time.perf_counter()
        out_z, snaps, final = xor_numpy.train_arrays(net, params0, float(lr), int(epochs), schedule,
                                                       XOR_INPUTS, XOR_TARGETS)
        seconds = time.perf_counter() - start
        losses = _losses_from_output_z(out_z)
    return XorTraining(net, float(lr), int(epochs), seed_list, losses, schedule, snaps, final, seconds)


def default_engine() -> str:
    """The engine "auto" means: compiled where numba is installed."""
    return "compiled" if xor_kernel.AVAILABLE else "numpy"


def warm_up() -> str:
    """Compile the XOR kernel now (or load it from numba's disk cache), not on a student's first XOR page view."""
    xor_kernel.ensure_loaded()
    return default_engine()


def _losses_from_output_z(out_z: np.ndarray) -> np.ndarray:
    """out_z (K, epochs, 4) holds the output's z; BCE(sigmoid(z), y) = softplus(-z) for y=1, softplus(z) for y=0."""
    label_sign = np.where(XOR_TARGETS > 0.5, 1.0, -1.0)
    return np.minimum(np.logaddexp(0.0, -out_z * label_sign), _TORCH_LOG_FLOOR).mean(axis=-1)


# ------------------------------------------------------------------------------------------------ benchmark
RECIPES = {"xor_mlp": LECTURE_MLP, "xor_single": SINGLE_LAYER}


MANY_SEEDS = 20  # the page's "many seeds" batch, and what the benchmark times as K initialisations at once
# K for the bench's batch-size sweep: where K nets at once stop costing about one run depends on the core count.
BATCH_SWEEP = (2, 4, 8, MANY_SEEDS)


def benchmark_xor(recipe_name: str, epochs: int | None = None, repeats: int = 3, ours_repeats: int = 7) -> dict:
    """Lecture settings: the eager torch loop vs this trainer on the same initial weights.

    Each side reports its best of several runs (the CPU is shared; the best run is the least disturbed one);
    our runs are short, so they get more tries. `ours_s` is the engine the app uses ("compiled" when numba is
    installed); `numpy_s` is the array version, for comparison. `batched_*`: K initialisations in one call;
    `batched_ratio_by_k`: that time over one run's for each K of BATCH_SWEEP, beside the core count, because a
    compiled run is all arithmetic: K nets cost about K / cores runs once K exceeds the cores.
    """
    try:
        net = RECIPES[recipe_name]
    except KeyError:
        raise KeyError(f"unknown XOR recipe {recipe_name!r}; known: {', '.join(RECIPES)}") from None
    epochs = LECTURE_EPOCHS if epochs is None else int(epochs)
    engine = default_engine()
    init = initial_params(net, LECTURE_SEED)
    batched_init = initial_params(net, many_seed_list(LECTURE_SEED, MANY_SEEDS))

    def best(tries: int, **kwargs) -> tuple[float, XorTraining]:
        runs = [train(net, LECTURE_LR, epochs, LECTURE_SEED, **kwargs) for _ in range(max(tries, 1))]
        return min(run.seconds for run in runs), runs[0]

    seed_runs = [train_torch(net, LECTURE_LR, epochs, LECTURE_SEED) for _ in range(repeats)]
    seed_s = min(run.seconds for run in seed_runs)
    ours_s, ours = best(ours_repeats, init=init, engine=engine)
    numpy_s, _ = best(max(ours_repeats // 2, 1), init=init, engine="numpy")
    batched_times = {k: best(ours_repeats, init=[p[:k] for p in batched_init], engine=engine)[0]
                     for k in BATCH_SWEEP}
    batched_s = batched_times[MANY_SEEDS]
    batched_ratios = {k: seconds / ours_s if ours_s > 0 else float("inf") for k, seconds in batched_times.items()}
    numpy_batched_s, _ = best(max(ours_repeats // 3, 1), init=batched_init, engine="numpy")
    return {
        "engine": engine,
        "batched_k": MANY_SEEDS,
        "batched_s": batched_s,
        "batched_ratio": batched_ratios[MANY_SEEDS],
        "batched_ratio_by_k": batched_ratios,
        "cpu_cores": os.cpu_count() or 1,
        "numpy_s": numpy_s,
        "numpy_batched_s": numpy_batched_s,
        "seed_s": seed_s,
        "ours_s": ours_s,
        "speedup": seed_s / ours_s if ours_s > 0 else float("inf"),
        "final_loss": float(ours.final_losses[0]),
        "seed_final_loss": float(seed_runs[0].final_loss),
        "epochs": epochs,
        # Percent of the four points right, as the bench reports accuracies.
        "accuracy": 100.0 * float(ours.accuracies[0]),
        "seed_accuracy": 100.0 * float(accuracy(seed_runs[0].final_outputs)),
    }


# --------------------------------------------------------------------------------------------- read-outs
STUCK_LOSS = 0.1


def stuck(final_losses: np.ndarray, accuracies: np.ndarray) -> np.ndarray:
    """Which runs failed: still above STUCK_LOSS, or not all four points right (`accuracies` from `accuracy`).

    The loss is compared in float32, as torch's `cost` is, so that float64 noise cannot decide a loss at 0.1.
    """
    losses = np.asarray(final_losses, dtype=np.float64).astype(np.float32)
    return (losses > np.float32(STUCK_LOSS)) | (np.asarray(accuracies) < 1.0)


def many_seed_list(seed: int, count: int = MANY_SEEDS) -> list[int]:
    return [seed + offset for offset in range(count)]
