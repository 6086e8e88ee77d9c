"""Finished training runs on disk, one folder per config hash, safe against crashes and corruption.

    store = ResultStore()                      # EXPLAINER_CACHE_DIR, else ~/.cache/nn-cnn-explainer
    stored = store.put(recipe, train_result, config_hash(recipe, "cpu"))
    store.get(stored.config_hash)              # StoredResult, or None (missing, partial, corrupt, not a hash)
    store.model_or_notice(stored.config_hash)  # (nn.Module in eval mode, None) or (None, Notice): for the pages
    store.load_model(stored.config_hash)       # nn.Module in eval mode, else KeyError (command lines, tests)
    store.list()                               # every valid entry, newest first

Layout: <root>/results/<hash>/{config.json, history.json, metrics.json, weights.safetensors, manifest.json}.
An entry is written whole into a hidden staging folder beside it (the manifest, which holds each file's size
and sha256, last) and renamed into place in one step: a reader in another process or another ResultStore never
sees an entry being written (it once set such an entry aside as "no manifest" while its run was being stored).
A crash mid-write leaves only a staging folder, removed by a later `put` once older than STAGING_MAX_AGE_S.
An entry whose manifest is missing, unreadable or does not match its files (a truncated or garbled file, an
entry written by something else) counts as missing: it is
moved to <root>/results/.broken/, logged, and remembered in `problems` so the caller can say why it
trains again. It never raises out of `get`, `list` or `model_or_notice`. Weights whose names, shapes or
dtypes do not fit the recipe's model (another model's weights under a matching manifest) count as corrupt
too. `.broken/` keeps the newest BROKEN_KEEP entries within BROKEN_MAX_BYTES; older ones are deleted.
A run whose loss, metrics or weights are NaN or infinite is kept but flagged: `stored.diverged`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load as load_safetensors
from safetensors.torch import save as save_safetensors
from torch import nn

from explainer.i18n.notices import Notice
from explainer.training.recipes import CODE_VERSION, Recipe, config_hash

log = logging.getLogger(__name__)

APP_CACHE_NAME = "nn-cnn-explainer"
FILES = ("config.json", "history.json", "metrics.json", "weights.safetensors")
MANIFEST = "manifest.json"
BROKEN = ".broken"
BROKEN_KEEP = 20  # entries set aside, newest kept for a look; older ones are deleted
BROKEN_MAX_BYTES = 256 * 2**20
STAGING = ".staging-"  # <hash>-<pid>-<random>: an entry being written, or left by a crash
STAGING_MAX_AGE_S = 15 * 60  # writing an entry takes seconds: older staging folders are a crash's leftovers
MODELS_KEEP = 8  # trained models kept loaded (shared by every session)
FINITE_METRICS = ("test_acc", "test_loss", "train_loss", "train_acc")


def default_root() -> Path:
    configured = os.environ.get("EXPLAINER_CACHE_DIR", "").strip()
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / APP_CACHE_NAME


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the whole new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, allow_nan=True).encode()


def _readable_dir(path: Path) -> bool:
    """Whether `path` is a folder we can use; False (logged) where the disk refuses to say (EACCES, EIO), which
    Path.is_dir passes on, so that `get`, `list` and `model_or_notice` keep their promise never to raise."""
    try:
        return path.is_dir()
    except OSError as error:
        log.warning("cannot read %s: %s", path, error)
        return False


def _is_hash(name: str) -> bool:
    return bool(name) and len(name) <= 64 and all(c in "0123456789abcdef" for c in name)


class CorruptEntry(Exception):
    """An entry on disk that cannot be trusted. `reason` says why as a Notice (store.problem.* and its values), so
    the notice a page shows about it is in the page's language; the message is its English text, for logs."""

    def __init__(self, key: str, **values) -> None:
        self.reason = Notice(f"store.problem.{key}", **values)
        super().__init__(str(self.reason))


