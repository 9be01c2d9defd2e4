"""nnlib: a small, from-scratch NumPy neural network for Fashion-MNIST.

The library behind the notebooks in ``notebooks/``, written to be read in the
order of the course: the layers (02), their gradients and how to check them
(03), the network and its training (04), metrics (05), improvements (06). The
data files come last; all a notebook needs from that part is

    X, y = load_fashion_mnist("train")           # uint8 (60000, 784), (60000,)
    X_train, y_train, X_val, y_val = train_val_split(X, y, 10_000, rng=rng)
    X_train = scale_pixels(X_train)              # float32 in [0, 1]

Conventions
-----------
* Samples are rows. A dense layer computes ``Z = X @ W + b`` with ``X`` of
  shape (n, fan_in), ``W`` (fan_in, fan_out) and ``b`` (fan_out,).
* Every layer is a pair: ``*_forward(...) -> (out, cache)`` and
  ``*_backward(dout, cache)``, where ``dout`` is the gradient of the loss with
  respect to the layer's output. The backward sits right under its forward.
* A network is a list of ``(W, b)`` pairs; its gradients are a list of
  ``(dW, db)`` pairs that mirrors it. Hidden layers use ReLU, the output
  softmax, and the loss is the mean cross-entropy.
* Kernels preserve dtype: float32 for training speed, float64 for gradient
  checks. Everything random takes ``rng``, a ``np.random.Generator``.
* Each public function's docstring ends its first line with the notebook
  that teaches it, in square brackets.

What it leaves out: convolutions, GPUs, automatic differentiation. Those are
the next course; here every derivative is written by hand and checked.

Run ``python nnlib.py download`` to fetch the data into ``data/`` (or see the
README for the offline Debian package).
"""
from __future__ import annotations

import gzip
import hashlib
import http.client
import math
import os
import sys
import tempfile
import time
import urllib.request
import warnings
import zipfile
import zlib
from pathlib import Path

import numpy as np

__all__ = [
    # 02-03: layers
    "dense_forward", "dense_backward", "relu_forward", "relu_backward",
    "softmax", "one_hot", "cross_entropy", "softmax_cross_entropy",
    # 03: checking gradients
    "numerical_gradient", "rel_error", "gradient_check",
    # 02-04: the network and its training
    "init_params", "forward", "backward", "loss_and_grads",
    "predict_proba", "predict", "evaluate",
    "sgd_step", "train", "train_reference", "save_params", "load_params",
    # 05: metrics
    "accuracy", "confusion_matrix",
    # 06: improvements
    "dropout_forward", "dropout_backward", "make_optimizer", "learning_rate",
    "augment_batch",
    # 01: data
    "load_fashion_mnist", "train_val_split", "scale_pixels",
    # every notebook
    "notebook_seed", "save_figure",
    # constants
    "CLASS_NAMES", "NUM_CLASSES", "IMAGE_SHAPE", "NUM_PIXELS", "REFERENCE_LAYERS",
]

CLASS_NAMES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)
NUM_CLASSES = len(CLASS_NAMES)
IMAGE_SHAPE = (28, 28)
NUM_PIXELS = IMAGE_SHAPE[0] * IMAGE_SHAPE[1]
REFERENCE_LAYERS = (NUM_PIXELS, 128, 10, NUM_CLASSES)  # the original project's network


