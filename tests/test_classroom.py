"""The classroom edition: nbgrader markup in the course notebooks, the student
edition that `make student` writes, and the grader of the lab module.

Executing the student notebooks (every exercise's check fails, nothing else
does) takes as long as running the course: CI does it with `make student-verify`;
here `verify` runs on a notebook of two cells.
"""
import ast
import shutil
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import numpy as np
import pytest

import nnlib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import classroom  # noqa: E402

NOTEBOOKS = classroom.course_notebooks(ROOT / "notebooks")


def cells_with_role(nb, role):
    return [(i, cell) for i, cell in enumerate(nb.cells) if classroom.nbgrader_role(cell) == role]


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    return classroom.write_student_edition(tmp_path_factory.mktemp("classroom") / "student")


# --- The markup of the teacher's edition ---------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_exercise_has_a_locked_check_after_its_solution(path):
    nb = nbformat.read(path, as_version=4)
    ids = [cell.metadata["nbgrader"]["grade_id"] for cell in nb.cells if "nbgrader" in cell.metadata]
    assert len(ids) == len(set(ids)), f"duplicate grade_id in {path.name}"
    checks = dict((cell.metadata.nbgrader.grade_id, i) for i, cell in cells_with_role(nb, "check"))
    for i, cell in cells_with_role(nb, "solution"):
        meta = cell.metadata.nbgrader
        assert meta.schema_version == 3 and not meta.locked and not meta.grade
        check_id = meta.grade_id.replace("-solution", "-check")
        assert check_id in checks and checks[check_id] > i, f"{meta.grade_id} has no check after it"
    for _, cell in cells_with_role(nb, "check"):
        meta = cell.metadata.nbgrader
        assert meta.locked and not meta.solution and meta.points > 0 and meta.schema_version == 3
        assert "assert" in cell.source
    for _, cell in cells_with_role(nb, "answer"):
        assert cell.metadata.nbgrader.points > 0 and cell.source.strip()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_solution_regions_sit_inside_functions(path):
    # Then the student's unanswered cell only defines a stub, and nothing fails
    # before the check calls it.
    nb = nbformat.read(path, as_version=4)
    for i, cell in cells_with_role(nb, "solution"):
        tree = ast.parse(classroom.stub_source(cell.source, f"{path.name} cell {i}"))
        allowed = (ast.FunctionDef, ast.Import, ast.ImportFrom)
        assert all(isinstance(node, allowed) or (isinstance(node, ast.Expr) and isinstance(
            node.value, ast.Constant)) for node in tree.body), f"{path.name} cell {i} computes at top level"
        stubs = [node for node in ast.walk(tree) if isinstance(node, ast.Raise)]
        assert stubs, f"{path.name} cell {i}: no stub"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_solution_markers_appear_only_in_solution_cells(path):
    # nbgrader's generate_assignment looks for the markers in every cell, prose included,
    # and stops with "no end solution statement found" at a sentence that quotes one.
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if classroom.nbgrader_role(cell) != "solution":
            assert "BEGIN SOLUTION" not in cell.source and "END SOLUTION" not in cell.source, \
                f"{path.name} cell {i} quotes a solution marker"


def test_the_course_has_exercises_in_every_notebook():
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        assert cells_with_role(nb, "solution") and cells_with_role(nb, "check"), path.name


# --- make student ------------------------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_the_student_edition_has_stubs_and_no_solutions(edition, path):
    teacher = nbformat.read(path, as_version=4)
    student = nbformat.read(edition / "notebooks" / path.name, as_version=4)
    assert len(student.cells) == len(teacher.cells)
    for (i, theirs), (_, ours) in zip(cells_with_role(teacher, "solution"),
                                      cells_with_role(student, "solution")):
        assert "### BEGIN SOLUTION" not in ours.source and "raise NotImplementedError()" in ours.source
        region = classroom.SOLUTION_REGION.search(theirs.source).group(0)
        hidden = [line.strip() for line in region.splitlines()[1:-1] if len(line.strip()) > 12]
        assert not any(line in ours.source for line in hidden), f"cell {i} leaks its solution"
    for _, cell in cells_with_role(student, "answer"):
        assert cell.source == classroom.ANSWER_STUB
    for cell in student.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            if classroom.nbgrader_role(cell) is None:  # every other cell is the teacher's
                assert cell.source in {c.source for c in teacher.cells}


