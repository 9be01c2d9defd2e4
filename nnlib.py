"""nnlib: a small, from-scratch NumPy neural network for Fashion-MNIST.

The library behind the notebooks, in the order of the course: layers and
activations (02, 08), their gradients and how to check them (03), the network
and its training (04), metrics (05), improvements (06), reading the data (01).

    X, y = load_fashion_mnist("train")           # uint8 (60000, 784), (60000,)
    X_train, y_train, X_val, y_val = train_val_split(X, y, 10_000, rng=rng)
    X_train = scale_pixels(X_train)              # float32 in [0, 1]

* Samples are rows: a dense layer computes ``Z = X @ W + b`` with ``X`` of
  shape (n, fan_in), ``W`` (fan_in, fan_out) and ``b`` (fan_out,).
* Every layer is a pair ``*_forward(...) -> (out, cache)`` and
  ``*_backward(dout, cache)``, the backward right under its forward; ``dout``
  is dL/d(output). An activation is such a pair: what runs the network takes
  ``activation=``, a name from ACTIVATIONS or a (forward, backward) pair.
* A network is a list of ``(W, b)``; its gradients a list of ``(dW, db)``.
* Kernels preserve dtype (float32 to train, float64 to check gradients);
  everything random takes ``rng``, a ``np.random.Generator``.
* A docstring's first line names, in brackets, the notebook that teaches it.

Left out: convolutions, GPUs, automatic differentiation. The plumbing under
the lesson (input checks, files, BLAS threads) is in tools/nnlib_support.py,
the download in tools/download.py.
"""
from __future__ import annotations

import gzip
import hashlib
import importlib.util
import math
import sys
import time
import zlib
from pathlib import Path

import numpy as np

if "nnlib_support" not in sys.modules:  # tools/ is a folder of scripts: load the file itself
    _spec = importlib.util.spec_from_file_location(
        "nnlib_support", Path(__file__).resolve().parent / "tools" / "nnlib_support.py")
    sys.modules["nnlib_support"] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules["nnlib_support"])
from nnlib_support import (  # noqa: E402, I001  (the plumbing nnlib uses and passes on)
    HOW_TO_GET_DATA, IDX_FILES, Watchdog, blas_threads, check_batch, check_label_pair,
    check_layer_sizes, check_optimizer, check_rng, check_split_args, check_train_args,
    check_whole, check_X, check_y,
    cached, find_fashion_mnist, load_params, notebook_seed, progress_line, read_csv, save_figure,
    save_params,
)

__all__ = [
    "dense_forward", "dense_backward", "relu_forward", "relu_backward", "sigmoid_forward",
    "sigmoid_backward", "tanh_forward", "tanh_backward", "ACTIVATIONS", "softmax", "one_hot",
    "cross_entropy", "softmax_cross_entropy",                                       # 02, 03, 08
    "numerical_gradient", "rel_error", "gradient_check",                            # 03
    "init_params", "forward", "backward", "loss_and_grads", "predict_proba", "predict",
    "evaluate", "sgd_step", "minibatches", "train", "train_reference", "blas_threads",  # 02-04
    "accuracy", "confusion_matrix",                                                 # 05
    "dropout_forward", "dropout_backward", "make_optimizer", "learning_rate", "augment_batch",  # 06
    "load_fashion_mnist", "train_val_split", "scale_pixels", "save_params", "load_params",
    "notebook_seed", "save_figure", "cached",                                       # 01, 04
    "CLASS_NAMES", "NUM_CLASSES", "IMAGE_SHAPE", "NUM_PIXELS", "REFERENCE_LAYERS",
]

CLASS_NAMES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")
NUM_CLASSES = len(CLASS_NAMES)
IMAGE_SHAPE = (28, 28)
NUM_PIXELS = IMAGE_SHAPE[0] * IMAGE_SHAPE[1]
REFERENCE_LAYERS = (NUM_PIXELS, 128, 10, NUM_CLASSES)  # the original project's network


# ===========================================================================
# 1. Layers and activations: each backward right under its forward [02, 03, 08]
# ===========================================================================

