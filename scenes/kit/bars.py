"""The ten outputs as bars: one widget for every scene that shows them."""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Rectangle, Text, VGroup

from scenes.kit import style
from scenes.kit.style import theme


class OutputBars(VGroup):
    """One row per output neuron: its digit (``digits=True``), a thin track as long as an output
    of 1, a bar as long as its real output, and the value. The answer (the largest output) is in
    the accent colour, the others dim.

    ``rows[d]`` is digit d's row; ``tracks[d]``, ``fills[d]`` and ``values[d]`` its parts. Rows
    are ``gap`` apart; :meth:`level_with` puts each beside another mobject (e.g. the diagram's
    output labels) instead.
    """

    def __init__(self, outputs, *, length: float = 1.9, height: float = 0.2, gap: float = 0.09,
                 digits: bool = True, **kwargs):
        super().__init__(**kwargs)
        outputs = np.asarray(outputs, dtype=float)
        answer = int(np.argmax(outputs))
        self.length = length
        self.rows, self.tracks, self.fills, self.values = VGroup(), VGroup(), VGroup(), VGroup()
        for d, v in enumerate(outputs):
            colour = theme().accent if d == answer else theme().dim_text
            track = Rectangle(width=length, height=height, stroke_width=0.8, stroke_color=theme().dim_text,
                              stroke_opacity=0.5, fill_opacity=0)
            fill = Rectangle(width=max(float(v) * length, 0.01), height=height, stroke_width=0,
                             fill_color=colour, fill_opacity=1.0).align_to(track, LEFT)
            value = Text(f"{v:.2f}", font_size=style.TINY_SIZE, color=colour).next_to(track, RIGHT, buff=0.12)
            row = VGroup(track, fill, value)
            if digits:  # centred in a fixed column left of the track
                row.add(Text(str(d), font_size=style.SMALL_SIZE, color=theme().text).move_to(
                    track.get_left() + 0.22 * LEFT))
            self.rows.add(row)
            self.tracks.add(track)
            self.fills.add(fill)
            self.values.add(value)
        self.rows.arrange(DOWN, buff=gap)
        self._align_tracks()
        self.add(self.rows)

    def _align_tracks(self) -> None:
        """Tracks in one column, whatever the width of the digit and the value."""
        for row, track in zip(self.rows, self.tracks):
            row.shift((self.tracks[0].get_left()[0] - track.get_left()[0]) * RIGHT)

    def level_with(self, mobjects) -> "OutputBars":
        """Each row at the height of the matching mobject (digit d beside ``mobjects[d]``)."""
        for row, track, m in zip(self.rows, self.tracks, mobjects):
            row.shift((m.get_center()[1] - track.get_center()[1]) * UP)
        return self
