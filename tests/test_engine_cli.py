"""The command lines: benchmark and pretraining on tiny real-format data, and a clear exit without data."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from explainer.training import bench, pretrain
from explainer.training.recipes import RECIPES, config_hash
from explainer.training.store import ResultStore
from tests.datagen import data_env
from tests.engine_helpers import write_fashion_idx

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def fashion_dir(tmp_path, monkeypatch):
    with data_env(monkeypatch, write_fashion_idx(tmp_path / "data"), cache_dir=tmp_path / "cache"):
        yield tmp_path


def test_bench_prints_one_json_line_per_recipe(fashion_dir, capsys):
    code = bench.main(["--device", "cpu", "--recipes", "fashion_mlp,fashion_mlp_dropout", "--epochs", "1", "--json"])
    assert code == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["recipe"] for line in lines] == ["fashion_mlp", "fashion_mlp_dropout"]
    for line in lines:
        assert line["device"] == "cpu" and line["device_name"].startswith("CPU") and line["epochs"] == 1
        assert line["seed_s"] > 0 and line["ours_s"] > 0
        assert line["speedup"] == pytest.approx(line["seed_s"] / line["ours_s"], rel=0.01)
        assert 0 <= line["accuracy"] <= 100 and 0 <= line["seed_accuracy"] <= 100
        # The floor: the optimiser steps alone; no loop of that arithmetic is faster, so it bounds both loops.
        assert 0 < line["floor_s"] < line["seed_s"]
        assert line["max_speedup"] == pytest.approx(line["seed_s"] / line["floor_s"], rel=0.01)
        # CPU seconds cover the loop, not torchvision's import (~3 s of CPU the first time, which had made a short
        # lecture loop look several times slower than its wall clock).
        assert line["seed_cpu_s"] < line["seed_s"] * torch.get_num_threads() + 0.5


def test_step_floor_scales_the_timed_steps_to_every_step_of_the_epochs(monkeypatch):
    """5 steps timed as 5 s: 1 s a step; 2 epochs of 641 images in batches of 64 are 2 x 11 steps (the last partial)."""
    clock = iter([100.0, 105.0])
    monkeypatch.setattr(bench.time, "perf_counter", lambda: next(clock))
    recipe = RECIPES["fashion_mlp"].with_overrides(epochs=2)
    assert recipe.batch_size == 64
    assert bench.step_floor(recipe, torch.device("cpu"), 641, steps=5) == pytest.approx(22.0)


def test_bench_skip_seed_times_only_ours(fashion_dir, capsys):
    assert bench.main(["--device", "cpu", "--recipes", "fashion_mlp", "--epochs", "2", "--skip-seed", "--json"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["seed_s"] is None and line["speedup"] is None and line["seed_accuracy"] is None
    assert line["epochs"] == 2 and line["accuracy"] is not None


def test_bench_xor_line_has_the_final_loss(capsys):
    assert bench.main(["--device", "cpu", "--recipes", "xor_mlp", "--epochs", "30", "--json"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["recipe"] == "xor_mlp" and line["epochs"] == 30
    assert line["final_loss"] > 0 and line["speedup"] == pytest.approx(line["seed_s"] / line["ours_s"], rel=0.01)


def test_pretrain_trains_once_then_reports_the_stored_result(fashion_dir, capsys):
    args = ["--recipes", "fashion_mlp", "--device", "cpu", "--epochs", "2"]
    assert pretrain.main(args) == 0
    first = capsys.readouterr()
    assert "fashion_mlp" in first.out and "trained (eager)" in first.out and "86.93%" in first.out
    assert "[" in first.err and "epoch" in first.err  # the progress bar
    key = config_hash(RECIPES["fashion_mlp"].with_overrides(epochs=2), "cpu")
    assert ResultStore().get(key) is not None
    assert pretrain.main(args) == 0
    assert "stored earlier" in capsys.readouterr().out


def test_pretrain_dropout_demo_stores_what_the_dropout_page_looks_up(fashion_dir, capsys, monkeypatch):
    from explainer.training.jobs import JobManager
    from explainer.views import dropout_effect

    # The page's short runs, shortened further for the test: the keys must still be the page's keys.
    monkeypatch.setattr(dropout_effect, "SHORT_RUN", {**dropout_effect.SHORT_RUN, "epochs": 1, "train_subset": 64})
    assert pretrain.main(["--recipes", "xor_single", "--epochs", "2", "--device", "cpu", "--dropout-demo"]) == 0
    assert capsys.readouterr().out.count("dropout page, p=") == 3
    states = dropout_effect.run_states(777, JobManager(ResultStore()))
    assert [state.p for state in states] == [0.0, 0.2, 0.5]
    assert [state.status for state in states] == ["done"] * 3


def test_progress_line_shows_bar_epoch_loss_and_eta():
    from explainer.training.trainer import Progress

    line = pretrain.progress_line("fashion_mlp", Progress(epoch=1, epochs=4, step=5, steps_per_epoch=10,
                                                          train_loss=0.5, train_acc=80.0, test_acc=81.25,
                                                          elapsed_s=3.0, eta_s=5.0))
    assert "[#########---------------]" in line and "37.5%" in line and "epoch 2/4" in line
    assert "loss 0.5000" in line and "test 81.25%" in line and "ETA 5s" in line


@pytest.mark.parametrize("module,args", [
    ("explainer.training.bench", ["--device", "cpu", "--recipes", "mnist_mlp", "--epochs", "1", "--json"]),
    ("explainer.training.pretrain", ["--recipes", "mnist_mlp", "--device", "cpu", "--epochs", "1"]),
])
def test_without_data_the_message_is_printed_and_the_exit_code_is_2(module, args, tmp_path):
    env = {**os.environ, "EXPLAINER_DATA_DIR": str(tmp_path / "empty"), "EXPLAINER_NO_DOWNLOAD": "1",
           "EXPLAINER_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "MNIST" in done.stderr and str(tmp_path / "empty") in done.stderr


def test_bench_check_compares_the_default_path_with_eager_steps(fashion_dir, capsys):
    assert bench.main(["--device", "cpu", "--recipes", "fashion_mlp_dropout", "--epochs", "1", "--check",
                       "--json"]) == 0
    check = json.loads(capsys.readouterr().out)["check"]
    assert check["ok"] and check["mode"] == "eager" and check["steps"] == 2  # 96 images in batches of 64
    assert check["loss_rel_gap"] == 0 and check["weight_gap"] == 0


def test_bench_check_fails_loudly_when_the_paths_disagree(fashion_dir, capsys, monkeypatch):
    real_train = bench.train

    def graph_path_off_by_a_bit(recipe, device, cuda_graph=True, **kwargs):
        if cuda_graph:  # what a broken capture would do: another learning rate
            recipe = recipe.with_overrides(lr=recipe.lr * 1.5)
        return real_train(recipe, device, cuda_graph=cuda_graph, **kwargs)

    monkeypatch.setattr(bench, "train", graph_path_off_by_a_bit)
    assert bench.main(["--device", "cpu", "--recipes", "fashion_mlp", "--epochs", "1", "--check"]) == 1
    assert "check FAILED" in capsys.readouterr().out


def test_bench_recipes_all_names_every_recipe():
    assert bench.parse_recipes("all") == list(RECIPES)
    images = bench.parse_recipes("images")
    assert images and not any(RECIPES[name].is_xor for name in images)
    assert set(images) | {name for name in RECIPES if RECIPES[name].is_xor} == set(RECIPES)


def test_bench_runs_both_loops_with_the_threads_asked_for_and_leaves_the_setting(fashion_dir, capsys, monkeypatch):
    monkeypatch.delenv("EXPLAINER_TORCH_THREADS", raising=False)
    assert bench.main(["--device", "cpu", "--recipes", "fashion_mlp", "--epochs", "1", "--threads", "1",
                       "--skip-seed", "--json"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["torch_threads"] == 1 and line["device_name"] == "CPU (1 thread)"
    assert "EXPLAINER_TORCH_THREADS" not in os.environ
