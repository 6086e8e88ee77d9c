"""Predict, then see: every question's answer is the library's, and equals what torch (the lecture's code) computes;
the path's steps follow the lecture; the class tally counts one answer per session."""

import re

import numpy as np
import pytest
import torch

from explainer.i18n import CATALOGUE, LANGUAGES, t
from explainer.lecture.chapters import LECTURE_OUTLINE, PAGE_NAMES
from explainer.lecture.reference import MNIST_STEP
from explainer.lecture.slides import SLIDE_FILTER, SLIDE_INPUT
from explainer.path import questions as qs
from explainer.path.steps import QUERY_KEY, STEP_NAMES, STEPS, parse_step
from explainer.path.tally import AnswerTally
from explainer.topics import perceptron as perc
from explainer.topics import perceptron_rule as rule
from explainer.topics import softmax as sm
from explainer.training.recipes import RECIPES
from explainer.views import path as view
from explainer.views import perceptron as perceptron_view
from explainer.views import xor as xor_view

QUESTIONS = qs.QUESTION_LIST


def test_the_path_is_the_lecture_in_its_order():
    assert STEP_NAMES == ("neuron", "activations", "perceptron", "xor", "softmax", "mlp_mnist", "convolution",
                          "padding_stride", "pooling", "channels", "dropout", "practice")
    assert {step.page for step in STEPS} <= set(PAGE_NAMES)
    assert {step.page for step in STEPS} == set(PAGE_NAMES) - {"home"}  # the path passes every page
    assert QUERY_KEY == "path" and parse_step("1") == 0 and parse_step(str(len(STEPS))) == len(STEPS) - 1
    for wrong in (None, "", "0", "13", "x", "-1", "2.5"):
        assert parse_step(wrong) is None, wrong


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_step_card_reads_in_both_languages(lang):
    for index, step in enumerate(STEPS):
        card = view.step_card(index, lang, step.page)
        assert f"{index + 1}" in card.heading and str(len(STEPS)) in card.heading
        assert card.look and card.look != f"path.step.{step.name}.look"
        assert "{" not in card.look and all(t(key, lang) in card.look for key in step.look_names.values())
        assert t(step.control_label, lang, **step.label_values) in card.move
        if step.tab:
            assert t(step.tab, lang) in card.move
        assert card.off_page is None
        assert (card.back is None) == (index == 0) and (card.next is None) == (index == len(STEPS) - 1)
    assert view.step_card(0, lang, "xor").off_page  # wandered off: the way back is offered


def test_the_perceptron_steps_press_their_gate_as_the_page_does():
    assert view.entry_state(0) == perceptron_view.preset_pressed("AND")
    assert view.entry_state(2) == perceptron_view.preset_pressed("XOR")
    assert view.entry_state(3)["xor.epochs"] == 10_001 and view.entry_state(3)["xor.hidden"] == 3


def test_at_least_twelve_turning_points_each_on_a_step_and_a_slide():
    assert len(QUESTIONS) >= 12
    assert len({q.name for q in QUESTIONS}) == len(QUESTIONS)
    slides = {name for name, _ in LECTURE_OUTLINE}
    for question in QUESTIONS:
        assert question.step in STEP_NAMES and question.slide in slides, question.name
        assert len(set(question.options)) == len(question.options) >= 2
        assert question.answer() in question.options, question.name


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.name)
def test_question_texts_are_complete(question, lang):
    for key in (f"predict.{question.name}.q", f"predict.{question.name}.why"):
        assert key in CATALOGUE
    wrong = next(option for option in question.options if option != question.answer())
    for chosen, kind in ((question.answer(), "success"), (wrong, "warning")):
        card = view.question_card(question, chosen, lang, counts=[1] * len(question.options))
        texts = [card.prompt, card.revealed.verdict, card.revealed.why, card.revealed.slide,
                 card.revealed.class_answers]
        assert card.revealed.kind == kind
        assert not [text for text in texts if re.search(r"[{}]|predict\.|lecture\.step", text)], texts
        assert view.option_label(question, question.answer(), lang) in card.revealed.verdict
    assert view.question_card(question, None, lang).revealed is None  # nothing shown before the student commits


def answer(name):
    return qs.QUESTIONS[name].answer()


# --- each answer against torch, the lecture's own code --------------------------------------------------------


