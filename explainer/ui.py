"""The one Streamlit adapter of the library: language state, shared page furniture, caching.

Everything else in `explainer` is free of Streamlit so it can be tested and benchmarked alone.
"""

from __future__ import annotations

import functools
import json
import os
import threading
import time
from pathlib import Path

import streamlit as st

from explainer.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, normalise_language
from explainer.i18n import t as translate
from explainer.views import links

# Choices live under plain session keys: with a `pages/` folder beside st.navigation, Streamlit
# drops *widget* keys on a page switch, so each widget is re-seeded from its plain key every run.
LANG_KEY = "lang"
SEED_KEY = "global_seed"
DEFAULT_SEED = 777
SESSION_ID_KEY = "session_id"


def _initial_language() -> str:
    """?lang= when the address has it, else Korean: the lecture's language, whatever the browser's locale
    (a classroom PC or a student's laptop set to English still opens the Korean lecture)."""
    return normalise_language(st.query_params.get("lang")) or DEFAULT_LANGUAGE


def leave_pages_folder_mode() -> None:
    """Make sure the entrypoint (sidebar, navigation) runs, even on a server's first request.

    Until some script calls st.navigation, Streamlit treats a `pages/` folder beside the entrypoint
    the old way (its private, process-wide flag `PagesManager.uses_pages_directory`): a direct link
    such as /xor runs pages/xor.py alone, without the entrypoint. Clearing the flag and rerunning
    lands on the same page (its hash comes from its url_path either way), now through the entrypoint.
    The `pages/` folder is the user's layout, so it stays. This is the one place that touches the flag:
    `language()` reads it (one attribute read per call), and it is written and the run repeated at most
    once per server process, by the first session that needs it (AppTest sets the flag again before each
    of its runs). tests/test_ui_pages_folder.py fails if Streamlit changes the behaviour it works around.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


_heap_lock = threading.Lock()
_heap_settled = False


def _settle_startup_heap() -> None:
    """Once per process: import what every page's run and the first training need, then gc.freeze() it.

    A full collection walks the whole heap; with torch, plotly and pandas loaded that is ~270,000 objects and
    60-150 ms of CPU, holding the GIL. Streamlit's own one after every run is off (.streamlit/config.toml,
    `runner.postScriptGC`), but Python's collector still makes one now and then. The imported libraries are
    never garbage: frozen, the collector skips them (the same collection then takes < 1 ms).
    A first optimiser imports torch's compiler stack (~900 modules, ~130,000 objects): made here, so that a
    server's first training does not bring the cost back. Done before sessions build state, so nothing a
    session leaves behind is frozen with them; it costs the process's first page run a few seconds, once.
    """
    global _heap_settled
    if _heap_settled:
        return
    with _heap_lock:
        if _heap_settled:
            return
        import gc

        import pandas  # noqa: F401 - imported to be frozen
        import plotly.graph_objects  # noqa: F401
        import torch

        import explainer.figures.train  # noqa: F401
        import explainer.training.jobs  # noqa: F401
        import explainer.views.train  # noqa: F401

        torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1).zero_grad()
        gc.collect()
        gc.freeze()
        _heap_settled = True
        warm_datasets_in_background()


WARM_DATASETS_ENV = "EXPLAINER_WARM_DATASETS"  # e.g. "fashion_mnist,mnist": `make run-class` sets it


def warm_datasets_in_background() -> threading.Thread | None:
    """A class server loads the lecture's datasets (WARM_DATASETS_ENV) in a thread of its own when its first page
    opens (the lecturer setting up), not on the first visit of a page that needs one while a class waits. Unknown
    names are ignored."""
    from explainer.data.datasets import DATASETS, warm

    names = [name.strip() for name in os.environ.get(WARM_DATASETS_ENV, "").split(",") if name.strip() in DATASETS]
    if not names:
        return None
    thread = threading.Thread(target=warm, args=(names,), name="warm-datasets", daemon=True)
    thread.start()
    return thread


def language() -> str:
    """The language of this session: ?lang= (kept in the address by the sidebar switch), else Korean."""
    _settle_startup_heap()
    leave_pages_folder_mode()
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = _initial_language()
    return st.session_state[LANG_KEY]


def t(key: str, **values) -> str:
    return translate(key, language(), **values)


def persistent_widget(widget, store_key: str, default=None, *, linked: bool = True, **kwargs):
    """Render `widget` (e.g. st.slider) bound to the plain key `store_key`, so it survives page switches.

    `linked`: the value is also kept in the address as `?<store_key>=` (see `url_state`), checked against the
    widget's own range and options; a widget without a default is not linked (there is nothing to leave out)."""
    if store_key not in st.session_state and default is not None:
        st.session_state[store_key] = default
    if linked and default is not None:
        url_state(store_key, default, links.Rule.of_widget(default, kwargs))
    widget_key = f"_widget_{store_key}"
    st.session_state[widget_key] = st.session_state[store_key]

    def remember() -> None:
        st.session_state[store_key] = st.session_state[widget_key]

    return widget(key=widget_key, on_change=remember, **kwargs)


def form_widget(widget, store_key: str, default=None, **kwargs):
    """`persistent_widget` for a widget inside st.form (forms allow no callbacks on their widgets): the
    value reaches `store_key` when the form's submit button runs `commit_form_widgets` as its callback."""
    if store_key not in st.session_state and default is not None:
        st.session_state[store_key] = default
    if default is not None:
        url_state(store_key, default, links.Rule.of_widget(default, kwargs))
    widget_key = f"_widget_{store_key}"
    st.session_state[widget_key] = st.session_state[store_key]
    return widget(key=widget_key, **kwargs)


def commit_form_widgets(store_keys) -> None:
    """Callback of a form's submit button: every form widget's submitted value to its plain key at once."""
    for store_key in store_keys:
        widget_key = f"_widget_{store_key}"
        if widget_key in st.session_state:
            st.session_state[store_key] = st.session_state[widget_key]


# --- the address: every view is a link -------------------------------------------------------------------------
# {store key: (its texts in the address, the page that wrote them)}: what this session last put there, so that a
# value that came in by the address (a link, a lecturer's page) is told apart from the one this session wrote.
URL_WRITTEN_KEY = "_url.written"


def _page_hash() -> str:
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx is not None else ""


# {store key: the texts this session has put in the address, latest last}. A browser's rerun request carries the
# address as it was when the student clicked; under load that can be one this session has since replaced (a slider
# pressed three times while the first run was still drawing). Such an address is behind, not a link: taking it
# would move the slider back. Cleared where the address is meant to bring values again (following the lecturer).
URL_HISTORY_KEY = "_url.history"
URL_HISTORY_LENGTH = 32


def _written() -> dict:
    return st.session_state.setdefault(URL_WRITTEN_KEY, {})


