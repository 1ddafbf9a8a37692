"""Join a chapter's scene files into one video, with its narration track and subtitles.

Every scene of a render shares codec, size and frame rate (one manim config), so video
packets are copied across with shifted timestamps, never re-encoded. The narration is
encoded once for the whole chapter (AAC, from ``pipeline.soundtrack``), and the spoken
sentences go in as an mp4 text subtitle track (mov_text) that players can switch on.
PyAV (shipped with manim, with its own FFmpeg) does all of it: no system ffmpeg needed.
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from pipeline.captions import Cue
from scenes import audio

AAC_BITRATE = 128_000
AAC_FRAME = 1024
# The minimal ASS header mov_text needs to start (styling is left to the player).
SUBTITLE_HEADER = (
    b"[Script Info]\nScriptType: v4.00+\nPlayResX: 384\nPlayResY: 288\n\n[V4+ Styles]\n"
    b"Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, "
    b"Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, "
    b"MarginL, MarginR, MarginV, Encoding\n"
    b"Style: Default,DejaVu Sans,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0\n\n"
    b"[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n")


def durations(parts: list[Path]) -> list[float]:
    """Each file's video length in seconds (last packet's end), as the join will lay it out."""
    out = []
    for part in parts:
        with av.open(str(part)) as src:
            stream = src.streams.video[0]
            end = Fraction(0)
            for packet in src.demux(stream):
                if packet.dts is not None:
                    end = max(end, (packet.pts + (packet.duration or 0)) * stream.time_base)
            out.append(float(end))
    return out


def _copy_video(out, parts: list[Path]) -> list[tuple[float, float]]:
    spans, offset, out_stream = [], Fraction(0), None
    for part in parts:
        start = offset
        with av.open(str(part)) as src:
            stream = src.streams.video[0]
            if out_stream is None:
                out_stream = out.add_stream_from_template(stream)
            tb = stream.time_base
            end = Fraction(0)
            shift = int(offset / tb)
            for packet in src.demux(stream):
                if packet.dts is None:
                    continue
                packet.pts += shift
                packet.dts += shift
                end = max(end, (packet.pts - shift + (packet.duration or 0)) * tb)
                packet.stream = out_stream
                out.mux(packet)
            offset += end
        spans.append((float(start), float(offset)))
    return spans


def _encode_audio(out, stream, track: np.ndarray) -> None:
    samples = track.astype(np.float32)
    for i in range(0, len(samples), AAC_FRAME):
        frame = av.AudioFrame.from_ndarray(samples[None, i:i + AAC_FRAME], format="fltp", layout="mono")
        frame.sample_rate, frame.pts = audio.RATE, i
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode(None):
        out.mux(packet)


def _mux_subtitles(out, stream, cues: list[Cue]) -> None:
    from av.subtitles.subtitle import SubtitleSet

    for k, cue in enumerate(cues):
        start, end = int(round(cue.start * 1000)), int(round(cue.end * 1000))
        text = cue.text.replace("\n", " ").encode()
        packet = stream.codec_context.encode_subtitle(SubtitleSet.create(b"%d,0,Default,,0,0,0,,%s" % (k, text),
                                                                         0, end - start, start))
        packet.stream, packet.pts, packet.dts, packet.duration = stream, start, start, end - start
        out.mux(packet)


def concat(parts: list[Path], output: Path, track: np.ndarray | None = None,
           cues: list[Cue] | None = None) -> list[tuple[float, float]]:
    """Write ``parts`` one after another into ``output`` (with the narration ``track`` and subtitle
    ``cues`` if given); return each part's (start, end) in seconds."""
    tmp = output.with_suffix(".tmp" + output.suffix)
    with av.open(str(tmp), "w") as out:
        audio_stream = subtitle_stream = None
        if track is not None:
            audio_stream = out.add_stream("aac", rate=audio.RATE, layout="mono")
            audio_stream.bit_rate = AAC_BITRATE
        if cues:
            subtitle_stream = out.add_stream("mov_text")
            subtitle_stream.codec_context.subtitle_header = SUBTITLE_HEADER
            subtitle_stream.time_base = Fraction(1, 1000)
        spans = _copy_video(out, parts)
        if audio_stream is not None:
            _encode_audio(out, audio_stream, track)
        if subtitle_stream is not None:
            _mux_subtitles(out, subtitle_stream, cues)
    os.replace(tmp, output)
    return spans
