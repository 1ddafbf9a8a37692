"""A real Dask cluster for the render farm's tests: a ``LocalCluster``'s scheduler on loopback and
``dask worker`` processes, each in its own copy of the checkout (its code imported from there, its
scratch folder its own), as workers on other machines would run."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipeline.jobs import ROOT
from pipeline.settings import VARIABLES

CHECKOUT = ("netcore", "scenes", "pipeline", "assets", "manim.cfg")


def checkout_copy(folder: Path) -> Path:
    """The parts of this checkout a worker runs, copied to ``folder``."""
    for name in CHECKOUT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(source, folder / name)
    return folder


class Workers:
    """``dask worker`` processes started by a test, each in its own session (killed by its group)."""

    def __init__(self, address: str):
        self.address = address
        self.procs: dict[str, subprocess.Popen] = {}
        self.scratch: dict[str, Path] = {}

    def start(self, name: str, checkout: Path, scratch: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
        env["PYTHONPATH"] = str(checkout)  # the copy's packages, not the client's editable install
        dask = Path(sys.executable).with_name("dask")
        self.scratch[name] = scratch
        self.procs[name] = subprocess.Popen(
            [str(dask), "worker", self.address, "--name", name, "--nthreads", "1", "--no-nanny",
             "--local-directory", str(scratch), "--no-dashboard"],
            cwd=checkout, env=env, stdout=subprocess.DEVNULL, stderr=open(scratch.parent / f"{name}.log", "wb"),
            start_new_session=True)

    def kill(self, name: str) -> None:
        proc = self.procs.pop(name)
        try:
            os.kill(proc.pid, signal.SIGKILL)  # the worker alone: the manim process it runs must end with it
        except ProcessLookupError:
            pass
        proc.wait()

    def busy(self) -> str | None:
        """The worker that has a job in its scratch folder right now, if any."""
        for name, scratch in self.scratch.items():
            if name in self.procs and any(p for p in scratch.rglob("farm-jobs/*")):
                return name
        return None

    def wait_busy(self, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            name = self.busy()
            if name:
                return name
            time.sleep(0.05)
        raise TimeoutError("no worker started the job")

    def stop(self) -> None:
        for name in list(self.procs):
            self.kill(name)
