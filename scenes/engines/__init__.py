"""The synthetic voices a beat can speak with, each a small adapter behind ``scenes.speech.Engine``.

``VOICES`` are the values of the ``voice`` setting: ``hibari`` (the default: the hibari-tts
package's own voice), ``piper`` (Piper with the joe voice package, or another Piper model) and
``none`` (silent). ``check`` refuses, in one line and before anything renders, a voice that cannot
speak on this machine without a download; ``engine`` builds the one a render speaks with.
"""

from __future__ import annotations

from scenes.speech import Engine, VoiceError

ENGINES = ("hibari", "piper")
VOICES = (*ENGINES, "none")


def check(voice: str, model: str = "") -> str:
    """``model`` as the engine will load it (a Piper voice: its absolute path; a hibari voice: its
    name), or ``VoiceError`` saying what is wrong and what is allowed."""
    if voice not in VOICES:
        raise VoiceError(f"voice {voice!r}: choose one of {', '.join(VOICES)}")
    if voice == "none":
        return ""
    if voice == "piper":
        from scenes.engines import piper

        return piper.check(model)
    from scenes.engines import hibari

    return hibari.check(model)


def engine(voice: str, model: str = "", speed: float = 1.0) -> Engine:
    """The engine of ``voice`` (``model`` as ``check`` gave it; "" = the engine's packaged voice)."""
    if voice == "piper":
        from scenes.engines.piper import Piper

        return Piper(model, speed)
    if voice == "hibari":
        from scenes.engines.hibari import Hibari

        return Hibari(model, speed)
    raise VoiceError(f"voice {voice!r} does not speak; engines: {', '.join(ENGINES)}")


def identity(voice: str, model: str = "", speed: float = 1.0) -> str:
    """What decides the sound of ``voice``'s lines besides their text ("none" for silence)."""
    return "none" if voice == "none" else engine(voice, model, speed).identity
