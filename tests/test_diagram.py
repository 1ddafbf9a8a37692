"""The network diagram draws the bundle's real weights and activations by one rule."""

from __future__ import annotations

import numpy as np
import pytest
from manim.utils.color import ManimColor

from netcore import bundle as nb
from scenes.kit import style
from scenes.kit.network import NetworkDiagram, drawn_input_pixels


@pytest.fixture(scope="module")
def b():
    return nb.load()


@pytest.fixture(scope="module")
def diagram(b):
    return NetworkDiagram(b.network)


def test_drawn_inputs_are_the_most_weighted_pixels(b, diagram):
    W0 = b.network.W[0]
    drawn = diagram.drawn[0]
    assert len(drawn) == 16 and list(drawn) == sorted(drawn) == list(drawn_input_pixels(W0))
    strength = np.linalg.norm(W0, axis=0)
    assert strength[drawn].min() >= np.sort(strength)[-16]


def test_input_edges_are_exactly_the_drawn_pixels_weights(b, diagram):
    e = diagram.edge_layers[0]
    assert len(e.weight) == 16 * 16
    np.testing.assert_array_equal(e.weight, b.network.W[0][e.dst, diagram.drawn[0][e.src]])


@pytest.mark.parametrize("gap", [0, 1, 2])
def test_edge_colour_is_sign_and_width_grows_with_size(diagram, gap):
    e = diagram.edge_layers[gap]
    widths, sizes = [], []
    for k, w in enumerate(e.weight):
        bucket = diagram.edge_bucket(gap, k)
        expected = ManimColor(style.THEME.positive if w >= 0 else style.THEME.negative)
        assert bucket.get_stroke_color().to_hex() == expected.to_hex()
        widths.append(bucket.get_stroke_width())
        sizes.append(abs(w))
    order = np.argsort(sizes)
    assert np.all(np.diff(np.array(widths)[order]) >= 0), "a larger weight got a thinner edge"
    assert max(widths) > min(widths)


def test_every_edge_is_drawn_once_from_its_source_to_its_target(diagram):
    for gap, e in enumerate(diagram.edge_layers):
        starts, ends = diagram.edge_endpoints(gap, e.src, e.dst)
        total = sum(len(bucket.points) // 4 for bucket in e.buckets.values())
        assert total == len(e.weight)
        for k in (0, len(e.weight) // 2, len(e.weight) - 1):
            pts = diagram.edge_bucket(gap, k).points.reshape(-1, 4, 3)
            assert np.any(np.all(np.isclose(pts[:, 0], starts[k]), axis=1) & np.all(np.isclose(pts[:, 3], ends[k]), axis=1))


def test_neuron_fill_is_the_activation(b):
    d = NetworkDiagram(b.network)
    digit = b.default_digit
    d.set_activations(digit.activations)
    for l, layer in enumerate(d.layers):
        np.testing.assert_allclose([c.get_fill_opacity() for c in layer], digit.activations[l][d.drawn[l]])
    assert [t.text for t in d.output_labels] == [str(i) for i in range(10)]
    assert d.brace_label.text == "784"


def test_weight_image_colour_is_sign_and_brightness_is_size():
    w = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0]])
    rgb = style.weight_rgb(w, scale=2.0).astype(int)
    bg = np.array(ManimColor(style.THEME.background).to_rgb()) * 255
    pos = np.array(ManimColor(style.THEME.positive).to_rgb()) * 255
    neg = np.array(ManimColor(style.THEME.negative).to_rgb()) * 255
    np.testing.assert_allclose(rgb[0, 4], pos, atol=1)
    np.testing.assert_allclose(rgb[0, 0], neg, atol=1)
    np.testing.assert_allclose(rgb[0, 2], bg, atol=1)
    assert np.abs(rgb[0, 3] - bg).sum() < np.abs(rgb[0, 4] - bg).sum()


def test_palette_does_not_rely_on_red_green():
    """Positive vs negative differ in blue-yellow, which red-green colour blindness keeps."""
    for theme in style.THEMES.values():
        p, n = (np.array(ManimColor(c).to_rgb()) for c in (theme.positive, theme.negative))
        # Blue minus the red-green average: opposite signs for the two colours.
        assert (p[2] - (p[0] + p[1]) / 2) * (n[2] - (n[0] + n[1]) / 2) < 0
