"""The page as a lecturer uses it: opened from file:// it fetches nothing; the stepper moves layer by
layer with → / ← and a clicker's Page Down / Page Up; a clicked neuron shows its real sum w·a + b
and σ of it; the answer is said in text, not by colour alone; the themes of video.toml; and
screenshots at 1920x1080 in each theme (written to LIVE_SCREENSHOTS when it is set, to look at)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pytest

from netcore import bundle
from scenes.themes import THEMES


def test_opens_from_file_and_fetches_nothing(open_page, live_page):
    page = open_page(live_page)
    assert page.url.startswith("file://")
    assert page.evaluate("document.body.dataset.answer") != ""
    assert page.requests == [page.own_url]  # the fixture also fails the test on any other request
    timing = page.evaluate("performance.getEntriesByType('resource').length")
    assert timing == 0


def test_stepper_walks_the_layers_with_keys(open_page, live_page):
    page = open_page(live_page)
    layers = len(bundle.load().sizes) - 1
    assert page.evaluate("Live.state.shown") == layers
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("Live.state.shown") == layers - 1
    assert page.inner_text("#answer") == "?"  # the output is not computed yet: no answer shown
    assert page.evaluate("document.body.dataset.answer") == ""
    page.keyboard.press("PageUp")
    assert page.evaluate("Live.state.shown") == layers - 2
    # The layers have the names the videos give them: hidden layer 1 is the first after the input.
    if layers > 2:
        assert f"the hidden layer {layers - 2} computed" in page.inner_text("#stage")
        assert f"compute the hidden layer {layers - 1}" in page.inner_text("#answer-note")
    pending = page.locator("#diagram circle.pending").count()
    assert pending > 0
    page.keyboard.press("PageDown")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("Live.state.shown") == layers
    assert page.locator("#diagram circle.pending").count() == 0
    assert page.inner_text("#answer") != "?"


def test_clicked_neuron_shows_its_real_sum(open_page, live_page):
    b = bundle.load()
    page = open_page(live_page)
    digit = b.default_digit
    for layer in range(1, len(b.sizes)):
        neuron = int(page.locator(f'#diagram circle[data-layer="{layer}"]').first.get_attribute("data-neuron"))
        page.locator(f'#diagram circle[data-layer="{layer}"][data-neuron="{neuron}"]').click()
        text = page.inner_text("#inspector").replace("−", "-")
        z = float(re.search(r"z = w·a \+ b = ([-+]\d+\.\d+)", text).group(1))
        a = float(re.search(r"σ\(z\) = (\d+\.\d+)", text).group(1))
        assert z == pytest.approx(digit.zs[layer - 1][neuron], abs=6e-4)
        assert a == pytest.approx(digit.activations[layer][neuron], abs=6e-5)
        if layer == 1:
            assert page.locator("#weight-image").count() == 1
    # Keyboard: Tab to a neuron and press Enter.
    page.locator("#diagram circle.neuron").nth(20).focus()
    page.keyboard.press("Enter")
    assert page.evaluate("Live.state.selected") is not None


def test_answer_is_said_not_only_shown_by_colour(open_page, live_page):
    page = open_page(live_page)
    answer = page.evaluate("document.body.dataset.answer")
    row = page.locator("#bars li.answer")
    assert row.count() == 1 and "answer" in row.inner_text() and answer in row.inner_text()
    assert page.inner_text("#answer") == answer
    labels = page.eval_on_selector_all("#diagram circle.neuron", "cs => cs.map(c => c.getAttribute('aria-label'))")
    assert all(labels) and all(c.get_attribute("tabindex") == "0" for c in page.locator("#diagram circle.neuron").all()[:3])


def test_screenshots_in_each_theme(open_page, live_page, tmp_path):
    from PIL import Image

    page = open_page(live_page)
    # A neuron selected: everything the page draws is in the picture.
    page.locator('#diagram circle[data-layer="1"]').nth(3).click()
    folder = Path(os.environ.get("LIVE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for theme in THEMES:
        page.select_option("#theme", theme)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        expected = tuple(int(THEMES[theme].background[i : i + 2], 16) for i in (1, 3, 5))
        assert background == "rgb({}, {}, {})".format(*expected)
        edge = page.evaluate("getComputedStyle(document.querySelector('#diagram line.positive')).stroke")
        assert edge == "rgb({}, {}, {})".format(*(int(THEMES[theme].positive[i : i + 2], 16) for i in (1, 3, 5)))
        shot = folder / f"live-{theme}.png"
        page.screenshot(path=str(shot))
        pixels = np.asarray(Image.open(shot).convert("RGB"))
        assert pixels.shape == (1080, 1920, 3)
        assert len(np.unique(pixels[::4, ::4].reshape(-1, 3), axis=0)) > 50  # drawn, not a blank page


def test_replay_plays_the_snapshots_and_the_answer_follows(open_page, live_page):
    page = open_page(live_page)
    snapshots = len(bundle.load().arrays["snapshot_step"])
    page.evaluate("Live.app.setSnapshot(0)")
    first = page.evaluate("Array.from(Live.state.forward.output)")
    page.click("#play")
    assert page.get_attribute("#play", "aria-pressed") == "true"
    page.wait_for_function("() => Live.state.snapshot >= 2", timeout=10000)
    page.click("#play")  # pause
    assert page.get_attribute("#play", "aria-pressed") == "false"
    later = page.evaluate("Array.from(Live.state.forward.output)")
    assert not np.allclose(first, later), "the digit's outputs did not change with the weights"
    assert f"of {snapshots}" in page.inner_text("#snapshot-text")
    page.evaluate(f"Live.app.setSnapshot({snapshots})")  # the slider's end: the trained network again
    assert "trained network" in page.inner_text("#snapshot-text")
