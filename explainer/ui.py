"""The one Streamlit adapter of the library: language state, shared page furniture, caching.

Everything else in `explainer` is free of Streamlit so it can be tested and benchmarked alone.
"""

from __future__ import annotations

import threading

import streamlit as st

from explainer.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, normalise_language
from explainer.i18n import t as translate

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

    Streamlit ends every script run, a live panel's fragment run included, with a full gc.collect(2) over the
    whole heap; with torch, plotly and pandas loaded that is ~270,000 objects and 60-150 ms of CPU per run
    (measured: more than the train page itself), which a class of watching sessions multiplies. The imported
    libraries are never garbage: frozen, the collector skips them (the same collection then takes < 1 ms).
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


def language() -> str:
    """The language of this session: ?lang= (kept in the address by the sidebar switch), else Korean."""
    _settle_startup_heap()
    leave_pages_folder_mode()
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = _initial_language()
    return st.session_state[LANG_KEY]


def t(key: str, **values) -> str:
    return translate(key, language(), **values)


def persistent_widget(widget, store_key: str, default=None, **kwargs):
    """Render `widget` (e.g. st.slider) bound to the plain key `store_key`, so it survives page switches."""
    if store_key not in st.session_state and default is not None:
        st.session_state[store_key] = default
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
    widget_key = f"_widget_{store_key}"
    st.session_state[widget_key] = st.session_state[store_key]
    return widget(key=widget_key, **kwargs)


def commit_form_widgets(store_keys) -> None:
    """Callback of a form's submit button: every form widget's submitted value to its plain key at once."""
    for store_key in store_keys:
        widget_key = f"_widget_{store_key}"
        if widget_key in st.session_state:
            st.session_state[store_key] = st.session_state[widget_key]


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


def rerun_fragment(session_id_: str, fragment_id: str) -> bool:
    """Ask Streamlit to rerun one fragment of one session now, from any thread, as the browser's own
    `run_every` timer would (the only use of Streamlit's private session API: if an upgrade moves it,
    tests/test_ui_private.py fails and live panels fall back to polling). False when the session has closed,
    its page no longer holds the fragment, or the internals are missing: the caller stops pushing to it."""
    session = _live_session(session_id_)
    if session is None or not session.has_fragment(fragment_id):
        return False

    def on_event_loop() -> None:  # the session's state is the event loop's: read and rerun it there
        from streamlit.proto.ClientState_pb2 import ClientState

        state = ClientState()
        state.CopyFrom(session._client_state)
        state.fragment_id, state.is_auto_rerun = fragment_id, True
        session.request_rerun(state)

    try:
        session._event_loop.call_soon_threadsafe(on_event_loop)
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
    st.session_state.setdefault(SEED_KEY, DEFAULT_SEED)
    persistent_widget(st.sidebar.number_input, SEED_KEY, label=t("sidebar.seed"), min_value=0,
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


def code_expander(code: str, expanded: bool = False) -> None:
    """The lecture's PyTorch code for the current settings, beside the widget it explains."""
    with st.expander(t("common.pytorch_code"), expanded=expanded):
        st.code(code, language="python")


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


def editable_grid(store_key: str, default, *, disabled: bool = False, step: float = 1.0):
    """A small numeric grid (st.data_editor) whose values live under the plain key `store_key`.

    Returns the current values as a float numpy array; empty cells count as 0. `reset_grid` replaces
    the values (a new editor key drops the old edits).
    """
    import numpy as np
    import pandas as pd

    if store_key not in st.session_state:
        st.session_state[store_key] = np.asarray(default, dtype=float).tolist()
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


def chart(figure, key: str, place=None, **kwargs):
    """st.plotly_chart, with the chart's text summary (explainer.figures.summary) as a caption under it: the
    numbers a screen reader, or a student who cannot read the chart, needs."""
    from explainer.figures.summary import describe

    place = place or st
    shown = place.plotly_chart(figure, key=key, **kwargs)
    place.caption(describe(figure, language()))
    return shown


def _charts(payload) -> None:
    widths, charts = payload
    for column, (key, figure, *below) in zip(st.columns(widths) if widths else [st], charts, strict=True):
        chart(figure, key, column, width="stretch")
        for text in below:  # a sum written out under its chart
            column.code(text, language=None, wrap_lines=True)


def _metrics(pairs) -> None:
    for column, (label, value) in zip(st.columns(len(pairs)), pairs, strict=True):
        column.metric(label, value)


_RENDER = {"charts": _charts, "metrics": _metrics, "pytorch": code_expander,
           "arithmetic": lambda text: st.code(text, language=None, wrap_lines=True),
           "table": lambda rows: st.dataframe(rows, hide_index=True, width="stretch", height="content"),
           "details": lambda titled: st.expander(titled[0]).markdown(titled[1])}


def render(blocks) -> None:
    """A view's blocks in order (kinds and payloads: explainer.views.blocks)."""
    for kind, payload in blocks:
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
            figure, key = element.args[0], element.kwargs.get("key", "")
            chart(figure, key, **{name: value for name, value in element.kwargs.items() if name != "key"})
            continue
        made = getattr(st, element.call)(*element.args, **element.kwargs)
        if element.call == "columns":
            for column, inside in zip(made, element.children, strict=False):
                with column:
                    show(inside)
        elif element.children:
            with made:
                show(element.children)


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
# large, keeps its 36 px (2.25 rem at 100 %), so that a column still holds its number whole.
_PAGE_CSS = """
.stApp [data-testid="stCaptionContainer"] { opacity: 1; color: rgba(49, 51, 63, 0.8); }
.stApp .katex-display { overflow: visible; }
.stApp [data-testid="stPageLink-NavLink"] * { white-space: normal; overflow: visible; text-overflow: clip; }
.stApp [data-testid="stMetricValue"] { font-size: 36px; }
.stApp button[data-selected="true"] p { color: #A3181A; }
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
