"""A hand-built edge detector slid over a real digit: its weights and the sum at every place.

The detector is a toy (said so on screen): weights +1 on a short horizontal bar, -1 on the rows
just above and below it. Laid with its top-left corner on pixel (row, col) of a 28x28 digit, its
weighted sum w · a is the sum of weight × pixel value (0..1) over the pixels it covers. The place
where that sum is largest is where it "detects" a horizontal stroke; the place where it is
smallest is where a stroke lies on its negative rows instead.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import correlate2d

BAR_ROWS, BAR_COLS = 3, 12  # the positive bar; a negative band of the same size above and below it


def bar_detector() -> np.ndarray:
    """The detector's weights, (3 * BAR_ROWS, BAR_COLS): -1 above, +1 on the bar, -1 below."""
    band = np.ones((BAR_ROWS, BAR_COLS))
    return np.vstack([-band, band, -band])


def sums(image: np.ndarray, detector: np.ndarray) -> np.ndarray:
    """w · a for the detector's top-left corner on every pixel where it fits wholly on the image.

    ``image``: 28x28 grey values, uint8 0..255 or already 0..1."""
    a = np.asarray(image, dtype=np.float64)
    if a.max() > 1.0:
        a = a / 255.0
    return correlate2d(a, detector, mode="valid")


def matching_places(image: np.ndarray, detector: np.ndarray) -> tuple[tuple[int, int], tuple[int, int]]:
    """((row, col) where the sum is largest, (row, col) where it is smallest): first such place in
    reading order when several tie."""
    s = sums(image, detector)
    best = np.unravel_index(int(np.argmax(s)), s.shape)
    worst = np.unravel_index(int(np.argmin(s)), s.shape)
    return (int(best[0]), int(best[1])), (int(worst[0]), int(worst[1]))
