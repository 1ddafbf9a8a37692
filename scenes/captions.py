"""A chapter's timeline as text: the chapters list video platforms read, and subtitles.

Both come from the real timings of the joined chapter file: each beat (scene) starts
where the previous one ended.
"""

from __future__ import annotations

import json
from pathlib import Path


def timestamp(seconds: float) -> str:
    """``0:00``, ``12:34`` or ``1:02:03``: the form YouTube turns into chapter links."""
    m, s = divmod(int(seconds), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def srt_time(seconds: float) -> str:
    ms = int(round(seconds * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def write_chapters(path: Path, beats: list[tuple[float, float, str]]) -> None:
    """``0:00 Title`` lines, one per beat (start, end, title), and the same as JSON beside them."""
    path.write_text("".join(f"{timestamp(start)} {title}\n" for start, _, title in beats))
    path.with_suffix(".json").write_text(json.dumps(
        [{"start_seconds": round(start, 3), "end_seconds": round(end, 3), "title": title}
         for start, end, title in beats], indent=1) + "\n")


def write_srt(path: Path, beats: list[tuple[float, float, str]]) -> None:
    """One subtitle per beat, on screen for exactly that beat, naming what it shows."""
    blocks = [f"{i}\n{srt_time(start)} --> {srt_time(end)}\n{title}\n"
              for i, (start, end, title) in enumerate(beats, 1)]
    path.write_text("\n".join(blocks))
