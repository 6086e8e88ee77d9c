"""What the XOR page says, as data: its settings, metrics, status lines, and the lecture's printout beside ours.

The page (pages/xor.py) only lays these out; the training is explainer.xor.engines, the figures explainer.figures.xor.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from explainer.figures.frozen import freeze
from explainer.figures.xor import accuracy_text, gate_counts, loss_at, many_seeds_figure, many_seeds_loss_figure
from explainer.i18n import t
from explainer.training.recipes import RECIPES
from explainer.views.shared import built_once
from explainer.xor import decisions, engines
from explainer.xor import net as xor_net
from explainer.xor.engines import XorTraining
from explainer.xor.net import XorNet

LOG_EVERY = 100  # the lecture's loop prints `step, cost.item()` every 100 epochs


@dataclass(frozen=True)
class Settings:
    """The page's controls: the MLP's shape, and the training both nets share."""

    hidden: int = 3
    width: int = 10
    activation: str = "sigmoid"
    lr: float = xor_net.LECTURE_LR
    epochs: int = xor_net.LECTURE_EPOCHS
    seed: int = xor_net.LECTURE_SEED

    @property
    def net(self) -> XorNet:
        return XorNet(self.hidden, self.width, self.activation)

    def astuple(self) -> tuple:
        return (self.hidden, self.width, self.activation, self.lr, self.epochs, self.seed)

    def session_values(self, prefix: str = "xor.") -> dict:
        """The widget values of these settings, keyed as the page stores them."""
        names = ("hidden", "width", "activation", "lr", "epochs", "seed")
        return {prefix + name: value for name, value in zip(names, self.astuple(), strict=True)}


LECTURE = Settings()


@dataclass(frozen=True)
class Limits:
    """What the page's controls offer: the engine's limits and the learning rates worth trying."""

    max_hidden: int = xor_net.MAX_HIDDEN_LAYERS
    width: tuple[int, int] = xor_net.WIDTH_RANGE
    activations: tuple[str, ...] = tuple(xor_net.ACTIVATIONS)
    learning_rates: tuple[float, ...] = (0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 2.0, 3.0, 5.0)
    many_seeds: int = xor_net.MANY_SEEDS


LIMITS = Limits()


def train_pair(settings: Settings) -> tuple[XorTraining, XorTraining]:
    """The MLP of these settings and the lecture's single layer, trained the same way from the same seed."""
    mlp = engines.train(settings.net, settings.lr, settings.epochs, settings.seed)
    single = engines.train(xor_net.SINGLE_LAYER, settings.lr, settings.epochs, settings.seed)
    return mlp, single


# The many-seeds batch trains in the background while pages run: it leaves one core to the pages' scripts (on two
# cores a settings change took 300-400 ms with the batch on both cores, 150-250 ms with it on one).
BACKGROUND_THREADS = max(1, (os.cpu_count() or 1) - 1)


def train_many(settings: Settings, threads: int | None = None) -> XorTraining:
    """The page's "many seeds" batch: the MLP from MANY_SEEDS consecutive seeds, in one call (on `threads` cores;
    default all)."""
    seeds = xor_net.many_seed_list(settings.seed)
    return engines.train(settings.net, settings.lr, settings.epochs, seeds, snapshots=1, threads=threads)


# ------------------------------------------------------------------------------- many seeds, off the script thread
@dataclass(frozen=True)
class ManySeeds:
    """The "many seeds" section of one setting in one language: what it says, and its two figures (frozen)."""

    metrics: list[Metric]
    stuck_seeds: str | None
    surfaces: go.Figure
    losses: go.Figure


def _many_seeds_section(settings: Settings, lang: str) -> ManySeeds:
    many = train_many(settings, BACKGROUND_THREADS)
    metrics, stuck_seeds = seeds_summary(many, lang)
    surfaces, losses = freeze(many_seeds_figure(many, lang)), freeze(many_seeds_loss_figure(many, lang))
    surfaces.to_dict(), losses.to_dict()  # the frozen dicts, made here rather than in the page's run
    return ManySeeds(metrics, stuck_seeds, surfaces, losses)


