"""Chapter 3's maths: one example's wishes and gradients, the backward step, the chain rule."""

import numpy as np
import pytest

from netcore.backprop import chain_factors, example_cost, example_gradient, pixels, propagate
from netcore.network import Network, flatten, one_hot

SIZES = [(784, 16, 16, 10), (784, 30, 10)]


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _net(sizes, seed=3, activation="sigmoid"):
    rng = np.random.default_rng(seed)
    net = Network.random(sizes, activation, rng=rng, init="scaled")
    for w, b in zip(net.W, net.b):
        w *= 3.0  # big enough that outputs are far from 0.5 and σ′ varies
        b += rng.normal(0, 0.5, b.shape)
    return net


def _image(seed=0):
    """A digit-like picture: mostly dark, a bright blob (uint8, as MNIST stores it)."""
    rng = np.random.default_rng(seed)
    img = np.zeros((28, 28), dtype=np.uint8)
    img[6:22, 9:19] = rng.integers(0, 256, (16, 10))
    return img


@pytest.mark.parametrize("sizes", SIZES, ids=lambda s: "-".join(map(str, s)))
def test_forward_layers_and_the_output_wish(sizes):
    net, img, label = _net(sizes), _image(), 2
    ex = example_gradient(net, img, label, train_index=5)
    L = len(sizes) - 1
    assert ex.label == 2 and ex.train_index == 5 and ex.image.shape == (784,) and ex.image.dtype == np.uint8
    assert [a.shape for a in ex.activations] == [(n,) for n in sizes]
    assert ex.zs[0] is None and [z.shape for z in ex.zs[1:]] == [(n,) for n in sizes[1:]]
    # by hand: a⁽ˡ⁾ = σ(W a⁽ˡ⁻¹⁾ + b)
    a = img.reshape(-1) / 255.0
    np.testing.assert_allclose(ex.activations[0], a)
    for l in range(1, L + 1):
        a = sigmoid(net.W[l - 1] @ a + net.b[l - 1])
        np.testing.assert_allclose(ex.activations[l], a, rtol=1e-12)
    y = np.eye(10)[label]
    np.testing.assert_allclose(ex.wishes[L], -2 * (a - y), rtol=1e-12)
    assert ex.cost == pytest.approx(np.sum((a - y) ** 2), rel=1e-12)
    assert ex.wishes[L][label] > 0 and np.all(np.delete(ex.wishes[L], label) < 0)  # the 2 up, the rest down


