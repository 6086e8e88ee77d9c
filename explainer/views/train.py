"""View-model of the train page's set-up form and of a training job as the page follows it (no Streamlit).

    values = form_defaults(recipe)                  # the form's plain session keys for a recipe (links, reloads)
    outcome = submit(manager, recipe, owner)        # the job, or why the server refused it (a translated text)
    view = live_view(job, "ko", can_cancel=..., queue_position=...)  # what the live panel shows

The live panel does not poll: the job manager pushes every change to it (explainer.ui.follow_job), so
`live_view` runs once per change and must stay cheap (it reads the job only: no dataset, no model).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from explainer.data import datasets as data
from explainer.figures import train as figures
from explainer.i18n import t
from explainer.training import estimate, jobs
from explainer.training.jobs import JobState
from explainer.training.recipes import OPTIMIZERS, RECIPES, Recipe
from explainer.views import compare

SLOW_SECONDS = 300


FINISHED = frozenset({JobState.DONE, JobState.FAILED, JobState.CANCELLED})


@dataclass(frozen=True)
class Element:
    """One output of a view-model: st.<call>(*args, **kwargs), drawn in order by explainer.ui.show."""

    call: str  # "markdown", "caption", "warning", "plotly_chart", "dataframe", "expander", "columns", ...
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    children: tuple | list = ()  # drawn inside a container; for "columns" one list of elements per column


_MARKDOWN_COLOUR = re.compile(r":[a-z]+\[([^\]]*)\]")


def plain_text(markdown: str) -> str:
    """What a screen reader should say for a markdown caption: no colour directives, bold marks or line breaks."""
    text = _MARKDOWN_COLOUR.sub(r"\1", markdown).replace("**", "")
    return " ".join(text.split())


def grid(tiles, columns: int, caption_below: bool = False) -> list[Element]:
    """Pictures (each with `image` and `caption`; None leaves a cell empty) in rows of `columns` equal columns.
    `caption_below`: the caption as markdown under the picture (colours, bold) instead of the image's caption.
    Each picture's alt text is its caption as plain text, for a screen reader."""
    def cell(tile) -> list[Element]:
        if tile is None:
            return []
        alt = plain_text(tile.caption)
        if caption_below:
            return [Element("image", (tile.image,), {"width": "stretch", "alt": alt}),
                    Element("markdown", (tile.caption,))]
        return [Element("image", (tile.image,), {"caption": tile.caption, "width": "stretch", "alt": alt})]

    return [Element("columns", (columns,), children=[cell(tile) for tile in tiles[start:start + columns]])
            for start in range(0, len(tiles), columns)]


def notice(kind: str, text: str, icon: str) -> Element:
    """An info, warning or error box with its icon."""
    return Element(kind, (text,), {"icon": icon})


# -- the set-up form ------------------------------------------------------------------------------------


def lecture_recipe_for(model: str, dataset: str) -> Recipe:
    """The lecture's recipe for `model` on `dataset` (else for `model` on any dataset): custom runs start there."""
    return next((r for r in RECIPES.values() if r.model == model and r.dataset == dataset),
                next(r for r in RECIPES.values() if r.model == model))


def custom_key(model: str, name: str) -> str:
    """Custom settings are kept per model: switching from LeNet to an MLP does not carry batch 4 along."""
    return f"train.custom.{model}.{name}"


def preset_key(preset: str, name: str) -> str:
    return f"train.preset_{name}.{preset}"


def custom_defaults(model: str, dataset: str, seed: int = 777) -> dict[str, object]:
    """The custom form of `model` as the lecture trained it (optimiser, lr, momentum, batch, epochs, ...)."""
    lecture = lecture_recipe_for(model, dataset)
    options = compare.model_options(model)
    hidden = options["hidden"]
    hidden_text = None if hidden is None else ",".join(str(v) for v in (hidden if isinstance(hidden, tuple)
                                                                           else (hidden,)))
    dropout = None if options["dropout"] is None else float(
        lecture.dropout if lecture.dropout is not None else options["dropout"])
    return {"hidden": hidden_text, "dropout": dropout, "hflip": lecture.hflip, "optimizer": lecture.optimizer,
            "lr": lecture.lr, "momentum": lecture.momentum or 0.9, "batch": lecture.batch_size,
            "epochs": lecture.epochs, "subset": 0, "seed": int(seed)}


