"""Training speed: the default recipe end to end, and the vectorised trainer against the per-example loop.

Timing rules (all with time.perf_counter):
- The data are loaded and both splits' float inputs (``Split.inputs``, used by ``evaluate``) are
  computed once before any clock starts, so no trainer is charged for that one-off work.
- Short pieces are repeated and the *minimum* is kept: the minimum is the run least disturbed by
  the rest of the machine (first-call page faults, other processes), which is what a ratio of two
  implementations should compare. The two classic trainers are timed alternately, so a slow patch
  of the machine hits both. Long pieces (the 30-epoch runs) run once or twice only.
- The vectorised times are ``TrainResult.seconds`` of ``netcore.train.train``, which includes the
  evaluation on the training set that ``train`` does after every epoch (the per-example loop does
  none); that evaluation is also timed on its own and printed, so its share is visible.
"""

from __future__ import annotations

import time

import numpy as np

from netcore import mnist, recipes
from netcore.mnist import Split
from netcore.reference import train_per_example
from netcore.train import evaluate, train

SEED = 0
TIMED_EPOCHS = 1  # of the full training set, for both classic trainers
VECTORISED_REPEATS = 5  # ~0.15 s each
PER_EXAMPLE_REPEATS = 3  # ~1 s each
DEFAULT_REPEATS = 2  # ~4 s each
# The parameter check runs both trainers for one epoch on this many training images. Not the
# timed epoch itself: with the classic recipe (rate 3.0, N(0, 1) weights) training amplifies
# rounding differences ~10x every 100-250 steps, so after a full epoch (2,435 steps) any two correct
# implementations that merely add the same numbers in a different order differ by ~0.1-0.3
# (the per-example loop against itself with each batch summed in reverse order: 0.2).
# After 500 steps the two trainers still agree to ~1e-14, so a real difference would show.
CHECK_IMAGES = 5000


def _best(fn, repeats: int):
    """(min seconds, result of the last call)."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def run(args) -> dict:
    data = mnist.load(getattr(args, "data", None))
    train_set, test_set = data.train, data.test
    train_set.inputs, test_set.inputs  # noqa: B018 - compute the cached float inputs before timing
    out: dict = {
        "data_source": f"{data.source.get('kind')} {data.location}",
        "train_images": len(train_set),
        "test_images": len(test_set),
    }

    # Default recipe, full training as `make train` does it (test set evaluated after each epoch).
    runs = [train(train_set, test_set, recipes.DEFAULT, seed=SEED, progress=False) for _ in range(DEFAULT_REPEATS)]
    out["default_train_seconds"] = min(r.seconds for r in runs)
    out["default_test_accuracy"] = f"{runs[0].history['test_accuracy'][-1]:.4f}"
    out["default_epochs"] = recipes.DEFAULT.epochs

    # Classic recipe, TIMED_EPOCHS epochs of the full training set, same data and seed, both ways.
    timed = recipes.CLASSIC.with_(epochs=TIMED_EPOCHS)
    vec_times, ref_times = [], []
    for i in range(max(VECTORISED_REPEATS, PER_EXAMPLE_REPEATS)):
        if i < VECTORISED_REPEATS:
            # keep_history=False: the reference loop does no per-epoch evaluation either.
            result = train(train_set, None, timed, seed=SEED, progress=False, keep_history=False)
            vec_times.append(result.seconds)
            vec_net = result.network
        if i < PER_EXAMPLE_REPEATS:
            start = time.perf_counter()
            ref_net = train_per_example(train_set, timed, seed=SEED)
            ref_times.append(time.perf_counter() - start)
    vec_epoch = min(vec_times) / TIMED_EPOCHS
    ref_epoch = min(ref_times) / TIMED_EPOCHS
    eval_seconds, _ = _best(lambda: evaluate(vec_net, train_set), 5)
    out["classic_vectorised_seconds_per_epoch"] = vec_epoch
    out["classic_vectorised_evaluation_seconds_per_epoch"] = eval_seconds
    out["classic_per_example_seconds_per_epoch"] = ref_epoch
    out["train_speedup_vs_per_example"] = ref_epoch / vec_epoch

    # Same arithmetic? One epoch of the first CHECK_IMAGES images, same seed (see CHECK_IMAGES).
    n = min(CHECK_IMAGES, len(train_set))
    subset = Split(train_set.images[:n], train_set.labels[:n])
    check = recipes.CLASSIC.with_(epochs=1)
    a = train(subset, None, check, seed=SEED, progress=False).network.to_vector()
    b = train_per_example(subset, check, seed=SEED).to_vector()
    out["classic_same_parameters"] = bool(np.allclose(a, b))
    out["classic_check_images"] = n
    out["classic_check_max_abs_difference"] = float(np.abs(a - b).max())
    # The timed runs themselves, for the record (expected to differ, see CHECK_IMAGES).
    out["classic_timed_max_abs_difference"] = float(np.abs(vec_net.to_vector() - ref_net.to_vector()).max())

    # The full classic recipe with the vectorised trainer, once.
    full = train(train_set, test_set, recipes.CLASSIC, seed=SEED, progress=False)
    out["classic_vectorised_seconds"] = full.seconds
    out["classic_epochs"] = recipes.CLASSIC.epochs
    out["classic_test_accuracy"] = f"{full.history['test_accuracy'][-1]:.4f}"
    return out
