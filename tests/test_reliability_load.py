"""A class at once: 20 simulated students open the train-and-compare page and press "train" together.

Some ask for the same configuration, some for different ones (scripts/load_test.py runs the same with
more sessions and prints the figures quoted in the README). Every session must finish without an exception
and see its result, and each distinct configuration must be trained exactly once.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.datagen import data_env, write_tiny_datasets

ROOT = Path(__file__).resolve().parents[1]


def load_script():
    spec = importlib.util.spec_from_file_location("load_test_script", ROOT / "scripts" / "load_test.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def classroom_server(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLAINER_DEVICE", "cpu")
    with data_env(monkeypatch, write_tiny_datasets(tmp_path / "data", train=200, test=50),
                  cache_dir=tmp_path / "cache"):
        yield tmp_path


def test_twenty_sessions_train_at_once(classroom_server, capsys):
    script = load_script()
    configs = script.classroom(sessions=20, distinct=4)  # 4 configs, each asked for by 5 students at once
    report = script.simulate(configs, timeout=240, job_timeout=240)
    with capsys.disabled():  # the figures (peak RSS included) belong in the `make test` output
        print(f"\nload test, 20 sessions at once:\n{report.table()}")
    assert not report.errors, report.errors
    assert report.distinct_configs == 4
    assert set(report.trainings) == report.expected_hashes, "a config nobody asked for was trained, or one missed"
    assert all(count == 1 for count in report.trainings.values()), report.trainings
    assert report.done_sessions == 20
    assert report.peak_rss_mb > 0 and len(report.render_s) >= 20 * 4