# ===========================================================================
# 1. Layers: each backward right under its forward   [02_forward_pass, 03_backprop]
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

    Z (n, h) -> A (n, h), cache A. With out=Z it works in place, as the
    training loop does: the backward needs only A, because A > 0 exactly where
    Z > 0.
    """
    A = np.maximum(Z, 0, out=out)
    return A, A


def relu_backward(dout, cache):
    """dL/dZ = dout * 1[Z > 0] (slope 0 taken at Z = 0).  [03_backprop_derivation]

    dout (n, h), cache A from relu_forward -> dZ (n, h).
    """
    return dout * (cache > 0)


def softmax(logits):
    """Row-wise softmax, stable for any finite logits.           [02_forward_pass]

    logits (n, k) -> probs (n, k), rows sum to 1. Subtracting each row's
    maximum changes nothing mathematically and keeps exp() from overflowing.
    """
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
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
    n = len(y)
    rows = np.arange(n)
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


def gradient_check(params, X, y, eps=1e-6, *, weight_decay=0.0, dropout=0.0, rng=None):
    """Worst rel_error of loss_and_grads against numerical_gradient, over every W and b. [03_backprop_derivation]

    Use float64 params and X and a handful of samples. With dropout, one mask
    is drawn from `rng` and used for every evaluation, so the loss is a fixed
    function of the parameters.
    """
    mask_seed = int(_check_rng(rng).integers(2**63)) if dropout else None

    def loss():  # forward only: it runs twice per parameter entry
        mask_rng = np.random.default_rng(mask_seed) if dropout else None
        logits, _ = _forward(params, X, dropout, mask_rng)
        return softmax_cross_entropy(logits, y)[0] + _l2_penalty(params, weight_decay)

    _, grads = loss_and_grads(params, X, y, weight_decay=weight_decay, dropout=dropout,
                              rng=np.random.default_rng(mask_seed) if dropout else None)
    return max(rel_error(g, numerical_gradient(loss, p))
               for pair, grad_pair in zip(params, grads, strict=True)
               for p, g in zip(pair, grad_pair, strict=True))


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
    _check_rng(rng)
    if len(layer_sizes) < 2:
        raise ValueError(f"layer_sizes needs at least two sizes (inputs, outputs), got {layer_sizes}.")
    for size in layer_sizes:
        _check_whole("a layer size", size, 1)
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:], strict=True):
        if scheme == "uniform":
            W = rng.random((fan_in, fan_out)) - 0.5
            b = rng.random(fan_out) - 0.5
        elif scheme == "he":
            W = rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)
            b = np.zeros(fan_out)
        elif scheme == "xavier":
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            W = rng.uniform(-limit, limit, (fan_in, fan_out))
            b = np.zeros(fan_out)
        else:
            raise ValueError(f"scheme must be 'uniform', 'he' or 'xavier', got {scheme!r}.")
        params.append((W.astype(dtype), b.astype(dtype)))
    return params


def forward(params, X, *, dropout=0.0, rng=None):
    """The network's logits: dense -> ReLU (-> dropout) per hidden layer, then dense. [02_forward_pass]

    params: list of (W, b); X (n, 784) floats of the params' dtype. Returns
    logits (n, k) and caches, one per layer -- (dense, relu, dropout) for a
    hidden layer, (dense,) for the last -- which is what backward() needs.
    Probabilities are softmax(logits).
    """
    _check_X(params, X)
    if dropout:
        _check_rng(rng)
    return _forward(params, X, dropout, rng)


def _forward(params, X, dropout=0.0, rng=None):
    """forward() without the input checks (the training loop's hot path)."""
    caches, out = [], X
    for W, b in params[:-1]:
        Z, dense_cache = dense_forward(out, W, b)
        A, relu_cache = relu_forward(Z, out=Z)  # in place: Z is not needed again
        out, dropout_cache = dropout_forward(A, dropout, rng)
        caches.append((dense_cache, relu_cache, dropout_cache))
    logits, dense_cache = dense_forward(out, *params[-1])
    caches.append((dense_cache,))
    return logits, caches


def backward(dlogits, caches):
    """Gradients of every layer, from the last to the first. [03_backprop_derivation]

    dlogits (n, k) from softmax_cross_entropy, caches from forward(). Returns
    a list of (dW, db) that mirrors params.
    """
    *hidden, (last_cache,) = caches
    dout, dW, db = dense_backward(dlogits, last_cache, need_dX=bool(hidden))
    grads = [(dW, db)]
    for i in range(len(hidden) - 1, -1, -1):
        dense_cache, relu_cache, dropout_cache = hidden[i]
        dZ = relu_backward(dropout_backward(dout, dropout_cache), relu_cache)
        dout, dW, db = dense_backward(dZ, dense_cache, need_dX=i > 0)
        grads.append((dW, db))
    return grads[::-1]


def loss_and_grads(params, X, y, *, weight_decay=0.0, dropout=0.0, rng=None):
    """Mean cross-entropy and its gradient for every parameter. [03_backprop_derivation]

    X (n, 784), y (n,) integer labels. Returns loss (float) and grads, a list
    of (dW, db) mirroring params. weight_decay adds (lambda/2)*sum ||W||^2 to
    the loss (biases excluded); dropout > 0 applies inverted dropout after
    every hidden ReLU, drawing from `rng`.
    """
    _check_X(params, X)
    _check_y(y, len(X), num_classes=params[-1][0].shape[1])
    _check_number("weight_decay", weight_decay, 0)
    if dropout:
        _check_rng(rng)
    loss, grads, _ = _loss_and_grads(params, X, y, weight_decay, dropout, rng)
    return loss, grads


def _loss_and_grads(params, X, y, weight_decay=0.0, dropout=0.0, rng=None):
    """Forward, loss, backward, without input checks; also returns (logits, caches)."""
    logits, caches = _forward(params, X, dropout, rng)
    loss, dlogits = softmax_cross_entropy(logits, y)
    grads = backward(dlogits, caches)
    if weight_decay:
        loss += _l2_penalty(params, weight_decay)
        for (W, _), (dW, _) in zip(params, grads, strict=True):
            dW += weight_decay * W
    return loss, grads, (logits, caches)


def _l2_penalty(params, weight_decay):
    return 0.5 * weight_decay * sum(float(np.vdot(W, W)) for W, _ in params) if weight_decay else 0.0


def predict_proba(params, X, batch_size=10_000):
    """Class probabilities (n, 10), in large batches, no dropout.  [05_evaluation]"""
    _check_X(params, X)
    return np.concatenate([softmax(_forward(params, X[i:i + batch_size])[0])
                           for i in range(0, len(X), batch_size)])


def predict(params, X, batch_size=10_000):
    """Predicted class labels (n,) of X (n, 784).                  [05_evaluation]"""
    return predict_proba(params, X, batch_size).argmax(axis=1)


def evaluate(params, X, y, batch_size=10_000):
    """Mean cross-entropy (float) and accuracy (float) of the net on X, y. [04_training]"""
    _check_X(params, X)
    _check_y(y, len(X), num_classes=params[-1][0].shape[1])
    total_loss, correct = 0.0, 0
    for i in range(0, len(X), batch_size):
        logits = _forward(params, X[i:i + batch_size])[0]
        loss, _ = softmax_cross_entropy(logits, y[i:i + batch_size])
        total_loss += loss * len(logits)
        correct += int((logits.argmax(axis=1) == y[i:i + batch_size]).sum())
    return total_loss / len(X), correct / len(X)


# ===========================================================================
# 4. Training                                                      [04_training]
# ===========================================================================

def sgd_step(params, grads, lr):
    """Plain SGD, in place: W -= lr * dW, b -= lr * db.              [04_training]"""
    for (W, b), (dW, db) in zip(params, grads, strict=True):
        W -= lr * dW
        b -= lr * db


def train(params, X, y, *, epochs, batch_size, lr, rng, X_val=None, y_val=None,
          optimizer="sgd", weight_decay=0.0, dropout=0.0, schedule="constant",
          augment=False, patience=None, print_every=0):
    """Mini-batch training of `params`, in place.                    [04_training]

    X (n, 784) floats of the params' dtype, y (n,) integer labels; X and y
    are never modified. Every epoch reshuffles with `rng` and visits each
    sample once. optimizer: "sgd", "momentum" or "adam" (make_optimizer);
    schedule: "constant" or "cosine" (learning_rate); weight_decay, dropout
    and augment (True, or a dict of augment_batch options) are the tools of
    notebook 06. With `patience` and a validation set, training stops after
    `patience` epochs without a better validation accuracy and the best
    weights are put back.

    Returns a history dict of per-epoch lists: train_loss and train_acc (the
    mean over the epoch's mini-batches, as most libraries report them), lr,
    seconds, and with validation data val_loss and val_acc; plus best_epoch
    (1-based, by validation accuracy, or None) and stopped_early.

    Raises FloatingPointError if the loss blows up and RuntimeError if a
    hidden layer dies (outputs 0 for every image of an epoch): both name the
    epoch and the fix.
    """
    augment = _check_train_args(params, X, y, X_val, y_val, epochs, batch_size, lr, rng,
                                weight_decay, dropout, schedule, augment, patience)
    has_val = X_val is not None
    step = make_optimizer(optimizer, params)
    history = {"train_loss": [], "train_acc": [], "lr": [], "seconds": []}
    if has_val:
        history.update(val_loss=[], val_acc=[])
    # The stable loss stays finite even when the weights blow up (at lr=50 it
    # jumps 10,000-fold), so a loss 100x above the start counts as divergence.
    start_loss = softmax_cross_entropy(_forward(params, X[:batch_size])[0], y[:batch_size])[0]
    limit = 100 * max(start_loss, math.log(params[-1][0].shape[1]))
    best_acc, best_epoch, best_params = -1.0, None, None
    for epoch in range(epochs):
        start = time.perf_counter()
        rate = params[0][0].dtype.type(learning_rate(epoch, lr, epochs, schedule))
        loss, acc = _train_epoch(params, X, y, batch_size, rate, rng, step, epoch, limit,
                                 weight_decay, dropout, augment)
        history["train_loss"].append(loss)
        history["train_acc"].append(acc)
        history["lr"].append(float(rate))
        if has_val:
            val_loss, val_acc = evaluate(params, X_val, y_val)
            history["val_loss"].append(val_loss)
            history["val_acc"].append(val_acc)
            if val_acc > best_acc:
                best_acc, best_epoch = val_acc, epoch + 1
                if patience is not None:
                    best_params = [(W.copy(), b.copy()) for W, b in params]
        history["seconds"].append(time.perf_counter() - start)
        if print_every and ((epoch + 1) % print_every == 0 or epoch + 1 == epochs):
            print(_progress_line(history, epoch, epochs), flush=True)
        if patience is not None and epoch + 1 - best_epoch >= patience:
            break
    if best_params is not None:
        for (W, b), (W_best, b_best) in zip(params, best_params, strict=True):
            W[...], b[...] = W_best, b_best
    history["best_epoch"] = best_epoch
    history["stopped_early"] = len(history["train_loss"]) < epochs
    return history


def _train_epoch(params, X, y, batch_size, lr, rng, step, epoch, limit,
                 weight_decay, dropout, augment):
    """One pass over X in shuffled mini-batches; returns its mean loss and accuracy."""
    n = len(X)
    order = rng.permutation(n)
    # Each mini-batch is gathered into one reused buffer: no copy of X per
    # epoch and no new 200 kB array per step.
    buffer = np.empty((min(batch_size, n), X.shape[1]), dtype=X.dtype)
    alive = [False] * (len(params) - 1)  # did each hidden layer output anything?
    loss_sum, correct = 0.0, 0
    for first in range(0, n, batch_size):
        idx = order[first:first + batch_size]
        xb, yb = np.take(X, idx, axis=0, out=buffer[:len(idx)]), y[idx]
        if augment is not None:
            xb = augment_batch(xb, rng, **augment)
        loss, grads, (logits, caches) = _loss_and_grads(params, xb, yb, weight_decay, dropout, rng)
        if not loss < limit:  # also catches NaN
            raise FloatingPointError(
                f"training diverged: the loss became {loss:.4g} in epoch {epoch + 1} "
                f"(step {first // batch_size + 1}); lower the learning rate (lr={lr:g}).")
        step(params, grads, lr)
        loss_sum += loss * len(idx)
        correct += int(np.count_nonzero(logits.argmax(axis=1) == yb))
        if not all(alive):
            alive = [was or bool(relu_out.any())
                     for was, (_, relu_out, _) in zip(alive, caches[:-1], strict=True)]
    if not all(alive):
        raise RuntimeError(
            f"training collapsed in epoch {epoch + 1}: hidden layer {alive.index(False) + 1} "
            "output 0 for every training image (all its ReLU units are dead), so every "
            "image gets the same prediction and no gradient reaches the layers below. "
            f"The learning rate is too high (lr={lr:g}): lower it (the reference uses 0.1) "
            "or start from init_params(..., scheme='he').")
    return loss_sum / n, correct / n


def _progress_line(history, epoch, epochs):
    line = (f"epoch {epoch + 1:4d}/{epochs}  loss {history['train_loss'][-1]:.4f}  "
            f"acc {history['train_acc'][-1]:.4f}")
    if "val_loss" in history:
        line += f"  val_loss {history['val_loss'][-1]:.4f}  val_acc {history['val_acc'][-1]:.4f}"
    return line + f"  ({history['seconds'][-1]:.2f} s)"


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
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true {y_true.shape} and y_pred {y_pred.shape} differ in shape.")
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, num_classes=NUM_CLASSES):
    """Counts C[i, j] of samples of true class i predicted as j.   [05_evaluation]"""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true {y_true.shape} and y_pred {y_pred.shape} differ in shape.")
    for name, labels in (("y_true", y_true), ("y_pred", y_pred)):
        _check_y(labels, len(y_true), name, num_classes)
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
    keep = rng.random(A.shape, dtype=A.dtype) >= rate
    mask = keep * A.dtype.type(1.0 / (1.0 - rate))
    return A * mask, mask


