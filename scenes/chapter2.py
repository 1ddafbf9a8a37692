"""Chapter 2: how the network learns. One Scene per storyboard beat, in story order.

Every number comes from the bundle: the random starting network, its cost and
gradient, the training snapshots, the cost landscape, the test results and the
learning curves were all computed by netcore. The 1-D and 2-D intuition curves are
toys from ``netcore.toy`` and say so on screen.
Render one beat:  python -m manim -ql scenes/chapter2.py CostOfOneExample
"""

from __future__ import annotations

import numpy as np
from manim import (
    DL,
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
    Dot3D,
    FadeIn,
    FadeOut,
    Group,
    LaggedStart,
    Line,
    MathTex,
    ORIGIN,
    Rectangle,
    Surface,
    SurroundingRectangle,
    Text,
    ThreeDAxes,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    linear,
)

from netcore import toy
from netcore.network import Network
from scenes.kit import style
from scenes.kit.beat import Beat, Beat3D
from scenes.kit.data import bundle, chosen_digit, diagram
from scenes.kit.forward import forward_pass
from scenes.kit.glyphs import Glyphs
from scenes.kit.bars import OutputBars
from scenes.kit.equations import fmt
from scenes.kit.network import EdgeMorph, NetworkDiagram, drawn_neurons
from scenes.kit.pixels import digit_grid, image_mobject, weight_grid
from scenes.kit.provenance import history_note, source_note
from scenes.kit.style import theme
from scenes.kit.words import architecture

DIAGRAM_HEIGHT = 6.0


def diagram_of(network: Network, **kwargs) -> NetworkDiagram:
    return diagram(network, height=DIAGRAM_HEIGHT, **kwargs)


def thumbnails(images, height: float) -> Group:
    return Group(*[image_mobject(style.grey_rgb(im), height) for im in images])


class Recap(Beat):
    """Recap"""

    def construct(self):
        self.headline("Chapter 2: how does the network learn?")
        digit = chosen_digit()
        d = diagram_of(bundle().network).shift(1.2 * RIGHT + 0.3 * DOWN).scale(0.9)
        grid = digit_grid(digit.image, height=2.4).to_edge(LEFT, buff=0.5)
        self.add(d, grid)
        source_note(self)
        forward_pass(self, d, digit, grid, layer_time=0.4)
        sizes, count = bundle().sizes, bundle().network.parameter_count
        self.say(f"{sizes[0]} pixels in, {count:,} weights and biases, {sizes[-1]} outputs: what we built in chapter 1")
        self.wait()


class TrainingVsTestData(Beat):
    """Training vs test data"""

    def construct(self):
        b = bundle()
        src = b.meta["data_source"]
        titles = self.titles(src)
        source_note(self)
        # Two pages of 12, or one when the bundle keeps fewer samples (--quick-experiments keeps 8).
        kept = min(len(b.arrays["sample_train_image"]), len(b.arrays["sample_test_image"]))
        for page in range(2 if kept > 12 else 1):
            self.page(b, page, titles)
        self.credit()

    def titles(self, src):
        left = Text(f"training data\n{src['train_count']:,} labelled images", font_size=style.BODY_SIZE,
                    line_spacing=0.8)
        right = Text(f"test data\n{src['test_count']:,} held-out images", font_size=style.BODY_SIZE, line_spacing=0.8)
        left.move_to(3.5 * LEFT + 3.2 * UP)
        right.move_to(3.5 * RIGHT + 3.2 * UP)
        self.play(FadeIn(left), FadeIn(right))
        return VGroup(left, right)

    def page(self, b, page: int, titles):
        """Twelve labelled training images and twelve test images; the next page replaces them."""
        sl = slice(12 * page, 12 * page + 12)
        train = Group(*[
            Group(image_mobject(style.grey_rgb(im), 0.9),
                  Text(str(int(lbl)), font_size=style.BODY_SIZE, color=theme().accent)).arrange(RIGHT, buff=0.2)
            for im, lbl in zip(b.arrays["sample_train_image"][sl], b.arrays["sample_train_label"][sl])
        ]).arrange_in_grid(rows=4, cols=3, buff=(0.45, 0.2)).next_to(titles[0], DOWN, buff=0.4)
        test = thumbnails(b.arrays["sample_test_image"][sl], 0.9).arrange_in_grid(rows=4, cols=3, buff=(0.7, 0.2))
        test.next_to(titles[1], DOWN, buff=0.4)
        if page:
            self.play(FadeOut(self.shown), run_time=0.4)
        self.play(LaggedStart(*[FadeIn(m) for m in (*train, *test)], lag_ratio=0.03), run_time=1.2)
        self.say(["The network learns from the labelled training images only",
                  "and is judged on test images it has never seen"][page])
        self.shown = Group(train, test)
        return self.shown

    def credit(self):
        credit = Text("Images: the MNIST database (LeCun, Cortes and Burges)", font_size=style.SMALL_SIZE,
                      color=theme().dim_text).to_edge(DOWN, buff=1.0)
        self.play(FadeIn(credit))
        self.wait()


class RandomStart(Beat):
    """Random start"""

    def construct(self):
        b = bundle()
        self.headline("Start: every weight and bias random")
        history_note(self)
        d = diagram_of(b.initial_network).shift(1.2 * RIGHT + 0.3 * DOWN)
        self.play(FadeIn(d))
        digit = b.default_digit
        random_digit = b.initial_view()
        grid = digit_grid(digit.image, height=2.4).to_edge(LEFT, buff=0.5)
        self.add(grid)
        forward_pass(self, d, random_digit, grid, layer_time=0.5)
        self.say(f"A real 3 goes in; the untrained network answers {random_digit.prediction}: its output is a mess")
        self.wait()


