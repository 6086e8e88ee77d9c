"""What a view-model returns, placed on the page: charts with their text summaries, metrics, code beside the widget,
editable grids, form fields, and the page header."""

from __future__ import annotations

import streamlit as st

from explainer.i18n import t as translate
from explainer.ui.address import _write_address, form_widget, persistent_widget, url_state
from explainer.ui.core import language, t
from explainer.ui.present import presenting


def chart(figure, key: str | None = None, place=None, **kwargs):
    """st.plotly_chart with the chart's text summary (explainer.figures.summary) as a caption under it, the
    numbers a screen reader, or a student who cannot read the chart, needs; drawn for the projector in projector
    mode (explainer.figures.present), where captions are hidden."""
    from explainer.figures.summary import describe

    place = place or st
    summary = describe(figure, language())
    if presenting():
        from explainer.figures.present import for_projector

        figure = for_projector(figure if isinstance(figure, dict) else figure.to_dict())
    shown = place.plotly_chart(figure, key=key, **kwargs)
    place.caption(summary)
    return shown


def page_header(page: str) -> None:
    """Title, the lecture section the page explains and a one-line description of a page, from the catalogue
    keys page.<name>, PAGE_LECTURE_SECTION[name] and page.desc.<name>."""
    from explainer.lecture.chapters import PAGE_LECTURE_SECTION

    st.title(t(f"page.{page}"))
    if page in PAGE_LECTURE_SECTION:
        st.caption(t("common.lecture_section", section=t(PAGE_LECTURE_SECTION[page])))
    st.caption(t(f"page.desc.{page}"))


def placeholder(page: str) -> None:
    """What a page not built yet shows: its purpose, in the current language, and no error."""
    page_header(page)
    st.info(f"{t('placeholder.coming')}\n\n{t(f'page.desc.{page}')}")


def show_messages(messages) -> None:
    """Messages of a view-model (each with `kind`: "info", "success", "warning" or "error", and `text`)."""
    for message in messages:
        getattr(st, message.kind)(message.text)


def show_metrics(metrics) -> None:
    """(label, value) pairs side by side, one st.metric each; nothing for none."""
    if metrics:
        for column, (label, value) in zip(st.columns(len(metrics)), metrics, strict=True):
            column.metric(label, value)


def code_expander(code: str, expanded: bool = False) -> None:
    """The lecture's PyTorch code for the current settings, beside the widget it explains."""
    with st.expander(t("common.pytorch_code"), expanded=expanded):
        st.code(code, language="python")


@st.cache_resource(show_spinner=False)
def _device_facts() -> tuple[str, str, int]:
    """(device type, its name, CPU training threads) of the default device, looked up once per process."""
    from explainer.training.device import cpu_threads, default_device, device_name

    device = default_device()
    return device.type, device_name(device), cpu_threads()


def device_label() -> str:
    """The default compute device in the session's language: 'CPU (스레드 2개)', 'CPU (2 threads)', a GPU's name."""
    kind, name, threads = _device_facts()
    if kind != "cpu":
        return name
    return t("sidebar.device_cpu_one" if threads == 1 else "sidebar.device_cpu", threads=threads)


def editable_grid(store_key: str, default, *, disabled: bool = False, step: float = 1.0, linked: bool = True):
    """A small numeric grid (st.data_editor) whose values live under the plain key `store_key`.

    Returns the current values as a float numpy array; empty cells count as 0. `reset_grid` replaces
    the values (a new editor key drops the old edits). `linked`: the values are kept in the address (a grid that
    only mirrors a preset is not: the preset's name is).
    """
    import numpy as np
    import pandas as pd

    default_rows = np.asarray(default, dtype=float).tolist()
    if store_key not in st.session_state:
        st.session_state[store_key] = default_rows
    before = st.session_state[store_key]
    if linked:
        url_state(store_key, default_rows)  # a link's grid replaces the session's: a new editor shows it
    else:
        _write_address(store_key, default_rows, default_rows)  # out of the address
    if st.session_state[store_key] != before:
        reset_grid(store_key, st.session_state[store_key])
    values = np.asarray(st.session_state[store_key], dtype=float)
    version = st.session_state.get(f"{store_key}__version", 0)
    columns = [str(c) for c in range(values.shape[1])]
    edited = st.data_editor(
        pd.DataFrame(values, columns=columns), key=f"_grid_{store_key}_{version}_{values.shape[0]}x{values.shape[1]}",
        disabled=disabled, num_rows="fixed", hide_index=False,
        column_config={c: st.column_config.NumberColumn(c, step=step, format="%.4g", width="small") for c in columns},
    )
    result = np.nan_to_num(edited.to_numpy(dtype=float), nan=0.0)
    if not np.array_equal(result, values):
        st.session_state[store_key] = result.tolist()
        if linked:
            _write_address(store_key, st.session_state[store_key], default_rows)
    return result


