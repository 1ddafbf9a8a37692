"""Realistic user pictures made from real MNIST digits, for the preprocessing tests.

Two kinds, the ones lecturers and their students actually bring:

- ``phone_photo``: the digit written on paper and photographed: dark ink on grey-ish paper,
  uneven lighting (a gradient and a soft shadow), paper texture, sensor noise, a warm colour
  cast, sometimes a strip of table around the sheet, saved as a lossy JPEG. ``pen=True``
  redraws the digit with a thin pen line (a few percent of its height) instead of MNIST's
  thick stroke.
- ``canvas_drawing``: the digit drawn with a thin brush (2-6 px) on a large white canvas
  (800x800 by default), away from the centre, saved as a PNG.

Thin strokes come from the digit's own skeleton (Zhang-Suen thinning of the upscaled digit),
so the drawing follows the real writer's path. Every random draw comes from the ``rng``
passed in.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage


def upscale(digit: np.ndarray, side: int) -> np.ndarray:
    """A 28x28 uint8 digit as a float [0, 1] ink map of side x side (bicubic, smooth edges)."""
    big = Image.fromarray(digit).resize((side, side), Image.Resampling.BICUBIC)
    return np.clip(np.asarray(big, dtype=np.float64) / 255.0, 0.0, 1.0)


def skeleton(mask: np.ndarray) -> np.ndarray:
    """Zhang-Suen thinning: the 1-pixel-wide centre line of a binary shape (vectorised)."""
    m = np.pad(mask.astype(bool), 1)
    while True:
        changed = False
        for step in (0, 1):
            p = [np.roll(np.roll(m, -dy, 0), -dx, 1) for dy, dx in
                 ((-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1))]  # P2..P9
            count = sum(q.astype(int) for q in p)
            transitions = sum((~p[i] & p[(i + 1) % 8]).astype(int) for i in range(8))
            if step == 0:
                keep_shape = ~(p[0] & p[2] & p[4]) & ~(p[2] & p[4] & p[6])
            else:
                keep_shape = ~(p[0] & p[2] & p[6]) & ~(p[0] & p[4] & p[6])
            remove = m & (count >= 2) & (count <= 6) & (transitions == 1) & keep_shape
            if remove.any():
                m &= ~remove
                changed = True
        if not changed:
            return m[1:-1, 1:-1]


def thin_stroke_drawing(digit: np.ndarray, box: int, width: float, rng: np.random.Generator) -> np.ndarray:
    """The digit redrawn with a line ``width`` px wide, its ink box about ``box`` px: float ink map.

    The skeleton is found at 6x MNIST's size, then drawn as polylines at the target size
    (1 px lines through neighbouring skeleton pixels) and widened to ``width`` with an
    anti-aliased edge, like a brush on a canvas.
    """
    base = 28 * 6
    bones = skeleton(upscale(digit, base) > 0.25)
    side = int(round(box * 28 / 20))  # MNIST's ink box is 20 of its 28 pixels
    scale = side / base
    jitter = rng.uniform(-0.3, 0.3, size=2)  # the stroke need not sit on the pixel grid
    line = Image.new("L", (side, side), 0)
    draw = ImageDraw.Draw(line)
    ys, xs = np.nonzero(bones)
    on = set(zip(ys.tolist(), xs.tolist()))
    for y, x in on:
        for dy, dx in ((0, 1), (1, -1), (1, 0), (1, 1)):  # each neighbour pair drawn once
            if (y + dy, x + dx) in on:
                draw.line([((x + 0.5) * scale + jitter[1], (y + 0.5) * scale + jitter[0]),
                           ((x + dx + 0.5) * scale + jitter[1], (y + dy + 0.5) * scale + jitter[0])], fill=255)
    distance = ndimage.distance_transform_edt(np.asarray(line) == 0)
    return np.clip(width / 2 + 0.5 - distance, 0.0, 1.0)


def canvas_drawing(digit: np.ndarray, path: Path, rng: np.random.Generator, canvas: int = 800) -> Path:
    """Thin dark strokes on a big white canvas, off-centre: what a drawing app exports."""
    box = int(rng.integers(canvas // 5, canvas // 2))
    ink = thin_stroke_drawing(digit, box, width=float(rng.uniform(2.0, 6.0)), rng=rng)
    top, left = (int(rng.integers(0, canvas - ink.shape[0])) for _ in range(2))
    field = np.zeros((canvas, canvas))
    field[top : top + ink.shape[0], left : left + ink.shape[1]] = ink
    colour = np.array([rng.uniform(0, 40), rng.uniform(0, 40), rng.uniform(0, 60)])  # near-black brush
    rgb = 255 - field[..., None] * (255 - colour)
    path = path.with_suffix(".png")
    Image.fromarray(np.round(rgb).astype(np.uint8), "RGB").save(path)
    return path


def phone_photo(digit: np.ndarray, path: Path, rng: np.random.Generator, pen: bool = False,
                even_light: bool = False) -> Path:
    """The digit written on paper and photographed in uneven light, saved as a JPEG.

    ``even_light`` photographs the very same sheet (same random draws) in flat light.
    """
    height, width = 420, 360
    box = int(rng.integers(170, 240))
    if pen:
        ink = thin_stroke_drawing(digit, box, width=box * float(rng.uniform(0.025, 0.05)), rng=rng)
    else:
        ink = upscale(digit, int(round(box * 28 / 20)))
    # Where the digit sits on the page: near the middle, not exactly on it.
    top = int(np.clip((height - ink.shape[0]) // 2 + rng.integers(-40, 41), 0, height - ink.shape[0]))
    left = int(np.clip((width - ink.shape[1]) // 2 + rng.integers(-30, 31), 0, width - ink.shape[1]))
    field = np.zeros((height, width))
    field[top : top + ink.shape[0], left : left + ink.shape[1]] = ink

    paper = rng.uniform(0.68, 0.9)  # white to grey paper
    pen_colour = rng.uniform(0.08, 0.25)
    texture = ndimage.gaussian_filter(rng.normal(size=(height, width)), 2.0) * 0.04  # paper fibres
    texture += ndimage.gaussian_filter(rng.normal(size=(height, width)), 12.0) * 0.15  # blotches
    reflectance = (paper + texture) * (1 - field) + pen_colour * field

    # A strip of table on one or two sides of the sheet (darker, brownish: set below).
    table = np.zeros((height, width), bool)
    for side in rng.choice(4, size=int(rng.integers(0, 3)), replace=False):
        band = int(rng.integers(8, 25))
        if side == 0:
            table[:band] = True
        elif side == 1:
            table[-band:] = True
        elif side == 2:
            table[:, :band] = True
        else:
            table[:, -band:] = True
    reflectance[table] = rng.uniform(0.25, 0.4)

    # Light: a gradient across the page, and sometimes a soft shadow over one part of it.
    yy, xx = np.mgrid[0:height, 0:width] / max(height, width)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = np.cos(angle) * xx + np.sin(angle) * yy
    ramp = (ramp - ramp.min()) / (ramp.max() - ramp.min())
    light = rng.uniform(0.45, 0.65) + (1 - rng.uniform(0.45, 0.65)) * ramp
    if rng.random() < 0.6:
        edge_angle = rng.uniform(0, 2 * np.pi)
        d = np.cos(edge_angle) * (xx - rng.uniform(0.2, 0.8)) + np.sin(edge_angle) * (yy - rng.uniform(0.2, 0.8))
        light *= 1 - rng.uniform(0.2, 0.35) / (1 + np.exp(-d / 0.04))  # penumbra ~ 5 % of the frame
    if even_light:
        light = np.full_like(light, light.mean())
    grey = reflectance * light

    # Camera: slight blur, a warm colour cast, sensor noise, JPEG.
    grey = ndimage.gaussian_filter(grey, 0.7)
    cast = np.array([1.0, rng.uniform(0.9, 0.97), rng.uniform(0.75, 0.9)])
    rgb = grey[..., None] * cast + rng.normal(0, 0.015, size=(height, width, 3))
    tint = np.array([0.55, 0.4, 0.25])  # wood
    rgb[table] = rgb[table] * tint / tint.mean()
    path = path.with_suffix(".jpg")
    Image.fromarray(np.round(np.clip(rgb, 0, 1) * 255).astype(np.uint8), "RGB").save(
        path, quality=int(rng.integers(55, 80)))
    return path
