"""Activations, derivatives and per-layer gradient norms, held against PyTorch and its autograd."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from explainer.snippets.fundamentals import vanishing_code
from explainer.topics.activations import (
    ACTIVATIONS,
    INITIALISATIONS,
    OUTPUT_RANGES,
    TRAINABLE_ACTIVATIONS,
    activation,
    backprop_gradients,
    derivative,
    draw_network,
    gradient_report,
    max_derivative,
)

GRID = np.concatenate([np.linspace(-8, 8, 161), [0.0, -1e-9, 1e-9, -40.0, 40.0, -800.0, 800.0]])


def torch_activation(name, x, slope=0.01):
    return {
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "leaky_relu": lambda v: F.leaky_relu(v, slope),
        "step": lambda v: torch.heaviside(v, torch.ones((), dtype=v.dtype)),
    }[name](x)


@pytest.mark.parametrize("slope", [0.01, 0.2])
@pytest.mark.parametrize("name", ACTIVATIONS)
def test_values_and_autograd_derivatives_match_torch(name, slope):
    x = torch.tensor(GRID, dtype=torch.float64, requires_grad=True)
    y = torch_activation(name, x, slope)
    np.testing.assert_allclose(activation(name, GRID, slope), y.detach().numpy(), rtol=1e-12, atol=1e-15)
    if name == "step":
        # heaviside has no autograd formula; the step is flat wherever it is differentiable.
        np.testing.assert_array_equal(derivative(name, GRID, slope), 0.0)
        return
    y.sum().backward()
    np.testing.assert_allclose(derivative(name, GRID, slope), x.grad.numpy(), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_outputs_stay_in_the_stated_range_and_no_overflow(name):
    low, high = OUTPUT_RANGES[name]
    values = activation(name, GRID)
    assert np.all(np.isfinite(values))
    if low is not None:
        assert values.min() >= low
    if high is not None:
        assert values.max() <= high


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_max_derivative_is_the_largest_autograd_slope(name):
    dense = np.linspace(-10, 10, 20001)
    assert derivative(name, dense).max() == pytest.approx(max_derivative(name), abs=1e-9)


def test_sigmoid_saturates_and_relu_passes_gradient_unchanged():
    assert derivative("sigmoid", 0.0) == pytest.approx(0.25)
    assert derivative("sigmoid", 10.0) < 1e-4
    assert derivative("tanh", 10.0) < 1e-8
    assert derivative("relu", 10.0) == 1.0 and derivative("relu", 1000.0) == 1.0


def test_default_init_and_batch_are_exactly_what_torch_draws():
    sizes = [32, 32, 32, 10]
    ours, inputs, labels = draw_network(sizes, "default", seed=5, batch=8)
    torch.manual_seed(5)
    theirs = [nn.Linear(a, b, dtype=torch.float64) for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    for layer, linear in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(layer.weight, linear.weight.detach().numpy())
        np.testing.assert_array_equal(layer.bias, linear.bias.detach().numpy())
    np.testing.assert_array_equal(inputs, torch.randn(8, 32, dtype=torch.float64).numpy())
    np.testing.assert_array_equal(labels, torch.randint(0, 10, (8,)).numpy())


@pytest.mark.parametrize("init,expected_std", [("xavier", (2 / 64) ** 0.5), ("he", (2 / 32) ** 0.5), ("normal", 1.0)])
def test_other_inits_have_their_textbook_spread(init, expected_std):
    weights = np.concatenate([layer.weight.ravel() for layer in draw_network([32] * 21, init, 0, 1)[0]])
    assert weights.std() == pytest.approx(expected_std, rel=0.05)
    assert all(np.all(layer.bias == 0) for layer in draw_network([32, 32], init, 0, 1)[0])


def torch_weight_grad_norms(layers, name, inputs, labels, slope=0.01):
    modules = []
    for layer in layers:
        linear = nn.Linear(layer.weight.shape[1], layer.weight.shape[0], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(layer.weight))
            linear.bias.copy_(torch.from_numpy(layer.bias))
        modules += [linear, {"sigmoid": nn.Sigmoid(), "tanh": nn.Tanh(), "relu": nn.ReLU(),
                             "leaky_relu": nn.LeakyReLU(slope)}[name]]
    model = nn.Sequential(*modules[:-1])  # no activation after the read-out: it feeds cross-entropy
    loss = F.cross_entropy(model(torch.from_numpy(inputs)), torch.from_numpy(labels))
    loss.backward()
    linears = [m for m in model if isinstance(m, nn.Linear)]
    return [m.weight.grad.numpy() for m in linears], loss.item()


@pytest.mark.parametrize("init", INITIALISATIONS)
@pytest.mark.parametrize("name", TRAINABLE_ACTIVATIONS)
@pytest.mark.parametrize("depth", [1, 6, 20])
def test_per_layer_gradients_match_autograd(name, init, depth):
    layers, inputs, labels = draw_network([32] * (depth + 1) + [10], init, seed=3, batch=64)
    ours, _, our_loss = backprop_gradients(layers, name, inputs, labels)
    theirs, their_loss = torch_weight_grad_norms(layers, name, inputs, labels)
    assert our_loss == pytest.approx(their_loss, rel=1e-10)
    for mine, reference in zip(ours, theirs, strict=True):
        # tanh with N(0, 1) weights is chaotic over 20 layers: summation order alone moves single entries
        # by ~1e-8 relative, so the tolerance is relative to each matrix's scale.
        np.testing.assert_allclose(mine, reference, rtol=1e-7, atol=1e-9 * np.abs(reference).max())

    report = gradient_report(name, depth, init, seed=3)
    np.testing.assert_allclose(report.weight_grad_norms, [np.linalg.norm(g) for g in theirs[:-1]], rtol=1e-8)


def test_sigmoid_gradients_vanish_towards_the_input_but_relu_with_he_init_does_not():
    sigmoid = gradient_report("sigmoid", 15, "default", seed=0)
    relu_he = gradient_report("relu", 15, "he", seed=0)
    assert sigmoid.first_to_last_ratio < 1e-6
    assert np.all(np.diff(np.log(sigmoid.weight_grad_norms)) > 0)  # shrinks at every step back
    assert 0.05 < relu_he.first_to_last_ratio < 20
    assert np.all(sigmoid.mean_abs_derivative <= 0.25)


def test_same_seed_same_numbers_and_bad_arguments_are_refused():
    a = gradient_report("tanh", 4, "xavier", seed=9)
    b = gradient_report("tanh", 4, "xavier", seed=9)
    np.testing.assert_array_equal(a.weight_grad_norms, b.weight_grad_norms)
    with pytest.raises(ValueError):
        gradient_report("step", 3)
    with pytest.raises(ValueError):
        gradient_report("relu", 0)
    with pytest.raises(ValueError):
        draw_network([2, 2], "orthogonal", 0, 1)
    with pytest.raises(ValueError):
        activation("gelu", 0.0)


@pytest.mark.parametrize("name,init", [("sigmoid", "default"), ("relu", "he"), ("leaky_relu", "xavier"),
                                       ("tanh", "normal")])
def test_the_pages_pytorch_code_prints_the_charts_numbers(name, init, capsys):
    depth, seed = 4, 777
    previous = torch.get_default_dtype()
    try:
        exec(vanishing_code(name, depth, init, seed, negative_slope=0.05), {})
    finally:
        torch.set_default_dtype(previous)
    printed = [float(line.split()[1]) for line in capsys.readouterr().out.strip().splitlines()]
    report = gradient_report(name, depth, init, seed=seed, negative_slope=0.05)
    np.testing.assert_allclose(printed, report.weight_grad_norms, rtol=1e-9)


def test_the_pages_activation_code_prints_the_tables_values(capsys):
    from explainer.snippets.fundamentals import activations_code

    exec(activations_code(-0.7, 0.1), {})
    out = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    for name in ACTIVATIONS:
        f, d = float(activation(name, -0.7, 0.1)), float(derivative(name, -0.7, 0.1))
        assert f"f(x) = {f:.4f}" in out[name] and f"f'(x) = {d:.4f}" in out[name]


def test_the_slope_bound_covers_the_slopes_and_the_weights_make_the_rest():
    from explainer.topics.activations import slope_bound

    for init in ("he", "default"):
        report = gradient_report("sigmoid", 10, init, seed=777)
        bound = slope_bound(report)
        assert bound.factors == 9 and bound.max_slope == 0.25 and bound.bound == 0.25 ** 9
        assert bound.mean_slope_product <= bound.bound  # every layer's mean slope is at most σ′(0) = 0.25
        assert bound.rest * bound.mean_slope_product == pytest.approx(report.first_to_last_ratio)
    # With He initialisation the weights enlarge the gradient: the measured ratio exceeds the slope bound,
    # which is why the page must say the bound is on the slopes only; nn.Linear's default init shrinks it.
    assert slope_bound(gradient_report("sigmoid", 10, "he", seed=777)).measured_ratio > 0.25 ** 9
    assert slope_bound(gradient_report("sigmoid", 10, "default", seed=777)).rest < 1
    single = slope_bound(gradient_report("sigmoid", 1, "he", seed=777))
    assert (single.factors, single.bound, single.measured_ratio) == (0, 1.0, 1.0)


def test_relu_is_drawn_on_top_of_leaky_relu_where_they_coincide():
    from explainer.figures.fundamentals import activation_figure, activation_name

    names = ["sigmoid", "tanh", "relu", "leaky_relu", "step"]
    fig = activation_figure(names, 1.0, "en")
    order = [trace.name for trace in fig.data if trace.name]
    relu, leaky = activation_name("relu", "en"), activation_name("leaky_relu", "en")
    assert order.index(leaky) < order.index(relu) and order.index(f"{leaky} ′") < order.index(f"{relu} ′")
    widths = {trace.name: trace.line.width for trace in fig.data if trace.name}
    assert widths[leaky] > 2 * widths[relu] and widths[f"{leaky} ′"] > 2 * widths[f"{relu} ′"]
    assert {trace.name for trace in fig.data if trace.name} >= {activation_name(n, "en") for n in names}


def test_the_page_view_shows_the_library_numbers_in_both_languages():
    from explainer.i18n import t
    from explainer.views import activations as view

    for lang in ("ko", "en"):
        shown = view.at_x(0.0, 0.1, lang)
        assert shown.table[t("activations.col_fx", lang)].tolist() == ["0.5000", "0.0000", "0.0000", "0.0000",
                                                                        "1.0000"]
        assert "25.0" not in shown.saturation and "100.0" in shown.saturation  # sigmoid' (0) is its largest slope
        panel = view.vanishing("leaky_relu", 6, "he", 3, 0.1, lang)
        assert list(panel.norms.columns)[1:] == [view.names(lang)[n] for n in ("sigmoid", "tanh", "relu", "leaky_relu")]
        report = gradient_report("leaky_relu", 6, "he", seed=3, negative_slope=0.1)
        assert panel.metrics[2][1] == f"{report.first_to_last_ratio:.3e}" and panel.bound is None
        assert len(panel.norms) == 6
    assert view.vanishing("sigmoid", 4, "default", 1, 0.01, "en").bound  # the 0.25 bound, for the sigmoid only


def test_sigmoid_is_the_two_branch_formula_bit_for_bit_and_keeps_float32_for_pictures():
    """The whole-array sigmoid gives exactly the bits of the masked two-branch form it replaced (so no decision made
    from it moved), never overflows, and matches torch; float32 in, float32 out (the XOR surfaces only)."""
    x = np.concatenate([np.random.default_rng(3).normal(0, 30, 100_000), [0.0, -0.0, 800.0, -800.0, 1e-300, np.nan]])
    positive = x >= 0
    masked = np.empty_like(x)
    masked[positive] = 1.0 / (1.0 + np.exp(-x[positive]))
    masked[~positive] = np.exp(x[~positive]) / (1.0 + np.exp(x[~positive]))
    ours = activation("sigmoid", x)
    np.testing.assert_array_equal(ours, masked)
    np.testing.assert_allclose(ours[:-1], torch.sigmoid(torch.from_numpy(x[:-1])).numpy(), rtol=1e-13, atol=1e-300)
    pictured = activation("sigmoid", x.astype(np.float32), dtype=np.float32)  # the in-place form, for pictures
    assert pictured.dtype == np.float32
    np.testing.assert_allclose(pictured[:-1], torch.sigmoid(torch.from_numpy(x[:-1]).float()).numpy(), atol=2e-7)
    assert np.isnan(pictured[-1]) and pictured[-4] == 1.0 and pictured[-3] == 0.0  # ±800 saturate, no overflow
    assert activation("tanh", x, dtype=np.float32).dtype == np.float32
