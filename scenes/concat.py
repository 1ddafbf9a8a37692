"""Join a chapter's scene files into one video without re-encoding, and list its chapters.

Every scene of a render shares codec, size and frame rate (one manim config), so
packets can be copied across with shifted timestamps; PyAV (shipped with manim,
with its own FFmpeg) does the muxing, so no system ffmpeg is needed.
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import av


def concat(parts: list[Path], output: Path) -> list[float]:
    """Write ``parts`` one after another into ``output``; return each part's start in seconds."""
    tmp = output.with_suffix(".tmp" + output.suffix)
    starts = []
    offset = Fraction(0)
    with av.open(str(tmp), "w") as out:
        out_stream = None
        for part in parts:
            starts.append(float(offset))
            with av.open(str(part)) as src:
                stream = src.streams.video[0]
                if out_stream is None:
                    out_stream = out.add_stream_from_template(stream)
                tb = stream.time_base
                end = Fraction(0)
                for packet in src.demux(stream):
                    if packet.dts is None:
                        continue
                    shift = int(offset / tb)
                    packet.pts += shift
                    packet.dts += shift
                    end = max(end, (packet.pts - shift + (packet.duration or 0)) * tb)
                    packet.stream = out_stream
                    out.mux(packet)
                offset += end
    os.replace(tmp, output)
    return starts


def timestamp(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def write_chapters(path: Path, chapters: list[tuple[float, str]]) -> None:
    """``MM:SS Title`` lines (the format video platforms read) plus the same as JSON."""
    path.write_text("".join(f"{timestamp(start)} {title}\n" for start, title in chapters))
    import json

    path.with_suffix(".json").write_text(
        json.dumps([{"start_seconds": round(start, 3), "title": title} for start, title in chapters], indent=1) + "\n"
    )
