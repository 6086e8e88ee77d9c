"""A run whose loss becomes NaN or infinite stops and is stored as diverged, not as a silent 'nan%'."""

import math

from explainer.training.jobs import JobManager, JobState
from explainer.training.recipes import RECIPES
from explainer.training.store import ResultStore
from explainer.training.trainer import train
from tests.engine_helpers import tiny_datasets

DATA = tiny_datasets(train=64, test=20)
# SGD with lr 1e6 overflows the logits within the first steps on any CPU (no knife edge: NaN, not "large").
EXPLODING = RECIPES["fashion_mlp"].with_overrides(epochs=6, batch_size=16, lr=1e6)


def test_training_stops_at_the_first_non_finite_loss():
    seen = []
    result = train(EXPLODING, "cpu", datasets=DATA, progress_every=1, on_progress=seen.append)
    assert result.diverged
    assert len(result.history) == 1 and result.history[0]["epoch"] == 1  # not six epochs of NaN
    assert not math.isfinite(result.history[0]["train_loss"])
    assert sum(1 for p in seen if p.epoch == 0 and p.step) < 4  # the epoch was cut short at a report
    [notice] = [n for n in result.notices if n.key == "engine.notice.diverged"]
    assert notice.values == {"epoch": "1"} and "1번째 에포크" in notice.text("ko") and "발산" in notice.text("ko")


def test_a_sane_run_is_not_diverged():
    result = train(EXPLODING.with_overrides(lr=0.01, epochs=2), "cpu", datasets=DATA)
    assert not result.diverged and len(result.history) == 2
    assert all(n.key != "engine.notice.diverged" for n in result.notices)


def test_a_diverged_run_is_stored_with_the_flag(tmp_path):
    def on_tiny_data(recipe, device, **kwargs):
        return train(recipe, device, datasets=DATA, **kwargs)

    store = ResultStore(tmp_path)
    job = JobManager(store, train_fn=on_tiny_data).submit(EXPLODING, "cpu")
    assert job.wait(60) and job.state == JobState.DONE
    stored = ResultStore(tmp_path).get(job.config_hash)
    assert stored.diverged and stored.metrics["diverged"] is True
    assert any(n.key == "engine.notice.diverged" for n in stored.notices)


def test_pretrain_says_when_a_stored_run_diverged(tmp_path, monkeypatch, capsys):
    from explainer.training import pretrain
    from explainer.training.recipes import config_hash
    from tests.test_engine_store_faults import nan_result

    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(tmp_path))
    recipe = RECIPES["fashion_mlp"].with_overrides(epochs=1)
    ResultStore().put(recipe, nan_result(recipe), config_hash(recipe, "cpu"), device="cpu")
    assert pretrain.main(["--recipes", "fashion_mlp", "--device", "cpu", "--epochs", "1"]) == 0
    assert "stored earlier, diverged" in capsys.readouterr().out
