"""The lecture's fully-connected image classifiers (they return logits)."""

from torch import nn


class MnistMLP(nn.Module):
    """Slide "MNIST MLP": 784-100-100-10 with ReLU."""

    def __init__(self, in_features: int = 28 * 28, num_classes: int = 10) -> None:
        super().__init__()
        self.flatten = nn.Flatten()
        self.layers = nn.Sequential(
            nn.Linear(in_features, 100), nn.ReLU(),
            nn.Linear(100, 100), nn.ReLU(),
            nn.Linear(100, num_classes),
        )

    def forward(self, x):  # x: (N, 1, 28, 28)
        x = self.flatten(x)  # (N, 784)
        return self.layers(x)  # (N, 10)


class FashionMLP(nn.Module):
    """Slide "Fashion-MNIST MLP": 784-256-128-10 with ReLU, optional dropout after each hidden layer."""

    def __init__(self, dropout: float = 0.0, in_features: int = 28 * 28, num_classes: int = 10,
                 hidden: tuple[int, ...] = (256, 128)) -> None:
        super().__init__()
        self.flatten = nn.Flatten()
        layers: list[nn.Module] = []
        width = in_features
        for size in hidden:
            layers += [nn.Linear(width, size), nn.ReLU()]
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
            width = size
        layers.append(nn.Linear(width, num_classes))
        self.layers = nn.Sequential(*layers)

    def forward(self, x):  # x: (N, 1, 28, 28)
        x = self.flatten(x)  # (N, 784)
        return self.layers(x)  # (N, 10)
