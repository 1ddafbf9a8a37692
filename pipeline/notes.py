"""``python -m pipeline notes`` (or ``python -m pipeline.notes``, same options): lecture notes of the rendered chapters.

For each chapter, ``renders/notes/chapterN.html``: the chapter's title, then every beat in story
order (``scenes.catalogue``) with its title, its still (``pipeline.stills``: the picture once
complete) and its narration as prose, read from the ``.lines.json`` the render wrote beside the
beat's video, so the numbers in it are the ones the video says. A beat not rendered yet says so.
The page is self-contained (CSS inline, stills inline as ``data:`` URIs): it can be mailed or
opened from disk. Headless Chromium then prints it to ``renders/notes/chapterN.pdf``, one beat
per page.
"""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass
from pathlib import Path

from pipeline import browser, stills
from pipeline.captions import read_lines
from pipeline.gallery import accuracy_text, network_facts, read_manifest, title_from_name
from pipeline.jobs import scene_video
from pipeline.settings import Settings
from pipeline.webpage import COUNTER_SCRIPT, data_uri, palette_css, write_page
from scenes import catalogue

NOTES = "notes"  # folder inside the renders folder
# A pause this long between two lines means something was shown between them: a new paragraph.
PARAGRAPH_PAUSE = 1.0  # seconds; lines of one thought are a breath apart (LINE_GAP, scenes/kit/beat.py)


@dataclass
class BeatNotes:
    scene: str
    title: str
    still: Path | None  # the poster, None when the beat is not rendered (or does not decode)
    paragraphs: list[str]
    rendered: bool


def paragraphs(lines: list[dict]) -> list[str]:
    """The lines' text as prose: consecutive lines joined, a new paragraph after a long pause."""
    out: list[list[str]] = []
    end = None
    for line in lines:
        start = float(line.get("start", 0.0))
        if not out or end is None or start - end >= PARAGRAPH_PAUSE:
            out.append([])
        out[-1].append(" ".join(str(line.get("text", "")).split()))
        end = start + float(line.get("duration", 0.0))
    return [" ".join(p) for p in out if any(p)]


def beat_notes(renders: Path, chapter: str) -> list[BeatNotes]:
    notes = []
    for beat in catalogue.CHAPTERS[chapter].beats:
        video = scene_video(renders, chapter, beat.scene)
        if not video.is_file():
            notes.append(BeatNotes(beat.scene, beat.title, None, [], rendered=False))
            continue
        still, _ = stills.ensure_poster(renders, video)
        notes.append(BeatNotes(beat.scene, beat.title, still, paragraphs(read_lines(stills.lines_of(video))), True))
    return notes


CSS = palette_css(dark_too=False) + """
@page { size: A4; margin: 16mm 18mm; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 180mm; padding: 8mm 0; background: var(--bg); color: var(--fg);
       font: 11.5pt/1.5 var(--font); }
header { border-bottom: 1px solid var(--line); margin-bottom: 6mm; }
.kicker, .facts, .missing, .scene { color: var(--dim); }
.kicker { margin: 0; font-size: 10pt; text-transform: uppercase; letter-spacing: 0.08em; }
h1 { font-size: 22pt; margin: 1mm 0 2mm; }
.facts { margin: 0 0 4mm; font-size: 9.5pt; }
/* One beat per printed page: a beat reads like one slide and its notes. */
section.beat + section.beat { break-before: page; }
section.beat { padding-top: 2mm; }
h2 { font-size: 15pt; margin: 0 0 3mm; break-after: avoid; }
h2 .number { color: var(--accent); margin-right: 2mm; }
figure { margin: 0 0 4mm; break-inside: avoid; }
figure img { display: block; width: 100%; max-height: 120mm; object-fit: contain; background: var(--video);
             border-radius: 2mm; }
p { margin: 0 0 3mm; orphans: 3; widows: 3; }
.missing { font-style: italic; border: 1px dashed var(--line); border-radius: 2mm; padding: 8mm; text-align: center; }
.scene { font-size: 8.5pt; margin-top: 4mm; }
"""


def beat_section(number: int, chapter: str, beat: BeatNotes) -> str:
    e = html.escape
    head = f'<h2><span class="number">{number}</span>{e(beat.title)}</h2>'
    if not beat.rendered:
        body = (f'<p class="missing">Not rendered yet: '
                f'<code>python -m pipeline video --chapters {e(chapter)} --scenes {e(beat.scene)}</code></p>')
    else:
        figure = (f'<figure><img src="{data_uri(beat.still, "image/jpeg")}" alt="{e(beat.title)}"></figure>'
                  if beat.still else "")
        prose = "".join(f"<p>{e(p)}</p>" for p in beat.paragraphs) or '<p class="missing">No narration.</p>'
        body = figure + prose
    return (f'<section class="beat" id="{e(beat.scene)}">{head}{body}'
            f'<p class="scene">{e(chapter)} · {e(beat.scene)}</p></section>')


def chapter_page(chapter: str, beats: list[BeatNotes], facts: str) -> str:
    e = html.escape
    title = catalogue.CHAPTERS[chapter].title
    sections = "\n".join(beat_section(k, chapter, b) for k, b in enumerate(beats, 1))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}: lecture notes</title>
<style>{CSS}</style>
</head>
<body>
<header>
<p class="kicker">{e(title_from_name(chapter))} · lecture notes</p>
<h1>{e(title)}</h1>
<p class="facts">{e(facts)}</p>
</header>
{sections}
<script>{COUNTER_SCRIPT}</script>
</body>
</html>
"""


def facts_line(renders: Path, chapter: str) -> str:
    """What the notes were made from: the digit shown and the network's accuracy."""
    manifest = read_manifest(renders)
    record = next((i for i in (manifest or {}).get("items", [])
                   if isinstance(i, dict) and i.get("kind") == "chapter" and i.get("name") == chapter), {})
    digit = f"The digit shown: {record['digit']}. " if record.get("digit") else ""
    return (f"{digit}Every number is the trained network's own; "
            f"its accuracy: {accuracy_text(network_facts(manifest))}.")


def write_notes(renders: Path, chapters: list[str]) -> list[Path]:
    """``notes/chapterN.html`` and ``.pdf`` of each chapter in ``renders``; the files written.
    Raises ValueError for an unknown chapter and browser.BrowserMissing without chromium, both
    before anything is written."""
    unknown = [c for c in chapters if c not in catalogue.CHAPTERS]
    if unknown:
        raise ValueError(f"unknown chapter {', '.join(unknown)}; chapters: {', '.join(catalogue.CHAPTERS)}")
    chromium = browser.require_chromium("printing the notes to PDF")
    written = []
    for chapter in chapters:
        page = write_page(renders / NOTES / f"{chapter}.html",
                          chapter_page(chapter, beat_notes(renders, chapter), facts_line(renders, chapter)))
        written += [page, browser.print_pdf(page, page.with_suffix(".pdf"), chromium)]
    return written


def run(settings: Settings) -> int:
    """``python -m pipeline notes``: the notes of ``settings.chapters`` in ``settings.output``."""
    renders = settings.output
    if not renders.is_dir():
        print(f"notes: error: {renders}: no such folder (render the chapters first: make video)", file=sys.stderr)
        return 1
    try:
        written = write_notes(renders, list(settings.chapters))
    except (ValueError, RuntimeError, OSError) as err:  # BrowserMissing is a RuntimeError
        print(f"notes: error: {err}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


def main(argv=None) -> int:
    """``python -m pipeline.notes [options]``: the pipeline's command (its settings, options, checks)."""
    from pipeline import render

    return render.main(["notes", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
