"""The classroom editions of the course, and a grader for the lab.

    python tools/classroom.py student [--out student]     # `make student`: the exercises edition
    python tools/classroom.py lab [--out student-lab]     # `make lab`: the lab edition
    python tools/classroom.py grade [student-lab] [--notebooks]   # `make grade`
    python tools/classroom.py verify [student] [--only 01_data_exploration ...]
    python tools/classroom.py nbgrader-check              # nbgrader itself on the notebooks
    python tools/classroom.py nbgrader-roundtrip [--only ...]  # nbgrader's whole round trip

The course notebooks are the teacher's edition. Each exercise has a solution
cell (nbgrader metadata "solution": true) whose answer sits between the lines
`### BEGIN SOLUTION` and `### END SOLUTION` inside a function body, a locked
check cell ("grade": true) that asserts the answer, and sometimes a Markdown
answer cell with a model answer. nbgrader's own `generate_assignment` accepts
them unchanged; this script writes two editions without nbgrader, each with
every solution region replaced by a stub that raises NotImplementedError, every
model answer by "YOUR ANSWER HERE", all outputs cleared and the cells locked as
nbgrader locks them:

* `student`, the exercises edition: <out>/notebooks/ (all of them), <out>/nnlib.py
  (the full library: only the exercises are open, and a check rejects an answer
  that calls the nnlib function it asks for) and <out>/tools/ (the plumbing).
* `lab`, the lab edition in the style of cs231n's assignment 1: <out>/nnlib.py is
  the lesson with the core kernels (LAB_FUNCTIONS) stubbed, and <out>/notebooks/
  holds notebooks 01-05, which import it: the student's kernels run the
  forward pass of 02, are gradient-checked in 03, train the network in 04 and
  are evaluated in 05. A teacher's cell that computes a kernel inline has a lab
  variant (tools/lab_variants.py) that calls the student's kernel instead, so
  no reference implementation reaches the lab edition. An
  unwritten kernel stops the notebook at its first use, naming the function,
  the section that teaches it and `make grade`.
* `grade` imports <folder>/nnlib.py and checks each lab function against loop
  versions and numerical gradients written here, independent of nnlib, and
  prints a table and a total; with --notebooks it also runs the lab notebooks
  02-05 with the student's kernels.
* `verify` executes an edition's notebooks (tools/nbrun.py, seed 0) and confirms
  that exactly the check cells fail (what `make student-verify` checks in CI).
"""
from __future__ import annotations

import argparse
import ast
import importlib.util
import math
import os
import re
import shutil
import sys
import traceback
from pathlib import Path

import nbformat
import numpy as np
from lab_variants import lab_source  # tools/lab_variants.py: the lab edition's cells
from nbrun import course_notebooks, run_notebook  # tools/nbrun.py, beside this file
from nnlib_support import CSV_FILES, IDX_FILES  # where the data files are named

ROOT = Path(__file__).resolve().parent.parent
# What nnlib.py loads from <its folder>/tools/ (download.py only when it has to download),
# and what the first cell of every notebook calls.
SUPPORT_FILES = ("nnlib_support.py", "download.py", "course_setup.py")
SUPPORT_PATH = 'Path(__file__).resolve().parent / "tools" / "nnlib_support.py"'
SOLUTION_REGION = re.compile(
    r"^(?P<indent>[ \t]*)### BEGIN SOLUTION[ \t]*\n.*?^[ \t]*### END SOLUTION[ \t]*(\n|\Z)",
    re.DOTALL | re.MULTILINE)
ANSWER_STUB = "YOUR ANSWER HERE"
# The lab edition's notebooks (tools/lab_variants.py has its versions of some of their cells).
LAB_NOTEBOOKS = ("01_data_exploration", "02_forward_pass", "03_backprop_derivation", "04_training",
                 "05_evaluation")
# The kernels a student writes in the lab module, and the notebook that teaches each.
LAB_FUNCTIONS = {
    "dense_forward": "02_forward_pass",
    "dense_backward": "03_backprop_derivation",
    "relu_forward": "02_forward_pass",
    "relu_backward": "03_backprop_derivation",
    "softmax_cross_entropy": "03_backprop_derivation",
    "sgd_step": "04_training",
    "confusion_matrix": "05_evaluation",
}
# The start of the heading of the section that derives each (for the stubs' messages).
LAB_SECTIONS = {
    "dense_forward": "3. Layer 1",
    "dense_backward": "3 · The output layer",
    "relu_forward": "3. Layer 1",
    "relu_backward": "4 · Through a ReLU",
    "softmax_cross_entropy": "2 · Softmax and cross-entropy",
    "sgd_step": "One step by hand",
    "confusion_matrix": "The confusion matrix",
}