def dense_forward(X, W, b):
    """Affine layer Z = X @ W + b.                               [02_forward_pass]

    X (n, fan_in), W (fan_in, fan_out), b (fan_out,) -> Z (n, fan_out), cache (X, W).
    """
    return X @ W + b, (X, W)


def dense_backward(dout, cache, need_dX=True):
    """Gradients of the affine layer.                     [03_backprop_derivation]

    dout = dL/dZ (n, fan_out) -> dX (n, fan_in) or None, dW (fan_in, fan_out),
    db (fan_out,). The first layer passes need_dX=False: nothing upstream needs
    the gradient of the pixels, and it would cost a third of the step.
    """
    X, W = cache
    dX = dout @ W.T if need_dX else None
    return dX, X.T @ dout, dout.sum(axis=0)


def relu_forward(Z, out=None):
    """ReLU, A = max(Z, 0) elementwise.                          [02_forward_pass]

    Z (n, h) -> A (n, h), cache A. With out=Z it works in place. The backward
    needs only A, because A > 0 exactly where Z > 0.
    """
    A = np.maximum(Z, 0, out=out)
    return A, A


def relu_backward(dout, cache):
    """dL/dZ = dout * 1[Z > 0] (slope 0 taken at Z = 0).  [03_backprop_derivation]

    dout (n, h), cache A from relu_forward -> dZ (n, h).
    """
    return dout * (cache > 0)


def sigmoid_forward(Z):
    """Logistic sigmoid S = 1 / (1 + exp(-Z)), elementwise.         [08_activations]

    Z (n, h) -> S (n, h), cache S. Written as (1 + tanh(Z/2)) / 2, the same
    function with nothing that can overflow.
    """
    S = 0.5 * (1 + np.tanh(0.5 * Z))
    return S, S


def sigmoid_backward(dout, cache):
    """dL/dZ = dout * S * (1 - S).                                 [08_activations]"""
    return dout * cache * (1 - cache)


def tanh_forward(Z):
    """Hyperbolic tangent T = tanh(Z), elementwise; cache T.      [08_activations]"""
    T = np.tanh(Z)
    return T, T


def tanh_backward(dout, cache):
    """dL/dZ = dout * (1 - T^2).                                   [08_activations]"""
    return dout * (1 - cache * cache)


ACTIVATIONS = {  # name -> (forward, backward); any such pair can be passed instead of a name
    "relu": (relu_forward, relu_backward),
    "sigmoid": (sigmoid_forward, sigmoid_backward),
    "tanh": (tanh_forward, tanh_backward),
}


def _activation(activation):
    """ACTIVATIONS[name], or a (forward, backward) pair as it is."""
    if isinstance(activation, str) and activation in ACTIVATIONS:
        return ACTIVATIONS[activation]
    if isinstance(activation, tuple) and len(activation) == 2 and all(map(callable, activation)):
        return activation
    raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)} or a pair "
                     f"(forward, backward) of functions, got {activation!r}.")


def softmax(logits):
    """Row-wise softmax, stable for any finite logits.           [02_forward_pass]

    logits (n, k) -> probs (n, k), rows sum to 1. Subtracting each row's
    maximum changes nothing mathematically and keeps exp() from overflowing.
    """
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def one_hot(y, num_classes=NUM_CLASSES, dtype=np.float32):
    """Integer labels (n,) -> one-hot rows (n, num_classes).     [02_forward_pass]"""
    out = np.zeros((len(y), num_classes), dtype=dtype)
    out[np.arange(len(y)), y] = 1
    return out


def cross_entropy(probs, y):
    """Mean of -log p[true class] over the batch.                [02_forward_pass]

    probs (n, k), y (n,) integer -> float. Probabilities of exactly 0 are
    clipped to the smallest positive float so the loss stays finite.
    """
    picked = probs[np.arange(len(y)), y]
    return float(-np.log(np.maximum(picked, np.finfo(probs.dtype).tiny)).mean())


