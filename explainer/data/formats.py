"""Readers for the dataset files on disk: IDX (the MNIST family), CIFAR-10 pickle batches, JPEG class trees,
and safe extraction of a `.tar.gz`.

Every reader checks what it reads and raises `DataFormatError` naming the file and what is wrong, so a
truncated download or a wrong file becomes a message for the user, not a numpy crash deep inside training.

Limits keep a hostile or mistaken file from taking the server's memory or time: an IDX file is read
only as far as its header says (MAX_IDX_BYTES at most), an image's size is checked from its header
before it is decoded (MAX_IMAGE_PIXELS, and exactly 32x32 for CIFAR-10), and a tar archive is read
through a counter that stops past ARCHIVE_MAX_BYTES of unpacked data, ARCHIVE_MAX_RATIO times its
packed size, or ARCHIVE_MAX_MEMBERS members. The real CIFAR-10 JPEG archive (19.4 MB) holds 60,023
members, 55 MB of files (2.8:1), the largest 1,124 bytes: the limits are far above it.
"""

from __future__ import annotations

import bz2
import contextlib
import gzip
import lzma
import math
import os
import pickle
import shutil
import struct
import tarfile
import tempfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

import numpy as np
from PIL import Image, UnidentifiedImageError

try:  # numpy >= 2 keeps the pickling helpers in numpy._core; numpy.core is a deprecated alias there
    from numpy._core.multiarray import _reconstruct
    from numpy._core.numeric import _frombuffer
