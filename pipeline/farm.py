"""Rendering on a Dask cluster: ``make video SCHEDULER=tcp://host:8786`` (``make farm`` starts one here).

Dask is the engine (scheduler, queue, transport, retries); this module only says what a job is
on the wire. No shared filesystem is assumed:

- the client sends each stale job as a ``Spec``: the job's fields, the fingerprint it computed and
  what that fingerprint hashed, part by part, plus the bytes of the inputs that live only on the
  client (an ``IMAGE``, recordings, a voice model, a chapter file outside the checkout), each
  scattered to the cluster once however many jobs read it;
- a worker renders in its own checkout (at the same commit, after ``make setup``): it first
  recomputes the fingerprint from its own code, bundle and the inputs it was sent, and refuses a
  job whose fingerprint differs in one line naming the job and the parts that differ; then it
  runs the very function the local pool runs (``runner.run_job``) into a scratch folder of its
  own and sends back the outputs (video, narration, lines, record) as bytes;
- the client alone writes into the renders folder, atomically (side files, then the output,
  then its record: a present record means a complete output), with the worker that rendered it
  in the record.

Jobs travel one per Dask task, or, in a plan of thousands (a class), in batches of a few, so the
scheduler's cost per task stays small against the plan (``batched``).

A worker that dies mid-job loses nothing: the scheduler gives the job to another worker, and
the run's summary names the jobs that were tried more than once (each attempt logs a Dask event).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.fingerprint import all_inputs, digest, inputs
from pipeline.jobs import ROOT, Job
from pipeline.runner import SIDE_FILES, Done, run_job, timings
from scenes.scene_settings import SceneSettings

EVENTS = "render-farm"  # the Dask event topic each attempt at a job logs to
CONNECT_SECONDS = 10
RETRIES = 2  # an exception in the task itself (a worker's disk full...): tried again elsewhere
TASKS_PER_WORKER = 50  # more jobs than this per worker travel in batches (``batched``)


@dataclass(frozen=True)
class Spec:
    """A job as it travels: everything a worker needs, nothing that names a client's path."""
    kind: str
    module: str
    scene: str
    name: str
    title: str
    quality: str
    source: str  # relative to the checkout, or "client:<sha256>/<file name>" when its bytes travel
    settings: str  # SceneSettings JSON with every client path replaced by "client:<sha256>"
    fingerprint: str
    parts: dict  # what the client's fingerprint hashed, by part, summarised (``summary``)
    facts: dict  # the record's facts (digit, theme)
    run: str  # this run's id
    task: str = ""  # the Dask key of the job's batch in this run: its attempts are counted by it and the job


@dataclass(frozen=True)
class Rendered:
    """What a worker sends back: the output's and its side files' bytes (by suffix) and the record;
    or, for a job it refused or that failed, the one-line reason."""
    key: str
    worker: str
    files: dict
    record: dict
    error: str = ""


# ---------------------------------------------------------------------------- client side


def _client_file(path: str, ship: dict[str, Path]) -> str:
    """``path`` as it travels: ``client:<sha256>`` (its bytes go once in ``ship``)."""
    digest_ = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    ship[digest_] = Path(path)
    return f"client:{digest_}"


def spec(job: Job, fp: str, parts: dict, facts: dict, run: str, ship: dict[str, Path],
         seen: dict | None = None) -> Spec:
    """The job's ``Spec`` (``parts``: what its fingerprint hashed; ``seen``: see ``summary``); the
    client-only files it reads are added to ``ship`` (sha256 → path)."""
    s = job.settings
    image = f"{_client_file(s.image, ship)}/{Path(s.image).name}" if s.image else ""  # its name is on screen
    recorded = tuple((line, _client_file(file, ship) if Path(file).is_file() else file, text)
                     for line, file, text in s.recordings)
    model = s.voice_model
    if model and Path(model).is_file():  # a Piper voice file and its config beside it (a hibari voice is a name)
        config = Path(model).with_name(Path(model).name + ".json")
        model = _client_file(model, ship) + ":" + _client_file(str(config), ship)
    travelling = replace(s, image=image, recordings=recorded, voice_model=model, voice_cache="", lines_out="")
    source = (str(job.source_file.relative_to(ROOT)) if job.source_file.is_relative_to(ROOT)
              else f"{_client_file(str(job.source_file), ship)}/{job.source_file.name}")
    return Spec(job.kind, job.module, job.scene, job.name, job.title, job.quality, source,
                travelling.to_json(), fp, summary(parts, seen), facts, run)


