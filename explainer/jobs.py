"""Training jobs in background threads, shared by every session of the app process.

    manager = JobManager(ResultStore())       # the app keeps one: explainer.ui.job_manager()
    job = manager.submit(recipe)              # same config (hash) -> the same Job, never a second training
    job.state                                 # "queued" | "running" | "done" | "failed" | "cancelled"
    job.progress, job.history                 # latest trainer.Progress, per-epoch dicts so far
    job.result                                # store.StoredResult once done
    job.cancel()                              # the only thing that stops a job

A job is keyed by `recipe.config_hash(recipe, device)`. `submit` returns, in this order: the job already
queued, running or done for that hash in this process; a done job built from a valid stored result
(no training); or a new queued job. Failed and cancelled jobs are replaced by a new one on the next
submit. Each device type ("cpu", "cuda") has its own queue, worked in submission order by
`max_jobs_per_device` daemon threads (default 1), so Streamlit reruns and page switches never touch
a running job. A finished run is written to the store before its state becomes "done".
When CUDA runs out of memory the job trains again on the CPU and says so in `job.notices`.
Notices are English sentences from the catalogue (also in logs, the store and the CLIs);
`notice_text(notice, lang)` gives one in the app's language.
A failed job keeps its error message (`job.error`) and exception (`job.exception`, e.g.
explainer.data.DatasetUnavailable, for `explainer.data.unavailable_message`).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable

import torch

from explainer.i18n import t
from explainer.recipes import Recipe, config_hash
from explainer.store import ResultStore, StoredResult, in_memory
from explainer.trainer import Progress, TrainingCancelled
from explainer.trainer import train as train_recipe

log = logging.getLogger(__name__)

STATES = ("queued", "running", "done", "failed", "cancelled")
NOTICE_KEYS = ("engine.notice.oom", "engine.notice.stored_unusable", "engine.notice.not_saved",
               "engine.notice.graph_failed")
FINISHED = ("done", "failed", "cancelled")


def notice(key: str, **values) -> str:
    """The English text of a notice (what jobs, the store and the command lines record)."""
    return t(key, "en", **values)


# Each notice's English text as a regex whose groups are its {placeholders}: recorded notices are English.
_NOTICE_PATTERNS = {key: re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.*)", re.escape(t(key, "en"))), re.DOTALL)
                    for key in NOTICE_KEYS}


def notice_text(recorded: str, lang: str) -> str:
    """A recorded notice in `lang`: matched against the English catalogue texts, else returned as it is."""
    for key, pattern in _NOTICE_PATTERNS.items():
        match = pattern.fullmatch(recorded)
        if match:
            return t(key, lang, **match.groupdict())
    return recorded


class Job:
    """One training run; every attribute is safe to read from any thread (copies are returned)."""

    def __init__(self, config_hash_: str, recipe: Recipe, device: str) -> None:
        self.config_hash = config_hash_
        self.recipe = recipe
        self.device = device  # the device type asked for; `trained_on` says where it really ran
        self.submitted_at = time.time()
        self._lock = threading.Lock()
        self._finished = threading.Event()
        self._cancel_requested = threading.Event()
        self._state = "queued"
        self._progress: Progress | None = None
        self._error: str | None = None
        self._exception: BaseException | None = None
        self._result: StoredResult | None = None
        self._notices: list[str] = []
        self._trained_on: str | None = None
        self.started_at: float | None = None
        self.finished_at: float | None = None

    def __repr__(self) -> str:
        return f"Job({self.recipe.name}, {self.config_hash}, {self.device}, {self.state})"

    # -- reading --------------------------------------------------------------------------------
    @property
    def state(self) -> str:
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
    def notices(self) -> list[str]:
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
            if self._state == "queued":
                self._set_finished("cancelled")

    # -- updates from the manager's worker ------------------------------------------------------
    def _set_finished(self, state: str) -> None:  # caller holds the lock
        self._state = state
        self.finished_at = time.time()
        self._finished.set()

    def _start(self, device: str) -> bool:
        with self._lock:
            if self._state != "queued":
                return False
            self._state, self._trained_on, self.started_at = "running", device, time.time()
            return True

    def _note(self, text: str) -> None:
        with self._lock:
            self._notices.append(text)

    def _retarget(self, device: str) -> None:
        with self._lock:
            self._trained_on = device
            self._progress = None

    def _update(self, progress: Progress) -> None:
        with self._lock:
            self._progress = progress

    def _done(self, result: StoredResult) -> None:
        with self._lock:
            self._result = result
            self._notices.extend(n for n in result.notices if n not in self._notices)
            self._set_finished("done")

    def _fail(self, error: BaseException) -> None:
        with self._lock:
            self._exception = error
            self._error = str(error) or type(error).__name__
            self._set_finished("failed")

    def _cancelled(self) -> None:
        with self._lock:
            self._set_finished("cancelled")

    @classmethod
    def from_stored(cls, stored: StoredResult) -> Job:
        job = cls(stored.config_hash, stored.recipe, stored.device)
        job._result = stored
        job._trained_on = stored.metrics.get("device", stored.device)
        job._notices = list(stored.notices)
        job._set_finished("done")
        return job


class JobManager:
    """Process-wide registry and queues of training jobs (thread-safe, no Streamlit)."""

    def __init__(self, store: ResultStore | None = None, max_jobs_per_device: int = 1,
                 train_fn: Callable[..., object] | None = None, progress_every: int = 100) -> None:
        self.store = store if store is not None else ResultStore()
        self.max_jobs_per_device = max(1, int(max_jobs_per_device))
        self.progress_every = progress_every
        self._train = train_fn or train_recipe
        self._jobs: dict[str, Job] = {}
        self._pending: dict[str, deque[Job]] = {}
        self._workers: dict[str, list[threading.Thread]] = {}
        self._lock = threading.Condition()

    @staticmethod
    def resolve_device(device: str | torch.device | None) -> str:
        if device is None:
            from explainer.device import default_device

            return default_device().type
        device_type = torch.device(device).type
        if device_type == "cuda" and not torch.cuda.is_available():
            raise ValueError("CUDA was requested but no GPU is available")
        return device_type

    def key(self, recipe: Recipe, device: str | torch.device | None = None) -> str:
        return config_hash(recipe, self.resolve_device(device))

    # -- public API -----------------------------------------------------------------------------
    def submit(self, recipe: Recipe, device: str | torch.device | None = None) -> Job:
        """The job for this recipe on this device: existing, from the store, or newly queued."""
        device_type = self.resolve_device(device)
        key = config_hash(recipe, device_type)
        with self._lock:
            existing = self._jobs.get(key)
            if existing is not None and existing.state not in ("failed", "cancelled") \
                    and not existing.cancel_requested:
                return existing
            stored = self.store.get(key)
            if stored is not None:
                job = Job.from_stored(stored)
                self._jobs[key] = job
                return job
            job = Job(key, recipe, device_type)
            problem = self.store.problems.get(key)
            if problem:
                job._note(notice("engine.notice.stored_unusable", problem=problem))
            self._jobs[key] = job
            self._pending.setdefault(device_type, deque()).append(job)
            self._ensure_workers(device_type)
            self._lock.notify_all()
            return job

    def get(self, config_hash_: str) -> Job | None:
        """The job with this hash in this process, else a done job from the store, else None."""
        with self._lock:
            job = self._jobs.get(config_hash_)
            if job is not None:
                return job
            stored = self.store.get(config_hash_)
            if stored is None:
                return None
            job = Job.from_stored(stored)
            self._jobs[config_hash_] = job
            return job

    def jobs(self) -> list[Job]:
        """Every job of this process, in submission order."""
        with self._lock:
            return sorted(self._jobs.values(), key=lambda job: job.submitted_at)

    def cancel(self, config_hash_: str) -> bool:
        with self._lock:
            job = self._jobs.get(config_hash_)
            if job is None or job.finished:
                return False
            job.cancel()
            pending = self._pending.get(job.device)
            if pending and job in pending:
                pending.remove(job)
            return True

    def queue_position(self, job: Job) -> int | None:
        """1 for the next job to start on its device, None when the job is not waiting."""
        with self._lock:
            pending = list(self._pending.get(job.device, ()))
        pending = [waiting for waiting in pending if not waiting.finished]
        return pending.index(job) + 1 if job in pending else None

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
                while not self._pending.get(device_type):
                    self._lock.wait()
                job = self._pending[device_type].popleft()
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

