"""The one place the app leans on Streamlit's internals: changing a running fragment's polling interval.

If a Streamlit upgrade moves what `ui.set_fragment_interval` relies on, the live panels would silently keep
their first interval (slower, still correct); this test makes that loud instead.
"""

from streamlit.testing.v1 import AppTest

SCRIPT = """
import streamlit as st
from explainer import ui

st.markdown(f"outside: {ui.set_fragment_interval(2.0)}")

@st.fragment(run_every=1.0)
def panel():
    st.markdown(f"inside: {ui.set_fragment_interval(4.0)} {ui.set_fragment_interval(None)}")

panel()
"""


def test_a_fragment_can_change_and_stop_its_own_polling():
    at = AppTest.from_string(SCRIPT, default_timeout=30).run()
    assert not at.exception
    shown = [m.value for m in at.markdown]
    assert "outside: False" in " ".join(shown)  # outside a fragment there is nothing to change
    assert "inside: True True" in " ".join(shown), shown
