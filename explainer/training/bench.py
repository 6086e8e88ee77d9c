"""Benchmark: the lecture's own training loop against `explainer.training.trainer`, in one process, on the same data.

    python -m explainer.training.bench --device cpu --recipes fashion_mlp --epochs 1 --json
    python -m explainer.bench --device cpu --recipes images --epochs 1 --json      # the same module, short name
    python -m explainer.training.bench --device cuda --recipes fashion_mlp,mnist_cnn,cifar_lenet --json
    python -m explainer.training.bench --device cpu --recipes fashion_mlp --epochs 30 --skip-seed --json
    python -m explainer.training.bench --device cuda --recipes all --epochs 1 --check   # the GPU check, one go

The lecture's loop ("seed") is the code the train page shows, run as text (`snippets.train.training_loop_code`):
`torch.manual_seed(seed)`, the model, the recipe's optimiser, `DataLoader(batch_size, shuffle=True)` over a
torchvision-style dataset that builds a PIL image per sample, `transforms.ToTensor()` (+ RandomHorizontalFlip /
Normalize as in the recipe), and a test pass (batches of 1000) after every epoch.
Ours is `trainer.train` (data resident on the device, CUDA graph on a GPU). Both timings cover the requested
epochs including the per-epoch test pass, after the dataset files were read.
One JSON object per recipe and line: recipe, device, device_name, epochs, seed_s, ours_s, speedup (wall
clock), seed_cpu_s, ours_cpu_s, cpu_speedup (this process's CPU time: steadier on a shared machine),
accuracy (ours, % on the test split), seed_accuracy (the lecture loop's), on the CPU floor_s (`step_floor`: the
epochs' optimiser steps alone, on one ready batch) and max_speedup (seed_s / floor_s: what no loop of this
arithmetic can beat), plus lecture_accuracy, mode,
torch_threads, date. For xor_* recipes the timing comes from `explainer.xor.bench.benchmark_xor`
(the lecture's eager torch loop against the NumPy trainer, on the CPU) and the line has final_loss.
`--check` first trains each image recipe's first steps with the CUDA graph and eagerly and compares them
(`check_paths`; the line gets "check"), so a first run on a GPU verifies the graph path and measures the
speed-ups in one command. `--train-subset N` trains both loops on N images to keep a run short.
Exit codes: 0 ok, 1 a recipe failed or a check disagreed, 2 missing data (message printed, no traceback) or no GPU.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import sys
import time

import torch
import torch.nn.functional as F
from PIL import Image
from torch.utils.data import DataLoader
from torch.utils.data import Dataset as TorchDataset

from explainer.snippets.train import MODEL_CLASSES, TEST_BATCH, training_loop_code
from explainer.training.device import cpu_threads, device_name
from explainer.training.recipes import IMAGE_RECIPES, RECIPES, Recipe
from explainer.training.trainer import (
    init_model,
    load_splits,
    make_optimizer,
    memory_layout,
    train,
    use_cpu_threads,
)
from models import MODELS


class ArrayImageDataset(TorchDataset):
    """What torchvision's MNIST/CIFAR10 datasets do per sample: uint8 array -> PIL image -> transform."""

    def __init__(self, images: torch.Tensor, labels: torch.Tensor, transform) -> None:
        self.images = images.numpy()
        self.labels = labels.tolist()
        self.transform = transform

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, index: int):
        array = self.images[index]
        # A 2-D uint8 array becomes an "L" image, (H, W, 3) an "RGB" one, as in torchvision's datasets.
        image = Image.fromarray(array[0] if array.shape[0] == 1 else array.transpose(1, 2, 0))
        return self.transform(image), self.labels[index]


def lecture_transforms(recipe: Recipe, train_split: bool):
    from torchvision import transforms

    steps = [transforms.RandomHorizontalFlip()] if recipe.hflip and train_split else []
    steps.append(transforms.ToTensor())
    if recipe.normalize is not None:
        steps.append(transforms.Normalize(*recipe.normalize))
    return transforms.Compose(steps)


THREADS_VARIABLE = "EXPLAINER_TORCH_THREADS"
FLOOR_STEPS = 300  # optimiser steps timed for the floor, then scaled to the epoch's steps
CHECK_STEPS = 20
CHECK_RTOL = 1e-3
CHECK_ATOL = 1e-4


