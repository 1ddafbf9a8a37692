"""Every scene of both chapters constructs for an imported 784-30-10 network, and the scenes that show
training history say on screen that it comes from a reference run, not from the imported file."""

from __future__ import annotations

import numpy as np
import pytest
from manim import Text
from manim.utils.color import ManimColor

from netcore import bundle as nb
from scenes import chapter1, chapter2, chapter3
from scenes.kit import data, session, style
from scenes.scene_settings import SceneSettings
from tests.scene_render import catalogue_scenes, rendered

# Scenes whose numbers come from the training run (the reference run, for an imported network).
HISTORY = {chapter2.RandomStart, chapter2.CostOfOneExample, chapter2.AverageCost, chapter2.RealLandscape,
           chapter2.GradientVector, chapter2.GradientEdges, chapter2.GradientDescent, chapter2.MemorizingVsLearning,
           chapter2.TwoFunctions, chapter2.MiniBatches, chapter2.InShort,
           # chapter 3's backprop record: a training snapshot of the reference run, for an imported network
           chapter3.CostAndGradient, chapter3.WhyNotTryEachKnob, chapter3.OneExampleWishes, chapter3.ThreeWaysToRaise,
           chapter3.FireTogether, chapter3.AddingUpWishes, chapter3.OneExampleNotEnough,
           chapter3.StochasticGradientDescent, chapter3.RealWeight, chapter3.MoreIndices, chapter3.WholeAlgorithm,
           chapter3.ChapterRecap3}


@pytest.fixture(scope="module")
def imported(imported_dir):  # noqa: F811
    """The scenes read the imported bundle for this module only (chosen through the render's
    settings: netcore reads no bundle directory from the environment)."""
    with session.using(SceneSettings(bundle_dir=str(imported_dir))):
        yield nb.load(imported_dir)


def texts(scene) -> list[str]:
    return [m.original_text for m in scene.mobjects for m in m.get_family() if isinstance(m, Text)]


# These read neither the network nor its sizes (pictures of digits, toys, the sigmoid): tests/scenes/test_scenes.py
# covers them, and leaving them out here saves a fifth of this module's time.
NETWORK_FREE = {chapter1.SloppyThrees, chapter1.PixelsAreNumbers, chapter1.EdgeDetector, chapter1.SigmoidVsReLU,
                chapter2.OneVariable, chapter2.TwoVariables}
SCENES = [s for s in catalogue_scenes() if s not in NETWORK_FREE]


@pytest.mark.parametrize("scene_cls", SCENES, ids=lambda c: c.__name__)
def test_scene_constructs_for_an_imported_784_30_10(scene_cls, imported, imported_dir):  # noqa: F811
    assert data.bundle().sizes == (784, 30, 10)
    scene, frame = rendered(scene_cls, SceneSettings(bundle_dir=str(imported_dir)))
    background = np.array(ManimColor(style.theme().background).to_rgb()) * 255
    assert (np.abs(frame.astype(float) - background).sum(axis=2) > 60).mean() > 0.01
    shown = texts(scene)
    note = imported.history_note
    if scene_cls in HISTORY:
        assert note in shown, f"{scene_cls.__name__} shows training history without saying where it comes from"
    else:
        assert note not in shown
    assert not any("784-16-16-10" in t or "13,002" in t for t in shown)
