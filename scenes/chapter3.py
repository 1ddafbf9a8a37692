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
    Circle,
    Create,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    LaggedStart,
    Line,
    MathTex,
    Rectangle,
    SurroundingRectangle,
    Text,
    VGroup,
    config,
)

from netcore.bundle import Digit
from scenes.kit import style
from scenes.kit.beat import Beat
from scenes.kit.data import bundle, diagram
from scenes.kit.equations import fmt, parameter_name
from scenes.kit.example import example_caption, example_pixels, featured_example
from scenes.kit.fades import fade_in
from scenes.kit.forward import forward_flow
from scenes.kit.legend import layer_name, layer_names, said_layer_name
from scenes.kit.network import NetworkDiagram
from scenes.kit.pixels import image_mobject
from scenes.kit.provenance import history_note
from scenes.kit.spoken import figure, num
from scenes.kit.style import theme
from scenes.kit.wishes import WishBars, column_scale, layer_wishes, nudge_edges
from scenes.kit.words import capitalised, parameter_words


def places_for(value: float, digits: int = 2) -> int:
    """Decimals that show ``value`` with ``digits`` significant digits (0.000047, 0.018, 1.75)."""
    value = abs(float(value))
    if value == 0 or value >= 1:
        return 2
    return max(2, digits - 1 - int(math.floor(math.log10(value))))


