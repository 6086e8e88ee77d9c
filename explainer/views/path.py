"""What the lecture path shows on a page: the step's card (where we are, what to look at, the control to move,
back / next) and its predict-then-see questions (the student's answer, then the computed one beside it).

    enter = entry_state(2)                    # the session values that open step 3 in its state
    card = step_card(2, "ko")                 # its texts and the pages before and after it
    shown = question_card(QUESTIONS["conv_stride"], chosen=3, lang="en", counts=[0, 4, 1, 0])
"""

from __future__ import annotations

from dataclasses import dataclass

from explainer.figures.path import answers_figure
from explainer.i18n import t
from explainer.path.questions import Question, questions_of
from explainer.path.steps import STEPS, Step
from explainer.views import perceptron as perceptron_view


def entry_state(index: int, lang: str | None = None) -> dict:
    """The plain session values a step sets on entry: its widgets, and on the perceptron page its gate pressed
    (the gate's weights and the rule's state, exactly as the page's own gate button sets them); with `lang`, also
    the tab that holds its control, opened (a page builds only its open tab: ui.show_open_tab)."""
    step = STEPS[index]
    pressed = perceptron_view.preset_pressed(step.gate) if step.gate else {}
    tab = {step.tab.rsplit(".", 1)[0]: t(step.tab, lang)} if step.tab and lang else {}  # "conv.tab": "애니메이션"
    return {**pressed, **step.state, **tab}


@dataclass(frozen=True)
class StepCard:
    heading: str  # "강의 따라가기 · 3/12단계: 퍼셉트론"
    look: str  # what to look at on this page
    move: str  # "움직여 볼 컨트롤: **학습률 η**"
    page: str
    control: str  # the plain session key of the highlighted widget
    back: int | None  # the step before, None on the first
    next: int | None  # the step after, None on the last
    questions: list[Question]
    predict_header: str
    off_page: str | None  # when the student wandered to another page: a note, with the way back


def step_card(index: int, lang: str, current_page: str | None = None) -> StepCard:
    step: Step = STEPS[index]
    title = t(f"path.step.{step.name}", lang)
    heading = t("path.heading", lang, n=index + 1, total=len(STEPS), title=title)
    control_label = t(step.control_label, lang, **step.label_values)
    off_page = None
    if current_page is not None and current_page != step.page:
        off_page = t("path.off_page", lang, page=t(f"page.{step.page}", lang))
    move = t("path.move", lang, control=control_label)
    if step.tab:  # the control sits in a tab the step opens (entry_state): say which, should the student move on
        move = t("path.in_tab", lang, tab=t(step.tab, lang)) + " " + move
    # The look text quotes the step's own settings (`{xor_epochs:,}` is the value of "xor.epochs"), typed in once.
    values = {key.replace(".", "_"): value for key, value in step.state.items()}
    values.update({name: t(key, lang) for name, key in step.look_names.items()})
    look = t(f"path.step.{step.name}.look", lang, **values)
    return StepCard(heading, look, move,
                    step.page, step.control, index - 1 if index > 0 else None,
                    index + 1 if index + 1 < len(STEPS) else None, questions_of(step.name),
                    t("path.predict_header", lang), off_page)


def option_label(question: Question, option, lang: str) -> str:
    if question.worded:
        return t(f"predict.opt.{option}", lang)
    return f"{option:g}".replace("e-0", "e-")  # 1e-06 reads as 1e-6


@dataclass(frozen=True)
class Revealed:
    kind: str  # "success" when the prediction was right, "warning" when not
    verdict: str  # your answer beside the right one
    why: str  # one paragraph: how the library computes it
    slide: str  # the lecture's slide it comes from
    class_answers: str  # the class's answers so far, one count per option (the chart's text summary)
    chart: object  # the same counts as a bar chart, the right answer marked


@dataclass(frozen=True)
class QuestionCard:
    prompt: str
    labels: dict  # option -> its label, in order
    check: str  # the button's label
    revealed: Revealed | None  # None until the student has committed to an answer


def question_card(question: Question, chosen, lang: str, counts: list[int] | None = None) -> QuestionCard:
    labels = {option: option_label(question, option, lang) for option in question.options}
    revealed = None
    if chosen is not None:
        answer = question.answer()
        right = chosen == answer
        verdict = t("predict.right" if right else "predict.wrong", lang, yours=labels.get(chosen, str(chosen)),
                    answer=labels[answer])
        counts = counts or [0] * len(question.options)
        tally = " · ".join(f"{labels[option]}: {count}" for option, count in zip(question.options, counts, strict=True))
        revealed = Revealed("success" if right else "warning", verdict,
                            t(f"predict.{question.name}.why", lang, **question.facts()),
                            t("predict.slide", lang, slide=t(f"lecture.step.{question.slide}", lang)),
                            t("predict.class_answers", lang, counts=tally),
                            answers_figure(list(labels.values()), list(counts), question.options.index(answer), lang))
    return QuestionCard(t(f"predict.{question.name}.q", lang, **question.facts()), labels, t("predict.check", lang),
                        revealed)