def softmax_cross_entropy(logits, y):
    """Fused, stable softmax + mean cross-entropy.        [03_backprop_derivation]

    logits (n, k), y (n,) integer -> loss (float), dlogits (n, k).
    The loss uses log-sum-exp, so logits of +-1e4 stay finite; the gradient
    simplifies to (softmax(logits) - one_hot(y)) / n.
    """
    n, rows = len(y), np.arange(len(y))
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    sum_exp = exp.sum(axis=1, keepdims=True)
    loss = float(np.mean(np.log(sum_exp[:, 0]) - shifted[rows, y]))
    dlogits = exp / sum_exp
    dlogits[rows, y] -= 1
    dlogits /= n
    return loss, dlogits


# ===========================================================================
# 2. Checking gradients                                   [03_backprop_derivation]
# ===========================================================================

def numerical_gradient(f, x, eps=1e-6):
    """Centred differences (f(x+eps) - f(x-eps)) / 2eps, entry by entry. [03_backprop_derivation]

    f: a function of no arguments that reads x and returns a float. x (any
    shape, float64; a view such as W.T or W[:10] nudges W itself) is changed
    in place during the call and restored. Returns a float64 array shaped like x.
    """
    if x.dtype != np.float64:
        raise TypeError(f"numerical_gradient needs float64, got {x.dtype}: in float32 a "
                        "nudge of 1e-6 is lost in rounding. Build the parameters with "
                        "dtype=np.float64 (e.g. init_params(..., dtype=np.float64)).")
    grad = np.zeros(x.shape)
    for index in np.ndindex(x.shape):  # indexes x itself, so views work too
        original = x[index]
        x[index] = original + eps
        f_plus = f()
        x[index] = original - eps
        f_minus = f()
        x[index] = original
        grad[index] = (f_plus - f_minus) / (2 * eps)
    return grad


def rel_error(a, b):
    """||a - b|| / (||a|| + ||b||), 0 when both are 0.    [03_backprop_derivation]"""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / denominator) if denominator else 0.0


def gradient_check(params, X, y, eps=1e-6, *, activation="relu", weight_decay=0.0,
                   dropout=0.0, rng=None):
    """Worst rel_error of loss_and_grads against numerical_gradient, over every W and b. [03_backprop_derivation]

    Use float64 params and X and a handful of samples. With dropout, one mask
    is drawn from `rng` and used for every evaluation, so the loss is a fixed
    function of the parameters.
    """
    act = _activation(activation)
    mask_seed = int(check_rng(rng).integers(2**63)) if dropout else None

    def mask_rng():
        return np.random.default_rng(mask_seed) if dropout else None

    def loss():  # forward only: it runs twice per parameter entry
        logits, _ = _forward(params, X, act, dropout, mask_rng())
        return softmax_cross_entropy(logits, y)[0] + _l2_penalty(params, weight_decay)

    _, grads = loss_and_grads(params, X, y, activation=act, weight_decay=weight_decay,
                              dropout=dropout, rng=mask_rng())
    return max(rel_error(g, numerical_gradient(loss, p))
               for p, g in zip(_flat(params), _flat(grads), strict=True))


# ===========================================================================
# 3. The network                                  [02_forward_pass ... 04_training]
# ===========================================================================

def init_params(layer_sizes, scheme="uniform", *, rng, dtype=np.float32):
    """Random weights and biases for a fully connected net.      [02_forward_pass]

    layer_sizes: e.g. [784, 128, 10, 10]. Returns a list of (W, b) with W of
    shape (fan_in, fan_out) and b of shape (fan_out,).
      "uniform" -- U[-0.5, 0.5), what the original project did (biases too);
      "he"      -- N(0, 2/fan_in), suited to ReLU (biases 0);
      "xavier"  -- U(+-sqrt(6/(fan_in+fan_out))), suited to tanh (biases 0).
    """
    check_layer_sizes(layer_sizes, rng)
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:], strict=True):
        if scheme == "uniform":
            W, b = rng.random((fan_in, fan_out)) - 0.5, rng.random(fan_out) - 0.5
        elif scheme == "he":
            W, b = rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in), np.zeros(fan_out)
        elif scheme == "xavier":
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            W, b = rng.uniform(-limit, limit, (fan_in, fan_out)), np.zeros(fan_out)
        else:
            raise ValueError(f"scheme must be 'uniform', 'he' or 'xavier', got {scheme!r}.")
        params.append((W.astype(dtype), b.astype(dtype)))
    return params


