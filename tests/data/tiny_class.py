"""A three-beat chapter for the render farm and class batch tests: renders in seconds at low quality.

``Yours`` reads the featured digit (it shows the network's answer for it); the others do not.
``Slow`` lasts long enough to lose its worker in the middle.
"""

from manim import Circle, Create, Rotate, Square, Text

from scenes.kit.beat import Beat
from scenes.kit.data import chosen_digit


class First(Beat):
    def construct(self):
        self.play(Create(Circle()), run_time=0.5)


class Slow(Beat):
    def construct(self):
        square = Square()
        self.add(square)
        self.play(Rotate(square, 3.0), run_time=4.0)


class Yours(Beat):
    def construct(self):
        self.play(Create(Text(f"The network says {chosen_digit().prediction}")), run_time=0.5)
