"""The lecture path in the app: from the home page through every step with Next, in both languages, each step on
its page in its state with its control on the page; a link resumes the path; predict, then see, on the page."""

import pytest

from explainer.i18n import t
from explainer.lecture.chapters import page_path
from explainer.path.steps import STEPS, step_index
from tests.apptest_helpers import choose_tab, open_page

WIDGET_KINDS = ("slider", "select_slider", "number_input", "selectbox", "radio", "checkbox", "toggle", "multiselect")


def widget_keys(at) -> set[str]:
    return {widget.key for kind in WIDGET_KINDS for widget in getattr(at, kind)}


def card_heading(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**") and "12" in m.value)


def on_step(at, index: int, lang: str) -> None:
    step = STEPS[index]
    assert not at.exception, [e.value for e in at.exception]
    assert t(f"page.{step.page}", lang) in [title.value for title in at.title], step.name
    assert at.query_params["path"] in ([str(index + 1)], str(index + 1))
    assert card_heading(at) == "**" + t("path.heading", lang, n=index + 1, total=len(STEPS),
                                        title=t(f"path.step.{step.name}", lang)) + "**"
    assert f"_widget_{step.control}" in widget_keys(at), step.name  # the outlined control is on this page
    for key, value in step.state.items():
        assert at.session_state[key] == value, (step.name, key)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_next_walks_the_whole_lecture_from_the_home_page(lang, monkeypatch):
    monkeypatch.setenv("EXPLAINER_DEVICE", "cpu")
    at = open_page("home", lang)
    assert not [m for m in at.markdown if m.value.startswith("**" + t("path.heading", lang, n=1, total=12, title=""))]
    at.button(key="path_start").click().run()
    for index in range(len(STEPS)):
        on_step(at, index, lang)
        if index + 1 < len(STEPS):
            at.button(key="path_next").click().run()
    assert "path_next" not in {button.key for button in at.button}
    assert t("path.last", lang) in [s.value for s in at.success]
    at.button(key="path_back").click().run()
    on_step(at, len(STEPS) - 2, lang)
    at.button(key="path_leave").click().run()
    assert not at.exception and "path" not in at.query_params
    assert "path_next" not in {button.key for button in at.button}


def test_a_link_resumes_the_path_at_its_step_and_a_detour_keeps_it():
    at = open_page("home", "en", query_params={"path": "9"})
    on_step(at, 8, "en")
    at.button(key="path_next").click().run()
    on_step(at, 9, "en")
    at.switch_page(page_path("home")).run()  # the sidebar's home link: the path stays, with the way back
    assert not at.exception and at.query_params["path"] in (["10"], "10")
    assert t("path.off_page", "en", page=t("page.convolution", "en")) in [m.value for m in at.markdown]
    at.button(key="path_go_back").click().run()
    on_step(at, 9, "en")


def test_predict_then_see_beside_what_the_page_computes():
    """Step 8: the student commits before anything is revealed; the revealed answer is the page's own output."""
    at = open_page("home", "en", query_params={"path": "8"})
    check = "predict_check_conv_stride"
    assert at.button(key=check).disabled  # nothing picked yet: nothing to check
    assert not at.warning and not at.success
    at.radio(key="_predict_conv_stride").set_value(3).run()
    at.button(key=check).click().run()
    assert at.warning[0].value == t("predict.wrong", "en", yours="3", answer="2")
    assert check not in {button.key for button in at.button}  # committed: the answer stays beside it
    assert any(m.value.startswith(t("predict.class_answers", "en", counts="")) and "3: " in m.value
               for m in at.markdown)
    at.number_input(key="_widget_conv.calc.s").set_value(3).run()  # the control the step outlines
    shown = {metric.label: metric.value for metric in at.metric}
    assert shown[t("conv.calc.oh", "en")] == "2"


def test_a_step_opens_the_tab_that_holds_its_control():
    """The train page builds only its open tab: a student who left it on the compare tab and comes back to the
    MNIST MLP step gets the set-up tab again, with the outlined preset picker on it."""
    index = step_index("mlp_mnist")
    at = open_page("home", "en", query_params={"path": str(index + 1)})
    on_step(at, index, "en")
    choose_tab(at, "train.tab", t("train.tab.compare", "en"))
    assert not at.exception and f"_widget_{STEPS[index].control}" not in widget_keys(at)
    at.button(key="path_next").click().run()
    on_step(at, index + 1, "en")
    at.button(key="path_back").click().run()
    on_step(at, index, "en")
    assert t("path.in_tab", "en", tab=t("train.tab.train", "en")) in " ".join(m.value for m in at.markdown)
