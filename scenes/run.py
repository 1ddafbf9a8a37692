"""The entry point of one manim process: ``python -m scenes.run --settings JSON <manim render args>``.

The pipeline starts every render through here: the settings of the render (theme, digit,
still or video, bundle) arrive once, on the command line, and are handed to the kit before
manim imports the scene file, so no scene reads the environment. Without ``--settings`` the
defaults apply (the dark theme, the bundle's featured digit).
"""

from __future__ import annotations

import sys

from scenes.kit import session
from scenes.scene_settings import SceneSettings


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    settings = SceneSettings()
    if args[:1] == ["--settings"]:
        settings = SceneSettings.from_json(args[1])
        args = args[2:]
    session.configure(settings)
    from manim.__main__ import main as manim_main

    sys.argv = ["manim", *args]
    manim_main()


if __name__ == "__main__":
    main()
