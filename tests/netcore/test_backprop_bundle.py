"""The bundle's chapter-3 part: what it records is what its rules and the maths give, recomputed here."""

import json
import shutil

import numpy as np
import pytest

from netcore import backprop_experiment, bundle, experiments, mnist, seeds
from netcore.backprop import example_gradient
from netcore.errors import BundleError
from netcore.export import export
from netcore.network import Network, flatten, one_hot
from tests import ci
from tests.netcore.test_bundle import small_data, trained  # noqa: F401 - the fixtures


@pytest.fixture(scope="module")
def small_dir(trained, small_data, tmp_path_factory):  # noqa: F811 - our own copy, made once here
    return export(trained, small_data, tmp_path_factory.mktemp("bp-bundle"), sizes=experiments.QUICK)


@pytest.fixture(scope="module")
def small(small_dir):
    return bundle.load(small_dir)


def mean_of_example_gradients(net: Network, split: mnist.Split) -> np.ndarray:
    """The average of every training image's own gradient, one example at a time (not one batch)."""
    total = np.zeros(net.parameter_count)
    for image, label in zip(split.images, split.labels):
        total += example_gradient(net, image, int(label)).flat_gradient
    return total / len(split)


def sigma_prime(z):
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)


# ---------------------------------------------------------------------------- the committed bundle


def test_committed_mean_gradient_is_the_average_of_per_example_gradients_over_the_training_set():
    """About 5 s: every one of the training images through example_gradient on its own."""
    data = mnist.load_dir(ci.mnist_dir())
    b = bundle.load(bundle.DEFAULT_DIR)
    record = b.backprop
    if record.train_count != len(data.train):
        ci.cannot_run(f"NETCORE_MNIST_DIR has {len(data.train)} training images, the bundle {record.train_count}")
    np.testing.assert_allclose(mean_of_example_gradients(record.network, data.train), record.mean_gradient,
                               rtol=0, atol=1e-9)
    # ...and the examples are those training images
    for ex in record.examples:
        np.testing.assert_array_equal(ex.image, data.train.images[ex.train_index].reshape(-1))
        assert ex.label == data.train.labels[ex.train_index]


def test_committed_record_reads_as_the_contract_says():
    record = bundle.load(bundle.DEFAULT_DIR).backprop
    assert record.featured.label == 2 and [e.label for e in record.examples[:3]] == [2, 3, 7]
    assert record.chain.j == 2 and abs(record.chain.product - record.chain.finite_difference) < 1e-6
    assert record.timing.passes == record.network.parameter_count + 1 and record.timing.fd_seconds > 0
    assert record.sgd.minibatch_examples[-1] == record.sgd.full_examples[-1]


# ---------------------------------------------------------------------------- a small bundle, every rule recomputed


def test_mean_gradient_is_the_average_of_per_example_gradients(small, small_data):
    record = small.backprop
    assert record.train_count == len(small_data.train)
    np.testing.assert_allclose(mean_of_example_gradients(record.network, small_data.train), record.mean_gradient,
                               rtol=0, atol=1e-9)


def test_the_snapshot_is_the_first_that_gets_half_the_probe_right(small, small_data):
    probe = experiments.seeded_subset(small_data.train, experiments.QUICK.probe,
                                      seeds.stream(small.meta["seed"], "curve_probe"))[1]
    snaps = small.arrays["snapshot_params"]
    acc = np.array([(Network.from_vector(s.astype(np.float64), small.sizes).predict(probe.inputs) == probe.labels).mean()
                    for s in snaps])
    np.testing.assert_allclose(small.arrays["backprop_snapshot_probe_accuracy"], acc)
    record = small.backprop
    assert acc[record.snapshot] >= 0.5 and np.all(acc[: record.snapshot] < 0.5)
    assert record.step == small.arrays["snapshot_step"][record.snapshot] and record.probe_accuracy == acc[record.snapshot]
    np.testing.assert_array_equal(record.network.to_vector(), snaps[record.snapshot].astype(np.float64))
    assert "first training snapshot" in record.rule and not record.reference_run


