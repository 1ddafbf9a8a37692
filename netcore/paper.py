"""Find the ink of one digit in a greyscale picture: a photo or scan of paper, or a drawing.

A phone photo of a digit on paper is not "dark digit on white": the light falls off across
the page, a hand or the phone casts a soft shadow, the paper is grey and textured, the JPEG
adds blocks, and a strip of table may show around the sheet. A single threshold cannot
separate ink from paper there: a shadowed piece of paper is darker than ink in full light.
So, in order:

1. polarity: ink is the minority tail of the grey levels (dark ink on light paper, or light
   chalk/MNIST-style strokes on a dark ground, which is flipped to dark-on-light);
2. lighting: the paper's own brightness everywhere (a grey *closing* wider than any stroke,
   on a coarse grid, then blurred: the "rolling ball" background) and each pixel's darkening
   *relative* to it, ``1 - grey / paper``: light multiplies reflectance, so dividing it out
   makes ink in the shadow as dark as ink in the light;
3. noise: a floor estimated from the paper itself (median absolute deviation), so texture,
   sensor noise and JPEG ringing stay below it;
4. what is the digit: connected marks above the floor, keeping the biggest and the marks
   near it, and dropping specks, far-away marks and bands along the picture's edge (table,
   the sheet's edge, a dark corner).

The result is an ink map in [0, 1] (1 = the stroke's core) the size of the working picture.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

MIN_CONTRAST = 0.1  # grey levels (of 1) the darkest ink must differ from the paper by
COARSE_SIDE = 96  # the background is estimated on a grid about this many cells on a side
BACKGROUND_WINDOW = 0.3  # closing width, as a fraction of the picture's shorter side: wider than strokes
NOISE_FLOOR_SIGMAS = 6.0  # a mark must stand this many noise deviations above the paper
MIN_RELATIVE_INK = 0.12  # ...and darken the paper by at least this fraction
CLEAR_INK = 0.3  # darkening by this fraction is ink for sure (left out when measuring the noise)
SPECK_FRACTION = 0.02  # marks with less ink than this fraction of the digit's biggest stroke are dropped
NEAR_FRACTION = 0.35  # marks further from the digit than this fraction of its size are dropped
EDGE_STRIP = 0.1  # a mark mostly within this fraction of the shorter side from the edge is not the digit
POLARITY_BLUR = 0.25  # local contrast: grey level minus the mean of a window this fraction of the shorter side on each side
AROUND_CELLS = 1.5  # blur of the second, ink-aware look at the paper, in coarse cells
PRIOR_WEIGHT = 0.02  # how much the first guess counts where no paper is near (a count of cells)
CORE_PERCENTILE = 90  # the ink level at this percentile of the strokes counts as full ink


def ink_on_paper(grey: np.ndarray) -> np.ndarray:
    """Ink map in [0, 1] of a greyscale picture (floats in [0, 1]); all zero if no ink stands out."""
    grey = np.asarray(grey, dtype=np.float64)
    if np.ptp(ndimage.gaussian_filter(grey, 1.0)) < MIN_CONTRAST:
        return np.zeros_like(grey)
    if light_strokes(grey):
        grey = 1.0 - grey
    paper = paper_brightness(grey)
    darkening = np.clip(paper - grey, 0.0, None)
    relative = darkening / paper
    # A little smoothing before deciding what is ink: JPEG and sensor noise are pixel-sized,
    # strokes are not.
    smooth = ndimage.gaussian_filter(relative, 0.8)
    floor = noise_floor(smooth)
    marks = (smooth > max(floor, MIN_RELATIVE_INK)) & (ndimage.gaussian_filter(darkening, 0.8) > MIN_CONTRAST / 2)
    digit = digit_marks(marks, smooth)
    if not digit.any():
        return np.zeros_like(grey)
    # Second look at the paper, now that the ink is known: the paper right around the strokes,
    # which follows a shadow's edge more closely than the closing could without knowing the ink.
    paper = paper_around(grey, ndimage.binary_dilation(digit, iterations=2), paper)
    relative = np.clip(paper - grey, 0.0, None) / paper
    # Keep the strokes' soft edges (anti-aliasing, the pen's falloff), not just the thresholded
    # core, and scale by the ink alone: the noise floor decides what is ink, not how wide it looks.
    near = ndimage.binary_dilation(digit, iterations=2)
    core = float(np.percentile(relative[digit], CORE_PERCENTILE))
    return np.where(near, np.clip(relative / core, 0.0, 1.0), 0.0)


def light_strokes(grey: np.ndarray) -> bool:
    """Are the strokes lighter than the ground (chalk, MNIST itself) rather than darker (ink on paper)?

    Strokes are the sparse, far tail of the picture's *local* contrast: the grey level minus
    a blur much wider than a stroke. The raw grey levels cannot tell: in uneven light, paper
    spans a wider range of grey than the ink's distance from it.
    """
    local = grey - ndimage.uniform_filter(grey, 2 * int(POLARITY_BLUR * min(grey.shape)) + 1, mode="nearest")
    lo, median, hi = np.percentile(ndimage.gaussian_filter(local, 1.0), [0.1, 50, 99.9])
    return hi - median > median - lo


def paper_brightness(grey: np.ndarray) -> np.ndarray:
    """The paper's brightness at every pixel, as if the ink were not there.

    On a coarse grid (each cell the median of its pixels: thin strokes vanish, noise
    averages out), a grey closing (max then min filter) wider than any stroke replaces ink
    by the paper around it and keeps smooth light ramps as they are; a blur then removes
    the closing's blockiness. Upsampled back to the picture's size.
    """
    h, w = grey.shape
    cell = max(1, int(np.ceil(max(h, w) / COARSE_SIDE)))
    ch, cw = -(-h // cell), -(-w // cell)
    padded = np.pad(grey, ((0, ch * cell - h), (0, cw * cell - w)), mode="edge")
    coarse = np.median(padded.reshape(ch, cell, cw, cell), axis=(1, 3))
    window = max(3, int(round(BACKGROUND_WINDOW * min(ch, cw))) | 1)
    # Continue the light's ramps past the picture's edge (odd reflection) so that paper getting
    # darker towards an edge is not mistaken for a valley of ink and filled in.
    margin = window
    extended = np.pad(coarse, margin, mode="reflect", reflect_type="odd")
    closed = ndimage.grey_closing(extended, size=(window, window))
    smooth = ndimage.gaussian_filter(closed, window / 4)[margin:-margin, margin:-margin]
    return np.maximum(to_full_size(smooth, cell, (h, w)), MIN_CONTRAST)  # never divide by a black "paper"


def to_full_size(coarse: np.ndarray, cell: int, shape: tuple[int, int]) -> np.ndarray:
    """Bilinear upsampling of a coarse grid; cell centres sit at (i + 0.5) * cell - 0.5 in pixels."""
    rows = (np.arange(shape[0]) + 0.5) / cell - 0.5
    cols = (np.arange(shape[1]) + 0.5) / cell - 0.5
    return ndimage.map_coordinates(coarse, np.meshgrid(rows, cols, indexing="ij"), order=1, mode="nearest")


def paper_around(grey: np.ndarray, ink: np.ndarray, first_guess: np.ndarray) -> np.ndarray:
    """The paper's brightness from the paper alone: a local average that leaves the ``ink`` pixels out.

    Normalised convolution on the coarse grid (sum of paper grey levels and count of paper
    pixels per cell, each blurred the same way, divided); where a stroke is wider than the
    blur and no paper is near, ``first_guess`` fills in, through a weak prior in the average.
    """
    h, w = grey.shape
    cell = max(1, int(np.ceil(max(h, w) / COARSE_SIDE)))
    ch, cw = -(-h // cell), -(-w // cell)

    def cells(a):
        a = np.pad(a, ((0, ch * cell - h), (0, cw * cell - w)), mode="edge")
        return a.reshape(ch, cell, cw, cell).mean(axis=(1, 3))

    on_paper = (~ink).astype(np.float64)
    total = ndimage.gaussian_filter(cells(grey * on_paper), AROUND_CELLS, mode="nearest")
    count = ndimage.gaussian_filter(cells(on_paper), AROUND_CELLS, mode="nearest")
    prior = cells(first_guess)
    local = (total + PRIOR_WEIGHT * prior) / (count + PRIOR_WEIGHT)
    return np.maximum(to_full_size(local, cell, (h, w)), MIN_CONTRAST)


def noise_floor(relative: np.ndarray) -> float:
    """Darkening that paper texture, sensor noise, JPEG and imperfect flattening reach on their own.

    Measured on the paper: the median and median absolute deviation of the picture, leaving
    out what is clearly ink (and its edges), so that a digit filling half a tight crop does
    not pass for paper.
    """
    clear_ink = ndimage.binary_dilation(relative > CLEAR_INK, iterations=3)
    paper = relative[~clear_ink] if np.count_nonzero(~clear_ink) > 0.1 * relative.size else relative
    median = float(np.median(paper))
    mad = float(np.median(np.abs(paper - median)))
    return median + NOISE_FLOOR_SIGMAS * 1.4826 * mad


def digit_marks(marks: np.ndarray, strength: np.ndarray) -> np.ndarray:
    """The marks that make up the digit: the biggest, and the others that are near it and not specks."""
    labels, count = ndimage.label(marks, structure=np.ones((3, 3)))
    if count == 0:
        return marks
    index = np.arange(1, count + 1)
    mass = ndimage.sum_labels(strength, labels, index)
    boxes = ndimage.find_objects(labels)
    edge = np.array([along_edge(labels, i + 1, box) for i, box in enumerate(boxes)])
    if not edge.all():  # ...unless nothing else is there: a digit cropped tight, touching every side
        mass[edge] = 0.0
    main = int(np.argmax(mass))
    kept = {main}
    top, bottom, left, right = box_edges(boxes[main])
    # Grow the digit mark by mark (a 5's separate bar, a gap where the pen lifted), nearest first.
    changed = True
    while changed:
        changed = False
        reach = NEAR_FRACTION * max(bottom - top, right - left)
        for i, box in enumerate(boxes):
            if i in kept or mass[i] < SPECK_FRACTION * mass[main]:
                continue
            t, b, l, r = box_edges(box)
            gap = max(top - b, t - bottom, left - r, l - right, 0)
            if gap <= reach:
                kept.add(i)
                top, bottom, left, right = min(top, t), max(bottom, b), min(left, l), max(right, r)
                changed = True
    return np.isin(labels, [i + 1 for i in kept])


def box_edges(box: tuple[slice, slice]) -> tuple[int, int, int, int]:
    return box[0].start, box[0].stop, box[1].start, box[1].stop


def along_edge(labels: np.ndarray, index: int, box: tuple[slice, slice]) -> bool:
    """A mark lying along the picture's edge (table, the sheet's edge, a dark corner), not a digit touching it.

    It touches the edge and most of it lies in a thin strip along the edge: a digit written
    up to the edge has most of its ink inside the picture.
    """
    h, w = labels.shape
    top, bottom, left, right = box_edges(box)
    if top > 0 and left > 0 and bottom < h and right < w:
        return False
    strip = max(2, int(EDGE_STRIP * min(h, w)))
    mine = labels[box] == index
    rows = np.arange(top, bottom)[:, None]
    cols = np.arange(left, right)[None, :]
    near = (rows < strip) | (rows >= h - strip) | (cols < strip) | (cols >= w - strip)
    return np.count_nonzero(mine & near) > 0.5 * np.count_nonzero(mine)
