"""Chapter 2: how the network learns. One Scene per storyboard beat; each beat's title and place
in the story are in ``scenes/catalogue.py`` (the one list), not here.

Every number comes from the bundle: the random starting network, its cost and
gradient, the training snapshots, the cost landscape, the test results and the
learning curves were all computed by netcore. The 1-D and 2-D intuition curves are
toys from ``netcore.toy`` and say so on screen and in the narration.
Each beat speaks its lines with ``self.say``; every number in a line is made by
``num`` from the bundle value it names (see ``scenes.kit.spoken``).
Render one beat:  python -m manim -ql scenes/chapter2.py CostOfOneExample
"""

from __future__ import annotations

import numpy as np
from manim import (
    DL,
    ManimColor,
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Arrow,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Group,
    LaggedStart,
    Line,
    MathTex,
    Matrix,
    Mobject,
    NumberLine,
    ORIGIN,
    OUT,
    Paragraph,
    Rectangle,
    Succession,
    Surface,
    SurroundingRectangle,
    Text,
    ThreeDAxes,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    UpdateFromAlphaFunc,
    linear,
    smooth,
)

from netcore import toy
from netcore.bundle import Digit
from netcore.network import Network
from scenes.kit import style
from scenes.kit.beat import Beat, Beat3D
from scenes.kit.data import bundle, chosen_digit, diagram
from scenes.kit.glyphs import Glyphs
from scenes.kit.legend import edge_key
from scenes.kit.bars import OutputBars
from scenes.kit.equations import fmt, parameter_name
from scenes.kit.flipbook import Flipbook
from scenes.kit.forward import forward_flow
from scenes.kit.network import EdgeMorph, NetworkDiagram, drawn_neurons
from scenes.kit.pixels import digit_grid, image_mobject, weight_grid
from scenes.kit.provenance import history_note, source_note
from scenes.kit.spoken import SCIENTIFIC_BELOW, figure, num, num_significant, significant_places, tex_written, written
from scenes.kit.style import theme
from scenes.kit.words import parameter_words, verdict

DIAGRAM_HEIGHT = 6.0


def diagram_of(network: Network, **kwargs) -> NetworkDiagram:
    return diagram(network, height=DIAGRAM_HEIGHT, **kwargs)


def thumbnails(images, height: float) -> Group:
    return Group(*[image_mobject(style.grey_rgb(im), height) for im in images])


class Recap(Beat):
    def construct(self):
        b = bundle()
        self.headline("Chapter 2: how does the network learn?")
        digit = chosen_digit()
        d = diagram_of(b.network).shift(1.2 * RIGHT + 0.3 * DOWN).scale(0.9)
        grid = digit_grid(digit.image, height=2.4).to_edge(LEFT, buff=0.5)
        self.add(d, grid)
        source_note(self)
        shown = "digit" if digit.label is None else num(digit.label, "label")
        self.say(f"Here is the network from chapter one, with a handwritten {shown} beside it.")
        # The colours' key from the start: chapter 2 draws weights, and later their gradients, in them.
        key = edge_key().to_corner(DOWN + RIGHT, buff=0.35)
        self.say("Its blue edges are positive weights, the orange ones negative, and thicker means larger.",
                 FadeIn(key), run_time=0.8)
        flow, done = forward_flow(d, digit, grid, layer_time=0.4)
        outputs = Text(f"{b.sizes[-1]} outputs", font_size=style.SMALL_SIZE, color=theme().dim_text)
        outputs.next_to(d.output_labels, UP, buff=0.25)
        self.say(f"Its {num(b.sizes[0], 'size:0')} pixels feed the input layer. Each layer lights up the next, "
                 f"and the brightest of the {num(b.sizes[-1], 'size:-1')} outputs is its answer.",
                 flow, FadeIn(outputs, run_time=0.5), run_time=flow.run_time)
        done(self)
        answer = num(digit.prediction, "prediction")
        judged = verdict(digit.prediction, digit.label)
        if judged == "right":
            self.say(f"Here it answers {answer}, and that is right.")
        elif judged == "wrong":
            self.say(f"Here it answers {answer}, but the digit is a {num(digit.label, 'label')}: it is wrong.")
        else:
            self.say(f"Here it answers {answer}.")
        count = Paragraph(f"{b.network.parameter_count:,} weights", "and biases", font_size=style.BODY_SIZE,
                          color=theme().accent, alignment="center", line_spacing=0.8).next_to(grid, DOWN, buff=0.5)
        count.shift(max(0.0, -6.6 - count.get_left()[0]) * RIGHT)  # inside the frame's margin
        self.say(f"All of this rests on {num(b.network.parameter_count, 'parameters')} weights and biases. "
                 "This chapter is about where those numbers come from, and how the network finds good ones.",
                 FadeIn(count), run_time=0.8)


class TrainingVsTestData(Beat):
    TITLE_X, TITLE_Y = 3.5, 3.0  # the two piles' titles: left and right of the centre, near the top

    def construct(self):
        b = bundle()
        src = b.meta["data_source"]
        left, right = self.titles(src)
        source_note(self)
        self.say("A network learns from examples, and we keep the examples in two separate piles.",
                 FadeIn(left), FadeIn(right), run_time=1.0)
        titles = VGroup(left, right)
        whole = "all of" if src.get("official_md5_match", {}).get("train_images") else "part of"
        self.say(f"On the left, {num(src['train_count'], 'meta:data_source.train_count')} training images, "
                 f"{whole} MNIST's training set, each with its label: the digit it is meant to be. The network is "
                 "adjusted on these, and only on these.", *self.page(b, 0, titles), run_time=1.2)
        wall = DashedLine(2.3 * UP, 3.0 * DOWN, color=theme().dim_text, dash_length=0.15)
        never = Text("never used while it learns", font_size=style.SMALL_SIZE, color=theme().accent)
        never.next_to(self.shown[1], DOWN, buff=0.3)
        self.say(f"On the right, {num(src['test_count'], 'meta:data_source.test_count')} test images. "
                 "The network never sees them while it learns.", self.test_in, Create(wall), FadeIn(never), run_time=1.2)
        # The same page the viewer has been looking at, with its real score: turning to another page here
        # once showed a page that happened to be all right, as if picked for it.
        marks, right_count = self.marks(b, 0)
        self.say("Once training is over, we show it the test images and count how often it is right. "
                 "Beside each one is its guess, with a tick or a cross.",
                 FadeOut(never), LaggedStart(*[FadeIn(m) for m in marks], lag_ratio=0.08), run_time=2.0)
        score = Text(f"its guesses: {right_count} of these {len(marks)} right", font_size=style.SMALL_SIZE,
                     color=theme().text)
        score.next_to(self.shown[1], DOWN, buff=0.3)
        self.say("That score tells us whether it learned something about digits in general, "
                 "or only about the pictures it was shown.", FadeIn(score), run_time=0.8)
        credit = Text("Images: the MNIST database (LeCun, Cortes and Burges)", font_size=style.SMALL_SIZE,
                      color=theme().dim_text).to_edge(DOWN, buff=0.35)
        self.say("The images come from MNIST, a classic collection of handwritten digits "
                 "put together by Yann LeCun, Corinna Cortes and Christopher Burges.", FadeIn(credit), run_time=1.0)

    def titles(self, src):
        whole = src.get("official_md5_match", {}).get("train_images")
        left = Text(f"training data\n{src['train_count']:,} labelled images", font_size=style.BODY_SIZE,
                    line_spacing=0.8)
        left_note = Text("all of MNIST's training set" if whole else "part of MNIST's training set",
                         font_size=style.SMALL_SIZE, color=theme().dim_text)
        right = Text(f"test data\n{src['test_count']:,} held-out images", font_size=style.BODY_SIZE, line_spacing=0.8)
        left.move_to(self.TITLE_X * LEFT + self.TITLE_Y * UP)
        right.move_to(self.TITLE_X * RIGHT + self.TITLE_Y * UP)
        left_note.next_to(left, DOWN, buff=0.12)
        return VGroup(left, left_note), right

    def page(self, b, page: int, titles) -> list:
        """Twelve labelled training images fading in; twelve test images ready to (``test_in``)."""
        sl = slice(12 * page, 12 * page + 12)
        train = Group(*[
            Group(image_mobject(style.grey_rgb(im), 0.85),
                  Text(str(int(lbl)), font_size=style.BODY_SIZE, color=theme().text)).arrange(RIGHT, buff=0.2)
            for im, lbl in zip(b.arrays["sample_train_image"][sl], b.arrays["sample_train_label"][sl])
        ]).arrange_in_grid(rows=4, cols=3, buff=(0.45, 0.15)).next_to(titles[0], DOWN, buff=0.3)
        test = thumbnails(b.arrays["sample_test_image"][sl], 0.85).arrange_in_grid(rows=4, cols=3, buff=(0.75, 0.15))
        test.match_y(train).set_x(titles[1].get_x())
        self.shown = Group(train, test)
        # Each pile when the voice turns to it: the training images now, the test images with "On the right".
        self.test_in = LaggedStart(*[FadeIn(m) for m in test], lag_ratio=0.03)
        return [LaggedStart(*[FadeIn(m) for m in train], lag_ratio=0.03)]

    def marks(self, b, page: int) -> tuple[list, int]:
        """The trained network's real guess beside each test image of the page, with a tick or a cross."""
        a = b.arrays
        test = self.shown[1]
        marks, right = [], 0
        for k, thumb in enumerate(test):
            i = 12 * page + k
            ok = bool(a["test_prediction"][i] == a["test_label"][i])
            right += ok
            marks.append(guess_mark(int(a["test_prediction"][i]), ok).next_to(thumb, RIGHT, buff=0.12))
        return marks, right


def training_example(b) -> int:
    """Which sample training image the random start is fed (sample i is MNIST training image i): the first
    whose label is the featured test digit's, so the chapter keeps following the same kind of digit, else
    the first. A training image, because the cost is what learning lowers and test images never enter it."""
    match = np.flatnonzero(b.arrays["sample_train_label"] == b.default_digit.label)
    return int(match[0]) if match.size else 0


def through(b, i: int, network: Network, source: str) -> Digit:
    """Sample training image ``i`` through ``network`` (netcore's forward pass), every layer kept."""
    image = b.arrays["sample_train_image"][i]
    fwd = network.forward(image.reshape(-1) / 255.0)
    return Digit(None, int(b.arrays["sample_train_label"][i]), image, fwd.activations, fwd.zs, source)


def checkable_places(outputs, wanted, fewest: int = 3, most: int = 6) -> int:
    """The fewest decimals at which a cost table adds up by hand: each written square is the square of the
    written output (rounded to as many places), and the written squares add up exactly to the cost rounded
    to those places. Found by trying, since rounding ten terms can move the last place of their sum."""
    cost = float(((outputs - wanted) ** 2).sum())
    for p in range(fewest, most + 1):
        if sum(written_terms(outputs, wanted, p)) == round(cost * 10**p):
            return p
    return most


def written_terms(outputs, wanted, places: int) -> list[int]:
    """(written output − wanted)², each rounded to ``places`` decimals, as integers in units of the last place."""
    shown = np.round(np.asarray(outputs, dtype=float), places)
    return [int(round(t * 10**places)) for t in (shown - wanted) ** 2]


class RandomStart(Beat):
    def construct(self):
        b = bundle()
        net = b.initial_network
        zero_biases = all(not np.any(bias) for bias in net.b)
        self.headline("Start: random weights" + (", every bias 0" if zero_biases else " and biases"))
        history_note(self)
        d = diagram_of(net).scale(0.92).shift(0.55 * RIGHT + 0.3 * DOWN)
        start = ("Every weight starts as a small random number, and every bias starts at zero." if zero_biases
                 else "Every weight and every bias starts out as a random number.")
        self.say(f"This is the same network before it has learned anything. {start}", FadeIn(d), run_time=1.0)
        i = training_example(b)
        digit = through(b, i, net, f"MNIST training image {i}")
        grid = digit_grid(digit.image, height=2.0).to_edge(LEFT, buff=0.3).shift(0.3 * DOWN)
        # Not "training image 7": under a 3, a first-time viewer reads the 7 as the digit.
        name = Paragraph("a training", "image", font_size=style.SMALL_SIZE, color=theme().dim_text,
                         alignment="center", line_spacing=0.7).next_to(grid, DOWN, buff=0.2)
        self.say(f"We feed it a real handwritten {num(digit.label, f'array:sample_train_label:{i}')}, "
                 "one of the training images.",
                 FadeIn(grid), FadeIn(name), run_time=0.8)
        flow, done = forward_flow(d, digit, grid, layer_time=0.5)
        self.say("The pixels go in, and the layers light up one after another, just as before.",
                 flow, run_time=flow.run_time)
        done(self)
        out = digit.output
        lo, hi, label = int(np.argmin(out)), int(np.argmax(out)), digit.label
        bars = OutputBars(out, length=1.5, height=0.2, digits=False).level_with(d.output_labels)
        bars.shift((d.output_labels.get_right()[0] + 0.3 - bars.tracks.get_left()[0]) * RIGHT)
        ends = VGroup(*[SurroundingRectangle(bars.values[k], color=theme().accent, buff=0.06) for k in (lo, hi)])
        head = Text(f"{len(out)} outputs", font_size=style.SMALL_SIZE, color=theme().dim_text)
        head.next_to(bars, UP, buff=0.2)
        said = lambda k, **kw: num(out[k], f"train_output:init:{i}:{k}", places=2)  # as the bars write them
        boxed = ("Its answer, in the box, is wrong." if hi != label else
                 "The box lands on the right neuron, but only by luck.")
        self.say(f"{boxed} All {num(len(out), 'size:-1')} outputs sit between {said(lo)} and {said(hi)}: "
                 "it is sure of nothing.", FadeIn(head), LaggedStart(*[FadeIn(r, shift=0.1 * RIGHT) for r in bars.rows],
                                                                     lag_ratio=0.08), Create(ends), run_time=1.6)
        mark = SurroundingRectangle(VGroup(d.output_labels[label], bars.rows[label]), color=theme().text, buff=0.07)
        self.say(f"The neuron for {num(label, f'array:sample_train_label:{i}')} gets {said(label)}. "
                 f"These weights know nothing about what a {num(label, f'array:sample_train_label:{i}')} looks "
                 "like; learning has to start from this mess.", FadeOut(ends), Create(mark), run_time=1.0)


