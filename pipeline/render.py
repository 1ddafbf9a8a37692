"""Render the chapters and the figures: ``python -m pipeline video|figures|check|plan|gallery|clean``.

Every scene (and every figure) is a job: one manim process with declared inputs
(``pipeline.fingerprint``) and one output file in ``renders/``. A job runs only when its
output is missing or its inputs changed since the output was made (each output has a
``.json`` record beside it holding the fingerprint of its inputs). Jobs run several at
once, a chapter's jobs before the next chapter's, the slowest first (as last measured).
A chapter's scene files are then joined, without re-encoding, into
``renders/chapterN.mp4`` with its chapters list and subtitles, only when one of them
changed.

This is the pipeline's entry point: the only place that reads the environment (the variables
``pipeline.settings.Settings`` declares, over video.toml, under the options); everything below
gets the ``Settings`` passed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from netcore.errors import NetcoreError
from pipeline import clean as cleaning
from pipeline import lines_file, recordings, stills
from pipeline.fingerprint import declared_inputs, fingerprints
from pipeline.jobs import ROOT, Job, chapter_folder, chapter_jobs, chapter_video, figure_jobs, scene_video
from pipeline.runner import read_record, run_jobs, up_to_date
from pipeline.settings import CONFIG, Settings, add_options, overrides, resolve, template
from pipeline.timecode import timecode
from scenes import catalogue
from scenes.audio import UnreadableAudio


# Bump when how chapters are joined changes (their audio, subtitles): every chapter is joined again.
JOIN_VERSION = 4


def process_env(environ: dict[str, str]) -> dict[str, str]:
    """The environment of a manim process: the caller's, with the repo importable."""
    return {**environ, "PYTHONPATH": str(ROOT) + os.pathsep + environ.get("PYTHONPATH", "")}


def digit_description(settings: Settings) -> str:
    from netcore import bundle, choice

    digit = choice.resolve(bundle.load(), settings.digit or None, settings.image or None)
    return digit.source + (f" (a {digit.label})" if digit.label is not None else "")


def prune(chapter: str, jobs: list[Job], renders: Path) -> None:
    """Remove scene files of this chapter that are no longer in it (renamed or removed scenes):
    only files the pipeline made (a record says so), so the gallery and the folder list what is."""
    current = {job.name for job in jobs}
    for record_path in sorted(chapter_folder(renders, chapter).glob("*.json")):
        record = read_record(record_path)
        if (record.get("kind") == "scene" and chapter in (record.get("chapter"), record.get("module"))
                and record.get("name") not in current):
            video = scene_video(renders, chapter, record_path.stem)
            for suffix in (".mp4", ".wav", ".lines.json", ".vtt"):
                video.with_suffix(suffix).unlink(missing_ok=True)
            record_path.unlink()
            print(f"removed {video.relative_to(renders)} (no longer a scene of {chapter})", flush=True)


def assemble(chapter: str, jobs: list[Job], renders: Path, facts: dict) -> bool:
    """Join a chapter's scene files (only if one changed since the last join); True if it was joined."""
    from pipeline import captions, soundtrack
    from pipeline.join import concat, durations

    movie = chapter_video(renders, chapter)
    record_path = movie.with_suffix(".json")
    parts = [[job.name, read_record(job.record).get("fingerprint")] for job in jobs]
    if movie.is_file() and read_record(record_path).get("parts") == parts \
            and read_record(record_path).get("join_version") == JOIN_VERSION:
        print(f"{movie.name} up to date", flush=True)
        return False
    prune(chapter, jobs, renders)
    files = [job.output for job in jobs]
    lengths = durations(files)
    spoken = any(f.with_suffix(".wav").is_file() for f in files)
    track = measured = None
    if spoken:
        track, measured = soundtrack.finish(soundtrack.chapter_track(
            [(f.with_suffix(".wav"), seconds) for f, seconds in zip(files, lengths)]))
    starts = [sum(lengths[:i]) for i in range(len(lengths))]
    cues = captions.cues([(start, start + seconds, f.with_suffix(".lines.json"))
                          for start, seconds, f in zip(starts, lengths, files)])
    spans = concat(files, movie, track, cues)
    beats = [(start, end, job.title) for (start, end), job in zip(spans, jobs)]
    captions.write_chapters(renders / f"{chapter}.chapters.txt", beats)
    captions.write_srt(renders / f"{chapter}.srt", cues)
    captions.write_vtt(renders / f"{chapter}.vtt", cues)
    for seconds, f in zip(lengths, files):  # each scene's own, for its player in the gallery
        captions.write_vtt(f.with_suffix(".vtt"), captions.cues([(0.0, seconds, f.with_suffix(".lines.json"))]))
    words = sum(len(c.text.split()) for c in cues)
    sound = ({"loudness_lufs": measured.lufs, "true_peak_dbtp": measured.true_peak_db,
              "audio_seconds": measured.seconds} if measured else {"audio": "none"})
    record_path.write_text(json.dumps({
        "kind": "chapter", "name": chapter, "chapter": chapter, "title": catalogue.CHAPTERS[chapter].title,
        "file": movie.name, "chapters_file": f"{chapter}.chapters.txt", "captions_file": f"{chapter}.srt",
        "subtitles_file": f"{chapter}.vtt", "quality": jobs[0].quality, "seconds_long": round(spans[-1][1], 3),
        "join_version": JOIN_VERSION, "spoken_words": words, "subtitle_cues": len(cues), **sound, **facts, "parts": parts}, indent=1) + "\n")
    voice = (f", narration {measured.lufs:.1f} LUFS, peak {measured.true_peak_db:.1f} dBTP" if measured
             else ", silent")
    print(f"wrote {movie.name} ({timecode(spans[-1][1])}, {words:,} spoken words{voice}), "
          f"{chapter}.chapters.txt, {chapter}.srt and {chapter}.vtt", flush=True)
    return True


