"""The measurements chapters 2 and 3 show, computed here so the scenes only read them.

- the random starting network on the featured digit (a real 3, see ``export.featured``):
  its output, cost term by term, its average cost on the training set and its full
  gradient there;
- snapshots of the parameters during training, with a cost curve per step;
- learning curves on the same images with real and with shuffled labels;
- a 2-D slice of the real cost landscape around the trained parameters, along the first
  two principal directions of the training path (PCA of the snapshots, as Li et al., 2018,
  do for trajectories), wide enough for the whole path, which is projected onto it;
- the trained network's answers to uniform noise;
- chapter 3's backprop part: real training examples' wishes and gradients at an early snapshot,
  their average over the training set, SGD against full batch, finite differences against backprop
  (``netcore.backprop_experiment``, which states its rules).

Every random choice here draws from its own named stream of the run's seed (``netcore.seeds``),
recorded in the bundle as ``{"seed", "stream"}``.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import numpy as np
from tqdm import tqdm

from netcore import backprop_experiment, seeds
from netcore.cost import quadratic_cost, quadratic_terms
from netcore.mnist import Split
from netcore.network import DEFAULT_SIZES, Network, flatten, one_hot
from netcore.recipes import Recipe
from netcore.schema import Part, parameter_count
from netcore.train import train


@dataclass(frozen=True)
class Sizes:
    """How big each experiment is; recorded in the bundle."""

    snapshots: int = 32
    curve_points: int = 600
    probe: int = 1000  # training images the per-step cost curve is measured on
    memorize: int = 2000  # images in the real-vs-shuffled-labels runs
    memorize_epochs: int = 200
    memorize_log_every: int = 4
    landscape: int = 2000  # training images the landscape's cost is averaged over
    landscape_grid: int = 41  # nodes along the slice's longer axis
    landscape_margin: float = 0.25  # room around the path, as a share of its extent on each side
    landscape_min_aspect: float = 0.4  # the shorter axis's least length, as a share of the longer
    noise_images: int = 6
    samples: int = 48  # training and test images kept for the scrolling beats
    # chapter 3 (netcore.backprop_experiment)
    backprop_snapshot_accuracy: float = 0.5  # the snapshot: the first one this share of the probe gets right
    sgd_batch: int = 32  # mini-batch size of the SGD run
    sgd_learning_rate: float = 3.0  # both descent runs (plain steps on C, no momentum)
    sgd_full_steps: int = 4  # full-batch steps; the mini-batch run processes as many examples
    sgd_curve_points: int = 400  # mini-batch costs recorded (about)
    timing_batch: int = 100  # training images per forward pass of the finite-difference timing


FULL = Sizes()
# For smoke tests (``train --quick-experiments``): the same code on tiny sizes.
QUICK = Sizes(snapshots=6, curve_points=20, probe=100, memorize=100, memorize_epochs=4, memorize_log_every=2,
              landscape=100, landscape_grid=5, noise_images=2, samples=8,
              sgd_full_steps=2, sgd_curve_points=20, timing_batch=10)


def seeded_subset(split: Split, size: int, rng: np.random.Generator) -> tuple[np.ndarray, Split]:
    """A reproducible sample (indices in order) of ``size`` examples."""
    idx = np.sort(rng.permutation(len(split))[: min(size, len(split))])
    return idx, Split(split.images[idx], split.labels[idx])


# -- the random network ---------------------------------------------------------
RANDOM_START = Part(
    "the random starting network",
    arrays=lambda sizes: {
        **{f"init_digit_a{l}": ((k,), "f") for l, k in enumerate(sizes) if l},
        "init_digit_cost_terms": ((sizes[-1],), "f"),
        "init_gradient": ((parameter_count(sizes),), "f"),
    },
    meta=("init_digit_cost", "init_train_cost", "init_train_count"),
)


def random_network_view(initial: Network, digit_image: np.ndarray, digit_label: int, train_set: Split) -> dict:
    """What the untrained network does: on one real digit, and on average over the training set."""
    fwd = initial.forward(digit_image.reshape(-1) / 255.0)
    target = one_hot([digit_label])[0]
    cost, dW, db = initial.cost_gradient(train_set.inputs, one_hot(train_set.labels))
    arrays = {f"init_digit_a{l}": a for l, a in enumerate(fwd.activations) if l}
    arrays["init_digit_cost_terms"] = quadratic_terms(fwd.output, target)
    arrays["init_gradient"] = flatten(dW, db)
    meta = {
        "init_digit_cost": float(quadratic_cost(fwd.output, target)),
        "init_train_cost": cost,
        "init_train_count": len(train_set),
    }
    return {"arrays": arrays, "meta": meta}


# -- snapshots and the cost curve during training ---------------------------------
TRAINING_RUN = Part(
    "snapshots and the cost curve during training",
    arrays=lambda sizes: {
        "snapshot_step": ((None,), "i"),
        "snapshot_params": ((None, parameter_count(sizes)), "f"),
        "curve_step": ((None,), "i"),
        "curve_cost": ((None,), "f"),
        "curve_accuracy": ((None,), "f"),
    },
    meta=("curve_probe_size", "curve_probe_rng"),
    same_length=(("snapshot_",), ("curve_",)),
)


class TrainingRecorder:
    """An ``on_step`` hook: parameters at a few steps, cost on a fixed probe set at many."""

    def __init__(self, total_steps: int, probe: Split, sizes: Sizes = FULL):
        # Log-spaced, so the fast early changes get as many snapshots as the slow end.
        steps = np.unique(np.round(np.geomspace(1, total_steps, sizes.snapshots - 1)).astype(int))
        self.snapshot_steps = {0} | {int(s) for s in steps}
        self.curve_every = max(1, total_steps // sizes.curve_points)
        self.x, self.y = probe.inputs, one_hot(probe.labels)
        self.steps, self.params = [], []
        self.curve_steps, self.curve_cost, self.curve_accuracy = [], [], []
        self.seconds = 0.0  # time spent recording, so training time can exclude it

    def __call__(self, step: int, net: Network, lr: float) -> None:
        start = time.perf_counter()
        self._record(step, net)
        self.seconds += time.perf_counter() - start

    def _record(self, step: int, net: Network) -> None:
        if step in self.snapshot_steps:
            self.steps.append(step)
            self.params.append(net.to_vector().astype(np.float32))
        if step % self.curve_every == 0:
            out = net.forward(self.x).output
            self.curve_steps.append(step)
            self.curve_cost.append(float(quadratic_cost(out, self.y).mean()))
            self.curve_accuracy.append(float((out.argmax(1) == self.y.argmax(1)).mean()))

    def arrays(self) -> dict:
        return {
            "snapshot_step": np.array(self.steps, dtype=np.int32),
            # float32 halves the size; every snapshot is a view for animation, not for resuming.
            "snapshot_params": np.array(self.params, dtype=np.float32),
            "curve_step": np.array(self.curve_steps, dtype=np.int32),
            "curve_cost": np.array(self.curve_cost),
            "curve_accuracy": np.array(self.curve_accuracy),
        }


# -- real vs shuffled labels ------------------------------------------------------
LEARNING_CURVES = Part(
    "real vs shuffled labels",
    arrays=lambda sizes: {
        "memorize_index": ((None,), "i"),
        "memorize_label": ((None,), "u"),
        "memorize_shuffled_label": ((None,), "u"),
        "memorize_step": ((None,), "i"),
        "memorize_true_cost": ((None,), "f"),
        "memorize_true_accuracy": ((None,), "f"),
        "memorize_shuffled_cost": ((None,), "f"),
        "memorize_shuffled_accuracy": ((None,), "f"),
    },
    meta=("memorize.size", "memorize.epochs", "memorize.sizes", "memorize.recipe.batch_size"),
    same_length=(("memorize_step", "memorize_true_", "memorize_shuffled_cost", "memorize_shuffled_accuracy"),
                 ("memorize_index", "memorize_label", "memorize_shuffled_label")),
)


def learning_curves(train_set: Split, recipe: Recipe, seed: int, sizes: Sizes = FULL, progress: bool = True,
                    network_sizes=DEFAULT_SIZES, activation: str = "sigmoid") -> dict:
    """The same architecture and images, trained on true labels and on permuted labels."""
    idx, subset = seeded_subset(train_set, sizes.memorize, seeds.stream(seed, "memorize_subset"))
    shuffled_labels = seeds.stream(seed, "memorize_shuffle").permutation(subset.labels)
    # No augmentation or weight decay: the question is how fast each label set can be fitted.
    plain = recipe.with_(name="memorize", epochs=sizes.memorize_epochs, shift_pixels=0, weight_decay=0.0,
                         final_lr_fraction=1.0)
    arrays = {"memorize_index": idx.astype(np.int32), "memorize_label": subset.labels.astype(np.uint8),
              "memorize_shuffled_label": shuffled_labels.astype(np.uint8)}
    for name, labels in (("true", subset.labels), ("shuffled", shuffled_labels)):
        split = Split(subset.images, labels)
        x, y = split.inputs, one_hot(labels)
        log = {"step": [], "cost": [], "accuracy": []}

        def on_step(step, net, lr, x=x, y=y, log=log):
            if step % sizes.memorize_log_every == 0:
                out = net.forward(x).output
                log["step"].append(step)
                log["cost"].append(float(quadratic_cost(out, y).mean()))
                log["accuracy"].append(float((out.argmax(1) == labels).mean()))

        train(split, None, plain, seed=seed, sizes=tuple(network_sizes), activation=activation, progress=progress,
              on_step=on_step)
        arrays["memorize_step"] = np.array(log["step"], dtype=np.int32)
        arrays[f"memorize_{name}_cost"] = np.array(log["cost"])
        arrays[f"memorize_{name}_accuracy"] = np.array(log["accuracy"])
    meta = {"memorize": {"size": len(subset), "epochs": plain.epochs, "sizes": list(network_sizes),
                         "log_every_steps": sizes.memorize_log_every,
                         "recipe": plain.to_dict(), "subset_rng": seeds.record(seed, "memorize_subset"),
                         "shuffle_rng": seeds.record(seed, "memorize_shuffle")}}
    return {"arrays": arrays, "meta": meta}


# -- the cost landscape -------------------------------------------------------------
def principal_directions(snapshots: np.ndarray, centre: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The two directions along which the training path moved most, and the share of its movement
    each holds.

    As Li et al. (2018) do for trajectories: PCA (an SVD) of the snapshots' offsets from the trained
    parameters, so the slice is centred on the trained point and its plane is the one that holds
    the most of the path (the first two directions of the SVD minimise what the plane leaves out).
    Returns (unit directions (2, P), fraction of the offsets' summed squared length along each).
    Each direction's sign is fixed by a rule, so any machine gives the same picture: the start lies
    on the negative side (training moves towards +), or, where the start has no component, the
    largest component of the direction is positive.
    """
    offsets = snapshots.astype(np.float64) - centre
    _, singular, vt = np.linalg.svd(offsets, full_matrices=False)
    directions = vt[:2].copy()
    if len(directions) < 2:  # fewer than two snapshots moved: no plane to slice along
        raise ValueError("the landscape needs at least two snapshots that differ from the trained parameters")
    for k, d in enumerate(directions):
        start = offsets[0] @ d
        sign = -np.sign(start) if abs(start) > 1e-12 * np.linalg.norm(offsets[0]) else np.sign(d[np.argmax(np.abs(d))])
        directions[k] = d * (sign or 1.0)
    total = float((singular ** 2).sum())
    explained = singular[:2] ** 2 / total if total > 0 else np.zeros(2)
    return directions, explained


