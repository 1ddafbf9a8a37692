"""The toy curves behave as the beats say: slopes are derivatives, descent goes downhill into valleys."""

import numpy as np

from netcore import toy


def test_slopes_are_derivatives():
    w = np.linspace(-4, 4, 17)
    h = 1e-6
    np.testing.assert_allclose(toy.curve_slope(w), (toy.curve(w + h) - toy.curve(w - h)) / (2 * h), atol=1e-6)
    for x, y in [(-1.0, 0.5), (0.3, -1.2), (2.0, 1.0)]:
        numeric = [(toy.surface(x + h, y) - toy.surface(x - h, y)) / (2 * h),
                   (toy.surface(x, y + h) - toy.surface(x, y - h)) / (2 * h)]
        np.testing.assert_allclose(toy.surface_gradient(x, y), numeric, atol=1e-6)


def test_descent_goes_downhill_into_different_valleys():
    ends = []
    for start in (-3.8, -1.5, 3.5):
        path = toy.descent_path(start)
        assert np.all(np.diff(toy.curve(path)) <= 1e-12)
        assert abs(toy.curve_slope(path[-1])) < 1e-2
        ends.append(round(float(path[-1]), 1))
    assert len(set(ends)) == 3
