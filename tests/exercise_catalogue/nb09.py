"""Wrong answers for notebook 09's exercises (debugging)."""
from exercise_catalogue import pasted

# 09-ex1: the teacher's adam_losses with one change each.
_ADAM = '''
def adam_losses(dense_backward, lr=1e-3, n_images=12_800, epochs=2, batch_size=64):
    run_rng = np.random.default_rng(SEED)
    params = nnlib.init_params(CHECK_LAYERS, "he", rng=run_rng)
    adam_step = nnlib.make_optimizer("adam", params)
    losses = []
    for _ in range(epochs):
        order = run_rng.permutation(n_images)
        for first in range(0, n_images, batch_size):
            idx = order[first:first + batch_size]
            loss, grads = loss_and_grads(params, X_train[idx], y_train[idx],
                                         dense_backward=dense_backward)
            adam_step(params, grads, np.float32(lr))
            losses.append(loss)
    return np.array(losses)
'''


def _adam(old, new, count=1):
    """_ADAM with `old` replaced by `new` (which must occur `count` times)."""
    assert _ADAM.count(old) == count, old
    return _ADAM.replace(old, new)


WRONG = {
    "09-ex1": {
        "plain SGD (sgd_losses at lr)": '''
def adam_losses(dense_backward, lr=1e-3, n_images=12_800, epochs=2, batch_size=64):
    return sgd_losses(dense_backward, lr, n_images, epochs, batch_size)
''',
        "Adam made anew at every step (its moments forgotten)": _adam(
            "            adam_step(params, grads, np.float32(lr))",
            "            nnlib.make_optimizer(\"adam\", params)(params, grads, np.float32(lr))"),
        "lr ignored (a fixed 0.01)": _adam("np.float32(lr)", "np.float32(0.01)"),
        "one shuffle for both epochs": _adam(
            "    for _ in range(epochs):\n        order = run_rng.permutation(n_images)\n",
            "    order = run_rng.permutation(n_images)\n    for _ in range(epochs):\n"),
        "dense_backward ignored (nnlib.loss_and_grads)": _adam(
            "loss_and_grads(params, X_train[idx], y_train[idx],\n"
            "                                         dense_backward=dense_backward)",
            "nnlib.loss_and_grads(params, X_train[idx], y_train[idx])"),
        "the images in order, never shuffled": _adam(
            "order = run_rng.permutation(n_images)", "order = np.arange(n_images)"),
        "the loss after the step, not before": _adam(
            "            losses.append(loss)",
            "            losses.append(loss_and_grads(params, X_train[idx], y_train[idx],\n"
            "                                         dense_backward=dense_backward)[0])"),
    },
}

# 09-ex2: the bench's backward_pass with the ReLU's mask written out, changed once each.
_BUG7 = '''
def backward_pass_bug7(dlogits, caches):
    grads, dout = [], dlogits
    for dense_cache, relu_cache in reversed(caches):
        if relu_cache is not None:
            dout = dout * (relu_cache >= 0)
        dout, dW, db = nnlib.dense_backward(dout, dense_cache)
        grads.append((dW, db))
    return grads[::-1]
'''


def _bug7(old, new):
    assert _BUG7.count(old) == 1, old
    return _BUG7.replace(old, new)


WRONG["09-ex2"] = {
    "the correct mask, > 0": _bug7("relu_cache >= 0", "relu_cache > 0"),
    "nnlib.relu_backward given the >= mask as its cache": _bug7(
        "dout * (relu_cache >= 0)", "nnlib.relu_backward(dout, relu_cache >= 0)"),
    "the mask the wrong way round, <= 0": _bug7("relu_cache >= 0", "relu_cache <= 0"),
    "multiplied by the activation itself": _bug7("dout * (relu_cache >= 0)", "dout * relu_cache"),
    "only the second hidden layer has the bug": '''
def backward_pass_bug7(dlogits, caches):
    grads, dout = [], dlogits
    for layer, (dense_cache, relu_cache) in reversed(list(enumerate(caches))):
        if relu_cache is not None:
            dout = dout * (relu_cache >= 0) if layer == 1 else dout * (relu_cache > 0)
        dout, dW, db = nnlib.dense_backward(dout, dense_cache)
        grads.append((dW, db))
    return grads[::-1]
''',
    "bug 3's dense backward too": _bug7("nnlib.dense_backward(dout, dense_cache)",
                                       "dense_backward_bug3(dout, dense_cache)"),
    "the gradients last layer first": _bug7("return grads[::-1]", "return grads"),
}

