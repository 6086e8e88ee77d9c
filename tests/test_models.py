import pytest
import torch

from models import MODELS, build_model, models_for_dataset, parameter_count

# Parameter counts worked out by hand from the slides' layer sizes.
EXPECTED = {
    "xor_single": ((2,), (1,), 2 + 1),
    "xor_mlp": ((2,), (1,), (2 * 10 + 10) + 2 * (10 * 10 + 10) + (10 + 1)),
    "mnist_mlp": ((1, 28, 28), (10,), (784 * 100 + 100) + (100 * 100 + 100) + (100 * 10 + 10)),
    "fashion_mlp": ((1, 28, 28), (10,), (784 * 256 + 256) + (256 * 128 + 128) + (128 * 10 + 10)),
    "mnist_cnn": ((1, 28, 28), (10,), (1 * 25 * 10 + 10) + (10 * 25 * 20 + 20) + (320 * 50 + 50) + (50 * 10 + 10)),
    "cifar_lenet": ((3, 32, 32), (10,), (3 * 25 * 6 + 6) + (6 * 25 * 16 + 16) + (400 * 120 + 120)
                    + (120 * 84 + 84) + (84 * 10 + 10)),
    "cifar_cnn": ((3, 32, 32), (10,), (3 * 25 * 32 + 32) + (32 * 25 * 64 + 64) + (64 * 25 * 128 + 128)
                  + (512 * 256 + 256) + (256 * 128 + 128) + (128 * 84 + 84) + (84 * 10 + 10)),
}


def test_registry_has_every_lecture_model():
    assert set(MODELS) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_output_shape_and_parameter_count(name):
    in_shape, out_shape, params = EXPECTED[name]
    assert MODELS[name].input_shape == in_shape
    model = build_model(name).eval()
    out = model(torch.rand(3, *in_shape))
    assert out.shape == (3, *out_shape)
    assert parameter_count(model) == params


@pytest.mark.parametrize("name,flat", [("mnist_cnn", 320), ("cifar_lenet", 400), ("cifar_cnn", 512)])
def test_flatten_sizes_come_from_shape_helper(name, flat):
    assert build_model(name).flat_features == flat


def test_fashion_mlp_dropout_is_after_each_hidden_layer():
    model = build_model("fashion_mlp", dropout=0.2)
    kinds = [type(m).__name__ for m in model.layers]
    assert kinds == ["Linear", "ReLU", "Dropout", "Linear", "ReLU", "Dropout", "Linear"]
    assert parameter_count(model) == EXPECTED["fashion_mlp"][2]
    model.train()
    x = torch.rand(8, 1, 28, 28)
    torch.manual_seed(0)
    a = model(x)
    torch.manual_seed(1)
    b = model(x)
    assert not torch.allclose(a, b), "dropout should make training passes differ"
    model.eval()
    assert torch.allclose(model(x), model(x))


def test_xor_outputs_are_probabilities():
    out = build_model("xor_mlp")(torch.tensor([[0.0, 0.0], [0, 1], [1, 0], [1, 1]]))
    assert ((out > 0) & (out < 1)).all()


def test_models_for_dataset_and_unknown_name():
    assert "cifar_lenet" in models_for_dataset("cifar10")
    assert "cifar_lenet" not in models_for_dataset("mnist")
    with pytest.raises(KeyError, match="unknown model"):
        build_model("resnet")
