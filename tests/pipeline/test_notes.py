"""Lecture notes and posters from a real render of the tiny narrated chapter (spoken_chapter.py).

The notes list a third beat between the two rendered ones, never rendered, which must say so.
The page is opened in headless Chromium (every still loads, nothing comes from the network), the
PDF is read back with poppler's pdftotext (one page per beat, in story order, with the narration)
and one page is rasterised with pdftoppm.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from pipeline import browser, notes, stills
from pipeline.captions import read_lines
from scenes import catalogue
from tests.pipeline.headless import chromium, page_counts
from tests.pipeline.spoken_chapter import BEATS

WITH_A_GAP = (BEATS[0], catalogue.Beat("Between", "A beat not rendered yet"), BEATS[1])


def words(text: str) -> str:
    return " ".join(text.split())


def poppler(tool: str, *args: str) -> str:
    if not shutil.which(tool):
        pytest.fail(f"{tool} is not installed: run tools/install-test-deps.sh (poppler-utils)")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True, timeout=60).stdout


@pytest.fixture(scope="module")
def written(spoken_renders):
    renders, module = spoken_renders
    chromium()
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(catalogue.CHAPTERS, "spoken", catalogue.Chapter("spoken", "Spoken", WITH_A_GAP, module))
        return renders, notes.write_notes(renders, ["spoken"])


def said(renders: Path, scene: str) -> list[str]:
    return [words(line["text"]) for line in read_lines(renders / "spoken" / f"{scene}.lines.json")]


def test_the_notes_are_one_page_and_one_pdf(written):
    renders, files = written
    assert files == [renders / "notes" / "spoken.html", renders / "notes" / "spoken.pdf"]
    text = files[0].read_text(encoding="utf-8")
    # Self-contained: the stills are inline, nothing is linked.
    assert re.findall(r'<img src="([a-z]+):', text) == ["data", "data"]
    assert not re.search(r'(src|href)="(?!data:)', text) and "http" not in text and "@import" not in text
    assert "Not rendered yet" in text and "A beat not rendered yet" in text


def test_the_page_loads_every_still_from_file_and_nothing_else(written, tmp_path):
    renders, files = written
    counts = page_counts(chromium(), tmp_path / "profile", files[0])
    assert counts.get("images-total") == "2" and counts.get("images-loaded") == "2", counts
    assert counts.get("resources-remote") == "0", counts


def test_the_pdf_has_a_page_per_beat_in_story_order_with_its_narration(written):
    renders, files = written
    pdf = str(files[1])
    pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", pdf)).group(1))
    assert pages == len(WITH_A_GAP)
    for number, beat in enumerate(WITH_A_GAP, 1):
        page = words(poppler("pdftotext", "-f", str(number), "-l", str(number), pdf, "-"))
        assert f"{number} {beat.title}" in page, (number, page)
        others = [b.title for b in WITH_A_GAP if b is not beat]
        assert not any(f" {title}" in page for title in others), page
        if beat.scene == "Between":
            assert "Not rendered yet" in page
        else:  # every line said, as prose: the numbers in it are the video's own
            lines = said(renders, beat.scene)
            assert lines and all(line in page for line in lines), (lines, page)
    whole = words(poppler("pdftotext", pdf, "-"))
    assert whole.startswith("SPOKEN · LECTURE NOTES Spoken")
    assert "This one holds 0.97." in whole


def test_a_pdf_page_is_readable(written, tmp_path):
    _, files = written
    poppler("pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(files[1]), str(tmp_path / "page"))
    page = Image.open(tmp_path / "page-1.png").convert("L")
    assert abs(page.size[0] - 413) <= 1 and abs(page.size[1] - 585) <= 1, page.size  # A4 at 50 dpi
    grey = np.asarray(page, dtype=float)
    assert grey.mean() > 150, "the page should be mostly white paper"
    dark = grey < 100  # the still (a dark video frame) and the text
    assert dark[:, :25].mean() < 0.01, "nothing should be printed in the left margin (18 mm: 35 px)"
    assert dark.mean() > 0.05, "no still or text on the first page"


def test_a_poster_is_the_picture_when_the_last_line_ends(spoken_renders, tmp_path):
    renders, _ = spoken_renders
    video = renders / "spoken" / "First.mp4"
    poster = stills.poster_path(renders, video)
    stills.write_posters(renders)
    assert poster == renders / "posters" / "spoken" / "First.jpg" and poster.is_file()
    lines = json.loads((renders / "spoken" / "First.lines.json").read_text())["lines"]
    end = lines[-1]["start"] + lines[-1]["duration"]
    with av.open(str(video)) as c:
        s = c.streams.video[0]
        wanted = stills.still_time(end, s.frames / float(s.average_rate), 1 / float(s.average_rate))
        frames = [(f.time, f.to_ndarray(format="rgb24")) for f in c.decode(s)]
    expected = min(frames, key=lambda f: abs(f[0] - wanted))[1].astype(float)
    got = np.asarray(Image.open(poster).convert("RGB"), dtype=float)
    assert got.shape == expected.shape
    assert np.abs(got - expected).mean() < 4, "the poster is not the frame at the end of the last line"
    assert got.std() > 5, "the poster is one flat colour"
    Image.open(poster).save(tmp_path / "poster.png")  # to look at (pytest --basetemp=…)


def test_posters_are_made_once_and_follow_their_video(spoken_renders, tmp_path):
    renders = tmp_path / "r"
    shutil.copytree(spoken_renders[0], renders, ignore=shutil.ignore_patterns(".manim", ".voice", "posters"))
    made = stills.write_posters(renders)
    assert sorted(p.name for p in made) == ["First.jpg", "Second.jpg"]
    assert stills.write_posters(renders) == []  # nothing new: nothing decoded
    later = (renders / "posters" / "spoken" / "Second.jpg").stat().st_mtime + 5  # whatever the clock's grain
    os.utime(renders / "spoken" / "Second.lines.json", (later, later))
    assert [p.name for p in stills.write_posters(renders)] == ["Second.jpg"]
    (renders / "spoken" / "Second.mp4").unlink()  # a beat removed: its poster goes too
    assert stills.write_posters(renders) == [] and not (renders / "posters" / "spoken" / "Second.jpg").exists()


@pytest.mark.parametrize("wanted, expected", [(None, 9.9), (5.0, 4.9), (20.0, 9.9), (0.0, 0.0)])
def test_the_still_is_a_frame_before_the_line_ends_inside_the_video(wanted, expected):
    assert stills.still_time(wanted, 10.0, 0.1) == pytest.approx(expected)


def test_a_video_that_does_not_decode_has_no_poster(tmp_path, capsys):
    renders = tmp_path / "r"
    (renders / "chapter1").mkdir(parents=True)
    (renders / "chapter1" / "Broken.mp4").write_bytes(b"not a video")
    assert stills.write_posters(renders) == []
    assert "chapter1/Broken.mp4: no still" in capsys.readouterr().err


def test_without_chromium_the_notes_fail_in_one_line(tmp_path, monkeypatch, capsys):
    renders = tmp_path / "r"
    renders.mkdir()
    monkeypatch.setattr(browser, "find_chromium", lambda: None)
    assert notes.main(["--renders", str(renders), "--chapters", "chapter1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "chromium is not installed" in err and "install-test-deps.sh" in err
    assert not (renders / "notes").exists()


def test_an_unknown_chapter_is_one_line(tmp_path, capsys):
    renders = tmp_path / "r"
    renders.mkdir()
    assert notes.main(["--renders", str(renders), "--chapters", "chapter9"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "chapter9" in err and "chapter1" in err


def test_a_breath_between_lines_is_no_paragraph():
    from scenes.kit.beat import LINE_GAP

    assert notes.paragraphs([{"text": "One.", "start": 0.0, "duration": 1.0},
                             {"text": "Two.", "start": 1.0 + LINE_GAP, "duration": 1.0}]) == ["One. Two."]
    assert notes.PARAGRAPH_PAUSE > 2 * LINE_GAP  # and a longer silence, with something shown, is one


def test_narration_becomes_paragraphs_at_the_long_pauses():
    lines = [{"text": "One.", "start": 0.0, "duration": 1.0}, {"text": "Two.", "start": 1.35, "duration": 1.0},
             {"text": "Three  is\nlater.", "start": 5.0, "duration": 1.0}]
    assert notes.paragraphs(lines) == ["One. Two.", "Three is later."]
    assert notes.paragraphs([]) == []


def test_the_gallery_links_the_notes(written):
    from pipeline import gallery

    renders, _ = written
    assert gallery.main(["--renders", str(renders)]) == 0
    page = (renders / "index.html").read_text(encoding="utf-8")
    assert '<a href="notes/spoken.html">lecture notes</a>' in page
    assert '<a href="notes/spoken.pdf" download>notes PDF</a>' in page


def test_make_notes_goes_through_the_render_command(written, capsys):
    from pipeline import render
    from tests.pipeline.spoken_chapter import ENV, NO_CONFIG

    renders, _ = written
    elsewhere = renders.parent / "notes-before"
    shutil.move(renders / "notes", elsewhere)  # the fixture's notes: the command must write its own
    try:
        assert render.main(["notes", "--chapters", "spoken", "--renders", str(renders), *NO_CONFIG], environ=ENV) == 0
        assert f"wrote {renders / 'notes' / 'spoken.pdf'}" in capsys.readouterr().out
        text = words(poppler("pdftotext", str(renders / "notes" / "spoken.pdf"), "-"))
        assert all(line in text for scene in ("First", "Second") for line in said(renders, scene))
        assert (renders / "notes" / "spoken.html").stat().st_size > 0
    finally:
        shutil.rmtree(renders / "notes", ignore_errors=True)
        shutil.move(elsewhere, renders / "notes")
