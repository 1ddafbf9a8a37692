"""A lecturer's own words for some lines, without editing Python: a text file of

    # comments and blank lines are ignored
    chapter1.SloppyThrees.2: Each one is a small picture, a grid of 28 by 28 grey squares.

Ids are those ``make script`` prints. Here the file's form is checked (every id names a beat
of a chapter, no id twice); each scene checks the rest when it renders: that its id is one of
its lines and that the new text still says every number the line says from the bundle.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.recordings import LINE_ID
from scenes import catalogue


def read(path: Path) -> dict[str, str]:
    """line id -> text; ``ValueError`` in one line, naming the file and line, for anything malformed."""
    texts: dict[str, str] = {}
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line_id, colon, text = line.partition(":")
        line_id, text = line_id.strip(), " ".join(text.split())
        where = f"{path}:{number}"
        match = LINE_ID.match(line_id)
        if not colon or not match:
            raise ValueError(f"{where}: expected 'chapterN.Scene.k: new text', got {raw.strip()[:60]!r}")
        chapter = catalogue.CHAPTERS.get(match.group(1))
        if chapter is None:
            raise ValueError(f"{where}: no chapter {match.group(1)}; chapters: {', '.join(catalogue.CHAPTERS)}")
        scenes = [b.scene for b in chapter.beats]
        if match.group(2) not in scenes:
            raise ValueError(f"{where}: {match.group(1)} has no beat {match.group(2)}; its beats: {', '.join(scenes)}")
        if not text:
            raise ValueError(f"{where}: {line_id} has no text after the colon")
        if line_id in texts:
            raise ValueError(f"{where}: {line_id} is given twice")
        texts[line_id] = text
    return texts


def for_scene(texts: dict[str, str], chapter: str, scene: str) -> tuple[tuple[str, str], ...]:
    prefix = f"{chapter}.{scene}."
    return tuple((k, v) for k, v in texts.items() if k.startswith(prefix))
