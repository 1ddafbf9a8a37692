"""What a viewer can read on screen, written down while a beat renders: the frame rules' input.

A ``FrameRecorder`` given to a beat (``scene.recorder``, set by whoever renders it: the tests'
harness, ``python -m tests.frame_rules``) takes a ``Snapshot`` at the start and at the end of every
line it says, and one of the last frame. A snapshot lists every piece of text on screen (``Shown``):
what it says, how tall its tallest glyph is in pixels of a 1080p frame at the camera's current zoom,
and where its box is against the camera's frame. The rules that judge snapshots are in
tests/frame_rules.py; nothing here judges.

What counts as text: every Text, MarkupText, Paragraph, MathTex / Tex / SingleStringMathTex and
DecimalNumber / Integer on screen, found by walking into groups (a text is one item: its glyphs
are not walked into separately; a MathTex made of several parts is one item per part). Left out: what ``scenes.kit.legible.texture`` marks (a picture
made of text) and what cannot be seen (every glyph at zero opacity).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from manim import DecimalNumber, MarkupText, MathTex, Mobject, Paragraph, SingleStringMathTex, Text

from scenes.kit.legible import is_texture

REFERENCE_HEIGHT = 1080  # the rules speak of pixels at 1080p, whatever the render's quality
TEXT_KINDS = (Text, MarkupText, Paragraph, SingleStringMathTex, DecimalNumber)


@dataclass(frozen=True)
class Shown:
    """One piece of text on screen."""

    text: str  # what it says: a Text's string, a MathTex's tex, a DecimalNumber's number as shown
    kind: str  # its class: "Text", "MathTex", "DecimalNumber", ...
    glyph_px: float  # its tallest glyph, in pixels of a 1080p frame
    box: tuple[float, float, float, float]  # left, bottom, right, top: fractions of the frame (0..1)


@dataclass(frozen=True)
class Snapshot:
    when: str  # "line 3 start", "line pulse end", "last frame"
    time: float  # seconds into the scene
    shown: tuple[Shown, ...]


@dataclass
class LineFrames:
    line: object  # scenes.kit.narration.Line
    start: Snapshot
    end: Snapshot


@dataclass
class FrameRecorder:
    """Snapshots of one render: each line's start and end, and the last frame."""

    lines: list[LineFrames] = field(default_factory=list)
    last: Snapshot | None = None

    def snapshot(self, scene, when: str) -> Snapshot:
        return Snapshot(when, float(scene.renderer.time), tuple(shown_texts(scene)))


def shown_texts(scene) -> list[Shown]:
    """Every readable text in the scene as the camera sees it now."""
    camera = scene.camera
    fixed = set(getattr(camera, "fixed_in_frame_mobjects", ()))
    projecting = hasattr(camera, "project_points")  # a 3-D camera: what is not pinned is projected
    if hasattr(camera, "frame"):  # a moving camera: its frame mobject is what is on screen
        centre, width, height = camera.frame.get_center(), camera.frame.width, camera.frame.height
    else:
        centre, width, height = np.asarray(camera.frame_center), camera.frame_width, camera.frame_height
    shown = []
    for top in scene.mobjects:
        for mob in texts_in(top):
            leaves = [m for m in mob.family_members_with_points() if visible(m)]
            if not leaves:
                continue
            if projecting and mob not in fixed:
                # projected points are already relative to the frame's centre, zoom applied
                placed = [camera.project_points(m.points) for m in leaves]
                origin = np.zeros(3)
            else:
                placed = [m.points for m in leaves]
                origin = np.asarray(centre)
            tallest = tallest_glyph(mob, placed)
            every = np.concatenate(placed)
            left, bottom = (every[:, :2].min(axis=0) - origin[:2]) / (width, height) + 0.5
            right, top_ = (every[:, :2].max(axis=0) - origin[:2]) / (width, height) + 0.5
            shown.append(Shown(text_of(mob), type(mob).__name__, tallest * REFERENCE_HEIGHT / height,
                               (float(left), float(bottom), float(right), float(top_))))
    return shown


def tallest_glyph(mob: Mobject, glyphs: list[np.ndarray]) -> float:
    """The tallest glyph's height, measured across the text's line: up the screen for level text,
    across the screen for a label turned on its side (an axis name along a y axis)."""
    up = np.array([0.0, 1.0])
    if isinstance(mob, (Text, MarkupText)) and len(glyphs) >= 3:
        # the line runs where the glyphs' centres spread most; its "up" is square to that
        centres = np.array([g[:, :2].mean(axis=0) for g in glyphs])
        _, _, axes = np.linalg.svd(centres - centres.mean(axis=0))
        along = axes[0]
        if abs(along[1]) > np.sin(np.radians(20)):  # turned: level text keeps the plain height
            up = np.array([-along[1], along[0]])
    return max(float(np.ptp(g[:, :2] @ up)) for g in glyphs)


def texts_in(mob: Mobject):
    """The text mobjects in ``mob``, each once, not walking into a text or a texture."""
    if is_texture(mob):
        return
    if isinstance(mob, MathTex) and len(mob.submobjects) > 1 and all(hasattr(m, "tex_string") for m in mob.submobjects):
        # one TeX of several parts: each part is read where it stands (a matrix's row and column
        # labels are parts of one MathTex placed apart), so each is measured on its own
        yield from mob.submobjects
        return
    if isinstance(mob, TEXT_KINDS):
        yield mob
        return
    for sub in mob.submobjects:
        yield from texts_in(sub)


def visible(mob: Mobject) -> bool:
    fill = mob.get_fill_opacity() if hasattr(mob, "get_fill_opacity") else 1.0
    stroke = (mob.get_stroke_opacity() if mob.get_stroke_width() > 0 else 0.0) if hasattr(mob, "get_stroke_width") else 0.0
    return max(fill, stroke) > 0


def text_of(mob: Mobject) -> str:
    """What the text says, as written (spaces kept)."""
    if isinstance(mob, Paragraph):
        return mob.lines_text.original_text
    if isinstance(mob, MarkupText):
        return re.sub(r"<[^>]+>", "", mob.original_text)
    if isinstance(mob, Text):
        return mob.original_text
    if isinstance(mob, DecimalNumber):
        return mob._get_num_string(mob.number) + (mob.unit or "")
    return mob.tex_string
