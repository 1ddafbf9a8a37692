"""The network diagram's geometry and which neurons it draws: manim-free, so that the videos' kit
(``scenes.kit.style``, ``scenes.kit.network``) and the live page (``pipeline.live``, which never
imports manim) read one definition.
"""

from __future__ import annotations

import numpy as np

from netcore.network import Network

# Network diagram geometry (scene units; the frame is 14.2 x 8 units).
NEURON_RADIUS = 0.16
NEURON_STROKE = 1.5
LAYER_GAP = 2.6
DIAGRAM_WIDTH = 3 * LAYER_GAP  # first to last layer: deeper networks squeeze their gaps into it
NEURON_GAP = 0.38  # centre to centre within a layer
DRAWN_INPUTS = 16  # 8 + ⋮ + 8
EDGE_LEVELS = 5  # magnitude buckets: each (sign, level) is one VMobject
EDGE_MIN_WIDTH, EDGE_MAX_WIDTH = 0.4, 3.2
EDGE_MIN_OPACITY, EDGE_MAX_OPACITY = 0.18, 0.95
EDGE_SCALE_PERCENTILE = 95  # |w| at this percentile of a layer's drawn edges maps to the top level
WEIGHT_IMAGE_PERCENTILE = 99  # |w| at this percentile is full brightness; the few above saturate


def drawn_input_pixels(W0: np.ndarray) -> np.ndarray:
    """Which 16 of the 784 input neurons are drawn: :func:`drawn_neurons`' rule for layer 0.

    The pixels whose incoming weights into layer 1 are largest (L2 norm of W0's
    column), i.e. the pixels the trained network listens to most, in reading order.
    """
    return _strongest(np.linalg.norm(W0, axis=0))


def drawn_neurons(network: Network) -> list[np.ndarray]:
    """Which neurons of each layer a diagram draws: the one rule, used everywhere.

    A layer of at most ``DRAWN_INPUTS`` (16) neurons is drawn whole. A larger one (the 784
    inputs, a hidden layer of 30 or 100) is elided to 16 of them, drawn as
    8 + ⋮ + 8: those with the largest outgoing weights (L2 norm of their column of
    ``W[l]``), i.e. the neurons the next layer listens to most, in index order. For the
    input layer that is :func:`drawn_input_pixels`. A last layer larger than 16
    (never the 10 outputs of these videos) has no outgoing weights and is ranked by its
    incoming ones (rows of ``W[-1]``) instead.

    Every diagram of a video uses the trained network's choice (``scenes.kit.data.diagram``; the live page too),
    so the same pixels and hidden neurons are drawn whichever parameters fill them.
    """
    sizes = network.sizes
    drawn = []
    for l, size in enumerate(sizes):
        if size <= DRAWN_INPUTS:
            drawn.append(np.arange(size))
        elif l < len(network.W):
            drawn.append(_strongest(np.linalg.norm(network.W[l], axis=0)))
        else:
            drawn.append(_strongest(np.linalg.norm(network.W[-1], axis=1)))
    return drawn


def _strongest(strength: np.ndarray) -> np.ndarray:
    """Indices of the ``DRAWN_INPUTS`` largest strengths (ties to the lower index), in index order."""
    return np.sort(np.argsort(-strength, kind="stable")[: DRAWN_INPUTS])
