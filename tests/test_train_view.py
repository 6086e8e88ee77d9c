"""The train page's view-model: form <-> recipe, submitting (refusals), who may cancel, the live panel's polling."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from explainer.i18n import t
from explainer.training import jobs
from explainer.training.recipes import RECIPES
from explainer.views import compare
from explainer.views import train as train_view
from explainer.views.train import JobState


@pytest.mark.parametrize("recipe", [
    RECIPES["fashion_mlp"],
    RECIPES["cifar_lenet"].with_overrides(epochs=1, train_subset=500),
    compare.custom_recipe("fashion_mnist", "fashion_mlp", optimizer="adam", lr=0.002, batch_size=128, epochs=3,
                          hidden="64,32", dropout=0.3, hflip=True, seed=5, train_subset=1000),
    compare.custom_recipe("cifar10", "cifar_lenet", optimizer="sgd_momentum", lr=0.001, momentum=0.8,
                          batch_size=4, epochs=2),
])
def test_the_form_values_of_a_run_describe_that_run_again(recipe):
    values = train_view.form_defaults(recipe)
    mode = values["train.mode"]
    choice = values[f"train.preset.{recipe.dataset}"] if mode == "preset" else \
        values[f"train.custom_model.{recipe.dataset}"]
    assert train_view.form_recipe(values, recipe.dataset, mode, choice) == recipe


def test_a_link_to_any_stored_fashion_run_names_the_run_the_form_trains():
    """The dropout page's short runs are made without hidden sizes (the model's own): a link to one (its hash, as the
    compare tab shows it) filled the form with the sizes written out, a different hash, and the page said "not trained
    yet" beside a run that was. A network's own sizes are one recipe however they are given."""
    from explainer.training.recipes import config_hash
    from explainer.views.dropout_effect import effect_recipes

    for recipe in effect_recipes(777).values():
        values = train_view.form_defaults(recipe)
        rebuilt = train_view.form_recipe(values, recipe.dataset, values["train.mode"],
                                         values[f"train.custom_model.{recipe.dataset}"], seed=recipe.seed)
        assert config_hash(rebuilt, "cpu") == config_hash(recipe, "cpu"), recipe.name
    own = compare.custom_recipe("fashion_mnist", "fashion_mlp", optimizer="sgd", lr=0.01, batch_size=64, epochs=1,
                                hidden="256, 128")
    assert own.hidden is None and compare.custom_recipe("fashion_mnist", "fashion_mlp", optimizer="sgd", lr=0.01,
                                                        batch_size=64, epochs=1, hidden="128").hidden == (128,)


def test_custom_runs_start_from_the_lectures_settings_for_the_model():
    lenet = train_view.form_recipe({}, "cifar10", "custom", "cifar_lenet")
    assert (lenet.optimizer, lenet.lr, lenet.momentum, lenet.batch_size) == ("sgd_momentum", 0.001, 0.9, 4)
    assert lenet.normalize == RECIPES["cifar_lenet"].normalize
    mlp = train_view.form_recipe({}, "fashion_mnist", "custom", "fashion_mlp", seed=11)
    assert (mlp.optimizer, mlp.lr, mlp.batch_size, mlp.epochs, mlp.seed) == ("sgd", 0.01, 64, 30, 11)


def test_an_invalid_form_raises_a_translatable_reason():
    values = {train_view.custom_key("fashion_mlp", "hidden"): "128, x"}
    with pytest.raises(compare.InvalidSetting) as raised:
        train_view.form_recipe(values, "fashion_mnist", "custom", "fashion_mlp")
    assert raised.value.message("ko") == t("train.err.hidden_number", "ko", part="x")


class _Refused(Exception):
    def __init__(self, key, values):
        super().__init__(key)
        self.key, self.values = key, values


class _Manager:
    """Just enough of the jobs API contract: an owner per job; submit may refuse."""

    def __init__(self, refuse: _Refused | None = None):
        self.refuse, self.owners, self.cancelled = refuse, {}, []

    def submit(self, recipe, device=None, owner=None):
        if self.refuse is not None:
            raise self.refuse
        self.owners[recipe.name] = owner
        return SimpleNamespace(recipe=recipe)

    def can_cancel(self, key, owner):
        return self.owners.get(key) == owner

    def cancel(self, key, owner=None):
        if self.owners.get(key) != owner:
            return False
        self.cancelled.append(key)
        return True


