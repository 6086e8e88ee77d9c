"""Students following a class over WebSockets: what their browsers are to the server, without drawing anything.

`scripts/follow_load.py --chromium K` keeps K of its followers in Chromium (the students whose screens are
measured) and connects the others with this client, so that the server serves ten (or forty) followers while
the machine's two cores draw only K browser tabs: in a classroom each student's browser runs on their own laptop.

A follower here does what the app asks a following browser to do: it joins with the class link, reruns the
follow panel when the server says so (its `run_every` and the registry's pushes arrive as fragment runs), and
when the panel sends the script that clicks the sidebar's link to the lecturer's page (ui._FOLLOW_LINK_JS) it
asks for that page as the link would (its page hash and `lang`). Its address is the page's path and the query
string the server last set; the end of each run (the session idle, as a browser's page done running) is logged
with the address.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time

from scripts.load_ws import StreamlitSession

# The follow panel's script names the page to click: `const [target, version, attempt] = ["dropout", 3, 0];`
_FOLLOW_SCRIPT = re.compile(r'const \[target, version, attempt\] = \[("[^"]*"), (\d+), (\d+)\]')


class WsFollower(StreamlitSession):
    def __init__(self, url: str, lang: str, code: str) -> None:
        super().__init__(url, "", f"lang={lang}&class={code}")
        self.lang = lang
        self.clicked: set[tuple[str, int, int]] = set()
        self.drawn: list[tuple[float, str]] = []  # (monotonic time, address) each time a run ended
        self.awaiting_page = False  # a link clicked and its page's whole run not started yet

    def address(self) -> str:
        return f"/{self.page_paths.get(self.page_hash, '')}?{self.query}"

    def on_message(self, message, kind: str) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if kind == "new_session" and not message.metadata.run.fragment_ids:
            self.awaiting_page = False  # a whole run: the clicked page's, or a later one
        elif kind == "script_finished" and not self.awaiting_page and message.script_finished in (
                ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
            # The session is idle with this address: what the Chromium followers are timed by (their page done
            # running). A whole run that a fragment's rerun followed at once may end with the fragment's message.
            # The end of the run that sent the click (the panel's) is not the clicked page's: not counted.
            self.drawn.append((time.monotonic(), self.address()))
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            if element.WhichOneof("type") == "html":
                found = _FOLLOW_SCRIPT.search(element.html.body)
                if found:
                    self._follow_link(found.group(1).strip('"'), int(found.group(2)), int(found.group(3)))

    def _follow_link(self, target: str, version: int, attempt: int) -> None:
        """The sidebar link's click: the browser asks for that page with the link's own address (`?lang=`)."""
        if (target, version, attempt) in self.clicked:
            return
        self.clicked.add((target, version, attempt))
        wanted = "" if target == "home" else target
        page_hash = next((h for h, path in self.page_paths.items() if path == wanted), None)
        if page_hash is None:
            return
        self.page_hash, self.page, self.query = page_hash, wanted, f"lang={self.lang}"
        self.awaiting_page = True
        asyncio.get_running_loop().create_task(self._send())


class _OnItsOwnLoop:
    """Sessions on an event loop in a thread of their own (the caller drives Chromium with Playwright's sync API,
    which holds the main thread's loop)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    def _call(self, coroutine, timeout: float = 600):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)


class WsLecturer(_OnItsOwnLoop):
    """A lecturer over a WebSocket (Korean): opens a class, switches pages as the sidebar's link does and steps the
    dropout page's animation as its button does; each change returns the monotonic time it was sent (the click).
    With it, `follow_load.py --lecturer websocket` leaves the machine's cores to the students' tabs alone."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.session = StreamlitSession(url, "", "lang=ko")
        self._call(self._open())

    async def _open(self) -> None:
        from explainer.i18n import t

        await self.session.connect()
        await self.session.rerun()
        self.session.set_value(self.session.find("button", t("class.open", "ko")), trigger_value=True)
        await self.session.rerun()

    def code(self) -> str:
        found = [text[2:].strip() for text in self.session.texts if re.fullmatch(r"# [A-Z0-9]{4,8}", text)]
        return found[-1]

    def open_page(self, name: str) -> float:
        """The sidebar's link to page `name` ("home" or a page's address path)."""
        async def go() -> float:
            wanted = "" if name == "home" else name
            page_hash = next(h for h, path in self.session.page_paths.items() if path == wanted)
            self.session.page_hash, self.session.page, self.session.query = page_hash, wanted, "lang=ko"
            sent = time.monotonic()
            await self.session.rerun()
            return sent
        return self._call(go())

    def step(self) -> float:
        """The dropout page's "next batch" button (inside the masks fragment)."""
        from explainer.i18n import t

        async def press() -> float:
            button = self.session.find("button", t("dropout.step", "ko"))
            self.session.set_value(button, trigger_value=True)
            sent = time.monotonic()
            await self.session.rerun(fragment_id=button.fragment_id)
            return sent
        return self._call(press())

    def address(self) -> str:
        return f"/{self.session.page_paths.get(self.session.page_hash, '')}?{self.session.query}"

    def close(self) -> None:
        self._call(self.session.close(), timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)


class WsClass(_OnItsOwnLoop):
    """`count` WebSocket followers of class `code`."""

    def __init__(self, url: str, code: str, count: int, lang: str = "en") -> None:
        super().__init__()
        self.followers = [WsFollower(url, lang, code) for _ in range(count)]
        self.marks = [0] * count
        self._call(self._join())

    async def _join(self) -> None:
        for follower in self.followers:  # one after another, as students scan the code
            await follower.connect()
            await follower.rerun()

    def mark(self) -> None:
        """From now on: `times` looks only at runs drawn after this call."""
        self.marks = [len(follower.drawn) for follower in self.followers]

    def times(self, pattern: str, start: float, limit_s: float = 60) -> list[float]:
        """Seconds from `start` until each follower drew (a whole run ended) an address containing `pattern`
        (inf: not within `limit_s`)."""
        deadline = start + limit_s
        found: dict[int, float] = {}
        while len(found) < len(self.followers) and time.monotonic() < deadline:
            for index, follower in enumerate(self.followers):
                if index not in found:
                    drawn = [at for at, address in follower.drawn[self.marks[index]:] if pattern in address]
                    if drawn:
                        found[index] = max(0.0, drawn[0] - start)
            time.sleep(0.05)
        return sorted(found.values()) + [float("inf")] * (len(self.followers) - len(found))

    def exceptions(self) -> list[str]:
        return [text for follower in self.followers for text in follower.exceptions]

    def close(self) -> None:
        async def close_all() -> None:
            await asyncio.gather(*(follower.close() for follower in self.followers))

        self._call(close_all(), timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)
