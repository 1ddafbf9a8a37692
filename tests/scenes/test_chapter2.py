"""What chapter 2 shows equals what netcore measured."""

from __future__ import annotations

import re

import numpy as np
import pytest
from manim import Axes, MathTex, Matrix, VMobject

from netcore import bundle as nb
from scenes import chapter2
from scenes.kit.equations import fmt, parameter_name
from scenes.kit.style import theme
from tests.scene_render import rendered


@pytest.fixture(scope="module")
def b():
    return nb.load()


def texts(scene) -> list[str]:
    return [m.get_tex_string() for m in scene.get_mobject_family_members() if isinstance(m, MathTex)]


def test_cost_table_adds_up_by_hand_on_a_training_image(b):
    """The cost is shown on a training image (test images never enter learning): each written square is
    the square of the written output, and the written squares add up to the written cost, which is the
    random start's real cost of that image."""
    scene, _ = rendered(chapter2.CostOfOneExample)
    i = chapter2.training_example(b)
    x = b.arrays["sample_train_image"][i].reshape(-1) / 255.0
    outputs = b.initial_network.forward(x).output
    label = int(b.arrays["sample_train_label"][i])
    tex = texts(scene)
    # The table's rows, top to bottom, each read left to right: output, wanted, square.
    cells = [m for m in scene.get_mobject_family_members()
             if isinstance(m, MathTex) and re.fullmatch(r"[-\d.]+", m.get_tex_string())]
    cells.sort(key=lambda m: (-round(m.get_y(), 2), m.get_x()))
    rows = [[m.get_tex_string() for m in cells[3 * k : 3 * k + 3]] for k in range(len(outputs))]
    assert len(cells) == 3 * len(outputs)
    places = len(rows[0][0].split(".")[1])
    assert places >= 3
    for k, (a, y, t) in enumerate(rows):
        assert a == f"{outputs[k]:.{places}f}"
        assert y == ("1" if k == label else "0")
        assert round((float(a) - float(y)) ** 2, places) == pytest.approx(float(t), abs=1e-12)
    # Two costs are written: the table's total under its squares, and the trained network's to its right.
    costs = sorted((m for m in scene.get_mobject_family_members()
                    if isinstance(m, MathTex) and m.get_tex_string().startswith(r"\text{cost} =")), key=lambda m: m.get_x())
    assert len(costs) == 2
    total = costs[0].get_tex_string()
    written = sum(round(float(t) * 10**places) for _, _, t in rows)
    assert total.endswith(f"{written / 10**places:.{places}f}")
    assert float(total.split("=")[1]) == pytest.approx(b.arrays["sample_train_init_cost"][i], abs=0.5 * 10**-places)


def test_average_cost_is_the_random_network_training_cost(b):
    scene, _ = rendered(chapter2.AverageCost)
    assert any(t.endswith(f"= {b.meta['init_train_cost']:.2f}") and r"\sum" in t for t in texts(scene))


def test_gradient_vector_shows_real_parameters_and_gradient(b):
    scene, _ = rendered(chapter2.GradientVector)
    theta, grad = b.initial_network.to_vector(), b.arrays["init_gradient"]
    columns = sorted((m for m in scene.get_mobject_family_members() if isinstance(m, Matrix)), key=lambda m: m.get_x())
    assert len(columns) == 2
    biggest, rise = chapter2.GradientVector.picks(grad)
    assert abs(grad[biggest]) == np.abs(grad).max() and -grad[rise] > 0  # the largest, and a knob to turn up
    shown = chapter2.GradientVector.rows_shown(len(theta), (biggest, rise))
    assert biggest in shown and rise in shown
    for column, values in zip(columns, (theta, -grad)):
        written = [e.get_tex_string() for e in column.get_entries()]
        assert written == [r"\vdots" if i is None else fmt(values[i], 3) for i in shown]
    # Rows skipped between the written ones are marked (no jump from w_{0,1} to the biggest without a ⋮).
    assert all((j is None) or (i is None) or j == i + 1 for i, j in zip(shown, shown[1:]))
    assert parameter_name(biggest, b.sizes) in texts(scene)
    assert r"\theta" in texts(scene) and r"\vec{W}" not in " ".join(texts(scene))  # W is chapter 1's matrix


