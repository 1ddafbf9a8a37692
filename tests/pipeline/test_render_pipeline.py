"""The render pipeline: incremental (only changed scenes re-render), parallel = serial, checked outputs."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from pipeline import jobs, render
from pipeline.check import check_figure, check_video
from pipeline.fingerprint import fingerprint, scene_source
from pipeline.settings import VARIABLES
from scenes import catalogue
from scenes.scene_settings import SceneSettings

TINY = Path(__file__).parents[1] / "data" / "tiny_chapter.py"
TINY_BEATS = (catalogue.Beat("First", "A circle"), catalogue.Beat("Second", "A square"))
DEFAULT = SceneSettings()
# The caller's environment without the render settings a shell may have set.
ENV = {k: v for k, v in os.environ.items() if k not in VARIABLES}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """A private copy of the tiny chapter, registered in the catalogue as chapters 'tiny' and 'tiny2'."""
    module = tmp_path / "tiny_chapter.py"
    shutil.copyfile(TINY, module)
    second = tmp_path / "tiny_chapter2.py"
    shutil.copyfile(TINY, second)
    monkeypatch.setitem(catalogue.CHAPTERS, "tiny", catalogue.Chapter("tiny", "Tiny", TINY_BEATS, module))
    monkeypatch.setitem(catalogue.CHAPTERS, "tiny2", catalogue.Chapter("tiny2", "Tiny too", TINY_BEATS, second))
    return module


NO_CONFIG = ["--config", "/nonexistent/video.toml"]  # the defaults, whatever the repo's video.toml says


def run(renders: Path, *extra: str, capsys, chapters=("tiny",)) -> str:
    assert render.main(["video", "--chapters", *chapters, "--renders", str(renders), *NO_CONFIG, *extra],
                       environ=ENV) == 0
    return capsys.readouterr().out


def outputs(renders: Path, chapter: str = "tiny") -> dict[str, tuple[str, int]]:
    files = [renders / chapter / "First.mp4", renders / chapter / "Second.mp4", renders / f"{chapter}.mp4"]
    return {f.name: (sha(f), f.stat().st_mtime_ns) for f in files}


def test_incremental_and_parallel_equals_serial(tiny, tmp_path, capsys):
    parallel = tmp_path / "parallel"
    out = run(parallel, "--jobs", "2", capsys=capsys)
    assert "0 up to date, 2 to render with 2 processes" in out
    first = outputs(parallel)
    assert (parallel / "tiny.chapters.txt").read_text().splitlines()[0] == "0:00 A circle"

    # A scene file left from an older numbering (a record says the pipeline made it) goes at the next join.
    stale = parallel / "tiny" / "Gone.mp4"
    stale.write_bytes(b"old")
    stale.with_suffix(".json").write_text('{"kind": "scene", "chapter": "tiny", "name": "Gone"}')
    (parallel / "tiny.json").unlink()  # force a join
    out = run(parallel, capsys=capsys)
    assert "removed tiny/Gone.mp4" in out and not stale.exists() and not stale.with_suffix(".json").exists()
    first = outputs(parallel)

    # Nothing changed: nothing renders, the chapter is not joined again.
    out = run(parallel, capsys=capsys)
    assert "2 up to date, 0 to render" in out and "tiny.mp4 up to date" in out
    assert outputs(parallel) == first

    # Edit one scene: exactly that scene renders again, and the chapter is re-joined.
    tiny.write_text(tiny.read_text().replace("SIDE = 1.0", "SIDE = 1.5"))
    out = run(parallel, capsys=capsys)
    assert "1 up to date, 1 to render" in out and "tiny/Second" in out and "tiny/First" not in out
    again = outputs(parallel)
    assert again["First.mp4"] == first["First.mp4"]
    assert again["Second.mp4"][0] != first["Second.mp4"][0]
    assert again["tiny.mp4"][0] != first["tiny.mp4"][0]

    # One process at a time gives byte-identical files.
    serial = tmp_path / "serial"
    run(serial, "--jobs", "1", capsys=capsys)
    assert {k: v[0] for k, v in outputs(serial).items()} == {k: v[0] for k, v in again.items()}

    assert check_video(parallel / "tiny.mp4", "low") == []
    assert render.main(["check", "--chapters", "tiny", "--renders", str(parallel), *NO_CONFIG], environ=ENV) == 0
    # `make check-renders` fails end to end on a broken scene video, naming it.
    capsys.readouterr()
    (serial / "tiny" / "Second.mp4").write_bytes(b"not a video" * 100)
    assert render.main(["check", "--chapters", "tiny", "--renders", str(serial), *NO_CONFIG], environ=ENV) == 1
    assert "tiny/Second.mp4" in capsys.readouterr().err


def test_a_chapter_or_a_job_alone_then_everything_renders_nothing_again(tiny, tmp_path, capsys):
    """``make video CHAPTERS=chapter1`` then ``make video``; one job alone (a render farm) then the full run."""
    renders = tmp_path / "r"
    run(renders, capsys=capsys, chapters=("tiny",))
    alone = outputs(renders, "tiny")
    out = run(renders, capsys=capsys, chapters=("tiny", "tiny2"))
    assert "2 up to date, 2 to render" in out and "tiny/" not in out.split("to render")[1]
    assert outputs(renders, "tiny") == alone  # neither re-rendered nor re-joined

    farm = tmp_path / "farm"
    run(farm, "--scenes", "Second", capsys=capsys, chapters=("tiny2",))
    second = (farm / "tiny2" / "Second.mp4").stat().st_mtime_ns
    out = run(farm, capsys=capsys, chapters=("tiny", "tiny2"))
    assert "1 up to date, 3 to render" in out and "tiny2/Second" not in out
    assert (farm / "tiny2" / "Second.mp4").stat().st_mtime_ns == second


def test_a_jobs_fingerprint_does_not_depend_on_the_rest_of_the_run(capsys):
    """The real chapters, planned alone and together: chapter 1's jobs are the same jobs."""
    def planned(*chapters):
        assert render.main(["plan", "--chapters", *chapters, *NO_CONFIG], environ=ENV) == 0
        return {j["job"]: j["fingerprint"] for j in json.loads(capsys.readouterr().out)}

    alone, together = planned("chapter1"), planned(*catalogue.CHAPTERS)
    assert alone and all(together[job] == fp for job, fp in alone.items())


