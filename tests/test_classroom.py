"""The classroom edition: nbgrader markup in the course notebooks, the student
edition that `make student` writes, and the grader of the lab module.

Executing the student notebooks (every exercise's check fails, nothing else
does) takes as long as running the course: CI does it with `make student-verify`;
here `verify` runs on a notebook of two cells.
"""
import ast
import os
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
import lab_variants  # noqa: E402

NOTEBOOKS = classroom.course_notebooks(ROOT / "notebooks")


def cells_with_role(nb, role):
    return [(i, cell) for i, cell in enumerate(nb.cells) if classroom.nbgrader_role(cell) == role]


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    return classroom.write_student_edition(tmp_path_factory.mktemp("classroom") / "student")


@pytest.fixture(scope="module")
def lab_edition(tmp_path_factory):
    return classroom.write_lab_edition(tmp_path_factory.mktemp("classroom") / "student-lab")


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


def test_the_exercises_edition_brings_the_full_library(edition):
    assert (edition / "nnlib.py").read_text() == (ROOT / "nnlib.py").read_text()
    assert not (edition / "lab").exists()
    assert [p.stem for p in classroom.course_notebooks(edition / "notebooks")] == [p.stem for p in NOTEBOOKS]


def test_the_lab_editions_nnlib_is_the_lesson_with_each_kernel_a_stub_that_says_what_to_do(lab_edition):
    lab = classroom.load_module(lab_edition / "nnlib.py", "nnlib_lab_test")
    for name in classroom.LAB_FUNCTIONS:
        function = getattr(lab, name)
        arity = function.__code__.co_argcount - len(function.__defaults__ or ())
        with pytest.raises(NotImplementedError) as raised:
            function(*[None] * arity)
        message = str(raised.value)
        assert message.startswith(f"{name} is yours to write in nnlib.py")
        assert classroom.LAB_FUNCTIONS[name] in message and classroom.LAB_SECTIONS[name] in message
        assert "`make grade`" in message
    assert lab.softmax is not None and lab.train is not None  # the rest of the lesson is there


def test_the_lab_edition_holds_notebooks_01_to_05(lab_edition):
    assert [p.stem for p in classroom.course_notebooks(lab_edition / "notebooks")] == list(classroom.LAB_NOTEBOOKS)


def reference_lines():
    """The statements of nnlib's lab functions, one per line, as a reference implementation has them."""
    source = (ROOT / "nnlib.py").read_text(encoding="utf-8")
    lines = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name in classroom.LAB_FUNCTIONS:
            body = node.body[1:] if ast.get_docstring(node) else node.body
            for statement in body:
                for line in ast.unparse(statement).splitlines():
                    if len(line.strip()) > 12 and not line.strip().startswith(("for ", "return A, A")):
                        lines.add(" ".join(line.split()))
    return lines


def test_nothing_in_the_lab_edition_holds_a_reference_body_of_a_graded_function(lab_edition):
    lines = reference_lines()
    assert len(lines) >= 10
    for path in lab_edition.rglob("*"):
        if path.is_file() and path.suffix in (".py", ".ipynb") and "data" not in path.parts:
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".ipynb":
                text = "\n".join(cell.source for cell in nbformat.reads(text, as_version=4).cells)
            flat = {" ".join(line.split()) for line in text.splitlines()}
            found = lines & flat
            assert not found, f"{path.relative_to(lab_edition)} holds {sorted(found)}"


def test_every_lab_variant_is_for_the_teachers_cell_as_it_is_now():
    # A teacher who changes a cell that has a lab variant is told to look at the variant.
    for notebook, variants in lab_variants.VARIANTS.items():
        cells = {cell.id: cell for cell in nbformat.read(ROOT / "notebooks" / f"{notebook}.ipynb", as_version=4).cells}
        for cell_id in variants:
            assert cell_id in cells, f"{notebook}: no cell {cell_id} any more"
            assert lab_variants.lab_source(notebook, cells[cell_id])[0]


def test_a_lab_variant_replaces_or_drops_the_teachers_cell_only_in_the_lab_edition(tmp_path, monkeypatch):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("dW = X.T @ dZ"),
                                         nbformat.v4.new_code_cell("loop = 1"), nbformat.v4.new_code_cell("x = 2")])
    ids = [cell.id for cell in nb.cells]
    nbformat.write(nb, tmp_path / "02_demo.ipynb")
    fp = lab_variants.fingerprint
    monkeypatch.setitem(lab_variants.VARIANTS, "02_demo", {
        ids[0]: (fp("dW = X.T @ dZ"), "_, dW, _ = nnlib.dense_backward(dZ, (X, W))"), ids[1]: (fp("loop = 1"), None)})
    assert [c.source for c in classroom.student_notebook(tmp_path / "02_demo.ipynb").cells] == [
        "dW = X.T @ dZ", "loop = 1", "x = 2"]
    lab = classroom.student_notebook(tmp_path / "02_demo.ipynb", lab=True)
    assert [c.source for c in lab.cells] == ["_, dW, _ = nnlib.dense_backward(dZ, (X, W))", "x = 2"]
    nb.cells[0].source = "dW = X.T @ dZ  # changed"
    nbformat.write(nb, tmp_path / "02_demo.ipynb")
    with pytest.raises(ValueError, match="update VARIANTS"):
        classroom.student_notebook(tmp_path / "02_demo.ipynb", lab=True)


