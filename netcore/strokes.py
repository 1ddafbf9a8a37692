"""Stroke width: measure it, and thicken strokes much thinner than MNIST's.

MNIST's digits are written with a thick pen for their size: fitted into the 20x20 box,
strokes are 2-3 pixels wide, about 15 % of the box (median over the test set, measured
with :func:`stroke_fraction`; only 1 % of digits are under 10 %). A digit drawn with a
3-pixel brush on an 800x800 canvas, or with a ballpoint pen on paper, has strokes of 1-5 %
of its size: scaled into the box they would be a faint fraction of a pixel, and the network
has never seen such a thing. So thin strokes are widened, in the picture's own resolution
and before scaling down, until they are as thick, relative to the digit, as MNIST's.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

MNIST_FRACTION = 0.15  # median stroke width / ink-box side over MNIST's test digits
# Strokes thinner than THIN are widened to MNIST_FRACTION; from THIN to MNIST_LOW (about MNIST's
# thinnest 1 %) less and less, so that a slightly different photo of the same digit never
# jumps between "widened" and "not"; from MNIST_LOW up they are left as they are.
THIN_FRACTION = 0.06
MNIST_LOW = 0.10
CORE_LEVEL = 0.5  # ink above this is the stroke a brush left; the rest is its anti-aliased edge


def stroke_width(mask: np.ndarray) -> float:
    """Mean stroke width in pixels of a binary shape: 2 x area / perimeter.

    A stroke of width w and length L has area wL and perimeter about 2L. The perimeter is
    the number of pixel edges between ink and not-ink, times pi/4: counting grid edges
    overestimates a curve's length by 4/pi on average over its directions (Cauchy-Crofton).
    """
    mask = np.pad(np.asarray(mask, dtype=bool), 1)
    edges = np.count_nonzero(mask[1:] != mask[:-1]) + np.count_nonzero(mask[:, 1:] != mask[:, :-1])
    if edges == 0:
        return 0.0
    return 2.0 * np.count_nonzero(mask) / (edges * np.pi / 4)


def stroke_fraction(mask: np.ndarray) -> float:
    """Stroke width as a fraction of the longest side of the shape's bounding box."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if not rows.size:
        return 0.0
    return stroke_width(mask) / max(rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1)


def widened_fraction(fraction: float) -> float:
    """The stroke fraction a digit is widened to: MNIST's for thin strokes, its own for MNIST-like ones."""
    weight = float(np.clip((MNIST_LOW - fraction) / (MNIST_LOW - THIN_FRACTION), 0.0, 1.0))
    return fraction + weight * (MNIST_FRACTION - fraction)


def thicken(ink: np.ndarray, threshold: float) -> np.ndarray:
    """``ink`` (a crop in [0, 1]) with strokes widened to MNIST's proportions if they are much thinner.

    Widening by r pixels on each side turns width w in a box of side B into w + 2r in
    B + 2r; solving (w + 2r) / (B + 2r) = target (:func:`widened_fraction`) gives r. The widened stroke is
    every pixel within r of the stroke's core, with a one-pixel anti-aliased edge. The
    result is padded by r on every side so nothing is cut.
    """
    mask = ink > threshold
    if not mask.any():
        return ink
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    side = max(rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1)
    width = stroke_width(mask)
    target = widened_fraction(width / side)
    if target <= width / side:
        return ink
    radius = (target * side - width) / (2 * (1 - target))
    pad = int(np.ceil(radius)) + 2
    ink = np.pad(ink, pad)
    core = ink > CORE_LEVEL
    if not core.any():  # a faint drawing: its brightest part is the core
        core = ink >= 0.5 * ink.max()
    # Distance to the core's nearest pixel, less the core's own half-width (its pixels are at 0).
    distance = ndimage.distance_transform_edt(~core)
    widened = np.clip(radius + 0.5 - distance, 0.0, 1.0)
    return np.maximum(ink, widened * ink.max())
