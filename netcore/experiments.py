"""The measurements chapter 2 shows, computed here so the scenes only read them.

- the random starting network on the featured digit (a real 3, see ``export.featured``):
  its output, cost term by term, its average cost on the training set and its full
  gradient there;
- snapshots of the parameters during training, with a cost curve per step;
- learning curves on the same images with real and with shuffled labels;
- a 2-D slice of the real cost landscape around the trained parameters, along two
  random filter-normalised directions (Li et al., 2018), with the training path
  projected onto it;
- the trained network's answers to uniform noise.

Every random choice here draws from its own named stream of the run's seed (``netcore.seeds``),
recorded in the bundle as ``{"seed", "stream"}``.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import numpy as np
from tqdm import tqdm

from netcore import seeds
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
    landscape_grid: int = 41
    landscape_span: float = 1.0
    noise_images: int = 6
    samples: int = 48  # training and test images kept for the scrolling beats


FULL = Sizes()
# For smoke tests (``train --quick-experiments``): the same code on tiny sizes.
QUICK = Sizes(snapshots=6, curve_points=20, probe=100, memorize=100, memorize_epochs=4, memorize_log_every=2,
              landscape=100, landscape_grid=5, noise_images=2, samples=8)


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
def _landscape_grid_is_square_on_its_axis(meta: dict, arrays: dict):
    axis, grid = arrays["landscape_axis"], arrays["landscape_cost"]
    if grid.shape != (len(axis), len(axis)):
        return "npz", f"landscape_cost is {grid.shape}, its axis has {len(axis)} points"
    return None


LANDSCAPE = Part(
    "the cost landscape",
    arrays=lambda sizes: {
        "landscape_axis": ((None,), "f"),
        "landscape_cost": ((None, None), "f"),
        "landscape_path": ((None, 2), "f"),
        "landscape_path_cost": ((None,), "f"),
        "landscape_index": ((None,), "i"),
    },
    meta=("landscape.subset_size", "landscape.path_fraction_in_plane_max"),
    same_length=(("snapshot_", "landscape_path"),),  # the path: one point per training snapshot
    checks=(_landscape_grid_is_square_on_its_axis,),
)


def filter_normalised_direction(net: Network, rng: np.random.Generator) -> np.ndarray:
    """A random direction in parameter space, each neuron's incoming weights scaled to that
    neuron's weight norm; bias components zero (as Li et al. do for biases)."""
    dW, db = [], []
    for w, b in zip(net.W, net.b):
        d = rng.standard_normal(w.shape)
        d *= np.linalg.norm(w, axis=1, keepdims=True) / np.linalg.norm(d, axis=1, keepdims=True)
        dW.append(d)
        db.append(np.zeros_like(b))
    return flatten(dW, db)


def average_cost(vector: np.ndarray, sizes, activation: str, x: np.ndarray, y: np.ndarray) -> float:
    net = Network.from_vector(vector, sizes, activation)
    return float(quadratic_cost(net.forward(x).output, y).mean())


def landscape(net: Network, train_set: Split, snapshots: np.ndarray, seed: int, sizes: Sizes = FULL,
              progress: bool = True) -> dict:
    """The average cost on a fixed training subset over theta* + alpha d1 + beta d2."""
    rng = seeds.stream(seed, "landscape_directions")
    d1, d2 = filter_normalised_direction(net, rng), filter_normalised_direction(net, rng)
    idx, subset = seeded_subset(train_set, sizes.landscape, seeds.stream(seed, "landscape_subset"))
    x, y = subset.inputs, one_hot(subset.labels)
    centre = net.to_vector()
    axis = np.linspace(-sizes.landscape_span, sizes.landscape_span, sizes.landscape_grid)
    grid = np.empty((len(axis), len(axis)))
    for i, alpha in enumerate(tqdm(axis, desc="cost landscape", unit="row", disable=not progress, leave=False)):
        for j, beta in enumerate(axis):
            grid[i, j] = average_cost(centre + alpha * d1 + beta * d2, net.sizes, net.activation, x, y)
    # The path: each snapshot's offset from theta*, least-squares projected onto the plane.
    basis = np.stack([d1, d2], axis=1)
    offsets = snapshots.astype(np.float64) - centre
    coords, *_ = np.linalg.lstsq(basis, offsets.T, rcond=None)
    captured = np.linalg.norm(basis @ coords, axis=0) / np.maximum(np.linalg.norm(offsets, axis=1), 1e-300)
    path_cost = np.array([average_cost(s.astype(np.float64), net.sizes, net.activation, x, y) for s in snapshots])
    arrays = {
        "landscape_axis": axis,
        "landscape_cost": grid,  # [i, j] = cost at alpha = axis[i], beta = axis[j]
        "landscape_path": coords.T,  # (snapshots, 2)
        "landscape_path_cost": path_cost,  # real cost at each snapshot itself
        "landscape_index": idx.astype(np.int32),
    }
    meta = {"landscape": {
        "subset_size": len(subset), "subset_rng": seeds.record(seed, "landscape_subset"),
        "direction_rng": seeds.record(seed, "landscape_directions"),
        "normalisation": "filter-wise (per neuron's incoming weights), bias directions zero",
        "grid": len(axis), "span": sizes.landscape_span,
        "centre_cost": float(grid[len(axis) // 2, len(axis) // 2]),
        "path_fraction_in_plane_max": float(captured[:-1].max()) if len(captured) > 1 else 0.0,
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
PARTS = (RANDOM_START, TRAINING_RUN, LEARNING_CURVES, LANDSCAPE, NOISE, SAMPLES)


def run_all(result, data, recorder: TrainingRecorder, digit_image: np.ndarray, digit_label: int,
            sizes: Sizes = FULL, progress: bool = True, network: Network | None = None) -> tuple[dict, dict]:
    """Every chapter-2 experiment for a finished training run: (meta, arrays) to merge.

    What describes training (random start, learning curves, the landscape around the run's
    end with its path) comes from the run ``result``; what describes the presented network's
    answers (noise) from ``network``, which is ``result.network`` unless it was imported.
    """
    network = network if network is not None else result.network
    recorded = recorder.arrays()
    parts = [
        {"arrays": recorded, "meta": {}},
        random_network_view(result.initial, digit_image, digit_label, data.train),
        learning_curves(data.train, result.recipe, result.seed, sizes, progress, result.network.sizes,
                        result.network.activation),
        landscape(result.network, data.train, recorded["snapshot_params"], result.seed, sizes, progress),
        noise_answers(network, result.seed, sizes),
        samples(result.initial, data.train, data.test, sizes),
    ]
    meta = {"experiment_sizes": asdict(sizes), "curve_probe_size": len(recorder.y),
            "curve_probe_rng": seeds.record(result.seed, "curve_probe"), "random_streams": seeds.description()}
    arrays = {}
    for part in parts:
        meta.update(part["meta"])
        arrays.update(part["arrays"])
    return meta, arrays
