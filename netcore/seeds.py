"""Independent random streams for the experiments, all derived from the run's one seed.

``seed + 1``, ``seed + 2``... would make run 0's second stream the same numbers as run 1's
first; ``SeedSequence(seed).spawn`` gives children that are independent of each other and of
``default_rng(seed)``, which training itself keeps using (so the trained weights never depend
on this module).

A child's numbers depend only on its position in :data:`STREAMS` (spawn key ``(i,)``), not on
how many streams there are: append new names, never reorder or remove one, or every bundle's
experiments change.
"""

from __future__ import annotations

import numpy as np

from netcore.errors import NetcoreError

STREAMS = (
    "memorize_subset",  # which training images the real-vs-shuffled runs use
    "memorize_shuffle",  # the permutation of their labels
    "landscape_directions",  # retired (the landscape's directions are now the path's principal ones)
    "landscape_subset",  # the training images its cost is averaged over
    "noise",  # the uniform-noise images
    "curve_probe",  # the training images the per-step cost curve is measured on
    "backprop_sgd",  # the shuffles of chapter 3's mini-batch run
)
# Streams no experiment draws from any more; kept in STREAMS so the later ones keep their numbers.
RETIRED = ("landscape_directions",)
RULE = ("stream NAME of seed S is numpy.random.default_rng(numpy.random.SeedSequence(S)"
        ".spawn(len(streams))[streams.index(NAME)])")


def stream(seed: int, name: str) -> np.random.Generator:
    """The generator named ``name`` (one of :data:`STREAMS`) of root ``seed``."""
    if name not in STREAMS:
        raise NetcoreError(f"unknown random stream {name!r}; known: {', '.join(STREAMS)}")
    child = np.random.SeedSequence(seed).spawn(len(STREAMS))[STREAMS.index(name)]
    return np.random.default_rng(child)


def record(seed: int, name: str) -> dict:
    """What the bundle keeps so that anyone can rebuild the stream: ``stream(r["seed"], r["stream"])``."""
    return {"seed": seed, "stream": name}


def description() -> dict:
    """The bundle's top-level note on how every recorded stream is derived."""
    return {"streams": list(STREAMS), "rule": RULE}