def test_the_student_edition_brings_the_full_library_and_the_lab(edition):
    assert (edition / "nnlib.py").read_text() == (ROOT / "nnlib.py").read_text()
    lab = classroom.load_module(edition / "lab" / "nnlib.py", "nnlib_lab_test")
    for name in classroom.LAB_FUNCTIONS:
        function = getattr(lab, name)
        arity = function.__code__.co_argcount - len(function.__defaults__ or ())
        with pytest.raises(NotImplementedError):
            function(*[None] * arity)
    assert lab.softmax is not None and lab.train is not None  # the rest is untouched


def test_the_student_edition_brings_the_plumbing_nnlib_loads(edition):
    for name in classroom.SUPPORT_FILES:
        if (ROOT / "tools" / name).is_file():
            assert (edition / "tools" / name).read_text() == (ROOT / "tools" / name).read_text()
    assert (edition / "tools" / "nnlib_support.py").is_file()
    assert not (edition / "lab" / "tools").exists()  # one copy, for both nnlib.py files


def python(*args, cwd):
    """Run this venv's Python in a fresh process (no nnlib_support already imported)."""
    done = subprocess.run([sys.executable, *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_both_libraries_of_the_edition_load_their_own_plumbing(edition, tmp_path):
    load = ("import importlib.util, sys\n"
            "spec = importlib.util.spec_from_file_location('nnlib', sys.argv[1])\n"
            "module = importlib.util.module_from_spec(spec)\n"
            "spec.loader.exec_module(module)\n"
            "print(sys.modules['nnlib_support'].__file__, module.softmax is not None)\n")
    for library in (edition / "nnlib.py", edition / "lab" / "nnlib.py"):
        out = python("-c", load, library, cwd=tmp_path)
        assert out.split() == [str(edition / "tools" / "nnlib_support.py"), "True"], library


def test_the_lab_module_finds_the_plumbing_one_folder_up():
    lab = classroom.lab_module_source()
    assert 'Path(__file__).resolve().parent.parent / "tools" / "nnlib_support.py"' in lab
    with pytest.raises(ValueError, match="plumbing"):
        classroom.lab_module_source((ROOT / "nnlib.py").read_text().replace('"tools"', '"lib"'))


def test_the_student_edition_never_overwrites_the_course():
    with pytest.raises(ValueError, match="overwrite the course"):
        classroom.write_student_edition(ROOT)


def test_unbalanced_solution_markers_are_refused():
    with pytest.raises(ValueError, match="matching"):
        classroom.stub_source("def f():\n    ### BEGIN SOLUTION\n    return 1\n", "cell 3")


# --- make grade ----------------------------------------------------------------------

def test_the_grader_scores_the_stubs_0_and_nnlib_100(edition):
    stubs = classroom.grade(classroom.load_module(edition / "lab" / "nnlib.py", "nnlib_lab_grade"))
    assert all("NotImplementedError" in error for error in stubs.values())
    assert set(stubs) == set(classroom.LAB_FUNCTIONS)
    assert classroom.grade(nnlib) == dict.fromkeys(classroom.LAB_FUNCTIONS)


def _with(**functions):
    module = types.SimpleNamespace(**{name: getattr(nnlib, name) for name in classroom.LAB_FUNCTIONS})
    vars(module).update(functions)
    return module


def _softmax_ce_without_the_shift(logits, y):
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        exp = np.exp(logits)
        probs = exp / exp.sum(axis=1, keepdims=True)
        loss = float(-np.mean(np.log(probs[np.arange(len(y)), y])))
    dlogits = probs.copy()
    dlogits[np.arange(len(y)), y] -= 1
    return loss, dlogits / len(y)


def _sgd_that_rebinds(params, grads, lr):
    for i, ((W, b), (dW, db)) in enumerate(zip(params, grads)):
        params[i] = (W - lr * dW, b - lr * db)


BUGS = {
    "dense_backward": lambda dout, cache, need_dX=True: (dout @ cache[1].T, cache[0].T @ dout,
                                                         dout.sum(axis=0) / len(dout)),
    "relu_backward": lambda dout, cache: dout * (cache >= 0),
    "softmax_cross_entropy": _softmax_ce_without_the_shift,
    "sgd_step": _sgd_that_rebinds,
    "confusion_matrix": lambda y_true, y_pred: nnlib.confusion_matrix(y_pred, y_true),
}


@pytest.mark.parametrize("name", BUGS)
def test_the_grader_catches_a_classic_bug(name):
    results = classroom.grade(_with(**{name: BUGS[name]}))
    assert results[name] is not None, f"the grader missed a buggy {name}"
    assert all(error is None for other, error in results.items() if other != name)


def test_grade_command_prints_a_table_and_a_total(edition, capsys):
    assert classroom.main(["grade", str(edition)]) == 0
    out = capsys.readouterr().out
    assert "dense_forward" in out and "total: 0 of 7 (0 %)" in out


def test_make_grade_scores_the_stubs_0_and_a_copy_of_nnlib_7(edition, tmp_path):
    script = ROOT / "tools" / "classroom.py"
    assert "total: 0 of 7 (0 %)" in python(script, "grade", edition, cwd=tmp_path)
    solved = shutil.copytree(edition, tmp_path / "solved", symlinks=True)
    shutil.copy2(ROOT / "nnlib.py", solved / "lab" / "nnlib.py")  # looks in lab/tools/
    assert "total: 7 of 7 (100 %)" in python(script, "grade", solved, cwd=tmp_path)


# --- verify ----------------------------------------------------------------------------

def _exercise_notebook(check_passes):
    solution = nbformat.v4.new_code_cell("def double(x):\n    # YOUR CODE HERE\n"
                                         "    raise NotImplementedError()")
    check = nbformat.v4.new_code_cell("assert double(2) == 4")
    solution.metadata["nbgrader"] = {"solution": True, "grade": False, "grade_id": "ex-solution"}
    check.metadata["nbgrader"] = {"solution": False, "grade": True, "grade_id": "ex-check"}
    cells = [nbformat.v4.new_code_cell("x = 1"), solution, check]
    if not check_passes:
        cells.append(nbformat.v4.new_code_cell("1 / 0"))  # a cell that must not fail
    return nbformat.v4.new_notebook(cells=cells)


def test_verify_runs_the_named_notebooks_and_wants_only_the_checks_to_fail(tmp_path, capsys):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "lab").mkdir()
    (tmp_path / "lab" / "nnlib.py").touch()
    nbformat.write(_exercise_notebook(True), tmp_path / "notebooks" / "01_good.ipynb")
    nbformat.write(_exercise_notebook(False), tmp_path / "notebooks" / "02_bad.ipynb")
    assert classroom.main(["verify", str(tmp_path), "--only", "01_good"]) == 0
    out = capsys.readouterr().out
    assert "01_good.ipynb" in out and "ok: 1 cells failed, 1 check cells" in out
    assert "02_bad" not in out
    assert classroom.main(["verify", str(tmp_path), "--only", "02_bad.ipynb"]) == 1
    assert "MISMATCH" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        classroom.main(["verify", str(tmp_path), "--only", "03_missing"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_the_student_edition_locks_cells_as_nbgrader_does(path):
    # nbgrader's release: check cells can be neither edited nor deleted; a student
    # answers in solution cells, which stay editable but cannot be deleted.
    nb = classroom.student_notebook(path)
    checks, solutions = cells_with_role(nb, "check"), cells_with_role(nb, "solution") + cells_with_role(nb, "answer")
    assert checks and solutions
    for _, cell in checks:
        assert cell.metadata.get("editable") is False and cell.metadata.get("deletable") is False
    for _, cell in solutions:
        assert cell.metadata.get("deletable") is False and cell.metadata.get("editable", True) is True
    others = [cell for cell in nb.cells if "nbgrader" not in cell.metadata]
    assert all("editable" not in cell.metadata and "deletable" not in cell.metadata for cell in others)


def test_the_shipped_nbgrader_config_lets_every_cell_finish():
    # nbgrader's own default of 30 s per cell interrupts 04's reference run; the course's
    # executor allows CELL_TIMEOUT, and so must the configuration teachers copy.
    from nbrun import CELL_TIMEOUT
    from traitlets.config import Config

    config = Config()
    exec(classroom.NBGRADER_CONFIG.read_text(encoding="utf-8"), {"get_config": lambda: config})  # noqa: S102
    assert config.Execute.timeout >= CELL_TIMEOUT


def test_the_round_trips_wrong_answers_cost_exactly_their_checks_points():
    assert classroom.wrong_answers_points(["01_data_exploration"]) > 0
    assert classroom.wrong_answers_points(["02_forward_pass"]) == 0
