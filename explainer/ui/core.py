"""The session's language, its id and seed, and the two things every run does first (settle the heap once per
process, leave Streamlit's pages-folder mode)."""

from __future__ import annotations

import threading

import streamlit as st

from explainer.i18n import DEFAULT_LANGUAGE, normalise_language
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


def session_id() -> str:
    """A stable id of this browser session (kept in session state): who started a training job."""
    import uuid

    return st.session_state.setdefault(SESSION_ID_KEY, uuid.uuid4().hex)


def global_seed() -> int:
    return int(st.session_state.get(SEED_KEY, DEFAULT_SEED))
