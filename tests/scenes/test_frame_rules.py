"""The frame rules (tests/frame_rules.py) over every beat, and on tiny scenes made to break them.

The beat-wide tests read the snapshots of the render ``test_every_scene_constructs`` already made
(tests/scene_render.py ``rendered``): no beat is rendered again for them.
"""

from __future__ import annotations

import pytest
from manim import DOWN, LEFT, UP, Circle, Create, FadeIn, MathTex, MovingCameraScene, Text, VGroup

from scenes import yourdigit
from scenes.kit.beat import Beat
from scenes.kit.frames import REFERENCE_HEIGHT, FrameRecorder
from scenes.kit.legible import texture
from scenes.kit.spoken import num
from tests import frame_rules
from tests.frame_rules import off_frame, too_small, unshown_numbers
from tests.scene_render import catalogue_scenes, last_frame, rendered

BEATS = catalogue_scenes() + [yourdigit.WhatTheNetworkSaw]


def beat_id(cls) -> str:
    return f"{cls.__module__.split('.')[-1]}.{cls.__name__}"


def report(scene_cls, rule: str) -> list[str]:
    scene, _ = rendered(scene_cls)
    return frame_rules.rule_violations(scene.recorder, rule)


@pytest.mark.parametrize("scene_cls", BEATS, ids=beat_id)
def test_every_text_is_at_least_24_px_tall(scene_cls):
    found = report(scene_cls, "size")
    assert not found, f"{beat_id(scene_cls)}: {len(found)} too small:\n" + "\n".join(found)


@pytest.mark.parametrize("scene_cls", BEATS, ids=beat_id)
def test_every_text_is_inside_the_margin(scene_cls):
    found = report(scene_cls, "margin")
    assert not found, f"{beat_id(scene_cls)}: {len(found)} outside the margin:\n" + "\n".join(found)


@pytest.mark.parametrize("scene_cls", BEATS, ids=beat_id)
def test_every_number_said_is_on_screen(scene_cls):
    found = report(scene_cls, "numbers")
    assert not found, f"{beat_id(scene_cls)}: {len(found)} said, not shown:\n" + "\n".join(found)


# ---------------------------------------------------------------- the rules on tiny scenes

UNIT_PX = REFERENCE_HEIGHT / 8  # pixels per scene unit at 1080p, the frame being 8 units high


def label(text: str, px: float) -> Text:
    """A label whose tallest glyph is ``px`` pixels at 1080p."""
    text = Text(text)
    return text.scale(px / UNIT_PX / max(m.height for m in text.family_members_with_points()))


def recorded(scene_cls, tmp_path) -> FrameRecorder:
    scene, _ = last_frame(scene_cls, tmp_path, recorder=FrameRecorder())
    return scene.recorder


class TenPixelLabel(Beat):
    def construct(self):
        self.say("A small label and a big one.", FadeIn(label("tiny 10", 10).shift(UP), label("Big 40", 40)))


def test_a_10_px_label_is_too_small_and_a_40_px_one_is_not(tmp_path):
    record = recorded(TenPixelLabel, tmp_path)
    found = too_small(record.lines[0].end)
    assert found == ['"tiny 10" too small (10 px < 24)']
    assert frame_rules.beat_violations(record) == ['line 1: "tiny 10" too small (10 px < 24)']


class LabelAtTheEdge(Beat):
    def construct(self):
        self.say("A label at the left edge.", FadeIn(label("28 px", 40).to_edge(LEFT, buff=0.05), label("centred", 40)))


def test_a_label_at_the_edge_is_outside_the_margin(tmp_path):
    found = off_frame(recorded(LabelAtTheEdge, tmp_path).last)
    assert len(found) == 1 and found[0].startswith('"28 px" outside the 2 % margin (left 0.'), found


class HiddenAndTexture(Beat):
    def construct(self):
        invisible = label("gone 5", 5).set_opacity(0)
        grid = texture(VGroup(*[label(str(i), 6).shift(0.2 * i * LEFT) for i in range(5)]))  # a picture of values
        self.say("Nothing to read here.", FadeIn(grid), Create(Circle()))
        self.add(invisible)


def test_a_texture_and_an_invisible_label_are_not_read(tmp_path):
    record = recorded(HiddenAndTexture, tmp_path)
    assert record.last.shown == () and frame_rules.beat_violations(record) == []


class ZoomedIn(Beat, MovingCameraScene):
    def construct(self):
        self.add(label("small 16", 16))
        self.say("Closer.", self.camera.frame.animate.scale(0.5))


def test_the_camera_zoom_counts(tmp_path):
    record = recorded(ZoomedIn, tmp_path)
    before, after = record.lines[0].start.shown[0], record.lines[0].end.shown[0]
    assert before.glyph_px == pytest.approx(16, rel=0.01) and after.glyph_px == pytest.approx(32, rel=0.01)