@dataclass
class StoredResult:
    """One finished run. `metrics` keys: test_acc, test_loss, train_loss, train_acc, per_class_acc,
    confusion, classes, device, device_name, wall_s, mode, notices, created_at."""

    config_hash: str
    recipe: Recipe
    device: str  # the device type in the hash ("cpu"/"cuda"); metrics["device"] is where it really trained
    history: list[dict]
    metrics: dict[str, Any]
    path: Path | None = None
    _state_dict: dict[str, torch.Tensor] | None = field(default=None, repr=False)
    _weights_sha256: str | None = field(default=None, repr=False)

    @property
    def test_acc(self) -> float:
        return float(self.metrics["test_acc"])

    @property
    def per_class_acc(self) -> list[float]:
        return list(self.metrics["per_class_acc"])

    @property
    def confusion(self) -> list[list[int]]:
        return [list(row) for row in self.metrics["confusion"]]

    @property
    def wall_s(self) -> float:
        return float(self.metrics["wall_s"])

    @property
    def device_name(self) -> str:
        return str(self.metrics["device_name"])

    @property
    def notices(self) -> list[Notice]:
        return [Notice.from_record(recorded) for recorded in self.metrics.get("notices", [])]

    @property
    def diverged(self) -> bool:
        """The loss, a final metric or a weight is NaN or infinite: show "diverged", not its numbers."""
        return bool(self.metrics.get("diverged")) or not _finite_metrics(self.metrics)

    def state_dict(self) -> dict[str, torch.Tensor]:
        """The trained weights (CPU tensors); CorruptEntry when the file changed since it was checked."""
        if self._state_dict is None:
            if self.path is None:
                raise CorruptEntry("no_weights")
            data = (self.path / "weights.safetensors").read_bytes()
            if self._weights_sha256 and hashlib.sha256(data).hexdigest() != self._weights_sha256:
                raise CorruptEntry("weights_changed")
            self._state_dict = load_safetensors(data)
        return self._state_dict

    def load_model(self) -> nn.Module:
        """The trained model, on the CPU, in eval mode; CorruptEntry when the weights do not fit it."""
        from models import build_model

        state = self.state_dict()
        check_weights_fit(self.recipe, state)
        model = build_model(self.recipe.model, **self.recipe.model_kwargs())
        model.load_state_dict(state)
        return model.eval()


def _finite_metrics(metrics: dict) -> bool:
    try:
        return all(math.isfinite(float(metrics[name])) for name in FINITE_METRICS if name in metrics)
    except (TypeError, ValueError):
        return False


def weights_finite(state: dict[str, torch.Tensor]) -> bool:
    return all(bool(torch.isfinite(value).all()) for value in state.values() if value.is_floating_point())


def check_weights_fit(recipe: Recipe, state: dict[str, torch.Tensor]) -> None:
    """CorruptEntry unless `state` has exactly the names, shapes and dtypes of the recipe's model."""
    from models import build_model

    with torch.device("meta"):  # shapes only: nothing is allocated or initialised
        expected = build_model(recipe.model, **recipe.model_kwargs()).state_dict()
    if set(state) != set(expected):
        missing, extra = sorted(set(expected) - set(state)), sorted(set(state) - set(expected))
        raise CorruptEntry("other_model_names", model=recipe.model, missing=missing[:3], extra=extra[:3])
    for name, value in expected.items():
        if tuple(state[name].shape) != tuple(value.shape) or state[name].dtype != value.dtype:
            raise CorruptEntry("other_model_shape", model=recipe.model, name=name, shape=tuple(state[name].shape),
                               dtype=state[name].dtype, expected_shape=tuple(value.shape), expected_dtype=value.dtype)


def metrics_of(result) -> dict[str, Any]:
    """The JSON-able final metrics of a `trainer.TrainResult` (notices as catalogue records)."""
    metrics = {
        "test_acc": result.test_acc, "test_loss": result.test_loss, "train_loss": result.train_loss,
        "train_acc": result.train_acc, "per_class_acc": list(result.per_class_acc),
        "confusion": [list(row) for row in result.confusion], "classes": list(result.classes),
        "device": result.device, "device_name": result.device_name, "wall_s": result.wall_s,
        "mode": result.mode, "notices": [Notice.from_record(n).to_record() for n in result.notices],
        "created_at": time.time(),
    }
    metrics["diverged"] = bool(getattr(result, "diverged", False)) or not _finite_metrics(metrics) \
        or not weights_finite(result.state_dict)
    return metrics


