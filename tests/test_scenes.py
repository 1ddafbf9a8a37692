"""Every chapter scene constructs, and what the scenes draw means what the bundle says."""

from __future__ import annotations

import numpy as np
import pytest
from manim.utils.color import ManimColor

from netcore import bundle as nb
from scenes import chapter1, chapter2
from scenes.kit import data, style
from scenes.kit.network import NetworkDiagram
from tests.scene_render import rendered


@pytest.fixture(autouse=True)
def default_digit(monkeypatch):
    monkeypatch.delenv("DIGIT", raising=False)
    monkeypatch.delenv("IMAGE", raising=False)
    data.chosen_digit.cache_clear()
    yield
    data.chosen_digit.cache_clear()


@pytest.mark.parametrize("scene_cls", chapter1.CHAPTER + chapter2.CHAPTER, ids=lambda c: c.__name__)
def test_every_scene_constructs(scene_cls):
    _, frame = rendered(scene_cls)
    assert frame.shape == (480, 854, 3)
    background = np.array(ManimColor(style.THEME.background).to_rgb()) * 255
    drawn = np.abs(frame.astype(float) - background).sum(axis=2) > 60
    assert drawn.mean() > 0.01, "the last frame is (nearly) empty"


@pytest.mark.parametrize("chapter", [chapter1, chapter2], ids=lambda m: m.__name__)
def test_chapter_lists_every_scene_once(chapter):
    import inspect

    from manim import Scene

    defined = {name for name, obj in inspect.getmembers(chapter, inspect.isclass)
               if issubclass(obj, Scene) and obj.__module__ == chapter.__name__}
    assert sorted(c.__name__ for c in chapter.CHAPTER) == sorted(defined)


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


def test_user_digit_from_the_test_set(monkeypatch):
    """A test digit outside the curated set is read from MNIST and run through the trained network."""
    import os

    if not os.environ.get("NETCORE_MNIST_DIR"):
        pytest.skip("needs the MNIST test set the bundle was made from (NETCORE_MNIST_DIR)")
    b = nb.load()
    index = 9999
    assert index not in b.curated_indices
    monkeypatch.setenv("DIGIT", f"test:{index}")
    digit = data.chosen_digit()
    assert digit.test_index == index and digit.label == int(b.arrays["test_label"][index])
    np.testing.assert_allclose(digit.output, b.arrays["test_output"][index], atol=1e-6)


def test_user_image(monkeypatch, tmp_path):
    from PIL import Image

    three = nb.load().default_digit
    path = tmp_path / "mine.png"
    Image.fromarray(255 - np.kron(three.image, np.ones((8, 8), np.uint8))).save(path)
    monkeypatch.setenv("IMAGE", str(path))
    digit = data.chosen_digit()
    assert digit.test_index is None and digit.prediction == 3 and "mine.png" in digit.source


def test_bad_digit_choice_is_a_clear_error(monkeypatch):
    from netcore.errors import NetcoreError

    monkeypatch.setenv("DIGIT", "3")
    with pytest.raises(NetcoreError, match="expected test:N"):
        data.chosen_digit()
