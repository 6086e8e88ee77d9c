"""The lecture's training runs as frozen `Recipe`s, and the hash that names a run in the result store.

A recipe holds every hyper-parameter that changes what training produces, plus two labels that
do not (`name` and `lecture_accuracy`, the accuracy the lecture printed, in percent):

    from explainer.training.recipes import RECIPES, config_hash
    recipe = RECIPES["fashion_mlp"].with_overrides(epochs=5, optimizer="adam", lr=1e-3)
    config_hash(recipe, "cpu")  # '3f1c...' (16 hex characters)

Overrides are validated (`ValueError` with a readable message): the optimiser must be known, the
dataset must fit the model's input, `dropout` and `hidden` only go to models that take them.

`optimizer` is "sgd" (plain), "sgd_momentum" (uses `momentum`) or "adam"; `momentum` is kept at 0.0
for the other two so that equivalent runs share a hash. `normalize` is `((mean, ...), (std, ...))`
applied after scaling pixels to [0, 1] (torchvision's ToTensor + Normalize); `hflip` is
RandomHorizontalFlip(0.5); `train_subset` trains on a seeded random subset of that many images.
`history_every` records the history every that many epochs (the XOR slides print every 100).
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import json
from dataclasses import dataclass
from typing import Any

from models import MODELS

# Bump when a change to the trainer changes what a recipe produces: old stored results stop matching.
CODE_VERSION = "engine-2"  # engine-2: fused CPU optimiser step, channels-last CNNs on the CPU; XOR by explainer.xor

OPTIMIZERS = ("sgd", "sgd_momentum", "adam")
XOR_DATASET = "xor"
MNIST_NORMALIZE = ((0.1307,), (0.3081,))
CIFAR_NORMALIZE = ((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))

# Labels: they name a run but do not change what it trains, so they stay out of the hash.
LABEL_FIELDS = ("name", "lecture_accuracy")


def _model_parameters(model: str) -> dict[str, inspect.Parameter]:
    return dict(inspect.signature(MODELS[model].factory).parameters)


@dataclass(frozen=True)
class Recipe:
    name: str
    model: str
    dataset: str
    optimizer: str
    lr: float
    batch_size: int
    epochs: int
    momentum: float = 0.0
    dropout: float | None = None  # None: the model's own default (or a model without dropout)
    normalize: tuple[tuple[float, ...], tuple[float, ...]] | None = None
    hflip: bool = False
    seed: int = 777
    train_subset: int | None = None
    hidden: tuple[int, ...] | None = None  # hidden layer sizes for the MLPs; None: the slide's
    lecture_accuracy: float | None = None
    history_every: int = 1

    def __post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise ValueError(f"invalid recipe {self.name!r}: " + "; ".join(problems))
        # Canonical forms, so that equal runs compare (and hash) equal.
        set_ = lambda key, value: object.__setattr__(self, key, value)
        if self.optimizer != "sgd_momentum":
            set_("momentum", 0.0)
        set_("lr", float(self.lr))
        set_("momentum", float(self.momentum))
        if self.dropout is not None:
            set_("dropout", float(self.dropout))
        if self.normalize is not None:
            set_("normalize", tuple(tuple(float(v) for v in part) for part in self.normalize))
        if self.hidden is not None:
            set_("hidden", tuple(int(v) for v in self.hidden))

    def problems(self) -> list[str]:
        """Why this combination cannot train (empty when it can)."""
        found = []
        if self.model not in MODELS:
            return [f"unknown model {self.model!r} (known: {', '.join(MODELS)})"]
        info = MODELS[self.model]
        if self.dataset not in info.datasets:
            found.append(f"model {self.model!r} takes {', '.join(info.datasets)}, not {self.dataset!r}")
        if self.optimizer not in OPTIMIZERS:
            found.append(f"optimizer must be one of {', '.join(OPTIMIZERS)}, not {self.optimizer!r}")
        if self.optimizer == "sgd_momentum" and not 0 < self.momentum < 1:
            found.append("sgd_momentum needs 0 < momentum < 1")
        if not self.lr > 0:
            found.append("lr must be positive")
        if self.batch_size < 1 or self.epochs < 1 or self.history_every < 1:
            found.append("batch_size, epochs and history_every must be at least 1")
        params = _model_parameters(self.model)
        if self.dropout is not None:
            if "dropout" not in params:
                found.append(f"model {self.model!r} has no dropout")
            elif not 0 <= self.dropout < 1:
                found.append("dropout must be in [0, 1)")
        if self.hidden is not None:
            if "hidden" not in params:
                found.append(f"model {self.model!r} has no configurable hidden layers")
            elif not self.hidden or any(int(v) < 1 for v in self.hidden):
                found.append("hidden sizes must be positive")
            elif isinstance(params["hidden"].default, int) and len(self.hidden) != 1:
                found.append(f"model {self.model!r} takes one hidden width")
        if self.normalize is not None:
            mean, std = self.normalize
            channels = info.input_shape[0] if len(info.input_shape) == 3 else 0
            if len(mean) != len(std) or len(mean) not in (1, channels) or any(s <= 0 for s in std):
                found.append("normalize must be ((mean per channel), (positive std per channel))")
        if self.dataset == XOR_DATASET and (self.hflip or self.normalize or self.train_subset):
            found.append("XOR has four points: no augmentation, normalisation or subset")
        if self.train_subset is not None and self.train_subset < 1:
            found.append("train_subset must be at least 1")
        return found

    @property
    def is_xor(self) -> bool:
        return self.dataset == XOR_DATASET

    def model_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `models.build_model(self.model, ...)`."""
        kwargs: dict[str, Any] = {}
        if self.dropout is not None:
            kwargs["dropout"] = self.dropout
        if self.hidden is not None:
            default = _model_parameters(self.model)["hidden"].default
            kwargs["hidden"] = self.hidden[0] if isinstance(default, int) else self.hidden
        return kwargs

    def with_overrides(self, **overrides) -> Recipe:
        """A copy with some fields changed (validated); unknown field names raise TypeError."""
        unknown = set(overrides) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise TypeError(f"unknown recipe fields: {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **overrides)

    replace = with_overrides

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Recipe:
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        for key in ("normalize", "hidden"):
            if values.get(key) is not None:
                values[key] = _tupled(values[key])
        return cls(**values)


def _jsonable(value):
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


def _tupled(value):
    if isinstance(value, list | tuple):
        return tuple(_tupled(v) for v in value)
    return value


def subset_seed(seed: int) -> int:
    """Seeds the generator that picks a recipe's `train_subset` (a stream apart from the run's own seed)."""
    return int(seed) + 1_000_003


def config_hash(recipe: Recipe, device: str | None = None) -> str:
    """16 hex characters naming a run: sha256 of the recipe's training fields, CODE_VERSION and the device type.

    `device` is a device type or torch.device ("cpu", "cuda", "cuda:0"); None means the default device.
    """
    if device is None:
        from explainer.training.device import default_device

        device = default_device().type
    device_type = str(device).split(":")[0]
    payload = {k: v for k, v in recipe.to_dict().items() if k not in LABEL_FIELDS}
    payload["__code_version__"] = CODE_VERSION
    payload["__device__"] = device_type
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


_XOR = dict(model="xor_mlp", dataset=XOR_DATASET, optimizer="sgd", lr=1.0, batch_size=4, epochs=10001,
            seed=777, history_every=100)

RECIPES: dict[str, Recipe] = {
    recipe.name: recipe
    for recipe in (
        # XOR: BCELoss, SGD lr 1, `for step in range(10001)`, full batch of the four points.
        Recipe(name="xor_single", **{**_XOR, "model": "xor_single"}, lecture_accuracy=50.0),
        Recipe(name="xor_mlp", **_XOR, lecture_accuracy=100.0),
        Recipe(name="mnist_mlp", model="mnist_mlp", dataset="mnist", optimizer="sgd", lr=0.1, batch_size=100,
               epochs=15, lecture_accuracy=97.25),
        Recipe(name="fashion_mlp", model="fashion_mlp", dataset="fashion_mnist", optimizer="sgd", lr=0.01,
               batch_size=64, epochs=30, dropout=0.0, lecture_accuracy=86.93),
        Recipe(name="fashion_mlp_dropout", model="fashion_mlp", dataset="fashion_mnist", optimizer="sgd", lr=0.01,
               batch_size=64, epochs=50, dropout=0.2, hflip=True, normalize=MNIST_NORMALIZE,
               lecture_accuracy=88.98),
        Recipe(name="mnist_cnn", model="mnist_cnn", dataset="mnist", optimizer="sgd_momentum", lr=0.01,
               momentum=0.5, batch_size=64, epochs=40, dropout=0.5, normalize=MNIST_NORMALIZE,
               lecture_accuracy=99.09),
        Recipe(name="cifar_lenet", model="cifar_lenet", dataset="cifar10", optimizer="sgd_momentum", lr=0.001,
               momentum=0.9, batch_size=4, epochs=2, normalize=CIFAR_NORMALIZE, lecture_accuracy=56.0),
        Recipe(name="cifar_cnn", model="cifar_cnn", dataset="cifar10", optimizer="sgd_momentum", lr=0.001,
               momentum=0.9, batch_size=4, epochs=20, dropout=0.5, normalize=CIFAR_NORMALIZE,
               lecture_accuracy=74.0),
    )
}

# What `explainer.training.trainer` trains; the XOR recipes train with explainer.training.xor_runs.
IMAGE_RECIPES: tuple[str, ...] = tuple(name for name, recipe in RECIPES.items() if not recipe.is_xor)


def get_recipe(name: str) -> Recipe:
    try:
        return RECIPES[name]
    except KeyError:
        raise KeyError(f"unknown recipe {name!r}; known: {', '.join(RECIPES)}") from None
