"""The whole-network layer table against the real lecture models."""

import pytest
import torch
from torch import nn

from explainer.inspection.network_table import (
    LECTURE_FLATTEN,
    NETWORK_LAYERS,
    flatten_row,
    network_table,
    total_parameters,
)
from models import MODELS, build_model, parameter_count


def real_shapes(model_name):
    """Output shapes of every conv, pool and linear step, recorded from a forward pass of the real model."""
    model = build_model(model_name).eval()
    shapes = []
    hooks = [m.register_forward_hook(lambda m, i, o: shapes.append((type(m).__name__, tuple(o.shape[1:]))))
             for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    original_pool = torch.nn.functional.max_pool2d

    def recording_pool(*args, **kwargs):  # nn.MaxPool2d and MnistCNN both end up in F.max_pool2d
        out = original_pool(*args, **kwargs)
        shapes.append(("MaxPool2d", tuple(out.shape[1:])))
        return out

    torch.nn.functional.max_pool2d = recording_pool
    try:
        with torch.no_grad():
            model(torch.zeros(1, *MODELS[model_name].input_shape))
    finally:
        torch.nn.functional.max_pool2d = original_pool
        for hook in hooks:
            hook.remove()
    return model, shapes


@pytest.mark.parametrize("model_name", sorted(NETWORK_LAYERS))
def test_table_matches_the_real_model(model_name):
    rows = network_table(model_name)
    model, shapes = real_shapes(model_name)
    kinds = {"conv": "Conv2d", "pool": "MaxPool2d", "linear": "Linear"}
    table = [(kinds[row.kind], row.output_shape) for row in rows if row.kind in kinds]
    assert table == shapes
    assert total_parameters(rows) == parameter_count(model)
    assert flatten_row(rows).output_shape == (model.flat_features,) == (LECTURE_FLATTEN[model_name],)
    for row in rows:
        if row.kind in ("conv", "linear"):
            assert row.parameters == sum(p.numel() for p in model.get_submodule(row.name).parameters())


def test_lecture_flatten_sizes_and_first_rows():
    assert [flatten_row(network_table(m)).output_shape[0] for m in ("mnist_cnn", "cifar_lenet", "cifar_cnn")] == \
        [320, 400, 512]
    mnist = network_table("mnist_cnn")
    assert mnist[1].code == "nn.Conv2d(1, 10, kernel_size=5)" and mnist[1].parameters == 260
    assert mnist[1].arithmetic.startswith("(28 + 2×0 − 5) / 1 + 1 = 24")
    assert network_table("cifar_cnn")[2].code == "nn.MaxPool2d(2, 2, padding=1)"


def test_unknown_model_is_refused():
    with pytest.raises(KeyError):
        network_table("mnist_mlp")
