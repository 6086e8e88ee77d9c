"""The lecture path: the lecture's sections in its order, each opening one page in one state.

    step = STEPS[2]                 # the perceptron
    step.page, step.state           # "perceptron", {plain session key: value} set when the step is entered
    step.control                    # the plain session key of the control the student moves (highlighted)
    step_index("xor")               # 3

A step's texts are in the catalogue: `path.step.<name>` (its title), `path.step.<name>.look` (what to look at).
The state uses the pages' own plain session keys (the keys `ui.persistent_widget` binds), so entering a step is
the same as the student having set those widgets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from explainer.topics.softmax import DEFAULT_LOGITS
from explainer.xor.net import LECTURE_EPOCHS, LECTURE_LR, LECTURE_SEED

# The query parameter that keeps the step in the address, so that a link resumes the path there.
QUERY_KEY = "path"


@dataclass(frozen=True)
class Step:
    name: str
    page: str  # the page's name (explainer.lecture.chapters)
    control: str  # the plain session key of the widget to move
    control_label: str  # its label's catalogue key (and values), as the page writes it
    state: dict = field(default_factory=dict)
    label_values: dict = field(default_factory=dict)
    gate: str | None = None  # the perceptron page's gate, pressed on entry (its weights and rule state follow)
    tab: str | None = None  # the catalogue key of the page's tab that holds the control (the step opens it)
    look_names: dict = field(default_factory=dict)  # placeholders of the look text -> catalogue keys (a button)


STEPS: tuple[Step, ...] = (
    Step("neuron", "perceptron", "perceptron.w1", "perceptron.w1", gate="AND"),
    Step("activations", "activations", "activations.x", "activations.x_slider",
         {"activations.x": -2.0, "activations.vanish_activation": "sigmoid", "activations.depth": 10}),
    Step("perceptron", "perceptron", "perceptron.eta", "perceptron.eta", gate="XOR",
         look_names={"button": "perceptron.train_button"}),
    Step("xor", "xor", "xor.hidden", "xor.hidden",
         {"xor.hidden": 3, "xor.width": 10, "xor.activation": "sigmoid", "xor.lr": LECTURE_LR,
          "xor.epochs": LECTURE_EPOCHS, "xor.seed": LECTURE_SEED}),
    Step("softmax", "softmax_loss", "softmax.z0", "softmax.logit",
         {**{f"softmax.z{i}": value for i, value in enumerate(DEFAULT_LOGITS)}, "softmax.target": 0},
         {"index": 0}),
    Step("mlp_mnist", "train_compare", "train.preset.mnist", "train.preset",
         {"train.dataset": "mnist", "train.mode": "preset", "train.preset.mnist": "mnist_mlp"}, tab="train.tab.train"),
    Step("convolution", "convolution", "conv.anim.step", "conv.anim.step",
         {"conv.anim.kernel": "lecture", "conv.anim.padding": 0, "conv.anim.stride": 1, "conv.anim.step": 0},
         tab="conv.tab.animation"),
    Step("padding_stride", "convolution", "conv.calc.s", "conv.calc.s",
         {"conv.calc.h": 7, "conv.calc.w": 7, "conv.calc.fh": 3, "conv.calc.fw": 3, "conv.calc.p": 0,
          "conv.calc.s": 1, "conv.calc.d": 1}, tab="conv.tab.calculator"),
    Step("pooling", "pooling", "pool.size", "pool.size", {"pool.size": 2, "pool.stride": 2, "pool.padding": 0}),
    Step("channels", "convolution", "conv.ch.c_out", "conv.ch.c_out", {"conv.ch.c_out": 1}, tab="conv.tab.channels"),
    Step("dropout", "dropout", "dropout.p", "dropout.p", {"dropout.p": 0.5, "dropout.drop_input": False}),
    Step("practice", "train_compare", "train.preset.cifar10", "train.preset",
         {"train.dataset": "cifar10", "train.mode": "preset", "train.preset.cifar10": "cifar_lenet"},
         tab="train.tab.train"),
)

STEP_NAMES = tuple(step.name for step in STEPS)


def step_index(name: str) -> int:
    return STEP_NAMES.index(name)


def parse_step(value) -> int | None:
    """The step a `?path=` value names (its number, 1-based as shown), or None for anything else."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number - 1 if 1 <= number <= len(STEPS) else None
