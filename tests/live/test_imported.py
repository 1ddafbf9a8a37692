"""With an imported 784-30-10 network (``python -m netcore import`` into a temporary bundle), the page
built from that bundle draws that network (16 of its 30 hidden neurons, 8 + ⋮ + 8, with the real
count) and answers as netcore does with it, for a test digit and for a drawing."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from netcore import bundle, cli, idx, mnist, recipes
from netcore.train import train
from pipeline import live
from tests.live.test_drawing import DIGITS, draw

QUICK = ["--quiet", "--quick-experiments", "--epochs", "1"]


def few(split: mnist.Split, per_class: int) -> mnist.Split:
    keep = np.sort(np.concatenate([np.flatnonzero(split.labels == d)[:per_class] for d in range(10)]))
    return mnist.Split(split.images[keep], split.labels[keep])


@pytest.fixture(scope="module")
def imported_page(data, small_train, tmp_path_factory) -> tuple[bundle.Bundle, object]:
    base = tmp_path_factory.mktemp("live-imported")
    data_dir = base / "mnist"
    data_dir.mkdir()
    for key, split in (("train", few(data.train, 60)), ("test", few(data.test, 20))):
        idx.write_idx(data_dir / (mnist.FILES[f"{key}_images"] + ".gz"), split.images)
        idx.write_idx(data_dir / (mnist.FILES[f"{key}_labels"] + ".gz"), split.labels)
    net = train(small_train, None, recipes.DEFAULT.with_(epochs=2), seed=3, sizes=(784, 30, 10), progress=False,
                keep_history=False).network
    path = base / "net30.npz"
    np.savez(path, **{f"W{l + 1}": w for l, w in enumerate(net.W)}, **{f"b{l + 1}": b for l, b in enumerate(net.b)})
    assert cli.main(["import", str(path), "--data", str(data_dir), "--out", str(base / "bundle"), *QUICK]) == 0
    b = bundle.load(base / "bundle")
    assert b.sizes == (784, 30, 10)
    return b, live.build(base / "renders", base / "bundle", "light")


def test_imported_network_draws_and_answers(open_page, imported_page, capsys, tmp_path):
    b, path = imported_page
    page = open_page(path)
    drawn = [page.locator(f'#diagram circle[data-layer="{l}"]').count() for l in range(3)]
    assert drawn == [16, 16, 10]
    assert "30" in page.locator("#diagram text.count").all_text_contents()
    assert "784-30-10" in page.title() and "imported" in page.inner_text("#facts")
    digit = b.default_digit
    got = np.array(page.evaluate("Array.from(Live.state.forward.output)"))
    assert np.abs(got - b.network.forward(digit.image.reshape(-1) / 255.0).output).max() < 1e-6
    assert int(page.evaluate("document.body.dataset.answer")) == digit.prediction
    # A drawing: the page's 28x28 through netcore's network gives the page's answer.
    page.click("#clear")
    draw(page, DIGITS["7"])
    page.wait_for_function("() => Live.state.source.indexOf('your drawing') === 0")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    image = np.array(page.evaluate("Array.from(Live.state.image)"), dtype=np.float64)
    expected = b.network.forward(image / 255.0).output
    assert int(page.evaluate("document.body.dataset.answer")) == int(expected.argmax())
    # The replay shows the reference run's snapshots, and says they are not the imported network's.
    page.evaluate("Live.app.setSnapshot(0)")
    assert "not the imported" in page.inner_text("#training-note")
    if os.environ.get("LIVE_SCREENSHOTS"):
        page.evaluate("Live.app.setSnapshot(Live.state.bundle.training.steps.length)")
        page.screenshot(path=str(Path(os.environ["LIVE_SCREENSHOTS"]) / "live-imported-784-30-10.png"))
