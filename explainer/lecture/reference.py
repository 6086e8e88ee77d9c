"""The lecture's own printed results beside ours, with the slide they come from, and the lecture's slips.

    view = beside(stored_run, "ko", first_four=(truth, predicted))   # what the compare tab shows for a run
    view.sections                                                      # [(markdown, table or None), ...]
    slips("en")                                                        # the lecture's slips, named politely

Only numbers the lecture printed are here. Where the project has only part of a printed list (the MNIST
cost log's first and last lines, two of LeNet's ten per-class accuracies), only that part is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from explainer.i18n import t
from explainer.training.recipes import RECIPES

# "Epoch: 0001 cost = 0.628847 ... Epoch: 0015 cost = 0.032280" (MNIST MLP practice slide).
MNIST_MLP_COST = {1: 0.628847, 15: 0.032280}
# The lecture's step from a single softmax layer to the MLP on MNIST, in percent.
MNIST_STEP = (89, 97)
# "Accuracy of plane : 71.3 % ... Accuracy of truck : 53.8 %" (CIFAR-10 LeNet practice slide); CIFAR-10 label
# indices: 0 airplane, 9 truck.
LENET_PER_CLASS = {0: 71.3, 9: 53.8}
# "GroundTruth: cat ship ship plane" / "Predicted: cat ship car plane": CIFAR-10 labels of the first four
# test images and LeNet's guesses for them.
DEMO_TRUTH = (3, 8, 8, 0)
DEMO_PREDICTED = (3, 8, 1, 0)
SLIPS = ("fashion_cnn_loads_mnist", "last_epoch", "mnist_stats", "unnormalised_test", "listing")


@dataclass(frozen=True)
class Beside:
    sections: list[tuple[str, pd.DataFrame | None]] = field(default_factory=list)


def _differences(recipe, lang: str, train_count: int | None) -> str:
    """Why our number can differ from the lecture's for this run."""
    reasons = []
    if recipe.dataset in ("mnist", "fashion_mnist") and train_count is not None and train_count < 60_000:
        reasons.append(t("train.lecture.why.small_train", lang, count=f"{train_count:,}"))
    lecture = RECIPES.get(recipe.name)
    if lecture is not None and recipe.epochs < lecture.epochs:
        reasons.append(t("train.lecture.why.fewer_epochs", lang, ours=recipe.epochs, lecture=lecture.epochs))
    if recipe.train_subset:
        reasons.append(t("train.lecture.why.subset", lang, count=recipe.train_subset))
    reasons.append(t("train.lecture.why.device", lang))
    return t("train.lecture.why", lang, reasons=" ".join(reasons))


def _cost_log(history: list[dict], lang: str) -> pd.DataFrame:
    ours = {row["epoch"]: row.get("train_loss") for row in history}
    rows = [{t("train.lecture.col.epoch", lang): f"{epoch:04d}",
             t("train.lecture.col.lecture_cost", lang): f"{cost:.6f}",
             t("train.lecture.col.our_loss", lang): "–" if ours.get(epoch) is None else f"{ours[epoch]:.6f}"}
            for epoch, cost in MNIST_MLP_COST.items()]
    return pd.DataFrame(rows)


def _per_class(per_class_acc: list[float], classes: list[str], lang: str) -> pd.DataFrame:
    return pd.DataFrame([{t("train.lecture.col.class", lang): classes[label],
                          t("train.lecture.col.lecture_acc", lang): f"{value:.1f}",
                          t("train.lecture.col.our_acc", lang): f"{per_class_acc[label]:.1f}"}
                         for label, value in LENET_PER_CLASS.items()])


def _demo(predicted: list[int] | None, classes: list[str], lang: str) -> pd.DataFrame:
    names = lambda labels: " ".join(classes[label] for label in labels)  # noqa: E731
    rows = [{"": t("train.lecture.demo.truth", lang), t("train.lecture.col.lecture", lang): names(DEMO_TRUTH),
             t("train.lecture.col.ours", lang): names(DEMO_TRUTH)},
            {"": t("train.lecture.demo.predicted", lang), t("train.lecture.col.lecture", lang): names(DEMO_PREDICTED),
             t("train.lecture.col.ours", lang): "–" if predicted is None else names(predicted)}]
    return pd.DataFrame(rows)


def beside(stored, classes: list[str], lang: str, first_four: list[int] | None = None,
           train_count: int | None = None) -> Beside:
    """What the lecture printed for this run's recipe, beside this run. `first_four`: our predictions for the
    first four test images in the dataset's own order (None when the data has no canonical order)."""
    recipe = stored.recipe
    sections: list[tuple[str, pd.DataFrame | None]] = []
    if recipe.model == "mnist_mlp":
        sections.append((t("train.lecture.cost_log", lang), _cost_log(stored.history, lang)))
        sections.append((t("train.lecture.mnist_step", lang, single=MNIST_STEP[0], mlp=MNIST_STEP[1],
                           ours=f"{stored.test_acc:.2f}"), None))
    if recipe.model == "cifar_lenet":
        sections.append((t("train.lecture.per_class", lang), _per_class(stored.per_class_acc, classes, lang)))
        sections.append((t("train.lecture.demo" if first_four is not None else "lecture.demo_no_order", lang),
                         _demo(first_four, classes, lang)))
    lecture = RECIPES.get(recipe.name)
    if lecture is not None and lecture.lecture_accuracy is not None and not recipe.is_xor:
        sections.append((t("train.lecture.accuracy", lang, lecture=f"{lecture.lecture_accuracy:.2f}",
                           ours=f"{stored.test_acc:.2f}") + " " + _differences(recipe, lang, train_count), None))
    return Beside(sections)


def slips(lang: str) -> list[str]:
    """The lecture's slips, each with what is right."""
    return [t(f"train.lecture.slip.{name}", lang) for name in SLIPS]
