"""Backpropagation for one example, laid out the way chapter 3 tells it.

The cost of one example is chapter 2's ``C = sum_j (a_j - y_j)^2`` (no 1/2), ``y`` one-hot.
Layers are counted as on screen: ``a⁽⁰⁾`` the input .. ``a⁽ᴸ⁾`` the output, and ``W⁽ˡ⁾`` (that is
``net.W[l - 1]``) carries layer l - 1 into layer l, row j the weights *into* neuron j, so ``w_jk``
is the edge into j from k.

A *wish* is ``-∂C/∂a⁽ˡ⁾``: how much, and which way, the example wants each activation of layer l to
move. The output layer's wish is ``-2(a - y)``; each earlier layer's is the later one's pulled back
through the weights, ``W⁽ˡ⁾ᵀ (σ′(z⁽ˡ⁾) ⊙ wish⁽ˡ⁾)`` (:func:`propagate`).

The gradients come from :meth:`netcore.network.Network.backprop`, the same backward pass training
uses; the wishes follow from its bias gradients (``∂C/∂b⁽ˡ⁾ = ∂C/∂z⁽ˡ⁾`` and ``∂C/∂a⁽ˡ⁻¹⁾ =
W⁽ˡ⁾ᵀ ∂C/∂z⁽ˡ⁾``), so the backward pass is written once; :func:`propagate` is the single step as a
beat shows it, and the tests check the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netcore.activations import ACTIVATIONS
from netcore.cost import quadratic_cost
from netcore.network import Network, flatten, one_hot

FD_STEP = 1e-5  # central difference step: truncation ~h² and rounding ~1e-16/h both far below 1e-6


@dataclass(frozen=True)
class ExampleGradient:
    """One example through the network, forward and backward.

    Every tuple is indexed by layer as on screen (0 the input .. L the output). ``zs[0]``,
    ``grad_w[0]`` and ``grad_b[0]`` are None (the input layer has no weighted sum).
    ``grad_w[l][j, k] = ∂C/∂w_jk`` of ``W⁽ˡ⁾``: the nudge the example asks of that edge is its negative.
    """

    label: int
    image: np.ndarray  # uint8 (784,): the MNIST pixels; the network sees image / 255
    activations: tuple
    zs: tuple
    wishes: tuple  # wishes[l] = -∂C/∂a⁽ˡ⁾
    grad_w: tuple
    grad_b: tuple
    cost: float
    train_index: int | None = None

    @property
    def output(self) -> np.ndarray:
        return self.activations[-1]

    @property
    def flat_gradient(self) -> np.ndarray:
        """The gradient as one vector, in :func:`netcore.network.flatten`'s order (W⁽¹⁾, b⁽¹⁾, W⁽²⁾, ...)."""
        return flatten(list(self.grad_w[1:]), list(self.grad_b[1:]))


@dataclass(frozen=True)
class ChainFactors:
    """``∂C/∂w_jk`` of one output-layer weight as the chain rule's three factors.

    ``∂C/∂w_jk = a_prev · σ′(z_j) · 2(a_j − y_j)``, with ``a_prev = a_k⁽ᴸ⁻¹⁾``; ``finite_difference``
    is ``(C(w + h) − C(w − h)) / 2h`` measured by re-running the network, for comparison.
    """

    j: int
    k: int
    label: int
    weight: float
    a_prev: float
    sigma_prime: float
    two_error: float
    product: float
    finite_difference: float
    h: float


def pixels(image) -> np.ndarray:
    """An MNIST image (28x28 or 784 values, 0..255) as uint8 (784,); anything else is refused."""
    arr = np.asarray(image)
    if arr.size != 784:
        raise ValueError(f"an image has 784 pixels (28x28), got shape {arr.shape}")
    if arr.dtype.kind not in "uif" or not np.all((arr == np.round(arr)) & (arr >= 0) & (arr <= 255)):
        raise ValueError("an image's pixels are whole numbers from 0 to 255 (MNIST's uint8 values)")
    return arr.reshape(784).astype(np.uint8)


def _check_label(net: Network, label) -> int:
    label = int(label)
    if not 0 <= label < net.sizes[-1]:
        raise ValueError(f"label {label} is not one of the network's {net.sizes[-1]} outputs")
    return label


def sigma_prime_of(net: Network, l: int, z: np.ndarray) -> np.ndarray:
    """σ′ of layer l (1..L) at z: the hidden layers' squish, the output layer's sigmoid."""
    f, df = ACTIVATIONS["sigmoid"] if l == len(net.W) else ACTIVATIONS[net.activation]
    return df(z, f(z))


def example_gradient(net: Network, image, label: int, train_index: int | None = None) -> ExampleGradient:
    """Forward and backward pass of one example: activations, wishes and ∂C/∂W, ∂C/∂b of every layer."""
    image = pixels(image)
    label = _check_label(net, label)
    fwd = net.forward((image / 255.0)[None, :])
    a, z = fwd.output, fwd.zs[-1]
    y = one_hot([label], net.sizes[-1])
    # ∂C/∂z of the output layer for C = Σ (a − y)²: the only place the cost enters.
    delta_out = 2.0 * (a - y) * sigma_prime_of(net, len(net.W), z)
    dW, db = net.backprop(fwd, delta_out)
    layers = len(net.W)
    wishes = [None] * (layers + 1)
    wishes[layers] = -2.0 * (a[0] - y[0])
    for l in range(layers, 0, -1):
        # db[l - 1] is ∂C/∂z⁽ˡ⁾ for one example; pulled back through W⁽ˡ⁾ it is ∂C/∂a⁽ˡ⁻¹⁾.
        wishes[l - 1] = -(net.W[l - 1].T @ db[l - 1])
    return ExampleGradient(
        label=label,
        image=image,
        activations=tuple(act[0] for act in fwd.activations),
        zs=(None, *(zl[0] for zl in fwd.zs)),
        wishes=tuple(wishes),
        grad_w=(None, *dW),
        grad_b=(None, *db),
        cost=float(quadratic_cost(a, y)[0]),
        train_index=None if train_index is None else int(train_index),
    )


