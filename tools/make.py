"""The course's set-up, runs and tests in one cross-platform script: `make` calls it.

    python tools/make.py [TARGET ...] [--no-venv] [--dry-run] [--student DIR] [--lab DIR]
                         [--seeds "1 2 3"] [--notebooks NOTEBOOK ...]

Without a target it runs `all`: a virtual environment in .venv with
requirements.txt installed, the data, and every notebook executed in place
(only those that changed since their last run). The Makefile's targets are
one-line calls of this script, so `make test` and `python tools/make.py test`
do the same thing; on Windows, or anywhere without make, call it directly.

Why a script and not only the Makefile: make and its recipes (`touch`,
`rm -rf`, `env -u`, `.venv/bin/python`) are Unix-only. Here every path is a
pathlib.Path, every command a list of arguments run with subprocess, and the
venv's interpreter is found where the platform puts it. This file imports only
the standard library: it runs under the system Python before any venv exists.

Like make, it prints each command before running it, does each target once
per invocation however many targets need it, remembers finished work in stamp
files (.venv/.installed, .make/NN_name.done) so unchanged work is skipped, and
stops at the first failing command with that command's exit status.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements.txt"
TEACHER_REQUIREMENTS = ROOT / "requirements-teacher.txt"
VENV = ROOT / ".venv"
TEACHER_VENV = ROOT / ".venv-teacher"  # nbgrader's many dependencies stay out of the course's venv
INSTALLED_STAMP = ".installed"         # in a venv: touched once its requirements are installed
STAMP_DIR = ROOT / ".make"             # NN_name.done: touched once the notebook ran
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"   # tools/nbrun.py's glob; tests/test_make.py keeps them equal
# Every notebook imports these, so a change to either re-runs every notebook.
NOTEBOOK_LIBRARY = (ROOT / "nnlib.py", ROOT / "tools" / "nnlib_support.py")
# A notebook that reads what another one writes re-runs when that one did, and after it:
# 05 evaluates the weights that 04 trains.
NOTEBOOK_AFTER = {"05_evaluation": "04_training"}

# The variables nnlib reads (tools/nnlib_support.py; not imported here, it needs numpy).
SEED_VARIABLE = "NNLIB_SEED"
SAVE_FIGURES_VARIABLE = "NNLIB_SAVE_FIGURES"

PIP_INSTALL = ("-m", "pip", "install", "--quiet", "--disable-pip-version-check")
PYTEST = ("-m", "pytest", "-q", "-p", "no:cacheprovider")
NBVAL = ("--nbval", "--nbval-current-env", "--nbval-cell-timeout=1800",
         "--nbval-sanitize-with", str(Path("tests", "nbval_sanitize.cfg")))
DEFAULT_SEEDS = "1 2 3"
DEFAULT_STUDENT = "student"
DEFAULT_LAB = "student-lab"
DEFAULT_GRADING_CACHE = "grading_cache"  # beside nbgrader_config.py in an nbgrader course folder
# Grading mode's variables (tools/nnlib_support.py reads them; not imported here).
GRADING_CACHE_VARIABLE = "NNLIB_GRADING_CACHE"
FILL_CACHE_VARIABLE = "NNLIB_FILL_GRADING_CACHE"
# Installed by `python -m venv` itself, not by requirements.txt: their versions are not drift.
VENV_TOOLING = {"pip", "setuptools", "wheel"}


@dataclass(frozen=True)
class Target:
    """A target's prerequisites (made first, in order) and its one-line help."""
    needs: tuple[str, ...]
    help: str


