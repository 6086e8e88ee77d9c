"""The XOR page in AppTest, both languages: lecture numbers, every control, the step buttons, the code."""

import threading

import pytest

from explainer.figures import xor as figures
from explainer.i18n import t
from explainer.ui import SECTION_PREFIX
from explainer.views import xor as xor_view
from explainer.views.xor import LECTURE, LIMITS, Settings
from explainer.xor import engines
from explainer.xor import net as xor_net
from tests.apptest_helpers import open_page, texts


def metric(at, label):
    values = [m.value for m in at.metric if m.label == label]
    assert values, (label, [m.label for m in at.metric])
    return values[0]


def single_table_predicted(at, lang):
    return at.table[1].value[t("xor.table.predicted", lang)].tolist()


def open_seeds(at):
    """Open the many-seeds section as a student does (a tracked expander: trained and drawn only while open)."""
    at.session_state[SECTION_PREFIX + "xor.seeds"] = True
    return at.run()


def click(at, label):
    buttons = [b for b in at.button if b.label == label]
    assert buttons, (label, [b.label for b in at.button])
    buttons[0].click().run()
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_lecture_settings_show_the_lecture_numbers(lang):
    at = open_page("xor", lang, open_code=True)
    assert not at.exception, [e.value for e in at.exception]
    assert metric(at, t("xor.metric.mlp_accuracy", lang)) == "1.0 (4/4)"
    assert metric(at, t("xor.metric.single_loss", lang)) == "0.6931"
    # The lecture prints Accuracy 0.5: torch's float32 hypothesis is 0.5 at all four points, and 0.5 > 0.5 is False.
    assert metric(at, t("xor.metric.single_accuracy", lang)) == "0.5 (2/4)"
    assert single_table_predicted(at, lang) == [0.0, 0.0, 0.0, 0.0]
    mlp_table, single_table = at.table[0].value, at.table[1].value  # the final tables, then the lecture's
    assert mlp_table[t("xor.table.predicted", lang)].tolist() == [0.0, 1.0, 1.0, 0.0]
    assert single_table[t("xor.table.hypothesis", lang)].tolist() == ["0.500000"] * 4
    shown = texts(at)
    # The lecture's run ends near torch's 1.5656e-4 (test_xor_fast checks the 1%); the page prints our final loss.
    final_loss = engines.train(xor_net.LECTURE_MLP, snapshots=1).final_losses[0]
    assert 1.5e-4 < final_loss < 1.6e-4
    assert t("xor.result.accuracy", lang, accuracy="1.0 (4/4)", loss=f"{final_loss:.6g}") in shown
    assert t("xor.result.accuracy", lang, accuracy="0.5 (2/4)", loss="0.6931472") in shown
    assert t("xor.result.single_why", lang) in shown
    assert "range(10001)" in shown and "torch.manual_seed(777)" in shown and "lr=1)" in shown
    open_seeds(at)
    xor_view.many_seeds_future(LECTURE, lang).result(timeout=120)  # the 20 seeds train in the background
    at.run()
    assert "1 / 20" not in metric(at, t("xor.seeds.solved", lang))  # most seeds solve XOR
    assert len(at.get("plotly_chart")) == 4


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_controls_retrain_and_lecture_button_restores(lang):
    at = open_page("xor", lang, open_code=True)
    at.slider(key="_widget_xor.hidden").set_value(1).run()
    at.slider(key="_widget_xor.width").set_value(4).run()
    at.selectbox(key="_widget_xor.activation").set_value("tanh").run()
    at.select_slider(key="_widget_xor.lr").set_value(0.5).run()
    at.slider(key="_widget_xor.epochs").set_value(2001).run()
    at.number_input(key="_widget_xor.seed").set_value(5).run()
    assert not at.exception, [e.value for e in at.exception]
    expected = engines.train(xor_net.XorNet(1, 4, "tanh"), 0.5, 2001, 5)
    assert metric(at, t("xor.metric.mlp_accuracy", lang)) == figures.accuracy_text(expected.accuracies[0])
    assert metric(at, t("xor.metric.mlp_loss", lang)) == f"{expected.final_losses[0]:.6f}"
    assert t("xor.result.mlp", lang, shape="2-4-1") in [h.value for h in at.subheader]
    code = "\n".join(c.value for c in at.code)
    assert "nn.Linear(2, 4, bias=True), nn.Tanh()," in code
    assert "range(2001)" in code and "lr=0.5" in code and "torch.manual_seed(5)" in code

    click(at, t("xor.lecture_button", lang))
    assert at.slider(key="_widget_xor.hidden").value == 3
    assert at.slider(key="_widget_xor.width").value == 10
    assert at.selectbox(key="_widget_xor.activation").value == "sigmoid"
    assert at.select_slider(key="_widget_xor.lr").value == 1.0
    assert at.slider(key="_widget_xor.epochs").value == 10_001
    assert at.number_input(key="_widget_xor.seed").value == 777
    assert metric(at, t("xor.metric.mlp_accuracy", lang)) == "1.0 (4/4)"
    assert t("xor.result.mlp", lang, shape="2-10-10-10-1") in [h.value for h in at.subheader]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_step_buttons_move_the_playback_and_hidden_units(lang):
    at = open_page("xor", lang)
    at.slider(key="_widget_xor.epochs").set_value(601).run()
    run = engines.train(xor_net.LECTURE_MLP, 1.0, 601, 777)
    last = len(run.snapshot_epochs) - 1

    def units_caption(run, frame):
        counts = figures.gate_counts(run.params_at(frame))
        named = counts.get("0111", 0) + counts.get("1110", 0) + counts.get("0001", 0)
        return t("xor.units.counts", lang, epoch=f"{int(run.snapshot_epochs[frame]):,}", OR=counts.get("0111", 0),
                 NAND=counts.get("1110", 0), AND=counts.get("0001", 0), other=10 - named)

    def status(frame):
        steps = int(run.snapshot_epochs[frame])
        loss = run.losses[0, steps] if steps < 601 else run.final_losses[0]
        single = engines.train(xor_net.SINGLE_LAYER, 1.0, 601, 777)
        single_loss = single.losses[0, steps] if steps < 601 else single.final_losses[0]
        return t("xor.frame_status", lang, frame=frame, last=last, epoch=f"{steps:,}", mlp_loss=f"{loss:.6f}",
                 single_loss=f"{single_loss:.6f}")

    assert status(last) in texts(at)
    click(at, t("xor.reset", lang))
    assert status(0) in texts(at)
    assert units_caption(run, 0) in texts(at)
    click(at, t("xor.step", lang))
    click(at, t("xor.step", lang))
    assert status(2) in texts(at)
    click(at, t("xor.step_back", lang))
    assert status(1) in texts(at)
    assert units_caption(run, 1) in texts(at)
    click(at, t("xor.end", lang))
    assert status(last) in texts(at)
    assert units_caption(run, last) in texts(at)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_lecture_printout_is_beside_ours_with_reasons(lang):
    at = open_page("xor", lang, open_code=True)
    assert t("xor.lecture.header", lang) in [h.value for h in at.header]
    columns = [t(f"xor.lecture.col.{name}", lang) for name in ("printed", "lecture", "ours", "why")]
    single, mlp = (table.value for table in at.table[2:])  # after the two final tables
    assert list(single.columns) == list(mlp.columns) == columns
    _, lecture, ours, why = columns
    assert single[lecture].tolist() == ["—", "0.693147", "0.5, 0.5, 0.5, 0.5", "0.5"]
    # Ours from seed 777 (torch's first cost there is 0.72739738): above ln 2, then ln 2 from the print at 200.
    assert single[ours].tolist() == ["0.727397", "0.693147", ", ".join(["0.500000"] * 4), "0.5 (2/4)"]
    assert single[why].tolist()[0] == t("xor.lecture.why.single_first", lang, epoch="200")
    assert single[why].tolist()[3] == t("xor.lecture.why.single_accuracy", lang)
    assert mlp[lecture].tolist() == ["0.00011 (1.1e-4)", t("xor.lecture.mlp_hypothesis", lang), "1.0"]
    first_cost = float(mlp[ours].tolist()[0])
    assert 0.69 < first_cost < 0.70  # a fresh model, not the lecture's second run
    assert mlp[ours].tolist()[2] == "1.0 (4/4)"
    assert mlp[why].tolist()[0] == t("xor.lecture.why.mlp_first", lang)
    assert all(reason for reason in single[why].tolist() + mlp[why].tolist())  # no number without its reason
    assert t("xor.lecture.log_slip", lang) in texts(at)

    at.number_input(key="_widget_xor.seed").set_value(5).run()  # the lecture's tables keep the lecture's settings
    assert at.table[2].value[ours].tolist() == single[ours].tolist()
    assert at.table[3].value[ours].tolist() == mlp[ours].tolist()