def dropout_backward(dout, cache):
    """Gradient of inverted dropout: the same mask.    [06_improving_the_network]"""
    return dout if cache is None else dout * cache


OPTIMIZERS = {  # name -> its hyper-parameters and their defaults
    "sgd": {},
    "momentum": {"beta": 0.9},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}


def make_optimizer(name, params, **hyper):
    """An update rule as one function step(params, grads, lr), in place. [06_improving_the_network]

    "sgd" is sgd_step. "momentum": v = beta*v + g; p -= lr*v. "adam" (Kingma &
    Ba, 2015) with bias correction. The state -- one zero array per parameter
    array, plus Adam's step count -- lives inside the returned function.
    """
    if name not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {', '.join(OPTIMIZERS)}, got {name!r}.")
    unknown = set(hyper) - set(OPTIMIZERS[name])
    if unknown:
        raise TypeError(f"{name} takes {sorted(OPTIMIZERS[name]) or 'no hyper-parameters'}, "
                        f"not {sorted(unknown)}.")
    h = {**OPTIMIZERS[name], **hyper}
    if name == "sgd":
        return sgd_step
    first = [np.zeros_like(p) for pair in params for p in pair]
    second = [np.zeros_like(p) for pair in params for p in pair]
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

    return momentum_step if name == "momentum" else adam_step


