"""hibari (``hibari-tts``, Apache-2.0): the default narrator.

A 7.9 MB model distilled from Kokoro-82M's ``af_heart`` voice, with its lexicon and phonemiser,
all inside the wheel: nothing is downloaded. hibari's other voices download on first use; a render
never does, so ``check`` refuses one that is not already on this machine.

hibari adds a noise component drawn from a random generator: seeded here per sentence, so the
same text always gives the same samples. One onnxruntime thread: the same arithmetic every run
(and the scenes already run two at a time on two cores).
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib.metadata import version

import numpy as np

from scenes.speech import VoiceError, symbols_said

DEFAULT_VOICE = "heart"
SEED = 0
# The narrator's pace relative to hibari's own (the teacher's, Kokoro's af_heart). At 1.0 the
# chapters' lines ran at a median 196 words a minute (numbers counted as said, bench/pace.py), up
# to 265 on lines of short words: too fast for a first-time listener. 0.8 brings the median to
# about 155; ``speech.speak`` eases the densest lines further (``speech.MAX_STRETCH``).
PACE = 0.8
# Silence between the sentences of a line: hibari's sentences end crisply, and 0.32 s ran them
# together; about the breath a narrator takes at a full stop.
SENTENCE_PAUSE = 0.45

# What hibari's phonemiser reads wrongly beyond the shared symbols (``speech.SYMBOLS``), measured
# with ``Hibari().phonemize``: a Unicode minus or dash before a number is dropped ("−0.75": "zero
# seventy five"; ASCII "-0.75" and "minus 0.75" are read right), "e.g." is spelled out, and a
# decimal's trailing zeros are dropped ("0.90" is said "zero point nine", while the screen shows
# 0.90), so such a fraction is said digit by digit.
DIGIT_NAMES = "zero one two three four five six seven eight nine".split()
TRAILING_ZERO = re.compile(r"(?<![\w.])(\d+)\.(\d*0)(?![\w.]?\d)")


def _fraction_said(match: re.Match) -> str:
    return f"{match[1]} point {' '.join(DIGIT_NAMES[int(d)] for d in match[2])}"


SPOKEN = [
    (TRAILING_ZERO, _fraction_said),
    (re.compile(r"(?<![\w.])[−–](?=\d)"), "minus "),
    (re.compile(r"\be\.g\.(?=\s)"), "for example"),
]


def check(model: str) -> str:
    """The hibari voice to use ("" = the packaged one), or ``VoiceError`` if it is not on this machine."""
    from hibari import voices

    name = model or DEFAULT_VOICE
    if name not in voices.VOICES:
        raise VoiceError(f"voice_model = {model!r}: not a hibari voice; hibari's voices: {', '.join(voices.VOICES)} "
                         f"(a Piper .onnx voice needs voice = piper)")
    try:
        voices.voice_path(name, download_missing=False)
    except FileNotFoundError as missing:
        raise VoiceError(f"hibari voice {name!r} is not installed (only {DEFAULT_VOICE!r} ships in the package, "
                         f"and nothing is downloaded while rendering): copy its file to {missing}, "
                         f"or leave voice_model empty for {DEFAULT_VOICE!r}") from None
    return "" if name == DEFAULT_VOICE else name


@cache
def _model_sha256(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


@cache
def _tts(name: str):
    from hibari import Hibari as Tts

    return Tts(voice=name, threads=1)


class Hibari:
    name = "hibari"
    rate = 24_000

    def __init__(self, model: str = "", speed: float = 1.0):
        self.voice = model or DEFAULT_VOICE
        self.speed = speed

    @property
    def identity(self) -> str:
        from hibari import voices

        path = voices.voice_path(self.voice, download_missing=False)
        return (f"hibari {version('hibari-tts')}:{self.voice}:{_model_sha256(path)[:16]}"
                f":onnxruntime {version('onnxruntime')}:seed {SEED}:pace {PACE:g}"
                f"+{SENTENCE_PAUSE:g}s@{self.speed:g}")

    def spoken_form(self, text: str) -> str:
        for pattern, said in SPOKEN:
            text = pattern.sub(said, text)
        return symbols_said(text)

    sentence_pause = SENTENCE_PAUSE

    def samples(self, text: str, slower: float = 1.0) -> tuple[np.ndarray, int]:
        tts = _tts(self.voice)
        rng = np.random.default_rng(SEED)
        speed = PACE * self.speed / slower
        parts = [tts.from_ids(tts.ids(ps), speed, rng) for ps in tts.phonemize(text)]
        return (np.concatenate(parts) if parts else np.zeros(0, np.float32)), tts.sample_rate