TARGETS = {
    "all": Target(("notebooks",), "the default: venv, data, then the notebooks that changed"),
    "venv": Target((), ".venv with requirements.txt installed (again when requirements.txt changes)"),
    "data": Target(("venv",), "find Fashion-MNIST (data/, $FASHION_MNIST_DIR, Debian's package), "
                              "verify it, or download it into data/"),
    "notebooks": Target(("venv", "data"), "execute in place every notebook that changed, regenerating assets/ "
                                          "and the tables that quote them (tools/tables.py)"),
    "lint": Target(("venv",), "ruff check ."),
    "check": Target(("lint", "data"), "the everyday tier: ruff and the unit tests, no notebooks"),
    "test": Target(("lint", "data"), "ruff, every unit test and nbval over notebooks/ (writes nothing)"),
    "robust": Target(("venv", "data"), "execute the notebooks with --seeds (no comparison with the stored run)"),
    "student": Target(("venv",), "write the exercises edition into --student DIR"),
    "lab": Target(("venv",), "write the lab edition (the student writes nnlib's kernels) into --lab DIR"),
    "grade": Target(("venv",), "grade the kernels of --lab DIR (its nnlib.py); --with-notebooks also runs "
                               "its notebooks 02-05 with them"),
    "student-verify": Target(("student", "data"), "execute the student notebooks: only exercise checks may fail"),
    "nbgrader-check": Target((), "run nbgrader on the notebooks (in .venv-teacher)"),
    "nbgrader-roundtrip": Target(("data",), "nbgrader's round trip with tools/nbgrader_config.py: three "
                                           "submissions autograded, a score table (--notebooks: a subset; "
                                           "--grading-cache DIR: in grading mode)"),
    "grading-cache": Target(("venv", "data"), "run the notebooks once (seed 0) and store their long runs' results "
                                              "in --grading-cache DIR (default grading_cache/) for grading mode"),
    "bench": Target(("venv", "data"), "time one training epoch (benchmarks/bench_train.py)"),
    "clean": Target((), "remove .venv, .venv-teacher and .make"),
    "drift": Target(("data",), "install the newest versions requirements.txt allows in a scratch venv "
                               "and run `check` there"),
}


class StepFailed(Exception):
    """A command of target `step` exited with a non-zero status `code`."""

    def __init__(self, step, code, command):
        super().__init__(f"{step} failed (exit status {code}): {command}")
        self.step, self.code = step, code


# --- Pure rules: where things are, what is out of date -------------------------------------------

def venv_python(venv, os_name=os.name):
    """The interpreter of the virtual environment in folder `venv` (Scripts\\python.exe on Windows)."""
    if os_name == "nt":
        return Path(venv, "Scripts", "python.exe")
    return Path(venv, "bin", "python")


def is_stale(stamp, sources):
    """True when `stamp` is missing or older than one of `sources`, make's rule for remaking a target.

    A missing source counts as newer: the command that needs it then runs and says what is wrong.
    """
    if not stamp.exists():
        return True
    made = stamp.stat().st_mtime_ns
    return any(not source.exists() or source.stat().st_mtime_ns > made for source in sources)


def course_notebooks(folder=NOTEBOOK_DIR):
    """The course notebooks in `folder`, in course order (the same glob as tools/nbrun.py)."""
    return sorted(Path(folder).glob(NOTEBOOK_GLOB))


def notebook_stamp(notebook, stamp_dir=STAMP_DIR):
    """The stamp that records `notebook`'s last successful run: .make/NN_name.done."""
    return Path(stamp_dir, f"{Path(notebook).stem}.done")


def notebooks_to_run(notebooks, stamp_dir=STAMP_DIR, library=NOTEBOOK_LIBRARY):
    """The notebooks (from `notebooks`, in course order) whose stamp is out of date.

    A notebook is out of date when it, or one of the `library` files, is newer than its
    stamp; a notebook in NOTEBOOK_AFTER also when the stamp of the notebook it reads is
    newer, or when that notebook is about to run: it then runs after it.
    """
    by_stem = {Path(nb).stem: Path(nb) for nb in notebooks}
    planned = []
    for notebook in sorted(by_stem.values()):  # course order puts 04 before 05
        sources = [notebook, *library]
        before = NOTEBOOK_AFTER.get(notebook.stem)
        if before in by_stem:
            sources.append(notebook_stamp(before, stamp_dir))
        if is_stale(notebook_stamp(notebook, stamp_dir), sources) or by_stem.get(before) in planned:
            planned.append(notebook)
    return planned


def stored_run_environment(environ=None):
    """The environment of `check` and `test`: the stored notebooks are the seed-0 run, and
    the tests must not write assets/, so NNLIB_SEED=0 and no NNLIB_SAVE_FIGURES."""
    env = dict(os.environ if environ is None else environ)
    env.pop(SAVE_FIGURES_VARIABLE, None)
    env[SEED_VARIABLE] = "0"
    return env


def lint_command(python):
    """`lint`'s command, also run by `drift` with the scratch venv's interpreter."""
    return [python, "-m", "ruff", "check", "."]


def check_command(python):
    """`check`'s unit-test command (run in stored_run_environment()), also run by `drift`."""
    return [python, *PYTEST, "-m", "not slow", "tests"]


