"""How long each page takes: on the server (AppTest) and in a browser until the page has finished drawing.

    python scripts/page_bench.py                      # every page, 3 repeats, server and browser
    python scripts/page_bench.py --pages xor dropout --repeats 5 --no-browser

One JSON line per measurement on stdout:
  {"page": "xor", "where": "server", "action": "open", "median_ms": ..., "runs_ms": [...]}
  {"page": "xor", "where": "server", "action": "change", "widget": "xor.hidden", ...}
  {"page": "xor", "where": "browser", "action": "slider", "widget": "...", ...}

Server: the page opened through the entrypoint (a fresh AppTest each repeat), then each of its main-area widgets set
to a value it has not had before in this process (so caches keyed by the settings miss, as when a student moves a
slider), one script run timed per change, with the scripts compiled once as `streamlit run` does (AppTest alone
would compile them on every run: --compile-every-run). `cpu_median_ms` is this process's CPU time for the same runs:
on a shared, loaded machine it moves less than the wall-clock time. Browser: a real `streamlit run` and headless
Chromium; the first slider of the page's main area moved by one key press, timed from the press until the script
state is notRunning again and nothing in the page has changed for QUIET_MS (figures included). The median is over
the repeats. Set EXPLAINER_DATA_DIR to measure with data; the cache goes to a fresh temporary folder unless
EXPLAINER_CACHE_DIR is set. It drives Streamlit from outside the library.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explainer.lecture.chapters import PAGE_NAMES  # noqa: E402

QUIET_MS = 400  # the page counts as drawn once nothing changed for this long after the run ended
CHANGEABLE = ("slider", "select_slider", "selectbox", "number_input", "checkbox", "toggle", "radio")
# Widgets that start work outside the page (a training job, a timer) instead of redrawing it: not benchmarked.
SKIPPED_KEYS = ("dropout.playing",)


def emit(record: dict) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


def summary(runs: list[float]) -> dict:
    return {"median_ms": round(statistics.median(runs), 1), "runs_ms": [round(r, 1) for r in runs]}


# ------------------------------------------------------------------------------------------------ server
def share_one_script_cache() -> None:
    """AppTest compiles the entrypoint and the page anew on every run (a new ScriptCache each time, ~20 ms for
    the XOR page: parse, Streamlit's "magic" rewrite, compile); `streamlit run` keeps one cache per server, so
    a student's rerun never does. One shared cache makes the bench time what the server does."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared


def _open(name: str, lang: str):
    from streamlit.testing.v1 import AppTest

    from explainer.lecture.chapters import page_path

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=300)
    at.query_params["lang"] = lang
    at.run()
    started, cpu = time.perf_counter(), time.process_time()
    if name != "home":
        at.switch_page(page_path(name)).run()
    return at, 1000 * (time.perf_counter() - started), 1000 * (time.process_time() - cpu)


def _widget_name(widget) -> str:
    key = widget.key or ""
    return key.removeprefix("_widget_") or widget.label


def _find_widget(at, identity: tuple[str, str]):
    """The main-area widget of this (type, name) as the last run drew it, or None."""
    return next((w for w in _main_widgets(at) if (w.type, _widget_name(w)) == identity), None)


def _main_widgets(at) -> list:
    """The page's main-area widgets a student changes one at a time; a form's fields are left out: changing one
    runs nothing until the form is submitted (the train page's set-up), and AppTest holds no value for them yet."""
    found = []
    for kind in CHANGEABLE:
        for widget in at.main.get(kind):
            if widget.disabled if hasattr(widget, "disabled") else False:
                continue
            if getattr(widget, "form_id", ""):
                continue
            if _widget_name(widget) not in SKIPPED_KEYS:
                found.append(widget)
    return found


def _new_values(widget, count: int) -> list:
    """`count` values for `widget`, none its current one, as far from repeating as its range allows."""
    kind, value = widget.type, widget.value
    if kind in ("checkbox", "toggle"):
        return [not value if i % 2 == 0 else value for i in range(count)]
    if kind == "slider" and not isinstance(value, (list, tuple)):
        low, high, step = widget.min, widget.max, widget.step
        grid = [low + i * step for i in range(int(round((high - low) / step)) + 1)]
        return _walk(grid, value, count)
    if kind == "number_input":
        step = widget.step or 1
        return [value + step * (i + 1) for i in range(count)]
    if kind == "select_slider":
        options = [type(value)(option) for option in widget.options]
        return _walk(options, value, count)
    if kind in ("selectbox", "radio"):
        return _walk(list(range(len(widget.options))), widget.index, count)
    return []


def _walk(grid: list, current, count: int) -> list:
    """Neighbours of `current` in `grid`, nearest first (one step right, one left, two right, ...), cycling."""
    if len(grid) < 2:
        return []
    here = min(range(len(grid)), key=lambda i: abs(grid[i] - current) if current is not None else i)
    order = [here + d for k in range(1, len(grid)) for d in (k, -k) if 0 <= here + d < len(grid)]
    return [grid[order[i % len(order)]] for i in range(count)]


def _choose_index(widget, index: int) -> None:
    """Pick option `index` of a selectbox or radio the way the browser does: by its shown label.

    AppTest only knows the labels (a format_func such as `names.get` cannot turn them back into values), and its
    own select_index passes the label where a value is expected; the browser sends the label, so this does too.
    """
    class ChosenByIndex(type(widget)):
        index = property(lambda self: self._bench_index)

    widget.__class__ = ChosenByIndex
    widget._bench_index = index
    widget._value = widget.options[index]


def _set(widget, value) -> None:
    if widget.type in ("selectbox", "radio"):
        _choose_index(widget, value)
    else:
        widget.set_value(value)


