"""How long one epoch of nnlib.train takes: beside PyTorch and a float64 loop, and on a busy machine.

    python benchmarks/bench_train.py                 # BLAS on all cores, 3 epochs each
    python benchmarks/bench_train.py --threads 1     # one BLAS / PyTorch thread
    python benchmarks/bench_train.py --nnlib DIR     # time DIR/nnlib.py instead
    python benchmarks/bench_train.py --baseline DIR  # also DIR/nnlib.py on a busy machine

The reference network, 784-128-10-10 (uniform init, batch 64, lr 0.1, plain
SGD), is trained on all 60,000 training images by three contenders that start
from the same weights, shuffle alike and take turns epoch by epoch, so that a
busy spell of the machine slows all of them: (1) nnlib.train in float32;
(2) PyTorch on the CPU, if installed (for this comparison only: the course
never needs it); (3) a float64 loop with samples as columns, written like the
original project.

It prints each epoch as it goes, then one Markdown table: the median seconds
per epoch, nnlib ÷ PyTorch, loop ÷ nnlib, the peak-FLOP bound (the matrix
FLOPs of an epoch at the speed of a large sgemm timed in the same run) and the
time of the first load of both splits. It reports; it asserts nothing.

Then the second table, a busy machine: nnlib.train in fresh processes that
set no thread variables (as a student's kernel), (1) alone, (2) beside as many
CPU-bound processes as there are cores, (3) as N = 2 and 4 trainings started
at once (a classroom server running several students' kernels). "busy ÷
quiet" is the median epoch beside the CPU-bound processes over the median
quiet epoch; "N at once" is the wall time of the N trainings over N/C times
one quiet training on C cores (1.00: the cores are shared fairly, no time is
lost to threads waiting for each other). With --baseline, another nnlib.py
(e.g. a checkout of an older commit) gets a row of its own in the same run.

With two threads, nnlib's epoch time also depends on whether numpy happened to
put the first weight matrix on a 64-byte boundary (0.36 s against 0.45 s on a
2-core Xeon; one thread does not care): run it a few times before quoting it.
"""
import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count(),
                        help="BLAS and PyTorch threads (default: all %(default)s cores)")
    parser.add_argument("--epochs", type=int, default=3, help="epochs per contender")
    parser.add_argument("--nnlib", type=Path, default=Path(__file__).resolve().parents[1],
                        help="folder holding the nnlib.py to time (default: the repo's)")
    parser.add_argument("--baseline", type=Path, action="append", default=[],
                        help="another folder with an nnlib.py for the busy-machine table")
    parser.add_argument("--busy-epochs", type=int, default=3,
                        help="epochs per training in the busy-machine table (0: skip it)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.threads < 1 or args.epochs < 1 or args.busy_epochs < 0:
        parser.error("--threads and --epochs must be at least 1, --busy-epochs at least 0")
    for folder in [args.nnlib, *args.baseline]:
        if not (folder / "nnlib.py").is_file():
            parser.error(f"no nnlib.py in {folder}")
    return args


ARGS = parse_args()
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NNLIB_THREADS")
# OpenBLAS, MKL and OpenMP read their thread count once, when they load, so it
# must be in the environment before numpy or torch is imported. A worker of the
# busy-machine table keeps the environment it was given (none of them).
# NNLIB_THREADS is the number nnlib.train limits BLAS to (1 when unset).
if not ARGS.worker:
    for variable in THREAD_VARIABLES:
        os.environ[variable] = str(ARGS.threads)

import numpy as np  # noqa: E402

sys.path.insert(0, str(ARGS.nnlib.resolve()))
import nnlib  # noqa: E402

sys.path.append(str(Path(__file__).resolve().parent.parent / "tools"))
from nnlib_support import cpu_model  # noqa: E402  (this repository's, whichever nnlib is measured)

try:
    import torch
except ImportError:
    torch = None

LAYERS = [784, 128, 10, 10]
BATCH_SIZE = 64
LR = 0.1


def nnlib_epochs(params, X, y):
    """Yield (seconds, loss, accuracy) per epoch of nnlib.train, one call per epoch."""
    params = [(W.copy(), b.copy()) for W, b in params]
    rng = np.random.default_rng(0)  # carries on, so the shuffles match one long call
    while True:
        history = nnlib.train(params, X, y, epochs=1, batch_size=BATCH_SIZE, lr=LR, rng=rng)
        # The epoch as train() times it: its input checks run once per call.
        yield history["seconds"][0], history["train_loss"][0], history["train_acc"][0]


def torch_epochs(params, X, y):
    """Yield (seconds, loss, accuracy) per epoch of the same network in PyTorch."""
    torch.set_num_threads(ARGS.threads)
    layers = []
    for W, b in params:
        linear = torch.nn.Linear(*W.shape)
        with torch.no_grad():  # PyTorch stores the weights transposed
            linear.weight.copy_(torch.from_numpy(W.T))
            linear.bias.copy_(torch.from_numpy(b))
        layers += [linear, torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1])
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    X, y = torch.from_numpy(X), torch.from_numpy(y.astype(np.int64))
    rng = np.random.default_rng(0)  # nnlib's shuffles
    while True:
        start = time.perf_counter()
        order = torch.from_numpy(rng.permutation(len(X)))
        loss_sum, correct = 0.0, 0
        for first in range(0, len(X), BATCH_SIZE):
            idx = order[first:first + BATCH_SIZE]
            logits = model(X[idx])
            loss = torch.nn.functional.cross_entropy(logits, y[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(idx)  # the statistics nnlib.train keeps
            correct += (logits.argmax(dim=1) == y[idx]).sum().item()
        yield time.perf_counter() - start, loss_sum / len(X), correct / len(X)


def loop_epochs(params, X, y):
    """Yield (seconds, loss, accuracy) per epoch of the original project's float64 loop.

    Samples are columns: Z = W @ X + b with X (784, n) and b (fan_out, 1).
    """
    (W1, b1), (W2, b2), (W3, b3) = [(W.T.astype(np.float64), b.astype(np.float64)[:, None])
                                    for W, b in params]
    X, Y = X.T.astype(np.float64), np.eye(10)[y].T
    rng = np.random.default_rng(0)
    while True:
        start = time.perf_counter()
        order = rng.permutation(len(y))
        X_epoch, Y_epoch, y_epoch = X[:, order], Y[:, order], y[order]
        loss_sum, correct = 0.0, 0
        for first in range(0, len(y), BATCH_SIZE):
            batch = slice(first, first + BATCH_SIZE)
            x, t, labels = X_epoch[:, batch], Y_epoch[:, batch], y_epoch[batch]
            Z1 = W1 @ x + b1
            A1 = np.maximum(Z1, 0)
            Z2 = W2 @ A1 + b2
            A2 = np.maximum(Z2, 0)
            Z3 = W3 @ A2 + b3
            E = np.exp(Z3 - Z3.max(axis=0))
            P = E / E.sum(axis=0)
            loss_sum -= np.log(P[labels, np.arange(len(labels))]).sum()
            correct += np.count_nonzero(P.argmax(axis=0) == labels)
            dZ3 = (P - t) / x.shape[1]
            dZ2 = (W3.T @ dZ3) * (Z2 > 0)
            dZ1 = (W2.T @ dZ2) * (Z1 > 0)
            W3 -= LR * (dZ3 @ A2.T)
            b3 -= LR * dZ3.sum(axis=1, keepdims=True)
            W2 -= LR * (dZ2 @ A1.T)
            b2 -= LR * dZ2.sum(axis=1, keepdims=True)
            W1 -= LR * (dZ1 @ x.T)
            b1 -= LR * dZ1.sum(axis=1, keepdims=True)
        yield time.perf_counter() - start, loss_sum / len(y), correct / len(y)


def take_turns(contenders, epochs):
    """{name: [seconds per epoch]}, the contenders taking turns epoch by epoch."""
    seconds = {name: [] for name in contenders}
    for epoch in range(1, epochs + 1):
        for name, epochs_of in contenders.items():
            time.sleep(0.2)  # lets the last contender's BLAS threads stop spinning
            epoch_seconds, loss, acc = next(epochs_of)
            seconds[name].append(epoch_seconds)
            print(f"epoch {epoch}  {name:8s} {epoch_seconds:7.3f} s  loss {loss:.4f}  "
                  f"accuracy {acc:.4f}", flush=True)
    return seconds


def epoch_gflop(n):
    """Matrix-product GFLOP of one epoch over n images, elementwise work ignored.

    Per layer X @ W, X.T @ dZ and dZ @ W.T (skipped by the first layer) cost
    2 * n * fan_in * fan_out FLOPs each.
    """
    sizes = [fan_in * fan_out for fan_in, fan_out in zip(LAYERS[:-1], LAYERS[1:])]
    return 2 * n * (2 * sum(sizes) + sum(sizes[1:])) / 1e9


def sgemm_gflops(size=4096, repeats=3):
    """GFLOP/s of the fastest of a few (size x size) float32 matrix products."""
    A, B = np.random.default_rng(0).random((2, size, size), dtype=np.float32)
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        A @ B
        best = min(best, time.perf_counter() - start)
    return 2 * size ** 3 / best / 1e9


def load_data():
    """Training images scaled to float32, labels, and seconds to load both splits."""
    start = time.perf_counter()
    X, y = nnlib.load_fashion_mnist("train")
    nnlib.load_fashion_mnist("test")
    seconds = time.perf_counter() - start
    return nnlib.scale_pixels(X), y, seconds


def describe_machine():
    """The CPU, the libraries, how busy the machine is and which nnlib runs."""
    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    print(f"{cpu_model()}, {os.cpu_count()} cores, {ARGS.threads} thread(s), load average "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"numpy {np.__version__} ({blas['name']} {blas['version']}, OPENBLAS_CORETYPE="
          f"{os.environ.get('OPENBLAS_CORETYPE', 'unset')}), "
          f"PyTorch {torch.__version__ if torch else 'not installed'}, "
          f"nnlib from {Path(nnlib.__file__).resolve()}", flush=True)


def report(seconds, bound, load_seconds):
    """Print the Markdown table: a header and one row for this run."""
    nnlib_s, loop_s = seconds["nnlib"], seconds["loop"]
    torch_s = seconds.get("PyTorch")
    torch_cells = f"{torch_s:.3f} | {nnlib_s / torch_s:.2f}" if torch_s else "– | –"
    print("\n| threads | nnlib s/epoch | PyTorch s/epoch | nnlib ÷ PyTorch | float64 loop "
          "s/epoch | loop ÷ nnlib | peak-FLOP bound s/epoch | load train + test s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {ARGS.threads} | {nnlib_s:.3f} | {torch_cells} | {loop_s:.3f} | "
          f"{loop_s / nnlib_s:.1f} | {bound:.3f} | {load_seconds:.2f} |")


def worker():
    """One training in a process of its own: load, say "ready", wait for "go", train, report."""
    X, y, _ = load_data()
    params = nnlib.init_params(LAYERS, "uniform", rng=np.random.default_rng(0))
    print("ready", flush=True)
    sys.stdin.readline()
    start = time.time()
    history = nnlib.train(params, X, y, epochs=ARGS.busy_epochs, batch_size=BATCH_SIZE, lr=LR,
                          rng=np.random.default_rng(0))
    print(json.dumps({"start": start, "end": time.time(), "epochs": history["seconds"]}), flush=True)


def trainings_at_once(folder, count):
    """Run `count` worker trainings of folder/nnlib.py together; their reports."""
    env = {k: v for k, v in os.environ.items() if k not in THREAD_VARIABLES}
    command = [sys.executable, __file__, "--worker", "--nnlib", str(folder),
               "--busy-epochs", str(ARGS.busy_epochs)]
    workers = [subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                text=True) for _ in range(count)]
    for w in workers:  # everyone has loaded the data before anyone trains
        if w.stdout.readline().strip() != "ready":
            raise RuntimeError(f"a worker for {folder} did not start")
    for w in workers:
        w.stdin.write("go\n")
        w.stdin.flush()
    reports = [json.loads(w.stdout.readline()) for w in workers]
    for w in workers:
        w.wait()
    return reports


def busy_row(folder):
    """quiet s/epoch, busy s/epoch and the N-at-once ratios of one nnlib.py, measured now."""
    cores = os.cpu_count()
    quiet = trainings_at_once(folder, 1)[0]
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(cores)]
    try:
        busy = trainings_at_once(folder, 1)[0]
    finally:
        for b in burners:
            b.kill()
            b.wait()
    one_training = quiet["end"] - quiet["start"]
    row = [float(np.median(quiet["epochs"])), float(np.median(busy["epochs"]))]
    for count in (2, 4):
        reports = trainings_at_once(folder, count)
        wall = max(r["end"] for r in reports) - min(r["start"] for r in reports)
        row.append(wall / (count / cores * one_training))
    print(f"busy-machine row for {folder}: {row}", flush=True)
    return row


