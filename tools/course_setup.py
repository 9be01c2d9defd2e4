"""What the first cell of every notebook calls: get the course ready, or say what to run.

    ROOT = course_setup.ready(COURSE_URL)

On Colab (a runtime that has imported `google.colab`), the first time only:
fetches nnlib.py and the tools it loads from COURSE_URL (the raw files of the
release the notebook belongs to) and the four Fashion-MNIST files from their
official addresses, each verified (the data by its published SHA-256) and
written whole or not at all, into the runtime's working folder. Nothing goes
to Google Drive. Anywhere else it fetches nothing: it checks that this
kernel's Python has the course's packages and that the data is on the
machine, and otherwise stops the notebook with one message saying what to run.

Publishing the course under another address or release rewrites the first
cell of every notebook and the README's Colab badges:

    python tools/course_setup.py --publish OWNER/NAME RELEASE
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
import urllib.request
from pathlib import Path

# Where the course is published and which release the notebooks belong to; only
# `--publish` changes these, together with the notebooks and the README.
REPOSITORY = "fashion-mnist-course/from-scratch"
RELEASE = "main"
RAW_URL = "https://raw.githubusercontent.com/{repository}/{release}/"
COLAB_URL = "https://colab.research.google.com/github/{repository}/blob/{release}/notebooks/{name}"
BADGE = "https://colab.research.google.com/assets/colab-badge.svg"

ROOT = Path(__file__).resolve().parent.parent
# What a notebook imports from the course folder (nnlib loads the tools itself).
COURSE_FILES = ("nnlib.py", "tools/nnlib_support.py", "tools/download.py")
# The packages the notebooks import (requirements.txt has the versions).
PACKAGES = ("numpy", "pandas", "matplotlib", "seaborn", "threadpoolctl", "ipywidgets")
FETCH_TIMEOUT = 60  # seconds without an answer before a course file is given up

SET_UP = ("In a terminal in {root}, run `make` (without make: `python tools/make.py`),\n"
          "then open the notebooks with the course's Jupyter: `.venv/bin/jupyter lab`\n"
          "(Windows: `.venv\\Scripts\\jupyter lab`). The README's 'Set-up' has the details.")


class SetupNeeded(Exception):
    """The course is not ready; the message says what to do. Jupyter shows only the message."""

    def _render_traceback_(self):  # IPython's hook: these lines instead of a traceback
        return ["Set-up needed: " + line if i == 0 else line for i, line in enumerate(str(self).splitlines())]


def on_colab():
    """True in a Colab runtime: its kernel imports google.colab when it starts."""
    return "google.colab" in sys.modules


def ready(course_url, root=None):
    """Make the course importable and its data present, or raise SetupNeeded; returns the course folder.

    `root` is the folder holding tools/ (where this file is). On Colab the
    missing course files and data are fetched there; elsewhere nothing is
    fetched. The course folder goes first on sys.path, so `import nnlib` finds it.
    """
    root = ROOT if root is None else Path(root)
    if on_colab():
        fetch_course(course_url, root)
    check_packages(PACKAGES, root)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    import nnlib  # noqa: F401  (loads tools/nnlib_support.py, which knows where the data is)
    support = sys.modules["nnlib_support"]
    if on_colab():
        fetch_data(root / "data", support)
    else:
        check_data(root, support)
    return root


def fetch_course(course_url, root):
    """Download each of COURSE_FILES that `root` lacks from `course_url` (once per runtime)."""
    for name in COURSE_FILES:
        path = root / name
        if path.is_file():
            continue
        url = course_url + name
        try:
            with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as response:
                code = response.read()
            compile(code, name, "exec")  # a proxy's error page is not Python: refuse it
        except (OSError, SyntaxError, ValueError) as error:
            raise SetupNeeded(f"could not download the course file {url}\n({type(error).__name__}: {error}).\n"
                              "Check that this runtime is connected to the internet, then run this cell "
                              "again.") from None
        write_whole(path, code)


def write_whole(path, data):
    """Write bytes to `path` through a unique temporary file in its folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def fetch_data(folder, support):
    """Download the four Fashion-MNIST files into `folder` unless they are there and verified."""
    download = support.load_tool("download")
    if not all((folder / f"{name}.gz").is_file() for files in support.IDX_FILES.values() for name in files[:2]):
        print(f"Downloading Fashion-MNIST (30 MB) from {download.data_urls()[0]} ...", flush=True)
    try:
        download.download_fashion_mnist(folder)  # checks the SHA-256 of files already there too
    except FileNotFoundError as error:
        errors = str(error).split(support.HOW_TO_GET_DATA)[0].strip()
        raise SetupNeeded(f"{errors}\nCheck that this runtime is connected to the internet, then run "
                          "this cell again.") from None


