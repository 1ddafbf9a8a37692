"""The featured digit (the one the videos follow) is chosen by a rule that holds for any network:
a test 3 the network answers right, or, when it answers no 3 right, an image it does answer right,
and the bundle and ``info`` say which branch chose it."""

from __future__ import annotations

import numpy as np
import pytest

from netcore import bundle, cli, experiments, recipes
from netcore.export import curate, export, featured
from netcore.mnist import Mnist
from netcore.network import Network, one_hot
from netcore.train import _step, train
from tests.netcore.test_bundle import assert_consistent, assert_featured


@pytest.fixture(scope="module")
def symmetric(small_train) -> Network:
    """A 784-16-16-10 network trained from an all-zero start: gradient descent never breaks the
    symmetry, so every hidden neuron of a layer stays the same neuron and the network tells digits
    apart by one number. It answers some images right and no 3."""
    sizes = (784, 16, 16, 10)
    net = Network([np.zeros((k, n)) for n, k in zip(sizes[:-1], sizes[1:])], [np.zeros(k) for k in sizes[1:]])
    recipe = recipes.DEFAULT
    velocity_W, velocity_b = [np.zeros_like(w) for w in net.W], [np.zeros_like(b) for b in net.b]
    x, y = small_train.inputs, one_hot(small_train.labels)
    for first in range(0, len(x), 10):
        _step(net, x[first:first + 10], y[first:first + 10], recipe, recipe.learning_rate, velocity_W, velocity_b)
    for w in net.W[:-1]:
        assert np.ptp(w, axis=0).max() == 0, "hidden neurons should be identical"
    return net


@pytest.fixture(scope="module")
def small_data(small_train, small_test) -> Mnist:
    return Mnist(small_train, small_test, {"kind": "test-sample", "train_count": len(small_train),
                                           "test_count": len(small_test), "files": {}}, "tests/conftest.py")


def test_a_network_that_answers_no_3_right_features_an_image_it_answers_right(symmetric, small_data):
    labels = small_data.test.labels
    predicted = symmetric.predict(small_data.test.inputs)
    right = predicted == labels
    assert not (right & (labels == 3)).any() and right.any()  # the case this test is about
    roles = curate(symmetric, small_data.test.images, labels)
    index, note = featured(roles, labels, predicted)
    curated = sorted({i for ids in roles.values() for i in ids})
    assert index == next(i for i in curated if right[i])
    assert labels[index] != 3 and "no test 3 right" in note and f"a {labels[index]}" in note
    # The old rule, the first curated 3, would feature a digit the network gets wrong.
    assert not right[roles["threes"][0]]


def test_its_bundle_records_why_and_info_says_it(symmetric, small_data, tmp_path, capsys):
    run = train(small_data.train, small_data.test, recipes.DEFAULT.with_(epochs=1), seed=0, progress=False)
    b = bundle.load(export(run, small_data, tmp_path / "bundle", sizes=experiments.QUICK, network=symmetric))
    assert_consistent(b)  # the featured rule among the rest
    featured_digit = b.default_digit
    assert featured_digit.prediction == featured_digit.label != 3
    assert cli.main(["info", "--bundle", str(b.directory)]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("featured"))
    assert f"test:{featured_digit.test_index} (a {featured_digit.label}" in line
    assert b.meta["default_digit_note"] in line


def test_a_network_that_answers_3s_right_features_the_first_right_3(small_data):
    run = train(small_data.train, small_data.test, recipes.DEFAULT.with_(epochs=2, batch_size=10), seed=0,
                progress=False)
    labels = small_data.test.labels
    predicted = run.network.predict(small_data.test.inputs)
    roles = curate(run.network, small_data.test.images, labels)
    index, note = featured(roles, labels, predicted)
    assert index == int(np.flatnonzero((labels == 3) & (predicted == 3))[0])
    assert note == "the first test 3 the network answers right"


def test_committed_bundle_follows_the_rule():
    assert_featured(bundle.load(bundle.DEFAULT_DIR))