class CostOfOneExample(Beat):
    """The cost of one example"""

    def construct(self):
        b = bundle()
        digit = b.default_digit
        outputs = b.initial_view().output
        terms = b.arrays["init_digit_cost_terms"]
        self.headline("How bad is this answer? The cost of one example")
        history_note(self)
        table = self.columns(outputs, digit.label)
        total = self.terms(table, outputs, digit.label, terms)
        self.say(f"Sum of squared differences: {total:.2f}. Large when the answer is wrong, small when it is right")
        self.wait()

    def columns(self, outputs, label):
        rows = VGroup()
        for d, a in enumerate(outputs):
            y = 1.0 if d == label else 0.0
            rows.add(VGroup(
                Text(str(d), font_size=style.SMALL_SIZE, color=theme().dim_text),
                MathTex(f"{a:.2f}", font_size=34),
                MathTex(f"{y:.2f}", font_size=34, color=theme().accent),
            ).arrange(RIGHT, buff=0.5))
        rows.arrange(DOWN, buff=0.12, aligned_edge=LEFT).to_edge(LEFT, buff=0.8).shift(0.2 * DOWN)
        heads = VGroup(Text("output", font_size=style.SMALL_SIZE), Text("wanted", font_size=style.SMALL_SIZE,
                                                                          color=theme().accent))
        heads[0].next_to(rows[0][1], UP, buff=0.3)
        heads[1].next_to(rows[0][2], UP, buff=0.3)
        self.play(FadeIn(rows), FadeIn(heads))
        return rows

    def terms(self, table, outputs, label, terms) -> float:
        lines = VGroup()
        for d, (a, t) in enumerate(zip(outputs, terms)):
            y = 1.0 if d == label else 0.0
            lines.add(MathTex(rf"({a:.2f} - {y:.2f})^2 = {t:.2f}", font_size=32))
        lines.arrange(DOWN, buff=0.12, aligned_edge=RIGHT).next_to(table, RIGHT, buff=1.2)
        for line, row in zip(lines, table):
            line.match_y(row)
        self.play(LaggedStart(*[Write(l) for l in lines], lag_ratio=0.15), run_time=2.5)
        total = float(terms.sum())
        total_tex = MathTex(rf"\text{{cost}} = {total:.2f}", font_size=44, color=theme().accent)
        total_tex.next_to(lines, RIGHT, buff=0.8)
        self.play(Write(total_tex))
        return total


class AverageCost(Beat):
    """Average cost"""

    def construct(self):
        b = bundle()
        self.headline("The network's cost: the average over all examples")
        history_note(self)
        self.cycle(b)
        self.average(b)

    def cycle(self, b):
        images, labels, costs = (b.arrays[k] for k in ("sample_train_image", "sample_train_label",
                                                       "sample_train_init_cost"))
        slot = image_mobject(style.grey_rgb(images[0]), 2.4).shift(2.5 * LEFT)
        text = MathTex(rf"\text{{label }} {labels[0]}:\ \text{{cost}} = {costs[0]:.2f}", font_size=44)
        text.next_to(slot, RIGHT, buff=0.8)
        self.play(FadeIn(slot), FadeIn(text))
        # Examples cycle faster and faster.
        for i in range(1, len(images)):
            new_slot = image_mobject(style.grey_rgb(images[i]), 2.4).move_to(slot)
            new_text = MathTex(rf"\text{{label }} {labels[i]}:\ \text{{cost}} = {costs[i]:.2f}",
                               font_size=44).move_to(text, aligned_edge=LEFT)
            wait = max(0.5 * 0.85**i, 1 / 15)
            self.remove(slot, text)
            self.add(new_slot, new_text)
            slot, text = new_slot, new_text
            self.wait(wait)
        self.play(FadeOut(slot), FadeOut(text))

    def average(self, b):
        n = b.meta["init_train_count"]
        avg = MathTex(rf"\frac{{1}}{{{n:,}}}\sum_{{\text{{examples}}}} \text{{cost}} = {b.meta['init_train_cost']:.2f}"
                      .replace(",", "{,}"), font_size=56)
        self.play(Write(avg))
        self.say(f"The random network's real average cost over all {n:,} training images")
        self.wait()


class TwoFunctions(Beat):
    """Two functions"""

    def construct(self):
        b = bundle()
        sizes, count = b.sizes, b.network.parameter_count
        n_train = b.meta["data_source"]["train_count"]
        net = self.box("the network", f"input: {sizes[0]} numbers (pixels)", f"output: {sizes[-1]} numbers",
                       f"parameters: {count:,} weights and biases").shift(3.4 * LEFT)
        cost = self.box("the cost function", f"input: {count:,} weights and biases", "output: 1 number",
                        f"parameters: the {n_train:,} training examples").shift(3.4 * RIGHT)
        self.play(FadeIn(net))
        self.play(FadeIn(cost))
        self.say("Learning means finding the input of the cost function that makes its output small")
        self.wait()

    @staticmethod
    def box(title, *lines):
        body = VGroup(Text(title, font_size=style.BODY_SIZE, color=theme().accent),
                      *[Text(l, font_size=style.SMALL_SIZE) for l in lines]).arrange(DOWN, buff=0.25)
        frame = Rectangle(width=body.width + 0.6, height=body.height + 0.6, color=theme().dim_text)
        return VGroup(frame, body)


