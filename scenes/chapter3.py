"""Chapter 3: what backpropagation does, and the calculus behind it. One Scene per storyboard beat;
each beat's title and place in the story are in ``scenes/catalogue.py`` (the one list), not here.

Every wish, nudge, gradient, cost and time comes from the bundle's backprop part (``bundle.backprop``,
computed by ``netcore.backprop`` at a stated training snapshot and checked against finite
differences in the tests). The chain-rule beat's chain of single neurons is a toy and says so.
Render one beat:  python -m manim -ql scenes/chapter3.py OneExampleWishes
"""

from __future__ import annotations

# --- what backpropagation does (beats 1-5 and the measured motivation) ---

import math
from functools import partial

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Arrow,
    Axes,
    Circle,
    config,
    Create,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    LaggedStart,
    Line,
    MoveAlongPath,
    MathTex,
    Rectangle,
    ReplacementTransform,
    Succession,
    SurroundingRectangle,
    Text,
    VGroup,
    VMobject,
)

from netcore.backprop import sigma_prime_of
from netcore.bundle import Digit
from netcore.fd_timing import batch_cost
from netcore.network import one_hot, unflatten
from scenes.kit import style
from scenes.kit.backprop_view import followed, image_pixels, mean_weight_gradient, record
from scenes.kit.beat import Beat
from scenes.kit.curve_plot import plot_axes, polyline, staircase
from scenes.kit.data import bundle, diagram
from scenes.kit.equations import parameter_name
from scenes.kit.example import example_caption, example_pixels, featured_example
from scenes.kit.fades import fade_in, fade_out
from scenes.kit.forward import forward_flow
from scenes.kit.last_gap import dim_edges, gap_names, last_gap, set_fills
from scenes.kit.legend import layer_name, said_layer_name
from scenes.kit.network import NetworkDiagram
from scenes.kit.nudge_table import average_column, NudgeTable, places, table_layer, table_weights
from scenes.kit.pixels import image_mobject
from scenes.kit.provenance import history_note
from scenes.kit.spoken import figure, num, num_significant, SCIENTIFIC_BELOW, significant_places, tex_written, written
from scenes.kit.style import theme
from scenes.kit.wishes import column_scale, edge_sign_line, grey_edges, layer_wishes, nudge_edges, WishBars
from scenes.kit.words import parameter_words


def places_for(value: float, digits: int = 2) -> int:
    """Decimals that show ``value`` with ``digits`` significant digits, two at least (0.000047, 0.018, 1.75)."""
    return significant_places(value, digits, fewest=2)


def shown(value: float, places: int | None = None) -> str:
    """``value`` written for TeX as the voice says it (spoken.figure); TeX draws the hyphen as a minus."""
    return figure(value, places)


def two_digits(value: float) -> int:
    """``value`` rounded to two significant digits, as a whole number: 6,789 -> 6,800."""
    return int(round(float(value), 1 - int(math.floor(math.log10(abs(float(value)))))))


def label_text(text: str, size: float = style.SMALL_SIZE, colour=None) -> Text:
    return Text(text, font_size=size, color=colour or theme().text)


def snapshot_step() -> int:
    return int(bundle().backprop.step)


def said_step() -> str:
    return num(snapshot_step(), "backprop:step")


def example_digit(example) -> Digit:
    """The example as a ``Digit`` (what the kit's forward-pass animation draws)."""
    return Digit(None, example.label, example_pixels(example), [np.asarray(a) for a in example.activations],
                 [np.asarray(z) for z in example.zs[1:]], example_caption(example))


def said_example_label(example) -> str:
    return num(example.label, "example:label")


def wish_key(font_size: float = style.SMALL_SIZE) -> VGroup:
    """What a wish bar means: right of its zero line (the positive colour) = raise it, left (the negative
    colour) = lower it, longer = more."""
    colours = VGroup()
    for sign, words in ((1, "wants it higher"), (-1, "wants it lower")):
        sample = WishBars([[0, 0, 0]], [sign * 0.5], 1.0, height=0.2)
        colours.add(VGroup(sample, Text(words, font_size=font_size)).arrange(RIGHT, buff=0.2))
    colours.arrange(RIGHT, buff=0.45)
    rows = VGroup(colours, Text("longer = wants more", font_size=font_size, color=theme().dim_text))
    return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.15)


def example_picture(example, height: float = 1.9) -> Group:
    """The example's picture with its name and the snapshot's step under it."""
    image = image_mobject(style.grey_rgb(example_pixels(example)), height)
    where, labelled = example_caption(example).removeprefix("MNIST ").split(", ")
    words = VGroup(*[label_text(t, style.LABEL_SIZE, theme().dim_text) for t in
                     (where, labelled, f"at step {snapshot_step():,}")]).arrange(DOWN, buff=0.08)
    return Group(image, words.next_to(image, DOWN, buff=0.15))


class CostAndGradient(Beat):
    """Chapter 3's opening: the cost over the training set and its gradient, P real numbers at the
    backprop snapshot, with the largest entry and a typical tiny one marked (rule: the weight whose entry is
    the median size of the non-zero ones). The first row is entry 0; when it is exactly zero because input
    pixel 0 is blank in every training image (every edge out of it has a zero entry), a note says so."""

    LEFT_X = -4.45  # the cost's block, once the gradient column is beside it
    NOTE_X = -6.7  # the left edge of the notes under it, inside the margin
    BLOCK_TOP = 2.85  # the cost's block, once aside: its top, clear of the headline

    def construct(self):
        b = bundle()
        record = b.backprop
        grad = np.asarray(record.mean_gradient, dtype=float)
        self.headline("Chapter 3: how does backpropagation work?")
        history_note(self)
        # C_x: the cost of one training example x, the name the whole chapter uses
        formula = VGroup(
            MathTex(r"C(\theta) = \frac{1}{N} \sum_{x} C_x", font_size=style.KEY_FORMULA_SIZE),
            MathTex(r"C_x = \sum_j \left(a^{(%d)}_j - y_j\right)^2" % (len(b.sizes) - 1), font_size=style.KEY_FORMULA_SIZE),
            label_text(f"N = {record.train_count:,} training images", style.BODY_SIZE, theme().dim_text),
            label_text("x: one training image", style.BODY_SIZE, theme().dim_text),
            # what the superscript counts, said on screen where it first appears (review 3, row T)
            VGroup(MathTex(r"a^{(%d)}_j" % (len(b.sizes) - 1), font_size=style.INLINE_FORMULA_SIZE, color=theme().dim_text),
                   label_text(f": output j, layer {len(b.sizes) - 1} (input = 0)", style.SCALED_GLOSS_SIZE,
                              theme().dim_text)).arrange(RIGHT, buff=0.08),
        ).arrange(DOWN, buff=0.32).move_to([0, 0.1, 0])  # alone, it fills the middle of the frame
        # the promise, where the cost's definition will come: the frame is not one formula and empty space
        promise = VGroup(MathTex(r"\nabla C(\theta) = \;?", font_size=style.KEY_FORMULA_SIZE, color=theme().accent),
                         label_text("the gradient: how do we compute it?", style.BODY_SIZE)).arrange(DOWN, buff=0.3)
        promise.move_to(formula[1:])
        self.say("Chapter two ended with a promise: training needs the gradient of the cost, and this chapter "
                 "shows how to compute it.", FadeIn(formula[0]), FadeIn(promise), run_time=1.0)
        self.say(f"The cost is the average over {num(record.train_count, 'backprop:train_count')} training images. "
                 "Each image's cost adds up the squared differences between the outputs and the answer we want.",
                 FadeOut(promise), FadeIn(formula[1:]), run_time=1.0)
        # said once, early, and shown only as it is said: centred under the block, clear of the bottom edge
        # (two wide lines under the block; four narrow ones beside the gradient column once it comes)
        tag = self.tag = self.tag_said = None  # for the tests
        if b.meta.get("training_objective") == "cross_entropy":  # what chapter 2's MiniBatches told
            self.tag_said = self.cost_tag(lines=2).next_to(formula, DOWN, buff=0.3)
            tag = self.tag = self.cost_tag(lines=4)
            self.say("The real run used cross-entropy, from chapter two. Squared error keeps the algebra simple, "
                     "and only one factor would change.", FadeIn(self.tag_said), run_time=0.8)
        biggest = int(np.argmax(np.abs(grad)))
        tiny = self.tiny_entry(grad, b.sizes)
        first = self.first_entry(grad, b.sizes)
        rows = [first, None, biggest, None, tiny, None, len(grad) - 1] if biggest < tiny else \
            [first, None, tiny, None, biggest, None, len(grad) - 1]
        self.rows = rows  # for the tests
        column, bars, marks = self.column(grad, rows, b.sizes, biggest, tiny)
        self.gradient_column = column  # for the tests
        count = num(len(grad), "parameters")
        note = VGroup(label_text(f"{len(grad):,} entries,", style.SMALL_SIZE, theme().dim_text),
                      label_text(f"at training step {snapshot_step():,}", style.SMALL_SIZE, theme().dim_text)
                      ).arrange(RIGHT, buff=0.15).move_to([2.6, -3.3, 0])
        # the block slides aside, smaller, to make room for the column (a move, not a jump): its top under the
        # headline, the note under it
        aside = formula.copy().scale(0.65).move_to([self.LEFT_X, self.BLOCK_TOP, 0], aligned_edge=UP)
        if tag is not None:
            tag.next_to(aside, DOWN, buff=0.22).set_x(self.NOTE_X, direction=LEFT)
        self.say(f"Its gradient has {count} entries, one for every weight and bias.",
                 formula.animate.scale(0.65).move_to(aside.get_center()),
                 *([] if tag is None else [ReplacementTransform(self.tag_said, tag)]),
                 FadeIn(column), FadeIn(note[0]), run_time=1.2)
        self.say(f"Here it is at step {said_step()} of the training run, early on, when the network still has much "
                 "to learn.", FadeIn(note[1]), run_time=0.8)
        blank = self.blank_pixel(grad, b.sizes) if first == 0 and grad[0] == 0 else None
        # a zero first entry gets a silent note: the picture says why, the voice moves on
        self.zero_note = None if blank is None else self.zero_explained(blank).next_to(
            aside if tag is None else tag, DOWN, buff=0.22).set_x(self.NOTE_X, direction=LEFT)
        self.say("Each entry's size says how much the cost cares about that knob.", FadeIn(bars),
                 *([] if self.zero_note is None else [FadeIn(self.zero_note)]), run_time=1.0)
        kind, owner = parameter_words(biggest, b.sizes)
        big_said = num(grad[biggest], f"backprop:mean_gradient.{biggest}", places=places_for(grad[biggest]))
        self.say(f"The largest entry belongs to {owner}: {big_said}. Nudging that {kind} moves the cost more than "
                 "any other.", Create(marks[0]), run_time=0.8)
        tiny_said = num_significant(grad[tiny], f"backprop:mean_gradient.{tiny}")
        self.say(f"A typical entry is tiny, like this one: {tiny_said}.",
                 Create(marks[1]), run_time=0.8)
        every = SurroundingRectangle(VGroup(column[1], column[2]), color=theme().accent, buff=0.08)
        task = label_text("backpropagation: every one of them", style.BODY_SIZE, theme().accent).move_to(note)
        self.say("Backpropagation is how a computer gets all of these numbers. Before we see how, why not "
                 "simply measure each one?", FadeOut(marks), FadeOut(note), Create(every), FadeIn(task),
                 run_time=1.0)

    @staticmethod
    def tiny_entry(grad, sizes) -> int:
        """The weight whose entry is the median size of the non-zero entries (a typical one)."""
        size = np.abs(grad)
        nonzero = np.flatnonzero(size > 0)
        median = np.median(size[nonzero])
        return int(nonzero[np.argmin(np.abs(size[nonzero] - median))])

    @staticmethod
    def blank_pixel(grad, sizes) -> int | None:
        """Input pixel 0 when every edge out of it has a gradient entry of exactly zero: each image's
        ∂C_x/∂w_jk is a_k · ∂C_x/∂z_j, so that holds when (and, in floating point, only when) the pixel is
        blank (a_0 = 0) in every training image. None otherwise."""
        weights, _ = unflatten(grad, sizes)
        return 0 if not np.any(weights[0][:, 0]) else None

    @classmethod
    def first_entry(cls, grad, sizes) -> int:
        """Entry 0, unless it is zero for a reason the beat cannot explain (then the first non-zero one)."""
        if grad[0] != 0 or cls.blank_pixel(grad, sizes) is not None:
            return 0
        return int(np.flatnonzero(grad)[0])

    @staticmethod
    def zero_explained(pixel: int) -> VGroup:
        """Why the first entry is 0, without the chain rule (taught later): its input is never lit."""
        return VGroup(
            label_text(f"entry 0 is 0: input pixel {pixel} (top-left)", style.SMALL_SIZE, theme().dim_text),
            label_text("is blank in every training image", style.SMALL_SIZE, theme().dim_text),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.1)

    TAG = ("the real run used cross-entropy", "(chapter 2); squared error", "keeps the algebra simple, and",
           "only one factor would change")

    @classmethod
    def cost_tag(cls, lines: int) -> VGroup:
        """The honest footnote to the squared-error cost: the run followed cross-entropy (chapter 2). "One
        factor" is the chain rule's last one, which WholeAlgorithm labels at the end. In four short lines it
        ends left of the gradient column's box; in two it fits under the cost's block, clear of the bottom."""
        per = len(cls.TAG) // lines
        rows = [" ".join(cls.TAG[i:i + per]) for i in range(0, len(cls.TAG), per)]
        return VGroup(*[label_text(row, style.SMALL_SIZE) for row in rows]).arrange(
            DOWN, buff=0.1, **({"aligned_edge": LEFT} if lines > 2 else {}))

    def column(self, grad, rows, sizes, biggest, tiny):
        """Names, values and size bars of the shown entries, a ⋮ where rows are skipped."""
        # the longest bar ends ~8 % of the width inside the right edge; the pitch leaves the ⋮ clear of the boxes
        top, pitch, longest, x_bar = 2.05, 0.72, 2.6, 3.55
        scale = longest / float(np.max(np.abs(grad)))
        names, values, bars = VGroup(), VGroup(), VGroup()
        for r, i in enumerate(rows):
            y = top - r * pitch
            if i is None:
                values.add(MathTex(r"\vdots", font_size=style.TERM_SIZE).move_to([1.6, y, 0]))
                continue
            value = grad[i]
            names.add(MathTex(r"\frac{\partial C}{\partial %s}" % parameter_name(i, sizes), "=",
                              font_size=style.TERM_SIZE).move_to([0.5, y, 0], aligned_edge=RIGHT))
            if value == 0:
                text = "0"  # exactly zero, not a rounded 0.00
            elif abs(value) < SCIENTIFIC_BELOW:
                text = tex_written(figure(value, 1, scientific=True))  # as num_significant says it
            else:
                text = shown(value, places_for(value))
            values.add(MathTex(text, font_size=style.TERM_SIZE).move_to([0.9, y, 0], aligned_edge=LEFT))
            bars.add(Rectangle(width=max(abs(value) * scale, 0.02), height=0.26, stroke_width=0,
                               fill_color=theme().dim_text, fill_opacity=1.0).move_to([x_bar, y, 0], aligned_edge=LEFT))
        head = MathTex(r"\nabla C(\theta)", font_size=style.HEADING_FORMULA_SIZE).move_to([1.2, top + 0.75, 0])
        size = label_text("size", style.SMALL_SIZE, theme().dim_text).move_to([x_bar, top + 0.75, 0], aligned_edge=LEFT)
        column = VGroup(head, names, values)
        marks = VGroup()
        for i in (biggest, tiny):
            r = rows.index(i)
            n = sum(1 for x in rows[:r] if x is not None)
            marks.add(SurroundingRectangle(VGroup(names[n], values[r]), color=theme().accent, buff=0.05))
        self.values = values  # for the tests
        return column, VGroup(size, bars), marks


