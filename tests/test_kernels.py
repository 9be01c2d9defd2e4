"""Kernels: vectorized versions against naive loops, numerical gradients, stability, dtypes."""
import math

import numpy as np
import pytest

import nnlib

# --- Naive reference implementations: one Python loop per sum -----------------


def naive_dense_forward(X, W, b):
    n, fan_in = X.shape
    out = np.zeros((n, W.shape[1]))
    for i in range(n):
        for j in range(W.shape[1]):
            out[i, j] = b[j] + sum(X[i, k] * W[k, j] for k in range(fan_in))
    return out


def naive_dense_backward(dZ, X, W):
    n, fan_in = X.shape
    fan_out = W.shape[1]
    dX, dW, db = np.zeros(X.shape), np.zeros(W.shape), np.zeros(fan_out)
    for i in range(n):
        for j in range(fan_out):
            db[j] += dZ[i, j]
            for k in range(fan_in):
                dW[k, j] += X[i, k] * dZ[i, j]
                dX[i, k] += dZ[i, j] * W[k, j]
    return dX, dW, db


def naive_softmax(logits):
    probs = np.zeros(logits.shape)
    for i, row in enumerate(logits):
        exps = [math.exp(v) for v in row]
        probs[i] = [e / sum(exps) for e in exps]
    return probs


def naive_cross_entropy(probs, y):
    return sum(-math.log(probs[i, y[i]]) for i in range(len(y))) / len(y)


def naive_dlogits(logits, y):
    probs = naive_softmax(logits)
    for i in range(len(y)):
        probs[i, y[i]] -= 1
    return probs / len(y)


@pytest.fixture
def rng():
    return np.random.default_rng(0)


# --- Vectorized == loops ---------------------------------------------------------

def test_dense_forward_matches_loops(rng):
    X, W, b = rng.normal(size=(4, 5)), rng.normal(size=(5, 3)), rng.normal(size=3)
    Z, cache = nnlib.dense_forward(X, W, b)
    np.testing.assert_allclose(Z, naive_dense_forward(X, W, b), rtol=1e-12)
    assert cache[0] is X and cache[1] is W  # the backward needs exactly these


def test_dense_backward_matches_loops(rng):
    X, W, b = rng.normal(size=(4, 5)), rng.normal(size=(5, 3)), rng.normal(size=3)
    dZ = rng.normal(size=(4, 3))
    _, cache = nnlib.dense_forward(X, W, b)
    dX, dW, db = nnlib.dense_backward(dZ, cache)
    for got, want in zip((dX, dW, db), naive_dense_backward(dZ, X, W)):
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


def test_dense_backward_can_skip_dX(rng):
    X, W, b = rng.normal(size=(4, 5)), rng.normal(size=(5, 3)), rng.normal(size=3)
    dZ = rng.normal(size=(4, 3))
    _, cache = nnlib.dense_forward(X, W, b)
    dX, dW, db = nnlib.dense_backward(dZ, cache, need_dX=False)
    full = nnlib.dense_backward(dZ, cache)
    assert dX is None
    np.testing.assert_array_equal(dW, full[1])
    np.testing.assert_array_equal(db, full[2])


def test_softmax_matches_loops(rng):
    logits = rng.normal(scale=3, size=(5, 10))
    probs = nnlib.softmax(logits)
    np.testing.assert_allclose(probs, naive_softmax(logits), rtol=1e-12)
    np.testing.assert_allclose(probs.sum(axis=1), 1, rtol=1e-12)


def test_softmax_is_shift_invariant(rng):
    logits = rng.normal(size=(3, 10))
    np.testing.assert_allclose(nnlib.softmax(logits + 123.0), nnlib.softmax(logits),
                               rtol=1e-10)


def test_cross_entropy_matches_loop(rng):
    probs = naive_softmax(rng.normal(size=(6, 10)))
    y = rng.integers(0, 10, size=6)
    assert nnlib.cross_entropy(probs, y) == pytest.approx(naive_cross_entropy(probs, y),
                                                          rel=1e-12)


def test_cross_entropy_of_a_zero_probability_is_finite():
    probs = np.array([[1.0, 0.0], [0.5, 0.5]])
    loss = nnlib.cross_entropy(probs, np.array([1, 0]))
    assert math.isfinite(loss) and loss > 300  # -log(tiny)/2 for float64 is ~354


def test_fused_softmax_cross_entropy_matches_loops(rng):
    logits = rng.normal(scale=2, size=(6, 10))
    y = rng.integers(0, 10, size=6)
    loss, dlogits = nnlib.softmax_cross_entropy(logits, y)
    assert loss == pytest.approx(naive_cross_entropy(naive_softmax(logits), y), rel=1e-12)
    np.testing.assert_allclose(dlogits, naive_dlogits(logits, y), rtol=1e-10, atol=1e-15)
    # The gradient of a mean loss: each row sums to 0.
    np.testing.assert_allclose(dlogits.sum(axis=1), 0, atol=1e-15)


