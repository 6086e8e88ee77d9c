"""Every view is a link: widgets bound to plain session keys and to the address (`?key=value`), the values a link
brings, and the sidebar's share popover with its QR code."""

from __future__ import annotations

import streamlit as st

from explainer.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES
from explainer.i18n import t as translate
from explainer.ui.core import DEFAULT_SEED, LANG_KEY, SEED_KEY, language, t
from explainer.views import links


def persistent_widget(widget, store_key: str, default=None, *, linked: bool = True, **kwargs):
    """Render `widget` (e.g. st.slider) bound to the plain key `store_key`, so it survives page switches.

    `linked`: the value is also kept in the address as `?<store_key>=` (see `url_state`), checked against the
    widget's own range and options; a widget without a default is not linked (there is nothing to leave out)."""
    if store_key not in st.session_state and default is not None:
        st.session_state[store_key] = default
    if linked and default is not None:
        url_state(store_key, default, links.Rule.of_widget(default, kwargs))
    widget_key = f"_widget_{store_key}"
    st.session_state[widget_key] = st.session_state[store_key]

    def remember() -> None:
        st.session_state[store_key] = st.session_state[widget_key]

    return widget(key=widget_key, on_change=remember, **kwargs)


def form_widget(widget, store_key: str, default=None, **kwargs):
    """`persistent_widget` for a widget inside st.form (forms allow no callbacks on their widgets): the
    value reaches `store_key` when the form's submit button runs `commit_form_widgets` as its callback."""
    if store_key not in st.session_state and default is not None:
        st.session_state[store_key] = default
    if default is not None:
        url_state(store_key, default, links.Rule.of_widget(default, kwargs))
    widget_key = f"_widget_{store_key}"
    st.session_state[widget_key] = st.session_state[store_key]
    return widget(key=widget_key, **kwargs)


def commit_form_widgets(store_keys) -> None:
    """Callback of a form's submit button: every form widget's submitted value to its plain key at once."""
    for store_key in store_keys:
        widget_key = f"_widget_{store_key}"
        if widget_key in st.session_state:
            st.session_state[store_key] = st.session_state[widget_key]


# --- the address: every view is a link -------------------------------------------------------------------------
# {store key: (its texts in the address, the page that wrote them)}: what this session last put there, so that a
# value that came in by the address (a link, a lecturer's page) is told apart from the one this session wrote.
URL_WRITTEN_KEY = "_url.written"


def _page_hash() -> str:
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx is not None else ""


# {store key: the texts this session has put in the address, latest last}. A browser's rerun request carries the
# address as it was when the student clicked; under load that can be one this session has since replaced (a slider
# pressed three times while the first run was still drawing). Such an address is behind, not a link: taking it
# would move the slider back. Cleared where the address is meant to bring values again (following the lecturer).
URL_HISTORY_KEY = "_url.history"
URL_HISTORY_LENGTH = 32


def _written() -> dict:
    return st.session_state.setdefault(URL_WRITTEN_KEY, {})


def _history() -> dict:
    return st.session_state.setdefault(URL_HISTORY_KEY, {})


def forget_address_writes() -> None:
    """What this session wrote in the address, forgotten: the next address brings its values whatever they are."""
    _written().clear()
    _history().clear()


def _write_address(name: str, value, default) -> None:
    """`value` into the address as ?name=, or out of it when it is the default (links stay short)."""
    from explainer.ui.classroom import _publish_view  # the classroom builds on this module: imported when used

    written = _written()
    if value == default:
        written.pop(name, None)
        if name in st.query_params:
            del st.query_params[name]
            _publish_view()
        return
    texts = links.encode(value)
    texts = texts if isinstance(texts, list) else [texts]
    written[name] = (texts, _page_hash())
    history = _history().setdefault(name, [])
    if not history or history[-1] != texts:
        history.append(texts)
        del history[:-URL_HISTORY_LENGTH]
    if st.query_params.get_all(name) != texts:
        st.query_params[name] = texts if len(texts) > 1 else texts[0]
    _publish_view()


