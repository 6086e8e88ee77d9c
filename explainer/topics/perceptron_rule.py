"""The perceptron page's learning-rule buttons as a small state machine, and the text of each update.

The page keeps a `RuleState` in its session; every button press maps it to a new one. Weights that would leave
the sliders' range are refused (the state is kept, with a notice), so a slider never gets a value it cannot show.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from explainer.i18n.numbers import number
from explainer.topics import perceptron as perc


@dataclass(frozen=True)
class RuleState:
    weights: tuple[float, float, float]  # (w1, w2, b), what the sliders show
    cursor: int = 0  # the point after the last update: where the search for a wrong point resumes
    log: tuple[perc.Update, ...] = ()
    notice: tuple[str, dict] | None = None  # (catalogue key under "perceptron.", its values)


def preset(gate: str) -> RuleState:
    return RuleState(perc.PRESETS[gate])


def zero() -> RuleState:
    return RuleState((0.0, 0.0, 0.0))


def _outside(weights, limit: float) -> bool:
    return max(abs(v) for v in weights) > limit


def step(state: RuleState, gate: str, eta: float, limit: float) -> RuleState:
    """The rule once, on the next wrong point after the cursor."""
    update = perc.learning_step(*state.weights, gate, eta, start=state.cursor)
    if update is None:
        return replace(state, notice=("converged_now", {}))
    if _outside(update.after, limit):
        return replace(state, notice=("out_of_range", {"limit": number(limit)}))
    return RuleState(update.after, (update.index + 1) % len(perc.TRUTH_INPUTS), (*state.log, update))


def train(state: RuleState, gate: str, eta: float, limit: float,
          max_epochs: int = perc.DEFAULT_MAX_EPOCHS) -> RuleState:
    """Passes over the four points until one has no mistake (or `max_epochs`), all updates logged."""
    run = perc.train(*state.weights, gate, eta, max_epochs)
    if any(_outside(update.after, limit) for update in run.updates):
        return replace(state, notice=("out_of_range", {"limit": number(limit)}))
    w1, w2, b = run.final
    key = "train_converged" if run.converged else "train_failed"
    return RuleState(run.final, 0, (*state.log, *run.updates),
                     (key, {"epochs": run.epochs, "updates": len(run.updates), "w1": number(w1), "w2": number(w2),
                            "b": number(b)}))


def term(value: float) -> str:
    """A number as it reads inside a sum: negatives in parentheses, as in 1.5 + (-1.0)·x1."""
    text = str(value) if isinstance(value, int) else number(value)
    return text if value >= 0 else f"({text})"


def update_lines(update: perc.Update, position: int) -> list[tuple[str, dict]]:
    """The four lines that write out one update, as (catalogue key, values)."""
    w1, w2, b = update.before
    point = {"x1": int(update.x1), "x2": int(update.x2)}
    return [
        ("perceptron.step_point", {"number": position, "t": update.target, **point}),
        ("perceptron.step_sum", {"b": number(b), "w1": term(w1), "w2": term(w2), "s": number(update.s),
                                 "y": update.output, **point}),
        ("perceptron.step_factor", {"eta": number(update.eta), "t": update.target, "y": term(update.output),
                                    "factor": number(update.factor)}),
        ("perceptron.step_weights", {"w1": number(w1), "w2": number(w2), "b": number(b), "factor": term(update.factor),
                                     "new_w1": number(update.after[0]), "new_w2": number(update.after[1]),
                                     "new_b": number(update.after[2]), **point}),
    ]


def xor_unit_sums() -> dict[str, str]:
    """'-0.5 + 1.0·x1 + 1.0·x2' for the OR, NAND and AND units of the two-layer XOR."""
    sums = {}
    for unit, inputs in (("or", ("x1", "x2")), ("nand", ("x1", "x2")), ("and", ("h1", "h2"))):
        w1, w2, b = perc.PRESETS[unit.upper()]
        sums[f"{unit}_sum"] = f"{number(b)} + {term(w1)}·{inputs[0]} + {term(w2)}·{inputs[1]}"
    return sums
