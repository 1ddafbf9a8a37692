"""The network's maths: shapes, parameter count, flat vectors, exact gradients."""

import numpy as np
import pytest

from netcore.network import DEFAULT_SIZES, Network, flatten, one_hot, unflatten


SIZES = [(784, 16, 16, 10), (784, 30, 10), (784, 100, 30, 20, 10)]


def test_default_is_the_videos_network(rng):
    assert Network.random(rng=rng).sizes == DEFAULT_SIZES


@pytest.mark.parametrize("sizes", SIZES, ids=lambda s: "-".join(map(str, s)))
def test_shapes_and_parameter_count(rng, sizes):
    net = Network.random(sizes, rng=rng)
    layers = list(zip(sizes[:-1], sizes[1:]))
    assert [w.shape for w in net.W] == [(k, n) for n, k in layers]
    assert [b.shape for b in net.b] == [(k,) for _, k in layers]
    assert net.parameter_count == sum(n * k + k for n, k in layers)
    assert net.sizes == sizes


@pytest.mark.parametrize("sizes", SIZES, ids=lambda s: "-".join(map(str, s)))
def test_forward_returns_every_layer(rng, sizes):
    net = Network.random(sizes, rng=rng)
    x = rng.random((5, 784))
    fwd = net.forward(x)
    assert [a.shape for a in fwd.activations] == [(5, n) for n in sizes]
    assert [z.shape for z in fwd.zs] == [(5, n) for n in sizes[1:]]
    # Layer by layer by hand, for example 2: a1 = sigma(W0 a0 + b0).
    a1 = 1 / (1 + np.exp(-(net.W[0] @ x[2] + net.b[0])))
    np.testing.assert_allclose(fwd.activations[1][2], a1)
    np.testing.assert_allclose(net.forward(x[2]).output, fwd.output[2])


@pytest.mark.parametrize("sizes", SIZES, ids=lambda s: "-".join(map(str, s)))
def test_flat_vector_round_trip(rng, sizes):
    net = Network.random(sizes, rng=rng)
    v = net.to_vector()
    hidden = sizes[1]
    assert v.shape == (net.parameter_count,)
    assert v[0] == net.W[0][0, 0] and v[784] == net.W[0][1, 0] and v[hidden * 784] == net.b[0][0]
    back = Network.from_vector(v, sizes)
    for a, b in zip(back.W + back.b, net.W + net.b):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match=str(net.parameter_count)):
        unflatten(v[:-1], net.sizes)


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_gradient_matches_finite_differences(activation):
    rng = np.random.default_rng(7)
    net = Network.random((12, 5, 4, 3), activation, rng=rng, init="scaled")
    for b in net.b:
        b += rng.normal(0, 0.3, b.shape)  # nonzero biases keep ReLU kinks away
    x = rng.random((6, 12))
    y = one_hot(rng.integers(0, 3, 6), 3)
    _, dW, db = net.cost_gradient(x, y)
    analytic = flatten(dW, db)
    theta = net.to_vector()
    numeric = np.empty_like(theta)
    h = 1e-6
    for i in range(theta.size):
        costs = []
        for step in (h, -h):
            t = theta.copy()
            t[i] += step
            net.set_vector(t)
            costs.append(net.cost_gradient(x, y)[0])
        numeric[i] = (costs[0] - costs[1]) / (2 * h)
    net.set_vector(theta)
    rel = np.linalg.norm(analytic - numeric) / np.linalg.norm(analytic + numeric)
    assert rel < 1e-6, rel


def test_full_size_gradient_spot_check(rng):
    """A few coordinates of the real 13,002-parameter gradient against central differences."""
    net = Network.random(rng=rng)
    x = rng.random((4, 784))
    y = one_hot([3, 1, 4, 1])
    _, dW, db = net.cost_gradient(x, y)
    g = flatten(dW, db)
    theta = net.to_vector()
    for i in rng.choice(theta.size, 8, replace=False):
        t = theta.copy()
        t[i] += 1e-5
        up = Network.from_vector(t).cost_gradient(x, y)[0]
        t[i] -= 2e-5
        down = Network.from_vector(t).cost_gradient(x, y)[0]
        assert abs((up - down) / 2e-5 - g[i]) <= 1e-6 * max(1.0, abs(g[i]))


def test_unknown_activation_is_refused():
    with pytest.raises(ValueError, match="activation"):
        Network([np.zeros((2, 3))], [np.zeros(2)], "tanh")
