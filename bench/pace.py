"""The narrator's pace, line by line: words said a minute, and the silence before the next line.

    .venv/bin/python bench/pace.py                      # every chapter: the lines synthesised now (make pace)
    .venv/bin/python bench/pace.py --chapters chapter1  # one chapter
    .venv/bin/python bench/pace.py --from script-file   # the lines make script last wrote (no gaps)
    .venv/bin/python bench/pace.py --from rendered      # the lines as the last make video said them

Three sources, the same table:
- ``script`` (default): each line's text as ``make script`` collects it (``pipeline.script.collect``:
  every scene to its last frame, no video, with the run's digit and lines file), each line said by
  the run's voice (``scenes.speech.speak``, into the renders' voice cache, so ``make video``
  reuses what this synthesises). The gap is the silence the scene leaves after the line before its
  next one (from the silent record, plus the breath ``Beat`` adds after a spoken line); before a
  scene's first line, the breath, the end pause and what the next scene plays before it speaks,
  marked ``~`` (a silent record does not say what a scene plays after its last line: on chapter 1
  nothing, and every gap agreed with the rendered one to 0.08 s, frame rounding).
- ``script-file``: the lines ``make script`` last wrote (``renders/script/chapterN.json``), said
  now: quicker (nothing collected), but that file has no timing, so no gaps.
- ``rendered``: the lines records ``make video`` wrote beside each scene's video (their spoken
  durations and starts): what the chapter really does.

Words are counted as said (``scenes.said``: "13,002" is four words). A line's seconds are its audio,
the pauses between its sentences included. Prints one row per line, a summary per chapter (median,
max, lines over the limit) and the lines over it; exits 1 if any line is over (so it can gate).
Settings (voice, speed, digit, lines file, output folder) are the pipeline's: video.toml < the
environment (VOICE=piper, VOICE_SPEED=...) < the options.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LIMIT_WPM = 170  # issue 20: every line at most this at the default voice speed


@dataclass(frozen=True)
class Paced:
    """One line said: its id, words said, seconds of audio and the silence after it (None: the chapter's last)."""

    id: str
    words: int
    seconds: float
    gap: float | None
    gap_at_least: bool = False  # across scenes without the scene's length: its tail after the last line not known

    @property
    def wpm(self) -> float:
        return self.words * 60 / self.seconds if self.seconds > 0 else float("inf")


def paced_from_records(scenes: list[dict], line_gap: float = 0.0, scene_gap: float = 0.0,
                       seconds_of=None, timed: bool = True) -> list[Paced]:
    """The lines of one chapter's scene records (``{"lines": [...], "seconds": ...}`` in story order).

    ``seconds_of(line)`` gives a line's spoken seconds (default: its record's duration); a gap is
    the next line's start minus this line's end, plus ``line_gap`` (the breath a spoken line adds
    that a silent record lacks); across scenes, what is left of this scene (when its record has
    ``seconds``; else the gap is a lower bound) plus ``scene_gap`` plus the next scene's lead-in.
    """
    from scenes.said import words_said

    seconds_of = seconds_of or (lambda line: line["duration"])
    flat = [(k, scene, line) for k, scene in enumerate(scenes) for line in scene["lines"]]
    out = []
    for i, (k, scene, line) in enumerate(flat):
        end = line["start"] + line["duration"] if timed else 0.0
        gap, at_least = None, False
        if timed and i + 1 < len(flat):
            k_next, _, following = flat[i + 1]
            if k_next == k:
                gap = following["start"] - end + line_gap
            else:
                tail = scene.get("seconds")
                at_least = tail is None
                gap = (tail - end if tail is not None else line_gap) + scene_gap + following["start"]
        out.append(Paced(line["id"], words_said(line["text"]), seconds_of(line), gap, at_least))
    return out


def summary(paced: list[Paced], limit: float = LIMIT_WPM) -> dict:
    rates = [p.wpm for p in paced]
    return {"lines": len(paced), "median_wpm": statistics.median(rates) if rates else 0.0,
            "max_wpm": max(rates, default=0.0), "over": sum(r > limit for r in rates),
            "words": sum(p.words for p in paced), "seconds": sum(p.seconds for p in paced)}


def table(chapter: str, paced: list[Paced], limit: float = LIMIT_WPM) -> str:
    rows = [f"# {chapter}", f"{'line':<44} {'words':>5} {'seconds':>7} {'wpm':>6} {'gap':>7}"]
    for p in paced:
        gap = "" if p.gap is None else ("~" if p.gap_at_least else "") + f"{p.gap:.2f}"
        rows.append(f"{p.id:<44} {p.words:>5} {p.seconds:>7.2f} {p.wpm:>6.1f} {gap:>7}"
                    + ("  OVER" if p.wpm > limit else ""))
    s = summary(paced, limit)
    rows.append(f"{chapter}: {s['lines']} lines, {s['words']:,} words said in {s['seconds']:.1f} s; "
                f"wpm median {s['median_wpm']:.1f}, max {s['max_wpm']:.1f}; {s['over']} over {limit:g}")
    over = [p for p in paced if p.wpm > limit]
    rows += [f"over {limit:g}: {p.id} {p.wpm:.1f} wpm ({p.words} words in {p.seconds:.2f} s)" for p in over]
    return "\n".join(rows)


def chosen_beats(chapter: str, scenes) -> list:
    """The chapter's beats, in story order: only ``scenes`` when given (``--scenes``/``SCENES``)."""
    from scenes import catalogue

    return [b for b in catalogue.CHAPTERS[chapter].beats if not scenes or b.scene in scenes]


def rendered_records(renders: Path, chapter: str, scenes=()) -> list[dict]:
    """Each scene's lines record beside its video (``pipeline.jobs``' layout), in story order."""
    from pipeline.jobs import scene_video

    records = []
    for beat in chosen_beats(chapter, scenes):
        path = scene_video(renders, chapter, beat.scene).with_suffix(".lines.json")
        if not path.is_file():
            raise SystemExit(f"pace: no lines record {path}: render the chapter first (make video "
                             f"CHAPTERS={chapter}), or use --from script")
        records.append(json.loads(path.read_text(encoding="utf-8")))
    return records


def main(argv=None, environ: dict[str, str] | None = None) -> int:
    from pipeline import settings as pipeline_settings

    environ = dict(os.environ if environ is None else environ)
    p = argparse.ArgumentParser(prog="bench/pace.py", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--from", dest="source", choices=["script", "script-file", "rendered"], default="script",
                   help="script: the lines collected and said now (default); script-file: the lines make script "
                        "last wrote, said now (no gaps: the file has no timing); rendered: the lines records of "
                        "make video")
    p.add_argument("--limit", type=float, default=LIMIT_WPM, help="words a minute a line may reach (default 170)")
    p.add_argument("--config", type=Path, default=pipeline_settings.CONFIG)
    pipeline_settings.add_options(p)
    args = p.parse_args(argv)
    try:
        settings = pipeline_settings.resolve(args.config, pipeline_settings.overrides(args), environ)
    except ValueError as err:
        print(f"pace: {err}", file=sys.stderr)
        return 2
    chapters = list(settings.chapters)
    unknown = set(settings.scenes or ()) - {b.scene for c in chapters for b in chosen_beats(c, ())}
    if unknown:
        print(f"pace: no scene {', '.join(sorted(unknown))} in {', '.join(chapters)}", file=sys.stderr)
        return 2
    chapters = [c for c in chapters if chosen_beats(c, settings.scenes)]
    if args.source == "rendered":
        by_chapter = {c: paced_from_records(rendered_records(settings.output, c, settings.scenes)) for c in chapters}
    else:
        if settings.voice == "none":
            print("pace: voice = none says nothing; choose a voice (VOICE=hibari or VOICE=piper)", file=sys.stderr)
            return 2
        by_chapter = synthesised(settings, chapters, environ, from_file=args.source == "script-file")
    over = 0
    for chapter, paced in by_chapter.items():
        print(table(chapter, paced, args.limit), flush=True)
        over += summary(paced, args.limit)["over"]
    return 1 if over else 0


def written_script(renders: Path, chapter: str, scenes=()) -> list[dict]:
    """The chapter's lines as ``make script`` last wrote them, one record per beat (no timing in them)."""
    from pipeline.script import script_file

    path = script_file(renders, chapter)
    if not path.is_file():
        raise SystemExit(f"pace: no {path}: run make script first (or use --from script)")
    records: dict[str, dict] = {}
    for line in json.loads(path.read_text(encoding="utf-8"))["lines"]:
        if scenes and line["beat"] not in scenes:
            continue
        records.setdefault(line["beat"], {"lines": []})["lines"].append(line)
    return list(records.values())


def synthesised(settings, chapters: list[str], environ: dict[str, str],
                from_file: bool = False) -> dict[str, list[Paced]]:
    """Each chapter's lines as ``make script`` collects them (or last wrote them), said now by the run's voice."""
    from pipeline import script
    from pipeline.render import own_words_and_voice, process_env
    from scenes import engines, speech
    from scenes.kit.beat import END_PAUSE, LINE_GAP

    scene_settings = settings.scene_settings()
    model = engines.check(settings.voice, settings.voice_model)
    engine = engines.engine(settings.voice, model, settings.voice_speed)
    if from_file:
        by_chapter = {c: written_script(settings.output, c, settings.scenes) for c in chapters}
    else:
        own, _ = own_words_and_voice(settings)
        print(f"collecting the lines of {', '.join(chapters)} (each scene to its last frame)...", file=sys.stderr,
              flush=True)
        collected = script.collect(chapters, scene_settings, own, process_env(environ), settings.workers,
                                   settings.scenes)
        by_chapter = {c: [{"lines": collected[c][b.scene]} for b in chosen_beats(c, settings.scenes)]
                      for c in chapters}
    cache = Path(scene_settings.voice_cache)
    out = {}
    for chapter in chapters:
        records = by_chapter[chapter]
        count = sum(len(r["lines"]) for r in records)
        print(f"{chapter}: saying {count} lines with {engine.identity}...", file=sys.stderr, flush=True)
        said = {}
        for r in records:
            for line in r["lines"]:
                said[line["id"]] = speech.speak(line["text"], engine, cache).duration
        timed = not from_file
        out[chapter] = paced_from_records(records, LINE_GAP, END_PAUSE, lambda line: said[line["id"]], timed)
    return out


if __name__ == "__main__":
    sys.exit(main())
