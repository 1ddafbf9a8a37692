"""Chapter 3's one training example: whose wishes the backprop beats show, and how to name it.

The featured example is the bundle's real training "2" (``bundle.backprop.examples[0]``) at the
backprop snapshot (``bundle.backprop.network``). A ``DIGIT=test:N`` (or a labelled picture)
replaces it: its gradient is computed here, at render time, by netcore's backprop on the same
snapshot's network (scenes never differentiate anything themselves). A picture without a label has
no target, so no wishes: those renders keep the featured training example.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from netcore.backprop import ExampleGradient, example_gradient
from scenes.kit import session
from scenes.kit.data import bundle, chosen_digit


def follows_chosen_digit() -> bool:
    """Whether the beats show the chosen digit (DIGIT/IMAGE with a label, other than the bundle's
    featured test digit) rather than the bundle's featured training example."""
    digit, default = chosen_digit(), bundle().default_digit
    if digit.label is None:
        return False
    return not (digit.test_index == default.test_index and np.array_equal(digit.image, default.image))


@cache
def featured_example() -> ExampleGradient:
    """The example the wishes beats follow (see the module doc)."""
    record = bundle().backprop
    if not follows_chosen_digit():
        return record.examples[0]
    digit = chosen_digit()
    return example_gradient(record.network, digit.image, int(digit.label))


def example_caption(example: ExampleGradient) -> str:
    """"MNIST training image 5, labelled 2" or the chosen digit's own source and label."""
    if follows_chosen_digit():
        digit = chosen_digit()
        return f"{digit.source}, labelled {digit.label}"
    where = f"MNIST training image {example.train_index:,}" if example.train_index is not None else "a training image"
    return f"{where}, labelled {example.label}"


def example_pixels(example: ExampleGradient) -> np.ndarray:
    """The example's 28 x 28 uint8 picture (the network sees pixel / 255)."""
    return np.asarray(example.image, dtype=np.uint8).reshape(28, 28)


session.on_change(featured_example.cache_clear)
