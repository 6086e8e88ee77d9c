"""View-models that every session shares: built once per input, even when many sessions ask at the same moment.

A class following its lecturer asks for the lecturer's new view from ten or forty script threads within a few
milliseconds. `functools.lru_cache` alone lets every caller that misses build the value itself (ten builds of the
same figures on a two-core server); `built_once` lets the first build it and the others wait for that one.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

Built = TypeVar("Built", bound=Callable)


def built_once(maxsize: int) -> Callable[[Built], Built]:
    """`functools.lru_cache(maxsize)` whose value for one input is built by one caller at a time (the others
    wait and read it). The value is shared: callers must not change it."""

    def decorate(function: Built) -> Built:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        building: dict[tuple, threading.RLock] = {}  # the inputs being built now, each with its lock
        guard = threading.Lock()

        @functools.wraps(function)
        def shared(*args, **kwargs):
            key = (args, tuple(sorted(kwargs.items())))
            with guard:
                lock = building.setdefault(key, threading.RLock())  # re-entrant: a builder may ask again
            try:
                with lock:
                    return cached(*args, **kwargs)
            finally:
                with guard:
                    if building.get(key) is lock:
                        del building[key]

        shared.cache_info, shared.cache_clear = cached.cache_info, cached.cache_clear
        return shared  # type: ignore[return-value]

    return decorate
