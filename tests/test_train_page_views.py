"""The train page's view-models without Streamlit: the set-up tab's data and form, the compare tab's overview and
detail elements, the feature-maps tab's pictures and what the CNN makes of them (tiny generated data)."""

from __future__ import annotations

import io
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from PIL import Image

from explainer.data import datasets as data
from explainer.data import images, samples
from explainer.i18n import t
from explainer.inspection import feature_maps
from explainer.inspection import predictions as model_predictions
from explainer.training.recipes import RECIPES
from explainer.training.store import ResultStore
from explainer.views import compare, train_maps, train_runs, train_setup
from explainer.views import train as train_view
from tests.datagen import data_env, train_into, write_tiny_datasets


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A two-epoch MNIST CNN and a Fashion-MNIST MLP on tiny generated data, in a store of their own."""
    root = tmp_path_factory.mktemp("train-views")
    with pytest.MonkeyPatch.context() as patch, data_env(patch, write_tiny_datasets(root / "data")):
        store = ResultStore(root / "cache")
        cnn = train_into(store, RECIPES["mnist_cnn"].with_overrides(epochs=2, optimizer="adam", lr=0.005))
        mlp = train_into(store, RECIPES["fashion_mlp"].with_overrides(epochs=1))
        yield store, cnn, mlp


def _calls(elements) -> list[str]:
    return [element.call for element in elements]


def _texts(elements) -> str:
    """Every string an element tree shows (its positional arguments and captions), children included."""
    found = []
    for element in elements:
        found += [a for a in element.args if isinstance(a, str)] + [element.kwargs.get("caption") or ""]
        children = element.children
        for inside in (children if element.call == "columns" else [children]):
            found.append(_texts(inside))
    return "\n".join(found)


# -- the set-up tab -----------------------------------------------------------------------------------------


def test_train_data_has_a_sample_of_every_class_or_says_where_it_looked(trained, tmp_path, monkeypatch):
    shown = train_setup.train_data("fashion_mnist", "ko")
    split = data.load_dataset("fashion_mnist", "train")
    assert shown.count == len(split) and not shown.problems
    (expander,) = shown.samples
    assert expander.call == "expander" and expander.args == (
        t("train.samples", "ko", dataset=train_setup.dataset_labels("ko")["fashion_mnist"]),)
    (row,) = expander.children  # one row, one column per class
    assert row.call == "columns" and row.args == (10,)
    first_coat = int(np.flatnonzero(split.labels.numpy() == 4)[0])
    (picture,) = row.children[4]
    assert picture.kwargs["caption"] == data.class_names("fashion_mnist", "ko")[4]
    expected = feature_maps.enlarge(feature_maps.to_display(split.images[first_coat].numpy() / 255.0), 3)
    np.testing.assert_array_equal(picture.args[0], expected)
    with data_env(monkeypatch, tmp_path / "nothing"):
        missing = train_setup.train_data("mnist", "en")
    assert missing.count is None and not missing.samples
    assert _calls(missing.problems) == ["warning"] and "EXPLAINER_DATA_DIR" in missing.problems[0].args[0]


def test_choice_picker_offers_the_datasets_presets_or_its_models():
    preset = train_setup.choice_picker("cifar10", "preset", "en")
    assert preset.key == "train.preset.cifar10" and list(preset.labels) == ["cifar_lenet", "cifar_cnn"]
    assert preset.default == "cifar_lenet" and preset.labels["cifar_lenet"] == t("train.preset.cifar_lenet", "en")
    custom = train_setup.choice_picker("cifar10", "custom", "ko")
    assert custom.key == "train.custom_model.cifar10" and custom.default == "cifar_lenet"
    assert custom.labels == {m: compare.model_title(m, "ko") for m in compare.image_models_for("cifar10")}
    assert train_setup.mode_labels("ko") == {"preset": t("train.mode.preset", "ko"),
                                            "custom": t("train.mode.custom", "ko")}


def test_form_check_summarises_and_estimates_or_says_why_not():
    manager = SimpleNamespace(resolve_device=lambda _: "cpu", store=SimpleNamespace(list=lambda: []))
    values = {train_view.custom_key("fashion_mlp", "hidden"): "256,abc"}
    broken = train_setup.form_check(values, "fashion_mnist", "custom", "fashion_mlp", 777, manager, 60000, "CPU", "en")
    assert broken.recipe is None and _calls(broken.problems) == ["error"] and "abc" in broken.problems[0].args[0]
    ok = train_setup.form_check({}, "fashion_mnist", "preset", "fashion_mlp", 777, manager, 60000, "CPU", "en")
    assert ok.recipe == RECIPES["fashion_mlp"] and not ok.problems
    assert ok.summary[0].args[0] == train_view.summary_text(ok.recipe, "en")
    text, slow = train_view.estimate_text(ok.recipe, 60000, "cpu", "CPU", [], "en")
    assert ok.summary[1].call == ("warning" if slow else "caption") and ok.summary[1].args[0] == text
    without_data = train_setup.form_check({}, "mnist", "preset", "mnist_mlp", 777, manager, None, "CPU", "en")
    assert len(without_data.summary) == 1  # nothing to estimate from


def test_a_link_fills_the_form_once_and_the_address_follows_the_form(trained):
    store, cnn, _ = trained
    manager = SimpleNamespace(get=lambda key: SimpleNamespace(recipe=store.get(key).recipe)
                              if store.get(key) is not None else None)
    values = {}
    train_setup.follow_link(values, cnn.config_hash, manager)
    assert values["train.mode"] == "preset" and values["train.preset.mnist"] == "mnist_cnn"
    values["train.mode"] = "custom"  # the student changes the form: the same link does not undo it
    train_setup.follow_link(values, cnn.config_hash, manager)
    assert values["train.mode"] == "custom"
    train_setup.follow_link(values, "not-a-hash-at-all", SimpleNamespace(get=lambda key: None))
    assert values["train.linked"] == "not-a-hash-at-all" and values["train.mode"] == "custom"
    address = {"run": "old"}
    assert train_setup.link_to(values, address, "abc") == "abc" and address["run"] == "abc"


def test_refusals_and_the_live_views_elements():
    (box,) = train_view.refusal_elements(("train.refused", {}), "ko")
    assert box.call == "warning" and box.kwargs["icon"] == ":material/block:"
    assert train_view.refusal_elements(None, "ko") == []
    view = train_view.LiveView(state=train_view.JobState.RUNNING, captions=["c"], progress=(0.5, "half"),
                               show_cancel=True, messages=[train_view.Message("info", "m")])
    assert _calls(view.head()) == ["info", "progress"]
    tail = view.tail("en", ("manager", "key", "owner"))
    assert _calls(tail) == ["button", "caption"] and tail[0].kwargs["args"] == ("manager", "key", "owner")
    watched = train_view.LiveView(state=train_view.JobState.RUNNING)
    assert watched.tail("en", ()) == []  # no stop button for a watcher


# -- the compare tab -----------------------------------------------------------------------------------------


def test_overview_picks_new_runs_and_makes_the_newest_the_detailed_one(trained):
    store, cnn, mlp = trained
    runs = store.list()
    assert train_runs.overview([], {}, "en") is None
    values = {}
    board = train_runs.overview(runs, values, "ko")
    assert list(board.labels) == [run.config_hash for run in runs]
    assert values[train_runs.PICKED_KEY] == list(board.labels)[:3] and train_runs.DETAIL_RUN_KEY not in values
    assert _calls(board.head) == ["subheader", "table", "caption", "subheader"]
    values[train_runs.KNOWN_KEY] = [mlp.config_hash]  # the CNN appeared since the last look
    values[train_runs.PICKED_KEY] = [mlp.config_hash]
    train_runs.overview(runs, values, "ko")
    assert values[train_runs.PICKED_KEY] == [cnn.config_hash, mlp.config_hash]
    assert values[train_runs.DETAIL_RUN_KEY] == cnn.config_hash


def test_tables_wrap_and_long_ones_scroll_in_a_box():
    """The runs and history tables wrap their text (a data grid hid the runs' accuracy columns at 1400 px); past
    TABLE_ROWS_UNBOXED rows they scroll inside a box instead of pushing the rest of the tab down."""
    import pandas as pd

    short = pd.DataFrame({"epoch": range(1, train_runs.TABLE_ROWS_UNBOXED + 1)})
    long = pd.DataFrame({"epoch": range(1, train_runs.TABLE_ROWS_UNBOXED + 2)})
    assert train_runs.wrapping_table(short, "runs") == train_view.Element("table", (short,), {"hide_index": True})
    boxed = train_runs.wrapping_table(long, "history")
    assert boxed.call == "container" and boxed.kwargs == {"height": train_runs.TABLE_BOX_HEIGHT["history"]}
    assert _calls(boxed.children) == ["table"] and boxed.children[0].args[0] is long


def test_details_show_the_run_its_confusion_and_a_gallery_of_mistakes_first(trained):
    store, cnn, mlp = trained
    shown = train_runs.details(store, store.list(), cnn.config_hash, [mlp.config_hash, cnn.config_hash], "en")
    calls = _calls(shown)
    assert calls[:2] == ["caption", "plotly_chart"] and "warning" not in calls
    per_class = shown[1].args[0]
    assert len(per_class.data) == 1  # the MLP trained on another dataset: no bars of its own here
    columns = shown[calls.index("columns")]
    assert columns.args == ([3, 2],) and _calls(columns.children[0]) == ["plotly_chart"]
    side = columns.children[1]
    assert side[0].args[0] == t("train.compare.confusion_read", "en")
    assert _calls(side[-1:]) == ["download_button"] and side[-1].args[1] == compare.history_csv(cnn)
    history = shown[calls.index("columns") + 1]  # the epochs under the two columns, full width
    assert history.call == "table" and list(history.args[0].iloc[:, 0]) == [row["epoch"] for row in cnn.history]
    assert cnn.config_hash in shown[0].args[0]  # the caption names the run's hash and device
    model = store.load_model(cnn.config_hash)
    predictions = train_runs.predictions_on_test_split(model, "mnist", cnn.recipe.normalize)
    split = data.load_dataset("mnist", "test")
    order = samples.balanced_indices(split.images, split.labels)[:train_runs.GALLERY_POOL]
    np.testing.assert_array_equal(predictions.indices, order)
    assert train_runs.predictions_on_test_split(model, "mnist", cnn.recipe.normalize) is predictions  # kept, not redone
    caption = t("train.compare.gallery_caption", "en", wrong=int(predictions.wrong.sum()), total=len(order))
    assert caption in _texts(shown)
    rows = [e for e in shown[calls.index("subheader") + 2:] if e.call == "columns"]
    assert all(row.args == (train_runs.GALLERY_COLUMNS,) for row in rows)
    tiles = [cell for row in rows for cell in row.children]
    first = model_predictions.gallery(predictions, train_runs.GALLERY_COUNT)[0]
    expected = compare.picture(split.images, int(predictions.indices[first]))
    np.testing.assert_array_equal(tiles[0][0].args[0], expected)
    assert len(tiles) == min(train_runs.GALLERY_COUNT, len(order))


def test_details_say_why_without_a_model_or_test_data(trained, tmp_path, monkeypatch):
    store, cnn, _ = trained
    with data_env(monkeypatch, tmp_path / "nothing"):
        shown = train_runs.details(store, store.list(), cnn.config_hash, [], "ko")
    assert _calls(shown)[-1] == "warning" and "EXPLAINER_DATA_DIR" in shown[-1].args[0]
    gone = SimpleNamespace(model_or_notice=lambda key: (None, SimpleNamespace(text=lambda lang: f"gone {lang}")))
    without_model = train_runs.details(gone, store.list(), cnn.config_hash, [], "ko")
    assert "gone ko" in _texts(without_model) and _calls(without_model)[-1] == "subheader"  # no gallery


def test_the_lecture_demo_uses_the_datasets_own_first_four(trained):
    store, cnn, _ = trained
    model = store.load_model(cnn.config_hash)
    split = data.load_dataset("mnist", "test")
    if samples.has_canonical_order(split):
        expected = model_predictions.predict_split(model, split.images, split.labels, cnn.recipe.normalize,
                                                   indices=range(4)).predicted.tolist()
        assert train_runs._lecture_demo(model, "mnist", cnn.recipe.normalize) == expected


# -- the feature-maps tab -------------------------------------------------------------------------------------


def test_only_cnn_runs_have_feature_maps_and_grey_data_can_be_drawn(trained):
    store, cnn, mlp = trained
    runs = store.list()
    assert list(train_maps.cnn_run_labels(runs, "en")) == [cnn.config_hash]
    picker = train_maps.source_picker(runs, cnn.config_hash, "ko")
    assert picker.dataset == "mnist" and picker.key == "train.maps.source.mnist"
    assert list(picker.labels) == ["test", "upload", "draw", "sample"]
    colour = SimpleNamespace(config_hash="c", recipe=SimpleNamespace(dataset="cifar10"))
    assert "draw" not in train_maps.source_picker([colour], "c", "en").labels


def test_pictures_from_every_source(trained, tmp_path, monkeypatch):
    pixels, truth = images.dataset_image("mnist", 13)
    picture = train_maps.test_picture("mnist", 13, "en")
    np.testing.assert_array_equal(picture.pixels, pixels)
    assert picture.truth == truth and not picture.notes
    with data_env(monkeypatch, tmp_path / "nothing"):
        assert _calls(train_maps.test_picture("mnist", 0, "en").notes) == ["warning"]
    assert _calls(train_maps.uploaded_picture(None, "mnist", "en").notes) == ["info"]
    assert _calls(train_maps.uploaded_picture(b"not an image", "mnist", "en").notes) == ["error"]
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(buffer, format="PNG")
    uploaded = train_maps.uploaded_picture(buffer.getvalue(), "mnist", "en")
    assert uploaded.pixels.shape == (1, 28, 28) and not uploaded.notes
    waiting = train_maps.drawn_picture(None, False, "ko")
    assert waiting.pixels is None and _calls(waiting.notes) == ["warning", "info"]
    stroke = np.zeros((280, 280, 4), dtype=np.uint8)
    stroke[60:220, 130:150] = 255
    drawn = train_maps.drawn_picture(stroke, True, "ko")
    assert drawn.pixels.shape == (1, 28, 28) and not drawn.notes
    sample = train_maps.sample_picture("cifar10", "en")
    assert sample.pixels.shape == (3, 32, 32) and _calls(sample.notes) == ["caption"]


def test_inside_shows_the_cnns_prediction_maps_and_filters(trained):
    store, cnn, _ = trained
    picture = train_maps.test_picture("mnist", 0, "en")
    assert not train_maps.inside(store, store.list(), cnn.config_hash, train_maps.Picture(None), "en").shown
    shown = train_maps.inside(store, store.list(), cnn.config_hash, picture, "en")
    model = store.load_model(cnn.config_hash)
    x = feature_maps.model_input(picture.pixels, cnn.recipe.normalize)
    with torch.inference_mode():
        expected = int(model.eval()(x).argmax())
    classes = data.class_names("mnist", "en")
    (top,) = shown.top
    summary, (probabilities,) = top.children
    assert summary[1].args == (t("train.maps.prediction", "en"), classes[expected])
    assert t("train.maps.truth", "en", truth=classes[picture.truth]) in _texts(summary)
    assert probabilities.call == "plotly_chart"
    maps = shown.maps(True, "en")
    layers = [e for e in maps if e.call == "markdown"][:-1]
    assert len(layers) == len(feature_maps.conv_layers(model))
    weights = feature_maps.first_layer_filters(model)
    assert len(shown.filters) == weights.shape[0] and shown.filters[-1].caption == str(weights.shape[0])
    assert maps[-1].args[0] == shown.filters_caption
    gone = SimpleNamespace(model_or_notice=lambda key: (None, SimpleNamespace(text=lambda lang: "set aside")))
    unusable = train_maps.inside(gone, store.list(), cnn.config_hash, picture, "en")
    assert not unusable.shown and unusable.problems[0].args[0] == "set aside"
