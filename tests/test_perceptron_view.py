"""The perceptron page's view-model (explainer.views.perceptron) without Streamlit: the buttons drive a plain dict
the way they drive the session, and the blocks say what the page shows."""

import pytest

from explainer.i18n import t
from explainer.i18n.numbers import number
from explainer.topics import perceptron as perc
from explainer.topics import perceptron_rule as rule
from explainer.views import perceptron as view


def kinds(blocks, kind):
    return [payload for k, payload in blocks if k == kind]


def press(session, changes):
    session.update(changes(session) if callable(changes) else changes)


def fresh() -> dict:
    session = view.defaults({})
    session[view.ETA] = 0.5
    return session


def test_a_fresh_session_starts_from_the_lectures_or_weights():
    session = fresh()
    assert session[view.GATE] == "OR" and view.weights(session) == perc.PRESETS["OR"]
    assert view.defaults({view.RULE: rule.zero()})["perceptron.b"] == 0.0  # the sliders follow a kept rule


def test_the_buttons_drive_the_rule_like_the_lecture():
    session = fresh()
    press(session, view.preset_pressed("AND"))
    press(session, view.zero_pressed())
    assert view.weights(session) == (0.0, 0.0, 0.0)
    press(session, view.step_pressed)  # every s is 0, τ(0) = 1: (0, 0) is wrong for AND, b ← 0 + 0.5 × (−2)
    assert view.weights(session) == (0.0, 0.0, -1.0)
    session["perceptron.w1"] = 1.0  # a slider moved by hand: the next press starts from what the sliders show
    press(session, view.step_pressed)
    assert session[view.RULE].log[-1].before[0] == 1.0
    press(session, view.train_pressed)
    assert session[view.RULE].notice[0] == "train_converged"
    assert all(row.correct for row in perc.truth_table(*view.weights(session), "AND"))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_what_the_learning_section_says(lang):
    session = fresh()
    assert kinds(view.learning(session[view.RULE], lang), "caption") == [t("perceptron.no_step_yet", lang)]
    press(session, view.preset_pressed("XOR"))
    press(session, view.train_pressed)
    shown = view.learning(session[view.RULE], lang)
    run = perc.train(*perc.PRESETS["XOR"], "XOR", 0.5)
    assert kinds(shown, "warning") == [t("perceptron.train_failed", lang, epochs=100, updates=len(run.updates))]
    (title, history), = kinds(shown, "details")
    assert title == t("perceptron.history", lang, count=len(run.updates))
    assert history.count("---") == view.HISTORY_SHOWN - 1  # the newest 60 of hundreds
    assert view.learning(session[view.RULE], lang) is shown  # cached: the same state is not written out again

    press(session, view.preset_pressed("AND"))
    press(session, view.train_pressed)
    converged = view.learning(session[view.RULE], lang)
    assert kinds(converged, "success") and not kinds(converged, "info")  # the summary, not the last update


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_decision_line_table_and_verdict(lang):
    shown = view.decision(*perc.PRESETS["OR"], "OR", lang)
    (table,) = kinds(shown.below, "table")
    assert list(table[t("perceptron.col_s", lang)]) == ["-0.5", "0.5", "0.5", "1.5"]
    assert kinds(shown.below, "success") == [t("perceptron.all_correct", lang, gate="OR")]
    assert f"**{t('perceptron.formula', lang, b=number(-0.5), w1='1.0', w2='1.0')}**" in kinds(shown.beside,
                                                                                          "markdown")
    xor = view.decision(*perc.PRESETS["XOR"], "XOR", lang)
    assert kinds(xor.below, "info") == [t("perceptron.xor_why", lang)] and kinds(xor.below, "warning")


def test_the_two_layer_xor():
    shown = view.two_layers("en")
    (table,) = kinds(shown.below, "table")
    assert list(table[t("perceptron.col_xor", "en")]) == [0, 1, 1, 0]
    assert view.two_layers("en") is shown
