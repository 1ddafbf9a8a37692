"""``make figures`` and ``make check-figures``: the figure list names real beats and is the README's;
a figure rendered through the pipeline is the golden still, pixel for pixel, and check finds a bad one."""

from __future__ import annotations

import os

import numpy as np
from PIL import Image

from pipeline import render
from pipeline.jobs import ROOT
from scenes import catalogue
from tests.scene_render import chapter_module
from tests.scenes.test_golden import GOLDEN, MAX_CHANGED, changed_pixels

NO_CONFIG = ["--config", "/nonexistent/video.toml"]
ENV = {k: v for k, v in os.environ.items() if k not in ("THEME", "DIGIT", "IMAGE", "FIGURE_QUALITY")}


def test_every_figure_is_a_listed_beat_and_in_the_readme():
    for name, (module, scene) in catalogue.FIGURES.items():
        assert isinstance(getattr(chapter_module(module), scene, None), type), f"{name}: no class {module}.{scene}"
        catalogue.beat(module, scene)  # listed in the catalogue (KeyError if not)
    row = next(line for line in (ROOT / "README.md").read_text().splitlines() if line.startswith("| `make figures`"))
    listed = row.split("`renders/figures/<name>.png`:", 1)[1].split(" (", 1)[0]
    assert [n.strip() for n in listed.split(",")] == list(catalogue.FIGURES)


def test_a_figure_renders_as_the_golden_still_and_check_finds_a_bad_one(tmp_path, capsys):
    renders = tmp_path / "r"
    quality = ["--figure-quality", "low", "--quality", "low"]
    assert render.main(["figures", "--figures", "cost-terms", "--renders", str(renders), *quality, *NO_CONFIG],
                       environ=ENV) == 0
    png = renders / "figures" / "cost-terms.png"
    golden = np.asarray(Image.open(GOLDEN / "figure-cost-terms.png").convert("RGB"))
    assert changed_pixels(np.asarray(Image.open(png).convert("RGB")), golden).sum() <= MAX_CHANGED
    check = ["check", "--chapters", "--figures", "cost-terms", "--renders", str(renders), *quality, *NO_CONFIG]
    assert render.main(check, environ=ENV) == 0
    capsys.readouterr()
    Image.new("RGB", (854, 480), (10, 10, 10)).save(png)  # a blank still where the figure was
    assert render.main(check, environ=ENV) == 1
    assert "cost-terms.png" in capsys.readouterr().err