def test_fused_loss_equals_the_two_step_loss(rng):
    logits = rng.normal(scale=2, size=(50, 10))
    y = rng.integers(0, 10, size=50)
    loss, _ = nnlib.softmax_cross_entropy(logits, y)
    assert loss == pytest.approx(nnlib.cross_entropy(nnlib.softmax(logits), y), rel=1e-12)


def test_one_hot_matches_loop():
    y = np.array([3, 0, 9, 3, 7])
    expected = np.zeros((5, 10), dtype=np.float32)
    for i, label in enumerate(y):
        expected[i, label] = 1
    out = nnlib.one_hot(y)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, expected)
    assert nnlib.one_hot(y, 12, dtype=np.float64).shape == (5, 12)


def test_confusion_matrix_matches_loop(rng):
    y_true, y_pred = rng.integers(0, 10, size=200), rng.integers(0, 10, size=200)
    expected = np.zeros((10, 10), dtype=int)
    for t, p in zip(y_true, y_pred):
        expected[t, p] += 1
    matrix = nnlib.confusion_matrix(y_true, y_pred, 10)
    np.testing.assert_array_equal(matrix, expected)
    assert matrix.sum() == 200
    np.testing.assert_array_equal(matrix.sum(axis=1), np.bincount(y_true, minlength=10))
    assert np.trace(matrix) == np.sum(y_true == y_pred)


def test_confusion_matrix_accepts_mixed_integer_dtypes():
    y_true = np.array([0, 1, 2, 2], dtype=np.uint8)
    y_pred = np.array([0, 2, 2, 1], dtype=np.int64)
    matrix = nnlib.confusion_matrix(y_true, y_pred, 3)
    np.testing.assert_array_equal(matrix, [[1, 0, 0], [0, 0, 1], [0, 1, 1]])


@pytest.mark.parametrize("y_pred, word", [(np.array([0, 1, 10]), "0..9"),
                                          (np.array([0, 1]), "differ in shape"),
                                          (np.array([0.0, 1.0, 2.0]), "integer")])
def test_confusion_matrix_refuses_bad_labels(y_pred, word):
    with pytest.raises(ValueError, match=word):
        nnlib.confusion_matrix(np.array([0, 1, 2]), y_pred, 10)


def test_accuracy_matches_loop():
    y_true, y_pred = np.array([1, 2, 3, 4, 5]), np.array([1, 0, 3, 0, 5])
    expected = sum(int(a == b) for a, b in zip(y_true, y_pred)) / len(y_true)
    assert nnlib.accuracy(y_true, y_pred) == expected == 0.6
    with pytest.raises(ValueError, match="differ in shape"):
        nnlib.accuracy(y_true, y_pred[:3])


@pytest.mark.parametrize("y_pred, word", [(np.array([[1], [0], [3], [0], [5]]), "differ in shape"),
                                          (np.array([1.0, 0.0, 3.0, 0.0, 5.0]), "integer")])
def test_accuracy_refuses_a_column_or_float_labels(y_pred, word):
    # A column of labels against a row would broadcast to a 5 x 5 comparison.
    y_true = np.array([1, 2, 3, 4, 5])
    for args in ((y_true, y_pred), (y_pred, y_true)):
        with pytest.raises(ValueError, match=word):
            nnlib.accuracy(*args)
    with pytest.raises(ValueError, match="1-D NumPy array"):
        nnlib.accuracy(y_true[:, None], y_true[:, None])  # 2-D both: same shape, still refused


def test_relu_pair_matches_loops():
    Z = np.array([[-2.0, -0.0, 0.0, 1e-30, 3.5], [7.0, -1e-30, -4.0, 0.25, 0.0]])
    expected_relu = np.array([[max(v, 0.0) for v in r] for r in Z])
    expected_derivative = np.array([[1.0 if v > 0 else 0.0 for v in r] for r in Z])
    A, cache = nnlib.relu_forward(Z)
    np.testing.assert_array_equal(A, expected_relu)
    dout = np.arange(10.0).reshape(2, 5) + 1
    np.testing.assert_array_equal(nnlib.relu_backward(dout, cache), dout * expected_derivative)


def test_relu_forward_in_place_is_the_same_function():
    Z = np.random.default_rng(0).normal(size=(4, 6))
    A, _ = nnlib.relu_forward(Z.copy())
    Z_in_place = Z.copy()
    A_in_place, cache = nnlib.relu_forward(Z_in_place, out=Z_in_place)
    assert A_in_place is Z_in_place and cache is Z_in_place  # no new array
    np.testing.assert_array_equal(A_in_place, A)


