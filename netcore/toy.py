"""Toy cost functions for the intuition beats of chapter 2, always labelled as toys on screen.

A 1-D curve C(w) with three valleys (to show that where you start decides which
valley you end in) and a 2-D bowl C(x, y) (to show the gradient). Their slopes and
descent paths are computed here, not in the scenes.
"""

from __future__ import annotations

import numpy as np

W_RANGE = (-4.2, 4.2)


def curve(w):
    return 0.008 * np.asarray(w) ** 4 + 0.6 * np.sin(2.5 * np.asarray(w)) - 0.08 * np.asarray(w) + 2.0


def curve_slope(w):
    w = np.asarray(w)
    return 0.032 * w**3 + 1.5 * np.cos(2.5 * w) - 0.08


def descent_path(start: float, rate: float = 0.08, steps: int = 40) -> np.ndarray:
    """w_0 = start, w_{t+1} = w_t - rate * C'(w_t): the steps shrink as the slope flattens."""
    path = [float(start)]
    for _ in range(steps):
        path.append(path[-1] - rate * float(curve_slope(path[-1])))
    return np.array(path)


def surface(x, y):
    x, y = np.asarray(x), np.asarray(y)
    return 0.25 * x**2 + 0.4 * y**2 + 0.3 * np.sin(1.5 * x) * np.cos(y) + 0.5


def surface_gradient(x: float, y: float) -> np.ndarray:
    return np.array([0.5 * x + 0.45 * np.cos(1.5 * x) * np.cos(y), 0.8 * y - 0.3 * np.sin(1.5 * x) * np.sin(y)])
