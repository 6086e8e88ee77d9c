"""A real `streamlit run` on a free port and a headless Debian Chromium driven by Playwright."""

import contextlib
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


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Streamlit finished its script run (and whatever it triggered)."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)


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


def click_sidebar_link(page, name: str, lang: str) -> None:
    """Follow the sidebar's link to `name` and wait until that page's title shows."""
    page.locator("[data-testid='stSidebarNav']").get_by_text(t(nav_label_key(name), lang), exact=True).click()
    wait_for_app(page)
    page.get_by_role("heading", name=page_title(name, lang)).first.wait_for(timeout=30_000)


def ellipsis_texts(page, selector: str) -> list[tuple[str, bool]]:
    """Every element matching `selector` that Streamlit ends with "…" when it does not fit, as (its text,
    whether it is cut off now)."""
    return [(text, cut) for text, cut in page.evaluate("""selector => [...document.querySelectorAll(selector)]
        .filter(e => getComputedStyle(e).textOverflow === "ellipsis")
        .map(e => [e.textContent, e.scrollWidth > e.clientWidth + 1])""", selector)]


def assert_no_exception(page) -> None:
    """Streamlit draws an uncaught exception as an element on the page instead of failing the request."""
    assert page.locator("[data-testid='stException']").count() == 0