def forward(params, X, *, activation="relu", dropout=0.0, rng=None):
    """The network's logits: dense -> activation (-> dropout) per hidden layer, then dense. [02_forward_pass]

    params: list of (W, b); X (n, 784) floats of the params' dtype. Returns
    logits (n, k) and caches, one per layer -- (dense, activation, dropout)
    for a hidden layer, (dense,) for the last -- which is what backward()
    needs. Probabilities are softmax(logits).
    """
    check_batch(params, X, None, 0.0, dropout, rng)
    return _forward(params, X, _activation(activation), dropout, rng)


def _forward(params, X, act, dropout=0.0, rng=None):
    """forward() without the input checks (the training loop's hot path)."""
    caches, out = [], X
    for W, b in params[:-1]:
        Z, dense_cache = dense_forward(out, W, b)
        A, act_cache = act[0](Z)
        out, dropout_cache = dropout_forward(A, dropout, rng)
        caches.append((dense_cache, act_cache, dropout_cache))
    logits, dense_cache = dense_forward(out, *params[-1])
    return logits, caches + [(dense_cache,)]


def backward(dlogits, caches, *, activation="relu"):
    """Gradients of every layer, from the last to the first. [03_backprop_derivation]

    dlogits (n, k) from softmax_cross_entropy, caches from forward() with the
    same activation. Returns a list of (dW, db) that mirrors params.
    """
    act_backward = _activation(activation)[1]
    *hidden, (last_cache,) = caches
    dout, dW, db = dense_backward(dlogits, last_cache, need_dX=bool(hidden))
    grads = [(dW, db)]
    for i in range(len(hidden) - 1, -1, -1):
        dense_cache, act_cache, dropout_cache = hidden[i]
        dZ = act_backward(dropout_backward(dout, dropout_cache), act_cache)
        dout, dW, db = dense_backward(dZ, dense_cache, need_dX=i > 0)
        grads.append((dW, db))
    return grads[::-1]


def loss_and_grads(params, X, y, *, activation="relu", weight_decay=0.0, dropout=0.0, rng=None):
    """Mean cross-entropy and its gradient for every parameter. [03_backprop_derivation]

    X (n, 784), y (n,) integer labels. Returns loss (float) and grads, a list
    of (dW, db) mirroring params. weight_decay adds (lambda/2)*sum ||W||^2 to
    the loss (biases excluded); dropout > 0 applies inverted dropout after
    every hidden activation, drawing from `rng`.
    """
    check_batch(params, X, y, weight_decay, dropout, rng)
    loss, grads, _ = _loss_and_grads(params, X, y, _activation(activation), weight_decay, dropout, rng)
    return loss, grads


def _loss_and_grads(params, X, y, act, weight_decay=0.0, dropout=0.0, rng=None):
    """Forward, loss, backward, without input checks; also returns (logits, caches)."""
    logits, caches = _forward(params, X, act, dropout, rng)
    loss, dlogits = softmax_cross_entropy(logits, y)
    grads = backward(dlogits, caches, activation=act)
    if weight_decay:
        loss += _l2_penalty(params, weight_decay)
        for (W, _), (dW, _) in zip(params, grads, strict=True):
            dW += weight_decay * W
    return loss, grads, (logits, caches)


def _l2_penalty(params, weight_decay):
    return 0.5 * weight_decay * sum(float(np.vdot(W, W)) for W, _ in params) if weight_decay else 0.0


def _batched_logits(params, X, act, batch_size, threads):
    """The logits of X computed batch_size rows at a time, as a list of arrays."""
    check_whole("batch_size", batch_size, 1)
    with blas_threads(threads):
        return [_forward(params, X[i:i + batch_size], act)[0] for i in range(0, len(X), batch_size)]


