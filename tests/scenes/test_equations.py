"""The equations: right indices and shapes, the bundle's real numbers, and they compile and fit.

Most tests read the TeX source; one test per builder compiles it (LaTeX ~0.3 s a MathTex).
"""

import re

import numpy as np
import pytest

from netcore import bundle
from scenes.kit import equations as eq
from scenes.kit.network import drawn_input_pixels

FRAME_WIDTH = 14.2


@pytest.fixture(scope="module")
def committed() -> bundle.Bundle:
    return bundle.load(bundle.DEFAULT_DIR)


def bmatrices(tex: str) -> list[list[list[str]]]:
    """Every bmatrix of a TeX string as rows of stripped cells, in order."""
    bodies = re.findall(r"\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}", tex, flags=re.S)
    return [[[c.strip() for c in row.split("&")] for row in body.split(r"\\")] for body in bodies]


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# ---------------------------------------------------------------------------- formatting


def test_fmt_two_decimals_sign_and_no_negative_zero():
    assert [eq.fmt(x) for x in (-0.371, 0.05, 0.999, -0.004, 2, -21.849)] == [
        "-0.37", "0.05", "1.00", "0.00", "2.00", "-21.85"]
    assert [eq.fmt(x, 3) for x in (-0.0004, 0.0125, -0.0126)] == ["0.000", "0.013", "-0.013"]
    assert eq.thousands(13002) == "13{,}002" and eq.thousands(23) == "23"


# ---------------------------------------------------------------------------- symbolic matrix form


def test_symbolic_real_network_indices_and_bias_length():
    tex = eq.matrix_form_spec(784, 16).tex
    for s in ("w_{15,783}", "w_{0,0}", "b_{15}", "a^{(0)}_{783}", "a^{(1)}_{15}", r"\sigma"):
        assert s in tex
    # The classic video's bias vector ran to b_n; ours has k entries, b_0 .. b_{k-1}.
    for wrong in ("b_{16}", "b_{784}", "b_{n}", "b_{783}", "a^{(1)}_{16}", "w_{16,", ",784}"):
        assert wrong not in tex
    out, W, a_in, b = bmatrices(tex)
    assert len(W) == 4 and all(len(row) == 4 for row in W)  # 0, 1, ⋮, 15 by 0, 1, ⋯, 783
    assert W[0] == ["w_{0,0}", "w_{0,1}", r"\cdots", "w_{0,783}"]
    assert W[2] == [r"\vdots", r"\vdots", r"\ddots", r"\vdots"]
    assert W[3] == ["w_{15,0}", "w_{15,1}", r"\cdots", "w_{15,783}"]
    assert [r[0] for r in b] == ["b_{0}", "b_{1}", r"\vdots", "b_{15}"]
    assert [r[0] for r in a_in] == ["a^{(0)}_{0}", "a^{(0)}_{1}", r"\vdots", "a^{(0)}_{783}"]
    assert [r[0] for r in out] == ["a^{(1)}_{0}", "a^{(1)}_{1}", r"\vdots", "a^{(1)}_{15}"]
    # Order: result = σ( W a + b ).
    assert tex.index("a^{(1)}_{15}") < tex.index("=") < tex.index(r"\sigma") < tex.index("w_{0,0}") \
        < tex.index("a^{(0)}_{0}") < tex.index("b_{0}")
    spec = eq.matrix_form_spec(784, 16)
    assert spec.shape_labels == {"a_out": "16", "W": r"16 \times 784", "a_in": "784", "b": "16"}
    assert spec.tex == tex and spec.part_tex("W").startswith(r"\begin{bmatrix} w_{0,0}")


def test_symbolic_other_layer_follows_n_k_and_layer():
    tex = eq.matrix_form_spec(16, 10, layer=1).tex
    out, W, a_in, b = bmatrices(tex)
    assert W[-1][-1] == "w_{9,15}" and b[-1] == ["b_{9}"]
    assert a_in[-1] == ["a^{(1)}_{15}"] and out[-1] == ["a^{(2)}_{9}"]
    assert "a^{(0)}" not in tex and "b_{10}" not in tex and "b_{15}" not in tex
    assert eq.matrix_form_spec(16, 10, 1).shape_labels["W"] == r"10 \times 16"


