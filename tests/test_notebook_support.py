"""The helpers every notebook uses: its seed, where its figures go, and forbidden() for exercise checks."""
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnlib  # noqa: E402

support = sys.modules["nnlib_support"]  # where the figures' folder is set


@pytest.mark.parametrize("value, expected", [(None, 0), ("", 0), ("3", 3), (" 12 ", 12)])
def test_notebook_seed_reads_the_environment(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("NNLIB_SEED", raising=False)
    else:
        monkeypatch.setenv("NNLIB_SEED", value)
    assert nnlib.notebook_seed() == expected


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "0x3"])
def test_notebook_seed_refuses_what_is_not_a_seed(monkeypatch, value):
    monkeypatch.setenv("NNLIB_SEED", value)
    with pytest.raises(ValueError, match="NNLIB_SEED must be a non-negative integer"):
        nnlib.notebook_seed()


@pytest.fixture
def figure():
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.plot([0, 1], [1, 0])
    yield fig
    plt.close(fig)


def test_save_figure_writes_nothing_unless_asked(monkeypatch, tmp_path, figure):
    monkeypatch.setattr(support, "ASSETS_DIR", tmp_path / "assets")
    for value in (None, "0", "yes"):
        if value is None:
            monkeypatch.delenv("NNLIB_SAVE_FIGURES", raising=False)
        else:
            monkeypatch.setenv("NNLIB_SAVE_FIGURES", value)
        assert nnlib.save_figure(figure, "curve.png") is None
    assert not (tmp_path / "assets").exists()


def test_save_figure_writes_a_complete_png_and_no_temporary(monkeypatch, tmp_path, figure):
    assets = tmp_path / "assets"
    monkeypatch.setattr(support, "ASSETS_DIR", assets)
    monkeypatch.setenv("NNLIB_SAVE_FIGURES", "1")
    path = nnlib.save_figure(figure, "curve.png")
    assert path == assets / "curve.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in assets.iterdir()] == ["curve.png"]
    first = path.read_bytes()
    nnlib.save_figure(figure, "curve.png")  # the same figure again: the same bytes
    assert path.read_bytes() == first


def test_save_figure_leaves_no_temporary_when_drawing_fails(monkeypatch, tmp_path, figure):
    assets = tmp_path / "assets"
    monkeypatch.setattr(support, "ASSETS_DIR", assets)
    monkeypatch.setenv("NNLIB_SAVE_FIGURES", "1")

    def broken_savefig(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(figure, "savefig", broken_savefig)
    with pytest.raises(RuntimeError, match="disk full"):
        nnlib.save_figure(figure, "curve.png")
    assert list(assets.iterdir()) == []


def test_forbidden_refuses_calls_to_the_named_functions_inside_the_block_only():
    logits, y = np.zeros((2, 3)), np.array([0, 1])
    with support.forbidden("softmax_cross_entropy"):
        with pytest.raises(AssertionError, match="do not call nnlib.softmax_cross_entropy"):
            nnlib.softmax_cross_entropy(logits, y)
        nnlib.softmax(logits)  # other functions still work
    assert nnlib.softmax_cross_entropy(logits, y)[0] > 0  # and it is back afterwards
    with pytest.raises(KeyError), support.forbidden("relu_forward"):
        raise KeyError("an error inside the block")
    assert nnlib.relu_forward(logits)[0] is not None


def test_cached_computes_without_grading_mode_and_stores_nothing(monkeypatch, tmp_path):
    monkeypatch.delenv("NNLIB_GRADING_CACHE", raising=False)
    calls = []
    assert nnlib.cached("04_run_seed0", lambda: calls.append(1) or 7) == 7
    assert nnlib.cached("04_run_seed0", lambda: calls.append(1) or 7) == 7
    assert len(calls) == 2 and list(tmp_path.iterdir()) == []


def test_cached_in_grading_mode_reads_what_make_grading_cache_stored(monkeypatch, tmp_path):
    monkeypatch.setenv("NNLIB_GRADING_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("NNLIB_FILL_GRADING_CACHE", raising=False)
    assert nnlib.cached("run", lambda: {"w": np.arange(3)})["w"].tolist() == [0, 1, 2]
    assert not (tmp_path / "cache").exists()  # grading without a cache: computed, not stored
    monkeypatch.setenv("NNLIB_FILL_GRADING_CACHE", "1")
    nnlib.cached("run", lambda: {"w": np.arange(3)})
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["run.pkl"]  # no temporary left
    monkeypatch.delenv("NNLIB_FILL_GRADING_CACHE")
    result = nnlib.cached("run", lambda: pytest.fail("grading mode must read the stored result"))
    assert result["w"].tolist() == [0, 1, 2]


def test_cached_gives_a_long_key_a_short_unique_file_name(monkeypatch, tmp_path):
    monkeypatch.setenv("NNLIB_GRADING_CACHE", str(tmp_path))
    monkeypatch.setenv("NNLIB_FILL_GRADING_CACHE", "1")
    recipe = [("layer_sizes", [784, 1024, 512, 10]), ("optimizer", "adam"), ("dropout", 0.3)] * 5
    for seed in (0, 1):
        nnlib.cached(f"06 {recipe} seed {seed}", lambda seed=seed: seed)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 2 and all(len(name) < 100 for name in names)
