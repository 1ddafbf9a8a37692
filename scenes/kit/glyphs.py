"""Live-changing numbers without a Pango layout per frame."""

from __future__ import annotations

import numpy as np
from manim import RIGHT, Text, VGroup, VMobject

from scenes.kit.style import THEME


class Glyphs:
    """Strings set from cached glyphs: one Pango layout per character instead of one per string.

    A counter that changes every frame would otherwise lay out a new ``Text`` each frame
    (~30 ms). Advances are measured between two zeros ('0c0'), so digits, commas and
    spaces sit where Pango would put them (DejaVu Sans digits are all one width).
    """

    def __init__(self, font_size: float, chars: str = "0123456789,./ %–"):
        zeros = Text("00", font_size=font_size)
        zero_advance = zeros[1].get_left()[0] - zeros[0].get_left()[0]
        self.glyphs: dict[str, tuple[VMobject | None, float]] = {}
        for c in chars:
            t = Text(f"0{c}0", font_size=font_size)
            pen = np.array([t[0].get_left()[0] + zero_advance, t[0].get_bottom()[1], 0.0])
            advance = t[-1].get_left()[0] - pen[0]
            glyph = t[1].copy().shift(-pen) if len(t) == 3 else None  # a space has no glyph
            self.glyphs[c] = (glyph, advance)

    def text(self, string: str, color: str = THEME.text) -> VGroup:
        out, x = VGroup(), 0.0
        for c in string:
            glyph, advance = self.glyphs[c]
            if glyph is not None:
                out.add(glyph.copy().shift(x * RIGHT))
            x += advance
        return out.set_color(color)
