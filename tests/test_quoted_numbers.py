"""Every measured number the prose quotes is one a notebook printed.

The course's rule: a number in a notebook's Markdown, the README or the teacher's
guide is printed by a cell (or written from the stored notebooks by
tools/tables.py), never typed in. Typed numbers went stale before (a README that
said 52.8 s where the notebook printed 44.1 s). Here every decimal number in that
prose must appear among the stored notebooks' printed outputs, or in their code
as a constant of the method (comments do not count: a comment is typed too),
unless it is listed below with the reason it is not a measurement of ours.
"""
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import tables  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
FENCED_CODE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"(`+).+?\1", re.DOTALL)
LINK_TARGET = re.compile(r"\]\([^)]*\)")
GENERATED = re.compile(r"<!-- begin (\w+): written by tools/tables.py.*?<!-- end \1 -->", re.DOTALL)
# A decimal number standing alone: not part of a word, a version (3.10.1), a LaTeX command or a path.
DECIMAL = re.compile(r"(?<![\w.\\/-])[0-9]+\.[0-9]+(?![\w.]*[0-9A-Za-z_/])")
COMMENT = re.compile(r"#.*$", re.MULTILINE)
# Not quoted numbers: section numbers ("section 5.3", "### 5.1 ·") and arithmetic shown in the
# formula beside it ("$7/9 \\approx 0.78$", which the reader can check).
SECTION = re.compile(r"(?:[Ss]ection|§|^#+)\s*[0-9]+\.[0-9]+", re.MULTILINE)
APPROXIMATION = re.compile(r"\\approx\s*[0-9]+\.[0-9]+")
PERFORMANCE = re.compile(r"^## Performance\n.*?(?=^## )", re.MULTILINE | re.DOTALL)

# Numbers that are not measurements of this course's runs, and where they come from.
NOT_OURS = {
    "83.5": "Fashion-MNIST's benchmark table: untrained humans",
    "88.3": "Fashion-MNIST's benchmark table: its best MLP",
    "89.8": "Fashion-MNIST's benchmark table: gradient-boosted trees",
    "3.10": "the oldest Python the course runs on",
}


def stored_notebooks():
    return [nbformat.read(path, as_version=4) for path in NOTEBOOKS]


@pytest.fixture(scope="module")
def printed_and_constants():
    """Everything the stored notebooks printed, and their code without comments."""
    printed, code = [], []
    for nb in stored_notebooks():
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            code.append(COMMENT.sub("", cell.source))
            for output in cell.get("outputs", []):
                printed.append(output.get("text", "") or output.get("data", {}).get("text/plain", ""))
    return "\n".join(printed), "\n".join(code)


def quoted_decimals(markdown):
    """The decimal numbers of Markdown prose: not in code, link targets or generated tables."""
    for pattern in (GENERATED, FENCED_CODE, INLINE_CODE, LINK_TARGET, SECTION, APPROXIMATION):
        markdown = pattern.sub(" ", markdown)
    return DECIMAL.findall(markdown)


def prose():
    """(where, Markdown) for every notebook's Markdown cells, the README but its Performance
    section (the benchmark's table, not the notebooks'), and the teacher's guide."""
    for path, nb in zip(NOTEBOOKS, stored_notebooks()):
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                yield f"{path.name} cell {index}", cell.source
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    yield "README.md", PERFORMANCE.sub("", readme)
    yield "docs/teachers_guide.md", (ROOT / "docs" / "teachers_guide.md").read_text(encoding="utf-8")


def appears(number, text):
    """True if `number` is in `text` as a whole number: 0.87 is not in 0.8733."""
    return re.search(rf"(?<![\d.]){re.escape(number)}(?!\d)", text) is not None


def test_every_quoted_decimal_was_printed_by_a_notebook(printed_and_constants):
    printed, constants = printed_and_constants
    # The README's teaching section may quote the benchmark's table (its Performance section).
    benchmark = PERFORMANCE.search((ROOT / "README.md").read_text(encoding="utf-8")).group(0)
    typed = [(where, number) for where, text in prose() for number in quoted_decimals(text)
             if number not in NOT_OURS and not appears(number, printed) and not appears(number, constants)
             and not (where == "README.md" and appears(number, benchmark))]
    assert typed == [], "typed numbers no notebook prints:\n" + "\n".join(f"  {w}: {n}" for w, n in typed)


def test_the_finder_sees_what_it_should():
    text = ("loss 0.8733 and `lr=0.25` and [x](a/1.5.png) and $\\frac{1}{2.5}$ and Python 3.10.1 and 12.5 %"
            " in section 5.3, $7/9 \\approx 0.78$")
    assert quoted_decimals(text) == ["0.8733", "2.5", "12.5"]


def test_the_generated_tables_match_the_stored_notebooks():
    assert tables.main(["--check"]) == 0, "run `python tools/tables.py` (make does) and commit the result"
