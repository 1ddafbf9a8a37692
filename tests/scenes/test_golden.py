"""Golden frames: the last frames of a few beats, compared with images made on this cairo.

They catch unintended visual changes (layout, palette, the edge rule). After a
deliberate change, or after retraining the bundle, regenerate them with
``make golden`` and look at the new PNGs before committing them.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scenes import chapter1
from tests.scene_render import rendered

GOLDEN = Path(__file__).parent / "golden"
SCENES = [chapter1.Layers, chapter1.ForwardPass, chapter1.MatrixFormSymbolic]
REGENERATE = os.environ.get("NETCORE_REGEN_GOLDEN") == "1"


MADE_FROM = GOLDEN / "bundle.sha256"  # the bundle the golden frames show (they are its pixels)


def bundle_sha() -> str:
    from netcore import bundle

    return bundle.sha256_file(bundle.default_dir() / bundle.NPZ_NAME)


@pytest.mark.parametrize("scene_cls", SCENES, ids=lambda c: c.__name__)
def test_last_frame_matches_golden(scene_cls):
    if REGENERATE:
        _, frame = rendered(scene_cls)
        path = GOLDEN / f"{scene_cls.__name__}.png"
        Image.fromarray(frame).save(path)
        MADE_FROM.write_text(bundle_sha() + "\n")
        pytest.skip(f"regenerated {path.name}")
    if MADE_FROM.read_text().strip() != bundle_sha():
        pytest.skip("golden frames show the committed network; assets/ holds another (make import or "
                    "make train with other settings): `git checkout assets/` to compare, `make golden` to adopt")
    _, frame = rendered(scene_cls)
    path = GOLDEN / f"{scene_cls.__name__}.png"
    assert path.exists(), f"{path} missing: run `make golden`"
    golden = np.asarray(Image.open(path).convert("RGB")).astype(int)
    diff = np.abs(frame.astype(int) - golden).max(axis=2)
    changed = (diff > 40).mean()
    # Anti-aliasing may differ by a few levels; a moved label or recoloured edge changes far more.
    assert changed < 0.002, f"{changed:.2%} of pixels differ from {path.name} (run `make golden` if intended)"
