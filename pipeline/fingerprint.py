"""What a render job depends on, hashed: a job re-renders exactly when its fingerprint changes.

A job's inputs are its own and nothing else (so which other chapters or jobs are in the same
run never matters, and a render farm's jobs match a local run's):
- its scene's code: the scene class, every top-level definition it (transitively) names, and
  the rest of its module that is not another class (imports, constants, helper functions),
  parsed, so comments and formatting don't count and editing one scene leaves the other
  scenes of the same module alone;
- the project modules that module imports, transitively (``netcore/``, ``scenes/kit/`` ...),
  the process entry point ``scenes/run.py`` and ``manim.cfg``;
- the bundle's two files;
- its settings (``SceneSettings``: theme, digit or image and that file's bytes, still or
  video), its quality and the manim version.
Not its place in the story: the output is named by the scene, so inserting a beat re-renders
nothing but the new one (the chapter is joined again). Content hashes, not timestamps: a fresh
clone or a ``git checkout`` that changes nothing re-renders nothing.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import threading
from functools import lru_cache
from pathlib import Path

from pipeline.jobs import ROOT, Job

# Bump when outputs change in a way none of the inputs shows (e.g. how files are post-processed).
FORMAT_VERSION = 3
CODE_DIRS = (ROOT / "netcore", ROOT / "scenes")
ENTRY = ROOT / "scenes" / "run.py"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# CPython 3.11 can fail to parse in two threads at once ("AST constructor recursion depth
# mismatch"): a farm worker runs one job per thread, each fingerprinting its job.
_PARSING = threading.Lock()


def _parse(text: str) -> ast.Module:
    with _PARSING:
        return ast.parse(text)


def _names(node: ast.AST) -> frozenset[str]:
    return frozenset(n.id for n in ast.walk(node) if isinstance(n, ast.Name))


@lru_cache(maxsize=8)
def _units(text: str) -> list[tuple[str | None, str, frozenset[str]]]:
    """(class name or None, normalised source, names used) of each top-level statement."""
    return [(n.name if isinstance(n, ast.ClassDef) else None, ast.unparse(n), _names(n))
            for n in _parse(text).body]


def scene_source(path: Path, scene: str) -> str:
    """The code of ``path`` that decides what ``scene`` draws, normalised (see the module doc)."""
    units = _units(path.read_text())
    classes = {name: names for name, _, names in units if name}
    if scene not in classes:
        raise ValueError(f"{path.name} has no class {scene}")
    included = {scene}
    pending = [classes[scene], *(names for name, _, names in units if name is None)]
    while pending:
        for name in pending.pop():
            if name in classes and name not in included:
                included.add(name)
                pending.append(classes[name])
    return "\n".join(source for name, source, _ in units if name is None or name in included)


def _module_file(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=256)
def _imported_names(text: str) -> tuple[str, ...]:
    """Every module name a source text imports (function-level imports included), by its text: a
    class plan fingerprints the same few files thousands of times."""
    names: list[str] = []
    for node in ast.walk(_parse(text)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return tuple(names)


def project_imports(path: Path) -> set[Path]:
    """The project's modules ``path`` imports, directly or through each other (read from the code,
    function-level imports included, so the answer does not depend on what a process imported)."""
    seen: set[Path] = set()
    pending = [path]
    while pending:
        for name in _imported_names(pending.pop().read_text()):
            parts = name.split(".")
            # every package on the way in runs its __init__ too
            for i in range(1, len(parts) + 1):
                file = _module_file(".".join(parts[:i]))
                if file and file not in seen and any(file.is_relative_to(d) for d in CODE_DIRS):
                    seen.add(file)
                    pending.append(file)
    return seen


def module_code(path: Path) -> dict[str, str]:
    """sha256 of every project file a render of ``path`` runs: what it imports, the entry point, manim.cfg."""
    files = project_imports(path) | project_imports(ENTRY) | {ENTRY}
    cfg = ROOT / "manim.cfg"
    if cfg.exists():
        files.add(cfg)
    return {str(f.relative_to(ROOT)): sha256(f) for f in sorted(files)}


def bundle_files(directory: Path) -> dict[str, str]:
    from netcore.bundle import JSON_NAME, NPZ_NAME

    return {name: sha256(directory / name) for name in (JSON_NAME, NPZ_NAME) if (directory / name).exists()}


def bundle_dir(job: Job) -> Path:
    from netcore.bundle import default_dir

    return Path(job.settings.bundle_dir) if job.settings.bundle_dir else default_dir()


@lru_cache(maxsize=8)
def voice_identity(voice: str, model: str, speed: float) -> str:
    """What decides how a line sounds besides its text: the engine, its model's bytes, the speed,
    the library versions (``scenes.engines``)."""
    from scenes import engines

    return engines.identity(voice, model, speed)


def settings_inputs(job: Job) -> dict[str, str]:
    out = json.loads(job.settings.to_json())
    # Where the bundle and the voice cache are does not matter; what the bundle holds is hashed apart.
    out.pop("bundle_dir")
    out.pop("voice_cache")
    out.pop("lines_out")
    # A recording counts by what it holds, not where it is.
    out["recordings"] = [[line_id, sha256(Path(file)) if Path(file).is_file() else "missing", text]
                         for line_id, file, text in out["recordings"]]
    for key in ("recordings", "texts"):  # most scenes have none: their fingerprints stay as they were
        if not out[key]:
            out.pop(key)
    model = out.pop("voice_model")  # a voice model's path: what it holds counts (its identity), not where
    if job.kind == "scene":
        out["voice_identity"] = voice_identity(out["voice"], model, out["voice_speed"])
    else:  # a still speaks nothing
        out.pop("voice"), out.pop("voice_speed")
    if out["image"]:
        image = Path(out["image"])
        out["image_sha256"] = sha256(image) if image.is_file() else "missing"
        out["image"] = image.name  # on screen; where the picture is does not matter (a farm worker's copy)
    return out


def fingerprints(jobs: list[Job]) -> dict[Job, str]:
    """Each job's fingerprint (the shared parts hashed once per run, each from the job's own inputs)."""
    return {job: digest(parts) for job, parts in all_inputs(jobs).items()}


def all_inputs(jobs: list[Job]) -> dict[Job, dict]:
    """Each job's ``inputs``, the code and bundles hashed once for all (a class plan has thousands of jobs)."""
    code = {path: module_code(path) for path in {job.source_file for job in jobs}}
    bundles = {folder: bundle_files(folder) for folder in {bundle_dir(job) for job in jobs}}
    return {job: inputs(job, code[job.source_file], bundles[bundle_dir(job)]) for job in jobs}


