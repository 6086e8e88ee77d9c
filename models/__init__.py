"""The lecture's models, one `nn.Module` per slide, and a registry by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from torch import nn

from .cnn import CifarCNN, CifarLeNet, MnistCNN
from .mlp import FashionMLP, MnistMLP
from .xor import XORMLP, XORSingleLayer


@dataclass(frozen=True)
class ModelInfo:
    name: str
    factory: Callable[..., nn.Module]
    input_shape: tuple[int, ...]  # one sample, without the batch axis
    datasets: tuple[str, ...]  # datasets whose images fit the input shape
    output_size: int
    is_cnn: bool = False


MODELS: dict[str, ModelInfo] = {
    "xor_single": ModelInfo("xor_single", XORSingleLayer, (2,), ("xor",), 1),
    "xor_mlp": ModelInfo("xor_mlp", XORMLP, (2,), ("xor",), 1),
    "mnist_mlp": ModelInfo("mnist_mlp", MnistMLP, (1, 28, 28), ("mnist", "fashion_mnist"), 10),
    "fashion_mlp": ModelInfo("fashion_mlp", FashionMLP, (1, 28, 28), ("fashion_mnist", "mnist"), 10),
    "mnist_cnn": ModelInfo("mnist_cnn", MnistCNN, (1, 28, 28), ("mnist", "fashion_mnist"), 10, is_cnn=True),
    "cifar_lenet": ModelInfo("cifar_lenet", CifarLeNet, (3, 32, 32), ("cifar10",), 10, is_cnn=True),
    "cifar_cnn": ModelInfo("cifar_cnn", CifarCNN, (3, 32, 32), ("cifar10",), 10, is_cnn=True),
}


def build_model(name: str, **kwargs) -> nn.Module:
    """A fresh model by registry name; keyword arguments go to its constructor (e.g. dropout=0.2)."""
    try:
        info = MODELS[name]
    except KeyError:
        raise KeyError(f"unknown model {name!r}; known: {', '.join(MODELS)}") from None
    return info.factory(**kwargs)


def models_for_dataset(dataset: str) -> list[str]:
    return [name for name, info in MODELS.items() if dataset in info.datasets]


def parameter_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


__all__ = [
    "MODELS", "ModelInfo", "build_model", "models_for_dataset", "parameter_count",
    "XORSingleLayer", "XORMLP", "MnistMLP", "FashionMLP", "MnistCNN", "CifarLeNet", "CifarCNN",
]