def test_committed_snapshot_is_the_first_of_its_training_run_that_gets_half_the_probe_right():
    b = bundle.load(bundle.DEFAULT_DIR)
    record, acc = b.backprop, b.arrays["backprop_snapshot_probe_accuracy"]
    assert len(acc) == len(b.arrays["snapshot_step"]) > 2
    assert acc[record.snapshot] >= 0.5 and np.all(acc[: record.snapshot] < 0.5) and record.snapshot > 0
    data = mnist.load_dir(ci.mnist_dir())
    probe = experiments.seeded_subset(data.train, b.meta["curve_probe_size"], seeds.stream(b.meta["seed"], "curve_probe"))[1]
    for i in (record.snapshot - 1, record.snapshot):
        net = Network.from_vector(b.arrays["snapshot_params"][i].astype(np.float64), b.sizes)
        assert (net.predict(probe.inputs) == probe.labels).mean() == acc[i]


def test_the_first_snapshot_past_the_level_is_chosen():
    assert backprop_experiment.choose_snapshot(np.array([0.1, 0.2, 0.55, 0.7, 0.9]))[0] == 2


def test_the_rule_still_chooses_when_no_snapshot_gets_there():
    snapshot, rule = backprop_experiment.choose_snapshot(np.array([0.1, 0.3, 0.2, 0.3]))
    assert snapshot == 1 and "most" in rule and "30%" in rule


def test_examples_are_the_first_training_image_of_each_digit_starting_with_a_2(small, small_data):
    labels = small_data.train.labels
    record = small.backprop
    assert [e.label for e in record.examples] == [2, 3, 7, 0, 1, 4, 5, 6, 8, 9]
    for ex in record.examples:
        assert ex.train_index == np.flatnonzero(labels == ex.label)[0]
        np.testing.assert_array_equal(ex.image, small_data.train.images[ex.train_index].reshape(-1))
    # every stored per-example gradient is the one-example gradient, and the wishes are propagated
    for ex, stored in zip(record.examples, small.arrays["backprop_example_gradient"]):
        np.testing.assert_allclose(ex.flat_gradient, stored, rtol=1e-12, atol=1e-15)
        for l in range(len(small.sizes) - 1, 0, -1):
            expected = record.network.W[l - 1].T @ (sigma_prime(ex.zs[l]) * ex.wishes[l])
            np.testing.assert_allclose(ex.wishes[l - 1], expected, rtol=1e-9, atol=1e-14)


def test_chain_factors_are_the_featured_2s_largest_output_weight(small):
    record = small.backprop
    ex, c = record.featured, record.chain
    assert c.j == 2 and c.k == int(np.argmax(np.abs(ex.grad_w[-1][2])))
    a = ex.output
    assert c.a_prev == pytest.approx(ex.activations[-2][c.k], rel=1e-12)
    assert c.sigma_prime == pytest.approx(a[2] * (1 - a[2]), rel=1e-9)
    assert c.two_error == pytest.approx(2 * (a[2] - 1), rel=1e-9)
    assert c.product == pytest.approx(ex.grad_w[-1][2, c.k], rel=1e-9)
    assert abs(c.product - c.finite_difference) < 1e-6
    assert c.weight == record.network.W[-1][2, c.k]


