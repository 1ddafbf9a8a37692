"""Chapter 1: what is a neural network? One Scene per storyboard beat, in story order.

Every number on screen comes from the bundle (``scenes.kit.data``); the digit the
digit-driven beats use is ``DIGIT=test:N`` / ``IMAGE=path``, a real test 3 by default.
Render one beat:  python -m manim -ql scenes/chapter1.py ForwardPass
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    Arc,
    Arrow,
    Axes,
    Brace,
    Circle,
    Create,
    DashedLine,
    DecimalNumber,
    FadeIn,
    FadeOut,
    Group,
    LaggedStart,
    Line,
    MathTex,
    NumberLine,
    Rectangle,
    ReplacementTransform,
    SurroundingRectangle,
    Text,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    always_redraw,
    config,
)

from netcore.activations import ACTIVATIONS
from netcore.network import Network
from scenes.kit import equations, style
from scenes.kit.beat import Beat
from scenes.kit.data import bundle, chosen_digit, diagram
from scenes.kit.fades import fade_in
from scenes.kit.forward import forward_pass, reset
from scenes.kit.network import NetworkDiagram, drawn_neurons, layer_activation
from scenes.kit.pixels import (
    digit_grid,
    image_mobject,
    pixel_position,
    side_braces,
    value_labels,
    weight_grid,
)
from scenes.kit.style import theme
from scenes.kit.words import activation_symbol, capitalised, hidden_layers, verdict


def digit_caption(digit) -> str:
    label = f", labelled {digit.label}" if digit.label is not None else ""
    return f"{digit.source}{label}"


def answer_sentence(digit) -> str:
    """"MNIST test image 18, labelled 3: the network answers 3 (right)"."""
    judged = verdict(digit.prediction, digit.label)
    return f"{digit_caption(digit)}: the network answers {digit.prediction}" + (f" ({judged})" if judged else "")


def squish_curve(axes: Axes, activation: str, shift: float = 0.0, x_range=None, **kwargs) -> VMobject:
    """The graph of a squishing function (netcore's own), f(x - shift), on ``axes``, where it is inside them."""
    f = ACTIVATIONS[activation][0]
    lo, hi = x_range or axes.x_range[:2]
    if activation == "relu":  # a corner, drawn exactly rather than smoothed
        hi = min(hi, shift + axes.y_range[1])
        xs = [lo, *([shift] if lo < shift < hi else []), hi]
        return VMobject(**kwargs).set_points_as_corners([axes.c2p(x, f(x - shift)) for x in xs])
    return axes.plot(lambda x: f(x - shift), x_range=[lo, hi], **kwargs)


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
    """Sloppy threes"""

    def construct(self):
        self.headline("Every one of these is a 3")
        grids = self.show_threes()
        self.say("Each is a 28 × 28 grid of grey pixels, and no two grids are alike")
        self.add_braces(grids[0])
        self.ask_for_program(grids)

    def show_threes(self):
        threes = bundle().role("threes")[:5]
        grids = Group(*[digit_grid(d.image, height=2.2) for d in threes]).arrange(RIGHT, buff=0.45)
        self.play(LaggedStart(*[FadeIn(g, scale=0.9) for g in grids], lag_ratio=0.25), run_time=2)
        return grids

    def add_braces(self, grid):
        self.braces = side_braces(grid)
        self.play(FadeIn(self.braces), run_time=0.8)
        self.wait()

    def ask_for_program(self, grids):
        self.play(FadeOut(self.braces), run_time=0.4)
        self.play(grids.animate.scale(0.55).to_edge(LEFT, buff=0.4).shift(0.3 * UP), run_time=1)
        arrow = Arrow(grids.get_right(), grids.get_right() + 2.2 * RIGHT, color=theme().dim_text)
        box = Rectangle(width=2.4, height=1.2, color=theme().text).next_to(arrow, RIGHT)
        program = Text("program", font_size=style.BODY_SIZE).move_to(box)
        answer = Text("3", font_size=72).next_to(box, RIGHT, buff=0.8)
        self.play(Create(arrow), Create(box), Write(program))
        self.play(FadeIn(answer, shift=0.3 * RIGHT))
        self.say("The task: write a program that turns the grid into the digit")
        self.wait()


class PixelsAreNumbers(Beat):
    """Pixels are numbers"""

    def construct(self):
        digit = chosen_digit()
        grid = digit_grid(digit.image, height=6.6).to_edge(LEFT, buff=0.4)
        self.play(FadeIn(grid))
        self.write_values(grid, digit)
        self.legend(grid, digit)

    def write_values(self, grid, digit):
        labels = value_labels(grid, digit.image, decimals=1)
        self.play(FadeIn(labels, lag_ratio=0.002), run_time=2)

    def legend(self, grid, digit):
        lines = VGroup(
            Text("Each pixel holds one number:", font_size=style.BODY_SIZE),
            Text("its grey value,", font_size=style.BODY_SIZE),
            Text("0.0 (black) to 1.0 (white)", font_size=style.BODY_SIZE),
            Text(digit_caption(digit), font_size=style.SMALL_SIZE, color=theme().dim_text),
            Text("(values rounded to one decimal)", font_size=style.SMALL_SIZE, color=theme().dim_text),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25).next_to(grid, RIGHT, buff=0.5)
        self.play(FadeIn(lines, shift=0.2 * LEFT))
        self.wait()


class NeuronHoldsNumber(Beat):
    """A neuron holds a number"""

    def construct(self):
        b = bundle()
        layer, neuron = 1, self.neuron_to_follow()
        digits = b.role("each_digit")
        circle, value = self.neuron(digits[0].activations[layer][neuron])
        self.headline("A neuron holds a number: its activation")
        self.cycle(circle, value, digits, layer, neuron)

    def neuron_to_follow(self) -> int:
        # The layer-2 neuron whose activation varies most over the ten curated digits.
        acts = np.array([d.activations[1] for d in bundle().role("each_digit")])
        return int(np.argmax(acts.std(axis=0)))

    def neuron(self, start):
        self.tracker = ValueTracker(float(start))
        circle = Circle(radius=1.3, stroke_color=theme().neuron_stroke, stroke_width=4).shift(1.5 * LEFT)
        circle.add_updater(lambda c: c.set_fill(theme().activation, opacity=self.tracker.get_value()))
        value = DecimalNumber(self.tracker.get_value(), num_decimal_places=2, font_size=64)
        value.add_updater(lambda v: v.set_value(self.tracker.get_value()).next_to(circle, RIGHT, buff=0.8))
        self.play(Create(circle), FadeIn(value))
        return circle, value

    def cycle(self, circle, value, digits, layer, neuron):
        thumb = None
        for d in digits:
            new_thumb = image_mobject(style.grey_rgb(d.image), 1.4).next_to(circle, UP, buff=0.3)
            note = f"neuron {neuron} of layer 2 on a real test {d.label}: activation {d.activations[layer][neuron]:.2f}"
            self.play(self.tracker.animate.set_value(float(d.activations[layer][neuron])),
                      FadeIn(new_thumb), *([FadeOut(thumb)] if thumb else []), run_time=0.8)
            self.say(note, run_time=0.3)
            thumb = new_thumb
        self.wait()


class InputLayer(Beat):
    """The input layer"""

    def construct(self):
        digit = chosen_digit()
        grid = digit_grid(digit.image, height=5.6, grid_lines=False).to_edge(LEFT, buff=0.6)
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
        height, x = 5.8, -4.6
        targets = []
        for r, row in enumerate(rows):
            t = row.copy().rotate(-PI / 2).stretch_to_fit_width(0.12).stretch_to_fit_height(height / 28)
            targets.append(t.move_to([x, height / 2 - (r + 0.5) * height / 28 - 0.25, 0]))
        self.play(LaggedStart(*[Transform(r, t) for r, t in zip(rows, targets)], lag_ratio=0.06), run_time=3)
        self.say("Rows of 28 laid end to end: one column of 784 numbers")
        return rows

    def to_neurons(self, column, digit):
        d = diagram(edges=False, output_labels=False, input_brace=False)
        layer0 = VGroup(d.layers[0], d.input_dots).scale_to_fit_height(5.8).move_to([-2.4, -0.25, 0])
        top, bottom = column[0].get_top()[1], column[-1].get_bottom()[1]
        links = VGroup(*[
            Line([column[0].get_right()[0] + 0.05, top - (p + 0.5) / 784 * (top - bottom), 0], circle.get_left(),
                 stroke_width=1, color=theme().dim_text)
            for circle, p in zip(d.layers[0], d.drawn[0])
        ])
        self.play(Create(links, lag_ratio=0.05), FadeIn(layer0), run_time=1.5)
        self.play(d.fill_animation(0, digit.activations[0]))
        labels = VGroup(*[
            Text(f"pixel {p} (row {pixel_position(p)[0]}, col {pixel_position(p)[1]}): {digit.activations[0][p]:.2f}",
                 font_size=style.TINY_SIZE, color=theme().dim_text).next_to(c, RIGHT, buff=0.15)
            for c, p in zip(d.layers[0], d.drawn[0])
        ])
        brace = Brace(VGroup(d.layers[0], labels), RIGHT, buff=0.15, color=theme().dim_text)
        count = Text("784 neurons, 16 drawn", font_size=style.SMALL_SIZE).next_to(brace, RIGHT, buff=0.1)
        self.play(FadeIn(labels, lag_ratio=0.05), FadeIn(brace), FadeIn(count))
        self.say("16 of them drawn: the pixels the trained network weighs most")
        self.wait()


class Layers(Beat):
    """The layers"""

    def construct(self):
        d = diagram()
        self.show_input_and_output(d)
        self.show_hidden(d)
        self.show_edges(d)

    def show_input_and_output(self, d):
        self.play(FadeIn(d.layers[0]), FadeIn(d.input_dots), FadeIn(d.brace), FadeIn(d.brace_label))
        self.play(FadeIn(d.layers[-1]), FadeIn(d.output_labels))
        self.say("Output layer: 10 neurons, one per digit")

    def show_hidden(self, d):
        hidden = range(1, len(d.layers) - 1)
        self.play(*[FadeIn(d.layer_parts(l) if d.elided(l) else d.layers[l]) for l in hidden])
        self.marks = VGroup(*[Text("?", font_size=72, color=theme().accent).move_to(d.layers[l]) for l in hidden])
        self.play(FadeIn(self.marks))
        self.say(f"{capitalised(hidden_layers(bundle().sizes))}: a somewhat arbitrary choice")

    def show_edges(self, d):
        self.bring_to_back(d.edges)
        self.play(FadeIn(d.edges), run_time=1.5)
        self.say("Every neuron connects to every neuron of the next layer")
        self.play(FadeOut(self.marks))
        self.wait()


class ForwardPass(Beat):
    """Forward pass"""

    def construct(self):
        d = self.diagram = diagram().shift(1.4 * RIGHT)
        d.add_to(self)
        digits = self.digits()
        for i, digit in enumerate(digits):
            grid = digit_grid(digit.image, height=2.6).to_edge(LEFT, buff=0.4)
            self.play(fade_in(grid), run_time=0.4)
            box = forward_pass(self, d, digit, grid)
            self.say(answer_sentence(digit), run_time=0.4)
            self.wait(0.8)
            if i < len(digits) - 1:
                reset(self, d, box, grid)
        self.wait()

    def digits(self):
        """Two other digits and a real mistake first, the chosen digit last (it stays on screen)."""
        b = bundle()
        chosen = chosen_digit()
        others = [x for x in b.role("each_digit") if x.label in (7, 2) and x.test_index != chosen.test_index]
        return [*others, b.role("mistakes")[0], chosen]


class HiddenLayerHope(Beat):
    """The hope for hidden layers"""

    def construct(self):
        self.headline("What might the hidden layers do?")
        pieces = self.decompose()
        self.edges_from_loops(pieces)
        self.the_hope()

    def decompose(self):
        b = bundle()
        digits = {d.label: d for d in b.role("each_digit")}
        rows = Group()
        sketches = {
            9: VGroup(Circle(radius=0.45), Line(0.5 * UP, 1.1 * DOWN).shift(0.45 * RIGHT)),
            8: VGroup(Circle(radius=0.35).shift(0.38 * UP), Circle(radius=0.4).shift(0.42 * DOWN)),
            4: VGroup(Line(0.8 * UP + 0.35 * LEFT, 0.1 * DOWN + 0.5 * LEFT), Line(0.1 * DOWN + 0.5 * LEFT, 0.1 * DOWN + 0.5 * RIGHT),
                      Line(0.8 * UP + 0.2 * RIGHT, 0.9 * DOWN + 0.2 * RIGHT)),
        }
        for label in (9, 8, 4):
            img = image_mobject(style.grey_rgb(digits[label].image), 1.8)
            parts = sketches[label].set_stroke(theme().accent, 5)
            parts_spread = parts.copy().arrange(RIGHT, buff=0.3)
            rows.add(Group(img, Text("=", font_size=40), parts_spread).arrange(RIGHT, buff=0.4))
        rows.arrange(DOWN, buff=0.35).shift(0.2 * DOWN)
        self.play(LaggedStart(*[FadeIn(r) for r in rows], lag_ratio=0.5), run_time=2.5)
        self.say("A 9 is a loop and a line; an 8 two loops; a 4 three lines (sketches, not data)")
        self.wait()
        self.play(FadeOut(rows))
        return rows

    def edges_from_loops(self, rows):
        loop = Circle(radius=1.2, color=theme().accent, stroke_width=6).shift(2.5 * LEFT)
        bits = VGroup(*[Arc(radius=1.2, start_angle=a, angle=PI / 5 * 0.8, color=theme().accent, stroke_width=6)
                        for a in np.arange(0, 2 * PI, PI / 5)]).shift(2.5 * RIGHT)
        self.play(Create(loop))
        self.play(ReplacementTransform(loop.copy(), bits))
        self.say("and a loop breaks into little edges")
        self.wait()
        self.play(FadeOut(loop), FadeOut(bits))

    def the_hope(self):
        d = diagram(edges=False).scale(0.8).shift(0.3 * DOWN)
        hopes = VGroup(*[
            Text(t, font_size=style.SMALL_SIZE, color=theme().accent).next_to(d.layers[l], UP, buff=0.15 + 0.4 * (l % 2))
            for l, t in enumerate(self.hopes(len(d.layers)), start=1)
        ])
        self.play(FadeIn(d))
        self.play(LaggedStart(*[FadeIn(h) for h in hopes], lag_ratio=0.5))
        self.say("That is the hope. Does the trained network really do this? Chapter 2 checks.")
        self.wait()

    @staticmethod
    def hopes(layers: int) -> list[str]:
        """What each layer after the input might detect, for any number of hidden layers."""
        hidden = layers - 2
        if hidden == 1:
            return ["edges, loops, lines?", "digits"]
        middle = ["longer strokes?"] * (hidden - 2)
        return ["little edges?", *middle, "loops and lines?", "digits"]


class Weights(Beat):
    """Weights"""

    def construct(self):
        d = diagram(output_labels=True).shift(1.2 * RIGHT)
        self.add(d)
        digit = chosen_digit()
        d.set_activations(digit.activations)
        j = self.focus_neuron(digit)
        self.highlight_incoming(d, j)
        self.show_weight_grid(j)

    def focus_neuron(self, digit) -> int:
        # The drawn layer-2 neuron this digit excites most (every one is drawn when there are 16).
        drawn = drawn_neurons(bundle().network)[1]
        return int(drawn[np.argmax(digit.activations[1][drawn])])

    def highlight_incoming(self, d, j):
        self.headline(f"Neuron {j} of layer 2 and its incoming weights", animate=True)
        overlay = d.incoming_edges(0, j)
        circle = d.layers[1][d.position(1, j)]
        ring = Circle(radius=circle.width * 0.8, color=theme().accent).move_to(circle)
        self.play(Create(ring), Create(overlay), run_time=1.2)
        self.say("Each edge carries a weight: blue positive, orange negative, thicker = larger")
        self.wait()
        self.play(FadeOut(d), FadeOut(overlay), FadeOut(ring))

    def show_weight_grid(self, j):
        W0 = bundle().network.W[0]
        grid = weight_grid(W0[j], height=5.0).to_edge(LEFT, buff=0.8).shift(0.2 * DOWN)
        formula = equations.weighted_sum(W0.shape[1], j, font_size=40)
        formula.next_to(grid, RIGHT, buff=0.6).shift(UP)
        note = VGroup(
            Text(f"All 784 weights into neuron {j},", font_size=style.SMALL_SIZE),
            Text("each drawn on its own pixel:", font_size=style.SMALL_SIZE),
            Text("blue positive, orange negative,", font_size=style.SMALL_SIZE),
            Text("brighter = larger", font_size=style.SMALL_SIZE),
            Text(f"largest {W0[j].max():+.2f}, smallest {W0[j].min():+.2f}",
                 font_size=style.SMALL_SIZE, color=theme().dim_text),
        ).arrange(DOWN, aligned_edge=LEFT).next_to(formula, DOWN, buff=0.5, aligned_edge=LEFT)
        self.play(FadeIn(grid), Write(formula))
        self.play(FadeIn(note))
        self.say("The weighted sum: every pixel times its weight, added up")
        self.wait()


class EdgeDetector(Beat):
    """A hand-built edge detector"""

    def construct(self):
        self.headline("Weights can pick out a pattern")
        digit = chosen_digit()
        toy = np.zeros((28, 28))
        toy[9:12, 8:20] = -1.0
        toy[12:15, 8:20] = 1.0  # a horizontal bar: positive on it, negative just above and below
        toy[15:18, 8:20] = -1.0
        grid = weight_grid(toy.ravel(), height=3.6, grid_lines=True).shift(3 * LEFT + 0.2 * DOWN)
        label = Text("hand-built example, not learned", font_size=style.SMALL_SIZE, color=theme().accent)
        label.next_to(grid, UP)
        over = digit_grid(digit.image, height=3.6).shift(3 * RIGHT + 0.2 * DOWN)
        toy_over = image_mobject(style.weight_rgba(toy), 3.6).move_to(over).set_opacity(0.6)
        self.play(FadeIn(grid), FadeIn(label))
        self.say("An edge detector: positive weights on a bar, negative around it")
        self.play(FadeIn(over), FadeIn(toy_over))
        self.say("Laid over a digit, it responds where a horizontal stroke sits in the bar")
        self.wait()


class Squish(Beat):
    """Squish"""

    # What each squishing function does to the real sums, and the pieces of its graph to point out.
    SQUISHED = {
        "sigmoid": "Squished into (0, 1) by σ: these are the layer's real activations",
        "relu": "Through ReLU: negative sums become 0, positive ones stay: the layer's real activations",
    }
    TAILS = {
        "sigmoid": [((-8, -3), "negative", "very negative → close to 0"),
                    ((-1.5, 1.5), "accent", "around 0 → in between"),
                    ((3, 8), "positive", "very positive → close to 1")],
        "relu": [((-8, 0), "negative", "negative → 0"), ((0, 8), "positive", "positive → unchanged")],
    }

    def construct(self):
        digit = chosen_digit()
        self.activation = layer_activation(bundle().network, 0)
        line, dots = self.sums_on_line(digit.zs[0])
        self.squish(line, dots, digit.activations[1])
        self.graph()

    def sums_on_line(self, z):
        self.headline("A weighted sum can be any number")
        # Wide enough for every real sum: no dot is clipped to an end.
        self.sums_range = number_line_range(z.min(), z.max())
        line = NumberLine(x_range=self.sums_range, length=12, include_numbers=True, font_size=20).shift(1.2 * UP)
        dots = VGroup(*[Circle(radius=0.07, color=theme().accent, fill_opacity=1).move_to(line.n2p(v)) for v in z])
        self.play(Create(line))
        self.play(LaggedStart(*[FadeIn(d, scale=2) for d in dots], lag_ratio=0.05))
        self.say(f"The {len(z)} real weighted sums of layer 2 for this digit, from {z.min():.1f} to {z.max():.1f}")
        return line, dots

    def squish(self, line, dots, activations):
        """Each sum's dot drops to its neuron's real activation (the bundle's, not recomputed)."""
        if self.activation == "sigmoid":
            unit = NumberLine(x_range=[0, 1, 0.25], length=8, include_numbers=True, font_size=20,
                              decimal_number_config={"num_decimal_places": 2}).shift(1.4 * DOWN)
        else:  # ReLU keeps positive sums: the same scale as the sums, 0 under 0
            _, end, step = self.sums_range
            unit = NumberLine(x_range=[0, end, step], length=line.get_unit_size() * end, include_numbers=True,
                              font_size=20).shift(1.4 * DOWN)
            unit.shift((line.n2p(0)[0] - unit.n2p(0)[0]) * RIGHT)
        targets = VGroup(*[d.copy().move_to(unit.n2p(a)) for d, a in zip(dots, activations)])
        links = VGroup(*[DashedLine(d.get_center(), t.get_center(), stroke_width=1, color=theme().dim_text)
                         for d, t in zip(dots, targets)])
        self.play(Create(unit))
        self.play(Create(links), *[Transform(d.copy(), t) for d, t in zip(dots, targets)], run_time=1.5)
        self.say(self.SQUISHED[self.activation])
        self.wait()
        self.clear()

    def graph(self):
        act = self.activation
        axes = Axes(x_range=[-8, 8, 2], y_range=[0, 1, 0.5] if act == "sigmoid" else [0, 8, 2], x_length=10,
                    y_length=4.5, axis_config={"include_numbers": True, "font_size": 22}).shift(0.4 * DOWN)
        curve = squish_curve(axes, act, color=theme().dim_text, stroke_width=5)
        formula = MathTex(equations.squish_formula_tex(act), font_size=44).to_corner(UP + LEFT, buff=0.5)
        self.play(Create(axes), Write(formula))
        self.play(Create(curve), run_time=1.5)
        for x_range, colour, text in self.TAILS[act]:
            piece = squish_curve(axes, act, x_range=x_range, color=getattr(theme(), colour), stroke_width=9)
            self.play(Create(piece), run_time=0.6)
            self.say(text, run_time=0.3)
        self.wait()


class Bias(Beat):
    """Bias"""

    def construct(self):
        self.activation = layer_activation(bundle().network, 0)
        axes = Axes(x_range=[-6, 16, 2], y_range=[0, 1, 0.5] if self.activation == "sigmoid" else [0, 6, 2],
                    x_length=11, y_length=4, axis_config={"include_numbers": True, "font_size": 20}).shift(0.6 * DOWN)
        self.add(axes)
        self.shift_curve(axes)
        self.real_bias()

    def shift_curve(self, axes):
        shift = ValueTracker(0.0)
        curve = always_redraw(lambda: squish_curve(axes, self.activation, shift.get_value(),
                                                   color=theme().positive, stroke_width=5))
        n = bundle().sizes[0]
        formula = MathTex(equations.squish_tex(self.activation) + "(" + equations.weighted_sum_tex(n), r"- 10", r")",
                          font_size=44).to_edge(UP, buff=0.5)
        formula[1].set_color(theme().accent)
        self.play(Create(curve), Write(formula))
        self.say("Only fire when the weighted sum passes 10 (an illustration)")
        self.play(shift.animate.set_value(10), run_time=2)
        self.wait()
        self.play(FadeOut(curve), FadeOut(formula), FadeOut(axes))

    def real_bias(self):
        digit, net = chosen_digit(), bundle().network
        j = int(np.argmax(digit.activations[1]))
        weighted = float(net.W[0][j] @ digit.activations[0])
        b = float(net.b[0][j])
        lines = VGroup(
            Text(f"The trained network, neuron {j} of layer 2, on this digit:", font_size=style.BODY_SIZE),
            MathTex(rf"w \cdot a = {weighted:.2f}", font_size=44),
            MathTex(rf"b_{{{j}}} = {b:.2f}", font_size=44, color=theme().accent),
            MathTex(rf"{equations.squish_tex(self.activation)}({weighted:.2f} {b:+.2f}) = {digit.activations[1][j]:.2f}",
                    font_size=44),
        ).arrange(DOWN, buff=0.4)
        self.play(LaggedStart(*[FadeIn(x) for x in lines], lag_ratio=0.4), run_time=2)
        self.say("The bias says how high the sum must be before the neuron lights up")
        self.wait()


class Counting(Beat):
    """Counting the knobs"""

    def construct(self):
        self.headline("How many knobs?")
        count = equations.parameter_count(bundle().sizes).shift(0.5 * UP)
        rule = Line(LEFT * 3, RIGHT * 3, color=theme().dim_text).next_to(count.total, UP, buff=0.25)
        self.play(LaggedStart(*[Write(r) for r in count.lines], lag_ratio=0.6), run_time=3)
        self.play(Create(rule), Write(count.total))
        self.say("Learning means finding good values for all of them")
        self.wait()


def first_layer_diagram(height: float) -> NetworkDiagram:
    """Only the input layer and layer 2, with the same drawn neurons and edge rule as the full diagram."""
    net = bundle().network
    d = NetworkDiagram(Network([net.W[0]], [net.b[0]], net.activation), drawn=drawn_neurons(net)[:2],
                       output_labels=False, layer_gap=3.2)
    return d.scale_to_fit_height(height)


class MatrixFormSymbolic(Beat):
    """Matrix form"""

    def construct(self):
        self.sizes = sizes = bundle().sizes
        self.activation = layer_activation(bundle().network, 0)
        d = first_layer_diagram(5.6).to_edge(LEFT, buff=0.5).shift(0.2 * DOWN)
        # The row to follow: the second drawn neuron of layer 2 (neuron 1 when all 16 are drawn).
        j, k = int(d.drawn[1][1]), sizes[1]
        rows = None if j in equations.shown_indices(k) else (0, None, j, None, k - 1)
        # 8.6 wide, or less when an elided layer 2's brace and count leave less room beside the diagram.
        room = config.frame_width / 2 - 0.3 - (d.get_right()[0] + 0.3)
        eq = equations.matrix_form_symbolic(sizes[0], k, activation=self.activation, rows=rows)
        eq.scale_to_fit_width(min(8.6, room))
        eq.to_edge(RIGHT, buff=0.3)
        self.add(d)
        self.build_equation(eq)
        self.row_is_a_neuron(eq, d, j=j)
        self.compact(eq)

    def build_equation(self, eq):
        n, k = self.sizes[0], self.sizes[1]
        self.play(FadeIn(eq.a_in), FadeIn(eq.shape_labels["a_in"]))
        self.say(f"The {n} input activations as one column vector")
        self.play(FadeIn(eq.W), FadeIn(eq.shape_labels["W"]))
        self.say(f"The weights as a {k} × {n} matrix: one row per neuron of layer 2")
        self.play(FadeIn(eq.plus), FadeIn(eq.b), FadeIn(eq.shape_labels["b"]))
        self.say(f"Plus one bias per neuron of layer 2: b_0 to b_{k - 1}")
        self.play(FadeIn(eq.sigma), FadeIn(eq.parens), FadeIn(eq.equals), FadeIn(eq.a_out),
                  FadeIn(eq.shape_labels["a_out"]))
        self.say(f"{activation_symbol(self.activation)} applied to every entry gives the {k} activations of layer 2")

    def row_is_a_neuron(self, eq, d, j):
        box = SurroundingRectangle(eq.row(j), color=theme().accent, buff=0.06)
        circle = d.layers[1][d.position(1, j)]
        ring = Circle(radius=circle.width * 0.8, color=theme().accent).move_to(circle)
        self.play(Create(box), Create(ring), Create(d.incoming_edges(0, j)))
        self.say(f"Row {j} holds the weights of the edges into neuron {j}")
        self.wait()

    def compact(self, eq):
        short = equations.matrix_form_compact(0, font_size=56, activation=self.activation).next_to(eq, DOWN, buff=0.5)
        self.play(Write(short))
        self.wait()


class MatrixFormNumeric(Beat):
    """Matrix form with the real numbers"""

    def construct(self):
        digit, net = chosen_digit(), bundle().network
        j = int(np.argmax(digit.activations[1]))
        last = len(net.b[0]) - 1
        rows = (0, 1, None, last) if j in (0, 1, last) else (0, j, None, last)
        eq = equations.matrix_form_numeric(net, digit, shown_rows=rows).scale_to_fit_width(style.TEXT_WIDTH).shift(0.3 * UP)
        self.headline("With the trained network's real numbers", animate=False)
        self.play(FadeIn(eq), run_time=1.5)
        self.say(f"{digit_caption(digit)}; columns are pixels drawn in the diagram")
        self.follow_row(eq, digit, j)

    def follow_row(self, eq, digit, j):
        boxes = VGroup(*[SurroundingRectangle(m, color=theme().accent, buff=0.05)
                         for m in (eq.row(j), eq.b_entry(j), eq.a_out_entry(j))])
        self.play(Create(boxes))
        self.say(f"Row {j} · all 784 pixels + b_{j}, squished: {digit.activations[1][j]:.2f}, "
                 f"neuron {j}'s real activation")
        self.wait()


class NetworkIsAFunction(Beat):
    """The network is a function"""

    def construct(self):
        digit = chosen_digit()
        sizes = bundle().sizes
        n = bundle().network.parameter_count
        f = MathTex(r"f\!\left(a_0, a_1, \dots, a_{" + str(sizes[0] - 1) + r"}\right) = "
                    r"\left(y_0, y_1, \dots, y_{" + str(sizes[-1] - 1) + r"}\right)", font_size=48).shift(1.4 * UP)
        note = Text(f"{sizes[0]} numbers in, {sizes[-1]} numbers out, {n:,} parameters", font_size=style.BODY_SIZE)
        note.next_to(f, DOWN, buff=0.4)
        outputs = MathTex(r"f(\text{this digit}) = (" + ",\\ ".join(f"{v:.2f}" for v in digit.output) + ")",
                          font_size=34).next_to(note, DOWN, buff=0.8)
        thumb = image_mobject(style.grey_rgb(digit.image), 1.4).next_to(outputs, DOWN, buff=0.3)
        self.play(Write(f))
        self.play(FadeIn(note))
        self.play(FadeIn(thumb), Write(outputs))
        self.say("Each neuron is a small function; the network is one big function")
        self.wait()


class SigmoidVsReLU(Beat):
    """Sigmoid vs ReLU"""

    def construct(self):
        left = self.panel("sigmoid", [0, 1, 0.5]).shift(3.4 * LEFT)
        right = self.panel("relu", [0, 4, 1]).shift(3.4 * RIGHT)
        self.play(FadeIn(left))
        self.play(FadeIn(right))
        self.mark_relu_parts(right)
        self.say("ReLU never saturates for positive inputs, so deep networks train faster with it")
        self.wait()

    def panel(self, activation, y_range):
        axes = Axes(x_range=[-4, 4, 2], y_range=y_range, x_length=5.5, y_length=3.5,
                    axis_config={"include_numbers": True, "font_size": 20})
        curve = squish_curve(axes, activation, color=theme().positive, stroke_width=5)
        label = MathTex(equations.squish_formula_tex(activation, "a"), font_size=36).next_to(axes, UP, buff=0.3)
        group = VGroup(axes, curve, label)
        group.axes = axes
        return group

    def mark_relu_parts(self, panel):
        axes = panel.axes
        off = axes.plot(lambda x: 0.0, x_range=[-4, 0], color=theme().negative, stroke_width=9)
        on = axes.plot(lambda x: x, x_range=[0, 4], color=theme().accent, stroke_width=9)
        t_off = Text("inactive", font_size=style.SMALL_SIZE, color=theme().negative).next_to(off, UP, buff=0.2)
        t_on = Text("identity", font_size=style.SMALL_SIZE, color=theme().accent).next_to(on.get_center(), RIGHT, buff=0.3)
        self.play(Create(off), FadeIn(t_off))
        self.play(Create(on), FadeIn(t_on))
