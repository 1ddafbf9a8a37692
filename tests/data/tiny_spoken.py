"""A two-beat narrated chapter for the narration tests: a few short lines, renders in seconds."""

from manim import Circle, Create, Square

from scenes.kit.beat import Beat
from scenes.kit.spoken import num


class First(Beat):
    def construct(self):
        self.say("A circle appears. It stands for one neuron.", Create(Circle()), show="A circle")
        self.say(f"This one holds {num(0.97, 'output:3')}.")


class Second(Beat):
    SIDE = 1.0

    def construct(self):
        self.say("Then a square.", Create(Square(side_length=self.SIDE)))
        self.say("And that is all.")
