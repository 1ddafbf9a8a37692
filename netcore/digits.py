"""Turn any picture of one handwritten digit into a 28x28 MNIST-style image.

MNIST digits are light ink on black, the ink scaled to fit a 20x20 box (keeping its
aspect ratio) and placed in a 28x28 field so that its centre of mass is the centre.
Any picture Pillow decodes goes (PNG, JPEG, GIF, BMP, TIFF, WebP, 16-bit greyscale...):
any size, dark-on-light or light-on-dark, strokes on a transparent background, a phone
photo of paper in uneven light (``netcore.paper`` finds the ink), or a thin-brush drawing
on a big canvas (``netcore.strokes`` widens its strokes to MNIST's
proportions before scaling down).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError
from scipy import ndimage

from netcore import paper, strokes
from netcore.errors import ImageError

MAX_PIXELS = 40_000_000  # a 40-megapixel photo is already far more than a digit needs
FORMATS = "any picture Pillow decodes: PNG, JPEG, GIF, BMP, TIFF, WebP..."
BOX = 20
FIELD = 28
INK_THRESHOLD = 0.15  # fraction of full contrast that counts as ink when cropping
WORK_SIDE = 1024  # bigger pictures are reduced to this many pixels on their longer side first


def open_image(path: Path | str) -> Image.Image:
    path = Path(path)
    if path.is_dir():
        raise ImageError(f"{path}: is a directory, not an image file")
    if not path.is_file():
        raise ImageError(f"{path}: file not found")
    too_large = f"{path}: image too large ({{}}; netcore reads at most {MAX_PIXELS:,} pixels)"
    try:
        # Our limit is far below Pillow's, and checked from the header before any decoding, so
        # Pillow's own two-line warning (or its error, past twice its limit) must not speak first.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(path)
    except UnidentifiedImageError:
        raise ImageError(f"{path}: not an image netcore can read (it reads {FORMATS})") from None
    except Image.DecompressionBombError:
        # Only past twice Pillow's limit, which is itself above ours: the header's size is lost
        # with the image, the count Pillow refused is not.
        raise ImageError(too_large.format(f"over {2 * Image.MAX_IMAGE_PIXELS:,} pixels")) from None
    except OSError as err:
        raise ImageError(f"{path}: unreadable image ({err})") from None
    try:
        width, height = img.size
        if width * height > MAX_PIXELS:
            raise ImageError(too_large.format(f"{width}x{height}"))
        if width == 0 or height == 0:
            raise ImageError(f"{path}: empty image ({width}x{height})")
        img.load()
        upright = ImageOps.exif_transpose(img)  # photos: upright as any viewer shows them
    except (ImageError, OSError) as err:
        img.close()  # a refused picture keeps no file open
        if isinstance(err, ImageError):
            raise
        raise ImageError(f"{path}: unreadable image ({err})") from None
    return upright
    return img


def ink(img: Image.Image) -> np.ndarray:
    """Ink intensity in [0, 1] (1 = full ink), whatever the colours, background and lighting."""
    if img.mode in ("P", "PA") and "transparency" in img.info or img.mode == "P":
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA"):
        alpha = np.asarray(img.getchannel("A"), dtype=np.float64) / 255.0
        if np.median(_border(alpha)) < 0.5:
            # Strokes drawn on a transparent background: the strokes are where alpha is.
            return _reduce(alpha)
        img = img.convert("RGB")
    if img.mode.startswith("I"):  # 16-bit greyscale: convert("L") would clip it at 255
        grey = np.asarray(img, dtype=np.float64) / 65535.0
    else:
        grey = np.asarray(img.convert("L"), dtype=np.float64) / 255.0
    return paper.ink_on_paper(_reduce(grey))


def _reduce(a: np.ndarray) -> np.ndarray:
    """Block-average a big picture down to at most WORK_SIDE on a side (a phone photo is 4000 px;
    the digit's shape and its strokes, a few % of its size, survive; the work is 16x less)."""
    factor = int(np.ceil(max(a.shape) / WORK_SIDE))
    if factor <= 1:
        return a
    h, w = (a.shape[0] // factor) * factor, (a.shape[1] // factor) * factor
    return a[:h, :w].reshape(h // factor, factor, w // factor, factor).mean(axis=(1, 3))


def _border(a: np.ndarray) -> np.ndarray:
    return np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])


def to_mnist(ink_map: np.ndarray, source: str = "image") -> np.ndarray:
    """uint8 (28, 28): crop to the ink, fit into 20x20, centre by centre of mass."""
    mask = ink_map > INK_THRESHOLD
    if not mask.any():
        raise ImageError(f"{source}: empty image (no digit found: no ink stands out from the background)")
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    crop = ink_map[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    # Thin strokes (a brush on a big canvas, a pen on paper) widened to MNIST's proportions,
    # in the picture's resolution, before scaling down makes them vanish.
    crop = strokes.thicken(crop, INK_THRESHOLD)
    mask = crop > INK_THRESHOLD
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    crop = crop[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    h, w = crop.shape
    scale = BOX / max(h, w)
    new_h, new_w = max(1, round(h * scale)), max(1, round(w * scale))
    patch = np.asarray(
        Image.fromarray(crop.astype(np.float32), mode="F").resize((new_w, new_h), Image.Resampling.LANCZOS)
    )
    patch = np.clip(patch, 0.0, 1.0)
    cy, cx = ndimage.center_of_mass(patch)
    centre = FIELD / 2  # where MNIST's own digits have their centre of mass: pixel (14, 14)
    top = int(np.clip(round(centre - cy), 0, FIELD - new_h))
    left = int(np.clip(round(centre - cx), 0, FIELD - new_w))
    field = np.zeros((FIELD, FIELD))
    field[top : top + new_h, left : left + new_w] = patch
    return np.round(field * 255).astype(np.uint8)


def load_digit(path: Path | str) -> np.ndarray:
    """A user's digit image, preprocessed the way MNIST was made: uint8 (28, 28)."""
    return to_mnist(ink(open_image(path)), str(path))


def preview(path: Path | str, max_side: int = 1024) -> np.ndarray:
    """The user's picture as given (upright, colours kept), shrunk to ``max_side``: uint8 RGB for display.

    A transparent background is shown as paper of the opposite brightness to the strokes
    (white under dark strokes, black under light ones), so the strokes stay visible.
    """
    img = open_image(path)
    if img.mode.startswith("I"):  # 16-bit greyscale: to 8 bits before any resampling
        img = Image.fromarray(np.round(np.asarray(img, dtype=np.float64) / 257.0).astype(np.uint8), "L")
    elif img.mode in ("P", "PA"):
        img = img.convert("RGBA" if img.mode == "PA" or "transparency" in img.info else "RGB")
    elif img.mode not in ("L", "LA", "RGB", "RGBA"):
        img = img.convert("RGB")  # "1", CMYK, YCbCr...
    img.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    if img.mode in ("RGBA", "LA"):
        rgba = img.convert("RGBA")
        alpha = np.asarray(rgba.getchannel("A"), dtype=np.float64) / 255.0
        grey = np.asarray(rgba.convert("L"), dtype=np.float64)
        dark = alpha.sum() == 0 or np.average(grey, weights=alpha + 1e-12) < 128
        backdrop = Image.new("RGBA", rgba.size, (255, 255, 255, 255) if dark else (0, 0, 0, 255))
        img = Image.alpha_composite(backdrop, rgba)
    return np.asarray(img.convert("RGB"), dtype=np.uint8)


def save_png(image: np.ndarray, path: Path | str) -> None:
    try:
        Image.fromarray(np.asarray(image, dtype=np.uint8), mode="L").save(path, format="PNG")
    except OSError as err:
        raise ImageError(f"{path}: cannot write ({err.strerror or err})") from None
