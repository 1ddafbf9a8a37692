"""Numbers as they are said, and what each one names.

Every number a beat speaks goes through ``num``: it is formatted for the ear (``13,002``,
``0.97``, ``96.0 percent``) and remembered with the name of the bundle value it is, so the
tests can check each spoken number against the bundle, for any digit and any network. The
names (``NAMES``) are the whole vocabulary; a number that fits none of them is not from the
network and should not be spoken.

Which line a number belongs to: the first line said after it was formatted whose text says it
(its text as a whole word: "3" is not in "13"). So ``num`` may be called anywhere before the line,
in its f-string or in a helper that builds part of it, even before another line is said; a number
formatted but never said belongs to no line. ``Beat.say`` claims them (``claim``).
"""

from __future__ import annotations

import math
import re

from dataclasses import dataclass

# name -> what it is. ``<k>`` is an index (output neuron, layer, array position), given after a colon.
NAMES = {
    # the featured digit (DIGIT / IMAGE) and what the trained network makes of it
    "label": "the featured digit's true label (MNIST); a user's picture has none: don't say one",
    "prediction": "the network's answer for the featured digit (index of its largest output)",
    "output:<k>": "output neuron k of the trained network for the featured digit",
    "activation:<l>:<j>": "activation of neuron j in layer l (0 = input pixel values 0..1) for the featured digit",
    "weighted_sum:<l>:<j>": "w · a of neuron j in layer l for the featured digit: its incoming weights times the "
                            "activations of layer l - 1, summed, without the bias",
    "cost": "the featured digit's cost: sum over the outputs of (a_i - y_i)^2, y = one-hot of its label",
    # one curated digit (row k of the bundle's curated arrays) in the first hidden layer, without the bias
    "curated_sum:<k>:<j>": "w · a, the weighted sum without the bias, of neuron j of the first hidden layer "
                            "for curated digit k (curated_z1[k, j] - b0[j])",
    "curated_unbiased:<k>:<j>": "the squishing function of that w · a: what neuron j's activation would be without its bias",
    # the network's shape
    "size:<l>": "the number of neurons in layer l (0 = the input pixels, -1 = the outputs)",
    "layers": "the number of layers, input and output included",
    "hidden_layers": "the number of hidden layers",
    "image_side": "pixels along one side of the input picture (the square root of size:0)",
    "parameters": "the number of weights and biases together",
    "weights": "the number of weights",
    "biases": "the number of biases",
    # a sample training image (``sample_train_image`` i) through a network netcore's forward pass runs
    # here: ``init`` the random start (init_W*, init_b*) or ``trained``
    "train_output:<net>:<i>:<k>": "output neuron k of network net (init or trained) for sample training image i",
    "train_cost:<net>:<i>": "that image's cost for network net: sum over the outputs of (a_k - y_k)^2, y = one-hot "
                            "of its label",
    # chapter 3: one example's backprop (``scenes.kit.example.featured_example``: the bundle's featured training
    # example at the backprop snapshot, or the chosen digit through that snapshot's network)
    "example:<field>": "the chapter 3 example: label, train_index, prediction (its brightest output), rival (its "
                       "brightest wrong output), cost (sum over the outputs of (a - y)^2); "
                       "activation:<l>:<j>; wish:<l>:<j> = -dC/da_j of layer l; nudge_b:<l>:<j> = -dC/db_j; "
                       "nudge_w:<l>:<j>:<k> = -dC/dw_jk (into neuron j of layer l from neuron k of layer l - 1); "
                       "slope:<l>:<j> = the squish's slope sigma'(z_j) of neuron j of layer l; "
                       "share:<l>:<j>:<k> = w_jk * nudge_b:<l>:<j>, neuron j's part of the wish for neuron k below",
    "backprop_speedup": "the measured finite-difference time over the measured backprop time (bundle.backprop.timing), "
                        "rounded to two significant digits (6,789 is said \"about 6,800\")",
    # chapter 3: the bundle's backprop record (netcore.backprop.BackpropRecord, at its training snapshot)
    "backprop:<path>": "a value of the backprop record by its path, attributes and indices parted by ':' or '.', "
                       "e.g. backprop:step, backprop:chain.product, backprop:sgd.full_cost:-1, "
                       "backprop:examples:0:wishes:2:5",
    "nudge:<i>:<l>:<j>:<k>": "the nudge example i of the record asks of weight w_jk of layer l: -grad_w[l][j, k]",
    "mean_nudge:<l>:<j>:<k>": "the average nudge over the training set for w_jk of layer l: -(mean gradient)",
    "chain:<j>:<k>:<field>": "a chain-rule factor (a_prev, sigma_prime, two_error, product, finite_difference) of "
                             "output weight w_jk for the featured digit through the record's network",
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


_pending: list[Number] = []  # formatted, not yet said (one scene renders per process)


def num(value, name: str, places: int | None = None, percent: bool = False, scientific: bool = False) -> str:
    """``value`` formatted for speech, remembered as ``name`` (see ``NAMES``) for the line that says it.

    Whole numbers get thousands separators; others ``places`` decimals (default: two significant
    digits below 1, two decimals above); a fraction with ``percent=True`` is said as a percentage
    with one decimal, none when it is ".0"; ``scientific=True`` says a tiny one as "3.7 times ten to the
    minus 5" (a speech recogniser heard "0.000037" as "0.0037": a listener cannot count zeros)."""
    base = name.split(":")[0]
    if not any(n.split(":")[0] == base for n in NAMES):
        raise ValueError(f"{name!r} names no bundle value; see scenes.kit.spoken.NAMES")
    text = figure(value, places, percent, scientific)
    if text.startswith("-"):  # espeak may read a bare hyphen as a dash
        text = "minus " + text[1:]
    _pending.append(Number(name, float(value), text))
    return text


def figure(value, places: int | None = None, percent: bool = False, scientific: bool = False) -> str:
    """``value`` rounded as :func:`num` says it, as written ("0.013", "11.16", "-1.90", "96.1 percent",
    "3.7 times ten to the minus 5"): what the screen shows (through :func:`written`) while the voice says it,
    so that both round alike. ``scientific``: two significant digits (``places`` decimals) times a power of ten."""
    if scientific:
        mantissa, exponent = f"{float(value):.{1 if places is None else places}e}".split("e")
        power = int(exponent)
        return f"{mantissa} times ten to the " + (f"minus {-power}" if power < 0 else f"{power}")
    if percent:
        return f"{100 * float(value):.{1 if places is None else places}f}".removesuffix(".0") + " percent"
    if places is None and float(value).is_integer():
        return f"{int(value):,}"
    if places is None and abs(float(value)) < 1:
        if "e" in f"{float(value):.2g}":  # below 0.0001: "0.00" would say a real number is zero
            return figure(value, scientific=True)
        return f"{float(value):.2g}"  # two significant digits: "0.97", "0.0034"
    return f"{float(value):.{2 if places is None else places}f}"


def significant_places(value: float, digits: int = 2, fewest: int = 0) -> int:
    """Decimal places that write ``value`` to ``digits`` significant digits (0.000047, 0.018, 1.75 with
    ``digits=2, fewest=2``), never fewer than ``fewest``; zero gets ``max(fewest, digits - 1)``."""
    value = abs(float(value))
    if value == 0:
        return max(fewest, digits - 1)
    return max(fewest, digits - 1 - math.floor(math.log10(value)))


SCIENTIFIC_BELOW = 0.001  # below this a number is said "3.7 times ten to the minus 5": a listener cannot count zeros


def num_significant(value, name: str, digits: int = 2, fewest: int = 2) -> str:
    """:func:`num` to ``digits`` significant digits, in scientific form when smaller than
    ``SCIENTIFIC_BELOW`` (a recogniser heard 0.000037 as 0.0037 and 0.00030 as 0.0030)."""
    if 0 < abs(float(value)) < SCIENTIFIC_BELOW:
        return num(value, name, places=digits - 1, scientific=True)
    return num(value, name, places=significant_places(value, digits, fewest))


SUPERSCRIPT = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def written(said: str) -> str:
    """A number as :func:`num` or :func:`figure` says it, as the screen writes it: "96 percent" is "96%",
    "3.7 times ten to the minus 5" is "3.7 × 10⁻⁵"."""
    said = re.sub(r" times ten to the (minus )?(\d+)",
                  lambda m: " \u00d7 10" + (("-" if m.group(1) else "") + m.group(2)).translate(SUPERSCRIPT), said)
    return said.replace(" percent", "%")


def tex_written(said: str) -> str:
    """:func:`written` for MathTex: "3.7 \\times 10^{-5}"."""
    return re.sub(r" times ten to the (minus )?(\d+)",
                  lambda m: r" \times 10^{" + ("-" if m.group(1) else "") + m.group(2) + "}", said)


def says(text: str, number: str) -> bool:
    """Whether ``text`` says ``number`` as a whole (not as part of a longer number or word)."""
    return re.search(rf"(?<![\w.,]){re.escape(number)}(?![\w]|[.,]\d)", text) is not None


def claim(text: str) -> list[Number]:
    """The formatted numbers this line's ``text`` says, in the order formatted; they are no longer pending."""
    mine = [n for n in _pending if says(text, n.text)]
    _pending[:] = [n for n in _pending if n not in mine]
    return mine


def forget() -> None:
    """Numbers formatted before a scene starts belong to none of its lines."""
    _pending.clear()
