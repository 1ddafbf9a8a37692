"""The live page in headless Chromium: time to its first answer after load, and per-stroke update time.

Builds the page from the committed bundle into a temporary folder, opens it from ``file://`` a few
times (time from navigation start to the first answer on screen, as the page itself measures it),
then draws digits on the pad with real pointer events and reads the page's own timing of every
update (the pad's pixels preprocessed as netcore does, the forward pass, the diagram and bars
redrawn), and the time to read a 360x420 phone photo. Figures in milliseconds.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

LOADS = 5
STROKES = [[(0.28, 0.22), (0.72, 0.22), (0.62, 0.45), (0.46, 0.82)], [(0.35, 0.2), (0.3, 0.55), (0.68, 0.55)],
           [(0.6, 0.3), (0.6, 0.85)], [(0.52, 0.18), (0.50, 0.50), (0.48, 0.84)]]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def run(args) -> dict:
    import numpy as np
    from playwright.sync_api import sync_playwright

    from netcore import mnist
    from pipeline import browser, live
    from tests.live.test_drawing import draw
    from tests.netcore import user_pictures

    chromium = browser.require_chromium("bench/live_speed.py")
    with tempfile.TemporaryDirectory(prefix="live-speed-") as scratch:
        scratch = Path(scratch)
        start = time.perf_counter()
        path = live.build(scratch, None, "dark")
        build_seconds = time.perf_counter() - start
        megabytes = path.stat().st_size / 1e6
        digit = mnist.load(getattr(args, "data", None)).test.images[0]
        photo = user_pictures.phone_photo(digit, scratch / "photo", np.random.default_rng(0))
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(str(scratch / "profile"), executable_path=chromium,
                                                           headless=True, args=ARGS,
                                                           viewport={"width": 1920, "height": 1080})
            first, ready = [], []
            for _ in range(LOADS):
                page = context.new_page()
                t = time.perf_counter()
                page.goto(path.resolve().as_uri())
                page.wait_for_selector("body[data-ready=true]")
                ready.append((time.perf_counter() - t) * 1000)
                first.append(page.evaluate("Live.state.timings.firstAnswer"))
                page.close()
            page = context.new_page()
            page.goto(path.resolve().as_uri())
            page.wait_for_selector("body[data-ready=true]")
            page.click("#clear")
            page.evaluate("Live.state.timings.updates = []")
            draw(page, STROKES, steps=8)
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            updates = page.evaluate("Live.state.timings.updates")
            page.evaluate("delete document.body.dataset.photo")
            t = time.perf_counter()
            page.set_input_files("#photo", str(photo))
            page.wait_for_selector("body[data-photo]")
            photo_ms = (time.perf_counter() - t) * 1000
            context.close()
    return {
        "live_page_megabytes": round(megabytes, 2),
        "live_build_seconds": round(build_seconds, 2),
        "live_first_answer_ms_median": round(statistics.median(first), 1),
        "live_first_answer_ms_max": round(max(first), 1),
        "live_load_to_ready_ms_median": round(statistics.median(ready), 1),
        "live_stroke_updates": len(updates),
        "live_stroke_update_ms_median": round(statistics.median(updates), 1),
        "live_stroke_update_ms_p95": round(percentile(updates, 95), 1),
        "live_photo_360x420_ms": round(photo_ms, 1),
    }


if __name__ == "__main__":
    import argparse
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    for key, value in run(argparse.Namespace(data=None)).items():
        print(f"{key}: {value}")
