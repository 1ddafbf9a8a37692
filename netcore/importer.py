"""Read a network trained elsewhere, and refuse anything that is not a 784-...-10 network.

Three formats, recognised by their first bytes (``fmt`` forces one):

- ``npz``: arrays ``W1..WL`` and ``b1..bL`` (this project's own ``W0..``/``b0..`` naming is
  accepted too, so a bundle's npz imports), ``W_l`` of shape (neurons of layer l, neurons of
  layer l-1) like ``Network.W``, biases 1-D or column vectors. Read with ``allow_pickle=False``.
- ``json``: what ``Network.save()`` of the book's ``network2.py`` (Nielsen, *Neural Networks and
  Deep Learning*) writes: ``sizes``, ``weights``, ``biases`` (column vectors) and ``cost``.
- ``pickle``: the ``(weights, biases)`` tuple the classic video's code saves with ``cPickle``
  (lists of arrays laid out like the book's ``network.py``), Python 2 pickles included. Unpickling
  can run code, so it needs ``allow_pickle=True``; even then only the globals that rebuild numpy
  arrays are resolved (see :class:`ArrayUnpickler`).

Everything is validated before a :class:`Network` is built: the shapes chain, every value is
finite, the input is 784 pixels, the output 10 digits, and there is at least one hidden layer.
Every problem is a :class:`NetworkFileError` with a one-line message naming the file.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from netcore.errors import NetworkFileError
from netcore.network import Network

FORMATS = ("npz", "json", "pickle")
INPUTS, OUTPUTS = 784, 10
PICKLE_FLAG = "--allow-pickle"
# How a user allows a pickle, by the door they came in through (the CLI passes the right one).
PICKLE_HINTS = {"cli": f"pass {PICKLE_FLAG}", "make": "add ALLOW_PICKLE=1 to the make command"}
PICKLE_WARNING = ("unpickling can run code hidden in the file; import pickles only from sources you trust "
                  "(netcore resolves nothing but numpy's array constructors)")
# network2.py's cost class names, as the objective the bundle records.
NIELSEN_COSTS = {"CrossEntropyCost": "cross_entropy", "QuadraticCost": "half_quadratic"}
FORMAT_NAMES = {
    "npz": "npz of W/b arrays",
    "json": "network2.py JSON",
    "pickle": "pickled weights and biases",
}


@dataclass(frozen=True)
class Imported:
    """A validated network and where it came from."""

    network: Network
    path: Path
    format: str  # npz | json | pickle
    detail: str  # e.g. "network2.py JSON, cost CrossEntropyCost"
    sha256: str
    objective: str | None = None  # what it was trained with, when the file says

    @property
    def description(self) -> str:
        return f"imported from {self.path.name} ({self.detail})"

    def provenance(self) -> dict:
        """The bundle's ``source`` record: the file by name and checksum, never by where it sat
        (the same file imported anywhere gives the same bundle)."""
        return {
            "kind": "imported",
            "description": self.description,
            "name": self.path.name,
            "format": self.format,
            "detail": self.detail,
            "sha256": self.sha256,
            "objective": self.objective or "unknown (trained elsewhere)",
        }


def read(path: Path | str, fmt: str | None = None, *, allow_pickle: bool = False,
         activation: str = "sigmoid", warn: Callable[[str], None] | None = None,
         pickle_hint: str = PICKLE_HINTS["cli"]) -> Imported:
    """The network in ``path``, validated; ``fmt`` is one of FORMATS or None to detect it.

    ``warn`` is called with :data:`PICKLE_WARNING` just before a pickle is unpickled;
    ``pickle_hint`` says how to allow one (it depends on how the user ran netcore).
    """
    path = Path(path)
    if path.is_dir():
        raise NetworkFileError(f"{path}: is a directory, not a network file")
    if not path.is_file():
        raise NetworkFileError(f"{path}: file not found")
    raw = path.read_bytes()
    fmt = fmt or detect(raw, path)
    if fmt not in FORMATS:
        raise NetworkFileError(f"{path}: unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "pickle" and not allow_pickle:
        raise NetworkFileError(f"{path}: a pickle can run code when loaded; {pickle_hint} to import it "
                               "if you trust where it came from")
    if fmt == "pickle" and warn is not None:
        warn(PICKLE_WARNING)
    reader = {"npz": _from_npz, "json": _from_json, "pickle": _from_pickle}[fmt]
    weights, biases, names, detail, objective = reader(raw, path)
    network = validate(weights, biases, names, path, activation)
    return Imported(network, path, fmt, detail, hashlib.sha256(raw).hexdigest(), objective)


def detect(raw: bytes, path: Path) -> str:
    """The format from the file's first bytes (its name only breaks no ties)."""
    head = raw[:4]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "npz"
    text = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if text in (b"{", b"["):
        return "json"
    # Protocol 2+ pickles open with PROTO (0x80); protocol 0/1 ones (cPickle's default) with
    # MARK '(' or an empty list/tuple/dict opcode.
    if head[:1] == b"\x80" or head[:1] in (b"(", b"]", b")", b"}"):
        return "pickle"
    shown = raw[:8].hex(" ") if raw else "empty"
    raise NetworkFileError(f"{path}: not an npz, JSON or pickle file (first bytes: {shown}); "
                           f"use --format {'|'.join(FORMATS)} to force one")


