"""Chapter 3: what backpropagation does, and the calculus behind it. One Scene per storyboard beat;
each beat's title and place in the story are in ``scenes/catalogue.py`` (the one list), not here.

Every wish, nudge, gradient, cost and time comes from the bundle's backprop part (``bundle.backprop``,
computed by ``netcore.backprop`` at a stated training snapshot and checked against finite
differences in the tests). The chain-rule beat's chain of single neurons is a toy and says so.
Render one beat:  python -m manim -ql scenes/chapter3.py OneExampleWishes
"""

from __future__ import annotations

# --- what backpropagation does (beats 1-5 and the measured motivation) ---

# --- one example is not enough, SGD, and the calculus (beats 6-11 and the closing recap) ---

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    Circle,
    Group,
    Indicate,
    Line,
    MathTex,
    Rectangle,
    Succession,
    SurroundingRectangle,
    Text,
    VGroup,
    VMobject,
    Wait,
)

from scenes.kit import style
from scenes.kit.backprop_view import followed, image_pixels, mean_weight_gradient, record
from scenes.kit.beat import Beat
from scenes.kit.curve_plot import plot_axes, polyline
from scenes.kit.data import bundle
from scenes.kit.fades import fade_in, fade_out
from scenes.kit.last_gap import dim_edges, gap_names, last_gap, set_fills
from scenes.kit.legend import said_layer_name
from scenes.kit.nudge_table import NudgeTable, average_column, places, table_layer, table_weights
from scenes.kit.pixels import image_mobject
from scenes.kit.provenance import history_note
from scenes.kit.spoken import figure, num, written
from scenes.kit.style import theme

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
        whole = Group(table, table.header, average).move_to(0.35 * DOWN)
        note = snapshot_note(rec).next_to(whole, DOWN, buff=0.45)
        others = ", ".join(example_word(rec, i) for i in range(1, min(3, len(examples))))
        self.say(f"The {num(examples[0].label, 'backprop:examples:0:label')} is only one training image. Here it "
                 f"is beside other real ones, {others} and more, all through the same network, at step "
                 f"{num(rec.step, 'backprop:step')}.",
                 fade_in(table.header), fade_in(note), run_time=1.0)
        self.say(f"Each image asks for its own nudges. The rows are a few weights into "
                 f"{said_layer_name(layer, layers)}; each column is what one image's cost wants done to them.",
                 fade_in(table.row_labels), fade_in(table.rule),
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

    THUMBS, THUMB = 24, 0.5  # sample training images shown being shuffled into mini-batches
    PLOT = (5.4, 3.0)

    def construct(self):
        rec = record()
        sgd = rec.sgd
        self.headline("Stochastic gradient descent")
        history_note(self)
        thumbs = self.shuffle_strip()
        self.say("Averaging over every training image, for every single step, is slow: each step would run "
                 "the whole training set forwards and backwards.", fade_in(thumbs), run_time=0.8)
        batches = self.batches(thumbs, sgd.batch_size)
        self.say(f"So shuffle the images, cut them into mini-batches of {num(sgd.batch_size, 'backprop:sgd.batch_size')}, "
                 "and take a step on each mini-batch's average instead.", *batches, run_time=1.6)
        top = float(max(np.max(sgd.minibatch_cost), np.max(sgd.full_cost)))
        left, left_labels = self.step_axes(sgd, top)
        right, right_labels = plot_axes(float(max(sgd.minibatch_examples[-1], sgd.full_examples[-1])) / 1000, top,
                                        "images processed (thousands)", "cost", *self.PLOT)
        VGroup(VGroup(left, left_labels), VGroup(right, right_labels)).arrange(RIGHT, buff=1.0).move_to(0.7 * DOWN)
        mb_left = polyline(left, np.log10(np.asarray(sgd.minibatch_step, dtype=float) + 1), sgd.minibatch_cost,
                           theme().accent)
        full_left = polyline(left, np.log10(np.asarray(sgd.full_step, dtype=float) + 1), sgd.full_cost, theme().text)
        key = VGroup(VGroup(Line(0.35 * LEFT, 0.35 * RIGHT, color=theme().accent, stroke_width=4),
                            Text(f"mini-batches of {sgd.batch_size}", font_size=style.LABEL_SIZE)).arrange(RIGHT, buff=0.2),
                     VGroup(Line(0.35 * LEFT, 0.35 * RIGHT, color=theme().text, stroke_width=4),
                            Text("the whole training set", font_size=style.LABEL_SIZE)).arrange(RIGHT, buff=0.2),
                     Text("same random start, same images", font_size=style.LABEL_SIZE, color=theme().dim_text)
                     ).arrange(RIGHT, buff=0.6).next_to(VGroup(left, right), UP, buff=0.7)
        self.play(fade_out(thumbs), *[fade_out(m) for m in self.batch_marks], run_time=0.5)
        self.say("Here are two real runs from the same random start, doing the same amount of work: one steps on "
                 "mini-batches, the other on the whole training set.", fade_in(key), fade_in(left), fade_in(left_labels),
                 fade_in(right), fade_in(right_labels), run_time=0.8)
        full_steps, mb_steps = int(sgd.full_step[-1]), int(sgd.minibatch_step[-1])
        step_marks = VGroup(
            Text(f"{full_steps:,} steps", font_size=style.LABEL_SIZE, color=theme().text)
            .next_to(left.c2p(np.log10(full_steps + 1), sgd.full_cost[-1]), UP, buff=0.15),
            Text(f"{mb_steps:,} steps", font_size=style.LABEL_SIZE, color=theme().accent)
            .next_to(left.c2p(np.log10(mb_steps + 1), sgd.minibatch_cost[-1]), UP, buff=0.3))
        self.say(f"Counted in steps, the whole-set run takes only {num(full_steps, 'backprop:sgd.full_step:-1')}. "
                 f"The mini-batch run takes {num(mb_steps, 'backprop:sgd.minibatch_step:-1')}, each one cheap, and "
                 "a little noisy.", Create(full_left), Create(mb_left),
                 fade_in(step_marks), run_time=2.4)
        mb_right = polyline(right, np.asarray(sgd.minibatch_examples) / 1000, sgd.minibatch_cost, theme().accent)
        full_right = polyline(right, np.asarray(sgd.full_examples) / 1000, sgd.full_cost, theme().text)
        self.curves = {"minibatch_by_step": (left, mb_left), "full_by_step": (left, full_left),  # for the tests
                       "minibatch_by_images": (right, mb_right), "full_by_images": (right, full_right)}
        at = self.comparison(sgd)
        marks = VGroup(Text(written(figure(sgd.full_cost[1])), font_size=style.LABEL_SIZE, color=theme().text)
                       .next_to(right.c2p(sgd.full_examples[1] / 1000, sgd.full_cost[1]), UP, buff=0.15),
                       Text(written(figure(sgd.minibatch_cost[at])), font_size=style.LABEL_SIZE, color=theme().accent)
                       .next_to(right.c2p(sgd.minibatch_examples[at] / 1000, sgd.minibatch_cost[at]), DOWN + LEFT,
                                buff=0.1))
        self.say("Counted in images processed, the work is the same. After one pass over the training set, the "
                 f"whole-set run has taken one step, to {num(sgd.full_cost[1], 'backprop:sgd.full_cost:1')}; the "
                 f"mini-batch run is already down to {num(sgd.minibatch_cost[at], f'backprop:sgd.minibatch_cost:{at}')}.",
                 Create(full_right), Create(mb_right), fade_in(marks),
                 run_time=2.4)
        self.say("Noisy, but much faster for the work done: that is stochastic gradient descent.")

    def step_axes(self, sgd, top: float):
        """Cost against steps on a log axis (step + 1): 4 steps and 3,000 steps both get room."""
        from manim import Axes

        last = float(np.ceil(np.log10(max(sgd.minibatch_step[-1], sgd.full_step[-1]) + 1)))
        axes = Axes(x_range=[0, last, 1], y_range=[0, float(np.ceil(top)), 1], x_length=self.PLOT[0],
                    y_length=self.PLOT[1], tips=False, axis_config={"color": theme().dim_text},
                    y_axis_config={"include_numbers": True, "font_size": style.SMALL_AXIS_NUMBER_SIZE})
        ticks = VGroup(*[MathTex(f"10^{{{k}}}", font_size=style.SMALL_AXIS_NUMBER_SIZE + 2)
                         .next_to(axes.c2p(k, 0), DOWN, buff=0.15) for k in range(int(last) + 1)])
        labels = VGroup(ticks, Text("steps taken (log scale)", font_size=style.LABEL_SIZE).next_to(ticks, DOWN, buff=0.2),
                        Text("cost", font_size=style.LABEL_SIZE).next_to(axes.y_axis, UP, buff=0.2)
                        .align_to(axes.y_axis, LEFT))
        return axes, labels

    def shuffle_strip(self) -> Group:
        images = bundle().arrays["sample_train_image"][: self.THUMBS]
        thumbs = Group(*[image_mobject(style.grey_rgb(im), self.THUMB) for im in images])
        return thumbs.arrange_in_grid(rows=2, buff=0.12).move_to(0.4 * UP)

    def batches(self, thumbs, batch_size: int) -> list:
        """The thumbnails shuffled (a seeded permutation) and framed in groups: the idea of mini-batches
        (the run's own batches are batch_size images; the 24 here stand for the whole set)."""
        order = np.random.default_rng(3).permutation(len(thumbs))
        targets = [thumbs[int(i)].get_center() for i in order]
        moves = [thumbs[i].animate.move_to(targets[i]) for i in range(len(thumbs))]
        per = max(1, len(thumbs) // 6)
        self.batch_marks = VGroup()
        cells = [targets[n] for n in range(len(thumbs))]
        for start in range(0, len(thumbs), per):
            block = [cells[n] for n in range(start, min(start + per, len(thumbs)))]
            xs = [p[0] for p in block]
            ys = [p[1] for p in block]
            self.batch_marks.add(Rectangle(width=max(xs) - min(xs) + self.THUMB + 0.1,
                                           height=max(ys) - min(ys) + self.THUMB + 0.1,
                                           color=theme().accent, stroke_width=3)
                                 .move_to([(max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2, 0]))
        label = Text(f"each box stands for one mini-batch; the run's hold {batch_size} images", font_size=style.LABEL_SIZE,
                     color=theme().dim_text).next_to(thumbs, DOWN, buff=0.35)
        self.batch_marks.add(label)
        return moves + [fade_in(self.batch_marks)]

    @staticmethod
    def comparison(sgd) -> int:
        """The mini-batch record taken when it had processed as many images as one whole-set step (the last
        one at or before that count)."""
        at = int(np.searchsorted(np.asarray(sgd.minibatch_examples), sgd.full_examples[1], side="right") - 1)
        return max(at, 0)


# The toy chain's symbols (TeX): the last layer is L, the one before L - 1.
A_PREV, A_LAST, Z_LAST = r"a^{(L-1)}", r"a^{(L)}", r"z^{(L)}"
W_LAST, B_LAST = r"w^{(L)}", r"b^{(L)}"
FACTOR_TEX = (A_PREV, rf"\sigma'({Z_LAST})", rf"2({A_LAST} - y)")
FACTOR_MEANINGS = (("how bright the", "neuron before is"), ("how steep the", "squish is at z"),
                   ("how far the output", "is from y"))


def factor_formula(font_size: float = style.KEY_FORMULA_SIZE) -> MathTex:
    """∂C/∂w = a^(L-1) · σ'(z^(L)) · 2(a^(L) − y), with each factor a part of its own (parts 2, 4, 6)."""
    return MathTex(rf"\frac{{\partial C}}{{\partial {W_LAST}}}", "=", FACTOR_TEX[0], r"\cdot", FACTOR_TEX[1],
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
                      MathTex("C", "=", rf"({A_LAST} - y)^2", font_size=style.FORMULA_SIZE),
                      ).arrange(DOWN, buff=0.4, aligned_edge=LEFT).move_to([-3.4, -1.3, 0])
        self.say("The last neuron's weighted sum z is its weight times the activation before, plus its bias.",
                 fade_in(defs[0]), run_time=0.8)
        self.say("Squished by sigma, z gives its activation a. And the cost of this one example is a minus y, "
                 "squared, where y is the output we wanted.", fade_in(defs[1]), fade_in(defs[2], run_time=1.6),
                 run_time=2.4)
        tree, nodes = self.tree()
        self.say("As a picture of what depends on what: the weight, the activation before and the bias make z; "
                 "z makes a; a and y make the cost.", Create(tree, lag_ratio=0.2), run_time=2.0)
        ripple = [Indicate(nodes[name], color=theme().accent, scale_factor=1.3) for name in ("w", "z", "a", "C")]
        self.say("Now nudge the weight a tiny bit. That nudges z, which nudges a, which nudges the cost. How much "
                 "the cost moves for each bit of w is the derivative we are after.",
                 *[self.later(r, 0.6 * i) for i, r in enumerate(ripple)], run_time=3.2)
        ratios = MathTex(rf"\frac{{\partial C}}{{\partial {W_LAST}}}", "=",
                         rf"\frac{{\partial {Z_LAST}}}{{\partial {W_LAST}}}",
                         rf"\frac{{\partial {A_LAST}}}{{\partial {Z_LAST}}}",
                         rf"\frac{{\partial C}}{{\partial {A_LAST}}}", font_size=style.KEY_FORMULA_SIZE)
        ratios.move_to([0, self.CHAIN_Y - 0.2, 0])
        self.play(fade_out(defs), fade_out(tree), fade_out(chain), fade_out(toy), run_time=0.6)
        self.say("The chain rule says: multiply the rates along the way. How z moves with w, times how a moves "
                 "with z, times how the cost moves with a.", fade_in(ratios), run_time=1.0)
        rows = self.factor_rows().next_to(ratios, DOWN, buff=0.55)
        self.say("Each rate is simple. z moves with w by the activation before: a bright neuron's weight matters "
                 "most.", fade_in(rows[0]), run_time=1.0)
        self.say("a moves with z by the slope of the squish, sigma prime.", fade_in(rows[1]), run_time=1.0)
        self.say("And the cost moves with a by two times a minus y: large when the output is far from what we "
                 "wanted.", fade_in(rows[2]), run_time=1.0)
        formula = factor_formula().move_to(ratios)  # the product takes the rates' place
        box = SurroundingRectangle(formula, color=theme().accent, buff=0.2)
        self.say("Three factors, each with a meaning. Next, the same three with the real network's numbers.",
                 fade_out(ratios, run_time=0.4), fade_in(formula), Create(box), run_time=1.0)

    @staticmethod
    def factor_rows() -> VGroup:
        """Each rate of the chain rule, what it equals, and what that means, one row each."""
        rates = (rf"\frac{{\partial {Z_LAST}}}{{\partial {W_LAST}}}", rf"\frac{{\partial {A_LAST}}}{{\partial {Z_LAST}}}",
                 rf"\frac{{\partial C}}{{\partial {A_LAST}}}")
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

    @staticmethod
    def later(animation, delay: float):
        """``animation`` starting ``delay`` seconds into the line (the ripple's links follow one another)."""
        return Succession(Wait(delay), animation)

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
        cost = MathTex(r"C", font_size=style.FORMULA_SIZE).move_to([4.6, self.CHAIN_Y, 0])
        to_cost = Arrow(circles[2].get_right(), cost.get_left(), buff=0.15, color=theme().dim_text, stroke_width=4)
        want = MathTex(r"y", font_size=style.INLINE_FORMULA_SIZE).next_to(cost, DOWN, buff=0.5)
        want_arrow = Arrow(want.get_top(), cost.get_bottom(), buff=0.08, color=theme().dim_text, stroke_width=3)
        toy = Text("a toy: one neuron per layer", font_size=style.LABEL_SIZE, color=theme().dim_text)
        toy.next_to(VGroup(circles, weights), UP, buff=0.35)
        return VGroup(edges, circles, labels, weights, to_cost, cost, want, want_arrow), toy

    def tree(self) -> tuple[VGroup, dict]:
        at = {"w": (1.6, -0.3), "a_prev": (3.0, -0.3), "b": (4.4, -0.3), "z": (3.0, -1.3), "a": (3.0, -2.3),
              "y": (4.4, -2.3), "C": (3.7, -3.2)}
        tex = {"w": W_LAST, "a_prev": A_PREV, "b": B_LAST, "z": Z_LAST, "a": A_LAST, "y": "y", "C": "C"}
        nodes = {k: MathTex(tex[k], font_size=style.INLINE_FORMULA_SIZE).move_to([x, y, 0]) for k, (x, y) in at.items()}
        links = VGroup(*[Line(nodes[a].get_bottom(), nodes[b].get_top(), buff=0.08, color=theme().dim_text, stroke_width=3)
                         for a, b in (("w", "z"), ("a_prev", "z"), ("b", "z"), ("z", "a"), ("a", "C"), ("y", "C"))])
        return VGroup(links, *nodes.values()), nodes


def significant_places(value: float, digits: int = 3) -> int:
    """Decimal places that write ``value`` to ``digits`` significant digits."""
    return max(0, digits - 1 - int(np.floor(np.log10(max(abs(float(value)), 1e-300)))))


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

    DIAGRAM_AT, DIAGRAM_HEIGHT = (-4.6, -0.1, 0), 5.0
    PANEL_X = -1.75  # the factors' left edge
    MEANING_X = 2.45  # the meanings' left edge
    EDGE_DIM = 0.35  # the other edges' opacity (share of their own) while one is followed

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
            dim_edges(d, self.EDGE_DIM)
        whose = Text(f"{f.source}, at training step {rec.step:,}" + (" (wanted: the network's answer)"
                                                                      if f.wanted_is_answer else ""),
                     font_size=style.LABEL_SIZE, color=theme().dim_text)
        name = VGroup(MathTex(rf"w^{{({out})}}_{{{c.j},{c.k}}}", font_size=style.FORMULA_SIZE, color=theme().accent),
                      Text(f"into output {c.j}, from neuron {c.k} of hidden layer {hid}", font_size=style.LABEL_SIZE),
                      whose).arrange(DOWN, buff=0.12, aligned_edge=LEFT).move_to([self.PANEL_X, 2.4, 0], aligned_edge=LEFT)
        label = num(c.label if hasattr(c, "label") else ex.label, f.name("label") if f.chosen else "backprop:chain.label")
        self.say(f"Back to the real network at step {num(rec.step, 'backprop:step')}, with the {label} from before. "
                 f"Take one real weight: the edge into output {num(c.j, f.name('j'))}, from neuron "
                 f"{num(c.k, f.name('k'))} of {said_layer_name(hid, layers)}.",
                 *([Create(edge)] if edge else []), fade_in(name), run_time=1.2)
        rows, shown = self.factor_rows(c, out, hid)
        said = [num(v, f.name(field), places=significant_places(v)) for field, v in
                (("a_prev", c.a_prev), ("sigma_prime", c.sigma_prime), ("two_error", c.two_error))]
        self.say(f"Its three factors, with this image's real numbers. The neuron before glows at {said[0]}. The "
                 f"squish's slope there is {said[1]}. Two times the output's error is {said[2]}.",
                 fade_in(rows[0]), fade_in(rows[1], run_time=2.0), fade_in(rows[2], run_time=3.2), run_time=3.6)
        places = agreeing_places(c.product, c.finite_difference)
        self.chain, self.factor_texts = c, shown  # what the tests read back
        product = MathTex(r"\text{product} =", f"{c.product:.{places}f}", font_size=style.FORMULA_SIZE)
        product.next_to(rows, DOWN, buff=0.4).align_to(rows, LEFT)
        self.say("Multiplied, they say how fast this image's cost changes as the weight changes.", fade_in(product),
                 run_time=0.8)
        fd = VGroup(MathTex(r"\frac{C(w + h) - C(w - h)}{2h} =", f"{c.finite_difference:.{places}f}",
                            font_size=style.FORMULA_SIZE),
                    Text(f"h = {c.h:g}: the weight nudged, the network run again",
                         font_size=style.LABEL_SIZE, color=theme().dim_text))
        fd[1].next_to(fd[0], DOWN, buff=0.15).align_to(fd[0], LEFT)
        fd.next_to(product, DOWN, buff=0.3).align_to(rows, LEFT)
        self.say("Now measure it without any calculus: nudge the weight a tiny bit each way, run the network "
                 "again, and divide the change in cost by the size of the nudge.", fade_in(fd), run_time=1.0)
        both = VGroup(SurroundingRectangle(product[1], color=theme().accent, buff=0.08),
                      SurroundingRectangle(fd[0][1], color=theme().accent, buff=0.08))
        way = "grow" if c.product < 0 else "shrink"
        self.say(f"The two agree in every digit shown. The chain rule is not an estimate: it is the exact slope. "
                 f"The slope is {'negative' if c.product < 0 else 'positive'}, so this image asks the weight to {way}.",
                 Create(both), run_time=0.8)

    def factor_rows(self, c, out: int, hid: int) -> tuple[VGroup, list[str]]:
        texts = [f"{v:.{significant_places(v)}f}" for v in (c.a_prev, c.sigma_prime, c.two_error)]
        symbols = (rf"a^{{({hid})}}_{{{c.k}}}", rf"\sigma'(z^{{({out})}}_{{{c.j}}})",
                   rf"2(a^{{({out})}}_{{{c.j}}} - y_{{{c.j}}})")
        rows = VGroup()
        for i, (symbol, text, words) in enumerate(zip(symbols, texts, FACTOR_MEANINGS)):
            y = 1.05 - 0.8 * i
            formula = MathTex(symbol, "=", text, font_size=style.FORMULA_SIZE).move_to([self.PANEL_X, y, 0],
                                                                                     aligned_edge=LEFT)
            meaning = Text(" ".join(words), font_size=style.LABEL_SIZE, color=theme().dim_text)
            meaning.move_to([self.MEANING_X, y, 0], aligned_edge=LEFT)
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


def w_jk(layer: str = "L") -> str:
    return rf"w^{{({layer})}}_{{jk}}"


class MoreIndices(Beat):
    """The same formulas with j and k: w_jk into j from k (chapter 1's matrix, row j, column k), and
    ∂C/∂a_k of the layer before summed over every path through the next layer (the real sum for the 2)."""

    DIAGRAM_AT, DIAGRAM_HEIGHT = (-4.5, -0.3, 0), 5.0
    PANEL_AT = (1.85, 0, 0)
    MATRIX_LEFT = -2.3  # the matrix's left edge: right of the diagram's output labels

    def construct(self):
        rec = record()
        ex, k = rec.examples[0], rec.chain.k
        layers = len(rec.network.sizes)
        hid, out = layers - 2, layers - 1
        self.headline("More neurons, more indices")
        history_note(self)
        d = last_gap(rec.network, height=self.DIAGRAM_HEIGHT, layer_gap=2.6).move_to(self.DIAGRAM_AT)
        set_fills(d, ex.activations[hid], ex.activations[out])
        dim_edges(d, RealWeight.EDGE_DIM)  # the paths out of neuron k are drawn over them
        d.add_to(self)
        names = gap_names(d, layers)
        index_marks = VGroup(MathTex("k", font_size=style.FORMULA_SIZE).next_to(d.layers[0], UP, buff=0.25),
                             MathTex("j", font_size=style.FORMULA_SIZE).next_to(d.layers[1], UP, buff=0.25))
        self.say(f"Real layers have many neurons, so the symbols get indices: k counts the neurons of "
                 f"{said_layer_name(hid, layers)}, and j those of the output layer.",
                 fade_in(names), fade_in(index_marks), run_time=1.0)
        matrix, labels = self.weight_matrix()
        placed = VGroup(matrix, labels).move_to([self.PANEL_AT[0], 0.6, 0])
        placed.shift(max(0.0, self.MATRIX_LEFT - placed.get_left()[0]) * RIGHT)  # clear of the output labels
        self.say("The weight into neuron j from neuron k is called w j k: row j, column k of chapter one's weight "
                 "matrix, where row j holds everything flowing into neuron j.", fade_in(matrix), fade_in(labels),
                 run_time=1.2)
        sums = VGroup(
            MathTex(rf"z^{{(L)}}_j = \sum_k {w_jk()}\, a^{{(L-1)}}_k + b^{{(L)}}_j", font_size=style.INLINE_FORMULA_SIZE),
            MathTex(rf"\frac{{\partial C}}{{\partial {w_jk()}}} = a^{{(L-1)}}_k\, \sigma'(z^{{(L)}}_j)\, "
                    rf"2(a^{{(L)}}_j - y_j)", font_size=style.INLINE_FORMULA_SIZE),
        ).arrange(DOWN, buff=0.45, aligned_edge=LEFT).move_to([self.PANEL_AT[0], 0.9, 0])
        self.play(fade_out(matrix), fade_out(labels), run_time=0.5)
        self.say("Output j's weighted sum adds up over every k. And for one weight, nothing new: the same three "
                 "factors as the toy, now with indices.", fade_in(sums[0]), fade_in(sums[1], run_time=1.6),
                 run_time=2.0)
        fan = self.fan_out(d, k)
        paths = MathTex(rf"\frac{{\partial C}}{{\partial a^{{(L-1)}}_k}} = \sum_j {w_jk()}\, \sigma'(z^{{(L)}}_j)\, "
                        rf"2(a^{{(L)}}_j - y_j)", font_size=style.INLINE_FORMULA_SIZE)
        paths.next_to(sums, DOWN, buff=0.6).align_to(sums, LEFT)
        box = SurroundingRectangle(paths[0][:len(r"\partial C")], color=theme().accent, buff=0.05)
        count = Text(f"{rec.network.sizes[-1]} paths", font_size=style.LABEL_SIZE, color=theme().accent)
        count.next_to(d.layers[1], RIGHT, buff=0.75).shift(0.2 * DOWN)
        self.say(f"But a neuron k of the layer before reaches the cost along every edge it sends out, one into each of "
                 f"the {num(rec.network.sizes[-1], 'size:-1')} outputs. So its derivative adds up all "
                 f"{num(rec.network.sizes[-1], 'size:-1')} paths.", *fan, fade_in(paths), fade_in(count), run_time=1.6)
        wish = ex.wishes[hid][k]
        self.wish = (k, wish)  # for the tests
        value = VGroup(MathTex(rf"-\frac{{\partial C}}{{\partial a^{{({hid})}}_{{{k}}}}} =", written(figure(wish)),
                               font_size=style.INLINE_FORMULA_SIZE),
                       Text(f"for the {ex.label}: the wish for neuron {k}", font_size=style.LABEL_SIZE,
                            color=theme().dim_text)).arrange(RIGHT, buff=0.3)
        value.next_to(paths, DOWN, buff=0.55).align_to(sums, LEFT)
        self.say(f"For the {num(ex.label, 'backprop:examples:0:label')}, the paths out of neuron "
                 f"{num(k, 'backprop:chain.k')} add up to a wish of {num(wish, f'backprop:examples:0:wishes:{hid}:{k}')}:"
                 " how much, and which way, this image wants that neuron to change.", fade_in(value), run_time=0.8)
        self.say("Do that for every neuron, then step back one layer and do it again. That is the backward pass.",
                 Create(box), run_time=0.6)

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


def log_cost_plot(step, cost, width: float, height: float, numbers: bool = True) -> tuple[VGroup, "Axes", VMobject]:
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
        self.say("Put together, one training step goes like this. Run each image of a mini-batch forward through "
                 "the network, and measure its cost.", fade_in(steps[0]), fade_in(steps[1], run_time=1.6),
                 run_time=2.0)
        self.say("Run it backwards, layer by layer, turning each output's error into a nudge for every weight "
                 "and bias.", fade_in(steps[2]), run_time=0.8)
        self.say("Average the nudges over the mini-batch, and take a small step that way.", fade_in(steps[3]),
                 fade_in(steps[4], run_time=1.6), run_time=2.0)
        cost, step = b.arrays["curve_cost"], b.arrays["curve_step"]
        plot, axes, line = log_cost_plot(step, cost, 4.6, 3.4)
        self.curve = (axes, line)  # for the tests
        plot.add(Text("training step (log scale)", font_size=style.LABEL_SIZE).next_to(plot, DOWN, buff=0.15))
        plot.add(Text("average cost", font_size=style.LABEL_SIZE).next_to(axes, UP, buff=0.2).align_to(axes, LEFT))
        VGroup(plot, line).to_edge(RIGHT, buff=0.5).shift(0.2 * DOWN)
        loop = Arrow(steps[-1].get_right() + 0.25 * RIGHT, steps[0].get_right() + 0.25 * RIGHT, path_arc=1.4,
                     color=theme().accent, stroke_width=4, buff=0.1)
        self.say("Repeat that for every mini-batch, pass after pass, and you have the training of chapter two.",
                 Create(loop), fade_in(plot), Create(line), run_time=2.4)
        ends = VGroup(Text(written(figure(cost[0])), font_size=style.LABEL_SIZE, color=theme().accent)
                      .next_to(axes.c2p(0, cost[0]), RIGHT, buff=0.2),
                      Text(written(figure(cost[-1])), font_size=style.LABEL_SIZE, color=theme().accent)
                      .next_to(axes.c2p(np.log10(step[-1] + 1), cost[-1]), UP, buff=0.3))
        last = Text(f"step {int(step[-1]):,}", font_size=style.LABEL_SIZE, color=theme().dim_text)
        last.next_to(ends[1], UP, buff=0.1)
        self.say(f"This is its real cost curve: over {num(step[-1], 'array:curve_step:-1')} steps, from "
                 f"{num(cost[0], 'array:curve_cost:0')} down to {num(cost[-1], 'array:curve_cost:-1')}.",
                 fade_in(ends), fade_in(last), run_time=0.8)
        if b.meta.get("training_objective") == "cross_entropy":  # what chapter 2's MiniBatches told
            note = VGroup(*[Text(t, font_size=style.LABEL_SIZE, color=theme().dim_text)
                            for t in ("the real run: cross-entropy at the output,", "then the same backward pass")]
                          ).arrange(DOWN, buff=0.1, aligned_edge=LEFT).next_to(steps, DOWN, buff=0.7).align_to(steps, LEFT)
            self.say("One honest difference: that run measured the output's error with cross-entropy, as chapter two "
                     "said. Only the first factor at the output changes; the backward pass is the same.",
                     fade_in(note), run_time=0.8)

    def step_list(self) -> VGroup:
        rows = VGroup(*[VGroup(Text(n, font_size=self.STEP_SIZE, color=theme().accent),
                               Text(words, font_size=self.STEP_SIZE)).arrange(RIGHT, buff=0.3)
                        for n, words in self.STEPS])
        return rows.arrange(DOWN, buff=0.45, aligned_edge=LEFT)


class ChapterRecap3(Beat):
    """The second half of chapter 3 in four panels, lit as the voice sums up (15–20 s)."""

    PANEL = (6.4, 2.7)
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
            self.panel("4  the chain rule", factor_formula(style.PANEL_FORMULA_SIZE),
                       "passed back, layer by layer"),
        ]
        for p, (x, y) in zip(panels, self.CENTRES):
            p.move_to([x, y, 0])
        # About 18 s in all: two lines, each with its two panels.
        self.say(f"In short: each image wants its own nudges; their average over all "
                 f"{num(rec.train_count, 'backprop:train_count')} training images is the negative gradient.",
                 fade_in(panels[0]), fade_in(panels[1]), run_time=0.8)
        self.say("Mini-batches estimate it cheaply, and the chain rule gives each nudge, layer by layer.",
                 fade_in(panels[2]), fade_in(panels[3]), run_time=0.8)

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
        middle.move_to(frame.get_center() + 0.05 * DOWN)
        return VGroup(frame, head, middle, note)
