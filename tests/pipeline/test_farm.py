"""The render farm on a real Dask cluster (a LocalCluster's scheduler, ``dask worker`` processes each in
its own copy of the checkout): the same renders as the local pool, a worker lost mid-job, a worker at
another commit, a scheduler that cannot be reached."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from pathlib import Path

import av
import pytest

from pipeline import farm, render
from pipeline.settings import VARIABLES
from scenes import catalogue
from tests.pipeline.farm_cluster import Workers, checkout_copy

distributed = pytest.importorskip("distributed")

TINY = Path(__file__).parents[1] / "data" / "tiny_class.py"
BEATS = (catalogue.Beat("First", "A circle"), catalogue.Beat("Yours", "Your digit", uses_digit=True))
ENV = {k: v for k, v in os.environ.items() if k not in VARIABLES}
SETTINGS = ["--config", "/nonexistent/video.toml", "--voice", "none", "--quality", "low"]
BASE = [*SETTINGS, "--chapters", "tiny"]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler on loopback and two workers, each in its own checkout copy and scratch folder."""
    from distributed import Client, LocalCluster

    root = tmp_path_factory.mktemp("farm")
    with LocalCluster(n_workers=0, processes=True, host="127.0.0.1", scheduler_port=0,
                      dashboard_address=":0") as local:
        workers = Workers(local.scheduler_address)
        try:
            for name in ("w1", "w2"):
                workers.start(name, checkout_copy(root / f"{name}-checkout"), root / f"{name}-scratch")
            with Client(local.scheduler_address, set_as_default=False) as client:
                client.wait_for_workers(2, timeout=120)
            yield workers
        finally:
            workers.stop()


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """The tiny chapter (outside the checkout: its file travels with each job) as chapter 'tiny', and its
    slow beat as chapter 'slow'."""
    module = tmp_path / "tiny_class.py"
    shutil.copyfile(TINY, module)
    monkeypatch.setitem(catalogue.CHAPTERS, "tiny", catalogue.Chapter("tiny", "Tiny", BEATS, module))
    monkeypatch.setitem(catalogue.CHAPTERS, "slow", catalogue.Chapter(
        "slow", "Slow", (catalogue.Beat("Slow", "A turning square"),), module))
    return module


def frames(path: Path) -> int:
    with av.open(str(path)) as f:
        return sum(1 for _ in f.decode(video=0))


def test_the_cluster_renders_what_the_local_pool_renders(cluster, tiny, tmp_path, capsys):
    """With a picture of a digit that only the client has (IMAGE travels with the jobs)."""
    from netcore import bundle, digits

    picture = tmp_path / "mine.png"
    digits.save_png(bundle.load().default_digit.image, picture)
    image = ["--image", str(picture)]
    assert render.main(["video", *BASE, *image, "--renders", str(tmp_path / "local"), "--jobs", "2"], environ=ENV) == 0
    assert render.main(["video", *BASE, *image, "--renders", str(tmp_path / "farm"),
                        "--scheduler", cluster.address], environ=ENV) == 0
    out = capsys.readouterr().out
    assert "2 to render with 2 cluster threads" in out
    for scene in ("First", "Yours"):
        local = render.read_record(tmp_path / "local" / "tiny" / f"{scene}.json")
        remote = render.read_record(tmp_path / "farm" / "tiny" / f"{scene}.json")
        assert local["fingerprint"] == remote["fingerprint"]
        assert frames(tmp_path / "local" / "tiny" / f"{scene}.mp4") == frames(tmp_path / "farm" / "tiny" / f"{scene}.mp4") > 0
        # which worker rendered what: in the record, and in the progress line
        assert "worker" not in local and remote["worker"].startswith("tcp://127.0.0.1:")
        assert f"tiny/{scene}" in out and f"on {remote['worker']}" in out
    assert frames(tmp_path / "farm" / "tiny.mp4") == frames(tmp_path / "local" / "tiny.mp4")
    assert not list((tmp_path / "farm").rglob("*.tmp*"))
    # Up to date is up to date wherever it was rendered: nothing goes to the cluster again.
    assert render.main(["video", *BASE, *image, "--renders", str(tmp_path / "farm"),
                        "--scheduler", cluster.address], environ=ENV) == 0
    assert "2 up to date, 0 to render" in capsys.readouterr().out


