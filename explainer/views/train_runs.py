"""View-model of the train page's compare tab: the stored runs side by side, and one run in detail (per-class
accuracy, the lecture's numbers beside ours, confusion, the per-epoch history, predictions on test images).

    board = overview(store.list(), st.session_state, "ko")  # None without runs: the table, run labels
    shown = details(store, runs, chosen_hash, picked, "ko")  # the detail section's elements, top to bottom

No Streamlit: the page draws what these return. Predictions on the test split are the one expensive step;
they are kept per loaded model and loaded split (`predictions_on_test_split`), so reruns and other sessions reuse them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from explainer.data import datasets as data
from explainer.data import samples
from explainer.data.images import picker_order
from explainer.figures import train as figures
from explainer.i18n import t
from explainer.inspection.predictions import Predictions, predict_split, top_confusions
from explainer.lecture import reference as lecture_reference
from explainer.views import compare
from explainer.views.train import Element, follow_new_runs, grid, notice

GALLERY_POOL = 1000  # test images the gallery picks its mistakes from (classes taking turns)
GALLERY_COUNT = 24
GALLERY_COLUMNS = 8
LECTURE_DEMO_COUNT = 4  # the lecture printed LeNet's guesses for the first four CIFAR-10 test images


# Tables of runs and epochs wrap their text (st.table): the data grid kept each cell on one line and scrolled sideways,
# hiding the accuracy columns of the runs table at 1400 px. Past this many rows one scrolls inside a box this tall.
TABLE_ROWS_UNBOXED = 8
TABLE_BOX_HEIGHT = {"runs": 420, "history": 240}  # pixels
PICKED_KEY = "train.compare.picked"  # the runs overlaid in one figure
KNOWN_KEY = "train.compare.known"  # the runs stored when the page last looked: a new one joins the overlay
DETAIL_RUN_KEY = "train_compare_run"  # the run shown in detail (a widget key)


@dataclass(frozen=True)
class Overview:
    head: list[Element]  # the runs table with its headings
    labels: dict[str, str]  # config hash -> short label, newest run first
    image_hashes: list[str]  # runs on an image dataset: only those have a detail view


def wrapping_table(frame, box: str) -> Element:
    """`frame` as a table whose text wraps to the width it is given; taller than TABLE_ROWS_UNBOXED rows, inside a
    scrolling box of TABLE_BOX_HEIGHT[box] pixels."""
    table = Element("table", (frame,), {"hide_index": True})
    if len(frame) <= TABLE_ROWS_UNBOXED:
        return table
    return Element("container", (), {"height": TABLE_BOX_HEIGHT[box]}, children=[table])


def overview(stored_runs, values, lang: str) -> Overview | None:
    """The compare tab's top half for every stored run (newest first); None when nothing is stored yet.

    `values`: the page's session state. A run trained (or stored by anyone) since the last look joins the
    overlay and becomes the detailed run, so the run a student just trained is never missing."""
    if not stored_runs:
        return None
    labels = {run.config_hash: compare.run_label(run, lang) for run in stored_runs}
    image_hashes = [run.config_hash for run in compare.image_runs(stored_runs)]
    values[PICKED_KEY], newest = follow_new_runs(values.get(PICKED_KEY), values.get(KNOWN_KEY), list(labels))
    values[KNOWN_KEY] = list(labels)
    if newest in image_hashes:
        values[DETAIL_RUN_KEY] = newest
    head = [Element("subheader", (t("train.compare.table", lang),)),
            wrapping_table(compare.runs_table(stored_runs, lang), "runs"),
            Element("caption", (t("train.compare.table_caption", lang),)),
            Element("subheader", (t("train.compare.curves", lang),))]
    return Overview(head, labels, image_hashes)


def overlay(stored_runs, picked: list[str], lang: str) -> list[Element]:
    """The picked runs' curves in one figure, in the order they were picked (nothing when none is picked)."""
    if not picked:
        return []
    by_hash = {run.config_hash: run for run in stored_runs}
    figure = figures.curves_figure([(compare.run_label(by_hash[h], lang), by_hash[h].history) for h in picked], lang)
    return [Element("plotly_chart", (figure,), {"width": "stretch", "key": "train_overlay"})]


def _lecture_demo(model, dataset: str, normalize) -> list[int] | None:
    """Our predictions for the first four test images in the dataset's own order (None without one)."""
    try:
        split = data.load_dataset(dataset, "test")
    except data.DatasetUnavailable:
        return None  # the gallery below says what is missing
    if not samples.has_canonical_order(split):
        return None
    count = min(LECTURE_DEMO_COUNT, len(split))
    return predict_split(model, split.images, split.labels, normalize, indices=range(count)).predicted.tolist()


def _train_size(dataset: str) -> int | None:
    try:
        return len(data.load_dataset(dataset, "train"))
    except data.DatasetUnavailable:
        return None


_PREDICTIONS_KEEP = 16
_predictions: OrderedDict[tuple, tuple[object, object, Predictions]] = OrderedDict()
_predictions_lock = threading.Lock()


