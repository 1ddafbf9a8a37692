"""The settings of the render in progress, set once at the entry point and read by the kit.

A manim process is one render, so one current value is enough; ``scenes.run`` sets it from
its command line before manim imports a scene, a test sets it with ``using``. Whatever
caches what it derived from the settings (the theme's manim defaults, the chosen digit)
registers with ``on_change`` and is refreshed when they change.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable

from scenes.scene_settings import SceneSettings

_current = SceneSettings()
_listeners: list[Callable[[], None]] = []


def current() -> SceneSettings:
    return _current


def configure(settings: SceneSettings) -> None:
    global _current
    _current = settings
    for listener in _listeners:
        listener()


def on_change(listener: Callable[[], None]) -> None:
    _listeners.append(listener)


@contextmanager
def using(settings: SceneSettings):
    """These settings for the duration of a ``with`` block (tests)."""
    before = _current
    configure(settings)
    try:
        yield settings
    finally:
        configure(before)
