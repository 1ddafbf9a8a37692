"""Seeded pictures of digits as people bring them to the page: phone photos in uneven light (with
MNIST's thick strokes and with a thin pen), thin brush strokes on a big canvas, chalk-like light
strokes on a dark board, strokes on a transparent background. Made from real MNIST digits with
the preprocessing tests' own generators (tests/netcore/user_pictures.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from tests.netcore import user_pictures


def fixtures(digits: np.ndarray, directory: Path, seed: int = 19) -> list[Path]:
    rng = np.random.default_rng(seed)
    made = [
        user_pictures.phone_photo(digits[0], directory / "photo", rng),
        user_pictures.phone_photo(digits[1], directory / "photo-pen", rng, pen=True),
        user_pictures.canvas_drawing(digits[2], directory / "thin-brush", rng),
    ]
    # Chalk on a board: the thin drawing, light on dark.
    chalk = user_pictures.canvas_drawing(digits[3], directory / "chalk", rng)
    Image.fromarray(255 - np.asarray(Image.open(chalk))).save(chalk)
    made.append(chalk)
    # Strokes on a transparent background (what a drawing app exports with no paper).
    ink = user_pictures.thin_stroke_drawing(digits[4], 300, width=4.0, rng=rng)
    rgba = np.zeros(ink.shape + (4,), np.uint8)
    rgba[..., :3] = 30
    rgba[..., 3] = np.round(ink * 255).astype(np.uint8)
    field = np.zeros((600, 500, 4), np.uint8)
    field[100 : 100 + ink.shape[0], 60 : 60 + ink.shape[1]] = rgba
    transparent = directory / "transparent.png"
    Image.fromarray(field, "RGBA").save(transparent)
    made.append(transparent)
    return made
