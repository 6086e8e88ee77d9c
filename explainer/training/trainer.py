"""Train one `Recipe` fast: the dataset lives on the device, batches are prepared there, no DataLoader.

    from explainer.training.trainer import train
    result = train(RECIPES["fashion_mlp"], device="cpu", on_progress=print, should_stop=lambda: False)
    result.test_acc, result.history[-1], result.state_dict

How it keeps the lecture's semantics while skipping its per-sample PIL path:
- the images stay uint8 on the device; each batch is gathered with an index tensor, scaled by 1/255
  (ToTensor), flipped per sample (RandomHorizontalFlip(0.5)) and normalised (Normalize) there;
- each epoch visits a fresh permutation and keeps the last partial batch (DataLoader's default
  `drop_last=False`); it runs eagerly when the full batches replay a CUDA graph;
- weights start exactly where `torch.manual_seed(seed); build_model(...)` starts (PyTorch's default
  initialisation drawn from a private generator), and that generator then draws the epoch orders
  the way DataLoader(shuffle=True) draws them (`LectureShuffle`): without dropout or flips a run
  visits the lecture loop's batches in the lecture loop's order. Flips come from another private
  generator, so a seed gives the same run on the same device (and CPU thread count);
- eager steps (the CPU) take their batches from a chunk of about CHUNK_IMAGES images prepared at once, and
  count loss and accuracy once per chunk; the optimiser step is fused and CNNs run channels-last there;
- it trains image classifiers only (`require_image_classifier`): the XOR nets train with explainer.xor;
- "train accuracy" is the running accuracy over the epoch's batches in training mode, as the
  lecture's loop counts it; the test split is evaluated after every recorded epoch.

On CUDA the full-batch train step (forward, backward, optimiser step and the loss/accuracy
accumulation) is captured once in a CUDA graph and replayed with a refilled static index tensor;
when capture fails the run continues eagerly and says so in `TrainResult.notices`.
Dropout draws from torch's global generator (it takes no private one): training seeds it inside
`torch.random.fork_rng`, so a run is reproducible unless another thread draws from it meanwhile.

`should_stop()` is polled every step; when it returns True, `TrainingCancelled` is raised.
When the running loss turns NaN or infinite (checked at every progress report and epoch end, where the
loss is read anyway), the run stops: that epoch is recorded, the result says `diverged=True` and carries
the "diverged" notice, so a page shows "diverged" rather than the accuracy of NaN weights.
`on_progress(Progress)` is called every `progress_every` steps and after every recorded epoch.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from explainer.i18n.notices import Notice
from explainer.training.device import cpu_threads, default_device, device_name
from explainer.training.recipes import Recipe, subset_seed
from models import MODELS, build_model

WARMUP_STEPS = 3  # before capture: creates .grad and optimiser state outside the graph
CHUNK_IMAGES = 1024  # eager training prepares about this many images at once (12 MB of CIFAR floats)


class TrainingCancelled(Exception):
    """Raised by `train` when `should_stop()` turned True."""


class _Diverged(Exception):
    """The running loss is NaN or infinite: the epoch under way ends here."""


@dataclass(frozen=True)
class Progress:
    epoch: int  # epochs finished (0 while the first runs)
    epochs: int
    step: int  # steps finished in the epoch under way (0 right after an epoch was recorded)
    steps_per_epoch: int
    train_loss: float | None  # running mean over the current (or just finished) epoch
    train_acc: float | None  # percent
    test_acc: float | None  # percent, after the last recorded epoch
    elapsed_s: float
    eta_s: float | None
    history: tuple[dict, ...] = ()

    @property
    def fraction(self) -> float:
        total = self.epochs * self.steps_per_epoch
        return min(1.0, (self.epoch * self.steps_per_epoch + self.step) / total) if total else 1.0


@dataclass
class TrainResult:
    recipe: Recipe
    history: list[dict]  # per recorded epoch: epoch, train_loss, train_acc, test_loss, test_acc, elapsed_s
    test_acc: float  # percent
    test_loss: float
    train_loss: float
    train_acc: float
    per_class_acc: list[float]  # percent, in label order
    confusion: list[list[int]]  # rows: true class, columns: predicted class
    classes: tuple[str, ...]
    device: str  # "cpu" or "cuda"
    device_name: str
    wall_s: float  # from the data on the device to the last evaluation
    state_dict: dict[str, torch.Tensor]  # on the CPU
    mode: str  # "eager" or "cuda_graph"
    notices: list[Notice] = field(default_factory=list)
    diverged: bool = False  # the loss became NaN/inf: training stopped at the last recorded epoch


@dataclass
class _Split:
    inputs: torch.Tensor  # uint8 (N, C, H, W) images
    targets: torch.Tensor  # int64 (N,) labels
    classes: tuple[str, ...]


def load_splits(recipe: Recipe, datasets=None) -> tuple[_Split, _Split]:
    """(train, test) on the CPU. `datasets` may be a pair of `explainer.data.datasets.Dataset` to skip loading.

    Raises explainer.data.datasets.DatasetUnavailable when the data cannot be found, ValueError for a
    recipe whose model is no image classifier.
    """
    require_image_classifier(recipe)
    if datasets is None:
        from explainer.data import datasets as data

        datasets = (data.load_dataset(recipe.dataset, "train"), data.load_dataset(recipe.dataset, "test"))
    train_set, test_set = datasets
    train = _Split(train_set.images, train_set.labels, tuple(train_set.classes))
    test = _Split(test_set.images, test_set.labels, tuple(test_set.classes))
    if recipe.train_subset is not None and recipe.train_subset < len(train.targets):
        generator = torch.Generator().manual_seed(subset_seed(recipe.seed))
        chosen = torch.randperm(len(train.targets), generator=generator)[: recipe.train_subset].sort().values
        train = _Split(train.inputs[chosen], train.targets[chosen], train.classes)
    return train, test


def require_image_classifier(recipe: Recipe) -> None:
    """This trainer trains image classifiers (logits, cross-entropy); the XOR nets have their own trainer."""
    if len(MODELS[recipe.model].input_shape) != 3:
        raise ValueError(f"{recipe.name}: model {recipe.model!r} takes no images; the XOR nets train with "
                         "explainer.training.xor_runs (explainer.training.runs.train_recipe picks the trainer)")


def _generator(seed: int, stream: int) -> torch.Generator:
    # Separate streams for initialisation (0), subset (1, recipes.subset_seed) and flips (2); stream 0 equals
    # the global generator after torch.manual_seed(seed), which is what the lecture's code uses.
    return torch.Generator().manual_seed(int(seed) + stream * 1_000_003)


def init_model(recipe: Recipe, device: torch.device | str = "cpu",
               generator: torch.Generator | None = None) -> nn.Module:
    """The recipe's model with PyTorch's default initialisation drawn as after `torch.manual_seed(recipe.seed)`.

    Built on the meta device first so no global random state is touched. `generator` (default: a
    fresh one seeded like the global generator) is left where the lecture's global generator would be.
    """
    with torch.device("meta"):
        model = build_model(recipe.model, **recipe.model_kwargs())
    model = model.to_empty(device="cpu")
    generator = generator if generator is not None else _generator(recipe.seed, 0)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.Linear | nn.Conv2d):
                # nn.Linear / nn.Conv2d reset_parameters(), with an explicit generator.
                nn.init.kaiming_uniform_(module.weight, a=math.sqrt(5), generator=generator)
                if module.bias is not None:
                    fan_in, _ = nn.init._calculate_fan_in_and_fan_out(module.weight)
                    bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
                    nn.init.uniform_(module.bias, -bound, bound, generator=generator)
            elif any(True for _ in module.parameters(recurse=False)):
                raise TypeError(f"no seeded initialisation for {type(module).__name__}")
    for name, buffer in model.named_buffers():
        if buffer.is_meta:
            raise TypeError(f"buffer {name} has no initial value")
    return model.to(device)


class LectureShuffle:
    """Epoch orders drawn exactly as `DataLoader(shuffle=True)` draws them from the global generator.

    Per epoch the lecture's loop draws an int64 for the loader iterator's base seed, then one that
    seeds RandomSampler's permutation; each pass over the test loader draws one more. Fed with the
    generator that initialised the model, a recipe without dropout or flips visits the very batches
    `torch.manual_seed(seed); model = Net(); ...DataLoader(shuffle=True)` visits.
    """

    def __init__(self, generator: torch.Generator) -> None:
        self.generator = generator

    def _draw(self) -> int:
        return int(torch.empty((), dtype=torch.int64).random_(generator=self.generator))

    def epoch_order(self, count: int) -> torch.Tensor:
        self._draw()  # _BaseDataLoaderIter._base_seed
        return torch.randperm(count, generator=torch.Generator().manual_seed(self._draw()))

    def test_pass(self) -> None:
        self._draw()  # the test loader's iterator draws its base seed too


class BatchPreparer:
    """uint8 images -> float batch: ToTensor (/255), optional per-sample horizontal flip, Normalize.

    `memory_format=torch.channels_last` lays the batch out as the convolutions on the CPU run fastest; the
    values are the same (every step is elementwise).
    """

    def __init__(self, normalize, device: torch.device, memory_format=torch.contiguous_format) -> None:
        self.memory_format = memory_format
        self.mean = self.std = None
        if normalize is not None:
            mean, std = normalize
            self.mean = torch.tensor(mean, dtype=torch.float32, device=device).view(1, -1, 1, 1)
            self.std = torch.tensor(std, dtype=torch.float32, device=device).view(1, -1, 1, 1)

    def __call__(self, raw: torch.Tensor, flip: torch.Tensor | None = None) -> torch.Tensor:
        x = raw.to(torch.float32, memory_format=self.memory_format).div_(255)
        if flip is not None:
            x = torch.where(flip.view(-1, 1, 1, 1), x.flip(-1), x).contiguous(memory_format=self.memory_format)
        if self.mean is not None:
            x = x.sub_(self.mean).div_(self.std)
        return x


def memory_layout(recipe: Recipe, device: torch.device) -> torch.memory_format:
    """Channels-last for a CNN on the CPU, where oneDNN's convolutions run faster that way; the default elsewhere
    (the CUDA graph path keeps it). The values are the same either way."""
    return torch.channels_last if MODELS[recipe.model].is_cnn and device.type == "cpu" else torch.contiguous_format


def make_optimizer(recipe: Recipe, model: nn.Module, device: torch.device) -> torch.optim.Optimizer:
    """The recipe's optimiser; on the CPU its fused form (one kernel per step instead of a few per parameter)."""
    params = model.parameters()
    fused = True if device.type == "cpu" else None  # None: torch's choice (the CUDA graph captures either)
    if recipe.optimizer == "adam":
        return torch.optim.Adam(params, lr=recipe.lr, capturable=device.type == "cuda", fused=fused)
    return torch.optim.SGD(params, lr=recipe.lr, momentum=recipe.momentum, fused=fused)


