"""The convolution and pooling pages in a real browser: tabs, presets, the animation and the pooling grid."""

import re

import pytest

from explainer.i18n import t
from explainer.topics.convolution import LECTURE_INPUT, LECTURE_KERNEL, cell_arithmetic
from tests.browser.conftest import (
    assert_no_exception,
    check_as_shown,
    click_sidebar_link,
    open_from_sidebar,
    screenshot,
    settle_layout,
    wait_for_app,
    wait_until_drawn,
)
from tests.browser.test_pages_browser import PAGES_WITH_THEIR_OWN_TEST

pytestmark = pytest.mark.browser
LAST_CELL = cell_arithmetic(LECTURE_INPUT, LECTURE_KERNEL, 2, 2).text()


def open_tab(page, name, lang):
    page.get_by_role("tab", name=t(name, lang)).click()
    wait_for_app(page)


def tall_screenshot(page, path, height=2600):
    """The app scrolls inside its own container, so a whole-page shot needs a tall viewport."""
    page.set_viewport_size({"width": 1400, "height": height})
    settle_layout(page)
    screenshot(page, path)
    page.set_viewport_size({"width": 1400, "height": 1000})


def stride_3_fits_a_1024_px_screen(page):
    page.set_viewport_size({"width": 1024, "height": 1400})
    settle_layout(page)
    # Every formula fits its block: the stride-3 line ends in "⌊4/3⌋ + 1 = 2", which was cut off at the right.
    # (KaTeX's aligned rows stick out by a pixel or two of struts; the cut-off line stuck out by ~200 px.)
    overflowing = page.evaluate("""() => [...document.querySelectorAll(".katex-display")]
        .filter(block => block.scrollWidth > block.clientWidth + 4).map(block => block.scrollWidth)""")
    assert overflowing == []
    # The calculator's labels stay on one line (Korean broke "입력 높이" into "입력 높 / 이").
    label_heights = page.evaluate("""() => [...document.querySelectorAll("[data-testid='stNumberInput'] label")]
        .map(label => label.getBoundingClientRect().height).filter(height => height > 0)""")  # other tabs: 0
    assert label_heights and max(label_heights) < 1.6 * min(label_heights), label_heights
    page.set_viewport_size({"width": 1400, "height": 1000})
    settle_layout(page)


@pytest.mark.parametrize("lang", [PAGES_WITH_THEIR_OWN_TEST["convolution"]])
def test_convolution_tabs(page, app_url, screenshot_dir, lang):
    open_from_sidebar(page, app_url, "convolution", lang)
    check_as_shown(page, screenshot_dir, "convolution", lang)

    page.get_by_role("button", name=t("conv.preset.7x7_s3", lang)).click()
    wait_for_app(page)
    page.get_by_text(t("conv.calc.slide_wrong", lang)[:30]).wait_for(timeout=15_000)
    assert page.locator("[data-testid='stMetricValue']").first.inner_text() == "2"
    tall_screenshot(page, screenshot_dir / f"conv-calc-{lang}.png")
    stride_3_fits_a_1024_px_screen(page)

    open_tab(page, "conv.tab.animation", lang)
    page.get_by_text("1×1 + 1×0 + 1×1 + 0×0 + 1×1 + 1×0 + 0×1 + 0×0 + 1×1 = 4").wait_for(timeout=15_000)
    slider = page.get_by_role("slider", name=t("conv.anim.step", lang))
    slider.focus()
    page.keyboard.press("End")
    wait_for_app(page)
    page.get_by_text(LAST_CELL).wait_for(timeout=15_000)
    tall_screenshot(page, screenshot_dir / f"conv-anim-{lang}.png")
    padding = page.get_by_role("slider", name=t("conv.padding", lang)).first
    padding.focus()
    page.keyboard.press("ArrowRight")
    wait_for_app(page)
    page.get_by_text(t("conv.anim.size", lang, h=5, w=5, k=3, p=1, s=1, oh=5, ow=5)).wait_for(timeout=15_000)
    tall_screenshot(page, screenshot_dir / f"conv-anim-padded-{lang}.png")

    for tab in ("conv.tab.images", "conv.tab.channels", "conv.tab.network"):
        open_tab(page, tab, lang)
        wait_until_drawn(page)
        assert_no_exception(page)
        tall_screenshot(page, screenshot_dir / f"conv-{tab.split('.')[-1]}-{lang}.png")
    assert page.get_by_text("320", exact=True).count() >= 1