class OneVariable(Beat):
    """Minimising a function of one variable"""

    def construct(self):
        axes = Axes(x_range=[*toy.W_RANGE, 1], y_range=[0, 8, 2], x_length=11, y_length=4.6,
                    axis_config={"include_numbers": False}).shift(0.5 * DOWN)
        curve = axes.plot(toy.curve, x_range=toy.W_RANGE, color=theme().positive, stroke_width=4)
        label = Text("a toy cost curve C(w), not the network's", font_size=style.SMALL_SIZE, color=theme().accent)
        label.to_corner(UP + LEFT, buff=0.4)
        names = axes.get_axis_labels(MathTex("w"), MathTex("C(w)"))
        self.play(Create(axes), Create(curve), FadeIn(label), FadeIn(names))
        self.roll(axes, -1.5, slope_hint=True)
        self.say("Step against the slope; steps shrink as it flattens")
        for start in (-3.8, 3.5):
            self.roll(axes, start)
        self.say("Different starting points end in different valleys: local minima")
        self.wait()

    def roll(self, axes, start: float, slope_hint: bool = False):
        path = toy.descent_path(start)
        ball = Dot(axes.c2p(path[0], toy.curve(path[0])), radius=0.11, color=theme().accent)
        self.play(FadeIn(ball, scale=1.5), run_time=0.3)
        if slope_hint:
            w = path[0]
            tangent = axes.plot(lambda x: toy.curve(w) + toy.curve_slope(w) * (x - w), x_range=[w - 0.8, w + 0.8],
                                color=theme().text, stroke_width=3)
            self.play(Create(tangent), run_time=0.5)
            self.play(FadeOut(tangent), run_time=0.3)
        for w in path[1:16]:
            self.play(ball.animate.move_to(axes.c2p(w, toy.curve(w))), run_time=0.12)


class TwoVariables(Beat):
    """Two variables: the gradient"""

    def construct(self):
        plane = Axes(x_range=[-3, 3, 1], y_range=[-2, 2, 1], x_length=7, y_length=4.7,
                     axis_config={"include_numbers": False}).shift(0.3 * DOWN)
        shading = self.contours(plane)
        label = Text("a toy cost C(x, y) over the input plane (darker = lower)", font_size=style.SMALL_SIZE,
                     color=theme().accent).to_edge(UP, buff=0.4)
        self.play(Create(plane), FadeIn(shading), FadeIn(label))
        self.gradient_arrows(plane)
        self.say("∇C points uphill fastest; −∇C is the way down")
        self.wait()

    def contours(self, plane):
        xs, ys = np.linspace(-3, 3, 90), np.linspace(-2, 2, 60)
        z = toy.surface(xs[None, :], ys[::-1, None])
        t = (z - z.min()) / (z.max() - z.min())
        rgb = np.round(255 * (0.15 + 0.6 * t[..., None]) * np.array([0.35, 0.7, 0.9])).astype(np.uint8)
        img = image_mobject(rgb, plane.y_length).stretch_to_fit_width(plane.x_length).move_to(plane.c2p(0, 0))
        return img

    def gradient_arrows(self, plane):
        x, y = 1.6, 1.0
        g = toy.surface_gradient(x, y)
        unit = g / np.linalg.norm(g)
        point = plane.c2p(x, y)
        up = Arrow(point, plane.c2p(x + unit[0], y + unit[1]), buff=0, color=theme().negative, stroke_width=6)
        down = Arrow(point, plane.c2p(x - unit[0], y - unit[1]), buff=0, color=theme().positive, stroke_width=6)
        self.play(FadeIn(Dot(point, color=theme().text)))
        self.play(Create(up), FadeIn(MathTex(r"\nabla C", color=theme().negative).next_to(up.get_end(), UP)))
        self.play(Create(down), FadeIn(MathTex(r"-\nabla C", color=theme().positive).next_to(down.get_end(), DOWN)))


class RealLandscape(Beat3D):
    """The real cost landscape"""

    def construct(self):
        b = bundle()
        axes, surface = self.surface(b)
        self.set_camera_orientation(phi=62 * np.pi / 180, theta=-50 * np.pi / 180, zoom=0.7)
        self.caption(b)
        history_note(self)
        self.play(Create(axes), Create(surface), run_time=2)
        path = self.path(axes, b)
        self.play(Create(path), run_time=2)
        self.begin_ambient_camera_rotation(rate=0.12)
        self.wait(3)
        self.stop_ambient_camera_rotation()
        self.wait()

    def surface(self, b):
        axis, grid = b.arrays["landscape_axis"], b.arrays["landscape_cost"]
        self.zmax = float(np.ceil(grid.max()))
        axes = ThreeDAxes(x_range=[axis[0], axis[-1], 0.5], y_range=[axis[0], axis[-1], 0.5],
                          z_range=[0, self.zmax, 1], x_length=6, y_length=6, z_length=3.2)

        def height(u, v):
            # Bilinear interpolation of the exported grid: the surface shows measured values only.
            i = np.interp(u, axis, np.arange(len(axis)))
            j = np.interp(v, axis, np.arange(len(axis)))
            i0, j0 = int(min(i, len(axis) - 2)), int(min(j, len(axis) - 2))
            fi, fj = i - i0, j - j0
            g = grid
            z = (g[i0, j0] * (1 - fi) * (1 - fj) + g[i0 + 1, j0] * fi * (1 - fj)
                 + g[i0, j0 + 1] * (1 - fi) * fj + g[i0 + 1, j0 + 1] * fi * fj)
            return axes.c2p(u, v, z)

        surface = Surface(height, u_range=[axis[0], axis[-1]], v_range=[axis[0], axis[-1]],
                          resolution=(len(axis) - 1, len(axis) - 1), fill_opacity=0.75, stroke_width=0.3,
                          checkerboard_colors=[theme().positive, theme().positive], stroke_color=theme().background)
        surface.set_fill_by_value(axes=axes, colorscale=[(theme().positive, 0), (theme().negative, self.zmax)], axis=2)
        return axes, surface

    def path(self, axes, b):
        coords, costs = b.arrays["landscape_path"], b.arrays["landscape_path_cost"]
        points = [axes.c2p(a, c, min(z, self.zmax)) for (a, c), z in zip(coords, costs)]
        path = VMobject(stroke_color=theme().accent, stroke_width=5).set_points_as_corners(points)
        # 4x4 faces, not the default 8x8: at this size (a few pixels even at 4K) no one can tell,
        # and the 32 dots were more faces than the whole 40x40 surface, redrawn every frame.
        dots = VGroup(*[Dot3D(p, radius=0.05, color=theme().accent, resolution=(4, 4)) for p in points])
        return VGroup(path, dots)

    def caption(self, b):
        land = b.meta["landscape"]
        lines = VGroup(
            Text("The real cost around the " + ("reference run's " if b.imported else "") + "trained weights",
                 font_size=style.BODY_SIZE),
            Text(f"along two random directions (filter-normalised), average over {land['subset_size']:,} "
                 "training images", font_size=style.TINY_SIZE, color=theme().dim_text),
            Text(f"yellow: the real training path, cost at each snapshot; this slice sees only "
                 f"{land['path_fraction_in_plane_max']:.0%} of its movement", font_size=style.TINY_SIZE,
                 color=theme().dim_text),
        ).arrange(DOWN, buff=0.12).to_edge(UP, buff=0.25)
        self.add_fixed_in_frame_mobjects(lines)
        return lines


