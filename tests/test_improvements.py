"""Tests for the kernels of 06_improving_the_network: dropout, weight decay,
momentum, Adam, learning-rate schedules, augmentation and early stopping.

Gradients are checked against centred differences in float64; optimizers are
checked against naive re-implementations written here from the update rules.
"""
import math
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import nnlib  # noqa: E402

GRAD_TOL = 1e-7


def small_net(sizes=(12, 10, 8, 4), seed=0):
    """A tiny float64 network and a batch for gradient checks."""
    rng = np.random.default_rng(seed)
    params = nnlib.init_params(list(sizes), "he", rng=rng, dtype=np.float64)
    # Non-zero biases so their gradients are exercised away from 0.
    params = [(W, rng.normal(0, 0.1, b.shape)) for W, b in params]
    X = rng.normal(size=(6, sizes[0]))
    y = rng.integers(0, sizes[-1], size=6)
    return params, X, y


@pytest.fixture(scope="module")
def subset():
    """2,000 training and 500 validation images of the real data, float32."""
    X, y = nnlib.load_fashion_mnist("train")
    X_train, y_train, X_val, y_val = nnlib.train_val_split(X, y, val_size=10_000, rng=np.random.default_rng(0))
    return (nnlib.scale_pixels(X_train[:2000]), y_train[:2000],
            nnlib.scale_pixels(X_val[:500]), y_val[:500])


# ---------------------------------------------------------------------------
# Gradient checks
# ---------------------------------------------------------------------------

def test_dropout_backward_matches_numerical_gradient():
    rng = np.random.default_rng(1)
    A = rng.normal(size=(5, 7))
    dout = rng.normal(size=(5, 7))
    _, mask = nnlib.dropout_forward(A, 0.4, np.random.default_rng(42))

    def f():  # a fresh rng with the same seed draws the same mask every time
        out, _ = nnlib.dropout_forward(A, 0.4, np.random.default_rng(42))
        return float(np.sum(out * dout))

    numeric = nnlib.numerical_gradient(f, A)
    assert nnlib.rel_error(nnlib.dropout_backward(dout, mask), numeric) < GRAD_TOL


def test_network_with_dropout_passes_gradient_check():
    params, X, y = small_net()
    assert nnlib.gradient_check(params, X, y, dropout=0.5,
                                rng=np.random.default_rng(7)) < GRAD_TOL


def test_network_with_dropout_and_weight_decay_passes_gradient_check():
    params, X, y = small_net(seed=4)
    assert nnlib.gradient_check(params, X, y, weight_decay=0.05, dropout=0.3,
                                rng=np.random.default_rng(11)) < GRAD_TOL


def test_dropout_changes_the_loss_and_needs_an_rng():
    params, X, y = small_net(seed=6)
    plain, _ = nnlib.loss_and_grads(params, X, y)
    dropped, _ = nnlib.loss_and_grads(params, X, y, dropout=0.5, rng=np.random.default_rng(0))
    assert abs(dropped - plain) > 1e-6
    with pytest.raises(TypeError, match="rng"):
        nnlib.loss_and_grads(params, X, y, dropout=0.5)


# ---------------------------------------------------------------------------
# Dropout
# ---------------------------------------------------------------------------

def test_dropout_keeps_the_expected_value():
    A = np.full((1000, 1000), 3.0, dtype=np.float32)
    out, mask = nnlib.dropout_forward(A, 0.5, np.random.default_rng(0))
    assert out.dtype == np.float32 and out.shape == A.shape
    # One million Bernoulli(0.5) draws: the standard error of the mean is 0.003.
    assert out.mean() == pytest.approx(3.0, abs=0.02)
    assert np.mean(out == 0) == pytest.approx(0.5, abs=0.005)
    assert set(np.unique(out)) == {0.0, 6.0}  # survivors scaled by 1 / (1 - rate)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dropout_at_a_rate_of_0_2_scales_survivors_by_1_25(dtype):
    # At rate 0.5, 1 / (1 - rate) and 1 / rate are both 2: only another rate
    # tells the inverted-dropout scale from its look-alikes.
    A = np.full((1000, 1000), 3.0, dtype=dtype)
    out, mask = nnlib.dropout_forward(A, 0.2, np.random.default_rng(0))
    assert out.dtype == dtype and mask.dtype == dtype
    assert np.mean(out == 0) == pytest.approx(0.2, abs=0.005)  # 4 standard errors
    survivors = out[out != 0]
    np.testing.assert_allclose(survivors, 3.0 * 1.25, rtol=1e-6)  # 3 / (1 - 0.2), not 3 / 0.2
    assert out.mean() == pytest.approx(3.0, abs=0.02)  # the expected activation is kept
    dout = np.ones_like(A)
    np.testing.assert_array_equal(nnlib.dropout_backward(dout, mask), out / 3.0)  # the same mask


