"""The places the app leans on Streamlit's internals: changing a running fragment's polling interval, and
rerunning one fragment of one session from a training job's thread (ui.rerun_fragment).

If a Streamlit upgrade moves either, the live panels would silently fall back to slower behaviour (their first
interval; polling instead of pushes); these tests make that loud instead. The second runs a real Streamlit
runtime in this process (no browser, no port): a session connects, runs a script with a fragment, and a plain
thread asks for that fragment again, as a finished job does.
"""

import asyncio
import threading
from pathlib import Path

from streamlit.testing.v1 import AppTest

from explainer import ui

SCRIPT = """
import streamlit as st
from explainer import ui

st.markdown(f"outside: {ui.set_fragment_interval(2.0)}")

@st.fragment(run_every=1.0)
def panel():
    st.markdown(f"inside: {ui.set_fragment_interval(4.0)} {ui.set_fragment_interval(None)}")

panel()
"""


def test_a_fragment_can_change_and_stop_its_own_polling():
    at = AppTest.from_string(SCRIPT, default_timeout=30).run()
    assert not at.exception
    shown = [m.value for m in at.markdown]
    assert "outside: False" in " ".join(shown)  # outside a fragment there is nothing to change
    assert "inside: True True" in " ".join(shown), shown


PUSHED_SCRIPT = """
import streamlit as st
from explainer import ui
import tests.test_ui_private as probe

probe.RUNS.append("page")
probe.PUSHES.append(ui.pushes_reach_this_session())

@st.fragment
def panel():
    probe.RUNS.append("panel")
    probe.FRAGMENTS.append(ui._this_fragment())
    st.markdown(f"panel run {probe.RUNS.count('panel')}")

panel()
"""
RUNS: list[str] = []
PUSHES: list[bool] = []
FRAGMENTS: list = []


class Client:
    """What the server's websocket would be: it just collects the messages for the browser."""

    def __init__(self):
        self.messages = []

    def write_forward_msg(self, msg) -> None:
        self.messages.append(msg)

    @property
    def client_context(self):
        return None


async def _wait(predicate, seconds: float = 30) -> bool:
    for _ in range(int(seconds / 0.05)):
        if predicate():
            return True
        await asyncio.sleep(0.05)
    return predicate()


def _on_a_connected_session(tmp_path: Path, source: str, query_string: str, scenario) -> None:
    """`await scenario(runtime, session_id)` on a real Streamlit runtime in this process (no browser, no port)
    running `source`, once its one session has asked for its first run with `query_string`, as a browser does."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.runtime import Runtime, RuntimeConfig
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

    script = tmp_path / "app.py"
    script.write_text(source)

    async def main():
        runtime = Runtime(RuntimeConfig(script_path=str(script),
                                        media_file_storage=MemoryMediaFileStorage("/media"),
                                        uploaded_file_manager=MemoryUploadedFileManager("/upload")))
        await runtime.start()
        try:
            session_id = runtime.connect_session(client=Client(), user_info={})
            message = BackMsg()
            message.rerun_script.query_string = query_string
            runtime.handle_backmsg(session_id, message)
            await scenario(runtime, session_id)
        finally:
            runtime.stop()
            await runtime.stopped

    try:
        asyncio.run(main())
    finally:
        Runtime._instance = None


def _push_from_a_thread(session_id: str, fragment_id: str) -> bool:
    """What a training job's thread does: ask for the session's panel again."""
    answers = []
    pusher = threading.Thread(target=lambda: answers.append(ui.rerun_fragment(session_id, fragment_id)))
    pusher.start()
    pusher.join()
    return answers == [True]


def test_a_thread_can_rerun_one_fragment_of_a_connected_session(tmp_path: Path):
    RUNS.clear(), PUSHES.clear(), FRAGMENTS.clear()

    async def scenario(runtime, session_id):
        assert await _wait(lambda: RUNS == ["page", "panel"]), RUNS
        assert PUSHES == [True] and FRAGMENTS[0][0] == session_id
        fragment_id = FRAGMENTS[0][1]
        assert _push_from_a_thread(session_id, fragment_id)
        assert await _wait(lambda: RUNS == ["page", "panel", "panel"]), RUNS  # the panel alone, not the page
        assert ui.rerun_fragment(session_id, "no-such-fragment") is False
        runtime.disconnect_session(session_id)
        assert ui.rerun_fragment(session_id, fragment_id) is False  # a closed session is told nothing

    _on_a_connected_session(tmp_path, PUSHED_SCRIPT, "", scenario)


BUSY_SCRIPT = """
import streamlit as st
from explainer import ui
import tests.test_ui_private as probe

