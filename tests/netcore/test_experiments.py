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
    a1, a2, grid = b.arrays["landscape_axis_1"], b.arrays["landscape_axis_2"], b.arrays["landscape_cost"]
    centre = grid[np.flatnonzero(a1 == 0)[0], np.flatnonzero(a2 == 0)[0]]
    # Rounded to float32 when the history's end is rebuilt from a snapshot.
    assert centre == b.meta["landscape"]["centre_cost"] == pytest.approx(trained, rel=1e-12 if not b.imported else 1e-4)
    assert grid.min() >= 0 and grid.max() > 5 * centre  # a basin around the trained point
    assert b.arrays["landscape_path_cost"][-1] == pytest.approx(trained, rel=1e-5)


def path_share_of_slice(path: np.ndarray, a1: np.ndarray, a2: np.ndarray) -> np.ndarray:
    """How much of the slice's extent the path covers along each axis (1: from edge to edge)."""
    return np.ptp(path, axis=0) / np.array([np.ptp(a1), np.ptp(a2)])


def test_committed_landscape_path_spans_half_the_slice(b):
    """The issue's acceptance: the path spans at least half the slice's extent. The rule for any
    network is along the axis the path moves most on (below); the committed network does it on both."""
    share = path_share_of_slice(b.arrays["landscape_path"], b.arrays["landscape_axis_1"], b.arrays["landscape_axis_2"])
    assert share.min() >= 0.5, share
    land = b.meta["landscape"]
    assert land["variance_1"] + land["variance_2"] > 0.9  # the plane holds most of the path, not 3 %


def test_principal_directions_recover_the_plane_a_path_moves_in():
    """A path built in a known plane (plus a little noise out of it): the two directions span that
    plane, in order of how far the path moves along each, signed so the start is on the negative side."""
    rng = np.random.default_rng(3)
    e1, e2, e3 = np.linalg.qr(rng.standard_normal((50, 3)))[0].T
    t = np.linspace(0, 1, 20)[:, None]
    centre = rng.standard_normal(50)
    snapshots = centre + (1 - t) * (8 * e1 + 2 * e2) + np.sin(np.pi * t) * 3 * e2 + 0.01 * t * (1 - t) * e3
    directions, explained = experiments.principal_directions(snapshots, centre)
    np.testing.assert_allclose(directions @ directions.T, np.eye(2), atol=1e-12)
    plane = np.stack([e1, e2])
    np.testing.assert_allclose(np.linalg.norm(directions @ plane.T, axis=1), 1, atol=1e-5)  # inside the plane
    assert explained[0] > explained[1] > 0 and explained.sum() == pytest.approx(1, abs=1e-5)
    assert ((snapshots[0] - centre) @ directions.T < 0).all()
    flipped, _ = experiments.principal_directions(snapshots, centre)  # deterministic, same signs
    np.testing.assert_array_equal(flipped, directions)


def test_slice_axes_fit_the_path_with_a_margin_and_the_trained_point_on_a_node():
    path = np.array([[-10.0, -1.0], [-4.0, 0.3], [0.0, 0.0]])  # hardly moves along the second axis
    a1, a2 = experiments.slice_axes(path, points=21, margin=0.25, min_aspect=0.4)
    assert 0 in a1 and 0 in a2
    step = a1[1] - a1[0]
    np.testing.assert_allclose(np.diff(a1), step) and np.testing.assert_allclose(np.diff(a2), step)
    assert a1[0] <= -10 - 2.5 + step / 2 and a1[-1] >= 2.5 - step / 2  # the margin, give or take half a cell
    assert path_share_of_slice(path, a1, a2)[0] >= 0.5
    assert np.ptp(a2) >= 0.4 * np.ptp(a1) - step  # widened: a surface, not a strip
    assert a2[0] < -1 and a2[-1] > 0.3


def test_landscape_of_any_network_is_its_cost_on_the_principal_plane(small_train):
    """Recomputed for a small 784-8-10 network trained here: every claim the landscape makes."""
    from netcore import recipes
    from netcore.train import train

    sizes = experiments.QUICK
    recorded = {}
    result = train(small_train, None, recipes.DEFAULT.with_(epochs=1, batch_size=50), seed=1, sizes=(784, 8, 10),
                   progress=False, on_step=lambda step, net, lr: recorded.setdefault(step, net.to_vector()))
    snapshots = np.array([recorded[k] for k in sorted(recorded)][:: max(1, len(recorded) // 8)]
                         + [result.network.to_vector()], dtype=np.float32)
    out = experiments.landscape(result.network, small_train, snapshots, seed=1, sizes=sizes, progress=False)
    a, land = out["arrays"], out["meta"]["landscape"]
    assert experiments._landscape_grid_is_on_its_axes(land, a) is None
    check = {"snapshot_params": snapshots, **a}
    assert experiments._landscape_path_is_the_snapshots_in_the_principal_plane({"landscape": land}, check) is None
    a1, a2, grid, path = a["landscape_axis_1"], a["landscape_axis_2"], a["landscape_cost"], a["landscape_path"]
    assert max(len(a1), len(a2)) in (sizes.landscape_grid, sizes.landscape_grid + 1)
    assert path_share_of_slice(path, a1, a2).max() >= 0.5

    # Any node's cost is the network's average cost there, along the two principal directions.
    directions, explained = experiments.principal_directions(snapshots, result.network.to_vector())
    assert [land["variance_1"], land["variance_2"]] == pytest.approx(explained)
    x, y = small_train.inputs[a["landscape_index"]], one_hot(small_train.labels[a["landscape_index"]])
    theta = result.network.to_vector()
    for i, j in ((0, 0), (len(a1) - 1, len(a2) // 2), (np.flatnonzero(a1 == 0)[0], np.flatnonzero(a2 == 0)[0])):
        moved = Network.from_vector(theta + a1[i] * directions[0] + a2[j] * directions[1], (784, 8, 10))
        assert grid[i, j] == pytest.approx(float(quadratic_cost(moved.forward(x).output, y).mean()), rel=1e-10)
    assert land["centre_cost"] == grid[np.flatnonzero(a1 == 0)[0], np.flatnonzero(a2 == 0)[0]]
    np.testing.assert_allclose(path, (snapshots.astype(np.float64) - theta) @ directions.T, rtol=1e-10)

    # A path that leaves the slice, or a moved path, is refused by the bundle's checks.
    broken = {**a, "landscape_path": path * 3}
    assert experiments._landscape_grid_is_on_its_axes(land, broken) is not None
    assert experiments._landscape_path_is_the_snapshots_in_the_principal_plane(
        {"landscape": land}, {**check, "landscape_path": path + 0.1 * np.abs(path).max()}) is not None


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
