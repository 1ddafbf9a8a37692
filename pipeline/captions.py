"""A chapter's timeline as text: the chapters list video platforms read, and the subtitles.

Chapter entries come from the real timings of the joined chapter file (each beat starts where
the previous one ended); subtitle cues are the spoken sentences, one cue each, timed from the
audio the scene recorded (``<scene>.lines.json`` beside each scene's video).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.timecode import timecode

MIN_GAP = 0.001  # a cue ends before the next begins, never on the same instant


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str
    line: str  # the line id it belongs to


def write_chapters(path: Path, beats: list[tuple[float, float, str]]) -> None:
    """``0:00 Title`` lines, one per beat (start, end, title), and the same as JSON beside them."""
    path.write_text("".join(f"{timecode(start)} {title}\n" for start, _, title in beats))
    path.with_suffix(".json").write_text(json.dumps(
        [{"start_seconds": round(start, 3), "end_seconds": round(end, 3), "title": title}
         for start, end, title in beats], indent=1) + "\n")


def read_lines(path: Path) -> list[dict]:
    try:
        return json.loads(path.read_text()).get("lines", [])
    except (OSError, ValueError):
        return []


def cues(scenes: list[tuple[float, float, Path]]) -> list[Cue]:
    """Every sentence of every scene (scene start, scene end, its lines file), on the chapter's clock."""
    out: list[Cue] = []
    for start, end, lines_file in scenes:
        for line in read_lines(lines_file):
            for text, a, b in line.get("sentences", []):
                out.append(Cue(start + a, min(start + b, end), text, line["id"]))
    fixed = []
    for cue, following in zip(out, out[1:] + [None]):
        stop = cue.end if following is None else min(cue.end, following.start - MIN_GAP)
        fixed.append(Cue(cue.start, max(stop, cue.start + MIN_GAP), cue.text, cue.line))
    return fixed


def write_srt(path: Path, cues_: list[Cue]) -> None:
    path.write_text("\n".join(f"{i}\n{timecode(c.start, ',')} --> {timecode(c.end, ',')}\n{c.text}\n"
                              for i, c in enumerate(cues_, 1)))


def write_vtt(path: Path, cues_: list[Cue]) -> None:
    path.write_text("WEBVTT\n\n" + "\n".join(f"{timecode(c.start, '.')} --> {timecode(c.end, '.')}\n{c.text}\n"
                                             for c in cues_))
