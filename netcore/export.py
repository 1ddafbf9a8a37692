"""Assemble the bundle from a training run: parameters, curated digits, test-set outputs."""

from __future__ import annotations

import platform
from pathlib import Path

import numpy as np

from netcore import bundle, experiments, seeds
from netcore.errors import DataError
from netcore.mnist import Mnist, Split
from netcore.network import DEFAULT_SIZES, Network
from netcore.recipes import Recipe
from netcore.train import TrainResult, evaluate, train

THREES = 6
MISTAKES = 8


def check_data(data: Mnist) -> None:
    """Refuse data a bundle cannot be made from, before any training: the curated roles need a
    test image of every digit, and accuracies need non-empty splits."""
    def where(key: str) -> str:
        name = data.source.get("files", {}).get(key, {}).get("file")
        return f"{data.location}/{name}" if name else data.location

    if not len(data.train):
        raise DataError(f"{where('train_labels')}: the training set is empty")
    missing = sorted(set(range(10)) - {int(v) for v in np.unique(data.test.labels)})
    if missing:
        raise DataError(
            f"{where('test_labels')}: the test set has no image of digit {', '.join(map(str, missing))}; "
            "the bundle needs at least one test image of each digit 0..9"
        )


def curate(net: Network, test_images: np.ndarray, labels: np.ndarray) -> dict[str, list[int]]:
    """Test-set indices by role, chosen by rule so any retrained network gets its own set.

    ``threes``: the first correctly classified 3s; ``each_digit``: the first correctly
    classified image of each digit 0..9; ``mistakes``: the first misclassified images.
    A poorly trained network may get a digit wrong every time: then its first images are used.
    """
    predicted = net.predict(test_images.reshape(len(test_images), -1) / 255.0)
    right = predicted == labels

    def first(digit: int, count: int) -> list[int]:
        of_digit = labels == digit
        ranked = np.concatenate([np.flatnonzero(of_digit & right), np.flatnonzero(of_digit & ~right)])
        return [int(i) for i in ranked[:count]]

    return {
        "threes": first(3, THREES),
        "each_digit": [first(d, 1)[0] for d in range(10)],
        "mistakes": [int(i) for i in np.flatnonzero(~right)[:MISTAKES]],
    }


def featured(roles: dict[str, list[int]], labels: np.ndarray, predicted: np.ndarray) -> tuple[int, str]:
    """The digit the videos follow, and why it is that one.

    The videos walk a real 3 through the network, so: the first curated test 3 the network
    answers right. A network that answers no 3 right (one whose hidden neurons are all alike,
    say) must not be shown "recognising" a 3 it gets wrong: then the first curated test image
    it answers right, of any digit, and the note says so.
    """
    curated = sorted({i for ids in roles.values() for i in ids})
    right = [i for i in curated if predicted[i] == labels[i]]
    right_threes = [i for i in roles["threes"] if i in right]
    if right_threes:
        return right_threes[0], "the first test 3 the network answers right"
    if right:
        return right[0], (f"the network answers no test 3 right, so the first curated test image it answers "
                          f"right (a {int(labels[right[0]])})")
    return roles["threes"][0], "the network answers no curated test image right, so the first test 3 (answered wrong)"


def curated_arrays(net: Network, data: Mnist, roles: dict[str, list[int]]) -> dict[str, np.ndarray]:
    indices = np.array(sorted({i for ids in roles.values() for i in ids}), dtype=np.int32)
    images = data.test.images[indices]
    fwd = net.forward(images.reshape(len(indices), -1) / 255.0)
    arrays = {
        "curated_index": indices,
        "curated_label": data.test.labels[indices].astype(np.uint8),
        "curated_image": images.astype(np.uint8),
    }
    for l, a in enumerate(fwd.activations):
        arrays[f"curated_a{l}"] = a
    for l, z in enumerate(fwd.zs, start=1):
        arrays[f"curated_z{l}"] = z
    return arrays


def parameter_arrays(net: Network, prefix: str = "") -> dict[str, np.ndarray]:
    out = {}
    for l, (w, b) in enumerate(zip(net.W, net.b)):
        out[f"{prefix}W{l}"] = w
        out[f"{prefix}b{l}"] = b
    return out


def build(network: Network, run: TrainResult, data: Mnist, source: dict | None = None
          ) -> tuple[dict, dict[str, np.ndarray]]:
    """Chapter-1 content for ``network`` (the one the videos present).

    ``run`` is the training done here: its random start, recipe, seed and history are what
    the bundle's training fields describe. For ``make train`` ``network`` is ``run.network``;
    for an imported network ``run`` is a reference run of the same sizes and ``source`` says so.
    """
    check_data(data)
    test_eval = evaluate(network, data.test)
    train_eval = evaluate(network, data.train)
    outputs = network.forward(data.test.inputs).output
    roles = curate(network, data.test.images, data.test.labels)
    default_digit, default_note = featured(roles, data.test.labels, outputs.argmax(axis=1))
    arrays = {
        **parameter_arrays(network),
        **parameter_arrays(run.initial, "init_"),
        **curated_arrays(network, data, roles),
        "test_label": data.test.labels.astype(np.uint8),
        "test_prediction": outputs.argmax(axis=1).astype(np.uint8),
        # float32 keeps the file small; predictions above come from the float64 outputs.
        "test_output": outputs.astype(np.float32),
    }
    meta = {
        "source": source or trained_source(run),
        "sizes": list(network.sizes),
        "activation": network.activation,
        "output_activation": "sigmoid",
        "parameter_count": network.parameter_count,
        "recipe": run.recipe.to_dict(),
        "training_objective": run.recipe.objective,
        "cost_shown": "per example sum_i (a_i - y_i)^2 over the 10 outputs, y one-hot; averaged over examples",
        "seed": run.seed,
        "data_source": data.source,
        "test_accuracy": test_eval.accuracy,
        "test_correct": test_eval.correct,
        "test_total": test_eval.total,
        "test_cost": test_eval.cost,
        "train_accuracy": train_eval.accuracy,
        "train_cost": train_eval.cost,
        "history": run.history,
        "curated_roles": roles,
        "default_digit": default_digit,
        "default_digit_note": default_note,
        "environment": {"python": platform.python_version(), "numpy": np.__version__},
    }
    return meta, arrays