def test_play_continues_from_a_hand_step_pauses_in_place_stops_at_the_end_and_starts_again(page, app_url):
    """The animation's play switch reruns only its tab: it continues from where the student stepped by hand, its
    timer stops with it (switched off, the filter stays where it is), it switches itself off at the last window,
    and played again there it starts from the first window."""
    open_from_sidebar(page, app_url, "convolution", "en")
    open_tab(page, "conv.tab.animation", "en")
    slider = page.get_by_role("slider", name=t("conv.anim.step", "en"))
    slider.focus()
    page.keyboard.press("ArrowRight")  # the student has stepped by hand first; play continues from there
    wait_for_app(page)
    page.get_by_text(cell_arithmetic(LECTURE_INPUT, LECTURE_KERNEL, 0, 1).text()).wait_for(timeout=15_000)
    play = page.get_by_text(t("conv.anim.play", "en"), exact=True)
    # Every window the page shows from now on, in order: on a busy machine a window can be on screen for less
    # time than a locator takes to look again, so the page records them itself.
    page.evaluate("""() => {
        const main = document.querySelector("[data-testid='stMain']");
        window.__cells = [];
        const seen = () => {
            const found = main.textContent.match(/\\(cell (\\d) of 9\\)/);
            if (found && window.__cells[window.__cells.length - 1] !== +found[1]) window.__cells.push(+found[1]);
        };
        new MutationObserver(seen).observe(main, {subtree: true, childList: true, characterData: true});
        seen();
    }""")
    play.click()
    page.wait_for_function("() => window.__cells.some(cell => cell >= 3)", timeout=30_000)
    play.click()  # off, six windows before the last (room for a slow click on a busy machine)
    wait_for_app(page)
    page.wait_for_timeout(1_000)
    position = page.get_by_text(re.compile(r"\(cell \d of 9\)"))
    stopped_at = position.inner_text()
    assert stopped_at != "(cell 9 of 9)"
    page.wait_for_timeout(3_000)  # more than three ticks
    assert position.inner_text() == stopped_at
    assert_no_exception(page)
    played = page.evaluate("window.__cells")
    assert played[0] == 2 and 1 not in played, f"play continued from the hand-stepped window: {played}"

    play.click()  # on again: on to the last window (the bottom-right output cell), where it switches itself off
    page.get_by_text(LAST_CELL).wait_for(timeout=30_000)
    page.wait_for_function("""label => [...document.querySelectorAll("[data-testid='stCheckbox']")]
        .some(box => box.innerText.includes(label) && !box.querySelector("input").checked)""",
                           arg=t("conv.anim.play", "en"), timeout=30_000)
    wait_for_app(page)
    assert "(cell 9 of 9)" in position.inner_text()

    play.click()  # played again at the end: from the first window, on to the last again
    page.get_by_text(cell_arithmetic(LECTURE_INPUT, LECTURE_KERNEL, 0, 1).text()).wait_for(timeout=30_000)
    page.get_by_text(LAST_CELL).wait_for(timeout=30_000)
    assert_no_exception(page)


@pytest.mark.parametrize("lang", [PAGES_WITH_THEIR_OWN_TEST["pooling"]])
def test_pooling_page(page, app_url, screenshot_dir, lang):
    open_from_sidebar(page, app_url, "pooling", lang)
    codes = page.locator("[data-testid='stCode']")
    for text in ("max(1, 1, 5, 6) = 6", "(1 + 1 + 5 + 6) / 4 = 3.25", "min(1, 1, 5, 6) = 1"):
        codes.filter(has_text=text).first.wait_for(timeout=30_000)
    check_as_shown(page, screenshot_dir, "pooling", lang)


def test_upload_is_checked_and_filtered(page, app_url, tmp_path, screenshot_dir):
    import io

    import numpy as np
    from PIL import Image

    good = tmp_path / "stripes.png"
    pixels = np.zeros((40, 60), dtype=np.uint8)
    pixels[:, ::10] = 255
    Image.fromarray(pixels).save(good)
    fake = tmp_path / "notes.png"
    fake.write_bytes(b"this is a text file, renamed\n" * 20)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    truncated = tmp_path / "cut.png"
    truncated.write_bytes(buffer.getvalue()[:60])

    open_from_sidebar(page, app_url, "convolution", "en")
    open_tab(page, "conv.tab.images", "en")
    page.locator("[data-testid='stSelectbox']").filter(has_text=t("conv.img.source", "en")).click()
    page.get_by_role("option", name=t("conv.img.src.upload", "en")).click()
    wait_for_app(page)
    page.get_by_text(t("images.err.no_upload", "en")).wait_for(timeout=15_000)

    upload = page.locator("[data-testid='stFileUploader'] input[type='file']")
    upload.set_input_files(str(fake))
    wait_for_app(page)
    page.get_by_text(t("images.err.not_image", "en")).wait_for(timeout=15_000)

    upload.set_input_files(str(truncated))
    wait_for_app(page)
    page.get_by_text(t("images.err.truncated", "en", why="")[:40]).wait_for(timeout=15_000)

    upload.set_input_files(str(good))
    wait_for_app(page)
    # The figures' tile titles (their text summaries under them repeat the titles, hence exact and first)
    page.get_by_text(t("conv.img.panel.input", "en", h=40, w=60), exact=True).wait_for(timeout=15_000)
    page.get_by_text("38 × 58").first.wait_for(timeout=15_000)  # Sobel-X, no padding, stride 1
    assert_no_exception(page)
    tall_screenshot(page, screenshot_dir / "conv-upload-en.png", height=1800)

    # the pooling page pools the same uploaded picture's feature map
    click_sidebar_link(page, "pooling", "en")
    page.get_by_text(t("pool.real.feature", "en", h=38, w=58)).first.wait_for(timeout=30_000)
    page.get_by_text(t("pool.real.max", "en", h=19, w=29)).first.wait_for(timeout=30_000)
    assert_no_exception(page)
