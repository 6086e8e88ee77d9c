"""Frozen figures: the dict st.plotly_chart sends is made once, and it is the figure's own."""

import plotly.graph_objects as go
import plotly.io as pio

from explainer.figures.frozen import FrozenFigure, freeze


def small_figure() -> go.Figure:
    figure = go.Figure(go.Scatter(x=[0, 1, 2], y=[3, 1, 2], name="loss"))
    figure.update_layout(title="t", height=300)
    return figure


def test_a_frozen_figure_sends_what_the_figure_would():
    plain, frozen = small_figure(), freeze(small_figure())
    assert frozen.to_dict() == plain.to_dict()
    assert pio.to_json(frozen.to_dict(), validate=False) == pio.to_json(plain.to_dict(), validate=False)


def test_freezing_copies_nothing_and_the_dict_is_made_once():
    figure = small_figure()
    frozen = freeze(figure)
    assert frozen is figure and isinstance(frozen, FrozenFigure)
    assert frozen.to_dict() is frozen.to_dict()  # plotly's own to_dict deep-copies on every call
    assert freeze(frozen) is frozen
    assert frozen.data[0].name == "loss"  # still a figure the tests can read
