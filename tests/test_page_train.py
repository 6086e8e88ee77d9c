"""The train-and-compare page in AppTest: no data, a live run on tiny generated data, stored runs, feature maps."""

from __future__ import annotations

import sys
import threading
import time
import traceback

import pytest

from explainer import ui
from explainer.data import datasets as data
from explainer.data import samples
from explainer.i18n import t
from explainer.inspection import predictions as model_predictions
from explainer.training.recipes import RECIPES, config_hash
from explainer.training.store import ResultStore
from explainer.views import compare
from tests.apptest_helpers import choose_tab, open_code_panels, open_page, texts
from tests.datagen import data_env, train_into, write_tiny_datasets


def _fresh_engine() -> None:
    """The app keeps one job manager per process; each test gets one on its own cache folder."""
    ui.job_manager.clear()


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    with data_env(monkeypatch, tmp_path / "no-data", cache_dir=tmp_path / "cache"):
        _fresh_engine()
        yield tmp_path
        _fresh_engine()


@pytest.fixture
def tiny_data(empty_cache, monkeypatch):
    with data_env(monkeypatch, write_tiny_datasets(empty_cache / "data")):
        yield ResultStore(empty_cache / "cache")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_without_data_the_page_explains_where_it_looked(empty_cache, lang):
    at = open_page("train_compare", lang)
    assert not at.exception
    shown = texts(at)
    assert t("data.unavailable.tried", lang) in shown
    assert "EXPLAINER_DATA_DIR" in shown and "dataset-fashion-mnist" in shown
    assert t("train.compare.empty", lang) not in shown  # the other tabs are built when opened
    start = at.button(key="train_start")
    assert start.disabled
    for name in ("mnist", "cifar10"):
        at.selectbox(key="_widget_train.dataset").set_value(name).run()
        assert not at.exception
        assert t("data.unavailable.tried", lang) in texts(at)
    assert t("train.compare.empty", lang) in texts(_tab(at, "compare", lang))
    assert t("train.maps.none", lang) in texts(_tab(at, "maps", lang))
    assert not at.exception and t("train.setup.intro", lang) not in texts(at)


def _tab(at, name: str, lang: str):
    """Open the page's train, compare or maps tab: the page builds only the open one."""
    return choose_tab(at, "train.tab", t(f"train.tab.{name}", lang))


def _apply(at, lang: str = "en"):
    """The set-up form's "Apply settings": the values typed so far become the page's settings (no training)."""
    return at.button(key="train_check").click().run()


def _captions(at) -> str:
    return "\n".join(caption for image in at.image for caption in image.captions)