class _Batches:
    """The many-seeds sections, each trained once in a background thread and kept for the settings last asked.

    Twenty nets of 10,001 epochs take 0.5-1 s of CPU and the figures of their results another 0.1-0.2 s: done
    in the script run, a slider move took a second before anything changed. The page shows the shown seed at
    once and this section when it is ready (an st.fragment that polls `many_seeds`). Every session asking for
    the same settings and language shares one batch. One batch trains at a time, the most recently asked first:
    a slider dragged across five values trains the one it stopped on next, not the four it passed. A batch
    that failed is trained again when next asked.
    """

    KEPT = 16  # as many as the page cached before (st.cache_resource max_entries=16); under 1 MB each

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._futures: OrderedDict[tuple[Settings, str], Future] = OrderedDict()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xor-many-seeds")

    def future(self, settings: Settings, lang: str) -> Future:
        key = (settings, lang)
        with self._lock:
            future = self._futures.get(key)
            if future is None or future.cancelled() or (future.done() and future.exception() is not None):
                future = self._futures[key] = Future()
                self._executor.submit(self._train_newest)  # one turn of the worker per batch asked for
            self._futures.move_to_end(key)
            while len(self._futures) > self.KEPT:
                self._futures.popitem(last=False)[1].cancel()  # no-op once finished; a waiting one asks again
        return future

    def _train_newest(self) -> None:
        with self._lock:
            waiting = [(key, future) for key, future in reversed(self._futures.items())
                       if not future.done() and not future.running()]
            if not waiting or not waiting[0][1].set_running_or_notify_cancel():
                return
            (settings, lang), future = waiting[0]
        try:
            future.set_result(_many_seeds_section(settings, lang))
        except BaseException as error:  # noqa: BLE001 - handed to whoever waits on the batch
            future.set_exception(error)


_BATCHES = _Batches()


def many_seeds_future(settings: Settings, lang: str) -> Future:
    """The many-seeds section of these settings: started in the background now unless it is already known."""
    return _BATCHES.future(settings, lang)


def many_seeds(settings: Settings, lang: str) -> ManySeeds | None:
    """The many-seeds section if its batch has finished, else None (and the batch is under way)."""
    future = many_seeds_future(settings, lang)
    return future.result() if future.done() else None


MANY_SEEDS_POLL_SECONDS = 0.25  # how often the section looks whether its background batch is done


def many_seeds_poll_seconds(settings: Settings, lang: str) -> float | None:
    """How often the many-seeds section looks again: never once its batch is done (asking starts the batch)."""
    return None if many_seeds(settings, lang) is not None else MANY_SEEDS_POLL_SECONDS


def shape_text(net: XorNet) -> str:
    return "-".join(str(n) for n in net.sizes)


# -------------------------------------------------------------------------------------------- read-outs
@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    help: str | None = None


def headline_metrics(mlp: XorTraining, single: XorTraining, lang: str) -> list[Metric]:
    """Accuracy and loss of both nets after training, and how long the MLP took."""
    tip = t("xor.metric.help", lang, shape=shape_text(mlp.net))
    return [
        Metric(t("xor.metric.mlp_accuracy", lang), accuracy_text(mlp.accuracies[0]), tip),
        Metric(t("xor.metric.mlp_loss", lang), f"{mlp.final_losses[0]:.6f}", tip),
        Metric(t("xor.metric.single_accuracy", lang), accuracy_text(single.accuracies[0]), tip),
        Metric(t("xor.metric.single_loss", lang), f"{single.final_losses[0]:.4f}", tip),
        Metric(t("xor.metric.time", lang), t("xor.metric.time_value", lang, ms=f"{1000 * mlp.seconds:.0f}"),
               t("xor.metric.time_help", lang, epochs=f"{mlp.epochs:,}")),
    ]


