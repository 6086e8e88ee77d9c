"""What the XOR page decides (predictions, accuracy, stuck or not) is what torch's float32 lecture code decides,
on whichever CPU computes it.

Our engines compute in float64, and float64 rounding depends on the CPU: numpy's AVX-512 exp gives a stuck single
layer the hypothesis 0.5000000000000001 at (0, 0) where its AVX2 exp gives 0.5, and a plain `> 0.5` then showed
"accuracy 0.25" on Intel and 0.5 on AMD (the lecture prints 0.5). These tests re-run the trainers in child
processes with the CPU features switched off (numpy's SIMD dispatch through NPY_DISABLE_CPU_FEATURES, numba's
code for a generic CPU through NUMBA_CPU_NAME), so that the machine running the suite also plays a smaller one,
and require the same decisions everywhere, equal to torch's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from explainer.figures import xor as figures
from explainer.xor import decisions as xor_decisions
from explainer.xor import engines as xor_engines
from explainer.xor import net as xor_net
from explainer.xor import torch_reference
from explainer.xor.net import LECTURE_MLP, SINGLE_LAYER, XorNet

ROOT = Path(__file__).resolve().parents[1]
HALF_ULP32 = 2.0 ** -25  # half of float32's spacing just above 0.5: the rounding midpoint 0.5 + 2**-25


def torch_predictions(values) -> np.ndarray:
    """The lecture's decision on float64 values handed to torch as float32: `(hypothesis > 0.5).float()`."""
    hypothesis = torch.tensor(np.asarray(values, dtype=np.float64)).float()
    return (hypothesis > 0.5).float().numpy()


KNIFE_EDGES = [
    0.5,
    np.nextafter(0.5, 0.0),  # 0.5 - 1 ulp (float64)
    np.nextafter(0.5, 1.0),  # 0.5 + 1 ulp: what numpy's AVX-512 exp gives the stuck single layer
    0.5 + 2 * np.spacing(0.5),
    0.5 + HALF_ULP32 / 2,
    np.nextafter(0.5 + HALF_ULP32, 0.0),
    0.5 + HALF_ULP32,  # a float32 tie: rounds to the even 0.5
    np.nextafter(0.5 + HALF_ULP32, 1.0),  # just past the tie: rounds up to 0.5 + 2**-24
    0.5 + 2.0 ** -24,
    0.5 - 2.0 ** -26,
    np.nextafter(0.5 - 2.0 ** -26, 0.0),
    0.0, 1.0, 0.25, 0.9999999,
]


def test_knife_edges_are_decided_as_torch_float32_decides():
    values = np.array(KNIFE_EDGES, dtype=np.float64)
    np.testing.assert_array_equal(xor_decisions.predictions(values), torch_predictions(values))
    # Spelled out: anything that is 0.5 in float32 is not "> 0.5".
    assert xor_decisions.predictions(np.array([np.nextafter(0.5, 1.0), 0.5 + HALF_ULP32])).tolist() == [0.0, 0.0]
    assert xor_decisions.predictions(np.array([np.nextafter(0.5 + HALF_ULP32, 1.0)])).tolist() == [1.0]


def test_a_stuck_net_one_ulp_above_half_has_the_lecture_accuracy():
    outputs = np.array([np.nextafter(0.5, 1.0), 0.5, 0.5, np.nextafter(0.5, 0.0)])
    assert xor_decisions.accuracy(outputs) == 0.5
    assert xor_decisions.stuck(np.array([np.log(2.0)]), xor_decisions.accuracy(outputs[None]))[0]
    table = figures.result_table(outputs, "en")
    assert table["Predicted"].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert table["Correct?"].tolist() == ["✓", "✗", "✗", "✓"]


def test_accuracy_matches_torch_on_random_outputs_near_half():
    rng = np.random.default_rng(0)
    outputs = 0.5 + rng.integers(-4, 5, size=(200, 4)) * np.spacing(0.5) + rng.choice([0, HALF_ULP32], (200, 4))
    targets = torch.tensor(xor_net.XOR_TARGETS, dtype=torch.float32)
    expected = (torch.tensor(torch_predictions(outputs)) == targets).float().mean(dim=-1).numpy()
    np.testing.assert_array_equal(xor_decisions.accuracy(outputs), expected)


def test_stuck_compares_the_loss_in_float32():
    just_above = np.nextafter(xor_decisions.STUCK_LOSS, 1.0)  # the same float32 as 0.1: not above it
    flags = xor_decisions.stuck(np.array([just_above, 0.1000001]), np.array([1.0, 1.0]))
    assert flags.tolist() == [bool(np.float32(just_above) > np.float32(0.1)), True] == [False, True]


@pytest.mark.parametrize("accuracy, text", [(0.0, "0.0 (0/4)"), (0.25, "0.25 (1/4)"), (0.5, "0.5 (2/4)"),
                                            (0.75, "0.75 (3/4)"), (1.0, "1.0 (4/4)")])
def test_accuracy_of_four_points_is_shown_exactly(accuracy, text):
    assert figures.accuracy_text(accuracy) == text
    assert "0.2 " not in figures.accuracy_text(accuracy)