def _flat(pairs):
    return [array for pair in pairs for array in pair]


def learning_rate(epoch, base_lr, epochs, schedule="constant"):
    """Learning rate of a 0-based epoch.                [06_improving_the_network]

    "constant": base_lr; "cosine": from base_lr down towards 0 over `epochs`
    along half a cosine.
    """
    if schedule == "constant":
        return base_lr
    if schedule == "cosine":
        return 0.5 * base_lr * (1 + math.cos(math.pi * epoch / epochs))
    raise ValueError(f"schedule must be 'constant' or 'cosine', got {schedule!r}.")


def augment_batch(X, rng, max_shift=2, flip=True):
    """Shift images by up to max_shift pixels and flip half of them. [06_improving_the_network]

    X (n, 784) -> a new (n, 784) array of the same dtype; X is not changed.
    Shifts fill with 0 (the background). Horizontal flips suit clothes (a shoe
    facing left is still a shoe) but would not suit digits.
    """
    _check_rng(rng)
    _check_whole("max_shift", max_shift, 0)
    n, (height, width) = len(X), IMAGE_SHAPE
    images = X.reshape(n, height, width)
    if max_shift:
        padded = np.pad(images, ((0, 0), (max_shift, max_shift), (max_shift, max_shift)))
        dy = rng.integers(0, 2 * max_shift + 1, size=n)
        dx = rng.integers(0, 2 * max_shift + 1, size=n)
        rows = dy[:, None] + np.arange(height)
        cols = dx[:, None] + np.arange(width)
        images = padded[np.arange(n)[:, None, None], rows[:, :, None], cols[:, None, :]]
    else:
        images = images.copy()
    if flip:
        flipped = rng.random(n) < 0.5
        images[flipped] = images[flipped, :, ::-1]
    return images.reshape(n, NUM_PIXELS)


# ===========================================================================
# 7. Input checks at the public boundary: clear errors that name the fix
# ===========================================================================

def _check_rng(rng):
    if not isinstance(rng, np.random.Generator):
        hint = (" A seed is not enough: pass rng=np.random.default_rng(seed)."
                if isinstance(rng, (int, np.integer)) else "")
        raise TypeError(f"rng must be a np.random.Generator such as np.random.default_rng(0), "
                        f"got {type(rng).__name__}.{hint}")
    return rng


