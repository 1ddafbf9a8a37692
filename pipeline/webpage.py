"""What the pipeline's HTML pages (the gallery, the lecture notes) share: colours, font, the
load counter, relative and inline links, and how a page is written.

Both pages are opened from ``file://`` and must fetch nothing from anywhere else, so every
file they show is either a relative link or inline (a ``data:`` URI), and the one small
script records on ``<body>`` what loaded, which the browser tests read back.
"""

from __future__ import annotations

import base64
import html
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from scenes import themes

# The visual constants of every page, in one place. The colours are the videos' own (scenes/themes.py:
# a page beside a video looks like it), its sky blue or deep blue as the accent; only the rules and
# card backgrounds, which no video has, are the page's.
FONT = '"DejaVu Sans", "Helvetica Neue", Arial, sans-serif'  # DejaVu: installed with chromium's test deps


def palette(theme: themes.Theme, line: str, card: str) -> dict[str, str]:
    return {"bg": theme.background, "fg": theme.text, "dim": theme.dim_text, "line": line, "card": card,
            "accent": theme.positive}


LIGHT = palette(themes.LIGHT, line="#d0d0d0", card="#f6f6f6")
DARK = palette(themes.DARK, line="#30363d", card="#161b22")
VIDEO_BACKGROUND = "#000"  # behind a still or video that does not fill its 16:9 box


def palette_css(dark_too: bool = True) -> str:
    """The constants as CSS variables (``var(--fg)``, ``var(--font)``, ``var(--video)`` …); with
    ``dark_too`` the dark colours follow the reader's system setting. Printed notes stay light:
    paper is white."""
    def variables(palette: dict[str, str]) -> str:
        return " ".join(f"--{name}: {value};" for name, value in palette.items())

    fixed = variables({"font": FONT, "video": VIDEO_BACKGROUND})
    css = f":root {{ color-scheme: {'light dark' if dark_too else 'light'}; {fixed} {variables(LIGHT)} }}\n"
    if dark_too:
        css += f"@media (prefers-color-scheme: dark) {{ :root {{ {variables(DARK)} }} }}\n"
    return css


# Counts the images (and video posters) that really loaded and the resources fetched from
# anywhere but local files, for tests and for anyone checking the page. A poster is not in
# document.images, so each one is loaded again as an Image (from the cache) to see that it decodes;
# the counts are written once every poster has settled, so the resource count includes them.
COUNTER_SCRIPT = """
window.addEventListener("load", function () {
  var body = document.body;
  var images = Array.prototype.slice.call(document.images);
  var posters = Array.prototype.slice.call(document.querySelectorAll("video[poster]"));
  Promise.all(posters.map(function (video) {
    return new Promise(function (settle) {
      var probe = new Image();
      probe.onload = function () { settle(probe.naturalWidth > 0); };
      probe.onerror = function () { settle(false); };
      probe.src = video.poster;
    });
  })).then(function (decoded) {
    var loaded = images.filter(function (img) { return img.complete && img.naturalWidth > 0; });
    var fetched = performance.getEntriesByType("resource").map(function (r) { return r.name; });
    var remote = fetched.filter(function (url) { return !/^(file|data|blob):/.test(url); });
    body.dataset.imagesTotal = String(images.length);
    body.dataset.imagesLoaded = String(loaded.length);
    body.dataset.postersTotal = String(posters.length);
    body.dataset.postersLoaded = String(decoded.filter(Boolean).length);
    body.dataset.resourcesFetched = String(fetched.length);
    body.dataset.resourcesRemote = String(remote.length);
  });
});
"""


def href(relative: str) -> str:
    """A relative URL (each path segment percent-encoded) that works from file://."""
    return html.escape(quote(relative, safe="/"), quote=True)


def data_uri(path: Path, mime: str) -> str:
    """The file inline, for what a page opened from file:// may not fetch (subtitle tracks) or
    must carry with it (the notes' stills)."""
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"


def write_page(target: Path, text: str) -> Path:
    """Write beside, then rename: a reader never sees half a page."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    return target


def publish(command: str, build: Callable[[], Path], refused: tuple[type[Exception], ...] = ()) -> int:
    """Build a page for ``command`` and say where it went; a failure is one line (``refused`` are the
    errors whose message is already in the user's words), and exit status 1."""
    try:
        target = build()
    except refused as err:
        print(f"{command}: error: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"{command}: error: cannot write the page ({err})", file=sys.stderr)
        return 1
    print(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB)")
    return 0
