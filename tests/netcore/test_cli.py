"""``python -m netcore``: info, evaluate and train do what they say, and bad data is refused by name."""

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from netcore import bundle, cli, idx, mnist
from netcore.train import evaluate
from tests import ci

ROOT = Path(__file__).resolve().parents[2]
ASSETS = bundle.DEFAULT_DIR


def env(**extra) -> dict:
    """The environment of a subprocess: never downloads, reads the committed bundle by default."""
    e = {k: v for k, v in os.environ.items() if k not in ("NETCORE_BUNDLE_DIR", "NETCORE_MNIST_DIR")}
    e["NETCORE_OFFLINE"] = "1"
    e.update(extra)
    return e


def netcore(*args, **extra_env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "netcore", *map(str, args)], cwd=ROOT, env=env(**extra_env),
                          capture_output=True, text=True, timeout=120)


def run_main(capsys, *args) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def write_dir(directory: Path, train, test, compress=True) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    suffix = ".gz" if compress else ""
    for key, split in (("train", train), ("test", test)):
        idx.write_idx(directory / (mnist.FILES[f"{key}_images"] + suffix), split.images, compress)
        idx.write_idx(directory / (mnist.FILES[f"{key}_labels"] + suffix), split.labels, compress)
    return directory


def subset(split: mnist.Split, per_class: int) -> mnist.Split:
    """The first ``per_class`` images of each digit, in their original order."""
    keep = np.sort(np.concatenate([np.flatnonzero(split.labels == d)[:per_class] for d in range(10)]))
    return mnist.Split(split.images[keep], split.labels[keep])


@pytest.fixture(scope="module")
def small_dir(data, tmp_path_factory) -> Path:
    """600 training and 200 test digits as gzip IDX files."""
    return write_dir(tmp_path_factory.mktemp("mnist-small"), subset(data.train, 60), subset(data.test, 20))


@pytest.fixture(scope="module")
def trainings(small_dir, tmp_path_factory) -> dict:
    """Three `train` runs in parallel: seed 0 twice (into different directories, from the same files
    in different places, as on two machines) and seed 1."""
    base = tmp_path_factory.mktemp("trained")
    runs = {name: base / name for name in ("a", "b", "seed1")}
    elsewhere = shutil.copytree(small_dir, base / "another-machine" / "mnist")
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-m", "netcore", "train", "--data", str(elsewhere if name == "b" else small_dir),
             "--epochs", "1",
             "--seed", "1" if name == "seed1" else "0", "--out", str(out), "--quiet", "--json", "--quick-experiments"],
            cwd=ROOT, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for name, out in runs.items()
    }
    results = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results[name] = {"dir": runs[name], "stdout": out, "stderr": err}
    return results


# ---------------------------------------------------------------------------- info


def test_info_json_describes_the_default_bundle():
    proc = netcore("info", "--json")
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)
    meta = bundle.load(ASSETS).meta
    assert info == meta


def test_info_follows_bundle_option_and_environment(trainings):
    other = trainings["a"]["dir"]
    by_option = json.loads(netcore("info", "--bundle", other, "--json").stdout)
    by_env = json.loads(netcore("info", "--json", NETCORE_BUNDLE_DIR=str(other)).stdout)
    assert by_option == by_env == bundle.load(other).meta
    assert by_option["npz_sha256"] != bundle.load(ASSETS).meta["npz_sha256"]


def test_info_text_mentions_the_accuracy(capsys):
    code, out, err = run_main(capsys, "info", "--bundle", ASSETS)
    meta = bundle.load(ASSETS).meta
    assert code == 0 and not err
    assert f"{meta['test_accuracy']:.2%}" in out
    assert f"{meta['test_correct']:,}/{meta['test_total']:,}" in out
    sizes = "-".join(map(str, meta["sizes"]))
    assert f"{sizes} {meta['activation']}, {meta['parameter_count']:,} parameters" in out
    assert f"featured      test:{meta['default_digit']} " in out and meta["default_digit_note"] in out


