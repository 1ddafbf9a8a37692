"""Render the chapters and the figures: ``python -m scenes.render video|figures``.

Each scene renders in its own manim process (several at once), then the scene
files of a chapter are joined, without re-encoding, into ``renders/chapterN.mp4``
with a chapters list beside it. Figures are the last frames of the beats that
work as stills, rendered without captions at high resolution.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from netcore.errors import NetcoreError

ROOT = Path(__file__).resolve().parent.parent
RENDERS = ROOT / "renders"
WORK = RENDERS / ".manim"  # manim's own media folder (partial files, caches)
QUALITY_FLAGS = {"low": "l", "medium": "m", "high": "h", "4k": "k"}
CHAPTERS = {"chapter1": "scenes.chapter1", "chapter2": "scenes.chapter2"}

# figure name -> (chapter, scene whose last frame is the figure)
FIGURES = {
    "sloppy-threes": ("chapter1", "SloppyThrees"),
    "pixel-grid": ("chapter1", "PixelsAreNumbers"),
    "input-layer": ("chapter1", "InputLayer"),
    "labelled-network": ("chapter1", "Layers"),
    "forward-pass": ("chapter1", "ForwardPass"),
    "weight-grid": ("chapter1", "Weights"),
    "edge-detector": ("chapter1", "EdgeDetector"),
    "sigmoid": ("chapter1", "Squish"),
    "relu": ("chapter1", "SigmoidVsReLU"),
    "matrix-symbolic": ("chapter1", "MatrixFormSymbolic"),
    "matrix-numeric": ("chapter1", "MatrixFormNumeric"),
    "parameter-count": ("chapter1", "Counting"),
    "cost-terms": ("chapter2", "CostOfOneExample"),
    "cost-landscape": ("chapter2", "RealLandscape"),
    "gradient-vector": ("chapter2", "GradientVector"),
    "gradient-edges": ("chapter2", "GradientEdges"),
    "cost-curve": ("chapter2", "GradientDescent"),
    "learning-curves": ("chapter2", "MemorizingVsLearning"),
    "weight-images": ("chapter2", "HiddenNeuronsLook"),
}


def chapter_scenes(chapter: str) -> list[tuple[str, str]]:
    """(class name, title) of every scene of a chapter, in story order."""
    module = importlib.import_module(CHAPTERS[chapter])
    return [(cls.__name__, (cls.__doc__ or cls.__name__).strip().splitlines()[0]) for cls in module.CHAPTER]


def media_dir(chapter: str, scene: str) -> Path:
    # One folder per scene: parallel manim processes sharing a Tex folder can collide while
    # compiling the same formula; per scene, each keeps its own LaTeX cache between runs.
    return WORK / chapter / scene


def manim_command(chapter: str, scene: str, quality: str, output: str, still: bool) -> list[str]:
    cmd = [sys.executable, "-m", "manim", "render", f"-q{QUALITY_FLAGS[quality]}", "--disable_caching",
           "--media_dir", str(media_dir(chapter, scene)), "--progress_bar", "none", "-v", "WARNING", "-o", output]
    if still:
        cmd.append("-s")
    return cmd + [str(ROOT / "scenes" / f"{chapter}.py"), scene]


def run_manim(cmd: list[str], env: dict, label: str) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        raise RuntimeError(f"{label} failed (exit {proc.returncode}):\n{tail}")
    return time.perf_counter() - start


def find_output(folder: Path, name: str, suffix: str) -> Path:
    hits = sorted(folder.rglob(f"{name}{suffix}"), key=lambda p: p.stat().st_mtime)
    hits = [h for h in hits if "partial_movie_files" not in h.parts]
    if not hits:
        raise RuntimeError(f"manim wrote no {name}{suffix} under {folder}")
    return hits[-1]


def parallel(jobs: list, worker, workers: int) -> list:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(worker, jobs))


def render_video(chapter: str, quality: str, workers: int, env: dict) -> Path:
    scenes = chapter_scenes(chapter)
    out_dir = RENDERS / chapter
    out_dir.mkdir(parents=True, exist_ok=True)
    total = len(scenes)

    def work(item):
        i, (scene, title) = item
        name = f"{i + 1:02d}-{scene}"
        seconds = run_manim(manim_command(chapter, scene, quality, name, still=False), env, scene)
        target = out_dir / f"{name}.mp4"
        shutil.copyfile(find_output(media_dir(chapter, scene), name, ".mp4"), target)
        print(f"  [{chapter}] {name}  {seconds:5.1f} s", flush=True)
        return target, title

    print(f"rendering {chapter}: {total} scenes at {quality} quality, {workers} at a time", flush=True)
    parts = parallel(list(enumerate(scenes)), work, workers)
    from scenes.concat import concat, write_chapters

    movie = RENDERS / f"{chapter}.mp4"
    starts = concat([p for p, _ in parts], movie)
    write_chapters(RENDERS / f"{chapter}.chapters.txt", [(s, t) for s, (_, t) in zip(starts, parts)])
    print(f"wrote {movie.relative_to(ROOT)} and {chapter}.chapters.txt", flush=True)
    return movie


def render_figures(names: list[str], quality: str, workers: int, env: dict) -> list[Path]:
    out_dir = RENDERS / "figures"
    out_dir.mkdir(parents=True, exist_ok=True)
    env = {**env, "NETCORE_FIGURE": "1"}  # beats drop their captions

    def work(name):
        chapter, scene = FIGURES[name]
        seconds = run_manim(manim_command(chapter, scene, quality, f"figure-{name}", still=True), env, name)
        target = out_dir / f"{name}.png"
        shutil.copyfile(find_output(media_dir(chapter, scene), f"figure-{name}", ".png"), target)
        print(f"  figure {name:18s} {seconds:5.1f} s", flush=True)
        return target

    return parallel(names, work, workers)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m scenes.render", description=__doc__)
    p.add_argument("what", choices=["video", "figures"])
    p.add_argument("--chapters", nargs="+", default=sorted(CHAPTERS), choices=sorted(CHAPTERS))
    p.add_argument("--figures", nargs="+", default=None, choices=sorted(FIGURES), help="default: all")
    p.add_argument("--quality", default=None, choices=sorted(QUALITY_FLAGS),
                   help="video default: low; figures default: 4k")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = p.parse_args(argv)
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    try:
        # Fail fast, before launching renders, on a bad DIGIT/IMAGE or a stale bundle.
        from scenes.kit.data import chosen_digit

        chosen_digit()
        if args.what == "video":
            for chapter in args.chapters:
                render_video(chapter, args.quality or "low", args.jobs, env)
        else:
            names = args.figures or list(FIGURES)
            render_figures(names, args.quality or "4k", args.jobs, env)
            print(f"wrote {len(names)} figures to {(RENDERS / 'figures').relative_to(ROOT)}/")
    except (NetcoreError, RuntimeError, ValueError) as err:  # one clear message instead of a traceback
        print(f"render: error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
