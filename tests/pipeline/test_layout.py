"""The house rules a newcomer relies on: settings are read at the entry points only, and the
pipeline plans renders without importing manim or the scenes' kit, and the benchmarks load."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENVIRONMENT = re.compile(r"os\.environ|getenv\(")
# The entry points (make class's command; a render farm worker's job, where its process begins one),
# and the two netcore functions that say where data comes from (documented).
ALLOWED = {"pipeline/render.py", "pipeline/classbatch.py", "pipeline/farm.py", "netcore/cli.py", "netcore/mnist.py",
           "netcore/download.py"}


def test_only_entry_points_read_the_environment():
    readers = sorted(str(p.relative_to(ROOT)) for d in ("netcore", "scenes", "pipeline") for p in (ROOT / d).rglob("*.py")
                     if ENVIRONMENT.search(p.read_text()))
    assert set(readers) <= ALLOWED, f"reads the environment below an entry point: {set(readers) - ALLOWED}"
    for name in ("netcore/mnist.py", "netcore/download.py"):  # one small function each, not scattered
        text = (ROOT / name).read_text()
        functions = {m.group(1) for m in re.finditer(r"^def (\w+)", text, re.M)
                     if ENVIRONMENT.search(text[m.start():text.find("\ndef ", m.start() + 1)])}
        assert len(functions) <= 1, f"{name}: {functions}"


def test_planning_imports_neither_manim_nor_the_kit():
    code = ("import sys, contextlib, io\nfrom pipeline import render\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    assert render.main(['plan', '--config', '/nonexistent']) == 0\n"
            "bad = sorted(m for m in sys.modules if m == 'manim' or m.startswith(('manim.', 'scenes.kit')))\n"
            "print(bad)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_every_benchmark_module_imports():
    """`make bench` imports every bench/ module before it runs one: a stale import there breaks them all."""
    out = subprocess.run([sys.executable, "bench/run.py", "--list"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert {"narration_speed", "pipeline_speed"} <= {line.split(":")[0] for line in out.stdout.splitlines()}


def test_the_1080p60_benchmark_renders_the_newest_chapter_unless_told():
    """Every chapter at 1080p60 made `make bench` longer than a working session; a misspelt chapter must stop it
    at once, not after the benchmarks before pipeline_speed have run."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import pipeline_speed
    finally:
        sys.path.remove(str(ROOT / "bench"))
    from scenes import catalogue

    names = list(catalogue.CHAPTERS)
    assert pipeline_speed.high_chapters(None) == names[-1:]
    assert pipeline_speed.high_chapters(["all"]) == names
    assert pipeline_speed.high_chapters(names[::-1] + names[:1]) == names  # story order, once each
    out = subprocess.run([sys.executable, "bench/run.py", "--high-chapters", "chapter99", "--only", "train"],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2 and "chapter99" in out.stderr and names[0] in out.stderr, out.stderr[-500:]
