"""``make script`` on a real chapter, with a lines file and ``DIGIT``: every line of the chapter, the
lecturer's words where the file gives them, the chosen digit's numbers where a line speaks of it;
and a lines file that drops a bundle number is refused. (Chapter 1 to its last frames: ~1 min.) The notes
of the same chapter, with one beat rendered."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess

import pytest

from netcore import bundle
from pipeline import render
from scenes import catalogue
from tests import ci

NO_CONFIG = ["--config", "/nonexistent/video.toml"]
INDEX = 9999  # a test digit outside the curated set: read from the MNIST files


@pytest.fixture
def lecturer(tmp_path):
    """The environment (MNIST, no stray settings), the chosen digit's label, a lines file giving one line
    the lecturer's own words, and the renders folder."""
    environ = {k: v for k, v in os.environ.items() if k not in ("THEME", "DIGIT", "IMAGE", "LINES_FILE", "VOICE_DIR")}
    environ["NETCORE_MNIST_DIR"] = ci.mnist_dir()
    label = int(bundle.load().arrays["test_label"][INDEX])
    own = tmp_path / "lines.txt"
    own.write_text("chapter1.ForwardPass.2: In my words: the pixels light up the input layer, then every layer "
                   "after it.\n")
    return environ, label, own, tmp_path / "r"


def test_script_of_chapter1_with_a_lines_file_and_a_digit(lecturer, tmp_path, capsys):
    environ, label, own, renders = lecturer
    assert render.main(["script", "--chapters", "chapter1", "--digit", f"test:{INDEX}", "--lines-file", str(own),
                        "--voice-dir", str(tmp_path / "voice"), "--renders", str(renders), *NO_CONFIG],
                       environ=environ) == 0
    lines = json.loads((renders / "script" / "chapter1.json").read_text())["lines"]
    by_id = {line["id"]: line["text"] for line in lines}
    # Every beat of the chapter speaks, in story order.
    beats = [b.scene for b in catalogue.CHAPTERS["chapter1"].beats]
    spoken_beats = list(dict.fromkeys(line["id"].split(".")[1] for line in lines))
    assert spoken_beats == beats
    assert by_id["chapter1.ForwardPass.2"].startswith("In my words:")
    # The featured digit is the chosen one: the beat that follows it names its label.
    assert by_id["chapter1.ForwardPass.10"] == f"Last, the {label} we have been following."
    md = (renders / "script" / "chapter1.md").read_text()
    assert "In my words:" in md and f"MNIST test image {INDEX} (a {label})" in md


def test_notes_of_chapter1_with_a_lines_file_and_a_digit(lecturer, tmp_path, capsys):
    """``make notes`` on the real chapter: every beat in story order, one page each; a rendered beat's
    prose is what its video says (the lecturer's words, the chosen digit); the others say how to
    render them. One silent beat is rendered (the rest would prove nothing more)."""
    environ, label, own, renders = lecturer
    given = ["--chapters", "chapter1", "--digit", f"test:{INDEX}", "--lines-file", str(own), "--voice", "none",
             "--voice-dir", str(tmp_path / "voice"), "--renders", str(renders), *NO_CONFIG]
    assert render.main(["video", "--scenes", "ForwardPass", *given], environ=environ) == 0
    assert render.main(["notes", *given], environ=environ) == 0
    page = (renders / "notes" / "chapter1.html").read_text()
    titles = [b.title for b in catalogue.CHAPTERS["chapter1"].beats]
    where = [page.index(f"</span>{html.escape(t)}</h2>") for t in titles]
    assert where == sorted(where)  # every beat, in story order
    section = page[page.index('id="ForwardPass"'):]
    section = section[:section.index("</section>")]
    assert "In my words:" in section and f"Last, the {label} we have been following." in section
    assert "data:image/jpeg;base64," in section  # its still
    assert page.count("Not rendered yet") == len(titles) - 1
    pages = subprocess.run(["pdfinfo", str(renders / "notes" / "chapter1.pdf")], capture_output=True, text=True,
                           check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", pages).group(1)) >= len(titles)  # a page (or more) a beat
