"""Chapter 1: what is a neural network? One Scene per storyboard beat; each beat's title and
place in the story are in ``scenes/catalogue.py`` (the one list), not here.

Every number on screen comes from the bundle (``scenes.kit.data``); the digit the
digit-driven beats use is ``DIGIT=test:N`` / ``IMAGE=path``, a real test 3 by default.
Render one beat:  python -m manim -ql scenes/chapter1.py ForwardPass
"""

from __future__ import annotations

import textwrap

import numpy as np
from manim import (
    Arc,
    Arrow,
    Axes,
    BackgroundRectangle,
    Brace,
    Circle,
    Create,
    DOWN,
    DashedLine,
    DecimalNumber,
    Dot,
    FadeIn,
    FadeOut,
    Group,
    GrowArrow,
    Indicate,
    LEFT,
    LaggedStart,
    Line,
    MathTex,
    NumberLine,
    PI,
    RIGHT,
    Rectangle,
    ReplacementTransform,
    Square,
    Succession,
    SurroundingRectangle,
    TAU,
    Text,
    Transform,
    UP,
    UpdateFromAlphaFunc,
    VGroup,
    ValueTracker,
    Wiggle,
    Write,
    always_redraw,
    config,
)

from manim.utils.color import ManimColor

from netcore.network import Network
from scenes.kit import edge_scan, equations, style
from scenes.kit.activation import SQUISHES, squish_curve, squishing
from scenes.kit.beat import Beat
from scenes.kit.bias_example import bias_example
from scenes.kit.data import bundle, chosen_digit, diagram
from scenes.kit.fades import fade_in, within
from scenes.kit.flipbook import Flipbook
from scenes.kit.forward import forward_flow, reset
from scenes.kit.network import NetworkDiagram, answer_box, drawn_neurons, layer_activation
from scenes.kit.pixels import (
    digit_grid,
    image_mobject,
    pixel_position,
    side_braces,
    value_labels,
    weight_grid,
)
from scenes.kit.legible import texture
from scenes.kit.legend import edge_key, layer_names, said_layer_name, top_right
from scenes.kit.spoken import figure, num
from scenes.kit.style import theme
from scenes.kit.words import (
    a_digit,
    answer_sentence,
    capitalised,
    digit_caption,
    lit,
    said_activation,
    said_hidden,
    said_label,
    said_prediction,
    verdict,
)


def number_line_range(lo: float, hi: float) -> list[int]:
    """[start, end, step] of a number line holding lo..hi and 0, in at most 12 steps of 1, 2 or 5 x 10^k
    (whole numbers, so that its labels have no decimals)."""
    lo, hi = min(lo, -1.0), max(hi, 1.0)
    for step in (s * 10**k for k in range(0, 6) for s in (1, 2, 5)):
        start, end = int(np.floor(lo / step)) * step, int(np.ceil(hi / step)) * step
        if (end - start) / step <= 12:
            return [start, end, step]
    raise ValueError(f"{lo}..{hi} is too wide for a number line")


class SloppyThrees(Beat):
    def construct(self):
        threes = bundle().role("threes")[:5]
        self.title = self.headline(f"Every one of these is a {threes[0].label}")
        # Narrow enough that the first grid's "28 px" brace stays inside the frame's margin.
        grids = Group(*[digit_grid(d.image, height=2.0) for d in threes]).arrange(RIGHT, buff=0.4).shift(0.35 * RIGHT + 0.9 * UP)
        self.threes = threes
        self.say(f"Here are a few handwritten digits from MNIST, a public collection of scanned handwriting. "
                 f"Every one of them is {a_digit(threes[0])}.",
                 LaggedStart(*[FadeIn(g, scale=0.9) for g in grids], lag_ratio=0.25),
                 show="MNIST: a public collection of handwritten digits")
        self.grids = grids
        self.add_braces(grids[0])
        self.ask_for_program(grids, threes[0])

    def add_braces(self, grid):
        side = num(bundle().sizes[0] ** 0.5, "image_side")
        self.braces = side_braces(grid)
        self.say(f"Each one is a tiny picture, a grid of {side} by {num(bundle().sizes[0] ** 0.5, 'image_side')} "
                 "grey squares.", FadeIn(self.braces), run_time=0.8)
        # All five laid on top of each other (their pixelwise mean, real data): a blur, not a sharp 3.
        mean = np.mean([d.image.astype(float) for d in self.threes], axis=0)
        stacked = image_mobject(style.grey_rgb(np.round(mean)), 2.6).move_to([0, -1.75, 0])
        note = Text("all five laid on top of each other", font_size=style.SMALL_SIZE, color=theme().dim_text)
        note.next_to(stacked, RIGHT, buff=0.4)
        self.say("The lit squares differ from picture to picture. The strokes lean, thicken and wander. "
                 "Still, you read them all at a glance, without effort.",
                 *[m.image.copy().animate.move_to(stacked).set_opacity(0) for m in self.grids],
                 FadeIn(stacked), FadeIn(note), run_time=2, show="the lit squares differ from grid to grid")
        self.stacked = Group(stacked, note)

    def ask_for_program(self, grids, three):
        # The threes' headline goes with them: the topic is now the program. The row sits in the middle.
        self.play(FadeOut(self.braces), FadeOut(self.stacked), FadeOut(self.title),
                  grids.animate.scale(0.55).to_edge(LEFT, buff=0.4).set_y(0.4), run_time=1)
        arrow = Arrow(grids.get_right(), grids.get_right() + 1.6 * RIGHT, color=theme().dim_text)
        box = Rectangle(width=2.8, height=1.5, color=theme().text).next_to(arrow, RIGHT)
        program = Text("program", font_size=style.BODY_SIZE).move_to(box)
        out = Arrow(box.get_right(), box.get_right() + 1.0 * RIGHT, color=theme().dim_text)
        answer = Text(str(three.label), font_size=style.SYMBOL_SIZE).next_to(out, RIGHT, buff=0.3)
        self.say("Now imagine writing a program that does the same: it takes in the grid of squares "
                 "and prints out the digit.", Create(arrow), Create(box), Write(program), GrowArrow(out),
                 FadeIn(answer, shift=0.3 * RIGHT), run_time=2, show="the task: grid in, digit out")
        # What the next line asks and answers, written under the box as it is said.
        rules = VGroup(*[Text(t, font_size=style.BODY_SIZE, color=theme().accent)
                         for t in ("which rules?", "hard to write by hand")]).arrange(DOWN, buff=0.15)
        rules.next_to(box, DOWN, buff=0.5)
        network = VGroup(Text("neural", font_size=style.BODY_SIZE), Text("network", font_size=style.BODY_SIZE))
        network.arrange(DOWN, buff=0.1).set_color(theme().accent).move_to(box)
        finds = Text("finds them itself", font_size=style.BODY_SIZE, color=theme().accent)
        finds.next_to(rules, DOWN, buff=0.15)
        self.say(f"Which rules would tell it that all of these are {a_digit(three)}? Spelling them out by hand "
                 "is surprisingly hard. A neural network finds such rules for itself.",
                 within(FadeIn(rules[0], shift=0.2 * UP), 0.2, 1.0, 8), within(FadeIn(rules[1], shift=0.2 * UP), 2.8, 3.6, 8),
                 within(FadeOut(program), 5.5, 6.0, 8), within(FadeIn(network), 6.0, 6.6, 8),
                 within(FadeIn(finds, shift=0.2 * UP), 6.0, 6.6, 8), run_time=8)


class PixelsAreNumbers(Beat):
    """The digit's 784 grey values on its pixels, then a zoom into a small patch where they can be read,
    then back out to the whole grid."""

    PATCH = 5  # pixels along a side of the zoomed-in patch
    ZOOMED_CELL = 1.0  # a pixel's side in the zoomed-in patch (scene units; its value ~0.3 tall, ~40 px at 1080p)

    def construct(self):
        digit = chosen_digit()
        grid = digit_grid(digit.image, height=6.6).to_edge(LEFT, buff=0.4)
        source = Text(digit_caption(digit), font_size=style.SMALL_SIZE, color=theme().dim_text)
        source.next_to(grid, RIGHT, buff=0.5).align_to(grid, UP)
        which = f"one digit, {a_digit(digit)} from the test set" if digit.label is not None else "your own picture"
        self.say(f"Here is {which}, enlarged until every pixel is a square of its own.",
                 FadeIn(grid), FadeIn(source), run_time=1)
        self.source = source
        self.scale_key(source)
        self.zoom(grid, digit)
        self.legend(grid)

    def scale_key(self, source):
        """The grey scale, written while the voice says it (before any value is written on the grid)."""
        self.key = Text("0.0 (black) to 1.0 (white)", font_size=style.BODY_SIZE)
        self.key.next_to(source, DOWN, buff=0.3, aligned_edge=LEFT)
        self.say("To a computer, this picture is nothing but numbers. Each pixel holds its grey value, "
                 "from zero for black up to one for white.", FadeIn(self.key, shift=0.2 * LEFT), run_time=1)

    @classmethod
    def patch_corner(cls, image: np.ndarray) -> tuple[int, int]:
        """Top-left pixel of the PATCH x PATCH window showing the most different values (one decimal):
        where the stroke's edge runs, black, grey and white side by side. Ties: the first in reading order."""
        values = np.round(np.asarray(image, dtype=float) / 255.0, 1)
        k, best, corner = cls.PATCH, -1, (0, 0)
        for r in range(values.shape[0] - k + 1):
            for c in range(values.shape[1] - k + 1):
                distinct = len(np.unique(values[r : r + k, c : c + k]))
                if distinct > best:
                    best, corner = distinct, (r, c)
        return corner

    def zoom(self, grid, digit):
        """The patch grows out of the grid until its values are readable, then shrinks back into it while
        every pixel's value is written on the grid: read first where it is legible, so that the whole grid's
        "1.0"s are not taken for "10"s."""
        r0, c0 = self.patch_corner(digit.image)
        k, cell = self.PATCH, self.ZOOMED_CELL
        big = VGroup()
        for r in range(k):
            for c in range(k):
                v = float(digit.image[r0 + r, c0 + c]) / 255.0
                square = Square(side_length=cell, stroke_width=1, stroke_color=theme().dim_text)
                square.set_fill(ManimColor.from_rgb((v, v, v)), opacity=1.0)
                value = Text(f"{v:.1f}", font_size=style.TABLE_SIZE).set_color("#000000" if v > 0.55 else "#FFFFFF")
                big.add(VGroup(square, value).move_to([c * cell, -r * cell, 0]))
        big.move_to([3.7, -0.75, 0])
        corners = [grid.cell_center(r0, c0), grid.cell_center(r0 + k - 1, c0 + k - 1)]
        marker = Rectangle(width=k * grid.cell, height=k * grid.cell, color=theme().accent, stroke_width=4)
        marker.move_to((corners[0] + corners[1]) / 2)
        rays = VGroup(*[DashedLine(marker.get_corner(v + RIGHT), big.get_corner(v + LEFT), color=theme().accent,
                                   stroke_width=2) for v in (UP, DOWN)])
        self.frame_zoom = VGroup(marker, rays)
        small = big.copy().scale(marker.width / big.width).move_to(marker).set_opacity(0)
        self.say("Let's zoom in on a few of them, where the stroke has an edge. Black pixels hold zero, "
                 "the middle of the stroke one or nearly one, its edge something in between.",
                 Create(marker), Create(rays), Transform(small, big), run_time=2)
        self.remove(small)
        self.add(big)
        n = bundle().sizes[0]
        side = round(n ** 0.5)
        self.count = Text(f"{side} × {side} = {n} numbers", font_size=style.BODY_SIZE, color=theme().accent)
        self.count.next_to(self.key, DOWN, buff=0.6, aligned_edge=LEFT)
        # 784 values at a pixel's size: a texture at this distance, read in the zoom just seen.
        self.labels = texture(value_labels(grid, digit.image, decimals=1))
        self.say(f"Every one of the {num(n, 'size:0')} squares holds a number like these.",
                 Transform(big, big.copy().scale(marker.width / big.width).move_to(marker).set_opacity(0)),
                 FadeOut(rays), FadeOut(marker), within(FadeIn(self.labels, lag_ratio=0.002), 0.8, 2.5, 2.5),
                 FadeIn(self.count), run_time=2.5)
        self.remove(big)

    def legend(self, grid):
        n = bundle().sizes[0]
        lines = VGroup(
            Text("Each pixel holds one number:", font_size=style.BODY_SIZE),
            Text("its grey value", font_size=style.BODY_SIZE),
            Text("(values rounded to one decimal)", font_size=style.SMALL_SIZE, color=theme().dim_text),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3).next_to(self.count, DOWN, buff=0.5, aligned_edge=LEFT)
        self.say(f"That makes {num(n, 'size:0')} numbers in all. The ones written here are rounded to one decimal.",
                 FadeIn(lines, shift=0.2 * LEFT), run_time=1)
        self.say(f"Those {num(n, 'size:0')} numbers are everything the network will ever know about this digit.",
                 Indicate(self.count), run_time=1)


