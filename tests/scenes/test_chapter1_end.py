"""Chapter 1 from the edge detector to the recap: the rules that choose what these beats show, and
that the beats show what the rules chose (last frames only)."""

from __future__ import annotations

import numpy as np
import pytest

from netcore import bundle as nb
from netcore.activations import ACTIVATIONS
from netcore.network import Network
from scenes import chapter1
from scenes.kit import edge_scan, equations
from scenes.kit.bias_example import MIN_EFFECT, bias_example
from tests.scene_render import rendered


def tex_strings(scene) -> list[str]:
    """The TeX of every formula on screen, and of every part of one (an animated part may stand on its own)."""
    return [m.tex_string for top in scene.mobjects for m in top.get_family() if isinstance(getattr(m, "tex_string", None), str)]


# ------------------------------------------------------------------ Bias


def test_the_committed_networks_bias_example_changes_the_activation_by_at_least_0_2():
    """Specific to the committed bundle: the example the Bias beat shows is one where the bias visibly matters."""
    b = nb.load()
    ex = bias_example(b.network, b.arrays["curated_a0"])
    assert abs(ex.with_bias - ex.without) >= MIN_EFFECT == 0.2
    # It is the real neuron: with its bias it has the bundle's own activation and z.
    assert ex.with_bias == pytest.approx(b.arrays["curated_a1"][ex.row, ex.neuron])
    assert ex.z == pytest.approx(b.arrays["curated_z1"][ex.row, ex.neuron])
    assert ex.bias == b.network.b[0][ex.neuron]


def test_the_bias_rule_takes_the_digit_and_neuron_where_the_bias_matters_most():
    """A rule, not an index: move the neuron that matters (or the digit) and the choice follows it."""
    W = np.array([[8.0, 8.0], [0.0, 1.0], [1.0, 1.0]])
    b = np.array([5.0, -1.5, 0.1])  # neuron 0: saturated either way; neuron 1: 0.73 -> 0.38; neuron 2: tiny
    net = Network([W, np.zeros((1, 3))], [b, np.zeros(1)])
    inputs = np.array([[1.0, 0.0], [0.0, 1.0]])  # digit 1 lights neuron 1's input
    ex = bias_example(net, inputs)
    assert (ex.row, ex.neuron) == (1, 1)
    sigma = ACTIVATIONS["sigmoid"][0]
    assert ex.without == pytest.approx(sigma(1.0)) and ex.with_bias == pytest.approx(sigma(-0.5))
    order = [2, 0, 1]  # the same neurons, listed in another order
    moved = bias_example(Network([W[order], np.zeros((1, 3))], [b[order], np.zeros(1)]), inputs[::-1])
    assert (moved.row, moved.neuron) == (0, 2)


def test_the_bias_beat_puts_both_values_on_the_curve_with_their_numbers():
    scene, _ = rendered(chapter1.Bias)
    ex = scene.example
    axes = scene.real_axes_shown
    plain, biased = scene.points
    np.testing.assert_allclose(axes.p2c(plain.get_center()), (ex.weighted_sum, ex.without), atol=1e-3)
    np.testing.assert_allclose(axes.p2c(biased.get_center()), (ex.z, ex.with_bias), atol=1e-3)
    shown = " ".join(tex_strings(scene)).replace("−", "-")
    for value in (ex.weighted_sum, ex.bias, ex.z):
        assert f"{value:.{ex.places}f}" in shown
    # Written as they are, w · a and b add up to z (a viewer checks it by hand).
    scale = 10**ex.places
    assert round(ex.weighted_sum * scale) + round(ex.bias * scale) == round(ex.z * scale)
    for value in (ex.without, ex.with_bias):
        assert f"{value:.2g}" in shown or f"{value:.2f}" in shown


# ------------------------------------------------------------------ EdgeDetector


def test_detector_sums_are_weight_times_pixel_summed_where_it_lies():
    rng = np.random.default_rng(0)
    image = rng.integers(0, 256, (28, 28)).astype(np.uint8)
    weights = edge_scan.bar_detector()
    table = edge_scan.sums(image, weights)
    rows, cols = weights.shape
    assert table.shape == (28 - rows + 1, 28 - cols + 1)
    r, c = 5, 7
    assert table[r, c] == pytest.approx((weights * image[r:r + rows, c:c + cols] / 255.0).sum())


def test_a_horizontal_stroke_matches_on_the_bar_and_not_three_rows_up():
    image = np.zeros((28, 28), np.uint8)
    image[14:17, 6:22] = 255  # a bright horizontal stroke, 3 rows thick
    weights = edge_scan.bar_detector()
    (best_r, _), (worst_r, _) = edge_scan.matching_places(image, weights)
    assert best_r + edge_scan.BAR_ROWS == 14  # the bar (rows 3..5 of the detector) on the stroke
    table = edge_scan.sums(image, weights)
    assert table.max() == pytest.approx(3 * 12) and table.min() < 0


def test_the_edge_detector_beat_ends_on_the_place_with_the_largest_real_sum():
    scene, _ = rendered(chapter1.EdgeDetector)
    digit = nb.load().default_digit
    table = edge_scan.sums(digit.image, edge_scan.bar_detector())
    assert scene.readout_value.get_value() == pytest.approx(table.max(), abs=0.05)
    assert table.max() > 0 > table.min()  # one large, one negative, for the committed digit


# ------------------------------------------------------------------ matrix form


@pytest.mark.parametrize("j, count, rows", [
    (14, 16, (0, None, 14, 15)),
    (1, 16, (0, 1, None, 15)),
    (5, 16, (0, None, 5, None, 15)),
    (2, 3, (0, 1, 2)),
    (1, 3, (0, 1, 2)),
])
def test_rows_shown_skip_nothing_silently(j, count, rows):
    shown = equations.rows_showing(j, count)
    assert shown == rows and j in shown
    real = [r for r in shown if r is not None]
    for a, b in zip(shown, shown[1:]):
        if a is not None and b is not None:
            assert b == a + 1, f"rows {a} and {b} side by side with no ⋮ between"
    assert real == sorted(real)


def test_the_numeric_matrix_form_shows_the_followed_row_and_its_real_steps():
    scene, _ = rendered(chapter1.MatrixFormNumeric)
    b = nb.load()
    digit = b.default_digit
    j = int(np.argmax(digit.activations[1]))
    shown = " ".join(tex_strings(scene))
    assert f"j={j}" in shown
    assert equations.fmt(b.network.W[0][j] @ digit.activations[0]) in shown
    assert equations.fmt(digit.zs[0][j]) in shown
