"""The benchmark still runs against today's nnlib, and its contenders train the same network.

It times nothing: speed is read off the benchmark's own table, never asserted in a test.
"""
import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_train.py"


@pytest.mark.slow
def test_bench_runs_one_epoch_and_its_contenders_agree():
    run = subprocess.run([sys.executable, str(BENCH), "--threads", "1", "--epochs", "1", "--busy-epochs", "1"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    # Same initial weights and the same shuffles: after one epoch, nnlib (float32) and the
    # original float64 loop reach the same loss and accuracy up to float32 rounding (they
    # agreed to all four printed digits in the runs we made; a wrong gradient is off by far more).
    epochs = {name: (float(loss), float(acc)) for name, loss, acc in re.findall(
        r"^epoch 1 +(nnlib|loop) +[\d.]+ s +loss ([\d.]+) +accuracy ([\d.]+)$", run.stdout, flags=re.MULTILINE)}
    assert set(epochs) == {"nnlib", "loop"}, run.stdout
    assert abs(epochs["nnlib"][0] - epochs["loop"][0]) < 2e-3
    assert abs(epochs["nnlib"][1] - epochs["loop"][1]) < 2e-3
    row = next(line for line in run.stdout.splitlines() if line.startswith("| 1 |"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert len(cells) == 8
    assert float(cells[1]) > 0 and float(cells[4]) > 0  # nnlib and loop seconds per epoch
    # The busy-machine table: one row for this nnlib.py, five numbers (what they are is the
    # benchmark's business; here only that the workers trained and reported).
    busy = next(line for line in run.stdout.splitlines() if line.startswith(f"| {BENCH.parent.parent} |"))
    numbers = [float(cell) for cell in busy.strip("|").split("|")[1:]]
    assert len(numbers) == 5 and all(x > 0 for x in numbers)