# The exercises that build on a function of the library. The exercises edition ships the
# whole library, so each asks for what the library does not do (labels as a column, label
# smoothing, a tanh layer under a ReLU layer, one decay per layer, stopping on the
# validation loss, soft targets); its check refuses a call to the function, and its
# wrong-answer catalogue holds the function pasted (tests/exercise_catalogue/), which the
# check rejects by its values.
RECAPS = {
    "02-ex5": "cross_entropy",
    "03-ex1": "softmax_cross_entropy",
    "03-ex2": "loss_and_grads",
    "03-ex3": "loss_and_grads",
    "04-ex1": "train",
    "09-ex5": "softmax_cross_entropy",
}


# ---------------------------------------------------------------------------
# The student edition
# ---------------------------------------------------------------------------

def nbgrader_role(cell):
    """'solution', 'check', 'answer' or None, from the cell's nbgrader metadata."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if meta.get("solution") and cell["cell_type"] == "markdown":
        return "answer"
    if meta.get("solution"):
        return "solution"
    if meta.get("grade") and cell["cell_type"] == "code":
        return "check"
    return None


def stub_source(source, where):
    """`source` with every solution region replaced by a stub; refuses unbalanced markers."""
    stubbed, count = SOLUTION_REGION.subn(
        lambda m: f"{m['indent']}# YOUR CODE HERE\n{m['indent']}raise NotImplementedError()\n",
        source)
    if count == 0 or "### BEGIN SOLUTION" in stubbed or "### END SOLUTION" in stubbed:
        raise ValueError(f"{where}: a solution cell needs matching '### BEGIN SOLUTION' and "
                         "'### END SOLUTION' lines.")
    return stubbed


def student_notebook(path, lab=False):
    """The student edition of one notebook, as an nbformat node; with `lab`, the lab edition's,
    in which the cells of tools/lab_variants.py are replaced (or dropped)."""
    nb = nbformat.read(path, as_version=4)
    if lab:
        cells = []
        for cell in nb.cells:
            replaced, source = lab_source(Path(path).stem, cell)
            if replaced and source is None:
                continue
            if replaced:
                cell.source = source
            cells.append(cell)
        nb.cells = cells
    for index, cell in enumerate(nb.cells):
        role = nbgrader_role(cell)
        if role == "solution":
            cell.source = stub_source(cell.source, f"{path.name}, cell {index}")
        elif role == "answer":
            cell.source = ANSWER_STUB
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        lock_like_nbgrader(cell)
    nb.metadata.pop("widgets", None)  # the stored widget state belongs to the outputs
    return nb


def lock_like_nbgrader(cell):
    """Lock `cell` as nbgrader's release does: a solution cell (code or written answer)
    cannot be deleted; a check cell or any other locked cell cannot be edited either."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if meta.get("solution"):
        cell.metadata["deletable"] = False
    elif meta.get("grade") or meta.get("locked"):
        cell.metadata["deletable"] = cell.metadata["editable"] = False


def teaching_section(name, folder=ROOT / "notebooks"):
    """Where the lab function `name` is derived: 'notebook 02_forward_pass, section "3. Layer 1: ..."'.

    The section is the heading of LAB_FUNCTIONS[name]'s notebook that starts with
    LAB_SECTIONS[name]; ValueError if the notebook has none (a renamed section).
    """
    notebook = LAB_FUNCTIONS[name]
    for cell in nbformat.read(Path(folder) / f"{notebook}.ipynb", as_version=4).cells:
        if cell.cell_type == "markdown":
            for heading in re.findall(r"^#{2,3} (.+)$", cell.source, re.MULTILINE):
                if heading.startswith(LAB_SECTIONS[name]):
                    return f"notebook {notebook}, section '{heading}'"
    raise ValueError(f"{notebook} has no section starting with {LAB_SECTIONS[name]!r} for {name}: "
                     "update LAB_SECTIONS in tools/classroom.py")


