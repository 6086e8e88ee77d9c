"""The fast XOR trainer against torch's eager loop: initial weights, steps, losses, final result, batching."""


import numpy as np
import pytest
import torch

from explainer.xor import bench as xor_bench
from explainer.xor import decisions, engines, torch_reference
from explainer.xor import net as xor_net
from explainer.xor.net import LECTURE_MLP, SINGLE_LAYER, XorNet
from models import XORMLP, XORSingleLayer

# Both trainers follow torch; the compiled one is what the app uses when numba is installed (it is a requirement).
ENGINES = ["compiled", "numpy"] if engines.xor_kernel.AVAILABLE else ["numpy"]
SHAPES = [LECTURE_MLP, SINGLE_LAYER, XorNet(1, 2, "sigmoid"), XorNet(2, 5, "tanh"), XorNet(1, 8, "relu"),
          XorNet(4, 16, "sigmoid"), XorNet(4, 3, "relu")]


def _linears(model):
    return [m for m in model.modules() if isinstance(m, torch.nn.Linear)]


@pytest.mark.parametrize("net, lecture_model", [(LECTURE_MLP, XORMLP), (SINGLE_LAYER, XORSingleLayer)])
def test_initial_weights_are_the_lecture_models(net, lecture_model):
    torch.manual_seed(777)
    reference = _linears(lecture_model())
    params = torch_reference.initial_params(net, 777)
    assert len(params) == len(reference)
    for layer, linear in zip(params, reference, strict=True):
        np.testing.assert_array_equal(layer[0, :, :-1], linear.weight.detach().double().numpy())
        np.testing.assert_array_equal(layer[0, :, -1], linear.bias.detach().double().numpy())


@pytest.mark.parametrize("net", SHAPES)
def test_initial_weights_are_torchs_and_leave_the_global_generator_alone(net):
    """Drawn from a generator of their own: the global one is shared with every thread of the server (the 20-seed
    batch trains in the background while the page draws its seed), so using it mixed the two streams."""
    for seed in (0, 5, 2**31 - 1):
        torch.manual_seed(seed)
        reference = _linears(torch_reference.torch_model(net))
        torch.manual_seed(12345)
        state = torch.get_rng_state()
        params = torch_reference.initial_params(net, [seed, seed])
        assert torch.equal(torch.get_rng_state(), state)
        for layer, linear in zip(params, reference, strict=True):
            for k in range(2):
                np.testing.assert_array_equal(layer[k, :, :-1], linear.weight.detach().double().numpy())
                np.testing.assert_array_equal(layer[k, :, -1], linear.bias.detach().double().numpy())


@pytest.mark.parametrize("engine", ENGINES)
def test_one_step_matches_torch_autograd_and_sgd(engine):
    net = XorNet(2, 6, "sigmoid")
    torch.manual_seed(5)
    model = torch_reference.torch_model(net)
    X = torch.tensor(xor_net.XOR_INPUTS, dtype=torch.float32)
    Y = torch.tensor(xor_net.XOR_TARGETS[:, None], dtype=torch.float32)
    torch.nn.BCELoss()(model(X), Y).backward()
    run = engines.train(net, lr=0.7, epochs=1, seeds=5, engine=engine)
    assert run.snapshot_epochs.tolist() == [0, 1]
    for layer, linear in zip(run.snapshots, _linears(model), strict=True):
        grad = np.concatenate([linear.weight.grad.double().numpy(), linear.bias.grad.double().numpy()[:, None]], 1)
        step = (layer[0, 0] - layer[1, 0]) / 0.7
        np.testing.assert_allclose(step, grad, atol=2e-7)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("net", SHAPES, ids=str)
def test_first_hundred_losses_follow_torch(net, engine):
    reference = torch_reference.train_torch(net, lr=1.0, epochs=100, seed=777, record_every_epoch=True)
    ours = engines.train(net, lr=1.0, epochs=100, seeds=777, engine=engine)
    assert ours.losses.shape == (1, 100)
    np.testing.assert_allclose(ours.losses[0], reference.losses, atol=1e-5, rtol=0)
    np.testing.assert_allclose(ours.final_outputs[0], reference.final_outputs, atol=1e-5)


@pytest.mark.parametrize("engine", ENGINES)
def test_lecture_run_ends_where_torch_does(engine):
    reference = torch_reference.train_torch(LECTURE_MLP)
    ours = engines.train(LECTURE_MLP, engine=engine)
    assert ours.epochs == 10_001
    assert abs(ours.final_losses[0] - reference.final_loss) <= 0.01 * reference.final_loss
    assert reference.final_loss < 1e-3  # the lecture: the MLP solves XOR
    np.testing.assert_array_equal(ours.final_outputs[0] > 0.5, reference.final_outputs > 0.5)
    assert ours.accuracies[0] == 1.0
    # The lecture prints the loss every 100 epochs; before the plateau escape the two agree closely.
    np.testing.assert_allclose(ours.losses[0, :100], torch_reference.train_torch(LECTURE_MLP, epochs=100,
                               record_every_epoch=True).losses, atol=1e-5)


