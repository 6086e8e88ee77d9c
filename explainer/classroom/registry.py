"""The classes of a server: a short code, an optional lecturer PIN, the view the lecturer shows, who follows.

A class lives in a small JSON file in a folder (the result store's `classes/`), so that several server processes
sharing that folder (`make run-class`) see the same classes; the lecturer's browser and the students' browsers
only read and write it through here. No Streamlit: explainer.ui polls it for a following session.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud and typed from a projector
CODE_LENGTH = 4
FOLLOWER_TIMEOUT_S = 5.0  # a follower who has not looked for this long is gone (its poll is every second)
PIN_ENV = "EXPLAINER_LECTURER_PIN"


def lecturer_pin() -> str | None:
    """The PIN a lecturer must give to open or lead a class, from the server's environment; None: anyone may."""
    return os.environ.get(PIN_ENV) or None


def pin_accepted(given: str | None) -> bool:
    wanted = lecturer_pin()
    return wanted is None or hmac.compare_digest((given or "").encode(), wanted.encode())


def normalise_code(text: str | None) -> str | None:
    """A class code as typed ('ab 3k' -> 'AB3K'); None for anything that cannot be one."""
    code = "".join((text or "").split()).upper()
    return code if len(code) == CODE_LENGTH and all(c in CODE_LETTERS for c in code) else None


@dataclass
class ClassState:
    code: str
    lecturer: str  # the session that leads it: another browser cannot publish without opening its own class
    page: str = "home"
    params: list[tuple[str, str]] = field(default_factory=list)  # the lecturer's address, in order
    version: int = 0
    followers: dict[str, float] = field(default_factory=dict)  # session id -> when it last looked


class Registry:
    """The classes kept as `<folder>/<code>.json`. Writes replace a file at once, so a reader never sees half."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)

    def _path(self, code: str) -> Path:
        return self.folder / f"{code}.json"

    def _save(self, state: ClassState) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self._path(state.code).with_suffix(f".{secrets.token_hex(4)}.tmp")
        temporary.write_text(json.dumps(asdict(state)))
        temporary.replace(self._path(state.code))

    def get(self, code: str | None) -> ClassState | None:
        code = normalise_code(code)
        if code is None:
            return None
        try:
            raw = json.loads(self._path(code).read_text())
            return ClassState(**{**raw, "params": [tuple(pair) for pair in raw.get("params", [])]})
        except (OSError, ValueError, TypeError):
            return None

    def open(self, lecturer: str) -> ClassState:
        """A new class with a code no open class has."""
        while True:
            code = "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))
            if self.get(code) is None:
                state = ClassState(code=code, lecturer=lecturer)
                self._save(state)
                return state

    def close(self, code: str, lecturer: str) -> None:
        state = self.get(code)
        if state is not None and state.lecturer == lecturer:
            self._path(state.code).unlink(missing_ok=True)

    def publish(self, code: str, lecturer: str, page: str, params: list[tuple[str, str]]) -> bool:
        """The lecturer's view now; True when it changed (followers move on their next look)."""
        state = self.get(code)
        if state is None or state.lecturer != lecturer:
            return False
        params = [tuple(pair) for pair in params]
        if (state.page, state.params) == (page, params):
            return False
        state.page, state.params, state.version = page, params, state.version + 1
        self._save(state)
        return True

    def look(self, code: str, follower: str, now: float | None = None) -> ClassState | None:
        """A follower's poll: the class as the lecturer left it, with this follower counted as present."""
        state = self.get(code)
        if state is None:
            return None
        now = time.time() if now is None else now
        if now - state.followers.get(follower, 0.0) > FOLLOWER_TIMEOUT_S / 2:  # a write every few seconds at most
            state.followers[follower] = now
            state.followers = {who: seen for who, seen in state.followers.items() if now - seen <= FOLLOWER_TIMEOUT_S}
            self._save(state)
        return state

    def leave(self, code: str, follower: str) -> None:
        state = self.get(code)
        if state is not None and state.followers.pop(follower, None) is not None:
            self._save(state)

    def following(self, code: str, now: float | None = None) -> int:
        """How many students follow the class now."""
        state = self.get(code)
        now = time.time() if now is None else now
        return 0 if state is None else sum(now - seen <= FOLLOWER_TIMEOUT_S for seen in state.followers.values())