def lecture_loop(recipe: Recipe, train_split, test_split, device: torch.device):
    """Runs the training loop the page shows (`snippets.train.training_loop_code`, the very text) on these splits.

    The splits stand in for the torchvision datasets of `snippets.train.data_code` (`ArrayImageDataset` does
    per sample what they do). Returns (seconds, final test accuracy in percent, trained model).
    """
    train_set = ArrayImageDataset(train_split.inputs, train_split.targets, lecture_transforms(recipe, True))
    test_set = ArrayImageDataset(test_split.inputs, test_split.targets, lecture_transforms(recipe, False))
    scope = {
        "torch": torch, "F": F, "optim": torch.optim, "device": device, "print": lambda *args, **kwargs: None,
        "train_loader": DataLoader(train_set, batch_size=recipe.batch_size, shuffle=True),
        "test_loader": DataLoader(test_set, batch_size=TEST_BATCH), "test_set": test_set,
        MODEL_CLASSES[recipe.model]: MODELS[recipe.model].factory,
    }
    code = compile(training_loop_code(recipe), f"<lecture loop: {recipe.name}>", "exec")
    started = time.perf_counter()
    exec(code, scope)  # noqa: S102 - our own template, filled from a validated recipe
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    seconds = time.perf_counter() - started
    return seconds, 100.0 * scope["correct"] / len(test_set), scope["model"]


def bench_images(recipe: Recipe, device: torch.device, skip_seed: bool) -> dict:
    """Wall seconds and, for a shared machine, this process's CPU seconds of both loops (`cpu_speedup`)."""
    train_split, test_split = load_splits(recipe)  # raises DatasetUnavailable before any timing
    seed_s = seed_accuracy = seed_cpu_s = None
    if not skip_seed:
        lecture_transforms(recipe, True)  # imports torchvision first: ~3 s of CPU that is not the loop's
        cpu_started = time.process_time()
        seed_s, seed_accuracy, _model = lecture_loop(recipe, train_split, test_split, device)
        seed_cpu_s = time.process_time() - cpu_started
    started, cpu_started = time.perf_counter(), time.process_time()
    result = train(recipe, device)
    ours_s, ours_cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    floor_s = step_floor(recipe, device, len(train_split.targets)) if device.type == "cpu" else None
    return {
        "floor_s": _round(floor_s, 6),
        "max_speedup": _round(seed_s / floor_s) if seed_s is not None and floor_s else None,
        "seed_s": _round(seed_s, 6), "ours_s": _round(ours_s, 6),
        "speedup": _round(seed_s / ours_s) if seed_s is not None else None,
        "seed_cpu_s": _round(seed_cpu_s, 6), "ours_cpu_s": _round(ours_cpu_s, 6),
        "cpu_speedup": _round(seed_cpu_s / ours_cpu_s) if seed_cpu_s is not None and ours_cpu_s > 0 else None,
        "accuracy": round(result.test_acc, 2),
        "seed_accuracy": round(seed_accuracy, 2) if seed_accuracy is not None else None,
        "mode": result.mode, "notices": result.notices,
    }


def step_floor(recipe: Recipe, device: torch.device, train_count: int, steps: int = FLOOR_STEPS) -> float:
    """Seconds the recipe's epochs would take if training were nothing but its optimiser steps.

    Forward, loss, backward and optimiser step, as the trainer runs them (same model, layout, optimiser and
    threads), on one ready batch, timed over `steps` steps after a warm-up and scaled to the epochs' steps.
    No loop that computes these steps in eager PyTorch can be faster, so `seed_s / floor_s` bounds the
    speed-up any loop of this arithmetic could reach over the lecture's (the test passes are left out, which
    only raises the bound).
    """
    layout = memory_layout(recipe, device)
    batch = min(recipe.batch_size, train_count)
    with torch.random.fork_rng():
        model = init_model(recipe, device).to(memory_format=layout).train()
        optimizer = make_optimizer(recipe, model, device)
        inputs = torch.rand(batch, *MODELS[recipe.model].input_shape, device=device).contiguous(memory_format=layout)
        targets = torch.randint(0, MODELS[recipe.model].output_size, (batch,), device=device)

        def optimiser_step() -> None:
            optimizer.zero_grad(set_to_none=True)
            F.cross_entropy(model(inputs), targets).backward()
            optimizer.step()

        for _ in range(min(20, steps)):
            optimiser_step()
        started = time.perf_counter()
        for _ in range(steps):
            optimiser_step()
        per_step = (time.perf_counter() - started) / steps
    return per_step * math.ceil(train_count / batch) * recipe.epochs


