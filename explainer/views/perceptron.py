"""What the perceptron page shows, and what its buttons do to the session.

The learning rule's state (explainer.topics.perceptron_rule.RuleState) and the three weight sliders live under the
session keys below; each button maps the session to the values it changes, so the page only assigns them (and
tests drive the buttons with a plain dict).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from explainer.figures.fundamentals import perceptron_figure, xor_two_layer_figure
from explainer.i18n import t
from explainer.i18n.numbers import number
from explainer.snippets.fundamentals import perceptron_code, xor_two_layer_code
from explainer.topics import perceptron as perc
from explainer.topics import perceptron_rule as rule
from explainer.views.blocks import Blocks, Control
from explainer.views.shared import built_once

GATES = perc.GATES
MAX_EPOCHS = perc.DEFAULT_MAX_EPOCHS  # the train button's passes over the four points at most
GATE, RULE, ETA = "perceptron.gate", "perceptron.rule", "perceptron.eta"
DEFAULT_GATE = "OR"  # the page opens on the lecture's first gate
WEIGHTS = ("perceptron.w1", "perceptron.w2", "perceptron.b")
LIMIT = 8.0  # slider range ±LIMIT: wide enough for every run of the rule from a preset or zero with η ≤ 1
HISTORY_SHOWN = 60  # the newest updates in the history; a failed XOR run adds hundreds, the last ones tell the story

CONTROLS = {
    # Defaults: the first gate's lecture weights, what a fresh session shows (and a link leaves out).
    **{key: Control("slider", float(weight), key, "perceptron.weights_help",
                    options=dict(min_value=-LIMIT, max_value=LIMIT, step=0.1))
       for key, weight in zip(WEIGHTS, rule.preset(DEFAULT_GATE).weights, strict=True)},
    ETA: Control("select_slider", 0.5, "perceptron.eta", options=dict(options=[0.1, 0.2, 0.5, 1.0], width=260)),
}


# --- the session ----------------------------------------------------------------------------------------------


def defaults(session: Mapping) -> dict:
    """What a fresh session starts from: the OR gate with its lecture weights (the sliders from the rule's state)."""
    state = session.get(RULE) or rule.preset(DEFAULT_GATE)
    return {GATE: DEFAULT_GATE, RULE: state, **dict(zip(WEIGHTS, state.weights, strict=True))}


def weights(session: Mapping) -> tuple[float, float, float]:
    return tuple(float(session[key]) for key in WEIGHTS)


def _applied(state: rule.RuleState) -> dict:
    return {RULE: state, **{key: float(value) for key, value in zip(WEIGHTS, state.weights, strict=True)}}


def _now(session: Mapping) -> rule.RuleState:
    return replace(session[RULE], weights=weights(session))  # the sliders may have moved since the last press


def preset_pressed(gate: str) -> dict:
    return {GATE: gate, **_applied(rule.preset(gate))}


def step_pressed(session: Mapping) -> dict:
    return _applied(rule.step(_now(session), session[GATE], float(session[ETA]), LIMIT))


def zero_pressed() -> dict:
    return _applied(rule.zero())


def train_pressed(session: Mapping) -> dict:
    return _applied(rule.train(_now(session), session[GATE], float(session[ETA]), LIMIT))


# --- what the page shows --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    beside: Blocks  # under the sliders: the weighted sum with these weights, τ
    figure: object  # the decision line, the half-planes, the four points
    below: Blocks  # the truth table and whether every point is right


@built_once(maxsize=128)
def decision(w1: float, w2: float, b: float, gate: str, lang: str) -> Decision:
    rows = perc.truth_table(w1, w2, b, gate)
    table = pd.DataFrame({
        "x1": [row.x1 for row in rows],
        "x2": [row.x2 for row in rows],
        t("perceptron.col_s", lang): [number(row.s) for row in rows],
        t("perceptron.col_tau", lang): [row.output for row in rows],
        t("perceptron.col_target", lang): [row.target for row in rows],
        t("perceptron.col_ok", lang): [t("perceptron.ok_yes" if row.correct else "perceptron.ok_no", lang)
                                       for row in rows],
    })
    correct = sum(row.correct for row in rows)
    verdict = (("success", t("perceptron.all_correct", lang, gate=gate)) if correct == len(rows)
               else ("warning", t("perceptron.some_wrong", lang, correct=correct)))
    below = (("markdown", f"**{t('perceptron.table_header', lang)}**"), ("table", table),
             ("markdown", f"s = {', '.join(number(row.s) for row in rows)} → "
                          f"τ(s) = {', '.join(str(row.output) for row in rows)}"), verdict)
    if gate == "XOR":
        below += (("info", t("perceptron.xor_why", lang)),)
    beside = (("markdown", f"**{t('perceptron.formula', lang, b=number(b), w1=rule.term(w1), w2=rule.term(w2))}**"),
              ("caption", t("perceptron.tau", lang)), ("caption", t("perceptron.step_versions", lang)))
    return Decision(beside, perceptron_figure(w1, w2, b, gate, lang), below)


def _update_text(update: perc.Update, position: int, lang: str) -> str:
    return "  \n".join(t(key, lang, **values) for key, values in rule.update_lines(update, position))


def learning(state: rule.RuleState, lang: str) -> Blocks:
    """The last button's outcome (converged, refused, failed), the last update written out, and the history."""
    notice = (state.notice[0], tuple(state.notice[1].items())) if state.notice else None
    return _learning(state.log, notice, lang)


@built_once(maxsize=32)
def _learning(log: tuple[perc.Update, ...], notice: tuple | None, lang: str) -> Blocks:
    shown: Blocks = ()
    if notice:
        key, values = notice[0], dict(notice[1])
        kind = "success" if key in ("converged_now", "train_converged") else "warning"
        shown += ((kind, t(f"perceptron.{key}", lang, **values)),)
    if not log:
        return shown + (("caption", t("perceptron.no_step_yet", lang)),)
    if not notice or notice[0] != "train_converged":
        shown += (("info", _update_text(log[-1], len(log), lang)),)
    newest = list(enumerate(log, start=1))[::-1][:HISTORY_SHOWN]
    history = "\n\n---\n\n".join(_update_text(update, position, lang) for position, update in newest)
    return shown + (("details", (t("perceptron.history", lang, count=len(log)), history)),)


def learning_code(w1: float, w2: float, b: float, gate: str, eta: float, lang: str) -> Blocks:
    return (("pytorch", perceptron_code(w1, w2, b, gate, eta, perc.GATE_TRUTH[gate], lang=lang)),)


@dataclass(frozen=True)
class TwoLayers:
    figure: object  # OR's and NAND's lines: XOR is true in the band between them
    weights: str  # the three units' sums
    below: Blocks  # each point through both layers, and the PyTorch network


@built_once(maxsize=2)
def two_layers(lang: str) -> TwoLayers:
    layered = perc.xor_two_layers()
    table = pd.DataFrame({
        "x1": [row.x1 for row in layered],
        "x2": [row.x2 for row in layered],
        t("perceptron.col_s_or", lang): [number(row.s_or) for row in layered],
        t("perceptron.col_h_or", lang): [row.h_or for row in layered],
        t("perceptron.col_s_nand", lang): [number(row.s_nand) for row in layered],
        t("perceptron.col_h_nand", lang): [row.h_nand for row in layered],
        t("perceptron.col_s_and", lang): [number(row.s_and) for row in layered],
        t("perceptron.col_xor", lang): [row.output for row in layered],
    })
    return TwoLayers(xor_two_layer_figure(lang), t("perceptron.xor2_weights", lang, **rule.xor_unit_sums()),
                     (("table", table), ("pytorch", xor_two_layer_code(lang=lang))))
