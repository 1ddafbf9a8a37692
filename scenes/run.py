"""The entry point of one manim process: ``python -m scenes.run --settings JSON <manim render args>``.

The pipeline starts every render through here: the settings of the render (theme, digit,
still or video, voice, bundle) arrive once, on the command line, and are handed to the kit
before manim imports the scene file, so no scene reads the environment. Without ``--settings``
the defaults apply (the dark theme, the bundle's featured digit, the hibari voice).

Input the kit refuses (a lecturer's lines or recordings, a voice that cannot speak here) is
raised as ``NarrationError`` or ``VoiceError``; here it becomes one line on stderr and exit
status 2, where manim would print a traceback.
"""

from __future__ import annotations

import sys

from scenes.kit import session
from scenes.scene_settings import SceneSettings

EXIT_BAD_INPUT = 2


def refused_in_one_line() -> None:
    """Make manim's render command print our input errors as one line (exit 2) instead of a traceback:
    it catches every exception a scene raises and prints it with ``error_console.print_exception``."""
    from manim.cli.render import commands

    from scenes.kit.narration import NarrationError
    from scenes.speech import VoiceError

    print_traceback = commands.error_console.print_exception

    def print_exception(*args, **kwargs):
        err = sys.exc_info()[1]
        if isinstance(err, (NarrationError, VoiceError)):
            print(f"error: {err}", file=sys.stderr, flush=True)
            sys.exit(EXIT_BAD_INPUT)
        print_traceback(*args, **kwargs)

    commands.error_console.print_exception = print_exception


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    settings = SceneSettings()
    if args[:1] == ["--settings"]:
        settings = SceneSettings.from_json(args[1])
        args = args[2:]
    session.configure(settings)
    refused_in_one_line()
    from manim.__main__ import main as manim_main

    sys.argv = ["manim", *args]
    manim_main()


if __name__ == "__main__":
    main()
