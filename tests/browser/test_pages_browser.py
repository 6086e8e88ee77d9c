"""Every page in a real browser: its title shows, no exception element, one screenshot each."""

import pytest

from explainer.i18n import t
from explainer.lecture.chapters import PAGE_NAMES, nav_label_key
from tests.browser.conftest import (
    assert_no_exception,
    click_sidebar_link,
    ellipsis_texts,
    open_from_sidebar,
    open_page,
    running_app,
    wait_for_app,
    wait_until_drawn,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_in_browser(page, app_url, screenshot_dir, name, lang):
    open_page(page, app_url, name, lang)
    assert_no_exception(page)
    wait_until_drawn(page)
    page.screenshot(path=str(screenshot_dir / f"{name}-{lang}.png"), full_page=True)


def test_sidebar_lists_every_page_in_korean_by_default(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    nav = page.locator("[data-testid='stSidebarNav']")
    for name in PAGE_NAMES:
        assert nav.get_by_text(t(nav_label_key(name), "ko"), exact=True).count() == 1, name


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_sidebar_labels_are_not_cut_off(page, app_url, lang):
    """Streamlit's sidebar has a fixed width and ends a longer label with "…"; a student must read every page."""
    page.goto(f"{app_url}/?lang={lang}")
    wait_for_app(page)
    labels = ellipsis_texts(page, "[data-testid='stSidebarNav'] a span")
    assert sorted(text for text, _ in labels) == sorted(t(nav_label_key(name), lang) for name in PAGE_NAMES)
    assert [text for text, cut in labels if cut] == []


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_nothing_is_cut_off_on_a_1024_px_screen(page, app_url, lang):
    """A classroom projector at 1024 px with the sidebar open: numbers, labels and buttons show whole
    (rows wrap instead of ending their text in "…")."""
    page.set_viewport_size({"width": 1024, "height": 900})
    cut_off = {}
    for name in PAGE_NAMES:
        open_page(page, app_url, name, lang)
        cut_off[name] = [text[:40] for text, cut in ellipsis_texts(page, "[data-testid='stMain'] *") if cut]
    assert {name: texts for name, texts in cut_off.items() if texts} == {}


def test_language_survives_navigation(page, app_url):
    open_from_sidebar(page, app_url, "pooling", "en")
    assert "lang=en" in page.url


def test_language_switch_in_sidebar(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("heading", name=t("app.title", "ko")).first.wait_for(timeout=30_000)
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
    page.get_by_role("option", name="English").click()
    wait_for_app(page)
    page.get_by_role("heading", name=t("app.title", "en")).first.wait_for(timeout=30_000)
    assert "lang=en" in page.url
    click_sidebar_link(page, "dropout", "en")


def test_direct_link_on_a_fresh_server_gets_the_sidebar(page, tmp_path):
    """The first request a server sees is a deep link (a lecturer's link to one page): the entrypoint runs."""
    with running_app(tmp_path) as url:
        open_page(page, url, "xor", "en", heading_timeout=60_000)
        sidebar = page.locator("[data-testid='stSidebar']")
        assert sidebar.locator("[data-testid='stSelectbox']").count() >= 1
        assert sidebar.get_by_text(t("page.train_compare", "en"), exact=True).count() == 1


def test_an_english_browser_opens_the_korean_lecture(browser, app_url):
    """Korean by default (README): the browser's locale does not switch the language, ?lang= does."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    try:
        page = context.new_page()
        page.goto(app_url)
        wait_for_app(page)
        page.get_by_role("heading", name=t("app.title", "ko")).first.wait_for(timeout=30_000)
        assert page.get_by_role("heading", name=t("app.title", "en")).count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_tab_title_is_translated_and_names_the_page(page, app_url, lang):
    open_page(page, app_url, "home", lang)
    page.wait_for_function("title => document.title === title", arg=t("app.title", lang), timeout=15_000)
    click_sidebar_link(page, "pooling", lang)
    expected = t("app.tab_title", lang, page=t("page.pooling", lang))
    page.wait_for_function("title => document.title === title", arg=expected, timeout=15_000)


def test_nothing_is_fetched_from_outside_the_server(page, app_url):
    """An offline classroom: no font server, no CDN. The favicon is an inline SVG of an emoji."""
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith((app_url, "data:", "blob:", "about:")) else None)
    open_page(page, app_url, "home", "ko")
    click_sidebar_link(page, "convolution", "ko")
    wait_until_drawn(page)
    icon = page.locator("link[rel='shortcut icon']").get_attribute("href")
    assert icon.startswith("data:image/svg+xml"), icon
    assert outside == []