def lab_module_source(source=None):
    """nnlib.py with the body of every LAB_FUNCTIONS function replaced by a stub.

    Each stub raises NotImplementedError naming the function, where the course
    teaches it and `make grade`, so an unwritten kernel stops a notebook at its
    first use with that message.
    """
    source = (ROOT / "nnlib.py").read_text(encoding="utf-8") if source is None else source
    if source.count(SUPPORT_PATH) != 1:
        raise ValueError(f"nnlib.py must name its plumbing exactly once as {SUPPORT_PATH}.")
    lines = source.splitlines(keepends=True)
    functions = {node.name: node for node in ast.parse(source).body
                 if isinstance(node, ast.FunctionDef) and node.name in LAB_FUNCTIONS}
    missing = set(LAB_FUNCTIONS) - set(functions)
    if missing:
        raise ValueError(f"nnlib.py has no function(s) {sorted(missing)} for the lab module.")
    # From the bottom up, so earlier line numbers stay valid.
    for name in sorted(functions, key=lambda n: functions[n].lineno, reverse=True):
        node = functions[name]
        body = node.body[1:] if ast.get_docstring(node) else node.body
        first, last = body[0].lineno - 1, node.end_lineno
        indent = " " * body[0].col_offset
        where = teaching_section(name)
        message = f"{name} is yours to write in nnlib.py ({where}); `make grade` checks it"
        lines[first:last] = [f"{indent}# YOUR CODE HERE: {where} derives it.\n",
                             f"{indent}raise NotImplementedError({message!r})\n"]
    header = ('"""LAB EDITION of nnlib.py: write the functions that raise NotImplementedError\n'
              f'({", ".join(LAB_FUNCTIONS)}),\nthen run `make grade` to check them.\n\n')
    text = "".join(lines)
    return header + text[3:] if text.startswith('"""') else header + '"""\n' + text


def _new_edition(out):
    """`out` resolved, with its notebooks/ and tools/ made afresh and the data linked."""
    out = Path(out).resolve()
    if out == ROOT or ROOT.is_relative_to(out):
        raise ValueError(f"--out {out} would overwrite the course itself; pick a new folder.")
    for folder in ("notebooks", "tools"):
        shutil.rmtree(out / folder, ignore_errors=True)
        (out / folder).mkdir(parents=True)
    for name in SUPPORT_FILES:
        if (ROOT / "tools" / name).is_file():
            shutil.copy2(ROOT / "tools" / name, out / "tools" / name)
    # The edition's own data/ (its notebooks save their trained weights there, never into the
    # course's), with links to the data files the course has in data/, not copies.
    if (out / "data").is_symlink():
        (out / "data").unlink()
    (out / "data").mkdir(exist_ok=True)
    data_files = {f"{n}{ext}" for files in IDX_FILES.values() for n in files[:2] for ext in ("", ".gz")}
    for path in sorted((ROOT / "data").glob("*")):
        if path.name in data_files | set(CSV_FILES.values()) and not (out / "data" / path.name).exists():
            (out / "data" / path.name).symlink_to(path.resolve())
    return out


def write_student_edition(out):
    """Write the exercises edition into `out` (replacing an earlier one); returns `out`."""
    out = _new_edition(out)
    for path in course_notebooks(ROOT / "notebooks"):
        nbformat.write(student_notebook(path), out / "notebooks" / path.name)
    shutil.copy2(ROOT / "nnlib.py", out / "nnlib.py")
    return out


def write_lab_edition(out):
    """Write the lab edition into `out` (replacing an earlier one); returns `out`."""
    out = _new_edition(out)
    for path in course_notebooks(ROOT / "notebooks"):
        if path.stem in LAB_NOTEBOOKS:
            nbformat.write(student_notebook(path, lab=True), out / "notebooks" / path.name)
    (out / "nnlib.py").write_text(lab_module_source(), encoding="utf-8")
    return out


# ---------------------------------------------------------------------------
# The grader: each check is independent of nnlib and of the other lab functions
# ---------------------------------------------------------------------------

def _numerical_gradient(f, x, eps=1e-6):
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + eps
        plus = f()
        x[index] = original - eps
        minus = f()
        x[index] = original
        grad[index] = (plus - minus) / (2 * eps)
    return grad


def _close(got, want, what, tol=1e-7):
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    assert got.shape == want.shape, f"{what}: shape {got.shape}, expected {want.shape}"
    error = np.abs(got - want).max() / max(1.0, np.abs(want).max()) if want.size else 0.0
    assert error < tol, f"{what}: off by {error:.2e} (relative)"


def _float32(got, what):
    assert np.asarray(got).dtype == np.float32, (
        f"{what}: float32 in, {np.asarray(got).dtype} out; keep the input's dtype (float32 trains)")


