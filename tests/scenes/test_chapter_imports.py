"""A chapter (or figure) module imports the kit, never another chapter module: what one chapter
needs from another belongs in the kit. Otherwise a chapter's renders depend on the other
chapter's file (its fingerprint), and every edit there would render it again."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from scenes import catalogue

MODULES = {**{name: chapter.source_file for name, chapter in catalogue.CHAPTERS.items()},
           **{name: catalogue.module_file(name) for name in catalogue.EXTRA_MODULES}}
KIT = sorted((catalogue.SCENES_DIR / "kit").glob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, as dotted names (``from scenes import chapter1`` gives scenes.chapter1)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


@pytest.mark.parametrize("path", [*MODULES.values(), *KIT], ids=lambda p: p.stem)
def test_imports_no_chapter_module(path):
    others = {f"scenes.{name}" for name, file in MODULES.items() if file != path}
    assert not imported_modules(path) & others, f"{path.name} imports another chapter's module; move it to scenes.kit"


def test_the_check_sees_an_import_of_a_chapter(tmp_path):
    bad = tmp_path / "chapter9.py"
    bad.write_text("from scenes.chapter1 import said_label\nfrom scenes import chapter2\n")
    assert {"scenes.chapter1", "scenes.chapter2"} <= imported_modules(bad)
