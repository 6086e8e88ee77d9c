"""The dropout page's experiment: the lecture's Fashion-MNIST MLP trained briefly with p = 0, 0.2, 0.5.

The runs go through the engine (recipes -> jobs -> store); this module only says which runs, finds
what the store and the job manager know about them, and summarises their histories.

The short runs differ from the lecture's full runs on purpose: a 5,000-image training subset so
that overfitting shows within 20 epochs, and Adam (lr 1e-3) so that 20 epochs are enough to get there;
with the lecture's plain SGD (lr 0.01) the MLP is still underfitting after 20 epochs and dropout
only slows it. All three runs share every other setting, so the curves differ by dropout alone.
Measured on 2 shared CPU cores: 13-21 s per run, under a minute for the three.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from explainer.recipes import RECIPES, Recipe, config_hash

EFFECT_PS = (0.0, 0.2, 0.5)
SHORT_RUN = {"optimizer": "adam", "lr": 1e-3, "train_subset": 5_000, "epochs": 20}
BASE_RECIPE = "fashion_mlp"
LECTURE_DROPOUT_RECIPE = "fashion_mlp_dropout"


def effect_recipes(seed: int) -> dict[float, Recipe]:
    """One short recipe per dropout p, identical but for p."""
    base = RECIPES[BASE_RECIPE]
    return {p: base.with_overrides(name=f"{BASE_RECIPE}_short_p{p:g}", dropout=p, lecture_accuracy=None,
                                   seed=int(seed), **SHORT_RUN)
            for p in EFFECT_PS}


def lecture_accuracies() -> tuple[float, float]:
    """(without dropout, with dropout) test accuracy in percent, as the lecture printed them."""
    return RECIPES[BASE_RECIPE].lecture_accuracy, RECIPES[LECTURE_DROPOUT_RECIPE].lecture_accuracy


def lecture_dropout_differences() -> dict[str, object]:
    """What else the lecture's +dropout run changed besides dropout (so its gain is not all dropout's)."""
    plain, with_dropout = RECIPES[BASE_RECIPE], RECIPES[LECTURE_DROPOUT_RECIPE]
    return {name: getattr(with_dropout, name) for name in ("epochs", "normalize", "hflip")
            if getattr(plain, name) != getattr(with_dropout, name)} | {"dropout": with_dropout.dropout}


@dataclass
class RunState:
    """What is known about one p: a stored result, a job in some state, or nothing yet."""

    p: float
    recipe: Recipe
    config_hash: str
    status: str  # "stored" | "queued" | "running" | "done" | "failed" | "cancelled" | "missing"
    history: list[dict] = field(default_factory=list)  # per epoch: epoch, train_acc, test_acc (percent), ...
    epoch: int = 0
    epochs: int = 0
    test_acc: float | None = None
    error: str | None = None

    @property
    def finished(self) -> bool:
        return self.status in ("stored", "done")

    @property
    def active(self) -> bool:
        return self.status in ("queued", "running")


def _history_of(stored) -> list[dict]:
    history = getattr(stored, "history", None)
    if history is None and getattr(stored, "result", None) is not None:
        history = getattr(stored.result, "history", None)
    return list(history or [])


def run_state(p: float, recipe: Recipe, hash_: str, stored, job) -> RunState:
    """Combine the store's entry (or None) and the job manager's job (or None) for one run."""
    epochs = recipe.epochs
    if stored is not None:
        history = _history_of(stored)
        return RunState(p, recipe, hash_, "stored", history, epoch=len(history), epochs=epochs,
                        test_acc=history[-1]["test_acc"] if history else None)
    if job is None:
        return RunState(p, recipe, hash_, "missing", epochs=epochs)
    state = job.state
    if state == "done" and getattr(job, "result", None) is not None:
        history = _history_of(job.result)
    else:
        progress = getattr(job, "progress", None)
        history = list(getattr(job, "history", None) or (progress.history if progress is not None else ()) or [])
    return RunState(p, recipe, hash_, state, history, epoch=len(history), epochs=epochs,
                    test_acc=history[-1]["test_acc"] if history else None,
                    error=str(job.error) if getattr(job, "error", None) else None)


def run_states(seed: int, store, jobs, device: str | None = None) -> list[RunState]:
    """The state of every p's run, looked up by config hash in the store (finished) and the job manager."""
    states = []
    for p, recipe in effect_recipes(seed).items():
        hash_ = config_hash(recipe, device)
        states.append(run_state(p, recipe, hash_, store.get(hash_), jobs.get(hash_)))
    return states


def final_gaps(histories: dict[float, list[dict]]) -> dict[float, float]:
    """Train minus test accuracy (percentage points) at the last recorded epoch, per p."""
    return {p: history[-1]["train_acc"] - history[-1]["test_acc"] for p, history in histories.items() if history}


def training_code(p: float, seed: int) -> str:
    """The lecture's training loop for one of the short runs, with the page's settings."""
    run = SHORT_RUN
    return f'''import torch
from torch import nn
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

torch.manual_seed({seed})
to_tensor = transforms.ToTensor()
train_set = datasets.FashionMNIST("data", train=True, download=True, transform=to_tensor)
test_set = datasets.FashionMNIST("data", train=False, download=True, transform=to_tensor)
train_set = Subset(train_set, torch.randperm(len(train_set))[:{run["train_subset"]}])  # short run only
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000)

model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256), nn.ReLU(), nn.Dropout({p:g}),
    nn.Linear(256, 128), nn.ReLU(), nn.Dropout({p:g}),
    nn.Linear(128, 10),
)
optimizer = torch.optim.Adam(model.parameters(), lr={run["lr"]:g})  # the lecture: SGD(lr=0.01)
loss_fn = nn.CrossEntropyLoss()

for epoch in range(1, {run["epochs"]} + 1):
    model.train()  # dropout ON: a new mask every batch
    correct = 0
    for images, labels in train_loader:
        optimizer.zero_grad()
        outputs = model(images)
        loss = loss_fn(outputs, labels)
        loss.backward()
        optimizer.step()
        correct += (outputs.argmax(1) == labels).sum().item()
    model.eval()  # dropout OFF for testing
    with torch.no_grad():
        test_correct = sum((model(x).argmax(1) == y).sum().item() for x, y in test_loader)
    print(f"epoch {{epoch}}: train {{100 * correct / len(train_set):.2f}}%, "
          f"test {{100 * test_correct / len(test_set):.2f}}%")
'''
