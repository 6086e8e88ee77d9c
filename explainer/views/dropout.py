"""What the dropout page writes beside its figures: catalogue keys with their values, built from the library's
numbers, so the page only translates and places them."""

from __future__ import annotations

from dataclasses import dataclass

from explainer.topics import dropout

Text = tuple[str, dict]  # (catalogue key, its values)


def short(value: float) -> str:
    return f"{value:.4g}"


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
        "inv_mean": short(example.inverted_train_mean), "inv_eval": short(example.inverted_eval),
        "cls_mean": short(example.classic_train_mean), "cls_test": short(example.classic_test),
        "samples": example.samples, "fraction": f"{example.sampled_kept_fraction:.4f}", "keep": f"{1 - p:g}"})


def vector_caption(vector, p: float, seed: int) -> Text:
    return ("dropout.vector.caption", {
        "seed": seed, "p": f"{p:g}", "inv_sum": short(float(vector.inverted_train.sum())),
        "eval_sum": short(float(vector.inverted_eval.sum())), "cls_sum": short(float(vector.classic_train.sum())),
        "test_sum": short(float(vector.classic_test.sum()))})


def gap_text(gaps: dict[float, float]) -> Text:
    return ("dropout.effect.gap", {"gaps": ", ".join(f"p={p:g}: {gap:+.1f}%p" for p, gap in gaps.items())})


def maps_caption(channels, p: float, draw: int) -> Text:
    return ("dropout.maps.caption", {"p": f"{p:g}", "step": draw, "off": int((~channels.channel_kept).sum()),
                                     "channels": len(channels.channel_kept), "scale": short(1 / (1 - p))})


def maps_image(draw: int, lang: str):
    """The Fashion-MNIST picture of the Dropout2d section's `draw` (or a drawn one without data), and its caption."""
    sample = dropout.fashion_image(draw - 1)
    if sample is None:
        return dropout.synthetic_image(), ("dropout.maps.source.synthetic", {})
    from explainer.data.datasets import class_names

    image, label = sample
    return image, ("dropout.maps.source.dataset", {"index": draw - 1,
                                                   "label": class_names("fashion_mnist", lang)[label]})
