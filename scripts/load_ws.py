"""A class clicking at once, measured at the server: N WebSocket sessions speak Streamlit's protocol to a real server.

    python scripts/load_test.py --ws 40                      # 40 sessions over the lecture pages move a slider together
    python scripts/load_test.py --ws 40 --scenario train     # 40 sessions press "Start training" together (8 configs)
    python scripts/load_test.py --ws 40 --servers 2          # two web processes behind nginx (scripts/run_servers.sh)

A browser costs a 2-core machine more than the server does (40 Chromium contexts there never finish opening the
page), so this client is what a browser is to the server and nothing more: it opens the WebSocket the browser
opens (`/_stcore/stream`), sends the same `BackMsg` protobufs (a rerun with the address, the page and the widget
values; a fragment's rerun when a widget inside a fragment changes; the fragment reruns that `run_every` asks the
browser for) and reads the same `ForwardMsg`s (the elements, with their widget ids, labels and ranges; the end of
each script run). It draws nothing.

Scenario `pages`: sessions 2k and 2k+1 open lecture page k mod 7, one in Korean and one in English (one session
after another, as students arrive), then all of them move the first slider of their page's main area at the same
moment (to its maximum, or its minimum when it starts there; the convolution page's first control, a number
field of the size calculator, one step). Scenario `train`: every session opens the train page, types "1 epoch, a subset
of S images" into the set-up form (S differs by configuration) and presses "Start training" at the same moment.

Reported: per session and as p50 / p95 the page response (sending the change until the server finished that run,
the time a student waits), opening times, exceptions on any page, the server's CPU; for `train` also the seconds
from each job's end to the finished result reaching the session, and trainings per configuration (each once).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.load_browsers import (  # noqa: E402 - after the path is set
    TRAIN_IMAGES,
    CpuWindow,
    _percentile,
    _trained_hashes,
    rss_mb,
    start_cluster,
    start_server,
)

PAGES = ("activations", "softmax_loss", "perceptron", "convolution", "pooling", "dropout", "xor")
MAIN_AREA = 0  # the first index of an element's delta path: 0 main, 1 sidebar


@dataclass
class Widget:
    id: str
    kind: str  # the element's oneof name: slider, number_input, button, ...
    label: str
    proto: object
    fragment_id: str
    main_area: bool


@dataclass
class WsResult:
    index: int
    lang: str
    page: str
    subset: int | None = None
    expected_hash: str | None = None
    epochs: int = 1  # `train`: typed into the form with the subset
    open_s: float | None = None
    response_s: float | None = None
    changed: str = ""
    shown_at: float | None = None
    fragment_runs: int = 0  # until the result: how often the server redrew a fragment of this tab
    exceptions: list[str] = field(default_factory=list)
    error: str | None = None


class StreamlitSession:
    """One browser tab as the server sees it: a WebSocket with Streamlit's BackMsg / ForwardMsg protobufs."""

    def __init__(self, url: str, page: str, query: str) -> None:
        self.ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.page, self.query = page, query
        self.widgets: dict[str, Widget] = {}
        self.texts: list[str] = []  # markdown bodies, button labels and alerts drawn so far, newest last
        self.exceptions: list[str] = []
        self.values: dict[str, object] = {}  # widget id -> WidgetState this tab holds (sent with every rerun)
        # Set when a whole script run ends, and when a fragment's run ends: a fragment the server pushes (a live
        # panel) cannot end the wait for a whole run that way.
        self.finished = {False: asyncio.Event(), True: asyncio.Event()}
        self.changed = asyncio.Event()  # set when any element arrives
        self.auto_reruns: dict[str, asyncio.Task] = {}
        self.auto_rerun_intervals: dict[str, float] = {}
        self.page_hash = ""
        self.page_paths: dict[str, str] = {}  # page hash -> its address path ("" for home), from `navigation`
        self.elements = 0  # elements received so far (a run that changed something sends some)
        self.fragment_runs = 0  # fragment runs this tab was sent (the server's pushes and run_every's looks)
        self.socket = None
        self.reader: asyncio.Task | None = None

    async def connect(self) -> None:
        import websockets

        cookie = f"explainer_server={secrets.token_hex(8)}"  # nginx's sticky key, as a browser would keep it
        self.socket = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None,
                                               additional_headers={"Cookie": cookie}, open_timeout=600,
                                               ping_interval=None)
        self.reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        for task in self.auto_reruns.values():
            task.cancel()
        if self.reader:
            self.reader.cancel()
        if self.socket:
            await self.socket.close()

    async def rerun(self, fragment_id: str = "", timeout: float = 600) -> float:
        """Sends a rerun with this tab's widget values; returns the seconds until the server finished it."""
        finished = self.finished[bool(fragment_id)]
        finished.clear()
        started = time.monotonic()
        await self._send(fragment_id)
        await asyncio.wait_for(finished.wait(), timeout)
        return time.monotonic() - started

    async def _send(self, fragment_id: str = "", auto: bool = False) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg()
        state = message.rerun_script
        state.query_string, state.page_name, state.page_script_hash = self.query, self.page, self.page_hash
        state.fragment_id, state.is_auto_rerun = fragment_id, auto
        state.widget_states.widgets.extend(self.values.values())
        # A trigger (a button press) is sent once, as the browser does.
        self.values = {key: value for key, value in self.values.items() if not value.HasField("trigger_value")}
        if not fragment_id:  # a full run asks again for the fragments it draws
            for fragment_id_drawn in list(self.auto_reruns):
                self._cancel_auto_rerun(fragment_id_drawn)
        await self.socket.send(message.SerializeToString())

    def set_value(self, widget: Widget, **value) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        state = WidgetState(id=widget.id)
        for name, item in value.items():
            target = getattr(state, name)
            if isinstance(item, list):
                target.data.extend(item) if hasattr(target, "data") else target.extend(item)
            else:
                setattr(state, name, item)
        self.values[widget.id] = state

    def find(self, kind: str, label: str | None = None, main_area: bool | None = None) -> Widget | None:
        for widget in self.widgets.values():
            if widget.kind == kind and (label is None or widget.label == label) and (
                    main_area is None or widget.main_area == main_area):
                return widget
        return None

    async def _read(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        async for data in self.socket:
            message = ForwardMsg()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if kind == "delta":
                self._element(message)
            elif kind == "navigation":  # the page this run drew: the browser asks for it by its hash from now on
                self.page_hash = message.navigation.page_script_hash or self.page_hash
                self.page_paths.update({page.page_script_hash: page.url_pathname
                                        for page in message.navigation.app_pages})
            elif kind == "page_info_changed":
                self.query = message.page_info_changed.query_string
            elif kind == "script_finished" and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                # (a run cut short for a newer one is not the answer; the newer one's end is)
                fragment = message.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
                self.finished[fragment].set()
                self.fragment_runs += fragment
            elif kind == "ref_hash":  # an element the browser has from an earlier run (its message cache)
                self.elements += 1
            elif kind == "auto_rerun":
                self._schedule(message.auto_rerun.interval, message.auto_rerun.fragment_id)
            elif kind == "stop_auto_rerun":
                for fragment_id in message.stop_auto_rerun.fragment_ids:
                    self._cancel_auto_rerun(fragment_id)
            elif kind == "new_session" and not message.metadata.run.fragment_ids:
                # A whole run starts (the server's own too: st.switch_page, st.rerun): as the browser does, the
                # timers of the fragments drawn so far stop; the run's fragments ask again. Timers kept past it
                # ask for fragments the new run does not have, and each request cuts that run short.
                for fragment_id in list(self.auto_reruns):
                    self._cancel_auto_rerun(fragment_id)
            self.on_message(message, kind)

    def on_message(self, message, kind: str) -> None:
        """Called after each ForwardMsg was handled: a subclass's own reading (scripts/follow_ws.py)."""

    def _element(self, message) -> None:
        delta = message.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind is None:
            return
        proto = getattr(element, kind)
        if kind == "exception":
            self.exceptions.append(f"{proto.type}: {proto.message[:160]}")
        for text_field in ("body", "label"):
            text = getattr(proto, text_field, "")
            if isinstance(text, str) and text:
                self.texts.append(text)
        widget_id = getattr(proto, "id", "")
        if isinstance(widget_id, str) and widget_id:
            path = list(message.metadata.delta_path)
            self.widgets[widget_id] = Widget(widget_id, kind, getattr(proto, "label", ""), proto,
                                             delta.fragment_id, bool(path) and path[0] == MAIN_AREA)
        self.elements += 1
        self.changed.set()

    def _schedule(self, interval: float, fragment_id: str) -> None:
        """`st.fragment(run_every=...)`: the browser asks for that fragment's rerun every `interval` seconds (a
        timer already running at that interval is kept, as the browser keeps it)."""
        async def again() -> None:
            while True:
                await asyncio.sleep(interval)
                with contextlib.suppress(Exception):
                    await self._send(fragment_id, auto=True)

        if self.auto_rerun_intervals.get(fragment_id) == interval and fragment_id in self.auto_reruns:
            return
        self._cancel_auto_rerun(fragment_id)
        self.auto_reruns[fragment_id] = asyncio.create_task(again())
        self.auto_rerun_intervals[fragment_id] = interval

    def _cancel_auto_rerun(self, fragment_id: str) -> None:
        task = self.auto_reruns.pop(fragment_id, None)
        self.auto_rerun_intervals.pop(fragment_id, None)
        if task:
            task.cancel()

    async def wait_for_text(self, prefix: str, timeout: float) -> float:
        """Seconds until an element whose text starts with `prefix` arrived (0 when one already had)."""
        deadline = time.monotonic() + timeout
        while True:
            if any(prefix in text for text in self.texts):
                return time.time()
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), max(0.01, deadline - time.monotonic()))