def slice_axes(path: np.ndarray, points: int, margin: float, min_aspect: float) -> tuple[np.ndarray, np.ndarray]:
    """Grid coordinates along the two directions: the path's extent on each plus ``margin`` of it on
    both sides, one scale for both (the directions are orthonormal, so a square cell is a square in
    parameter space), ``points`` nodes along the longer axis (one more where putting 0, the trained
    point, on a node needs it), and 0 on a node of both.

    A side shorter than ``min_aspect`` of the longer one is widened about the path to that length,
    so a path that hardly moves along one direction still gets a surface, not a strip.
    """
    lo, hi = path.min(axis=0), path.max(axis=0)
    lo, hi = np.minimum(lo, 0.0), np.maximum(hi, 0.0)  # the trained point is the path's last point anyway
    extent = hi - lo
    longest = float(extent.max())
    if longest <= 0:
        raise ValueError("the training path does not move in the slice's plane")
    length = np.maximum(extent * (1 + 2 * margin), min_aspect * longest * (1 + 2 * margin))
    step = float(length.max()) / (points - 1)
    axes = []
    for k in range(2):
        centre = (lo[k] + hi[k]) / 2
        n_below = int(np.ceil((length[k] / 2 - centre) / step - 1e-9))  # nodes from 0 down to the low end
        n_above = int(np.ceil((length[k] / 2 + centre) / step - 1e-9))
        axes.append(np.arange(-n_below, n_above + 1) * step)
    return axes[0], axes[1]


