"""The sidebar's accessibility controls in AppTest: the text size reaches the page's style, in both languages."""

import pytest

from explainer import ui
from explainer.i18n import t
from tests.apptest_helpers import open_page


def page_style(at) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_text_size_control_scales_the_page(lang):
    at = open_page("softmax_loss", lang)
    control = at.sidebar.get("button_group")
    assert [c.proto.label for c in control] == [t("a11y.font_size", lang)]
    assert "html { font-size: 100%; }" in page_style(at)
    assert "prefers-reduced-motion: reduce" in page_style(at)
    at.session_state[ui.FONT_SCALE_KEY] = 130  # what the control's callback stores
    at.run()
    assert not at.exception
    assert "html { font-size: 130%; }" in page_style(at)
    assert at.session_state[ui.FONT_SCALE_KEY] == 130