def _main_control(session: StreamlitSession) -> tuple[Widget, dict, str]:
    """The page's first slider in the main area (or, on a page without one, its first number field), the value
    that moves it to the other end of its range (a number field: one step up), and what that change is."""
    widget = session.find("slider", main_area=True)
    if widget is not None:
        proto = widget.proto
        now = list(proto.value) if proto.set_value else list(proto.default)
        target = proto.max if not now or now[0] != proto.max else proto.min
        return widget, {"double_array_value": [target]}, f"{widget.label[:30]} {now[0] if now else '?'} -> {target}"
    widget = session.find("number_input", main_area=True)
    proto = widget.proto
    now = proto.value if proto.set_value else proto.default
    target = now + (proto.step or 1) if not proto.has_max or now < proto.max else now - (proto.step or 1)
    return widget, {"double_value": target}, f"{widget.label[:30]} {now:g} -> {target:g}"


async def _session(url: str, result: WsResult, scenario: str, ready: asyncio.Barrier, go: asyncio.Barrier,
                   arrival: asyncio.Lock, timeout_s: float) -> None:
    from explainer.i18n import t

    session = StreamlitSession(url, result.page, f"lang={result.lang}")
    waited = False
    try:
        async with arrival:  # students arrive one after another; they click together
            await session.connect()
            result.open_s = await session.rerun(timeout=timeout_s)
        if scenario == "train":
            for key, value in (("train.epochs", result.epochs), ("train.subset", result.subset)):
                field_widget = session.find("number_input", t(key, result.lang))
                session.set_value(field_widget, double_value=float(value))
            target = session.find("button", t("train.start", result.lang))
            session.set_value(target, trigger_value=True)
            result.changed = f"Start training, subset {result.subset}"
        else:
            target, value, result.changed = _main_control(session)
            session.set_value(target, **value)
        waited = True
        await ready.wait()
        await go.wait()
        session.texts.clear()
        before = session.elements
        result.response_s = await session.rerun(fragment_id=target.fragment_id, timeout=timeout_s)
        result.changed += f" ({session.elements - before} elements{', in a fragment' if target.fragment_id else ''})"
        if scenario == "train":
            done = t("train.done", result.lang, acc="\x00", time="", device="").split("\x00")[0].replace("**", "")
            result.shown_at = await session.wait_for_text(done, timeout_s)
            result.expected_hash = dict(part.split("=", 1) for part in session.query.split("&") if "=" in part
                                        ).get("run") or result.expected_hash
    except Exception as error:  # noqa: BLE001 - reported per session
        result.error = f"{type(error).__name__}: {str(error).splitlines()[0][:120] if str(error) else ''}"
        if os.environ.get("LOAD_WS_DEBUG"):
            result.error += " | last texts: " + " / ".join(text[:60] for text in session.texts[-8:])
        if not waited:
            await ready.wait()
            await go.wait()
    finally:
        result.exceptions = list(session.exceptions)
        result.fragment_runs = session.fragment_runs
        print(f"session {result.index} ({result.page}, {result.lang}): response "
              f"{'-' if result.response_s is None else f'{result.response_s:.2f} s'} {result.error or ''}",
              file=sys.stderr, flush=True)
        result.session = session  # kept open while the server's idle CPU is measured


