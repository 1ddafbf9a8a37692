"""Chapter 2's longer movements as single animations, so that each can run under one spoken line.

``Beat.say`` plays the animations of a line in one ``play``; a forward pass, a flip through
training images or a whole training run were many ``play`` calls. Here each is one
animation that does the same thing on screen:

- ``forward_flow``: pixels fly into the input layer, each layer lights up in turn, the answer
  is boxed (what ``scenes.kit.forward.forward_pass`` plays, as one ``Succession``);
- ``Flipbook``: one picture slot and its caption showing a list of examples, faster and faster;
- ``TrainingRun``: a diagram's edges moving through every training snapshot while a step
  counter and the cost curve follow.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from manim import Animation, Create, Group, LaggedStart, Mobject, Succession, Transform, VMobject, linear

from netcore.bundle import Digit
from netcore.network import Network
from scenes.kit import style
from scenes.kit.network import EdgePulse, NetworkDiagram, answer_box
from scenes.kit.pixels import PixelGrid, pixel_position


def forward_flow(diagram: NetworkDiagram, digit: Digit, grid: PixelGrid | None = None,
                 layer_time: float = 0.5) -> tuple[Succession, Callable]:
    """The forward pass of ``digit`` as one animation, and what to call after it has played
    (``done(scene)``: the input layer takes the pixels' values, the flying squares go)."""
    parts, squares = [], []
    if grid is not None:
        targets = []
        for circle, p in zip(diagram.layers[0], diagram.drawn[0]):
            r, c = pixel_position(p)
            squares.append(grid.pixel_square(r, c, float(digit.activations[0][p])))
            targets.append(circle.copy().set_fill(opacity=float(digit.activations[0][p])))
        parts.append(LaggedStart(*[Transform(s, t) for s, t in zip(squares, targets)], lag_ratio=0.04,
                                 run_time=1.2))
    else:
        parts.append(diagram.fill_animation(0, digit.activations[0], run_time=layer_time))
    for l in range(1, len(diagram.layers)):
        parts.append(EdgePulse(diagram, l - 1, run_time=layer_time))
        parts.append(diagram.fill_animation(l, digit.activations[l], run_time=layer_time))
    parts.append(Create(answer_box(diagram, digit.output), run_time=0.5))
    flow = Succession(*parts)

    def done(scene) -> None:
        diagram.set_layer(0, digit.activations[0])
        scene.remove(*squares)
        scene.remove(flow.group)  # the Succession's own group, left at the top level: not the parts

    return flow, done


class Flipbook(Animation):
    """``slot`` (an image) and ``caption`` show ``pages`` in turn, page i for ``durations[i]`` (relative)."""

    def __init__(self, slot: Mobject, caption: VMobject, pages: Sequence[tuple[Mobject, VMobject]],
                 durations: Sequence[float], **kwargs):
        self.slot, self.caption, self.pages = slot, caption, list(pages)
        ends = np.cumsum(np.asarray(durations, dtype=float))
        self.ends = ends / ends[-1]
        self.page = -1
        kwargs.setdefault("rate_func", linear)
        super().__init__(Group(slot, caption), **kwargs)

    def interpolate_mobject(self, alpha: float) -> None:
        page = min(int(np.searchsorted(self.ends, alpha, side="right")), len(self.pages) - 1)
        if page != self.page:
            image, text = self.pages[page]
            self.slot.pixel_array = image.pixel_array
            self.caption.become(text)
            self.page = page


class TrainingRun(Animation):
    """``diagram``'s edges through ``networks`` (one per snapshot, evenly in time), with ``counter``
    becoming ``counter_texts[i]`` at snapshot i and ``curve`` drawn through the curve points whose
    step has been reached (the step between two snapshots interpolated on a log scale).

    The animated mobject is the diagram's edges: add ``counter`` and ``curve`` after them, so
    Cairo redraws them too (it redraws everything after a moving mobject)."""

    def __init__(self, diagram: NetworkDiagram, networks: Sequence[Network], snapshot_steps: np.ndarray,
                 counter: VMobject, counter_texts: Sequence[VMobject], curve: VMobject,
                 curve_points: np.ndarray, curve_steps: np.ndarray, **kwargs):
        gaps = range(len(diagram.edge_layers))
        self.diagram, self.target = diagram, networks[-1]
        self.weights = [[diagram.drawn_weights(n, gap) for gap in gaps] for n in networks]
        self.scales = [[style.edge_scale(w) for w in ws] for ws in self.weights]
        self.edge_points = [diagram.edge_points(gap) for gap in gaps]
        self.log_steps = np.log10(np.asarray(snapshot_steps, dtype=float) + 1)
        self.counter, self.counter_texts, self.shown = counter, list(counter_texts), -1
        self.curve, self.curve_points, self.curve_steps = curve, np.asarray(curve_points), np.asarray(curve_steps)
        kwargs.setdefault("rate_func", linear)
        super().__init__(diagram.edges, **kwargs)

    def interpolate_mobject(self, alpha: float) -> None:
        t = self.rate_func(alpha) * (len(self.weights) - 1)
        i = min(int(t), len(self.weights) - 2)
        f = t - i
        for gap, points in enumerate(self.edge_points):
            w0, w1 = self.weights[i][gap], self.weights[i + 1][gap]
            s0, s1 = self.scales[i][gap], self.scales[i + 1][gap]
            self.diagram.set_edge_weights(gap, w0 + (w1 - w0) * f, s0 + (s1 - s0) * f, points)
        reached = min(int(np.floor(t + 1e-9)), len(self.weights) - 1)
        if reached != self.shown:
            self.counter.become(self.counter_texts[reached])
            self.shown = reached
        step = 10 ** (self.log_steps[i] + f * (self.log_steps[i + 1] - self.log_steps[i])) - 1
        upto = int(np.searchsorted(self.curve_steps, step + 1e-6, side="right"))
        if upto >= 2:
            self.curve.set_points_as_corners(self.curve_points[:upto])
        else:
            self.curve.clear_points()

    def finish(self) -> None:
        super().finish()
        for gap, points in enumerate(self.edge_points):
            self.diagram.set_edge_weights(gap, self.weights[-1][gap], self.scales[-1][gap], points)
        self.diagram.network = self.target
