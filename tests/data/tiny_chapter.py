"""A two-beat chapter for the render pipeline's tests: renders in a few seconds."""

from manim import Circle, Create, Square

from scenes.kit.beat import Beat


class First(Beat):
    """A circle"""

    def construct(self):
        self.play(Create(Circle()), run_time=0.5)


class Second(Beat):
    """A square"""

    SIDE = 1.0

    def construct(self):
        self.play(Create(Square(side_length=self.SIDE)), run_time=0.5)

