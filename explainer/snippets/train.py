"""The lecture's PyTorch training code, filled with a recipe's settings (shown beside the page's controls)."""

from __future__ import annotations

from explainer.training.recipes import Recipe, subset_seed

TEST_BATCH = 1000

DATASET_CLASSES = {"mnist": "MNIST", "fashion_mnist": "FashionMNIST", "cifar10": "CIFAR10"}
MODEL_CLASSES = {"mnist_mlp": "MnistMLP", "fashion_mlp": "FashionMLP", "mnist_cnn": "MnistCNN",
                 "cifar_lenet": "CifarLeNet", "cifar_cnn": "CifarCNN"}


def _transforms(recipe: Recipe, train: bool) -> str:
    steps = []
    if recipe.hflip and train:
        steps.append("transforms.RandomHorizontalFlip()")
    steps.append("transforms.ToTensor()")
    if recipe.normalize is not None:
        mean, std = recipe.normalize
        steps.append(f"transforms.Normalize({tuple(mean)!r}, {tuple(std)!r})")
    return "transforms.Compose([" + ", ".join(steps) + "])"


def _optimizer(recipe: Recipe) -> str:
    if recipe.optimizer == "adam":
        return f"optim.Adam(model.parameters(), lr={recipe.lr:g})"
    if recipe.optimizer == "sgd_momentum":
        return f"optim.SGD(model.parameters(), lr={recipe.lr:g}, momentum={recipe.momentum:g})"
    return f"optim.SGD(model.parameters(), lr={recipe.lr:g})"


def _model_arguments(recipe: Recipe) -> str:
    return ", ".join(f"{key}={value!r}" for key, value in recipe.model_kwargs().items())


def training_code(recipe: Recipe) -> str:
    """A runnable script (torchvision datasets, the model from `models`, the lecture's loop) for `recipe`."""
    return data_code(recipe) + "\n" + training_loop_code(recipe)


def data_code(recipe: Recipe) -> str:
    """Imports, device, datasets and loaders: what `training_loop_code` expects to find."""
    dataset = DATASET_CLASSES[recipe.dataset]
    subset = ""
    if recipe.train_subset:
        subset = "\n" + subset_code(recipe)
    return f'''import torch
import torch.nn.functional as F
from torch import optim
from torchvision import datasets, transforms

from models import {MODEL_CLASSES[recipe.model]}

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
train_set = datasets.{dataset}("data", train=True, download=True,
                          transform={_transforms(recipe, True)})
test_set = datasets.{dataset}("data", train=False, transform={_transforms(recipe, False)}){subset}
train_loader = torch.utils.data.DataLoader(train_set, batch_size={recipe.batch_size}, shuffle=True)
test_loader = torch.utils.data.DataLoader(test_set, batch_size={TEST_BATCH})
'''


def subset_code(recipe: Recipe) -> str:
    """The seeded subset of `train_set` the trainer trains on (`trainer.load_splits` picks the same images)."""
    return (f"generator = torch.Generator().manual_seed({subset_seed(recipe.seed)})\n"
            f"chosen = torch.randperm(len(train_set), generator=generator)[:{recipe.train_subset}].sort().values\n"
            f"train_set = torch.utils.data.Subset(train_set, chosen)")


def training_loop_code(recipe: Recipe) -> str:
    """The lecture's training loop; `explainer.training.bench` runs exactly this text as its baseline.

    It expects `device`, `train_loader`, `test_loader`, `test_set` and the model class (see `data_code`).
    """
    return f'''torch.manual_seed({recipe.seed})
model = {MODEL_CLASSES[recipe.model]}({_model_arguments(recipe)}).to(device)
optimizer = {_optimizer(recipe)}

for epoch in range(1, {recipe.epochs} + 1):
    model.train()
    for data, target in train_loader:
        data, target = data.to(device), target.to(device)
        optimizer.zero_grad()
        loss = F.cross_entropy(model(data), target)
        loss.backward()
        optimizer.step()
    model.eval()
    correct = 0
    with torch.no_grad():
        for data, target in test_loader:
            data, target = data.to(device), target.to(device)
            correct += (model(data).argmax(1) == target).sum().item()
    print(f"epoch {{epoch}}: test accuracy {{100 * correct / len(test_set):.2f}}%")
'''


def feature_maps_code(recipe: Recipe) -> str:
    """How the feature maps of the page are computed, for the trained model of `recipe`."""
    pool = "F.max_pool2d(x, 2)" if recipe.model == "mnist_cnn" else "model.pool(x)"
    return f'''import torch
import torch.nn.functional as F

model.eval()                      # dropout off
x = image.unsqueeze(0)            # (1, C, H, W), transformed like the test set
maps = []
with torch.no_grad():
    for conv in [m for m in model.modules() if isinstance(m, torch.nn.Conv2d)]:
        x = conv(x)
        x = F.relu(x)
        maps.append(("relu", x[0]))
        x = {pool}
        maps.append(("pool", x[0]))
    probabilities = F.softmax(model(image.unsqueeze(0)), dim=1)[0]
filters = model.conv1.weight      # (out_channels, in_channels, 5, 5): the first layer's filters
'''
