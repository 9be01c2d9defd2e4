"""The network: init, forward, loss_and_grads, gradient checks, input checks, save/load."""
import math

import numpy as np
import pytest

import nnlib

LAYERS = [784, 128, 10, 10]


def net(dtype=np.float32, scheme="he", seed=0, layers=LAYERS):
    return nnlib.init_params(layers, scheme, np.random.default_rng(seed), dtype=dtype)


def batch(n=8, dtype=np.float32, seed=0, features=784):
    rng = np.random.default_rng(seed)
    return rng.random((n, features)).astype(dtype), rng.integers(0, 10, size=n)


# --- init_params ----------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("scheme", ["uniform", "he", "xavier"])
def test_init_params_shapes_and_dtype(scheme, dtype):
    params = net(dtype, scheme)
    assert [(W.shape, b.shape) for W, b in params] == [
        ((784, 128), (128,)), ((128, 10), (10,)), ((10, 10), (10,))]
    assert all(W.dtype == dtype and b.dtype == dtype for W, b in params)


def test_init_schemes_have_the_documented_scales():
    uniform, he, xavier = (net(np.float64, s) for s in ("uniform", "he", "xavier"))
    W, b = uniform[0]
    assert W.min() >= -0.5 and W.max() < 0.5 and abs(W.mean()) < 0.01
    assert b.min() >= -0.5 and b.max() < 0.5 and np.ptp(b) > 0.5  # biases drawn too
    assert he[0][0].std() == pytest.approx(math.sqrt(2 / 784), rel=0.02)
    limit = math.sqrt(6 / (784 + 128))
    assert np.abs(xavier[0][0]).max() <= limit and np.abs(xavier[0][0]).max() > 0.95 * limit
    assert all(not b.any() for params in (he, xavier) for _, b in params)


def test_init_is_seeded():
    for (W1, b1), (W2, b2) in zip(net(seed=3), net(seed=3)):
        np.testing.assert_array_equal(W1, W2)
        np.testing.assert_array_equal(b1, b2)
    assert not np.array_equal(net(seed=3)[0][0], net(seed=4)[0][0])


@pytest.mark.parametrize("layers, scheme, word", [([784], "he", "at least two"),
                                                  ([784, 0, 10], "he", "positive"),
                                                  (LAYERS, "glorot", "scheme")])
def test_init_refuses_bad_arguments(layers, scheme, word):
    with pytest.raises(ValueError, match=word):
        nnlib.init_params(layers, scheme)


# --- forward and loss_and_grads ----------------------------------------------------------

def test_forward_returns_probabilities_and_caches():
    params = net()
    X, _ = batch(8)
    probs, caches = nnlib.forward(params, X)
    assert probs.shape == (8, 10) and probs.dtype == np.float32
    assert np.all(probs >= 0)
    np.testing.assert_allclose(probs.sum(axis=1), 1, rtol=1e-5)
    assert len(caches) == len(params)
    hidden = caches[0][1]
    assert hidden.shape == (8, 128) and hidden.min() >= 0  # the ReLU output


def test_forward_matches_a_layer_by_layer_computation():
    params = net(np.float64)
    X, _ = batch(5, np.float64)
    hidden = np.maximum(X @ params[0][0] + params[0][1], 0)
    hidden = np.maximum(hidden @ params[1][0] + params[1][1], 0)
    logits = hidden @ params[2][0] + params[2][1]
    probs, _ = nnlib.forward(params, X)
    np.testing.assert_allclose(probs, nnlib.softmax(logits), rtol=1e-12)


def test_forward_does_not_modify_its_inputs():
    params = net()
    X, _ = batch(8)
    X_before, params_before = X.copy(), [(W.copy(), b.copy()) for W, b in params]
    nnlib.forward(params, X)
    np.testing.assert_array_equal(X, X_before)
    for (W, b), (W0, b0) in zip(params, params_before):
        np.testing.assert_array_equal(W, W0)
        np.testing.assert_array_equal(b, b0)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_loss_and_grads_mirror_params_and_keep_dtype(dtype):
    params = net(dtype)
    X, y = batch(8, dtype)
    loss, grads = nnlib.loss_and_grads(params, X, y)
    assert isinstance(loss, float) and math.isfinite(loss)
    assert len(grads) == len(params)
    for (W, b), (dW, db) in zip(params, grads):
        assert dW.shape == W.shape and db.shape == b.shape
        assert dW.dtype == dtype and db.dtype == dtype


def test_loss_is_the_mean_cross_entropy_of_forward():
    params = net(np.float64)
    X, y = batch(16, np.float64)
    loss, _ = nnlib.loss_and_grads(params, X, y)
    probs, _ = nnlib.forward(params, X)
    assert loss == pytest.approx(nnlib.cross_entropy(probs, y), rel=1e-12)