def _history() -> dict:
    return st.session_state.setdefault(URL_HISTORY_KEY, {})


def forget_address_writes() -> None:
    """What this session wrote in the address, forgotten: the next address brings its values whatever they are."""
    _written().clear()
    _history().clear()


def _write_address(name: str, value, default) -> None:
    """`value` into the address as ?name=, or out of it when it is the default (links stay short)."""
    written = _written()
    if value == default:
        written.pop(name, None)
        if name in st.query_params:
            del st.query_params[name]
            _publish_view()
        return
    texts = links.encode(value)
    texts = texts if isinstance(texts, list) else [texts]
    written[name] = (texts, _page_hash())
    history = _history().setdefault(name, [])
    if not history or history[-1] != texts:
        history.append(texts)
        del history[:-URL_HISTORY_LENGTH]
    if st.query_params.get_all(name) != texts:
        st.query_params[name] = texts if len(texts) > 1 else texts[0]
    _publish_view()


def url_state(store_key: str, default, rule: links.Rule | None = None, **widget_arguments):
    """Keep the plain session value `store_key` in the address, and take it from there when a link brought it.

    A value the address holds and this session did not write (a shared link, a reload, a followed lecturer)
    replaces the session's; one the widget could not show (out of range, not an option, text in a number) is
    dropped from the address with a small notice and the page keeps its value. `widget_arguments` (options,
    min_value, max_value, max_chars) say what is valid, as they would to a widget. Returns the value."""
    rule = rule or links.Rule.of_widget(default, widget_arguments)
    texts = st.query_params.get_all(store_key) or None
    if texts is not None and texts != _written().get(store_key, (None,))[0] \
            and texts not in _history().get(store_key, ()):  # an address behind this session's own changes
        try:
            st.session_state[store_key] = links.decode(texts, default, rule)
        except links.BadParameter:
            del st.query_params[store_key]
            link_notice(store_key, ", ".join(texts))
    value = st.session_state.get(store_key, default)
    _write_address(store_key, value, default)
    return value


def link_notice(name: str, value: str) -> None:
    """The small notice that a link's ?name=value was ignored (out of range, unknown, gone)."""
    st.toast(t("link.bad_parameter", name=name, value=value), icon=":material/link_off:")


def linked_tabs(labels: list[str], key: str):
    """st.tabs whose open tab is in the address (Streamlit's own binding, ?<key>=<label>), so a link opens it.

    Bound tabs track their state: each tab's `.open` says whether it is the one shown, and choosing another reruns
    the page, so a page can build only the open tab (the convolution page's five tabs cost the browser its time
    for four nobody was looking at)."""
    tabs = st.tabs(labels, key=key, bind="query-params")
    opened = st.session_state.get(key)
    if opened in labels and opened != labels[0]:
        _written()[key] = ([opened], _page_hash())
    else:
        _written().pop(key, None)
    return tabs


def show_open_tab(tabs, panels) -> None:
    """Build only the open tab's panel (`linked_tabs`), as a fragment: its controls rerun that panel alone. The
    other tabs stay empty until one is chosen, which reruns the page and builds that one."""
    for tab, panel in zip(tabs, panels, strict=True):
        if tab.open:
            with tab:
                st.fragment(panel)()


def page_link() -> str:
    """The address of the view on the screen: this page, its language and every value that is not a default."""
    from urllib.parse import urlencode

    page, address = _page_hash(), st.query_params
    pairs = [("lang", language())] + [(name, text) for name in address if name != "lang"
                                      for text in address.get_all(name)]
    # A tab Streamlit binds itself reaches the server's copy of the address only on a page's next run.
    pairs += [(name, text) for name, (texts, where) in sorted(_written().items())
              if where == page and name not in address for text in texts]
    return f"{st.context.url or ''}?{urlencode(pairs)}"


def share_link_popover() -> None:
    """Sidebar popover: the link of this view (with a copy button) and its QR code, for a projected slide.

    Opening it reruns the whole page (on_change="rerun"), so the link holds what a panel (a fragment) changed
    since the last whole run; the QR code is drawn only while it is open."""
    for name, value in st.session_state.pop(links.LINK_NOTICES_KEY, []):
        link_notice(name, value)
    popover = st.sidebar.popover(t("link.share"), icon=":material/qr_code_2:", key="share_link", on_change="rerun",
                                 width="stretch")
    if not popover.open:
        return
    link = page_link()
    with popover:
        st.caption(t("link.copy_help"))
        st.code(link, language=None, wrap_lines=True)
        st.image(links.qr_png(link, scale=6), caption=t("link.qr_caption"))


# --- projector mode ---------------------------------------------------------------------------------------------
PRESENT_KEY = "present"  # ?present=1: the address opens the projector view

# Larger type, black text, no sidebar (P or the "leave" button brings it back), secondary details (code, notes
# in expanders) hidden, less empty space above the page's figure.
_PROJECTOR_CSS = """<style>
html { font-size: 20px; }
.stApp, .stApp p, .stApp li, .stApp label, .stApp span { color: #000 !important; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stExpander"], [data-testid="stCaptionContainer"] { display: none !important; }
[class*="st-key-_section-"] > [data-testid="stExpander"] { display: block !important; }
[data-testid="stMainBlockContainer"] { padding: 0.75rem 1.25rem 2rem !important; max-width: 100% !important; }
.stButton button { font-size: 1.05rem; font-weight: 700; border-width: 2px; }
/* a metric sized in pixels for the normal type would cut its larger number: it takes the room it needs */
[data-testid="stElementContainer"]:has([data-testid="stMetric"]), [data-testid="stMetric"],
[data-testid="stMetricValue"] { width: auto !important; min-width: max-content; }
</style>"""


# The keys of the pages that step or play. A key clicks the page's own button or switch (found by the class
# Streamlit gives a keyed element), or moves its step slider as the slider's own arrow keys do; typing in a field
# is left alone. Installed once per browser tab; each page run replaces the table of what the keys reach.
_SHORTCUTS_JS = """<script>
window.__explainerKeys = %s;
if (!window.__explainerKeysBound) {
  window.__explainerKeysBound = true;
  const actions = {" ": "play", "ArrowLeft": "back", "ArrowRight": "next", "r": "reset", "R": "reset",
                   "p": "present", "P": "present"};
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest && event.target.closest("input, textarea, [contenteditable]");
    const action = actions[event.key];
    if (!action || typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = (window.__explainerKeys || {})[action];
    const box = target && document.querySelector("." + target);
    if (!box) return;
    const control = box.querySelector("button, input[type=checkbox]");
    if (control) {
      control.click();
    } else return;
    event.preventDefault();
  });
}
</script>"""
_SHORTCUT_ACTIONS = ("play", "back", "next", "reset")