@st.fragment
def panel():
    probe.SEEN.append((ui._this_fragment(), dict(st.query_params)))

panel()
if len(probe.SEEN) == 1:
    probe.GATE.wait(30)  # the first page run stays under way while a job pushes
"""
SEEN: list = []
GATE = threading.Event()


def test_a_push_during_a_page_run_waits_for_it_and_keeps_the_address(tmp_path: Path):
    """A job pushes while the session's first page run is still under way (a page just opened on a busy server):
    the fragment reruns after that run, with the page's own address, not the empty one Streamlit keeps until a
    run has ended (which drew a watcher's page blank on the CI machine)."""
    SEEN.clear(), GATE.clear()

    async def scenario(runtime, session_id):
        try:
            assert await _wait(lambda: len(SEEN) == 1), SEEN
            fragment_id = SEEN[0][0][1]
            assert _push_from_a_thread(session_id, fragment_id)
            await asyncio.sleep(0.5)
            assert len(SEEN) == 1  # the push waits while the page run is under way
            GATE.set()
            assert await _wait(lambda: len(SEEN) == 2), SEEN
            assert SEEN[1][1] == {"lang": "ko", "run": "abc"}
            await asyncio.sleep(0.5)
            assert len(SEEN) == 2  # asked once
        finally:
            GATE.set()

    _on_a_connected_session(tmp_path, BUSY_SCRIPT, "lang=ko&run=abc", scenario)


def test_outside_a_server_pushes_are_off_and_panels_poll():
    assert ui.rerun_fragment("no-session", "no-fragment") is False
    at = AppTest.from_string(
        "import streamlit as st\nfrom explainer import ui\nst.markdown(str(ui.live_poll_seconds(False)))\n"
        "st.markdown(str(ui.live_poll_seconds(True)))", default_timeout=30).run()
    assert [m.value for m in at.markdown] == [str(ui.FALLBACK_POLL_SECONDS), "None"]


def test_no_full_collection_after_every_run_and_the_libraries_frozen_out_of_pythons_own():
    """Streamlit ends every run (a pushed fragment run too) with gc.collect(2) unless `runner.postScriptGC` is
    off: the app's .streamlit/config.toml turns it off (a class's tens of runs a second each held the GIL, so the
    server's event loop, for a walk over the heap: followers' pages waited seconds for their messages). Python's
    own collector still runs as objects pile up; the first page run freezes the imported libraries (torch, plotly,
    pandas) out of it, so those collections do not walk torch's heap either."""
    import gc

    from streamlit import config

    assert config.get_option("runner.postScriptGC") is False
    at = AppTest.from_string("from explainer import ui\nui.language()", default_timeout=30).run()
    assert not at.exception
    assert gc.get_freeze_count() > 250_000  # torch, plotly, pandas and torch's compiler stack hold more objects


def test_the_scripts_loaded_ahead_are_found_in_this_streamlit(tmp_path: Path):
    """ui.preload_element_scripts names Streamlit's built browser script of each element kind it loads ahead
    (plotly's, 4.7 MB); an upgrade that renames or splits it would lose the head start silently: this makes it
    loud. Two candidates, or none, are left out rather than guessed."""
    assert [name.split(".")[0] for name in ui.element_scripts()] == list(ui.PRELOADED_ELEMENTS)
    for name in ("PlotlyChart.aaa.js", "PlotlyChart.bbb.js", "Table.ccc.js", "Table.ccc.js.map", "Slider.ddd.js"):
        (tmp_path / name).touch()
    assert ui.element_scripts(("PlotlyChart", "Table", "Metric"), tmp_path) == ["Table.ccc.js"]
