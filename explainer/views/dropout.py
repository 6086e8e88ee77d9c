"""What the dropout page shows, section by section: figures, tables, finished sentences and code, built from the
library's numbers, so the page only places them. The small `..._text`/`..._caption` helpers give (catalogue key,
values); the panels translate them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explainer.figures.dropout import (
    batch_mask_figure,
    feature_maps_figure,
    mask_table,
    network_figure,
    scaling_table,
    vector_table,
)
from explainer.i18n import t
from explainer.i18n.numbers import significant
from explainer.topics import dropout
from explainer.views.shared import built_once

Text = tuple[str, dict]  # (catalogue key, its values)



@dataclass(frozen=True)
class MaskCounts:
    kept: Text  # "k / n" for the metric
    mean_label: Text
    average: float
    delta: str  # average - expected, signed
    expected: Text  # the delta's description
    history: list[int]  # kept counts of the batches so far (the metric's bar chart)
    caption: Text


def mask_counts(masks, sizes, p: float, step: int, seed: int, drop_input: bool) -> MaskCounts:
    count = dropout.kept_count(masks, sizes, p, drop_input=drop_input)
    first, history = dropout.kept_history(sizes, p, step, seed, drop_input=drop_input)
    average = sum(history) / len(history)
    mean_label = (("dropout.mean_metric", {"first": first, "step": step}) if first < step
                  else ("dropout.mean_metric_one", {"step": step}))
    return MaskCounts(("dropout.kept_value", {"kept": count.kept, "total": count.droppable}), mean_label, average,
                      f"{average - count.expected:+.2f}", ("dropout.mean_delta", {"expected": f"{count.expected:g}"}),
                      history, ("dropout.kept_caption", {"step": step, "kept": count.kept, "total": count.droppable,
                                                         "keep": f"{1 - p:g}", "expected": f"{count.expected:g}"}))


def scaling_check(example: dropout.ScalingExample, p: float) -> Text:
    return ("dropout.scaling.check", {
        "inv_mean": significant(example.inverted_train_mean), "inv_eval": significant(example.inverted_eval),
        "cls_mean": significant(example.classic_train_mean), "cls_test": significant(example.classic_test),
        "samples": example.samples, "fraction": f"{example.sampled_kept_fraction:.4f}", "keep": f"{1 - p:g}"})


def vector_caption(vector, p: float, seed: int) -> Text:
    return ("dropout.vector.caption", {
        "seed": seed, "p": f"{p:g}", "inv_sum": significant(float(vector.inverted_train.sum())),
        "eval_sum": significant(float(vector.inverted_eval.sum())),
        "cls_sum": significant(float(vector.classic_train.sum())),
        "test_sum": significant(float(vector.classic_test.sum()))})


def gap_text(gaps: dict[float, float]) -> Text:
    return ("dropout.effect.gap", {"gaps": ", ".join(f"p={p:g}: {gap:+.1f}%p" for p, gap in gaps.items())})


def maps_caption(channels, p: float, draw: int) -> Text:
    return ("dropout.maps.caption", {"p": f"{p:g}", "step": draw, "off": int((~channels.channel_kept).sum()),
                                     "channels": len(channels.channel_kept), "scale": significant(1 / (1 - p))})


def maps_image(draw: int, lang: str):
    """The Fashion-MNIST picture of the Dropout2d section's `draw` (or a drawn one without data), and its caption."""
    sample = dropout.fashion_image(draw - 1)
    if sample is None:
        return dropout.synthetic_image(), ("dropout.maps.source.synthetic", {})
    from explainer.data.datasets import class_names

    image, label = sample
    return image, ("dropout.maps.source.dataset", {"index": draw - 1,
                                                   "label": class_names("fashion_mnist", lang)[label]})


# ------------------------------------------------------------------------------ the page's panels, ready to show
LAYER_SIZES = dropout.DEFAULT_LAYER_SIZES
VECTOR = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0)


def say(text: Text, lang: str) -> str:
    key, values = text
    return t(key, lang, **values)


def terms(p: float, lang: str) -> tuple[str, str, str]:
    """The terms box's paragraphs: its title (bold), what p and 1 - p are, and the common slip."""
    keep = f"{1.0 - p:g}"
    return (f"**{t('dropout.terms.title', lang)}**", t("dropout.terms.body", lang, keep=keep),
            t("dropout.terms.slip", lang, keep=keep))


@built_once(maxsize=4)
def standard_network(lang: str):
    """The full network: the same for every p and batch, so built once per language."""
    return network_figure(LAYER_SIZES, None, lang, t("dropout.standard_title", lang))


@dataclass(frozen=True)
class MasksPanel:
    batch_label: str
    standard: object  # figures
    thinned: object
    kept: str
    mean_label: str
    average: str
    delta: str
    expected: str
    history: list[int] | None  # the mean metric's bar chart, from the second batch on
    caption: str
    table: dict[str, list[str]]
    batch: object
    code: str


