"""The render pipeline: incremental (only changed scenes re-render), parallel = serial, checked outputs."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from scenes import jobs, render
from scenes.check import check_figure, check_video
from scenes.inputs import Context, fingerprint, scene_source

TINY = Path(__file__).parent / "data" / "tiny_chapter.py"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """A private copy of the tiny chapter, registered as chapter 'tiny'."""
    module = tmp_path / "tiny_chapter.py"
    shutil.copyfile(TINY, module)
    monkeypatch.setitem(jobs.SCENE_FILES, "tiny", module)
    monkeypatch.setattr(jobs, "CHAPTERS", ("tiny",))
    return module


NO_CONFIG = ["--config", "/nonexistent/video.toml"]  # the defaults, whatever the repo's video.toml says


def run(renders: Path, *extra: str, capsys) -> str:
    assert render.main(["video", "--chapters", "tiny", "--renders", str(renders), *NO_CONFIG, *extra]) == 0
    return capsys.readouterr().out


def outputs(renders: Path) -> dict[str, tuple[str, int]]:
    files = [renders / "tiny" / "01-First.mp4", renders / "tiny" / "02-Second.mp4", renders / "tiny.mp4"]
    return {f.name: (sha(f), f.stat().st_mtime_ns) for f in files}


def test_incremental_and_parallel_equals_serial(tiny, tmp_path, capsys):
    parallel = tmp_path / "parallel"
    out = run(parallel, "--jobs", "2", capsys=capsys)
    assert "0 up to date, 2 to render with 2 processes" in out
    first = outputs(parallel)
    assert (parallel / "tiny.srt").read_text().count("-->") == 2
    assert (parallel / "tiny.chapters.txt").read_text().splitlines()[0] == "0:00 A circle"

    # A scene file left from an older numbering (a record says the pipeline made it) goes at the next join.
    stale = parallel / "tiny" / "03-Gone.mp4"
    stale.write_bytes(b"old")
    stale.with_suffix(".json").write_text('{"kind": "scene", "module": "tiny", "name": "03-Gone"}')
    (parallel / "tiny.json").unlink()  # force a join
    out = run(parallel, capsys=capsys)
    assert "removed tiny/03-Gone.mp4" in out and not stale.exists() and not stale.with_suffix(".json").exists()
    first = outputs(parallel)

    # Nothing changed: nothing renders, the chapter is not joined again.
    out = run(parallel, capsys=capsys)
    assert "2 up to date, 0 to render" in out and "tiny.mp4 up to date" in out
    assert outputs(parallel) == first

    # Edit one scene: exactly that scene renders again, and the chapter is re-joined.
    tiny.write_text(tiny.read_text().replace("SIDE = 1.0", "SIDE = 1.5"))
    out = run(parallel, capsys=capsys)
    assert "1 up to date, 1 to render" in out and "tiny/02-Second" in out and "tiny/01-First" not in out
    again = outputs(parallel)
    assert again["01-First.mp4"] == first["01-First.mp4"]
    assert again["02-Second.mp4"][0] != first["02-Second.mp4"][0]
    assert again["tiny.mp4"][0] != first["tiny.mp4"][0]

    # One process at a time gives byte-identical files.
    serial = tmp_path / "serial"
    run(serial, "--jobs", "1", capsys=capsys)
    assert {k: v[0] for k, v in outputs(serial).items()} == {k: v[0] for k, v in again.items()}

    assert check_video(parallel / "tiny.mp4", "low") == []
    assert render.main(["check", "--chapters", "tiny", "--renders", str(parallel), *NO_CONFIG]) == 0


def test_settings_are_inputs(tiny, monkeypatch):
    job = jobs.chapter_jobs("tiny", "low")[0]
    base = Context.gather(["tiny"], {})
    assert fingerprint(job, base) == fingerprint(job, Context.gather(["tiny"], {}))
    for env in ({"THEME": "light"}, {"DIGIT": "test:7"}):
        assert fingerprint(job, Context.gather(["tiny"], env)) != fingerprint(job, base)
    assert fingerprint(jobs.chapter_jobs("tiny", "high")[0], base) != fingerprint(job, base)


def test_scene_code_is_per_scene(tmp_path, monkeypatch):
    """Editing one scene of a real chapter changes only its fingerprint; comments change none."""
    copy = tmp_path / "chapter1.py"
    original = jobs.SCENE_FILES["chapter1"].read_text()
    names = [cls.__name__ for cls in jobs.scene_module("chapter1").CHAPTER]

    def sources(text):
        copy.write_text(text)
        return {name: scene_source(copy, name) for name in names}

    before = sources(original)
    assert len(set(before.values())) == len(names)
    commented = sources(original.replace("\nclass ForwardPass(Beat):", "\n# a comment\nclass ForwardPass(Beat):"))
    assert commented == before
    marker = '"""Forward pass"""'
    assert marker in original
    edited = sources(original.replace(marker, marker + "\n\n    EXTRA = 1", 1))
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
