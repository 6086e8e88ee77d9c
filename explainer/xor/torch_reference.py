"""The lecture's XOR code in torch: its nn.Sequential, its initial weights per seed, and its eager loop.

The engines start from these weights, and the tests hold the engines against this loop.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from explainer.xor.net import LECTURE_EPOCHS, LECTURE_LR, LECTURE_SEED, XOR_INPUTS, XOR_TARGETS, XorNet


def torch_model(net: XorNet):
    """The nn.Sequential the lecture writes for this shape (same parameter creation order as models.XORMLP)."""
    from torch import nn

    modules = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU}
    layers = []
    for fan_in, fan_out, activation in zip(net.sizes[:-1], net.sizes[1:], net.layer_activations(), strict=True):
        layers.append(nn.Linear(fan_in, fan_out))
        layers.append(modules[activation]())
    return nn.Sequential(*layers)


def initial_params(net: XorNet, seeds: int | Sequence[int]) -> list[np.ndarray]:
    """Torch's initial weights under torch.manual_seed(seed), per layer stacked over seeds: (K, out, in + 1).

    Drawn as nn.Linear.reset_parameters draws them, layer after layer (weight, then bias), but from a generator of
    our own seeded with `seed`, which gives the numbers torch's global generator gives after manual_seed(seed).
    The global generator is shared by every thread of the server: the page's 20-seed batch trains in a background
    thread while the script run draws the shown seed, and another session may seed it at any moment.
    """
    import torch
    from torch.nn import init

    seeds = [seeds] if isinstance(seeds, int) else list(seeds)
    per_seed = []
    for seed in seeds:
        generator = torch.Generator().manual_seed(int(seed))
        layers = []
        for fan_in, fan_out in zip(net.sizes[:-1], net.sizes[1:], strict=True):
            weight, bias = torch.empty(fan_out, fan_in), torch.empty(fan_out)
            init.kaiming_uniform_(weight, a=math.sqrt(5), generator=generator)
            bound = 1 / math.sqrt(fan_in)
            init.uniform_(bias, -bound, bound, generator=generator)
            layers.append(np.concatenate([weight.double().numpy(), bias.double().numpy()[:, None]], axis=1))
        per_seed.append(layers)
    return [np.stack([params[i] for params in per_seed]) for i in range(len(per_seed[0]))]


@dataclass
class TorchRun:
    losses: np.ndarray  # (epochs,) or only every 100th epoch when not recorded
    final_outputs: np.ndarray  # (4,)
    final_loss: float
    seconds: float


def train_torch(net: XorNet, lr: float = LECTURE_LR, epochs: int = LECTURE_EPOCHS, seed: int = LECTURE_SEED,
                record_every_epoch: bool = False) -> TorchRun:
    """The lecture's eager loop, as written (cost.item() every 100 epochs), timed; the oracle for tests."""
    import torch

    torch.manual_seed(seed)
    model = torch_model(net)
    X = torch.tensor(XOR_INPUTS, dtype=torch.float32)
    Y = torch.tensor(XOR_TARGETS[:, None], dtype=torch.float32)
    criterion = torch.nn.BCELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    recorded = []
    start = time.perf_counter()
    for epoch in range(epochs):
        optimizer.zero_grad()
        hypothesis = model(X)
        cost = criterion(hypothesis, Y)
        cost.backward()
        optimizer.step()
        if record_every_epoch:
            recorded.append(cost.detach())
        elif epoch % 100 == 0:
            recorded.append(cost.item())
    with torch.no_grad():
        hypothesis = model(X)
        final_loss = criterion(hypothesis, Y).item()
    seconds = time.perf_counter() - start
    losses = torch.stack(recorded).numpy() if record_every_epoch else np.array(recorded)
    return TorchRun(losses.astype(np.float64), hypothesis[:, 0].double().numpy(), final_loss, seconds)
