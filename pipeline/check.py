"""Check rendered files by reading them: each exists, decodes, and has the expected format.

Videos are opened with PyAV and every frame decoded (a truncated file fails there);
figures are opened with PIL and must not be a single flat colour.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pipeline.jobs import QUALITY_FORMAT


def check_video(path: Path, quality: str, whole_track: bool = False) -> list[str]:
    """Problems with the video at ``path`` (empty list: it is a valid video of ``quality``).

    ``whole_track``: its audio, if any, must be as long as its picture (a chapter's is; a scene's
    own ends with its last line)."""
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
            if whole_track and container.streams.audio:  # as long as the picture, within a frame
                container.seek(0)
                sound = container.streams.audio[0]
                track = np.concatenate([f.to_ndarray().mean(axis=0) for f in container.decode(sound)])
                seconds = len(track) / sound.rate
                if abs(seconds - frames / fps) > 1 / fps + 1e-6:
                    problems.append(f"{path}: {seconds:.2f} s of audio for {frames / fps:.2f} s of video")
                problems += loudness_problems(path, track.astype(np.float64), sound.rate)
    except (av.error.FFmpegError, OSError) as err:
        problems.append(f"{path}: unreadable video ({err})")
    return problems


def loudness_problems(path: Path, track: np.ndarray, rate: int) -> list[str]:
    """Narration at −16 LUFS (±1) with true peaks at or under −1 dBTP, measured on the decoded file."""
    from scenes import audio

    lufs = audio.loudness(audio.to_rate(track, rate))
    peak = audio.true_peak_db(track)
    problems = []
    if abs(lufs - audio.TARGET_LUFS) > 1.0:
        problems.append(f"{path}: narration at {lufs:.1f} LUFS, expected {audio.TARGET_LUFS:g} ± 1")
    if peak > -1.0:
        problems.append(f"{path}: true peak {peak:.1f} dBTP, expected at most -1")
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
