"""Why backprop: all partial derivatives by finite differences against one backward pass (~10 s).

The same measurement ``make train`` records in the bundle (``netcore.fd_timing.measure``): the
bundle's chapter-3 snapshot network, its timing batch (the first 100 training images, stored in the
bundle, so no MNIST files are needed), P + 1 forward passes against one forward and one backward
pass (best of 20), the linear algebra on one thread. Measured again here, now, on this machine; the
bundle's own figures are printed beside it for comparison.
"""

from __future__ import annotations


def run(args) -> dict:
    from netcore import bundle, fd_timing
    from netcore.network import one_hot

    b = bundle.load()
    record = b.backprop
    images, labels = b.arrays["backprop_timing_image"], b.arrays["backprop_timing_label"]
    x, y = images.reshape(len(images), -1) / 255.0, one_hot(labels, b.sizes[-1])
    measured = fd_timing.measure(record.network, x, y, record.timing.h)
    return {
        "finite_difference_seconds": measured.fd_seconds,
        "backprop_seconds": measured.backprop_seconds,
        "finite_difference_vs_backprop_ratio": measured.ratio,
        "finite_difference_passes": measured.passes,
        "finite_difference_batch": measured.batch,
        "finite_difference_max_abs_difference": measured.max_difference,
        "bundle_finite_difference_vs_backprop_ratio": record.timing.ratio,
        "bundle_timing_machine": record.timing.machine,
    }