def _element_class(key: str) -> str:
    """The CSS class Streamlit gives the element of a widget key (its frontend's rule)."""
    import re

    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


PRESSES_PREFIX = "_presses."  # + a button's key: how many of its presses this session has applied


def button_once(place, label: str, *, key: str, on_press, args: tuple = (), **button_arguments) -> bool:
    """`place.button` whose callback acts once for each press of the button as drawn.

    Streamlit may run a button's callback a second time when a timer's rerun (a fragment's run_every) overtakes the
    run the click started: a lecturer's one key press moved the dropout page two steps. A callback that counts
    ("one step more") would then count twice; this one carries how many presses the drawn button had seen, and a
    call that finds that number already passed does nothing."""
    seen = int(st.session_state.get(PRESSES_PREFIX + key, 0))
    return place.button(label, key=key, on_click=_press_once, args=(key, seen, on_press, args), **button_arguments)


def _press_once(key: str, seen: int, on_press, args: tuple) -> None:
    counter = PRESSES_PREFIX + key
    if int(st.session_state.get(counter, 0)) != seen:  # this press has acted already
        return
    st.session_state[counter] = seen + 1
    on_press(*args)


def _step_slider(store_key: str, last: int, change: int | None) -> None:
    """Callback of a step slider's buttons: one step (change -1 or +1, kept in 0..last) or back to 0 (None)."""
    now = int(st.session_state.get(store_key, 0))
    st.session_state[store_key] = 0 if change is None else min(max(now + change, 0), last)


def keyboard_shortcuts(*, stepped: tuple[str, int] | None = None, **targets: str | None) -> None:
    """On a page that steps or plays: Space (play), left/right (step), R (reset) reach the widget keys given as
    play=, back=, next=, reset=; P switches projector mode on every page. A popover lists them.

    `stepped`: (store key, last step) of a step slider: first/back/next buttons beside it, which the keys press
    (a browser cannot move a slider by a script's key press)."""
    row = st.container(horizontal=True, vertical_alignment="center")
    if stepped is not None:
        key, last = stepped
        for action, change, icon in (("reset", None, "first_page"), ("back", -1, "chevron_left"),
                                     ("next", 1, "chevron_right")):
            button_once(row, f":material/{icon}:", key=f"{key}.{action}", help=t(f"keys.{action}"),
                        on_press=_step_slider, args=(key, last, change))
            targets[action] = f"{key}.{action}"

    def widget_key(key: str) -> str:  # a persistent widget's store key names the widget behind it
        return f"_widget_{key}" if f"_widget_{key}" in st.session_state else key

    reach = {action: _element_class(widget_key(key)) for action, key in targets.items() if key}
    reach["present"] = _element_class("present_leave" if presenting() else f"_widget_{PRESENT_KEY}")
    with row.popover(t("keys.title"), icon=":material/keyboard:"):
        st.markdown("\n".join(f"- {t(f'keys.{action}')}" for action in (*_SHORTCUT_ACTIONS, "present")
                               if action in reach))
    st.html(_SHORTCUTS_JS % json.dumps(reach), unsafe_allow_javascript=True)


def presenting() -> bool:
    """Whether this session shows the projector view (the sidebar switch, or ?present=1 in a link)."""
    return bool(st.session_state.get(PRESENT_KEY, False))


def projector_switch() -> bool:
    """The sidebar switch of projector mode (in the address as ?present=1) and, when on, its style and the
    button that leaves it (the sidebar, and the switch in it, are hidden then)."""
    persistent_widget(st.sidebar.toggle, PRESENT_KEY, False, label=t("present.switch"), help=t("present.help"))
    if presenting():
        st.html(_PROJECTOR_CSS)
        st.button(t("present.leave"), key="present_leave", icon=":material/close_fullscreen:",
                  on_click=apply_changes, args=({PRESENT_KEY: False},), type="tertiary")
    return presenting()


def chart(figure, key: str | None = None, place=None, **kwargs):
    """st.plotly_chart with the chart's text summary (explainer.figures.summary) as a caption under it, the
    numbers a screen reader, or a student who cannot read the chart, needs; drawn for the projector in projector
    mode (explainer.figures.present), where captions are hidden."""
    from explainer.figures.summary import described

    place = place or st
    summary = described(figure, language())
    if presenting():
        from explainer.figures.present import for_projector

        figure = for_projector(figure if isinstance(figure, dict) else figure.to_dict())
    shown = place.plotly_chart(figure, key=key, **kwargs)
    place.caption(summary)
    return shown


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


def session_id() -> str:
    """A stable id of this browser session (kept in session state): who started a training job."""
    import uuid

    return st.session_state.setdefault(SESSION_ID_KEY, uuid.uuid4().hex)


def language_selector() -> str:
    """Sidebar language switch; keeps `?lang=` in the URL so a link or a reload keeps it."""
    language()
    # The label stays the same in both languages so the switch is found in either.
    persistent_widget(st.sidebar.selectbox, LANG_KEY, label=translate("sidebar.language", DEFAULT_LANGUAGE),
                       options=list(LANGUAGES), format_func=LANGUAGE_NAMES.get)
    lang = st.session_state[LANG_KEY]
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def seed_selector() -> int:
    persistent_widget(st.sidebar.number_input, SEED_KEY, DEFAULT_SEED, label=t("sidebar.seed"), min_value=0,
                       max_value=2**31 - 1, step=1, help=t("sidebar.seed_help"))
    return int(st.session_state[SEED_KEY])


def global_seed() -> int:
    return int(st.session_state.get(SEED_KEY, DEFAULT_SEED))


def page_header(page: str) -> None:
    """Title, the lecture section the page explains and a one-line description of a page, from the catalogue
    keys page.<name>, PAGE_LECTURE_SECTION[name] and page.desc.<name>."""
    from explainer.lecture.chapters import PAGE_LECTURE_SECTION

    st.title(t(f"page.{page}"))
    if page in PAGE_LECTURE_SECTION:
        st.caption(t("common.lecture_section", section=t(PAGE_LECTURE_SECTION[page])))
    st.caption(t(f"page.desc.{page}"))


def placeholder(page: str) -> None:
    """What a page not built yet shows: its purpose, in the current language, and no error."""
    page_header(page)
    st.info(f"{t('placeholder.coming')}\n\n{t(f'page.desc.{page}')}")


def show_messages(messages) -> None:
    """Messages of a view-model (each with `kind`: "info", "success", "warning" or "error", and `text`)."""
    for message in messages:
        getattr(st, message.kind)(message.text)


def show_metrics(metrics) -> None:
    """(label, value) pairs side by side, one st.metric each; nothing for none."""
    if metrics:
        for column, (label, value) in zip(st.columns(len(metrics)), metrics, strict=True):
            column.metric(label, value)