@pytest.mark.parametrize("engine", ENGINES)
def test_single_layer_is_stuck_at_ln2(engine):
    run = engines.train(SINGLE_LAYER, engine=engine)
    assert run.final_losses[0] == pytest.approx(np.log(2), abs=1e-7)
    assert f"{run.final_losses[0]:.4f}" == "0.6931"
    np.testing.assert_allclose(run.final_outputs[0], 0.5, atol=1e-4)
    assert run.accuracies[0] == 0.5


@pytest.mark.parametrize("engine", ENGINES)
def test_batched_seeds_equal_separate_runs(engine):
    net = XorNet(2, 4, "tanh")
    seeds = [3, 4, 5]
    batched = engines.train(net, 1.0, 300, seeds, engine=engine)
    assert batched.losses.shape == (3, 300)
    for k, seed in enumerate(seeds):
        alone = engines.train(net, 1.0, 300, seed, engine=engine)
        np.testing.assert_allclose(batched.losses[k], alone.losses[0], rtol=1e-12, atol=1e-14)
        for b_layer, a_layer in zip(batched.final_params, alone.final_params, strict=True):
            np.testing.assert_allclose(b_layer[k], a_layer[0], rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("engine", ENGINES)
def test_snapshots_cover_the_run(engine):
    run = engines.train(LECTURE_MLP, epochs=1000, engine=engine)
    assert run.snapshot_epochs[0] == 0 and run.snapshot_epochs[-1] == 1000
    assert 55 <= len(run.snapshot_epochs) <= 61
    np.testing.assert_array_equal(run.snapshots[0][0, 0], torch_reference.initial_params(LECTURE_MLP, 777)[0][0])
    for snap, final in zip(run.snapshots, run.final_params, strict=True):
        np.testing.assert_array_equal(snap[-1], final)
    # A snapshot's loss is the loss logged at that epoch.
    middle = len(run.snapshot_epochs) // 2
    outputs = decisions.forward(run.params_at(middle), xor_net.XOR_INPUTS, "sigmoid")[-1][:, 0]
    assert decisions.bce(outputs) == pytest.approx(run.losses[0, run.snapshot_epochs[middle]], rel=1e-10)


@pytest.mark.skipif(not engines.xor_kernel.AVAILABLE, reason="numba not installed")
@pytest.mark.parametrize("net", SHAPES, ids=str)
def test_compiled_and_numpy_trainers_agree(net):
    """Same maths in float64: equal to rounding until the nets leave the plateau (where rounding is amplified)."""
    seeds = [777, 1, 2, 3, 4]
    compiled = engines.train(net, 1.0, 300, seeds, snapshots=6, engine="compiled")
    arrays = engines.train(net, 1.0, 300, seeds, snapshots=6, engine="numpy")
    np.testing.assert_allclose(compiled.losses[:, :50], arrays.losses[:, :50], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(compiled.losses, arrays.losses, rtol=0, atol=1e-4)
    np.testing.assert_array_equal(compiled.snapshot_epochs, arrays.snapshot_epochs)
    for ours, theirs in zip(compiled.snapshots, arrays.snapshots, strict=True):
        assert ours.shape == theirs.shape
        np.testing.assert_allclose(ours[:2], theirs[:2], rtol=1e-8, atol=1e-10)
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-3)


@pytest.mark.skipif(not engines.xor_kernel.AVAILABLE, reason="numba not installed")
def test_compiled_trainer_splits_nets_over_threads_without_changing_them():
    net = XorNet(1, 3, "relu")
    init = torch_reference.initial_params(net, [9, 10, 11, 12, 13])
    flat = np.concatenate([p.reshape(5, -1) for p in init], axis=1)
    args = (np.array([0, 9]), np.array(net.sizes), net.layer_activations(), 0.5, 200, xor_net.XOR_INPUTS,
            xor_net.XOR_TARGETS, engines.snapshot_schedule(200, 4))
    one_thread = engines.xor_kernel.train_flat(flat, *args, threads=1)
    three_threads = engines.xor_kernel.train_flat(flat, *args, threads=3)
    for single, split in zip(one_thread, three_threads, strict=True):
        np.testing.assert_array_equal(single, split)
    assert not np.array_equal(one_thread[0], flat)  # trained a copy, the input rows are untouched


def test_warm_up_names_the_engine_the_app_uses():
    assert engines.warm_up() == ENGINES[0]


@pytest.mark.skipif(not engines.xor_kernel.AVAILABLE, reason="numba not installed")
def test_kernel_compiles_even_where_numba_cannot_cache():
    namespace = {}
    exec("def double(x):\n    return 2.0 * x\n", namespace)  # no source file: numba has nowhere to cache it
    with pytest.raises(RuntimeError, match="cannot cache"):
        __import__("numba").njit(cache=True)(namespace["double"])
    assert engines.xor_kernel._jit(nogil=True)(namespace["double"])(1.5) == 3.0


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="engine"):
        engines.train(LECTURE_MLP, epochs=2, engine="fortran")


