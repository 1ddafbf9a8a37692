"""Running jobs: each stale job in its own manim process, several at once, with visible progress.

A job's output is written atomically and its record (fingerprint, what it shows, how long it
took) last, so a present record means a complete output. Progress shows jobs done of all, the
time so far and an estimate of the time left, from the seconds earlier runs recorded.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from pipeline.jobs import QUALITY_FORMAT, ROOT, Job
from pipeline.timecode import timecode

SIDE_FILES = (".wav", ".lines.json")


def _die_with_parent() -> None:
    """In the job's manim process, before it starts: end when the process that started it ends (on
    Linux), so a farm worker stopped or killed mid-job leaves no render running on behind it."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def read_record(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def up_to_date(job: Job, fp: str) -> bool:
    return job.output.is_file() and read_record(job.record).get("fingerprint") == fp


def speed_key(job: Job) -> str:
    """What a job's time is measured by: its quality, and whether a voice speaks (a narrated scene
    lasts as long as its lines)."""
    return f"{job.quality} {'narrated' if job.kind == 'scene' and job.settings.voice != 'none' else 'silent'}"


def _pixels(key: str) -> int:
    width, height, fps = QUALITY_FORMAT[key.split()[0]]
    return width * height * fps


def timings(job: Job, seconds: float) -> dict:
    """The record's ``timings`` after a render: this one's seconds under its ``speed_key``, with the
    earlier runs' at other qualities kept (the record itself is rewritten by every render)."""
    return {**measured_timings(job), speed_key(job): round(seconds, 2)}


def measured_timings(job: Job) -> dict[str, float]:
    """The job's earlier times by ``speed_key`` (a record from before timings were kept: its one
    time, at its quality)."""
    record = read_record(job.record)
    measured = record.get("timings")
    if isinstance(measured, dict):
        return measured
    if "seconds" in record and record.get("quality") in QUALITY_FORMAT:
        return {f"{record['quality']} {speed_key(job).split()[1]}": record["seconds"]}
    return {}


def expected_seconds(job: Job) -> float:
    """How long the job should take, from earlier runs: at the same quality and voice if it was
    rendered so, else the nearest measured one scaled by pixels × frames (a 1080p60 render of a
    scene last rendered at 480p15 is about 20 times the work, not the same)."""
    measured, key = measured_timings(job), speed_key(job)
    if not measured:
        return job.expected_seconds * _pixels(key) / _pixels("low")
    if key in measured:
        return float(measured[key])
    same_voice = [k for k in measured if k.split()[1:] == key.split()[1:]] or list(measured)
    nearest = min(same_voice, key=lambda k: abs(_pixels(k) - _pixels(key)))
    return float(measured[nearest]) * _pixels(key) / _pixels(nearest)


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
    proc = subprocess.run(job.command(), cwd=ROOT, env=env, capture_output=True, text=True, preexec_fn=_die_with_parent)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        said = (proc.stdout + proc.stderr).strip().splitlines()
        # A scene that refuses its input says why in one "error: " line; otherwise the traceback's end.
        told = [line.removeprefix("error: ") for line in said if line.startswith("error: ")]
        raise RuntimeError(f"{job.key}: {told[-1]}" if told else
                           f"{job.key} failed (exit {proc.returncode}):\n" + "\n".join(said[-25:]))
    made = find_output(job.media_dir, job.name, job.output.suffix)
    job.output.parent.mkdir(parents=True, exist_ok=True)
    # The scene's narration (its WAV) and its lines (text, timing) travel with its video.
    for suffix in SIDE_FILES if job.kind == "scene" else ():
        side, target = made.with_suffix(suffix), job.output.with_suffix(suffix)
        if side.is_file():
            shutil.move(side, target.with_name(f".{target.name}.tmp"))
            os.replace(target.with_name(f".{target.name}.tmp"), target)
        else:
            target.unlink(missing_ok=True)
    lines = job.output.with_suffix(".lines.json")
    if job.kind == "scene" and lines.is_file():  # e.g. a recording made for another text: say which
        for warning in json.loads(lines.read_text()).get("warnings", []):
            print(f"warning: {warning}", file=sys.stderr, flush=True)
    tmp = job.output.with_name(f".{job.output.name}.tmp")
    shutil.move(made, tmp)
    os.replace(tmp, job.output)
    shutil.rmtree(job.media_dir / "videos", ignore_errors=True)  # partial movie files: as big as the video
    record = {"fingerprint": fp, "kind": job.kind, "chapter": job.module, "scene": job.scene, "name": job.name,
              "title": job.title, "file": str(job.output.relative_to(job.renders)), "quality": job.quality,
              "seconds": round(seconds, 2), "timings": timings(job, seconds), **facts}
    job.record.write_text(json.dumps(record, indent=1) + "\n")
    return seconds


def schedule(jobs: list[Job]) -> list[Job]:
    """A chapter's jobs before the next chapter's (so it can be joined early), within a chapter the
    slowest first as last measured: the long ones don't end up alone at the end."""
    order = {m: i for i, m in enumerate(dict.fromkeys(j.module for j in jobs))}
    return sorted(jobs, key=lambda j: (order[j.module], -expected_seconds(j)))


