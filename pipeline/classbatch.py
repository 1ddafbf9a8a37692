"""A video for every student: ``make class IMAGES=dir/`` (``python -m pipeline.classbatch --images DIR``).

For every picture in the folder (a student's photo or drawing of one digit) the chapters as that
student's digit would show them, in ``<renders>/class/<picture name>/chapterN.mp4`` with their
subtitles, and ``figures/what-the-network-saw.png`` beside them. Only the beats that show the
featured digit (``Beat.uses_digit`` in the catalogue) are rendered per picture; the others are
rendered once for the whole class (in ``class/.shared/``) and joined into every student's chapters.
A picture the network refuses (blank, unreadable, empty: what ``netcore predict`` refuses) is
skipped, never stopping the others, and listed at the end with the reason. ``class/index.html``
lists every student's videos and the network's answer for their digit.

The jobs run like ``make video``'s: on this machine, or on a Dask cluster with ``SCHEDULER=``.
This is an entry point: it reads the environment once (the render settings), like ``pipeline.render``.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

from netcore.errors import NetcoreError
from pipeline import webpage
from pipeline.fingerprint import fingerprints
from pipeline.jobs import Job, chapter_jobs, chapter_video, figure_jobs
from pipeline.render import assemble, own_words_and_voice, process_env, settle
from pipeline.runner import run_jobs, up_to_date
from pipeline.settings import CONFIG, Settings, add_options
from scenes import catalogue

FIGURE = "what-the-network-saw"
SHARED = ".shared"  # the beats that do not show the digit, rendered once for the class


@dataclass(frozen=True)
class Student:
    name: str  # the picture's name without its suffix: the student's folder
    picture: Path
    answer: int  # the network's answer for their digit
    source: str  # how the scenes name the digit ("your image alice.png")


def pictures(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def students(folder: Path) -> tuple[list[Student], list[tuple[str, str]]]:
    """The pictures the network reads (with its answer), and the ones it refuses (name, why)."""
    from netcore import bundle, choice

    b = bundle.load()
    found, refused = [], []
    files = pictures(folder)
    stems = [f.stem for f in files]
    for file in files:
        try:
            digit = choice.resolve(b, None, str(file))
        except NetcoreError as err:
            refused.append((file.name, str(err).removeprefix(f"{file}: ")))
            continue
        name = file.stem if stems.count(file.stem) == 1 else file.name  # alice.png and alice.jpg: both kept
        found.append(Student(name, file, digit.prediction, digit.source))
    return found, refused


def uses_digit(job: Job) -> bool:
    return catalogue.beat(job.module, job.scene).uses_digit


def plan(settings: Settings, class_dir: Path, everyone: list[Student], own) -> tuple[dict, list[Job]]:
    """Each student's chapters (their jobs in story order, shared ones included) and every job once."""
    base = replace(settings.scene_settings(), digit="", image="")
    shared = {(job.module, job.scene): job for chapter in settings.chapters
              for job in chapter_jobs(chapter, settings.quality, base, class_dir / SHARED, own) if not uses_digit(job)}
    chapters: dict[Student, dict[str, list[Job]]] = {}
    every = list(shared.values())
    for student in everyone:
        mine = replace(base, image=str(student.picture))
        chapters[student] = {}
        for chapter in settings.chapters:
            jobs = [job if uses_digit(job) else shared[job.module, job.scene]
                    for job in chapter_jobs(chapter, settings.quality, mine, class_dir / student.name, own)]
            chapters[student][chapter] = jobs
            every += [job for job in jobs if uses_digit(job)]
        every += figure_jobs([FIGURE], settings.figure_quality, mine, class_dir / student.name)
    return chapters, every


