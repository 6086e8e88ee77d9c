"""Frozen figures: the dict st.plotly_chart sends is made once, and it is the figure's own."""

import base64
import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from explainer.figures.dropout import network_figure
from explainer.figures.frozen import FrozenFigure, freeze
from explainer.topics import dropout


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


@pytest.mark.parametrize("drop_input", [False, True])
def test_the_unvalidated_network_is_a_valid_figure_with_the_same_content(drop_input):
    sizes = dropout.DEFAULT_LAYER_SIZES
    masks = dropout.sample_masks(sizes, 0.5, 3, 777, drop_input=drop_input)
    sent = network_figure(sizes, masks, "ko", "title").to_dict()
    validated = go.Figure(sent)  # raises on any property plotly does not know
    assert _same_values(json.loads(pio.to_json(sent, validate=False)), json.loads(validated.to_json()))
    assert sent["layout"]["template"] == go.Figure().to_dict()["layout"]["template"]  # looks like a validated one
    dropped = [trace for trace in validated.data if trace.marker.symbol == "x-thin"]
    assert sum(len(trace.x) for trace in dropped) == sum(int((~m).sum()) for m in masks)


def _same_values(plain: dict, encoded: dict) -> bool:
    """Equal once plotly's base64 arrays ({'dtype', 'bdata'}) are read back as lists."""
    decoded = json.loads(json.dumps(encoded), object_hook=_decode_array)
    return json.loads(json.dumps(plain), object_hook=_decode_array) == decoded


def _decode_array(value: dict):
    if set(value) == {"dtype", "bdata"}:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    return value
