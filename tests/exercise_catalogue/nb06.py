"""Wrong answers for notebook 06's exercises (improving the network).

No exercise of 06 asks for a function nnlib already has, so none needs `forbidden`;
where the library has something close (`learning_rate`, `augment_batch`,
`make_optimizer("adam")`), a wrong answer calls it. The wrong answers of
exercise 5 build new arrays, but one, which changes the model it is given: the
check passes it a copy of the final model, which the cells below still need.

Each section says which wrong answers the check accepted before it was strengthened
(issue 18); the checks now reject every one.
"""

# --- 06-ex1 · a step schedule, as a function ---------------------------------------------
# Accepted before: "the rates of ten epochs, computed in advance" (the check asked for no epoch
# past 7); the check now also asks for epoch 31.

_STEP = '''
def step_schedule(base_lr, every=2, factor=0.5):
    def lr_at(epoch):
        return {rate}

    return lr_at
'''


def _step(rate):
    return _STEP.replace("{rate}", rate)


WRONG = {"06-ex1": {
    "epochs counted from 1: (epoch + 1) // every": _step("base_lr * factor ** ((epoch + 1) // every)"),
    "/ instead of //: a smooth decay": _step("base_lr * factor ** (epoch / every)"),
    "factor ** epoch: a cut every epoch": _step("base_lr * factor ** epoch"),
    "the ceiling, not the floor": _step("base_lr * factor ** np.ceil(epoch / every)"),
    "rounded, not floored": _step("base_lr * factor ** round(epoch / every)"),
    "factor times the number of cuts, not a power": _step("base_lr * factor * (epoch // every)"),
    "divided by factor ** cuts": _step("base_lr / factor ** (epoch // every)"),
    "halving every two epochs, whatever every and factor": _step("base_lr * 0.5 ** (epoch // 2)"),
    "a rate, not a function": '''
def step_schedule(base_lr, every=2, factor=0.5, epoch=0):
    return base_lr * factor ** (epoch // every)
''',
    "counts its own calls, not the epoch it is asked for": '''
def step_schedule(base_lr, every=2, factor=0.5):
    calls = 0

    def lr_at(epoch):
        nonlocal calls
        rate = base_lr * factor ** (calls // every)
        calls += 1
        return rate

    return lr_at
''',
    "cuts a stored rate at every multiple of every": '''
def step_schedule(base_lr, every=2, factor=0.5):
    rate = base_lr

    def lr_at(epoch):
        nonlocal rate
        if epoch > 0 and epoch % every == 0:
            rate *= factor
        return rate

    return lr_at
''',
    "the rates of ten epochs, computed in advance": '''
def step_schedule(base_lr, every=2, factor=0.5):
    rates = [base_lr * factor ** (epoch // every) for epoch in range(10)]

    def lr_at(epoch):
        return rates[epoch]

    return lr_at
''',
    "nnlib's cosine schedule over eight epochs": _step('nnlib.learning_rate(epoch, base_lr, 8, "cosine")'),
}}

# --- 06-ex2 · what a one-pixel shift does to the final model ----------------------------------
# Accepted before: "the 784-vector shifted by 28 dy + dx", "max_shift ignored", "final_params,
# whatever params is" (the check ran the final model with max_shift=1 only, and np.roll and
# mode="edge" were rejected only because some validation images touch the border). The check
# now starts with a known answer: a network that counts lit pixels, three images of one lit
# pixel by the border, max_shift=2.

_SHIFT = '''
def shifted_accuracy(params, X, y, max_shift=1):
    s, (height, width) = max_shift, nnlib.IMAGE_SHAPE
    padded = np.pad(X.reshape(-1, height, width), ((0, 0), (s, s), (s, s)))
    table = np.zeros((2 * s + 1, 2 * s + 1))
    for dy in range(-s, s + 1):
        for dx in range(-s, s + 1):
            moved = padded[:, s - dy:s - dy + height, s - dx:s - dx + width].reshape(len(X), -1)
            table[s + dy, s + dx] = nnlib.accuracy(y, nnlib.predict(params, moved))
    return table
'''
_WINDOW = "padded[:, s - dy:s - dy + height, s - dx:s - dx + width]"
_ENTRY = "table[s + dy, s + dx] = nnlib.accuracy(y, nnlib.predict(params, moved))"