def _landscape_grid_is_on_its_axes(meta: dict, arrays: dict):
    a1, a2, grid = arrays["landscape_axis_1"], arrays["landscape_axis_2"], arrays["landscape_cost"]
    if grid.shape != (len(a1), len(a2)):
        return "npz", f"landscape_cost is {grid.shape}, its axes have {len(a1)} and {len(a2)} points"
    for name, axis in (("landscape_axis_1", a1), ("landscape_axis_2", a2)):
        if len(axis) < 2 or np.any(np.diff(axis) <= 0) or not np.any(axis == 0):
            return "npz", f"{name} is not an increasing axis through 0 (the trained point)"
    path = arrays["landscape_path"]
    if len(path) and ((path.min(axis=0) < (a1[0], a2[0])).any() or (path.max(axis=0) > (a1[-1], a2[-1])).any()):
        return "npz", "landscape_path leaves the slice its axes span"
    return None


def _landscape_path_is_the_snapshots_in_the_principal_plane(meta: dict, arrays: dict):
    """The path and the shares of movement are what PCA of the stored snapshots gives (recomputed,
    a few milliseconds; the centre is the last snapshot, stored as float32, hence the tolerance)."""
    snapshots = arrays["snapshot_params"]
    try:
        directions, explained = principal_directions(snapshots, snapshots[-1].astype(np.float64))
    except ValueError as e:
        return "npz", f"snapshot_params: {e}"
    path = (snapshots.astype(np.float64) - snapshots[-1]) @ directions.T
    land = meta["landscape"]
    scale = max(float(np.abs(path).max()), 1e-12)
    if not np.allclose(arrays["landscape_path"], path, atol=1e-4 * scale, rtol=0):
        return "npz", "landscape_path is not the snapshots projected on their two principal directions"
    if not np.allclose([land["variance_1"], land["variance_2"]], explained, atol=1e-4):
        return "json", "landscape.variance_1/variance_2 are not the principal directions' shares of the path"
    return None


