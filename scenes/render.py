"""Render the chapters and the figures: ``python -m scenes.render video|figures|check|plan``.

Every scene (and every figure) is a job: one manim process with declared inputs
(``scenes.inputs``) and one output file in ``renders/``. A job runs only when its
output is missing or its inputs changed since the output was made (each output has a
``.json`` record beside it holding the fingerprint of its inputs). Jobs run several at
once, a chapter's jobs before the next chapter's, the slowest first (as last measured).
A chapter's scene files are then joined, without re-encoding, into
``renders/chapterN.mp4`` with its chapters list and subtitles, only when one of them
changed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from netcore.errors import NetcoreError
from scenes.jobs import CHAPTERS, FIGURES, QUALITY_FLAGS, ROOT, Job, chapter_jobs, figure_jobs
from scenes.inputs import Context, declared_inputs, fingerprint
from scenes.settings import CONFIG, THEMES, resolve


def default_jobs() -> int:
    return os.cpu_count() or 2


def base_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def read_record(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def up_to_date(job: Job, fp: str) -> bool:
    return job.output.is_file() and read_record(job.record).get("fingerprint") == fp


def digit_description() -> str:
    from scenes.kit.data import chosen_digit

    digit = chosen_digit()
    return digit.source + (f" (a {digit.label})" if digit.label is not None else "")


def find_output(folder: Path, name: str, suffix: str) -> Path:
    hits = [h for h in folder.rglob(f"{name}{suffix}") if "partial_movie_files" not in h.parts]
    if not hits:
        raise RuntimeError(f"manim wrote no {name}{suffix} under {folder}")
    return max(hits, key=lambda p: p.stat().st_mtime)


def run_job(job: Job, fp: str, env: dict, facts: dict) -> float:
    """Render one job into its output (atomically), then write its record."""
    shutil.rmtree(job.media_dir / "videos", ignore_errors=True)  # no stale file to pick up
    shutil.rmtree(job.media_dir / "images", ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.run(job.command(), cwd=ROOT, env={**env, **job.env()}, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        raise RuntimeError(f"{job.key} failed (exit {proc.returncode}):\n{tail}")
    made = find_output(job.media_dir, job.name, job.output.suffix)
    job.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = job.output.with_name(f".{job.output.name}.tmp")
    shutil.move(made, tmp)
    os.replace(tmp, job.output)
    shutil.rmtree(job.media_dir / "videos", ignore_errors=True)  # partial movie files: as big as the video
    record = {"fingerprint": fp, "kind": job.kind, "module": job.module, "scene": job.scene, "name": job.name,
              "title": job.title, "file": str(job.output.relative_to(job.renders)), "quality": job.quality,
              "seconds": round(seconds, 2), **facts}
    job.record.write_text(json.dumps(record, indent=1) + "\n")
    return seconds


def schedule(jobs: list[Job]) -> list[Job]:
    """A chapter's jobs before the next chapter's (so it can be joined early), within a chapter the
    slowest first as last measured: the long ones don't end up alone at the end."""
    order = {m: i for i, m in enumerate(dict.fromkeys(j.module for j in jobs))}
    return sorted(jobs, key=lambda j: (order[j.module], -float(read_record(j.record).get("seconds", j.expected_seconds))))


