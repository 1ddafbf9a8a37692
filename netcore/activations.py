"""Squishing functions and their derivatives.

Each entry is ``(f, df)`` where ``df(z, a)`` gets both the input z and the
output a = f(z), so the sigmoid can use a(1 - a) without recomputing exp.
"""

import numpy as np
from scipy.special import expit


def sigmoid(z):
    return expit(z)


def sigmoid_prime(z, a=None):
    a = expit(z) if a is None else a
    return a * (1.0 - a)


def relu(z):
    return np.maximum(z, 0.0)


def relu_prime(z, a=None):
    return (z > 0).astype(np.float64)


ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "relu": (relu, relu_prime),
}
