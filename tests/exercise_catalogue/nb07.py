"""Wrong answers for notebook 07's exercises (batch size)."""
WRONG = {
    "07-ex1": {
        "mean of ||g_i||^2, ||g_full||^2 not subtracted": '''
def gradient_noise(params, X, y):
    g_full = flatten(nnlib.loss_and_grads(params, X, y)[1])
    signal = float(g_full @ g_full)
    return float(per_image_sq_norms(params, X, y).mean()), signal
''',
        "sum over the images, no 1/N": '''
def gradient_noise(params, X, y):
    g_full = flatten(nnlib.loss_and_grads(params, X, y)[1])
    signal = float(g_full @ g_full)
    return float(per_image_sq_norms(params, X, y).sum()) - signal, signal
''',
        "1/(N-1), a sample variance": '''
def gradient_noise(params, X, y):
    g_full = flatten(nnlib.loss_and_grads(params, X, y)[1])
    signal = float(g_full @ g_full)
    sq_norms = per_image_sq_norms(params, X, y)
    return float(sq_norms.sum() - len(X) * signal) / (len(X) - 1), signal
''',
        "the norm of g_full, not its square": '''
def gradient_noise(params, X, y):
    g_full = flatten(nnlib.loss_and_grads(params, X, y)[1])
    signal = float(np.linalg.norm(g_full))
    return float(per_image_sq_norms(params, X, y).mean()) - signal, signal
''',
        "the two numbers swapped": '''
def gradient_noise(params, X, y):
    g_full = flatten(nnlib.loss_and_grads(params, X, y)[1])
    signal = float(g_full @ g_full)
    return signal, float(per_image_sq_norms(params, X, y).mean()) - signal
''',
        "section 3's numbers, whatever the arguments": '''
def gradient_noise(params, X, y):
    return float(sigma2), float(g_full @ g_full)
''',
        "at theta0, not at params": '''
def gradient_noise(params, X, y):
    g = flatten(nnlib.loss_and_grads(theta0, X, y)[1])
    signal = float(g @ g)
    return float(per_image_sq_norms(theta0, X, y).mean()) - signal, signal
''',
        "the variance of the squared norms": '''
def gradient_noise(params, X, y):
    g_full = flatten(nnlib.loss_and_grads(params, X, y)[1])
    return float(per_image_sq_norms(params, X, y).var()), float(g_full @ g_full)
''',
        "deviations from each image's own mean (the wrong axis)": '''
def gradient_noise(params, X, y):
    G = np.array([flatten(nnlib.loss_and_grads(params, X[[i]], y[[i]])[1]) for i in range(len(X))])
    g = G.mean(axis=0)
    return float(((G - G.mean(axis=1, keepdims=True)) ** 2).sum(axis=1).mean()), float(g @ g)
''',
    },
    "07-ex2": {
        "without replacement": '''
def deviations_with_replacement(params, X, y, batch_size, draws, rng):
    g_all = flatten(nnlib.loss_and_grads(params, X, y)[1])
    out = np.empty(draws)
    for k in range(draws):
        idx = rng.choice(len(X), size=batch_size, replace=False)
        deviation = flatten(nnlib.loss_and_grads(params, X[idx], y[idx])[1]) - g_all
        out[k] = deviation @ deviation
    return out
''',
        "section 3's g_full (all training images), not the gradient of X": '''
def deviations_with_replacement(params, X, y, batch_size, draws, rng):
    out = np.empty(draws)
    for k in range(draws):
        idx = rng.integers(len(X), size=batch_size)
        deviation = flatten(nnlib.loss_and_grads(params, X[idx], y[idx])[1]) - g_full
        out[k] = deviation @ deviation
    return out
''',
        "batches drawn from X_train, not from X": '''
def deviations_with_replacement(params, X, y, batch_size, draws, rng):
    g_all = flatten(nnlib.loss_and_grads(params, X, y)[1])
    out = np.empty(draws)
    for k in range(draws):
        idx = rng.integers(N, size=batch_size)
        deviation = flatten(nnlib.loss_and_grads(params, X_train[idx], y_train[idx])[1]) - g_all
        out[k] = deviation @ deviation
    return out
''',
        "the distance, not its square": '''
def deviations_with_replacement(params, X, y, batch_size, draws, rng):
    g_all = flatten(nnlib.loss_and_grads(params, X, y)[1])
    out = np.empty(draws)
    for k in range(draws):
        idx = rng.integers(len(X), size=batch_size)
        out[k] = np.linalg.norm(flatten(nnlib.loss_and_grads(params, X[idx], y[idx])[1]) - g_all)
    return out
''',
        "one batch drawn once, used for every draw": '''
def deviations_with_replacement(params, X, y, batch_size, draws, rng):
    g_all = flatten(nnlib.loss_and_grads(params, X, y)[1])
    idx = rng.integers(len(X), size=batch_size)
    deviation = flatten(nnlib.loss_and_grads(params, X[idx], y[idx])[1]) - g_all
    return np.full(draws, deviation @ deviation)
''',
        "the notebook's rng, not the one given": '''
def deviations_with_replacement(params, X, y, batch_size, draws, rng_given):
    g_all = flatten(nnlib.loss_and_grads(params, X, y)[1])
    out = np.empty(draws)
    for k in range(draws):
        idx = rng.integers(len(X), size=batch_size)
        deviation = flatten(nnlib.loss_and_grads(params, X[idx], y[idx])[1]) - g_all
        out[k] = deviation @ deviation
    return out
''',
        "batch_size ignored: batches of len(X)": '''
def deviations_with_replacement(params, X, y, batch_size, draws, rng):
    g_all = flatten(nnlib.loss_and_grads(params, X, y)[1])
    out = np.empty(draws)
    for k in range(draws):
        idx = rng.integers(len(X), size=len(X))
        deviation = flatten(nnlib.loss_and_grads(params, X[idx], y[idx])[1]) - g_all
        out[k] = deviation @ deviation
    return out
''',
        "indices from range(batch_size), not range(len(X))": '''
def deviations_with_replacement(params, X, y, batch_size, draws, rng):
    g_all = flatten(nnlib.loss_and_grads(params, X, y)[1])
    out = np.empty(draws)
    for k in range(draws):
        idx = rng.integers(batch_size, size=batch_size)
        deviation = flatten(nnlib.loss_and_grads(params, X[idx], y[idx])[1]) - g_all
        out[k] = deviation @ deviation
    return out
''',
        "the mean over the draws, not the array": '''
def deviations_with_replacement(params, X, y, batch_size, draws, rng):
    g_all = flatten(nnlib.loss_and_grads(params, X, y)[1])
    total = 0.0
    for _ in range(draws):
        idx = rng.integers(len(X), size=batch_size)
        deviation = flatten(nnlib.loss_and_grads(params, X[idx], y[idx])[1]) - g_all
        total += deviation @ deviation
    return total / draws
''',
        "a zero answer": '''
def deviations_with_replacement(params, X, y, batch_size, draws, rng):
    return np.zeros(draws)
''',
    },
    "07-ex3": {
        "epochs counted from 1: the warm-up starts one step up": '''
def warmup_rates(base_lr, peak_lr, warmup_epochs, epochs):
    if warmup_epochs == 0:
        return [peak_lr] * epochs
    return [base_lr + (peak_lr - base_lr) * min(epoch + 1, warmup_epochs) / warmup_epochs
            for epoch in range(epochs)]
''',
        "never reaches the peak: divided by warmup_epochs + 1": '''
def warmup_rates(base_lr, peak_lr, warmup_epochs, epochs):
    return [base_lr + (peak_lr - base_lr) * min(epoch, warmup_epochs) / (warmup_epochs + 1)
            for epoch in range(epochs)]
''',
        "the peak one epoch early (linspace over the warm-up epochs)": '''
def warmup_rates(base_lr, peak_lr, warmup_epochs, epochs):
    if warmup_epochs == 0:
        return [peak_lr] * epochs
    ramp = list(np.linspace(base_lr, peak_lr, warmup_epochs))
    return (ramp + [peak_lr] * epochs)[:epochs]
''',
        "no special case for warmup_epochs = 0": '''
def warmup_rates(base_lr, peak_lr, warmup_epochs, epochs):
    return [base_lr + (peak_lr - base_lr) * min(epoch, warmup_epochs) / warmup_epochs
            for epoch in range(epochs)]
''',
        "the base rate throughout when warmup_epochs = 0": '''
def warmup_rates(base_lr, peak_lr, warmup_epochs, epochs):
    if warmup_epochs == 0:
        return [base_lr] * epochs
    return [base_lr + (peak_lr - base_lr) * min(epoch, warmup_epochs) / warmup_epochs
            for epoch in range(epochs)]
''',
        "a ramp from 0, base_lr ignored": '''
def warmup_rates(base_lr, peak_lr, warmup_epochs, epochs):
    return [peak_lr * (min(epoch, warmup_epochs) + 1) / (warmup_epochs + 1) for epoch in range(epochs)]
''',
        "a geometric warm-up": '''
def warmup_rates(base_lr, peak_lr, warmup_epochs, epochs):
    if warmup_epochs == 0:
        return [peak_lr] * epochs
    return [base_lr * (peak_lr / base_lr) ** (min(epoch, warmup_epochs) / warmup_epochs)
            for epoch in range(epochs)]
''',
        "the warm-up stretched over the whole run": '''
def warmup_rates(base_lr, peak_lr, warmup_epochs, epochs):
    if warmup_epochs == 0:
        return [peak_lr] * epochs
    return list(np.linspace(base_lr, peak_lr, epochs))
''',
        "integer division: a jump, not a ramp": '''
def warmup_rates(base_lr, peak_lr, warmup_epochs, epochs):
    if warmup_epochs == 0:
        return [peak_lr] * epochs
    return [base_lr + (peak_lr - base_lr) * (min(epoch, warmup_epochs) // warmup_epochs)
            for epoch in range(epochs)]
''',
        "a constant answer: the peak throughout": '''
def warmup_rates(base_lr, peak_lr, warmup_epochs, epochs):
    return [peak_lr] * epochs
''',
    },
    "07-ex4": {
        "floor(N / B) steps, not the ceiling": '''
def step_and_image_cost(batch_sizes, seconds_per_epoch, n_images):
    steps = n_images // np.asarray(batch_sizes)
    design = np.column_stack([steps, np.full(len(steps), n_images)]).astype(float)
    (step_cost, image_cost), *_ = np.linalg.lstsq(design, np.asarray(seconds_per_epoch, float), rcond=None)
    return float(step_cost), float(image_cost)
''',
        "N / B steps, not rounded up": '''
def step_and_image_cost(batch_sizes, seconds_per_epoch, n_images):
    steps = n_images / np.asarray(batch_sizes, dtype=float)
    step_cost, intercept = np.polyfit(steps, seconds_per_epoch, 1)
    return float(step_cost), float(intercept / n_images)
''',
        "the intercept returned as the price of an image (not divided by N)": '''
def step_and_image_cost(batch_sizes, seconds_per_epoch, n_images):
    steps = np.ceil(n_images / np.asarray(batch_sizes, dtype=float))
    step_cost, intercept = np.polyfit(steps, seconds_per_epoch, 1)
    return float(step_cost), float(intercept)
''',
        "polyfit's slope and intercept swapped": '''
def step_and_image_cost(batch_sizes, seconds_per_epoch, n_images):
    steps = np.ceil(n_images / np.asarray(batch_sizes, dtype=float))
    intercept, step_cost = np.polyfit(steps, seconds_per_epoch, 1)
    return float(step_cost), float(intercept / n_images)
''',
        "a line through the first and the last point": '''
def step_and_image_cost(batch_sizes, seconds_per_epoch, n_images):
    steps = [math.ceil(n_images / B) for B in batch_sizes]
    step_cost = (seconds_per_epoch[0] - seconds_per_epoch[-1]) / (steps[0] - steps[-1])
    return float(step_cost), float((seconds_per_epoch[0] - step_cost * steps[0]) / n_images)
''',
        "the design matrix transposed": '''
def step_and_image_cost(batch_sizes, seconds_per_epoch, n_images):
    steps = np.ceil(n_images / np.asarray(batch_sizes, dtype=float))
    design = np.vstack([steps, np.full_like(steps, n_images)])
    (step_cost, image_cost), *_ = np.linalg.lstsq(design, np.asarray(seconds_per_epoch, float), rcond=None)
    return float(step_cost), float(image_cost)
''',
        "len(X_small) for the number of images, n_images ignored": '''
def step_and_image_cost(batch_sizes, seconds_per_epoch, n_images):
    steps = np.ceil(len(X_small) / np.asarray(batch_sizes, dtype=float))
    step_cost, intercept = np.polyfit(steps, seconds_per_epoch, 1)
    return float(step_cost), float(intercept / len(X_small))
''',
        "the race's BATCH_SIZES, batch_sizes ignored": '''
def step_and_image_cost(batch_sizes, seconds_per_epoch, n_images):
    steps = np.ceil(n_images / np.asarray(BATCH_SIZES, dtype=float))
    step_cost, intercept = np.polyfit(steps, seconds_per_epoch, 1)
    return float(step_cost), float(intercept / n_images)
''',
        "a line through the origin: no price per image": '''
def step_and_image_cost(batch_sizes, seconds_per_epoch, n_images):
    steps = np.ceil(n_images / np.asarray(batch_sizes, dtype=float))
    (step_cost,), *_ = np.linalg.lstsq(steps[:, None], np.asarray(seconds_per_epoch, float), rcond=None)
    return float(step_cost), 0.0
''',
        "a constant answer: the mean seconds per image, no price per step": '''
def step_and_image_cost(batch_sizes, seconds_per_epoch, n_images):
    return 0.0, float(np.mean(seconds_per_epoch) / n_images)
''',
    },
}
