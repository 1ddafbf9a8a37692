"""``scenes.kit.spoken.num``: a bundle value in, the words said out (its public behaviour), and the
numbers a line says attached to that line."""

from __future__ import annotations

import pytest

from scenes.kit.beat import Beat
from scenes.kit.spoken import num
from tests.scene_render import last_frame


@pytest.mark.parametrize("value, options, said", [
    (13002, {}, "13,002"),  # whole numbers: thousands separators
    (784.0, {}, "784"),
    (10_000, {}, "10,000"),
    (0.97, {}, "0.97"),  # below one: two significant digits
    (0.96812, {}, "0.97"),
    (0.0034, {}, "0.0034"),
    (2.8349, {}, "2.83"),  # above one: two decimals
    (0.96, {"percent": True}, "96 percent"),  # a fraction as a percentage, no ".0"
    (0.9612, {"percent": True}, "96.1 percent"),
    (0.9612, {"percent": True, "places": 2}, "96.12 percent"),
    (0.5, {"places": 3}, "0.500"),
    (-0.03457, {"places": 5}, "minus 0.03457"),  # never a bare hyphen (read as a dash)
    (-2, {}, "minus 2"),
    (0.0000372, {"scientific": True}, "3.7 times ten to the minus 5"),  # zeros a listener cannot count
    (12345.0, {"scientific": True}, "1.2 times ten to the 4"),
    (1e-7, {}, "1.0 times ten to the minus 7"),  # not "0.00": a real number is never said as zero
    (0.000031, {}, "3.1 times ten to the minus 5"),
    (0.00034, {}, "0.00034"),
])
def test_a_value_is_said_formatted_for_the_ear(value, options, said):
    assert num(value, "cost", **options) == said


def test_a_scientific_number_is_written_as_it_is_said():
    from scenes.kit.spoken import tex_written, written

    said = num(0.0000372, "cost", scientific=True)
    assert written(said) == "3.7 \u00d7 10\u207b\u2075" and tex_written(said) == r"3.7 \times 10^{-5}"
    assert written("96 percent") == "96%"


def test_significant_places_and_the_scientific_form_below_a_thousandth():
    from scenes.kit.spoken import num_significant, significant_places

    assert [significant_places(v, 2, fewest=2) for v in (1.75, 0.018, 0.000047, 0.0, 30.0)] == [2, 3, 6, 2, 2]
    assert significant_places(0.1234, 3) == 3 and significant_places(123.4, 3) == 0
    assert num_significant(0.00030, "cost") == "3.0 times ten to the minus 4"
    assert num_significant(-0.0123, "cost") == "minus 0.012" and num_significant(0.5, "cost") == "0.50"


def test_a_name_that_is_no_bundle_value_is_refused():
    with pytest.raises(ValueError, match="names no bundle value"):
        num(3, "favourite_number")


class Says(Beat):
    def construct(self):
        self.say(f"The network has {num(13002, 'parameters')} knobs.")
        self.say("Nothing to count here.")
        self.say(f"It reads {num(0.9612, 'meta:test_accuracy', percent=True)} of the digits, "
                 f"with a cost of {num(0.0034, 'cost')}.")


def test_the_numbers_a_line_says_are_attached_to_that_line(tmp_path):
    scene, _ = last_frame(Says, tmp_path)
    assert [line.text for line in scene.lines] == [
        "The network has 13,002 knobs.", "Nothing to count here.",
        "It reads 96.1 percent of the digits, with a cost of 0.0034."]
    assert [[tuple(n) for n in line.numbers] for line in scene.lines] == [
        [("parameters", 13002.0, "13,002")], [],
        [("meta:test_accuracy", 0.9612, "96.1 percent"), ("cost", 0.0034, "0.0034")]]


class SaysWithoutShowing(Beat):
    def construct(self):
        self.say(f"Trained on {num(24345, 'meta:train_size')} images, it scores {num(0.0034, 'cost')}.",
                 spoken_only=("meta:train_size",))
        self.say("Nothing here.")


def test_spoken_only_is_recorded_on_its_line(tmp_path):
    scene, _ = last_frame(SaysWithoutShowing, tmp_path)
    assert [line.spoken_only for line in scene.lines] == [["meta:train_size"], []]


class ClaimsANumberItDoesNotSay(Beat):
    def construct(self):
        self.say(f"It scores {num(0.0034, 'cost')}.", spoken_only=("meta:train_size",))


def test_spoken_only_naming_a_number_the_line_does_not_say_is_refused(tmp_path):
    from scenes.kit.narration import NarrationError

    with pytest.raises(NarrationError, match="spoken_only names meta:train_size, which this line does not say"):
        last_frame(ClaimsANumberItDoesNotSay, tmp_path)