class NeuronHoldsNumber(Beat):
    def construct(self):
        b = bundle()
        layer, neuron = 1, self.neuron_to_follow()
        digits = b.role("each_digit")
        self.headline("A neuron holds a number: its activation")
        circle, value = self.neuron(digits[0].activations[layer][neuron])
        self.cycle(circle, value, digits, layer, neuron)

    def neuron_to_follow(self) -> int:
        # The neuron of hidden layer 1 whose activation varies most over the ten curated digits.
        acts = np.array([d.activations[1] for d in bundle().role("each_digit")])
        return int(np.argmax(acts.std(axis=0)))

    def neuron(self, start):
        self.tracker = ValueTracker(0.0)
        circle = Circle(radius=1.2, stroke_color=theme().neuron_stroke, stroke_width=4).move_to([-0.6, 0.75, 0])
        circle.add_updater(lambda c: c.set_fill(theme().activation, opacity=self.tracker.get_value()))
        between = squishing(layer_activation(bundle().network, 0)).range_said
        self.say(f"This circle is a neuron. For now, think of a neuron as a thing that holds one number, {between}.",
                 Create(circle), run_time=1.5)
        # How brightness reads, shown while it is said: a key from dark to fully lit, and the circle itself
        # glowing up and back down (no value written: it holds no real one until a digit comes in).
        key = VGroup(*[VGroup(Circle(radius=0.32, stroke_color=theme().neuron_stroke, stroke_width=3)
                              .set_fill(theme().activation, opacity=v),
                              Text(t, font_size=style.SMALL_SIZE, color=theme().dim_text)).arrange(RIGHT, buff=0.25)
                       for v, t in ((1.0, "1: fully lit"), (0.5, "0.5"), (0.0, "0: dark"))])
        key.arrange(DOWN, aligned_edge=LEFT, buff=0.3).move_to([4.9, 0.75, 0])
        self.say("That number is called its activation. The higher it is, the brighter the circle glows.",
                 FadeIn(key), within(UpdateFromAlphaFunc(self.tracker, lambda m, t: m.set_value(np.sin(np.pi * t))), 0.5, 3.5, 4),
                 run_time=4, show="activation: the one number a neuron holds")
        self.tracker.set_value(float(start))
        # Written as the voice says it (spoken.figure: two significant digits below 1), so that
        # "0.013" is heard while 0.013 is on screen, not 0.01.
        value = always_redraw(lambda: Text(figure(self.tracker.get_value()), font_size=style.VALUE_SIZE)
                              .next_to(circle, RIGHT, buff=0.8))
        self.value = value
        return circle, value

    def cycle(self, circle, value, digits, layer, neuron):
        pictures = [image_mobject(style.grey_rgb(d.image), 1.7).next_to(circle, LEFT, buff=0.9) for d in digits]
        holder = pictures[0].copy()
        names = [Text(f"labelled {d.label}", font_size=style.SMALL_SIZE, color=theme().dim_text)
                 .next_to(pictures[0], DOWN, buff=0.15) for d in digits]
        name = names[0].copy()
        values = [d.activations[layer][neuron] for d in digits]
        # What the neuron held for each digit so far: a row that fills as the pictures go by.
        row = Group(*[Group(Text(str(d.label), font_size=style.SMALL_SIZE, color=theme().dim_text),
                            image_mobject(style.grey_rgb(d.image), 0.8),
                            Text(figure(v), font_size=style.SMALL_SIZE)).arrange(DOWN, buff=0.1)
                      for d, v in zip(digits, values)]).arrange(RIGHT, buff=0.32).move_to([0, -2.15, 0])
        pages = len(digits)
        self.add(value)  # it holds a real number from the first picture on
        self.say("This one is a real neuron from inside the trained network. "
                 "As we feed it real test digits, one of each kind, its number changes with every picture.",
                 Flipbook(holder, pictures, tracker=self.tracker, values=values, caption=name, captions=names),
                 *[within(FadeIn(item), i + 0.4, i + 0.9, pages) for i, item in enumerate(row)],
                 show="a real neuron of the trained network, real test digits")
        last, k = digits[-1], int(np.argmax(values))
        # Every digit that ties with the brightest as said ("1" for 0.99999 and 0.9999): name them all.
        top = [i for i, v in enumerate(values) if figure(v) == figure(values[k])]
        box = SurroundingRectangle(row[-1], color=theme().accent, buff=0.08)
        self.say(f"For this {said_label(last)} it holds {said_activation(last, layer, neuron)}.", Create(box), run_time=0.6)
        which = " and the ".join(said_label(digits[i]) for i in top)
        boxes = VGroup(*[SurroundingRectangle(row[i], color=theme().accent, buff=0.08) for i in top])
        self.say(f"The brightest it glowed was {said_activation(digits[k], layer, neuron)}{lit(values[k])}, "
                 f"for the {which}.",
                 Flipbook(holder, [pictures[k]], tracker=self.tracker, values=[values[k]], caption=name,
                          captions=[names[k]]), ReplacementTransform(box, boxes), run_time=1)
        box = boxes
        self.say("Holding that one number is all a neuron does. The interesting part is how the numbers "
                 "of one layer decide the next.", FadeOut(box), run_time=0.5)


class InputLayer(Beat):
    # Where the rows of pixels line up into one column, and the input neurons beside it (scene units).
    # A unit right of the left edge's reach: the labels and their brace then end near the right margin,
    # so the frame is used across its width rather than its left half.
    COLUMN_X, COLUMN_HEIGHT = -3.0, 5.8
    INPUTS_X, CENTRE_Y = -1.0, -0.25  # the input neurons' centre; both share the height CENTRE_Y

    def construct(self):
        digit = chosen_digit()
        grid = digit_grid(digit.image, height=5.6, grid_lines=False).move_to([-2.0, self.CENTRE_Y, 0])
        self.add(grid)
        self.headline("784 pixels become 784 input neurons", animate=False)
        column = self.unroll_rows(grid, digit)
        self.to_neurons(column, digit)

    def unroll_rows(self, grid, digit):
        rows = Group(*[
            image_mobject(style.grey_rgb(digit.image[r : r + 1]), grid.height / 28)
            .stretch_to_fit_width(grid.width).move_to(grid.cell_center(r, 13) + grid.cell / 2 * RIGHT)
            for r in range(28)
        ])
        self.remove(grid)
        self.add(rows)
        height, x = self.COLUMN_HEIGHT, self.COLUMN_X
        targets = []
        for r, row in enumerate(rows):
            t = row.copy().rotate(-PI / 2).stretch_to_fit_width(0.12).stretch_to_fit_height(height / 28)
            targets.append(t.move_to([x, height / 2 - (r + 0.5) * height / 28 + self.CENTRE_Y, 0]))
        side = bundle().sizes[0] ** 0.5
        self.wait(0.5)
        count = Text(f"{round(side)} rows", font_size=style.BODY_SIZE, color=theme().dim_text)
        count.next_to(rows, RIGHT, buff=0.3).align_to(rows, UP)
        self.say(f"Here is the same digit. Take its {num(side, 'image_side')} rows of pixels and lay them end to end, "
                 "one after another.", FadeIn(count),
                 LaggedStart(*[Transform(r, t) for r, t in zip(rows, targets)], lag_ratio=0.06))
        self.remove(count)
        n = bundle().sizes[0]
        whole = Group(*rows)
        brace = Brace(whole, RIGHT, buff=0.15, color=theme().dim_text)
        what = VGroup(Text(f"{n} numbers,", font_size=style.BODY_SIZE), Text("one per pixel", font_size=style.BODY_SIZE),
                      Text("each one becomes", font_size=style.BODY_SIZE, color=theme().accent),
                      Text("an input neuron", font_size=style.BODY_SIZE, color=theme().accent))
        what.arrange(DOWN, aligned_edge=LEFT, buff=0.15).next_to(brace, RIGHT, buff=0.2)
        ends = VGroup(Text("row 0", font_size=style.SMALL_SIZE, color=theme().dim_text).next_to(rows[0], LEFT, buff=0.2),
                      Text(f"row {round(side) - 1}", font_size=style.SMALL_SIZE, color=theme().dim_text)
                      .next_to(rows[-1], LEFT, buff=0.2))
        self.say(f"Out comes one long column of {num(n, 'size:0')} numbers. Each of them will be "
                 "one neuron: together they are the input layer.", FadeIn(brace), FadeIn(what), FadeIn(ends), run_time=1)
        self.play(FadeOut(brace), FadeOut(what), FadeOut(ends), run_time=0.5)
        return rows

    def to_neurons(self, column, digit):
        d = diagram(edges=False, output_labels=False, input_brace=False)
        layer0 = VGroup(d.layers[0], d.input_dots).scale_to_fit_height(self.COLUMN_HEIGHT)
        layer0.move_to([self.INPUTS_X, self.CENTRE_Y, 0])
        drawn = d.drawn[0]
        half = len(drawn) // 2
        # The ⋮ stands for pixels left out between the two halves; when those two are neighbours
        # (pixel 457 and 458) nothing is left out there, so no ⋮.
        shown = VGroup(d.layers[0]) if drawn[half] - drawn[half - 1] == 1 else layer0
        top, bottom = column[0].get_top()[1], column[-1].get_bottom()[1]
        links = VGroup(*[
            Line([column[0].get_right()[0] + 0.05, top - (p + 0.5) / 784 * (top - bottom), 0], circle.get_left(),
                 stroke_width=1, color=theme().dim_text)
            for circle, p in zip(d.layers[0], drawn)
        ])
        n = bundle().sizes[0]
        self.say(f"Nobody could read {num(n, 'size:0')} circles on one screen, so the diagram draws a few of them.",
                 Create(links, lag_ratio=0.05), FadeIn(shown), run_time=1.5)
        self.say("Each drawn neuron is a real pixel of this digit, and it is lit with that pixel's grey value.",
                 d.fill_animation(0, digit.activations[0]), run_time=1)
        labels = VGroup(*[
            Text(f"pixel {p} (row {pixel_position(p)[0]}, col {pixel_position(p)[1]}): {digit.activations[0][p]:.2f}",
                 font_size=style.SMALL_SIZE, color=theme().dim_text).next_to(c, RIGHT, buff=0.15)
            for c, p in zip(d.layers[0], drawn)
        ])
        brace = Brace(VGroup(d.layers[0], labels), RIGHT, buff=0.15, color=theme().dim_text)
        count = VGroup(Text(f"{n} neurons,", font_size=style.BODY_SIZE),
                       Text(f"{len(drawn)} drawn", font_size=style.BODY_SIZE)).arrange(DOWN, aligned_edge=LEFT)
        count.next_to(brace, RIGHT, buff=0.15)
        self.say("Which pixels get drawn follows one rule: the ones the trained network listens to most, as we will "
                 "see. The same ones appear in every diagram of the video.",
                 FadeIn(labels, lag_ratio=0.05), FadeIn(brace), FadeIn(count), run_time=1.5,
                 show="drawn: the pixels the trained network listens to most")
        self.say("So the input layer is simply the picture, one neuron for every pixel.", Indicate(column), run_time=1)


