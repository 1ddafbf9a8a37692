"""Your own digit: the picture you gave beside the 28x28 digit the network actually received.

``IMAGE=my_7.png`` shows your picture as given (shrunk for display), the MNIST-style 28x28
that netcore made of it, and the trained network's real answer with its ten outputs.
Without ``IMAGE`` it shows the chosen MNIST test digit (``DIGIT=test:N`` or the default),
which MNIST has already preprocessed, and says it comes from the test set.
Render it:  python -m manim -ql -s scenes/yourdigit.py WhatTheNetworkSaw
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    FadeIn,
    GrowArrow,
    Group,
    LaggedStart,
    SurroundingRectangle,
    Text,
    VGroup,
)
from manim.constants import RESAMPLING_ALGORITHMS

from netcore import digits
from scenes.kit import session, style
from scenes.kit.bars import OutputBars
from scenes.kit.beat import Beat
from scenes.kit.data import chosen_digit
from scenes.kit.pixels import digit_grid, image_mobject
from scenes.kit.style import theme
from scenes.kit.words import verdict

PANEL = 3.4  # height of the picture and of the 28x28 grid (scene units; the frame is 8 high)
PREVIEW_SIDE = 1024  # pixels: enough for a 4k still, small enough to load fast
BAR_LENGTH = 1.9  # an output of 1.0
TITLE_SIZE = 24  # the three panel titles; "What the network received" fits over its grid


def chosen_picture() -> Path | None:
    """The user's own picture (``IMAGE``), or None when the digit comes from MNIST."""
    image = session.current().image
    return Path(image) if image else None


class WhatTheNetworkSaw(Beat):
    def construct(self):
        digit = self.digit = chosen_digit()
        picture = chosen_picture()
        self.headline("What the network saw")
        given = self.given_panel(digit, picture)
        received = self.received_panel(digit, picture)
        answer = self.answer_panel(digit)
        # Tops aligned: the three titles on one line.
        panels = Group(given, received, answer).arrange(RIGHT, buff=1.0, aligned_edge=UP).move_to(0.2 * DOWN)
        if panels.width > style.TEXT_WIDTH:
            panels.scale_to_fit_width(style.TEXT_WIDTH)
        arrows = VGroup(arrow_between(given.image_frame, received.image_frame.get_left()),
                        arrow_between(received.image_frame, answer.get_left() * RIGHT + received.image_frame.get_center() * UP))
        self.play(FadeIn(given), run_time=0.8)
        self.play(GrowArrow(arrows[0]), FadeIn(received, shift=0.2 * RIGHT), run_time=0.8)
        self.play(GrowArrow(arrows[1]), LaggedStart(*[FadeIn(m) for m in answer], lag_ratio=0.1), run_time=1.2)
        self.given, self.received, self.answer, self.arrows = given, received, answer, arrows
        if picture is not None:
            self.say("The network never sees your picture: only these 784 grey levels")
        else:
            self.say("A test digit: the network was never trained on it")
        self.wait()

    def given_panel(self, digit, picture: Path | None) -> Group:
        """The picture as the user gave it, or the MNIST digit as MNIST stores it."""
        if picture is not None:
            rgb = digits.preview(picture, PREVIEW_SIDE)
            image = image_mobject(rgb, PANEL)
            image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["bicubic"])  # a photo, not a pixel grid
            if image.width > PANEL * 1.15:  # a wide picture: fit the panel's width instead
                image.scale_to_fit_width(PANEL * 1.15)
            with digits.open_image(picture) as original:
                size = f"{original.width} × {original.height} pixels, as given"
            title, lines = "Your picture", [short_name(picture.name), size]
        else:
            image = image_mobject(style.grey_rgb(digit.image), PANEL)
            title = "From the MNIST test set"
            lines = [digit.source or "an MNIST test digit",
                     f"labelled {digit.label}" if digit.label is not None else "label unknown"]
        return captioned(image, title, lines)

    def received_panel(self, digit, picture: Path | None) -> Group:
        """The 28x28 grey levels that went into the input layer."""
        grid = digit_grid(digit.image, height=PANEL)
        if picture is not None:
            lines = ["28 × 28 = 784 grey levels,", "made the way MNIST was made"]
        else:
            lines = ["28 × 28 = 784 grey levels:", "MNIST digits come this way"]
        return captioned(grid, "What the network received", lines)

    def answer_panel(self, digit) -> VGroup:
        """The answer (the brightest output neuron) and all ten real outputs as bars."""
        outputs = np.asarray(digit.output, dtype=float)
        answer = int(np.argmax(outputs))
        head = Text("Its answer", font_size=TITLE_SIZE)
        big = Text(str(answer), font_size=style.HUGE_SIZE, color=theme().accent)
        value = Text(f"output {outputs[answer]:.2f}", font_size=style.SMALL_SIZE)
        judged = judgement(digit, answer)
        top = VGroup(big, VGroup(value, judged).arrange(DOWN, aligned_edge=LEFT, buff=0.12))
        top.arrange(RIGHT, buff=0.35)
        bars = self.bars = OutputBars(outputs, length=BAR_LENGTH)
        # two short lines, not one long one: the panel stays narrow enough that the three panels
        # need no shrinking, which would take the bars' values under the legible size
        note = VGroup(*[Text(t, font_size=style.TINY_SIZE, color=theme().dim_text)
                        for t in ("the 10 output neurons", "(sigmoid, 0 to 1)")]).arrange(DOWN, buff=0.08)
        return VGroup(head, top, bars, note).arrange(DOWN, buff=0.25)


def judgement(digit, answer: int) -> Text:
    """Right, wrong (and what it really is), or no label to judge by."""
    judged = verdict(answer, digit.label)
    if judged is None:
        return Text("no label: your own digit", font_size=style.SMALL_SIZE, color=theme().dim_text)
    if judged == "right":
        return Text("right", font_size=style.SMALL_SIZE, color=theme().correct)
    return Text(f"wrong: it is a {digit.label}", font_size=style.SMALL_SIZE, color=theme().wrong)


def arrow_between(frame, target) -> Arrow:
    """A dim arrow from the right side of a picture's frame to ``target``, level with the frame's centre."""
    start = frame.get_right()
    end = np.array([target[0], start[1], 0.0])
    return Arrow(start, end, buff=0.15, color=theme().dim_text, stroke_width=3, max_tip_length_to_length_ratio=0.3)


def captioned(picture, title: str, lines: list[str]) -> Group:
    """A picture with a thin frame, its title above and small dim lines below."""
    frame = SurroundingRectangle(picture, buff=0.0, color=theme().dim_text, stroke_width=1.5)
    head = Text(title, font_size=TITLE_SIZE).next_to(frame, UP, buff=0.25)
    notes = VGroup(*[Text(line, font_size=style.SMALL_SIZE, color=theme().dim_text) for line in lines])
    notes.arrange(DOWN, buff=0.1).next_to(frame, DOWN, buff=0.22)
    for m in (head, notes):
        if m.width > 4.0:
            m.scale_to_fit_width(4.0)
    group = Group(picture, frame, head, notes)
    group.image_frame = frame
    return group


def short_name(name: str) -> str:
    """A file name that fits under the picture (32 characters): long names keep their start and end."""
    return name if len(name) <= 32 else f"{name[:15]}…{name[-15:]}"
