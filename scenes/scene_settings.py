"""What one render of a scene is made with: the settings a manim process receives.

Manim-free: the pipeline builds one per job and hands it to ``scenes.run`` as JSON on the
command line, so nothing travels through the environment; a test builds one directly and
passes it to ``scenes.kit.session.configure``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields


# 1 = the narrator's pace: each engine's adapter (scenes/engines) knows its own, inside the
# 140-170 words a minute a first-time listener follows.
DEFAULT_VOICE_SPEED = 1.0


@dataclass(frozen=True)
class SceneSettings:
    theme: str = "dark"
    digit: str = ""  # "test:N", or "" for the bundle's featured digit
    image: str = ""  # a picture of a digit (path), instead of digit
    still: bool = False  # a figure for slides: headlines and labels, no narration on screen
    bundle_dir: str = ""  # "" = the committed bundle in assets/
    voice: str = "hibari"  # the engine that speaks ("hibari", "piper"); "none": silent, every line on screen
    voice_model: str = ""  # hibari: a voice name; piper: a .onnx file; "" = the engine's packaged voice
    voice_speed: float = DEFAULT_VOICE_SPEED
    voice_cache: str = ""  # where synthesised lines are kept ("" = beside manim's media)
    # This scene's lines said in other words (a lecturer's lines file): (line id, text) pairs.
    texts: tuple[tuple[str, str], ...] = ()
    # This scene's recorded lines: (line id, audio file, the text it was recorded for) triples.
    recordings: tuple[tuple[str, str, str], ...] = ()
    lines_out: str = ""  # a folder: write <Scene>.lines.json there even for a last frame (the script)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "SceneSettings":
        values = json.loads(text)
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"unknown scene settings {', '.join(sorted(unknown))}")
        for key in ("texts", "recordings"):  # JSON has lists; the settings are hashable
            if key in values:
                values[key] = tuple(tuple(item) for item in values[key])
        return cls(**values)