def test_dropout_rate_zero_is_the_identity():
    A = np.random.default_rng(0).normal(size=(4, 5))
    out, mask = nnlib.dropout_forward(A, 0.0, np.random.default_rng(0))
    assert mask is None and np.array_equal(out, A)
    dout = np.ones_like(A)
    assert np.array_equal(nnlib.dropout_backward(dout, mask), dout)


def test_predict_never_drops(subset):
    X_train, y_train, X_val, _ = subset
    rng = np.random.default_rng(0)
    params = nnlib.init_params([784, 32, 10], "he", rng=rng)
    nnlib.train(params, X_train, y_train, epochs=1, batch_size=64, lr=0.1, rng=rng, dropout=0.5)
    probs_a, probs_b = nnlib.predict_proba(params, X_val), nnlib.predict_proba(params, X_val)
    assert np.array_equal(probs_a, probs_b)
    assert np.array_equal(nnlib.predict(params, X_val), probs_a.argmax(axis=1))
    # And it equals the plain forward pass, with every unit present.
    assert np.allclose(probs_a, nnlib.softmax(nnlib.forward(params, X_val)[0]), atol=1e-6)


# ---------------------------------------------------------------------------
# Optimizers
# ---------------------------------------------------------------------------

def random_params_and_grads(seed, steps):
    rng = np.random.default_rng(seed)
    params = [(rng.normal(size=(4, 3)), rng.normal(size=3)), (rng.normal(size=(3, 2)),
                                                             rng.normal(size=2))]
    grads = [[(rng.normal(size=W.shape), rng.normal(size=b.shape)) for W, b in params]
             for _ in range(steps)]
    return params, grads


def test_momentum_step_matches_naive_update():
    params, grad_seq = random_params_and_grads(0, steps=5)
    naive = [p.copy() for pair in params for p in pair]
    naive_v = [np.zeros_like(p) for p in naive]
    momentum_step = nnlib.make_optimizer("momentum", params, beta=0.9)
    for grads in grad_seq:
        momentum_step(params, grads, lr=0.1)
        for k, g in enumerate(g for pair in grads for g in pair):
            naive_v[k] = 0.9 * naive_v[k] + g
            naive[k] = naive[k] - 0.1 * naive_v[k]
    for p, q in zip((p for pair in params for p in pair), naive):
        assert np.allclose(p, q, rtol=1e-12, atol=1e-12)


def test_adam_step_matches_naive_update_with_bias_correction():
    params, grad_seq = random_params_and_grads(1, steps=6)
    naive = [p.copy() for pair in params for p in pair]
    folded = [p.copy() for p in naive]
    m = [np.zeros_like(p) for p in naive]
    v = [np.zeros_like(p) for p in naive]
    adam_step = nnlib.make_optimizer("adam", params)
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    for t, grads in enumerate(grad_seq, start=1):
        adam_step(params, grads, lr)
        for k, g in enumerate(g for pair in grads for g in pair):
            m[k] = b1 * m[k] + (1 - b1) * g
            v[k] = b2 * v[k] + (1 - b2) * g ** 2
            m_hat, v_hat = m[k] / (1 - b1 ** t), v[k] / (1 - b2 ** t)
            naive[k] = naive[k] - lr * m_hat / (np.sqrt(v_hat) + eps)
            # Kingma & Ba's cheaper ordering: fold both corrections into the step
            # size; eps then stands for eps * sqrt(1 - b2**t) ("epsilon hat").
            step = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
            folded[k] = folded[k] - step * m[k] / (np.sqrt(v[k]) + eps)
    for p, q, r in zip((p for pair in params for p in pair), folded, naive):
        assert np.allclose(p, q, rtol=1e-12, atol=1e-14)
        # The two orderings differ only through eps: by far less than one step (lr),
        # since eps is tiny next to sqrt(v) ~ |g| * sqrt(1 - b2) for gradients of order 1.
        assert np.allclose(p, r, rtol=0, atol=1e-5 * lr)


