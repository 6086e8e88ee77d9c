"""A class following its lecturer with real browsers: how long until every student's page shows the lecturer's.

    python scripts/follow_load.py                 # 10 followers, a server of its own on port 8655
    python scripts/follow_load.py --followers 20 --url http://localhost:8501   # against a running server

A lecturer (Chromium, Korean, 1400 px) opens a class; N students (Chromium contexts, English, 1024 px) join it
with the QR code's link. `--chromium K` keeps K students in Chromium and connects the other N - K over
WebSockets (scripts/follow_ws.py): the server serves N followers, the machine draws K tabs (on two cores, ten
tabs redrawing one page at once take ~10 s of CPU between them; in a class each browser has its own laptop).
The lecturer then switches to the dropout page, and steps its animation three times with the arrow key, then
goes home and back to dropout (pages the server has drawn before). `FOLLOW_LOAD_LOG=file` keeps the server's log.
Reported for each change: every follower's seconds from the lecturer's address showing the
change to the follower's page showing it (Chromium: its address has the change, the page is done running and,
after a page switch, the new page's title is on screen; WebSocket: a whole run with that address has ended;
sorted; the slowest is what the issue's "within 2 s" is about),
and the server's CPU seconds over that change (user + system, from /proc; only when this script started it),
and `uptime`'s load before and after. Real data when EXPLAINER_DATA_DIR is set, the app's own defaults otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
CLASS_FLAGS = ["--client.showErrorDetails", "none", "--client.toolbarMode", "viewer",  # as `make run-class`
               "--server.fileWatcherType", "none"]


def cpu_seconds(pid: int | None) -> float:
    if pid is None:
        return float("nan")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def start_server(port: int) -> subprocess.Popen:
    import socket

    with socket.socket() as probe:  # a server left on the port would answer the health check for this one
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"port {port} is taken: stop that server or pass --port")
    env = {**os.environ, "EXPLAINER_CACHE_DIR": os.environ.get("EXPLAINER_CACHE_DIR", tempfile.mkdtemp())}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
         "--server.port", str(port), *CLASS_FLAGS],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(os.environ.get("FOLLOW_LOAD_LOG", os.devnull), "w"))
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=1)
            return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("the server did not start")


def wait(page, timeout=120_000) -> None:
    page.wait_for_selector(READY, timeout=timeout)


def settle(pages, timeout=20_000) -> None:
    """Each page done running, or given up on after `timeout` (a page that never followed is reported as inf)."""
    for page in pages:
        try:
            wait(page, timeout)
        except Exception:  # noqa: BLE001 - playwright's TimeoutError: measured already, move on
            print("  a page still running after 20 s", flush=True)


def shown(student, pattern: str, title: str | None) -> bool:
    """The student's page shows the change: its address has `pattern`, its script is done running and (after a
    page switch) `title` is the page's heading. (The address alone changes on the link's click, before the run.)"""
    if pattern not in student.url or not student.locator(READY).count():
        return False
    return title is None or student.locator("h1").first.inner_text(timeout=1000).strip() == title


def follow_times(students, pattern: str, start: float, title: str | None = None) -> list[float]:
    """Seconds from `start` to each student's page showing the change (`shown`), polled in turn about every
    50 ms (each student's time is when its check first passed, not when this loop waited for it)."""
    pending = dict(enumerate(students))
    times: dict[int, float] = {}
    deadline = start + 60
    while pending and time.monotonic() < deadline:
        for index, student in list(pending.items()):
            with contextlib.suppress(Exception):  # a page between two runs: looked at again on the next round
                if shown(student, pattern, title):
                    times[index] = time.monotonic() - start
                    del pending[index]
        if pending and students:
            students[0].wait_for_timeout(50)
    return sorted(times.values()) + [float("inf")] * len(pending)


def quiet_browsers(page, window_s: float = 1.0, quiet_cpu_s: float = 0.15, limit_s: float = 90) -> float:
    """Wait until this script's browsers together use under `quiet_cpu_s` CPU seconds in `window_s`; the wait."""
    sys.path.insert(0, str(ROOT))
    from scripts.load_browsers import browser_cpu_seconds

    start = time.monotonic()
    while time.monotonic() - start < limit_s:
        before = browser_cpu_seconds()
        page.wait_for_timeout(window_s * 1000)
        if browser_cpu_seconds() - before < quiet_cpu_s:
            break
    return time.monotonic() - start


def report(what: str, times: list[float], cpu: float, ws_times: list[float] | None = None) -> None:
    line = f"{what}: "
    for kind, values in (("Chromium", times), ("WebSocket", ws_times or [])):
        if values:
            line += (f"{kind} ({len(values)}) slowest {max(values):.2f} s, median {values[len(values) // 2]:.2f} s,"
                     f" each {' '.join(f'{t:.2f}' for t in values)}; ")
    print(f"{line}server CPU {cpu:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--followers", type=int, default=10)
    parser.add_argument("--chromium", type=int, default=None, metavar="K",
                        help="followers in Chromium (default: all); the others follow over WebSockets")
    parser.add_argument("--lecturer", choices=["chromium", "websocket"], default="chromium",
                        help="the lecturer's browser: Chromium on this machine, or a WebSocket session (its laptop)")
    parser.add_argument("--url", help="a running server (default: start one on --port)")
    parser.add_argument("--port", type=int, default=8655)
    args = parser.parse_args()
    in_chromium = args.followers if args.chromium is None else min(args.chromium, args.followers)
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from explainer.i18n import t
    from scripts.follow_ws import WsClass, WsLecturer

    server = None if args.url else start_server(args.port)
    url = args.url or f"http://localhost:{args.port}"
    pid = server.pid if server else None
    ws_class = ws_lecturer = lecturer = None
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=["--no-sandbox", "--disable-gpu"])
            if args.lecturer == "websocket":
                ws_lecturer = WsLecturer(url)
                code = ws_lecturer.code()
            else:
                lecturer = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
                lecturer.goto(f"{url}/?lang=ko")
                wait(lecturer)
                lecturer.locator("[data-testid='stSidebar'] [data-testid='stExpander'] summary").last.click()
                lecturer.locator(".st-key-class_open button").click()
                lecturer.wait_for_selector("[data-testid='stSidebar'] h1")
                code = lecturer.locator("[data-testid='stSidebar'] h1").first.inner_text().strip()
            students = []
            for _ in range(in_chromium):
                student = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
                student.goto(f"{url}/?lang=en&class={code}")
                students.append(student)
            for student in students:
                wait(student)
            if args.followers > in_chromium:
                ws_class = WsClass(url, code, args.followers - in_chromium)
            # Students join over minutes in a class; here in seconds. Measure from a quiet class: every student's
            # browser done loading (plotly's script, loaded ahead while idle: ui.preload_element_scripts).
            if students or lecturer:
                print(f"the browsers quiet after {quiet_browsers(students[0] if students else lecturer):.1f} s",
                      flush=True)
            time.sleep(2)
            print(f"class {code}: lecturer in {args.lecturer}, {in_chromium} followers in Chromium, "
                  f"{args.followers - in_chromium} over WebSockets; load {load()}", flush=True)

            def change(what: str, act, pattern: str, page: str | None = None) -> None:
                """The lecturer's `act`, then every follower's time to show it (`page`: a switch to that page),
                from the lecturer's address showing it (Chromium) or the change being sent (WebSocket)."""
                cpu = cpu_seconds(pid)
                if ws_class:
                    ws_class.mark()
                sent = act()
                if lecturer is not None:
                    lecturer.wait_for_url(lambda address: pattern in address, timeout=60_000, wait_until="commit")
                start = sent if lecturer is None else time.monotonic()
                title = t("app.title" if page == "home" else f"page.{page}", "en") if page else None
                times = follow_times(students, pattern, start, title)
                ws_times = ws_class.times(pattern, start) if ws_class else None
                if ws_times and max(ws_times) == float("inf") and os.environ.get("LOAD_WS_DEBUG"):
                    for follower in ws_class.followers:
                        print("   ", len(follower.drawn), follower.fragment_runs, follower.address(),
                              [(round(at - start, 2), address[-24:]) for at, address in follower.drawn[-3:]])
                settle(students)
                report(what, times, cpu_seconds(pid) - cpu, ws_times)

            def open_page(label: str, name: str):
                if ws_lecturer is not None:
                    return lambda: ws_lecturer.open_page(name)
                return lambda: lecturer.locator(".st-key-page_nav").get_by_role("link", name=label, exact=True).click()

            def step_right() -> float | None:
                if ws_lecturer is not None:
                    return ws_lecturer.step()
                lecturer.mouse.click(700, 5)
                lecturer.keyboard.press("ArrowRight")
                return None

            change("page switch to dropout", open_page("드롭아웃", "dropout"), "/dropout", "dropout")
            if lecturer is not None:
                wait(lecturer)
            time.sleep(4)
            for step in (2, 3, 4):
                change(f"dropout step {step}", step_right, f"dropout.step={step}")
                time.sleep(2)
            # pages this process has drawn before
            change("page switch to home (drawn before)", open_page("홈", "home"), "/?", "home")
            time.sleep(2)
            change("page switch to dropout (drawn before)", open_page("드롭아웃", "dropout"), "/dropout", "dropout")
            cpu = cpu_seconds(pid)
            time.sleep(10)
            print(f"idle class (10 s, nothing changes): server CPU {cpu_seconds(pid) - cpu:.2f} s; load {load()}",
                  flush=True)
            if ws_class and ws_class.exceptions():
                print("exceptions on the WebSocket followers' pages:", ws_class.exceptions()[:5])
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        for sessions in (ws_class, ws_lecturer):
            if sessions is not None:
                with contextlib.suppress(Exception):  # the server is gone: nothing left to close cleanly
                    sessions.close()


if __name__ == "__main__":
    main()
