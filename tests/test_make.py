"""tools/make.py, the cross-platform entry point that the Makefile's targets call.

Fast: nothing here executes a notebook or reaches the network. The one real
step run end to end is `data`, which finds the data already present.
"""
import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import make  # noqa: E402
import nbrun  # noqa: E402

MAKE_PY = ROOT / "tools" / "make.py"
support = sys.modules["nnlib_support"]  # loaded by nnlib (conftest)


# --- Where the venv's interpreter is ---------------------------------------------------------------

def test_venv_python_is_where_each_platform_puts_it():
    assert make.venv_python(Path("env"), os_name="posix") == Path("env", "bin", "python")
    assert make.venv_python(Path("env"), os_name="nt") == Path("env", "Scripts", "python.exe")


def test_venv_python_follows_this_platform_by_default():
    expected = "python.exe" if os.name == "nt" else "python"
    assert make.venv_python(Path("env")).name == expected


# --- When a notebook re-runs -----------------------------------------------------------------------

T0 = 1_700_000_000  # seconds: the sources' time; stamps are made 10 s later


def set_time(path, seconds):
    os.utime(path, (seconds, seconds))


@pytest.fixture
def course(tmp_path):
    """A miniature course with every stamp fresh: three notebooks, the library, .make/."""
    notebooks = [tmp_path / "notebooks" / f"{name}.ipynb"
                 for name in ("01_data_exploration", "04_training", "05_evaluation")]
    library = [tmp_path / "nnlib.py", tmp_path / "tools" / "nnlib_support.py"]
    stamp_dir = tmp_path / ".make"
    for path in [*notebooks, *library]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}")
        set_time(path, T0)
    stamp_dir.mkdir()
    for notebook in notebooks:
        stamp = make.notebook_stamp(notebook, stamp_dir)
        stamp.touch()
        set_time(stamp, T0 + 10)

    def to_run():
        return [path.stem for path in make.notebooks_to_run(notebooks, stamp_dir, library)]

    return notebooks, library, stamp_dir, to_run


def test_nothing_runs_when_every_stamp_is_newer(course):
    *_, to_run = course
    assert to_run() == []


def test_an_edited_notebook_runs_alone(course):
    notebooks, _, _, to_run = course
    set_time(notebooks[0], T0 + 20)
    assert to_run() == ["01_data_exploration"]


@pytest.mark.parametrize("which", [0, 1], ids=["nnlib.py", "nnlib_support.py"])
def test_an_edited_library_file_runs_every_notebook(course, which):
    _, library, _, to_run = course
    set_time(library[which], T0 + 20)
    assert to_run() == ["01_data_exploration", "04_training", "05_evaluation"]


def test_evaluation_runs_when_trainings_stamp_is_newer(course):
    _, _, stamp_dir, to_run = course
    set_time(make.notebook_stamp("04_training", stamp_dir), T0 + 20)
    assert to_run() == ["05_evaluation"]


def test_evaluation_runs_after_training_when_training_runs(course):
    notebooks, _, _, to_run = course
    set_time(notebooks[1], T0 + 20)  # its stamp is not touched yet: 05 must still follow
    assert to_run() == ["04_training", "05_evaluation"]


def test_a_missing_stamp_runs_the_notebook(course):
    _, _, stamp_dir, to_run = course
    make.notebook_stamp("01_data_exploration", stamp_dir).unlink()
    assert to_run() == ["01_data_exploration"]


def test_a_stamp_as_old_as_its_source_is_up_to_date(tmp_path):
    source, stamp = tmp_path / "requirements.txt", tmp_path / ".installed"
    for path in (source, stamp):
        path.touch()
        set_time(path, T0)
    assert not make.is_stale(stamp, [source])  # make's rule: only a newer source remakes
    set_time(source, T0 + 1)
    assert make.is_stale(stamp, [source])


def test_the_notebook_glob_and_variables_are_the_ones_the_course_uses():
    assert make.NOTEBOOK_GLOB == nbrun.NOTEBOOK_GLOB
    assert make.SEED_VARIABLE == support.SEED_VARIABLE
    assert make.SAVE_FIGURES_VARIABLE == support.SAVE_FIGURES_VARIABLE
    assert make.course_notebooks() == nbrun.course_notebooks(ROOT / "notebooks")


# --- The environment of check and test --------------------------------------------------------------

def test_check_and_test_run_seed_0_without_saving_figures():
    outer = {"NNLIB_SAVE_FIGURES": "1", "NNLIB_SEED": "3", "PATH": "/bin"}
    env = make.stored_run_environment(outer)
    assert env == {"NNLIB_SEED": "0", "PATH": "/bin"}
    assert outer["NNLIB_SAVE_FIGURES"] == "1"  # the caller's environment is left alone


# --- The Makefile only calls make.py ------------------------------------------------------------------

def makefile_rules():
    """{target: [recipe lines]} and {target: prerequisites} of the Makefile's rules."""
    recipes, prerequisites, target = {}, {}, None
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        if line.startswith("\t"):
            recipes[target].append(line[1:])
            continue
        rule = re.match(r"^([A-Za-z][\w.-]*)\s*:(?![:=])(.*)$", line)
        if rule:
            target = rule.group(1)
            recipes[target], prerequisites[target] = [], rule.group(2).strip()
    return recipes, prerequisites


