"""The lecture's datasets (MNIST, Fashion-MNIST, CIFAR-10) as uint8 tensors, from whichever source has them.

Sources, tried in this order for each dataset and split, every attempt recorded:
  a. the data folder (`EXPLAINER_DATA_DIR`, default ~/.cache/nn-cnn-explainer/data), in torchvision's own
     layout (`MNIST/raw`, `FashionMNIST/raw`, `cifar-10-batches-py`) or the simple one (`mnist/*.gz`,
     `fashion-mnist/*.gz`, `cifar10-jpeg/{train,test}/<class>/*.jpg` or `cifar10-jpeg.tar.gz`);
  b. Debian's `/usr/share/datasets/fashion-mnist` (package dataset-fashion-mnist; Fashion-MNIST only);
  c. torchvision's download into the data folder (unless `EXPLAINER_NO_DOWNLOAD` is set).
When all fail, `DatasetUnavailable` names each attempt and how to provide the data; `unavailable_message`
gives the same in Korean or English for the app. `python -m explainer.data.datasets` reports what is available.

Loaded datasets are kept per process (every app session shares them); the JPEG tree of CIFAR-10 is decoded
once and kept as .npy files in the cache folder (`EXPLAINER_CACHE_DIR`, default ~/.cache/nn-cnn-explainer).
Callers must not modify the returned tensors in place: they are shared.
A dataset that could not be loaded is remembered too, until the files it was looked for in change (their
paths, sizes and modification times, two folder levels deep) or, when downloading is allowed, for
DOWNLOAD_RETRY_S: a broken or hostile file is examined once, not on every page run.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import logging
import os
import sys
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from explainer.data.formats import (
    DataFormatError,
    decode_images,
    extract_tar_safely,
    list_image_tree,
    read_cifar_batch,
    read_cifar_pickle,
    read_idx_pair,
)
from explainer.i18n import normalise_language, t

log = logging.getLogger(__name__)

DATASETS = ("mnist", "fashion_mnist", "cifar10")
SPLITS = ("train", "test")
MNIST_CLASSES = tuple("0123456789")
FASHION_MNIST_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                         "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")
CIFAR10_CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")
CLASSES = {"mnist": MNIST_CLASSES, "fashion_mnist": FASHION_MNIST_CLASSES, "cifar10": CIFAR10_CLASSES}
IMAGE_SHAPES = {"mnist": (1, 28, 28), "fashion_mnist": (1, 28, 28), "cifar10": (3, 32, 32)}
TORCHVISION_FOLDERS = {"mnist": "MNIST/raw", "fashion_mnist": "FashionMNIST/raw", "cifar10": "cifar-10-batches-py"}
SIMPLE_FOLDERS = {"mnist": "mnist", "fashion_mnist": "fashion-mnist", "cifar10": "cifar10-jpeg"}
IDX_PREFIXES = {"train": "train", "test": "t10k"}
CIFAR_BATCHES = {"train": tuple(f"data_batch_{i}" for i in range(1, 6)), "test": ("test_batch",)}
CIFAR_TARBALL = "cifar10-jpeg.tar.gz"

# Module constants rather than literals so that tests (and unusual installs) can point them elsewhere.
# Overridable so that tests on a machine with the Debian package installed still see "no data".
DEBIAN_FASHION_MNIST_DIR = Path(os.environ.get("EXPLAINER_DEBIAN_DATA_DIR", "/usr/share/datasets/fashion-mnist"))
APP_CACHE_NAME = "nn-cnn-explainer"
DOWNLOAD_RETRY_S = 600  # a failed download (no internet) is not retried on every page rerun
DECODED_FORMAT = "v1"  # part of the decoded-cache key: bump when the decoding changes
LOADED_KEEP = 12


@dataclass(frozen=True, eq=False)
class Dataset:
    name: str
    split: str
    images: torch.Tensor  # uint8 (N, C, H, W)
    labels: torch.Tensor  # int64 (N,)
    classes: tuple[str, ...]  # English names in label order
    source: str

    def __len__(self) -> int:
        return int(self.labels.shape[0])


@dataclass(frozen=True)
class Attempt:
    """One source tried: `problem` is no_folder | no_file | no_files | corrupt | disabled | failed,
    or "none" for the source that worked (then `detail` names its layout)."""

    source: str  # data_dir | debian | download
    location: str
    problem: str
    detail: str = ""


class DatasetUnavailable(RuntimeError):
    """No source could provide the dataset; `attempts` lists (source, why it failed) in the order tried."""

    def __init__(self, dataset: str, split: str, tried: list[Attempt], folder: str | None = None):
        self.dataset = dataset
        self.split = split
        self.tried = list(tried)
        self.data_dir = folder or str(data_dir())
        self.attempts = [(_source_label(a, "en"), _problem_text(a, "en")) for a in self.tried]
        super().__init__(unavailable_message(self, "en"))

    def __reduce__(self):  # survives pickling (e.g. out of a worker process) with its attempts
        return type(self), (self.dataset, self.split, self.tried, self.data_dir)


class _SourceMissing(Exception):
    def __init__(self, problem: str, detail: str = ""):
        super().__init__(detail or problem)
        self.problem, self.detail = problem, detail


# ------------------------------------------------------------------------------------------- folders


def _user_cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / APP_CACHE_NAME


def data_dir() -> Path:
    """EXPLAINER_DATA_DIR, or the per-user folder ~/.cache/nn-cnn-explainer/data."""
    configured = os.environ.get("EXPLAINER_DATA_DIR", "").strip()
    return Path(os.path.abspath(Path(configured).expanduser())) if configured else _user_cache_root() / "data"


def cache_dir() -> Path:
    """Writable folder for derived files (extracted archives, decoded images): EXPLAINER_CACHE_DIR or per user."""
    configured = os.environ.get("EXPLAINER_CACHE_DIR", "").strip()
    return (Path(configured).expanduser() if configured else _user_cache_root()) / "datasets"


def download_allowed() -> bool:
    return os.environ.get("EXPLAINER_NO_DOWNLOAD", "").strip().lower() in ("", "0", "false", "no")


# ------------------------------------------------------------------------------------- local sources


def _load_idx_folder(folder: Path, split: str, num_classes: int) -> tuple[np.ndarray, np.ndarray]:
    if not folder.is_dir():
        raise _SourceMissing("no_folder")
    prefix = IDX_PREFIXES[split]
    found, missing = [], []
    for stem in (f"{prefix}-images-idx3-ubyte", f"{prefix}-labels-idx1-ubyte"):
        # torchvision's raw folder keeps both the .gz and the unpacked file; the unpacked one reads faster.
        path = next((p for p in (folder / stem, folder / f"{stem}.gz") if p.is_file()), None)
        (found if path else missing).append(path or f"{stem}.gz")
    if missing:
        raise _SourceMissing("no_files", ", ".join(missing))
    return read_idx_pair(found[0], found[1], num_classes)


def _load_cifar_batches(folder: Path, split: str) -> tuple[np.ndarray, np.ndarray]:
    if not folder.is_dir():
        raise _SourceMissing("no_folder")
    missing = [name for name in CIFAR_BATCHES[split] if not (folder / name).is_file()]
    if missing:
        raise _SourceMissing("no_files", ", ".join(missing))
    meta_path = folder / "batches.meta"
    if meta_path.is_file():
        names = read_cifar_pickle(meta_path).get("label_names")
        if names is not None and tuple(names) != CIFAR10_CLASSES:
            raise DataFormatError(f"{meta_path}: label_names {names} are not CIFAR-10's {list(CIFAR10_CLASSES)}")
    parts = [read_cifar_batch(folder / name) for name in CIFAR_BATCHES[split]]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _decoded_cache(key: str, split: str, decode: Callable[[], tuple[np.ndarray, np.ndarray]]):
    """Images decoded from JPEG, kept as .npy keyed by `key` (the source's identity: path, size, mtime)."""
    folder = cache_dir() / f"cifar10-jpeg-{hashlib.sha1(f'{DECODED_FORMAT}|{key}'.encode()).hexdigest()[:16]}"
    images_path, labels_path = folder / f"{split}-images.npy", folder / f"{split}-labels.npy"
    if images_path.is_file() and labels_path.is_file():
        try:
            images, labels = np.load(images_path), np.load(labels_path)
            if images.dtype == np.uint8 and images.shape[1:] == (3, 32, 32) and labels.shape == (len(images),):
                return images, labels
            log.warning("decoded cache %s does not match its source; decoding again", folder)
        except (OSError, ValueError) as error:
            log.warning("decoded cache %s is unreadable (%s); decoding again", folder, error)
    images, labels = decode(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, array in ((labels_path, labels), (images_path, images)):
            partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            with partial.open("wb") as handle:
                np.save(handle, array)
            os.replace(partial, path)
    except OSError as error:  # a read-only cache only costs the next start the decoding time
        log.warning("cannot keep decoded images in %s: %s", folder, error)
    return images, labels


def _decode_tree(root: Path, split: str) -> tuple[np.ndarray, np.ndarray]:
    paths, labels = list_image_tree(root / split, CIFAR10_CLASSES)
    log.info("decoding %d JPEG images of %s (once)", len(paths), root / split)
    started = time.perf_counter()
    images = decode_images(paths)
    log.info("decoded %d JPEG images of %s in %.1f s", len(paths), root / split, time.perf_counter() - started)
    return images, labels


def _load_jpeg_tree(folder: Path, split: str) -> tuple[np.ndarray, np.ndarray]:
    if not folder.is_dir():
        raise _SourceMissing("no_folder")
    if not (folder / split).is_dir():
        raise _SourceMissing("no_files", f"{split}/<class>/*.jpg")
    paths, _ = list_image_tree(folder / split, CIFAR10_CLASSES)
    stats = [p.stat() for p in paths]
    key = f"tree|{(folder / split).resolve()}|{len(stats)}|{sum(s.st_size for s in stats)}|" \
          f"{max(s.st_mtime_ns for s in stats)}"
    return _decoded_cache(key, split, lambda _cache_folder: _decode_tree(folder, split))


def _tree_root(extracted: Path) -> Path:
    """The folder holding train/ and test/: the extraction itself or its single top-level folder."""
    if (extracted / "train").is_dir() or (extracted / "test").is_dir():
        return extracted
    children = [p for p in extracted.iterdir() if p.is_dir()]
    if len(children) == 1:
        return children[0]
    raise DataFormatError(f"{extracted}: the archive holds no train/ or test/ folder")


_extract_lock = threading.Lock()


def _load_jpeg_tarball(archive: Path, split: str) -> tuple[np.ndarray, np.ndarray]:
    if not archive.is_file():
        raise _SourceMissing("no_file")
    stat = archive.stat()
    key = f"tar|{archive.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"

    def extract_and_decode(cache_folder: Path):
        with _extract_lock:  # train and test loading at once must not both unpack 60,000 files
            if not (cache_folder / "extracted").is_dir():
                log.info("extracting %s into %s (once)", archive, cache_folder)
                started = time.perf_counter()
                extract_tar_safely(archive, cache_folder / "extracted")
                log.info("extracted %s in %.1f s", archive, time.perf_counter() - started)
            extracted = cache_folder / "extracted"
        root = _tree_root(extracted)
        if not (root / split).is_dir():
            raise DataFormatError(f"{archive}: the archive holds no {split}/ folder")
        return _decode_tree(root, split)

    return _decoded_cache(key, split, extract_and_decode)


# ----------------------------------------------------------------------------------------- download

_download_failures: dict[tuple[str, str], tuple[float, str]] = {}


def _download(name: str, split: str, root: Path) -> tuple[np.ndarray, np.ndarray]:
    if not download_allowed():
        raise _SourceMissing("disabled")
    failure_key = (str(root), name)
    earlier = _download_failures.get(failure_key)
    if earlier and time.monotonic() - earlier[0] < DOWNLOAD_RETRY_S:
        raise _SourceMissing("failed", earlier[1])
    printed = io.StringIO()
    try:
        import torchvision.datasets as tv_datasets

        dataset_class = {"mnist": tv_datasets.MNIST, "fashion_mnist": tv_datasets.FashionMNIST,
                         "cifar10": tv_datasets.CIFAR10}[name]
        with contextlib.redirect_stdout(printed):  # torchvision prints each mirror it tries
            dataset_class(root=str(root), train=split == "train", download=True)
    except Exception as error:
        detail = " ".join(f"{type(error).__name__}: {error}".split())  # one line: it becomes a list item
        last_line = next((line.strip() for line in reversed(printed.getvalue().splitlines()) if line.strip()), "")
        if last_line and last_line not in detail:
            detail += f" ({last_line})"
        _download_failures[failure_key] = (time.monotonic(), detail)
        raise _SourceMissing("failed", detail) from error
    # Read what torchvision fetched and checked through the same parsers as every other source.
    if name == "cifar10":
        return _load_cifar_batches(root / TORCHVISION_FOLDERS[name], split)
    return _load_idx_folder(root / TORCHVISION_FOLDERS[name], split, len(CLASSES[name]))


# ------------------------------------------------------------------------------------ source order


@dataclass(frozen=True)
class _Candidate:
    source: str
    location: Path
    layout: str
    load: Callable[[str], tuple[np.ndarray, np.ndarray]]


def _candidates(name: str) -> list[_Candidate]:
    root = data_dir()
    classes = len(CLASSES[name])
    torchvision_folder, simple_folder = root / TORCHVISION_FOLDERS[name], root / SIMPLE_FOLDERS[name]
    if name == "cifar10":
        local = [
            _Candidate("data_dir", torchvision_folder, "pickle", lambda s: _load_cifar_batches(torchvision_folder, s)),
            _Candidate("data_dir", simple_folder, "jpeg", lambda s: _load_jpeg_tree(simple_folder, s)),
            *(_Candidate("data_dir", archive, "tar.gz", lambda s, a=archive: _load_jpeg_tarball(a, s))
              for archive in (simple_folder / CIFAR_TARBALL, root / CIFAR_TARBALL)),
        ]
    else:
        local = [_Candidate("data_dir", folder, "idx", lambda s, f=folder: _load_idx_folder(f, s, classes))
                 for folder in (torchvision_folder, simple_folder)]
    if name == "fashion_mnist":
        debian = DEBIAN_FASHION_MNIST_DIR
        local.append(_Candidate("debian", debian, "idx", lambda s: _load_idx_folder(debian, s, classes)))
    download = _Candidate("download", torchvision_folder, "torchvision", lambda s: _download(name, s, root))
    return [*local, download]


def _load_uncached(name: str, split: str) -> tuple[Dataset, list[Attempt], Attempt]:
    tried: list[Attempt] = []
    for candidate in _candidates(name):
        where = str(candidate.location)
        try:
            images, labels = candidate.load(split)
            if images.shape[1:] != IMAGE_SHAPES[name] or len(images) == 0:
                raise DataFormatError(f"expected images of shape (N>0, {', '.join(map(str, IMAGE_SHAPES[name]))}), "
                                      f"found {images.shape}")
        except _SourceMissing as missing:
            tried.append(Attempt(candidate.source, where, missing.problem, missing.detail))
        except DataFormatError as error:
            tried.append(Attempt(candidate.source, where, "corrupt", str(error)))
        except OSError as error:
            tried.append(Attempt(candidate.source, where, "failed", f"{type(error).__name__}: {error}"))
        else:
            origin = Attempt(candidate.source, where, problem="none", detail=candidate.layout)
            dataset = Dataset(name=name, split=split, images=torch.from_numpy(images), labels=torch.from_numpy(labels),
                              classes=CLASSES[name], source=_origin_label(origin, "en"))
            return dataset, tried, origin
    raise DatasetUnavailable(name, split, tried)


# ------------------------------------------------------------------------------------ public API

_loaded: OrderedDict[tuple, tuple[Dataset, list[Attempt], Attempt]] = OrderedDict()
_failed: dict[tuple, tuple[tuple, float, DatasetUnavailable]] = {}  # key -> (files' fingerprint, when, error)
_locks: dict[tuple, threading.Lock] = {}
_locks_guard = threading.Lock()


def _check_name(name: str) -> None:
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of {DATASETS}")


def _cache_key(name: str, split: str) -> tuple:
    return (str(data_dir()), str(DEBIAN_FASHION_MNIST_DIR), download_allowed(), name, split)


def _stat_tree(path: Path, depth: int) -> tuple:
    """(name, size, mtime) of `path` and, for a folder, of what it holds `depth` levels down."""
    try:
        stat = path.stat()
    except OSError:
        return (path.name, None)
    entry = (path.name, stat.st_size, stat.st_mtime_ns)
    if depth <= 0 or not path.is_dir():
        return entry
    try:
        children = sorted(path.iterdir())
    except OSError:
        return entry
    return (*entry, tuple(_stat_tree(child, depth - 1) for child in children))


def _fingerprint(name: str) -> tuple:
    """What the sources of `name` look like on disk now: a failure is remembered while this stays the same."""
    places = dict.fromkeys([data_dir(), *(candidate.location for candidate in _candidates(name))])
    return tuple((str(place), _stat_tree(place, 0 if place == data_dir() else 2)) for place in places)


def _remembered_failure(key: tuple, name: str) -> DatasetUnavailable | None:
    failed = _failed.get(key)
    if failed is None:
        return None
    fingerprint, when, error = failed
    if fingerprint != _fingerprint(name) or (download_allowed() and time.monotonic() - when >= DOWNLOAD_RETRY_S):
        _failed.pop(key, None)
        return None
    return error


def _load_with_attempts(name: str, split: str) -> tuple[Dataset, list[Attempt], Attempt]:
    """The dataset, the sources that failed before the one that worked, and that one (detail = its layout)."""
    _check_name(name)
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; choose one of {SPLITS}")
    key = _cache_key(name, split)
    with _locks_guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:  # two sessions asking at once load (and decode) once
        if key in _loaded:
            _loaded.move_to_end(key)
            return _loaded[key]
        remembered = _remembered_failure(key, name)
        if remembered is not None:  # the same files failed before: say so again without reading them again
            raise DatasetUnavailable(remembered.dataset, remembered.split, remembered.tried, remembered.data_dir)
        fingerprint = _fingerprint(name)  # taken before loading: a file changing meanwhile is looked at again
        try:
            loaded = _load_uncached(name, split)
        except DatasetUnavailable as error:
            # A local source that failed for the file system's sake (permissions, a full cache) may work at
            # the next try without any data file changing: only what the files themselves say is remembered.
            if not any(a.problem == "failed" and a.source != "download" for a in error.tried):
                _failed[key] = (fingerprint, time.monotonic(), error)
            raise
        _failed.pop(key, None)
        _loaded[key] = loaded
        while len(_loaded) > LOADED_KEEP:
            _loaded.popitem(last=False)
        return loaded


def load_dataset(name: str, split: str = "train") -> Dataset:
    """`name` in DATASETS, `split` "train" or "test"; raises DatasetUnavailable when no source has it."""
    return _load_with_attempts(name, split)[0]


def warm(names) -> list[str]:
    """Load `names` (both splits) now, as a class server does before its students arrive: the dropout page's first
    visit otherwise decodes Fashion-MNIST (~0.4 s holding the GIL) while ten followers wait for it. The names
    loaded; a dataset no source has is skipped (its page says so when visited)."""
    loaded = []
    for name in names:
        try:
            for split in ("train", "test"):
                load_dataset(name, split)
        except DatasetUnavailable:
            continue
        loaded.append(name)
    return loaded


def clear_cache() -> None:
    """Forget loaded datasets and failed downloads (after the data folder changed, and in tests)."""
    with _locks_guard:
        _loaded.clear()
        _failed.clear()
        _download_failures.clear()


def class_names(name: str, lang: str) -> list[str]:
    """Class names in label order, translated (digits stay digits)."""
    _check_name(name)
    if name == "mnist":
        return list(MNIST_CLASSES)
    return [t(f"data.class.{name}.{index}", lang) for index in range(len(CLASSES[name]))]


def dataset_title(name: str, lang: str) -> str:
    return t(f"data.name.{name}", lang)


def dataset_status(name: str, lang: str = "en") -> dict:
    """Whether both splits load, from which source, their sizes and every source that failed before.

    This loads the data (cached for the process), so the sizes are those of files that really parse.
    `error` is the DatasetUnavailable of the first split that failed, for `unavailable_message`.
    """
    sizes: dict[str, int | None] = {}
    sources: list[str] = []
    attempts: list[tuple[str, str]] = []
    error: DatasetUnavailable | None = None
    for split in SPLITS:
        try:
            dataset, skipped, origin = _load_with_attempts(name, split)
        except DatasetUnavailable as unavailable:
            sizes[split] = None
            error = error or unavailable
            tried = unavailable.tried
        else:
            sizes[split] = len(dataset)
            sources.append(_origin_label(origin, lang))
            tried = skipped
        for attempt in tried:
            pair = (_source_label(attempt, lang), _problem_text(attempt, lang))
            if pair not in attempts:
                attempts.append(pair)
    return {"name": name, "available": error is None, "source": "; ".join(dict.fromkeys(sources)) or None,
            "sizes": sizes, "attempts": attempts, "error": error}


# ------------------------------------------------------------------------------------------ messages


def _source_label(attempt: Attempt, lang: str) -> str:
    return t(f"data.source.{attempt.source}", lang, path=attempt.location)


def _origin_label(origin: Attempt, lang: str) -> str:
    return f"{_source_label(origin, lang)} ({origin.detail})"


def _problem_text(attempt: Attempt, lang: str) -> str:
    return t(f"data.problem.{attempt.problem}", lang, detail=attempt.detail)


def unavailable_message(err: DatasetUnavailable, lang: str) -> str:
    """Markdown for the app: what was missing, every source tried and why it failed, and how to fix it."""
    lines = [t("data.unavailable.title", lang, dataset=dataset_title(err.dataset, lang),
               split=t(f"data.split.{err.split}", lang)), "", t("data.unavailable.tried", lang)]
    for number, attempt in enumerate(err.tried, start=1):
        lines.append(f"{number}. {_source_label(attempt, lang)} — {_problem_text(attempt, lang)}")
    lines += ["", t("data.fix.title", lang),
              "- " + t("data.fix.data_dir", lang, path=err.data_dir, layout=t(f"data.layout.{err.dataset}", lang))]
    if err.dataset == "fashion_mnist":
        lines.append("- " + t("data.fix.debian", lang, path=str(DEBIAN_FASHION_MNIST_DIR)))
    lines.append("- " + t("data.fix.download", lang, path=err.data_dir))
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------- CLI


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(rows: list[list[str]]) -> str:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    rendered = ["  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)).rstrip()
                for row in rows]
    rendered.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(rendered)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer.data.datasets",
                                     description="Which datasets are available, from where, and their sizes.")
    parser.add_argument("datasets", nargs="*", metavar="DATASET", help=f"any of {', '.join(DATASETS)} (default: all)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--lang", choices=["ko", "en"],
                        default=normalise_language(os.environ.get("LANG")) or "en")
    args = parser.parse_args(argv)
    unknown = [name for name in args.datasets if name not in DATASETS]
    if unknown:
        parser.error(f"unknown dataset {', '.join(unknown)}; choose from {', '.join(DATASETS)}")
    lang = args.lang
    statuses = []
    for name in args.datasets or DATASETS:
        started = time.perf_counter()
        status = dataset_status(name, lang)
        status["load_s"] = round(time.perf_counter() - started, 3)
        statuses.append(status)
    if args.json:
        print(json.dumps([{**s, "error": str(s["error"]) if s["error"] else None} for s in statuses],
                         ensure_ascii=False, indent=2))
    else:
        print(t("data.cli.folders", lang, data=str(data_dir()), cache=str(cache_dir())))
        print()
        header = [t(f"data.cli.col.{col}", lang) for col in ("dataset", "available", "train", "test", "time", "source")]
        rows = [[dataset_title(s["name"], lang), t("data.cli.yes" if s["available"] else "data.cli.no", lang),
                 *(str(s["sizes"][split]) if s["sizes"][split] is not None else "-" for split in SPLITS),
                 f"{s['load_s']:.2f}", s["source"] or "-"] for s in statuses]
        print(_table([header, *rows]))
        for status in statuses:
            if status["error"] is not None:
                print()
                print(unavailable_message(status["error"], lang))
    if not any(s["available"] for s in statuses):
        print(t("data.cli.none_available", lang), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    sys.exit(main())