class _Untouched:
    """Copies of the inputs a function must not change; check() says which one it changed."""

    def __init__(self, **arrays):
        self.arrays = arrays
        self.copies = {name: np.array(a, copy=True) for name, a in arrays.items()}

    def check(self):
        for name, array in self.arrays.items():
            assert np.array_equal(array, self.copies[name]), f"it changed its input {name}; leave inputs as they are"


def check_dense_forward(lab, rng):
    X, W, b = rng.normal(size=(5, 7)), rng.normal(size=(7, 4)), rng.normal(size=4)
    inputs = _Untouched(X=X, W=W, b=b)
    Z, cache = lab.dense_forward(X, W, b)
    loops = [[b[j] + sum(X[i, k] * W[k, j] for k in range(7)) for j in range(4)] for i in range(5)]
    _close(Z, loops, "Z")
    assert cache[0] is X and cache[1] is W, "the cache must be (X, W)"
    inputs.check()
    X32, W32, b32 = (a.astype(np.float32) for a in (X, W, b))
    _float32(lab.dense_forward(X32, W32, b32)[0], "Z")


def check_dense_backward(lab, rng):
    X, W, b = rng.normal(size=(5, 7)), rng.normal(size=(7, 4)), rng.normal(size=4)
    dout = rng.normal(size=(5, 4))

    def loss():
        return float(np.sum((X @ W + b) * dout))

    inputs = _Untouched(dout=dout, X=X, W=W)
    dX, dW, db = lab.dense_backward(dout, (X, W))
    inputs.check()
    for got, wrt, name in ((dX, X, "dX"), (dW, W, "dW"), (db, b, "db")):
        _close(got, _numerical_gradient(loss, wrt), name, tol=1e-6)
    no_dX, dW2, db2 = lab.dense_backward(dout, (X, W), need_dX=False)
    assert no_dX is None, "need_dX=False: dX is None"
    _close(dW2, dW, "dW with need_dX=False")
    _close(db2, db, "db with need_dX=False")
    dout32, X32, W32 = (a.astype(np.float32) for a in (dout, X, W))
    for got, name in zip(lab.dense_backward(dout32, (X32, W32)), ("dX", "dW", "db"), strict=True):
        _float32(got, name)


def check_relu_forward(lab, rng):
    Z = rng.normal(size=(4, 6))
    inputs = _Untouched(Z=Z)
    A, cache = lab.relu_forward(Z)
    inputs.check()  # without out=, Z stays as it was
    _close(A, [[max(v, 0.0) for v in row] for row in Z], "A")
    _close(cache, A, "the cache (the ReLU output)")
    Z_in_place = Z.copy()
    A2, _ = lab.relu_forward(Z_in_place, out=Z_in_place)
    assert A2 is Z_in_place, "with out=Z the result must be written into Z"
    _close(A2, A, "A with out=Z")
    _float32(lab.relu_forward(Z.astype(np.float32))[0], "A")


def check_relu_backward(lab, rng):
    Z = rng.normal(size=(4, 6))
    Z[np.abs(Z) < 1e-3] = 0.5  # away from the kink
    dout = rng.normal(size=Z.shape)
    A = np.maximum(Z, 0)
    numeric = _numerical_gradient(lambda: float(np.sum(np.maximum(Z, 0) * dout)), Z)
    inputs = _Untouched(dout=dout, A=A)
    _close(lab.relu_backward(dout, A), numeric, "dZ", tol=1e-6)
    inputs.check()
    _float32(lab.relu_backward(dout.astype(np.float32), A.astype(np.float32)), "dZ")


def check_softmax_cross_entropy(lab, rng):
    logits, y = rng.normal(scale=2, size=(6, 10)), rng.integers(0, 10, size=6)

    def naive_loss():
        return sum(-math.log(math.exp(logits[i, y[i]]) / sum(math.exp(v) for v in logits[i]))
                   for i in range(6)) / 6

    inputs = _Untouched(logits=logits, y=y)
    loss, dlogits = lab.softmax_cross_entropy(logits, y)
    inputs.check()
    _close(loss, naive_loss(), "loss", tol=1e-9)
    _close(dlogits, _numerical_gradient(naive_loss, logits), "dlogits", tol=1e-6)
    big = np.array([[1e4, -1e4, 0.0], [0.0, 0.0, 3e3]])
    loss, dlogits = lab.softmax_cross_entropy(big, np.array([1, 2]))
    assert math.isfinite(loss) and np.isfinite(dlogits).all(), "logits of 1e4 must stay finite"
    _close(loss, 2e4 / 2, "loss at logits of +-1e4", tol=1e-6)
    _float32(lab.softmax_cross_entropy(logits.astype(np.float32), y)[1], "dlogits")