class Layers(Beat):
    def construct(self):
        d = diagram(height=5.4, layer_gap=3.3).shift(0.35 * DOWN + 0.3 * LEFT)  # room above for the layers' names
        self.names = layer_names(d, above=True)
        sizes = bundle().sizes
        for l in range(1, len(sizes)):  # the real size under each name (the input layer has its brace)
            size = Text(f"{sizes[l]} neurons", font_size=style.SMALL_SIZE, color=theme().text)
            self.names[l].add(size.next_to(self.names[l], DOWN, buff=0.08))
            self.names[l].shift(size.height * UP)
        self.show_input_and_output(d)
        self.show_hidden(d)
        self.show_edges(d)

    def show_input_and_output(self, d):
        sizes = bundle().sizes
        self.say(f"On the left is the input layer again: {num(sizes[0], 'size:0')} neurons, one per pixel.",
                 FadeIn(d.layers[0]), FadeIn(d.input_dots), FadeIn(d.brace), FadeIn(d.brace_label),
                 FadeIn(self.names[0]), run_time=1)
        self.say(f"On the right is the output layer. It has {num(sizes[-1], 'size:-1')} neurons, one for each digit. "
                 "Whichever of them glows brightest is the network's answer.",
                 FadeIn(d.layers[-1]), FadeIn(d.output_labels), FadeIn(self.names[-1]), run_time=1)

    def show_hidden(self, d):
        hidden = range(1, len(d.layers) - 1)
        sit = "sits" if len(bundle().sizes) == 3 else "sit"
        self.say(f"In between {sit} {said_hidden(bundle().sizes)}. They are called hidden because we never set "
                 "them directly.",
                 *[FadeIn(d.layer_parts(l) if d.elided(l) else d.layers[l]) for l in hidden],
                 *[FadeIn(self.names[l]) for l in hidden], run_time=1)
        # The open question sits by the hidden layers' names, not on their neurons.
        self.marks = VGroup(*[Text("?", font_size=style.TITLE_SIZE, color=theme().accent)
                              .next_to(self.names[l], RIGHT, buff=0.12) for l in hidden])
        # The marks come with "a question" (its last third), not with the caption about their sizes.
        self.say("Their number and size are a fairly free choice; others would work too. "
                 "What they do is, for now, a question.", within(FadeIn(self.marks), 0.62, 0.75, 1),
                 show="hidden layer sizes: a somewhat arbitrary choice")

    def show_edges(self, d):
        self.bring_to_back(d.edges)
        key = edge_key().to_corner(DOWN + RIGHT, buff=0.5)
        self.say("Every neuron is joined to every neuron of the next layer. Each of these edges carries a number, "
                 "its weight: blue ones positive, orange ones negative.", FadeIn(d.edges), FadeIn(key), run_time=1.5)
        self.say("Numbers enter on the left, pass from layer to layer along these edges, "
                 "and come out on the right as an answer.", FadeOut(self.marks), run_time=1)


class ForwardPass(Beat):
    LAYER_TIME = 0.7  # each layer gap's pulse, and each layer's filling (stretched to the line's length)

    def construct(self):
        d = self.diagram = diagram().shift(1.4 * RIGHT)
        d.add_to(self)
        self.score = None  # the test accuracy, shown beside the digit the network gets wrong
        digits = self.digits()
        for i, digit in enumerate(digits):
            grid = self.grid = digit_grid(digit.image, height=2.6).to_edge(LEFT, buff=0.4)
            self.introduce(i, digit, grid, last=i == len(digits) - 1)
            self.pass_through(i, d, digit, grid)
            box = answer_box(d, digit.output)
            self.answer(digit, box)
            if i < len(digits) - 1:
                reset(self, d, box, grid, *([self.score] if self.score is not None else []))
                self.score = None
        self.say("That is a forward pass. The pixels go in, each layer's activations decide the next layer's, "
                 "and the brightest output is the answer.", show="a forward pass: pixels in, layer by layer, answer out")

    def digits(self):
        """Two other digits and a real mistake first, the chosen digit last (it stays on screen)."""
        b = bundle()
        chosen = chosen_digit()
        others = [x for x in b.role("each_digit") if x.label in (7, 2) and x.test_index != chosen.test_index]
        mistake = next((x for x in b.role("mistakes") if x.test_index != chosen.test_index), b.role("mistakes")[0])
        return [*others, mistake, chosen]

    def introduce(self, i, digit, grid, last):
        """Name the digit now on screen, while it appears."""
        if i == 0:
            text = f"Let's run the network. Here is {a_digit(digit)} from the test set, a picture it never saw in training."
        elif last and digit.label is None:
            text = "Last, your own picture."
        elif last:
            text = f"Last, the {said_label(digit)} we have been following."
        elif digit.label is not None and verdict(digit.prediction, digit.label) == "wrong":
            text = f"This one is labelled {said_label(digit)}. Look at it closely."
        else:
            text = f"Next, {a_digit(digit)}."
        # The label the voice names is on screen while it is named.
        self.say(text, fade_in(grid), run_time=0.5, show=digit_caption(digit) if digit.label is not None else None)

    def pass_through(self, i, d, digit, grid):
        """The pass runs under one line, said about the digit flowing through."""
        flow, done = forward_flow(d, digit, grid, layer_time=self.LAYER_TIME, answer=False)
        texts = [
            "Its pixels light up the input layer. Then each layer's activations decide how brightly "
            "the next layer glows.",
            "The same weights, but different pixels, so a different pattern lights up, layer by layer.",
            "Watch which output neuron ends up brightest this time, once the pass reaches the end.",
            "Layer by layer, its activations flow through the network, all the way to the output.",
        ]
        text = texts[min(i, len(texts) - 1)]
        self.say(text, flow)
        done(self)

    def answer(self, digit, box):
        judged = verdict(digit.prediction, digit.label)
        extra = []
        if judged == "right":
            text = f"The brightest output is {said_prediction(digit)}, and that is right."
        elif judged == "wrong":
            accuracy = bundle().meta["test_accuracy"]
            text = (f"The brightest output is {said_prediction(digit)}, but the label says {said_label(digit)}. "
                    f"The network is wrong here. It gets "
                    f"{num(accuracy, 'meta:test_accuracy', percent=True)} of the test images "
                    "right, so it does miss some.")
            self.score = VGroup(*[Text(t, font_size=style.SMALL_SIZE, color=theme().dim_text) for t in
                                  (f"right on {figure(accuracy, percent=True)}", "of the test images")])
            self.score.arrange(DOWN, aligned_edge=LEFT, buff=0.1).next_to(self.grid, DOWN, buff=0.3, aligned_edge=LEFT)
            extra.append(within(FadeIn(self.score), 0.6, 0.7, 1))  # with "It gets 96% ... right", not before
        else:
            text = f"The brightest output is {said_prediction(digit)}: that is the network's answer."
        if extra:  # a long line: the box at its start, the score when said (the play lasts the line)
            self.say(text, within(Create(box), 0, 0.08, 1), *extra, show=answer_sentence(digit))
        else:
            self.say(text, Create(box), run_time=0.5, show=answer_sentence(digit))


