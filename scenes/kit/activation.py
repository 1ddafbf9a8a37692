"""The squishing functions as the videos write, say and draw them: one table, keyed by the
bundle's ``meta["activation"]`` (netcore.activations computes them; this is how they look).

A new activation function is one entry of ``SQUISHES`` (and of ``netcore.activations``).
"""

from __future__ import annotations

from dataclasses import dataclass

from manim import Axes, VMobject

from netcore.activations import ACTIVATIONS


@dataclass(frozen=True)
class Squishing:
    key: str  # netcore's name, the bundle's meta["activation"]
    said: str  # in a sentence: "the sigmoid"
    said_symbol: str  # its symbol read out in a formula: "a one equals sigma of ..."
    symbol: str  # in a caption: "σ"
    tex: str  # in an equation: \sigma
    formula_template: str  # its definition, {v} the variable
    range_said: str  # what an activation can be: "between zero and one"
    range_text: str  # the same on screen: "(0, 1)"
    bounded_axis: tuple[float, float, float] | None  # its value axis when its range is bounded (else the plot's)
    corner: bool = False  # a kink at 0: drawn exactly as corners, not as a smoothed plot

    def formula_tex(self, var: str = "x") -> str:
        """σ(x) = 1 / (1 + e^(-x)) or ReLU(x) = max(0, x): its definition."""
        return self.formula_template.replace("{v}", var)

    def y_range(self, unbounded: list) -> list:
        """The value axis of a plot of it: its own range when bounded, else ``unbounded`` (the plot's choice)."""
        return list(self.bounded_axis) if self.bounded_axis else list(unbounded)

    def __call__(self, x):
        return ACTIVATIONS[self.key][0](x)


SQUISHES = {
    "sigmoid": Squishing("sigmoid", "the sigmoid", "sigma", "σ", r"\sigma",
                         r"\sigma({v}) = \frac{1}{1 + e^{-{v}}}", "between zero and one", "(0, 1)", (0, 1, 0.5)),
    "relu": Squishing("relu", "the ReLU", "ReLU", "ReLU", r"\mathrm{ReLU}",
                      r"\mathrm{ReLU}({v}) = \max(0, {v})", "zero or more", "[0, ∞)", None, corner=True),
}


def squishing(key: str) -> Squishing:
    try:
        return SQUISHES[key]
    except KeyError:
        raise ValueError(f"no squishing function {key!r}; the kit draws {', '.join(SQUISHES)}") from None


def squish_curve(axes: Axes, activation: str, shift: float = 0.0, x_range=None, **kwargs) -> VMobject:
    """The graph of a squishing function (netcore's own), f(x - shift), on ``axes``, where it is inside them."""
    f = squishing(activation)
    lo, hi = x_range or axes.x_range[:2]
    if f.corner:  # a corner, drawn exactly rather than smoothed
        hi = min(hi, shift + axes.y_range[1])
        xs = [lo, *([shift] if lo < shift < hi else []), hi]
        return VMobject(**kwargs).set_points_as_corners([axes.c2p(x, f(x - shift)) for x in xs])
    return axes.plot(lambda x: f(x - shift), x_range=[lo, hi], **kwargs)
