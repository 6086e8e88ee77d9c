import streamlit as st

from explainer import ui
from explainer.chapters import CHAPTERS, page_path

st.title(ui.t("app.title"))
st.write(ui.t("app.subtitle"))
st.write(ui.t("home.intro"))

st.header(ui.t("home.pages"))
for section, pages in CHAPTERS.items():
    listed = [(name, icon) for name, icon in pages if name != "home"]
    if not listed:
        continue
    st.subheader(ui.t(section))
    for name, icon in listed:
        st.page_link(page_path(name), label=ui.t(f"page.{name}"), icon=icon)
        st.caption(ui.t(f"page.desc.{name}"))
