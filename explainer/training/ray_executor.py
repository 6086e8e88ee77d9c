"""Training jobs on a Ray cluster: one named actor per configuration, shared by every server process.

    EXPLAINER_EXECUTOR=ray EXPLAINER_RAY_ADDRESS=auto make run     # a server that trains on the cluster

Each configuration hash names one detached actor (`explainer-run-<hash>` in the namespace "explainer"). The
first server process to ask for a configuration creates it (`get_if_exists`), every other process, on this
machine or another, finds it by name: identical configurations train once across all servers. The actor asks
Ray for what the run needs (one GPU for CUDA runs, one CPU otherwise), so a worker with free resources starts
it, and runs wait in Ray's queue while none has. It trains with the same trainer as the threads and writes the
result atomically into the shared result store (a path every node sees, e.g. NFS, given by
EXPLAINER_CACHE_DIR), so a restart of everything keeps what finished.

Each server process mirrors the actor into its local `jobs.Job` (state, progress, owner), so pages, the job
API and the store are the same as with the in-process executor. A run that finished is read from the store;
an actor that died mid-run (its worker killed, its node lost) makes the job fail with a message, and the
next submit trains it again. Cancelling asks the actor to stop at its next step: every watcher sees it.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path

from explainer.i18n.notices import Notice

log = logging.getLogger(__name__)

NAMESPACE = "explainer"
ACTOR_PREFIX = "explainer-run-"
POLL_SECONDS = 0.5  # how often a server process reads a running actor's state
TRAINING_LOG = "ray-trainings.log"  # in the store's folder: one line per training that really started
ENDED_DIR = "ray-ended"  # in the store's folder: how a run that stored nothing ended (cancelled, failed)
# What a worker needs from the server's environment to find the same data and store.
FORWARDED_ENV = ("EXPLAINER_DATA_DIR", "EXPLAINER_CACHE_DIR", "EXPLAINER_TORCH_THREADS", "CUDA_VISIBLE_DEVICES")
ROOT = Path(__file__).resolve().parents[2]


class RemoteTrainingError(RuntimeError):
    """A run on the cluster failed; the message says why (the worker's error, or that the worker was lost)."""

    def __init__(self, notice_: Notice) -> None:
        super().__init__(notice_.text("en"))
        self.notice = notice_


def actor_name(config_hash_: str) -> str:
    return ACTOR_PREFIX + config_hash_


def ended_file(store_root, config_hash_: str) -> Path:
    return Path(store_root) / ENDED_DIR / f"{config_hash_}.json"


def connect(address: str | None = None) -> None:
    """Join the Ray cluster at `address` ("auto", "host:port", or "local" to start one in this process)."""
    import ray

    if ray.is_initialized():
        return
    address = address or os.environ.get("EXPLAINER_RAY_ADDRESS", "auto")
    env = {name: os.environ[name] for name in FORWARDED_ENV if name in os.environ}
    pythonpath = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    runtime_env = {"env_vars": {**env, "PYTHONPATH": pythonpath}}
    options = dict(namespace=NAMESPACE, runtime_env=runtime_env, log_to_driver=False, ignore_reinit_error=True)
    if address == "local":
        ray.init(include_dashboard=False, **options)
    else:
        ray.init(address=address, **options)


class _TrainingRun:
    """The actor body (made a Ray actor by `training_run_actor`): trains one recipe in a thread."""

    def __init__(self, recipe, device: str, config_hash_: str, store_root: str, owner: str | None,
                 progress_every: int) -> None:
        self.recipe, self.device, self.key, self.owner = recipe, device, config_hash_, owner
        self.store_root, self.progress_every = store_root, progress_every
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._state, self._progress, self._error = "running", None, None
        self._started_at = time.time()
        ended_file(store_root, config_hash_).unlink(missing_ok=True)  # a new run: forget how the last one ended
        threading.Thread(target=self._train, daemon=True).start()

    def _train(self) -> None:
        from explainer.training.runs import train_recipe
        from explainer.training.store import ResultStore
        from explainer.training.trainer import TrainingCancelled

        store = ResultStore(self.store_root)
        try:
            if store.get(self.key) is None:  # a run another actor finished just before this one was created
                self._log_training()
                result = train_recipe(self.recipe, self.device, on_progress=self._on_progress,
                               should_stop=self._stop.is_set, progress_every=self.progress_every)
                store.put(self.recipe, result, self.key, device=self.device)
            self._finish("done")
        except TrainingCancelled:
            self._finish("cancelled")
        except Exception as error:  # noqa: BLE001 - reported to every watcher, never lost in a worker log
            log.exception("ray training run %s failed", self.key)
            self._finish("failed", f"{type(error).__name__}: {error}")

    def _log_training(self) -> None:
        line = f"{time.time():.3f} {self.key} pid={os.getpid()} owner={self.owner}\n"
        Path(self.store_root).mkdir(parents=True, exist_ok=True)
        with open(Path(self.store_root) / TRAINING_LOG, "a") as log_file:
            log_file.write(line)

    def _on_progress(self, progress) -> None:
        with self._lock:
            self._progress = progress

    def _finish(self, state: str, error: str | None = None) -> None:
        if state != "done":  # kept for watchers that find the actor already gone (the first watcher removes it)
            from explainer.training.store import atomic_write

            ended = ended_file(self.store_root, self.key)
            ended.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(ended, json.dumps({"state": state, "error": error}).encode())
        with self._lock:
            self._state, self._error = state, error

    def status(self) -> dict:
        with self._lock:
            return {"state": self._state, "progress": self._progress, "error": self._error, "owner": self.owner,
                    "recipe": self.recipe, "device": self.device, "started_at": self._started_at,
                    "node": os.uname().nodename, "pid": os.getpid()}

    def cancel(self) -> None:
        self._stop.set()


_ACTOR_CLASS = None


def training_run_actor():
    """The Ray actor class (built on first use, so that importing this module does not import Ray)."""
    global _ACTOR_CLASS
    if _ACTOR_CLASS is None:
        import ray

        _ACTOR_CLASS = ray.remote(max_concurrency=4)(_TrainingRun)
    return _ACTOR_CLASS


class RayExecutor:
    """Runs a manager's jobs as named Ray actors and mirrors their state into the local `Job`s."""

    def __init__(self, store, progress_every: int = 100, address: str | None = None) -> None:
        connect(address)
        self.store = store
        self.progress_every = progress_every

    # -- what the job manager calls -------------------------------------------------------------------
    def start(self, job) -> None:
        """Create (or join) the configuration's actor and follow it in a background thread."""
        resources = {"num_gpus": 1, "num_cpus": 1} if job.device == "cuda" else {"num_cpus": 1}
        actor = training_run_actor().options(name=actor_name(job.config_hash), get_if_exists=True,
                                             lifetime="detached", max_restarts=0, **resources).remote(
            job.recipe, job.device, job.config_hash, str(self.store.root), job.owner, self.progress_every)
        self._follow(job, actor)

    def attach(self, config_hash_: str, make_job):
        """A local job following the configuration's actor when one exists on the cluster, else None."""
        import ray

        try:
            actor = ray.get_actor(actor_name(config_hash_), namespace=NAMESPACE)
            status = ray.get(actor.status.remote(), timeout=5)
        except Exception:  # noqa: BLE001 - no such actor, or it is gone: nothing to follow
            return None
        job = make_job(config_hash_, status["recipe"], status["device"], status["owner"])
        self._follow(job, actor)
        return job

    def cancel(self, job, was_queued: bool) -> None:
        """A running actor stops at its next step (every watcher sees "cancelled"); one still waiting for a
        worker is removed before it takes one."""
        import ray

        try:
            actor = ray.get_actor(actor_name(job.config_hash), namespace=NAMESPACE)
            if was_queued:
                ray.kill(actor, no_restart=True)
            else:
                actor.cancel.remote()
        except Exception:  # noqa: BLE001 - the actor is already gone: the follower reports how it ended
            pass

    # -- following an actor ---------------------------------------------------------------------------
    def _follow(self, job, actor) -> None:
        threading.Thread(target=self._mirror, args=(job, actor), daemon=True,
                         name=f"explainer-ray-{job.config_hash[:8]}").start()

    def _mirror(self, job, actor) -> None:
        import ray

        pending = actor.status.remote()
        while not job.finished:
            ready, _ = ray.wait([pending], timeout=POLL_SECONDS)
            if not ready:
                continue  # the actor waits for a worker with free resources: the job stays queued
            try:
                status = ray.get(pending)
            except Exception:  # noqa: BLE001 - RayActorError and friends: the actor died or was killed
                self._ended_without_status(job)
                return
            self._apply(job, status)
            if status["state"] != "running":
                ray.kill(actor, no_restart=True)  # frees the worker; late followers read the store
                return
            time.sleep(POLL_SECONDS)
            pending = actor.status.remote()

    def _apply(self, job, status: dict) -> None:
        from explainer.training.jobs import notice

        job.owner = status["owner"]  # the session that started the run, whichever server it is on
        if job.state == "queued":
            job._start(job.device)
        if status["progress"] is not None:
            job._update(status["progress"])
        if status["state"] == "done":
            self._finish_from_store(job) or job._fail(RemoteTrainingError(notice("engine.ray.not_stored")))
        elif status["state"] == "cancelled":
            job._cancelled()
        elif status["state"] == "failed":
            job._fail(RemoteTrainingError(notice("engine.ray.failed", error=status["error"])))

    def _finish_from_store(self, job) -> bool:
        stored = self.store.get(job.config_hash)
        if stored is None:
            return False
        job._done(stored)
        return True

    def _ended_without_status(self, job) -> None:
        from explainer.training.jobs import notice

        if self._finish_from_store(job):
            return
        try:
            ended = json.loads(ended_file(self.store.root, job.config_hash).read_text())
        except (OSError, ValueError):
            ended = None
        if ended is not None:
            self._apply(job, {"owner": job.owner, "progress": None, **ended})
            return
        if job.cancel_requested:
            job._cancelled()
            return
        job._fail(RemoteTrainingError(notice("engine.ray.worker_lost")))
