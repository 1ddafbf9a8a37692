"""The network diagram, built from the bundle's real weights.

Layers of circles (any layer of more than 16 neurons, always the 784 inputs and hidden
layers of 30 or 100, drawn as 8 + ⋮ + 8 of them with a brace giving the real count;
which ones by :func:`drawn_neurons`), output labels 0-9, and edges coloured by the
sign of their weight and sized by its magnitude. Edges are bucketed: every (layer gap, sign, magnitude
level) is ONE VMobject whose subpaths are the edges, so a diagram is a few dozen
draw calls instead of hundreds. Edges come first in the family so that
animating neurons never forces Cairo to redraw them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from manim import (
    LEFT,
    RIGHT,
    Animation,
    BackgroundRectangle,
    Brace,
    Circle,
    MathTex,
    Text,
    VGroup,
    VMobject,
    linear,
    smooth,
)

from netcore.network import Network
from scenes.drawing import drawn_input_pixels, drawn_neurons  # noqa: F401  (the kit's name for them)
from scenes.kit import style
from scenes.kit.pixels import segment_points, segments
from scenes.kit.style import theme


def layer_activation(network: Network, gap: int) -> str:
    """The squishing function of layer gap + 1: the network's own for hidden layers, a sigmoid for the output."""
    return network.activation if gap < len(network.W) - 1 else "sigmoid"


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
    neuron index of circle i (for the input layer, the pixel index 0..783). Which
    neurons are drawn: ``drawn`` (one index array per layer), else :func:`drawn_neurons`. An elided layer (fewer drawn
    than it has) gets a ⋮ in ``dots[l]`` and, if hidden, a brace with its real count in
    ``counts[l]``; the input layer's are ``input_dots``, ``brace`` and ``brace_label``.
    """

    def __init__(
        self,
        network: Network,
        *,
        drawn: Sequence[np.ndarray] | None = None,
        edges: bool = True,
        output_labels: bool = True,
        input_brace: bool = True,
        layer_gap: float | None = None,
        neuron_gap: float = style.NEURON_GAP,
        radius: float = style.NEURON_RADIUS,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.network = network
        sizes = network.sizes
        if drawn is None:
            drawn = drawn_neurons(network)
        self.drawn = [np.asarray(d) for d in drawn]
        if len(self.drawn) != len(sizes) or any(len(d) == 0 or d.max() >= k for d, k in zip(self.drawn, sizes)):
            raise ValueError(f"drawn neurons {[len(d) for d in self.drawn]} do not fit layer sizes {sizes}")
        self.radius = radius
        if layer_gap is None:
            # The default 4-layer diagram keeps LAYER_GAP; deeper ones share its total width.
            layer_gap = min(style.LAYER_GAP, style.DIAGRAM_WIDTH / (len(sizes) - 1))
        self.layers = VGroup(*[self._layer(l, layer_gap, neuron_gap) for l in range(len(sizes))])
        self.edge_layers: list[EdgeLayer] = []
        self.edges = VGroup()
        if edges:
            for gap in range(len(sizes) - 1):
                layer = self._edges(gap)
                self.edge_layers.append(layer)
                self.edges.add(VGroup(*layer.buckets.values()))
        self.dots = {l: self._dots(l) for l in range(len(sizes)) if self.elided(l)}
        self.input_dots = self.dots.get(0, VGroup())
        self.add(self.edges, self.layers, *self.dots.values())
        self.counts = {l: self._count(l) for l in range(1, len(sizes)) if self.elided(l)}
        self.add(*self.counts.values())
        if input_brace:
            self.brace = Brace(self.layers[0], LEFT, buff=0.12, color=theme().dim_text)
            self.brace_label = Text(f"{sizes[0]}", font_size=style.BODY_SIZE).next_to(self.brace, LEFT, buff=0.1)
            self.add(self.brace, self.brace_label)
        if output_labels:
            self.output_labels = VGroup(*[
                Text(str(d), font_size=style.BODY_SIZE).next_to(c, RIGHT, buff=0.18)
                for d, c in zip(self.drawn[-1], self.layers[-1])
            ])
            self.add(self.output_labels)

    def elided(self, l: int) -> bool:
        """Whether layer l is drawn as 8 + ⋮ + 8 of its neurons rather than all of them."""
        return len(self.drawn[l]) < self.network.sizes[l]

    def position(self, l: int, neuron: int) -> int | None:
        """Which circle of layer l draws real neuron ``neuron`` (None when it is not drawn)."""
        where = np.flatnonzero(self.drawn[l] == neuron)
        return int(where[0]) if where.size else None

    def layer_parts(self, l: int) -> VGroup:
        """Everything that belongs to layer l: its circles, and its ⋮ and brace when elided."""
        parts = [self.layers[l]]
        if l in self.dots:
            parts.append(self.dots[l])
        if l in self.counts:
            parts.append(self.counts[l])
        if l == 0 and hasattr(self, "brace"):
            parts += [self.brace, self.brace_label]
        return VGroup(*parts)

    def _dots(self, l: int) -> MathTex:
        half = len(self.drawn[l]) // 2
        dots = MathTex(r"\vdots", color=theme().text).scale(0.9)
        return dots.move_to((self.layers[l][half - 1].get_center() + self.layers[l][half].get_center()) / 2)

    def _count(self, l: int) -> VGroup:
        """A hidden layer's real size: a brace right of it, the number over a background patch so the
        edges behind stay out of the way of the digits."""
        brace = Brace(self.layers[l], RIGHT, buff=0.06, color=theme().dim_text, sharpness=1.2)
        label = Text(f"{self.network.sizes[l]}", font_size=style.SMALL_SIZE, color=theme().dim_text)
        label.next_to(brace, RIGHT, buff=0.06)
        patch = BackgroundRectangle(label, color=theme().background, fill_opacity=0.85, buff=0.04)
        return VGroup(brace, patch, label)

    def _layer(self, l: int, layer_gap: float, neuron_gap: float) -> VGroup:
        count = len(self.drawn[l])
        x = (l - (len(self.drawn) - 1) / 2) * layer_gap
        if self.elided(l):
            # Two halves with one empty slot between them for the ⋮.
            slots = np.concatenate([np.arange(count // 2), np.arange(count // 2, count) + 1])
            ys = ((count) / 2 - slots) * neuron_gap
        else:
            ys = ((count - 1) / 2 - np.arange(count)) * neuron_gap
        return VGroup(*[
            Circle(radius=self.radius, stroke_color=theme().neuron_stroke, stroke_width=style.NEURON_STROKE)
            .set_fill(theme().activation, opacity=0.0)
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
        # Every (sign, level) bucket exists, empty or not, so that new weights can refill them in place
        # (EdgeMorph). Weak edges first so strong ones are drawn on top.
        buckets = {
            (sign, lvl): VMobject(stroke_color=style.sign_color(sign), stroke_width=style.edge_width(lvl),
                                  stroke_opacity=style.edge_opacity(lvl))
            for lvl in range(style.EDGE_LEVELS) for sign in (1, -1)
        }
        layer = EdgeLayer(src, dst, weight, weight, 1.0, buckets)
        return self._fill_buckets(gap, layer, weight, points=segment_points(*self.edge_endpoints(gap, src, dst)))

    def _fill_buckets(self, gap: int, layer: EdgeLayer, weight: np.ndarray, scale: float | None = None,
                      points: np.ndarray | None = None) -> EdgeLayer:
        """Put each drawn edge of ``layer`` in the bucket of its weight's sign and magnitude level.

        ``points``: the edges' Bézier points, 4 an edge (:meth:`edge_points`), when already known."""
        scale = style.edge_scale(weight) if scale is None else scale
        level = style.edge_level(weight, scale)
        points = (self.edge_points(gap) if points is None else points).reshape(-1, 4, 3)
        for (sign, lvl), bucket in layer.buckets.items():
            sel = (level == lvl) & ((weight >= 0) if sign > 0 else (weight < 0))
            bucket.set_points(points[sel].reshape(-1, 3))
        return EdgeLayer(layer.src, layer.dst, weight, level, scale, layer.buckets)

    def edge_points(self, gap: int) -> np.ndarray:
        """The Bézier points of every drawn edge of a gap where the neurons are now, 4 an edge, in edge order."""
        e = self.edge_layers[gap]
        return segment_points(*self.edge_endpoints(gap, e.src, e.dst))

    def set_edge_weights(self, gap: int, weight: np.ndarray, scale: float | None = None,
                         points: np.ndarray | None = None) -> "NetworkDiagram":
        """Redraw a gap's edges, in place, for new weights of the same drawn edges (one per row of ``src``)."""
        self.edge_layers[gap] = self._fill_buckets(gap, self.edge_layers[gap], np.asarray(weight, dtype=float),
                                                   scale, points)
        return self

    def drawn_weights(self, network: Network, gap: int) -> np.ndarray:
        """``network``'s weights on this diagram's drawn edges of a gap (same order as ``edge_layers[gap]``)."""
        e = self.edge_layers[gap]
        return network.W[gap][self.drawn[gap + 1][e.dst], self.drawn[gap][e.src]]

    def incoming_edges(self, gap: int, neuron: int, extra_width: float = 2.0) -> VGroup:
        """Copies of the drawn edges into (real) neuron ``neuron`` of layer gap + 1, in their sign colours,
        ``extra_width`` thicker than in the diagram (for lighting up one neuron's weights)."""
        e = self.edge_layers[gap]
        sel = np.flatnonzero(e.dst == self.position(gap + 1, neuron))
        starts, ends = self.edge_endpoints(gap, e.src[sel], e.dst[sel])
        return VGroup(*[
            segments(starts[i : i + 1], ends[i : i + 1], stroke_color=style.sign_color(e.weight[k]),
                     stroke_width=style.edge_width(int(e.level[k])) + extra_width)
            for i, k in enumerate(sel)
        ])

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
            circle.set_fill(theme().activation, opacity=float(a))
        return self

    def set_activations(self, activations: list[np.ndarray]) -> "NetworkDiagram":
        for l, a in enumerate(activations):
            self.set_layer(l, a)
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
            circle.set_fill(theme().activation, opacity=float(opacity))


