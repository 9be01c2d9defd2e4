"""Wrong answers for notebook 02's exercises (the forward pass)."""
from exercise_catalogue import pasted

WRONG = {
    "02-ex1": {
        "the variance, not the standard deviation": '''
def mean_layer_stds(scheme, X, n_draws=20):
    variances = []
    for s in range(n_draws):
        params = nnlib.init_params(LAYER_SIZES, scheme, rng=np.random.default_rng(s))
        stats, _ = layer_statistics(params, X)
        variances.append(stats["std"].to_numpy() ** 2)
    return np.mean(variances, axis=0)
''',
        "one draw (n_draws ignored)": '''
def mean_layer_stds(scheme, X, n_draws=20):
    params = nnlib.init_params(LAYER_SIZES, scheme, rng=np.random.default_rng(0))
    stats, _ = layer_statistics(params, X)
    return stats["std"].to_numpy()
''',
        "one generator for all the draws": '''
def mean_layer_stds(scheme, X, n_draws=20):
    draw_rng, stds = np.random.default_rng(0), []
    for s in range(n_draws):
        params = nnlib.init_params(LAYER_SIZES, scheme, rng=draw_rng)
        stats, _ = layer_statistics(params, X)
        stds.append(stats["std"].to_numpy())
    return np.mean(stds, axis=0)
''',
        "seeds 1 .. n_draws": '''
def mean_layer_stds(scheme, X, n_draws=20):
    stds = []
    for s in range(1, n_draws + 1):
        params = nnlib.init_params(LAYER_SIZES, scheme, rng=np.random.default_rng(s))
        stats, _ = layer_statistics(params, X)
        stds.append(stats["std"].to_numpy())
    return np.mean(stds, axis=0)
''',
        "the median over the draws": '''
def mean_layer_stds(scheme, X, n_draws=20):
    stds = []
    for s in range(n_draws):
        params = nnlib.init_params(LAYER_SIZES, scheme, rng=np.random.default_rng(s))
        stats, _ = layer_statistics(params, X)
        stds.append(stats["std"].to_numpy())
    return np.median(stds, axis=0)
''',
        "after the ReLU, not before": '''
def mean_layer_stds(scheme, X, n_draws=20):
    stds = []
    for s in range(n_draws):
        activations, row = X, []
        for layer, (W, b) in enumerate(nnlib.init_params(LAYER_SIZES, scheme, rng=np.random.default_rng(s))):
            activations = activations @ W + b
            if layer < 2:
                activations = np.maximum(activations, 0)
            row.append(activations.std())
        stds.append(row)
    return np.mean(stds, axis=0)
''',
        "each image's standard deviation, averaged (axis=1)": '''
def mean_layer_stds(scheme, X, n_draws=20):
    stds = []
    for s in range(n_draws):
        activations, row = X, []
        for W, b in nnlib.init_params(LAYER_SIZES, scheme, rng=np.random.default_rng(s)):
            pre = activations @ W + b
            row.append(pre.std(axis=1).mean())
            activations = np.maximum(pre, 0)
        stds.append(row)
    return np.mean(stds, axis=0)
''',
        "the batch of section 1, whatever X is": '''
def mean_layer_stds(scheme, X, n_draws=20):
    stds = []
    for s in range(n_draws):
        params = nnlib.init_params(LAYER_SIZES, scheme, rng=np.random.default_rng(s))
        stats, _ = layer_statistics(params, X_batch)
        stds.append(stats["std"].to_numpy())
    return np.mean(stds, axis=0)
''',
        "He whatever the scheme": '''
def mean_layer_stds(scheme, X, n_draws=20):
    stds = []
    for s in range(n_draws):
        params = nnlib.init_params(LAYER_SIZES, "he", rng=np.random.default_rng(s))
        stats, _ = layer_statistics(params, X)
        stds.append(stats["std"].to_numpy())
    return np.mean(stds, axis=0)
''',
    },
}

WRONG["02-ex2"] = {
    "the variance, not the standard deviation": '''
def predicted_layer1_std(X):
    return 2 * (X.astype(np.float64) ** 2).sum(axis=1) / X.shape[1]
''',
    "no factor 2 (the variance 1 / fan_in)": '''
def predicted_layer1_std(X):
    return np.sqrt((X.astype(np.float64) ** 2).sum(axis=1) / X.shape[1])
''',
    "fan_out (128) for fan_in": '''
def predicted_layer1_std(X):
    return np.sqrt(2 * (X.astype(np.float64) ** 2).sum(axis=1) / 128)
''',
    "the norm, not its square": '''
def predicted_layer1_std(X):
    return np.sqrt(2 * np.linalg.norm(X.astype(np.float64), axis=1) / X.shape[1])
''',
    "summed over the images (axis=0)": '''
def predicted_layer1_std(X):
    return np.sqrt(2 * (X.astype(np.float64) ** 2).sum(axis=0) / X.shape[1])
''',
    "sqrt(2) times each image's pixel standard deviation": '''
def predicted_layer1_std(X):
    return np.sqrt(2) * X.astype(np.float64).std(axis=1)
''',
    "measured on the He network, whatever X is": '''
def predicted_layer1_std(X):
    return np.sqrt((hidden1_pre.astype(np.float64) ** 2).mean(axis=1))
''',
    "one number for the whole batch, repeated": '''
def predicted_layer1_std(X):
    squared_norms = (X.astype(np.float64) ** 2).sum(axis=1)
    return np.full(len(X), np.sqrt(2 * squared_norms.mean() / X.shape[1]))
''',
}

