"""The Streamlit private-flag workaround (`ui.leave_pages_folder_mode`): why it exists, and that it still works.

With a `pages/` folder beside an entrypoint that calls st.navigation, Streamlit's process-wide flag
`PagesManager.uses_pages_directory` makes a direct link to a page run that page alone (no sidebar, no
language switch) until some script has called st.navigation. If a Streamlit upgrade removes that behaviour,
the first test fails and the workaround can go; if it moves the flag, the second one fails.
"""

import textwrap

import pytest
from streamlit.testing.v1 import AppTest

ENTRYPOINT = """
import streamlit as st
st.markdown("entrypoint ran")
st.navigation([st.Page("pages/home.py", url_path="home", default=True),
               st.Page("pages/lesson.py", url_path="lesson")]).run()
"""
PAGE = """
import streamlit as st
from explainer import ui
if {fix}:
    ui.leave_pages_folder_mode()
    ui.leave_pages_folder_mode()  # a second call finds the flag cleared and does nothing
st.markdown("page ran")
"""


def _open_page_directly(folder, fix: bool) -> list[str]:
    (folder / "pages").mkdir(exist_ok=True)
    (folder / "entry.py").write_text(textwrap.dedent(ENTRYPOINT))
    (folder / "pages" / "home.py").write_text("import streamlit as st\nst.markdown('home')\n")
    (folder / "pages" / "lesson.py").write_text(textwrap.dedent(PAGE.format(fix=fix)))
    at = AppTest.from_file(str(folder / "entry.py"), default_timeout=30)
    at.switch_page("pages/lesson.py")
    at.run()
    assert not at.exception
    return [m.value for m in at.markdown]


@pytest.mark.parametrize("fix", [False, True], ids=["streamlit-alone", "with-workaround"])
def test_a_direct_page_link_runs_through_the_entrypoint_only_with_the_workaround(tmp_path, fix):
    shown = _open_page_directly(tmp_path, fix)
    assert "page ran" in shown
    assert ("entrypoint ran" in shown) is fix, shown


def test_the_flag_the_workaround_clears_still_exists():
    from streamlit.runtime.pages_manager import PagesManager

    assert hasattr(PagesManager, "uses_pages_directory")
