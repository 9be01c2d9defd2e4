"""Execute the course notebooks with other seeds: `make robust` runs this.

    python tests/run_notebooks.py --seeds "1 2 3" [notebooks/04_training.ipynb ...]

Each notebook runs top to bottom on a fresh kernel with the seed (nbrun.run_notebook,
the executor `make` uses), exactly as a student would run it, but nothing is
compared with the stored outputs (nbval does that for seed 0): a run passes
when no cell raises. Every assert in a notebook is a claim about the method,
so it must hold for every seed. The notebooks and assets/ are not touched;
with --output-dir the executed copies are kept there (to read each seed's
numbers), otherwise they are dropped.

Prints one line per notebook and seed, the failing cell's error for each
failure, and exits 1 if any run failed.
"""
import argparse
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from nbrun import CELL_TIMEOUT, course_notebooks, run_notebook  # noqa: E402


def parse_seeds(text):
    """ "1 2 3" or "1,2,3" -> [1, 2, 3]; anything else is an argparse error."""
    words = text.replace(",", " ").split()
    if not words or not all(w.isascii() and w.isdigit() for w in words):
        raise argparse.ArgumentTypeError(
            f"seeds are non-negative integers separated by spaces or commas, got {text!r}")
    return [int(w) for w in words]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to run (default: every notebooks/NN_*.ipynb)")
    parser.add_argument("--seeds", type=parse_seeds, default=[1, 2, 3],
                        help='e.g. "1 2 3" (the default) or 1,2,3')
    parser.add_argument("--timeout", type=int, default=CELL_TIMEOUT, help="seconds per cell")
    parser.add_argument("--output-dir", type=Path, help="keep the executed notebooks here")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or course_notebooks(ROOT / "notebooks")
    missing = [str(p) for p in notebooks if not p.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    if args.output_dir:
        args.output_dir.mkdir(parents=True, exist_ok=True)

    failures, total_start = [], time.perf_counter()
    for seed in args.seeds:
        for path in notebooks:
            run = run_notebook(path, seed=seed, timeout=args.timeout)
            status = "FAIL" if run.error else "ok"
            print(f"seed {seed}  {path.name:40s} {status:4s} {run.seconds:6.1f} s", flush=True)
            if args.output_dir:
                nbformat.write(run.nb, args.output_dir / f"seed{seed}_{path.name}")
            if run.error:
                failures.append((seed, path.name, run.error))
    for seed, name, error in failures:
        print(f"\n===== seed {seed}: {name} =====\n{error[-3000:]}")
    runs = len(args.seeds) * len(notebooks)
    print(f"\n{len(notebooks)} notebooks x seeds {' '.join(map(str, args.seeds))} "
          f"in {time.perf_counter() - total_start:.0f} s")
    print(f"{runs - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
