"""Layer-by-layer output shapes and parameter counts of the lecture's CNNs, down to the flatten size.

The convolution/pooling part comes from the same layer lists the models build their flatten size
from (models.cnn.*_LAYERS); the fully connected part from the real model's `nn.Linear` layers. The
tests run the real models and compare both.
"""

from __future__ import annotations

from dataclasses import dataclass

from torch import nn

from explainer.topics.convolution import conv_parameter_count
from models import MODELS, build_model
from models.cnn import CIFAR_CNN_LAYERS, CIFAR_LENET_LAYERS, MNIST_CNN_LAYERS
from models.shapes import Conv, Pool, conv_output_size, pool_output_size

NETWORK_LAYERS: dict[str, list[Conv | Pool]] = {
    "mnist_cnn": MNIST_CNN_LAYERS,
    "cifar_lenet": CIFAR_LENET_LAYERS,
    "cifar_cnn": CIFAR_CNN_LAYERS,
}
LECTURE_FLATTEN = {"mnist_cnn": 320, "cifar_lenet": 400, "cifar_cnn": 512}


@dataclass(frozen=True)
class LayerRow:
    name: str  # attribute name in the model (conv1, fc1) or the layer kind for unnamed steps
    kind: str  # "input" | "conv" | "pool" | "flatten" | "linear"
    code: str  # the PyTorch call, e.g. nn.Conv2d(1, 10, kernel_size=5)
    output_shape: tuple[int, ...]  # one sample, no batch axis
    parameters: int
    arithmetic: str  # how the size was obtained, e.g. (28 − 5) / 1 + 1 = 24


def _size_text(size: int, kernel: int, padding: int, stride: int, out: int) -> str:
    return f"({size} + 2×{padding} − {kernel}) / {stride} + 1 = {out}"


def network_table(model_name: str) -> list[LayerRow]:
    """Rows from the input through every conv/pool layer, the flatten and the fully connected layers."""
    if model_name not in NETWORK_LAYERS:
        raise KeyError(f"no layer table for {model_name!r}; known: {', '.join(NETWORK_LAYERS)}")
    model = build_model(model_name)
    convs = [(name, m) for name, m in model.named_modules() if isinstance(m, nn.Conv2d)]
    linears = [(name, m) for name, m in model.named_modules() if isinstance(m, nn.Linear)]
    channels, height, width = MODELS[model_name].input_shape
    rows = [LayerRow("input", "input", "x", (channels, height, width), 0, "")]
    conv_index = 0
    for layer in NETWORK_LAYERS[model_name]:
        if isinstance(layer, Conv):
            name, module = convs[conv_index]
            conv_index += 1
            oh = conv_output_size(height, layer.kernel, layer.padding, layer.stride)
            params = conv_parameter_count(layer.kernel, layer.kernel, channels, layer.out_channels,
                                          bias=module.bias is not None)
            text = f"{_size_text(height, layer.kernel, layer.padding, layer.stride, oh)};  " \
                   f"({layer.kernel}·{layer.kernel}·{channels} + 1)·{layer.out_channels} = {params}"
            channels, height, width = layer.out_channels, oh, conv_output_size(width, layer.kernel, layer.padding,
                                                                                layer.stride)
            code = f"nn.Conv2d({module.in_channels}, {layer.out_channels}, kernel_size={layer.kernel})"
            rows.append(LayerRow(name, "conv", code, (channels, height, width), params, text))
        else:
            stride = layer.kernel if layer.stride is None else layer.stride
            oh = pool_output_size(height, layer.kernel, layer.padding, stride)
            text = _size_text(height, layer.kernel, layer.padding, stride, oh)
            height, width = oh, pool_output_size(width, layer.kernel, layer.padding, stride)
            padding = f", padding={layer.padding}" if layer.padding else ""
            code = f"nn.MaxPool2d({layer.kernel}, {stride}{padding})"
            rows.append(LayerRow("pool", "pool", code, (channels, height, width), 0, text))
    flat = channels * height * width
    rows.append(LayerRow("flatten", "flatten", "x.flatten(1)", (flat,), 0, f"{channels}×{height}×{width} = {flat}"))
    features = flat
    for name, module in linears:
        params = module.weight.numel() + (module.bias.numel() if module.bias is not None else 0)
        text = f"{features}·{module.out_features} + {module.out_features} = {params}"
        rows.append(LayerRow(name, "linear", f"nn.Linear({module.in_features}, {module.out_features})",
                             (module.out_features,), params, text))
        features = module.out_features
    return rows


def flatten_row(rows: list[LayerRow]) -> LayerRow:
    return next(row for row in rows if row.kind == "flatten")


def total_parameters(rows: list[LayerRow]) -> int:
    return sum(row.parameters for row in rows)
