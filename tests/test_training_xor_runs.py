"""The lecture's XOR recipes trained by explainer.xor (not the image trainer), against the lecture's torch loop."""

import pytest
import torch

from explainer.training import xor_runs
from explainer.training.recipes import RECIPES
from explainer.training.runs import train_recipe
from explainer.training.store import check_weights_fit
from explainer.training.trainer import TrainingCancelled
from models import build_model
from tests.engine_helpers import tiny_datasets


def _lecture_loop(epochs: int):
    """The slides' code: BCELoss, SGD lr 1, full batch; the cost printed before each step."""
    torch.manual_seed(777)
    model = build_model("xor_mlp")
    x = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = torch.tensor([[0.0], [1.0], [1.0], [0.0]])
    optimizer = torch.optim.SGD(model.parameters(), lr=1)
    costs = []
    for _step in range(epochs):
        optimizer.zero_grad()
        cost = torch.nn.BCELoss()(model(x), y)
        costs.append(cost.item())
        cost.backward()
        optimizer.step()
    return costs, model


def test_xor_recipe_matches_the_lecture_loop():
    epochs = 301
    ours = train_recipe(RECIPES["xor_mlp"].with_overrides(epochs=epochs), "cpu")
    costs, model = _lecture_loop(epochs)
    assert [row["epoch"] for row in ours.history] == [1, 101, 201, 301]  # the slides print every 100 steps
    for row in ours.history:
        assert row["train_loss"] == pytest.approx(costs[row["epoch"] - 1], rel=1e-5)
    check_weights_fit(RECIPES["xor_mlp"], ours.state_dict)
    for key, value in model.state_dict().items():
        torch.testing.assert_close(ours.state_dict[key], value, rtol=1e-4, atol=1e-5)
    assert len(ours.confusion) == 2 and sum(map(sum, ours.confusion)) == 4
    assert ours.device == "cpu" and ours.classes == ("0", "1")


def test_the_single_layer_cannot_learn_xor_and_its_weights_fit_its_model():
    result = train_recipe(RECIPES["xor_single"].with_overrides(epochs=500), "cpu")
    assert result.test_acc <= 75
    check_weights_fit(RECIPES["xor_single"], result.state_dict)


def test_progress_and_cancel():
    seen = []
    recipe = RECIPES["xor_mlp"].with_overrides(epochs=30, history_every=10)
    result = xor_runs.train_recipe(recipe, on_progress=seen.append)
    assert [p.epoch for p in seen] == [1, 11, 21, 30] and seen[-1].fraction == 1.0
    assert seen[-1].history[-1] == result.history[-1]
    with pytest.raises(TrainingCancelled):
        xor_runs.train_recipe(recipe, should_stop=lambda: True)


def test_image_recipes_go_to_the_image_trainer():
    result = train_recipe(RECIPES["fashion_mlp"].with_overrides(epochs=1, batch_size=32), "cpu",
                          datasets=tiny_datasets(train=64, test=20))
    assert len(result.confusion) == 10 and result.mode == "eager"