def shown_frame(stored: int | None, mlp: XorTraining) -> int:
    """The snapshot the playback shows: the stored one, kept in range, or the trained net (the last)."""
    last = len(mlp.snapshot_epochs) - 1
    return last if stored is None else min(max(int(stored), 0), last)


def frame_buttons(frame: int, mlp: XorTraining, lang: str) -> list[tuple[str, int | None, str]]:
    """(label, snapshot it goes to, icon) of each step button from `frame`; None is the end, which stays the end
    when a retraining changes the number of snapshots."""
    last = len(mlp.snapshot_epochs) - 1
    targets = (("xor.reset", 0, "first_page"), ("xor.step_back", max(frame - 1, 0), "chevron_left"),
               ("xor.step", min(frame + 1, last), "chevron_right"), ("xor.end", None, "last_page"))
    return [(t(key, lang), target, f":material/{icon}:") for key, target, icon in targets]


def frame_status(mlp: XorTraining, single: XorTraining, frame: int, lang: str) -> str:
    steps = int(mlp.snapshot_epochs[frame])
    return t("xor.frame_status", lang, frame=frame, last=len(mlp.snapshot_epochs) - 1, epoch=f"{steps:,}",
             mlp_loss=f"{loss_at(mlp, steps):.6f}", single_loss=f"{loss_at(single, steps):.6f}")


def units_caption(mlp: XorTraining, frame: int, lang: str) -> str:
    """How many first-layer units act like OR, NAND, AND or another gate at snapshot `frame`."""
    counts = gate_counts(mlp.params_at(frame))
    named = {gate: counts.get(pattern, 0) for gate, pattern in (("OR", "0111"), ("NAND", "1110"), ("AND", "0001"))}
    return t("xor.units.counts", lang, epoch=f"{int(mlp.snapshot_epochs[frame]):,}",
             other=sum(counts.values()) - sum(named.values()), **named)


def result_title(run: XorTraining, lang: str) -> str:
    if run.net.hidden_layers == 0:
        return t("xor.result.single", lang)
    return t("xor.result.mlp", lang, shape=shape_text(run.net))


def result_line(run: XorTraining, lang: str) -> str:
    """The lecture's last print, `Accuracy`, with the final loss (the single layer's to 7 decimals: ln 2)."""
    loss_format = ".7f" if run.net.hidden_layers == 0 else ".6g"
    return t("xor.result.accuracy", lang, accuracy=accuracy_text(run.accuracies[0]),
             loss=format(float(run.final_losses[0]), loss_format))


def seeds_summary(many: XorTraining, lang: str) -> tuple[list[Metric], str | None]:
    """Solved / stuck counts and the batch's time; the stuck seeds named (None when every seed solved XOR)."""
    failed = decisions.stuck(many.final_losses, many.accuracies)
    metrics = [Metric(t("xor.seeds.solved", lang), f"{int((~failed).sum())} / {len(failed)}"),
               Metric(t("xor.seeds.stuck", lang), f"{int(failed.sum())}"),
               Metric(t("xor.seeds.time", lang), t("xor.metric.time_value", lang, ms=f"{1000 * many.seconds:.0f}"))]
    stuck_seeds = [str(seed) for seed, bad in zip(many.seeds, failed, strict=True) if bad]
    return metrics, (t("xor.seeds.stuck_list", lang, seeds=", ".join(stuck_seeds)) if stuck_seeds else None)


