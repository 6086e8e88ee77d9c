"""Notices the training engine attaches to a job or a stored run, kept as a catalogue key and its values.

    recorded = Notice("engine.notice.oom")
    recorded.text("ko")               # shown in the page's language
    str(recorded)                     # its English text (logs, command lines, and old code that wants a str)
    recorded.to_record()              # {"key": ..., "values": {...}}: what metrics.json keeps
    Notice.from_record(value)         # back from metrics.json

A value may itself be a Notice (the store's reason inside "the stored run could not be used (…)"): it is
rendered in the same language and recorded as a nested record. Nothing is ever read back out of English
text: a plain string (free text, or a sentence an early version stored) stays a key-less notice shown as
written. A Notice is a `str` (its English text) so that code treating notices as text keeps working.
"""

from __future__ import annotations

from explainer.i18n import t


class Notice(str):
    """A catalogue key with its values; its str value is the English text. `key` is None for free text."""

    key: str | None
    values: dict[str, str | Notice]

    def __new__(cls, key: str | None, **values) -> Notice:
        values = {name: value if isinstance(value, Notice) else str(value) for name, value in values.items()}
        text = _render(key, "en", values) if key is not None else str(values.get("text", ""))
        notice = super().__new__(cls, text)
        notice.key, notice.values = key, values
        return notice

    def __reduce__(self):
        return _rebuild, (self.key, self.values)

    def text(self, lang: str) -> str:
        return _render(self.key, lang, self.values) if self.key is not None else str(self)

    def to_record(self) -> dict:
        return {"key": self.key,
                "values": {name: value.to_record() if isinstance(value, Notice) else value
                           for name, value in self.values.items()}}

    @classmethod
    def from_record(cls, recorded) -> Notice:
        """A Notice from metrics.json (a record; a plain string is free text) or from a Notice."""
        if isinstance(recorded, Notice):
            return recorded
        if isinstance(recorded, dict) and isinstance(recorded.get("values", {}), dict):
            key = recorded.get("key")
            values = {name: cls.from_record(value) if isinstance(value, dict) else value
                      for name, value in (recorded.get("values") or {}).items()}
            if key is not None and not isinstance(key, str):
                return cls(None, text=str(recorded))
            try:
                return cls(key, **values)
            except (KeyError, IndexError, ValueError):  # a placeholder this version's text does not have
                return cls(None, text=str(values.get("text") or key))
        return cls(None, text=str(recorded))


def _render(key: str, lang: str, values: dict) -> str:
    return t(key, lang, **{name: value.text(lang) if isinstance(value, Notice) else value
                           for name, value in values.items()})


def _rebuild(key, values) -> Notice:
    return Notice(key, **values)


def notice_text(recorded, lang: str) -> str:
    """Any recorded notice (a Notice, a record, or free text) in `lang`."""
    return Notice.from_record(recorded).text(lang)


class CatalogueError(Exception):
    """An error whose reason is a catalogue key and its values: English as its str, `message(lang)` for a page."""

    def __init__(self, key: str, **values) -> None:
        super().__init__(t(key, "en", **values))
        self.key, self.values = key, values

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.values)