def test_parameter_names_follow_the_flat_order(b):
    sizes = b.sizes
    total, last = b.network.parameter_count, len(sizes) - 1
    assert parameter_name(0, sizes) == "w^{(1)}_{0,0}"
    assert parameter_name(sizes[0] + 1, sizes) == "w^{(1)}_{1,1}"
    assert parameter_name(sizes[1] * sizes[0], sizes) == "b^{(1)}_{0}"
    assert parameter_name(total - 1, sizes) == f"b^{{({last})}}_{{{sizes[-1] - 1}}}"
    with pytest.raises(IndexError):
        parameter_name(total, sizes)
    assert parameter_name(785, (784, 16, 16, 10)) == "w^{(1)}_{1,1}"
    assert parameter_name(13_001, (784, 16, 16, 10)) == "b^{(3)}_{9}"


def test_parameter_words_name_the_layers_a_parameter_joins():
    from scenes.kit.words import parameter_words

    sizes = (784, 16, 16, 10)
    assert parameter_words(0, sizes) == ("weight", "a weight from a pixel into a neuron of the first hidden layer")
    assert parameter_words(784 * 16, sizes) == ("bias", "the bias of a neuron of the first hidden layer")
    assert parameter_words(784 * 16 + 16, sizes) == ("weight", "a weight from a neuron into a neuron of the second hidden layer")
    assert parameter_words(13_001, sizes) == ("bias", "the bias of an output neuron")
    assert parameter_words(13_001 - 10, sizes) == ("weight", "a weight from a hidden neuron into an output neuron")
    assert parameter_words(784 * 30, (784, 30, 10)) == ("bias", "the bias of a neuron of the first hidden layer")
    assert parameter_words(784 * 30 + 30, (784, 30, 10)) == ("weight", "a weight from a hidden neuron into an output neuron")


def test_cost_curve_plotted_is_the_exported_one(b):
    scene, _ = rendered(chapter2.GradientDescent)
    (axes,) = [m for m in scene.mobjects if isinstance(m, Axes)]
    pieces = [m for m in scene.mobjects if isinstance(m, VMobject) and not isinstance(m, Axes)
              and m.get_stroke_color().to_hex() == theme().accent.upper() and len(m.points) >= 4]
    anchors = np.concatenate([p.points[::4] for p in pieces] + [pieces[-1].points[-1:]])
    plotted = np.array([axes.p2c(p) for p in anchors])
    expected = np.column_stack([np.log10(b.arrays["curve_step"] + 1.0), b.arrays["curve_cost"]])
    assert len(np.unique(plotted.round(6), axis=0)) == len(expected)
    np.testing.assert_allclose(np.unique(plotted, axis=0), np.unique(expected, axis=0), atol=1e-6)


def test_landscape_path_is_the_exported_path(b):
    scene, _ = rendered(chapter2.RealLandscape)
    axes = scene.view.axes
    coords, costs = b.arrays["landscape_path"], b.arrays["landscape_path_cost"]
    path = [m for m in scene.get_mobject_family_members()
            if type(m) is VMobject and m.get_stroke_color().to_hex() == theme().accent.upper()]
    assert path
    corners = np.concatenate([path[0].points[::4], path[0].points[-1:]])  # each segment's start, and the end
    back = np.array([axes.p2c(p) for p in corners])
    assert len(back) == len(coords)
    np.testing.assert_allclose(back[:, :2], coords, atol=1e-6)
    np.testing.assert_allclose(back[:, 2], costs, atol=1e-6)  # every real cost, none cut off


def test_landscape_surface_is_the_exported_grid(b):
    """Where the drawn surface passes over a measured node, its height is that node's cost."""
    scene, _ = rendered(chapter2.RealLandscape)
    view = scene.view
    a1, a2, grid = b.arrays["landscape_axis_1"], b.arrays["landscape_axis_2"], b.arrays["landscape_cost"]
    for i, j in ((0, 0), (len(a1) - 1, len(a2) - 1), (np.flatnonzero(a1 == 0)[0], np.flatnonzero(a2 == 0)[0])):
        assert view.axes.p2c(view.axes.c2p(a1[i], a2[j], view.height(a1[i], a2[j])))[2] == pytest.approx(grid[i, j])
    corners = np.array([view.axes.p2c(p) for face in view.surface for p in face.points])
    slack = 0.01 * np.ptp(grid)  # drawing round-off (p2c of projected points), far below a visible step
    assert corners[:, 2].max() <= grid.max() + slack and corners[:, 2].min() >= grid.min() - slack


