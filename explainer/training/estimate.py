"""How long a run will take to train on a device: the page shows it before a run, the job manager caps it.

    estimate_seconds(recipe, train_count=60_000, device="cpu", stored_runs=store.list())
"""

from __future__ import annotations

from explainer.training.recipes import Recipe

# CPU seconds per training image (including the per-epoch test pass) before this device has a stored run of
# the recipe. The MLPs: one epoch of the Fashion-MNIST MLP (60,000 images, batch 64) took 4.2 s on the class
# server; the CNNs' figures are rough. An estimate from this device's own stored runs replaces them.
CPU_SECONDS_PER_IMAGE = {"mnist_mlp": 7e-5, "fashion_mlp": 7e-5, "mnist_cnn": 1.6e-3, "cifar_lenet": 4.5e-3,
                         "cifar_cnn": 1.7e-2}
GPU_SPEEDUP = 20.0


def _measured_rate(stored, train_count: int) -> tuple[float, float, int] | None:
    """(seconds per training image in the steady state, start-up seconds, images seen) of a stored run.

    With two or more recorded epochs the rate comes from the epochs after the first (data loading, the first
    optimiser step's imports and warm-up stay out); the start-up is what the whole run took beyond that."""
    per_epoch = min(train_count, stored.recipe.train_subset or train_count)
    seen = stored.recipe.epochs * per_epoch
    if not seen:
        return None
    times = [(row["epoch"], row["elapsed_s"]) for row in stored.history if row.get("elapsed_s") is not None]
    if len(times) >= 2 and times[-1][0] > times[0][0]:
        rate = (times[-1][1] - times[0][1]) / ((times[-1][0] - times[0][0]) * per_epoch)
        return rate, max(0.0, stored.wall_s - rate * seen), seen
    return stored.wall_s / seen, 0.0, seen


def estimate_seconds(recipe: Recipe, train_count: int, device: str, stored_runs=()) -> float:
    """Expected training time on `device` for `train_count` training images.

    From this device's stored run of the same model, dataset and batch size that saw the most images (its
    steady per-image rate plus its start-up; the largest run is the steadiest, and a later short run does not
    move it), else from the calibrated per-image rate. A diverged run stopped early: its time says nothing."""
    measured = [m for s in stored_runs
                if s.recipe.model == recipe.model and s.recipe.dataset == recipe.dataset
                and s.recipe.batch_size == recipe.batch_size and s.metrics.get("device") == device
                and not s.metrics.get("diverged")
                and (m := _measured_rate(s, train_count)) is not None]
    seen = recipe.epochs * min(train_count, recipe.train_subset or train_count)
    if measured:
        rate, start_up, _ = max(measured, key=lambda m: m[2])
        return start_up + seen * rate
    rate = CPU_SECONDS_PER_IMAGE.get(recipe.model, 1e-3)
    return seen * (rate / GPU_SPEEDUP if device == "cuda" else rate)