# --- Analytic gradients == centred differences --------------------------------------

def test_numerical_gradient_of_a_known_function(rng):
    x = rng.normal(size=(3, 4))
    before = x.copy()
    grad = nnlib.numerical_gradient(lambda: float(np.sum(x ** 3)), x)
    assert nnlib.rel_error(grad, 3 * before ** 2) < 1e-8
    np.testing.assert_array_equal(x, before)  # restored after the probe


@pytest.mark.parametrize("view", ["transposed", "first three columns"])
def test_numerical_gradient_works_on_views(rng, view):
    # x.reshape(-1) of a non-contiguous view is a copy: nudging the copy left
    # the function unchanged and the gradient came back all zeros.
    W = rng.normal(size=(4, 6))
    x = W.T if view == "transposed" else W[:, :3]
    grad = nnlib.numerical_gradient(lambda: float(np.sum(W ** 2)), x)
    assert nnlib.rel_error(grad, 2 * x) < 1e-8


def test_numerical_gradient_refuses_float32():
    # In float32 a nudge of 1e-6 is mostly rounding: d(x^2)/dx at 1 came out
    # as 1.907 instead of 2.0, silently.
    x = np.ones(1, dtype=np.float32)
    with pytest.raises(TypeError, match="float64"):
        nnlib.numerical_gradient(lambda: float(x[0] ** 2), x)


def test_rel_error_properties():
    a = np.array([1.0, -2.0, 3.0])
    assert nnlib.rel_error(a, a) == 0.0
    assert nnlib.rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert nnlib.rel_error(a, -a) == pytest.approx(1.0)
    assert nnlib.rel_error(a, a * (1 + 1e-6)) == pytest.approx(
        nnlib.rel_error(1e5 * a, 1e5 * a * (1 + 1e-6)), rel=1e-6)
    assert nnlib.rel_error(a, 2 * a) == nnlib.rel_error(2 * a, a)


def test_dense_backward_against_numerical_gradient(rng):
    X, W, b = rng.normal(size=(4, 6)), rng.normal(size=(6, 5)), rng.normal(size=5)
    upstream = rng.normal(size=(4, 5))  # loss = sum(Z * upstream), so dZ = upstream

    def loss():
        return float(np.sum(nnlib.dense_forward(X, W, b)[0] * upstream))

    dX, dW, db = nnlib.dense_backward(upstream, (X, W))
    for analytic, wrt in ((dX, X), (dW, W), (db, b)):
        assert nnlib.rel_error(analytic, nnlib.numerical_gradient(loss, wrt)) < 1e-9


def test_activations_are_the_three_taught_pairs():
    assert nnlib.ACTIVATIONS == {"relu": (nnlib.relu_forward, nnlib.relu_backward),
                                 "sigmoid": (nnlib.sigmoid_forward, nnlib.sigmoid_backward),
                                 "tanh": (nnlib.tanh_forward, nnlib.tanh_backward)}


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh"])
def test_activation_backward_against_numerical_gradient(rng, name):
    forward, backward = nnlib.ACTIVATIONS[name]
    Z = rng.normal(scale=2, size=(5, 7))
    Z[np.abs(Z) < 1e-3] = 0.5  # keep away from ReLU's kink, where no derivative exists
    upstream = rng.normal(size=Z.shape)
    numerical = nnlib.numerical_gradient(lambda: float(np.sum(forward(Z)[0] * upstream)), Z)
    analytic = backward(upstream, forward(Z)[1])
    assert nnlib.rel_error(analytic, numerical) < 1e-9
    if name == "relu":
        assert 0 < np.count_nonzero(analytic) < analytic.size  # both branches exercised


def test_sigmoid_and_tanh_match_their_formulas_and_stay_finite():
    Z = np.linspace(-30, 30, 61)[None, :]
    # (1 + tanh(Z/2)) / 2 is exact to within float64's rounding of 1 in absolute terms, which
    # is what the next layer's sum sees; far left the relative error grows (1e-4 at Z = -30).
    np.testing.assert_allclose(nnlib.sigmoid_forward(Z)[0], 1 / (1 + np.exp(-Z)), rtol=1e-12, atol=1e-16)
    np.testing.assert_allclose(nnlib.tanh_forward(Z)[0], np.tanh(Z), rtol=1e-15)
    with np.errstate(over="raise"):  # the naive 1 / (1 + exp(-Z)) overflows at Z = -1000
        S, _ = nnlib.sigmoid_forward(np.array([[-1000.0, 0.0, 1000.0]], np.float32))
    assert S.tolist() == [[0.0, 0.5, 1.0]]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh"])
