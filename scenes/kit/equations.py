"""The equations on screen: matrix form, weighted sum, parameter count, parameter names (the squishing
functions' own TeX is in ``scenes.kit.activation``).

Each is a pure function that returns the TeX source (testable without LaTeX),
and the ones scenes show whole also have a builder that compiles exactly that source.
The matrix form is one ``MathTex`` whose tex strings are the single entries,
brackets and operators (ManimCE 0.22 compiles them together and splits the
result with dvisvgm groups, so a ``bmatrix`` may span many strings), which lets
a scene light up W, one row of W, a^(0), b or σ on their own::

    eq = matrix_form_numeric(bundle().network, chosen_digit())
    self.play(Indicate(eq.row(0)), Indicate(eq.b_entry(0)), Indicate(eq.a_out_entry(0)))

Every number shown goes through :func:`fmt`, and the numeric form keeps a
record of which weight, bias and activation each entry is (``.values``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from manim import DOWN, LEFT, ORIGIN, RIGHT, UP, MathTex, VGroup, VMobject

from netcore.network import parameter_at
from scenes.kit import style
from scenes.kit.activation import squishing
from scenes.kit.network import drawn_input_pixels, layer_activation
from scenes.kit.style import theme

EQUATION_SIZE = 36  # font size of the matrix form; labels are LABEL_RATIO of it
LABEL_RATIO = 0.75  # 36 x 0.75 = 27: the labels' digits read at 24 px (tests/frame_rules.py)
LABEL_BUFF = 0.12

Index = int | None  # a shown row/column; None is the ⋮ / ⋯ in its place


def fmt(x: float, decimals: int = 2) -> str:
    """A value as shown on screen: two decimals (or ``decimals``), a minus sign when negative, never "-0.00"."""
    s = f"{float(x):.{decimals}f}"
    return s[1:] if s.startswith("-") and float(s) == 0 else s


def thousands(count: int) -> str:
    """13002 -> ``13{,}002`` (the braces keep TeX from spacing the comma)."""
    return f"{int(count):,}".replace(",", "{,}")


def shown_indices(count: int) -> tuple[Index, ...]:
    """Which of ``count`` rows/entries a matrix shows: 0, 1, ⋮, count-1 (all when there are at most 4)."""
    if count <= 0:
        raise ValueError(f"a layer needs at least one neuron, got {count}")
    return tuple(range(count)) if count <= 4 else (0, 1, None, count - 1)


def parameter_name(index: int, sizes) -> str:
    """TeX name of entry ``index`` of the flat parameter vector (netcore's order): ``w^{(1)}_{j,i}``, ``b^{(1)}_{j}``
    (on screen a gap is numbered by the layer it feeds, see ``scenes.kit``)."""
    p = parameter_at(index, sizes)
    if p.kind == "weight":
        return rf"w^{{({p.gap + 1})}}_{{{p.row},{p.col}}}"
    return rf"b^{{({p.gap + 1})}}_{{{p.row}}}"


# ---------------------------------------------------------------------------
# The matrix form as data: a list of tex pieces, each knowing what it is.


@dataclass(frozen=True)
class Piece:
    """One tex string of the equation.

    ``part`` is ``a_out``, ``W``, ``a_in``, ``b``, ``sigma``, ``paren`` or ``op``;
    ``kind`` is ``open``/``close`` (a bracket), ``cell``, ``dots``, ``sep`` (``&`` or
    ``\\\\``) or ``symbol``; ``key`` is ``(row, col)`` for W and the index for vectors
    (None in place of ⋮/⋯).
    """

    tex: str
    part: str
    kind: str = "symbol"
    key: object = None


@dataclass
class MatrixFormSpec:
    """Everything about a matrix-form equation except the drawing (no LaTeX needed)."""

    n: int
    k: int
    layer: int
    rows: tuple[Index, ...]  # shown rows of W, b and the result
    cols: tuple[Index, ...]  # shown columns of W and entries of a^(layer)
    pieces: list[Piece]
    shape_labels: dict[str, str]  # part -> TeX under that bracket, e.g. "W" -> "16 \times 784"
    row_labels: dict[int, str] = field(default_factory=dict)  # row -> TeX left of W (numeric form)
    col_labels: dict[int, str] = field(default_factory=dict)  # col -> TeX above W (numeric form)
    a_in_labels: dict[int, str] = field(default_factory=dict)  # index -> TeX left of a^(layer)
    # Numeric form: what every shown entry is. "W": {(row, col): w}, "a_in": {col: a},
    # "b": {row: b}, "a_out": {row: a}.
    values: dict[str, dict] = field(default_factory=dict)

    @property
    def tex_strings(self) -> list[str]:
        return [p.tex for p in self.pieces]

    @property
    def tex(self) -> str:
        """The whole equation exactly as MathTex compiles it (its strings joined by spaces)."""
        return " ".join(self.tex_strings)

    def part_tex(self, part: str) -> str:
        """The TeX of one part alone, e.g. the W ``bmatrix``."""
        return " ".join(p.tex for p in self.pieces if p.part == part)

    def entries(self, part: str) -> dict:
        """key -> TeX of the real entries (not the dots) of a part: what a test compares."""
        return {p.key: p.tex for p in self.pieces if p.part == part and p.kind == "cell"}


def _matrix(part: str, rows: Sequence[Index], cols: Sequence[Index], cell: Callable[[int, int], str],
            vector: bool = False) -> list[Piece]:
    pieces = [Piece(r"\begin{bmatrix}", part, "open")]
    for ri, r in enumerate(rows):
        for ci, c in enumerate(cols):
            if ci:
                pieces.append(Piece("&", part, "sep"))
            key = r if vector else (r, c)
            if r is None and c is None:
                pieces.append(Piece(r"\ddots", part, "dots", key))
            elif r is None:
                pieces.append(Piece(r"\vdots", part, "dots", key))
            elif c is None:
                pieces.append(Piece(r"\cdots", part, "dots", key))
            else:
                pieces.append(Piece(cell(r, c), part, "cell", key))
        if ri < len(rows) - 1:
            pieces.append(Piece(r"\\", part, "sep"))
    pieces.append(Piece(r"\end{bmatrix}", part, "close"))
    return pieces


def _vector(part: str, rows: Sequence[Index], cell: Callable[[int], str]) -> list[Piece]:
    return _matrix(part, rows, (0,), lambda r, _c: cell(r), vector=True)


def _equation(rows, cols, w_cell, a_cell, b_cell, out_cell, squish: str) -> list[Piece]:
    """a_out = σ( W a_in + b ), one piece per entry, bracket and operator."""
    return [
        *_vector("a_out", rows, out_cell),
        Piece("=", "op"),
        Piece(squish, "sigma"),
        Piece(r"\left(", "paren", "open"),
        *_matrix("W", rows, cols, w_cell),
        *_vector("a_in", cols, a_cell),
        Piece("+", "op"),
        *_vector("b", rows, b_cell),
        Piece(r"\right)", "paren", "close"),
    ]


def _shape_labels(n: int, k: int) -> dict[str, str]:
    return {"a_out": f"{k}", "W": rf"{k} \times {n}", "a_in": f"{n}", "b": f"{k}"}


def matrix_form_spec(n: int, k: int, layer: int = 0, activation: str = "sigmoid",
                     rows: Sequence[Index] | None = None) -> MatrixFormSpec:
    """The symbolic a^(l+1) = σ(W a^(l) + b) for a layer with n inputs and k neurons.

    ``rows`` (default 0, 1, ⋮, k-1) picks the rows shown, e.g. (0, ⋮, j, ⋮, k-1) to show row j.
    """
    if n <= 0 or k <= 0:
        raise ValueError(f"a layer needs positive sizes, got n={n}, k={k}")
    rows, cols = (tuple(rows) if rows is not None else shown_indices(k)), shown_indices(n)
    bad = [r for r in rows if r is not None and not 0 <= r < k]
    if bad:
        raise ValueError(f"rows {bad} are outside 0..{k - 1}")
    pieces = _equation(
        rows, cols,
        w_cell=lambda r, c: f"w_{{{r},{c}}}",
        a_cell=lambda c: f"a^{{({layer})}}_{{{c}}}",
        b_cell=lambda r: f"b_{{{r}}}",
        out_cell=lambda r: f"a^{{({layer + 1})}}_{{{r}}}",
        squish=squishing(activation).tex,
    )
    return MatrixFormSpec(n, k, layer, rows, cols, pieces, _shape_labels(n, k))


def default_columns(network, layer: int) -> tuple[Index, ...]:
    """Columns the numeric form shows: for the input layer the diagram's drawn pixels
    (first two, ⋯, last), so the entries are weights of edges the viewer can see."""
    n = network.W[layer].shape[1]
    if layer == 0 and n > 4:
        drawn = drawn_input_pixels(network.W[0])
        return (int(drawn[0]), int(drawn[1]), None, int(drawn[-1]))
    return shown_indices(n)


def matrix_form_numeric_spec(network, digit, layer: int = 0, shown_rows: Sequence[Index] | None = None,
                             shown_cols: Sequence[Index] | None = None) -> MatrixFormSpec:
    """The same equation filled with the trained network's numbers for ``digit``."""
    W, b = network.W[layer], network.b[layer]
    a_in, a_out = digit.activations[layer], digit.activations[layer + 1]
    k, n = W.shape
    rows = tuple(shown_rows) if shown_rows is not None else shown_indices(k)
    cols = tuple(shown_cols) if shown_cols is not None else default_columns(network, layer)
    for name, shown, size in (("row", rows, k), ("column", cols, n)):
        bad = [i for i in shown if i is not None and not 0 <= i < size]
        if bad:
            raise ValueError(f"layer {layer}: {name}s {bad} are outside 0..{size - 1}")
    squish = squishing(layer_activation(network, layer)).tex
    pieces = _equation(
        rows, cols,
        w_cell=lambda r, c: fmt(W[r, c]),
        a_cell=lambda c: fmt(a_in[c]),
        b_cell=lambda r: fmt(b[r]),
        out_cell=lambda r: fmt(a_out[r]),
        squish=squish,
    )
    real_rows = [r for r in rows if r is not None]
    real_cols = [c for c in cols if c is not None]
    values = {
        "W": {(r, c): float(W[r, c]) for r in real_rows for c in real_cols},
        "a_in": {c: float(a_in[c]) for c in real_cols},
        "b": {r: float(b[r]) for r in real_rows},
        "a_out": {r: float(a_out[r]) for r in real_rows},
    }
    return MatrixFormSpec(
        n, k, layer, rows, cols, pieces, _shape_labels(n, k),
        row_labels={r: f"j={r}" for r in real_rows},
        col_labels={c: f"i={c}" for c in real_cols},
        a_in_labels={c: f"i={c}" for c in real_cols},
        values=values,
    )


# ---------------------------------------------------------------------------
# The matrix form drawn.


class MatrixEquation(VGroup):
    """A compiled matrix form: ``.equation`` (one MathTex) plus small dim labels.

    Named parts: ``.W``, ``.a_in``, ``.b``, ``.a_out`` (each bracket and entries),
    ``.sigma``, ``.parens``, ``.equals``, ``.plus``; ``.row(j)`` / ``.col(i)`` the
    shown entries of W; ``.entry(j, i)``, ``.a_in_entry(i)``, ``.b_entry(j)``,
    ``.a_out_entry(j)``; labels in ``.shape_labels[part]``, ``.row_labels[j]``,
    ``.col_labels[i]``, ``.a_in_labels[i]``. ``.spec`` is the data it was drawn from
    and ``.values`` the record of every number shown.
    """

    def __init__(self, spec: MatrixFormSpec, *, font_size: float = EQUATION_SIZE,
                 color_by_sign: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.spec = spec
        self.equation = MathTex(*spec.tex_strings, font_size=font_size, color=theme().text)
        if len(self.equation.submobjects) != len(spec.pieces):
            raise RuntimeError("MathTex did not split the equation into one part per tex string")
        self._pieces = list(zip(spec.pieces, self.equation.submobjects))
        if color_by_sign:
            for part in ("W", "b"):
                for key, value in spec.values.get(part, {}).items():
                    self._cell(part, key).set_color(style.sign_color(value))
        self.add(self.equation)

        label_size = font_size * LABEL_RATIO
        texts = {("shape", p): t for p, t in spec.shape_labels.items()}
        texts |= {("row", r): t for r, t in spec.row_labels.items()}
        texts |= {("col", c): t for c, t in spec.col_labels.items()}
        texts |= {("a_in", c): t for c, t in spec.a_in_labels.items()}
        self.labels = MathTex(*texts.values(), font_size=label_size, color=theme().dim_text)
        found = dict(zip(texts, self.labels.submobjects))
        self.shape_labels = {p: m for (kind, p), m in found.items() if kind == "shape"}
        self.row_labels = {r: m for (kind, r), m in found.items() if kind == "row"}
        self.col_labels = {c: m for (kind, c), m in found.items() if kind == "col"}
        self.a_in_labels = {c: m for (kind, c), m in found.items() if kind == "a_in"}
        self._place_labels()
        self.add(self.labels)
        self.move_to(ORIGIN)

    # Lookup -------------------------------------------------------------------
    def _group(self, test) -> VGroup:
        return VGroup(*[m for p, m in self._pieces if test(p)])

    def _cell(self, part: str, key) -> VMobject:
        for p, m in self._pieces:
            if p.part == part and p.kind in ("cell", "dots") and p.key == key:
                return m
        raise KeyError(f"{part} does not show entry {key!r}")

    @property
    def W(self) -> VGroup:
        return self._group(lambda p: p.part == "W")

    @property
    def a_in(self) -> VGroup:
        return self._group(lambda p: p.part == "a_in")

    @property
    def b(self) -> VGroup:
        return self._group(lambda p: p.part == "b")

    @property
    def a_out(self) -> VGroup:
        return self._group(lambda p: p.part == "a_out")

    @property
    def sigma(self) -> VMobject:
        return self._group(lambda p: p.part == "sigma")[0]

    @property
    def parens(self) -> VGroup:
        return self._group(lambda p: p.part == "paren")

    @property
    def equals(self) -> VMobject:
        return self._group(lambda p: p.part == "op" and p.tex == "=")[0]

    @property
    def plus(self) -> VMobject:
        return self._group(lambda p: p.part == "op" and p.tex == "+")[0]

    def row(self, j: int) -> VGroup:
        """The shown entries of row j of W (the weights into neuron j), ⋯ included."""
        if j not in self.spec.rows or j is None:
            raise KeyError(f"row {j} is not shown; shown rows: {self.spec.rows}")
        return self._group(lambda p: p.part == "W" and p.kind in ("cell", "dots") and p.key[0] == j)

    def col(self, i: int) -> VGroup:
        if i not in self.spec.cols or i is None:
            raise KeyError(f"column {i} is not shown; shown columns: {self.spec.cols}")
        return self._group(lambda p: p.part == "W" and p.kind in ("cell", "dots") and p.key[1] == i)

    def entry(self, j: int, i: int) -> VMobject:
        return self._cell("W", (j, i))

    def a_in_entry(self, i: int) -> VMobject:
        return self._cell("a_in", i)

    def b_entry(self, j: int) -> VMobject:
        return self._cell("b", j)

    def a_out_entry(self, j: int) -> VMobject:
        return self._cell("a_out", j)

    @property
    def values(self) -> dict[str, dict]:
        return self.spec.values

    def parts(self) -> dict[str, VMobject]:
        return {"W": self.W, "a_in": self.a_in, "b": self.b, "a_out": self.a_out, "sigma": self.sigma,
                "parens": self.parens, "equals": self.equals, "plus": self.plus}

    # Layout -------------------------------------------------------------------
    def _shift_from(self, part: str, dx: float) -> None:
        """Open a gap of dx before the bracket of ``part`` (everything from it on moves right)."""
        start = next(i for i, (p, _) in enumerate(self._pieces) if p.part == part and p.kind == "open")
        VGroup(*[m for _, m in self._pieces[start:]]).shift(dx * RIGHT)

    def _bracket(self, part: str, kind: str = "open") -> VMobject:
        return self._group(lambda p: p.part == part and p.kind == kind)[0]

    def _row_y(self, part: str, key) -> float:
        return self._cell(part, key).get_center()[1]

    def _place_labels(self) -> None:
        if self.row_labels:
            self._shift_from("W", max(m.width for m in self.row_labels.values()) + 2 * LABEL_BUFF)
            for r, m in self.row_labels.items():
                m.next_to(self._bracket("W"), LEFT, buff=LABEL_BUFF).set_y(self._row_y("W", (r, self.spec.cols[0])))
        if self.a_in_labels:
            self._shift_from("a_in", max(m.width for m in self.a_in_labels.values()) + 2 * LABEL_BUFF)
            for c, m in self.a_in_labels.items():
                m.next_to(self._bracket("a_in"), LEFT, buff=LABEL_BUFF).set_y(self._row_y("a_in", c))
        for c, m in self.col_labels.items():
            m.next_to(self.W, UP, buff=LABEL_BUFF).set_x(self.col(c).get_center()[0])
        bottom = min(getattr(self, part).get_bottom()[1] for part in self.shape_labels)
        for part, m in self.shape_labels.items():
            m.set_x(getattr(self, part).get_center()[0]).align_to([0, bottom - LABEL_BUFF, 0], UP)


def matrix_form_symbolic(n: int, k: int, layer: int = 0, *, font_size: float = EQUATION_SIZE,
                         activation: str = "sigmoid", rows: Sequence[Index] | None = None) -> MatrixEquation:
    """a^(l+1) = σ(W a^(l) + b) written out with w_{j,i}, shape labels underneath."""
    return MatrixEquation(matrix_form_spec(n, k, layer, activation, rows), font_size=font_size)


def matrix_form_numeric(network, digit, layer: int = 0, shown_rows: Sequence[Index] | None = None,
                        shown_cols: Sequence[Index] | None = None, *, font_size: float = EQUATION_SIZE,
                        color_by_sign: bool = True) -> MatrixEquation:
    """The matrix form with the real weights, biases and activations of ``digit``.

    Weights and biases are coloured by sign (the kit's rule); each shown row is
    labelled j=…, each shown column and input entry i=… (for layer 0: pixel indices).
    """
    spec = matrix_form_numeric_spec(network, digit, layer, shown_rows, shown_cols)
    return MatrixEquation(spec, font_size=font_size, color_by_sign=color_by_sign)


def matrix_form_compact_tex(layer: int = 0, activation: str = "sigmoid") -> list[str]:
    """The pieces of a^{(l+1)} = σ(W a^{(l)} + b), one per symbol."""
    return [f"a^{{({layer + 1})}}", "=", squishing(activation).tex, r"\left(", "W", f"a^{{({layer})}}", "+", "b",
            r"\right)"]


def matrix_form_compact(layer: int = 0, *, font_size: float = EQUATION_SIZE, activation: str = "sigmoid") -> MathTex:
    """a^{(l+1)} = σ(W a^{(l)} + b); parts by ``get_part_by_tex("W")`` etc."""
    return MathTex(*matrix_form_compact_tex(layer, activation), font_size=font_size, color=theme().text)


# ---------------------------------------------------------------------------
# One neuron's weighted sum.


def weighted_sum_tex(n: int, neuron: int | None = None) -> str:
    """w_{j,0} a_0 + w_{j,1} a_1 + ⋯ + w_{j,n-1} a_{n-1} for neuron j (w_0 a_0 + ⋯ without one)."""
    if n < 3:
        raise ValueError(f"a written-out weighted sum needs at least 3 terms, got {n}")
    w = (lambda i: f"w_{{{neuron},{i}}}") if neuron is not None else (lambda i: f"w_{{{i}}}")
    first = [rf"{w(i)}\,a_{{{i}}}" for i in (0, 1)]
    return " + ".join([*first, r"\cdots", rf"{w(n - 1)}\,a_{{{n - 1}}}"])


def weighted_sum(n: int, neuron: int | None = None, *, font_size: float = EQUATION_SIZE) -> MathTex:
    return MathTex(weighted_sum_tex(n, neuron), font_size=font_size, color=theme().text)


# ---------------------------------------------------------------------------
# Parameter count.


def parameter_count_tex(sizes: Sequence[int]) -> tuple[list[str], str]:
    """One line per layer gap, ``784 \times 16 = 12{,}544 \text{ weights}``, then the biases'
    ``16 + 16 + 10 = 42 \text{ biases}``; and the total, ``13{,}002 \text{ weights and biases}``."""
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2 or min(sizes) <= 0:
        raise ValueError(f"need at least two positive layer sizes, got {sizes}")
    pairs = list(zip(sizes[:-1], sizes[1:]))
    lines = [rf"{n} \times {k} = {thousands(n * k)}\text{{ weights}}" for n, k in pairs]
    lines.append(" + ".join(str(k) for _, k in pairs) + rf" = {thousands(sum(sizes[1:]))}\text{{ biases}}")
    total = sum(n * k + k for n, k in pairs)
    return lines, rf"{thousands(total)}\text{{ weights and biases}}"


def parameter_count(sizes: Sequence[int], *, font_size: float = 40, total_size: float = 56) -> VGroup:
    """The count as a column: ``.lines`` (one MathTex per line of :func:`parameter_count_tex`), right-aligned,
    and ``.total`` under them in the accent colour."""
    lines, total = parameter_count_tex(sizes)
    group = VGroup()
    group.lines = VGroup(*[MathTex(t, font_size=font_size, color=theme().text) for t in lines])
    group.lines.arrange(DOWN, aligned_edge=RIGHT, buff=0.35)
    group.total = MathTex(total, font_size=total_size, color=theme().accent).next_to(group.lines, DOWN, buff=0.6)
    return group.add(group.lines, group.total)
