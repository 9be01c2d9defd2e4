"""What nnlib needs but does not teach: the plumbing under the lesson.

nnlib.py is the lesson; this module is what a student never writes: the input
checks at nnlib's public boundary (each error names the problem and the fix),
the BLAS thread limit and the watchdog of training, where the data is (and the
Kaggle CSV reader), saved weights, and the notebooks' seed and figures. nnlib
loads it as the module `nnlib_support` and passes on its public names
(`nnlib.blas_threads`, `nnlib.save_params`, `nnlib.notebook_seed`, ...);
tools/download.py fetches the data when nothing is found.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import math
import os
import pickle
import platform
import re
import sys
import tempfile
import warnings
import zipfile
import zlib
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_VARIABLE = "NNLIB_SEED"                  # which seed a notebook runs with (default 0)
SAVE_FIGURES_VARIABLE = "NNLIB_SAVE_FIGURES"  # `make` sets it to 1 to regenerate assets/
GRADING_CACHE_VARIABLE = "NNLIB_GRADING_CACHE"  # grading mode: a folder of the long runs' results
FILL_CACHE_VARIABLE = "NNLIB_FILL_GRADING_CACHE"  # `make grading-cache` sets it to 1 to store them
ASSETS_DIR = REPO_ROOT / "assets"
PARAMS_FORMAT = "nnlib-mlp-v1"


# ---------------------------------------------------------------------------
# Input checks at the public boundary
# ---------------------------------------------------------------------------

def check_rng(rng):
    if not isinstance(rng, np.random.Generator):
        hint = (" A seed is not enough: pass rng=np.random.default_rng(seed)."
                if isinstance(rng, (int, np.integer)) else "")
        raise TypeError(f"rng must be a np.random.Generator such as np.random.default_rng(0), "
                        f"got {type(rng).__name__}.{hint}")
    return rng


def check_whole(name, value, minimum=None):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number (an int), got {value!r}.")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}.")


def check_number(name, value, minimum, below=math.inf):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {value!r}.")
    if not (math.isfinite(value) and minimum <= value < below):
        raise ValueError(f"{name} must be a finite number >= {minimum}"
                         f"{f' and < {below}' if below < math.inf else ''}, got {value}.")


def check_params(params):
    if not params:
        raise ValueError("params is empty: build it with init_params([784, 128, 10, 10], rng=rng).")
    for i, (W, b) in enumerate(params):
        if W.ndim != 2 or b.shape != (W.shape[1],):
            raise ValueError(f"layer {i + 1}: W must be (fan_in, fan_out) and b (fan_out,), "
                             f"got W {W.shape} and b {b.shape}.")
        if i and W.shape[0] != params[i - 1][0].shape[1]:
            raise ValueError(f"layer {i + 1}: W has {W.shape[0]} inputs but layer {i} has "
                             f"{params[i - 1][0].shape[1]} outputs; the shapes must chain.")


def check_X(params, X, name="X"):
    check_params(params)
    fan_in, dtype = params[0][0].shape[0], params[0][0].dtype
    if not isinstance(X, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array, got {type(X).__module__}."
                        f"{type(X).__name__}; convert it with np.asarray({name}) "
                        f"(a pandas DataFrame: {name}.to_numpy()).")
    if X.ndim != 2 or X.shape[1] != fan_in:
        raise ValueError(f"{name} must have shape (n_samples, {fan_in}), got {X.shape}; "
                         f"samples are rows: reshape images with {name}.reshape(len({name}), -1).")
    if len(X) == 0:
        raise ValueError(f"{name} has no rows: pass at least one sample.")
    if X.dtype != dtype:
        hint = (f" These look like raw pixels: scale them to floats in [0, 1] with "
                f"nnlib.scale_pixels({name})." if np.issubdtype(X.dtype, np.integer)
                else f" Use {name}.astype(np.{dtype}).")
        raise ValueError(f"{name} has dtype {X.dtype} but the parameters are {dtype}.{hint}")
    if not np.isfinite(X).all():
        raise ValueError(f"{name} contains NaN or inf values.")


def check_y(y, n, name="y", num_classes=None):
    if not isinstance(y, np.ndarray) or y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"{name} must be a 1-D NumPy array of integer class labels, got "
                         f"{type(y).__name__} {getattr(y, 'dtype', '')} {getattr(y, 'shape', '')}.")
    if len(y) != n:
        raise ValueError(f"{name} has {len(y)} labels but X has {n} rows; they must match.")
    if num_classes and len(y) and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(f"{name} must hold labels in 0..{num_classes - 1}, "
                         f"found {y.min()}..{y.max()}.")


def check_label_pair(y_true, y_pred, num_classes):
    """Both label arrays as NumPy arrays, checked alike (05's metrics)."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true {y_true.shape} and y_pred {y_pred.shape} differ in shape.")
    for name, labels in (("y_true", y_true), ("y_pred", y_pred)):
        check_y(labels, len(y_true), name, num_classes)
    return y_true, y_pred


def check_layer_sizes(layer_sizes, rng):
    """init_params' arguments: at least two whole sizes >= 1, and a generator."""
    check_rng(rng)
    if len(layer_sizes) < 2:
        raise ValueError(f"layer_sizes needs at least two sizes (inputs, outputs), got {layer_sizes}.")
    for size in layer_sizes:
        check_whole("a layer size", size, 1)


def check_batch(params, X, y, weight_decay, dropout, rng):
    """forward()'s and loss_and_grads()' arguments (y None: no labels)."""
    check_X(params, X)
    if y is not None:
        check_y(y, len(X), num_classes=params[-1][0].shape[1])
    check_number("weight_decay", weight_decay, 0)
    if dropout:
        check_rng(rng)


def check_optimizer(name, hyper, optimizers):
    """make_optimizer's name and hyper-parameters, against {name: {hyper: default}}."""
    if name not in optimizers:
        raise ValueError(f"optimizer must be one of {', '.join(optimizers)} or a function "
                         f"step(params, grads, lr), got {name!r}.")
    unknown = set(hyper) - set(optimizers[name])
    if unknown:
        raise TypeError(f"{name} takes {sorted(optimizers[name]) or 'no hyper-parameters'}, "
                        f"not {sorted(unknown)}.")


def check_split_args(X, y, val_size, rng):
    """train_val_split's arguments: matching lengths, a whole val_size that fits, a generator."""
    check_rng(rng)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)}.")
    if isinstance(val_size, (float, np.floating)) and 0 < val_size < 1:
        raise TypeError(f"val_size is a number of images, not a fraction: for {val_size:.0%} "
                        f"of the data pass val_size=round({val_size} * len(y)).")
    check_whole("val_size", val_size)
    if not 1 <= val_size < len(y):
        raise ValueError(f"val_size must be between 1 and {len(y) - 1}, got {val_size}.")


