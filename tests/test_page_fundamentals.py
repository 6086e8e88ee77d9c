"""The activations, perceptron and softmax pages in AppTest: the lecture's numbers by default, and the controls."""

import math
import re

import pytest

from explainer.i18n import t
from explainer.i18n.numbers import number
from explainer.topics import activations as act
from explainer.topics import perceptron as perc
from explainer.topics import softmax as sm
from explainer.ui import DEFAULT_SEED
from tests.apptest_helpers import open_page, texts


def widget(at, store_key):
    return at.slider(key=f"_widget_{store_key}")


def no_exception(at):
    assert not at.exception, [e.value for e in at.exception]


# --- activations -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_activations_table_follows_the_x_slider(lang):
    at = open_page("activations", lang, open_code=True)
    no_exception(at)
    values = at.table[0].value
    name_column, fx, dfx = (t(f"activations.col_{c}", lang) for c in ("function", "fx", "dfx"))
    sigmoid = values[values[name_column] == t("activations.name.sigmoid", lang)].iloc[0]
    assert (sigmoid[fx], sigmoid[dfx]) == ("0.7311", "0.1966")  # x = 1 by default

    widget(at, "activations.x").set_value(0.0).run()
    no_exception(at)
    values = at.table[0].value.set_index(name_column)
    assert values.loc[t("activations.name.sigmoid", lang), dfx] == "0.2500"
    assert values.loc[t("activations.name.tanh", lang), dfx] == "1.0000"
    assert values.loc[t("activations.name.relu", lang), dfx] == "0.0000"
    assert values.loc[t("activations.name.step", lang), fx] == "1.0000"
    assert "x = torch.tensor(0.0, requires_grad=True)" in texts(at)
    assert "100.0%" in texts(at)  # the sigmoid's slope at 0 is its maximum


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_sigmoid_bound_says_it_is_on_the_slopes_with_the_library_numbers(lang):
    at = open_page("activations", lang)
    bound = act.slope_bound(act.gradient_report("sigmoid", 10, "he", seed=DEFAULT_SEED))
    assert bound.measured_ratio > bound.bound  # the case the page has to explain
    assert t("activations.vanish_bound", lang, n=10, factors=9, bound=f"{bound.bound:.2e}",
             product=f"{bound.mean_slope_product:.2e}", ratio=f"{bound.measured_ratio:.2e}", rest=f"{bound.rest:.3g}",
             direction=t("activations.vanish_bound.enlarges", lang)) in texts(at)
    assert "σ′(0) = 0.25" in texts(at) and "0.25^9 = 3.81e-06" in texts(at)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_vanishing_gradient_metrics_follow_depth_activation_and_init(lang):
    at = open_page("activations", lang, open_code=True)
    first = t("activations.metric_first", lang)
    shown = {m.label: m.value for m in at.metric}
    expected = act.gradient_report("sigmoid", 10, "he", seed=DEFAULT_SEED)
    assert shown[first] == f"{expected.weight_grad_norms[0]:.3e}"
    assert float(shown[t("activations.metric_ratio", lang, n=10)]) < 1e-3  # sigmoid: vanished

    widget(at, "activations.depth").set_value(4).run()
    at.selectbox(key="_widget_activations.vanish_activation").set_value("relu").run()
    at.selectbox(key="_widget_activations.init").set_value("xavier").run()
    no_exception(at)
    shown = {m.label: m.value for m in at.metric}
    expected = act.gradient_report("relu", 4, "xavier", seed=DEFAULT_SEED)
    assert shown[first] == f"{expected.weight_grad_norms[0]:.3e}"
    assert shown[t("activations.metric_last", lang, n=4)] == f"{expected.weight_grad_norms[-1]:.3e}"
    assert "nn.init.xavier_uniform_" in texts(at) and "range(4)" in texts(at)
    assert len(at.get("plotly_chart")) == 2


# --- perceptron --------------------------------------------------------------------------------------


