"""The module's shape: every public function names the notebook that teaches it,
that notebook really uses it, and the file reads in the order of the course."""
import inspect
import json
import re
import sys
from pathlib import Path

import pytest

import nnlib

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PUBLIC_FUNCTIONS = [name for name in nnlib.__all__ if inspect.isfunction(getattr(nnlib, name))]
BACK_LINK = re.compile(r"\[(\d\d_[a-z_]+)\]$")


def code_of(notebook):
    cells = json.loads((NOTEBOOKS / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")


def test_all_lists_every_public_function_and_nothing_missing():
    defined = {name for name, obj in vars(nnlib).items()
               if inspect.isfunction(obj) and obj.__module__ == "nnlib" and not name.startswith("_")}
    assert defined <= set(PUBLIC_FUNCTIONS)
    assert all(hasattr(nnlib, name) for name in nnlib.__all__)


def test_the_plumbing_nnlib_passes_on_is_the_support_modules_own():
    # nnlib is the lesson; the helpers a notebook calls but a student never
    # writes live in tools/nnlib_support.py and are passed on unchanged.
    support = sys.modules["nnlib_support"]
    assert Path(support.__file__).resolve() == Path(nnlib.__file__).resolve().parent / "tools" / "nnlib_support.py"
    passed_on = {name for name in nnlib.__all__ if getattr(nnlib, name) is getattr(support, name, None)}
    assert passed_on == {"save_params", "load_params", "notebook_seed", "save_figure", "blas_threads", "cached"}
    assert not hasattr(nnlib, "main") and not hasattr(nnlib, "download_fashion_mnist")


@pytest.mark.parametrize("name", PUBLIC_FUNCTIONS)
def test_each_public_function_names_a_notebook_that_uses_it(name):
    first_line = inspect.getdoc(getattr(nnlib, name)).splitlines()[0]
    link = BACK_LINK.search(first_line)
    assert link, f"{name}: the docstring's first line must end with [NN_notebook]: {first_line!r}"
    notebook = link.group(1)
    assert (NOTEBOOKS / f"{notebook}.ipynb").is_file(), f"{name} names a missing {notebook}"
    assert re.search(rf"\bnnlib\.{name}\b", code_of(notebook)), (
        f"{name} says {notebook} teaches it, but that notebook never calls nnlib.{name}")


def test_the_module_reads_in_course_order():
    source = Path(nnlib.__file__).read_text(encoding="utf-8").splitlines()
    line = {name: next(i for i, text in enumerate(source, 1) if text.startswith(f"def {name}("))
            for name in ("dense_forward", "numerical_gradient", "forward", "train",
                         "confusion_matrix", "make_optimizer", "load_fashion_mnist")}
    assert line["dense_forward"] < 150  # a teacher finds the first kernel at once
    assert list(line.values()) == sorted(line.values())  # 02, 03, 04, 05, 06, then 01's data
