"""Follow the lecturer: a class opened in the sidebar, the lecturer's page and settings published on every change, and a
following student's panel that goes where the lecturer is (explainer.classroom.registry keeps the classes)."""

from __future__ import annotations

import time

import streamlit as st

from explainer.ui.address import _written, forget_address_writes, page_link
from explainer.ui.core import language, session_id, t
from explainer.ui.live import _this_fragment, job_manager, pushes_reach_this_session, rerun_fragment
from explainer.ui.present import PRESENT_KEY
from explainer.views import links

CLASS_KEY = "_class"  # this session's class: {"code", "role": "lecturer" | "student", "following", "version"}
# Not the lecturer's to hand on: a student keeps their own language, and projector mode is the projector's.
NOT_FOLLOWED = {"lang", PRESENT_KEY, "class"}
FOLLOW_PRESENCE_SECONDS = 2.0  # a pushed follower's panel looks by itself only to be counted (timeout: 5 s)


def _classes():
    from explainer.classroom.registry import Registry

    return Registry(job_manager().store.root / "classes")


def _lecturer_view(page: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl, urlsplit

    return [(name, value) for name, value in parse_qsl(urlsplit(page_link()).query) if name not in NOT_FOLLOWED]


def _publish_view() -> None:
    """The lecturer's page and settings to the class (on every whole run and every change a panel writes)."""
    joined = st.session_state.get(CLASS_KEY)
    page = st.session_state.get("_class.page")
    if joined and joined["role"] == "lecturer" and page:
        _classes().publish(joined["code"], session_id(), page, _lecturer_view(page))


def _open_class() -> None:
    from explainer.classroom.registry import pin_accepted

    if not pin_accepted(st.session_state.get("_class.pin")):  # read here: typed and clicked in one go
        st.session_state["_class.refusal"] = "class.pin_wrong"
        return
    st.session_state[CLASS_KEY] = {"code": _classes().open(session_id()).code, "role": "lecturer"}


def _join_class(code: str | None = None) -> None:
    from explainer.classroom.registry import normalise_code

    state = _classes().get(normalise_code(code or st.session_state.get("_class.code_typed")))
    if state is None:
        st.session_state["_class.refusal"] = "class.unknown"
        return
    st.session_state[CLASS_KEY] = {"code": state.code, "role": "student", "following": True, "version": -1}


def _leave_class() -> None:
    joined = st.session_state.pop(CLASS_KEY, None)
    if joined and joined["role"] == "lecturer":
        _classes().close(joined["code"], session_id())
    elif joined:
        _classes().leave(joined["code"], session_id())


def _set_following(following: bool) -> None:
    st.session_state[CLASS_KEY] = {**st.session_state[CLASS_KEY], "following": following, "version": -1}


def _follow_now() -> None:
    """A student's panel: when the lecturer's view changed, go to that page with those settings. The registry
    pushes each change to this panel (a rerun of it, at once in this process, within 0.2 s from another); its own
    timer only says "still here" (and is the fallback where pushes cannot reach a session).
    What this session set on its page is dropped first, so a setting the lecturer left at its default (not in the
    address) comes back to the default here too."""
    import json

    from explainer.lecture.chapters import page_path

    joined = st.session_state.get(CLASS_KEY)
    if not joined or joined["role"] != "student":
        return
    here = _this_fragment()
    if here is not None:  # subscribed before the look: a change in between still arrives
        follower, fragment_id = here
        _classes().subscribe(joined["code"], f"{follower}/{fragment_id}",
                             lambda: rerun_fragment(follower, fragment_id))
    state = _classes().look(joined["code"], session_id())
    if state is None:
        st.session_state.pop(CLASS_KEY, None)
        st.session_state["_class.refusal"] = "class.closed"
        st.rerun()
    if not joined["following"] or state.version == joined["version"]:
        return
    # The version counts as shown only once the new page has run (class_panel): a switch that a rerun request
    # overtook under load is tried again on the next look instead of leaving this student behind for good; a
    # click on the way to another page is given FOLLOW_RECLICK_SECONDS before it is sent again.
    switching = joined.get("switching")
    if switching and switching[:2] == (state.version, state.page) and state.page != st.session_state.get(
            "_class.page") and time.monotonic() - switching[2] < FOLLOW_RECLICK_SECONDS:
        return
    attempt = switching[3] + 1 if switching and switching[:2] == (state.version, state.page) else 0
    st.session_state[CLASS_KEY] = {**joined, "switching": (state.version, state.page, time.monotonic(), attempt)}
    for name in list(_written()):
        st.session_state.pop(name, None)
        st.session_state.pop(f"_widget_{name}", None)
    forget_address_writes()
    params: dict[str, list[str]] = {"lang": [language()]}
    for name, value in state.params:
        params.setdefault(name, []).append(value)
    target = {k: v if len(v) > 1 else v[0] for k, v in params.items()}
    if state.page == st.session_state.get("_class.page"):
        st.switch_page(page_path(state.page), query_params=target)  # the same page: its panel may switch
    # Another page: the browser follows the sidebar's link, and the lecturer's settings go into the address of
    # that page's run (`follow_lecturer_page`). A page switched to from a fragment's run is drawn blank in the
    # browser, without its address (Streamlit 1.67 takes the new page's run for the fragment's).
    st.session_state[FOLLOW_GO_KEY] = (state.page, target)
    st.html(_FOLLOW_LINK_JS % (json.dumps(state.page), state.version, attempt), unsafe_allow_javascript=True)


FOLLOW_GO_KEY = "_class.go"  # (page, address) a following student's panel found the lecturer on
FOLLOW_RECLICK_SECONDS = 5.0  # a busy browser and server take a few seconds to open a page after the click
# Click the sidebar's link to a page, as the student would.
_FOLLOW_LINK_JS = """<script>
(() => {
  const [target, version, attempt] = [%s, %d, %d];  // a new script for each switch and each try
  // A link's own address names its page ("dropout?lang=en"); the home page's has no name ("?lang=en").
  const name = (link) => (link.getAttribute("href") || "").split("?")[0].replace(/[/]+$/, "").split("/").pop();
  const links = [...document.querySelectorAll(".st-key-page_nav a")];
  const link = links.find((link) => name(link) === (target === "home" ? "" : target));
  if (link) link.click();
})();
</script>"""


def follow_lecturer_page(page: str) -> None:
    """In the entrypoint, before the page runs: on the page a following student's panel sent the browser to, the
    lecturer's settings go into the address (the page takes them from there, as from a link)."""
    going = st.session_state.get(FOLLOW_GO_KEY)
    if going is None or going[0] != page:
        return
    del st.session_state[FOLLOW_GO_KEY]
    for name in [name for name in st.query_params if name not in going[1]]:
        del st.query_params[name]
    st.query_params.update(going[1])


def class_panel(page: str) -> None:
    """Sidebar: open a class (lecturer: its code large, a QR code to join, how many follow) or join one with its
    code (student: follow, leave to explore alone, follow again). Called after the page, whose view it publishes."""
    from explainer.classroom.registry import lecturer_pin

    st.session_state["_class.page"] = page
    if "class" in st.query_params and CLASS_KEY not in st.session_state:  # a join link (the lecturer's QR code)
        _join_class(st.query_params["class"])
    joined = st.session_state.get(CLASS_KEY)
    if joined and joined.get("switching") and joined["switching"][1] == page:  # the lecturer's page has run
        shown = {name: value for name, value in joined.items() if name != "switching"}
        joined = st.session_state[CLASS_KEY] = {**shown, "version": joined["switching"][0]}
    box = st.sidebar.expander(t("class.title"), expanded=joined is not None, icon=":material/co_present:")
    if st.session_state.get("_class.refusal"):
        box.warning(t(st.session_state.pop("_class.refusal")))
    if joined is None:
        if lecturer_pin():
            box.text_input(t("class.pin"), type="password", key="_class.pin")
        box.button(t("class.open"), key="class_open", on_click=_open_class, width="stretch")
        box.text_input(t("class.code"), key="_class.code_typed", max_chars=8)
        box.button(t("class.join"), key="class_join", on_click=_join_class, width="stretch")
        return
    if joined["role"] == "lecturer":
        _publish_view()
        with box:
            st.markdown(f"# {joined['code']}")
            st.image(links.qr_png(f"{st.context.url or ''}?class={joined['code']}", scale=5), width=200)
            st.fragment(lambda: st.metric(t("class.following"), _classes().following(joined["code"])),
                        run_every=2.0)()
            st.button(t("class.close"), key="class_close", on_click=_leave_class, width="stretch")
        return
    box.markdown(t("class.joined", code=joined["code"]))
    if joined["following"]:
        box.button(t("class.explore"), key="class_explore", on_click=_set_following, args=(False,), width="stretch")
    else:
        box.button(t("class.follow"), key="class_follow", on_click=_set_following, args=(True,), type="primary",
                   width="stretch")
    box.button(t("class.leave"), key="class_leave", on_click=_leave_class, width="stretch")
    with box:
        st.fragment(_follow_now, run_every=FOLLOW_PRESENCE_SECONDS if pushes_reach_this_session() else 1.0)()
