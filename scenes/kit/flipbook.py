"""Pictures shown one after another in one place, as a single animation (to run under one line)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import Animation, Group, Mobject, ValueTracker, VMobject, linear, smooth

EASE = 0.4  # of a page: how long a tracker takes to reach that page's value


class Flipbook(Animation):
    """``slot`` (an image) shows ``pictures`` in turn, picture i for ``durations[i]`` (relative; equal
    by default). Its pixels are swapped, since Cairo draws the family a mobject had when the
    animation began: each picture must have the slot's size and place.

    With ``caption`` and ``captions``, the caption becomes ``captions[i]`` with picture i; with
    ``tracker`` and ``values``, the tracker eases to ``values[i]`` in the first ``EASE`` of page i.
    """

    def __init__(self, slot: Mobject, pictures: Sequence[Mobject], durations: Sequence[float] | None = None, *,
                 caption: VMobject | None = None, captions: Sequence[VMobject] = (),
                 tracker: ValueTracker | None = None, values: Sequence[float] = (), **kwargs):
        self.slot, self.pictures = slot, list(pictures)
        self.caption, self.captions = caption, list(captions)
        self.tracker, self.values = tracker, [float(v) for v in values]
        self.first = tracker.get_value() if tracker is not None else 0.0
        # Where each picture's time ends, in the durations' own units (alpha scaled up, not these down).
        self.ends = np.cumsum(np.ones(len(self.pictures)) if durations is None else np.asarray(durations, dtype=float))
        self.page = -1
        kwargs.setdefault("rate_func", linear)
        super().__init__(slot if caption is None else Group(slot, caption), **kwargs)

    def interpolate_mobject(self, alpha: float) -> None:
        at = alpha * self.ends[-1]
        page = min(int(np.searchsorted(self.ends, at, side="right")), len(self.pictures) - 1)
        if page != self.page:
            self.slot.pixel_array = self.pictures[page].pixel_array
            if self.caption is not None:
                self.caption.become(self.captions[page])
            self.page = page
        if self.tracker is not None:
            start = self.ends[page - 1] if page else 0.0
            into = (at - start) / (self.ends[page] - start)
            before = self.values[page - 1] if page else self.first
            self.tracker.set_value(before + (self.values[page] - before) * smooth(min(1.0, into / EASE)))
