"""A classroom at once: N simulated students open the train-and-compare page together and press "train".

    python scripts/load_test.py                          # 40 sessions, 8 configs, tiny generated data
    python scripts/load_test.py --sessions 60 --configs 12
    EXPLAINER_DATA_DIR=/work/shared/datasets python scripts/load_test.py --real-data
    python scripts/load_test.py --browsers 10 --configs 5   # real Chromium pages against a real `streamlit run`
    python scripts/load_test.py --browsers 4 --with-ws 36 --train-images 30000   # 40 students, 4 drawn here

Each session is a Streamlit AppTest (the app's real script, widgets and session state) in its own thread;
all sessions share one process, one job manager and one result store, as they do on a server. A session
opens the app, goes to the page, sets its dataset and epochs with the page's widgets, waits for the others
(a barrier), clicks "train", and once the job queue is empty reruns the page to see its result. Several
sessions ask for the same configuration on purpose: the engine must train each distinct config once.

Prints a table: sessions, distinct configs, trainings run, wall time, peak RSS, p50/p95 page render time.
`simulate()` is also what tests/test_reliability_load.py runs, smaller.

`--browsers N` is the classroom with real browsers instead (see scripts/load_browsers.py): N Chromium contexts
against a `streamlit run` server on tiny data, each typing a small Fashion-MNIST run into the form and pressing
"Start training" together; it reports per session the seconds from the job's end to its result on screen, the
server's CPU while the pages watch and once every result is shown, exceptions, and trainings per config.
`--with-ws M` adds M sessions over WebSockets (scripts/load_ws.py) that press "train" with the browsers: the
server serves N + M students while this machine's two cores draw N tabs, as in a class where every student has
a laptop of their own. `--train-images` sets how long a job takes (the default ends each job within a second of
the click, while the browsers are still drawing the click's own answer).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import os
import platform
import resource
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ENTRYPOINT = str(ROOT / "streamlit_app.py")
PAGE = "pages/train_compare.py"


@dataclass(frozen=True)
class SessionConfig:
    dataset: str  # "fashion_mnist" or "mnist": the page's preset is the dataset's first lecture recipe
    epochs: int
    lang: str = "ko"


@dataclass
class LoadReport:
    sessions: int
    distinct_configs: int
    trainings: Counter  # config hash -> how many times the trainer ran it
    expected_hashes: set
    wall_s: float
    peak_rss_mb: float
    baseline_rss_mb: float
    render_s: list[float]
    errors: list[str] = field(default_factory=list)
    done_sessions: int = 0

    @property
    def trainings_run(self) -> int:
        return sum(self.trainings.values())

    def percentile(self, q: float) -> float:
        ordered = sorted(self.render_s)
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")

    def table(self) -> str:
        rows = [
            ("sessions", f"{self.sessions}"),
            ("distinct configs", f"{self.distinct_configs}"),
            ("trainings run", f"{self.trainings_run} (max per config: {max(self.trainings.values(), default=0)})"),
            ("sessions that saw their result", f"{self.done_sessions}"),
            ("wall time", f"{self.wall_s:.1f} s"),
            ("peak RSS", f"{self.peak_rss_mb:.0f} MB (before the sessions: {self.baseline_rss_mb:.0f} MB)"),
            ("page render p50 / p95", f"{self.percentile(0.5):.2f} s / {self.percentile(0.95):.2f} s "
                                      f"({len(self.render_s)} renders)"),
            ("errors", f"{len(self.errors)}"),
        ]
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class PeakRss:
    """Samples this process's resident memory every 20 ms; `peak_mb` is the highest seen."""

    def __init__(self) -> None:
        self.peak_mb = rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True, name="rss-sampler")

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak_mb = max(self.peak_mb, rss_mb())

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, rss_mb())