WRONG["09-ex3"] = {
    "never raises": '''
def check_images_match_labels(X, y):
    pass
''',
    "always raises": '''
def check_images_match_labels(X, y):
    assert False, "the labels do not belong to the images"
''',
    "shapes only": '''
def check_images_match_labels(X, y):
    assert X.shape == (len(y), 784), f"X {X.shape} and y {y.shape} do not pair up"
''',
    "every class present, about equally often": '''
def check_images_match_labels(X, y):
    counts = np.bincount(y, minlength=10)
    assert counts.min() > 0.5 * len(y) / 10, f"class counts {counts}"
''',
    "the scale of the pixels (check_same_scale)": '''
def check_images_match_labels(X, y):
    check_same_scale(X_train, X)
''',
    "the labels of the training split, whatever the data": '''
def check_images_match_labels(X, y):
    assert np.array_equal(y, y_train[:len(y)]), "not the labels of the training split"
''',
    "a threshold below chance (5 %)": '''
def check_images_match_labels(X, y):
    half = len(X) // 2
    classes = np.unique(y[:half])
    means = np.stack([X[:half][y[:half] == k].mean(axis=0) for k in classes])
    scores = X[half:] @ means.T - 0.5 * (means ** 2).sum(axis=1)
    hit_rate = nnlib.accuracy(y[half:], classes[scores.argmax(axis=1)])
    assert hit_rate > 0.05, f"nearest class mean scores {hit_rate:.2f}"
''',
    "a ValueError, not an assert": '''
def check_images_match_labels(X, y):
    half = len(X) // 2
    classes = np.unique(y[:half])
    means = np.stack([X[:half][y[:half] == k].mean(axis=0) for k in classes])
    scores = X[half:] @ means.T - 0.5 * (means ** 2).sum(axis=1)
    if nnlib.accuracy(y[half:], classes[scores.argmax(axis=1)]) <= 0.4:
        raise ValueError("do the labels belong to the images?")
''',
}

WRONG["09-ex4"] = {
    "divided by 255 (nnlib.scale_pixels)": '''
def scale_per_image(X_raw):
    return nnlib.scale_pixels(X_raw)
''',
    "divided by the brightest pixel of the whole batch": '''
def scale_per_image(X_raw):
    X = X_raw.astype(np.float32)
    return X / max(X.max(), 1)
''',
    "each pixel's maximum over the images (axis=0)": '''
def scale_per_image(X_raw):
    X = X_raw.astype(np.float32)
    return X / np.maximum(X.max(axis=0, keepdims=True), 1)
''',
    "a black image turns into NaN": '''
def scale_per_image(X_raw):
    X = X_raw.astype(np.float32)
    with np.errstate(invalid="ignore"):
        return X / X.max(axis=1, keepdims=True)
''',
    "float64 out": '''
def scale_per_image(X_raw):
    X = X_raw.astype(np.float64)
    return X / np.maximum(X.max(axis=1, keepdims=True), 1)
''',
    "min-max scaling": '''
def scale_per_image(X_raw):
    X = X_raw.astype(np.float32)
    low, high = X.min(axis=1, keepdims=True), X.max(axis=1, keepdims=True)
    return (X - low) / np.maximum(high - low, 1)
''',
    "each image divided by its sum": '''
def scale_per_image(X_raw):
    X = X_raw.astype(np.float32)
    return X / np.maximum(X.sum(axis=1, keepdims=True), 1)
''',
    "integer division, in uint8": '''
def scale_per_image(X_raw):
    return (X_raw // np.maximum(X_raw.max(axis=1, keepdims=True), 1)).astype(np.float32)
''',
}