LANDSCAPE = Part(
    "the cost landscape",
    arrays=lambda sizes: {
        "landscape_axis_1": ((None,), "f"),
        "landscape_axis_2": ((None,), "f"),
        "landscape_cost": ((None, None), "f"),
        "landscape_path": ((None, 2), "f"),
        "landscape_path_cost": ((None,), "f"),
        "landscape_index": ((None,), "i"),
    },
    meta=("landscape.subset_size", "landscape.variance_1", "landscape.variance_2", "landscape.centre_cost"),
    same_length=(("snapshot_", "landscape_path"),),  # the path: one point per training snapshot
    checks=(_landscape_grid_is_on_its_axes, _landscape_path_is_the_snapshots_in_the_principal_plane),
)


def average_cost(vector: np.ndarray, sizes, activation: str, x: np.ndarray, y: np.ndarray) -> float:
    net = Network.from_vector(vector, sizes, activation)
    return float(quadratic_cost(net.forward(x).output, y).mean())


def landscape(net: Network, train_set: Split, snapshots: np.ndarray, seed: int, sizes: Sizes = FULL,
              progress: bool = True) -> dict:
    """The average cost on a fixed training subset over theta* + alpha d1 + beta d2, with d1, d2 the
    training path's first two principal directions (unit length, so alpha and beta are distances
    in parameter space), over a slice the whole path fits in with a margin."""
    centre = net.to_vector()
    directions, explained = principal_directions(snapshots, centre)
    offsets = snapshots.astype(np.float64) - centre
    coords = offsets @ directions.T  # (snapshots, 2): orthonormal directions, so this is the projection
    axis_1, axis_2 = slice_axes(coords, sizes.landscape_grid, sizes.landscape_margin, sizes.landscape_min_aspect)
    idx, subset = seeded_subset(train_set, sizes.landscape, seeds.stream(seed, "landscape_subset"))
    x, y = subset.inputs, one_hot(subset.labels)
    grid = np.empty((len(axis_1), len(axis_2)))
    for i, alpha in enumerate(tqdm(axis_1, desc="cost landscape", unit="row", disable=not progress, leave=False)):
        for j, beta in enumerate(axis_2):
            grid[i, j] = average_cost(centre + alpha * directions[0] + beta * directions[1], net.sizes,
                                      net.activation, x, y)
    in_plane = np.linalg.norm(coords, axis=1) / np.maximum(np.linalg.norm(offsets, axis=1), 1e-300)
    path_cost = np.array([average_cost(s.astype(np.float64), net.sizes, net.activation, x, y) for s in snapshots])
    centre_cost = float(grid[np.flatnonzero(axis_1 == 0)[0], np.flatnonzero(axis_2 == 0)[0]])
    arrays = {
        "landscape_axis_1": axis_1,
        "landscape_axis_2": axis_2,
        "landscape_cost": grid,  # [i, j] = cost at alpha = axis_1[i], beta = axis_2[j]
        "landscape_path": coords,  # each snapshot's offset from theta*, projected on the plane
        "landscape_path_cost": path_cost,  # real cost at each snapshot itself
        "landscape_index": idx.astype(np.int32),
    }
    meta = {"landscape": {
        "subset_size": len(subset), "subset_rng": seeds.record(seed, "landscape_subset"),
        "directions": "the first two principal directions (SVD) of the training snapshots' offsets from the "
                      "trained parameters, unit length; signed so the start lies on the negative side",
        "variance_1": float(explained[0]), "variance_2": float(explained[1]),
        "grid": [len(axis_1), len(axis_2)], "margin": sizes.landscape_margin,
        "centre_cost": centre_cost,
        "start_in_plane": float(in_plane[0]),  # share of the start's distance from theta* the plane holds
    }}
    return {"arrays": arrays, "meta": meta}