def full_test_command(python, notebooks):
    """`test`'s command: every unit test, and nbval over notebooks/ when there are notebooks."""
    nbval = ["notebooks", *NBVAL] if notebooks else []
    return [python, *PYTEST, "tests", *nbval]


def shown(arg):
    """An argument as printed: paths inside the repository relative to it, like make shows them."""
    if isinstance(arg, Path) and arg.is_absolute():
        try:
            return str(arg.relative_to(ROOT))
        except ValueError:
            pass
    return str(arg)


def format_command(args):
    """A command line to print, quoted for the platform's shell so it can be pasted."""
    words = [shown(arg) for arg in args]
    return subprocess.list2cmdline(words) if os.name == "nt" else shlex.join(words)


def exit_status(returncode):
    """subprocess's return code as an exit status: killed by signal N (-N) becomes 128 + N, as in a shell."""
    return 128 - returncode if returncode < 0 else returncode


# --- Package versions, for `drift` ----------------------------------------------------------------

# Run by an environment's own interpreter: its installed distributions and their versions.
VERSIONS_SCRIPT = (
    "import importlib.metadata as m, json; "
    "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions() if d.metadata['Name']}))"
)


def canonical_name(name):
    """A distribution name as pip compares them (PEP 503): Jupyter_Client -> jupyter-client."""
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_versions(python):
    """{canonical name: version} of the distributions `python` sees; {} if it cannot say."""
    done = subprocess.run([str(python), "-c", VERSIONS_SCRIPT], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        return {}
    return {canonical_name(name): version for name, version in json.loads(done.stdout).items()}


def requirement_names(path=REQUIREMENTS):
    """The canonical names of the distributions a requirements file lists directly."""
    names = set()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", line.split("#", 1)[0])
        if match:
            names.add(canonical_name(match.group(1)))
    return names


def version_changes(installed, newest):
    """[(name, installed or "-", newest)] for every package whose newest allowed version differs,
    sorted by name; packages only in `installed` are left out (the scratch venv does not need them)."""
    return [(name, installed.get(name, "-"), version) for name, version in sorted(newest.items())
            if name not in VENV_TOOLING and installed.get(name) != version]


# --- Running the targets ----------------------------------------------------------------------------

@dataclass
class Build:
    """One invocation: the options, and the targets already done (each is done once)."""
    no_venv: bool = False
    dry_run: bool = False
    student: Path = field(default_factory=lambda: Path(DEFAULT_STUDENT))
    lab: Path = field(default_factory=lambda: Path(DEFAULT_LAB))
    grading_cache: Path | None = None
    with_notebooks: bool = False
    seeds: str = DEFAULT_SEEDS
    notebooks: list = field(default_factory=list)
    done: set = field(default_factory=set)

    @property
    def python(self):
        """The interpreter that runs the course: .venv's, or with --no-venv the one running this."""
        return Path(sys.executable) if self.no_venv else venv_python(VENV)

    def make(self, target):
        """Make `target`'s prerequisites, then `target`, unless this invocation already did."""
        if target in self.done:
            return
        for need in TARGETS[target].needs:
            self.make(need)
        getattr(self, "make_" + target.replace("-", "_"))()
        self.done.add(target)

    def call(self, args, env=None):
        """Print the command, run it from the repository's root, return its exit status."""
        print(format_command(args), flush=True)
        if self.dry_run:
            return 0
        done = subprocess.run([str(arg) for arg in args], cwd=ROOT, env=env, check=False)
        return exit_status(done.returncode)

    def run(self, step, args, env=None):
        """call(), raising StepFailed (named after `step`) when the command fails."""
        code = self.call(args, env)
        if code != 0:
            raise StepFailed(step, code, format_command(args))

    def touch(self, stamp):
        """Record finished work in `stamp` (created, or its time set to now)."""
        print(f"touch {shown(stamp)}", flush=True)
        if not self.dry_run:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.touch()

    def install(self, step, venv, requirement_files):
        """A venv in `venv` with `requirement_files` installed, redone when one of them is newer
        than its stamp; with --no-venv, pip installs them into the running interpreter instead."""
        requirements = [arg for path in requirement_files for arg in ("-r", path)]
        if self.no_venv:
            # No stamp: the running interpreter may be a different environment each time, and
            # pip needs only about 2 s (measured) to find everything already satisfied.
            self.run(step, [sys.executable, *PIP_INSTALL, *requirements])
            return Path(sys.executable)
        python, stamp = venv_python(venv), venv / INSTALLED_STAMP
        if is_stale(stamp, requirement_files) or not python.exists():
            self.run(step, [sys.executable, "-m", "venv", venv])
            self.run(step, [python, *PIP_INSTALL, *requirements])
            self.touch(stamp)
        return python

    # One method per target, named make_<target> ('-' written '_').

    def make_all(self):
        pass  # its prerequisite, notebooks, is the work

    def make_venv(self):
        self.install("venv", VENV, [REQUIREMENTS])

    def make_data(self):
        self.run("data", [self.python, Path("tools", "download.py")])

    def make_notebooks(self):
        planned = notebooks_to_run(course_notebooks())
        for notebook in planned:
            self.run("notebooks", [self.python, Path("tools", "nbrun.py"), "--save-figures", notebook])
            self.touch(notebook_stamp(notebook))
        if not planned:
            print("notebooks: every notebook is up to date", flush=True)
        # The README's Results and the guide's course table quote the stored notebooks.
        self.run("notebooks", [self.python, Path("tools", "tables.py")])

    def make_lint(self):
        self.run("lint", lint_command(self.python))

    def make_check(self):
        self.run("check", check_command(self.python), env=stored_run_environment())

    def make_test(self):
        self.run("test", full_test_command(self.python, course_notebooks()), env=stored_run_environment())

    def make_robust(self):
        self.run("robust", [self.python, Path("tests", "run_notebooks.py"), "--seeds", self.seeds,
                            *self.notebooks])

    def make_student(self):
        self.run("student", [self.python, Path("tools", "classroom.py"), "student", "--out", self.student])

    def make_grade(self):
        self.run("grade", [self.python, Path("tools", "classroom.py"), "grade", self.lab,
                           *(["--notebooks"] if self.with_notebooks else [])])

    def make_lab(self):
        self.run("lab", [self.python, Path("tools", "classroom.py"), "lab", "--out", self.lab])

    def make_student_verify(self):
        self.run("student-verify", [self.python, Path("tools", "classroom.py"), "verify", self.student])

    def make_nbgrader_check(self):
        python = self.install("nbgrader-check", TEACHER_VENV, [REQUIREMENTS, TEACHER_REQUIREMENTS])
        self.run("nbgrader-check", [python, Path("tools", "classroom.py"), "nbgrader-check"])

    def make_nbgrader_roundtrip(self):
        python = self.install("nbgrader-roundtrip", TEACHER_VENV, [REQUIREMENTS, TEACHER_REQUIREMENTS])
        only = ["--only", *(Path(nb).stem for nb in self.notebooks)] if self.notebooks else []
        cache = ["--grading-cache", self.grading_cache] if self.grading_cache else []
        self.run("nbgrader-roundtrip", [python, Path("tools", "classroom.py"), "nbgrader-roundtrip", *only, *cache])

    def make_grading_cache(self):
        folder = self.grading_cache or ROOT / DEFAULT_GRADING_CACHE
        env = {**os.environ, GRADING_CACHE_VARIABLE: str(folder), FILL_CACHE_VARIABLE: "1"}
        self.run("grading-cache", [self.python, Path("tests", "run_notebooks.py"), "--seeds", "0",
                                   *self.notebooks], env=env)

    def make_bench(self):
        self.run("bench", [self.python, Path("benchmarks", "bench_train.py")])

    def make_clean(self):
        for folder in (VENV, TEACHER_VENV, STAMP_DIR):
            if folder.exists():
                print(f"remove {shown(folder)}", flush=True)
                if not self.dry_run:
                    shutil.rmtree(folder)

    def make_drift(self):
        """`check` with the newest versions requirements.txt allows, in a scratch venv, so a new
        release that breaks the course is seen here before a student installs it."""
        scratch = Path(tempfile.mkdtemp(prefix="nnlib-drift-"))
        try:
            python = venv_python(scratch / "venv")
            self.run("drift", [sys.executable, "-m", "venv", scratch / "venv"])
            self.run("drift", [python, *PIP_INSTALL, "--upgrade", "-r", REQUIREMENTS])
            if not self.dry_run:
                print_version_changes(installed_versions(self.python), installed_versions(python))
            commands = [(lint_command(python), None), (check_command(python), stored_run_environment())]
            codes = [self.call(args, env) for args, env in commands]
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        if self.dry_run:
            return
        for (args, _), code in zip(commands, codes, strict=True):
            print(f"drift: {'ok    ' if code == 0 else 'FAILED'} {format_command(args[1:])}", flush=True)
        failed = [(args, code) for (args, _), code in zip(commands, codes, strict=True) if code != 0]
        if failed:
            args, code = failed[0]
            raise StepFailed("drift", code, "the newest allowed versions fail " + format_command(args[1:]))
        print("drift: the newest versions requirements.txt allows pass `check`", flush=True)


def print_version_changes(installed, newest):
    """Print the packages whose newest allowed version differs from the installed one."""
    direct = requirement_names()
    changes = version_changes(installed, newest)
    if not installed:
        print("drift: no installed environment to compare with", flush=True)
    print(f"drift: {len(changes)} of {len(newest)} packages differ from the installed versions"
          f"{':' if changes else ''}  (* = listed in requirements.txt)", flush=True)
    for name, old, new in changes:
        print(f"  {'*' if name in direct else ' '} {name:32s} {old:>12s} -> {new}", flush=True)


# --- Command line -------------------------------------------------------------------------------------

def parse_args(argv=None):
    """The targets (in order, `all` by default) and the options; an unknown target exits 2."""
    width = max(map(len, TARGETS))
    parser = argparse.ArgumentParser(
        prog="tools/make.py", description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="targets:\n" + "\n".join(f"  {name:{width}s}  {t.help}" for name, t in TARGETS.items()))
    # No `choices=`: argparse would check the default list against them and its message
    # lists no targets; the check below says which target is unknown and which exist.
    parser.add_argument("targets", nargs="*", default=["all"], metavar="TARGET",
                        help="what to make (default: all); see the list below")
    parser.add_argument("--no-venv", action="store_true",
                        help="use this Python (a conda or your own environment) instead of .venv; "
                             "`venv` (and nbgrader-check) then pip-install the requirements into it")
    parser.add_argument("-n", "--dry-run", action="store_true",
                        help="print the commands that would run, run none (like make -n)")
    parser.add_argument("--student", type=Path, default=Path(DEFAULT_STUDENT), metavar="DIR",
                        help="the exercises edition's folder for student, student-verify (default: student)")
    parser.add_argument("--lab", type=Path, default=Path(DEFAULT_LAB), metavar="DIR",
                        help="the lab edition's folder for lab and grade (default: student-lab)")
    parser.add_argument("--grading-cache", type=Path, metavar="DIR",
                        help="grading-cache: where to store the long runs' results (default grading_cache/); "
                             "nbgrader-roundtrip: grade in grading mode with them")
    parser.add_argument("--with-notebooks", action="store_true",
                        help="grade: also run the lab notebooks 02-05 with the student's kernels")
    parser.add_argument("--seeds", default=DEFAULT_SEEDS, help='robust: the seeds, e.g. "1 2 3" (the default)')
    parser.add_argument("--notebooks", nargs="*", type=Path, default=[], metavar="NOTEBOOK",
                        help="robust, nbgrader-roundtrip: these notebooks only (default: every notebook)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.targets if name not in TARGETS]
    if unknown:
        parser.error(f"unknown target {', '.join(map(repr, unknown))}; the targets are: {', '.join(TARGETS)}")
    return args


def main(argv=None):
    """Make the targets named in `argv`; return 0, or the exit status of the first failing command."""
    if sys.version_info < (3, 10):
        print("tools/make.py needs Python 3.10 or newer", file=sys.stderr)
        return 1
    args = parse_args(argv)
    # Paths given on the command line are relative to where it was typed; commands run from ROOT.
    build = Build(no_venv=args.no_venv, dry_run=args.dry_run, student=args.student.absolute(),
                  lab=args.lab.absolute(), with_notebooks=args.with_notebooks,
                  grading_cache=args.grading_cache.absolute() if args.grading_cache else None,
                  seeds=args.seeds, notebooks=[path.absolute() for path in args.notebooks])
    try:
        for target in args.targets:
            build.make(target)
    except StepFailed as failure:
        print(f"tools/make.py: {failure}", file=sys.stderr)
        return failure.code
    except KeyboardInterrupt:
        print("tools/make.py: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
