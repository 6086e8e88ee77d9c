"""The WebSocket classroom of scripts/load_ws.py against a real server: what the 40-session load test measures works.

Small classes here (the load test's figures are in the README): every lecture page answers a slider moved to the
end of its range in both languages, and sessions pressing "Start training" together each get their own result,
with each configuration trained once. A protocol change in a Streamlit upgrade fails here, not silently in a
benchmark.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest

from scripts import load_ws

pytestmark = pytest.mark.browser  # no Chromium, but a real server: it runs in the browser tests' stage

QUICK = (0.2, 0.5, 0.5)  # the CPU windows: short, the figures are not asserted here


def classroom(*args, **kwargs) -> int:
    """`load_ws.main` in a thread of its own: Playwright's sync API, which the browser tests of this process use,
    keeps an event loop running in the main thread, where `asyncio.run` refuses to start another."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(load_ws.main, *args, **kwargs).result()


def test_every_lecture_page_answers_a_slider_moved_to_its_end_in_both_languages(capsys):
    sessions = 2 * len(load_ws.PAGES)  # each page once in Korean, once in English
    assert classroom(sessions, 1, scenario="pages", timeout_s=120, windows=QUICK) == 0, capsys.readouterr().out
    table = capsys.readouterr().out
    for page in load_ws.PAGES:
        assert table.count(f" {page} ") == 2, table
    assert '"exceptions": 0' in table and '"errors": 0' in table


def test_sessions_pressing_start_together_each_see_their_own_run_trained_once(capsys):
    assert classroom(6, 3, scenario="train", timeout_s=180, windows=QUICK) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert '"trained_once": true' in out and '"shown": 6' in out, out
