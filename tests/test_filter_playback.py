"""The filter animation's step counter (explainer.views.filter_playback)."""

from explainer.views.filter_playback import Playback, on_page_run, on_tick


def test_a_single_position_has_no_range_to_slide_through():
    # stride 3 on the 5x5 grid, or a 3x3 input: a 1x1 output, one step, never playing
    assert on_page_run(0, 1, playing=True, was_playing=False) == Playback(0, False, single=True)
    assert on_page_run(4, 1, playing=False, was_playing=False).step == 0
    assert on_tick(0, 1) == Playback(0, False, single=True)


def test_play_pressed_at_the_last_position_restarts_from_the_first():
    assert on_page_run(8, 9, playing=True, was_playing=False) == Playback(0, True)
    # already playing (another control changed mid-play): the position is kept
    assert on_page_run(8, 9, playing=True, was_playing=True) == Playback(8, True)
    # play pressed elsewhere: continues from where the filter is
    assert on_page_run(3, 9, playing=True, was_playing=False) == Playback(3, True)
    assert on_page_run(8, 9, playing=False, was_playing=False) == Playback(8, False)


def test_a_step_beyond_a_smaller_output_starts_over():
    assert on_page_run(15, 9, playing=False, was_playing=False).step == 0
    assert on_page_run(-1, 9, playing=False, was_playing=False).step == 0


def test_ticks_walk_every_position_then_stop_on_the_last():
    state, seen = Playback(0, True), [0]
    while state.playing:
        state = on_tick(state.step, 4)
        seen.append(state.step)
    assert seen == [0, 1, 2, 3, 3] and state == Playback(3, False)


def test_the_session_playback_moves_only_on_a_timer_tick_and_stops_at_the_end():
    from explainer.views.filter_playback import PLAYING, STEP, SessionPlayback

    session = {STEP: 7, PLAYING: True}
    playback = SessionPlayback(session)
    assert playback.panel_run(9, playing=True).step == 7  # already at 7 and playing on: kept
    assert playback.player_run(9, playing=True) == (7, False)  # the panel's own run shows the position it chose
    assert playback.player_run(9, playing=True) == (8, False)  # a timer tick moves the filter on
    assert playback.player_run(9, playing=True) == (8, True) and session[PLAYING] is False  # the end: stop
    assert playback.player_run(9, playing=False) == (8, False)  # not playing: no tick


def test_the_session_playback_restarts_play_from_the_end_and_never_plays_one_position():
    from explainer.views.filter_playback import PLAYING, STEP, SessionPlayback

    session = {STEP: 8, PLAYING: True}
    playback = SessionPlayback(session)
    assert playback.panel_run(9, playing=True).step == 0 and session[STEP] == 0  # play pressed at the last position
    single = {STEP: 3, PLAYING: True}
    assert SessionPlayback(single).panel_run(1, playing=True).single and single == {
        STEP: 0, PLAYING: False, "conv.anim.was_playing": True, "conv.anim.fresh_run": True}
