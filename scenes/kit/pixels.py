"""28x28 grids: a digit's pixels and a neuron's 784 weights.

Grids are drawn as one ``ImageMobject`` with nearest-neighbour resampling
(2 ms a frame instead of 35 ms for 784 squares); squares and numbers are made
only for the pixels that must move or carry a value.
"""

from __future__ import annotations

import numpy as np
from manim import (
    LEFT,
    PI,
    UP,
    Brace,
    Group,
    ImageMobject,
    Square,
    Text,
    VGroup,
    VMobject,
)
from manim.constants import RESAMPLING_ALGORITHMS
from manim.utils.color import ManimColor

from scenes.kit import style
from scenes.kit.glyphs import plain
from scenes.kit.style import theme

SIDE = 28


def image_mobject(rgb: np.ndarray, height: float) -> ImageMobject:
    img = ImageMobject(rgb)
    img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    img.height = height
    return img


class PixelGrid(Group):
    """A 28x28 image with thin cell lines; ``cell_center(r, c)`` locates a pixel."""

    def __init__(self, rgb: np.ndarray, height: float = SIDE * style.PIXEL_SIZE, grid_lines: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.image = image_mobject(rgb, height)
        self.add(self.image)
        if grid_lines:
            self.lines = grid_lines_mobject(self.image)
            self.add(self.lines)

    @property
    def cell(self) -> float:
        return self.image.height / SIDE

    def cell_center(self, row: int, col: int) -> np.ndarray:
        top_left = self.image.get_corner(UP + LEFT)
        return top_left + self.cell * np.array([col + 0.5, -(row + 0.5), 0.0])

    def pixel_square(self, row: int, col: int, value: float) -> Square:
        """One pixel as a movable square of its grey level."""
        sq = Square(side_length=self.cell, stroke_width=0.5, stroke_color=theme().dim_text)
        sq.set_fill(ManimColor.from_rgb((value, value, value)), opacity=1.0)
        return sq.move_to(self.cell_center(row, col))


def grid_lines_mobject(image: ImageMobject) -> VMobject:
    """All 29 + 29 cell lines as one VMobject (one draw call)."""
    left, right = image.get_left()[0], image.get_right()[0]
    top, bottom = image.get_top()[1], image.get_bottom()[1]
    xs = np.linspace(left, right, SIDE + 1)
    ys = np.linspace(bottom, top, SIDE + 1)
    starts = [(x, bottom, 0) for x in xs] + [(left, y, 0) for y in ys]
    ends = [(x, top, 0) for x in xs] + [(right, y, 0) for y in ys]
    return segments(np.array(starts, float), np.array(ends, float), stroke_color=theme().dim_text,
                    stroke_width=0.4, stroke_opacity=0.5)


def segments(starts: np.ndarray, ends: np.ndarray, **style_kwargs) -> VMobject:
    """Many straight segments as the subpaths of one VMobject."""
    vm = VMobject(**style_kwargs)
    if len(starts):
        vm.set_points(segment_points(starts, ends))
    return vm


def segment_points(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The cubic Bézier points (4 a segment) of straight segments from ``starts`` to ``ends``."""
    t = np.array([0.0, 1 / 3, 2 / 3, 1.0])[None, :, None]
    return (starts[:, None, :] + (ends - starts)[:, None, :] * t).reshape(-1, 3)


def digit_grid(pixels: np.ndarray, height: float = SIDE * style.PIXEL_SIZE, grid_lines: bool = True) -> PixelGrid:
    return PixelGrid(style.grey_rgb(pixels), height, grid_lines)


def weight_grid(weights: np.ndarray, height: float = SIDE * style.PIXEL_SIZE, scale: float | None = None,
                grid_lines: bool = False) -> PixelGrid:
    """784 weights as a 28x28 image: colour = sign, brightness = size."""
    return PixelGrid(style.weight_rgb(np.asarray(weights).reshape(SIDE, SIDE), scale), height, grid_lines)


def side_braces(grid: PixelGrid) -> VGroup:
    """'28 px' braces along the top and the left of a grid."""
    label = f"{SIDE} px"
    top = Brace(grid.image, UP, buff=0.08, color=theme().dim_text)
    left = Brace(grid.image, LEFT, buff=0.08, color=theme().dim_text)
    return VGroup(
        top, Text(label, font_size=style.SMALL_SIZE, color=theme().dim_text).next_to(top, UP, buff=0.08),
        # turned to run up the brace, as a height is written on a drawing: a level label stood out
        # a whole word's width left of the grid, off the frame for a grid near the left edge
        left, Text(label, font_size=style.SMALL_SIZE, color=theme().dim_text).rotate(PI / 2).next_to(left, LEFT, buff=0.08),
    )


VALUE_LAYOUT_SIZE = 48  # a value is laid out at this size, then scaled to its cell's height


def value_labels(grid: PixelGrid, pixels: np.ndarray, decimals: int = 1) -> VGroup:
    """Each pixel's grey value (0.0 = black, 1.0 = white) written on it.

    Values are rounded to ``decimals`` places; one Text is laid out per distinct
    string (Pango layout is slow) and plain copies of its outlines are placed.
    """
    values = np.asarray(pixels, dtype=np.float64) / 255.0
    size = grid.cell * 0.42
    cache: dict[str, VGroup] = {}
    labels = VGroup()
    for r in range(SIDE):
        for c in range(SIDE):
            v = values[r, c]
            s = f"{v:.{decimals}f}"
            if s not in cache:
                cache[s] = plain(Text(s, font_size=VALUE_LAYOUT_SIZE).set(height=size))
            label = cache[s].copy().move_to(grid.cell_center(r, c))
            label.set_color("#000000" if v > 0.55 else "#FFFFFF")
            labels.add(label)
    return labels


def pixel_position(index: int) -> tuple[int, int]:
    """Row and column of an entry of the unrolled 784-vector (rows of 28 one after another)."""
    return divmod(int(index), SIDE)