class CostOfOneExample(Beat):
    ROW = 0.46  # row to row
    TOP = 2.35  # the first row's height
    # Centres: the digit (bars start right of it), output, wanted, square. The table sits right of the
    # frame's centre line by as much as the trained panel on its right allows (it was all in the left half).
    COLUMNS = (-3.85, -1.25, 0.15, 1.95)
    PICTURE_AT = (-5.55, 0.9)
    TRAINED_AT = 4.85  # the trained network's panel, its bars' left edge

    def construct(self):
        b = bundle()
        i = training_example(b)
        random_digit = through(b, i, b.initial_network, "the random start")
        outputs, label = random_digit.output, random_digit.label
        wanted = np.eye(len(outputs))[label]
        self.places = checkable_places(outputs, wanted)
        self.headline("How bad is this answer? The cost of one example")
        history_note(self)
        picture, table, heads, bars = self.table(b, i, outputs, label)
        three = num(label, f"array:sample_train_label:{i}")
        self.say(f"How bad is that answer? Here are the random network's outputs for this {three} again. "
                 "Beside them is what we wanted: one for the neuron of the "
                 f"{num(label, f'array:sample_train_label:{i}')}, and zero for all the others.",
                 FadeIn(picture), FadeIn(bars), FadeIn(heads[:3]), *[FadeIn(r[:3]) for r in table], run_time=1.2)
        squares = VGroup(*[r[3] for r in table])
        self.say("For each output, take its difference from what we wanted, and square it.",
                 FadeIn(heads[3]), LaggedStart(*[Write(s) for s in squares], lag_ratio=0.15), run_time=2.0)
        terms = (outputs - wanted) ** 2
        far, close = int(np.argmax(terms)), int(np.argmin(terms))
        marks = VGroup(*[SurroundingRectangle(table[k][1:], color=theme().accent, buff=0.06) for k in (far, close)])
        self.say("An output far from what we wanted adds a lot, like this one; one that is close adds little, "
                 "like this one.", Create(marks[0]), Create(marks[1]), run_time=1.2)
        total = self.total(squares)
        cost = float(b.arrays["sample_train_init_cost"][i])
        self.say(f"Add up the {num(len(outputs), 'size:-1')} squares, and we get the cost of this one example: "
                 f"{num(cost, f'array:sample_train_init_cost:{i}', places=self.places)}.",
                 FadeOut(marks), Write(total), run_time=1.2, show="cost = sum of (output − wanted)²")
        trained = through(b, i, b.network, "the trained network")
        trained_cost = float(((trained.output - wanted) ** 2).sum())
        said = num_significant(trained_cost, f"train_cost:trained:{i}")
        panel = self.trained_panel(trained, said, total)
        self.say("For contrast, the same image through the trained network: its outputs are near what we wanted, "
                 f"and the cost is only {said}.",
                 FadeIn(panel), run_time=1.2)
        unsure = "and the random one is both" if int(np.argmax(outputs)) != label else "and the random one is unsure"
        self.say("The cost is small when the network gives the right answer with confidence. "
                 f"It is large when the answer is wrong or unsure, {unsure}.")

    def row_y(self, k: int) -> float:
        return self.TOP - k * self.ROW

    def table(self, b, i, outputs, label):
        p = self.places
        cells = VGroup()
        for k, (a, t) in enumerate(zip(outputs, written_terms(outputs, np.eye(len(outputs))[label], p))):
            y = 1 if k == label else 0
            row = VGroup(Text(str(k), font_size=style.SMALL_SIZE, color=theme().text),
                         MathTex(f"{a:.{p}f}", font_size=style.TERM_SIZE),
                         MathTex(str(y), font_size=style.TERM_SIZE, color=theme().accent),
                         MathTex(f"{t / 10**p:.{p}f}", font_size=style.TERM_SIZE))
            for cell, x in zip(row, self.COLUMNS):
                cell.move_to([x, self.row_y(k), 0])
            cells.add(row)
        bars = OutputBars(outputs, length=1.3, height=0.22, digits=False).level_with([r[0] for r in cells])
        bars.shift((self.COLUMNS[0] + 0.35 - bars.tracks.get_left()[0]) * RIGHT)
        bars.remove(bars.rows)
        bars = VGroup(*[VGroup(track, fill) for track, fill in zip(bars.tracks, bars.fills)])  # the table writes the values
        heads = VGroup(*[Text(t, font_size=style.SMALL_SIZE, color=c) for t, c in (
            ("output", theme().text), ("", theme().text), ("wanted", theme().accent))],
            MathTex(r"(\text{output} - \text{wanted})^2", font_size=style.TERM_SIZE))
        heads[0].move_to([(self.COLUMNS[0] + self.COLUMNS[1]) / 2 + 0.2, self.TOP + 0.55, 0])
        heads[2].move_to([self.COLUMNS[2], self.TOP + 0.55, 0])
        heads[3].move_to([self.COLUMNS[3] + 0.3, self.TOP + 0.55, 0])
        image = image_mobject(style.grey_rgb(b.arrays["sample_train_image"][i]), 1.5)
        caption = VGroup(*[Text(t, font_size=style.SMALL_SIZE, color=theme().dim_text)
                           for t in ("a training", "image,", f"label {label}")]).arrange(DOWN, buff=0.1)
        picture = Group(image, caption.next_to(image, DOWN, buff=0.15)).move_to([*self.PICTURE_AT, 0])
        return picture, cells, heads, bars

    def total(self, squares) -> VGroup:
        p = self.places
        right = squares.get_right()[0]
        rule = Line([right - 1.3, 0, 0], [right + 0.1, 0, 0], stroke_width=2, color=theme().text)
        rule.set_y(self.row_y(len(squares) - 1) - 0.32)
        total_units = sum(int(round(float(s.get_tex_string()) * 10**p)) for s in squares)  # what is written, added
        value = MathTex(rf"\text{{cost}} = {total_units / 10**p:.{p}f}", font_size=style.FORMULA_SIZE,
                        color=theme().accent)
        value.next_to(rule, DOWN, buff=0.2).align_to(squares, RIGHT)
        count = Text(f"sum of the {len(squares)} squares", font_size=style.SMALL_SIZE, color=theme().dim_text)
        count.next_to(value, LEFT, buff=0.4)
        return VGroup(rule, value, count)

    def trained_panel(self, trained, said: str, under) -> VGroup:
        """The trained network's outputs for the same image, as bars beside the table's rows, and its cost.
        Bars only: outputs written to two places (the 9's "0.01") squared to more than the whole cost, which
        a viewer who checks by hand read as a contradiction; the bars show the shape, the cost its size."""
        wanted = range(len(trained.output))
        bars = OutputBars(trained.output, length=1.2, height=0.22, digits=False)
        bars.level_with([Dot([0, self.row_y(k), 0]) for k in range(len(wanted))])
        bars.shift((self.TRAINED_AT - bars.tracks.get_left()[0]) * RIGHT)
        bars.remove(bars.rows)
        bars = VGroup(*[VGroup(track, fill) for track, fill in zip(bars.tracks, bars.fills)])
        head = Text("after training", font_size=style.SMALL_SIZE, color=theme().text)
        head.move_to([bars.get_center()[0], self.TOP + 0.55, 0])
        # The same colour as the random start's cost: the colour says "a cost", not which network.
        value = MathTex(rf"\text{{cost}} = {tex_written(said)}", font_size=style.INLINE_FORMULA_SIZE,
                        color=theme().accent)
        value.move_to([bars.get_center()[0], under[1].get_center()[1], 0])
        value.shift(min(0.0, 6.5 - value.get_right()[0]) * RIGHT)  # inside the frame's margin
        return VGroup(head, bars, value)


