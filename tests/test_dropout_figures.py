"""Dropout figures and the accuracy experiment's texts and recipes, with synthetic histories."""

import numpy as np
import pytest

from explainer.figures import dropout as figures
from explainer.i18n import t
from explainer.topics import dropout
from explainer.training.recipes import RECIPES, config_hash
from explainer.views import dropout_effect

SIZES = (6, 8, 8, 4)


def _history(p: float, epochs: int = 4) -> list[dict]:
    return [{"epoch": e, "train_loss": 1 / e, "train_acc": 70 + 5 * e - 10 * p, "test_loss": 1.1 / e,
             "test_acc": 68 + 3 * e, "elapsed_s": e} for e in range(1, epochs + 1)]


# --- network figure -----------------------------------------------------------------------------------


def test_network_figure_greys_dropped_nodes_and_their_edges():
    masks = [np.ones(6, bool), np.array([1, 0, 1, 1, 0, 1, 1, 1], bool), np.ones(8, bool), np.ones(4, bool)]
    figure = figures.network_figure(SIZES, masks, "en", "thinned")
    dead_edges, live_edges = figure.data[0], figure.data[1]
    # Two dropped units in hidden 1, each with 6 incoming and 8 outgoing edges; every segment is 3 points.
    assert len(dead_edges.x) == 3 * 2 * (6 + 8)
    assert len(live_edges.x) == 3 * (6 * 8 + 8 * 8 + 8 * 4 - 2 * (6 + 8))
    hidden1 = next(tr for tr in figure.data if tr.name == t("dropout.layer.hidden", "en", index=1, n=8))
    colours = list(hidden1.marker.color)
    assert colours[1] == colours[4] == figures.DROPPED_COLOUR
    assert colours.count(figures.DROPPED_COLOUR) == 2
    crosses = [tr for tr in figure.data if tr.marker is not None and tr.marker.symbol == "x-thin"]
    assert len(crosses) == 1 and len(crosses[0].x) == 2


def test_standard_network_has_every_edge_and_no_cross():
    figure = figures.network_figure(SIZES, None, "ko", "standard")
    assert len(figure.data[0].x) == 0
    assert len(figure.data[1].x) == 3 * (6 * 8 + 8 * 8 + 8 * 4)
    assert not [tr for tr in figure.data if tr.marker is not None and tr.marker.symbol == "x-thin"]
    labels = [a.text for a in figure.layout.annotations]
    assert t("dropout.layer.input", "ko", n=6) in labels and t("dropout.layer.output", "ko", n=4) in labels


def test_mask_table_rows_follow_the_masks():
    masks = dropout.sample_masks(SIZES, 0.5, 2, 9)
    table = figures.mask_table(masks, SIZES, "en")
    assert table[t("dropout.mask.layer", "en")][0] == t("dropout.layer.input", "en", n=6)
    for unit in range(8):
        column = table[str(unit + 1)]
        assert column[1] == ("1" if masks[1][unit] else "0")
        assert column[3] == ("1" if unit < 4 else "")


def test_scaling_and_vector_tables_spell_out_the_numbers():
    table = figures.scaling_table(dropout.scaling_example(2.0, 0.5, samples=1000, seed=0), "en")
    inverted, classic = list(table.values())[1:]
    assert inverted[0] == "2 / 0.5 = 4" and inverted[-1] == "2"
    assert classic[0] == "2" and classic[-1] == "2 × 0.5 = 1"
    vector = figures.vector_table(dropout.vector_example([1, 2, 3, 4], 0.25, seed=3), "en")
    assert vector["x4"][0] == "4" and vector["x4"][-1] == "3"  # classic test: 4 x 0.75


def test_batch_mask_figure_shows_one_row_per_example():
    batch = dropout.batch_masks(8, 8, 0.5, 1, 1)
    figure = figures.batch_mask_figure(batch, "ko")
    assert np.array_equal(np.array(figure.data[0].z), batch.astype(int))
    assert len(figure.data[0].y) == 8


# --- accuracy curves ---------------------------------------------------------------------------------------


