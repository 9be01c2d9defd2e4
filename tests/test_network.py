"""The network: init, forward, loss_and_grads, gradient checks, input checks, save/load."""
import math

import numpy as np
import pytest

import nnlib

LAYERS = [784, 128, 10, 10]


def net(dtype=np.float32, scheme="he", seed=0, layers=LAYERS):
    return nnlib.init_params(layers, scheme, rng=np.random.default_rng(seed), dtype=dtype)


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
                                                  ([784, 0, 10], "he", "at least 1"),
                                                  (LAYERS, "glorot", "scheme")])
def test_init_refuses_bad_arguments(layers, scheme, word):
    with pytest.raises(ValueError, match=word):
        nnlib.init_params(layers, scheme, rng=np.random.default_rng(0))


@pytest.mark.parametrize("rng, word", [(None, "NoneType"), (0, "default_rng\\(seed\\)"),
                                       (np.random.RandomState(0), "RandomState")])
def test_random_functions_want_a_generator(rng, word):
    # One convention: everything random takes rng=np.random.Generator.
    calls = [lambda: nnlib.init_params(LAYERS, rng=rng),
             lambda: nnlib.train_val_split(np.zeros((10, 2)), np.arange(10) % 2, 2, rng=rng),
             lambda: nnlib.augment_batch(np.zeros((2, 784), np.float32), rng),
             lambda: nnlib.train(net(), *batch(4), epochs=1, batch_size=2, lr=0.1, rng=rng),
             lambda: nnlib.loss_and_grads(net(), *batch(4), dropout=0.5, rng=rng)]
    for call in calls:
        with pytest.raises(TypeError, match=f"rng must be a np.random.Generator.*{word}"):
            call()


def test_layer_sizes_must_be_whole_numbers():
    with pytest.raises(TypeError, match="whole number"):
        nnlib.init_params([784, 128.0, 10], rng=np.random.default_rng(0))


# --- forward and loss_and_grads ----------------------------------------------------------

def test_forward_returns_logits_and_one_cache_per_layer():
    params = net()
    X, _ = batch(8)
    logits, caches = nnlib.forward(params, X)
    assert logits.shape == (8, 10) and logits.dtype == np.float32
    assert len(caches) == len(params)
    assert [len(c) for c in caches] == [3, 3, 1]  # (dense, relu, dropout) ... (dense,)
    dense, hidden, mask = caches[0]
    assert dense[0] is X and dense[1] is params[0][0]
    assert hidden.shape == (8, 128) and hidden.min() >= 0 and mask is None


def test_forward_matches_a_layer_by_layer_computation():
    params = net(np.float64)
    X, _ = batch(5, np.float64)
    hidden = np.maximum(X @ params[0][0] + params[0][1], 0)
    hidden = np.maximum(hidden @ params[1][0] + params[1][1], 0)
    logits = hidden @ params[2][0] + params[2][1]
    logits_nnlib, _ = nnlib.forward(params, X)
    np.testing.assert_allclose(logits_nnlib, logits, rtol=1e-12)


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
    logits, _ = nnlib.forward(params, X)
    assert loss == pytest.approx(nnlib.cross_entropy(nnlib.softmax(logits), y), rel=1e-12)


def test_loss_and_grads_is_forward_loss_backward():
    params = net(np.float64)
    X, y = batch(16, np.float64)
    logits, caches = nnlib.forward(params, X)
    _, dlogits = nnlib.softmax_cross_entropy(logits, y)
    _, grads = nnlib.loss_and_grads(params, X, y)
    for pair, pair2 in zip(nnlib.backward(dlogits, caches), grads, strict=True):
        for a, b in zip(pair, pair2, strict=True):
            np.testing.assert_array_equal(a, b)


def test_the_network_runs_the_taught_kernels(monkeypatch):
    # forward/backward must call the very kernels the notebooks teach: the dense
    # layer by its name in nnlib, the activation through ACTIVATIONS.
    assert nnlib.ACTIVATIONS["relu"] == (nnlib.relu_forward, nnlib.relu_backward)
    calls = []

    def recording(name):
        real = getattr(nnlib, name)
        return lambda *a, **k: calls.append(name) or real(*a, **k)

    for name in ("dense_forward", "dense_backward"):
        monkeypatch.setattr(nnlib, name, recording(name))
    monkeypatch.setitem(nnlib.ACTIVATIONS, "relu", (recording("relu_forward"), recording("relu_backward")))
    nnlib.loss_and_grads(net(), *batch(4))
    assert calls == ["dense_forward", "relu_forward"] * 2 + ["dense_forward"] + [
        "dense_backward", "relu_backward"] * 2 + ["dense_backward"]


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


