"""Opening the app's pages in AppTest, the way a user lands on them."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from explainer.lecture.chapters import page_path

ENTRYPOINT = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


def open_page(name: str, lang: str = "ko", timeout: float = 60, *, query_params: dict | None = None,
              session_state: dict | None = None, open_code: bool = False) -> AppTest:
    """The entrypoint run once (so the sidebar exists), then switched to `name`, in `lang`.

    `query_params`: more of the address (a shared link such as `?run=<hash>`). `session_state`: choices already
    made before the page opens, set between the entrypoint's run and the switch, as on the home page.
    `open_code`: the page's code panels opened once it is shown (they stay open while its settings change).
    """
    at = AppTest.from_file(ENTRYPOINT, default_timeout=timeout)
    at.query_params["lang"] = lang
    for key, value in (query_params or {}).items():
        at.query_params[key] = value
    at.run()
    for key, value in (session_state or {}).items():
        at.session_state[key] = value
    if name != "home":
        at.switch_page(page_path(name)).run()
    return open_code_panels(at) if open_code else at


def texts(at: AppTest) -> str:
    """Everything written on the page, for 'is this shown' assertions."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error",
                 "success", "metric", "text", "code"):
        for element in getattr(at, kind, []):
            parts.append(str(getattr(element, "value", "") or ""))
            parts.append(str(getattr(element, "label", "") or ""))
    return "\n".join(parts)


def open_code_panels(at: AppTest) -> AppTest:
    """Every code panel shown and still closed opened (`ui.lazy_expander`: drawn only while open), as a student
    clicks them; one more run when there was one."""
    from explainer.ui import CODE_PREFIX

    closed = [key for key in at.session_state if key.startswith(CODE_PREFIX) and not at.session_state[key]]
    for key in closed:
        at.session_state[key] = True
    return at.run() if closed else at


def choose_tab(at: AppTest, key: str, label: str) -> AppTest:
    """A click on a tab bound to the address (`ui.linked_tabs`): its state and the address, which AppTest does not
    write by itself; the page builds only the open tab."""
    at.session_state[key] = at.query_params[key] = label
    return at.run()
