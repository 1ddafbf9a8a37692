"""RealLandscape's ms per frame at 1080p60, against the same beat drawn the old way, same run.

Issue 20: the beat cost 136 ms a frame at 1080p60 on a quiet machine (a 1,600-face surface drawn
with ``Create``, a 35-degree camera turn over 3.5 s); the goal is at most 60. Both builds are
rendered here, alternately, by ``render_speed.render_scene`` (each its own manim process, fresh
media dir, silent: each line on screen for its reading time, so both have the same frames), and
the best of ``--landscape-repeats`` runs of each is kept:

- ``scenes/chapter2.py RealLandscape``: the beat as the videos render it;
- ``bench/old_landscape.py OldRealLandscape``: the same lines, data and layout with the old
  drawing choices (the reference; it changes only the face count, reveal and turn).

The machine's load moves both alike, so the ratio is the figure to compare across runs; the
absolute ms per frame are this machine at this load (the ``# load_average`` lines say how busy).
"""

from __future__ import annotations

import os

NEW = ("scenes/chapter2.py", "RealLandscape")
OLD = ("bench/old_landscape.py", "OldRealLandscape")
QUALITIES = {"low": "-ql", "medium": "-qm", "high": "-qh", "1080p60": "-qh"}


def add_arguments(parser) -> None:
    group = parser.add_argument_group("landscape_speed")
    group.add_argument("--landscape-repeats", type=int, default=1, metavar="N",
                       help="landscape_speed: renders of each build, best kept (default 1)")
    group.add_argument("--landscape-quality", choices=sorted(QUALITIES), default="1080p60",
                       help="landscape_speed: render quality (default 1080p60, the issue's; low for a quick look)")


def run(args) -> dict:
    from render_speed import render_scene

    flag = QUALITIES[getattr(args, "landscape_quality", "1080p60")]
    runs = {"new": [], "old": []}
    for _ in range(max(1, getattr(args, "landscape_repeats", 1))):  # alternate: a busy patch hits both
        for key, build in (("new", NEW), ("old", OLD)):
            r = render_scene(*build, quality=flag)
            runs[key].append(r)
            # as it goes: a 1080p60 pair takes long on a busy machine
            print(f"# {build[1]}: {r['frames']} frames, {1000 * r['wall'] / r['frames']:.1f} ms per frame, load average "
                  f"{os.getloadavg()[0]:.2f}", flush=True)
    out = {}
    for key, prefix in (("new", "landscape"), ("old", "landscape_old")):
        r = runs[key]
        frames = r[0]["frames"]
        out[f"{prefix}_frames"] = frames
        out[f"{prefix}_ms_per_frame"] = 1000 * min(x["wall"] for x in r) / frames
        out[f"{prefix}_animation_ms_per_frame"] = 1000 * min(x["play"] for x in r) / frames
        out[f"{prefix}_cpu_ms_per_frame"] = 1000 * min(x["cpu"] for x in r) / frames
    if out["landscape_frames"] != out["landscape_old_frames"]:
        raise RuntimeError(f"landscape_speed: {out['landscape_frames']} frames against {out['landscape_old_frames']}: "
                           "ms per frame would not compare")
    out["landscape_format"] = runs["new"][0]["format"]
    out["landscape_speedup_vs_old"] = out["landscape_old_ms_per_frame"] / out["landscape_ms_per_frame"]
    out["landscape_speedup_vs_old_cpu"] = out["landscape_old_cpu_ms_per_frame"] / out["landscape_cpu_ms_per_frame"]
    # The quiet-machine 136 ms for the old build, scaled by this run's ratio.
    out["landscape_quiet_ms_per_frame_estimate"] = 136 / out["landscape_speedup_vs_old"]
    # The same from the CPU ratio: it holds when the two renders ran at different loads, which a
    # busy machine makes likely over a long 1080p60 run (the wall ratio then measures the load).
    out["landscape_quiet_ms_per_frame_estimate_cpu"] = 136 / out["landscape_speedup_vs_old_cpu"]
    return out
