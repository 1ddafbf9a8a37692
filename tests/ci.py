"""Whether the suite runs under CI, and what a test that cannot run does then.

Read once here (the tests' entry point). Off CI a test that needs the MNIST files or the
committed bundle skips, so the suite passes on a user's machine; under CI (``CI`` set, as
``.ci/run`` and CI services do) the same test fails, so a missing file cannot hide a check.
"""

from __future__ import annotations

import os

import pytest

ON_CI = bool(os.environ.get("CI"))
MNIST_DIR = os.environ.get("NETCORE_MNIST_DIR", "")


def cannot_run(reason: str) -> None:
    """Skip this test, or fail it under CI."""
    if ON_CI:
        pytest.fail(f"under CI this must run: {reason}", pytrace=False)
    pytest.skip(reason)


def mnist_dir() -> str:
    """``NETCORE_MNIST_DIR``, or a skip (a failure under CI)."""
    if not MNIST_DIR:
        cannot_run("needs the MNIST files (NETCORE_MNIST_DIR)")
    return MNIST_DIR
