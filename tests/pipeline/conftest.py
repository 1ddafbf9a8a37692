"""Fixtures of the pipeline tests: the tiny narrated chapter (see spoken_chapter.py)."""

from __future__ import annotations

import pytest

from tests.pipeline import spoken_chapter


@pytest.fixture
def spoken(tmp_path, monkeypatch):
    """The tiny chapter installed for one test (not rendered); its module file."""
    return spoken_chapter.install(tmp_path, monkeypatch.setitem)


@pytest.fixture(scope="module")
def spoken_renders(tmp_path_factory):
    """The tiny chapter rendered once, narrated, for every test of a module that only reads it:
    (the renders folder, the chapter's module file). The chapter stays in the catalogue meanwhile."""
    folder = tmp_path_factory.mktemp("spoken")
    with pytest.MonkeyPatch.context() as patch:
        module = spoken_chapter.install(folder, patch.setitem)
        spoken_chapter.render_video(folder / "r")
        yield folder / "r", module