def test_both_editions_bring_the_plumbing(edition, lab_edition):
    for folder in (edition, lab_edition):
        for name in classroom.SUPPORT_FILES:
            assert (folder / "tools" / name).read_text() == (ROOT / "tools" / name).read_text()


def python(*args, cwd):
    """Run this venv's Python in a fresh process (no nnlib_support already imported)."""
    done = subprocess.run([sys.executable, *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_each_editions_library_loads_its_own_plumbing(edition, lab_edition, tmp_path):
    load = ("import importlib.util, sys\n"
            "spec = importlib.util.spec_from_file_location('nnlib', sys.argv[1])\n"
            "module = importlib.util.module_from_spec(spec)\n"
            "spec.loader.exec_module(module)\n"
            "print(sys.modules['nnlib_support'].__file__, module.softmax is not None)\n")
    for folder in (edition, lab_edition):
        out = python("-c", load, folder / "nnlib.py", cwd=tmp_path)
        assert out.split() == [str(folder / "tools" / "nnlib_support.py"), "True"], folder


def test_every_stub_names_a_section_the_notebook_has(tmp_path):
    for name in classroom.LAB_FUNCTIONS:
        assert classroom.LAB_SECTIONS[name] in classroom.teaching_section(name)
    renamed = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("## 3. Another title")])
    nbformat.write(renamed, tmp_path / "02_forward_pass.ipynb")
    with pytest.raises(ValueError, match="LAB_SECTIONS"):
        classroom.teaching_section("dense_forward", folder=tmp_path)


def test_no_edition_overwrites_the_course():
    for write in (classroom.write_student_edition, classroom.write_lab_edition):
        with pytest.raises(ValueError, match="overwrite the course"):
            write(ROOT)


def test_unbalanced_solution_markers_are_refused():
    with pytest.raises(ValueError, match="matching"):
        classroom.stub_source("def f():\n    ### BEGIN SOLUTION\n    return 1\n", "cell 3")


# --- make grade ----------------------------------------------------------------------

def test_the_grader_scores_the_stubs_0_and_nnlib_100(lab_edition):
    stubs = classroom.grade(classroom.load_module(lab_edition / "nnlib.py", "nnlib_lab_grade"))
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


def test_grade_command_prints_a_table_and_a_total(lab_edition, capsys):
    assert classroom.main(["grade", str(lab_edition)]) == 0
    out = capsys.readouterr().out
    assert "dense_forward" in out and "total: 0 of 7 (0 %)" in out


def test_make_grade_scores_the_stubs_0_and_a_copy_of_nnlib_7(lab_edition, tmp_path):
    script = ROOT / "tools" / "classroom.py"
    assert "total: 0 of 7 (0 %)" in python(script, "grade", lab_edition, cwd=tmp_path)
    solved = shutil.copytree(lab_edition, tmp_path / "solved", symlinks=True)
    shutil.copy2(ROOT / "nnlib.py", solved / "nnlib.py")  # the teacher's kernels pasted in
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
    namespace = {"get_config": lambda: config, "__file__": str(classroom.NBGRADER_CONFIG)}  # as traitlets runs it
    saved = os.environ.pop("NNLIB_GRADING_CACHE", None)
    try:
        exec(classroom.NBGRADER_CONFIG.read_text(encoding="utf-8"), namespace)  # noqa: S102
        assert config.Execute.timeout >= CELL_TIMEOUT
        # grading mode: the results of the long runs beside the configuration file
        assert os.environ["NNLIB_GRADING_CACHE"] == str(classroom.NBGRADER_CONFIG.parent / "grading_cache")
    finally:
        os.environ.pop("NNLIB_GRADING_CACHE", None)
        if saved is not None:
            os.environ["NNLIB_GRADING_CACHE"] = saved


def test_the_round_trips_wrong_answers_cost_exactly_their_checks_points():
    assert classroom.wrong_answers_points(["01_data_exploration"]) > 0
    assert classroom.wrong_answers_points(["02_forward_pass"]) == 0


@pytest.mark.slow
def test_the_lab_notebooks_stop_at_the_first_stub_and_run_on_the_teachers_kernels(lab_edition, tmp_path):
    lines, all_ran = classroom.lab_notebook_report(lab_edition)
    assert not all_ran and len(lines) == len(classroom.LAB_NOTEBOOKS) - 1
    for line in lines:  # each stops at its first kernel, with the stub's message
        assert "NotImplementedError" in line and "is yours to write in nnlib.py" in line, line
        assert "`make grade` checks it" in line
    solved = shutil.copytree(lab_edition, tmp_path / "solved", symlinks=True)
    shutil.copy2(ROOT / "nnlib.py", solved / "nnlib.py")  # the teacher's kernels pasted in
    lines, all_ran = classroom.lab_notebook_report(solved)
    assert all_ran, "\n".join(lines)  # 02-05 top to bottom; 05 asserts 04's test accuracy band
    assert (solved / "data" / "reference_model_seed0.npz").is_file()  # 04 trained its own weights
