"""Chapter 3: what backpropagation does, and the calculus behind it. One Scene per storyboard beat;
each beat's title and place in the story are in ``scenes/catalogue.py`` (the one list), not here.

Every wish, nudge, gradient, cost and time comes from the bundle's backprop part (``bundle.backprop``,
computed by ``netcore.backprop`` at a stated training snapshot and checked against finite
differences in the tests). The chain-rule beat's chain of single neurons is a toy and says so.
Render one beat:  python -m manim -ql scenes/chapter3.py OneExampleWishes
"""

from __future__ import annotations

# --- what backpropagation does (beats 1-5 and the measured motivation) ---

# --- one example is not enough, SGD, and the calculus (beats 6-11 and the closing recap) ---