@pytest.mark.slow
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
    real_backward = nnlib.backward

    def broken_backward(*args, **kwargs):
        grads = real_backward(*args, **kwargs)
        dW, db = grads[-1]
        grads[-1] = (dW, 2 * db)
        return grads

    monkeypatch.setattr(nnlib, "backward", broken_backward)
    assert nnlib.gradient_check(params, X, y) > 0.1


def softplus_forward(Z):
    """A smooth activation the library does not have: softplus, log(1 + e^Z)."""
    return np.logaddexp(0, Z), Z


def softplus_backward(dout, Z):
    return dout / (1 + np.exp(-Z))


SOFTPLUS = (softplus_forward, softplus_backward)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", SOFTPLUS], ids=["sigmoid", "tanh", "softplus"])
def test_gradient_check_with_another_activation(activation):
    params = net(np.float64, "xavier", seed=1, layers=[30, 12, 10, 10])
    params = [(W, np.random.default_rng(5).normal(0, 0.1, b.shape)) for W, b in params]  # biases off 0
    X, y = batch(6, np.float64, seed=2, features=30)
    assert nnlib.gradient_check(params, X, y, activation=activation) < 1e-7
    assert nnlib.gradient_check(params, X, y, activation=activation, weight_decay=0.1, dropout=0.3,
                                rng=np.random.default_rng(3)) < 1e-7


@pytest.mark.parametrize("activation, function", [
    ("sigmoid", lambda Z: 1 / (1 + np.exp(-Z))), ("tanh", np.tanh),
    (SOFTPLUS, lambda Z: np.log1p(np.exp(Z)))], ids=["sigmoid", "tanh", "softplus"])
def test_forward_and_loss_and_grads_use_the_activation_given(activation, function):
    params = net(np.float64, "xavier")
    X, y = batch(5, np.float64)
    hidden = function(X @ params[0][0] + params[0][1])
    hidden = function(hidden @ params[1][0] + params[1][1])
    logits = hidden @ params[2][0] + params[2][1]
    np.testing.assert_allclose(nnlib.forward(params, X, activation=activation)[0], logits, rtol=1e-10)
    loss, grads = nnlib.loss_and_grads(params, X, y, activation=activation)
    assert loss == pytest.approx(nnlib.softmax_cross_entropy(logits, y)[0], rel=1e-10)
    logits_, caches = nnlib.forward(params, X, activation=activation)
    expected = nnlib.backward(nnlib.softmax_cross_entropy(logits_, y)[1], caches, activation=activation)
    assert all(np.array_equal(a, b) for pair, pair2 in zip(grads, expected) for a, b in zip(pair, pair2))


def test_a_wrong_custom_backward_is_caught_by_the_gradient_check():
    # The pair's backward is what loss_and_grads uses: a factor of 2 in it shows.
    params = net(np.float64, "xavier", seed=1, layers=[30, 12, 10, 10])
    X, y = batch(6, np.float64, seed=2, features=30)
    wrong = (softplus_forward, lambda dout, Z: 2 * softplus_backward(dout, Z))
    assert nnlib.gradient_check(params, X, y, activation=wrong) > 0.1


@pytest.mark.parametrize("activation", ["softplus", "ReLU", None, (nnlib.relu_forward,),
                                        [nnlib.relu_forward, nnlib.relu_backward], ("relu", "relu")])
def test_an_unknown_activation_is_refused(activation):
    X, y = batch(4)
    for call in (lambda: nnlib.forward(net(), X, activation=activation),
                 lambda: nnlib.loss_and_grads(net(), X, y, activation=activation),
                 lambda: nnlib.predict(net(), X, activation=activation)):
        with pytest.raises(ValueError, match="activation must be one of relu, sigmoid, tanh or a pair"):
            call()


