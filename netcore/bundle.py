"""The bundle: everything the videos show, in ``assets/`` as ``bundle.npz`` + ``bundle.json``.

This module is the one read API downstream code uses (:func:`load`). Loading
never unpickles, and it validates the schema version, every array's shape and
dtype, that values are finite, that the JSON and the npz belong together, and that their
values agree (``PARTS``: what the network and each experiment adds, see ``netcore.schema``).
Writing is atomic: both files are written under temporary names and moved into
place only when complete.

The network in the bundle was either trained here (``make train``) or imported
(``python -m netcore import``, see ``meta["source"]``). The training fields (``recipe``,
``seed``, ``history``, the ``init_*`` parameters and the chapter-2 training experiments)
always describe training netcore did: for an imported network, a reference run of the same
sizes (``meta["source"]["history_source"]``).

A bundle holds no machine path, clock time or anything else that differs between two runs of
the same training on the same files, with one declared exception: ``meta["measured"]``
(:data:`MEASURED`), the seconds chapter 3 quotes as measured on the machine that built the bundle
(finite differences against backprop) and a description of that machine. Retrained anywhere, the npz
is the same bytes and so is the JSON without that key (:func:`reproducible_meta`).
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
import zlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from netcore import backprop_experiment, experiments, npzio
from netcore.backprop import BackpropRecord
from netcore.errors import BundleError
from netcore.network import Network
from netcore.schema import Part

SCHEMA_VERSION = 5  # 5: chapter 3's backprop part (netcore.backprop_experiment) and the measured timings
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "assets"
NPZ_NAME, JSON_NAME = "bundle.npz", "bundle.json"
RETRAIN = "run `make train` to regenerate it"
MEASURED = "measured"  # the only metadata that differs between two builds: timings of the building machine
REMAKE = "run `make train` (or `make import FILE=...` for an imported network) to regenerate it"


def _roles_name_curated_digits(meta: dict, arrays: dict):
    curated = {int(i) for i in arrays["curated_index"]}
    roles = meta["curated_roles"]
    named = [meta["default_digit"]] + [i for role in ("threes", "each_digit", "mistakes") for i in roles.get(role, ())]
    if not all(i in curated for i in named):
        return "json", "curated_roles or default_digit name digits the npz lacks"
    return None


def _test_counts_are_the_predictions(meta: dict, arrays: dict):
    right = arrays["test_prediction"] == arrays["test_label"]
    if len(right) != meta["test_total"] or int(right.sum()) != meta["test_correct"]:
        return "json", "test_correct/test_total disagree with the npz's test_prediction and test_label"
    return None


# What the network itself brings (netcore.export.build): it, its random start, its answers.
NETWORK = Part(
    "the network",
    arrays=lambda sizes: {f"{prefix}{name}{l}": (shape, "f") for prefix in ("", "init_")
                          for l, (n, k) in enumerate(zip(sizes[:-1], sizes[1:]))
                          for name, shape in (("W", (k, n)), ("b", (k,)))},
    meta=("sizes", "activation", "parameter_count", "recipe.name", "recipe.epochs", "seed", "training_objective",
          "history", "npz_sha256", "source.kind", "source.description"),
    imported_meta=("source.name", "source.history_source.description"),
)
CURATED = Part(
    "the curated test digits, every layer of their forward pass",
    arrays=lambda sizes: {
        "curated_index": ((None,), "i"),
        "curated_label": ((None,), "u"),
        "curated_image": ((None, 28, 28), "u"),
        **{f"curated_{kind}{l}": ((None, width), "f") for l, width in enumerate(sizes)
           for kind in ("a", "z") if kind == "a" or l},
    },
    meta=("curated_roles.threes", "curated_roles.each_digit", "curated_roles.mistakes", "default_digit",
          "default_digit_note"),
    same_length=(("curated_",),),
    checks=(_roles_name_curated_digits,),
)
TEST_RESULTS = Part(
    "the network on the whole test set",
    arrays=lambda sizes: {"test_label": ((None,), "u"), "test_prediction": ((None,), "u"),
                          "test_output": ((None, sizes[-1]), "f")},
    meta=("data_source.kind", "data_source.train_count", "data_source.test_count", "data_source.files",
          "test_accuracy", "test_correct", "test_total", "test_cost"),
    same_length=(("test_",),),
    checks=(_test_counts_are_the_predictions,),
)
# Everything a bundle holds: the network's own parts, then each experiment's (netcore.experiments).
PARTS = (NETWORK, CURATED, TEST_RESULTS, *experiments.PARTS)

# Every metadata key something downstream reads (the scenes, the gallery, `python -m netcore info`),
# dotted for nested ones: a bundle lacking one fails at load, not halfway through a render.
REQUIRED_META = tuple(key for part in PARTS for key in part.meta)
# ...and for a network imported from elsewhere (the scenes' provenance notes).
REQUIRED_IMPORTED_META = tuple(key for part in PARTS for key in part.imported_meta)
# Arrays (by name prefix) that describe the same items and so must have the same length.
SAME_LENGTH = [group for part in PARTS for group in part.same_length]


def reproducible_meta(meta: dict) -> dict:
    """The metadata without :data:`MEASURED`: what two builds from the same data and code agree on."""
    return {k: v for k, v in meta.items() if k != MEASURED}


def default_dir() -> Path:
    """The committed bundle. Another one is chosen by passing its directory, never by the
    environment: only the CLI's entry point reads ``NETCORE_BUNDLE_DIR``."""
    return DEFAULT_DIR


