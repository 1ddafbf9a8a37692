"""Render settings, declared once: the fields of ``Settings``.

Each field says everything about its setting: its default, what it means, how a value is
checked (with the allowed values), and the names it goes by: the ``video.toml`` key (the field's
name), the command-line option (``--voice-speed``) and the environment / make variable
(``VOICE_SPEED``). From those the entry point builds its options, reads the environment,
validates and documents (``python -m pipeline settings`` prints the documented ``video.toml``),
so adding a setting is one field here plus the code that uses it.

Precedence: the defaults < ``video.toml`` < the environment (make variables) < options. A bad
value is refused the same way wherever it comes from, with the allowed values.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import MISSING, Field, dataclass, field, fields, replace
from pathlib import Path

from pipeline.jobs import QUALITY_FLAGS, RENDERS, ROOT
from scenes import catalogue, engines
from scenes.speech import VoiceError
from scenes.scene_settings import DEFAULT_VOICE_SPEED, SceneSettings
from scenes.themes import THEMES

CONFIG = ROOT / "video.toml"
VOICE_DIR = ROOT / "narration"
VOICES = engines.VOICES  # hibari | piper | none


class SettingsError(ValueError):
    pass


# ---------------------------------------------------------------------------- checks
# Each takes (key, value) and returns the value as the run uses it, or raises SettingsError
# saying what is expected. ``check.choices()`` (where there is one) lists the allowed values.


def _choice(allowed: Callable[[], Iterable[str]]):
    def check(key, value):
        names = tuple(allowed())
        if not isinstance(value, str) or value not in names:
            raise SettingsError(f"{key} = {value!r}: choose one of {', '.join(names)}")
        return value
    check.choices = allowed
    return check


def _names(allowed: Callable[[], Iterable[str]] | None = None):
    """A list of names (or one string of names separated by spaces); ``allowed()`` gives the choices."""
    def check(key, value):
        items = value.split() if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)) or not all(isinstance(v, str) for v in items):
            raise SettingsError(f"{key} = {value!r}: expected a list of names")
        choices = tuple(allowed()) if allowed else None
        bad = [v for v in items if choices is not None and v not in choices]
        if bad:
            raise SettingsError(f"{key}: unknown {', '.join(bad)}; choose from {', '.join(choices)}")
        return tuple(items)
    return check


def _text(key, value):
    if not isinstance(value, str):
        raise SettingsError(f"{key} = {value!r}: expected a string")
    return value.strip()


def _digit(key, value):
    value = _text(key, value)
    if value and not (value.startswith("test:") and value[5:].isdigit()):
        raise SettingsError(f"{key} = {value!r}: expected test:N, an index into the MNIST test set (e.g. test:1234)")
    return value


def _image(key, value):
    value = _text(key, value)
    if value and not Path(value).expanduser().is_file():
        raise SettingsError(f"{key} = {value!r}: no such file")
    return str(Path(value).expanduser()) if value else ""


def _folder(default: Path):
    """A folder, relative to the repo root, that may not exist yet (it is made when written)."""
    def check(key, value):
        path = Path(_text(key, value) or default).expanduser()
        path = path if path.is_absolute() else ROOT / path
        if path.exists() and not path.is_dir():
            raise SettingsError(f"{key} = {value!r}: exists and is not a folder")
        return path
    return check


def _voice_model(key, value):
    """A voice name (hibari), or a file (Piper), relative to the repo root; checked with the voice
    (``checked_voice``) once both are known."""
    value = _text(key, value)
    if not value or "/" not in value and not value.endswith(".onnx"):
        return value
    path = Path(value).expanduser()
    return str(path if path.is_absolute() else ROOT / path)


def checked_voice(settings: "Settings") -> "Settings":
    """The settings with the voice model as its engine loads it, or ``SettingsError`` before any job
    starts: a Piper model or config that is not one, a hibari voice that is not installed."""
    try:
        return replace(settings, voice_model=engines.check(settings.voice, settings.voice_model))
    except VoiceError as err:
        raise SettingsError(str(err)) from None


def _lines(key, value):
    value = _text(key, value)
    if value and not Path(value).expanduser().is_file():
        raise SettingsError(f"{key} = {value!r}: no such file")
    return str(Path(value).expanduser().resolve()) if value else ""


def _scheduler(key, value):
    value = _text(key, value)
    if value and not re.fullmatch(r"[a-z]+://\S+", value):
        raise SettingsError(f"{key} = {value!r}: expected a Dask scheduler's address, e.g. tcp://host:8786")
    return value


def _number(kind, low: float, high: float, expected: str):
    """A number of ``kind`` (int or float) from ``low`` to ``high``; ``expected`` says what in an error."""
    def check(key, value):
        try:
            number = kind(value)
        except (TypeError, ValueError):
            number = None
        if isinstance(value, bool) or number is None or not low <= number <= high:
            raise SettingsError(f"{key} = {value!r}: expected {expected}")
        return number
    return check


def setting(default=MISSING, *, about: str, check: Callable, factory: Callable | None = None, option: str = "",
            variable: str = "", example=None, metavar: str | None = None, nargs: str | None = None):
    """A field of ``Settings``: its default (or ``factory``), what it means (``about``), its check, and
    its names when they are not the field's own: ``option`` (default ``--field-name``) and the
    environment / make ``variable`` (default ``FIELD_NAME``). ``example`` is shown in ``video.toml``
    instead of a default that depends on the checkout (the chapters); ``nargs`` for a list."""
    metadata = {"about": about, "check": check, "option": option, "variable": variable, "example": example,
                "metavar": metavar, "nargs": nargs}
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


def _every_chapter() -> tuple[str, ...]:
    return tuple(catalogue.CHAPTERS)  # read when a Settings is made: a chapter added is a chapter rendered


@dataclass(frozen=True)
class Settings:
    """One run's settings. A new setting is one more field here, declared with ``setting``; the
    options, variables, checks and ``video.toml``'s documentation follow from it."""

    theme: str = setting("dark", about="the palette", check=_choice(lambda: THEMES))
    quality: str = setting("low", about="the videos' quality", check=_choice(lambda: QUALITY_FLAGS))
    figure_quality: str = setting("4k", about="the figures' quality", check=_choice(lambda: QUALITY_FLAGS))
    chapters: tuple[str, ...] = setting(
        factory=_every_chapter, example=["chapter1"], nargs="*", metavar="CHAPTER",
        about="only these chapters, by name; default every chapter of scenes/catalogue.py",
        check=_names(lambda: catalogue.CHAPTERS))
    # checked against the chosen chapters when the jobs are planned
    scenes: tuple[str, ...] = setting((), example=["ForwardPass", "Layers"], nargs="+", metavar="SCENE",
                                      about="only these scenes, by class name; default all", check=_names())
    digit: str = setting("", check=_digit, about='the featured digit: "test:1234" is an MNIST test image; '
                                                 '"" = the bundle\'s (a real test 3)')
    image: str = setting("", check=_image, about='or your own picture of a digit, e.g. "my_7.png"')
    output: Path = setting(RENDERS, check=_folder(RENDERS), option="--renders", variable="RENDERS", metavar="DIR",
                           about="the output folder, relative to the repo root")
    jobs: int = setting(0, about="scenes rendered at once; 0 = one per core (or make -j N)",
                        check=_number(int, 0, 10_000, "a whole number, 0 for one per core"))
    voice: str = setting("hibari", check=_choice(lambda: VOICES),
                         about="narration: hibari is the packaged hibari voice, piper the en_US joe voice; "
                               "none is silent, every line on screen")
    voice_speed: float = setting(DEFAULT_VOICE_SPEED, about="0.5-2; 1 = the narrator's pace",
                                 check=_number(float, 0.5, 2.0, "a number from 0.5 to 2 (1 = the narrator's pace)"))
    voice_model: str = setting("", check=_voice_model,
                               about='piper: another voice, e.g. "voices/en_GB-alan-medium.onnx" (its .onnx.json '
                                     'beside it); hibari: an installed voice\'s name; "" = the packaged one')
    voice_dir: Path = setting(VOICE_DIR, check=_folder(VOICE_DIR),
                              about="your recorded lines, <line id>.wav/.flac/.mp3/.m4a/.ogg (ids: make script)")
    lines_file: str = setting("", check=_lines, about='your own words: a file of "line id: new text" lines; '
                                                      '"" = <voice_dir>/lines.txt if there is one')

    scheduler: str = setting("", check=_scheduler, metavar="ADDRESS",
                             about='a Dask scheduler, e.g. "tcp://host:8786": stale jobs render on its workers '
                                   '(make farm starts one here); "" = on this machine')

    def scene_settings(self) -> SceneSettings:
        """What every manim process of this run is given (the jobs set ``still``, and each scene's
        own recordings and lines)."""
        return SceneSettings(theme=self.theme, digit=self.digit, image=self.image, voice=self.voice,
                             voice_model=self.voice_model, voice_speed=self.voice_speed,
                             voice_cache=str(self.output / ".voice"))

    @property
    def own_lines(self) -> Path | None:
        """The lines file in use, if any."""
        if self.lines_file:
            return Path(self.lines_file)
        default = self.voice_dir / "lines.txt"
        return default if default.is_file() else None

    @property
    def workers(self) -> int:
        """Processes at once (``jobs``, 0: one per core)."""
        return self.jobs or os.cpu_count() or 2