# -- the formats ------------------------------------------------------------------------------
def _from_npz(raw: bytes, path: Path):
    if not raw.startswith(b"PK"):  # else numpy would try the bytes as a pickle
        raise NetworkFileError(f"{path}: not a readable npz (not a zip archive)")
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except ValueError as err:
        if "allow_pickle" in str(err):
            raise NetworkFileError(f"{path}: holds object arrays, which would need unpickling; "
                                   "save plain numeric arrays") from None
        raise NetworkFileError(f"{path}: not a readable npz ({_one_line(err)})") from None
    except (OSError, EOFError, KeyError, zipfile.BadZipFile, zlib.error, NotImplementedError) as err:
        raise NetworkFileError(f"{path}: not a readable npz ({type(err).__name__}: {_one_line(err)})") from None
    numbered = {}
    for name in arrays:
        match = re.fullmatch(r"([Wb])(\d+)", name)
        if match:
            numbered[(match.group(1), int(match.group(2)))] = name
    w_numbers = sorted(n for kind, n in numbered if kind == "W")
    if not w_numbers:
        raise NetworkFileError(f"{path}: no weight arrays W1..WL (found: {', '.join(sorted(arrays)) or 'nothing'})")
    first = w_numbers[0]
    if first not in (0, 1):
        raise NetworkFileError(f"{path}: weight arrays must start at W1 (or W0), found W{first} first")
    expected = list(range(first, first + len(w_numbers)))
    if w_numbers != expected:
        raise NetworkFileError(f"{path}: weight arrays are not numbered consecutively: "
                               f"{', '.join(f'W{n}' for n in w_numbers)}")
    missing = [f"b{n}" for n in expected if ("b", n) not in numbered]
    if missing:
        raise NetworkFileError(f"{path}: bias arrays missing: {', '.join(missing)}")
    weights = [arrays[f"W{n}"] for n in expected]
    biases = [arrays[f"b{n}"] for n in expected]
    names = [(f"W{n}", f"b{n}") for n in expected]
    return weights, biases, names, FORMAT_NAMES["npz"], None


