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

from explainer.i18n import t
from explainer.training.recipes import RECIPES, Recipe

EFFECT_PS = (0.0, 0.2, 0.5)
AUTOSTART_SEED = 777  # the lecture's seed, the app's default: the runs every student sees first
SHORT_RUN = {"optimizer": "adam", "lr": 1e-3, "train_subset": 5_000, "epochs": 20}
BASE_RECIPE = "fashion_mlp"
LECTURE_DROPOUT_RECIPE = "fashion_mlp_dropout"
POLL_SECONDS = 1.0  # how often the live section looks at the runs while one is queued or running


def effect_recipes(seed: int) -> dict[float, Recipe]:
    """One short recipe per dropout p, identical but for p."""
    base = RECIPES[BASE_RECIPE]
    return {p: base.with_overrides(name=f"{BASE_RECIPE}_short_p{p:g}", dropout=p, lecture_accuracy=None,
                                   seed=int(seed), **SHORT_RUN)
            for p in EFFECT_PS}


def lecture_accuracies() -> tuple[float, float]:
    """(without dropout, with dropout) test accuracy in percent, as the lecture printed them."""
    return RECIPES[BASE_RECIPE].lecture_accuracy, RECIPES[LECTURE_DROPOUT_RECIPE].lecture_accuracy


def lecture_dropout_p() -> float:
    return RECIPES[LECTURE_DROPOUT_RECIPE].dropout


def lecture_differences_text(lang: str) -> str:
    """The caveat under the lecture's 86.93% -> 88.98%: what its dropout run changed besides dropout."""
    plain, with_dropout = RECIPES[BASE_RECIPE], RECIPES[LECTURE_DROPOUT_RECIPE]
    changes = []
    if plain.epochs != with_dropout.epochs:
        changes.append(t("dropout.effect.change.epochs", lang, before=plain.epochs, after=with_dropout.epochs))
    if plain.normalize != with_dropout.normalize:
        changes.append(t("dropout.effect.change.normalize", lang))
    if plain.hflip != with_dropout.hflip:
        changes.append(t("dropout.effect.change.hflip", lang))
    without, with_ = lecture_accuracies()
    return t("dropout.effect.lecture_differs", lang, changes=", ".join(changes), gain=f"{with_ - without:.2f}")


def short_run_text(lang: str) -> str:
    run = SHORT_RUN
    return t("dropout.effect.short_runs", lang, ps=", ".join(f"{p:g}" for p in EFFECT_PS),
             subset=run["train_subset"], epochs=run["epochs"], optimizer=f"Adam (lr={run['lr']:g})",
             batch=RECIPES[BASE_RECIPE].batch_size)


def missing_dataset():
    """The DatasetUnavailable error when Fashion-MNIST cannot be loaded, else None."""
    from explainer.data import datasets as data

    try:
        for split in ("train", "test"):
            data.load_dataset(RECIPES[BASE_RECIPE].dataset, split)
    except data.DatasetUnavailable as err:
        return err
    return None


@dataclass
class RunState:
    """What the job manager knows about one p: a job in some state (a stored result is a done job) or nothing."""

    p: float
    recipe: Recipe
    config_hash: str
    status: str  # "missing" | "queued" | "running" | "done" | "failed" | "cancelled"
    history: list[dict] = field(default_factory=list)  # per epoch: epoch, train_acc, test_acc (percent), ...
    epochs: int = 0
    error: str | None = None
    exception: BaseException | None = None
    fraction: float = 0.0  # of the run's steps done


    @property
    def epoch(self) -> int:
        return len(self.history)

    @property
    def test_acc(self) -> float | None:
        return self.history[-1]["test_acc"] if self.history else None

    @property
    def finished(self) -> bool:
        return self.status == "done"

    @property
    def active(self) -> bool:
        return self.status in ("queued", "running")

    @property
    def trainable(self) -> bool:
        """Nothing is running or stored for it: a press of the train button would start it."""
        return self.status in ("missing", "failed", "cancelled")


def run_state(p: float, recipe: Recipe, hash_: str, job) -> RunState:
    if job is None:
        return RunState(p, recipe, hash_, "missing", epochs=recipe.epochs)
    progress = getattr(job, "progress", None)
    fraction = 1.0 if job.state == "done" else progress.fraction if progress is not None else 0.0
    return RunState(p, recipe, hash_, job.state, list(job.history), epochs=recipe.epochs, error=job.error,
                    exception=getattr(job, "exception", None), fraction=fraction)


def run_states(seed: int, jobs) -> list[RunState]:
    """Every p's run as the job manager (explainer.training.jobs.JobManager, which also reads the store) sees it."""
    return [run_state(p, recipe, jobs.key(recipe), jobs.get(jobs.key(recipe)))
            for p, recipe in effect_recipes(seed).items()]


def submit_missing(seed: int, jobs, owner: str | None = None) -> list:
    """Queue the runs that have no job or a failed/cancelled one for `owner` (the session that pressed the
    button, which may then stop them); the jobs, in p order. The manager's SubmitRefused passes through."""
    return [jobs.submit(state.recipe, owner=owner) for state in run_states(seed, jobs) if state.trainable]


