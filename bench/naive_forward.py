"""A deliberately naive ForwardPass: the baseline ``render_speed`` compares the real scene against.

Not part of the videos. ``NaiveForwardPass`` tells exactly the story of
``scenes.chapter1.ForwardPass`` (same digits from the same bundle, same layout, same plays with the
same lines, so the same number of frames, spoken or read) but is built the way a first ManimCE
version would be:

- every drawn edge is its own ``Line`` (672 of them), with the kit's rule for colour, width and
  opacity (``style.edge_level``, ``edge_width``, ``edge_opacity``, ``sign_color``, ``edge_scale``);
  no bucketing into a few VMobjects;
- the edges are simply appended to the diagram group, after the neurons, so animating a neuron's
  fill makes Cairo redraw every edge (and everything added after the diagram);
- the pulse is one ``ShowPassingFlash`` per edge (a bright copy of the edge), one play per layer
  gap, instead of the kit's single overlay ``EdgePulse``; it looks the same (same dash length,
  colour, width and speed);
- the digit is 784 ``Square``s instead of one ``ImageMobject``.

Positions come from the kit's own diagram built with ``edges=False`` (``scenes.kit.data.diagram``),
so neurons, labels, brace and edge endpoints sit exactly where the real scene draws them. Edges are
appended weakest level first, as the kit does, only so that still frames of the two scenes match;
the order costs nothing either way.

Render it:  python -m manim -ql bench/naive_forward.py NaiveForwardPass   (from the repo root)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the manim command only puts bench/ on sys.path
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from manim import (  # noqa: E402
    LEFT,
    RIGHT,
    AnimationGroup,
    FadeOut,
    LaggedStart,
    Line,
    ShowPassingFlash,
    Square,
    Succession,
    Transform,
    VGroup,
    linear,
)
from manim.utils.color import ManimColor  # noqa: E402

from scenes.chapter1 import ForwardPass  # noqa: E402
from scenes.kit import style  # noqa: E402
from scenes.kit.data import diagram  # noqa: E402
from scenes.kit.forward import PIXELS_TIME  # noqa: E402
from scenes.kit.network import NetworkDiagram, answer_box  # noqa: E402
from scenes.kit.pixels import SIDE, pixel_position  # noqa: E402

PULSE_LENGTH = 0.25  # fraction of an edge lit at once, as EdgePulse's default ``length``
GRID_HEIGHT = 2.6
LAYER_TIME = ForwardPass.LAYER_TIME


def naive_edges(d: NetworkDiagram) -> list[VGroup]:
    """One VGroup of separate Lines per layer gap, appended to the diagram after its neurons."""
    gaps = []
    for gap in range(len(d.layers) - 1):
        n_src, n_dst = len(d.drawn[gap]), len(d.drawn[gap + 1])
        src, dst = (a.ravel() for a in np.meshgrid(np.arange(n_src), np.arange(n_dst)))
        weight = d.network.W[gap][d.drawn[gap + 1][dst], d.drawn[gap][src]]
        level = style.edge_level(weight, style.edge_scale(weight))
        starts, ends = d.edge_endpoints(gap, src, dst)
        order = np.lexsort((np.arange(len(weight)), weight < 0, level))  # weak first, as the kit draws them
        lines = VGroup()
        for k in order:
            lvl = int(level[k])
            lines.add(Line(starts[k], ends[k]).set_stroke(
                style.sign_color(weight[k]), width=style.edge_width(lvl), opacity=style.edge_opacity(lvl)))
        lines.levels = level[order]
        gaps.append(lines)
    return gaps


def square_grid(pixels: np.ndarray, height: float = GRID_HEIGHT) -> VGroup:
    """The digit as 784 Squares (row-major, so ``grid[pixel]`` is that pixel), cell lines as strokes."""
    cell = height / SIDE
    values = np.asarray(pixels, dtype=np.float64).reshape(-1) / 255.0
    grid = VGroup()
    for p, v in enumerate(values):
        r, c = pixel_position(p)
        sq = Square(side_length=cell).set_fill(ManimColor.from_rgb((v, v, v)), opacity=1.0)
        sq.set_stroke(style.theme().dim_text, width=0.4, opacity=0.3)  # neighbours' strokes overlap: ~0.5 as the kit's lines
        grid.add(sq.move_to([(c + 0.5) * cell - height / 2, height / 2 - (r + 0.5) * cell, 0]))
    return grid


class NaiveForwardPass(ForwardPass):
    """Forward pass (naive baseline)"""

    # ForwardPass's lines under its passes, the same words so that each lasts as long (with
    # VOICE=none, its reading time; spoken, the voice's): if they drift apart, the frame counts
    # differ and render_speed refuses to compare.
    PASS_LINES = [
        "Its pixels light up the input layer. Then each layer's activations decide how brightly "
        "the next layer glows.",
        "The same weights, but different pixels, so a different pattern lights up, layer by layer.",
        "Watch which output neuron ends up brightest this time, once the pass reaches the end.",
        "Layer by layer, its activations flow through the network, all the way to the output.",
    ]
    LAST_SHOW = "a forward pass: pixels in, layer by layer, answer out"  # ForwardPass's caption of it
    LAST_LINE = ("That is a forward pass. The pixels go in, each layer's activations decide the next layer's, "
                 "and the brightest output is the answer.")

    def construct(self):
        d = diagram(edges=False).shift(1.4 * RIGHT)
        self.edges = naive_edges(d)
        d.add(*self.edges)  # after the neurons: every neuron animation redraws them
        self.add(d)
        digits = self.digits()
        self.score = None  # ForwardPass.answer puts the test accuracy under the digit it gets wrong (self.grid)
        for i, digit in enumerate(digits):
            grid = self.grid = square_grid(digit.image).to_edge(LEFT, buff=0.4)
            self.introduce(i, digit, grid, last=i == len(digits) - 1)  # ForwardPass's line and fade
            self.pass_through(i, d, digit, grid)
            box = answer_box(d, digit.output)
            self.answer(digit, box)  # ForwardPass's line, Create(box)
            if i < len(digits) - 1:
                score = [FadeOut(self.score)] if self.score is not None else []
                self.play(FadeOut(box), FadeOut(grid), *score,
                          *[c.animate.set_fill(opacity=0) for layer in d.layers for c in layer], run_time=0.5)
                self.score = None
        self.say(self.LAST_LINE, show=self.LAST_SHOW)

    def pass_through(self, i, d: NetworkDiagram, digit, grid: VGroup):
        """The pass under one line, as ForwardPass's ``flow`` runs it, built naively."""
        squares = [grid[int(p)].copy() for p in d.drawn[0]]
        targets = [c.copy().set_fill(opacity=float(digit.activations[0][p])) for c, p in zip(d.layers[0], d.drawn[0])]
        steps = [LaggedStart(*[Transform(s, t) for s, t in zip(squares, targets)], lag_ratio=0.04, run_time=PIXELS_TIME)]
        for l in range(1, len(d.layers)):
            steps += [self.pulse(l - 1),
                      # Naive: one .animate Transform per neuron.
                      AnimationGroup(*[c.animate.set_fill(style.theme().activation, opacity=float(a))
                                       for c, a in zip(d.layers[l], d.layer_values(l, digit.activations[l]))],
                                     run_time=LAYER_TIME)]
        self.say(self.PASS_LINES[min(i, len(self.PASS_LINES) - 1)], Succession(*steps))
        d.set_layer(0, digit.activations[0])
        self.remove(*squares)

    def pulse(self, gap: int):
        """Every edge of the gap flashes on its own: a bright copy of it, passed along as a dash."""
        lines = self.edges[gap]
        width = float(np.mean([style.edge_width(int(lv)) for lv in lines.levels])) + 1.0
        # rate_func=linear: EdgePulse hands ``smooth`` to Animation but its interpolate_mobject uses the
        # raw alpha, so the real dash moves at constant speed; this one does too.
        return AnimationGroup(*[ShowPassingFlash(e.copy().set_stroke(style.theme().accent, width=width, opacity=1.0),
                                                 time_width=PULSE_LENGTH, rate_func=linear) for e in lines],
                              run_time=LAYER_TIME)
