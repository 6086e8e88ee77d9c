"""Softmax, cross-entropy and p - y against torch.softmax, F.cross_entropy and autograd."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from explainer.topics.softmax import (
    DEFAULT_LOGITS,
    LECTURE_EXAMPLE_PREDICTION,
    LECTURE_EXAMPLE_TARGET,
    cross_entropy,
    cross_entropy_from_logits,
    cross_entropy_gradient,
    lecture_example,
    lecture_table,
    log_softmax,
    logit_report,
    softmax,
    truncate,
)

logit_vectors = st.lists(st.floats(-50, 50, allow_nan=False), min_size=2, max_size=6)


@settings(max_examples=60, deadline=None)
@given(logit_vectors, st.data())
def test_softmax_ce_and_gradient_match_torch(logits, data):
    target = data.draw(st.integers(0, len(logits) - 1))
    z = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    np.testing.assert_allclose(softmax(logits), torch.softmax(z, dim=-1).detach().numpy(), rtol=1e-12, atol=1e-300)
    loss = F.cross_entropy(z[None], torch.tensor([target]))
    assert cross_entropy_from_logits(logits, target) == pytest.approx(loss.item(), rel=1e-10, abs=1e-12)
    loss.backward()
    np.testing.assert_allclose(cross_entropy_gradient(logits, target), z.grad.numpy(), rtol=1e-9, atol=1e-15)


def test_batched_logits_match_f_cross_entropy_without_reduction():
    logits = np.random.default_rng(1).normal(size=(5, 4)) * 3
    labels = np.array([0, 3, 1, 2, 3])
    expected = F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(labels), reduction="none").numpy()
    np.testing.assert_allclose(cross_entropy_from_logits(logits, labels), expected, rtol=1e-12)


def test_huge_logits_do_not_overflow():
    p = softmax([1000.0, 0.0, -1000.0])
    assert np.all(np.isfinite(p)) and p[0] == 1.0
    assert cross_entropy_from_logits([1000.0, 0.0, -1000.0], 2) == pytest.approx(2000.0)


def test_lecture_table_is_0_51_0_51_1_20_mean_0_74_and_matches_torch():
    table = lecture_table()
    assert [f"{v:.2f}" for v in table.per_sample] == ["0.51", "0.51", "1.20"]
    assert f"{table.mean:.2f}" == "0.74"
    # F.cross_entropy on log-probabilities as logits gives -log p[target] (softmax of log p is p).
    logits = torch.log(torch.from_numpy(table.predictions))
    labels = torch.from_numpy(table.targets.argmax(axis=1))
    assert F.cross_entropy(logits, labels).item() == pytest.approx(table.mean, rel=1e-12)


def test_lecture_example_uses_log10_while_pytorch_uses_ln():
    base10, natural = lecture_example()
    assert truncate(base10, 6) == "0.154901"
    assert f"{base10:.4f}" == "0.1549"
    assert base10 == pytest.approx(-math.log10(0.7))
    # PyTorch's loss is the natural log: F.cross_entropy of log-probabilities picks -ln p[target].
    log_p = torch.log(torch.tensor(LECTURE_EXAMPLE_PREDICTION, dtype=torch.float64))[None]
    target = torch.tensor([int(LECTURE_EXAMPLE_TARGET.argmax())])
    assert natural == pytest.approx(F.cross_entropy(log_p, target).item(), rel=1e-12)
    assert natural / base10 == pytest.approx(math.log(10))


def test_cross_entropy_ignores_zero_targets_even_with_zero_probability():
    assert cross_entropy([0.0, 1.0], [0, 1]) == pytest.approx(0.0)
    assert math.isinf(cross_entropy([0.0, 1.0], [1, 0]))
    with pytest.raises(ValueError):
        cross_entropy([0.5, 0.5], [1, 0, 0])


def test_logit_report_defaults():
    report = logit_report(DEFAULT_LOGITS, 0)
    np.testing.assert_allclose(report.probabilities, [0.6590011, 0.2424329, 0.0985659], atol=1e-7)
    assert report.probabilities.sum() == pytest.approx(1.0)
    assert report.gradient.sum() == pytest.approx(0.0, abs=1e-12)
    assert report.loss == pytest.approx(-math.log(report.probabilities[0]))
    assert report.loss_log10 == pytest.approx(report.loss / math.log(10))
    assert truncate(-1.23456, 3) == "-1.234"


def test_the_pages_pytorch_code_prints_the_pages_numbers(capsys):
    from explainer.snippets.fundamentals import lecture_table_code, softmax_code

    exec(softmax_code([0.5, -1.0, 2.0], 1), {})
    out = capsys.readouterr().out
    report = logit_report([0.5, -1.0, 2.0], 1)
    assert f"loss   = {round(report.loss, 4)}" in out
    table = lecture_table()
    exec(lecture_table_code(table.predictions.tolist(), table.targets.tolist()), {})
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "tensor([0.5108, 0.5108, 1.2040])" and lines[1] == "tensor(0.7419)"
    assert lines[2] == "tensor(0.1549)" and lines[3] == "tensor(0.3567)"


@pytest.mark.parametrize("scale", [1.0, 50.0, 1e4])
def test_log_softmax_is_torchs_and_the_only_one(scale):
    """One log-softmax serves the softmax page and the vanishing-gradient backprop (was written twice)."""
    from explainer.topics import activations

    logits = np.random.default_rng(3).normal(size=(5, 10)) * scale
    expected = torch.log_softmax(torch.tensor(logits), dim=-1).numpy()
    np.testing.assert_allclose(log_softmax(logits), expected, rtol=1e-12, atol=1e-12 * scale)
    assert activations.log_softmax is log_softmax


def test_logit_panel_shows_torch_numbers_in_both_languages():
    from explainer.i18n import t
    from explainer.views import softmax as view

    logits, target = [1.5, -0.3, 0.2], 2
    expected_loss = torch.nn.functional.cross_entropy(torch.tensor([logits]), torch.tensor([target])).item()
    expected_p = torch.softmax(torch.tensor(logits, dtype=torch.float64), 0).tolist()
    for lang in ("ko", "en"):
        panel = view.logit_panel(logits, target, lang)
        assert [value for _, value in panel.metrics] == [f"{p:.4f}" for p in expected_p] + [f"{expected_loss:.4f}"]
        assert panel.table[t("softmax.col_target", lang)].tolist() == [0, 0, 1]
        assert f"{expected_loss:.4f}" in panel.loss_line and "{" not in panel.loss_line
    lecture = view.lecture_table_panel("en")
    assert lecture.mean == "0.74" and "0.51 + 0.51 + 1.20" in lecture.mean_line  # the lecture: (0.51+0.51+1.20)/3
    metrics, explain = view.log_base_panel("ko")
    assert metrics[0][1].startswith("0.15490") and "{" not in explain  # -log10(0.7), the slide's 0.154901