def form_recipe(values, dataset: str, mode: str, choice: str, seed: int = 777) -> Recipe:
    """The recipe the form's values (plain session keys, a mapping) describe; `choice` is the preset in "preset"
    mode, the model in "custom" mode. Raises compare.InvalidSetting with a translatable reason."""
    if mode == "preset":
        lecture = RECIPES[choice]
        return compare.preset_recipe(choice, epochs=int(values.get(preset_key(choice, "epochs"), lecture.epochs)),
                                     train_subset=int(values.get(preset_key(choice, "subset"), 0)) or None)
    defaults = custom_defaults(choice, dataset, seed)

    def get(name: str):
        return values.get(custom_key(choice, name), defaults[name])

    return compare.custom_recipe(dataset, choice, optimizer=get("optimizer"), lr=get("lr"), momentum=get("momentum"),
                                 batch_size=get("batch"), epochs=int(get("epochs")), hidden=get("hidden"),
                                 dropout=get("dropout"), hflip=get("hflip"), seed=int(get("seed")),
                                 train_subset=int(get("subset")) or None)


def form_defaults(recipe: Recipe) -> dict[str, object]:
    """The form's plain session keys for `recipe`, so that a link or a reload (?run=<hash>) shows that run."""
    values: dict[str, object] = {"train.dataset": recipe.dataset}
    if recipe.name in RECIPES:
        values.update({"train.mode": "preset", f"train.preset.{recipe.dataset}": recipe.name,
                       preset_key(recipe.name, "epochs"): recipe.epochs,
                       preset_key(recipe.name, "subset"): recipe.train_subset or 0})
        return values
    model = recipe.model
    values.update({"train.mode": "custom", f"train.custom_model.{recipe.dataset}": model,
                   custom_key(model, "hflip"): recipe.hflip, custom_key(model, "optimizer"): recipe.optimizer,
                   custom_key(model, "lr"): recipe.lr, custom_key(model, "batch"): recipe.batch_size,
                   custom_key(model, "epochs"): recipe.epochs, custom_key(model, "seed"): recipe.seed,
                   custom_key(model, "subset"): recipe.train_subset or 0})
    if recipe.optimizer == "sgd_momentum":
        values[custom_key(model, "momentum")] = recipe.momentum
    if recipe.hidden is not None:
        values[custom_key(model, "hidden")] = ",".join(str(v) for v in recipe.hidden)
    if recipe.dropout is not None:
        values[custom_key(model, "dropout")] = recipe.dropout
    return values


BATCH_SIZES = (4, 8, 16, 32, 64, 100, 128, 256, 512)


@dataclass(frozen=True)
class Field:
    """One widget of the set-up form: which st.* widget, its plain session key, its default and arguments."""

    widget: str  # "number_input", "text_input", "slider", "checkbox", "selectbox" or "select_slider"
    key: str
    default: object
    kwargs: dict


def form_rows(mode: str, choice: str, dataset: str, lang: str, seed: int = 777) -> list[list[Field | None]]:
    """The set-up form as rows of fields (None: an empty cell); `choice` is the preset or the custom model."""
    if mode == "preset":
        lecture = RECIPES[choice]
        return [[Field("number_input", preset_key(choice, "epochs"), lecture.epochs, dict(
                    label=t("train.epochs", lang), min_value=1, max_value=500, step=1,
                    help=t("train.epochs_help", lang, epochs=lecture.epochs))),
                 Field("number_input", preset_key(choice, "subset"), 0, dict(
                     label=t("train.subset", lang), min_value=0, max_value=100_000, step=1000,
                     help=t("train.subset_help", lang)))]]
    defaults = custom_defaults(choice, dataset, seed)

    def field(widget: str, name: str, **kwargs) -> Field:
        return Field(widget, custom_key(choice, name), defaults[name], dict(label=t(f"train.{name}", lang), **kwargs))

    return [
        [field("text_input", "hidden", help=t("train.hidden_help", lang)) if defaults["hidden"] is not None else None,
         field("slider", "dropout", min_value=0.0, max_value=0.9, step=0.05, help=t("train.dropout_help", lang))
         if defaults["dropout"] is not None else None,
         field("checkbox", "hflip", help=t("train.hflip_help", lang))],
        [field("selectbox", "optimizer", options=list(OPTIMIZERS), format_func=lambda o: t(f"train.opt.{o}", lang)),
         field("number_input", "lr", min_value=1e-5, max_value=5.0, step=0.001, format="%.4f"),
         field("number_input", "momentum", min_value=0.05, max_value=0.99, step=0.01,
               help=t("train.momentum_help", lang)),
         field("select_slider", "batch", options=list(BATCH_SIZES)),
         field("number_input", "epochs", min_value=1, max_value=500, step=1)],
        [field("number_input", "seed", min_value=0, max_value=2**31 - 1, step=1),
         field("number_input", "subset", min_value=0, max_value=100_000, step=1000, help=t("train.subset_help", lang)),
         None, None],
    ]


