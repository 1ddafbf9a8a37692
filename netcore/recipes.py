"""Named training recipes: everything that decides how the network is trained, in one record."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace


@dataclass(frozen=True)
class Recipe:
    name: str
    epochs: int
    batch_size: int
    learning_rate: float
    # "half_quadratic": the book's C = 1/2 sum (a - y)^2 (the 1/2 only rescales the step);
    # "cross_entropy": sum of binary cross-entropies of the 10 sigmoid outputs, whose
    # output error is simply a - y, so saturated wrong outputs still learn quickly.
    objective: str
    init: str  # "normal" N(0,1) everything, or "scaled" N(0, 1/n) weights and zero biases
    momentum: float = 0.0
    weight_decay: float = 0.0  # L2 penalty per unit of learning rate, on weights only
    final_lr_fraction: float = 1.0  # learning rate decays linearly to this fraction
    shift_pixels: int = 0  # random translations of up to this many pixels (augmentation)

    def to_dict(self) -> dict:
        return asdict(self)

    def with_(self, **changes) -> "Recipe":
        return replace(self, **changes)


CLASSIC = Recipe(
    name="classic",
    epochs=30,
    batch_size=10,
    learning_rate=3.0,
    objective="half_quadratic",
    init="normal",
)

DEFAULT = Recipe(
    name="default",
    epochs=30,
    batch_size=32,
    learning_rate=0.1,
    objective="cross_entropy",
    init="scaled",
    momentum=0.9,
    weight_decay=1e-4,
    final_lr_fraction=0.02,
    shift_pixels=1,
)

RECIPES = {r.name: r for r in (DEFAULT, CLASSIC)}


def get(name: str) -> Recipe:
    try:
        return RECIPES[name]
    except KeyError:
        raise ValueError(f"unknown recipe {name!r}; choose one of {', '.join(RECIPES)}") from None
