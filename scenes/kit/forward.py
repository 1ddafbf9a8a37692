"""The forward-pass animation: pixels fly in, layers light up in turn, the answer is boxed."""

from __future__ import annotations

import numpy as np
from manim import Create, LaggedStart, Scene, Transform

from netcore.bundle import Digit
from scenes.kit.fades import fade_out
from scenes.kit.network import EdgePulse, FillTo, NetworkDiagram, answer_box
from scenes.kit.pixels import PixelGrid, pixel_position


def pixels_into_inputs(scene: Scene, diagram: NetworkDiagram, grid: PixelGrid, digit: Digit, run_time=1.2):
    """Copies of the 16 drawn pixels fly from the grid into their input neurons."""
    squares, targets = [], []
    for circle, p in zip(diagram.layers[0], diagram.drawn[0]):
        r, c = pixel_position(p)
        sq = grid.pixel_square(r, c, float(digit.activations[0][p]))
        squares.append(sq)
        targets.append(circle.copy().set_fill(opacity=float(digit.activations[0][p])))
    scene.play(LaggedStart(*[Transform(s, t) for s, t in zip(squares, targets)], lag_ratio=0.04),
               run_time=run_time)
    diagram.set_layer(0, digit.activations[0])
    scene.remove(*squares)


def forward_pass(scene: Scene, diagram: NetworkDiagram, digit: Digit, grid: PixelGrid | None = None,
                 layer_time: float = 0.7):
    """Play the whole pass for ``digit`` and return the answer box (left on screen)."""
    if grid is not None:
        pixels_into_inputs(scene, diagram, grid, digit)
    else:
        scene.play(diagram.fill_animation(0, digit.activations[0]), run_time=layer_time)
    for l in range(1, len(diagram.layers)):
        scene.play(EdgePulse(diagram, l - 1, run_time=layer_time))
        # Cairo redraws every frame each moving mobject AND everything after it in the scene's
        # list; a layer overlaps nothing, so putting it last costs nothing on screen and means
        # only its circles are redrawn (not the later layers, the digit image, the captions).
        scene.bring_to_front(diagram.layers[l])
        scene.play(diagram.fill_animation(l, digit.activations[l]), run_time=layer_time)
    box = answer_box(diagram, digit.output)
    scene.play(Create(box), run_time=0.5)
    return box


def reset(scene: Scene, diagram: NetworkDiagram, *extra):
    scene.play(*[fade_out(m) for m in extra],
               *[FillTo(layer, np.zeros(len(layer))) for layer in diagram.layers], run_time=0.5)