def perceptron_table(at):
    return at.dataframe[0].value


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_perceptron_shows_the_lectures_or_table_by_default(lang):
    at = open_page("perceptron", lang)
    no_exception(at)
    table = perceptron_table(at)
    assert list(table[t("perceptron.col_s", lang)]) == ["-0.5", "0.5", "0.5", "1.5"]
    assert list(table[t("perceptron.col_tau", lang)]) == [-1, 1, 1, 1]
    assert "s = -0.5 + 1.0·x1 + 1.0·x2" in texts(at)
    assert "s = -0.5, 0.5, 0.5, 1.5 → τ(s) = -1, 1, 1, 1" in texts(at)
    assert t("perceptron.all_correct", lang, gate="OR") in [s.value for s in at.success]
    two_layers = at.dataframe[1].value
    assert list(two_layers[t("perceptron.col_xor", lang)]) == [0, 1, 1, 0]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_perceptron_sliders_and_presets(lang):
    at = open_page("perceptron", lang)
    widget(at, "perceptron.b").set_value(-1.5).run()  # OR's weights with AND's bias: still the OR target
    table = perceptron_table(at)
    assert list(table[t("perceptron.col_s", lang)]) == ["-1.5", "-0.5", "-0.5", "0.5"]
    assert t("perceptron.some_wrong", lang, correct=2) in [w.value for w in at.warning]

    at.button(key="perceptron_preset_NAND").click().run()
    no_exception(at)
    assert [widget(at, k).value for k in ("perceptron.w1", "perceptron.w2", "perceptron.b")] == [-1.0, -1.0, 1.5]
    assert list(perceptron_table(at)[t("perceptron.col_tau", lang)]) == [1, 1, 1, -1]

    at.button(key="perceptron_preset_XOR").click().run()
    assert t("perceptron.xor_why", lang) in [i.value for i in at.info]
    assert t("perceptron.some_wrong", lang, correct=3) in [w.value for w in at.warning]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_perceptron_learning_rule_buttons(lang):
    at = open_page("perceptron", lang)
    at.button(key="perceptron_preset_AND").click().run()
    at.button(key="perceptron_zero").click().run()
    assert t("perceptron.no_step_yet", lang) in [c.value for c in at.caption]

    at.button(key="perceptron_step").click().run()
    no_exception(at)
    first = at.info[0].value
    # From zero every s is 0, τ(0) = 1, so (0, 0) is wrong for AND: b ← 0.0 + (-1.0) = -1.0 with η = 0.5.
    assert "η(t − y) = 0.5 × (-1 − 1) = -1.0" in first
    assert "b ← 0.0 + (-1.0) = -1.0" in first
    assert widget(at, "perceptron.b").value == -1.0

    at.button(key="perceptron_step").click().run()
    second = at.info[0].value
    assert second != first and "(1, 1)" in second and "w1 ← 0.0 + 1.0×1 = 1.0" in second
    assert [widget(at, k).value for k in ("perceptron.w1", "perceptron.w2", "perceptron.b")] == [1.0, 1.0, 0.0]

    at.button(key="perceptron_train").click().run()
    no_exception(at)
    run = perc.train(1.0, 1.0, 0.0, "AND", 0.5)
    w1, w2, b = (number(v) for v in run.final)
    expected = t("perceptron.train_converged", lang, epochs=run.epochs, updates=len(run.updates), w1=w1, w2=w2, b=b)
    assert expected in [s.value for s in at.success]
    assert [widget(at, k).value for k in ("perceptron.w1", "perceptron.w2", "perceptron.b")] == list(run.final)
    assert t("perceptron.all_correct", lang, gate="AND") in [s.value for s in at.success]
    at.button(key="perceptron_step").click().run()
    assert t("perceptron.converged_now", lang) in [s.value for s in at.success]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_perceptron_never_converges_on_xor(lang):
    at = open_page("perceptron", lang)
    at.button(key="perceptron_preset_XOR").click().run()
    at.button(key="perceptron_train").click().run()
    no_exception(at)
    run = perc.train(*perc.PRESETS["XOR"], "XOR", 0.5)
    assert t("perceptron.train_failed", lang, epochs=100, updates=len(run.updates)) in [w.value for w in at.warning]
    table = perceptron_table(at)
    assert (table[t("perceptron.col_ok", lang)] == t("perceptron.ok_yes", lang)).sum() < 4


# --- softmax and cross-entropy -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_softmax_page_shows_the_lectures_numbers(lang):
    at = open_page("softmax_loss", lang)
    no_exception(at)
    shown = texts(at)
    assert "(0.51 + 0.51 + 1.20) / 3 = **0.74**" in shown
    assert "0.154901" in shown and "0.1549" in shown and "0.3566749" in shown
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("softmax.metric_mean", lang)] == "0.74"
    assert metrics[t("softmax.metric_log10", lang)] == "0.1549019"
    lecture = at.dataframe[1].value
    assert list(lecture[t("softmax.col_ce", lang)]) == ["0.5108", "0.5108", "1.2040"]
    assert metrics[t("softmax.metric_prob", lang, index=0)] == "0.6590"  # logits 2.0, 1.0, 0.1


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_softmax_logit_sliders_and_true_class(lang):
    at = open_page("softmax_loss", lang, open_code=True)
    for i in range(3):
        widget(at, f"softmax.z{i}").set_value(0.0)
    at.run()
    metrics = {m.label: m.value for m in at.metric}
    assert [metrics[t("softmax.metric_prob", lang, index=i)] for i in range(3)] == ["0.3333"] * 3
    assert metrics[t("softmax.metric_loss", lang)] == f"{math.log(3):.4f}"

    widget(at, "softmax.z2").set_value(3.0).run()
    at.radio(key="_widget_softmax.target").set_value(2).run()
    no_exception(at)
    expected = sm.logit_report([0.0, 0.0, 3.0], 2)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("softmax.metric_prob", lang, index=2)] == f"{expected.probabilities[2]:.4f}"
    assert metrics[t("softmax.metric_loss", lang)] == f"{expected.loss:.4f}"
    grads = list(at.dataframe[0].value[t("softmax.col_grad", lang)])
    assert grads == [f"{g:+.4f}" for g in expected.gradient] and grads[2].startswith("-")
    assert "torch.tensor([[0.0, 0.0, 3.0]]" in texts(at) and "target = torch.tensor([2])" in texts(at)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_two_step_functions_of_the_lecture_are_named_on_both_pages(lang):
    activations = open_page("activations", lang)
    assert t("activations.step_versions", lang) in texts(activations)
    perceptron = open_page("perceptron", lang)
    assert t("perceptron.step_versions", lang) in texts(perceptron)
    assert "±1 = 2·(0/1) − 1" in texts(perceptron)


# --- the code beside the widgets ---------------------------------------------------------------------


@pytest.mark.parametrize("page", ["activations", "perceptron", "softmax_loss"])
def test_every_code_block_comments_in_the_pages_language(page):
    """Each code_fundamentals template on the page is called with the page's language."""
    korean, english = open_page(page, "ko", open_code=True), open_page(page, "en", open_code=True)
    no_exception(korean)
    no_exception(english)
    assert len(korean.code) == len(english.code) >= 2
    hangul = re.compile("[가-힣]")
    for ko_block, en_block in zip(korean.code, english.code, strict=True):
        assert hangul.search(ko_block.value), ko_block.value
        assert not hangul.search(en_block.value), en_block.value
