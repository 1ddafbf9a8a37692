"""Spoken lines: one speech-service interface for every engine, cached by content, in one audio format.

An ``Engine`` turns one sentence into samples and says who it is (``identity``: the engine, its
model's bytes, the speed, the library versions: everything that decides the sound). The engines
are small adapters in ``scenes.engines`` (hibari, Piper); a person's recording is the third
way a line is said (``recorded``). Whatever speaks, the line comes out the same way here:

A line is split into sentences; each sentence is given to the engine in the engine's own spoken
form (``Engine.spoken_form``: numbers and symbols as that engine reads them), trimmed of its
silence, and the sentences are joined with the engine's pause, so every sentence's start and end in
the line are known exactly (one subtitle cue each). A line that comes out faster than
``MAX_WORDS_PER_MINUTE`` (words counted as said, ``scenes.said``: lines of short words do) is said
again a little slower, by at most ``MAX_STRETCH``. The line is then brought to −16 LUFS with its
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

PROCESSING_VERSION = 4  # bump when the processing below changes how a cached line would sound
SENTENCE_PAUSE = 0.32  # seconds between the sentences of one line, for an engine that does not say its own
# Issue 20: every line at most 170 words a minute at the default voice speed. The engines' base
# pace puts the median near 155, but a line of short words ("This 5 it reads as a 6") runs 30 %
# faster than one of long ones at the same speed; such a line is said again slower, to this many
# words a minute (under 170: stretching is not exactly proportional), by at most MAX_STRETCH
# (hibari at 0.8 slowed to 0.7: still its natural voice; slower it drawls). What is still over
# after that is for the line's words to fix (bench/pace.py lists it).
MAX_WORDS_PER_MINUTE = 165
MAX_STRETCH = 1.15
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


# The narrator's pace at the default speed (words as written over seconds of speech, the pauses
# between sentences included), about 150 for both engines since issue 20 (bench/pace.py counts
# words as said: a little higher). What a recording's length is compared with.
SPOKEN_WORDS_PER_MINUTE = 150


def spoken_seconds(text: str) -> float:
    """About how long ``text`` takes when the narrator says it."""
    return len(text.split()) * 60 / SPOKEN_WORDS_PER_MINUTE


class VoiceError(ValueError):
    """A voice that cannot speak here (not installed, not a voice): one line, said as is."""


class Engine(Protocol):
    """A synthetic voice: text in, samples out, deterministically."""

    name: str  # "hibari", "piper": what a line's record says spoke it
    speed: float  # the voice speed setting: 1 = the narrator's pace
    sentence_pause: float  # seconds of silence between the sentences of a line

    @property
    def identity(self) -> str:
        """Everything that decides the sound besides the text (engine, model bytes, speed, versions)."""

    def spoken_form(self, text: str) -> str:
        """``text`` as this engine should be given it to say what the subtitles show."""

    def samples(self, text: str, slower: float = 1.0) -> tuple[np.ndarray, int]:
        """``text`` (already in spoken form, at most ``PIECE_WORDS`` words) spoken ``slower`` times
        slower than the engine's pace: float samples and their rate."""


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


def _sentence_samples(sentence: str, engine: Engine, slower: float = 1.0) -> np.ndarray:
    parts = []
    for piece in pieces(engine.spoken_form(sentence)):
        raw, rate = engine.samples(piece, slower)
        parts.append(audio.to_rate(np.asarray(raw, dtype=np.float64), rate))
    return audio.trim(np.concatenate(parts) if parts else np.zeros(0))


def _said(text: str, engine: Engine, slower: float) -> tuple[list[np.ndarray], list[tuple[str, float, float]], int]:
    """The line's sentences said and the pauses between them, each sentence's span, and the samples of speech."""
    pause = np.zeros(int(getattr(engine, "sentence_pause", SENTENCE_PAUSE) * audio.RATE))
    parts, spans, t, speech = [], [], 0, 0
    for i, sentence in enumerate(sentences(text)):
        if i:
            parts.append(pause)
            t += len(pause)
        samples = _sentence_samples(sentence, engine, slower)
        parts.append(samples)
        spans.append((sentence, t / audio.RATE, (t + len(samples)) / audio.RATE))
        t += len(samples)
        speech += len(samples)
    return parts, spans, speech


def stretch_for(words: int, speech_seconds: float, pause_seconds: float, ceiling: float) -> float:
    """How much slower to say a line of ``words`` whose speech took ``speech_seconds`` (plus
    ``pause_seconds`` of pauses) to bring it to ``ceiling`` words a minute: 1 if it already is,
    at most ``MAX_STRETCH``."""
    if speech_seconds <= 0 or words * 60 <= ceiling * (speech_seconds + pause_seconds):
        return 1.0
    wanted = words * 60 / ceiling - pause_seconds  # seconds of speech at the ceiling
    return min(MAX_STRETCH, wanted / speech_seconds)


def speak(text: str, engine: Engine, cache_dir: Path) -> Spoken:
    """The line said by ``engine``, from the cache or synthesised now (and cached)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    key = line_key(text, engine)
    wav, meta = cache_dir / f"{key}.wav", cache_dir / f"{key}.json"
    if wav.is_file() and meta.is_file():
        info = json.loads(meta.read_text())
        return Spoken(wav, info["duration"], tuple(tuple(s) for s in info["sentences"]))
    from scenes.said import words_said  # (it builds on this module's symbols)

    parts, spans, speech = _said(text, engine, 1.0)
    total = sum(len(p) for p in parts)
    slower = stretch_for(words_said(text), speech / audio.RATE, (total - speech) / audio.RATE,
                         MAX_WORDS_PER_MINUTE * getattr(engine, "speed", 1.0))
    if slower > 1.0:
        parts, spans, _ = _said(text, engine, slower)
    samples = audio.normalise(np.concatenate(parts) if parts else np.zeros(0))
    audio.write_wav(wav, samples)
    duration = len(samples) / audio.RATE
    _write_json(meta, {"text": text, "voice": engine.identity, "duration": duration, "sentences": spans,
                       "slower": round(slower, 4)})
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
