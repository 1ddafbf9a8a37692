"""The network's last two layers alone: the last hidden layer, the output layer and the edges between.

Chapter 3's calculus happens on this gap (one output weight, the paths out of one hidden neuron), so
the beats draw it large instead of the whole network small. Same rules as the whole diagram: the
trained network's choice of drawn neurons, edge colour = sign, width = size, fill = activation.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, VGroup, Text

from netcore.network import Network
from scenes.kit import style
from scenes.kit.data import bundle
from scenes.kit.legend import layer_name
from scenes.kit.network import NetworkDiagram, drawn_neurons
from scenes.kit.style import theme


def last_gap(network: Network, height: float = 5.2, layer_gap: float = 3.0) -> NetworkDiagram:
    """A diagram of ``network``'s last weight matrix: layer 0 of it is the last hidden layer."""
    gap = Network([network.W[-1]], [network.b[-1]], "sigmoid")
    drawn = drawn_neurons(bundle().network)[-2:]
    d = NetworkDiagram(gap, drawn=drawn, input_brace=False, layer_gap=layer_gap)
    return d.scale_to_fit_height(height) if d.height > height else d


def set_fills(d: NetworkDiagram, hidden: np.ndarray, output: np.ndarray) -> NetworkDiagram:
    """The real activations of the two layers (the last hidden layer's and the outputs)."""
    return d.set_layer(0, hidden).set_layer(1, output)


def gap_names(d: NetworkDiagram, layers: int, font_size: float = style.LABEL_SIZE) -> VGroup:
    """"hidden layer 2" and "output layer" under the two columns (names of the whole network's layers)."""
    names = VGroup()
    for col, l in enumerate((layers - 2, layers - 1)):
        name = Text(layer_name(l, layers), font_size=font_size, color=theme().dim_text)
        names.add(name.next_to(d.layers[col], DOWN, buff=0.3))
    bottom = min(n.get_bottom()[1] for n in names)
    for n in names:
        n.shift((bottom - n.get_bottom()[1]) * DOWN * -1)
    return names


def dim_edges(d: NetworkDiagram, factor: float = 0.35) -> NetworkDiagram:
    """The gap's edges grey and fainter (same widths), so that edges drawn over them in the highlight colour
    stand out while the rest stays for context. Grey, not their sign colours: these frames have no sign key,
    and blue and orange had meant four things by then (review 2 of chapter 3, row G)."""
    for bucket in d.edges[0]:
        bucket.set_stroke(color=theme().dim_text, opacity=bucket.get_stroke_opacity() * factor)
    return d