@torch.inference_mode()
def evaluate(model: nn.Module, split: _Split, prepare: BatchPreparer, batch_size: int = 1000):
    """(mean loss, accuracy %, confusion matrix as an int64 tensor) on `split`, in eval mode."""
    was_training = model.training
    model.eval()
    classes = len(split.classes)
    loss_sum = torch.zeros((), device=split.targets.device)
    confusion = torch.zeros(classes * classes, dtype=torch.long, device=split.targets.device)
    for start in range(0, len(split.targets), batch_size):
        x = prepare(split.inputs[start:start + batch_size])
        y = split.targets[start:start + batch_size]
        output = model(x)
        loss_sum += F.cross_entropy(output, y, reduction="sum")
        confusion += torch.bincount(y * classes + output.argmax(1), minlength=classes * classes)
    model.train(was_training)
    confusion = confusion.view(classes, classes).cpu()
    count = max(1, int(confusion.sum()))
    accuracy = 100.0 * float(confusion.diagonal().sum()) / count
    return float(loss_sum) / len(split.targets), accuracy, confusion


class _Run:
    """One training run's state; `fit()` does the work."""

    def __init__(self, recipe: Recipe, device: torch.device, train: _Split, test: _Split,
                 on_progress, should_stop, progress_every: int, cuda_graph: bool = True) -> None:
        self.recipe, self.device, self.cuda_graph = recipe, device, cuda_graph
        self.on_progress = on_progress or (lambda progress: None)
        self.should_stop = should_stop or (lambda: False)
        self.progress_every = max(1, int(progress_every))
        self.start = time.perf_counter()
        self.train = _Split(train.inputs.to(device), train.targets.to(device), train.classes)
        self.test = _Split(test.inputs.to(device), test.targets.to(device), test.classes)
        layout = memory_layout(recipe, device)
        self.prepare = BatchPreparer(recipe.normalize, device, layout)
        init_generator = _generator(recipe.seed, 0)
        self.model = init_model(recipe, device, init_generator).to(memory_format=layout).train()
        self.optimizer = make_optimizer(recipe, self.model, device)
        self.shuffle = LectureShuffle(init_generator)
        self.flip_gen = _generator(recipe.seed, 2)
        self.count = len(self.train.targets)
        self.batch = min(recipe.batch_size, self.count)
        self.full_steps = self.count // self.batch
        self.steps_per_epoch = math.ceil(self.count / self.batch)
        self.loss_sum = torch.zeros((), device=device)
        self.correct = torch.zeros((), dtype=torch.long, device=device)
        self.seen = 0
        self.history: list[dict] = []
        self.notices: list[Notice] = []
        self.diverged = False
        self.mode = "eager"
        self.graph = None
        self.eval_batch = 10_000 if device.type == "cuda" else 1000
        self.last_test_acc: float | None = None
        self.confusion = None
        self.steps_done = 0
        # Eager steps prepare this many batches at once and count loss and accuracy per chunk, not per step.
        self.chunk_steps = max(1, CHUNK_IMAGES // self.batch)
        self.pending: list[tuple[torch.Tensor, torch.Tensor, torch.Tensor]] = []  # (loss, logits, targets)

    # -- one step -------------------------------------------------------------------------------
    def _train_on(self, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """One optimiser step on a prepared batch; returns (mean loss, logits)."""
        # A CUDA graph needs .grad to stay the same tensors; on the CPU freeing them is a little faster.
        self.optimizer.zero_grad(set_to_none=self.device.type != "cuda")
        output = self.model(x)
        loss = F.cross_entropy(output, y)
        loss.backward()
        self.optimizer.step()
        return loss, output

    def _step(self, index: torch.Tensor, flip: torch.Tensor | None) -> None:
        """The step a CUDA graph captures: gather, prepare, train, and count on the device."""
        y = self.train.targets[index]
        loss, output = self._train_on(self.prepare(self.train.inputs[index], flip), y)
        self.loss_sum.add_(loss.detach() * index.shape[0])
        self.correct.add_((output.argmax(1) == y).sum())

    def _count_pending(self) -> None:
        """Adds the eager steps' losses and correct answers not counted yet (a few ops per chunk, not per step)."""
        if not self.pending:
            return
        losses, outputs, targets = zip(*self.pending, strict=True)
        sizes = torch.tensor([len(y) for y in targets], dtype=torch.float32, device=self.device)
        self.loss_sum.add_(torch.stack(losses).mul_(sizes).sum())
        self.correct.add_((torch.cat(outputs).argmax(1) == torch.cat(targets)).sum())
        self.pending.clear()

    def _try_capture(self) -> None:
        """Capture the full-batch step in a CUDA graph; on failure stay eager and note why."""
        params = {k: v.detach().clone() for k, v in self.model.state_dict().items()}
        self.static_index = torch.arange(self.batch, device=self.device)
        self.static_flip = torch.zeros(self.batch, dtype=torch.bool, device=self.device) if self.recipe.hflip else None
        try:
            side = torch.cuda.Stream(self.device)
            side.wait_stream(torch.cuda.current_stream(self.device))
            with torch.cuda.stream(side):
                for _ in range(WARMUP_STEPS):
                    self._step(self.static_index, self.static_flip)
            torch.cuda.current_stream(self.device).wait_stream(side)
            graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(graph):
                self._step(self.static_index, self.static_flip)
            self.graph, self.mode = graph, "cuda_graph"
        except Exception as error:  # any capture problem: the eager loop still trains correctly
            self.graph = None
            try:
                torch.cuda.synchronize(self.device)
            except Exception:  # a sticky CUDA error surfaces again, and clearly, at the first eager step
                pass
            self.notices.append(Notice("engine.notice.graph_failed", error=f"{type(error).__name__}: {error}"))
        # Warm-up trained on real batches: put the weights back and make the optimiser fresh again.
        # Zeroed SGD momentum buffers / Adam moments and step behave exactly like fresh state.
        with torch.no_grad():
            for key, value in self.model.state_dict().items():
                value.copy_(params[key])
            for state in self.optimizer.state.values():
                for value in state.values():
                    if torch.is_tensor(value):
                        value.zero_()
            self.model.zero_grad(set_to_none=False)
        self.loss_sum.zero_()
        self.correct.zero_()

    # -- loop -----------------------------------------------------------------------------------
    def _progress(self, epoch: int, step: int) -> Progress:
        elapsed = time.perf_counter() - self.start
        total = self.recipe.epochs * self.steps_per_epoch
        eta = elapsed / self.steps_done * (total - self.steps_done) if self.steps_done else None
        seen = max(1, self.seen)
        return Progress(
            epoch=epoch, epochs=self.recipe.epochs, step=step, steps_per_epoch=self.steps_per_epoch,
            train_loss=float(self.loss_sum) / seen if self.seen else None,
            train_acc=100.0 * float(self.correct) / seen if self.seen else None,
            test_acc=self.last_test_acc, elapsed_s=elapsed, eta_s=eta, history=tuple(self.history),
        )

    def _check_stop(self) -> None:
        if self.should_stop():
            raise TrainingCancelled(f"{self.recipe.name} cancelled")

    def fit(self) -> TrainResult:
        self._check_stop()
        if self.device.type == "cuda" and self.full_steps > 0 and self.cuda_graph:
            self._try_capture()
        for epoch in range(1, self.recipe.epochs + 1):
            try:
                self._epoch(epoch)
            except _Diverged:
                pass
            if not self._loss_finite():
                self._record(epoch)
                self.diverged = True
                self.notices.append(Notice("engine.notice.diverged", epoch=epoch))
                break
            if (epoch - 1) % self.recipe.history_every == 0 or epoch == self.recipe.epochs:
                self._record(epoch)
        return self._result()

    def _loss_finite(self) -> bool:
        self._count_pending()
        return bool(torch.isfinite(self.loss_sum))

    def _epoch(self, epoch: int) -> None:
        order = self.shuffle.epoch_order(self.count).to(self.device)
        flips = (torch.rand(self.count, generator=self.flip_gen) < 0.5).to(self.device) if self.recipe.hflip else None
        self.loss_sum.zero_()
        self.correct.zero_()
        self.pending.clear()
        self.seen = 0
        if self.graph is not None:
            self._graph_epoch(epoch, order, flips)
        else:
            self._eager_epoch(epoch, order, flips)

    def _graph_epoch(self, epoch: int, order: torch.Tensor, flips: torch.Tensor | None) -> None:
        batch = self.batch
        for step in range(self.steps_per_epoch):
            start = step * batch
            index = order[start:start + batch]
            flip = flips[start:start + batch] if flips is not None else None
            if step < self.full_steps:
                self.static_index.copy_(index)
                if flip is not None:
                    self.static_flip.copy_(flip)
                self.graph.replay()
            else:  # the last partial batch
                self._step(index, flip)
            self._stepped(epoch, step, index.shape[0])

    def _eager_epoch(self, epoch: int, order: torch.Tensor, flips: torch.Tensor | None) -> None:
        """Batches are gathered and prepared a chunk at a time (elementwise, so the values are the same)."""
        batch = self.batch
        for first in range(0, self.steps_per_epoch, self.chunk_steps):
            low, high = first * batch, min(self.count, (first + self.chunk_steps) * batch)
            index = order[low:high]
            inputs = self.prepare(self.train.inputs[index], flips[low:high] if flips is not None else None)
            targets = self.train.targets[index]
            for start in range(0, high - low, batch):
                x, y = inputs[start:start + batch], targets[start:start + batch]
                loss, output = self._train_on(x, y)
                self.pending.append((loss.detach(), output.detach(), y))
                self._stepped(epoch, first + start // batch, len(y))
            self._count_pending()

    def _stepped(self, epoch: int, step: int, size: int) -> None:
        self.seen += size
        self.steps_done += 1
        self._check_stop()
        if self.steps_done % self.progress_every == 0:
            if not self._loss_finite():  # read here anyway (the progress report syncs on it)
                raise _Diverged
            self.on_progress(self._progress(epoch - 1, step + 1))

    def _record(self, epoch: int) -> None:
        self.shuffle.test_pass()
        seen = max(1, self.seen)
        test_loss, test_acc, self.confusion = evaluate(self.model, self.test, self.prepare,
                                                       self.eval_batch)
        self.last_test_acc = test_acc
        self.history.append({
            "epoch": epoch,
            "train_loss": float(self.loss_sum) / seen,
            "train_acc": 100.0 * float(self.correct) / seen,
            "test_loss": test_loss,
            "test_acc": test_acc,
            "elapsed_s": time.perf_counter() - self.start,
        })
        self.on_progress(self._progress(epoch, 0))

    def _result(self) -> TrainResult:
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)
        last = self.history[-1]
        confusion = self.confusion
        totals = confusion.sum(1).clamp(min=1)
        per_class = (100.0 * confusion.diagonal().double() / totals.double()).tolist()
        return TrainResult(
            recipe=self.recipe, history=list(self.history), test_acc=last["test_acc"], test_loss=last["test_loss"],
            train_loss=last["train_loss"], train_acc=last["train_acc"], per_class_acc=per_class,
            confusion=confusion.tolist(), classes=self.test.classes, device=self.device.type,
            device_name=device_name(self.device), wall_s=time.perf_counter() - self.start,
            state_dict={k: v.detach().to("cpu").clone(memory_format=torch.contiguous_format)  # safetensors: dense
                        for k, v in self.model.state_dict().items()},
            mode=self.mode, notices=list(self.notices), diverged=self.diverged,
        )


def use_cpu_threads() -> None:
    threads = cpu_threads()
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


def train(recipe: Recipe, device: torch.device | str | None = None,
          on_progress: Callable[[Progress], None] | None = None,
          should_stop: Callable[[], bool] | None = None,
          progress_every: int = 100, datasets=None, cuda_graph: bool = True) -> TrainResult:
    """Train `recipe` on `device` (default: explainer.training.device.default_device()) and return the result.

    `cuda_graph=False` keeps a CUDA run eager (the bench's --check compares both paths).

    Raises TrainingCancelled when `should_stop()` turns True, explainer.data.datasets.DatasetUnavailable when
    the data is missing, torch.cuda.OutOfMemoryError when the GPU is full (callers may retry on the CPU).
    """
    device = torch.device(device) if device is not None else default_device()
    if device.type == "cuda" and device.index is None:
        device = torch.device("cuda", torch.cuda.current_device())
    train_split, test_split = load_splits(recipe, datasets)
    if device.type == "cpu":
        use_cpu_threads()
    rng_devices = [device.index] if device.type == "cuda" else []
    with torch.random.fork_rng(devices=rng_devices):
        # Dropout draws from the global generators; fork_rng gives them back untouched afterwards.
        torch.random.default_generator.manual_seed(recipe.seed)
        if device.type == "cuda":
            # cuDNN may otherwise pick convolution algorithms whose gradients vary from run to run.
            torch.backends.cudnn.deterministic = True
            torch.backends.cudnn.benchmark = False
            with torch.cuda.device(device):
                torch.cuda.manual_seed(recipe.seed)
                return _Run(recipe, device, train_split, test_split, on_progress, should_stop, progress_every,
                    cuda_graph).fit()
        return _Run(recipe, device, train_split, test_split, on_progress, should_stop, progress_every,
                    cuda_graph).fit()