# ----------------------------------------------------------------------------------- the same, on other CPUs
CASES = {  # name: (net, lr, epochs, seeds); settings where outputs sit at 0.5 to within float64 rounding
    "lecture_single": (SINGLE_LAYER, 1.0, 10_001, [777]),
    "lecture_mlp": (LECTURE_MLP, 1.0, 10_001, [777]),
    "single_20_seeds": (SINGLE_LAYER, 1.0, 10_001, xor_net.many_seed_list(777)),
    "single_lr3": (SINGLE_LAYER, 3.0, 5_001, [777, 1, 2]),
    "mlp_20_seeds": (LECTURE_MLP, 1.0, 10_001, xor_net.many_seed_list(777)),
    "tanh_short": (XorNet(2, 4, "tanh"), 0.1, 301, [777, 5]),
}


def decisions(engines: list[str]) -> dict:
    """Every case's decisions per engine, as JSON: predictions, accuracies, stuck flags (and raw float64 outputs,
    to see where a CPU's rounding differs)."""
    found = {}
    for name, (net, lr, epochs, seeds) in CASES.items():
        for engine in engines:
            if engine == "numpy" and name == "mlp_20_seeds":
                continue  # ~1 s of array calls; the compiled engine covers the batch
            run = xor_engines.train(net, lr, epochs, seeds, snapshots=1, engine=engine)
            found[f"{name}/{engine}"] = {
                "predictions": run.final_predictions.tolist(), "accuracies": run.accuracies.tolist(),
                "stuck": xor_decisions.stuck(run.final_losses, run.accuracies).tolist(),
                "outputs": [[float(v).hex() for v in row] for row in run.final_outputs],
            }
    return found


def _engines() -> list[str]:
    return ["compiled", "numpy"] if xor_engines.xor_kernel.AVAILABLE else ["numpy"]


def _dispatched_features() -> list[str]:
    """numpy's runtime-dispatched SIMD levels on this machine, lowest first (X86_V3, X86_V4, … or ARM's)."""
    from numpy._core._multiarray_umath import __cpu_dispatch__

    return list(__cpu_dispatch__)


def _in_child(env: dict) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), *_engines()]
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **env},
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def on_this_cpu():
    return decisions(_engines())


@pytest.fixture(scope="module")
def torch_lecture():
    """The lecture's own float32 loop, decisions only: single layer and MLP at the lecture's settings."""
    return {name: torch_reference.train_torch(net).final_outputs for name, net in
            (("lecture_single", SINGLE_LAYER), ("lecture_mlp", LECTURE_MLP))}


def test_lecture_decisions_are_torch_float32s(on_this_cpu, torch_lecture):
    for name, torch_outputs in torch_lecture.items():
        expected = torch_predictions(torch_outputs).tolist()
        for engine in _engines():
            assert on_this_cpu[f"{name}/{engine}"]["predictions"] == [expected], (name, engine)
    assert on_this_cpu[f"lecture_single/{_engines()[0]}"]["accuracies"] == [0.5]  # the lecture prints 0.5
    assert on_this_cpu[f"lecture_mlp/{_engines()[0]}"]["accuracies"] == [1.0]


@pytest.mark.parametrize("epochs", [1, 101, 201, 501, 1001])
def test_single_layer_decisions_follow_torch_on_its_way_to_half(epochs):
    """Before and after the approach to 0.5 torch's decisions are ours. (Around epoch 300 torch's hypothesis is a
    float32 ulp or two from 0.5, where its own exp and division rounding decide; see decisions.predictions.)"""
    torch_outputs = torch_reference.train_torch(SINGLE_LAYER, epochs=epochs).final_outputs
    for engine in _engines():
        run = xor_engines.train(SINGLE_LAYER, epochs=epochs, snapshots=1, engine=engine)
        np.testing.assert_array_equal(run.final_predictions[0], torch_predictions(torch_outputs))


def _without_decimals(found: dict) -> dict:
    return {case: {k: v for k, v in values.items() if k != "outputs"} for case, values in found.items()}


SMALLER_CPUS = {
    # numpy without its widest SIMD (on an AVX-512 machine: the AVX2 code an AMD Zen 3 runs), numba for the host.
    "narrower_simd": lambda features: {"NPY_DISABLE_CPU_FEATURES": " ".join(features[1:])},
    # numpy's baseline only, numba's kernel compiled for a generic CPU of this architecture.
    "generic": lambda features: {"NPY_DISABLE_CPU_FEATURES": " ".join(features), "NUMBA_CPU_NAME": "generic"},
}


@pytest.mark.parametrize("cpu", SMALLER_CPUS)
def test_decisions_do_not_depend_on_the_cpu(on_this_cpu, cpu):
    there = _in_child(SMALLER_CPUS[cpu](_dispatched_features()))
    assert set(there) == set(on_this_cpu)
    assert _without_decimals(there) == _without_decimals(on_this_cpu)


if __name__ == "__main__":  # the child process of test_decisions_do_not_depend_on_the_cpu
    print(json.dumps(decisions(sys.argv[1:])))
