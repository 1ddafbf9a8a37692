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
    assert len(e.weight) == len(diagram.drawn[0]) * len(diagram.drawn[1])
    np.testing.assert_array_equal(e.weight, b.network.W[0][diagram.drawn[1][e.dst], diagram.drawn[0][e.src]])


@pytest.mark.parametrize("gap", [0, 1, 2])
def test_edge_colour_is_sign_and_width_grows_with_size(diagram, gap):
    if gap >= len(diagram.edge_layers):
        pytest.skip(f"the bundle's network has {len(diagram.edge_layers)} layers of edges")
    e = diagram.edge_layers[gap]
    widths, sizes = [], []
    for k, w in enumerate(e.weight):
        bucket = diagram.edge_bucket(gap, k)
        expected = ManimColor(style.theme().positive if w >= 0 else style.theme().negative)
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
    bg = np.array(ManimColor(style.theme().background).to_rgb()) * 255
    pos = np.array(ManimColor(style.theme().positive).to_rgb()) * 255
    neg = np.array(ManimColor(style.theme().negative).to_rgb()) * 255
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


# ---------------------------------------------------------------------------- any hidden sizes

ARCHITECTURES = [(784, 30, 10), (784, 100, 10), (784, 16, 16, 16, 10), (784, 16, 16, 10)]


def random_network(sizes):
    from netcore.network import Network

    return Network.random(sizes, rng=np.random.default_rng(sum(sizes)), init="scaled")


def test_drawn_neurons_rule():
    """At most 16 per layer; an elided layer keeps the neurons with the largest outgoing weights, in order."""
    from scenes.kit.network import drawn_neurons

    net = random_network((784, 100, 16, 10))
    drawn = drawn_neurons(net)
    assert [len(d) for d in drawn] == [16, 16, 16, 10]
    np.testing.assert_array_equal(drawn[0], drawn_input_pixels(net.W[0]))
    outgoing = np.linalg.norm(net.W[1], axis=0)  # layer 1's neurons, by the weights leaving them
    assert list(drawn[1]) == sorted(drawn[1]) and outgoing[drawn[1]].min() >= np.sort(outgoing)[-16]
    np.testing.assert_array_equal(drawn[2], np.arange(16))
    # A last layer larger than 16 has no outgoing weights: ranked by its incoming ones.
    wide_out = random_network((784, 10, 20))
    incoming = np.linalg.norm(wide_out.W[-1], axis=1)
    last = drawn_neurons(wide_out)[-1]
    assert len(last) == 16 and incoming[last].min() >= np.sort(incoming)[-16]


