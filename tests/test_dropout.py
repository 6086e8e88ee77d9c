"""Dropout library: masks, both scaling conventions against nn.Dropout, Dropout2d, the shown code."""

import numpy as np
import pytest
import torch
from torch import nn

from explainer.topics import convolution as conv
from explainer.topics import dropout

SIZES = (6, 8, 8, 4)


# --- masks --------------------------------------------------------------------------------------------


def test_masks_are_deterministic_per_step_and_seed_and_change_between_steps():
    first = dropout.sample_masks(SIZES, 0.5, step=3, seed=11)
    again = dropout.sample_masks(SIZES, 0.5, step=3, seed=11)
    assert [m.tolist() for m in first] == [m.tolist() for m in again]
    other_steps = [dropout.sample_masks(SIZES, 0.5, step=s, seed=11) for s in range(4, 10)]
    assert any(m[1].tolist() != first[1].tolist() or m[2].tolist() != first[2].tolist() for m in other_steps)
    other_seed = [dropout.sample_masks(SIZES, 0.5, step=3, seed=s) for s in range(12, 18)]
    assert any(m[1].tolist() != first[1].tolist() for m in other_seed)


def test_only_hidden_layers_are_dropped_unless_input_is_asked_for():
    for step in range(30):
        masks = dropout.sample_masks(SIZES, 0.7, step=step, seed=0)
        assert [m.shape for m in masks] == [(n,) for n in SIZES]
        assert all(m.dtype == bool for m in masks)
        assert masks[0].all() and masks[-1].all()
    with_input = [dropout.sample_masks(SIZES, 0.7, step=s, seed=0, drop_input=True) for s in range(30)]
    assert any(not m[0].all() for m in with_input)
    assert all(m[-1].all() for m in with_input)
    # The hidden masks do not depend on whether the input is dropped.
    assert with_input[5][1].tolist() == dropout.sample_masks(SIZES, 0.7, step=5, seed=0)[1].tolist()


def test_p_zero_keeps_everything_and_keep_rate_matches_one_minus_p():
    assert all(m.all() for m in dropout.sample_masks(SIZES, 0.0, step=1, seed=1))
    kept = [dropout.kept_count(dropout.sample_masks(SIZES, 0.3, s, 5), SIZES, 0.3) for s in range(2000)]
    assert kept[0].droppable == 16 and kept[0].expected == pytest.approx(0.7 * 16)
    assert np.mean([k.kept for k in kept]) == pytest.approx(0.7 * 16, rel=0.02)
    with pytest.raises(ValueError):
        dropout.sample_masks(SIZES, 1.0, 1, 1)


def test_kept_count_counts_droppable_layers_only():
    masks = [np.array([0, 1, 1], bool), np.array([1, 0, 0, 1], bool), np.array([1, 1], bool)]
    count = dropout.kept_count(masks, (3, 4, 2), p=0.5)
    assert (count.kept, count.droppable, count.expected) == (2, 4, 2.0)
    count = dropout.kept_count(masks, (3, 4, 2), p=0.5, drop_input=True)
    assert (count.kept, count.droppable, count.expected) == (4, 7, 3.5)


def test_mean_kept_averages_the_batches_so_far_and_approaches_the_expectation():
    counts = [dropout.kept_count(dropout.sample_masks(SIZES, 0.5, s, 4), SIZES, 0.5).kept for s in range(1, 6)]
    assert dropout.mean_kept(SIZES, 0.5, 5, 4) == (pytest.approx(np.mean(counts)), 1)
    assert dropout.kept_history(SIZES, 0.5, 5, 4) == (1, counts)
    average, first = dropout.mean_kept(SIZES, 0.5, dropout.MEAN_KEPT_WINDOW + 10, 4)
    assert first == 11 and average == pytest.approx(8.0, abs=0.5)


def test_mask_matrix_pads_short_layers_with_nan():
    matrix = dropout.mask_matrix([np.array([1, 0], bool), np.array([0, 1, 1], bool)])
    assert matrix.shape == (2, 3)
    assert matrix[0, :2].tolist() == [1.0, 0.0] and np.isnan(matrix[0, 2])
    assert matrix[1].tolist() == [0.0, 1.0, 1.0]