def bench_server(name: str, lang: str, repeats: int) -> None:
    openings, cpu_openings = [], []
    for _ in range(repeats + 1):  # the first opening imports torch and plotly: dropped
        at, ms, cpu_ms = _open(name, lang)
        openings.append(ms)
        cpu_openings.append(cpu_ms)
    emit({"page": name, "where": "server", "action": "open", "lang": lang, **summary(openings[1:]),
          "cpu_median_ms": round(statistics.median(cpu_openings[1:]), 1)})
    for widget in _main_widgets(at):
        identity = (widget.type, _widget_name(widget))
        runs, cpu_runs = [], []
        current = _find_widget(at, identity)
        if current is None:  # gone after an earlier change (the train page's preset list follows its dataset)
            continue
        for value in _new_values(current, repeats):
            target = _find_widget(at, identity)
            _set(target, value)
            started, cpu = time.perf_counter(), time.process_time()
            at.run()
            runs.append(1000 * (time.perf_counter() - started))
            cpu_runs.append(1000 * (time.process_time() - cpu))
            if at.exception:
                emit({"page": name, "widget": identity[1], "error": str(at.exception[0].value)[:300]})
                break
        if runs:
            emit({"page": name, "where": "server", "action": "change", "widget": identity[1], "kind": identity[0],
                  **summary(runs), "cpu_median_ms": round(statistics.median(cpu_runs), 1)})


# ----------------------------------------------------------------------------------------------- browser
WATCH_JS = """() => {
    window.__benchLast = performance.now();
    const observer = new MutationObserver(() => { window.__benchLast = performance.now(); });
    observer.observe(document.querySelector("[data-testid='stMain']"),
                     {subtree: true, childList: true, attributes: true, characterData: true});
    window.__benchObserver = observer;
}"""
STATE_JS = "() => document.querySelector(\"[data-testid='stApp']\").dataset.testScriptState"


def _press_and_time(page, slider, key: str) -> float:
    """Milliseconds from the key press until the run is over and the page stopped changing."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    slider.focus()
    page.evaluate(WATCH_JS)
    pressed = page.evaluate("() => performance.now()")
    page.keyboard.press(key)
    try:  # a rerun starts within a moment of the key release; a fast one may be over before we look
        page.wait_for_function(f"() => ({STATE_JS})() === 'running'", timeout=1500)
    except PlaywrightTimeout:
        pass
    page.wait_for_function(f"() => ({STATE_JS})() === 'notRunning'", timeout=120_000)
    page.wait_for_function(f"() => performance.now() - window.__benchLast > {QUIET_MS}", timeout=120_000,
                           polling=50)
    last = page.evaluate("() => { window.__benchObserver.disconnect(); return window.__benchLast; }")
    return last - pressed


def page_title(name: str, lang: str) -> str:
    from tests.browser.conftest import page_title as title

    return title(name, lang)


def bench_browser(url: str, browser, name: str, lang: str, repeats: int, width: int) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": width, "height": 1000})
    page = context.new_page()
    started = time.perf_counter()
    page.goto(f"{url}/{'' if name == 'home' else name}?lang={lang}")
    page.get_by_role("heading", name=page_title(name, lang)).first.wait_for(timeout=300_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=300_000)
    page.wait_for_timeout(500)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=300_000)
    opened = 1000 * (time.perf_counter() - started)
    sliders = page.locator("[data-testid='stMain'] [data-testid='stSlider'] input[type='range']")
    try:  # the title shows before the rest of the page has arrived
        sliders.first.wait_for(state="attached", timeout=15_000)
    except PlaywrightTimeout:
        pass
    if sliders.count() == 0:
        emit({"page": name, "where": "browser", "action": "open", "ms": round(opened, 1), "note": "no slider"})
        context.close()
        return
    slider = sliders.first
    label = slider.get_attribute("aria-label") or ""
    runs = []
    for _ in range(repeats):
        at_max = float(slider.input_value()) >= float(slider.get_attribute("max"))
        runs.append(_press_and_time(page, slider, "ArrowLeft" if at_max else "ArrowRight"))
    emit({"page": name, "where": "browser", "action": "slider", "widget": label, "width": width,
          "open_ms": round(opened, 1), **summary(runs)})
    context.close()


def run_browser(names: list[str], lang: str, repeats: int, width: int) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS, chromium_path, running_app

    executable = chromium_path()
    if executable is None:
        emit({"where": "browser", "error": "no Chromium found (apt-get install chromium)"})
        return
    with tempfile.TemporaryDirectory() as folder, running_app(Path(folder)) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        bench_browser(url, browser, "home", lang, 0, width)  # the server's first run imports torch: warms it up
        for name in names:
            bench_browser(url, browser, name, lang, repeats, width)
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", nargs="+", choices=PAGE_NAMES, default=PAGE_NAMES)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--lang", default="ko")
    parser.add_argument("--width", type=int, default=1400, help="browser window width in pixels")
    parser.add_argument("--no-browser", action="store_true", help="server times only (AppTest)")
    parser.add_argument("--no-server", action="store_true", help="browser times only")
    parser.add_argument("--compile-every-run", action="store_true",
                        help="server: compile the scripts on every run, as AppTest does (not the real server)")
    args = parser.parse_args()
    os.environ.setdefault("EXPLAINER_CACHE_DIR", tempfile.mkdtemp(prefix="page-bench-cache-"))
    if not args.no_server:
        if not args.compile_every_run:
            share_one_script_cache()
        for name in args.pages:
            bench_server(name, args.lang, args.repeats)
    if not args.no_browser:
        run_browser(args.pages, args.lang, args.repeats, args.width)


if __name__ == "__main__":
    main()
