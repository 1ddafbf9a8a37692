"""``python -m netcore import FILE``: each format imports with its real accuracy; bad files are refused
in one line and leave the bundle untouched; the bundle says where the network and its history came from."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from netcore import bundle, cli, importer, mnist
from netcore.errors import NetworkFileError
from netcore.network import Network
from netcore.train import evaluate
from tests import ci
from tests.imported import QUICK, save_nielsen_json

ROOT = Path(__file__).resolve().parents[2]
ASSETS = bundle.DEFAULT_DIR
DATA = Path(__file__).resolve().parents[1] / "data"
PY2_PICKLE = DATA / "classic_784-10-10.py2.pkl"


# ---------------------------------------------------------------------------- fixture networks and files


@pytest.fixture(scope="module")
def test_split(mnist_dir) -> mnist.Split:
    return mnist.load_dir(mnist_dir).test


def save_npz(net: Network, path: Path, column_biases: bool = False) -> Path:
    np.savez(path, **{f"W{l + 1}": w for l, w in enumerate(net.W)},
             **{f"b{l + 1}": b.reshape(-1, 1) if column_biases else b for l, b in enumerate(net.b)})
    return path


def save_pickle(net: Network, path: Path, protocol: int = pickle.DEFAULT_PROTOCOL) -> Path:
    with open(path, "wb") as f:
        pickle.dump((list(net.W), [b.reshape(-1, 1) for b in net.b]), f, protocol=protocol)
    return path


def run(capsys, *args) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def parameter_digest(net: Network) -> str:
    """As tests/data/make_py2_pickle.py records it."""
    h = hashlib.sha256()
    for w, b in zip(net.W, net.b):
        h.update(np.ascontiguousarray(w, dtype="<f8").tobytes())
        h.update(np.ascontiguousarray(b, dtype="<f8").tobytes())
    return h.hexdigest()


# ---------------------------------------------------------------------------- each format


@pytest.mark.parametrize("fmt", ["npz", "npz-column-biases", "json", "pickle", "pickle-protocol-2"])
def test_each_format_imports_with_its_real_accuracy(capsys, tmp_path, mnist_dir, test_split, net30, fmt):
    path = {
        "npz": lambda: save_npz(net30, tmp_path / "net.npz"),
        "npz-column-biases": lambda: save_npz(net30, tmp_path / "net.npz", column_biases=True),
        "json": lambda: save_nielsen_json(net30, tmp_path / "net.json"),
        "pickle": lambda: save_pickle(net30, tmp_path / "net.pkl"),
        "pickle-protocol-2": lambda: save_pickle(net30, tmp_path / "net.pkl", protocol=2),
    }[fmt]()
    extra = ["--allow-pickle"] if fmt.startswith("pickle") else []
    out = tmp_path / "bundle"
    code, stdout, stderr = run(capsys, "import", path, "--data", mnist_dir, "--out", out, "--json", *QUICK, *extra)
    assert code == 0, stderr
    summary = json.loads(stdout)
    expected = evaluate(net30, test_split)
    assert (summary["test_accuracy"], summary["test_correct"]) == (expected.accuracy, expected.correct)
    assert f"test accuracy {expected.accuracy:.2%}" in stderr  # said before the long reference run
    b = bundle.load(out)
    assert b.sizes == (784, 30, 10) and b.meta["test_accuracy"] == expected.accuracy
    for w, mine in zip(b.network.W + b.network.b, net30.W + net30.b):
        np.testing.assert_array_equal(w, mine)
    assert b.source["format"] == fmt.split("-")[0]
    # The file by name and checksum, not by where it sat: imported anywhere, the same bundle.
    assert b.source["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest() and b.source["name"] == path.name
    assert str(tmp_path) not in (out / bundle.JSON_NAME).read_text()
    assert ("unpickling can run code" in stderr) == fmt.startswith("pickle")


def test_python2_pickle_of_the_classic_code(capsys, tmp_path, mnist_dir, test_split):
    """A genuine Python 2 cPickle (made by tests/data/make_py2_pickle.py): array bytes as Python 2 strings."""
    import pickletools

    ops = {op.name for op, *_ in pickletools.genops(PY2_PICKLE.read_bytes())}
    assert {"SHORT_BINSTRING", "BINSTRING"} & ops and "BINBYTES" not in ops and "SHORT_BINBYTES" not in ops
    record = json.loads(PY2_PICKLE.with_suffix(".json").read_text())
    assert "python 2.7" in record["made_by"]
    imported = importer.read(PY2_PICKLE, allow_pickle=True)
    assert imported.network.sizes == (784, 10, 10) and parameter_digest(imported.network) == record["parameter_sha256"]

    out = tmp_path / "bundle"
    code, stdout, stderr = run(capsys, "import", PY2_PICKLE, "--allow-pickle", "--data", mnist_dir, "--out", out,
                               "--json", *QUICK)
    assert code == 0, stderr
    assert json.loads(stdout)["test_accuracy"] == evaluate(imported.network, test_split).accuracy
    if ci.MNIST_DIR or ci.ON_CI:
        # On the very test set the fixture was measured on: the accuracy recorded when it was made.
        full = mnist.load_dir(ci.mnist_dir())
        same = full.source["files"]["test_images"]["sha256"] == record["test_images_sha256"]
        assert same or not ci.ON_CI, "under CI, NETCORE_MNIST_DIR must hold the official MNIST test set"
        if same:
            assert evaluate(imported.network, full.test).correct == record["test_correct"]


def test_own_bundle_npz_imports(tmp_path):
    """This project's W0../b0.. naming is accepted, so a bundle's own npz imports as itself."""
    imported = importer.read(ASSETS / bundle.NPZ_NAME)
    committed = bundle.load(ASSETS).network
    assert imported.network.sizes == committed.sizes
    np.testing.assert_array_equal(imported.network.W[1], committed.W[1])


def test_format_can_be_forced_and_detection_ignores_the_name(tmp_path, net30):
    odd = save_nielsen_json(net30, tmp_path / "weights.bin")
    assert importer.read(odd).format == "json"
    assert importer.read(odd, "json").format == "json"
    with pytest.raises(NetworkFileError, match="not a readable npz"):
        importer.read(odd, "npz")


# ---------------------------------------------------------------------------- the bundle says where things came from


def test_bundle_records_provenance_and_a_reference_run(imported_dir, net30):
    b = bundle.load(imported_dir)
    assert b.imported and b.source["kind"] == "imported" and b.source["name"] == "net30.json"
    assert b.source["format"] == "json" and b.source["objective"] == "cross_entropy"
    assert "imported from net30.json" in b.source["description"]
    history = b.source["history_source"]
    assert history["sizes"] == [784, 30, 10] and "trained here" in history["description"]
    note = b.history_note
    assert "784-30-10" in note and "trained here" in note and "net30.json" in note
    # The history is a real run of the same sizes from a random start, not the imported network.
    steps, params = b.arrays["snapshot_step"], b.arrays["snapshot_params"]
    assert steps[0] == 0 and params.shape[1] == net30.parameter_count
    np.testing.assert_allclose(params[0], b.initial_network.to_vector().astype(np.float32))
    assert not np.allclose(params[-1], net30.to_vector().astype(np.float32))
    assert b.meta["memorize"]["sizes"] == [784, 30, 10]
    # What describes the network itself is the imported network's: its answer to noise...
    np.testing.assert_allclose(b.run(b.arrays["noise_image"][0]).output, b.arrays["noise_output"][0], atol=1e-6)
    # ...and its curated digits' activations.
    d = b.default_digit
    np.testing.assert_allclose(net30.forward(d.image.reshape(-1) / 255.0).output, d.output)


def test_info_names_the_source(capsys, imported_dir):
    code, out, err = run(capsys, "info", "--bundle", imported_dir)
    assert code == 0 and "imported from net30.json" in out and "784-30-10" in out


# ---------------------------------------------------------------------------- malformed files


def _bad_files(net: Network):
    """name -> (write(path) -> path, extra args, what the message must say)."""
    W, b = list(net.W), list(net.b)

    def npz(weights, biases, **extra):
        def write(path):
            np.savez(path, **{f"W{l + 1}": w for l, w in enumerate(weights)},
                     **{f"b{l + 1}": x for l, x in enumerate(biases)}, **extra)
            return path.with_suffix(".npz")
        return write

    def raw(data: bytes, suffix=".bin"):
        def write(path):
            path = path.with_suffix(suffix)
            path.write_bytes(data)
            return path
        return write

    def truncated(write_full, suffix):
        def write(path):
            full = write_full(path.with_suffix(suffix))
            data = full.read_bytes()
            full.write_bytes(data[: len(data) // 2])
            return full
        return write

    nan = W[0].copy()
    nan[3, 100] = np.nan
    return {
        "wrong-shapes": (npz([W[0], W[1][:, :29]], b), [], "29 inputs, but the layer before has 30"),
        "nan": (npz([nan, W[1]], b), [], "W1 holds 1 non-finite value"),
        "wrong-input-size": (npz([W[0][:, :783], W[1]], b), [], "the input layer has 783 neurons"),
        "wrong-output-size": (npz([W[0], W[1][:9]], [b[0], b[1][:9]]), [], "the output layer has 9 neurons"),
        "no-hidden-layer": (npz([np.zeros((10, 784))], [np.zeros(10)]), [], "at least one hidden layer"),
        "bias-shape": (npz(W, [b[0][:29], b[1]]), [], "b1 has shape (29,), expected (30,) or (30, 1)"),
        "missing-bias": (npz(W, b[:1]), [], "bias arrays missing: b2"),
        "object-array": (npz(W, b, extra=np.array([None, 1], dtype=object)), [], "object arrays"),
        "not-a-network-file": (raw(b"GIF89a not a network"), [], "not an npz, JSON or pickle file"),
        "empty": (raw(b""), [], "not an npz, JSON or pickle file (first bytes: empty)"),
        "truncated-npz": (truncated(lambda p: save_npz(net, p), ".npz"), [], "not a readable npz"),
        "truncated-json": (truncated(lambda p: save_nielsen_json(net, p), ".json"), [], "not valid JSON"),
        "truncated-pickle": (truncated(lambda p: save_pickle(net, p), ".pkl"), ["--allow-pickle"],
                             "not a readable pickle"),
        "pickle-without-flag": (lambda p: save_pickle(net, p.with_suffix(".pkl")), [], "pass --allow-pickle"),
        "pickle-with-code": (raw(pickle.dumps(os.system)), ["--allow-pickle"], "refusing to load"),
        "json-sizes-disagree": (raw(json.dumps({"sizes": [784, 31, 10], "weights": [w.tolist() for w in W],
                                                "biases": [x.tolist() for x in b]}).encode(), ".json"), [],
                                "\"sizes\" says [784, 31, 10]"),
        "json-ragged": (raw(b'{"weights": [[[1, 2], [3]], [[1]]], "biases": [[0], [0]]}', ".json"), [],
                        "not a rectangular array of numbers"),
        "json-not-a-network": (raw(b'{"hello": "world"}', ".json"), [], "expected network2.py's JSON object"),
        "forced-wrong-format": (lambda p: save_npz(net, p.with_suffix(".npz")), ["--format", "json"],
                                "not UTF-8 text"),
        "missing-file": (lambda p: p.with_name("nowhere.npz"), [], "file not found"),
        "directory": (lambda p: (p.with_name("folder.npz").mkdir(), p.with_name("folder.npz"))[1], [],
                      "is a directory"),
        "all-transposed": (npz([w.T for w in W], b), [], "weights look transposed: W1 is (784, 30), W2 is (30, 10)"),
        "all-transposed-column-biases": (npz([w.T for w in W], [x.reshape(-1, 1) for x in b]), [],
                                         "weights look transposed"),
    }


BAD = ["wrong-shapes", "nan", "wrong-input-size", "wrong-output-size", "no-hidden-layer", "bias-shape",
       "missing-bias", "object-array", "not-a-network-file", "empty", "truncated-npz", "truncated-json",
       "truncated-pickle", "pickle-without-flag", "pickle-with-code", "json-sizes-disagree", "json-ragged",
       "json-not-a-network", "forced-wrong-format", "missing-file", "directory", "all-transposed",
       "all-transposed-column-biases"]


@pytest.mark.parametrize("case", BAD)
def test_malformed_file_is_one_line_and_the_bundle_is_untouched(capsys, tmp_path, mnist_dir, net30, case):
    write, extra, problem = _bad_files(net30)[case]
    path = write(tmp_path / "net")
    out = shutil.copytree(ASSETS, tmp_path / "assets")
    before, committed = snapshot(out), snapshot(ASSETS)
    code, stdout, stderr = run(capsys, "import", path, "--data", mnist_dir, "--out", out, *QUICK, *extra)
    assert code == 1 and not stdout
    lines = [line for line in stderr.splitlines() if not line.startswith("netcore: warning:")]
    assert len(lines) == 1 and lines[0].startswith(f"netcore: error: {path}: "), stderr
    assert problem in lines[0], lines[0]
    assert snapshot(out) == before and snapshot(ASSETS) == committed
    assert sorted(p.name for p in out.iterdir()) == [bundle.JSON_NAME, bundle.NPZ_NAME]


def test_malformed_file_from_the_command_line_leaves_assets_byte_identical(tmp_path, net30):
    """The real command, default output directory (assets/): exit 1, one line, no traceback, nothing written."""
    broken = net30.copy()
    broken.W[1][4, 2] = np.nan
    bad = save_nielsen_json(broken, tmp_path / "net.json")  # NaN is written as JSON's NaN literal
    before = snapshot(ASSETS)
    env = {k: v for k, v in os.environ.items() if k != "NETCORE_BUNDLE_DIR"}
    proc = subprocess.run([sys.executable, "-m", "netcore", "import", str(bad)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and not proc.stdout and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "non-finite" in proc.stderr
    assert snapshot(ASSETS) == before


def test_one_transposed_matrix_is_described_as_it_is(tmp_path, net30):
    """Only a file whose every matrix is transposed is called transposed; one odd layer is named as it is."""
    path = tmp_path / "odd.npz"
    np.savez(path, W1=net30.W[0], W2=net30.W[1].T, b1=net30.b[0], b2=net30.b[1])
    with pytest.raises(NetworkFileError) as err:
        importer.read(path)
    message = str(err.value).removeprefix(f"{path}: ")
    assert "transposed" not in message and "for the 30 neurons of W2" in message, message


@pytest.mark.parametrize("door, hint, not_hint", [("cli", "pass --allow-pickle", "ALLOW_PICKLE"),
                                                  ("make", "ALLOW_PICKLE=1", "--allow-pickle")])
def test_pickle_refusal_names_the_option_of_the_door_used(capsys, tmp_path, net30, door, hint, not_hint):
    """`make import FILE=x.pkl` runs the CLI with NETCORE_FRONT_DOOR=make: tell a make user make's option."""
    path = save_pickle(net30, tmp_path / "net.pkl")
    environ = {"NETCORE_FRONT_DOOR": "make"} if door == "make" else {}
    code = cli.main(["import", str(path), "--out", str(tmp_path / "out"), *QUICK], environ=environ)
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and hint in err and not_hint not in err, err
    assert not (tmp_path / "out").exists()


def test_unpickling_a_hostile_pickle_runs_nothing(tmp_path):
    marker = tmp_path / "ran"

    class Hostile:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    path = tmp_path / "evil.pkl"
    path.write_bytes(pickle.dumps(([Hostile()], [])))
    with pytest.raises(NetworkFileError, match="refusing to load"):
        importer.read(path, allow_pickle=True)
    assert not marker.exists()
