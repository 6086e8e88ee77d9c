"""The home page's map of the lecture: its slides in the lecture's order, each with the pages that show it."""

from __future__ import annotations

from dataclasses import dataclass

from explainer.i18n import t
from explainer.lecture.chapters import LECTURE_OUTLINE, page_icon, page_path


@dataclass(frozen=True)
class PageLink:
    path: str
    label: str
    icon: str


@dataclass(frozen=True)
class LectureStep:
    number: int
    title: str
    text: str
    pages: tuple[PageLink, ...]


def lecture_accuracies() -> dict[str, str]:
    """The test accuracy the lecture printed for each of its runs, by recipe name ('86.93', '56')."""
    from explainer.training.recipes import RECIPES  # imports torch (through models): only when the map is drawn

    return {name: f"{recipe.lecture_accuracy:g}" for name, recipe in RECIPES.items()
            if recipe.lecture_accuracy is not None}


def lecture_steps(lang: str) -> list[LectureStep]:
    accuracies = lecture_accuracies()
    return [
        LectureStep(
            number=number,
            title=t(f"lecture.step.{step}", lang),
            text=t(f"lecture.step.{step}.text", lang, **accuracies),
            pages=tuple(PageLink(page_path(name), t(f"page.{name}", lang), page_icon(name)) for name in pages),
        )
        for number, (step, pages) in enumerate(LECTURE_OUTLINE, start=1)
    ]
