"""Figures of the train-and-compare page: the plotted values are the run's numbers, labels are translated."""

from __future__ import annotations

import numpy as np

from explainer.figures import train as figures
from explainer.i18n import t

HISTORY = [
    {"epoch": 1, "train_loss": 1.2, "train_acc": 60.0, "test_loss": 0.9, "test_acc": 70.0, "elapsed_s": 1.0},
    {"epoch": 2, "train_loss": 0.7, "train_acc": 75.0, "test_loss": 0.6, "test_acc": 80.0, "elapsed_s": 2.0},
]


def test_curves_plot_every_run_split_and_metric():
    other = [dict(row, test_acc=row["test_acc"] - 10) for row in HISTORY]
    figure = figures.curves_figure([("a", HISTORY), ("b", other)], "en", live=[(2.5, 0.5, 82.0), (2.9, 0.45, 84.0)])
    traces = figure.data
    assert len(traces) == 2 * 4 + 2
    by_name = {(trace.name, trace.xaxis): trace for trace in traces}
    test_acc_a = by_name[("a · test", "x2")]
    assert list(test_acc_a.y) == [70.0, 80.0] and list(test_acc_a.x) == [1, 2]
    assert list(by_name[("b · test", "x2")].y) == [60.0, 70.0]
    assert list(by_name[("a · train", "x")].y) == [1.2, 0.7]
    live = [trace for trace in traces if trace.name == t("train.fig.running", "en")]
    assert [list(trace.y) for trace in live] == [[0.5, 0.45], [82.0, 84.0]]
    ko = figures.curves_figure([("a", HISTORY)], "ko")
    assert ko.layout.annotations[0].text == t("train.fig.loss", "ko") != t("train.fig.loss", "en")


def test_confusion_heatmap_shows_row_percentages_and_counts():
    confusion = [[3, 1], [0, 4]]
    figure = figures.confusion_figure(confusion, ["x", "y"], "en")
    heat = figure.data[0]
    np.testing.assert_allclose(np.asarray(heat.z), [[75.0, 25.0], [0.0, 100.0]])
    np.testing.assert_array_equal(np.asarray(heat.text), confusion)
    assert figure.layout.xaxis.title.text == t("train.fig.predicted", "en")


def test_per_class_and_probability_bars():
    bars = figures.per_class_figure(["a", "b"], [("run 1", [90.0, 50.0]), ("run 2", [80.0, 60.0])], "ko")
    assert [list(trace.y) for trace in bars.data] == [[90.0, 50.0], [80.0, 60.0]]
    assert bars.layout.title.text == t("train.fig.per_class", "ko")
    probs = figures.probabilities_figure([0.1, 0.7, 0.2], ["a", "b", "c"], "en", truth=2)
    bar = probs.data[0]
    np.testing.assert_allclose(bar.x, [10.0, 70.0, 20.0])
    assert list(bar.y) == ["a", "b", "c ✓"]
    assert bar.marker.color[1] != bar.marker.color[0]


def test_the_accuracy_axis_shows_the_lecture_differences_not_the_last_digits_noise():
    from explainer.figures.train import accuracy_range, curves_figure

    assert accuracy_range([97.1, 98.9, 99.09]) == [90.0, 100.5]  # MNIST: 90-100, not 97.1-99.1
    assert accuracy_range([45.2, 56.0, 74.0]) == [40.0, 100.5]  # CIFAR-10: LeNet and the bigger CNN together
    assert accuracy_range([3.0, None]) == [0.0, 100.5] and accuracy_range([]) == [0.0, 100.0]
    history = [{"epoch": 1, "train_acc": 98.2, "test_acc": 98.6}, {"epoch": 2, "train_acc": 98.9, "test_acc": 99.0}]
    figure = curves_figure([("a", history)], "en")
    assert list(figure.layout.yaxis2.range) == [90.0, 100.5]
    legend = figure.layout.legend
    assert (legend.yref, legend.y, legend.yanchor) == ("container", 0, "bottom")  # below the axis titles
    assert figure.layout.margin.b > 24 * 1 + 40


def test_epoch_axes_are_ticked_at_whole_epochs_only():
    """A two-epoch run was ticked at 0.5 and 1.5 (epochs that do not exist); the step grows 1, 2, 5, 10, … so that
    a 200-epoch run still gets about ten ticks."""
    assert [figures.epoch_step(n) for n in (1, 2, 10, 11, 21, 51, 200, 250, 2000)] == [1, 1, 1, 2, 5, 10, 20, 50, 200]
    short = figures.curves_figure([("a", HISTORY)], "en")
    assert {(axis.tick0, axis.dtick) for axis in (short.layout.xaxis, short.layout.xaxis2)} == {(0, 1)}
    long = [dict(HISTORY[0], epoch=epoch) for epoch in range(1, 31)]
    assert figures.curves_figure([("a", long)], "en", live=[(30.5, 0.4, 90.0)]).layout.xaxis.dtick == 5
