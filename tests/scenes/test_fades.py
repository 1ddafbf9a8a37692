"""In-place fades: they scale the alphas the mobject has, move it, and leave it exactly as it was."""

import numpy as np
from manim import RIGHT, UP, Circle, Group, ImageMobject, Scene, Text, VGroup

from scenes.kit.fades import fade_in, fade_out, within


def family_alphas(mob):
    return [np.concatenate([m.fill_rgbas[:, 3], m.stroke_rgbas[:, 3]]) for m in mob.family_members_with_points()]


def shape():
    return VGroup(Circle().set_fill(opacity=0.6).set_stroke(opacity=0.8), Text("7"))


def test_fade_in_scales_alphas_and_ends_as_built():
    mob = shape()
    before, centre = family_alphas(mob), mob.get_center().copy()
    anim = fade_in(mob, shift=UP)
    anim.begin()
    anim.interpolate(0.0)
    assert all(np.allclose(a, 0) for a in family_alphas(mob))
    assert np.allclose(mob.get_center(), centre - UP)  # arrives from below
    anim.interpolate(0.5)  # smooth(0.5) = 0.5
    assert all(np.allclose(a, b * 0.5) for a, b in zip(family_alphas(mob), before))
    anim.finish()
    assert all(np.allclose(a, b) for a, b in zip(family_alphas(mob), before))
    assert np.allclose(mob.get_center(), centre)


def test_fade_out_removes_and_restores():
    scene = Scene()
    mob = shape()
    scene.add(mob)
    before, centre = family_alphas(mob), mob.get_center().copy()
    anim = fade_out(mob, shift=RIGHT)
    anim.begin()
    anim.interpolate(0.5)
    assert all(np.allclose(a, b * 0.5) for a, b in zip(family_alphas(mob), before))
    anim.finish()
    anim.clean_up_from_scene(scene)
    assert mob not in scene.mobjects
    assert all(np.allclose(a, b) for a, b in zip(family_alphas(mob), before))
    assert np.allclose(mob.get_center(), centre)


def test_images_fade_too():
    img = ImageMobject(np.full((4, 4, 3), 200, dtype=np.uint8))
    group = Group(img)
    anim = fade_in(group)
    anim.begin()
    anim.interpolate(0.5)
    assert np.allclose(img.pixel_array[:, :, 3], 127, atol=1)
    anim.finish()
    assert (img.pixel_array[:, :, 3] == 255).all()


def test_a_caption_swap_in_a_long_play_never_overlaps():
    """A line animating for 10 s swaps its caption in the first 0.4 s: old out, then new in."""
    old, new = shape(), shape()
    full = family_alphas(old)
    out, into = within(fade_out(old), 0, 0.2, 10), within(fade_in(new), 0.2, 0.4, 10)
    for anim in (out, into):
        anim.begin()

    def at(seconds):
        for anim in (out, into):
            anim.interpolate(seconds / 10)
        return [max(a.max() for a in family_alphas(m)) for m in (old, new)]

    old_alpha, new_alpha = at(0.1)
    assert 0 < old_alpha < full[0].max() and new_alpha == 0
    old_alpha, new_alpha = at(0.3)
    assert old_alpha == 0 and 0 < new_alpha
    at(5.0)
    assert all(np.allclose(a, b) for a, b in zip(family_alphas(new), full))