def figure_names(figures: list[str] | None) -> list[str]:
    return list(catalogue.FIGURES) if not figures or figures == ["all"] else figures


Own = Callable[[str, str], dict]


def own_words_and_voice(settings: Settings) -> tuple[Own, list[recordings.Recording]]:
    """Each scene's share of the lecturer's lines file and recordings (read once per run), and the recordings."""
    texts = lines_file.read(settings.own_lines) if settings.own_lines else {}
    found: list[recordings.Recording] = []
    if settings.voice != "none":
        found, warnings = recordings.find(settings.voice_dir)
        for warning in warnings:
            print(f"warning: {warning}", file=sys.stderr, flush=True)
    return (lambda chapter, scene: {"texts": lines_file.for_scene(texts, chapter, scene),
                                    "recordings": recordings.for_scene(found, chapter, scene)}), found


def plan(what: str, figures: list[str] | None, settings: Settings) -> tuple[list[Job], Own | None]:
    """The jobs of this run, and each scene's own words and voice (None for figures): the chapter
    join plans the same jobs again with them."""
    scene_settings = settings.scene_settings()
    if what == "figures" or (what == "plan" and figures):
        return figure_jobs(figure_names(figures), settings.figure_quality, scene_settings, settings.output), None
    own, _ = own_words_and_voice(settings)
    jobs = [job for chapter in settings.chapters
            for job in chapter_jobs(chapter, settings.quality, scene_settings, settings.output, own)]
    if settings.scenes:
        unknown = set(settings.scenes) - {job.scene for job in jobs}
        if unknown:
            raise ValueError(f"no scene {', '.join(sorted(unknown))} in {', '.join(settings.chapters)}; "
                             f"scenes: {', '.join(job.scene for job in jobs)}")
        jobs = [job for job in jobs if job.scene in settings.scenes]
    return jobs, own


def render(what: str, settings: Settings, jobs: list[Job], own: Own | None, env: dict[str, str]) -> int:
    from pipeline.manifest import write_manifest

    facts = {"digit": digit_description(settings), "theme": settings.theme}
    fps = fingerprints(jobs)
    # A recording that is not audio is refused before anything renders: nothing rendered is lost.
    todo = [job for job in jobs if not up_to_date(job, fps[job])]
    try:
        warnings = recordings.check([r for job in todo for r in job.settings.recordings])
    except UnreadableAudio as err:
        raise ValueError(f"{err}; fix or remove it (nothing was rendered)") from None
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr, flush=True)

    def join(chapter: str) -> None:
        if what != "video":
            return
        everything = chapter_jobs(chapter, settings.quality, settings.scene_settings(), settings.output, own)
        known = {**fingerprints([j for j in everything if j not in fps]), **fps}
        if all(up_to_date(job, known[job]) for job in everything):
            assemble(chapter, everything, settings.output, facts)
        else:
            print(f"{chapter}.mp4 not joined: some of its scenes are not rendered yet", flush=True)

    client = None
    if settings.scheduler and todo:  # refused before anything renders if it cannot be reached
        from pipeline import farm

        client = farm.connect(settings.scheduler)
    try:
        failures = run_jobs(jobs, fps, settings.workers, env, facts, module_done=join,
                            executor=client and farm.Farm(client))
    finally:
        if client is not None:
            client.close()
    write_manifest(settings.output)
    stills.write_posters(settings.output)  # the gallery's and the notes' picture of each video
    if failures:
        raise RuntimeError(f"{len(failures)} of {len(jobs)} jobs failed:\n\n" + "\n\n".join(failures))
    return 0


