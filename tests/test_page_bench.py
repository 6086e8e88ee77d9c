"""scripts/page_bench.py: the values it moves each widget to (new ones, so caches keyed by the settings miss)."""

import importlib.util
from pathlib import Path
from types import SimpleNamespace

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "page_bench.py"
spec = importlib.util.spec_from_file_location("page_bench", SCRIPT)
page_bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(page_bench)


def test_walk_visits_neighbours_nearest_first_and_never_the_current_value():
    assert page_bench._walk([1, 2, 3, 4], 3, 3) == [4, 2, 1]
    assert page_bench._walk([1, 2, 3, 4], 4, 5) == [3, 2, 1, 3, 2]  # at the end of its range: leftwards, cycling
    assert page_bench._walk([7], 7, 3) == []  # nothing else to choose


def test_new_values_per_kind_of_widget():
    slider = SimpleNamespace(type="slider", value=0.5, min=0.0, max=0.9, step=0.05)
    assert [round(v, 10) for v in page_bench._new_values(slider, 3)] == [0.55, 0.45, 0.6]
    lr = SimpleNamespace(type="select_slider", value=1.0, options=["0.5", "1.0", "2.0"])
    assert page_bench._new_values(lr, 2) == [2.0, 0.5]
    box = SimpleNamespace(type="selectbox", value="tanh", index=1, options=["sigmoid", "tanh", "relu"])
    assert page_bench._new_values(box, 2) == [2, 0]  # option indices, chosen by label as the browser does
    assert page_bench._new_values(SimpleNamespace(type="checkbox", value=False), 3) == [True, False, True]
    assert page_bench._new_values(SimpleNamespace(type="number_input", value=777, step=1), 2) == [778, 779]


def test_summary_is_the_median_of_the_runs():
    assert page_bench.summary([30.0, 10.0, 20.0]) == {"median_ms": 20.0, "runs_ms": [30.0, 10.0, 20.0]}
