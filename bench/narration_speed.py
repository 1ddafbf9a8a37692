"""Narration: every line of both chapters synthesised from a cold cache, and what a held frame costs.

Lines are collected by rendering each scene's last frame (no audio, fast), then each is
synthesised by every engine (hibari, Piper: interleaved, line by line, in one process) into an
empty cache exactly as a render would (``scenes.speech.speak``: synthesis, trimming,
loudness, limiting). Each engine's real-time factor is its synthesis seconds over the seconds of
speech it made (target 0.1 or less); words per minute are over those seconds of speech
(sentence pauses included, not the breaths between lines). A held frame (what
the picture does while the voice talks on) is timed as the difference between a scene holding
12 s and one holding 2 s, at 1080p60, over the extra frames.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HOLD_SCENE = '''
from manim import RIGHT, Circle, Create, Text, VGroup
from scenes.kit.beat import Beat

class Hold(Beat):
    SECONDS = {seconds}

    def construct(self):
        things = VGroup(*[Circle(radius=0.2).shift(0.5 * i * RIGHT) for i in range(-8, 9)], Text("held"))
        self.play(Create(things), run_time=1)
        self.wait(self.SECONDS)
'''


def all_lines() -> list[str]:
    from scenes import catalogue
    from tests.scene_render import chapter_scenes, last_frame

    lines = []
    with tempfile.TemporaryDirectory(prefix="narration-lines-") as tmp:
        for chapter in catalogue.CHAPTERS:
            for cls in chapter_scenes(chapter):
                scene, _ = last_frame(cls, Path(tmp) / cls.__name__)
                lines += [line.text for line in scene.lines]
    return lines


def hold_seconds(seconds: float, quality: str = "-qh") -> float:
    with tempfile.TemporaryDirectory(prefix="narration-hold-") as tmp:
        module = Path(tmp) / "hold.py"
        module.write_text(HOLD_SCENE.format(seconds=seconds))
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "scenes.run", "--settings", '{"voice": "none"}', "render", quality,
                        "--disable_caching", "--media_dir", tmp, "--progress_bar", "none", "-v", "WARNING",
                        str(module), "Hold"], cwd=ROOT, check=True, capture_output=True)
        return time.perf_counter() - start


def run(args) -> dict:
    from scenes import engines, speech

    texts = all_lines()
    voices = {name: engines.engine(name) for name in engines.ENGINES}
    out: dict = {"narration_lines": len(texts), "narration_words": sum(len(t.split()) for t in texts)}
    seconds = {name: 0.0 for name in voices}
    spoken: dict[str, list] = {name: [] for name in voices}
    with tempfile.TemporaryDirectory(prefix="narration-cache-") as cache:
        for text in texts:  # the engines interleaved, line by line: a busy patch of the machine slows both
            for name, engine in voices.items():
                start = time.perf_counter()
                spoken[name].append(speech.speak(text, engine, Path(cache) / name))
                seconds[name] += time.perf_counter() - start
    for name in voices:
        audio = sum(s.duration for s in spoken[name])
        durations = sorted(s.duration for s in spoken[name])
        out[f"narration_synthesis_seconds[{name}]"] = round(seconds[name], 2)
        out[f"narration_audio_seconds[{name}]"] = round(audio, 1)
        out[f"narration_realtime_factor[{name}]"] = round(seconds[name] / audio, 4) if audio else "no audio"
        out[f"narration_words_per_minute[{name}]"] = round(out["narration_words"] * 60 / audio, 1) if audio else ""
        out[f"narration_line_seconds_min_median_max[{name}]"] = (
            f"{durations[0]:.1f} / {durations[len(durations) // 2]:.1f} / {durations[-1]:.1f}" if durations else "")
    short, long = hold_seconds(2), hold_seconds(12)
    out["held_frame_ms_1080p60"] = round(1000 * (long - short) / (10 * 60), 2)
    return out
