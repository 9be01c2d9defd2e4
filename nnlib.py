"""nnlib: a small, from-scratch NumPy neural network for Fashion-MNIST.

This module is the library behind the notebook series in ``notebooks/``. It is
written to be read: every kernel is a pure function over arrays, a forward
returns what its backward needs, and each backward sits right under its
forward (the layout of cs231n's ``layers.py``).

Conventions
-----------
* Samples are rows. A dense layer computes ``Z = X @ W + b`` with ``X`` of
  shape (n, fan_in), ``W`` of shape (fan_in, fan_out) and ``b`` of shape
  (fan_out,). Its backward is ``dW = X.T @ dZ``, ``db = dZ.sum(0)``,
  ``dX = dZ @ W.T`` -- derived in ``03_backprop_derivation``.
* A network is a list of ``(W, b)`` pairs; gradients are a list of
  ``(dW, db)`` pairs that mirrors it. Hidden layers use ReLU, the output layer
  softmax, and the loss is the mean cross-entropy.
* Kernels preserve dtype: float32 for training speed, float64 for gradient
  checks.

What it leaves out: convolutions, GPUs, automatic differentiation. Those are
the next course; here every derivative is written by hand and checked.

Run ``python nnlib.py download`` to fetch the data into ``data/`` (or see the
README for the offline Debian package).
"""
from __future__ import annotations

import gzip
import hashlib
import math
import os
import sys
import tempfile
import time
import urllib.request
import zlib
from pathlib import Path

import numpy as np

# ---------------------------------------------------------------------------
# Data: Fashion-MNIST as published                      (01_data_exploration)
# ---------------------------------------------------------------------------

CLASS_NAMES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)
NUM_CLASSES = len(CLASS_NAMES)
IMAGE_SHAPE = (28, 28)
NUM_PIXELS = 28 * 28

REPO_ROOT = Path(__file__).resolve().parent
DATA_DIR = REPO_ROOT / "data"
SYSTEM_DATA_DIR = Path("/usr/share/datasets/fashion-mnist")

# The Fashion-MNIST project publishes the files at these two addresses.
DOWNLOAD_URLS = (
    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    "https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/",
)

# split -> (images file, labels file, number of samples)
IDX_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", 60_000),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 10_000),
}
CSV_FILES = {"train": "fashion-mnist_train.csv", "test": "fashion-mnist_test.csv"}

# SHA-256 of the *decompressed* IDX files: gzip wrappers differ between
# mirrors (timestamps, compression level), the content does not.
SHA256 = {
    "train-images-idx3-ubyte": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "train-labels-idx1-ubyte": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "t10k-images-idx3-ubyte": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    "t10k-labels-idx1-ubyte": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}

HOW_TO_GET_DATA = (
    "Get Fashion-MNIST in one of three ways:\n"
    "  1. with internet: `python nnlib.py download` (or `make data`) puts the four\n"
    "     official .gz files into data/;\n"
    "  2. offline on Debian/Ubuntu: `apt-get update && apt-get install -y\n"
    "     dataset-fashion-mnist` (files land in /usr/share/datasets/fashion-mnist/);\n"
    "  3. by hand: copy the four IDX files (train-images-idx3-ubyte.gz, ...) or the\n"
    "     Kaggle CSVs (fashion-mnist_train.csv, fashion-mnist_test.csv) into data/\n"
    "     or into the folder named by $FASHION_MNIST_DIR."
)


def _idx_path(folder, name):
    """The IDX file `name` in `folder`, gzipped or not, or None."""
    for candidate in (folder / f"{name}.gz", folder / name):
        if candidate.is_file():
            return candidate
    return None


def _split_source(folder, split):
    """('idx', images, labels) or ('csv', path) if `folder` holds `split`, else None."""
    images_name, labels_name, _ = IDX_FILES[split]
    images, labels = _idx_path(folder, images_name), _idx_path(folder, labels_name)
    if images and labels:
        return ("idx", images, labels)
    csv = folder / CSV_FILES[split]
    if csv.is_file():
        return ("csv", csv)
    return None


def _read_idx(path, name, magic, count):
    """Read one IDX file (gzipped or raw), verify it, return its payload as uint8.

    Checks the SHA-256 of the decompressed bytes, the magic number and the
    dimensions. Images come back as (count, 784), labels as (count,).
    """
    raw = path.read_bytes()
    if path.suffix == ".gz":
        try:
            raw = gzip.decompress(raw)
        except (EOFError, OSError, zlib.error) as err:
            raise ValueError(
                f"{path}: not a complete gzip file ({err}). The file is truncated or "
                f"corrupt: delete it and get it again.\n{HOW_TO_GET_DATA}") from None
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SHA256[name]:
        raise ValueError(
            f"{path}: checksum mismatch: its content has SHA-256 {digest}, expected "
            f"{SHA256[name]}. The file is damaged or is not Fashion-MNIST (the digit "
            f"MNIST uses the same file names): delete it and get it again.\n{HOW_TO_GET_DATA}")
    # Past the checksum the content is the published file; these checks give a
    # readable message should the table above ever be edited by mistake.
    ndim = magic & 0xFF
    header = np.frombuffer(raw, dtype=">u4", count=1 + ndim)
    dims = tuple(int(d) for d in header[1:])
    expected = (count, 28, 28) if ndim == 3 else (count,)
    if int(header[0]) != magic or dims != expected:
        raise ValueError(f"{path}: IDX header says magic {int(header[0]):#010x}, dims {dims}; "
                         f"expected {magic:#010x}, {expected}.")
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 * (1 + ndim))
    return data.reshape(count, NUM_PIXELS) if ndim == 3 else data


