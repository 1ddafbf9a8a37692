"""IDX parsing: valid files of any count load; every malformed file is refused by name."""

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest

from netcore import idx, mnist
from netcore.errors import DataError


def write_set(directory, n_train=30, n_test=12, compress=True):
    rng = np.random.default_rng(0)
    directory.mkdir(parents=True, exist_ok=True)
    suffix = ".gz" if compress else ""
    for key, n in (("train", n_train), ("test", n_test)):
        idx.write_idx(directory / (mnist.FILES[f"{key}_images"] + suffix),
                      rng.integers(0, 256, (n, 28, 28)), compress)
        idx.write_idx(directory / (mnist.FILES[f"{key}_labels"] + suffix), rng.integers(0, 10, n), compress)
    return directory


@pytest.mark.parametrize("compress", [True, False])
def test_any_count_loads_gzip_or_raw(tmp_path, compress):
    data = mnist.load_dir(write_set(tmp_path / "d", n_train=37, compress=compress))
    assert data.train.images.shape == (37, 28, 28) and data.train.images.dtype == np.uint8
    assert data.train.labels.shape == (37,)
    assert data.source["train_count"] == 37 and data.source["test_count"] == 12
    assert set(data.source["files"]["train_images"]) >= {"md5", "sha256", "bytes"}


def test_the_count_is_the_files_header_not_assumed(data):
    """60,000 for the official files, 24,345 for the shared subset: whatever the header says."""
    assert len(data.train) == len(data.train.labels) == data.source["train_count"]
    if data.source["kind"] == "directory":
        path = next(Path(data.location).glob(mnist.FILES["train_images"] + "*"))
        with (gzip.open(path) if path.suffix == ".gz" else open(path, "rb")) as f:
            assert struct.unpack(">II", f.read(8))[1] == len(data.train), path


def raw_images(n=3, magic=idx.IMAGES_MAGIC, dims=(28, 28)):
    return struct.pack(">I", magic) + struct.pack(">3I", n, *dims) + bytes(n * dims[0] * dims[1])


@pytest.mark.parametrize(
    "payload, message",
    [
        (raw_images(magic=2049), "wrong magic number 2049 (expected 2051)"),
        (raw_images()[:-5], "truncated"),
        (raw_images()[:10], "truncated header"),
        (raw_images() + b"xx", "unexpected trailing bytes"),
        (raw_images(dims=(20, 20)), "images are 20x20, expected 28x28"),
    ],
)
def test_bad_image_file_is_refused_by_name(tmp_path, payload, message):
    path = tmp_path / "t10k-images-idx3-ubyte"
    path.write_bytes(payload)
    with pytest.raises(DataError) as err:
        idx.read_images(path)
    assert message in str(err.value) and str(path) in str(err.value)
    assert "\n" not in str(err.value)


def test_corrupt_gzip_is_refused(tmp_path):
    path = tmp_path / "x.gz"
    path.write_bytes(gzip.compress(raw_images())[:-20])
    with pytest.raises(DataError, match="corrupt or truncated gzip"):
        idx.read_images(path)


def test_label_out_of_range(tmp_path):
    path = tmp_path / "labels"
    path.write_bytes(struct.pack(">II", idx.LABELS_MAGIC, 2) + bytes([1, 12]))
    with pytest.raises(DataError, match="label 12 out of range"):
        idx.read_labels(path)


def test_count_mismatch_between_images_and_labels(tmp_path):
    directory = write_set(tmp_path / "d")
    idx.write_idx(directory / (mnist.FILES["train_labels"] + ".gz"), np.zeros(29))
    with pytest.raises(DataError, match="count mismatch: 30 images but .* 29 labels"):
        mnist.load_dir(directory)


def test_missing_directory_and_missing_file(tmp_path):
    with pytest.raises(DataError, match="MNIST directory not found"):
        mnist.load_dir(tmp_path / "nowhere")
    directory = write_set(tmp_path / "d")
    (directory / (mnist.FILES["test_labels"] + ".gz")).unlink()
    with pytest.raises(DataError, match="t10k-labels-idx1-ubyte.gz: file not found"):
        mnist.load_dir(directory)


def test_explicit_directory_wins_over_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("NETCORE_MNIST_DIR", str(tmp_path / "nowhere"))
    data = mnist.load(write_set(tmp_path / "d", n_train=5))
    assert len(data.train) == 5
    with pytest.raises(DataError, match="nowhere: MNIST directory not found"):
        mnist.load()


def test_packaged_fallback_is_loud_and_labelled(capsys):
    data = mnist.load_fallback()
    assert data.source["kind"] == "packaged-fallback"
    assert len(data.train) == 4000 and len(data.test) == 1000
    assert np.bincount(data.test.labels).tolist() == [100] * 10
    assert "OFFLINE FALLBACK" in capsys.readouterr().err


def test_offline_without_sources_falls_back(tmp_path, monkeypatch):
    monkeypatch.delenv("NETCORE_MNIST_DIR", raising=False)
    monkeypatch.setenv("NETCORE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NETCORE_OFFLINE", "1")
    assert mnist.load().source["kind"] == "packaged-fallback"