def index_page(class_dir: Path, chapters: dict, refused: list[tuple[str, str]], theme: str) -> Path:
    """``class/index.html``: every student's videos and figure, the network's answer, the skipped pictures."""
    rows = []
    for student, theirs in sorted(chapters.items(), key=lambda item: item[0].name):
        figure = f"{student.name}/figures/{FIGURE}.png"
        videos = " ".join(
            f'<a href="{webpage.href(f"{student.name}/{chapter}.mp4")}">{html.escape(catalogue.CHAPTERS[chapter].title)}</a>'
            for chapter in theirs if chapter_video(class_dir / student.name, chapter).is_file())
        picture = (f'<img src="{webpage.href(figure)}" alt="what the network saw of {html.escape(student.picture.name)}">'
                   if (class_dir / figure).is_file() else "")
        rows.append(f'<tr><th scope="row">{html.escape(student.name)}</th><td class="answer">{student.answer}</td>'
                    f"<td>{videos or 'not rendered'}</td><td>{picture}</td></tr>")
    skipped = "".join(f"<li><b>{html.escape(name)}</b>: {html.escape(why)}</li>" for name, why in refused)
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A video for every student</title>
<style>{webpage.palette_css()}
body {{ font-family: var(--font); background: var(--bg); color: var(--fg); margin: 2rem; }}
table {{ border-collapse: collapse; }} th, td {{ border-bottom: 1px solid var(--line); padding: .5rem 1rem; text-align: left; }}
td.answer {{ font-size: 1.6rem; color: var(--accent); text-align: center; }} img {{ width: 24rem; }}
a {{ color: var(--accent); margin-right: 1rem; }}</style></head>
<body><h1>A video for every student</h1>
<p>{len(chapters)} students; each video follows that student's own digit through the network ({html.escape(theme)} theme).</p>
<table><thead><tr><th>Student</th><th>The network's answer</th><th>Videos</th><th>What the network saw</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>
{f'<h2>Skipped pictures</h2><ul class="skipped">{skipped}</ul>' if refused else ""}
</body></html>
"""
    return webpage.write_page(class_dir / "index.html", page)


def run(settings: Settings, folder: Path, env: dict[str, str]) -> int:
    if settings.scenes:  # a student's chapter is joined from all its beats
        raise ValueError(f"SCENES={' '.join(settings.scenes)}: a class renders whole chapters (each student's "
                         "are joined from every beat); choose them with CHAPTERS, or use make video for single scenes")
    if not folder.is_dir():
        raise ValueError(f"IMAGES={folder}: not a folder of pictures")
    everyone, refused = students(folder)
    if not everyone:
        raise ValueError(f"IMAGES={folder}: no picture the network can read"
                         + "".join(f"\n  {name}: {why}" for name, why in refused))
    class_dir = settings.output / "class"
    own, _ = own_words_and_voice(settings)
    chapters, jobs = plan(settings, class_dir, everyone, own)
    fps = fingerprints(jobs)
    print(f"{len(everyone)} students, {len(refused)} pictures skipped; "
          f"{sum(not uses_digit(j) for j in jobs if j.kind == 'scene')} shared scenes, "
          f"{sum(uses_digit(j) for j in jobs if j.kind == 'scene')} personal scenes, {len(everyone)} figures", flush=True)

    def join(chapter: str) -> None:
        for student, theirs in chapters.items():
            if chapter in theirs and all(up_to_date(job, fps[job]) for job in theirs[chapter]):
                assemble(chapter, theirs[chapter], class_dir / student.name,
                         {"digit": f"{student.source} (the network answered {student.answer})", "theme": settings.theme})

    client = None
    if settings.scheduler and not all(up_to_date(job, fps[job]) for job in jobs):
        from pipeline import farm

        client = farm.connect(settings.scheduler)
    try:
        failures = run_jobs(jobs, fps, settings.workers, env, {"theme": settings.theme}, module_done=join,
                            executor=client and farm.Farm(client))
    finally:
        if client is not None:
            client.close()
    page = index_page(class_dir, chapters, refused, settings.theme)
    print(f"wrote {page}", flush=True)
    if refused:
        print(f"skipped {len(refused)} of {len(refused) + len(everyone)} pictures:", flush=True)
        for name, why in refused:
            print(f"  {name}: {why}", flush=True)
    if failures:
        raise RuntimeError(f"{len(failures)} of {len(jobs)} jobs failed:\n\n" + "\n\n".join(failures))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pipeline.classbatch", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--images", type=Path, required=True, metavar="DIR", help="the folder of the students' pictures")
    p.add_argument("--config", type=Path, default=CONFIG, help="settings file (default video.toml at the repo root)")
    add_options(p)
    return p


def main(argv=None, environ: dict[str, str] | None = None) -> int:
    environ = dict(os.environ if environ is None else environ)
    args = parser().parse_args(argv)
    try:
        settings = settle(args, environ)
        start = time.perf_counter()
        run(settings, args.images.expanduser(), process_env(environ))
        print(f"done in {time.perf_counter() - start:.1f} s; the class in {settings.output / 'class'}", flush=True)
    except (NetcoreError, RuntimeError, ValueError) as err:
        print(f"class: error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