class Progress:
    """``[ 3/32] chapter1/Layers   12.3 s   0:41 so far, about 2:10 left``."""

    def __init__(self, todo: list[Job], workers: int):
        self.left = {job: expected_seconds(job) for job in todo}
        self.measured = {job for job in todo if measured_timings(job)}
        # Running sums (a class plan has thousands of jobs): the measured ones left, the others left.
        self.measured_left = sum(self.left[job] for job in self.measured)
        self.unmeasured_left = sum(v for job, v in self.left.items() if job not in self.measured)
        self.unmeasured_count = len(todo) - len(self.measured)
        self.took: list[float] = []
        self.workers = max(1, min(workers, len(todo)))
        self.total = len(todo)
        self.done = 0
        self.start = time.perf_counter()
        self.width = len(str(len(todo)))

    def finished(self, job: Job, outcome: str, seconds: float | None = None, worker: str = "") -> None:
        self.done += 1
        if job in self.left:
            expected = self.left.pop(job)
            if job in self.measured:
                self.measured_left -= expected
            else:
                self.unmeasured_left -= expected
                self.unmeasured_count -= 1
        if seconds is not None:
            self.took.append(seconds)
        elapsed = time.perf_counter() - self.start
        # Jobs never measured before are guessed from this run's own so far.
        guess = sum(self.took) / len(self.took) if self.took else None
        unmeasured = self.unmeasured_left if guess is None else guess * self.unmeasured_count
        remaining = (self.measured_left + unmeasured) / self.workers
        tail = f"about {timecode(remaining)} left" if self.left else "all done"
        print(f"  [{self.done:{self.width}d}/{self.total}] {job.key:34s} {outcome:>9s}   "
              f"{timecode(elapsed)} so far, {tail}" + (f"   on {worker}" if worker else ""), flush=True)


@dataclass(frozen=True)
class Done:
    """A job rendered: how long it took, where, and in how many attempts (a farm retries a job whose
    worker died)."""
    seconds: float
    worker: str = ""
    attempts: int = 1


class LocalPool:
    """The executor of a run on this machine: each job's manim process from a thread of this one,
    writing straight into the renders folder (``run_job``)."""

    def __init__(self, workers: int):
        self.workers = workers

    def run(self, todo: list[Job], fps: dict[Job, str], env: dict, facts: dict) -> Iterator[tuple[Job, Done | str]]:
        """Each job with its outcome (``Done`` or the failure's message), as they finish."""
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            futures = {pool.submit(run_job, job, fps[job], env, facts): job for job in todo}
            for future in as_completed(futures):
                try:
                    yield futures[future], Done(future.result())
                except RuntimeError as err:
                    yield futures[future], str(err)


def run_jobs(jobs: list[Job], fps: dict[Job, str], workers: int, env: dict, facts: dict,
             module_done=lambda module: None, executor=None) -> list[str]:
    """Run the jobs whose outputs are stale on ``executor`` (default: a ``LocalPool`` of ``workers``;
    ``pipeline.farm.Farm`` for a Dask cluster); return the failures (the others still finish).

    ``module_done(module)`` is called as soon as every job of that module has finished well
    (so chapter 1 is joined while chapter 2 still renders)."""
    executor = executor or LocalPool(workers)
    workers = executor.workers
    todo = schedule([job for job in jobs if not up_to_date(job, fps[job])])
    estimate = sum(expected_seconds(j) for j in todo) / max(1, min(workers, len(todo) or 1))
    where = getattr(executor, "where", "processes")
    unmeasured = sum(not measured_timings(j) for j in todo)
    basis = ("from earlier runs" if not unmeasured else "a guess: none rendered here before" if unmeasured == len(todo)
             else f"from earlier runs, {unmeasured} never rendered here: guessed")
    print(f"{len(jobs)} jobs: {len(jobs) - len(todo)} up to date, {len(todo)} to render"
          + (f" with {min(workers, len(todo))} {where} (about {timecode(estimate)}, {basis})"
             if todo else ""), flush=True)
    remaining = {module: sum(job.module == module for job in todo) for module in dict.fromkeys(j.module for j in jobs)}
    for module, count in remaining.items():
        if count == 0:
            module_done(module)
    failures: list[str] = []
    retried: list[str] = []
    if not todo:
        return failures
    progress = Progress(todo, workers)
    for job, outcome in executor.run(todo, fps, env, facts):
        if isinstance(outcome, str):
            progress.finished(job, "FAILED")
            failures.append(outcome)
            remaining[job.module] = -1  # never "done"
            continue
        progress.finished(job, f"{outcome.seconds:.1f} s", outcome.seconds, outcome.worker)
        if outcome.attempts > 1:
            retried.append(f"{job.key} ({outcome.attempts} attempts, finished on {outcome.worker})")
        remaining[job.module] -= 1
        if remaining[job.module] == 0:
            module_done(job.module)
    if retried:  # a worker died under these: each was run again elsewhere, nothing of the lost try kept
        print(f"retried after a worker was lost: {', '.join(retried)}", flush=True)
    return failures
