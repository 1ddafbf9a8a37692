"""The scenes' only door to numbers: the bundle and the chosen digit, loaded once per process."""

from __future__ import annotations

from functools import cache

from netcore import bundle as _bundle
from netcore import choice
from netcore.bundle import Bundle, Digit


@cache
def bundle() -> Bundle:
    return _bundle.load()


@cache
def chosen_digit() -> Digit:
    """``DIGIT=test:N`` or ``IMAGE=path`` from the environment; a real test 3 by default."""
    return choice.from_env(bundle())