def _shift(old, new):
    assert old in _SHIFT, old
    return _SHIFT.replace(old, new)


_LOOP = '''
def shifted_accuracy(params, X, y, max_shift=1):
    s = max_shift
    table = np.zeros((2 * s + 1, 2 * s + 1))
    for dy in range(-s, s + 1):
        for dx in range(-s, s + 1):
            {move}
            table[s + dy, s + dx] = nnlib.accuracy(y, nnlib.predict(params, moved))
    return table
'''


def _loop(move):
    return _LOOP.replace("{move}", move)


WRONG["06-ex2"] = {
    "np.roll: the images wrap around instead of filling with 0": _loop(
        "moved = np.roll(X.reshape(-1, 28, 28), (dy, dx), axis=(1, 2)).reshape(len(X), -1)"),
    "shifted the wrong way (the window starts s + dy, s + dx in)": _shift(
        _WINDOW, "padded[:, s + dy:s + dy + height, s + dx:s + dx + width]"),
    "rows shifted the wrong way, columns the right way": _shift(
        _WINDOW, "padded[:, s + dy:s + dy + height, s - dx:s - dx + width]"),
    "dy and dx swapped (the table transposed)": _shift(
        "table[s + dy, s + dx]", "table[s + dx, s + dy]"),
    "entries at [dy, dx]: the negative moves wrap to the end of the table": _shift(
        "table[s + dy, s + dx]", "table[dy, dx]"),
    "the border filled with the edge pixels (mode='edge'), not with 0": _shift(
        "(s, s), (s, s)))", "(s, s), (s, s)), mode=\"edge\")"),
    "the 784-vector shifted by 28 dy + dx: rows spill into their neighbours": _loop(
        "k, moved = 28 * dy + dx, np.zeros_like(X)\n"
        "            if k >= 0:\n"
        "                moved[:, k:] = X[:, :X.shape[1] - k]\n"
        "            else:\n"
        "                moved[:, :k] = X[:, -k:]"),
    "max_shift ignored: always one pixel": _shift(
        "s, (height, width) = max_shift, nnlib.IMAGE_SHAPE", "s, (height, width) = 1, nnlib.IMAGE_SHAPE"),
    "final_params, whatever params is": _shift(_ENTRY, _ENTRY.replace("predict(params", "predict(final_params")),
    "the error rate, not the accuracy": _shift(_ENTRY, _ENTRY.replace("= nnlib.accuracy", "= 1 - nnlib.accuracy")),
    "nnlib.augment_batch's random shifts, not each move": _loop(
        "moved = nnlib.augment_batch(X, np.random.default_rng(0), max_shift=s, flip=False)"),
    "the unshifted accuracy in every entry": '''
def shifted_accuracy(params, X, y, max_shift=1):
    return np.full((2 * max_shift + 1, 2 * max_shift + 1), nnlib.accuracy(y, nnlib.predict(params, X)))
''',
}

# --- 06-ex3 · decoupled weight decay (AdamW) ------------------------------------------------
# Accepted before: "weight_decay left out", "(1 - lr) * weight_decay", "(1 - lr) ** weight_decay":
# the check used a decay of 1, for which all three equal 1 - lr * weight_decay. It now uses 3.

_ADAMW = '''
def make_adamw(params, weight_decay):
    adam_step = nnlib.make_optimizer("adam", params)

    def step(params, grads, lr):
        for W, _ in params:
            W *= 1 - lr * weight_decay
        adam_step(params, grads, lr)

    return step
'''
_DECAY = "W *= 1 - lr * weight_decay"


def _adamw(old, new):
    assert old in _ADAMW, old
    return _ADAMW.replace(old, new)


_OWN_ADAM = '''
def make_adamw(params, weight_decay):
    moments = [(np.zeros_like(p), np.zeros_like(p)) for pair in params for p in pair]
    t = 0

    def step(params, grads, lr):
        nonlocal t
        for W, _ in params:
            W *= 1 - lr * weight_decay
        {count}
        arrays = [p for pair in params for p in pair]
        gradients = [g for pair in grads for g in pair]
        for p, g, (m, v) in zip(arrays, gradients, moments):
            {count_per_array}
            m[...] = 0.9 * m + 0.1 * g
            v[...] = 0.999 * v + 0.001 * g * g
            p -= {alpha} * m / (np.sqrt(v) + 1e-8)

    return step
'''
_CORRECTED = "lr * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)"


