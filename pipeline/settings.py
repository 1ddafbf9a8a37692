"""Render settings: ``video.toml`` at the repo root, overridden by make variables / options.

Every key has one validator, used for the file and for the command line alike, so a
bad value is rejected the same way wherever it comes from, with the allowed values.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from pipeline.jobs import QUALITY_FLAGS, RENDERS, ROOT
from scenes import catalogue, engines
from scenes.speech import VoiceError
from scenes.scene_settings import DEFAULT_VOICE_SPEED, SceneSettings
from scenes.themes import THEMES

CONFIG = ROOT / "video.toml"
VOICE_DIR = ROOT / "narration"


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class Settings:
    theme: str = "dark"
    quality: str = "low"
    figure_quality: str = "4k"
    chapters: tuple[str, ...] = tuple(catalogue.CHAPTERS)
    scenes: tuple[str, ...] = ()
    digit: str = ""
    image: str = ""
    output: Path = RENDERS
    jobs: int = 0  # 0: one per core
    voice: str = "hibari"  # hibari (the packaged hibari voice) | piper (the joe voice) | none (silent, every line on screen)
    voice_speed: float = DEFAULT_VOICE_SPEED
    voice_model: str = ""  # piper: another voice (.onnx, its .onnx.json beside it); hibari: an installed voice's name; "" = the packaged one
    voice_dir: Path = VOICE_DIR  # recorded lines (<line id>.wav ...) and the script's texts to read
    lines_file: str = ""  # a file of "line id: new text" lines; "" = <voice_dir>/lines.txt if there is one

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


def _choice(allowed):
    def check(key, value):
        if not isinstance(value, str) or value not in allowed:
            raise SettingsError(f"{key} = {value!r}: choose one of {', '.join(allowed)}")
        return value
    return check


def _names(allowed=None):
    """A list of names (or one string of names separated by spaces); ``allowed()`` gives the choices."""
    def check(key, value):
        items = value.split() if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)) or not all(isinstance(v, str) for v in items):
            raise SettingsError(f"{key} = {value!r}: expected a list of names")
        choices = allowed() if allowed else None
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


_jobs = _number(int, 0, 10_000, "a whole number, 0 for one per core")
_speed = _number(float, 0.5, 2.0, "a number from 0.5 to 2 (1 = the narrator's pace)")


VOICES = engines.VOICES  # hibari | piper | none

VALIDATORS = {
    "theme": _choice(tuple(THEMES)),
    "quality": _choice(tuple(QUALITY_FLAGS)),
    "figure_quality": _choice(tuple(QUALITY_FLAGS)),
    "chapters": _names(lambda: tuple(catalogue.CHAPTERS)),
    "scenes": _names(),  # checked against the chosen chapters when the jobs are planned
    "digit": _digit,
    "image": _image,
    "output": _folder(RENDERS),
    "jobs": _jobs,
    "voice": _choice(VOICES),
    "voice_speed": _speed,
    "voice_model": _voice_model,
    "voice_dir": _folder(VOICE_DIR),
    "lines_file": _lines,
}
assert set(VALIDATORS) == {f.name for f in fields(Settings)}


def validated(values: dict, where: str) -> dict:
    unknown = sorted(set(values) - set(VALIDATORS))
    if unknown:
        raise SettingsError(f"{where}: unknown setting {', '.join(unknown)}; settings: {', '.join(VALIDATORS)}")
    out = {}
    for key, value in values.items():
        try:
            out[key] = VALIDATORS[key](key, value)
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


def resolve(path: Path | None, overrides: dict | None, environ: dict[str, str]) -> Settings:
    """Config file, then the environment's THEME/DIGIT/IMAGE, then explicit overrides (None = not given).

    Setting one of digit/image on the command line clears the other from the file."""
    base = load(path)
    given = {k.lower(): environ[k] for k in ("THEME", "DIGIT", "IMAGE", "VOICE", "VOICE_SPEED", "VOICE_MODEL",
                                              "VOICE_DIR", "LINES_FILE") if environ.get(k)}
    given.update({k: v for k, v in (overrides or {}).items() if v not in (None, "", [], ())})
    given = validated(given, "command line")
    if "digit" in given:
        base = replace(base, image="")
    if "image" in given:
        base = replace(base, digit="")
    return checked_voice(replace(base, **given))
