"""The dropout page in a real browser: step and play advance the batch, the charts render, no exception."""

import re

import pytest

from explainer.i18n import t
from tests.browser.conftest import assert_no_exception, check_as_shown, open_page, screenshot, wait_for_app
from tests.browser.test_pages_browser import PAGES_WITH_THEIR_OWN_TEST

pytestmark = pytest.mark.browser


def _batch_number(page, lang: str) -> int:
    pattern = re.escape(t("dropout.batch_label", lang, step="999")).replace("999", r"(\d+)")
    heading = page.get_by_text(re.compile(f"^{pattern}$")).first
    heading.wait_for(timeout=30_000)
    return int(re.match(pattern, heading.inner_text().strip()).group(1))


@pytest.mark.parametrize("lang", [PAGES_WITH_THEIR_OWN_TEST["dropout"]])
def test_step_and_play_advance_the_mask(page, app_url, screenshot_dir, lang):
    page.set_viewport_size({"width": 1400, "height": 5200})  # the whole page in one screenshot
    open_page(page, app_url, "dropout", lang, app_timeout=180_000)  # the first visit imports torch and plotly
    assert _batch_number(page, lang) == 1
    # Both network figures, the batch heatmap and the feature maps are drawn.
    page.locator(".js-plotly-plot").nth(3).wait_for(timeout=30_000)
    assert page.locator(".js-plotly-plot").count() >= 4
    check_as_shown(page, screenshot_dir, "dropout", lang)

    page.get_by_role("button", name=t("dropout.step", lang)).click()
    wait_for_app(page)
    page.get_by_text(t("dropout.batch_label", lang, step=2), exact=True).wait_for(timeout=15_000)

    page.get_by_text(t("dropout.play", lang)).click()  # the toggle's label
    # One batch a second; a loaded machine may be slower, so wait up to 30 s for two more batches.
    for _ in range(60):
        page.wait_for_timeout(500)
        if _batch_number(page, lang) >= 4:
            break
    assert _batch_number(page, lang) >= 4
    page.get_by_text(t("dropout.play", lang)).click()
    wait_for_app(page)

    page.get_by_text(t("dropout.scaling.header", lang)).first.wait_for()
    assert_no_exception(page)
    screenshot(page, screenshot_dir / f"dropout-interactive-{lang}.png")
