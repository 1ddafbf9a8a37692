"""Drawing with the pointer: strokes drawn on the pad with Playwright's mouse (real pointer events)
give the answer netcore gives for the same strokes rasterised (round-capped lines of the pad's
brush on a transparent picture, as the pad holds them), and the pad's own pixels, saved as a PNG,
become in netcore the 28x28 the page shows. The answer updates while the stroke is drawn."""

from __future__ import annotations

import base64
import json

import numpy as np
from PIL import Image, ImageDraw

from netcore import cli

# Digits as strokes, in fractions of the pad's side.
DIGITS = {
    "7": [[(0.28, 0.22), (0.72, 0.22), (0.62, 0.45), (0.46, 0.82)]],
    "1": [[(0.52, 0.18), (0.50, 0.50), (0.48, 0.84)]],
    "0": [[(0.5 + 0.2 * np.sin(t), 0.5 - 0.3 * np.cos(t)) for t in np.linspace(0, 2 * np.pi, 25)]],
    "4": [[(0.35, 0.2), (0.3, 0.55), (0.68, 0.55)], [(0.6, 0.3), (0.6, 0.85)]],
}
SUPERSAMPLE = 4


def draw(page, strokes, steps: int = 3) -> None:
    """Each stroke with the mouse across the pad (points in 0..1 of its box), ``steps`` moves a segment."""
    box = page.locator("#pad").bounding_box()
    for stroke in strokes:
        points = [(box["x"] + x * box["width"], box["y"] + y * box["height"]) for x, y in stroke]
        page.mouse.move(*points[0])
        page.mouse.down()
        for point in points[1:]:
            page.mouse.move(*point, steps=steps)
        page.mouse.up()


def rasterise(strokes, side: int, brush: float, path):
    """The strokes as the pad holds them: white, round-capped, on a transparent background."""
    big = Image.new("L", (side * SUPERSAMPLE, side * SUPERSAMPLE), 0)
    pen = ImageDraw.Draw(big)
    r = brush * SUPERSAMPLE / 2
    for stroke in strokes:
        pts = [(x * SUPERSAMPLE, y * SUPERSAMPLE) for x, y in stroke]
        if len(pts) > 1:
            pen.line(pts, fill=255, width=int(round(brush * SUPERSAMPLE)), joint="curve")
        for x, y in pts:
            pen.ellipse([x - r, y - r, x + r, y + r], fill=255)
    alpha = big.resize((side, side), Image.Resampling.BOX)
    rgba = Image.merge("RGBA", (alpha.point(lambda _: 255),) * 3 + (alpha,))
    rgba.save(path)
    return path


def predict(path, capsys, save=None):
    capsys.readouterr()
    args = ["predict", str(path), "--json"] + (["--save-28x28", str(save)] if save else [])
    assert cli.main(args) == 0
    return json.loads(capsys.readouterr().out)["answer"]


def test_drawn_strokes_answer_as_netcore(open_page, live_page, tmp_path, capsys):
    page = open_page(live_page)
    pad = page.evaluate("Live.state.pad")
    for name, strokes in DIGITS.items():
        page.click("#clear")
        draw(page, strokes)
        page.wait_for_function("() => Live.state.source.indexOf('your drawing') === 0")
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        answer = int(page.evaluate("document.body.dataset.answer"))
        recorded = page.evaluate("Live.state.strokes")
        assert len(recorded) == len(strokes)
        drawn = rasterise(recorded, pad["side"], pad["brush"], tmp_path / f"strokes-{name}.png")
        assert predict(drawn, capsys) == answer, f"digit {name}: strokes rasterised here vs the page"
        # The pad's own pixels through netcore: the page's 28x28, within a grey level.
        png = page.evaluate("document.getElementById('pad').toDataURL('image/png')")
        own = tmp_path / f"pad-{name}.png"
        own.write_bytes(base64.b64decode(png.split(",", 1)[1]))
        saved = tmp_path / f"pad-{name}-28x28.png"
        assert predict(own, capsys, saved) == answer
        expected = np.asarray(Image.open(saved), dtype=np.int64).reshape(-1)
        got = np.array(page.evaluate("Array.from(Live.state.image)"), dtype=np.int64)
        assert (np.abs(got - expected) <= 1).mean() >= 0.99, f"digit {name}"
        print(f"drew a {name}: the page and netcore answer {answer}")


def test_answer_updates_while_drawing(open_page, live_page):
    page = open_page(live_page)
    page.click("#clear")
    box = page.locator("#pad").bounding_box()
    x, y = box["x"] + 0.5 * box["width"], box["y"] + 0.2 * box["height"]
    page.mouse.move(x, y)
    page.mouse.down()
    seen = []
    for k in range(1, 6):
        page.mouse.move(x, y + k * 0.12 * box["height"], steps=3)
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        seen.append(page.evaluate("Array.from(Live.state.forward.output)"))
    page.mouse.up()
    assert page.evaluate("Live.state.strokes.length") == 1  # still one stroke: the updates came during it
    assert len({tuple(np.round(s, 6)) for s in seen}) > 1, "the outputs did not change while the stroke was drawn"


def test_a_finger_draws_too(open_page, live_page, browser_context):
    """Real touch input (Chromium's touch emulation, touch events dispatched through DevTools): the
    pad sees touch pointers and a vertical stroke is answered like the same stroke drawn by mouse."""
    page = open_page(live_page)
    cdp = browser_context.new_cdp_session(page)
    cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
    page.evaluate("window.kinds = []; document.getElementById('pad')"
                  ".addEventListener('pointerdown', function (e) { kinds.push(e.pointerType); })")
    page.click("#clear")
    box = page.locator("#pad").bounding_box()
    x, y = box["x"] + 0.5 * box["width"], box["y"] + 0.2 * box["height"]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for k in range(1, 12):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y + k * 0.055 * box["height"]}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert page.evaluate("kinds") == ["touch"]
    touched = page.evaluate("document.body.dataset.answer")
    page.click("#clear")
    draw(page, [[(0.5, 0.2), (0.5, 0.2 + 11 * 0.055)]])
    page.wait_for_function("() => Live.state.source.indexOf('your drawing') === 0")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert page.evaluate("document.body.dataset.answer") == touched
