"""Setting up runs and comparing stored ones: presets and custom recipes, the runs table, curves, per-class
accuracy, gallery tiles, CSV export, and a training-time estimate.

    recipe = preset_recipe("fashion_mlp", epochs=5)           # 'as in the lecture', optionally shortened
    recipe = custom_recipe("fashion_mnist", "fashion_mlp", hidden="256,128", optimizer="adam", lr=1e-3, ...)
    runs_table(store.list(), "ko")                            # one translated row per stored run
    history_csv(stored)                                       # the run's per-epoch history as CSV text
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from explainer.data.datasets import DATASETS, dataset_title
from explainer.data.images import unit_pixels
from explainer.i18n import t
from explainer.i18n.notices import CatalogueError
from explainer.inspection.feature_maps import enlarge, to_display
from explainer.inspection.predictions import Predictions, gallery
from explainer.training.recipes import LABEL_FIELDS, OPTIMIZERS, RECIPES, XOR_DATASET, Recipe
from models import MODELS, models_for_dataset

CUSTOM = "custom"
# The numbers a lecturer compares come first, the long parameter text last. Each row's index is the run's config hash
# (not shown: the run's details name it and its device; as columns they made the table scroll sideways at 1024 px).
RUN_COLUMNS = ("dataset", "model", "kind", "epochs", "test_acc", "lecture_acc", "time", "parameters")
HISTORY_COLUMNS = ("epoch", "train_loss", "train_acc", "test_loss", "test_acc", "elapsed_s")
MAX_HIDDEN_LAYERS = 6
MAX_HIDDEN_WIDTH = 4096


class InvalidSetting(CatalogueError, ValueError):
    """A setting the page cannot train with; `message(lang)` says why in the user's language."""


# -- choosing a run --------------------------------------------------------------------------------------


def presets_for(dataset: str) -> list[str]:
    """The lecture's recipes that train on `dataset`, in slide order."""
    return [name for name, recipe in RECIPES.items() if recipe.dataset == dataset]


def image_models_for(dataset: str) -> list[str]:
    return [name for name in models_for_dataset(dataset) if name in MODELS and dataset in DATASETS]


def model_options(model: str) -> dict[str, object]:
    """Which custom settings a model takes: {'dropout': default or None, 'hidden': default or None}."""
    import inspect

    params = inspect.signature(MODELS[model].factory).parameters
    found = {}
    for name in ("dropout", "hidden"):
        found[name] = params[name].default if name in params else None
    return found


def preset_recipe(name: str, epochs: int | None = None, train_subset: int | None = None) -> Recipe:
    """The lecture's recipe `name`, with a shorter run when asked (its lecture accuracy stays as a label)."""
    recipe = RECIPES[name]
    overrides = {}
    if epochs is not None and int(epochs) != recipe.epochs:
        overrides["epochs"] = int(epochs)
    if train_subset:
        overrides["train_subset"] = int(train_subset)
    return recipe.with_overrides(**overrides) if overrides else recipe


def parse_hidden(text: str) -> tuple[int, ...]:
    """'256, 128' -> (256, 128); raises InvalidSetting with a readable reason for anything else."""
    parts = [part.strip() for part in str(text).replace(";", ",").replace(" ", ",").split(",") if part.strip()]
    if not parts:
        raise InvalidSetting("train.err.hidden_empty")
    sizes = []
    for part in parts:
        if not (part.isascii() and part.isdigit()):  # '²' is a digit to isdigit() but not to int()
            raise InvalidSetting("train.err.hidden_number", part=part)
        value = int(part) if len(part.lstrip("0")) <= 9 else MAX_HIDDEN_WIDTH + 1  # int() refuses > 4300 digits
        if not 1 <= value <= MAX_HIDDEN_WIDTH:
            raise InvalidSetting("train.err.hidden_range", part=part, limit=MAX_HIDDEN_WIDTH)
        sizes.append(value)
    if len(sizes) > MAX_HIDDEN_LAYERS:
        raise InvalidSetting("train.err.hidden_layers", count=len(sizes), limit=MAX_HIDDEN_LAYERS)
    return tuple(sizes)


def lecture_normalize(model: str):
    """The normalisation the lecture used with `model` (its first recipe), so custom runs start from the slides."""
    return next((r.normalize for r in RECIPES.values() if r.model == model), None)