def fingerprint(job: Job, code: dict[str, str] | None = None) -> str:
    return digest(inputs(job, code))


def digest(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def inputs(job: Job, code: dict[str, str] | None = None, bundle: dict[str, str] | None = None) -> dict:
    """What the fingerprint hashes, by part (a render farm's worker names the part that differs)."""
    return {
        "format": FORMAT_VERSION,
        "kind": job.kind,
        "quality": job.quality,
        "scene": job.scene,
        "name": job.name,  # manim writes it into the file's metadata (-o)
        "scene_code": scene_source(job.source_file, job.scene),
        "code": code if code is not None else module_code(job.source_file),
        "bundle": bundle if bundle is not None else bundle_files(bundle_dir(job)),
        "settings": settings_inputs(job),
        "manim": _manim_version(),
    }


@lru_cache(maxsize=1)
def _manim_version() -> str:
    from importlib.metadata import version

    return version("manim")


def declared_inputs(job: Job) -> list[str]:
    """Files a job reads, relative to the repo (for a render farm: ship these, run ``job.command()``)."""
    files = [os.path.relpath(job.source_file, ROOT)]
    files += [f for f in module_code(job.source_file)]
    files += [os.path.relpath(bundle_dir(job) / name, ROOT) for name in bundle_files(bundle_dir(job))]
    if job.settings.image:
        files.append(job.settings.image)
    return files