def predict_proba(params, X, batch_size=10_000, *, activation="relu", threads=None):
    """Class probabilities (n, k), in large batches, no dropout.  [05_evaluation]"""
    check_X(params, X)
    return np.concatenate([softmax(logits) for logits in
                           _batched_logits(params, X, _activation(activation), batch_size, threads)])


def predict(params, X, batch_size=10_000, *, activation="relu", threads=None):
    """Predicted class labels (n,) of X (n, 784).                  [05_evaluation]"""
    return predict_proba(params, X, batch_size, activation=activation, threads=threads).argmax(axis=1)


def evaluate(params, X, y, batch_size=10_000, *, activation="relu", threads=None):
    """Mean cross-entropy (float) and accuracy (float) of the net on X, y. [04_training]"""
    check_X(params, X)
    check_y(y, len(X), num_classes=params[-1][0].shape[1])
    total_loss, correct, first = 0.0, 0, 0
    for logits in _batched_logits(params, X, _activation(activation), batch_size, threads):
        labels = y[first:first + len(logits)]
        total_loss += softmax_cross_entropy(logits, labels)[0] * len(logits)
        correct += int(np.count_nonzero(logits.argmax(axis=1) == labels))
        first += len(logits)
    return total_loss / len(X), correct / len(X)


# ===========================================================================
# 4. Training                                                      [04_training]
# ===========================================================================

def sgd_step(params, grads, lr):
    """Plain SGD, in place: W -= lr * dW, b -= lr * db.              [04_training]"""
    for (W, b), (dW, db) in zip(params, grads, strict=True):
        W -= lr * dW
        b -= lr * db


def minibatches(X, y, batch_size, rng):
    """One epoch: (xb, yb) for every batch of a fresh shuffle of X, y.  [04_training]

    Every sample is visited once; the last batch may be smaller. xb is one
    buffer reused for every batch (no copy of X per epoch): use it before
    asking for the next.
    """
    order = rng.permutation(len(X))
    buffer = np.empty((min(batch_size, len(X)), X.shape[1]), dtype=X.dtype)
    for first in range(0, len(X), batch_size):
        idx = order[first:first + batch_size]
        yield np.take(X, idx, axis=0, out=buffer[:len(idx)]), y[idx]


