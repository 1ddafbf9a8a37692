"""Every chapter scene constructs, and what the scenes draw means what the bundle says."""

from __future__ import annotations

import numpy as np
import pytest
from manim.utils.color import ManimColor

from netcore import bundle as nb
from scenes import catalogue, chapter1
from scenes.kit import data, style
from scenes.kit.network import NetworkDiagram
from tests import ci
from tests.scene_render import catalogue_scenes, chapter_module, rendered


@pytest.mark.parametrize("scene_cls", catalogue_scenes(), ids=lambda c: f"{c.__module__.split('.')[-1]}.{c.__name__}")
def test_every_scene_constructs(scene_cls):
    _, frame = rendered(scene_cls)
    assert frame.shape == (480, 854, 3)
    background = np.array(ManimColor(style.theme().background).to_rgb()) * 255
    drawn = np.abs(frame.astype(float) - background).sum(axis=2) > 60
    assert drawn.mean() > 0.01, "the last frame is (nearly) empty"


@pytest.mark.parametrize("name", [c.name for c in catalogue.CHAPTER_LIST])
def test_chapter_lists_every_scene_once(name):
    import inspect

    from manim import Scene

    chapter = chapter_module(name)
    defined = {name for name, obj in inspect.getmembers(chapter, inspect.isclass)
               if issubclass(obj, Scene) and obj.__module__ == chapter.__name__}
    listed = [b.scene for b in catalogue.CHAPTERS[name].beats]
    assert sorted(listed) == sorted(defined) and len(set(listed)) == len(listed)


def test_forward_pass_ends_on_the_chosen_digit_with_its_real_activations():
    scene, _ = rendered(chapter1.ForwardPass)
    diagram = scene.diagram
    assert isinstance(diagram, NetworkDiagram) and diagram.edges in scene.mobjects
    digit = nb.load().default_digit
    for l, layer in enumerate(diagram.layers):
        shown = [c.get_fill_opacity() for c in layer]
        np.testing.assert_allclose(shown, digit.activations[l][diagram.drawn[l]], atol=1e-6)
    from manim import SurroundingRectangle

    boxes = [m for m in scene.mobjects if isinstance(m, SurroundingRectangle)]
    assert boxes, "no answer box"
    winner = diagram.layers[-1][int(np.argmax(digit.output))]
    assert boxes[-1].get_top()[1] > winner.get_center()[1] > boxes[-1].get_bottom()[1]


def test_user_digit_from_the_test_set(scene_settings):
    """A test digit outside the curated set is read from MNIST and run through the trained network."""
    ci.mnist_dir()  # needs the MNIST test set the bundle was made from
    b = nb.load()
    index = 9999
    assert index not in b.curated_indices
    scene_settings(digit=f"test:{index}")
    digit = data.chosen_digit()
    assert digit.test_index == index and digit.label == int(b.arrays["test_label"][index])
    np.testing.assert_allclose(digit.output, b.arrays["test_output"][index], atol=1e-6)


def test_user_image(scene_settings, tmp_path):
    from PIL import Image

    three = nb.load().default_digit
    path = tmp_path / "mine.png"
    Image.fromarray(255 - np.kron(three.image, np.ones((8, 8), np.uint8))).save(path)
    scene_settings(image=path)
    digit = data.chosen_digit()
    assert digit.test_index is None and digit.prediction == 3 and "mine.png" in digit.source


def test_bad_digit_choice_is_a_clear_error(scene_settings):
    from netcore.errors import NetcoreError

    scene_settings(digit="3")
    with pytest.raises(NetcoreError, match="expected test:N"):
        data.chosen_digit()
