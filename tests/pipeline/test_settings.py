"""video.toml and make variables: one validator per key, bad input refused with the choices listed."""

from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest

from pipeline import settings as settings_module
from pipeline.settings import Settings, SettingsError, load, resolve
from scenes import catalogue
from scenes.scene_settings import SceneSettings
from scenes.themes import THEMES

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path, text) -> Path:
    path = tmp_path / "video.toml"
    path.write_text(text)
    return path


def test_committed_config_is_the_defaults():
    assert load(ROOT / "video.toml") == Settings()


def test_the_committed_config_documents_every_setting_as_the_code_declares_it():
    """video.toml documents (every key commented out), written from the Settings fields."""
    assert (ROOT / "video.toml").read_text() == settings_module.template(), \
        "video.toml is stale: python -m pipeline settings > video.toml"
    assert not [line for line in settings_module.template().splitlines() if line and not line.startswith("#")]


def test_every_chapter_by_default_read_when_the_settings_are_made(monkeypatch):
    from scenes import catalogue

    monkeypatch.setitem(catalogue.CHAPTERS, "chapter9", catalogue.CHAPTERS["chapter1"])
    assert Settings().chapters[-1] == "chapter9" and load(ROOT / "video.toml").chapters[-1] == "chapter9"


def test_every_setting_comes_from_its_variable_option_and_key_alike(tmp_path):
    """One declaration per setting gives its make variable, its option and its video.toml key."""
    from pipeline import render

    given = {"theme": "light", "quality": "high", "figure_quality": "medium", "chapters": "chapter2",
             "scenes": "Recap", "digit": "test:7", "image": "", "output": str(tmp_path / "out"), "jobs": "3",
             "voice": "none", "voice_speed": "1.5", "voice_model": "", "voice_dir": str(tmp_path / "mine"),
             "lines_file": __file__, "scheduler": "tcp://farm.example:8786"}
    assert set(given) <= {f.name for f in fields(Settings)}
    declared = [f for f in fields(Settings) if f.name in given]
    from_environment = resolve(None, {}, environ={settings_module.variable(f): given[f.name] for f in declared})
    options = [word for f in declared if given[f.name] for word in (settings_module.option(f), *given[f.name].split())]
    from_options = render.settle(render.parser().parse_args(["plan", "--config", "/nonexistent", *options]), {})
    cfg = write(tmp_path, "".join(f"{k} = {v!r}\n" for k, v in given.items()
                                  if k not in ("jobs", "voice_speed", "chapters", "scenes"))
                + 'jobs = 3\nvoice_speed = 1.5\nchapters = ["chapter2"]\nscenes = ["Recap"]\n')
    from_file = load(cfg)
    assert from_environment == from_options == from_file
    assert from_file != Settings() and all(getattr(from_file, k) != getattr(Settings(), k)
                                           for k, v in given.items() if v)
    assert (settings_module.variable(fields(Settings)[7]), settings_module.option(fields(Settings)[7])) == (
        "RENDERS", "--renders")  # the output folder's names, kept from before


def test_file_then_environment_then_options(tmp_path):
    cfg = write(tmp_path, 'theme = "light"\nquality = "high"\ndigit = "test:12"\nchapters = ["chapter2"]\n')
    s = resolve(cfg, {}, environ={})
    assert (s.theme, s.quality, s.digit, s.chapters) == ("light", "high", "test:12", ("chapter2",))
    s = resolve(cfg, {"quality": "medium", "chapters": "chapter1 chapter2"}, environ={"THEME": "colorblind"})
    assert (s.theme, s.quality, s.chapters) == ("colorblind", "medium", ("chapter1", "chapter2"))
    image = tmp_path / "seven.png"
    image.write_bytes(b"x")
    s = resolve(cfg, {"image": str(image)}, environ={})
    assert s.image == str(image) and s.digit == ""  # an image on the command line replaces the file's digit
    assert s.scene_settings() == SceneSettings(theme="light", digit="", image=str(image),
                                               voice_cache=str(s.output / ".voice"))


@pytest.mark.parametrize("text, message", [
    ('colour = "dark"\n', "unknown setting colour; settings: theme, quality"),
    ('theme = "blue"\n', "theme = 'blue': choose one of dark, light, colorblind"),
    ('quality = "ultra"\n', "choose one of low, medium, high, 4k"),
    ('chapters = ["chapter99"]\n', f"unknown chapter99; choose from {', '.join(catalogue.CHAPTERS)}"),
    ('digit = "1234"\n', "expected test:N"),
    ('image = "/no/such.png"\n', "no such file"),
    ('jobs = -2\n', "expected a whole number"),
    ('jobs = true\n', "expected a whole number"),
    ('theme = \n', "not valid TOML"),
    ('scheduler = "farm.example"\n', "expected a Dask scheduler's address, e.g. tcp://host:8786"),
])
def test_bad_files_are_refused(tmp_path, text, message):
    with pytest.raises(SettingsError, match="video.toml") as err:
        load(write(tmp_path, text))
    assert message in str(err.value)


def test_bad_options_are_refused_the_same_way(tmp_path):
    with pytest.raises(SettingsError, match="command line: theme = 'sepia': choose one of dark, light, colorblind"):
        resolve(None, {"theme": "sepia"}, environ={})
    with pytest.raises(SettingsError, match="not both"):
        resolve(None, {"digit": "test:1", "image": __file__}, environ={})


def test_bad_setting_stops_make_video_before_rendering(tmp_path, capsys):
    from pipeline import render

    cfg = write(tmp_path, 'theme = "neon"\n')
    assert render.main(["video", "--config", str(cfg), "--renders", str(tmp_path / "r")], environ={}) == 1  # fails before any process
    assert "choose one of dark, light, colorblind" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def lightness(hex_colour: str) -> float:
    from manim.utils.color import ManimColor
    import numpy as np

    rgb = np.array(ManimColor(hex_colour).to_rgb())
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    y = float(linear @ [0.2126, 0.7152, 0.0722])
    return 116 * y ** (1 / 3) - 16


@pytest.mark.parametrize("name", sorted(THEMES))
def test_each_colour_has_one_meaning(name):
    """The sign colours mean a weight's sign only: right, wrong and the accent are clearly other colours
    (the old wrong, vermillion #D55E00 beside orange #E69F00, read as a fourth meaning of orange)."""
    t = THEMES[name]
    meanings = {"positive": t.positive, "negative": t.negative, "accent": t.accent, "correct": t.correct,
                "wrong": t.wrong}
    rgb = {k: np.array([int(v[i : i + 2], 16) for i in (1, 3, 5)]) for k, v in meanings.items()}
    close = [(a, b) for a in rgb for b in rgb if a < b and np.linalg.norm(rgb[a] - rgb[b]) < 80]
    assert not close, f"{name}: {close} are too alike to mean different things"


def test_colorblind_theme_separates_signs_by_lightness():
    t = THEMES["colorblind"]
    assert lightness(t.positive) - lightness(t.negative) > 25  # apart even in greyscale
    assert abs(lightness(t.text) - lightness(t.background)) > 90