async def _classroom(url: str, results: list[WsResult], scenario: str, server_pids: list[int],
                     timeout_s: float, windows: tuple[float, float, float]) -> dict:
    """Opens every session, measures the idle server (after `windows[0]` s, for `windows[1]` s), lets them click
    together, then measures the server for `windows[2]` s more with the sessions still open."""
    ready, go = asyncio.Barrier(len(results) + 1), asyncio.Barrier(len(results) + 1)
    arrival = asyncio.Lock()
    opening = CpuWindow(server_pids)
    tasks = [asyncio.create_task(_session(url, result, scenario, ready, go, arrival, timeout_s))
             for result in results]
    await ready.wait()
    figures = {"server CPU while the sessions opened (% of one core)": opening.percent(),
               "seconds until every session was open": time.monotonic() - opening.started}
    await asyncio.sleep(windows[0])
    idle = CpuWindow(server_pids)
    await asyncio.sleep(windows[1])
    figures["server CPU, sessions open, nothing running (% of one core)"] = idle.percent()
    clicks = CpuWindow(server_pids)
    await go.wait()
    await asyncio.gather(*tasks)
    figures["server CPU from the clicks to the last answer (% of one core)"] = clicks.percent()
    figures["seconds from the clicks to the last answer"] = time.monotonic() - clicks.started
    after = CpuWindow(server_pids)
    await asyncio.sleep(windows[2])
    figures[f"server CPU in the {windows[2]:g} s after, sessions still open (% of one core)"] = after.percent()
    figures["server RSS with every session open (MB)"] = sum(rss_mb(pid) for pid in server_pids)
    for result in results:
        await result.session.close()
    return figures