class GradientVector(Beat):
    """The gradient of the real network"""

    def construct(self):
        b = bundle()
        theta, grad = b.initial_network.to_vector(), b.arrays["init_gradient"]
        self.headline(f"{len(theta):,} numbers, and how each should change")
        history_note(self)
        self.columns(theta, -grad)
        self.say("Sign: nudge up or down. Size: how much the cost cares about that knob")
        self.wait()

    def columns(self, theta, neg_grad):
        n = len(theta)
        # The two first parameters, the one the cost is most sensitive to, and the last two.
        biggest = int(np.argmax(np.abs(neg_grad[2:-2]))) + 2
        shown = [0, 1, biggest, None, n - 2, n - 1]
        sizes = bundle().sizes

        def column(values, names: bool):
            # Every row gets the height of a parameter name (\vphantom), so rows line up across columns.
            rows = [r"\vdots" if i is None else rf"{fmt(values[i], 3)}\vphantom{{w^{{(1)}}_{{0,0}}}}" for i in shown]
            body = r"\left[\begin{array}{r}" + r"\\".join(rows) + r"\end{array}\right]"
            if names:
                body = (r"\begin{array}{r}" + r"\\".join(r"\vphantom{\vdots}" if i is None else parameter_name(i, sizes)
                                                        for i in shown) + r"\end{array}" + body)
            return MathTex(body, font_size=40)

        left, right = column(theta, True), column(neg_grad, False)
        group = VGroup(left, right).arrange(RIGHT, buff=2.0, aligned_edge=DOWN).shift(0.2 * DOWN + 0.4 * RIGHT)
        names = VGroup(MathTex(r"\vec{W}", font_size=48).next_to(left, UP).align_to(left, RIGHT).shift(0.6 * LEFT),
                       MathTex(r"-\nabla C(\vec{W})", font_size=48).next_to(right, UP))
        note = Text(f"all {n:,} weights and biases of the random network, and the real gradient of its average "
                    "cost over the training set", font_size=style.TINY_SIZE, color=theme().dim_text)
        note.next_to(group, DOWN, buff=0.4)
        self.play(FadeIn(left), FadeIn(names[0]))
        self.play(FadeIn(right), FadeIn(names[1]), FadeIn(note))
        return VGroup(group, names, note)


def parameter_name(index: int, sizes) -> str:
    """TeX name of entry ``index`` of the flat parameter vector (W1, b1, W2, b2, ... in order)."""
    for l, (n, k) in enumerate(zip(sizes[:-1], sizes[1:])):
        if index < k * n:
            j, i = divmod(index, n)
            return rf"w^{{({l + 1})}}_{{{j},{i}}}"
        index -= k * n
        if index < k:
            return rf"b^{{({l + 1})}}_{{{index}}}"
        index -= k
    raise IndexError(index)


class GradientEdges(Beat):
    """The gradient on the edges"""

    def construct(self):
        b = bundle()
        grad = b.arrays["init_gradient"]
        self.headline("Which edges matter most right now?")
        history_note(self)
        # The same edge rule as for weights, applied to -gradient components: colour = sign, width = size.
        d = diagram_of(Network.from_vector(-grad, b.sizes, b.meta["activation"])).shift(0.2 * DOWN + 1.6 * LEFT)
        self.play(FadeIn(d))
        self.mark_extremes(d)
        self.say("Edges drawn by their component of −∇C: blue = increase that weight, orange = decrease it")
        self.wait()

    def mark_extremes(self, d):
        e = d.edge_layers[1]
        legend = VGroup()
        for k, text in ((int(np.argmax(np.abs(e.weight))), "matters a lot"),
                        (int(np.argmin(np.abs(e.weight))), "hardly matters")):
            start, end = d.edge_endpoints(1, e.src[k : k + 1], e.dst[k : k + 1])
            edge = Line(start[0], end[0], color=theme().accent, stroke_width=4)
            label = Text(f"{text}: {e.weight[k]:+.5f}", font_size=style.SMALL_SIZE, color=theme().accent)
            legend.add(VGroup(edge, label))
        legend[0][1].to_corner(RIGHT + UP, buff=0.4).shift(0.9 * DOWN)
        legend[1][1].next_to(legend[0][1], DOWN, buff=0.3, aligned_edge=LEFT)
        for edge, label in legend:
            self.play(Create(edge), FadeIn(label), Create(Line(label.get_left(), edge.get_center(),
                                                              stroke_width=1, color=theme().dim_text)))


