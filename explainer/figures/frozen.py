"""Figures that a page shows again and again without paying for plotly's copy each time.

st.plotly_chart turns a go.Figure into a dict with `figure.to_dict()`, which deep-copies every trace and frame:
on each rerun of the XOR page about 0.28 s of CPU for figures that did not change (the playback alone 0.12 s).
A frozen figure makes that dict once and hands out the same one afterwards; plotly.io.to_json only reads it.
"""

from __future__ import annotations

from functools import cache

import plotly.graph_objects as go


class FrozenFigure(go.Figure):
    """A go.Figure whose `to_dict()` is computed once. Do not change it after freezing: the dict would not follow."""

    _frozen_dict: dict | None = None

    def to_dict(self) -> dict:
        if self._frozen_dict is None:
            self._frozen_dict = super().to_dict()
        return self._frozen_dict


def freeze(figure: go.Figure) -> FrozenFigure:
    """`figure` itself, now frozen (no copy: copying a figure validates it all again)."""
    if not isinstance(figure, FrozenFigure):
        figure.__class__ = FrozenFigure
    return figure


@cache
def default_template() -> dict:
    """The layout template a validated figure carries (plotly's default), for plain dicts to carry the same."""
    return go.Figure().to_dict()["layout"]["template"]


def plain_figure(spec: dict) -> FrozenFigure:
    """A figure from a plain plotly dict, not validated and sent as it is.

    Validating the dropout page's network (about 40 traces and annotations) costs more than everything else on the
    page together; the builders here write only properties plotly knows, which the figure tests check by
    validating the same dict (`go.Figure(spec)`)."""
    spec["layout"].setdefault("template", default_template())
    figure = FrozenFigure(spec, _validate=False)
    figure._frozen_dict = spec
    return figure
