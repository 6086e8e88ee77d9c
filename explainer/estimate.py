"""How long a run will take to train on a device: the page shows it before a run, the job manager caps it.

    estimate_seconds(recipe, train_count=60_000, device="cpu", stored_runs=store.list())
"""

from __future__ import annotations

import statistics

from explainer.recipes import Recipe

# Rough CPU seconds per training image (one thread, including the per-epoch test pass), measured on the
# development machine; an estimate from this device's own stored runs replaces them once there is one.
CPU_SECONDS_PER_IMAGE = {"mnist_mlp": 3e-4, "fashion_mlp": 3e-4, "mnist_cnn": 1.6e-3, "cifar_lenet": 4.5e-3,
                         "cifar_cnn": 1.7e-2}
GPU_SPEEDUP = 20.0


def estimate_seconds(recipe: Recipe, train_count: int, device: str, stored_runs=()) -> float:
    """Expected training time on `device` for `train_count` training images: from this device's stored runs of
    the same model, dataset and batch size (seconds per image seen), else the rough built-in rate."""
    def seen(run: Recipe) -> int:
        return run.epochs * min(train_count, run.train_subset or train_count)

    rates = [s.wall_s / seen(s.recipe) for s in stored_runs
             if s.recipe.model == recipe.model and s.recipe.dataset == recipe.dataset
             and s.recipe.batch_size == recipe.batch_size and s.metrics.get("device") == device and seen(s.recipe)
             and not s.metrics.get("diverged")]  # a diverged run stopped early: its time says nothing
    if rates:
        return seen(recipe) * float(statistics.median(rates))
    rate = CPU_SECONDS_PER_IMAGE.get(recipe.model, 1e-3)
    return seen(recipe) * (rate / GPU_SPEEDUP if device == "cuda" else rate)