CODE_PREFIX = "_code."  # + a code panel's name: whether it is open (a tracked expander's state)
SECTION_PREFIX = "_section."  # + the name of a section drawn on demand, which projector mode shows (not a detail)


def lazy_expander(label: str, name: str, *, section: bool = False):
    """An expander whose content is drawn only while it is open: its container when open, else None.

    Streamlit draws a collapsed expander's content too, and its code highlighter cost an XOR page load 0.35-0.6 s of
    Chromium's time for blocks nobody had opened. Tracked (`on_change="rerun"`), the expander reruns the page when
    opened or closed and keeps its state per session under CODE_PREFIX + name, so it stays open while the
    settings above it change (the name, not the code, is its identity). `section`: a part of the lecture drawn on
    demand (the XOR page's many seeds) rather than a detail: projector mode, which hides expanders, shows it, and
    whether it is open is part of the view (in the address: a link or a followed lecturer opens it too)."""
    key = (SECTION_PREFIX if section else CODE_PREFIX) + name
    if section:
        url_state(key, False)
    panel = st.expander(label, key=key, on_change="rerun")
    return panel if panel.open else None


def code_expander(code: str, name: str) -> None:
    """The lecture's PyTorch code for the current settings, beside the widget it explains, in a panel drawn only
    while open (`lazy_expander`; `name`, unique on its page, keeps it open across the page's reruns)."""
    panel = lazy_expander(t("common.pytorch_code"), name)
    if panel is not None:
        panel.code(code, language="python")


@st.cache_resource(show_spinner=False)
def _device_facts() -> tuple[str, str, int]:
    """(device type, its name, CPU training threads) of the default device, looked up once per process."""
    from explainer.training.device import cpu_threads, default_device, device_name

    device = default_device()
    return device.type, device_name(device), cpu_threads()


def device_label() -> str:
    """The default compute device in the session's language: 'CPU (스레드 2개)', 'CPU (2 threads)', a GPU's name."""
    kind, name, threads = _device_facts()
    if kind != "cpu":
        return name
    return t("sidebar.device_cpu_one" if threads == 1 else "sidebar.device_cpu", threads=threads)


def editable_grid(store_key: str, default, *, disabled: bool = False, step: float = 1.0, linked: bool = True):
    """A small numeric grid (st.data_editor) whose values live under the plain key `store_key`.

    Returns the current values as a float numpy array; empty cells count as 0. `reset_grid` replaces
    the values (a new editor key drops the old edits). `linked`: the values are kept in the address (a grid that
    only mirrors a preset is not: the preset's name is).
    """
    import numpy as np
    import pandas as pd

    default_rows = np.asarray(default, dtype=float).tolist()
    if store_key not in st.session_state:
        st.session_state[store_key] = default_rows
    before = st.session_state[store_key]
    if linked:
        url_state(store_key, default_rows)  # a link's grid replaces the session's: a new editor shows it
    else:
        _write_address(store_key, default_rows, default_rows)  # out of the address
    if st.session_state[store_key] != before:
        reset_grid(store_key, st.session_state[store_key])
    values = np.asarray(st.session_state[store_key], dtype=float)
    version = st.session_state.get(f"{store_key}__version", 0)
    columns = [str(c) for c in range(values.shape[1])]
    edited = st.data_editor(
        pd.DataFrame(values, columns=columns), key=f"_grid_{store_key}_{version}_{values.shape[0]}x{values.shape[1]}",
        disabled=disabled, num_rows="fixed", hide_index=False,
        column_config={c: st.column_config.NumberColumn(c, step=step, format="%.4g", width="small") for c in columns},
    )
    result = np.nan_to_num(edited.to_numpy(dtype=float), nan=0.0)
    if not np.array_equal(result, values):
        st.session_state[store_key] = result.tolist()
        if linked:
            _write_address(store_key, st.session_state[store_key], default_rows)
    return result


def reset_grid(store_key: str, values) -> None:
    import numpy as np

    st.session_state[store_key] = np.asarray(values, dtype=float).tolist()
    st.session_state[f"{store_key}__version"] = st.session_state.get(f"{store_key}__version", 0) + 1


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


# --- what a view-model returns, placed (explainer.views.blocks) ------------------------------------------------


def control(spec, store_key: str, lang: str, place=None, values: dict | None = None, **changed):
    """The widget a views.blocks.Control describes, bound to the plain key `store_key` (see persistent_widget);
    `values` fill its label and help, `changed` overrides its arguments (a range that depends on the data)."""
    values, options = values or {}, {**spec.options, **changed}
    if spec.choices:  # bound to `lang`: format_func is also called outside the script run
        options["format_func"] = lambda choice: translate(f"{spec.choices}{choice}", lang)
    return persistent_widget(getattr(place or st, spec.kind), store_key, spec.default,
                             label=translate(spec.label, lang, **values),
                             help=translate(spec.help, lang, **values) if spec.help else None, **options)


def table(rows, place=None) -> None:
    """A small table of numbers as text that wraps (st.table): in a column at a 1024 px projector it fits, where the
    data grid scrolled sideways and hid its last columns (the formulas, the XOR outputs, the dropout masks)."""
    (place or st).table(rows, hide_index=True)


def _charts(payload) -> None:
    widths, charts = payload
    for column, (key, figure, *below) in zip(st.columns(widths) if widths else [st], charts, strict=True):
        chart(figure, width="stretch", key=key, place=column)
        for text in below:  # a sum written out under its chart
            column.code(text, language=None, wrap_lines=True)


def _metrics(pairs) -> None:
    for column, (label, value) in zip(st.columns(len(pairs)), pairs, strict=True):
        column.metric(label, value)


_RENDER = {"charts": _charts, "metrics": _metrics,
           "arithmetic": lambda text: st.code(text, language=None, wrap_lines=True),
           "table": lambda rows: st.dataframe(rows, hide_index=True, width="stretch", height="content"),
           "details": lambda titled: st.expander(titled[0]).markdown(titled[1])}


def render(blocks, name: str) -> None:
    """A view's blocks in order (kinds and payloads: explainer.views.blocks); `name` names the blocks' code panel
    (`code_expander`; a second one in the same blocks would be name.1)."""
    panels = 0
    for kind, payload in blocks:
        if kind == "pytorch":
            code_expander(payload, name if panels == 0 else f"{name}.{panels}")
            panels += 1
            continue
        place = _RENDER.get(kind) or getattr(st, kind)
        place(payload)


def apply_changes(values: dict, grids: dict | None = None) -> None:
    """A button's callback that sets plain session values and replaces editable grids (reset_grid). Callbacks run
    before the script, so the widgets below already show what it set."""
    for key, grid in (grids or {}).items():
        reset_grid(key, grid)
    st.session_state.update(values)


