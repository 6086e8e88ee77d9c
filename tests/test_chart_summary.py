"""A chart's text summary states the numbers the chart draws (explainer.figures.summary), in both languages."""

import numpy as np
import pytest

from explainer.figures import fundamentals, summary
from explainer.figures import train as train_figures
from explainer.i18n import t
from explainer.i18n.numbers import significant

HISTORY = [{"epoch": e, "train_loss": 0.69 / e ** 2, "test_loss": 0.7 / e, "train_acc": 50.0 + e, "test_acc": 49.0 + e}
           for e in range(1, 11)]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_line_chart_summary_gives_each_series_first_last_lowest_and_highest(lang):
    figure = train_figures.curves_figure([("run", HISTORY)], lang)
    text = summary.describe(figure, lang)
    line = next(trace for trace in figure.data if trace.name and trace.y is not None)
    y = np.asarray(line.y, dtype=float)
    epoch = t("train.fig.epoch", lang)  # the x axis's title names the x values, as it reads mid-sentence
    epoch = epoch[0].lower() + epoch[1:] if lang == "en" else epoch
    expected = t("a11y.summary.line", lang, name=line.name, first=significant(y[0]), x0=f"{epoch} {line.x[0]:,}",
                 last=significant(y[-1]), x1=f"{epoch} {line.x[-1]:,}", low=significant(y.min()),
                 high=significant(y.max()))
    assert expected in text
    assert significant(0.69 / 100) in text  # the train loss after 10 epochs, as drawn


def test_a_bar_chart_summary_lists_every_bar_with_its_value():
    figure = fundamentals.probability_figure(np.array([0.7, 0.2, 0.1]), 0, "en")  # the softmax page's bars
    text = summary.describe(figure, "en")
    bar = next(trace for trace in figure.data if trace.type == "bar")
    for label, value in zip(bar.x if bar.orientation != "h" else bar.y,
                            bar.y if bar.orientation != "h" else bar.x, strict=True):
        assert f"{label} {significant(float(value))}" in text


def test_a_grid_summary_gives_its_size_and_range_and_furniture_is_left_out():
    import plotly.graph_objects as go

    figure = go.Figure([go.Heatmap(z=[[-1.5, 0.0, 2.0], [0.5, 1.0, 3.25]], name="kernel"),
                        go.Scatter(x=[0], y=[0], mode="markers")], layout={"title": {"text": "K"}})
    text = summary.describe(figure, "en")
    assert text == t("a11y.summary", "en", title="K", body=t("a11y.summary.grid", "en", name="kernel", rows=2,
                                                                 cols=3, low="-1.5", high="3.25"))


def test_many_series_are_counted_not_listed():
    import plotly.graph_objects as go

    figure = go.Figure([go.Scatter(x=[0, 1], y=[i, i + 1], name=f"s{i}") for i in range(summary.MAX_SERIES + 2)])
    assert summary.describe(figure, "ko").endswith(t("a11y.summary.more", "ko", count=2))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_xor_playback_sent_as_plain_dicts_is_summarised_from_its_float32_curves(lang):
    """The XOR playback holds its loss curves as plotly.js typed arrays (base64 float32): the summary reads the
    same numbers as from the curves' own arrays (it raised on them when the two branches first met)."""
    from explainer.figures import xor as xor_figures
    from explainer.views import xor as xor_view

    mlp, single = xor_view.train_pair(xor_view.LECTURE)
    shown = xor_figures.at_frame(xor_figures.build_playback(mlp, single, lang))
    text = summary.describe(shown, lang)
    loss = np.asarray(xor_figures.loss_curve(mlp)[1], dtype=np.float32)
    assert significant(float(loss[-1])) in text and significant(float(loss[0])) in text
    assert summary.describe(shown.to_dict(), lang) == text  # the dict the page sends reads the same
    # The curves send no epochs (x0 = 0, dx = 1): the summary still names the first and the last epoch.
    epoch = t("xor.fig.epoch", lang).replace("Epoch", "epoch")  # mid-sentence
    assert f"{epoch} 0" in text and f"{epoch} {mlp.epochs:,}" in text