class SaysNumbers(Beat):
    def construct(self):
        weight = num(0.013, "array:W0:3:200")  # "0.013"
        shown = Text("0.01").shift(UP)  # rounded further than said
        self.say(f"For this 9 it holds {weight}.", FadeIn(shown))
        self.say(f"It holds {num(0.013, 'array:W0:3:200')}.", FadeIn(MathTex("w = 0.013").shift(2 * UP)))
        self.say(f"It has {num(13002, 'parameters')} knobs and reads {num(0.961, 'meta:test_accuracy', percent=True)}.",
                 FadeIn(MathTex(r"13{,}002", r"\quad 96.1\%").shift(3 * UP)))
        self.say(f"A minus: {num(-0.25, 'array:b0:2')}.", FadeIn(Text("b = −0.25").shift(DOWN)))
        self.say(f"Trained on {num(24345, 'meta:train_size')} images.", spoken_only=("meta:train_size",))
        self.say(f"Also {num(784, 'size:0')} inputs.")



def test_a_number_said_must_be_shown_with_the_same_rounding(tmp_path):
    record = recorded(SaysNumbers, tmp_path)
    found = {frames.line.id.rsplit(".", 1)[1]: unshown_numbers(frames.line, (frames.start, frames.end))
             for frames in record.lines}
    assert found == {
        "1": ['"0.013" said (array:W0:3:200) but not on screen at the line\'s start or end'],  # 0.01 shown
        "2": [],  # as said, in TeX
        "3": [],  # thousands separator and percent written the TeX way
        "4": [],  # "minus 0.25" said, "−0.25" shown
        "5": [],  # spoken only
        "6": ['"784" said (size:0) but not on screen at the line\'s start or end'],
    }


@pytest.mark.parametrize("said, shown, same", [
    ("0.013", "0.01", False),
    ("0.01", "0.013", False),
    ("0.97", "output 0.97", True),
    ("13,002", "13002", True),
    ("13,002", r"13\,002", True),
    ("96.1 percent", "96.1 %", True),
    ("minus 0.25", "−0.25", True),
    ("0.25", "−0.25", False),
    ("3", "13", False),
    ("2.83", "2.84", False),
])
def test_numbers_are_compared_as_written_once_normalised(said, shown, same):
    assert frame_rules.contains(frame_rules.normalise(shown), frame_rules.normalise(said)) is same


def test_the_command_line_prints_each_violation_and_fails_if_any(capsys):
    assert frame_rules.main(["nochapter"]) == 2
    assert "no chapter or scene module 'nochapter'" in capsys.readouterr().err
    assert frame_rules.main(["yourdigit", "Nope"]) == 2
    assert "yourdigit has no beat Nope" in capsys.readouterr().err
    code = frame_rules.main(["yourdigit"])  # the render the beat-wide tests share
    out = capsys.readouterr().out.splitlines()
    scene, _ = rendered(yourdigit.WhatTheNetworkSaw)
    assert out == [f"yourdigit.WhatTheNetworkSaw {v}" for v in frame_rules.beat_violations(scene.recorder)]
    assert code == (1 if out else 0)


def test_marks_are_held_to_the_margin_but_not_to_the_size_rule():
    from scenes.kit.frames import Shown, Snapshot

    inside, at_edge = (0.4, 0.4, 0.6, 0.6), (0.0, 0.4, 0.1, 0.6)
    snap = Snapshot("line 1 end", 1.0, (Shown(r"\vdots", "MathTex", 6, at_edge), Shown("=", "MathTex", 19, inside),
                                        Shown(r"\sigma", "MathTex", 19, inside), Shown("8", "Text", 23.4, inside)))
    assert too_small(snap) == ['"\\sigma" too small (19 px < 24)', '"8" too small (23 px < 24)']
    assert off_frame(snap) == ['"\\vdots" outside the 2 % margin (left 0.0 %)']


class TurnedLabel(Beat):
    def construct(self):
        self.add(label("training accuracy", 30).rotate(1.5708), label("level", 30).shift(3 * LEFT))


def test_a_label_turned_on_its_side_is_measured_across_its_line(tmp_path):
    shown = {s.text: s.glyph_px for s in recorded(TurnedLabel, tmp_path).last.shown}
    assert shown == {"training accuracy": pytest.approx(30, rel=0.01), "level": pytest.approx(30, rel=0.01)}


class TexLabelsApart(Beat):
    def construct(self):
        tex = MathTex(r"W", r"784 \times 16", font_size=48)  # one TeX, its second part a small tag
        tex[1].scale(0.4).next_to(tex[0], 2 * LEFT)
        self.add(tex)


def test_each_part_of_a_tex_is_measured_where_it_stands(tmp_path):
    found = too_small(recorded(TexLabelsApart, tmp_path).last)
    assert len(found) == 1 and found[0].startswith('"784 \\times 16" too small'), found
