"""Wrong answers for notebook 01's exercises."""
WRONG = {
    "01-ex1": {
        "statistics of X, not of X_fit": '''
def standardise(X_fit, X):
    x = nnlib.scale_pixels(X, np.float64)
    std = x.std(axis=0)
    std[std == 0] = 1.0
    return (x - x.mean(axis=0)) / std
''',
        "mean over the wrong axis": '''
def standardise(X_fit, X):
    fit = nnlib.scale_pixels(X_fit, np.float64)
    mean, std = fit.mean(axis=1, keepdims=True).mean(), fit.std(axis=0)
    std[std == 0] = 1.0
    return (nnlib.scale_pixels(X, np.float64) - mean) / std
''',
        "one mean and std for all pixels": '''
def standardise(X_fit, X):
    fit = nnlib.scale_pixels(X_fit, np.float64)
    return (nnlib.scale_pixels(X, np.float64) - fit.mean()) / fit.std()
''',
        "divided by the variance": '''
def standardise(X_fit, X):
    fit = nnlib.scale_pixels(X_fit, np.float64)
    mean, var = fit.mean(axis=0), fit.var(axis=0)
    var[var == 0] = 1.0
    return (nnlib.scale_pixels(X, np.float64) - mean) / var
''',
        "constant pixels divided by 0": '''
def standardise(X_fit, X):
    fit = nnlib.scale_pixels(X_fit, np.float64)
    with np.errstate(all="ignore"):
        return (nnlib.scale_pixels(X, np.float64) - fit.mean(axis=0)) / fit.std(axis=0)
''',
        "only centred": '''
def standardise(X_fit, X):
    fit = nnlib.scale_pixels(X_fit, np.float64)
    return nnlib.scale_pixels(X, np.float64) - fit.mean(axis=0)
''',
        "a zero answer": '''
def standardise(X_fit, X):
    return np.zeros(X.shape)
''',
    },
}

WRONG["01-ex2"] = {
    "root mean square distance": '''
def class_spread(X, y):
    spread = np.zeros(nnlib.NUM_CLASSES)
    for label in range(nnlib.NUM_CLASSES):
        images = nnlib.scale_pixels(X[y == label], np.float64)
        distances = np.linalg.norm(images - images.mean(axis=0), axis=1)
        spread[label] = np.sqrt((distances ** 2).mean())
    return spread
''',
    "mean squared distance, no square root": '''
def class_spread(X, y):
    spread = np.zeros(nnlib.NUM_CLASSES)
    for label in range(nnlib.NUM_CLASSES):
        images = nnlib.scale_pixels(X[y == label], np.float64)
        spread[label] = ((images - images.mean(axis=0)) ** 2).sum(axis=1).mean()
    return spread
''',
    "pixels not scaled": '''
def class_spread(X, y):
    spread = np.zeros(nnlib.NUM_CLASSES)
    for label in range(nnlib.NUM_CLASSES):
        images = X[y == label].astype(np.float64)
        spread[label] = np.linalg.norm(images - images.mean(axis=0), axis=1).mean()
    return spread
''',
    "distance to the mean of all images": '''
def class_spread(X, y):
    overall = nnlib.scale_pixels(X, np.float64).mean(axis=0)
    spread = np.zeros(nnlib.NUM_CLASSES)
    for label in range(nnlib.NUM_CLASSES):
        images = nnlib.scale_pixels(X[y == label], np.float64)
        spread[label] = np.linalg.norm(images - overall, axis=1).mean()
    return spread
''',
    "mean over the wrong axis (each image's own mean pixel)": '''
def class_spread(X, y):
    spread = np.zeros(nnlib.NUM_CLASSES)
    for label in range(nnlib.NUM_CLASSES):
        images = nnlib.scale_pixels(X[y == label], np.float64)
        spread[label] = np.linalg.norm(images - images.mean(axis=1, keepdims=True), axis=1).mean()
    return spread
''',
    "divided by all the images, not the class's": '''
def class_spread(X, y):
    spread = np.zeros(nnlib.NUM_CLASSES)
    for label in range(nnlib.NUM_CLASSES):
        images = nnlib.scale_pixels(X[y == label], np.float64)
        spread[label] = np.linalg.norm(images - images.mean(axis=0), axis=1).sum() / len(X)
    return spread
''',
    "sorted, not in label order": '''
def class_spread(X, y):
    spread = np.zeros(nnlib.NUM_CLASSES)
    for label in range(nnlib.NUM_CLASSES):
        images = nnlib.scale_pixels(X[y == label], np.float64)
        spread[label] = np.linalg.norm(images - images.mean(axis=0), axis=1).mean()
    return np.sort(spread)[::-1]
''',
    "the mean images of section 5, whatever X is": '''
def class_spread(X, y):
    spread = np.zeros(nnlib.NUM_CLASSES)
    for label in range(nnlib.NUM_CLASSES):
        images = nnlib.scale_pixels(X[y == label], np.float64)
        spread[label] = np.linalg.norm(images - mean_images[label], axis=1).mean()
    return spread
''',
    "the mean pixel standard deviation": '''
def class_spread(X, y):
    return np.array([nnlib.scale_pixels(X[y == label], np.float64).std(axis=0).mean()
                     for label in range(nnlib.NUM_CLASSES)])
''',
    "a constant answer": '''
def class_spread(X, y):
    return np.full(nnlib.NUM_CLASSES, 6.0)
''',
}