def test_sgd_and_full_batch_start_together_and_do_the_same_work(small, small_data):
    sgd = small.backprop.sgd
    probe = experiments.seeded_subset(small_data.train, experiments.QUICK.probe,
                                      seeds.stream(small.meta["seed"], "curve_probe"))[1]
    px, py = probe.inputs, one_hot(probe.labels)
    start = small.initial_network
    assert sgd.full_cost[0] == sgd.minibatch_cost[0] == pytest.approx(((start.forward(px).output - py) ** 2).sum(1).mean())
    # one full-batch step recomputed: the average gradient of every training image, times the rate
    _, dW, db = start.cost_gradient(small_data.train.inputs, one_hot(small_data.train.labels))
    stepped = Network.from_vector(start.to_vector() - sgd.learning_rate * flatten(dW, db), small.sizes)
    assert sgd.full_cost[1] == pytest.approx(((stepped.forward(px).output - py) ** 2).sum(1).mean(), rel=1e-12)
    n = len(small_data.train)
    np.testing.assert_array_equal(sgd.full_examples, sgd.full_step * n)
    assert sgd.minibatch_examples[-1] == sgd.full_examples[-1] == experiments.QUICK.sgd_full_steps * n
    assert sgd.minibatch_step[-1] == -(-n // sgd.batch_size) * experiments.QUICK.sgd_full_steps
    assert sgd.batch_size == 32 and sgd.probe_size == len(probe)
    # for the same work, many small steps get further than a few big ones
    assert sgd.minibatch_cost[-1] < sgd.full_cost[-1]


def test_finite_differences_are_timed_against_one_backward_pass(small, small_data):
    record = small.backprop
    t = record.timing
    assert t.passes == record.network.parameter_count + 1 == 13_003 and t.batch == experiments.QUICK.timing_batch
    assert t.fd_seconds > 0 and t.backprop_seconds > 0 and t.ratio > 1 and "core" in t.machine
    x = small_data.train.inputs[: t.batch]
    _, dW, db = record.network.cost_gradient(x, one_hot(small_data.train.labels[: t.batch]))
    np.testing.assert_allclose(small.arrays["backprop_fd_gradient"], flatten(dW, db), rtol=0, atol=1e-5)
    assert t.max_difference < 1e-5


def test_two_builds_differ_only_in_the_measured_seconds(small_dir, trained, small_data, tmp_path):
    again = export(trained, small_data, tmp_path / "again", sizes=experiments.QUICK)
    assert (again / bundle.NPZ_NAME).read_bytes() == (small_dir / bundle.NPZ_NAME).read_bytes()
    one, two = (json.loads((d / bundle.JSON_NAME).read_text()) for d in (small_dir, again))
    assert bundle.reproducible_meta(one) == bundle.reproducible_meta(two)
    assert one["measured"]["backprop_timing"]["fd_seconds"] != two["measured"]["backprop_timing"]["fd_seconds"]


# ---------------------------------------------------------------------------- damaged parts are refused


def _meta_refused(small_dir, tmp_path, change, fragment):
    copy = shutil.copytree(small_dir, tmp_path / "b")
    meta = json.loads((copy / bundle.JSON_NAME).read_text())
    change(meta)
    (copy / bundle.JSON_NAME).write_text(json.dumps(meta))
    with pytest.raises(BundleError, match=fragment):
        bundle.load(copy)


def test_a_chain_product_that_does_not_multiply_out_is_refused(small_dir, tmp_path):
    _meta_refused(small_dir, tmp_path, lambda m: m["backprop"]["chain"].update(product=m["backprop"]["chain"]["product"] * 1.01),
                  "a_prev \\* sigma_prime \\* two_error")


def test_missing_measured_seconds_are_refused(small_dir, tmp_path):
    _meta_refused(small_dir, tmp_path, lambda m: m["measured"]["backprop_timing"].pop("fd_seconds"),
                  "measured.backprop_timing.fd_seconds")


def test_a_step_that_is_not_the_snapshots_is_refused(small_dir, tmp_path):
    _meta_refused(small_dir, tmp_path, lambda m: m["backprop"].update(step=m["backprop"]["step"] + 1),
                  "backprop.snapshot/step")


def test_an_example_gradient_that_is_not_the_networks_is_refused(small_dir, tmp_path):
    from netcore import npzio
    from tests.netcore.test_bundle import write_arrays

    copy = shutil.copytree(small_dir, tmp_path / "b")
    arrays = npzio.load(copy / bundle.NPZ_NAME)
    arrays["backprop_example_gradient"][1, -1] += 1e-3
    write_arrays(copy, arrays)
    with pytest.raises(BundleError, match="backprop_example_gradient"):
        bundle.load(copy)


# ---------------------------------------------------------------------------- an imported network


def test_an_imported_784_30_10_bundle_has_the_part_from_its_reference_run(imported_dir):
    b = bundle.load(imported_dir)
    record = b.backprop
    assert record.reference_run and record.note == b.history_note and "trained here" in record.note
    assert record.network.sizes == (784, 30, 10)
    np.testing.assert_array_equal(record.network.to_vector(),
                                  b.arrays["snapshot_params"][record.snapshot].astype(np.float64))
    ex, c = record.featured, record.chain
    assert len(ex.wishes) == 3 and ex.grad_w[1].shape == (30, 784) and ex.grad_w[2].shape == (10, 30)
    np.testing.assert_allclose(ex.wishes[1], record.network.W[1].T @ (sigma_prime(ex.zs[2]) * ex.wishes[2]),
                               rtol=1e-9, atol=1e-14)
    assert abs(c.product - c.finite_difference) < 1e-6
    assert record.timing.passes == 23_861 and record.mean_gradient.shape == (23_860,)


def test_the_two_timed_gradients_are_in_the_record(small):
    t = small.backprop.timing
    assert t.fd_gradient.shape == t.backprop_gradient.shape == (small.backprop.network.parameter_count,)
    assert np.abs(t.fd_gradient - t.backprop_gradient).max() == pytest.approx(t.max_difference, rel=1e-6)
