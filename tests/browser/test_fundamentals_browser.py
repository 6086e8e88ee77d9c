"""The activations, perceptron and softmax pages in a real browser: numbers shown, charts drawn, controls work."""

import pytest
from playwright.sync_api import expect

from explainer.i18n import t
from explainer.topics.activations import ACTIVATIONS
from tests.browser.conftest import (
    check_as_shown,
    fit_viewport_to_content,
    open_page,
    screenshot,
    wait_for_app,
    wait_until_drawn,
)
from tests.browser.test_pages_browser import PAGES_WITH_THEIR_OWN_TEST

pytestmark = pytest.mark.browser


def press(page, box, key: str, target: float) -> None:
    """Move a Streamlit slider with the keyboard until it shows `target`, then wait for the rerun it triggers.

    Key by key with a check, not a fixed count: under load a rerun may redraw the slider between presses.
    """
    for _ in range(60):
        shown = box.locator("[data-testid='stSliderThumbValue']").first.inner_text()
        if abs(float(shown.replace("−", "-")) - target) < 1e-9:
            break
        box.get_by_role("slider").first.focus()
        page.keyboard.press(key)
        page.wait_for_timeout(60)
    page.wait_for_timeout(600)
    wait_for_app(page)


def slider(page, label: str):
    """The slider box whose label is `label` (by label, not position: a rerun may still be drawing the page)."""
    box = page.locator("[data-testid='stSlider']").filter(has_text=label).first
    box.wait_for(timeout=30_000)
    return box


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def whole_page_screenshot(page, path) -> None:
    fit_viewport_to_content(page)
    wait_until_drawn(page)
    screenshot(page, path)


def shows(page, text: str) -> None:
    """Wait (a rerun may still be on its way) until the main area contains `text`."""
    expect(page.locator("[data-testid='stMain']")).to_contain_text(text, timeout=30_000)


@pytest.mark.parametrize("lang", [PAGES_WITH_THEIR_OWN_TEST["activations"]])
def test_activations_page_draws_both_charts(page, app_url, screenshot_dir, lang):
    open_page(page, app_url, "activations", lang)
    check_as_shown(page, screenshot_dir, "activations", lang)
    page.locator("[data-testid='stPlotlyChart'] .main-svg").first.wait_for(timeout=30_000)
    expect(page.locator("[data-testid='stPlotlyChart']")).to_have_count(2, timeout=30_000)
    text = main_text(page)
    assert t("activations.vanish_header", lang) in text
    assert t("activations.lecture", lang) in text
    # x = 1 by default: the sigmoid's slope there is 0.1966.
    assert t("activations.saturation_now", lang, x="1.0", slope="0.1966", percent="78.6") in text
    # Every chosen function's chip is in view: Streamlit would otherwise keep them on one scrolling row,
    # hiding Leaky ReLU and Step behind the box's edge in this narrow column.
    chips = page.evaluate("""() => {
        const tags = document.querySelector("[data-testid='stMultiSelectTagsContainer']");
        const edge = tags.getBoundingClientRect().right;
        return [...tags.querySelectorAll("span[title]")].map(chip => [chip.textContent,
                                                                      chip.getBoundingClientRect().right <= edge + 1]);
    }""")
    assert [name for name, _ in chips] == [t(f"activations.name.{name}", lang) for name in ACTIVATIONS]
    assert [name for name, in_view in chips if not in_view] == []
    # Home: the slider's own key to its start (one rerun, where arrow keys would take one each): x = -6, deep in
    # the saturated tail, where the sigmoid's slope is 0.0025, 1 % of its best.
    press(page, slider(page, t("activations.x_slider", lang)), "Home", -6.0)
    shows(page, t("activations.saturation_now", lang, x="-6.0", slope="0.0025", percent="1.0"))
    screenshot(page, screenshot_dir / f"fundamentals-activations-{lang}.png", full_page=False)


@pytest.mark.parametrize("lang", [PAGES_WITH_THEIR_OWN_TEST["perceptron"]])
def test_perceptron_page_table_and_learning_button(page, app_url, screenshot_dir, lang):
    open_page(page, app_url, "perceptron", lang)
    check_as_shown(page, screenshot_dir, "perceptron", lang)
    text = main_text(page)
    assert "s = -0.5 + 1.0·x1 + 1.0·x2" in text
    assert "s = -0.5, 0.5, 0.5, 1.5 → τ(s) = -1, 1, 1, 1" in text
    page.get_by_role("button", name="AND", exact=True).click()
    wait_for_app(page)
    page.get_by_role("button", name=t("perceptron.zero_button", lang)).click()
    wait_for_app(page)
    page.get_by_role("button", name=t("perceptron.step_button", lang)).click()
    wait_for_app(page)
    shows(page, "b ← 0.0 + (-1.0) = -1.0")
    shows(page, "s = -1.0 + 0.0·x1 + 0.0·x2")  # the sliders moved to the updated weights
    page.get_by_role("button", name="XOR", exact=True).click()
    wait_for_app(page)
    shows(page, t("perceptron.xor_why", lang).split("**")[1])
    expect(page.locator("[data-testid='stPlotlyChart']")).to_have_count(2, timeout=30_000)
    whole_page_screenshot(page, screenshot_dir / f"fundamentals-perceptron-{lang}.png")


@pytest.mark.parametrize("lang", [PAGES_WITH_THEIR_OWN_TEST["softmax_loss"]])
def test_softmax_page_shows_the_lectures_numbers_and_reacts_to_a_logit(page, app_url, screenshot_dir, lang):
    open_page(page, app_url, "softmax_loss", lang)
    check_as_shown(page, screenshot_dir, "softmax_loss", lang)
    text = main_text(page)
    assert "0.51 + 0.51 + 1.20" in text and "0.74" in text
    assert "0.154901" in text and "0.3566749" in text
    assert "0.6590" in text  # p(class 0) for the default logits 2.0, 1.0, 0.1
    press(page, slider(page, t("softmax.logit", lang, index=0)), "Home", -5.0)  # z0: 2.0 -> -5.0, one rerun
    shows(page, "0.0018")  # softmax([-5, 1, 0.1])[0]
    assert "0.6590" not in main_text(page)
    screenshot(page, screenshot_dir / f"fundamentals-softmax-{lang}.png", full_page=False)
