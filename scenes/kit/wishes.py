"""Wishes drawn on a network diagram: how much one example wants each neuron, or each weight, to change.

A wish is a real entry of ``−∂C/∂a`` (a neuron's activation) or ``−∂C/∂w`` (an edge's weight) of one
training example, from ``netcore.backprop``. Drawn the way chapter 2 draws the gradient on the edges:
the sign's colour says which way (``style.sign_color``: positive = raise it, the colour of a positive
weight; negative = lower it), the size how much. A neuron's wish is a horizontal bar beside it,
from a thin zero line: to the right to raise it, to the left to lower it, its length proportional to the
value (one scale for the whole column, so the bars compare; vertical arrows sized to the 0.3-unit gap
between two neurons left most wishes a few pixels long). An edge's wish is the edge itself redrawn by the
kit's edge rule (``nudge_edges``).

Every drawing keeps the values it was made from (``values``) and its scale, so a test can check that
each bar's signed length is its value times the scale (``signed_lengths``).
"""

from __future__ import annotations

import numpy as np
from manim import LEFT, RIGHT, Line, Rectangle, Text, VGroup

from scenes.kit import style
from scenes.kit.network import NetworkDiagram
from scenes.kit.style import theme

BAR_HEIGHT = 0.6  # of the gap between two rows


class WishBars(VGroup):
    """One horizontal bar per point of ``centres`` (the zero line's point) for the matching entry of ``values``.

    Bar i starts on the zero line through ``centres[i]`` and is ``|values[i]| * scale`` long, to the right
    for a positive value and to the left for a negative one, in the sign's colour. ``bars[i]`` is its
    mobject, ``zero`` the thin zero line; ``values`` and ``scale`` are kept for the tests (``signed_lengths``)."""

    def __init__(self, centres, values, scale: float, height: float = 0.2, **kwargs):
        super().__init__(**kwargs)
        centres = np.asarray(centres, dtype=float)
        self.values = np.asarray(values, dtype=float)
        self.scale = float(scale)
        self.zero_x = float(centres[0][0]) if len(centres) else 0.0
        self.bars = VGroup()
        for centre, v in zip(centres, self.values):
            length = abs(v) * self.scale
            bar = Rectangle(width=max(length, 1e-3), height=height, stroke_width=0, fill_color=style.sign_color(v),
                            fill_opacity=1.0)
            bar.move_to(centre, aligned_edge=LEFT if v >= 0 else RIGHT)
            self.bars.add(bar)
        top, bottom = centres[:, 1].max() + height, centres[:, 1].min() - height
        self.zero = Line([self.zero_x, bottom, 0], [self.zero_x, top, 0], color=theme().dim_text, stroke_width=2)
        self.zero_height = self.zero.height
        self.add(self.zero, self.bars)

    def signed_lengths(self) -> np.ndarray:
        """Each bar's drawn length, negative when it lies left of the zero line (for the tests), in the units it
        was drawn in: measured from where the zero line is now, and scaled back if the bars were scaled since
        (a small copy in a panel)."""
        zero_x, factor = self.zero.get_x(), self.zero.height / self.zero_height
        out = []
        for bar in self.bars:
            left, right = bar.get_left()[0], bar.get_right()[0]
            length = (right - left) / factor
            out.append(length if left >= zero_x - 1e-6 * max(1.0, factor) else -length)
        return np.array(out)


def column_scale(values, longest: float) -> float:
    """The scale that draws the largest of ``values`` ``longest`` units long."""
    top = float(np.max(np.abs(values))) if len(values) else 0.0
    return longest / top if top > 0 else 1.0


def layer_wishes(diagram: NetworkDiagram, l: int, wishes, *, longest: float = 0.6,
                 scale: float | None = None, offset: float = -0.85) -> WishBars:
    """Bars for the drawn neurons of layer ``l`` of ``diagram`` from ``wishes`` (the whole layer's
    ``−∂C/∂a``, indexed by real neuron), their zero line ``offset`` units right of the neurons (default: left
    of them, between the layers). The largest drawn wish is ``longest`` long, unless a ``scale`` is given."""
    values = np.asarray(wishes, dtype=float)[diagram.drawn[l]]
    centres = diagram.neuron_centers(l) + offset * RIGHT
    pitch = abs(centres[0][1] - centres[1][1]) if len(centres) > 1 else 0.5
    if scale is None:
        scale = column_scale(values, longest)
    return WishBars(centres, values, scale, height=BAR_HEIGHT * pitch)


def nudge_edges(diagram: NetworkDiagram, l: int, grad_w) -> np.ndarray:
    """Redraw, in place, the drawn edges into layer ``l`` with the nudges one example asks of their
    weights, ``−∂C/∂w`` (``grad_w`` is ``∂C/∂W⁽ˡ⁾``, shape (n_l, n_{l−1})): colour = the nudge's sign, width
    = its size, by the kit's edge rule. Returns the drawn edges' nudges, in the diagram's edge order."""
    gap = l - 1
    e = diagram.edge_layers[gap]
    nudges = -np.asarray(grad_w)[diagram.drawn[l][e.dst], diagram.drawn[gap][e.src]]
    diagram.set_edge_weights(gap, nudges)
    return nudges


def grey_edges(diagram: NetworkDiagram, gaps, opacity: float = 0.25) -> NetworkDiagram:
    """The edges of ``gaps`` in the dim text colour, faint: beside bars or edges coloured by a wish's sign,
    an edge still in a weight's sign colour would give the same two colours a second meaning in one frame."""
    for gap in gaps:
        for bucket in diagram.edges[gap]:
            bucket.set_stroke(color=theme().dim_text, opacity=opacity)
    return diagram


def edge_sign_line(words=("positive weight", "negative weight"), font_size: float = style.SMALL_SIZE) -> VGroup:
    """One line saying what an edge's colour means in this frame: a sample edge of each sign and its words."""
    parts = VGroup()
    for sign, said in zip((1, -1), words):
        sample = Line(LEFT * 0.3, RIGHT * 0.3, stroke_width=style.EDGE_MAX_WIDTH + 2, color=style.sign_color(sign))
        parts.add(VGroup(sample, Text(said, font_size=font_size)).arrange(RIGHT, buff=0.15))
    return parts.arrange(RIGHT, buff=0.4)
