"""The page preprocesses a user's picture as `python -m netcore predict --save-28x28` does: for
photos in uneven light, thin strokes on a big canvas, chalk on a board and strokes on a
transparent background, chosen through the page's own file input, its 28x28 is netcore's within
1 grey level in 99 % of pixels and its answer is netcore's."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from netcore import cli
from tests.live.pictures import fixtures


@pytest.fixture(scope="module")
def pictures(data, tmp_path_factory):
    picked = np.random.default_rng(7).choice(len(data.test), 5, replace=False)
    return fixtures(data.test.images[picked], tmp_path_factory.mktemp("pictures"))


def netcore_predict(path, tmp_path, capsys) -> tuple[np.ndarray, int]:
    saved = tmp_path / f"{path.stem}-28x28.png"
    capsys.readouterr()
    assert cli.main(["predict", str(path), "--save-28x28", str(saved), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)["answer"]
    return np.asarray(Image.open(saved), dtype=np.int64), answer


def page_reads(page, path) -> tuple[np.ndarray, int]:
    page.evaluate("delete document.body.dataset.photo")
    page.set_input_files("#photo", str(path))
    page.wait_for_selector("body[data-photo]", timeout=20000)
    assert page.evaluate("document.body.dataset.photo") == "done", page.inner_text("#source")
    image = np.array(page.evaluate("Array.from(Live.state.image)"), dtype=np.int64).reshape(28, 28)
    return image, int(page.evaluate("document.body.dataset.answer"))


def test_pictures_become_netcores_28x28(open_page, live_page, pictures, tmp_path, capsys):
    page = open_page(live_page)
    for path in pictures:
        expected, expected_answer = netcore_predict(path, tmp_path, capsys)
        got, answer = page_reads(page, path)
        close = np.abs(got - expected) <= 1
        assert close.mean() >= 0.99, f"{path.name}: {np.count_nonzero(~close)} pixels differ by more than 1"
        assert answer == expected_answer, path.name
        assert expected.sum() > 0
