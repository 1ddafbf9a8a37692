"""The forward-pass animation: pixels fly in, layers light up in turn, the answer is boxed.

One animation (a ``Succession``), so that a whole pass runs under one spoken line: ``Beat.say``
plays a line's animations in one ``play``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import Create, LaggedStart, Scene, Succession, Transform

from netcore.bundle import Digit
from scenes.kit.fades import fade_out
from scenes.kit.network import EdgePulse, FillTo, NetworkDiagram, answer_box
from scenes.kit.pixels import PixelGrid, pixel_position

PIXELS_TIME = 1.2  # the drawn pixels flying from the grid into their input neurons


def forward_flow(diagram: NetworkDiagram, digit: Digit, grid: PixelGrid | None = None,
                 layer_time: float = 0.5, answer: bool = True) -> tuple[Succession, Callable]:
    """The forward pass of ``digit`` as one animation, and what to call after it has played.

    With a ``grid``, copies of the drawn pixels fly from it into their input neurons (else the
    input layer just fills); then each layer gap pulses and the next layer fills with its real
    activations, ``layer_time`` each; with ``answer`` the brightest output is boxed (the box stays).
    ``done(scene)`` afterwards: the input layer keeps the pixels' values, the flying squares go.
    """
    parts, squares = [], []
    if grid is not None:
        targets = []
        for circle, p in zip(diagram.layers[0], diagram.drawn[0]):
            r, c = pixel_position(p)
            squares.append(grid.pixel_square(r, c, float(digit.activations[0][p])))
            targets.append(circle.copy().set_fill(opacity=float(digit.activations[0][p])))
        parts.append(LaggedStart(*[Transform(s, t) for s, t in zip(squares, targets)], lag_ratio=0.04,
                                 run_time=PIXELS_TIME))
    else:
        parts.append(diagram.fill_animation(0, digit.activations[0], run_time=layer_time))
    for l in range(1, len(diagram.layers)):
        parts.append(EdgePulse(diagram, l - 1, run_time=layer_time,
                               active=diagram.layer_values(l - 1, digit.activations[l - 1])))
        parts.append(diagram.fill_animation(l, digit.activations[l], run_time=layer_time))
    if answer:
        parts.append(Create(answer_box(diagram, digit.output), run_time=0.5))
    flow = Succession(*parts)

    def done(scene: Scene) -> None:
        diagram.set_layer(0, digit.activations[0])
        scene.remove(*squares)
        scene.remove(flow.group)  # the Succession's own group, left at the top level: not the parts

    return flow, done


def reset(scene: Scene, diagram: NetworkDiagram, *extra):
    scene.play(*[fade_out(m) for m in extra],
               *[FillTo(layer, np.zeros(len(layer))) for layer in diagram.layers], run_time=0.5)
