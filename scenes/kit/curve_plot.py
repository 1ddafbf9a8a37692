"""A small plot of real curves: axes with numbers, a label on each axis, and lines drawn from arrays.

Every point drawn is an array entry (``polyline`` keeps them as corners), so a test can read the
curve back from the mobject and compare it with the bundle.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, UP, Axes, Text, VGroup, VMobject

from scenes.kit import style
from scenes.kit.style import theme


def nice_step(top: float, ticks: int = 4) -> float:
    """A round tick spacing (1, 2 or 5 times a power of ten) giving about ``ticks`` ticks up to ``top``."""
    raw = max(top, 1e-12) / ticks
    power = 10 ** np.floor(np.log10(raw))
    return float(power * min((m for m in (1, 2, 5, 10) if m * power >= raw), default=10))


def places(step: float) -> int:
    """Decimals that write every multiple of a tick spacing exactly (none for whole steps)."""
    return max(0, int(-np.floor(np.log10(step) + 1e-9)))


def plot_axes(x_top: float, y_top: float, x_label: str, y_label: str, width: float = 5.6,
              height: float = 3.4, number_size: float = style.SMALL_AXIS_NUMBER_SIZE) -> tuple[Axes, VGroup]:
    """Axes from 0 to the tops, numbered (``number_size``), and their labels (under the x axis, over the y axis)."""
    xs, ys = nice_step(x_top), nice_step(y_top)
    axes = Axes(x_range=[0, xs * np.ceil(x_top / xs), xs], y_range=[0, ys * np.ceil(y_top / ys), ys],
                x_length=width, y_length=height, tips=False,
                axis_config={"include_numbers": True, "font_size": number_size,
                             "color": theme().dim_text},
                x_axis_config={"decimal_number_config": {"num_decimal_places": places(xs)}},
                y_axis_config={"decimal_number_config": {"num_decimal_places": places(ys)}})
    labels = VGroup(Text(x_label, font_size=style.LABEL_SIZE, color=theme().text).next_to(axes.x_axis, DOWN, buff=0.5),
                    Text(y_label, font_size=style.LABEL_SIZE, color=theme().text)
                    .next_to(axes.y_axis, UP, buff=0.2).align_to(axes.y_axis, LEFT))
    return axes, labels


def polyline(axes: Axes, xs, ys, color: str, width: float = 3) -> VMobject:
    """The curve through (xs[i], ys[i]), as straight pieces between the real points."""
    points = [axes.c2p(float(x), float(y)) for x, y in zip(xs, ys)]
    return VMobject(stroke_color=color, stroke_width=width).set_points_as_corners(points)


def staircase(axes: Axes, xs, ys, color: str, width: float = 3) -> VMobject:
    """A run that holds its value from xs[i] until xs[i + 1] and only then changes (a whole-set step:
    the cost stays put while every image is read, then drops at the step): flat, then straight down."""
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    corners = [(xs[0], ys[0])]
    for i in range(1, len(xs)):
        corners += [(xs[i], ys[i - 1]), (xs[i], ys[i])]
    return polyline(axes, [x for x, _ in corners], [y for _, y in corners], color, width)


def curve_values(axes: Axes, curve: VMobject) -> np.ndarray:
    """The (x, y) data a :func:`polyline` was drawn through (its corners, read back): for tests."""
    corners = curve.get_anchors()
    points = np.array([axes.p2c(p) for p in corners])
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = np.any(np.abs(np.diff(points, axis=0)) > 1e-12, axis=1)  # each corner once
    return points[keep]
