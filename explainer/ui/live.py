"""Live panels: fragments that a training job or a class pushes to (a rerun of one fragment of one session, from any
thread), their polling intervals, and the process-wide job manager."""

from __future__ import annotations

import streamlit as st


def set_fragment_interval(seconds: float | None) -> bool:
    """Change how often the running `st.fragment(run_every=...)` reruns itself; None stops it.

    Streamlit sets a fragment's timer only where the fragment is called (a whole-page run) and clears it
    only when a page or parent run leaves the fragment out; a panel that follows a job must back off and stop
    by itself, without rerunning the page. This sends the same message Streamlit sends for run_every (and
    for a fragment that is gone). False when there is no running fragment or Streamlit's internals moved:
    the fragment then keeps its interval, which is slower but still correct.
    """
    try:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState, get_script_run_ctx

        ctx, fragment_id = get_script_run_ctx(), ThreadState.get().fragment_id
        if ctx is None or not fragment_id:
            return False
        message = ForwardMsg()
        if seconds is None:
            message.stop_auto_rerun.fragment_ids.append(fragment_id)
        else:
            message.auto_rerun.interval = float(seconds)
            message.auto_rerun.fragment_id = fragment_id
        ctx.enqueue(message)
        return True
    except Exception:  # noqa: BLE001 - private API: never break the page over a polling interval
        return False


# A live panel whose job pushes its changes (follow_job) still looks by itself this often, in case a push is
# lost; where Streamlit's internals moved and nothing can be pushed, it polls as often as a class can afford.
SAFETY_POLL_SECONDS = 10.0
FALLBACK_POLL_SECONDS = 2.0


def _this_fragment() -> tuple[str, str] | None:
    """(session id, fragment id) of the fragment running now, or None outside one."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState, get_script_run_ctx

    ctx = get_script_run_ctx()
    fragment_id = ThreadState.get().fragment_id if ctx is not None else None
    return (ctx.session_id, fragment_id) if fragment_id else None


def _live_session(session_id_: str):
    """The server's AppSession of a connected browser session, or None (closed, AppTest, internals moved)."""
    try:
        from streamlit.runtime import Runtime
        from streamlit.runtime.app_session import AppSession

        if not Runtime.exists():
            return None
        info = Runtime.instance()._session_mgr.get_active_session_info(session_id_)
        session = getattr(info, "session", None)
        return session if isinstance(session, AppSession) else None
    except Exception:  # noqa: BLE001 - private API: no session means "poll", never a broken page
        return None


# A push that finds the session's script running waits for it to end: retried this often, for at most this long
# (then the panel's own safety poll looks); one waiting push per fragment at a time.
PUSH_RETRY_SECONDS = 0.1
PUSH_RETRY_LIMIT_SECONDS = 30.0
_WAITING_PUSHES: set[tuple[str, str]] = set()  # touched on the server's event loop only


def rerun_fragment(session_id_: str, fragment_id: str) -> bool:
    """Ask Streamlit to rerun one fragment of one session now, from any thread, as the browser's own
    `run_every` timer would (the only use of Streamlit's private session API: if an upgrade moves it,
    tests/test_ui_private.py fails and live panels fall back to polling). False when the session has closed,
    its page no longer holds the fragment, or the internals are missing: the caller stops pushing to it.

    The rerun carries the session's last finished run's client state (address, page, widget values). While a
    run is under way that state is out of date (before a session's first run ends it is empty), and Streamlit
    folds a pending rerun's address, page and widget values into the newest request: a push then would take a
    student's new slider value back, or send a page just opened to no page at all (a watcher's page drawn
    blank). So a push that finds a run under way waits for it to end, then asks."""
    session = _live_session(session_id_)
    if session is None or not session.has_fragment(fragment_id):
        return False
    waiting = (session_id_, fragment_id)

    def on_event_loop(attempts_left: int) -> None:  # the session's state is the event loop's: read it there
        from streamlit.proto.ClientState_pb2 import ClientState

        if not session.has_fragment(fragment_id):
            _WAITING_PUSHES.discard(waiting)
            return
        if session._scriptrunner is not None:  # a run is under way: its client state is not known yet
            if attempts_left > 0:
                session._event_loop.call_later(PUSH_RETRY_SECONDS, on_event_loop, attempts_left - 1)
            else:
                _WAITING_PUSHES.discard(waiting)
            return
        _WAITING_PUSHES.discard(waiting)
        state = ClientState()
        state.CopyFrom(session._client_state)
        state.fragment_id, state.is_auto_rerun = fragment_id, True
        session.request_rerun(state)

    def schedule() -> None:
        if waiting in _WAITING_PUSHES:  # a push already waits for this run to end: it will show this change too
            return
        _WAITING_PUSHES.add(waiting)
        on_event_loop(int(PUSH_RETRY_LIMIT_SECONDS / PUSH_RETRY_SECONDS))

    try:
        session._event_loop.call_soon_threadsafe(schedule)
    except Exception:  # noqa: BLE001 - loop closed: the session is ending
        return False
    return True


def pushes_reach_this_session() -> bool:
    """Whether follow_job can push to this session (a real server, internals where expected)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    session = None if ctx is None else _live_session(ctx.session_id)
    return session is not None and hasattr(session, "_client_state") and hasattr(session, "_event_loop")


def live_poll_seconds(finished: bool) -> float | None:
    """How often a live panel looks by itself: never once its job is over; rarely when the job pushes."""
    if finished:
        return None
    return SAFETY_POLL_SECONDS if pushes_reach_this_session() else FALLBACK_POLL_SECONDS


def follow_job(manager, config_hash: str) -> bool:
    """Inside a live panel (an st.fragment): rerun this panel of this session whenever the job changes state
    or reports progress (the manager says so at most every second), so a finished run shows at once however
    many sessions watch, with no polling. Call it before reading the job: a change in between still arrives.
    Watchers of sessions that closed are dropped here and by the job itself. False outside a fragment."""
    here = _this_fragment()
    if here is None:
        return False
    session_id_, fragment_id = here
    manager.forget_watchers(lambda watcher: _live_session(watcher.split("/", 1)[0]) is not None)
    manager.watch(config_hash, f"{session_id_}/{fragment_id}",
                  lambda job: rerun_fragment(session_id_, fragment_id))
    return True


@st.cache_resource(show_spinner=False)
def job_manager():
    """The process-wide training job manager (background threads) on the default result store."""
    from explainer.training.jobs import JobManager
    from explainer.training.store import ResultStore

    return JobManager(ResultStore())


def trained_model(config_hash: str):
    """(the stored run's trained model, None) or (None, a Notice saying why it cannot be used). Never raises.

    Not cached here: the store keeps loaded models itself (keyed by the weights' checksum), and caching a
    refusal would hide the run once it is trained again."""
    return job_manager().store.model_or_notice(config_hash)
