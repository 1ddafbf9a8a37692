"""``python -m netcore train | import FILE | evaluate | info | predict IMAGE``.

``--bundle`` (or ``--out``) chooses the bundle directory; without it, ``$NETCORE_BUNDLE_DIR``,
else the committed ``assets/``. This module's :func:`main` is the only place netcore reads
that variable, and ``NETCORE_FRONT_DOOR`` (``make`` when the Makefile runs us, so that messages
name make's options rather than this command's).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

from netcore import bundle, importer, mnist, recipes
from netcore.errors import NetcoreError


def _print_json(obj) -> None:
    print(json.dumps(obj, indent=1, sort_keys=True))


def cmd_train(args) -> int:
    from netcore import experiments, export

    recipe = recipes.get(args.recipe)
    if args.epochs is not None:
        recipe = recipe.with_(epochs=args.epochs)
    data = mnist.load(args.data)  # fails before anything is written
    export.check_data(data)  # and so does data no bundle can be made from
    print(f"data: {_data_line(data)}", file=sys.stderr)
    sizes = experiments.QUICK if args.quick_experiments else experiments.FULL
    start = time.perf_counter()
    out = export.train_and_export(data, recipe, seed=args.seed, activation=args.activation, directory=args.out,
                                  sizes=sizes, progress=not args.quiet)
    seconds = time.perf_counter() - start  # said here, not kept: the bundle holds no clock times
    meta = bundle.load(out).meta
    summary = {k: meta[k] for k in ("test_accuracy", "seed", "activation", "sizes", "default_digit")}
    summary |= {"bundle": str(out), "seconds": round(seconds, 3)}
    if args.json:
        _print_json(summary)
    else:
        print(f"test accuracy {meta['test_accuracy']:.2%}; bundle written to {out} in {seconds:.1f} s")
    return 0


def cmd_import(args) -> int:
    from netcore import experiments, export
    from netcore.train import evaluate

    start = time.perf_counter()
    # The file is read and validated before anything else, so a bad one costs nothing and writes nothing.
    imported = importer.read(args.file, args.format, allow_pickle=args.allow_pickle, activation=args.activation,
                             warn=lambda text: print(f"netcore: warning: {text}", file=sys.stderr),
                             pickle_hint=importer.PICKLE_HINTS[args.front_door])
    net = imported.network
    print(f"network: {'-'.join(map(str, net.sizes))} {net.activation}, {net.parameter_count:,} parameters, "
          f"{imported.description}", file=sys.stderr)
    recipe = recipes.get(args.recipe)
    if args.epochs is not None:
        recipe = recipe.with_(epochs=args.epochs)
    data = mnist.load(args.data)
    export.check_data(data)
    print(f"data: {_data_line(data)}", file=sys.stderr)
    ev = evaluate(net, data.test)
    print(f"imported network: test accuracy {ev.accuracy:.2%} ({ev.correct:,}/{ev.total:,}), average cost "
          f"{ev.cost:.4f}", file=sys.stderr)
    print(f"training history: training a {'-'.join(map(str, net.sizes))} reference network here "
          f"({recipe.name} recipe, seed {args.seed}); the file has none", file=sys.stderr)
    sizes = experiments.QUICK if args.quick_experiments else experiments.FULL
    out = export.import_and_export(net, imported.provenance(), data, recipe, seed=args.seed, directory=args.out,
                                   sizes=sizes, progress=not args.quiet)
    meta = bundle.load(out).meta
    seconds = time.perf_counter() - start
    summary = {k: meta[k] for k in ("test_accuracy", "test_correct", "test_total", "test_cost", "sizes",
                                    "activation", "source")}
    summary |= {"bundle": str(out), "seconds": round(seconds, 3)}
    if args.json:
        _print_json(summary)
    else:
        reference = meta["source"]["history_source"]
        print(f"test accuracy {meta['test_accuracy']:.2%} ({meta['test_correct']:,}/{meta['test_total']:,}) for the "
              f"network {imported.description}; reference run {reference['test_accuracy']:.2%}; "
              f"bundle written to {out} in {seconds:.1f} s")
    return 0


def cmd_info(args) -> int:
    b = bundle.load(args.bundle)
    meta = dict(b.meta)
    if args.json:
        _print_json(meta)
        return 0
    src = meta["data_source"]
    files = ", ".join(f"{f['file']} (sha256 {f['sha256'][:12]}...)" for f in src["files"].values())
    print(f"bundle        {b.directory} (schema {meta['schema_version']})")
    print(f"network       {'-'.join(map(str, meta['sizes']))} {meta['activation']}, {meta['parameter_count']:,} parameters")
    if b.imported:
        print(f"source        {b.source['description']}")
        print(f"history from  {b.source['history_source']['description']}")
    print(f"{'reference run' if b.imported else 'recipe':<14}{meta['recipe']['name']} ({meta['training_objective']}), "
          f"seed {meta['seed']}, {meta['recipe']['epochs']} epochs")
    print(f"data          {src['kind']}: {src['train_count']:,} train, {src['test_count']:,} test; {files}")
    print(f"test accuracy {meta['test_accuracy']:.2%} ({meta['test_correct']:,}/{meta['test_total']:,}), "
          f"average cost {meta['test_cost']:.4f}")
    featured = b.default_digit
    print(f"curated       {len(b.curated_indices)} test digits")
    print(f"featured      test:{featured.test_index} (a {featured.label}, answered {featured.prediction}): "
          f"{meta['default_digit_note']}")
    return 0


def _data_line(data) -> str:
    """Where the data was, for the terminal (the bundle records only what it was)."""
    src = data.source
    return f"{src['kind']} {data.location} ({src['train_count']:,} train, {src['test_count']:,} test)"


def cmd_evaluate(args) -> int:
    from netcore.train import evaluate

    b = bundle.load(args.bundle)
    data = mnist.load(args.data)
    ev = evaluate(b.network, data.test)
    result = {
        "accuracy": ev.accuracy,
        "average_cost": ev.cost,
        "correct": ev.correct,
        "total": ev.total,
        "data_source": data.source["kind"],
        "data_location": data.location,
    }
    if args.json:
        _print_json(result)
    else:
        print(f"accuracy {ev.accuracy:.2%} ({ev.correct:,}/{ev.total:,}), average cost {ev.cost:.4f} "
              f"on {data.source['kind']} test set {data.location}")
    return 0


def cmd_predict(args) -> int:
    from netcore import digits

    image = digits.load_digit(args.image)
    b = bundle.load(args.bundle)
    output = b.network.forward(image.reshape(-1) / 255.0).output
    answer = int(np.argmax(output))
    if args.save_28x28:
        digits.save_png(image, args.save_28x28)
    if args.json:
        _print_json({"outputs": [float(v) for v in output], "answer": answer, "image": str(args.image)})
        return 0
    for d, v in enumerate(output):
        print(f"{d}  {v:.4f}  {'#' * int(round(v * 40))}")
    print(f"answer: {answer}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m netcore", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp, data=False):
        sp.add_argument("--bundle", type=Path, default=None,
                        help="bundle directory (default: $NETCORE_BUNDLE_DIR, else assets/)")
        sp.add_argument("--json", action="store_true", help="machine-readable output")
        if data:
            sp.add_argument("--data", type=Path, default=None,
                            help="directory of MNIST IDX files (default: $NETCORE_MNIST_DIR, cache, download, fallback)")

    t = sub.add_parser("train", help="train the network and write the bundle")
    common(t, data=True)
    t.add_argument("--recipe", default="default", choices=sorted(recipes.RECIPES))
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--epochs", type=int, default=None, help="override the recipe's epoch count")
    t.add_argument("--activation", default="sigmoid", choices=["sigmoid", "relu"])
    t.add_argument("--out", type=Path, default=None, help="where to write the bundle (default: --bundle, $NETCORE_BUNDLE_DIR, else assets/)")
    t.add_argument("--quiet", action="store_true", help="no progress bar")
    t.add_argument("--quick-experiments", action="store_true",
                   help="tiny chapter-2 experiments (for smoke tests; the videos want the full ones)")
    t.set_defaults(func=cmd_train)

    m = sub.add_parser("import", help="write the bundle for a network trained elsewhere (npz, network2.py JSON, "
                                      "pickle)")
    common(m, data=True)
    m.add_argument("file", type=Path, help="the network: .npz of W1..WL/b1..bL, network2.py JSON, or pickle")
    m.add_argument("--format", default=None, choices=list(importer.FORMATS),
                   help="skip detection (default: from the file's first bytes)")
    m.add_argument("--allow-pickle", action="store_true",
                   help="allow reading a pickle (unpickling can run code: only for files you trust)")
    m.add_argument("--activation", default="sigmoid", choices=["sigmoid", "relu"],
                   help="the hidden layers' activation the network was trained with (default sigmoid)")
    m.add_argument("--recipe", default="default", choices=sorted(recipes.RECIPES),
                   help="recipe of the reference run that supplies the training history (default: default)")
    m.add_argument("--seed", type=int, default=0, help="seed of the reference run and of every experiment")
    m.add_argument("--epochs", type=int, default=None, help="override the reference run's epoch count")
    m.add_argument("--out", type=Path, default=None, help="where to write the bundle (default: --bundle, $NETCORE_BUNDLE_DIR, else assets/)")
    m.add_argument("--quiet", action="store_true", help="no progress bar")
    m.add_argument("--quick-experiments", action="store_true",
                   help="tiny chapter-2 experiments (for smoke tests; the videos want the full ones)")
    m.set_defaults(func=cmd_import)

    i = sub.add_parser("info", help="describe the bundle")
    common(i)
    i.set_defaults(func=cmd_info)

    e = sub.add_parser("evaluate", help="accuracy and average cost of the bundle's network on the test set")
    common(e, data=True)
    e.set_defaults(func=cmd_evaluate)

    r = sub.add_parser("predict", help="classify a picture of one handwritten digit (any format Pillow decodes: "
                                       "PNG, JPEG, GIF, BMP, TIFF, WebP...)")
    common(r)
    r.add_argument("image", type=Path, help="the picture (any format Pillow decodes)")
    r.add_argument("--save-28x28", type=Path, default=None, metavar="OUT.png",
                   help="also write the preprocessed 28x28 digit")
    r.set_defaults(func=cmd_predict)
    return p


def main(argv=None, environ=None) -> int:
    env = os.environ if environ is None else environ
    args = parser().parse_args(argv)
    if args.bundle is None:
        args.bundle = Path(env["NETCORE_BUNDLE_DIR"]) if env.get("NETCORE_BUNDLE_DIR") else bundle.default_dir()
    if getattr(args, "out", None) is None and args.command in ("train", "import"):
        args.out = args.bundle
    args.front_door = "make" if env.get("NETCORE_FRONT_DOOR") == "make" else "cli"
    try:
        return args.func(args)
    except NetcoreError as err:
        print(f"netcore: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("netcore: interrupted; nothing written", file=sys.stderr)
        return 130
