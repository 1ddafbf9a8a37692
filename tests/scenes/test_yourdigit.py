"""The "what the network saw" figure: your picture, the 28x28 the network received, its real answer."""

from __future__ import annotations

import numpy as np
import pytest
from manim import config
from manim.utils.color import ManimColor

from netcore import bundle as nb
from netcore import digits
from scenes import yourdigit
from scenes.kit import style
from tests.netcore import user_pictures
from tests.scene_render import last_frame


@pytest.fixture
def chosen(scene_settings):
    """Set IMAGE (or nothing) for one render."""

    def choose(image=None):
        scene_settings(image=image if image is not None else "")

    return choose


def check_layout(scene, frame):
    """Something drawn, nothing off-screen, and the three panels side by side without overlapping."""
    background = np.array(ManimColor(style.theme().background).to_rgb()) * 255
    assert (np.abs(frame.astype(float) - background).sum(axis=2) > 60).mean() > 0.03
    half_w, half_h = config.frame_width / 2, config.frame_height / 2
    for m in scene.mobjects:
        left, bottom = m.get_corner(np.array([-1, -1, 0]))[:2]
        right, top = m.get_corner(np.array([1, 1, 0]))[:2]
        assert -half_w <= left and right <= half_w and -half_h <= bottom and top <= half_h, m
    given, received, answer = scene.given, scene.received, scene.answer
    assert given.get_right()[0] < received.get_left()[0] < received.get_right()[0] < answer.get_left()[0]


def check_answer(scene, outputs):
    """The big answer and the ten bars are the network's real outputs."""
    widths = [f.width / t.width for f, t in zip(scene.bars.fills, scene.bars.tracks)]  # over an output of 1
    np.testing.assert_allclose(widths, np.maximum(outputs, 0.01 / yourdigit.BAR_LENGTH), atol=1e-6)
    shown = [m for m in scene.answer.get_family() if getattr(m, "text", None) == str(int(np.argmax(outputs)))]
    assert shown, "the answer digit is not on screen"


def test_without_image_shows_the_test_digit(chosen, tmp_path):
    chosen(None)
    scene, frame = last_frame(yourdigit.WhatTheNetworkSaw, tmp_path)
    default = nb.load().default_digit
    assert scene.digit.test_index == default.test_index
    check_layout(scene, frame)
    check_answer(scene, default.output)
    texts = [m.text for m in scene.given.get_family() if hasattr(m, "text")]  # manim drops the spaces
    assert "FromtheMNISTtestset" in texts and f"MNISTtestimage{default.test_index}" in texts, texts


def test_with_image_shows_your_picture_and_what_the_network_received(chosen, data, tmp_path):
    digit, label = data.test.images[7], int(data.test.labels[7])
    picture = user_pictures.phone_photo(digit, tmp_path / "my_digit", np.random.default_rng(3))
    chosen(picture)
    scene, frame = last_frame(yourdigit.WhatTheNetworkSaw, tmp_path / "media")
    received = digits.load_digit(picture)
    np.testing.assert_array_equal(scene.digit.image, received)
    outputs = nb.load().network.forward(received.reshape(-1) / 255.0).output
    np.testing.assert_allclose(scene.digit.output, outputs, atol=1e-12)
    check_layout(scene, frame)
    check_answer(scene, outputs)
    texts = [m.text for m in scene.given.get_family() if hasattr(m, "text")]
    assert any("my_digit.jpg" in t for t in texts), texts
