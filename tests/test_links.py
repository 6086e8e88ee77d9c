"""Every view is a link: a page's state in the address, read back by a fresh session; bad links give a notice."""

import pytest
from streamlit.testing.v1 import AppTest

from explainer.i18n import t as translate
from explainer.lecture.chapters import page_path
from explainer.views import links
from tests.apptest_helpers import ENTRYPOINT, choose_tab, texts

# --- the address text of a value ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "default", "rule"), [
    (2.5, 1.0, links.Rule(min_value=-6.0, max_value=6.0)),
    (0.1, 0.0, links.Rule(min_value=0.0, max_value=0.5)),
    (7, 10, links.Rule(min_value=1, max_value=20)),
    (True, False, links.Rule()),
    ("xavier", "he", links.Rule(options=("he", "xavier", "default"))),
    (2, 0, links.Rule(options=(0, 1, 2, 3))),
    (0.5, 0.1, links.Rule(options=(0.01, 0.1, 0.5, 1.0))),
    (["relu"], ["sigmoid", "relu"], links.Rule(options=("sigmoid", "relu"), many=True)),
    ([], ["sigmoid", "relu"], links.Rule(options=("sigmoid", "relu"), many=True)),
    ([[1.0, -0.5], [0.25, 3.0]], [[0.0, 0.0], [0.0, 0.0]], links.Rule()),
    ("32,16", "128", links.Rule(max_chars=40)),
])
def test_a_value_comes_back_from_its_address_text(value, default, rule):
    texts_ = links.encode(value)
    assert links.decode(texts_ if isinstance(texts_, list) else [texts_], default, rule) == value


@pytest.mark.parametrize(("text", "default", "rule"), [
    ("99", 1.0, links.Rule(min_value=-6.0, max_value=6.0)),  # out of range
    ("-0.01", 0.0, links.Rule(min_value=0.0, max_value=0.5)),
    ("abc", 10, links.Rule(min_value=1, max_value=20)),  # text in a number field
    ("2.5", 10, links.Rule()),  # not a whole number
    ("nan", 1.0, links.Rule()), ("inf", 1.0, links.Rule()),
    ("bogus", "he", links.Rule(options=("he", "xavier"))),  # unknown option
    ("yes", False, links.Rule()),
    ("1,2;3", [[0.0]], links.Rule()),  # a ragged grid
    ("x" * 41, "128", links.Rule(max_chars=40)),
])
def test_a_text_the_widget_could_not_show_is_refused(text, default, rule):
    with pytest.raises(links.BadParameter):
        links.decode([text], default, rule)


def test_the_qr_code_is_a_png():
    png = links.qr_png("http://classroom:8501/activations?lang=ko&activations.x=2.5")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 200


# --- pages in AppTest: set widgets, read the address, open it in a fresh session ---------------------------------


def _open(name: str, params: dict) -> AppTest:
    """A fresh session opening /<name>?<params>: what a student's browser does with a shared link."""
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.query_params.update(params)
    if name != "home":
        at.switch_page(page_path(name))
    return at.run()


def _widget(at, kind: str, store_key: str):
    return getattr(at, kind)(key=f"_widget_{store_key}")


def _button(at, label_key: str):
    return next(button for button in at.button if button.label == translate(label_key, "en"))


def _address(at: AppTest) -> dict:
    return {key: value for key, value in at.query_params.items()}


def _shown(at: AppTest) -> str:
    return texts(at)