def in_memory(config_hash_: str, recipe: Recipe, device: str, result) -> StoredResult:
    """A StoredResult that lives only in memory (when writing it to disk failed)."""
    state = {k: v.detach().to("cpu") for k, v in result.state_dict.items()}
    return StoredResult(config_hash_, recipe, device, list(result.history), metrics_of(result), None, state)


class ResultStore:
    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root).expanduser() if root is not None else default_root()
        self.results = self.root / "results"
        self.problems: dict[str, Notice] = {}  # config hash -> why its entry was discarded
        self._lock = threading.RLock()
        # Entries already checked, with the (mtime, size) of their files then: re-checked only when those change.
        self._checked: dict[str, tuple[tuple, StoredResult]] = {}
        self._models: OrderedDict[tuple[str, str | None], nn.Module] = OrderedDict()

    def entry_dir(self, config_hash: str) -> Path:
        if not _is_hash(config_hash):
            raise ValueError(f"not a config hash: {config_hash!r}")
        return self.results / config_hash

    # -- writing --------------------------------------------------------------------------------
    def put(self, recipe: Recipe, result, config_hash_: str | None = None, device: str | None = None) -> StoredResult:
        """Store a `trainer.TrainResult` under `config_hash_` (default: the recipe's hash on `device`,
        default result.device) and return it as read back from memory."""
        device = device or result.device
        key = config_hash_ or config_hash(recipe, device)
        folder = self.entry_dir(key)
        metrics = metrics_of(result)
        state = {k: v.detach().to("cpu").contiguous().clone() for k, v in result.state_dict.items()}
        contents = {
            "config.json": _json_bytes({"config_hash": key, "code_version": CODE_VERSION, "device": device,
                                        "recipe": recipe.to_dict()}),
            "history.json": _json_bytes(list(result.history)),
            "metrics.json": _json_bytes(metrics),
            "weights.safetensors": save_safetensors(state),
        }
        manifest = {name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                    for name, data in contents.items()}
        with self._lock:
            self._remove_stale_staging()
            staging = self.results / f"{STAGING}{key}-{os.getpid()}-{os.urandom(4).hex()}"
            staging.mkdir(parents=True)
            try:
                for name, data in contents.items():
                    atomic_write(staging / name, data)
                atomic_write(staging / MANIFEST, _json_bytes({"config_hash": key, "files": manifest}))
                self._move_into_place(staging, folder)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            self.problems.pop(key, None)
            self._checked.pop(key, None)
        return StoredResult(key, recipe, device, list(result.history), metrics, folder, state,
                            manifest["weights.safetensors"]["sha256"])

    # -- reading --------------------------------------------------------------------------------
    def _read(self, key: str, with_weights: bool = False) -> StoredResult:
        folder = self.entry_dir(key)
        try:
            manifest = json.loads((folder / MANIFEST).read_bytes())
            files = manifest["files"]
            if manifest.get("config_hash") != key or set(files) != set(FILES):
                raise CorruptEntry("foreign_manifest")
        except FileNotFoundError:
            raise CorruptEntry("no_manifest") from None
        except (ValueError, KeyError, TypeError) as error:
            raise CorruptEntry("bad_manifest", error=error) from None
        contents = {}
        for name in FILES:
            try:
                data = (folder / name).read_bytes()
            except FileNotFoundError:
                raise CorruptEntry("file_missing", name=name) from None
            expected = files[name]
            if len(data) != expected.get("size") or hashlib.sha256(data).hexdigest() != expected.get("sha256"):
                raise CorruptEntry("checksum", name=name)
            contents[name] = data
        try:
            config = json.loads(contents["config.json"])
            recipe = Recipe.from_dict(config["recipe"])
            history = json.loads(contents["history.json"])
            metrics = json.loads(contents["metrics.json"])
            state = load_safetensors(contents["weights.safetensors"])
            float(metrics["test_acc"])
        except Exception as error:  # matches its checksum yet does not parse: written by something else
            raise CorruptEntry("unreadable", error=f"{type(error).__name__}: {error}") from None
        check_weights_fit(recipe, state)  # another model's weights under a manifest that matches them
        if not weights_finite(state):
            metrics["diverged"] = True
        state = state if with_weights else None
        return StoredResult(key, recipe, config.get("device", "cpu"), history, metrics, folder, state,
                            files["weights.safetensors"]["sha256"])

    @staticmethod
    def _move_into_place(staging: Path, folder: Path) -> None:
        """Rename the written entry to its name in one step; an entry already there (the same run stored again, by
        this or another process) is renamed out of the way first, so a reader sees the old entry, none, or the
        new one. Anything else in the way (a file) is left alone and the error raised: the run stays in memory."""
        try:
            os.rename(staging, folder)
            return
        except OSError:
            if folder.is_symlink() or not folder.is_dir():
                raise
        replaced = folder.with_name(f"{STAGING}{folder.name}-replaced-{os.urandom(4).hex()}")
        os.rename(folder, replaced)
        try:
            os.rename(staging, folder)
        except OSError:
            os.rename(replaced, folder)  # the old entry back: a failed rewrite keeps what was there
            raise
        shutil.rmtree(replaced, ignore_errors=True)

    def _remove_stale_staging(self) -> None:
        """Delete staging folders older than STAGING_MAX_AGE_S: entries whose writer died (power cut, kill -9)."""
        try:
            leftovers = [entry for entry in self.results.iterdir() if entry.name.startswith(STAGING)]
        except OSError:
            return
        for entry in leftovers:
            try:
                if time.time() - entry.stat().st_mtime > STAGING_MAX_AGE_S:
                    shutil.rmtree(entry, ignore_errors=True)
            except OSError:
                continue

    def _signature(self, key: str) -> tuple | None:
        folder = self.results / key
        try:
            stats = [(folder / name).stat() for name in (MANIFEST, *FILES)]
        except OSError:
            return None
        return tuple((stat.st_mtime_ns, stat.st_size, stat.st_ino) for stat in stats)

    def _discard(self, key: str, reason: Notice) -> None:
        folder = self.results / key
        self.problems[key] = reason
        self._checked.pop(key, None)
        for cached in [cached for cached in self._models if cached[0] == key]:
            del self._models[cached]
        log.warning("stored result %s is unusable (%s); it will be trained again", key, reason)
        if not folder.exists():
            return
        target = self.results / BROKEN / f"{key}-{int(time.time() * 1000)}"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(folder, target)
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
        self._prune_broken()

    def _prune_broken(self) -> None:
        """Keep the newest BROKEN_KEEP set-aside entries within BROKEN_MAX_BYTES; delete the rest."""
        def set_aside_at(entry: Path) -> int:  # the milliseconds in its name, else its mtime
            try:
                return int(entry.name.rsplit("-", 1)[-1])
            except ValueError:
                return int(entry.stat().st_mtime * 1000)

        def size(entry: Path) -> int:
            if not entry.is_dir():
                return entry.stat().st_size
            return sum(p.stat().st_size for p in entry.rglob("*") if p.is_file() and not p.is_symlink())

        try:
            entries = sorted((self.results / BROKEN).iterdir(), key=set_aside_at, reverse=True)
            kept_bytes = 0
            for number, entry in enumerate(entries):
                kept_bytes += size(entry)
                if number >= BROKEN_KEEP or kept_bytes > BROKEN_MAX_BYTES:
                    if entry.is_dir() and not entry.is_symlink():
                        shutil.rmtree(entry, ignore_errors=True)
                    else:
                        entry.unlink(missing_ok=True)
        except OSError as error:
            log.warning("cannot tidy %s: %s", self.results / BROKEN, error)

    def get(self, config_hash_: str, with_weights: bool = False) -> StoredResult | None:
        """The stored result, or None when there is none, `config_hash_` is not a hash, or the entry is
        partial/corrupt (then moved aside). Never raises."""
        if not isinstance(config_hash_, str) or not _is_hash(config_hash_):
            return None
        if not _readable_dir(self.entry_dir(config_hash_)):
            return None
        with self._lock:
            signature = self._signature(config_hash_)
            checked = self._checked.get(config_hash_)
            if signature is not None and checked is not None and checked[0] == signature and not with_weights:
                return checked[1]
            try:
                stored = self._read(config_hash_, with_weights)
                if signature is not None:
                    self._checked[config_hash_] = (signature, stored)
                return stored
            except CorruptEntry as problem:
                self._discard(config_hash_, problem.reason)
                return None
            except OSError as error:
                log.warning("cannot read stored result %s: %s", config_hash_, error)
                return None
            except Exception:  # a bug must not take every page that lists runs down with it
                log.exception("unexpected error reading stored result %s", config_hash_)
                return None

    def list(self) -> list[StoredResult]:
        """Every valid entry, newest first; invalid ones are discarded as in `get`."""
        if not _readable_dir(self.results):
            return []
        try:
            folders = list(self.results.iterdir())
        except OSError as error:
            log.warning("cannot list %s: %s", self.results, error)
            return []
        found = []
        for folder in folders:
            if folder.name.startswith(".") or not _is_hash(folder.name) or not _readable_dir(folder):
                continue
            stored = self.get(folder.name)
            if stored is not None:
                found.append(stored)
        return sorted(found, key=lambda s: s.metrics.get("created_at", 0), reverse=True)

    def model_or_notice(self, config_hash_: str) -> tuple[nn.Module | None, Notice | None]:
        """(the trained model on the CPU in eval mode, None), or (None, a Notice saying why not). Never raises.

        Models are kept loaded (MODELS_KEEP, shared by every caller: do not modify them). A run whose
        weights do not fit its model or changed on disk is set aside once, like any other corrupt entry;
        a run that has vanished since a list was read gets the "no longer stored" notice.
        """
        stored = self.get(config_hash_)
        if stored is None:
            problem = self.problems.get(config_hash_) if isinstance(config_hash_, str) else None
            if problem:
                return None, Notice("engine.notice.run_unusable", problem=problem)
            return None, Notice("engine.notice.run_missing")
        cache_key = (config_hash_, stored._weights_sha256)
        with self._lock:
            if cache_key in self._models:
                self._models.move_to_end(cache_key)
                return self._models[cache_key], None
        try:
            # A fresh read: the weights go into the model, not into the StoredResult that `get` keeps.
            with_weights = self.get(config_hash_, with_weights=True)
            if with_weights is None:
                return self.model_or_notice(config_hash_)  # set aside or gone meanwhile: say which
            model = with_weights.load_model()
        except CorruptEntry as problem:
            with self._lock:
                self._discard(config_hash_, problem.reason)
            return None, Notice("engine.notice.run_unusable", problem=problem.reason)
        except FileNotFoundError:  # deleted between the check and the read
            return None, Notice("engine.notice.run_missing")
        except Exception as error:  # unreadable file, or weights load_state_dict refuses
            reason = Notice("store.problem.unloadable", error=f"{type(error).__name__}: {error}")
            with self._lock:
                self._discard(config_hash_, reason)
            return None, Notice("engine.notice.run_unusable", problem=reason)
        with self._lock:
            self._models[cache_key] = model
            while len(self._models) > MODELS_KEEP:
                self._models.popitem(last=False)
        return model, None

    def load_model(self, config_hash_: str) -> nn.Module:
        """The trained model (CPU, eval mode); KeyError naming why when there is none to load."""
        model, problem = self.model_or_notice(config_hash_)
        if model is None:
            raise KeyError(f"no stored result {config_hash_}: {problem}")
        return model

    def delete(self, config_hash_: str) -> None:
        with self._lock:
            self._checked.pop(config_hash_, None)
            shutil.rmtree(self.entry_dir(config_hash_), ignore_errors=True)