class AverageCost(Beat):
    def construct(self):
        b = bundle()
        self.headline("The network's cost: the average over all examples")
        history_note(self)
        slot, text = self.cycle(b)
        self.average(b, slot, text)

    @staticmethod
    def example_text(label, cost) -> MathTex:
        return MathTex(rf"\text{{label {label}: cost}} = {cost:.2f}", font_size=style.FORMULA_SIZE)

    def cycle(self, b):
        images, labels, costs = (b.arrays[k] for k in ("sample_train_image", "sample_train_label",
                                                       "sample_train_init_cost"))
        slot = image_mobject(style.grey_rgb(images[0]), 2.4).shift(2.5 * LEFT)
        text = self.example_text(labels[0], costs[0]).next_to(slot, RIGHT, buff=0.8)
        self.say("One example does not tell us much. This training image is labelled "
                 f"{num(labels[0], 'array:sample_train_label:0')}, and with the random weights its cost is "
                 f"{num(costs[0], 'array:sample_train_init_cost:0')}.", FadeIn(slot), FadeIn(text), run_time=0.8)
        # Examples cycle faster and faster: page i stays max(0.5 * 0.85^i, 1/15) (relative), as before.
        pages = [(image_mobject(style.grey_rgb(images[i]), 2.4).move_to(slot),
                  self.example_text(labels[i], costs[i]).move_to(text, aligned_edge=LEFT))
                 for i in range(1, len(images))]
        durations = [max(0.5 * 0.85**i, 1 / 15) for i in range(1, len(images))]
        self.say("Every training image has a cost of its own. Here they go by, faster and faster, "
                 "all through the same random network.",
                 Flipbook(slot, [image for image, _ in pages], durations, caption=text,
                          captions=[words for _, words in pages]))
        return slot, text

    def average(self, b, slot, text):
        n = b.meta["init_train_count"]
        mean = b.meta["init_train_cost"]
        # C for the network, C_x for one image: one word ("cost") for both, inside one equation, read as one thing.
        avg = MathTex(rf"C = \frac{{1}}{{{n:,}}}\sum_{{x}} C_x = {mean:.2f}".replace(",", "{,}"),
                      font_size=style.KEY_FORMULA_SIZE).move_to(1.5 * UP)
        key = MathTex(r"C_x:\ \text{the cost of training image } x", font_size=style.TERM_SIZE,
                      color=theme().dim_text).next_to(avg, DOWN, buff=0.3)
        line, dots, marker = self.spread(b, mean)
        # The formula whole first (fading in, not written stroke by stroke): the value is on screen when said.
        self.say(f"Average the cost over all {num(n, 'meta:init_train_count')} training images, and we get a "
                 f"single number for the whole network: {num(mean, 'meta:init_train_cost')}.",
                 Succession(AnimationGroup(FadeOut(slot), FadeOut(text), run_time=0.4),
                            AnimationGroup(FadeIn(avg), FadeIn(key), run_time=0.6),
                            AnimationGroup(Create(line), LaggedStart(*[FadeIn(d) for d in dots], lag_ratio=0.03),
                                           run_time=1.2),
                            FadeIn(marker, run_time=0.6)), run_time=2.8)
        self.say("That number is our score for how bad the network is. Learning means making it smaller.")

    @staticmethod
    def spread(b, mean):
        """The costs of the sample training images just shown, as dots on a line (piled up where they
        crowd), and the average over the whole training set marked on the same line."""
        costs = b.arrays["sample_train_init_cost"]
        low, top = (float(np.floor(2 * min(costs.min(), mean)) / 2), float(np.ceil(2 * max(costs.max(), mean)) / 2))
        line = NumberLine(x_range=[low, top, 0.5], length=10, include_numbers=True, font_size=style.TABLE_SIZE,
                          decimal_number_config={"num_decimal_places": 1}, color=theme().dim_text).move_to(1.9 * DOWN)
        line.numbers.set_color(theme().dim_text)
        dots, pile = VGroup(), {}
        for c in sorted(costs):
            key = int(line.n2p(c)[0] // 0.13)  # dots closer than their width stack up
            pile[key] = pile.get(key, -1) + 1
            at = line.n2p(c)
            at[0] = (key + 0.5) * 0.13  # one column per pile
            dots.add(Dot(at + (0.2 + 0.13 * pile[key]) * UP, radius=0.06, color=theme().text))
        tick = Line(line.n2p(mean) + 0.15 * DOWN, line.n2p(mean) + 0.15 * UP + (0.35 + 0.13 * max(pile.values())) * UP,
                    color=theme().accent, stroke_width=4)
        words = Text(f"the {len(costs)} images just shown, one dot each", font_size=style.SMALL_SIZE,
                     color=theme().dim_text)
        words.next_to(line, DOWN, buff=0.55).align_to(line, LEFT)
        mark = Text(f"the average of all {b.meta['init_train_count']:,}", font_size=style.SMALL_SIZE,
                    color=theme().accent).next_to(tick, UP, buff=0.1)
        return VGroup(line, words), dots, VGroup(tick, mark)


class TwoFunctions(Beat):
    """The network and the cost as two machines, one above the other: what goes in, what comes out, and
    what is built in, each drawn as its line says it (a real training image in, its real outputs out;
    the random start's parameters in, its real average cost out)."""
    NET_Y, COST_Y = 1.55, -1.05
    IN_X, OUT_X = -5.3, 5.2

    def construct(self):
        b = bundle()
        sizes, count = b.sizes, b.network.parameter_count
        n_train = b.meta["data_source"]["train_count"]
        self.headline("Two functions: the network, and its cost")
        history_note(self)  # the random start's parameters and cost
        net = self.box("the network", f"set by its {count:,} weights and biases").move_to([0, self.NET_Y, 0])
        cost = self.box("the cost function", f"built in: the {n_train:,} training images").move_to([0, self.COST_Y, 0])
        i = training_example(b)
        digit = through(b, i, b.network, f"MNIST training image {i}")
        image = image_mobject(style.grey_rgb(digit.image), 1.3)
        pixels = Group(image, Text(f"{sizes[0]} numbers", font_size=style.SMALL_SIZE)).arrange(DOWN, buff=0.15)
        pixels.move_to([self.IN_X, self.NET_Y, 0])
        bars = OutputBars(digit.output, length=0.9, height=0.12, gap=0.05, digits=False)
        bars.remove(bars.rows)
        bars = VGroup(*[VGroup(t, f) for t, f in zip(bars.tracks, bars.fills)])  # the shape of the answer only
        outputs = VGroup(bars, Text(f"{sizes[-1]} numbers", font_size=style.SMALL_SIZE)).arrange(DOWN, buff=0.15)
        outputs.move_to([self.OUT_X, self.NET_Y, 0])
        arrows = VGroup(Arrow(pixels.get_right(), net.get_left(), buff=0.2),
                        Arrow(net.get_right(), outputs.get_left(), buff=0.2))
        self.say(f"Keep two functions apart. The first is the network: it takes {num(sizes[0], 'size:0')} numbers, "
                 f"the pixels, and gives back {num(sizes[-1], 'size:-1')}. What it does with them is set by its "
                 f"{num(count, 'parameters')} weights and biases.",
                 Succession(FadeIn(net, run_time=0.6), FadeIn(pixels, run_time=0.5), Create(arrows[0], run_time=0.4),
                            Create(arrows[1], run_time=0.4), FadeIn(outputs, run_time=0.5)), run_time=2.4)
        column = MathTex(r"\begin{bmatrix} " + r" \\ ".join(
            [fmt(v, 3) for v in b.initial_network.to_vector()[:2]] + [r"\vdots"]) + r" \end{bmatrix}",
                         font_size=style.TERM_SIZE)
        knobs = VGroup(column, Text(f"{count:,} numbers", font_size=style.SMALL_SIZE)).arrange(DOWN, buff=0.15)
        knobs.move_to([self.IN_X, self.COST_Y, 0])
        average = b.meta["init_train_cost"]
        value = VGroup(MathTex(f"{average:.2f}", font_size=style.FORMULA_SIZE, color=theme().accent),
                       Text("1 number", font_size=style.SMALL_SIZE)).arrange(DOWN, buff=0.15)
        value.move_to([self.OUT_X, self.COST_Y, 0])
        cost_arrows = VGroup(Arrow(knobs.get_right(), cost.get_left(), buff=0.2),
                             Arrow(cost.get_right(), value.get_left(), buff=0.2))
        self.say(f"The second is the cost function. Its input is all {num(count, 'parameters')} weights and "
                 "biases, and its output is a single number: how bad they are. For the random start, it is "
                 f"{num(average, 'meta:init_train_cost')}.",
                 Succession(FadeIn(cost, run_time=0.6), FadeIn(knobs, run_time=0.5),
                            Create(cost_arrows[0], run_time=0.4), Create(cost_arrows[1], run_time=0.4),
                            FadeIn(value, run_time=0.5)), run_time=2.4)
        feed = self.training_strip(b, cost)
        self.say(f"The {num(n_train, 'meta:data_source.train_count')} training examples are built into it. "
                 "They are what the cost is measured on.", feed, run_time=2.0)
        goal = SurroundingRectangle(value, color=theme().accent, buff=0.12)
        search = SurroundingRectangle(knobs, color=theme().text, buff=0.12)
        self.say("Learning means finding the input to this second function that makes its output small. "
                 f"That is a search in {num(count, 'parameters')} dimensions, so let us start with just one.",
                 Create(goal), Create(search), run_time=1.0, show="learning: find the input that makes the cost small")

    def training_strip(self, b, cost) -> AnimationGroup:
        """A dozen real training images dropping into the cost function's box, and staying faint on it."""
        images = b.arrays["sample_train_image"][:12]
        strip = Group(*[image_mobject(style.grey_rgb(im), 0.45) for im in images]).arrange(RIGHT, buff=0.08)
        strip.next_to(cost, DOWN, buff=0.25)
        return LaggedStart(*[FadeIn(m, shift=0.3 * UP) for m in strip], lag_ratio=0.1)

    @staticmethod
    def box(title, *lines):
        body = VGroup(Text(title, font_size=style.BODY_SIZE, color=theme().accent),
                      *[Text(l, font_size=style.SMALL_SIZE) for l in lines]).arrange(DOWN, buff=0.25)
        frame = Rectangle(width=max(body.width + 0.6, 5.0), height=body.height + 0.6, color=theme().dim_text)
        return VGroup(frame, body)


class OneVariable(Beat):
    def construct(self):
        axes = Axes(x_range=[*toy.W_RANGE, 1], y_range=[0, 8, 2], x_length=11, y_length=4.6,
                    axis_config={"include_numbers": False}).shift(0.5 * DOWN)
        # The curve in the text colour: blue means a positive weight, and nothing else.
        curve = axes.plot(toy.curve, x_range=toy.W_RANGE, color=theme().text, stroke_width=4)
        self.headline("One knob: follow the slope down")
        label = Text("a toy cost curve C(w), not the network's", font_size=style.SMALL_SIZE, color=theme().accent)
        label.to_edge(UP, buff=1.05)
        names = axes.get_axis_labels(MathTex("w"), MathTex("C(w)"))
        self.say("First, a toy. This curve is made up, it is not the network's cost: "
                 "one knob, w, and one cost, C of w.", Create(axes), Create(curve), FadeIn(label), FadeIn(names),
                 run_time=2.0)
        path = toy.descent_path(-1.5)
        ball = self.ball(axes, path)
        w = path[0]
        tangent = axes.plot(lambda x: toy.curve(w) + toy.curve_slope(w) * (x - w), x_range=[w - 0.8, w + 0.8],
                            color=theme().text, stroke_width=3)
        self.say("Put a ball somewhere on it. The slope under the ball tells us which way is downhill.",
                 AnimationGroup(FadeIn(ball, scale=1.5), Create(tangent), lag_ratio=0.3), run_time=1.2)
        trail = self.trail(axes, path)
        self.say("So step against the slope, again and again. The steps are big where the curve is steep, "
                 "and they shrink as it flattens, until the ball rests in a valley.",
                 Succession(FadeOut(tangent, run_time=0.3),
                            AnimationGroup(self.steps(axes, ball, path),
                                           LaggedStart(*[FadeIn(d) for d in trail], lag_ratio=1, run_time=1.8))),
                 run_time=2.1, show="step against the slope; steps shrink as it flattens")
        self.say("Start from somewhere else, and the ball may settle in a different valley.",
                 *[self.roll(axes, start) for start in (-3.8, 3.5)])
        xs = np.linspace(*toy.W_RANGE, 2001)
        lowest = float(xs[np.argmin(toy.curve(xs))])
        mark = VGroup(Text("lowest valley", font_size=style.SMALL_SIZE, color=theme().dim_text),
                      Arrow(UP, DOWN, buff=0, color=theme().dim_text, stroke_width=3).scale(0.35)
                      ).arrange(DOWN, buff=0.08).next_to(axes.c2p(lowest, toy.curve(lowest)), DOWN, buff=0.12)
        mark[1].rotate(np.pi)  # pointing up at the valley's floor, from under the curve
        self.say("Each valley is a local minimum. Where you end up depends on where you start, "
                 "and nothing promises the lowest valley of all.", FadeIn(mark), run_time=0.6,
                 show="each valley: a local minimum")

    @staticmethod
    def trail(axes, path, count: int = 15) -> VGroup:
        """Where the ball stood after each of its first ``count`` steps: the gaps shrink as the slope flattens."""
        return VGroup(*[Dot(axes.c2p(w, toy.curve(w)), radius=0.045, color=theme().dim_text)
                        for w in path[1 : count + 1]])

    @staticmethod
    def ball(axes, path) -> Dot:
        return Dot(axes.c2p(path[0], toy.curve(path[0])), radius=0.11, color=theme().accent)

    @staticmethod
    def steps(axes, ball, path, count: int = 15) -> UpdateFromAlphaFunc:
        """The ball's first ``count`` steps, each one 0.12 s (smooth within a step). One animation: a
        ``Succession`` of ``ball.animate`` moves would share one ``ball.target`` and all jump to the last."""
        points = [axes.c2p(w, toy.curve(w)) for w in path[: count + 1]]

        def place(m, alpha):
            t = alpha * count
            k = min(int(t), count - 1)
            m.move_to(points[k] + (points[k + 1] - points[k]) * smooth(t - k))

        return UpdateFromAlphaFunc(ball, place, run_time=0.12 * count)

    def roll(self, axes, start: float) -> Succession:
        """A ball from ``start`` all the way down (from 3.5, 15 steps leave it on the slope)."""
        path = toy.descent_path(start)
        ball = self.ball(axes, path)
        return Succession(FadeIn(ball, scale=1.5, run_time=0.3), self.steps(axes, ball, path, len(path) - 1))


class TwoVariables(Beat):
    def construct(self):
        plane = Axes(x_range=[-3, 3, 1], y_range=[-2, 2, 1], x_length=7, y_length=4.7,
                     axis_config={"include_numbers": False}).shift(0.3 * DOWN)
        shading = self.contours(plane)
        self.headline("Two knobs: which way is down?")
        label = Text("a toy cost C(x, y) over the input plane (darker = lower)", font_size=style.SMALL_SIZE,
                     color=theme().accent).to_edge(UP, buff=1.05)
        names = VGroup(MathTex("x", font_size=style.FORMULA_SIZE).next_to(plane.x_axis, RIGHT, buff=0.15),
                       MathTex("y", font_size=style.FORMULA_SIZE).next_to(plane.y_axis, UP, buff=0.1))
        self.say("Another toy, now with two knobs, x and y. Each point of this plane is one setting of the knobs, "
                 "and its shade is the cost there: darker is lower.", Create(plane), FadeIn(shading), FadeIn(label),
                 FadeIn(names), run_time=2.0)
        self.gradient_arrows(plane)
        count = bundle().network.parameter_count
        knobs = Text(f"the network's cost: {count:,} knobs", font_size=style.SMALL_SIZE, color=theme().accent)
        knobs.to_edge(DOWN, buff=1.0).to_edge(RIGHT, buff=0.5)
        self.say(f"The network's cost has {num(count, 'parameters')} knobs, not two, "
                 "but the idea is the same: its gradient is just a longer list of numbers.", FadeIn(knobs), run_time=0.6)

    def contours(self, plane):
        xs, ys = np.linspace(-3, 3, 90), np.linspace(-2, 2, 60)
        z = toy.surface(xs[None, :], ys[::-1, None])
        t = (z - z.min()) / (z.max() - z.min())
        low, high = (np.array(ManimColor(c).to_rgb()) for c in (style.COST_LOW, style.COST_HIGH))
        rgb = np.round(255 * (low + (high - low) * t[..., None])).astype(np.uint8)  # the landscape's grey ramp
        img = image_mobject(rgb, plane.y_length).stretch_to_fit_width(plane.x_length).move_to(plane.c2p(0, 0))
        return img

    def gradient_arrows(self, plane):
        x, y = 1.6, 1.0
        g = toy.surface_gradient(x, y)
        unit = g / np.linalg.norm(g)
        point = plane.c2p(x, y)
        # Not the sign colours (they mean a weight's sign): uphill in the text colour, the way we go in the
        # accent, like the ball before and the training path later.
        up = Arrow(point, plane.c2p(x + unit[0], y + unit[1]), buff=0, color=theme().text, stroke_width=6)
        down = Arrow(point, plane.c2p(x - unit[0], y - unit[1]), buff=0, color=theme().accent, stroke_width=6)
        self.say("Stand at this point. Of all the ways you could step, which one lowers the cost the fastest?",
                 FadeIn(Dot(point, color=theme().text)), run_time=0.8)
        self.say("Calculus answers with the gradient, written nabla C. It points the way the cost climbs fastest, "
                 "and its length says how steep that climb is.",
                 Create(up), FadeIn(MathTex(r"\nabla C", color=theme().text).next_to(up.get_end(), UP)),
                 run_time=1.0, show="∇C: the way up, fastest")
        self.say("So step the other way, along minus the gradient. That is the steepest way down.",
                 Create(down), FadeIn(MathTex(r"-\nabla C", color=theme().accent).next_to(down.get_end(), DOWN)),
                 run_time=1.0, show="−∇C: the way down, fastest")


def next_chapter() -> str | None:
    """The title of the chapter after this one in the catalogue (the one list of chapters), if any."""
    from scenes.catalogue import CHAPTER_LIST

    names = [c.name for c in CHAPTER_LIST]
    here = names.index("chapter2") if "chapter2" in names else -1
    return CHAPTER_LIST[here + 1].title if 0 <= here < len(names) - 1 else None


def accent_word() -> str:
    """The highlight colour's name, as said and written (it differs between themes)."""
    return {"#F0E442": "yellow", "#CC79A7": "pink"}.get(theme().accent.upper(), "highlighted")


class RealLandscape(Beat3D):
    """The real cost around the trained network, sliced along the two directions training moved
    most (netcore: PCA of the snapshots), with the training path on it.

    Speed: the surface is the costly thing (every face depth-sorted and shaded in Python each
    frame it is redrawn), so it has few faces (``style.LANDSCAPE_FACES`` along the longer axis),
    appears quickly, and is redrawn under a moving camera only during one short turn; everything
    else moves on top of it while it sits in the static frame.
    """

    FACES = style.LANDSCAPE_FACES
    TURN, TURN_SECONDS = style.LANDSCAPE_TURN, style.LANDSCAPE_TURN_SECONDS
    REVEAL_SECONDS = style.LANDSCAPE_REVEAL_SECONDS

    def construct(self):
        b = bundle()
        land = b.meta["landscape"]
        self.view = view = LandscapeView(b, self.FACES)  # the tests read the drawing's coordinates from it
        self.set_camera_orientation(phi=style.LANDSCAPE_PHI, theta=style.LANDSCAPE_THETA, zoom=style.LANDSCAPE_ZOOM)
        self.caption(b)
        history_note(self)
        whose = "the reference run's trained network" if b.imported else "the trained network"
        self.say(f"This surface is no toy: it is the real cost of {whose}. To draw it in reasonable time, each "
                 f"point is averaged over a sample of {num(land['subset_size'], 'meta:landscape.subset_size')} "
                 "training images, not all of them, so its costs differ a little from the full set's.",
                 *self.reveal(view), run_time=self.REVEAL_SECONDS)
        count = num(b.network.parameter_count, "parameters")
        self.say(f"But the network has {count} knobs, and a picture has room for two. So we drew the cost "
                 "along the two directions in which training moved the most.",
                 show=f"{count} knobs; drawn: the 2 directions training moved most")
        shares = [num(land[f"variance_{k}"], f"meta:landscape.variance_{k}", percent=True) for k in (1, 2)]
        labels = self.fixed_facing(*view.axis_labels(shares))
        most = "So this slice holds nearly all of the path." if land["variance_1"] + land["variance_2"] >= 0.9 else \
            "The rest of the path's movement is in directions this slice cannot show."
        self.say(f"Direction one holds {shares[0]} of training's movement, and direction two another {shares[1]}. {most}",
                 *[FadeIn(m) for m in labels], run_time=1.0)
        start_cost = num(b.arrays["landscape_path_cost"][0], "array:landscape_path_cost:0")
        self.fixed_facing(*view.dots)
        start = view.point_label("start", start_cost, 0)
        self.fixed_facing(start[-1])
        self.say(f"The {accent_word()} dots are the real training run, one for each saved snapshot, at its real cost. "
                 f"It starts at the random network, with a cost of {start_cost}.",
                 Create(view.path), FadeIn(view.dots), *[FadeIn(m) for m in start], run_time=2.0)
        if view.starts_above_surface():
            self.say("Its first steps cut the cost by moving in directions the slice leaves out, "
                     "so those dots float above the surface.")
        end_cost = num(land["centre_cost"], "meta:landscape.centre_cost")
        end = view.point_label("trained", end_cost, -1)
        self.fixed_facing(end[-1])
        grid = b.arrays["landscape_cost"]
        where = "at the bottom of the valley" if grid.min() >= land["centre_cost"] else "near the bottom of the valley"
        self.say(f"Then it runs down across the surface to the trained network, with a cost of {end_cost}, {where}.",
                 *[FadeIn(m) for m in end], run_time=1.0)
        self.say("Even so, it is only a slice. The real landscape has far too many dimensions to draw; "
                 "slices like this one are how we peek at it.",
                 self.camera.theta_tracker.animate.increment_value(self.TURN), run_time=self.TURN_SECONDS)

    def reveal(self, view) -> list:
        return [Create(view.frame()), FadeIn(view.surface)]

    def fixed_facing(self, *mobjects):
        """Labels that stay where they are in 3-D but always face the camera (added invisible, faded in)."""
        self.add_fixed_orientation_mobjects(*mobjects)
        self.remove(*mobjects)
        return mobjects

    def caption(self, b):
        land = b.meta["landscape"]
        lines = VGroup(
            Text("The real cost around the " + ("reference run's " if b.imported else "") + "trained network",
                 font_size=style.BODY_SIZE),
            Text(f"cost averaged over a sample of {land['subset_size']:,} training images; darker = lower",
                 font_size=style.SMALL_SIZE, color=theme().dim_text),
        ).arrange(DOWN, buff=0.12).to_edge(UP, buff=0.25)
        self.add_fixed_in_frame_mobjects(lines)
        return lines


class LandscapeView:
    """The surface, its axes, the training path and their labels, built once from the bundle.

    The surface interpolates the exported grid bilinearly (it shows measured values only) at
    fewer vertices than the grid has: the faces, not the grid, set what a frame costs.
    """

    def __init__(self, b, faces: int = style.LANDSCAPE_FACES):
        self.faces = faces
        self.a1, self.a2 = b.arrays["landscape_axis_1"], b.arrays["landscape_axis_2"]
        self.grid = b.arrays["landscape_cost"]
        self.coords, self.costs = b.arrays["landscape_path"], b.arrays["landscape_path_cost"]
        self.zmax = float(np.ceil(max(self.grid.max(), self.costs.max())))
        # One scale for both directions (they are orthonormal): the slice is drawn in its true proportions.
        long_side = max(np.ptp(self.a1), np.ptp(self.a2))
        x_len, y_len = (style.LANDSCAPE_WIDTH * np.ptp(a) / long_side for a in (self.a1, self.a2))
        self.axes = ThreeDAxes(x_range=[self.a1[0], self.a1[-1], np.ptp(self.a1)],
                               y_range=[self.a2[0], self.a2[-1], np.ptp(self.a2)],
                               z_range=[0, self.zmax, 1], x_length=x_len, y_length=y_len,
                               z_length=style.LANDSCAPE_HEIGHT, tips=False).shift(style.LANDSCAPE_SHIFT)
        self.surface = self._surface()
        points = [self.axes.c2p(a, c, z) for (a, c), z in zip(self.coords, self.costs)]
        self.path = VMobject(stroke_color=theme().accent, stroke_width=5).set_points_as_corners(points)
        # Flat dots kept facing the camera (the scene pins them): one shape each, where a Dot3D sphere
        # was 16 faces to sort and shade, more than the whole surface for 31 snapshots.
        self.dots = VGroup(*[Dot(p, radius=0.06, color=theme().accent) for p in points])

    def height(self, u: float, v: float) -> float:
        """The cost at (u, v) on the slice: bilinear between the four measured grid nodes around it."""
        return float(bilinear(self.a1, self.a2, self.grid, np.array([u]), np.array([v]))[0])

    def starts_above_surface(self) -> bool:
        """Whether the start's real cost is clearly above the slice under it (the start moved out of the plane)."""
        under = bilinear(self.a1, self.a2, self.grid, self.coords[:1, 0], self.coords[:1, 1])[0]
        return self.costs[0] - under > style.LANDSCAPE_ABOVE * (self.grid.max() - self.grid.min())

    def _surface(self) -> Surface:
        long_side = max(np.ptp(self.a1), np.ptp(self.a2))
        faces = [max(2, round(self.faces * np.ptp(a) / long_side)) for a in (self.a1, self.a2)]
        surface = Surface(lambda u, v: self.axes.c2p(u, v, self.height(u, v)),
                          u_range=[self.a1[0], self.a1[-1]], v_range=[self.a2[0], self.a2[-1]],
                          resolution=tuple(faces), fill_opacity=0.8, stroke_width=0.4,
                          checkerboard_colors=[style.COST_LOW, style.COST_LOW], stroke_color=theme().background)
        # The toy's grey ramp, darker = lower (it was blue to orange: the weight-sign colours).
        surface.set_fill_by_value(axes=self.axes, axis=2, colorscale=[
            (style.COST_LOW, float(self.grid.min())), (style.COST_HIGH, float(self.grid.max()))])
        return surface

    def frame(self) -> VGroup:
        """The slice's edge on the floor (cost 0) and a cost axis with its ticks at the back corner,
        where the surface is low and the path never passes."""
        x0, x1, y0, y1 = self.a1[0], self.a1[-1], self.a2[0], self.a2[-1]
        c2p = self.axes.c2p
        floor = VMobject(stroke_color=theme().dim_text, stroke_width=2).set_points_as_corners(
            [c2p(x0, y0, 0), c2p(x1, y0, 0), c2p(x1, y1, 0), c2p(x0, y1, 0), c2p(x0, y0, 0)])
        axis = Line(c2p(x1, y1, 0), c2p(x1, y1, self.zmax), color=theme().text, stroke_width=3)
        ticks = VGroup(*[Line(c2p(x1, y1, k), c2p(x1, y1, k) + 0.15 * RIGHT, color=theme().text, stroke_width=3)
                         for k in range(int(self.zmax) + 1)])
        return VGroup(floor, axis, ticks)

    def axis_labels(self, shares: list[str]) -> list[Mobject]:
        """'direction 1: 91.9% of the path's movement' along each edge, 'cost' and its ticks up the axis."""
        size, pad = style.LANDSCAPE_LABEL_SIZE, style.LANDSCAPE_LABEL_PAD
        x0, x1, y0, y1 = self.a1[0], self.a1[-1], self.a2[0], self.a2[-1]
        across = pad * np.ptp(self.a2)  # "outside the slice", in the slice's own units
        one = VGroup(Text("direction 1", font_size=size, color=theme().text),
                     Text(f"{written(shares[0])} of the path's movement", font_size=size, color=theme().dim_text)
                     ).arrange(DOWN, buff=0.12)
        two = Text(f"direction 2: {written(shares[1])}", font_size=size, color=theme().text)
        # Out past the front edge's raised left end (the surface is highest there), not under it.
        one.move_to(self.axes.c2p(x0 + 0.15 * (x1 - x0), y0 - 2.5 * across, 0) - style.LANDSCAPE_LABEL_DROP * OUT)
        two.next_to(self.axes.c2p(x1, y0 + 0.6 * (y1 - y0), 0), RIGHT, buff=0.3)
        ticks = [Text(f"{k:g}", font_size=size, color=theme().dim_text).next_to(self.axes.c2p(x1, y1, k), RIGHT, buff=0.3)
                 for k in range(int(self.zmax) + 1)]
        cost = Text("cost", font_size=size, color=theme().text).next_to(self.axes.c2p(x1, y1, self.zmax), UP, buff=0.45)
        return [one, two, cost, *ticks]

    def point_label(self, name: str, cost: str, index: int) -> list[Mobject]:
        """'start: cost 3.04' above the start; the trained point's out past the slice's front edge,
        clear of the path that comes down into it, with a leader line to its dot."""
        label = Text(f"{name}: cost {cost}", font_size=style.LANDSCAPE_LABEL_SIZE, color=theme().accent)
        dot = self.dots[index].get_center()
        if index == 0:
            return [label.move_to(dot + style.LANDSCAPE_LABEL_RISE * OUT)]
        a, _ = self.coords[index]
        anchor = self.axes.c2p(a, self.a2[0] - 2 * style.LANDSCAPE_LABEL_PAD * np.ptp(self.a2), 0)
        leader = DashedLine(dot, anchor + 0.5 * style.LANDSCAPE_LABEL_RISE * OUT, color=theme().accent, stroke_width=2)
        return [leader, label.move_to(anchor)]


def bilinear(a1: np.ndarray, a2: np.ndarray, grid: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Values of ``grid`` (measured at ``a1`` x ``a2``) at the points (u, v), bilinearly interpolated."""
    i = np.clip(np.interp(u, a1, np.arange(len(a1))), 0, len(a1) - 1)
    j = np.clip(np.interp(v, a2, np.arange(len(a2))), 0, len(a2) - 1)
    i0, j0 = np.minimum(i.astype(int), len(a1) - 2), np.minimum(j.astype(int), len(a2) - 2)
    fi, fj = i - i0, j - j0
    return (grid[i0, j0] * (1 - fi) * (1 - fj) + grid[i0 + 1, j0] * fi * (1 - fj)
            + grid[i0, j0 + 1] * (1 - fi) * fj + grid[i0 + 1, j0 + 1] * fi * fj)


class GradientVector(Beat):
    """All the parameters as one column, named θ (W is chapter 1's weight matrix of one layer), beside the
    real −∇C(θ) of the random start; each line marks on the columns what it says."""
    ROW = 0.62  # row to row
    COLUMNS_AT = (0.9, -0.35, 0)

    def construct(self):
        b = bundle()
        theta, grad = b.initial_network.to_vector(), b.arrays["init_gradient"]
        count = num(len(theta), "parameters")
        self.headline(f"{len(theta):,} numbers, and how each should change")
        history_note(self)
        biggest, rise = self.picks(grad)
        shown = self.rows_shown(len(theta), (biggest, rise))
        left, right, names, heads = self.columns(theta, -grad, shown, b.sizes)
        key = self.name_key(len(b.sizes) - 1).to_edge(LEFT, buff=0.35).set_y(0.2)
        self.say(f"Back to the real network, at its random start. Here are all {count} of its weights and biases "
                 "as one long column. Call it theta: only a few of its rows are written out.",
                 FadeIn(left), FadeIn(names), FadeIn(heads[0]), FadeIn(key), run_time=1.0)
        self.say("Beside it is the real negative gradient of its average cost over the training set: "
                 "one number for every weight and bias.", FadeIn(right), FadeIn(heads[1]), run_time=1.0)
        entries = right.get_entries()
        # One positive entry marked "up" and one negative "down", in words beside them: the sign colours mean
        # a weight's sign, so they do not colour the gradient's entries.
        ways = VGroup(*[Text(word, font_size=style.SMALL_SIZE, color=theme().accent)
                        .next_to(right, RIGHT, buff=0.3).match_y(entries[shown.index(k)])
                        for k, word in ((rise, "\u2191 up"), (biggest, "\u2193 down"))])
        self.say("Each number's sign says which way to nudge its knob: up if it is positive, like this one, "
                 "down if it is negative, like this one. Its size says how much the cost cares about that knob.",
                 LaggedStart(FadeIn(ways[0]), FadeIn(ways[1]), lag_ratio=0.8), run_time=1.0,
                 show="sign: which way   size: how much it matters")
        kind, owner = parameter_words(biggest, b.sizes)
        way = "down" if grad[biggest] > 0 else "up"
        row = shown.index(biggest)
        box = SurroundingRectangle(VGroup(names[row], left.get_entries()[row], entries[row]), color=theme().accent,
                                   buff=0.1)
        said = num(grad[biggest], f"array:init_gradient:{biggest}", places=3)
        gradient = VGroup(Text("in the gradient", font_size=style.SMALL_SIZE, color=theme().accent),
                          MathTex(fmt(grad[biggest], 3), font_size=style.INLINE_FORMULA_SIZE, color=theme().accent)
                          ).arrange(DOWN, buff=0.1).next_to(right, RIGHT, buff=0.3).match_y(box)
        self.say(f"The largest entry of all belongs to {owner}. In the gradient it is {said}; with the minus sign, "
                 f"it says the cost falls fastest if that {kind} goes {way}.", FadeOut(ways), Create(box),
                 FadeIn(gradient), run_time=0.8)
        zeros = [k for k, i in enumerate(shown) if i is not None and grad[i] == 0]
        if np.any(grad == 0):
            rows = VGroup(*[VGroup(names[k], left.get_entries()[k], entries[k]) for k in zeros])
            marks = [Create(SurroundingRectangle(rows, color=theme().text, buff=0.1))] if zeros else []
            self.say("Some entries are exactly zero: the weights from pixels that are dark in every training "
                     "image. Nudging those changes nothing.", FadeOut(box), FadeOut(gradient), *marks, run_time=0.8)
        self.say("So the gradient is a to-do list for every knob at once: which way to turn it, "
                 "and how much that matters.", show="−∇C(θ): which way to turn each knob, and how much")

    @staticmethod
    def name_key(last: int) -> VGroup:
        """What the indices of a parameter's name say (the layers numbered from the input, 0)."""
        def line(tex: str, words: str) -> VGroup:
            return VGroup(MathTex(tex, font_size=style.TERM_SIZE, color=theme().dim_text),
                          Text(words, font_size=style.SMALL_SIZE, color=theme().dim_text)).arrange(RIGHT, buff=0.15)

        return VGroup(line(r"w^{(l)}_{j,k}", "weight into neuron j"),
                      Text("of layer l, from neuron k", font_size=style.SMALL_SIZE, color=theme().dim_text),
                      line(r"b^{(l)}_{j}", "bias of neuron j"),
                      Text(f"layers: 0 input ... {last} output", font_size=style.SMALL_SIZE, color=theme().dim_text),
                      ).arrange(DOWN, aligned_edge=LEFT, buff=0.18)

    @staticmethod
    def picks(grad) -> tuple[int, int]:
        """The entry the cost is most sensitive to (largest |∂C/∂θ|), and the largest positive entry of −∇C
        (a knob to turn up), so that both signs the voice names are on screen."""
        return int(np.argmax(np.abs(grad))), int(np.argmax(-grad))

    @staticmethod
    def rows_shown(n: int, picks) -> list:
        """The two first parameters, the picked ones, and the last two, in order, with a ⋮ wherever rows
        are skipped."""
        rows = sorted({0, 1, n - 2, n - 1, *picks})
        shown = [rows[0]]
        for before, i in zip(rows, rows[1:]):
            shown += ([None] if i > before + 1 else []) + [i]
        return shown

    def columns(self, theta, neg_grad, shown, sizes):
        def column(values) -> Matrix:
            rows = [[r"\vdots" if i is None else fmt(values[i], 3)] for i in shown]
            return Matrix(rows, v_buff=self.ROW, element_alignment_corner=RIGHT,
                          element_to_mobject_config={"font_size": style.INLINE_FORMULA_SIZE},
                          bracket_config={"font_size": style.INLINE_FORMULA_SIZE})

        left, right = column(theta), column(neg_grad)
        VGroup(left, right).arrange(RIGHT, buff=2.2).move_to(self.COLUMNS_AT)
        names = VGroup(*[Dot(radius=0, fill_opacity=0) if i is None else  # a ⋮ row has no name
                         MathTex(parameter_name(i, sizes), font_size=style.INLINE_FORMULA_SIZE) for i in shown])
        for name, entry in zip(names, left.get_entries()):
            name.next_to(left, LEFT, buff=0.25).match_y(entry)
        heads = VGroup(MathTex(r"\theta", font_size=style.HEADING_FORMULA_SIZE).next_to(left, UP, buff=0.3),
                       MathTex(r"-\nabla C(\theta)", font_size=style.HEADING_FORMULA_SIZE).next_to(right, UP, buff=0.3))
        heads[1].match_y(heads[0])
        return left, right, names, heads


class GradientEdges(Beat):
    """The random start's −∇C drawn on its edges: width and brightness = the entry's size, in one neutral
    colour (the sign colours mean a weight's sign, so the gradient's sign is not drawn here: the beat before
    showed it). Each gap is scaled to its own largest entry, so the few edges that matter stand out of
    a faint rest (scaled like weights, at a percentile, nearly every edge was bright)."""
    DIAGRAM_AT = (-2.1, -0.2)
    NOTES_X = 2.75  # the key's and the marked edges' notes, left edge

    def construct(self):
        b = bundle()
        grad = b.arrays["init_gradient"]
        self.headline("Which edges matter most right now?")
        history_note(self)
        d = diagram_of(Network.from_vector(-grad, b.sizes, b.meta["activation"])).move_to([*self.DIAGRAM_AT, 0])
        for gap, layer in enumerate(d.edge_layers):
            d.set_edge_weights(gap, layer.weight, scale=float(np.abs(layer.weight).max()) or 1.0)
            for bucket in layer.buckets.values():
                bucket.set_stroke(color=style.gradient_color())
        key = self.key().next_to([self.NOTES_X, 0, 0], RIGHT, buff=0).set_y(1.9)
        self.say("The same numbers, drawn on the network itself. Each edge now shows the size of its entry in "
                 "the negative gradient, instead of its weight: the thicker and brighter, the more that weight "
                 "matters.", FadeIn(d), FadeIn(key), run_time=1.0)
        self.say("Most edges are faint: the cost barely notices their weights right now. A few stand out.")
        big, small = self.mark_extremes(d)
        self.say("This edge matters a lot: nudging its weight moves the cost more than for any other edge "
                 "drawn between these two layers.", *big, run_time=1.0)
        self.say("This one hardly matters. Its entry is close to zero, so changing its weight would barely move "
                 "the cost.", *small, run_time=1.0)
        self.say("At the random start, a few connections matter far more than the rest. "
                 "The gradient tells training where to put its effort.")

    def key(self) -> VGroup:
        def sample(level: int, words: str) -> VGroup:
            line = Line(LEFT * 0.3, RIGHT * 0.3, color=style.gradient_color(), stroke_width=style.edge_width(level) + 1,
                        stroke_opacity=max(style.edge_opacity(level), 0.45))
            return VGroup(line, Text(words, font_size=style.SMALL_SIZE, color=theme().dim_text)).arrange(RIGHT, buff=0.2)

        rows = VGroup(Text("edges: the size of their", font_size=style.SMALL_SIZE),
                      MathTex(r"\text{entry in } -\nabla C", font_size=style.TERM_SIZE),
                      sample(0, "hardly matters"), sample(style.EDGE_LEVELS - 1, "matters most"))
        return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.15)

    def mark_extremes(self, d) -> list[list]:
        """The edge (between the first two hidden layers) whose gradient entry is largest and the one whose entry
        is closest to 0, each redrawn in the accent colour with a lettered tag on it (letters: digits next to
        a network read as output labels), and a note with the same letter beside the diagram: no leader lines
        to cross the other edges."""
        e = d.edge_layers[1]
        anims, entries = [], VGroup()
        for n, (k, text, along) in enumerate(((int(np.argmax(np.abs(e.weight))), "matters a lot", 0.35),
                                              (int(np.argmin(np.abs(e.weight))), "hardly matters", 0.65))):
            start, end = d.edge_endpoints(1, e.src[k : k + 1], e.dst[k : k + 1])
            edge = Line(start[0], end[0], color=theme().accent, stroke_width=5)
            tag = self.tag("AB"[n]).move_to(edge.point_from_proportion(along))
            words = VGroup(Text(text, font_size=style.SMALL_SIZE, color=theme().accent),
                           Text(f"entry {e.weight[k]:+.5f}".replace("-", "\u2212"), font_size=style.SMALL_SIZE,
                                color=theme().accent)).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
            entry = VGroup(self.tag("AB"[n]), words).arrange(RIGHT, buff=0.2)
            entries.add(entry)
            anims.append([Create(edge), FadeIn(tag), FadeIn(entry)])
        entries.arrange(DOWN, aligned_edge=LEFT, buff=0.35).next_to([self.NOTES_X, 0, 0], RIGHT, buff=0).set_y(-1.4)
        return anims

    @staticmethod
    def tag(letter: str) -> VGroup:
        disc = Dot(radius=0.2, color=theme().background).set_stroke(theme().accent, width=3)
        return VGroup(disc, Text(letter, font_size=style.SMALL_SIZE, color=theme().accent).move_to(disc))


class TrainingProgress:
    """What moves with the edges of a training run (``EdgeMorph``'s ``follow``): ``counter`` becomes
    ``counter_texts[i]`` at snapshot i, and ``curve`` is drawn through the curve points whose step
    has been reached (the step between two snapshots interpolated on a log scale)."""

    def __init__(self, snapshot_steps: np.ndarray, counter: VMobject, counter_texts, curve: VMobject,
                 curve_points: np.ndarray, curve_steps: np.ndarray):
        self.log_steps = np.log10(np.asarray(snapshot_steps, dtype=float) + 1)
        self.counter, self.counter_texts, self.shown = counter, list(counter_texts), -1
        self.curve, self.curve_points, self.curve_steps = curve, np.asarray(curve_points), np.asarray(curve_steps)

    def __call__(self, t: float, i: int, f: float) -> None:
        reached = min(int(np.floor(t + 1e-9)), len(self.counter_texts) - 1)
        if reached != self.shown:
            self.counter.become(self.counter_texts[reached])
            self.shown = reached
        step = 10 ** (self.log_steps[i] + f * (self.log_steps[i + 1] - self.log_steps[i])) - 1
        upto = int(np.searchsorted(self.curve_steps, step + 1e-6, side="right"))
        if upto >= 2:
            self.curve.set_points_as_corners(self.curve_points[:upto])
        else:
            self.curve.clear_points()


class GradientDescent(Beat):
    def construct(self):
        b = bundle()
        a = b.arrays
        # Not "compute ∇C, step along −∇C": the run stepped along its mini-batches' cross-entropy (MiniBatches).
        self.headline("Gradient descent: the real training run")
        history_note(self)
        axes = self.cost_axes(b)
        run = self.training_run(b, axes)
        # The edges are weights again (the beat before drew gradient sizes on them): their key, from the start.
        key = edge_key().to_corner(DOWN + LEFT, buff=0.35)
        self.add(key)
        self.say("Now put it together: compute the gradient, take a small step against it, and repeat. "
                 "On the left are the network's real weights, blue positive and orange negative. On the right "
                 "will be its average cost. To measure it often, it is averaged over a sample of "
                 f"{num(b.meta['curve_probe_size'], 'meta:curve_probe_size')} training images, not all of them.")
        steps = a["snapshot_step"]
        span = Text(f"{len(steps)} snapshots, step {steps[0]:,} to step {steps[-1]:,}", font_size=style.SMALL_SIZE,
                    color=theme().dim_text).to_edge(UP, buff=1.05).to_edge(LEFT, buff=0.6)  # the key is below
        self.add(span)
        self.say(f"Here is the real training run, as {num(len(steps), 'length:snapshot_step')} snapshots from "
                 f"step {num(steps[0], 'array:snapshot_step:0')} to step {num(steps[-1], 'array:snapshot_step:-1')}. "
                 "Watch the edges change as the cost comes down.", run)
        cost, step = a["curve_cost"], a["curve_step"]
        early = cost[np.searchsorted(step, step[-1] / 10)]  # the cost a tenth of the way through
        soon = "Most of the fall comes early; the later steps only polish." if \
            cost[0] - early > 0.8 * (cost[0] - cost[-1]) else "The fall goes on to the end."
        self.say("The step axis is stretched: each mark is ten times the one before, so the early steps get room. "
                 f"{soon}", show="step axis: log scale")
        said = [num(cost[0], "array:curve_cost:0"), num(cost[-1], "array:curve_cost:-1")]
        ends = VGroup(
            Text(said[0], font_size=style.SMALL_SIZE, color=theme().accent).next_to(axes.c2p(0, cost[0]), RIGHT, buff=0.2),
            Text(said[1], font_size=style.SMALL_SIZE, color=theme().accent)
            .next_to(axes.c2p(np.log10(step[-1] + 1), cost[-1]), UP, buff=0.35))
        full = VGroup(Text(f"all {b.meta['init_train_count']:,} training images:", font_size=style.SMALL_SIZE,
                           color=theme().dim_text),
                      Text(f"{figure(b.meta['init_train_cost'])} to {figure(b.meta['train_cost'], places=3)}",
                           font_size=style.SMALL_SIZE, color=theme().accent)).arrange(DOWN, buff=0.1)
        full.next_to(axes.c2p(axes.x_range[1], axes.y_range[1]), DL, buff=0.1).shift(0.2 * DOWN)
        self.say(f"On this sample, the real cost falls from {said[0]} to {said[1]}. Over all "
                 f"{num(b.meta['init_train_count'], 'meta:init_train_count')} training images, it falls from "
                 f"{num(b.meta['init_train_cost'], 'meta:init_train_cost')} to "
                 f"{num(b.meta['train_cost'], 'meta:train_cost', places=3)}.", FadeIn(ends), FadeIn(full),
                 run_time=0.6)

    def training_run(self, b, axes) -> EdgeMorph:
        """One diagram whose edges morph from snapshot to snapshot (colour = sign, width = size of each
        real weight), beside the cost curve drawn up to that step."""
        steps = b.arrays["snapshot_step"]
        networks = [Network.from_vector(p.astype(np.float64), b.sizes, b.meta["activation"])
                    for p in b.arrays["snapshot_params"]]
        d = diagram_of(networks[0], output_labels=False)
        d.scale(0.62).to_edge(LEFT, buff=0.6).shift(0.4 * DOWN)
        d.brace_label.scale(1.15, about_edge=RIGHT)  # scaled with the diagram, it fell under the legible size
        d.add_to(self)
        texts = [Text(f"step {s:,}", font_size=style.SMALL_SIZE).next_to(d, UP, buff=0.1) for s in steps]
        counter = texts[0].copy()
        curve = VMobject(stroke_color=theme().accent, stroke_width=3)
        self.add(counter, curve)  # after the edges: Cairo redraws them with the moving edges
        curve_steps, cost = b.arrays["curve_step"], b.arrays["curve_cost"]
        points = np.array([axes.c2p(np.log10(s + 1), c) for s, c in zip(curve_steps, cost)])
        return EdgeMorph(d, networks, follow=TrainingProgress(steps, counter, texts, curve, points, curve_steps))

    def cost_axes(self, b):
        steps, cost = b.arrays["curve_step"], b.arrays["curve_cost"]
        top = float(np.log10(steps[-1] + 1))
        axes = Axes(x_range=[0, np.ceil(top), 1], y_range=[0, float(np.ceil(cost.max())), 0.5],
                    x_length=6, y_length=4.2, tips=False,
                    y_axis_config={"include_numbers": True, "font_size": style.SMALL_AXIS_NUMBER_SIZE})
        axes.to_edge(RIGHT, buff=0.5).shift(0.3 * DOWN)
        ticks = VGroup(*[MathTex(f"10^{{{k}}}", font_size=style.LARGE_AXIS_NUMBER_SIZE).next_to(axes.c2p(k, 0), DOWN, buff=0.15)
                         for k in range(int(np.ceil(top)) + 1)])
        probe = b.meta["curve_probe_size"]
        labels = VGroup(Text("training step (log scale)", font_size=style.SMALL_SIZE).next_to(ticks, DOWN, buff=0.15),
                        Text(f"average cost on a sample of {probe:,}", font_size=style.SMALL_SIZE),
                        Text("training images (the same sample throughout)", font_size=style.SMALL_SIZE,
                             color=theme().dim_text))
        labels[1:].arrange(DOWN, buff=0.08).next_to(axes, UP, buff=0.2)
        self.add(axes, ticks, labels)
        return axes


def cross_entropy(outputs, wanted) -> float:
    """The sum over the outputs of the binary cross-entropy −[y ln a + (1 − y) ln(1 − a)]: the objective
    netcore's cross_entropy recipe descends (its output error is a − y, see netcore.train.output_error)."""
    a = np.clip(np.asarray(outputs, dtype=float), 1e-12, 1 - 1e-12)
    return float(-(wanted * np.log(a) + (1 - wanted) * np.log(1 - a)).sum())


class MiniBatches(Beat):
    COLS, ROWS = 8, 6  # the 48 sample training images
    THUMB, PITCH = 0.62, 0.72
    PILE_AT = (-3.3, -0.05, 0)
    SUMS_AT = (3.6, -0.6, 0)
    SHARE_AT = (3.6, 1.6, 0)
    FORMULAS_AT, TABLE_AT = (0, 1.5, 0), (0, -1.15, 0)

    def construct(self):
        b = bundle()
        self.headline("What the real run did: mini-batches and cross-entropy")
        history_note(self)
        thumbs, title = self.pile(b)
        batch = self.batch(b, thumbs)
        self.arithmetic(b, Group(thumbs, title, batch))
        self.other_cost(b)

    def pile(self, b):
        images = b.arrays["sample_train_image"][: self.COLS * self.ROWS]
        thumbs = Group(*[image_mobject(style.grey_rgb(im), self.THUMB) for im in images])
        thumbs.arrange_in_grid(cols=self.COLS, buff=self.PITCH - self.THUMB).move_to(self.PILE_AT)
        n = b.meta["data_source"]["train_count"]
        title = Text(f"the first {len(images)} of the {n:,} training images", font_size=style.SMALL_SIZE,
                     color=theme().dim_text).next_to(thumbs, UP, buff=0.25)
        # The right half says what a step did not do, until the batch's own numbers take its place.
        whole = VGroup(Text("each step did not use", font_size=style.SMALL_SIZE, color=theme().dim_text),
                       MathTex(rf"\text{{all }} {n:,} \text{{ images}}".replace(",", "{,}"), font_size=style.FORMULA_SIZE)
                       ).arrange(DOWN, buff=0.2).move_to(self.SHARE_AT)
        self.whole = whole
        self.say(f"One honest detail about the run you just watched: its steps did not look at all "
                 f"{num(n, 'meta:data_source.train_count')} training images at once.",
                 FadeIn(thumbs, lag_ratio=0.02), FadeIn(title), FadeIn(whole), run_time=1.2)
        return thumbs, title

    def batch(self, b, thumbs) -> VGroup:
        size = int(b.meta["recipe"]["batch_size"])
        # Which images share a batch was the run's shuffle (not kept); any 32 show what a batch is.
        rng = np.random.default_rng(0)
        picked = np.sort(rng.choice(len(thumbs), size=min(size, len(thumbs)), replace=False))
        frames = VGroup(*[SurroundingRectangle(thumbs[k], color=theme().accent, buff=0.03, stroke_width=3)
                          for k in picked])
        rest = [thumbs[k] for k in range(len(thumbs)) if k not in set(picked)]
        # Said as it was done: each pass shuffled all the images and cut them into batches (the 32 boxed
        # here stand for one; the real ones came from all the training images, not these 48).
        label = VGroup(Text(f"one mini-batch: {size} images", font_size=style.SMALL_SIZE, color=theme().accent),
                       Text("(each pass: all images shuffled, cut into batches)", font_size=style.SMALL_SIZE,
                            color=theme().dim_text)).arrange(DOWN, buff=0.08).next_to(thumbs, DOWN, buff=0.2)
        self.say(f"Each pass, the images were shuffled and cut into mini-batches of "
                 f"{num(size, 'meta:recipe.batch_size')}, and each step followed the gradient of just one "
                 "mini-batch.", LaggedStart(*[Create(f) for f in frames], lag_ratio=0.03),
                 *[m.animate.set_opacity(0.3) for m in rest], FadeIn(label), run_time=1.6)
        n = b.meta["data_source"]["train_count"]
        share = VGroup(Text("one step's gradient, from", font_size=style.SMALL_SIZE, color=theme().dim_text),
                       MathTex(rf"{size} \text{{ images, not }} {n:,}".replace(",", "{,}"), font_size=style.FORMULA_SIZE),
                       Text("a noisy estimate, far cheaper", font_size=style.SMALL_SIZE, color=theme().dim_text),
                       ).arrange(DOWN, buff=0.2).move_to(self.SHARE_AT)
        self.say("That gradient is only an estimate of the whole set's, a noisy one, but it is far cheaper "
                 "to compute, so training can take many more steps.", FadeOut(self.whole), FadeIn(share),
                 run_time=1.0)
        return Group(frames, label, share)

    def arithmetic(self, b, pile):
        n, recipe = b.meta["data_source"]["train_count"], b.meta["recipe"]
        size, epochs = int(recipe["batch_size"]), int(recipe["epochs"])
        per_pass = -(-n // size)  # the last batch of a pass takes what is left
        total = per_pass * epochs
        lines = VGroup(
            MathTex(rf"{n:,} \div {size} \to {per_pass:,}".replace(",", "{,}"), font_size=style.FORMULA_SIZE),
            Text("steps per pass (rounded up)", font_size=style.SMALL_SIZE, color=theme().dim_text),
            MathTex(rf"{per_pass:,} \times {epochs} = {total:,}".replace(",", "{,}"), font_size=style.FORMULA_SIZE),
            Text(f"steps in {epochs} passes", font_size=style.SMALL_SIZE, color=theme().dim_text),
        ).arrange(DOWN, buff=0.25).move_to(self.SUMS_AT)
        lines[2].align_to(lines[0], RIGHT)
        lines[3].next_to(lines[2], DOWN, buff=0.25)
        last = int(b.arrays["snapshot_step"][-1])
        steps = (f"the {num(last, 'array:snapshot_step:-1')} steps of the run" if last == total else "its steps")
        self.say(f"{num(epochs, 'meta:recipe.epochs')} passes over the training images made {steps}.",
                 FadeIn(lines[:2]), FadeIn(lines[2:], run_time=0.8), run_time=1.6)
        self.play(FadeOut(pile), FadeOut(lines), run_time=0.5)

    def other_cost(self, b):
        i = training_example(b)
        label = int(b.arrays["sample_train_label"][i])
        wanted = np.eye(b.sizes[-1])[label]
        def row(words, tex, colour):
            return VGroup(Text(words, font_size=style.SMALL_SIZE, color=colour),
                          MathTex(tex, font_size=style.INLINE_FORMULA_SIZE)).arrange(RIGHT, buff=0.35)

        formulas = VGroup(
            row("our cost, the squared error:", r"\sum_k (a_k - y_k)^2", theme().text),
            row("what the run descended, cross-entropy:",
                r"-\sum_k \big[\, y_k \ln a_k + (1 - y_k) \ln(1 - a_k) \,\big]", theme().accent),
            Text("a: the outputs   y: what we wanted", font_size=style.SMALL_SIZE, color=theme().dim_text),
        ).arrange(DOWN, buff=0.3, aligned_edge=LEFT).move_to(self.FORMULAS_AT)
        formulas[1][1].shift(0.15 * DOWN)  # the tall brackets: keep the baselines apart
        formulas[2].next_to(formulas[1], DOWN, buff=0.3).align_to(formulas[1][1], LEFT)
        self.say("And the slope it followed was not quite our cost's. It used a close cousin, called "
                 "cross-entropy, which punishes a confident wrong answer far more.",
                 FadeIn(formulas[:2]), FadeIn(formulas[2:], run_time=1.0), run_time=1.6)
        table = self.cost_table(b, i, wanted).move_to(self.TABLE_AT)
        self.say(f"On the same training {num(label, f'array:sample_train_label:{i}')}, both are large at the "
                 "random start, and tiny after training.", FadeIn(table, lag_ratio=0.1), run_time=1.2)
        # No line of the recipe's other settings (momentum, learning rate, weight decay): unsaid, unexplained
        # jargon in small print; and no claim about the two slopes that nothing on screen shows.
        self.say("Either way, the idea is the same: measure the cost, step downhill, again and again.",
                 show="either cost: step downhill, again and again")

    def cost_table(self, b, i, wanted) -> VGroup:
        x = b.arrays["sample_train_image"][i].reshape(-1) / 255.0
        label = int(b.arrays["sample_train_label"][i])
        cells = [[Text(f"the training {label} from before", font_size=style.SMALL_SIZE, color=theme().dim_text),
                  Text("random start", font_size=style.SMALL_SIZE, color=theme().dim_text),
                  Text("trained", font_size=style.SMALL_SIZE, color=theme().dim_text)]]
        for name, cost in (("squared error", lambda o: float(((o - wanted) ** 2).sum())),
                           ("cross-entropy", lambda o: cross_entropy(o, wanted))):
            outputs = [net.forward(x).output for net in (b.initial_network, b.network)]
            values = [cost(o) for o in outputs]
            # The random start's squared error as the cost table wrote it (places at which it adds up).
            places = [checkable_places(outputs[0], wanted) if "squared" in name else significant_places(values[0], 2, fewest=2),
                      significant_places(values[1], 2, fewest=2)]
            cells.append([Text(name, font_size=style.SMALL_SIZE, color=theme().accent if "cross" in name else theme().text)]
                         + [MathTex(tex_written(figure(v, scientific=True)) if abs(v) < SCIENTIFIC_BELOW else f"{v:.{p}f}",
                                    font_size=style.TERM_SIZE) for v, p in zip(values, places)])
        return VGroup(*[m for row in cells for m in row]).arrange_in_grid(rows=len(cells), cols=3, buff=(0.8, 0.2),
                                                                          col_alignments="rcc")


TICK, CROSS = "\u2713", "\u2717"  # ✓ ✗: right and wrong differ in shape, not only in colour


def guess_mark(guess: int, right: bool) -> VGroup:
    """The network's guess over a mark: '7' and '✓' in the correct colour, '6' and '✗' in the wrong one."""
    color = theme().correct if right else theme().wrong
    return VGroup(Text(str(guess), font_size=style.MARK_SIZE, color=color),
                  Text(TICK if right else CROSS, font_size=style.MARK_SIZE * 0.85, color=color)).arrange(DOWN, buff=0.06)


class HowWellItDoes(Beat):
    COLS = 8  # the 48 sample test images as 6 rows of 8
    THUMB = 0.7
    FIRST_TILE = (-6.6, 2.5)  # the left edge and the centre height of the first thumbnail's tile
    TILE_PITCH = (1.1, 0.98)  # tile to tile, across and down
    COUNTER_AT = (4.75, 1.1, 0)  # the running count's centre, right of the tiles
    MISTAKES_AT = (-2.35, -0.1, 0)  # the row of mistakes, where the tiles were

    def construct(self):
        a = bundle().arrays
        self.right = (a["test_prediction"] == a["test_label"])
        self.cum = np.concatenate([[0], np.cumsum(self.right)])  # correct among the first n
        self.headline("How well does the trained network do?")
        counter = self.counter()
        tiles = self.stream_samples()
        self.rest_of_test_set(counter)
        self.mistakes(tiles, counter)

    def counter(self) -> VGroup:
        """'correct / shown' and the running accuracy, re-set from cached glyphs when the tracker moves."""
        self.shown = ValueTracker(0)
        anchor = self.anchor = np.array(self.COUNTER_AT)
        head = VGroup(Text("correct", font_size=style.SMALL_SIZE, color=theme().correct),
                      Text("/ shown", font_size=style.SMALL_SIZE, color=theme().dim_text)).arrange(RIGHT, buff=0.15)
        head.move_to(anchor + 0.75 * UP)

        count_glyphs, pct_glyphs = Glyphs(style.COUNTER_SIZE), Glyphs(style.COUNTER_PERCENT_SIZE)
        self.count_glyphs, self.pct_glyphs = count_glyphs, pct_glyphs

        def numbers(n: int) -> VGroup:
            c = int(self.cum[n])
            return self.counter_text(c, n, f"{c / n:.2%}" if n else "\u2013", anchor)

        live = numbers(0)
        live.n = 0

        def update(m):
            # Text layout is the slow part: rebuild only when the count changes.
            n = int(round(self.shown.get_value()))
            if n != m.n:
                m.become(numbers(n))
                m.n = n

        live.add_updater(update)
        self.play(FadeIn(head), FadeIn(live), run_time=0.5)
        self.live = live
        return VGroup(head, live)

    def counter_on_top(self):
        """The counter changes every frame (updater); Cairo redraws it and everything after it in
        the scene's list each frame, so keep it last (it overlaps nothing) and the 48 thumbnails,
        each an image composited onto the whole frame, stay in the static background (with
        Beat.play's tracker rule: 149 s -> 56 s at 1080p60, identical frames)."""
        self.bring_to_front(self.live)

    def counter_text(self, correct: int, shown: int, pct: str, anchor: np.ndarray) -> VGroup:
        counts = self.count_glyphs.text(f"{correct:,} / {shown:,}")
        counts[: len(f"{correct:,}")].set_color(theme().correct)
        counts.move_to(anchor)
        pct_mob = self.pct_glyphs.text(pct, theme().accent).next_to(anchor, DOWN, buff=0.65)
        return VGroup(counts, pct_mob)

    def tile(self, i: int) -> tuple[Group, bool]:
        a = bundle().arrays
        right = bool(a["test_prediction"][i] == a["test_label"][i])
        thumb = image_mobject(style.grey_rgb(a["sample_test_image"][i]), self.THUMB)
        mark = guess_mark(int(a["test_prediction"][i]), right).next_to(thumb, RIGHT, buff=0.1)
        parts = [thumb, mark]
        if not right:
            parts.append(SurroundingRectangle(thumb, color=theme().wrong, buff=0.03, stroke_width=3))
        col, row = i % self.COLS, i // self.COLS
        g = Group(*parts)
        g.move_to([self.FIRST_TILE[0] + self.TILE_PITCH[0] * col, self.FIRST_TILE[1] - self.TILE_PITCH[1] * row, 0],
                  aligned_edge=LEFT)
        return g, right

    def arrivals(self, tiles, pieces) -> list:
        """``pieces``: (first tile, last tile + 1, seconds, one by one?). The tiles fade in piece after piece
        while the counter follows, as one animation group (begun together, so no tile shows early)."""
        fades, knots, t = [], [(0.0, float(self.shown.get_value()))], 0.0
        for lo, hi, seconds, single in pieces:
            if single:
                fades.append(AnimationGroup(*[FadeIn(tiles[i], shift=0.3 * LEFT) for i in range(lo, hi)],
                                            lag_ratio=1, run_time=seconds))
            else:
                fades.append(LaggedStart(*[FadeIn(m, shift=0.3 * LEFT) for m in tiles[lo:hi]], lag_ratio=0.3,
                                         run_time=seconds))
            t += seconds
            knots.append((t, float(hi)))
        times = np.array([k[0] for k in knots]) / t
        values = np.array([k[1] for k in knots])
        start, end = values[0], values[-1]
        progress = (values - start) / max(end - start, 1e-9)
        count = self.shown.animate(rate_func=lambda x: float(np.interp(x, times, progress))).set_value(end)
        return [AnimationGroup(*fades, lag_ratio=1), count]

    def stream_samples(self) -> Group:
        a = bundle().arrays
        count = len(a["sample_test_image"])
        tiles = Group(*[self.tile(i)[0] for i in range(count)])
        first = min(self.COLS, count)
        self.counter_on_top()
        self.say("Now the real test. These are test images the network never trained on, each with its guess "
                 "beside it: a tick when it is right, a cross when it is wrong.",
                 *self.arrivals(tiles, [(i, i + 1, 0.35, True) for i in range(first)]),
                 run_time=0.35 * first, show="✓ right   ✗ wrong")
        rows = [(r * self.COLS, (r + 1) * self.COLS, 1.0 if r < 3 else 0.6, False)
                for r in range(1, count // self.COLS)]
        mostly = "Most of them are right." if 2 * int(self.cum[count]) > count else "Many of them are wrong."
        self.counter_on_top()
        self.say(f"The counter on the right keeps score as they come in. {mostly}",
                 *(self.arrivals(tiles, rows) if rows else ()), run_time=sum(r[2] for r in rows) or None)
        return tiles

    def rest_of_test_set(self, counter):
        meta = bundle().meta
        total = meta["test_total"]
        self.counter_on_top()
        self.say("The rest of the test set is counted. We skip drawing it.",
                 self.shown.animate.set_value(total), run_time=4)
        head, live = counter
        live.clear_updaters()
        # The end state written straight from the bundle's metadata (the same numbers: bundle.validate checks).
        # Plain Text this time (laid out exactly like the glyphs), so the figure's strings are readable.
        c, n = meta["test_correct"], meta["test_total"]
        said = num(meta["test_accuracy"], "meta:test_accuracy", percent=True)  # written as it is said
        final = VGroup(
            Text(f"{c:,} / {n:,}", font_size=style.COUNTER_SIZE, t2c={f"[0:{len(f'{c:,}')}]": theme().correct}).move_to(live[0]),
            Text(written(said), font_size=style.COUNTER_PERCENT_SIZE, color=theme().accent)
            .move_to(live[1]),
        )
        self.remove(live)
        self.add(final)
        note = Text("test accuracy", font_size=style.SMALL_SIZE, color=theme().dim_text)
        note.next_to(final[1], DOWN, buff=0.2)
        self.say(f"In all, it gets {num(c, 'meta:test_correct')} of {num(n, 'meta:test_total')} test images right: "
                 f"{said}. "
                 "And it never saw a single one of them while it learned.",
                 FadeIn(note), final[1].animate.scale(1.15), run_time=1.0)

    def mistakes(self, tiles, counter):
        b = bundle()
        digits = b.role("mistakes")[:4]
        cards = Group()
        for d in digits:
            img = image_mobject(style.grey_rgb(d.image), 1.8)
            frame = SurroundingRectangle(img, color=theme().wrong, buff=0.04, stroke_width=3)
            label = Text(f"label {d.label}", font_size=style.BODY_SIZE)
            guess = Text(f"guess {d.prediction} {CROSS}", font_size=style.BODY_SIZE, color=theme().wrong)
            # "test no. 8", not "test image 8" under a 5: the index must not read as the digit.
            src = Text(f"test no. {d.test_index}", font_size=style.TINY_SIZE, color=theme().dim_text)
            cards.add(Group(img, frame, VGroup(label, guess, src).arrange(DOWN, buff=0.12).next_to(img, DOWN, buff=0.2)))
        cards.arrange(RIGHT, buff=0.4).move_to(self.MISTAKES_AT)

        def label(d) -> str:
            return num(b.arrays["test_label"][d.test_index], f"array:test_label:{d.test_index}")

        def guess(d) -> str:
            return num(b.arrays["test_prediction"][d.test_index], f"array:test_prediction:{d.test_index}")

        # Short sentences: the voice breathes between them (a line of 23 words in one breath ran at 184 a minute).
        examples = (f" It reads this {label(digits[0])} as a {guess(digits[0])}." +
                    (f" And this {label(digits[1])} as a {guess(digits[1])}." if len(digits) > 1 else "")
                    if digits else "")
        self.say(f"A few it gets wrong.{examples}",
                 AnimationGroup(FadeOut(tiles, run_time=0.5),
                                LaggedStart(*[FadeIn(c, shift=0.2 * UP) for c in cards], lag_ratio=0.3, run_time=1.6),
                                lag_ratio=1), run_time=2.1)
        self.say("Some of these would puzzle a person too. Others look plain to us: "
                 "a hint that the network has not learned digits quite the way we do.")


class HiddenNeuronsLook(Beat):
    IMAGE = 1.0  # height of one weight image
    PITCH = (1.6, 1.42)  # centre to centre, across and down (the "28 × 28 weights each" label fits under it)
    COLS = 4  # images per row; up to 16 drawn neurons make 4 rows
    GRID_AT = (3.5, -0.15, 0)  # the images' centre, right of the diagram
    TIDY_AT = (-1.35, 0.05, 0)  # ...once the diagram has gone, beside their legend

    def construct(self):
        self.W0 = bundle().network.W[0]
        self.shown = drawn_neurons(bundle().network)[1]  # the neurons of layer 1 the diagram draws
        k = len(self.W0)
        self.all_shown = len(self.shown) == k
        self.headline(f"What do the {k} neurons of hidden layer 1 look at?" if self.all_shown else
                      f"What do {len(self.shown)} of hidden layer 1's {k} neurons look at?")
        d = self.diagram()
        self.say("In chapter one we hoped that the first hidden layer would pick out little edges. "
                 "Now we can look.", FadeIn(d), run_time=0.8)
        self.highlight_first_edges(d)
        images, labels = self.grid()
        self.morph(d, images, labels)
        self.tidy(d, images, labels)

    def diagram(self) -> NetworkDiagram:
        d = NetworkDiagram(bundle().network)
        d.scale_to_fit_height(6.0).to_edge(LEFT, buff=0.5).shift(0.35 * DOWN)
        return d

    def highlight_first_edges(self, d):
        self.later = [m for gap in d.edges[1:] for m in gap]
        self.rings = VGroup(*[c.copy().set_stroke(theme().accent, width=3) for c in d.layers[1]])
        these = f"these {num(len(self.W0), 'size:1')} neurons" if self.all_shown else "these neurons"
        self.say(f"Each of {these} has {num(self.W0.shape[1], 'size:0')} incoming weights, one for every pixel. "
                 "Only a few of its edges are drawn.",
                 *[m.animate.set_stroke(opacity=0.06) for m in self.later],
                 d.output_labels.animate.set_opacity(0.3), Create(self.rings), run_time=1.0)

    def grid(self) -> tuple[Group, VGroup]:
        self.scale = style.weight_image_scale(self.W0)  # one scale for all 16, so they compare
        images, labels = Group(), VGroup()
        rows = -(-len(self.shown) // self.COLS)
        for i, j in enumerate(self.shown):
            img = weight_grid(self.W0[j], height=self.IMAGE, scale=self.scale)
            r, c = divmod(i, self.COLS)
            img.move_to([(c - (self.COLS - 1) / 2) * self.PITCH[0], ((rows - 1) / 2 - r) * self.PITCH[1], 0])
            images.add(img)
            labels.add(Text(f"neuron {j}", font_size=style.LABEL_SIZE, color=theme().dim_text)
                       .next_to(img, DOWN, buff=0.09))
        Group(images, labels).move_to(self.GRID_AT)
        return images, labels

    def morph(self, d, images, labels):
        edges = [d.incoming_edges(0, j, extra_width=1.0) for j in self.shown]
        side = num(round(self.W0.shape[1] ** 0.5), "image_side")
        self.side_label = Text(f"{side} × {side} weights each", font_size=style.SMALL_SIZE, color=theme().dim_text)
        self.side_label.move_to(self.GRID_AT).next_to(Group(images, labels), DOWN, buff=0.15)  # said with the line
        # The later layers make room for the images (opacity only: the diagram stays one group).
        self.say(f"Take one neuron's {num(self.W0.shape[1], 'size:0')} weights and lay them back out as a "
                 f"{side} by {num(round(self.W0.shape[1] ** 0.5), 'image_side')} picture, one square for each pixel.",
                 *[m.animate.set_stroke(opacity=0) for m in self.later],
                 *[c.animate.set_stroke(opacity=0) for layer in d.layers[2:] for c in layer],
                 d.output_labels.animate.set_opacity(0),
                 *[m.animate.set_stroke(opacity=0.12) for m in d.edges[0]],
                 LaggedStart(*[Create(e) for e in edges], lag_ratio=0.05),
                 FadeIn(self.side_label),
                 run_time=1.6)
        # Each neuron's edges gather into it, and its weight image grows out of it.
        seeds = [img.copy().set(height=d.layers[1][0].height).move_to(ring)
                 for img, ring in zip(images, self.rings)]
        self.say("Blue squares are positive weights: a bright pixel there pushes the neuron up. "
                 "Orange squares are negative weights, and push it down.",
                 LaggedStart(*[AnimationGroup(FadeOut(e, target_position=ring.get_center(), scale=0.3),
                                              Transform(seed, img))
                               for e, ring, seed, img in zip(edges, self.rings, seeds, images)], lag_ratio=0.12),
                 run_time=3.5, show="blue: positive weight   orange: negative")
        self.remove(*seeds)
        self.add(images)
        # A thin frame shows each image's 28 × 28 border (the weights there are near 0, the background colour).
        frames = VGroup(*[SurroundingRectangle(img, buff=0, stroke_width=1, color=theme().dim_text).set_stroke(opacity=0.6)
                          for img in images])
        labels.add(*frames)

    def tidy(self, d, images, labels):
        whose = (f"all {num(len(self.W0), 'size:1')} neurons of the first hidden layer" if self.all_shown
                 else "the neurons of the first hidden layer drawn here")
        block = Group(images, labels)
        swatch = dict(width=0.3, height=0.3, stroke_width=0, fill_opacity=1)
        legend = VGroup(
            Text("hidden layer 1's weights,", font_size=style.SMALL_SIZE),
            Text("one image per neuron", font_size=style.SMALL_SIZE),
            VGroup(Rectangle(fill_color=theme().positive, **swatch),
                   Text("positive", font_size=style.SMALL_SIZE)).arrange(RIGHT, buff=0.15),
            VGroup(Rectangle(fill_color=theme().negative, **swatch),
                   Text("negative", font_size=style.SMALL_SIZE)).arrange(RIGHT, buff=0.15),
            Text("brighter = larger,", font_size=style.SMALL_SIZE, color=theme().dim_text),
            Text(f"full at |w| ≥ {self.scale:.2f}", font_size=style.SMALL_SIZE, color=theme().dim_text),
            Text(f"(one scale for all {len(self.W0)})", font_size=style.SMALL_SIZE, color=theme().dim_text),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        shift = np.array(self.TIDY_AT) - block.get_center()
        labels.shift(shift)  # the names fade in where the images are going
        legend.next_to(block.copy().shift(shift), RIGHT, buff=0.7)
        # One move, while the diagram fades: the grid goes straight to its place beside its legend (it used to
        # stand in the right half over an empty left for a whole line, then move).
        self.say(f"These are the real weights of {whose}, drawn on one colour scale so that they can be compared.",
                 FadeIn(labels), FadeOut(d), FadeOut(self.rings), FadeOut(self.side_label),
                 Succession(images.animate(run_time=0.8).shift(shift), FadeIn(legend, run_time=0.6)),
                 run_time=1.4)
        self.say("They are not the neat little edges we hoped for. They look more like blotches: patterns that "
                 "happened to lower the cost, found by the network on its own.")
        self.say("The network still reads digits well. It just does not do it the way we imagined.")


class RandomInput(Beat):
    def construct(self):
        b = bundle()
        noise = b.arrays["noise_image"][0]
        digit = b.run(noise, source="uniform noise")  # its outputs are noise_output[0] (bundle.validate checks)
        self.headline("Feed it noise")
        grid = self.noise_grid(noise)
        d = self.diagram(grid)
        flow, done = forward_flow(d, digit, grid, layer_time=0.7)
        self.say("The noise flows through the layers, and the network picks an answer.", flow, run_time=flow.run_time)
        done(self)
        out = b.arrays["noise_output"][0]
        best, second = np.sort(out)[::-1][:2]
        k = int(np.argmax(out))
        above = ", far above the rest" if best > 2 * second else ""
        self.say(f"It answers with confidence anyway: the output in the box lights up to "
                 f"{num(out[k], f'array:noise_output:0:{k}')}{above}.", self.show_outputs(d, digit.output),
                 run_time=1.2)
        self.say("It was only ever shown digits, so it has no way to say: this is not a digit. "
                 "Whatever picture it gets, it reads it as some digit.")

    def noise_grid(self, noise):
        grid = digit_grid(noise, height=2.6).to_edge(LEFT, buff=0.4).shift(0.2 * DOWN)
        note = VGroup(Text("uniform random pixels", font_size=style.SMALL_SIZE),
                      Text("(not a digit)", font_size=style.SMALL_SIZE, color=theme().dim_text)
                      ).arrange(DOWN, buff=0.1).next_to(grid, DOWN, buff=0.25)
        note.shift(max(0.0, -6.75 - note.get_left()[0]) * RIGHT)  # inside the frame's margin
        self.say("Now a different kind of test. Every pixel of this image is random noise: "
                 "it looks nothing like a handwritten digit.", FadeIn(grid), FadeIn(note), run_time=1.0)
        return grid

    def diagram(self, grid) -> NetworkDiagram:
        layers = len(bundle().sizes)
        d = NetworkDiagram(bundle().network, layer_gap=min(2.2, 6.6 / (layers - 1))).scale_to_fit_height(5.7)
        d.next_to(grid, RIGHT, buff=0.4).set_y(-0.2)
        self.say("We feed it to the trained network, exactly as we fed it digits.", FadeIn(d), run_time=0.8)
        return d

    def show_outputs(self, d, output):
        """The ten real outputs as bars, each beside its output neuron's label (as one animation)."""
        bars = OutputBars(output, length=1.5, height=0.16, digits=False).level_with(d.output_labels)
        bars.shift((d.output_labels.get_right()[0] + 0.3 - bars.tracks.get_left()[0]) * RIGHT)
        head = Text("output", font_size=style.LABEL_SIZE, color=theme().dim_text).next_to(bars, UP, buff=0.15)
        return AnimationGroup(FadeIn(head), LaggedStart(*[FadeIn(r, shift=0.1 * RIGHT) for r in bars.rows],
                                                        lag_ratio=0.08))


class MemorizingVsLearning(Beat):
    # The true-labels curve in the text colour (blue means a positive weight), the shuffled one dashed in the accent.
    TRUE_COLOUR = staticmethod(lambda: theme().text)
    MAX_POINTS = 400  # the curves are drawn through at most this many logged points
    AXES_AT = (0.35, 0.2, 0)  # the plot's centre: room for the axis labels left and below

    def construct(self):
        a, meta = bundle().arrays, bundle().meta["memorize"]
        self.meta = meta
        self.step = a["memorize_step"].astype(float)
        self.true_acc = a["memorize_true_accuracy"]
        self.shuffled_acc = a["memorize_shuffled_accuracy"]
        self.headline("Learning versus memorising")
        history_note(self)
        axes = self.axes()
        self.grow_curves(axes)
        self.compare_early(axes)
        self.compare_end(axes)

    def axes(self) -> Axes:
        last = float(self.step[-1])
        tick = 2000 if last > 6000 else max(1, round(last / 6))
        axes = Axes(x_range=[0, last, tick], y_range=[0, 1, 0.25], x_length=10.6, y_length=4.6, tips=False,
                    axis_config={"include_numbers": True, "font_size": style.LARGE_AXIS_NUMBER_SIZE, "color": theme().dim_text},
                    y_axis_config={"decimal_number_config": {"num_decimal_places": 2}})
        axes.move_to(self.AXES_AT)
        for axis in (axes.x_axis, axes.y_axis):
            axis.numbers.set_color(theme().dim_text)  # DecimalNumber ignores the theme's text defaults
        zero = MathTex("0", font_size=style.LARGE_AXIS_NUMBER_SIZE, color=theme().dim_text).next_to(axes.c2p(0, 0), DL, buff=0.12)
        axes.add(zero)  # manim leaves the origin unlabelled
        x_label = Text(f"training step (batches of {self.meta['recipe']['batch_size']})", font_size=style.SMALL_SIZE,
                       color=theme().dim_text)
        x_label.next_to(axes.x_axis, DOWN, buff=0.42)
        y_label = Text("training accuracy", font_size=style.SMALL_SIZE, color=theme().dim_text)
        y_label.rotate(np.pi / 2).next_to(axes.y_axis, LEFT, buff=0.55)
        sizes = list(self.meta.get("sizes", bundle().sizes))
        if sizes == list(bundle().sizes):
            shape = "of the same shape as ours"
        else:
            listed = [num(s, f"meta:memorize.sizes.{l}") for l, s in enumerate(sizes)]
            shape = f"with layers of {', '.join(listed[:-1])} and {listed[-1]} neurons"
        self.say(f"One last experiment. A fresh network {shape} is trained twice, on the same "
                 f"{num(self.meta['size'], 'meta:memorize.size')} training images.",
                 Create(axes), FadeIn(x_label), FadeIn(y_label), run_time=1.0)
        return axes

    def legend(self, axes) -> VGroup:
        solid = Line(ORIGIN, 0.6 * RIGHT, color=self.TRUE_COLOUR(), stroke_width=5)
        dashed = DashedLine(ORIGIN, 0.6 * RIGHT, color=theme().accent, stroke_width=5,
                            dash_length=0.1)
        rows = VGroup(
            VGroup(solid, Text("true labels", font_size=style.SMALL_SIZE)).arrange(RIGHT, buff=0.2),
            VGroup(dashed, Text("shuffled labels (randomly permuted)", font_size=style.SMALL_SIZE))
            .arrange(RIGHT, buff=0.2),
            Text(f"{self.meta['size']:,} training images, {self.meta['epochs']} passes over them",
                 font_size=style.LABEL_SIZE, color=theme().dim_text),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        return rows.move_to(axes.c2p(self.step[-1], 0.2), aligned_edge=RIGHT).shift(0.1 * LEFT)

    def points(self, axes, values, upto: float) -> np.ndarray:
        keep = np.unique(np.linspace(0, len(self.step) - 1, min(self.MAX_POINTS, len(self.step))).round().astype(int))
        xs, ys = self.step[keep], values[keep]
        inside = xs <= upto
        xs, ys = xs[inside], ys[inside]
        return np.asarray(axes.c2p(xs, ys)).T if len(xs) else np.zeros((0, 3))

    def curve(self, axes, values, upto, color, dashed=False) -> VMobject:
        pts = self.points(axes, values, upto)
        vm = VMobject(stroke_color=color, stroke_width=4)
        if len(pts) < 2:
            return vm
        if not dashed:
            return vm.set_points_as_corners(pts)
        # Dashes by position along the step axis: every other run of points is left out.
        per_dash = 6
        for start in range(0, len(pts) - 1, 2 * per_dash):
            piece = pts[start : start + per_dash + 1]
            if len(piece) >= 2:
                sub = VMobject().set_points_as_corners(piece)
                vm.append_points(sub.points)
        return vm

    def grow_curves(self, axes):
        t = ValueTracker(0.0)
        true_curve = self.curve(axes, self.true_acc, 0, self.TRUE_COLOUR())
        shuffled_curve = self.curve(axes, self.shuffled_acc, 0, theme().accent, dashed=True)
        true_curve.add_updater(lambda m: m.become(self.curve(axes, self.true_acc, t.get_value(), self.TRUE_COLOUR())))
        shuffled_curve.add_updater(lambda m: m.become(
            self.curve(axes, self.shuffled_acc, t.get_value(), theme().accent, dashed=True)))
        self.add(true_curve, shuffled_curve)
        legend = self.legend(axes)
        self.say("The solid line uses the true labels. The dashed line uses the same images with their labels "
                 "shuffled, so the label on each picture is just a random digit.",
                 FadeIn(legend, run_time=0.5), t.animate(rate_func=linear).set_value(float(self.step[-1])))
        true_curve.clear_updaters()
        shuffled_curve.clear_updaters()

    def compare_early(self, axes):
        # The first logged step at which the true-label run fits 90% of its training images.
        i = int(np.argmax(self.true_acc >= 0.9))
        step, t, s = int(self.step[i]), float(self.true_acc[i]), float(self.shuffled_acc[i])
        line = DashedLine(axes.c2p(step, 0), axes.c2p(step, 1), color=theme().dim_text, stroke_width=2)
        dots = VGroup(Dot(axes.c2p(step, t), color=self.TRUE_COLOUR(), radius=0.07),
                      Dot(axes.c2p(step, s), color=theme().accent, radius=0.07))
        t_label = Text(f"{t:.1%}", font_size=style.SMALL_SIZE, color=self.TRUE_COLOUR())
        t_label.next_to(dots[0], RIGHT + DOWN, buff=0.1).shift(0.25 * DOWN)
        s_label = Text(f"{s:.1%}", font_size=style.SMALL_SIZE, color=theme().accent)
        s_label.next_to(dots[1], RIGHT + UP, buff=0.1).shift(0.25 * UP)
        step_label = Text(f"step {step:,}", font_size=style.LABEL_SIZE, color=theme().dim_text)
        step_label.next_to(axes.c2p(step, 1), UP, buff=0.08).shift(0.05 * RIGHT)
        a = "array:memorize"
        chance = 1.5 / bundle().sizes[-1]  # within half again of what guessing at random scores
        guessing = ", about what random guessing would score" if s <= chance else ""
        self.say(f"After {num(self.step[i], f'{a}_step:{i}')} steps, the network already fits "
                 f"{num(t, f'{a}_true_accuracy:{i}', percent=True)} of the true labels, but only "
                 f"{num(s, f'{a}_shuffled_accuracy:{i}', percent=True)} of the shuffled ones{guessing}.",
                 AnimationGroup(AnimationGroup(Create(line), FadeIn(dots), FadeIn(step_label), run_time=0.7),
                                AnimationGroup(FadeIn(t_label), FadeIn(s_label), run_time=0.5), lag_ratio=1),
                 run_time=1.2)

    def compare_end(self, axes):
        a = "array:memorize"
        end = float(self.step[-1])
        said = [num(self.true_acc[-1], f"{a}_true_accuracy:-1", percent=True),
                num(self.shuffled_acc[-1], f"{a}_shuffled_accuracy:-1", percent=True)]
        # Written as said ("80.2 percent" is "80.2%"), at the end of each curve: below the top one, above the other.
        labels = VGroup(
            Text(written(said[0]), font_size=style.SMALL_SIZE, color=self.TRUE_COLOUR())
            .next_to(axes.c2p(end, self.true_acc[-1]), DOWN + LEFT, buff=0.15),
            Text(written(said[1]), font_size=style.SMALL_SIZE, color=theme().accent)
            .next_to(axes.c2p(end, self.shuffled_acc[-1]), UP + LEFT, buff=0.25),
            Text(f"step {int(end):,}", font_size=style.LABEL_SIZE, color=theme().dim_text)
            .next_to(axes.c2p(end, 1), UP, buff=0.08).align_to(axes.c2p(end, 1), RIGHT))
        self.say(f"By the end, after {num(self.step[-1], f'{a}_step:-1')} steps, it fits "
                 f"{said[0]} of the true labels, and {said[1]} of the shuffled ones.", FadeIn(labels), run_time=0.8)
        # Only what these curves show: both are training accuracy (the experiment kept no test curve), so no
        # claim here about images the network has never seen.
        self.say("So a network can memorise nonsense, given enough time. But real structure is learned far faster.",
                 show="real structure is learned fast; noise only memorised")


class InShort(Beat):
    """The chapter in four panels, lit one by one as the voice sums up (15–20 s): the cost, its gradient,
    the descent with the real cost curve, and the real test score; then what the next chapter answers.
    The costs are over the one set the chapter defined the cost on: all the training images."""
    PANEL = (6.4, 2.5)  # width, height
    CENTRES = ((-3.35, 1.2), (3.35, 1.2), (-3.35, -1.5))
    SCORE_AT = (3.35, -1.5)
    NEXT_Y = -3.4

    def construct(self):
        b = bundle()
        self.headline("Chapter 2 in short")
        history_note(self)  # the cost curve of the run
        count = b.network.parameter_count
        n_train = b.meta["init_train_count"]
        start, end = b.meta["init_train_cost"], b.meta["train_cost"]
        step, curve = b.arrays["curve_step"], b.arrays["curve_cost"]
        acc = b.meta["test_accuracy"]
        panels = [
            self.panel("1  the cost", MathTex(r"C(\theta)", font_size=style.KEY_FORMULA_SIZE),
                       f"how bad, over {n_train:,} training images"),
            self.panel("2  its gradient", MathTex(r"-\nabla C(\theta)", font_size=style.KEY_FORMULA_SIZE),
                       f"how to nudge all {count:,} knobs"),
            self.panel("3  step downhill, repeat", self.curve(step, curve),
                       f"cost {figure(start)} to {figure(end, places=3)}"),
            self.panel("4  judged on unseen images", Text(written(figure(acc, percent=True)), font_size=style.VALUE_SIZE,
                                                           color=theme().correct),
                       f"of {b.meta['test_total']:,} test images right"),
        ]
        for p, (x, y) in zip(panels, (*self.CENTRES, self.SCORE_AT)):
            p.move_to([x, y, 0])
        after = next_chapter()
        ahead = Text(f"Next, chapter 3: {after}" if after else "Next: how the gradient is computed",
                     font_size=style.BODY_SIZE, color=theme().accent).move_to([0, self.NEXT_Y, 0])
        # About 18 s for the two summing-up lines, each with its two panels; then the promise.
        self.say(f"In short: the cost scores the network; its gradient says how to nudge all "
                 f"{num(count, 'parameters')} knobs.", FadeIn(panels[0]), FadeIn(panels[1]), run_time=0.8)
        self.say(f"Downhill steps took it from {num(start, 'meta:init_train_cost')} "
                 f"to {num(end, 'meta:train_cost', places=3)}; "
                 f"{num(acc, 'meta:test_accuracy', percent=True)} of test images now come out right.",
                 FadeIn(panels[2]), FadeIn(panels[3]), run_time=0.8)
        title = after if not after or after[-1] in "?.!" else after + "."
        promise = (f"Next, chapter three: {title} It shows how that gradient is computed." if after else
                   "How that gradient is computed is the next chapter's story.")
        self.say(promise, FadeIn(ahead), run_time=0.6)

    def panel(self, title: str, middle, words: str) -> VGroup:
        frame = Rectangle(width=self.PANEL[0], height=self.PANEL[1], color=theme().dim_text, stroke_width=2)
        head = Text(title, font_size=style.BODY_SIZE, color=theme().accent)
        note = Text(words, font_size=style.SMALL_SIZE, color=theme().text)
        head.move_to(frame.get_top() + 0.35 * DOWN)
        note.move_to(frame.get_bottom() + 0.35 * UP)
        middle.move_to(frame.get_center() + 0.05 * DOWN)
        return VGroup(frame, head, middle, note)

    @staticmethod
    def curve(step, cost) -> VGroup:
        """The real cost curve, small, on the same log step axis as the gradient-descent beat."""
        top = float(np.ceil(np.log10(step[-1] + 1)))
        axes = Axes(x_range=[0, top, 1], y_range=[0, float(np.ceil(cost.max())), 1], x_length=3.2, y_length=1.2,
                    tips=False, axis_config={"include_ticks": False, "color": theme().dim_text})
        points = [axes.c2p(np.log10(s + 1), c) for s, c in zip(step, cost)]
        line = VMobject(stroke_color=theme().accent, stroke_width=3).set_points_as_corners(points)
        return VGroup(axes, line)
