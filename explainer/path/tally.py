"""The class's answers: how many students picked each option of each question, kept in this server process.

A classroom runs one server, so the students' sessions share it; the lecturer's screen reads the same tally (the
question card shows it once the lecturer's own answer is revealed). Nothing is stored on disk: a restart starts
a new lecture.
"""

from __future__ import annotations

import threading
from collections import Counter


class AnswerTally:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, Counter] = {}
        self._answered: dict[str, dict[str, object]] = {}  # question -> session -> its answer

    def record(self, question: str, session: str, answer) -> None:
        """One answer per session and question: answering again replaces the session's earlier answer."""
        with self._lock:
            counts = self._counts.setdefault(question, Counter())
            sessions = self._answered.setdefault(question, {})
            if session in sessions:
                counts[sessions[session]] -= 1
            sessions[session] = answer
            counts[answer] += 1

    def counts(self, question: str, options) -> list[int]:
        """How many sessions answered each option, in the options' order."""
        with self._lock:
            counts = self._counts.get(question, Counter())
            return [counts[option] for option in options]


CLASS_TALLY = AnswerTally()