def test_info_on_a_broken_bundle_is_one_line(tmp_path):
    shutil.copytree(ASSETS, tmp_path / "b")
    (tmp_path / "b" / bundle.JSON_NAME).write_text("{")
    proc = netcore("info", "--bundle", tmp_path / "b")
    assert proc.returncode == 1 and not proc.stdout
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert str(tmp_path / "b" / bundle.JSON_NAME) in proc.stderr and "make train" in proc.stderr


# ---------------------------------------------------------------------------- evaluate


@pytest.mark.parametrize("which", ["small", "environment"])
def test_evaluate_json_matches_evaluate(capsys, small_dir, which):
    if which == "environment":
        directory = Path(ci.mnist_dir())
    else:
        directory = small_dir
    code, out, err = run_main(capsys, "evaluate", "--json", "--data", directory, "--bundle", ASSETS)
    assert code == 0, err
    result = json.loads(out)
    b = bundle.load(ASSETS)
    test = mnist.load_dir(directory).test
    expected = evaluate(b.network, test)
    assert result["accuracy"] == pytest.approx(expected.accuracy, abs=1e-12)
    assert result["average_cost"] == pytest.approx(expected.cost, rel=1e-12)
    assert (result["correct"], result["total"]) == (expected.correct, expected.total) == (
        expected.correct, len(test))
    assert result["data_location"] == str(directory.resolve())
    theirs = b.meta["data_source"]["files"]["test_images"]["sha256"]
    same = mnist.file_digests(next(directory.glob(mnist.FILES["test_images"] + "*")))["sha256"] == theirs
    assert same or which == "small" or not ci.ON_CI, "under CI, NETCORE_MNIST_DIR must hold the bundle's test set"
    if same:
        # The very test set the bundle was made with: the same accuracy as the bundle quotes.
        assert result["accuracy"] == b.meta["test_accuracy"]
        assert result["average_cost"] == pytest.approx(b.meta["test_cost"], rel=1e-12)


def test_evaluate_text(capsys, small_dir):
    code, out, err = run_main(capsys, "evaluate", "--data", small_dir, "--bundle", ASSETS)
    expected = evaluate(bundle.load(ASSETS).network, mnist.load_dir(small_dir).test)
    assert code == 0 and f"accuracy {expected.accuracy:.2%}" in out and str(small_dir.resolve()) in out


# ---------------------------------------------------------------------------- train


def test_train_writes_a_bundle_that_info_reads(trainings, small_dir):
    run = trainings["a"]
    summary = json.loads(run["stdout"])
    assert summary["bundle"] == str(run["dir"])
    assert sorted(p.name for p in run["dir"].iterdir()) == [bundle.JSON_NAME, bundle.NPZ_NAME]
    proc = netcore("info", "--bundle", run["dir"], "--json")
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)
    for key in ("test_accuracy", "seed", "activation", "sizes", "default_digit"):
        assert summary[key] == info[key], key
    assert summary["seconds"] > 0
    # Where the data sat is said on the terminal, never kept in the bundle: what it was is.
    assert str(small_dir.resolve()) not in (run["dir"] / bundle.JSON_NAME).read_text()
    assert "location" not in info["data_source"] and info["data_source"]["kind"] == "directory"
    assert {f["file"] for f in info["data_source"]["files"].values()} == {p.name for p in small_dir.iterdir()}
    assert (info["data_source"]["train_count"], info["data_source"]["test_count"]) == (600, 200)
    assert info["recipe"]["epochs"] == 1 and info["seed"] == 0
    # The accuracy it reports is that of the network it wrote, on the data it was given.
    expected = evaluate(bundle.load(run["dir"]).network, mnist.load_dir(small_dir).test)
    assert info["test_accuracy"] == expected.accuracy
    assert "OFFLINE FALLBACK" not in run["stderr"] and str(small_dir.resolve()) in run["stderr"]


def test_train_is_byte_deterministic_wherever_the_files_are(trainings):
    """Runs "a" and "b" read the same files from different directories: the same bytes, and the same JSON
    but for the seconds measured while building (``bundle.MEASURED``)."""
    a, b, other = (trainings[k]["dir"] / bundle.NPZ_NAME for k in ("a", "b", "seed1"))
    assert a.read_bytes() == b.read_bytes() and a.read_bytes() != other.read_bytes()
    a, b, other = (bundle.reproducible_meta(json.loads((trainings[k]["dir"] / bundle.JSON_NAME).read_text()))
                   for k in ("a", "b", "seed1"))
    assert a == b and a != other


