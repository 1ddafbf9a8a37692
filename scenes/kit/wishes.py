"""Wishes drawn on a network diagram: how much one example wants each neuron, or each weight, to change.

A wish is a real entry of ``−∂C/∂a`` (a neuron's activation) or ``−∂C/∂w`` (an edge's weight) of one
training example, from ``netcore.backprop``. Drawn the way chapter 2 draws the gradient on the edges:
the sign's colour says which way (``style.sign_color``: positive = raise it, the colour of a positive
weight; negative = lower it), the size how much. A neuron's wish is a vertical arrow beside it, up to
raise, down to lower, its length proportional to the value (one scale for the whole column, so the
arrows compare). An edge's wish is the edge itself redrawn by the kit's edge rule (``nudge_edges``).

Every drawing keeps the values it was made from (``values``) and its scale, so a test can check that
each arrow's signed length is its value times the scale (``signed_lengths``).
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, RIGHT, UP, Arrow, Line, VGroup

from scenes.kit import style
from scenes.kit.network import NetworkDiagram

WISH_STROKE = 6
TIP = 0.16  # the arrow head's length; an arrow shorter than this is drawn as a plain tick


class WishArrows(VGroup):
    """One vertical arrow per point of ``centres`` for the matching entry of ``values``.

    Arrow i is centred on ``centres[i]`` and is ``|values[i]| * scale`` long, pointing up for a
    positive value and down for a negative one, in the sign's colour. ``arrows[i]`` is its mobject;
    ``values`` and ``scale`` are kept for the tests (``signed_lengths``)."""

    def __init__(self, centres, values, scale: float, stroke_width: float = WISH_STROKE, **kwargs):
        super().__init__(**kwargs)
        self.values = np.asarray(values, dtype=float)
        self.scale = float(scale)
        self.arrows = VGroup()
        for centre, v in zip(np.asarray(centres, dtype=float), self.values):
            half = 0.5 * abs(v) * self.scale * (UP if v >= 0 else DOWN)
            start, end = centre - half, centre + half
            colour = style.sign_color(v)
            if abs(v) * self.scale > TIP:
                arrow = Arrow(start, end, buff=0, color=colour, stroke_width=stroke_width,
                              tip_length=TIP, max_tip_length_to_length_ratio=0.5, max_stroke_width_to_length_ratio=50)
            else:  # too short for a head: a tick as long as the value
                arrow = Line(start, end, color=colour, stroke_width=stroke_width)
            self.arrows.add(arrow)
        self.add(self.arrows)

    def signed_lengths(self) -> np.ndarray:
        """Each arrow's drawn length, negative when it points down (for the tests)."""
        return np.array([a.get_end()[1] - a.get_start()[1] for a in self.arrows])


def column_scale(values, longest: float) -> float:
    """The scale that draws the largest of ``values`` ``longest`` units long."""
    top = float(np.max(np.abs(values))) if len(values) else 0.0
    return longest / top if top > 0 else 1.0


def layer_wishes(diagram: NetworkDiagram, l: int, wishes, *, longest: float | None = None,
                 scale: float | None = None, offset: float = 0.0) -> WishArrows:
    """Arrows for the drawn neurons of layer ``l`` of ``diagram`` from ``wishes`` (the whole layer's
    ``−∂C/∂a``, indexed by real neuron), ``offset`` units right of each neuron's centre. The largest drawn
    wish is ``longest`` long (default: 0.9 of the gap between two neurons), unless a ``scale`` is given."""
    values = np.asarray(wishes, dtype=float)[diagram.drawn[l]]
    centres = diagram.neuron_centers(l) + offset * RIGHT
    if scale is None:
        pitch = abs(centres[0][1] - centres[1][1]) if len(centres) > 1 else 1.0
        scale = column_scale(values, 0.9 * pitch if longest is None else longest)
    return WishArrows(centres, values, scale)


def nudge_edges(diagram: NetworkDiagram, l: int, grad_w) -> np.ndarray:
    """Redraw, in place, the drawn edges into layer ``l`` with the nudges one example asks of their
    weights, ``−∂C/∂w`` (``grad_w`` is ``∂C/∂W⁽ˡ⁾``, shape (n_l, n_{l−1})): colour = the nudge's sign, width
    = its size, by the kit's edge rule. Returns the drawn edges' nudges, in the diagram's edge order."""
    gap = l - 1
    e = diagram.edge_layers[gap]
    nudges = -np.asarray(grad_w)[diagram.drawn[l][e.dst], diagram.drawn[gap][e.src]]
    diagram.set_edge_weights(gap, nudges)
    return nudges
