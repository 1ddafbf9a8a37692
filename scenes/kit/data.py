"""The scenes' only door to numbers: the bundle and the chosen digit, loaded once per render."""

from __future__ import annotations

from functools import cache

from netcore import bundle as _bundle
from netcore import choice
from netcore.bundle import Bundle, Digit
from netcore.network import Network
from scenes.kit import session
from scenes.kit.network import NetworkDiagram, drawn_neurons


@cache
def bundle() -> Bundle:
    return _bundle.load(session.current().bundle_dir or None)


@cache
def chosen_digit() -> Digit:
    """The session's ``DIGIT=test:N`` or ``IMAGE=path``; the bundle's featured digit by default."""
    settings = session.current()
    return choice.resolve(bundle(), settings.digit or None, settings.image or None)


def _forget() -> None:
    bundle.cache_clear()
    chosen_digit.cache_clear()


session.on_change(_forget)


def diagram(network: Network | None = None, height: float = 6.4, **kwargs) -> NetworkDiagram:
    """A diagram of ``network`` (default: the trained one) that fits ``height``.

    Any network (random, a training snapshot, a gradient) is drawn with the trained
    network's choice of neurons (its 16 input pixels and, for hidden layers of more than
    16, its 16 drawn hidden neurons), so every diagram of the video shows the same ones.
    """
    trained = bundle().network
    d = NetworkDiagram(network or trained, drawn=drawn_neurons(trained), **kwargs)
    return d.scale_to_fit_height(height) if d.height > height else d
