"""tools/nbrun.py: how `make` and the notebook runners execute notebooks."""
import asyncio
import os
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
    msg = asyncio.run(channel_on(socket).get_msg(timeout=nbrun.CELL_TIMEOUT))
    assert msg == {"msg_type": "execute_reply"}
    assert socket.polls == [1000, 1000]              # two one-second polls, not one of 30 min
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


def test_the_stored_notebook_records_its_run(tmp_path):
    path = tmp_path / "demo.ipynb"
    write_notebook(path, "import time\ntime.sleep(0.3)")
    assert nbrun.main([str(path), "--seed", "3"]) == 0
    record = nbformat.read(path, as_version=4).metadata[nbrun.RUN_METADATA]
    assert 0.3 <= record["seconds"] < 60 and record["seed"] == 3
    assert record["cpu"] and record["cores"] >= 1 and record["nnlib_threads"].isdigit()


def test_a_raising_cell_leaves_the_notebook_as_it_was(tmp_path, capsys):
    path = tmp_path / "broken.ipynb"
    write_notebook(path, "x = 1", "1 / 0")
    before = path.read_bytes()
    assert nbrun.main([str(path)]) == 1
    assert "ZeroDivisionError" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["broken.ipynb"]


def test_a_timeout_or_a_failing_cell_names_the_cell(tmp_path, capsys):
    path = tmp_path / "slow.ipynb"
    write_notebook(path, "x = 1", "import time\ntime.sleep(60)")
    before = path.read_bytes()
    assert nbrun.main(["--timeout", "1", str(path)]) == 1
    assert "cell 1 did not finish (CellTimeoutError" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_the_kernel_gets_the_seed_and_the_figure_switch(tmp_path, monkeypatch):
    monkeypatch.setenv(nbrun.SAVE_FIGURES_VARIABLE, "1")   # left over in the caller's shell
    monkeypatch.setenv(nbrun.SEED_VARIABLE, "7")
    path = tmp_path / "env.ipynb"
    write_notebook(path, f"import os\nprint(os.environ.get('{nbrun.SEED_VARIABLE}'), "
                         f"os.environ.get('{nbrun.SAVE_FIGURES_VARIABLE}'))")
    for kwargs, printed in (({"seed": 3}, "3 None\n"), ({}, "0 None\n"),
                            ({"seed": 2, "save_figures": True}, "2 1\n")):
        run = nbrun.run_notebook(path, **kwargs)
        assert run.error is None and run.failed == set() and run.seconds > 0
        assert run.nb.cells[0].outputs[0].text == printed, kwargs
    assert os.environ[nbrun.SEED_VARIABLE] == "7"           # this process is left alone
    assert os.environ[nbrun.SAVE_FIGURES_VARIABLE] == "1"


def test_run_notebook_stops_at_a_raising_cell_unless_errors_are_allowed(tmp_path):
    path = tmp_path / "errors.ipynb"
    write_notebook(path, "x = 1", "1 / 0", "y = 2", "raise KeyError('k')", "print(x + y)")
    stopped = nbrun.run_notebook(path)
    assert "ZeroDivisionError" in stopped.error and stopped.failed == {1}
    assert stopped.nb.cells[2].outputs == [] and stopped.nb.cells[2].execution_count is None
    allowed = nbrun.run_notebook(path, allow_errors=True)
    assert allowed.error is None and allowed.failed == {1, 3}
    assert allowed.nb.cells[4].outputs[0].text == "3\n"


def test_course_notebooks_are_the_numbered_ones_in_order(tmp_path):
    for name in ("02_b.ipynb", "01_a.ipynb", "scratch.ipynb", "1_c.ipynb", "03_d.txt"):
        (tmp_path / name).touch()
    assert [p.name for p in nbrun.course_notebooks(tmp_path)] == ["01_a.ipynb", "02_b.ipynb"]
