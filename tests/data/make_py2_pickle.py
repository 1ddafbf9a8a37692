"""Make ``classic_784-10-10.py2.pkl``: a genuine Python 2 pickle of ``(weights, biases)``.

The classic video's code saves its network with Python 2's ``cPickle.dump((network.weights,
network.biases), f)``: two lists of numpy arrays laid out like the book's ``network.py``
(``weights[l]`` of shape (k, n), ``biases[l]`` columns of shape (k, 1)). Python 2 stores
each array through ``numpy.core.multiarray._reconstruct`` with its raw bytes as a Python 2
``str`` (SHORT_BINSTRING / BINSTRING opcodes at protocol 2), which Python 3 can only read
with ``encoding="latin1"``. This fixture lets the tests check that ``python -m netcore
import`` reads exactly that.

How it is made (deterministic):
1. here, with the project's Python 3: a 784-10-10 sigmoid network is trained by netcore
   with the ``classic`` recipe (N(0, 1) start, quadratic cost, batch 10, learning rate
   3.0) for 3 epochs, seed 0, on the MNIST training files in ``NETCORE_MNIST_DIR``;
2. a real Python 2 with numpy writes the pickle (protocol 2, the binary one, so the file
   stays small; ``cPickle.dump``'s default protocol 0 is the same structure in ASCII);
3. ``classic_784-10-10.py2.json`` records what the tests compare with: the parameter
   vector's checksum and the network's accuracy on the official test set.

Run it from the repository root:

    PYTHON2=/path/to/python2 NETCORE_MNIST_DIR=../shared/mnist .venv/bin/python tests/data/make_py2_pickle.py

``PYTHON2`` needs numpy; without a system one: ``python2 -m pip install --target /tmp/py2np
numpy==1.16.6`` and ``PYTHONPATH=/tmp/py2np`` (numpy 1.16 is the last release for Python 2).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from netcore import mnist, recipes  # noqa: E402
from netcore.train import evaluate, train  # noqa: E402

NAME = "classic_784-10-10.py2"
SIZES = (784, 10, 10)
EPOCHS, SEED = 3, 0

# Runs under Python 2: read the arrays back from the npz and pickle them as the classic code does.
PY2_WRITER = r"""
import cPickle, sys
import numpy as np
npz = np.load(sys.argv[1])
layers = len([k for k in npz.files if k.startswith('W')])
weights = [npz['W%d' % (l + 1)] for l in range(layers)]
biases = [npz['b%d' % (l + 1)].reshape(-1, 1) for l in range(layers)]
with open(sys.argv[2], 'wb') as f:
    cPickle.dump((weights, biases), f, 2)
print('python %s, numpy %s' % (sys.version.split()[0], np.__version__))
"""


def parameter_digest(weights, biases) -> str:
    """sha256 of every parameter as little-endian float64, W1 b1 W2 b2 ... (biases flattened)."""
    h = hashlib.sha256()
    for w, b in zip(weights, biases):
        h.update(np.ascontiguousarray(w, dtype="<f8").tobytes())
        h.update(np.ascontiguousarray(np.ravel(b), dtype="<f8").tobytes())
    return h.hexdigest()


def main() -> None:
    python2 = os.environ.get("PYTHON2", "python2")
    data = mnist.load_dir(os.environ["NETCORE_MNIST_DIR"])
    result = train(data.train, data.test, recipes.CLASSIC.with_(epochs=EPOCHS), seed=SEED, sizes=SIZES,
                   progress=False)
    net = result.network
    with tempfile.TemporaryDirectory() as tmp:
        npz = Path(tmp) / "net.npz"
        np.savez(npz, **{f"W{l + 1}": w for l, w in enumerate(net.W)}, **{f"b{l + 1}": b for l, b in enumerate(net.b)})
        made_by = subprocess.run([python2, "-c", PY2_WRITER, str(npz), str(HERE / f"{NAME}.pkl")], check=True,
                                 capture_output=True, text=True).stdout.strip()
    ev = evaluate(net, data.test)
    record = {
        "sizes": list(SIZES),
        "made_by": made_by,
        "recipe": f"classic, {EPOCHS} epochs, seed {SEED}",
        "trained_on": f"{data.source['train_count']:,} MNIST training images ({data.location})",
        "parameter_sha256": parameter_digest(net.W, net.b),
        "test_images_sha256": data.source["files"]["test_images"]["sha256"],
        "test_accuracy": ev.accuracy,
        "test_correct": ev.correct,
    }
    (HERE / f"{NAME}.json").write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    print(f"{NAME}.pkl: {made_by}; test accuracy {ev.accuracy:.2%}")


if __name__ == "__main__":
    main()
