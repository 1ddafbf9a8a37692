"""The network: layers of neurons, each a squished weighted sum of the layer before.

Conventions shared with the scenes (see DESIGN.md):
- ``W[l]`` has shape (k, n): row j holds the weights *into* neuron j of layer l+1.
- ``b[l]`` has shape (k,).
- A batch is a matrix with one example per row, so a layer is ``a @ W.T + b``.
- Hidden layers use ``activation``; the output layer is always a sigmoid so the
  10 outputs lie in (0, 1) and can be compared with a one-hot target.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netcore.activations import ACTIVATIONS
from netcore.cost import quadratic_cost

DEFAULT_SIZES = (784, 16, 16, 10)


@dataclass
class Forward:
    """Every layer of a forward pass: ``zs[l]`` pre-activations, ``activations[l]`` outputs.

    ``activations[0]`` is the input; ``zs[0]`` belongs to layer 1.
    """

    zs: list[np.ndarray]
    activations: list[np.ndarray]

    @property
    def output(self) -> np.ndarray:
        return self.activations[-1]


class Network:
    """A fully connected feed-forward network with parameters ``W`` and ``b``."""

    def __init__(self, weights: list[np.ndarray], biases: list[np.ndarray], activation: str = "sigmoid"):
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, not {activation!r}")
        if len(weights) != len(biases):
            raise ValueError("one bias vector per weight matrix")
        for l, (w, b) in enumerate(zip(weights, biases)):
            if w.ndim != 2 or b.shape != (w.shape[0],):
                raise ValueError(f"layer {l}: W {w.shape} and b {b.shape} do not fit (k, n) and (k,)")
            if l and w.shape[1] != weights[l - 1].shape[0]:
                raise ValueError(f"layer {l}: W has {w.shape[1]} inputs, previous layer has {weights[l - 1].shape[0]}")
        self.W = [np.asarray(w, dtype=np.float64) for w in weights]
        self.b = [np.asarray(b, dtype=np.float64) for b in biases]
        self.activation = activation
        # (f, f') per layer: hidden layers use ``activation``, the output layer a sigmoid.
        self._acts = [ACTIVATIONS[activation]] * (len(weights) - 1) + [ACTIVATIONS["sigmoid"]]

    @classmethod
    def random(
        cls,
        sizes=DEFAULT_SIZES,
        activation: str = "sigmoid",
        *,
        rng: np.random.Generator,
        init: str = "normal",
    ) -> "Network":
        """Fresh random parameters.

        ``normal``: every weight and bias N(0, 1), the classic recipe.
        ``scaled``: weights N(0, 1/n) (LeCun/Xavier), biases 0, so sums start near 0
        instead of saturating the sigmoid.
        """
        weights, biases = [], []
        for n, k in zip(sizes[:-1], sizes[1:]):
            if init == "normal":
                weights.append(rng.standard_normal((k, n)))
                biases.append(rng.standard_normal(k))
            elif init == "scaled":
                weights.append(rng.standard_normal((k, n)) / np.sqrt(n))
                biases.append(np.zeros(k))
            else:
                raise ValueError(f"unknown init {init!r}")
        return cls(weights, biases, activation)

    @property
    def sizes(self) -> tuple[int, ...]:
        return (self.W[0].shape[1],) + tuple(w.shape[0] for w in self.W)

    @property
    def parameter_count(self) -> int:
        return sum(w.size + b.size for w, b in zip(self.W, self.b))

    def copy(self) -> "Network":
        return Network([w.copy() for w in self.W], [b.copy() for b in self.b], self.activation)

    def forward(self, x: np.ndarray) -> Forward:
        """All layers for a batch ``x`` of shape (B, n) (or one example of shape (n,))."""
        a = np.asarray(x, dtype=np.float64)
        zs, activations = [], [a]
        for w, b, (f, _) in zip(self.W, self.b, self._acts):
            z = a @ w.T
            z += b
            a = f(z)
            zs.append(z)
            activations.append(a)
        return Forward(zs, activations)

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x).output.argmax(axis=-1)

    def backprop(self, fwd: Forward, delta_out: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Gradients of a cost summed over the batch, given dCost/dz of the output layer.

        ``delta_out`` has shape (B, 10). Returns (dW, db) with the shapes of W and b.
        """
        delta = delta_out
        dW, db = [None] * len(self.W), [None] * len(self.W)
        for l in range(len(self.W) - 1, -1, -1):
            dW[l] = delta.T @ fwd.activations[l]
            db[l] = np.add.reduce(delta, axis=0)
            if l:
                delta = (delta @ self.W[l]) * self._acts[l - 1][1](fwd.zs[l - 1], fwd.activations[l])
        return dW, db

    def cost_gradient(self, x: np.ndarray, y: np.ndarray) -> tuple[float, list[np.ndarray], list[np.ndarray]]:
        """The average quadratic cost C over the batch and its exact gradient (dC/dW, dC/db).

        C = mean over examples of sum_i (a_i - y_i)^2, the cost shown on screen.
        """
        fwd = self.forward(x)
        a = fwd.output
        batch = len(a)
        delta = 2.0 * (a - y) * ACTIVATIONS["sigmoid"][1](fwd.zs[-1], a) / batch
        dW, db = self.backprop(fwd, delta)
        return float(quadratic_cost(a, y).mean()), dW, db

    # Flat view: W1 (row-major), b1, W2, b2, W3, b3 as one vector of parameter_count numbers.
    def to_vector(self) -> np.ndarray:
        return flatten(self.W, self.b)

    def set_vector(self, vector: np.ndarray) -> None:
        self.W, self.b = unflatten(vector, self.sizes)

    @classmethod
    def from_vector(cls, vector: np.ndarray, sizes=DEFAULT_SIZES, activation: str = "sigmoid") -> "Network":
        return cls(*unflatten(vector, sizes), activation)


