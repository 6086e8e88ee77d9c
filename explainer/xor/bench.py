"""How much faster the XOR engines are than the lecture's eager torch loop (explainer.training.bench reports it)."""

from __future__ import annotations

import os

from explainer.xor.decisions import accuracy
from explainer.xor.engines import XorTraining, default_engine, train
from explainer.xor.net import LECTURE_EPOCHS, LECTURE_LR, LECTURE_NETS, LECTURE_SEED, MANY_SEEDS, many_seed_list
from explainer.xor.torch_reference import initial_params, train_torch

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
        net = LECTURE_NETS[recipe_name]
    except KeyError:
        raise KeyError(f"unknown XOR recipe {recipe_name!r}; known: {', '.join(LECTURE_NETS)}") from None
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