def _from_json(raw: bytes, path: Path):
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise NetworkFileError(f"{path}: not UTF-8 text ({_one_line(err)})") from None
    except json.JSONDecodeError as err:
        raise NetworkFileError(f"{path}: not valid JSON ({_one_line(err)})") from None
    if not isinstance(doc, dict) or "weights" not in doc or "biases" not in doc:
        raise NetworkFileError(f"{path}: expected network2.py's JSON object with \"weights\" and \"biases\"")
    weights, biases = doc["weights"], doc["biases"]
    if not isinstance(weights, list) or not isinstance(biases, list):
        raise NetworkFileError(f"{path}: \"weights\" and \"biases\" must be lists of matrices")
    names = [(f'"weights"[{l}]', f'"biases"[{l}]') for l in range(max(len(weights), len(biases)))]
    cost = doc.get("cost")
    detail = FORMAT_NAMES["json"] + (f", cost {cost}" if isinstance(cost, str) else "")
    sizes = doc.get("sizes")
    network_sizes = _declared_sizes(weights)
    if sizes is not None and network_sizes is not None and list(sizes) != network_sizes:
        raise NetworkFileError(f"{path}: \"sizes\" says {sizes} but the weights are those of {network_sizes}")
    return weights, biases, names, detail, NIELSEN_COSTS.get(cost)


def _declared_sizes(weights) -> list[int] | None:
    """Layer sizes implied by nested-list weights, when they are well-formed enough to tell."""
    try:
        shapes = [np.shape(np.asarray(w, dtype=np.float64)) for w in weights]
    except (ValueError, TypeError):
        return None
    if not shapes or any(len(s) != 2 for s in shapes):
        return None
    return [int(shapes[0][1])] + [int(s[0]) for s in shapes]


class ArrayUnpickler(pickle.Unpickler):
    """Resolves only what rebuilding numpy arrays needs; any other global is refused.

    ``encoding="latin1"`` lets Python 3 read the byte strings in which Python 2 stored
    array data (numpy's own advice for Python 2 pickles).
    """

    ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"): ("numpy._core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"): ("numpy._core.multiarray", "_reconstruct"),
        ("numpy.core.numeric", "_frombuffer"): ("numpy._core.numeric", "_frombuffer"),
        ("numpy._core.numeric", "_frombuffer"): ("numpy._core.numeric", "_frombuffer"),
        ("numpy", "ndarray"): ("numpy", "ndarray"),
        ("numpy", "dtype"): ("numpy", "dtype"),
        # Python 3 pickles of protocol < 3 store bytes as _codecs.encode(text, "latin1").
        ("_codecs", "encode"): ("_codecs", "encode"),
    }

    def find_class(self, module: str, name: str):
        target = self.ALLOWED.get((module, name))
        if target is None:
            raise pickle.UnpicklingError(f"refusing to load {module}.{name}: only numpy arrays are expected")
        return super().find_class(*target)


def _from_pickle(raw: bytes, path: Path):
    try:
        obj = ArrayUnpickler(io.BytesIO(raw), encoding="latin1").load()
    except Exception as err:  # noqa: BLE001 - a malformed pickle can raise almost anything
        raise NetworkFileError(f"{path}: not a readable pickle ({type(err).__name__}: {_one_line(err)})") from None
    if not (isinstance(obj, (tuple, list)) and len(obj) == 2 and all(isinstance(x, (list, tuple)) for x in obj)):
        raise NetworkFileError(f"{path}: expected a pickled (weights, biases) pair of lists of arrays, "
                               f"found {type(obj).__name__}")
    weights, biases = obj
    names = [(f"weights[{l}]", f"biases[{l}]") for l in range(max(len(weights), len(biases)))]
    return list(weights), list(biases), names, FORMAT_NAMES["pickle"], None


# -- validation ------------------------------------------------------------------------------
def _matrix(value, name: str, path: Path) -> np.ndarray:
    if isinstance(value, np.ndarray) and value.dtype.kind not in "iuf":
        raise NetworkFileError(f"{path}: {name} has dtype {value.dtype}, expected numbers")
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (ValueError, TypeError) as err:
        raise NetworkFileError(f"{path}: {name} is not a rectangular array of numbers ({_one_line(err)})") from None
    if not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise NetworkFileError(f"{path}: {name} holds {bad:,} non-finite value{'s' * (bad != 1)} (NaN or infinity)")
    return arr


