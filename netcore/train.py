"""Mini-batch gradient descent, vectorised over the batch.

One step: forward the whole batch, get the output error for the recipe's
objective, backpropagate once for the batch, step the parameters.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from tqdm import tqdm

from netcore.activations import sigmoid_prime
from netcore.cost import quadratic_cost
from netcore.mnist import Split
from netcore.network import Network, one_hot
from netcore.recipes import Recipe


@dataclass
class Evaluation:
    accuracy: float  # fraction correct
    cost: float  # average quadratic cost, sum_i (a_i - y_i)^2
    correct: int
    total: int


def evaluate(net: Network, split: Split) -> Evaluation:
    out = net.forward(split.inputs).output
    correct = int((out.argmax(axis=1) == split.labels).sum())
    cost = float(quadratic_cost(out, one_hot(split.labels)).mean())
    return Evaluation(correct / len(split), cost, correct, len(split))


@dataclass
class TrainResult:
    network: Network
    initial: Network
    recipe: Recipe
    seed: int
    seconds: float
    history: dict = field(default_factory=dict)  # per epoch: cost, train_accuracy, test_accuracy


def output_error(objective: str, a: np.ndarray, z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dObjective/dz at the output layer, summed (not averaged) over the batch."""
    if objective == "cross_entropy":
        return a - y
    if objective == "half_quadratic":
        return (a - y) * sigmoid_prime(z, a)
    raise ValueError(f"unknown objective {objective!r}")


def shifted(images: np.ndarray, rng: np.random.Generator, max_shift: int) -> np.ndarray:
    """Each image translated by its own random (dy, dx) in [-max_shift, max_shift], zero-filled."""
    n = len(images)
    out = np.zeros_like(images)
    dys = rng.integers(-max_shift, max_shift + 1, n)
    dxs = rng.integers(-max_shift, max_shift + 1, n)
    for dy in range(-max_shift, max_shift + 1):
        for dx in range(-max_shift, max_shift + 1):
            sel = np.flatnonzero((dys == dy) & (dxs == dx))
            if sel.size:
                src = images[sel]
                out[sel] = np.roll(src, (dy, dx), axis=(1, 2))
                if dy > 0:
                    out[sel, :dy] = 0
                elif dy < 0:
                    out[sel, dy:] = 0
                if dx > 0:
                    out[sel, :, :dx] = 0
                elif dx < 0:
                    out[sel, :, dx:] = 0
    return out


def train(
    train_set: Split,
    test_set: Split | None,
    recipe: Recipe,
    *,
    seed: int = 0,
    sizes=(784, 16, 16, 10),
    activation: str = "sigmoid",
    progress: bool = True,
    on_step: Callable[[int, Network, float], None] | None = None,
    keep_history: bool = True,
) -> TrainResult:
    """Train a fresh network.

    ``on_step(step, net, learning_rate)`` is called once with step 0 before training,
    then after every step. ``keep_history=False`` skips the evaluation after each epoch
    (for timing the training alone).
    """
    rng = np.random.default_rng(seed)
    net = Network.random(sizes, activation, rng=rng, init=recipe.init)
    initial = net.copy()
    y_all = one_hot(train_set.labels)
    velocity_W = [np.zeros_like(w) for w in net.W]
    velocity_b = [np.zeros_like(b) for b in net.b]
    history = {"cost": [], "train_accuracy": [], "test_accuracy": []}
    n = len(train_set)
    steps_per_epoch = -(-n // recipe.batch_size)
    total_steps = steps_per_epoch * recipe.epochs
    step = 0
    start = time.perf_counter()
    if on_step is not None:
        on_step(0, net, 0.0)
    bar = tqdm(range(recipe.epochs), desc=f"train ({recipe.name})", unit="epoch", disable=not progress)
    for _epoch in bar:
        if recipe.shift_pixels:
            # uint8, scaled per batch: far cheaper than scaling 24k shifted images every epoch.
            pixels, raw = shifted(train_set.images, rng, recipe.shift_pixels).reshape(n, -1), True
        else:
            pixels, raw = train_set.inputs, False  # already floats in [0, 1], computed once
        order = rng.permutation(n)
        for first in range(0, n, recipe.batch_size):
            idx = order[first : first + recipe.batch_size]
            lr = recipe.learning_rate * (1 - (1 - recipe.final_lr_fraction) * step / max(total_steps - 1, 1))
            x = pixels[idx] / 255.0 if raw else pixels[idx]
            _step(net, x, y_all[idx], recipe, lr, velocity_W, velocity_b)
            step += 1
            if on_step is not None:
                on_step(step, net, float(lr))
        if keep_history:
            record(history, net, train_set, test_set)
            bar.set_postfix(cost=f"{history['cost'][-1]:.4f}", train=f"{history['train_accuracy'][-1]:.2%}",
                            test=f"{history['test_accuracy'][-1]:.2%}" if test_set is not None else "-")
    return TrainResult(net, initial, recipe, seed, time.perf_counter() - start, history)


def _step(net, x, y, recipe: Recipe, lr, velocity_W, velocity_b) -> None:
    fwd = net.forward(x)
    # Backprop is linear in the output error, so scaling it by lr/B scales every gradient:
    # one (B, 10) multiply instead of one per (16, 784) gradient.
    delta = output_error(recipe.objective, fwd.output, fwd.zs[-1], y) * (lr / len(x))
    dW, db = net.backprop(fwd, delta)
    for w, b, gw, gb, vw, vb in zip(net.W, net.b, dW, db, velocity_W, velocity_b):
        if recipe.weight_decay:
            gw += (lr * recipe.weight_decay) * w
        if recipe.momentum:
            vw *= recipe.momentum
            vw -= gw
            vb *= recipe.momentum
            vb -= gb
            w += vw
            b += vb
        else:
            w -= gw
            b -= gb


def record(history: dict, net: Network, train_set: Split, test_set: Split | None) -> None:
    ev = evaluate(net, train_set)
    history["cost"].append(ev.cost)
    history["train_accuracy"].append(ev.accuracy)
    history["test_accuracy"].append(evaluate(net, test_set).accuracy if test_set is not None else float("nan"))
