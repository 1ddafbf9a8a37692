"""Read MNIST's IDX files (gzip or raw) and refuse anything malformed.

IDX layout: 2 zero bytes, a type code (0x08 = unsigned byte), the number of
dimensions, then each dimension as a big-endian uint32, then the data.
Images are magic 2051 (3 dims), labels magic 2049 (1 dim).
"""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np

from netcore.errors import DataError

IMAGES_MAGIC = 2051
LABELS_MAGIC = 2049
GZIP_HEADER = b"\x1f\x8b"


def read_bytes(path: Path) -> bytes:
    """The file's payload, decompressed when it is gzip."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    raw = path.read_bytes()
    if raw[:2] == GZIP_HEADER:
        try:
            return gzip.decompress(raw)
        except (OSError, EOFError) as err:
            raise DataError(f"{path}: corrupt or truncated gzip data ({err})") from None
    return raw


def _parse(path: Path, data: bytes, magic: int, ndim: int) -> np.ndarray:
    header = 4 + 4 * ndim
    if len(data) < header:
        raise DataError(f"{path}: truncated header ({len(data)} bytes, need {header})")
    (found,) = struct.unpack(">I", data[:4])
    if found != magic:
        raise DataError(f"{path}: wrong magic number {found} (expected {magic})")
    dims = struct.unpack(f">{ndim}I", data[4:header])
    expected = header + int(np.prod(dims, dtype=np.int64))
    if len(data) < expected:
        raise DataError(
            f"{path}: truncated: {len(data)} bytes but header {dims} needs {expected}"
        )
    if len(data) > expected:
        raise DataError(
            f"{path}: {len(data) - expected} unexpected trailing bytes after {dims} data"
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims)


def read_images(path: Path) -> np.ndarray:
    """uint8 images of shape (N, 28, 28)."""
    images = _parse(path, read_bytes(path), IMAGES_MAGIC, 3)
    if images.shape[1:] != (28, 28):
        raise DataError(f"{path}: images are {images.shape[1]}x{images.shape[2]}, expected 28x28")
    return images


def read_labels(path: Path) -> np.ndarray:
    """uint8 labels of shape (N,), each 0..9."""
    labels = _parse(path, read_bytes(path), LABELS_MAGIC, 1)
    if labels.size and labels.max() > 9:
        raise DataError(f"{path}: label {int(labels.max())} out of range 0..9")
    return labels


def write_idx(path: Path, array: np.ndarray, compress: bool = True) -> None:
    """Write uint8 images (N,28,28) or labels (N,) as IDX; used by tests and the fallback cache."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    magic = IMAGES_MAGIC if array.ndim == 3 else LABELS_MAGIC
    payload = struct.pack(">I", magic) + struct.pack(f">{array.ndim}I", *array.shape) + array.tobytes()
    Path(path).write_bytes(gzip.compress(payload, mtime=0) if compress else payload)
