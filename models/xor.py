"""The lecture's XOR models."""

from torch import nn


class XORSingleLayer(nn.Module):
    """Slide "XOR with one layer": Linear(2, 1) + Sigmoid. It cannot separate XOR."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = nn.Linear(2, 1)
        self.sigmoid = nn.Sigmoid()

    def forward(self, x):  # x: (N, 2)
        return self.sigmoid(self.linear(x))  # (N, 1) probabilities


class XORMLP(nn.Module):
    """Slide "XOR with a multi-layer perceptron": 2-10-10-10-1, Sigmoid after every layer."""

    def __init__(self, hidden: int = 10) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(2, hidden), nn.Sigmoid(),
            nn.Linear(hidden, hidden), nn.Sigmoid(),
            nn.Linear(hidden, hidden), nn.Sigmoid(),
            nn.Linear(hidden, 1), nn.Sigmoid(),
        )

    def forward(self, x):  # x: (N, 2)
        return self.net(x)  # (N, 1) probabilities
