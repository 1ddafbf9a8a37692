"""The pace a line is said at: words counted as said, and the words-a-minute arithmetic of bench/pace.py."""

from __future__ import annotations

import importlib.util
import json
import sys

import numpy as np

import pytest

from scenes import speech
from scenes.said import integer_words, spoken_text, words_said
from pipeline.jobs import ROOT

spec = importlib.util.spec_from_file_location("bench_pace", ROOT / "bench" / "pace.py")
pace = sys.modules["bench_pace"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pace)


@pytest.mark.parametrize("number, said", [
    (0, "zero"), (7, "seven"), (16, "sixteen"), (96, "ninety-six"), (100, "one hundred"),
    (784, "seven hundred and eighty-four"), (1000, "one thousand"), (13_002, "thirteen thousand and two"),
    (24_345, "twenty-four thousand three hundred and forty-five"), (60_000, "sixty thousand"),
    (1_000_100, "one million one hundred"), (2_000_050, "two million and fifty"),
])
def test_whole_numbers_are_written_out_as_said(number, said):
    assert " ".join(integer_words(number)) == said


@pytest.mark.parametrize("text, count", [
    ("In all, 13,002 weights and biases.", 9),  # in all thirteen thousand and two weights and biases
    ("It holds 0.013.", 7),  # it holds zero point zero one three
    ("Here −0.75, there 96 percent.", 9),  # here minus zero point seven five there ninety-six percent
    ("96% of them", 4),
    ("σ(z) = w · a + b", 9),  # sigma of z equals w dot a plus b
    ("2 × 784 pixels", 7),  # two times seven hundred and eighty-four pixels
    ("an 8, not a 3.", 5),
])
def test_words_are_counted_as_said(text, count):
    assert words_said(text) == count, spoken_text(text)


def test_a_number_inside_a_word_or_after_a_point_is_not_read_twice():
    assert words_said("layer2 and 1.75") == 6  # layer2 and one point seven five


def test_words_a_minute_and_gaps_from_a_made_up_record():
    scenes = [
        {"seconds": 12.0, "lines": [
            {"id": "c.A.1", "text": "In all, 13,002 weights.", "start": 1.0, "duration": 3.0},  # 7 words in 3 s
            {"id": "c.A.2", "text": "One two three four five six.", "start": 5.5, "duration": 2.0}]},  # 6 in 2 s
        {"lines": [{"id": "c.B.1", "text": "Last.", "start": 0.5, "duration": 0.5}]},
    ]
    paced = pace.paced_from_records(scenes)
    assert [p.words for p in paced] == [7, 6, 1]
    assert [round(p.wpm, 6) for p in paced] == [140.0, 180.0, 120.0]
    assert paced[0].gap == pytest.approx(1.5)  # 5.5 - (1 + 3)
    assert paced[1].gap == pytest.approx(12.0 - 7.5 + 0.5)  # the rest of scene A, then B's lead-in
    assert paced[2].gap is None
    s = pace.summary(paced)
    assert (s["median_wpm"], s["max_wpm"], s["over"]) == (140.0, 180.0, 1)
    assert "over 170: c.A.2 180.0 wpm" in pace.table("c", paced)


def test_a_silent_record_gets_the_breath_a_spoken_line_adds_and_its_spoken_seconds():
    scenes = [{"lines": [{"id": "a", "text": "One two.", "start": 0.0, "duration": 5.0},
                         {"id": "b", "text": "Three.", "start": 6.0, "duration": 4.0}]},
              {"lines": [{"id": "c", "text": "Four.", "start": 1.0, "duration": 1.0}]}]
    spoken = {"a": 1.0, "b": 0.5, "c": 0.25}
    paced = pace.paced_from_records(scenes, line_gap=0.35, scene_gap=0.8, seconds_of=lambda line: spoken[line["id"]])
    assert [p.wpm for p in paced] == [120.0, 120.0, 240.0]
    assert paced[0].gap == pytest.approx(1.35)
    assert paced[1].gap == pytest.approx(0.35 + 0.8 + 1.0) and paced[1].gap_at_least


class Metronome:
    """A fake engine: every word takes 0.2 s at its pace (300 words a minute), ``slower`` times longer."""

    name, identity, speed, sentence_pause = "metronome", "metronome 1", 1.0, 0.5

    def spoken_form(self, text):
        return text

    def samples(self, text, slower=1.0):
        return np.full(int(len(text.split()) * 0.2 * slower * 24_000), 0.1), 24_000


def test_a_line_too_fast_is_said_again_slower_by_at_most_max_stretch(tmp_path):
    assert speech.stretch_for(10, 4.0, 0.0, 165) == 1.0  # 150 a minute: as it is
    assert speech.stretch_for(10, 3.0, 0.5, 165) == pytest.approx((600 / 165 - 0.5) / 3.0)  # 171 a minute
    assert speech.stretch_for(10, 1.0, 0.0, 165) == speech.MAX_STRETCH
    slow = speech.speak("One two three four five six seven eight nine ten eleven twelve.", Metronome(), tmp_path)
    # 12 words in 2.4 s (300 a minute): stretched by the most allowed, 2.76 s (audio.trim keeps its edges)
    assert slow.duration == pytest.approx(2.4 * speech.MAX_STRETCH, abs=0.1)
    meta = json.loads(next(tmp_path.glob("*.json")).read_text())
    assert meta["slower"] == speech.MAX_STRETCH
