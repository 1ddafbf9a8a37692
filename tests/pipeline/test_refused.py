"""Render settings that cannot be used are refused before anything renders: exit 1, one line on
stderr in our words naming the setting, nothing written. Checked through ``plan`` (settings are
resolved the same way for every command, and a refusal that broke would plan, not render for an
hour); tests/pipeline/test_settings.py checks that ``video`` stops the same way."""

from __future__ import annotations

import os

import pytest

from pipeline import render
from tests import ci

NO_CONFIG = ["--config", "/nonexistent/video.toml"]


@pytest.mark.parametrize("options, message", [
    (["--voice", "robot"], "voice = 'robot': choose one of hibari, piper, none"),
    (["--voice-speed", "0.4"], "voice_speed = '0.4': expected a number from 0.5 to 2"),
    (["--voice-speed", "2.5"], "voice_speed = '2.5': expected a number from 0.5 to 2"),
    (["--lines-file", "/no/such/lines.txt"], "lines_file = '/no/such/lines.txt': no such file"),
    (["--scenes", "NoSuchScene"], "no scene NoSuchScene in"),
    (["--figure-quality", "ultra"], "figure_quality = 'ultra': choose one of low, medium, high, 4k"),
    (["--digit", "test:99999"], "DIGIT=test:99999: the test set has"),
], ids=lambda v: v[0] if isinstance(v, list) else "")
def test_a_bad_setting_is_refused_in_one_line_before_rendering(tmp_path, capsys, options, message):
    environ = dict(os.environ)
    if "--digit" in options:  # the test set's size decides: the MNIST files (the fallback has 1,000)
        environ["NETCORE_MNIST_DIR"] = ci.mnist_dir()
    renders = tmp_path / "r"
    code = render.main(["plan", *options, "--renders", str(renders), *NO_CONFIG], environ=environ)
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 1 and message in err, err
    assert len(lines) == 1 and "Traceback" not in err, err
    assert not renders.exists()
