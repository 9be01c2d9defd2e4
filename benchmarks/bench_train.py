"""Benchmark nnlib.train on the reference network, against PyTorch and a float64 loop.

    python benchmarks/bench_train.py                # all cores, 3 epochs per contender
    python benchmarks/bench_train.py --threads 1    # single-threaded BLAS everywhere
    python benchmarks/bench_train.py --full-run     # peak memory of the 110-epoch run

What it measures, all in one process so the numbers share one machine state:

* data load: the first load of both splits from the gz files in the process
  ("cold" for Python; the OS file cache may be warm), the median of a few
  repeats, and the CSV path (the test split written as a Kaggle CSV to a
  temporary folder and read back through nnlib.load_fashion_mnist);
* training 784 -> 128 -> 10 -> 10 (uniform init, batch 64, lr 0.1, plain SGD,
  all 60,000 training images) for a few epochs with three contenders taking
  turns epoch by epoch (A B C A B C ...), so that a slow spell of the machine
  hits all of them alike, each from the same initial weights:
    1. nnlib.train, float32;
    2. PyTorch on the CPU, if it is installed (optional, benchmark only);
    3. a float64, samples-as-columns loop written the way the original project
       wrote it: W @ X + b with X of shape (784, n), a shuffled copy of the
       data every epoch, explicit formulas;
* the peak-FLOP bound: the GEMM FLOPs of one nnlib epoch divided by the speed
  of a large sgemm measured in the same run;
* peak memory (max RSS) of a complete nnlib training run, in a child process.

It prints Markdown tables the README can quote and, for each target of issue
4, PASS or MISS. It is a report, not a test: nothing here asserts a timing.
"""
import argparse
import os
import sys


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count(),
                        help="BLAS / PyTorch threads (default: all cores, %(default)s here)")
    parser.add_argument("--epochs", type=int, default=3,
                        help="timed epochs per contender (default %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="seed of init and shuffling")
    parser.add_argument("--load-repeats", type=int, default=5,
                        help="repeats of the gz load after the cold one (default %(default)s)")
    parser.add_argument("--csv-train", action="store_true",
                        help="also time the CSV path for the train split (adds ~10 s)")
    parser.add_argument("--gemm-size", type=int, default=4096,
                        help="size of the square sgemm that measures peak speed")
    parser.add_argument("--mem-epochs", type=int, default=5,
                        help="epochs of the child run whose peak memory is measured")
    parser.add_argument("--full-run", action="store_true",
                        help="measure peak memory on the full 110-epoch reference run")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch even if installed")
    args = parser.parse_args(argv)
    if args.threads < 1 or args.epochs < 1:
        parser.error("--threads and --epochs must be at least 1")
    if args.full_run:
        args.mem_epochs = 110
    return args


ARGS = parse_args()
# BLAS libraries read their thread count once, when they are loaded, so it has
# to be in the environment before numpy (or torch) is imported. The child
# process of the memory measurement inherits it. OPENBLAS_CORETYPE and friends
# are left exactly as the caller set them.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = str(ARGS.threads)

import ctypes  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
import nnlib  # noqa: E402

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None

LAYER_SIZES = [784, 128, 10, 10]
BATCH_SIZE = 64
LR = 0.1
REFERENCE_EPOCHS = 110  # the reference run of notebook 04

# Targets of issue 4.
TARGET_VS_TORCH = 0.5        # nnlib epoch <= 0.5 x PyTorch epoch
TARGET_VS_REFERENCE = 3.0    # nnlib >= 3 x faster than the float64 loop
TARGET_VS_BOUND = 2.5        # nnlib epoch <= 2.5 x the peak-FLOP bound
TARGET_COLD_LOAD_S = 0.5     # both splits from the gz files
TARGET_PEAK_MB = 600         # max RSS of a full training run


# ---------------------------------------------------------------------------
# Machine description
# ---------------------------------------------------------------------------

def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _openblas_library():
    """numpy's OpenBLAS as a ctypes handle, or None (Linux only; enough to ask its core)."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return None
    paths = {line.split()[-1] for line in maps.splitlines() if "openblas" in line.lower()}
    for path in sorted(paths):
        if "numpy" in path or len(paths) == 1:
            try:
                return ctypes.CDLL(path)
            except OSError:
                return None
    return None


def _openblas_call(lib, names, restype):
    """Call the first of `names` that `lib` exports (the symbol prefix differs per build)."""
    for name in names:
        function = getattr(lib, name, None)
        if function is not None:
            function.restype = restype
            return function()
    return None


def numpy_blas():
    """One line on the BLAS numpy uses: library, version, core type, threads."""
    try:
        from threadpoolctl import threadpool_info
        for info in threadpool_info():
            if info.get("user_api") == "blas" and "numpy" in info.get("filepath", ""):
                return (f"{info.get('internal_api')} {info.get('version')}, core type "
                        f"{info.get('architecture')}, threads: {info.get('num_threads')} "
                        f"(threadpoolctl)")
    except ImportError:
        pass
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        name = f"{blas.get('name')} {blas.get('version')}"
    except Exception:  # older numpy without mode="dicts"
        name = "BLAS (see numpy.show_config())"
    lib = _openblas_library()
    if lib is None:
        return name
    core = _openblas_call(lib, ["openblas_get_corename", "openblas_get_corename64_",
                                "scipy_openblas_get_corename64_"], ctypes.c_char_p)
    threads = _openblas_call(lib, ["openblas_get_num_threads", "openblas_get_num_threads64_",
                                   "scipy_openblas_get_num_threads64_"], ctypes.c_int)
    core = core.decode() if core else "unknown"
    return f"{name}, core type {core}, threads: {threads}"


def describe_machine():
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    lines = [
        f"CPU: {cpu_model()}, {os.cpu_count()} logical cores; threads used: {ARGS.threads}",
        f"Python {platform.python_version()}, numpy {np.__version__}, "
        f"PyTorch {torch.__version__ if torch else 'not installed'}",
        f"numpy BLAS: {numpy_blas()}",
        f"OPENBLAS_CORETYPE={coretype or '(unset: auto-detected)'}, "
        f"OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE', '(unset)')}",
    ]
    if torch:
        lines.append(f"PyTorch threads: {torch.get_num_threads()}, "
                     f"BLAS: {'MKL' if torch.backends.mkl.is_available() else 'not MKL'}")
    return lines


# ---------------------------------------------------------------------------
# Timing helpers
# ---------------------------------------------------------------------------

def summary(times):
    """Median and min-max of a list of seconds, as numbers and as text."""
    times = np.asarray(times)
    median = float(np.median(times))
    return median, f"{times.min():.3f}-{times.max():.3f}"


def time_data_load():
    """Seconds to load both splits: the first time in this process, then repeats."""
    start = time.perf_counter()
    X, y = nnlib.load_fashion_mnist("train")
    nnlib.load_fashion_mnist("test")
    cold = time.perf_counter() - start
    repeats = []
    for _ in range(ARGS.load_repeats):
        start = time.perf_counter()
        nnlib.load_fashion_mnist("train")
        nnlib.load_fashion_mnist("test")
        repeats.append(time.perf_counter() - start)
    folder = nnlib.find_data_dir("train")
    kind = "gz files" if any(folder.glob("*-ubyte.gz")) else "files"
    return X, y, cold, repeats, f"{kind} in {folder}"


def write_kaggle_csv(path, X, y):
    """Write X, y in the Kaggle layout: header label,pixel1..pixel784, one image per row."""
    header = ",".join(["label"] + [f"pixel{i}" for i in range(1, nnlib.NUM_PIXELS + 1)])
    np.savetxt(path, np.column_stack([y, X]), fmt="%d", delimiter=",", header=header,
               comments="")


def time_csv_load(splits):
    """Seconds to import pandas, and {split: seconds} to load a temporary Kaggle CSV."""
    start = time.perf_counter()
    import pandas  # noqa: F401  (nnlib imports it on the first CSV load; timed apart)
    pandas_import = time.perf_counter() - start
    seconds = {}
    with tempfile.TemporaryDirectory(prefix="nnlib-bench-") as folder:
        for split in splits:
            X, y = nnlib.load_fashion_mnist(split)
            write_kaggle_csv(Path(folder) / nnlib.CSV_FILES[split], X, y)
            start = time.perf_counter()
            X_csv, y_csv = nnlib.load_fashion_mnist(split, data_dir=folder)
            seconds[split] = time.perf_counter() - start
            if not (np.array_equal(X_csv, X) and np.array_equal(y_csv, y)):
                print(f"warning: the CSV round trip of {split} changed the data")
    return pandas_import, seconds


def peak_sgemm_gflops(size, repeats=3):
    """Best GFLOP/s of a (size x size) float32 matrix product over a few runs."""
    rng = np.random.default_rng(0)
    A = rng.random((size, size), dtype=np.float32)
    B = rng.random((size, size), dtype=np.float32)
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        A @ B
        best = min(best, time.perf_counter() - start)
    return 2 * size ** 3 / best / 1e9


def epoch_flops(layer_sizes, n):
    """Matrix-product FLOPs of one nnlib epoch over n samples (elementwise work ignored).

    Per layer of shape (fan_in, fan_out), nnlib does the forward X @ W and the
    weight gradient X.T @ dZ, each 2 * n * fan_in * fan_out FLOPs, and the
    input gradient dZ @ W.T for every layer but the first (dense_backward
    skips it there: nothing needs the gradient of the pixels).
    """
    shapes = list(zip(layer_sizes[:-1], layer_sizes[1:]))
    weights = sum(fan_in * fan_out for fan_in, fan_out in shapes)
    input_grads = sum(fan_in * fan_out for fan_in, fan_out in shapes[1:])
    return 2 * n * (2 * weights + input_grads)


# ---------------------------------------------------------------------------
# The three contenders. Each is an object whose run_epoch() trains one epoch
# and returns (seconds, mean train loss, train accuracy).
# ---------------------------------------------------------------------------

class NnlibContender:
    name = "nnlib.train (float32)"
    notes = "epoch time as nnlib reports it (history['seconds'])"

    def __init__(self, params, X, y, seed):
        self.params = [(W.copy(), b.copy()) for W, b in params]
        self.X, self.y = X, y
        self.rng = np.random.default_rng(seed)
        self.check_seconds = []

    def run_epoch(self):
        # One call per epoch so the contenders can take turns; the rng carries
        # on, so the shuffles are those of a single multi-epoch call. The
        # input checks run once per call, so they are timed apart.
        start = time.perf_counter()
        history = nnlib.train(self.params, self.X, self.y, epochs=1, batch_size=BATCH_SIZE,
                              lr=LR, rng=self.rng)
        seconds = history["seconds"][0]
        self.check_seconds.append(time.perf_counter() - start - seconds)
        return seconds, history["train_loss"][0], history["train_acc"][0]


class TorchContender:
    name = f"PyTorch {torch.__version__} CPU" if torch else "PyTorch CPU"
    notes = ("nn.Linear + SGD + F.cross_entropy; batches gathered by indexing the data "
             "tensor with a permutation (faster than a DataLoader); nnlib's shuffles")

    def __init__(self, params, X, y, seed):
        torch.set_num_threads(ARGS.threads)
        torch.manual_seed(seed)
        layers = []
        for i, (W, b) in enumerate(params):
            linear = torch.nn.Linear(*W.shape)
            with torch.no_grad():  # same initial weights as nnlib (torch stores W.T)
                linear.weight.copy_(torch.from_numpy(W.T))
                linear.bias.copy_(torch.from_numpy(b))
            layers.append(linear)
            if i < len(params) - 1:
                layers.append(torch.nn.ReLU())
        self.model = torch.nn.Sequential(*layers)
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=LR)
        self.X = torch.from_numpy(X)  # shares memory with the numpy array
        self.y = torch.from_numpy(y.astype(np.int64))
        # The same shuffles as nnlib (numpy, same seed), so the three contenders
        # should end each epoch with the same loss: a check that they do the
        # same work.
        self.rng = np.random.default_rng(seed)

    def run_epoch(self):
        n = len(self.X)
        start = time.perf_counter()
        order = torch.from_numpy(self.rng.permutation(n))
        loss_sum, correct = 0.0, 0
        for first in range(0, n, BATCH_SIZE):
            idx = order[first:first + BATCH_SIZE]
            xb, yb = self.X[idx], self.y[idx]
            logits = self.model(xb)
            loss = F.cross_entropy(logits, yb)
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            self.optimizer.step()
            # The same epoch statistics nnlib.train keeps.
            loss_sum += loss.item() * len(yb)
            correct += (logits.argmax(dim=1) == yb).sum().item()
        return time.perf_counter() - start, loss_sum / n, correct / n


class ReferenceContender:
    """float64, samples as columns, the way the original project was written."""
    name = "float64 reference loop"
    notes = "W @ X + b, X (784, n) float64, shuffled copy of X each epoch"

    def __init__(self, params, X, y, seed):
        # Columns are samples: W is (fan_out, fan_in), b a column (fan_out, 1).
        self.weights = [W.T.astype(np.float64) for W, _ in params]
        self.biases = [b.astype(np.float64)[:, None] for _, b in params]
        self.X = X.T.astype(np.float64)           # (784, n)
        self.Y = np.eye(10)[y].T                  # one-hot, (10, n)
        self.labels = y
        self.rng = np.random.default_rng(seed)

    def run_epoch(self):
        W1, W2, W3 = self.weights
        b1, b2, b3 = self.biases
        n = self.X.shape[1]
        start = time.perf_counter()
        perm = self.rng.permutation(n)
        X, Y, labels = self.X[:, perm], self.Y[:, perm], self.labels[perm]
        loss_sum, correct = 0.0, 0
        for first in range(0, n, BATCH_SIZE):
            x, t = X[:, first:first + BATCH_SIZE], Y[:, first:first + BATCH_SIZE]
            label = labels[first:first + BATCH_SIZE]
            m = x.shape[1]
            Z1 = W1 @ x + b1
            A1 = np.maximum(Z1, 0)
            Z2 = W2 @ A1 + b2
            A2 = np.maximum(Z2, 0)
            Z3 = W3 @ A2 + b3
            E = np.exp(Z3 - Z3.max(axis=0))
            P = E / E.sum(axis=0)
            loss_sum -= np.sum(np.log(P[label, np.arange(m)]))
            correct += int(np.sum(P.argmax(axis=0) == label))
            dZ3 = (P - t) / m
            dZ2 = (W3.T @ dZ3) * (Z2 > 0)
            dZ1 = (W2.T @ dZ2) * (Z1 > 0)
            W3 -= LR * (dZ3 @ A2.T)
            b3 -= LR * dZ3.sum(axis=1, keepdims=True)
            W2 -= LR * (dZ2 @ A1.T)
            b2 -= LR * dZ2.sum(axis=1, keepdims=True)
            W1 -= LR * (dZ1 @ x.T)
            b1 -= LR * dZ1.sum(axis=1, keepdims=True)
        return time.perf_counter() - start, loss_sum / n, correct / n


def race(contenders, epochs, pause=0.2):
    """Train every contender `epochs` epochs, taking turns: {name: [(s, loss, acc), ...]}."""
    results = {c.name: [] for c in contenders}
    for epoch in range(epochs):
        for contender in contenders:
            # BLAS and OpenMP worker threads keep spinning for a moment after
            # their last call; a short pause keeps one contender's spinning
            # threads from running into the next one's epoch.
            time.sleep(pause)
            seconds, loss, acc = contender.run_epoch()
            results[contender.name].append((seconds, loss, acc))
            print(f"  epoch {epoch + 1}/{epochs}  {contender.name:28s} {seconds:7.3f} s  "
                  f"loss {loss:.4f}  acc {acc:.4f}", flush=True)
    return results


# ---------------------------------------------------------------------------
# Peak memory of a whole training run, in a child process
# ---------------------------------------------------------------------------

# What a student's notebook does: load, scale, split, train with validation.
# The child reports its own peak resident set size. On Linux that is VmHWM
# from /proc: ru_maxrss would not do, because the kernel carries the parent's
# peak over into a child across fork and exec, so every child would seem at
# least as large as this benchmark process.
CHILD_RUN = """
import resource, sys
import numpy as np
import nnlib
epochs = int(sys.argv[1])
X_train_full, y_train_full = nnlib.load_fashion_mnist("train")
X_scaled = nnlib.scale_pixels(X_train_full)
X_train, y_train, X_val, y_val = nnlib.train_val_split(X_scaled, y_train_full,
                                                       val_size=10_000, seed=0)
params = nnlib.init_params([784, 128, 10, 10], rng=np.random.default_rng(0))
nnlib.train(params, X_train, y_train, epochs=epochs, batch_size=64, lr=0.1,
            rng=np.random.default_rng(0), X_val=X_val, y_val=y_val)
try:
    status = open("/proc/self/status").read().split("VmHWM:")[1]
    print(int(status.split()[0]) * 1024)
except OSError:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(rss if sys.platform == "darwin" else rss * 1024)
"""


def peak_memory_mb(epochs):
    """Peak RSS in MB (10^6 bytes) of a child process that trains `epochs` epochs."""
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    done = subprocess.run([sys.executable, "-c", CHILD_RUN, str(epochs)], env=env,
                          capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1]) / 1e6


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

def verdict(ok):
    return "PASS" if ok else "MISS"


def main():
    print(f"# nnlib training benchmark ({time.strftime('%Y-%m-%d %H:%M')})\n")
    for line in describe_machine():
        print(f"- {line}")
    load_before = os.getloadavg()
    print(f"- load average at start: {' '.join(f'{x:.2f}' for x in load_before)}\n")
    if load_before[0] > os.cpu_count() - ARGS.threads + 1:
        # Multi-threaded BLAS and OpenMP wait for each other's threads at every
        # small matrix product; when other programs hold the cores, those waits
        # can stretch an epoch tenfold.
        print(f"WARNING: load average {load_before[0]:.1f} on {os.cpu_count()} cores: the "
              "CPU is, or was a minute ago, busy. Timings will be inflated (with several "
              "threads, badly); rerun on an idle machine.\n")
    sys.stdout.flush()

    print("Timing the data load ...", flush=True)
    X_raw, y, cold_load, load_repeats, source = time_data_load()
    pandas_import, csv_seconds = time_csv_load(["test", "train"] if ARGS.csv_train else ["test"])

    print(f"Measuring peak sgemm speed ({ARGS.gemm_size}x{ARGS.gemm_size}) ...", flush=True)
    peak_gflops = peak_sgemm_gflops(ARGS.gemm_size)

    X = nnlib.scale_pixels(X_raw)
    params = nnlib.init_params(LAYER_SIZES, rng=np.random.default_rng(ARGS.seed))
    contenders = [NnlibContender(params, X, y, ARGS.seed)]
    torch_missing = "skipped (--no-torch)" if ARGS.no_torch else None
    if torch is None:
        torch_missing = "not installed"
    if not torch_missing:
        contenders.append(TorchContender(params, X, y, ARGS.seed))
    contenders.append(ReferenceContender(params, X, y, ARGS.seed))
    print(f"Training {ARGS.epochs} epochs per contender, taking turns ...", flush=True)
    results = race(contenders, ARGS.epochs)
    # Once more after training: the best speed seen is the closest to the true
    # peak, and a busy spell during one measurement then cannot shrink the bound.
    peak_gflops = max(peak_gflops, peak_sgemm_gflops(ARGS.gemm_size))

    mem_epochs = sorted({2, ARGS.mem_epochs})
    print(f"Peak memory of child training runs ({', '.join(map(str, mem_epochs))} epochs) ...",
          flush=True)
    peak_mb = {e: peak_memory_mb(e) for e in mem_epochs}
    load_after = os.getloadavg()

    # --- Training table ------------------------------------------------------
    medians = {name: summary([r[0] for r in rows])[0] for name, rows in results.items()}
    nnlib_s = medians[NnlibContender.name]
    flops = epoch_flops(LAYER_SIZES, len(X))
    bound_s = flops / (peak_gflops * 1e9)
    print(f"\n## Training: 784-128-10-10, batch {BATCH_SIZE}, lr {LR}, {len(X):,} images, "
          f"{ARGS.threads} thread(s), {ARGS.epochs} epochs each, interleaved\n")
    print("| contender | median s/epoch | min-max | nnlib ÷ this | last-epoch loss / acc "
          "| notes |")
    print("|---|---:|---:|---:|---:|---|")
    for contender in contenders:
        rows = results[contender.name]
        median, spread = summary([r[0] for r in rows])
        _, loss, acc = rows[-1]
        print(f"| {contender.name} | {median:.3f} | {spread} | {nnlib_s / median:.2f} | "
              f"{loss:.4f} / {acc:.4f} | {contender.notes} |")
    if torch_missing:
        print(f"| PyTorch CPU | {torch_missing} | | | | optional: pip install torch |")
    print(f"| peak-FLOP bound | {bound_s:.3f} | | {nnlib_s / bound_s:.2f} | | "
          f"{flops / 1e9:.2f} GFLOP per epoch at the measured {peak_gflops:.0f} GFLOP/s "
          f"(best {ARGS.gemm_size}² sgemm, before and after training) |")
    check_s = np.median(contenders[0].check_seconds)
    print(f"\n(nnlib.train's one-off input checks, outside the epoch time: {check_s:.3f} s "
          "per call.)")

    # --- Data and memory -----------------------------------------------------
    print("\n## Data load and memory\n")
    print("| what | value | notes |")
    print("|---|---:|---|")
    print(f"| cold load, train + test | {cold_load:.3f} s | first load in this process, "
          f"{source} |")
    if load_repeats:
        median, spread = summary(load_repeats)
        print(f"| repeated load, train + test | {median:.3f} s | median of {len(load_repeats)}, "
              f"{spread} s |")
    for split, seconds in csv_seconds.items():
        note = "Kaggle CSV in a temporary folder"
        if split == "test":
            note += f"; importing pandas first took {pandas_import:.3f} s more"
        print(f"| CSV load, {split} | {seconds:.3f} s | {note} |")
    for epochs, mb in peak_mb.items():
        print(f"| peak memory, {epochs}-epoch run | {mb:.0f} MB | child process: load, scale, "
              "50k/10k split, train with validation |")

    # --- Targets -------------------------------------------------------------
    print(f"\n## Targets (issue 4), {ARGS.threads} thread(s)\n")
    print("| target | measured | verdict |")
    print("|---|---:|---|")
    torch_name = TorchContender.name
    if torch_name in medians:
        ratio = nnlib_s / medians[torch_name]
        print(f"| nnlib epoch <= {TARGET_VS_TORCH} x PyTorch | {ratio:.3f} x | "
              f"{verdict(ratio <= TARGET_VS_TORCH)} |")
    else:
        print(f"| nnlib epoch <= {TARGET_VS_TORCH} x PyTorch | PyTorch {torch_missing} | n/a |")
    speedup = medians[ReferenceContender.name] / nnlib_s
    print(f"| nnlib >= {TARGET_VS_REFERENCE:.0f} x faster than the float64 loop | "
          f"{speedup:.3f} x faster | {verdict(speedup >= TARGET_VS_REFERENCE)} |")
    print(f"| nnlib epoch <= {TARGET_VS_BOUND} x the peak-FLOP bound | "
          f"{nnlib_s / bound_s:.3f} x | {verdict(nnlib_s / bound_s <= TARGET_VS_BOUND)} |")
    print(f"| cold load of both splits <= {TARGET_COLD_LOAD_S} s | {cold_load:.3f} s | "
          f"{verdict(cold_load <= TARGET_COLD_LOAD_S)} |")
    mem_run = max(peak_mb)
    full = " (full run)" if mem_run >= REFERENCE_EPOCHS else ""
    print(f"| peak memory <= {TARGET_PEAK_MB} MB | {peak_mb[mem_run]:.0f} MB, "
          f"{mem_run} epochs{full} | {verdict(peak_mb[mem_run] <= TARGET_PEAK_MB)} |")

    if len(peak_mb) > 1:
        growth = peak_mb[mem_run] - peak_mb[min(peak_mb)]
        grows = "it does not grow with the epochs, so a short run stands for the full one" \
            if abs(growth) < 10 else "it GROWS with the epochs: measure with --full-run"
        print(f"\nPeak memory after {mem_run} epochs minus after {min(peak_mb)}: "
              f"{round(growth):+d} MB: {grows}.")
    print(f"Load average at the end: {' '.join(f'{x:.2f}' for x in load_after)} on "
          f"{os.cpu_count()} cores; a load above the thread count means other work "
          "shared the CPU and the times are inflated.")


if __name__ == "__main__":
    main()