WRONG["02-ex3"] = {
    "multiplied by T": '''
def tempered_losses(logits, y, temperatures):
    return np.array([nnlib.softmax_cross_entropy(logits * T, y)[0] for T in temperatures])
''',
    "T ignored": '''
def tempered_losses(logits, y, temperatures):
    return np.array([nnlib.softmax_cross_entropy(logits, y)[0] for T in temperatures])
''',
    "divided by T squared": '''
def tempered_losses(logits, y, temperatures):
    return np.array([nnlib.softmax_cross_entropy(logits / T ** 2, y)[0] for T in temperatures])
''',
    "the notebook's logits and labels, whatever the arguments": '''
def tempered_losses(logits_, y, temperatures):
    return np.array([nnlib.softmax_cross_entropy(logits / T, y_batch)[0] for T in temperatures])
''',
    "no max-shift": '''
def tempered_losses(logits, y, temperatures):
    losses = []
    for T in temperatures:
        exp = np.exp(logits / T)
        probs = exp / exp.sum(axis=1, keepdims=True)
        losses.append(-np.log(probs[np.arange(len(y)), y]).mean())
    return np.array(losses)
''',
    "the sum over the batch, not the mean": '''
def tempered_losses(logits, y, temperatures):
    return np.array([len(y) * nnlib.softmax_cross_entropy(logits / T, y)[0] for T in temperatures])
''',
    "ln 10 for every T": '''
def tempered_losses(logits, y, temperatures):
    return np.full(len(temperatures), np.log(10))
''',
    "every class's -log P averaged (labels ignored)": '''
def tempered_losses(logits, y, temperatures):
    return np.array([-np.log(nnlib.softmax(logits / T)).mean() for T in temperatures])
''',
}

WRONG["02-ex4"] = {
    "the constant ln K": '''
def zero_output_loss(X, y, num_classes, rng):
    return np.log(num_classes)
''',
    "a fixed 10 classes (num_classes ignored)": '''
def zero_output_loss(X, y, num_classes, rng):
    params = nnlib.init_params([784, 128, 10, 10], "he", rng=rng)
    W3, b3 = params[-1]
    W3[:] = 0
    b3[:] = 0
    logits, _ = nnlib.forward(params, X)
    return nnlib.softmax_cross_entropy(logits, y)[0]
''',
    "W3 and b3 rebound to new zero arrays, params unchanged": '''
def zero_output_loss(X, y, num_classes, rng):
    params = nnlib.init_params([784, 128, 10, num_classes], "he", rng=rng)
    W3, b3 = params[-1]
    W3 = np.zeros_like(W3)
    b3 = np.zeros_like(b3)
    logits, _ = nnlib.forward(params, X)
    return nnlib.softmax_cross_entropy(logits, y)[0]
''',
    "only b3 set to 0 (He's b3 is 0 already)": '''
def zero_output_loss(X, y, num_classes, rng):
    params = nnlib.init_params([784, 128, 10, num_classes], "he", rng=rng)
    params[-1][1][:] = 0
    logits, _ = nnlib.forward(params, X)
    return nnlib.softmax_cross_entropy(logits, y)[0]
''',
    "the sum over the batch, not the mean": '''
def zero_output_loss(X, y, num_classes, rng):
    params = nnlib.init_params([784, 128, 10, num_classes], "he", rng=rng)
    W3, b3 = params[-1]
    W3[:] = 0
    b3[:] = 0
    logits, _ = nnlib.forward(params, X)
    return len(y) * nnlib.softmax_cross_entropy(logits, y)[0]
''',
    "a generator of its own, not rng": '''
def zero_output_loss(X, y, num_classes, rng):
    params = nnlib.init_params([784, 128, 10, num_classes], "he", rng=np.random.default_rng(0))
    W3, b3 = params[-1]
    W3[:] = 0
    b3[:] = 0
    logits, _ = nnlib.forward(params, X)
    return nnlib.softmax_cross_entropy(logits, y)[0]
''',
}

WRONG["02-ex5"] = {
    "nnlib's cross_entropy, pasted": pasted("cross_entropy", "_library") + '''
def cross_entropy_from_column(probs, labels):
    return _library(probs, labels)
''',
    "the (m, m) broadcast": '''
def cross_entropy_from_column(probs, labels):
    return float(-np.log(probs[np.arange(len(probs)), labels]).mean())
''',
    "calls nnlib.cross_entropy": '''
def cross_entropy_from_column(probs, labels):
    return nnlib.cross_entropy(probs, labels.ravel())
''',
    "the sum, not the mean": '''
def cross_entropy_from_column(probs, labels):
    return float(-np.log(np.take_along_axis(probs, labels, axis=1)).sum())
''',
    "the mean over the wrong axis (an array (1,))": '''
def cross_entropy_from_column(probs, labels):
    return -np.log(np.take_along_axis(probs, labels, axis=1)).mean(axis=0)
''',
    "picked along axis 0 (labels as row numbers)": '''
def cross_entropy_from_column(probs, labels):
    return float(-np.log(np.take_along_axis(probs, labels, axis=0)).mean())
''',
    "every probability, labels ignored": '''
def cross_entropy_from_column(probs, labels):
    return float(-np.log(probs).mean())
''',
    "the first row's label for every row": '''
def cross_entropy_from_column(probs, labels):
    return float(-np.log(probs[:, labels[0, 0]]).mean())
''',
    "no minus sign": '''
def cross_entropy_from_column(probs, labels):
    return float(np.log(np.take_along_axis(probs, labels, axis=1)).mean())
''',
}
