"""The lecture path above a page: the step's card, its buttons, and the questions a student answers before
looking (explainer.path holds the steps, explainer.views.path what a card shows)."""

from __future__ import annotations

import streamlit as st

from explainer.ui.core import language, session_id, t

PATH_STEP_KEY = "path.step"  # the step this session is on (0-based); absent off the path
PATH_HIGHLIGHT = "outline: 3px dashed #E69F00; outline-offset: 6px; border-radius: 6px;"  # Okabe-Ito orange, dashed


PATH_ADDRESS_KEY = "path.address"  # the ?path= value last read or written, so only a new address moves the path
PATH_SWITCH_KEY = "path.switch"  # set by a path button's callback: open the step's page on this run


def _choose_step(index: int) -> None:
    """A path button's callback: the step's widget values set before the script runs (a button's own value does
    not survive the rerun that `language()` may make), its page opened by `lecture_path` on this run."""
    from explainer.views.path import entry_state

    st.session_state.update(entry_state(index))
    st.session_state[PATH_STEP_KEY] = index
    st.session_state[PATH_SWITCH_KEY] = True


def _open_step(index: int):
    from explainer.lecture.chapters import page_path
    from explainer.path.steps import QUERY_KEY, STEPS

    st.session_state[PATH_ADDRESS_KEY] = str(index + 1)
    st.switch_page(page_path(STEPS[index].page), query_params={"lang": language(), QUERY_KEY: str(index + 1)})


def _leave_path() -> None:
    from explainer.path.steps import QUERY_KEY

    st.session_state.pop(PATH_STEP_KEY, None)
    st.session_state.pop(PATH_ADDRESS_KEY, None)
    if QUERY_KEY in st.query_params:
        del st.query_params[QUERY_KEY]


def start_path_button() -> None:
    """The home page's way onto the lecture path: its first step."""
    st.button(t("path.start"), type="primary", icon=":material/route:", key="path_start", on_click=_choose_step,
              args=(0,))


def lecture_path(current_page: str) -> None:
    """Above every page while this session follows the lecture path: the step's card and its questions.

    `?path=<n>` in the address opens step n (a shared link resumes the path there); the step in the session is
    written back to the address on every run, so that a reload or a copied link keeps it."""
    from explainer.path.steps import QUERY_KEY, parse_step

    address = st.query_params.get(QUERY_KEY)
    if address != st.session_state.get(PATH_ADDRESS_KEY):  # a link or a typed address, not what we wrote
        st.session_state[PATH_ADDRESS_KEY] = address
        linked = parse_step(address)
        if linked is not None and linked != st.session_state.get(PATH_STEP_KEY):
            _choose_step(linked)
    index = st.session_state.get(PATH_STEP_KEY)
    if st.session_state.pop(PATH_SWITCH_KEY, False):
        _open_step(index)
    if index is None:
        return
    if address != str(index + 1):
        st.query_params[QUERY_KEY] = st.session_state[PATH_ADDRESS_KEY] = str(index + 1)
    _path_card(index, current_page)


def _highlight(store_key: str) -> None:
    """Outline the widget bound to `store_key` (Streamlit gives a keyed widget the class st-key-<key>)."""
    import re

    css_class = "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", f"_widget_{store_key}")
    st.html(f"<style>.{css_class} {{ {PATH_HIGHLIGHT} }}</style>")


def _path_card(index: int, current_page: str) -> None:
    from explainer.views import path as view

    card = view.step_card(index, language(), current_page)
    with st.container(border=True, key="lecture_path"):
        st.markdown(f"**{card.heading}**")
        if card.off_page:
            st.markdown(card.off_page)
            st.button(t("path.go_back"), key="path_go_back", on_click=_choose_step, args=(index,))
        else:
            st.markdown(card.look)
            st.markdown(card.move)
            _highlight(card.control)
        row = st.container(horizontal=True)  # buttons as wide as their labels, side by side at any width
        if card.back is not None:
            row.button(t("path.back"), icon=":material/arrow_back:", key="path_back", on_click=_choose_step,
                        args=(card.back,))
        if card.next is None:
            row.success(t("path.last"))
        else:
            row.button(t("path.next"), type="primary", icon=":material/arrow_forward:", key="path_next",
                           on_click=_choose_step, args=(card.next,))
        row.button(t("path.leave"), icon=":material/close:", key="path_leave", on_click=_leave_path)
        if card.questions and not card.off_page:
            with st.expander(card.predict_header, expanded=True):
                _predictions(card.questions)


def _commit_prediction(name: str, pick_key: str) -> None:
    """The Check button's callback: the student's answer is kept, and counted in the class's tally."""
    from explainer.path.tally import CLASS_TALLY

    choice = st.session_state.get(pick_key)
    if choice is not None:
        st.session_state[f"predict.{name}"] = choice
        CLASS_TALLY.record(name, session_id(), choice)


def _predictions(questions) -> None:
    """A step's questions side by side (at most three in a row), so that the page stays near the top."""
    per_row = min(len(questions), 3)
    for row in range(0, len(questions), per_row):
        for column, question in zip(st.columns(per_row), questions[row:row + per_row], strict=False):
            with column:
                _prediction(question)


def _prediction(question) -> None:
    """One question: options and Check until the student commits; then their answer beside the computed one."""
    from explainer.path.tally import CLASS_TALLY
    from explainer.views.path import question_card

    chosen = st.session_state.get(f"predict.{question.name}")
    counts = CLASS_TALLY.counts(question.name, question.options) if chosen is not None else None
    card = question_card(question, chosen, language(), counts)
    with st.container(border=True, key=f"predict_{question.name}"):
        if card.revealed is None:
            pick_key = f"_predict_{question.name}"
            pick = st.radio(card.prompt, list(card.labels), index=None, format_func=card.labels.get, key=pick_key,
                            horizontal=True)
            st.button(card.check, key=f"predict_check_{question.name}", disabled=pick is None,
                      on_click=_commit_prediction, args=(question.name, pick_key), help=t("predict.choose"))
            return
        st.markdown(f"**{card.prompt}**")
        getattr(st, card.revealed.kind)(card.revealed.verdict)
        st.markdown(card.revealed.why)
        st.markdown(card.revealed.slide)
        st.markdown(card.revealed.class_answers)
        st.plotly_chart(card.revealed.chart, key=f"predict_chart_{question.name}", config={"displayModeBar": False})
