"""``python -m pipeline gallery`` (or ``python -m pipeline.gallery``, same options): one page, ``renders/index.html``, showing every render.

For a lecturer picking material: every chapter video, every scene video and every figure,
each with its title, the digit it shows, the network's test accuracy and a download link.
Every figure the pipeline knows (``scenes.catalogue.FIGURES``) has a place on the page; one not
rendered yet says so instead of silently missing.

The page is self-contained and works from ``file://``: CSS and the one small script are
inline, every link is relative to the renders folder, and nothing is fetched from anywhere
else (no CDN, no web font). The script only records, on ``<body>``, how many images and
video posters loaded (``data-images-loaded`` of ``data-images-total``, ``data-posters-loaded`` of
``data-posters-total``) and how many resources came from anywhere but local files
(``data-resources-remote``), which the browser test reads back. Every video shows a still of
itself before it plays (``pipeline.stills``): a scene its picture once complete, a chapter the
still of its first scene.

What each file shows comes from ``renders/manifest.json`` (written by the render pipeline);
without it, or for files it does not list, the files on disk are scanned, titles come from
their names, the digit is "unknown" and the accuracy comes from the bundle.
"""

from __future__ import annotations

import html
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import stills
from pipeline.jobs import chapter_videos, scene_videos
from pipeline.settings import Settings
from pipeline.webpage import COUNTER_SCRIPT, data_uri, href, palette_css, publish, write_page
from scenes import catalogue
from scenes.catalogue import story_index

UNKNOWN_DIGIT = "unknown"
KINDS = ("chapter", "scene", "figure")


@dataclass
class Item:
    """One rendered (or expected) file and what it shows."""

    kind: str  # "chapter" | "scene" | "figure"
    name: str
    title: str
    file: str | None  # relative to the renders folder; None when not rendered yet
    digit: str = UNKNOWN_DIGIT
    chapter: str = ""
    scene: str = ""
    quality: str = ""
    theme: str = ""
    extras: list[tuple[str, str]] = field(default_factory=list)  # (label, relative file): chapter lists, subtitles
    subtitles: str | None = None  # WebVTT of what is said (relative), shown in the player
    poster: str | None = None  # a video's still (relative), shown before it plays
    size: int = 0  # bytes

    @property
    def rendered(self) -> bool:
        return self.file is not None


# ---------------------------------------------------------------------------- what is there


def read_manifest(renders: Path) -> dict | None:
    """The pipeline's manifest, or None (missing or unreadable: then the files are scanned)."""
    path = renders / "manifest.json"
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError) as err:
        print(f"gallery: {path}: unreadable ({err}); scanning the files instead", file=sys.stderr)
        return None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("items", []), list):
        print(f"gallery: {path}: not a manifest (no list of items); scanning the files instead", file=sys.stderr)
        return None
    return manifest


def manifest_items(manifest: dict, renders: Path) -> list[Item]:
    items = []
    for entry in manifest.get("items", []):
        if not isinstance(entry, dict) or entry.get("kind") not in KINDS or not entry.get("file"):
            continue
        file = str(entry["file"])
        if not inside(renders, file):
            continue
        name = str(entry.get("name") or Path(file).stem)
        extras = [(label, str(entry[key])) for key, label in (("chapters_file", "chapter list"),
                                                              ("captions_file", "subtitles"))
                  if entry.get(key) and inside(renders, str(entry[key])) and (renders / str(entry[key])).is_file()]
        if entry["kind"] == "chapter":
            extras += notes_of(renders, name)
        items.append(Item(
            kind=entry["kind"], name=name, title=str(entry.get("title") or title_from_name(name)),
            file=file if (renders / file).is_file() else None, digit=str(entry.get("digit") or UNKNOWN_DIGIT),
            chapter=str(entry.get("chapter") or ""), scene=str(entry.get("scene") or ""),
            quality=str(entry.get("quality") or ""), theme=str(entry.get("theme") or ""), extras=extras,
            subtitles=vtt_beside(renders, file),
        ))
    return items


def notes_of(renders: Path, chapter: str) -> list[tuple[str, str]]:
    """The chapter's lecture notes (``make notes``), when written."""
    return [(label, f"notes/{chapter}{suffix}") for suffix, label in ((".html", "lecture notes"), (".pdf", "notes PDF"))
            if (renders / "notes" / f"{chapter}{suffix}").is_file()]


