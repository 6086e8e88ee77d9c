"""The one Streamlit adapter of the library: everything a page needs from Streamlit, in modules by concern.

Everything else in `explainer` is free of Streamlit so it can be tested and benchmarked alone. A page imports this
package (`from explainer import ui`) and calls what it re-exports below; the modules, in the order they build on
each other:

- `core`: the session's language (`t`), its id and seed; the first things every run does.
- `address`: widgets bound to plain session keys and to the address (every view is a link), the share popover.
- `live`: fragments pushed to by a training job or a class, their polling, the process-wide job manager.
- `present`: projector mode, keyboard shortcuts, buttons that act once per press.
- `blocks`: what a view-model returns, placed (charts with summaries, metrics, code, grids, forms, headers).
- `path`: the lecture path's card and questions above a page.
- `navigation`: the sidebar's links, the app's style rules, the text size.
- `classroom`: follow the lecturer (imported last: it uses the address, live panels and projector mode).
"""

from explainer.ui.address import (
    commit_form_widgets,
    forget_address_writes,
    form_widget,
    language_selector,
    link_notice,
    linked_tabs,
    page_link,
    persistent_widget,
    seed_selector,
    share_link_popover,
    url_state,
)
from explainer.ui.blocks import (
    apply_changes,
    chart,
    code_expander,
    control,
    device_label,
    drawing_canvas,
    editable_grid,
    form_fields,
    page_header,
    placeholder,
    render,
    reset_grid,
    show,
    show_messages,
    show_metrics,
    table,
)
from explainer.ui.classroom import class_panel, follow_lecturer_page
from explainer.ui.core import (
    DEFAULT_SEED,
    LANG_KEY,
    SEED_KEY,
    global_seed,
    language,
    leave_pages_folder_mode,
    session_id,
    t,
)
from explainer.ui.live import (
    FALLBACK_POLL_SECONDS,
    SAFETY_POLL_SECONDS,
    follow_job,
    job_manager,
    live_poll_seconds,
    pushes_reach_this_session,
    rerun_fragment,
    set_fragment_interval,
    trained_model,
)
from explainer.ui.navigation import FONT_SCALE_KEY, PAGE_NAV_KEY, font_size_selector, page_links, page_styles
from explainer.ui.path import lecture_path, start_path_button
from explainer.ui.present import (
    PRESENT_KEY,
    PRESSES_PREFIX,
    button_once,
    keyboard_shortcuts,
    presenting,
    projector_switch,
)

__all__ = [
    "apply_changes", "button_once", "chart", "class_panel", "code_expander", "commit_form_widgets", "control",
    "DEFAULT_SEED", "device_label", "drawing_canvas", "editable_grid", "FALLBACK_POLL_SECONDS", "follow_job",
    "follow_lecturer_page", "FONT_SCALE_KEY", "font_size_selector", "forget_address_writes", "form_fields",
    "form_widget", "global_seed", "job_manager", "keyboard_shortcuts", "LANG_KEY", "language", "language_selector",
    "leave_pages_folder_mode", "lecture_path", "link_notice", "linked_tabs", "live_poll_seconds", "page_header",
    "page_link", "page_links", "PAGE_NAV_KEY", "page_styles", "persistent_widget", "placeholder", "PRESENT_KEY",
    "presenting", "PRESSES_PREFIX", "projector_switch", "pushes_reach_this_session", "render", "rerun_fragment",
    "reset_grid", "SAFETY_POLL_SECONDS", "SEED_KEY", "seed_selector", "session_id", "set_fragment_interval",
    "share_link_popover", "show", "show_messages", "show_metrics", "start_path_button", "t", "table", "trained_model",
    "url_state",
]