def drawing_canvas(key: str, side: int, stroke: int):
    """A square freehand canvas, white ink on black: (its RGBA pixels, None before the first stroke; whether the
    optional component loaded). Imported only here, so that a page works without it."""
    try:
        from streamlit_drawable_canvas import st_canvas
    except Exception:  # noqa: BLE001 - whatever breaks inside the optional component
        return None, False
    st.markdown("&nbsp;")  # room for the canvas toolbar, which sits above the canvas
    drawing = st_canvas(stroke_width=stroke, stroke_color="#FFFFFF", background_color="#000000", height=side,
                        width=side, drawing_mode="freedraw", return_image_data=True, key=key)
    return (drawing.image_data if drawing is not None and drawing.json_data else None), True


def form_fields(rows) -> list[str]:
    """Inside st.form: rows of widget specs (each with `widget`, an st.* name, `key`, `default`, `kwargs`; None
    leaves a cell empty), one st.columns row each, bound by `form_widget`. Returns the plain keys, for
    `commit_form_widgets`."""
    keys = []
    for row in rows:
        for column, spec in zip(st.columns(len(row)), row, strict=True):
            if spec is not None:
                keys.append(spec.key)
                form_widget(getattr(column, spec.widget), spec.key, spec.default, **spec.kwargs)
    return keys


def show(elements) -> None:
    """A view-model's outputs, in order: st.<call>(*args, **kwargs) for each element (`call`, `args`, `kwargs`,
    `children`; see explainer.views.train.Element). A container's `children` are drawn inside it; for
    "columns", `children` holds one list of elements per column."""
    for element in elements:
        if element.call == "plotly_chart":
            chart(*element.args, **element.kwargs)
            continue
        made = getattr(st, element.call)(*element.args, **element.kwargs)
        if element.call == "columns":
            for column, inside in zip(made, element.children, strict=False):
                with column:
                    show(inside)
        elif element.children:
            with made:
                show(element.children)


# --- the lecture path (explainer.path: its steps and questions; explainer.views.path: what it shows) -------------

PATH_STEP_KEY = "path.step"  # the step this session is on (0-based); absent off the path
PATH_HIGHLIGHT = "outline: 3px dashed #E69F00; outline-offset: 6px; border-radius: 6px;"  # Okabe-Ito orange, dashed


PATH_ADDRESS_KEY = "path.address"  # the ?path= value last read or written, so only a new address moves the path
PATH_SWITCH_KEY = "path.switch"  # set by a path button's callback: open the step's page on this run


def _choose_step(index: int) -> None:
    """A path button's callback: the step's widget values set before the script runs (a button's own value does
    not survive the rerun that `language()` may make), its page opened by `lecture_path` on this run."""
    from explainer.views.path import entry_state

    st.session_state.update(entry_state(index, st.session_state.get(LANG_KEY, DEFAULT_LANGUAGE)))  # no page switch
    st.session_state[PATH_STEP_KEY] = index
    st.session_state[PATH_SWITCH_KEY] = True


def _open_step(index: int):
    from explainer.lecture.chapters import page_path
    from explainer.path.steps import QUERY_KEY, STEPS

    st.session_state[PATH_ADDRESS_KEY] = str(index + 1)
    st.switch_page(page_path(STEPS[index].page), query_params={"lang": language(), QUERY_KEY: str(index + 1)})


def _leave_path() -> None:
    from explainer.path.steps import QUERY_KEY

    st.session_state.pop(PATH_STEP_KEY, None)
    st.session_state.pop(PATH_ADDRESS_KEY, None)
    if QUERY_KEY in st.query_params:
        del st.query_params[QUERY_KEY]


def start_path_button() -> None:
    """The home page's way onto the lecture path: its first step."""
    st.button(t("path.start"), type="primary", icon=":material/route:", key="path_start", on_click=_choose_step,
              args=(0,))


def lecture_path(current_page: str) -> None:
    """Above every page while this session follows the lecture path: the step's card and its questions.

    `?path=<n>` in the address opens step n (a shared link resumes the path there); the step in the session is
    written back to the address on every run, so that a reload or a copied link keeps it."""
    from explainer.path.steps import QUERY_KEY, parse_step

    address = st.query_params.get(QUERY_KEY)
    if address != st.session_state.get(PATH_ADDRESS_KEY):  # a link or a typed address, not what we wrote
        st.session_state[PATH_ADDRESS_KEY] = address
        linked = parse_step(address)
        if linked is not None and linked != st.session_state.get(PATH_STEP_KEY):
            _choose_step(linked)
    index = st.session_state.get(PATH_STEP_KEY)
    if st.session_state.pop(PATH_SWITCH_KEY, False):
        _open_step(index)
    if index is None:
        return
    if address != str(index + 1):
        st.query_params[QUERY_KEY] = st.session_state[PATH_ADDRESS_KEY] = str(index + 1)
    _path_card(index, current_page)


def _highlight(store_key: str) -> None:
    """Outline the widget bound to `store_key` (Streamlit gives a keyed widget the class st-key-<key>)."""
    import re

    css_class = "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", f"_widget_{store_key}")
    st.html(f"<style>.{css_class} {{ {PATH_HIGHLIGHT} }}</style>")


def _path_card(index: int, current_page: str) -> None:
    from explainer.views import path as view

    card = view.step_card(index, language(), current_page)
    with st.container(border=True, key="lecture_path"):
        st.markdown(f"**{card.heading}**")
        if card.off_page:
            st.markdown(card.off_page)
            st.button(t("path.go_back"), key="path_go_back", on_click=_choose_step, args=(index,))
        else:
            st.markdown(card.look)
            st.markdown(card.move)
            _highlight(card.control)
        row = st.container(horizontal=True)  # buttons as wide as their labels, side by side at any width
        if card.back is not None:
            row.button(t("path.back"), icon=":material/arrow_back:", key="path_back", on_click=_choose_step,
                        args=(card.back,))
        if card.next is None:
            row.success(t("path.last"))
        else:
            row.button(t("path.next"), type="primary", icon=":material/arrow_forward:", key="path_next",
                           on_click=_choose_step, args=(card.next,))
        row.button(t("path.leave"), icon=":material/close:", key="path_leave", on_click=_leave_path)
        if card.questions and not card.off_page:
            with st.expander(card.predict_header, expanded=True):
                _predictions(card.questions)


def _commit_prediction(name: str, pick_key: str) -> None:
    """The Check button's callback: the student's answer is kept, and counted in the class's tally."""
    from explainer.path.tally import CLASS_TALLY

    choice = st.session_state.get(pick_key)
    if choice is not None:
        st.session_state[f"predict.{name}"] = choice
        CLASS_TALLY.record(name, session_id(), choice)


