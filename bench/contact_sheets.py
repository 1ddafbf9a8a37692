"""Contact sheets for reviewing a chapter as a first-time viewer: a frame 1.5 s into every subtitle
cue (a spoken sentence), with the words said then under it, a few cues a page.

    .venv/bin/python bench/contact_sheets.py [--renders renders] [--into renders/review] [--per-page 6]

Reads each joined chapter (``pipeline.jobs`` layout) and its ``.srt``; writes
``<into>/<chapter>-NN.png`` and prints where. Frames are decoded with PyAV, seeking to each moment.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.intelligibility import read_srt  # noqa: E402
from pipeline.jobs import chapter_videos  # noqa: E402

INTO_CUE = 1.5  # seconds after a cue starts: the picture the viewer has while the words are heard
TILE_WIDTH = 640
CAPTION_LINES = 4


def frames_at(movie: Path, moments: list[float]):
    """The frame shown at each moment (in order), as PIL images."""
    import av

    out = []
    with av.open(str(movie)) as container:
        stream = container.streams.video[0]
        for t in moments:
            container.seek(int(t / stream.time_base), stream=stream, backward=True, any_frame=False)
            chosen = None
            for frame in container.decode(stream):
                if frame.time is not None and frame.time > t:
                    break
                chosen = frame
            out.append((chosen or frame).to_image())
    return out


def sheet(tiles: list, captions: list[str], columns: int = 2):
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=16)
    w = TILE_WIDTH
    h = int(w * tiles[0].height / tiles[0].width)
    cap = 20 * CAPTION_LINES + 8
    rows = -(-len(tiles) // columns)
    page = Image.new("RGB", (columns * w, rows * (h + cap)), "white")
    draw = ImageDraw.Draw(page)
    for i, (tile, text) in enumerate(zip(tiles, captions)):
        x, y = (i % columns) * w, (i // columns) * (h + cap)
        page.paste(tile.resize((w, h)), (x, y))
        lines = textwrap.wrap(text, 70)[:CAPTION_LINES]
        draw.multiline_text((x + 6, y + h + 4), "\n".join(lines), fill="black", font=font, spacing=4)
    return page


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--renders", type=Path, default=ROOT / "renders")
    p.add_argument("--into", type=Path, default=None, help="default <renders>/review")
    p.add_argument("--per-page", type=int, default=6)
    args = p.parse_args(argv)
    into = args.into or args.renders / "review"
    movies = chapter_videos(args.renders)
    if not movies:
        print(f"no chapter videos in {args.renders}: make video first", file=sys.stderr)
        return 1
    into.mkdir(parents=True, exist_ok=True)
    for movie in movies:
        cues = read_srt(movie.with_suffix(".srt"))
        stills = frames_at(movie, [start + min(INTO_CUE, (end - start) / 2) for start, end, _ in cues])
        for n, first in enumerate(range(0, len(cues), args.per_page)):
            chunk = range(first, min(first + args.per_page, len(cues)))
            captions = [f"#{i + 1} {cues[i][0]:.1f}s: {cues[i][2]}" for i in chunk]
            path = into / f"{movie.stem}-{n + 1:02d}.png"
            sheet([stills[i] for i in chunk], captions).save(path)
        print(f"{movie.stem}: {len(cues)} cues on {n + 1} sheets in {into}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