# -- noise ---------------------------------------------------------------------------
def _noise_output_is_the_networks(meta: dict, arrays: dict):
    layers = len(meta["sizes"]) - 1
    net = Network([arrays[f"W{l}"] for l in range(layers)], [arrays[f"b{l}"] for l in range(layers)],
                  meta["activation"])
    images = arrays["noise_image"]
    out = net.forward(images.reshape(len(images), -1) / 255.0).output
    if not np.allclose(out, arrays["noise_output"], atol=1e-6):
        return "npz", "noise_output is not the network's output for noise_image"
    return None


NOISE = Part(
    "the network's answers to noise",
    arrays=lambda sizes: {"noise_image": ((None, 28, 28), "u"), "noise_output": ((None, sizes[-1]), "f")},
    meta=("noise_rng.seed", "noise_rng.stream"),
    same_length=(("noise_",),),
    checks=(_noise_output_is_the_networks,),
)


def noise_answers(net: Network, seed: int, sizes: Sizes = FULL) -> dict:
    images = seeds.stream(seed, "noise").integers(0, 256, (sizes.noise_images, 28, 28), dtype=np.uint8)
    out = net.forward(images.reshape(len(images), -1) / 255.0).output
    return {"arrays": {"noise_image": images, "noise_output": out}, "meta": {"noise_rng": seeds.record(seed, "noise")}}