def _predictions(questions) -> None:
    """A step's questions side by side (at most three in a row), so that the page stays near the top."""
    per_row = min(len(questions), 3)
    for row in range(0, len(questions), per_row):
        for column, question in zip(st.columns(per_row), questions[row:row + per_row], strict=False):
            with column:
                _prediction(question)


def _prediction(question) -> None:
    """One question: options and Check until the student commits; then their answer beside the computed one."""
    from explainer.path.tally import CLASS_TALLY
    from explainer.views.path import question_card

    chosen = st.session_state.get(f"predict.{question.name}")
    counts = CLASS_TALLY.counts(question.name, question.options) if chosen is not None else None
    card = question_card(question, chosen, language(), counts)
    with st.container(border=True, key=f"predict_{question.name}"):
        if card.revealed is None:
            pick_key = f"_predict_{question.name}"
            pick = st.radio(card.prompt, list(card.labels), index=None, format_func=card.labels.get, key=pick_key,
                            horizontal=True)
            st.button(card.check, key=f"predict_check_{question.name}", disabled=pick is None,
                      on_click=_commit_prediction, args=(question.name, pick_key), help=t("predict.choose"))
            return
        st.markdown(f"**{card.prompt}**")
        getattr(st, card.revealed.kind)(card.revealed.verdict)
        st.markdown(card.revealed.why)
        st.markdown(card.revealed.slide)
        st.markdown(card.revealed.class_answers)
        st.plotly_chart(card.revealed.chart, key=f"predict_chart_{question.name}", config={"displayModeBar": False})


# --- follow the lecturer ----------------------------------------------------------------------------------------
CLASS_KEY = "_class"  # this session's class: {"code", "role": "lecturer" | "student", "following", "version"}
# Not the lecturer's to hand on: a student keeps their own language, and projector mode is the projector's.
NOT_FOLLOWED = {"lang", PRESENT_KEY, "class"}
# A follower's panel is pushed each change of the class; its early look (follow_look) looks this often by itself,
# in case a push is lost (its server process counts it as present meanwhile: Registry.keep_present). Where pushes
# cannot reach a session it looks every FOLLOW_POLL_SECONDS, which also counts it.
FOLLOW_SAFETY_SECONDS = 10.0
FOLLOW_POLL_SECONDS = 1.0


def _classes():
    from explainer.classroom.registry import Registry

    return Registry(job_manager().store.root / "classes")


def _followed(pairs) -> list[tuple[str, str]]:
    """The (name, value) pairs of an address that a class follows (NOT_FOLLOWED left out)."""
    return [(name, value) for name, value in pairs if name not in NOT_FOLLOWED]