def test_accuracy_curves_have_train_and_test_per_p_and_lecture_lines():
    histories = {0.0: _history(0.0), 0.5: _history(0.5), 0.2: []}
    figure = figures.accuracy_curves_figure(histories, "en", {"lecture": 86.93})
    names = [trace.name for trace in figure.data]
    assert names == [t("dropout.curves.train", "en", p="0"), t("dropout.curves.test", "en", p="0"),
                     t("dropout.curves.train", "en", p="0.5"), t("dropout.curves.test", "en", p="0.5")]
    assert list(figure.data[2].y) == [row["train_acc"] for row in histories[0.5]]
    assert figure.data[0].line.dash == "dash" and figure.data[1].line.dash == "solid"
    assert figure.layout.shapes[0].y0 == pytest.approx(86.93)


# --- feature maps ---------------------------------------------------------------------------------------------


def test_feature_maps_figure_marks_switched_off_channels():
    maps = dropout.fixed_filter_maps(dropout.synthetic_image())
    result = dropout.channel_dropout(maps, 0.5, seed=4)
    figure = figures.feature_maps_figure(result, "en")
    grid = np.array(figure.data[0].z, dtype=float)
    assert np.nanmax(np.abs(grid)) == pytest.approx(1.0)
    raw = np.array(figure.data[0].customdata, dtype=float)
    assert np.nansum(np.abs(raw)) == pytest.approx(np.abs(result.maps).sum() + np.abs(result.dropout2d).sum()
                                                   + np.abs(result.dropout).sum(), rel=1e-5)
    off_labels = [a for a in figure.layout.annotations if a.text == t("dropout.maps.off", "en")]
    assert len(off_labels) == int((~result.channel_kept).sum()) > 0


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_feature_maps_summary_names_the_channels_dropout2d_switched_off(lang):
    """Its text summary said only "90x245 grid, values -1 to 1": it now says which maps are off, as the picture does."""
    from explainer.figures.summary import describe

    result = dropout.channel_dropout(dropout.fixed_filter_maps(dropout.synthetic_image()), 0.5, seed=4)
    names = [t(f"dropout.kernel.{name}", lang) for name in dropout.FEATURE_KERNELS]
    off = [name for name, kept in zip(names, result.channel_kept, strict=True) if not kept]
    text = describe(figures.feature_maps_figure(result, lang), lang)
    assert text.endswith(", ".join(off)) and off and t("dropout.maps.row.dropout2d", lang, p="0.5") in text
    none_off = dropout.channel_dropout(dropout.fixed_filter_maps(dropout.synthetic_image()), 0.0, seed=4)
    assert describe(figures.feature_maps_figure(none_off, lang), lang).endswith(t("a11y.summary.none", lang))


# --- the experiment's bookkeeping -------------------------------------------------------------------------


def test_effect_recipes_differ_only_in_dropout():
    recipes = dropout_effect.effect_recipes(seed=5)
    assert sorted(recipes) == [0.0, 0.2, 0.5]
    dicts = [{k: v for k, v in r.to_dict().items() if k not in ("name", "dropout")} for r in recipes.values()]
    assert dicts[0] == dicts[1] == dicts[2]
    assert dicts[0]["seed"] == 5 and dicts[0]["model"] == "fashion_mlp" and dicts[0]["dataset"] == "fashion_mnist"
    assert len({config_hash(r, "cpu") for r in recipes.values()}) == 3
    assert dropout_effect.lecture_accuracies() == (RECIPES["fashion_mlp"].lecture_accuracy,
                                                   RECIPES["fashion_mlp_dropout"].lecture_accuracy)


def test_final_gaps_are_train_minus_test_at_the_last_epoch():
    gaps = dropout_effect.final_gaps({0.0: _history(0.0), 0.5: _history(0.5), 0.2: []})
    assert gaps == {0.0: pytest.approx(90 - 80), 0.5: pytest.approx(85 - 80)}


def test_texts_name_the_settings_in_both_languages():
    for lang in ("ko", "en"):
        assert "5,000" in dropout_effect.short_run_text(lang) and "20" in dropout_effect.short_run_text(lang)
        caveat = dropout_effect.lecture_differences_text(lang)
        assert "30 → 50" in caveat and "2.05" in caveat


def test_training_code_compiles_and_uses_the_settings():
    code = dropout_effect.training_code(0.2, seed=9)
    compile(code, "<training code>", "exec")
    assert "nn.Dropout(0.2)" in code and "torch.manual_seed(9)" in code and "[:5000]" in code
    assert "model.train()" in code and "model.eval()" in code
