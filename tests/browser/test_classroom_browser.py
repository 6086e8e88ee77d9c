"""The classroom in a real browser: projector mode on every page at 1024 x 768, its keys, a copied link, and a
student's browser following the lecturer's."""

import time

import pytest
from playwright.sync_api import expect

from explainer.classroom.registry import FOLLOWER_TIMEOUT_S
from explainer.i18n import t
from explainer.lecture.chapters import PAGE_NAMES
from tests.browser.conftest import (
    assert_no_exception,
    click_sidebar_link,
    ellipsis_texts,
    screenshot,
    wait_for_app,
)

pytestmark = pytest.mark.browser


def test_projector_mode_fits_a_1024_projector_on_every_page(browser, app_url, screenshot_dir):
    """?present=1 on each page: nothing wider than the window, the sidebar hidden, the first figure whole."""
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="ko-KR")
    page = context.new_page()
    for name in PAGE_NAMES:
        page.goto(f"{app_url}/{'' if name == 'home' else name}?lang=ko&present=1")
        wait_for_app(page, timeout=120_000)
        page.locator("h1").first.wait_for(timeout=30_000)
        assert_no_exception(page)
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), f"{name} scrolls sideways"
        # Hidden by the projector style the page's run draws (a loaded machine showed the page a moment before it).
        expect(page.locator("[data-testid='stSidebar']")).to_be_hidden(timeout=30_000)
        metrics = "[data-testid='stMetricValue'], [data-testid='stMetricValue'] *"
        cut = [text for text, is_cut in ellipsis_texts(page, metrics) if is_cut]
        assert not cut, f"{name}: {cut} cut off"
        charts = page.locator(".js-plotly-plot")
        if name not in ("home", "train_compare"):  # a page about figures draws one; home and training draw text
            charts.first.wait_for(timeout=30_000)
            box = charts.first.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 1024, f"{name}: the figure is cut"
        if name == "xor":  # details in expanders are hidden; a section drawn on demand (the many seeds) is not
            expect(page.locator("[class*='st-key-_section-'] [data-testid='stExpander']")).to_be_visible()
            expect(page.locator("[class*='st-key-_code-'] [data-testid='stExpander']").first).to_be_hidden()
        screenshot(page, screenshot_dir / f"projector_{name}_1024.png", full_page=False)
    context.close()


