"""Execute notebooks with nbclient, without the missed wake-up that stalls widget cells.

    python tools/nbrun.py notebooks/04_training.ipynb ...   # what `make` runs

Executes each notebook top to bottom on a fresh kernel (its folder as the working
directory) and writes it back in place: to a temporary file in the same folder
first, renamed over the notebook once complete, so an interrupted run never leaves
a half-written notebook. Exits 1, leaving the notebook as it was, if a cell raises.

Why not `jupyter nbconvert --execute`: nbclient waits for each cell's reply with one
long `poll` on the kernel's shell socket, and with ipywidgets sending messages on
the other sockets (04's explorer) that poll sometimes misses its wake-up. The reply
then sits in the socket until the cell timeout runs out, so a cell of 0.2 s takes
the whole timeout (nbclient issue #312, nbconvert issue #2029). Measured on 04's
explorer cells with a 20 s timeout: 4 runs in 60 took the full 20 s with nbclient's
own polling, none in 120 with `notebook_client`, which polls in slices of a second,
so a missed wake-up costs at most a second. tests/run_notebooks.py and
tools/classroom.py execute notebooks through it as well.
"""
from __future__ import annotations

import argparse
import os
import stat
import sys
import tempfile
import time
from pathlib import Path
from queue import Empty

import nbformat
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from traitlets import Type

POLL_SLICE = 1.0  # seconds: the longest a missed wake-up can delay a message


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


def notebook_client(nb, folder, timeout=1800, **options):
    """An nbclient NotebookClient for `nb` that runs its kernel in `folder`.

    `timeout` is in seconds per cell; `options` go to NotebookClient (allow_errors,
    on_cell_start, ...). Execute with `.execute()`, which fills `nb` in place.
    """
    return NotebookClient(nb, timeout=timeout, kernel_name="python3",
                          kernel_manager_class=SlicedPollKernelManager,
                          resources={"metadata": {"path": str(folder)}}, **options)


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


def execute_in_place(path, timeout=1800):
    """Execute the notebook at `path` and replace it with the executed copy."""
    path = Path(path).resolve()
    nb = nbformat.read(path, as_version=4)
    notebook_client(nb, path.parent, timeout=timeout, record_timing=False).execute()
    merge_stream_outputs(nb)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".ipynb.tmp",
                                         dir=path.parent)
    os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))  # mkstemp makes it private
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            nbformat.write(nb, f)
        nbformat.validate(nbformat.read(temporary, as_version=4))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per cell")
    args = parser.parse_args(argv)
    for path in args.notebooks:
        if not path.is_file():
            parser.error(f"no such notebook: {path}")
        start = time.perf_counter()
        print(f"executing {path}", flush=True)
        try:
            execute_in_place(path, args.timeout)
        except CellExecutionError as err:
            print(f"{path}: a cell raised; the notebook is left as it was.\n{err}",
                  file=sys.stderr)
            return 1
        print(f"wrote {path} ({time.perf_counter() - start:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