except ImportError:  # pragma: no cover - numpy 1.x
    from numpy.core.multiarray import _reconstruct
    from numpy.core.numeric import _frombuffer

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
GZIP_MAGIC = b"\x1f\x8b"
# IDX type codes (http://yann.lecun.com/exdb/mnist/): the third byte of the magic number.
IDX_DTYPES = {0x08: "u1", 0x09: "i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
MAX_IDX_BYTES = 512 * 2**20  # MNIST's largest file holds 47 MB
MAX_IMAGE_PIXELS = 4096 * 4096  # as for uploads; any image above it is refused before it is decoded
ARCHIVE_MAX_BYTES = 2**30  # unpacked; the CIFAR-10 JPEG archive unpacks to 55 MB of files
ARCHIVE_MAX_RATIO = 200  # unpacked : packed; CIFAR-10's is 2.8 (about 6 counting the tar headers)
ARCHIVE_MAX_MEMBERS = 200_000  # CIFAR-10 has 60,023
ARCHIVE_MAX_MEMBER_BYTES = 64 * 2**20  # CIFAR-10's largest JPEG is 1,124 bytes
_RATIO_CHECKED_FROM = 16 * 2**20  # tiny archives may compress very well: harmless below this


class DataFormatError(ValueError):
    """A dataset file exists but is not what it claims to be (truncated, wrong header, wrong shape...)."""


class UnsafeArchiveError(DataFormatError):
    """An archive member would escape the extraction folder or is not a plain file or folder."""


# ---------------------------------------------------------------------------------------------- IDX


@contextlib.contextmanager
def _plain_stream(path: Path):
    """The file as a readable stream, gunzipped when it is gzip data (decided by its magic bytes, not its
    name); a truncated or corrupt stream becomes a DataFormatError naming the file."""
    with Path(path).open("rb") as raw:
        compressed = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
        try:
            yield gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw
        except (EOFError, OSError, zlib.error) as error:
            raise DataFormatError(f"{path}: the gzip data is truncated or corrupt ({error})") from error


def read_file_bytes(path: Path, limit: int = MAX_IDX_BYTES) -> bytes:
    """The file's content, gunzipped when it is gzip data; DataFormatError when it holds more than `limit`
    bytes (a gzip bomb is not unpacked past it)."""
    with _plain_stream(path) as stream:
        content = stream.read(limit + 1)
    if len(content) > limit:
        raise DataFormatError(f"{path}: holds more than {limit // 2**20} MiB of data, more than any dataset file")
    return content


def _read_idx_stream(path: Path) -> bytes:
    """An IDX file's header and data, read no further than the header promises (plus one byte, to tell
    "longer than its header says"): a gzip bomb or a huge tail costs nothing."""
    with _plain_stream(path) as stream:
        head = stream.read(4)
        if len(head) < 4 or head[:2] != b"\0\0" or head[2] not in IDX_DTYPES or head[3] == 0:
            return head  # parse_idx names the problem
        dims = stream.read(4 * head[3])
        if len(dims) < 4 * head[3]:
            return head + dims
        expected = math.prod(struct.unpack(f">{head[3]}I", dims)) * np.dtype(IDX_DTYPES[head[2]]).itemsize
        if expected > MAX_IDX_BYTES:
            raise DataFormatError(f"{path}: the IDX header promises {expected} bytes of data, more than "
                                  f"{MAX_IDX_BYTES // 2**20} MiB: not a dataset file this app can use")
        return head + dims + stream.read(expected + 1)


def parse_idx(raw: bytes, origin: str = "IDX data") -> np.ndarray:
    """An IDX byte string as a native-endian array: 0x00 0x00 <type> <ndim>, ndim big-endian uint32 sizes, data."""
    if len(raw) < 4 or raw[:2] != b"\0\0" or raw[2] not in IDX_DTYPES or raw[3] == 0:
        raise DataFormatError(f"{origin}: not an IDX file (first bytes {raw[:4].hex() or 'missing'})")
    ndim = raw[3]
    header_size = 4 + 4 * ndim
    if len(raw) < header_size:
        raise DataFormatError(f"{origin}: the IDX header is cut short ({len(raw)} bytes, needs {header_size})")
    shape = struct.unpack(f">{ndim}I", raw[4:header_size])
    dtype = np.dtype(IDX_DTYPES[raw[2]])
    expected = math.prod(shape) * dtype.itemsize
    found = len(raw) - header_size
    if found != expected:
        # Files are read no further than one byte past the promise: "more", not a byte count, for those.
        holds = (f"only {found} bytes: it is truncated" if found < expected
                 else "more: it is longer than its header says")
        raise DataFormatError(
            f"{origin}: the header promises shape {shape} ({expected} data bytes) but the file holds {holds}; "
            "download or copy it again"
        )
    array = np.frombuffer(raw, dtype=dtype, offset=header_size).reshape(shape)
    return array.astype(dtype.newbyteorder("="), copy=True)  # writable, native byte order


def read_idx(path: Path) -> np.ndarray:
    """An IDX file (plain or gzipped) as a numpy array."""
    return parse_idx(_read_idx_stream(path), origin=str(path))


def read_idx_pair(images_path: Path, labels_path: Path, num_classes: int) -> tuple[np.ndarray, np.ndarray]:
    """MNIST-style images (N, 1, H, W) uint8 and labels (N,) int64, checked against each other."""
    images = read_idx(images_path)
    labels = read_idx(labels_path)
    if images.ndim != 3 or images.dtype != np.uint8:
        raise DataFormatError(f"{images_path}: expected uint8 images of shape (N, H, W), found "
                              f"{images.dtype} {images.shape}")
    if labels.ndim != 1 or labels.dtype != np.uint8:
        raise DataFormatError(f"{labels_path}: expected uint8 labels of shape (N,), found "
                              f"{labels.dtype} {labels.shape}")
    if len(images) != len(labels):
        raise DataFormatError(f"{images_path} holds {len(images)} images but {labels_path} holds {len(labels)} labels")
    _check_labels(labels, num_classes, labels_path)
    return images[:, None, :, :], labels.astype(np.int64)


def _check_labels(labels: np.ndarray, num_classes: int, origin) -> None:
    if len(labels) and (labels.min() < 0 or labels.max() >= num_classes):
        raise DataFormatError(f"{origin}: labels must lie in 0..{num_classes - 1}, "
                              f"found {labels.min()}..{labels.max()}")


# --------------------------------------------------------------------------------------- CIFAR pickle


def _encode_latin1(text: str, encoding: str = "latin1") -> bytes:
    """What protocol-2 pickles call to rebuild `bytes`; only the latin-1 codec is let through."""
    if encoding.lower().replace("_", "-") not in ("latin1", "latin-1", "iso-8859-1"):
        raise pickle.UnpicklingError(f"codec {encoding!r} is not allowed in a CIFAR batch")
    return text.encode("latin-1")


# The only callables a CIFAR batch needs: a dict of lists, bytes and one uint8 numpy array. A plain
# pickle.load would call whatever a file names (os.system, ...), so a downloaded or copied batch could
# run code; this allow-list makes a hostile file fail with UnpicklingError instead.
_CIFAR_PICKLE_GLOBALS = {
    ("numpy.core.multiarray", "_reconstruct"): _reconstruct,
    ("numpy._core.multiarray", "_reconstruct"): _reconstruct,
    ("numpy.core.numeric", "_frombuffer"): _frombuffer,
    ("numpy._core.numeric", "_frombuffer"): _frombuffer,
    ("numpy", "ndarray"): np.ndarray,
    ("numpy", "dtype"): np.dtype,
    ("_codecs", "encode"): _encode_latin1,
}


class _CifarUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        try:
            return _CIFAR_PICKLE_GLOBALS[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a CIFAR batch") from None


def read_cifar_pickle(path: Path) -> dict:
    """A CIFAR batch file (a Python 2 pickle) as a dict with str keys, unpickled with the allow-list above."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            content = _CifarUnpickler(handle, encoding="latin1").load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, IndexError) as error:
        raise DataFormatError(f"{path}: not a readable CIFAR batch ({type(error).__name__}: {error})") from error
    if not isinstance(content, dict):
        raise DataFormatError(f"{path}: a CIFAR batch is a dict, found {type(content).__name__}")
    return {(key.decode("latin-1") if isinstance(key, bytes) else key): value for key, value in content.items()}


def read_cifar_batch(path: Path, num_classes: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Images (N, 3, 32, 32) uint8 and labels (N,) int64 of one CIFAR-10 batch file."""
    batch = read_cifar_pickle(path)
    data, labels = batch.get("data"), batch.get("labels")
    if not isinstance(data, np.ndarray) or data.dtype != np.uint8 or data.ndim != 2 or data.shape[1] != 3 * 32 * 32:
        found = f"{data.dtype} {data.shape}" if isinstance(data, np.ndarray) else type(data).__name__
        raise DataFormatError(f"{path}: 'data' must be a uint8 array of shape (N, 3072), found {found}")
    try:
        labels = np.asarray(labels, dtype=np.int64)
    except (TypeError, ValueError) as error:
        raise DataFormatError(f"{path}: 'labels' is not a list of integers") from error
    if labels.shape != (len(data),):
        raise DataFormatError(f"{path}: {len(data)} images but labels of shape {labels.shape}")
    _check_labels(labels, num_classes, path)
    # Rows are 1024 red, 1024 green, 1024 blue values, row-major: exactly (3, 32, 32) per image.
    return data.reshape(-1, 3, 32, 32).copy(), labels


# ------------------------------------------------------------------------------------ JPEG class tree


def list_image_tree(split_dir: Path, class_order: tuple[str, ...]) -> tuple[list[Path], np.ndarray]:
    """Image files of `split_dir/<class>/*`, labelled by the class's index in `class_order`.

    Labels follow `class_order`, not the order the file system lists the folders in, so that label 3 means
    the same class as in the original dataset.
    """
    split_dir = Path(split_dir)
    folders = sorted(p for p in split_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    unknown = [p.name for p in folders if p.name not in class_order]
    if unknown:
        raise DataFormatError(f"{split_dir}: unknown class folders {unknown}; expected names from {list(class_order)}")
    paths: list[Path] = []
    labels: list[int] = []
    for folder in sorted(folders, key=lambda p: class_order.index(p.name)):
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file())
        paths.extend(files)
        labels.extend([class_order.index(folder.name)] * len(files))
    if not paths:
        raise DataFormatError(f"{split_dir}: no images (*.jpg, *.png) in its class folders")
    return paths, np.asarray(labels, dtype=np.int64)


def _decode_into(out: np.ndarray, paths: list[Path], start: int, size: tuple[int, int]) -> None:
    for offset, path in enumerate(paths):
        try:
            with Image.open(path) as image:  # reads the header only: the size is known before decoding
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS or image.size != size:
                    raise DataFormatError(f"{path}: expected {size[0]}x{size[1]} pixels, found {width}x{height}")
                image = image.convert("RGB")
        except Image.DecompressionBombError as error:  # Pillow's own ceiling, hit while reading the header
            raise DataFormatError(f"{path}: expected {size[0]}x{size[1]} pixels, the image is far larger "
                                  f"({error})") from error
        except (UnidentifiedImageError, OSError) as error:
            raise DataFormatError(f"{path}: cannot decode the image ({error})") from error
        out[start + offset] = np.asarray(image).transpose(2, 0, 1)


def decode_images(paths: list[Path], size: tuple[int, int] = (32, 32), workers: int | None = None) -> np.ndarray:
    """RGB images as one uint8 array (N, 3, H, W); Pillow decodes without the GIL, so threads help."""
    out = np.empty((len(paths), 3, size[1], size[0]), dtype=np.uint8)
    workers = workers or min(8, os.cpu_count() or 1)
    chunk = max(1, math.ceil(len(paths) / (workers * 4)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_decode_into, out, paths[i:i + chunk], i, size) for i in range(0, len(paths), chunk)]
        for future in futures:
            future.result()
    return out


# ---------------------------------------------------------------------------------------- safe tar


def _check_member(member: tarfile.TarInfo, archive: Path) -> None:
    name = PurePosixPath(member.name)
    if name.is_absolute() or member.name.startswith(("/", "\\")):
        raise UnsafeArchiveError(f"{archive}: refusing member with an absolute path: {member.name!r}")
    if ".." in name.parts:
        raise UnsafeArchiveError(f"{archive}: refusing member that climbs out with '..': {member.name!r}")
    if not (member.isfile() or member.isdir()):
        kind = "link" if (member.issym() or member.islnk()) else "special file"
        raise UnsafeArchiveError(f"{archive}: refusing {kind} member {member.name!r} (only files and folders)")


class ArchiveTooLarge(DataFormatError):
    """An archive that unpacks to far more than any dataset this app uses (a decompression bomb?)."""


class _BoundedStream:
    """The unpacked stream of an archive, refusing to go past ARCHIVE_MAX_BYTES or ARCHIVE_MAX_RATIO."""

    def __init__(self, stream, raw, archive: Path) -> None:
        self._stream, self._raw, self._archive = stream, raw, archive
        self.name = str(archive)

    def _check(self) -> None:
        unpacked, packed = self._stream.tell(), max(1, self._raw.tell())
        if unpacked > ARCHIVE_MAX_BYTES:
            raise ArchiveTooLarge(f"{self._archive}: unpacks to more than {ARCHIVE_MAX_BYTES // 2**20} MiB, far more "
                                  "than CIFAR-10 (55 MB); refusing to unpack it")
        if unpacked > _RATIO_CHECKED_FROM and unpacked > ARCHIVE_MAX_RATIO * packed:
            raise ArchiveTooLarge(f"{self._archive}: unpacks to more than {ARCHIVE_MAX_RATIO} times its size "
                                  "(CIFAR-10's is about 3), as a decompression bomb does; refusing to unpack it")

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = ARCHIVE_MAX_BYTES + 1  # never "everything"
        data = self._stream.read(size)
        self._check()
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        if whence == 1:
            offset, whence = self._stream.tell() + offset, 0
        if whence == 0 and offset > self._stream.tell():
            # Skipping a member unpacks it: done here in steps, so that a bomb is stopped part-way.
            while self._stream.tell() < offset:
                chunk = self._stream.read(min(2**20, offset - self._stream.tell()))
                self._check()
                if not chunk:
                    break
            return self._stream.tell()
        position = self._stream.seek(offset, whence)
        self._check()
        return position

    def tell(self) -> int:
        return self._stream.tell()


def _unpacked_stream(raw, archive: Path):
    magic = raw.read(6)
    raw.seek(0)
    if magic.startswith(GZIP_MAGIC):
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if magic.startswith(b"BZh"):
        return bz2.BZ2File(raw)
    if magic.startswith(b"\xfd7zXZ\x00"):
        return lzma.LZMAFile(raw)
    return raw


def _checked_members(tar: tarfile.TarFile, archive: Path) -> list[tarfile.TarInfo]:
    members, total = [], 0
    for member in tar:
        _check_member(member, archive)
        members.append(member)
        total += member.size
        if len(members) > ARCHIVE_MAX_MEMBERS:
            raise ArchiveTooLarge(f"{archive}: holds more than {ARCHIVE_MAX_MEMBERS} members (CIFAR-10 has 60,023); "
                                  "refusing to unpack it")
        if member.size > ARCHIVE_MAX_MEMBER_BYTES:
            raise ArchiveTooLarge(f"{archive}: member {member.name!r} holds {member.size} bytes, more than "
                                  f"{ARCHIVE_MAX_MEMBER_BYTES // 2**20} MiB (a CIFAR-10 image is about 1 KB)")
        if total > ARCHIVE_MAX_BYTES:
            raise ArchiveTooLarge(f"{archive}: its files hold more than {ARCHIVE_MAX_BYTES // 2**20} MiB, far more "
                                  "than CIFAR-10 (55 MB); refusing to unpack it")
    return members


def extract_tar_safely(archive: Path, destination: Path) -> Path:
    """Unpack `archive` into `destination` (created here), all or nothing.

    Every member is checked before anything is written: absolute paths, '..', links and devices make the
    whole archive refused, and so do the size limits above (ArchiveTooLarge), which also stop reading a
    decompression bomb early. Extraction goes into a temporary sibling folder renamed into place at the
    end, so an interrupted run never leaves a half-filled `destination`; tarfile's "data" filter guards
    once more.
    """
    archive, destination = Path(archive), Path(destination)
    if destination.is_dir():
        return destination
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        with archive.open("rb") as raw, _unpacked_stream(raw, archive) as unpacked, \
                tarfile.open(fileobj=_BoundedStream(unpacked, raw, archive), mode="r:") as tar:
            members = _checked_members(tar, archive)
            staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}-", dir=destination.parent))
            try:
                tar.extractall(staging, members=members, filter="data")
                staging.chmod(0o755)  # mkdtemp made it private; the extracted tree is plain data
                os.replace(staging, destination)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                if destination.is_dir():  # another process finished the same extraction first
                    return destination
                raise
    except tarfile.FilterError as error:
        raise UnsafeArchiveError(f"{archive}: refusing unsafe member ({error})") from error
    except (tarfile.TarError, EOFError, zlib.error, lzma.LZMAError) as error:
        raise DataFormatError(f"{archive}: not a readable tar archive ({error})") from error
    except OSError as error:
        if isinstance(error, PermissionError | FileNotFoundError) or error.errno is not None:
            raise  # the file system's problem (read-only, full): reported as such
        raise DataFormatError(f"{archive}: not a readable tar archive ({error})") from error
    return destination
