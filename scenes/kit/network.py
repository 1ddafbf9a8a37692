"""The network diagram, built from the bundle's real weights.

Layers of circles (the input layer drawn as 8 + ⋮ + 8 of its 784 neurons, with a
brace), output labels 0-9, and edges coloured by the sign of their weight and
sized by its magnitude. Edges are bucketed: every (layer gap, sign, magnitude
level) is ONE VMobject whose subpaths are the edges, so a diagram is a few dozen
draw calls instead of hundreds. Edges come first in the family so that
animating neurons never forces Cairo to redraw them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    LEFT,
    RIGHT,
    Animation,
    Brace,
    Circle,
    MathTex,
    Text,
    VGroup,
    VMobject,
    smooth,
)

from netcore.network import Network
from scenes.kit import style
from scenes.kit.pixels import segments
from scenes.kit.style import THEME


def drawn_input_pixels(W0: np.ndarray, count: int = style.DRAWN_INPUTS) -> np.ndarray:
    """Which 16 of the 784 input neurons are drawn: the one rule, used everywhere.

    The pixels whose incoming weights into layer 1 are largest (L2 norm of W0's
    column), i.e. the pixels the trained network listens to most, in reading order.
    """
    strength = np.linalg.norm(W0, axis=0)
    return np.sort(np.argsort(-strength, kind="stable")[:count])


@dataclass(frozen=True)
class EdgeLayer:
    """The drawn edges between two layers, one row per edge, and their buckets."""

    src: np.ndarray  # index into the drawn neurons of the layer before
    dst: np.ndarray  # index into the drawn neurons of the layer after
    weight: np.ndarray  # the real weight W[gap][dst_neuron, src_neuron]
    level: np.ndarray  # magnitude bucket (style.edge_level)
    scale: float
    buckets: dict  # (sign, level) -> VMobject holding those edges


class NetworkDiagram(VGroup):
    """A drawing of ``network`` whose every edge and fill is a real number.

    ``layers[l]`` are the drawn circles of layer l; ``drawn[l][i]`` is the real
    neuron index of circle i (for the input layer, the pixel index 0..783).
    """

    def __init__(
        self,
        network: Network,
        *,
        drawn_inputs: np.ndarray | None = None,
        edges: bool = True,
        output_labels: bool = True,
        input_brace: bool = True,
        layer_gap: float = style.LAYER_GAP,
        neuron_gap: float = style.NEURON_GAP,
        radius: float = style.NEURON_RADIUS,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.network = network
        sizes = network.sizes
        first = drawn_inputs if drawn_inputs is not None else drawn_input_pixels(network.W[0])
        self.drawn = [np.asarray(first)] + [np.arange(k) for k in sizes[1:]]
        self.radius = radius
        self.layers = VGroup(*[self._layer(l, layer_gap, neuron_gap) for l in range(len(sizes))])
        self.edge_layers: list[EdgeLayer] = []
        self.edges = VGroup()
        if edges:
            for gap in range(len(sizes) - 1):
                layer = self._edges(gap)
                self.edge_layers.append(layer)
                self.edges.add(VGroup(*layer.buckets.values()))
        half = len(self.drawn[0]) // 2
        self.input_dots = MathTex(r"\vdots", color=THEME.text).scale(0.9)
        self.input_dots.move_to((self.layers[0][half - 1].get_center() + self.layers[0][half].get_center()) / 2)
        self.add(self.edges, self.layers, self.input_dots)
        if input_brace:
            self.brace = Brace(self.layers[0], LEFT, buff=0.12, color=THEME.dim_text)
            self.brace_label = Text(f"{sizes[0]}", font_size=style.BODY_SIZE).next_to(self.brace, LEFT, buff=0.1)
            self.add(self.brace, self.brace_label)
        if output_labels:
            self.output_labels = VGroup(*[
                Text(str(d), font_size=style.BODY_SIZE).next_to(c, RIGHT, buff=0.18)
                for d, c in zip(self.drawn[-1], self.layers[-1])
            ])
            self.add(self.output_labels)

    def _layer(self, l: int, layer_gap: float, neuron_gap: float) -> VGroup:
        count = len(self.drawn[l])
        x = (l - (len(self.drawn) - 1) / 2) * layer_gap
        if l == 0:
            # Two halves with one empty slot between them for the ⋮.
            slots = np.concatenate([np.arange(count // 2), np.arange(count // 2, count) + 1])
            ys = ((count) / 2 - slots) * neuron_gap
        else:
            ys = ((count - 1) / 2 - np.arange(count)) * neuron_gap
        return VGroup(*[
            Circle(radius=self.radius, stroke_color=THEME.neuron_stroke, stroke_width=style.NEURON_STROKE)
            .set_fill(THEME.activation, opacity=0.0)
            .move_to([x, y, 0])
            for y in ys
        ])

    def neuron_centers(self, l: int) -> np.ndarray:
        return np.array([c.get_center() for c in self.layers[l]])

    def edge_endpoints(self, gap: int, src: np.ndarray, dst: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        a, b = self.neuron_centers(gap)[src], self.neuron_centers(gap + 1)[dst]
        unit = (b - a) / np.linalg.norm(b - a, axis=1, keepdims=True)
        r = self.layers[gap][0].width / 2
        return a + unit * r, b - unit * r

    def _edges(self, gap: int) -> EdgeLayer:
        n_src, n_dst = len(self.drawn[gap]), len(self.drawn[gap + 1])
        src, dst = (a.ravel() for a in np.meshgrid(np.arange(n_src), np.arange(n_dst)))
        weight = self.network.W[gap][self.drawn[gap + 1][dst], self.drawn[gap][src]]
        scale = style.edge_scale(weight)
        level = style.edge_level(weight, scale)
        starts, ends = self.edge_endpoints(gap, src, dst)
        buckets = {}
        # Weak edges first so strong ones are drawn on top.
        for lvl in range(style.EDGE_LEVELS):
            for sign in (1, -1):
                sel = (level == lvl) & ((weight >= 0) if sign > 0 else (weight < 0))
                if sel.any():
                    buckets[(sign, lvl)] = segments(
                        starts[sel], ends[sel],
                        stroke_color=style.sign_color(sign),
                        stroke_width=style.edge_width(lvl),
                        stroke_opacity=style.edge_opacity(lvl),
                    )
        return EdgeLayer(src, dst, weight, level, scale, buckets)

    def edge_bucket(self, gap: int, edge: int) -> VMobject:
        """The VMobject that draws edge number ``edge`` of a layer gap."""
        e = self.edge_layers[gap]
        return e.buckets[(1 if e.weight[edge] >= 0 else -1, int(e.level[edge]))]

    # Activations -------------------------------------------------------------
    def layer_values(self, l: int, activations: np.ndarray) -> np.ndarray:
        """The real activations of the drawn neurons of layer l."""
        return np.asarray(activations)[self.drawn[l]]

    def set_layer(self, l: int, activations: np.ndarray) -> "NetworkDiagram":
        for circle, a in zip(self.layers[l], self.layer_values(l, activations)):
            circle.set_fill(THEME.activation, opacity=float(a))
        return self

    def set_activations(self, activations: list[np.ndarray]) -> "NetworkDiagram":
        for l, a in enumerate(activations):
            self.set_layer(l, a)
        return self

    def clear_activations(self) -> "NetworkDiagram":
        for layer in self.layers:
            for circle in layer:
                circle.set_fill(opacity=0.0)
        return self

    def fill_animation(self, l: int, activations: np.ndarray, **kwargs) -> "FillTo":
        """Layer l's neurons brightening (or dimming) to their real activations."""
        return FillTo(self.layers[l], self.layer_values(l, activations), **kwargs)

    def add_to(self, scene) -> "NetworkDiagram":
        """Add the parts as top-level mobjects, edges first: animating a neuron then never makes
        Cairo redraw the edges each frame (as it does when the whole diagram is one mobject)."""
        scene.add(self.edges, *[m for m in self.submobjects if m is not self.edges])
        return self


