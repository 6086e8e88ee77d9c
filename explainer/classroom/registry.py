"""The classes of a server: a short code, an optional lecturer PIN, the view the lecturer shows, who follows.

A class lives in a small JSON file in a folder (the result store's `classes/`), so that several server processes
sharing that folder (`make run-class`) see the same classes; the lecturer's browser and the students' browsers
only read and write it through here. Only the lecturer writes that file; each student is counted by a file of
their own (`<code>.followers/<session>`, touched when they look and, while their session is connected, by their
server process: `keep_present`), so a class of followers never rewrites the lecturer's view (nor races a change
of it). Reads are cached by the file's
modification time: a follower's look costs a `stat`, not a JSON parse.

Push: `subscribe` a callback to a class and it is called when the class changes: at once when this process
publishes, and within `WATCH_SECONDS` when another process sharing the folder does (one thread per process
stats the watched classes' files). No Streamlit: explainer.ui turns the callback into a rerun of the
follower's panel.
"""

from __future__ import annotations

import hmac
import json
import os
import re
import secrets
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud and typed from a projector
CODE_LENGTH = 4
FOLLOWER_TIMEOUT_S = 5.0  # a follower whose mark is older than this is gone
PRESENCE_SECONDS = FOLLOWER_TIMEOUT_S / 3  # how often this process touches the marks of its followers still here
PIN_ENV = "EXPLAINER_LECTURER_PIN"
FOLLOWER_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")  # a session id, used as a file name: nothing else
WATCH_SECONDS = 0.2  # how often this process looks for a change another process wrote (a stat per class)


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


_STATE_FIELDS = {f.name for f in fields(ClassState)}


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes whenever the file is replaced (a new inode) or rewritten; None: no such file."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


class _Watch:
    """This process's subscribers per class file, and the thread that tells them of changes others wrote."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.subscribers: dict[Path, dict[str, Callable[[], object]]] = {}
        self.stamps: dict[Path, tuple[int, int, int] | None] = {}
        self.thread: threading.Thread | None = None
        self.present: dict[Path, Callable[[], bool]] = {}  # a follower's mark -> whether that follower is still here
        self.touched = 0.0

    def _start(self) -> None:  # under the lock
        if self.thread is None or not self.thread.is_alive():
            self.thread = threading.Thread(target=self._run, name="class-watch", daemon=True)
            self.thread.start()

    def subscribe(self, path: Path, watcher_id: str, callback: Callable[[], object]) -> None:
        with self.lock:
            if path not in self.subscribers:
                self.stamps[path] = _stamp(path)
            self.subscribers.setdefault(path, {})[watcher_id] = callback
            self._start()

    def keep_present(self, mark: Path, alive: Callable[[], bool]) -> None:
        with self.lock:
            self.present[mark] = alive
            self._start()

    def forget_present(self, mark: Path) -> None:
        with self.lock:
            self.present.pop(mark, None)

    def _touch_present(self) -> None:
        """Touch the mark of every follower still here; the mark of one who is gone is removed (counted out now,
        not FOLLOWER_TIMEOUT_S later)."""
        with self.lock:
            present = list(self.present.items())
        now = time.time()
        for mark, alive in present:
            try:
                here = bool(alive())
            except Exception:  # noqa: BLE001 - a broken check counts the follower as gone, never stops the thread
                here = False
            try:
                if here:
                    os.utime(mark, (now, now))
                else:
                    mark.unlink(missing_ok=True)
            except OSError:
                here = False  # the class closed (its folder removed) or the mark was removed by a leave
            if not here:
                self.forget_present(mark)

    def unsubscribe(self, path: Path, watcher_id: str) -> None:
        with self.lock:
            self.subscribers.get(path, {}).pop(watcher_id, None)

    def count(self, path: Path) -> int:
        with self.lock:
            return len(self.subscribers.get(path, {}))

    def notify(self, path: Path) -> None:
        """Call the class's callbacks (outside the lock); one that returns False has no one to tell any more."""
        with self.lock:
            self.stamps[path] = _stamp(path)
            callbacks = list(self.subscribers.get(path, {}).items())
        gone = [watcher for watcher, callback in callbacks if callback() is False]
        with self.lock:
            for watcher in gone:
                self.subscribers.get(path, {}).pop(watcher, None)
            if not self.subscribers.get(path, True):
                self.subscribers.pop(path, None)
                self.stamps.pop(path, None)

    def _run(self) -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            with self.lock:
                if not self.subscribers and not self.present:
                    self.thread = None
                    return
                changed = [path for path in self.subscribers if _stamp(path) != self.stamps.get(path)]
            for path in changed:
                self.notify(path)
            if time.monotonic() - self.touched >= PRESENCE_SECONDS:
                self.touched = time.monotonic()
                self._touch_present()


_watch = _Watch()
_cache_lock = threading.Lock()
_cache: dict[Path, tuple[tuple[int, int, int], ClassState]] = {}


