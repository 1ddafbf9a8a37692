"""The page's forward pass is netcore's: 200 MNIST test digits through the page's own code path
(the one its "test image" button uses) give the same ten outputs to 1e-6 and the same answers;
the bundle's noise gives the outputs the bundle recorded for it; a training snapshot gives what
netcore computes with that snapshot's parameters."""

from __future__ import annotations

import numpy as np

from netcore import bundle
from netcore.network import Network

COUNT = 200


def page_outputs(page, images: np.ndarray) -> np.ndarray:
    return np.array(page.evaluate(
        """images => images.map(function (image, i) {
             Live.app.show(Uint8Array.from(image), "test " + i);
             return Array.from(Live.state.forward.output);
           })""", [img.reshape(-1).tolist() for img in images]))


def test_200_test_digits_give_netcores_outputs(open_page, live_page, data):
    b = bundle.load()
    picked = np.random.default_rng(19).choice(len(data.test), COUNT, replace=False)
    images = data.test.images[picked]
    expected = b.network.forward(images.reshape(COUNT, -1) / 255.0).output
    got = page_outputs(open_page(live_page), images)
    assert got.shape == expected.shape
    assert np.abs(got - expected).max() < 1e-6
    assert (got.argmax(1) == expected.argmax(1)).all()


def test_noise_and_snapshots_give_netcores_outputs(open_page, live_page):
    b = bundle.load()
    page = open_page(live_page)
    page.click("#noise")
    first_noise = np.array(page.evaluate("Array.from(Live.state.forward.output)"))
    assert np.abs(first_noise - b.arrays["noise_output"][0]).max() < 1e-6
    page.evaluate("Live.app.showTestDigit(Live.state.bundle.digits[0])")
    image = b.arrays["curated_image"][0].reshape(-1) / 255.0
    for i in (0, 5, len(b.arrays["snapshot_step"]) - 1):
        page.evaluate(f"Live.app.setSnapshot({i})")
        got = np.array(page.evaluate("Array.from(Live.state.forward.output)"))
        net = Network.from_vector(b.arrays["snapshot_params"][i].astype(np.float64), b.sizes, b.meta["activation"])
        assert np.abs(got - net.forward(image).output).max() < 1e-6, f"snapshot {i}"
        assert str(b.arrays["snapshot_step"][i]) in page.inner_text("#snapshot-text").replace(",", "")


def test_snapshots_carry_their_test_accuracy_when_the_test_set_matches(open_page, data, tmp_path):
    from pipeline import live
    from netcore.train import evaluate

    b = bundle.load()
    if not np.array_equal(data.test.labels, b.arrays["test_label"]):
        # The packaged fallback is not the test set the bundle was measured on: no figures, not wrong ones.
        assert live.snapshot_tests(b, data.test) is None
        return
    page = open_page(live.build(tmp_path, None, "dark", data.test))
    i = 3
    net = Network.from_vector(b.arrays["snapshot_params"][i].astype(np.float64), b.sizes, b.meta["activation"])
    expected = evaluate(net, data.test)
    page.evaluate(f"Live.app.setSnapshot({i})")
    assert f"{100 * expected.accuracy:.2f} % right, average cost {expected.cost:.4f}" in page.inner_text("#snapshot-text")
    # A test set other than the bundle's gives no figures rather than wrong ones.
    assert live.snapshot_tests(b, type(data.test)(data.test.images[:100], data.test.labels[:100])) is None
