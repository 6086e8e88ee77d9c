"""Projector mode (`?present=1`), the keyboard shortcuts of the pages that step or play, and buttons that act once
per press."""

from __future__ import annotations

import streamlit as st

from explainer.ui.address import persistent_widget
from explainer.ui.core import t

PRESENT_KEY = "present"  # ?present=1: the address opens the projector view

# Larger type, black text, no sidebar (P or the "leave" button brings it back), secondary details (code, notes
# in expanders) hidden, less empty space above the page's figure.
_PROJECTOR_CSS = """<style>
html { font-size: 20px; }
.stApp, .stApp p, .stApp li, .stApp label, .stApp span { color: #000 !important; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stExpander"], [data-testid="stCaptionContainer"] { display: none !important; }
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
    import json

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
                  on_click=st.session_state.update, args=({PRESENT_KEY: False},), type="tertiary")
    return presenting()