def test_and_rows_is_what_the_perceptron_page_marks_right():
    w1, w2, b = perc.PRESETS["AND"]
    x = torch.tensor(perc.TRUTH_INPUTS, dtype=torch.float32)
    out = (x @ torch.tensor([w1, w2]) + b > 0).int()
    assert answer("and_rows") == int((out == torch.tensor(perc.GATE_TRUTH["AND"])).sum()) == 4


def test_zero_gradient_activation_by_autograd():
    x = torch.tensor([-3.0, -1.0, -0.1], requires_grad=True)
    flat = []
    for name, fn in (("sigmoid", torch.sigmoid), ("tanh", torch.tanh), ("relu", torch.relu),
                     ("leaky_relu", torch.nn.functional.leaky_relu)):
        (grad,) = torch.autograd.grad(fn(x).sum(), x)
        if torch.all(grad == 0):
            flat.append(name)
    assert flat == [answer("zero_gradient")]


def test_sigmoid_slope_by_autograd():
    x = torch.linspace(-6, 6, 1201, requires_grad=True)
    (grad,) = torch.autograd.grad(torch.sigmoid(x).sum(), x)
    assert answer("sigmoid_slope") == pytest.approx(float(grad.max()))


def test_vanishing_bound_is_the_nearest_power():
    bound = 0.25 ** qs.VANISH_DEPTH
    assert answer("vanishing") == 1e-6
    assert qs.QUESTIONS["vanishing"].facts()["bound"] == f"{bound:.2e}"


def test_perceptron_cannot_learn_xor_from_the_page_preset():
    trained = rule.train(rule.preset("XOR"), "XOR", 1.0, perceptron_view.LIMIT)
    assert perc.correct_count(*trained.weights, "XOR") < 4
    assert answer("perceptron_xor") == "no"


def test_single_layer_xor_loss_is_what_the_xor_page_shows():
    """The page's metric for the single layer (its compiled engine; tests/test_xor_fast.py checks both engines
    against the lecture's torch loop)."""
    mlp, single = xor_view.train_pair(xor_view.LECTURE)
    shown = {metric.label: metric.value for metric in xor_view.headline_metrics(mlp, single, "en")}
    loss = shown[t("xor.metric.single_loss", "en")]
    assert qs.QUESTIONS["xor_single_loss"].facts()["loss"] == loss
    assert answer("xor_single_loss") == qs.nearest(qs.QUESTIONS["xor_single_loss"].options, float(loss)) == 0.69


def test_softmax_and_cross_entropy_equal_torch():
    p = torch.softmax(torch.tensor(sm.DEFAULT_LOGITS, dtype=torch.float32), dim=0)
    assert answer("softmax_top") == qs.nearest(qs.QUESTIONS["softmax_top"].options, float(p[0]))
    assert qs.QUESTIONS["softmax_top"].facts()["p"] == f"{float(p[0]):.4f}"
    prediction = torch.tensor(sm.LECTURE_EXAMPLE_PREDICTION, dtype=torch.float64)
    target = int(np.argmax(sm.LECTURE_EXAMPLE_TARGET))
    ce = float(torch.nn.functional.nll_loss(prediction.log()[None], torch.tensor([target])))
    assert answer("cross_entropy") == qs.nearest(qs.QUESTIONS["cross_entropy"].options, ce)
    assert qs.QUESTIONS["cross_entropy"].facts()["ce"] == f"{ce:.4f}"


def test_convolution_answers_equal_torch():
    out = torch.nn.functional.conv2d(torch.tensor(SLIDE_INPUT)[None, None], torch.tensor(SLIDE_FILTER)[None, None])
    assert answer("slide_convolution") == int(out[0, 0, 0, 0]) == 15
    for name, case in (("conv_stride", qs.STRIDE_CASE), ("conv_padding", qs.PADDING_CASE)):
        layer = torch.nn.Conv2d(1, 1, case["kernel"], stride=case["stride"], padding=case["padding"])
        side = layer(torch.zeros(1, 1, case["size"], case["size"])).shape[-1]
        assert answer(name) == side, name
    assert answer("conv_stride") == 2 and answer("conv_padding") == 7
    layer = torch.nn.Conv2d(qs.CONV_LAYER["in_channels"], qs.CONV_LAYER["out_channels"], qs.CONV_LAYER["kernel"])
    assert answer("conv_parameters") == sum(p.numel() for p in layer.parameters()) == 448