def check_sgd_step(lab, rng):
    shapes = [(6, 5), (5, 3), (3, 2)]  # three layers: every one must move

    def layers():
        return [(rng.normal(size=s).astype(np.float32), rng.normal(size=s[1]).astype(np.float32)) for s in shapes]

    params, grads = layers(), layers()
    before = [(W.copy(), b.copy()) for W, b in params]
    arrays = [array for pair in params for array in pair]
    untouched = _Untouched(**{f"grads[{i}][{j}]": g for i, pair in enumerate(grads) for j, g in enumerate(pair)})
    lab.sgd_step(params, grads, np.float32(0.1))
    untouched.check()
    assert all(x is y for x, y in zip((a for pair in params for a in pair), arrays, strict=True)), \
        "update the arrays in place: params must hold the same arrays afterwards"
    for layer, ((W, b), (W0, b0), (dW, db)) in enumerate(zip(params, before, grads, strict=True), start=1):
        _close(W, W0 - np.float32(0.1) * dW, f"W of layer {layer}", tol=1e-6)
        _close(b, b0 - np.float32(0.1) * db, f"b of layer {layer}", tol=1e-6)
        _float32(W, f"W of layer {layer}")


def _count_loop(y_true, y_pred, num_classes):
    want = np.zeros((num_classes, num_classes), dtype=int)
    for t, p in zip(y_true, y_pred, strict=True):
        want[t, p] += 1
    return want


def check_confusion_matrix(lab, rng):
    y_true, y_pred = rng.integers(0, 10, size=300), rng.integers(0, 10, size=300)
    inputs = _Untouched(y_true=y_true, y_pred=y_pred)
    got = np.asarray(lab.confusion_matrix(y_true, y_pred))
    inputs.check()
    assert np.array_equal(got, _count_loop(y_true, y_pred, 10)), "C[i, j] must count true class i predicted as j"
    assert np.issubdtype(got.dtype, np.integer), f"counts are integers, got {got.dtype}"
    present = np.array([0, 1, 2, 4, 5, 6, 7, 8])  # classes 3 and 9 neither true nor predicted
    absent = rng.choice(present, size=200), rng.choice(present, size=200)
    got = np.asarray(lab.confusion_matrix(*absent))
    assert got.shape == (10, 10), f"with classes absent from the data the matrix is still 10 x 10, got {got.shape}"
    assert np.array_equal(got, _count_loop(*absent, 10)), "a class absent from the data has a row (column) of 0"
    few = rng.integers(0, 3, size=40), rng.integers(0, 3, size=40)
    got = np.asarray(lab.confusion_matrix(*few, num_classes=3))
    assert np.array_equal(got, _count_loop(*few, 3)), "with num_classes=3 the matrix is 3 x 3"


CHECKS = {name: globals()[f"check_{name}"] for name in LAB_FUNCTIONS}


def load_module(path, name="nnlib_lab"):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_lab(folder):
    """<folder>/nnlib.py, the student's lesson module, with <folder>/tools/nnlib_support.py under it."""
    support = Path(folder) / "tools" / "nnlib_support.py"
    if "nnlib_support" not in sys.modules and support.is_file():
        load_module(support, "nnlib_support")
    return load_module(Path(folder) / "nnlib.py")


