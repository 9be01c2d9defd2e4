"""Wrong answers for notebook 03's exercises."""
from exercise_catalogue import pasted

WRONG = {
    "03-ex1": {
        "nnlib's softmax_cross_entropy, pasted": pasted("softmax_cross_entropy", "_library") + '''
def softmax_ce(logits, y, smoothing):
    return _library(logits, y)
''',
        "calls nnlib.softmax_cross_entropy, smoothing ignored": '''
def softmax_ce(logits, y, smoothing):
    return nnlib.softmax_cross_entropy(logits, y)
''',
        "nnlib.softmax_cross_entropy mixed with the uniform targets (right values, a call)": '''
def softmax_ce(logits, y, smoothing):
    m, K = logits.shape
    loss, dlogits = nnlib.softmax_cross_entropy(logits, y)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    uniform_loss = float(-log_probs.mean(axis=1).mean())
    uniform_dlogits = (np.exp(log_probs) - 1 / K) / m
    return ((1 - smoothing) * loss + smoothing * uniform_loss,
            (1 - smoothing) * dlogits + smoothing * uniform_dlogits)
''',
        "no max-shift": '''
def softmax_ce(logits, y, smoothing):
    m, K = logits.shape
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    targets = np.full(logits.shape, smoothing / K)
    targets[np.arange(m), y] += 1 - smoothing
    return float(-np.sum(targets * log_probs) / m), (np.exp(log_probs) - targets) / m
''',
        "the logits shifted in place (the caller's array changed)": '''
def softmax_ce(logits, y, smoothing):
    m, K = logits.shape
    logits -= logits.max(axis=1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    targets = np.full(logits.shape, smoothing / K)
    targets[np.arange(m), y] += 1 - smoothing
    return float(-np.sum(targets * log_probs) / m), (np.exp(log_probs) - targets) / m
''',
        "the batch's maximum, not each row's": '''
def softmax_ce(logits, y, smoothing):
    m, K = logits.shape
    shifted = logits - logits.max()
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    targets = np.full(logits.shape, smoothing / K)
    targets[np.arange(m), y] += 1 - smoothing
    return float(-np.sum(targets * log_probs) / m), (np.exp(log_probs) - targets) / m
''',
        "the log of a probability": '''
def softmax_ce(logits, y, smoothing):
    m, K = logits.shape
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = exp / exp.sum(axis=1, keepdims=True)
    targets = np.full(logits.shape, smoothing / K)
    targets[np.arange(m), y] += 1 - smoothing
    return float(-np.sum(targets * np.log(probs)) / m), (probs - targets) / m
''',
        "the log of a clipped probability": '''
def softmax_ce(logits, y, smoothing):
    m, K = logits.shape
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = exp / exp.sum(axis=1, keepdims=True)
    targets = np.full(logits.shape, smoothing / K)
    targets[np.arange(m), y] += 1 - smoothing
    log_probs = np.log(np.maximum(probs, np.finfo(probs.dtype).tiny))
    return float(-np.sum(targets * log_probs) / m), (probs - targets) / m
''',
        "epsilon/(K-1) on the other classes, 1 - epsilon on the true one": '''
def softmax_ce(logits, y, smoothing):
    m, K = logits.shape
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    targets = np.full(logits.shape, smoothing / (K - 1))
    targets[np.arange(m), y] = 1 - smoothing
    return float(-np.sum(targets * log_probs) / m), (np.exp(log_probs) - targets) / m
''',
        "the (1 - epsilon) forgotten: Y + epsilon/K": '''
def softmax_ce(logits, y, smoothing):
    m, K = logits.shape
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    targets = np.full(logits.shape, smoothing / K)
    targets[np.arange(m), y] += 1
    return float(-np.sum(targets * log_probs) / m), (np.exp(log_probs) - targets) / m
''',
        "smoothing in the loss only: the gradient (P - Y)/m": '''
def softmax_ce(logits, y, smoothing):
    m, K = logits.shape
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    targets = np.full(logits.shape, smoothing / K)
    targets[np.arange(m), y] += 1 - smoothing
    dlogits = np.exp(log_probs)
    dlogits[np.arange(m), y] -= 1
    return float(-np.sum(targets * log_probs) / m), dlogits / m
''',
        "smoothing in the gradient only: the loss of section 2": '''
def softmax_ce(logits, y, smoothing):
    m, K = logits.shape
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    targets = np.full(logits.shape, smoothing / K)
    targets[np.arange(m), y] += 1 - smoothing
    return float(-np.mean(log_probs[np.arange(m), y])), (np.exp(log_probs) - targets) / m
''',
        "gradient without the 1/m": '''
def softmax_ce(logits, y, smoothing):
    m, K = logits.shape
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    targets = np.full(logits.shape, smoothing / K)
    targets[np.arange(m), y] += 1 - smoothing
    return float(-np.sum(targets * log_probs) / m), np.exp(log_probs) - targets
''',
        "summed loss, not the mean": '''
def softmax_ce(logits, y, smoothing):
    m, K = logits.shape
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    targets = np.full(logits.shape, smoothing / K)
    targets[np.arange(m), y] += 1 - smoothing
    return float(-np.sum(targets * log_probs)), (np.exp(log_probs) - targets) / m
''',
        "the mean over all m K entries, not over the samples": '''
def softmax_ce(logits, y, smoothing):
    m, K = logits.shape
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    targets = np.full(logits.shape, smoothing / K)
    targets[np.arange(m), y] += 1 - smoothing
    return float(-np.mean(targets * log_probs)), (np.exp(log_probs) - targets) / m
''',
        "a fixed 10 classes in epsilon/10": '''
def softmax_ce(logits, y, smoothing):
    m = len(y)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    targets = np.full(logits.shape, smoothing / 10)
    targets[np.arange(m), y] += 1 - smoothing
    return float(-np.sum(targets * log_probs) / m), (np.exp(log_probs) - targets) / m
''',
        "K from the wrong axis (the number of rows)": '''
def softmax_ce(logits, y, smoothing):
    K, m = logits.shape[0], len(y)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    targets = np.full(logits.shape, smoothing / K)
    targets[np.arange(m), y] += 1 - smoothing
    return float(-np.sum(targets * log_probs) / m), (np.exp(log_probs) - targets) / m
''',
        "softmax down the columns (the wrong axis)": '''
def softmax_ce(logits, y, smoothing):
    m, K = logits.shape
    shifted = logits - logits.max(axis=0, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    targets = np.full(logits.shape, smoothing / K)
    targets[np.arange(m), y] += 1 - smoothing
    return float(-np.sum(targets * log_probs) / m), (np.exp(log_probs) - targets) / m
''',
        "the sign of the gradient (Q - P)": '''
def softmax_ce(logits, y, smoothing):
    m, K = logits.shape
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    targets = np.full(logits.shape, smoothing / K)
    targets[np.arange(m), y] += 1 - smoothing
    return float(-np.sum(targets * log_probs) / m), (targets - np.exp(log_probs)) / m
''',
        "a zero gradient of the right shape": '''
def softmax_ce(logits, y, smoothing):
    m, K = logits.shape
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    targets = np.full(logits.shape, smoothing / K)
    targets[np.arange(m), y] += 1 - smoothing
    return float(-np.sum(targets * log_probs) / m), np.zeros_like(logits)
''',
    },
    "03-ex2": {
        "nnlib's loss_and_grads, pasted": pasted("loss_and_grads", "_library") + '''
def tanh_relu_loss_and_grads(params, X, y):
    return _library(params, X, y, activation="tanh")
''',
        "calls nnlib.loss_and_grads with activation='tanh'": '''
def tanh_relu_loss_and_grads(params, X, y):
    return nnlib.loss_and_grads(params, X, y, activation="tanh")
''',
        "nnlib's kernels layer by layer, nnlib.tanh_backward among them": '''
def tanh_relu_loss_and_grads(params, X, y):
    (W1, b1), (W2, b2), (W3, b3) = params
    A1, tanh_cache = nnlib.tanh_forward(X @ W1 + b1)
    A2, relu_cache = nnlib.relu_forward(A1 @ W2 + b2)
    loss, dZ3 = nnlib.softmax_cross_entropy(A2 @ W3 + b3, y)
    dA2, dW3, db3 = nnlib.dense_backward(dZ3, (A2, W3))
    dA1, dW2, db2 = nnlib.dense_backward(nnlib.relu_backward(dA2, relu_cache), (A1, W2))
    _, dW1, db1 = nnlib.dense_backward(nnlib.tanh_backward(dA1, tanh_cache), (X, W1), need_dX=False)
    return loss, [(dW1, db1), (dW2, db2), (dW3, db3)]
''',
        "centred differences instead of backpropagation": '''
def tanh_relu_loss_and_grads(params, X, y):
    def loss():
        (W1, b1), (W2, b2), (W3, b3) = params
        A2 = np.maximum(np.tanh(X @ W1 + b1) @ W2 + b2, 0)
        return mean_cross_entropy(nnlib.softmax(A2 @ W3 + b3), y)
    return loss(), [(nnlib.numerical_gradient(loss, W), nnlib.numerical_gradient(loss, b)) for W, b in params]
''',
        "tanh in both layers": '''
def tanh_relu_loss_and_grads(params, X, y):
    (W1, b1), (W2, b2), (W3, b3) = params
    A1 = np.tanh(X @ W1 + b1)
    A2 = np.tanh(A1 @ W2 + b2)
    P = nnlib.softmax(A2 @ W3 + b3)
    dZ3 = (P - nnlib.one_hot(y, dtype=X.dtype)) / len(X)
    dW3, db3, dA2 = A2.T @ dZ3, dZ3.sum(axis=0), dZ3 @ W3.T
    dZ2 = dA2 * (1 - A2**2)
    dW2, db2, dA1 = A1.T @ dZ2, dZ2.sum(axis=0), dZ2 @ W2.T
    dZ1 = dA1 * (1 - A1**2)
    return mean_cross_entropy(P, y), [(X.T @ dZ1, dZ1.sum(axis=0)), (dW2, db2), (dW3, db3)]
''',
        "the layers swapped: ReLU first, tanh second": '''
def tanh_relu_loss_and_grads(params, X, y):
    (W1, b1), (W2, b2), (W3, b3) = params
    Z1 = X @ W1 + b1
    A1 = np.maximum(Z1, 0)
    A2 = np.tanh(A1 @ W2 + b2)
    P = nnlib.softmax(A2 @ W3 + b3)
    dZ3 = (P - nnlib.one_hot(y, dtype=X.dtype)) / len(X)
    dW3, db3, dA2 = A2.T @ dZ3, dZ3.sum(axis=0), dZ3 @ W3.T
    dZ2 = dA2 * (1 - A2**2)
    dW2, db2, dA1 = A1.T @ dZ2, dZ2.sum(axis=0), dZ2 @ W2.T
    dZ1 = dA1 * (Z1 > 0)
    return mean_cross_entropy(P, y), [(X.T @ dZ1, dZ1.sum(axis=0)), (dW2, db2), (dW3, db3)]
''',
        "the derivatives swapped: tanh's in layer 2, ReLU's mask in layer 1": '''
def tanh_relu_loss_and_grads(params, X, y):
    (W1, b1), (W2, b2), (W3, b3) = params
    A1 = np.tanh(X @ W1 + b1)
    A2 = np.maximum(A1 @ W2 + b2, 0)
    P = nnlib.softmax(A2 @ W3 + b3)
    dZ3 = (P - nnlib.one_hot(y, dtype=X.dtype)) / len(X)
    dW3, db3, dA2 = A2.T @ dZ3, dZ3.sum(axis=0), dZ3 @ W3.T
    dZ2 = dA2 * (1 - A2**2)
    dW2, db2, dA1 = A1.T @ dZ2, dZ2.sum(axis=0), dZ2 @ W2.T
    dZ1 = dA1 * (A1 > 0)
    return mean_cross_entropy(P, y), [(X.T @ dZ1, dZ1.sum(axis=0)), (dW2, db2), (dW3, db3)]
''',
        "ReLU's mask in both layers": '''
def tanh_relu_loss_and_grads(params, X, y):
    (W1, b1), (W2, b2), (W3, b3) = params
    A1 = np.tanh(X @ W1 + b1)
    A2 = np.maximum(A1 @ W2 + b2, 0)
    P = nnlib.softmax(A2 @ W3 + b3)
    dZ3 = (P - nnlib.one_hot(y, dtype=X.dtype)) / len(X)
    dW3, db3, dA2 = A2.T @ dZ3, dZ3.sum(axis=0), dZ3 @ W3.T
    dZ2 = dA2 * (A2 > 0)
    dW2, db2, dA1 = A1.T @ dZ2, dZ2.sum(axis=0), dZ2 @ W2.T
    dZ1 = dA1 * (A1 > 0)
    return mean_cross_entropy(P, y), [(X.T @ dZ1, dZ1.sum(axis=0)), (dW2, db2), (dW3, db3)]
''',
        "tanh's derivative in both layers": '''
def tanh_relu_loss_and_grads(params, X, y):
    (W1, b1), (W2, b2), (W3, b3) = params
    A1 = np.tanh(X @ W1 + b1)
    A2 = np.maximum(A1 @ W2 + b2, 0)
    P = nnlib.softmax(A2 @ W3 + b3)
    dZ3 = (P - nnlib.one_hot(y, dtype=X.dtype)) / len(X)
    dW3, db3, dA2 = A2.T @ dZ3, dZ3.sum(axis=0), dZ3 @ W3.T
    dZ2 = dA2 * (1 - A2**2)
    dW2, db2, dA1 = A1.T @ dZ2, dZ2.sum(axis=0), dZ2 @ W2.T
    dZ1 = dA1 * (1 - A1**2)
    return mean_cross_entropy(P, y), [(X.T @ dZ1, dZ1.sum(axis=0)), (dW2, db2), (dW3, db3)]
''',
        "1 - Z1^2 instead of 1 - A1^2": '''
def tanh_relu_loss_and_grads(params, X, y):
    (W1, b1), (W2, b2), (W3, b3) = params
    Z1 = X @ W1 + b1
    A1 = np.tanh(Z1)
    A2 = np.maximum(A1 @ W2 + b2, 0)
    P = nnlib.softmax(A2 @ W3 + b3)
    dZ3 = (P - nnlib.one_hot(y, dtype=X.dtype)) / len(X)
    dW3, db3, dA2 = A2.T @ dZ3, dZ3.sum(axis=0), dZ3 @ W3.T
    dZ2 = dA2 * (A2 > 0)
    dW2, db2, dA1 = A1.T @ dZ2, dZ2.sum(axis=0), dZ2 @ W2.T
    dZ1 = dA1 * (1 - Z1**2)
    return mean_cross_entropy(P, y), [(X.T @ dZ1, dZ1.sum(axis=0)), (dW2, db2), (dW3, db3)]
''',
        "tanh applied twice in the derivative": '''
def tanh_relu_loss_and_grads(params, X, y):
    (W1, b1), (W2, b2), (W3, b3) = params
    A1 = np.tanh(X @ W1 + b1)
    A2 = np.maximum(A1 @ W2 + b2, 0)
    P = nnlib.softmax(A2 @ W3 + b3)
    dZ3 = (P - nnlib.one_hot(y, dtype=X.dtype)) / len(X)
    dW3, db3, dA2 = A2.T @ dZ3, dZ3.sum(axis=0), dZ3 @ W3.T
    dZ2 = dA2 * (A2 > 0)
    dW2, db2, dA1 = A1.T @ dZ2, dZ2.sum(axis=0), dZ2 @ W2.T
    dZ1 = dA1 * (1 - np.tanh(A1)**2)
    return mean_cross_entropy(P, y), [(X.T @ dZ1, dZ1.sum(axis=0)), (dW2, db2), (dW3, db3)]
''',
        "the notebook's m = 8, whatever the batch": '''
def tanh_relu_loss_and_grads(params, X, y):
    (W1, b1), (W2, b2), (W3, b3) = params
    A1 = np.tanh(X @ W1 + b1)
    A2 = np.maximum(A1 @ W2 + b2, 0)
    P = nnlib.softmax(A2 @ W3 + b3)
    dZ3 = (P - nnlib.one_hot(y, dtype=X.dtype)) / m
    dW3, db3, dA2 = A2.T @ dZ3, dZ3.sum(axis=0), dZ3 @ W3.T
    dZ2 = dA2 * (A2 > 0)
    dW2, db2, dA1 = A1.T @ dZ2, dZ2.sum(axis=0), dZ2 @ W2.T
    dZ1 = dA1 * (1 - A1**2)
    return mean_cross_entropy(P, y), [(X.T @ dZ1, dZ1.sum(axis=0)), (dW2, db2), (dW3, db3)]
''',
        "the notebook's W1, W2, W3, whatever params is": '''
def tanh_relu_loss_and_grads(params, X, y):
    A1 = np.tanh(X @ W1 + b1)
    A2 = np.maximum(A1 @ W2 + b2, 0)
    P = nnlib.softmax(A2 @ W3 + b3)
    dZ3 = (P - nnlib.one_hot(y, dtype=X.dtype)) / len(X)
    dW3, db3, dA2 = A2.T @ dZ3, dZ3.sum(axis=0), dZ3 @ W3.T
    dZ2 = dA2 * (A2 > 0)
    dW2, db2, dA1 = A1.T @ dZ2, dZ2.sum(axis=0), dZ2 @ W2.T
    dZ1 = dA1 * (1 - A1**2)
    return mean_cross_entropy(P, y), [(X.T @ dZ1, dZ1.sum(axis=0)), (dW2, db2), (dW3, db3)]
''',
        "db averaged, not summed": '''
def tanh_relu_loss_and_grads(params, X, y):
    (W1, b1), (W2, b2), (W3, b3) = params
    A1 = np.tanh(X @ W1 + b1)
    A2 = np.maximum(A1 @ W2 + b2, 0)
    P = nnlib.softmax(A2 @ W3 + b3)
    dZ3 = (P - nnlib.one_hot(y, dtype=X.dtype)) / len(X)
    dW3, db3, dA2 = A2.T @ dZ3, dZ3.mean(axis=0), dZ3 @ W3.T
    dZ2 = dA2 * (A2 > 0)
    dW2, db2, dA1 = A1.T @ dZ2, dZ2.mean(axis=0), dZ2 @ W2.T
    dZ1 = dA1 * (1 - A1**2)
    return mean_cross_entropy(P, y), [(X.T @ dZ1, dZ1.mean(axis=0)), (dW2, db2), (dW3, db3)]
''',
        "dW3 transposed": '''
def tanh_relu_loss_and_grads(params, X, y):
    (W1, b1), (W2, b2), (W3, b3) = params
    A1 = np.tanh(X @ W1 + b1)
    A2 = np.maximum(A1 @ W2 + b2, 0)
    P = nnlib.softmax(A2 @ W3 + b3)
    dZ3 = (P - nnlib.one_hot(y, dtype=X.dtype)) / len(X)
    dW3, db3, dA2 = dZ3.T @ A2, dZ3.sum(axis=0), dZ3 @ W3.T
    dZ2 = dA2 * (A2 > 0)
    dW2, db2, dA1 = A1.T @ dZ2, dZ2.sum(axis=0), dZ2 @ W2.T
    dZ1 = dA1 * (1 - A1**2)
    return mean_cross_entropy(P, y), [(X.T @ dZ1, dZ1.sum(axis=0)), (dW2, db2), (dW3, db3)]
''',
        "a zero gradient of the right shape": '''
def tanh_relu_loss_and_grads(params, X, y):
    (W1, b1), (W2, b2), (W3, b3) = params
    A2 = np.maximum(np.tanh(X @ W1 + b1) @ W2 + b2, 0)
    loss = mean_cross_entropy(nnlib.softmax(A2 @ W3 + b3), y)
    return loss, [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
''',
    },
    "03-ex3": {
        "nnlib's loss_and_grads, pasted": pasted("loss_and_grads", "_library") + '''
def loss_and_grads_l2(params, X, y, weight_decays):
    return _library(params, X, y, weight_decay=weight_decays[0])
''',
        "calls nnlib.loss_and_grads, then adds the decays (right values, a call)": '''
def loss_and_grads_l2(params, X, y, weight_decays):
    loss, grads = nnlib.loss_and_grads(params, X, y)
    penalty = sum(lam / 2 * np.sum(W**2) for lam, (W, _) in zip(weight_decays, params))
    grads = [(dW + lam * W, db) for lam, (W, _), (dW, db) in zip(weight_decays, params, grads)]
    return float(loss + penalty), grads
''',
        "one decay for all layers: the first": '''
def loss_and_grads_l2(params, X, y, weight_decays):
    loss, grads = backprop(params, X, y)
    lam = weight_decays[0]
    penalty = lam / 2 * sum(np.sum(W**2) for W, _ in params)
    grads = [(dW + lam * W, db) for (W, _), (dW, db) in zip(params, grads)]
    return float(loss + penalty), grads
''',
        "one decay for all layers: the mean of the three": '''
def loss_and_grads_l2(params, X, y, weight_decays):
    loss, grads = backprop(params, X, y)
    lam = float(np.mean(weight_decays))
    penalty = lam / 2 * sum(np.sum(W**2) for W, _ in params)
    grads = [(dW + lam * W, db) for (W, _), (dW, db) in zip(params, grads)]
    return float(loss + penalty), grads
''',
        "the decays in reverse order (from the output layer down)": '''
def loss_and_grads_l2(params, X, y, weight_decays):
    loss, grads = backprop(params, X, y)
    decays = list(weight_decays)[::-1]
    penalty = sum(lam / 2 * np.sum(W**2) for lam, (W, _) in zip(decays, params))
    grads = [(dW + lam * W, db) for lam, (W, _), (dW, db) in zip(decays, params, grads)]
    return float(loss + penalty), grads
''',
        "one decay per layer in the loss, the first in every gradient": '''
def loss_and_grads_l2(params, X, y, weight_decays):
    loss, grads = backprop(params, X, y)
    penalty = sum(lam / 2 * np.sum(W**2) for lam, (W, _) in zip(weight_decays, params))
    grads = [(dW + weight_decays[0] * W, db) for (W, _), (dW, db) in zip(params, grads)]
    return float(loss + penalty), grads
''',
        "the penalty without the 1/2 (lambda not halved)": '''
def loss_and_grads_l2(params, X, y, weight_decays):
    loss, grads = backprop(params, X, y)
    penalty = sum(lam * np.sum(W**2) for lam, (W, _) in zip(weight_decays, params))
    grads = [(dW + lam * W, db) for lam, (W, _), (dW, db) in zip(weight_decays, params, grads)]
    return float(loss + penalty), grads
''',
        "2 lambda W in the gradient": '''
def loss_and_grads_l2(params, X, y, weight_decays):
    loss, grads = backprop(params, X, y)
    penalty = sum(lam / 2 * np.sum(W**2) for lam, (W, _) in zip(weight_decays, params))
    grads = [(dW + 2 * lam * W, db) for lam, (W, _), (dW, db) in zip(weight_decays, params, grads)]
    return float(loss + penalty), grads
''',
        "lambda W / m in the gradient": '''
def loss_and_grads_l2(params, X, y, weight_decays):
    loss, grads = backprop(params, X, y)
    penalty = sum(lam / 2 * np.sum(W**2) for lam, (W, _) in zip(weight_decays, params))
    grads = [(dW + lam * W / len(X), db) for lam, (W, _), (dW, db) in zip(weight_decays, params, grads)]
    return float(loss + penalty), grads
''',
        "the biases decayed too": '''
def loss_and_grads_l2(params, X, y, weight_decays):
    loss, grads = backprop(params, X, y)
    penalty = sum(lam / 2 * (np.sum(W**2) + np.sum(b**2)) for lam, (W, b) in zip(weight_decays, params))
    grads = [(dW + lam * W, db + lam * b) for lam, (W, b), (dW, db) in zip(weight_decays, params, grads)]
    return float(loss + penalty), grads
''',
        "only the last layer decayed": '''
def loss_and_grads_l2(params, X, y, weight_decays):
    loss, grads = backprop(params, X, y)
    lam, W3 = weight_decays[-1], params[-1][0]
    dW3, db3 = grads[-1]
    return float(loss + lam / 2 * np.sum(W3**2)), grads[:-1] + [(dW3 + lam * W3, db3)]
''',
        "the sign of the decay term": '''
def loss_and_grads_l2(params, X, y, weight_decays):
    loss, grads = backprop(params, X, y)
    penalty = sum(lam / 2 * np.sum(W**2) for lam, (W, _) in zip(weight_decays, params))
    grads = [(dW - lam * W, db) for lam, (W, _), (dW, db) in zip(weight_decays, params, grads)]
    return float(loss + penalty), grads
''',
        "the penalty in the loss only": '''
def loss_and_grads_l2(params, X, y, weight_decays):
    loss, grads = backprop(params, X, y)
    return float(loss + sum(lam / 2 * np.sum(W**2) for lam, (W, _) in zip(weight_decays, params))), grads
''',
        "the penalty in the gradient only": '''
def loss_and_grads_l2(params, X, y, weight_decays):
    loss, grads = backprop(params, X, y)
    return float(loss), [(dW + lam * W, db) for lam, (W, _), (dW, db) in zip(weight_decays, params, grads)]
''',
        "the notebook's W1, W2, W3 in the penalty, whatever params is": '''
def loss_and_grads_l2(params, X, y, weight_decays):
    loss, grads = backprop(params, X, y)
    penalty = sum(lam / 2 * np.sum(W**2) for lam, W in zip(weight_decays, [W1, W2, W3]))
    grads = [(dW + lam * W, db) for lam, W, (dW, db) in zip(weight_decays, [W1, W2, W3], grads)]
    return float(loss + penalty), grads
''',
        "a zero gradient of the right shape": '''
def loss_and_grads_l2(params, X, y, weight_decays):
    loss, _ = backprop(params, X, y)
    penalty = sum(lam / 2 * np.sum(W**2) for lam, (W, _) in zip(weight_decays, params))
    return float(loss + penalty), [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
''',
    },
    "03-ex4": {
        "0 in any image of the batch, not in every one": '''
def black_batch_share(X, batch_size):
    starts = range(0, len(X), batch_size)
    return np.mean([(X[s:s + batch_size] == 0).any(axis=0) for s in starts], axis=0)
''',
        "the share of images, not of batches": '''
def black_batch_share(X, batch_size):
    return (X == 0).mean(axis=0)
''',
        "the last, short batch dropped": '''
def black_batch_share(X, batch_size):
    starts = range(0, len(X) - batch_size + 1, batch_size)
    return np.mean([(X[s:s + batch_size] == 0).all(axis=0) for s in starts], axis=0)
''',
        "divided by len(X) // batch_size batches": '''
def black_batch_share(X, batch_size):
    starts = range(0, len(X), batch_size)
    return np.sum([(X[s:s + batch_size] == 0).all(axis=0) for s in starts], axis=0) / (len(X) // batch_size)
''',
        "batches of 64, whatever batch_size": '''
def black_batch_share(X, batch_size):
    starts = range(0, len(X), 64)
    return np.mean([(X[s:s + 64] == 0).all(axis=0) for s in starts], axis=0)
''',
        "strided batches, not consecutive rows": '''
def black_batch_share(X, batch_size):
    n_batches = -(-len(X) // batch_size)
    return np.mean([(X[k::n_batches] == 0).all(axis=0) for k in range(n_batches)], axis=0)
''',
        "a count, not a fraction": '''
def black_batch_share(X, batch_size):
    starts = range(0, len(X), batch_size)
    return np.sum([(X[s:s + batch_size] == 0).all(axis=0) for s in starts], axis=0).astype(float)
''',
        "the wrong axis (per image, not per pixel)": '''
def black_batch_share(X, batch_size):
    starts = range(0, len(X), batch_size)
    return np.concatenate([(X[s:s + batch_size] == 0).all(axis=1) for s in starts])[:784].astype(float)
''',
    },
    "03-ex5": {
        "without the 1/m": '''
def pixel_gradient(params, X, y):
    (W1, _), (W2, _), (W3, _) = params
    Z1, A1, Z2, A2, Z3, P = forward_pass(params, X)
    dZ3 = P - nnlib.one_hot(y, dtype=X.dtype)
    dZ2 = (dZ3 @ W3.T) * (Z2 > 0)
    dZ1 = (dZ2 @ W2.T) * (Z1 > 0)
    return dZ1 @ W1.T
''',
        "the notebook's m = 8, whatever the batch": '''
def pixel_gradient(params, X, y):
    (W1, _), (W2, _), (W3, _) = params
    Z1, A1, Z2, A2, Z3, P = forward_pass(params, X)
    dZ3 = (P - nnlib.one_hot(y, dtype=X.dtype)) / m
    dZ2 = (dZ3 @ W3.T) * (Z2 > 0)
    dZ1 = (dZ2 @ W2.T) * (Z1 > 0)
    return dZ1 @ W1.T
''',
        "the notebook's W1, W2, W3, whatever params is": '''
def pixel_gradient(params, X, y):
    Z1, A1, Z2, A2, Z3, P = forward_pass(params, X)
    dZ3 = (P - nnlib.one_hot(y, dtype=X.dtype)) / len(X)
    dZ2 = (dZ3 @ W3.T) * (Z2 > 0)
    dZ1 = (dZ2 @ W2.T) * (Z1 > 0)
    return dZ1 @ W1.T
''',
        "no ReLU mask on the first layer": '''
def pixel_gradient(params, X, y):
    (W1, _), (W2, _), (W3, _) = params
    Z1, A1, Z2, A2, Z3, P = forward_pass(params, X)
    dZ3 = (P - nnlib.one_hot(y, dtype=X.dtype)) / len(X)
    dZ2 = (dZ3 @ W3.T) * (Z2 > 0)
    return (dZ2 @ W2.T) @ W1.T
''',
        "the ReLU mask of the gradient, not of Z": '''
def pixel_gradient(params, X, y):
    (W1, _), (W2, _), (W3, _) = params
    Z1, A1, Z2, A2, Z3, P = forward_pass(params, X)
    dZ3 = (P - nnlib.one_hot(y, dtype=X.dtype)) / len(X)
    dA2 = dZ3 @ W3.T
    dZ2 = dA2 * (dA2 > 0)
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * (dA1 > 0)
    return dZ1 @ W1.T
''',
        "dW1 instead of dX": '''
def pixel_gradient(params, X, y):
    (W1, _), (W2, _), (W3, _) = params
    Z1, A1, Z2, A2, Z3, P = forward_pass(params, X)
    dZ3 = (P - nnlib.one_hot(y, dtype=X.dtype)) / len(X)
    dZ2 = (dZ3 @ W3.T) * (Z2 > 0)
    dZ1 = (dZ2 @ W2.T) * (Z1 > 0)
    return X.T @ dZ1
''',
        "transposed: W1 dZ1^T": '''
def pixel_gradient(params, X, y):
    (W1, _), (W2, _), (W3, _) = params
    Z1, A1, Z2, A2, Z3, P = forward_pass(params, X)
    dZ3 = (P - nnlib.one_hot(y, dtype=X.dtype)) / len(X)
    dZ2 = (dZ3 @ W3.T) * (Z2 > 0)
    dZ1 = (dZ2 @ W2.T) * (Z1 > 0)
    return W1 @ dZ1.T
''',
        "the sign": '''
def pixel_gradient(params, X, y):
    (W1, _), (W2, _), (W3, _) = params
    Z1, A1, Z2, A2, Z3, P = forward_pass(params, X)
    dZ3 = (nnlib.one_hot(y, dtype=X.dtype) - P) / len(X)
    dZ2 = (dZ3 @ W3.T) * (Z2 > 0)
    dZ1 = (dZ2 @ W2.T) * (Z1 > 0)
    return dZ1 @ W1.T
''',
        "centred differences instead of backpropagation": '''
def pixel_gradient(params, X, y):
    X_nudged = X.copy()
    return nnlib.numerical_gradient(lambda: mean_cross_entropy(forward_pass(params, X_nudged)[-1], y), X_nudged)
''',
        "a zero answer": '''
def pixel_gradient(params, X, y):
    return np.zeros_like(X)
''',
    },
}