def _check_whole(name, value, minimum=None):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number (an int), got {value!r}.")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}.")


def _check_number(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {value!r}.")
    if not (math.isfinite(value) and value >= minimum):
        raise ValueError(f"{name} must be a finite number >= {minimum}, got {value}.")


def _check_params(params):
    if not params:
        raise ValueError("params is empty: build it with init_params([784, 128, 10, 10], rng=rng).")
    for i, (W, b) in enumerate(params):
        if W.ndim != 2 or b.shape != (W.shape[1],):
            raise ValueError(f"layer {i + 1}: W must be (fan_in, fan_out) and b (fan_out,), "
                             f"got W {W.shape} and b {b.shape}.")
        if i and W.shape[0] != params[i - 1][0].shape[1]:
            raise ValueError(f"layer {i + 1}: W has {W.shape[0]} inputs but layer {i} has "
                             f"{params[i - 1][0].shape[1]} outputs; the shapes must chain.")


def _check_X(params, X, name="X"):
    _check_params(params)
    fan_in, dtype = params[0][0].shape[0], params[0][0].dtype
    if not isinstance(X, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array, got {type(X).__module__}."
                        f"{type(X).__name__}; convert it with np.asarray({name}) "
                        f"(a pandas DataFrame: {name}.to_numpy()).")
    if X.ndim != 2 or X.shape[1] != fan_in:
        raise ValueError(f"{name} must have shape (n_samples, {fan_in}), got {X.shape}; "
                         f"samples are rows: reshape images with {name}.reshape(len({name}), -1).")
    if len(X) == 0:
        raise ValueError(f"{name} has no rows: pass at least one sample.")
    if X.dtype != dtype:
        hint = (f" These look like raw pixels: scale them to floats in [0, 1] with "
                f"nnlib.scale_pixels({name})." if np.issubdtype(X.dtype, np.integer)
                else f" Use {name}.astype(np.{dtype}).")
        raise ValueError(f"{name} has dtype {X.dtype} but the parameters are {dtype}.{hint}")
    if not np.isfinite(X).all():
        raise ValueError(f"{name} contains NaN or inf values.")


def _check_y(y, n, name="y", num_classes=NUM_CLASSES):
    if not isinstance(y, np.ndarray) or y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"{name} must be a 1-D NumPy array of integer class labels, got "
                         f"{type(y).__name__} {getattr(y, 'dtype', '')} {getattr(y, 'shape', '')}.")
    if len(y) != n:
        raise ValueError(f"{name} has {len(y)} labels but X has {n} rows; they must match.")
    if len(y) and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(f"{name} must hold labels in 0..{num_classes - 1}, "
                         f"found {y.min()}..{y.max()}.")


def _check_train_args(params, X, y, X_val, y_val, epochs, batch_size, lr, rng,
                      weight_decay, dropout, schedule, augment, patience):
    """Refuse bad train() arguments before any work; returns augment_batch options or None."""
    _check_X(params, X)
    _check_y(y, len(X), num_classes=params[-1][0].shape[1])
    if (X_val is None) != (y_val is None):
        raise ValueError("give both X_val and y_val, or neither.")
    if X_val is not None:
        _check_X(params, X_val, "X_val")
        _check_y(y_val, len(X_val), "y_val", params[-1][0].shape[1])
    _check_whole("epochs", epochs, 0)
    _check_whole("batch_size", batch_size, 1)
    _check_rng(rng)
    _check_number("lr", lr, 0)
    if lr == 0:
        raise ValueError("lr must be positive, got 0.")
    _check_number("weight_decay", weight_decay, 0)
    _check_number("dropout", dropout, 0)
    if dropout >= 1:
        raise ValueError(f"dropout is a probability in [0, 1), got {dropout}.")
    learning_rate(0, lr, 1, schedule)  # refuses an unknown schedule now, not after an epoch
    if patience is not None:
        _check_whole("patience", patience, 1)
        if X_val is None:
            raise ValueError("early stopping (patience) needs X_val and y_val.")
    if augment is False or augment is None:
        return None
    if augment is True:
        return {}
    if isinstance(augment, dict) and set(augment) <= {"max_shift", "flip"}:
        _check_whole("max_shift", augment.get("max_shift", 0), 0)
        return augment
    raise ValueError(f"augment must be True, False or a dict with keys 'max_shift' "
                     f"and/or 'flip', got {augment!r}.")


# ===========================================================================
# 8. Files: Fashion-MNIST as published [01_data_exploration], saved weights [04]
# ===========================================================================

REPO_ROOT = Path(__file__).resolve().parent
DATA_DIR = REPO_ROOT / "data"
SYSTEM_DATA_DIR = Path("/usr/share/datasets/fashion-mnist")

# The Fashion-MNIST project publishes the files at these two addresses.
DOWNLOAD_URLS = (
    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    "https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/",
)
DOWNLOAD_TIMEOUT = 60    # seconds without a byte before a mirror is given up
DOWNLOAD_SECONDS = 900   # seconds per file in all, however slowly the bytes arrive

# split -> (images file, labels file, number of samples)
IDX_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", 60_000),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 10_000),
}
CSV_FILES = {"train": "fashion-mnist_train.csv", "test": "fashion-mnist_test.csv"}