class FillTo(Animation):
    """Neuron fills moving to target opacities, in place: no per-circle copies or Transforms."""

    def __init__(self, circles: VGroup, opacities, **kwargs):
        self.start = np.array([c.get_fill_opacity() for c in circles])
        self.end = np.asarray(opacities, dtype=float)
        super().__init__(circles, **kwargs)

    def interpolate_mobject(self, alpha: float) -> None:
        values = self.start + (self.end - self.start) * self.rate_func(alpha)
        for circle, opacity in zip(self.mobject, values):
            circle.set_fill(THEME.activation, opacity=float(opacity))


class EdgePulse(Animation):
    """A short bright dash travelling along every drawn edge of a layer gap at once.

    The dashes are the subpaths of one overlay VMobject recomputed each frame, so
    the (static) edges underneath are never redrawn.
    """

    def __init__(self, diagram: NetworkDiagram, gap: int, length: float = 0.25, color: str | None = None,
                 run_time: float = 0.8, **kwargs):
        e = diagram.edge_layers[gap]
        self.starts, self.ends = diagram.edge_endpoints(gap, e.src, e.dst)
        self.length = length
        widths = np.array([style.edge_width(int(lv)) for lv in e.level])
        self.overlay = VMobject(stroke_color=color or THEME.accent, stroke_width=float(widths.mean()) + 1.0)
        super().__init__(self.overlay, run_time=run_time, rate_func=smooth, remover=True, **kwargs)

    def interpolate_mobject(self, alpha: float) -> None:
        head = self.rate_func(alpha) * (1 + self.length)
        t0, t1 = np.clip(head - self.length, 0, 1), np.clip(head, 0, 1)
        d = self.ends - self.starts
        self.overlay.set_points(segments(self.starts + d * t0, self.starts + d * t1).points
                                if t1 > t0 else np.zeros((0, 3)))


def answer_box(diagram: NetworkDiagram, activations: np.ndarray):
    """A box around the brightest output neuron and its label."""
    from manim import SurroundingRectangle

    best = int(np.argmax(activations))
    target = VGroup(diagram.layers[-1][best], diagram.output_labels[best])
    return SurroundingRectangle(target, color=THEME.accent, buff=0.08, stroke_width=3)

