"""Fades that change opacity in place.

ManimCE's ``FadeIn``/``FadeOut`` deep-copy the mobject (twice, for a Transform
between a faded copy and the original) when they begin: for a line of Text,
tens of glyph paths, that is 30-60 ms per fade at any quality, more than the
frames of a short fade take to draw. These scale the alpha channels the
mobject already has, so nothing is copied; the mobject ends exactly as it was
(fade in) or is removed with its opacities restored (fade out).
"""

from __future__ import annotations

import numpy as np
from manim import Animation, ImageMobject, Mobject, VMobject, smooth


class _InPlaceFade(Animation):
    def __init__(self, mobject: Mobject, shift=None, appearing: bool = True, **kwargs):
        self.appearing = appearing
        self.offset = np.zeros(3) if shift is None else np.asarray(shift, dtype=float)
        kwargs.setdefault("rate_func", smooth)
        super().__init__(mobject, remover=not appearing, introducer=appearing, **kwargs)

    def begin(self) -> None:
        # The alphas as they are now, per family member: the fully visible state.
        self.alphas = []
        for m in self.mobject.get_family():
            if isinstance(m, VMobject):
                self.alphas.append((m, m.fill_rgbas[:, 3].copy(), m.stroke_rgbas[:, 3].copy(),
                                    m.background_stroke_rgbas[:, 3].copy()))
            elif isinstance(m, ImageMobject):
                self.alphas.append((m, None, None, None))
        self.applied = np.zeros(3)
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        t = self.rate_func(alpha)
        visible = t if self.appearing else 1.0 - t
        self._set_visible(visible)
        # Fading in arrives from -offset; fading out leaves towards +offset.
        where = -(1.0 - t) * self.offset if self.appearing else t * self.offset
        self.mobject.shift(where - self.applied)
        self.applied = where

    def _set_visible(self, visible: float) -> None:
        for m, fill, stroke, background in self.alphas:
            if fill is None:
                m.set_opacity(visible)
            else:
                m.fill_rgbas[:, 3] = fill * visible
                m.stroke_rgbas[:, 3] = stroke * visible
                m.background_stroke_rgbas[:, 3] = background * visible

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        if not self.appearing:  # removed now: hand it back as it was, ready to be shown again
            self._set_visible(1.0)
            self.mobject.shift(-self.applied)


def fade_in(mobject: Mobject, shift=None, **kwargs) -> Animation:
    """Like ``FadeIn(mobject, shift=...)``, without copying ``mobject``."""
    return _InPlaceFade(mobject, shift, appearing=True, **kwargs)


def fade_out(mobject: Mobject, shift=None, **kwargs) -> Animation:
    """Like ``FadeOut(mobject, shift=...)``, without copying ``mobject``; it is removed at the end."""
    return _InPlaceFade(mobject, shift, appearing=False, **kwargs)


def within(animation, start: float, end: float, total: float):
    """``animation`` run only from ``start`` to ``end`` seconds of a play lasting ``total``."""
    a, b = start / total, max(end, start + 1e-9) / total
    ease = animation.rate_func
    animation.rate_func = lambda t: ease(min(1.0, max(0.0, (t - a) / (b - a))))
    return animation
