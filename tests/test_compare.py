"""Comparing stored runs: presets and custom recipes, the runs table, CSV export, predictions, estimates."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from explainer.data import datasets as data
from explainer.i18n import t
from explainer.inspection import predictions as model_predictions
from explainer.training import estimate
from explainer.training.recipes import RECIPES, Recipe
from explainer.training.store import ResultStore
from explainer.views import compare
from tests.datagen import data_env, train_into, write_tiny_datasets


@pytest.fixture(scope="module")
def stored_runs(tmp_path_factory):
    """Three runs on tiny generated data: a shortened lecture preset, a custom MLP and a CNN."""
    root = tmp_path_factory.mktemp("compare")
    with pytest.MonkeyPatch.context() as patch, data_env(patch, write_tiny_datasets(root / "data")):
        store = ResultStore(root / "cache")
        runs = {
            "preset": train_into(store, compare.preset_recipe("fashion_mlp", epochs=2)),
            "custom": train_into(store, compare.custom_recipe(
                "fashion_mnist", "fashion_mlp", optimizer="adam", lr=0.003, batch_size=32, epochs=3, hidden="64, 32",
                dropout=0.1, seed=5)),
            "cnn": train_into(store, RECIPES["mnist_cnn"].with_overrides(epochs=2, optimizer="adam", lr=0.005)),
        }
        yield store, runs


def test_parse_hidden_accepts_lists_and_explains_mistakes():
    assert compare.parse_hidden("256,128") == (256, 128)
    assert compare.parse_hidden(" 64 ; 32 ,16 ") == (64, 32, 16)
    for text, key in (("", "train.err.hidden_empty"), ("256,abc", "train.err.hidden_number"),
                      ("-5", "train.err.hidden_number"), ("1.5", "train.err.hidden_number"),
                      ("0", "train.err.hidden_range"), ("99999", "train.err.hidden_range"),
                      ("1,1,1,1,1,1,1", "train.err.hidden_layers")):
        with pytest.raises(compare.InvalidSetting) as caught:
            compare.parse_hidden(text)
        assert caught.value.key == key
        ko, en = caught.value.message("ko"), caught.value.message("en")
        assert ko != en and key not in ko and key not in en


def test_custom_recipe_carries_the_form_and_rejects_bad_values():
    recipe = compare.custom_recipe("fashion_mnist", "fashion_mlp", optimizer="sgd_momentum", lr=0.05, momentum=0.8,
                                   batch_size=128, epochs=4, hidden="100", dropout=0.3, hflip=True, seed=9,
                                   train_subset=500)
    assert (recipe.hidden, recipe.dropout, recipe.momentum, recipe.hflip, recipe.train_subset) == \
        ((100,), 0.3, 0.8, True, 500)
    assert recipe.lecture_accuracy is None and not compare.is_lecture_run(recipe)
    cnn = compare.custom_recipe("mnist", "mnist_cnn", optimizer="adam", lr=1e-3, batch_size=64, epochs=1,
                                hidden="1,2", dropout=0.25)
    assert cnn.hidden is None and cnn.dropout == 0.25 and cnn.normalize == RECIPES["mnist_cnn"].normalize
    with pytest.raises(compare.InvalidSetting):
        compare.custom_recipe("cifar10", "fashion_mlp", optimizer="adam", lr=1e-3, batch_size=8, epochs=1)
    with pytest.raises(compare.InvalidSetting) as caught:
        compare.custom_recipe("mnist", "mnist_mlp", optimizer="adam", lr=0, batch_size=8, epochs=1)
    assert "lr" in caught.value.message("en")


def test_presets_and_their_changes():
    assert compare.presets_for("fashion_mnist") == ["fashion_mlp", "fashion_mlp_dropout"]
    assert compare.presets_for("cifar10") == ["cifar_lenet", "cifar_cnn"]
    assert compare.preset_recipe("mnist_cnn") is RECIPES["mnist_cnn"]
    assert compare.is_lecture_run(RECIPES["mnist_cnn"])
    short = compare.preset_recipe("mnist_cnn", epochs=3, train_subset=1000)
    assert compare.preset_changes(short) == {"epochs": 3, "train_subset": 1000}
    assert short.lecture_accuracy == 99.09 and not compare.is_lecture_run(short)
    assert "epochs=3" in compare.run_kind(short, "en")
    wider = RECIPES["fashion_mlp"].with_overrides(hidden=(64,))
    assert "hidden=64)" in compare.run_kind(wider, "en") and "(64,)" not in compare.run_kind(wider, "ko")
    assert "hidden=64-32" in compare.run_kind(RECIPES["fashion_mlp"].with_overrides(hidden=(64, 32)), "en")


def test_runs_table_lists_every_run_with_the_lectures_accuracy_for_presets(stored_runs):
    store, runs = stored_runs
    listed = store.list()
    for lang in ("ko", "en"):
        table = compare.runs_table(listed, lang)
        assert len(table) == 3
        assert set(table.index) == {run.config_hash for run in runs.values()}  # rows by hash, not shown
        row = table.loc[runs["preset"].config_hash]
        assert row[compare.t("train.col.lecture_acc", lang)] == "86.93"
        assert row[compare.t("train.col.test_acc", lang)] == f"{runs['preset'].test_acc:.2f}"  # as printed
        assert row[compare.t("train.col.epochs", lang)] == 2
        custom = table.loc[runs["custom"].config_hash]
        assert custom[compare.t("train.col.lecture_acc", lang)] == "–"  # a dash, not the literal None
        assert "64-32" in custom[compare.t("train.col.parameters", lang)]
        # The store keeps the trainer's English name ("CPU (1 thread)"); the details say it in the page's language.
        identity = compare.run_identity(runs["preset"], lang)
        assert runs["preset"].config_hash in identity
        if runs["preset"].device_name.startswith("CPU"):
            assert ("스레드" in identity) is (lang == "ko") and ("thread" in identity) is (lang == "en")
    assert list(compare.runs_table([], "en").columns) == list(table.columns)


def test_history_csv_round_trips(stored_runs):
    _, runs = stored_runs
    stored = runs["custom"]
    rows = list(csv.DictReader(io.StringIO(compare.history_csv(stored))))
    assert len(rows) == 3 == len(stored.history)
    for row, original in zip(rows, stored.history, strict=True):
        assert row["config_hash"] == stored.config_hash and row["model"] == "fashion_mlp"
        for key in compare.HISTORY_COLUMNS:
            assert float(row[key]) == pytest.approx(original[key])
    assert compare.csv_filename(stored).endswith(f"{stored.config_hash}.csv")
    frame = compare.history_frame(stored.history)
    assert list(frame.columns) == list(compare.HISTORY_COLUMNS) and len(frame) == 3
    korean = compare.history_frame(stored.history, "ko")
    assert list(korean.columns)[0] == "에포크" and korean.iloc[:, 4].tolist() == frame["test_acc"].tolist()


def test_the_live_history_table_is_markdown_with_rounded_numbers():
    history = [{"epoch": 1, "train_loss": 0.532187, "train_acc": 80.123, "test_loss": None, "test_acc": 86.9349,
                "elapsed_s": 12.345},
               {"epoch": 2, "train_loss": float("nan"), "train_acc": 88.0, "test_loss": 0.31, "test_acc": 88.98,
                "elapsed_s": 25.0}]
    lines = compare.history_markdown(history, "ko").splitlines()
    assert lines[0] == "| " + " | ".join(t(f"train.hist.{key}", "ko") for key in compare.HISTORY_COLUMNS) + " |"
    assert lines[0].startswith("| 에포크 |") and set(lines[1]) <= set("|-:")
    assert lines[2] == "| 1 | 0.5322 | 80.12 | – | 86.93 | 12.3 |"  # a missing test loss: a dash, not "None"
    assert lines[3] == "| 2 | – | 88.00 | 0.3100 | 88.98 | 25.0 |"  # NaN: a dash, not "nan"
    assert len(lines) == 2 + len(history)


def test_predictions_reproduce_the_trainers_confusion(stored_runs):
    store, runs = stored_runs
    for stored in (runs["cnn"], runs["custom"]):
        test = data.load_dataset(stored.recipe.dataset, "test")
        model = store.load_model(stored.config_hash)
        predictions = model_predictions.predict_split(model, test.images, test.labels, stored.recipe.normalize,
                                            limit=10_000, batch_size=16)
        confusion = np.zeros((10, 10), dtype=int)
        np.add.at(confusion, (predictions.truth, predictions.predicted), 1)
        np.testing.assert_array_equal(confusion, np.asarray(stored.confusion))
        assert 100 * (~predictions.wrong).mean() == pytest.approx(stored.test_acc)
    assert runs["cnn"].test_acc > 50, "the generated pattern is learnable: far above chance"


def test_gallery_puts_confident_mistakes_first():
    predictions = model_predictions.Predictions(np.arange(5), np.array([1, 2, 3, 0, 4]), np.array([1, 0, 3, 1, 0]),
                                      np.array([0.9, 0.6, 0.8, 0.95, 0.7]))
    assert model_predictions.gallery(predictions, 4) == [3, 4, 1, 0]


def test_confusion_helpers():
    confusion = [[8, 2, 0], [0, 0, 0], [1, 3, 6]]
    percent = model_predictions.confusion_percent(confusion)
    np.testing.assert_allclose(percent[0], [80, 20, 0])
    np.testing.assert_allclose(percent[1], [0, 0, 0])
    assert model_predictions.top_confusions(confusion, ["a", "b", "c"]) == [("c", "b", 3), ("a", "b", 2), ("c", "a", 1)]


def test_estimate_uses_this_devices_stored_runs(stored_runs):
    store, runs = stored_runs
    recipe = runs["cnn"].recipe.with_overrides(epochs=20)
    measured = estimate.estimate_seconds(recipe, 200, "cpu", store.list())
    rate, start_up, _ = estimate._measured_rate(runs["cnn"], 200)
    assert measured == pytest.approx(start_up + 20 * 200 * rate, rel=1e-6)
    assert measured > estimate.estimate_seconds(runs["cnn"].recipe, 200, "cpu", store.list())
    rough = estimate.estimate_seconds(RECIPES["fashion_mlp"], 60_000, "cpu", [])
    assert rough == pytest.approx(60_000 * 30 * estimate.CPU_SECONDS_PER_IMAGE["fashion_mlp"])
    assert estimate.estimate_seconds(RECIPES["fashion_mlp"], 60_000, "cuda", []) < rough
    assert compare.duration_text(3725, "en") == "1 h 2 min" and compare.duration_text(65, "ko") == "1분 5초"
    # A tiny run is not "0 s": tenths under ten seconds, never less than 0.1 s.
    assert compare.duration_text(0.3, "en") == "0.3 s" and compare.duration_text(0.01, "ko") == "0.1초"
    assert compare.duration_text(9.4, "en") == "9.4 s" and compare.duration_text(12.4, "en") == "12 s"


def test_labels_are_translated(stored_runs):
    _, runs = stored_runs
    recipe: Recipe = runs["preset"].recipe
    assert compare.parameters_text(recipe, "ko") != compare.parameters_text(recipe, "en")
    assert "SGD" in compare.parameters_text(recipe, "en") and "lr 0.01" in compare.parameters_text(recipe, "en")
    label = compare.run_label(runs["preset"], "en")
    assert "fashion_mlp" not in label and "Fashion MLP" in label  # titles, not internal ids
    assert label.endswith(f"p={recipe.dropout:g}")  # the dropout page's three runs differ only in p
    assert "fashion_mlp" not in compare.run_kind(recipe, "en")


def _timed_run(epochs: int, subset: int | None, elapsed: list[float], wall: float):
    from types import SimpleNamespace

    recipe = RECIPES["fashion_mlp"].with_overrides(epochs=epochs, train_subset=subset)
    history = [{"epoch": e + 1, "elapsed_s": t} for e, t in enumerate(elapsed)]
    return SimpleNamespace(recipe=recipe, history=history, wall_s=wall, metrics={"device": "cpu"})


def test_the_estimate_is_steady_and_leaves_start_up_out_of_the_rate():
    """A 1-epoch run on 1,000 images is mostly start-up; it must not turn a 30-epoch estimate into hours, and
    a run stored later must not swing the estimate of a recipe that a bigger run has measured already."""
    full = _timed_run(3, None, [6.0, 10.0, 14.0], 15.0)  # 4 s per epoch of 60,000 after a 2 s start
    short = _timed_run(1, 1000, [5.0], 5.0)
    lecture = RECIPES["fashion_mlp"]  # 30 epochs
    expected = 3.0 + 30 * 60_000 * (4.0 / 60_000)
    assert estimate.estimate_seconds(lecture, 60_000, "cpu", [full]) == pytest.approx(expected)
    assert estimate.estimate_seconds(lecture, 60_000, "cpu", [short, full]) == pytest.approx(expected)
    one_epoch = estimate.estimate_seconds(lecture.with_overrides(epochs=1), 60_000, "cpu", [full, short])
    assert one_epoch == pytest.approx(3.0 + 4.0)
    # before any run: the calibrated rate, one Fashion-MNIST MLP epoch in seconds, not minutes
    assert 2 < estimate.estimate_seconds(lecture.with_overrides(epochs=1), 60_000, "cpu", []) < 10


def test_class_samples_show_the_first_picture_of_each_class_and_skip_missing_classes():
    import torch

    from explainer.inspection.feature_maps import enlarge, to_display

    images = torch.arange(4 * 28 * 28, dtype=torch.int64).reshape(4, 1, 28, 28).remainder(256).to(torch.uint8)
    labels = torch.tensor([2, 0, 2, 0])
    tiles = compare.class_samples(images, labels, ["zero", "one", "two"])
    assert [tile and tile.caption for tile in tiles] == ["zero", None, "two"]
    assert np.array_equal(tiles[0].image, enlarge(to_display(images[1].numpy() / 255.0), 3))  # first "zero": 1
    assert np.array_equal(tiles[2].image, enlarge(to_display(images[0].numpy() / 255.0), 3))
    assert tiles[0].image.shape[:2] == (84, 84)


def test_gallery_tiles_put_confident_mistakes_first_in_red():
    import torch

    from explainer.i18n import t

    images = torch.randint(0, 256, (5, 1, 28, 28), generator=torch.Generator().manual_seed(0), dtype=torch.uint8)
    predictions = model_predictions.Predictions(indices=np.array([4, 3, 2, 1]), predicted=np.array([0, 1, 1, 0]),
                                      truth=np.array([0, 0, 1, 1]), confidence=np.array([0.9, 0.6, 0.7, 0.8]))
    tiles = compare.gallery_tiles(predictions, images, ["a", "b"], "en", count=3)
    assert [tile.caption for tile in tiles] == [
        t("train.compare.tile", "en", colour="red", mark="✗", predicted="a", truth="b", conf="80"),
        t("train.compare.tile", "en", colour="red", mark="✗", predicted="b", truth="a", conf="60"),
        t("train.compare.tile", "en", colour="green", mark="✓", predicted="a", truth="a", conf="90")]
    # A mistake is told by a mark as well as by red (a student who cannot tell red from green still sees it).
    assert [tile.caption.startswith(":red[✗") for tile in tiles] == [True, True, False]
    assert np.array_equal(tiles[0].image, compare.picture(images, 1))  # position 3 holds test image 1
