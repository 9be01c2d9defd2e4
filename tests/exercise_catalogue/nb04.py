"""Wrong answers for notebook 04's exercises."""
WRONG = {
    "04-ex1": {
        "nnlib.train's own patience": '''
def train_with_early_stopping(params, X, y, X_val, y_val, *, patience, max_epochs, rng):
    history = nnlib.train(params, X, y, epochs=max_epochs, batch_size=64, lr=0.1, rng=rng,
                          X_val=X_val, y_val=y_val, patience=patience)
    return history["best_epoch"], history["val_acc"]
''',
        ">= : a tie moves the best epoch": '''
def train_with_early_stopping(params, X, y, X_val, y_val, *, patience, max_epochs, rng):
    val_accs, best_epoch, best_params = [], 0, None
    for epoch in range(1, max_epochs + 1):
        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng,
                              X_val=X_val, y_val=y_val)
        val_accs.append(history["val_acc"][0])
        if best_params is None or val_accs[-1] >= val_accs[best_epoch - 1]:
            best_epoch, best_params = epoch, [(W.copy(), b.copy()) for W, b in params]
        if epoch - best_epoch >= patience:
            break
    for (W, b), (W_best, b_best) in zip(params, best_params):
        W[...], b[...] = W_best, b_best
    return best_epoch, val_accs
''',
        "the best weights not copied": '''
def train_with_early_stopping(params, X, y, X_val, y_val, *, patience, max_epochs, rng):
    val_accs, best_epoch, best_params = [], 0, None
    for epoch in range(1, max_epochs + 1):
        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng,
                              X_val=X_val, y_val=y_val)
        val_accs.append(history["val_acc"][0])
        if best_params is None or val_accs[-1] > val_accs[best_epoch - 1]:
            best_epoch, best_params = epoch, [(W, b) for W, b in params]
        if epoch - best_epoch >= patience:
            break
    for (W, b), (W_best, b_best) in zip(params, best_params):
        W[...], b[...] = W_best, b_best
    return best_epoch, val_accs
''',
        "params rebound, not written back": '''
def train_with_early_stopping(params, X, y, X_val, y_val, *, patience, max_epochs, rng):
    val_accs, best_epoch, best_params = [], 0, None
    for epoch in range(1, max_epochs + 1):
        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng,
                              X_val=X_val, y_val=y_val)
        val_accs.append(history["val_acc"][0])
        if best_params is None or val_accs[-1] > val_accs[best_epoch - 1]:
            best_epoch, best_params = epoch, [(W.copy(), b.copy()) for W, b in params]
        if epoch - best_epoch >= patience:
            break
    params = best_params
    return best_epoch, val_accs
''',
        "one epoch short of max_epochs": '''
def train_with_early_stopping(params, X, y, X_val, y_val, *, patience, max_epochs, rng):
    val_accs, best_epoch, best_params = [], 0, None
    for epoch in range(1, max_epochs):
        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng,
                              X_val=X_val, y_val=y_val)
        val_accs.append(history["val_acc"][0])
        if best_params is None or val_accs[-1] > val_accs[best_epoch - 1]:
            best_epoch, best_params = epoch, [(W.copy(), b.copy()) for W, b in params]
        if epoch - best_epoch >= patience:
            break
    for (W, b), (W_best, b_best) in zip(params, best_params):
        W[...], b[...] = W_best, b_best
    return best_epoch, val_accs
''',
        "one epoch too many before stopping": '''
def train_with_early_stopping(params, X, y, X_val, y_val, *, patience, max_epochs, rng):
    val_accs, best_epoch, best_params = [], 0, None
    for epoch in range(1, max_epochs + 1):
        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng,
                              X_val=X_val, y_val=y_val)
        val_accs.append(history["val_acc"][0])
        if best_params is None or val_accs[-1] > val_accs[best_epoch - 1]:
            best_epoch, best_params = epoch, [(W.copy(), b.copy()) for W, b in params]
        if epoch - best_epoch > patience:
            break
    for (W, b), (W_best, b_best) in zip(params, best_params):
        W[...], b[...] = W_best, b_best
    return best_epoch, val_accs
''',
        "the best epoch counted from 0": '''
def train_with_early_stopping(params, X, y, X_val, y_val, *, patience, max_epochs, rng):
    val_accs, best_epoch, best_params = [], 0, None
    for epoch in range(max_epochs):
        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng,
                              X_val=X_val, y_val=y_val)
        val_accs.append(history["val_acc"][0])
        if best_params is None or val_accs[-1] > val_accs[best_epoch]:
            best_epoch, best_params = epoch, [(W.copy(), b.copy()) for W, b in params]
        if epoch - best_epoch >= patience:
            break
    for (W, b), (W_best, b_best) in zip(params, best_params):
        W[...], b[...] = W_best, b_best
    return best_epoch, val_accs
''',
        "the last weights kept": '''
def train_with_early_stopping(params, X, y, X_val, y_val, *, patience, max_epochs, rng):
    val_accs, best_epoch = [], 0
    for epoch in range(1, max_epochs + 1):
        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1, rng=rng,
                              X_val=X_val, y_val=y_val)
        val_accs.append(history["val_acc"][0])
        if best_epoch == 0 or val_accs[-1] > val_accs[best_epoch - 1]:
            best_epoch = epoch
        if epoch - best_epoch >= patience:
            break
    return best_epoch, val_accs
''',
        "a fresh generator every epoch": '''
def train_with_early_stopping(params, X, y, X_val, y_val, *, patience, max_epochs, rng):
    val_accs, best_epoch, best_params = [], 0, None
    for epoch in range(1, max_epochs + 1):
        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.1,
                              rng=np.random.default_rng(SEED), X_val=X_val, y_val=y_val)
        val_accs.append(history["val_acc"][0])
        if best_params is None or val_accs[-1] > val_accs[best_epoch - 1]:
            best_epoch, best_params = epoch, [(W.copy(), b.copy()) for W, b in params]
        if epoch - best_epoch >= patience:
            break
    for (W, b), (W_best, b_best) in zip(params, best_params):
        W[...], b[...] = W_best, b_best
    return best_epoch, val_accs
''',
        "lr 0.01, not the reference 0.1": '''
def train_with_early_stopping(params, X, y, X_val, y_val, *, patience, max_epochs, rng):
    val_accs, best_epoch, best_params = [], 0, None
    for epoch in range(1, max_epochs + 1):
        history = nnlib.train(params, X, y, epochs=1, batch_size=64, lr=0.01, rng=rng,
                              X_val=X_val, y_val=y_val)
        val_accs.append(history["val_acc"][0])
        if best_params is None or val_accs[-1] > val_accs[best_epoch - 1]:
            best_epoch, best_params = epoch, [(W.copy(), b.copy()) for W, b in params]
        if epoch - best_epoch >= patience:
            break
    for (W, b), (W_best, b_best) in zip(params, best_params):
        W[...], b[...] = W_best, b_best
    return best_epoch, val_accs
''',
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