def train(params, X, y, *, epochs, batch_size, rng, lr=None, X_val=None, y_val=None,
          activation="relu", optimizer="sgd", schedule="constant", weight_decay=0.0,
          dropout=0.0, augment=False, patience=None, print_every=0, threads=None):
    """Mini-batch training of `params`, in place.                    [04_training]

    X (n, 784) floats of the params' dtype, y (n,) integer labels; neither is
    modified. Every epoch reshuffles with `rng`. activation: a name or a
    (forward, backward) pair; optimizer: a name (make_optimizer) or a function
    step(params, grads, lr); schedule: a name (learning_rate, from `lr`) or a
    function lr_at(epoch) of the 0-based epoch, in which case lr is not given.
    weight_decay, dropout and augment (True, or a dict of augment_batch
    options) are 06's tools. With `patience` and a validation set, training
    stops after `patience` epochs without a better validation accuracy and
    the best weights are put back. threads: see blas_threads.

    Returns a history dict of per-epoch lists: train_loss and train_acc (the
    mean over the epoch's mini-batches), lr, seconds, and with validation data
    val_loss and val_acc; plus best_epoch (1-based, by validation accuracy, or
    None) and stopped_early. Raises FloatingPointError if the loss blows up
    and RuntimeError if a hidden layer dies, naming the epoch and the fix.
    """
    check_train_args(locals())  # every argument, by name, before any work
    act, step = _activation(activation), make_optimizer(optimizer, params)
    lr_at = schedule if callable(schedule) else (lambda e: learning_rate(e, lr, epochs, schedule))
    if not callable(schedule):
        lr_at(0)  # refuses an unknown schedule name before any work
    augment = {} if augment is True else (augment or None)
    history = {key: [] for key in ("train_loss", "train_acc", "lr", "seconds")}
    history.update({"val_loss": [], "val_acc": []} if X_val is not None else {})
    start_loss = softmax_cross_entropy(_forward(params, X[:batch_size], act)[0], y[:batch_size])[0]
    watchdog, best_acc, best_epoch, best_params = Watchdog(start_loss, params), -1.0, None, None
    with blas_threads(threads):
        for epoch in range(epochs):
            start, rate = time.perf_counter(), params[0][0].dtype.type(lr_at(epoch))
            loss_sum, correct = 0.0, 0
            for xb, yb in minibatches(X, y, batch_size, rng):
                xb = xb if augment is None else augment_batch(xb, rng, **augment)
                loss, grads, (logits, caches) = _loss_and_grads(params, xb, yb, act, weight_decay, dropout, rng)
                watchdog.batch(loss, caches, epoch, rate)
                step(params, grads, rate)
                loss_sum += loss * len(yb)  # the last batch may be smaller
                correct += int(np.count_nonzero(logits.argmax(axis=1) == yb))
            watchdog.end_of_epoch(epoch, rate)
            history["train_loss"].append(loss_sum / len(X))
            history["train_acc"].append(correct / len(X))
            history["lr"].append(float(rate))
            if X_val is not None:
                val_loss, val_acc = evaluate(params, X_val, y_val, activation=act, threads=threads)
                history["val_loss"].append(val_loss)
                history["val_acc"].append(val_acc)
                if val_acc > best_acc:  # a tie is no improvement: the earlier weights stay
                    best_acc, best_epoch = val_acc, epoch + 1
                    best_params = [(W.copy(), b.copy()) for W, b in params] if patience else None
            history["seconds"].append(time.perf_counter() - start)
            if print_every and ((epoch + 1) % print_every == 0 or epoch + 1 == epochs):
                print(progress_line(history, epochs), flush=True)
            if patience and epoch + 1 - best_epoch >= patience:
                break
    if best_params is not None:  # early stopping puts the best weights back
        for (W, b), (W_best, b_best) in zip(params, best_params, strict=True):
            W[...], b[...] = W_best, b_best
    history.update(best_epoch=best_epoch, stopped_early=len(history["lr"]) < epochs)
    return history


def train_reference(X_train, y_train, X_val, y_val, *, rng, print_every=0):
    """The original project's network and settings, trained from scratch. [04_training]

    784-128-10-10 with ReLU, weights and biases from U[-0.5, 0.5), plain SGD
    with lr 0.1, batches of 64, 110 epochs; `rng` draws the weights, then
    shuffles every epoch. Returns params and the history of train().
    """
    params = init_params(REFERENCE_LAYERS, "uniform", rng=rng)
    history = train(params, X_train, y_train, epochs=110, batch_size=64, lr=0.1, rng=rng,
                    X_val=X_val, y_val=y_val, print_every=print_every)
    return params, history


# ===========================================================================
# 5. Metrics                                                     [05_evaluation]
# ===========================================================================

def accuracy(y_true, y_pred):
    """Fraction of labels predicted right.                         [05_evaluation]"""
    y_true, y_pred = check_label_pair(y_true, y_pred, None)
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, num_classes=NUM_CLASSES):
    """Counts C[i, j] of samples of true class i predicted as j.   [05_evaluation]"""
    y_true, y_pred = check_label_pair(y_true, y_pred, num_classes)
    flat = y_true.astype(np.int64) * num_classes + y_pred
    return np.bincount(flat, minlength=num_classes ** 2).reshape(num_classes, num_classes)


# ===========================================================================
# 6. Improvements                                    [06_improving_the_network]
# ===========================================================================

def dropout_forward(A, rate, rng):
    """Inverted dropout: zero each unit with probability `rate`, scale the rest. [06_improving_the_network]

    A (n, h) -> out (n, h), cache (the mask, or None when rate is 0).
    Survivors are divided by (1 - rate), so the expected activation is
    unchanged and prediction needs no rescaling.
    """
    if rate == 0:
        return A, None
    mask = (rng.random(A.shape, dtype=A.dtype) >= rate) * A.dtype.type(1.0 / (1.0 - rate))
    return A * mask, mask