def _read_csv(path, count=None):
    """Read a Kaggle-style Fashion-MNIST CSV (label,pixel1..pixel784), validated."""
    import pandas as pd  # only the CSV path needs pandas

    expected_header = ["label"] + [f"pixel{i}" for i in range(1, NUM_PIXELS + 1)]
    try:
        frame = pd.read_csv(path)
    except (ValueError, pd.errors.ParserError) as err:
        raise ValueError(f"{path}: cannot be parsed as CSV ({err}). Expected a header "
                         "`label,pixel1,...,pixel784` and 785 integer columns per row.") from None
    if not isinstance(frame.index, pd.RangeIndex):
        # More cells per row than header names: pandas silently turned the
        # first cell(s) into the row index and shifted every column.
        raise ValueError(f"{path}: the data rows have more cells than the header has names "
                         f"({len(frame.columns)}); expected 785 per row "
                         "(label, pixel1 ... pixel784).")
    header = [str(c) for c in frame.columns]
    if len(header) != len(expected_header):
        raise ValueError(f"{path}: has {len(header)} columns, expected 785 "
                         "(label, pixel1 ... pixel784).")
    if header != expected_header:
        bad = next(i for i, (a, b) in enumerate(zip(header, expected_header)) if a != b)
        raise ValueError(f"{path}: wrong header: column {bad + 1} is {header[bad]!r}, expected "
                         f"{expected_header[bad]!r}. The header must be label,pixel1,...,pixel784.")
    for column, dtype in frame.dtypes.items():
        if not pd.api.types.is_integer_dtype(dtype):
            raise ValueError(f"{path}: column {column!r} holds non-integer values "
                             f"(read as {dtype}); every label and pixel must be a whole number "
                             "with no missing cells.")
    if frame.empty:
        raise ValueError(f"{path}: has a header but no data rows.")
    values = frame.to_numpy()
    labels, pixels = values[:, 0], values[:, 1:]
    if labels.min() < 0 or labels.max() >= NUM_CLASSES:
        row = int(np.flatnonzero((labels < 0) | (labels >= NUM_CLASSES))[0])
        raise ValueError(f"{path}: label {labels[row]} in data row {row + 1} is outside 0-9.")
    if pixels.min() < 0 or pixels.max() > 255:
        row = int(np.flatnonzero(((pixels < 0) | (pixels > 255)).any(axis=1))[0])
        raise ValueError(f"{path}: a pixel value in data row {row + 1} is outside 0-255.")
    if count is not None and len(values) != count:
        raise ValueError(f"{path}: has {len(values)} rows, expected {count}.")
    return pixels.astype(np.uint8), labels.astype(np.uint8)


def _candidate_dirs(data_dir):
    """Folders to search, in order, and whether a miss there is an error."""
    if data_dir is not None:
        return [(Path(data_dir), "data_dir")]
    dirs = []
    if os.environ.get("FASHION_MNIST_DIR"):
        dirs.append((Path(os.environ["FASHION_MNIST_DIR"]), "$FASHION_MNIST_DIR"))
    return dirs + [(DATA_DIR, None), (SYSTEM_DATA_DIR, None)]


def find_data_dir(split="train", data_dir=None):
    """The first folder holding `split`: data_dir, $FASHION_MNIST_DIR, data/, the Debian one.

    Returns None when no folder has it. A `data_dir` argument or a
    $FASHION_MNIST_DIR that lacks the files is an error, not skipped.
    """
    for folder, explicit in _candidate_dirs(data_dir):
        if _split_source(folder, split):
            return folder
        if explicit:
            raise FileNotFoundError(
                f"{explicit} is {folder}, but it holds neither the IDX files "
                f"{IDX_FILES[split][0]}[.gz] + {IDX_FILES[split][1]}[.gz] nor "
                f"{CSV_FILES[split]}.\n{HOW_TO_GET_DATA}")
    return None


def load_fashion_mnist(split="train", data_dir=None, download=True):
    """Load one split of Fashion-MNIST.                     (01_data_exploration)

    Looks in `data_dir` if given, else $FASHION_MNIST_DIR, the repo's data/,
    /usr/share/datasets/fashion-mnist/, and finally downloads the official
    files into data/ (unless download=False).

    Returns X uint8 (n, 784) and y uint8 (n,): n = 60,000 for "train" and
    10,000 for "test". IDX and CSV sources give identical arrays.
    """
    if split not in IDX_FILES:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}.")
    folder = find_data_dir(split, data_dir)
    if folder is None:
        if not download:
            raise FileNotFoundError(f"Fashion-MNIST ({split}) not found in "
                                    f"{DATA_DIR} or {SYSTEM_DATA_DIR}.\n{HOW_TO_GET_DATA}")
        download_fashion_mnist(DATA_DIR)
        folder = DATA_DIR
    source = _split_source(folder, split)
    images_name, labels_name, count = IDX_FILES[split]
    if source[0] == "csv":
        return _read_csv(source[1], count)
    X = _read_idx(source[1], images_name, 0x00000803, count)
    y = _read_idx(source[2], labels_name, 0x00000801, count)
    return X, y