def _wait_for_stored(store: ResultStore, config_hash: str, timeout: float = 120):
    """The run the page started in its background thread, once it is in the store."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stored = store.get(config_hash)
        if stored is not None:
            return stored
        job = ui.job_manager().get(config_hash)
        if job is None or job.state in ("failed", "cancelled"):  # nothing will come: say what the engine knows
            known = [(j.config_hash, str(j.state), j.error) for j in ui.job_manager().jobs()]
            raise AssertionError(f"run {config_hash}: job {job and job.state}, {job and job.error}; jobs {known}")
        time.sleep(0.2)
    manager = ui.job_manager()
    threads = {thread.ident: thread.name for thread in threading.enumerate()}
    stacks = "\n".join(f"--- {threads.get(ident, ident)}\n" + "".join(traceback.format_stack(frame)[-6:])
                        for ident, frame in sys._current_frames().items())
    jobs = [(j.config_hash, str(j.state), j.owner) for j in manager.jobs()]
    raise AssertionError(f"run {config_hash} did not finish in {timeout} s: {jobs}, {vars(manager)}\n{stacks}")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_preset_trains_in_the_background_and_its_result_comes_back(tiny_data, lang):
    at = open_page("train_compare", lang, open_code=True)
    assert not at.exception
    at.number_input(key="_widget_train.preset_epochs.fashion_mlp").set_value(1)
    _apply(at)
    shown = texts(at)
    assert t("train.not_trained", lang) in shown
    assert "Compose" in shown and "range(1, 1 + 1)" in shown  # the code follows the epochs override
    at.button(key="train_start").click().run()
    assert not at.exception
    stored = _wait_for_stored(tiny_data, config_hash(RECIPES["fashion_mlp"].with_overrides(epochs=1), "cpu"))
    time.sleep(0.5)  # the job turns "done" right after the store write
    at.run()
    shown = texts(at)
    accuracy = f"{stored.test_acc:.2f}"
    assert t("train.done", lang, acc=accuracy, time=compare.duration_text(stored.wall_s, lang),
             device=compare.device_text(stored.device_name, lang)) in shown
    assert ("thread" in shown) is (lang == "en")  # the store's English "CPU (1 thread)" is not shown in Korean
    assert t("train.vs_lecture", lang, ours=accuracy, lecture="86.93") not in shown  # 1 epoch is not the lecture's
    assert set(data.class_names("fashion_mnist", lang)) <= set(_captions(at).splitlines())
    assert compare.history_markdown(stored.history, lang) in [block.value for block in at.markdown]  # the epochs
    table = _tab(at, "compare", lang).table[0].value  # the compare tab lists the run
    assert list(table.index) == [stored.config_hash]
    assert table[t("train.col.lecture_acc", lang)].iloc[0] == "86.93"

    # a reload keeps ?run=<hash>: the same run again
    linked = open_page("train_compare", lang, query_params={"run": stored.config_hash})
    assert not linked.exception and accuracy in texts(linked)
    assert linked.number_input(key="_widget_train.preset_epochs.fashion_mlp").value == 1

    again = open_page("train_compare", lang)  # another browser on the same config: the stored result at once
    again.number_input(key="_widget_train.preset_epochs.fashion_mlp").set_value(1)
    _apply(again)
    assert not again.exception and accuracy in texts(again)
    again.button(key="train_start").click().run()  # pressing "Start" again trains nothing new
    assert not again.exception and len(tiny_data.list()) == 1


def test_custom_form_validates_hidden_sizes(tiny_data):
    at = open_page("train_compare", "en")
    at.radio(key="_widget_train.mode").set_value("custom").run()
    assert not at.exception
    at.text_input(key="_widget_train.custom.fashion_mlp.hidden").set_value("128, x")
    _apply(at)
    assert not at.exception
    assert t("train.err.hidden_number", "en", part="x") in [e.value for e in at.error]
    assert at.button(key="train_start").disabled
    at.text_input(key="_widget_train.custom.fashion_mlp.hidden").set_value("32,16")
    _apply(at)
    assert not at.error
    assert "hidden 32-16" in texts(at)
    assert "FashionMLP(dropout=0.0, hidden=(32, 16))" in texts(open_code_panels(at))


def test_compare_and_feature_maps_for_a_stored_cnn(tiny_data):
    cnn = train_into(tiny_data, RECIPES["mnist_cnn"].with_overrides(epochs=1, optimizer="adam", lr=0.005))
    mlp = train_into(tiny_data, RECIPES["fashion_mlp"].with_overrides(epochs=1))
    for lang in ("en", "ko"):
        at = _tab(open_page("train_compare", lang), "compare", lang)
        assert not at.exception
        table = at.table[0].value
        assert set(table.index) == {cnn.config_hash, mlp.config_hash}
        classes = data.class_names("mnist", lang)
        at.selectbox(key="train_compare_run").set_value(cnn.config_hash).run()
        assert not at.exception
        shown = texts(at)
        wrong = round(len(data.load_dataset("mnist", "test")) * (100 - cnn.test_acc) / 100)
        assert t("train.compare.gallery_caption", lang, wrong=wrong, total=50) in shown
        assert _tab(at, "maps", lang).selectbox(key="train_maps_run").value == cnn.config_hash
        at.number_input(key="_widget_train.maps.index").set_value(3).run()
        assert not at.exception
        test = data.load_dataset("mnist", "test")
        truth = int(test.labels[samples.balanced_indices(test.images, test.labels)[3]])  # 4th of the balanced order
        shown = texts(at) + _captions(at)
        assert t("train.maps.truth", lang, truth=classes[truth]) in shown
        for kind, channels, side in (("relu", 10, 24), ("pool", 10, 12), ("relu", 20, 8), ("pool", 20, 4)):
            assert t(f"train.maps.{kind}", lang, channels=channels, height=side, width=side) in shown
        assert t("train.maps.filters_caption", lang, count=10, channels=1, size=5) in shown
        prediction = [m for m in at.metric if m.label == t("train.maps.prediction", lang)]
        assert prediction and prediction[0].value in classes
        at.radio(key="_widget_train.maps.source.mnist").set_value("sample").run()
        assert not at.exception and t("train.maps.sample_caption", lang) in texts(at)
        at.radio(key="_widget_train.maps.source.mnist").set_value("draw").run()
        assert not at.exception and t("train.maps.draw_wait", lang) in texts(at)


def test_a_running_job_shows_progress_and_can_be_cancelled(tiny_data):
    at = open_page("train_compare", "en")
    at.selectbox(key="_widget_train.dataset").set_value("cifar10").run()
    at.selectbox(key="_widget_train.preset.cifar10").set_value("cifar_cnn").run()
    # typed and not applied: "Start training" submits it with the rest of the form
    at.number_input(key="_widget_train.preset_epochs.cifar_cnn").set_value(200)
    at.button(key="train_start").click().run()
    assert not at.exception
    recipe = RECIPES["cifar_cnn"].with_overrides(epochs=200)
    assert ui.job_manager().get(config_hash(recipe, "cpu")) is not None  # the typed 200 epochs is what trains
    assert t("train.cancel", "en") in [b.label for b in at.button]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(
            t("train.elapsed", "en") == m.label for m in at.metric):
        time.sleep(0.5)
        at.run()
    assert [m.label for m in at.metric][:2] == [t("train.elapsed", "en"), t("train.eta", "en")]
    assert at.get("progress"), "a progress bar while it runs"
    at.button(key="train_cancel").click().run()
    for _ in range(100):
        if t("train.cancelled", "en") in texts(at):
            break
        time.sleep(0.2)
        at.run()
    assert t("train.cancelled", "en") in texts(at)
    assert not at.button(key="train_start").disabled  # a cancelled run can be started again
    assert ResultStore(tiny_data.root).get(config_hash(recipe, "cpu")) is None


def test_start_trains_every_value_typed_in_the_form_even_if_not_applied(tiny_data):
    """What the student sees is what trains: values typed and not yet applied go with "Start training"."""
    at = open_page("train_compare", "en")
    at.radio(key="_widget_train.mode").set_value("custom").run()
    typed = {"lr": 0.02, "epochs": 2, "subset": 100, "seed": 5}
    for name, value in typed.items():
        at.number_input(key=f"_widget_train.custom.fashion_mlp.{name}").set_value(value)
    at.text_input(key="_widget_train.custom.fashion_mlp.hidden").set_value("32")
    at.select_slider(key="_widget_train.custom.fashion_mlp.batch").set_value(32)
    at.button(key="train_start").click().run()
    assert not at.exception
    expected = compare.custom_recipe("fashion_mnist", "fashion_mlp", optimizer="sgd", lr=0.02, batch_size=32,
                                     epochs=2, hidden="32", dropout=0.0, seed=5, train_subset=100)
    started = [job.recipe for job in ui.job_manager().jobs()]
    assert started == [expected]
    assert "lr 0.02" in texts(at) and "hidden 32" in texts(at)  # the summary beside the button says the same


def test_someone_who_opens_the_link_watches_without_a_cancel_button(tiny_data):
    at = open_page("train_compare", "en")
    at.selectbox(key="_widget_train.dataset").set_value("cifar10").run()
    at.selectbox(key="_widget_train.preset.cifar10").set_value("cifar_cnn").run()
    at.number_input(key="_widget_train.preset_epochs.cifar_cnn").set_value(150)
    at.button(key="train_start").click().run()
    key = config_hash(RECIPES["cifar_cnn"].with_overrides(epochs=150), "cpu")
    assert [b for b in at.button if b.key == "train_cancel"]
    visitor = open_page("train_compare", "en", query_params={"run": key})
    assert not visitor.exception
    assert not [b for b in visitor.button if b.key == "train_cancel"]
    assert t("train.watching", "en") in texts(visitor)
    assert not ui.job_manager().get(key).finished  # the visitor leaving or watching stops nothing
    at.button(key="train_cancel").click().run()
    assert ui.job_manager().get(key).cancel_requested


def test_stored_xor_runs_show_in_the_curves_and_stay_out_of_the_image_views(tiny_data):
    """`python -m explainer.training.pretrain` stores the XOR runs too; the page must not stumble over them."""
    xor = train_into(tiny_data, RECIPES["xor_mlp"].with_overrides(epochs=201))
    for lang in ("en", "ko"):
        at = _tab(open_page("train_compare", lang), "compare", lang)
        assert not at.exception
        table = at.table[0].value
        row = table.loc[xor.config_hash]
        assert row[t("train.col.dataset", lang)] == t("train.dataset.xor", lang)
        assert row[t("train.col.lecture_acc", lang)] == "100.00"
        assert "None" not in table.astype(str).to_numpy().ravel().tolist()
        assert at.multiselect(key="_widget_train.compare.picked").value == [xor.config_hash]
        assert t("train.compare.no_image_runs", lang) in texts(at)  # no per-class view, gallery or feature maps
        assert t("train.maps.none", lang) in texts(_tab(at, "maps", lang))
    cnn = train_into(tiny_data, RECIPES["mnist_cnn"].with_overrides(epochs=1))
    _tab(at, "compare", "ko")  # the run trained since the tab was last looked at is picked and detailed at once
    assert not at.exception
    assert at.multiselect(key="_widget_train.compare.picked").value[0] == cnn.config_hash
    assert xor.config_hash in at.multiselect(key="_widget_train.compare.picked").value
    assert at.selectbox(key="train_compare_run").value == cnn.config_hash
    assert _tab(at, "maps", "ko").selectbox(key="train_maps_run").value == cnn.config_hash


def _tables(at) -> str:
    return "\n".join(frame.value.to_csv(index=False) for frame in [*at.dataframe, *at.table])


def test_the_lecture_beside_ours_with_its_slide_in_both_languages(tiny_data):
    from explainer.lecture import reference as lecture_reference

    lenet = train_into(tiny_data, RECIPES["cifar_lenet"].with_overrides(epochs=1))
    mlp = train_into(tiny_data, RECIPES["mnist_mlp"].with_overrides(epochs=1))
    test = data.load_dataset("cifar10", "test")
    model = tiny_data.load_model(lenet.config_hash)
    ours = model_predictions.predict_split(model, test.images, test.labels, lenet.recipe.normalize, indices=range(4))
    for lang in ("ko", "en"):
        at = _tab(open_page("train_compare", lang), "compare", lang)
        at.selectbox(key="train_compare_run").set_value(lenet.config_hash).run()
        assert not at.exception
        shown, tables = texts(at), _tables(at)
        classes = data.class_names("cifar10", lang)
        assert t("train.lecture.per_class", lang) in shown and "CIFAR-10 LeNet" in shown
        assert "71.3" in tables and "53.8" in tables
        assert f"{lenet.per_class_acc[0]:.1f}" in tables
        assert t("train.lecture.demo", lang) in shown  # pickled batches: the canonical first four
        assert " ".join(classes[label] for label in (3, 8, 8, 0)) in tables  # GroundTruth: cat ship ship plane
        assert " ".join(classes[label] for label in (3, 8, 1, 0)) in tables  # Predicted: cat ship car plane
        assert " ".join(classes[label] for label in ours.predicted) in tables  # ours on the same four
        assert t("train.lecture.accuracy", lang, lecture="56.00", ours=f"{lenet.test_acc:.2f}") in shown
        assert t("train.lecture.why.fewer_epochs", lang, ours=1, lecture=2) in shown
        setup = texts(_tab(at, "train", lang))  # the slides' slips are beside the set-up form
        for slip in lecture_reference.slips(lang):
            assert slip in setup
        _tab(at, "compare", lang)
        at.selectbox(key="train_compare_run").set_value(mlp.config_hash).run()
        shown, tables = texts(at), _tables(at)
        assert "MNIST MLP" in t("train.lecture.cost_log", lang) and t("train.lecture.cost_log", lang) in shown
        assert "0.628847" in tables and "0.032280" in tables
        assert f"{mlp.history[0]['train_loss']:.6f}" in tables
        assert t("train.lecture.mnist_step", lang, single=89, mlp=97, ours=f"{mlp.test_acc:.2f}") in shown


def test_a_refused_run_says_what_to_do_instead_of_queuing(tiny_data, monkeypatch):
    """The engine refuses a submit (too many runs of this session, or too long for the server): the page says
    so, with what to do instead, and queues nothing."""
    from explainer.training import jobs

    class Refused(Exception):
        def __init__(self):
            super().__init__("refused")
            self.key, self.values = "train.refused", {}

    monkeypatch.setattr(jobs, "SubmitRefused", Refused, raising=False)  # the contract's exception
    at = open_page("train_compare", "ko")
    manager = ui.job_manager()

    def refuse(recipe, device=None, owner=None):
        raise Refused()

    monkeypatch.setattr(manager, "submit", refuse)
    at.button(key="train_start").click().run()
    assert not at.exception
    warning = [w.value for w in at.warning]
    assert any(t("train.refused", "ko") in text and t("train.refused_help", "ko") in text for text in warning)
    assert manager.jobs() == [] and t("train.not_trained", "ko") in texts(at)



@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_stored_run_whose_weights_were_swapped_gives_a_notice_not_a_traceback(tiny_data, tmp_path, lang):
    """Weights of another model under a matching manifest, swapped after the page listed the runs (was a
    RuntimeError from load_state_dict for every session): a warning in the page's language, the run set aside."""
    from tests.test_engine_store_faults import rewrite_with_matching_manifest

    first = train_into(tiny_data, RECIPES["mnist_mlp"].with_overrides(epochs=1, seed=1))
    train_into(tiny_data, RECIPES["mnist_mlp"].with_overrides(epochs=1, seed=2))  # the newest: shown first
    foreign = train_into(ResultStore(tmp_path / "elsewhere"), RECIPES["mnist_cnn"].with_overrides(epochs=1))
    at = _tab(open_page("train_compare", lang), "compare", lang)
    assert not at.exception
    rewrite_with_matching_manifest(first.path, "weights.safetensors",
                                   (foreign.path / "weights.safetensors").read_bytes())
    at.selectbox(key="train_compare_run").set_value(first.config_hash).run()
    assert not at.exception
    assert not first.path.exists()  # set aside, once
    assert first.config_hash not in set(at.table[0].value.index)
    model, notice = ui.trained_model(first.config_hash)  # what the tabs get for it from now on
    assert model is None and notice.key in ("engine.notice.run_unusable", "engine.notice.run_missing")


def test_the_live_panel_drops_watchers_of_sessions_that_closed(tiny_data):
    """A session that closed while its panel followed a job leaves no watcher behind (nor what it holds)."""
    stored = train_into(tiny_data, RECIPES["fashion_mlp"].with_overrides(epochs=1, train_subset=50))
    manager = ui.job_manager()
    manager.watch(stored.config_hash, "closed-session/panel", lambda job: True)
    manager.watch("another-run", "closed-session/panel", lambda job: True)
    at = open_page("train_compare", "en", query_params={"run": stored.config_hash})
    assert not at.exception and f"{stored.test_acc:.2f}" in texts(at)
    # Only this page's panel still watches (AppTest has no server session, so nothing is pushed to it either).
    assert manager.watcher_count("another-run") == 0 and manager.watcher_count(stored.config_hash) == 1
