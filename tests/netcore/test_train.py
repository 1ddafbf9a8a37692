"""Training: deterministic, learns, and the vectorised trainer is the classic algorithm."""

import numpy as np
import pytest

from netcore import recipes
from netcore.mnist import Split
from netcore.reference import train_per_example
from netcore.train import evaluate, shifted, train


def params(net):
    return net.to_vector()


def test_same_seed_same_parameters(small_train):
    recipe = recipes.DEFAULT.with_(epochs=2)
    a = train(small_train, None, recipe, seed=3, progress=False)
    b = train(small_train, None, recipe, seed=3, progress=False)
    np.testing.assert_array_equal(params(a.network), params(b.network))
    np.testing.assert_array_equal(params(a.initial), params(b.initial))
    c = train(small_train, None, recipe, seed=4, progress=False)
    assert not np.array_equal(params(a.network), params(c.network))


def test_training_learns_and_keeps_the_initial_network(small_train, small_test):
    result = train(small_train, small_test, recipes.DEFAULT.with_(epochs=10, batch_size=10), seed=0, progress=False)
    assert evaluate(result.initial, small_test).accuracy < 0.3
    assert result.history["test_accuracy"][-1] > 0.8
    assert len(result.history["cost"]) == 10
    assert result.history["cost"][-1] < result.history["cost"][0]
    assert not np.array_equal(params(result.initial), params(result.network))


def test_classic_recipe_is_the_book_recipe():
    r = recipes.get("classic")
    assert (r.batch_size, r.learning_rate, r.epochs, r.objective, r.init) == (10, 3.0, 30, "half_quadratic", "normal")
    with pytest.raises(ValueError, match="unknown recipe"):
        recipes.get("fast")


def test_vectorised_trainer_equals_per_example_loop(small_train):
    """Same seed, same shuffles: batching changes the speed, not the arithmetic."""
    subset = Split(small_train.images[:500], small_train.labels[:500])
    recipe = recipes.CLASSIC.with_(epochs=1)
    fast = train(subset, None, recipe, seed=5, progress=False).network
    slow = train_per_example(subset, recipe, seed=5)
    np.testing.assert_allclose(params(fast), params(slow), rtol=1e-9, atol=1e-11)


def test_on_step_sees_every_step(small_train):
    seen = []
    subset = Split(small_train.images[:100], small_train.labels[:100])
    train(subset, None, recipes.DEFAULT.with_(epochs=2, batch_size=32), progress=False,
          on_step=lambda step, net, lr: seen.append(step))
    assert seen == list(range(0, 9))


def test_shift_augmentation_moves_ink_without_wrapping():
    img = np.zeros((1, 28, 28), np.uint8)
    img[0, 0, 5] = 255
    img[0, 10, 10] = 200
    out = shifted(img, np.random.default_rng(0), 1)
    assert out.shape == img.shape and out.sum() <= img.sum()
    assert int(out[0].astype(int).sum()) in (200, 455)  # the edge pixel may fall off, never wrap
    assert out[0, -1].sum() == 0  # nothing wrapped from the top row to the bottom
