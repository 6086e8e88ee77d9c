"""Every page opens in both languages without an exception and shows its title."""

import pytest

from explainer.chapters import PAGE_NAMES
from explainer.i18n import t
from tests.apptest_helpers import open_page


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_renders_in_language(name, lang):
    at = open_page(name, lang)
    assert not at.exception, [e.value for e in at.exception]
    title = t("app.title" if name == "home" else f"page.{name}", lang)
    assert title in [el.value for el in at.title]


def test_language_defaults_to_korean_and_is_kept_in_url():
    at = open_page("home", lang="ko")
    at2 = open_page("home", lang="en")
    assert at.session_state["lang"] == "ko"
    assert at2.session_state["lang"] == "en"
    assert at2.query_params["lang"] == ["en"] or at2.query_params["lang"] == "en"


def test_language_survives_page_switch():
    # (Changing the sidebar selectbox is also covered by a browser test; AppTest drops the entrypoint's
    # sidebar after a widget change in a st.navigation app.)
    at = open_page("home", lang="en")
    at.switch_page("pages/pooling.py").run()
    assert not at.exception
    assert t("page.pooling", "en") in [el.value for el in at.title]
    assert at.session_state["lang"] == "en"


def test_entrypoint_runs_when_a_page_is_opened_directly():
    """A direct link must still get the sidebar (language, seed) from the entrypoint."""
    at = open_page("xor", lang="en")
    assert not at.exception
    keys = {widget.key for widget in at.selectbox} | {widget.key for widget in at.number_input}
    assert "_widget_lang" in keys and "_widget_global_seed" in keys, keys
