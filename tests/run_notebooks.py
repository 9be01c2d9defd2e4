"""Execute the course notebooks with other seeds: `make robust` runs this.

    python tests/run_notebooks.py --seeds "1 2 3" [notebooks/04_training.ipynb ...]

Each notebook runs top to bottom on a fresh kernel with $NNLIB_SEED set to the
seed, exactly as a student would run it, but nothing is compared with the
stored outputs (nbval does that for seed 0): a run passes when no cell raises.
Every assert in a notebook is a claim about the method, so it must hold for
every seed. The notebooks and assets/ are not touched ($NNLIB_SAVE_FIGURES is
removed from the kernels' environment); with --output-dir the executed copies
are kept there (to read each seed's numbers), otherwise they are dropped.

Prints one line per notebook and seed, the failing cell's error for each
failure, and exits 1 if any run failed.
"""
import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from nbrun import notebook_client  # noqa: E402  (nbclient without the widget-cell stall)


def run_one(path, seed, timeout):
    """Execute one notebook with NNLIB_SEED=seed; returns (seconds, error text or None)."""
    nb = nbformat.read(path, as_version=4)
    os.environ["NNLIB_SEED"] = str(seed)  # the kernel inherits this process's environment
    client = notebook_client(nb, path.parent, timeout=timeout)
    start = time.perf_counter()
    try:
        client.execute()
        error = None
    except CellExecutionError as err:   # a cell raised: its traceback names the cell
        error = str(err)
    except Exception as err:            # a cell timed out, or the kernel died
        error = f"{type(err).__name__}: {err}"
    return time.perf_counter() - start, error, nb


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
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per cell")
    parser.add_argument("--output-dir", type=Path, help="keep the executed notebooks here")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    missing = [str(p) for p in notebooks if not p.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    os.environ.pop("NNLIB_SAVE_FIGURES", None)

    if args.output_dir:
        args.output_dir.mkdir(parents=True, exist_ok=True)

    failures, total_start = [], time.perf_counter()
    for seed in args.seeds:
        for path in notebooks:
            seconds, error, executed = run_one(path.resolve(), seed, args.timeout)
            status = "FAIL" if error else "ok"
            print(f"seed {seed}  {path.name:40s} {status:4s} {seconds:6.1f} s", flush=True)
            if args.output_dir:
                nbformat.write(executed, args.output_dir / f"seed{seed}_{path.name}")
            if error:
                failures.append((seed, path.name, error))
    for seed, name, error in failures:
        print(f"\n===== seed {seed}: {name} =====\n{error[-3000:]}")
    runs = len(args.seeds) * len(notebooks)
    print(f"\n{len(notebooks)} notebooks x seeds {' '.join(map(str, args.seeds))} "
          f"in {time.perf_counter() - total_start:.0f} s")
    print(f"{runs - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
