"""Render jobs: one manim process per scene video or figure still, with one output file.

A job is everything a render farm needs to run it anywhere: the command, the
environment it reads (quality, digit, theme, bundle), the files it depends on
(``scenes.inputs``) and the file it writes. ``python -m scenes.render plan``
prints them.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RENDERS = ROOT / "renders"
QUALITY_FLAGS = {"low": "l", "medium": "m", "high": "h", "4k": "k"}
# What manim's quality presets produce: (width, height, frames per second).
QUALITY_FORMAT = {"low": (854, 480, 15), "medium": (1280, 720, 30), "high": (1920, 1080, 60), "4k": (3840, 2160, 60)}
# Every module of scenes a job can render, by name; a chapter is one whose CHAPTER lists its scenes.
SCENE_FILES = {name: ROOT / "scenes" / f"{name}.py" for name in ("chapter1", "chapter2", "yourdigit")}
CHAPTERS = ("chapter1", "chapter2")

# figure name -> (scene module under scenes/, scene whose last frame is the figure)
FIGURES = {
    "sloppy-threes": ("chapter1", "SloppyThrees"),
    "pixel-grid": ("chapter1", "PixelsAreNumbers"),
    "input-layer": ("chapter1", "InputLayer"),
    "labelled-network": ("chapter1", "Layers"),
    "forward-pass": ("chapter1", "ForwardPass"),
    "weight-grid": ("chapter1", "Weights"),
    "edge-detector": ("chapter1", "EdgeDetector"),
    "sigmoid": ("chapter1", "Squish"),
    "relu": ("chapter1", "SigmoidVsReLU"),
    "matrix-symbolic": ("chapter1", "MatrixFormSymbolic"),
    "matrix-numeric": ("chapter1", "MatrixFormNumeric"),
    "parameter-count": ("chapter1", "Counting"),
    "cost-terms": ("chapter2", "CostOfOneExample"),
    "cost-landscape": ("chapter2", "RealLandscape"),
    "gradient-vector": ("chapter2", "GradientVector"),
    "gradient-edges": ("chapter2", "GradientEdges"),
    "cost-curve": ("chapter2", "GradientDescent"),
    "learning-curves": ("chapter2", "MemorizingVsLearning"),
    "weight-images": ("chapter2", "HiddenNeuronsLook"),
    "what-the-network-saw": ("yourdigit", "WhatTheNetworkSaw"),
}


@dataclass(frozen=True)
class Job:
    kind: str  # "scene" (a video file of one beat) or "figure" (a still)
    module: str  # file stem under scenes/: "chapter1"
    scene: str  # class name
    name: str  # output stem: "05-ForwardPass" or "forward-pass"
    title: str
    quality: str
    renders: Path = RENDERS
    # Seconds the job is expected to take before it has ever been measured (for ordering only):
    # a scene class can say it is heavy with ``RENDER_SECONDS`` (as measured at low quality).
    expected_seconds: float = 10.0

    @property
    def key(self) -> str:
        return f"{self.module}/{self.name}" if self.kind == "scene" else f"figures/{self.name}"

    @property
    def output(self) -> Path:
        return self.renders / f"{self.key}{'.mp4' if self.kind == 'scene' else '.png'}"

    @property
    def record(self) -> Path:
        """What the job was rendered from (written after the output: present = output complete)."""
        return self.output.with_suffix(".json")

    @property
    def source_file(self) -> Path:
        return SCENE_FILES[self.module]

    @property
    def media_dir(self) -> Path:
        # One manim media folder per job: parallel processes never share a LaTeX cache being
        # written, and each keeps its own between runs.
        return self.renders / ".manim" / self.kind / self.module / self.name

    def command(self) -> list[str]:
        cmd = [sys.executable, "-m", "manim", "render", f"-q{QUALITY_FLAGS[self.quality]}", "--disable_caching",
               "--media_dir", str(self.media_dir), "--progress_bar", "none", "-v", "WARNING", "-o", self.name]
        if self.kind == "figure":
            cmd.append("-s")
        return cmd + [str(self.source_file), self.scene]

    def env(self) -> dict[str, str]:
        """Variables this job sets on top of the caller's (which carry DIGIT, IMAGE, THEME)."""
        return {"NETCORE_FIGURE": "1"} if self.kind == "figure" else {"NETCORE_FIGURE": ""}


def scene_module(module: str):
    path = SCENE_FILES[module]
    if path.parent == ROOT / "scenes":  # the project's own: the same module objects the tests import
        return importlib.import_module(f"scenes.{path.stem}")
    name = f"_netcore_scenes_{module}"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


def chapter_jobs(chapter: str, quality: str, renders: Path = RENDERS) -> list[Job]:
    """The scenes of a chapter, in story order, as video jobs."""
    classes = scene_module(chapter).CHAPTER
    return [Job("scene", chapter, cls.__name__, f"{i + 1:02d}-{cls.__name__}", title(cls), quality, renders,
                getattr(cls, "RENDER_SECONDS", 10.0)) for i, cls in enumerate(classes)]


def figure_jobs(names: list[str], quality: str, renders: Path = RENDERS) -> list[Job]:
    jobs = []
    for name in names:
        module, scene = FIGURES[name]
        cls = getattr(scene_module(module), scene)
        jobs.append(Job("figure", module, scene, name, title(cls), quality, renders,
                        getattr(cls, "RENDER_SECONDS", 10.0)))
    return jobs


def title(cls) -> str:
    return (cls.__doc__ or cls.__name__).strip().splitlines()[0]
