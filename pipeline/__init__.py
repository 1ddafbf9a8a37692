"""Builds the videos: plans one manim process per scene or figure, runs the stale ones, joins
chapters, writes captions, checks outputs, lists everything in a manifest and a gallery.

It runs manim only as a subprocess (``scenes.run``) and reads the scenes' ``catalogue``,
never the kit: planning a render imports no scene.
"""