def custom_recipe(dataset: str, model: str, *, optimizer: str, lr: float, batch_size: int, epochs: int,
                  momentum: float = 0.9, hidden: str | None = None, dropout: float | None = None,
                  hflip: bool = False, seed: int = 777, train_subset: int | None = None) -> Recipe:
    """A recipe from the custom form; raises InvalidSetting (translated reason) instead of a bare error."""
    if model not in MODELS or dataset not in MODELS[model].datasets:
        raise InvalidSetting("train.err.model_dataset", model=model, dataset=dataset)
    if optimizer not in OPTIMIZERS:
        raise InvalidSetting("train.err.optimizer", optimizer=optimizer)
    options = model_options(model)
    hidden_sizes = None
    if hidden is not None and options["hidden"] is not None:
        hidden_sizes = parse_hidden(hidden)
        if isinstance(options["hidden"], int) and len(hidden_sizes) != 1:
            raise InvalidSetting("train.err.hidden_one")
        own = options["hidden"] if isinstance(options["hidden"], tuple) else (options["hidden"],)
        if tuple(hidden_sizes) == tuple(own):  # the model's own sizes: one recipe (and one run) for one network, so
            hidden_sizes = None                 # that the form rebuilds a run made without sizes (the dropout demo)
    try:
        return Recipe(name=CUSTOM, model=model, dataset=dataset, optimizer=optimizer, lr=float(lr),
                      momentum=float(momentum) if optimizer == "sgd_momentum" else 0.0,
                      batch_size=int(batch_size), epochs=int(epochs),
                      dropout=float(dropout) if dropout is not None and options["dropout"] is not None else None,
                      normalize=lecture_normalize(model), hflip=bool(hflip), seed=int(seed),
                      train_subset=int(train_subset) if train_subset else None, hidden=hidden_sizes)
    except ValueError as error:
        raise InvalidSetting("train.err.recipe", why=str(error)) from None


def preset_changes(recipe: Recipe) -> dict[str, object]:
    """Training fields where `recipe` differs from the lecture recipe of the same name ({} = as in the lecture)."""
    preset = RECIPES.get(recipe.name)
    if preset is None:
        return {}
    return {f.name: getattr(recipe, f.name) for f in dataclasses.fields(Recipe)
            if f.name not in LABEL_FIELDS and getattr(recipe, f.name) != getattr(preset, f.name)}


def is_lecture_run(recipe: Recipe) -> bool:
    return recipe.name in RECIPES and not preset_changes(recipe)


# -- describing runs --------------------------------------------------------------------------------------


def model_title(model: str, lang: str) -> str:
    return t(f"train.model.{model}", lang)


def preset_title(name: str, lang: str) -> str:
    """A lecture recipe's title ("CIFAR-10 LeNet"), never its internal id; the model's title for the XOR runs."""
    key = f"train.preset.{name}"
    title = t(key, lang)
    return model_title(RECIPES[name].model, lang) if title == key else title


def dataset_label(name: str, lang: str) -> str:
    """The dataset's title, XOR's four points included (they are no image dataset)."""
    return t("train.dataset.xor", lang) if name == XOR_DATASET else dataset_title(name, lang)


def image_runs(stored_runs) -> list:
    """The runs on an image dataset: per-class bars, confusion, gallery and feature maps exist only for those."""
    return [run for run in stored_runs if run.recipe.dataset in DATASETS]


def optimizer_text(recipe: Recipe, lang: str) -> str:
    text = t(f"train.opt.{recipe.optimizer}", lang)
    return f"{text} ({recipe.momentum:g})" if recipe.optimizer == "sgd_momentum" else text


def parameters_text(recipe: Recipe, lang: str) -> str:
    """One line with every setting that shapes the run: optimiser, lr, batch, dropout, hidden sizes, ..."""
    parts = [optimizer_text(recipe, lang), f"lr {recipe.lr:g}", t("train.param.batch", lang, size=recipe.batch_size)]
    if recipe.hidden is not None:
        parts.append(t("train.param.hidden", lang, sizes=sizes_text(recipe.hidden)))
    if recipe.dropout:
        parts.append(t("train.param.dropout", lang, p=f"{recipe.dropout:g}"))
    if recipe.normalize is not None:
        parts.append(t("train.param.normalize", lang))
    if recipe.hflip:
        parts.append(t("train.param.hflip", lang))
    if recipe.train_subset:
        parts.append(t("train.param.subset", lang, count=recipe.train_subset))
    parts.append(t("train.param.seed", lang, seed=recipe.seed))
    return " · ".join(parts)