def test_every_makefile_recipe_is_one_call_of_make_py_with_its_own_target():
    recipes, prerequisites = makefile_rules()
    assert set(recipes) == set(make.TARGETS)
    for target, lines in recipes.items():
        assert len(lines) == 1, f"{target}: {lines}"
        call = re.fullmatch(r"\$\(PYTHON\) tools/make\.py (\S+)(.*)", lines[0])
        assert call and call.group(1) == target, f"{target}: {lines[0]}"
        # The order of the steps lives in make.py: a prerequisite here would say it twice.
        assert prerequisites[target] == "", f"{target}: {prerequisites[target]}"


def test_every_target_is_phony():
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY:(.*)$", text, re.MULTILINE).group(1).split()
    assert sorted(phony) == sorted(make.TARGETS)


# --- The command line ---------------------------------------------------------------------------------

def test_an_unknown_target_is_an_error_naming_it(capsys):
    with pytest.raises(SystemExit) as exit_:
        make.main(["tset"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "unknown target 'tset'" in err and "test" in err


def test_no_target_means_all():
    assert make.parse_args([]).targets == ["all"]


def test_make_py_imports_only_the_standard_library():
    tree = ast.parse(MAKE_PY.read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.level == 0}
    assert imported and imported <= sys.stdlib_module_names, imported - sys.stdlib_module_names


def test_help_works_without_site_packages():
    # -I -S: no site-packages, no PYTHON* variables, as a bare system Python would run it.
    done = subprocess.run([sys.executable, "-I", "-S", str(MAKE_PY), "--help"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert all(target in done.stdout for target in make.TARGETS)


def dry_run(capsys, *argv):
    """The commands `make.py -n --no-venv argv` prints, one string each."""
    assert make.main(["-n", "--no-venv", *argv]) == 0
    return capsys.readouterr().out.splitlines()


def test_each_step_runs_once_in_order(capsys):
    lines = dry_run(capsys, "check", "test")
    steps = ["pip install", "-m ruff check .", str(Path("tools", "download.py")), "not slow", "tests notebooks --nbval"]
    positions = [[i for i, line in enumerate(lines) if step in line] for step in steps]
    assert all(len(found) == 1 for found in positions), lines
    assert [found[0] for found in positions] == sorted(found[0] for found in positions), lines


def test_test_runs_nbval_with_the_makefiles_former_flags(capsys):
    nbval = [line for line in dry_run(capsys, "test") if "--nbval" in line]
    assert nbval[0].endswith("-m pytest -q -p no:cacheprovider tests notebooks --nbval --nbval-current-env "
                             "--nbval-cell-timeout=1800 --nbval-sanitize-with "
                             + str(Path("tests", "nbval_sanitize.cfg")))


def test_robust_passes_the_seeds_and_notebooks(capsys):
    notebook = Path("notebooks", "04_training.ipynb")
    line = dry_run(capsys, "robust", "--seeds", "1", "--notebooks", str(ROOT / notebook))[-1]
    assert line.endswith(f"run_notebooks.py --seeds 1 {notebook}")


def test_student_targets_take_the_folder(capsys, tmp_path):
    lines = dry_run(capsys, "student-verify", "--student", str(tmp_path))
    assert lines[-3].endswith(f"classroom.py student --out {tmp_path}")
    assert lines[-1].endswith(f"classroom.py verify {tmp_path}")


def test_drift_installs_the_newest_allowed_versions_in_a_scratch_venv_it_removes(capsys):
    lines = dry_run(capsys, "drift")
    upgrade = next(line for line in lines if "--upgrade -r requirements.txt" in line)
    scratch = Path(upgrade.split()[0]).parent.parent.parent
    assert scratch.name.startswith("nnlib-drift-") and not scratch.exists()
    assert lines[-2].endswith("-m ruff check .") and "-m pytest" in lines[-1] and "not slow" in lines[-1]
    assert all(line.startswith(str(scratch)) for line in lines[-2:])


def test_a_failing_step_stops_with_its_exit_status_and_name(monkeypatch, capsys):
    monkeypatch.setattr(make.Build, "make_venv", lambda self: None)
    monkeypatch.setattr(make, "lint_command", lambda python: [sys.executable, "-c", "raise SystemExit(3)"])
    assert make.main(["lint", "data"]) == 3
    captured = capsys.readouterr()
    assert captured.err.startswith("tools/make.py: lint failed (exit status 3)")
    assert "download.py" not in captured.out  # nothing after the failure


def test_a_killed_command_exits_like_a_shell_reports_it():
    assert make.exit_status(-9) == 137
    assert make.exit_status(2) == 2


# --- What drift reports --------------------------------------------------------------------------------

def test_version_changes_lists_what_differs_but_not_the_venvs_own_tools():
    installed = {"numpy": "2.1.0", "pandas": "2.2.3", "pip": "23.0", "coverage": "7.0"}
    newest = {"numpy": "2.3.5", "pandas": "2.2.3", "pip": "25.3", "narwhals": "2.0"}
    assert make.version_changes(installed, newest) == [("narwhals", "-", "2.0"), ("numpy", "2.1.0", "2.3.5")]


def test_requirement_names_are_canonical():
    assert make.canonical_name("Jupyter_Client") == "jupyter-client"
    assert {"numpy", "nbval", "ruff", "pytest"} <= make.requirement_names()


# --- One real step ----------------------------------------------------------------------------------------

def test_data_step_runs_for_real_and_finds_the_data():
    python, stamp = make.venv_python(make.VENV), make.VENV / make.INSTALLED_STAMP
    if make.is_stale(stamp, [make.REQUIREMENTS]) or not python.exists():
        pytest.skip("the step would (re)install .venv first: run `make venv`")
    done = subprocess.run([sys.executable, str(MAKE_PY), "data"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == make.format_command([python, Path("tools", "download.py")])
