"""Every scene of both chapters speaks, and every number it speaks is the bundle's.

Each number in a line is made with ``scenes.kit.spoken.num`` and carries the name of the
bundle value it is. Here every name is worked out again, independently, from the bundle's
files and netcore's network (not through the kit), and must give the same value; the words
said, read back as a number, must be that value (to the places they give, "13,002" with its
thousands separator, "96.1 percent" for 0.961); and every digit in a line's text must belong to
one of its named numbers. Checked for every chapter of the catalogue with the featured digit,
for another test digit, and for an imported 784-30-10 network.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from netcore import bundle as nb
from netcore.activations import ACTIVATIONS
from netcore.backprop import chain_factors
from netcore.network import unflatten
from scenes.scene_settings import SceneSettings
from tests.scene_render import catalogue_scenes, rendered

SCENES = catalogue_scenes()
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
# A number as said: an optional "minus ", digits grouped in threes, optional decimals, optional " percent"
# or " times ten to the [minus ]N" (a tiny number, spoken.num's scientific form).
SAID = re.compile(r"(minus )?(\d{1,3}(?:,\d{3})*)(\.\d+)?( percent| times ten to the (?:minus )?\d+)?")


def said_value(text: str) -> tuple[float, float]:
    """The value words such as "minus 0.035" or "96.1 percent" say, and half a unit of their last place."""
    match = SAID.fullmatch(text)
    assert match, f"{text!r} is not a number as it is said (e.g. 13,002, 0.97, minus 0.5, 96.1 percent)"
    sign, whole, decimals, suffix = match.groups()
    power = re.fullmatch(r" times ten to the (minus )?(\d+)", suffix or "")
    scale = 0.01 if suffix == " percent" else 10.0 ** ((-1 if power[1] else 1) * int(power[2])) if power else 1.0
    value = float(whole.replace(",", "") + (decimals or "")) * scale * (-1 if sign else 1)
    return value, 0.5 * 10.0 ** -len((decimals or ".")[1:]) * scale


def truth(name: str, b: nb.Bundle, digit) -> float:
    """The value ``name`` names, computed from the bundle directly (the network run again here)."""
    kind, *args = name.split(":")
    net = b.network
    sizes = list(b.meta["sizes"])
    forward = net.forward(digit.image.reshape(-1).astype(np.float64) / 255.0)
    outputs = np.asarray(forward.activations[-1]).reshape(-1)
    if kind == "label":
        return float(digit.label)
    if kind == "prediction":
        return float(np.argmax(outputs))
    if kind == "output":
        return float(outputs[int(args[0])])
    if kind == "activation":
        return float(np.asarray(forward.activations[int(args[0])]).reshape(-1)[int(args[1])])
    if kind == "weighted_sum":  # w · a: no bias, recomputed from the weights and the previous layer
        l, j = int(args[0]), int(args[1])
        before = np.asarray(forward.activations[l - 1]).reshape(-1)
        return float(net.W[l - 1][j] @ before)
    if kind == "cost":
        y = np.zeros(sizes[-1])
        y[digit.label] = 1.0
        return float(((outputs - y) ** 2).sum())
    if kind in ("curated_sum", "curated_unbiased"):  # a curated digit's first hidden layer, the bias left out
        row, j = int(args[0]), int(args[1])
        first = net.forward(b.arrays["curated_image"][row].reshape(-1).astype(np.float64) / 255.0)
        wa = float(np.asarray(first.zs[0]).reshape(-1)[j] - net.b[0][j])
        return wa if kind == "curated_sum" else float(ACTIVATIONS[net.activation][0](wa))
    if kind == "size":
        return float(sizes[int(args[0])])
    if kind == "layers":
        return float(len(sizes))
    if kind == "hidden_layers":
        return float(len(sizes) - 2)
    if kind == "image_side":
        return float(round(sizes[0] ** 0.5))
    weights = sum(a * c for a, c in zip(sizes, sizes[1:]))
    if kind == "weights":
        return float(weights)
    if kind == "biases":
        return float(sum(sizes[1:]))
    if kind == "parameters":
        return float(weights + sum(sizes[1:]))
    if kind in ("train_output", "train_cost"):
        network = b.initial_network if args[0] == "init" else net
        i = int(args[1])
        out = network.forward(b.arrays["sample_train_image"][i].reshape(-1).astype(np.float64) / 255.0).activations[-1]
        if kind == "train_output":
            return float(np.asarray(out).reshape(-1)[int(args[2])])
        return float(((out - np.eye(sizes[-1])[int(b.arrays["sample_train_label"][i])]) ** 2).sum())
    if kind == "example":
        return example_truth(args, b, digit)
    if kind == "backprop_speedup":
        ratio = b.backprop.timing.fd_seconds / b.backprop.timing.backprop_seconds  # said to two significant digits
        return float(round(ratio, 1 - int(np.floor(np.log10(ratio)))))
    if kind == "backprop":  # the record's value at a path: attributes and indices
        value = b.backprop
        for part in re.split(r"[:.]", ":".join(args)):
            value = value[int(part)] if re.fullmatch(r"-?\d+", part) else getattr(value, part)
        return float(value)
    if kind in ("nudge", "mean_nudge"):  # minus a gradient entry: of one example, or the training-set mean
        *which, l, j, k = (int(a) for a in args)
        if kind == "nudge":
            return -float(b.backprop.examples[which[0]].grad_w[l][j, k])
        weights, _ = unflatten(b.backprop.mean_gradient, sizes)
        return -float(weights[l - 1][j, k])
    if kind == "chain":  # the featured digit's factors, recomputed through the record's network
        j, k, field = int(args[0]), int(args[1]), args[2]
        wanted = digit.label if digit.label is not None else int(np.argmax(outputs))
        return float(getattr(chain_factors(b.backprop.network, digit.image, wanted, j, k), field))
    if kind == "meta":
        value = b.meta
        for key in args[0].split("."):
            value = value[int(key)] if isinstance(value, list) else value[key]
        return float(value)
    if kind == "array":
        return float(b.arrays[args[0]][tuple(int(i) for i in args[1:])])
    if kind == "length":
        return float(len(b.arrays[args[0]]))
    raise AssertionError(f"unknown name {name}")


def example_truth(args, b: nb.Bundle, digit) -> float:
    """Chapter 3's example (the featured training example, or ``digit`` when it is another labelled digit)
    through the backprop snapshot's network, differentiated again here by hand (not by netcore.backprop)."""
    record, default = b.backprop, b.default_digit
    if digit.label is None or (digit.test_index == default.test_index and np.array_equal(digit.image, default.image)):
        ex = record.examples[0]
        x, label, train_index = np.asarray(ex.activations[0], dtype=np.float64), ex.label, ex.train_index
    else:
        x, label, train_index = digit.image.reshape(-1).astype(np.float64) / 255.0, digit.label, None
    net = record.network
    fwd = net.forward(x)
    acts, zs = [np.asarray(a).reshape(-1) for a in fwd.activations], [None] + [np.asarray(z).reshape(-1) for z in fwd.zs]
    last = len(acts) - 1
    y = np.eye(len(acts[-1]))[label]
    wish = {last: -2.0 * (acts[-1] - y)}
    nudge_b, slopes = {}, {}
    for l in range(last, 0, -1):
        slope = slopes[l] = ACTIVATIONS["sigmoid" if l == last else net.activation][1](zs[l], acts[l])
        nudge_b[l] = slope * wish[l]
        wish[l - 1] = net.W[l - 1].T @ nudge_b[l]
    field, idx = args[0], [int(i) for i in args[1:]]
    if field == "label":
        return float(label)
    if field == "train_index":
        return float(train_index)
    if field == "cost":
        return float(((acts[-1] - y) ** 2).sum())
    if field == "prediction":
        return float(np.argmax(acts[-1]))
    if field == "rival":
        return float(np.argmax(np.where(np.arange(len(y)) == label, -np.inf, acts[-1])))
    if field == "activation":
        return float(acts[idx[0]][idx[1]])
    if field == "wish":
        return float(wish[idx[0]][idx[1]])
    if field == "slope":
        return float(slopes[idx[0]][idx[1]])
    if field == "nudge_b":
        return float(nudge_b[idx[0]][idx[1]])
    if field == "nudge_w":
        return float(nudge_b[idx[0]][idx[1]] * acts[idx[0] - 1][idx[2]])
    if field == "share":
        return float(net.W[idx[0] - 1][idx[1], idx[2]] * nudge_b[idx[0]][idx[1]])
    raise AssertionError(f"unknown example field {field}")


