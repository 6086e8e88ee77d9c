"""Entrypoint and router: page config, sidebar (navigation by chapter, language, seed, device)."""

import streamlit as st

from explainer import ui
from explainer.lecture.chapters import CHAPTERS, nav_label_key, page_path

# An emoji favicon is drawn by the browser from its own fonts (Streamlit sends it as an inline SVG); a
# ":material/...:" favicon would be fetched from fonts.gstatic.com, which an offline classroom cannot reach.
APP_ICON = "🧠"

st.set_page_config(page_title=ui.t("app.title"), page_icon=APP_ICON, layout="wide")
ui.page_styles()

pages = {
    section: [
        st.Page(page_path(name), title=ui.t(nav_label_key(name)), icon=icon, url_path=name, default=name == "home")
        for name, icon in chapter_pages
    ]
    for section, chapter_pages in CHAPTERS.items()
}
# Streamlit's own sectioned sidebar puts its section headers inside the <ul> of links, which a screen reader
# announces as a broken list (axe: "list", "listitem"); the app draws the same links, grouped by chapter, itself.
navigation = st.navigation(pages, position="hidden")
ui.page_links(pages)
ui.language_selector()
ui.projector_switch()
ui.seed_selector()
ui.font_size_selector()
st.sidebar.caption(ui.t("sidebar.device", device=ui.device_label()))
ui.preload_element_scripts()

# The browser tab names the page in the session's language ("활성화 함수 · 신경망과 CNN 해설").
if navigation.url_path:
    st.set_page_config(page_title=ui.t("app.tab_title", page=ui.t(f"page.{navigation.url_path}")))
ui.follow_lecturer_page(navigation.url_path or "home")  # a student following a class: its settings
ui.follow_look()  # ... and its timer, set before the page runs
ui.publish_page_switch(navigation.url_path or "home")  # a lecturer's new page reaches the class before it runs
# The lecture path's card (and its predict-then-see questions) above the page, while the session follows it.
ui.lecture_path(navigation.url_path or "home")
navigation.run()
ui.share_link_popover()
ui.class_panel(navigation.url_path or "home")