# 09-ex5: the teacher's fixed function (soft targets) with one change each.
_SOFT = """
def softmax_cross_entropy_soft(logits, targets):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    m = len(targets)
    loss = -(targets * log_probs).sum() / m
    return float(loss), (np.exp(log_probs) - targets) / m
"""


def _soft(old, new):
    assert _SOFT.count(old) == 1, old
    return _SOFT.replace(old, new)


WRONG["09-ex5"] = {
    "the bug itself (no keepdims)": _soft(
        "    shifted = logits - logits.max(axis=1, keepdims=True)\n"
        "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n",
        "    shifted = logits - logits.max(axis=1)\n"
        "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1))\n"),
    "keepdims on the maximum only": _soft("np.exp(shifted).sum(axis=1, keepdims=True)",
                                          "np.exp(shifted).sum(axis=1)"),
    "keepdims on the sum only": _soft("logits.max(axis=1, keepdims=True)", "logits.max(axis=1)"),
    "no max-shift": _soft("logits - logits.max(axis=1, keepdims=True)", "logits"),
    "the batch's maximum, not each row's": _soft("logits.max(axis=1, keepdims=True)", "logits.max()"),
    "the log of a probability": _soft(
        "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n",
        "    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)\n"
        "    log_probs = np.log(probs)\n"),
    "softmax over the batch (axis 0)": _soft(
        "    shifted = logits - logits.max(axis=1, keepdims=True)\n"
        "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n",
        "    shifted = logits - logits.max(axis=0, keepdims=True)\n"
        "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))\n"),
    "no 1/m in the loss": _soft("    loss = -(targets * log_probs).sum() / m\n",
                                "    loss = -(targets * log_probs).sum()\n"),
    "no 1/m in the gradient": _soft("(np.exp(log_probs) - targets) / m", "np.exp(log_probs) - targets"),
    "the mean over all m K entries": _soft("    loss = -(targets * log_probs).sum() / m\n",
                                           "    loss = -(targets * log_probs).mean()\n"),
    "P / m, without the - T": _soft("(np.exp(log_probs) - targets) / m", "np.exp(log_probs) / m"),
    "the gradient's sign flipped": _soft("(np.exp(log_probs) - targets) / m", "(targets - np.exp(log_probs)) / m"),
    "the gradient transposed": _soft("(np.exp(log_probs) - targets) / m", "(np.exp(log_probs) - targets).T / m"),
    "the targets' arg-max as integer labels": """
def softmax_cross_entropy_soft(logits, targets):
    labels, m = targets.argmax(axis=1), len(targets)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    dlogits = np.exp(log_probs)
    dlogits[np.arange(m), labels] -= 1
    return float(-log_probs[np.arange(m), labels].mean()), dlogits / m
""",
    "a zero answer of the right shape": """
def softmax_cross_entropy_soft(logits, targets):
    return 0.0, np.zeros_like(logits)
""",
    "calls nnlib.softmax_cross_entropy": """
def softmax_cross_entropy_soft(logits, targets):
    return nnlib.softmax_cross_entropy(logits, targets.argmax(axis=1))
""",
    "calls nnlib.softmax": _soft(
        "    shifted = logits - logits.max(axis=1, keepdims=True)\n"
        "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n",
        "    log_probs = np.log(nnlib.softmax(logits))\n"),
    "nnlib's softmax_cross_entropy, pasted": pasted("softmax_cross_entropy", "_library") + """
def softmax_cross_entropy_soft(logits, targets):
    return _library(logits, targets.argmax(axis=1))
""",
}
