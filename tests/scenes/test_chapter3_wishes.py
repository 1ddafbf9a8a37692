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


def test_adding_up_ends_with_the_nudges_of_the_edges_into_the_last_hidden_layer(by_hand):
    """'The wishes turn into nudges': the edges recoloured at the end are −∂C/∂w of the edges into that layer,
    a_k · (−∂C/∂z_j), by the edge rule."""
    s = scene("AddingUpWishes")
    L = by_hand["last"] - 1
    d = s.nudge_diagram
    e = d.edge_layers[L - 1]
    rows, cols = d.drawn[L][e.dst], d.drawn[L - 1][e.src]
    expected = by_hand["delta"][L][rows] * by_hand["acts"][L - 1][cols]
    np.testing.assert_allclose(s.nudges, expected, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(e.weight, expected, rtol=1e-9, atol=1e-15)


def test_the_gradient_column_writes_the_bundle_and_explains_a_zero_only_when_the_pixel_is_blank():
    """Each value written is the mean gradient's entry as said (scientific below 0.001); the note on a zero first
    entry shows only when every edge out of input pixel 0 has a gradient of exactly 0 (the pixel is never lit)."""
    from scenes.chapter3 import CostAndGradient
    from netcore.network import unflatten

    s = scene("CostAndGradient")
    b = nb.load()
    grad = np.asarray(b.backprop.mean_gradient)
    shown = [i for i in s.rows if i is not None]
    values = [v for v in s.values if "vdots" not in v.get_tex_string()]
    for i, tex in zip(shown, values):
        text = tex.get_tex_string().replace(r" \times 10^{", "e").replace("}", "")
        assert float(text) == pytest.approx(grad[i], rel=0.05, abs=5e-3 if abs(grad[i]) >= 1e-3 else 1e-12), (i, text)
        assert ("e" in text) == (0 < abs(grad[i]) < 1e-3)
    blank = not np.any(unflatten(grad, b.sizes)[0][0][:, 0])
    assert (s.zero_note is not None) == (blank and shown[0] == 0)
    broken = grad.copy()
    broken[1] = 1e-4  # pixel 0 lit in some image: its edges' entries are no longer all zero
    assert CostAndGradient.blank_pixel(broken, b.sizes) is not None  # entry 1 is w(1)_0,1: from pixel 1
    broken[b.sizes[0]] = 1e-4  # w(1)_1,0: from pixel 0, into neuron 1
    assert CostAndGradient.blank_pixel(broken, b.sizes) is None
    assert CostAndGradient.first_entry(broken, b.sizes) == 1  # an unexplained zero is not shown: the first non-zero is


def test_the_nudged_weight_changes_the_cost_as_the_timed_finite_difference_says():
    """The cost numbers beside 'nudge one weight' are a real forward difference: (C(w + h) − C(w)) / h is the
    timed finite-difference gradient's entry for that weight, and close to backprop's."""
    s = scene("WhyNotTryEachKnob")
    timing = nb.load().backprop.timing
    before, after, h = s.nudge
    slope = (after - before) / h
    entries = np.asarray(timing.fd_gradient)
    i = int(np.argmin(np.abs(entries - slope)))
    assert entries[i] == pytest.approx(slope, rel=1e-6)
    assert timing.backprop_gradient[i] == pytest.approx(slope, abs=10 * timing.max_difference)
    net = nb.load().backprop.network
    offset = sum(w.size + bias.size for w, bias in zip(net.W[:-1], net.b[:-1]))
    assert offset <= i < offset + net.W[-1].size  # a weight into the output layer, as the yellow edge is


def test_the_example_columns_say_what_they_hold_and_what_their_colours_mean():
    """Over the example columns: −∂C_x/∂w and a legend in the style's sign colours, the same colours the cells
    use for a nudge up and down; over the average: the bundle's training-set size, not the columns shown."""
    from manim import ManimColor
    from scenes.kit import style

    s = scene("OneExampleNotEnough")
    assert "C_x" in s.key[0].get_tex_string()
    swatches = [s.key[2][0], s.key[3][0]]
    assert [ManimColor(w.get_fill_color()).to_hex() for w in swatches] == \
        [ManimColor(style.sign_color(1)).to_hex(), ManimColor(style.sign_color(-1)).to_hex()]
    for row, values in zip(s.table.cells, s.table.values):
        for cell, v in zip(row, values):
            if v != 0:
                assert ManimColor(cell.get_fill_color()).to_hex() == ManimColor(style.sign_color(v)).to_hex()
    heading = "".join(t.text for t in s.average[1] if hasattr(t, "text"))  # manim's Text.text has no spaces
    assert f"{nb.load().backprop.train_count:,}trainingimages" in heading
    assert f"notjustthese{len(s.table.values[0])}" in heading


def test_a_pixel_whose_edges_all_have_zero_gradient_is_blank_in_every_training_image(data):
    """The zero note's reasoning, checked on the data: the input pixels whose edges all have a mean-gradient
    entry of exactly 0 are exactly the pixels that are 0 in every training image."""
    from netcore.network import unflatten

    b = nb.load()
    if len(data.train) != b.backprop.train_count:
        pytest.skip("this MNIST is not the training set the bundle was built from")
    weights, _ = unflatten(np.asarray(b.backprop.mean_gradient), b.sizes)
    zero_columns = np.flatnonzero(~np.any(weights[0], axis=0))
    never_lit = np.flatnonzero(data.train.images.reshape(len(data.train), -1).max(axis=0) == 0)
    np.testing.assert_array_equal(zero_columns, never_lit)


def text_of(group) -> str:
    """The words of a group of manim Text objects (manim's Text.text has no spaces)."""
    from manim import Text

    return "".join(m.text for m in group.get_family() if isinstance(m, Text))


def test_the_cost_says_early_that_the_run_used_cross_entropy_and_a_zero_entry_is_written_0():
    """High finding of the review: the squared error differentiated here is not the run's cost, said at the cost's
    definition and kept on screen; an entry of exactly 0 is written 0, not a rounded 0.00."""
    s = scene("CostAndGradient")
    grad = np.asarray(nb.load().backprop.mean_gradient)
    first = s.values[0].tex_string
    assert (first == "0") == (grad[s.rows[0]] == 0)
    if nb.load().meta.get("training_objective") != "cross_entropy":
        assert s.tag is None and not any("cross-entropy" in line.text for line in s.lines)
        return
    words = text_of(s.tag)
    assert "cross-entropy" in words and "squarederror" in words and "onefactor" in words
    assert s.tag in s.mobjects
    line = next(l for l in s.lines if "cross-entropy" in l.text)
    assert "squared" in line.text.lower() and s.lines.index(line) == 2  # said right after the cost's definition
    # shown as it is said, not while the line before explains the average (review 2, row A)
    from scenes.kit.frames import texts_in, text_of as shown_text

    tag = {shown_text(m) for m in texts_in(s.tag_said)}
    on_screen = [{shown.text for shown in frames.end.shown} for frames in s.recorder.lines]
    assert not tag & on_screen[1] and tag <= on_screen[2]
    assert "onefactor" in text_of(s.tag_said)
    assert s.tag.get_right()[0] < s.gradient_column.get_left()[0] - 0.1  # beside the column, not under its box


def test_the_nudge_shows_the_entry_it_gives_as_said():
    """'That change, divided by the nudge, is the weight's entry': the entry written is (C(w + h) − C(w)) / h of
    the nudged cost, at the places it is said, and the timed finite difference's entry for that weight."""
    import re

    s = scene("WhyNotTryEachKnob")
    before, after, h = s.nudge
    written_value = float(re.sub(r"[^\d.\-]", "", s.entry.tex_string))
    places = len(s.entry.tex_string.split(".")[1])
    assert written_value == pytest.approx((after - before) / h, abs=0.5 * 10.0 ** -places)
    assert f"{abs(written_value):.{places}f}" in s.lines[0].text


def test_three_ways_keys_the_wish_bars_clear_of_the_picture():
    """The bars beside the layer before get their own key (wants it higher / lower, in the bars' colours), placed
    where it covers neither the diagram nor the bars."""
    from manim import ManimColor

    s = scene("ThreeWaysToRaise")
    key = s.bar_key
    assert key in s.mobjects
    words = text_of(key)
    assert "wantsithigher" in words and "wantsitlower" in words
    swatches = [row[0].bars[0] for row in key[0]]
    for swatch, sign in zip(swatches, (1, -1)):
        same = [b for b, v in zip(s.bars.bars, s.bars.values) if np.sign(v) == sign]
        if same:
            assert ManimColor(swatch.get_fill_color()).to_hex() == ManimColor(same[0].get_fill_color()).to_hex()

    def apart(a, b):
        return a.get_bottom()[1] > b.get_top()[1] or b.get_bottom()[1] > a.get_top()[1] or \
            a.get_left()[0] > b.get_right()[0] or b.get_left()[0] > a.get_right()[0]

    assert apart(key, s.diagram.layers) and apart(key, s.bars.bars)


def test_adding_up_names_the_hidden_neuron_and_writes_the_factors_of_its_wish(by_hand):
    """The chosen neuron reads as a hidden one (not output k), with its place from the top; the 2 neuron's wish for
    it is written as the voice builds it: that output's wish × its slope σ′(z) × the weight, each as computed here."""
    import re

    s = scene("AddingUpWishes")
    L, net, j, k = by_hand["last"], by_hand["net"], by_hand["ex"].label, s.neuron
    label = text_of(s.chosen)
    from scenes.kit.data import diagram
    assert f"hiddenneuron{k}(" in label and "fromtop" in label
    position = int(np.flatnonzero(diagram().drawn[L - 1] == k)[0]) + 1
    assert re.search(rf"\({position}(st|nd|rd|th)fromtop", label)
    tex = s.factors_shown[0].tex_string
    numbers = [float(x) for x in re.findall(r"-?\d+\.\d+", tex)]
    wish, slope, weight, share = numbers
    truth = [by_hand["wish"][L][j], by_hand["delta"][L][j] / by_hand["wish"][L][j], net.W[L - 1][j, k],
             net.W[L - 1][j, k] * by_hand["delta"][L][j]]
    for written_value, true, text in zip(numbers, truth, re.findall(r"-?\d+\.\d+", tex)):
        assert written_value == pytest.approx(true, abs=0.5 * 10.0 ** -len(text.split(".")[1]) * (1 + 1e-9)), (text, true)
    assert slope == pytest.approx(by_hand["acts"][L][j] * (1 - by_hand["acts"][L][j]), abs=5e-4)  # σ′ of a sigmoid output


def test_three_ways_leaves_blue_and_orange_one_meaning_at_its_end():
    """The edge colours explain the third way; once said, the edges go grey and their key goes, so the bars'
    colours mean only 'wants it higher / lower' in the frame the next beat continues from (review 2, row C)."""
    from manim import ManimColor

    s = scene("ThreeWaysToRaise")
    assert s.edge_key not in s.mobjects and s.bar_key in s.mobjects
    from scenes.kit.style import theme

    grey = ManimColor(theme().dim_text).to_hex()
    assert len(s.kept_edges) > 0
    for edge in s.kept_edges.get_family():
        if edge.has_points():
            assert ManimColor(edge.get_stroke_color()).to_hex() == grey


def test_the_wish_bars_come_with_their_key():
    """The bars' key (wants it higher / lower) is on screen by the end of the line that draws the bars, not a line
    later (review 2, row I)."""
    from scenes.kit.frames import text_of as shown_text, texts_in

    s = scene("OneExampleWishes")
    key = {shown_text(m) for m in texts_in(s.key)}
    drawn = next(i for i, frames in enumerate(s.recorder.lines) if "twice its distance" in frames.line.text)
    assert key <= {shown.text for shown in s.recorder.lines[drawn].end.shown}


def test_fire_together_marks_the_one_edge_with_the_biggest_nudge(by_hand):
    """'The biggest nudge of all is on the edge from a neuron that holds ...': that edge is drawn, from that
    neuron to the wanted output, and its nudge is the largest of the drawn edges into that output (review 2, O)."""
    s = scene("FireTogether")
    edge, k = s.biggest_edge
    d, L, j = s.diagram, by_hand["last"], by_hand["ex"].label
    r = d.layers[L][0].width / 2
    assert np.linalg.norm(edge.get_start() - d.layers[L - 1][d.position(L - 1, k)].get_center()) == pytest.approx(r, abs=1e-6)
    assert np.linalg.norm(edge.get_end() - d.layers[L][d.position(L, j)].get_center()) == pytest.approx(r, abs=1e-6)
    drawn = d.drawn[L - 1]
    nudges = by_hand["acts"][L - 1][drawn] * by_hand["delta"][L][j]  # −∂C/∂w_jk = a_k · (−∂C/∂z_j)
    assert nudges[list(drawn).index(k)] == pytest.approx(nudges.max(), rel=1e-12)


def test_the_recap_pictures_the_wishes_flowing_back(by_hand):
    """The recap's backpropagation panel is the chapter's picture, small: each hidden layer's bars are the
    example's real wishes for its drawn neurons (review 2, row R)."""
    s = scene("ChapterRecap3")
    assert len(s.flow_bars) == by_hand["last"] - 1
    for l, bars in enumerate(s.flow_bars, start=1):
        assert_bars(bars, by_hand["wish"][l][featured_drawn(l)])


def featured_drawn(l: int):
    from scenes.kit.data import bundle
    from scenes.kit.network import drawn_neurons

    return drawn_neurons(bundle().network)[l]


def test_three_ways_writes_where_the_bias_nudge_comes_from(by_hand):
    """'Its bias is asked to change by 0.22: the wish, 1.70, times the squish's slope, 0.127': the factors are
    the output's real wish and σ′, their product is the nudge written, and both are said (review 3, row S)."""
    s = scene("ThreeWaysToRaise")
    L, j = by_hand["last"], by_hand["ex"].label
    slope, wish = s.bias_factors
    assert wish == pytest.approx(by_hand["wish"][L][j], rel=1e-12)
    assert slope * wish == pytest.approx(by_hand["delta"][L][j], rel=1e-9)
    line = next(l for l in s.lines if "bias to change" in l.text)
    from scenes.kit.spoken import significant_places

    assert "slope" in line.text and f"{slope:.{significant_places(slope, 3, fewest=2)}f}" in line.text
