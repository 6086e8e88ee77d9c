"""A real `streamlit run` on a free port and a headless Debian Chromium driven by Playwright.

One server and one Chromium serve every test of a pytest process (`make test` runs two processes, `-n 2`);
a test starts its own server only when it needs its own environment (tiny datasets, a server nobody visited).
"""

import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from explainer.i18n import t
from explainer.lecture.chapters import nav_label_key
from explainer.ui import PAGE_NAV_KEY

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("EXPLAINER_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_app(folder: Path, **env_overrides: str):
    """`streamlit run` on a free port with extra environment; yields its URL and stops it afterwards."""
    port = _free_port()
    log = folder / "streamlit.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), **env_overrides}
    with open(log, "w") as log_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"),
             "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"streamlit did not start:\n{log.read_text()}") from None
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


# The longest tests first, so that the two pytest processes of `make test` finish at about the same time.
LONGEST_FIRST = ("test_train_browser", "test_xor_browser", "test_dropout_browser", "test_a_deep_link")


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        return next((index for index, name in enumerate(LONGEST_FIRST) if name in item.nodeid), len(LONGEST_FIRST))

    items.sort(key=rank)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("server")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs a Chromium for the browser tests (apt-get install chromium)")
        pytest.skip("no Chromium found (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory):
    wanted = os.environ.get("EXPLAINER_SCREENSHOTS")
    if wanted:
        Path(wanted).mkdir(parents=True, exist_ok=True)
        return Path(wanted)
    return tmp_path_factory.mktemp("screenshots")


def wait_until_drawn(page, timeout: float = 30_000) -> None:
    """No loading skeleton left and every plotly chart has drawn its SVG: what a screenshot should show."""
    page.wait_for_function(
        """() => !document.querySelector("[data-testid='stSkeleton']") &&
                 [...document.querySelectorAll("[data-testid='stPlotlyChart']")].every(
                     chart => chart.querySelector('.main-svg'))""",
        timeout=timeout)


# Idle and something drawn: before a page's websocket has connected (a cold server on a loaded machine takes
# seconds) the app also says "notRunning", with nothing on it yet.
APP_DRAWN_AND_IDLE = ("[data-testid='stApp'][data-test-script-state='notRunning'] "
                      "[data-testid='stMainBlockContainer'] [data-testid='stElementContainer']")


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Streamlit finished its script run (and whatever it triggered), and the page has drawn something."""
    # "attached", not "visible": a page's first element may be one that shows nothing (a style, a key binding).
    page.locator(APP_DRAWN_AND_IDLE).first.wait_for(state="attached", timeout=timeout)
    page.wait_for_timeout(300)
    page.locator(APP_DRAWN_AND_IDLE).first.wait_for(state="attached", timeout=timeout)


def page_title(name: str, lang: str) -> str:
    return t("app.title" if name == "home" else f"page.{name}", lang)


def open_page(page, app_url: str, name: str, lang: str, app_timeout: float = 60_000,
              heading_timeout: float = 30_000) -> None:
    """Go straight to `name`'s address in `lang` (a direct link) and wait until the script ran and the title shows.

    A first visit to a server may need a longer `app_timeout`: it imports torch and plotly there.
    """
    page.goto(f"{app_url}/{'' if name == 'home' else name}?lang={lang}")
    wait_for_app(page, timeout=app_timeout)
    page.get_by_role("heading", name=page_title(name, lang)).first.wait_for(timeout=heading_timeout)


def open_from_sidebar(page, app_url: str, name: str, lang: str) -> None:
    """Arrive the way a student does: home page, then the sidebar link (the entrypoint runs first)."""
    page.goto(f"{app_url}/?lang={lang}")
    wait_for_app(page)
    click_sidebar_link(page, name, lang)


# The app's own sidebar navigation (explainer.ui.page_links): st.page_link's inside one keyed container.
SIDEBAR_NAV = f".st-key-{PAGE_NAV_KEY}"


def click_sidebar_link(page, name: str, lang: str) -> None:
    """Follow the sidebar's link to `name` and wait until that page's title shows."""
    page.locator(SIDEBAR_NAV).get_by_role("link", name=t(nav_label_key(name), lang), exact=True).click()
    wait_for_app(page)
    page.get_by_role("heading", name=page_title(name, lang)).first.wait_for(timeout=30_000)


def ellipsis_texts(page, selector: str) -> list[tuple[str, bool]]:
    """Every element matching `selector` that Streamlit ends with "…" when it does not fit, as (its text,
    whether it is cut off now)."""
    return [(text, cut) for text, cut in page.evaluate("""selector => [...document.querySelectorAll(selector)]
        .filter(e => getComputedStyle(e).textOverflow === "ellipsis")
        .map(e => [e.textContent, e.scrollWidth > e.clientWidth + 1])""", selector)]


def assert_fits_the_width(page) -> None:
    """Nothing sticks out on the right: the main area and the window have no horizontal scroll bar."""
    overflow = page.evaluate("""() => {
        const main = document.querySelector("[data-testid='stMain']");
        return [main.scrollWidth - main.clientWidth,
                document.documentElement.scrollWidth - document.documentElement.clientWidth];
    }""")
    assert max(overflow) <= 1, f"wider than the window by {overflow} px"


def fit_viewport_to_content(page, width: int = 1400, max_height: int = 6000) -> None:
    """Streamlit scrolls inside its own container, so a whole-page screenshot needs a viewport as tall as the page."""
    height = page.evaluate("document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    page.set_viewport_size({"width": width, "height": min(max(int(height) + 100, 1000), max_height)})
    settle_layout(page)


def settle_layout(page) -> None:
    """Wait until the browser has laid out and painted after a resize (two animation frames)."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def screenshot(page, path: Path, full_page: bool = True) -> None:
    """Save what the user sees to `path` (kept for a person to look at) and check it is not blank: a page that
    failed to draw is one flat colour, a drawn one has text and charts in many shades."""
    from PIL import Image, ImageStat

    png = page.screenshot(path=str(path), full_page=full_page)
    grey = Image.open(io.BytesIO(png)).convert("L")
    shades = len(grey.getcolors(256) or [])
    assert shades >= 32 and ImageStat.Stat(grey).stddev[0] > 8, f"{path.name} looks blank ({shades} shades)"


# What the audit fails on: axe-core's two highest impacts (a student who cannot see, hear or use a mouse is blocked,
# or seriously hindered). "moderate" and "minor" are reported by axe but are advice, not barriers.
BLOCKING_IMPACTS = ("serious", "critical")


# A plotly chart's drawing is thousands of SVG paths that a screen reader skips (the chart's text is the summary
# under it) and that took axe 2-6 s per page on this machine: the audit leaves the drawings out, not the charts'
# toolbars and captions. "region" (all content inside landmarks) is a moderate best practice that never fails the
# test but cost as long again.
AUDIT_CONTEXT = {"exclude": [[".js-plotly-plot .main-svg"]]}
AUDIT_OPTIONS = {"resultTypes": ["violations"], "rules": {"region": {"enabled": False}}}


def accessibility_violations(page) -> list[dict]:
    """axe-core's violations (WCAG 2.x A/AA and axe's best practices) on what the page shows now."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, context=AUDIT_CONTEXT, options=AUDIT_OPTIONS).response["violations"]


def describe_violations(violations: list[dict]) -> str:
    """One line per rule (its impact, what it asks for, how many elements) and the first three offenders."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} [{len(violation['nodes'])}]")
        lines.extend(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}"
                     for node in violation["nodes"][:3])
    return "\n".join(lines)