def check(settings: Settings, figures: list[str] | None) -> int:
    from pipeline.check import check_figure, check_video

    problems = []
    count = 0
    for chapter in settings.chapters:
        jobs = chapter_jobs(chapter, settings.quality, settings.scene_settings(), settings.output)
        for job in jobs:
            problems += check_video(job.output, settings.quality)
        problems += check_video(chapter_video(settings.output, chapter), settings.quality, whole_track=True)
        count += len(jobs) + 1
    if figures:
        for job in figure_jobs(figure_names(figures), settings.figure_quality, settings.scene_settings(),
                               settings.output):
            problems += check_figure(job.output, settings.figure_quality)
            count += 1
    for problem in problems:
        print(f"check: {problem}", file=sys.stderr)
    print(f"checked {count} files: {'all good' if not problems else f'{len(problems)} problems'}")
    return 1 if problems else 0


def write_script(settings: Settings, environ: dict[str, str]) -> int:
    from pipeline import script

    own, found = own_words_and_voice(settings)
    print(f"collecting every line of {', '.join(settings.chapters)} (each scene to its last frame)...", flush=True)
    for md in script.write(settings.chapters, settings.scene_settings(), own, process_env(environ), settings.output,
                           settings.voice_dir, found, digit_description(settings), settings.workers):
        print(f"wrote {md}", flush=True)
    return 0


def show_plan(jobs: list[Job]) -> int:
    out = []
    for job, fp in fingerprints(jobs).items():
        command = [os.path.relpath(c, ROOT) if os.path.isabs(c) and c != sys.executable else c
                   for c in job.command()]
        out.append({"job": job.key, "output": os.path.relpath(job.output, ROOT), "command": ["python", *command[1:]],
                    "inputs": declared_inputs(job), "fingerprint": fp, "up_to_date": up_to_date(job, fp)})
    print(json.dumps(out, indent=1))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", choices=["video", "figures", "check", "plan", "gallery", "clean", "script", "notes",
                                    "live", "settings"],
                   help="video: render chapters; figures: render stills; check: verify rendered files; "
                        "plan: print every job (command, inputs, output, up to date?) as JSON; "
                        "gallery: write index.html in the output folder, a page of everything rendered; "
                        "clean: remove the output folder (only one the pipeline made); "
                        "script: write the narration, line by line with ids, to <output>/script/chapterN.md; "
                        "notes: lecture notes of the rendered chapters, <output>/notes/chapterN.html and .pdf; "
                        "live: <output>/live/index.html, the network live in a browser (draw a digit); "
                        "settings: print every setting, documented, as a video.toml")
    p.add_argument("--config", type=Path, default=CONFIG, help="settings file (default video.toml at the repo root)")
    p.add_argument("--figures", nargs="+", default=None, metavar="NAME",
                   help=f"figures: which (default all); check: also check these figures ('all' for every one). "
                        f"Names: {', '.join(catalogue.FIGURES)}")
    add_options(p)  # one per setting, from pipeline.settings.Settings
    return p


def settle(args, environ: dict[str, str]) -> Settings:
    """Config file < environment < options."""
    chosen = resolve(args.config, overrides(args), environ)
    if args.chapters == []:  # `check --chapters` with none: figures only
        chosen = replace(chosen, chapters=())
    return chosen


def main(argv=None, environ: dict[str, str] | None = None) -> int:
    environ = dict(os.environ if environ is None else environ)
    args = parser().parse_args(argv)
    if args.what == "settings":
        print(template(), end="")
        return 0
    try:
        settings = settle(args, environ)
        if args.figures:
            unknown = [n for n in args.figures if n not in catalogue.FIGURES and n != "all"]
            if unknown:
                raise ValueError(f"unknown figure {', '.join(unknown)}; figures: {', '.join(catalogue.FIGURES)}")
        if args.what == "check":
            return check(settings, args.figures)
        if args.what == "gallery":
            from pipeline import gallery

            return gallery.run(settings)
        if args.what == "clean":
            return cleaning.clean(settings.output)
        if args.what == "live":
            from pipeline import live

            return live.run(settings)
        if args.what == "script":
            return write_script(settings, environ)
        if args.what == "notes":
            from pipeline import notes

            return notes.run(settings)
        # Fail fast, before launching renders, on a bad DIGIT/IMAGE or a stale bundle.
        digit_description(settings)
        jobs, own = plan(args.what, args.figures, settings)
        if args.what == "plan":
            return show_plan(jobs)
        start = time.perf_counter()
        render(args.what, settings, jobs, own, process_env(environ))
        print(f"done in {time.perf_counter() - start:.1f} s; outputs in {settings.output}", flush=True)
    except (NetcoreError, RuntimeError, ValueError) as err:  # one clear message instead of a traceback
        print(f"render: error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