def test_a_line_without_x_counts_from_x0_in_steps_of_dx():
    import plotly.graph_objects as go

    figure = go.Figure(go.Scatter(x0=5, dx=2, y=[3.0, 1.0, 2.0], name="curve"))
    assert summary.describe(figure, "en") == summary.describe(go.Figure(go.Scatter(x=[5, 7, 9], y=[3.0, 1.0, 2.0],
                                                                                   name="curve")), "en")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_small_multiples_are_summarised_tile_by_tile(lang):
    """The XOR hidden units: each tile's title (the unit and the gate it acts like) with the range of its surface,
    not the same four XOR points ten times over."""
    from explainer.figures import xor as xor_figures
    from explainer.views import xor as xor_view
    from explainer.views.xor import LECTURE, Settings

    mlp, _ = xor_view.train_pair(Settings(LECTURE.hidden, LECTURE.width, LECTURE.activation, LECTURE.lr,
                                          LECTURE.epochs, 777))
    params = mlp.params_at(60)
    figure = xor_figures.hidden_units_figure(params, mlp.net, lang)
    text = summary.describe(figure, lang)
    patterns = xor_figures.unit_patterns(params[0])
    assert len(patterns) == LECTURE.width
    surfaces = xor_figures.unit_surfaces(params, mlp.net.activation)  # drawn as images: the summary says their range
    for unit, (pattern, z) in enumerate(zip(patterns, surfaces, strict=True), start=1):
        title = t("xor.units.title", lang, unit=unit, gate=xor_figures.gate_name(pattern, lang)).replace("<br>", ", ")
        grid = t("a11y.summary.grid", lang, name="", rows=41, cols=41, low=significant(z.min()),
                 high=significant(z.max())).removeprefix(": ")
        assert f"{title} ({grid})" in text
    assert t("xor.fig.points", lang) not in text


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_dropout_network_is_summarised_by_what_each_layer_keeps(lang):
    from explainer.figures import dropout as dropout_figures

    sizes = (6, 8, 8, 4)
    masks = [np.ones(6, bool), np.array([1, 0, 1, 0, 1, 1, 0, 0], bool), np.zeros(8, bool), np.ones(4, bool)]
    text = summary.describe(dropout_figures.network_figure(sizes, masks, lang, "net"), lang)
    names = dropout_figures.layer_names(sizes, lang)
    for name, mask in zip(names, masks, strict=True):
        assert t("dropout.summary.layer", lang, name=name, kept=int(mask.sum()), size=len(mask)) in text
    assert t("dropout.summary.layer", lang, name=names[1], kept=4, size=8) in text


def test_a_shared_figure_is_described_once_and_a_new_one_afresh(monkeypatch):
    """The views share a setting's figures between sessions; the summary is worked out once per figure object."""
    import plotly.graph_objects as go

    calls = []
    real = summary.describe
    monkeypatch.setattr(summary, "describe", lambda figure, lang: calls.append(lang) or real(figure, lang))
    shared = go.Figure(go.Scatter(x=[1, 2, 3], y=[3.0, 1.0, 2.0], name="loss"))
    first = summary.described(shared, "en")
    assert summary.described(shared, "en") == first == real(shared, "en") and calls == ["en"]
    assert summary.described(shared, "ko") == real(shared, "ko") and calls == ["en", "ko"]
    other = go.Figure(go.Scatter(x=[1, 2, 3], y=[5.0, 6.0, 7.0], name="loss"))  # a new object: described anew
    assert summary.described(other, "en") != first and calls == ["en", "ko", "en"]
    plain = shared.to_dict()  # plain dicts cannot be watched: described each time, the same text
    assert summary.described(plain, "en") == summary.described(plain, "en") == first and len(calls) == 5


def test_an_axis_title_reads_as_a_word_mid_sentence_and_an_acronym_keeps_its_capitals():
    import plotly.graph_objects as go

    curve = go.Scatter(x=[1, 2], y=[2.294, 0.5], name="loss")

    def read(axis_title, lang):
        return summary.describe(go.Figure(curve, layout={"xaxis": {"title": {"text": axis_title}}}), lang)

    assert "2.294 at epoch 1" in read("Epoch", "en")
    assert "2.294 at MSE 1" in read("MSE", "en")
    assert "2.294 at layer 1 " in read("Layer (1 = closest to the input)", "en")
    assert "층 1에서 2.294" in read("층 (1 = 입력에 가장 가까움)", "ko")
    assert "에포크 1에서 2.294" in read("에포크", "ko")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_series_in_one_of_several_panels_is_named_with_its_panel(lang):
    """The train curves draw "train" and "test" in the loss panel and again in the accuracy panel: the summary
    read "This run · train: 1 at epoch 1 ..." twice, once for each, without saying which was which."""
    figure = train_figures.curves_figure([("run", HISTORY)], lang)
    text = summary.describe(figure, lang)
    for panel in (t("train.fig.loss", lang), t("train.fig.accuracy", lang)):
        assert text.count(t("a11y.summary.in_panel", lang, panel=panel, series="")) == 2, text
    untitled = train_figures.curves_figure([("run", HISTORY)], lang)
    untitled.layout.annotations = ()
    assert not summary.describe(untitled, lang).startswith(t("train.fig.loss", lang)), "no panel titles: no prefix"