def download_fashion_mnist(dest=None, urls=None):
    """Download the four official .gz files into `dest`, verified. Returns `dest`.

    Files already present and correct are kept. Each download goes to a
    temporary name and is renamed only after its checksum passes, so no
    half-written file is ever left under a final name.
    """
    # Looked up at call time, so a changed nnlib.DATA_DIR / DOWNLOAD_URLS counts.
    dest = Path(DATA_DIR if dest is None else dest)
    urls = DOWNLOAD_URLS if urls is None else urls
    dest.mkdir(parents=True, exist_ok=True)
    for name in SHA256:
        final = dest / f"{name}.gz"
        if final.is_file():
            continue
        part = final.with_name(final.name + ".part")
        errors = []
        for base in urls:
            try:
                with urllib.request.urlopen(base + final.name, timeout=60) as response:
                    part.write_bytes(response.read())
                content = gzip.decompress(part.read_bytes())
                if hashlib.sha256(content).hexdigest() != SHA256[name]:
                    raise ValueError("checksum mismatch")
                os.replace(part, final)
                break
            except (OSError, EOFError, ValueError, zlib.error) as err:
                errors.append(f"{base + final.name}: {err}")
                part.unlink(missing_ok=True)
        else:
            raise FileNotFoundError("could not download Fashion-MNIST:\n  " + "\n  ".join(errors)
                                    + f"\n{HOW_TO_GET_DATA}")
    return dest


def scale_pixels(X, dtype=np.float32):
    """uint8 pixels (n, 784) -> floats in [0, 1], same shape.  (01_data_exploration)"""
    scaled = np.array(X, dtype=dtype)  # a copy: the caller's X is left alone
    scaled /= 255  # in place, so no second full-size temporary
    return scaled