def test_many_seeds_train_only_once_their_section_is_opened():
    """Closed (as the page opens), the section trains nothing and draws nothing: twenty nets and two figures at
    every settings change doubled the time until a change was drawn. Opened, it stays open while settings change."""
    lang, seed = "en", 4243  # settings no other test asks for
    at = open_page("xor", lang)
    at.number_input(key="_widget_xor.seed").set_value(seed).run()
    assert not at.exception, [e.value for e in at.exception]
    settings = Settings(seed=seed)
    assert (settings, lang) not in xor_view._BATCHES._futures  # no batch started
    assert len(at.get("plotly_chart")) == 2 and not [m for m in at.metric if m.label == t("xor.seeds.solved", lang)]
    assert t("xor.seeds.pending", lang, count=LIMITS.many_seeds) not in texts(at)
    assert [e.label for e in at.expander if e.label == t("xor.seeds.show", lang, count=LIMITS.many_seeds)]
    open_seeds(at)
    xor_view.many_seeds_future(settings, lang).result(timeout=120)
    at.run()
    expected = xor_view.seeds_summary(xor_view.train_many(settings), lang)[0][0].value
    assert metric(at, t("xor.seeds.solved", lang)) == expected and len(at.get("plotly_chart")) == 4
    at.slider(key="_widget_xor.width").set_value(3).run()  # still open after a change: the new batch is asked for
    assert (Settings(seed=seed, width=3), lang) in xor_view._BATCHES._futures
    # Open is part of the view: the address says so, and a link (or a student following) opens it too.
    address = {name: value[0] if isinstance(value, list) else value for name, value in at.query_params.items()}
    assert address[SECTION_PREFIX + "xor.seeds"] == "1"
    linked = open_page("xor", lang, query_params=address)
    assert not linked.exception and linked.session_state[SECTION_PREFIX + "xor.seeds"] is True
    assert t("xor.seeds.show", lang, count=LIMITS.many_seeds) in [e.label for e in linked.expander]
    pending = t("xor.seeds.pending", lang, count=LIMITS.many_seeds)
    assert len(linked.get("plotly_chart")) == 4 or pending in texts(linked)  # drawn, or its batch under way


