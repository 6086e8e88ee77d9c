"""Notices the training engine attaches to a job or a stored run, kept as a catalogue key and its values.

    recorded = Notice("engine.notice.oom")
    recorded.text("ko")               # shown in the page's language
    str(recorded)                     # its English text (logs, command lines, and old code that wants a str)
    recorded.to_record()              # {"key": ..., "values": {...}}: what metrics.json keeps
    Notice.from_record(value)         # back from metrics.json; also reads the English sentences older
                                      # versions stored there (matched against the catalogue)

A Notice is a `str` (its English text) so that code treating notices as text keeps working.
"""

from __future__ import annotations

import re

from explainer.i18n import t

# Keys whose English text older versions stored as plain sentences: matched once, on reading them back.
LEGACY_KEYS = ("engine.notice.oom", "engine.notice.stored_unusable", "engine.notice.not_saved",
               "engine.notice.graph_failed")
_LEGACY_PATTERNS = {key: re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.*)", re.escape(t(key, "en"))), re.DOTALL)
                    for key in LEGACY_KEYS}


class Notice(str):
    """A catalogue key with its values; its str value is the English text. `key` is None for free text."""

    key: str | None
    values: dict[str, str]

    def __new__(cls, key: str | None, **values) -> Notice:
        values = {name: str(value) for name, value in values.items()}
        text = t(key, "en", **values) if key is not None else values.get("text", "")
        notice = super().__new__(cls, text)
        notice.key, notice.values = key, values
        return notice

    def __reduce__(self):
        return _rebuild, (self.key, self.values)

    def text(self, lang: str) -> str:
        return t(self.key, lang, **self.values) if self.key is not None else str(self)

    def to_record(self) -> dict:
        return {"key": self.key, "values": dict(self.values)}

    @classmethod
    def from_record(cls, recorded) -> Notice:
        """A Notice from metrics.json (a record, or an English sentence of an older version) or from a Notice."""
        if isinstance(recorded, Notice):
            return recorded
        if isinstance(recorded, dict) and isinstance(recorded.get("values", {}), dict):
            key = recorded.get("key")
            values = recorded.get("values") or {}
            try:
                return cls(key, **values) if key is None or isinstance(key, str) else cls(None, text=str(recorded))
            except (KeyError, IndexError, ValueError):  # a key or placeholder this version does not know
                return cls(None, text=str(values.get("text") or key))
        text = str(recorded)
        for key, pattern in _LEGACY_PATTERNS.items():
            match = pattern.fullmatch(text)
            if match:
                return cls(key, **match.groupdict())
        return cls(None, text=text)


def _rebuild(key, values) -> Notice:
    return Notice(key, **values)


def notice_text(recorded, lang: str) -> str:
    """Any recorded notice (a Notice, a record, or an English sentence) in `lang`."""
    return Notice.from_record(recorded).text(lang)