def _own_adam(count="t += 1", count_per_array="", alpha=_CORRECTED):
    return (_OWN_ADAM.replace("{count}", count).replace("{count_per_array}", count_per_array)
            .replace("{alpha}", alpha))


WRONG["06-ex3"] = {
    "decays after Adam's step": '''
def make_adamw(params, weight_decay):
    adam_step = nnlib.make_optimizer("adam", params)

    def step(params, grads, lr):
        adam_step(params, grads, lr)
        for W, _ in params:
            W *= 1 - lr * weight_decay

    return step
''',
    "the biases decayed too": _adamw("for W, _ in params:\n            W *= 1 - lr * weight_decay",
                                     "for W, b in params:\n            W *= 1 - lr * weight_decay\n"
                                     "            b *= 1 - lr * weight_decay"),
    "lr not multiplied: W *= 1 - weight_decay": _adamw(_DECAY, "W *= 1 - weight_decay"),
    "weight_decay left out: W *= 1 - lr": _adamw(_DECAY, "W *= 1 - lr"),
    "(1 - lr) * weight_decay": _adamw(_DECAY, "W *= (1 - lr) * weight_decay"),
    "(1 - lr) ** weight_decay": _adamw(_DECAY, "W *= (1 - lr) ** weight_decay"),
    "half the decay, as in the penalty's lambda / 2": _adamw(_DECAY, "W *= 1 - lr * weight_decay / 2"),
    "W = (1 - lr * weight_decay) * W: a new array, the layer's W unchanged": _adamw(
        _DECAY, "W = (1 - lr * weight_decay) * W"),
    "only the first layer decayed": _adamw(
        "for W, _ in params:\n            W *= 1 - lr * weight_decay",
        "params[0][0][...] *= 1 - lr * weight_decay"),
    "L2 under Adam: lambda W added to the gradient": '''
def make_adamw(params, weight_decay):
    adam_step = nnlib.make_optimizer("adam", params)

    def step(params, grads, lr):
        adam_step(params, [(dW + weight_decay * W, db) for (W, _), (dW, db) in zip(params, grads)], lr)

    return step
''',
    "plain Adam: nnlib.make_optimizer('adam') and no decay": '''
def make_adamw(params, weight_decay):
    return nnlib.make_optimizer("adam", params)
''',
    "a new Adam at every step: its moments restart": '''
def make_adamw(params, weight_decay):
    def step(params, grads, lr):
        for W, _ in params:
            W *= 1 - lr * weight_decay
        nnlib.make_optimizer("adam", params)(params, grads, lr)

    return step
''',
    "Adam written out, its step count advanced once per array": _own_adam(count="", count_per_array="t += 1"),
    "Adam written out, without the bias correction": _own_adam(alpha="lr"),
}

# --- 06-ex4 · how much do more seeds buy? ----------------------------------------------------
# The check's known answer (np.arange(1.0, 8.0), k = 3) rejected every one already.

_GROUPS = '''
def std_of_group_means(values, k):
    values = np.asarray(values)
    groups = values[:len(values) // k * k].reshape(-1, k)
    return float(np.std(groups.mean(axis=1), ddof=1))
'''


def _groups(old, new):
    assert old in _GROUPS, old
    return _GROUPS.replace(old, new)


_STD = "np.std(groups.mean(axis=1), ddof=1)"