class WhyNotTryEachKnob(Beat):
    """Finite differences against backprop, both timed by netcore on the machine that built the bundle
    (bundle.backprop.timing): the time is measured, not a constant, and the screen says so."""

    def construct(self):
        b = bundle()
        timing = b.backprop.timing
        self.headline("Why not just try each knob?")
        history_note(self)
        d = diagram(b.backprop.network, height=3.4, output_labels=False).move_to([-4.0, 1.0, 0])
        d.brace_label.scale(1.2, about_edge=RIGHT)  # scaled with the diagram, it fell under the legible size
        grey_edges(d, range(len(d.edges)), opacity=0.35)  # one weight matters here, not the weights' signs
        d.add_to(self)
        e = d.edge_layers[-1]
        L = len(d.edge_layers)
        net = b.backprop.network
        # the drawn edge whose measured entry is largest: its cost change is the easiest to see
        entries = [timing.fd_gradient[self.fd_index(net, int(d.drawn[L][t]), int(d.drawn[L - 1][f]))]
                   for f, t in zip(e.src, e.dst)]
        k = int(np.argmax(np.abs(entries)))
        start, end = d.edge_endpoints(len(d.edge_layers) - 1, e.src[k:k + 1], e.dst[k:k + 1])
        edge = Line(start[0], end[0], color=theme().accent, stroke_width=7)
        nudged = label_text("w + h", style.BODY_SIZE, theme().accent)
        nudged.next_to(edge.get_center(), UP, buff=0.15).set_x(max(edge.get_x(), d.layers[-1].get_x() - nudged.width / 2))
        j, i = int(d.drawn[L][e.dst[k]]), int(d.drawn[L - 1][e.src[k]])
        self.nudge = self.nudged_cost(b, j, i)  # for the tests
        before, after, h = self.nudge
        change = after - before
        slope = change / h  # the weight's entry, by the forward difference the timing made (its fd_gradient)
        slope_places = places_for(slope)
        index = self.fd_index(net, j, i)
        recipe = VGroup(
            VGroup(label_text("nudge one weight by", style.SMALL_SIZE),
                   MathTex(rf"h = {power_of_ten(h)}", font_size=style.TERM_SIZE),
                   label_text(", run again:", style.SMALL_SIZE)).arrange(RIGHT, buff=0.12),
            MathTex(r"\frac{\partial C}{\partial w} \approx \frac{C(w + h) - C(w)}{h}",
                    rf"= {shown(slope, slope_places)}", font_size=style.FORMULA_SIZE),
        ).arrange(DOWN, buff=0.2).move_to([2.9, 2.05, 0])
        self.entry = recipe[1][1]  # for the tests
        costs = MathTex(rf"C(w) = {figure(before, 4)}", r"\quad",
                        rf"C(w + h) - C(w) = {tex_written(figure(change, 1, scientific=True))}",
                        font_size=style.TERM_SIZE).move_to([3.0, 0.95, 0])
        # This C is the timed batch's cost, not the training set's average of the chapter's opening: said and
        # shown, since its entry may be larger than the opening's "largest" (review 2, row B).
        train_count = b.backprop.train_count
        which = VGroup(label_text(f"C here: the average over {timing.batch:,} training images,", style.SMALL_SIZE,
                                  theme().dim_text),
                       label_text(f"not all {train_count:,}, so its entries differ", style.SMALL_SIZE,
                                  theme().dim_text)).arrange(DOWN, aligned_edge=LEFT, buff=0.08).move_to([2.65, 0.42, 0])
        self.say("Here is the obvious way. Nudge one weight by a tiny amount, run the network again, and see how "
                 "much the cost changes. That change, divided by the nudge, is the weight's entry of the gradient "
                 f"for a sample of {num(timing.batch, 'backprop:timing.batch')} images: "
                 f"{num(slope, f'backprop:timing.fd_gradient.{index}', places=slope_places)}.",
                 Create(edge), FadeIn(nudged), FadeIn(recipe), FadeIn(costs), FadeIn(which), run_time=1.2)
        # the two ways to be timed, as an empty chart under the picture (the times come with the next line)
        chart, fd_bar, bp_bar, fd_label, bp_label = self.chart(timing)
        passes = VGroup(label_text(f"{b.network.parameter_count:,} knobs:", style.BODY_SIZE),
                        label_text(f"{timing.passes:,} forward passes", style.BODY_SIZE, theme().accent)
                        ).arrange(RIGHT, buff=0.2).move_to([2.9, -0.32, 0])  # clear of the note above
        self.say(f"But the network has {num(b.network.parameter_count, 'parameters')} weights and biases. "
                 f"Measuring each one takes {num(timing.passes, 'backprop:timing.passes')} forward passes: "
                 "one for the starting cost, and one for every knob.", FadeIn(passes), FadeIn(chart[:3]), run_time=1.0)
        self.say("On our computer, trying every knob took "
                 f"{self.said_seconds(timing.fd_seconds, 'backprop:timing.fd_seconds')} "
                 "seconds.", FadeIn(chart[3]), fade_in(fd_bar), FadeIn(fd_label), run_time=1.0)
        gap = float(timing.max_difference)
        # a nine-decimal number cannot be read or heard: two significant digits times a power of ten
        agree = label_text(f"largest difference between the two gradients: {written(figure(gap, scientific=True))}",
                           style.BODY_SIZE, theme().text).next_to(chart[3], DOWN, buff=0.15).align_to(chart[3], LEFT)
        self.say(f"Backpropagation got the same {num(b.network.parameter_count, 'parameters')} numbers from one "
                 "forward and one backward pass, in "
                 f"{self.said_seconds(timing.backprop_seconds, 'backprop:timing.backprop_seconds')} "
                 f"seconds, to within {num(gap, 'backprop:timing.max_difference', scientific=True)}.",
                 fade_in(bp_bar), FadeIn(bp_label), FadeIn(agree), run_time=1.0)
        speedup = two_digits(timing.fd_seconds / timing.backprop_seconds)  # "about" goes with a round figure
        ratio = label_text(f"about {speedup:,} times faster", style.BODY_SIZE, theme().accent)
        ratio.next_to(bp_label, RIGHT, buff=0.6)
        self.say(f"That is about {num(speedup, 'backprop_speedup')} times faster, and the gap grows with "
                 "every weight a network adds.", FadeIn(ratio), run_time=0.8)

    @staticmethod
    def fd_index(net, j: int, i: int) -> int:
        """Where the output layer's weight w_ji sits in the flat gradient (netcore.network.flatten's order)."""
        offset = sum(w.size + bias.size for w, bias in zip(net.W[:-1], net.b[:-1]))
        return offset + j * net.sizes[-2] + i

    TIME_DIGITS = 3  # the two times to three significant digits: divided as shown, they give the said ratio

    @classmethod
    def places(cls, seconds: float) -> int:
        return significant_places(seconds, cls.TIME_DIGITS)

    @classmethod
    def said_seconds(cls, seconds: float, name: str) -> str:
        """A time as the voice says it: below a millisecond in scientific form (a listener cannot count the
        zeros of 0.00045)."""
        if seconds < 1:
            return num_significant(seconds, name, digits=cls.TIME_DIGITS, fewest=0)
        return num(seconds, name, places=cls.places(seconds))

    @classmethod
    def written_seconds(cls, seconds: float) -> str:
        """The same time as the screen writes it ("4.53 × 10⁻⁴")."""
        if 0 < seconds < SCIENTIFIC_BELOW:
            return written(figure(seconds, cls.TIME_DIGITS - 1, scientific=True))
        return figure(seconds, cls.places(seconds))

    @staticmethod
    def nudged_cost(b, j: int, i: int) -> tuple[float, float, float]:
        """The timed batch's cost C(w) and C(w + h) with the output layer's weight w_ji nudged by the timing's
        h: one of the forward differences the timing made (the same batch, cost and step)."""
        timing = b.backprop.timing
        images = np.asarray(b.arrays["backprop_timing_image"], dtype=np.float64)
        x = images.reshape(len(images), -1) / 255.0
        y = one_hot(np.asarray(b.arrays["backprop_timing_label"]), b.sizes[-1])
        net = b.backprop.network.copy()
        before = batch_cost(net, x, y)
        net.W[-1][j, i] += timing.h
        return before, batch_cost(net, x, y), float(timing.h)

    def chart(self, timing):
        """Two bars on one linear time axis: the backprop bar is a sliver, as the times are."""
        left, longest, y0 = -1.3, 6.6, -1.35
        scale = longest / timing.fd_seconds
        axis = Line([left, y0 - 1.05, 0], [left + longest + 0.2, y0 - 1.05, 0], color=theme().dim_text)
        zero = Line([left, y0 + 0.35, 0], [left, y0 - 1.05, 0], color=theme().dim_text)
        names = VGroup(label_text("trying each knob", style.SMALL_SIZE), label_text("backpropagation", style.SMALL_SIZE))
        fd_bar = Rectangle(width=timing.fd_seconds * scale, height=0.42, stroke_width=0, fill_color=theme().dim_text,
                           fill_opacity=1.0).move_to([left, y0, 0], aligned_edge=LEFT)
        bp_bar = Rectangle(width=max(timing.backprop_seconds * scale, 0.02), height=0.42, stroke_width=0,
                           fill_color=theme().accent, fill_opacity=1.0).move_to([left, y0 - 0.7, 0], aligned_edge=LEFT)
        for name, bar in zip(names, (fd_bar, bp_bar)):
            name.next_to([left, bar.get_y(), 0], LEFT, buff=0.2)
        fd_label = label_text(f"{self.written_seconds(timing.fd_seconds)} s", style.SMALL_SIZE)
        fd_label.next_to(fd_bar, UP, buff=0.1).align_to(fd_bar, RIGHT)
        bp_label = label_text(f"{self.written_seconds(timing.backprop_seconds)} s",
                              style.SMALL_SIZE, theme().accent).next_to(bp_bar, RIGHT, buff=0.2)
        measured = label_text(f"measured by this project's code on {timing.machine}", style.LABEL_SIZE, theme().text)
        if measured.width > 13.0:
            measured.scale_to_fit_width(13.0)
        measured.next_to(axis, DOWN, buff=0.2).set_x(-6.55 + measured.width / 2)  # the whole line, from the left margin
        return VGroup(axis, zero, names, measured), fd_bar, bp_bar, fd_label, bp_label


def wishes_diagram(example, height: float = 5.0, **drawing) -> NetworkDiagram:
    """The backprop snapshot's network, lit by the example's real activations (``drawing``: NetworkDiagram's
    options)."""
    d = diagram(bundle().backprop.network, height=height, **drawing)
    return d.set_activations([np.asarray(a) for a in example.activations])