def validate(weights, biases, names, path: Path, activation: str = "sigmoid") -> Network:
    """A Network from raw weights and biases, or a NetworkFileError saying what is wrong."""
    if len(weights) != len(biases):
        raise NetworkFileError(f"{path}: {len(weights)} weight matrices but {len(biases)} bias vectors")
    if len(weights) < 2:
        raise NetworkFileError(f"{path}: {len(weights)} layer{'s' * (len(weights) != 1)} of weights; "
                               "the videos need at least one hidden layer (784-...-10)")
    weights = [_matrix(w, names[l][0], path) for l, w in enumerate(weights)]
    biases = [_matrix(x, names[l][1], path) for l, x in enumerate(biases)]
    _refuse_transposed(weights, biases, names, path)
    W, b = [], []
    for l, (w, bias) in enumerate(zip(weights, biases)):
        w_name, b_name = names[l]
        if w.ndim != 2:
            raise NetworkFileError(f"{path}: {w_name} has shape {w.shape}, expected a matrix (neurons, inputs)")
        k, n = w.shape
        if bias.shape not in ((k,), (k, 1)):
            raise NetworkFileError(f"{path}: {b_name} has shape {bias.shape}, expected ({k},) or ({k}, 1) "
                                   f"for the {k} neurons of {w_name}")
        if l and n != W[-1].shape[0]:
            raise NetworkFileError(f"{path}: {w_name} has shape {w.shape}: {n} inputs, but the layer before has "
                                   f"{W[-1].shape[0]} neurons ({names[l - 1][0]} is {W[-1].shape})")
        if not k or not n:
            raise NetworkFileError(f"{path}: {w_name} has shape {w.shape}; every layer needs neurons")
        W.append(w)
        b.append(bias.reshape(k))
    if W[0].shape[1] != INPUTS:
        raise NetworkFileError(f"{path}: the input layer has {W[0].shape[1]} neurons ({names[0][0]} is "
                               f"{W[0].shape}); MNIST needs {INPUTS}, one per pixel")
    if W[-1].shape[0] != OUTPUTS:
        raise NetworkFileError(f"{path}: the output layer has {W[-1].shape[0]} neurons ({names[-1][0]} is "
                               f"{W[-1].shape}); MNIST needs {OUTPUTS}, one per digit")
    return Network(W, b, activation)


def _refuse_transposed(weights, biases, names, path: Path) -> None:
    """Every matrix saved as (inputs, neurons) is one mistake, not a bad first bias: say so.

    Only when the file does not read as it is and reads exactly as a 784-...-10 network once
    each matrix is transposed (so a network that is merely wrong is described as it is).
    """
    if not all(w.ndim == 2 for w in weights):
        return
    sizes_t = [weights[0].shape[0]] + [w.shape[1] for w in weights]
    chains_t = all(w.shape[0] == prev.shape[1] for prev, w in zip(weights, weights[1:]))
    biases_t = all(x.size == w.shape[1] and x.ndim <= 2 and max(x.shape, default=0) == x.size
                   for w, x in zip(weights, biases))
    as_is = all(x.size == w.shape[0] for w, x in zip(weights, biases)) and weights[0].shape[1] == INPUTS
    if as_is or not (chains_t and biases_t and sizes_t[0] == INPUTS and sizes_t[-1] == OUTPUTS):
        return
    shown = ", ".join(f"{names[l][0]} is {w.shape}" for l, w in enumerate(weights))
    raise NetworkFileError(f"{path}: weights look transposed: {shown}, but each must be (neurons, inputs), "
                           f"e.g. {names[0][0]} ({weights[0].shape[1]}, {INPUTS}); save each matrix's transpose")


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())[:200]