def test_adam_first_step_is_lr_times_sign_thanks_to_bias_correction():
    params, (grads,) = random_params_and_grads(2, steps=1)
    before = [p.copy() for pair in params for p in pair]
    nnlib.make_optimizer("adam", params)(params, grads, lr=0.01)
    for p0, p, g in zip(before, (p for pair in params for p in pair),
                        (g for pair in grads for g in pair)):
        # Without bias correction the first step would be ~0.1 * sqrt(1000) = 3.2 times larger.
        assert np.allclose(p0 - p, 0.01 * np.sign(g), rtol=1e-5)


@pytest.mark.parametrize("method", ["momentum", "adam"])
def test_optimizers_minimise_a_quadratic(method):
    # f(W, b) = 1/2 sum a (W - c)^2 + 1/2 sum (b - d)^2, an ill-conditioned bowl.
    rng = np.random.default_rng(0)
    a = np.array([[1.0, 10.0], [0.5, 4.0]])
    c, d = rng.normal(size=(2, 2)), rng.normal(size=2)
    params = [(np.zeros((2, 2)), np.zeros(2))]

    def loss_and_grads():
        W, b = params[0]
        loss = 0.5 * np.sum(a * (W - c) ** 2) + 0.5 * np.sum((b - d) ** 2)
        return loss, [(a * (W - c), b - d)]

    start = loss_and_grads()[0]
    step, lr = nnlib.make_optimizer(method, params), {"momentum": 0.02, "adam": 0.05}[method]
    for _ in range(500):
        step(params, loss_and_grads()[1], lr)
    assert loss_and_grads()[0] < 1e-6 * start
    assert np.allclose(params[0][0], c, atol=1e-3) and np.allclose(params[0][1], d, atol=1e-3)


# ---------------------------------------------------------------------------
# Learning-rate schedules
# ---------------------------------------------------------------------------

def test_constant_schedule():
    assert all(nnlib.learning_rate(e, 0.1, 30) == 0.1 for e in range(30))


def test_sgd_optimizer_is_sgd_step_and_unknown_settings_are_refused():
    params, _ = random_params_and_grads(0, steps=0)
    assert nnlib.make_optimizer("sgd", params) is nnlib.sgd_step
    with pytest.raises(TypeError, match=r"momentum takes \['beta'\], not \['beta1'\]"):
        nnlib.make_optimizer("momentum", params, beta1=0.9)
    with pytest.raises(TypeError, match="sgd takes no hyper-parameters"):
        nnlib.make_optimizer("sgd", params, lr=0.1)


def test_each_optimizer_keeps_its_own_state():
    # Two Adam instances on copies of one network, fed the same gradients,
    # stay identical; their state is not shared through the module.
    params, grad_seq = random_params_and_grads(3, steps=3)
    copy = [(W.copy(), b.copy()) for W, b in params]
    first, second = nnlib.make_optimizer("adam", params), nnlib.make_optimizer("adam", copy)
    for grads in grad_seq:
        first(params, grads, 0.01)
        second(copy, grads, 0.01)
    assert all(np.array_equal(a, b) for pair, pair2 in zip(params, copy) for a, b in zip(pair, pair2))