def preset_text(preset: str, lang: str) -> str:
    lecture = RECIPES[preset]
    return t("train.preset.summary", lang, model=compare.model_title(lecture.model, lang),
             params=compare.parameters_text(lecture, lang), epochs=lecture.epochs,
             acc=f"{lecture.lecture_accuracy:.2f}")


def summary_text(recipe: Recipe, lang: str) -> str:
    """What pressing 'Start training' trains, in one line: model, epochs and every setting."""
    return t("train.summary", lang, model=compare.model_title(recipe.model, lang), epochs=recipe.epochs,
             params=compare.parameters_text(recipe, lang))


def estimate_text(recipe: Recipe, train_count: int, device: str, device_label: str, stored_runs,
                  lang: str) -> tuple[str, bool]:
    """The training-time estimate as a sentence, and whether it is slow enough to warn about."""
    seconds = estimate.estimate_seconds(recipe, train_count, device, stored_runs)
    slow = seconds > SLOW_SECONDS
    text = t("train.estimate", lang, time=compare.duration_text(seconds, lang), device=device_label,
             images=min(train_count, recipe.train_subset or train_count), epochs=recipe.epochs)
    return (text + " " + t("train.estimate_slow", lang) if slow else text), slow


# -- jobs: submitting and stopping ----------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    job: object | None  # jobs.Job
    refusal: tuple[str, dict] | None = None  # the engine's reason: catalogue key and values (see refusal_text)


def refusal_elements(refusal: tuple[str, dict] | None, lang: str) -> list[Element]:
    """The server's refusal of the last start (see `start`), as the page shows it; nothing without one."""
    return [] if refusal is None else [notice("warning", refusal_text(*refusal, lang), ":material/block:")]


def refusal_text(key: str, values: dict, lang: str) -> str:
    """The engine's reason (its catalogue key) followed by what a student can do instead."""
    reason = t(key, lang, **values)
    if reason == key:  # a key this catalogue does not know
        reason = t("train.refused", lang)
    return f"{reason} {t('train.refused_help', lang)}"


def submit(manager, recipe: Recipe, owner: str) -> Submitted:
    """Queue `recipe` for this session; a refusal (too many runs of this session, or too long for the server)
    comes back as a message instead of a queued job."""
    try:
        job = manager.submit(recipe, owner=owner)
    except jobs.SubmitRefused as refused:
        return Submitted(None, refusal=(refused.key, dict(refused.values)))
    return Submitted(job)


def start(manager, values, dataset: str, mode: str, choice: str, seed: int, owner: str) -> tuple[str, dict] | None:
    """Queue what the form's values describe (the start button's callback); the server's refusal, else None.
    Values that make no recipe start nothing: the form says why on the next run."""
    try:
        recipe = form_recipe(values, dataset, mode, choice, seed)
    except compare.InvalidSetting:
        return None
    return submit(manager, recipe, owner).refusal


def can_cancel(manager, key: str, owner: str) -> bool:
    """Only the session that started a run may stop it; someone who opened its link only watches."""
    return bool(manager.can_cancel(key, owner))


def cancel(manager, key: str, owner: str) -> bool:
    if not can_cancel(manager, key, owner):
        return False
    return manager.cancel(key, owner=owner)


# -- following a job ----------------------------------------------------------------------------------


def state_of(job) -> JobState:
    return JobState(str(getattr(job.state, "value", job.state)))


@dataclass(frozen=True)
class Message:
    kind: str  # "info", "success", "warning" or "error": the st.* call that shows it
    text: str


@dataclass(frozen=True)
class LiveView:
    state: JobState
    messages: list[Message] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    progress: tuple[float, str] | None = None  # fraction, text
    metrics: list[tuple[str, str]] = field(default_factory=list)
    show_cancel: bool = False
    table: str | None = None  # per-epoch table (Markdown, translated headers): cheap to draw on every look
    curves: list[tuple[str, list[dict]]] | None = None  # the finished run's curves: drawn once, at the end

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    def head(self) -> list[Element]:
        """The messages and the progress bar: above the metrics."""
        shown = [Element(message.kind, (message.text,)) for message in self.messages]
        if self.progress is not None:
            shown.append(Element("progress", (self.progress[0],), {"text": self.progress[1]}))
        return shown

    def tail(self, lang: str, cancel_args: tuple) -> list[Element]:
        """The stop button (`cancel_args`: what `cancel` takes), the finished run's curves, the captions and the
        per-epoch table: under the metrics."""
        stop = Element("button", (t("train.cancel", lang),), {"icon": ":material/stop:", "key": "train_cancel",
                                                              "on_click": cancel, "args": cancel_args})
        shown = [stop] if self.show_cancel else []
        if self.curves:
            shown.append(Element("plotly_chart", (figures.curves_figure(self.curves, lang),),
                                 {"width": "stretch", "key": "train_live_curves"}))
        shown += [Element("caption", (caption,)) for caption in self.captions]
        if self.table is not None:
            shown.append(Element("markdown", (self.table,)))
        return shown


