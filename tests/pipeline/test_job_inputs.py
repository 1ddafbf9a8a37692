"""Every input a render job reads changes its fingerprint, so a change to any of them renders the job
again: the bundle, a kit module, a netcore module, ``manim.cfg``, the process entry point
``scenes/run.py``, the bytes of ``IMAGE`` and the manim version. Checked on a copy of the project's
code (the fingerprint's root moved there), so that nothing of the real checkout is edited."""

from __future__ import annotations

import importlib.metadata
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from netcore import bundle
from pipeline import fingerprint as fp
from pipeline.jobs import ROOT, Job
from scenes import catalogue
from scenes.scene_settings import SceneSettings


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of netcore/, scenes/, manim.cfg and the bundle, read by the fingerprint instead of the real ones."""
    root = tmp_path / "project"
    for folder in ("netcore", "scenes"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(ROOT / "manim.cfg", root / "manim.cfg")
    shutil.copytree(bundle.DEFAULT_DIR, root / "bundle")
    monkeypatch.setattr(fp, "ROOT", root)
    monkeypatch.setattr(fp, "CODE_DIRS", (root / "netcore", root / "scenes"))
    monkeypatch.setattr(fp, "ENTRY", root / "scenes" / "run.py")
    return root


def job(root: Path, image: Path) -> Job:
    """Chapter 1's forward pass on a user's picture, from the copy (a video job)."""
    b = catalogue.beat("chapter1", "ForwardPass")
    settings = SceneSettings(image=str(image), bundle_dir=str(root / "bundle"))
    return Job("scene", "chapter1", b.scene, b.scene, b.title, "low", root / "scenes" / "chapter1.py", settings)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def test_every_input_of_a_job_is_in_its_fingerprint(project, tmp_path, monkeypatch):
    image = tmp_path / "mine.png"
    Image.new("L", (28, 28), 0).save(image)
    the_job = job(project, image)
    seen = {fp.fingerprint(the_job)}

    def changes(what: str) -> None:
        now = fp.fingerprint(the_job)
        assert now not in seen, f"changing {what} does not re-render the job"
        seen.add(now)

    npz = project / "bundle" / bundle.NPZ_NAME
    npz.write_bytes(npz.read_bytes() + b"\0")
    changes("the bundle")
    append(project / "scenes" / "kit" / "style.py", "\nEXTRA = 1\n")
    changes("a kit module (scenes/kit/style.py)")
    append(project / "netcore" / "network.py", "\nEXTRA = 1\n")
    changes("a netcore module (netcore/network.py)")
    append(project / "manim.cfg", "\n# another setting\n")
    changes("manim.cfg")
    append(project / "scenes" / "run.py", "\nEXTRA = 1\n")
    changes("scenes/run.py")
    Image.new("L", (28, 28), 255).save(image)  # the same path, other bytes
    changes("the bytes of IMAGE")
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "99.0" if name == "manim" else real(name))
    fp._manim_version.cache_clear()  # read once per process: this test changes it
    changes("the manim version")
    monkeypatch.setattr(importlib.metadata, "version", real)
    fp._manim_version.cache_clear()  # the real version again for the tests after this one

    # And nothing else: the same inputs give the same fingerprint, wherever the bundle lies.
    moved = tmp_path / "elsewhere"
    shutil.copytree(project / "bundle", moved)
    assert fp.fingerprint(replace(the_job, settings=replace(the_job.settings, bundle_dir=str(moved)))) in seen


def test_a_module_the_scene_does_not_import_is_not_an_input(project, tmp_path):
    """The other side: editing a module no render reads re-renders nothing."""
    image = tmp_path / "mine.png"
    Image.new("L", (28, 28), 0).save(image)
    the_job = job(project, image)
    before = fp.fingerprint(the_job)
    (project / "netcore" / "unused_helper.py").write_text("X = 1\n")
    assert fp.fingerprint(the_job) == before