def shown(value: float, places: int | None = None) -> str:
    """``value`` written for TeX as the voice says it (spoken.figure); TeX draws the hyphen as a minus."""
    return figure(value, places)


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
    rows = VGroup()
    for sign, words in ((1, "wants it higher"), (-1, "wants it lower")):
        sample = WishBars([[0, 0, 0]], [sign * 0.5], 1.0, height=0.2)
        rows.add(VGroup(sample, Text(words, font_size=font_size)).arrange(RIGHT, buff=0.2))
    rows.add(Text("longer = wants more", font_size=font_size, color=theme().dim_text))
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
    the median size of the non-zero ones)."""

    def construct(self):
        b = bundle()
        record = b.backprop
        grad = np.asarray(record.mean_gradient, dtype=float)
        self.headline("Chapter 3: how does backpropagation work?")
        history_note(self)
        formula = VGroup(
            MathTex(r"C(\theta) = \frac{1}{N} \sum_{n=1}^{N} C_n", font_size=style.FORMULA_SIZE),
            MathTex(r"C_n = \sum_j \left(a^{(%d)}_j - y_j\right)^2" % (len(b.sizes) - 1), font_size=style.FORMULA_SIZE),
            label_text(f"N = {record.train_count:,} training images", style.SMALL_SIZE, theme().dim_text),
        ).arrange(DOWN, buff=0.35).move_to([-3.9, 0.9, 0])
        self.say("Chapter two ended with a promise: training needs the gradient of the cost, and this chapter "
                 "shows how to compute it.", FadeIn(formula[0]), run_time=1.0)
        self.say(f"The cost is the average over {num(record.train_count, 'backprop:train_count')} training images. "
                 "Each image's cost adds up the squared differences between the outputs and the answer we want.",
                 FadeIn(formula[1:]), run_time=1.0)
        biggest = int(np.argmax(np.abs(grad)))
        tiny = self.tiny_entry(grad, b.sizes)
        rows = [0, None, biggest, None, tiny, None, len(grad) - 1] if biggest < tiny else \
            [0, None, tiny, None, biggest, None, len(grad) - 1]
        column, bars, marks = self.column(grad, rows, b.sizes, biggest, tiny)
        count = num(len(grad), "parameters")
        note = label_text(f"{len(grad):,} entries, at training step {snapshot_step():,}", style.SMALL_SIZE,
                          theme().dim_text).move_to([2.6, -2.75, 0])
        self.say(f"Its gradient has {count} entries, one for every weight and bias. Here it is at step "
                 f"{said_step()} of the training run, early on, when the network still has much to learn.",
                 FadeIn(column), FadeIn(note), run_time=1.2)
        self.say("Each entry's size says how much the cost cares about that knob. The bars show those sizes.",
                 FadeIn(bars), run_time=1.0)
        kind, owner = parameter_words(biggest, b.sizes)
        big_said = num(grad[biggest], f"backprop:mean_gradient.{biggest}", places=places_for(grad[biggest]))
        self.say(f"The largest entry belongs to {owner}: {big_said}. Nudging that {kind} moves the cost more than "
                 "any other.", Create(marks[0]), run_time=0.8)
        tiny_said = num(grad[tiny], f"backprop:mean_gradient.{tiny}", places=places_for(grad[tiny]))
        self.say(f"A typical entry is tiny, like this one: {tiny_said}. That weight hardly matters right now.",
                 Create(marks[1]), run_time=0.8)
        self.say("Backpropagation is how a computer gets all of these numbers. Before we see how, why not "
                 "simply measure each one?")

    @staticmethod
    def tiny_entry(grad, sizes) -> int:
        """The weight whose entry is the median size of the non-zero entries (a typical one)."""
        size = np.abs(grad)
        nonzero = np.flatnonzero(size > 0)
        median = np.median(size[nonzero])
        return int(nonzero[np.argmin(np.abs(size[nonzero] - median))])

    def column(self, grad, rows, sizes, biggest, tiny):
        """Names, values and size bars of the shown entries, a ⋮ where rows are skipped."""
        top, pitch, longest = 1.8, 0.62, 3.2
        scale = longest / float(np.max(np.abs(grad)))
        names, values, bars = VGroup(), VGroup(), VGroup()
        for r, i in enumerate(rows):
            y = top - r * pitch
            if i is None:
                values.add(MathTex(r"\vdots", font_size=style.INLINE_FORMULA_SIZE).move_to([2.0, y, 0]))
                continue
            value = grad[i]
            names.add(MathTex(r"\frac{\partial C}{\partial %s}" % parameter_name(i, sizes), "=",
                              font_size=style.TERM_SIZE).move_to([0.3, y, 0], aligned_edge=RIGHT))
            values.add(MathTex(shown(value, places_for(value)), font_size=style.TERM_SIZE)
                       .move_to([1.0, y, 0], aligned_edge=LEFT))
            bars.add(Rectangle(width=max(abs(value) * scale, 0.02), height=0.26, stroke_width=0,
                               fill_color=theme().dim_text, fill_opacity=1.0).move_to([3.3, y, 0], aligned_edge=LEFT))
        head = MathTex(r"\nabla C(\theta)", font_size=style.HEADING_FORMULA_SIZE).move_to([1.2, top + 0.8, 0])
        size = label_text("size", style.SMALL_SIZE, theme().dim_text).move_to([3.3, top + 0.8, 0], aligned_edge=LEFT)
        column = VGroup(head, names, values)
        marks = VGroup()
        for i in (biggest, tiny):
            r = rows.index(i)
            n = sum(1 for x in rows[:r] if x is not None)
            marks.add(SurroundingRectangle(VGroup(names[n], values[r]),
                                           color=theme().accent, buff=0.1))
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
        d.add_to(self)
        e = d.edge_layers[-1]
        k = int(np.argmax(np.abs(e.weight)))
        start, end = d.edge_endpoints(len(d.edge_layers) - 1, e.src[k:k + 1], e.dst[k:k + 1])
        edge = Line(start[0], end[0], color=theme().accent, stroke_width=7)
        recipe = VGroup(
            label_text("nudge one weight by a tiny h,", style.SMALL_SIZE),
            label_text("run the network again:", style.SMALL_SIZE),
            MathTex(r"\frac{\partial C}{\partial w} \approx \frac{C(w + h) - C(w)}{h}", font_size=style.FORMULA_SIZE),
        ).arrange(DOWN, buff=0.2).move_to([2.9, 1.9, 0])
        self.say("Here is the obvious way. Nudge one weight by a tiny amount, run the network again, and see how "
                 "much the cost changes. That change, divided by the nudge, is the weight's entry of the gradient.",
                 Create(edge), FadeIn(recipe), run_time=1.2)
        passes = VGroup(label_text(f"{b.network.parameter_count:,} knobs:", style.BODY_SIZE),
                        label_text(f"{timing.passes:,} forward passes", style.BODY_SIZE, theme().accent)
                        ).arrange(RIGHT, buff=0.2).move_to([2.9, 0.25, 0])
        self.say(f"But the network has {num(b.network.parameter_count, 'parameters')} weights and biases. "
                 f"Measuring each one takes {num(timing.passes, 'backprop:timing.passes')} forward passes: "
                 "one for the starting cost, and one for every knob.", FadeIn(passes), run_time=1.0)
        chart, fd_bar, bp_bar, fd_label, bp_label = self.chart(timing)
        batch = label_text(f"each pass: the same {timing.batch:,} training images", style.SMALL_SIZE,
                           theme().dim_text).move_to([2.9, -0.35, 0])
        self.say(f"netcore timed it on the computer that built this video's numbers, each pass over the same "
                 f"{num(timing.batch, 'backprop:timing.batch')} training images. Trying every knob took "
                 f"{num(timing.fd_seconds, 'backprop:timing.fd_seconds', places=self.places(timing.fd_seconds))} "
                 "seconds.", FadeIn(chart), FadeIn(batch), fade_in(fd_bar), FadeIn(fd_label), run_time=1.5)
        self.say(f"Backpropagation got the same {num(b.network.parameter_count, 'parameters')} numbers from one "
                 "forward and one backward pass, in "
                 f"{num(timing.backprop_seconds, 'backprop:timing.backprop_seconds', places=self.places(timing.backprop_seconds))} "
                 "seconds.", fade_in(bp_bar), FadeIn(bp_label), run_time=1.0)
        gap = float(timing.max_difference)
        agree = label_text(f"largest difference between the two gradients: {figure(gap, places_for(gap))}",
                           style.SMALL_SIZE, theme().text).next_to(chart[3], DOWN, buff=0.15).align_to(chart[3], LEFT)
        self.say("The same numbers, truly: entry by entry, the two gradients differ by at most "
                 f"{num(gap, 'backprop:timing.max_difference', places=places_for(gap))}.", FadeIn(agree), run_time=0.8)
        speedup = timing.fd_seconds / timing.backprop_seconds
        ratio = label_text(f"{round(speedup):,} times faster", style.BODY_SIZE, theme().accent)
        ratio.next_to(bp_label, RIGHT, buff=0.6)
        self.say(f"That is about {num(round(speedup), 'backprop_speedup')} times faster, and the gap grows with "
                 "every weight a network adds. That is why every network is trained with backpropagation.",
                 FadeIn(ratio), run_time=0.8)

    @staticmethod
    def places(seconds: float) -> int:
        return places_for(seconds) if seconds < 1 else (1 if seconds < 100 else 0)

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
        fd_label = label_text(f"{figure(timing.fd_seconds, self.places(timing.fd_seconds))} s", style.SMALL_SIZE)
        fd_label.next_to(fd_bar, UP, buff=0.1).align_to(fd_bar, RIGHT)
        bp_label = label_text(f"{figure(timing.backprop_seconds, self.places(timing.backprop_seconds))} s",
                              style.SMALL_SIZE, theme().accent).next_to(bp_bar, RIGHT, buff=0.2)
        measured = label_text(f"measured by netcore on {timing.machine}", style.LABEL_SIZE, theme().dim_text)
        if measured.width > 13.0:
            measured.scale_to_fit_width(13.0)
        measured.next_to(axis, DOWN, buff=0.2).set_x(-6.55 + measured.width / 2)  # the whole line, from the left margin
        return VGroup(axis, zero, names, measured), fd_bar, bp_bar, fd_label, bp_label


def wishes_diagram(example, height: float = 5.0) -> NetworkDiagram:
    """The backprop snapshot's network, lit by the example's real activations."""
    d = diagram(bundle().backprop.network, height=height)
    return d.set_activations([np.asarray(a) for a in example.activations])


class OneExampleWishes(Beat):
    """One real training example (the featured "2", or the chosen digit) through the snapshot's network: its
    outputs, what we wanted, and its wish for each output, −∂C/∂a = −2(a − y), as bars sized by the value."""

    COLUMNS = (1.55, 2.4, 3.35, 4.45)  # centres: digit, output value, wanted, wish value
    ZERO = 5.45  # the wish bars' zero line
    LONGEST = 1.3
    TOP, PITCH = 2.05, 0.46

    def construct(self):
        example = featured_example()
        out, label = np.asarray(example.activations[-1]), example.label
        wanted = np.eye(len(out))[label]
        wish = np.asarray(example.wishes[-1])
        L = len(example.activations) - 1
        self.headline("What one training example wants")
        history_note(self)
        picture = example_picture(example, height=1.45).move_to([-5.55, 1.55, 0])
        d = wishes_diagram(example, height=4.1)
        d.remove(d.output_labels)  # the table's rows name the outputs
        d.move_to([-1.95, -0.45, 0])
        for layer in d.layers:
            layer.set_fill(opacity=0.0)
        d.add_to(self)
        name = partial(said_example_label, example)  # each line that says it formats it anew (num)
        self.say(f"Take one real training image, this {name()}, and the network as it was at step {said_step()} of "
                 "its training, still early.", FadeIn(picture), run_time=1.0)
        flow, done = forward_flow(d, example_digit(example), answer=False, layer_time=0.45)
        ys = [self.TOP - i * self.PITCH for i in range(len(out))]
        digits = VGroup(*[label_text(str(i), style.SMALL_SIZE).move_to([self.COLUMNS[0], y, 0]) for i, y in enumerate(ys)])
        values = VGroup(*[MathTex(fmt(a), font_size=style.TERM_SIZE).move_to([self.COLUMNS[1], y, 0])
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
        held = num(out[label], f"example:activation:{L}:{label}", places=2)
        if top != label:
            self.say(f"It is not good yet. The {name()} neuron holds only {held}, while the brightest output, the "
                     f"{num(top, 'example:prediction')}, holds {num(out[top], f'example:activation:{L}:{top}', places=2)}.",
                     Create(box), Create(own), run_time=0.8)
        else:
            self.say(f"It already guesses {name()}, but only weakly: the {name()} neuron holds {held}.",
                     Create(own), run_time=0.8)
        targets = VGroup(*[MathTex(str(int(t)), font_size=style.TERM_SIZE, color=theme().accent)
                           .move_to([self.COLUMNS[2], y, 0]) for t, y in zip(wanted, ys)])
        self.say("What did we want? A one for the right digit, and a zero for every other output.",
                 FadeOut(box), FadeOut(own), FadeIn(targets), FadeIn(heads[1]), run_time=1.0)
        bars = WishBars([[self.ZERO, y, 0] for y in ys], wish, column_scale(wish, self.LONGEST), height=0.26)
        self.bars = bars  # for the tests
        wish_values = VGroup(*[MathTex(fmt(w), font_size=style.TERM_SIZE, color=style.sign_color(w))
                               .move_to([self.COLUMNS[3], y, 0]) for w, y in zip(wish, ys)])
        formula = MathTex(r"\text{wish} = -\frac{\partial C}{\partial a_j} = -2\,(a_j - y_j)",
                          font_size=style.INLINE_FORMULA_SIZE).move_to([4.0, -3.05, 0])
        self.say(f"So this image wants the {name()} neuron to go up and every other output down, each by twice its "
                 f"distance from the target. The {name()} neuron's wish is "
                 f"{num(wish[label], f'example:wish:{L}:{label}', places=2)}.",
                 FadeIn(bars.zero), LaggedStart(*[Create(b) for b in bars.bars], lag_ratio=0.1), FadeIn(heads[2]),
                 FadeIn(wish_values), FadeIn(formula), run_time=2.0)
        key = wish_key().move_to([-5.25, -2.55, 0])
        rival = int(np.argmax(np.where(np.arange(len(out)) == label, -np.inf, out)))
        self.say(f"The brightest wrong output, the {num(rival, 'example:rival')}, wants the biggest cut: "
                 f"{num(wish[rival], f'example:wish:{L}:{rival}', places=2)}. Outputs already near zero want little.",
                 FadeIn(key), Indicate(wish_values[rival]), run_time=1.0)
        self.say("These wishes are minus the slope of this one image's cost, output by output. "
                 "The question now is how the network can make them come true.")


def veil_all_but(scene, d: NetworkDiagram, l: int, j: int, title) -> VGroup:
    """Dim the whole diagram but the edges into neuron ``j`` of layer ``l``, the layer before and ``j``
    itself (they are drawn again on top of a veil in the background colour). Returns what stays."""
    veil = Rectangle(width=config.frame_width, height=config.frame_height, stroke_width=0,
                     fill_color=theme().background, fill_opacity=0.0)
    circle = d.layers[l][d.position(l, j)]
    kept = VGroup(d.incoming_edges(l - 1, j), d.layer_parts(l - 1).copy(), circle.copy(),
                  d.output_labels[d.position(l, j)].copy() if l == len(d.layers) - 1 else VGroup())
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
        d = wishes_diagram(example, height=5.0).move_to([-2.75, -0.4, 0])
        d.add_to(self)
        kept = veil_all_but(self, d, L, j, title)
        nudge_b = float(-example.grad_b[L][j])
        a_prev = np.asarray(example.activations[L - 1])
        ring = Circle(radius=d.radius * 1.7, color=theme().accent, stroke_width=5).move_to(d.layers[L][d.position(L, j)])
        x0 = 1.45
        formula = MathTex(r"a_{%d} = \sigma(w \cdot a + b)" % j, font_size=style.INLINE_FORMULA_SIZE)
        formula.move_to([x0, 2.55, 0], aligned_edge=LEFT)
        self.say(f"Focus on the {name()} neuron, the one this image wants brighter. Its activation is sigma of "
                 f"w dot a plus b: a weighted sum of {prev_said}, plus a bias, squished.",
                 Create(ring), FadeIn(formula), run_time=1.0)
        b_said = num(nudge_b, f"example:nudge_b:{L}:{j}", places=places_for(nudge_b))
        way1 = VGroup(label_text("1. raise the bias b", style.BODY_SIZE),
                      MathTex(r"-\frac{\partial C}{\partial b} = " + shown(nudge_b, places_for(nudge_b)),
                              font_size=style.INLINE_FORMULA_SIZE)).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        way1.move_to([x0, 1.45, 0], aligned_edge=LEFT)
        self.say(f"There are three ways to raise it. First, raise the bias. This image asks its bias to change "
                 f"by {b_said}.", FadeIn(way1), run_time=0.8)
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
            said[k] = (num(a_prev[k], f"example:activation:{L - 1}:{k}", places=2),
                       num(nudge_w[k], f"example:nudge_w:{L}:{j}:{k}", places=p))
            rows.add(MathTex(r"a = " + shown(a_prev[k], 2), r"\;\rightarrow\;",
                             r"-\frac{\partial C}{\partial w} = " + shown(nudge_w[k], p),
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
        self.say(f"Third, change the activations of {prev_said} themselves: raise those on blue edges, lower those "
                 "on orange edges, each in proportion to its weight.",
                 FadeOut(marks), FadeIn(way3), FadeIn(way3b), FadeIn(bars.zero),
                 LaggedStart(*[Create(b) for b in bars.bars], lag_ratio=0.05), run_time=1.5)
        self.say("We cannot set those activations directly: they come from the layers before. But we can keep "
                 "these wishes, and pass them back.")


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
        ring = Circle(radius=d.radius * 1.7, color=theme().accent, stroke_width=5).move_to(d.layers[L][d.position(L, j)])
        rings = VGroup(*[Circle(radius=d.radius * 1.6, color=theme().accent, stroke_width=4)
                         .move_to(d.layers[gap][d.position(gap, k)]) for k in src_neurons])
        self.say(f"The thickest blue edges run into the {name()} neuron, the one we want brighter. And they start at "
                 f"the brightest neurons of {prev_said}.", Create(ring), Create(rings), run_time=1.0)
        best = int(top[0])
        k = src_neurons[0]
        a_k = float(example.activations[L - 1][k])
        value = float(self.nudges[best])
        p = places_for(value)
        facts = VGroup(MathTex(r"\text{biggest nudge: } " + shown(value, p), font_size=style.TERM_SIZE),
                       MathTex(r"\text{from a neuron at } " + shown(a_k, 2), font_size=style.TERM_SIZE)
                       ).arrange(DOWN, aligned_edge=LEFT, buff=0.15).move_to([4.3, -1.2, 0])
        self.say(f"The biggest nudge of all, {num(value, f'example:nudge_w:{L}:{j}:{k}', places=p)}, is on the edge "
                 f"from a neuron that holds {num(a_k, f'example:activation:{L - 1}:{k}', places=2)}.",
                 FadeIn(facts), Indicate(rings[0]), run_time=0.8)
        self.say("Neuroscience has a slogan for this: neurons that fire together wire together. The links that grow "
                 "most join the neurons that are lit to the neuron we want lit.")
        self.say("The edges into the other outputs ask to weaken, and most of all from the same bright neurons: "
                 "those are what pushed the wrong answers up.", FadeOut(ring), FadeOut(rings), run_time=0.6)


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
        d = wishes_diagram(example, height=5.0).move_to([-3.0, -0.35, 0])
        d.add_to(self)
        wish_prev = np.asarray(example.wishes[L - 1])
        drawn = d.drawn[L - 1]
        k = int(drawn[np.argmax(np.abs(wish_prev[drawn]))])
        ring = Circle(radius=d.radius * 1.7, color=theme().accent, stroke_width=5).move_to(d.layers[L - 1][d.position(L - 1, k)])
        gap = L - 1
        e = d.edge_layers[gap]
        out_edges = np.flatnonzero(e.src == d.position(L - 1, k))
        starts, ends = d.edge_endpoints(gap, e.src[out_edges], e.dst[out_edges])
        links = VGroup(*[Line(s, t, color=theme().accent, stroke_width=4) for s, t in zip(starts, ends)])
        self.say(f"Each output neuron has its own wish for every neuron of {prev_said}. Take this one.",
                 Create(ring), Create(links), run_time=1.0)
        nudge_b = -np.asarray(example.grad_b[L])
        share = np.asarray(net.W[L - 1])[:, k] * nudge_b
        table, bars, total = self.table(share, wish_prev[k], L)
        self.share_bars = bars  # for the tests
        j = example.label
        p = places_for(share[j])
        self.say(f"The {said_example_label(example)} neuron's wish for it is "
                 f"{num(share[j], f'example:share:{L}:{j}:{k}', places=p)}: that output's own wish, through "
                 "its slope, times the weight between them. Every other output adds a wish of its own.",
                 FadeIn(table), FadeIn(bars.zero), LaggedStart(*[Create(b) for b in bars.bars], lag_ratio=0.08),
                 run_time=1.5)
        pk = places_for(wish_prev[k])
        self.say(f"Add them up, and this neuron's wish is {num(wish_prev[k], f'example:wish:{L - 1}:{k}', places=pk)}.",
                 FadeIn(total), run_time=0.8)
        layer_bars = layer_wishes(d, L - 1, wish_prev)
        self.layer_bars = {L - 1: layer_bars}  # for the tests
        step = MathTex(r"-\frac{\partial C}{\partial a^{(%d)}} = W^{(%d)\top}\left(\sigma'(z^{(%d)}) \odot "
                       r"-\frac{\partial C}{\partial a^{(%d)}}\right)" % (L - 1, L, L, L),
                       font_size=style.INLINE_FORMULA_SIZE).move_to([2.9, -3.0, 0])
        self.say(f"Do that for every neuron of {prev_said}, and the whole layer has its wishes. That is one "
                 "backward step: the output wishes, scaled by their slopes, sent back through the same weights.",
                 FadeOut(links), FadeOut(ring), FadeIn(layer_bars.zero),
                 LaggedStart(*[Create(b) for b in layer_bars.bars], lag_ratio=0.05),
                 FadeIn(step), run_time=1.5)
        if L - 2 >= 1:
            before = np.asarray(example.wishes[L - 2])
            back = layer_wishes(d, L - 2, before)
            self.layer_bars[L - 2] = back
            again = MathTex(r"-\frac{\partial C}{\partial a^{(%d)}} = W^{(%d)\top}\left(\sigma'(z^{(%d)}) \odot "
                            r"-\frac{\partial C}{\partial a^{(%d)}}\right)" % (L - 2, L - 1, L - 1, L - 1),
                            font_size=style.INLINE_FORMULA_SIZE).move_to(step)
            self.say(f"Then the same again, one layer back: the wishes of {prev_said} become wishes for "
                     f"{said_layer_name(L - 2, layers)}.", FadeOut(step), FadeIn(again),
                     FadeIn(back.zero), LaggedStart(*[Create(b) for b in back.bars], lag_ratio=0.05), run_time=1.5)
        self.say("At every layer, the wishes turn into nudges for that layer's weights and biases, as they did for "
                 "the output. Wishes flow backwards, layer by layer: that is backpropagation.")

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