@pytest.mark.parametrize("sizes", ARCHITECTURES, ids=lambda s: "-".join(map(str, s)))
def test_any_architecture_draws_the_real_counts_edges_and_fills(sizes):
    net = random_network(sizes)
    d = NetworkDiagram(net)
    drawn = [len(x) for x in d.drawn]
    assert drawn == [min(k, 16) for k in sizes] and [len(layer) for layer in d.layers] == drawn
    for l, k in enumerate(sizes):
        assert d.elided(l) == (k > 16)
        assert (l in d.dots) == (k > 16)
        if 0 < l < len(sizes) - 1 and k > 16:
            # The brace's label is the real count.
            assert [m.text for m in d.counts[l] if hasattr(m, "text")] == [str(k)]
    for gap, e in enumerate(d.edge_layers):
        # Exactly the drawn neurons' real weights, each drawn once, coloured by its sign.
        assert len(e.weight) == drawn[gap] * drawn[gap + 1]
        np.testing.assert_array_equal(e.weight, net.W[gap][d.drawn[gap + 1][e.dst], d.drawn[gap][e.src]])
        assert sum(len(bucket.points) // 4 for bucket in e.buckets.values()) == len(e.weight)
        for k in (0, len(e.weight) - 1):
            expected = ManimColor(style.theme().positive if e.weight[k] >= 0 else style.theme().negative)
            assert d.edge_bucket(gap, k).get_stroke_color().to_hex() == expected.to_hex()
    x = np.random.default_rng(0).random(784)
    acts = net.forward(x).activations
    d.set_activations(acts)
    for l, layer in enumerate(d.layers):
        np.testing.assert_allclose([c.get_fill_opacity() for c in layer], acts[l][d.drawn[l]])
    # Deeper networks keep the default diagram's width; nothing spills out of the frame.
    assert d.width <= 13.5 and d.layers[-1].get_center()[0] - d.layers[0].get_center()[0] <= style.DIAGRAM_WIDTH + 1e-9


def test_position_maps_real_neurons_to_circles():
    d = NetworkDiagram(random_network((784, 100, 10)))
    for i, neuron in enumerate(d.drawn[1]):
        assert d.position(1, int(neuron)) == i
    hidden = set(range(100)) - {int(n) for n in d.drawn[1]}
    assert d.position(1, min(hidden)) is None


def test_the_784_16_16_10_diagram_is_unchanged():
    """A 784-16-16-10 network: every hidden neuron drawn, no braces but the input's, the usual gap."""
    d = NetworkDiagram(random_network((784, 16, 16, 10)))
    assert [len(x) for x in d.drawn] == [16, 16, 16, 10] and list(d.dots) == [0] and not d.counts
    centres = [layer.get_center()[0] for layer in d.layers]
    np.testing.assert_allclose(np.diff(centres), style.LAYER_GAP)


def test_hidden_layer_sentences():
    from scenes.kit import spoken
    from scenes.kit.words import said_hidden

    spoken.forget()
    expected = {(784, 16, 16, 10): "2 hidden layers of 16 neurons each",
                (784, 30, 10): "1 hidden layer of 30 neurons",
                (784, 30, 20, 10): "2 hidden layers, of 30 and 20 neurons"}
    names = []
    for sizes, sentence in expected.items():
        assert said_hidden(sizes) == sentence
        names += [n.name for n in spoken.claim(sentence)]  # what the line saying it would carry
    assert names == ["hidden_layers", "size:1", "hidden_layers", "size:1", "hidden_layers", "size:1", "size:2"]


# ---------------------------------------------------------------------------- shared widgets


def test_incoming_edges_are_one_neurons_real_weights(b, diagram):
    j = int(diagram.drawn[1][3])
    edges = diagram.incoming_edges(0, j)
    e = diagram.edge_layers[0]
    sel = np.flatnonzero(e.dst == diagram.position(1, j))
    assert len(edges) == len(sel) == len(diagram.drawn[0])
    for edge, k in zip(edges, sel):
        assert e.weight[k] == b.network.W[0][j, diagram.drawn[0][e.src[k]]]
        expected = ManimColor(style.theme().positive if e.weight[k] >= 0 else style.theme().negative)
        assert edge.get_stroke_color().to_hex() == expected.to_hex()
        assert edge.get_stroke_width() == pytest.approx(style.edge_width(int(e.level[k])) + 2)


def test_edge_morph_ends_as_the_target_networks_diagram(b):
    """In place: the same bucket mobjects, refilled by the edge rule for the new weights."""
    from scenes.kit.network import EdgeMorph, drawn_neurons

    start, target = b.initial_network, b.network
    d = NetworkDiagram(start, drawn=drawn_neurons(target))
    buckets = [m for gap in d.edges for m in gap]
    followed = []
    anim = EdgeMorph(d, [start, target], follow=lambda t, i, f: followed.append((t, i, f)), run_time=0.1)
    anim.begin()
    anim.interpolate(0.5)  # linear: halfway between the two networks' weights
    np.testing.assert_allclose(d.edge_layers[0].weight,
                               (d.drawn_weights(start, 0) + d.drawn_weights(target, 0)) / 2)
    assert followed[-1] == (0.5, 0, 0.5)
    anim.finish()
    assert followed[-1] == (1.0, 0, 1.0)
    fresh = NetworkDiagram(target, drawn=drawn_neurons(target))
    assert d.network is target and [m for gap in d.edges for m in gap] == buckets
    for gap, (e, f) in enumerate(zip(d.edge_layers, fresh.edge_layers)):
        np.testing.assert_array_equal(e.weight, f.weight)
        np.testing.assert_array_equal(e.level, f.level)
        for key, bucket in e.buckets.items():
            np.testing.assert_allclose(bucket.points, f.buckets[key].points)


def test_output_bars_are_the_outputs():
    from scenes.kit.bars import OutputBars

    outputs = np.array([0.1, 0.0, 0.9, 0.5, 1.0, 0.02, 0.3, 0.0, 0.4, 0.6])
    bars = OutputBars(outputs, length=2.0)
    np.testing.assert_allclose([f.width for f in bars.fills], np.maximum(outputs * 2.0, 0.01))
    assert [v.text for v in bars.values] == [f"{v:.2f}" for v in outputs]
    assert bars.fills[4].get_fill_color().to_hex() == ManimColor(style.theme().accent).to_hex()
    lefts = [t.get_left()[0] for t in bars.tracks]
    assert max(lefts) - min(lefts) < 1e-9
    targets = [np.array([0.0, y, 0.0]) for y in np.linspace(2, -2, 10)]
    from manim import Dot

    bars.level_with([Dot(p) for p in targets])
    np.testing.assert_allclose([t.get_center()[1] for t in bars.tracks], np.linspace(2, -2, 10), atol=1e-9)


def test_verdict():
    from scenes.kit.words import verdict

    assert verdict(3, 3) == "right" and verdict(5, 3) == "wrong" and verdict(5, None) is None


def test_flipbook_shows_each_picture_for_its_share_of_the_time():
    from manim import ValueTracker

    from scenes.kit.flipbook import Flipbook
    from scenes.kit.pixels import image_mobject

    pictures = [image_mobject(np.full((2, 2, 3), v, np.uint8), 1.0) for v in (10, 20, 30)]
    slot, tracker = pictures[0].copy(), ValueTracker(0.0)
    anim = Flipbook(slot, pictures, [1, 1, 2], tracker=tracker, values=[1, 2, 3])
    anim.begin()
    for alpha, page in ((0.1, 0), (0.3, 1), (0.6, 2), (0.99, 2)):
        anim.interpolate(alpha)
        assert (slot.pixel_array == pictures[page].pixel_array).all(), alpha
    anim.interpolate(0.3 + 0.25 * 0.4)  # page 1 (0.25..0.5), its ease over: the tracker is at page 1's value
    assert tracker.get_value() == pytest.approx(2)
    anim.finish()
    assert tracker.get_value() == pytest.approx(3)