def submit_missing_or_refusal(seed: int, jobs, owner: str | None, lang: str) -> str | None:
    """The train button: submit_missing, and the manager's refusal (too many runs for one session, too long
    here) as a sentence in `lang`, or None when every missing run is queued."""
    from explainer.training.jobs import SubmitRefused

    try:
        submit_missing(seed, jobs, owner)
    except SubmitRefused as refusal:
        return refusal.message(lang)
    return None


def autostart(seed: int, jobs) -> list:
    """Queue the runs nobody has tried yet, on the lecture's seed only, so that the curves grow the first time
    the page is opened (one shared job per run; a stored result is simply shown). Runs that failed or were
    cancelled, and other seeds, wait for the button: a page view must not restart what someone stopped."""
    if int(seed) != AUTOSTART_SEED:
        return []
    states = run_states(seed, jobs)
    if any(state.status in ("failed", "cancelled") for state in states):
        return []
    return [jobs.submit(state.recipe) for state in states if state.trainable]  # i.e. missing, here


def cancel_active(seed: int, jobs, owner: str | None = None) -> int:
    """Stop the queued or running runs `owner` may stop (those its session started; owner=None: the server,
    all of them); how many were stopped. A run another student started, or the autostarted shared runs
    (the server's), keep going for everyone."""
    cancelled = 0
    for state in run_states(seed, jobs):
        if state.active and jobs.cancel(state.config_hash, owner=owner):
            cancelled += 1
    return cancelled


def may_cancel(states: list[RunState], jobs, owner: str | None) -> bool:
    """Whether `owner` may stop at least one of the active runs: only then does the page offer the button."""
    return any(state.active and jobs.can_cancel(state.config_hash, owner) for state in states)


@dataclass(frozen=True)
class EffectView:
    """What the experiment's live section shows, read from the job manager alone (no dataset, no model): the
    section draws it by itself, finished runs included, and polls only while a run is queued or running."""

    states: list[RunState]
    trainable: int  # runs a press of the train button would start
    show_train: bool
    show_cancel: bool
    histories: dict[float, list[dict]]  # p -> per-epoch history, for the runs with at least one epoch
    poll_seconds: float | None  # POLL_SECONDS while a run is queued or running, None: stop looking


def effect_view(seed: int, jobs, owner: str | None, data_ready: bool) -> EffectView:
    states = run_states(seed, jobs)
    trainable = sum(state.trainable for state in states)
    active = any(state.active for state in states)
    return EffectView(states=states, trainable=trainable, show_train=bool(trainable) and data_ready,
                      show_cancel=may_cancel(states, jobs, owner),
                      histories={state.p: state.history for state in states if state.history},
                      poll_seconds=POLL_SECONDS if active else None)


def status_text(state: RunState, lang: str) -> str:
    p = f"{state.p:g}"
    accuracy = f"{state.test_acc:.2f}%" if state.test_acc is not None else "–"
    if state.status == "done":
        return t("dropout.effect.status.stored", lang, p=p, acc=accuracy)
    if state.status == "running":
        return t("dropout.effect.status.running", lang, p=p, epoch=state.epoch, epochs=state.epochs, acc=accuracy)
    if state.status == "failed":
        return t("dropout.effect.status.failed", lang, p=p, error=state.error or "")
    return t(f"dropout.effect.status.{state.status}", lang, p=p)


def final_gaps(histories: dict[float, list[dict]]) -> dict[float, float]:
    """Train minus test accuracy (percentage points) at the last recorded epoch, per p."""
    return {p: history[-1]["train_acc"] - history[-1]["test_acc"] for p, history in histories.items() if history}


def training_code(p: float, seed: int, lang: str = "en") -> str:
    """The lecture's training loop for one of the short runs, with the page's settings. Comments in `lang`."""
    def comment(key: str) -> str:
        return t(f"code.dropout.{key}", lang)

    run = SHORT_RUN
    return f'''import torch
from torch import nn
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

torch.manual_seed({seed})
to_tensor = transforms.ToTensor()
train_set = datasets.FashionMNIST("data", train=True, download=True, transform=to_tensor)
test_set = datasets.FashionMNIST("data", train=False, download=True, transform=to_tensor)
train_set = Subset(train_set, torch.randperm(len(train_set))[:{run["train_subset"]}])  # {comment('short_run')}
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000)

model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256), nn.ReLU(), nn.Dropout({p:g}),
    nn.Linear(256, 128), nn.ReLU(), nn.Dropout({p:g}),
    nn.Linear(128, 10),
)
optimizer = torch.optim.Adam(model.parameters(), lr={run["lr"]:g})  # {comment('lecture_sgd')}
loss_fn = nn.CrossEntropyLoss()

for epoch in range(1, {run["epochs"]} + 1):
    model.train()  # {comment('train_on')}
    correct = 0
    for images, labels in train_loader:
        optimizer.zero_grad()
        outputs = model(images)
        loss = loss_fn(outputs, labels)
        loss.backward()
        optimizer.step()
        correct += (outputs.argmax(1) == labels).sum().item()
    model.eval()  # {comment('test_off')}
    with torch.no_grad():
        test_correct = sum((model(x).argmax(1) == y).sum().item() for x, y in test_loader)
    print(f"epoch {{epoch}}: train {{100 * correct / len(train_set):.2f}}%, "
          f"test {{100 * test_correct / len(test_set):.2f}}%")
'''
