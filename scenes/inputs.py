"""What a render job depends on, hashed: a job re-renders exactly when its fingerprint changes.

A job's inputs are
- its scene's code: the scene class, every top-level definition it (transitively) names, and
  the rest of its module that is not another class (imports, constants, helper functions),
  parsed, so comments and formatting don't count and editing one scene leaves the other
  scenes of the same module alone;
- the project code the scene modules import (``netcore/``, ``scenes/kit/``) and ``manim.cfg``;
- the bundle's two files;
- the settings that change pixels: quality, figure or video, the digit (``DIGIT``, or
  ``IMAGE`` and that file's bytes), ``THEME``; and the manim version.
Content hashes, not timestamps: a fresh clone or a ``git checkout`` that changes nothing
re-renders nothing.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from scenes.jobs import ROOT, SCENE_FILES, Job

# Bump when outputs change in a way none of the inputs shows (e.g. how files are post-processed).
FORMAT_VERSION = 1
CODE_DIRS = (ROOT / "netcore", ROOT / "scenes" / "kit")
SETTINGS = ("DIGIT", "IMAGE", "THEME")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _names(node: ast.AST) -> frozenset[str]:
    return frozenset(n.id for n in ast.walk(node) if isinstance(n, ast.Name))


def _is_story_list(node: ast.stmt) -> bool:
    # ``CHAPTER = [...]`` names every scene; the order it gives is already in each job's name.
    return isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "CHAPTER" for t in node.targets)


@lru_cache(maxsize=8)
def _units(text: str) -> list[tuple[str | None, str, frozenset[str]]]:
    """(class name or None, normalised source, names used) of each top-level statement."""
    return [(n.name if isinstance(n, ast.ClassDef) else None, ast.unparse(n), _names(n))
            for n in ast.parse(text).body if not _is_story_list(n)]


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


def project_imports(path: Path) -> set[Path]:
    """The project's modules ``path`` imports, directly or through each other (read from the code,
    function-level imports included, so the answer does not depend on what a process imported)."""
    seen: set[Path] = set()
    pending = [path]
    while pending:
        tree = ast.parse(pending.pop().read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                # every package on the way in runs its __init__ too
                for i in range(1, len(parts) + 1):
                    file = _module_file(".".join(parts[:i]))
                    if file and file not in seen and any(file.is_relative_to(d) for d in CODE_DIRS):
                        seen.add(file)
                        pending.append(file)
    return seen


def project_code(modules: list[str]) -> dict[str, str]:
    """sha256 of every project module the scene modules import (``netcore/``, ``scenes/kit/``) and manim.cfg."""
    files = set()
    for module in modules:
        files |= project_imports(SCENE_FILES[module])
    cfg = ROOT / "manim.cfg"
    if cfg.exists():
        files.add(cfg)
    return {str(f.relative_to(ROOT)): sha256(f) for f in sorted(files)}


def bundle_files() -> dict[str, str]:
    from netcore.bundle import JSON_NAME, NPZ_NAME, default_dir

    directory = default_dir()
    return {name: sha256(directory / name) for name in (JSON_NAME, NPZ_NAME) if (directory / name).exists()}


def settings(env: dict[str, str]) -> dict[str, str]:
    out = {key: env.get(key, "") for key in SETTINGS}
    if out["IMAGE"]:
        image = Path(out["IMAGE"])
        out["IMAGE_SHA256"] = sha256(image) if image.is_file() else "missing"
    return out


@dataclass(frozen=True)
class Context:
    """The inputs every job of one run shares (hashed once per run)."""

    code: dict[str, str]
    bundle: dict[str, str]
    settings: dict[str, str]
    manim: str

    @classmethod
    def gather(cls, modules: list[str], env: dict[str, str]) -> "Context":
        import manim

        return cls(project_code(modules), bundle_files(), settings(env), manim.__version__)


def fingerprint(job: Job, context: Context) -> str:
    payload = {
        "format": FORMAT_VERSION,
        "kind": job.kind,
        "quality": job.quality,
        "name": job.name,  # the output name is on the command line (-o) and the index in it is story order
        "scene": job.scene,
        "scene_code": scene_source(job.source_file, job.scene),
        "code": context.code,
        "bundle": context.bundle,
        "settings": context.settings,
        "manim": context.manim,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def declared_inputs(job: Job, context: Context) -> list[str]:
    """Files a job reads, relative to the repo (for a render farm: ship these, run ``job.command()``)."""
    from netcore.bundle import default_dir

    files = [str(job.source_file.relative_to(ROOT)) if job.source_file.is_relative_to(ROOT) else str(job.source_file)]
    files += list(context.code)
    files += [os.path.relpath(default_dir() / name, ROOT) for name in context.bundle]
    if context.settings.get("IMAGE"):
        files.append(context.settings["IMAGE"])
    return files
