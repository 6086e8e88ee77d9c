"""A lecture XOR recipe (`xor_mlp`, `xor_single`) trained by this package's trainer, as a stored run.

The job queue and `python -m explainer.training.pretrain` store the XOR runs next to the image runs
(`explainer.training.runs.train_recipe` sends them here): the result has the image trainer's shape
(`trainer.TrainResult`), with the history the slides print (every `history_every` epochs):
train_loss / train_acc are the cost and accuracy the lecture computes in that epoch (before its step),
test_loss / test_acc those after it, on the same four points. Training is full-batch SGD on BCE in float64
(explainer.xor.engines); the weights are stored as the torch model's float32 state dict.
"""

from __future__ import annotations

import time

import numpy as np
import torch

from explainer.training.device import device_name
from explainer.training.recipes import Recipe
from explainer.training.trainer import Progress, TrainingCancelled, TrainResult
from explainer.xor import decisions, engines, torch_reference
from explainer.xor import net as xor_net
from models import build_model

CLASSES = ("0", "1")


def recipe_net(recipe: Recipe) -> xor_net.XorNet:
    """The XorNet of a recipe's model: `xor_single` is Linear(2, 1); `xor_mlp` three sigmoid layers of `hidden`."""
    if recipe.model == "xor_single":
        return xor_net.SINGLE_LAYER
    if recipe.model == "xor_mlp":
        return xor_net.XorNet(3, int(recipe.model_kwargs().get("hidden", xor_net.LECTURE_MLP.width)), "sigmoid")
    raise ValueError(f"{recipe.name}: {recipe.model!r} is no XOR model")


def recorded_epochs(recipe: Recipe) -> list[int]:
    """The epochs the history records: 1, 1 + history_every, ..., and the last."""
    every = recipe.history_every
    return [e for e in range(1, recipe.epochs + 1) if (e - 1) % every == 0 or e == recipe.epochs]


def train_recipe(recipe: Recipe, device=None, on_progress=None, should_stop=None, progress_every: int = 100,
                 datasets=None) -> TrainResult:
    """Train an XOR recipe on the CPU (four points need no GPU); `device`, `progress_every`, `datasets` are
    accepted for the image trainer's signature. Raises TrainingCancelled when `should_stop()` turns True."""
    net = recipe_net(recipe)
    started = time.perf_counter()
    params = torch_reference.initial_params(net, recipe.seed)
    history: list[dict] = []
    done = 0
    for epoch in recorded_epochs(recipe):
        if should_stop is not None and should_stop():
            raise TrainingCancelled(f"{recipe.name} cancelled")
        params = _steps(net, recipe, params, epoch - 1 - done)
        before = _outputs(net, params)
        params = _steps(net, recipe, params, 1)
        done = epoch
        after = _outputs(net, params)
        history.append({"epoch": epoch, "train_loss": float(decisions.bce(before)), "train_acc": _percent(before),
                        "test_loss": float(decisions.bce(after)), "test_acc": _percent(after),
                        "elapsed_s": time.perf_counter() - started})
        if on_progress is not None:
            row = history[-1]
            elapsed = row["elapsed_s"]
            on_progress(Progress(epoch=epoch, epochs=recipe.epochs, step=0, steps_per_epoch=1,
                                 train_loss=row["train_loss"], train_acc=row["train_acc"], test_acc=row["test_acc"],
                                 elapsed_s=elapsed, eta_s=elapsed / epoch * (recipe.epochs - epoch),
                                 history=tuple(history)))
    last = history[-1]
    confusion = _confusion(after)
    return TrainResult(
        recipe=recipe, history=history, test_acc=last["test_acc"], test_loss=last["test_loss"],
        train_loss=last["train_loss"], train_acc=last["train_acc"],
        per_class_acc=[100.0 * row[i] / max(1, sum(row)) for i, row in enumerate(confusion)],
        confusion=confusion, classes=CLASSES, device="cpu", device_name=device_name("cpu"),
        wall_s=time.perf_counter() - started, state_dict=_state_dict(recipe, params), mode=engines.default_engine(),
    )


def _steps(net: xor_net.XorNet, recipe: Recipe, params: list[np.ndarray], steps: int) -> list[np.ndarray]:
    if steps <= 0:
        return params
    return engines.train(net, recipe.lr, steps, recipe.seed, snapshots=1, init=params).final_params


def _outputs(net: xor_net.XorNet, params: list[np.ndarray]) -> np.ndarray:
    """(4,): the net's probabilities on the four points."""
    return decisions.forward(params, xor_net.XOR_INPUTS, net.activation)[-1][0, :, 0]


def _percent(outputs: np.ndarray) -> float:
    return 100.0 * float(decisions.accuracy(outputs))


def _confusion(outputs: np.ndarray) -> list[list[int]]:
    """Rows: true class, columns: predicted class (the lecture's float32 decision, decisions.predictions)."""
    confusion = [[0, 0], [0, 0]]
    truths, predicted_classes = xor_net.XOR_TARGETS.astype(int), decisions.predictions(outputs).astype(int)
    for truth, predicted in zip(truths, predicted_classes, strict=True):
        confusion[truth][predicted] += 1
    return confusion


def _state_dict(recipe: Recipe, params: list[np.ndarray]) -> dict[str, torch.Tensor]:
    """The trained [W | b] matrices as the recipe's torch model holds them (float32, its parameter names)."""
    with torch.device("meta"):
        model = build_model(recipe.model, **recipe.model_kwargs())
    linears = [name for name, module in model.named_modules() if isinstance(module, torch.nn.Linear)]
    state = {}
    for name, layer in zip(linears, params, strict=True):
        prefix = f"{name}." if name else ""
        state[prefix + "weight"] = torch.from_numpy(np.ascontiguousarray(layer[0, :, :-1])).float()
        state[prefix + "bias"] = torch.from_numpy(np.ascontiguousarray(layer[0, :, -1])).float()
    return state
