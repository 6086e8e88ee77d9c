"""A classroom with real browsers: N Chromium contexts press "Start training" together on one `streamlit run`.

    python scripts/load_test.py --browsers 10 --configs 5
    python scripts/load_test.py --browsers 40 --configs 8 --cluster 2   # 2 web processes + nginx + Ray (issue 15)

The server runs on tiny generated data (tests/datagen.py) with a trainer that counts its calls per config.
Each session opens the home page, then the train page, types "1 epoch, a subset of S images" into the set-up
form (S differs by config; several sessions share a config on purpose), waits for the others and presses
"Start training". Reported per session: the seconds from its job's end (its store entry's manifest, written
just before the job turns done) to the result on its screen, whether the run it trained is the one typed,
and any exception on the page; for the server: CPU before the clicks (pages open), while the pages watch
their jobs, and after every result is shown (nothing may poll any more), trainings per config, and the seconds
from each job's end to the server drawing a finished panel (against the browser's seconds: which side is slow);
the browsers' own CPU; the server's resident memory before the sessions (a server that has trained once), with
them open, and after they all closed (it must return to within 10% of the start).

`--cluster N` runs the same classroom against `scripts/run_servers.sh` with RAY=1: N web processes behind nginx
(sticky sessions) and one Ray worker slot that trains for all of them; trainings are counted from the executor's
own log (ray-trainings.log), CPU and memory are per web process, and the page response (opening the train page;
from "Start training" to the page showing the run queued or training) is reported as p50/p95 over sessions.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync",
                 "--no-first-run"]
# Generated images per dataset: 300 by default, so that a job ends a fraction of a second after the click (inside
# the clicks' own redraw); `--train-images 30000` gives jobs of about a second, as a real subset would.
TRAIN_IMAGES, TEST_IMAGES = 300, 60

# The server process: the app's real `streamlit run`, with the trainer wrapped to append each config it trains.
LAUNCHER = """
import json, os, sys, threading
from explainer.training import jobs
from explainer.training.recipes import config_hash
real_train, lock = jobs.train_recipe, threading.Lock()
def counting_train(recipe, device=None, **kwargs):
    with lock, open(os.environ["EXPLAINER_LOAD_COUNTS"], "a") as log:
        log.write(json.dumps(config_hash(recipe, device)) + "\\n")
    return real_train(recipe, device, **kwargs)
jobs.train_recipe = counting_train
import time
from explainer.views import train as train_view
real_live_view = train_view.live_view
def logging_live_view(job, *args, **kwargs):  # when the server drew each finished panel (per config)
    view = real_live_view(job, *args, **kwargs)
    if view.finished:
        with lock, open(os.environ["EXPLAINER_LOAD_DRAWN"], "a") as log:
            log.write(json.dumps([job.config_hash, time.time()]) + "\\n")
    return view
train_view.live_view = logging_live_view
# A server that has trained before a class arrives (torch's first run allocates ~200 MB once, for good): memory
# is measured from there, so that what stays after the sessions close is what they left, not torch warming up.
from explainer.views.compare import preset_recipe
from tests.engine_helpers import tiny_datasets
real_train(preset_recipe("fashion_mlp", epochs=1, train_subset=20), "cpu", datasets=tiny_datasets(20, 10))
# ... and has its datasets loaded: they stay in the process for every later session by design (a process cache,
# not a session's), so that with --train-images 60000 they are the start, not memory the sessions left.
from explainer.data.datasets import warm
warm(["fashion_mnist", "mnist"])
from streamlit.web.cli import main
sys.argv = ["streamlit", "run", sys.argv[1], *sys.argv[2:]]
sys.exit(main())
"""


@dataclass
class SessionResult:
    index: int
    lang: str
    subset: int
    expected_hash: str
    epochs: int = 1  # typed into the form: from 2 on, the finished panel draws the run's curves (a plotly chart)
    trained_hash: str | None = None
    shown_at: float | None = None
    open_s: float | None = None  # opening the train page until the script is idle
    response_s: float | None = None  # "Start training" until the page shows the run queued, starting or training
    upstream: str = ""  # behind nginx: the web process that holds this session
    exceptions: int = 0
    error: str | None = None


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (from /proc, no psutil)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def descendants(pid: int) -> list[int]:
    """Every process started (directly or not) by `pid`: here the browser's renderers under Playwright."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def browser_cpu_seconds() -> float:
    """CPU seconds of the browser processes this script started (exited ones no longer count)."""
    total = 0.0
    for pid in descendants(os.getpid()):
        with contextlib.suppress(OSError):
            total += cpu_seconds(pid)
    return total


