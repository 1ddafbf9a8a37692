"""The gallery page (``python -m scenes.gallery``): every render with what it shows, self-contained.

The browser test opens the page from file:// in Debian's headless chromium (installed by
tools/install-test-deps.sh): the screenshot must show something, every image and video poster
must load, and the page must fetch nothing but local files (see headless.py).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import av
import numpy as np
from PIL import Image

from netcore import bundle as nb
from pipeline import gallery
from scenes.catalogue import FIGURES
from tests.pipeline.headless import chromium, page_counts, run_chromium


# ---------------------------------------------------------------------------- a renders folder


def figure_png(path: Path, seed: int) -> None:
    """A small real PNG, different for every figure: a seeded pattern on a dark 16:9 canvas."""
    rng = np.random.default_rng(seed)
    rgb = np.zeros((90, 160, 3), np.uint8)
    rgb[:] = (14, 17, 22)
    for _ in range(6):
        y, x = rng.integers(0, 70), rng.integers(0, 130)
        rgb[y : y + 20, x : x + 30] = rng.integers(60, 255, size=3)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(rgb).save(path)


def tiny_mp4(path: Path, frames: int = 12) -> None:
    """A real H.264 mp4 (64x64, 12 frames at 12 fps), written with PyAV like manim's own videos."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=12)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for i in range(frames):
            rgb = np.zeros((64, 64, 3), np.uint8)
            rgb[:, : 4 * (i + 1)] = (86, 180, 233)
            for packet in stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def make_renders(root: Path, skip_figures: tuple[str, ...] = ()) -> Path:
    renders = root / "renders"
    for k, name in enumerate(FIGURES):
        if name not in skip_figures:
            figure_png(renders / "figures" / f"{name}.png", k)
    tiny_mp4(renders / "chapter1.mp4")
    tiny_mp4(renders / "chapter1" / "01-SloppyThrees.mp4")
    (renders / "chapter1.chapters.txt").write_text("00:00 Sloppy threes\n")
    return renders


def write_manifest(renders: Path, digit: str = "test image 1234 (a 3)") -> None:
    items = [{"kind": "chapter", "name": "chapter1", "title": "What is a neural network?", "chapter": "chapter1",
              "file": "chapter1.mp4", "chapters_file": "chapter1.chapters.txt", "digit": digit,
              "quality": "low", "theme": "dark"},
             {"kind": "scene", "name": "01-SloppyThrees", "title": "Sloppy threes", "chapter": "chapter1",
              "scene": "SloppyThrees", "file": "chapter1/01-SloppyThrees.mp4", "digit": digit}]
    items += [{"kind": "figure", "name": name, "title": f"Figure {name}", "chapter": chapter, "scene": scene,
               "file": f"figures/{name}.png", "digit": digit, "quality": "4k", "theme": "dark"}
              for name, (chapter, scene) in FIGURES.items()]
    network = {"sizes": [784, 16, 16, 10], "test_accuracy": 0.9612, "source": "MNIST"}
    (renders / "manifest.json").write_text(json.dumps({"network": network, "items": items}))


# ---------------------------------------------------------------------------- reading the page


class Page(HTMLParser):
    """Every URL the page refers to, its download links, its cards and their text."""

    def __init__(self, text: str):
        super().__init__()
        self.urls, self.downloads, self.cards, self.posters = [], [], {}, {}
        self._card = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("src", "href", "poster", "srcset", "action", "data"):
            if attrs.get(key) is not None:
                self.urls.append(attrs[key])
        if tag == "video":
            self.posters[attrs["src"]] = attrs.get("poster")
        if tag == "a" and "download" in attrs:
            self.downloads.append(attrs["href"])
        if tag == "article":
            self._card = attrs["id"]
            self.cards[self._card] = ""

    def handle_data(self, data):
        if self._card:
            self.cards[self._card] += data

    def handle_endtag(self, tag):
        if tag == "article":
            self._card = None


def local(url: str) -> bool:
    """Relative to the page (or inline data): never a scheme, a host or an absolute path."""
    return url.startswith("data:") or not (re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url) or url.startswith("/"))


def generate(renders: Path) -> tuple[str, Page]:
    assert gallery.main(["--renders", str(renders)]) == 0
    text = (renders / "index.html").read_text(encoding="utf-8")
    return text, Page(text)


# ---------------------------------------------------------------------------- the page's content


def test_page_from_manifest_lists_everything_with_its_digit_and_accuracy(tmp_path):
    renders = make_renders(tmp_path)
    write_manifest(renders)
    text, page = generate(renders)
    assert set(FIGURES) <= {card.split("-", 1)[1] for card in page.cards if card.startswith("figure-")}
    for name in FIGURES:
        card = page.cards[f"figure-{name}"]
        assert f"Figure {name}" in card and "test image 1234 (a 3)" in card and "96.1 % on the test set" in card
    assert "What is a neural network?" in page.cards["chapter-chapter1"]
    assert "Sloppy threes" in page.cards["scene-01-SloppyThrees"]
    expected = {f"figures/{n}.png" for n in FIGURES} | {"chapter1.mp4", "chapter1/01-SloppyThrees.mp4",
                                                          "chapter1.chapters.txt"}
    assert set(page.downloads) == expected
    assert all((renders / d).is_file() for d in page.downloads)
    assert all(local(u) for u in page.urls), [u for u in page.urls if not local(u)]
    assert "http://" not in text and "https://" not in text and "@import" not in text and "@font-face" not in text


