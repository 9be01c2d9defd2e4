"""Every exercise's check rejects plausible wrong answers: the catalogue in tests/exercise_catalogue/.

For each notebook with a catalogue, the notebook runs once (seed 0, its teacher's
answers), and right after each exercise's check cell a probe cell defines each
wrong answer in turn, runs the check cell's code again and records whether it
raised; then it puts the teacher's answer back for the cells below. The test
asserts that the teacher's answers pass (the notebook runs) and that every
wrong answer is rejected. Slow: it executes whole notebooks.
"""
import importlib
import json
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from nbrun import course_notebooks, kernel_env, notebook_client  # noqa: E402

CATALOGUES = sorted((ROOT / "tests" / "exercise_catalogue").glob("nb[0-9][0-9].py"))
RESULTS = "_catalogue_results"


def catalogue(number):
    """WRONG of tests/exercise_catalogue/nb<number>.py."""
    return importlib.import_module(f"exercise_catalogue.nb{number}").WRONG


def cells_by_id(nb):
    return {cell.metadata["nbgrader"]["grade_id"]: cell for cell in nb.cells if "nbgrader" in cell.metadata}


def probe_source(exercise, wrongs, check, solution):
    """A cell that runs `check` against each wrong answer, then restores `solution`."""
    return "\n".join([
        f"{RESULTS}[{exercise!r}] = {{}}",
        f"for _label, _wrong in {wrongs!r}.items():",
        "    try:",
        "        exec(_wrong, globals())",
        f"        exec({check!r}, globals())",
        "    except Exception as _error:  # the check failed: the wrong answer is rejected",
        f"        {RESULTS}[{exercise!r}][_label] = 'rejected: ' + type(_error).__name__",
        "    else:",
        f"        {RESULTS}[{exercise!r}][_label] = 'ACCEPTED'",
        f"exec({solution!r}, globals())  # the teacher's answer again, for the cells below",
    ])


def probed_notebook(path, wrong):
    """The notebook with a probe cell after the check of every exercise in `wrong`."""
    nb = nbformat.read(path, as_version=4)
    by_id = cells_by_id(nb)
    cells = [nbformat.v4.new_code_cell(f"{RESULTS} = {{}}")]
    for cell in nb.cells:
        cells.append(cell)
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        exercise = grade_id.removesuffix("-check")
        if grade_id.endswith("-check") and exercise in wrong:
            solution = by_id[f"{exercise}-solution"].source
            cells.append(nbformat.v4.new_code_cell(probe_source(exercise, wrong[exercise], cell.source, solution)))
    cells.append(nbformat.v4.new_code_cell(f"import json\nprint(json.dumps({RESULTS}))"))
    nb.cells = cells
    return nb


def test_every_catalogue_names_real_exercises():
    sys.path.insert(0, str(ROOT / "tests"))
    for path in CATALOGUES:
        number = path.stem[2:]
        notebook = next(p for p in course_notebooks(ROOT / "notebooks") if p.name.startswith(number))
        ids = cells_by_id(nbformat.read(notebook, as_version=4))
        for exercise, wrongs in catalogue(number).items():
            assert f"{exercise}-solution" in ids and f"{exercise}-check" in ids, exercise
            assert len(wrongs) >= 5, f"{exercise}: {len(wrongs)} wrong answers, want at least 5"


def test_the_library_answers_no_exercise_each_that_builds_on_it_rejects_it_pasted():
    """The exercises edition ships the whole of nnlib.py. Where an exercise builds on one of
    its functions (classroom.RECAPS), its catalogue holds that function pasted (a copy that
    forbidden() cannot see), so the slow test below proves the check rejects the library's
    own code by its values: the library computes something else than the answer."""
    import classroom
    from exercise_catalogue import pasted
    assert classroom.RECAPS
    for exercise, function in classroom.RECAPS.items():
        wrongs = catalogue(exercise[:2]).get(exercise, {})
        label = f"nnlib's {function}, pasted"
        assert label in wrongs, f"{exercise}: no wrong answer {label!r} in its catalogue"
        made_by_pasted = pasted(function, "_library") in wrongs[label]
        assert made_by_pasted, f"{exercise}: {label!r} is not pasted({function!r}, '_library')"


@pytest.mark.slow
@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.stem)
def test_each_check_rejects_every_wrong_answer_of_the_catalogue(path, tmp_path):
    sys.path.insert(0, str(ROOT / "tests"))
    number = path.stem[2:]
    notebook = next(p for p in course_notebooks(ROOT / "notebooks") if p.name.startswith(number))
    wrong = catalogue(number)
    nb = probed_notebook(notebook, wrong)
    notebook_client(nb, notebook.parent, timeout=1800).execute(env=kernel_env())
    results = json.loads(nb.cells[-1].outputs[0]["text"])
    assert set(results) == set(wrong)
    accepted = [(exercise, label) for exercise, labels in results.items()
                for label, verdict in labels.items() if verdict == "ACCEPTED"]
    assert accepted == [], f"checks that accepted a wrong answer: {accepted}"
