"""The step counter of the convolution page's filter animation, kept out of the page so it can be tested.

A step is one filter position (one output cell, row by row). The page calls `on_page_run` on every full run of
the script and `on_tick` on every timer tick of the playing animation.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Playback:
    step: int
    playing: bool
    # Only one filter position (a 1x1 output): nothing to slide through, so the page shows that step alone.
    single: bool = False


def on_page_run(step: int, total: int, playing: bool, was_playing: bool) -> Playback:
    """The step to show after a full run: a step beyond a smaller new output starts over at 0, and pressing
    play with the filter at its last position restarts from the first (playing from there would show nothing)."""
    if total <= 1:
        return Playback(0, False, single=True)
    step = step if 0 <= step < total else 0
    if playing and not was_playing and step == total - 1:
        step = 0
    return Playback(step, playing)


def on_tick(step: int, total: int) -> Playback:
    """One timer tick while playing: the next position, or stop on the last one."""
    if step + 1 >= total:
        return Playback(max(total - 1, 0), False, single=total <= 1)
    return Playback(step + 1, True)