class Farm:
    """The executor of a run on a Dask cluster (``runner.run_jobs(..., executor=Farm(client))``)."""

    where = "cluster threads"

    def __init__(self, client, task: Callable = None):
        self.client = client
        self.task = task or render_on_worker
        self.workers = max(1, sum(client.nthreads().values()))

    def run(self, todo: list[Job], fps: dict[Job, str], env: dict, facts: dict) -> Iterator[tuple[Job, Done | str]]:
        from distributed import as_completed

        run = uuid.uuid4().hex
        tries: dict[tuple[str, str], int] = {}  # (Dask key, job) -> attempts seen

        def attempt(event) -> None:  # each attempt at a job logs one event (render_on_worker)
            msg = event[1] if isinstance(event, tuple) else event
            if isinstance(msg, dict) and msg.get("run") == run:
                at = (msg["task"], msg["job"])
                tries[at] = tries.get(at, 0) + 1

        self.client.subscribe_topic(EVENTS, attempt)
        ship: dict[str, Path] = {}
        parts = all_inputs(todo)
        seen: dict = {}
        specs = {job: spec(job, fps[job], parts[job], facts, run, ship, seen) for job in todo}
        # Each client-only file once on the cluster, however many jobs read it, as a task that returns
        # its bytes: a worker lost with them makes the scheduler run that task again elsewhere
        # (scattered data would be lost for good).
        scattered = {sha: self.client.submit(_given, path.read_bytes(), key=f"farm-input-{sha}-{run[:8]}")
                     for sha, path in ship.items()}
        batches = batched(list(specs.items()), self.workers)
        # One key per batch of this run (two students' identical pictures make identical jobs, each written)
        keys = [f"render-{batch[0][0].key}-{len(batch)}-{run[:8]}-{i}" for i, batch in enumerate(batches)]
        needed = [{sha: future for sha, future in scattered.items()
                   if any(sha in sp.settings or sha in sp.source for _, sp in batch)} for batch in batches]
        travelling = [[replace(sp, task=key) for _, sp in batch] for batch, key in zip(batches, keys)]
        # All at once: one message to the scheduler, not one per batch.
        submitted = self.client.map(_in_turn, [self.task] * len(batches), travelling, needed, key=keys,
                                    retries=RETRIES, pure=False)
        futures = dict(zip(submitted, batches))
        # Results gathered in batches as they come (not one round trip each).
        for future, outcome in as_completed(futures, loop=self.client.loop, with_results=True, raise_errors=False):
            if isinstance(outcome, BaseException) or future.status == "error":
                # the task's own exception after its retries, or every worker lost
                err = outcome if isinstance(outcome, BaseException) else future.exception()
                for job, _ in futures[future]:
                    yield job, f"{job.key}: {type(err).__name__}: {err}"
                continue
            for (job, _), rendered in zip(futures[future], outcome):
                if rendered.error:
                    yield job, rendered.error
                    continue
                for warning in json.loads(rendered.files.get(".lines.json", b"{}")).get("warnings", []):
                    print(f"warning: {warning}", file=sys.stderr, flush=True)  # as a local run says them
                attempts = tries.get((future.key, rendered.key), 1)
                store(job, rendered, {"attempts": attempts} if attempts > 1 else {})
                yield job, Done(float(rendered.record["seconds"]), rendered.worker, attempts)
        self.client.unsubscribe_topic(EVENTS)


