"""The XOR nets the lecture trains: their shape, the four points, and the lecture's settings.

The lecture trains a 2-10-10-10-1 sigmoid MLP with full-batch SGD (lr 1, BCE) for 10,001 epochs from
torch.manual_seed(777); the single-layer perceptron Linear(2, 1) shows that one line cannot separate XOR.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explainer.topics.perceptron import GATE_TRUTH, TRUTH_INPUTS

XOR_INPUTS = TRUTH_INPUTS  # (0,0), (0,1), (1,0), (1,1): the truth table's four points, in its order
XOR_TARGETS = np.array(GATE_TRUTH["XOR"], dtype=np.float64)
ACTIVATIONS = ("sigmoid", "tanh", "relu")
MAX_HIDDEN_LAYERS = 4
WIDTH_RANGE = (2, 16)
LECTURE_SEED = 777
LECTURE_LR = 1.0
LECTURE_EPOCHS = 10_001
MANY_SEEDS = 20  # the page's "many seeds" batch, and what the benchmark times as K initialisations at once


@dataclass(frozen=True)
class XorNet:
    """A 2-width-...-width-1 net; `hidden_layers=0` is the lecture's single-layer perceptron Linear(2, 1)."""

    hidden_layers: int = 3
    width: int = 10
    activation: str = "sigmoid"

    def __post_init__(self) -> None:
        if not 0 <= self.hidden_layers <= MAX_HIDDEN_LAYERS:
            raise ValueError(f"hidden_layers must be 0..{MAX_HIDDEN_LAYERS}, got {self.hidden_layers}")
        if self.hidden_layers and not WIDTH_RANGE[0] <= self.width <= WIDTH_RANGE[1]:
            raise ValueError(f"width must be {WIDTH_RANGE[0]}..{WIDTH_RANGE[1]}, got {self.width}")
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, got {self.activation!r}")

    @property
    def sizes(self) -> list[int]:
        """Units per layer, inputs first: [2, 10, 10, 10, 1] for the lecture's MLP."""
        return [2] + [self.width] * self.hidden_layers + [1]

    def layer_activations(self) -> list[str]:
        """The activation after each Linear: the hidden one, then the output's sigmoid."""
        return [self.activation] * self.hidden_layers + ["sigmoid"]


LECTURE_MLP = XorNet(3, 10, "sigmoid")
SINGLE_LAYER = XorNet(0, 10, "sigmoid")
# The lecture's two XOR nets by the names the training recipes give them (explainer.training.recipes).
LECTURE_NETS = {"xor_mlp": LECTURE_MLP, "xor_single": SINGLE_LAYER}


def many_seed_list(seed: int, count: int = MANY_SEEDS) -> list[int]:
    return [seed + offset for offset in range(count)]