class HiddenLayerHope(Beat):
    """Digits as pieces (real test digits, hand-drawn pieces), then the hoped-for path lit on the
    network itself: little edges of a 9 in hidden layer 1 → its loop and line in the last hidden
    layer → the output 9. Which neurons light is made up (said and shown as a hope); the
    diagram, its edges and the 9's pixels in the input layer are real."""

    # Where the imagined detectors sit, as places among a layer's drawn circles (not real neuron
    # indices: nothing here claims the trained network works this way).
    PIECE_SLOTS = (2, 5, 9, 12)
    PART_SLOTS = (4, 11)  # the loop neuron, the line neuron

    def construct(self):
        self.title = self.headline("What might the hidden layers do?")
        digits = {d.label: d for d in bundle().role("each_digit")}
        self.decompose(digits)
        self.edges_from_loops()
        self.the_hope(digits[9])

    def decompose(self, digits):
        rows = Group()
        sketches = {
            9: VGroup(Circle(radius=0.45), Line(0.5 * UP, 1.1 * DOWN).shift(0.45 * RIGHT)),
            8: VGroup(Circle(radius=0.35).shift(0.38 * UP), Circle(radius=0.4).shift(0.42 * DOWN)),
            4: VGroup(Line(0.8 * UP + 0.35 * LEFT, 0.1 * DOWN + 0.5 * LEFT), Line(0.1 * DOWN + 0.5 * LEFT, 0.1 * DOWN + 0.5 * RIGHT),
                      Line(0.8 * UP + 0.2 * RIGHT, 0.9 * DOWN + 0.2 * RIGHT)),
        }
        for label in (9, 8, 4):
            img = image_mobject(style.grey_rgb(digits[label].image), 1.8)
            name = Text(str(label), font_size=style.BODY_SIZE, color=theme().dim_text)
            parts = sketches[label].set_stroke(theme().accent, 5)
            parts_spread = parts.copy().arrange(RIGHT, buff=0.3)
            rows.add(Group(name, img, Text("=", font_size=style.INLINE_FORMULA_SIZE), parts_spread).arrange(RIGHT, buff=0.4))
        rows.arrange(DOWN, buff=0.35, aligned_edge=LEFT).scale(0.9).move_to(0.05 * DOWN)  # clear of headline and caption
        # The digits first; each one's pieces are drawn when the voice describes it (below).
        self.say("Here is one way to picture it. The real digits on the left are from the test set; "
                 "the pieces beside them are sketched by hand.",
                 LaggedStart(*[FadeIn(Group(*r[:3])) for r in rows], lag_ratio=0.5), run_time=2.5, show="sketches, not data")
        nine, eight, four = digits[9], digits[8], digits[4]
        # One line for the three (the breaths between its sentences keep its pace down); in each third of
        # it, the row described is framed and its pieces drawn.
        frame = Rectangle(width=rows.width + 0.4, height=rows[0].height + 0.2, color=theme().accent, stroke_width=3)
        frame.move_to(rows[0]).align_to(rows, LEFT).shift(0.2 * LEFT)

        said = [f"{capitalised(a_digit(nine))} is a loop on top with a line down the right.",
                f"{capitalised(a_digit(eight))} is two stacked loops.",
                f"{capitalised(a_digit(four))} is roughly three lines."]
        # Each sentence's share of the line, by its words (and the breath after it).
        ends = np.cumsum([len(t.split()) + 1 for t in said]) / sum(len(t.split()) + 1 for t in said)
        starts = [0.0, *ends[:-1]]

        def follow(m, alpha):
            m.set_y(rows[int(np.searchsorted(ends, alpha, side="right").clip(0, 2))].get_center()[1])

        self.say(" ".join(said), within(Create(frame), 0, 0.05, 1), UpdateFromAlphaFunc(frame, follow),
                 *[within(Create(row[3], lag_ratio=0.3), a + 0.02, a + 0.6 * (b - a), 1)
                   for row, a, b in zip(rows, starts, ends)])
        self.play(FadeOut(rows), FadeOut(frame))

    def edges_from_loops(self):
        loop = Circle(radius=1.2, color=theme().accent, stroke_width=6).shift(2.5 * LEFT)
        bits = VGroup(*[Arc(radius=1.2, start_angle=a, angle=PI / 5 * 0.8, color=theme().accent, stroke_width=6)
                        for a in np.arange(0, 2 * PI, PI / 5)]).shift(2.5 * RIGHT)
        self.play(Create(loop))
        self.say("A loop, in turn, is made of little edges: short pieces of stroke, each at its own place and angle.",
                 ReplacementTransform(loop.copy(), bits), run_time=1.5)
        self.play(FadeOut(loop), FadeOut(bits))

    def the_hope(self, nine):
        # Wider gaps than the default diagram: the hope's marks sit between the layers, and the whole
        # frame right of the picture is the network's.
        d = diagram(height=5.3, layer_gap=3.6).move_to(1.45 * RIGHT + 0.1 * DOWN)
        for bucket in d.edges.family_members_with_points():  # the real edges, quiet under the hope
            bucket.set_stroke(opacity=bucket.get_stroke_opacity() * 0.35)
        d.set_layer(0, nine.activations[0])  # the 9's real pixels fill the input layer
        names = layer_names(d)
        picture = image_mobject(style.grey_rgb(nine.image), 2.4).to_edge(LEFT, buff=0.45).shift(0.3 * UP)
        source = VGroup(*[Text(part, font_size=style.SMALL_SIZE, color=theme().dim_text)
                          for part in digit_caption(nine).split(", ")]).arrange(DOWN, buff=0.1)
        source.next_to(picture, DOWN, buff=0.2, aligned_edge=LEFT)
        tag = Text("The hope: an illustration, not measured", font_size=style.BODY_SIZE, color=theme().accent)
        tag.to_edge(UP, buff=0.35)
        stages = VGroup(*[Text(t, font_size=style.SMALL_SIZE, color=theme().accent).next_to(d.layers[l], UP, buff=0.15)
                          for l, t in enumerate(self.hopes(len(d.layers)), start=1)])
        self.play(FadeOut(self.title), run_time=0.4)  # the hope's own heading takes its place
        self.say("Here is that hope, drawn on the network itself. A real test image comes in, "
                 f"{a_digit(nine)}, and its pixels fill the input layer.",
                 fade_in(d), FadeIn(picture), FadeIn(source), FadeIn(names), FadeIn(tag), run_time=1.5)
        last = len(d.layers) - 2  # the last hidden layer: loops and lines
        pieces = self.light(d, 1, self.PIECE_SLOTS, self.piece_icons())
        self.say(f"Maybe a few neurons of {said_layer_name(1, len(d.layers))} light up for little edges. "
                 "One edge each.", *pieces, FadeIn(stages[0]), run_time=2)
        ends = [d.layers[-1][d.position(len(d.layers) - 1, nine.label)]]
        if last > 1:
            parts = self.light(d, last, self.PART_SLOTS, self.part_icons(),
                               sources=[[0, 1, 2], [3]], d_from=1, slots_from=self.PIECE_SLOTS)
            self.say(f"Then in {said_layer_name(last, len(d.layers))}, the edges of the loop would meet in one "
                     "neuron, the upright edge in another: a loop on top, a line on the right.", *parts,
                     *[FadeIn(t) for t in stages[1:-1]], run_time=2.5)
            src_layer, src_slots = last, self.PART_SLOTS
        else:
            src_layer, src_slots = 1, self.PIECE_SLOTS
        links = VGroup(*[self.link(d.layers[src_layer][s], ends[0]) for s in src_slots])
        ring = Circle(radius=ends[0].width * 0.85, color=theme().accent, stroke_width=5).move_to(ends[0])
        self.say(f"A loop, and a line. Together, they would light up the output for {said_label(nine)}.",
                 Create(links), Create(ring), FadeIn(stages[-1]), d.fill_animation(len(d.layers) - 1, nine.output),
                 run_time=1.5)
        # The stack of easier problems pointed at stage by stage, then the promise written where it is said.
        check = VGroup(*[Text(t, font_size=style.SMALL_SIZE, color=theme().accent)
                         for t in ("does it? chapter 2", "checks the real", "weights")]).arrange(DOWN, aligned_edge=LEFT, buff=0.08)
        check.next_to(source, DOWN, buff=0.45, aligned_edge=LEFT)
        self.say("That would turn one hard problem into a stack of easier ones. Does the trained network really "
                 "work this way? Chapter two looks at its real weights and checks.",
                 *[within(Indicate(st, scale_factor=1.3), 0.4 + 0.9 * i, 1.4 + 0.9 * i, 6) for i, st in enumerate(stages)],
                 within(FadeIn(check, shift=0.2 * UP), 3.6, 4.4, 6), within(Indicate(tag), 4.4, 5.6, 6), run_time=6)

    def light(self, d, layer, slots, icons, sources=None, d_from=None, slots_from=()):
        """Rings and icons at the imagined detectors of ``layer``, dashed links from those they would read."""
        anims, links = [], VGroup()
        for i, (slot, icon) in enumerate(zip(slots, icons)):
            circle = d.layers[layer][slot]
            ring = Circle(radius=circle.width * 0.85, color=theme().accent, stroke_width=4).move_to(circle)
            patch = BackgroundRectangle(icon, color=theme().background, fill_opacity=0.9, buff=0.06)
            mark = VGroup(patch, icon).next_to(ring, UP + RIGHT, buff=0.0)
            anims += [Create(ring), FadeIn(mark)]
            if sources is not None:
                links.add(*[self.link(d.layers[d_from][slots_from[k]], circle) for k in sources[i]])
        if len(links):
            anims.insert(0, Create(links))
        return anims

    @staticmethod
    def link(a, b) -> DashedLine:
        return DashedLine(a.get_center(), b.get_center(), color=theme().accent, stroke_width=3, dash_length=0.08)

    @staticmethod
    def piece_icons() -> list:
        """Little edges of a 9: three arcs of its loop and a piece of its upright stroke."""
        arcs = [Arc(radius=0.26, start_angle=a, angle=PI / 2) for a in (PI / 4, PI, 5 * PI / 4 + PI / 2)]
        return [m.set_stroke(theme().accent, 4) for m in (*arcs, Line(0.26 * UP, 0.26 * DOWN))]

    @staticmethod
    def part_icons() -> list:
        """The loop and the line."""
        return [Circle(radius=0.2).set_stroke(theme().accent, 4), Line(0.25 * UP, 0.25 * DOWN).set_stroke(theme().accent, 4)]

    @staticmethod
    def hopes(layers: int) -> list[str]:
        """What each layer after the input might detect, for any number of hidden layers."""
        hidden = layers - 2
        if hidden == 1:
            return ["edges, loops, lines?", "digits"]
        middle = ["longer strokes?"] * (hidden - 2)
        return ["little edges?", *middle, "loops and lines?", "digits"]


