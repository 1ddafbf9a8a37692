"""Spoken lines: one speech-service interface for every engine, cached by content, in one audio format.

An ``Engine`` turns one sentence into samples and says who it is (``identity``: the engine, its
model's bytes, the speed, the library versions: everything that decides the sound). The engines
are small adapters in ``scenes.engines`` (hibari, Piper); a person's recording is the third
way a line is said (``recorded``). Whatever speaks, the line comes out the same way here:

A line is split into sentences; each sentence is given to the engine in the engine's own spoken
form (``Engine.spoken_form``: numbers and symbols as that engine reads them), trimmed of its
silence, and the sentences are joined with a fixed pause, so every sentence's start and end in
the line are known exactly (one subtitle cue each). The line is then brought to −16 LUFS with its
peaks limited (``scenes.audio``) and stored under the hash of everything that decides its sound:
the text, the engine's identity and this module's processing version. Parallel renders share the
cache; a changed sentence is one new file, every other line is reused.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from scenes import audio

PROCESSING_VERSION = 3  # bump when the processing below changes how a cached line would sound
SENTENCE_PAUSE = 0.32  # seconds between the sentences of one line
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(])")
# An engine is given at most this many words at once: a sentence without a break longer than this
# is said in pieces cut at its commas (else between words). Piper's memory grows with the input,
# and a 3,000-word sentence killed the scene's process.
PIECE_WORDS = 60
CLAUSE = re.compile(r"(?<=[,;:—])\s+")


# Symbols neither engine reads as our lines mean them (measured with each one's phonemiser):
# "σ(z)" is nonsense to hibari and "sigma z" to espeak; a middle dot is silent to both.
SYMBOLS = [
    (re.compile(r"σ\s*\(\s*([^()]+?)\s*\)"), r"sigma of \1"),
    (re.compile(r"σ"), "sigma"),
    (re.compile(r"\s*[·⋅]\s*"), " dot "),
]


def symbols_said(text: str) -> str:
    """``text`` with the symbols of ``SYMBOLS`` in words, spaces collapsed."""
    for pattern, said in SYMBOLS:
        text = pattern.sub(said, text)
    return " ".join(text.split())


# The narrator's pace at the default speed, measured on chapter 1's lines (words over seconds of
# speech, the pauses between sentences included): hibari 195, Piper's joe voice 193 words a
# minute. What a recording's length is compared with.
SPOKEN_WORDS_PER_MINUTE = 190


def spoken_seconds(text: str) -> float:
    """About how long ``text`` takes when the narrator says it."""
    return len(text.split()) * 60 / SPOKEN_WORDS_PER_MINUTE


class VoiceError(ValueError):
    """A voice that cannot speak here (not installed, not a voice): one line, said as is."""


class Engine(Protocol):
    """A synthetic voice: text in, samples out, deterministically."""

    name: str  # "hibari", "piper": what a line's record says spoke it

    @property
    def identity(self) -> str:
        """Everything that decides the sound besides the text (engine, model bytes, speed, versions)."""

    def spoken_form(self, text: str) -> str:
        """``text`` as this engine should be given it to say what the subtitles show."""

    def samples(self, text: str) -> tuple[np.ndarray, int]:
        """``text`` (already in spoken form, at most ``PIECE_WORDS`` words) spoken: float samples and their rate."""


def sentences(text: str) -> list[str]:
    """The sentences of a line ('0.97' and 'e.g. x' do not end one: a split needs a space and a capital)."""
    return [s.strip() for s in SENTENCE.split(" ".join(text.split())) if s.strip()]


def pieces(sentence: str, limit: int = PIECE_WORDS) -> list[str]:
    """``sentence`` in pieces of at most ``limit`` words, cut at clause punctuation where it can."""
    if len(sentence.split()) <= limit:
        return [sentence]
    out, current = [], []
    for clause in CLAUSE.split(sentence):
        words = clause.split()
        if current and len(current) + len(words) > limit:
            out.append(" ".join(current))
            current = []
        while len(words) > limit:  # no comma for a long way: cut between words
            out.append(" ".join(words[:limit]))
            words = words[limit:]
        current += words
    return out + ([" ".join(current)] if current else [])


@dataclass(frozen=True)
class Spoken:
    """A line said: its audio file and where each sentence lies in it (seconds)."""

    path: Path
    duration: float
    sentences: tuple[tuple[str, float, float], ...]


def line_key(text: str, engine: Engine) -> str:
    payload = json.dumps({"text": " ".join(text.split()), "voice": engine.identity, "v": PROCESSING_VERSION})
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


def _sentence_samples(sentence: str, engine: Engine) -> np.ndarray:
    parts = []
    for piece in pieces(engine.spoken_form(sentence)):
        raw, rate = engine.samples(piece)
        parts.append(audio.to_rate(np.asarray(raw, dtype=np.float64), rate))
    return audio.trim(np.concatenate(parts) if parts else np.zeros(0))


def speak(text: str, engine: Engine, cache_dir: Path) -> Spoken:
    """The line said by ``engine``, from the cache or synthesised now (and cached)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    key = line_key(text, engine)
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
        samples = _sentence_samples(sentence, engine)
        parts.append(samples)
        spans.append((sentence, t / audio.RATE, (t + len(samples)) / audio.RATE))
        t += len(samples)
    samples = audio.normalise(np.concatenate(parts) if parts else np.zeros(0))
    audio.write_wav(wav, samples)
    duration = len(samples) / audio.RATE
    _write_json(meta, {"text": text, "voice": engine.identity, "duration": duration, "sentences": spans})
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
        _write_json(meta, {"recording": str(path), "sha256": digest, "duration": duration})
    return Spoken(wav, duration, tuple(spans_by_length(text, 0.0, duration)))


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.tmp")  # atomically: parallel renders share the cache
    tmp.write_text(json.dumps(data))
    tmp.replace(path)


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