def test_weight_decay_adds_the_l2_penalty_and_its_gradient():
    params = net(np.float64)
    X, y = batch(8, np.float64)
    lam = 0.01
    loss0, grads0 = nnlib.loss_and_grads(params, X, y)
    loss1, grads1 = nnlib.loss_and_grads(params, X, y, weight_decay=lam)
    penalty = 0.5 * lam * sum(np.sum(W ** 2) for W, _ in params)
    assert loss1 - loss0 == pytest.approx(penalty, rel=1e-10)
    for (W, _), (dW0, db0), (dW1, db1) in zip(params, grads0, grads1):
        np.testing.assert_allclose(dW1 - dW0, lam * W, rtol=1e-9, atol=1e-15)
        np.testing.assert_array_equal(db1, db0)  # biases are not decayed


# --- Gradient checks in float64 ------------------------------------------------------------

@pytest.fixture(scope="module")
def full_net_check():
    """The whole 784-128-10-10 net, every weight probed (about 200,000 forwards)."""
    params = net(np.float64, "he", seed=0)
    X, y = batch(6, np.float64, seed=100)
    # No pre-activation may sit within reach of the ReLU kink, where the
    # centred difference would straddle two slopes.
    hidden = X
    closest = np.inf
    for W, b in params[:-1]:
        pre = hidden @ W + b
        closest = min(closest, np.abs(pre).min())
        hidden = np.maximum(pre, 0)
    return nnlib.gradient_check(params, X, y), closest


def test_whole_network_gradient_check(full_net_check):
    worst, closest_to_kink = full_net_check
    assert closest_to_kink > 1e-4
    assert worst < 1e-7, f"worst relative error {worst:.2e}"


def test_gradient_check_with_weight_decay():
    params = net(np.float64, "he", seed=1, layers=[30, 12, 10, 10])
    X, y = batch(6, np.float64, seed=2, features=30)
    assert nnlib.gradient_check(params, X, y, weight_decay=0.1) < 1e-7


def test_gradient_check_catches_a_wrong_gradient(monkeypatch):
    # A check that cannot fail proves nothing: break db of the last layer.
    params = net(np.float64, "he", seed=1, layers=[30, 12, 10, 10])
    X, y = batch(6, np.float64, seed=2, features=30)
    real_backward = nnlib._backward

    def broken_backward(*args, **kwargs):
        grads = real_backward(*args, **kwargs)
        dW, db = grads[-1]
        grads[-1] = (dW, 2 * db)
        return grads

    monkeypatch.setattr(nnlib, "_backward", broken_backward)
    assert nnlib.gradient_check(params, X, y) > 0.1


# --- Input validation at the public boundary ------------------------------------------------

def _bad(X=None, y=None):
    good_X, good_y = batch(8)
    return (good_X if X is None else X), (good_y if y is None else y)


BAD_INPUTS = {
    # name: ((X, y), words the ValueError must contain)
    "X is 1-D": (_bad(X=np.zeros(784, np.float32)), r"2-D array \(n_samples, 784\)"),
    "X is a list": (_bad(X=[[0.0] * 784] * 8), "2-D array"),
    "X rows are images": (_bad(X=np.zeros((8, 28, 28), np.float32)), "2-D array"),
    "X has 783 features": (_bad(X=np.zeros((8, 783), np.float32)), "783 features.*reshape"),
    "X is raw uint8": (_bad(X=np.zeros((8, 784), np.uint8)), r"uint8.*scale_pixels"),
    "X is float64": (_bad(X=np.zeros((8, 784))), r"float64 but the parameters are float32"),
    "X holds NaN": (_bad(X=np.full((8, 784), np.nan, np.float32)), "NaN or inf"),
    "X holds inf": (_bad(X=np.where(np.eye(8, 784) > 0, np.inf, 0).astype(np.float32)),
                    "NaN or inf"),
    "y is float": (_bad(y=np.zeros(8)), "integer array"),
    "y is a list": (_bad(y=[0] * 8), "integer array"),
    "y is 2-D": (_bad(y=np.zeros((8, 1), int)), "1-D integer"),
    "y has 10": (_bad(y=np.array([0, 1, 2, 3, 4, 5, 6, 10])), r"0\.\.9"),
    "y is negative": (_bad(y=np.array([-1, 1, 2, 3, 4, 5, 6, 7])), r"0\.\.9"),
    "lengths differ": (_bad(y=np.zeros(7, int)), "7 labels but X has 8 rows"),
}


def _train_one_epoch(params, X, y):
    return nnlib.train(params, X, y, epochs=1, batch_size=4, lr=0.1,
                       rng=np.random.default_rng(0))


