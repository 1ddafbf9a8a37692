"""Chapter 3's numbers, as the beats of its second half read them: the bundle's backprop record and
the one example a beat follows.

``featured_example`` is the example whose gradient a beat shows: the chosen digit (``DIGIT`` /
``IMAGE``) through the snapshot's network, computed here with ``netcore.backprop`` at render time
(the contract: the bundle cannot hold every digit a user may pick), else the bundle's first example,
the training "2". A user's picture has no label; its wanted answer is then the network's own
answer, and the beat says so (``Followed.wanted_is_answer``).

Each value a beat says carries its spoken name (see ``scenes.kit.spoken.NAMES``): ``backprop:...``
for what the record holds, ``chain:<j>:<k>:<field>`` for the chosen digit's chain factors.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netcore import backprop
from netcore.network import unflatten
from scenes.kit import session
from scenes.kit.data import bundle, chosen_digit


def record():
    """The bundle's backprop part (``netcore.backprop.BackpropRecord``)."""
    return bundle().backprop


def digit_chosen() -> bool:
    """Whether the render follows a digit the user chose rather than the bundle's examples."""
    settings = session.current()
    return bool(settings.digit or settings.image)


@dataclass(frozen=True)
class Followed:
    """The example a beat follows and how to name its chain factors when they are said."""

    example: object  # netcore.backprop.ExampleGradient
    chain: object  # netcore.backprop.ChainFactors of one output-layer weight
    chosen: bool  # the user's digit (names chain:...) or the bundle's example 0 (names backprop:chain...)
    wanted_is_answer: bool  # a picture without a label: the wanted output is the network's answer
    source: str  # how the screen names it

    def name(self, field: str) -> str:
        """The spoken name of one of its chain factors (``a_prev``, ``sigma_prime``, ``two_error``, ...)."""
        if self.chosen:
            return f"chain:{self.chain.j}:{self.chain.k}:{field}"
        return f"backprop:chain.{field}"


def followed_weight(example) -> tuple[int, int]:
    """The output-layer weight w_jk a chosen digit's chain beat follows: into the output of its wanted
    digit (j), from the hidden neuron whose edge gets the largest nudge (k), a rule that holds for any
    network."""
    j = int(example.label)
    return j, int(np.argmax(np.abs(example.grad_w[-1][j])))


def followed() -> Followed:
    rec = record()
    if not digit_chosen():
        first = rec.examples[0]
        return Followed(first, rec.chain, False, False, f"training image {first.train_index:,}")
    digit = chosen_digit()
    wanted = digit.label if digit.label is not None else digit.prediction
    example = backprop.example_gradient(rec.network, digit.image, wanted)
    j, k = followed_weight(example)
    chain = backprop.chain_factors(rec.network, digit.image, wanted, j, k)
    return Followed(example, chain, True, digit.label is None, digit.source or "your picture")


def mean_weight_gradient(layer: int) -> np.ndarray:
    """The training-set mean gradient of layer ``layer``'s weights (1 = the first hidden layer's),
    of shape (n_l, n_{l-1}) like W."""
    weights, _ = unflatten(record().mean_gradient, record().network.sizes)
    return weights[layer - 1]


def image_pixels(example) -> np.ndarray:
    """An example's 784 pixels (uint8, as MNIST has them) as a 28 x 28 picture."""
    return np.asarray(example.image, dtype=np.uint8).reshape(28, 28)