def _bad_dirs(data):
    """name -> (make(directory), the file the message must name, what it must say)."""
    train, test = subset(data.train, 6), subset(data.test, 3)
    imgs, lbls = mnist.FILES["train_images"], mnist.FILES["train_labels"]

    def good(d):
        return write_dir(d, train, test, compress=False)

    def corrupt(name, fn):
        def make(d):
            good(d)
            path = d / name
            path.write_bytes(fn(path.read_bytes()))

        return make

    def remove(name):
        def make(d):
            good(d)
            (d / name).unlink()

        return make

    def relabel(keep):
        def make(d):
            write_dir(d, train, mnist.Split(test.images[keep(test)], test.labels[keep(test)]), compress=False)

        return make

    def empty_train(d):
        write_dir(d, mnist.Split(train.images[:0], train.labels[:0]), test, compress=False)

    return {
        "missing-directory": (lambda d: None, "", "MNIST directory not found"),
        "missing-file": (remove(lbls), lbls + ".gz", "file not found"),
        "wrong-magic": (corrupt(imgs, lambda b: b"\x00\x00\x08\x01" + b[4:]), imgs, "wrong magic number 2049"),
        "truncated": (corrupt(mnist.FILES["test_images"], lambda b: b[:-100]), mnist.FILES["test_images"],
                      "truncated"),
        "truncated-header": (corrupt(lbls, lambda b: b[:6]), lbls, "truncated header"),
        "trailing-bytes": (corrupt(lbls, lambda b: b + b"\x01"), lbls, "trailing bytes"),
        "count-mismatch": (corrupt(lbls, lambda b: b[:4] + (len(train) - 1).to_bytes(4, "big") + b[8:-1]),
                           imgs, "count mismatch"),
        "bad-label": (corrupt(lbls, lambda b: b[:-1] + b"\x0c"), lbls, "label 12 out of range"),
        "corrupt-gzip": (corrupt(imgs, lambda b: gzip.compress(b)[:-30]), imgs,
                         "corrupt or truncated gzip"),
        "test-set-lacks-a-digit": (relabel(lambda s: s.labels != 7), mnist.FILES["test_labels"],
                                   "no image of digit 7"),
        "empty-training-set": (empty_train, lbls, "training set is empty"),
    }


BAD_NAMES = ["missing-directory", "missing-file", "wrong-magic", "truncated", "truncated-header", "trailing-bytes",
             "count-mismatch", "bad-label", "corrupt-gzip", "test-set-lacks-a-digit", "empty-training-set"]


@pytest.mark.parametrize("case", BAD_NAMES)
def test_train_refuses_bad_data_and_writes_nothing(capsys, data, tmp_path, case):
    make, file, problem = _bad_dirs(data)[case]
    directory = tmp_path / "mnist"
    make(directory)
    out = tmp_path / "out" / "bundle"
    code, stdout, stderr = run_main(capsys, "train", "--data", directory, "--epochs", "1", "--out", out, "--quiet",
                                   "--quick-experiments")
    assert code != 0
    assert not stdout
    assert stderr.count("\n") == 1 and stderr.startswith("netcore: error: "), stderr
    assert str(directory / file) in stderr and problem in stderr, stderr
    assert not (tmp_path / "out").exists()


def test_train_with_bad_data_leaves_an_existing_bundle_untouched(data, tmp_path):
    make, file, problem = _bad_dirs(data)["wrong-magic"]
    make(tmp_path / "mnist")
    out = shutil.copytree(ASSETS, tmp_path / "out")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    proc = netcore("train", "--data", tmp_path / "mnist", "--epochs", "1", "--out", out, "--quiet",
                   "--quick-experiments")
    assert proc.returncode == 1 and not proc.stdout
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert str(tmp_path / "mnist" / file) in proc.stderr and problem in proc.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_unknown_command_and_option_are_usage_errors():
    assert netcore("frobnicate").returncode == 2
    assert netcore("train", "--recipe", "nope").returncode == 2
