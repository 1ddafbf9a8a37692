"""How many words a line takes to say: numbers counted as the words the narrator says for them.

A pace in words a minute is only fair if "13,002" counts as what is heard, "thirteen thousand
and two" (4 words), not as one word; "0.013" is "zero point zero one three" (5), "−0.75" "minus
zero point seven five" (6), "96 percent" "ninety-six percent" (2). Numbers are written out the
way num2words writes them in English (short scale, "and" after hundreds and before a last group
under 100), and a word is what whitespace separates there, so "ninety-six" is one word, as
written English counts it. Symbols are counted in the words both engines are given for them
(``speech.symbols_said``: "σ(z)" is "sigma of z", "w · a" is "w dot a"). A small function
rather than num2words itself: that is a bench extra, and this count is used by the tests too.
"""

from __future__ import annotations

import re

from scenes.speech import symbols_said

# A number as our lines write it: an optional minus, digits with thousands commas, decimals, a %.
NUMBER = re.compile(r"(?<![\w.])([−–-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(%?)")
UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = ["", "thousand", "million", "billion", "trillion"]


def _below_thousand(n: int, and_before: bool) -> list[str]:
    hundreds, rest = divmod(n, 100)
    out = [UNITS[hundreds], "hundred"] if hundreds else []
    if rest and (hundreds or and_before):
        out.append("and")
    if rest >= 20:
        out.append(TENS[rest // 10] + (f"-{UNITS[rest % 10]}" if rest % 10 else ""))
    elif rest:
        out.append(UNITS[rest])
    return out


def integer_words(n: int) -> list[str]:
    """``n`` (≥ 0) in words: 13002 -> thirteen thousand and two."""
    if n == 0:
        return ["zero"]
    groups = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    out = []
    for scale in range(len(groups) - 1, -1, -1):
        group = groups[scale]
        if group:
            # "and" before a last group under 100 after a larger one: "thirteen thousand and two"
            last_small = scale == 0 and len(groups) > 1 and group < 100
            out += _below_thousand(group, last_small) + ([SCALES[scale]] if scale else [])
    return out


def number_words(sign: str, whole: str, decimals: str | None, percent: str) -> list[str]:
    """One written number as said: "minus zero point seven five", "ninety-six percent"."""
    out = ["minus"] if sign else []
    out += integer_words(int(whole.replace(",", "")))
    if decimals:
        out += ["point", *(UNITS[int(d)] for d in decimals)]
    return out + (["percent"] if percent else [])


def spoken_text(text: str) -> str:
    """``text`` with its symbols and numbers written as the words said for them."""
    return NUMBER.sub(lambda m: " ".join(number_words(*m.groups())), symbols_said(text))


def words_said(text: str) -> int:
    """How many words saying ``text`` takes (see the module doc)."""
    return len(re.findall(r"[\w'’-]*\w[\w'’-]*|[×+=<>]", spoken_text(text)))