def run_jobs(jobs: list[Job], context: Context, workers: int, env: dict, facts: dict,
             module_done=lambda module: None) -> list[str]:
    """Run the jobs whose outputs are stale; return the failures (the others still finish).

    ``module_done(module)`` is called as soon as every job of that module has finished well
    (so chapter 1 is joined while chapter 2 still renders)."""
    fps = {job: fingerprint(job, context) for job in jobs}
    todo = schedule([job for job in jobs if not up_to_date(job, fps[job])])
    print(f"{len(jobs)} jobs: {len(jobs) - len(todo)} up to date, {len(todo)} to render"
          + (f" with {min(workers, len(todo))} processes" if todo else ""), flush=True)
    remaining = {module: sum(job.module == module for job in todo) for module in dict.fromkeys(j.module for j in jobs)}
    for module, count in remaining.items():
        if count == 0:
            module_done(module)
    failures = []
    if not todo:
        return failures
    width = len(str(len(todo)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(run_job, job, fps[job], env, facts): job for job in todo}
        for done, future in enumerate(as_completed(futures), 1):
            job = futures[future]
            try:
                seconds = future.result()
                print(f"  [{done:{width}d}/{len(todo)}] {job.key:34s} {seconds:6.1f} s", flush=True)
            except RuntimeError as err:
                print(f"  [{done:{width}d}/{len(todo)}] {job.key:34s} FAILED", flush=True)
                failures.append(str(err))
                remaining[job.module] = -1  # never "done"
                continue
            remaining[job.module] -= 1
            if remaining[job.module] == 0:
                module_done(job.module)
    return failures


def prune(chapter: str, jobs: list[Job], renders: Path) -> None:
    """Remove scene files of this chapter that are no longer in it (renamed or renumbered scenes):
    only files the pipeline made (a record says so), so the gallery and the folder list what is."""
    current = {job.name for job in jobs}
    for record_path in sorted((renders / chapter).glob("*.json")):
        record = read_record(record_path)
        if record.get("kind") == "scene" and record.get("module") == chapter and record.get("name") not in current:
            record_path.with_suffix(".mp4").unlink(missing_ok=True)
            record_path.unlink()
            print(f"removed {chapter}/{record_path.stem}.mp4 (no longer a scene of {chapter})", flush=True)


def assemble(chapter: str, jobs: list[Job], renders: Path, facts: dict) -> bool:
    """Join a chapter's scene files (only if one changed since the last join); True if it was joined."""
    from scenes.captions import write_chapters, write_srt
    from scenes.concat import concat

    movie = renders / f"{chapter}.mp4"
    record_path = movie.with_suffix(".json")
    parts = [[job.name, read_record(job.record).get("fingerprint")] for job in jobs]
    if movie.is_file() and read_record(record_path).get("parts") == parts:
        print(f"{movie.name} up to date", flush=True)
        return False
    prune(chapter, jobs, renders)
    spans = concat([job.output for job in jobs], movie)
    beats = [(start, end, job.title) for (start, end), job in zip(spans, jobs)]
    write_chapters(renders / f"{chapter}.chapters.txt", beats)
    write_srt(renders / f"{chapter}.srt", beats)
    record_path.write_text(json.dumps({
        "kind": "chapter", "name": chapter, "file": movie.name, "chapters_file": f"{chapter}.chapters.txt",
        "captions_file": f"{chapter}.srt", "quality": jobs[0].quality, "seconds_long": round(spans[-1][1], 3),
        **facts, "parts": parts}, indent=1) + "\n")
    print(f"wrote {movie.name} ({spans[-1][1]:.1f} s), {chapter}.chapters.txt and {chapter}.srt", flush=True)
    return True


def plan(args) -> list[Job]:
    if args.what == "figures":
        return figure_jobs(args.figures or list(FIGURES), args.quality, args.renders)
    if args.what == "plan" and args.figures:
        names = list(FIGURES) if args.figures == ["all"] else args.figures
        return figure_jobs(names, args.figure_quality, args.renders)
    jobs = [job for chapter in args.chapters for job in chapter_jobs(chapter, args.quality, args.renders)]
    if args.scenes:
        unknown = set(args.scenes) - {job.scene for job in jobs}
        if unknown:
            raise ValueError(f"no scene {', '.join(sorted(unknown))} in {', '.join(args.chapters)}; "
                             f"scenes: {', '.join(job.scene for job in jobs)}")
        jobs = [job for job in jobs if job.scene in args.scenes]
    return jobs


def render(args, jobs: list[Job]) -> int:
    from scenes.kit.style import THEME
    from scenes.manifest import write_manifest

    env = base_env()
    context = Context.gather(sorted({job.module for job in jobs}), env)
    facts = {"digit": digit_description(), "theme": THEME.name}

    def join(chapter: str) -> None:
        if args.what != "video":
            return
        everything = chapter_jobs(chapter, args.quality, args.renders)
        if all(up_to_date(job, fingerprint(job, context)) for job in everything):
            assemble(chapter, everything, args.renders, facts)
        else:
            print(f"{chapter}.mp4 not joined: some of its scenes are not rendered yet", flush=True)

    failures = run_jobs(jobs, context, args.jobs, env, facts, module_done=join)
    write_manifest(args.renders)
    if failures:
        raise RuntimeError(f"{len(failures)} of {len(jobs)} jobs failed:\n\n" + "\n\n".join(failures))
    return 0


def check(args) -> int:
    from scenes.check import check_figure, check_video

    problems = []
    quality = args.quality
    count = 0
    for chapter in args.chapters:
        jobs = chapter_jobs(chapter, quality, args.renders)
        for job in jobs:
            problems += check_video(job.output, quality)
        problems += check_video(args.renders / f"{chapter}.mp4", quality)
        count += len(jobs) + 1
    if args.figures:
        names = list(FIGURES) if args.figures == ["all"] else args.figures
        for job in figure_jobs(names, args.figure_quality, args.renders):
            problems += check_figure(job.output, args.figure_quality)
            count += 1
    for problem in problems:
        print(f"check: {problem}", file=sys.stderr)
    print(f"checked {count} files: {'all good' if not problems else f'{len(problems)} problems'}")
    return 1 if problems else 0


def show_plan(args, jobs: list[Job]) -> int:
    env = base_env()
    context = Context.gather(sorted({job.module for job in jobs}), env)
    out = []
    for job in jobs:
        fp = fingerprint(job, context)
        command = [os.path.relpath(c, ROOT) if os.path.isabs(c) and c != sys.executable else c
                   for c in job.command()]
        out.append({"job": job.key, "output": os.path.relpath(job.output, ROOT), "command": ["python", *command[1:]],
                    "env": {**{k: v for k, v in context.settings.items() if k != "IMAGE_SHA256"}, **job.env()},
                    "inputs": declared_inputs(job, context), "fingerprint": fp, "up_to_date": up_to_date(job, fp)})
    print(json.dumps(out, indent=1))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m scenes.render", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", choices=["video", "figures", "check", "plan", "gallery"],
                   help="video: render chapters; figures: render stills; check: verify rendered files; "
                        "plan: print every job (command, inputs, output, up to date?) as JSON; "
                        "gallery: write index.html in the output folder, a page of everything rendered")
    p.add_argument("--config", type=Path, default=CONFIG, help="settings file (default video.toml at the repo root)")
    p.add_argument("--chapters", nargs="*", default=None, help=f"default from the config; {', '.join(CHAPTERS)}")
    p.add_argument("--scenes", nargs="+", default=None, metavar="SCENE",
                   help="video: only these scenes (class names); the chapter file is joined once all are rendered")
    p.add_argument("--figures", nargs="+", default=None, metavar="NAME",
                   help=f"figures: which (default all); check: also check these figures ('all' for every one). "
                        f"Names: {', '.join(FIGURES)}")
    p.add_argument("--quality", default=None, help=f"videos (config default low); {', '.join(QUALITY_FLAGS)}")
    p.add_argument("--figure-quality", default=None, help="figures (config default 4k)")
    p.add_argument("--theme", default=None, help=f"{', '.join(THEMES)} (config default dark)")
    p.add_argument("--digit", default=None, help="test:N, an MNIST test image")
    p.add_argument("--image", default=None, help="your own digit picture (PNG/JPEG)")
    p.add_argument("--jobs", default=None, help=f"processes at once (config default 0: one per core, {default_jobs()})")
    p.add_argument("--renders", default=None, help="output folder (config default renders/)")
    return p


