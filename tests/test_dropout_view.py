"""The dropout page's texts (explainer.views.dropout): keys that exist and the library's numbers in them."""

import numpy as np

from explainer.i18n import CATALOGUE, t
from explainer.topics import dropout
from explainer.views import dropout as view

SIZES = dropout.DEFAULT_LAYER_SIZES


def test_mask_counts_follow_the_sampled_masks():
    masks = dropout.sample_masks(SIZES, 0.5, 3, 777)
    counts = view.mask_counts(masks, SIZES, 0.5, 3, 777, drop_input=False)
    count = dropout.kept_count(masks, SIZES, 0.5)
    assert counts.kept == ("dropout.kept_value", {"kept": count.kept, "total": count.droppable})
    assert len(counts.history) == 3 and counts.average == np.mean(counts.history)
    assert counts.mean_label == ("dropout.mean_metric", {"first": 1, "step": 3}) and counts.caption[1]["keep"] == "0.5"
    first_batch = view.mask_counts(dropout.sample_masks(SIZES, 0.5, 1, 777), SIZES, 0.5, 1, 777, drop_input=False)
    assert first_batch.mean_label == ("dropout.mean_metric_one", {"step": 1})
    for key, values in (counts.kept, counts.mean_label, counts.expected, counts.caption):
        assert key in CATALOGUE and "{" not in t(key, "ko", **values) + t(key, "en", **values)


def test_scaling_vector_and_channel_texts():
    example = dropout.scaling_example(2.0, 0.2, samples=1000, seed=1)
    key, values = view.scaling_check(example, 0.2)
    assert values["keep"] == "0.8" and values["inv_eval"] == "2"
    vector = dropout.vector_example([1.0, 2.0, 3.0, 4.0], 0.2, 1)
    key2, values2 = view.vector_caption(vector, 0.2, 1)
    assert values2["eval_sum"] == "10" and values2["test_sum"] == "8"
    image, source = view.maps_image(1, "en")  # tests have no data: the drawn picture
    channels = dropout.channel_dropout(dropout.fixed_filter_maps(image), 0.5, 7)
    key3, values3 = view.maps_caption(channels, 0.5, 1)
    assert values3["scale"] == "2" and values3["off"] == int((~channels.channel_kept).sum())
    assert view.gap_text({0.0: 3.25, 0.5: -1.0})[1]["gaps"] == "p=0: +3.2%p, p=0.5: -1.0%p"
    for key_, values_ in ((key, values), (key2, values2), (key3, values3), source):
        assert "{" not in t(key_, "ko", **values_)


def test_masks_panel_shows_the_masks_of_its_batch_in_finished_sentences():
    panel = view.masks_panel(0.3, True, 4, 11, "en")
    masks = dropout.sample_masks(SIZES, 0.3, 4, 11, drop_input=True)
    count = dropout.kept_count(masks, SIZES, 0.3, drop_input=True)
    assert panel.kept == t("dropout.kept_value", "en", kept=count.kept, total=count.droppable)
    assert panel.batch_label == t("dropout.batch_label", "en", step=4)
    assert panel.mean_label == t("dropout.mean_metric", "en", first=1, step=4) and len(panel.history) == 4
    dropped_marks = [trace for trace in panel.thinned.data if trace.marker.symbol == "x-thin"]
    assert sum(len(trace.x) for trace in dropped_marks) == sum(int((~m).sum()) for m in masks)
    assert not [trace for trace in panel.standard.data if trace.marker.symbol == "x-thin"]
    assert panel.standard is view.masks_panel(0.7, False, 1, 5, "en").standard  # built once per language
    assert view.masks_panel(0.3, True, 1, 11, "ko").history is None  # one batch: no bar chart
    assert panel.code == dropout.masks_code(0.3, 11, SIZES[1], lang="en")


def test_scaling_and_maps_panels_are_the_library_numbers_translated():
    scaling = view.scaling_panel(2.0, 0.2, 1, "ko")
    example = dropout.scaling_example(2.0, 0.2, samples=10_000, seed=1)
    key, values = view.scaling_check(example, 0.2)
    assert scaling.check == t(key, "ko", **values)
    vector = dropout.vector_example(list(view.VECTOR), 0.2, 1)
    assert scaling.vector_caption == t("dropout.vector.caption", "ko", **view.vector_caption(vector, 0.2, 1)[1])
    maps = view.maps_panel(0.5, 7, 2, "en")
    assert maps.source == t("dropout.maps.source.synthetic", "en")  # tests have no data
    assert "{" not in maps.caption and "7002" in maps.code  # the mask's seed: seed * 1000 + draw
    assert view.terms(0.3, "en")[1] == t("dropout.terms.body", "en", keep="0.7")
    lecture = view.lecture_metrics("en")
    assert [m.value for m in lecture] == ["86.93%", "88.98%"] and lecture[1].delta == "+2.05%p"


def test_a_setting_is_built_once_and_shared_by_every_session_that_shows_it():
    """A class following its lecturer shows one view in ten or forty sessions at once: the panels are built once."""
    assert view.masks_panel(0.35, False, 4, 3, "ko") is view.masks_panel(0.35, False, 4, 3, "ko")
    assert view.masks_panel(0.35, False, 5, 3, "ko") is not view.masks_panel(0.35, False, 4, 3, "ko")
    assert view.scaling_panel(1.5, 0.35, 3, "en") is view.scaling_panel(1.5, 0.35, 3, "en")
    assert view.maps_panel(0.35, 3, 2, "en") is view.maps_panel(0.35, 3, 2, "en")
    histories = {0.0: [{"epoch": 1, "train_acc": 80.0, "test_acc": 79.0, "loss": 0.6}],
                 0.3: [{"epoch": 1, "train_acc": 78.0, "test_acc": 79.5, "loss": 0.7}]}
    curves = view.accuracy_curves(histories, "en")
    assert view.accuracy_curves({p: [dict(row) for row in rows] for p, rows in histories.items()}, "en") is curves
    histories[0.3].append({"epoch": 2, "train_acc": 81.0, "test_acc": 82.0, "loss": 0.5})  # the run trained on
    grown = view.accuracy_curves(histories, "en")
    assert grown is not curves and [list(trace.y) for trace in grown.data][-1] == [79.5, 82.0]


def test_the_feature_maps_panel_follows_its_picture_not_only_its_draw(monkeypatch):
    """Cached by the picture itself: a dataset that appears (or changes) is shown at once, with its caption."""
    synthetic = view.maps_panel(0.5, 7, 3, "en")
    picture = np.zeros((28, 28), dtype=np.float32)
    picture[10:18, 10:18] = 1.0
    monkeypatch.setattr(dropout, "fashion_image", lambda index: (picture, 0))
    from_data = view.maps_panel(0.5, 7, 3, "en")
    assert from_data is not synthetic and from_data.source != synthetic.source
    assert not np.array_equal(from_data.figure.data[0].z, synthetic.figure.data[0].z)
