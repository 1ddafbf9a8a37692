"""``make clean``: remove the output folder, but only one the pipeline made.

A mistyped ``RENDERS=~`` must not delete a home folder: a folder is removed only when it
holds nothing but what the pipeline writes (its manifest, records, videos, stills, posters,
captions, gallery, notes, manim's working folder).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

MADE_HERE = {".mp4", ".png", ".jpg", ".json", ".srt", ".vtt", ".txt", ".html", ".wav", ".md", ".pdf", ".tmp"}


def foreign_files(renders: Path) -> list[Path]:
    """Files under ``renders`` the pipeline would not have written (manim's own folder aside)."""
    return [p for p in renders.rglob("*") if p.is_file() and ".manim" not in p.relative_to(renders).parts
            and p.suffix not in MADE_HERE]


def clean(renders: Path) -> int:
    if not renders.exists():
        print(f"{renders}: nothing to remove")
        return 0
    if not (renders / "manifest.json").is_file() and any(renders.iterdir()):
        print(f"clean: error: {renders} has no manifest.json: not a folder the pipeline made; left as it is",
              file=sys.stderr)
        return 1
    foreign = foreign_files(renders)
    if foreign:
        print(f"clean: error: {renders} holds files the pipeline did not make (e.g. {foreign[0]}); left as it is",
              file=sys.stderr)
        return 1
    shutil.rmtree(renders)
    print(f"removed {renders}")
    return 0