def test_keys_step_the_page_and_a_copied_link_opens_the_same_view(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
    page = context.new_page()
    page.goto(f"{app_url}/dropout?lang=en&dropout.p=0.3")
    wait_for_app(page, timeout=120_000)
    # The keys work once the page has drawn its step buttons and bound the keys (a first visit to a cold server
    # on a loaded machine took longer than the test looked).
    page.locator(".st-key-step button").wait_for(timeout=60_000)
    page.wait_for_function("window.__explainerKeysBound === true", timeout=30_000)
    page.mouse.click(700, 5)  # the page, not a field, has the keyboard
    for key, address in (("ArrowRight", "dropout.step=2"), ("ArrowRight", "dropout.step=3"), ("p", "present=1")):
        page.keyboard.press(key)
        page.wait_for_url(f"**{address}**", timeout=60_000)  # a loaded CI machine: 15 s was too short
        wait_for_app(page)
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    page.keyboard.press("p")  # the sidebar, hidden in projector mode, comes back
    page.locator("[data-testid='stSidebar']").wait_for(timeout=15_000)
    wait_for_app(page)

    page.locator(".st-key-share_link button").first.click()
    wait_for_app(page)
    link = page.locator("[data-testid='stPopoverBody'] code").first.inner_text()
    assert "dropout.p=0.3" in link and "dropout.step=3" in link and "lang=en" in link, link
    student = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    student.goto(link)
    wait_for_app(student, timeout=60_000)
    assert student.get_by_text(t("dropout.batch_label", "en", step=3)).count() >= 1
    assert student.locator(".st-key-_widget_dropout-p input").first.get_attribute("aria-valuetext") == "0.30"
    student.context.close()
    context.close()


def open_a_class(browser, app_url):
    """A lecturer's browser (Korean) that opened a class from the sidebar: (its page, the class code)."""
    lecturer = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    lecturer.goto(f"{app_url}/?lang=ko")
    wait_for_app(lecturer, timeout=120_000)
    lecturer.locator("[data-testid='stSidebar'] [data-testid='stExpander'] summary").last.click()
    lecturer.locator(".st-key-class_open button").click()
    wait_for_app(lecturer)
    return lecturer, lecturer.locator("[data-testid='stSidebar'] h1").first.inner_text().strip()


def test_a_student_follows_the_lecturer_in_another_browser(browser, app_url):
    """Two browsers: the lecturer opens a class, a student joins by its link (the QR code's), and the student's
    page and settings follow the lecturer's within 2 s; leaving to explore alone stops it."""
    lecturer, code = open_a_class(browser, app_url)
    student = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    student.goto(f"{app_url}/?lang=en&class={code}")
    wait_for_app(student, timeout=60_000)

    click_sidebar_link(lecturer, "dropout", "ko")
    student.wait_for_url("**/dropout?**", timeout=30_000)
    wait_for_app(student)
    # Drawn, not blank (a page switched to from the follow panel's own run once was), in the student's language.
    student.get_by_text(t("dropout.batch_label", "en", step=1)).first.wait_for(timeout=30_000)
    lecturer.mouse.click(700, 5)
    lecturer.keyboard.press("ArrowRight")
    lecturer.wait_for_url("**dropout.step=2**", timeout=60_000)
    changed = time.monotonic()
    student.wait_for_url("**dropout.step=2**", timeout=60_000)
    assert time.monotonic() - changed < 2.0, "the student follows within 2 s"
    assert "lang=en" in student.url, "in the student's own language"
    wait_for_app(student)
    assert student.get_by_text(t("dropout.batch_label", "en", step=2)).count() >= 1

    student.locator(".st-key-class_explore button").click()
    wait_for_app(student)
    lecturer.keyboard.press("ArrowRight")
    lecturer.wait_for_url("**dropout.step=3**", timeout=10_000)
    student.wait_for_timeout(2_500)
    assert "dropout.step=2" in student.url, "exploring alone"
    student.locator(".st-key-class_follow button").click()
    student.wait_for_url("**dropout.step=3**", timeout=5_000)
    # Counted while connected, although the student's page no longer reruns every few seconds to say so: after
    # longer than a mark counts untouched, the lecturer still sees one student.
    student.wait_for_timeout((FOLLOWER_TIMEOUT_S + 2) * 1000)
    following = lecturer.locator("[data-testid='stSidebar'] [data-testid='stMetricValue']").first
    assert following.inner_text().strip() == "1"
    student.context.close()
    expect(following).to_have_text("0", timeout=30_000)  # a student who closed the page is counted out
    lecturer.context.close()


def test_followers_over_websockets_follow_a_lecturer_in_chromium(browser, app_url):
    """The load test's WebSocket followers (scripts/follow_ws.py, what `follow_load.py --chromium K` adds to K
    browsers) do what a following browser does: each one draws the lecturer's page and then the lecturer's step.
    A change in how the follow panel asks the browser to switch pages fails here, not silently in a benchmark."""
    from scripts.follow_ws import WsClass

    lecturer, code = open_a_class(browser, app_url)
    followers = WsClass(app_url, code, 3)
    try:
        expect(lecturer.locator("[data-testid='stSidebar'] [data-testid='stMetricValue']").first).to_have_text(
            "3", timeout=30_000)
        for change, address in ((lambda: click_sidebar_link(lecturer, "dropout", "ko"), "/dropout?"),
                                (lambda: lecturer.keyboard.press("ArrowRight"), "dropout.step=2")):
            followers.mark()
            change()
            lecturer.wait_for_url(f"**{address}**", timeout=60_000)
            wait_for_app(lecturer)
            lecturer.locator(".st-key-step button").wait_for(timeout=60_000)
            lecturer.wait_for_function("window.__explainerKeysBound === true", timeout=30_000)
            lecturer.mouse.click(700, 5)  # the page, not a field, has the keyboard for the next change
            times = followers.times(address, time.monotonic(), limit_s=60)
            assert max(times) < 60, f"every follower drew {address}: {times}"
        assert all("lang=en" in follower.address() for follower in followers.followers), "in their own language"
        assert not followers.exceptions()
    finally:
        followers.close()
        lecturer.context.close()
