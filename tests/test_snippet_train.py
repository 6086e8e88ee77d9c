"""The training code the train page shows is the code the benchmark runs, and it picks the trainer's subset."""

import ast

import torch

from explainer.snippets import train as snippet
from explainer.training import bench
from explainer.training.recipes import IMAGE_RECIPES, RECIPES
from explainer.training.trainer import load_splits
from tests.engine_helpers import tiny_datasets


def test_the_shown_script_is_setup_then_the_loop_the_benchmark_runs():
    for name in IMAGE_RECIPES:
        recipe = RECIPES[name].with_overrides(train_subset=500)
        code = snippet.training_code(recipe)
        ast.parse(code)
        assert code == snippet.data_code(recipe) + "\n" + snippet.training_loop_code(recipe)
        assert f"batch_size={snippet.TEST_BATCH}" in code


def test_the_benchmark_executes_the_shown_loop(monkeypatch):
    recipe = RECIPES["fashion_mlp"].with_overrides(epochs=1, batch_size=32)
    data = tiny_datasets(train=64, test=20)
    ran = []
    shown = snippet.training_loop_code

    def recording(recipe_arg):
        ran.append(shown(recipe_arg))
        return ran[-1]

    monkeypatch.setattr(bench, "training_loop_code", recording)
    _seconds, accuracy, model = bench.lecture_loop(recipe, *load_splits(recipe, data), torch.device("cpu"))
    assert ran == [shown(recipe)] and 0 <= accuracy <= 100
    assert isinstance(model, torch.nn.Module) and not model.training  # the loop ended in its test pass


def test_the_shown_subset_is_the_trainers_subset():
    recipe = RECIPES["fashion_mlp"].with_overrides(train_subset=30)
    data = tiny_datasets(train=100, test=20)
    scope = {"torch": torch, "train_set": torch.utils.data.TensorDataset(data[0].images, data[0].labels)}
    exec(snippet.subset_code(recipe), scope)
    shown = torch.stack([scope["train_set"][i][0] for i in range(len(scope["train_set"]))])
    trained, _test = load_splits(recipe, data)
    assert torch.equal(shown, trained.inputs)
