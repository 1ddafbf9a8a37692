"""A lecturer's recorded lines: ``<VOICE_DIR>/<line id>.<wav|flac|mp3|m4a|aac|ogg>``.

``make script`` writes ``<line id>.txt`` beside where each recording goes: the text to read.
A recording is used only while that text is still the line's text (the scene checks, since
only it knows the text for the current digit and network); otherwise the synthetic voice says
the line and the run warns, naming the file. A recording that is not readable audio is
refused before anything renders, so nothing rendered is lost; one far longer or shorter than its
text would take at the narrator's pace (noise, a wrong file) is used, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from scenes import audio, catalogue
from scenes.speech import spoken_seconds

# chapter.Scene.k, k the line's place from 1 or its stable name (Beat.say(..., name="pulse"))
LINE_ID = re.compile(r"^([a-z]\w*)\.([A-Za-z_]\w*)\.(\d+|[a-z][a-z0-9_]*)$")
LENGTH_RATIO = 3.0  # a recording this many times longer or shorter than its text suggests: warned about


@dataclass(frozen=True)
class Recording:
    line_id: str
    audio: Path
    recorded_for: str  # the text of <line id>.txt, spaces collapsed as lines are; "" when there is none

    @property
    def scene(self) -> tuple[str, str]:
        chapter, scene, _ = LINE_ID.match(self.line_id).groups()
        return chapter, scene


def sidecar(folder: Path, line_id: str) -> Path:
    return folder / f"{line_id}.txt"


def find(folder: Path) -> tuple[list[Recording], list[str]]:
    """The recordings in ``folder`` and a warning for each audio file named after no line."""
    found, warnings = [], []
    if not folder.is_dir():
        return found, warnings
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in audio.RECORDING_SUFFIXES or not path.is_file():
            continue
        match = LINE_ID.match(path.stem)
        chapter = catalogue.CHAPTERS.get(match.group(1)) if match else None
        if chapter is None or match.group(2) not in {b.scene for b in chapter.beats}:
            warnings.append(f"{path}: not named after a line (chapterN.Scene.k, as in make script's output); not used")
            continue
        text_file = sidecar(folder, path.stem)
        recorded_for = " ".join(text_file.read_text().split()) if text_file.is_file() else ""
        found.append(Recording(path.stem, path.resolve(), recorded_for))
    taken: dict[str, Recording] = {}
    for r in found:
        if r.line_id in taken:
            raise ValueError(f"two recordings of line {r.line_id}: {taken[r.line_id].audio.name} and {r.audio.name}; "
                             "keep one")
        taken[r.line_id] = r
    return found, warnings


def for_scene(recordings: list[Recording], chapter: str, scene: str) -> tuple[tuple[str, str, str], ...]:
    """What a scene's job is given: (line id, audio file, text it was recorded for)."""
    return tuple((r.line_id, str(r.audio), r.recorded_for) for r in recordings if r.scene == (chapter, scene))


def check(recordings: list[tuple[str, str, str]]) -> list[str]:
    """Every recording (line id, audio file, text recorded for) decodes to some sound, or
    ``audio.UnreadableAudio`` naming the first that does not; a warning for each one whose length
    is far from what its text would take at the narrator's pace."""
    warnings = []
    for _, file, text in recordings:
        seconds = len(audio.decode(Path(file))) / audio.RATE
        expected = spoken_seconds(text) if text else 0.0
        if expected and not expected / LENGTH_RATIO <= seconds <= expected * LENGTH_RATIO + 2:
            warnings.append(f"{file} lasts {seconds:.1f} s, but its text ({len(text.split())} words) takes about "
                            f"{expected:.1f} s at the narrator's pace; it is used as it is (check it is the right "
                            "recording)")
    return warnings