DIGIT_NAMES = ("label", "prediction", "output", "activation", "weighted_sum", "cost", "example", "chain")


def spoken_lines(settings: SceneSettings, scenes=SCENES) -> dict[str, list]:
    return {cls.__name__: rendered(cls, settings)[0].lines for cls in scenes}


def check(lines_by_scene: dict[str, list], b: nb.Bundle, digit) -> None:
    for scene, lines in lines_by_scene.items():
        assert lines, f"{scene} says nothing"
        for line in lines:
            texts = []
            for name, value, text in line.numbers:
                assert text in line.text, f"{line.id}: {name} ({text}) was made for another line"
                expected = truth(name, b, digit)
                assert value == pytest.approx(expected, rel=1e-6, abs=1e-9), f"{line.id}: {name} = {value}, bundle {expected}"
                said, half_unit = said_value(text)
                assert abs(said - expected) <= half_unit * (1 + 1e-9), (
                    f"{line.id}: says {text!r} for {name} = {expected}")
                texts.append(text)
            bare = line.text
            for text in sorted(texts, key=len, reverse=True):
                bare = bare.replace(text, " ", 1)
            stray = NUMBER.findall(bare)
            assert not stray, f"{line.id}: {stray} in {line.text!r} come from no bundle value"


@pytest.mark.parametrize("scene_cls", SCENES, ids=lambda c: f"{c.__module__.split('.')[-1]}.{c.__name__}")
def test_every_beat_speaks_the_bundles_numbers(scene_cls):
    b = nb.load()
    check(spoken_lines(SceneSettings(), [scene_cls]), b, b.default_digit)