def test_activations_preserve_dtype(rng, name, dtype):
    forward, backward = nnlib.ACTIVATIONS[name]
    Z = rng.normal(size=(4, 6)).astype(dtype)
    out, cache = forward(Z)
    assert out.dtype == dtype
    assert backward(np.ones_like(Z), cache).dtype == dtype


def test_softmax_cross_entropy_dlogits_against_numerical_gradient(rng):
    logits = rng.normal(scale=2, size=(5, 10))
    y = rng.integers(0, 10, size=5)
    _, dlogits = nnlib.softmax_cross_entropy(logits, y)
    numerical = nnlib.numerical_gradient(lambda: nnlib.softmax_cross_entropy(logits, y)[0],
                                         logits)
    assert nnlib.rel_error(dlogits, numerical) < 1e-8


# --- Stability at extreme logits ---------------------------------------------------------

EXTREME = np.array([[1e4, -1e4, 0.0, 5.0, -3.0, 0.0, 1.0, 2.0, 3.0, 4.0],
                    [-1e4, -1e4, -1e4, -1e4, -1e4, -1e4, -1e4, -1e4, -1e4, 1e4],
                    [1e4, 1e4, 1e4, 1e4, 1e4, 1e4, 1e4, 1e4, 1e4, 1e4]])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_softmax_is_stable_at_extreme_logits(dtype):
    probs = nnlib.softmax(EXTREME.astype(dtype))
    assert probs.dtype == dtype and np.isfinite(probs).all()
    np.testing.assert_allclose(probs.sum(axis=1), 1, rtol=1e-6)
    assert probs[0, 0] == 1 and probs[1, 9] == 1
    np.testing.assert_allclose(probs[2], 0.1, rtol=1e-6)  # ten equal logits


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_softmax_cross_entropy_is_stable_at_extreme_logits(dtype):
    logits = EXTREME.astype(dtype)
    loss, dlogits = nnlib.softmax_cross_entropy(logits, np.array([1, 9, 4]))
    assert math.isfinite(loss) and np.isfinite(dlogits).all()
    assert dlogits.dtype == dtype
    # Row 0: the true class sits 2e4 below the best, so its loss is 2e4;
    # row 1 is right with certainty (0); row 2 is a ten-way tie (log 10).
    assert loss == pytest.approx((2e4 + 0 + math.log(10)) / 3, rel=1e-6)
    np.testing.assert_allclose(dlogits.sum(axis=1), 0, atol=1e-6)
    assert dlogits[0, 1] == pytest.approx(-1 / 3) and dlogits[0, 0] == pytest.approx(1 / 3)


def test_softmax_cross_entropy_confidently_right_costs_nothing():
    loss, dlogits = nnlib.softmax_cross_entropy(np.array([[1e4, -1e4]]), np.array([0]))
    assert loss == 0.0 and np.all(dlogits == 0)


# --- dtypes are preserved -----------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_kernels_preserve_dtype(dtype, rng):
    X = rng.normal(size=(4, 6)).astype(dtype)
    W, b = rng.normal(size=(6, 10)).astype(dtype), rng.normal(size=10).astype(dtype)
    y = np.array([0, 3, 9, 2])
    Z, cache = nnlib.dense_forward(X, W, b)
    assert Z.dtype == dtype
    assert all(g.dtype == dtype for g in nnlib.dense_backward(Z, cache))
    A, relu_cache = nnlib.relu_forward(Z)
    assert A.dtype == dtype and nnlib.relu_backward(Z, relu_cache).dtype == dtype
    assert nnlib.softmax(Z).dtype == dtype
    loss, dlogits = nnlib.softmax_cross_entropy(Z, y)
    assert dlogits.dtype == dtype and isinstance(loss, float)
    assert isinstance(nnlib.cross_entropy(nnlib.softmax(Z), y), float)
    assert nnlib.one_hot(y, dtype=dtype).dtype == dtype


def test_sgd_step_is_exactly_w_minus_lr_dw(rng):
    params = [(rng.normal(size=(5, 4)).astype(np.float32), rng.normal(size=4).astype(np.float32)),
              (rng.normal(size=(4, 3)).astype(np.float32), rng.normal(size=3).astype(np.float32))]
    grads = [(rng.normal(size=W.shape).astype(np.float32),
              rng.normal(size=b.shape).astype(np.float32)) for W, b in params]
    lr = 0.1
    expected = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]
    originals = [(W, b) for W, b in params]
    nnlib.sgd_step(params, grads, lr)
    for (W, b), (W_orig, b_orig), (W_want, b_want) in zip(params, originals, expected):
        assert W is W_orig and b is b_orig  # updated in place, not replaced
        assert W.dtype == np.float32 and b.dtype == np.float32
        np.testing.assert_array_equal(W, W_want)
        np.testing.assert_array_equal(b, b_want)
