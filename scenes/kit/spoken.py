"""Numbers as they are said, and what each one names.

Every number a beat speaks goes through ``num``: it is formatted for the ear (``13,002``,
``0.97``, ``96.0 percent``) and remembered with the name of the bundle value it is, so the
tests can check each spoken number against the bundle, for any digit and any network. The
names (``NAMES``) are the whole vocabulary; a number that fits none of them is not from the
network and should not be spoken.
"""

from __future__ import annotations

from dataclasses import dataclass

# name -> what it is. ``<k>`` is an index (output neuron, layer, array position), given after a colon.
NAMES = {
    # the featured digit (DIGIT / IMAGE) and what the trained network makes of it
    "label": "the featured digit's true label (MNIST); a user's picture has none: don't say one",
    "prediction": "the network's answer for the featured digit (index of its largest output)",
    "output:<k>": "output neuron k of the trained network for the featured digit",
    "activation:<l>:<j>": "activation of neuron j in layer l (0 = input pixel values 0..1) for the featured digit",
    "cost": "the featured digit's cost: sum over the outputs of (a_i - y_i)^2, y = one-hot of its label",
    # the network's shape
    "size:<l>": "the number of neurons in layer l (0 = the input pixels, -1 = the outputs)",
    "layers": "the number of layers, input and output included",
    "hidden_layers": "the number of hidden layers",
    "image_side": "pixels along one side of the input picture (the square root of size:0)",
    "parameters": "the number of weights and biases together",
    "weights": "the number of weights",
    "biases": "the number of biases",
    # anything else the bundle holds
    "meta:<dotted.key>": "a number in the bundle's metadata, e.g. meta:test_accuracy, meta:memorize.size",
    "array:<name>:<i>:<j>": "one entry of a bundle array, e.g. array:W0:3:200 (trained weight), "
                            "array:init_gradient:17, array:snapshot_step:-1",
    "length:<name>": "how many entries an array has along its first axis, e.g. length:snapshot_step",
}


@dataclass(frozen=True)
class Number:
    name: str
    value: float
    text: str


_said: list[Number] = []


def num(value, name: str, places: int | None = None, percent: bool = False) -> str:
    """``value`` formatted for speech, remembered as ``name`` (see ``NAMES``) for the next line said.

    Whole numbers get thousands separators; others ``places`` decimals (default: two significant
    digits below 1, two decimals above); a fraction with ``percent=True`` is said as a percentage
    with one decimal, none when it is ".0"."""
    base = name.split(":")[0]
    if not any(n.split(":")[0] == base for n in NAMES):
        raise ValueError(f"{name!r} names no bundle value; see scenes.kit.spoken.NAMES")
    if percent:
        text = f"{100 * float(value):.{1 if places is None else places}f}".removesuffix(".0") + " percent"
    elif places is None and float(value).is_integer():
        text = f"{int(value):,}"
    elif places is None and abs(float(value)) < 1 and "e" not in f"{float(value):.2g}":
        text = f"{float(value):.2g}"  # two significant digits: "0.97", "0.0034"
    else:
        text = f"{float(value):.{2 if places is None else places}f}"
    if text.startswith("-"):  # espeak may read a bare hyphen as a dash
        text = "minus " + text[1:]
    _said.append(Number(name, float(value), text))
    return text


def take() -> list[Number]:
    """The numbers formatted since the last line was said (that line's numbers)."""
    out = list(_said)
    _said.clear()
    return out