def grade(module):
    """{function name: None if it passes, else the error in one line}."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check(module, np.random.default_rng(0))
            results[name] = None
        except NotImplementedError:
            results[name] = "not written yet (NotImplementedError)"
        except AssertionError as err:
            results[name] = f"wrong: {err}"
        except Exception as err:  # noqa: BLE001 - a student's code may raise anything
            where = traceback.extract_tb(err.__traceback__)[-1]
            results[name] = f"{type(err).__name__}: {err} (line {where.lineno})"
    return results


def print_grades(results):
    width = max(map(len, results))
    print(f"{'function':{width}}  result")
    for name, error in results.items():
        print(f"{name:{width}}  {'pass' if error is None else 'FAIL  ' + error}")
    passed = sum(error is None for error in results.values())
    print(f"total: {passed} of {len(results)} ({100 * passed / len(results):.0f} %)")


# ---------------------------------------------------------------------------
# Verify: execute the student notebooks
# ---------------------------------------------------------------------------

def failing_cells(path):
    """(indexes of cells that raised, indexes of check cells) after executing `path`.

    A cell that runs out of time, or a kernel that dies, raises RuntimeError
    naming the cell.
    """
    run = run_notebook(path, allow_errors=True)
    if run.error:
        raise RuntimeError(f"{Path(path).name}: {run.error}")
    checks = {i for i, cell in enumerate(run.nb.cells) if nbgrader_role(cell) == "check"}
    return run.failed, checks


def lab_notebook_report(folder, names=LAB_NOTEBOOKS[1:]):
    """Run the lab edition's notebooks `names` with the student's kernels; one line each.

    Returns (lines, all_ran): a notebook "runs" when only exercise check cells fail;
    otherwise the line names the first other cell that failed and its error.
    """
    lines, all_ran = [], True
    for name in names:
        path = Path(folder) / "notebooks" / f"{name}.ipynb"
        run = run_notebook(path, allow_errors=True)
        checks = {i for i, cell in enumerate(run.nb.cells) if nbgrader_role(cell) == "check"}
        broken = sorted(run.failed - checks)
        if run.error is None and not broken:
            lines.append(f"{name:28s} runs with your kernels ({len(run.failed)} exercise checks open)")
            continue
        all_ran = False
        if broken:
            error = next(o for o in run.nb.cells[broken[0]].outputs if o.get("output_type") == "error")
            lines.append(f"{name:28s} stops at cell {broken[0]}: {error.ename}: {error.evalue}")
        else:
            lines.append(f"{name:28s} stops: {run.error.splitlines()[0]}")
    return lines, all_ran


# ---------------------------------------------------------------------------
# nbgrader itself (optional, requirements-teacher.txt)
# ---------------------------------------------------------------------------

def nbgrader_check():
    """Run `nbgrader generate_assignment` on the course in a scratch course folder.

    Returns nbgrader's exit status; prints the command, its output and, per
    notebook, the cells nbgrader replaced by stubs.
    """
    import subprocess
    import tempfile

    bin_dir = Path(sys.executable).parent  # nbgrader calls alembic from PATH
    with tempfile.TemporaryDirectory() as course:
        source = Path(course) / "source" / "fashion_mnist"
        source.mkdir(parents=True)
        for path in course_notebooks(ROOT / "notebooks"):
            shutil.copy2(path, source)
        shutil.copy2(ROOT / "nnlib.py", source)
        (source / "tools").mkdir()
        for name in SUPPORT_FILES:  # nnlib.py loads its plumbing from tools/
            shutil.copy2(ROOT / "tools" / name, source / "tools")
        command = [sys.executable, "-m", "nbgrader", "generate_assignment", "fashion_mnist",
                   "--force", f"--CourseDirectory.root={course}"]
        print("$ nbgrader", " ".join(command[3:]), flush=True)
        env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
        done = subprocess.run(command, cwd=course, env=env, capture_output=True, text=True)
        print(done.stdout + done.stderr, flush=True)
        release = Path(course) / "release" / "fashion_mnist"
        for path in course_notebooks(source):
            released = release / path.name
            if not released.is_file():
                print(f"{path.name}: NOT released")
                return done.returncode or 1
            nb = nbformat.read(released, as_version=4)
            stubs = sum("raise NotImplementedError()" in cell.source for cell in nb.cells)
            leaks = sum("### BEGIN SOLUTION" in cell.source for cell in nb.cells)
            print(f"{path.name}: released, {stubs} solution cells stubbed, {leaks} left")
            if leaks:
                return 1
        return done.returncode


ASSIGNMENT = "fashion_mnist"
NBGRADER_CONFIG = ROOT / "tools" / "nbgrader_config.py"
# Two wrong answers for the round trip's third submission (notebook 01's exercises 1 and 3).
ROUND_TRIP_WRONG = {
    "01-ex1-solution": "def standardise(X_fit, X):\n"
                       "    fit = nnlib.scale_pixels(X_fit, np.float64)\n"
                       "    return (nnlib.scale_pixels(X, np.float64) - fit.mean()) / fit.std()\n",
    "01-ex3-solution": "def background_fraction(X):\n"
                       "    return (X != 0).mean(axis=0).reshape(nnlib.IMAGE_SHAPE)\n",
}


def _nbgrader(course, *args):
    """Run `nbgrader <args>` in the course folder `course`; returns its exit status."""
    import subprocess

    bin_dir = Path(sys.executable).parent  # nbgrader calls alembic from PATH
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("NNLIB_GRADING_CACHE", None)  # the course's configuration decides
    command = [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={course}"]
    print("$ nbgrader", " ".join(args), flush=True)
    done = subprocess.run(command, cwd=course, env=env, capture_output=True, text=True)
    if done.returncode:
        print(done.stdout + done.stderr, flush=True)
    return done.returncode


def _answered(nb, teacher, wrong=None):
    """`nb` (a released notebook) with the teacher's answers pasted in, and `wrong` ones."""
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in teacher.cells
               if c.get("metadata", {}).get("nbgrader", {}).get("solution")}
    answers.update(wrong or {})
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in answers and cell.metadata["nbgrader"].get("solution"):
            cell.source = answers[grade_id]
    return nb


