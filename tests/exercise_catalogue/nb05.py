"""Wrong answers for notebook 05's exercises (evaluation).

tests/test_evaluation_exercise.py also runs exercises 1 and 2's wrong answers against their
checks on synthetic data, in seconds; tests/test_exercise_catalogue.py on the notebook's data.
No exercise of 05 asks for a function nnlib already has, so none needs `forbidden`.
"""

# --- 05-ex1 · best epoch or last epoch ------------------------------------------------

_EPOCH_LOOP = '''
def best_and_last_weights(params, X, y, X_val, y_val, *, epochs, rng):
    best_params, best_score, val_accs = None, None, []
    for _ in range(epochs):
        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng,
                              X_val=X_val, y_val=y_val)
        val_accs.append(history["val_acc"][0])
        score = {score}
        if best_score is None or score > best_score:
            best_params, best_score = [(W.copy(), b.copy()) for W, b in params], score
    return best_params, val_accs
'''


def _epoch_loop(score='history["val_acc"][0]'):
    return _EPOCH_LOOP.replace("{score}", score)


WRONG = {"05-ex1": {
    "returns the final weights": '''
def best_and_last_weights(params, X, y, X_val, y_val, *, epochs, rng):
    history = nnlib.train(params, X, y, epochs=epochs, batch_size=64, lr=0.1, rng=rng,
                          X_val=X_val, y_val=y_val)
    return [(W.copy(), b.copy()) for W, b in params], history["val_acc"]
''',
    "returns the first epoch": '''
def best_and_last_weights(params, X, y, X_val, y_val, *, epochs, rng):
    val_accs = []
    for epoch in range(epochs):
        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng,
                              X_val=X_val, y_val=y_val)
        val_accs.append(history["val_acc"][0])
        if epoch == 0:
            best_params = [(W.copy(), b.copy()) for W, b in params]
    return best_params, val_accs
''',
    "chooses by the lowest training loss": _epoch_loop('-history["train_loss"][0]'),
    "chooses by the training accuracy": _epoch_loop('history["train_acc"][0]'),
    "chooses by the lowest validation loss": _epoch_loop('-history["val_loss"][0]'),
    "chooses on the test set": _epoch_loop("nnlib.evaluate(params, X_test, y_test)[1]"),
    "chooses and measures on the test set": _epoch_loop("nnlib.evaluate(params, X_test, y_test)[1]").replace(
        'val_accs.append(history["val_acc"][0])', "val_accs.append(nnlib.evaluate(params, X_test, y_test)[1])"),
    "keeps the arrays, not copies": _epoch_loop().replace(
        "[(W.copy(), b.copy()) for W, b in params]", "[(W, b) for W, b in params]"),
    ">=: the last of tied epochs, not the first": _epoch_loop().replace("score > best_score", "score >= best_score"),
    "a fresh generator every epoch, not rng": _epoch_loop().replace(
        "rng=rng,", "rng=np.random.default_rng(SEED),"),
    "accuracy measured before each epoch, not after": '''
def best_and_last_weights(params, X, y, X_val, y_val, *, epochs, rng):
    best_params, val_accs = None, []
    for _ in range(epochs):
        val_accs.append(nnlib.evaluate(params, X_val, y_val)[1])
        if best_params is None or val_accs[-1] > max(val_accs[:-1]):
            best_params = [(W.copy(), b.copy()) for W, b in params]
        nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng)
    return best_params, val_accs
''',
    "nnlib.train's patience, which puts the best weights back into params": '''
def best_and_last_weights(params, X, y, X_val, y_val, *, epochs, rng):
    history = nnlib.train(params, X, y, epochs=epochs, batch_size=64, lr=0.1, rng=rng,
                          X_val=X_val, y_val=y_val, patience=epochs)
    return [(W.copy(), b.copy()) for W, b in params], history["val_acc"]
''',
}}

# --- 05-ex2 · a bootstrap interval ------------------------------------------------------

_BOOTSTRAP = '''
def bootstrap_interval(y_true, y_pred, *, n_resamples, rng):
    correct = np.asarray(y_true) == np.asarray(y_pred)
    {draw}
    accuracies = correct[resamples].mean(axis=1)
    {interval}
    return float(low), float(high)
'''
_WITH_REPLACEMENT = "resamples = rng.integers(0, len(correct), size=(n_resamples, len(correct)))"
_PERCENTILES = "low, high = np.percentile(accuracies, [2.5, 97.5])"


def _bootstrap(draw=_WITH_REPLACEMENT, interval=_PERCENTILES):
    return _BOOTSTRAP.replace("{draw}", draw).replace("{interval}", interval)


def _normal(half_width, clip=False):
    ends = "max(p - h, 0.0), min(p + h, 1.0)" if clip else "p - h, p + h"
    return f'''
def bootstrap_interval(y_true, y_pred, *, n_resamples, rng):
    p = np.mean(np.asarray(y_true) == np.asarray(y_pred))
    h = {half_width}
    return {ends}
'''