class OneExampleWishes(Beat):
    """One real training example (the featured "2", or the chosen digit) through the snapshot's network: its
    outputs, what we wanted, and its wish for each output, −∂C/∂a = −2(a − y), as bars sized by the value."""

    COLUMNS = (1.5, 2.45, 3.65, 4.7)  # centres: digit, output value, wanted, wish value
    ZERO = 5.65  # the wish bars' zero line
    LONGEST = 0.8  # the longest bar ends ~30 px (at 480p) inside the right edge, in the safe area
    TOP, PITCH = 2.05, 0.46

    def construct(self):
        example = featured_example()
        out, label = np.asarray(example.activations[-1]), example.label
        wanted = np.eye(len(out))[label]
        wish = np.asarray(example.wishes[-1])
        L = len(example.activations) - 1
        self.headline("What one training example wants")
        history_note(self)
        picture = example_picture(example, height=1.35)
        picture[1].next_to(picture[0], RIGHT, buff=0.25)  # its words beside it: under it they ran into the brace
        picture.move_to([-6.75 + picture.width / 2, 2.2, 0])
        d = wishes_diagram(example, height=3.9)
        d.remove(d.output_labels)  # the table's rows name the outputs
        d.move_to([-1.95, -0.65, 0])
        for layer in d.layers:
            layer.set_fill(opacity=0.0)
        grey_edges(d, range(len(d.edges)))  # blue/orange here mean the wishes (the key), not the weights' signs
        d.add_to(self)
        name = partial(said_example_label, example)  # each line that says it formats it anew (num)
        self.say(f"Take one real training image, this {name()}, and the network as it was at step {said_step()} of "
                 "its training, still early.", FadeIn(picture), run_time=1.0)
        flow, done = forward_flow(d, example_digit(example), answer=False, layer_time=0.45)
        ys = [self.TOP - i * self.PITCH for i in range(len(out))]
        digits = VGroup(*[label_text(str(i), style.SMALL_SIZE).move_to([self.COLUMNS[0], y, 0]) for i, y in enumerate(ys)])
        values = VGroup(*[MathTex(shown(a, self.output_places(a)), font_size=style.TERM_SIZE).move_to([self.COLUMNS[1], y, 0])
                          for a, y in zip(out, ys)])
        heads = VGroup(*[label_text(t, style.LABEL_SIZE, theme().dim_text).move_to([x, self.TOP + 0.5, 0])
                         for t, x in (("output", self.COLUMNS[1]), ("wanted", self.COLUMNS[2]),
                                      ("wish", (self.COLUMNS[3] + self.ZERO) / 2 + 0.3))])
        self.say("Run it forward: each layer lights up the next, and out come the outputs.", flow,
                 FadeIn(digits, run_time=0.5), FadeIn(values, run_time=0.5), FadeIn(heads[0], run_time=0.5),
                 run_time=flow.run_time)
        done(self)
        top = int(np.argmax(out))
        box = SurroundingRectangle(VGroup(digits[top], values[top]), color=theme().accent, buff=0.06)
        own = SurroundingRectangle(VGroup(digits[label], values[label]), color=theme().accent, buff=0.06)
        held = num(out[label], f"example:activation:{L}:{label}", places=self.output_places(out[label]))
        if top != label:
            self.say(f"It is not good yet. The {name()} neuron holds only {held}, while the brightest output, the "
                     f"{num(top, 'example:prediction')}, holds {num(out[top], f'example:activation:{L}:{top}', places=self.output_places(out[top]))}.",
                     Create(box), Create(own), run_time=0.8)
        else:
            self.say(f"It already guesses {name()}, but only weakly: the {name()} neuron holds {held}.",
                     Create(own), run_time=0.8)
        # in the text colour: the highlight colour is for what the voice is on (review 2, row I)
        targets = VGroup(*[MathTex(str(int(t)), font_size=style.TERM_SIZE, color=theme().text)
                           .move_to([self.COLUMNS[2], y, 0]) for t, y in zip(wanted, ys)])
        self.say("What did we want? A one for the right digit, and a zero for every other output.",
                 FadeOut(box), FadeOut(own), FadeIn(targets), FadeIn(heads[1]), run_time=1.0)
        bars = WishBars([[self.ZERO, y, 0] for y in ys], wish, column_scale(wish, self.LONGEST), height=0.26)
        self.bars = bars  # for the tests
        self.rows = [(shown(a, self.output_places(a)), int(t), shown(w, places_for(w)))  # as written, for the tests
                     for a, t, w in zip(out, wanted, wish)]
        wish_values = VGroup(*[MathTex(shown(w, places_for(w)), font_size=style.TERM_SIZE, color=style.sign_color(w))
                               .move_to([self.COLUMNS[3], y, 0]) for w, y in zip(wish, ys)])
        formula = MathTex(r"\text{wish} = -\frac{\partial C_x}{\partial a_j} = -2\,(a_j - y_j)",
                          font_size=style.INLINE_FORMULA_SIZE).move_to([3.8, -3.05, 0])  # inside the safe area
        # the bars' key comes with the bars (it came a line later, review 2, row I)
        key = wish_key()
        key.move_to([-6.75 + key.width / 2, -3.15, 0])  # under the diagram, clear of the input neurons
        self.key = key  # for the tests
        self.say(f"So this image wants the {name()} neuron to go up and every other output down, each by twice its "
                 f"distance from the target. The {name()} neuron's wish is "
                 f"{num(wish[label], f'example:wish:{L}:{label}', places=places_for(wish[label]))}.",
                 FadeIn(bars.zero), LaggedStart(*[Create(b) for b in bars.bars], lag_ratio=0.1), FadeIn(heads[2]),
                 FadeIn(wish_values), FadeIn(formula), FadeIn(key), run_time=2.0)
        rival = int(np.argmax(np.where(np.arange(len(out)) == label, -np.inf, out)))
        self.say(f"The brightest wrong output, the {num(rival, 'example:rival')}, wants the biggest cut: "
                 f"{num(wish[rival], f'example:wish:{L}:{rival}', places=places_for(wish[rival]))}. Outputs already near zero want little.",
                 Indicate(wish_values[rival]), run_time=1.0)
        self.say("These wishes are minus the slope of this one image's cost, output by output. "
                 "The question now is how the network can make them come true.")

    @staticmethod
    def output_places(value: float) -> int:
        """Outputs get one significant digit more than their wishes (2 sig.), so that each row's wish reads as
        -2(a - y) of the output beside it: 0.0165 -> -0.033, where 0.016 would have shown -0.032."""
        return places_for(value, 3)


def veil_all_but(scene, d: NetworkDiagram, l: int, j: int, title) -> VGroup:
    """Dim the whole diagram but the edges into neuron ``j`` of layer ``l``, the layer before and ``j``
    itself (they are drawn again on top of a veil in the background colour). Returns what stays."""
    veil = Rectangle(width=config.frame_width, height=config.frame_height, stroke_width=0,
                     fill_color=theme().background, fill_opacity=0.0)
    circle = d.layers[l][d.position(l, j)]
    kept = VGroup(d.incoming_edges(l - 1, j), d.layer_parts(l - 1).copy(), circle.copy(),
                  d.output_labels.copy() if l == len(d.layers) - 1 else VGroup())
    scene.add(veil, title)  # the veil under the headline
    scene.play(veil.animate.set_fill(opacity=0.85), fade_in(kept), run_time=0.8)
    return kept


class ThreeWaysToRaise(Beat):
    """The wanted output neuron j and its three levers, with the example's real numbers: its bias
    (−∂C/∂b_j), its weights (−∂C/∂w_jk = a_k · (−∂C/∂b_j): in proportion to the activation before) and the
    activations before it (w_jk · (−∂C/∂b_j): in proportion to the weight)."""

    def construct(self):
        example = featured_example()
        L = len(example.activations) - 1
        j = example.label
        name = partial(said_example_label, example)  # each line that says it formats it anew (num)
        layers = L + 1
        prev, prev_said = layer_name(L - 1, layers), said_layer_name(L - 1, layers)
        title = self.headline(f"Three ways to raise the {j} neuron")
        history_note(self)
        d = wishes_diagram(example, height=4.6).move_to([-3.05, -0.3, 0])
        d.add_to(self)
        self.diagram = d  # for the tests
        kept = veil_all_but(self, d, L, j, title)
        key = VGroup(label_text("edge colour: the weight's sign", style.SMALL_SIZE, theme().dim_text), edge_sign_line()
                     ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        key.move_to([-6.75 + key.width / 2, -3.35, 0])  # under the diagram, left of the three ways
        nudge_b = float(-example.grad_b[L][j])
        a_prev = np.asarray(example.activations[L - 1])
        # a ring tight enough to leave the neighbouring digits 1 and 3 clear
        ring = Circle(radius=d.radius * 1.35, color=theme().accent, stroke_width=4).move_to(d.layers[L][d.position(L, j)])
        x0 = 1.0
        formula = MathTex(r"a_{%d} = \sigma(w \cdot a + b)" % j, font_size=style.INLINE_FORMULA_SIZE)
        formula.move_to([x0, 2.55, 0], aligned_edge=LEFT)
        self.say(f"Focus on the {name()} neuron, the one this image wants brighter. Its activation is sigma of "
                 f"w dot a plus b: a weighted sum of {prev_said}, plus a bias, squished.",
                 Create(ring), FadeIn(formula), FadeIn(key), run_time=1.0)
        b_said = num(nudge_b, f"example:nudge_b:{L}:{j}", places=places_for(nudge_b))
        # Where the bias's nudge comes from, written and said: the wish through the squish's slope. Without it
        # 0.22 beside a wish of 1.70 had no reason (review 3, row S). Factors to three digits, as AddingUpWishes.
        wish_j = float(example.wishes[L][j])
        slope = float(sigma_prime_of(bundle().backprop.network, L, example.zs[L][j]))
        factor_places = [significant_places(v, 3, fewest=2) for v in (slope, wish_j)]
        self.bias_factors = (slope, wish_j)  # for the tests
        way1 = VGroup(label_text("1. raise the bias b", style.BODY_SIZE),
                      MathTex(r"-\frac{\partial C_x}{\partial b} = %s \times %s = %s"
                              % (shown(slope, factor_places[0]), shown(wish_j, factor_places[1]),
                                 shown(nudge_b, places_for(nudge_b))),
                              font_size=style.INLINE_FORMULA_SIZE)).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        way1.move_to([x0, 1.45, 0], aligned_edge=LEFT)
        self.say(f"There are three ways to raise it. First, raise the bias. This image asks its bias to change "
                 f"by {b_said}: the neuron's wish, {num(wish_j, f'example:wish:{L}:{j}', places=factor_places[1])}, "
                 f"times the squish's slope there, {num(slope, f'example:slope:{L}:{j}', places=factor_places[0])}.",
                 FadeIn(way1), run_time=0.8)
        drawn = d.drawn[L - 1]
        hi = int(drawn[np.argmax(a_prev[drawn])])
        lo = int(drawn[np.argmin(a_prev[drawn])])
        nudge_w = -np.asarray(example.grad_w[L])[j]
        way2 = VGroup(label_text("2. raise the weights w,", style.BODY_SIZE),
                      label_text("most from bright neurons", style.BODY_SIZE)).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        way2.move_to([x0, 0.2, 0], aligned_edge=LEFT)
        self.say("Second, raise the weights. A weight counts in proportion to the activation it multiplies, so the "
                 "same wish asks more of an edge from a bright neuron.", FadeIn(way2), run_time=0.8)
        rows = VGroup()
        said = {}
        for k in (hi, lo):
            p = places_for(nudge_w[k])
            said[k] = (num(a_prev[k], f"example:activation:{L - 1}:{k}", places=places_for(a_prev[k])),
                       num(nudge_w[k], f"example:nudge_w:{L}:{j}:{k}", places=p))
            rows.add(MathTex(r"a = " + shown(a_prev[k], places_for(a_prev[k])), r"\;\rightarrow\;",
                             r"-\frac{\partial C_x}{\partial w} = " + shown(nudge_w[k], p),
                             font_size=style.TERM_SIZE))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.12).next_to(way2, DOWN, buff=0.15).align_to(way2, LEFT).shift(0.3 * RIGHT)
        marks = VGroup(*[Circle(radius=d.radius * 1.6, color=theme().accent, stroke_width=4)
                         .move_to(d.layers[L - 1][d.position(L - 1, k)]) for k in (hi, lo)])
        self.say(f"The brightest neuron of {prev_said} holds {said[hi][0]}, and its edge is asked to change by "
                 f"{said[hi][1]}. The dimmest holds {said[lo][0]}, and its edge gets only {said[lo][1]}.",
                 FadeIn(rows), Create(marks), run_time=1.0)
        share = np.asarray(bundle().backprop.network.W[L - 1])[j] * nudge_b
        bars = layer_wishes(d, L - 1, share)
        self.bars = bars  # for the tests
        way3 = label_text(f"3. change {prev},", style.BODY_SIZE)
        way3b = label_text("in proportion to the weights", style.BODY_SIZE)
        VGroup(way3, way3b).arrange(DOWN, aligned_edge=LEFT, buff=0.1).move_to([x0, -2.85, 0], aligned_edge=LEFT)
        # the bars' own key (as a scene earlier), over the diagram: the edge key below speaks of the weights
        bar_key = wish_key()
        bar_key.move_to([-6.75 + bar_key.width / 2, d.get_top()[1] + 0.15 + bar_key.height / 2, 0])
        self.bar_key = bar_key  # for the tests
        self.say(f"Third, change the activations of {prev_said} themselves: raise those on blue edges, lower those "
                 "on orange edges, each in proportion to its weight.",
                 FadeOut(marks), FadeIn(way3), FadeIn(way3b), FadeIn(bars.zero), FadeIn(bar_key),
                 LaggedStart(*[Create(b) for b in bars.bars], lag_ratio=0.05), run_time=1.5)
        # Once the bars have been read against the edges, the edges go grey and their key goes: the bars'
        # blue and orange are left meaning one thing, as in the beats after (review 2, row C).
        self.edge_key, self.kept_edges = key, kept[0]  # for the tests
        self.say("We cannot set those activations directly: they come from the layers before. But we can keep "
                 "these wishes, and pass them back.", FadeOut(key),
                 kept[0].animate.set_stroke(color=theme().dim_text, opacity=0.35), run_time=1.0)


