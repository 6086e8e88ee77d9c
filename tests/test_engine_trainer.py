"""The trainer against the lecture's own code as the oracle: initialisation, batch preparation, the loop."""

import contextlib
import inspect
import math

import pytest
import torch
import torch.nn.functional as F
from PIL import Image
from torchvision import transforms

from explainer.training import trainer as trainer_module
from explainer.training.bench import lecture_loop
from explainer.training.recipes import RECIPES
from explainer.training.trainer import (
    BatchPreparer,
    LectureShuffle,
    TrainingCancelled,
    _generator,
    init_model,
    load_splits,
    train,
)
from models import build_model
from tests.engine_helpers import tiny_datasets

DATA = tiny_datasets(train=100, test=40)


def _weights_equal(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def _without_time(history):
    return [{k: v for k, v in row.items() if k != "elapsed_s"} for row in history]


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_initial_weights_are_those_after_manual_seed(name):
    recipe = RECIPES[name].with_overrides(seed=1234)
    torch.manual_seed(1234)
    lecture_model = build_model(recipe.model, **recipe.model_kwargs())
    assert _weights_equal(init_model(recipe).state_dict(), lecture_model.state_dict())


def test_initialisation_leaves_the_global_generator_alone():
    before = torch.random.get_rng_state()
    init_model(RECIPES["cifar_cnn"])
    train(RECIPES["fashion_mlp_dropout"].with_overrides(epochs=1), "cpu", datasets=DATA)
    assert torch.equal(before, torch.random.get_rng_state())


@pytest.mark.parametrize("channels,normalize", [(1, ((0.1307,), (0.3081,))), (3, ((0.5,) * 3, (0.5,) * 3)), (1, None)])
def test_batch_preparation_equals_torchvision_per_sample_transforms(channels, normalize):
    images, _ = tiny_datasets(train=8, channels=channels, side=32 if channels == 3 else 28)[0].images, None
    flip = torch.tensor([True, False] * 4)
    ours = BatchPreparer(normalize, torch.device("cpu"))(images, flip)
    for index in range(len(images)):
        array = images[index].numpy()
        image = Image.fromarray(array[0] if channels == 1 else array.transpose(1, 2, 0))
        steps = [transforms.RandomHorizontalFlip(p=1.0)] if flip[index] else []
        steps.append(transforms.ToTensor())
        if normalize:
            steps.append(transforms.Normalize(*normalize))
        assert torch.equal(ours[index], transforms.Compose(steps)(image)), index


def test_training_equals_the_lecture_loop_on_the_same_batches():
    """Same init, permutation and flips: the lecture's per-sample PIL loop ends at the same weights.

    100 images in batches of 32 also check that the last partial batch (4 images) is trained, as
    DataLoader(drop_last=False) does.
    """
    recipe = RECIPES["fashion_mlp_dropout"].with_overrides(epochs=2, batch_size=32, lr=0.05)
    ours = train(recipe, "cpu", datasets=DATA)

    train_set = DATA[0]
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize(*recipe.normalize)])
    flip_image = transforms.functional.hflip  # RandomHorizontalFlip(p=1) would draw from dropout's generator
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(recipe.seed)  # dropout's generator, seeded as the trainer seeds it
        init_generator = _generator(recipe.seed, 0)
        model = init_model(recipe, generator=init_generator).train()
        optimizer = torch.optim.SGD(model.parameters(), lr=recipe.lr)
        shuffle = LectureShuffle(init_generator)
        flip_generator = _generator(recipe.seed, 2)
        for _epoch in range(recipe.epochs):
            order = shuffle.epoch_order(len(train_set))
            flips = torch.rand(len(train_set), generator=flip_generator) < 0.5
            for start in range(0, len(order), recipe.batch_size):
                batch = order[start:start + recipe.batch_size]
                samples = []
                for position, i in enumerate(batch.tolist(), start=start):  # a flip drawn per position
                    image = Image.fromarray(train_set.images[i, 0].numpy())
                    samples.append(transform(flip_image(image) if flips[position] else image))
                optimizer.zero_grad()
                loss = F.cross_entropy(model(torch.stack(samples)), train_set.labels[batch])
                loss.backward()
                optimizer.step()
            shuffle.test_pass()
    lecture = model.state_dict()
    for key, value in ours.state_dict.items():
        torch.testing.assert_close(value, lecture[key], rtol=0, atol=1e-6)