# --- Input validation at the public boundary ------------------------------------------------

def _bad(X=None, y=None):
    good_X, good_y = batch(8)
    return (good_X if X is None else X), (good_y if y is None else y)


BAD_INPUTS = {
    # name: ((X, y), words the ValueError must contain)
    "X is 1-D": (_bad(X=np.zeros(784, np.float32)), r"shape \(n_samples, 784\), got \(784,\)"),
    "X rows are images": (_bad(X=np.zeros((8, 28, 28), np.float32)), r"got \(8, 28, 28\).*reshape"),
    "X has 783 features": (_bad(X=np.zeros((8, 783), np.float32)), r"got \(8, 783\).*reshape"),
    "X is empty": (_bad(X=np.zeros((0, 784), np.float32), y=np.zeros(0, int)), "no rows"),
    "X is raw uint8": (_bad(X=np.zeros((8, 784), np.uint8)), r"uint8.*\[0, 1\].*scale_pixels"),
    "X is int64": (_bad(X=np.zeros((8, 784), np.int64)), r"int64.*\[0, 1\].*scale_pixels"),
    "X is float64": (_bad(X=np.zeros((8, 784))), r"float64 but the parameters are float32"),
    "X holds NaN": (_bad(X=np.full((8, 784), np.nan, np.float32)), "NaN or inf"),
    "X holds inf": (_bad(X=np.where(np.eye(8, 784) > 0, np.inf, 0).astype(np.float32)),
                    "NaN or inf"),
    "y is float": (_bad(y=np.zeros(8)), "integer class labels"),
    "y is a list": (_bad(y=[0] * 8), "integer class labels"),
    "y is 2-D": (_bad(y=np.zeros((8, 1), int)), "1-D NumPy array"),
    "y has 10": (_bad(y=np.array([0, 1, 2, 3, 4, 5, 6, 10])), r"0\.\.9"),
    "y is negative": (_bad(y=np.array([-1, 1, 2, 3, 4, 5, 6, 7])), r"0\.\.9"),
    "lengths differ": (_bad(y=np.zeros(7, int)), "7 labels but X has 8 rows"),
}


def _train_one_epoch(params, X, y):
    return nnlib.train(params, X, y, epochs=1, batch_size=4, lr=0.1,
                       rng=np.random.default_rng(0))


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_inputs_raise_a_helpful_value_error(case):
    (X, y), pattern = BAD_INPUTS[case]
    with pytest.raises(ValueError, match=pattern):
        nnlib.loss_and_grads(net(), X, y)


# train and evaluate run the same two checks (check_X, check_y) as loss_and_grads,
# whose full table is above: one case of each shows that both are wired in.
@pytest.mark.parametrize("entry", [_train_one_epoch, nnlib.evaluate], ids=["train", "evaluate"])
@pytest.mark.parametrize("case", ["X is raw uint8", "y has 10"])
def test_train_and_evaluate_check_their_inputs_before_any_work(case, entry):
    (X, y), pattern = BAD_INPUTS[case]
    params = net()
    before = [W.copy() for W, _ in params]
    with pytest.raises(ValueError, match=pattern):
        entry(params, X, y)
    assert all(np.array_equal(W, W0) for (W, _), W0 in zip(params, before))


def test_a_list_or_a_dataframe_gets_a_type_error_naming_the_conversion():
    pd = pytest.importorskip("pandas")
    X, y = batch(8)
    for not_an_array in ([list(row) for row in X], pd.DataFrame(X)):
        with pytest.raises(TypeError, match=r"NumPy array.*np\.asarray\(X\).*to_numpy"):
            nnlib.loss_and_grads(net(), not_an_array, y)


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


def test_save_overwrites_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "weights.npz"
    nnlib.save_params(path, net(seed=0))
    nnlib.save_params(path, net(seed=1))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["weights.npz"]
    np.testing.assert_array_equal(nnlib.load_params(path)[0][0], net(seed=1)[0][0])


def _save_many(path, seed, rounds):
    import nnlib as lib  # in a child process
    params = lib.init_params([300, 40, 10], "he", rng=np.random.default_rng(seed))
    for _ in range(rounds):
        lib.save_params(path, params)


