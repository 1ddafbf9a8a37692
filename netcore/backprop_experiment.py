"""Chapter 3's measurements: how real training examples ask for their changes, computed at ``make train``.

**The snapshot.** The first recorded training snapshot whose network gets at least ``SNAPSHOT_ACCURACY``
(half) of the probe images right (the training-curve probe, ``curve_probe_rng``). Before that the
network answers nearly every image alike (about one in ten right), so every example's wish is "all
outputs quieter", not about its digit; long after it the outputs are nearly right and the wishes are
small. The first snapshot past half right is the earliest where the wishes are about the digit and
still large. The rule holds for any network: if no snapshot gets there, the snapshot with the best
probe accuracy (the earliest of equals), and the record's ``rule`` says so.

**The examples.** The first training image of each digit, in the order 2, 3, 7, then 0, 1, 4, 5, 6,
8, 9 (digits the training set lacks are skipped): the first training 2 is the featured example.

**The weight of the chain rule.** The output layer's weight into the featured example's digit
(j = its label) from the neuron k of the layer before with the largest |∂C/∂w_jk| for that example
(that is, the brightest such neuron, since ∂C/∂w_jk = a_k · ∂C/∂z_j).

**SGD against full batch.** Plain gradient descent on C (no momentum, no decay) from the run's random
start: ``sgd_full_steps`` steps on the whole training set's average gradient, and shuffled mini-batches
of ``sgd_batch`` (stream ``backprop_sgd``) for the same number of examples processed; the cost of both
on the probe images.

**Finite differences against backprop.** On the snapshot's network, over the first ``timing_batch``
training images: see :mod:`netcore.fd_timing`. Its seconds and the machine go under the bundle's
``measured`` key, the one part of a bundle that differs between two builds.

For an imported network every one of these comes from the reference run (its snapshots and random
start): a training history is what they need, and an imported file has none.
"""

from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_limits

from netcore import fd_timing, seeds
from netcore.backprop import (BackpropRecord, ChainFactors, SgdRuns, Timing, chain_factors, example_gradient,
                              pixels)
from netcore.cost import quadratic_cost
from netcore.mnist import Split
from netcore.network import Network, flatten, one_hot
from netcore.schema import Part, parameter_count

SNAPSHOT_ACCURACY = 0.5
DIGIT_ORDER = (2, 3, 7, 0, 1, 4, 5, 6, 8, 9)
MEASURED_KEY = "backprop_timing"  # under the bundle's ``measured``
CHAIN_TOLERANCE = 1e-6


# -- the choices ------------------------------------------------------------------------------
def probe_accuracies(snapshots: np.ndarray, sizes, activation: str, probe: Split) -> np.ndarray:
    x, labels = probe.inputs, probe.labels
    return np.array([(snapshot_network(s, sizes, activation).predict(x) == labels).mean() for s in snapshots])


def snapshot_network(params: np.ndarray, sizes, activation: str) -> Network:
    """A training snapshot as a network (snapshots are stored as float32; computed on in float64)."""
    return Network.from_vector(np.asarray(params, dtype=np.float32).astype(np.float64), sizes, activation)


def choose_snapshot(accuracies: np.ndarray, level: float = SNAPSHOT_ACCURACY) -> tuple[int, str]:
    """The first snapshot at or above ``level`` on the probe, else the best one; and the rule, said."""
    above = np.flatnonzero(accuracies >= level)
    if above.size:
        return int(above[0]), f"the first training snapshot that gets at least {level:.0%} of the probe images right"
    best = int(np.argmax(accuracies))
    return best, (f"no training snapshot gets {level:.0%} of the probe images right, so the one that gets the most "
                  f"right ({accuracies[best]:.0%})")


def choose_examples(labels: np.ndarray) -> list[int]:
    """Training indices: the first image of each digit of ``DIGIT_ORDER`` that the set has."""
    found = []
    for digit in DIGIT_ORDER:
        where = np.flatnonzero(labels == digit)
        if where.size:
            found.append(int(where[0]))
    if not found:
        raise ValueError("the training set has no image of any digit")
    return found


