"""The XOR page's view-model: settings, read-outs, step buttons and the lecture's printout beside ours."""

import threading

import numpy as np
import pytest

from explainer.i18n import t
from explainer.views import xor as xor_view
from explainer.views.xor import LECTURE, Settings
from explainer.xor import decisions, torch_reference
from explainer.xor import net as xor_net


@pytest.fixture(scope="module")
def short_pair():
    return xor_view.train_pair(Settings(epochs=601))


def test_lecture_settings_are_the_lectures():
    assert LECTURE.net == xor_net.LECTURE_MLP
    assert (LECTURE.lr, LECTURE.epochs, LECTURE.seed) == (1.0, 10_001, 777)
    assert LECTURE.session_values() == {"xor.hidden": 3, "xor.width": 10, "xor.activation": "sigmoid",
                                        "xor.lr": 1.0, "xor.epochs": 10_001, "xor.seed": 777}


def test_printed_costs_are_the_lecture_loops_prints(short_pair):
    mlp, single = short_pair
    for run, net in ((mlp, xor_net.LECTURE_MLP), (single, xor_net.SINGLE_LAYER)):
        printed = torch_reference.train_torch(net, epochs=601).losses  # cost.item() at epochs 0, 100, …, 600
        ours = [float(cost) for cost in xor_view.printed_costs(run)]
        assert len(ours) == len(printed) == 7
        np.testing.assert_allclose(ours, printed, atol=1.5e-6)


def test_first_print_at_ln2(short_pair):
    _, single = short_pair
    assert xor_view.first_print_at_ln2(single) == 200
    mlp_solved = xor_view.train_pair(LECTURE)[0]
    assert xor_view.first_print_at_ln2(mlp_solved) is None  # it leaves the plateau


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_result_lines_show_the_accuracy_exactly(short_pair, lang):
    mlp, single = short_pair
    assert xor_view.result_line(single, lang) == t("xor.result.accuracy", lang, accuracy="0.5 (2/4)",
                                                   loss=f"{single.final_losses[0]:.7f}")
    assert xor_view.result_title(single, lang) == t("xor.result.single", lang)
    assert xor_view.result_title(mlp, lang) == t("xor.result.mlp", lang, shape="2-10-10-10-1")
    metrics = xor_view.headline_metrics(mlp, single, lang)
    assert [m.value for m in metrics][2] == "0.5 (2/4)"


def test_frame_buttons_stay_in_range(short_pair):
    mlp, _ = short_pair
    last = len(mlp.snapshot_epochs) - 1
    assert xor_view.shown_frame(None, mlp) == last
    assert xor_view.shown_frame(10_000, mlp) == last and xor_view.shown_frame(-3, mlp) == 0
    assert [target for _, target, _ in xor_view.frame_buttons(0, mlp, "en")] == [0, 0, 1, None]
    assert [target for _, target, _ in xor_view.frame_buttons(last, mlp, "en")] == [0, last - 1, last, None]
    assert [label for label, _, _ in xor_view.frame_buttons(3, mlp, "ko")] == [
        t(key, "ko") for key in ("xor.reset", "xor.step_back", "xor.step", "xor.end")]


def test_seeds_summary_names_only_stuck_seeds():
    many = xor_view.train_many(Settings(hidden=1, width=2, epochs=301, seed=3))
    metrics, stuck_text = xor_view.seeds_summary(many, "en")
    failed = decisions.stuck(many.final_losses, many.accuracies)
    assert metrics[0].value == f"{int((~failed).sum())} / 20" and metrics[1].value == str(int(failed.sum()))
    assert (stuck_text is None) == (not failed.any())
    if failed.any():
        assert stuck_text == t("xor.seeds.stuck_list", "en",
                               seeds=", ".join(str(s) for s, bad in zip(many.seeds, failed, strict=True) if bad))


def test_many_seeds_batches_are_shared_and_the_newest_asked_trains_first(monkeypatch):
    trained = []

    def section(settings, lang):
        trained.append(settings.seed)
        return (settings.seed, lang)

    monkeypatch.setattr(xor_view, "_many_seeds_section", section)
    batches = xor_view._Batches()
    gate = threading.Event()
    batches._executor.submit(gate.wait, 30)  # hold the worker while three settings are asked for
    futures = [batches.future(Settings(seed=seed), "en") for seed in (1, 2, 3)]
    assert batches.future(Settings(seed=2), "en") is futures[1]  # asked again: the same batch, now the newest
    gate.set()
    assert [future.result(timeout=30) for future in futures] == [(1, "en"), (2, "en"), (3, "en")]
    assert trained == [2, 3, 1]  # the slider's last value first, the values it passed after
    assert batches.future(Settings(seed=3), "en").result(timeout=1) == (3, "en") and len(trained) == 3


def test_a_failed_many_seeds_batch_is_trained_again_when_next_asked(monkeypatch):
    calls = []

    def section(settings, lang):
        calls.append(lang)
        if len(calls) == 1:
            raise RuntimeError("first try fails")
        return lang

    monkeypatch.setattr(xor_view, "_many_seeds_section", section)
    batches = xor_view._Batches()
    with pytest.raises(RuntimeError):
        batches.future(LECTURE, "ko").result(timeout=30)
    assert batches.future(LECTURE, "ko").result(timeout=30) == "ko" and calls == ["ko", "ko"]


def test_many_seeds_section_is_the_batch_of_those_settings():
    settings = Settings(hidden=1, width=3, epochs=501, seed=5)
    section = xor_view.many_seeds_future(settings, "en").result(timeout=120)
    assert xor_view.many_seeds(settings, "en") is section
    metrics, stuck_seeds = xor_view.seeds_summary(xor_view.train_many(settings), "en")
    assert [m.value for m in section.metrics][:2] == [m.value for m in metrics][:2]
    assert section.stuck_seeds == stuck_seeds
    assert len(section.surfaces.to_dict()["data"]) > 0 and section.losses.to_dict()["data"]


def test_the_many_seeds_section_polls_until_its_batch_is_done():
    settings = Settings(seed=4244)
    future = xor_view.many_seeds_future(settings, "en")
    future.result(timeout=120)
    assert xor_view.many_seeds_poll_seconds(settings, "en") is None  # done: no more looking
    gate = threading.Event()
    xor_view._BATCHES._executor.submit(gate.wait, 60)  # hold the worker: a new batch cannot be done yet
    try:
        assert xor_view.many_seeds_poll_seconds(Settings(seed=4245), "en") == xor_view.MANY_SEEDS_POLL_SECONDS
    finally:
        gate.set()
