"""What a page builds only on demand: a code panel's code while it is open (and it stays open while the settings
above it change), and only the open tab of the convolution page."""

from explainer.i18n import t
from explainer.ui import CODE_PREFIX
from tests.apptest_helpers import choose_tab, open_page


def _code(at) -> str:
    return "\n".join(block.value for block in at.code)


def test_a_code_panel_is_drawn_when_opened_and_follows_the_slider_while_open():
    at = open_page("dropout", "en")
    assert not at.code, "closed panels draw no code"
    assert at.session_state[CODE_PREFIX + "dropout.layer"] is False
    at.session_state[CODE_PREFIX + "dropout.layer"] = True  # what a click on the panel does
    at.run()
    assert "nn.Dropout(p=0.5)" in _code(at) and len(at.code) == 1, "only the opened panel"
    at.slider(key="_widget_dropout.p").set_value(0.2).run()
    assert "nn.Dropout(p=0.2)" in _code(at), "still open, with the new value"
    at.session_state[CODE_PREFIX + "dropout.layer"] = False
    at.run()
    assert not at.code


def test_the_convolution_page_builds_only_its_open_tab():
    at = open_page("convolution", "en")
    keys = {widget.key for widget in list(at.slider) + list(at.number_input)}
    assert "_widget_conv.calc.h" in keys and "_widget_conv.anim.stride" not in keys
    choose_tab(at, "conv.tab", t("conv.tab.animation", "en"))
    keys = {widget.key for widget in list(at.slider) + list(at.number_input)}
    assert "_widget_conv.anim.stride" in keys and "_widget_conv.calc.h" not in keys
    assert not at.exception
