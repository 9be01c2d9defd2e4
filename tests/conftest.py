"""Shared fixtures: the real Fashion-MNIST data, loaded once per test session.

Also registers the `slow` marker: `make check` runs `-m "not slow"` (the
everyday tier, under a minute); `make test` runs every test.

The arrays handed out here are marked read-only, so a test (or an nnlib
function under test) that tries to modify them in place fails loudly instead
of silently corrupting every later test.
"""
import os
import sys
from pathlib import Path

# The tests multiply small matrices (a handful of rows) hundreds of thousands
# of times. OpenBLAS's worker threads make each such product far slower on a
# busy machine (measured: 27 ms instead of 0.15 ms per forward pass on two
# shared cores), so this process uses one BLAS thread unless told otherwise.
# The variables are read once, when NumPy loads OpenBLAS, and are put back
# right after, so processes started later (nbval's notebook kernels) keep
# their own default.
_BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
_saved_env = {name: os.environ.get(name) for name in _BLAS_THREAD_VARS}
for _name in _BLAS_THREAD_VARS:
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

for _name, _value in _saved_env.items():
    if _value is None:
        os.environ.pop(_name, None)
    else:
        os.environ[_name] = _value

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nnlib  # noqa: E402

support = sys.modules["nnlib_support"]  # nnlib's plumbing (tools/nnlib_support.py), loaded by nnlib
SEED = 0


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: takes several seconds (the benchmark, the full-size gradient check, two "
                   "processes downloading at once); `make check` skips these, `make test` runs them")


def _frozen(*arrays):
    for array in arrays:
        array.flags.writeable = False
    return arrays


@pytest.fixture(scope="session")
def train_raw():
    """The 60,000 training images (uint8) and labels, as the loader returns them."""
    X, y = nnlib.load_fashion_mnist("train")
    return _frozen(X, y)


@pytest.fixture(scope="session")
def test_raw():
    """The 10,000 test images (uint8) and labels."""
    X, y = nnlib.load_fashion_mnist("test")
    return _frozen(X, y)


@pytest.fixture(scope="session")
def split(train_raw):
    """The course's split: 50,000 training / 10,000 validation rows, float32 in [0, 1]."""
    X, y = train_raw
    X_train, y_train, X_val, y_val = nnlib.train_val_split(
        nnlib.scale_pixels(X), y, val_size=10_000, rng=np.random.default_rng(SEED))
    return _frozen(X_train, y_train, X_val, y_val)


@pytest.fixture(scope="session")
def small_train(split):
    """A stratified 10,000-image subset of the training rows (1,000 per class)."""
    X_train, y_train, _, _ = split
    _, _, X_small, y_small = nnlib.train_val_split(X_train, y_train, val_size=10_000, rng=np.random.default_rng(1))
    return _frozen(X_small, y_small)


@pytest.fixture(scope="session")
def system_data_dir():
    """The folder holding the official .gz files (the Debian package's, normally)."""
    folder = support._find_data_dir("test")
    if folder is None or not all(
            (folder / f"{name}.gz").is_file() for name in nnlib.SHA256):
        pytest.fail("these tests need the four official .gz files: run `make data` "
                    "or install dataset-fashion-mnist")
    return folder
