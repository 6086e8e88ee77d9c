"""The lecture path in a real browser: Start on the home page, Next, the step in the address, and the control to
move outlined (Streamlit's `st-key-<key>` class, which only a browser can show is still there)."""

import pytest

from explainer.i18n import t
from explainer.path.steps import STEPS
from tests.browser.conftest import assert_no_exception, open_page, page_title, wait_for_app

pytestmark = pytest.mark.browser


def outline_style(page, store_key: str) -> str:
    selector = ".st-key-_widget_" + store_key.replace(".", "-")
    page.locator(selector).first.wait_for(timeout=30_000)
    return page.locator(selector).first.evaluate("element => getComputedStyle(element).outlineStyle")


def test_start_then_next_opens_each_step_with_its_control_outlined(page, app_url):
    page.set_viewport_size({"width": 1024, "height": 1200})
    open_page(page, app_url, "home", "en", app_timeout=180_000)  # a first visit imports torch and plotly
    page.get_by_role("button", name=t("path.start", "en")).click()
    wait_for_app(page)
    page.get_by_role("heading", name=page_title(STEPS[0].page, "en")).first.wait_for(timeout=30_000)
    assert "path=1" in page.url
    assert outline_style(page, STEPS[0].control) == "dashed"

    page.get_by_role("button", name=t("path.next", "en")).click()
    wait_for_app(page)
    page.get_by_role("heading", name=page_title(STEPS[1].page, "en")).first.wait_for(timeout=30_000)
    assert "path=2" in page.url
    assert outline_style(page, STEPS[1].control) == "dashed"
    assert outline_style(page, "activations.depth") != "dashed"  # only the step's control
    assert_no_exception(page)
