"""The XOR page in Chromium: play the training animation, pause it, step with Streamlit; no exception anywhere."""

import re

import pytest

from explainer.i18n import t
from tests.browser.conftest import assert_no_exception, check_as_shown, open_page, screenshot, wait_for_app
from tests.browser.test_pages_browser import PAGES_WITH_THEIR_OWN_TEST

pytestmark = pytest.mark.browser


# Plotly writes the slider's current value ("Epoch: 10001") as the slider group's own label.
CURRENT_VALUE_JS = """() => {
    const label = document.querySelector('.js-plotly-plot .slider-group > text.slider-label');
    return label ? label.textContent : null;
}"""


# Record each animation frame as plotly.js starts it, with what the playback then shows: the surface images (the
# playback swaps layout images) and the XOR points' markers.
RECORD_FRAMES_JS = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    window.__xorFrames = [];
    if (window.__xorListening) return;
    window.__xorListening = true;
    plot.on('plotly_animatingframe', event => window.__xorFrames.push({
        name: event.name, t: performance.now(),
        surfaces: plot.querySelectorAll('.layer-subplot .imagelayer image').length,
        points: plot.querySelectorAll('.scatterlayer .trace .points path').length,
    }));
}"""


def _slider_epoch(page) -> int:
    text = page.evaluate(CURRENT_VALUE_JS)
    assert text, "the playback slider shows no current value"
    return int(re.sub(r"[^0-9]", "", text))


@pytest.mark.parametrize("lang", [PAGES_WITH_THEIR_OWN_TEST["xor"]])
def test_playback_plays_pauses_and_steps(page, app_url, screenshot_dir, lang):
    errors, warnings = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: warnings.append(message.text) if message.type in ("warning", "error") else None)
    open_page(page, app_url, "xor", lang, app_timeout=180_000, heading_timeout=60_000)
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for(timeout=60_000)
    check_as_shown(page, screenshot_dir, "xor", lang)
    chart.scroll_into_view_if_needed()
    assert _slider_epoch(page) == 10_001  # the trained net is shown first

    page.evaluate(RECORD_FRAMES_JS)
    chart.locator(".updatemenu-button", has_text=t("xor.play", lang)).click()
    page.wait_for_function("() => window.__xorFrames.some(f => f.name === '60')", timeout=60_000)
    frames = page.evaluate("() => window.__xorFrames")
    names = [int(f["name"]) for f in frames]
    # Every frame is shown, in order, from the first: no skipped middle frames.
    assert sorted(set(names)) == list(range(61)), names
    assert names == sorted(names), names
    # Each drawn frame still has both surfaces and the eight XOR points (no blank panels).
    assert all(f["surfaces"] == 2 and f["points"] >= 8 for f in frames), frames
    gaps = [b["t"] - a["t"] for a, b in zip(frames, frames[1:], strict=False)]
    assert sorted(gaps)[len(gaps) // 2] < 400, gaps  # a steady ~120 ms a frame (slack for a busy machine)
    assert not errors, errors

    page.evaluate(RECORD_FRAMES_JS)
    chart.locator(".updatemenu-button", has_text=t("xor.play", lang)).click()
    page.wait_for_function("() => window.__xorFrames.some(f => Number(f.name) >= 5)", timeout=20_000)
    chart.locator(".updatemenu-button", has_text=t("xor.pause", lang)).click()
    page.wait_for_timeout(500)
    # Pausing interrupts Plotly.animate, whose promise plotly.js then rejects with no reason: the one
    # page error that is expected (it reaches the page as "undefined"); nothing else may fail.
    assert all(error == "undefined" for error in errors), errors
    errors.clear()
    paused_at = _slider_epoch(page)
    page.wait_for_timeout(1200)
    assert _slider_epoch(page) == paused_at
    assert 0 <= paused_at < 10_001
    screenshot(page, screenshot_dir / f"xor-playback-{lang}.png", full_page=False)

    # Streamlit's own step controls rerun the page at another snapshot.
    page.locator("[data-testid='stButton']").get_by_role("button", name=t("xor.reset", lang), exact=True).click()
    wait_for_app(page, timeout=120_000)
    first_frame = t("xor.frame_status", lang, frame=0, last=60, epoch="0", mlp_loss="", single_loss="")
    page.get_by_text(first_frame.split("·")[0].replace("**", "").strip()).first.wait_for(timeout=60_000)
    page.locator("[data-testid='stButton']").get_by_role("button", name=t("xor.step", lang), exact=True).click()
    wait_for_app(page, timeout=120_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    assert _slider_epoch(page) == 167
    assert_no_exception(page)
    assert not errors, (errors, warnings)
