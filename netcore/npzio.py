"""Byte-reproducible .npz files: the same arrays always give the same bytes.

``numpy.savez_compressed`` stamps every member with the current time, so two
identical trainings would give different files; here every member gets a fixed
timestamp and members are written in sorted order.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def save(path: Path, arrays: dict[str, np.ndarray]) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue(), compresslevel=9)


def load(path: Path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as npz:
        return {name: npz[name] for name in npz.files}