class FireTogether(Beat):
    """The nudges the example asks of every drawn edge into the output layer (−∂C/∂w, by the edge rule):
    the biggest connect the brightest neurons of the layer before to the neuron we want brighter."""

    def construct(self):
        example = featured_example()
        L = len(example.activations) - 1
        j = example.label
        name = partial(said_example_label, example)  # each line that says it formats it anew (num)
        layers = L + 1
        prev_said = said_layer_name(L - 1, layers)
        self.headline("Fire together, wire together")
        history_note(self)
        d = wishes_diagram(example, height=5.4).move_to([-2.4, -0.3, 0])
        nudged = wishes_diagram(example, height=5.4).move_to([-2.4, -0.3, 0])
        self.nudges = nudge_edges(nudged, L, example.grad_w[L])
        self.diagram = nudged  # for the tests
        # Only the edges that carry a nudge keep a colour: a weight's sign beside them would be a second meaning.
        grey_edges(d, range(len(d.edges)))
        self.weights_diagram = d  # for the tests
        d.add_to(self)
        key = VGroup(label_text("edges into the output layer:", style.SMALL_SIZE),
                     label_text("the change this image asks", style.SMALL_SIZE),
                     label_text("of each weight", style.SMALL_SIZE))
        for sign, words in ((1, "raise it"), (-1, "lower it")):
            sample = Line(LEFT * 0.35, RIGHT * 0.35, stroke_width=style.EDGE_MAX_WIDTH + 2, color=style.sign_color(sign))
            key.add(VGroup(sample, Text(words, font_size=style.SMALL_SIZE)).arrange(RIGHT, buff=0.2))
        key.add(label_text("thicker = a bigger change", style.SMALL_SIZE, theme().dim_text))
        key.arrange(DOWN, aligned_edge=LEFT, buff=0.12).move_to([4.3, 1.4, 0])
        self.say("Now draw on every edge into the output layer the change this image asks of its weight. Blue asks "
                 "for more, orange for less, and a thicker edge for a bigger change.",
                 FadeOut(d.edges[-1]), FadeIn(nudged.edges[-1]), FadeIn(key), run_time=1.2)
        gap = L - 1
        e = nudged.edge_layers[gap]
        into = np.flatnonzero(e.dst == nudged.position(L, j))
        top = into[np.argsort(-self.nudges[into])[:3]]
        src_neurons = [int(nudged.drawn[gap][e.src[i]]) for i in top]
        ring = Circle(radius=d.radius * 1.35, color=theme().accent, stroke_width=4).move_to(d.layers[L][d.position(L, j)])
        rings = VGroup(*[Circle(radius=d.radius * 1.3, color=theme().accent, stroke_width=4)  # neighbours' rings apart
                         .move_to(d.layers[gap][d.position(gap, k)]) for k in src_neurons])
        self.say(f"The thickest blue edges run into the {name()} neuron, the one we want brighter. And they start at "
                 f"the brightest neurons of {prev_said}.", Create(ring), Create(rings), run_time=1.0)
        best = int(top[0])
        k = src_neurons[0]
        a_k = float(example.activations[L - 1][k])
        value = float(self.nudges[best])
        p = places_for(value)
        facts = VGroup(label_text(f"biggest nudge: {shown(value, p)}", style.BODY_SIZE),
                       label_text(f"from a neuron at {shown(a_k, places_for(a_k))}", style.BODY_SIZE)
                       ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        facts.move_to([4.2, -1.2, 0]).align_to(key, LEFT)
        # that one edge drawn over the others, its source's ring kept and the other two let go (review 2, row O)
        start, end = nudged.edge_endpoints(gap, e.src[best:best + 1], e.dst[best:best + 1])
        biggest = Line(start[0], end[0], buff=0.0, color=theme().accent, stroke_width=7)
        self.biggest_edge = (biggest, k)  # for the tests
        self.say(f"The biggest nudge of all, {num(value, f'example:nudge_w:{L}:{j}:{k}', places=p)}, is on the edge "
                 f"from a neuron that holds {num(a_k, f'example:activation:{L - 1}:{k}', places=places_for(a_k))}.",
                 FadeIn(facts), FadeOut(rings[1:]), Create(biggest), run_time=0.8)
        self.say("Neuroscience has a slogan for this: neurons that fire together wire together. The links that grow "
                 "most join the neurons that are lit to the neuron we want lit.")
        others = np.flatnonzero((e.dst != nudged.position(L, j)) &
                                np.isin(nudged.drawn[gap][e.src], src_neurons))
        starts, ends = nudged.edge_endpoints(gap, e.src[others], e.dst[others])
        weaken = VGroup(*[Line(s0, t0, color=style.sign_color(self.nudges[i]),
                               stroke_width=style.edge_width(int(e.level[i])) + 2) for s0, t0, i in zip(starts, ends, others)])
        self.say("The edges into the other outputs ask to weaken, and most of all from the same bright neurons: "
                 "those are what pushed the wrong answers up.", FadeOut(ring), FadeOut(biggest), Create(weaken),
                 run_time=0.6)


class AddingUpWishes(Beat):
    """Every output neuron's wish for one neuron k of the layer before, w_jk · (−∂C/∂b_j), summed: the real
    −∂C/∂a_k (netcore's propagate). Then the same for every neuron of that layer, and one layer further back."""

    ROW_PITCH = 0.45

    def construct(self):
        example = featured_example()
        net = bundle().backprop.network
        L = len(example.activations) - 1
        layers = L + 1
        prev, prev_said = layer_name(L - 1, layers), said_layer_name(L - 1, layers)
        self.headline("Adding up the wishes")
        history_note(self)
        d = wishes_diagram(example, height=4.6).move_to([-3.3, -0.3, 0])  # the right half for the table, then the step
        grey_edges(d, range(len(d.edges)))  # blue/orange here mean the wishes (the key), not the weights' signs
        d.add_to(self)
        key = wish_key()
        key.move_to([-6.75 + key.width / 2, -3.05, 0])  # its last line well inside the bottom's safe area
        wish_prev = np.asarray(example.wishes[L - 1])
        drawn = d.drawn[L - 1]
        k = int(drawn[np.argmax(np.abs(wish_prev[drawn]))])
        ring = Circle(radius=d.radius * 1.7, color=theme().accent, stroke_width=5).move_to(d.layers[L - 1][d.position(L - 1, k)])
        gap = L - 1
        e = d.edge_layers[gap]
        out_edges = np.flatnonzero(e.src == d.position(L - 1, k))
        starts, ends = d.edge_endpoints(gap, e.src[out_edges], e.dst[out_edges])
        links = VGroup(*[Line(s, t, color=theme().accent, stroke_width=4) for s, t in zip(starts, ends)])
        a_k = float(example.activations[L - 1][k])
        # "hidden", and its place from the top: beside the output labels a bare "neuron 3" reads as output 3
        chosen = VGroup(label_text(f"hidden neuron {k} ({ordinal(d.position(L - 1, k) + 1)} from top),",
                                   style.SMALL_SIZE, theme().accent),
                        label_text(f"a = {shown(a_k, places_for(a_k))}", style.SMALL_SIZE, theme().accent)
                        ).arrange(DOWN, buff=0.08)
        chosen.move_to([ring.get_x(), d.layers[L - 1].get_top()[1] + 0.2 + chosen.height / 2, 0])
        self.say(f"Each output neuron has its own wish for every neuron of {prev_said}. Take this one.",
                 Create(ring), Create(links), FadeIn(chosen), FadeIn(key), run_time=1.0)
        nudge_b = -np.asarray(example.grad_b[L])
        share = np.asarray(net.W[L - 1])[:, k] * nudge_b
        table, bars, total = self.table(share, wish_prev[k], L)
        self.share_bars = bars  # for the tests
        j = example.label
        p = places_for(share[j])
        row = SurroundingRectangle(VGroup(table[1][j], table[2][j]), color=theme().accent, buff=0.06)
        slope = float(sigma_prime_of(net, L, example.zs[L][j]))
        factors = self.factors(float(example.wishes[L][j]), slope, float(net.W[L - 1][j, k]), share[j], p)
        factors.next_to(total, DOWN, buff=0.3).set_x(3.3)
        self.factors_shown = factors  # for the tests
        self.neuron, self.chosen = k, chosen  # for the tests
        self.say(f"The {said_example_label(example)} neuron's wish for it is "
                 f"{num(share[j], f'example:share:{L}:{j}:{k}', places=p)}: that output's own wish, through "
                 "its slope, times the weight between them. Every other output adds a wish of its own.",
                 FadeIn(table), FadeIn(bars.zero), LaggedStart(*[Create(b) for b in bars.bars], lag_ratio=0.08),
                 Create(row), FadeIn(factors), run_time=1.5)
        pk = places_for(wish_prev[k])
        self.say(f"Add them up, and this neuron's wish is {num(wish_prev[k], f'example:wish:{L - 1}:{k}', places=pk)}.",
                 FadeIn(total), FadeOut(row), run_time=0.8)
        layer_bars = layer_wishes(d, L - 1, wish_prev)
        self.layer_bars = {L - 1: layer_bars}  # for the tests
        # The step in the words of the sum just built; the indexed formula comes with the indices (MoreIndices),
        # so no second notation (Wᵀ, ⊙) arrives before them (review 2, row D).
        step = self.backward_step(prev).move_to([3.3, 1.9, 0])
        self.say(f"Do that for every neuron of {prev_said}, and the whole layer has its wishes. That is one "
                 "backward step: the output wishes, scaled by their slopes, sent back through the same weights.",
                 FadeOut(links), FadeOut(ring), FadeOut(chosen), FadeOut(table), FadeOut(bars.zero), FadeOut(bars.bars), FadeOut(total),
                 FadeOut(factors),
                 FadeIn(layer_bars.zero),
                 LaggedStart(*[Create(b) for b in layer_bars.bars], lag_ratio=0.05),
                 FadeIn(step), run_time=1.5)
        if L - 2 >= 1:
            before = np.asarray(example.wishes[L - 2])
            back = layer_wishes(d, L - 2, before)
            self.layer_bars[L - 2] = back
            again = self.backward_step(layer_name(L - 2, layers)).move_to(step)
            self.say(f"Then the same again, one layer back: the wishes of {prev_said} become wishes for "
                     f"{said_layer_name(L - 2, layers)}.", FadeOut(step), FadeIn(again),
                     FadeIn(back.zero), LaggedStart(*[Create(b) for b in back.bars], lag_ratio=0.05), run_time=1.5)
        # The wishes of the last hidden layer become nudges of the edges into it: coloured by the nudge's sign
        # (every other edge stays grey, one colour meaning per frame), the layer's wish bars fading into them.
        nudged = wishes_diagram(example, height=4.6).move_to(d)
        self.nudges = nudge_edges(nudged, L - 1, example.grad_w[L - 1])
        self.nudge_diagram = nudged  # for the tests
        key = VGroup(label_text(f"edges into {prev}:", style.SMALL_SIZE),
                     label_text("edge colour = sign of the nudge", style.SMALL_SIZE),
                     edge_sign_line(("raise the weight", "lower it")),
                     label_text("thicker = a bigger nudge", style.SMALL_SIZE, theme().dim_text)
                     ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        key.next_to(step, DOWN, buff=0.6).align_to(step, LEFT)
        self.say("At every layer, the wishes turn into nudges for that layer's weights and biases, as they did for "
                 "the output. Wishes flow backwards, layer by layer: that is backpropagation.",
                 FadeOut(d.edges[L - 2]), FadeIn(nudged.edges[L - 2]), FadeOut(layer_bars.zero), FadeOut(layer_bars.bars),
                 FadeIn(key), run_time=1.2)

    @staticmethod
    def factors(wish: float, slope: float, weight: float, share: float, places: int) -> VGroup:
        """One output's wish for the chosen neuron as the voice builds it: its own wish × its slope (σ′(z) of that
        output) × the weight between them. Factors to three digits, so the product written can be checked by
        hand; the result as said."""
        parts = [shown(v, significant_places(v, 3, fewest=2)) for v in (wish, slope, weight)]
        product = MathTex(r"%s \times %s \times (%s) = %s" % (*parts, shown(share, places)),
                          font_size=style.TERM_SIZE)
        words = label_text("its wish × its slope × the weight", style.SMALL_SIZE, theme().dim_text)
        return VGroup(product, words).arrange(DOWN, buff=0.12)

    @staticmethod
    def backward_step(layer: str) -> VGroup:
        """One backward step in words, as the factors above were built: netcore's ``propagate`` for one layer."""
        return VGroup(label_text("one backward step:", style.BODY_SIZE, theme().accent),
                      label_text(f"each neuron of {layer} adds up,", style.SMALL_SIZE),
                      label_text("over every neuron of the layer after,", style.SMALL_SIZE),
                      label_text("its wish × its slope × the weight", style.SMALL_SIZE),
                      ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)

    def table(self, share, total_value, L):
        """One row per output neuron: its digit, its wish for the chosen neuron (an arrow and the value), and the sum."""
        x_digit, x_value, x_zero, top = 1.3, 2.4, 4.6, 2.45
        ys = [top - i * self.ROW_PITCH for i in range(len(share))]
        head = label_text("its wish from each output", style.SMALL_SIZE, theme().dim_text).move_to([3.2, top + 0.5, 0])
        digits = VGroup(*[label_text(str(i), style.SMALL_SIZE).move_to([x_digit, y, 0]) for i, y in enumerate(ys)])
        bars = WishBars([[x_zero, y, 0] for y in ys], share, column_scale(share, 1.4), height=0.24)
        places = [places_for(v) for v in share]
        values = VGroup(*[MathTex(shown(v, p), font_size=style.TERM_SIZE, color=style.sign_color(v))
                          .move_to([x_value, y, 0]) for v, p, y in zip(share, places, ys)])
        rule = Line([x_digit - 0.3, ys[-1] - 0.3, 0], [x_value + 0.7, ys[-1] - 0.3, 0], color=theme().dim_text)
        total = VGroup(rule, MathTex(r"\text{sum} = " + shown(total_value, places_for(total_value)),
                                     font_size=style.TERM_SIZE, color=theme().accent)
                       .next_to(rule, DOWN, buff=0.15).align_to(rule, RIGHT))
        return VGroup(head, digits, values), bars, total


# --- one example is not enough, SGD, and the calculus (beats 6-11 and the closing recap) ---

TABLE_COLUMNS = 5  # examples shown side by side in the nudge table (the record holds at least 3)


def snapshot_note(rec) -> Text:
    """Which network the numbers are from: a training snapshot, said on screen."""
    return Text(f"the network at training step {rec.step:,}", font_size=style.LABEL_SIZE, color=theme().dim_text)


def example_word(rec, i: int) -> str:
    """"a 3": example i of the record by its label, as said."""
    label = rec.examples[i].label
    return f"{'an' if label == 8 else 'a'} {num(label, f'backprop:examples:{i}:label')}"


class OneExampleNotEnough(Beat):
    """Other real training images want other nudges; their average over the whole training set is −∇C."""

    def construct(self):
        rec = record()
        self.headline("One example is not enough")
        history_note(self)
        layers = len(rec.network.sizes)
        layer = table_layer(rec.network.sizes)
        examples = rec.examples[:TABLE_COLUMNS]
        mean_w = mean_weight_gradient(layer)
        table = NudgeTable(examples, [image_pixels(e) for e in examples], layer, table_weights(examples, layer))
        average, means = average_column(table, mean_w, layer, rec.train_count)
        self.table, self.average, self.means = table, average, means  # what the tests read back
        whole = Group(table, table.header, average).move_to(0.6 * DOWN)
        note = snapshot_note(rec).next_to(whole, DOWN, buff=0.3)
        # what the example columns hold, and what their two colours mean (the style's sign colours)
        key = VGroup(MathTex(r"-\frac{\partial C_x}{\partial w}", font_size=style.TERM_SIZE),
                     label_text("what image x wants:", style.SMALL_SIZE))
        for sign, words in ((1, "the weight up"), (-1, "down")):
            swatch = Rectangle(width=0.3, height=0.22, stroke_width=0, fill_color=style.sign_color(sign), fill_opacity=1.0)
            key.add(VGroup(swatch, label_text(words, style.SMALL_SIZE, style.sign_color(sign))).arrange(RIGHT, buff=0.12))
        key.arrange(RIGHT, buff=0.25)
        columns = Group(*table.header)
        key.next_to(columns, UP, buff=0.2).set_x(columns.get_x())
        self.key = key  # for the tests
        others = ", ".join(example_word(rec, i) for i in range(1, min(3, len(examples))))
        self.say(f"The {num(examples[0].label, 'backprop:examples:0:label')} is only one training image. Here it "
                 f"is beside other real ones, {others} and more, all through the same network, at step "
                 f"{num(rec.step, 'backprop:step')}.",
                 fade_in(table.header), fade_in(note), run_time=1.0)
        self.say(f"Each image asks for its own nudges. The rows are a few weights into "
                 f"{said_layer_name(layer, layers)}; each column is what one image's cost wants done to them.",
                 fade_in(table.row_labels), fade_in(table.rule), fade_in(key),
                 *[fade_in(table.column(c)) for c in range(len(examples))], run_time=1.2)
        r, a, b = self.disagreement(table.values)
        box = VGroup(SurroundingRectangle(table.cells[r][a], color=theme().accent, buff=0.08),
                     SurroundingRectangle(table.cells[r][b], color=theme().accent, buff=0.08))
        j, k = table.weights[r]
        first = num(table.values[r][a], f"nudge:{a}:{layer}:{j}:{k}", places(table.values[r][a]))
        second = num(table.values[r][b], f"nudge:{b}:{layer}:{j}:{k}", places(table.values[r][b]))
        self.say(f"They do not agree. For this weight, {self.who(rec, a)} asks for {first}, and "
                 f"{self.who(rec, b)} for {second}.", Create(box), run_time=0.8)
        self.say(f"Add up the wishes of all {num(rec.train_count, 'backprop:train_count')} training images and "
                 "divide by their number. That average is the negative gradient, the downhill step of chapter two.",
                 fade_out(box), fade_in(average), run_time=1.0)
        mark = SurroundingRectangle(average[2][r], color=theme().accent, buff=0.08)
        cancel = ("The images pull different ways and partly cancel. "
                  if abs(means[r]) < min(abs(v) for v in table.values[r]) else "")
        self.say(f"For this weight it comes to {num(means[r], f'mean_nudge:{layer}:{j}:{k}', places(means[r]))}. "
                 f"{cancel}A step follows the average, not any one image, so it helps most of them a little at once.",
                 Create(mark), run_time=0.6)

    @staticmethod
    def who(rec, c: int) -> str:
        return f"the {num(rec.examples[c].label, f'backprop:examples:{c}:label')}"

    @staticmethod
    def disagreement(values) -> tuple[int, int, int]:
        """A row and two columns whose nudges differ most (opposite signs where any row has them)."""
        best = (0, 0, 0, -1.0)
        for r, row in enumerate(values):
            a, b = int(np.argmax(row)), int(np.argmin(row))
            spread = row[a] - row[b] + (10.0 if row[a] > 0 > row[b] else 0.0)
            if spread > best[3]:
                best = (r, min(a, b), max(a, b), spread)
        return best[:3]


class StochasticGradientDescent(Beat):
    """Shuffle, cut into mini-batches, step on each batch's average: the real mini-batch run beside the
    real full-batch run from the same start, against steps and against images processed."""

    # Sample training images shown being shuffled into mini-batches: four rows that fill the frame,
    # each row cut into boxes of BOX (whole rows divide evenly, so no box wraps a row).
    THUMBS, THUMB, ROWS, BOX, BOX_GAP = 48, 0.78, 4, 4, 0.25
    PLOT = (5.4, 3.0)
    NUMBER_SIZE = style.LARGE_AXIS_NUMBER_SIZE  # the ticks (10^0 .. 10^4, 50, 100) read at a glance
    # What the runs logged: netcore.backprop_experiment.sgd_runs measures quadratic_cost on a probe set.
    COST_LABEL = "cost (squared error)"

    def construct(self):
        rec = record()
        sgd = rec.sgd
        self.headline("Stochastic gradient descent")
        history_note(self)
        thumbs = self.shuffle_strip()
        self.thumbs = thumbs  # for the tests
        self.say("Averaging over every training image, for every single step, is slow: each step would run "
                 "the whole training set forwards and backwards.", fade_in(thumbs), run_time=0.8)
        batches = self.batches(thumbs, sgd.batch_size)
        self.say(f"So shuffle the images, cut them into mini-batches of {num(sgd.batch_size, 'backprop:sgd.batch_size')}, "
                 "and take a step on each mini-batch's average instead.", *batches, run_time=2.2)
        top = float(max(np.max(sgd.minibatch_cost), np.max(sgd.full_cost)))
        left, left_labels = self.step_axes(sgd, top)
        right, right_labels = plot_axes(float(max(sgd.minibatch_examples[-1], sgd.full_examples[-1])) / 1000, top,
                                        "images processed (thousands)", self.COST_LABEL, *self.PLOT,
                                        number_size=self.NUMBER_SIZE)
        VGroup(VGroup(left, left_labels), VGroup(right, right_labels)).arrange(RIGHT, buff=1.0).move_to(0.7 * DOWN)
        mb_left = polyline(left, np.log10(np.asarray(sgd.minibatch_step, dtype=float) + 1), sgd.minibatch_cost,
                           theme().accent)
        full_left = polyline(left, np.log10(np.asarray(sgd.full_step, dtype=float) + 1), sgd.full_cost, theme().text)
        key = VGroup(VGroup(Line(0.35 * LEFT, 0.35 * RIGHT, color=theme().accent, stroke_width=4),
                            Text(f"mini-batches of {sgd.batch_size}", font_size=style.LABEL_SIZE)).arrange(RIGHT, buff=0.2),
                     VGroup(Line(0.35 * LEFT, 0.35 * RIGHT, color=theme().text, stroke_width=4),
                            Text("the whole training set", font_size=style.LABEL_SIZE)).arrange(RIGHT, buff=0.2),
                     ).arrange(RIGHT, buff=0.6)
        # The grey note under the two keys, not after them: one row of three ran to the frame's edge.
        # both runs step on squared error (netcore.backprop_experiment.sgd_runs), unlike chapter 2's run
        key = VGroup(key, Text("same random start, same images; both minimise squared error",
                               font_size=style.LABEL_SIZE, color=theme().dim_text)
                     ).arrange(DOWN, buff=0.12).next_to(VGroup(left, right), UP, buff=0.7)
        # Both runs start at the same cost at x = 0; on the images axis their first points sit on the y axis,
        # so a marker shows the shared start there (and on the steps axis, for the same reading).
        starts = VGroup(*[Circle(radius=0.07, color=theme().text, fill_opacity=1.0).move_to(ax.c2p(0, sgd.full_cost[0]))
                          for ax in (left, right)])
        self.starts = starts  # for the tests
        self.play(fade_out(thumbs), *[fade_out(m) for m in self.batch_marks], run_time=0.5)
        self.say("Here are two real runs from the same random start, doing the same amount of work: one steps on "
                 "mini-batches, the other on the whole training set.", fade_in(key), fade_in(left), fade_in(left_labels),
                 fade_in(right), fade_in(right_labels), fade_in(starts), run_time=0.8)
        full_steps, mb_steps = int(sgd.full_step[-1]), int(sgd.minibatch_step[-1])
        step_marks = VGroup(
            Text(f"{full_steps:,} steps", font_size=style.LABEL_SIZE, color=theme().text)
            .next_to(left.c2p(np.log10(full_steps + 1), sgd.full_cost[-1]), DOWN, buff=0.15),  # off both curves
            Text(f"{mb_steps:,} steps", font_size=style.LABEL_SIZE, color=theme().accent)
            .next_to(left.c2p(np.log10(mb_steps + 1), sgd.minibatch_cost[-1]), UP, buff=0.3))
        self.say(f"Counted in steps, the whole-set run takes only {num(full_steps, 'backprop:sgd.full_step:-1')}.",
                 Create(full_left), fade_in(step_marks[0]), run_time=1.2)
        self.say(f"The mini-batch run takes {num(mb_steps, 'backprop:sgd.minibatch_step:-1')}, each one cheap, and "
                 "a little noisy.", Create(mb_left), fade_in(step_marks[1]), run_time=2.0)
        mb_right = polyline(right, np.asarray(sgd.minibatch_examples) / 1000, sgd.minibatch_cost, theme().accent)
        # A whole-set step reads every image at one cost, then drops: drawn as a step, not a slope.
        full_right = staircase(right, np.asarray(sgd.full_examples) / 1000, sgd.full_cost, theme().text)
        self.curves = {"minibatch_by_step": (left, mb_left), "full_by_step": (left, full_left),  # for the tests
                       "minibatch_by_images": (right, mb_right), "full_by_images": (right, full_right)}
        at = self.comparison(sgd)
        # Both costs to the same decimal places, so "0.90" is not read as rounder than "0.16".
        same = places_for(sgd.minibatch_cost[at])
        marks = VGroup(Text(written(figure(sgd.full_cost[1], same)), font_size=style.LABEL_SIZE, color=theme().text)
                       .next_to(right.c2p(sgd.full_examples[1] / 1000, sgd.full_cost[1]), UP + RIGHT, buff=0.12),
                       Text(written(figure(sgd.minibatch_cost[at], same)), font_size=style.LABEL_SIZE, color=theme().accent)
                       .next_to(right.c2p(sgd.minibatch_examples[at] / 1000, sgd.minibatch_cost[at]), UP + RIGHT,
                                buff=0.12))  # above the curve, clear of the axis and the white line
        self.say("Counted in images processed, the work is the same.", Create(full_right), Create(mb_right),
                 run_time=2.0)
        self.say("After one pass over the training set, the whole-set run has taken one step, to "
                 f"{num(sgd.full_cost[1], 'backprop:sgd.full_cost:1', same)}; the mini-batch run is already down to "
                 f"{num(sgd.minibatch_cost[at], f'backprop:sgd.minibatch_cost:{at}', same)}.", fade_in(marks), run_time=0.8)
        self.say("Noisy, but much faster for the work done: that is stochastic gradient descent.")

    def step_axes(self, sgd, top: float):
        """Cost against steps on a log axis (step + 1): 4 steps and 3,000 steps both get room."""
        from manim import Axes

        last = float(np.ceil(np.log10(max(sgd.minibatch_step[-1], sgd.full_step[-1]) + 1)))
        axes = Axes(x_range=[0, last, 1], y_range=[0, float(np.ceil(top)), 1], x_length=self.PLOT[0],
                    y_length=self.PLOT[1], tips=False, axis_config={"color": theme().dim_text},
                    y_axis_config={"include_numbers": True, "font_size": self.NUMBER_SIZE})
        ticks = VGroup(*[MathTex(f"10^{{{k}}}", font_size=self.NUMBER_SIZE + 4)
                         .next_to(axes.c2p(k, 0), DOWN, buff=0.15) for k in range(int(last) + 1)])
        labels = VGroup(ticks, Text("steps taken (log scale)", font_size=style.LABEL_SIZE).next_to(ticks, DOWN, buff=0.2),
                        Text(self.COST_LABEL, font_size=style.LABEL_SIZE).next_to(axes.y_axis, UP, buff=0.2)
                        .align_to(axes.y_axis, LEFT))
        return axes, labels

    def shuffle_strip(self) -> Group:
        images = bundle().arrays["sample_train_image"][: self.THUMBS]
        thumbs = Group(*[image_mobject(style.grey_rgb(im), self.THUMB) for im in images])
        thumbs.arrange_in_grid(rows=self.ROWS, buff=0.1)
        columns = len(thumbs) // self.ROWS
        for n, thumb in enumerate(thumbs):  # a gap between the boxes of a row, so each box reads as one
            thumb.shift((n % columns) // self.BOX * self.BOX_GAP * RIGHT)
        return thumbs.move_to(0.1 * UP)

    def batches(self, thumbs, batch_size: int) -> list:
        """The thumbnails shuffled (a seeded permutation) and framed in groups: the idea of mini-batches
        (the run's own batches are batch_size images; the THUMBS here stand for the whole set)."""
        order = np.random.default_rng(3).permutation(len(thumbs))
        cells = [thumb.get_center() for thumb in thumbs]  # the grid's places, row by row
        moves = [thumbs[i].animate.move_to(cells[int(order[i])]) for i in range(len(thumbs))]
        # One box: BOX columns of every row (the gaps of shuffle_strip fall between them), as the eye groups them.
        columns = len(thumbs) // self.ROWS
        groups = [[n for n in range(len(thumbs)) if (n % columns) // self.BOX == g]
                  for g in range(-(-columns // self.BOX))]
        per = len(groups[0])
        self.batch_marks = VGroup()
        for group in groups:
            block = [cells[n] for n in group]
            xs = [p[0] for p in block]
            ys = [p[1] for p in block]
            self.batch_marks.add(Rectangle(width=max(xs) - min(xs) + self.THUMB + 0.1,
                                           height=max(ys) - min(ys) + self.THUMB + 0.1,
                                           color=theme().accent, stroke_width=3)
                                 .move_to([(max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2, 0]))
        shown = per  # thumbnails in one box
        self.box_caption = (shown, batch_size)  # for the tests
        caption = (f"each box: one mini-batch of {batch_size} images" if shown == batch_size else
                   f"each box: {shown} of a mini-batch's {batch_size} images shown")
        label = Text(caption, font_size=style.SMALL_SIZE + 4,
                     color=theme().text).next_to(thumbs, DOWN, buff=0.35)
        self.batch_marks.add(label)
        # The shuffle first, then the boxes, as the line says them ("shuffle ..., cut them into ...").
        return [Succession(AnimationGroup(*moves, run_time=1.4), fade_in(self.batch_marks, run_time=0.8))]

    @staticmethod
    def comparison(sgd) -> int:
        """The mini-batch record taken when it had processed as many images as one whole-set step (the last
        one at or before that count)."""
        at = int(np.searchsorted(np.asarray(sgd.minibatch_examples), sgd.full_examples[1], side="right") - 1)
        return max(at, 0)


# The toy chain's symbols (TeX): the last layer is L, the one before L - 1.
A_PREV, A_LAST, Z_LAST = r"a^{(L-1)}", r"a^{(L)}", r"z^{(L)}"
W_LAST, B_LAST = r"w^{(L)}", r"b^{(L)}"
COST = "C_x"  # one example's cost, as in the chapter's first half (x: the example)
FACTOR_TEX = (A_PREV, rf"\sigma'({Z_LAST})", rf"2({A_LAST} - y)")
FACTOR_MEANINGS = (("how bright the", "neuron before is"), ("how steep the", "squish is at z"),
                   ("how far the output", "is from y"))


def factor_formula(font_size: float = style.KEY_FORMULA_SIZE) -> MathTex:
    """∂Cₓ/∂w = a^(L-1) · σ'(z^(L)) · 2(a^(L) − y), with each factor a part of its own (parts 2, 4, 6)."""
    return MathTex(rf"\frac{{\partial {COST}}}{{\partial {W_LAST}}}", "=", FACTOR_TEX[0], r"\cdot", FACTOR_TEX[1],
                   r"\cdot", FACTOR_TEX[2], font_size=font_size)


def meanings(formula: MathTex, font_size: float = style.LABEL_SIZE) -> VGroup:
    """The three factors' meanings, each under its factor."""
    out = VGroup()
    for part, words in zip((2, 4, 6), FACTOR_MEANINGS):
        text = VGroup(*[Text(w, font_size=font_size, color=theme().dim_text) for w in words]).arrange(DOWN, buff=0.08)
        out.add(text.next_to(formula[part], DOWN, buff=0.45))
    return out


class ChainRule(Beat):
    """The calculus on a toy chain of single neurons (said to be a toy): C = (a − y)², a = σ(z),
    z = w a_prev + b; a nudge to w ripples through z, a and C; ∂C/∂w as three factors with meanings."""

    CHAIN_Y = 1.75

    def construct(self):
        self.headline("The chain rule, one neuron per layer")
        chain, toy = self.chain()
        self.say("To see the calculus behind it, take a toy: a made-up chain with a single neuron in each layer, "
                 "so that every symbol stays simple.", fade_in(chain), fade_in(toy), run_time=1.2)
        defs = VGroup(MathTex(Z_LAST, "=", W_LAST, A_PREV, "+", B_LAST, font_size=style.FORMULA_SIZE),
                      MathTex(A_LAST, "=", rf"\sigma({Z_LAST})", font_size=style.FORMULA_SIZE),
                      MathTex(COST, "=", rf"({A_LAST} - y)^2", font_size=style.FORMULA_SIZE),
                      ).arrange(DOWN, buff=0.4, aligned_edge=LEFT).move_to([-3.4, -1.3, 0])
        self.say("The last neuron's weighted sum z is its weight times the activation before, plus its bias.",
                 fade_in(defs[0]), run_time=0.8)
        self.say("Squished by sigma, z gives its activation a.", fade_in(defs[1]), run_time=0.8)
        self.say("And the cost of this one example is a minus y, squared, where y is the output we wanted.",
                 fade_in(defs[2]), run_time=0.8)
        tree, nodes = self.tree()
        self.say("As a picture of what depends on what: the weight, the activation before and the bias make z; "
                 "z makes a; a and y make the cost.", Create(tree, lag_ratio=0.2), run_time=2.0)
        # The nudge ripples down the tree: each link lit (and left lit) with the line that names it.
        links = dict(zip((("w", "z"), ("a_prev", "z"), ("b", "z"), ("z", "a"), ("a", "C"), ("y", "C")), tree[0]))
        steps = [(("w", "z"), "z"), (("z", "a"), "a"), (("a", "C"), "C")]

        def lit(link, name):
            return AnimationGroup(links[link].animate.set_color(theme().accent).set_stroke(width=5),
                                  nodes[name].animate.set_color(theme().accent))

        # One line for the ripple: the links light one after another, down the tree, while it is said.
        self.say("Nudge the weight a tiny bit: it ripples through z and a to the cost.",
                 Succession(nodes["w"].animate(run_time=0.5).set_color(theme().accent),
                            *[lit(link, name) for link, name in steps]), run_time=3.0)
        self.say("How much the cost moves for each bit of w is the derivative we are after.")
        ratios = MathTex(rf"\frac{{\partial {COST}}}{{\partial {W_LAST}}}", "=",
                         rf"\frac{{\partial {Z_LAST}}}{{\partial {W_LAST}}}",
                         rf"\frac{{\partial {A_LAST}}}{{\partial {Z_LAST}}}",
                         rf"\frac{{\partial {COST}}}{{\partial {A_LAST}}}", font_size=style.KEY_FORMULA_SIZE)
        # First where the definitions were, beside the lit chain and tree it multiplies along.
        ratios.move_to([-3.2, -1.3, 0])
        self.say("The chain rule says: multiply the rates along the way.", fade_out(defs), fade_in(ratios),
                 run_time=1.0)
        self.play(fade_out(tree), fade_out(chain), fade_out(toy),
                  ratios.animate.move_to([0, self.CHAIN_Y - 0.2, 0]), run_time=0.6)
        rows = self.factor_rows().next_to(ratios, DOWN, buff=0.55)
        # Each rate boxed with the line that names it (and its row): the box moves on with the voice.
        boxes = [SurroundingRectangle(ratios[i], color=theme().accent, buff=0.08) for i in (2, 3, 4)]
        self.rate_boxes = boxes  # for the tests
        named = [Create(boxes[0])] + [ReplacementTransform(boxes[i - 1], boxes[i]) for i in (1, 2)]
        lines = ("Each rate is simple. z moves with w by the activation before: a bright neuron's weight matters "
                 "most.", "a moves with z by the slope of the squish, sigma prime.",
                 "And the cost moves with a by two times a minus y: large when the output is far from what we "
                 "wanted.")
        for words, box, row in zip(lines, named, rows):
            self.say(words, box, fade_in(row), run_time=1.0)
        formula = factor_formula().move_to(ratios)  # the product takes the rates' place
        box = SurroundingRectangle(formula, color=theme().accent, buff=0.2)
        self.say("Three factors, each with a meaning.", fade_out(ratios, run_time=0.4), fade_out(boxes[2], run_time=0.4),
                 fade_in(formula), Create(box), run_time=1.0)

    @staticmethod
    def factor_rows() -> VGroup:
        """Each rate of the chain rule, what it equals, and what that means, one row each."""
        rates = (rf"\frac{{\partial {Z_LAST}}}{{\partial {W_LAST}}}", rf"\frac{{\partial {A_LAST}}}{{\partial {Z_LAST}}}",
                 rf"\frac{{\partial {COST}}}{{\partial {A_LAST}}}")
        rows = VGroup()
        for rate, factor, words in zip(rates, FACTOR_TEX, FACTOR_MEANINGS):
            rows.add(VGroup(MathTex(rate, "=", factor, font_size=style.FORMULA_SIZE),
                            Text(" ".join(words), font_size=style.BODY_SIZE, color=theme().dim_text)))
        for row in rows:
            row[1].next_to(row[0], RIGHT, buff=0.6)
        rows.arrange(DOWN, buff=0.3, aligned_edge=LEFT)
        for row in rows:  # the equals signs in one column
            row.shift((rows[0][0][1].get_x() - row[0][1].get_x()) * RIGHT)
        for row in rows:  # the meanings in one column
            row[1].align_to(max((r[0] for r in rows), key=lambda m: m.get_right()[0]), RIGHT).shift(
                (row[1].width + 0.6) * RIGHT)
        return rows

    def chain(self) -> tuple[VGroup, Text]:
        xs = (-4.6, -1.6, 1.4)
        names = (r"a^{(L-2)}", A_PREV, A_LAST)
        circles = VGroup(*[Circle(radius=0.42, stroke_color=theme().neuron_stroke, stroke_width=style.NEURON_STROKE)
                           .set_fill(theme().activation, opacity=o).move_to([x, self.CHAIN_Y, 0])
                           for x, o in zip(xs, (0.35, 0.7, 0.5))])
        labels = VGroup(*[MathTex(n, font_size=style.INLINE_FORMULA_SIZE).next_to(c, DOWN, buff=0.2)
                          for n, c in zip(names, circles)])
        edges = VGroup(*[Line(circles[i].get_right(), circles[i + 1].get_left(), color=theme().dim_text, stroke_width=4)
                         for i in range(2)])
        weights = VGroup(*[MathTex(n, font_size=style.INLINE_FORMULA_SIZE).next_to(e, UP, buff=0.15)
                           for n, e in zip((r"w^{(L-1)}", W_LAST), edges)])
        cost = MathTex(COST, font_size=style.FORMULA_SIZE).move_to([4.6, self.CHAIN_Y, 0])
        to_cost = Arrow(circles[2].get_right(), cost.get_left(), buff=0.15, color=theme().dim_text, stroke_width=4)
        want = MathTex(r"y", font_size=style.INLINE_FORMULA_SIZE).next_to(cost, DOWN, buff=0.5)
        want_arrow = Arrow(want.get_top(), cost.get_bottom(), buff=0.08, color=theme().dim_text, stroke_width=3)
        toy = Text("a toy: one neuron per layer", font_size=style.LABEL_SIZE, color=theme().dim_text)
        toy.next_to(VGroup(circles, weights), UP, buff=0.35)
        return VGroup(edges, circles, labels, weights, to_cost, cost, want, want_arrow), toy

    def tree(self) -> tuple[VGroup, dict]:
        at = {"w": (1.6, -0.3), "a_prev": (3.0, -0.3), "b": (4.4, -0.3), "z": (3.0, -1.3), "a": (3.0, -2.3),
              "y": (4.4, -2.3), "C": (3.7, -3.2)}
        tex = {"w": W_LAST, "a_prev": A_PREV, "b": B_LAST, "z": Z_LAST, "a": A_LAST, "y": "y", "C": COST}
        nodes = {k: MathTex(tex[k], font_size=style.INLINE_FORMULA_SIZE).move_to([x, y, 0]) for k, (x, y) in at.items()}
        links = VGroup(*[Line(nodes[a].get_bottom(), nodes[b].get_top(), buff=0.08, color=theme().dim_text, stroke_width=3)
                         for a, b in (("w", "z"), ("a_prev", "z"), ("b", "z"), ("z", "a"), ("a", "C"), ("y", "C"))])
        return VGroup(links, *nodes.values()), nodes



def agreeing_places(a: float, b: float, most: int = 6, fewest: int = 3) -> int:
    """The most significant digits (up to ``most``) at which ``a`` and ``b`` are written the same,
    as decimal places of ``a``: what the screen shows of both so that they can be compared digit by digit."""
    for digits in range(most, fewest - 1, -1):
        p = significant_places(a, digits)
        if f"{a:.{p}f}" == f"{b:.{p}f}":
            return p
    return significant_places(a, fewest)


class RealWeight(Beat):
    """One real output-layer weight for the real example: the chain rule's three real factors, their
    product, and a finite difference measured by re-running the network, side by side."""

    DIAGRAM_AT, DIAGRAM_HEIGHT = (-4.4, -0.1, 0), 5.0  # "hidden layer 2" inside the margin
    PANEL_X = -1.75  # the factors' left edge
    MEANING_X = 2.7  # the meanings' left edge, clear of the longest factor's value
    # One line each, in the words the voice uses for each factor below (ChainRule's two-line glosses,
    # FACTOR_MEANINGS, would not fit beside the rows on one line).
    MEANINGS = ("the neuron before's glow", "the squish's slope at z", "twice the output's error")
    FACTOR_DIGITS = 3  # significant digits of each factor: enough to multiply them and see the product

    def construct(self):
        rec = record()
        f = followed()
        c, ex = f.chain, f.example
        layers = len(rec.network.sizes)
        out, hid = layers - 1, layers - 2
        self.headline("Back in the real network: one weight")
        history_note(self)
        d = last_gap(rec.network, height=self.DIAGRAM_HEIGHT, layer_gap=2.6).move_to(self.DIAGRAM_AT)
        set_fills(d, ex.activations[hid], ex.activations[out])
        d.add_to(self)
        self.add(gap_names(d, layers))
        edge = self.followed_edge(d, 0, c.k, c.j)
        if edge is not None:  # the followed edge stands out; the others stay, fainter, for context
            dim_edges(d, style.FOLLOWED_EDGE_DIM)
        whose = Text(f"{f.source}, at training step {rec.step:,}" + (" (wanted: the network's answer)"
                                                                      if f.wanted_is_answer else ""),
                     font_size=style.LABEL_SIZE, color=theme().dim_text)
        # The weight's name and what it joins on one row, so the block sits clear of the title.
        named = VGroup(MathTex(rf"w^{{({out})}}_{{{c.j},{c.k}}}", font_size=style.FORMULA_SIZE, color=theme().accent),
                       Text(f": into output {c.j}, from neuron {c.k} of hidden layer {hid}", font_size=style.LABEL_SIZE)
                       ).arrange(RIGHT, buff=0.12)
        name = VGroup(named, whose).arrange(DOWN, buff=0.15, aligned_edge=LEFT).move_to([self.PANEL_X, 2.3, 0],
                                                                                         aligned_edge=LEFT)
        label = num(c.label if hasattr(c, "label") else ex.label, f.name("label") if f.chosen else "backprop:chain.label")
        self.say(f"Back to the real network at step {num(rec.step, 'backprop:step')}, with the {label} from before. "
                 f"Take one real weight: the edge into output {num(c.j, f.name('j'))}, from neuron "
                 f"{num(c.k, f.name('k'))} of {said_layer_name(hid, layers)}.",
                 *([Create(edge)] if edge else []), fade_in(name), run_time=1.2)
        rows, shown = self.factor_rows(c, out, hid)
        self.factors = rows  # for the tests
        said = [num(v, f.name(field), places=significant_places(v, self.FACTOR_DIGITS)) for field, v in
                (("a_prev", c.a_prev), ("sigma_prime", c.sigma_prime), ("two_error", c.two_error))]
        # One more digit than the chapter's usual two (0.910, not 0.91 as before): the check below compares
        # the product with a measurement digit by digit, so the factors say so.
        digits = Text(f"each to {self.FACTOR_DIGITS} significant digits, for the check",
                      font_size=style.LABEL_SIZE, color=theme().dim_text)
        digits.next_to(rows, UP, buff=0.12).align_to(rows, LEFT)
        self.digits_note = digits  # for the tests
        self.say("Its three factors, with this image's real numbers.", *[fade_in(r) for r in rows], fade_in(digits),
                 run_time=1.0)
        # Each factor boxed as the voice says its number; the box moves on with the voice.
        boxes = [SurroundingRectangle(r[0][2], color=theme().accent, buff=0.08) for r in rows]
        self.say(f"The neuron before glows at {said[0]}.", Create(boxes[0]), run_time=0.6)
        self.say(f"The squish's slope there is {said[1]}.", ReplacementTransform(boxes[0], boxes[1]), run_time=0.6)
        self.say(f"Two times the output's error is {said[2]}.", ReplacementTransform(boxes[1], boxes[2]),
                 run_time=0.6)
        places = agreeing_places(c.product, c.finite_difference)
        self.chain, self.factor_texts = c, shown  # what the tests read back
        product = MathTex(rf"\frac{{\partial {COST}}}{{\partial w^{{({out})}}_{{{c.j},{c.k}}}}} =", f"{c.product:.{places}f}",
                          font_size=style.FORMULA_SIZE)
        product.next_to(rows, DOWN, buff=0.25).align_to(rows, LEFT)
        self.say("Multiplied, they say how fast this image's cost changes as the weight changes.", fade_in(product),
                 fade_out(boxes[2]), run_time=0.8)
        fd = VGroup(MathTex(rf"\frac{{{COST}(w + h) - {COST}(w - h)}}{{2h}} =", f"{c.finite_difference:.{places}f}",
                            font_size=style.FORMULA_SIZE),
                    VGroup(MathTex(rf"h = {power_of_ten(c.h)}", font_size=style.INLINE_FORMULA_SIZE,
                                   color=theme().dim_text),
                           Text(": both ways, more accurate than one way", font_size=style.LABEL_SIZE,
                                color=theme().dim_text)).arrange(RIGHT, buff=0.1))
        fd[1].next_to(fd[0], DOWN, buff=0.15).align_to(fd[0], LEFT)
        fd.next_to(product, DOWN, buff=0.25).align_to(rows, LEFT)
        # The knob beat nudged one way, (C(w + h) − C(w)) / h; both ways cancels the curve's bend, so it is
        # closer: the note under the formula says so, the voice does not need to.
        self.say("Now measure it without any calculus: nudge the weight a tiny bit each way, run the network "
                 "again, and divide the change in cost by the size of the nudge.", fade_in(fd[0]),
                 fade_in(fd[1], run_time=1.6), run_time=2.0)
        both = VGroup(SurroundingRectangle(product[1], color=theme().accent, buff=0.08),
                      SurroundingRectangle(fd[0][1], color=theme().accent, buff=0.08))
        way = "grow" if c.product < 0 else "shrink"
        # The nudge of the beats before is minus this slope, rounded as they showed it.
        nudge = -c.product
        link = Text(f"→ nudge {'+' if nudge > 0 else ''}{written(figure(nudge, places_for(nudge)))}"
                    f"{'' if f.chosen else chr(10) + 'as before'}", font_size=style.SMALL_SIZE + 2, color=theme().accent,
                    line_spacing=0.8)
        # Beside the product's box in two short lines, clear of the frame's edge (one line ran to it).
        link.next_to(product, RIGHT, buff=0.3)
        self.link = link  # for the tests
        self.say("The two agree in every digit shown. The chain rule is not an estimate: it is the exact slope.",
                 Create(both), run_time=0.8)
        self.say(f"The slope is {'negative' if c.product < 0 else 'positive'}, so this image asks the weight to {way}"
                 f"{'' if f.chosen else ': the nudge we saw before'}.", fade_in(link), run_time=0.8)

    def factor_rows(self, c, out: int, hid: int) -> tuple[VGroup, list[str]]:
        texts = [f"{v:.{significant_places(v, self.FACTOR_DIGITS)}f}" for v in (c.a_prev, c.sigma_prime, c.two_error)]
        symbols = (rf"a^{{({hid})}}_{{{c.k}}}", rf"\sigma'(z^{{({out})}}_{{{c.j}}})",
                   rf"2(a^{{({out})}}_{{{c.j}}} - y_{{{c.j}}})")
        rows = VGroup()
        for i, (symbol, text, words) in enumerate(zip(symbols, texts, self.MEANINGS)):
            y = 1.05 - 0.66 * i  # room above for the digits note
            formula = MathTex(symbol, "=", text, font_size=style.FORMULA_SIZE).move_to([self.PANEL_X, y, 0],
                                                                                     aligned_edge=LEFT)
            # one line, level with its own row: wrapped in two, a gloss sat level with the row below (review 2, E)
            meaning = Text(words, font_size=style.LABEL_SIZE, color=theme().dim_text)
            meaning.move_to([self.MEANING_X, formula.get_y(), 0], aligned_edge=LEFT)
            rows.add(VGroup(formula, meaning))
        return rows, texts

    @staticmethod
    def followed_edge(d, hid: int, k: int, j: int):
        """The followed weight's edge drawn over the diagram in the highlight colour (None if either
        neuron is one of those a large layer leaves undrawn)."""
        src, dst = d.position(hid, k), d.position(hid + 1, j)
        if src is None or dst is None:
            return None
        start, end = d.layers[hid][src].get_center(), d.layers[hid + 1][dst].get_center()
        return Line(start, end, buff=d.radius, color=theme().accent, stroke_width=6)


def power_of_ten(h: float) -> str:
    """``h`` in TeX as a power of ten ("10^{-5}"), or as m × 10^e when it is not one."""
    mantissa, exponent = f"{float(h):.1e}".split("e")
    power = rf"10^{{{int(exponent)}}}"
    return power if float(mantissa) == 1.0 else rf"{mantissa.rstrip('0').rstrip('.')} \times {power}"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, 21st."""
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def w_jk(layer: str = "L") -> str:
    return rf"w^{{({layer})}}_{{jk}}"


class MoreIndices(Beat):
    """The same formulas with j and k: w_jk into j from k (chapter 1's matrix, row j, column k), and
    ∂C/∂a_k of the layer before summed over every path through the next layer (the real sum for the 2)."""

    DIAGRAM_AT, DIAGRAM_HEIGHT = (-4.4, 0.0, 0), 4.5  # room under the layer names for L and L - 1; "hidden
    # layer 2" under the left column inside the frame's margin
    LAYER_GAP = 2.9
    PANEL_AT = (1.85, 0, 0)
    MATRIX_LEFT = -2.3  # the matrix's left edge: right of the diagram's output labels

    def construct(self):
        rec = record()
        ex, k = rec.examples[0], rec.chain.k
        layers = len(rec.network.sizes)
        hid, out = layers - 2, layers - 1
        self.headline("More neurons, more indices")
        history_note(self)
        d = last_gap(rec.network, height=self.DIAGRAM_HEIGHT, layer_gap=self.LAYER_GAP).move_to(self.DIAGRAM_AT)
        set_fills(d, ex.activations[hid], ex.activations[out])
        dim_edges(d, style.FOLLOWED_EDGE_DIM)  # the paths out of neuron k are drawn over them
        d.add_to(self)
        self.diagram = d  # for the tests
        names = gap_names(d, layers)
        index_marks = VGroup(MathTex("k", font_size=style.FORMULA_SIZE).next_to(d.layers[0], UP, buff=0.25),
                             MathTex("j", font_size=style.FORMULA_SIZE).next_to(d.layers[1], UP, buff=0.25))
        # Which layer L is, from the network's shape (3 for 784-16-16-10, 2 for 784-30-10).
        # In the text colour: the highlight colour is for what the voice is on now (w_jk, the paths).
        layer_marks = VGroup(MathTex(rf"L - 1 = {hid}", font_size=style.INLINE_FORMULA_SIZE, color=theme().text),
                             MathTex(rf"L = {out}", font_size=style.INLINE_FORMULA_SIZE, color=theme().text))
        for mark, name in zip(layer_marks, names):
            mark.next_to(name, DOWN, buff=0.2)
        self.layer_marks = layer_marks  # for the tests
        self.say(f"Real layers have many neurons, so the symbols get indices: k counts the neurons of "
                 f"{said_layer_name(hid, layers)}, and j those of the output layer, both from zero at the top.",
                 fade_in(names), fade_in(index_marks), run_time=1.0)
        self.say("L is the output layer, and L minus one the layer before it.", fade_in(layer_marks), run_time=0.8)
        matrix, labels = self.weight_matrix()
        placed = VGroup(matrix, labels).move_to([self.PANEL_AT[0], 0.6, 0])
        placed.shift(max(0.0, self.MATRIX_LEFT - placed.get_left()[0]) * RIGHT)  # clear of the output labels
        self.say("The weight into neuron j from neuron k is called w j k: row j, column k of chapter one's weight "
                 "matrix, where row j holds everything flowing into neuron j.", fade_in(matrix), fade_in(labels),
                 run_time=1.2)
        sums = VGroup(
            MathTex(rf"z^{{(L)}}_j = \sum_k {w_jk()}\, a^{{(L-1)}}_k + b^{{(L)}}_j", font_size=style.INLINE_FORMULA_SIZE),
            MathTex(rf"\frac{{\partial {COST}}}{{\partial {w_jk()}}} = a^{{(L-1)}}_k\, \sigma'(z^{{(L)}}_j)\, "
                    rf"2(a^{{(L)}}_j - y_j)", font_size=style.INLINE_FORMULA_SIZE),
        ).arrange(DOWN, buff=0.45, aligned_edge=LEFT).move_to([self.PANEL_AT[0], 0.9, 0])
        self.play(fade_out(matrix), fade_out(labels), run_time=0.5)
        self.say("Output j's weighted sum adds up over every k. And for one weight, nothing new: the same three "
                 "factors as the toy, now with indices.", fade_in(sums[0]), fade_in(sums[1], run_time=1.6),
                 run_time=2.0)
        fan = self.fan_out(d, k)
        paths = MathTex(rf"\frac{{\partial {COST}}}{{\partial a^{{(L-1)}}_k}}", "=",
                        rf"\sum_j {w_jk()}\, \sigma'(z^{{(L)}}_j)\, 2(a^{{(L)}}_j - y_j)",
                        font_size=style.INLINE_FORMULA_SIZE)
        paths.next_to(sums, DOWN, buff=0.45).align_to(sums, LEFT)
        count = Text(f"{rec.network.sizes[-1]} paths", font_size=style.LABEL_SIZE, color=theme().accent)
        count.next_to(d.layers[1], RIGHT, buff=0.6).shift(0.2 * DOWN)
        self.say(f"But a neuron k of the layer before reaches the cost along every edge it sends out, one into each of "
                 f"the {num(rec.network.sizes[-1], 'size:-1')} outputs. So its derivative adds up all "
                 f"{num(rec.network.sizes[-1], 'size:-1')} paths.", *fan, fade_in(paths), fade_in(count), run_time=1.6)
        wish = ex.wishes[hid][k]
        self.wish = (k, wish)  # for the tests
        value = VGroup(MathTex(rf"-\frac{{\partial {COST}}}{{\partial a^{{({hid})}}_{{{k}}}}} =", written(figure(wish)),
                               font_size=style.INLINE_FORMULA_SIZE),
                       # The image by its place in the training set, so "the 2" is not read as output 2's wish.
                       VGroup(*[Text(t, font_size=style.LABEL_SIZE, color=theme().dim_text)
                                for t in (f"for training image {ex.train_index} (the {ex.label}):",
                                          f"the wish for neuron {k}",
                                          f"(the {ordinal(k + 1)} from the top)")]
                              ).arrange(DOWN, buff=0.08, aligned_edge=LEFT)
                       ).arrange(RIGHT, buff=0.3)
        value.next_to(paths, DOWN, buff=0.4).align_to(sums, LEFT)
        self.say(f"For the {num(ex.label, 'backprop:examples:0:label')}, the paths out of neuron "
                 f"{num(k, 'backprop:chain.k')} add up to a wish of {num(wish, f'backprop:examples:0:wishes:{hid}:{k}')}:"
                 " how much, and which way, this image wants that neuron to change.", fade_in(value), run_time=0.8)
        self.step_back(sums, paths, value, layer_marks)

    def step_back(self, sums, paths, value, layer_marks):
        """"Step back one layer": the sum just found is what the layer before needs, so the same formula
        one layer down (L - 1 in L's place, the found derivative boxed in both) takes the first rows' place."""
        up = sums.get_top()[1] - paths.get_top()[1]
        # k keeps its meaning (a neuron of layer L - 1, as the diagram labels it): the layer below gets a new
        # letter, i, instead of j and k changing layers in one frame (review 3, row U)
        back = MathTex(rf"\frac{{\partial {COST}}}{{\partial a^{{(L-2)}}_i}}", "=",
                       rf"\sum_k w^{{(L-1)}}_{{ki}}\, \sigma'(z^{{(L-1)}}_k)\;",
                       rf"\frac{{\partial {COST}}}{{\partial a^{{(L-1)}}_k}}", font_size=style.INLINE_FORMULA_SIZE)
        self.back = back  # for the tests
        back.next_to(value, DOWN, buff=0.5).align_to(paths, LEFT).shift(up * UP)
        found = SurroundingRectangle(paths[0], color=theme().accent, buff=0.1).shift(up * UP)
        used = SurroundingRectangle(back[3], color=theme().accent, buff=0.1)
        self.say("Do that for every neuron, then step back one layer and do it again. That is the backward pass.",
                 Succession(AnimationGroup(fade_out(sums), VGroup(paths, value).animate.shift(up * UP), run_time=0.6),
                            AnimationGroup(Create(found), fade_in(back), Create(used),
                                           Indicate(layer_marks[0], color=theme().accent), run_time=1.2)),
                 run_time=1.8)

    @staticmethod
    def weight_matrix() -> tuple[VGroup, VGroup]:
        rows = [[r"w_{00}", r"\cdots", r"w_{0k}", r"\cdots"],
                [r"\vdots", r"", r"\vdots", r""],
                [r"w_{j0}", r"\cdots", r"w_{jk}", r"\cdots"],
                [r"\vdots", r"", r"\vdots", r""]]
        entries = VGroup()
        for r, row in enumerate(rows):
            for c, tex in enumerate(row):
                if tex:
                    entries.add(MathTex(tex, font_size=style.FORMULA_SIZE,
                                        color=theme().accent if (r, c) == (2, 2) else theme().text)
                                .move_to([1.3 * c, -0.75 * r, 0]))
        left = MathTex(r"\left[ \vphantom{\rule{1pt}{95pt}} \right.", font_size=style.FORMULA_SIZE)
        right = MathTex(r"\left. \vphantom{\rule{1pt}{95pt}} \right]", font_size=style.FORMULA_SIZE)
        left.stretch_to_fit_height(entries.height + 0.4).next_to(entries, LEFT, buff=0.2)
        right.stretch_to_fit_height(entries.height + 0.4).next_to(entries, RIGHT, buff=0.2)
        name = MathTex(r"W^{(L)} =", font_size=style.FORMULA_SIZE).next_to(left, LEFT, buff=0.2)
        matrix = VGroup(name, left, entries, right)
        labels = VGroup(Text("row j: into neuron j", font_size=style.LABEL_SIZE, color=theme().dim_text),
                        Text("column k: from neuron k", font_size=style.LABEL_SIZE, color=theme().dim_text)
                        ).arrange(DOWN, buff=0.12, aligned_edge=LEFT).next_to(matrix, DOWN, buff=0.35)
        return matrix, labels

    @staticmethod
    def fan_out(d, k: int) -> list:
        """Every drawn edge out of hidden neuron k, drawn over the diagram in the highlight colour."""
        src = d.position(0, k)
        if src is None:
            return []
        start = d.layers[0][src].get_center()
        lines = VGroup(*[Line(start, c.get_center(), buff=d.radius, color=theme().accent, stroke_width=4)
                         for c in d.layers[1]])
        return [Create(lines, lag_ratio=0.1)]


def log_cost_plot(step, cost, width: float, height: float, numbers: bool = True) -> tuple[VGroup, Axes, VMobject]:
    """Chapter 2's real cost curve on its log step axis (step + 1), with its axes."""
    from manim import Axes

    top = float(np.ceil(np.log10(step[-1] + 1)))
    axes = Axes(x_range=[0, top, 1], y_range=[0, float(np.ceil(cost.max())), 1], x_length=width, y_length=height,
                tips=False, axis_config={"color": theme().dim_text},
                y_axis_config={"include_numbers": numbers, "font_size": style.SMALL_AXIS_NUMBER_SIZE})
    line = polyline(axes, np.log10(np.asarray(step, dtype=float) + 1), cost, theme().accent)
    parts = VGroup(axes)
    if numbers:
        parts.add(VGroup(*[MathTex(f"10^{{{k}}}", font_size=style.SMALL_AXIS_NUMBER_SIZE + 2)
                           .next_to(axes.c2p(k, 0), DOWN, buff=0.15) for k in range(int(top) + 1)]))
    return parts, axes, line


class WholeAlgorithm(Beat):
    """Forward, cost, backward layer by layer, average over the mini-batch, step; repeated, it is chapter
    2's training, shown by its real cost curve."""

    STEPS = (("1", "forward: each image of a mini-batch"),
             ("2", "cost: its outputs against its label"),
             ("3", "backward: layer by layer, every nudge"),
             ("4", "average the nudges over the batch"),
             ("5", "step: every weight and bias, a little"))
    STEP_SIZE = style.LABEL_SIZE + 4

    def construct(self):
        b = bundle()
        self.headline("The whole algorithm")
        history_note(self)
        steps = self.step_list().to_edge(LEFT, buff=0.5).shift(0.3 * UP)
        cost, step = b.arrays["curve_cost"], b.arrays["curve_step"]
        plot, axes, line = log_cost_plot(step, cost, 4.6, 3.4)
        self.curve = (axes, line)  # for the tests
        # The run's own step count, as chapter 2 says it (the sampled curve's last point is a little before).
        run_steps = int(b.arrays["snapshot_step"][-1])
        self.run_steps = Text(f"training step (log scale), {run_steps:,} in all", font_size=style.LABEL_SIZE)
        plot.add(self.run_steps.next_to(plot, DOWN, buff=0.15))
        # The recorder measured the squared-error cost of this chapter on a fixed sample of training images
        # (netcore.experiments.TrainingRecorder), whatever objective the steps descended: the axis says so.
        probe = b.meta["curve_probe_size"]
        title = VGroup(Text("squared-error cost, measured", font_size=style.LABEL_SIZE),
                       Text(f"on {probe:,} training images", font_size=style.LABEL_SIZE, color=theme().dim_text))
        if b.meta.get("training_objective") == "cross_entropy":  # measured one way, minimised another
            title.add(Text("(the steps minimised cross-entropy)", font_size=style.LABEL_SIZE, color=theme().dim_text))
        self.cost_title = title  # for the tests
        plot.add(title.arrange(DOWN, buff=0.08, aligned_edge=LEFT).next_to(axes, UP, buff=0.2).align_to(axes, LEFT))
        VGroup(plot, line).to_edge(RIGHT, buff=0.5).shift(0.2 * DOWN)
        # The list beside the run's cost curve from the first line (no half-empty frame while it is read);
        # when the loop closes, a dot runs down the curve: one step after another.
        self.say("Put together, one training step goes like this. Run each image of a mini-batch forward through "
                 "the network, and measure its cost.", fade_in(steps[0]), fade_in(steps[1], run_time=1.6),
                 fade_in(plot), Create(line), run_time=2.0)
        self.say("Run it backwards, layer by layer, turning each output's error into a nudge for every weight "
                 "and bias.", fade_in(steps[2]), run_time=0.8)
        self.say("Average the nudges over the mini-batch, and take a small step that way.", fade_in(steps[3]),
                 fade_in(steps[4], run_time=1.6), run_time=2.0)
        loop = Arrow(steps[-1].get_right() + 0.25 * RIGHT, steps[0].get_right() + 0.25 * RIGHT, path_arc=1.4,
                     color=theme().accent, stroke_width=4, buff=0.1)
        runner = Circle(radius=0.08, color=theme().text, fill_opacity=1.0).move_to(line.get_start())
        self.say("Repeat that for every mini-batch, pass after pass, and you have the training of chapter two.",
                 Create(loop), fade_in(runner, run_time=0.3), MoveAlongPath(runner, line, run_time=3.0), run_time=3.0)
        ends = VGroup(Text(written(figure(cost[0])), font_size=style.LABEL_SIZE, color=theme().accent)
                      .next_to(axes.c2p(0, cost[0]), RIGHT, buff=0.2),
                      Text(written(figure(cost[-1])), font_size=style.LABEL_SIZE, color=theme().accent)
                      .next_to(axes.c2p(np.log10(step[-1] + 1), cost[-1]), UP, buff=0.3))
        snap = self.snapshot_mark(axes, step, cost)
        self.say(f"This is its real cost, measured as squared error: in the run's {num(run_steps, 'array:snapshot_step:-1')} steps, it "
                 f"fell from {num(cost[0], 'array:curve_cost:0')} to {num(cost[-1], 'array:curve_cost:-1')}.",
                 fade_out(runner), fade_in(ends), fade_in(snap), run_time=0.8)
        if b.meta.get("training_objective") == "cross_entropy":  # what chapter 2's MiniBatches told
            formula = factor_formula(style.FORMULA_SIZE).next_to(steps, DOWN, buff=0.7).align_to(steps, LEFT)
            # The one factor cross-entropy replaces (how the cost moves with the output), labelled at that
            # factor: the formula itself is the squared error's, and the chapter's start said so.
            changed = SurroundingRectangle(formula[6], color=theme().accent, buff=0.08)
            note = Text("cross-entropy changes only this factor", font_size=style.LABEL_SIZE, color=theme().dim_text)
            note.next_to(changed, DOWN, buff=0.15).align_to(changed, RIGHT)
            self.objective_note, self.changed_factor = note, formula[6]  # for the tests
            self.say("As said at the start, the real run used cross-entropy: only this last factor changes.",
                     fade_in(formula), Create(changed), fade_in(note), run_time=1.2)

    @staticmethod
    def snapshot_mark(axes, step, cost) -> VGroup:
        """The training step of the backprop snapshot (this chapter's wishes and nudges) on this run's curve."""
        at = snapshot_step()
        x = np.log10(at + 1)
        y = float(np.interp(at, np.asarray(step, dtype=float), cost))
        dot = Circle(radius=0.08, color=theme().accent, fill_opacity=1.0).move_to(axes.c2p(x, y))
        # Left of the dot, under the plateau, where the curve leaves room.
        tag = VGroup(*[Text(t, font_size=style.LABEL_SIZE, color=theme().accent)
                       for t in (f"step {at:,}:", "the snapshot")]).arrange(DOWN, buff=0.06, aligned_edge=RIGHT)
        return VGroup(dot, tag.next_to(dot, LEFT, buff=0.15).shift(0.15 * DOWN))


    def step_list(self) -> VGroup:
        rows = VGroup(*[VGroup(Text(n, font_size=self.STEP_SIZE, color=theme().accent),
                               Text(words, font_size=self.STEP_SIZE)).arrange(RIGHT, buff=0.3)
                        for n, words in self.STEPS])
        return rows.arrange(DOWN, buff=0.45, aligned_edge=LEFT)


class ChapterRecap3(Beat):
    """The second half of chapter 3 in four panels, lit as the voice sums up (15–20 s)."""

    PANEL = (6.4, 2.7)
    INSET = 0.35  # the least room between a panel's picture and its frame
    CENTRES = ((-3.35, 1.15), (3.35, 1.15), (-3.35, -1.95), (3.35, -1.95))

    def construct(self):
        rec = record()
        sgd = rec.sgd
        self.headline("Chapter 3 in short")
        history_note(self)
        panels = [
            self.panel("1  each image's nudges", MathTex(r"-\frac{\partial C_x}{\partial w}", font_size=style.FORMULA_SIZE),
                       "every image asks for its own"),
            self.panel("2  their average", MathTex(r"-\nabla C", font_size=style.KEY_FORMULA_SIZE),
                       f"over all {rec.train_count:,} training images"),
            self.panel("3  mini-batches", self.sgd_curve(sgd), f"batches of {sgd.batch_size}: noisy, far cheaper"),
            self.panel("4  backpropagation", self.flowing_back(),
                       "the chain rule, layer by layer"),
        ]
        for p, (x, y) in zip(panels, self.CENTRES):
            p.move_to([x, y, 0])
        # About 16 s in all: two short lines, each with its two panels.
        self.say("In short: every training image asks for its own nudges, and their average is the negative "
                 "gradient.",
                 fade_in(panels[0]), fade_in(panels[1]), run_time=0.8)
        self.say("Mini-batches estimate it cheaply, and the chain rule gives each nudge, layer by layer.",
                 fade_in(panels[2]), fade_in(panels[3]), run_time=0.8)

    def flowing_back(self) -> VGroup:
        """The chapter's central picture, small: the example's wishes on each hidden layer (AddingUpWishes'
        frame), with an arrow saying which way they went (review 2, row R)."""
        example = featured_example()
        # wide for its height, so the bars between the layers can be seen; no "784", too small to read here
        d = wishes_diagram(example, height=1.35, output_labels=False, input_brace=False, layer_gap=5.5)
        grey_edges(d, range(len(d.edges)))
        L = len(example.activations) - 1
        gap = d.layers[1].get_x() - d.layers[0].get_x()
        bars = VGroup(*[layer_wishes(d, l, example.wishes[l], longest=0.3 * gap, offset=-0.4 * gap)
                        for l in range(1, L)])
        self.flow_bars = bars  # for the tests
        # beside the picture, pointing back towards the input: the way the wishes went
        arrow = Arrow(0.5 * RIGHT, 0.5 * LEFT, buff=0.0, color=theme().accent, stroke_width=5).next_to(d, LEFT, buff=0.2)
        return VGroup(d, bars, arrow)

    @staticmethod
    def sgd_curve(sgd) -> VGroup:
        from manim import Axes

        axes = Axes(x_range=[0, float(sgd.minibatch_examples[-1]), float(sgd.minibatch_examples[-1])],
                    y_range=[0, float(np.max(sgd.minibatch_cost)), float(np.max(sgd.minibatch_cost))],
                    x_length=3.2, y_length=1.2, tips=False, axis_config={"include_ticks": False, "color": theme().dim_text})
        return VGroup(axes, polyline(axes, sgd.minibatch_examples, sgd.minibatch_cost, theme().accent))

    def panel(self, title: str, middle, words: str) -> VGroup:
        frame = Rectangle(width=self.PANEL[0], height=self.PANEL[1], color=theme().dim_text, stroke_width=2)
        head = Text(title, font_size=style.BODY_SIZE, color=theme().accent).move_to(frame.get_top() + 0.35 * DOWN)
        note = Text(words, font_size=style.SMALL_SIZE).move_to(frame.get_bottom() + 0.35 * UP)
        if middle.width > self.PANEL[0] - 2 * self.INSET:  # clear of the frame's sides, however wide
            middle.scale_to_fit_width(self.PANEL[0] - 2 * self.INSET)
        room = self.PANEL[1] - 1.5  # between the title and the words, however tall
        if middle.height > room:
            middle.scale_to_fit_height(room)
        middle.move_to(frame.get_center() + 0.05 * DOWN)
        return VGroup(frame, head, middle, note)