WRONG["01-ex3"] = {
    "pixels that are not 0": '''
def background_fraction(X):
    return (X > 0).mean(axis=0).reshape(nnlib.IMAGE_SHAPE)
''',
    "mean over the wrong axis": '''
def background_fraction(X):
    return (X == 0).mean(axis=1)[:784].reshape(nnlib.IMAGE_SHAPE)
''',
    "the image transposed": '''
def background_fraction(X):
    return (X == 0).mean(axis=0).reshape(nnlib.IMAGE_SHAPE).T
''',
    "a count, not a fraction": '''
def background_fraction(X):
    return (X == 0).sum(axis=0).reshape(nnlib.IMAGE_SHAPE)
''',
    "in percent": '''
def background_fraction(X):
    return 100 * (X == 0).mean(axis=0).reshape(nnlib.IMAGE_SHAPE)
''',
    "nearly black (below 10), not exactly 0": '''
def background_fraction(X):
    return (X < 10).mean(axis=0).reshape(nnlib.IMAGE_SHAPE)
''',
    "the training images of section 1, whatever X is": '''
def background_fraction(X):
    return (X_train_full == 0).mean(axis=0).reshape(nnlib.IMAGE_SHAPE)
''',
    "one overall fraction for every position": '''
def background_fraction(X):
    return np.full(nnlib.IMAGE_SHAPE, (X == 0).mean())
''',
    "shifted by one pixel (pixel k at index k)": '''
def background_fraction(X):
    fraction = (X == 0).mean(axis=0)
    return np.concatenate([[1.0], fraction[:-1]]).reshape(nnlib.IMAGE_SHAPE)
''',
}

WRONG["01-ex4"] = {
    "the training rows, not the validation rows": '''
def validation_overlap(y, seed_a, seed_b):
    rows = np.arange(len(y))
    train_rows = [nnlib.train_val_split(rows, y, val_size=10_000, rng=np.random.default_rng(seed))[0]
                  for seed in (seed_a, seed_b)]
    return int(np.intersect1d(*train_rows).size)
''',
    "the union, not the intersection": '''
def validation_overlap(y, seed_a, seed_b):
    rows = np.arange(len(y))
    val_rows = [nnlib.train_val_split(rows, y, val_size=10_000, rng=np.random.default_rng(seed))[2]
                for seed in (seed_a, seed_b)]
    return int(np.union1d(*val_rows).size)
''',
    "one generator for both splits (seed_b unused)": '''
def validation_overlap(y, seed_a, seed_b):
    rows, rng = np.arange(len(y)), np.random.default_rng(seed_a)
    val_a = nnlib.train_val_split(rows, y, val_size=10_000, rng=rng)[2]
    val_b = nnlib.train_val_split(rows, y, val_size=10_000, rng=rng)[2]
    return int(np.intersect1d(val_a, val_b).size)
''',
    "positions that agree, not rows in both": '''
def validation_overlap(y, seed_a, seed_b):
    rows = np.arange(len(y))
    val_a, val_b = [nnlib.train_val_split(rows, y, val_size=10_000, rng=np.random.default_rng(seed))[2]
                    for seed in (seed_a, seed_b)]
    return int((val_a == val_b).sum())
''',
    "the labels split, not the row numbers": '''
def validation_overlap(y, seed_a, seed_b):
    val_labels = [nnlib.train_val_split(y, y, val_size=10_000, rng=np.random.default_rng(seed))[2]
                  for seed in (seed_a, seed_b)]
    return int(np.intersect1d(*val_labels).size)
''',
    "the expected count, not the real one": '''
def validation_overlap(y, seed_a, seed_b):
    return len(y) // 36
''',
    "a fraction, not a count": '''
def validation_overlap(y, seed_a, seed_b):
    rows = np.arange(len(y))
    val_rows = [nnlib.train_val_split(rows, y, val_size=10_000, rng=np.random.default_rng(seed))[2]
                for seed in (seed_a, seed_b)]
    return np.intersect1d(*val_rows).size / 10_000
''',
    "section 8's split for seed_a, whatever seed_a is": '''
def validation_overlap(y, seed_a, seed_b):
    other = nnlib.train_val_split(np.arange(len(y)), y, val_size=10_000, rng=np.random.default_rng(seed_b))[2]
    return int(np.intersect1d(val_rows, other).size)
''',
}