def test_the_page_names_the_bundles_own_network(tmp_path):
    renders = make_renders(tmp_path)
    text, _ = generate(renders)  # no manifest: the committed bundle's facts
    meta = nb.load().meta
    shape = "-".join(map(str, meta["sizes"]))
    assert f"one real {shape} {meta['activation']} network trained on MNIST" in text
    assert gallery.network_name({"sizes": [784, 30, 10], "activation": "relu"}) == "784-30-10 ReLU network"
    assert gallery.network_name({}) == "network"  # unknown: nothing made up


def test_every_video_shows_a_still_of_itself_before_it_plays(tmp_path):
    renders = make_renders(tmp_path)
    write_manifest(renders)
    _, page = generate(renders)
    scene = "chapter1/01-SloppyThrees.mp4"
    assert set(page.posters) == {"chapter1.mp4", scene}
    # The chapter opens with its first scene: it shows that scene's still.
    assert page.posters["chapter1.mp4"] == page.posters[scene] == "posters/chapter1/01-SloppyThrees.jpg"
    # Without lines to time it, the still is the last frame: the bar the video grows is full width.
    still = np.asarray(Image.open(renders / page.posters[scene]).convert("RGB"), dtype=float)
    assert still.shape == (64, 64, 3)
    assert np.abs(still[:, 44] - (86, 180, 233)).max() < 40 and still[:, 52].max() < 40
    # A second page reuses the still; a video rendered again gets a new one.
    poster = renders / page.posters[scene]
    made = poster.stat().st_mtime_ns
    generate(renders)
    assert poster.stat().st_mtime_ns == made
    tiny_mp4(renders / scene, frames=6)
    generate(renders)
    still = np.asarray(Image.open(poster).convert("RGB"), dtype=float)
    assert still[:, 20].mean() > 60 and still[:, 28].max() < 40  # 6 frames: the bar is 24 px wide


def test_without_manifest_files_are_scanned_and_missing_figures_say_so(tmp_path):
    missing = ("cost-landscape", "relu")
    renders = make_renders(tmp_path, skip_figures=missing)
    (renders / "figures" / "an-extra-still.png").write_bytes((renders / "figures" / "sigmoid.png").read_bytes())
    _, page = generate(renders)
    accuracy = f"{100 * nb.load().meta['test_accuracy']:.1f} % on the test set"
    for name in FIGURES:
        card = page.cards[f"figure-{name}"]
        assert "digit" in card and "unknown" in card and accuracy in card
        assert ("not rendered yet" in card) == (name in missing), (name, card)
    assert "an-extra-still" in page.cards["figure-an-extra-still"]  # on disk but unknown to FIGURES: shown too
    assert "Sloppy threes" in page.cards["scene-01-SloppyThrees"]  # title from the file name
    assert all(f"figures/{n}.png" not in page.downloads for n in missing)


def test_manifest_entries_outside_the_renders_folder_are_ignored(tmp_path):
    renders = make_renders(tmp_path)
    write_manifest(renders)
    manifest = json.loads((renders / "manifest.json").read_text())
    manifest["items"].append({"kind": "figure", "name": "escape", "file": "../../etc/passwd"})
    (renders / "manifest.json").write_text(json.dumps(manifest))
    _, page = generate(renders)
    assert "figure-escape" not in page.cards and all(".." not in u for u in page.urls)


def test_unreadable_manifest_falls_back_to_scanning(tmp_path, capsys):
    renders = make_renders(tmp_path)
    (renders / "manifest.json").write_text("{not json")
    _, page = generate(renders)
    assert "unknown" in page.cards["figure-pixel-grid"] and "unreadable" in capsys.readouterr().err


def test_missing_renders_folder_is_one_line(tmp_path, capsys):
    assert gallery.main(["--renders", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nowhere" in err and not (tmp_path / "nowhere").exists()


# ---------------------------------------------------------------------------- in a real browser


def test_page_in_headless_chromium(tmp_path):
    browser = chromium()
    renders = make_renders(tmp_path)
    write_manifest(renders)
    generate(renders)
    url = (renders / "index.html").resolve().as_uri()
    assert url.startswith("file://")

    shot = tmp_path / "page.png"
    run_chromium(browser, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1280,1600", url)
    grey = np.asarray(Image.open(shot).convert("L"), dtype=float)
    assert grey.shape == (1600, 1280)
    assert grey.std() > 15 and len(np.unique(grey)) > 32, "the screenshot is (nearly) blank"

    attrs = page_counts(browser, tmp_path / "profile-dom", renders / "index.html")
    assert attrs.get("images-total") == str(len(FIGURES)), attrs
    assert attrs.get("images-loaded") == str(len(FIGURES)), f"some images did not load: {attrs}"
    assert attrs.get("posters-total") == "2", attrs  # the chapter's video and its scene's
    assert attrs.get("posters-loaded") == "2", f"some video posters did not load: {attrs}"
    assert attrs.get("resources-remote") == "0", f"the page fetched something from the network: {attrs}"


def test_the_pages_request_counter_sees_network_requests(tmp_path):
    """Control for the test above: the page's own counter does see a request that leaves file://.

    The same page with one extra image served over HTTP from this machine (loopback only,
    nothing leaves it) must report one remote resource.
    """
    import http.server
    import threading

    browser = chromium()
    renders = make_renders(tmp_path)
    generate(renders)
    served = tmp_path / "served"
    figure_png(served / "remote.png", 99)
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(served), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        index = renders / "index.html"
        remote = f'<img src="http://127.0.0.1:{server.server_port}/remote.png" alt="">'
        index.write_text(index.read_text(encoding="utf-8").replace("</header>", remote + "</header>"), encoding="utf-8")
        attrs = page_counts(browser, tmp_path / "profile", index)
    finally:
        server.shutdown()
    assert attrs.get("resources-remote") == "1", attrs
