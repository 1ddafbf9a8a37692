"""Sentences about the network's shape, written from its real layer sizes (never "16" by hand)."""

from __future__ import annotations

from collections.abc import Sequence

NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def count_word(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else f"{n:,}"


def architecture(sizes: Sequence[int]) -> str:
    """``784-16-16-10``."""
    return "-".join(str(int(s)) for s in sizes)


def hidden_layers(sizes: Sequence[int]) -> str:
    """"two hidden layers of 16 neurons", "one hidden layer of 100 neurons",
    "two hidden layers, of 30 and 20 neurons"."""
    hidden = [int(s) for s in sizes[1:-1]]
    count = count_word(len(hidden))
    noun = "hidden layer" if len(hidden) == 1 else "hidden layers"
    if not hidden:
        return f"{count} {noun}"
    if len(set(hidden)) == 1:
        return f"{count} {noun} of {hidden[0]:,} neuron{'s' * (hidden[0] != 1)}"
    listed = ", ".join(f"{h:,}" for h in hidden[:-1]) + f" and {hidden[-1]:,}"
    return f"{count} {noun}, of {listed} neurons"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def verdict(prediction: int, label: int | None) -> str | None:
    """Whether the network's answer is the label: "right", "wrong", or None for an unlabelled digit."""
    if label is None:
        return None
    return "right" if int(prediction) == int(label) else "wrong"


def activation_symbol(activation: str) -> str:
    """How a caption writes a squishing function: "σ" for the sigmoid, "ReLU"."""
    return {"sigmoid": "σ", "relu": "ReLU"}[activation]