def check_paths(recipe: Recipe, device: torch.device, steps: int = CHECK_STEPS) -> dict:
    """Trains the first `steps` steps with the default path (a CUDA graph on a GPU) and eagerly; compares.

    Dropout is switched off for the comparison: a captured graph draws its dropout masks from another
    offset of the GPU's generator than eager steps do, so only deterministic steps can agree.
    Passes when the mean losses after each step agree within CHECK_RTOL and the weights within
    CHECK_ATOL/CHECK_RTOL (float32 kernels of the two paths may round differently), and when a CUDA run
    really replayed a graph.
    """
    if recipe.dropout:
        recipe = recipe.with_overrides(dropout=0.0)
    recipe = recipe.with_overrides(epochs=1, train_subset=steps * recipe.batch_size)
    runs = {}
    for graph in (True, False):
        losses: list[float] = []

        def after_each_step(progress, losses=losses) -> None:
            if progress.step:  # step 0 is the epoch's record, not a step
                losses.append(progress.train_loss)

        result = train(recipe, device, on_progress=after_each_step, progress_every=1, cuda_graph=graph)
        runs[graph] = (result, losses)
    (fast, fast_losses), (eager, eager_losses) = runs[True], runs[False]
    loss_gap = max((abs(a - b) / max(abs(b), 1e-12) for a, b in zip(fast_losses, eager_losses, strict=True)),
                   default=0.0)
    weight_gap = max(float(((fast.state_dict[k] - v).abs() - CHECK_RTOL * v.abs()).max())
                     for k, v in eager.state_dict.items())
    ok = (loss_gap <= CHECK_RTOL and weight_gap <= CHECK_ATOL and len(fast_losses) == len(eager_losses) > 0
          and (device.type != "cuda" or fast.mode == "cuda_graph"))
    return {"ok": ok, "steps": len(fast_losses), "mode": fast.mode, "loss_rel_gap": loss_gap,
            "weight_gap": max(0.0, weight_gap), "notices": [str(n) for n in fast.notices]}


def bench_xor(recipe: Recipe) -> dict:
    try:
        from explainer.xor.bench import benchmark_xor
    except ImportError as error:
        raise RuntimeError(f"xor benchmark not available ({error})") from None
    measured = benchmark_xor(recipe.name, recipe.epochs)
    line = {key: measured.get(key) for key in ("seed_s", "ours_s", "speedup", "final_loss")}
    for key in ("seed_s", "ours_s", "speedup"):
        line[key] = _round(line[key], 6)  # a short XOR run takes milliseconds
    line["accuracy"] = measured.get("accuracy")
    line["seed_accuracy"] = measured.get("seed_accuracy")
    line["seed_final_loss"] = measured.get("seed_final_loss")
    line["batched_k"] = measured.get("batched_k")
    line["batched_s"] = _round(measured.get("batched_s"), 6)
    line["batched_ratio"] = _round(measured.get("batched_ratio"), 3)
    line["batched_ratio_by_k"] = {str(k): _round(ratio, 2)
                                  for k, ratio in measured.get("batched_ratio_by_k", {}).items()}
    line["cpu_cores"] = measured.get("cpu_cores")
    line["numpy_s"] = _round(measured.get("numpy_s"), 6)
    line["numpy_batched_s"] = _round(measured.get("numpy_batched_s"), 6)
    line["mode"] = measured.get("engine", "numpy")
    return line


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(float(value), digits)


def parse_recipes(text: str) -> list[str]:
    """Comma-separated recipe names; "all" is every recipe (the XOR ones time explainer.xor's trainer), "images"
    every image recipe (the CPU table of the README)."""
    if text.strip() == "all":
        return list(RECIPES)
    if text.strip() == "images":
        return list(IMAGE_RECIPES)
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in RECIPES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown recipe {', '.join(unknown)}; known: {', '.join(RECIPES)}")
    return names