# -- samples for the scrolling beats ---------------------------------------------------
SAMPLES = Part(
    "samples for the scrolling beats",
    arrays=lambda sizes: {
        "sample_train_image": ((None, 28, 28), "u"),
        "sample_train_label": ((None,), "u"),
        "sample_train_init_cost": ((None,), "f"),
        "sample_test_image": ((None, 28, 28), "u"),
    },
    same_length=(("sample_train_",),),
)


def samples(initial: Network, train_set: Split, test_set: Split, sizes: Sizes = FULL) -> dict:
    """The first training and test images (for 'training vs test data', the cost cycling
    over examples and the streaming test digits), with the random network's cost on each
    training image."""
    n_train, n_test = min(sizes.samples, len(train_set)), min(sizes.samples, len(test_set))
    train_images = train_set.images[:n_train]
    out = initial.forward(train_images.reshape(n_train, -1) / 255.0).output
    return {"arrays": {
        "sample_train_image": train_images, "sample_train_label": train_set.labels[:n_train].astype(np.uint8),
        "sample_train_init_cost": quadratic_cost(out, one_hot(train_set.labels[:n_train])),
        "sample_test_image": test_set.images[:n_test],
    }, "meta": {}}


# What every experiment above adds to a bundle (netcore.bundle validates against these).
PARTS = (RANDOM_START, TRAINING_RUN, LEARNING_CURVES, LANDSCAPE, NOISE, SAMPLES, backprop_experiment.PART)


def run_all(result, data, recorder: TrainingRecorder, digit_image: np.ndarray, digit_label: int,
            sizes: Sizes = FULL, progress: bool = True, network: Network | None = None) -> tuple[dict, dict]:
    """Every chapter-2 and chapter-3 experiment for a finished training run: (meta, arrays) to merge.

    What describes training (random start, learning curves, the landscape around the run's
    end with its path, chapter 3's snapshot and descent runs) comes from the run ``result``; what
    describes the presented network's answers (noise) from ``network``, which is ``result.network``
    unless it was imported. Measurements that differ between two builds (seconds) go under
    ``meta["measured"]`` (``netcore.bundle.MEASURED``).
    """
    reference_run = network is not None and network is not result.network
    network = network if network is not None else result.network
    recorded = recorder.arrays()
    probe = seeded_subset(data.train, sizes.probe, seeds.stream(result.seed, "curve_probe"))[1]
    chapter3 = backprop_experiment.run(recorded["snapshot_params"], recorded["snapshot_step"], result.initial,
                                       data.train, probe, result.seed, sizes, reference_run=reference_run)
    parts = [
        {"arrays": recorded, "meta": {}},
        random_network_view(result.initial, digit_image, digit_label, data.train),
        learning_curves(data.train, result.recipe, result.seed, sizes, progress, result.network.sizes,
                        result.network.activation),
        landscape(result.network, data.train, recorded["snapshot_params"], result.seed, sizes, progress),
        noise_answers(network, result.seed, sizes),
        samples(result.initial, data.train, data.test, sizes),
        chapter3,
    ]
    meta = {"experiment_sizes": asdict(sizes), "curve_probe_size": len(recorder.y),
            "curve_probe_rng": seeds.record(result.seed, "curve_probe"), "random_streams": seeds.description()}
    arrays, measured = {}, {}
    for part in parts:
        meta.update(part["meta"])
        arrays.update(part["arrays"])
        measured.update(part.get("measured", {}))
    meta["measured"] = measured
    return meta, arrays
