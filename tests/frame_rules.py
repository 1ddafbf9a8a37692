"""The frame rules: what a viewer must be able to read, judged from a beat's snapshots.

- Size: every text on screen is at least ``MIN_GLYPH_PX`` tall at 1080p, measured by its tallest
  glyph (a line's tallest glyph is its capital or digit height whatever letters it has; the
  smallest would be a full stop), at the camera's current zoom.
- Margin: every text lies inside the frame less ``MARGIN`` of its width and height on each side.
- Said means shown: each number a line says (``line.numbers``) is on screen at the line's start or
  its end, with the same text once written the same way (``normalise``), unless the line lists it
  as ``spoken_only``. "0.013" said and "0.01" shown is not the same number.

The snapshots come from ``scenes.kit.frames.FrameRecorder``; these functions only read them.

    python -m tests.frame_rules chapter1 [Scene ...]

renders the beats (low quality, last-frame fast path: lines and snapshots are those of the
full render) and prints every violation as one line, exiting 1 if there is any.
"""

from __future__ import annotations

import re
import sys

MIN_GLYPH_PX = 24  # at 1080p: 2.2 % of the frame's height
MARGIN = 0.02  # of the frame's width (left, right) and height (top, bottom)


def too_small(snapshot, minimum: float = MIN_GLYPH_PX) -> list[str]:
    return [f"{quoted(s.text)} too small ({s.glyph_px:.0f} px < {minimum:g})"
            for s in snapshot.shown if s.glyph_px < minimum and not is_mark(s.text)]


# TeX commands that draw a mark, not a word: dots, operators, arrows, spacing, sizing delimiters.
MARK_COMMANDS = re.compile(r"\\(?:[vcdl]?dots|ddots|cdot|times|to|[lr]?[Rr]ightarrow|[Ll]eftarrow|mapsto|pm|"
                           r"q?quad|left|right|big+[lr]?|Big+[lr]?|[,;:! ])(?![a-zA-Z])")


def is_mark(text: str) -> bool:
    """A text with no letter or digit ("⋮", "=", "+", "→"): a mark, not a word or number to read.
    Its tallest glyph says nothing of its size (⋮ is three dots), so the size rule leaves it; it
    must still be inside the frame. A TeX command other than a mark (\\sigma, \\sum) is a word."""
    return re.search(r"\w", MARK_COMMANDS.sub("", text)) is None


def off_frame(snapshot, margin: float = MARGIN) -> list[str]:
    found = []
    for s in snapshot.shown:
        left, bottom, right, top = s.box
        sides = [name for name, gap in (("left", left), ("right", 1 - right), ("bottom", bottom), ("top", 1 - top))
                 if gap < margin]
        if sides:
            gaps = ", ".join(f"{name} {100 * gap:.1f} %" for name, gap in
                             zip(("left", "right", "bottom", "top"), (left, 1 - right, bottom, 1 - top)) if name in sides)
            found.append(f"{quoted(s.text)} outside the {100 * margin:g} % margin ({gaps})")
    return found


def unshown_numbers(line, snapshots) -> list[str]:
    """The numbers ``line`` says that none of ``snapshots`` (its start and end) shows as said."""
    texts = [normalise(s.text) for snap in snapshots for s in snap.shown]
    found = []
    for name, _value, said in line.numbers:
        if name in line.spoken_only:
            continue
        wanted = normalise(said)
        if not any(contains(text, wanted) for text in texts):
            found.append(f"{quoted(said)} said ({name}) but not on screen at the line's start or end")
    return found


