"""Every page in a real browser: its title shows, no exception element, one screenshot each."""

import pytest

from explainer.chapters import PAGE_NAMES
from explainer.i18n import t
from tests.browser.conftest import running_app, wait_for_app, wait_until_drawn

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_in_browser(page, app_url, screenshot_dir, name, lang):
    page.goto(f"{app_url}/{'' if name == 'home' else name}?lang={lang}")
    wait_for_app(page)
    title = t("app.title" if name == "home" else f"page.{name}", lang)
    page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
    wait_until_drawn(page)
    page.screenshot(path=str(screenshot_dir / f"{name}-{lang}.png"), full_page=True)


def test_sidebar_lists_every_page_in_korean_by_default(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    nav = page.locator("[data-testid='stSidebarNav']")
    for name in PAGE_NAMES:
        assert nav.get_by_text(t(f"page.{name}", "ko"), exact=True).count() == 1, name


def test_language_survives_navigation(page, app_url):
    page.goto(f"{app_url}/?lang=en")
    wait_for_app(page)
    page.locator("[data-testid='stSidebarNav']").get_by_text(t("page.pooling", "en"), exact=True).click()
    wait_for_app(page)
    page.get_by_role("heading", name=t("page.pooling", "en")).first.wait_for(timeout=30_000)
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
    page.locator("[data-testid='stSidebarNav']").get_by_text(t("page.dropout", "en"), exact=True).click()
    wait_for_app(page)
    page.get_by_role("heading", name=t("page.dropout", "en")).first.wait_for(timeout=30_000)


def test_direct_link_on_a_fresh_server_gets_the_sidebar(page, tmp_path):
    """The first request a server sees is a deep link (a lecturer's link to one page): the entrypoint runs."""
    with running_app(tmp_path) as url:
        page.goto(f"{url}/xor?lang=en")
        wait_for_app(page)
        page.get_by_role("heading", name=t("page.xor", "en")).first.wait_for(timeout=60_000)
        sidebar = page.locator("[data-testid='stSidebar']")
        assert sidebar.locator("[data-testid='stSelectbox']").count() >= 1
        assert sidebar.get_by_text(t("page.train_compare", "en"), exact=True).count() == 1