def test_inserting_a_beat_renders_only_the_new_one(tiny, tmp_path, capsys):
    renders = tmp_path / "r"
    run(renders, capsys=capsys)
    before = outputs(renders)
    # A new beat between the two (using only what the module already imports), listed in the catalogue.
    tiny.write_text(tiny.read_text() + '''

class Middle(Beat):
    """A smaller square"""

    def construct(self):
        self.play(Create(Square(side_length=0.5)), run_time=0.5)
''')
    middle = catalogue.Beat("Middle", "A smaller square")
    catalogue.CHAPTERS["tiny"] = catalogue.Chapter("tiny", "Tiny", (TINY_BEATS[0], middle, TINY_BEATS[1]), tiny)
    out = run(renders, capsys=capsys)
    assert "2 up to date, 1 to render" in out and "tiny/Middle" in out
    after = outputs(renders)
    assert after["First.mp4"] == before["First.mp4"] and after["Second.mp4"] == before["Second.mp4"]
    assert after["tiny.mp4"][0] != before["tiny.mp4"][0]  # joined again, with the new beat
    assert (renders / "tiny.chapters.txt").read_text().splitlines()[1].endswith("A smaller square")
    # Reordering the beats renders nothing either.
    catalogue.CHAPTERS["tiny"] = catalogue.Chapter("tiny", "Tiny", (TINY_BEATS[1], middle, TINY_BEATS[0]), tiny)
    assert "3 up to date, 0 to render" in run(renders, capsys=capsys)


def test_settings_are_inputs(tiny):
    job = jobs.chapter_jobs("tiny", "low", DEFAULT)[0]
    assert fingerprint(job) == fingerprint(jobs.chapter_jobs("tiny", "low", SceneSettings())[0])
    for changed in (SceneSettings(theme="light"), SceneSettings(digit="test:7")):
        assert fingerprint(jobs.chapter_jobs("tiny", "low", changed)[0]) != fingerprint(job)
    assert fingerprint(jobs.chapter_jobs("tiny", "high", DEFAULT)[0]) != fingerprint(job)
    # A figure and the video of the same scene are different jobs (a still, another output).
    figure = jobs.figure_jobs(["forward-pass"], "low", DEFAULT)[0]
    video = next(j for j in jobs.chapter_jobs("chapter1", "low", DEFAULT) if j.scene == figure.scene)
    assert figure.scene == "ForwardPass" and fingerprint(figure) != fingerprint(video)