def vtt_beside(renders: Path, file: str) -> str | None:
    """The WebVTT subtitles written beside a video, if any."""
    vtt = Path(file).with_suffix(".vtt")
    return str(vtt) if (renders / vtt).is_file() else None


def scanned_items(renders: Path) -> list[Item]:
    """Every video and figure on disk, described from its path alone."""
    items = []
    for movie in chapter_videos(renders):
        extras = [(label, movie.with_suffix(suffix).name) for suffix, label in
                  ((".chapters.txt", "chapter list"), (".srt", "subtitles"), (".vtt", "subtitles"))
                  if movie.with_suffix(suffix).is_file()] + notes_of(renders, movie.stem)
        items.append(Item("chapter", movie.stem, title_from_name(movie.stem), movie.name,
                          chapter=movie.stem, extras=extras, subtitles=vtt_beside(renders, movie.name)))
    for movie in scene_videos(renders):
        scene = re.sub(r"^\d+-", "", movie.stem)  # "02-PixelsAreNumbers"
        items.append(Item("scene", movie.stem, title_from_name(scene), f"{movie.parent.name}/{movie.name}",
                          chapter=movie.parent.name, scene=scene,
                          subtitles=vtt_beside(renders, f"{movie.parent.name}/{movie.name}")))
    for still in sorted(renders.glob("figures/*.png")):
        items.append(Item("figure", still.stem, title_from_name(still.stem), f"figures/{still.name}"))
    return items


def inside(renders: Path, relative: str) -> bool:
    """A manifest path that stays inside the renders folder (no absolute paths, no ``..``)."""
    path = Path(relative)
    return not path.is_absolute() and ".." not in path.parts