def wrong_answers_points(names=None):
    """The points of the checks that ROUND_TRIP_WRONG's answers fail, in the notebooks `names`."""
    points = 0
    for path in course_notebooks(ROOT / "notebooks"):
        if names and path.stem not in names:
            continue
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade") and meta.get("grade_id", "").replace("-check", "-solution") in ROUND_TRIP_WRONG:
                points += meta.get("points", 0)
    return points


def nbgrader_roundtrip(names=None, config=NBGRADER_CONFIG, grading_cache=None):
    """nbgrader's round trip on the course, in a scratch course folder, with `config`.

    generate_assignment; three submissions (the teacher's answers pasted into the
    release, the release untouched, the teacher's answers with two wrong ones);
    autograde; the gradebook's scores; generate_feedback. `names` limits the
    notebooks (e.g. ["01_data_exploration"]). With `grading_cache` (a folder that
    `make grading-cache` wrote) the course folder gets it as grading_cache/, and the
    configuration turns grading mode on. Prints a score table and autograde's seconds
    per submission; returns {student: (score, max_score)}, or raises RuntimeError if a
    step fails.
    """
    import tempfile
    import time

    from nbgrader.api import Gradebook

    notebooks = [p for p in course_notebooks(ROOT / "notebooks") if not names or p.stem in names]
    with tempfile.TemporaryDirectory() as folder:
        course = Path(folder)
        shutil.copy2(config, course / "nbgrader_config.py")
        if grading_cache is not None:
            shutil.copytree(grading_cache, course / "grading_cache")
        source = course / "source" / ASSIGNMENT
        (source / "tools").mkdir(parents=True)
        for path in notebooks:
            shutil.copy2(path, source)
        shutil.copy2(ROOT / "nnlib.py", source)
        for name in SUPPORT_FILES:
            shutil.copy2(ROOT / "tools" / name, source / "tools")
        if _nbgrader(course, "generate_assignment", ASSIGNMENT, "--force"):
            raise RuntimeError("generate_assignment failed")
        release = course / "release" / ASSIGNMENT
        wrong = {k: v for k, v in ROUND_TRIP_WRONG.items()
                 if any(p.name.startswith(k[:2]) for p in notebooks)}
        students = {"full": {}, "blank": None, "two_wrong": wrong}
        for student, answers in students.items():
            submitted = course / "submitted" / student / ASSIGNMENT
            shutil.copytree(release, submitted)
            if answers is not None:
                for path in notebooks:
                    nb = _answered(nbformat.read(submitted / path.name, as_version=4),
                                   nbformat.read(path, as_version=4), answers)
                    nbformat.write(nb, submitted / path.name)
        start = time.perf_counter()
        if _nbgrader(course, "autograde", ASSIGNMENT, "--create", "--force"):
            raise RuntimeError("autograde failed")
        seconds = time.perf_counter() - start
        print(f"autograde: {seconds:.0f} s for {len(students)} submissions of {len(notebooks)} notebooks, "
              f"{seconds / len(students):.0f} s each (grading mode {'on' if grading_cache else 'off'})",
              flush=True)
        if _nbgrader(course, "generate_feedback", ASSIGNMENT, "--force"):
            raise RuntimeError("generate_feedback failed")
        scores = {}
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
            for student in students:
                submission = gradebook.find_submission(ASSIGNMENT, student)
                scores[student] = (submission.code_score, submission.max_code_score)
                feedback = course / "feedback" / student / ASSIGNMENT
                html = sorted(feedback.glob("*.html"))
                print(f"{student:10s} code score {submission.code_score:5.1f} of "
                      f"{submission.max_code_score:5.1f}   feedback: {len(html)} of {len(notebooks)} notebooks",
                      flush=True)
                if len(html) != len(notebooks):
                    raise RuntimeError(f"feedback missing for {student}")
        return scores


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("student", help="write the exercises edition").add_argument(
        "--out", default="student", help="folder to write (default: student/)")
    sub.add_parser("lab", help="write the lab edition").add_argument(
        "--out", default="student-lab", help="folder to write (default: student-lab/)")
    sub.add_parser("grade", help="grade the lab edition's nnlib.py").add_argument(
        "folder", nargs="?", default="student-lab")
    sub.choices["grade"].add_argument("--notebooks", action="store_true",
                                      help="also run the lab notebooks 02-05 with the student's kernels")
    sub.add_parser("verify", help="execute an edition's notebooks").add_argument(
        "folder", nargs="?", default="student")
    sub.choices["verify"].add_argument(
        "--only", nargs="+", metavar="NOTEBOOK", help="these notebooks only, e.g. 01_data_exploration")
    sub.add_parser("nbgrader-check", help="run nbgrader generate_assignment on the course")
    sub.add_parser("nbgrader-roundtrip", help="nbgrader's round trip: three submissions autograded").add_argument(
        "--only", nargs="+", metavar="NOTEBOOK", help="these notebooks only, e.g. 01_data_exploration")
    sub.choices["nbgrader-roundtrip"].add_argument(
        "--grading-cache", type=Path, metavar="DIR", help="grade in grading mode with this cache (make grading-cache)")
    args = parser.parse_args(argv)
    if args.command == "nbgrader-check":
        return nbgrader_check()
    if args.command == "nbgrader-roundtrip":
        return roundtrip_command(args.only, args.grading_cache)
    if args.command in ("student", "lab"):
        write = write_student_edition if args.command == "student" else write_lab_edition
        out = write(args.out)
        print(f"{'exercises' if args.command == 'student' else 'lab'} edition written to {out}: "
              "notebooks/, nnlib.py, tools/")
        return 0
    folder = Path(args.folder)
    if args.command == "grade":
        if not (folder / "nnlib.py").is_file():
            print(f"{folder}/nnlib.py not found: run `make lab` first.", file=sys.stderr)
            return 2
        print_grades(grade(load_lab(folder)))
        if not args.notebooks:
            print("Your kernels in the notebooks: `make grade NOTEBOOKS=1` runs 02-05 with them "
                  "(a few minutes; 04 trains the reference network).")
            return 0
        lines, all_ran = lab_notebook_report(folder)
        print("\n".join(lines))
        return 0 if all_ran else 1
    return verify_command(folder, args.only, parser)


