"""Predict, then see: the lecture's turning points as questions whose answers the library computes.

    question = QUESTIONS["conv_stride"]
    question.options                   # (1, 2, 3, 5): what the student picks from
    question.answer()                  # 2: topics.convolution.output_size, the function the page's calculator uses
    question.facts()                   # the numbers the explanation quotes ({"size": 7, ...})

Texts are in the catalogue: `predict.<name>.q` (the question), `predict.<name>.why` (the explanation, formatted
with `facts()`), and `predict.opt.<option>` for options that are words. Nothing here is typed in twice: change a
formula in the library and the revealed answer follows (tests/test_path_questions.py checks each answer against
what the page computes).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from explainer.lecture.reference import MNIST_STEP
from explainer.lecture.slides import slide_convolution
from explainer.topics import activations as act
from explainer.topics import convolution as conv
from explainer.topics import perceptron as perc
from explainer.topics import softmax as sm
from explainer.training.recipes import RECIPES
from explainer.xor import engines
from explainer.xor.net import LECTURE_EPOCHS, LECTURE_LR, LECTURE_SEED, SINGLE_LAYER


@dataclass(frozen=True)
class Question:
    name: str
    step: str  # the path step (explainer.path.steps) whose page shows the answer
    slide: str  # the lecture's slide: `lecture.step.<slide>` (explainer.lecture.chapters.LECTURE_OUTLINE)
    options: tuple
    answer: Callable[[], object]  # the right option, computed by the library
    facts: Callable[[], dict] = field(default=lambda: {})  # the numbers the explanation quotes
    worded: bool = False  # options are words: `predict.opt.<option>`; else numbers, shown as they are


def nearest(options, value: float, log: bool = False):
    """The option closest to a computed value (on a log scale for orders of magnitude)."""
    distance = (lambda o: abs(math.log10(o) - math.log10(value))) if log else (lambda o: abs(o - value))
    return min(options, key=distance)


# --- the computations, each the function the page itself calls -------------------------------------------------

NEGATIVE_INPUTS = (-3.0, -1.0, -0.1)
ZERO_GRADIENT_OPTIONS = ("sigmoid", "tanh", "relu", "leaky_relu")


def _zero_gradient_for_negatives() -> str:
    flat = [name for name in ZERO_GRADIENT_OPTIONS
            if all(float(act.derivative(name, x)) == 0.0 for x in NEGATIVE_INPUTS)]
    assert len(flat) == 1, flat
    return flat[0]


VANISH_DEPTH = 10


def _sigmoid_bound() -> float:
    return act.max_derivative("sigmoid") ** VANISH_DEPTH


@lru_cache(maxsize=1)
def single_layer_xor_loss() -> float:
    """The XOR page's single layer after the lecture's 10,001 epochs (the same trainer, the NumPy engine: the
    compiled one agrees to rounding)."""
    run = engines.train(SINGLE_LAYER, LECTURE_LR, LECTURE_EPOCHS, LECTURE_SEED, snapshots=1, engine="numpy")
    return float(run.final_losses[0])


STRIDE_CASE = dict(size=7, kernel=3, padding=0, stride=3)
PADDING_CASE = dict(size=7, kernel=3, padding=1, stride=1)


def _output_side(case: dict) -> int:
    return conv.output_size(case["size"], case["size"], case["kernel"], case["kernel"], case["padding"],
                            case["stride"]).height.out


def _output_facts(case: dict) -> dict:
    axis = conv.axis_output_size(case["size"], case["kernel"], case["padding"], case["stride"])
    return dict(case, formula=f"{axis.substituted()} = {axis.out}")


# A thin bright edge (one column of 1s) in a dark 4x4 picture, pooled 2x2 with stride 2, as on the pooling page.
EDGE_PICTURE = np.zeros((4, 4))
EDGE_PICTURE[:, 1] = 1.0


def _edge_keeper() -> str:
    kept = [mode for mode in conv.POOL_MODES if float(conv.pool2d(EDGE_PICTURE, 2, 2, 0, mode).max()) == 1.0]
    assert len(kept) == 1, kept
    return kept[0]


CONV_LAYER = dict(kernel=3, in_channels=3, out_channels=16)


def _conv_parameters() -> int:
    return conv.conv_parameter_count(CONV_LAYER["kernel"], CONV_LAYER["kernel"], CONV_LAYER["in_channels"],
                                     CONV_LAYER["out_channels"])


DROPOUT_P = 0.5


def _kept_scale() -> float:
    """What PyTorch's nn.Dropout multiplies a kept unit by in training (the dropout page's scaling example)."""
    from explainer.topics.dropout import scaling_example

    example = scaling_example(1.0, DROPOUT_P, samples=16)
    return example.inverted_kept


def _lecture_accuracy(recipe: str) -> float:
    return RECIPES[recipe].lecture_accuracy


QUESTION_LIST: tuple[Question, ...] = (
    Question("and_rows", "neuron", "neuron", (1, 2, 3, 4),
             lambda: perc.correct_count(*perc.PRESETS["AND"], "AND"),
             lambda: dict(zip(("w1", "w2", "b"), perc.PRESETS["AND"], strict=True))),
    Question("zero_gradient", "activations", "activations", ZERO_GRADIENT_OPTIONS, _zero_gradient_for_negatives,
             worded=True),
    Question("sigmoid_slope", "activations", "activations", (0.1, 0.25, 0.5, 1.0),
             lambda: act.max_derivative("sigmoid")),
    Question("vanishing", "activations", "vanishing", (1e-1, 1e-3, 1e-6, 1e-12),
             lambda: nearest((1e-1, 1e-3, 1e-6, 1e-12), _sigmoid_bound(), log=True),
             lambda: dict(n=VANISH_DEPTH, bound=f"{_sigmoid_bound():.2e}")),
    Question("perceptron_xor", "perceptron", "xor_mlp", ("yes", "no"),
             lambda: "yes" if perc.is_linearly_separable("XOR") else "no", worded=True),
    Question("xor_single_loss", "xor", "xor_mlp", (0.0001, 0.1, 0.35, 0.69),
             lambda: nearest((0.0001, 0.1, 0.35, 0.69), single_layer_xor_loss()),
             lambda: dict(loss=f"{single_layer_xor_loss():.4f}", ln2=f"{math.log(2):.4f}")),
    Question("softmax_top", "softmax", "softmax", (0.33, 0.5, 0.66, 0.9),
             lambda: nearest((0.33, 0.5, 0.66, 0.9), float(sm.softmax(sm.DEFAULT_LOGITS)[0])),
             lambda: dict(logits=", ".join(f"{z:g}" for z in sm.DEFAULT_LOGITS),
                          p=f"{float(sm.softmax(sm.DEFAULT_LOGITS)[0]):.4f}")),
    Question("cross_entropy", "softmax", "softmax", (0.15, 0.36, 0.7, 1.2),
             lambda: nearest((0.15, 0.36, 0.7, 1.2), sm.lecture_example()[1]),
             lambda: dict(p=f"{float(sm.LECTURE_EXAMPLE_PREDICTION[np.argmax(sm.LECTURE_EXAMPLE_TARGET)]):g}",
                          ce=f"{sm.lecture_example()[1]:.4f}", ce10=f"{sm.lecture_example()[0]:.6f}")),
    Question("mnist_mlp", "mlp_mnist", "mlp_practice", (89, 91, 97, 100), lambda: MNIST_STEP[1],
             lambda: dict(single=MNIST_STEP[0], mlp=MNIST_STEP[1])),
    Question("slide_convolution", "convolution", "convolution", (6, 12, 15, 18),
             lambda: int(slide_convolution().output[0, 0]), lambda: dict(sum=slide_convolution().first_cell)),
    Question("conv_stride", "padding_stride", "padding_stride", (1, 2, 3, 5), lambda: _output_side(STRIDE_CASE),
             lambda: _output_facts(STRIDE_CASE)),
    Question("conv_padding", "padding_stride", "padding_stride", (5, 6, 7, 9), lambda: _output_side(PADDING_CASE),
             lambda: _output_facts(PADDING_CASE)),
    Question("pool_edge", "pooling", "pooling", conv.POOL_MODES, _edge_keeper, worded=True),
    Question("conv_parameters", "channels", "channels", (27, 144, 432, 448), _conv_parameters,
             lambda: dict(CONV_LAYER, weights=CONV_LAYER["kernel"] ** 2 * CONV_LAYER["in_channels"]
                          * CONV_LAYER["out_channels"], total=_conv_parameters())),
    Question("dropout_scale", "dropout", "dropout", (0.5, 1.0, 2.0), _kept_scale, lambda: dict(p=DROPOUT_P)),
    Question("dropout_accuracy", "practice", "practice_mlp", ("up", "down"),
             lambda: "up" if _lecture_accuracy("fashion_mlp_dropout") > _lecture_accuracy("fashion_mlp") else "down",
             lambda: dict(before=_lecture_accuracy("fashion_mlp"), after=_lecture_accuracy("fashion_mlp_dropout")),
             worded=True),
    Question("bigger_cnn", "practice", "practice_cnn", (56, 65, 74, 90),
             lambda: round(_lecture_accuracy("cifar_cnn")),
             lambda: dict(lenet=round(_lecture_accuracy("cifar_lenet")), bigger=round(_lecture_accuracy("cifar_cnn")))),
)

QUESTIONS: dict[str, Question] = {question.name: question for question in QUESTION_LIST}


def questions_of(step: str) -> list[Question]:
    return [question for question in QUESTION_LIST if question.step == step]