def url_state(store_key: str, default, rule: links.Rule | None = None, **widget_arguments):
    """Keep the plain session value `store_key` in the address, and take it from there when a link brought it.

    A value the address holds and this session did not write (a shared link, a reload, a followed lecturer)
    replaces the session's; one the widget could not show (out of range, not an option, text in a number) is
    dropped from the address with a small notice and the page keeps its value. `widget_arguments` (options,
    min_value, max_value, max_chars) say what is valid, as they would to a widget. Returns the value."""
    rule = rule or links.Rule.of_widget(default, widget_arguments)
    texts = st.query_params.get_all(store_key) or None
    if texts is not None and texts != _written().get(store_key, (None,))[0] \
            and texts not in _history().get(store_key, ()):  # an address behind this session's own changes
        try:
            st.session_state[store_key] = links.decode(texts, default, rule)
        except links.BadParameter:
            del st.query_params[store_key]
            link_notice(store_key, ", ".join(texts))
    value = st.session_state.get(store_key, default)
    _write_address(store_key, value, default)
    return value


def link_notice(name: str, value: str) -> None:
    """The small notice that a link's ?name=value was ignored (out of range, unknown, gone)."""
    st.toast(t("link.bad_parameter", name=name, value=value), icon=":material/link_off:")


def linked_tabs(labels: list[str], key: str):
    """st.tabs whose open tab is in the address (Streamlit's own binding, ?<key>=<label>), so a link opens it."""
    tabs = st.tabs(labels, key=key, bind="query-params")
    opened = st.session_state.get(key)
    if opened in labels and opened != labels[0]:
        _written()[key] = ([opened], _page_hash())
    else:
        _written().pop(key, None)
    return tabs


def page_link() -> str:
    """The address of the view on the screen: this page, its language and every value that is not a default."""
    from urllib.parse import urlencode

    page, address = _page_hash(), st.query_params
    pairs = [("lang", language())] + [(name, text) for name in address if name != "lang"
                                      for text in address.get_all(name)]
    # A tab Streamlit binds itself reaches the server's copy of the address only on a page's next run.
    pairs += [(name, text) for name, (texts, where) in sorted(_written().items())
              if where == page and name not in address for text in texts]
    return f"{st.context.url or ''}?{urlencode(pairs)}"


def share_link_popover() -> None:
    """Sidebar popover: the link of this view (with a copy button) and its QR code, for a projected slide.

    Opening it reruns the whole page (on_change="rerun"), so the link holds what a panel (a fragment) changed
    since the last whole run; the QR code is drawn only while it is open."""
    for name, value in st.session_state.pop(links.LINK_NOTICES_KEY, []):
        link_notice(name, value)
    popover = st.sidebar.popover(t("link.share"), icon=":material/qr_code_2:", key="share_link", on_change="rerun",
                                 width="stretch")
    if not popover.open:
        return
    link = page_link()
    with popover:
        st.caption(t("link.copy_help"))
        st.code(link, language=None, wrap_lines=True)
        st.image(links.qr_png(link, scale=6), caption=t("link.qr_caption"))


def language_selector() -> str:
    """Sidebar language switch; keeps `?lang=` in the URL so a link or a reload keeps it."""
    language()
    # The label stays the same in both languages so the switch is found in either.
    persistent_widget(st.sidebar.selectbox, LANG_KEY, label=translate("sidebar.language", DEFAULT_LANGUAGE),
                       options=list(LANGUAGES), format_func=LANGUAGE_NAMES.get)
    lang = st.session_state[LANG_KEY]
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def seed_selector() -> int:
    persistent_widget(st.sidebar.number_input, SEED_KEY, DEFAULT_SEED, label=t("sidebar.seed"), min_value=0,
                       max_value=2**31 - 1, step=1, help=t("sidebar.seed_help"))
    return int(st.session_state[SEED_KEY])
