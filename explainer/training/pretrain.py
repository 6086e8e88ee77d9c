"""Train the lecture's recipes once and keep the results, so a classroom sees them without waiting.

    python -m explainer.training.pretrain                                  # every recipe, default device
    python -m explainer.training.pretrain --recipes fashion_mlp,mnist_cnn --device cuda
    python -m explainer.training.pretrain --recipes fashion_mlp --epochs 3 --force

Results go to the result store (EXPLAINER_CACHE_DIR, default ~/.cache/nn-cnn-explainer) under the same
config hash the app asks for, so the app's train-and-compare page shows them at once. Recipes already
stored are skipped unless --force. A progress bar shows epoch, step, loss, accuracy and ETA; a summary
table follows. Exit codes: 0 ok, 1 a recipe failed, 2 missing data (message printed, no traceback),
130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
import time

import torch

from explainer.training.device import default_device, device_name
from explainer.training.recipes import RECIPES, config_hash
from explainer.training.runs import train_recipe
from explainer.training.store import ResultStore
from explainer.training.trainer import Progress

BAR_WIDTH = 24


def progress_line(name: str, progress: Progress) -> str:
    filled = int(round(progress.fraction * BAR_WIDTH))
    bar = "#" * filled + "-" * (BAR_WIDTH - filled)
    parts = [f"{name:<20} [{bar}] {100 * progress.fraction:5.1f}%",
             f"epoch {min(progress.epoch + 1, progress.epochs)}/{progress.epochs}"]
    if progress.train_loss is not None:
        parts.append(f"loss {progress.train_loss:.4f}")
    if progress.test_acc is not None:
        parts.append(f"test {progress.test_acc:.2f}%")
    parts.append(f"{progress.elapsed_s:.0f}s")
    if progress.eta_s is not None and progress.fraction < 1:
        parts.append(f"ETA {progress.eta_s:.0f}s")
    return "  ".join(parts)


class ProgressPrinter:
    """A \\r-updated line on a terminal; one line per recorded epoch (every ~10%) when piped to a file."""

    def __init__(self, name: str, stream=None) -> None:
        self.name, self.stream = name, stream or sys.stderr
        self.tty = self.stream.isatty()
        self.last_epoch_printed = -1
        self.last_draw = 0.0

    def __call__(self, progress: Progress) -> None:
        if self.tty:
            now = time.monotonic()
            if now - self.last_draw >= 0.2 or progress.fraction >= 1:
                self.last_draw = now
                self.stream.write("\r" + progress_line(self.name, progress) + "\x1b[K")
                self.stream.flush()
            return
        step = max(1, progress.epochs // 10)
        finished_epoch = progress.step == 0 and progress.epoch > self.last_epoch_printed
        if finished_epoch and (progress.epoch % step == 0 or progress.epoch == progress.epochs):
            self.last_epoch_printed = progress.epoch
            self.stream.write(progress_line(self.name, progress) + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer.training.pretrain", description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipes", default=",".join(RECIPES), help="comma-separated recipe names (default: all)")
    parser.add_argument("--device", choices=["cpu", "cuda"], default=None, help="default: the GPU if there is one")
    parser.add_argument("--epochs", type=int, help="epochs for every recipe (default: the lecture's)")
    parser.add_argument("--force", action="store_true", help="train again even when a result is stored")
    parser.add_argument("--dropout-demo", action="store_true",
                        help="also train the dropout page's short runs (p = 0, 0.2, 0.5; seed 777)")
    args = parser.parse_args(argv)
    names = [name.strip() for name in args.recipes.split(",") if name.strip()]
    unknown = [name for name in names if name not in RECIPES]
    if unknown:
        parser.error(f"unknown recipe {', '.join(unknown)}; known: {', '.join(RECIPES)}")
    if args.epochs is not None and args.epochs < 1:
        parser.error("--epochs must be at least 1")
    if args.device == "cuda" and not torch.cuda.is_available():
        print("error: --device cuda but no CUDA GPU is available to torch", file=sys.stderr)
        return 2
    device = torch.device(args.device) if args.device else default_device()
    from explainer.data.datasets import DatasetUnavailable

    store = ResultStore()
    print(f"results: {store.results}   device: {device_name(device)}", file=sys.stderr)
    from explainer.xor import engines as xor_engines

    print(f"XOR trainer ready: {xor_engines.warm_up()} engine", file=sys.stderr)
    rows = [["recipe", "device", "epochs", "accuracy", "lecture", "time", "status"]]
    status = 0
    planned = [(name, RECIPES[name] if args.epochs is None else RECIPES[name].with_overrides(epochs=args.epochs))
               for name in names]
    if args.dropout_demo:
        from explainer.views.dropout_effect import AUTOSTART_SEED, effect_recipes

        planned += [(f"dropout page, p={p:g}", recipe) for p, recipe in effect_recipes(AUTOSTART_SEED).items()]
    for name, recipe in planned:
        key = config_hash(recipe, device.type)
        lecture = f"{recipe.lecture_accuracy:.2f}%" if recipe.lecture_accuracy is not None else "-"
        stored = None if args.force else store.get(key)
        if stored is not None:
            rows.append([name, stored.device_name, str(recipe.epochs), f"{stored.test_acc:.2f}%", lecture,
                         f"{stored.wall_s:.1f}s", "stored earlier" + (", diverged" if stored.diverged else "")])
            continue
        if key in store.problems:
            print(f"{name}: the stored result was unusable ({store.problems[key]}); training again", file=sys.stderr)
        printer = ProgressPrinter(name)
        try:
            result = train_recipe(recipe, device, on_progress=printer)
        except DatasetUnavailable as error:
            printer.close()
            print(str(error), file=sys.stderr)
            rows.append([name, device.type, str(recipe.epochs), "-", lecture, "-", "no data"])
            status = 2
            continue
        except KeyboardInterrupt:
            printer.close()
            print("interrupted", file=sys.stderr)
            return 130
        except Exception as error:  # one broken recipe should not stop the others
            printer.close()
            print(f"{name}: failed: {type(error).__name__}: {error}", file=sys.stderr)
            rows.append([name, device.type, str(recipe.epochs), "-", lecture, "-", "failed"])
            status = max(status, 1)
            continue
        printer.close()
        store.put(recipe, result, key, device=device.type)
        for notice in result.notices:
            print(f"{name}: {notice}", file=sys.stderr)
        rows.append([name, result.device_name, str(recipe.epochs), f"{result.test_acc:.2f}%", lecture,
                     f"{result.wall_s:.1f}s", f"{'diverged' if result.diverged else 'trained'} ({result.mode})"])
    print(_table(rows))
    return status


if __name__ == "__main__":
    sys.exit(main())
