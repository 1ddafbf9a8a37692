"""``make script`` on a real chapter, with a lines file and ``DIGIT``: every line of the chapter, the
lecturer's words where the file gives them, the chosen digit's numbers where a line speaks of it;
and a lines file that drops a bundle number is refused. (Chapter 1 to its last frames: ~1 min.)"""

from __future__ import annotations

import json
import os

from netcore import bundle
from pipeline import render
from scenes import catalogue
from tests import ci

NO_CONFIG = ["--config", "/nonexistent/video.toml"]
INDEX = 9999  # a test digit outside the curated set: read from the MNIST files


def test_script_of_chapter1_with_a_lines_file_and_a_digit(tmp_path, capsys):
    environ = {k: v for k, v in os.environ.items() if k not in ("THEME", "DIGIT", "IMAGE", "LINES_FILE", "VOICE_DIR")}
    environ["NETCORE_MNIST_DIR"] = ci.mnist_dir()
    label = int(bundle.load().arrays["test_label"][INDEX])
    own = tmp_path / "lines.txt"
    own.write_text("chapter1.ForwardPass.2: In my words: the pixels light up the input layer, then every layer "
                   "after it.\n")
    renders = tmp_path / "r"
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
