"""Render farm: the cluster path against the local pool on this machine, and scheduling 2,000 class jobs.

1. The same scenes (chapter 1, low quality, silent) rendered into fresh renders folders by the local
   pool (``--jobs`` = workers) and by a ``LocalCluster`` of as many single-thread workers on loopback,
   through the real entry point (``python -m pipeline video`` in-process, ``--scheduler`` for the
   cluster). The cluster is started before the clock runs (a farm outlives its runs); its start-up
   is reported apart. Target: cluster / local ≤ 1.1.
2. A class plan of 2,000 jobs (the digit's beats of every chapter for enough students, plus each
   one's figure) sent through the farm executor with a task that does nothing but return empty
   outputs, which the client stores as it would real ones: the cost of scale (specs, submission,
   scheduling, results, writes), apart from rendering. Target ≤ 5 s.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENES = ["Counting", "Squish"]
CLASS_JOBS = 2000


def add_arguments(parser) -> None:
    group = parser.add_argument_group("farm_speed")
    group.add_argument("--farm-scenes", nargs="+", default=SCENES, metavar="SCENE",
                       help=f"farm_speed: chapter 1 scenes rendered both ways (default {' '.join(SCENES)})")
    group.add_argument("--farm-workers", type=int, default=os.cpu_count() or 2,
                       help="farm_speed: local processes = cluster workers (default one per core)")


def _noop(spec, files):
    """A job that renders nothing: empty outputs, as a worker would send them."""
    from pipeline.farm import Rendered

    suffix = ".mp4" if spec.kind == "scene" else ".png"
    return Rendered(spec.task, "noop", {suffix: b""}, {"fingerprint": spec.fingerprint, "seconds": 0.0})


def _render(args: list[str]) -> float:
    from pipeline import render
    from pipeline.settings import VARIABLES

    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = render.main(["video", "--config", "/nonexistent/video.toml", *args], environ=env)
    if code != 0:
        raise RuntimeError(f"render failed: {args}")
    return time.perf_counter() - start


def class_plan(folder: Path, count: int):
    """A class plan of at least ``count`` jobs (students share one picture), and its fingerprints."""
    from netcore import bundle, digits
    from pipeline import classbatch
    from pipeline.fingerprint import fingerprints
    from pipeline.settings import Settings

    b = bundle.load()
    picture = folder / "digit.png"
    digits.save_png(b.default_digit.image, picture)
    settings = Settings(output=folder / "r", voice="none")
    per_student = sum(beat.uses_digit for chapter in settings.chapters
                      for beat in classbatch.catalogue.CHAPTERS[chapter].beats) + 1
    students = [classbatch.Student(f"s{i:04d}", picture, 3, "your image digit.png")
                for i in range(-(-count // per_student))]
    _, jobs = classbatch.plan(settings, settings.output / "class", students, None)
    personal = [j for j in jobs if classbatch.uses_digit(j) or j.kind == "figure"][:count]
    return personal, fingerprints(personal)


def run(args) -> dict:
    import cloudpickle
    from distributed import Client, LocalCluster

    from pipeline import runner
    from pipeline.farm import Farm

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the no-op task travels by value
    workers = args.farm_workers
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                          scheduler_port=0, dashboard_address=":0", local_directory=str(tmp / "workers")) as cluster:
            with Client(cluster, set_as_default=False) as client:
                client.wait_for_workers(workers)
                out["cluster start s"] = round(time.perf_counter() - start, 2)

                common = ["--chapters", "chapter1", "--scenes", *args.farm_scenes, "--voice", "none", "--quality", "low"]
                local = _render([*common, "--renders", str(tmp / "local"), "--jobs", str(workers)])
                farm = _render([*common, "--renders", str(tmp / "farm"), "--scheduler", cluster.scheduler_address])
                out[f"local pool, {len(args.farm_scenes)} scenes, {workers} processes s"] = round(local, 2)
                out[f"cluster, same scenes, {workers} workers s"] = round(farm, 2)
                out["cluster / local (target <= 1.1)"] = round(farm / local, 3)

                start = time.perf_counter()
                jobs, fps = class_plan(tmp, CLASS_JOBS)
                out[f"class plan of {len(jobs)} jobs + fingerprints s"] = round(time.perf_counter() - start, 2)
                start = time.perf_counter()
                with contextlib.redirect_stdout(io.StringIO()):
                    failures = runner.run_jobs(jobs, fps, workers, {}, {}, executor=Farm(client, task=_noop))
                if failures:
                    raise RuntimeError(f"{len(failures)} no-op jobs failed: {failures[0]}")
                out[f"schedule {len(jobs)} no-op class jobs s (target <= 5)"] = round(time.perf_counter() - start, 2)
    return out


if __name__ == "__main__":
    import argparse

    p = argparse.ArgumentParser(description=__doc__)
    add_arguments(p)
    for key, value in run(p.parse_args()).items():
        print(f"{key}: {value}")