@contextlib.contextmanager
def one_server_runtime():
    """One Streamlit runtime shared by every simulated session, as on a real server.

    AppTest installs a fresh mock runtime as a process global before each run and clears it after, which is
    fine one test at a time but not with sessions running concurrently: one session's run would clear the
    runtime under another's feet. Here AppTest's per-run slot is redirected and one runtime stays installed.
    Likewise one script cache (a server compiles each page once, under a lock): AppTest's cache per run made
    sessions compile at the same moment, which trips CPython 3.11's thread-unsafe AST recursion check.
    And AppTest resets the class flag `PagesManager.uses_pages_directory` before every run; while another
    session runs, that sends it down Streamlit's old pages-folder path (the wrong page). A server sets the flag
    once (st.navigation turns it off for good), so it is pinned to False here.
    """
    from unittest.mock import MagicMock

    from streamlit import config
    from streamlit.runtime import Runtime
    from streamlit.testing.v1 import app_test

    runtime = MagicMock(spec=Runtime)
    runtime.media_file_mgr = app_test.MediaFileManager(app_test.MemoryMediaFileStorage("/mock/media"))
    runtime.dataframe_source_mgr = app_test.DataframeSourceManager()
    runtime.cache_storage_manager = app_test.MemoryCacheStorageManager()
    components = app_test.BidiComponentManager()
    components.discover_and_register_components(start_file_watching=False)
    runtime.bidi_component_registry = components

    class PerRunSlot:  # what AppTest assigns (and clears) on every run
        _instance = None

    class PerRunPagesFlag(app_test.PagesManager):  # AppTest's per-run reset lands on this subclass
        pass

    scripts = app_test.ScriptCache()
    # CPython 3.11's AST constructor keeps its recursion depth in shared state: two threads parsing at once can
    # fail with "AST constructor recursion depth mismatch". Streamlit parses each script for its "magic" (AppTest
    # sessions reach that parse from caches of their own), and Python 3.11 parses a source line whenever it
    # formats a traceback (the caret anchors), in any thread: every ast.parse of the process is serialised here
    # (serialising only the magic left one session of 20 with "Script compilation error" on the CI machine).
    real_parse = ast.parse
    parse_lock = threading.RLock()  # re-entrant: a finalizer run by the garbage collector mid-parse may parse too

    def parse_serialised(*args, **kwargs):
        with parse_lock:
            return real_parse(*args, **kwargs)

    ast.parse = parse_serialised
    # AppTest switches on `global.appTest` around each run by swapping `config.get_option` and swapping it back
    # afterwards; runs that overlap restore each other's swaps, and a run that reads the option as off stores no
    # widget format functions (a KeyError later). One server-wide setting instead, as for the runtime.
    real_get_option, real_patch = config.get_option, app_test.patch_config_options

    def get_option_in_app_test(key: str):
        return True if key == "global.appTest" else real_get_option(key)

    config.get_option = get_option_in_app_test
    app_test.patch_config_options = lambda options: contextlib.nullcontext()
    saved = (app_test.Runtime, Runtime._instance, config.get_option, app_test.ScriptCache, app_test.PagesManager,
             app_test.PagesManager.uses_pages_directory)
    app_test.Runtime = PerRunSlot
    app_test.ScriptCache = lambda: scripts
    app_test.PagesManager = PerRunPagesFlag
    saved[4].uses_pages_directory = False
    Runtime._instance = runtime
    try:
        yield runtime
    finally:
        app_test.Runtime, Runtime._instance, app_test.ScriptCache = saved[0], saved[1], saved[3]
        app_test.PagesManager = saved[4]
        saved[4].uses_pages_directory = saved[5]
        config.get_option, app_test.patch_config_options = real_get_option, real_patch
        ast.parse = real_parse


def _widget(at, kind: str, key: str):
    matches = [element for element in getattr(at, kind) if element.key == key]
    if not matches:
        raise LookupError(f"no {kind} with key {key!r} on the page")
    return matches[0]


def _session(index: int, config: SessionConfig, barrier: threading.Barrier, report: LoadReport, lock,
             sessions: list, timeout: float) -> None:
    from streamlit.testing.v1 import AppTest

    from explainer.views.compare import presets_for

    def timed_run(at):
        start = time.perf_counter()
        at.run(timeout=timeout)
        with lock:
            report.render_s.append(time.perf_counter() - start)
        if at.exception:
            raise RuntimeError(f"session {index}: " + " | ".join(str(e.value)[:300] for e in at.exception))

    at = None
    try:
        at = AppTest.from_file(ENTRYPOINT, default_timeout=timeout)
        at.query_params["lang"] = config.lang
        timed_run(at)
        at.switch_page(PAGE)
        timed_run(at)
        if config.dataset != "fashion_mnist":
            _widget(at, "selectbox", "_widget_train.dataset").set_value(config.dataset)
            timed_run(at)
        preset = presets_for(config.dataset)[0]
        # typed into the set-up form; "Start training" submits it with the rest of the form
        _widget(at, "number_input", f"_widget_train.preset_epochs.{preset}").set_value(config.epochs)
    except BaseException as error:  # noqa: BLE001 - reported, and the barrier must not wait for this session
        with lock:
            report.errors.append(f"session {index} opening: {type(error).__name__}: {error}")
        barrier.abort()
        return
    finally:
        sessions[index] = at
    try:
        barrier.wait()  # everyone presses "train" together
        _widget(at, "button", "train_start").click()
        timed_run(at)
    except BaseException as error:  # noqa: BLE001
        with lock:
            report.errors.append(f"session {index} training: {type(error).__name__}: {error}")


