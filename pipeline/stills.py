"""Posters: one representative still of every rendered video, for the gallery and the notes.

A video's first frame is usually black (a beat starts from an empty screen), so the still is
taken when the picture is complete: at the end of the beat's last line (its ``.lines.json``
says when that is), the moment the narration has said everything about what is drawn; a
video without lines gives its last frame. One frame is decoded with PyAV (there is no ffmpeg
command on these machines) and saved as a JPEG, at most ``POSTER_WIDTH`` wide, in
``renders/posters/`` mirroring the video's path: ``chapter1/Bias.mp4`` ->
``posters/chapter1/Bias.jpg``.

A poster newer than its video (and its lines) is kept as it is, so a run with nothing new costs
a few ``stat`` calls and PyAV is only imported when a frame is decoded.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pipeline.jobs import scene_videos

POSTERS = "posters"  # folder inside the renders folder
POSTER_WIDTH = 1280  # px: sharp in a gallery card or a printed page, small enough to inline in the notes
JPEG_QUALITY = 85


def poster_path(renders: Path, video: Path) -> Path:
    return renders / POSTERS / video.relative_to(renders).with_suffix(".jpg")


def lines_of(video: Path) -> Path:
    return video.with_suffix(".lines.json")


def last_line_end(lines_file: Path) -> float | None:
    """Seconds into the scene at which its last line ends, or None (no lines, unreadable)."""
    try:
        lines = json.loads(lines_file.read_text()).get("lines") or []
        return max(float(line["start"]) + float(line["duration"]) for line in lines)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def still_time(wanted: float | None, length: float, frame: float) -> float:
    """The time of the frame to show: a frame before ``wanted`` (the picture as it is when the line
    ends), or the last frame; always inside the video."""
    last = max(length - frame, 0.0)
    return last if wanted is None else min(max(wanted - frame, 0.0), last)


def frame_at(video: Path, wanted: float | None):
    """The frame shown at ``still_time(wanted, …)`` as a PIL image."""
    import av

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        rate = float(stream.average_rate or 30)
        if stream.frames:
            length = stream.frames / rate
        elif stream.duration:
            length = float(stream.duration * stream.time_base)
        else:
            length = (container.duration or 0) / 1e6
        t = still_time(wanted, length, 1 / rate)
        # Jump to the key frame before t, then decode forward to the last frame that starts by t.
        container.seek(int(t / stream.time_base), stream=stream, backward=True)
        chosen = None
        for frame in container.decode(stream):
            if chosen is not None and frame.time is not None and frame.time > t + 0.5 / rate:
                break
            chosen = frame
        if chosen is None:
            raise ValueError("no video frame")
        return chosen.to_image()


def up_to_date(poster: Path, video: Path) -> bool:
    if not poster.is_file():
        return False
    sources = [p for p in (video, lines_of(video)) if p.is_file()]
    return poster.stat().st_mtime_ns >= max(s.stat().st_mtime_ns for s in sources)


def ensure_poster(renders: Path, video: Path) -> tuple[Path | None, bool]:
    """(the poster of ``video``, whether it was written now); (None, False) when the video does not
    decode: a missing poster must not stop a render or a page, so that is one line on stderr."""
    poster = poster_path(renders, video)
    if up_to_date(poster, video):
        return poster, False
    try:
        image = frame_at(video, last_line_end(lines_of(video))).convert("RGB")
    except Exception as err:  # PyAV's errors are many (FFmpegError, ValueError, …): any means no poster
        print(f"poster: {video.relative_to(renders)}: no still ({err})", file=sys.stderr)
        return None, False
    image.thumbnail((POSTER_WIDTH, POSTER_WIDTH))
    poster.parent.mkdir(parents=True, exist_ok=True)
    tmp = poster.with_name(f".{poster.name}.tmp")
    image.save(tmp, format="JPEG", quality=JPEG_QUALITY)
    tmp.replace(poster)
    return poster, True


def remove_orphans(renders: Path) -> None:
    """Posters whose video is gone (a beat removed or renamed): the gallery must not show them."""
    for poster in (renders / POSTERS).glob("**/*.jpg"):
        if not (renders / poster.relative_to(renders / POSTERS).with_suffix(".mp4")).is_file():
            poster.unlink()


def write_posters(renders: Path) -> list[Path]:
    """A poster for every scene video in ``renders`` that has none or an older one; the posters
    written now (an up-to-date folder: none, in milliseconds)."""
    remove_orphans(renders)
    written = [ensure_poster(renders, video) for video in scene_videos(renders)]
    return [poster for poster, new in written if new]
