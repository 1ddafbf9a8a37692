"""How a beat's lines become sound and time: the speech service manim-voiceover calls, and the
record of every line said (text, when, each sentence's span), which the pipeline turns into
subtitles.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from manim_voiceover.services.base import SpeechService

from scenes.speech import Engine, recorded, spans_by_length, speak

WORDS_PER_MINUTE = 160  # reading (VOICE=none) and planning pace: the middle of 140-170
MIN_LINE_SECONDS = 1.5


def reading_seconds(text: str) -> float:
    """How long a line stays when it is read, not heard (and how long a still assumes it takes)."""
    return max(MIN_LINE_SECONDS, len(text.split()) * 60 / WORDS_PER_MINUTE + 0.5)


class NarrationError(ValueError):
    """A lecturer's lines file or recordings, or a scene's lines, that cannot be used as they are
    (one line, said as is: ``scenes.run`` prints it and exits with 2)."""


class NarratorService(SpeechService):
    """manim-voiceover's speech service: our engine (``scenes.engines``) and its content-addressed
    cache, or, for a line a person recorded, their recording (if it was made for the line's text as
    it is now). The line's id comes with each call: ``voiceover(text=..., line_id=...)``."""

    def __init__(self, engine: Engine, line_cache: Path, work_dir: Path,
                 recordings: dict[str, tuple[str, str]] | None = None):
        # work_dir holds manim-voiceover's own cache.json for this one render; the lines
        # themselves live in line_cache, shared by every render and keyed by their content.
        super().__init__(cache_dir=str(work_dir))
        self.engine, self.line_cache = engine, line_cache
        self.recordings = recordings or {}  # line id -> (audio file, the text it was recorded for)
        self.warnings: list[str] = []

    def generate_from_text(self, text: str, cache_dir=None, path=None, line_id: str = "", **kwargs) -> dict:
        source, spoken = self.engine.name, None
        if line_id in self.recordings:
            audio_file, recorded_for = self.recordings[line_id]
            if recorded_for == text:  # both with spaces collapsed (recordings.find, Beat.say)
                source, spoken = "recording", recorded(Path(audio_file), text, self.line_cache)
            else:
                self.warnings.append(f"{audio_file} was recorded for another text of line {line_id}; "
                                     "the synthetic voice speaks it (delete the recording, run make script, "
                                     "and record the line again)")
        if spoken is None:
            spoken = speak(text, self.engine, self.line_cache)
        return {"input_text": text,
                "input_data": {"input_text": text, "service": source, "line": line_id,
                               "config": {"voice": self.engine.identity}},
                "original_audio": str(spoken.path.resolve()),  # absolute: cache_dir / it is it
                "sentences": [list(s) for s in spoken.sentences],
                "source": source}


@dataclass
class Line:
    id: str  # "chapter1.ForwardPass.3": module, scene, place in the scene
    text: str
    start: float  # seconds into the scene
    duration: float
    sentences: list  # [text, start, end] within the scene
    spoken: bool
    source: str = ""  # who says it: the engine ("hibari", "piper"), "recording", or "" (nobody: read on screen)
    numbers: list = field(default_factory=list)  # [name, value, text] of each number said
    # names (as given to spoken.num) of numbers this line says without showing them on screen:
    # the frame rules do not look for these (say(..., spoken_only=...))
    spoken_only: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def estimated_sentences(text: str, start: float, duration: float) -> list:
    """Sentence spans by length, for a line nobody speaks (VOICE=none, stills)."""
    return [[p, round(a, 4), round(b, 4)] for p, a, b in spans_by_length(text, start, duration)]