class GradientDescent(Beat):
    """Gradient descent"""

    def construct(self):
        b = bundle()
        self.headline("Compute ∇C, step along −∇C, repeat")
        history_note(self)
        axes = self.cost_axes(b)
        self.steps(b, axes)
        final = b.arrays["curve_cost"][-1]
        self.say(f"The real cost on {b.meta['curve_probe_size']:,} training images falls from "
                 f"{b.arrays['curve_cost'][0]:.2f} to {final:.3f}")
        self.wait()

    def steps(self, b, axes):
        """One diagram whose edges morph from snapshot to snapshot (colour = sign, width = size of each
        real weight), beside the cost curve drawn up to that step."""
        steps = b.arrays["snapshot_step"]
        networks = [Network.from_vector(p.astype(np.float64), b.sizes, b.meta["activation"])
                    for p in b.arrays["snapshot_params"]]
        d = diagram_of(networks[0], output_labels=False)
        d.scale(0.62).to_edge(LEFT, buff=0.6).shift(0.4 * DOWN)
        d.add_to(self)
        counter, drawn = None, 0
        for i, (s, network) in enumerate(zip(steps, networks)):
            new_counter = Text(f"step {s:,}", font_size=style.SMALL_SIZE).next_to(d, UP, buff=0.1)
            if counter is not None:
                self.remove(counter)
            self.add(new_counter)
            upto = int(np.searchsorted(b.arrays["curve_step"], s, side="right"))
            piece = self.curve_piece(axes, b, drawn, upto)
            anims = [EdgeMorph(d, network, rate_func=linear)] if i else []  # steady: one morph runs into the next
            anims += [Create(piece)] if piece is not None else []
            if anims:
                self.play(*anims, run_time=0.25)
            else:
                self.wait(0.25)
            counter, drawn = new_counter, upto

    def cost_axes(self, b):
        steps, cost = b.arrays["curve_step"], b.arrays["curve_cost"]
        top = float(np.log10(steps[-1] + 1))
        axes = Axes(x_range=[0, np.ceil(top), 1], y_range=[0, float(np.ceil(cost.max())), 0.5],
                    x_length=6, y_length=4.2, tips=False,
                    y_axis_config={"include_numbers": True, "font_size": 18}).to_edge(RIGHT, buff=0.5).shift(0.3 * DOWN)
        ticks = VGroup(*[MathTex(f"10^{{{k}}}", font_size=22).next_to(axes.c2p(k, 0), DOWN, buff=0.15)
                         for k in range(int(np.ceil(top)) + 1)])
        labels = VGroup(Text("training step (log scale; step + 1)", font_size=style.TINY_SIZE).next_to(ticks, DOWN, buff=0.15),
                        Text("average cost", font_size=style.TINY_SIZE).next_to(axes, UP, buff=0.1))
        self.add(axes, ticks, labels)
        return axes

    @staticmethod
    def curve_piece(axes, b, start: int, end: int):
        steps, cost = b.arrays["curve_step"], b.arrays["curve_cost"]
        lo = max(start - 1, 0)
        pts = [axes.c2p(np.log10(s + 1), c) for s, c in zip(steps[lo:end], cost[lo:end])]
        if len(pts) < 2:
            return None
        return VMobject(stroke_color=theme().accent, stroke_width=3).set_points_as_corners(pts)


TICK, CROSS = "\u2713", "\u2717"  # ✓ ✗: right and wrong differ in shape, not only in colour


def guess_mark(guess: int, right: bool) -> VGroup:
    """The network's guess over a mark: '7' and '✓' in the correct colour, '6' and '✗' in the wrong one."""
    color = theme().correct if right else theme().wrong
    return VGroup(Text(str(guess), font_size=22, color=color),
                  Text(TICK if right else CROSS, font_size=22 * 0.85, color=color)).arrange(DOWN, buff=0.06)


