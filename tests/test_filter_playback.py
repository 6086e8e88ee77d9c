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