# (page, what the lecturer does, the widgets whose values the link must bring back)
CHANGES = {
    "home": (lambda at: None, []),
    "activations": (lambda at: (_widget(at, "slider", "activations.x").set_value(2.5).run(),
                                _widget(at, "selectbox", "activations.init").set_value("xavier").run()),
                    [("slider", "activations.x"), ("selectbox", "activations.init")]),
    "perceptron": (lambda at: at.button(key="perceptron_preset_AND").click().run(),
                   [("slider", "perceptron.w1"), ("slider", "perceptron.b")]),
    "xor": (lambda at: _button(at, "xor.step_back").click().run(), []),
    "softmax_loss": (lambda at: (_widget(at, "radio", "softmax.target").set_value(2).run(),
                                 _widget(at, "slider", "softmax.z0").set_value(-1.5).run()),
                     [("radio", "softmax.target"), ("slider", "softmax.z0")]),
    # a value in the first tab, then another tab opened (the link keeps both) and a slider moved there
    "convolution": (lambda at: (_widget(at, "number_input", "conv.calc.p").set_value(2).run(),
                                choose_tab(at, "conv.tab", translate("conv.tab.animation", "en")),
                                _widget(at, "slider", "conv.anim.stride").set_value(2).run()),
                    [("slider", "conv.anim.stride")]),
    "pooling": (lambda at: _widget(at, "slider", "pool.size").set_value(3).run(), [("slider", "pool.size")]),
    "dropout": (lambda at: (_widget(at, "slider", "dropout.p").set_value(0.2).run(),
                            _button(at, "dropout.step").click().run()),
                [("slider", "dropout.p")]),
    "train_compare": (lambda at: _widget(at, "selectbox", "train.dataset").set_value("mnist").run(),
                      [("selectbox", "train.dataset")]),
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_a_pages_link_opens_the_same_view(name, data_root):
    change, widgets = CHANGES[name]
    at = _open(name, {"lang": "en"})
    assert not at.exception
    untouched = _address(at)
    untouched.pop("run", None)  # the train page names the run its form describes, trained or not
    assert untouched == {"lang": "en"}, "defaults stay out of the address"
    change(at)
    assert not at.exception
    address = _address(at)
    if name != "home":
        assert address != untouched, f"{name}: a change is in the address"
    again = _open(name, address)
    assert not again.exception and not again.toast, [t.value for t in again.toast]
    for kind, key in widgets:
        assert _widget(again, kind, key).value == _widget(at, kind, key).value, key
    assert _shown(again) == _shown(at)
    assert _address(again) == address


def test_the_share_popover_shows_the_link_of_this_view_and_its_qr_code():
    at = _open("activations", {"lang": "ko", "activations.x": "-2"})
    at.session_state["share_link"] = True  # the popover opened: a whole run
    at.run()
    assert [code.value for code in at.sidebar.code] == ["?lang=ko&activations.x=-2"]
    assert at.sidebar.get("image"), "the QR code"


def test_bad_parameters_are_ignored_with_a_notice(data_root):
    at = _open("activations", {"lang": "en", "activations.x": "99", "activations.depth": "abc",
                               "activations.init": "bogus", "activations.slope": "0.2"})
    assert not at.exception
    notices = " ".join(toast.value for toast in at.toast)
    for name in ("activations.x", "activations.depth", "activations.init"):
        assert name in notices
    assert _widget(at, "slider", "activations.x").value == 1.0  # the default, not the link's
    assert _widget(at, "slider", "activations.slope").value == 0.2  # the good one is kept
    assert _address(at) == {"lang": "en", "activations.slope": "0.2"}


def test_a_link_to_a_run_that_no_longer_exists_gives_a_notice(data_root):
    at = _open("train_compare", {"lang": "en", "run": "0" * 16})
    assert not at.exception
    assert "run=" + "0" * 16 in " ".join(toast.value for toast in at.toast)


def test_an_address_behind_the_sessions_own_changes_does_not_move_a_slider_back(data_root):
    """Under load a student's request can carry the address of a run the session has since replaced (three key
    presses while the first run still draws): that address is behind, not a link; a value the session never
    wrote (a lecturer's, a typed one) still comes in."""
    at = _open("softmax_loss", {"lang": "en"})
    slider = _widget(at, "slider", "softmax.z0")
    slider.set_value(1.5).run()
    _widget(at, "slider", "softmax.z0").set_value(1.2).run()
    assert _address(at)["softmax.z0"] == "1.2"
    _widget(at, "slider", "softmax.z0").set_value(1.0)
    at.query_params["softmax.z0"] = "1.5"  # the browser had not yet seen the last two addresses
    at.run()
    assert not at.exception
    assert _widget(at, "slider", "softmax.z0").value == 1.0
    assert _address(at)["softmax.z0"] == "1"
    at.query_params["softmax.z0"] = "-0.5"  # a value this session never wrote
    at.run()
    assert _widget(at, "slider", "softmax.z0").value == -0.5
