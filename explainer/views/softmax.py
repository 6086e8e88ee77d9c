"""What the softmax and cross-entropy page shows, as data: the logit panel, the lecture's table, the log base.

The maths is explainer.topics.softmax; the page (pages/softmax_loss.py) only lays these out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from explainer.figures.fundamentals import gradient_bars_figure, probability_figure
from explainer.i18n import t
from explainer.i18n.numbers import number
from explainer.snippets.fundamentals import lecture_table_code, softmax_code
from explainer.topics import softmax as sm

DEFAULT_LOGITS = sm.DEFAULT_LOGITS
CLASSES = tuple(range(len(DEFAULT_LOGITS)))


def formula(lang: str) -> str:
    """The softmax and cross-entropy formulas in LaTeX, the true class named in `lang`."""
    return sm.formula_latex(t("softmax.true_class_word", lang))


def class_label(index: int, lang: str) -> str:
    return t("softmax.class_label", lang, index=index)


@dataclass(frozen=True)
class LogitPanel:
    metrics: list[tuple[str, str]]  # (label, value): each class's probability, then the loss
    loss_line: str
    table: pd.DataFrame
    probabilities: object  # figures
    gradient: object
    code: str


def logit_panel(logits, target: int, lang: str) -> LogitPanel:
    """Logits -> probabilities -> loss -> gradient, for the sliders' logits and the chosen true class."""
    report = sm.logit_report(logits, target)
    metrics = [(t("softmax.metric_prob", lang, index=i), f"{report.probabilities[i]:.4f}") for i in CLASSES]
    metrics.append((t("softmax.metric_loss", lang), f"{report.loss:.4f}"))
    table = pd.DataFrame({
        t("softmax.col_class", lang): [class_label(i, lang) for i in CLASSES],
        t("softmax.col_logit", lang): [number(z) for z in report.logits],
        t("softmax.col_exp", lang): [f"{e:.4f}" for e in np.exp(report.logits)],
        t("softmax.col_prob", lang): [f"{p:.4f}" for p in report.probabilities],
        t("softmax.col_target", lang): [int(i == target) for i in CLASSES],
        t("softmax.col_grad", lang): [f"{g:+.4f}" for g in report.gradient],
    })
    loss_line = t("softmax.loss_line", lang, target=target, p=f"{report.probabilities[target]:.4f}",
                  loss=f"{report.loss:.4f}", loss10=f"{report.loss_log10:.4f}")
    return LogitPanel(metrics, loss_line, table, probability_figure(report.probabilities, target, lang),
                      gradient_bars_figure(report.gradient, target, lang), softmax_code(logits, target, lang=lang))


@dataclass(frozen=True)
class LectureTablePanel:
    table: pd.DataFrame
    mean_line: str
    mean: str  # the metric, to the lecture's 2 decimals
    mean_help: str  # 4 decimals
    code: str


def lecture_table_panel(lang: str) -> LectureTablePanel:
    """The lecture's three predictions with one-hot targets, each sample's cross-entropy and their mean."""
    table = sm.lecture_table()
    true_class = table.targets.argmax(axis=1)
    frame = pd.DataFrame({
        t("softmax.col_sample", lang): [1, 2, 3],
        t("softmax.col_pred", lang): ["[" + ", ".join(number(p) for p in row) + "]" for row in table.predictions],
        t("softmax.col_onehot", lang): ["[" + ", ".join(str(int(y)) for y in row) + "]" for row in table.targets],
        t("softmax.col_ptrue", lang): [number(row[k]) for row, k in zip(table.predictions, true_class, strict=True)],
        t("softmax.col_ce", lang): [f"{v:.4f}" for v in table.per_sample],
    })
    mean_line = t("softmax.table_mean", lang, values=" + ".join(f"{v:.2f}" for v in table.per_sample),
                  mean=f"{table.mean:.2f}")
    return LectureTablePanel(frame, mean_line, f"{table.mean:.2f}", f"{table.mean:.4f}",
                             lecture_table_code(table.predictions.tolist(), table.targets.tolist(), lang=lang))


def log_base_panel(lang: str) -> tuple[list[tuple[str, str]], str]:
    """The lecture's example in log base 10 (what its slide printed) and natural log (what torch computes)."""
    base10, natural = sm.lecture_example()
    metrics = [(t("softmax.metric_log10", lang), sm.truncate(base10, 7)),
               (t("softmax.metric_ln", lang), sm.truncate(natural, 7))]
    explain = t("softmax.log_explain", lang, log10=sm.truncate(base10, 7), lecture=sm.truncate(base10, 6),
                ln=sm.truncate(natural, 7), ratio=f"{math.log(10):.4f}")
    return metrics, explain
