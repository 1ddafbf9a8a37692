"""Narration sound, measured and made consistent: one format, trimmed, −16 LUFS, peaks below −1 dBTP.

Manim-free (numpy, scipy, pyloudnorm, pedalboard), so the scenes use it to prepare each
spoken line and the pipeline to measure and finish each chapter's track. Loudness is
ITU-R BS.1770 integrated loudness from pyloudnorm; the peak ceiling is pedalboard's
look-ahead brick-wall limiter with true-peak (4x oversampled) detection.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

RATE = 44_100  # every line, every scene, every chapter: joining never resamples
TARGET_LUFS = -16.0
CEILING_DBTP = -1.5  # limiter ceiling: half a dB of margin under the −1 dBTP promise
SILENCE_DB = -45.0  # below this (relative to full scale) a stretch counts as silence
EDGE_SECONDS = 0.04  # kept before and after the words when trimming: no clipped consonants


def to_rate(samples: np.ndarray, rate: int) -> np.ndarray:
    if rate == RATE:
        return samples.astype(np.float64)
    from math import gcd

    g = gcd(RATE, rate)
    return resample_poly(samples.astype(np.float64), RATE // g, rate // g)


def trim(samples: np.ndarray, rate: int = RATE) -> np.ndarray:
    """Leading and trailing silence removed (but ``EDGE_SECONDS`` kept)."""
    loud = np.flatnonzero(np.abs(samples) > 10 ** (SILENCE_DB / 20) * max(np.abs(samples).max(), 1e-9))
    if loud.size == 0:
        return samples[:0]
    edge = int(EDGE_SECONDS * rate)
    return samples[max(0, loud[0] - edge): loud[-1] + edge + 1]


def loudness(samples: np.ndarray, rate: int = RATE) -> float:
    """Integrated loudness in LUFS (−inf for silence); short clips are measured padded with silence."""
    import pyloudnorm

    block = int(0.4 * rate)
    if len(samples) < block:  # BS.1770 needs one 400 ms block; gating ignores the added silence
        samples = np.concatenate([samples, np.zeros(block - len(samples))])
    return float(pyloudnorm.Meter(rate).integrated_loudness(samples))


def true_peak_db(samples: np.ndarray) -> float:
    """Peak of the 4x oversampled signal (BS.1770 true peak), in dBTP."""
    if len(samples) == 0:
        return float("-inf")
    peak = float(np.abs(resample_poly(samples, 4, 1)).max())
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def limit(samples: np.ndarray, ceiling_db: float = CEILING_DBTP) -> np.ndarray:
    import pedalboard

    limiter = pedalboard.BrickwallLimiter(ceiling_db=ceiling_db, true_peak=True)
    return limiter(samples.astype(np.float32)[None, :], RATE)[0].astype(np.float64)


def normalise(samples: np.ndarray, target: float = TARGET_LUFS) -> np.ndarray:
    """Gain to ``target`` LUFS, peaks limited; a second pass makes up what limiting took away."""
    out = samples
    for _ in range(8):
        level = loudness(out)
        if not np.isfinite(level):
            return out
        # A quarter of a LU is far inside the ±1 LU promise; closer costs a limiter pass a line.
        if abs(level - target) < 0.25 and true_peak_db(out) <= CEILING_DBTP + 0.3:
            break
        out = limit(out * 10 ** ((target - level) / 20))
    return out


def write_wav(path: Path, samples: np.ndarray) -> None:
    """16-bit mono WAV at ``RATE``, written atomically (parallel renders share a cache)."""
    pcm = np.round(np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    tmp = path.with_name(f".{path.name}.{id(pcm)}.tmp")
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())
    tmp.replace(path)


def read_wav(path: Path) -> np.ndarray:
    """Mono float samples at ``RATE`` of a WAV this module (or manim, from its lines) wrote."""
    with wave.open(str(path), "rb") as w:
        rate, width, channels = w.getframerate(), w.getsampwidth(), w.getnchannels()
        data = w.readframes(w.getnframes())
    if width != 2:
        raise ValueError(f"{path}: {8 * width}-bit audio, expected 16-bit")
    samples = np.frombuffer(data, "<i2").astype(np.float64) / 32767
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return to_rate(samples, rate)


RECORDING_SUFFIXES = (".wav", ".flac", ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus")
MIN_RECORDING_SECONDS = 0.2  # shorter than this after trimming: no words in it


class UnreadableAudio(ValueError):
    pass


def decode(path: Path) -> np.ndarray:
    """Mono float samples at ``RATE`` of any file FFmpeg (through PyAV) decodes: WAV, FLAC, MP3,
    M4A/AAC, OGG. ``UnreadableAudio`` in one line for a file that is not audio or holds none."""
    import av

    chunks = []
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise UnreadableAudio(f"{path}: no audio in it")
            resampler = av.AudioResampler(format="fltp", layout="mono", rate=RATE)
            for frame in container.decode(audio=0):
                chunks += [f.to_ndarray()[0] for f in resampler.resample(frame)]
            chunks += [f.to_ndarray()[0] for f in resampler.resample(None)]
    except UnreadableAudio:
        raise
    except Exception as err:  # PyAV raises many kinds (InvalidDataError, EOFError, ...); the user needs one line
        raise UnreadableAudio(f"{path}: not readable audio ({type(err).__name__}: {err})") from None
    samples = np.concatenate(chunks).astype(np.float64) if chunks else np.zeros(0)
    if not samples.size or len(trim(samples)) < MIN_RECORDING_SECONDS * RATE:
        raise UnreadableAudio(f"{path}: empty or silent (less than {MIN_RECORDING_SECONDS} s of sound)")
    return samples