def assert_accessible(page, where: str) -> None:
    """No serious or critical axe-core violation on the page as it is shown now."""
    blocking = [v for v in accessibility_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], f"accessibility violations on {where}:\n{describe_violations(blocking)}"


def check_as_shown(page, screenshot_dir: Path, name: str, lang: str, *, audit: bool = True,
                   restore: bool = True) -> None:
    """What every page must look like, checked on the visit a test already made: drawn, no exception, no serious
    or critical accessibility violation (axe-core), nothing wider than the window at 1400 px (a screenshot of the
    whole page), and at a classroom projector's 1024 px
    (sidebar open) still nothing wider, no table scrolling sideways, no select box cutting its value and no number,
    label or button cut off with "…".

    `audit`: run axe-core (2-3 s of Chromium's CPU a page); a page is audited in one of its languages, since what
    axe checks (roles, names, contrast, focus) is built the same in both. `restore`: put the window back to its
    size for a test that goes on with the page."""
    viewport = page.viewport_size
    wait_until_drawn(page)
    assert_no_exception(page)
    fit_viewport_to_content(page)
    assert_fits_the_width(page)
    screenshot(page, screenshot_dir / f"{name}-{lang}.png")
    if audit:
        assert_accessible(page, f"{name} ({lang})")
    page.set_viewport_size({"width": 1024, "height": 900})
    settle_layout(page)
    wait_until_drawn(page)
    assert_fits_the_width(page)
    cut_off = [text[:40] for text, cut in ellipsis_texts(page, "[data-testid='stMain'] *") if cut]
    assert cut_off == [], f"cut off at 1024 px on {name} ({lang})"
    assert_tables_fit(page, f"{name} ({lang}) at 1024 px")
    assert_choices_fit(page, f"{name} ({lang}) at 1024 px")
    if restore:
        page.set_viewport_size(viewport)
        settle_layout(page)


def assert_tables_fit(page, where: str) -> None:
    """No table scrolls sideways inside its own box: the data grid (a canvas) and st.table hide the columns past
    their edge without making the page wider, so the page's width check cannot see it (the softmax page's
    gradient column and the XOR outputs were out of view at 1024 px)."""
    wide = page.evaluate("""() => [...document.querySelectorAll(
            "[data-testid='stDataFrame'] .dvn-scroller, [data-testid='stTable'], [data-testid='stTable'] > div")]
        .filter(box => box.clientWidth > 0 && box.scrollWidth > box.clientWidth + 1)
        .map(box => box.scrollWidth - box.clientWidth)""")
    assert wide == [], f"a table on {where} scrolls sideways by {wide} px"


def assert_choices_fit(page, where: str) -> None:
    """Every select box shows its chosen option whole: its value is an input that clips what does not fit, without
    "…" (the train page's dataset and run names were cut at 1024 px)."""
    clipped = page.evaluate("""() => [...document.querySelectorAll(
            "[data-testid='stMain'] [data-testid='stSelectbox'] input")]
        .filter(box => box.clientWidth > 0 && box.scrollWidth > box.clientWidth + 1).map(box => box.value)""")
    assert clipped == [], f"select boxes on {where} cut their value: {clipped}"


def assert_no_exception(page) -> None:
    """Streamlit draws an uncaught exception as an element on the page instead of failing the request."""
    assert page.locator("[data-testid='stException']").count() == 0
