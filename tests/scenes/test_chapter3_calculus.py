"""What chapter 3's second half shows equals what netcore computed, recomputed here where it can be.

Each test renders one beat to its last frame (shared with the other scene suites through
``tests.scene_render.rendered``) and reads back what it drew: the table of nudges, the curves, the
chain-rule factors and the wish summed over the paths out of one neuron.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from manim import MathTex

from netcore import bundle as nb
from netcore.activations import ACTIVATIONS
from netcore.backprop import example_gradient
from netcore.network import flatten
from scenes import chapter3
from scenes.kit.curve_plot import curve_values
from scenes.kit.nudge_table import places, table_layer
from scenes.kit.spoken import figure, written
from scenes.scene_settings import SceneSettings
from tests.scene_render import rendered


@pytest.fixture(scope="module")
def rec():
    return nb.load().backprop


def flat_index(sizes, layer: int, j: int, k: int) -> int:
    """Where w_jk of layer ``layer`` (1 = the first hidden layer's) sits in the flattened parameters,
    found by flattening a one-hot set of weights (not by the scenes' unflatten)."""
    weights = [np.zeros((m, n)) for n, m in zip(sizes[:-1], sizes[1:])]
    biases = [np.zeros(m) for m in sizes[1:]]
    weights[layer - 1][j, k] = 1.0
    return int(np.flatnonzero(flatten(weights, biases))[0])


def test_the_table_shows_each_examples_own_nudges_and_the_training_sets_average(rec):
    scene, _ = rendered(chapter3.OneExampleNotEnough)
    table, layer = scene.table, table_layer(rec.network.sizes)
    assert len(table.header) >= 3 and len(table.weights) >= 3
    for r, (j, k) in enumerate(table.weights):
        for c in range(len(table.header)):
            ex = rec.examples[c]
            # the example's own gradient, computed again from its pixels at the snapshot
            again = example_gradient(rec.network, ex.image, ex.label)
            assert table.values[r][c] == pytest.approx(-again.grad_w[layer][j, k], rel=1e-9, abs=1e-15)
            assert table.cells[r][c].get_tex_string() == written(figure(table.values[r][c], places(table.values[r][c])))
        mean = -rec.mean_gradient[flat_index(rec.network.sizes, layer, j, k)]
        assert scene.means[r] == pytest.approx(mean, rel=1e-12)
        assert scene.average[2][r].get_tex_string() == written(figure(mean, places(mean)))
    # the rows' examples disagree somewhere: that is the beat's point (a real table, not one column copied)
    assert np.ptp(np.asarray(table.values), axis=1).max() > 0


def test_sgd_curves_are_the_bundles_runs(rec):
    scene, _ = rendered(chapter3.StochasticGradientDescent)
    sgd = rec.sgd
    # The whole-set run holds its cost while it reads the whole set, then drops at the step: each step is
    # a flat piece to the next images count and a drop there (never a slope between two steps).
    fx, fc = np.asarray(sgd.full_examples, dtype=float), np.asarray(sgd.full_cost, dtype=float)
    held_x = np.concatenate([[fx[0]], np.repeat(fx[1:], 2)])
    held_c = np.concatenate([[fc[0]], np.column_stack([fc[:-1], fc[1:]]).ravel()])
    by_images = {"minibatch_by_images": (sgd.minibatch_examples, sgd.minibatch_cost),
                 "full_by_images": (held_x, held_c)}
    for name, (examples, cost) in by_images.items():
        axes, curve = scene.curves[name]
        drawn = curve_values(axes, curve)
        np.testing.assert_allclose(drawn[:, 0] * 1000, np.asarray(examples, dtype=float), rtol=1e-6, atol=1e-3)
        np.testing.assert_allclose(drawn[:, 1], cost, rtol=1e-6, atol=1e-9)
    # the caption's count is the thumbnails each box holds on screen, and the run's own batch size
    shown, batch = scene.box_caption
    assert batch == sgd.batch_size
    box = scene.batch_marks[0]
    inside = [t for t in scene.thumbs if abs(t.get_x() - box.get_x()) < box.width / 2
              and abs(t.get_y() - box.get_y()) < box.height / 2]
    assert len(inside) == shown
    # both runs' shared start is marked at x = 0, at the start cost, on both axes
    for ax, mark in zip((scene.curves["full_by_step"][0], scene.curves["full_by_images"][0]), scene.starts):
        np.testing.assert_allclose(ax.p2c(mark.get_center()), [0, sgd.full_cost[0]], atol=1e-6)
    by_step = {"minibatch_by_step": (sgd.minibatch_step, sgd.minibatch_cost), "full_by_step": (sgd.full_step, sgd.full_cost)}
    for name, (step, cost) in by_step.items():  # a log step axis: x = log10(step + 1)
        axes, curve = scene.curves[name]
        drawn = curve_values(axes, curve)
        np.testing.assert_allclose(10 ** drawn[:, 0] - 1, step, rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(drawn[:, 1], cost, rtol=1e-6, atol=1e-9)
    # "the same work" on screen: both runs end having processed the same number of images; a whole-set
    # step is every training image, a mini-batch step at most batch_size of them
    assert sgd.minibatch_examples[-1] == sgd.full_examples[-1]
    np.testing.assert_array_equal(sgd.full_examples, sgd.full_step * rec.train_count)
    assert np.all(np.diff(sgd.minibatch_examples) <= np.diff(sgd.minibatch_step) * sgd.batch_size)
    np.testing.assert_array_equal(sgd.full_examples, sgd.full_step * rec.train_count)


OTHER = nb.load().role("mistakes")[0]  # a curated test digit the network gets wrong


@pytest.mark.parametrize("settings", [SceneSettings(), SceneSettings(digit=f"test:{OTHER.test_index}")],
                         ids=["featured", "another digit"])
def test_the_chain_rules_product_is_the_factors_and_the_finite_difference(rec, settings):
    scene, _ = rendered(chapter3.RealWeight, settings)
    c = scene.chain
    assert c.product == pytest.approx(c.a_prev * c.sigma_prime * c.two_error, rel=1e-12)
    assert c.product == pytest.approx(c.finite_difference, abs=1e-6)
    # each factor recomputed here from the forward pass
    if settings.digit:
        image, wanted = OTHER.image, OTHER.label
        assert c.label == wanted
    else:
        image, wanted = rec.examples[0].image, rec.examples[0].label
        assert (c.j, c.k, c.product) == (rec.chain.j, rec.chain.k, rec.chain.product)
    fwd = rec.network.forward(np.asarray(image, dtype=float).reshape(-1) / 255.0)
    a_out = fwd.activations[-1][c.j]
    assert c.a_prev == pytest.approx(fwd.activations[-2][c.k], rel=1e-12)
    assert c.sigma_prime == pytest.approx(a_out * (1 - a_out), rel=1e-9)
    assert c.two_error == pytest.approx(2 * (a_out - (c.j == wanted)), rel=1e-12)
    shown = [part.tex_string.strip() for m in scene.get_mobject_family_members() if isinstance(m, MathTex)
             for part in m.submobjects if hasattr(part, "tex_string")]
    for value, text in zip((c.a_prev, c.sigma_prime, c.two_error), scene.factor_texts):
        assert text in shown and float(text) == pytest.approx(value, abs=0.51 * 10 ** -len(text.split(".")[1]))
    numbers = [t for t in shown if re.fullmatch(r"-?\d+\.\d+", t)]
    product_text = next(t for t in numbers if float(t) == pytest.approx(c.product, abs=1e-5) and len(t) > 6)
    assert numbers.count(product_text) == 2  # the product and the finite difference, written the same
    # the nudge beside the product is minus the product, rounded as the nudges were shown before
    nudge = -c.product
    shown_nudge = re.search(r"nudge ([+−-]?[\d.]+)", scene.link.original_text).group(1).replace("−", "-")
    assert float(shown_nudge) == pytest.approx(nudge, abs=0.51 * 10 ** -len(shown_nudge.split(".")[1]))
    assert shown_nudge.startswith("+") == (nudge > 0)
    # each factor's gloss is one line, level with its own row, inside the frame (review 2, row E)
    from manim import Text, config
    for formula, gloss in scene.factors:
        assert isinstance(gloss, Text) and abs(gloss.get_y() - formula.get_y()) < 0.05
        assert gloss.get_left()[0] > formula.get_right()[0] and gloss.get_right()[0] < config.frame_width / 2 - 0.4


def test_the_wish_of_one_hidden_neuron_sums_every_path_through_the_output_layer(rec):
    scene, _ = rendered(chapter3.MoreIndices)
    k, wish = scene.wish
    ex, net = rec.examples[0], rec.network
    out = net.forward(np.asarray(ex.image, dtype=float) / 255.0)
    a, z = out.activations[-1], out.zs[-1]
    y = np.eye(net.sizes[-1])[ex.label]
    paths = [net.W[-1][j, k] * ACTIVATIONS["sigmoid"][1](z[j], a[j]) * -2 * (a[j] - y[j]) for j in range(len(a))]
    assert wish == pytest.approx(sum(paths), rel=1e-9)
    # L is the output layer and L - 1 the one before it, numbered as the network's shape has them
    marks = [m.get_tex_string() for m in scene.layer_marks]
    assert marks == [f"L - 1 = {len(net.sizes) - 2}", f"L = {len(net.sizes) - 1}"]
    # the highlight colour is kept for what the voice is on now, not for the layer names
    from scenes.kit.style import theme
    assert all(m.get_color().to_hex().lower() != str(theme().accent).lower() for m in scene.layer_marks)
    # one layer back, k still names a neuron of layer L - 1 (as the diagram labels it), the layer below gets i
    back = scene.back.get_tex_string()
    assert "a^{(L-1)}_k" in back and "a^{(L-2)}_i" in back and "_j" not in back
    # the faint edges under the paths are grey: this frame has no key for blue and orange (review 2, row G)
    faint = [bucket for bucket in scene.diagram.edges[0] if bucket.has_points()]
    assert faint and all(b.get_stroke_color().to_hex().lower() == str(theme().dim_text).lower() for b in faint)


def test_the_whole_algorithms_curve_is_chapter_2s_cost_curve():
    b = nb.load()
    scene, _ = rendered(chapter3.WholeAlgorithm)
    axes, line = scene.curve
    drawn = curve_values(axes, line)
    np.testing.assert_allclose(10 ** drawn[:, 0] - 1, b.arrays["curve_step"], rtol=1e-6, atol=1e-3)
    np.testing.assert_allclose(drawn[:, 1], b.arrays["curve_cost"], rtol=1e-6, atol=1e-9)
    # the run's step count is chapter 2's (the whole run), not the sampled curve's last point
    assert f"{int(b.arrays['snapshot_step'][-1]):,} in all" in scene.run_steps.original_text
    # the cross-entropy note labels the one factor it changes (under it), not the squared-error formula above
    if b.meta.get("training_objective") == "cross_entropy":
        note, factor = scene.objective_note, scene.changed_factor
        assert "cross-entropy" in note.original_text
        assert note.get_top()[1] < factor.get_bottom()[1]
        assert note.get_left()[0] < factor.get_x() < note.get_right()[0]
        # the curve is measured as squared error; its title says the steps minimised another cost (review 2, F)
        assert "cross-entropy" in scene.cost_title[-1].original_text
    assert "squared-error" in scene.cost_title[0].original_text
