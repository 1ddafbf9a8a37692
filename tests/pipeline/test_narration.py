"""Narrated chapters, end to end on a tiny chapter: sound, subtitles, sync, loudness, caching."""

from __future__ import annotations

import json
import re
from pathlib import Path

import av
import numpy as np
import pytest

from pipeline import render
from pipeline.captions import read_lines
from scenes import audio
from scenes.engines import ENGINES
from tests.pipeline.spoken_chapter import ENV, NO_CONFIG, render_video

FPS = 15  # low quality


def run(renders: Path, *extra: str, capsys) -> str:
    render_video(renders, *extra)
    return capsys.readouterr().out


def decoded_audio(path: Path) -> np.ndarray:
    with av.open(str(path)) as c:
        frames = [f.to_ndarray().mean(axis=0) for f in c.decode(c.streams.audio[0])]
    return np.concatenate(frames).astype(np.float64)


def video_seconds(path: Path) -> float:
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        return float(s.frames / s.average_rate)


def srt_cues(path: Path) -> list[tuple[float, float, str]]:
    def t(x):
        h, m, rest = x.split(":")
        s, ms = rest.split(",")
        return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000

    cues = []
    for block in path.read_text().strip().split("\n\n"):
        _, times, text = block.split("\n", 2)
        a, b = times.split(" --> ")
        cues.append((t(a), t(b), text))
    return cues