def main(sessions: int, configs: int, scenario: str = "pages", servers: int = 1, timeout_s: float = 600,
         windows: tuple[float, float, float] = (3, 5, 10), train_images: int = TRAIN_IMAGES) -> int:
    """Runs the classroom; 0 when every session got its answer with no exception (`train`: and its result, each
    configuration trained once). `windows`: the idle and after-click CPU windows of `_classroom`, in seconds."""
    from explainer.training.recipes import config_hash
    from explainer.views.compare import preset_recipe

    workspace = Path(tempfile.mkdtemp(prefix="explainer-ws-"))
    subsets = [train_images // 5 + k * (train_images // 15) for k in range(configs)]
    results = []
    for index in range(sessions):
        lang = ("ko", "en")[index % 2]
        if scenario == "train":
            subset = subsets[index % configs]
            expected = config_hash(preset_recipe("fashion_mlp", epochs=1, train_subset=subset), "cpu")
            results.append(WsResult(index, lang, "train_compare", subset, expected))
        else:
            results.append(WsResult(index, lang, PAGES[(index // 2) % len(PAGES)]))
    if servers > 1:
        server, url, server_pids = start_cluster(workspace, servers, ray=scenario == "train",
                                                 train_images=train_images)
    else:
        server, url = start_server(workspace, train_images=train_images)
        server_pids = [server.pid]
    try:
        figures = asyncio.run(_classroom(url, results, scenario, server_pids, timeout_s, windows))
    finally:
        if servers > 1:
            os.killpg(server.pid, 15)
        else:
            server.terminate()
        server.wait(60)
    print(f"{sessions} WebSocket sessions, scenario {scenario}, {servers} web process(es), logs in {workspace}")
    print(f"{'session':>7} {'lang':>4} {'page':<14} {'open (s)':>8} {'response (s)':>12} {'job end -> result (s)':>21} "
          f"{'exceptions':>10}  change / error")
    delays = []

    def number(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    for result in results:
        delay = None
        if result.shown_at and result.expected_hash:
            manifest = workspace / "cache" / "results" / result.expected_hash / "manifest.json"
            delay = result.shown_at - manifest.stat().st_mtime if manifest.exists() else None
            if delay is not None:
                delays.append(delay)
        print(f"{result.index:>7} {result.lang:>4} {result.page:<14} {number(result.open_s):>8} "
              f"{number(result.response_s):>12} {number(delay):>21} {len(result.exceptions):>10}  "
              f"{result.error or result.changed} {'; '.join(result.exceptions)}")
    for name, value in figures.items():
        print(f"{name}: {value:.1f}")
    summary = {"scenario": scenario, "sessions": sessions, "servers": servers}
    for name, values in (("open", [r.open_s for r in results if r.open_s is not None]),
                         ("response", [r.response_s for r in results if r.response_s is not None])):
        if values:
            summary[f"{name}_p50_s"] = round(_percentile(values, 0.5), 3)
            summary[f"{name}_p95_s"] = round(_percentile(values, 0.95), 3)
            print(f"page {name}: p50 {_percentile(values, 0.5):.2f} s, p95 {_percentile(values, 0.95):.2f} s, "
                  f"max {max(values):.2f} s ({len(values)} of {sessions} sessions)")
    summary["exceptions"] = sum(len(r.exceptions) for r in results)
    summary["fragment_runs_per_session"] = round(sum(r.fragment_runs for r in results) / max(1, len(results)), 1)
    summary["errors"] = sum(1 for r in results if r.error)
    ok = summary["exceptions"] == 0 and summary["errors"] == 0 and all(r.response_s is not None for r in results)
    if scenario == "train":
        trained = _trained_hashes(workspace, servers > 1)
        per_config = {h: trained.count(h) for h in {r.expected_hash for r in results}}
        once = all(v == 1 for v in per_config.values()) and len(trained) == len(per_config)
        summary.update(trained_once=once, shown=len(delays))
        if delays:
            median = _percentile(delays, 0.5)
            summary.update(result_median_s=round(median, 2), result_max_s=round(max(delays), 2))
            print(f"job end -> result at the session: median {median:.2f} s, max {max(delays):.2f} s "
                  f"({len(delays)} of {sessions})")
        print("trainings per config:", sorted(per_config.values()), "(each config once:", once, ")")
        ok = ok and once and len(delays) == sessions
    summary["train_images"] = train_images if scenario == "train" else None
    print(json.dumps(summary))
    return 0 if ok else 1