def busy_table(folders):
    """Print the busy-machine Markdown table, one row per nnlib.py."""
    rows = {folder: busy_row(folder) for folder in folders}
    print(f"\n| nnlib.py | quiet s/epoch | busy s/epoch | busy ÷ quiet | 2 at once ÷ (2/{os.cpu_count()} "
          f"quiet) | 4 at once ÷ (4/{os.cpu_count()} quiet) |")
    print("|---|---:|---:|---:|---:|---:|")
    for folder, (quiet, busy, two, four) in rows.items():
        print(f"| {folder} | {quiet:.3f} | {busy:.3f} | {busy / quiet:.2f} | {two:.2f} | {four:.2f} |")
    print(f"\nEach training: {ARGS.busy_epochs} epochs of the reference recipe in a fresh process "
          f"with no thread variables set; busy: beside {os.cpu_count()} CPU-bound processes.")


def main():
    if ARGS.worker:
        return worker()
    describe_machine()
    X, y, load_seconds = load_data()
    params = nnlib.init_params(LAYERS, "uniform", rng=np.random.default_rng(0))
    contenders = {"nnlib": nnlib_epochs(params, X, y)}
    if torch is not None:
        contenders["PyTorch"] = torch_epochs(params, X, y)
    contenders["loop"] = loop_epochs(params, X, y)
    times = take_turns(contenders, ARGS.epochs)
    gflops = sgemm_gflops()
    report({name: float(np.median(t)) for name, t in times.items()},
           epoch_gflop(len(X)) / gflops, load_seconds)
    print(f"\nMedians of {ARGS.epochs} epochs. Peak-FLOP bound: {epoch_gflop(len(X)):.2f} GFLOP "
          f"of matrix products per epoch at the {gflops:.0f} GFLOP/s of a 4096² sgemm. "
          "Load: the first in this process (the OS may have the files cached).")
    if ARGS.busy_epochs:
        busy_table([ARGS.nnlib.resolve(), *(folder.resolve() for folder in ARGS.baseline)])


if __name__ == "__main__":
    main()
