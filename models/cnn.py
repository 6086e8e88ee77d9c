"""The lecture's convolutional networks (they return logits).

Flatten sizes come from `models.shapes.flatten_size`, so the arithmetic the convolution page
teaches is the arithmetic the models use.
"""

import torch.nn.functional as F
from torch import nn

from models.shapes import Conv, Pool, flatten_size

MNIST_CNN_LAYERS = [Conv(10, 5), Pool(2), Conv(20, 5), Pool(2)]
CIFAR_LENET_LAYERS = [Conv(6, 5), Pool(2, 2), Conv(16, 5), Pool(2, 2)]
CIFAR_CNN_LAYERS = [
    Conv(32, 5), Pool(2, 2, padding=1),
    Conv(64, 5), Pool(2, 2, padding=1),
    Conv(128, 5), Pool(2, 2, padding=1),
]


class MnistCNN(nn.Module):
    """Slide "MNIST CNN": two 5x5 convs with max-pooling, Dropout2d, FC 320-50-10."""

    def __init__(self, dropout: float = 0.5) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.conv2_drop = nn.Dropout2d(dropout)
        self.flat_features = flatten_size(1, 28, 28, MNIST_CNN_LAYERS)  # 320
        self.fc1 = nn.Linear(self.flat_features, 50)
        self.fc2 = nn.Linear(50, 10)
        self.dropout = dropout

    def forward(self, x):  # x: (N, 1, 28, 28)
        x = F.relu(F.max_pool2d(self.conv1(x), 2))  # (N, 10, 12, 12)
        x = F.relu(F.max_pool2d(self.conv2_drop(self.conv2(x)), 2))  # (N, 20, 4, 4)
        x = x.flatten(1)  # (N, 320)
        x = F.relu(self.fc1(x))  # (N, 50)
        x = F.dropout(x, p=self.dropout, training=self.training)
        return self.fc2(x)  # (N, 10)


class CifarLeNet(nn.Module):
    """Slide "CIFAR-10 LeNet": conv 3-6-16 (5x5) with max-pooling, FC 400-120-84-10."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.flat_features = flatten_size(3, 32, 32, CIFAR_LENET_LAYERS)  # 400
        self.fc1 = nn.Linear(self.flat_features, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):  # x: (N, 3, 32, 32)
        x = self.pool(F.relu(self.conv1(x)))  # (N, 6, 14, 14)
        x = self.pool(F.relu(self.conv2(x)))  # (N, 16, 5, 5)
        x = x.flatten(1)  # (N, 400)
        x = F.relu(self.fc1(x))  # (N, 120)
        x = F.relu(self.fc2(x))  # (N, 84)
        return self.fc3(x)  # (N, 10)


class CifarCNN(nn.Module):
    """Slide "a better CIFAR-10 CNN": conv 32-64-128 (5x5, pool padding 1), dropout, FC 512-256-128-84-10."""

    def __init__(self, dropout: float = 0.5) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 5)
        self.conv2 = nn.Conv2d(32, 64, 5)
        self.conv3 = nn.Conv2d(64, 128, 5)
        self.pool = nn.MaxPool2d(2, 2, padding=1)
        self.drop = nn.Dropout(dropout)
        self.flat_features = flatten_size(3, 32, 32, CIFAR_CNN_LAYERS)  # 512
        self.fc1 = nn.Linear(self.flat_features, 256)
        self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 84)
        self.fc4 = nn.Linear(84, 10)

    def forward(self, x):  # x: (N, 3, 32, 32)
        x = self.pool(F.relu(self.conv1(x)))  # (N, 32, 15, 15)
        x = self.pool(F.relu(self.conv2(x)))  # (N, 64, 6, 6)
        x = self.pool(self.drop(F.relu(self.conv3(x))))  # (N, 128, 2, 2)
        x = x.flatten(1)  # (N, 512)
        x = self.drop(F.relu(self.fc1(x)))  # (N, 256)
        x = F.relu(self.fc2(x))  # (N, 128)
        x = F.relu(self.fc3(x))  # (N, 84)
        return self.fc4(x)  # (N, 10)