def test_a_refused_run_comes_back_as_what_to_do_instead(monkeypatch):
    monkeypatch.setattr(jobs, "SubmitRefused", _Refused, raising=False)
    manager = _Manager(refuse=_Refused("train.refused", {}))
    outcome = train_view.submit(manager, RECIPES["cifar_cnn"], owner="a")
    assert outcome.job is None and outcome.refusal == ("train.refused", {})
    for lang in ("ko", "en"):
        text = train_view.refusal_text(*outcome.refusal, lang)
        assert t("train.refused", lang) in text and t("train.refused_help", lang) in text
    unknown = train_view.refusal_text("engine.refused.some_key_not_here", {"n": 1}, "en")
    assert unknown.startswith(t("train.refused", "en"))  # never a raw key on screen


def test_only_the_session_that_started_a_run_may_cancel_it():
    manager = _Manager()
    assert train_view.submit(manager, RECIPES["mnist_cnn"], owner="starter").job is not None
    assert manager.owners["mnist_cnn"] == "starter"
    assert not train_view.can_cancel(manager, "mnist_cnn", "visitor")
    assert not train_view.cancel(manager, "mnist_cnn", "visitor") and manager.cancelled == []
    assert train_view.cancel(manager, "mnist_cnn", "starter") and manager.cancelled == ["mnist_cnn"]


def _job(state, progress=None, result=None):
    history = result.history if result else []
    return SimpleNamespace(state=state, progress=progress, history=history, result=result, notices=[], error=None,
                           exception=None, recipe=RECIPES["fashion_mlp"], finished=state in train_view.FINISHED)


def test_a_watcher_sees_progress_without_a_cancel_button():
    progress = SimpleNamespace(epoch=0, epochs=2, step=5, steps_per_epoch=10, fraction=0.25, elapsed_s=3.0,
                               eta_s=9.0, train_loss=0.5, train_acc=80.0, test_acc=None, history=[])
    for can_cancel in (True, False):
        view = train_view.live_view(_job("running", progress), "en", can_cancel=can_cancel)
        assert view.show_cancel is can_cancel
        assert (t("train.watching", "en") in view.captions) is not can_cancel
        assert view.progress[0] == 0.25 and view.curves is None  # no figure rebuilt on every look
        assert view.state is JobState.RUNNING and not view.finished


def test_the_finished_view_carries_the_result_and_no_cancel():
    stored = SimpleNamespace(test_acc=86.93, wall_s=4.2, device_name="CPU",
                             history=[{"epoch": 1, "train_loss": 0.4, "test_acc": 86.93}])
    view = train_view.live_view(_job("done", result=stored), "ko", can_cancel=True)
    assert view.finished and not view.show_cancel
    assert view.messages[0].kind == "success" and "86.93" in view.messages[0].text
    assert view.table == compare.history_markdown(stored.history, "ko") and "| 86.93 |" in view.table
    assert view.curves is None  # one epoch: its numbers are the table; a curve needs two points
    two = SimpleNamespace(**{**vars(stored), "history": [*stored.history, {"epoch": 2, "test_acc": 88.98}]})
    view = train_view.live_view(_job("done", result=two), "ko", can_cancel=True)
    assert view.curves == [(t("train.this_run", "ko"), two.history)]
    assert [e.call for e in view.tail("ko", ())][:1] == ["plotly_chart"]


@pytest.mark.parametrize(("stored_name", "lang", "shown"), [
    ("CPU (1 thread)", "ko", "CPU (스레드 1개)"), ("CPU (4 threads)", "ko", "CPU (스레드 4개)"),
    ("CPU (1 thread)", "en", "CPU (1 thread)"), ("NVIDIA H200", "ko", "NVIDIA H200"),
])
def test_the_finished_message_names_the_device_in_the_pages_language(stored_name, lang, shown):
    """The store keeps the trainer's English device name; the Korean page says "스레드 1개", not "1 thread"."""
    stored = SimpleNamespace(test_acc=86.93, wall_s=4.2, device_name=stored_name, history=[{"epoch": 1}])
    text = train_view.live_view(_job("done", result=stored), lang, can_cancel=True).messages[0].text
    assert t("train.done", lang, acc="86.93", time=compare.duration_text(4.2, lang), device=shown) == text
    assert "thread" not in text or lang == "en"


def test_every_picture_of_a_grid_has_its_caption_as_plain_alt_text():
    """A screen reader reads a picture's alt text: the caption without markdown (colours, bold, line breaks)."""
    import numpy as np

    caption = t("train.compare.tile", "en", colour="red", mark="✗", predicted="cat", truth="dog", conf="80")
    tiles = [compare.Tile(np.zeros((4, 4)), caption), None, compare.Tile(np.zeros((4, 4)), "**7**")]
    for caption_below in (False, True):
        rows = train_view.grid(tiles, 2, caption_below=caption_below)
        images = [element for row in rows for cell in row.children for element in cell if element.call == "image"]
        assert [image.kwargs["alt"] for image in images] == ["✗ pred. cat true dog · 80%", "7"]
