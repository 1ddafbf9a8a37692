"""Text that is cheap to repeat: plain copies of laid-out glyphs, no Pango layout per copy or frame."""

from __future__ import annotations

import numpy as np
from manim import RIGHT, Text, VGroup, VMobject

from scenes.kit.style import theme


def plain(mobject: VMobject) -> VGroup:
    """The outlines of ``mobject`` (e.g. a ``Text``) as plain VMobjects with the same style.

    Glyphs from Pango keep their parsed SVG path objects, which ``copy()`` deep-copies:
    ~5 ms per copy of a three-glyph Text, 60x the cost of these, and every Transform or
    FadeIn copies its mobject. Same points, same look.
    """
    out = VGroup()
    for part in mobject.family_members_with_points():
        out.add(VMobject().set_points(part.points.copy()).match_style(part))
    return out


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
            glyph = plain(t[1]).shift(-pen) if len(t) == 3 else None  # a space has no glyph
            self.glyphs[c] = (glyph, advance)

    def text(self, string: str, color: str | None = None) -> VGroup:
        out, x = VGroup(), 0.0
        for c in string:
            glyph, advance = self.glyphs[c]
            if glyph is not None:
                out.add(glyph.copy().shift(x * RIGHT))
            x += advance
        return out.set_color(color or theme().text)