# ---------------------------------------------------------------------------- a field's names


def option(f: Field) -> str:
    return f.metadata["option"] or "--" + f.name.replace("_", "-")


def variable(f: Field) -> str:
    return f.metadata["variable"] or f.name.upper()


VARIABLES = tuple(variable(f) for f in fields(Settings))  # what the entry point reads from the environment


def _default(f: Field):
    return f.default_factory() if f.default is MISSING else f.default


def _toml(value) -> str:
    if isinstance(value, Path):
        value = os.path.relpath(value, ROOT)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(json.dumps(v) for v in value) + "]"
    return json.dumps(value) if isinstance(value, str) else repr(value)


def _choices(f: Field) -> tuple[str, ...]:
    choices = getattr(f.metadata["check"], "choices", None)
    return tuple(choices()) if choices else ()


# ---------------------------------------------------------------------------- where values come from


def validated(values: dict, where: str) -> dict:
    checks = {f.name: f.metadata["check"] for f in fields(Settings)}
    unknown = sorted(set(values) - set(checks))
    if unknown:
        raise SettingsError(f"{where}: unknown setting {', '.join(unknown)}; settings: {', '.join(checks)}")
    out = {}
    for key, value in values.items():
        try:
            out[key] = checks[key](key, value)
        except SettingsError as err:
            raise SettingsError(f"{where}: {err}") from None
    if out.get("digit") and out.get("image"):
        raise SettingsError(f"{where}: choose either digit or image, not both")
    return out