@pytest.mark.parametrize("sizes", SIZES, ids=lambda s: "-".join(map(str, s)))
def test_propagated_wishes_are_the_transposed_weights_times_sigma_prime_times_the_wish(sizes):
    net = _net(sizes)
    ex = example_gradient(net, _image(1), 7)
    for l in range(len(sizes) - 1, 0, -1):
        z = ex.zs[l]
        sp = sigmoid(z) * (1 - sigmoid(z))
        expected = net.W[l - 1].T @ (sp * ex.wishes[l])  # recomputed here, not by the module
        np.testing.assert_allclose(ex.wishes[l - 1], expected, rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(propagate(net, l, ex.wishes[l], z), expected, rtol=1e-10, atol=1e-14)
        # each entry is a sum over the later layer's neurons: k = 0 written out
        assert ex.wishes[l - 1][0] == pytest.approx(sum(net.W[l - 1][j, 0] * sp[j] * ex.wishes[l][j]
                                                        for j in range(sizes[l])), rel=1e-9, abs=1e-14)


@pytest.mark.parametrize("sizes", SIZES, ids=lambda s: "-".join(map(str, s)))
def test_per_example_gradient_is_the_networks_cost_gradient_of_that_one_example(sizes):
    net, img, label = _net(sizes), _image(2), 3
    ex = example_gradient(net, img, label)
    # Network.cost_gradient averages C = Σ (a − y)² over the batch (no ½): for one example, the same C.
    cost, dW, db = net.cost_gradient(img.reshape(1, -1) / 255.0, one_hot([label]))
    assert ex.cost == pytest.approx(cost, rel=1e-12)
    assert ex.grad_w[0] is None and ex.grad_b[0] is None
    for l in range(1, len(sizes)):
        assert ex.grad_w[l].shape == (sizes[l], sizes[l - 1]) and ex.grad_b[l].shape == (sizes[l],)
        np.testing.assert_allclose(ex.grad_w[l], dW[l - 1], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(ex.grad_b[l], db[l - 1], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(ex.flat_gradient, flatten(dW, db), rtol=1e-12, atol=1e-15)
    # "fire together": the output layer's ∂C/∂w_jk is ∂C/∂b_j times the brightness a_k of the layer before
    np.testing.assert_allclose(ex.grad_w[-1], np.outer(ex.grad_b[-1], ex.activations[-2]), rtol=1e-12)


def test_the_mean_of_per_example_gradients_is_the_batch_gradient():
    net = _net((784, 30, 10))
    images = [_image(s) for s in range(6)]
    labels = [0, 1, 2, 3, 7, 9]
    mean = np.mean([example_gradient(net, i, y).flat_gradient for i, y in zip(images, labels)], axis=0)
    _, dW, db = net.cost_gradient(np.array([i.reshape(-1) for i in images]) / 255.0, one_hot(labels))
    np.testing.assert_allclose(mean, flatten(dW, db), rtol=1e-9, atol=1e-14)


@pytest.mark.parametrize("sizes", SIZES, ids=lambda s: "-".join(map(str, s)))
def test_chain_rule_product_equals_a_central_finite_difference(sizes):
    net, img, label = _net(sizes), _image(3), 2
    ex = example_gradient(net, img, label)
    for j, k in [(2, 0), (2, int(np.argmax(ex.activations[-2]))), (5, sizes[-2] - 1)]:
        c = chain_factors(net, img, label, j, k)
        a = ex.activations[-1]
        assert c.a_prev == ex.activations[-2][k]
        assert c.sigma_prime == pytest.approx(a[j] * (1 - a[j]), rel=1e-12)
        assert c.two_error == pytest.approx(2 * (a[j] - (j == label)), rel=1e-12)
        assert c.product == pytest.approx(c.a_prev * c.sigma_prime * c.two_error, rel=1e-12)
        assert c.product == pytest.approx(ex.grad_w[-1][j, k], rel=1e-12, abs=1e-15)
        assert abs(c.product - c.finite_difference) < 1e-6
        # and the difference is a real re-run of the network with the weight nudged
        nudged = net.copy()
        nudged.W[-1][j, k] += c.h
        assert example_cost(nudged, img, label) != example_cost(net, img, label)
        assert c.weight == net.W[-1][j, k] and (c.j, c.k, c.label) == (j, k, label)


def test_every_weight_of_a_small_network_matches_finite_differences():
    """Not only the output layer: all of ∂C/∂W, ∂C/∂b of a 784-30-10 network, checked on a sample."""
    net, img, label = _net((784, 30, 10), seed=5), _image(4), 4
    ex = example_gradient(net, img, label)
    v, g = net.to_vector(), ex.flat_gradient
    h = 1e-5
    rng = np.random.default_rng(0)
    bright = np.flatnonzero(img.reshape(-1) > 0)
    picks = [int(rng.choice(bright)) + 784 * r for r in (0, 7, 29)] + list(range(len(v) - 40, len(v), 7))
    for i in picks:
        costs = []
        for sign in (1, -1):
            w = v.copy()
            w[i] += sign * h
            costs.append(example_cost(Network.from_vector(w, net.sizes), img, label))
        assert abs((costs[0] - costs[1]) / (2 * h) - g[i]) < 1e-6


def test_relu_hidden_layers_use_their_own_derivative():
    net = _net((784, 16, 10), activation="relu")
    ex = example_gradient(net, _image(5), 1)
    z = ex.zs[1]
    np.testing.assert_allclose(ex.wishes[0], net.W[0].T @ ((z > 0) * ex.wishes[1]), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(propagate(net, 1, ex.wishes[1], z), ex.wishes[0], rtol=1e-10, atol=1e-14)


def test_bad_input_is_refused_in_one_line():
    net = _net((784, 30, 10))
    with pytest.raises(ValueError, match="784 pixels"):
        example_gradient(net, np.zeros((28, 27)), 1)
    with pytest.raises(ValueError, match="0 to 255"):
        pixels(np.full(784, 0.5))
    with pytest.raises(ValueError, match="label 10"):
        example_gradient(net, _image(), 10)
    with pytest.raises(ValueError, match="layer 3"):
        propagate(net, 3, np.zeros(10), np.zeros(10))
    with pytest.raises(ValueError, match="k=30"):
        chain_factors(net, _image(), 1, 2, 30)
