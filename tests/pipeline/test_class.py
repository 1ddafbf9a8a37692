"""A video for every student (``make class IMAGES=dir/``): personal beats per picture, shared beats
once, refused pictures listed with the reason; and which beats are personal, checked against the code."""

from __future__ import annotations

import ast
import os
import shutil
from functools import lru_cache
from pathlib import Path

import numpy as np
from bs4 import BeautifulSoup
from PIL import Image

from netcore import bundle, digits
from pipeline import classbatch, runner
from pipeline.fingerprint import _module_file
from pipeline.settings import VARIABLES
from scenes import catalogue

TINY = Path(__file__).parents[1] / "data" / "tiny_class.py"
ENV = {k: v for k, v in os.environ.items() if k not in VARIABLES}
READS = {"chosen_digit"}  # the kit's one door to the featured digit (scenes/kit/data.py)


def test_a_class_of_five_pictures(tmp_path, monkeypatch, capsys):
    module = tmp_path / "tiny_class.py"
    shutil.copyfile(TINY, module)
    beats = (catalogue.Beat("First", "A circle"), catalogue.Beat("Yours", "Your digit", uses_digit=True))
    monkeypatch.setitem(catalogue.CHAPTERS, "tiny", catalogue.Chapter("tiny", "Tiny", beats, module))
    rendered = []

    def counted(job, *args):
        rendered.append((job.kind, job.scene, job.renders.name))
        return run(job, *args)

    run = runner.run_job
    monkeypatch.setattr(runner, "run_job", counted)

    b = bundle.load()
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    chosen = b.curated_indices[:3]
    for name, index in zip(("ada", "bo", "cy"), chosen):
        digits.save_png(b.digit(index).image, pictures / f"{name}.png")
    Image.fromarray(np.full((120, 160), 250, np.uint8)).save(pictures / "paper.png")  # blank paper
    (pictures / "empty.jpg").write_bytes(b"")
    renders = tmp_path / "r"

    code = classbatch.main(["--images", str(pictures), "--chapters", "tiny", "--renders", str(renders),
                            "--config", "/nonexistent/video.toml", "--voice", "none", "--quality", "low",
                            "--figure-quality", "low", "--jobs", "2"], environ=ENV)
    out = capsys.readouterr().out
    assert code == 0
    # The digit-independent beat once for the class; the personal beat and the figure once per student.
    assert sorted(rendered) == sorted([("scene", "First", ".shared")]
                                      + [("scene", "Yours", n) for n in ("ada", "bo", "cy")]
                                      + [("figure", "WhatTheNetworkSaw", n) for n in ("ada", "bo", "cy")])
    for name in ("ada", "bo", "cy"):
        folder = renders / "class" / name
        for made in ("tiny.mp4", "tiny.srt", "tiny.vtt", "figures/what-the-network-saw.png"):
            assert (folder / made).is_file(), made
    assert not (renders / "class" / "paper").exists() and not (renders / "class" / "empty").exists()
    # Reported at the end, with the reason.
    tail = out[out.index("skipped 2 of 5 pictures"):].splitlines()
    assert tail[1].startswith("  empty.jpg: ") and "empty" in tail[1]
    assert tail[2].startswith("  paper.png: ") and "no digit found" in tail[2]
    # The index: every student's video and the network's answer for their own digit.
    page = BeautifulSoup((renders / "class" / "index.html").read_text(), "html.parser")
    rows = {row.th.text: row for row in page.select("tbody tr")}
    assert sorted(rows) == ["ada", "bo", "cy"]
    for name, index in zip(("ada", "bo", "cy"), chosen):
        answer = int(np.argmax(b.network.forward(digits.load_digit(pictures / f"{name}.png").reshape(-1) / 255.0).output))
        assert rows[name].select_one("td.answer").text == str(answer)
        assert rows[name].a["href"] == f"{name}/tiny.mp4"
    assert [li.b.text for li in page.select("ul.skipped li")] == ["empty.jpg", "paper.png"]


# ---------------------------------------------------------------------------- Beat.uses_digit


@lru_cache(maxsize=None)
def _defs(path: Path) -> tuple[dict[str, ast.AST], dict[str, tuple[str, str]]]:
    tree = ast.parse(path.read_text())
    defs, imports = {}, {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defs[node.name] = node
        elif isinstance(node, ast.Assign):
            defs.update({t.id: node for t in node.targets if isinstance(t, ast.Name)})
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("scenes"):
            imports.update({a.asname or a.name: (node.module, a.name) for a in node.names})
    return defs, imports


def reads_digit(path: Path, name: str, seen: set | None = None) -> bool:
    """Whether ``name`` in module ``path`` reaches the featured digit, through the module's own
    definitions and the project functions it imports, however deep."""
    seen = set() if seen is None else seen
    if name in READS:
        return True
    if (path, name) in seen:
        return False
    seen.add((path, name))
    defs, imports = _defs(path)
    if name in imports:
        module, original = imports[name]
        file = _module_file(module)
        return original in READS or (file is not None and reads_digit(file, original, seen))
    if name not in defs:
        return False
    used = {n.id for n in ast.walk(defs[name]) if isinstance(n, ast.Name)}
    used |= {n.attr for n in ast.walk(defs[name]) if isinstance(n, ast.Attribute)}
    return any(reads_digit(path, u, seen) for u in used - {name} if u in defs or u in imports or u in READS)


def test_the_beats_that_use_the_digit_are_the_ones_whose_code_reads_it():
    modules = {**{c.name: c.source_file for c in catalogue.CHAPTERS.values()},
               **{m: catalogue.module_file(m) for m in catalogue.EXTRA_MODULES}}
    declared = {(m, b.scene) for m in modules for b in catalogue.beats_of(m) if b.uses_digit}
    derived = {(m, b.scene) for m, f in modules.items() for b in catalogue.beats_of(m) if reads_digit(f, b.scene)}
    assert declared == derived
    assert ("yourdigit", "WhatTheNetworkSaw") in declared and ("chapter1", "Counting") not in declared


def test_a_class_refuses_single_scenes_before_anything_renders(tmp_path, capsys):
    (tmp_path / "pictures").mkdir()
    code = classbatch.main(["--images", str(tmp_path / "pictures"), "--config", "/nonexistent/video.toml",
                            "--scenes", "Layers", "--renders", str(tmp_path / "r")], environ={})
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1 and "SCENES=Layers" in err and "CHAPTERS" in err
    assert not (tmp_path / "r").exists()