def live_view(job, lang: str, *, can_cancel: bool, queue_position: int | None = None) -> LiveView:
    """What the live panel shows for `job` now (reads the job only: no dataset, no model). While the job runs,
    only cheap elements (text, progress, metrics, the epochs so far as a table); the curves, a plotly figure,
    once it is done, so that a class of polling pages does not rebuild figures every second."""
    state = state_of(job)
    messages, captions, metrics = [], [], []
    progress_bar = None
    progress = job.progress
    if state is JobState.QUEUED:
        messages.append(Message("info", t("train.queued", lang, position=queue_position or 1)))
    elif state is JobState.RUNNING and progress is not None:
        progress_bar = (progress.fraction, t(
            "train.progress", lang, epoch=min(progress.epoch + 1, progress.epochs), epochs=progress.epochs,
            step=progress.step, steps=progress.steps_per_epoch, percent=f"{100 * progress.fraction:.0f}"))
        metrics = [(t("train.elapsed", lang), compare.duration_text(progress.elapsed_s, lang)),
                   (t("train.eta", lang), compare.duration_text(progress.eta_s, lang)),
                   (t("train.running_loss", lang), "–" if progress.train_loss is None
                    else f"{progress.train_loss:.4f}"),
                   (t("train.last_test_acc", lang), "–" if progress.test_acc is None
                    else f"{progress.test_acc:.2f}%")]
    elif state is JobState.RUNNING:
        messages.append(Message("info", t("train.starting", lang)))
    history = job.history
    table = compare.history_markdown(history, lang) if history else None
    curves = None
    if state is JobState.DONE:
        stored = job.result
        recipe = job.recipe
        messages.append(Message("success", t("train.done", lang, acc=f"{stored.test_acc:.2f}",
                                             time=compare.duration_text(stored.wall_s, lang),
                                             device=compare.device_text(stored.device_name, lang))))
        if compare.is_lecture_run(recipe) and recipe.lecture_accuracy is not None:
            captions.append(t("train.vs_lecture", lang, ours=f"{stored.test_acc:.2f}",
                              lecture=f"{recipe.lecture_accuracy:.2f}"))
        captions.extend(jobs.notice_text(notice, lang) for notice in job.notices)
        captions.append(t("train.compare_hint", lang))
        # A curve needs two recorded epochs: one epoch's single points say nothing the table under them does not,
        # and drawing them cost every finished page of a class ~0.5 s of its browser's time.
        curves = [(t("train.this_run", lang), stored.history)] if len(stored.history) > 1 else None
        table = compare.history_markdown(stored.history, lang)
    elif state is JobState.FAILED:
        if isinstance(job.exception, data.DatasetUnavailable):
            messages.append(Message("warning", data.unavailable_message(job.exception, lang)))
        else:
            messages.append(Message("error", t("train.failed", lang, error=job.error)))
    elif state is JobState.CANCELLED:
        messages.append(Message("warning", t("train.cancelled", lang)))
    if state in (JobState.QUEUED, JobState.RUNNING) and not can_cancel:
        captions.append(t("train.watching", lang))
    return LiveView(state=state, messages=messages, captions=captions,
                    progress=progress_bar, metrics=metrics,
                    show_cancel=can_cancel and state in (JobState.QUEUED, JobState.RUNNING),
                    table=table, curves=curves)


# -- the compare tab ------------------------------------------------------------------------------------


def follow_new_runs(picked: list[str] | None, known: list[str] | None, hashes: list[str],
                    count: int = 3) -> tuple[list[str], str | None]:
    """The runs to overlay, and the newest run that appeared since the page last listed `known` (None if none).

    A run trained (or stored by anyone) since the last look joins the overlay and becomes the detailed run,
    so the run a student just trained is never missing; the student's own picks that still exist stay.
    `hashes`: every stored run, newest first.
    """
    if picked is None:
        return hashes[:count], None
    new = [h for h in hashes if known is not None and h not in known]
    kept = [h for h in picked if h in hashes and h not in new]
    return new + kept, (new[0] if new else None)
