"""The chapter-2 RealLandscape beat drawn as it was before issue 20 (kept only for
``bench/landscape_speed.py``): about the old 1,600 surface faces (56 x 29 on today's slice,
40 x 40 then), drawn with ``Create``, a 35-degree camera
turn over 3.5 s. Same lines, same data, same frames: only what makes a frame costly differs.
Render: python -m scenes.run -ql bench/old_landscape.py OldRealLandscape
"""

from __future__ import annotations

import numpy as np
from manim import Create

from scenes.chapter2 import RealLandscape


class OldRealLandscape(RealLandscape):
    FACES = 56
    TURN, TURN_SECONDS = 35 * np.pi / 180, 3.5
    REVEAL_SECONDS = 2.0

    def reveal(self, view) -> list:
        return [Create(view.frame()), Create(view.surface)]
