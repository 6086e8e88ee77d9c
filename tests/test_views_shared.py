"""explainer.views.shared.built_once: a view built once per input however many sessions ask at the same moment."""

import threading
import time

import pytest

from explainer.views.shared import built_once


def _ask_together(function, args_per_thread):
    """Call `function` from one thread per argument tuple, all released at once; their results in order."""
    start, results = threading.Barrier(len(args_per_thread)), [None] * len(args_per_thread)

    def ask(index, args):
        start.wait()
        results[index] = function(*args)

    threads = [threading.Thread(target=ask, args=(index, args)) for index, args in enumerate(args_per_thread)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_ten_sessions_asking_at_once_share_one_build():
    builds = []

    @built_once(maxsize=8)
    def panel(step, lang):
        builds.append((step, lang))
        time.sleep(0.05)  # long enough for every other thread to arrive while it builds
        return {"step": step, "lang": lang}

    results = _ask_together(panel, [(3, "ko")] * 10)
    assert builds == [(3, "ko")], "built once, not once per session"
    assert all(result is results[0] for result in results), "every session gets the same shared value"
    _ask_together(panel, [(4, "ko"), (4, "en"), (5, "ko")])
    assert sorted(builds[1:]) == [(4, "en"), (4, "ko"), (5, "ko")], "other inputs are built apart"
    assert panel(3, "ko") is results[0] and panel.cache_info().hits >= 10


def test_a_failed_build_is_not_kept_and_the_next_caller_builds_again():
    attempts = []

    @built_once(maxsize=4)
    def fragile(value):
        attempts.append(value)
        if len(attempts) == 1:
            raise RuntimeError("the dataset was being replaced")
        return value * 2

    with pytest.raises(RuntimeError):
        fragile(2)
    assert fragile(2) == 4 and attempts == [2, 2]
    assert fragile(value=3) == 6, "keyword arguments work as with lru_cache"
