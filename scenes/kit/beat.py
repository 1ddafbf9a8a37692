"""The base classes scenes share: a storyboard beat with a headline and a caption line.

``Beat`` is a 2-D scene, ``Beat3D`` a 3-D one; both get the same headline, captions and
drawing-order rule from ``BeatParts``, where a 3-D beat pins them to the frame so the camera
turning under them never moves the words.
"""

from __future__ import annotations

from manim import DOWN, UP, Mobject, Scene, Text, ThreeDScene, ValueTracker

from scenes.kit import session, style
from scenes.kit.fades import fade_in, fade_out


class BeatParts:
    """What every beat does, whatever its camera (mixed into a manim scene class)."""

    def setup(self):
        super().setup()
        self._caption = None

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

    def say(self, text: str, run_time: float = 0.5) -> Text | None:
        """Show a one-line caption at the bottom, replacing the previous one.

        Stills (figures for slides) keep headlines and labels but drop the captions.
        """
        if session.current().still:
            return None
        new = Text(text, font_size=style.BODY_SIZE, color=style.theme().text).to_edge(DOWN, buff=0.35)
        if new.width > style.TEXT_WIDTH:
            new.scale_to_fit_width(style.TEXT_WIDTH)
        self.pin(new)
        anims = [fade_in(new, shift=0.1 * UP)]
        if self._caption is not None:
            anims.append(fade_out(self._caption))
        self.play(*anims, run_time=run_time)
        self._caption = new
        return new


class Beat(BeatParts, Scene):
    """A 2-D storyboard beat."""


class Beat3D(BeatParts, ThreeDScene):
    """A 3-D storyboard beat: the words stay fixed in the frame."""

    def pin(self, *mobjects: Mobject) -> None:
        self.add_fixed_in_frame_mobjects(*mobjects)
        self.remove(*mobjects)  # added when it is shown, like in a 2-D beat
