"""Where the numbers on screen come from, said on screen when it is not the obvious answer.

A bundle made by ``python -m netcore import`` presents a network trained elsewhere, while
its training history (random start, gradient, snapshots, cost curve, landscape path,
learning curves) comes from a reference run trained here. Scenes showing either call these,
which draw nothing for a network trained here (so the default video is unchanged).
"""

from __future__ import annotations

from manim import DOWN, Scene, Text, ThreeDScene

from scenes.kit import style
from scenes.kit.data import bundle
from scenes.kit.style import theme

MAX_WIDTH = 13.6
BOTTOM_BUFF = 0.08  # below the caption line (Beat.say puts captions at buff 0.35)


def _footnote(scene: Scene, text: str) -> Text:
    note = Text(text, font_size=style.TINY_SIZE, color=theme().dim_text)
    if note.width > MAX_WIDTH:
        note.scale_to_fit_width(MAX_WIDTH)
    note.to_edge(DOWN, buff=BOTTOM_BUFF)
    if isinstance(scene, ThreeDScene):
        scene.add_fixed_in_frame_mobjects(note)
    else:
        scene.add(note)
    return note


def history_note(scene: Scene) -> Text | None:
    """For an imported network: 'Training shown: a 784-30-10 network trained here ...'."""
    text = bundle().history_note
    return _footnote(scene, text) if text else None


def source_note(scene: Scene) -> Text | None:
    """For an imported network: 'Network imported from FILE (format); accuracy measured here'."""
    b = bundle()
    if not b.imported:
        return None
    return _footnote(scene, f"Network {b.source['description']}; trained elsewhere, tested here on "
                            f"{b.meta['test_total']:,} MNIST test images")
