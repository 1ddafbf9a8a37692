"""Render pipeline: every chapter from a clean renders/ (serial and parallel), no-op, figures, 1080p60.

Every render goes through the real front door (``python -m pipeline``, as ``make video``
runs it; the no-op run through ``make video`` itself) into a fresh temporary renders folder, so
nothing is reused from an earlier run (manim's LaTeX caches live in that folder too) and the
user's ``renders/`` is left alone. Wall clock from ``time.perf_counter`` around each command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scenes import catalogue  # manim-free: the chapter names are checked when arguments are parsed

ROOT = Path(__file__).resolve().parent.parent


def add_arguments(parser) -> None:
    group = parser.add_argument_group("pipeline_speed")
    group.add_argument("--skip-high", action="store_true",
                       help="pipeline_speed: skip the 1080p60 render (the longest part)")
    group.add_argument("--high-chapters", nargs="+", default=None, choices=[*catalogue.CHAPTERS, "all"],
                       help="pipeline_speed: chapters rendered at 1080p60 (default: the newest chapter; "
                            "'all' for every chapter, about 2 h on 2 cores)")
    group.add_argument("--skip-serial", action="store_true",
                       help="pipeline_speed: skip the serial low-quality render (only for the parallel speed-up)")


def _env() -> dict:
    from pipeline.render import process_env

    return process_env(dict(os.environ))


def timed(cmd: list[str], label: str) -> tuple[float, dict[str, float]]:
    """Run ``cmd``; (wall seconds, seconds at which each 'wrote chapterN.mp4' line appeared)."""
    start = time.perf_counter()
    marks: dict[str, float] = {}
    tail: list[str] = []
    proc = subprocess.Popen(cmd, cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in proc.stdout:
        tail = (tail + [line.rstrip()])[-30:]
        if line.startswith("wrote chapter") and ".mp4" in line:
            marks[line.split()[1].removesuffix(".mp4")] = time.perf_counter() - start
    proc.wait()
    if proc.returncode != 0:
        raise RuntimeError(f"pipeline_speed: {label} failed (exit {proc.returncode}):\n" + "\n".join(tail))
    return time.perf_counter() - start, marks


def render_cmd(what: str, renders: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", what, "--renders", str(renders), *extra]


def per_scene(renders: Path, prefix: str) -> dict[str, str]:
    """One figure per scene: its render seconds, frames and ms per frame (from its record and file)."""
    from render_speed import video_info

    out = {}
    for record in sorted(renders.glob("chapter*/*.json")):
        r = json.loads(record.read_text())
        if r.get("kind") != "scene":  # <Scene>.lines.json: what it says
            continue
        frames = video_info(renders / r["file"])["frames"]
        out[f"{prefix}[{r['chapter']}/{r['name']}]"] = (
            f"{r['seconds']:.1f} s, {frames} frames, {1000 * r['seconds'] / frames:.1f} ms/frame")
    return out


def chapter_facts(renders: Path) -> dict:
    """Each chapter's length, spoken words and loudness, from its record."""
    out = {}
    for record in sorted(renders.glob("chapter*.json")):
        r = json.loads(record.read_text())
        if not isinstance(r, dict) or r.get("kind") != "chapter":  # chapterN.chapters.json: the chapter list
            continue
        out[f"{r['name']}_minutes"] = round(r["seconds_long"] / 60, 2)
        out[f"{r['name']}_spoken_words"] = r.get("spoken_words", 0)
        if "loudness_lufs" in r:
            out[f"{r['name']}_loudness_lufs"] = r["loudness_lufs"]
            out[f"{r['name']}_true_peak_dbtp"] = r["true_peak_dbtp"]
    return out


def high_chapters(chosen: list[str] | None) -> list[str]:
    """The chapters of the 1080p60 run: the newest by default, since all three take hours on 2 cores."""
    names = list(catalogue.CHAPTERS)
    if not chosen:
        return names[-1:]
    return names if "all" in chosen else [c for c in names if c in chosen]  # story order, once each


def run(args) -> dict:
    out: dict = {"render_jobs_default": os.cpu_count() or 2}
    high_run = [] if getattr(args, "skip_high", False) else high_chapters(getattr(args, "high_chapters", None))
    with tempfile.TemporaryDirectory(prefix="pipeline-serial-") as serial_dir, \
            tempfile.TemporaryDirectory(prefix="pipeline-parallel-") as parallel_dir:
        serial, parallel = Path(serial_dir), Path(parallel_dir)
        serial_run = not getattr(args, "skip_serial", False)
        if serial_run:
            out["render_low_serial_seconds"], _ = timed(render_cmd("video", serial, "--jobs", "1"), "serial low render")
        out["narrated_render_low_seconds"], marks = timed(render_cmd("video", parallel), "parallel low render")
        for chapter in catalogue.CHAPTERS:
            out[f"{chapter}_render_seconds_low"] = marks.get(chapter, "not written")
        out.update(chapter_facts(parallel))
        if serial_run:
            out["render_parallel_speedup"] = out["render_low_serial_seconds"] / out["narrated_render_low_seconds"]
            videos = sorted(str(f.relative_to(serial)) for f in serial.rglob("*.mp4") if ".manim" not in f.parts)
            differ = [f for f in videos if (serial / f).read_bytes() != (parallel / f).read_bytes()]
            out["render_parallel_identical_to_serial"] = (
                f"{len(videos) - len(differ)} of {len(videos)} video files byte-identical"
                + (f"; differ: {', '.join(differ)}" if differ else ""))

        start = time.perf_counter()
        proc = subprocess.run(["make", "-s", "video", f"RENDERS={parallel}"], cwd=ROOT, env=_env(),
                              capture_output=True, text=True)
        out["noop_make_video_seconds"] = time.perf_counter() - start
        if proc.returncode != 0 or "0 to render" not in proc.stdout:
            raise RuntimeError(f"pipeline_speed: no-op make video did not skip everything:\n{proc.stdout}{proc.stderr}")

        out["figures_seconds_4k"], _ = timed(render_cmd("figures", parallel), "figures")
        out["figures_count"] = len(list((parallel / "figures").glob("*.png")))
        out.update(per_scene(serial if serial_run else parallel, "low_serial_scene_seconds" if serial_run
                             else "low_parallel_scene_seconds"))

    if not high_run:
        out["narrated_render_high_seconds"] = "skipped (--skip-high)"
        return out
    out["narrated_render_high_chapters"] = " ".join(high_run)
    with tempfile.TemporaryDirectory(prefix="pipeline-high-") as high_dir:
        high = Path(high_dir)
        out["narrated_render_high_seconds"], marks = timed(
            render_cmd("video", high, "--quality", "high", "--chapters", *high_run), "high render")
        for chapter in high_run:
            out[f"{chapter}_render_seconds_high"] = marks.get(chapter, "not written")
        out.update(per_scene(high, "high_scene_seconds"))
    return out
