"""The lab grader rejects plausible wrong answers: a catalogue of them, one function at a time.

Each entry is a wrong version of one lab function, written as a student might:
a transpose, a missing or doubled 1/m, the wrong axis, a bias averaged, the mask
on the wrong array, no max-shift, a summed loss, gradient ascent, an answer that
works in place on its input, a float32 input answered in float64, one layer of
several updated, a class count taken from the data, the right shape with the
wrong values, a zero or identity answer. `classroom.grade` must mark each one
wrong while the teacher's nnlib passes; the other six functions stay nnlib's.
"""
import sys
import textwrap
import types
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import classroom  # noqa: E402

import nnlib  # noqa: E402

WRONG = {
    "dense_forward": {
        "no bias": "def dense_forward(X, W, b):\n    return X @ W, (X, W)",
        "bias added twice": "def dense_forward(X, W, b):\n    return X @ W + 2 * b, (X, W)",
        "the cache holds Z": "def dense_forward(X, W, b):\n    Z = X @ W + b\n    return Z, (Z, W)",
        "float64 out": "def dense_forward(X, W, b):\n    return X.astype(np.float64) @ W + b, (X, W)",
        "bias subtracted": "def dense_forward(X, W, b):\n    return X @ W - b, (X, W)",
        "a zero answer": "def dense_forward(X, W, b):\n    return np.zeros((len(X), W.shape[1]), X.dtype), (X, W)",
    },
    "dense_backward": {
        "dW without the transpose": "def dense_backward(dout, cache, need_dX=True):\n    X, W = cache\n"
                                    "    return dout @ W.T, dout.T @ X, dout.sum(axis=0)",
        "a 1/m too many in dW": "def dense_backward(dout, cache, need_dX=True):\n    X, W = cache\n"
                                "    return dout @ W.T, X.T @ dout / len(X), dout.sum(axis=0)",
        "db averaged": "def dense_backward(dout, cache, need_dX=True):\n    X, W = cache\n"
                       "    return dout @ W.T, X.T @ dout, dout.mean(axis=0)",
        "db summed over the wrong axis": "def dense_backward(dout, cache, need_dX=True):\n    X, W = cache\n"
                                         "    return dout @ W.T, X.T @ dout, dout.sum(axis=1)",
        "dX scaled by 1/m": "def dense_backward(dout, cache, need_dX=True):\n    X, W = cache\n"
                            "    return dout @ W.T / len(X), X.T @ dout, dout.sum(axis=0)",
        "need_dX ignored": "def dense_backward(dout, cache, need_dX=True):\n    X, W = cache\n"
                           "    return dout @ W.T, X.T @ dout, dout.sum(axis=0)",
        "float64 out": "def dense_backward(dout, cache, need_dX=True):\n    X, W = cache\n"
                       "    dout = dout.astype(np.float64)\n"
                       "    return (dout @ W.T if need_dX else None), X.T @ dout, dout.sum(axis=0)",
        "the right shapes, zero values": "def dense_backward(dout, cache, need_dX=True):\n    X, W = cache\n"
                                         "    return (np.zeros_like(X) if need_dX else None), np.zeros_like(W), "
                                         "np.zeros(W.shape[1], W.dtype)",
    },
    "relu_forward": {
        "always in place": "def relu_forward(Z, out=None):\n    A = np.maximum(Z, 0, out=Z)\n    return A, A",
        "out= ignored": "def relu_forward(Z, out=None):\n    A = np.maximum(Z, 0)\n    return A, A",
        "leaky": "def relu_forward(Z, out=None):\n    A = np.where(Z > 0, Z, 0.01 * Z)\n    return A, A",
        "the cache holds Z": "def relu_forward(Z, out=None):\n    A = np.maximum(Z, 0, out=out)\n    return A, Z",
        "float64 out": "def relu_forward(Z, out=None):\n    A = np.maximum(Z.astype(np.float64), 0)\n"
                       "    if out is not None:\n        out[...] = A\n        A = out\n    return A, A",
        "the identity": "def relu_forward(Z, out=None):\n    return Z, Z",
    },
    "relu_backward": {
        "mask from dout": "def relu_backward(dout, cache):\n    return dout * (dout > 0)",
        "mask >= 0 (always 1 on A)": "def relu_backward(dout, cache):\n    return dout * (cache >= 0)",
        "the identity": "def relu_backward(dout, cache):\n    return dout",
        "the mask itself": "def relu_backward(dout, cache):\n    return (cache > 0).astype(dout.dtype)",
        "zeroes dout in place": "def relu_backward(dout, cache):\n    dout[cache <= 0] = 0\n    return dout",
        "float64 out": "def relu_backward(dout, cache):\n    return dout * (cache > 0).astype(np.float64)",
        "times A instead of the mask": "def relu_backward(dout, cache):\n    return dout * cache",
    },
    "softmax_cross_entropy": {
        "no max-shift": textwrap.dedent("""\
            def softmax_cross_entropy(logits, y):
                with np.errstate(all="ignore"):
                    exp = np.exp(logits)
                    probs = exp / exp.sum(axis=1, keepdims=True)
                    loss = float(-np.mean(np.log(probs[np.arange(len(y)), y])))
                probs[np.arange(len(y)), y] -= 1
                return loss, probs / len(y)"""),
        "summed loss": textwrap.dedent("""\
            def softmax_cross_entropy(logits, y):
                loss, d = nnlib_softmax_cross_entropy(logits, y)
                return loss * len(y), d"""),
        "no 1/m in the gradient": textwrap.dedent("""\
            def softmax_cross_entropy(logits, y):
                loss, d = nnlib_softmax_cross_entropy(logits, y)
                return loss, d * len(y)"""),
        "gradient ascent (Y - P)": textwrap.dedent("""\
            def softmax_cross_entropy(logits, y):
                loss, d = nnlib_softmax_cross_entropy(logits, y)
                return loss, -d"""),
        "softmax over the batch axis": textwrap.dedent("""\
            def softmax_cross_entropy(logits, y):
                shifted = logits - logits.max(axis=0, keepdims=True)
                probs = np.exp(shifted) / np.exp(shifted).sum(axis=0, keepdims=True)
                rows = np.arange(len(y))
                loss = float(-np.mean(np.log(probs[rows, y])))
                probs[rows, y] -= 1
                return loss, probs / len(y)"""),
        "shifts the logits in place": textwrap.dedent("""\
            def softmax_cross_entropy(logits, y):
                logits -= logits.max(axis=1, keepdims=True)
                return nnlib_softmax_cross_entropy(logits, y)"""),
        "float64 gradient": textwrap.dedent("""\
            def softmax_cross_entropy(logits, y):
                loss, d = nnlib_softmax_cross_entropy(logits.astype(np.float64), y)
                return loss, d"""),
        "the gradient is P, no - Y": textwrap.dedent("""\
            def softmax_cross_entropy(logits, y):
                shifted = logits - logits.max(axis=1, keepdims=True)
                probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
                loss = float(-np.mean(np.log(probs[np.arange(len(y)), y])))
                return loss, probs / len(y)"""),
    },
    "sgd_step": {
        "only the last layer": textwrap.dedent("""\
            def sgd_step(params, grads, lr):
                (W, b), (dW, db) = params[-1], grads[-1]
                W -= lr * dW
                b -= lr * db"""),
        "only the last layer's bias": textwrap.dedent("""\
            def sgd_step(params, grads, lr):
                params[-1][1][...] -= lr * grads[-1][1]"""),
        "weights only": textwrap.dedent("""\
            def sgd_step(params, grads, lr):
                for (W, b), (dW, db) in zip(params, grads):
                    W -= lr * dW"""),
        "gradient ascent": textwrap.dedent("""\
            def sgd_step(params, grads, lr):
                for (W, b), (dW, db) in zip(params, grads):
                    W += lr * dW
                    b += lr * db"""),
        "new arrays, not in place": textwrap.dedent("""\
            def sgd_step(params, grads, lr):
                for i, ((W, b), (dW, db)) in enumerate(zip(params, grads)):
                    params[i] = (W - lr * dW, b - lr * db)"""),
        "the gradients changed too": textwrap.dedent("""\
            def sgd_step(params, grads, lr):
                for (W, b), (dW, db) in zip(params, grads):
                    dW *= lr
                    db *= lr
                    W -= dW
                    b -= db"""),
        "lr applied twice": textwrap.dedent("""\
            def sgd_step(params, grads, lr):
                for (W, b), (dW, db) in zip(params, grads):
                    W -= lr * lr * dW
                    b -= lr * lr * db"""),
        "nothing": "def sgd_step(params, grads, lr):\n    pass",
    },
    "confusion_matrix": {
        "transposed": textwrap.dedent("""\
            def confusion_matrix(y_true, y_pred, num_classes=10):
                C = np.zeros((num_classes, num_classes), dtype=np.int64)
                np.add.at(C, (y_pred, y_true), 1)
                return C"""),
        "always 10 classes": textwrap.dedent("""\
            def confusion_matrix(y_true, y_pred, num_classes=10):
                C = np.zeros((10, 10), dtype=np.int64)
                np.add.at(C, (y_true, y_pred), 1)
                return C"""),
        "classes counted from the data": textwrap.dedent("""\
            def confusion_matrix(y_true, y_pred, num_classes=10):
                k = int(max(y_true.max(), y_pred.max())) + 1
                C = np.zeros((k, k), dtype=np.int64)
                np.add.at(C, (y_true, y_pred), 1)
                return C"""),
        "classes from np.unique": textwrap.dedent("""\
            def confusion_matrix(y_true, y_pred, num_classes=10):
                classes = np.unique(np.concatenate([y_true, y_pred]))
                index = {c: i for i, c in enumerate(classes)}
                C = np.zeros((len(classes), len(classes)), dtype=np.int64)
                for t, p in zip(y_true, y_pred):
                    C[index[t], index[p]] += 1
                return C"""),
        "fancy-index += (repeats counted once)": textwrap.dedent("""\
            def confusion_matrix(y_true, y_pred, num_classes=10):
                C = np.zeros((num_classes, num_classes), dtype=np.int64)
                C[y_true, y_pred] += 1
                return C"""),
        "rows normalised": textwrap.dedent("""\
            def confusion_matrix(y_true, y_pred, num_classes=10):
                C = np.zeros((num_classes, num_classes))
                np.add.at(C, (y_true, y_pred), 1)
                return C / np.maximum(C.sum(axis=1, keepdims=True), 1)"""),
        "float counts": textwrap.dedent("""\
            def confusion_matrix(y_true, y_pred, num_classes=10):
                C = np.zeros((num_classes, num_classes))
                np.add.at(C, (y_true, y_pred), 1)
                return C"""),
        "sorts the labels in place": textwrap.dedent("""\
            def confusion_matrix(y_true, y_pred, num_classes=10):
                order = np.argsort(y_true)
                y_true[...] = y_true[order]
                y_pred[...] = y_pred[order]
                C = np.zeros((num_classes, num_classes), dtype=np.int64)
                np.add.at(C, (y_true, y_pred), 1)
                return C"""),
    },
}
CATALOGUE = [(name, label) for name, wrongs in WRONG.items() for label in wrongs]


