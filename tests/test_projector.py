"""Projector mode: every figure drawn larger on a copy, the page's switch and ?present=1, its style and keys."""

import json

import plotly.graph_objects as go

from explainer.figures.present import MIN_FONT, for_projector
from tests.test_links import _address, _open


def _figure() -> dict:
    figure = go.Figure(go.Scatter(x=[0, 1], y=[1, 0], mode="lines+markers", marker={"size": 8}))
    figure.add_trace(go.Scatter(x=[0, 1], y=[0, 1], line={"width": 4, "dash": "dash"}))
    figure.update_layout(title={"text": "t", "font": {"size": 16}}, height=300,
                         annotations=[{"text": "a", "font": {"size": 10}, "x": 0, "y": 0}])
    return figure.to_dict()


def test_the_projector_draws_larger_type_and_thicker_lines_on_a_copy():
    original = _figure()
    before = json.dumps(original, sort_keys=True)
    shown = for_projector(original)
    assert json.dumps(original, sort_keys=True) == before, "a cached, shared figure is never changed"
    assert shown["layout"]["title"]["font"]["size"] == 24
    assert shown["layout"]["annotations"][0]["font"]["size"] == MIN_FONT
    assert shown["layout"]["font"]["size"] >= MIN_FONT and shown["layout"]["font"]["color"] == "#000000"
    assert shown["layout"]["xaxis"]["tickfont"]["size"] >= MIN_FONT
    assert shown["data"][0]["line"]["width"] == 4  # twice plotly's default 2, which a figure does not write
    assert shown["data"][1]["line"]["width"] == 8 and shown["data"][0]["marker"]["size"] > 8
    assert shown["layout"]["height"] > 300
    go.Figure(shown)  # still a valid figure


def _chart_font(at) -> float:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return spec["layout"].get("font", {}).get("size", 12)


def test_present_1_in_a_link_opens_the_projector_view_and_the_switch_leaves_it():
    at = _open("dropout", {"lang": "ko", "present": "1"})
    assert not at.exception
    assert at.toggle(key="_widget_present").value is True
    assert any("display: none" in html.proto.body for html in at.get("html")), "the projector style"
    assert _chart_font(at) >= 18
    at.button(key="present_leave").click().run()
    assert at.toggle(key="_widget_present").value is False and "present" not in _address(at)
    assert _chart_font(at) < 18


def test_the_pages_that_step_list_their_keys():
    at = _open("dropout", {"lang": "en"})
    keys = " ".join(block.markdown[0].value for block in at.get("popover") if block.markdown)
    for shortcut in ("Space", "→", "R", "P"):
        assert f"**{shortcut}**" in keys, keys
