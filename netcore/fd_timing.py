"""Why backprop matters, measured: every partial derivative by finite differences against one backward pass.

Finite differences "try each knob": the cost of a batch once as it is, then once more with each of
the P parameters nudged by ``h`` in turn, so P + 1 forward passes over the batch give all P partial
derivatives, ``(C(θ + h eᵢ) − C(θ)) / h`` (forward differences: the fewest passes, which is the fair
count for the comparison). Backprop gets the same P numbers from one forward and one backward pass
over the same batch (:meth:`Network.cost_gradient`).

Both are timed the same way, in the same minutes: wall clock, no best-of. Backprop runs ``repeats``
times spread evenly through the finite-difference sweep (its own seconds taken out of the sweep's), and
its time is the mean of those runs. Timing backprop alone as the best of several runs, as once here,
compared a lucky minimum with a sum that carries every slow moment, and gave a ratio larger than the
number of passes saved (30,347 for 13,003 passes; timed the same way, about 6,800).

Both are timed with the linear-algebra library held to one thread (``threadpoolctl``): the comparison
is of work, and a small matrix product spread over threads of a busy machine can take fifty times
longer than on one (measured here: 23 ms against 0.6 ms per pass over 100 images, load 12 on 2 cores).

The gradients are deterministic; the seconds are not (they depend on the machine and its load), so
the bundle keeps them apart from everything reproducible (``netcore.bundle.MEASURED``).
"""

from __future__ import annotations

import os
import platform
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from netcore.cost import quadratic_cost
from netcore.network import Network, flatten

FD_STEP = 1e-6  # forward difference: truncation ~h·C'' and rounding ~1e-16/h, both far below the gradient's size
BACKPROP_REPEATS = 20  # backprop runs this often, spread through the sweep: its time is their mean


@dataclass(frozen=True)
class FiniteDifferenceRun:
    gradient: np.ndarray  # (P,) by finite differences, flatten order
    backprop_gradient: np.ndarray  # (P,) the same by one backward pass
    fd_seconds: float  # wall clock of all P + 1 forward passes (one thread)
    backprop_seconds: float  # one forward + one backward pass (mean of ``repeats``, run during the sweep)
    passes: int  # P + 1
    batch: int  # images per pass
    h: float
    repeats: int

    @property
    def max_difference(self) -> float:
        return float(np.abs(self.gradient - self.backprop_gradient).max())

    @property
    def ratio(self) -> float:
        return self.fd_seconds / self.backprop_seconds


def batch_cost(net: Network, x: np.ndarray, y: np.ndarray) -> float:
    """The average cost C over the batch, by a forward pass."""
    return float(quadratic_cost(net.forward(x).output, y).mean())


def finite_difference_gradient(net: Network, x: np.ndarray, y: np.ndarray, h: float = FD_STEP,
                               every: int = 0, between=None) -> np.ndarray:
    """All P partial derivatives by forward differences: P + 1 forward passes over the batch.

    Each parameter is nudged in place and set back to its own value afterwards (not ``- h``, which
    could leave it one rounding away), on a private copy of the network. ``between()`` is called after
    every ``every`` parameters (the timing runs backprop there, under the same load as the sweep).
    """
    net = net.copy()
    base = batch_cost(net, x, y)
    grads, done = [], 0
    for w, b in zip(net.W, net.b):
        for param in (w, b):
            flat = param.reshape(-1)  # a view: nudging it nudges the network
            out = np.empty(flat.size)
            for i in range(flat.size):
                old = flat[i]
                flat[i] = old + h
                out[i] = (batch_cost(net, x, y) - base) / h
                flat[i] = old
                done += 1
                if between is not None and every and done % every == 0:
                    between()
            grads.append(out)
    return np.concatenate(grads)  # W then b per layer: flatten's order


def measure(net: Network, x: np.ndarray, y: np.ndarray, h: float = FD_STEP,
            repeats: int = BACKPROP_REPEATS) -> FiniteDifferenceRun:
    """Time both ways of getting the gradient of the batch cost, on this machine, now, on one thread."""
    runs: list[float] = []
    gradient: list = []

    def backprop() -> None:
        start = time.perf_counter()
        _, dW, db = net.cost_gradient(x, y)
        runs.append(time.perf_counter() - start)
        gradient[:] = [flatten(dW, db)]

    every = max(1, net.parameter_count // repeats)
    with threadpool_limits(limits=1):
        start = time.perf_counter()
        fd = finite_difference_gradient(net, x, y, h, every, backprop)
        fd_seconds = time.perf_counter() - start - sum(runs)
        if not runs:  # fewer parameters than repeats
            backprop()
    return FiniteDifferenceRun(fd, gradient[0], fd_seconds, float(np.mean(runs)), net.parameter_count + 1, len(x), h,
                               len(runs))


def machine_description() -> str:
    """What ran it, for the screen: CPU model, cores, OS and numpy (no host name, no path)."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    cores = os.cpu_count() or 1
    return f"{cpu}, {cores} core{'s' if cores != 1 else ''}, {platform.system()} {platform.machine()}, numpy {np.__version__}"