class EdgeMorph(Animation):
    """A diagram's edges moving through ``networks`` (same drawn neurons; evenly in time), in place.

    Between two networks each drawn weight, and each gap's width scale, moves linearly; every
    frame is drawn by the kit's edge rule (colour = sign, width and opacity = magnitude level),
    refilling the diagram's buckets: no second diagram, no swap. At the end the diagram draws
    the last network exactly. ``follow(t, i, f)``, if given, is called every frame after the
    edges, for what moves with them (a step counter, a curve): ``t`` is the position in
    snapshots (0 .. len(networks) - 1), between network ``i`` and ``i + 1``, ``f`` of the way.

    The animated mobject is the diagram's edges: add what ``follow`` changes after them, so
    Cairo redraws it too (it redraws everything after a moving mobject).
    """

    def __init__(self, diagram: NetworkDiagram, networks: Sequence[Network], follow=None, **kwargs):
        if len(networks) < 2:
            raise ValueError("an edge morph needs at least two networks")
        gaps = range(len(diagram.edge_layers))
        self.diagram, self.target, self.follow = diagram, networks[-1], follow
        self.weights = [[diagram.drawn_weights(n, gap) for gap in gaps] for n in networks]
        self.scales = [[style.edge_scale(w) for w in ws] for ws in self.weights]
        self.edge_points = [diagram.edge_points(gap) for gap in gaps]  # the edges stay put
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
        if self.follow is not None:
            self.follow(t, i, f)

    def finish(self) -> None:
        super().finish()
        for gap, points in enumerate(self.edge_points):
            self.diagram.set_edge_weights(gap, self.weights[-1][gap], self.scales[-1][gap], points)
        self.diagram.network = self.target


