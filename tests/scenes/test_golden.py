"""Golden frames: last frames of beats of both chapters, in the three themes and as a figure,
compared with images made from the committed bundle on this cairo.

They catch unintended visual changes (layout, palette, the edge rule, a neuron's brightness, the
answer box), and a refactor proves with them that it changes no pixel. The comparison is strict:
a pixel counts as changed above ``LEVELS`` grey levels (a 0.1 error in a neuron's fill is about
25 on the dark theme), and more than ``MAX_CHANGED`` changed pixels fail (one flipped edge is a
few dozen). Renders on one machine are deterministic, so nothing legitimate comes near either.

After a deliberate change, or after retraining the bundle, regenerate them with ``make golden``
and look at the new PNGs before committing them. Under CI (``CI`` set) regenerating is refused
and a bundle other than the one the frames were made from fails instead of skipping.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scenes import catalogue, chapter1, chapter2
from scenes.scene_settings import SceneSettings
from tests.ci import ON_CI
from tests.scene_render import chapter_module, rendered

GOLDEN = Path(__file__).parent / "golden"
MADE_FROM = GOLDEN / "bundle.sha256"  # the bundle the golden frames show (they are its pixels)
REGENERATE = os.environ.get("NETCORE_REGEN_GOLDEN") == "1"
LEVELS = 12  # a pixel differs when one channel moves by more than this (of 255)
MAX_CHANGED = 20  # pixels allowed to differ (0.005 % at 854x480): anti-aliasing noise only


def figure(name: str) -> tuple[type, SceneSettings]:
    """A figure as ``make figures`` draws it: its scene's last frame as a still."""
    module, scene = catalogue.FIGURES[name]
    return getattr(chapter_module(module), scene), SceneSettings(still=True)


DARK, LIGHT, COLORBLIND = SceneSettings(), SceneSettings(theme="light"), SceneSettings(theme="colorblind")
# golden file stem -> (scene, settings). Chosen for what they show: the labelled network, the forward
# pass with its answer box, an equation, chapter 2's cost bars, gradient-coloured edges and results.
CASES = {
    "Layers": (chapter1.Layers, DARK),
    "ForwardPass": (chapter1.ForwardPass, DARK),
    "MatrixFormSymbolic": (chapter1.MatrixFormSymbolic, DARK),
    "CostOfOneExample": (chapter2.CostOfOneExample, DARK),
    "GradientEdges": (chapter2.GradientEdges, DARK),
    "HowWellItDoes": (chapter2.HowWellItDoes, DARK),
    "ForwardPass-light": (chapter1.ForwardPass, LIGHT),
    "GradientEdges-colorblind": (chapter2.GradientEdges, COLORBLIND),
    "figure-cost-terms": figure("cost-terms"),
}


def bundle_sha() -> str:
    from netcore import bundle

    return bundle.sha256_file(bundle.default_dir() / bundle.NPZ_NAME)


def changed_pixels(frame: np.ndarray, golden: np.ndarray) -> np.ndarray:
    """A mask of the pixels where some channel differs by more than ``LEVELS``."""
    assert frame.shape == golden.shape, f"frame {frame.shape}, golden {golden.shape}"
    return np.abs(frame.astype(int) - golden.astype(int)).max(axis=2) > LEVELS


def where(mask: np.ndarray) -> str:
    ys, xs = np.nonzero(mask)
    return f"x {xs.min()}..{xs.max()}, y {ys.min()}..{ys.max()}" if len(xs) else "nowhere"


@pytest.mark.parametrize("stem", CASES)
def test_last_frame_matches_golden(stem):
    scene_cls, settings = CASES[stem]
    path = GOLDEN / f"{stem}.png"
    if REGENERATE:
        if ON_CI:
            pytest.fail("NETCORE_REGEN_GOLDEN is refused under CI: golden frames are made and looked at by a person")
        _, frame = rendered(scene_cls, settings)
        Image.fromarray(frame).save(path)
        MADE_FROM.write_text(bundle_sha() + "\n")
        pytest.skip(f"regenerated {path.name}")
    if MADE_FROM.read_text().strip() != bundle_sha():
        message = ("golden frames show the committed network; assets/ holds another (make import or "
                   "make train with other settings): `git checkout assets/` to compare, `make golden` to adopt")
        if ON_CI:
            pytest.fail(message)
        pytest.skip(message)
    assert path.exists(), f"{path} missing: run `make golden`"
    _, frame = rendered(scene_cls, settings)
    golden = np.asarray(Image.open(path).convert("RGB"))
    changed = changed_pixels(frame, golden)
    assert changed.sum() <= MAX_CHANGED, (
        f"{changed.sum()} pixels ({changed.mean():.3%}) differ from {path.name} by more than {LEVELS} levels, "
        f"at {where(changed)} (run `make golden` if intended, and look at the new frame)")


def test_every_golden_file_is_a_case():
    """A renamed or dropped case leaves no unchecked picture behind."""
    assert {p.stem for p in GOLDEN.glob("*.png")} == set(CASES)


def test_the_comparison_sees_a_small_change():
    """The threshold itself: a neuron 0.1 brighter (a 12-pixel-radius disc) is seen, noise is not."""
    golden = np.asarray(Image.open(GOLDEN / "ForwardPass.png").convert("RGB"))
    frame = golden.copy()
    yy, xx = np.ogrid[:frame.shape[0], :frame.shape[1]]
    disc = (yy - 240) ** 2 + (xx - 427) ** 2 <= 12 ** 2
    frame[disc] = np.clip(frame[disc].astype(int) + 26, 0, 255)  # 0.1 of white over the dark background
    assert changed_pixels(frame, golden).sum() > MAX_CHANGED
    noisy = np.clip(golden.astype(int) + np.random.default_rng(0).integers(-LEVELS, LEVELS + 1, golden.shape), 0, 255)
    assert changed_pixels(noisy, golden).sum() == 0