def batched(items: list, workers: int) -> list[list]:
    """``items`` (longest first) as Dask tasks: one each, unless there are more than
    ``TASKS_PER_WORKER`` per worker; then that many batches per worker, each a few jobs rendered
    in turn. The scheduler's cost is per task (milliseconds), a class's plan is thousands of jobs,
    and with that many tasks still queued per worker the run ends as evenly as one task per job.
    Dealt round-robin, so every batch holds long and short jobs alike."""
    count = min(len(items), max(1, TASKS_PER_WORKER * max(1, workers)))
    return [items[i::count] for i in range(count)]


def _in_turn(task: Callable, specs: list[Spec], files: dict[str, bytes]) -> list[Rendered]:
    """A batch's jobs, one after another on this worker (retried together if the worker is lost)."""
    return [task(sp, files) for sp in specs]


def _given(data: bytes) -> bytes:
    return data


def store(job: Job, rendered: Rendered, extra: dict) -> None:
    """Write what a worker sent into the renders folder: each file under a temporary name first,
    then renamed; side files, then the output, then the record (present = output complete)."""
    job.output.parent.mkdir(parents=True, exist_ok=True)

    def put(target: Path, data: bytes) -> None:
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)

    for suffix in SIDE_FILES if job.kind == "scene" else ():
        if suffix in rendered.files:
            put(job.output.with_suffix(suffix), rendered.files[suffix])
        else:
            job.output.with_suffix(suffix).unlink(missing_ok=True)
    put(job.output, rendered.files[job.output.suffix])
    record = {**rendered.record, "timings": timings(job, float(rendered.record["seconds"])), **extra}
    put(job.record, (json.dumps(record, indent=1) + "\n").encode())


def connect(address: str):
    """A ``distributed.Client`` of the scheduler at ``address`` with at least one worker, or one line why not."""
    from distributed import Client

    try:
        client = Client(address, timeout=f"{CONNECT_SECONDS}s", set_as_default=False)
    except (OSError, TimeoutError) as err:
        raise ValueError(f"scheduler {address} cannot be reached ({type(err).__name__}: "
                         f"{str(err).splitlines()[0] if str(err) else 'no answer'}); nothing was rendered") from None
    try:
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError):
        client.close()
        raise ValueError(f"scheduler {address} has no workers (start some: dask worker {address}); "
                         "nothing was rendered") from None
    return client


# ---------------------------------------------------------------------------- worker side


def _worker() -> tuple[str, Path, Callable[[dict], None]]:
    """This worker's address, scratch folder and event logger (outside Dask: this host, a temp folder)."""
    try:
        from distributed import get_worker

        w = get_worker()
        return w.address, Path(w.local_directory), lambda msg: w.log_event(EVENTS, msg)
    except ValueError:
        import tempfile

        return socket.gethostname(), Path(tempfile.gettempdir()), lambda msg: None


def _short(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]


def summary(parts: dict, seen: dict | None = None) -> dict:
    """A fingerprint's inputs small enough to send with every job (a scene's code is kilobytes):
    each part hashed, a dict part key by key (so a worker can name the file that differs).
    ``seen`` (id -> summary) spares hashing again the parts jobs share (one module's code for a
    whole class); its caller keeps those parts alive while it is used."""
    seen = {} if seen is None else seen

    def once(value):
        key = id(value)
        if key not in seen:
            seen[key] = ({k: _short(v) for k, v in value.items()} if isinstance(value, dict) else _short(value))
        return seen[key]

    return {part: once(value) if isinstance(value, dict) else _short(value) for part, value in parts.items()}


def differences(theirs: dict, mine: dict) -> list[str]:
    """The parts of two fingerprints' inputs that differ, named (files by path)."""
    out = []
    for part in sorted(set(theirs) | set(mine)):
        a, b = theirs.get(part), mine.get(part)
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            names = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            out.append(f"{part} {', '.join(names[:4])}{' …' if len(names) > 4 else ''}")
        else:
            out.append(part)
    return out