def expected_arrays(sizes) -> dict[str, tuple[tuple, str]]:
    """name -> (shape with None for 'any length', dtype kind) for this schema version: every part's."""
    return {name: spec for part in PARTS for name, spec in part.arrays(sizes).items()}


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass(frozen=True)
class Digit:
    """One curated test digit with every layer of the trained network's forward pass."""

    test_index: int | None  # None for a user's own image
    label: int | None  # None when the true digit is unknown
    image: np.ndarray  # uint8 (28, 28)
    activations: list[np.ndarray]  # a0 (784,) ... a3 (10,)
    zs: list[np.ndarray]  # z1 ... z3
    source: str = ""  # how to name it on screen, e.g. "MNIST test image 18"

    @property
    def output(self) -> np.ndarray:
        return self.activations[-1]

    @property
    def prediction(self) -> int:
        return int(self.output.argmax())


class Bundle:
    """Read-only view of a validated bundle."""

    def __init__(self, meta: dict, arrays: dict[str, np.ndarray], directory: Path):
        self.meta = meta
        self.arrays = arrays
        self.directory = directory
        for arr in arrays.values():
            arr.setflags(write=False)

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(self.meta["sizes"])

    @property
    def source(self) -> dict:
        """Where the network came from: ``kind`` "trained" (here) or "imported" (``python -m netcore
        import``), with a ``description``."""
        return self.meta["source"]

    @property
    def imported(self) -> bool:
        return self.source.get("kind") == "imported"

    @property
    def history_note(self) -> str | None:
        """For an imported network, one line for every scene that shows training history (the
        random start, gradient, snapshots, cost curve, landscape, learning curves): those come
        from a reference run trained here, not from the imported file. None when trained here."""
        if not self.imported:
            return None
        sizes = "-".join(map(str, self.sizes))
        return (f"Training shown: a {sizes} network trained here from a random start (netcore "
                f"{self.meta['recipe']['name']} recipe, seed {self.meta['seed']}), not the imported "
                f"{self.source.get('name', 'network')}")

    def _network(self, prefix: str) -> Network:
        layers = len(self.sizes) - 1
        # Copies: the bundle's arrays are read-only, the network's parameters must not be.
        return Network(
            [self.arrays[f"{prefix}W{l}"].copy() for l in range(layers)],
            [self.arrays[f"{prefix}b{l}"].copy() for l in range(layers)],
            self.meta["activation"],
        )

    @cached_property
    def network(self) -> Network:
        """The trained network, built on first read from copies of the read-only arrays and then cached:
        every later read is the same object (a change to its parameters is seen by every reader)."""
        return self._network("")

    @cached_property
    def backprop(self) -> BackpropRecord:
        """Chapter 3's record: real training examples at an early snapshot (the rule in
        ``netcore.backprop_experiment``), their gradients and mean, the chain-rule factors of one
        output weight, SGD against full batch, finite differences against backprop (measured seconds).
        For an imported network it comes from the reference run (``reference_run``, ``note``)."""
        return backprop_experiment.record(self.meta, self.arrays, self.sizes, self.meta["activation"],
                                          self.history_note)

    @cached_property
    def initial_network(self) -> Network:
        """The same run's random starting point (cached like ``network``)."""
        return self._network("init_")

    @property
    def curated_indices(self) -> list[int]:
        return [int(i) for i in self.arrays["curated_index"]]

    def digit(self, test_index: int) -> Digit:
        """A curated test digit by its index in the test set."""
        where = np.flatnonzero(self.arrays["curated_index"] == test_index)
        if not where.size:
            raise KeyError(f"test image {test_index} is not among the bundle's curated digits")
        i = int(where[0])
        layers = len(self.sizes)
        return Digit(
            test_index=test_index,
            label=int(self.arrays["curated_label"][i]),
            image=self.arrays["curated_image"][i],
            activations=[self.arrays[f"curated_a{l}"][i] for l in range(layers)],
            zs=[self.arrays[f"curated_z{l}"][i] for l in range(1, layers)],
            source=f"MNIST test image {test_index}",
        )

    def run(self, image: np.ndarray, *, label: int | None = None, test_index: int | None = None,
            source: str = "") -> Digit:
        """Any 28x28 uint8 digit through the trained network, every layer kept."""
        image = np.asarray(image, dtype=np.uint8)
        if image.shape != (28, 28):
            raise BundleError(f"a digit must be 28x28, got {image.shape}")
        fwd = self.network.forward(image.reshape(-1) / 255.0)
        return Digit(test_index, label, image, fwd.activations, fwd.zs, source)

    def role(self, name: str) -> list[Digit]:
        """Curated digits by role: ``threes``, ``each_digit`` (0..9 in order) or ``mistakes``."""
        return [self.digit(i) for i in self.meta["curated_roles"][name]]

    @property
    def default_digit(self) -> Digit:
        """The digit the videos follow: a test 3 the network answers right when there is one
        (``meta["default_digit_note"]`` says which rule chose it, see ``export.featured``)."""
        return self.digit(self.meta["default_digit"])

    def initial_view(self) -> Digit:
        """The default digit through the run's random starting network (exported by netcore)."""
        d = self.default_digit
        layers = len(self.sizes)
        acts = [d.activations[0]] + [self.arrays[f"init_digit_a{l}"] for l in range(1, layers)]
        return Digit(d.test_index, d.label, d.image, acts, [], "the random starting network")