class Registry:
    """The classes kept as `<folder>/<code>.json`. Writes replace a file at once, so a reader never sees half."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)

    def _path(self, code: str) -> Path:
        return self.folder / f"{code}.json"

    def _followers(self, code: str) -> Path:
        return self.folder / f"{code}.followers"

    def _save(self, state: ClassState) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self._path(state.code).with_suffix(f".{secrets.token_hex(4)}.tmp")
        temporary.write_text(json.dumps(asdict(state)))
        temporary.replace(self._path(state.code))
        _watch.notify(self._path(state.code))  # this process's followers at once; others' within WATCH_SECONDS

    def get(self, code: str | None) -> ClassState | None:
        code = normalise_code(code)
        if code is None:
            return None
        path = self._path(code)
        stamp = _stamp(path)
        if stamp is None:
            return None
        with _cache_lock:
            cached = _cache.get(path)
        if cached is None or cached[0] != stamp:
            try:
                raw = json.loads(path.read_text())
                state = ClassState(**{name: value for name, value in raw.items() if name in _STATE_FIELDS})
                state.params = [tuple(pair) for pair in state.params]
            except (OSError, ValueError, TypeError):
                return None
            cached = (stamp, state)
            with _cache_lock:
                _cache[path] = cached
        return replace(cached[1], params=list(cached[1].params))  # a copy: callers may change theirs

    def open(self, lecturer: str) -> ClassState:
        """A new class with a code no open class has."""
        while True:
            code = "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))
            if self.get(code) is None:
                state = ClassState(code=code, lecturer=lecturer)
                shutil.rmtree(self._followers(code), ignore_errors=True)  # of a closed class with that code
                self._save(state)
                return state

    def close(self, code: str, lecturer: str) -> None:
        state = self.get(code)
        if state is not None and state.lecturer == lecturer:
            self._path(state.code).unlink(missing_ok=True)
            shutil.rmtree(self._followers(state.code), ignore_errors=True)
            _watch.notify(self._path(state.code))  # its followers learn it closed

    def publish(self, code: str, lecturer: str, page: str, params: list[tuple[str, str]]) -> bool:
        """The lecturer's view now; True when it changed (its followers are told: see `subscribe`)."""
        state = self.get(code)
        if state is None or state.lecturer != lecturer:
            return False
        params = [tuple(pair) for pair in params]
        if (state.page, state.params) == (page, params):
            return False
        state.page, state.params, state.version = page, params, state.version + 1
        self._save(state)
        return True

    def subscribe(self, code: str, watcher_id: str, callback: Callable[[], object]) -> None:
        """Call `callback()` whenever the class changes (or closes), until it returns False or is unsubscribed.
        Called from a thread of its own or the lecturer's: it must be quick (explainer.ui only queues a rerun)."""
        _watch.subscribe(self._path(code), watcher_id, callback)

    def unsubscribe(self, code: str, watcher_id: str) -> None:
        _watch.unsubscribe(self._path(code), watcher_id)

    def subscribers(self, code: str) -> int:
        """How many callbacks this process holds for the class."""
        return _watch.count(self._path(code))

    def look(self, code: str, follower: str, now: float | None = None) -> ClassState | None:
        """A follower's look: the class as the lecturer left it, with this follower counted as present."""
        state = self.get(code)
        if state is None or not FOLLOWER_NAME.fullmatch(follower):
            return state
        now = time.time() if now is None else now
        mark = self._followers(state.code) / follower
        try:
            if now - mark.stat().st_mtime > FOLLOWER_TIMEOUT_S / 2:  # a touch every few seconds at most
                os.utime(mark, (now, now))
        except FileNotFoundError:
            mark.parent.mkdir(parents=True, exist_ok=True)
            mark.touch()
            os.utime(mark, (now, now))
        return state

    def keep_present(self, code: str, follower: str, alive: Callable[[], bool]) -> None:
        """Count `follower` (after its first `look`) as present for as long as `alive()` is true: this process
        touches its mark every PRESENCE_SECONDS, and removes it once `alive()` is false. A follower's panel then
        need not rerun every few seconds only to be counted (ten students' pages each rerun every 2 s kept the
        server and their browsers busy when the lecturer switched pages)."""
        normalised = normalise_code(code)
        if normalised is not None and FOLLOWER_NAME.fullmatch(follower):
            _watch.keep_present(self._followers(normalised) / follower, alive)

    def leave(self, code: str, follower: str) -> None:
        normalised = normalise_code(code)
        if normalised is not None and FOLLOWER_NAME.fullmatch(follower):
            _watch.forget_present(self._followers(normalised) / follower)
            (self._followers(normalised) / follower).unlink(missing_ok=True)

    def following(self, code: str, now: float | None = None) -> int:
        """How many students follow the class now."""
        normalised = normalise_code(code)
        if normalised is None or self.get(normalised) is None:
            return 0
        now = time.time() if now is None else now
        try:
            marks = list(os.scandir(self._followers(normalised)))
        except OSError:
            return 0
        present = 0
        for mark in marks:
            try:
                present += now - mark.stat().st_mtime <= FOLLOWER_TIMEOUT_S
            except OSError:
                continue  # left just now
        return present