def dropout_backward(dout, cache):
    """Gradient of inverted dropout: the same mask.    [06_improving_the_network]"""
    return dout if cache is None else dout * cache


OPTIMIZERS = {  # name -> its hyper-parameters and their defaults
    "sgd": {},
    "momentum": {"beta": 0.9},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}


def make_optimizer(optimizer, params, **hyper):
    """An update rule as one function step(params, grads, lr), in place. [06_improving_the_network]

    optimizer: a name from OPTIMIZERS, or such a function of your own, which
    is returned as it is. "sgd" is sgd_step. "momentum": v = beta*v + g;
    p -= lr*v. "adam" (Kingma & Ba, 2015) with bias correction. The state --
    one zero array per parameter array, plus Adam's step count -- lives
    inside the returned function.
    """
    if callable(optimizer) and not hyper:
        return optimizer
    check_optimizer(optimizer, hyper, OPTIMIZERS)
    h = {**OPTIMIZERS[optimizer], **hyper}
    if optimizer == "sgd":
        return sgd_step
    first = [np.zeros_like(p) for p in _flat(params)]
    second = [np.zeros_like(p) for p in _flat(params)]
    t = 0

    def momentum_step(params, grads, lr):
        for p, g, v in zip(_flat(params), _flat(grads), first, strict=True):
            v *= h["beta"]
            v += g
            p -= lr * v

    def adam_step(params, grads, lr):
        nonlocal t
        t += 1
        beta1, beta2 = h["beta1"], h["beta2"]
        # Folding both bias corrections into the step size saves two array passes.
        step = lr * math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
        for p, g, m, v in zip(_flat(params), _flat(grads), first, second, strict=True):
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * g * g
            p -= step * m / (np.sqrt(v) + h["eps"])

    return momentum_step if optimizer == "momentum" else adam_step


def _flat(pairs):
    return [array for pair in pairs for array in pair]


def learning_rate(epoch, base_lr, epochs, schedule="constant"):
    """Learning rate of a 0-based epoch.                [06_improving_the_network]

    "constant": base_lr; "cosine": from base_lr down towards 0 over `epochs`
    along half a cosine. train() also takes a function lr_at(epoch) instead.
    """
    if schedule == "constant":
        return base_lr
    if schedule == "cosine":
        return 0.5 * base_lr * (1 + math.cos(math.pi * epoch / epochs))
    raise ValueError(f"schedule must be 'constant', 'cosine' or a function lr_at(epoch), "
                     f"got {schedule!r}.")


def augment_batch(X, rng, max_shift=2, flip=True):
    """Shift images by up to max_shift pixels and flip half of them. [06_improving_the_network]

    X (n, 784) -> a new (n, 784) array of the same dtype; X is not changed.
    Shifts fill with 0 (the background). Whether a mirrored image is still an
    image of its class depends on the data: notebook 06 measures it.
    """
    check_rng(rng)
    check_whole("max_shift", max_shift, 0)
    n, (height, width) = len(X), IMAGE_SHAPE
    images = X.reshape(n, height, width)
    if max_shift:
        padded = np.pad(images, ((0, 0), (max_shift, max_shift), (max_shift, max_shift)))
        rows = rng.integers(0, 2 * max_shift + 1, size=n)[:, None] + np.arange(height)
        cols = rng.integers(0, 2 * max_shift + 1, size=n)[:, None] + np.arange(width)
        images = padded[np.arange(n)[:, None, None], rows[:, :, None], cols[:, None, :]]
    else:
        images = images.copy()
    if flip:
        flipped = rng.random(n) < 0.5
        images[flipped] = images[flipped, :, ::-1]
    return images.reshape(n, NUM_PIXELS)


# ===========================================================================
# 7. Fashion-MNIST as published                         [01_data_exploration]
# ===========================================================================

# SHA-256 of the *decompressed* IDX files: gzip wrappers differ between
# mirrors (timestamps, compression level), the content does not.
SHA256 = {
    "train-images-idx3-ubyte": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "train-labels-idx1-ubyte": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "t10k-images-idx3-ubyte": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    "t10k-labels-idx1-ubyte": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}
