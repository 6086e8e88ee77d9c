"""No slider or number input can crash a page: every one of them, on every page, driven to its minimum and its
maximum, alone and together with the controls that shrink each other's ranges (input size, kernel, stride,
padding, pool size). After each run every slider must still have a real range (min < max), since Streamlit
refuses to draw a slider whose minimum equals its maximum.
"""

from __future__ import annotations

import itertools

import pytest

from explainer.i18n import t as translate
from explainer.lecture.chapters import PAGE_NAMES
from tests.apptest_helpers import open_page

# Words in a widget key that mark a control shrinking another's range: these are also swept together.
SHRINKING = ("size", "kernel", "stride", "padding", "pool", "side")
KINDS = ("slider", "number_input", "select_slider")
# Choices made before the page opens that reveal more controls (a dataset picture's index, a custom training
# run); only the controls they reveal are swept again.
# The convolution page builds only its open tab: each tab is a variant of its own.
CONV_TABS = {name: {"conv.tab": translate(f"conv.tab.{name}", "en")} for name in ("animation", "images", "channels",
                                                                                  "network")}
VARIANTS: dict[str, list[dict]] = {
    "convolution": [{}, *CONV_TABS.values(), {**CONV_TABS["images"], "picture.source": "mnist"}],
    "train_compare": [{}, {"train.mode": "custom", "train.custom_optimizer": "sgd_momentum"}],
}


def widgets(at):
    """(kind, key, low, high) of every keyed slider / number input / select slider on the page now."""
    found = []
    for kind in KINDS:
        for element in getattr(at, kind):
            if not element.key or element.disabled:  # a browser user cannot move a disabled one
                continue
            if kind == "select_slider":
                options = list(element.options)
                low, high = options[0], options[-1]
            else:
                low, high = element.min, element.max
            if isinstance(element.value, (tuple, list)):
                low, high = (low, low), (high, high)
            found.append((kind, element.key, low, high))
    return found


def check(at, what: str) -> None:
    assert not at.exception, (what, [e.value for e in at.exception])
    for element in at.slider:
        assert element.min < element.max, (what, element.key, element.min, element.max)
    for element in at.number_input:
        if element.min is not None and element.max is not None:
            assert element.min <= element.max, (what, element.key, element.min, element.max)


def set_value(at, kind: str, key: str, value) -> bool:
    """Set the widget if it is on the page (another setting may have hidden it); True if it was."""
    matches = [element for element in getattr(at, kind) if element.key == key and not element.disabled]
    if not matches:
        return False
    value = type(matches[0].value)(value) if not isinstance(value, (tuple, list)) else value
    matches[0].set_value(value)
    return True


def shrinking_groups(found):
    """Range-shrinking widgets grouped by the section they belong to (their key without its last part)."""
    groups: dict[str, list] = {}
    for kind, key, low, high in found:
        store_key = key.removeprefix("_widget_")
        if any(word in store_key.rsplit(".", 1)[-1] for word in SHRINKING):
            groups.setdefault(store_key.rsplit(".", 1)[0], []).append((kind, key, low, high))
    return groups


def sweep(name: str, choices: dict, swept: set[str]) -> None:
    """Sweep the page opened with `choices`; `swept`: widget keys already swept in another variant (skipped,
    and extended with the ones swept here)."""
    at = open_page(name, "en", timeout=120, session_state=choices)
    check(at, f"{name}: opened")
    found = [widget for widget in widgets(at) if widget[1] not in swept]
    defaults = {key: value for kind, key, *_ in found
                for value in [next(e.value for e in getattr(at, kind) if e.key == key)]}
    swept.update(defaults)
    # Where controls shrink each other's ranges: everything at its minimum at once, then at its maximum.
    for end in (2, 3) if shrinking_groups(found) else ():
        for widget in found:
            set_value(at, widget[0], widget[1], widget[end])
        at.run()
        check(at, f"{name}: all at {'min' if end == 2 else 'max'}")
    for kind, key, *_ in found:
        set_value(at, kind, key, defaults[key])
    at.run()
    # Each control alone, to both ends, back to its default afterwards.
    for kind, key, low, high in found:
        for value in (low, high):
            if set_value(at, kind, key, value):
                at.run()
                check(at, f"{name}: {key} = {value}")
        if set_value(at, kind, key, defaults[key]):
            at.run()
    # The controls that shrink each other's ranges, every min/max combination within their section; a
    # widget hidden by the others' values is skipped.
    for group in shrinking_groups(found).values():
        if len(group) < 2:
            continue
        for ends in itertools.product((0, 1), repeat=len(group)):
            for (kind, key, low, high), end in zip(group, ends, strict=True):
                set_value(at, kind, key, (low, high)[end])
            at.run()
            check(at, f"{name}: {[key for _, key, *_ in group]} at ends {ends}")
            # Some ranges only shrink once the first run has applied the others: run again at the same ends.
            for (kind, key, low, high), end in zip(group, ends, strict=True):
                set_value(at, kind, key, (low, high)[end])
            at.run()
            check(at, f"{name}: second run {ends}")
        for kind, key, *_ in group:
            set_value(at, kind, key, defaults[key])
        at.run()


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_slider_and_number_input_at_both_ends(name):
    # About 90 s for all pages on an idle 2-core machine (the XOR page's trainings are most of it).
    swept: set[str] = set()
    for choices in VARIANTS.get(name, [{}]):
        sweep(name, choices, swept)