def load(path: Path | None = CONFIG) -> Settings:
    """The file's settings over the defaults (no file: the defaults)."""
    if path is None or not Path(path).exists():
        return Settings()
    try:
        values = tomllib.loads(Path(path).read_text())
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(f"{Path(path).name}: not valid TOML ({err})") from None
    return replace(Settings(), **validated(values, Path(path).name))


def from_environment(environ: dict[str, str]) -> dict[str, str]:
    """The settings the environment gives (make variables reach the entry point this way): by the
    variable each field declares, empty ones ignored."""
    return {f.name: environ[variable(f)] for f in fields(Settings) if environ.get(variable(f))}


def resolve(path: Path | None, overrides: dict | None, environ: dict[str, str]) -> Settings:
    """Config file, then the environment, then explicit overrides (None or empty = not given).

    Setting one of digit/image on the command line clears the other from the file."""
    base = load(path)
    given = from_environment(environ)
    given.update({k: v for k, v in (overrides or {}).items() if v not in (None, "", [], ())})
    given = validated(given, "command line")
    if "digit" in given:
        base = replace(base, image="")
    if "image" in given:
        base = replace(base, digit="")
    return checked_voice(replace(base, **given))


# ---------------------------------------------------------------------------- documented


def add_options(parser: argparse.ArgumentParser) -> None:
    """One option per setting (``dest`` the field's name, None when not given)."""
    for f in fields(Settings):
        default = f.metadata["example"] is None and _toml(_default(f))
        about = "; ".join(x for x in (f.metadata["about"], ", ".join(_choices(f)) or None,
                                      default and f"default {default}") if x)
        parser.add_argument(option(f), dest=f.name, default=None, nargs=f.metadata["nargs"],
                            metavar=f.metadata["metavar"], help=f"{about} (video.toml: {f.name}; make: {variable(f)}=)")


def overrides(namespace: argparse.Namespace) -> dict:
    """The settings given as options (as ``add_options`` declared them)."""
    return {f.name: getattr(namespace, f.name) for f in fields(Settings)}


def template() -> str:
    """``video.toml`` as committed: every key, commented out, with its default (or an example),
    its meaning, allowed values and make variable. ``python -m pipeline settings`` prints it."""
    out = ["# What `make video` and `make figures` render, and how. Every key is optional: a commented",
           "# line shows the default (or an example); uncomment and change it. Make variables override",
           "# the file for one run, e.g.",
           "#   make video QUALITY=high THEME=light DIGIT=test:1234 CHAPTERS=chapter1 SCENES=ForwardPass",
           "# Unknown keys and bad values are refused with the allowed values listed.",
           "# This file is written by `python -m pipeline settings` from pipeline/settings.py.", ""]
    for f in fields(Settings):
        choices = _choices(f)
        out.append(f"# {f.name}: {f.metadata['about']}" + (f" ({' | '.join(choices)})" if choices else "")
                   + f"; make: {variable(f)}=")
        shown = f.metadata["example"] if f.metadata["example"] is not None else _default(f)
        out += [f"# {f.name} = {_toml(shown)}", ""]
    return "\n".join(out[:-1]) + "\n"
