"""The cost the videos show: for one example, the sum over the 10 outputs of (a_i - y_i)^2."""

import numpy as np


def quadratic_cost(output: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Per-example cost, shape (B,), for outputs and one-hot targets of shape (B, 10)."""
    return np.sum((output - target) ** 2, axis=-1)


def quadratic_terms(output: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The individual (a_i - y_i)^2 terms, as written out term by term on screen."""
    return (output - target) ** 2