def apply_settings(args) -> None:
    """Config file < environment (THEME, DIGIT, IMAGE) < options; the scenes read the result."""
    chosen = resolve(args.config, {"quality": args.quality, "figure_quality": args.figure_quality,
                                   "chapters": args.chapters, "scenes": args.scenes, "theme": args.theme,
                                   "digit": args.digit, "image": args.image, "output": args.renders,
                                   "jobs": args.jobs})
    os.environ.update(chosen.env())  # before any scene module is imported: style reads THEME
    args.chapters, args.scenes = list(chosen.chapters), list(chosen.scenes)
    args.quality = chosen.figure_quality if args.what == "figures" else chosen.quality
    args.figure_quality, args.renders = chosen.figure_quality, chosen.output
    args.jobs = chosen.jobs or default_jobs()


def main(argv=None) -> int:
    saved = dict(os.environ)
    try:
        return run_command(parser().parse_args(argv))
    finally:  # settings go to os.environ for the scenes; a caller in the same process gets its own back
        os.environ.clear()
        os.environ.update(saved)


def run_command(args) -> int:
    try:
        no_chapters = args.chapters == []  # `check --chapters` with none: figures only
        apply_settings(args)
        if no_chapters:
            args.chapters = []
        if args.figures:
            unknown = [n for n in args.figures if n not in FIGURES and n != "all"]
            if unknown:
                raise ValueError(f"unknown figure {', '.join(unknown)}; figures: {', '.join(FIGURES)}")
        if args.what == "check":
            return check(args)
        if args.what == "gallery":
            from scenes import gallery

            return gallery.main(["--renders", str(args.renders)])
        # Fail fast, before launching renders, on a bad DIGIT/IMAGE or a stale bundle.
        from scenes.kit.data import chosen_digit

        chosen_digit()
        jobs = plan(args)
        if args.what == "plan":
            return show_plan(args, jobs)
        start = time.perf_counter()
        render(args, jobs)
        print(f"done in {time.perf_counter() - start:.1f} s; outputs in {args.renders}", flush=True)
    except (NetcoreError, RuntimeError, ValueError) as err:  # one clear message instead of a traceback
        print(f"render: error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