class EdgePulse(Animation):
    """A short bright dash travelling along the drawn edges of a layer gap at once.

    With ``active`` (the activations of the gap's drawn source neurons), only edges that carry
    something run a dash: from a lit neuron (``ACTIVE``), along a weight in the upper half of the
    magnitude levels. Dashes on all 256 edges of a 16-16 gap at once read as a flickering yellow
    moiré rather than as a signal; the selected few read as the lit neurons sending it on.
    The dashes are the subpaths of one overlay VMobject recomputed each frame, so
    the (static) edges underneath are never redrawn.
    """

    LENGTH = 0.3  # of a dash, as a fraction of its edge
    ACTIVE = 0.5  # a source neuron at least this bright sends a dash

    def __init__(self, diagram: NetworkDiagram, gap: int, run_time: float = 0.8, active=None, **kwargs):
        e = diagram.edge_layers[gap]
        keep = np.ones(len(e.src), dtype=bool)
        if active is not None:
            keep = (np.asarray(active)[e.src] >= self.ACTIVE) & (e.level >= style.EDGE_LEVELS // 2)
        self.starts, self.ends = diagram.edge_endpoints(gap, e.src[keep], e.dst[keep])
        self.overlay = VMobject(stroke_color=theme().accent, stroke_width=style.EDGE_MAX_WIDTH)
        super().__init__(self.overlay, run_time=run_time, rate_func=smooth, remover=True, **kwargs)

    def interpolate_mobject(self, alpha: float) -> None:
        head = self.rate_func(alpha) * (1 + self.LENGTH)
        t0, t1 = np.clip(head - self.LENGTH, 0, 1), np.clip(head, 0, 1)
        d = self.ends - self.starts
        self.overlay.set_points(segments(self.starts + d * t0, self.starts + d * t1).points
                                if t1 > t0 and len(d) else np.zeros((0, 3)))


def answer_box(diagram: NetworkDiagram, activations: np.ndarray):
    """A box around the brightest output neuron and its label, no taller than the gap between two
    outputs, so it never runs over the labels above and below."""
    from manim import SurroundingRectangle

    best = int(np.argmax(activations))
    target = VGroup(diagram.layers[-1][best], diagram.output_labels[best])
    circles = diagram.layers[-1]
    pitch = abs(circles[1].get_center()[1] - circles[0].get_center()[1]) if len(circles) > 1 else target.height + 0.16
    box = SurroundingRectangle(target, color=theme().accent, buff=0.08, stroke_width=3)
    return box.stretch_to_fit_height(min(box.height, 0.92 * pitch)).move_to(target)
