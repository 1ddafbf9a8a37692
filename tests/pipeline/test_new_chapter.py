"""A new chapter is its module and its catalogue entry, nothing else.

A throwaway third chapter (one narrated beat, a module in a temporary folder) is added to the
catalogue, with one figure, and nothing else is edited: not video.toml (the committed one is
used), not the Makefile (nothing is named on the command line: the defaults are what `make video`,
`make script`, `make figures`, `make gallery` and `make notes` run). It must be planned beside
the real chapters, then rendered, joined, scripted, drawn as a figure, listed in the gallery and
given lecture notes. Silent (VOICE=none) and at low quality, so it costs seconds.
"""

from __future__ import annotations

import json
import os

import pytest

from pipeline import render
from pipeline.settings import CONFIG, VARIABLES
from scenes import catalogue

NAME = "chapter3"
TITLE = "A chapter added later"
BEAT = catalogue.Beat("OneCircle", "One circle")
MODULE = '''
from manim import Circle, Create

from scenes.kit.beat import Beat


class OneCircle(Beat):
    def construct(self):
        self.say("A circle for the new chapter.", Create(Circle()), show="A circle")
'''


@pytest.fixture
def third_chapter(tmp_path, monkeypatch):
    """The chapter's module and catalogue entry (and a figure of it): all a new chapter needs."""
    module = tmp_path / f"{NAME}.py"
    module.write_text(MODULE)
    monkeypatch.setitem(catalogue.CHAPTERS, NAME, catalogue.Chapter(NAME, TITLE, (BEAT,), module))
    monkeypatch.setitem(catalogue.FIGURES, "one-circle", (NAME, BEAT.scene))
    return module


def run(*argv: str, **environ: str) -> None:
    """The pipeline's command as make runs it: the committed video.toml, settings only from make
    variables (here: none of the caller's, plus ``environ``)."""
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES} | environ
    assert render.main([*argv, "--config", str(CONFIG)], environ=env) == 0


def test_a_new_chapter_is_planned_beside_the_others(third_chapter, capsys):
    run("plan")
    jobs = [job["job"] for job in json.loads(capsys.readouterr().out)]
    assert f"{NAME}/{BEAT.scene}" in jobs
    assert {job.split("/")[0] for job in jobs} == set(catalogue.CHAPTERS)  # every chapter, the new one last
    assert jobs[-1] == f"{NAME}/{BEAT.scene}"


def test_a_new_chapter_is_rendered_joined_scripted_and_listed(third_chapter, tmp_path, monkeypatch, capsys):
    # Only the new chapter in the catalogue (the real ones take minutes): the defaults are still
    # "every chapter", so this is what `make video` etc. do with it.
    # (A new dict, not keys deleted from the real one: undoing that would reorder the chapters.)
    monkeypatch.setattr(catalogue, "CHAPTERS", {NAME: catalogue.CHAPTERS[NAME]})
    monkeypatch.setattr(catalogue, "FIGURES", {"one-circle": (NAME, BEAT.scene)})
    renders = tmp_path / "renders"
    settings = {"RENDERS": str(renders), "VOICE": "none", "FIGURE_QUALITY": "low", "JOBS": "1"}

    run("video", **settings)
    assert (renders / NAME / f"{BEAT.scene}.mp4").is_file()
    assert (renders / f"{NAME}.mp4").is_file()  # joined
    assert (renders / f"{NAME}.chapters.txt").read_text() == f"0:00 {BEAT.title}\n"
    assert [line["text"] for line in json.loads((renders / NAME / f"{BEAT.scene}.lines.json").read_text())["lines"]] \
        == ["A circle for the new chapter."]

    run("script", **settings)
    script = (renders / "script" / f"{NAME}.md").read_text()
    assert f"# {TITLE}" in script and f"## 1. {BEAT.title}" in script
    assert f"**{NAME}.{BEAT.scene}.1**" in script and "A circle for the new chapter." in script

    run("figures", **settings)
    assert (renders / "figures" / "one-circle.png").is_file()

    run("gallery", **settings)
    page = (renders / "index.html").read_text(encoding="utf-8")
    assert f'src="{NAME}.mp4"' in page and f'src="{NAME}/{BEAT.scene}.mp4"' in page
    assert f"Scenes of chapter 3: {TITLE}" in page and 'src="figures/one-circle.png"' in page

    run("notes", **settings)
    notes = (renders / "notes" / f"{NAME}.html").read_text(encoding="utf-8")
    assert f"<h1>{TITLE}</h1>" in notes and BEAT.title in notes and "A circle for the new chapter." in notes
    assert (renders / "notes" / f"{NAME}.pdf").stat().st_size > 0
    capsys.readouterr()