def train_val_split(X, y, val_size=10_000, seed=0):
    """Carve a stratified validation set out of the training data. (01_data_exploration)

    Each class contributes in proportion to its share of `y` (1,000 per class
    for val_size=10,000 of the 60,000 training images). Seeded: the same seed
    gives the same split.

    Returns X_train, y_train, X_val, y_val (rows keep their original order).
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)}.")
    if not 0 < val_size < len(y):
        raise ValueError(f"val_size must be between 1 and {len(y) - 1}, got {val_size}.")
    rng = np.random.default_rng(seed)
    classes, counts = np.unique(y, return_counts=True)
    # Largest-remainder rounding so the per-class sizes add up to val_size.
    exact = counts * val_size / len(y)
    sizes = np.floor(exact).astype(int)
    sizes[np.argsort(sizes - exact)[: val_size - sizes.sum()]] += 1
    is_val = np.zeros(len(y), dtype=bool)
    for cls, size in zip(classes, sizes):
        members = np.flatnonzero(y == cls)
        is_val[rng.choice(members, size=size, replace=False)] = True
    return X[~is_val], y[~is_val], X[is_val], y[is_val]


# ---------------------------------------------------------------------------
# Input checks at the public boundary
# ---------------------------------------------------------------------------

def _check_params(params):
    if not params:
        raise ValueError("params is empty: build it with init_params([784, 128, 10, 10]).")
    for i, (W, b) in enumerate(params):
        if W.ndim != 2 or b.shape != (W.shape[1],):
            raise ValueError(f"layer {i}: W must be (fan_in, fan_out) and b (fan_out,), "
                             f"got W {W.shape} and b {b.shape}.")
        if i and W.shape[0] != params[i - 1][0].shape[1]:
            raise ValueError(f"layer {i}: W has {W.shape[0]} inputs but layer {i - 1} "
                             f"has {params[i - 1][0].shape[1]} outputs; the shapes must chain.")


def _check_X(params, X, name="X"):
    _check_params(params)
    if not isinstance(X, np.ndarray) or X.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (n_samples, {params[0][0].shape[0]}), "
                         f"got {getattr(X, 'shape', type(X).__name__)}.")
    if X.shape[1] != params[0][0].shape[0]:
        raise ValueError(f"{name} has {X.shape[1]} features per row, the first layer expects "
                         f"{params[0][0].shape[0]}; samples are rows: reshape to (n, 784).")
    if X.dtype != params[0][0].dtype:
        hint = (" Scale raw pixels first: nnlib.scale_pixels(X)."
                if X.dtype == np.uint8 else f" Use {name}.astype(np.{params[0][0].dtype}).")
        raise ValueError(f"{name} has dtype {X.dtype} but the parameters are "
                         f"{params[0][0].dtype}.{hint}")
    if not np.isfinite(X).all():
        raise ValueError(f"{name} contains NaN or inf values.")


def _check_y(y, n, name="y", num_classes=NUM_CLASSES):
    if not isinstance(y, np.ndarray) or y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"{name} must be a 1-D integer array of class labels, got "
                         f"{getattr(y, 'dtype', type(y).__name__)} "
                         f"{getattr(y, 'shape', '')}.")
    if len(y) != n:
        raise ValueError(f"{name} has {len(y)} labels but X has {n} rows; they must match.")
    if len(y) and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(f"{name} must hold labels in 0..{num_classes - 1}, "
                         f"found {y.min()}..{y.max()}.")


# ---------------------------------------------------------------------------
# Parameters                                               (02_forward_pass)
# ---------------------------------------------------------------------------

def init_params(layer_sizes, scheme="uniform", rng=None, dtype=np.float32):
    """Random weights and zero biases for a fully connected net.   (02_forward_pass)

    layer_sizes: e.g. [784, 128, 10, 10]. Returns a list of (W, b) with W of
    shape (fan_in, fan_out) and b of shape (fan_out,).

    scheme:
      "uniform" -- U[-0.5, 0.5), what the original project did (biases too);
      "he"      -- N(0, 2/fan_in), suited to ReLU (biases 0);
      "xavier"  -- U(+-sqrt(6/(fan_in+fan_out))), suited to tanh (biases 0).
    """
    if rng is None:
        rng = np.random.default_rng()
    if len(layer_sizes) < 2 or any(int(s) < 1 for s in layer_sizes):
        raise ValueError(f"layer_sizes needs at least two positive sizes, got {layer_sizes}.")
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        if scheme == "uniform":
            W = rng.random((fan_in, fan_out)) - 0.5
            b = rng.random(fan_out) - 0.5
        elif scheme == "he":
            W = rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)
            b = np.zeros(fan_out)
        elif scheme == "xavier":
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            W = rng.uniform(-limit, limit, (fan_in, fan_out))
            b = np.zeros(fan_out)
        else:
            raise ValueError(f"scheme must be 'uniform', 'he' or 'xavier', got {scheme!r}.")
        params.append((W.astype(dtype), b.astype(dtype)))
    return params


def save_params(path, params):
    """Save a network to an .npz file, atomically (temporary name, then rename)."""
    _check_params(params)
    path = Path(path)
    arrays = {"nnlib_format": np.array("nnlib-mlp-v1")}
    for i, (W, b) in enumerate(params):
        arrays[f"W{i}"], arrays[f"b{i}"] = W, b
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        np.savez(f, **arrays)
    os.replace(tmp, path)


def load_params(path):
    """Load a network saved by save_params; refuses foreign or inconsistent files."""
    path = Path(path)
    try:
        data = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as err:
        raise ValueError(f"{path}: not a readable .npz file ({err}).") from None
    if not isinstance(data, np.lib.npyio.NpzFile):
        raise ValueError(f"{path}: holds a single .npy array, not an .npz archive; "
                         "save networks with nnlib.save_params.")
    with data:
        arrays = dict(data)
    marker = arrays.pop("nnlib_format", None)
    if marker is None or marker.shape != () or str(marker) != "nnlib-mlp-v1":
        raise ValueError(f"{path}: not an nnlib parameter file (no 'nnlib_format' marker); "
                         "save networks with nnlib.save_params.")
    n_layers = len(arrays) // 2
    expected = {f"{k}{i}" for i in range(n_layers) for k in "Wb"}
    if n_layers == 0 or set(arrays) != expected:
        raise ValueError(f"{path}: expected arrays W0, b0, ..., found {sorted(arrays)}.")
    params = [(arrays[f"W{i}"], arrays[f"b{i}"]) for i in range(n_layers)]
    try:
        _check_params(params)
    except ValueError as err:
        raise ValueError(f"{path}: {err}") from None
    return params


# ---------------------------------------------------------------------------
# Kernels: each backward right under its forward   (02_forward_pass, 03_backprop)
# ---------------------------------------------------------------------------

def dense_forward(X, W, b):
    """Affine layer Z = X @ W + b.                           (02_forward_pass)

    X (n, fan_in), W (fan_in, fan_out), b (fan_out,) -> Z (n, fan_out), cache.
    """
    return X @ W + b, (X, W)


def dense_backward(dZ, cache, need_dX=True):
    """Gradients of the affine layer.                  (03_backprop_derivation)

    dZ (n, fan_out) -> dX (n, fan_in) or None, dW (fan_in, fan_out), db (fan_out,).
    The first layer skips dX (need_dX=False): nothing upstream needs the
    gradient of the pixels, and it would cost a third of the step.
    """
    X, W = cache
    dX = dZ @ W.T if need_dX else None
    return dX, X.T @ dZ, dZ.sum(axis=0)


def relu(Z):
    """max(Z, 0), elementwise; same shape and dtype.          (02_forward_pass)"""
    return np.maximum(Z, 0)


def relu_derivative(Z):
    """1 where Z > 0 else 0 (the subgradient 0 is taken at 0). (03_backprop_derivation)"""
    return (Z > 0).astype(Z.dtype)


def relu_backward(dA, A):
    """dZ = dA * 1[Z > 0].                              (03_backprop_derivation)

    Uses the ReLU output A instead of Z: A > 0 exactly where Z > 0, so the
    forward may overwrite Z in place and keep only A.
    """
    return dA * (A > 0)


def softmax(logits):
    """Row-wise softmax, stable for any finite logits.       (02_forward_pass)

    logits (n, k) -> probs (n, k), rows sum to 1. Subtracting each row's
    maximum changes nothing mathematically and keeps exp() from overflowing.
    """
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def one_hot(y, num_classes=NUM_CLASSES, dtype=np.float32):
    """Integer labels (n,) -> one-hot rows (n, num_classes).  (02_forward_pass)"""
    out = np.zeros((len(y), num_classes), dtype=dtype)
    out[np.arange(len(y)), y] = 1
    return out


def cross_entropy(probs, y):
    """Mean of -log p[true class] over the batch.            (02_forward_pass)

    probs (n, k), y (n,) integer -> scalar. Probabilities of exactly 0 are
    clipped to the smallest positive float so the loss stays finite.
    """
    picked = probs[np.arange(len(y)), y]
    return float(-np.log(np.maximum(picked, np.finfo(probs.dtype).tiny)).mean())


def softmax_cross_entropy(logits, y):
    """Fused, stable softmax + mean cross-entropy.     (03_backprop_derivation)

    logits (n, k), y (n,) integer -> loss (float), dlogits (n, k).
    The loss uses log-sum-exp, so logits of +-1e4 stay finite; the gradient
    simplifies to (softmax(logits) - one_hot(y)) / n.
    """
    n = len(y)
    rows = np.arange(n)
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    sum_exp = exp.sum(axis=1, keepdims=True)
    loss = float(np.mean(np.log(sum_exp[:, 0]) - shifted[rows, y]))
    dlogits = exp / sum_exp
    dlogits[rows, y] -= 1
    dlogits /= n
    return loss, dlogits


def dropout_forward(A, rate, rng):
    """Inverted dropout: zero each unit with probability `rate`, scale the rest.  (06)

    A (n, h) -> out (n, h), mask (n, h). Survivors are divided by (1 - rate) so
    the expected activation is unchanged and prediction needs no rescaling.
    """
    if rate == 0:
        return A, None
    keep = rng.random(A.shape, dtype=A.dtype) >= rate
    mask = keep * A.dtype.type(1.0 / (1.0 - rate))
    return A * mask, mask


def dropout_backward(dout, mask):
    """Gradient of inverted dropout: the same mask.                (06)"""
    return dout if mask is None else dout * mask


# ---------------------------------------------------------------------------
# The network                             (02_forward_pass, 03_backprop_derivation)
# ---------------------------------------------------------------------------

def _forward_logits(params, X, dropout=0.0, rng=None):
    """Logits and the per-layer caches the backward pass needs."""
    caches = []
    A = X
    for i, (W, b) in enumerate(params):
        Z, dense_cache = dense_forward(A, W, b)
        if i == len(params) - 1:
            caches.append((dense_cache, None, None))
            return Z, caches
        A = np.maximum(Z, 0, out=Z)  # ReLU in place: the backward needs only A
        A_used, mask = dropout_forward(A, dropout, rng)
        caches.append((dense_cache, A, mask))
        A = A_used


def forward(params, X):
    """Class probabilities of the network.                    (02_forward_pass)

    params: list of (W, b); X (n, 784) floats of the params' dtype.
    Returns probs (n, 10) and caches (a list per layer of (dense cache, ReLU
    output, dropout mask)), which is what the backward pass needs.
    """
    _check_X(params, X)
    logits, caches = _forward_logits(params, X)
    return softmax(logits), caches


def _backward(params, dlogits, caches, weight_decay=0.0):
    """Gradients of every layer from dlogits, last layer first."""
    grads = [None] * len(params)
    dZ = dlogits
    for i in range(len(params) - 1, -1, -1):
        dense_cache, _, _ = caches[i]
        dA, dW, db = dense_backward(dZ, dense_cache, need_dX=i > 0)
        if weight_decay:
            dW += weight_decay * params[i][0]
        grads[i] = (dW, db)
        if i > 0:
            _, A_prev, mask_prev = caches[i - 1]
            dZ = relu_backward(dropout_backward(dA, mask_prev), A_prev)
    return grads


def _loss_and_grads(params, X, y, weight_decay=0.0, dropout=0.0, rng=None):
    """loss_and_grads without input checks (the training loop's hot path)."""
    logits, caches = _forward_logits(params, X, dropout, rng)
    loss, dlogits = softmax_cross_entropy(logits, y)
    if weight_decay:
        loss += 0.5 * weight_decay * sum(float(np.vdot(W, W)) for W, _ in params)
    return loss, _backward(params, dlogits, caches, weight_decay), logits


def loss_and_grads(params, X, y, *, weight_decay=0.0, dropout=0.0, rng=None):
    """Mean cross-entropy and its gradient for every parameter. (03_backprop_derivation)

    X (n, 784), y (n,) integer labels. Returns loss (float) and grads, a list
    of (dW, db) mirroring params. weight_decay adds (lambda/2)*sum ||W||^2 to
    the loss (biases excluded); dropout > 0 applies inverted dropout after
    every hidden ReLU using `rng` (06_improving_the_network).
    """
    _check_X(params, X)
    _check_y(y, len(X), num_classes=params[-1][0].shape[1])
    if dropout and rng is None:
        raise ValueError("dropout needs an rng: pass rng=np.random.default_rng(seed).")
    loss, grads, _ = _loss_and_grads(params, X, y, weight_decay, dropout, rng)
    return loss, grads


def predict_proba(params, X, batch_size=10_000):
    """Class probabilities (n, 10), computed in large batches, no dropout. (05)"""
    _check_X(params, X)
    return np.concatenate([softmax(_forward_logits(params, X[i:i + batch_size])[0])
                           for i in range(0, len(X), batch_size)])


def predict(params, X, batch_size=10_000):
    """Predicted class labels (n,) of X (n, 784).              (04_training)"""
    return predict_proba(params, X, batch_size).argmax(axis=1)


def evaluate(params, X, y, batch_size=10_000):
    """Mean cross-entropy (float) and accuracy (float) of the net on X, y. (04)"""
    _check_X(params, X)
    _check_y(y, len(X), num_classes=params[-1][0].shape[1])
    total_loss, correct = 0.0, 0
    for i in range(0, len(X), batch_size):
        logits = _forward_logits(params, X[i:i + batch_size])[0]
        loss, _ = softmax_cross_entropy(logits, y[i:i + batch_size])
        total_loss += loss * len(logits)
        correct += int((logits.argmax(axis=1) == y[i:i + batch_size]).sum())
    return total_loss / len(X), correct / len(X)


def accuracy(y_true, y_pred):
    """Fraction of labels predicted right.                      (04_training)"""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true {y_true.shape} and y_pred {y_pred.shape} differ in shape.")
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, num_classes=NUM_CLASSES):
    """Counts C[i, j] of samples of true class i predicted as j. (05_evaluation)"""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true {y_true.shape} and y_pred {y_pred.shape} differ in shape.")
    for name, y in (("y_true", y_true), ("y_pred", y_pred)):
        _check_y(y, len(y_true), name, num_classes)
    flat = y_true.astype(np.int64) * num_classes + y_pred
    return np.bincount(flat, minlength=num_classes ** 2).reshape(num_classes, num_classes)


