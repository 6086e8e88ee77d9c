import streamlit as st

from explainer import ui
from explainer.lecture.map import lecture_steps

lang = ui.language()
st.title(ui.t("app.title"))
st.write(ui.t("app.subtitle"))
st.write(ui.t("home.intro"))

st.header(ui.t("path.home_header"))
st.write(ui.t("path.home_intro"))
ui.start_path_button()

st.header(ui.t("home.map"))
st.caption(ui.t("home.map_help"))
for step in lecture_steps(lang):
    st.subheader(f"{step.number}. {step.title}")
    st.write(step.text)
    for link in step.pages:
        st.page_link(link.path, label=link.label, icon=link.icon)