# SHA-256 of the *decompressed* IDX files: gzip wrappers differ between
# mirrors (timestamps, compression level), the content does not.
SHA256 = {
    "train-images-idx3-ubyte": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "train-labels-idx1-ubyte": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "t10k-images-idx3-ubyte": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    "t10k-labels-idx1-ubyte": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}

HOW_TO_GET_DATA = (
    "Get Fashion-MNIST in one of three ways:\n"
    "  1. with internet: `python nnlib.py download` (or `make data`) puts the four\n"
    "     official .gz files into data/;\n"
    "  2. offline on Debian/Ubuntu: `apt-get update && apt-get install -y\n"
    "     dataset-fashion-mnist` (files land in /usr/share/datasets/fashion-mnist/);\n"
    "  3. by hand: copy the four IDX files (train-images-idx3-ubyte.gz, ...) or the\n"
    "     Kaggle CSVs (fashion-mnist_train.csv, fashion-mnist_test.csv) into data/\n"
    "     or into the folder named by $FASHION_MNIST_DIR."
)


def load_fashion_mnist(split="train", data_dir=None, download=True):
    """Load one split of Fashion-MNIST.                      [01_data_exploration]

    Looks in `data_dir` if given, else $FASHION_MNIST_DIR, the repo's data/,
    /usr/share/datasets/fashion-mnist/, and finally downloads the official
    files into data/ (unless download=False).

    Returns X uint8 (n, 784) and y uint8 (n,), both writable: n = 60,000 for
    "train" and 10,000 for "test". IDX and CSV sources give identical arrays.
    """
    if split not in IDX_FILES:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}.")
    folder = _find_data_dir(split, data_dir)
    if folder is None:
        if not download:
            raise FileNotFoundError(f"Fashion-MNIST ({split}) not found in "
                                    f"{DATA_DIR} or {SYSTEM_DATA_DIR}.\n{HOW_TO_GET_DATA}")
        download_fashion_mnist(DATA_DIR)
        folder = DATA_DIR
    images_name, labels_name, count = IDX_FILES[split]
    source = _split_source(folder, split)
    if source[0] == "csv":
        return _read_csv(source[1], count)
    X = _read_idx(source[1], images_name, count).reshape(count, NUM_PIXELS)
    return X, _read_idx(source[2], labels_name, count)


def train_val_split(X, y, val_size=10_000, *, rng):
    """Carve a stratified validation set out of the training data. [01_data_exploration]

    val_size is a number of images; each class contributes in proportion to
    its share of `y` (1,000 per class for 10,000 of the 60,000 training
    images). `rng` picks them. Returns X_train, y_train, X_val, y_val, rows
    in their original order.
    """
    _check_rng(rng)
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)}.")
    if isinstance(val_size, (float, np.floating)) and 0 < val_size < 1:
        raise TypeError(f"val_size is a number of images, not a fraction: for {val_size:.0%} "
                        f"of the data pass val_size=round({val_size} * len(y)).")
    _check_whole("val_size", val_size)
    if not 1 <= val_size < len(y):
        raise ValueError(f"val_size must be between 1 and {len(y) - 1}, got {val_size}.")
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


def _candidate_dirs(data_dir):
    """Folders to search, in order, and for each the name that makes a miss an error."""
    if data_dir is not None:
        return [(Path(data_dir).expanduser(), "data_dir")]
    dirs = []
    if os.environ.get("FASHION_MNIST_DIR"):
        dirs.append((Path(os.environ["FASHION_MNIST_DIR"]).expanduser(), "$FASHION_MNIST_DIR"))
    return dirs + [(DATA_DIR, None), (SYSTEM_DATA_DIR, None)]


def _find_data_dir(split="train", data_dir=None):
    """The first folder holding `split`: data_dir, $FASHION_MNIST_DIR, data/, the Debian one.

    None when no folder has it. A `data_dir` or $FASHION_MNIST_DIR that lacks
    the files is an error, not skipped.
    """
    for folder, explicit in _candidate_dirs(data_dir):
        if _split_source(folder, split):
            return folder
        if explicit:
            raise FileNotFoundError(
                f"{explicit} is {folder}, but it holds neither the IDX files "
                f"{IDX_FILES[split][0]}[.gz] + {IDX_FILES[split][1]}[.gz] nor "
                f"{CSV_FILES[split]}.\n{HOW_TO_GET_DATA}")
    return None


def _idx_path(folder, name):
    """The IDX file `name` in `folder`, gzipped or not, or None."""
    for candidate in (folder / f"{name}.gz", folder / name):
        if candidate.is_file():
            return candidate
    return None


def _split_source(folder, split):
    """('idx', images, labels) or ('csv', path) if `folder` holds `split`, else None."""
    images_name, labels_name, _ = IDX_FILES[split]
    images, labels = _idx_path(folder, images_name), _idx_path(folder, labels_name)
    if images and labels:
        return ("idx", images, labels)
    csv = folder / CSV_FILES[split]
    return ("csv", csv) if csv.is_file() else None


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