def check_train_args(args):
    """Refuse bad train() arguments, given by name in `args`, before any work."""
    params, X_val, y_val = args["params"], args["X_val"], args["y_val"]
    check_X(params, args["X"])
    check_y(args["y"], len(args["X"]), num_classes=params[-1][0].shape[1])
    if (X_val is None) != (y_val is None):
        raise ValueError("give both X_val and y_val, or neither.")
    if X_val is not None:
        check_X(params, X_val, "X_val")
        check_y(y_val, len(X_val), "y_val", params[-1][0].shape[1])
    check_whole("epochs", args["epochs"], 0)
    check_whole("batch_size", args["batch_size"], 1)
    check_rng(args["rng"])
    if callable(args["schedule"]):
        if args["lr"] is not None:
            raise ValueError("a schedule function lr_at(epoch) gives every rate itself: drop lr.")
    elif args["lr"] is None:
        raise TypeError("train() needs lr, the learning rate (the reference uses lr=0.1).")
    else:
        check_number("lr", args["lr"], 0)
        if args["lr"] == 0:
            raise ValueError("lr must be positive, got 0.")
    check_number("weight_decay", args["weight_decay"], 0)
    check_number("dropout", args["dropout"], 0, below=1)
    if args["patience"] is not None:
        check_whole("patience", args["patience"], 1)
        if X_val is None:
            raise ValueError("early stopping (patience) needs X_val and y_val.")
    augment = args["augment"]
    if isinstance(augment, dict) and set(augment) <= {"max_shift", "flip"}:
        check_whole("max_shift", augment.get("max_shift", 0), 0)
    elif not any(augment is allowed for allowed in (True, False, None)):
        raise ValueError(f"augment must be True, False or a dict with keys 'max_shift' "
                         f"and/or 'flip', got {augment!r}.")
    if args["threads"] is not None:
        check_whole("threads", args["threads"], 1)


