"""The tiny narrated chapter "spoken" (tests/data/tiny_spoken.py: two beats, four short lines),
rendered through the real pipeline by the narration, own-voice and notes tests."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from pipeline import render
from pipeline.settings import VARIABLES
from scenes import catalogue

TINY = Path(__file__).parents[1] / "data" / "tiny_spoken.py"
BEATS = (catalogue.Beat("First", "A circle"), catalogue.Beat("Second", "A square"))
NO_CONFIG = ["--config", "/nonexistent/video.toml"]
ENV = {k: v for k, v in os.environ.items() if k not in VARIABLES}


def install(folder: Path, setitem: Callable) -> Path:
    """The tiny chapter as chapter "spoken" in ``folder``/spoken.py (its line ids: spoken.First.1, …),
    listed in the catalogue through ``setitem`` (a monkeypatch's: undone after the test)."""
    module = folder / "spoken.py"
    shutil.copyfile(TINY, module)
    setitem(catalogue.CHAPTERS, "spoken", catalogue.Chapter("spoken", "Spoken", BEATS, module))
    return module


def render_video(renders: Path, *extra: str) -> None:
    """``python -m pipeline video`` of the chapter into ``renders``, with no config file and none of
    the caller's render variables."""
    assert render.main(["video", "--chapters", "spoken", "--renders", str(renders), *NO_CONFIG, *extra],
                       environ=ENV) == 0
