"""Download files with md5 verification, a progress bar and no half files left behind.

A file is streamed to ``NAME.part`` (resumed with an HTTP Range request when a
previous attempt left one), checked against its md5 and only then renamed to
``NAME``: the final name never holds partial or unverified data.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.request
from pathlib import Path

from tqdm import tqdm

from netcore.errors import DataError

MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)
CHUNK = 1 << 16
TIMEOUT_S = 20


class DownloadError(DataError):
    """No mirror delivered a file with the right checksum."""


def mirrors() -> tuple[str, ...]:
    override = os.environ.get("NETCORE_MNIST_MIRROR")
    return (override.rstrip("/") + "/",) if override else MIRRORS


def md5_of(path: Path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _stream(url: str, part: Path) -> None:
    have = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url, headers={"Range": f"bytes={have}-"} if have else {})
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
        resumed = have and response.status == 206
        if not resumed:
            have = 0
        total = response.length + have if response.length is not None else None
        with open(part, "ab" if resumed else "wb") as fh, tqdm(
            total=total, initial=have, unit="B", unit_scale=True, desc=part.name[:-5], leave=False
        ) as bar:
            for block in iter(lambda: response.read(CHUNK), b""):
                fh.write(block)
                bar.update(len(block))


def fetch(name: str, md5: str, dest_dir: Path) -> Path:
    """``dest_dir/name`` with the given md5, downloading it if needed."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    final = dest_dir / name
    if final.is_file() and md5_of(final) == md5:
        return final
    part = dest_dir / (name + ".part")
    errors = []
    for base in mirrors():
        try:
            _stream(base + name, part)
        except (urllib.error.URLError, OSError, ValueError) as err:
            errors.append(f"{base}: {getattr(err, 'reason', err)}")
            continue
        got = md5_of(part)
        if got == md5:
            os.replace(part, final)
            return final
        errors.append(f"{base}{name}: checksum mismatch (md5 {got}, expected {md5})")
        part.unlink()
    raise DownloadError(f"{name}: " + "; ".join(errors))


def fetch_all(dest_dir: Path, files: dict[str, str]) -> list[Path]:
    """Every ``name -> md5`` of ``files`` into ``dest_dir``."""
    return [fetch(name, md5, Path(dest_dir)) for name, md5 in files.items()]