def propagate(net: Network, l: int, wish_l: np.ndarray, z_l: np.ndarray) -> np.ndarray:
    """One backward step: layer l's wish pulled back to layer l − 1, ``W⁽ˡ⁾ᵀ (σ′(z⁽ˡ⁾) ⊙ wish⁽ˡ⁾)``.

    Each neuron k of layer l − 1 gets the sum over the neurons j it feeds of ``w_jk · σ′(z_j) · wish_j``:
    every later neuron's wish, weighted by how strongly k drives it.
    """
    if not 1 <= l <= len(net.W):
        raise ValueError(f"layer {l} has no weights into it; choose 1..{len(net.W)}")
    return net.W[l - 1].T @ (sigma_prime_of(net, l, np.asarray(z_l, dtype=np.float64)) * np.asarray(wish_l))


def example_cost(net: Network, image, label: int) -> float:
    """C of one example, by a forward pass only."""
    out = net.forward(pixels(image) / 255.0).output
    return float(quadratic_cost(out[None, :], one_hot([_check_label(net, label)], net.sizes[-1]))[0])


def chain_factors(net: Network, image, label: int, j: int, k: int, h: float = FD_STEP) -> ChainFactors:
    """The chain rule for the output layer's weight ``w_jk`` (into output j from neuron k of the layer
    before), with a central finite difference of the same derivative beside it."""
    last = len(net.W)
    if not (0 <= j < net.sizes[-1] and 0 <= k < net.sizes[-2]):
        raise ValueError(f"w_jk needs 0 <= j < {net.sizes[-1]} and 0 <= k < {net.sizes[-2]}, got j={j}, k={k}")
    ex = example_gradient(net, image, label)
    a_prev = float(ex.activations[last - 1][k])
    sigma_prime = float(sigma_prime_of(net, last, ex.zs[last][j]))
    two_error = float(2.0 * (ex.output[j] - (j == ex.label)))
    costs = []
    for sign in (1.0, -1.0):
        nudged = net.copy()
        nudged.W[-1][j, k] += sign * h
        costs.append(example_cost(nudged, ex.image, ex.label))
    return ChainFactors(
        j=int(j), k=int(k), label=ex.label, weight=float(net.W[-1][j, k]),
        a_prev=a_prev, sigma_prime=sigma_prime, two_error=two_error,
        product=a_prev * sigma_prime * two_error,
        finite_difference=(costs[0] - costs[1]) / (2 * h), h=float(h),
    )


# -- what the bundle keeps of chapter 3's measurements (netcore.backprop_experiment computes it) ----------
@dataclass(frozen=True)
class Timing:
    """All P partial derivatives by finite differences (``passes`` = P + 1 forward passes over ``batch``
    images) against one forward and one backward pass over the same batch, measured on ``machine`` when
    the bundle was built. The seconds are a measurement, not a constant: they differ run to run."""

    fd_seconds: float
    backprop_seconds: float
    passes: int
    batch: int
    machine: str
    h: float  # the forward-difference step
    max_difference: float  # largest |finite difference − backprop| over all P entries
    fd_gradient: np.ndarray  # (P,) the batch's gradient by finite differences, flatten order
    backprop_gradient: np.ndarray  # (P,) the same by one backward pass

    @property
    def ratio(self) -> float:
        return self.fd_seconds / self.backprop_seconds


@dataclass(frozen=True)
class SgdRuns:
    """Plain gradient descent on C from the same random start, two ways: ``full`` steps on the average
    gradient of all ``train_count`` training images, ``minibatch`` steps on shuffled batches of
    ``batch_size``, for the same number of examples processed; the cost of both measured on the same
    ``probe_size`` training images. ``*_step``/``*_examples`` say where each cost was measured."""

    batch_size: int
    learning_rate: float
    train_count: int
    probe_size: int
    minibatch_step: np.ndarray
    minibatch_examples: np.ndarray
    minibatch_cost: np.ndarray
    full_step: np.ndarray
    full_examples: np.ndarray
    full_cost: np.ndarray


@dataclass(frozen=True)
class BackpropRecord:
    """Chapter 3's numbers: real training examples through the network at an early training snapshot.

    ``snapshot`` indexes the bundle's training snapshots (``snapshot_params``), ``step`` is its training
    step and ``network`` the network there; ``rule`` says how it was chosen. ``reference_run`` is True
    when the bundle's network was imported: then the snapshot, the random start of ``sgd`` and so every
    number here come from the reference run trained here (``note`` says so, for the screen).
    """

    snapshot: int
    step: int
    network: Network
    rule: str
    probe_accuracy: float  # of the snapshot's network, on the training-curve probe images
    examples: tuple  # ExampleGradient, first the featured "2"
    mean_gradient: np.ndarray  # (P,) average over every training image, flatten order
    train_count: int
    chain: ChainFactors
    timing: Timing
    sgd: SgdRuns
    reference_run: bool
    note: str

    @property
    def featured(self) -> ExampleGradient:
        return self.examples[0]