class Weights(Beat):
    """How one neuron of hidden layer 1 turns the pixels into one number: its edges alone (the rest
    dimmed), then digit × weight image → products → their sum, the real w · a, built on screen."""

    GRID = 3.0  # height of each of the three 28 x 28 grids of the sum
    GRIDS_Y = 1.0

    def construct(self):
        digit = chosen_digit()
        j = self.focus_neuron(digit)
        self.title = self.headline(f"How neuron {j} of hidden layer 1 adds up its inputs", animate=True)
        self.incoming(digit, j)
        grids = self.multiply(digit, j)
        self.add_up(digit, j, grids)
        self.weight_map(j, grids)

    def focus_neuron(self, digit) -> int:
        # The drawn neuron of hidden layer 1 this digit excites most (every one is drawn when there are 16).
        drawn = drawn_neurons(bundle().network)[1]
        return int(drawn[np.argmax(digit.activations[1][drawn])])

    def incoming(self, digit, j):
        """The diagram, every edge dimmed but the ones into neuron j, and the key to their colours."""
        d = diagram(output_labels=True, height=5.6).shift(0.6 * RIGHT + 0.35 * DOWN)  # clear of headline and caption
        d.set_activations(digit.activations)
        self.add(d)
        circle = d.layers[1][d.position(1, j)]
        ring = Circle(radius=circle.width * 0.8, color=theme().accent, stroke_width=5).move_to(circle)
        # "this digit": the digit itself, left of the input layer its pixels fill.
        thumb = image_mobject(style.grey_rgb(digit.image), 1.6)
        thumb.to_edge(LEFT, buff=0.4).align_to(d, UP).shift(0.3 * DOWN)
        thumb_name = VGroup(*[Text(t, font_size=style.SMALL_SIZE, color=theme().dim_text)
                              for t in textwrap.wrap(digit_caption(digit), 12)]).arrange(DOWN, aligned_edge=LEFT, buff=0.08)
        thumb_name.next_to(thumb, DOWN, buff=0.15, aligned_edge=LEFT)
        self.say("How does one layer decide the next? Take the ringed neuron of hidden layer one, "
                 "the one this digit lights up most.", Create(ring), FadeIn(thumb), FadeIn(thumb_name), run_time=1)
        # A veil in the background colour over the whole diagram, then on top of it only what this
        # neuron reads: its incoming edges, the input neurons they start from, itself.
        veil = Rectangle(width=config.frame_width, height=config.frame_height, stroke_width=0,
                         fill_color=theme().background, fill_opacity=0.0)
        overlay = d.incoming_edges(0, j)
        kept = VGroup(d.layer_parts(0).copy(), circle.copy())
        self.add(veil, self.title, ring, thumb, thumb_name)  # the veil under these; what it keeps comes in over it
        self.say("Every other edge fades. What is left are the edges running into it, one from each input neuron.",
                 veil.animate.set_fill(opacity=0.85), fade_in(kept), Create(overlay), run_time=1.5)
        self.bring_to_front(ring)
        key = top_right(edge_key())
        self.say("Each edge carries a number of its own, called a weight. Blue edges have positive weights, "
                 "orange ones negative, and a thicker edge means a larger weight.", FadeIn(key), run_time=1)
        self.play(*[FadeOut(m) for m in (d, veil, kept, overlay, ring, key, thumb, thumb_name)], run_time=0.6)

    def multiply(self, digit, j):
        """The digit's pixels and the neuron's weights on the same grid, and their products."""
        w = bundle().network.W[0][j]
        a = np.asarray(digit.activations[0])
        n = len(a)
        xs = (-4.7, 0.0, 4.7)
        pixels = digit_grid(digit.image, height=self.GRID, grid_lines=False).move_to([xs[0], self.GRIDS_Y, 0])
        weights = weight_grid(w, height=self.GRID).move_to([xs[1], self.GRIDS_Y, 0])
        products = weight_grid(w * a, height=self.GRID).move_to([xs[2], self.GRIDS_Y, 0])
        times = MathTex(r"\times", font_size=style.KEY_FORMULA_SIZE).move_to([(xs[0] + xs[1]) / 2, self.GRIDS_Y, 0])
        equals = MathTex("=", font_size=style.KEY_FORMULA_SIZE).move_to([(xs[1] + xs[2]) / 2, self.GRIDS_Y, 0])
        names = VGroup(*[Text(t, font_size=style.SMALL_SIZE).next_to(g, DOWN, buff=0.2) for t, g in
                         ((f"{n} activations a", pixels), (f"{n} weights w", weights), ("products", products))])
        self.say(f"The neuron reads all {num(n, 'size:0')} pixel values of this digit, each through its own edge. "
                 "Here are the values, and beside them the weights, on the same grid.",
                 FadeIn(pixels), FadeIn(weights), FadeIn(names[0]), FadeIn(names[1]), FadeIn(times), run_time=1.5)
        self.say("Multiply them pixel by pixel. Where the digit is black, the product is zero. A bright pixel on a "
                 "blue weight gives a positive product, on an orange weight a negative one.",
                 *[m.image.copy().animate.move_to(products).set_opacity(0) for m in (pixels, weights)],
                 FadeIn(products), FadeIn(equals),
                 FadeIn(names[2]), run_time=2)
        p = int(np.argmax(np.abs(w * a)))
        r, c = pixel_position(p)
        marks = VGroup(*[Square(side_length=g.cell * 1.6, color=theme().accent, stroke_width=4).move_to(g.cell_center(r, c))
                         for g in (pixels, weights, products)])
        term = MathTex(rf"{a[p]:.2f} \times {w[p]:.2f} = {a[p] * w[p]:.2f}", font_size=style.TERM_SIZE + 4)
        term.next_to(names[2], DOWN, buff=0.25)
        self.say("The boxed pixel gives the largest product of all: a bright pixel times a large weight.",
                 Create(marks), FadeIn(term), run_time=1)
        self.play(FadeOut(marks), run_time=0.4)
        return Group(pixels, weights, products, names, term)

    def add_up(self, digit, j, grids):
        """The products summed row by row, the running total climbing to the real w · a."""
        w, a = bundle().network.W[0][j], np.asarray(digit.activations[0])
        products = (w * a).reshape(28, 28)
        total = float(w @ a)
        row_sums = np.concatenate([[0.0], np.cumsum(products.sum(axis=1))])
        image = grids[2]
        formula = MathTex(r"w \cdot a", "=", equations.weighted_sum_tex(len(a)), "=",
                          font_size=style.INLINE_FORMULA_SIZE).move_to([0, -2.45, 0])
        running = DecimalNumber(0.0, num_decimal_places=2, font_size=style.INLINE_FORMULA_SIZE)
        VGroup(formula, running).arrange(RIGHT, buff=0.2).move_to([0, -2.45, 0])
        formula[0].set_color(theme().accent)
        bar = Rectangle(width=image.width + 0.1, height=image.cell, color=theme().accent, stroke_width=3)
        bar.move_to(image.cell_center(0, 13) + image.cell / 2 * RIGHT)
        top = bar.get_center()

        def sweep(m, alpha):
            rows = alpha * 28
            done = min(int(rows), 27)
            m.move_to(top + DOWN * image.cell * min(rows, 27.5 - 0.5))
            running.set_value(row_sums[done] + (row_sums[done + 1] - row_sums[done]) * (rows - done))

        self.say(f"Then add up all {num(len(a), 'size:0')} products, row after row. The total is the neuron's "
                 "weighted sum. We write it w dot a.",
                 within(Write(formula), 0, 1.5, 6), within(fade_in(running), 1.0, 1.5, 6), within(FadeIn(bar), 1.2, 1.5, 6),
                 within(UpdateFromAlphaFunc(bar, sweep), 1.5, 6, 6), run_time=6)
        result = MathTex(figure(total), font_size=style.INLINE_FORMULA_SIZE, color=theme().accent).move_to(running, LEFT)
        self.remove(running, bar)
        self.add(result)
        self.sum_line = VGroup(formula, result)
        self.say(f"For this digit, w dot a comes to {num(total, f'weighted_sum:1:{j}')}: its positive products "
                 "outweigh the negative ones.", Indicate(result), run_time=1, name="sum")

    def weight_map(self, j, grids):
        W0 = bundle().network.W[0]
        hi, lo = int(np.argmax(W0[j])), int(np.argmin(W0[j]))
        extremes = VGroup(
            Text(f"largest {figure(W0[j, hi])}", font_size=style.SMALL_SIZE, color=style.sign_color(1)),
            Text(f"smallest {figure(W0[j, lo]).replace('-', '−')}", font_size=style.SMALL_SIZE, color=style.sign_color(-1)),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12).next_to(grids[3][1], DOWN, buff=0.25)
        weights = grids[1]
        marks = VGroup(*[Square(side_length=weights.cell * 2.4, color=theme().text, stroke_width=5)
                         .move_to(weights.cell_center(*pixel_position(p))) for p in (hi, lo)])
        self.say("So the weights are a map of what the neuron looks for. Bright pixels on blue push its sum up; "
                 f"on orange they pull it down. Its largest weight is {num(W0[j, hi], f'array:W0:{j}:{hi}')}, "
                 f"its smallest {num(W0[j, lo], f'array:W0:{j}:{lo}')}.",
                 within(FadeIn(extremes), 1.5, 2.5, 4),
                 within(Create(marks), 1.5, 2.5, 4), run_time=4)
        self.say("Next, a question. What can a map of weights like this pick out?", FadeOut(marks), run_time=0.5)


class EdgeDetector(Beat):
    def construct(self):
        self.headline("Weights can pick out a pattern")
        digit = chosen_digit()
        weights = edge_scan.bar_detector()
        picture = self.detector_picture(weights)
        # The digit it will be laid on is there from the start: the frame's right half is its.
        grid = digit_grid(digit.image, height=5.6).to_edge(RIGHT, buff=0.9).shift(0.25 * DOWN)
        self.say("This pattern of weights is made up by hand to show the idea. The network did not learn it.",
                 FadeIn(picture), FadeIn(grid), run_time=1)
        self.say("Its weights are plus one on a short horizontal bar, minus one on the rows just above and below, "
                 "and zero everywhere else.", show="+1 on the bar, −1 above and below, 0 elsewhere")
        best, worst = edge_scan.matching_places(digit.image, weights)
        self.slide(grid, digit, weights, picture, best, worst)
        self.say("A neuron with weights like these would be an edge detector. What a neuron detects is decided "
                 "entirely by its weights.", show="hand-built, not learned")

    def detector_picture(self, weights):
        rows, cols = weights.shape
        image = image_mobject(style.weight_rgb(weights), 0.3 * rows).stretch_to_fit_width(0.3 * cols)
        frame = SurroundingRectangle(image, buff=0, color=theme().dim_text, stroke_width=2)
        label = Text("hand-built example, not learned", font_size=style.BODY_SIZE, color=theme().accent)
        signs = VGroup(*[MathTex(t, font_size=style.FORMULA_SIZE, color=c).next_to(image, LEFT, buff=0.2)
                         .set_y(image.get_top()[1] - (i + 0.5) * image.height / 3)
                         for i, (t, c) in enumerate((("-1", theme().negative), ("+1", theme().positive),
                                                     ("-1", theme().negative)))])
        picture = Group(label, Group(signs, image, frame)).arrange(DOWN, buff=0.35)
        return picture.to_edge(LEFT, buff=0.6).shift(0.9 * UP)

    def slide(self, grid, digit, weights, picture, best, worst):
        """The detector laid on the digit, then slid from where it matches least to where it matches most,
        the sum under it worked out at every place it passes."""
        rows, cols = weights.shape
        table = edge_scan.sums(digit.image, weights)
        r, c = ValueTracker(worst[0]), ValueTracker(worst[1])
        place = lambda: (int(round(r.get_value())), int(round(c.get_value())))  # noqa: E731 - the cell it sits on
        overlay = image_mobject(style.weight_rgba(weights), grid.cell * rows).stretch_to_fit_width(grid.cell * cols)
        overlay.set_opacity(0.65)
        outline = Rectangle(width=grid.cell * cols, height=grid.cell * rows, color=theme().accent, stroke_width=3)

        def corner():
            row, col = place()
            return grid.cell_center(row, col) + grid.cell * np.array([cols / 2 - 0.5, -(rows / 2 - 0.5), 0])

        overlay.add_updater(lambda m: m.move_to(corner()))
        outline.add_updater(lambda m: m.move_to(corner()))
        readout = MathTex(r"w \cdot a =", font_size=style.KEY_FORMULA_SIZE)
        value = DecimalNumber(table[place()], num_decimal_places=1, font_size=style.KEY_FORMULA_SIZE, include_sign=True)
        readout_group = VGroup(readout, value).arrange(RIGHT, buff=0.25).next_to(picture, DOWN, buff=0.8)
        value.add_updater(lambda v: v.set_value(table[place()]).next_to(readout, RIGHT, buff=0.25))
        self.say("Lay it over this digit. Each pixel value is multiplied by the weight on top of it, and the products "
                 "are added up into one sum, w dot a.",
                 FadeIn(overlay), Create(outline), FadeIn(readout_group), run_time=1.5,
                 show="w · a: the sum of weight × pixel value under the detector")
        self.say("Here the bright stroke lies on the negative rows, so the sum is far below zero.",
                 Indicate(value, color=theme().negative), run_time=1.2, show="a stroke on the negative rows: w · a < 0")
        self.say("Slide the detector until the stroke fills the bar, with dark rows around it. Now the sum is large.",
                 r.animate.set_value(best[0]), c.animate.set_value(best[1]), run_time=2.5,
                 show="a horizontal stroke on the bar: w · a large")
        for m in (overlay, outline, value):
            m.clear_updaters()
        self.readout_value = value


