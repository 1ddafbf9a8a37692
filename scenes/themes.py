"""The palettes: a video's whole colour scheme, chosen by name (``THEME=light``).

Manim-free so the render pipeline can validate a theme name without importing manim.
Positive and negative weights are sky blue and orange (the Okabe-Ito pair that
stays distinct for red-green colour-blind viewers). Each colour has one meaning: the sign pair is
only ever a weight's sign; right and wrong guesses have their own (bluish green and reddish purple,
also Okabe-Ito, told apart by the tick and cross as well); the accent is what the voice points at. ``light`` is a white background
(projectors, print); ``colorblind`` is a dark theme whose two signs also differ strongly in
lightness, so they stay apart for every kind of colour vision, even none.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    text: str
    dim_text: str
    neuron_stroke: str
    activation: str  # fill colour of a neuron; its opacity is the activation
    positive: str
    negative: str
    accent: str  # the answer box, highlights
    correct: str  # a right guess (beside its tick): never a sign colour, so blue keeps meaning "positive weight"
    wrong: str  # a wrong guess (beside its cross): never a sign colour, so orange keeps meaning "negative weight"


DARK = Theme(
    name="dark",
    background="#0E1116",
    text="#F2F2F2",
    dim_text="#9AA0A6",
    neuron_stroke="#DADADA",
    activation="#FFFFFF",
    positive="#56B4E9",
    negative="#E69F00",
    accent="#F0E442",
    correct="#009E73",
    wrong="#CC79A7",
)

LIGHT = Theme(
    name="light",
    background="#FFFFFF",
    text="#111111",
    dim_text="#555555",
    neuron_stroke="#222222",
    activation="#000000",
    positive="#0072B2",
    negative="#D55E00",
    accent="#CC79A7",
    correct="#117733",  # darker than Okabe-Ito's bluish green, which sat too near this theme's blue
    wrong="#882255",
)

# Blue and orange alone are told apart by hue for red-green and most blue-yellow colour
# blindness; here positive is also much lighter than negative (CIE L* 83 vs 51), which
# survives any colour-vision deficiency and greyscale printing.
COLORBLIND = Theme(
    name="colorblind",
    background="#000000",
    text="#FFFFFF",
    dim_text="#B0B0B0",
    neuron_stroke="#E0E0E0",
    activation="#FFFFFF",
    positive="#9BD7FF",
    negative="#C85A00",
    accent="#F0E442",
    correct="#009E73",
    wrong="#CC79A7",
)

THEMES = {t.name: t for t in (DARK, LIGHT, COLORBLIND)}
