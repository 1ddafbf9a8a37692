"""Check rendered files by reading them: each exists, decodes, and has the expected format.

Videos are opened with PyAV and every frame decoded (a truncated file fails there);
figures are opened with PIL and must not be a single flat colour.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pipeline.jobs import QUALITY_FORMAT


def check_video(path: Path, quality: str) -> list[str]:
    """Problems with the video at ``path`` (empty list: it is a valid video of ``quality``)."""
    import av

    if not path.is_file():
        return [f"{path}: missing"]
    if path.stat().st_size == 0:
        return [f"{path}: empty file"]
    width, height, fps = QUALITY_FORMAT[quality]
    problems = []
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                return [f"{path}: no video stream"]
            stream = container.streams.video[0]
            got = (stream.codec_context.width, stream.codec_context.height)
            if got != (width, height):
                problems.append(f"{path}: {got[0]}x{got[1]}, expected {width}x{height} ({quality} quality)")
            rate = float(stream.average_rate or 0)
            if abs(rate - fps) > 0.01:
                problems.append(f"{path}: {rate:g} fps, expected {fps} fps ({quality} quality)")
            frames = sum(1 for _ in container.decode(stream))
            if frames == 0:
                problems.append(f"{path}: no frames")
    except (av.error.FFmpegError, OSError) as err:
        problems.append(f"{path}: unreadable video ({err})")
    return problems


def check_figure(path: Path, quality: str) -> list[str]:
    from PIL import Image, UnidentifiedImageError

    if not path.is_file():
        return [f"{path}: missing"]
    width, height, _ = QUALITY_FORMAT[quality]
    try:
        with Image.open(path) as img:
            size = img.size
            pixels = np.asarray(img.convert("L"))
    except (UnidentifiedImageError, OSError) as err:
        return [f"{path}: unreadable image ({err})"]
    problems = []
    if size != (width, height):
        problems.append(f"{path}: {size[0]}x{size[1]}, expected {width}x{height} ({quality} quality)")
    if pixels.std() == 0:
        problems.append(f"{path}: blank (one flat colour)")
    return problems