def run_kind(recipe: Recipe, lang: str, with_changes: bool = True) -> str:
    """Custom, as in the lecture, or a lecture run changed (and, `with_changes`, how: the runs table leaves that to
    its epochs and parameters columns, which say it already, and stays narrow enough for a 1024 px screen)."""
    if recipe.name not in RECIPES:
        return t("train.kind.custom", lang)
    changes = preset_changes(recipe)
    name = preset_title(recipe.name, lang)
    if not changes:
        return t("train.kind.lecture", lang, name=name)
    if not with_changes:
        return t("train.kind.changed_short", lang, name=name)
    return t("train.kind.changed", lang, name=name,
             changes=", ".join(f"{k}={sizes_text(v) if isinstance(v, tuple) else v}" for k, v in changes.items()))


def sizes_text(sizes: tuple[int, ...]) -> str:
    """Layer sizes as the pages write a net's shape: (64, 32) as 64-32, not Python's "(64, 32)" or "(64,)"."""
    return "-".join(str(size) for size in sizes)


# How explainer.training.device.device_name writes a CPU into stored results (English, once for every reader).
_STORED_CPU_NAME = re.compile(r"CPU \((\d+) threads?\)")


def device_text(device_name: str, lang: str) -> str:
    """A stored run's device in `lang`: 'CPU (스레드 2개)' for the stored 'CPU (2 threads)'; a GPU's name as is."""
    found = _STORED_CPU_NAME.fullmatch(str(device_name))
    if found is None:
        return str(device_name)
    threads = int(found.group(1))
    return t("sidebar.device_cpu_one" if threads == 1 else "sidebar.device_cpu", lang, threads=threads)


def run_label(stored, lang: str) -> str:
    """Short name of a stored run for legends and pickers: titles, not ids; dropout p where the model has it
    (the dropout page's three runs differ only there)."""
    recipe = stored.recipe
    if recipe.name not in RECIPES:
        tag = t("train.kind.custom", lang)
    else:
        tag = t("train.tag.lecture" if not preset_changes(recipe) else "train.tag.changed", lang)
    label = t("train.run_label", lang, model=model_title(recipe.model, lang), tag=tag,
              epochs=recipe.epochs, acc=f"{stored.test_acc:.2f}", hash=stored.config_hash[:6])
    return label if recipe.dropout is None else f"{label} · p={recipe.dropout:g}"


def runs_table(stored_runs, lang: str) -> pd.DataFrame:
    """One row per stored run (indexed by its config hash) with translated headers; the lecture's accuracy beside
    ours for presets. Numbers are text as the page prints them (a table prints floats with four decimals)."""
    rows = []
    for stored in stored_runs:
        recipe = stored.recipe
        lecture = recipe.lecture_accuracy if recipe.name in RECIPES else None
        rows.append({
            t("train.col.dataset", lang): dataset_label(recipe.dataset, lang),
            t("train.col.model", lang): model_title(recipe.model, lang),
            t("train.col.kind", lang): run_kind(recipe, lang, with_changes=False),
            t("train.col.parameters", lang): parameters_text(recipe, lang),
            t("train.col.epochs", lang): recipe.epochs,
            t("train.col.time", lang): f"{stored.wall_s:.1f}",
            t("train.col.test_acc", lang): f"{stored.test_acc:.2f}",
            t("train.col.lecture_acc", lang): "–" if lecture is None else f"{lecture:.2f}",
        })
    return pd.DataFrame(rows, columns=[t(f"train.col.{key}", lang) for key in RUN_COLUMNS],
                        index=pd.Index([stored.config_hash for stored in stored_runs], dtype=object))


def run_identity(stored, lang: str) -> str:
    """Where and under which name a stored run lives: its device and its config hash (the `?run=` of its link)."""
    device = stored.metrics.get("device_name") or stored.metrics.get("device", "")
    return t("train.compare.run_identity", lang, device=device_text(device, lang), hash=stored.config_hash)


# -- histories -------------------------------------------------------------------------------------------


def history_frame(history: list[dict], lang: str | None = None) -> pd.DataFrame:
    """Per-epoch history with the columns of HISTORY_COLUMNS (missing values as NaN); headers translated if `lang`."""
    frame = pd.DataFrame([{key: row.get(key) for key in HISTORY_COLUMNS} for row in history], columns=HISTORY_COLUMNS)
    return frame.rename(columns={key: t(f"train.hist.{key}", lang) for key in HISTORY_COLUMNS}) if lang else frame


