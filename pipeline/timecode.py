"""Times as people and players read them, in one formatter: the chapter list, the subtitles and
the progress lines all count hours, minutes and seconds the same way."""

from __future__ import annotations


def timecode(seconds: float, fraction: str = "") -> str:
    """``0:07``, ``12:34``, ``1:02:03``: whole seconds, cut down (a chapter mark at or before its
    start, as YouTube reads chapter lists); with ``fraction`` ``","`` (SubRip) or ``"."`` (WebVTT):
    ``00:01:02,345``, always with hours and to the millisecond."""
    ms = int(round(seconds * 1000)) if fraction else int(seconds) * 1000
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    whole, ms = divmod(ms, 1000)
    if fraction:
        return f"{hours:02d}:{minutes:02d}:{whole:02d}{fraction}{ms:03d}"
    return f"{hours}:{minutes:02d}:{whole:02d}" if hours else f"{minutes}:{whole:02d}"