# ---------------------------------------------------------------------------
# Training: the BLAS threads, the watchdog, the progress line [04_training]
# ---------------------------------------------------------------------------

THREADS_VARIABLE = "NNLIB_THREADS"
_blas = None  # threadpoolctl's controller, made on first use


def blas_threads(threads=None):
    """Context manager: BLAS uses at most `threads` threads inside it.  [04_training]

    Default: $NNLIB_THREADS, else 1. A 64-image batch's products are too small
    for a second thread to pay, and where other programs keep the cores busy
    a BLAS thread that waits for a core makes every step wait (an epoch ran
    75 times slower). train(), evaluate() and predict_proba() run inside it;
    the previous setting is restored on leaving.
    """
    global _blas
    if threads is None:
        text = os.environ.get(THREADS_VARIABLE, "").strip() or "1"
        if not (text.isascii() and text.isdigit() and int(text) >= 1):
            raise ValueError(f"{THREADS_VARIABLE} must be a whole number >= 1, got {text!r}.")
        threads = int(text)
    check_whole("threads", threads, 1)
    if _blas is None:
        from threadpoolctl import ThreadpoolController
        _blas = ThreadpoolController()
    return _blas.limit(limits=threads, user_api="blas")


class Watchdog:
    """Stops a training run that diverges or whose hidden layer dies, naming the fix."""

    def __init__(self, start_loss, params):
        # The stable loss stays finite even when the weights blow up (at lr=50 it
        # jumps 10,000-fold), so a loss 100x above the start counts as divergence.
        self.limit = 100 * max(start_loss, math.log(params[-1][0].shape[1]))
        self.alive = [False] * (len(params) - 1)  # did each hidden layer output anything?

    def batch(self, loss, caches, epoch, lr):
        if not loss < self.limit:  # also catches NaN
            raise FloatingPointError(f"training diverged: the loss became {loss:.4g} in epoch "
                                     f"{epoch + 1}; lower the learning rate (lr={lr:g}).")
        if not all(self.alive):  # a hidden layer's output is the next dense layer's input
            self.alive = [was or bool(cache[0][0].any()) for was, cache in zip(self.alive, caches[1:], strict=True)]

    def end_of_epoch(self, epoch, lr):
        if not all(self.alive):
            raise RuntimeError(
                f"training collapsed in epoch {epoch + 1}: hidden layer {self.alive.index(False) + 1} "
                "output 0 for every training image (all its units are dead), so every image gets "
                "the same prediction and no gradient reaches the layers below. The learning rate "
                f"is too high (lr={lr:g}): lower it (the reference uses 0.1) or start from "
                "init_params(..., scheme='he').")
        self.alive = [False] * len(self.alive)


def progress_line(history, epochs):
    line = (f"epoch {len(history['lr']):4d}/{epochs}  loss {history['train_loss'][-1]:.4f}  "
            f"acc {history['train_acc'][-1]:.4f}")
    if "val_loss" in history:
        line += f"  val_loss {history['val_loss'][-1]:.4f}  val_acc {history['val_acc'][-1]:.4f}"
    return line + f"  ({history['seconds'][-1]:.2f} s)"


# ---------------------------------------------------------------------------
# Where the data is [01_data_exploration]
# ---------------------------------------------------------------------------