class CpuWindow:
    """CPU use of the server processes (`pids`) and of the browsers between start and now, in percent of one core."""

    def __init__(self, pids: list[int]) -> None:
        self.pids, self.started = pids, time.monotonic()
        self.cpu, self.browser_cpu = self._server_cpu(), browser_cpu_seconds()

    def _server_cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids)

    def percent(self) -> float:
        return 100 * (self._server_cpu() - self.cpu) / max(1e-9, time.monotonic() - self.started)

    def browser_percent(self) -> float:
        return 100 * (browser_cpu_seconds() - self.browser_cpu) / max(1e-9, time.monotonic() - self.started)


def start_server(workspace: Path, train_images: int = TRAIN_IMAGES) -> tuple[subprocess.Popen, str]:
    import socket

    from tests.datagen import write_tiny_datasets

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "EXPLAINER_DEVICE": "cpu", "EXPLAINER_NO_DOWNLOAD": "1",
           "EXPLAINER_DATA_DIR": str(write_tiny_datasets(workspace / "data", train=train_images, test=TEST_IMAGES)),
           "EXPLAINER_CACHE_DIR": str(workspace / "cache"), "EXPLAINER_LOAD_COUNTS": str(workspace / "trained.jsonl"),
           "EXPLAINER_LOAD_DRAWN": str(workspace / "drawn.jsonl")}
    log = open(workspace / "streamlit.log", "w")  # noqa: SIM115 - open while the server runs
    server = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, str(ROOT / "streamlit_app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--server.disconnectedSessionTTL", "5"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return server, url
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((workspace / "streamlit.log").read_text()) from None
            time.sleep(0.5)


def start_cluster(workspace: Path, servers: int, ray: bool = True,
                  train_images: int = TRAIN_IMAGES) -> tuple[subprocess.Popen, str, list[int]]:
    """`scripts/run_servers.sh` (RAY=1 unless `ray` is False) on tiny data: (its process, nginx's URL, the web
    processes' pids)."""
    import socket

    from tests.datagen import write_tiny_datasets

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "EXPLAINER_DEVICE": "cpu", "EXPLAINER_NO_DOWNLOAD": "1",
           "EXPLAINER_DATA_DIR": str(write_tiny_datasets(workspace / "data", train=train_images, test=TEST_IMAGES)),
           "EXPLAINER_CACHE_DIR": str(workspace / "cache"), "PORT": str(port), "SERVERS": str(servers),
           "RAY": "1" if ray else "0",
           "KEEP_LOGS": "1", "STREAMLIT_FLAGS": "--server.fileWatcherType none --server.disconnectedSessionTTL 5 "
                                                 "--browser.gatherUsageStats false"}
    log = open(workspace / "run_servers.log", "w")  # noqa: SIM115 - open while the servers run
    cluster = subprocess.Popen(["bash", str(ROOT / "scripts" / "run_servers.sh")], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240
    while True:
        web = [pid for pid in descendants(cluster.pid) if b"streamlit" in _cmdline(pid)]
        try:
            healthy = 0
            for index in range(servers):  # every web process answers (nginx answers for the first up already)
                with urllib.request.urlopen(f"http://127.0.0.1:{port + 101 + index}/_stcore/health", timeout=2):
                    healthy += 1
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                if healthy == servers and len(web) == servers:
                    return cluster, url, web
        except OSError:
            pass
        if cluster.poll() is not None or time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(cluster.pid, 15)  # its trap stops nginx, the web processes and Ray
            raise RuntimeError((workspace / "run_servers.log").read_text())
        time.sleep(0.5)


def _cmdline(pid: int) -> bytes:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    return b""


async def _wait_for_app(page, timeout: float = 180_000) -> None:
    selector = "[data-testid='stApp'][data-test-script-state='notRunning']"
    await page.wait_for_selector(selector, timeout=timeout)
    await page.wait_for_timeout(300)
    await page.wait_for_selector(selector, timeout=timeout)


async def _session(browser, url: str, result: SessionResult, ready: asyncio.Barrier, go: asyncio.Barrier,
                   timeout_s: float) -> None:
    from explainer.i18n import t

    context = await browser.new_context(viewport={"width": 1400, "height": 1600})
    page = await context.new_page()
    waited = False
    page.set_default_timeout(600_000)  # a busy shared machine: opening the page may take minutes
    try:
        await asyncio.sleep(2.0 * result.index)  # students arrive over a while; they press "train" together
        await page.goto(f"{url}/?lang={result.lang}")
        await _wait_for_app(page)
        opening = time.monotonic()
        response = await page.goto(f"{url}/train_compare?lang={result.lang}")
        result.upstream = (response and response.headers.get("x-explainer-upstream")) or ""
        await _wait_for_app(page)
        result.open_s = time.monotonic() - opening
        for label, value in ((t("train.epochs", result.lang), str(result.epochs)),
                             (t("train.subset", result.lang), str(result.subset))):
            await page.get_by_label(label, exact=True).and_(page.locator("input")).first.fill(value)
        waited = True
        await ready.wait()
        await go.wait()  # after the idle pages were measured
        clicked = time.monotonic()
        await page.get_by_role("button", name=t("train.start", result.lang)).click()
        done = t("train.done", result.lang, acc="\x00", time="", device="").split("\x00")[0].replace("**", "")
        # The page's answer: the run's live panel, with the cancel button of a run queued or training (or done).
        await page.get_by_role("button", name=t("train.cancel", result.lang)).or_(
            page.get_by_text(done)).first.wait_for(timeout=timeout_s * 1000)
        result.response_s = time.monotonic() - clicked
        await page.get_by_text(done).first.wait_for(timeout=timeout_s * 1000)
        result.shown_at = time.time()
        result.trained_hash = dict(part.split("=", 1) for part in page.url.split("?", 1)[1].split("&")).get("run")
        result.exceptions = await page.locator("[data-testid='stException']").count()
    except Exception as error:  # noqa: BLE001 - reported per session, with what the page shows instead
        result.error = f"{type(error).__name__}: {str(error).splitlines()[0][:120]}"
        with contextlib.suppress(Exception):
            result.exceptions = await page.locator("[data-testid='stException']").count()
            shown = await page.locator("[data-testid='stAlert'], [data-testid='stProgress']").all_inner_texts()
            result.error += " | page shows: " + " / ".join(text.strip()[:80] for text in shown[-3:])
        if not waited:  # the others must not wait for this session for ever
            await ready.wait()
            await go.wait()
    finally:
        print(f"session {result.index}: {'shown' if result.shown_at else 'NOT shown'} {result.error or ''}",
              file=sys.stderr, flush=True)
        result.context = context  # kept open: the page goes on "watching" while the server's CPU is measured


def _rss(pids: list[int]) -> float:
    return sum(rss_mb(pid) for pid in pids)


async def _classroom(url: str, results: list[SessionResult], server_pids: list[int], timeout_s: float,
                     ws_results: list | None = None) -> dict:
    """The classroom: `results` in Chromium, `ws_results` (scripts/load_ws.WsResult) over WebSockets, all pressing
    "Start training" at the same moment."""
    from playwright.async_api import async_playwright

    from scripts.load_ws import _session as ws_session

    ws_results = ws_results or []

    memory = {"server RSS before any session (MB)": _rss(server_pids)}
    memory.update({f"web process {pid} RSS before any session (MB)": rss_mb(pid)
                   for pid in server_pids if len(server_pids) > 1})
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=os.environ.get("EXPLAINER_CHROMIUM",
                                                                                  "/usr/bin/chromium"),
                                                   headless=True, args=CHROMIUM_ARGS)
        everyone = len(results) + len(ws_results) + 1
        ready, go, arrival = asyncio.Barrier(everyone), asyncio.Barrier(everyone), asyncio.Lock()
        opening = CpuWindow(server_pids)
        tasks = [asyncio.create_task(_session(browser, url, result, ready, go, timeout_s)) for result in results]
        tasks += [asyncio.create_task(ws_session(url, result, "train", ready, go, arrival, timeout_s))
                  for result in ws_results]
        await ready.wait()  # every page open with its form filled in
        opened = {"pages opening": opening.percent(), "browsers, pages opening": opening.browser_percent(),
                  "wall seconds until every page was open": time.monotonic() - opening.started}
        await asyncio.sleep(3)
        before = CpuWindow(server_pids)
        await asyncio.sleep(5)
        cpu = {**opened, "pages open, nothing running": before.percent(),
               "browsers, pages open, nothing running": before.browser_percent()}
        watching, clicked = CpuWindow(server_pids), time.time()
        await go.wait()  # every session presses "Start training" now
        await asyncio.gather(*tasks)
        cpu["from the clicks to the last result (training included)"] = watching.percent()
        cpu["browsers, from the clicks to the last result"] = watching.browser_percent()
        cpu["wall seconds from the clicks to the last result"] = time.time() - clicked
        for window in ("0-10 s", "10-20 s", "20-30 s"):  # runs still queued behind a busy server finish first
            after = CpuWindow(server_pids)
            await asyncio.sleep(10)
            cpu[f"{window} after every result was shown, pages still open"] = after.percent()
        memory["server RSS with every session open (MB)"] = _rss(server_pids)
        memory.update({f"web process {pid} RSS with every session open (MB)": rss_mb(pid)
                       for pid in server_pids if len(server_pids) > 1})
        for result in results:
            await result.context.close()
        for result in ws_results:
            await result.session.close()
        await browser.close()
    # Streamlit keeps a closed session for a reconnect for server.disconnectedSessionTTL (set short here), then
    # drops it; what the app kept per session (job watchers, caches) must go with it.
    closed = time.monotonic()
    for seconds in (2, 12, 32):
        await asyncio.sleep(max(0.0, closed + seconds - time.monotonic()))
        memory[f"server RSS {seconds} s after every session closed (MB)"] = _rss(server_pids)
    return {**cpu, **memory}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _trained_hashes(workspace: Path, cluster: bool) -> list[str]:
    """Each config the trainer started, once per training: the wrapped trainer's log, or on Ray the executor's."""
    if not cluster:
        counts_file = workspace / "trained.jsonl"
        return [json.loads(line) for line in counts_file.read_text().splitlines()] if counts_file.exists() else []
    from explainer.training.ray_executor import TRAINING_LOG

    logs = list((workspace / "cache").rglob(TRAINING_LOG))
    return [word for log in logs for line in log.read_text().splitlines() for word in line.replace(",", " ").split()
            if len(word) >= 16 and all(c in "0123456789abcdef" for c in word)]