@pytest.mark.parametrize("name,overrides", [("fashion_mlp", {"lr": 0.05}), ("mnist_mlp", {}),
                                            ("fashion_mlp", {"optimizer": "sgd_momentum", "momentum": 0.9})])
def test_without_dropout_or_flips_the_run_is_the_lecture_loop_itself(name, overrides):
    """torch.manual_seed(seed), Net(), DataLoader(shuffle=True), a test pass per epoch: same batches, same weights."""
    recipe = RECIPES[name].with_overrides(epochs=3, batch_size=32, **overrides)
    data = DATA if name == "fashion_mlp" else tiny_datasets(train=100, test=40, name="mnist")
    ours = train(recipe, "cpu", datasets=data)
    with torch.random.fork_rng(devices=[]):
        _seconds, accuracy, lecture = lecture_loop(recipe, *load_splits(recipe, data), torch.device("cpu"))
    assert ours.test_acc == accuracy
    for key, value in lecture.state_dict().items():
        torch.testing.assert_close(ours.state_dict[key], value, rtol=0, atol=1e-6)


def test_same_seed_same_run_and_another_seed_another():
    recipe = RECIPES["fashion_mlp_dropout"].with_overrides(epochs=3, batch_size=16)
    first = train(recipe, "cpu", datasets=DATA)
    second = train(recipe, "cpu", datasets=DATA)
    assert _without_time(first.history) == _without_time(second.history)
    assert _weights_equal(first.state_dict, second.state_dict)
    assert first.confusion == second.confusion
    other = train(recipe.with_overrides(seed=778), "cpu", datasets=DATA)
    assert not _weights_equal(first.state_dict, other.state_dict)


def test_cnn_run_is_deterministic_and_learns():
    recipe = RECIPES["mnist_cnn"].with_overrides(epochs=4, batch_size=16, lr=0.05)
    data = tiny_datasets(train=160, test=40, name="mnist")
    first = train(recipe, "cpu", datasets=data)
    second = train(recipe, "cpu", datasets=data)
    assert _weights_equal(first.state_dict, second.state_dict)
    assert first.test_acc > 40  # chance is 10%


def test_history_progress_and_result_fields():
    recipe = RECIPES["fashion_mlp"].with_overrides(epochs=5, batch_size=32, lr=0.1)
    seen = []
    result = train(recipe, "cpu", on_progress=seen.append, progress_every=2, datasets=DATA)
    steps = math.ceil(100 / 32)
    assert [row["epoch"] for row in result.history] == [1, 2, 3, 4, 5]
    assert all(p.steps_per_epoch == steps for p in seen)
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert seen[-1].eta_s == 0 and seen[-1].test_acc == result.test_acc
    assert len(seen[-1].history) == 5
    assert result.history[-1]["train_loss"] < result.history[0]["train_loss"]
    assert result.test_acc > 30  # chance is 10%
    assert len(result.confusion) == 10 and sum(map(sum, result.confusion)) == 40
    correct = sum(result.confusion[i][i] for i in range(10))
    assert result.test_acc == pytest.approx(100 * correct / 40)
    for i, row in enumerate(result.confusion):
        if sum(row):
            assert result.per_class_acc[i] == pytest.approx(100 * row[i] / sum(row))
    assert result.classes == DATA[0].classes and result.device == "cpu" and result.mode == "eager"