def test_bce_matches_torch_including_its_log_clamp():
    outputs = np.array([[0.2, 0.9, 1.0, 0.0], [0.5, 0.5, 0.5, 0.5], [1.0, 0.0, 0.0, 1.0]])
    expected = [torch.nn.BCELoss()(torch.tensor(row), torch.tensor(xor_net.XOR_TARGETS)).item() for row in outputs]
    np.testing.assert_allclose(decisions.bce(outputs), expected, rtol=1e-6)


def test_stuck_flags_high_loss_or_wrong_points():
    flags = decisions.stuck(np.array([1e-4, 0.69, 0.05, 0.2]), np.array([1.0, 0.5, 0.75, 1.0]))
    assert flags.tolist() == [False, True, True, True]


@pytest.mark.parametrize("kwargs", [dict(hidden_layers=5), dict(width=1), dict(width=17), dict(activation="gelu")])
def test_net_shape_is_checked(kwargs):
    with pytest.raises(ValueError):
        XorNet(**kwargs)


def test_benchmark_reports_the_bench_fields():
    result = xor_bench.benchmark_xor("xor_mlp", epochs=300, repeats=1, ours_repeats=2)
    assert set(result) == {"seed_s", "ours_s", "speedup", "final_loss", "seed_final_loss", "epochs", "accuracy",
                           "seed_accuracy", "batched_k", "batched_s", "batched_ratio", "numpy_s", "numpy_batched_s",
                           "engine", "batched_ratio_by_k", "cpu_cores"}
    assert result["engine"] == ENGINES[0]
    assert result["batched_k"] == 20 and result["batched_ratio"] > 0
    assert list(result["batched_ratio_by_k"]) == [2, 4, 8, 20]
    assert result["batched_ratio_by_k"][20] == result["batched_ratio"]
    assert all(ratio > 0 for ratio in result["batched_ratio_by_k"].values())
    assert result["cpu_cores"] >= 1
    assert result["accuracy"] == result["seed_accuracy"] == 50.0  # 300 epochs: still on the plateau
    assert result["epochs"] == 300
    assert result["final_loss"] == pytest.approx(result["seed_final_loss"], rel=1e-4)
    assert result["speedup"] == pytest.approx(result["seed_s"] / result["ours_s"])
    with pytest.raises(KeyError):
        xor_bench.benchmark_xor("xor_cnn")


def test_xor_points_and_nets_have_one_source():
    """The XOR points are the perceptron truth table's, the targets its XOR column; the lecture's nets are named
    as the training recipes name them (no second RECIPES dict beside explainer.training.recipes)."""
    from explainer.topics import perceptron
    from explainer.training.recipes import RECIPES

    assert xor_net.XOR_INPUTS is perceptron.TRUTH_INPUTS
    np.testing.assert_array_equal(xor_net.XOR_TARGETS, perceptron.GATE_TRUTH["XOR"])
    assert set(xor_net.LECTURE_NETS) <= set(RECIPES)
    for name, net in xor_net.LECTURE_NETS.items():
        assert RECIPES[name].is_xor
        assert net.sizes[1:-1] == ([] if name == "xor_single" else [10, 10, 10])


def test_output_z_loss_is_the_bce_of_its_sigmoid():
    """The engines' per-epoch loss from the output's z equals nn.BCELoss on sigmoid(z), up to its log clamp (-120
    costs 100). Far out torch's 1 - sigmoid(z) loses digits (z = 30: 30.0001) and from |z| ~ 37 rounds to 0 and
    pays the clamp, where the loss from z stays exact."""
    z = torch.tensor([[-120.0, -3.0, 0.0, 12.0], [2.0, -0.5, 1e-9, -200.0]], dtype=torch.float64)
    expected = [torch.nn.functional.binary_cross_entropy(torch.sigmoid(row), torch.tensor(xor_net.XOR_TARGETS))
                for row in z]
    np.testing.assert_allclose(decisions.bce_from_output_z(z.numpy()), torch.stack(expected).numpy(), rtol=1e-9)


def test_forward_uses_the_stable_sigmoid_and_matches_torch_far_out():
    """The XOR read-outs use topics.activations (one sigmoid): z = -800 gives 0, no overflow warning, as torch."""
    import warnings

    from explainer.topics import activations

    assert decisions.activate is activations.activation
    layer = np.array([[[400.0, -400.0, -400.0]]])  # one Linear(2, 1): z = 400 x1 - 400 x2 - 400
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = decisions.forward([layer[0]], xor_net.XOR_INPUTS, "sigmoid")[-1][..., 0]
    z = torch.tensor(xor_net.XOR_INPUTS) @ torch.tensor(layer[0, 0, :2]) + layer[0, 0, 2]
    np.testing.assert_allclose(out, torch.sigmoid(z).numpy(), rtol=1e-12, atol=0)