# How each history column is written in the live panel's table (a missing value: HISTORY_MISSING).
HISTORY_FORMATS = {"epoch": "{:.0f}", "train_loss": "{:.4f}", "train_acc": "{:.2f}", "test_loss": "{:.4f}",
                   "test_acc": "{:.2f}", "elapsed_s": "{:.1f}"}
HISTORY_MISSING = "–"


def history_markdown(history: list[dict], lang: str) -> str:
    """Per-epoch history as a Markdown table with translated headers and rounded numbers.

    The live panel draws it with the page's own Markdown: the first data grid or Arrow table a browser meets
    loads and parses ~20 script chunks (~0.5 s of a laptop's CPU), which a class that presses "Start training"
    together pays at the moment its results arrive."""
    header = "| " + " | ".join(t(f"train.hist.{key}", lang) for key in HISTORY_COLUMNS) + " |"
    rule = "|" + "---:|" * len(HISTORY_COLUMNS)
    def cell(value, key: str) -> str:
        missing = value is None or value != value  # NaN is the one value unequal to itself
        return HISTORY_MISSING if missing else HISTORY_FORMATS[key].format(value)

    rows = ["| " + " | ".join(cell(row.get(key), key) for key in HISTORY_COLUMNS) + " |" for row in history]
    return "\n".join([header, rule, *rows])


def history_csv(stored) -> str:
    """The run's history as CSV: one row per epoch, plus the run's identity in each row for merging files."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("config_hash", "recipe", "model", "dataset") + HISTORY_COLUMNS)
    recipe = stored.recipe
    for row in stored.history:
        writer.writerow((stored.config_hash, recipe.name, recipe.model, recipe.dataset)
                        + tuple("" if row.get(key) is None else row.get(key) for key in HISTORY_COLUMNS))
    return buffer.getvalue()


def csv_filename(stored) -> str:
    return f"history-{stored.recipe.name}-{stored.recipe.dataset}-{stored.config_hash}.csv"


# -- pictures of a split ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    """One picture of a grid, ready to show: the enlarged image and its caption (markdown)."""

    image: np.ndarray
    caption: str


def picture(images: torch.Tensor, index: int, scale: int = 3) -> np.ndarray:
    """Image `index` of a split's uint8 images, in [0, 1], channels last, `scale` times larger."""
    return enlarge(to_display(unit_pixels(images[index].numpy())), scale)


def gallery_tiles(predictions: Predictions, images: torch.Tensor, classes, lang: str,
                  count: int = 24) -> list[Tile]:
    """The gallery (see `gallery`) as tiles: the test picture, our guess and the truth in red or green."""
    tiles = []
    for position in gallery(predictions, count):
        guess, truth = int(predictions.predicted[position]), int(predictions.truth[position])
        wrong = guess != truth  # a mark as well as the colour: the caption must not rely on red and green alone
        caption = t("train.compare.tile", lang, colour="red" if wrong else "green", mark="✗" if wrong else "✓",
                    predicted=classes[guess], truth=classes[truth],
                    conf=f"{100 * predictions.confidence[position]:.0f}")
        tiles.append(Tile(picture(images, int(predictions.indices[position])), caption))
    return tiles


def class_samples(images: torch.Tensor, labels: torch.Tensor, classes) -> list[Tile | None]:
    """One picture per class, the first of its class in the split, captioned with the class; None for a class
    the split does not hold."""
    firsts = [np.flatnonzero(labels.numpy() == label) for label in range(len(classes))]
    return [Tile(picture(images, int(found[0])), name) if len(found) else None
            for found, name in zip(firsts, classes, strict=True)]


# -- time ---------------------------------------------------------------------------------------------------


def duration_text(seconds: float | None, lang: str) -> str:
    """A run's time as a student reads it: tenths under 10 s (a tiny run took 0.3 s, not "0 s"), whole seconds,
    minutes and hours above."""
    if seconds is None:
        return "–"
    if seconds < 9.95:
        return t("train.duration.s", lang, s=f"{max(seconds, 0.1):.1f}")
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return t("train.duration.h", lang, h=hours, m=minutes)
    if minutes:
        return t("train.duration.m", lang, m=minutes, s=secs)
    return t("train.duration.s", lang, s=secs)
