"""Chapter 3's wishes mean what they say: every bar and nudged edge drawn is its bundle value.

Each beat is rendered (last frame, shared with the other scene tests) and the drawings it kept are
compared with the example's gradient worked out again here by hand from the snapshot's weights:
−∂C/∂a of the output layer is −2(a − y); a layer's wishes are Wᵀ(σ′(z) ⊙ wish) of the layer after; an
edge's nudge is −∂C/∂w_jk = a_k · σ′(z_j) · wish_j. Bars: sign = side of the zero line, length = value ×
the column's one scale.
"""

from __future__ import annotations

import numpy as np
import pytest

from netcore import bundle as nb
from netcore.activations import ACTIVATIONS
from scenes.kit.wishes import WishBars
from tests.scene_render import chapter_module, rendered


@pytest.fixture(scope="module")
def by_hand():
    """The featured example's forward pass and wishes at the backprop snapshot, computed here."""
    b = nb.load()
    record = b.backprop
    ex = record.examples[0]
    net = record.network
    fwd = net.forward(np.asarray(ex.image, dtype=np.float64) / 255.0)
    acts = [np.asarray(a).reshape(-1) for a in fwd.activations]
    zs = [None] + [np.asarray(z).reshape(-1) for z in fwd.zs]
    last = len(acts) - 1
    wish = {last: -2.0 * (acts[-1] - np.eye(len(acts[-1]))[ex.label])}
    delta = {}
    for l in range(last, 0, -1):
        slope = ACTIVATIONS["sigmoid" if l == last else net.activation][1](zs[l], acts[l])
        delta[l] = slope * wish[l]  # −∂C/∂z⁽ˡ⁾ = −∂C/∂b⁽ˡ⁾
        wish[l - 1] = net.W[l - 1].T @ delta[l]
    return {"net": net, "ex": ex, "acts": acts, "wish": wish, "delta": delta, "last": last}


def scene(name):
    return rendered(getattr(chapter_module("chapter3"), name))[0]


def assert_bars(bars: WishBars, values):
    values = np.asarray(values, dtype=float)
    np.testing.assert_allclose(bars.values, values, rtol=1e-9, atol=1e-12)
    drawn = bars.signed_lengths()
    assert np.all(np.sign(drawn[np.abs(values) * bars.scale > 2e-3]) == np.sign(values[np.abs(values) * bars.scale > 2e-3]))
    np.testing.assert_allclose(drawn, values * bars.scale, atol=2e-3)


def test_bars_draw_sign_and_size():
    bars = WishBars([[0, 0, 0], [0, -1, 0], [0, -2, 0]], [0.5, -0.25, 0.0], scale=2.0)
    np.testing.assert_allclose(bars.signed_lengths(), [1.0, -0.5, 0.0], atol=2e-3)
    assert bars.bars[0].get_left()[0] == pytest.approx(0.0) and bars.bars[1].get_right()[0] == pytest.approx(0.0)


def test_the_check_sees_a_wrong_bar():
    bars = WishBars([[0, 0, 0], [0, -1, 0]], [0.5, -0.25], scale=2.0)
    bars.bars[1].shift([0.5, 0, 0])  # now right of the zero line: says "raise" for a wish to lower
    with pytest.raises(AssertionError):
        assert_bars(bars, [0.5, -0.25])


def test_output_wishes_are_minus_two_errors(by_hand):
    s = scene("OneExampleWishes")
    assert_bars(s.bars, by_hand["wish"][by_hand["last"]])


def test_third_way_is_in_proportion_to_the_weights(by_hand):
    s = scene("ThreeWaysToRaise")
    L, j = by_hand["last"], by_hand["ex"].label
    drawn = drawn_of(s, L - 1)
    assert_bars(s.bars, by_hand["net"].W[L - 1][j, drawn] * by_hand["delta"][L][j])


def drawn_of(s, l):
    from scenes.kit.data import diagram

    return diagram().drawn[l]


def test_nudged_edges_are_the_examples_weight_gradients(by_hand):
    s = scene("FireTogether")
    L = by_hand["last"]
    d = s.diagram
    e = d.edge_layers[L - 1]
    rows, cols = d.drawn[L][e.dst], d.drawn[L - 1][e.src]
    expected = by_hand["delta"][L][rows] * by_hand["acts"][L - 1][cols]  # −∂C/∂w_jk = a_k · (−∂C/∂z_j)
    np.testing.assert_allclose(s.nudges, expected, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(e.weight, expected, rtol=1e-9, atol=1e-15)  # what the edge rule drew
    # The beat's point: into the wanted neuron, the biggest nudge comes from the brightest neuron before.
    j = by_hand["ex"].label
    into = e.dst == d.position(L, j)
    assert cols[into][np.argmax(expected[into])] == cols[into][np.argmax(by_hand["acts"][L - 1][cols[into]])]


def test_adding_up_gives_the_backward_step(by_hand):
    s = scene("AddingUpWishes")
    L, net, delta, wish = by_hand["last"], by_hand["net"], by_hand["delta"], by_hand["wish"]
    shares = s.share_bars.values
    k = int(np.flatnonzero(np.isclose(net.W[L - 1] .T @ delta[L], shares.sum(), rtol=1e-9))[0])
    assert_bars(s.share_bars, net.W[L - 1][:, k] * delta[L])
    assert shares.sum() == pytest.approx(wish[L - 1][k], rel=1e-9)
    for l, bars in s.layer_bars.items():
        assert_bars(bars, wish[l][drawn_of(s, l)])


def test_each_written_wish_is_minus_two_errors_of_the_written_output():
    """The table obeys its own rule as written: doubling the shown a − y gives the shown wish, to the wish's last
    place (outputs at two significant digits broke it: 0.016 beside −0.033)."""
    for output, wanted, wish in scene("OneExampleWishes").rows:
        half_unit = 0.5 * 10.0 ** -len(wish.split(".")[1])
        assert abs(-2.0 * (float(output) - wanted) - float(wish)) <= half_unit * (1 + 1e-9), (output, wanted, wish)


def test_fire_together_colours_only_the_nudged_edges():
    """Edge colour has one meaning in the frame: the edges that do not carry a nudge are grey, not a weight's sign."""
    from scenes.kit.style import theme
    from manim import ManimColor

    s = scene("FireTogether")
    grey = ManimColor(theme().dim_text).to_hex()
    for gap in range(len(s.weights_diagram.edges) - 1):  # the last gap fades out under the nudged edges
        for bucket in s.weights_diagram.edges[gap]:
            if len(bucket.points):
                assert bucket.get_stroke_color().to_hex() == grey
