"""The one base class scenes share: a Scene with a headline and a caption line."""

from __future__ import annotations

import os

from manim import DOWN, UP, Scene, Text, ValueTracker

from scenes.kit import style
from scenes.kit.fades import fade_in, fade_out


class Beat(Scene):
    """A storyboard beat. ``headline`` sits at the top, ``say`` replaces the caption at the bottom."""

    def setup(self):
        self._caption = None

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
        if title.width > 13.4:  # a long headline (e.g. real layer sizes in it) stays on screen
            title.scale_to_fit_width(13.4).to_edge(UP, buff=0.35)
        if animate:
            self.play(fade_in(title, shift=0.2 * DOWN), run_time=0.6)
        else:
            self.add(title)
        return title

    def say(self, text: str, run_time: float = 0.5) -> Text | None:
        """Show a one-line caption at the bottom, replacing the previous one.

        Figures (``NETCORE_FIGURE=1``, set by ``make figures``) are stills for slides:
        they keep headlines and labels but drop the narration captions.
        """
        if os.environ.get("NETCORE_FIGURE") == "1":
            return None
        new = Text(text, font_size=style.BODY_SIZE, color=style.THEME.text).to_edge(DOWN, buff=0.35)
        if new.width > 13.4:
            new.scale_to_fit_width(13.4)
        anims = [fade_in(new, shift=0.1 * UP)]
        if self._caption is not None:
            anims.append(fade_out(self._caption))
        self.play(*anims, run_time=run_time)
        self._caption = new
        return new
