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


# The convolution page's session keys of the playback.
STEP, PLAYING, WAS_PLAYING, FRESH_RUN = ("conv.anim.step", "conv.anim.playing", "conv.anim.was_playing",
                                         "conv.anim.fresh_run")


class SessionPlayback:
    """The playback kept in a session mapping (Streamlit's session state; a dict in tests).

    Two runs share it: the panel's run (`panel_run`: a control changed, the page opened) and the player's own run
    (`player_run`), which is also what the timer repeats while playing. Only a timer tick moves the filter on: the
    panel's run marks itself, so the player run it contains keeps the position the panel chose.
    """

    def __init__(self, session) -> None:
        self.session = session

    def panel_run(self, positions: int, playing: bool) -> Playback:
        session = self.session
        run = on_page_run(session.get(STEP, 0), positions, playing, session.get(WAS_PLAYING, False))
        session[STEP] = run.step
        session[WAS_PLAYING] = playing
        session[FRESH_RUN] = True
        if run.single:
            session[PLAYING] = False
        return run

    def player_run(self, positions: int, playing: bool) -> tuple[int, bool]:
        """(the step to show, whether playing stopped at the last position just now: the page must rerun so that
        the play switch shows it)."""
        session = self.session
        fresh = session.pop(FRESH_RUN, False)
        if playing and not fresh:
            tick = on_tick(session.get(STEP, 0), positions)
            session[STEP] = tick.step
            if not tick.playing:
                session[PLAYING] = False
                return tick.step, True
        return session.get(STEP, 0), False