# ------------------------------------------------------------------------- the lecture's printout beside ours
# What the lecture printed for its two XOR runs (seed 777, lr 1, 10,001 epochs, a print every 100 epochs). Only
# these are recorded; the accuracies are the recipes' lecture figures. Nothing else is guessed.
LECTURE_SINGLE_COST = "0.693147"  # every print once the single layer is stuck: ln 2
LECTURE_SINGLE_HYPOTHESIS = "0.5, 0.5, 0.5, 0.5"
LECTURE_MLP_FIRST_COST = "0.00011 (1.1e-4)"  # the first line of its MLP log: a second run of a trained model
LECTURE_ACCURACY = {name: RECIPES[recipe].lecture_accuracy / 100 for name, recipe in
                    (("single", "xor_single"), ("mlp", "xor_mlp"))}


def printed_costs(run: XorTraining) -> list[str]:
    """`cost.item()` at each print of the lecture's loop (epochs 0, 100, …), to the 6 decimals the page compares."""
    return [f"{run.losses[0, epoch]:.6f}" for epoch in range(0, run.epochs, LOG_EVERY)]


def first_print_at_ln2(run: XorTraining) -> int | None:
    """The first printed epoch from which every print reads 0.693147 (None if the log never settles there)."""
    costs = printed_costs(run)
    for index in range(len(costs)):
        if all(cost == LECTURE_SINGLE_COST for cost in costs[index:]):
            return index * LOG_EVERY
    return None


def _hypotheses(run: XorTraining) -> str:
    return ", ".join(f"{value:.6f}" for value in run.final_outputs[0])


@built_once(maxsize=4)
def lecture_printout(lang: str) -> dict[str, pd.DataFrame]:
    """`lecture_comparison` of the lecture's own settings, made once per language (the same on every run)."""
    return lecture_comparison(*train_pair(LECTURE), lang)


def lecture_comparison(mlp: XorTraining, single: XorTraining, lang: str) -> dict[str, pd.DataFrame]:
    """For each net (keyed by its title), a table: what the code prints | lecture | ours (same seed, fresh) | why.

    `mlp` and `single` must be the lecture's settings (LECTURE): the rows explain the lecture's run.
    """
    columns = [t(f"xor.lecture.col.{name}", lang) for name in ("printed", "lecture", "ours", "why")]
    settled = first_print_at_ln2(single)
    single_rows = [
        (t("xor.lecture.row.first_cost", lang), "—", printed_costs(single)[0],
         t("xor.lecture.why.single_first", lang, epoch=f"{settled:,}" if settled is not None else "—")),
        (t("xor.lecture.row.later_costs", lang, epoch=f"{settled or LOG_EVERY:,}", last=f"{single.epochs - 1:,}"),
         LECTURE_SINGLE_COST, ", ".join(sorted(set(printed_costs(single)[(settled or LOG_EVERY) // LOG_EVERY:]))),
         t("xor.lecture.why.ln2", lang)),
        (t("xor.lecture.row.hypothesis", lang), LECTURE_SINGLE_HYPOTHESIS, _hypotheses(single),
         t("xor.lecture.why.single_hypothesis", lang)),
        (t("xor.lecture.row.accuracy", lang), repr(LECTURE_ACCURACY["single"]), accuracy_text(single.accuracies[0]),
         t("xor.lecture.why.single_accuracy", lang)),
    ]
    mlp_rows = [
        (t("xor.lecture.row.first_cost", lang), LECTURE_MLP_FIRST_COST, printed_costs(mlp)[0],
         t("xor.lecture.why.mlp_first", lang)),
        (t("xor.lecture.row.hypothesis", lang), t("xor.lecture.mlp_hypothesis", lang), _hypotheses(mlp),
         t("xor.lecture.why.mlp_hypothesis", lang)),
        (t("xor.lecture.row.accuracy", lang), repr(LECTURE_ACCURACY["mlp"]), accuracy_text(mlp.accuracies[0]),
         t("xor.lecture.why.mlp_accuracy", lang)),
    ]
    return {result_title(single, lang): pd.DataFrame(single_rows, columns=columns),
            result_title(mlp, lang): pd.DataFrame(mlp_rows, columns=columns)}
