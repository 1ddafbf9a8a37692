"""Render a scene's last frame in-process (manim's ``-s`` fast path: animations are skipped)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from manim import tempconfig
from PIL import Image


def last_frame(scene_cls, media_dir: Path, quality: str = "low_quality", recorder=None):
    """(scene, RGB array of its last frame). A ``recorder`` (scenes.kit.frames.FrameRecorder) given
    is the scene's: it snapshots the text on screen for the frame rules (tests/frame_rules.py)."""
    with tempconfig({
        "quality": quality,
        "save_last_frame": True,
        "write_to_movie": False,
        "disable_caching": True,
        "media_dir": str(media_dir),
        "verbosity": "WARNING",
        "progress_bar": "none",
    }):
        scene = scene_cls()
        if recorder is not None:
            scene.recorder = recorder
        scene.render()
    pngs = sorted(Path(media_dir).rglob("*.png"), key=lambda p: p.stat().st_mtime)
    pngs = [p for p in pngs if "Tex" not in p.parts and "texts" not in p.parts]
    return scene, np.asarray(Image.open(pngs[-1]).convert("RGB"))


_RENDERED: dict = {}


def chapter_scenes(chapter: str) -> list:
    """The scene classes of a chapter, in story order (from the catalogue)."""
    import importlib

    from scenes import catalogue

    module = importlib.import_module(f"scenes.{chapter}")
    return [getattr(module, b.scene) for b in catalogue.CHAPTERS[chapter].beats]


def catalogue_scenes() -> list:
    """The scene classes of every chapter in the catalogue, in story order: a chapter added there is
    covered by every test that iterates this, with no test to edit."""
    from scenes import catalogue

    return [scene for chapter in catalogue.CHAPTER_LIST for scene in chapter_scenes(chapter.name)]


def chapter_module(chapter: str):
    import importlib

    return importlib.import_module(f"scenes.{chapter}")


def rendered(scene_cls, settings=None):
    """``last_frame`` of a scene with these scene settings (default: the defaults), rendered once
    per test session and shared by every test that asks for the same. Its text is recorded as it
    renders (``scene.recorder``), so the frame rules judge this same render."""
    import tempfile

    from scenes.kit import session
    from scenes.kit.frames import FrameRecorder
    from scenes.scene_settings import SceneSettings

    settings = settings or SceneSettings()
    key = (scene_cls, settings)
    if key not in _RENDERED:
        with session.using(settings):
            _RENDERED[key] = last_frame(scene_cls, Path(tempfile.mkdtemp(prefix="netcore-scene-")),
                                        recorder=FrameRecorder())
    return _RENDERED[key]
