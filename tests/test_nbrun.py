"""tools/nbrun.py: how `make` and the notebook runners execute notebooks."""
import asyncio
import sys
import time
from pathlib import Path
from queue import Empty

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import nbrun  # noqa: E402


class MissedWakeupSocket:
    """A socket whose first poll misses the message that is already waiting."""

    def __init__(self, misses):
        self.misses, self.polls = misses, []

    async def poll(self, timeout_ms):
        self.polls.append(timeout_ms)
        if len(self.polls) <= self.misses:
            await asyncio.sleep(min(timeout_ms, 50) / 1000)  # a miss, shortened for the test
            return 0
        return 1


def channel_on(socket):
    channel = object.__new__(nbrun.SlicedPollChannel)  # no kernel behind it
    channel.socket = socket

    async def receive():
        return {"msg_type": "execute_reply"}
    channel._recv = receive
    return channel


def test_a_missed_wakeup_costs_one_slice_not_the_timeout():
    socket = MissedWakeupSocket(misses=1)
    start = time.monotonic()
    msg = asyncio.run(channel_on(socket).get_msg(timeout=1800))
    assert msg == {"msg_type": "execute_reply"}
    assert socket.polls == [1000, 1000]              # two one-second polls, not one of 1800 s
    assert time.monotonic() - start < 10


def test_get_msg_still_times_out():
    socket = MissedWakeupSocket(misses=10**6)
    start = time.monotonic()
    with pytest.raises(Empty):
        asyncio.run(channel_on(socket).get_msg(timeout=0.3))
    assert 0.3 <= time.monotonic() - start < 5
    assert all(ms <= 300 for ms in socket.polls)


def test_merge_stream_outputs_joins_only_neighbours_of_one_stream():
    cell = new_code_cell("", outputs=[
        new_output("stream", name="stdout", text="a\n"),
        new_output("stream", name="stdout", text="b\n"),
        new_output("stream", name="stderr", text="warning\n"),
        new_output("stream", name="stdout", text="c\n"),
        new_output("execute_result", data={"text/plain": "1"}, execution_count=1),
        new_output("stream", name="stdout", text="d\n")])
    nb = new_notebook(cells=[cell])
    nbrun.merge_stream_outputs(nb)
    assert [(o.output_type, o.get("text")) for o in nb.cells[0].outputs] == [
        ("stream", "a\nb\n"), ("stream", "warning\n"), ("stream", "c\n"),
        ("execute_result", None), ("stream", "d\n")]


def write_notebook(path, *sources):
    nb = new_notebook(cells=[new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    path.chmod(0o644)


def test_execute_in_place_writes_the_executed_notebook(tmp_path):
    path = tmp_path / "demo.ipynb"
    # two prints 0.5 s apart reach the notebook as two messages; stored, they are one output
    write_notebook(path, "import time\nprint('one')\ntime.sleep(0.5)\nprint('two')",
                   "import os\nos.getcwd()")
    assert nbrun.main([str(path)]) == 0
    cells = nbformat.read(path, as_version=4).cells
    assert [(o.output_type, o.text) for o in cells[0].outputs] == [("stream", "one\ntwo\n")]
    assert cells[1].outputs[0].data["text/plain"] == repr(str(tmp_path))  # runs in its folder
    assert (path.stat().st_mode & 0o777) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["demo.ipynb"]   # no temporary file left


def test_a_raising_cell_leaves_the_notebook_as_it_was(tmp_path, capsys):
    path = tmp_path / "broken.ipynb"
    write_notebook(path, "x = 1", "1 / 0")
    before = path.read_bytes()
    assert nbrun.main([str(path)]) == 1
    assert "ZeroDivisionError" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["broken.ipynb"]
