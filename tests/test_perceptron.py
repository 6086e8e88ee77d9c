"""The perceptron's sums, outputs, learning rule and the XOR construction, held against PyTorch."""

import itertools

import numpy as np
import pytest
import torch
from torch import nn

from explainer.topics.perceptron import (
    GATES,
    PRESETS,
    TRUTH_INPUTS,
    apply_rule,
    bipolar_step,
    correct_count,
    decision_line,
    is_linearly_separable,
    learning_step,
    next_misclassified,
    targets,
    train,
    truth_table,
    xor_two_layers,
)


def test_lecture_or_example_table():
    rows = truth_table(*PRESETS["OR"], "OR")
    assert [row.s for row in rows] == [-0.5, 0.5, 0.5, 1.5]
    assert [row.output for row in rows] == [-1, 1, 1, 1]
    assert all(row.correct for row in rows)


@pytest.mark.parametrize("w1,w2,b", [(1.0, 1.0, -0.5), (-0.7, 2.3, 0.1), (0.0, 0.0, 0.0), (3.0, -2.0, -1.0)])
def test_sums_and_outputs_match_a_torch_linear_layer(w1, w2, b):
    linear = nn.Linear(2, 1, dtype=torch.float64)
    with torch.no_grad():
        linear.weight.copy_(torch.tensor([[w1, w2]], dtype=torch.float64))
        linear.bias.fill_(b)
    s = linear(torch.from_numpy(TRUTH_INPUTS))[:, 0]
    rows = truth_table(w1, w2, b, "AND")
    np.testing.assert_allclose([row.s for row in rows], s.detach().numpy(), rtol=1e-12)
    expected = torch.where(s >= 0, 1, -1).numpy()
    np.testing.assert_array_equal([row.output for row in rows], expected)


def test_tau_is_bipolar_with_tau_zero_positive():
    np.testing.assert_array_equal(bipolar_step([-2.0, -1e-12, 0.0, 3.0]), [-1, -1, 1, 1])


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND"])
def test_presets_separate_their_gate(gate):
    assert correct_count(*PRESETS[gate], gate) == 4
    assert is_linearly_separable(gate)


def test_no_setting_separates_xor():
    grid = np.round(np.arange(-3, 3.0001, 0.1), 10)
    w1, w2, b = (a.ravel() for a in np.meshgrid(grid, grid, grid, indexing="ij"))
    sums = b[:, None] + w1[:, None] * TRUTH_INPUTS[:, 0] + w2[:, None] * TRUTH_INPUTS[:, 1]
    correct = (np.where(sums >= 0, 1, -1) == targets("XOR")).sum(axis=1)
    assert correct.max() == 3
    assert correct_count(*PRESETS["XOR"], "XOR") == 3
    assert not is_linearly_separable("XOR")


@pytest.mark.parametrize("eta", [0.1, 0.5, 1.0])
def test_rule_is_an_sgd_step_on_the_perceptron_loss(eta):
    """On a misclassified point (s != 0) w += η(t - y)x equals SGD with lr 2η on max(0, -t·s)."""
    rng = np.random.default_rng(0)
    checked = 0
    for _ in range(200):
        w1, w2, b = (round(float(v), 3) for v in rng.uniform(-2, 2, 3))
        gate = GATES[rng.integers(4)]
        index = int(rng.integers(4))
        update = apply_rule(w1, w2, b, gate, index, eta)
        params = torch.tensor([w1, w2, b], dtype=torch.float64, requires_grad=True)
        x = torch.tensor([*TRUTH_INPUTS[index], 1.0], dtype=torch.float64)
        s = params @ x
        if s.item() == 0:
            continue
        loss = torch.relu(-targets(gate)[index] * s)
        loss.backward()
        optimiser = torch.optim.SGD([params], lr=2 * eta)
        optimiser.step()
        np.testing.assert_allclose(update.after, params.detach().numpy(), atol=1e-9)
        checked += 1
    assert checked > 150


def test_learning_step_picks_the_next_wrong_point_and_writes_its_numbers():
    # From zero everything has s = 0 -> τ = 1, so for AND the first wrong point is (0, 0).
    step = learning_step(0.0, 0.0, 0.0, "AND", eta=0.5)
    assert (step.index, step.s, step.output, step.target, step.factor) == (0, 0.0, 1, -1, -1.0)
    assert step.after == (0.0, 0.0, -1.0)
    assert next_misclassified(*step.after, "AND", start=1) == 3
    assert learning_step(*PRESETS["OR"], "OR", eta=0.5) is None
    assert learning_step(0.1, 0.2, 0.3, "AND", eta=0.1, start=0).after == (0.1, 0.2, 0.1)  # no 0.09999999


