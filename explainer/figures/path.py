"""The class's answers to a predict-then-see question, as a small bar chart for the lecturer's screen.

Okabe-Ito colours (safe for colour-blind students), and the right answer marked three ways besides its colour: a
hatch pattern, a check mark in its label and the count written on every bar.
"""

from __future__ import annotations

import plotly.graph_objects as go

from explainer.figures import palette
from explainer.i18n import t

OTHER_COLOUR = palette.BLUE
RIGHT_COLOUR = palette.BLUISH_GREEN


def answers_figure(labels: list[str], counts: list[int], right: int, lang: str) -> go.Figure:
    """One bar per option, in the options' order; `right` is the index of the right answer."""
    names = [f"✓ {label}" if index == right else label for index, label in enumerate(labels)]
    figure = go.Figure(go.Bar(
        x=names, y=counts, text=[str(count) for count in counts], textposition="outside", cliponaxis=False,
        marker=dict(color=[RIGHT_COLOUR if index == right else OTHER_COLOUR for index in range(len(labels))],
                    pattern=dict(shape=["/" if index == right else "" for index in range(len(labels))])),
        hovertemplate="%{x}: %{y}<extra></extra>"))
    figure.update_layout(height=200, margin=dict(l=10, r=10, t=30, b=10), showlegend=False,
                         title=dict(text=t("predict.chart_title", lang), font=dict(size=13)),
                         yaxis=dict(visible=False, rangemode="tozero"))
    return figure