def choose_weight(ex) -> tuple[int, int]:
    j = ex.label
    return j, int(np.argmax(np.abs(ex.grad_w[-1][j])))


# -- SGD against full batch ------------------------------------------------------------------------
def _step(net: Network, x: np.ndarray, y: np.ndarray, lr: float) -> None:
    _, dW, db = net.cost_gradient(x, y)
    for p, g in zip(net.W + net.b, dW + db):
        p -= lr * g


def sgd_runs(initial: Network, train_set: Split, probe: Split, seed: int, *, batch: int, lr: float,
             full_steps: int, curve_points: int) -> SgdRuns:
    x, y = train_set.inputs, one_hot(train_set.labels, initial.sizes[-1])
    px, py = probe.inputs, one_hot(probe.labels, initial.sizes[-1])
    n = len(x)

    def probe_cost(net):
        return float(quadratic_cost(net.forward(px).output, py).mean())

    full = initial.copy()
    full_log = [(0, 0, probe_cost(full))]
    for step in range(1, full_steps + 1):
        _step(full, x, y, lr)
        full_log.append((step, step * n, probe_cost(full)))

    budget = full_steps * n  # the same work: examples through forward and backward passes
    total_steps = full_steps * -(-n // batch)
    every = max(1, total_steps // curve_points)
    rng = seeds.stream(seed, "backprop_sgd")
    mini = initial.copy()
    mini_log = [(0, 0, probe_cost(mini))]
    step = done = 0
    while done < budget:
        order = rng.permutation(n)
        for first in range(0, n, batch):
            idx = order[first:first + min(batch, budget - done)]
            _step(mini, x[idx], y[idx], lr)
            step, done = step + 1, done + len(idx)
            if step % every == 0 or done >= budget:
                mini_log.append((step, done, probe_cost(mini)))
            if done >= budget:
                break
    m, f = np.array(mini_log), np.array(full_log)
    return SgdRuns(batch, lr, n, len(probe), m[:, 0].astype(np.int64), m[:, 1].astype(np.int64), m[:, 2],
                   f[:, 0].astype(np.int64), f[:, 1].astype(np.int64), f[:, 2])


# -- the whole experiment --------------------------------------------------------------------------
def run(snapshots: np.ndarray, snapshot_steps: np.ndarray, initial: Network, train_set: Split, probe: Split,
        seed: int, sizes, *, reference_run: bool) -> dict:
    """``{"arrays", "meta", "measured"}`` of the bundle's backprop part (``sizes``: ``experiments.Sizes``).

    On one BLAS thread: its products are small, and on a shared machine one thread was measured 3 to 20
    times faster than two (the SGD runs 11.6 s against 34 s, the training-set gradient 0.4 s against 7.8 s).
    """
    with threadpool_limits(limits=1):
        return _run(snapshots, snapshot_steps, initial, train_set, probe, seed, sizes, reference_run)


def _run(snapshots, snapshot_steps, initial, train_set, probe, seed, sizes, reference_run) -> dict:
    net_sizes, activation = initial.sizes, initial.activation
    accuracies = probe_accuracies(snapshots, net_sizes, activation, probe)
    snapshot, rule = choose_snapshot(accuracies, sizes.backprop_snapshot_accuracy)
    net = snapshot_network(snapshots[snapshot], net_sizes, activation)

    chosen = choose_examples(train_set.labels)
    examples = [example_gradient(net, train_set.images[i], int(train_set.labels[i]), i) for i in chosen]
    j, k = choose_weight(examples[0])
    chain = chain_factors(net, examples[0].image, examples[0].label, j, k)

    _, dW, db = net.cost_gradient(train_set.inputs, one_hot(train_set.labels, net_sizes[-1]))
    runs = sgd_runs(initial, train_set, probe, seed, batch=sizes.sgd_batch, lr=sizes.sgd_learning_rate,
                    full_steps=sizes.sgd_full_steps, curve_points=sizes.sgd_curve_points)

    timing_set = Split(train_set.images[: sizes.timing_batch], train_set.labels[: sizes.timing_batch])
    fd = fd_timing.measure(net, timing_set.inputs, one_hot(timing_set.labels, net_sizes[-1]))

    arrays = {
        "backprop_example_index": np.array(chosen, dtype=np.int32),
        "backprop_example_label": np.array([e.label for e in examples], dtype=np.uint8),
        "backprop_example_image": np.array([e.image.reshape(28, 28) for e in examples], dtype=np.uint8),
        "backprop_example_gradient": np.array([e.flat_gradient for e in examples]),
        "backprop_example_cost": np.array([e.cost for e in examples]),
        "backprop_mean_gradient": flatten(dW, db),
        "backprop_snapshot_probe_accuracy": accuracies,
        "backprop_minibatch_step": runs.minibatch_step.astype(np.int32),
        "backprop_minibatch_examples": runs.minibatch_examples.astype(np.int64),
        "backprop_minibatch_cost": runs.minibatch_cost,
        "backprop_full_step": runs.full_step.astype(np.int32),
        "backprop_full_examples": runs.full_examples.astype(np.int64),
        "backprop_full_cost": runs.full_cost,
        "backprop_timing_image": timing_set.images.astype(np.uint8),
        "backprop_timing_label": timing_set.labels.astype(np.uint8),
        "backprop_fd_gradient": fd.gradient,
    }
    meta = {"backprop": {
        "snapshot": snapshot, "step": int(snapshot_steps[snapshot]), "rule": rule,
        "snapshot_accuracy_level": sizes.backprop_snapshot_accuracy,
        "probe_accuracy": float(accuracies[snapshot]),
        "examples_rule": "the first training image of each digit, in the order " + ", ".join(map(str, DIGIT_ORDER)),
        "train_count": len(train_set),
        "chain": {"j": j, "k": k, "rule": "the output layer's weight into the featured example's digit from the "
                  "neuron of the layer before with the largest |dC/dw| for that example",
                  "a_prev": chain.a_prev, "sigma_prime": chain.sigma_prime, "two_error": chain.two_error,
                  "product": chain.product, "finite_difference": chain.finite_difference, "h": chain.h,
                  "weight": chain.weight},
        "sgd": {"batch_size": runs.batch_size, "learning_rate": runs.learning_rate, "full_steps": sizes.sgd_full_steps,
                "train_count": runs.train_count, "probe_size": runs.probe_size,
                "method": "plain gradient descent on C = sum_j (a_j - y_j)^2 averaged over the batch, from the run's "
                          "random start; the mini-batch run processes as many examples as the full-batch run",
                "shuffle_rng": seeds.record(seed, "backprop_sgd")},
        "timing": {"passes": fd.passes, "batch": fd.batch, "h": fd.h, "max_difference": fd.max_difference,
                   "backprop_repeats": fd.repeats,
                   "method": "forward differences: the batch's average cost once, then once per nudged parameter "
                             "(P + 1 forward passes), against one forward and one backward pass (the mean of "
                             f"{fd.repeats} runs spread through the finite-difference sweep, their seconds taken out "
                             f"of it) over the same first {fd.batch} training images, the linear algebra on one thread"},
        "reference_run": reference_run,
    }}
    measured = {MEASURED_KEY: {"fd_seconds": fd.fd_seconds, "backprop_seconds": fd.backprop_seconds,
                               "machine": fd_timing.machine_description()}}
    return {"arrays": arrays, "meta": meta, "measured": measured}


# -- reading it back -------------------------------------------------------------------------------
def record(meta: dict, arrays: dict, network_sizes, activation: str, history_note: str | None) -> BackpropRecord:
    """The :class:`BackpropRecord` of a validated bundle (the examples recomputed, checked equal on load)."""
    bp = meta["backprop"]
    net = snapshot_network(arrays["snapshot_params"][bp["snapshot"]], network_sizes, activation)
    examples = tuple(example_gradient(net, img, int(label), int(i)) for img, label, i in
                     zip(arrays["backprop_example_image"], arrays["backprop_example_label"],
                         arrays["backprop_example_index"]))
    c = bp["chain"]
    chain = ChainFactors(j=c["j"], k=c["k"], label=examples[0].label, weight=c["weight"], a_prev=c["a_prev"],
                         sigma_prime=c["sigma_prime"], two_error=c["two_error"], product=c["product"],
                         finite_difference=c["finite_difference"], h=c["h"])
    t, measured = bp["timing"], meta["measured"][MEASURED_KEY]
    timing = Timing(measured["fd_seconds"], measured["backprop_seconds"], t["passes"], t["batch"], measured["machine"],
                    t["h"], t["max_difference"], arrays["backprop_fd_gradient"], _timing_batch_gradient(net, arrays))
    s = bp["sgd"]
    sgd = SgdRuns(s["batch_size"], s["learning_rate"], s["train_count"], s["probe_size"],
                  arrays["backprop_minibatch_step"], arrays["backprop_minibatch_examples"],
                  arrays["backprop_minibatch_cost"], arrays["backprop_full_step"], arrays["backprop_full_examples"],
                  arrays["backprop_full_cost"])
    reference = bool(bp["reference_run"])
    note = history_note if reference and history_note else f"training snapshot at step {bp['step']:,}"
    return BackpropRecord(bp["snapshot"], bp["step"], net, bp["rule"], bp["probe_accuracy"], examples,
                          arrays["backprop_mean_gradient"], bp["train_count"], chain, timing, sgd, reference, note)


def _timing_batch_gradient(net: Network, arrays: dict) -> np.ndarray:
    images = arrays["backprop_timing_image"]
    _, dW, db = net.cost_gradient(images.reshape(len(images), -1) / 255.0,
                                  one_hot(arrays["backprop_timing_label"], net.sizes[-1]))
    return flatten(dW, db)


# -- validation (run on every load: milliseconds) ---------------------------------------------------
def _snapshot_and_examples_agree(meta: dict, arrays: dict):
    bp, steps = meta["backprop"], arrays["snapshot_step"]
    if not 0 <= bp["snapshot"] < len(steps) or int(steps[bp["snapshot"]]) != bp["step"]:
        return "json", "backprop.snapshot/step do not name a training snapshot"
    net = snapshot_network(arrays["snapshot_params"][bp["snapshot"]], meta["sizes"], meta["activation"])
    labels = arrays["backprop_example_label"]
    if not len(labels) or np.any(labels >= meta["sizes"][-1]):
        return "npz", "backprop_example_label is empty or names no output"
    for img, label, grad, cost in zip(arrays["backprop_example_image"], labels, arrays["backprop_example_gradient"],
                                      arrays["backprop_example_cost"]):
        ex = example_gradient(net, pixels(img), int(label))
        if not np.allclose(ex.flat_gradient, grad, rtol=1e-9, atol=1e-12) or not np.isclose(ex.cost, cost, rtol=1e-9):
            return "npz", "backprop_example_gradient is not the snapshot network's gradient for its example"
    return None


def _chain_factors_multiply_out(meta: dict, arrays: dict):
    c = meta["backprop"]["chain"]
    if c["j"] != int(arrays["backprop_example_label"][0]):
        return "json", "backprop.chain.j is not the featured example's digit"
    if not np.isclose(c["product"], c["a_prev"] * c["sigma_prime"] * c["two_error"], rtol=1e-12, atol=0):
        return "json", "backprop.chain.product is not a_prev * sigma_prime * two_error"
    if abs(c["product"] - c["finite_difference"]) > CHAIN_TOLERANCE:
        return "json", "backprop.chain's finite difference disagrees with its product"
    grad = arrays["backprop_example_gradient"][0]
    sizes = meta["sizes"]
    last_w = sum(k * n + k for n, k in zip(sizes[:-2], sizes[1:-1]))  # where the output layer's W starts
    if not np.isclose(grad[last_w + c["j"] * sizes[-2] + c["k"]], c["product"], rtol=1e-9, atol=1e-15):
        return "json", "backprop.chain.product is not the featured example's dC/dw_jk"
    return None


def _sgd_runs_are_comparable(meta: dict, arrays: dict):
    s = meta["backprop"]["sgd"]
    mini, full = arrays["backprop_minibatch_examples"], arrays["backprop_full_examples"]
    if mini[0] != 0 or full[0] != 0 or arrays["backprop_minibatch_cost"][0] != arrays["backprop_full_cost"][0]:
        return "npz", "backprop's two descent runs do not start at the same point"
    if np.any(np.diff(mini) <= 0) or np.any(np.diff(full) <= 0) or mini[-1] != full[-1]:
        return "npz", "backprop's two descent runs do not process the same number of examples"
    if not np.array_equal(full, arrays["backprop_full_step"] * s["train_count"]):
        return "npz", "backprop_full_examples is not steps x train_count"
    return None


def _finite_differences_agree_with_backprop(meta: dict, arrays: dict):
    t = meta["backprop"]["timing"]
    if t["passes"] != parameter_count(meta["sizes"]) + 1 or t["batch"] != len(arrays["backprop_timing_label"]):
        return "json", "backprop.timing.passes/batch do not fit the network and the timing batch"
    measured = meta["measured"][MEASURED_KEY]
    if not all(np.isfinite(measured[k]) and measured[k] > 0 for k in ("fd_seconds", "backprop_seconds")):
        return "json", "measured.backprop_timing seconds must be positive numbers"
    bp = meta["backprop"]
    net = snapshot_network(arrays["snapshot_params"][bp["snapshot"]], meta["sizes"], meta["activation"])
    diff = float(np.abs(arrays["backprop_fd_gradient"] - _timing_batch_gradient(net, arrays)).max())
    if not np.isclose(diff, t["max_difference"], rtol=1e-6, atol=1e-15) or diff > 1e-4:
        return "npz", "backprop_fd_gradient does not agree with the backward pass over the timing batch"
    return None


def _one_thread(check):
    """A load-time check on one BLAS thread: milliseconds, where threads on a busy machine made it seconds."""
    def checked(meta, arrays):
        with threadpool_limits(limits=1):
            return check(meta, arrays)
    checked.__name__ = check.__name__
    return checked


PART = Part(
    "chapter 3: one example's wishes and gradients, SGD against full batch, finite differences against backprop",
    arrays=lambda sizes: {
        "backprop_example_index": ((None,), "i"),
        "backprop_example_label": ((None,), "u"),
        "backprop_example_image": ((None, 28, 28), "u"),
        "backprop_example_gradient": ((None, parameter_count(sizes)), "f"),
        "backprop_example_cost": ((None,), "f"),
        "backprop_mean_gradient": ((parameter_count(sizes),), "f"),
        "backprop_snapshot_probe_accuracy": ((None,), "f"),
        "backprop_minibatch_step": ((None,), "i"),
        "backprop_minibatch_examples": ((None,), "i"),
        "backprop_minibatch_cost": ((None,), "f"),
        "backprop_full_step": ((None,), "i"),
        "backprop_full_examples": ((None,), "i"),
        "backprop_full_cost": ((None,), "f"),
        "backprop_timing_image": ((None, 28, 28), "u"),
        "backprop_timing_label": ((None,), "u"),
        "backprop_fd_gradient": ((parameter_count(sizes),), "f"),
    },
    meta=("backprop.snapshot", "backprop.step", "backprop.rule", "backprop.probe_accuracy", "backprop.train_count",
          "backprop.reference_run", "backprop.chain.j", "backprop.chain.k", "backprop.chain.a_prev",
          "backprop.chain.sigma_prime", "backprop.chain.two_error", "backprop.chain.product",
          "backprop.chain.finite_difference", "backprop.chain.h", "backprop.chain.weight",
          "backprop.sgd.batch_size", "backprop.sgd.learning_rate", "backprop.sgd.train_count",
          "backprop.sgd.probe_size", "backprop.timing.passes", "backprop.timing.batch", "backprop.timing.h",
          "backprop.timing.max_difference", f"measured.{MEASURED_KEY}.fd_seconds",
          f"measured.{MEASURED_KEY}.backprop_seconds", f"measured.{MEASURED_KEY}.machine"),
    same_length=(("backprop_example_",), ("backprop_minibatch_",), ("backprop_full_",), ("backprop_timing_",),
                 ("snapshot_", "backprop_snapshot_probe_accuracy")),
    checks=tuple(map(_one_thread, (_snapshot_and_examples_agree, _chain_factors_multiply_out,
                                   _sgd_runs_are_comparable, _finite_differences_agree_with_backprop))),
)