def check_packages(names, root):
    """Raise SetupNeeded naming the packages in `names` that this kernel's Python cannot import."""
    missing = [name for name in names if importlib.util.find_spec(name) is None]
    if missing:
        install = f"%pip install {' '.join(missing)}" if on_colab() else SET_UP.format(root=root)
        raise SetupNeeded(f"this kernel's Python ({sys.executable}) lacks {', '.join(missing)}.\n{install}")


def check_data(root, support):
    """Raise SetupNeeded when Fashion-MNIST is in none of the folders nnlib reads."""
    try:
        found = all(support._find_data_dir(split) for split in support.IDX_FILES)
    except FileNotFoundError as error:  # $FASHION_MNIST_DIR names a folder without the files
        raise SetupNeeded(str(error)) from None
    if not found:
        raise SetupNeeded(f"Fashion-MNIST is not on this machine yet.\nIn a terminal in {root}, run "
                          "`make data` (without make: `python tools/make.py data`).\n"
                          f"{support.HOW_TO_GET_DATA}")


# ---------------------------------------------------------------------------
# The first cell of every notebook, and the README's badges, for one release
# ---------------------------------------------------------------------------

FIRST_CELL = '''\
# @title Set-up (run this cell first) {{ display-mode: "form" }}
# The same cell opens every notebook (tools/course_setup.py). On Colab it downloads nnlib
# and Fashion-MNIST into this runtime, once; anywhere else it checks that set-up is done.
import sys
from pathlib import Path

COURSE_URL = "{course_url}"  # this notebook's release
if "google.colab" in sys.modules and not Path("tools/course_setup.py").is_file():
    import urllib.request
    try:
        code = urllib.request.urlopen(COURSE_URL + "tools/course_setup.py", timeout=60).read()
    except OSError as error:
        raise SystemExit(f"Could not download the course from {{COURSE_URL}} ({{error}}).\\n"
                         "Check that this runtime is connected to the internet, then run this cell again.") from None
    Path("tools").mkdir(exist_ok=True)
    Path("tools/course_setup.part").write_bytes(code)
    Path("tools/course_setup.part").replace("tools/course_setup.py")
course = [p for p in [Path.cwd(), *Path.cwd().parents] if (p / "tools" / "course_setup.py").is_file()]
if not course:
    raise SystemExit("This notebook runs inside the course folder, beside nnlib.py and tools/: "
                     "see the README's 'Set-up' (or open it in Colab from the README's badges).")
sys.path.insert(0, str(course[0] / "tools"))
import course_setup

ROOT = course_setup.ready(COURSE_URL)'''
FIRST_CELL_METADATA = {"cellView": "form", "jupyter": {"source_hidden": True}, "tags": ["course-setup"]}


def course_url(repository=REPOSITORY, release=RELEASE):
    """The address of the raw files of `release`."""
    return RAW_URL.format(repository=repository, release=release)


def first_cell(repository=REPOSITORY, release=RELEASE):
    """The source of every notebook's first code cell for this release."""
    return FIRST_CELL.format(course_url=course_url(repository, release))


def badge_line(name, repository=REPOSITORY, release=RELEASE):
    """The README's Markdown badge that opens notebooks/<name> of `release` in Colab."""
    return f"[![Open In Colab]({BADGE})]({COLAB_URL.format(repository=repository, release=release, name=name)})"


def publish(repository, release, root=ROOT):
    """Point the notebooks' first cells, the README's badges and this file at `repository`@`release`."""
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", repository) or not re.fullmatch(r"[\w./-]+", release):
        raise ValueError(f"expected OWNER/NAME and a branch or tag, got {repository!r} {release!r}")
    for path in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
        cell["source"] = first_cell(repository, release).splitlines(keepends=True)
        write_whole(path, (json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8"))
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")
    old = re.escape(COLAB_URL.format(repository=REPOSITORY, release=RELEASE, name="")) + r"(?=\S+\.ipynb\))"
    write_whole(readme, re.sub(old, COLAB_URL.format(repository=repository, release=release, name=""),
                               text).encode("utf-8"))
    this = root / "tools" / "course_setup.py"
    source = this.read_text(encoding="utf-8")
    source = source.replace(f'REPOSITORY = "{REPOSITORY}"', f'REPOSITORY = "{repository}"', 1)
    source = source.replace(f'RELEASE = "{RELEASE}"', f'RELEASE = "{release}"', 1)
    write_whole(this, source.encode("utf-8"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publish", nargs=2, metavar=("OWNER/NAME", "RELEASE"), required=True,
                        help="rewrite the notebooks' first cells and the README's badges for this release")
    args = parser.parse_args(argv)
    try:
        publish(*args.publish)
    except ValueError as error:
        parser.error(str(error))
    print(f"notebooks and README now open {course_url(*args.publish)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