class HowWellItDoes(Beat):
    """How well it does"""

    COLS = 8  # the 48 sample test images as 6 rows of 8
    THUMB = 0.7

    def construct(self):
        a = bundle().arrays
        self.right = (a["test_prediction"] == a["test_label"])
        self.cum = np.concatenate([[0], np.cumsum(self.right)])  # correct among the first n
        self.check_against_meta()
        self.headline("How well does the trained network do?")
        counter = self.counter()
        tiles = self.stream_samples()
        self.rest_of_test_set(counter)
        self.mistakes(tiles, counter)
        self.wait()

    def check_against_meta(self):
        meta = bundle().meta
        if len(self.right) != meta["test_total"] or int(self.cum[-1]) != meta["test_correct"]:
            raise ValueError("test_prediction/test_label disagree with meta test_correct/test_total")

    def counter(self) -> VGroup:
        """'correct / shown' and the running accuracy, re-set from cached glyphs when the tracker moves."""
        self.shown = ValueTracker(0)
        anchor = self.anchor = np.array([4.75, 1.1, 0])
        head = VGroup(Text("correct", font_size=style.SMALL_SIZE, color=theme().correct),
                      Text("/ shown", font_size=style.SMALL_SIZE, color=theme().dim_text)).arrange(RIGHT, buff=0.15)
        head.move_to(anchor + 0.75 * UP)

        count_glyphs, pct_glyphs = Glyphs(40), Glyphs(44)
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
        g.move_to([-6.6 + 1.1 * col, 2.5 - 0.98 * row, 0], aligned_edge=LEFT)
        return g, right

    def stream_samples(self) -> Group:
        a = bundle().arrays
        count = len(a["sample_test_image"])
        tiles = Group(*[self.tile(i)[0] for i in range(count)])
        self.say("Test images it never trained on, each with its guess: ✓ right, ✗ wrong")
        # The first row one by one, then a row at a time, then the rest together.
        for i in range(self.COLS):
            self.counter_on_top()
            self.play(FadeIn(tiles[i], shift=0.3 * LEFT), self.shown.animate.set_value(i + 1), run_time=0.35)
        rows = [(r * self.COLS, (r + 1) * self.COLS) for r in range(1, count // self.COLS)]
        for k, (lo, hi) in enumerate(rows):
            self.counter_on_top()
            self.play(LaggedStart(*[FadeIn(t, shift=0.3 * LEFT) for t in tiles[lo:hi]], lag_ratio=0.3),
                      self.shown.animate(rate_func=linear).set_value(hi), run_time=1.0 if k < 2 else 0.6)
        wrong = count - int(self.cum[count])
        self.say(f"{int(self.cum[count])} of these {count} right, {wrong} wrong")
        self.wait(0.5)
        return tiles

    def rest_of_test_set(self, counter):
        meta = bundle().meta
        total, shown = meta["test_total"], int(round(self.shown.get_value()))
        self.say(f"The other {total - shown:,} test images, counted without drawing them")
        self.counter_on_top()
        self.play(self.shown.animate.set_value(total), run_time=4)
        head, live = counter
        live.clear_updaters()
        # The end state written straight from the bundle's metadata (the same numbers, by the check above).
        acc = meta["test_correct"] / meta["test_total"]
        # Plain Text this time (laid out exactly like the glyphs), so the figure's strings are readable.
        c, n = meta["test_correct"], meta["test_total"]
        final = VGroup(
            Text(f"{c:,} / {n:,}", font_size=40, t2c={f"[0:{len(f'{c:,}')}]": theme().correct}).move_to(live[0]),
            Text(f"{acc:.2%}", font_size=44, color=theme().accent).move_to(live[1]),
        )
        self.remove(live)
        self.add(final)
        note = Text("test accuracy", font_size=style.SMALL_SIZE, color=theme().dim_text)
        note.next_to(final[1], DOWN, buff=0.2)
        self.play(FadeIn(note), final[1].animate.scale(1.15))
        self.say(f"{meta['test_correct']:,} of {total:,} test images right: {acc:.2%}")
        self.wait()

    def mistakes(self, tiles, counter):
        meta = bundle().meta
        wrong = meta["test_total"] - meta["test_correct"]
        digits = bundle().role("mistakes")[:4]
        cards = Group()
        for d in digits:
            img = image_mobject(style.grey_rgb(d.image), 1.8)
            frame = SurroundingRectangle(img, color=theme().wrong, buff=0.04, stroke_width=3)
            label = Text(f"label {d.label}", font_size=style.BODY_SIZE)
            guess = Text(f"guess {d.prediction} {CROSS}", font_size=style.BODY_SIZE, color=theme().wrong)
            src = Text(f"test image {d.test_index}", font_size=style.TINY_SIZE, color=theme().dim_text)
            cards.add(Group(img, frame, VGroup(label, guess, src).arrange(DOWN, buff=0.12).next_to(img, DOWN, buff=0.2)))
        cards.arrange(RIGHT, buff=0.4).move_to([-2.35, -0.1, 0])
        self.play(FadeOut(tiles), run_time=0.5)
        self.play(LaggedStart(*[FadeIn(c, shift=0.2 * UP) for c in cards], lag_ratio=0.3), run_time=1.6)
        self.say(f"A few of the {wrong:,} it gets wrong")


class HiddenNeuronsLook(Beat):
    """What the hidden neurons look at"""

    IMAGE = 1.2  # height of one weight image
    PITCH = (1.72, 1.5)  # centre to centre, across and down
    COLS = 4  # images per row; up to 16 drawn neurons make 4 rows

    def construct(self):
        self.W0 = bundle().network.W[0]
        self.shown = drawn_neurons(bundle().network)[1]  # the layer-2 neurons the diagram draws
        k = len(self.W0)
        self.headline(f"What do the {k} layer-2 neurons look at?" if len(self.shown) == k else
                      f"What do {len(self.shown)} of the {k} layer-2 neurons look at?")
        d = self.diagram()
        self.highlight_first_edges(d)
        images, labels = self.grid()
        self.morph(d, images, labels)
        self.tidy(d, images, labels)
        self.wait()

    def diagram(self) -> NetworkDiagram:
        d = NetworkDiagram(bundle().network)
        d.scale_to_fit_height(6.0).to_edge(LEFT, buff=0.5).shift(0.35 * DOWN)
        self.play(FadeIn(d), run_time=0.8)
        return d

    def highlight_first_edges(self, d):
        later = [m for gap in d.edges[1:] for m in gap]
        self.play(*[m.animate.set_stroke(opacity=0.06) for m in later],
                  d.output_labels.animate.set_opacity(0.3), run_time=0.8)
        self.rings = VGroup(*[c.copy().set_stroke(theme().accent, width=3) for c in d.layers[1]])
        self.play(Create(self.rings), run_time=0.8)
        self.say(f"Every layer-2 neuron has {self.W0.shape[1]} incoming weights, one per pixel "
                 f"({len(d.drawn[0])} of its edges are drawn)")
        self.wait(0.5)
        # The later layers make room for the images (opacity only: the diagram stays one group).
        self.play(*[m.animate.set_stroke(opacity=0) for m in later],
                  *[c.animate.set_stroke(opacity=0) for layer in d.layers[2:] for c in layer],
                  d.output_labels.animate.set_opacity(0), run_time=0.6)

    def grid(self) -> tuple[Group, VGroup]:
        self.scale = style.weight_image_scale(self.W0)  # one scale for all 16, so they compare
        images, labels = Group(), VGroup()
        rows = -(-len(self.shown) // self.COLS)
        for i, j in enumerate(self.shown):
            img = weight_grid(self.W0[j], height=self.IMAGE, scale=self.scale)
            r, c = divmod(i, self.COLS)
            img.move_to([(c - (self.COLS - 1) / 2) * self.PITCH[0], ((rows - 1) / 2 - r) * self.PITCH[1], 0])
            images.add(img)
            labels.add(Text(f"neuron {j}", font_size=style.TINY_SIZE + 2, color=theme().dim_text)
                       .next_to(img, DOWN, buff=0.09))
        Group(images, labels).move_to([3.5, -0.15, 0])
        return images, labels

    def morph(self, d, images, labels):
        edges = [d.incoming_edges(0, j, extra_width=1.0) for j in self.shown]
        self.play(*[m.animate.set_stroke(opacity=0.12) for m in d.edges[0]], run_time=0.4)
        self.play(LaggedStart(*[Create(e) for e in edges], lag_ratio=0.05), run_time=1.2)
        self.say("Draw each neuron's 784 weights as a 28 × 28 image: blue positive, orange negative")
        # Each neuron's edges gather into it, and its weight image grows out of it.
        seeds = [img.copy().set(height=d.layers[1][0].height).move_to(ring)
                 for img, ring in zip(images, self.rings)]
        self.play(LaggedStart(*[AnimationGroup(FadeOut(e, target_position=ring.get_center(), scale=0.3),
                                               Transform(seed, img))
                                for e, ring, seed, img in zip(edges, self.rings, seeds, images)], lag_ratio=0.12),
                  run_time=3.5)
        self.remove(*seeds)
        self.add(images)
        # A thin frame shows each image's 28 × 28 border (the weights there are near 0, the background colour).
        frames = VGroup(*[SurroundingRectangle(img, buff=0, stroke_width=1, color=theme().dim_text).set_stroke(opacity=0.6)
                          for img in images])
        labels.add(*frames)
        self.play(FadeIn(labels), run_time=0.6)

    def tidy(self, d, images, labels):
        self.play(FadeOut(d), FadeOut(self.rings), run_time=0.6)
        block = Group(images, labels)
        self.play(block.animate.move_to([-1.35, 0.05, 0]), run_time=0.8)
        swatch = dict(width=0.3, height=0.3, stroke_width=0, fill_opacity=1)
        legend = VGroup(
            Text("first-layer weights,", font_size=style.SMALL_SIZE),
            Text("one image per neuron", font_size=style.SMALL_SIZE),
            VGroup(Rectangle(fill_color=theme().positive, **swatch),
                   Text("positive", font_size=style.SMALL_SIZE)).arrange(RIGHT, buff=0.15),
            VGroup(Rectangle(fill_color=theme().negative, **swatch),
                   Text("negative", font_size=style.SMALL_SIZE)).arrange(RIGHT, buff=0.15),
            Text("brighter = larger,", font_size=style.SMALL_SIZE, color=theme().dim_text),
            Text(f"full at |w| ≥ {self.scale:.2f}", font_size=style.SMALL_SIZE, color=theme().dim_text),
            Text(f"(one scale for all {len(self.W0)})", font_size=style.SMALL_SIZE, color=theme().dim_text),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.18).next_to(block, RIGHT, buff=0.7)
        self.play(FadeIn(legend), run_time=0.6)
        self.say("Not the neat little edges we hoped for: blotchy patterns the network found on its own")


class RandomInput(Beat):
    """Random input"""

    def construct(self):
        b = bundle()
        noise = b.arrays["noise_image"][0]
        digit = b.run(noise, source="uniform noise")
        if not np.allclose(digit.output, b.arrays["noise_output"][0], atol=1e-6):
            raise ValueError("the network's output for noise_image[0] differs from noise_output[0]")
        self.headline("Feed it noise")
        grid = self.noise_grid(noise)
        d = self.diagram(grid)
        forward_pass(self, d, digit, grid)
        self.show_outputs(d, digit.output)
        best = int(np.argmax(digit.output))
        self.say(f"It answers anyway: \u201c{best}\u201d, with output {digit.output[best]:.2f}, "
                 f"for an image that is no digit at all")
        self.wait()

    def noise_grid(self, noise):
        grid = digit_grid(noise, height=2.6).to_edge(LEFT, buff=0.4).shift(0.2 * DOWN)
        note = VGroup(Text("uniform random pixels", font_size=style.SMALL_SIZE),
                      Text(f"(seeded noise, seed {bundle().meta['noise_rng']['seed']})", font_size=style.TINY_SIZE,
                           color=theme().dim_text)).arrange(DOWN, buff=0.1).next_to(grid, DOWN, buff=0.25)
        self.play(FadeIn(grid), FadeIn(note))
        self.say("Every pixel drawn at random: nothing like a handwritten digit")
        return grid

    def diagram(self, grid) -> NetworkDiagram:
        layers = len(bundle().sizes)
        d = NetworkDiagram(bundle().network, layer_gap=min(2.2, 6.6 / (layers - 1))).scale_to_fit_height(5.7)
        d.next_to(grid, RIGHT, buff=0.4).set_y(-0.2)
        self.play(FadeIn(d), run_time=0.8)
        return d

    def show_outputs(self, d, output):
        """The ten real outputs as bars, each beside its output neuron's label."""
        bars = OutputBars(output, length=1.5, height=0.16, digits=False).level_with(d.output_labels)
        bars.shift((d.output_labels.get_right()[0] + 0.3 - bars.tracks.get_left()[0]) * RIGHT)
        head = Text("output", font_size=style.TINY_SIZE + 2, color=theme().dim_text).next_to(bars, UP, buff=0.15)
        self.play(FadeIn(head), LaggedStart(*[FadeIn(r, shift=0.1 * RIGHT) for r in bars.rows], lag_ratio=0.08),
                  run_time=1.2)


class MemorizingVsLearning(Beat):
    """Memorising vs learning"""

    MAX_POINTS = 400  # the curves are drawn through at most this many logged points

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
        self.compare_end()
        self.wait()

    def axes(self) -> Axes:
        last = float(self.step[-1])
        tick = 2000 if last > 6000 else max(1, round(last / 6))
        axes = Axes(x_range=[0, last, tick], y_range=[0, 1, 0.25], x_length=10.6, y_length=4.6, tips=False,
                    axis_config={"include_numbers": True, "font_size": 22, "color": theme().dim_text},
                    y_axis_config={"decimal_number_config": {"num_decimal_places": 2}})
        axes.move_to([0.35, 0.2, 0])
        for axis in (axes.x_axis, axes.y_axis):
            axis.numbers.set_color(theme().dim_text)  # DecimalNumber ignores the theme's text defaults
        zero = MathTex("0", font_size=22, color=theme().dim_text).next_to(axes.c2p(0, 0), DL, buff=0.12)
        axes.add(zero)  # manim leaves the origin unlabelled
        x_label = Text(f"training step (batches of {self.meta['recipe']['batch_size']})", font_size=style.SMALL_SIZE,
                       color=theme().dim_text)
        x_label.next_to(axes.x_axis, DOWN, buff=0.42)
        y_label = Text("training accuracy", font_size=style.SMALL_SIZE, color=theme().dim_text)
        y_label.rotate(np.pi / 2).next_to(axes.y_axis, LEFT, buff=0.55)
        self.play(Create(axes), FadeIn(x_label), FadeIn(y_label), run_time=1.0)
        sizes = architecture(self.meta.get("sizes", bundle().sizes))
        self.say(f"The same {sizes} network, trained on the same {self.meta['size']:,} images twice")
        return axes

    def legend(self, axes) -> VGroup:
        solid = Line(ORIGIN, 0.6 * RIGHT, color=theme().positive, stroke_width=5)
        dashed = DashedLine(ORIGIN, 0.6 * RIGHT, color=theme().accent, stroke_width=5,
                            dash_length=0.1)
        rows = VGroup(
            VGroup(solid, Text("true labels", font_size=style.SMALL_SIZE)).arrange(RIGHT, buff=0.2),
            VGroup(dashed, Text("shuffled labels (randomly permuted)", font_size=style.SMALL_SIZE))
            .arrange(RIGHT, buff=0.2),
            Text(f"{self.meta['size']:,} training images, {self.meta['epochs']} passes over them",
                 font_size=style.TINY_SIZE + 2, color=theme().dim_text),
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
        true_curve = self.curve(axes, self.true_acc, 0, theme().positive)
        shuffled_curve = self.curve(axes, self.shuffled_acc, 0, theme().accent, dashed=True)
        true_curve.add_updater(lambda m: m.become(self.curve(axes, self.true_acc, t.get_value(), theme().positive)))
        shuffled_curve.add_updater(lambda m: m.become(
            self.curve(axes, self.shuffled_acc, t.get_value(), theme().accent, dashed=True)))
        self.add(true_curve, shuffled_curve)
        legend = self.legend(axes)
        self.play(FadeIn(legend), run_time=0.5)
        self.play(t.animate(rate_func=linear).set_value(float(self.step[-1])), run_time=6)
        true_curve.clear_updaters()
        shuffled_curve.clear_updaters()

    def compare_early(self, axes):
        # The first logged step at which the true-label run fits 90% of its training images.
        i = int(np.argmax(self.true_acc >= 0.9))
        step, t, s = int(self.step[i]), float(self.true_acc[i]), float(self.shuffled_acc[i])
        line = DashedLine(axes.c2p(step, 0), axes.c2p(step, 1), color=theme().dim_text, stroke_width=2)
        dots = VGroup(Dot(axes.c2p(step, t), color=theme().positive, radius=0.07),
                      Dot(axes.c2p(step, s), color=theme().accent, radius=0.07))
        t_label = Text(f"{t:.1%}", font_size=style.SMALL_SIZE, color=theme().positive)
        t_label.next_to(dots[0], RIGHT + DOWN, buff=0.1).shift(0.25 * DOWN)
        s_label = Text(f"{s:.1%}", font_size=style.SMALL_SIZE, color=theme().accent)
        s_label.next_to(dots[1], RIGHT + UP, buff=0.1).shift(0.25 * UP)
        step_label = Text(f"step {step:,}", font_size=style.TINY_SIZE + 2, color=theme().dim_text)
        step_label.next_to(axes.c2p(step, 1), UP, buff=0.08).shift(0.05 * RIGHT)
        self.play(Create(line), FadeIn(dots), FadeIn(step_label), run_time=0.7)
        self.play(FadeIn(t_label), FadeIn(s_label), run_time=0.5)
        self.say(f"After {step:,} steps: {t:.1%} of true labels fitted, {s:.1%} of shuffled ones")
        self.wait()

    def compare_end(self):
        step, t, s = int(self.step[-1]), float(self.true_acc[-1]), float(self.shuffled_acc[-1])
        best = int(np.argmax(self.shuffled_acc))
        self.say(f"After all {step:,} steps: true labels {t:.1%} fitted, shuffled {s:.1%} "
                 f"(its best: {self.shuffled_acc[best]:.1%})")
        self.wait()
        self.say("Real structure is learned fast; random labels can only be memorised, slowly")
