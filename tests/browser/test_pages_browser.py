"""Every page in a real browser (drawn, no exception, fits 1400 and 1024 px), the sidebar, the language and the
tab title, a deep link to a fresh server, and no request leaving the server."""

import pytest

from explainer import ui
from explainer.i18n import t
from explainer.lecture.chapters import PAGE_NAMES, nav_label_key
from tests.browser.conftest import (
    SIDEBAR_NAV,
    assert_no_exception,
    check_as_shown,
    click_sidebar_link,
    open_page,
    running_app,
    wait_for_app,
    wait_until_drawn,
)

pytestmark = pytest.mark.browser

# These pages have an interactive test of their own, in one language (the controls work the same in both; AppTest
# runs every page in both), that makes the same checks (check_as_shown) on its first visit; the other language is
# checked here.
PAGES_WITH_THEIR_OWN_TEST = {"activations": "ko", "perceptron": "en", "softmax_loss": "ko", "xor": "ko",
                             "convolution": "en", "pooling": "ko", "dropout": "en"}
LANGUAGES = ("ko", "en")


@pytest.mark.parametrize(("name", "lang"), [(name, lang) for name in PAGE_NAMES for lang in LANGUAGES
                                            if PAGES_WITH_THEIR_OWN_TEST.get(name) != lang])
def test_page_in_browser(page, app_url, screenshot_dir, name, lang):
    open_page(page, app_url, name, lang)
    # axe audits each page once: in its own test's language, or here in Korean for the pages without one.
    audited_here = name not in PAGES_WITH_THEIR_OWN_TEST and lang == LANGUAGES[0]
    check_as_shown(page, screenshot_dir, name, lang, audit=audited_here, restore=False)


def test_every_page_is_checked_as_shown_in_both_languages():
    """A page added to the app is checked in the browser in both languages (here or by a test of its own), and
    audited by axe-core in one of them."""
    assert set(PAGES_WITH_THEIR_OWN_TEST) <= set(PAGE_NAMES)
    assert set(PAGES_WITH_THEIR_OWN_TEST.values()) <= set(LANGUAGES)


def sidebar_labels(page, lang: str) -> None:
    """Every page is in the sidebar once, in `lang`, in the lecture's order, each a link (a keyboard reaches it
    with Tab) whose label is not cut off: the sidebar has a fixed width and a student must read every page."""
    nav = page.locator(SIDEBAR_NAV)
    for name in PAGE_NAMES:
        link = nav.get_by_role("link", name=t(nav_label_key(name), lang), exact=True)
        link.first.wait_for(timeout=15_000)
        assert link.count() == 1, name
    labels = page.evaluate("""selector => [...document.querySelectorAll(selector)]
        .map(label => [label.textContent, label.scrollWidth > label.clientWidth + 1])""",
                           f"{SIDEBAR_NAV} [data-testid='stPageLink-NavLink'] p")
    assert [text for text, _ in labels] == [t(nav_label_key(name), lang) for name in PAGE_NAMES]
    assert [text for text, cut in labels if cut] == []


def tab_title_is(page, title: str) -> None:
    page.wait_for_function("title => document.title === title", arg=title, timeout=15_000)


def test_korean_by_default_then_english_from_the_sidebar(browser, app_url):
    """An English browser opens the Korean lecture (README: ?lang= switches, not the browser's locale); the
    sidebar's language box switches the page in place, and the language stays on the next page."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    try:
        page = context.new_page()
        page.goto(app_url)
        wait_for_app(page)
        page.get_by_role("heading", name=t("app.title", "ko")).first.wait_for(timeout=30_000)
        assert page.get_by_role("heading", name=t("app.title", "en")).count() == 0
        tab_title_is(page, t("app.title", "ko"))
        sidebar_labels(page, "ko")

        click_sidebar_link(page, "pooling", "ko")
        tab_title_is(page, t("app.tab_title", "ko", page=t("page.pooling", "ko")))

        page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
        page.get_by_role("option", name="English").click()
        wait_for_app(page)
        page.get_by_role("heading", name=t("page.pooling", "en")).first.wait_for(timeout=30_000)
        assert "lang=en" in page.url
        tab_title_is(page, t("app.tab_title", "en", page=t("page.pooling", "en")))
        sidebar_labels(page, "en")

        click_sidebar_link(page, "home", "en")
        assert "lang=en" in page.url
        tab_title_is(page, t("app.title", "en"))
        assert_no_exception(page)
    finally:
        context.close()


def test_the_figure_script_loads_while_the_home_page_idles(browser, app_url):
    """A student's first page with a figure does not wait for plotly's 4.7 MB script (~1.3 s of a browser's CPU):
    the home page loads it while idle (ui.preload_element_scripts), and the figure page then asks for no script of
    its own and draws its charts with the module loaded ahead."""
    (plotly_script,) = ui.element_scripts()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        requested = []
        page.on("request", lambda request: requested.append(request.url.rsplit("/", 1)[-1]))
        page.goto(f"{app_url}/?lang=en")
        wait_for_app(page)
        assert page.locator("[data-testid='stPlotlyChart']").count() == 0  # the home page has no figure
        for _ in range(100):
            if plotly_script in requested:
                break
            page.wait_for_timeout(200)
        assert plotly_script in requested
        page.wait_for_timeout(1000)  # the module evaluated
        before = len(requested)
        click_sidebar_link(page, "activations", "en")
        wait_until_drawn(page)
        assert page.locator("[data-testid='stPlotlyChart'] .main-svg").count() >= 2  # drawn by the same module
        assert plotly_script not in requested[before:]
        assert_no_exception(page)
    finally:
        context.close()


def test_a_deep_link_to_a_fresh_server_gets_the_sidebar_and_nothing_from_outside(page, tmp_path):
    """The first request a server sees is a deep link (a lecturer's link to one page): the entrypoint runs, so the
    sidebar is there. An offline classroom: no font server, no CDN; the favicon is an inline SVG of an emoji."""
    with running_app(tmp_path) as url:
        outside = []
        page.on("request", lambda request: outside.append(request.url)
                if not request.url.startswith((url, "data:", "blob:", "about:")) else None)
        # A server's first page imports torch and plotly: slow on a busy machine.
        open_page(page, url, "convolution", "en", app_timeout=180_000, heading_timeout=60_000)
        sidebar = page.locator("[data-testid='stSidebar']")
        # The page may first run alone (Streamlit's pages-folder mode) and rerun through the entrypoint at once.
        sidebar.locator("[data-testid='stSelectbox']").first.wait_for(timeout=30_000)
        link = page.locator(SIDEBAR_NAV).get_by_role("link", name=t(nav_label_key("train_compare"), "en"), exact=True)
        link.first.wait_for(timeout=30_000)
        assert link.count() == 1
        wait_until_drawn(page)
        icon = page.locator("link[rel='shortcut icon']").get_attribute("href")
        assert icon.startswith("data:image/svg+xml"), icon
        assert outside == []