def roundtrip_command(only, grading_cache=None):
    """`nbgrader-roundtrip`: the round trip and its verdict; exit status 0 if the scores are right."""
    if grading_cache is not None and not grading_cache.is_dir():
        print(f"{grading_cache} is not a folder: run `make grading-cache` first.", file=sys.stderr)
        return 2
    try:
        scores = nbgrader_roundtrip(only, grading_cache=grading_cache)
    except RuntimeError as err:
        print(f"nbgrader round trip: {err}", file=sys.stderr)
        return 1
    full, blank, two_wrong = (scores[s] for s in ("full", "blank", "two_wrong"))
    lost = wrong_answers_points(only)
    ok = full[0] == full[1] > 0 and blank[0] == 0 and two_wrong[0] == full[0] - lost
    print("round trip " + ("ok: full marks, zero, and the two wrong answers' points lost" if ok else "WRONG"))
    return 0 if ok else 1


def verify_command(folder, only, parser):
    """`verify`: execute the edition's notebooks; exit status 1 unless only the check cells fail."""
    notebooks = course_notebooks(folder / "notebooks")
    if not notebooks:
        print(f"{folder}/notebooks/ has no notebooks: run `make student` first.", file=sys.stderr)
        return 2
    if only:
        wanted = {Path(name).stem for name in only}
        unknown = wanted - {path.stem for path in notebooks}
        if unknown:
            parser.error(f"no such student notebook: {', '.join(sorted(unknown))}")
        notebooks = [path for path in notebooks if path.stem in wanted]
    bad = 0
    for path in notebooks:
        try:
            failed, checks = failing_cells(path)
        except RuntimeError as err:
            print(f"{path.name:40s} STUCK: {err}", flush=True)
            bad += 1
            continue
        ok = failed == checks
        bad += not ok
        print(f"{path.name:40s} {'ok' if ok else 'MISMATCH'}: {len(failed)} cells failed, "
              f"{len(checks)} check cells" + ("" if ok else f" (failed {sorted(failed)}, "
                                                         f"checks {sorted(checks)})"), flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
