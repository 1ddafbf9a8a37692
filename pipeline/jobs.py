"""Render jobs: one manim process per scene video or figure still, with one output file.

A job is everything a render farm needs to run it anywhere: the command (whose
``--settings`` carry the theme, digit, still or video and bundle), the files it depends on
(``pipeline.fingerprint``) and the file it writes. ``python -m pipeline plan`` prints them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from scenes import catalogue
from scenes.scene_settings import SceneSettings

ROOT = Path(__file__).resolve().parent.parent
RENDERS = ROOT / "renders"
QUALITY_FLAGS = {"low": "l", "medium": "m", "high": "h", "4k": "k"}
# What manim's quality presets produce: (width, height, frames per second).
QUALITY_FORMAT = {"low": (854, 480, 15), "medium": (1280, 720, 30), "high": (1920, 1080, 60), "4k": (3840, 2160, 60)}


# The layout of the renders folder, in one place: each chapter's joined video at the top (its
# chapter list and subtitles beside it), each scene's video in the chapter's folder (its .wav,
# .lines.json, .vtt and .json record beside it), the figures in figures/.


def chapter_video(renders: Path, chapter: str) -> Path:
    return renders / f"{chapter}.mp4"


def chapter_folder(renders: Path, chapter: str) -> Path:
    return renders / chapter


def scene_video(renders: Path, chapter: str, scene: str) -> Path:
    return chapter_folder(renders, chapter) / f"{scene}.mp4"


def scene_videos(renders: Path, chapter: str = "*") -> list[Path]:
    """Every scene video on disk (of ``chapter``, or of all), not manim's working folder."""
    return sorted(v for v in renders.glob(str(scene_video(Path(), chapter, "*"))) if not v.parent.name.startswith("."))


def chapter_videos(renders: Path) -> list[Path]:
    """Every joined chapter video on disk."""
    return sorted(renders.glob(str(chapter_video(Path(), "*"))))


@dataclass(frozen=True)
class Job:
    kind: str  # "scene" (a video file of one beat) or "figure" (a still)
    module: str  # "chapter1"
    scene: str  # class name
    name: str  # output stem: the scene's class name, or the figure's name
    title: str
    quality: str
    source_file: Path
    settings: SceneSettings
    renders: Path = RENDERS
    expected_seconds: float = 10.0  # before it was ever measured (for ordering only)

    @property
    def key(self) -> str:
        return f"{self.module}/{self.name}" if self.kind == "scene" else f"figures/{self.name}"

    @property
    def output(self) -> Path:
        return scene_video(self.renders, self.module, self.name) if self.kind == "scene" else \
            self.renders / f"{self.key}.png"

    @property
    def record(self) -> Path:
        """What the job was rendered from (written after the output: present = output complete)."""
        return self.output.with_suffix(".json")

    @property
    def media_dir(self) -> Path:
        # One manim media folder per job: parallel processes never share a LaTeX cache being
        # written, and each keeps its own between runs.
        return self.renders / ".manim" / self.kind / self.module / self.name

    def command(self) -> list[str]:
        cmd = [sys.executable, "-m", "scenes.run", "--settings", self.settings.to_json(),
               "render", f"-q{QUALITY_FLAGS[self.quality]}", "--disable_caching",
               "--media_dir", str(self.media_dir), "--progress_bar", "none", "-v", "WARNING", "-o", self.name]
        if self.kind == "figure":
            cmd.append("-s")
        return cmd + [str(self.source_file), self.scene]


def chapter_jobs(chapter: str, quality: str, settings: SceneSettings, renders: Path = RENDERS,
                 own: Callable[[str, str], dict] | None = None) -> list[Job]:
    """The scenes of a chapter, in story order, as video jobs; ``own(chapter, scene)`` gives the
    settings of a scene's own (a lecturer's recordings and lines for it)."""
    ch = catalogue.CHAPTERS[chapter]
    video = replace(settings, still=False)
    return [Job("scene", chapter, b.scene, b.scene, b.title, quality, ch.source_file,
                replace(video, **own(chapter, b.scene)) if own else video, renders, b.expected_seconds)
            for b in ch.beats]


def figure_jobs(names: list[str], quality: str, settings: SceneSettings, renders: Path = RENDERS) -> list[Job]:
    jobs = []
    still = replace(settings, still=True)
    for name in names:
        module, scene = catalogue.FIGURES[name]
        b = catalogue.beat(module, scene)
        source = catalogue.CHAPTERS[module].source_file if module in catalogue.CHAPTERS else catalogue.module_file(module)
        jobs.append(Job("figure", module, scene, name, b.title, quality, source, still, renders, b.expected_seconds))
    return jobs