def test_small_layers_show_every_row_without_dots():
    out, W, a_in, b = bmatrices(eq.matrix_form_spec(3, 2).tex)
    assert W == [["w_{0,0}", "w_{0,1}", "w_{0,2}"], ["w_{1,0}", "w_{1,1}", "w_{1,2}"]]
    assert [r[0] for r in b] == ["b_{0}", "b_{1}"]
    assert eq.shown_indices(5) == (0, 1, None, 4)


# ---------------------------------------------------------------------------- numeric matrix form


def test_numeric_shows_the_bundles_real_numbers(committed):
    net, digit = committed.network, committed.default_digit
    spec = eq.matrix_form_numeric_spec(net, digit)
    drawn = drawn_input_pixels(net.W[0])
    last = net.W[0].shape[0] - 1  # the first hidden layer's last neuron
    assert spec.cols == (drawn[0], drawn[1], None, drawn[-1])
    assert spec.rows == (0, 1, None, last)

    W, a0, b0, a1 = net.W[0], digit.activations[0], net.b[0], digit.activations[1]
    entries = spec.entries("W")
    assert set(entries) == {(r, c) for r in (0, 1, last) for c in (drawn[0], drawn[1], drawn[-1])}
    for (r, c), tex in entries.items():
        assert tex == eq.fmt(W[r, c]) and spec.values["W"][(r, c)] == W[r, c]
    for c, tex in spec.entries("a_in").items():
        assert tex == eq.fmt(a0[c]) and spec.values["a_in"][c] == a0[c]
    for r, tex in spec.entries("b").items():
        assert tex == eq.fmt(b0[r]) and spec.values["b"][r] == b0[r]
    for r, tex in spec.entries("a_out").items():
        assert tex == eq.fmt(a1[r]) == eq.fmt(net.forward(a0).activations[1][r])
    assert set(spec.entries("a_in")) == {drawn[0], drawn[1], drawn[-1]}
    assert set(spec.entries("b")) == set(spec.entries("a_out")) == {0, 1, last}

    # The TeX itself: the W matrix's first row is row 0 at the drawn pixels.
    out, Wtex, a_in, b = bmatrices(spec.tex)
    assert Wtex[0] == [eq.fmt(W[0, drawn[0]]), eq.fmt(W[0, drawn[1]]), r"\cdots", eq.fmt(W[0, drawn[-1]])]
    assert len(b) == len(out) == 4 and b[-1] == [eq.fmt(b0[last])]
    assert spec.col_labels == {int(c): f"i={c}" for c in (drawn[0], drawn[1], drawn[-1])}
    assert spec.a_in_labels == spec.col_labels and spec.row_labels == {0: "j=0", 1: "j=1", last: f"j={last}"}
    assert spec.shape_labels["W"] == rf"{last + 1} \times 784"


def test_numeric_later_layer(committed):
    net, digit = committed.network, committed.default_digit
    layer = len(net.W) - 1  # the output layer
    k, n = net.W[layer].shape
    spec = eq.matrix_form_numeric_spec(net, digit, layer=layer)
    assert spec.rows == (0, 1, None, k - 1) and spec.cols == (0, 1, None, n - 1)
    for r, tex in spec.entries("a_out").items():
        assert tex == eq.fmt(digit.output[r]) == eq.fmt(sigmoid(net.W[layer][r] @ digit.activations[layer] + net.b[layer][r]))
    assert spec.entries("W")[(k - 1, n - 1)] == eq.fmt(net.W[layer][k - 1, n - 1])
    with pytest.raises(ValueError, match="outside"):
        eq.matrix_form_numeric_spec(net, digit, layer=layer, shown_rows=(0, k))


# ---------------------------------------------------------------------------- weighted sum


def test_weighted_sum_of_one_neuron():
    assert eq.weighted_sum_tex(784, 5) == r"w_{5,0}\,a_{0} + w_{5,1}\,a_{1} + \cdots + w_{5,783}\,a_{783}"
    assert eq.weighted_sum_tex(16) == r"w_{0}\,a_{0} + w_{1}\,a_{1} + \cdots + w_{15}\,a_{15}"
    with pytest.raises(ValueError):
        eq.weighted_sum_tex(2)