def _read_csv(path, count=None):
    """Read a Kaggle-style Fashion-MNIST CSV (header, then label,pixel1..pixel784 per row)."""
    expected = ["label"] + [f"pixel{i}" for i in range(1, NUM_PIXELS + 1)]
    with open(path, encoding="utf-8", errors="replace") as f:
        header = f.readline().strip().split(",")
    if header != expected:
        bad = next((i for i, (a, b) in enumerate(zip(header, expected, strict=False)) if a != b),
                   min(len(header), len(expected)))
        found = repr(header[bad]) if bad < len(header) else "missing"
        raise ValueError(f"{path}: wrong header: column {bad + 1} is {found}, expected "
                         f"{expected[bad] if bad < len(expected) else 'no more columns'!r}. "
                         "The first line must be label,pixel1,...,pixel784.")
    try:
        with warnings.catch_warnings():  # a header-only file is refused below, not warned about
            warnings.simplefilter("ignore", UserWarning)
            values = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.int64, ndmin=2)
    except ValueError as err:
        raise ValueError(f"{path}: {_first_bad_csv_cell(path, expected) or err}; every data "
                         "row must hold 785 whole numbers (label, pixel1 ... pixel784).") from None
    if values.shape[1] != len(expected) or len(values) == 0:
        raise ValueError(f"{path}: has {len(values)} data rows of {values.shape[1]} numbers; "
                         "expected rows of 785 (label, pixel1 ... pixel784).")
    labels, pixels = values[:, 0], values[:, 1:]
    bad_label = (labels < 0) | (labels >= NUM_CLASSES)
    if bad_label.any():
        row = int(np.flatnonzero(bad_label)[0])
        raise ValueError(f"{path}: label {labels[row]} in data row {row + 1} is outside 0-9.")
    bad_pixel = ((pixels < 0) | (pixels > 255)).any(axis=1)
    if bad_pixel.any():
        row = int(np.flatnonzero(bad_pixel)[0])
        raise ValueError(f"{path}: a pixel value in data row {row + 1} is outside 0-255.")
    if count is not None and len(values) != count:
        raise ValueError(f"{path}: has {len(values)} rows, expected {count}.")
    return pixels.astype(np.uint8), labels.astype(np.uint8)


