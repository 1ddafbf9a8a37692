"""A chapter's narration track: the scenes' own audio laid end to end, each exactly as long as
its video, then measured (and, within the peak ceiling, nudged) to −16 LUFS.

Scene WAVs (manim's, beside each scene's video) are joined as samples and the chapter is
encoded once: joining AAC streams would put an encoder's priming silence and a possible click
at every join, and drift a little at each one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scenes import audio


@dataclass(frozen=True)
class Measured:
    lufs: float
    true_peak_db: float
    seconds: float


def scene_samples(wav: Path | None, seconds: float) -> np.ndarray:
    """The scene's audio cut or padded with silence to the scene's video length."""
    n = int(round(seconds * audio.RATE))
    samples = audio.read_wav(wav) if wav is not None and wav.is_file() else np.zeros(0)
    out = np.zeros(n)
    out[: min(n, len(samples))] = samples[:n]
    return out


def chapter_track(parts: list[tuple[Path | None, float]]) -> np.ndarray:
    return np.concatenate([scene_samples(wav, seconds) for wav, seconds in parts]) if parts else np.zeros(0)


# AAC encoding raises true peaks by about half a decibel (measured on both chapters: −1.5 dBTP
# before, −0.9 and −1.0 after), so the chapter is limited lower than the lines before encoding.
CHAPTER_CEILING_DBTP = -2.2


LOUDNESS_TOLERANCE = 0.2  # LU: well inside the ±0.5 promised for a chapter


def finish(track: np.ndarray) -> tuple[np.ndarray, Measured]:
    """The track at the target loudness, its peaks limited for the encoder's overshoot, measured.
    Limiting takes some loudness away (a chapter spoken by Piper came out at −16.6 LUFS after one
    pass), so the gain is made up again, limited again, until it is within the tolerance.
    Always limited at least once: a track already at −16 LUFS (its lines are) kept the lines'
    −1.5 dBTP peaks, and AAC took chapter 2's to −1.05 dBTP, over the −1 promise's margin."""
    track = audio.limit(track, CHAPTER_CEILING_DBTP)
    for _ in range(4):
        level = audio.loudness(track)
        if not np.isfinite(level) or abs(level - audio.TARGET_LUFS) < LOUDNESS_TOLERANCE:
            break
        track = audio.limit(track * 10 ** ((audio.TARGET_LUFS - level) / 20), CHAPTER_CEILING_DBTP)
    return track, measure(track)


def measure(track: np.ndarray) -> Measured:
    return Measured(round(audio.loudness(track), 2), round(audio.true_peak_db(track), 2),
                    round(len(track) / audio.RATE, 3))