def resolve_device(name: str) -> torch.device:
    if name == "cuda" and not torch.cuda.is_available():
        raise SystemExit("error: --device cuda but no CUDA GPU is available to torch")
    return torch.device(name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer.training.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--recipes", type=parse_recipes, default=["fashion_mlp"],
                        help="comma-separated recipe names, all, or images (every recipe but the XOR ones)")
    parser.add_argument("--epochs", type=int, help="epochs for every recipe (default: the lecture's)")
    parser.add_argument("--train-subset", type=int,
                        help="train on a seeded subset of this many images (both loops; keeps a run short)")
    parser.add_argument("--threads", type=int,
                        help="torch threads for both loops on the CPU (default: what training would pick now)")
    parser.add_argument("--skip-seed", action="store_true", help="time only our trainer (no lecture loop)")
    parser.add_argument("--json", action="store_true", help="one JSON object per recipe and line")
    parser.add_argument("--check", action="store_true",
                        help=f"first compare the default path (a CUDA graph on a GPU) with eager steps over "
                             f"{CHECK_STEPS} steps per recipe; exit 1 when they disagree")
    args = parser.parse_args(argv)
    if args.epochs is not None and args.epochs < 1:
        parser.error("--epochs must be at least 1")
    if args.threads is not None and args.threads < 1:
        parser.error("--threads must be at least 1")

    try:
        device = resolve_device(args.device)
    except SystemExit as message:
        print(message, file=sys.stderr)
        return 2
    if device.type != "cpu":
        torch.zeros(1, device=device)  # CUDA start-up is paid before either timing
        return _bench_all(args, device)
    # Both loops run with the same threads: fixed now, before the lecture's loop loads the machine.
    previous = os.environ.get(THREADS_VARIABLE)
    os.environ[THREADS_VARIABLE] = str(args.threads or cpu_threads())
    try:
        use_cpu_threads()
        return _bench_all(args, device)
    finally:
        if previous is None:
            os.environ.pop(THREADS_VARIABLE, None)
        else:
            os.environ[THREADS_VARIABLE] = previous


def _bench_all(args, device: torch.device) -> int:
    from explainer.data.datasets import DatasetUnavailable

    status = 0
    rows = []
    for name in args.recipes:
        recipe = RECIPES[name]
        if args.epochs is not None:
            recipe = recipe.with_overrides(epochs=args.epochs)
        if args.train_subset is not None and not recipe.is_xor:
            recipe = recipe.with_overrides(train_subset=args.train_subset)
        line = {"recipe": name, "device": device.type, "device_name": device_name(device), "epochs": recipe.epochs,
                "train_subset": recipe.train_subset}
        try:
            if recipe.is_xor:
                line.update(device="cpu", device_name=device_name("cpu"))
                line.update(bench_xor(recipe))
            else:
                if args.check:
                    line["check"] = check_paths(recipe, device)
                    status = max(status, 0 if line["check"]["ok"] else 1)
                line.update(bench_images(recipe, device, args.skip_seed))
        except DatasetUnavailable as error:
            print(str(error), file=sys.stderr)
            status = 2
            continue
        except RuntimeError as error:
            print(f"{name}: {error}", file=sys.stderr)
            status = max(status, 1)
            continue
        line.update(lecture_accuracy=recipe.lecture_accuracy, torch_threads=torch.get_num_threads(),
                    date=datetime.date.today().isoformat())
        rows.append(line)
        print(json.dumps(line) if args.json else _describe(line), flush=True)
    return status


def _describe(line: dict) -> str:
    def number(value, unit=""):
        return "-" if value is None else f"{value:g}{unit}"

    get = line.get
    check = line.get("check")
    checked = "" if check is None else (f"  check {'ok' if check['ok'] else 'FAILED'} ({check['mode']}, "
                                        f"loss gap {check['loss_rel_gap']:.1e}, weight gap {check['weight_gap']:.1e})")
    return (f"{line['recipe']:<20} {line['device_name']:<22} epochs {line['epochs']:<6} "
            f"lecture loop {number(get('seed_s'), ' s'):>10}  ours {number(get('ours_s'), ' s'):>9}  "
            f"speed-up {number(get('speedup'), 'x'):>8} (at most {number(get('max_speedup'), 'x')})  "
            f"accuracy {number(get('accuracy'), '%')} "
            f"(lecture loop {number(get('seed_accuracy'), '%')}, slides {number(get('lecture_accuracy'), '%')})"
            + checked)


if __name__ == "__main__":
    sys.exit(main())