def test_many_seeds_come_after_the_shown_seed_and_are_never_stale():
    """A settings change answers with the shown seed at once; the 20-seed batch trains in the background, the
    section says so until it is done, and then shows the numbers of these settings (not the last ones shown)."""
    lang, changed = "en", Settings(width=7)
    at = open_seeds(open_page("xor", lang))
    xor_view.many_seeds_future(LECTURE, lang).result(timeout=120)
    at.run()
    lecture_solved = metric(at, t("xor.seeds.solved", lang))
    gate = threading.Event()
    xor_view._BATCHES._executor.submit(gate.wait, 60)  # hold the worker: the new batch cannot be done yet
    try:
        at.slider(key="_widget_xor.width").set_value(changed.width).run()
        assert not at.exception, [e.value for e in at.exception]
        assert t("xor.seeds.pending", lang, count=LIMITS.many_seeds) in texts(at)
        assert not [m for m in at.metric if m.label == t("xor.seeds.solved", lang)]  # no stale 20-seed numbers
        assert metric(at, t("xor.metric.mlp_loss", lang)) == xor_view.headline_metrics(
            *xor_view.train_pair(changed), lang)[1].value  # the shown seed is already the new settings'
    finally:
        gate.set()
    xor_view.many_seeds_future(changed, lang).result(timeout=120)
    at.run()
    expected = xor_view.seeds_summary(xor_view.train_many(changed), lang)[0][0].value
    assert metric(at, t("xor.seeds.solved", lang)) == expected
    assert t("xor.seeds.pending", lang, count=LIMITS.many_seeds) not in texts(at)
    assert len(at.get("plotly_chart")) == 4
    at.slider(key="_widget_xor.width").set_value(LECTURE.width).run()  # back: the kept batch, shown at once
    assert metric(at, t("xor.seeds.solved", lang)) == lecture_solved
