"""The app's own sidebar navigation, its few style rules and the text-size control (accessibility)."""

from __future__ import annotations

import streamlit as st

from explainer.ui.address import persistent_widget
from explainer.ui.core import language, t

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
