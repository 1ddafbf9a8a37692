"""The base classes scenes share: a storyboard beat that speaks, with a headline and a caption.

``Beat`` is a 2-D scene, ``Beat3D`` a 3-D one; both get the same narration, headline,
captions and drawing-order rule from ``BeatParts``, where a 3-D beat pins its words to the
frame so the camera turning under them never moves them.

``say`` is the one way a beat talks: the line is spoken (manim-voiceover with our speech
service: the chosen engine, or a lecturer's recording), recorded for the subtitles, and the
animations given with it start first and run while it is heard, taking as long as the voice
unless told shorter: the voice starts ``style.PICTURE_LEAD`` seconds after them, so a new picture
gets a moment before it is talked over (a line without animations starts at once). With ``VOICE=none`` every line is shown on screen instead, for at least its reading
time. Stills (figures) speak nothing.

Line ids ("chapter1.ForwardPass.3") are what recordings and lines files are filed under: the
line's place in its scene from 1, or the stable name given with ``say(..., name="pulse")``
("chapter1.ForwardPass.pulse"), which stays when lines are inserted before it. Naming a line
does not change the positions of the others. Bad lines input raises ``NarrationError``; the
entry point (``scenes.run``) prints it in one line and exits with 2.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from manim import DOWN, UP, Mobject, Paragraph, Text, ThreeDScene, ValueTracker, config
from manim_voiceover import VoiceoverScene

from scenes.kit import session, spoken, style
from scenes.kit.fades import fade_in, fade_out, within
from scenes.kit.frames import LineFrames
from scenes.engines import engine
from scenes.kit.narration import Line, NarrationError, NarratorService, estimated_sentences, reading_seconds

CAPTION_FADE = 0.4
END_PAUSE = 0.8  # after the last line: the picture holds a moment before the next beat
LINE_GAP = 0.35  # a breath between spoken lines
SILENT_CAPTION_CHARS = 64  # VOICE=none: the spoken text wrapped to lines this long
LINE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")  # a line's stable name: not a number, so never a position


class BeatParts:
    """What every beat does, whatever its camera (mixed into a manim scene class)."""

    # A scenes.kit.frames.FrameRecorder, given by whoever renders the beat (the tests' harness,
    # tests/frame_rules.py) before it renders: it snapshots the text on screen at each line's
    # start and end and in the last frame. None (a render for the videos): nothing is recorded.
    recorder = None

    def setup(self):
        super().setup()
        self._caption = None
        self.caption_text: str | None = None
        self.lines: list[Line] = []
        spoken.forget()  # nothing formatted before this scene belongs to its lines
        settings = session.current()
        rendering_time = not config.save_last_frame and not config.dry_run
        self.speaking = settings.voice != "none" and not settings.still and rendering_time
        if self.speaking:
            chosen = engine(settings.voice, settings.voice_model, settings.voice_speed)
            cache = Path(settings.voice_cache) if settings.voice_cache else Path(config.media_dir) / "voice"
            self._work = tempfile.TemporaryDirectory(prefix="netcore-voiceover-")
            recordings = {line_id: (audio_file, text) for line_id, audio_file, text in settings.recordings}
            self.set_speech_service(NarratorService(chosen, cache, Path(self._work.name), recordings),
                                    create_subcaption=False)
        # A lecturer's own words for some of this scene's lines (validated in say).
        self._texts = {line_id: text for line_id, text in settings.texts if line_id.startswith(self.line_prefix)}

    @property
    def line_prefix(self) -> str:
        """Line ids are "chapter1.ForwardPass.3": the module, the scene, the line's place from 1 (or its name)."""
        return f"{type(self).__module__.split('.')[-1]}.{type(self).__name__}."

    def pin(self, *mobjects: Mobject) -> None:
        """Keep these where they are on screen (2-D: they already are)."""

    def play(self, *animations, **kwargs):
        # Cairo redraws, every frame, each moving mobject and everything after it in the scene's
        # list. An animated ValueTracker is invisible but counts as moving: left where it was first
        # added, it made everything added later (e.g. 48 thumbnail images) redraw every frame.
        # Drawn nowhere, it can always go last.
        trackers = [m for m in self.mobjects if isinstance(m, ValueTracker)]
        if trackers:
            self.bring_to_front(*trackers)
        super().play(*animations, **kwargs)

    def headline(self, text: str, animate: bool = True) -> Text:
        title = Text(text, font_size=style.TITLE_SIZE).to_edge(UP, buff=0.35)
        if title.width > style.TEXT_WIDTH:  # a long headline (e.g. real layer sizes in it) stays on screen
            title.scale_to_fit_width(style.TEXT_WIDTH).to_edge(UP, buff=0.35)
        self.pin(title)
        if animate:
            self.play(fade_in(title, shift=0.2 * DOWN), run_time=0.6)
        else:
            self.add(title)
        return title

    # ------------------------------------------------------------------ narration

    def say(self, text: str, *animations, show: str | None = None, run_time: float | None = None,
            name: str | None = None, spoken_only: tuple[str, ...] = ()) -> Line:
        """Speak ``text`` while ``animations`` play (for the line's length, or ``run_time`` if shorter).

        ``show`` is a short caption for the bottom of the screen while the line is heard
        (None: no caption, the previous one goes). ``name`` gives the line a stable id (see the
        module doc) instead of its place. ``spoken_only`` names (as given to ``spoken.num``) the
        numbers this line says without showing them; every other number it says must be on screen
        while it is said (tests/frame_rules.py). Returns the line's record.
        """
        text = " ".join(text.split())
        settings = session.current()
        line_id = self.line_prefix + self._line_key(name)
        numbers = spoken.claim(text)  # the numbers (formatted with spoken.num) this line says
        said = {n.name for n in numbers}
        unsaid = [n for n in spoken_only if n not in said]
        if unsaid:
            raise NarrationError(f"{line_id}: spoken_only names {', '.join(unsaid)}, which this line does not say "
                                 f"(it says {', '.join(sorted(said)) or 'no number'})")
        if line_id in self._texts:
            text = self._own_words(line_id, numbers)
        before = self.recorder.snapshot(self, f"line {line_id.rsplit('.', 1)[1]} start") if self.recorder else None
        if settings.still:  # a figure: the drawing only
            if animations:
                self.play(*animations, run_time=run_time or 1.0)
            line = Line(line_id, text, self.renderer.time, 0.0, [], False)
        elif self.speaking:
            line = self._speak(line_id, text, animations, show, run_time)
        else:
            caption = show if settings.voice != "none" else text
            line = self._read(line_id, text, animations, caption, run_time)
        line.numbers = [[n.name, n.value, n.text] for n in numbers]
        line.spoken_only = list(spoken_only)
        self.lines.append(line)
        if self.recorder:
            after = self.recorder.snapshot(self, f"line {line_id.rsplit('.', 1)[1]} end")
            self.recorder.lines.append(LineFrames(line, before, after))
        return line

    def _line_key(self, name: str | None) -> str:
        """The last part of the next line's id: its name if it has one, else its place from 1."""
        if name is None:
            return str(len(self.lines) + 1)
        if not LINE_NAME.match(name):
            raise NarrationError(f"{type(self).__name__}: line name {name!r}: use lowercase letters, digits and _, "
                                 "starting with a letter")
        if any(line.id == self.line_prefix + name for line in self.lines):
            raise NarrationError(f"{type(self).__name__}: two lines named {name!r}")
        return name

    def _own_words(self, line_id: str, numbers) -> str:
        """The lines file's text for this line, if it still says every number the line must say."""
        text = " ".join(self._texts[line_id].split())
        missing = [n.text for n in numbers if n.text not in text]
        if missing:
            raise NarrationError(f"lines file, {line_id}: the new text leaves out {', '.join(missing)}, which this "
                                 "line says from the bundle; keep the numbers as written (or edit the scene's code)")
        return text

    def _speak(self, line_id, text, animations, show, run_time) -> Line:
        # A line with animations shows its picture first: the voice starts PICTURE_LEAD later
        # (add_sound below), and the line, its sentences and so its subtitles start with the voice.
        lead = style.PICTURE_LEAD if animations else 0.0
        start = self.renderer.time + lead
        self._voice_lead = lead
        try:
            with self.voiceover(text=text, line_id=line_id) as tracker:
                tracker.start_t += lead  # manim-voiceover waits for the voice's end at the with's end
                tracker.end_t += lead
                duration = tracker.duration
                self._play_with_caption(show, animations, min(run_time or lead + duration, lead + duration))
        finally:
            self._voice_lead = 0.0
        self.wait(LINE_GAP)
        spans = [[s, round(start + a, 4), round(start + b, 4)] for s, a, b in tracker.data["sentences"]]
        return Line(line_id, text, start, duration, spans, True, tracker.data.get("source", self.speech_service.engine.name))

    def add_sound(self, sound_file, time_offset=0, gain=None, **kwargs):
        # manim-voiceover adds each line's audio here at the current time; a line with a picture
        # lead (_speak) has it start that much later.
        super().add_sound(sound_file, time_offset + getattr(self, "_voice_lead", 0.0), gain, **kwargs)

    def _read(self, line_id, text, animations, caption, run_time) -> Line:
        # As _speak: a line with animations is read from PICTURE_LEAD after they start.
        lead = style.PICTURE_LEAD if animations else 0.0
        start = self.renderer.time + lead
        duration = reading_seconds(text)
        self._play_with_caption(caption, animations, min(run_time or lead + duration, lead + duration))
        left = start + duration - self.renderer.time
        if left > 1 / config.frame_rate:
            self.wait(left)
        return Line(line_id, text, start, duration, estimated_sentences(text, start, duration), False)

    def _play_with_caption(self, caption: str | None, animations, seconds: float) -> None:
        if animations:
            total = max(seconds, 1 / config.frame_rate)
            self.play(*self._caption_change(caption, total), *animations, run_time=total)
        else:
            total = min(CAPTION_FADE, seconds)
            fades = self._caption_change(caption, total)
            if fades:
                self.play(*fades, run_time=total)

    def _caption_change(self, caption: str | None, total: float) -> list:
        """Fades that swap the caption within the first CAPTION_FADE seconds of a play lasting
        ``total``: the old one out in the first half, the new one in during the second, so the two
        never sit on top of each other however long the line's animation runs."""
        anims, half = [], min(CAPTION_FADE, total) / 2
        if self._caption is not None:
            anims.append(within(fade_out(self._caption), 0, half, total))
            self._caption = None
        if caption:
            new = self.caption_mobject(caption)
            self.pin(new)
            anims.append(within(fade_in(new, shift=0.1 * UP), half, 2 * half, total))
            self._caption = new
        self.caption_text = caption or None  # what the bottom of the screen says now
        return anims

    def caption_mobject(self, text: str) -> Mobject:
        if len(text) <= SILENT_CAPTION_CHARS:
            new = Text(text, font_size=style.BODY_SIZE, color=style.theme().text)
        else:  # a whole spoken line (VOICE=none): wrapped, smaller
            new = Paragraph(*wrap(text, SILENT_CAPTION_CHARS), font_size=style.SMALL_SIZE,
                            color=style.theme().text, alignment="center", line_spacing=0.6)
        if new.width > style.TEXT_WIDTH:
            new.scale_to_fit_width(style.TEXT_WIDTH)
        return new.to_edge(DOWN, buff=0.3)

    def tear_down(self):
        if self.recorder:
            self.recorder.last = self.recorder.snapshot(self, "last frame")
        unused = sorted(set(self._texts) - {line.id for line in self.lines})
        if unused:
            ids = ", ".join(line.id for line in self.lines)
            raise NarrationError(f"lines file: no line {', '.join(unused)}; the lines of {type(self).__name__}: {ids}")
        if not session.current().still and self.lines and not config.save_last_frame:
            self.wait(END_PAUSE)
        super().tear_down()
        record = {"scene": type(self).__name__, "seconds": self.renderer.time,
                  "lines": [line.to_dict() for line in self.lines],
                  "warnings": self.speech_service.warnings if self.speaking else []}
        if not config.save_last_frame and not config.dry_run:
            movie = Path(self.renderer.file_writer.movie_file_path)
            movie.parent.mkdir(parents=True, exist_ok=True)
            movie.with_suffix(".lines.json").write_text(json.dumps(record, indent=1) + "\n")
        if session.current().lines_out:  # the script: every line, without rendering the scene
            out = Path(session.current().lines_out) / f"{type(self).__name__}.lines.json"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(record, indent=1) + "\n")
        if self.speaking:
            self._work.cleanup()


def wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + ([current] if current else [])


class Beat(BeatParts, VoiceoverScene):
    """A 2-D storyboard beat."""


class Beat3D(BeatParts, VoiceoverScene, ThreeDScene):
    """A 3-D storyboard beat: the words stay fixed in the frame."""

    def pin(self, *mobjects: Mobject) -> None:
        self.add_fixed_in_frame_mobjects(*mobjects)
        self.remove(*mobjects)  # added when it is shown, like in a 2-D beat
