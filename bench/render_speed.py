"""Render speed: ForwardPass against a naive build of the same scene (chapter renders: pipeline_speed).

How it measures (wall clock, time.perf_counter, in this process around each subprocess):
- Every render is its own manim process, one at a time, from the repo root with the root on
  PYTHONPATH, exactly as ``pipeline`` starts them: ``render -ql --disable_caching
  --progress_bar none -v WARNING`` into a fresh temporary media dir (so each run compiles its
  LaTeX and lays out its text again, like a clean render).
- The ForwardPass renders run manim's own CLI through a few lines of Python (``_TIMED_MANIM``)
  that also add up the time spent inside the renderer's ``play`` (every ``play`` and ``wait``:
  moving/static split, drawing every frame, encoding it). That is the startup-free part; the rest
  of the wall time is Python start, imports, LaTeX, building the mobjects and joining the movie.
  Why not subtract the time of a ``-s`` (last frame) run: with ``-s`` manim still runs every
  ``play`` (48 here) except its frame loop: it sets up each animation (copies) and draws the static
  frame and one more frame per play. That is ~5 s for ForwardPass and ~17 s for the naive scene,
  real per-play work that the subtraction would remove.
- CPU seconds (user + system of the finished manim process and its LaTeX, from getrusage) are
  printed too: on a shared machine they move much less than wall time when other processes compete.
- Frames are counted from the output mp4 with PyAV; both scenes must have the same count.
- Each scene is rendered ``--render-repeats`` times (default 2), the two scenes alternately, and
  the minimum is kept (the run least disturbed by the rest of the machine).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ("scenes/chapter1.py", "ForwardPass")
NAIVE = ("bench/naive_forward.py", "NaiveForwardPass")
RENDER_FLAGS = ["--disable_caching", "--progress_bar", "none", "-v", "WARNING"]
# Like with like: both scenes silent, each line shown for its reading time (the same lines, so the
# same frames). Narrated, the synthesis (outside play()) would only add to the raw figures.
SETTINGS = '{"voice": "none"}'

# manim's CLI (same as ``python -m manim``), with the time inside CairoRenderer.play added up and
# written as JSON to $RENDER_SPEED_STATS when the process exits.
_TIMED_MANIM = r"""
import atexit, json, os, sys, time
from scenes.kit import session
from scenes.scene_settings import SceneSettings
session.configure(SceneSettings.from_json(os.environ["RENDER_SPEED_SETTINGS"]))
from manim.renderer.cairo_renderer import CairoRenderer
stats = {"play_seconds": 0.0, "plays": 0}
_play = CairoRenderer.play
def play(self, *args, **kwargs):
    start = time.perf_counter()
    try:
        return _play(self, *args, **kwargs)
    finally:
        stats["play_seconds"] += time.perf_counter() - start
        stats["plays"] += 1
CairoRenderer.play = play
atexit.register(lambda: open(os.environ["RENDER_SPEED_STATS"], "w").write(json.dumps(stats)))
sys.argv[0] = "manim"
from manim.__main__ import main
main()
"""


def add_arguments(parser) -> None:
    group = parser.add_argument_group("render_speed")
    group.add_argument("--render-repeats", type=int, default=2, metavar="N",
                       help="render_speed: renders of each forward-pass scene, best kept (default 2)")


def _env() -> dict:
    from pipeline.render import process_env

    return process_env(dict(os.environ))


def _children_cpu() -> float:
    """User + system CPU seconds of every finished child process so far (manim, and its LaTeX)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _check(proc: subprocess.CompletedProcess, label: str) -> None:
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        raise RuntimeError(f"render_speed: {label} failed (exit {proc.returncode}):\n{tail}")


def video_info(path: Path) -> dict:
    """Frames (counted by decoding), duration and format of a video file."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        return {
            "frames": frames,
            "seconds": container.duration / av.time_base if container.duration else frames / float(stream.average_rate),
            "format": f"{stream.codec_context.width}x{stream.codec_context.height} {float(stream.average_rate):.0f}fps",
        }


def render_scene(file: str, scene: str, quality: str = "-ql") -> dict:
    """One timed render (``quality``: a manim flag, -ql by default) of ``scene`` into a fresh media
    dir: wall and play seconds, frames."""
    with tempfile.TemporaryDirectory(prefix="render_speed-") as tmp:
        stats_file = Path(tmp) / "stats.json"
        cmd = [sys.executable, "-c", _TIMED_MANIM, "render", quality, *RENDER_FLAGS,
               "--media_dir", str(Path(tmp) / "media"), file, scene]
        cpu_before = _children_cpu()
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, env={**_env(), "RENDER_SPEED_STATS": str(stats_file),
                                                  "RENDER_SPEED_SETTINGS": SETTINGS},
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
        cpu = _children_cpu() - cpu_before
        _check(proc, scene)
        videos = [p for p in (Path(tmp) / "media").rglob(f"{scene}.mp4") if "partial_movie_files" not in p.parts]
        if not videos:
            raise RuntimeError(f"render_speed: manim wrote no {scene}.mp4")
        stats = json.loads(stats_file.read_text())
        return {"wall": wall, "cpu": cpu, "play": stats["play_seconds"], "plays": stats["plays"],
                **video_info(videos[0])}


def run(args) -> dict:
    repeats = max(1, getattr(args, "render_repeats", 2))
    runs: dict[str, list[dict]] = {"real": [], "naive": []}
    for _ in range(repeats):  # alternate, so a slow patch of the machine hits both
        runs["real"].append(render_scene(*REAL))
        runs["naive"].append(render_scene(*NAIVE))

    out: dict = {}
    best = {}
    for key, prefix in (("real", "forward_pass"), ("naive", "forward_pass_naive")):
        r = runs[key]
        frames = r[0]["frames"]
        if any(x["frames"] != frames for x in r):
            raise RuntimeError(f"render_speed: {key} frame counts differ between runs: {[x['frames'] for x in r]}")
        wall, play = min(x["wall"] for x in r), min(x["play"] for x in r)
        best[key] = (wall, play, frames)
        out[f"{prefix}_frames"] = frames
        out[f"{prefix}_plays"] = r[0]["plays"]
        out[f"{prefix}_render_seconds"] = wall
        out[f"{prefix}_ms_per_frame"] = 1000 * wall / frames
        out[f"{prefix}_animation_ms_per_frame"] = 1000 * play / frames
        out[f"{prefix}_outside_animation_seconds"] = min(x["wall"] - x["play"] for x in r)
        out[f"{prefix}_cpu_ms_per_frame"] = 1000 * min(x["cpu"] for x in r) / frames
    if best["real"][2] != best["naive"][2]:
        raise RuntimeError(f"render_speed: the naive scene has {best['naive'][2]} frames, the real one "
                           f"{best['real'][2]}: ms per frame would not compare")
    out["forward_pass_format"] = runs["real"][0]["format"]
    # The headline is the startup-free ratio (see the README): the time inside play() per frame,
    # which does not depend on how long the scene is or on what the machine does at start-up.
    out["forward_pass_render_speedup_vs_naive"] = (
        out["forward_pass_naive_animation_ms_per_frame"] / out["forward_pass_animation_ms_per_frame"])
    out["forward_pass_render_speedup_vs_naive_raw"] = (
        out["forward_pass_naive_ms_per_frame"] / out["forward_pass_ms_per_frame"])
    out["forward_pass_render_speedup_vs_naive_cpu"] = (
        out["forward_pass_naive_cpu_ms_per_frame"] / out["forward_pass_cpu_ms_per_frame"])

    return out