def flatten(weights: list[np.ndarray], biases: list[np.ndarray]) -> np.ndarray:
    """Parameters (or a gradient) as one vector, layer by layer: W then b."""
    return np.concatenate([part.ravel() for w, b in zip(weights, biases) for part in (w, b)])


def unflatten(vector: np.ndarray, sizes) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The inverse of :func:`flatten` for a network of the given layer sizes."""
    vector = np.asarray(vector, dtype=np.float64)
    expected = sum(k * n + k for n, k in zip(sizes[:-1], sizes[1:]))
    if vector.shape != (expected,):
        raise ValueError(f"expected a vector of {expected} numbers for sizes {tuple(sizes)}, got shape {vector.shape}")
    weights, biases, at = [], [], 0
    for n, k in zip(sizes[:-1], sizes[1:]):
        weights.append(vector[at : at + k * n].reshape(k, n).copy())
        at += k * n
        biases.append(vector[at : at + k].copy())
        at += k
    return weights, biases


@dataclass(frozen=True)
class Parameter:
    """Which weight or bias an entry of the flat vector is: ``W[gap][row, col]`` or ``b[gap][row]``
    (``col`` None), with :func:`flatten`'s order."""

    kind: str  # "weight" or "bias"
    gap: int  # l of W[l], b[l]: the parameter feeds layer gap + 1
    row: int  # the neuron of layer gap + 1
    col: int | None = None  # the neuron of layer gap (weights only)


def parameter_at(index: int, sizes) -> Parameter:
    """Where entry ``index`` of a :func:`flatten` vector sits, for a network of these layer sizes."""
    at = index
    for gap, (n, k) in enumerate(zip(sizes[:-1], sizes[1:])):
        if at < k * n:
            row, col = divmod(at, n)
            return Parameter("weight", gap, row, col)
        at -= k * n
        if at < k:
            return Parameter("bias", gap, at)
        at -= k
    raise IndexError(f"parameter {index} is outside a network of sizes {tuple(sizes)}")


def one_hot(labels: np.ndarray, classes: int = 10) -> np.ndarray:
    return np.eye(classes)[np.asarray(labels, dtype=np.intp)]