def predictions_on_test_split(model, dataset: str, normalize, limit: int = GALLERY_POOL) -> Predictions:
    """The model's predictions on the first `limit` test images in the picker's balanced order, computed once
    per loaded model and loaded split (the store and the data module hand out the same objects again; a run
    trained anew or a data folder that changed gives new ones). Raises data.DatasetUnavailable."""
    split = data.load_dataset(dataset, "test")
    key = (id(model), id(split.images), normalize, limit)
    with _predictions_lock:
        known = _predictions.get(key)
        if known is not None and known[0] is model and known[1] is split.images:
            _predictions.move_to_end(key)
            return known[2]
    found = predict_split(model, split.images, split.labels, normalize, indices=picker_order(split)[:limit])
    with _predictions_lock:
        _predictions[key] = (model, split.images, found)  # both kept: their ids stay their own
        while len(_predictions) > _PREDICTIONS_KEEP:
            _predictions.popitem(last=False)
    return found


def gallery(model, dataset: str, normalize, classes: list[str], lang: str) -> tuple[str, list[compare.Tile]]:
    """The gallery's caption (how many of the test images are wrong) and its tiles, mistakes first."""
    predictions = predictions_on_test_split(model, dataset, normalize)
    tiles = compare.gallery_tiles(predictions, data.load_dataset(dataset, "test").images, classes, lang,
                                  GALLERY_COUNT)
    return t("train.compare.gallery_caption", lang, wrong=int(predictions.wrong.sum()),
             total=len(predictions.truth)), tiles


def _sections(sections) -> list[Element]:
    """The lecture's texts, each with its table if it has one."""
    shown = []
    for text, table in sections:
        shown.append(Element("markdown", (text,)))
        if table is not None:
            shown.append(Element("dataframe", (table,), {"hide_index": True}))
    return shown


def details(store, stored_runs, chosen_hash: str, picked: list[str], lang: str) -> list[Element]:
    """The detail section of one stored image run, top to bottom: what the run is, per-class accuracy (`picked`
    runs on the same dataset join the bars), why its model cannot be used (if so), the lecture's printed numbers
    beside ours, the confusion matrix beside its reading, the CSV and the history, the prediction gallery."""
    by_hash = {run.config_hash: run for run in stored_runs}
    chosen = by_hash[chosen_hash]
    recipe = chosen.recipe
    classes = data.class_names(recipe.dataset, lang)
    same_dataset = [by_hash[h] for h in picked if h in by_hash and h != chosen_hash
                    and by_hash[h].recipe.dataset == recipe.dataset]
    bars = [(compare.run_label(run, lang), run.per_class_acc) for run in [chosen, *same_dataset]]
    model, problem = store.model_or_notice(chosen_hash)
    shown = [Element("caption", (t("train.compare.run_caption", lang, kind=compare.run_kind(recipe, lang),
                                   params=compare.parameters_text(recipe, lang),
                                   identity=compare.run_identity(chosen, lang)),)),
             Element("plotly_chart", (figures.per_class_figure(classes, bars, lang),),
                     {"width": "stretch", "key": "train_per_class"})]
    if problem is not None:
        shown.append(notice("warning", problem.text(lang), ":material/report:"))
    first_four = _lecture_demo(model, recipe.dataset, recipe.normalize) \
        if recipe.model == "cifar_lenet" and model is not None else None
    lecture = lecture_reference.beside(chosen, classes, lang, train_count=_train_size(recipe.dataset),
                                       first_four=first_four)
    if lecture.sections:
        shown.append(Element("expander", (t("train.lecture.title", lang),), {"expanded": True},
                             children=_sections(lecture.sections)))
    mistakes = [t("train.compare.mistake", lang, truth=truth, predicted=predicted, count=count)
                for truth, predicted, count in top_confusions(chosen.confusion, classes)]
    side = [Element("markdown", (text,)) for text in [t("train.compare.confusion_read", lang), *mistakes]]
    side += [Element("download_button", (t("train.compare.csv", lang), compare.history_csv(chosen)),
                     {"file_name": compare.csv_filename(chosen), "mime": "text/csv",
                      "icon": ":material/download:", "key": "train_csv"})]
    confusion = Element("plotly_chart", (figures.confusion_figure(chosen.confusion, classes, lang),),
                        {"width": "stretch", "key": "train_confusion"})
    # The epochs' table under the two columns, full width: beside the matrix its six columns scrolled sideways.
    shown += [Element("columns", ([3, 2],), children=[[confusion], side]),
              wrapping_table(compare.history_frame(chosen.history, lang), "history"),
              Element("subheader", (t("train.compare.gallery", lang),))]
    if model is None:
        return shown  # the warning above says why there is no gallery
    try:
        caption, tiles = gallery(model, recipe.dataset, recipe.normalize, classes, lang)
    except data.DatasetUnavailable as err:
        return [*shown, notice("warning", data.unavailable_message(err, lang), ":material/folder_off:")]
    return [*shown, Element("caption", (caption,)), *grid(tiles, GALLERY_COLUMNS, caption_below=True)]
