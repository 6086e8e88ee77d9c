"""A button drawn once acts once per press: the dropout page's step moved two steps for one key press when a
timer's rerun overtook the click's run and Streamlit ran the step's callback again (explainer.ui.button_once)."""

from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import open_page


def _counter_app():
    import streamlit as st

    from explainer import ui

    st.session_state.setdefault("count", 0)

    def one_more() -> None:
        st.session_state["count"] += 1

    drawn_with = int(st.session_state.get(ui.PRESSES_PREFIX + "more", 0))
    ui.button_once(st, "more", key="more", on_press=one_more)
    if st.session_state.get("replay") is not None:  # the callback of an earlier drawing, called again
        ui._press_once("more", st.session_state.pop("replay"), one_more, ())
    st.session_state["drawn_with"] = drawn_with


def test_a_press_acts_once_even_when_its_callback_is_run_again():
    at = AppTest.from_function(_counter_app).run()
    at.button(key="more").click().run()
    assert at.session_state["count"] == 1
    at.session_state["replay"] = 0  # what the button drawn before the press carried
    at.run()
    assert at.session_state["count"] == 1, "the same press counted twice"
    at.button(key="more").click().run()  # a new press of the button as drawn now counts
    assert at.session_state["count"] == 2
    assert not at.exception


def test_the_dropout_step_and_a_stepped_slider_count_one_step_per_press():
    at = open_page("dropout", "en")
    at.button(key="step").click().run()
    at.button(key="step").click().run()
    assert at.session_state["dropout.step"] == 3
    from explainer.views.pooling import STEP

    pool = open_page("pooling", "en")
    before = int(pool.session_state[STEP])
    pool.button(key=f"{STEP}.next").click().run()
    assert int(pool.session_state[STEP]) == before + 1
    assert not at.exception and not pool.exception