def main(sessions: int, configs: int, timeout_s: float = 420, cluster: int = 0, epochs: int = 1,
         ws_sessions: int = 0, train_images: int = TRAIN_IMAGES) -> int:
    """`sessions` Chromium contexts and `ws_sessions` WebSocket sessions (what a browser is to the server, drawing
    nothing: the students whose laptops are not this machine) press "Start training" together; 0 when every one
    of them saw the run it typed, with no exception, each config trained once and the server's memory back."""
    from explainer.training.recipes import config_hash
    from explainer.views.compare import preset_recipe
    from scripts.load_ws import WsResult

    workspace = Path(tempfile.mkdtemp(prefix="explainer-browsers-"))
    subsets = [train_images // 5 + k * (train_images // 15) for k in range(configs)]

    def expected(index: int) -> str:
        return config_hash(preset_recipe("fashion_mlp", epochs=epochs, train_subset=subsets[index % configs]), "cpu")

    results = [SessionResult(i, ("ko", "en")[i % 2], subsets[i % configs], expected(i), epochs)
               for i in range(sessions)]
    ws_results = [WsResult(i, ("ko", "en")[i % 2], "train_compare", subsets[i % configs], expected(i), epochs)
                  for i in range(sessions, sessions + ws_sessions)]
    if cluster:
        server, url, server_pids = start_cluster(workspace, cluster, train_images=train_images)
    else:
        server, url = start_server(workspace, train_images=train_images)
        server_pids = [server.pid]
    try:
        cpu = asyncio.run(_classroom(url, results, server_pids, timeout_s, ws_results))
    finally:
        if cluster:  # the script's trap stops nginx, the web processes and Ray
            os.killpg(server.pid, 15)
        else:
            server.terminate()
        server.wait(60)
    trained = _trained_hashes(workspace, bool(cluster))
    where = (f"{cluster} web processes behind nginx, Ray with one worker slot, logs {workspace}" if cluster
             else f"server log {workspace / 'streamlit.log'}")
    print(f"{sessions} browser sessions{f' and {ws_sessions} WebSocket sessions' if ws_sessions else ''}, {configs} "
          f"configs (Fashion-MNIST MLP, {epochs} epoch(s), subsets {subsets} of {train_images}), {where}")
    print(f"{'session':>7} {'client':>9} {'lang':>4} {'subset':>6} {'job end -> shown (s)':>21} "
          f"{'typed run trained':>17} {'exceptions':>10} {'web process':>15}  error")

    def job_end(config: str) -> float | None:
        manifest = workspace / "cache" / "results" / config / "manifest.json"
        return manifest.stat().st_mtime if manifest.exists() else None

    delays: dict[str, list[float]] = {"Chromium": [], "WebSocket": []}
    rows = [(r, "Chromium", r.trained_hash, r.exceptions, r.upstream) for r in results]
    rows += [(r, "WebSocket", r.expected_hash if r.shown_at else None, len(r.exceptions), "") for r in ws_results]
    for result, client, trained_hash, exceptions, upstream in rows:
        ended = job_end(result.expected_hash)
        delay = result.shown_at - ended if result.shown_at and ended else None
        if delay is not None:
            delays[client].append(delay)
        print(f"{result.index:>7} {client:>9} {result.lang:>4} {result.subset:>6} "
              f"{'-' if delay is None else f'{delay:.1f}':>21} {str(trained_hash == result.expected_hash):>17}"
              f" {exceptions:>10} {upstream or '-':>15}  {result.error or ''}")
    for name, value in cpu.items():
        if "RSS" in name:
            print(f"{name}: {value:.0f}")
        elif name.startswith("browsers"):
            print(f"browser CPU, {name.removeprefix('browsers, ')}: {value:.0f} % of one core")
        else:
            print(f"server CPU, {name}: {value:.0f}" + ("" if name.startswith("wall") else " % of one core"))
    drawn_file = workspace / "drawn.jsonl"
    drawn = [json.loads(line) for line in drawn_file.read_text().splitlines()] if drawn_file.exists() else []
    server_delays = sorted(at - job_end(key) for key, at in drawn if job_end(key))
    if server_delays:
        print(f"job end -> the server drew a finished panel: median {server_delays[len(server_delays) // 2]:.1f} s, "
              f"max {server_delays[-1]:.1f} s ({len(server_delays)} finished panels drawn)")
    for name, values in (("opening the train page", [r.open_s for r in results if r.open_s is not None]),
                         ("Start training -> the run's panel", [r.response_s for r in results
                                                                 if r.response_s is not None])):
        if values:
            print(f"page response in Chromium, {name}: p50 {_percentile(values, 0.5):.2f} s, "
                  f"p95 {_percentile(values, 0.95):.2f} s ({len(values)} sessions)")
    for client, count in (("Chromium", sessions), ("WebSocket", ws_sessions)):
        if delays[client]:
            values = sorted(delays[client])
            print(f"job end -> shown ({client}): median {values[len(values) // 2]:.1f} s, max {values[-1]:.1f} s, "
                  f"{len(values)} of {count} sessions saw their result")
    per_config = {h: trained.count(h) for h in {r.expected_hash for r in results + ws_results}}
    print("trainings per config:", sorted(per_config.values()), "(each config once:",
          all(v == 1 for v in per_config.values()) and len(trained) == len(per_config), ")")
    start_mb = cpu["server RSS before any session (MB)"]
    end_mb = cpu["server RSS 32 s after every session closed (MB)"]
    # One server has trained before the class (the launcher): its start is a warm server. The cluster's web
    # processes import torch and the pages with their first session, so their start is no baseline; larger
    # generated datasets stay loaded for every later session (the process's dataset cache, not a session's).
    memory_back = bool(cluster) or train_images != TRAIN_IMAGES or end_mb <= 1.1 * start_mb
    print(f"memory after the sessions closed: {end_mb:.0f} MB, {100 * (end_mb / start_mb - 1):+.0f}% of the start "
          + ("(the web processes had imported nothing yet at the start)" if cluster else
             f"({'within' if end_mb <= 1.1 * start_mb else 'NOT within'} 10%)"))
    ok = memory_back and len(delays["Chromium"]) == sessions and len(delays["WebSocket"]) == ws_sessions and all(
        r.trained_hash == r.expected_hash and not r.exceptions for r in results) and all(
        not r.exceptions and not r.error for r in ws_results) and all(v == 1 for v in per_config.values())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10, int(sys.argv[2]) if len(sys.argv) > 2 else 5,
                  cluster=int(sys.argv[3]) if len(sys.argv) > 3 else 0))
