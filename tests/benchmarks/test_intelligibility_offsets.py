"""The intelligibility bench's cue-start offset: where a cue's first heard word starts.

The recogniser's word timestamps can be half a second off; the bench snaps the first word to the
start of the stretch of speech (VAD) it begins. These tests check that the snapping keeps a late
or early subtitle visible: the figure must be able to fail.
"""

import numpy as np

from bench.intelligibility import heard_start, widened_starts

CUES = [(0.8, 5.0, "First sentence."), (5.45, 9.0, "Second one."), (12.0, 15.0, "Third.")]
SPEECH = np.array([0.84, 5.49, 12.05])  # where the voice really starts each sentence


def offsets(cues, words):
    earliest = widened_starts(cues)
    return [heard_start(w, SPEECH, max(earliest[i], 0.0)) - cues[i][0] for i, w in enumerate(words)]


def test_a_recogniser_timestamp_far_off_is_snapped_to_where_the_speech_starts():
    words = [(0.0, 1.1, "First"), (5.9, 6.2, "Second"), (11.6, 12.3, "Third")]  # -0.8, +0.45, -0.4
    assert np.allclose(offsets(CUES, words), [0.04, 0.04, 0.05])


def test_subtitles_a_second_early_show_as_a_second_early():
    early = [(start - 1.0, end - 1.0, text) for start, end, text in CUES]
    words = [(0.85, 1.1, "First"), (5.5, 6.2, "Second"), (12.1, 12.3, "Third")]
    assert np.allclose(offsets(early, words), [1.04, 1.04, 1.05])


def test_subtitles_late_show_as_late():
    late = [(start + 0.3, end + 0.3, text) for start, end, text in CUES]
    words = [(1.0, 1.3, "First"), (5.55, 6.2, "Second"), (12.1, 12.3, "Third")]
    assert all(o <= -0.2 for o in offsets(late, words))


def test_with_no_speech_start_near_the_word_its_own_timestamp_is_kept():
    words = [(3.0, 3.2, "First")]  # no VAD start between the cue's widened start and 3.2 s but 0.84
    assert heard_start(words[0], np.array([9.0]), 0.0) == 3.0
