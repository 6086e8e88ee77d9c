"""Training jobs in background threads, shared by every session of the app process.

    manager = JobManager(ResultStore())       # the app keeps one: explainer.ui.job_manager()
    job = manager.submit(recipe, owner=sid)   # same config (hash) -> the same Job, never a second training
    job.state                                 # JobState: QUEUED, RUNNING, DONE, FAILED, CANCELLED (str values)
    job.progress, job.history                 # latest trainer.Progress, per-epoch dicts so far
    job.result                                # store.StoredResult once done
    manager.cancel(job.config_hash, owner=sid)  # only the session that started it (or owner=None: the server)

A job is keyed by `recipe.config_hash(recipe, device)`. `submit` returns, in this order: the job already
queued, running or done for that hash in this process; a done job built from a valid stored result
(no training); or a new queued job. Failed and cancelled jobs are replaced by a new one on the next
submit. Each device type ("cpu", "cuda") has its own queue, worked by `max_jobs_per_device` daemon threads
(default 1) with owners taking turns (each owner's runs in submission order; see `queue_position`), so
Streamlit reruns and page switches never touch a running job. A finished run is written to the store
before its state becomes "done".
When CUDA runs out of memory the job trains again on the CPU and says so in `job.notices`.
Notices are `explainer.i18n.notices.Notice`s (a catalogue key and its values; as a str, the English text);
`notice_text(notice, lang)` or `notice.text(lang)` gives one in the app's language.

Who may stop a run: the session (`owner`) that started it; another session asking for the same run joins
it and cannot stop it; `owner=None` (the server, the command lines, a lecturer's tools) may stop any.
Leaving a page or closing a session stops nothing: a run finishes and is stored for whoever comes back.
A fair queue for a class: an owner may have at most `max_jobs_per_owner` runs queued or running
(EXPLAINER_MAX_JOBS_PER_SESSION, default 3: one running and two waiting), and no owner may start a run
estimated to take longer than `max_run_minutes` on its device (EXPLAINER_MAX_RUN_MINUTES, default 30).
Both refusals raise `SubmitRefused` (a catalogue key and values for the page); joining a run that
exists and showing a stored one are never refused, and `owner=None` is never limited.
Watching a job without polling: `manager.watch(hash, watcher_id, callback)` calls `callback(job)` (on the
job's worker thread; it must return quickly) whenever the job changes state, its place in the queue changes, or
at most every `notify_every` seconds (default 1) while it reports progress. A callback that returns False or
raises is forgotten (its session is gone); `forget_watchers(alive)` drops those of ended sessions at once.
A failed job keeps its error message (`job.error`) and exception (`job.exception`, e.g.
explainer.data.datasets.DatasetUnavailable, for `explainer.data.datasets.unavailable_message`).
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from enum import StrEnum

import torch

from explainer.i18n.notices import CatalogueError, Notice
from explainer.i18n.notices import notice_text as notice_text
from explainer.training.estimate import estimate_seconds
from explainer.training.recipes import Recipe, config_hash
from explainer.training.runs import train_recipe
from explainer.training.store import ResultStore, StoredResult, in_memory
from explainer.training.trainer import Progress, TrainingCancelled

log = logging.getLogger(__name__)



class JobState(StrEnum):  # a str: job.state == "done" holds as it did when states were plain strings
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


STATES = tuple(JobState)
FINISHED = (JobState.DONE, JobState.FAILED, JobState.CANCELLED)
UNFINISHED = (JobState.QUEUED, JobState.RUNNING)
DEFAULT_MAX_JOBS_PER_OWNER = 3  # one running and two waiting
DEFAULT_NOTIFY_SECONDS = 1.0  # progress reaches watchers at most this often (state changes at once)
DEFAULT_MAX_RUN_MINUTES = 30.0  # a class period's share of a CPU server; a GPU trains every preset well within it
# Training images per dataset when the data is not loaded yet (the official sizes).
NOMINAL_TRAIN_COUNT = {"mnist": 60_000, "fashion_mnist": 60_000, "cifar10": 50_000}


def notice(key: str, **values) -> Notice:
    """A notice to record (its str is the English text, for logs, the store and the command lines)."""
    return Notice(key, **values)


class SubmitRefused(CatalogueError):
    """A run the manager would not start; `key` and `values` say why in the catalogue (`message(lang)`)."""


def _env_number(name: str, default: float, kind=float):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        log.warning("ignoring %s=%r: not a number", name, raw)
        return default
    return value if value > 0 else default


class Job:
    """One training run; every attribute is safe to read from any thread (copies are returned)."""

    def __init__(self, config_hash_: str, recipe: Recipe, device: str, owner: str | None = None) -> None:
        self.config_hash = config_hash_
        self.recipe = recipe
        self.device = device  # the device type asked for; `trained_on` says where it really ran
        self.owner = owner  # the session that started it (None: the server, a command line, a stored run)
        self.submitted_at = time.time()
        self._lock = threading.Lock()
        self._finished = threading.Event()
        self._cancel_requested = threading.Event()
        self._state = JobState.QUEUED
        self._progress: Progress | None = None
        self._error: str | None = None
        self._exception: BaseException | None = None
        self._result: StoredResult | None = None
        self._notices: list[Notice] = []
        self._trained_on: str | None = None
        self.started_at: float | None = None
        self.finished_at: float | None = None
        # Set by the manager: called (outside the lock) after every change, with whether the state changed.
        self._on_change: Callable[[Job, bool], None] = lambda job, state_changed: None

    def __repr__(self) -> str:
        return f"Job({self.recipe.name}, {self.config_hash}, {self.device}, {self.state})"

    # -- reading --------------------------------------------------------------------------------
    @property
    def state(self) -> JobState:
        with self._lock:
            return self._state

    @property
    def progress(self) -> Progress | None:
        with self._lock:
            return self._progress

    @property
    def history(self) -> list[dict]:
        with self._lock:
            if self._result is not None:
                return [dict(row) for row in self._result.history]
            return [dict(row) for row in self._progress.history] if self._progress else []

    @property
    def error(self) -> str | None:
        with self._lock:
            return self._error

    @property
    def exception(self) -> BaseException | None:
        with self._lock:
            return self._exception

    @property
    def result(self) -> StoredResult | None:
        with self._lock:
            return self._result

    @property
    def notices(self) -> list[Notice]:
        with self._lock:
            return list(self._notices)

    @property
    def trained_on(self) -> str | None:
        with self._lock:
            return self._trained_on

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel_requested.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job is done, failed or cancelled; False on timeout. Not for the script thread."""
        return self._finished.wait(timeout)

    def cancel(self) -> None:
        """Stop the job: a queued job never starts, a running one stops at its next step."""
        self._cancel_requested.set()
        with self._lock:
            stopped = self._state == JobState.QUEUED
            if stopped:
                self._set_finished(JobState.CANCELLED)
        if stopped:
            self._on_change(self, True)

    # -- updates from the manager's worker ------------------------------------------------------
    def _set_finished(self, state: JobState) -> None:  # caller holds the lock
        self._state = state
        self.finished_at = time.time()
        self._finished.set()

    def _start(self, device: str) -> bool:
        with self._lock:
            if self._state != JobState.QUEUED:
                return False
            self._state, self._trained_on, self.started_at = JobState.RUNNING, device, time.time()
        self._on_change(self, True)
        return True

    def _note(self, recorded: Notice) -> None:
        with self._lock:
            self._notices.append(recorded)

    def _retarget(self, device: str) -> None:
        with self._lock:
            self._trained_on = device
            self._progress = None

    def _update(self, progress: Progress) -> None:
        with self._lock:
            self._progress = progress
        self._on_change(self, False)

    def _done(self, result: StoredResult) -> None:
        with self._lock:
            self._result = result
            self._notices.extend(n for n in result.notices if n not in self._notices)
            self._set_finished(JobState.DONE)
        self._on_change(self, True)

    def _fail(self, error: BaseException) -> None:
        with self._lock:
            self._exception = error
            self._error = str(error) or type(error).__name__
            self._set_finished(JobState.FAILED)
        self._on_change(self, True)

    def _cancelled(self) -> None:
        with self._lock:
            self._set_finished(JobState.CANCELLED)
        self._on_change(self, True)

    @classmethod
    def from_stored(cls, stored: StoredResult) -> Job:
        job = cls(stored.config_hash, stored.recipe, stored.device)
        job._result = stored
        job._trained_on = stored.metrics.get("device", stored.device)
        job._notices = list(stored.notices)
        job._set_finished(JobState.DONE)
        return job