def render_on_worker(spec: Spec, files: dict[str, bytes]) -> Rendered:
    """Run one job in this worker's checkout and return its outputs as bytes (see the module doc)."""
    address, scratch, log = _worker()
    key = f"{spec.module}/{spec.name}" if spec.kind == "scene" else f"figures/{spec.name}"
    log({"run": spec.run, "task": spec.task, "job": key, "worker": address})
    inbox = scratch / "farm-inputs"
    inbox.mkdir(parents=True, exist_ok=True)

    def local(ref: str) -> str:
        """A travelling file's local copy (kept by content: shared by the jobs that read it)."""
        sha = ref.removeprefix("client:")
        path = inbox / sha
        if not path.is_file():
            tmp = inbox / f".{sha}.{uuid.uuid4().hex}"
            tmp.write_bytes(files[sha])
            os.replace(tmp, path)
        return str(path)

    def named(ref: str) -> Path:
        """A travelling file under its own name (``client:<sha256>/<name>``): a picture's name is on
        screen, a chapter module's name is in its line ids."""
        sha, name = ref.split("/", 1)
        path = inbox / sha.removeprefix("client:")[:16] / name
        if not path.is_file():
            path.parent.mkdir(exist_ok=True)
            shutil.copyfile(local(sha), path)
        return path

    s = SceneSettings.from_json(spec.settings)
    model = s.voice_model
    if model.startswith("client:"):  # a voice model and its config must sit side by side, named alike
        model_ref, config_ref = model.rsplit(":client:", 1)
        folder = inbox / model_ref.removeprefix("client:")[:16]
        folder.mkdir(exist_ok=True)
        for ref, name in ((model_ref, "voice.onnx"), ("client:" + config_ref, "voice.onnx.json")):
            if not (folder / name).is_file():
                shutil.copyfile(local(ref), folder / name)
        model = str(folder / "voice.onnx")
    own = replace(s, image=str(named(s.image)) if s.image else "", voice_model=model,
                  recordings=tuple((line, local(f) if f.startswith("client:") else f, text)
                                   for line, f, text in s.recordings),
                  voice_cache=str(scratch / "farm-voice"))
    source = named(spec.source) if spec.source.startswith("client:") else ROOT / spec.source
    renders = scratch / "farm-jobs" / uuid.uuid4().hex
    job = Job(spec.kind, spec.module, spec.scene, spec.name, spec.title, spec.quality, source, own, renders)
    try:
        mine = inputs(job) if source.is_file() else {"scene_code": "missing"}
        if digest(mine) != spec.fingerprint:
            what = ", ".join(differences(spec.parts, summary(mine))) or "its inputs"
            return Rendered(key, address, {}, {}, f"{key}: refused by worker {address} (checkout {ROOT}): "
                                                  f"{what} differ from the client's; run workers at the client's "
                                                  f"commit and bundle")
        env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        try:
            run_job(job, spec.fingerprint, env, {**spec.facts, "worker": address, "host": socket.gethostname()})
        except RuntimeError as err:
            return Rendered(key, address, {}, {}, f"{err} (on worker {address})")
        sent = {suffix: job.output.with_suffix(suffix).read_bytes()
                for suffix in (job.output.suffix, *(SIDE_FILES if spec.kind == "scene" else ()))
                if job.output.with_suffix(suffix).is_file()}
        return Rendered(key, address, sent, json.loads(job.record.read_text()))
    finally:
        shutil.rmtree(renders, ignore_errors=True)


# ---------------------------------------------------------------------------- make farm


def main(argv: list[str] | None = None) -> int:
    """``make farm``: a LocalCluster on this machine's loopback, one worker per core, until Ctrl-C."""
    import argparse
    import time

    from distributed import LocalCluster

    p = argparse.ArgumentParser(prog="python -m pipeline.farm", description=main.__doc__)
    p.add_argument("--port", type=int, default=8786, help="the scheduler's port (default 8786)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="workers (default one per core)")
    args = p.parse_args(argv)

    def stop(signum, frame):  # a TERM (a service manager, kill) closes the cluster as Ctrl-C does
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      scheduler_port=args.port, dashboard_address=None) as cluster:
        print(f"render farm: {cluster.scheduler_address} ({args.workers} workers); in another shell:\n"
              f"  make video SCHEDULER={cluster.scheduler_address}\nCtrl-C stops it.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("render farm stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
