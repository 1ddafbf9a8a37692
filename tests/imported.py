"""An imported 784-30-10 network and its bundle, built once per test session and shared by every module
that checks the product for "any network the README says can be imported" (netcore's import, the bundle,
the scenes, the spoken numbers). Built once, the scene renders of one module are reused by the next
(``tests.scene_render.rendered`` keys them by the bundle's folder)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netcore import cli, recipes
from netcore.network import Network
from netcore.train import train
from tests.netcore.test_cli import subset, write_dir

QUICK = ["--quiet", "--quick-experiments", "--epochs", "1"]


def save_nielsen_json(net: Network, path: Path) -> Path:
    """What network2.py's Network.save() writes."""
    path.write_text(json.dumps({"sizes": list(net.sizes), "weights": [w.tolist() for w in net.W],
                                "biases": [b.reshape(-1, 1).tolist() for b in net.b], "cost": "CrossEntropyCost"}))
    return path


@pytest.fixture(scope="session")
def mnist_dir(data, tmp_path_factory) -> Path:
    """600 training and 200 test digits as IDX files (20 test images of every digit)."""
    return write_dir(tmp_path_factory.mktemp("mnist-import"), subset(data.train, 60), subset(data.test, 20))


@pytest.fixture(scope="session")
def net30(small_train) -> Network:
    """A 784-30-10 network trained briefly here, standing in for one trained elsewhere."""
    return train(small_train, None, recipes.DEFAULT.with_(epochs=3), seed=3, sizes=(784, 30, 10), progress=False,
                 keep_history=False).network


@pytest.fixture(scope="session")
def imported_dir(tmp_path_factory, mnist_dir, net30) -> Path:
    """An imported 784-30-10 bundle (quick experiments). Tests read it; one that changes it copies it first."""
    base = tmp_path_factory.mktemp("imported30")
    path = save_nielsen_json(net30, base / "net30.json")
    code = cli.main(["import", str(path), "--data", str(mnist_dir), "--out", str(base / "bundle"), *QUICK])
    assert code == 0
    return base / "bundle"
