"""Every visual constant in one place: palette, sizes, fonts, and the weight/activation rules.

The palettes themselves are in ``scenes.themes``. Magnitude is always carried a second way
besides the sign's colour: stroke width and opacity for edges, brightness for weight images.
"""

from __future__ import annotations

import numpy as np
from manim import DecimalNumber, MathTex, NumberLine, Tex, Text, config
from manim.utils.color import ManimColor

from scenes.drawing import (  # noqa: F401  (re-exported: the kit reads them as style.X)
    NEURON_RADIUS,
    NEURON_STROKE,
    LAYER_GAP,
    DIAGRAM_WIDTH,
    NEURON_GAP,
    DRAWN_INPUTS,
    EDGE_LEVELS,
    EDGE_MIN_WIDTH,
    EDGE_MAX_WIDTH,
    EDGE_MIN_OPACITY,
    EDGE_MAX_OPACITY,
    EDGE_SCALE_PERCENTILE,
    WEIGHT_IMAGE_PERCENTILE,
)
from scenes.kit import session
from scenes.themes import THEMES, Theme


def theme() -> Theme:
    """The palette of this render (chosen once, by ``scenes.kit.session.configure``)."""
    return THEMES[session.current().theme]


FONT = "DejaVu Sans"
TITLE_SIZE = 40
BODY_SIZE = 28
SMALL_SIZE = 20
# The smallest text: its tallest glyph (a capital, a digit, an ascender) is 25 px in a 1080p frame,
# over the 24 px the frame rules ask (tests/frame_rules.py). Text's glyphs are about 1.42 x its
# font size in 1080p pixels; a TeX or DecimalNumber digit about 0.96 x: TeX sizes start at 26.
TINY_SIZE = 18
SCALED_GLOSS_SIZE = SMALL_SIZE + 4  # a gloss in a block later shown at two thirds of its size (chapter 3's cost)
LABEL_SIZE = TINY_SIZE + 2  # a small label under or over a thing: "neuron 3", "output", "step 1,000"

# Sizes of what is not running text, by what it is.
HUGE_SIZE = 96  # the network's answer, alone on its panel
SYMBOL_SIZE = 72  # one large symbol: the program's answer, a "?" over a hidden layer
VALUE_SIZE = 64  # a neuron's activation, written large beside it
KEY_FORMULA_SIZE = 56  # the formula a beat builds to: a^(1) = σ(W a^(0) + b), the average cost
HEADING_FORMULA_SIZE = 48  # a formula heading the screen: f(a_0, ...) = (y_0, ...), the names over two columns
FORMULA_SIZE = 44  # a formula on a line of its own: a definition, the bias worked out, a cost
INLINE_FORMULA_SIZE = 40  # a formula among other things: a written-out weighted sum, parameter columns, an "="
PANEL_FORMULA_SIZE = 36  # a formula over one of two side-by-side plots
TABLE_SIZE = 34  # the numbers of a table or a tuple of outputs
TERM_SIZE = 32  # a column of worked terms beside a table
COUNTER_SIZE, COUNTER_PERCENT_SIZE = 40, 44  # a running count "correct / shown" and its percentage
# Axis numbers are DecimalNumbers (TeX digits): 26 is the smallest that reads at 24 px.
AXIS_NUMBER_SIZE = 28  # the numbers along an axis or a number line
LARGE_AXIS_NUMBER_SIZE = 30  # ...of a plot that fills the screen (and its tick labels)
SMALL_AXIS_NUMBER_SIZE = 26  # ...of a small plot beside a diagram
MARK_SIZE = 22  # a guess written beside a thumbnail, over its tick or cross

# A new picture's moment before the voice talks over it: when a line comes with animations, they
# start this many seconds before the voice (a first-time viewer needs 0.7-1 s to look at a picture).
PICTURE_LEAD = 0.8

# The widest a line of text may be: the 14.2-unit frame less a margin on each side.
TEXT_WIDTH = 13.4

# The network diagram's geometry and its weight rules' constants: scenes.drawing (manim-free, shared
# with the live page).

PIXEL_SIZE = 0.16  # a 28x28 grid is 4.48 units wide


def edge_level(weights: np.ndarray, scale: float) -> np.ndarray:
    """The magnitude bucket 0..EDGE_LEVELS-1 of each weight: the one rule for edge width."""
    ratio = np.clip(np.abs(weights) / scale, 0.0, 1.0)
    return np.minimum((ratio * EDGE_LEVELS).astype(int), EDGE_LEVELS - 1)


def edge_width(level: int) -> float:
    return EDGE_MIN_WIDTH + (EDGE_MAX_WIDTH - EDGE_MIN_WIDTH) * level / (EDGE_LEVELS - 1)