class Squish(Beat):
    # What each squishing function does to the real sums, and the pieces of its graph to point out.
    # The dots are w · a, the sums without their biases (the Bias beat, next, adds them): so they drop to
    # σ(w · a), not yet to the neurons' activations σ(w · a + b).
    SQUISHED = {
        "sigmoid": f"{SQUISHES['sigmoid'].symbol}(w · a): every sum squished into {SQUISHES['sigmoid'].range_text}",
        "relu": f"{SQUISHES['relu'].symbol}(w · a): negative sums → 0",
    }
    SAID = {
        "sigmoid": "But an activation should lie between zero and one. So each sum is squished into that range: "
                   "every dot drops to sigma of its sum.",
        "relu": "Here each sum goes through a ReLU instead: negative sums become zero, positive ones stay as "
                "they are. Every dot drops to the ReLU of its sum.",
    }
    FORMULA = {
        "sigmoid": "The function that does the squishing is the sigmoid: one over one plus e to the minus x.",
        "relu": "The function is the ReLU: the larger of zero and x.",
    }
    TAILS = {
        "sigmoid": [((-8, -3), "negative", "very negative → close to 0", "Very negative inputs come out close to zero."),
                    ((-1.5, 1.5), "accent", "around 0 → in between", "Around zero, the curve climbs steeply."),
                    ((3, 8), "positive", "very positive → close to 1", "Very positive inputs come out close to one.")],
        "relu": [((-8, 0), "negative", "negative → 0", "Negative inputs come out as zero."),
                 ((0, 8), "positive", "positive → unchanged", "Positive inputs pass through unchanged.")],
    }

    def construct(self):
        digit = chosen_digit()
        self.activation = layer_activation(bundle().network, 0)
        net = bundle().network
        sums = net.W[0] @ digit.activations[0]  # w · a of every neuron of the first hidden layer, no bias yet
        line, dots = self.sums_on_line(sums)
        self.squish(line, dots, squishing(self.activation)(sums))
        self.graph()

    def sums_on_line(self, z):
        self.title = self.headline("A weighted sum w · a can be any number")
        # Wide enough for every real sum: no dot is clipped to an end.
        self.sums_range = number_line_range(z.min(), z.max())
        line = NumberLine(x_range=self.sums_range, length=12, include_numbers=True,
                          font_size=style.AXIS_NUMBER_SIZE).shift(1.2 * UP)
        dots = VGroup(*[Circle(radius=0.07, color=theme().accent, fill_opacity=1).move_to(line.n2p(v)) for v in z])
        name = MathTex(r"w \cdot a", font_size=style.FORMULA_SIZE, color=theme().accent).next_to(line, UP, buff=0.3)
        self.line_name = name.align_to(line, LEFT)
        self.play(Create(line), FadeIn(name))
        self.say(f"These dots are the {num(len(z), 'size:1')} real weighted sums, w dot a, of the first hidden layer "
                 "for this digit. A weighted sum can land anywhere, far below zero or far above it.",
                 LaggedStart(*[FadeIn(d, scale=2) for d in dots], lag_ratio=0.05), run_time=1.5,
                 show=f"the {len(z)} real weighted sums w · a, from {z.min():.2f} to {z.max():.2f}")
        return line, dots

    def squish(self, line, dots, activations):
        """Each sum's dot drops to its squished value (netcore's function of the real sum)."""
        bounded = squishing(self.activation).bounded_axis
        if bounded:
            unit = NumberLine(x_range=[bounded[0], bounded[1], 0.25], length=8, include_numbers=True,
                              font_size=style.AXIS_NUMBER_SIZE,
                              decimal_number_config={"num_decimal_places": 2}).shift(1.4 * DOWN)
        else:  # ReLU keeps positive sums: the same scale as the sums, 0 under 0
            _, end, step = self.sums_range
            unit = NumberLine(x_range=[0, end, step], length=line.get_unit_size() * end, include_numbers=True,
                              font_size=style.AXIS_NUMBER_SIZE).shift(1.4 * DOWN)
            unit.shift((line.n2p(0)[0] - unit.n2p(0)[0]) * RIGHT)
        targets = VGroup(*[d.copy().move_to(unit.n2p(a)) for d, a in zip(dots, activations)])
        links = VGroup(*[DashedLine(d.get_center(), t.get_center(), stroke_width=1, color=theme().dim_text)
                         for d, t in zip(dots, targets)])
        name = MathTex(squishing(self.activation).tex + r"(w \cdot a)", font_size=style.FORMULA_SIZE,
                       color=theme().accent).next_to(unit, RIGHT, buff=0.35)  # past its 1: clear of the links
        if name.get_right()[0] > config.frame_width / 2 - 0.4:  # a ReLU's line runs to the right edge
            name.next_to(unit, LEFT, buff=0.35)
        self.play(Create(unit), FadeIn(name))
        dropping = [d.copy() for d in dots]
        self.say(self.SAID[self.activation], Create(links), *[Transform(d, t) for d, t in zip(dropping, targets)],
                 run_time=2, show=self.SQUISHED[self.activation])
        # A clean slate for the graph (the caption stays until the next line takes it away).
        self.remove(self.title, line, dots, *dots, unit, links, *dropping, self.line_name, name)  # each dot was faded in on its own

    def graph(self):
        act = self.activation
        axes = Axes(x_range=[-8, 8, 2], y_range=squishing(act).y_range([0, 8, 2]), x_length=10,
                    y_length=4.5, axis_config={"include_numbers": True, "font_size": style.LARGE_AXIS_NUMBER_SIZE}
                    ).shift(0.4 * DOWN)
        curve = squish_curve(axes, act, color=theme().dim_text, stroke_width=5)
        formula = MathTex(squishing(act).formula_tex(), font_size=style.FORMULA_SIZE).to_corner(UP + LEFT, buff=0.5)
        self.play(Create(axes), Write(formula))
        self.say(self.FORMULA[act], Create(curve), run_time=1.5)
        for x_range, colour, text, said in self.TAILS[act]:
            piece = squish_curve(axes, act, x_range=x_range, color=getattr(theme(), colour), stroke_width=9)
            self.say(said, Create(piece), run_time=0.6, show=text)
        closing = ("So an activation says how strongly positive the neuron's weighted sum is."
                   if act == "sigmoid" else "So an activation says how far above zero the neuron's weighted sum is.")
        self.say(closing)


