"""The checks of 05's exercises 1 and 2 pass the teacher's answer and reject plausible wrong ones.

Each check cell is taken from the notebook by its nbgrader grade_id and run as the notebook
runs it, after the solution (the teacher's, or one from the catalogue below) has been
defined. The check of exercise 1 trains networks; here it reads small synthetic stand-ins
for the data splits (a few hundred images, ten noisy class templates), so the whole file
runs in seconds. A wrong answer must make the check raise AssertionError, nothing else.
"""
from pathlib import Path

import nbformat
import numpy as np
import pytest

import nnlib

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "05_evaluation.ipynb"


def cell_source(grade_id, notebook=NOTEBOOK):
    """Source of the cell whose nbgrader grade_id is `grade_id`."""
    nb = nbformat.read(notebook, as_version=4)
    found = [cell.source for cell in nb.cells
             if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    assert len(found) == 1, f"{grade_id}: {len(found)} cells"
    return found[0]


def run_check(check, solution, namespace):
    """Define `solution` in `namespace`, then run the check cell there."""
    exec(compile(solution, "<solution>", "exec"), namespace)
    exec(compile(check, "<check>", "exec"), namespace)


# --- Exercise 1 · best epoch or last epoch ---------------------------------------------

def ex1_namespace():
    """What the check of exercise 1 reads, on synthetic images: 640 training, 600 validation."""
    rng = np.random.default_rng(1234)
    templates = rng.random((nnlib.NUM_CLASSES, 784)) < 0.3   # ten random "garments"

    def images(n):
        y = rng.integers(0, nnlib.NUM_CLASSES, size=n)
        X = 0.6 * templates[y] + rng.normal(0, 0.35, size=(n, 784))
        return np.clip(X, 0, 1).astype(np.float32), y

    (X_train, y_train), (X_val, y_val), (X_test, y_test) = images(640), images(600), images(600)
    return dict(np=np, nnlib=nnlib, SEED=0, X_train=X_train, y_train=y_train,
                X_val=X_val, y_val=y_val, X_test=X_test, y_test=y_test)


_EPOCH_LOOP = '''
def best_and_last_weights(params, X, y, X_val, y_val, *, epochs, rng):
    best_params, best_score, val_accs = None, None, []
    for _ in range(epochs):
        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng,
                              X_val=X_val, y_val=y_val)
        val_accs.append(history["val_acc"][0])
        score = {score}
        if best_score is None or score > best_score:
            best_params, best_score = [(W.copy(), b.copy()) for W, b in params], score
    return best_params, val_accs
'''

EX1_WRONG = {
    "returns the final weights": '''
def best_and_last_weights(params, X, y, X_val, y_val, *, epochs, rng):
    history = nnlib.train(params, X, y, epochs=epochs, batch_size=64, lr=0.1, rng=rng,
                          X_val=X_val, y_val=y_val)
    return [(W.copy(), b.copy()) for W, b in params], history["val_acc"]
''',
    "returns the first epoch": '''
def best_and_last_weights(params, X, y, X_val, y_val, *, epochs, rng):
    val_accs = []
    for epoch in range(epochs):
        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng,
                              X_val=X_val, y_val=y_val)
        val_accs.append(history["val_acc"][0])
        if epoch == 0:
            best_params = [(W.copy(), b.copy()) for W, b in params]
    return best_params, val_accs
''',
    "chooses by the lowest training loss": _EPOCH_LOOP.replace("{score}", '-history["train_loss"][0]'),
    "chooses by the training accuracy": _EPOCH_LOOP.replace("{score}", 'history["train_acc"][0]'),
    "chooses on the test set": _EPOCH_LOOP.replace("{score}", "nnlib.evaluate(params, X_test, y_test)[1]"),
    "chooses and measures on the test set": _EPOCH_LOOP.replace(
        "{score}", "nnlib.evaluate(params, X_test, y_test)[1]").replace(
        'val_accs.append(history["val_acc"][0])', "val_accs.append(nnlib.evaluate(params, X_test, y_test)[1])"),
    "keeps the arrays, not copies": _EPOCH_LOOP.replace("{score}", 'history["val_acc"][0]').replace(
        "[(W.copy(), b.copy()) for W, b in params]", "[(W, b) for W, b in params]"),
}


def test_the_teachers_answer_passes_check_1():
    run_check(cell_source("05-ex1-check"), cell_source("05-ex1-solution"), ex1_namespace())


@pytest.mark.parametrize("mistake", EX1_WRONG)
def test_check_1_rejects(mistake):
    with pytest.raises(AssertionError):
        run_check(cell_source("05-ex1-check"), EX1_WRONG[mistake], ex1_namespace())


def test_check_1_never_reads_the_test_set():
    namespace = ex1_namespace()
    del namespace["X_test"], namespace["y_test"]
    run_check(cell_source("05-ex1-check"), cell_source("05-ex1-solution"), namespace)


# --- Exercise 2 · a bootstrap interval for the test accuracy ---------------------------

def ex2_namespace():
    """What the check of exercise 2 reads: 10,000 labels and predictions, 87 % of them right."""
    rng = np.random.default_rng(1234)
    y_test = rng.integers(0, nnlib.NUM_CLASSES, size=10_000)
    test_pred = np.where(rng.random(10_000) < 0.87, y_test, (y_test + 1) % nnlib.NUM_CLASSES)
    return dict(np=np, nnlib=nnlib, SEED=0, y_test=y_test, test_pred=test_pred,
                test_acc=nnlib.accuracy(y_test, test_pred), val_acc=0.875)


_BOOTSTRAP = '''
def bootstrap_interval(y_true, y_pred, *, n_resamples, rng):
    correct = np.asarray(y_true) == np.asarray(y_pred)
    {draw}
    accuracies = correct[resamples].mean(axis=1)
    {interval}
    return float(low), float(high)
'''
_WITH_REPLACEMENT = "resamples = rng.integers(0, len(correct), size=(n_resamples, len(correct)))"
_PERCENTILES = "low, high = np.percentile(accuracies, [2.5, 97.5])"


def _bootstrap(draw=_WITH_REPLACEMENT, interval=_PERCENTILES):
    return _BOOTSTRAP.replace("{draw}", draw).replace("{interval}", interval)


def _normal(half_width, clip=False):
    ends = "max(p - h, 0.0), min(p + h, 1.0)" if clip else "p - h, p + h"
    return f'''
def bootstrap_interval(y_true, y_pred, *, n_resamples, rng):
    p = np.mean(np.asarray(y_true) == np.asarray(y_pred))
    h = {half_width}
    return {ends}
'''


EX2_WRONG = {
    "a 90 % interval": _bootstrap(interval="low, high = np.percentile(accuracies, [5, 95])"),
    "the plain normal approximation": _normal("1.96 * np.sqrt(p * (1 - p) / len(y_true))"),
    "the normal approximation clipped to [0, 1]": _normal("1.96 * np.sqrt(p * (1 - p) / len(y_true))", clip=True),
    "a zero width": _normal("0.0"),
    "a width missing the sqrt": _normal("1.96 * p * (1 - p) / len(y_true)"),
    "resamples drawn without replacement": _bootstrap(
        draw="resamples = np.stack([rng.permutation(len(correct)) for _ in range(n_resamples)])"),
    "one standard deviation either side": _bootstrap(
        interval="low, high = accuracies.mean() - accuracies.std(), accuracies.mean() + accuracies.std()"),
    "percentiles given as fractions": _bootstrap(
        interval="low, high = np.percentile(accuracies, [0.025, 0.975])"),
    "a fresh generator instead of rng": _bootstrap(
        draw="resamples = np.random.default_rng().integers(0, len(correct), size=(n_resamples, len(correct)))"),
}


def test_the_teachers_answer_passes_check_2():
    run_check(cell_source("05-ex2-check"), cell_source("05-ex2-solution"), ex2_namespace())


@pytest.mark.parametrize("mistake", EX2_WRONG)
def test_check_2_rejects(mistake):
    with pytest.raises(AssertionError):
        run_check(cell_source("05-ex2-check"), EX2_WRONG[mistake], ex2_namespace())