def test_cancel_stops_at_the_next_step():
    calls = []

    def should_stop():
        calls.append(1)
        return len(calls) > 5

    with pytest.raises(TrainingCancelled):
        train(RECIPES["fashion_mlp"].with_overrides(epochs=50, batch_size=8), "cpu", should_stop=should_stop,
              datasets=DATA)
    assert len(calls) == 6


def test_train_subset_is_seeded_and_smaller():
    recipe = RECIPES["fashion_mlp"].with_overrides(epochs=1, batch_size=10, train_subset=30)
    seen = []
    first = train(recipe, "cpu", on_progress=seen.append, progress_every=1, datasets=DATA)
    assert seen[0].steps_per_epoch == 3
    assert _weights_equal(first.state_dict, train(recipe, "cpu", datasets=DATA).state_dict)


def test_adam_and_momentum_optimisers_train():
    for overrides in ({"optimizer": "adam", "lr": 1e-3}, {"optimizer": "sgd_momentum", "momentum": 0.9}):
        result = train(RECIPES["fashion_mlp"].with_overrides(epochs=4, batch_size=16, **overrides), "cpu",
                       datasets=DATA)
        assert result.history[-1]["train_loss"] < result.history[0]["train_loss"]


@pytest.mark.parametrize("name", [name for name, recipe in RECIPES.items() if recipe.is_xor])
def test_xor_recipes_are_refused_with_the_trainer_that_trains_them(name):
    """The XOR nets (sigmoid output, BCE, four points in order) train with explainer.training.xor_runs."""
    with pytest.raises(ValueError, match="explainer.training.xor_runs"):
        train(RECIPES[name].with_overrides(epochs=2), "cpu")


def test_the_trainer_has_no_xor_special_cases():
    source = inspect.getsource(trainer_module)
    assert "is_xor" not in source and "binary_cross_entropy" not in source


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_cuda_graph_run_matches_eager_cpu_run():
    recipe = RECIPES["fashion_mlp"].with_overrides(epochs=3, batch_size=16)
    gpu = train(recipe, "cuda", datasets=DATA)
    cpu = train(recipe, "cpu", datasets=DATA)
    assert gpu.mode == "cuda_graph", gpu.notices
    for key, value in cpu.state_dict.items():
        torch.testing.assert_close(gpu.state_dict[key], value, rtol=1e-3, atol=1e-4)
    again = train(recipe, "cuda", datasets=DATA)
    assert _without_time(again.history) == _without_time(gpu.history)


class _NoCaptureCuda:
    """Streams that run on the CPU and a CUDAGraph that refuses to capture, as on a GPU without graph support."""

    class Stream:
        def __init__(self, *args, **kwargs):
            pass

        def wait_stream(self, other):
            pass

    class CUDAGraph:
        def __init__(self):
            raise RuntimeError("graph capture is not supported here")

    @staticmethod
    def stream(_stream):
        return contextlib.nullcontext()

    @staticmethod
    def current_stream(*args):
        return _NoCaptureCuda.Stream()

    @staticmethod
    def synchronize(*args):
        pass


def test_failed_graph_capture_continues_eagerly_from_the_initial_weights(monkeypatch):
    """The warm-up steps before a capture train on real batches: after a failed capture the run must
    start where a run without capture starts (weights and optimiser state), and say why it is eager."""
    recipe = RECIPES["fashion_mlp"].with_overrides(epochs=2, batch_size=16, optimizer="sgd_momentum", momentum=0.9)
    plain = train(recipe, "cpu", datasets=DATA)
    train_split, test_split = load_splits(recipe, DATA)
    monkeypatch.setattr(trainer_module.torch, "cuda", _NoCaptureCuda)
    run = trainer_module._Run(recipe, torch.device("cpu"), train_split, test_split, None, None, 100)
    run._try_capture()
    after = run.fit()
    assert after.mode == "eager" and run.graph is None
    assert [notice.key for notice in after.notices] == ["engine.notice.graph_failed"]
    assert "not supported here" in str(after.notices[0])
    assert _weights_equal(after.state_dict, plain.state_dict)