def _lecturer_view(page: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl, urlsplit

    return _followed(parse_qsl(urlsplit(page_link()).query))


def _publish_view() -> None:
    """The lecturer's page and settings to the class (on every whole run and every change a panel writes)."""
    joined = st.session_state.get(CLASS_KEY)
    page = st.session_state.get("_class.page")
    if joined and joined["role"] == "lecturer" and page:
        _classes().publish(joined["code"], session_id(), page, _lecturer_view(page))


def publish_page_switch(page: str) -> None:
    """In the entrypoint, before the page: a lecturer who has just switched pages publishes the new page at once,
    with the settings its address holds, so that the class starts switching while the lecturer's own page runs
    (a figure page's run is 0.2-0.5 s on a busy server). The run's end publishes again only what it changed (a
    setting the page remembered from an earlier visit). Changes within a page are published as they are written."""
    joined = st.session_state.get(CLASS_KEY)
    if not joined or joined["role"] != "lecturer" or st.session_state.get("_class.page") == page:
        return
    address = [(name, value) for name in st.query_params for value in st.query_params.get_all(name)]
    # The page now running: a setting it writes in the address mid-run is published with it, not with the last
    # page (a remembered step published as the home page's sent the class home before the dropout page).
    st.session_state["_class.page"] = page
    _classes().publish(joined["code"], session_id(), page, _followed(address))


def _open_class() -> None:
    from explainer.classroom.registry import pin_accepted

    if not pin_accepted(st.session_state.get("_class.pin")):  # read here: typed and clicked in one go
        st.session_state["_class.refusal"] = "class.pin_wrong"
        return
    st.session_state[CLASS_KEY] = {"code": _classes().open(session_id()).code, "role": "lecturer"}


def _join_class(code: str | None = None) -> None:
    from explainer.classroom.registry import normalise_code

    state = _classes().get(normalise_code(code or st.session_state.get("_class.code_typed")))
    if state is None:
        st.session_state["_class.refusal"] = "class.unknown"
        return
    st.session_state[CLASS_KEY] = {"code": state.code, "role": "student", "following": True, "version": -1}


def _leave_class() -> None:
    joined = st.session_state.pop(CLASS_KEY, None)
    if joined and joined["role"] == "lecturer":
        _classes().close(joined["code"], session_id())
    elif joined:
        _classes().leave(joined["code"], session_id())


def _set_following(following: bool) -> None:
    st.session_state[CLASS_KEY] = {**st.session_state[CLASS_KEY], "following": following, "version": -1}


def _follow_now(subscribe: bool = True) -> None:
    """A student's panel: when the lecturer's view changed, go to that page with those settings. The registry
    pushes each change to this panel (a rerun of it, at once in this process, within 0.2 s from another); the early
    look (follow_look, `subscribe=False`) runs it by a timer in case a push is lost (and where pushes cannot reach a
    session); meanwhile the server process counts the student as present (Registry.keep_present).
    What this session set on its page is dropped first, so a setting the lecturer left at its default (not in the
    address) comes back to the default here too."""
    from explainer.lecture.chapters import page_path

    joined = st.session_state.get(CLASS_KEY)
    if not joined or joined["role"] != "student":
        return
    here = _this_fragment()
    follower, fragment_id = here or (None, None)
    if here is not None and subscribe:  # subscribed before the look: a change in between still arrives
        _classes().subscribe(joined["code"], f"{follower}/{fragment_id}",
                             lambda: rerun_fragment(follower, fragment_id))
    state = _classes().look(joined["code"], session_id())
    if state is None:
        st.session_state.pop(CLASS_KEY, None)
        st.session_state["_class.refusal"] = "class.closed"
        st.rerun()
    pushed = here is not None and pushes_reach_this_session()
    if pushed:
        _classes().keep_present(joined["code"], session_id(), lambda: _live_session(follower) is not None)
    if not joined["following"] or state.version == joined["version"]:
        return
    # The version counts as shown only once the new page has run (class_panel): a switch that a rerun request
    # overtook under load is tried again on the next look instead of leaving this student behind for good; a
    # click on the way to another page is given FOLLOW_RECLICK_SECONDS before it is sent again.
    switching = joined.get("switching")
    if switching and switching[:2] == (state.version, state.page) and state.page != st.session_state.get(
            "_class.page") and time.monotonic() - switching[2] < FOLLOW_RECLICK_SECONDS:
        # The click is on its way. But a push that reran this panel at once (the lecturer's page published twice
        # in a moment) makes Streamlit drop the last run's output not yet sent, the click's script with it: the
        # same script is drawn again. A browser that ran it keeps the element and does not run it twice.
        st.html(_FOLLOW_LINK_JS % (json.dumps(state.page), state.version, switching[3]), unsafe_allow_javascript=True)
        return
    attempt = switching[3] + 1 if switching and switching[:2] == (state.version, state.page) else 0
    st.session_state[CLASS_KEY] = {**joined, "switching": (state.version, state.page, time.monotonic(), attempt,
                                                           sorted(state.params))}
    for name in list(_written()):
        st.session_state.pop(name, None)
        st.session_state.pop(f"_widget_{name}", None)
    forget_address_writes()
    params: dict[str, list[str]] = {"lang": [language()]}
    for name, value in state.params:
        params.setdefault(name, []).append(value)
    target = {k: v if len(v) > 1 else v[0] for k, v in params.items()}
    if state.page == st.session_state.get("_class.page"):
        st.switch_page(page_path(state.page), query_params=target)  # the same page: its panel may switch
    # Another page: the browser follows the sidebar's link, and the lecturer's settings go into the address of
    # that page's run (`follow_lecturer_page`). A page switched to from a fragment's run is drawn blank in the
    # browser, without its address (Streamlit 1.67 takes the new page's run for the fragment's).
    st.session_state[FOLLOW_GO_KEY] = (state.page, target)
    st.html(_FOLLOW_LINK_JS % (json.dumps(state.page), state.version, attempt), unsafe_allow_javascript=True)
    if pushed:  # polling (1 s) looks soon anyway
        set_fragment_interval(FOLLOW_RECLICK_SECONDS)  # look again soon in case the click was overtaken


FOLLOW_GO_KEY = "_class.go"  # (page, address) a following student's panel found the lecturer on
FOLLOW_RECLICK_SECONDS = 5.0  # a busy browser and server take a few seconds to open a page after the click
# Click the sidebar's link to a page, as the student would.
_FOLLOW_LINK_JS = """<script>
(() => {
  const [target, version, attempt] = [%s, %d, %d];  // a new script for each switch and each try
  // A link's own address names its page ("dropout?lang=en"); the home page's has no name ("?lang=en").
  const name = (link) => (link.getAttribute("href") || "").split("?")[0].replace(/[/]+$/, "").split("/").pop();
  const links = [...document.querySelectorAll(".st-key-page_nav a")];
  const link = links.find((link) => name(link) === (target === "home" ? "" : target));
  if (link) link.click();
})();
</script>"""


FOLLOW_PENDING_SECONDS = 2.0  # the early look's interval while a switch has not been shown yet


def follow_look() -> None:
    """In the entrypoint, before the page: a following student's own timer (the panel after the page is rerun by
    the registry's pushes). It is drawn before the page so that every whole run sets it again at once: a run cut
    short by a fragment's rerun the browser asked for meanwhile (Streamlit 1.67 can drop a page run that
    st.switch_page started from a fragment this way) still leaves the look running, and a switch that was lost
    is made again within FOLLOW_PENDING_SECONDS. Before, that timer was the panel's, drawn last: a cut run never
    set it, the browser had cleared the old one, and the student stayed behind until the lecturer's next change."""
    joined = st.session_state.get(CLASS_KEY)
    if not joined or joined["role"] != "student" or not joined["following"]:
        return
    with st.sidebar:
        st.fragment(_look_again, run_every=_look_seconds(joined))()


def _look_seconds(joined: dict) -> float:
    if joined.get("switching"):
        return FOLLOW_PENDING_SECONDS
    return FOLLOW_SAFETY_SECONDS if pushes_reach_this_session() else FOLLOW_POLL_SECONDS


def _look_again() -> None:
    """The early look's timer: on its own reruns only (in a whole run the panel after the page looks, once the
    page has run), the panel's look, then back to the slow interval once nothing is pending."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or not ctx.fragment_ids_this_run:
        return
    _follow_now(subscribe=False)
    joined = st.session_state.get(CLASS_KEY)
    if joined and joined["role"] == "student":
        set_fragment_interval(_look_seconds(joined))


def follow_lecturer_page(page: str) -> None:
    """In the entrypoint, before the page runs: on the page a following student's panel sent the browser to, the
    lecturer's settings go into the address (the page takes them from there, as from a link)."""
    going = st.session_state.get(FOLLOW_GO_KEY)
    if going is None or going[0] != page:
        return
    del st.session_state[FOLLOW_GO_KEY]
    for name in [name for name in st.query_params if name not in going[1]]:
        del st.query_params[name]
    st.query_params.update(going[1])


FOLLOW_RETRIES = 2  # a follower's page that ran without the lecturer's settings is switched again this often


def _shows_lecturer_view(switching, page: str) -> bool:
    """Whether this run drew the view a following student's panel switched to (`switching`: its version, page,
    time, attempt and the lecturer's settings): the page, with those settings in its address. A rerun the browser
    asked for just then (a panel's timer) can take the switch's place with the old address: Streamlit folds the
    two into one run with the newer request's address. Such a run is switched again on the panel's look in the
    same run, FOLLOW_RETRIES times at most (settings that never match cannot make a student's page loop)."""
    if not switching or switching[1] != page:
        return False
    return switching[3] >= FOLLOW_RETRIES or sorted(_lecturer_view(page)) == switching[4]


def class_panel(page: str) -> None:
    """Sidebar: open a class (lecturer: its code large, a QR code to join, how many follow) or join one with its
    code (student: follow, leave to explore alone, follow again). Called after the page, whose view it publishes."""
    from explainer.classroom.registry import lecturer_pin

    st.session_state["_class.page"] = page
    if "class" in st.query_params and CLASS_KEY not in st.session_state:  # a join link (the lecturer's QR code)
        _join_class(st.query_params["class"])
    joined = st.session_state.get(CLASS_KEY)
    if joined and _shows_lecturer_view(joined.get("switching"), page):
        shown = {name: value for name, value in joined.items() if name != "switching"}
        joined = st.session_state[CLASS_KEY] = {**shown, "version": joined["switching"][0]}
    box = st.sidebar.expander(t("class.title"), expanded=joined is not None, icon=":material/co_present:")
    if st.session_state.get("_class.refusal"):
        box.warning(t(st.session_state.pop("_class.refusal")))
    if joined is None:
        if lecturer_pin():
            box.text_input(t("class.pin"), type="password", key="_class.pin")
        box.button(t("class.open"), key="class_open", on_click=_open_class, width="stretch")
        box.text_input(t("class.code"), key="_class.code_typed", max_chars=8)
        box.button(t("class.join"), key="class_join", on_click=_join_class, width="stretch")
        return
    if joined["role"] == "lecturer":
        _publish_view()
        with box:
            st.markdown(f"# {joined['code']}")
            st.image(links.qr_png(f"{st.context.url or ''}?class={joined['code']}", scale=5), width=200)
            st.fragment(lambda: st.metric(t("class.following"), _classes().following(joined["code"])),
                        run_every=2.0)()
            st.button(t("class.close"), key="class_close", on_click=_leave_class, width="stretch")
        return
    box.markdown(t("class.joined", code=joined["code"]))
    if joined["following"]:
        box.button(t("class.explore"), key="class_explore", on_click=_set_following, args=(False,), width="stretch")
    else:
        box.button(t("class.follow"), key="class_follow", on_click=_set_following, args=(True,), type="primary",
                   width="stretch")
    box.button(t("class.leave"), key="class_leave", on_click=_leave_class, width="stretch")
    with box:
        st.fragment(_follow_now)()  # rerun by the registry's pushes; its timer is the early look's (follow_look)


# --- accessibility: the app's own navigation and styles ---------------------------------------------------------

PAGE_NAV_KEY = "page_nav"  # the sidebar's links are inside the container of class st-key-page_nav

# Streamlit draws a caption at 60 % opacity: 3.9:1 on white, under WCAG AA's 4.5:1 for small text; the text
# colour at 80 % is 6.3:1 and still reads as a caption. A display formula scrolls (overflow: auto) by the few
# pixels KaTeX draws outside its box, which makes it a scrollable region a keyboard cannot reach: it is shown
# whole instead. A selected segment (the text size) is written in the primary red on pale red, about 3:1: darkened
# to about 7:1. (".stApp" outranks Streamlit's own single-class rules.)
# A student who asked the system to reduce motion gets no sliding, fading or spinning (Streamlit's transitions
# and spinners); the figures' own animations start only on a click and move by frames, without transitions.
# A larger text size wraps the sidebar's links instead of cutting them off with "…"; a metric's value, already
# large, keeps its 36 px (2.25 rem at 100 %), so that a column still holds its number whole. A table's header breaks
# Korean between words, as Korean is typeset ("에포크", not "에포 / 크" in a narrow column). An element that is
# only a script (the keyboard shortcuts, the figure library loaded ahead, a follower's page switch) takes no room:
# it has run once inserted, and its empty box still cost a gap in the column.
_PAGE_CSS = """
.stApp [data-testid="stCaptionContainer"] { opacity: 1; color: rgba(49, 51, 63, 0.8); }
.stApp .katex-display { overflow: visible; }
.stApp [data-testid="stPageLink-NavLink"] * { white-space: normal; overflow: visible; text-overflow: clip; }
.stApp [data-testid="stMetricValue"] { font-size: 36px; }
.stApp th { word-break: keep-all; }
.stApp button[data-selected="true"] p { color: #A3181A; }
.stApp [data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script:only-child) { display: none; }
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation-duration: 0s !important; animation-iteration-count: 1 !important;
                           transition-duration: 0s !important; scroll-behavior: auto !important; }
}
"""

FONT_SCALE_KEY = "font_scale"
FONT_SCALES = (100, 115, 130, 150)  # percent of Streamlit's 16 px base; everything sized in rem grows with it


def page_styles() -> None:
    """The app's few style rules, once per run (an st.html holding only a <style> takes no room on the page),
    with the text size the sidebar's control chose."""
    scale = st.session_state.get(FONT_SCALE_KEY, FONT_SCALES[0])
    st.html(f"<style>{_PAGE_CSS}html {{ font-size: {scale}%; }}</style>")


# Streamlit's browser code loads the script of an element kind the first time a page shows one. Plotly's is 4.7 MB:
# parsing and running it cost a browser ~1.3 s of CPU, paid the moment a student opens the first page with a
# figure, or at once by a whole class that follows its lecturer onto one (issue 13) or sees its first run's curves.
# While the page is idle the browser loads it ahead (once per tab; the module is then Streamlit's own, shared).
PRELOADED_ELEMENTS = ("PlotlyChart",)
_PRELOAD_JS = """<script>
if (!window.__explainerPreloaded) {
  window.__explainerPreloaded = true;
  const names = %s;
  const load = () => {
    const main = document.querySelector('script[type="module"][src*="static/js/index"]');
    if (main) names.forEach((name) => import(new URL(name, main.src).href).catch(() => {}));
  };
  (window.requestIdleCallback || ((run) => setTimeout(run, 2000)))(load, {timeout: 10000});
}
</script>"""


def element_scripts(names=PRELOADED_ELEMENTS, folder=None) -> list[str]:
    """The file names of the browser scripts (Streamlit's built chunks, `<name>.<hash>.js`) for element kinds
    `names`, as this Streamlit installs them; a kind without exactly one file is left out (a rename on an upgrade
    loses the head start, never the element)."""
    folder = Path(folder or Path(st.__file__).parent / "static" / "static" / "js")
    found = []
    for name in names:
        files = sorted(path.name for path in folder.glob(f"{name}.*.js") if path.name.count(".") == 2)
        found += files if len(files) == 1 else []
    return found


def preload_element_scripts() -> None:
    """Let the browser load the scripts of PRELOADED_ELEMENTS while the page is idle (a script in the sidebar,
    which runs once per browser tab)."""
    script = _preload_script()
    if script:
        st.sidebar.html(script, unsafe_allow_javascript=True)


@functools.lru_cache(maxsize=1)
def _preload_script() -> str | None:
    """The preload script for this Streamlit's files, made once per process (None: nothing found to load)."""
    scripts = element_scripts()
    return _PRELOAD_JS % json.dumps(scripts) if scripts else None


def font_size_selector() -> int:
    """The sidebar's text-size control (percent); `page_styles` applies it on the run it triggers."""
    persistent_widget(st.sidebar.segmented_control, FONT_SCALE_KEY, FONT_SCALES[0], label=t("a11y.font_size"),
                      options=list(FONT_SCALES), format_func=lambda percent: f"{percent}%",
                      help=t("a11y.font_size_help"), required=True)
    return int(st.session_state[FONT_SCALE_KEY])


def page_links(pages: dict) -> None:
    """The sidebar's navigation: each chapter's name (bold) above its pages' links, in the lecture's order.
    `pages` maps a chapter's catalogue key to its st.Page objects (as st.navigation got them); each link keeps
    the language in its address."""
    with st.sidebar.container(key=PAGE_NAV_KEY):
        for section, section_pages in pages.items():
            st.markdown(f"**{t(section)}**")
            for page in section_pages:
                st.page_link(page, query_params={"lang": language()})