def test_a_narrated_chapter(spoken, tmp_path, capsys):
    renders = tmp_path / "r"
    run(renders, capsys=capsys)
    movie = renders / "spoken.mp4"
    with av.open(str(movie)) as c:
        kinds = sorted(s.type for s in c.streams)
        assert kinds == ["audio", "subtitle", "video"]
        assert c.streams.audio[0].codec_context.name == "aac" and c.streams.audio[0].rate == audio.RATE
        assert c.streams.subtitles[0].codec_context.name == "mov_text"

    # The audio is as long as the video (within a frame), and as loud as promised.
    track = decoded_audio(movie)
    assert abs(len(track) / audio.RATE - video_seconds(movie)) <= 1 / FPS
    assert abs(audio.loudness(track) - audio.TARGET_LUFS) <= 0.5
    assert audio.true_peak_db(track) <= -1.0

    # One cue per spoken sentence, in order, none overlapping the next.
    said = [s for f in ("First", "Second") for line in read_lines(renders / "spoken" / f"{f}.lines.json")
            for s in line["sentences"]]
    cues = srt_cues(renders / "spoken.srt")
    assert [c[2] for c in cues] == [s[0] for s in said] == [
        "A circle appears.", "It stands for one neuron.", "This one holds 0.97.", "Then a square.",
        "And that is all."]
    assert all(a[1] <= b[0] for a, b in zip(cues, cues[1:]))
    vtt = (renders / "spoken.vtt").read_text()
    assert vtt.startswith("WEBVTT") and vtt.count("-->") == len(cues)

    # Each cue starts within a frame of its sound: the first loud sample after it begins.
    loud = np.abs(track) > 10 ** (-40 / 20)
    for start, _, text in cues:
        i = int(start * audio.RATE)
        window = loud[max(0, i - audio.RATE // FPS): i + audio.RATE // 2]
        onset = (np.argmax(window) + max(0, i - audio.RATE // FPS)) / audio.RATE
        assert abs(onset - start) <= 1 / FPS + audio.EDGE_SECONDS, (text, onset, start)

    record = json.loads((renders / "spoken.json").read_text())
    assert record["spoken_words"] == sum(len(c[2].split()) for c in cues)


def test_narrated_parallel_equals_serial_byte_for_byte(spoken, tmp_path, capsys):
    made = {}
    for jobs in ("2", "1"):
        renders = tmp_path / f"jobs{jobs}"
        out = run(renders, "--jobs", jobs, capsys=capsys)
        assert f"with {jobs} process" in out
        made[jobs] = {p.relative_to(renders).as_posix(): p.read_bytes() for p in renders.rglob("*")
                      if p.is_file() and p.suffix in (".mp4", ".wav", ".srt", ".vtt")}
    assert "spoken.mp4" in made["2"] and "spoken/First.wav" in made["2"]
    assert made["2"].keys() == made["1"].keys()
    assert [name for name in made["2"] if made["2"][name] != made["1"][name]] == []


def test_a_changed_sentence_is_synthesised_once_and_renders_its_scene_only(spoken, tmp_path, capsys):
    renders = tmp_path / "r"
    run(renders, capsys=capsys)
    cache = renders / ".voice"
    before = set(cache.glob("*.wav"))
    assert len(before) == 4  # four lines
    first = (renders / "spoken" / "First.mp4").read_bytes()
    spoken.write_text(spoken.read_text().replace("And that is all.", "And that is the end."))
    out = run(renders, capsys=capsys)
    assert "1 up to date, 1 to render" in out and "spoken/Second" in out
    added = set(cache.glob("*.wav")) - before
    assert len(added) == 1
    assert (renders / "spoken" / "First.mp4").read_bytes() == first
    assert srt_cues(renders / "spoken.srt")[-1][2] == "And that is the end."


def test_voice_none_is_silent_with_every_line_on_screen(spoken, tmp_path, capsys):
    renders = tmp_path / "r"
    run(renders, "--voice", "none", capsys=capsys)
    with av.open(str(renders / "spoken.mp4")) as c:
        assert not c.streams.audio
    lines = read_lines(renders / "spoken" / "First.lines.json")
    assert lines and not any(line["spoken"] for line in lines)
    # Each line stays its reading time (README: 160 words a minute, plus half a second to find the
    # line, at least 1.5 s), to the frame (15 fps at low quality).
    for line in lines:
        reading = max(1.5, len(line["text"].split()) * 60 / 160 + 0.5)
        assert line["duration"] >= reading - 1 / 15, (line["text"], line["duration"], reading)
    assert not (renders / ".voice").exists() or not list((renders / ".voice").glob("*.wav"))


@pytest.mark.parametrize("voice", ENGINES)
def test_the_same_line_gives_the_same_audio(tmp_path, voice):
    from scenes.engines import engine
    from scenes.speech import speak

    a = speak("The same words, twice. It is 0.97.", engine(voice), tmp_path / "a")
    b = speak("The same words, twice. It is 0.97.", engine(voice), tmp_path / "b")
    assert a.path.read_bytes() == b.path.read_bytes()
    samples = audio.read_wav(a.path)
    assert abs(audio.loudness(samples) - audio.TARGET_LUFS) <= 0.5 and audio.true_peak_db(samples) <= -1.0
    assert [s[0] for s in a.sentences] == ["The same words, twice.", "It is 0.97."]


def audio_packets(movie: Path) -> bytes:
    with av.open(str(movie)) as c:
        return b"".join(bytes(p) for p in c.demux(c.streams.audio[0]) if p.size)


def test_the_same_settings_twice_give_byte_identical_chapter_audio(spoken, tmp_path, capsys):
    run(tmp_path / "a", capsys=capsys)
    run(tmp_path / "b", capsys=capsys)  # its own, cold, line cache
    for scene in ("First", "Second"):
        assert (tmp_path / "a" / "spoken" / f"{scene}.wav").read_bytes() == \
            (tmp_path / "b" / "spoken" / f"{scene}.wav").read_bytes()
    assert audio_packets(tmp_path / "a" / "spoken.mp4") == audio_packets(tmp_path / "b" / "spoken.mp4")


def test_the_gallery_player_shows_the_subtitles(spoken, tmp_path, capsys):
    import base64

    from pipeline import gallery

    renders = tmp_path / "r"
    run(renders, capsys=capsys)
    assert gallery.main(["--renders", str(renders)]) == 0
    page = (renders / "index.html").read_text()
    tracks = re.findall(r'<track kind="subtitles"[^>]*src="data:text/vtt;base64,([^"]+)"', page)
    assert len(tracks) == 3  # the chapter and its two scenes
    assert any("Then a square." in base64.b64decode(t).decode() for t in tracks)


def test_voice_none_shows_each_line_on_screen(spoken, tmp_path):
    import importlib.util

    from scenes.kit import session
    from scenes.scene_settings import SceneSettings
    from tests.scene_render import last_frame

    spec = importlib.util.spec_from_file_location("tiny_spoken", spoken)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with session.using(SceneSettings(voice="none")):
        scene, _ = last_frame(module.Second, tmp_path / "m")
    assert scene.caption_text == "And that is all." and scene._caption in scene.mobjects
    with session.using(SceneSettings()):  # with the voice: the caption is the line's short one, if any
        scene, _ = last_frame(module.First, tmp_path / "v")
    assert scene.lines[0].text.startswith("A circle appears") and scene.caption_text is None


def test_check_renders_measures_the_chapter_track(spoken, tmp_path, capsys):
    from pipeline.check import check_video

    renders = tmp_path / "r"
    run(renders, capsys=capsys)
    assert check_video(renders / "spoken.mp4", "low", whole_track=True) == []
    assert render.main(["check", "--chapters", "spoken", "--renders", str(renders), *NO_CONFIG], environ=ENV) == 0


def test_a_chapter_track_limited_hard_is_made_up_to_the_target_loudness(tmp_path):
    from pipeline import soundtrack
    from scenes.engines import engine
    from scenes.speech import speak

    line = audio.read_wav(speak("The brightest output is 7, and that is right. Its pixels light up the input layer.",
                                engine("hibari"), tmp_path).path)
    track = np.concatenate([line, np.zeros(audio.RATE // 2)] * 4)
    track[np.random.default_rng(0).integers(0, len(track), 40)] = 0.99  # clicks: limiting them takes loudness away
    once = audio.limit(track * 10 ** ((audio.TARGET_LUFS - audio.loudness(track)) / 20),
                       soundtrack.CHAPTER_CEILING_DBTP)
    assert audio.loudness(once) < audio.TARGET_LUFS - 0.5  # one pass of gain and limiting falls short
    finished, measured = soundtrack.finish(track)
    assert abs(measured.lufs - audio.TARGET_LUFS) < soundtrack.LOUDNESS_TOLERANCE
    assert measured.true_peak_db <= soundtrack.CHAPTER_CEILING_DBTP + 0.3


def test_a_chapter_track_already_at_the_target_loudness_is_still_limited_for_the_encoder(tmp_path):
    """Its lines are at −16 LUFS with peaks at −1.5 dBTP: left as it was, AAC took chapter 2 to −1.05 dBTP."""
    from pipeline import soundtrack
    from scenes.engines import engine
    from scenes.speech import speak

    line = audio.read_wav(speak("The brightest output is 7, and that is right.", engine("hibari"), tmp_path).path)
    track = np.concatenate([line] * 3)
    track *= 10 ** ((audio.TARGET_LUFS - audio.loudness(track)) / 20)
    assert abs(audio.loudness(track) - audio.TARGET_LUFS) < soundtrack.LOUDNESS_TOLERANCE
    assert audio.true_peak_db(track) > soundtrack.CHAPTER_CEILING_DBTP + 0.3
    _, measured = soundtrack.finish(track)
    assert measured.true_peak_db <= soundtrack.CHAPTER_CEILING_DBTP + 0.3
    assert abs(measured.lufs - audio.TARGET_LUFS) < soundtrack.LOUDNESS_TOLERANCE
