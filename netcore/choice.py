"""Which digit the digit-driven beats show: ``test:1234`` or a picture's path.

The caller says which (the scenes get it from their settings; netcore reads no environment
here). The default is the bundle's default digit (a real test "3" the network answers right,
when it answers any 3 right: ``meta["default_digit_note"]``).
A test digit outside the bundle's curated set is read from MNIST (same sources as
training) and run through the trained network here, in netcore, never in a scene.
"""

from __future__ import annotations

import os
import re

from netcore import digits, mnist
from netcore.bundle import Bundle, Digit
from netcore.errors import NetcoreError

SPEC = re.compile(r"^test:(\d+)$")


def resolve(bundle: Bundle, digit: str | None = None, image: str | None = None) -> Digit:
    if digit and image:
        raise NetcoreError("choose either DIGIT=test:N or IMAGE=path, not both")
    if image:
        pixels = digits.load_digit(image)
        return bundle.run(pixels, source=f"your image {os.path.basename(image)}")
    if not digit:
        return bundle.default_digit
    match = SPEC.match(digit.strip())
    if not match:
        raise NetcoreError(f"DIGIT={digit!r}: expected test:N, an index into the MNIST test set (e.g. test:1234)")
    index = int(match.group(1))
    if index in bundle.curated_indices:
        return bundle.digit(index)
    test = mnist.load().test
    if index >= len(test):
        raise NetcoreError(f"DIGIT={digit}: the test set has {len(test):,} images (0..{len(test) - 1})")
    return bundle.run(test.images[index], label=int(test.labels[index]), test_index=index,
                      source=f"MNIST test image {index}")
