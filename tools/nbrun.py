"""Execute the course notebooks: the one executor behind `make`, `make robust` and the classroom.

    python tools/nbrun.py [--seed 0] [--save-figures] notebooks/04_training.ipynb ...

`make` runs the CLI with --save-figures (and seed 0, the default): each notebook
is executed top to bottom on a fresh kernel (its folder as the working
directory) and written back in place, to a temporary file in the same folder
first, renamed over the notebook once complete, so an interrupted run never
leaves a half-written notebook. Exits 1, leaving the notebook as it was, if a
cell raises. tests/run_notebooks.py (`make robust`, other seeds) and
tools/classroom.py (`verify`, the student notebooks) call `run_notebook`, so
the notebook glob, the kernel's environment ($NNLIB_SEED, $NNLIB_SAVE_FIGURES)
and the cell timeout are set here only.

Why not `jupyter nbconvert --execute`: nbclient waits for each cell's reply with one
long `poll` on the kernel's shell socket, and with ipywidgets sending messages on
the other sockets (04's explorer) that poll sometimes misses its wake-up. The reply
then sits in the socket until the cell timeout runs out, so a cell of 0.2 s takes
the whole timeout (nbclient issue #312, nbconvert issue #2029). Measured on 04's
explorer cells with a 20 s timeout: 4 runs in 60 took the full 20 s with nbclient's
own polling, none in 120 with `notebook_client`, which polls in slices of a second,
so a missed wake-up costs at most a second.
"""
from __future__ import annotations

import argparse
import os
import stat
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty

import nbformat
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nnlib_support import SAVE_FIGURES_VARIABLE, SEED_VARIABLE, THREADS_VARIABLE, cpu_model  # (tools/)
from traitlets import Type

NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"  # the course notebooks: 01_data_exploration.ipynb, ...
CELL_TIMEOUT = 1800                   # seconds per cell; 06 computes for minutes
RUN_METADATA = "course_run"          # the notebook metadata key of run_record()
POLL_SLICE = 1.0                      # seconds: the longest a missed wake-up can delay a message


def course_notebooks(folder):
    """The course notebooks in `folder` (NN_name.ipynb), in order."""
    return sorted(Path(folder).glob(NOTEBOOK_GLOB))


