"""Run the benchmarks and print one ``key: value`` line per figure.

    .venv/bin/python bench/run.py                  # every benchmark
    .venv/bin/python bench/run.py --only train     # benchmarks whose name starts with "train"
    .venv/bin/python bench/run.py --data DIR       # MNIST IDX files from DIR (else NETCORE_MNIST_DIR, cache, ...)
    .venv/bin/python bench/run.py --list           # names only

A benchmark is a module ``bench/<name>.py`` (name not starting with ``_``, not ``run``)
with ``run(args) -> dict[str, float | str]``; ``args`` is the parsed command line.
It may also define ``add_arguments(parser)`` for options of its own and a one-line
``__doc__``. Modules are found by listing this directory, so adding a file is enough; all of
them are imported at start-up, so heavy imports belong inside ``run``.

Lines starting with ``#`` are context (machine, timing of the benchmark itself), the
others are figures, in the order each benchmark returns them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
for path in (str(BENCH_DIR), str(ROOT)):
    if path not in sys.path:
        sys.path.insert(0, path)


def discover() -> dict:
    """name -> module, for every ``bench/<name>.py`` that defines ``run``, sorted by name."""
    found = {}
    for file in sorted(BENCH_DIR.glob("*.py")):
        name = file.stem
        if name == "run" or name.startswith("_"):
            continue
        module = importlib.import_module(name)
        if callable(getattr(module, "run", None)):
            found[name] = module
    return found


def select(available: dict, only: list[str] | None) -> list[str]:
    if not only:
        return list(available)
    wanted = [w.strip() for item in only for w in item.split(",") if w.strip()]
    chosen = []
    for w in wanted:
        matches = [name for name in available if name == w or name.startswith(w)]
        if not matches:
            raise SystemExit(f"bench: no benchmark matches {w!r}; available: {', '.join(available) or '(none)'}")
        chosen += [m for m in matches if m not in chosen]
    return chosen


def blas_info() -> tuple[str, str]:
    """(library, threads) of numpy's BLAS, best effort; threads from the library itself when it says."""
    import numpy as np

    name = "unknown"
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        name = f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:
        pass
    threads = None
    try:
        import ctypes

        libs = Path(np.__file__).resolve().parent.parent / "numpy.libs"
        for lib in sorted(libs.glob("*openblas*")):
            handle = ctypes.CDLL(str(lib))
            for symbol in ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_",
                           "openblas_get_num_threads"):
                if hasattr(handle, symbol):
                    threads = str(getattr(handle, symbol)())
                    break
            if threads:
                break
    except Exception:
        pass
    if threads is None:
        env = [f"{k}={os.environ[k]}" for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS") if k in os.environ]
        threads = f"unknown ({', '.join(env)})" if env else "unknown"
    return name, threads


def header() -> list[str]:
    import numpy as np

    blas, threads = blas_info()
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return [
        f"# python: {platform.python_version()} ({platform.machine()}, {platform.system()})",
        f"# cpu_count: {os.cpu_count()} (usable by this process: {usable})",
        f"# numpy: {np.__version__}",
        f"# blas: {blas}, threads: {threads}",
        f"# load_average: {load_average()} (1-min average before the run, includes anything run in the last minute)",
    ]


def load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):
        return "unknown"


def format_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e4 else f"{value:.0f}"
    return str(value)


def main(argv: list[str] | None = None) -> int:
    available = discover()
    parser = argparse.ArgumentParser(description="netcore benchmarks: one 'key: value' line per figure.")
    parser.add_argument("--data", metavar="DIR", help="directory of MNIST IDX files (default: NETCORE_MNIST_DIR, cache, ...)")
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="run only benchmarks whose name is or starts with NAME (repeatable, or comma-separated)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    for module in available.values():
        if hasattr(module, "add_arguments"):
            module.add_arguments(parser)
    args = parser.parse_args(argv)

    if args.list:
        for name, module in available.items():
            print(f"{name}: {(module.__doc__ or '').strip().splitlines()[0] if module.__doc__ else ''}")
        return 0
    chosen = select(available, args.only)
    print("\n".join(header()), flush=True)
    for name in chosen:
        start = time.perf_counter()
        figures = available[name].run(args)
        for key, value in figures.items():
            print(f"{key}: {format_value(value)}")
        print(f"# {name}: {time.perf_counter() - start:.1f} s, load average now {load_average()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
