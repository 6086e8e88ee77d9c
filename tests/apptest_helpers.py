"""Opening the app's pages in AppTest, the way a user lands on them."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from explainer.chapters import page_path

ENTRYPOINT = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


def open_page(name: str, lang: str = "ko", timeout: float = 60) -> AppTest:
    """The entrypoint run once (so the sidebar exists), then switched to `name`, in `lang`."""
    at = AppTest.from_file(ENTRYPOINT, default_timeout=timeout)
    at.query_params["lang"] = lang
    at.run()
    if name != "home":
        at.switch_page(page_path(name)).run()
    return at


def texts(at: AppTest) -> str:
    """Everything written on the page, for 'is this shown' assertions."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error",
                 "success", "metric", "text", "code"):
        for element in getattr(at, kind, []):
            parts.append(str(getattr(element, "value", "") or ""))
            parts.append(str(getattr(element, "label", "") or ""))
    return "\n".join(parts)
