"""Wrong answers for notebook 08's exercises (activations)."""
WRONG = {
    "08-ex1": {
        "each bias carried through the next layer only": '''
def collapse_linear(params):
    W_eff = params[0][0]
    for W, _ in params[1:]:
        W_eff = W_eff @ W
    b_eff = params[-1][1] + sum(b @ W_next for (_, b), (W_next, _) in zip(params, params[1:]))
    return W_eff, b_eff
''',
        "only the last bias": '''
def collapse_linear(params):
    W_eff = params[0][0]
    for W, _ in params[1:]:
        W_eff = W_eff @ W
    return W_eff, params[-1][1]
''',
        "b_1 dropped": '''
def collapse_linear(params):
    W_eff, b_eff = params[0][0], np.zeros(params[0][1].shape)
    for W, b in params[1:]:
        W_eff, b_eff = W_eff @ W, b_eff @ W + b
    return W_eff, b_eff
''',
        "the first layer's bias": '''
def collapse_linear(params):
    W_eff = params[0][0]
    for W, _ in params[1:]:
        W_eff = W_eff @ W
    return W_eff, params[0][1]
''',
        "written for three layers only": '''
def collapse_linear(params):
    (W1, b1), (W2, b2), (W3, b3) = params
    return W1 @ W2 @ W3, b1 @ W2 @ W3 + b2 @ W3 + b3
''',
        "the product transposed": '''
def collapse_linear(params):
    W_eff, b_eff = params[0]
    for W, b in params[1:]:
        W_eff, b_eff = W_eff @ W, b_eff @ W + b
    return W_eff.T, b_eff
''',
        "the notebook's W_eff and b_eff, whatever the arguments": '''
def collapse_linear(params):
    return W_eff, b_eff
''',
        "the notebook's linear_stack on 0 and on the identity": '''
def collapse_linear(params):
    b_one = linear_stack(np.zeros((1, params[0][0].shape[0])))[0]
    return linear_stack(np.eye(params[0][0].shape[0])) - b_one, b_one
''',
        "a zero answer": '''
def collapse_linear(params):
    return np.zeros((params[0][0].shape[0], params[-1][0].shape[1])), np.zeros(params[-1][0].shape[1])
''',
    },
    "08-ex2": {
        "every weight matrix x 4, the first too": '''
def sigmoid_xavier_params(layer_sizes, rng):
    return [(4 * W, b) for W, b in nnlib.init_params(layer_sizes, "xavier", rng=rng)]
''',
        "only the last weight matrix x 4": '''
def sigmoid_xavier_params(layer_sizes, rng):
    *front, (W, b) = nnlib.init_params(layer_sizes, "xavier", rng=rng)
    return front + [(4 * W, b)]
''',
        "x 2: the variance x 4, not x 16": '''
def sigmoid_xavier_params(layer_sizes, rng):
    first, *rest = nnlib.init_params(layer_sizes, "xavier", rng=rng)
    return [first] + [(2 * W, b) for W, b in rest]
''',
        "x 16: the variance's factor on the weights": '''
def sigmoid_xavier_params(layer_sizes, rng):
    first, *rest = nnlib.init_params(layer_sizes, "xavier", rng=rng)
    return [first] + [(16 * W, b) for W, b in rest]
''',
        "divided by 4": '''
def sigmoid_xavier_params(layer_sizes, rng):
    first, *rest = nnlib.init_params(layer_sizes, "xavier", rng=rng)
    return [first] + [(W / 4, b) for W, b in rest]
''',
        "He's weights x 4": '''
def sigmoid_xavier_params(layer_sizes, rng):
    first, *rest = nnlib.init_params(layer_sizes, "he", rng=rng)
    return [first] + [(4 * W, b) for W, b in rest]
''',
        "a float64 factor: float32 becomes float64": '''
def sigmoid_xavier_params(layer_sizes, rng):
    first, *rest = nnlib.init_params(layer_sizes, "xavier", rng=rng)
    return [first] + [(np.sqrt(16) * W, b) for W, b in rest]
''',
        "a fresh generator, rng ignored": '''
def sigmoid_xavier_params(layer_sizes, rng):
    first, *rest = nnlib.init_params(layer_sizes, "xavier", rng=np.random.default_rng())
    return [first] + [(4 * W, b) for W, b in rest]
''',
        "Xavier's weights unchanged (the identity)": '''
def sigmoid_xavier_params(layer_sizes, rng):
    return nnlib.init_params(layer_sizes, "xavier", rng=rng)
''',
    },
    "08-ex3": {
        "the ReLU's backward: slope 0 on the negative side": '''
def make_leaky_relu(slope=0.01):
    def forward(Z):
        out = np.where(Z > 0, Z, Z * Z.dtype.type(slope))
        return out, out

    def backward(dout, cache):
        return dout * (cache > 0)

    return forward, backward
''',
        "a plain ReLU forward": '''
def make_leaky_relu(slope=0.01):
    def forward(Z):
        return np.maximum(Z, 0), Z

    def backward(dout, cache):
        return dout * np.where(cache > 0, 1, slope).astype(dout.dtype)

    return forward, backward
''',
        "the slope fixed at 0.01, the argument ignored": '''
def make_leaky_relu(slope=0.01):
    def forward(Z):
        out = np.maximum(Z, Z.dtype.type(0.01) * Z)
        return out, out

    def backward(dout, cache):
        return dout * np.where(cache > 0, 1, 0.01).astype(dout.dtype)

    return forward, backward
''',
        "the slope on the positive side": '''
def make_leaky_relu(slope=0.01):
    def forward(Z):
        out = np.where(Z > 0, Z * Z.dtype.type(slope), Z)
        return out, Z

    def backward(dout, cache):
        return dout * np.where(cache > 0, slope, 1).astype(dout.dtype)

    return forward, backward
''',
        "backward multiplies by the output, not the slope": '''
def make_leaky_relu(slope=0.01):
    def forward(Z):
        out = np.maximum(Z, Z.dtype.type(slope) * Z)
        return out, out

    def backward(dout, cache):
        return dout * cache

    return forward, backward
''',
        "backward returns the slope, dout forgotten": '''
def make_leaky_relu(slope=0.01):
    def forward(Z):
        out = np.maximum(Z, Z.dtype.type(slope) * Z)
        return out, out

    def backward(dout, cache):
        return np.where(cache > 0, 1, slope).astype(dout.dtype)

    return forward, backward
''',
        "a float64 slope mask: float32 in, float64 out": '''
def make_leaky_relu(slope=0.01):
    def forward(Z):
        mask = np.where(Z > 0, 1.0, slope)
        return Z * mask, mask

    def backward(dout, cache):
        return dout * cache

    return forward, backward
''',
        "backward in float64 for a float32 network": '''
def make_leaky_relu(slope=0.01):
    def forward(Z):
        out = np.maximum(Z, Z.dtype.type(slope) * Z)
        return out, out

    def backward(dout, cache):
        return dout * np.where(cache > 0, 1.0, slope)

    return forward, backward
''',
        "the forward overwrites its input": '''
def make_leaky_relu(slope=0.01):
    def forward(Z):
        Z[Z < 0] *= slope
        return Z, Z

    def backward(dout, cache):
        return dout * np.where(cache > 0, 1, slope).astype(dout.dtype)

    return forward, backward
''',
        "the identity: no activation": '''
def make_leaky_relu(slope=0.01):
    return (lambda Z: (Z, None)), (lambda dout, cache: dout)
''',
    },
    "08-ex4": {
        "`>=` for `>`: a ReLU output is never below 0": '''
def train_and_count_dead(lr, rng):
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "uniform", rng=rng)
    try:
        train_run(params, "relu", rng, lr=lr)
    except (RuntimeError, FloatingPointError):
        pass
    _, caches = nnlib.forward(params, X_val, activation="relu")
    dead = [int(np.sum(~(out >= 0).any(axis=0))) for _, out, _ in caches[:-1]]
    return params, dead, nnlib.evaluate(params, X_val, y_val)[1]
''',
        "dead if 0 for some image, not for every image": '''
def train_and_count_dead(lr, rng):
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "uniform", rng=rng)
    try:
        train_run(params, "relu", rng, lr=lr)
    except (RuntimeError, FloatingPointError):
        pass
    _, caches = nnlib.forward(params, X_val, activation="relu")
    dead = [int(np.sum(~(out > 0).all(axis=0))) for _, out, _ in caches[:-1]]
    return params, dead, nnlib.evaluate(params, X_val, y_val)[1]
''',
        "the wrong axis: images with no active unit": '''
def train_and_count_dead(lr, rng):
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "uniform", rng=rng)
    try:
        train_run(params, "relu", rng, lr=lr)
    except (RuntimeError, FloatingPointError):
        pass
    _, caches = nnlib.forward(params, X_val, activation="relu")
    dead = [int(np.sum(~(out > 0).any(axis=1))) for _, out, _ in caches[:-1]]
    return params, dead, nnlib.evaluate(params, X_val, y_val)[1]
''',
        "zero responses counted, not units": '''
def train_and_count_dead(lr, rng):
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "uniform", rng=rng)
    try:
        train_run(params, "relu", rng, lr=lr)
    except (RuntimeError, FloatingPointError):
        pass
    _, caches = nnlib.forward(params, X_val, activation="relu")
    dead = [int(np.sum(out == 0)) for _, out, _ in caches[:-1]]
    return params, dead, nnlib.evaluate(params, X_val, y_val)[1]
''',
        "the errors not caught": '''
def train_and_count_dead(lr, rng):
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "uniform", rng=rng)
    train_run(params, "relu", rng, lr=lr)
    _, caches = nnlib.forward(params, X_val, activation="relu")
    dead = [int(np.sum(~(out > 0).any(axis=0))) for _, out, _ in caches[:-1]]
    return params, dead, nnlib.evaluate(params, X_val, y_val)[1]
''',
        "lr ignored: trained at the notebook's 0.1": '''
def train_and_count_dead(lr, rng):
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "uniform", rng=rng)
    try:
        train_run(params, "relu", rng)
    except (RuntimeError, FloatingPointError):
        pass
    _, caches = nnlib.forward(params, X_val, activation="relu")
    dead = [int(np.sum(~(out > 0).any(axis=0))) for _, out, _ in caches[:-1]]
    return params, dead, nnlib.evaluate(params, X_val, y_val)[1]
''',
        "He's initialisation, not the uniform one": '''
def train_and_count_dead(lr, rng):
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "he", rng=rng)
    try:
        train_run(params, "relu", rng, lr=lr)
    except (RuntimeError, FloatingPointError):
        pass
    _, caches = nnlib.forward(params, X_val, activation="relu")
    dead = [int(np.sum(~(out > 0).any(axis=0))) for _, out, _ in caches[:-1]]
    return params, dead, nnlib.evaluate(params, X_val, y_val)[1]
''',
        "the accuracy on the training images, not the validation images": '''
def train_and_count_dead(lr, rng):
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "uniform", rng=rng)
    try:
        train_run(params, "relu", rng, lr=lr)
    except (RuntimeError, FloatingPointError):
        pass
    _, caches = nnlib.forward(params, X_val, activation="relu")
    dead = [int(np.sum(~(out > 0).any(axis=0))) for _, out, _ in caches[:-1]]
    return params, dead, nnlib.evaluate(params, X_small, y_small)[1]
''',
        "dead units counted on the training images": '''
def train_and_count_dead(lr, rng):
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "uniform", rng=rng)
    try:
        train_run(params, "relu", rng, lr=lr)
    except (RuntimeError, FloatingPointError):
        pass
    _, caches = nnlib.forward(params, X_small, activation="relu")
    dead = [int(np.sum(~(out > 0).any(axis=0))) for _, out, _ in caches[:-1]]
    return params, dead, nnlib.evaluate(params, X_val, y_val)[1]
''',
        "the accuracy in percent": '''
def train_and_count_dead(lr, rng):
    params = nnlib.init_params(nnlib.REFERENCE_LAYERS, "uniform", rng=rng)
    try:
        train_run(params, "relu", rng, lr=lr)
    except (RuntimeError, FloatingPointError):
        pass
    _, caches = nnlib.forward(params, X_val, activation="relu")
    dead = [int(np.sum(~(out > 0).any(axis=0))) for _, out, _ in caches[:-1]]
    return params, dead, 100 * nnlib.evaluate(params, X_val, y_val)[1]
''',
    },
}
