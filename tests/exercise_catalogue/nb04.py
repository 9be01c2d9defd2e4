"""Wrong answers for notebook 04's exercises."""
from exercise_catalogue import pasted

# 04-ex1: the teacher's train_with_early_stopping with one change each.
_EARLY = """
def train_with_early_stopping(params, X, y, X_val, y_val, *, patience, min_delta, max_epochs, rng):
    val_losses, best_epoch, best_loss, best_params = [], 0, np.inf, None
    for epoch in range(1, max_epochs + 1):
        nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng)
        val_losses.append(nnlib.evaluate(params, X_val, y_val)[0])
        if val_losses[-1] < best_loss - min_delta:
            best_epoch, best_loss = epoch, val_losses[-1]
            best_params = [(W.copy(), b.copy()) for W, b in params]
        if epoch - best_epoch >= patience:
            break
    for (W, b), (W_best, b_best) in zip(params, best_params):
        W[...], b[...] = W_best, b_best
    return best_epoch, val_losses
"""


def _early(old, new):
    """_EARLY with `old` (which must occur once) replaced by `new`."""
    assert _EARLY.count(old) == 1, old
    return _EARLY.replace(old, new)


WRONG = {
    "04-ex1": {
        "nnlib's train, pasted": pasted("train", "_library") + """
def train_with_early_stopping(params, X, y, X_val, y_val, *, patience, min_delta, max_epochs, rng):
    history = _library(params, X, y, epochs=max_epochs, batch_size=64, lr=0.1, rng=rng,
                       X_val=X_val, y_val=y_val, patience=patience)
    return history["best_epoch"], history["val_loss"]
""",
        "nnlib.train's own patience": """
def train_with_early_stopping(params, X, y, X_val, y_val, *, patience, min_delta, max_epochs, rng):
    history = nnlib.train(params, X, y, epochs=max_epochs, batch_size=64, lr=0.1, rng=rng,
                          X_val=X_val, y_val=y_val, patience=patience)
    return history["best_epoch"], history["val_loss"]
""",
        ">= at the min_delta comparison": _early("val_losses[-1] < best_loss - min_delta",
                                                 "val_losses[-1] <= best_loss - min_delta"),
        "min_delta ignored": _early("val_losses[-1] < best_loss - min_delta", "val_losses[-1] < best_loss"),
        "min_delta added, not subtracted": _early("val_losses[-1] < best_loss - min_delta",
                                                  "val_losses[-1] < best_loss + min_delta"),
        "improvement measured from the previous epoch": _early(
            "        if val_losses[-1] < best_loss - min_delta:\n",
            "        if len(val_losses) == 1 or val_losses[-1] < val_losses[-2] - min_delta:\n"),
        "the lowest loss so far as the yardstick, not the best epoch's": _early(
            "        if epoch - best_epoch >= patience:\n",
            "        best_loss = min(best_loss, val_losses[-1])\n        if epoch - best_epoch >= patience:\n"),
        "the accuracy, not the loss": """
def train_with_early_stopping(params, X, y, X_val, y_val, *, patience, min_delta, max_epochs, rng):
    val_accs, best_epoch, best_acc, best_params = [], 0, -np.inf, None
    for epoch in range(1, max_epochs + 1):
        nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng)
        val_accs.append(nnlib.evaluate(params, X_val, y_val)[1])
        if val_accs[-1] > best_acc + min_delta:
            best_epoch, best_acc = epoch, val_accs[-1]
            best_params = [(W.copy(), b.copy()) for W, b in params]
        if epoch - best_epoch >= patience:
            break
    for (W, b), (W_best, b_best) in zip(params, best_params):
        W[...], b[...] = W_best, b_best
    return best_epoch, val_accs
""",
        "the best epoch chosen by accuracy (nnlib's rule), the losses returned": """
def train_with_early_stopping(params, X, y, X_val, y_val, *, patience, min_delta, max_epochs, rng):
    val_losses, best_epoch, best_acc, best_params = [], 0, -1.0, None
    for epoch in range(1, max_epochs + 1):
        nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng)
        loss, acc = nnlib.evaluate(params, X_val, y_val)
        val_losses.append(loss)
        if acc > best_acc:
            best_epoch, best_acc = epoch, acc
            best_params = [(W.copy(), b.copy()) for W, b in params]
        if epoch - best_epoch >= patience:
            break
    for (W, b), (W_best, b_best) in zip(params, best_params):
        W[...], b[...] = W_best, b_best
    return best_epoch, val_losses
""",
        "the last weights kept": _early(
            "    for (W, b), (W_best, b_best) in zip(params, best_params):\n        W[...], b[...] = W_best, b_best\n",
            ""),
        "the best weights not copied": _early("[(W.copy(), b.copy()) for W, b in params]",
                                              "[(W, b) for W, b in params]"),
        "params rebound, not written back": _early(
            "    for (W, b), (W_best, b_best) in zip(params, best_params):\n        W[...], b[...] = W_best, b_best\n",
            "    params = best_params\n"),
        "the best epoch counted from 0": _early("    return best_epoch, val_losses\n",
                                                "    return best_epoch - 1, val_losses\n"),
        "one epoch too many before stopping (> patience)": _early("epoch - best_epoch >= patience",
                                                                  "epoch - best_epoch > patience"),
        "one epoch too few before stopping (patience - 1)": _early("epoch - best_epoch >= patience",
                                                                   "epoch - best_epoch >= patience - 1"),
        "one epoch short of max_epochs": _early("range(1, max_epochs + 1)", "range(1, max_epochs)"),
        "a fresh generator every epoch": _early("rng=rng)", "rng=np.random.default_rng(SEED))"),
        "lr 0.01, not the reference 0.1": _early("lr=0.1", "lr=0.01"),
        "the training loss, not the validation loss": _early(
            "        nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng)\n"
            "        val_losses.append(nnlib.evaluate(params, X_val, y_val)[0])\n",
            "        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng)\n"
            "        val_losses.append(history[\"train_loss\"][0])\n"),
    },
    "04-ex2": {
        "the scheme ignored (always uniform)": '''
def validation_loss_curve(scheme, X, y, X_val, y_val, *, epochs, seed):
    rng = np.random.default_rng(seed)
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "uniform", rng=rng)
    history = nnlib.train(params, X, y, epochs=epochs, batch_size=64, lr=0.1, rng=rng,
                          X_val=X_val, y_val=y_val)
    return params, np.array(history["val_loss"])
''',
        "always He": '''
def validation_loss_curve(scheme, X, y, X_val, y_val, *, epochs, seed):
    rng = np.random.default_rng(seed)
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "he", rng=rng)
    history = nnlib.train(params, X, y, epochs=epochs, batch_size=64, lr=0.1, rng=rng,
                          X_val=X_val, y_val=y_val)
    return params, np.array(history["val_loss"])
''',
        "the training loss, not the validation loss": '''
def validation_loss_curve(scheme, X, y, X_val, y_val, *, epochs, seed):
    rng = np.random.default_rng(seed)
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, scheme, rng=rng)
    history = nnlib.train(params, X, y, epochs=epochs, batch_size=64, lr=0.1, rng=rng,
                          X_val=X_val, y_val=y_val)
    return params, np.array(history["train_loss"])
''',
        "the training images as the validation set": '''
def validation_loss_curve(scheme, X, y, X_val, y_val, *, epochs, seed):
    rng = np.random.default_rng(seed)
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, scheme, rng=rng)
    history = nnlib.train(params, X, y, epochs=epochs, batch_size=64, lr=0.1, rng=rng,
                          X_val=X, y_val=y)
    return params, np.array(history["val_loss"])
''',
        "a second generator for the shuffles": '''
def validation_loss_curve(scheme, X, y, X_val, y_val, *, epochs, seed):
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, scheme, rng=np.random.default_rng(seed))
    history = nnlib.train(params, X, y, epochs=epochs, batch_size=64, lr=0.1,
                          rng=np.random.default_rng(seed), X_val=X_val, y_val=y_val)
    return params, np.array(history["val_loss"])
''',
        "seed 0, whatever seed": '''
def validation_loss_curve(scheme, X, y, X_val, y_val, *, epochs, seed):
    rng = np.random.default_rng(0)
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, scheme, rng=rng)
    history = nnlib.train(params, X, y, epochs=epochs, batch_size=64, lr=0.1, rng=rng,
                          X_val=X_val, y_val=y_val)
    return params, np.array(history["val_loss"])
''',
        "lr 0.05, not the reference 0.1": '''
def validation_loss_curve(scheme, X, y, X_val, y_val, *, epochs, seed):
    rng = np.random.default_rng(seed)
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, scheme, rng=rng)
    history = nnlib.train(params, X, y, epochs=epochs, batch_size=64, lr=0.05, rng=rng,
                          X_val=X_val, y_val=y_val)
    return params, np.array(history["val_loss"])
''',
        "batches of 32, not the reference 64": '''
def validation_loss_curve(scheme, X, y, X_val, y_val, *, epochs, seed):
    rng = np.random.default_rng(seed)
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, scheme, rng=rng)
    history = nnlib.train(params, X, y, epochs=epochs, batch_size=32, lr=0.1, rng=rng,
                          X_val=X_val, y_val=y_val)
    return params, np.array(history["val_loss"])
''',
        "the final validation loss for every epoch": '''
def validation_loss_curve(scheme, X, y, X_val, y_val, *, epochs, seed):
    rng = np.random.default_rng(seed)
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, scheme, rng=rng)
    nnlib.train(params, X, y, epochs=epochs, batch_size=64, lr=0.1, rng=rng)
    return params, np.full(epochs, nnlib.evaluate(params, X_val, y_val)[0])
''',
        "one epoch short": '''
def validation_loss_curve(scheme, X, y, X_val, y_val, *, epochs, seed):
    rng = np.random.default_rng(seed)
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, scheme, rng=rng)
    history = nnlib.train(params, X, y, epochs=epochs - 1, batch_size=64, lr=0.1, rng=rng,
                          X_val=X_val, y_val=y_val)
    return params, np.array(history["val_loss"])
''',
    },
    "04-ex3": {
        "one call for all epochs; the final accuracy for every epoch": '''
def running_and_exact_accuracy(params, X, y, *, epochs, rng):
    history = nnlib.train(params, X, y, epochs=epochs, batch_size=64, lr=0.1, rng=rng)
    return np.array(history["train_acc"]), np.full(epochs, nnlib.evaluate(params, X, y)[1])
''',
        "the exact accuracy of the validation set": '''
def running_and_exact_accuracy(params, X, y, *, epochs, rng):
    running, exact = [], []
    for _ in range(epochs):
        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng)
        running.append(history["train_acc"][0])
        exact.append(nnlib.evaluate(params, X_val, y_val)[1])
    return np.array(running), np.array(exact)
''',
        "the loss, not the accuracy": '''
def running_and_exact_accuracy(params, X, y, *, epochs, rng):
    running, exact = [], []
    for _ in range(epochs):
        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng)
        running.append(history["train_acc"][0])
        exact.append(nnlib.evaluate(params, X, y)[0])
    return np.array(running), np.array(exact)
''',
        "measured before the epoch's training": '''
def running_and_exact_accuracy(params, X, y, *, epochs, rng):
    running, exact = [], []
    for _ in range(epochs):
        exact.append(nnlib.evaluate(params, X, y)[1])
        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng)
        running.append(history["train_acc"][0])
    return np.array(running), np.array(exact)
''',
        "the running loss, not the running accuracy": '''
def running_and_exact_accuracy(params, X, y, *, epochs, rng):
    running, exact = [], []
    for _ in range(epochs):
        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng)
        running.append(history["train_loss"][0])
        exact.append(nnlib.evaluate(params, X, y)[1])
    return np.array(running), np.array(exact)
''',
        "a fresh generator every epoch": '''
def running_and_exact_accuracy(params, X, y, *, epochs, rng):
    running, exact = [], []
    for _ in range(epochs):
        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=np.random.default_rng(SEED))
        running.append(history["train_acc"][0])
        exact.append(nnlib.evaluate(params, X, y)[1])
    return np.array(running), np.array(exact)
''',
        "the exact accuracy of the first 1,000 images only": '''
def running_and_exact_accuracy(params, X, y, *, epochs, rng):
    running, exact = [], []
    for _ in range(epochs):
        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng)
        running.append(history["train_acc"][0])
        exact.append(nnlib.evaluate(params, X[:1_000], y[:1_000])[1])
    return np.array(running), np.array(exact)
''',
    },
    "04-ex4": {
        "batches of 64, whatever batch_size": '''
def train_config(X, y, X_val, y_val, *, batch_size, lr, epochs, seed):
    rng = np.random.default_rng(seed)
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "uniform", rng=rng)
    history = nnlib.train(params, X, y, epochs=epochs, batch_size=64, lr=lr, rng=rng,
                          X_val=X_val, y_val=y_val)
    return params, history
''',
        "lr 0.1, whatever lr": '''
def train_config(X, y, X_val, y_val, *, batch_size, lr, epochs, seed):
    rng = np.random.default_rng(seed)
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "uniform", rng=rng)
    history = nnlib.train(params, X, y, epochs=epochs, batch_size=batch_size, lr=0.1, rng=rng,
                          X_val=X_val, y_val=y_val)
    return params, history
''',
        "He weights, not uniform": '''
def train_config(X, y, X_val, y_val, *, batch_size, lr, epochs, seed):
    rng = np.random.default_rng(seed)
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "he", rng=rng)
    history = nnlib.train(params, X, y, epochs=epochs, batch_size=batch_size, lr=lr, rng=rng,
                          X_val=X_val, y_val=y_val)
    return params, history
''',
        "a second generator for the shuffles": '''
def train_config(X, y, X_val, y_val, *, batch_size, lr, epochs, seed):
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "uniform", rng=np.random.default_rng(seed))
    history = nnlib.train(params, X, y, epochs=epochs, batch_size=batch_size, lr=lr,
                          rng=np.random.default_rng(seed), X_val=X_val, y_val=y_val)
    return params, history
''',
        "seed 0, whatever seed": '''
def train_config(X, y, X_val, y_val, *, batch_size, lr, epochs, seed):
    rng = np.random.default_rng(0)
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "uniform", rng=rng)
    history = nnlib.train(params, X, y, epochs=epochs, batch_size=batch_size, lr=lr, rng=rng,
                          X_val=X_val, y_val=y_val)
    return params, history
''',
        "the rule of thumb applied inside (lr scaled by batch_size / 64)": '''
def train_config(X, y, X_val, y_val, *, batch_size, lr, epochs, seed):
    rng = np.random.default_rng(seed)
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "uniform", rng=rng)
    history = nnlib.train(params, X, y, epochs=epochs, batch_size=batch_size, lr=lr * batch_size / 64,
                          rng=rng, X_val=X_val, y_val=y_val)
    return params, history
''',
        "one epoch short": '''
def train_config(X, y, X_val, y_val, *, batch_size, lr, epochs, seed):
    rng = np.random.default_rng(seed)
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "uniform", rng=rng)
    history = nnlib.train(params, X, y, epochs=max(epochs - 1, 1), batch_size=batch_size, lr=lr, rng=rng,
                          X_val=X_val, y_val=y_val)
    return params, history
''',
        "momentum, not plain SGD": '''
def train_config(X, y, X_val, y_val, *, batch_size, lr, epochs, seed):
    rng = np.random.default_rng(seed)
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "uniform", rng=rng)
    history = nnlib.train(params, X, y, epochs=epochs, batch_size=batch_size, lr=lr, rng=rng,
                          X_val=X_val, y_val=y_val, optimizer="momentum")
    return params, history
''',
    },
}
