"""``renders/manifest.json``: every rendered file with what it shows, for the gallery and for people.

Built from the records the render pipeline writes beside each output, so it lists
exactly what is on disk (whatever run made it), with the network it came from.
"""

from __future__ import annotations

import json
from pathlib import Path

from scenes.catalogue import story_index

KIND_ORDER = {"chapter": 0, "scene": 1, "figure": 2}


def network_facts() -> dict:
    """The committed bundle's sizes, hidden layers' activation, accuracy and what it was trained and tested on."""
    from netcore import bundle

    try:
        meta = bundle.load().meta
    except Exception as err:  # a manifest without network facts beats no manifest
        return {"error": str(err)}
    return {"sizes": meta.get("sizes"), "activation": meta.get("activation"),
            "test_accuracy": meta.get("test_accuracy"), "source": meta.get("data_source", "")}


def describe_source(source) -> str:
    """'24,345 MNIST training images, tested on 10,000' (no local paths: the page may be shared)."""
    if not isinstance(source, dict):
        return str(source or "")
    train, test = source.get("train_count"), source.get("test_count")
    if not isinstance(train, int) or not isinstance(test, int):
        return ""
    fallback = " (the small offline fallback subset)" if "fallback" in str(source.get("kind", "")) else ""
    return f"{train:,} MNIST training images{fallback}, tested on {test:,}"


def items(renders: Path) -> list[dict]:
    found = []
    for record in sorted(renders.glob("*.json")) + sorted(renders.glob("*/*.json")):
        if record.name == "manifest.json" or record.name.endswith(".chapters.json"):
            continue
        try:
            item = json.loads(record.read_text())
        except (OSError, ValueError):
            continue
        if isinstance(item, dict) and item.get("kind") in KIND_ORDER and (renders / item.get("file", "")).is_file():
            item.pop("fingerprint", None)
            item.pop("parts", None)
            found.append(item)
    return sorted(found, key=lambda i: (KIND_ORDER[i["kind"]], i.get("chapter", ""),
                                        story_index(i.get("chapter", ""), i.get("scene", "")), i["name"]))


def write_manifest(renders: Path) -> Path:
    path = renders / "manifest.json"
    renders.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(".manifest.json.tmp")
    tmp.write_text(json.dumps({"network": network_facts(), "items": items(renders)}, indent=1) + "\n")
    tmp.replace(path)
    return path
