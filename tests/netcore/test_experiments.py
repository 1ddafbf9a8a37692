"""The chapter-2 numbers in the bundle are what they claim to be, checked against fresh computation."""

from __future__ import annotations

import numpy as np
import pytest

from netcore import bundle as nb
from netcore import experiments
from netcore.cost import quadratic_cost
from netcore.network import Network, one_hot
from tests import ci


@pytest.fixture(scope="module")
def b():
    return nb.load()


@pytest.fixture(scope="module")
def same_data(b, data):
    """The training set the bundle was made from, or a skip."""
    files = b.meta["data_source"].get("files", {})
    if data.source.get("files", {}).get("train_images", {}).get("sha256") != files.get("train_images", {}).get("sha256"):
        ci.cannot_run("needs the MNIST files the bundle was trained on (NETCORE_MNIST_DIR)")
    return data


def history_end(b) -> Network:
    """The network the bundle's training history ends at: its own when trained here; for an imported
    network, the reference run's (the history describes training netcore did, see Bundle.history_note)."""
    if not b.imported:
        return b.network
    return Network.from_vector(b.arrays["snapshot_params"][-1].astype(np.float64), b.sizes, b.meta["activation"])


def test_random_network_on_the_featured_digit(b):
    init, digit = b.initial_network, b.default_digit
    fwd = init.forward(digit.image.reshape(-1) / 255.0)
    for l in range(1, len(b.sizes)):
        np.testing.assert_allclose(b.arrays[f"init_digit_a{l}"], fwd.activations[l])
    terms = b.arrays["init_digit_cost_terms"]
    np.testing.assert_allclose(terms, (fwd.output - one_hot([digit.label])[0]) ** 2)
    assert terms.sum() == pytest.approx(b.meta["init_digit_cost"])


def test_random_network_average_cost_and_gradient(b, same_data):
    x, y = same_data.train.inputs, one_hot(same_data.train.labels)
    init = b.initial_network
    cost, *_ = init.cost_gradient(x, y)
    assert cost == pytest.approx(b.meta["init_train_cost"], rel=1e-12)
    g = b.arrays["init_gradient"]
    theta = init.to_vector()

    def at(vector):
        return Network.from_vector(vector, init.sizes, b.meta["activation"])

    rng = np.random.default_rng(0)
    # The largest components and a few random ones, against central differences.
    coords = np.concatenate([np.argsort(-np.abs(g))[:3], rng.choice(g.size, 3, replace=False)])
    for i in coords:
        h = 1e-5
        up, down = theta.copy(), theta.copy()
        up[i] += h
        down[i] -= h
        numeric = (at(up).cost_gradient(x, y)[0] - at(down).cost_gradient(x, y)[0]) / (2 * h)
        assert numeric == pytest.approx(g[i], abs=1e-7 + 1e-5 * abs(g[i]))


def test_snapshots_run_from_the_initial_to_the_trained_network(b):
    steps, params = b.arrays["snapshot_step"], b.arrays["snapshot_params"]
    assert steps[0] == 0 and np.all(np.diff(steps) > 0)
    np.testing.assert_allclose(params[0], b.initial_network.to_vector().astype(np.float32))
    np.testing.assert_allclose(params[-1], history_end(b).to_vector().astype(np.float32))
    total = b.meta["recipe"]["epochs"] * -(-b.meta["data_source"]["train_count"] // b.meta["recipe"]["batch_size"])
    assert steps[-1] == total
    curve = b.arrays["curve_cost"]
    assert b.arrays["curve_step"][0] == 0 and curve[-1] < curve[0] / 5


def test_shuffled_labels_are_a_permutation_of_the_true_ones(b):
    true, shuffled = b.arrays["memorize_label"], b.arrays["memorize_shuffled_label"]
    assert np.array_equal(np.sort(true), np.sort(shuffled))
    assert (true != shuffled).mean() > 0.8  # really shuffled: most labels moved
    t, s = b.arrays["memorize_true_accuracy"], b.arrays["memorize_shuffled_accuracy"]
    # Structured data is learned far faster: compare accuracy a tenth of the way in.
    tenth = len(t) // 10
    assert t[tenth] > 0.95 and s[tenth] < 0.5 and t[-1] >= s[-1]


def test_memorize_labels_are_the_real_labels_of_those_images(b, same_data):
    idx = b.arrays["memorize_index"]
    np.testing.assert_array_equal(same_data.train.labels[idx], b.arrays["memorize_label"])


def test_landscape_centre_is_the_trained_network_cost(b, same_data):
    idx = b.arrays["landscape_index"]
    x, y = same_data.train.images[idx].reshape(len(idx), -1) / 255.0, one_hot(same_data.train.labels[idx])
    trained = float(quadratic_cost(history_end(b).forward(x).output, y).mean())
    axis, grid = b.arrays["landscape_axis"], b.arrays["landscape_cost"]
    centre = len(axis) // 2
    assert axis[centre] == 0
    # Rounded to float32 when the history's end is rebuilt from a snapshot.
    assert grid[centre, centre] == pytest.approx(trained, rel=1e-12 if not b.imported else 1e-4)
    assert grid.min() >= 0 and grid.max() > 5 * grid[centre, centre]  # a basin around the trained point
    assert b.arrays["landscape_path_cost"][-1] == pytest.approx(trained, rel=1e-5)


def test_filter_normalised_direction_matches_each_neuron_norm():
    rng = np.random.default_rng(1)
    net = Network.random(rng=rng, init="scaled")
    d = Network.from_vector(experiments.filter_normalised_direction(net, rng))
    for w, dw, db in zip(net.W, d.W, d.b):
        np.testing.assert_allclose(np.linalg.norm(dw, axis=1), np.linalg.norm(w, axis=1))
        assert not db.any()


def test_noise_answers_are_the_network_outputs(b):
    images = b.arrays["noise_image"]
    out = b.network.forward(images.reshape(len(images), -1) / 255.0).output
    np.testing.assert_allclose(b.arrays["noise_output"], out)
    assert images.std() > 60  # uniform noise, not blank


def test_random_network_costs_on_samples(b):
    images, labels = b.arrays["sample_train_image"], b.arrays["sample_train_label"]
    out = b.initial_network.forward(images.reshape(len(images), -1) / 255.0).output
    np.testing.assert_allclose(b.arrays["sample_train_init_cost"], quadratic_cost(out, one_hot(labels)))


def test_initial_view_is_the_default_digit_through_the_random_network(b):
    view = b.initial_view()
    fwd = b.initial_network.forward(view.image.reshape(-1) / 255.0)
    for l in range(len(b.sizes)):
        np.testing.assert_allclose(view.activations[l], fwd.activations[l])
    assert view.label == b.default_digit.label
