"""Which trainer trains a recipe: image classifiers `trainer.train`, the XOR nets `explainer.training.xor_runs`.

    from explainer.training.runs import train_recipe
    result = train_recipe(RECIPES["xor_mlp"], "cpu", on_progress=print)  # a trainer.TrainResult either way
"""

from __future__ import annotations

from explainer.training import trainer
from explainer.training.recipes import Recipe


def train_recipe(recipe: Recipe, device=None, **kwargs) -> trainer.TrainResult:
    """`trainer.train`'s signature and result for every recipe (see `trainer.train` for the errors)."""
    if recipe.is_xor:
        from explainer.training import xor_runs

        return xor_runs.train_recipe(recipe, device, **kwargs)
    return trainer.train(recipe, device, **kwargs)
