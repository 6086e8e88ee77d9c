"""Every colour the figures use, in one place.

Categories (series, classes, roles) take Okabe & Ito's eight colours, which people with any common colour-vision
deficiency can still tell apart; each figure also tells them apart by a marker, a dash or a label. Greys are for
what carries no category (grid lines, dropped neurons, outlines). A signed value (a kernel's weights, P(y=1)
around 0.5) is drawn with cividis: dark blue through grey to yellow, its lightness rising from end to end, so
the sign still reads in a grey printout or on a washed-out projector, where red-white-blue maps do not.
"""

from __future__ import annotations

from plotly.colors import get_colorscale

# Okabe, M. & Ito, K. (2008), "Color Universal Design".
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
OKABE_ITO = (BLACK, ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW, BLUE, VERMILLION, REDDISH_PURPLE)

# The order series take them: the strongest first, yellow (faint on white) last.
CATEGORICAL = (BLUE, VERMILLION, BLUISH_GREEN, ORANGE, REDDISH_PURPLE, SKY_BLUE, BLACK, YELLOW)

# Roles: what is true/correct/kept, and what is false/wrong/stuck.
POSITIVE = BLUE
NEGATIVE = VERMILLION

WHITE = "#FFFFFF"
DARK_GREY = "#333333"
MID_GREY = "#777777"
LIGHT_GREY = "#C8C8C8"
TRANSPARENT = "rgba(0, 0, 0, 0)"
NEUTRALS = (WHITE, DARK_GREY, MID_GREY, LIGHT_GREY, TRANSPARENT)

# Text that warns (a figure's annotation): vermillion darkened to 5.6:1 on white (WCAG AA), same hue.
WARNING_TEXT = "#A04600"

# Signed values and probabilities: lightness rises monotonically from the low end to the high end.
SIGNED_SCALE_NAME = "Cividis"
SIGNED_SCALE = get_colorscale(SIGNED_SCALE_NAME)  # a list: plotly.js takes it as it is


def categorical(index: int) -> str:
    """The colour of the `index`-th series."""
    return CATEGORICAL[index % len(CATEGORICAL)]


def rgba(colour: str, alpha: float) -> str:
    """A palette colour (#RRGGBB) with transparency, for fills."""
    red, green, blue = (int(colour[start:start + 2], 16) for start in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"
