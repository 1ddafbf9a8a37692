"""The classic per-example trainer, kept as a reference for tests and benchmarks.

This is how the classic book code trains: loop over the examples of a
mini-batch one at a time, backpropagate each as column vectors, add up the
gradients, then step. Same maths as :mod:`netcore.train` with the classic
recipe (same shuffles, same updates), only without vectorising over the batch.
"""

from __future__ import annotations

import numpy as np

from netcore.activations import sigmoid, sigmoid_prime
from netcore.mnist import Split
from netcore.network import Network, one_hot
from netcore.recipes import Recipe


def backprop_one(net: Network, x: np.ndarray, y: np.ndarray):
    """Gradient of 1/2 sum (a - y)^2 for one example; x (n, 1), y (10, 1)."""
    activation, activations, zs = x, [x], []
    for w, b in zip(net.W, net.b):
        z = w @ activation + b[:, None]
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)
    nabla_w = [np.zeros(w.shape) for w in net.W]
    nabla_b = [np.zeros(b.shape) for b in net.b]
    delta = (activations[-1] - y) * sigmoid_prime(zs[-1])
    nabla_b[-1] = delta[:, 0]
    nabla_w[-1] = delta @ activations[-2].T
    for l in range(2, len(net.W) + 1):
        delta = (net.W[-l + 1].T @ delta) * sigmoid_prime(zs[-l])
        nabla_b[-l] = delta[:, 0]
        nabla_w[-l] = delta @ activations[-l - 1].T
    return nabla_w, nabla_b


def train_per_example(train_set: Split, recipe: Recipe, *, seed: int = 0, epochs: int | None = None) -> Network:
    """The classic recipe, one example at a time. Only sigmoid + half_quadratic, constant rate."""
    if recipe.objective != "half_quadratic" or recipe.momentum or recipe.weight_decay or recipe.shift_pixels:
        raise ValueError("the per-example reference implements only the classic recipe")
    rng = np.random.default_rng(seed)
    net = Network.random((784, 16, 16, 10), "sigmoid", rng=rng, init=recipe.init)
    n = len(train_set)
    xs = train_set.images.reshape(n, -1, 1) / 255.0
    ys = one_hot(train_set.labels)[:, :, None]
    for _ in range(recipe.epochs if epochs is None else epochs):
        order = rng.permutation(n)
        for first in range(0, n, recipe.batch_size):
            batch = order[first : first + recipe.batch_size]
            nabla_w = [np.zeros(w.shape) for w in net.W]
            nabla_b = [np.zeros(b.shape) for b in net.b]
            for i in batch:
                dw, db = backprop_one(net, xs[i], ys[i])
                nabla_w = [nw + d for nw, d in zip(nabla_w, dw)]
                nabla_b = [nb + d for nb, d in zip(nabla_b, db)]
            step = recipe.learning_rate / len(batch)
            net.W = [w - step * nw for w, nw in zip(net.W, nabla_w)]
            net.b = [b - step * nb for b, nb in zip(net.b, nabla_b)]
    return net
