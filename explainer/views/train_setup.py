"""View-model of the train page's set-up tab around the form: the pickers above it, the training data, what the
form's values train (summary, time estimate) and the run a link names.

    picker = choice_picker("cifar10", "preset", "ko")   # the preset (or custom model) picker beside the mode
    shown = train_data("fashion_mnist", "ko")          # the split's size and a picture per class, or where it looked
    check = form_check(st.session_state, ...)          # the recipe, or why not; the summary and the estimate
    follow_link(st.session_state, "<hash>", manager)   # ?run=<hash>: the form shows that run, once

No Streamlit: the page draws what these return (explainer.ui.show draws the elements).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from explainer.data import datasets as data
from explainer.i18n import t
from explainer.training.recipes import RECIPES, Recipe
from explainer.views import compare, links
from explainer.views.train import (
    Element,
    estimate_text,
    form_defaults,
    form_recipe,
    grid,
    notice,
    preset_text,
    summary_text,
)


def form_intro(mode: str, choice: str, lang: str) -> list[Element]:
    """Above the form's fields: what the lecture's preset is (nothing for a custom run)."""
    return [Element("markdown", (preset_text(choice, lang),))] if mode == "preset" else []



def dataset_labels(lang: str) -> dict[str, str]:
    """The image datasets a run can train on, with their titles (a dict: the picker's format_func)."""
    return {name: data.dataset_title(name, lang) for name in data.DATASETS}


def mode_labels(lang: str) -> dict[str, str]:
    return {mode: t(f"train.mode.{mode}", lang) for mode in ("preset", "custom")}


@dataclass(frozen=True)
class Picker:
    """The picker beside the mode: the lecture preset, or the model of a custom run (remembered per dataset)."""

    key: str
    default: str
    label: str
    labels: dict[str, str]  # option -> label, in the order shown


def choice_picker(dataset: str, mode: str, lang: str) -> Picker:
    presets = compare.presets_for(dataset)
    if mode == "preset":
        return Picker(f"train.preset.{dataset}", presets[0], t("train.preset", lang),
                      {name: t(f"train.preset.{name}", lang) for name in presets})
    return Picker(f"train.custom_model.{dataset}", RECIPES[presets[0]].model, t("train.model", lang),
                  {name: compare.model_title(name, lang) for name in compare.image_models_for(dataset)})


LINKED_KEY = "train.linked"  # the run the address names (?run=<hash>), as the page last followed it
UNKNOWN_LINK_KEY = "train.unknown_link"  # a ?run=<hash> that no job or stored run has, until link_to judges it


def follow_link(values, linked: str | None, manager) -> None:
    """Once per new ?run=<hash>: the form shows that run. `values`: the page's session state (updated here).
    A hash that no job or stored run has is remembered: `link_to` tells whether the form's own settings explain it."""
    if linked and values.get(LINKED_KEY) != linked:
        values[LINKED_KEY] = linked
        form = linked_form_values(manager, linked)
        values.update(form)
        if not form:
            values[UNKNOWN_LINK_KEY] = linked


def link_to(values, query_params, key: str) -> str:
    """The address names the run on screen (`key`, returned), so that a reload or a shared link comes back to it."""
    values[LINKED_KEY] = key
    # A link names the settings of a run that was never trained (the form's values are in the link too): the same
    # hash, no notice. One that names another run nobody has (deleted, mistyped) is ignored with a notice.
    unknown = values.pop(UNKNOWN_LINK_KEY, None)
    if unknown is not None and unknown != key:
        values.setdefault(links.LINK_NOTICES_KEY, []).append(("run", unknown))
    if query_params.get("run") != key:
        query_params["run"] = key
    return key


def linked_form_values(manager, linked: str) -> dict[str, object]:
    """The form's values for the run a link names (?run=<hash>); {} for a hash no job or stored run has."""
    try:
        job = manager.get(linked)
    except ValueError:  # not a hash
        return {}
    return form_defaults(job.recipe) if job is not None and job.recipe.dataset in data.DATASETS else {}


@dataclass(frozen=True)
class TrainData:
    count: int | None  # training images, None when the split is missing
    problems: list[Element] = field(default_factory=list)  # where the app looked for missing data, how to add it
    samples: list[Element] = field(default_factory=list)  # a closed expander: one picture per class, in a row


def train_data(dataset: str, lang: str) -> TrainData:
    """The training split's size and a picture of every class, or why the split is missing."""
    try:
        split = data.load_dataset(dataset, "train")
    except data.DatasetUnavailable as err:
        return TrainData(None, [notice("warning", data.unavailable_message(err, lang), ":material/folder_off:")])
    tiles = compare.class_samples(split.images, split.labels, data.class_names(dataset, lang))
    label = t("train.samples", lang, dataset=data.dataset_title(dataset, lang))
    return TrainData(len(split), samples=[Element("expander", (label,), {"expanded": False},
                                                  grid(tiles, len(tiles)))])


@dataclass(frozen=True)
class FormCheck:
    """What the form's values train: the recipe, or why they cannot; the summary and the time estimate."""

    recipe: Recipe | None
    problems: list[Element] = field(default_factory=list)  # why the values make no recipe
    summary: list[Element] = field(default_factory=list)  # what "Start training" trains, how long it takes


def form_check(values, dataset: str, mode: str, choice: str, seed: int, manager, train_count: int | None,
               device_label: str, lang: str) -> FormCheck:
    try:
        recipe = form_recipe(values, dataset, mode, choice, seed)
    except compare.InvalidSetting as problem:
        return FormCheck(None, [notice("error", problem.message(lang), ":material/error:")])
    summary = [Element("markdown", (summary_text(recipe, lang),))]
    if train_count is not None:
        text, slow = estimate_text(recipe, train_count, manager.resolve_device(None), device_label,
                                   manager.store.list(), lang)
        summary.append(Element("warning" if slow else "caption", (text,)))
    return FormCheck(recipe, summary=summary)
