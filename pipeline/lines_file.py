"""A lecturer's own words for some lines, without editing Python: a text file of

    # comments and blank lines are ignored
    chapter1.SloppyThrees.2: Each one is a small picture, a grid of 28 by 28 grey squares.

Ids are those ``make script`` prints. Here the file's form is checked (UTF-8 text, every id names
a beat of a chapter, no id twice, no line longer than ``MAX_LINE_WORDS``); each scene checks the
rest when it renders: that its id is one of its lines and that the new text still says every
number the line says from the bundle.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.recordings import LINE_ID
from scenes import catalogue

# The longest line of the chapters has about 70 words; a screenful of talk over one picture is
# far below this. Longer is a pasted text, not a line (a 3,000-word one ran the synthesis out of
# memory): refused, naming it.
MAX_LINE_WORDS = 300


def read(path: Path) -> dict[str, str]:
    """line id -> text; ``ValueError`` in one line, naming the file and line, for anything malformed."""
    texts: dict[str, str] = {}
    try:
        content = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(f"{path}: not UTF-8 text (byte 0x{err.object[err.start]:02x} at offset {err.start}); "
                         "expected plain text lines 'chapterN.Scene.k: new text', saved as UTF-8") from None
    for number, raw in enumerate(content.splitlines(), 1):
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
        if len(text.split()) > MAX_LINE_WORDS:
            raise ValueError(f"{where}: {line_id} has {len(text.split()):,} words; a line may have at most "
                             f"{MAX_LINE_WORDS} (shorten it, or say the rest in the scene's other lines)")
        if line_id in texts:
            raise ValueError(f"{where}: {line_id} is given twice")
        texts[line_id] = text
    return texts


def for_scene(texts: dict[str, str], chapter: str, scene: str) -> tuple[tuple[str, str], ...]:
    prefix = f"{chapter}.{scene}."
    return tuple((k, v) for k, v in texts.items() if k.startswith(prefix))
