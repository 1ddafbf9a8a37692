"""``python -m pipeline live`` (``make live``): ``renders/live/index.html``, the network live in a browser.

One self-contained page built from the bundle: the template, styles and scripts in ``live/`` and
the bundle's numbers (the network's parameters, the curated test digits, the noise the videos
show, the training run's snapshots and curves) inline, so it opens from disk or from any static
host and fetches nothing. Built again after ``make train`` or ``make import``, it shows that
network.

What must agree with netcore is taken from netcore here, not restated: the preprocessing's
constants (``netcore.digits``, ``netcore.paper``, ``netcore.strokes``), and from the kit the
diagram's rule for which neurons are drawn and its visual constants, and the palettes from
``scenes.themes``. The page's scripts port netcore's steps; tests/live runs both on the same
pictures in Chromium.
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import sys
from dataclasses import asdict
from types import SimpleNamespace
from pathlib import Path

import numpy as np

from netcore import bundle as bundles
from netcore import digits, mnist, paper, strokes
from netcore.errors import NetcoreError
from netcore.network import Network
from netcore.train import evaluate
from pipeline.webpage import publish, write_page
from scenes import drawing
from scenes.drawing import drawn_neurons
from scenes.themes import THEMES

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "live"
RENDERS = ROOT / "renders"
# The page's scripts, in the order they must run (each adds one part to the Live namespace).
SCRIPTS = ("numeric", "resample", "preprocess", "network", "data", "diagram", "app")
STYLE_NAMES = ("NEURON_RADIUS", "NEURON_STROKE", "LAYER_GAP", "DIAGRAM_WIDTH", "NEURON_GAP", "DRAWN_INPUTS",
               "EDGE_LEVELS", "EDGE_MIN_WIDTH", "EDGE_MAX_WIDTH", "EDGE_MIN_OPACITY", "EDGE_MAX_OPACITY",
               "EDGE_SCALE_PERCENTILE", "WEIGHT_IMAGE_PERCENTILE")
TITLE = "The network, live"


def _b64(array: np.ndarray, dtype: str) -> str:
    return base64.b64encode(np.ascontiguousarray(array, dtype=np.dtype(dtype).newbyteorder("<")).tobytes()).decode()


def _constants(module) -> dict:
    return {name: getattr(module, name) for name in dir(module)
            if name.isupper() and isinstance(getattr(module, name), (int, float))}


def preprocess_spec() -> dict:
    """netcore's preprocessing constants, as the page's port reads them."""
    return {"box": digits.BOX, "field": digits.FIELD, "ink_threshold": digits.INK_THRESHOLD,
            "work_side": digits.WORK_SIDE, "paper": _constants(paper), "strokes": _constants(strokes)}


def snapshot_tests(b: bundles.Bundle, test: mnist.Split | None) -> list[dict] | None:
    """Each training snapshot's cost and accuracy on the test set the bundle was measured on.

    The bundle keeps the run's parameters at each snapshot but not their test figures; when the
    same MNIST test set is at hand (its labels are the bundle's ``test_label`` and the trained
    network scores the bundle's ``test_accuracy`` on it) they are measured here, else None and the
    page shows the run's own probe curve only.
    """
    if test is None or not np.array_equal(test.labels, b.arrays["test_label"]):
        return None
    if evaluate(b.network, test).correct != b.meta["test_correct"]:
        return None
    results = []
    for params in b.arrays["snapshot_params"]:
        e = evaluate(Network.from_vector(params.astype(np.float64), b.sizes, b.meta["activation"]), test)
        results.append({"accuracy": e.accuracy, "cost": e.cost})
    return results


def payload(b: bundles.Bundle, theme: str, test: mnist.Split | None = None) -> dict:
    """Everything the page shows, from the bundle (arrays in base64, little-endian)."""
    a, meta, net = b.arrays, b.meta, b.network
    return {
        "network": {"sizes": list(net.sizes), "activation": net.activation,
                    "W": [_b64(w, "f8") for w in net.W], "b": [_b64(v, "f8") for v in net.b]},
        "drawn": [d.tolist() for d in drawn_neurons(net)],
        "style": {name: getattr(drawing, name) for name in STYLE_NAMES},
        "themes": {name: asdict(t) for name, t in THEMES.items()},
        "theme": theme,
        "facts": {"test_accuracy": meta["test_accuracy"], "test_total": meta["test_total"],
                  "test_cost": meta["test_cost"], "imported": b.imported,
                  "source": b.source.get("name") or b.source.get("description", "")},
        "digits": {"index": [int(i) for i in a["curated_index"]], "label": [int(v) for v in a["curated_label"]],
                   "image": _b64(a["curated_image"], "u1"), "roles": meta["curated_roles"],
                   "default": meta["default_digit"]},
        "noise": {"image": _b64(a["noise_image"], "u1"), "count": len(a["noise_image"])},
        "training": {"snapshot_step": a["snapshot_step"].tolist(), "snapshot_params": _b64(a["snapshot_params"], "f4"),
                     "curve_step": a["curve_step"].tolist(), "curve_cost": a["curve_cost"].tolist(),
                     "curve_accuracy": a["curve_accuracy"].tolist(), "probe_size": meta["curve_probe_size"],
                     "note": b.history_note, "test": snapshot_tests(b, test)},
        "spec": {"preprocess": preprocess_spec()},
    }


def theme_css(theme) -> str:
    """The opening theme as CSS variables (the script sets them again when the theme changes)."""
    names = {k: v for k, v in asdict(theme).items() if k != "name"}
    return ":root { " + " ".join(f"--{k.replace('_', '-')}: {v};" for k, v in names.items()) + " }\n"


def page(b: bundles.Bundle, theme: str, test: mnist.Split | None = None, source: Path = SOURCE) -> str:
    template = (source / "index.html").read_text(encoding="utf-8")
    script = "\n".join((source / "js" / f"{name}.js").read_text(encoding="utf-8") for name in SCRIPTS)
    # Inside <script>, "</" could close the element early: JSON allows "<\/" for it.
    data = json.dumps(payload(b, theme, test), separators=(",", ":")).replace("</", "<\\/")
    options = "".join(f'<option value="{html.escape(n)}">{html.escape(n)}</option>' for n in THEMES)
    sizes = "-".join(map(str, b.sizes))
    css = theme_css(THEMES[theme]) + (source / "style.css").read_text(encoding="utf-8")
    parts = {"TITLE": f"{TITLE}: the {sizes} network of the videos", "CSS": css,
             "THEME": theme, "THEME_OPTIONS": options, "DATA": data, "SCRIPT": script}
    for key, value in parts.items():
        template = template.replace("{{" + key + "}}", value)
    return template


def test_set(data_dir: Path | None) -> mnist.Split | None:
    """MNIST's test set from netcore's usual places (never downloaded for a page), or None."""
    try:
        return mnist.load(data_dir, allow_download=False).test
    except NetcoreError as err:
        print(f"live: note: no MNIST test set ({err}); the replay shows the run's probe curve only", file=sys.stderr)
        return None


def build(renders: Path, bundle_dir: Path | None, theme: str, test: mnist.Split | None = None) -> Path:
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; themes: {', '.join(THEMES)}")
    b = bundles.load(bundle_dir)
    return write_page(renders / "live" / "index.html", page(b, theme, test))


def run(settings, bundle_dir: Path | None = None, data_dir: Path | None = None) -> int:
    """``python -m pipeline live``: the page in ``settings.output``, opening in ``settings.theme``."""
    return publish("live", lambda: build(settings.output, bundle_dir, settings.theme, test_set(data_dir)),
                   refused=(NetcoreError, ValueError))


def main(argv=None) -> int:
    """``python -m pipeline.live``: also takes another bundle (``--bundle``) and MNIST folder (``--data``)."""
    p = argparse.ArgumentParser(prog="python -m pipeline.live", description=__doc__.splitlines()[0])
    p.add_argument("--renders", type=Path, default=RENDERS, help="output folder (default renders/): writes live/index.html")
    p.add_argument("--bundle", type=Path, default=None, help="bundle directory (default: the committed assets/)")
    p.add_argument("--theme", default="dark", help=f"the theme the page opens in: {', '.join(THEMES)} (default dark)")
    p.add_argument("--data", type=Path, default=None,
                   help="MNIST IDX files, to give each training snapshot its test accuracy (default: netcore's "
                        "usual places, no download)")
    args = p.parse_args(argv)
    return run(SimpleNamespace(output=args.renders, theme=args.theme), args.bundle, args.data)


if __name__ == "__main__":
    sys.exit(main())
