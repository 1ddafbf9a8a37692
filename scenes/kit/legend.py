"""Marks that explain a network diagram: the names of its layers and the key to its edge colours.

The layer names are the video's one set ("input layer", "hidden layer 1", ..., "output layer"),
said the same way by the voice; the edge key is shown the first time coloured edges are.
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, Line, Text, VGroup

from scenes.kit import style
from scenes.kit.network import NetworkDiagram
from scenes.kit.style import theme
from scenes.said import integer_words


def layer_name(l: int, layers: int) -> str:
    """"input layer", "hidden layer 1", ..., "output layer" for layer l of ``layers``."""
    if l == 0:
        return "input layer"
    if l == layers - 1:
        return "output layer"
    return f"hidden layer {l}"


def said_layer_name(l: int, layers: int) -> str:
    """:func:`layer_name` as the voice says it: "hidden layer one" (the 1 is part of a name, not a
    number from the bundle, so it is written as the word the voice reads anyway)."""
    name = layer_name(l, layers)
    return f"hidden layer {' '.join(integer_words(l))}" if name.startswith("hidden") else name


def layer_names(diagram: NetworkDiagram, font_size: float = style.SMALL_SIZE, above: bool = False) -> VGroup:
    """Each layer's name under it (or ``above`` it), in two lines so that neighbouring names never touch."""
    count = len(diagram.layers)
    parts = [diagram.layer_parts(l) for l in range(count)]
    edge = max(p.get_top()[1] for p in parts) if above else min(p.get_bottom()[1] for p in parts)
    names = VGroup()
    for l in range(count):
        words = layer_name(l, count).split(" ", 1)
        name = VGroup(*[Text(w, font_size=font_size, color=theme().dim_text) for w in words]).arrange(DOWN, buff=0.08)
        y = edge + 0.15 + name.height / 2 if above else edge - 0.15 - name.height / 2
        names.add(name.move_to([diagram.layers[l].get_center()[0], y, 0]))
    return names


def edge_key(font_size: float = style.SMALL_SIZE) -> VGroup:
    """Two sample edges and what their colours mean; width carries the size."""
    rows = VGroup()
    for sign, words in ((1, "positive weight"), (-1, "negative weight")):
        sample = Line(LEFT * 0.35, RIGHT * 0.35, stroke_width=style.EDGE_MAX_WIDTH + 2, color=style.sign_color(sign))
        rows.add(VGroup(sample, Text(words, font_size=font_size)).arrange(RIGHT, buff=0.2))
    rows.add(Text("thicker = larger", font_size=font_size, color=theme().dim_text))
    return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.18)


def top_right(mobject, buff: float = 0.35):
    """``mobject`` in the frame's top-right corner, under the headline's height."""
    return mobject.to_corner(UP + RIGHT, buff=buff).shift(0.75 * DOWN)
