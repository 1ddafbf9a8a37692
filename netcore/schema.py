"""What a bundle holds, part by part.

Whatever adds content to a bundle (the trained network, each experiment) declares, beside the
code that computes it, one ``Part``: the arrays it adds, the metadata keys something downstream
reads, which arrays describe the same items, and the consistency checks between its values.
``netcore.bundle`` validates every bundle against all the parts it lists (``bundle.PARTS``): a
new experiment declares its own part and joins that list, touching no other part.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

# name -> (shape with None for 'any length', dtype kind: "f" float, "i" int, "u" unsigned)
ArraySpec = dict[str, tuple[tuple, str]]
# (file, what is wrong): file "json" or "npz", the one to name in the error; None when consistent.
Check = Callable[[dict, dict], "tuple[str, str] | None"]


def no_arrays(sizes: Sequence[int]) -> ArraySpec:
    return {}


def parameter_count(sizes: Sequence[int]) -> int:
    return sum(k * n + k for n, k in zip(sizes[:-1], sizes[1:]))


@dataclass(frozen=True)
class Part:
    name: str
    arrays: Callable[[Sequence[int]], ArraySpec] = no_arrays  # for a network of these layer sizes
    meta: tuple[str, ...] = ()  # metadata keys read downstream, dotted for nested ones
    imported_meta: tuple[str, ...] = ()  # ...also required when the network was imported
    # Groups of array-name prefixes (over the whole bundle) whose arrays must have the same length.
    same_length: tuple[tuple[str, ...], ...] = ()
    checks: tuple[Check, ...] = ()
