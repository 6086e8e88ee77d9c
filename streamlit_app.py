"""Entrypoint and router: page config, sidebar (language, device, seed), navigation by chapter."""

import streamlit as st

from explainer import ui
from explainer.chapters import CHAPTERS, nav_label_key, page_path

st.set_page_config(page_title="NN & CNN explainer", page_icon=":material/neurology:", layout="wide")

ui.language_selector()
ui.seed_selector()
st.sidebar.caption(ui.t("sidebar.device", device=ui.device_label()))

navigation = st.navigation(
    {
        ui.t(section): [
            st.Page(page_path(name), title=ui.t(nav_label_key(name)), icon=icon, url_path=name, default=name == "home")
            for name, icon in pages
        ]
        for section, pages in CHAPTERS.items()
    }
)
navigation.run()
