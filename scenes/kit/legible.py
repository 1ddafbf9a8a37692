"""What the frame rules (tests/frame_rules.py) read as text, and what they leave alone.

Every Text, Tex or number on screen is meant to be read, so it must be big enough and inside the
frame. A few are a picture made of text instead: 784 pixel values pulled back until the whole grid
shows, where the values are a texture and no one is meant to read them at that size.
``texture(mobject)`` marks such a group so the size rule skips it (and everything in it). Use it
rarely, and say in a comment beside the call why the text is not meant to be read there.
"""

from __future__ import annotations

from manim import Mobject

TEXTURE_MARK = "_netcore_texture"  # an attribute on the mobject; copies of it keep it


def texture(mobject: Mobject) -> Mobject:
    """Mark ``mobject`` (and what it holds) as a picture made of text, not text to read; returns it."""
    setattr(mobject, TEXTURE_MARK, True)
    return mobject


def is_texture(mobject: Mobject) -> bool:
    return bool(getattr(mobject, TEXTURE_MARK, False))
