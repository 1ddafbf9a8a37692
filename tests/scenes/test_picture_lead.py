"""A line that comes with a new picture gives it ``style.PICTURE_LEAD`` seconds before the voice."""

from __future__ import annotations

import pytest
from manim import Circle, Create, Square

from scenes.kit import style
from scenes.kit.beat import Beat
from tests.scene_render import last_frame


class LeadAndNoLead(Beat):
    def construct(self):
        self.say("A circle appears.", Create(Circle()))
        self.say("It stays.")
        self.say("A square, briefly.", Create(Square()), run_time=0.5)


def test_a_line_with_animations_starts_after_the_lead_and_one_without_at_once(tmp_path):
    scene, _ = last_frame(LeadAndNoLead, tmp_path)
    first, second, third = scene.lines
    assert first.start == pytest.approx(style.PICTURE_LEAD)  # the circle alone first
    assert first.sentences[0][1] == pytest.approx(first.start)  # its subtitle starts with it
    assert second.start == pytest.approx(first.start + first.duration)  # no picture: at once
    assert third.start == pytest.approx(second.start + second.duration + style.PICTURE_LEAD)
    # however short its animation, the line is given its whole duration after the lead
    assert scene.renderer.time == pytest.approx(third.start + third.duration, abs=0.1)