def _warm_up() -> None:
    """What a running server has done before a class arrives: pages compiled, torch's lazy imports made.

    CPython 3.11's AST recursion check is not thread-safe, so first compiles racing with the first
    optimiser (whose first use imports torch's compiler stack) can fail spuriously; a warm server is the
    realistic starting point anyway.
    """
    import torch
    from streamlit.testing.v1 import app_test

    from explainer.lecture.chapters import PAGE_NAMES, page_path

    torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1).zero_grad()
    scripts = app_test.ScriptCache()  # the one cache every session shares (see one_server_runtime)
    for path in [ENTRYPOINT, *(str(ROOT / page_path(name)) for name in PAGE_NAMES)]:
        scripts.get_bytecode(path)


def simulate(configs: list[SessionConfig], timeout: float = 300.0, job_timeout: float = 600.0) -> LoadReport:
    """Run one session per entry of `configs` at once against this process's app; see the module docstring.

    EXPLAINER_DATA_DIR / EXPLAINER_CACHE_DIR must point at the data and an (empty) result store first.
    """
    from explainer import ui
    from explainer.i18n import t
    from explainer.training import jobs
    from explainer.training.recipes import config_hash
    from explainer.views.compare import preset_recipe, presets_for

    trainings: Counter = Counter()
    count_lock = threading.Lock()
    real_train = jobs.train_recipe

    def counting_train(recipe, device=None, **kwargs):
        with count_lock:
            trainings[config_hash(recipe, device)] += 1
        return real_train(recipe, device, **kwargs)

    device = jobs.JobManager.resolve_device(None)
    expected = {config_hash(preset_recipe(presets_for(c.dataset)[0], epochs=c.epochs), device) for c in configs}
    report = LoadReport(sessions=len(configs), distinct_configs=len(expected), trainings=trainings,
                        expected_hashes=expected, wall_s=0.0, peak_rss_mb=0.0, baseline_rss_mb=rss_mb(),
                        render_s=[])
    lock = threading.Lock()
    sessions: list = [None] * len(configs)
    barrier = threading.Barrier(len(configs))
    jobs.train_recipe = counting_train
    ui.job_manager.clear()  # a fresh manager on this store, built with the counting trainer
    start = time.perf_counter()
    try:
        with PeakRss() as peak, one_server_runtime():
            _warm_up()
            threads = [threading.Thread(target=_session, args=(i, c, barrier, report, lock, sessions, timeout),
                                        name=f"session-{i}") for i, c in enumerate(configs)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            manager = ui.job_manager()
            deadline = time.monotonic() + job_timeout
            for job in manager.jobs():
                job.wait(max(0.0, deadline - time.monotonic()))
                if job.state != "done":
                    report.errors.append(f"job {job.recipe.name} {job.config_hash}: {job.state} {job.error or ''}")
            # Each student's page, rerun (as its polling fragment would), must now show the finished run.
            for index, (at, config) in enumerate(zip(sessions, configs, strict=True)):
                if at is None:
                    continue
                try:
                    run_start = time.perf_counter()
                    at.run(timeout=timeout)
                    report.render_s.append(time.perf_counter() - run_start)
                    done_prefix = t("train.done", config.lang, acc="\x00", time="", device="").split("\x00")[0]
                    if at.exception:
                        report.errors.append(f"session {index} result: {at.exception[0].value}")
                    elif any(str(s.value).startswith(done_prefix) for s in at.success):
                        report.done_sessions += 1
                    else:
                        report.errors.append(f"session {index}: no finished result shown")
                except BaseException as error:  # noqa: BLE001
                    report.errors.append(f"session {index} result: {type(error).__name__}: {error}")
        report.peak_rss_mb = peak.peak_mb
    finally:
        jobs.train_recipe = real_train
        ui.job_manager.clear()
    report.wall_s = time.perf_counter() - start
    return report


def classroom(sessions: int, distinct: int) -> list[SessionConfig]:
    """`sessions` students over `distinct` configurations (Fashion-MNIST and MNIST presets, 1.. epochs),
    half of them in Korean, so every config is asked for by several students at once."""
    options = [SessionConfig(dataset, epochs) for epochs in range(1, distinct + 1)
               for dataset in ("fashion_mnist", "mnist")][:distinct]
    return [SessionConfig(options[i % distinct].dataset, options[i % distinct].epochs, ("ko", "en")[i % 2])
            for i in range(sessions)]


def machine() -> str:
    cores = os.cpu_count()
    try:
        with open("/proc/meminfo") as meminfo:
            memory = int(meminfo.readline().split()[1]) / 2**20
    except OSError:
        memory = float("nan")
    import torch

    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "no GPU"
    return f"{platform.machine()}, {cores} CPU cores, {memory:.0f} GiB RAM, {gpu}, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--configs", type=int, default=8, help="distinct training configurations")
    parser.add_argument("--browsers", type=int, default=0,
                        help="N real Chromium sessions against a `streamlit run` server (tiny data) instead")
    parser.add_argument("--ws", type=int, default=0, metavar="N",
                        help="N WebSocket sessions speaking Streamlit's protocol to a real server (scripts/load_ws.py)")
    parser.add_argument("--scenario", choices=["pages", "train"], default="pages",
                        help="with --ws: move a slider on the lecture pages, or press Start training")
    parser.add_argument("--servers", type=int, default=1,
                        help="with --ws: web processes behind nginx (scripts/run_servers.sh; Ray for --scenario train)")
    parser.add_argument("--cluster", type=int, default=0, metavar="SERVERS",
                        help="with --browsers: SERVERS web processes behind nginx and a local Ray worker "
                             "(scripts/run_servers.sh RAY=1) instead of one server")
    parser.add_argument("--epochs", type=int, default=1,
                        help="with --browsers: epochs each session trains (from 2 on the result has its curves)")
    parser.add_argument("--with-ws", type=int, default=0, metavar="M",
                        help="with --browsers: M more sessions over WebSockets pressing train with the browsers "
                             "(the server serves N + M students, this machine draws N tabs)")
    parser.add_argument("--train-images", type=int, default=300, metavar="N",
                        help="with --browsers or --ws: generated training images per dataset (300: each job ends "
                             "within a second of the click, inside the clicks' redraw; 30000: jobs of about a second)")
    parser.add_argument("--real-data", action="store_true",
                        help="use EXPLAINER_DATA_DIR as it is (default: generate tiny datasets in a temp folder)")
    args = parser.parse_args(argv)
    if args.ws:
        from scripts.load_ws import main as ws_main

        return ws_main(args.ws, args.configs, scenario=args.scenario, servers=args.servers,
                       train_images=args.train_images)
    if args.browsers:
        from scripts.load_browsers import main as browsers_main

        return browsers_main(args.browsers, args.configs, cluster=args.cluster, epochs=args.epochs,
                             ws_sessions=args.with_ws, train_images=args.train_images)

    workspace = Path(tempfile.mkdtemp(prefix="explainer-load-"))
    os.environ["EXPLAINER_CACHE_DIR"] = str(workspace / "cache")
    os.environ.setdefault("EXPLAINER_DEVICE", "cpu")
    os.environ["EXPLAINER_NO_DOWNLOAD"] = "1"
    if not args.real_data:
        from tests.datagen import write_tiny_datasets

        os.environ["EXPLAINER_DATA_DIR"] = str(write_tiny_datasets(workspace / "data", train=1000, test=200))
    configs = classroom(args.sessions, args.configs)
    print(f"{args.sessions} sessions, {args.configs} configs, data: {os.environ.get('EXPLAINER_DATA_DIR')}",
          file=sys.stderr)
    report = simulate(configs)
    print(f"machine: {machine()}")
    print(report.table())
    for error in report.errors[:20]:
        print("  ", error)
    trained_once = all(report.trainings[h] == 1 for h in report.expected_hashes) and \
        set(report.trainings) == report.expected_hashes
    print("every distinct config trained exactly once:", trained_once)
    return 0 if trained_once and not report.errors else 1


if __name__ == "__main__":
    sys.exit(main())