def test_concurrent_saves_never_mix_two_networks(tmp_path):
    # Two processes saving different networks to one name at the same time:
    # with a fixed temporary name the file could end up holding one net's W0
    # and the other's b0. Each save must land whole.
    import multiprocessing
    path = tmp_path / "shared.npz"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_save_many, args=(path, seed, 40)) for seed in (1, 2)]
    for worker in workers:
        worker.start()
    nets = {seed: nnlib.init_params([300, 40, 10], "he", rng=np.random.default_rng(seed))
            for seed in (1, 2)}
    seen = set()
    while any(worker.is_alive() for worker in workers) or not seen:
        if path.exists():
            loaded = nnlib.load_params(path)
            matches = [seed for seed, params in nets.items()
                       if all(np.array_equal(a, b) for pair, pair2 in zip(params, loaded)
                              for a, b in zip(pair, pair2))]
            assert len(matches) == 1, "the file mixes the arrays of two networks"
            seen.add(matches[0])
    for worker in workers:
        worker.join()
        assert worker.exitcode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.npz"]


def test_save_to_a_folder_is_refused_without_a_stray_file(tmp_path):
    with pytest.raises(ValueError, match="is a folder.*model.npz"):
        nnlib.save_params(tmp_path, net())
    assert list(tmp_path.iterdir()) == []


def test_save_and_load_expand_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    nnlib.save_params("~/weights.npz", net())
    assert (tmp_path / "weights.npz").is_file()
    assert len(nnlib.load_params("~/weights.npz")) == 3


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


def _three_layers():
    """The arrays of a 4-3-2-2 net as save_params names them: W0, b0, W1, b1, W2, b2."""
    params = nnlib.init_params([4, 3, 2, 2], "he", rng=np.random.default_rng(0))
    return {f"{k}{i}": array for i, pair in enumerate(params) for k, array in zip("Wb", pair)}


def _without(arrays, name):
    return {k: v for k, v in arrays.items() if k != name}


ODD_ARCHIVES = {  # name: the arrays besides the marker; every layer that is there chains
    "no biases": lambda: {"W0": np.zeros((4, 3)), "W1": np.zeros((3, 2))},
    "b2 missing": lambda: _without(_three_layers(), "b2"),
    "W0 missing": lambda: _without(_three_layers(), "W0"),
    "an extra W3": lambda: {**_three_layers(), "W3": np.zeros((2, 2))},
    "an extra array": lambda: {**_three_layers(), "notes": np.zeros(3)},
}


@pytest.mark.parametrize("case", ODD_ARCHIVES, ids=list(ODD_ARCHIVES))
def test_load_refuses_an_array_missing_or_extra(tmp_path, case):
    # A file without b2 must not load as the first two layers, and one with an
    # extra array must not load as if the extra were not there.
    arrays = ODD_ARCHIVES[case]()
    path = tmp_path / "odd.npz"
    np.savez(path, nnlib_format=np.array("nnlib-mlp-v1"), **arrays)
    with pytest.raises(ValueError, match="expected arrays W0, b0") as info:
        nnlib.load_params(path)
    assert str(path) in str(info.value) and str(sorted(arrays)) in str(info.value)


def test_load_reads_what_save_wrote_under_the_marker(tmp_path):
    # The positive twin of the test above: the same arrays, none missing, load.
    path = tmp_path / "whole.npz"
    np.savez(path, nnlib_format=np.array("nnlib-mlp-v1"), **_three_layers())
    loaded = nnlib.load_params(path)
    assert [W.shape for W, _ in loaded] == [(4, 3), (3, 2), (2, 2)]


@pytest.mark.parametrize("kind", ["text", "npy", "empty", "truncated", "folder"])
def test_load_refuses_a_file_that_is_not_an_npz(tmp_path, kind):
    path = tmp_path / "weights.npz"
    if kind == "text":
        path.write_text("this is not a NumPy archive\n")
    elif kind == "npy":
        with open(path, "wb") as f:  # a single .npy array under an .npz name
            np.save(f, np.zeros((784, 128)))
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":  # e.g. a copy interrupted half-way
        nnlib.save_params(path, net())
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        path.mkdir()
    with pytest.raises(ValueError) as info:
        nnlib.load_params(path)
    assert str(path) in str(info.value)
