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
