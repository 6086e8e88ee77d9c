"""The lecture's recipes, overrides and the config hash."""

import pytest

from explainer.training.recipes import RECIPES, Recipe, config_hash, get_recipe
from models import build_model


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_every_recipe_builds_its_model(name):
    recipe = RECIPES[name]
    build_model(recipe.model, **recipe.model_kwargs())


def test_every_field_can_be_overridden():
    recipe = RECIPES["fashion_mlp"].with_overrides(
        epochs=3, lr=0.001, batch_size=128, optimizer="adam", dropout=0.3, hflip=True,
        normalize=((0.5,), (0.5,)), seed=1, train_subset=1000, hidden=(64, 32))
    assert (recipe.epochs, recipe.lr, recipe.batch_size, recipe.optimizer, recipe.dropout, recipe.hflip,
            recipe.seed, recipe.train_subset, recipe.hidden) == (3, 0.001, 128, "adam", 0.3, True, 1, 1000, (64, 32))
    model = build_model(recipe.model, **recipe.model_kwargs())
    assert [m.out_features for m in model.layers if hasattr(m, "out_features")] == [64, 32, 10]
    assert RECIPES["xor_mlp"].with_overrides(hidden=(4,)).model_kwargs() == {"hidden": 4}
    assert RECIPES["fashion_mlp"].replace(epochs=2).epochs == 2


@pytest.mark.parametrize("overrides,message", [
    ({"optimizer": "rmsprop"}, "optimizer"),
    ({"optimizer": "sgd_momentum", "momentum": 0.0}, "momentum"),
    ({"lr": 0}, "lr"),
    ({"epochs": 0}, "at least 1"),
    ({"dataset": "cifar10"}, "takes"),
    ({"dropout": 1.0}, "dropout"),
    ({"normalize": ((0.5, 0.5), (0.5, 0.5))}, "normalize"),
    ({"train_subset": 0}, "train_subset"),
])
def test_invalid_overrides_are_refused_with_a_reason(overrides, message):
    with pytest.raises(ValueError, match=message):
        RECIPES["fashion_mlp"].with_overrides(**overrides)


def test_options_a_model_does_not_have_are_refused():
    with pytest.raises(ValueError, match="no dropout"):
        RECIPES["cifar_lenet"].with_overrides(dropout=0.2)
    with pytest.raises(ValueError, match="hidden"):
        RECIPES["mnist_cnn"].with_overrides(hidden=(10,))
    with pytest.raises(ValueError, match="XOR"):
        RECIPES["xor_mlp"].with_overrides(hflip=True)
    with pytest.raises(TypeError, match="unknown recipe fields"):
        RECIPES["fashion_mlp"].with_overrides(learning_rate=0.1)
    with pytest.raises(KeyError):
        get_recipe("resnet")


def test_config_hash_is_stable_and_sensitive():
    recipe = RECIPES["fashion_mlp"]
    key = config_hash(recipe, "cpu")
    assert len(key) == 16 and int(key, 16) >= 0
    assert config_hash(Recipe.from_dict(recipe.to_dict()), "cpu") == key
    assert config_hash(recipe.with_overrides(lr=0.01), "cpu") == key  # same value, same hash
    assert config_hash(recipe, "cuda:0") == config_hash(recipe, "cuda") != key
    changed = [recipe.with_overrides(lr=0.02), recipe.with_overrides(seed=1), recipe.with_overrides(epochs=29),
               recipe.with_overrides(hflip=True), recipe.with_overrides(train_subset=100),
               recipe.with_overrides(optimizer="adam")]
    assert len({config_hash(r, "cpu") for r in changed} | {key}) == len(changed) + 1
    # Labels do not change what trains: a renamed run is the same run.
    assert config_hash(recipe.with_overrides(name="mine", lecture_accuracy=None), "cpu") == key
    # An ignored momentum does not split equal runs.
    assert recipe.with_overrides(momentum=0.9).momentum == 0.0


def test_config_hash_defaults_to_the_default_device(monkeypatch):
    monkeypatch.setenv("EXPLAINER_DEVICE", "cpu")
    assert config_hash(RECIPES["mnist_cnn"]) == config_hash(RECIPES["mnist_cnn"], "cpu")


def test_round_trip_through_json_types():
    for recipe in RECIPES.values():
        assert Recipe.from_dict(recipe.to_dict()) == recipe