# split -> (images file, labels file, number of samples)
IDX_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", 60_000),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 10_000),
}
CSV_FILES = {"train": "fashion-mnist_train.csv", "test": "fashion-mnist_test.csv"}
DATA_DIR = REPO_ROOT / "data"
SYSTEM_DATA_DIR = Path("/usr/share/datasets/fashion-mnist")
HOW_TO_GET_DATA = (
    "Get Fashion-MNIST in one of three ways:\n"
    "  1. with internet: `make data` (or `python tools/download.py`) puts the four\n"
    "     official .gz files into data/;\n"
    "  2. offline on Debian/Ubuntu: `apt-get update && apt-get install -y\n"
    "     dataset-fashion-mnist` (files land in /usr/share/datasets/fashion-mnist/);\n"
    "  3. by hand: copy the four IDX files (train-images-idx3-ubyte.gz, ...) or the\n"
    "     Kaggle CSVs (fashion-mnist_train.csv, fashion-mnist_test.csv) into data/\n"
    "     or into the folder named by $FASHION_MNIST_DIR."
)


def _find_data_dir(split="train", data_dir=None):
    """The first folder holding `split`: data_dir, $FASHION_MNIST_DIR, data/, the Debian one.

    None when no folder has it. A `data_dir` or $FASHION_MNIST_DIR that lacks
    the files is an error, not skipped.
    """
    if data_dir is not None:
        candidates = [(Path(data_dir).expanduser(), "data_dir")]
    else:
        env = os.environ.get("FASHION_MNIST_DIR")
        candidates = [(Path(env).expanduser(), "$FASHION_MNIST_DIR")] if env else []
        candidates += [(DATA_DIR, None), (SYSTEM_DATA_DIR, None)]
    for folder, explicit in candidates:
        if _split_source(folder, split):
            return folder
        if explicit:
            raise FileNotFoundError(
                f"{explicit} is {folder}, but it holds neither the IDX files "
                f"{IDX_FILES[split][0]}[.gz] + {IDX_FILES[split][1]}[.gz] nor "
                f"{CSV_FILES[split]}.\n{HOW_TO_GET_DATA}")
    return None


def _split_source(folder, split):
    """('idx', images, labels) or ('csv', path) if `folder` holds `split`, else None."""
    found = [next((p for p in (folder / f"{name}.gz", folder / name) if p.is_file()), None)
             for name in IDX_FILES[split][:2]]
    if all(found):
        return ("idx", *found)
    csv = folder / CSV_FILES[split]
    return ("csv", csv) if csv.is_file() else None




def read_csv(path, count=None):
    """Read a Kaggle-style Fashion-MNIST CSV (header, then label,pixel1..pixel784 per row)."""
    expected = ["label"] + [f"pixel{i}" for i in range(1, 785)]
    with open(path, encoding="utf-8", errors="replace") as f:
        header = f.readline().strip().split(",")
    if header != expected:
        bad = next((i for i, (a, b) in enumerate(zip(header, expected, strict=False)) if a != b),
                   min(len(header), len(expected)))
        found = repr(header[bad]) if bad < len(header) else "missing"
        raise ValueError(f"{path}: wrong header: column {bad + 1} is {found}, expected "
                         f"{expected[bad] if bad < len(expected) else 'no more columns'!r}. "
                         "The first line must be label,pixel1,...,pixel784.")
    try:
        with warnings.catch_warnings():  # a header-only file is refused below, not warned about
            warnings.simplefilter("ignore", UserWarning)
            values = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.int64, ndmin=2)
    except ValueError as err:
        raise ValueError(f"{path}: {first_bad_csv_cell(path, expected) or err}; every data "
                         "row must hold 785 whole numbers (label, pixel1 ... pixel784).") from None
    if values.shape[1] != len(expected) or len(values) == 0:
        raise ValueError(f"{path}: has {len(values)} data rows of {values.shape[1]} numbers; "
                         "expected rows of 785 (label, pixel1 ... pixel784).")
    labels, pixels = values[:, 0], values[:, 1:]
    bad_label = (labels < 0) | (labels >= 10)
    if bad_label.any():
        row = int(np.flatnonzero(bad_label)[0])
        raise ValueError(f"{path}: label {labels[row]} in data row {row + 1} is outside 0-9.")
    bad_pixel = ((pixels < 0) | (pixels > 255)).any(axis=1)
    if bad_pixel.any():
        row = int(np.flatnonzero(bad_pixel)[0])
        raise ValueError(f"{path}: a pixel value in data row {row + 1} is outside 0-255.")
    if count is not None and len(values) != count:
        raise ValueError(f"{path}: has {len(values)} rows, expected {count}.")
    return pixels.astype(np.uint8), labels.astype(np.uint8)