# ---------------------------------------------------------------------------
# Optimizers: update params in place              (04_training, 06_improving)
# ---------------------------------------------------------------------------

def sgd_step(params, grads, lr):
    """Plain SGD, in place: W -= lr * dW, b -= lr * db; grads are left as they are. (04)"""
    for (W, b), (dW, db) in zip(params, grads):
        W -= lr * dW
        b -= lr * db


def momentum_init(params):
    """Zero velocities, one (vW, vb) per layer.          (06_improving_the_network)"""
    return [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]


def momentum_step(params, grads, velocity, lr, beta=0.9):
    """SGD with momentum, in place: v = beta*v + g; p -= lr*v.   (06)"""
    for (W, b), (dW, db), (vW, vb) in zip(params, grads, velocity):
        for p, g, v in ((W, dW, vW), (b, db, vb)):
            v *= beta
            v += g
            p -= lr * v


def adam_init(params):
    """Adam state: first and second moments, zero, and the step count t=0.   (06)"""
    return {"t": 0, "m": [np.zeros_like(p) for pair in params for p in pair],
            "v": [np.zeros_like(p) for pair in params for p in pair]}


def adam_step(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam (Kingma & Ba, 2015), in place, with bias correction.   (06)"""
    state["t"] += 1
    t = state["t"]
    # Folding both bias corrections into the step size saves two array passes.
    step = lr * math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
    flat = zip([p for pair in params for p in pair], [g for pair in grads for g in pair],
               state["m"], state["v"])
    for p, g, m, v in flat:
        m *= beta1
        m += (1 - beta1) * g
        v *= beta2
        v += (1 - beta2) * g * g
        p -= step * m / (np.sqrt(v) + eps)


def learning_rate(epoch, base_lr, epochs, schedule="constant", step_size=10, gamma=0.5):
    """Learning rate for a 0-based epoch.              (06_improving_the_network)

    "constant": base_lr; "step": base_lr * gamma ** (epoch // step_size);
    "cosine": from base_lr down towards 0 over `epochs` along half a cosine.
    """
    if schedule == "constant":
        return base_lr
    if schedule == "step":
        return base_lr * gamma ** (epoch // step_size)
    if schedule == "cosine":
        return 0.5 * base_lr * (1 + math.cos(math.pi * epoch / epochs))
    raise ValueError(f"schedule must be 'constant', 'step' or 'cosine', got {schedule!r}.")


def augment_batch(X, rng, max_shift=2, flip=True):
    """Randomly shift 28x28 images by up to max_shift pixels and flip half of them. (06)

    X (n, 784) -> a new (n, 784) array of the same dtype; X is not changed.
    Shifts fill with 0 (the background). Horizontal flips suit clothes
    (a shoe facing left is still a shoe) but would not suit digits.
    """
    n = len(X)
    images = X.reshape(n, 28, 28)
    if max_shift:
        pad = max_shift
        padded = np.pad(images, ((0, 0), (pad, pad), (pad, pad)))
        dy = rng.integers(0, 2 * pad + 1, size=n)
        dx = rng.integers(0, 2 * pad + 1, size=n)
        rows = dy[:, None] + np.arange(28)
        cols = dx[:, None] + np.arange(28)
        images = padded[np.arange(n)[:, None, None], rows[:, :, None], cols[:, None, :]]
    else:
        images = images.copy()
    if flip:
        flipped = rng.random(n) < 0.5
        images[flipped] = images[flipped, :, ::-1]
    return images.reshape(n, NUM_PIXELS)


# ---------------------------------------------------------------------------
# Training                                                   (04_training)
# ---------------------------------------------------------------------------

def train(params, X, y, *, epochs, batch_size, lr, rng, X_val=None, y_val=None,
          optimizer="sgd", momentum=0.9, weight_decay=0.0, dropout=0.0,
          schedule="constant", augment=False, patience=None, print_every=0):
    """Mini-batch training of `params`, in place.                 (04_training)

    X (n, 784) floats of the params' dtype, y (n,) integer labels; X and y
    are never modified. Every epoch reshuffles with `rng` and visits each
    sample once. optimizer: "sgd", "momentum" or "adam"; schedule: see
    learning_rate(); weight_decay, dropout: see 06. augment: False, True
    (augment_batch's defaults: shifts of up to 2 px and flips) or a dict of
    augment_batch options, e.g. {"max_shift": 0} for flips only. With `patience`
    and a validation set, training stops after `patience` epochs without a
    better validation accuracy and the best weights are put back.

    Returns a history dict of per-epoch lists: train_loss and train_acc (the
    mean over the epoch's mini-batches, as most libraries report them), lr,
    seconds, and with validation data val_loss and val_acc; plus best_epoch
    (1-based, by validation accuracy) and stopped_early.

    Raises FloatingPointError naming the epoch if the loss becomes NaN/inf.
    """
    _check_X(params, X)
    _check_y(y, len(X), num_classes=params[-1][0].shape[1])
    has_val = X_val is not None or y_val is not None
    if has_val:
        if X_val is None or y_val is None:
            raise ValueError("give both X_val and y_val, or neither.")
        _check_X(params, X_val, "X_val")
        _check_y(y_val, len(X_val), "y_val", params[-1][0].shape[1])
    if int(batch_size) != batch_size or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size}.")
    if int(epochs) != epochs or epochs < 0:
        raise ValueError(f"epochs must be a non-negative integer, got {epochs}.")
    if not (np.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive number, got {lr}.")
    if not 0 <= dropout < 1:
        raise ValueError(f"dropout is a probability in [0, 1), got {dropout}.")
    if augment is True or augment is False or augment is None:
        augment_options = {}
    elif isinstance(augment, dict) and set(augment) <= {"max_shift", "flip"}:
        augment_options = augment
    else:
        raise ValueError(f"augment must be True, False or a dict with keys 'max_shift' "
                         f"and/or 'flip', got {augment!r}.")
    if patience is not None and not has_val:
        raise ValueError("early stopping (patience) needs X_val and y_val.")
    if optimizer == "sgd":
        update = sgd_step
    elif optimizer == "momentum":
        velocity = momentum_init(params)
        update = lambda p, g, rate: momentum_step(p, g, velocity, rate, momentum)  # noqa: E731
    elif optimizer == "adam":
        adam_state = adam_init(params)
        update = lambda p, g, rate: adam_step(p, g, adam_state, rate)  # noqa: E731
    else:
        raise ValueError(f"optimizer must be 'sgd', 'momentum' or 'adam', got {optimizer!r}.")
    learning_rate(0, lr, max(epochs, 1), schedule)  # validates the schedule name early

    n = len(X)
    dtype = params[0][0].dtype.type
    history = {"train_loss": [], "train_acc": [], "lr": [], "seconds": []}
    if has_val:
        history.update(val_loss=[], val_acc=[])
    best_acc, best_params, best_epoch, stopped_early = -1.0, None, 0, False
    diverged_above = None  # set from the first mini-batch's loss
    batch = np.empty((batch_size, X.shape[1]), dtype=X.dtype)
    for epoch in range(epochs):
        start = time.perf_counter()
        rate = dtype(learning_rate(epoch, lr, epochs, schedule))
        order = rng.permutation(n)
        loss_sum, correct = 0.0, 0
        for first in range(0, n, batch_size):
            idx = order[first:first + batch_size]
            # Gather the mini-batch into a reused buffer: no per-epoch copy of X
            # and no new 200 kB array per step.
            xb = np.take(X, idx, axis=0, out=batch[:len(idx)])
            yb = y[idx]
            if augment:
                xb = augment_batch(xb, rng, **augment_options)
            loss, grads, logits = _loss_and_grads(params, xb, yb, weight_decay, dropout, rng)
            if diverged_above is None and math.isfinite(loss):
                # The stable loss stays finite even when the weights blow up (at
                # lr=50 it jumps 10,000-fold, then every ReLU dies), so a loss
                # 100x above where training started counts as divergence too.
                diverged_above = 100 * max(loss, math.log(params[-1][0].shape[1]))
            if not math.isfinite(loss) or loss > diverged_above:
                raise FloatingPointError(
                    f"training diverged: the loss became {loss:.4g} in epoch {epoch + 1} "
                    f"(step {first // batch_size + 1}); lower the learning rate (lr={lr}).")
            update(params, grads, rate)
            loss_sum += loss * len(idx)
            correct += int(np.count_nonzero(logits.argmax(axis=1) == yb))
        history["train_loss"].append(loss_sum / n)
        history["train_acc"].append(correct / n)
        history["lr"].append(float(rate))
        if has_val:
            val_loss, val_acc = evaluate(params, X_val, y_val)
            history["val_loss"].append(val_loss)
            history["val_acc"].append(val_acc)
            if val_acc > best_acc:
                best_acc, best_epoch = val_acc, epoch + 1
                if patience is not None:
                    best_params = [(W.copy(), b.copy()) for W, b in params]
        history["seconds"].append(time.perf_counter() - start)
        if print_every and ((epoch + 1) % print_every == 0 or epoch + 1 == epochs):
            line = (f"epoch {epoch + 1:4d}/{epochs}  loss {history['train_loss'][-1]:.4f}  "
                    f"acc {history['train_acc'][-1]:.4f}")
            if has_val:
                line += f"  val_loss {val_loss:.4f}  val_acc {val_acc:.4f}"
            print(line + f"  ({history['seconds'][-1]:.2f} s)", flush=True)
        if patience is not None and epoch + 1 - best_epoch >= patience:
            stopped_early = True
            break
    if best_params is not None:
        for (W, b), (W_best, b_best) in zip(params, best_params):
            W[...], b[...] = W_best, b_best
    history["best_epoch"] = best_epoch if has_val else None
    history["stopped_early"] = stopped_early
    return history


# ---------------------------------------------------------------------------
# Gradient checking                                  (03_backprop_derivation)
# ---------------------------------------------------------------------------

def numerical_gradient(f, x, eps=1e-6):
    """Centred differences (f(x+eps) - f(x-eps)) / 2eps for every entry of x.

    f: a function of no arguments returning a float that reads x; x is changed
    in place during the call and restored. Returns an array shaped like x.
    """
    grad = np.zeros_like(x)
    flat_x, flat_g = x.reshape(-1), grad.reshape(-1)
    for i in range(flat_x.size):
        original = flat_x[i]
        flat_x[i] = original + eps
        f_plus = f()
        flat_x[i] = original - eps
        f_minus = f()
        flat_x[i] = original
        flat_g[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def rel_error(a, b):
    """||a - b|| / (||a|| + ||b||), 0 when both are 0: scale-free, robust to zeros."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / denominator) if denominator else 0.0


def gradient_check(params, X, y, eps=1e-6, **loss_kwargs):
    """Worst rel_error between loss_and_grads and centred differences, over all
    parameters (every W and b).                    (03_backprop_derivation)

    Use float64 params and X and a handful of samples. Extra keyword arguments
    go to loss_and_grads (e.g. weight_decay); with dropout, pass a fresh
    rng-making `rng_seed` instead of rng so every evaluation uses one mask.
    """
    seed = loss_kwargs.pop("rng_seed", None)

    rng = None if seed is None else np.random.default_rng(seed)
    _, grads = loss_and_grads(params, X, y, rng=rng, **loss_kwargs)
    weight_decay, dropout = loss_kwargs.get("weight_decay", 0.0), loss_kwargs.get("dropout", 0.0)

    def loss_fn():  # forward only, no checks: it runs twice per parameter entry
        rng = None if seed is None else np.random.default_rng(seed)
        logits, _ = _forward_logits(params, X, dropout, rng)
        loss = softmax_cross_entropy(logits, y)[0]
        if weight_decay:
            loss += 0.5 * weight_decay * sum(float(np.vdot(W, W)) for W, _ in params)
        return loss

    worst = 0.0
    for (W, b), (dW, db) in zip(params, grads):
        for p, g in ((W, dW), (b, db)):
            worst = max(worst, rel_error(g, numerical_gradient(loss_fn, p, eps)))
    return worst


# ---------------------------------------------------------------------------
# Notebook support: the seed and the figures                 (every notebook)
# ---------------------------------------------------------------------------

SEED_VARIABLE = "NNLIB_SEED"           # which seed a notebook runs with (default 0)
SAVE_FIGURES_VARIABLE = "NNLIB_SAVE_FIGURES"  # `make` sets it to 1 to regenerate assets/
ASSETS_DIR = REPO_ROOT / "assets"


def notebook_seed(default=0):
    """The seed a notebook runs with: $NNLIB_SEED if set, else `default`. (every notebook)

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
    """Write `fig` to assets/<name>, but only when $NNLIB_SAVE_FIGURES is 1. (every notebook)

    `make` sets the variable, so the committed figures are regenerated from
    the stored seed-0 run; a student's kernel, `make test` and `make robust`
    leave assets/ alone. The file is written under a unique temporary name in
    assets/ and renamed when complete, so two processes never mix their bytes.
    Returns the path written, or None.
    """
    if os.environ.get(SAVE_FIGURES_VARIABLE) != "1":
        return None
    ASSETS_DIR.mkdir(exist_ok=True)
    path = ASSETS_DIR / name
    fd, tmp = tempfile.mkstemp(dir=ASSETS_DIR, prefix=f".{path.stem}-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            # No "Software" stamp: the PNG bytes then depend only on the figure.
            fig.savefig(f, format=path.suffix.lstrip(".") or "png", dpi=100,
                        bbox_inches="tight", metadata={"Software": None})
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def main(argv=None):
    """Command line: `python nnlib.py download [DEST]`."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in ("download",):
        print("usage: python nnlib.py download [DEST]", file=sys.stderr)
        return 2
    if len(argv) == 1 and all(find_data_dir(s) for s in IDX_FILES):
        print(f"Fashion-MNIST already available in {find_data_dir('train')}")
        return 0
    dest = download_fashion_mnist(Path(argv[1]) if len(argv) > 1 else DATA_DIR)
    print(f"Fashion-MNIST downloaded and verified in {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