def test_scene_code_is_per_scene(tmp_path, monkeypatch):
    """Editing one scene of a real chapter changes only its fingerprint; comments change none."""
    copy = tmp_path / "chapter1.py"
    original = catalogue.CHAPTERS["chapter1"].source_file.read_text()
    names = [b.scene for b in catalogue.CHAPTERS["chapter1"].beats]

    def sources(text):
        copy.write_text(text)
        return {name: scene_source(copy, name) for name in names}

    before = sources(original)
    assert len(set(before.values())) == len(names)
    commented = sources(original.replace("\nclass ForwardPass(Beat):", "\n# a comment\nclass ForwardPass(Beat):"))
    assert commented == before
    marker = "\nclass ForwardPass(Beat):"
    assert marker in original
    edited = sources(original.replace(marker, marker + "\n    EXTRA = 1\n", 1))
    assert [n for n in names if edited[n] != before[n]] == ["ForwardPass"]


def test_check_finds_bad_files(tmp_path):
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    assert "empty" in check_video(empty, "low")[0]
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"not a video" * 100)
    assert "unreadable" in check_video(junk, "low")[0]
    assert "missing" in check_video(tmp_path / "none.mp4", "low")[0]

    from PIL import Image

    flat = tmp_path / "flat.png"
    Image.new("RGB", (3840, 2160), (10, 10, 10)).save(flat)
    assert any("blank" in p for p in check_figure(flat, "4k"))
    assert any("expected 854x480" in p for p in check_figure(flat, "low"))


def test_wrong_format_is_reported(tiny, tmp_path, capsys):
    renders = tmp_path / "r"
    run(renders, capsys=capsys)
    problems = check_video(renders / "tiny.mp4", "high")
    assert any("expected 1920x1080" in p for p in problems) and any("expected 60 fps" in p for p in problems)


def test_gallery_groups_a_real_runs_scenes_by_chapter(tiny, tmp_path, capsys):
    from pipeline import gallery

    renders = tmp_path / "r"
    run(renders, capsys=capsys, chapters=("tiny", "tiny2"))
    manifest = json.loads((renders / "manifest.json").read_text())
    scenes = [i for i in manifest["items"] if i["kind"] == "scene"]
    assert sorted((i["chapter"], i["scene"]) for i in scenes) == [
        ("tiny", "First"), ("tiny", "Second"), ("tiny2", "First"), ("tiny2", "Second")]
    assert gallery.main(["--renders", str(renders)]) == 0
    page = (renders / "index.html").read_text()
    sections = {s.split("</h2>")[0].split(">")[-1]: s for s in page.split("<section")[1:] if "</h2>" in s}
    for chapter, title in (("tiny", "Tiny"), ("tiny2", "Tiny too")):
        heading = next(h for h in sections if h.endswith(f": {title}"))
        assert sections[heading].count(f"{chapter}/First.mp4") >= 1
        assert sections[heading].count(f"{chapter}/Second.mp4") >= 1
        other = "tiny2" if chapter == "tiny" else "tiny/"
        assert f"{other}First.mp4" not in sections[heading].replace(f"{chapter}/", "")


def test_clean_removes_the_output_folder_it_made_and_nothing_else(tiny, tmp_path, capsys):
    renders = tmp_path / "r"
    run(renders, capsys=capsys)
    # A user's file put in the output folder: the folder is left as it is, the file kept.
    mine_inside = renders / "tiny" / "my-edit.kdenlive"
    mine_inside.write_text("a user's project")
    assert render.main(["clean", "--renders", str(renders), *NO_CONFIG], environ=ENV) == 1
    assert mine_inside.read_text() == "a user's project" and (renders / "tiny.mp4").exists()
    assert "my-edit.kdenlive" in capsys.readouterr().err
    mine_inside.unlink()
    assert render.main(["clean", "--renders", str(renders), *NO_CONFIG], environ=ENV) == 0
    assert not renders.exists()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("precious")
    assert render.main(["clean", "--renders", str(mine), *NO_CONFIG], environ=ENV) == 1
    assert (mine / "thesis.tex").read_text() == "precious"
    assert "left as it is" in capsys.readouterr().err