def first_bad_csv_cell(path, columns):
    """Where a CSV that np.loadtxt refused goes wrong, in words (None if not found)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        next(f)  # the header, checked already
        for row, line in enumerate(f, start=1):
            cells = line.rstrip("\r\n").split(",")
            if len(cells) != len(columns):
                return f"data row {row} has {len(cells)} cells, expected {len(columns)}"
            for column, cell in zip(columns, cells, strict=True):
                if not cell.strip().removeprefix("-").isdigit():
                    what = "is missing" if not cell.strip() else f"{cell!r} is not a whole number"
                    return f"data row {row}, column {column!r}: the value {what}"
    return None


def find_fashion_mnist(split, data_dir=None, download=True):
    """Where `split` is: ('idx', images, labels) or ('csv', path); downloads into data/ if allowed."""
    folder = _find_data_dir(split, data_dir)
    if folder is None and not download:
        raise FileNotFoundError(f"Fashion-MNIST ({split}) not found in "
                                f"{DATA_DIR} or {SYSTEM_DATA_DIR}.\n{HOW_TO_GET_DATA}")
    if folder is None:
        folder = load_tool("download").download_fashion_mnist(DATA_DIR)
    return _split_source(folder, split)


def load_tool(name):
    """tools/<name>.py as a module (tools/ is a folder of scripts, not a package)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "tools" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


# ---------------------------------------------------------------------------
# Files written whole or not at all: saved weights [04_training], figures
# ---------------------------------------------------------------------------

