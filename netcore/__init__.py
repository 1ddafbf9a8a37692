"""netcore: the real 784-16-16-10 network behind the explainer videos.

Loads MNIST, trains the network with numpy, runs the experiments the videos
need and exports them to a versioned bundle in ``assets/``. Never imports manim.
"""

from netcore.errors import NetcoreError, DataError, BundleError

__all__ = ["NetcoreError", "DataError", "BundleError"]