class Bias(Beat):
    COLUMN_X = 0.4  # left edge of the real example's words and values, right of its plot
    def construct(self):
        self.activation = layer_activation(bundle().network, 0)
        axes = Axes(x_range=[-6, 16, 2], y_range=squishing(self.activation).y_range([0, 6, 2]),
                    x_length=11, y_length=4, axis_config={"include_numbers": True, "font_size": style.AXIS_NUMBER_SIZE}
                    ).shift(0.6 * DOWN)
        self.add(axes)
        self.shift_curve(axes)
        self.real_bias()

    def shift_curve(self, axes):
        shift = ValueTracker(0.0)
        curve = always_redraw(lambda: squish_curve(axes, self.activation, shift.get_value(),
                                                   color=theme().positive, stroke_width=5))
        # w · a, as the Weights beat named the sum (not w_0 a_0 + ..., a second notation for it).
        tex = squishing(self.activation).tex
        formula = MathTex(tex + r"(w \cdot a", r"- 10", r")", font_size=style.KEY_FORMULA_SIZE).to_edge(UP, buff=0.5)
        formula[1].set_color(theme().accent)
        self.say("Sometimes a neuron should stay dark unless its weighted sum is really large, say more than ten. "
                 "This one is an illustration, not a neuron of the network.",
                 Create(curve), Write(formula), run_time=1.5, show="an illustration: fire only when the sum passes 10")
        self.say("Subtract ten inside the squish, and the whole curve slides to the right. Now the sum has to pass "
                 "ten before the neuron lights up.", shift.animate.set_value(10), run_time=2.5)
        curve.clear_updaters()
        # The bias is named while the number it names is on screen, marked, then written in general as b.
        brace = Brace(formula[1], DOWN, buff=0.1, color=theme().accent)
        name = Text("the bias", font_size=style.BODY_SIZE, color=theme().accent).next_to(brace, DOWN, buff=0.1)
        self.say("That minus ten, added to the sum, is called the bias.", FadeIn(brace), FadeIn(name), run_time=1)
        general = MathTex(tex + r"(w \cdot a", r"+\,b", r")", font_size=style.KEY_FORMULA_SIZE).move_to(formula)
        general[1].set_color(theme().accent)
        self.say(f"In general we write {squishing(self.activation).said_symbol} of w dot a plus b. Every neuron after the input layer has a bias "
                 "of its own.", ReplacementTransform(formula, general),
                 brace.animate.next_to(general[1], DOWN, buff=0.1),
                 name.animate.next_to(general[1], DOWN, buff=0.1 + brace.height + 0.1), run_time=1.5)
        # It stays, top left, over the real neuron's plot: the b the next lines fill in.
        self.play(VGroup(general, brace, name).animate.scale(0.8).to_corner(UP + LEFT, buff=0.45),
                  FadeOut(curve), FadeOut(axes), run_time=0.6)
        self.general = VGroup(general, brace, name)

    def real_bias(self):
        b = bundle()
        self.example = ex = bias_example(b.network, b.arrays["curated_a0"])
        digit = b.digit(int(b.arrays["curated_index"][ex.row]))
        sq = squishing(self.activation)
        axes, curve = self.real_axes(ex)
        self.real_axes_shown = axes
        who = self.who(digit, ex.neuron)
        self.say(f"Here is a real neuron, in the first hidden layer, with this {said_label(digit)} from the test set "
                 "as its input.",
                 FadeIn(who), Create(axes), Create(curve), run_time=1.5, show="a real neuron of the trained network")
        # Every number is written on screen as the voice says it (the same text, a minus sign for "minus").
        wa_said = num(ex.weighted_sum, f"curated_sum:{ex.row}:{ex.neuron}", places=ex.places)
        without_said = num(ex.without, f"curated_unbiased:{ex.row}:{ex.neuron}")
        sums = self.values_column(who, [rf"w \cdot a = {on_screen(wa_said)}",
                                        rf"{sq.tex}(w \cdot a) = {on_screen(without_said)}"])
        plain = Dot(axes.c2p(ex.weighted_sum, ex.without), radius=0.11, color=theme().text)
        self.say(f"The weighted sum of its inputs, w dot a, is {wa_said}. Squished without a bias, "
                 f"{sq.said_symbol} of that is {without_said}.",
                 FadeIn(sums), FadeIn(plain, scale=2), Create(self.guides(axes, ex.weighted_sum, ex.without)), run_time=1.5)
        self.add_bias(axes, curve, sums, digit, ex, sq, plain)

    def real_axes(self, ex):
        lo, hi, step = number_line_range(min(ex.weighted_sum, ex.z, -6), max(ex.weighted_sum, ex.z, 6))
        f = squishing(self.activation)
        top = max(1.0, float(f(max(ex.weighted_sum, ex.z))))
        axes = Axes(x_range=[lo, hi, step], y_range=f.y_range([0, np.ceil(top), 1]), x_length=6.2, y_length=4.0,
                    axis_config={"include_numbers": True, "font_size": style.LARGE_AXIS_NUMBER_SIZE},
                    y_axis_config={"include_numbers": False}).to_edge(LEFT, buff=0.6).shift(0.15 * DOWN)
        axes.y_axis.add_numbers([*axes.y_axis.get_tick_range(), axes.y_range[1]],
                                font_size=style.LARGE_AXIS_NUMBER_SIZE)  # its top too: 1 is where the curve heads
        return axes, squish_curve(axes, self.activation, color=theme().dim_text, stroke_width=5)

    def who(self, digit, neuron):
        thumb = image_mobject(style.grey_rgb(digit.image), 1.3)
        words = VGroup(Text(f"hidden layer 1, neuron {neuron}", font_size=style.BODY_SIZE),
                       Text(f"{digit.source}, labelled {digit.label}", font_size=style.SMALL_SIZE, color=theme().dim_text),
                       ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        return Group(thumb, words).arrange(RIGHT, buff=0.3).to_edge(UP, buff=0.5).align_to(self.COLUMN_X * RIGHT, LEFT)

    @staticmethod
    def values_column(above, tex_lines, color=None):
        column = VGroup(*[MathTex(t, font_size=style.FORMULA_SIZE) for t in tex_lines]).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        if color:
            column.set_color(color)
        return column.next_to(above, DOWN, buff=0.45, aligned_edge=LEFT)

    @staticmethod
    def guides(axes, x, y):
        """Dashed lines from a point of the curve down to its sum and across to its value."""
        return VGroup(DashedLine(axes.c2p(x, 0), axes.c2p(x, y), stroke_width=2, color=theme().dim_text),
                      DashedLine(axes.c2p(axes.x_range[0], y), axes.c2p(x, y), stroke_width=2, color=theme().dim_text))

    def add_bias(self, axes, curve, sums, digit, ex, sq, plain):
        b_said = num(ex.bias, f"array:b0:{ex.neuron}", places=ex.places)  # w · a + b = z, as written
        z_said = num(ex.z, f"array:curated_z1:{ex.row}:{ex.neuron}", places=ex.places)
        shifted = self.values_column(sums, [rf"b = {on_screen(b_said)}", rf"z = w \cdot a + b = {on_screen(z_said)}"],
                                     color=theme().accent)
        x = ValueTracker(ex.weighted_sum)
        f = squishing(self.activation)
        moving = always_redraw(lambda: Dot(axes.c2p(x.get_value(), float(f(x.get_value()))), radius=0.12,
                                           color=theme().accent))
        push = Arrow(axes.c2p(ex.weighted_sum, 0), axes.c2p(ex.z, 0), buff=0, color=theme().accent, stroke_width=6,
                     max_tip_length_to_length_ratio=0.25).shift(0.3 * UP)
        push_label = MathTex(r"+\,b", font_size=style.FORMULA_SIZE, color=theme().accent).next_to(push, RIGHT, buff=0.15)
        way = "left and down" if ex.bias < 0 else "right and up"  # the curve never falls
        self.add(moving)
        self.say(f"Its bias is {b_said}. Adding it moves the point {way} along the curve, to z equals {z_said}.",
                 FadeIn(shifted), GrowArrow(push), FadeIn(push_label), x.animate.set_value(ex.z), run_time=2)
        moving.clear_updaters()
        self.points = (plain, moving)  # w · a and z on the curve (a test reads them)
        after_said = said_activation(digit, 1, ex.neuron)
        before_said = num(ex.without, f"curated_unbiased:{ex.row}:{ex.neuron}")
        result = self.values_column(shifted, [rf"{sq.tex}(z) = {on_screen(after_said)}"], color=theme().accent)
        change = "dims" if ex.effect < 0 else "brightens"
        self.say(f"Squished, that gives {after_said}: the bias {change} this neuron, which would hold "
                 f"{before_said} without it.",
                 FadeIn(result), Create(self.guides(axes, ex.z, ex.with_bias)), run_time=1)
        # The caption names both, as the line does (one line: two short ones were said too fast).
        self.say("The weights say which pattern a neuron looks for. The bias says how high the weighted sum "
                 "must be before the neuron lights up.",
                 show="weights: which pattern · bias: how high the sum must be")


def subscript(n: int) -> str:
    """A whole number in subscript digits, for a caption (plain text, no TeX): 15 as ₁₅."""
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def on_screen(said: str) -> str:
    """A number as written in an equation: the text the voice says, "minus 2.15" as −2.15."""
    return "-" + said.removeprefix("minus ") if said.startswith("minus ") else said


class Counting(Beat):
    LAYER_NAMES = {1: "the first hidden layer", 2: "the second hidden layer", 3: "the third hidden layer"}

    def construct(self):
        self.headline("How many knobs?")
        sizes = bundle().sizes
        d = diagram(height=4.4).to_edge(LEFT, buff=0.6).shift(0.2 * DOWN)
        d.edges.set_opacity(0.25)  # dimmed: each gap lights up as its weights are counted
        count = equations.parameter_count(sizes)
        count.scale_to_fit_width(min(count.width, 5.6)).move_to([3.75, -0.1, 0])  # right of the diagram
        rule = Line(count.width / 2 * LEFT, count.width / 2 * RIGHT, color=theme().dim_text).next_to(count.total, UP, buff=0.25)
        self.add(d)
        self.count_weights(d, count, sizes)
        lit_neurons = VGroup(*[d.layers[l] for l in range(1, len(sizes))]).copy().set_stroke(theme().accent, width=4)
        self.say("And every neuron after the input layer adds one bias of its own.",
                 FadeIn(lit_neurons), Write(count.lines[-1]), run_time=1.5)
        self.say(f"In all, {num(bundle().network.parameter_count, 'parameters')} weights and biases.",
                 Create(rule), Write(count.total), FadeOut(lit_neurons), run_time=1.5)
        self.say("Think of each one as a knob. Turn the knobs one way and the network does one thing; "
                 "turn them another way and it does something else.",
                 Wiggle(d.edges, scale_value=1.02, rotation_angle=0.01 * TAU), Indicate(count.total), run_time=2.5)
        self.say(f"Learning means finding good settings for all {num(bundle().network.parameter_count, 'parameters')} "
                 "of them, so that the network reads digits well. That is the subject of chapter two.",
                 Indicate(count.total), run_time=1.5, show="learning = finding good values for all of them")

    def count_weights(self, d, count, sizes):
        """One line per gap between layers, said while its edges light up and its product is written."""
        lit = None
        for gap in range(len(sizes) - 1):
            edges = d.edges[gap].copy().set_stroke(theme().accent, opacity=0.5)
            a, b = num(sizes[gap], f"size:{gap}"), num(sizes[gap + 1], f"size:{gap + 1}")
            if gap == 0:
                again = num(sizes[0], "size:0"), num(sizes[1], "size:1")  # each mention is its own said number
                text = (f"Let's count. Every edge has its own weight. Between the {a} inputs and the {b} neurons of the "
                        f"first hidden layer alone, that makes {again[0]} times {again[1]} weights.")
            elif gap == len(sizes) - 2:
                text = f"Into the output layer, {a} times {b} more."
            else:
                text = f"Into {self.LAYER_NAMES.get(gap + 1, 'the next hidden layer')}, {a} times {b} more."
            fades = [FadeOut(lit)] if lit is not None else []
            self.say(text, *fades, FadeIn(edges), Write(count.lines[gap]), run_time=1.5)
            lit = edges
        self.play(FadeOut(lit), run_time=0.4)


def first_layer_diagram(height: float) -> NetworkDiagram:
    """Only layers 0 (the input) and 1, with the same drawn neurons and edge rule as the full diagram."""
    net = bundle().network
    d = NetworkDiagram(Network([net.W[0]], [net.b[0]], net.activation), drawn=drawn_neurons(net)[:2],
                       output_labels=False, layer_gap=1.8)  # narrow: the equation beside it needs the room
    return d.scale_to_fit_height(height)


class MatrixFormSymbolic(Beat):
    MARGIN = 0.45  # scene units between the equation and the frame's right edge (3 %)
    def construct(self):
        self.sizes = sizes = bundle().sizes
        self.activation = layer_activation(bundle().network, 0)
        d = first_layer_diagram(5.0).to_edge(LEFT, buff=0.5).shift(0.1 * UP)
        # The row to follow: the second drawn neuron of layer 1 (neuron 1 when all 16 are drawn).
        j, k = int(d.drawn[1][1]), sizes[1]
        rows = equations.rows_showing(j, k)
        # A little over its own size (font 36), or less when an elided layer 1's brace and count leave less room beside
        # the diagram; clear of the right edge by more than the 2 % margin.
        room = config.frame_width / 2 - self.MARGIN - (d.get_right()[0] + 0.3)
        eq = equations.matrix_form_symbolic(sizes[0], k, activation=self.activation, rows=rows)
        eq.scale_to_fit_width(min(1.1 * eq.width, room))  # a tenth over its own size when there is room
        eq.to_edge(RIGHT, buff=self.MARGIN).shift(0.4 * UP)
        self.add(d)
        self.headline("One layer's step as one equation")
        self.build_equation(eq)
        self.row_is_a_neuron(eq, d, j=j)
        self.compact(eq)

    def build_equation(self, eq):
        n, k = self.sizes[0], self.sizes[1]
        self.wait(0.5)
        self.say("Writing out every weighted sum one by one gets long. There is a compact way, and it is how "
                 f"computers do it. First, stack all {num(n, 'size:0')} input activations into one column.",
                 FadeIn(eq.a_in), FadeIn(eq.shape_labels["a_in"]), run_time=1,
                 show="a⁽⁰⁾: the activations of layer 0, the input layer")
        self.say(f"Next, arrange the weights into a matrix with {num(k, 'size:1')} rows and "
                 f"{num(n, 'size:0')} columns. There is one row for each neuron of the first hidden layer.",
                 FadeIn(eq.W), FadeIn(eq.shape_labels["W"]), run_time=1, show=f"W: {k} × {n}, one row per neuron")
        self.say(f"Then add a column of biases, one for each of those {num(k, 'size:1')} neurons, "
                 "numbered from zero like the neurons themselves.",
                 FadeIn(eq.plus), FadeIn(eq.b), FadeIn(eq.shape_labels["b"]), run_time=1,
                 show=f"b: b{subscript(0)} to b{subscript(k - 1)}, one per neuron")
        self.say(f"Multiply the matrix by the column, add the biases, and apply {squishing(self.activation).said} to "
                 f"every entry. Out come the {num(k, 'size:1')} activations of the first hidden layer.",
                 FadeIn(eq.sigma), FadeIn(eq.parens), FadeIn(eq.equals), FadeIn(eq.a_out),
                 FadeIn(eq.shape_labels["a_out"]), run_time=1)

    def row_is_a_neuron(self, eq, d, j):
        box = SurroundingRectangle(eq.row(j), color=theme().accent, buff=0.06)
        circle = d.layers[1][d.position(1, j)]
        ring = Circle(radius=circle.width * 0.8, color=theme().accent).move_to(circle)
        self.say("Look at one row of the matrix. It holds exactly the weights on the edges into one neuron, "
                 "the one ringed in the diagram. Multiplying that row by the column is that neuron's weighted sum.",
                 Create(box), Create(ring), Create(d.incoming_edges(0, j)), run_time=1.5,
                 show=f"row {j} = the weights of the edges into neuron {j}")

    def compact(self, eq):
        short = equations.matrix_form_compact(0, font_size=style.KEY_FORMULA_SIZE, activation=self.activation).next_to(eq, DOWN, buff=0.5)
        squish = squishing(self.activation).said_symbol
        self.say(f"The whole step then fits in one short line: a one equals {squish} of W times a zero, plus b. "
                 "The same line, with other matrices, takes each layer to the next.", Write(short), run_time=1.5)


class MatrixFormNumeric(Beat):
    WIDTH = 12.6  # the equation's width: 0.8 units clear of each side of the frame

    def construct(self):
        digit, net = chosen_digit(), bundle().network
        j = int(np.argmax(digit.activations[1]))
        rows = equations.rows_showing(j, len(net.b[0]))
        eq = equations.matrix_form_numeric(net, digit, shown_rows=rows).scale_to_fit_width(self.WIDTH).shift(0.55 * UP)
        self.headline("With the trained network's real numbers", animate=False)
        self.say(f"Here is that same equation with the trained network's real numbers, for {a_digit(digit)}.",
                 FadeIn(eq), run_time=1.5, show=digit_caption(digit))
        columns = VGroup(*eq.col_labels.values(), *eq.a_in_labels.values())
        dots = VGroup(*[m for m in eq.W if m.get_center()[0] > eq.col(eq.spec.cols[1]).get_right()[0]
                        and m.get_center()[0] < eq.col(eq.spec.cols[-1]).get_left()[0]])
        self.say(f"All {num(net.sizes[0], 'size:0')} columns would not fit, so only the pixels drawn in the diagram "
                 "appear, with dots for the rest.", Indicate(columns, color=theme().accent), Indicate(dots),
                 run_time=2, show="columns i: the pixels drawn in the diagram; rows j: the neurons")
        self.follow_row(eq, digit, j)

    def follow_row(self, eq, digit, j):
        """Row j worked out step by step under the equation: w · a, then + b = z, then the squish."""
        net = bundle().network
        accent = theme().accent
        wa = float(net.W[0][j] @ digit.activations[0])
        z = float(digit.zs[0][j])
        sq = squishing(layer_activation(net, 0))
        box = lambda m: SurroundingRectangle(m, color=accent, buff=0.05)  # noqa: E731
        worked = VGroup(MathTex(rf"w \cdot a = {equations.fmt(wa)}", font_size=style.FORMULA_SIZE),
                        MathTex(rf"z = w \cdot a + b = {equations.fmt(z)}", font_size=style.FORMULA_SIZE),
                        # where the squished value goes (written as the voice says it, below)
                        MathTex(rf"{sq.tex}(z) = {equations.fmt(digit.activations[1][j])}", font_size=style.FORMULA_SIZE))
        worked.arrange(RIGHT, buff=0.7).next_to(eq, DOWN, buff=0.6)
        self.say("Follow one row: the weights into one neuron. It is multiplied by the column of all "
                 f"{num(net.sizes[0], 'size:0')} pixel values, and the products are added up: w dot a.",
                 Create(box(eq.row(j))), Create(box(eq.a_in)), FadeIn(worked[0], shift=0.2 * UP), run_time=2,
                 show=f"row j = {j}, the weights into neuron {j}, times the column: w · a")
        self.say(f"Its bias of {num(net.b[0][j], f'array:b0:{j}')} is added, which gives z.",
                 Create(box(eq.b_entry(j))), FadeIn(worked[1], shift=0.2 * UP), run_time=1)
        said = said_activation(digit, 1, j)
        # ≈: the voice's figure is rounded (σ(12.91) is not exactly 1; the column shows it to two decimals).
        result = MathTex(rf"{sq.tex}(z) \approx {on_screen(said)}", font_size=style.FORMULA_SIZE, color=accent)
        result.move_to(worked[2], aligned_edge=LEFT)
        self.say(f"Squished, {sq.said_symbol} of z is about {said}{lit(digit.activations[1][j])}: the real activation of that neuron "
                 "for this digit. Every other entry comes out of the same arithmetic.",
                 Create(box(eq.a_out_entry(j))), FadeIn(result, shift=0.2 * UP), run_time=1)


class NetworkIsAFunction(Beat):
    def construct(self):
        digit = chosen_digit()
        sizes = bundle().sizes
        n = bundle().network.parameter_count
        self.headline("A neuron is a function, and so is the network")
        # One neuron first (the line says so), then the network, in the layers' own symbols: a⁽⁰⁾ in, a⁽ᴸ⁾ out.
        sq = squishing(layer_activation(bundle().network, 0))
        neuron = VGroup(Text("one neuron:", font_size=style.BODY_SIZE, color=theme().dim_text),
                        MathTex(rf"{sq.tex}(w \cdot a + b)", font_size=style.HEADING_FORMULA_SIZE)).arrange(RIGHT, buff=0.3)
        neuron.move_to(2.2 * UP)
        last = len(sizes) - 1
        f = MathTex(r"f\!\left(a^{(0)}_0, a^{(0)}_1, \dots, a^{(0)}_{" + str(sizes[0] - 1) + r"}\right) = "
                    r"\left(a^{(" + str(last) + r")}_0, \dots, a^{(" + str(last) + r")}_{" + str(sizes[-1] - 1) + r"}\right)",
                    font_size=style.HEADING_FORMULA_SIZE).next_to(neuron, DOWN, buff=0.55)
        note = Text(f"{sizes[0]} numbers in (input layer), {sizes[-1]} out (output layer), {n:,} parameters",
                    font_size=style.BODY_SIZE)
        note.scale_to_fit_width(min(note.width, style.TEXT_WIDTH)).next_to(f, DOWN, buff=0.35)
        p = digit.prediction
        values = [f"{v:.2f}" for v in digit.output]
        # One tex string per output, so the answer's value can be lit while the voice says it.
        pieces = [r"f\Big(", r"\Big) = ("] + [v + (r",\ " if i < len(values) - 1 else "") for i, v in enumerate(values)] + [")"]
        outputs = MathTex(*pieces, font_size=style.TABLE_SIZE)
        thumb = image_mobject(style.grey_rgb(digit.image), 1.3)
        outputs[1:].shift((thumb.width + 0.3) * RIGHT)
        thumb.next_to(outputs[0], RIGHT, buff=0.15)
        row = Group(outputs, thumb)
        row.scale_to_fit_width(min(row.width, style.TEXT_WIDTH - 0.6)).next_to(note, DOWN, buff=0.7)
        answer = outputs[2 + p]
        self.say("Step back for a moment. Each neuron is a small function: it takes the activations before it "
                 "and gives back one number.", Write(neuron), run_time=1.5)
        self.say(f"The whole network is one function too. It takes in {num(sizes[0], 'size:0')} numbers and gives "
                 f"back {num(sizes[-1], 'size:-1')}, and its {num(n, 'parameters')} weights and biases decide what "
                 "it computes.", Write(f), within(FadeIn(note), 1.5, 2.5, 2.5), run_time=2.5)
        self.say(f"Here is what it gives back for this digit. The largest value, {num(digit.output[p], f'output:{p}', places=2)}, "
                 f"belongs to the output neuron for {said_prediction(digit)}: that is its answer.",
                 FadeIn(thumb), Write(outputs), answer.animate.set_color(theme().accent), run_time=1.5,
                 show=f"the largest output: neuron {p}, the answer")
        self.say("It is a complicated function, but nothing more: multiply, add, squish, layer after layer.",
                 show="each neuron a small function; the network one big function")


class SigmoidVsReLU(Beat):
    def construct(self):
        left = self.panel("sigmoid").shift(3.4 * LEFT)
        right = self.panel("relu").shift(3.4 * RIGHT)
        self.say("One last detail, about the squishing function. On the left is the sigmoid, the usual choice "
                 "in early neural networks.", FadeIn(left), run_time=1)
        self.say("Most networks today use a simpler one on the right: the rectified linear unit, or ReLU, "
                 "which gives the larger of zero and z.", FadeIn(right), run_time=1)
        self.mark_relu_parts(right)
        # The flat part pointed at while it is named (the panel runs to 4, where σ is already 0.98).
        flat = squish_curve(left.axes, "sigmoid", x_range=(2.0, 4.0), color=theme().accent, stroke_width=9)
        flat_name = Text("flat", font_size=style.SMALL_SIZE, color=theme().accent).next_to(flat, DOWN, buff=0.25)
        self.say("The sigmoid flattens out for large inputs, and there it barely changes when its weights change. "
                 "ReLU never flattens for positive inputs, so deep networks learn faster with it.",
                 Create(flat), FadeIn(flat_name), run_time=1.5,
                 show="the sigmoid flattens for large inputs; ReLU does not")
        ours = layer_activation(bundle().network, 0)
        self.say(f"The network in this video uses {squishing(ours).said}, and for a network this small either one "
                 "works well.")

    def panel(self, activation):
        axes = Axes(x_range=[-4, 4, 2], y_range=squishing(activation).y_range([0, 4, 1]), x_length=5.5, y_length=3.5,
                    axis_config={"include_numbers": True, "font_size": style.AXIS_NUMBER_SIZE})
        curve = squish_curve(axes, activation, color=theme().positive, stroke_width=5)
        # z: what is squished is the sum with its bias, z = w · a + b (never a, the activation it becomes)
        label = MathTex(squishing(activation).formula_tex("z"), font_size=style.PANEL_FORMULA_SIZE).next_to(axes, UP, buff=0.3)
        group = VGroup(axes, curve, label)
        group.axes = axes
        return group

    def mark_relu_parts(self, panel):
        axes = panel.axes
        off = axes.plot(lambda x: 0.0, x_range=[-4, 0], color=theme().negative, stroke_width=9)
        on = axes.plot(lambda x: x, x_range=[0, 4], color=theme().accent, stroke_width=9)
        t_off = Text("inactive", font_size=style.SMALL_SIZE, color=theme().negative).next_to(off, UP, buff=0.2)
        t_on = Text("identity", font_size=style.SMALL_SIZE, color=theme().accent).next_to(on.get_center(), RIGHT, buff=0.3)
        self.say("For negative inputs it gives zero: the neuron is simply off.", Create(off), FadeIn(t_off), run_time=1)
        self.say("For positive inputs it passes the value straight through.", Create(on), FadeIn(t_on), run_time=1)


class ChapterRecap(Beat):
    """The chapter's closing recap (about 19 s): what it showed, one picture per sentence, on the chosen digit."""

    def construct(self):
        digit, b = chosen_digit(), bundle()
        d = diagram(height=4.4)
        d.shift((-2.3 - d.get_left()[0]) * RIGHT + 0.55 * DOWN)  # the left column stays free for the digit
        thumb = image_mobject(style.grey_rgb(digit.image), 2.0).to_edge(LEFT, buff=0.7).shift(0.9 * UP)
        arrow = Arrow(thumb.get_right(), d.get_left(), buff=0.15, color=theme().dim_text)
        self.headline("Chapter 1 in one look", animate=False)
        d.add_to(self)
        self.say(f"So: a digit becomes {num(b.sizes[0], 'size:0')} numbers.",
                 FadeIn(thumb), GrowArrow(arrow), d.fill_animation(0, digit.activations[0]), run_time=1.5)
        formula = equations.matrix_form_compact(0, font_size=style.FORMULA_SIZE,
                                                activation=layer_activation(b.network, 0))
        formula.next_to(d, UP, buff=0.25)
        layers = [d.fill_animation(l, digit.activations[l]) for l in range(1, len(b.sizes))]
        self.say(f"Each layer weighs, adds and squishes the one before; the brightest output is the answer, "
                 f"{said_prediction(digit)}.",
                 Write(formula), Succession(*layers, Create(answer_box(d, digit.output))), run_time=3)
        n = b.network.parameter_count
        total = VGroup(Text(f"{n:,}", font_size=style.TITLE_SIZE), Text("weights and biases", font_size=style.BODY_SIZE),
                       Text("decide it all", font_size=style.BODY_SIZE)).set_color(theme().accent)
        total.arrange(DOWN, aligned_edge=LEFT, buff=0.15).next_to(thumb, DOWN, buff=0.5).align_to(thumb, LEFT)
        self.say(f"{num(n, 'parameters')} weights and biases decide it all.",
                 FadeIn(total, shift=0.2 * UP), Indicate(d.edges, scale_factor=1.0), run_time=1.5)