@pytest.mark.parametrize("gate,eta", list(itertools.product(["AND", "OR", "NAND"], [0.1, 0.5, 1.0])))
def test_training_converges_on_separable_gates(gate, eta):
    run = train(0.0, 0.0, 0.0, gate, eta)
    assert run.converged
    assert correct_count(*run.final, gate) == 4


def test_training_on_xor_never_converges_and_cycles():
    run = train(0.0, 0.0, 0.0, "XOR", 0.1, max_epochs=100)
    assert not run.converged and run.epochs == 100
    assert len(run.updates) >= 100
    assert np.max(np.abs(run.final)) < 1.0  # bounded: the weights go round, they do not run away


def test_decision_line_ends_lie_on_the_line_inside_the_square():
    for w1, w2, b in [(1, 1, -0.5), (1, 0, -0.5), (0, 2, -1), (-1, -1, 1.5), (1, 1, -1.5)]:
        ends = decision_line(w1, w2, b)
        assert ends is not None and ends.shape == (2, 2)
        np.testing.assert_allclose(w1 * ends[:, 0] + w2 * ends[:, 1] + b, 0, atol=1e-12)
        assert np.all((ends >= -0.5 - 1e-9) & (ends <= 1.5 + 1e-9))
    assert decision_line(0, 0, 1) is None
    assert decision_line(1, 1, 10) is None  # far outside the square


def test_two_layer_xor_matches_a_torch_network_and_computes_xor():
    rows = xor_two_layers()
    assert [row.output for row in rows] == [0, 1, 1, 0]
    assert [row.h_or for row in rows] == [0, 1, 1, 1]
    assert [row.h_nand for row in rows] == [1, 1, 1, 0]
    hidden = nn.Linear(2, 2, dtype=torch.float64)
    out = nn.Linear(2, 1, dtype=torch.float64)
    with torch.no_grad():
        hidden.weight.copy_(torch.tensor([PRESETS["OR"][:2], PRESETS["NAND"][:2]]))
        hidden.bias.copy_(torch.tensor([PRESETS["OR"][2], PRESETS["NAND"][2]]))
        out.weight.copy_(torch.tensor([PRESETS["AND"][:2]]))
        out.bias.fill_(PRESETS["AND"][2])

    def step(v):
        return torch.heaviside(v, torch.ones((), dtype=v.dtype))

    with torch.no_grad():
        h = step(hidden(torch.from_numpy(TRUTH_INPUTS)))
        y = step(out(h))[:, 0]
    np.testing.assert_array_equal([row.output for row in rows], y.numpy())


def run_code(code, capsys):
    exec(code, {})
    return capsys.readouterr().out


def test_the_pages_pytorch_code_runs_and_agrees(capsys):
    from explainer.snippets.fundamentals import perceptron_code, xor_two_layer_code
    from explainer.topics.perceptron import GATE_TRUTH

    out = run_code(perceptron_code(*PRESETS["OR"], "OR", 0.5, GATE_TRUTH["OR"]), capsys)
    assert "s = [-0.5, 0.5, 0.5, 1.5]  tau(s) = [-1.0, 1.0, 1.0, 1.0]" in out
    assert "converged after 1 epochs" in out
    out = run_code(perceptron_code(0.0, 0.0, 0.0, "AND", 0.5, GATE_TRUTH["AND"]), capsys)
    run = train(0.0, 0.0, 0.0, "AND", 0.5)
    assert f"converged after {run.epochs} epochs" in out
    out = run_code(perceptron_code(0.0, 0.0, 0.0, "XOR", 0.5, GATE_TRUTH["XOR"]), capsys)
    assert "no convergence" in out
    assert "tensor([0., 1., 1., 0.])" in run_code(xor_two_layer_code(), capsys)


def test_code_snippets_write_the_truth_table_points_of_the_topic():
    """The points the code shows are TRUTH_INPUTS, written once (the XOR nets read the same array)."""
    import ast

    from explainer.snippets.fundamentals import perceptron_code, truth_inputs_literal, xor_two_layer_code
    from explainer.topics.perceptron import GATE_TRUTH

    np.testing.assert_array_equal(ast.literal_eval(truth_inputs_literal()), TRUTH_INPUTS)
    for code in (perceptron_code(*PRESETS["OR"], "OR", 0.5, GATE_TRUTH["OR"]), xor_two_layer_code()):
        assert f"X = torch.tensor({truth_inputs_literal()})" in code
