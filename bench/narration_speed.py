"""Narration: every line of both chapters synthesised from a cold cache, and what a held frame costs.

Lines are collected by rendering each scene's last frame (no audio, fast), then each is
synthesised with the default Piper voice into an empty cache exactly as a render would
(``scenes.kit.speech.speak``: synthesis, trimming, loudness, limiting). The real-time factor
is synthesis seconds over the seconds of speech made (target 0.1 or less). A held frame (what
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
    from tests.scene_render import chapter_scenes, last_frame

    lines = []
    with tempfile.TemporaryDirectory(prefix="narration-lines-") as tmp:
        for chapter in ("chapter1", "chapter2"):
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
    from scenes.kit import speech

    texts = all_lines()
    voice = speech.default_voice()
    out: dict = {"narration_lines": len(texts), "narration_words": sum(len(t.split()) for t in texts)}
    with tempfile.TemporaryDirectory(prefix="narration-cache-") as cache:
        start = time.perf_counter()
        spoken = [speech.speak(text, voice, Path(cache)) for text in texts]
        seconds = time.perf_counter() - start
    audio = sum(s.duration for s in spoken)
    out["narration_synthesis_seconds"] = round(seconds, 2)
    out["narration_audio_seconds"] = round(audio, 1)
    out["narration_realtime_factor"] = round(seconds / audio, 4) if audio else "no audio"
    durations = sorted(s.duration for s in spoken)
    out["narration_line_seconds_min_median_max"] = (
        f"{durations[0]:.1f} / {durations[len(durations) // 2]:.1f} / {durations[-1]:.1f}" if durations else "")
    short, long = hold_seconds(2), hold_seconds(12)
    out["held_frame_ms_1080p60"] = round(1000 * (long - short) / (10 * 60), 2)
    return out