def _first_bad_csv_cell(path, columns):
    """Where a CSV that np.loadtxt refused goes wrong, in words (None if not found)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        next(f)  # the header, checked already
        for row, line in enumerate(f, start=1):
            cells = line.rstrip("\r\n").split(",")
            if len(cells) != len(columns):
                return f"data row {row} has {len(cells)} cells, expected {len(columns)}"
            for column, cell in zip(columns, cells, strict=True):
                if not cell.strip().removeprefix("-").isdigit():
                    what = "is missing" if not cell.strip() else f"{cell!r} is not a whole number"
                    return f"data row {row}, column {column!r}: the value {what}"
    return None


def download_fashion_mnist(dest=None, urls=None):
    """Put the four official .gz files into `dest`, verified; returns `dest`.

    A file already there is checked and kept if correct, fetched again if
    not. Each download streams into a unique temporary file in `dest`, with a
    size cap and a deadline, is verified, and only then renamed: no process
    ever sees a half-written file under a final name.
    """
    # Looked up at call time, so a changed nnlib.DATA_DIR / DOWNLOAD_URLS counts.
    dest = Path(DATA_DIR if dest is None else dest).expanduser()
    urls = DOWNLOAD_URLS if urls is None else urls
    dest.mkdir(parents=True, exist_ok=True)
    for images_name, labels_name, count in IDX_FILES.values():
        for name in (images_name, labels_name):
            final = dest / f"{name}.gz"
            if final.is_file():
                try:
                    _read_idx(final, name, count)
                    continue
                except ValueError:
                    pass  # damaged: fetch it again; the rename replaces it
            errors = []
            for base in urls:
                url = base + final.name
                try:
                    limit = _idx_size(name, count) + 65536  # a gzip is never much larger
                    _write_atomically(final, lambda f, url=url, limit=limit: _fetch(url, f, limit),
                                      verify=lambda tmp, name=name, count=count:
                                      _read_idx(tmp, name, count))
                    break
                except (OSError, EOFError, ValueError, zlib.error, http.client.HTTPException) as err:
                    errors.append(f"{url}: {type(err).__name__}: {err}")
            else:
                raise FileNotFoundError("could not download Fashion-MNIST:\n  "
                                        + "\n  ".join(errors) + f"\n{HOW_TO_GET_DATA}")
    return dest


def _fetch(url, f, limit):
    """Stream the body at `url` into the open file f: at most `limit` bytes, within DOWNLOAD_SECONDS."""
    deadline = time.monotonic() + DOWNLOAD_SECONDS
    size = 0
    with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response:
        announced = response.headers.get("Content-Length")
        while chunk := response.read1(1 << 16):  # read1: returns as soon as bytes arrive
            size += len(chunk)
            if size > limit:
                raise ValueError(f"the body is larger than {limit} bytes, too large for this file")
            if time.monotonic() > deadline:
                raise TimeoutError(f"not complete after {DOWNLOAD_SECONDS} s")
            f.write(chunk)
    if announced is not None and int(announced) != size:
        raise http.client.IncompleteRead(b"", int(announced) - size)


def _write_atomically(path, write, verify=None):
    """Write `path` through a unique temporary file in its folder, verify, rename.

    write(f) fills the open binary file; verify(tmp_path) raises if the bytes
    are wrong. On any failure the temporary file is removed and `path` is
    left as it was.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"cannot write {path}: the folder {path.parent} does not exist; "
                                "create it first (mkdir -p).")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        if verify is not None:
            verify(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the final file is an ordinary one
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


# ---------------------------------------------------------------------------
# Saved weights                                                    [04_training]
# ---------------------------------------------------------------------------

PARAMS_FORMAT = "nnlib-mlp-v1"


def save_params(path, params):
    """Save a network to an .npz file: written whole or not at all.   [04_training]

    The arrays go to a unique temporary file in the same folder, are read back
    and compared, and only then renamed to `path`; two processes saving at
    once each leave a complete file.
    """
    _check_params(params)
    path = Path(path).expanduser()
    if path.is_dir():
        raise ValueError(f"{path} is a folder; give save_params a file name such as "
                         f"{path / 'model.npz'}.")
    arrays = {"nnlib_format": np.array(PARAMS_FORMAT)}
    for i, (W, b) in enumerate(params):
        arrays[f"W{i}"], arrays[f"b{i}"] = W, b

    def same_as_saved(tmp):
        reread = load_params(tmp)
        if not all(np.array_equal(a, b) for pair, pair2 in zip(params, reread, strict=True)
                   for a, b in zip(pair, pair2, strict=True)):
            raise OSError(f"{tmp}: read back different arrays than were written.")

    _write_atomically(path, lambda f: np.savez(f, **arrays), verify=same_as_saved)


def load_params(path):
    """Load a network saved by save_params; refuses foreign or damaged files. [04_training]"""
    path = Path(path).expanduser()
    try:
        data = np.load(path, allow_pickle=False)
        if not isinstance(data, np.lib.npyio.NpzFile):
            raise ValueError("it holds a single .npy array, not an .npz archive")
        with data:
            arrays = dict(data)
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as err:
        raise ValueError(f"{path}: not a readable nnlib parameter file ({err}); "
                         "save networks with nnlib.save_params.") from None
    marker = arrays.pop("nnlib_format", None)
    if marker is None or marker.shape != () or str(marker) != PARAMS_FORMAT:
        raise ValueError(f"{path}: not an nnlib parameter file (no 'nnlib_format' marker); "
                         "save networks with nnlib.save_params.")
    n_layers = len(arrays) // 2
    expected = {f"{k}{i}" for i in range(n_layers) for k in "Wb"}
    if n_layers == 0 or set(arrays) != expected:
        raise ValueError(f"{path}: expected arrays W0, b0, ..., found {sorted(arrays)}.")
    params = [(arrays[f"W{i}"], arrays[f"b{i}"]) for i in range(n_layers)]
    try:
        _check_params(params)
    except ValueError as err:
        raise ValueError(f"{path}: {err}") from None
    return params


# ===========================================================================
# 9. Notebook support: the seed and the figures                [every notebook]
# ===========================================================================

SEED_VARIABLE = "NNLIB_SEED"           # which seed a notebook runs with (default 0)
SAVE_FIGURES_VARIABLE = "NNLIB_SAVE_FIGURES"  # `make` sets it to 1 to regenerate assets/
ASSETS_DIR = REPO_ROOT / "assets"


def notebook_seed(default=0):
    """The seed a notebook runs with: $NNLIB_SEED if set, else `default`. [01_data_exploration]

    Every notebook starts with it. The stored notebooks use seed 0; `make
    robust` runs them with others, to show that every assert holds for the
    method and not just for one run.
    """
    text = os.environ.get(SEED_VARIABLE, "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{SEED_VARIABLE} must be a non-negative integer, got {text!r}; "
                         f"unset it to use seed {default}.")
    return int(text)


def save_figure(fig, name):
    """Write `fig` to assets/<name>, only when $NNLIB_SAVE_FIGURES is 1. [01_data_exploration]

    `make` sets the variable, so the committed figures are regenerated from
    the stored seed-0 run; a student's kernel, `make test` and `make robust`
    leave assets/ alone. Returns the path written, or None.
    """
    if os.environ.get(SAVE_FIGURES_VARIABLE) != "1":
        return None
    ASSETS_DIR.mkdir(exist_ok=True)
    path = ASSETS_DIR / name
    # No "Software" stamp: the PNG bytes then depend only on the figure.
    return _write_atomically(path, lambda f: fig.savefig(
        f, format=path.suffix.lstrip(".") or "png", dpi=100, bbox_inches="tight",
        metadata={"Software": None}))


def main(argv=None):
    """Command line: `python nnlib.py download [DEST]`; exit status 0 when the data is ready."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] != "download" or len(argv) > 2:
        print("usage: python nnlib.py download [DEST]", file=sys.stderr)
        return 2
    try:
        if len(argv) == 1:
            folders = {_find_data_dir(split) for split in IDX_FILES}
            if None not in folders and DATA_DIR not in folders:
                for split in IDX_FILES:  # verifies every checksum
                    load_fashion_mnist(split, download=False)
                print(f"Fashion-MNIST already available and verified in "
                      f"{', '.join(str(f) for f in sorted(folders))}")
                return 0
        dest = download_fashion_mnist(Path(argv[1]) if len(argv) > 1 else DATA_DIR)
    except (FileNotFoundError, ValueError) as err:
        print(err, file=sys.stderr)
        return 1
    print(f"Fashion-MNIST verified in {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