def test_another_digit_changes_what_is_said():
    """A digit the network gets wrong: every beat that speaks of the digit says this one's numbers."""
    b = nb.load()
    other = next(d for d in b.role("mistakes") if d.test_index != b.default_digit.test_index)
    default = spoken_lines(SceneSettings())
    about_digit = [cls for cls in SCENES if any(n[0].split(":")[0] in DIGIT_NAMES
                                                 for line in default[cls.__name__] for n in line.numbers)]
    assert len(about_digit) >= 3
    lines = spoken_lines(SceneSettings(digit=f"test:{other.test_index}"), about_digit)
    check(lines, b, other)
    assert sum([l.text for l in lines[s]] != [l.text for l in default[s]] for s in lines) >= 3


def test_an_imported_network_is_what_is_said(imported_dir):  # noqa: F811
    b = nb.load(imported_dir)
    assert b.sizes == (784, 30, 10)  # the fixture's network, whatever assets/ holds
    check(spoken_lines(SceneSettings(bundle_dir=str(imported_dir))), b, b.default_digit)


def test_said_value_reads_words_back():
    assert said_value("13,002") == (13002, 0.5) and said_value("minus 0.035") == (-0.035, 0.0005)
    assert said_value("96.1 percent") == pytest.approx((0.961, 0.0005))
    assert said_value("3.7 times ten to the minus 5") == pytest.approx((3.7e-5, 0.5e-6))
    for wrong in ("13002", "9612 percent", "0,97", "-0.5"):
        with pytest.raises(AssertionError):
            said_value(wrong)