ENTRY_POINTS = {
    "loss_and_grads": lambda p, X, y: nnlib.loss_and_grads(p, X, y),
    "train": _train_one_epoch,
    "evaluate": nnlib.evaluate,
}


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=list(ENTRY_POINTS))
@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_inputs_raise_a_helpful_value_error(case, entry):
    (X, y), pattern = BAD_INPUTS[case]
    params = net()
    before = [W.copy() for W, _ in params]
    with pytest.raises(ValueError, match=pattern):
        ENTRY_POINTS[entry](params, X, y)
    assert all(np.array_equal(W, W0) for (W, _), W0 in zip(params, before))


@pytest.mark.parametrize("function", [nnlib.forward, nnlib.predict, nnlib.predict_proba])
def test_prediction_functions_check_X(function):
    with pytest.raises(ValueError, match="scale_pixels"):
        function(net(), np.zeros((3, 784), np.uint8))
    with pytest.raises(ValueError, match="NaN or inf"):
        function(net(), np.full((3, 784), np.nan, np.float32))


def test_float32_data_with_float64_params_names_the_fix():
    X, y = batch(4, np.float32)
    with pytest.raises(ValueError, match=r"X has dtype float32 .*float64.*astype\(np\.float64\)"):
        nnlib.loss_and_grads(net(np.float64), X, y)


@pytest.mark.parametrize("params, word", [
    ([], "empty"),
    ([(np.zeros((784, 128), np.float32), np.zeros(128, np.float32)),
      (np.zeros((100, 10), np.float32), np.zeros(10, np.float32))], "must chain"),
    ([(np.zeros((784, 128), np.float32), np.zeros(10, np.float32))], r"b \(fan_out,\)"),
])
def test_params_that_do_not_chain_are_refused(params, word):
    with pytest.raises(ValueError, match=word):
        nnlib.forward(params, np.zeros((2, 784), np.float32))


# --- save_params / load_params ------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_save_load_round_trip_is_exact(tmp_path, dtype):
    params = net(dtype, "uniform")
    path = tmp_path / "weights.npz"
    nnlib.save_params(path, params)
    loaded = nnlib.load_params(path)
    assert len(loaded) == len(params)
    for (W, b), (W2, b2) in zip(params, loaded):
        assert W2.dtype == dtype and b2.dtype == dtype
        np.testing.assert_array_equal(W2, W)
        np.testing.assert_array_equal(b2, b)
    X, _ = batch(4, dtype)
    np.testing.assert_array_equal(nnlib.predict_proba(loaded, X), nnlib.predict_proba(params, X))


def test_save_is_atomic_and_overwrites(tmp_path):
    path = tmp_path / "weights.npz"
    nnlib.save_params(path, net(seed=0))
    nnlib.save_params(path, net(seed=1))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["weights.npz"]  # no .tmp left
    np.testing.assert_array_equal(nnlib.load_params(path)[0][0], net(seed=1)[0][0])


def test_save_refuses_params_that_do_not_chain(tmp_path):
    bad = [(np.zeros((4, 3)), np.zeros(3)), (np.zeros((5, 2)), np.zeros(2))]
    with pytest.raises(ValueError, match="must chain"):
        nnlib.save_params(tmp_path / "bad.npz", bad)
    assert list(tmp_path.iterdir()) == []


def test_load_refuses_a_foreign_npz(tmp_path):
    path = tmp_path / "foreign.npz"
    rng = np.random.default_rng(0)
    np.savez(path, W0=rng.normal(size=(4, 3)), b0=rng.normal(size=3))
    with pytest.raises(ValueError, match="not an nnlib parameter file") as info:
        nnlib.load_params(path)
    assert str(path) in str(info.value)


def test_load_refuses_shapes_that_do_not_chain(tmp_path):
    path = tmp_path / "broken.npz"
    np.savez(path, nnlib_format=np.array("nnlib-mlp-v1"),
             W0=np.zeros((784, 128)), b0=np.zeros(128),
             W1=np.zeros((64, 10)), b1=np.zeros(10))
    with pytest.raises(ValueError, match="must chain") as info:
        nnlib.load_params(path)
    assert str(path) in str(info.value)


def test_load_refuses_missing_arrays(tmp_path):
    path = tmp_path / "partial.npz"
    np.savez(path, nnlib_format=np.array("nnlib-mlp-v1"), W0=np.zeros((4, 3)), W1=np.zeros(3))
    with pytest.raises(ValueError, match="expected arrays W0, b0"):
        nnlib.load_params(path)


@pytest.mark.parametrize("kind", ["text", "npy"])
def test_load_refuses_a_file_that_is_not_an_npz(tmp_path, kind):
    path = tmp_path / "weights.npz"
    if kind == "text":
        path.write_text("this is not a NumPy archive\n")
    else:
        with open(path, "wb") as f:  # a single .npy array under an .npz name
            np.save(f, np.zeros((784, 128)))
    with pytest.raises(ValueError) as info:
        nnlib.load_params(path)
    assert str(path) in str(info.value)