def test_squish_formulas():
    from scenes.kit.activation import squishing

    assert squishing("sigmoid").formula_tex() == r"\sigma(x) = \frac{1}{1 + e^{-x}}"
    assert squishing("relu").formula_tex("a") == r"\mathrm{ReLU}(a) = \max(0, a)"
    assert [squishing(k).tex for k in ("sigmoid", "relu")] == [r"\sigma", r"\mathrm{ReLU}"]
    with pytest.raises(ValueError, match="tanh"):
        squishing("tanh")


# ---------------------------------------------------------------------------- parameter count


def test_parameter_count_from_sizes(committed):
    lines, total = eq.parameter_count_tex((784, 16, 16, 10))
    assert lines == [r"784 \times 16 = 12{,}544\text{ weights}", r"16 \times 16 = 256\text{ weights}",
                     r"16 \times 10 = 160\text{ weights}", r"16 + 16 + 10 = 42\text{ biases}"]
    assert total == r"13{,}002\text{ weights and biases}"
    assert eq.parameter_count_tex(committed.sizes)[1].startswith(eq.thousands(committed.network.parameter_count))
    assert eq.parameter_count_tex((5, 7)) == ([r"5 \times 7 = 35\text{ weights}", r"7 = 7\text{ biases}"],
                                              r"42\text{ weights and biases}")
    with pytest.raises(ValueError):
        eq.parameter_count_tex((784,))


# ---------------------------------------------------------------------------- they compile and fit


@pytest.fixture(scope="module")
def tex_dir(tmp_path_factory):
    """Compile into a temporary folder: tests leave nothing in media/."""
    from manim import tempconfig

    with tempconfig({"tex_dir": str(tmp_path_factory.mktemp("Tex"))}):
        yield


def test_matrix_forms_compile_split_and_fit(committed, tex_dir):
    net, digit = committed.network, committed.default_digit
    sym = eq.matrix_form_symbolic(784, 16)
    num = eq.matrix_form_numeric(net, digit)
    for m in (sym, num):
        assert 0 < m.width < 14 and m.height < 4
        assert len(m.equation.submobjects) == len(m.spec.pieces)
        assert set(m.parts()) >= {"W", "a_in", "b", "a_out", "sigma"}
        assert len(m.sigma.submobjects) == 1  # the σ glyph alone
        # Reading order left to right: result, =, σ, W, a, +, b.
        xs = [m.a_out.get_center()[0], m.equals.get_center()[0], m.sigma.get_center()[0], m.W.get_center()[0],
              m.a_in.get_center()[0], m.plus.get_center()[0], m.b.get_center()[0]]
        assert xs == sorted(xs)
        # Rows of W are separate, ordered top to bottom, and level with their b and result entries.
        shown = [j for j in m.spec.rows if j is not None]
        ys = [m.row(j).get_center()[1] for j in shown]
        assert ys == sorted(ys, reverse=True)
        for j, y in zip(shown, ys):
            assert abs(m.b_entry(j).get_center()[1] - y) < 0.1
        # Shape labels sit under their brackets.
        for part, label in m.shape_labels.items():
            assert label.get_top()[1] < getattr(m, part).get_bottom()[1]
    # Numeric labels: columns above W at their column, rows left of W, a's indices between W and a.
    for c, label in num.col_labels.items():
        assert label.get_bottom()[1] > num.W.get_top()[1]
        assert abs(label.get_center()[0] - num.entry(0, c).get_center()[0]) < 0.05
    for j, label in num.row_labels.items():
        assert label.get_right()[0] < num.W.get_left()[0]
        assert label.get_left()[0] > num.parens[0].get_right()[0]
    for c, label in num.a_in_labels.items():
        assert num.W.get_right()[0] < label.get_left()[0] and label.get_right()[0] < num.a_in.get_left()[0]
    last = num.spec.rows[-1]
    assert num.values["W"][(last, int(drawn_input_pixels(net.W[0])[-1]))] == net.W[0][last, num.spec.cols[-1]]
    with pytest.raises(KeyError):
        num.row(last - 1)  # hidden behind the dots


def test_weighted_sum_and_count_compile(committed, tex_dir):
    ws = eq.weighted_sum(784, 5)
    assert 0 < ws.width < 14
    count = eq.parameter_count(committed.sizes)
    assert len(count.lines) == len(committed.sizes) and count.width < 14
    assert count.total.get_top()[1] < count.lines.get_bottom()[1]
    rights = [line.get_right()[0] for line in count.lines]
    assert max(rights) - min(rights) < 1e-6  # the lines' right edges in one column