def reset_grid(store_key: str, values) -> None:
    import numpy as np

    st.session_state[store_key] = np.asarray(values, dtype=float).tolist()
    st.session_state[f"{store_key}__version"] = st.session_state.get(f"{store_key}__version", 0) + 1


# --- what a view-model returns, placed (explainer.views.blocks) ------------------------------------------------


def control(spec, store_key: str, lang: str, place=None, values: dict | None = None, **changed):
    """The widget a views.blocks.Control describes, bound to the plain key `store_key` (see persistent_widget);
    `values` fill its label and help, `changed` overrides its arguments (a range that depends on the data)."""
    values, options = values or {}, {**spec.options, **changed}
    if spec.choices:  # bound to `lang`: format_func is also called outside the script run
        options["format_func"] = lambda choice: translate(f"{spec.choices}{choice}", lang)
    return persistent_widget(getattr(place or st, spec.kind), store_key, spec.default,
                             label=translate(spec.label, lang, **values),
                             help=translate(spec.help, lang, **values) if spec.help else None, **options)


def table(rows, place=None) -> None:
    """A small table of numbers as text that wraps (st.table): in a column at a 1024 px projector it fits, where the
    data grid scrolled sideways and hid its last columns (the formulas, the XOR outputs, the dropout masks)."""
    (place or st).table(rows, hide_index=True)


def _charts(payload) -> None:
    widths, charts = payload
    for column, (key, figure, *below) in zip(st.columns(widths) if widths else [st], charts, strict=True):
        chart(figure, width="stretch", key=key, place=column)
        for text in below:  # a sum written out under its chart
            column.code(text, language=None, wrap_lines=True)


def _metrics(pairs) -> None:
    for column, (label, value) in zip(st.columns(len(pairs)), pairs, strict=True):
        column.metric(label, value)


_RENDER = {"charts": _charts, "metrics": _metrics, "pytorch": code_expander,
           "arithmetic": lambda text: st.code(text, language=None, wrap_lines=True),
           "table": lambda rows: st.dataframe(rows, hide_index=True, width="stretch", height="content"),
           "details": lambda titled: st.expander(titled[0]).markdown(titled[1])}


def render(blocks) -> None:
    """A view's blocks in order (kinds and payloads: explainer.views.blocks)."""
    for kind, payload in blocks:
        place = _RENDER.get(kind) or getattr(st, kind)
        place(payload)


def apply_changes(values: dict, grids: dict | None = None) -> None:
    """A button's callback that sets plain session values and replaces editable grids (reset_grid). Callbacks run
    before the script, so the widgets below already show what it set."""
    for key, grid in (grids or {}).items():
        reset_grid(key, grid)
    st.session_state.update(values)


def drawing_canvas(key: str, side: int, stroke: int):
    """A square freehand canvas, white ink on black: (its RGBA pixels, None before the first stroke; whether the
    optional component loaded). Imported only here, so that a page works without it."""
    try:
        from streamlit_drawable_canvas import st_canvas
    except Exception:  # noqa: BLE001 - whatever breaks inside the optional component
        return None, False
    st.markdown("&nbsp;")  # room for the canvas toolbar, which sits above the canvas
    drawing = st_canvas(stroke_width=stroke, stroke_color="#FFFFFF", background_color="#000000", height=side,
                        width=side, drawing_mode="freedraw", return_image_data=True, key=key)
    return (drawing.image_data if drawing is not None and drawing.json_data else None), True


def form_fields(rows) -> list[str]:
    """Inside st.form: rows of widget specs (each with `widget`, an st.* name, `key`, `default`, `kwargs`; None
    leaves a cell empty), one st.columns row each, bound by `form_widget`. Returns the plain keys, for
    `commit_form_widgets`."""
    keys = []
    for row in rows:
        for column, spec in zip(st.columns(len(row)), row, strict=True):
            if spec is not None:
                keys.append(spec.key)
                form_widget(getattr(column, spec.widget), spec.key, spec.default, **spec.kwargs)
    return keys


def show(elements) -> None:
    """A view-model's outputs, in order: st.<call>(*args, **kwargs) for each element (`call`, `args`, `kwargs`,
    `children`; see explainer.views.train.Element). A container's `children` are drawn inside it; for
    "columns", `children` holds one list of elements per column."""
    for element in elements:
        if element.call == "plotly_chart":
            chart(*element.args, **element.kwargs)
            continue
        made = getattr(st, element.call)(*element.args, **element.kwargs)
        if element.call == "columns":
            for column, inside in zip(made, element.children, strict=False):
                with column:
                    show(inside)
        elif element.children:
            with made:
                show(element.children)
