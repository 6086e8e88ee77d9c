"""Every page opens in both languages without an exception and shows its title and lecture section; the home
page maps the lecture to the pages; the app opens in Korean unless asked otherwise."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from explainer.i18n import t
from explainer.lecture.chapters import LECTURE_OUTLINE, PAGE_LECTURE_SECTION, PAGE_NAMES, nav_label_key
from tests.apptest_helpers import ENTRYPOINT, open_page, texts


def home_is_a_map_of_the_lecture_in_its_order(at, lang):
    steps = [s.value for s in at.subheader]
    assert steps == [f"{n}. {t(f'lecture.step.{step}', lang)}" for n, (step, _) in enumerate(LECTURE_OUTLINE, 1)]
    # the lecture's order: neuron, activations, perceptron, XOR, softmax, MLPs, CNN parts, dropout, practice
    order = [step for step, _ in LECTURE_OUTLINE]
    assert order.index("neuron") < order.index("activations") < order.index("perceptron") < order.index("xor_mlp") \
        < order.index("softmax") < order.index("mlp_practice") < order.index("convolution") \
        < order.index("padding_stride") < order.index("vanishing") < order.index("pooling") \
        < order.index("channels") < order.index("dropout") < order.index("practice_mlp") < order.index("practice_cnn")
    links = [(link.proto.page, link.proto.label) for link in at.main.get("page_link")]
    expected = [(name, t(f"page.{name}", lang)) for _, pages in LECTURE_OUTLINE for name in pages]
    assert links == expected
    assert {page for page, _ in links} == set(PAGE_NAMES) - {"home"}  # every page is on the map
    # the sidebar links every page in the chapters' order (the app's own navigation, explainer.ui.page_links)
    sidebar = [link.proto.label for link in at.sidebar.get("page_link")]
    assert sidebar == [t(nav_label_key(name), lang) for name in PAGE_NAMES]
    shown = texts(at)
    for accuracy in ("86.93%", "88.98%", "99.09%", "56%", "74%", "(H+2P−FH)/S+1"):
        assert accuracy in shown, accuracy


def sidebar_device_label_is_translated(at, lang):
    captions = [c.value for c in at.sidebar.caption]
    device = [c for c in captions if c.startswith(t("sidebar.device", lang, device=""))]
    word = {"ko": "스레드", "en": "thread"}[lang]
    assert len(device) == 1 and "CPU" in device[0] and word in device[0], captions
    if lang == "en":
        assert not re.search("[가-힣]", device[0])


def names_its_lecture_section_once_under_the_title(at, name, lang):
    section = t("common.lecture_section", lang, section=t(PAGE_LECTURE_SECTION[name], lang))
    captions = [c.value for c in at.caption]
    assert captions.count(section) == 1, captions  # ui.page_header writes it; no page repeats it
    assert captions.index(section) == 0  # right under the title


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_renders_in_language(name, lang, monkeypatch):
    """One run of each page in each language, opened as a direct link opens it (the entrypoint first, then the page):
    no exception, its title, the sidebar's language and seed, the language kept in the address and across the
    switch; the home page maps the lecture, every other page names its lecture section."""
    monkeypatch.setenv("EXPLAINER_DEVICE", "cpu")
    at = open_page(name, lang)
    assert not at.exception, [e.value for e in at.exception]
    title = t("app.title" if name == "home" else f"page.{name}", lang)
    assert title in [el.value for el in at.title]
    assert at.session_state["lang"] == lang
    assert at.query_params["lang"] in ([lang], lang)
    keys = {widget.key for widget in at.selectbox} | {widget.key for widget in at.number_input}
    assert "_widget_lang" in keys and "_widget_global_seed" in keys, keys
    sidebar_device_label_is_translated(at, lang)
    if name == "home":
        home_is_a_map_of_the_lecture_in_its_order(at, lang)
    else:
        names_its_lecture_section_once_under_the_title(at, name, lang)


def test_every_page_has_a_lecture_section_in_both_languages():
    assert set(PAGE_LECTURE_SECTION) == set(PAGE_NAMES) - {"home"}
    for key in PAGE_LECTURE_SECTION.values():
        assert t(key, "ko") != key and t(key, "en") != key
        assert re.search("[가-힣]", t(key, "ko")) and not re.search("[가-힣]", t(key, "en"))


def test_korean_by_default_whatever_the_browser_locale(monkeypatch):
    """A browser set to English opens the Korean lecture; ?lang=en (or the sidebar switch) opens English."""
    from streamlit.runtime.context import ContextProxy

    monkeypatch.setattr(ContextProxy, "locale", property(lambda self: "en-US"))
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60).run()
    assert not at.exception
    assert at.session_state["lang"] == "ko"
    assert t("app.title", "ko") in [el.value for el in at.title]
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert at.session_state["lang"] == "en"