WRONG["05-ex2"] = {
    "a 90 % interval": _bootstrap(interval="low, high = np.percentile(accuracies, [5, 95])"),
    "the plain normal approximation": _normal("1.96 * np.sqrt(p * (1 - p) / len(y_true))"),
    "the normal approximation clipped to [0, 1]": _normal("1.96 * np.sqrt(p * (1 - p) / len(y_true))", clip=True),
    "a zero width": _normal("0.0"),
    "a width missing the sqrt": _normal("1.96 * p * (1 - p) / len(y_true)"),
    "resamples drawn without replacement": _bootstrap(
        draw="resamples = np.stack([rng.permutation(len(correct)) for _ in range(n_resamples)])"),
    "resamples of n_resamples images, not len(y_true)": _bootstrap(
        draw="resamples = rng.integers(0, len(correct), size=(n_resamples, n_resamples))"),
    "one standard deviation either side": _bootstrap(
        interval="low, high = accuracies.mean() - accuracies.std(), accuracies.mean() + accuracies.std()"),
    "percentiles given as fractions": _bootstrap(
        interval="low, high = np.percentile(accuracies, [0.025, 0.975])"),
    "a fresh generator instead of rng": _bootstrap(
        draw="resamples = np.random.default_rng().integers(0, len(correct), size=(n_resamples, len(correct)))"),
    "the test predictions, whatever the arguments": _bootstrap().replace(
        "np.asarray(y_true) == np.asarray(y_pred)", "y_test == test_pred"),
}

# --- 05-ex3 · fewer classes ---------------------------------------------------------------

WRONG["05-ex3"] = {
    "the block's diagonal counted twice": '''
def merged_accuracy(cm, merged):
    block = cm[np.ix_(list(merged), list(merged))]
    return float((np.trace(cm) + block.sum()) / cm.sum())
''',
    "the merged rows, not the block (any prediction counts)": '''
def merged_accuracy(cm, merged):
    block = cm[np.ix_(list(merged), list(merged))]
    return float((np.trace(cm) - np.trace(block) + cm[list(merged)].sum()) / cm.sum())
''',
    "cm[merged, merged]: the diagonal, not the block": '''
def merged_accuracy(cm, merged):
    block = cm[list(merged), list(merged)]
    return float((np.trace(cm) - block.sum() + block.sum()) / cm.sum())
''',
    "the block from the first to the last merged class": '''
def merged_accuracy(cm, merged):
    if not len(merged):
        return float(np.trace(cm) / cm.sum())
    first, last = min(merged), max(merged) + 1
    block = cm[first:last, first:last]
    return float((np.trace(cm) - np.trace(block) + block.sum()) / cm.sum())
''',
    "a fixed 10 classes": '''
def merged_accuracy(cm, merged):
    right = np.eye(10, dtype=bool)
    right[np.ix_(list(merged), list(merged))] = True
    return float(cm[right].sum() / cm.sum())
''',
    "the test labels, not cm": '''
def merged_accuracy(cm, merged):
    relabel = np.arange(nnlib.NUM_CLASSES)
    relabel[list(merged)] = list(merged)[0] if len(merged) else 0
    return float(np.mean(relabel[y_test] == relabel[test_pred]))
''',
    "the four tops, whatever merged is": '''
def merged_accuracy(cm, merged):
    tops = [0, 2, 4, 6]
    block = cm[np.ix_(tops, tops)]
    return float((np.trace(cm) - np.trace(block) + block.sum()) / cm.sum())
''',
    "the mean recall of the merged classes": '''
def merged_accuracy(cm, merged):
    group = np.arange(len(cm))
    group[list(merged)] = min(merged, default=0)
    classes = np.unique(group)
    merged_cm = np.array([[cm[np.ix_(group == i, group == j)].sum() for j in classes] for i in classes])
    return float(np.mean(np.diag(merged_cm) / merged_cm.sum(axis=1)))
''',
    "a count, not a fraction": '''
def merged_accuracy(cm, merged):
    block = cm[np.ix_(list(merged), list(merged))]
    return float(np.trace(cm) - np.trace(block) + block.sum())
''',
    "the test accuracy, whatever is merged": '''
def merged_accuracy(cm, merged):
    return float(np.trace(cm) / cm.sum())
''',
}

# --- 05-ex4 · templates from a smaller start --------------------------------------------------

_HE = '''
def he_first_layer(X, y, *, epochs, seed):
    rng = np.random.default_rng(seed)
    he_params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "he", rng=rng)
    W1_start = he_params[0][0].copy()
    nnlib.train(he_params, X, y, epochs=epochs, batch_size=64, lr=0.1, rng=rng)
    return W1_start, he_params[0][0].copy()
'''

WRONG["05-ex4"] = {
    "the uniform start": _HE.replace('"he"', '"uniform"'),
    "the start not copied": _HE.replace("W1_start = he_params[0][0].copy()", "W1_start = he_params[0][0]"),
    "a second generator for the shuffles": _HE.replace("lr=0.1, rng=rng)", "lr=0.1, rng=np.random.default_rng(seed))"),
    "always 2 epochs": _HE.replace("epochs=epochs", "epochs=2"),
    "seed 0, whatever seed is": _HE.replace("default_rng(seed)", "default_rng(0)"),
    "lr 0.01": _HE.replace("lr=0.1", "lr=0.01"),
    "batches of 32": _HE.replace("batch_size=64", "batch_size=32"),
    "the change, not the trained weights": _HE.replace(
        "return W1_start, he_params[0][0].copy()", "return W1_start, he_params[0][0] - W1_start"),
    "the second layer's weights": _HE.replace("[0][0]", "[1][0]"),
    "the reference network's own W1, not trained again": '''
def he_first_layer(X, y, *, epochs, seed):
    start = nnlib.init_params(nnlib.REFERENCE_LAYERS, "he", rng=np.random.default_rng(seed))[0][0]
    return start, W1.copy()
''',
}