class SlicedPollChannel(AsyncZMQSocketChannel):
    """A kernel channel whose get_msg re-polls every POLL_SLICE seconds until `timeout`."""

    async def get_msg(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = POLL_SLICE if deadline is None else deadline - time.monotonic()
            if await self.socket.poll(int(1000 * max(0.0, min(POLL_SLICE, left)))):
                return await self._recv()
            if deadline is not None and time.monotonic() >= deadline:
                raise Empty


class SlicedPollClient(AsyncKernelClient):
    shell_channel_class = Type(SlicedPollChannel)
    iopub_channel_class = Type(SlicedPollChannel)


class SlicedPollKernelManager(AsyncKernelManager):
    client_factory = Type(SlicedPollClient)


def notebook_client(nb, folder, timeout=CELL_TIMEOUT, **options):
    """An nbclient NotebookClient for `nb` that runs its kernel in `folder`.

    `timeout` is in seconds per cell; `options` go to NotebookClient (allow_errors,
    on_cell_start, ...). Execute with `.execute(env=...)`, which fills `nb` in place.
    """
    return NotebookClient(nb, timeout=timeout, kernel_name="python3",
                          kernel_manager_class=SlicedPollKernelManager,
                          resources={"metadata": {"path": str(folder)}}, **options)


def kernel_env(seed=0, save_figures=False):
    """This process's environment, with the seed and the figure switch set for a kernel.

    The stored notebooks are the seed-0 run; only `make` writes assets/ (save_figures).
    """
    env = dict(os.environ)
    env[SEED_VARIABLE] = str(seed)
    if save_figures:
        env[SAVE_FIGURES_VARIABLE] = "1"
    else:
        env.pop(SAVE_FIGURES_VARIABLE, None)
    return env


@dataclass
class Run:
    """What executing one notebook gave: see run_notebook."""
    nb: nbformat.NotebookNode          # the executed notebook, outputs filled in
    seconds: float
    error: str | None = None           # why the run stopped early, None if it ran to the end
    failed: set[int] = field(default_factory=set)  # indexes of the cells that raised


def merge_stream_outputs(nb):
    """Join each cell's consecutive stdout (or stderr) outputs into one, in place.

    The kernel flushes printed text every 0.2 s, so one cell's lines arrive in one
    message or several depending on the machine's speed; merged, the stored notebook
    does not depend on that.
    """
    for cell in nb.cells:
        merged = []
        for output in cell.get("outputs", []):
            if (merged and output.output_type == "stream" and merged[-1].output_type == "stream"
                    and merged[-1].name == output.name):
                merged[-1].text += output.text
            else:
                merged.append(output)
        if cell.cell_type == "code":
            cell.outputs = merged


def run_notebook(path, seed=0, save_figures=False, timeout=CELL_TIMEOUT, allow_errors=False,
                 **options):
    """Execute the notebook at `path` on a fresh kernel, in its folder; returns a Run.

    The kernel gets $NNLIB_SEED=seed, and $NNLIB_SAVE_FIGURES=1 only if
    `save_figures`; this process's environment is not changed. The file is not
    written. A cell that raises stops the run (Run.error holds its traceback)
    unless `allow_errors`, which runs every cell and lists the ones that raised
    in Run.failed. A cell that runs out of `timeout` seconds, or a kernel that
    dies, always stops the run, and Run.error names the cell. `options` go to
    NotebookClient (record_timing, ...).
    """
    path = Path(path).resolve()
    nb = nbformat.read(path, as_version=4)
    running = {}
    client = notebook_client(nb, path.parent, timeout=timeout, allow_errors=allow_errors,
                             on_cell_start=lambda cell, cell_index: running.update(cell=cell_index),
                             **options)
    error, start = None, time.perf_counter()
    try:
        client.execute(env=kernel_env(seed, save_figures))
    except CellExecutionError as err:  # its text shows the cell and the traceback
        error = str(err)
    except (CellTimeoutError, DeadKernelError) as err:
        error = (f"cell {running.get('cell')} did not finish "
                 f"({type(err).__name__}: {str(err)[:300]})")
    seconds = time.perf_counter() - start
    merge_stream_outputs(nb)
    failed = {i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
              and any(o.get("output_type") == "error" for o in cell.get("outputs", []))}
    return Run(nb, seconds, error, failed)


def run_record(seconds, seed):
    """What a stored notebook says of the run that made it: seconds, seed, CPU, cores, nnlib's BLAS threads.

    tools/tables.py reads it for the README and the teacher's guide.
    """
    return {"seconds": round(seconds, 1), "seed": seed, "cpu": cpu_model(), "cores": os.cpu_count(),
            "nnlib_threads": os.environ.get(THREADS_VARIABLE, "").strip() or "1"}


def execute_in_place(path, seed=0, save_figures=False, timeout=CELL_TIMEOUT):
    """Execute the notebook at `path` and replace it with the executed copy; returns the Run.

    If the run stops early (Run.error), the notebook is left as it was.
    """
    path = Path(path).resolve()
    run = run_notebook(path, seed, save_figures, timeout, record_timing=False)
    if run.error:
        return run
    run.nb.metadata[RUN_METADATA] = run_record(run.seconds, seed)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".ipynb.tmp",
                                         dir=path.parent)
    os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))  # mkstemp makes it private
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            nbformat.write(run.nb, f)
        nbformat.validate(nbformat.read(temporary, as_version=4))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return run


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--seed", type=int, default=0, help="$NNLIB_SEED for the kernel (0)")
    parser.add_argument("--save-figures", action="store_true",
                        help="set $NNLIB_SAVE_FIGURES=1: the notebooks write assets/")
    parser.add_argument("--timeout", type=int, default=CELL_TIMEOUT, help="seconds per cell")
    args = parser.parse_args(argv)
    for path in args.notebooks:
        if not path.is_file():
            parser.error(f"no such notebook: {path}")
        print(f"executing {path}", flush=True)
        run = execute_in_place(path, args.seed, args.save_figures, args.timeout)
        if run.error:
            print(f"{path}: the run stopped; the notebook is left as it was.\n{run.error}",
                  file=sys.stderr)
            return 1
        print(f"wrote {path} ({run.seconds:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