def validate(meta: dict, arrays: dict[str, np.ndarray], where: Path) -> None:
    json_path, npz_path = where / JSON_NAME, where / NPZ_NAME
    version = meta.get("schema_version")
    if version != SCHEMA_VERSION:
        age = "older than" if isinstance(version, int) and version < SCHEMA_VERSION else "not"
        raise BundleError(f"{json_path}: bundle schema version {version}, {age} the version {SCHEMA_VERSION} this "
                          f"code reads; {REMAKE}")
    imported = isinstance(meta.get("source"), dict) and meta["source"].get("kind") == "imported"
    for key in REQUIRED_META + (REQUIRED_IMPORTED_META if imported else ()):
        _require(meta, key, json_path)
    spec = expected_arrays(meta["sizes"])
    missing = sorted(set(spec) - set(arrays))
    if missing:
        raise BundleError(f"{npz_path}: arrays missing: {', '.join(missing)}; {RETRAIN}")
    for name, (shape, kind) in spec.items():
        arr = arrays[name]
        if arr.dtype.kind != kind and not (kind == "u" and arr.dtype.kind == "i"):
            raise BundleError(f"{npz_path}: {name} has dtype {arr.dtype}, expected kind {kind!r}; {RETRAIN}")
        if arr.ndim != len(shape) or any(s is not None and s != a for s, a in zip(shape, arr.shape)):
            raise BundleError(f"{npz_path}: {name} has shape {arr.shape}, expected {shape}; {RETRAIN}")
        if kind == "f" and not np.all(np.isfinite(arr)):
            raise BundleError(f"{npz_path}: {name} holds non-finite values; {RETRAIN}")
    for group in SAME_LENGTH:
        names = [n for n in spec if any(n.startswith(prefix) for prefix in group)]
        found = {n: arrays[n].shape[0] for n in names}
        if len(set(found.values())) > 1:
            names = ", ".join(prefix + ("*" if prefix.endswith("_") else "") for prefix in group)
            raise BundleError(f"{npz_path}: {names} arrays disagree on their length: {found}; {RETRAIN}")
    for part in PARTS:
        for check in part.checks:
            problem = check(meta, arrays)
            if problem:
                which, what = problem
                raise BundleError(f"{json_path if which == 'json' else npz_path}: {what}; {RETRAIN}")