def test_batch_masks_give_each_example_its_own_row():
    batch = dropout.batch_masks(8, 8, 0.5, step=1, seed=777)
    assert batch.shape == (8, 8) and batch.dtype == bool
    assert len({tuple(row) for row in batch}) > 1
    assert not np.array_equal(batch, dropout.batch_masks(8, 8, 0.5, step=2, seed=777))


# --- scaling against nn.Dropout -------------------------------------------------------------------------


@pytest.mark.parametrize("p", [0.1, 0.2, 0.5, 0.8])
def test_inverted_dropout_equals_nn_dropout_in_training(p):
    torch.manual_seed(3)
    x = torch.rand(64, 32) + 0.5  # no zeros, so torch's output reveals its mask
    layer = nn.Dropout(p).train()
    out = layer(x)
    mask = out != 0
    assert 0 < mask.sum() < mask.numel()
    ours = dropout.inverted_dropout(x, p, mask, training=True)
    torch.testing.assert_close(ours, out)
    assert torch.allclose(out[mask], x[mask] / (1 - p))


@pytest.mark.parametrize("p", [0.0, 0.2, 0.5])
def test_inverted_dropout_is_identity_in_eval_like_nn_dropout(p):
    x = torch.randn(16, 8)
    mask = torch.zeros_like(x, dtype=torch.bool)  # even an all-dropped mask must be ignored in eval
    torch.testing.assert_close(dropout.inverted_dropout(x, p, mask, training=False), nn.Dropout(p).eval()(x))
    torch.testing.assert_close(dropout.inverted_dropout(x, p, mask, training=False), x)


def test_torch_keep_mask_is_the_mask_nn_dropout_draws_and_leaves_the_rng_alone():
    torch.manual_seed(42)
    expected = nn.Dropout(0.3).train()(torch.ones(5, 7)) != 0
    state = torch.get_rng_state()
    mask = dropout.torch_keep_mask((5, 7), 0.3, seed=42)
    assert torch.equal(mask, expected)
    assert torch.equal(torch.get_rng_state(), state)


def test_classic_dropout_keeps_training_values_and_scales_by_keep_probability_at_test():
    x = torch.tensor([1.0, 2.0, 3.0, 4.0])
    mask = torch.tensor([True, False, True, False])
    assert dropout.classic_dropout(x, 0.25, mask, training=True).tolist() == [1.0, 0.0, 3.0, 0.0]
    assert dropout.classic_dropout(x, 0.25, mask, training=False).tolist() == [0.75, 1.5, 2.25, 3.0]


@pytest.mark.parametrize("p", [0.2, 0.5])
def test_both_conventions_keep_the_expected_activation_over_many_samples(p):
    torch.manual_seed(0)
    x = torch.full((200_000,), 2.0, dtype=torch.float64)
    out = nn.Dropout(p).train()(x)
    mask = out != 0
    inverted = dropout.inverted_dropout(x, p, mask, training=True)
    classic = dropout.classic_dropout(x, p, mask, training=True)
    torch.testing.assert_close(inverted, out)
    # Standard error of the mean is about 0.005 here; 0.03 is a 6-sigma band.
    assert inverted.mean().item() == pytest.approx(dropout.inverted_dropout(x, p, mask, False)[0].item(), abs=0.03)
    assert classic.mean().item() == pytest.approx(dropout.classic_dropout(x, p, mask, False)[0].item(), abs=0.03)


def test_scaling_example_numbers_for_the_lecture_case():
    example = dropout.scaling_example(2.0, 0.5, samples=20_000, seed=1)
    assert example.keep == 0.5
    assert example.inverted_kept == 4.0 and example.inverted_train_mean == 2.0 and example.inverted_eval == 2.0
    assert example.classic_kept == 2.0 and example.classic_train_mean == 1.0 and example.classic_test == 1.0
    assert example.inverted_sampled_mean == pytest.approx(2.0, abs=0.06)
    assert example.classic_sampled_mean == pytest.approx(1.0, abs=0.03)
    assert example.sampled_kept_fraction == pytest.approx(0.5, abs=0.015)
    p02 = dropout.scaling_example(2.0, 0.2, samples=1000, seed=1)
    assert p02.inverted_kept == pytest.approx(2.5) and p02.classic_test == pytest.approx(1.6)


