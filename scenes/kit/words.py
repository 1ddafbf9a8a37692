"""Words about digits and the network, written from the bundle (never "16" or "a 3" by hand).

The ``said_*`` helpers format one number with ``num`` and name the bundle value it is: the
featured digit's own names ("label", "activation:1:5"), any other test digit's rows of the
bundle's arrays. Call them inside the f-string of the ``say`` that speaks them (``num`` hands
its numbers to the next line said).
"""

from __future__ import annotations

import numpy as np

from netcore.network import parameter_at
from scenes.kit.data import bundle, chosen_digit
from scenes.kit.spoken import num


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def verdict(prediction: int, label: int | None) -> str | None:
    """Whether the network's answer is the label: "right", "wrong", or None for an unlabelled digit."""
    if label is None:
        return None
    return "right" if int(prediction) == int(label) else "wrong"


def article(label: int | None) -> str:
    """"an" before an 8 ("an eight"), "a" before the other digits."""
    return "an" if label == 8 else "a"


def lit(activation: float) -> str:
    """", fully lit" after an activation the voice rounds to 1 (so "1" is not heard as exact)."""
    return ", fully lit" if activation >= 0.995 else ""


def digit_caption(digit) -> str:
    """"MNIST test image 18, labelled 3"."""
    label = f", labelled {digit.label}" if digit.label is not None else ""
    return f"{digit.source}{label}"


def answer_sentence(digit) -> str:
    """"MNIST test image 18, labelled 3: the network answers 3 (correct)". Not "(right)": beside a
    network whose output layer is on the right, that reads as a place."""
    judged = {"right": "correct"}.get(verdict(digit.prediction, digit.label), verdict(digit.prediction, digit.label))
    return f"{digit_caption(digit)}: the network answers {digit.prediction}" + (f" ({judged})" if judged else "")


# ---------------------------------------------------------------- numbers for the voice


def featured(digit) -> bool:
    return digit.test_index == chosen_digit().test_index


def said_label(digit) -> str:
    if featured(digit):
        return num(digit.label, "label")
    return num(digit.label, f"array:test_label:{digit.test_index}")


def said_prediction(digit) -> str:
    if featured(digit):
        return num(digit.prediction, "prediction")
    return num(digit.prediction, f"array:test_prediction:{digit.test_index}")


def said_activation(digit, layer: int, neuron: int) -> str:
    value = digit.activations[layer][neuron]
    if featured(digit):
        return num(value, f"activation:{layer}:{neuron}")
    row = int(np.flatnonzero(bundle().arrays["curated_index"] == digit.test_index)[0])
    return num(value, f"array:curated_a{layer}:{row}:{neuron}")


def a_digit(digit) -> str:
    """"a 3" (its label, spoken), or "your picture" for a user's image without one."""
    return f"{article(digit.label)} {said_label(digit)}" if digit.label is not None else "your picture"


def featured_label() -> str:
    """The bundle's featured test digit's label as said, named by its place in the test set
    (the random-start beats always use that digit, whatever DIGIT= chooses)."""
    b = bundle()
    i = b.default_digit.test_index
    return num(b.arrays["test_label"][i], f"array:test_label:{i}")


def said_hidden(sizes) -> str:
    """"2 hidden layers of 16 neurons each", "1 hidden layer of 30 neurons", "2 hidden layers, of 30 and 20 neurons"."""
    hidden = [int(s) for s in sizes[1:-1]]
    count = num(len(hidden), "hidden_layers")
    noun = "hidden layer" if len(hidden) == 1 else "hidden layers"
    if len(set(hidden)) == 1:
        return f"{count} {noun} of {num(hidden[0], 'size:1')} neurons" + (" each" if len(hidden) > 1 else "")
    each = [num(h, f"size:{l}") for l, h in enumerate(hidden, start=1)]
    return f"{count} {noun}, of " + ", ".join(each[:-1]) + f" and {each[-1]} neurons"


ORDINALS = ["first", "second", "third", "fourth", "fifth"]


def parameter_words(index: int, sizes) -> tuple[str, str]:
    """("weight" or "bias", whose it is in words) for entry ``index`` of the flat parameter vector."""
    p = parameter_at(index, sizes)
    gaps = len(sizes) - 1
    fed = p.gap + 1  # the layer the parameter feeds (1 = the first hidden layer)
    into = "an output neuron" if fed == gaps else f"a neuron of the {ORDINALS[fed - 1]} hidden layer"
    if p.kind == "bias":
        return "bias", f"the bias of {into}"
    source = "a pixel" if fed == 1 else ("a neuron" if fed < gaps or gaps == 1 else "a hidden neuron")
    return "weight", f"a weight from {source} into {into}"
