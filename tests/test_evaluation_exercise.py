"""The checks of 05's exercises 1 and 2 pass the teacher's answer and reject plausible wrong ones.

Each check cell is taken from the notebook by its nbgrader grade_id and run as the notebook
runs it, after the solution (the teacher's, or a wrong one from the catalogue in
tests/exercise_catalogue/nb05.py, which the notebook run tests too) has been defined. The
check of exercise 1 trains networks; here it reads small synthetic stand-ins for the data
splits (a few hundred images, ten noisy class templates), so the whole file runs in
seconds. A wrong answer must make the check raise AssertionError, nothing else.
"""
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

import nnlib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from exercise_catalogue.nb05 import WRONG  # noqa: E402

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


EX1_WRONG = WRONG["05-ex1"]   # the catalogue the notebook run uses too


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


EX2_WRONG = WRONG["05-ex2"]


def test_the_teachers_answer_passes_check_2():
    run_check(cell_source("05-ex2-check"), cell_source("05-ex2-solution"), ex2_namespace())


@pytest.mark.parametrize("mistake", EX2_WRONG)
def test_check_2_rejects(mistake):
    with pytest.raises(AssertionError):
        run_check(cell_source("05-ex2-check"), EX2_WRONG[mistake], ex2_namespace())