def normalise(text: str) -> str:
    """A number written one way: no thousands separators or TeX spacing and braces, "%" for "percent",
    "-" for minus. Nothing else: rounding and digits must be the same."""
    t = text.replace("\\%", "%").replace("−", "-")
    t = re.sub(r"\bminus\s+", "-", t)
    t = re.sub(r"\\[,;:! ]|\\q?quad\b|~", " ", t)  # TeX spaces
    t = t.replace("{", "").replace("}", "")
    t = re.sub(r"(?<=\d)[,\u2009\u202f\u00a0 ](?=\d{3}(?!\d))", "", t)  # 13,002 / 13\,002 / 13 002
    t = re.sub(r"\s*(percent\b|%)", "%", t)
    # A tiny number in scientific form, said or written (Text "× 10⁻⁵", TeX "\\times 10^-5"): "e-5".
    t = re.sub(r"\s*(?:times ten to the |(?:×|\\times)\s*10\^?)(minus |-|⁻)?([\d⁰¹²³⁴⁵⁶⁷⁸⁹]+)",
               lambda m: "e" + ("-" if m[1] else "") + m[2].translate(SUPERSCRIPT_DIGITS), t)
    return t


SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def contains(text: str, number: str) -> bool:
    """``number`` in ``text`` as a whole: not part of a longer number ("0.01" is not in "0.013")."""
    sign = "" if number.startswith("-") else "-"
    return re.search(rf"(?<![\w.,{sign}]){re.escape(number)}(?!\w|[.,]\d)", text) is not None


def quoted(text: str) -> str:
    return '"' + " ".join(text.split())[:60] + '"'


def beat_violations(record) -> list[str]:
    """Every violation of one render (a ``FrameRecorder``), one line each, where first seen: a label
    too small in ten lines is one violation."""
    seen, out = set(), []

    def note(where, messages):
        for m in messages:
            if m not in seen:
                seen.add(m)
                out.append(f"{where}: {m}")

    for frames in record.lines:
        key = line_key(frames.line)
        for snap in (frames.start, frames.end):
            note(f"line {key}", too_small(snap) + off_frame(snap))
        note(f"line {key}", unshown_numbers(frames.line, (frames.start, frames.end)))
    if record.last is not None:
        note("last frame", too_small(record.last) + off_frame(record.last))
    return out


def rule_violations(record, rule: str) -> list[str]:
    """One rule's violations of a render: "size", "margin" or "numbers"."""
    snaps = [(f"line {line_key(f.line)}", s) for f in record.lines for s in (f.start, f.end)]
    if record.last is not None:
        snaps.append(("last frame", record.last))
    out = []
    if rule == "numbers":
        for f in record.lines:
            out += [f"line {line_key(f.line)}: {m}" for m in unshown_numbers(f.line, (f.start, f.end))]
    else:
        judge = {"size": too_small, "margin": off_frame}[rule]
        for where, snap in snaps:
            out += [f"{where}: {m}" for m in judge(snap)]
    return list(dict.fromkeys(_first_place(out)))


def _first_place(messages: list[str]) -> list[str]:
    """Each message once, at the first place it was seen."""
    seen, out = set(), []
    for m in messages:
        what = m.split(": ", 1)[1]
        if what not in seen:
            seen.add(what)
            out.append(m)
    return out


def line_key(line) -> str:
    """"3" or "pulse": the line's place or name (the last part of its id)."""
    return line.id.rsplit(".", 1)[-1]


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m tests.frame_rules <module> [Scene ...]   e.g. chapter1 Bias", file=sys.stderr)
        return 2
    from scenes import catalogue
    from tests.scene_render import rendered

    module, names = argv[0], argv[1:]
    try:
        beats = [b.scene for b in catalogue.beats_of(module)]
    except KeyError:
        print(f"no chapter or scene module {module!r} in scenes/catalogue.py", file=sys.stderr)
        return 2
    unknown = [n for n in names if n not in beats]
    if unknown:
        print(f"{module} has no beat {', '.join(unknown)} (its beats: {', '.join(beats)})", file=sys.stderr)
        return 2
    import importlib

    scenes = importlib.import_module(f"scenes.{module}")
    count = 0
    for name in names or beats:
        scene, _ = rendered(getattr(scenes, name))
        for v in beat_violations(scene.recorder):
            print(f"{module}.{name} {v}")
            count += 1
    print(f"{count} violation{'s' * (count != 1)}", file=sys.stderr)
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
