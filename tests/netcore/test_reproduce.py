"""``make train`` reproduces the committed bundle byte for byte (seeded training on the MNIST files in
``NETCORE_MNIST_DIR``), so every number the videos quote (the accuracy, the featured digit ...) is
derived from the data and the code, not pinned. Runs the whole training and its experiments (about
two minutes of CPU): the one slow netcore test, worth it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from netcore import bundle
from tests import ci

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def retrained(tmp_path_factory) -> Path:
    """The bundle ``make train`` writes (``python -m netcore train``), written elsewhere than assets/."""
    data = ci.mnist_dir()
    out = tmp_path_factory.mktemp("retrained")
    proc = subprocess.run([sys.executable, "-m", "netcore", "train", "--quiet", "--data", data, "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return out


def test_make_train_reproduces_the_committed_bundle(retrained):
    committed = bundle.DEFAULT_DIR
    if bundle.load(committed).imported:
        ci.cannot_run("assets/ holds an imported network: `git checkout assets/` to compare")
    ours, theirs = np.load(retrained / bundle.NPZ_NAME), np.load(committed / bundle.NPZ_NAME)
    assert sorted(ours.files) == sorted(theirs.files)
    differ = [name for name in ours.files if not np.array_equal(ours[name], theirs[name])]
    assert not differ, f"retraining gives other {', '.join(differ)}"
    assert (retrained / bundle.NPZ_NAME).read_bytes() == (committed / bundle.NPZ_NAME).read_bytes(), \
        "bundle.npz differs from assets/"
    # The JSON is the same but for the seconds measured while building (bundle.MEASURED), which no two
    # runs share; the committed ones are this repository's measurement and stay as they are.
    ours, theirs = (json.loads((d / bundle.JSON_NAME).read_text()) for d in (retrained, committed))
    assert bundle.reproducible_meta(ours) == bundle.reproducible_meta(theirs), "bundle.json differs from assets/"
    assert set(ours[bundle.MEASURED]) == set(theirs[bundle.MEASURED])


def test_the_quoted_facts_come_from_the_training(retrained):
    """The accuracy, the count right and the featured digit the videos quote are what training and
    evaluation give (here worked out from the retrained bundle's arrays, not read from its metadata)."""
    fresh = bundle.load(retrained)
    labels, predicted = fresh.arrays["test_label"], fresh.arrays["test_prediction"]
    right = int((predicted == labels).sum())
    committed = bundle.load(bundle.DEFAULT_DIR).meta
    assert committed["test_correct"] == right and committed["test_accuracy"] == right / len(labels)
    # "the first test 3 the network answers right", looked for in the whole test set
    first_right_three = int(np.flatnonzero((labels == 3) & (predicted == 3))[0])
    assert committed["default_digit"] == first_right_three