def test_vector_example_follows_one_real_mask():
    vector = dropout.vector_example([1, 2, 3, 4, 5, 6, 7, 8], 0.5, seed=777)
    torch.manual_seed(777)
    expected = nn.Dropout(0.5).train()(torch.arange(1.0, 9.0))
    np.testing.assert_allclose(vector.inverted_train, expected.numpy())
    assert vector.keep_mask.tolist() == (expected != 0).tolist()
    np.testing.assert_allclose(vector.inverted_eval, np.arange(1.0, 9.0))
    np.testing.assert_allclose(vector.classic_train, np.arange(1.0, 9.0) * vector.keep_mask)
    np.testing.assert_allclose(vector.classic_test, np.arange(1.0, 9.0) * 0.5)


# --- Dropout2d -------------------------------------------------------------------------------------------


def test_feature_maps_match_a_conv2d_with_the_fixed_kernels():
    image = dropout.synthetic_image(20)
    assert image.shape == (20, 20) and 0 <= image.min() and image.max() <= 1 and image.sum() > 10
    maps = dropout.fixed_filter_maps(image)
    assert maps.shape == (1, 8, 20, 20)
    conv = nn.Conv2d(1, 8, 3, padding=1, bias=False)
    with torch.no_grad():
        conv.weight.copy_(torch.tensor(np.stack(list(dropout.FEATURE_KERNELS.values()))).unsqueeze(1))
    torch.testing.assert_close(maps, conv(torch.as_tensor(image).reshape(1, 1, 20, 20)))
    assert torch.allclose(maps[0, 0], torch.as_tensor(image))  # the identity kernel
    assert all(maps[0, c].abs().sum() > 0 for c in range(8))


def test_channel_dropout_switches_off_whole_channels_and_scales_survivors():
    maps = dropout.fixed_filter_maps(dropout.synthetic_image())
    seen_off = 0
    for seed in range(10):
        result = dropout.channel_dropout(maps, 0.5, seed)
        for c in range(8):
            if result.channel_kept[c]:
                np.testing.assert_allclose(result.dropout2d[c], result.maps[c] * 2, rtol=1e-6)
            else:
                seen_off += 1
                assert not result.dropout2d[c].any()
        # Plain dropout zeroes scattered elements, not whole channels.
        zeroed = (result.dropout == 0) & (result.maps != 0)
        assert zeroed.any() and not all(zeroed[c][result.maps[c] != 0].all() for c in range(8))
        torch.manual_seed(seed)
        torch.testing.assert_close(torch.as_tensor(result.dropout2d), nn.Dropout2d(0.5).train()(maps)[0])
    assert 0 < seen_off < 80


# --- the PyTorch code shown on the page ---------------------------------------------------------------------


def test_pytorch_code_runs_and_uses_the_settings(capsys):
    code = dropout.pytorch_code(p=0.2, activation=3.0, seed=5)
    assert "nn.Dropout(p=0.2)" in code and "torch.manual_seed(5)" in code and "3 / (1 - 0.2) = 3.75" in code
    exec(compile(code, "<page code>", "exec"), {})
    printed = capsys.readouterr().out
    assert "3.7500" in printed  # a kept unit in training, printed by torch


def test_masks_code_prints_fresh_masks_with_the_expected_count(capsys):
    code = dropout.masks_code(p=0.25, seed=2, units=8)
    exec(compile(code, "<masks code>", "exec"), {})
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4 and lines[-1] == "expected kept per batch: 6.0"
    torch.manual_seed(2)
    layer = nn.Dropout(0.25).train()
    for line in lines[:3]:
        expected = (layer(torch.ones(1, 8)) != 0).int().tolist()
        assert str(expected) in line


def test_dropout2d_code_switches_off_the_channels_the_page_shows(capsys):
    seed = 7_001
    exec(compile(dropout.dropout2d_code(p=0.5, seed=seed), "<dropout2d code>", "exec"), {})
    printed = capsys.readouterr().out
    shown = dropout.channel_dropout(dropout.fixed_filter_maps(dropout.synthetic_image()), 0.5, seed)
    assert f"channels kept: {shown.channel_kept.astype(int).tolist()}" in printed
    assert "survivors scaled by 2.0" in printed