def title_from_name(name: str) -> str:
    """'pixel-grid' -> 'Pixel grid', 'PixelsAreNumbers' -> 'Pixels are numbers', 'chapter1' -> 'Chapter 1'."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|[-_]+", " ", name)
    words = re.sub(r"(?<=[a-zA-Z])(?=\d)", " ", words).strip()
    return words[:1].upper() + words[1:].lower() if words else name


def chapter_title(chapter: str) -> str:
    """'chapter 1: What is a neural network?' (the catalogue's title), or a title made from the name."""
    known = catalogue.CHAPTERS.get(chapter)
    name = title_from_name(chapter).lower()
    return f"{name}: {known.title}" if known else name


def expected_figures() -> dict[str, tuple[str, str]]:
    """Figure name -> (chapter, scene) for every figure the render pipeline can make."""
    return dict(catalogue.FIGURES)


def collect(renders: Path, manifest: dict | None) -> list[Item]:
    """The manifest's items, then files it does not list, then figures not rendered yet."""
    items = manifest_items(manifest, renders) if manifest else []
    listed = {i.file for i in items if i.file}
    items += [i for i in scanned_items(renders) if i.file not in listed]
    expected = expected_figures()
    for item in items:  # which beat a scanned figure is the last frame of
        if item.kind == "figure" and not item.scene and item.name in expected:
            item.chapter, item.scene = expected[item.name]
    figures = {i.name for i in items if i.kind == "figure" and i.rendered}
    for name, (chapter, scene) in expected.items():
        if name not in figures:
            stale = [i for i in items if i.kind == "figure" and i.name == name]  # listed, but its file is gone
            title = stale[0].title if stale else title_from_name(name)
            items = [i for i in items if i not in stale]
            items.append(Item("figure", name, title, None, chapter=chapter, scene=scene))
    for item in items:
        if item.rendered:
            item.size = (renders / item.file).stat().st_size
    add_posters(items, renders)
    order = {name: k for k, name in enumerate(expected)}
    return sorted(items, key=lambda i: (KINDS.index(i.kind), i.chapter if i.kind == "scene" else "",
                                        story_index(i.chapter, i.scene) if i.kind == "scene" else 0,
                                        order.get(i.name, len(order)) if i.kind == "figure" else 0, i.name))


def add_posters(items: list[Item], renders: Path) -> None:
    """Each rendered video's poster (written now if missing or older than the video); a chapter
    shows its first scene's (the chapter opens with it), or, with no scene of it on disk, its own."""
    def poster(file: str) -> str | None:
        found, _ = stills.ensure_poster(renders, renders / file)
        return str(found.relative_to(renders)) if found else None

    scenes = [i for i in items if i.kind == "scene" and i.rendered]
    scenes.sort(key=lambda i: story_index(i.chapter, i.scene))
    for item in scenes:
        item.poster = poster(item.file)
    for item in items:
        if item.kind == "chapter" and item.rendered:
            first = next((s.poster for s in scenes if s.chapter == (item.chapter or item.name) and s.poster), None)
            item.poster = first or poster(item.file)


def network_facts(manifest: dict | None) -> dict:
    """sizes, test_accuracy and source: the manifest's, else the committed bundle's."""
    from pipeline.manifest import describe_source
    from pipeline.manifest import network_facts as bundle_facts

    facts = manifest.get("network") if manifest else None
    if not (isinstance(facts, dict) and facts.get("test_accuracy") is not None):
        facts = bundle_facts()
        if "error" in facts:  # a page with "accuracy unknown" is still a useful page
            print(f"gallery: no network facts ({facts['error']})", file=sys.stderr)
            return {}
    return {**facts, "source": describe_source(facts.get("source"))}


# ---------------------------------------------------------------------------- the page


def accuracy_text(facts: dict) -> str:
    accuracy = facts.get("test_accuracy")
    return f"{100 * float(accuracy):.1f} % on the test set" if isinstance(accuracy, (int, float)) else "unknown"


def network_name(facts: dict) -> str:
    """'784-16-16-10 sigmoid network', from the bundle's sizes and activation (what is known of them)."""
    sizes, activation = facts.get("sizes"), facts.get("activation")
    shape = "-".join(str(s) for s in sizes) if isinstance(sizes, list) else ""
    said = {"relu": "ReLU"}.get(activation, activation) if isinstance(activation, str) else ""
    return " ".join(x for x in (shape, said, "network") if x)


def human_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    return ""


def track(renders: Path | None, item: Item) -> str:
    """The subtitles as a ``<track>``, inline (a data: URL): browsers refuse a track file next to a
    page opened from file://, and the page must work from disk."""
    if not item.subtitles or renders is None:
        return ""
    return (f'<track kind="subtitles" srclang="en" label="English (spoken words)" default '
            f'src="{data_uri(renders / item.subtitles, "text/vtt")}">')


def card(item: Item, accuracy: str, renders_dir: Path | None = None) -> str:
    e = html.escape
    facts = [("digit", item.digit), ("network", accuracy)]
    if item.kind == "figure" and item.scene:
        facts.insert(0, ("from", f"{item.chapter} · {item.scene}" if item.chapter else item.scene))
    if item.quality or item.theme:
        facts.append(("render", " · ".join(x for x in (item.quality, item.theme) if x)))
    rows = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in facts)
    if not item.rendered:
        media = '<div class="placeholder">not rendered yet</div>'
        links = (f'<span class="hint">make it: <code>python -m pipeline figures --figures {e(item.name)}</code></span>'
                 if item.kind == "figure" else "")
    else:
        url = href(item.file)
        if item.kind == "figure":
            media = f'<a href="{url}"><img src="{url}" alt="{e(item.title)}"></a>'
        else:
            poster = f' poster="{href(item.poster)}"' if item.poster else ""
            media = f'<video src="{url}"{poster} controls preload="metadata">{track(renders_dir, item)}</video>'
        links = f'<a class="download" href="{url}" download>download {e(Path(item.file).suffix[1:])} ' \
                f'({e(human_size(item.size))})</a>'
        # Pages (the lecture notes) open in the browser; the other files are downloads.
        links += "".join(f' <a href="{href(f)}"{"" if f.endswith(".html") else " download"}>{e(label)}</a>'
                         for label, f in item.extras)
    state = "rendered" if item.rendered else "not-rendered"
    return (f'<article class="card {e(item.kind)} {state}" id="{e(item.kind)}-{e(item.name)}">'
            f'{media}<h3>{e(item.title)}</h3><p class="name"><code>{e(item.name)}</code></p>'
            f'<dl>{rows}</dl><p class="links">{links}</p></article>')


