"""The README's Results table and the teacher's guide's course table, written from the stored notebooks.

    python tools/tables.py           # rewrite both blocks (`make` runs it after the notebooks)
    python tools/tables.py --check   # exit 1 if a block differs from what the notebooks say

Every number in the two blocks is read from a stored notebook: a line one of its
cells printed, the record of the run that stored it (tools/nbrun.py writes the
seconds, seed and machine into the notebook's metadata), or a count of its cells.
Nothing in them is typed. A notebook that no longer prints a line this script
reads makes it stop with the pattern it looked for.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
RUN_METADATA = "course_run"  # tools/nbrun.py's key (not imported: this file needs no packages)
SETUP_TAG = "course-setup"   # the collapsed first cell, not part of the reading
WORDS_PER_MINUTE = 150       # technical prose with formulas
CODE_LINES_PER_MINUTE = 15
NUMBER = r"[0-9]+(?:\.[0-9]+)?"


def load(name):
    """The stored notebook notebooks/<name>.ipynb as a dict."""
    return json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))


def printed(nb):
    """Everything the notebook's cells printed (stdout and text results), as one string."""
    parts = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            text = output.get("text") or output.get("data", {}).get("text/plain", "")
            parts.append("".join(text) if isinstance(text, list) else text)
    return "\n".join(parts)


def find(name, pattern):
    """The named groups of the first line notebooks/<name> printed that matches `pattern`."""
    match = re.search(pattern, printed(load(name)))
    if match is None:
        raise LookupError(f"notebooks/{name}.ipynb prints no line matching {pattern!r}: "
                          "change tools/tables.py with the notebook")
    return match.groupdict()


def run_record(name):
    """The record of the run that stored notebooks/<name> (seconds, seed, cpu, cores, nnlib_threads)."""
    record = load(name)["metadata"].get(RUN_METADATA)
    if record is None:
        raise LookupError(f"notebooks/{name}.ipynb has no record of its run: execute it with `make`")
    return record


def duration(seconds):
    """12 s, 48 s, 6.5 min."""
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


def results_block():
    """The README's Results table, from notebooks 04, 05 and 06."""
    fit = find("04_training", rf"final weights, one pass over the split: loss {NUMBER}, accuracy (?P<train>{NUMBER})")
    val = find("04_training", rf"best validation accuracy (?P<best>{NUMBER}) at epoch (?P<epoch>\d+); "
                              rf"after epoch (?P<epochs>\d+): (?P<last>{NUMBER})")
    time = find("04_training", rf"training time: (?P<seconds>{NUMBER}) s for (?P<epochs>\d+) epochs")
    test = find("05_evaluation", rf"test accuracy: (?P<test>{NUMBER})")
    final = find("06_improving_the_network", rf"final model \((?P<recipe>[^)]*)\): validation accuracy "
                                             rf"(?P<val>{NUMBER}), training accuracy (?P<train>{NUMBER}), "
                                             rf"(?P<seconds>{NUMBER}) s")
    final_test = find("06_improving_the_network", rf"final model: validation accuracy {NUMBER}, "
                                                  rf"test accuracy (?P<test>{NUMBER})")
    machine = run_record("04_training")
    per_epoch = float(time["seconds"]) / int(time["epochs"])
    return "\n".join([
        f"The seed-{machine['seed']} run stored in the notebooks, executed by `make` on "
        f"{machine['cpu']} ({machine['cores']} cores, {machine['nnlib_threads']} BLAS thread per "
        "training); this table is written from their outputs by `tools/tables.py`.",
        "",
        "| model | training split (50k) | validation (10k) | test (10k) | training time |",
        "|---|---:|---:|---:|---:|",
        f"| reference: 784→128→10→10, uniform init, SGD lr 0.1, batch 64, {val['epochs']} epochs "
        "([04](notebooks/04_training.ipynb), [05](notebooks/05_evaluation.ipynb)) "
        f"| {fit['train']} | {val['last']} (best {val['best']}, epoch {val['epoch']}) | **{test['test']}** "
        f"| {time['seconds']} s ({per_epoch:.2f} s/epoch) |",
        f"| improved: the recipe notebook 06 chose on validation ({final['recipe']}) "
        "([06](notebooks/06_improving_the_network.ipynb)) "
        f"| {final['train']} | {final['val']} | **{final_test['test']}** "
        f"| {final['seconds']} s for the final fit; {duration(run_record('06_improving_the_network')['seconds'])} "
        "for the whole notebook |",
    ])


def nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def lesson_cells(path):
    """The notebook's cells but its collapsed set-up cell."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if SETUP_TAG not in c.get("metadata", {}).get("tags", [])]


def reading_minutes(path):
    """The reading estimate: Markdown words at WORDS_PER_MINUTE, code lines at CODE_LINES_PER_MINUTE."""
    words = code_lines = 0
    for cell in lesson_cells(path):
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            words += len(text.split())
        elif cell["cell_type"] == "code":
            code_lines += sum(1 for line in text.splitlines() if line.strip())
    return round(words / WORDS_PER_MINUTE + code_lines / CODE_LINES_PER_MINUTE)


def course_row(path):
    """One notebook's row: reading minutes, computing time, check + answer cells, points."""
    graded = [c for c in lesson_cells(path) if nbgrader(c).get("grade")]
    checks = sum(1 for c in graded if not nbgrader(c).get("solution"))
    points = sum(nbgrader(c).get("points", 0) for c in graded)
    return (f"| [{path.stem}](../notebooks/{path.name}) | ≈ {reading_minutes(path)} min | "
            f"{duration(run_record(path.stem)['seconds'])} | {checks} + {len(graded) - checks} | {points} |")


def course_block():
    """The teacher's guide's table of the notebooks, and where its times come from."""
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    machine = run_record(paths[0].stem)
    return "\n".join([
        "| notebook | reading | computing | exercises (check cells + answer cells) | points |",
        "|---|---:|---:|---:|---:|",
        *[course_row(path) for path in paths],
        "",
        f"*Reading* is an estimate from the notebook itself: its Markdown words at {WORDS_PER_MINUTE} "
        f"words a minute (technical prose with formulas) plus its code lines at {CODE_LINES_PER_MINUTE} a "
        "minute, exercises included. *Computing* is the time the stored run took to execute the notebook "
        f"top to bottom (`make`, seed {machine['seed']}, on {machine['cpu']}, {machine['cores']} cores); "
        "a laptop is similar, a busy machine slower. Both are written from the stored notebooks by "
        "`tools/tables.py`.",
    ])


BLOCKS = {  # file -> block name -> its generator
    ROOT / "README.md": {"results": results_block},
    ROOT / "docs" / "teachers_guide.md": {"course": course_block},
}


def markers(name):
    return (f"<!-- begin {name}: written by tools/tables.py from the stored notebooks -->",
            f"<!-- end {name} -->")


def rewritten(text, name, block):
    """`text` with the block between the markers of `name` replaced by `block`."""
    begin, end = markers(name)
    if text.count(begin) != 1 or text.count(end) != 1:
        raise LookupError(f"expected the markers {begin!r} and {end!r} once each")
    head, rest = text.split(begin)
    _, tail = rest.split(end)
    return f"{head}{begin}\n{block}\n{end}{tail}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report blocks that are out of date")
    args = parser.parse_args(argv)
    stale = []
    for path, blocks in BLOCKS.items():
        text = path.read_text(encoding="utf-8")
        new = text
        for name, make in blocks.items():
            new = rewritten(new, name, make())
        if new != text:
            stale.append(path.relative_to(ROOT))
            if not args.check:
                temporary = path.with_name(f".{path.name}.tables.part")
                temporary.write_text(new, encoding="utf-8")
                temporary.replace(path)
    if args.check and stale:
        print(f"out of date: {', '.join(map(str, stale))}; run `python tools/tables.py`", file=sys.stderr)
        return 1
    print(("rewrote " + ", ".join(map(str, stale))) if stale and not args.check else "tables up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