def test_cosine_schedule_goes_from_base_to_almost_zero():
    epochs = 40
    values = np.array([nnlib.learning_rate(e, 0.1, epochs, "cosine") for e in range(epochs)])
    assert values[0] == pytest.approx(0.1, rel=1e-12)
    assert values[epochs // 2] == pytest.approx(0.05, rel=1e-12)  # half-way: half the rate
    assert np.all(np.diff(values) < 0)
    assert values[-1] == pytest.approx(0.1 * 0.5 * (1 - math.cos(math.pi / epochs)), rel=1e-12)
    assert values[-1] < 0.002 * 0.1 * 10


def test_unknown_schedule_names_raise():
    for name in ("linear", "step"):
        with pytest.raises(ValueError, match=r"schedule must be 'constant', 'cosine' or a function lr_at\(epoch\)"):
            nnlib.learning_rate(0, 0.1, 10, name)


# ---------------------------------------------------------------------------
# Augmentation
# ---------------------------------------------------------------------------

def test_augment_preserves_shape_and_dtype_and_does_not_mutate(subset):
    X = subset[0][:50]
    before = X.copy()
    for images in (X, (X * 255).astype(np.uint8)):
        out = nnlib.augment_batch(images, np.random.default_rng(0))
        assert out.shape == images.shape and out.dtype == images.dtype
        assert out is not images
    assert np.array_equal(X, before)


def test_augment_without_shift_or_flip_is_the_identity(subset):
    X = subset[0][:50]
    out = nnlib.augment_batch(X, np.random.default_rng(0), max_shift=0, flip=False)
    assert np.array_equal(out, X)
    out[0, 0] = 123.0  # a copy, not a view of the input
    assert X[0, 0] != 123.0


def test_shift_moves_a_single_bright_pixel_by_at_most_two():
    n = 400
    images = np.zeros((n, 28, 28), dtype=np.float32)
    images[:, 13, 9] = 1.0  # off-centre, so a flip would be visible too
    out = nnlib.augment_batch(images.reshape(n, 784), np.random.default_rng(0),
                              max_shift=2, flip=False).reshape(n, 28, 28)
    assert np.all(out.sum(axis=(1, 2)) == 1.0)  # the pixel is moved, never lost or doubled
    rows, cols = np.nonzero(out)[1], np.nonzero(out)[2]
    dy, dx = rows - 13, cols - 9
    assert np.abs(dy).max() <= 2 and np.abs(dx).max() <= 2
    # All 25 shifts occur in 400 draws, including no shift at all.
    assert len(set(zip(dy.tolist(), dx.tolist()))) == 25


def test_shift_is_an_exact_translation_of_the_content(subset):
    X = subset[0][:200].reshape(-1, 28, 28).copy()
    X[:, :2, :] = X[:, -2:, :] = X[:, :, :2] = X[:, :, -2:] = 0  # nothing falls off the edge
    out = nnlib.augment_batch(X.reshape(-1, 784), np.random.default_rng(3), max_shift=2,
                              flip=False).reshape(-1, 28, 28)
    shifts = [(dy, dx) for dy in range(-2, 3) for dx in range(-2, 3)]
    for image, moved in zip(X, out):
        assert any(np.array_equal(np.roll(image, s, axis=(0, 1)), moved) for s in shifts)


def test_flips_are_exact_mirror_images(subset):
    X = subset[0][:400]
    out = nnlib.augment_batch(X, np.random.default_rng(0), max_shift=0, flip=True)
    images, outs = X.reshape(-1, 28, 28), out.reshape(-1, 28, 28)
    same = np.all(outs == images, axis=(1, 2))
    mirrored = np.all(outs == images[:, :, ::-1], axis=(1, 2))
    assert np.all(same | mirrored)
    # About half are flipped (binomial(400, 0.5): 4 standard deviations is +-40).
    flipped = np.sum(mirrored & ~same)
    assert 160 <= flipped <= 240


def test_augment_refuses_a_negative_or_fractional_shift(subset):
    X = subset[0][:4]
    with pytest.raises(ValueError, match="max_shift must be at least 0"):
        nnlib.augment_batch(X, np.random.default_rng(0), max_shift=-1)
    with pytest.raises(TypeError, match="max_shift must be a whole number"):
        nnlib.augment_batch(X, np.random.default_rng(0), max_shift=1.5)


def test_augment_is_reproducible_with_a_seed(subset):
    X = subset[0][:100]
    a = nnlib.augment_batch(X, np.random.default_rng(5))
    b = nnlib.augment_batch(X, np.random.default_rng(5))
    c = nnlib.augment_batch(X, np.random.default_rng(6))
    assert np.array_equal(a, b) and not np.array_equal(a, c)


# ---------------------------------------------------------------------------
# Training with the new options
# ---------------------------------------------------------------------------

def test_early_stopping_restores_the_best_weights(subset):
    X_train, y_train, X_val, y_val = subset
    rng = np.random.default_rng(0)
    params = nnlib.init_params([784, 64, 10], "he", rng=rng)
    # 300 images and a large rate: validation accuracy peaks early, then stalls.
    history = nnlib.train(params, X_train[:300], y_train[:300], epochs=60, batch_size=32,
                          lr=0.2, rng=rng, X_val=X_val, y_val=y_val, patience=3)
    val_acc = history["val_acc"]
    assert history["stopped_early"] is True
    assert len(val_acc) < 60
    assert history["best_epoch"] == int(np.argmax(val_acc)) + 1
    assert len(val_acc) == history["best_epoch"] + 3
    # The weights left in params are those of the best epoch, not of the last one.
    _, restored_acc = nnlib.evaluate(params, X_val, y_val)
    assert restored_acc == max(val_acc)


def test_early_stopping_counts_a_tie_as_no_improvement(subset):
    # An "optimizer" that scales the last layer by a power of 2 scales every
    # logit exactly: the predictions, and so the validation accuracy, never
    # change, while the weights differ from epoch to epoch (x2, x4, x1, x2, ...).
    # The first epoch stays the best; training stops `patience` epochs later
    # and puts epoch 1's weights back.
    X_train, y_train, X_val, y_val = subset
    params = nnlib.init_params([784, 16, 10], "he", rng=np.random.default_rng(0))
    W0, b0 = (a.copy() for a in params[-1])
    hidden_before = params[0][0].copy()
    factors = iter([2, 2, 0.25] * 4)

    def rescale_last_layer(params, grads, lr):  # one batch per epoch: one call per epoch
        factor = next(factors)
        for array in params[-1]:
            array *= factor

    history = nnlib.train(params, X_train[:200], y_train[:200], epochs=6, batch_size=200, lr=0.1,
                          rng=np.random.default_rng(0), X_val=X_val, y_val=y_val, patience=2,
                          optimizer=rescale_last_layer)
    assert len(set(history["val_acc"])) == 1  # a tie in every epoch
    assert history["best_epoch"] == 1
    assert history["stopped_early"] is True and len(history["val_acc"]) == 3
    np.testing.assert_array_equal(params[-1][0], 2 * W0)  # epoch 1's, not epoch 3's (W0)
    np.testing.assert_array_equal(params[-1][1], 2 * b0)
    np.testing.assert_array_equal(params[0][0], hidden_before)


def test_patience_needs_validation_data(subset):
    X_train, y_train, _, _ = subset
    params = nnlib.init_params([784, 8, 10], "he", rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="patience"):
        nnlib.train(params, X_train, y_train, epochs=1, batch_size=64, lr=0.1,
                    rng=np.random.default_rng(0), patience=2)


@pytest.mark.parametrize("optimizer, lr", [("momentum", 0.01), ("adam", 0.001)])
def test_train_with_optimizer_reduces_the_loss(subset, optimizer, lr):
    X_train, y_train, X_val, y_val = subset
    rng = np.random.default_rng(0)
    params = nnlib.init_params([784, 64, 10], "he", rng=rng)
    loss_before, _ = nnlib.evaluate(params, X_train, y_train)
    history = nnlib.train(params, X_train, y_train, epochs=4, batch_size=64, lr=lr, rng=rng,
                          X_val=X_val, y_val=y_val, optimizer=optimizer, weight_decay=1e-4,
                          dropout=0.2, schedule="cosine", augment=True)
    loss_after, _ = nnlib.evaluate(params, X_train, y_train)
    assert loss_after < 0.5 * loss_before
    assert history["train_loss"][-1] < history["train_loss"][0]
    assert history["val_acc"][-1] > 0.6  # 2,000 augmented images, 4 epochs; chance is 0.1
    assert history["lr"][0] == pytest.approx(lr) and history["lr"][-1] < lr


def test_train_passes_augment_options_on(subset):
    X_train, y_train, _, _ = subset
    X, y = X_train[:500], y_train[:500]

    def trained(augment):
        params = nnlib.init_params([784, 16, 10], "he", rng=np.random.default_rng(0))
        nnlib.train(params, X, y, epochs=2, batch_size=50, lr=0.1,
                    rng=np.random.default_rng(1), augment=augment)
        return params

    # No shift and no flip draws nothing from rng and leaves images as they are,
    # so it must train exactly like no augmentation at all ...
    plain, inert = trained(False), trained({"max_shift": 0, "flip": False})
    assert all(np.array_equal(W, V) for (W, _), (V, _) in zip(plain, inert))
    # ... while flips only, and the defaults, change the path.
    for augment in ({"max_shift": 0}, True):
        assert not np.array_equal(trained(augment)[0][0], plain[0][0])
    with pytest.raises(ValueError, match="max_shift"):
        trained({"shift": 1})