def test_only_max_pooling_keeps_the_edge_in_torch():
    edge = torch.tensor(qs.EDGE_PICTURE)[None, None]
    assert float(torch.nn.functional.max_pool2d(edge, 2).max()) == 1.0
    assert float(torch.nn.functional.avg_pool2d(edge, 2).max()) == 0.5
    assert answer("pool_edge") == "max"


def test_dropout_scale_equals_nn_dropout():
    torch.manual_seed(0)
    dropout = torch.nn.Dropout(qs.DROPOUT_P).train()
    out = dropout(torch.ones(1000))
    assert answer("dropout_scale") == float(out[out != 0].unique().item()) == 2.0


def test_practice_answers_are_the_lectures_printed_numbers():
    assert answer("mnist_mlp") == MNIST_STEP[1]
    went_up = RECIPES["fashion_mlp_dropout"].lecture_accuracy > RECIPES["fashion_mlp"].lecture_accuracy
    assert answer("dropout_accuracy") == ("up" if went_up else "down")
    assert answer("bigger_cnn") == round(RECIPES["cifar_cnn"].lecture_accuracy) == 74


def test_nearest_picks_the_closest_option():
    assert qs.nearest((0.1, 0.35, 0.69), 0.6931) == 0.69
    assert qs.nearest((1e-1, 1e-3, 1e-6), 9.5e-7, log=True) == 1e-6
    assert qs.nearest((1e-1, 1e-3, 1e-6), 2e-4, log=True) == 1e-3  # on a log scale, not 1e-6


def test_the_tally_counts_one_answer_per_session():
    tally = AnswerTally()
    tally.record("q", "a", 2)
    tally.record("q", "b", 2)
    tally.record("q", "c", 3)
    assert tally.counts("q", (1, 2, 3)) == [0, 2, 1]
    tally.record("q", "a", 1)  # a changed its mind
    assert tally.counts("q", (1, 2, 3)) == [1, 1, 1]
    assert tally.counts("other", (1, 2)) == [0, 0]


def test_the_class_chart_shows_the_tally_with_the_right_answer_marked_beyond_colour():
    question = qs.QUESTIONS["conv_stride"]  # options 1, 2, 3, 5; the answer 2
    chart = view.question_card(question, 3, "en", counts=[0, 4, 1, 2]).revealed.chart
    bar = chart.data[0]
    assert list(bar.y) == [0, 4, 1, 2] and list(bar.text) == ["0", "4", "1", "2"]
    assert list(bar.x) == ["1", "✓ 2", "3", "5"]
    assert list(bar.marker.pattern.shape) == ["", "/", "", ""]
    assert len(set(bar.marker.color)) == 2 and bar.marker.color[1] != bar.marker.color[0]


# --- what the step's page then shows (its view, in the step's state) -------------------------------------------


def test_the_softmax_page_shows_the_revealed_numbers():
    from explainer.views import softmax as softmax_view

    state = view.entry_state(STEP_NAMES.index("softmax"))
    logits = [state[f"softmax.z{i}"] for i in range(3)]
    shown = dict(softmax_view.logit_panel(logits, state["softmax.target"], "en").metrics)
    assert shown[t("softmax.metric_prob", "en", index=0)] == qs.QUESTIONS["softmax_top"].facts()["p"]
    (_, log10), (_, natural) = softmax_view.log_base_panel("en")[0]
    facts = qs.QUESTIONS["cross_entropy"].facts()
    assert float(natural) == pytest.approx(float(facts["ce"]), abs=1e-4)
    assert float(log10) == pytest.approx(float(facts["ce10"]), abs=1e-6)


def test_the_activations_page_shows_the_revealed_slopes():
    from explainer.views import activations as activations_view

    state = view.entry_state(STEP_NAMES.index("activations"))
    table = activations_view.at_x(state["activations.x"], activations_view.DEFAULT_NEGATIVE_SLOPE, "en").table
    rows = {row[t("activations.col_function", "en")]: row for _, row in table.iterrows()}
    slope = t("activations.col_dfx", "en")
    flat = [name for name in qs.ZERO_GRADIENT_OPTIONS if float(rows[activations_view.names("en")[name]][slope]) == 0]
    assert flat == [answer("zero_gradient")]
    largest = rows[activations_view.names("en")["sigmoid"]][t("activations.col_max_slope", "en")]
    assert float(largest) == answer("sigmoid_slope")
