"""Which real neuron shows what a bias does: the rule the Bias beat uses, for any network.

A bias only teaches something where it changes the neuron's output. So, over every curated test
digit of the bundle and every neuron of the first hidden layer, the rule takes the one whose squished
value moves most when its bias is added: the largest |f(w · a + b) − f(w · a)|, f the layer's
squishing function. Ties go to the first digit (bundle order), then the lowest neuron.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netcore.activations import ACTIVATIONS
from netcore.network import Network

# The committed network's example must move by at least this much (tests/scenes check it): a smaller
# change would not show on the curve.
MIN_EFFECT = 0.2


@dataclass(frozen=True)
class BiasExample:
    row: int  # row of the bundle's curated arrays (the digit)
    neuron: int  # neuron of the first hidden layer
    weighted_sum: float  # w · a, without the bias
    bias: float  # b
    without: float  # f(w · a)
    with_bias: float  # f(w · a + b), the neuron's real activation

    @property
    def z(self) -> float:
        return self.weighted_sum + self.bias

    @property
    def places(self) -> int:
        """The fewest decimals (two at least) at which the written w · a and b add up to the written z,
        so a viewer can check the sum by hand (0.90 + (−2.15) is not −1.26; 0.895 + (−2.154) is −1.259)."""
        for p in range(2, 7):
            if round(self.weighted_sum * 10**p) + round(self.bias * 10**p) == round(self.z * 10**p):
                return p
        return 6

    @property
    def effect(self) -> float:
        return self.with_bias - self.without


def bias_example(network: Network, inputs: np.ndarray) -> BiasExample:
    """The (digit, neuron) of the first hidden layer where the bias changes the activation most.

    ``inputs``: one row of input activations (0..1) per candidate digit, e.g. the bundle's ``curated_a0``.
    """
    inputs = np.atleast_2d(np.asarray(inputs, dtype=np.float64))
    if inputs.shape[0] == 0:
        raise ValueError("the bias example needs at least one digit")
    squish = ACTIVATIONS[network.activation][0]
    sums = inputs @ network.W[0].T  # (digits, neurons): w · a of every neuron for every digit
    b = network.b[0]
    effect = np.abs(squish(sums + b) - squish(sums))
    row, neuron = np.unravel_index(int(np.argmax(effect)), effect.shape)  # first maximum: row-major order
    wa = float(sums[row, neuron])
    return BiasExample(int(row), int(neuron), wa, float(b[neuron]), float(squish(wa)), float(squish(wa + b[neuron])))