# The panels are built once per setting in the process and shared by every session that shows it: a class
# following its lecturer draws the same view ten or forty times at once (nothing downstream changes them).
@built_once(maxsize=64)
def masks_panel(p: float, drop_input: bool, step: int, seed: int, lang: str) -> MasksPanel:
    """Section 1 at mini-batch `step`: both networks, the kept counts, the mask table, a batch's masks, code."""
    masks = dropout.sample_masks(LAYER_SIZES, p, step, seed, drop_input=drop_input)
    counts = mask_counts(masks, LAYER_SIZES, p, step, seed, drop_input)
    return MasksPanel(
        t("dropout.batch_label", lang, step=step), standard_network(lang),
        network_figure(LAYER_SIZES, masks, lang, t("dropout.thinned_title", lang, step=step)),
        say(counts.kept, lang), say(counts.mean_label, lang), f"{counts.average:.2f}", counts.delta,
        say(counts.expected, lang), counts.history if len(counts.history) > 1 else None, say(counts.caption, lang),
        mask_table(masks, LAYER_SIZES, lang),
        batch_mask_figure(dropout.batch_masks(8, LAYER_SIZES[1], p, step, seed), lang),
        dropout.masks_code(p, seed, LAYER_SIZES[1], lang=lang))


@dataclass(frozen=True)
class ScalingPanel:
    table: dict[str, list[str]]
    check: str
    vector_table: dict[str, list[str]]
    vector_caption: str
    code: str


@built_once(maxsize=64)
def scaling_panel(activation: float, p: float, seed: int, lang: str) -> ScalingPanel:
    """Section 2: one activation through inverted and classic dropout, and the lecture's 8-vector."""
    example = dropout.scaling_example(activation, p, samples=10_000, seed=seed)
    vector = dropout.vector_example(list(VECTOR), p, seed)
    return ScalingPanel(scaling_table(example, lang), say(scaling_check(example, p), lang),
                        vector_table(vector, lang), say(vector_caption(vector, p, seed), lang),
                        dropout.pytorch_code(p, activation, seed, lang=lang))


@dataclass(frozen=True)
class MapsPanel:
    source: str
    figure: object
    caption: str
    code: str


def maps_panel(p: float, seed: int, draw: int, lang: str) -> MapsPanel:
    """Section 4: the channels of one picture through Dropout2d and Dropout, drawn with the `draw`-th mask."""
    image, source = maps_image(draw, lang)
    pixels = np.asarray(image, dtype=np.float32)
    # Keyed by the picture itself: the dataset's files (or their absence) decide it, not only `draw`.
    return _maps_panel(p, seed, draw, lang, pixels.tobytes(), pixels.shape, say(source, lang))


@built_once(maxsize=32)
def _maps_panel(p: float, seed: int, draw: int, lang: str, pixels: bytes, shape: tuple, source: str) -> MapsPanel:
    image = np.frombuffer(pixels, dtype=np.float32).reshape(shape).copy()  # torch wants a writable array
    mask_seed = seed * 1_000 + draw
    channels = dropout.channel_dropout(dropout.fixed_filter_maps(image), p, mask_seed)
    return MapsPanel(source, feature_maps_figure(channels, lang), say(maps_caption(channels, p, draw), lang),
                     dropout.dropout2d_code(p, mask_seed, lang=lang))


def gap_line(histories: dict[float, list[dict]], lang: str) -> str:
    """Train minus test accuracy of each finished short run, under the curves."""
    from explainer.views.dropout_effect import final_gaps

    return say(gap_text(final_gaps(histories)), lang)


def no_data_details(missing, lang: str) -> str:
    """Where the app looked for Fashion-MNIST and how to provide it."""
    from explainer.data.datasets import unavailable_message

    return unavailable_message(missing, lang)


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    delta: str | None = None


def lecture_metrics(lang: str) -> list[Metric]:
    """The lecture's test accuracies without and with dropout, the second with its gain."""
    from explainer.views.dropout_effect import lecture_accuracies, lecture_dropout_p

    without, with_ = lecture_accuracies()
    return [Metric(t("dropout.effect.without", lang), f"{without:.2f}%"),
            Metric(t("dropout.effect.with", lang, p=f"{lecture_dropout_p():g}"), f"{with_:.2f}%",
                   f"{with_ - without:+.2f}%p")]


CURVE_KEYS = ("epoch", "train_acc", "test_acc")  # what the accuracy curves draw of each epoch's record


def accuracy_curves(histories: dict[float, list[dict]], lang: str):
    """The short runs' accuracy per epoch, with the lecture's two accuracies marked. Built once per set of histories
    (the section redraws it on every run of the page, and every student of a class shows the same runs)."""
    drawn = tuple((p, tuple(tuple(row[key] for key in CURVE_KEYS) for row in history))
                  for p, history in sorted(histories.items()))
    return _accuracy_curves(drawn, lang)


@built_once(maxsize=16)
def _accuracy_curves(drawn: tuple, lang: str):
    from explainer.figures.dropout import accuracy_curves_figure
    from explainer.views.dropout_effect import lecture_accuracies

    histories = {p: [dict(zip(CURVE_KEYS, row, strict=True)) for row in rows] for p, rows in drawn}
    without, with_ = lecture_accuracies()
    marks = {t("dropout.curves.lecture_without", lang): without, t("dropout.curves.lecture_with", lang): with_}
    return accuracy_curves_figure(histories, lang, marks)
