"""The table of nudges: what each real training image asks of a few weights, and their average.

One column per example (its picture and label over it), one row per weight, each cell the nudge
−∂C/∂w that image's own cost asks for, written in the sign's colour (as chapter 2 draws gradient
components); a last column, added separately, the average over the whole training set, −∇C's entry.
Which weights: :func:`table_weights`, a rule that holds for any network.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, RIGHT, Group, Line, MathTex, Text, VGroup

from scenes.kit import style
from scenes.kit.pixels import image_mobject
from scenes.kit.spoken import figure, significant_places, written
from scenes.kit.style import theme

THUMB = 1.1  # a column's picture
COLUMN = 1.6  # column pitch
ROW = 0.85  # row pitch
CELL_SIZE = style.TERM_SIZE  # the nudges (TeX digits: 32 reads at 24 px and more)


def weight_tex(layer: int, j: int, k: int) -> str:
    """w^{(3)}_{2,5}: the weight into neuron j of layer ``layer`` from neuron k of the layer before."""
    return rf"w^{{({layer})}}_{{{j},{k}}}"


def table_layer(sizes) -> int:
    """The layer whose incoming weights the table shows: the last hidden layer's (every image moves them,
    through every output), or the output layer's in a network without hidden layers."""
    return max(1, len(sizes) - 2)


def table_weights(examples, layer: int, rows: int = 4) -> list[tuple[int, int]]:
    """Weights (j, k) of ``layer`` for the rows, by a rule that holds for any network: those on which the
    shown examples disagree in sign, the most readable first (the largest smallest |nudge| among them);
    then, if too few disagree, the rest by that same size."""
    nudges = np.stack([-e.grad_w[layer] for e in examples])
    smallest = np.abs(nudges).min(axis=0)
    disagree = (nudges.max(axis=0) > 0) & (nudges.min(axis=0) < 0)
    order = np.lexsort((-smallest.ravel(), ~disagree.ravel()))
    return [tuple(int(i) for i in np.unravel_index(int(f), smallest.shape)) for f in order[:rows]]


def places(value: float) -> int:
    """Decimal places that write a nudge to two significant digits (0.0013, -0.032, 0.25)."""
    return significant_places(value, 2, fewest=2)


def cell(value: float) -> MathTex:
    """A nudge as written on screen: the same text the voice says (``spoken.figure`` at :func:`places`)."""
    return MathTex(written(figure(value, places(value))), font_size=CELL_SIZE, color=style.sign_color(value))


class NudgeTable(VGroup):
    """Columns of per-example nudges. ``header[c]`` is column c's picture and label, ``cells[r][c]``
    the nudge of row r's weight; ``values[r][c]`` the real numbers drawn; ``row_labels[r]`` the weight."""

    def __init__(self, examples, pictures, layer: int, weights: list[tuple[int, int]]):
        super().__init__()
        self.weights = weights
        self.values = [[-float(e.grad_w[layer][j, k]) for e in examples] for j, k in weights]
        self.row_labels = VGroup(*[MathTex(weight_tex(layer, j, k), font_size=style.INLINE_FORMULA_SIZE)
                                   for j, k in weights])
        for r, label in enumerate(self.row_labels):
            label.move_to([0, -r * ROW, 0], aligned_edge=RIGHT)
        x0 = 0.5 + COLUMN / 2
        self.cells = VGroup(*[VGroup(*[cell(v).move_to([x0 + c * COLUMN, -r * ROW, 0]) for c, v in enumerate(row)])
                              for r, row in enumerate(self.values)])
        self.header = Group()
        for c, (e, pic) in enumerate(zip(examples, pictures)):
            thumb = image_mobject(style.grey_rgb(pic), THUMB)
            label = Text(f"{e.label}", font_size=style.BODY_SIZE)
            column = Group(thumb, label).arrange(DOWN, buff=0.1)
            self.header.add(column.move_to([x0 + c * COLUMN, 0.5 * ROW + 0.15 + column.height / 2, 0]))
        right = x0 + (len(examples) - 0.5) * COLUMN
        self.rule = Line([self.row_labels.get_left()[0], 0.5 * ROW, 0], [right, 0.5 * ROW, 0],
                         color=theme().dim_text, stroke_width=2)
        self.add(self.row_labels, self.cells, self.rule)
        self.x_next = x0 + len(examples) * COLUMN  # where an extra column goes

    def column(self, c: int) -> VGroup:
        return VGroup(*[row[c] for row in self.cells])


def average_column(table: NudgeTable, mean_w: np.ndarray, layer: int, train_count: int) -> tuple[VGroup, list[float]]:
    """The last column: −(mean gradient) of each row's weight over the training set, with its heading."""
    values = [-float(mean_w[j, k]) for j, k in table.weights]
    x = table.x_next + 0.35
    cells = VGroup(*[cell(v).move_to([x, table.cells[r][0].get_center()[1], 0]) for r, v in enumerate(values)])
    heading = VGroup(MathTex(r"-\nabla C", font_size=style.INLINE_FORMULA_SIZE, color=theme().accent),
                     # in the text colour, not dimmed: the column's meaning, to be read
                     Text("average over all", font_size=style.LABEL_SIZE, color=theme().text),
                     Text(f"{train_count:,} training images,", font_size=style.LABEL_SIZE, color=theme().text),
                     # not the mean of the columns beside it, which are only a few of them
                     Text(f"not just these {len(table.values[0])}", font_size=style.LABEL_SIZE,
                          color=theme().text)
                     ).arrange(DOWN, buff=0.08)
    heading.move_to([x, table.rule.get_top()[1] + 0.15 + heading.height / 2, 0])
    divider = Line([x - COLUMN / 2 - 0.05, table.rule.get_y() + 0.2, 0],
                   [x - COLUMN / 2 - 0.05, table.cells[-1][0].get_bottom()[1] - 0.15, 0],
                   color=theme().dim_text, stroke_width=2)
    return VGroup(divider, heading, cells), values
