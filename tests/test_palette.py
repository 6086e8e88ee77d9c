"""The figures' colours: Okabe-Ito for categories, neutral greys, and a signed scale that reads in grey; no
figure module spells a colour of its own."""

import re
from pathlib import Path

from plotly.colors import hex_to_rgb

from explainer.figures import fundamentals, palette
from explainer.figures import train as train_figures

FIGURES = Path(palette.__file__).parent
# A colour written out in a figure module: hex, rgb()/rgba(), a CSS colour name, plotly's named palettes and
# red-blue maps (they lose the sign in grey and confuse red with green).
COLOUR_LITERAL = re.compile(r"""#[0-9a-fA-F]{3,8}\b|(?<!palette\.)\brgba?\(|["'](white|black|red|green|blue|orange|"""
                            r"""purple)["']|qualitative\.|RdBu|Picnic|Portland|Jet|Rainbow""")


def test_the_categorical_colours_are_okabe_ito():
    assert palette.OKABE_ITO == ("#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
                                 "#CC79A7")
    assert sorted(palette.CATEGORICAL) == sorted(palette.OKABE_ITO)
    assert [palette.categorical(i) for i in range(9)][8] == palette.CATEGORICAL[0]


def test_no_figure_module_spells_a_colour_of_its_own():
    """Every colour comes from explainer.figures.palette (a colour-blind-safe palette, one place to change it)."""
    for module in sorted(FIGURES.glob("*.py")):
        if module.name == "palette.py":
            continue
        for number, line in enumerate(module.read_text().splitlines(), 1):
            code = line.split("#", 1)[0] if not re.search(r"['\"]#", line) else line
            assert not COLOUR_LITERAL.search(code), f"{module.name}:{number}: {line.strip()}"


def _allowed(colour: str) -> bool:
    if colour in palette.OKABE_ITO or colour in palette.NEUTRALS:
        return True
    found = re.fullmatch(r"rgba\((\d+), (\d+), (\d+), [\d.]+\)", colour)
    return bool(found) and any(tuple(map(int, found.groups())) == hex_to_rgb(c)
                               for c in (*palette.OKABE_ITO, *palette.NEUTRALS[:-1]))


def _trace_colours(figure) -> list[str]:
    colours = []
    for trace in figure.data:
        for part in ("line", "marker"):
            colour = getattr(getattr(trace, part, None), "color", None)
            colours += [c for c in (colour if isinstance(colour, tuple | list) else [colour]) if isinstance(c, str)]
    return colours


def test_every_series_colour_drawn_comes_from_the_palette():
    figures = [fundamentals.activation_figure(list(fundamentals.COLOURS), 0.5, "en"),
               train_figures.curves_figure([(f"run {i}", [{"epoch": 1, "train_loss": 1.0, "test_loss": 1.1,
                                                           "train_acc": 50.0, "test_acc": 49.0}]) for i in range(9)],
                                           "en")]
    colours = [colour for figure in figures for colour in _trace_colours(figure)]
    assert len(set(colours)) >= 8
    assert [c for c in colours if not _allowed(c)] == []


def _luminance(colour: str) -> float:
    """WCAG relative luminance of #RRGGBB (what a greyscale printout keeps)."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    red, green, blue = hex_to_rgb(colour)
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def test_the_signed_scale_gets_lighter_from_end_to_end_so_the_sign_reads_in_grey():
    lightness = [_luminance(colour) for _, colour in palette.SIGNED_SCALE]
    assert all(a < b for a, b in zip(lightness, lightness[1:], strict=False)), lightness
    assert lightness[-1] / lightness[0] > 10  # the two signs far apart, not two equally dark ends as in RdBu


def test_warning_text_meets_wcag_aa_contrast_on_white():
    assert (1.05) / (_luminance(palette.WARNING_TEXT) + 0.05) >= 4.5