def executor_from_env(store: ResultStore, progress_every: int = 100):
    """EXPLAINER_EXECUTOR=ray: a RayExecutor on EXPLAINER_RAY_ADDRESS (auto, host:port or local); else None,
    the in-process threads (what `make run` uses, nothing else to start)."""
    choice = os.environ.get("EXPLAINER_EXECUTOR", "threads").strip().lower()
    if choice in ("", "threads", "thread", "local"):
        return None
    if choice != "ray":
        raise ValueError(f"EXPLAINER_EXECUTOR={choice!r}: use 'threads' (the default) or 'ray'")
    from explainer.training.ray_executor import RayExecutor

    return RayExecutor(store, progress_every, os.environ.get("EXPLAINER_RAY_ADDRESS"))


def train_count(recipe: Recipe) -> int:
    """Training images the recipe's dataset holds: the loaded dataset's size, else the official size."""
    if recipe.is_xor:
        return 4
    from explainer.data import datasets as data

    try:
        return len(data.load_dataset(recipe.dataset, "train"))
    except Exception:  # no data: the job itself fails with the data message, the estimate needs a size
        return NOMINAL_TRAIN_COUNT.get(recipe.dataset, 60_000)


class JobManager:
    """Process-wide registry and queues of training jobs (thread-safe, no Streamlit)."""

    def __init__(self, store: ResultStore | None = None, max_jobs_per_device: int = 1,
                 train_fn: Callable[..., object] | None = None, progress_every: int = 100,
                 max_jobs_per_owner: int | None = None, max_run_minutes: float | None = None,
                 train_count_fn: Callable[[Recipe], int] | None = None,
                 notify_every: float = DEFAULT_NOTIFY_SECONDS, executor=None) -> None:
        self.store = store if store is not None else ResultStore()
        # None: the in-process threads below; else a ray_executor.RayExecutor (EXPLAINER_EXECUTOR=ray).
        self._executor = executor if executor is not None else executor_from_env(self.store, progress_every)
        self.max_jobs_per_device = max(1, int(max_jobs_per_device))
        self.progress_every = progress_every
        self.max_jobs_per_owner = int(max_jobs_per_owner if max_jobs_per_owner is not None else _env_number(
            "EXPLAINER_MAX_JOBS_PER_SESSION", DEFAULT_MAX_JOBS_PER_OWNER, int))
        self.max_run_minutes = float(max_run_minutes if max_run_minutes is not None else _env_number(
            "EXPLAINER_MAX_RUN_MINUTES", DEFAULT_MAX_RUN_MINUTES))
        self._train = train_fn or train_recipe
        self._train_count = train_count_fn or train_count
        self._jobs: dict[str, Job] = {}
        self._pending: dict[str, deque[Job]] = {}
        self._last_start: dict[str | None, int] = {}  # owner -> when its last run started (a counter)
        self._started = 0
        self._workers: dict[str, list[threading.Thread]] = {}
        self._lock = threading.Condition()
        self.notify_every = float(notify_every)
        self._watchers: dict[str, dict[str, Callable[[Job], object]]] = {}  # hash -> watcher id -> callback
        self._last_notified: dict[str, float] = {}  # hash -> monotonic time of its last progress notice
        self._watch_lock = threading.Lock()

    @staticmethod
    def resolve_device(device: str | torch.device | None) -> str:
        if device is None:
            from explainer.training.device import default_device

            return default_device().type
        device_type = torch.device(device).type
        if device_type == "cuda" and not torch.cuda.is_available():
            raise ValueError("CUDA was requested but no GPU is available")
        return device_type

    def key(self, recipe: Recipe, device: str | torch.device | None = None) -> str:
        return config_hash(recipe, self.resolve_device(device))

    # -- public API -----------------------------------------------------------------------------
    def submit(self, recipe: Recipe, device: str | torch.device | None = None, owner: str | None = None) -> Job:
        """The job for this recipe on this device: existing, from the store, or newly queued for `owner`.

        Raises SubmitRefused when `owner` already has `max_jobs_per_owner` unfinished runs or the run is
        estimated to take more than `max_run_minutes`; never for a run that exists or is stored.
        """
        device_type = self.resolve_device(device)
        key = config_hash(recipe, device_type)
        joined = self._existing(key)
        if joined is not None:
            return joined
        if owner is not None:  # estimated outside the lock: it may read the store and the dataset's size
            self._check_duration(recipe, device_type)
        with self._lock:
            joined = self._existing(key)
            if joined is not None:
                return joined
            if owner is not None:
                self._check_owner_share(owner)
            job = self._new_job(key, recipe, device_type, owner)
            problem = self.store.problems.get(key)
            if problem:
                job._note(notice("engine.notice.stored_unusable", problem=problem))
            self._jobs[key] = job
            if self._executor is not None:
                self._executor.start(job)
                return job
            self._pending.setdefault(device_type, deque()).append(job)
            self._ensure_workers(device_type)
            self._lock.notify_all()
            return job

    def _new_job(self, key: str, recipe: Recipe, device_type: str, owner: str | None) -> Job:
        job = Job(key, recipe, device_type, owner)
        job._on_change = self._job_changed  # its watchers hear each change (see `watch`)
        return job

    def _existing(self, key: str) -> Job | None:
        """The live or done job for `key`, or a done one made from the store; None when it must be trained."""
        with self._lock:
            existing = self._jobs.get(key)
            if existing is not None and existing.state not in (JobState.FAILED, JobState.CANCELLED) \
                    and not existing.cancel_requested:
                return existing
            stored = self.store.get(key)
            if stored is not None:
                job = Job.from_stored(stored)
                self._jobs[key] = job
                return job
            return None

    def _check_owner_share(self, owner: str) -> None:  # caller holds the lock
        mine = [job for job in self._jobs.values()
                if job.owner == owner and job.state in UNFINISHED and not job.cancel_requested]
        if len(mine) >= self.max_jobs_per_owner:
            raise SubmitRefused("engine.refused.too_many", count=len(mine), limit=self.max_jobs_per_owner)

    def estimate_seconds(self, recipe: Recipe, device: str | torch.device | None = None) -> float:
        """How long `recipe` should take here: this device's stored runs, else the built-in rates."""
        device_type = self.resolve_device(device)
        return estimate_seconds(recipe, self._train_count(recipe), device_type, self.store.list())

    def _check_duration(self, recipe: Recipe, device_type: str) -> None:
        minutes = self.estimate_seconds(recipe, device_type) / 60
        if minutes > self.max_run_minutes:
            limit = self.max_run_minutes
            raise SubmitRefused("engine.refused.too_long", minutes=math.ceil(minutes), device=device_type.upper(),
                                limit=int(limit) if float(limit).is_integer() else limit)

    def get(self, config_hash_: str) -> Job | None:
        """The job with this hash in this process, else a done job from the store, else None."""
        with self._lock:
            job = self._jobs.get(config_hash_)
            if job is not None:
                return job
            stored = self.store.get(config_hash_)
            if stored is not None:
                job = Job.from_stored(stored)
            elif self._executor is not None:  # a run another server process started on the cluster
                job = self._executor.attach(config_hash_, self._new_job)
            if job is not None:
                self._jobs[config_hash_] = job
            return job

    def jobs(self) -> list[Job]:
        """Every job of this process, in submission order."""
        with self._lock:
            return sorted(self._jobs.values(), key=lambda job: job.submitted_at)

    def can_cancel(self, config_hash_: str, owner: str | None = None) -> bool:
        """Whether `owner` may stop this unfinished job: the session that started it, or owner=None (the server)."""
        with self._lock:
            job = self._jobs.get(config_hash_)
            return job is not None and not job.finished and (owner is None or job.owner == owner)

    def cancel(self, config_hash_: str, owner: str | None = None) -> bool:
        """Stop the job when `owner` may (see can_cancel); False when it may not or nothing is running."""
        with self._lock:
            if not self.can_cancel(config_hash_, owner):
                return False
            job = self._jobs[config_hash_]
            was_queued = job.state == JobState.QUEUED
            job.cancel()
            if self._executor is not None:
                self._executor.cancel(job, was_queued)
                return True
            pending = self._pending.get(job.device)
            if pending and job in pending:
                pending.remove(job)
            return True

    # -- watchers -------------------------------------------------------------------------------
    def watch(self, config_hash_: str, watcher_id: str, callback: Callable[[Job], object]) -> None:
        """Call `callback(job)` when the job with this hash changes (see the module docstring); one callback per
        `watcher_id` and job: watching again replaces it."""
        with self._watch_lock:
            self._watchers.setdefault(config_hash_, {})[watcher_id] = callback

    def unwatch(self, config_hash_: str, watcher_id: str) -> None:
        with self._watch_lock:
            watching = self._watchers.get(config_hash_, {})
            watching.pop(watcher_id, None)
            if not watching:
                self._watchers.pop(config_hash_, None)

    def watcher_count(self, config_hash_: str | None = None) -> int:
        with self._watch_lock:
            if config_hash_ is not None:
                return len(self._watchers.get(config_hash_, {}))
            return sum(len(watching) for watching in self._watchers.values())

    def forget_watchers(self, alive: Callable[[str], bool]) -> int:
        """Drop every watcher whose id `alive` rejects (e.g. of sessions that closed); how many were dropped."""
        with self._watch_lock:
            dropped = 0
            for config_hash_ in list(self._watchers):
                watching = self._watchers[config_hash_]
                for watcher_id in [w for w in watching if not alive(w)]:
                    del watching[watcher_id]
                    dropped += 1
                if not watching:
                    del self._watchers[config_hash_]
            return dropped

    def _job_changed(self, job: Job, state_changed: bool) -> None:
        """From the job's thread: tell its watchers; progress at most every `notify_every` seconds. A job that
        starts or stops also moves every job waiting behind it, so those are told too."""
        now = time.monotonic()
        with self._watch_lock:
            if not state_changed and now - self._last_notified.get(job.config_hash, -math.inf) < self.notify_every:
                return
            self._last_notified[job.config_hash] = now
            if job.finished:
                self._last_notified.pop(job.config_hash, None)
        self._notify(job)
        if state_changed:
            with self._lock:
                waiting = [other for other in self._pending.get(job.device, ()) if other is not job]
            for other in waiting:
                self._notify(other)

    def _notify(self, job: Job) -> None:
        with self._watch_lock:
            watching = list(self._watchers.get(job.config_hash, {}).items())
        gone = []
        for watcher_id, callback in watching:
            try:
                if callback(job) is False:
                    gone.append(watcher_id)
            except Exception:  # a watcher must never break training
                log.exception("job watcher %s failed", watcher_id)
                gone.append(watcher_id)
        for watcher_id in gone:
            self.unwatch(job.config_hash, watcher_id)

    def queue_position(self, job: Job) -> int | None:
        """1 for the next job to start on its device, None when the job is not waiting."""
        with self._lock:
            order = self._start_order(job.device)
        return order.index(job) + 1 if job in order else None

    def _start_order(self, device_type: str) -> list[Job]:  # caller holds the lock
        """The waiting jobs in the order they will start: owners take turns (the one whose run started
        longest ago goes first, an owner with none started before all), each owner's runs in submission
        order; runs without an owner take their turn as one more owner."""
        waiting = [job for job in self._pending.get(device_type, ()) if not job.finished]
        last_start = dict(self._last_start)
        order = []
        for turn in range(len(waiting)):
            chosen = min(waiting, key=lambda job: last_start.get(job.owner, -1))  # min keeps the earliest of ties
            waiting.remove(chosen)
            order.append(chosen)
            last_start[chosen.owner] = self._started + 1 + turn
        return order

    # -- workers --------------------------------------------------------------------------------
    def _ensure_workers(self, device_type: str) -> None:  # caller holds the lock
        workers = [w for w in self._workers.get(device_type, []) if w.is_alive()]
        while len(workers) < self.max_jobs_per_device:
            worker = threading.Thread(target=self._work, args=(device_type,), daemon=True,
                                      name=f"explainer-train-{device_type}-{len(workers)}")
            worker.start()
            workers.append(worker)
        self._workers[device_type] = workers

    def _work(self, device_type: str) -> None:
        while True:
            with self._lock:
                while not self._start_order(device_type):
                    self._pending.get(device_type, deque()).clear()  # only cancelled jobs were left
                    self._lock.wait()
                job = self._start_order(device_type)[0]
                self._pending[device_type].remove(job)
                self._started += 1
                self._last_start[job.owner] = self._started
            if job._start(device_type):
                try:
                    self._run(job)
                except BaseException as error:  # never let a worker die with a job left "running"
                    log.exception("training job %s crashed", job)
                    job._fail(error)

    def _run(self, job: Job) -> None:
        device = job.device
        while True:
            try:
                result = self._train(job.recipe, device, on_progress=job._update,
                                     should_stop=job._cancel_requested.is_set, progress_every=self.progress_every)
                break
            except TrainingCancelled:
                job._cancelled()
                return
            except torch.cuda.OutOfMemoryError:
                if device == "cpu":
                    raise
                job._note(notice("engine.notice.oom"))
                torch.cuda.empty_cache()
                device = "cpu"
                job._retarget(device)
            except Exception as error:
                log.info("training job %s failed: %s", job, error)
                job._fail(error)
                return
        for recorded in job.notices:
            if recorded not in result.notices:
                result.notices.append(recorded)
        try:
            stored = self.store.put(job.recipe, result, job.config_hash, device=job.device)
        except Exception as error:  # the run itself succeeded: keep it in memory and say why it is not on disk
            log.warning("could not store result %s: %s", job.config_hash, error)
            result.notices.append(notice("engine.notice.not_saved", error=f"{type(error).__name__}: {error}"))
            stored = in_memory(job.config_hash, job.recipe, job.device, result)
        job._done(stored)