WRONG["06-ex4"] = {
    "the population std (ddof=0)": _groups("ddof=1", "ddof=0"),
    "the mean of the group means, not their std": _groups(_STD, "np.mean(groups.mean(axis=1))"),
    "the variance, not the std": _groups(_STD, "np.var(groups.mean(axis=1), ddof=1)"),
    "the std of the group sums": _groups(_STD, "np.std(groups.sum(axis=1), ddof=1)"),
    "the mean of each group's std": _groups(_STD, "np.mean(groups.std(axis=1, ddof=1))"),
    "means down the columns (the wrong axis)": _groups(_STD, "np.std(groups.mean(axis=0), ddof=1)"),
    "k groups, not groups of k": _groups("reshape(-1, k)", "reshape(k, -1)"),
    "strided groups: one run from each of k blocks": _groups(
        "reshape(-1, k)", "reshape(k, -1)").replace("mean(axis=1)", "mean(axis=0)"),
    "the leftover kept as a short last group": '''
def std_of_group_means(values, k):
    values = np.asarray(values)
    return float(np.std([values[i:i + k].mean() for i in range(0, len(values), k)], ddof=1))
''',
    "a moving window: groups that overlap": '''
def std_of_group_means(values, k):
    return float(np.std(np.convolve(values, np.ones(k) / k, mode="valid"), ddof=1))
''',
    "the law instead of the simulation: std / sqrt(k)": '''
def std_of_group_means(values, k):
    return float(np.std(values, ddof=1) / np.sqrt(k))
''',
    "the std of one run, not of a mean": '''
def std_of_group_means(values, k):
    return float(np.std(values, ddof=1))
''',
}

# --- 06-ex5 · one network that averages over flips -----------------------------------------------
# Accepted before: "three layers, whatever params is" and "the zero blocks in float64" (the check
# used the three-layer final model only, and no dtype); "the given model's last layer halved in
# place" was rejected, but changed final_params for the cells below. The check now also runs
# networks of two and four layers, asserts float32, and passes a copy that must come back unchanged.

_WIDE = '''
def flip_averaged_params(params):
    flip = np.arange(nnlib.NUM_PIXELS).reshape(nnlib.IMAGE_SHAPE)[:, ::-1].ravel()
    (W1, b1), *hidden, (W_last, b_last) = params
    wide = [(np.hstack([W1, W1[flip]]), np.concatenate([b1, b1]))]
    for W, b in hidden:
        zeros = np.zeros_like(W)
        wide.append((np.block([[W, zeros], [zeros, W]]), np.concatenate([b, b])))
    wide.append((np.vstack([W_last, W_last]) / 2, b_last.copy()))
    return wide
'''


def _wide(old, new):
    assert old in _WIDE, old
    return _WIDE.replace(old, new)


WRONG["06-ex5"] = {
    "the last layer not halved": _wide("np.vstack([W_last, W_last]) / 2", "np.vstack([W_last, W_last])"),
    "the last bias halved too": _wide("b_last.copy()", "b_last / 2"),
    "the last bias once per half": _wide("b_last.copy()", "2 * b_last"),
    "no flip: [W1 W1]": _wide("np.hstack([W1, W1[flip]])", "np.hstack([W1, W1])"),
    "flipped upside down, not left to right": _wide("[:, ::-1].ravel()", "[::-1, :].ravel()"),
    "the flip applied to W1's columns, not its rows": _wide("W1[flip]", "W1[:, flip]"),
    "the halves mixed: [[W, W], [W, W]]": _wide("[[W, zeros], [zeros, W]]", "[[W, W], [W, W]]"),
    "three layers, whatever params is": '''
def flip_averaged_params(params):
    flip = np.arange(nnlib.NUM_PIXELS).reshape(nnlib.IMAGE_SHAPE)[:, ::-1].ravel()
    (W1, b1), (W2, b2), (W3, b3) = params
    zeros = np.zeros_like(W2)
    return [(np.hstack([W1, W1[flip]]), np.concatenate([b1, b1])),
            (np.block([[W2, zeros], [zeros, W2]]), np.concatenate([b2, b2])),
            (np.vstack([W3, W3]) / 2, b3.copy())]
''',
    "the zero blocks in float64: the hidden layers come out float64": _wide(
        "np.zeros_like(W)", "np.zeros(W.shape)"),
    "the weights averaged over the flip, not the outputs (same width)": '''
def flip_averaged_params(params):
    flip = np.arange(nnlib.NUM_PIXELS).reshape(nnlib.IMAGE_SHAPE)[:, ::-1].ravel()
    (W1, b1), *rest = params
    return [((W1 + W1[flip]) / 2, b1.copy()), *[(W.copy(), b.copy()) for W, b in rest]]
''',
    "the given model's last layer halved in place": _wide(
        "    wide.append((np.vstack([W_last, W_last]) / 2, b_last.copy()))",
        "    W_last /= 2\n    wide.append((np.vstack([W_last, W_last]), b_last.copy()))"),
}