def edge_opacity(level: int) -> float:
    return EDGE_MIN_OPACITY + (EDGE_MAX_OPACITY - EDGE_MIN_OPACITY) * level / (EDGE_LEVELS - 1)


def sign_color(value: float) -> str:
    """Positive weights (and gradient components) in one colour, negative in the other."""
    return theme().positive if value >= 0 else theme().negative


# Heights of a cost (the toy heat map, the real landscape): one grey ramp, darker = lower, in every theme.
# Grey, not the sign colours or the accent: those mean a weight's sign and "this one" (the path on it).
COST_LOW, COST_HIGH = "#2E343C", "#BFC5CC"  # the high end stays visible on the light theme's white

# A gradient's entries drawn on edges (chapter 2): one neutral colour, width and brightness = size.
# Not the sign colours: on an edge those mean the weight's sign, and nothing else.


def gradient_color() -> str:
    return theme().text


def edge_scale(weights: np.ndarray) -> float:
    return float(np.percentile(np.abs(weights), EDGE_SCALE_PERCENTILE)) or 1.0




def weight_image_scale(weights: np.ndarray) -> float:
    return float(np.percentile(np.abs(weights), WEIGHT_IMAGE_PERCENTILE)) or 1.0


def weight_rgb(weights: np.ndarray, scale: float | None = None) -> np.ndarray:
    """uint8 RGB image of signed values: hue = sign, brightness = size over the background."""
    scale = scale or weight_image_scale(weights)
    t = np.clip(np.abs(weights) / scale, 0.0, 1.0)[..., None]
    pos, neg, bg = (np.array(ManimColor(c).to_rgb()) for c in (theme().positive, theme().negative, theme().background))
    colour = np.where(weights[..., None] >= 0, pos, neg)
    return np.round(255 * (bg + (colour - bg) * t)).astype(np.uint8)


def weight_rgba(weights: np.ndarray, scale: float | None = None) -> np.ndarray:
    """Like :func:`weight_rgb` but transparent where a weight is 0, for laying over a digit."""
    scale = scale or weight_image_scale(weights)
    alpha = np.round(255 * np.clip(np.abs(weights) / scale, 0.0, 1.0)).astype(np.uint8)
    colour = np.where(weights[..., None] >= 0,
                      np.array(ManimColor(theme().positive).to_rgb()), np.array(ManimColor(theme().negative).to_rgb()))
    return np.concatenate([np.round(255 * colour).astype(np.uint8), alpha[..., None]], axis=-1)


def grey_rgb(pixels: np.ndarray) -> np.ndarray:
    """uint8 RGB of a digit: MNIST's light-ink-on-black, as the classic look (any theme)."""
    p = np.asarray(pixels, dtype=np.uint8)
    return np.repeat(p[..., None], 3, axis=-1)


def apply() -> None:
    """Make manim's defaults follow the theme (on import of the kit, and again when the session changes)."""
    config.background_color = theme().background
    Text.set_default(font=FONT, color=theme().text)
    MathTex.set_default(color=theme().text)
    Tex.set_default(color=theme().text)
    DecimalNumber.set_default(color=theme().text)  # axis numbers, counters
    NumberLine.set_default(color=theme().text)  # axes (white by default: invisible on the light theme)


apply()
session.on_change(apply)

# The real cost landscape (chapter 2, RealLandscape): a 3-D surface, the costliest thing to draw.
LANDSCAPE_WIDTH = 7.4  # the slice's longer side; the other in proportion (one scale for both directions)
LANDSCAPE_HEIGHT = 3.2  # the cost axis
LANDSCAPE_FACES = 22  # surface faces along the longer side: each is depth-sorted and shaded every redrawn frame
LANDSCAPE_PHI, LANDSCAPE_THETA, LANDSCAPE_ZOOM = 62 * np.pi / 180, -60 * np.pi / 180, 1.0
LANDSCAPE_TURN, LANDSCAPE_TURN_SECONDS = 15 * np.pi / 180, 2.5  # the one camera move: short, few frames
LANDSCAPE_REVEAL_SECONDS = 1.0
LANDSCAPE_LABEL_SIZE = SMALL_SIZE + 4  # axis and point labels, facing the camera: at least 24 px at 1080p
LANDSCAPE_LABEL_RISE = 0.45  # the start's label, this far above its dot
LANDSCAPE_LABEL_DROP = 1.0  # direction 1's label hangs this far below the floor, clear of the raised edge
LANDSCAPE_LABEL_PAD = 0.12  # an edge's label, this share of the slice's depth outside it
LANDSCAPE_SHIFT = np.array([0.0, 0.0, -0.6])  # the drawing's place in space: a little low, under the title
LANDSCAPE_ABOVE = 0.1  # a start this share of the surface's height range above it "floats above"

# The other edges' opacity (a share of their own) while one edge or one neuron's paths are followed.
FOLLOWED_EDGE_DIM = 0.35