def compile_wrong(name, label):
    """The wrong function `label` of lab function `name`, from its source."""
    namespace = {"np": np, "nnlib_softmax_cross_entropy": nnlib.softmax_cross_entropy}
    exec(WRONG[name][label], namespace)  # noqa: S102 - the catalogue's own source
    return namespace[name]


def lab_with(name, function):
    """A lab module: nnlib's seven functions, with `name` replaced by `function`."""
    module = types.SimpleNamespace(**{n: getattr(nnlib, n) for n in classroom.LAB_FUNCTIONS})
    setattr(module, name, function)
    return module


def test_the_catalogue_covers_every_lab_function():
    assert set(WRONG) == set(classroom.LAB_FUNCTIONS)
    assert all(len(wrongs) >= 6 for wrongs in WRONG.values())


def test_the_teachers_functions_pass():
    assert classroom.grade(nnlib) == dict.fromkeys(classroom.LAB_FUNCTIONS)


@pytest.mark.parametrize(("name", "label"), CATALOGUE, ids=[f"{n}: {w}" for n, w in CATALOGUE])
def test_the_grader_rejects_the_wrong_answer(name, label):
    results = classroom.grade(lab_with(name, compile_wrong(name, label)))
    assert results[name] is not None, f"the grader accepted {name} with {label!r}"
    assert all(error is None for other, error in results.items() if other != name)