def write_atomically(path, write, verify=None):
    """Write `path` through a unique temporary file in its folder, verify, rename.

    write(f) fills the open binary file; verify(tmp_path) raises if the bytes
    are wrong. On any failure the temporary file is removed and `path` is
    left as it was.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"cannot write {path}: the folder {path.parent} does not exist; "
                                "create it first (mkdir -p).")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        if verify is not None:
            verify(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the final file is an ordinary one
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def save_params(path, params):
    """Save a network to an .npz file: written whole or not at all.   [04_training]

    The arrays go to a unique temporary file in the same folder, are read back
    and compared, and only then renamed to `path`.
    """
    check_params(params)
    path = Path(path).expanduser()
    if path.is_dir():
        raise ValueError(f"{path} is a folder; give save_params a file name such as "
                         f"{path / 'model.npz'}.")
    arrays = {"nnlib_format": np.array(PARAMS_FORMAT)}
    for i, (W, b) in enumerate(params):
        arrays[f"W{i}"], arrays[f"b{i}"] = W, b

    def same_as_saved(tmp):
        if not all(np.array_equal(a, b) for pair, reread in zip(params, load_params(tmp), strict=True)
                   for a, b in zip(pair, reread, strict=True)):
            raise OSError(f"{tmp}: read back different arrays than were written.")

    write_atomically(path, lambda f: np.savez(f, **arrays), verify=same_as_saved)


def load_params(path):
    """Load a network saved by save_params; refuses foreign or damaged files. [04_training]"""
    path = Path(path).expanduser()
    try:
        data = np.load(path, allow_pickle=False)
        if not isinstance(data, np.lib.npyio.NpzFile):
            raise ValueError("it holds a single .npy array, not an .npz archive")
        with data:
            arrays = dict(data)
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as err:
        raise ValueError(f"{path}: not a readable nnlib parameter file ({err}); "
                         "save networks with nnlib.save_params.") from None
    marker = arrays.pop("nnlib_format", None)
    if marker is None or marker.shape != () or str(marker) != PARAMS_FORMAT:
        raise ValueError(f"{path}: not an nnlib parameter file (no 'nnlib_format' marker); "
                         "save networks with nnlib.save_params.")
    n_layers = len(arrays) // 2  # every layer is exactly one W and one b, numbered from 0
    if n_layers == 0 or set(arrays) != {f"{k}{i}" for i in range(n_layers) for k in "Wb"}:
        raise ValueError(f"{path}: expected arrays W0, b0, ..., found {sorted(arrays)}.")
    params = [(arrays[f"W{i}"], arrays[f"b{i}"]) for i in range(n_layers)]
    try:
        check_params(params)
    except ValueError as err:
        raise ValueError(f"{path}: {err}") from None
    return params


# ---------------------------------------------------------------------------
# Every notebook: the seed and the figures
# ---------------------------------------------------------------------------

@contextlib.contextmanager
def forbidden(*names, module=None):
    """Inside the block, calling nnlib.<name> for each of `names` fails with AssertionError.

    An exercise's check runs the student's function inside it, so that an answer
    which calls the very function it was asked to write is rejected:
    `with forbidden("softmax_cross_entropy"): loss, grad = softmax_ce(logits, y, smoothing)`.
    """
    module = sys.modules["nnlib"] if module is None else module
    saved = {name: getattr(module, name) for name in names}

    def refuse(name):
        def call(*args, **kwargs):
            raise AssertionError(f"this exercise asks you to write it yourself: do not call nnlib.{name}")
        return call

    try:
        for name in names:
            setattr(module, name, refuse(name))
        yield
    finally:
        for name, function in saved.items():
            setattr(module, name, function)


def cached(key, compute):
    """compute(), or in grading mode the result stored for `key`.  [04_training]

    Grading mode is on when $NNLIB_GRADING_CACHE names a folder (the course's
    nbgrader configuration sets it): a long run of the teacher's (04's 110
    epochs, 06's ablation) is then read from <folder>/<key>.pkl if it is there,
    so that autograding a submission takes minutes, while every check still
    runs on the result. With $NNLIB_FILL_GRADING_CACHE=1 (`make grading-cache`)
    a missing result is computed and stored, written whole or not at all.
    Otherwise compute() runs and nothing is read or stored. The key names the
    notebook, the run and the seed; never cache what depends on a student's answer.
    """
    folder = os.environ.get(GRADING_CACHE_VARIABLE, "").strip()
    if not folder:
        return compute()
    name = re.sub(r"[^\w.-]+", "_", key)
    if len(name) > 80:  # a long key (a whole recipe) gets a short, unique file name
        name = name[:60] + "_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    path = Path(folder).expanduser() / f"{name}.pkl"
    if path.is_file():
        with open(path, "rb") as f:
            return pickle.load(f)
    result = compute()
    if os.environ.get(FILL_CACHE_VARIABLE) == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda f: pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL))
    return result


def cpu_model():
    """The CPU's name: from /proc/cpuinfo on Linux, else what `platform` knows."""
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    return next((line.split(":", 1)[1].strip() for line in lines
                 if line.startswith("model name")), platform.processor() or "unknown CPU")


def notebook_seed(default=0):
    """The seed a notebook runs with: $NNLIB_SEED if set, else `default`. [01_data_exploration]

    The stored notebooks use seed 0; `make robust` runs them with others, to
    show that every assert holds for the method and not just for one run.
    """
    text = os.environ.get(SEED_VARIABLE, "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{SEED_VARIABLE} must be a non-negative integer, got {text!r}; "
                         f"unset it to use seed {default}.")
    return int(text)


def save_figure(fig, name):
    """Write `fig` to assets/<name>, only when $NNLIB_SAVE_FIGURES is 1. [01_data_exploration]

    `make` sets the variable, so the committed figures come from the stored
    seed-0 run; a student's kernel, `make test` and `make robust` leave
    assets/ alone. Returns the path written, or None.
    """
    if os.environ.get(SAVE_FIGURES_VARIABLE) != "1":
        return None
    ASSETS_DIR.mkdir(exist_ok=True)
    path = ASSETS_DIR / name
    # No "Software" stamp: the PNG bytes then depend only on the figure.
    return write_atomically(path, lambda f: fig.savefig(
        f, format=path.suffix.lstrip(".") or "png", dpi=100, bbox_inches="tight",
        metadata={"Software": None}))