def test_a_plan_larger_than_the_cluster_travels_in_batches(cluster, tiny, tmp_path, capsys, monkeypatch):
    """A class's thousands of jobs go a few per Dask task; each job is still stored and recorded as its own."""
    monkeypatch.setattr(farm, "TASKS_PER_WORKER", 0)  # every job of the plan in one batch
    assert render.main(["video", *BASE, "--renders", str(tmp_path / "farm"), "--scheduler", cluster.address],
                       environ=ENV) == 0
    assert "2 to render with 2 cluster threads" in capsys.readouterr().out
    for scene in ("First", "Yours"):
        record = render.read_record(tmp_path / "farm" / "tiny" / f"{scene}.json")
        assert record["worker"].startswith("tcp://127.0.0.1:") and "attempts" not in record
        assert frames(tmp_path / "farm" / "tiny" / f"{scene}.mp4") > 0


def test_batches_hold_every_job_once_long_and_short_alike():
    jobs = list(range(1000))  # longest first
    batches = farm.batched(jobs, workers=2)
    assert len(batches) == 2 * farm.TASKS_PER_WORKER
    assert sorted(j for b in batches for j in b) == jobs
    assert max(map(len, batches)) - min(map(len, batches)) <= 1
    assert batches[0][0] == 0 and batches[-1][0] == len(batches) - 1  # the longest jobs start first
    assert farm.batched(jobs[:30], workers=2) == [[j] for j in jobs[:30]]  # a chapter's plan: one job a task


def test_a_worker_at_another_commit_is_refused_in_one_line(tiny, tmp_path, capsys):
    from distributed import Client, LocalCluster

    checkout = checkout_copy(tmp_path / "other")
    beat = checkout / "scenes" / "kit" / "beat.py"
    beat.write_text(beat.read_text() + "\nANOTHER_COMMIT = True\n")
    with LocalCluster(n_workers=0, processes=True, host="127.0.0.1", scheduler_port=0,
                      dashboard_address=":0") as local:
        workers = Workers(local.scheduler_address)
        try:
            workers.start("old", checkout, tmp_path / "old-scratch")
            with Client(local.scheduler_address, set_as_default=False) as client:
                client.wait_for_workers(1, timeout=120)
            code = render.main(["video", *BASE, "--scenes", "First", "--renders", str(tmp_path / "r"),
                                "--scheduler", local.scheduler_address], environ=ENV)
        finally:
            workers.stop()
    err = capsys.readouterr().err
    assert code == 1
    refusal = [line for line in err.splitlines() if "refused" in line]
    assert len(refusal) == 1, err
    assert refusal[0].startswith("tiny/First: refused by worker tcp://") and "scenes/kit/beat.py" in refusal[0]
    assert not list((tmp_path / "r").rglob("*.mp4"))


def test_an_unreachable_scheduler_is_refused_before_anything_renders(tiny, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(farm, "CONNECT_SECONDS", 2)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    renders = tmp_path / "r"
    assert render.main(["video", *BASE, "--renders", str(renders), "--scheduler", f"tcp://127.0.0.1:{port}"],
                       environ=ENV) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"scheduler tcp://127.0.0.1:{port} cannot be reached" in err
    assert "nothing was rendered" in err and not renders.exists()


def orphans_gone(scratch: Path, within: float) -> bool:
    import time

    import psutil

    end = time.monotonic() + within
    while time.monotonic() < end:
        if not [p for p in psutil.process_iter(["cmdline"]) if str(scratch) in " ".join(p.info["cmdline"] or [])]:
            return True
        time.sleep(0.1)
    return False


def test_a_worker_lost_mid_job_loses_nothing(cluster, tiny, tmp_path, capsys):
    """Run last: it kills one of the module's workers."""
    renders = tmp_path / "r"
    result = {}
    run = threading.Thread(target=lambda: result.setdefault("code", render.main(
        ["video", *SETTINGS, "--chapters", "slow", "--renders", str(renders), "--scheduler", cluster.address],
        environ=ENV)))
    run.start()
    lost = cluster.wait_busy()
    assert not (renders / "slow" / "Slow.mp4").exists()
    cluster.kill(lost)
    # The lost worker's manim process ends with it (it would render on for nobody).
    assert orphans_gone(cluster.scratch[lost], within=3.0)
    run.join(timeout=240)
    assert result.get("code") == 0
    out = capsys.readouterr().out
    assert "retried after a worker was lost: slow/Slow (2 attempts" in out
    record = render.read_record(renders / "slow" / "Slow.json")
    assert record["attempts"] == 2 and frames(renders / "slow" / "Slow.mp4") == 60  # 4 s at 15 fps
    assert (renders / "slow.mp4").is_file()
    assert not [p for p in renders.rglob("*") if ".tmp" in p.name]