def test_landscape_numbers_on_screen_are_the_bundles(b):
    """The axis shares and the two costs written on screen, as the bundle has them (and as said)."""
    from manim import Text

    scene, _ = rendered(chapter2.RealLandscape)
    shown = " | ".join(m.text for m in scene.get_mobject_family_members() if isinstance(m, Text))
    from scenes.kit import spoken

    land = b.meta["landscape"]
    said = [spoken.num(land[f"variance_{k}"], f"meta:landscape.variance_{k}", percent=True) for k in (1, 2)]
    start = spoken.num(b.arrays["landscape_path_cost"][0], "array:landscape_path_cost:0")
    trained = spoken.num(land["centre_cost"], "meta:landscape.centre_cost")
    spoken.forget()
    shown = shown.replace(" ", "")
    share = [s.replace(" percent", "%") for s in said]
    assert f"direction1|{share[0]}ofthepath'smovement" in shown and f"direction2:{share[1]}" in shown
    assert f"start:cost{start}" in shown and f"trained:cost{trained}" in shown
    assert float(start) == pytest.approx(b.arrays["landscape_path_cost"][0], abs=0.01)
    assert land["centre_cost"] == pytest.approx(b.arrays["landscape_path_cost"][-1], rel=1e-5)


def test_streamed_accuracy_ends_on_the_bundle_test_accuracy(b):
    from manim import Text

    scene, _ = rendered(chapter2.HowWellItDoes)
    strings = {m.text.replace(" ", "") for m in scene.get_mobject_family_members() if isinstance(m, Text)}
    meta = b.meta
    assert f"{meta['test_correct']:,}/{meta['test_total']:,}" in strings
    # Written as the voice says it ("96 percent" is "96%", "96.1 percent" is "96.1%").
    assert f"{100 * meta['test_accuracy']:.1f}".removesuffix(".0") + "%" in strings
    right = b.arrays["test_prediction"] == b.arrays["test_label"]
    assert int(right.sum()) == meta["test_correct"]


def test_learning_curves_plotted_are_the_exported_ones(b):
    scene, _ = rendered(chapter2.MemorizingVsLearning)
    axes = next(m for m in scene.mobjects if isinstance(m, Axes))
    steps = b.arrays["memorize_step"].astype(float)
    for colour, key in ((chapter2.MemorizingVsLearning.TRUE_COLOUR(), "memorize_true_accuracy"),
                        (theme().accent, "memorize_shuffled_accuracy")):
        curves = [m for m in scene.mobjects if type(m) is VMobject
                  and m.get_stroke_color().to_hex() == colour.upper()
                  and sum(len(x.points) for x in m.get_family()) > 100]
        assert len(curves) == 1, key
        anchors = np.concatenate([np.concatenate([x.points[::4], x.points[-1:]])
                                  for x in curves[0].get_family() if len(x.points)])
        points = np.array([axes.p2c(p) for p in anchors])
        exported = np.column_stack([steps, b.arrays[key]])
        nearest = np.abs(points[:, None, :] - exported[None, :, :]).max(axis=2).min(axis=1)
        assert nearest.max() < 1e-6, f"{key}: a plotted point is not an exported one"
        assert points[:, 0].max() == steps[-1]


def test_gradient_edges_show_sizes_in_one_neutral_colour(b):
    """On an edge, the sign colours mean the weight's sign only: the gradient's edges are one other colour,
    and each gap is scaled to its own largest entry, so that few edges are drawn at full strength."""
    from scenes.kit import style
    from scenes.kit.network import NetworkDiagram

    scene, _ = rendered(chapter2.GradientEdges)
    d = next(m for m in scene.mobjects if isinstance(m, NetworkDiagram))
    signs = {theme().positive.upper(), theme().negative.upper()}
    for layer in d.edge_layers:
        drawn = [bucket for bucket in layer.buckets.values() if len(bucket.points)]
        assert drawn and all(bucket.get_stroke_color().to_hex().upper() == style.gradient_color().upper()
                             for bucket in drawn)
        assert not signs & {bucket.get_stroke_color().to_hex().upper() for bucket in drawn}
        assert layer.scale == pytest.approx(np.abs(layer.weight).max())  # the gap's largest entry is the top
        assert np.mean(layer.level == style.EDGE_LEVELS - 1) < 0.25  # so few edges are drawn at full strength


def test_in_short_costs_are_over_all_training_images(b):
    scene, _ = rendered(chapter2.InShort)
    said = " ".join(line.text for line in scene.lines)
    assert f"{b.meta['init_train_cost']:.2f}" in said and f"{b.meta['train_cost']:.3f}" in said
