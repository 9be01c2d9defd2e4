"""The lab edition's versions of the teacher's cells that compute a kernel the student writes.

In the teacher's notebooks some cells work a kernel out inline, to teach it: notebook 03
computes dW3 = A2.T @ dZ3 from the derivation, 02 writes a stable softmax. In the lab
edition (`make lab`) the student writes those kernels in nnlib.py, so such a cell is
replaced by its variant here, which calls the student's kernel instead (or, for the
sections that re-implement the backward pass another way, drops the cell): nothing in
the lab edition holds a reference implementation.

VARIANTS[notebook][cell id] = (fingerprint, variant): the fingerprint is the first 12 hex
digits of the SHA-256 of the teacher's cell source the variant was written for, so a
teacher who changes the cell is told (by a test) to look at its variant too. The variant
is the lab edition's source, or a function of the teacher's source that returns it, or
None to drop the cell. tools/classroom.py applies them (lab_source).
"""
import hashlib


def fingerprint(source):
    """The first 12 hex digits of the SHA-256 of a cell's source."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]


DROPPED_SECTION = ("*In the lab edition this section's code is left out: it computes the same gradients another"
                   " way, which would hand you the kernels you write. Section 8 checks yours against numerical"
                   " gradients instead.*")

VARIANTS = {
    "02_forward_pass": {
        "ad1b9028": ("d47c7584b567", '''\
def stable_softmax(logits):
    return nnlib.softmax(logits)  # nnlib's softmax subtracts each row's maximum first: the fix above

print("stable_softmax(large):", np.round(stable_softmax(large), 4))
print("stable_softmax(small):", np.round(stable_softmax(small), 4))
np.testing.assert_allclose(stable_softmax(logits), naive_softmax(logits), rtol=1e-6)  # ordinary logits
for extreme in (large, small):
    assert np.isfinite(stable_softmax(extreme)).all()
    np.testing.assert_allclose(stable_softmax(extreme), stable_softmax(np.array([[2.0, 1.0, 0.0]])), rtol=1e-12)'''),
    },
    "03_backprop_derivation": {
        "07cb4469": ("321bed8f0ce7", '''\
def forward_pass(params, X):
    (W1, b1), (W2, b2), (W3, b3) = params
    Z1, _ = nnlib.dense_forward(X, W1, b1)   # your kernels, from nnlib.py
    A1, _ = nnlib.relu_forward(Z1)
    Z2, _ = nnlib.dense_forward(A1, W2, b2)
    A2, _ = nnlib.relu_forward(Z2)
    Z3, _ = nnlib.dense_forward(A2, W3, b3)
    P = nnlib.softmax(Z3)
    return Z1, A1, Z2, A2, Z3, P


def mean_cross_entropy(P, y):
    return -np.mean(np.log(P[np.arange(len(y)), y]))'''),
        "7808e478": ("f02fbd24683d", '''\
_, dZ3 = nnlib.softmax_cross_entropy(Z3, y)   # your fused softmax-cross-entropy's gradient
assert dZ3.shape == Z3.shape
np.testing.assert_allclose(dZ3.sum(axis=1), 0, atol=1e-12)   # each row of P - Y sums to 1 - 1 = 0
assert (dZ3[np.arange(m), y] < 0).all()   # negative only in the true class's column
print("your softmax_cross_entropy's gradient:", dZ3.shape)'''),
        "04bbedf1": ("1a0d32ae0ebb", '''\
dA2, dW3, db3 = nnlib.dense_backward(dZ3, (A2, W3))   # your dense_backward: the three rules
assert dW3.shape == W3.shape == (10, 10)
assert db3.shape == b3.shape == (10,)
assert dA2.shape == A2.shape == (m, 10)
print("dW3", dW3.shape, " db3", db3.shape, " dA2", dA2.shape)'''),
        "3f7b11b2": ("30343deb67d2", '''\
dZ2 = nnlib.relu_backward(dA2, A2)   # your relu_backward
assert dZ2.shape == Z2.shape == (m, 10)
np.testing.assert_array_equal(Z2 > 0, A2 > 0)
assert not dZ2[Z2 <= 0].any() and np.array_equal(dZ2[Z2 > 0], dA2[Z2 > 0])   # the mask's two cases
print("dZ2", dZ2.shape, f" active units: {int((Z2 > 0).sum())} of {Z2.size}")'''),
        "21c8a655": ("2fa7df985f85", '''\
dA1, dW2, db2 = nnlib.dense_backward(dZ2, (A1, W2))   # your kernels, one layer down
dZ1 = nnlib.relu_backward(dA1, A1)
assert dW2.shape == W2.shape == (128, 10)
assert db2.shape == b2.shape == (10,)
assert dA1.shape == A1.shape == (m, 128)
assert dZ1.shape == Z1.shape == (m, 128)
print("dW2", dW2.shape, " db2", db2.shape, " dA1", dA1.shape, " dZ1", dZ1.shape)'''),
        "719e035c": ("067a773d5d3b", '''\
dX_nn, dW1, db1 = nnlib.dense_backward(dZ1, (X, W1), need_dX=False)   # your kernel, first layer
assert dX_nn is None
assert dW1.shape == W1.shape == (784, 128)
assert db1.shape == b1.shape == (128,)
print("dW1", dW1.shape, " db1", db1.shape, " dX: not computed")'''),
        "057d4e77": ("36b191941fe3", '''\
def backward_pass(params, X, cache, dZ3):
    (W1, b1), (W2, b2), (W3, b3) = params
    Z1, A1, Z2, A2, Z3, P = cache
    dA2, dW3, db3 = nnlib.dense_backward(dZ3, (A2, W3))
    dA1, dW2, db2 = nnlib.dense_backward(nnlib.relu_backward(dA2, A2), (A1, W2))
    _, dW1, db1 = nnlib.dense_backward(nnlib.relu_backward(dA1, A1), (X, W1), need_dX=False)
    return [(dW1, db1), (dW2, db2), (dW3, db3)]


def backprop(params, X, y):
    cache = forward_pass(params, X)
    loss, dZ3 = nnlib.softmax_cross_entropy(cache[4], y)
    return loss, backward_pass(params, X, cache, dZ3)'''),
        "cbd5a49c": ("60271a7e6e5e", '''\
assert (walk_dlogits[np.arange(4), y_walk] < 0).all()
np.testing.assert_allclose(walk_dlogits.sum(axis=1), 0, atol=1e-6)
(_, A1w, _), (_, A2w, _), _ = walk_caches
(W1w, _), (W2w, _), (W3w, _) = walk_params
dA2w, dW3_k, db3_k = nnlib.dense_backward(walk_dlogits, (A2w, W3w))   # your kernels, layer by layer
dZ2w = nnlib.relu_backward(dA2w, A2w)
dA1w, dW2_k, db2_k = nnlib.dense_backward(dZ2w, (A1w, W2w))
dZ1w = nnlib.relu_backward(dA1w, A1w)
_, dW1_k, db1_k = nnlib.dense_backward(dZ1w, (X_walk, W1w), need_dX=False)
for ours, theirs in [(dW3_k, dW3w), (db3_k, db3w), (dW2_k, dW2w), (db2_k, db2w), (dW1_k, dW1w), (db1_k, db1w)]:
    np.testing.assert_array_equal(ours, theirs)
print("your kernels, layer by layer, give nnlib.backward's six arrays, bit for bit")'''),
        "82ec29b3": ("626eefa994f9", lambda text: f"{text}\n\n{DROPPED_SECTION}"),
        "6c00d33d": ("7efce0352770", None),
        "3d3fd7fc": ("8e220370280c", None),
        "8b5d8be0": ("4471ecace6b5", lambda text: text.replace(
            "Computed in the column convention, with `W.T`, `X.T` and column biases:", DROPPED_SECTION)),
        "6726fd13": ("039465a416fb", None),
        "f307132f": ("5d38a5068044", None),
        "b0241ab4": ("43af6b588734", None),
    },
}


def lab_source(notebook, cell):
    """The lab edition's source of `cell` of `notebook`: (True, source or None to drop), or
    (False, None) when the cell has no variant. ValueError if the teacher's cell changed."""
    entry = VARIANTS.get(notebook, {}).get(cell.get("id"))
    if entry is None:
        return False, None
    expected, variant = entry
    if fingerprint(cell["source"]) != expected:
        raise ValueError(f"{notebook}, cell {cell.get('id')}: the teacher's cell changed since its lab "
                         "variant was written; update VARIANTS in tools/lab_variants.py (and its fingerprint)")
    return True, variant(cell["source"]) if callable(variant) else variant