def trained_source(run: TrainResult) -> dict:
    return {"kind": "trained",
            "description": f"trained here with netcore's {run.recipe.name} recipe, seed {run.seed}"}


def reference_source(run: TrainResult, data: Mnist) -> dict:
    """What the training fields of an imported network's bundle describe, and why."""
    sizes = "-".join(map(str, run.network.sizes))
    test = evaluate(run.network, data.test)
    return {
        "description": (f"a {sizes} network trained here from a random start with netcore's {run.recipe.name} "
                        f"recipe (seed {run.seed}); an imported file has no training history"),
        "sizes": list(run.network.sizes),
        "test_accuracy": test.accuracy,
        "test_correct": test.correct,
    }


def export(run: TrainResult, data: Mnist, directory: Path | str | None = None,
           recorder: experiments.TrainingRecorder | None = None, sizes: experiments.Sizes = experiments.FULL,
           progress: bool = False, *, network: Network | None = None, source: dict | None = None) -> Path:
    """Chapter-1 content plus every chapter-2 experiment, written as one bundle.

    ``network`` (default ``run.network``) is the network presented; the experiments that
    describe training (random start, snapshots, cost curve, landscape and its path, learning
    curves) come from ``run``, those that describe the network's answers (noise) from ``network``.
    """
    network = network if network is not None else run.network
    meta, arrays = build(network, run, data, source)
    if recorder is None:  # trained without recording: snapshots of its start and its end only
        recorder = experiments.TrainingRecorder(1, probe(data, run.seed, sizes), sizes)
        recorder(0, run.initial, 0.0)
        recorder(1, run.network, 0.0)
    digit = meta["default_digit"]
    extra_meta, extra_arrays = experiments.run_all(
        run, data, recorder, data.test.images[digit], int(data.test.labels[digit]), sizes, progress,
        network=network)
    meta.update(extra_meta)
    arrays.update(extra_arrays)
    return bundle.save(directory if directory is not None else bundle.default_dir(), meta, arrays)


def probe(data: Mnist, seed: int, sizes: experiments.Sizes) -> Split:
    return experiments.seeded_subset(data.train, sizes.probe, seeds.stream(seed, "curve_probe"))[1]


def recorded_run(data: Mnist, recipe: Recipe, *, seed: int = 0, network_sizes=DEFAULT_SIZES,
                 activation: str = "sigmoid", sizes: experiments.Sizes = experiments.FULL,
                 progress: bool = True) -> tuple[TrainResult, experiments.TrainingRecorder]:
    """Train a fresh network with a recorder attached (snapshots and the cost curve)."""
    steps = recipe.epochs * -(-len(data.train) // recipe.batch_size)
    recorder = experiments.TrainingRecorder(steps, probe(data, seed, sizes), sizes)
    result = train(data.train, data.test, recipe, seed=seed, sizes=tuple(network_sizes), activation=activation,
                   progress=progress, on_step=recorder)
    result.seconds -= recorder.seconds  # the training itself, not the measuring along the way
    return result, recorder


def train_and_export(data: Mnist, recipe: Recipe, *, seed: int = 0, activation: str = "sigmoid",
                     directory: Path | str | None = None, sizes: experiments.Sizes = experiments.FULL,
                     progress: bool = True) -> Path:
    """``make train``: train with a recorder attached, run the experiments, write the bundle."""
    check_data(data)
    result, recorder = recorded_run(data, recipe, seed=seed, activation=activation, sizes=sizes, progress=progress)
    return export(result, data, directory, recorder, sizes, progress)


def import_and_export(imported: Network, source: dict, data: Mnist, recipe: Recipe, *, seed: int = 0,
                      directory: Path | str | None = None, sizes: experiments.Sizes = experiments.FULL,
                      progress: bool = True) -> Path:
    """``import``: the bundle of a network trained elsewhere.

    Everything about the network itself (accuracy, curated digits, activations, weights, its
    answers to noise) is computed for ``imported``. What only a training run can give (a random
    start, snapshots, the cost curve, the landscape's path, learning curves) comes from a
    reference run: the same sizes trained here with ``recipe`` and ``seed``; the bundle's
    ``history_source`` says so and the scenes showing those parts say so on screen.
    """
    check_data(data)
    run, recorder = recorded_run(data, recipe, seed=seed, network_sizes=imported.sizes,
                                 activation=imported.activation, sizes=sizes, progress=progress)
    source = {**source, "history_source": reference_source(run, data)}
    return export(run, data, directory, recorder, sizes, progress, network=imported, source=source)
