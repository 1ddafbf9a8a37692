"""The scenes' only door to numbers: the bundle and the chosen digit, loaded once per process."""

from __future__ import annotations

from functools import cache

from netcore import bundle as _bundle
from netcore import choice
from netcore.bundle import Bundle, Digit
from netcore.network import Network
from scenes.kit.network import NetworkDiagram, drawn_input_pixels


@cache
def bundle() -> Bundle:
    return _bundle.load()


@cache
def chosen_digit() -> Digit:
    """``DIGIT=test:N`` or ``IMAGE=path`` from the environment; a real test 3 by default."""
    return choice.from_env(bundle())


def diagram(network: Network | None = None, height: float = 6.4, **kwargs) -> NetworkDiagram:
    """A diagram of ``network`` (default: the trained one) that fits ``height``.

    Any network (random, a training snapshot, a gradient) is drawn with the trained
    network's 16 input pixels, so every diagram of the video shows the same pixels.
    """
    trained = bundle().network
    d = NetworkDiagram(network or trained, drawn_inputs=drawn_input_pixels(trained.W[0]), **kwargs)
    return d.scale_to_fit_height(height) if d.height > height else d
