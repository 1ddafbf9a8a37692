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


def concat(parts: list[Path], output: Path) -> list[tuple[float, float]]:
    """Write ``parts`` one after another into ``output``; return each part's (start, end) in seconds."""
    tmp = output.with_suffix(".tmp" + output.suffix)
    spans = []
    offset = Fraction(0)
    with av.open(str(tmp), "w") as out:
        out_stream = None
        for part in parts:
            start = offset
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
            spans.append((float(start), float(offset)))
    os.replace(tmp, output)
    return spans
