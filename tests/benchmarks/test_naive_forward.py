"""``bench/render_speed.py`` compares ForwardPass with a naive build of the same scene, and refuses when their
frame counts differ. The naive twin subclasses ForwardPass, so a change there can break it unseen (it did:
ForwardPass came to need ``self.grid``): here it renders to its last frame and says the same lines."""

from bench.naive_forward import NaiveForwardPass
from scenes.chapter1 import ForwardPass
from tests.scene_render import rendered


def test_the_naive_forward_pass_renders_and_says_what_forward_pass_says():
    naive, frame = rendered(NaiveForwardPass)
    real, _ = rendered(ForwardPass)
    assert frame.mean() > 1  # something is drawn
    assert [line.text for line in naive.lines] == [line.text for line in real.lines]