def _require(meta: dict, dotted: str, json_path: Path) -> None:
    """One clear line naming the first missing part of ``dotted`` (``'landscape'`` when the whole
    record is missing, ``'landscape.subset_size'`` when only that field is)."""
    node, path = meta, []
    for part in dotted.split("."):
        path.append(part)
        if not isinstance(node, dict):
            raise BundleError(f"{json_path}: metadata {'.'.join(path[:-1])!r} is not an object; {RETRAIN}")
        if part not in node:
            raise BundleError(f"{json_path}: metadata lacks {'.'.join(path)!r}; {RETRAIN}")
        node = node[part]


def load(directory: Path | str | None = None) -> Bundle:
    """The bundle in ``directory`` (default: the committed one in ``assets/``), validated."""
    directory = Path(directory) if directory is not None else default_dir()
    json_path, npz_path = directory / JSON_NAME, directory / NPZ_NAME
    for path in (json_path, npz_path):
        if not path.is_file():
            raise BundleError(f"{path}: bundle file not found; {RETRAIN}")
    try:
        meta = json.loads(json_path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise BundleError(f"{json_path}: not valid JSON ({err}); {RETRAIN}") from None
    if not isinstance(meta, dict):
        raise BundleError(f"{json_path}: not a JSON object; {RETRAIN}")
    if meta.get("npz_sha256") not in (None, sha256_file(npz_path)) and meta.get("schema_version") == SCHEMA_VERSION:
        raise BundleError(f"{npz_path}: does not match {json_path.name} (checksum differs); {RETRAIN}")
    try:
        arrays = npzio.load(npz_path)
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error) as err:
        raise BundleError(f"{npz_path}: unreadable ({err}); {RETRAIN}") from None
    validate(meta, arrays, directory)
    return Bundle(meta, arrays, directory)


def save(directory: Path | str, meta: dict, arrays: dict[str, np.ndarray]) -> Path:
    """Validate, then write ``bundle.npz`` and ``bundle.json`` atomically into ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    tmp_npz = directory / (NPZ_NAME + ".tmp")
    tmp_json = directory / (JSON_NAME + ".tmp")
    try:
        npzio.save(tmp_npz, arrays)
        meta = {**meta, "schema_version": SCHEMA_VERSION, "npz_sha256": sha256_file(tmp_npz)}
        validate(meta, npzio.load(tmp_npz), directory)
        tmp_json.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")
        os.replace(tmp_npz, directory / NPZ_NAME)
        os.replace(tmp_json, directory / JSON_NAME)
    finally:
        for tmp in (tmp_npz, tmp_json):
            tmp.unlink(missing_ok=True)
    return directory