def test_the_dropout2d_picture_follows_the_balanced_order_not_the_file_order(monkeypatch, tmp_path):
    """Redraw k shows picture k-1 of the class-balanced order: the first ten are ten classes, and a copy of the
    test files stored in another order shows the same pictures."""
    from tests.datagen import data_env, patterned_images, write_idx_split

    images, labels = patterned_images(30, 1, 28, seed=4)
    by_class = np.argsort(labels, kind="stable")  # stored class by class, like a folder tree
    shuffled = np.random.default_rng(1).permutation(30)
    shown = []
    for name, order in (("sorted", by_class), ("shuffled", shuffled)):
        write_idx_split(tmp_path / name / "fashion-mnist", "test", images[order, 0], labels[order])
        with data_env(monkeypatch, tmp_path / name):
            shown.append([dropout.fashion_image(index) for index in range(10)])
    assert sorted(label for _, label in shown[0]) == list(range(10))
    for (image, label), (other_image, other_label) in zip(*shown, strict=True):
        assert label == other_label
        np.testing.assert_array_equal(image, other_image)


def test_feature_kernels_are_the_named_filters_of_the_convolution_pages():
    """One table of named 3x3 filters: the dropout maps and the convolution presets read the same arrays."""
    for table in (dropout.FEATURE_KERNELS, conv.KERNEL_PRESETS):
        for name, kernel in table.items():
            assert kernel is conv.NAMED_FILTERS[name]
    assert list(dropout.FEATURE_KERNELS) == ["identity", "blur", "sobel_x", "sobel_y", "diagonal", "anti_diagonal",
                                             "laplacian", "sharpen"]


def test_the_masks_a_page_shows_do_not_depend_on_other_threads_drawing_from_torchs_generator():
    """A training job (dropout in its model) and other sessions draw from torch's global generator in other
    threads while a page draws its masks: the page's masks, scaling sample and channel maps stay the ones
    nn.Dropout / nn.Dropout2d give after torch.manual_seed(seed) on a quiet process, bit for bit."""
    import threading

    maps = dropout.fixed_filter_maps(dropout.synthetic_image())
    quiet = [(dropout.torch_keep_mask((64, 32), 0.3, seed), dropout.scaling_example(2.0, 0.3, 2_000, seed),
              dropout.channel_dropout(maps, 0.5, seed)) for seed in range(4)]
    for seed, (mask, example, channels) in enumerate(quiet):  # the oracle: PyTorch's own modules
        torch.manual_seed(seed)
        assert torch.equal(mask, nn.Dropout(0.3).train()(torch.ones(64, 32)) != 0)
        torch.manual_seed(seed)
        sampled = nn.Dropout(0.3).train()(torch.ones(2_000, dtype=torch.float64)) * 2.0
        assert example.inverted_sampled_mean == float(sampled.mean())
        torch.manual_seed(seed)
        np.testing.assert_array_equal(channels.dropout2d, nn.Dropout2d(0.5).train()(maps)[0].numpy())
        np.testing.assert_array_equal(channels.dropout, nn.Dropout(0.5).train()(maps)[0].numpy())
    stop = threading.Event()

    def busy_training_thread():
        while not stop.is_set():
            torch.rand(1_000)

    thread = threading.Thread(target=busy_training_thread, daemon=True)
    thread.start()
    try:
        for _ in range(5):
            for seed, (mask, example, channels) in enumerate(quiet):
                assert torch.equal(dropout.torch_keep_mask((64, 32), 0.3, seed), mask)
                assert dropout.scaling_example(2.0, 0.3, 2_000, seed) == example
                again = dropout.channel_dropout(maps, 0.5, seed)
                np.testing.assert_array_equal(again.dropout2d, channels.dropout2d)
                np.testing.assert_array_equal(again.dropout, channels.dropout)
    finally:
        stop.set()
        thread.join()


def test_no_dropout_draws_nothing_and_keeps_everything():
    assert dropout.torch_keep_mask((3, 4), 0.0, seed=1).all()
    result = dropout.channel_dropout(dropout.fixed_filter_maps(dropout.synthetic_image()), 0.0, seed=1)
    np.testing.assert_array_equal(result.dropout2d, result.maps)
    assert result.channel_kept.all()