def load_fashion_mnist(split="train", data_dir=None, download=True):
    """Load one split of Fashion-MNIST, checked against its published SHA-256. [01_data_exploration]

    Looks in `data_dir` if given, else $FASHION_MNIST_DIR, the repo's data/,
    /usr/share/datasets/fashion-mnist/, and finally downloads the official
    files into data/ (unless download=False). Returns X uint8 (n, 784) and
    y uint8 (n,), both writable: n = 60,000 for "train", 10,000 for "test".
    IDX and CSV sources give identical arrays.
    """
    if split not in IDX_FILES:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}.")
    images_name, labels_name, count = IDX_FILES[split]
    source = find_fashion_mnist(split, data_dir, download)
    if source[0] == "csv":
        return read_csv(source[1], count)
    X = _read_idx(source[1], images_name, count).reshape(count, NUM_PIXELS)
    return X, _read_idx(source[2], labels_name, count)


def train_val_split(X, y, val_size=10_000, *, rng):
    """Carve a stratified validation set out of the training data. [01_data_exploration]

    val_size is a number of images; each class contributes in proportion to
    its share of `y` (1,000 per class for 10,000 of the 60,000 training
    images). `rng` picks them. Returns X_train, y_train, X_val, y_val, rows
    in their original order.
    """
    X, y = np.asarray(X), np.asarray(y)
    check_split_args(X, y, val_size, rng)
    classes, counts = np.unique(y, return_counts=True)
    # Largest-remainder rounding so the per-class sizes add up to val_size.
    exact = counts * val_size / len(y)
    sizes = np.floor(exact).astype(int)
    sizes[np.argsort(sizes - exact)[: val_size - sizes.sum()]] += 1
    is_val = np.zeros(len(y), dtype=bool)
    for cls, size in zip(classes, sizes, strict=True):
        is_val[rng.choice(np.flatnonzero(y == cls), size=size, replace=False)] = True
    return X[~is_val], y[~is_val], X[is_val], y[is_val]


def scale_pixels(X, dtype=np.float32):
    """uint8 pixels (n, 784) -> floats in [0, 1], same shape. [01_data_exploration]"""
    scaled = np.array(X, dtype=dtype)  # a copy: the caller's X is left alone
    scaled /= 255  # in place, so no second full-size temporary
    return scaled


def _idx_size(name, count):
    """Bytes of the decompressed IDX file: header, then one byte per value."""
    return (16 + count * NUM_PIXELS) if "images" in name else (8 + count)


def _read_idx(path, name, count):
    """The values of one IDX file (gzipped or raw) as a writable flat uint8 array.

    The decompressed bytes must have the published SHA-256; that also vouches
    for the header, which is then skipped.
    """
    size = _idx_size(name, count)
    raw = bytearray(size + 1)  # one spare byte reveals a file that is too long
    with open(path, "rb") as f:
        gzipped = f.read(2) == b"\x1f\x8b"
    try:
        with (gzip.open if gzipped else open)(path, "rb") as f:
            view, got = memoryview(raw), 0
            while got < len(raw) and (n := f.readinto(view[got:])):
                got += n
    except (EOFError, OSError, zlib.error) as err:
        raise ValueError(f"{path}: not a complete gzip file ({err}). The file is truncated or "
                         f"corrupt: delete it and get it again.\n{HOW_TO_GET_DATA}") from None
    digest = hashlib.sha256(view[:got]).hexdigest()
    if got != size or digest != SHA256[name]:
        raise ValueError(
            f"{path}: checksum mismatch: its content ({got if got <= size else 'over ' + str(size)} "
            f"bytes) has SHA-256 {digest}, expected {SHA256[name]} ({size} bytes). The file is "
            "damaged or is not Fashion-MNIST (the digit MNIST uses the same file names): "
            f"delete it and get it again.\n{HOW_TO_GET_DATA}")
    header = 16 if "images" in name else 8
    return np.frombuffer(raw, dtype=np.uint8, count=size - header, offset=header)