def section(title: str, note: str, cards: list[str], small: bool = False) -> str:
    if not cards:
        return ""
    grid = "grid small" if small else "grid"
    return (f'<section><h2>{html.escape(title)}</h2><p class="note">{html.escape(note)}</p>'
            f'<div class="{grid}">{"".join(cards)}</div></section>')


CSS = palette_css() + """
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; background: var(--bg); color: var(--fg); font: 15px/1.45 var(--font); }
header { border-bottom: 1px solid var(--line); padding-bottom: 12px; margin-bottom: 8px; }
h1 { font-size: 24px; margin: 0 0 6px; }
h2 { font-size: 19px; margin: 28px 0 4px; }
h3 { font-size: 16px; margin: 10px 0 2px; }
.note, .name, dt, .hint { color: var(--dim); }
.note { margin: 0 0 12px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 16px; }
.grid.small { grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px 12px; }
.card img, .card video { display: block; width: 100%; aspect-ratio: 16 / 9; object-fit: contain;
                         background: var(--video); border-radius: 4px; }
.placeholder { display: flex; align-items: center; justify-content: center; aspect-ratio: 16 / 9;
           border: 2px dashed var(--line); border-radius: 4px; color: var(--dim); font-style: italic; }
.name { margin: 0; font-size: 13px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 8px 0; font-size: 13px; }
dd { margin: 0; }
.links { margin: 6px 0 0; font-size: 13px; }
a { color: var(--accent); }
a.download { font-weight: bold; }
.hint, .hint code { font-size: 12px; overflow-wrap: anywhere; }
"""

def page(items: list[Item], facts: dict, from_manifest: bool, renders: Path | None = None) -> str:
    e = html.escape
    accuracy = accuracy_text(facts)
    network = network_name(facts)
    figures = [i for i in items if i.kind == "figure"]
    done = sum(i.rendered for i in figures)
    source = f" Trained on {facts['source']}." if facts.get("source") else ""
    described = ("What each file shows comes from manifest.json." if from_manifest else
                 "No manifest.json: files were found on disk; the digit each shows is unknown.")
    chapters = [card(i, accuracy, renders) for i in items if i.kind == "chapter"]
    chapters_of_scenes = sorted({i.chapter for i in items if i.kind == "scene"})
    scene_sections = "\n".join(
        section(f"Scenes of {chapter_title(ch)}" if ch else "Scenes", "One video per storyboard beat.",
                [card(i, accuracy, renders) for i in items if i.kind == "scene" and i.chapter == ch], small=True)
        for ch in chapters_of_scenes)
    stills = [card(i, accuracy, renders) for i in figures]
    live = ('<p><a href="live/index.html"><strong>The network, live</strong></a>: draw a digit and watch this network '
            'answer, layer by layer; replay its training.</p>' if renders and (renders / "live" / "index.html").is_file()
            else '<p class="note">The network, live in a browser: not built yet (<code>make live</code>).</p>')
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Neural-network explainer: videos and figures</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>Neural-network explainer: videos and figures</h1>
<p>Every number on screen comes from one real {e(network)} trained on MNIST:
<strong>{e(accuracy)}</strong>.{e(source)}</p>
<p class="note">{e(described)} Figures rendered: {done} of {len(figures)}.
Click a picture to open it full size; the links download the files.</p>
{live}
</header>
{section("Chapters", "Whole chapters, scenes joined in story order.", chapters)}
{scene_sections}
{section("Figures", "High-resolution stills for slides and print (no captions).", stills)}
<script>{COUNTER_SCRIPT}</script>
</body>
</html>
"""


def write_gallery(renders: Path) -> Path:
    manifest = read_manifest(renders)
    items = collect(renders, manifest)
    text = page(items, network_facts(manifest), manifest is not None, renders)
    return write_page(renders / "index.html", text)


def run(settings: Settings) -> int:
    """``python -m pipeline gallery``: the page of ``settings.output``."""
    renders = settings.output
    if not renders.is_dir():
        print(f"gallery: error: {renders}: no such folder (render something first: make video, make figures)",
              file=sys.stderr)
        return 1
    return publish("gallery", lambda: write_gallery(renders))


def main(argv=None) -> int:
    """``python -m pipeline.gallery [options]``: the pipeline's command (its settings, options, checks)."""
    from pipeline import render

    return render.main(["gallery", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
