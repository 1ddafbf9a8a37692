"""The experiments' random streams: named, independent, and rebuilt from what the bundle records."""

from __future__ import annotations

import numpy as np
import pytest

from netcore import bundle, seeds
from netcore.errors import NetcoreError


def rebuilt(record: dict) -> np.random.Generator:
    return seeds.stream(record["seed"], record["stream"])


def draw(rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, 2**62, 8)


def test_each_name_is_always_the_same_child_of_its_seed():
    for i, name in enumerate(seeds.STREAMS):
        child = np.random.SeedSequence(7).spawn(len(seeds.STREAMS))[i]
        np.testing.assert_array_equal(draw(seeds.stream(7, name)), draw(np.random.default_rng(child)))
        np.testing.assert_array_equal(draw(seeds.stream(7, name)), draw(seeds.stream(7, name)))


def test_appending_a_stream_changes_none_of_the_others(monkeypatch):
    """So a new experiment's stream changes no existing bundle's experiments (the module's rule)."""
    before = {name: draw(seeds.stream(3, name)) for name in seeds.STREAMS}
    monkeypatch.setattr(seeds, "STREAMS", (*seeds.STREAMS, "a_new_experiment", "another"))
    for name, drawn in before.items():
        np.testing.assert_array_equal(draw(seeds.stream(3, name)), drawn)


def test_streams_overlap_neither_each_other_nor_other_seeds_nor_training():
    """``seed + k`` made run 0's stream k the very numbers of run k's training (``default_rng(k)``)."""
    drawn = {}
    for seed in range(4):
        drawn[("training", seed)] = tuple(draw(np.random.default_rng(seed)))
        for name in seeds.STREAMS:
            drawn[(name, seed)] = tuple(draw(seeds.stream(seed, name)))
    assert len(set(drawn.values())) == len(drawn)


def test_unknown_stream_is_one_line():
    with pytest.raises(NetcoreError, match="unknown random stream 'nosie'"):
        seeds.stream(0, "nosie")


def test_bundle_records_how_to_rebuild_each_stream():
    """From the committed bundle's records alone, the very subsets and noise it holds."""
    b = bundle.load(bundle.DEFAULT_DIR)
    meta, arrays = b.meta, b.arrays
    assert meta["random_streams"]["streams"] == list(seeds.STREAMS)
    seeded = {meta["noise_rng"]["stream"], meta["curve_probe_rng"]["stream"]}
    for record in (meta["memorize"]["subset_rng"], meta["memorize"]["shuffle_rng"],
                   meta["landscape"]["subset_rng"], meta["backprop"]["sgd"]["shuffle_rng"]):
        assert set(record) == {"seed", "stream"} and record["seed"] == meta["seed"]
        seeded.add(record["stream"])
    assert seeded == set(seeds.STREAMS) - set(seeds.RETIRED)  # every stream used is recorded
    assert not any(key.endswith("_seed") for key in (*meta, *meta["memorize"], *meta["landscape"]))

    noise = rebuilt(meta["noise_rng"]).integers(0, 256, arrays["noise_image"].shape, dtype=np.uint8)
    np.testing.assert_array_equal(noise, arrays["noise_image"])
    train_count = meta["data_source"]["train_count"]
    for record, size, index in ((meta["memorize"]["subset_rng"], meta["memorize"]["size"], "memorize_index"),
                                (meta["landscape"]["subset_rng"], meta["landscape"]["subset_size"], "landscape_index")):
        expected = np.sort(rebuilt(record).permutation(train_count)[:size])
        np.testing.assert_array_equal(expected, arrays[index])
    shuffled = rebuilt(meta["memorize"]["shuffle_rng"]).permutation(arrays["memorize_label"])
    np.testing.assert_array_equal(shuffled, arrays["memorize_shuffled_label"])
