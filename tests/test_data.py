"""The data path: loader, search order, formats, integrity checks, split.

The downloader itself (tools/download.py) is tested in test_download.py.
"""
import gzip
import hashlib
import sys

import numpy as np
import pytest

import nnlib

support = sys.modules["nnlib_support"]  # where the data is looked for
download = support.load_tool("download")
TEST_IMAGES, TEST_LABELS, _ = support.IDX_FILES["test"]
HEADER = "label," + ",".join(f"pixel{i}" for i in range(1, 785))
# Every uint8 value as text, so a CSV is built by one table lookup, not 8M str() calls.
AS_TEXT = np.array([str(v) for v in range(256)])


def write_csv(path, X, y, header=HEADER):
    """Write images and labels as a Kaggle-style CSV (label, pixel1..pixel784)."""
    rows = AS_TEXT[np.column_stack([y, X])]
    path.write_text(header + "\n" + "\n".join(",".join(row) for row in rows) + "\n")
    return path


def csv_lines(path, lines):
    """Write `lines` (header included) as a CSV file."""
    path.write_text("\n".join(lines) + "\n")
    return path


def row(label="3", pixels=None):
    """One CSV data row as text: a label and 784 pixel cells (zeros by default)."""
    return ",".join([label] + (pixels if pixels is not None else ["0"] * 784))


def link_split(folder, source, split="test"):
    """Make `folder` hold the official .gz files of `split` (as symlinks to `source`)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in support.IDX_FILES[split][:2]:
        (folder / f"{name}.gz").symlink_to(source / f"{name}.gz")
    return folder


@pytest.fixture
def no_data_anywhere(tmp_path, monkeypatch):
    """Point every place the loader searches at empty folders."""
    empty_repo, empty_system = tmp_path / "repo_data", tmp_path / "system"
    empty_repo.mkdir()
    empty_system.mkdir()
    monkeypatch.delenv("FASHION_MNIST_DIR", raising=False)
    monkeypatch.setattr(support, "DATA_DIR", empty_repo)
    monkeypatch.setattr(support, "SYSTEM_DATA_DIR", empty_system)
    return empty_repo


# --- The real data ---------------------------------------------------------

@pytest.mark.parametrize("split, n", [("train", 60_000), ("test", 10_000)])
def test_loader_shapes_and_dtypes(split, n, train_raw, test_raw):
    X, y = train_raw if split == "train" else test_raw
    assert X.shape == (n, 784) and X.dtype == np.uint8
    assert y.shape == (n,) and np.issubdtype(y.dtype, np.integer)
    assert y.min() == 0 and y.max() == 9


@pytest.mark.parametrize("split, per_class", [("train", 6_000), ("test", 1_000)])
def test_loader_classes_are_balanced(split, per_class, train_raw, test_raw):
    _, y = train_raw if split == "train" else test_raw
    assert np.bincount(y, minlength=10).tolist() == [per_class] * 10


def test_images_use_the_full_pixel_range(train_raw):
    X, _ = train_raw
    assert X.min() == 0 and X.max() == 255
    # Fashion-MNIST images have a black background: the corners are mostly 0.
    assert np.mean(X[:, 0] == 0) > 0.95


def test_unknown_split_is_refused():
    with pytest.raises(ValueError, match="'train' or 'test'"):
        nnlib.load_fashion_mnist("validation")


def test_scale_pixels_maps_to_unit_interval(test_raw):
    X, _ = test_raw
    scaled = nnlib.scale_pixels(X[:100])
    assert scaled.dtype == np.float32 and scaled.shape == (100, 784)
    np.testing.assert_array_equal(scaled * 255, X[:100].astype(np.float32))
    assert nnlib.scale_pixels(X[:2], dtype=np.float64).dtype == np.float64


# --- Where the loader looks --------------------------------------------------

def test_data_dir_argument_comes_first(tmp_path, monkeypatch, system_data_dir):
    elsewhere = link_split(tmp_path / "env", system_data_dir)
    mine = link_split(tmp_path / "mine", system_data_dir)
    monkeypatch.setenv("FASHION_MNIST_DIR", str(elsewhere))
    assert support._find_data_dir("test", data_dir=mine) == mine


def test_environment_variable_comes_before_the_default_folders(
        tmp_path, monkeypatch, system_data_dir, test_raw):
    folder = link_split(tmp_path / "env", system_data_dir)
    monkeypatch.setenv("FASHION_MNIST_DIR", str(folder))
    monkeypatch.setattr(support, "DATA_DIR", link_split(tmp_path / "repo", system_data_dir))
    assert support._find_data_dir("test") == folder
    X, y = nnlib.load_fashion_mnist("test")
    np.testing.assert_array_equal(X, test_raw[0])
    np.testing.assert_array_equal(y, test_raw[1])


def test_repo_data_folder_comes_before_the_system_folder(
        tmp_path, monkeypatch, system_data_dir):
    repo = link_split(tmp_path / "repo", system_data_dir)
    monkeypatch.delenv("FASHION_MNIST_DIR", raising=False)
    monkeypatch.setattr(support, "DATA_DIR", repo)
    monkeypatch.setattr(support, "SYSTEM_DATA_DIR", system_data_dir)
    assert support._find_data_dir("test") == repo


def test_system_folder_is_the_last_local_place(tmp_path, monkeypatch, system_data_dir):
    monkeypatch.delenv("FASHION_MNIST_DIR", raising=False)
    monkeypatch.setattr(support, "DATA_DIR", tmp_path)  # empty
    monkeypatch.setattr(support, "SYSTEM_DATA_DIR", system_data_dir)
    assert support._find_data_dir("test") == system_data_dir


def test_data_dir_without_the_files_is_an_error_not_skipped(tmp_path):
    # The real data is installed, yet an explicit folder that lacks it must not
    # silently fall back to another copy.
    with pytest.raises(FileNotFoundError) as info:
        nnlib.load_fashion_mnist("test", data_dir=tmp_path)
    message = str(info.value)
    assert str(tmp_path) in message and "data_dir" in message
    assert TEST_IMAGES in message and "fashion-mnist_test.csv" in message


def test_environment_variable_without_the_files_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("FASHION_MNIST_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError, match=r"\$FASHION_MNIST_DIR") as info:
        nnlib.load_fashion_mnist("train")
    assert str(tmp_path) in str(info.value)


def test_no_data_anywhere_lists_the_three_ways(no_data_anywhere):
    with pytest.raises(FileNotFoundError) as info:
        nnlib.load_fashion_mnist("train", download=False)
    message = str(info.value)
    assert str(support.DATA_DIR) in message and str(support.SYSTEM_DATA_DIR) in message
    assert "make data" in message and "python tools/download.py" in message  # 1. download
    assert "apt-get" in message and "dataset-fashion-mnist" in message  # 2. Debian package
    assert "data/" in message and "fashion-mnist_train.csv" in message  # 3. by hand
    assert list(no_data_anywhere.iterdir()) == []


def test_no_data_anywhere_and_download_fails(no_data_anywhere, monkeypatch, tmp_path):
    unreachable = f"file://{tmp_path}/no-such-mirror/"
    monkeypatch.setattr(download, "DOWNLOAD_URLS", (unreachable,))
    with pytest.raises(FileNotFoundError) as info:
        nnlib.load_fashion_mnist("test", download=True)
    message = str(info.value)
    assert "could not download" in message
    assert unreachable + "train-images-idx3-ubyte.gz" in message
    assert "dataset-fashion-mnist" in message
    assert not [p for p in no_data_anywhere.iterdir() if p.name.endswith(".gz")]


def test_loader_falls_back_to_downloading_into_data(no_data_anywhere, monkeypatch,
                                                    system_data_dir, test_raw):
    monkeypatch.setattr(download, "DOWNLOAD_URLS", (system_data_dir.as_uri() + "/",))
    X, y = nnlib.load_fashion_mnist("test")
    np.testing.assert_array_equal(X, test_raw[0])
    np.testing.assert_array_equal(y, test_raw[1])
    assert sorted(p.name for p in no_data_anywhere.iterdir()) == sorted(
        f"{name}.gz" for name in nnlib.SHA256)


# --- Formats: raw IDX and CSV give the same arrays ----------------------------

def test_uncompressed_idx_files_give_the_same_arrays(tmp_path, system_data_dir, test_raw):
    for name in (TEST_IMAGES, TEST_LABELS):
        raw = gzip.decompress((system_data_dir / f"{name}.gz").read_bytes())
        (tmp_path / name).write_bytes(raw)
    X, y = nnlib.load_fashion_mnist("test", data_dir=tmp_path)
    assert X.dtype == test_raw[0].dtype and y.dtype == test_raw[1].dtype
    np.testing.assert_array_equal(X, test_raw[0])
    np.testing.assert_array_equal(y, test_raw[1])


@pytest.fixture(scope="module")
def csv_test_split(tmp_path_factory, test_raw):
    """The test split loaded from a Kaggle-style CSV of the real data (written once: 1 s)."""
    folder = tmp_path_factory.mktemp("csv")
    write_csv(folder / "fashion-mnist_test.csv", *test_raw)
    assert support._find_data_dir("test", data_dir=folder) == folder
    return nnlib.load_fashion_mnist("test", data_dir=folder)


def test_csv_test_split_matches_idx(csv_test_split, test_raw):
    X_idx, y_idx = test_raw
    X_csv, y_csv = csv_test_split
    assert X_csv.dtype == X_idx.dtype and y_csv.dtype == y_idx.dtype
    assert X_csv.shape == X_idx.shape and y_csv.shape == y_idx.shape
    np.testing.assert_array_equal(X_csv, X_idx)
    np.testing.assert_array_equal(y_csv, y_idx)


def test_csv_with_the_wrong_row_count_for_a_split(tmp_path, test_raw):
    write_csv(tmp_path / "fashion-mnist_test.csv", test_raw[0][:50], test_raw[1][:50])
    with pytest.raises(ValueError, match=r"has 50 rows, expected 10000") as info:
        nnlib.load_fashion_mnist("test", data_dir=tmp_path)
    assert "fashion-mnist_test.csv" in str(info.value)


# --- Bad CSV files -------------------------------------------------------------

BAD_CSVS = {
    # name: (lines, words the message must contain)
    "renamed column": ([HEADER.replace(",pixel5,", ",pixel05,"), row()],
                       ["wrong header", "column 6", "'pixel05'", "'pixel5'"]),
    "no header": ([row(), row()], ["wrong header", "column 1"]),
    "784 columns": ([HEADER.rsplit(",", 1)[0], row(pixels=["0"] * 783)],
                    ["wrong header", "column 785 is missing", "'pixel784'"]),
    "one row too long": ([HEADER, row(), row() + ",7", row()],
                         ["data row 2 has 786 cells, expected 785"]),
    "half pixel": ([HEADER, row(), row(pixels=["0.5"] + ["0"] * 783)],
                   ["data row 2, column 'pixel1'", "'0.5' is not a whole number"]),
    "text pixel": ([HEADER, row(pixels=["0"] * 9 + ["dark"] + ["0"] * 774)],
                   ["data row 1, column 'pixel10'", "'dark' is not a whole number"]),
    "missing cell": ([HEADER, row(), row(pixels=["0"] * 100 + [""] + ["0"] * 683)],
                     ["data row 2, column 'pixel101'", "missing"]),
    "short row": ([HEADER, row(), row(pixels=["0"] * 783)],
                  ["data row 2 has 784 cells, expected 785"]),
    "pixel 256": ([HEADER, row(), row(), row(pixels=["0"] * 783 + ["256"])],
                  ["row 3", "outside 0-255"]),
    "pixel -1": ([HEADER, row(pixels=["-1"] + ["0"] * 783)], ["row 1", "outside 0-255"]),
    "label 10": ([HEADER, row(), row(label="10")], ["label 10", "row 2", "outside 0-9"]),
    "label -1": ([HEADER, row(label="-1")], ["label -1", "row 1", "outside 0-9"]),
    "float label": ([HEADER, row(label="2.0")], ["column 'label'", "'2.0' is not a whole number"]),
    "empty file": ([""], ["wrong header", "column 1"]),
    "header only": ([HEADER], ["0 data rows"]),
}


def bad_train_csv(folder, lines):
    """A data folder whose training split is a CSV of `lines`; the loader's error for it."""
    path = csv_lines(folder / "fashion-mnist_train.csv", lines)
    with pytest.raises(ValueError) as info:
        nnlib.load_fashion_mnist("train", data_dir=folder, download=False)
    return path, str(info.value)


@pytest.mark.parametrize("case", BAD_CSVS, ids=list(BAD_CSVS))
def test_bad_csv_is_refused_with_a_clear_message(case, tmp_path):
    lines, words = BAD_CSVS[case]
    path, message = bad_train_csv(tmp_path, lines)
    assert message.startswith(f"{path}: ")
    for word in words:
        assert word in message, f"{word!r} missing from: {message}"


def test_csv_whose_rows_all_have_an_extra_column_is_refused(tmp_path):
    # Every data row has 786 cells under a 785-name header: the loader must
    # notice rather than return labels read from pixel1.
    path, message = bad_train_csv(tmp_path, [HEADER, row() + ",5", row() + ",5"])
    assert message.startswith(f"{path}: ") and "2 data rows of 786 numbers" in message


# --- Damaged IDX files -------------------------------------------------------

def folder_with_test_images(tmp_path, system_data_dir, image_bytes, gz=True):
    """A folder with the real test labels and `image_bytes` as the test images."""
    (tmp_path / f"{TEST_LABELS}.gz").symlink_to(system_data_dir / f"{TEST_LABELS}.gz")
    images = tmp_path / (f"{TEST_IMAGES}.gz" if gz else TEST_IMAGES)
    images.write_bytes(image_bytes)
    return images


def _flip_middle_byte(data):
    data = bytearray(data)
    data[len(data) // 2] ^= 0xFF
    return bytes(data)


DAMAGED_GZ = {
    "truncated": lambda gz: gz[: len(gz) // 2],
    "garbage": lambda gz: np.random.default_rng(0).bytes(5000),
    "flipped byte": _flip_middle_byte,
    "empty": lambda gz: b"",
}


@pytest.mark.parametrize("damage", DAMAGED_GZ, ids=list(DAMAGED_GZ))
def test_damaged_gzip_is_refused(damage, tmp_path, system_data_dir):
    good = (system_data_dir / f"{TEST_IMAGES}.gz").read_bytes()
    images = folder_with_test_images(tmp_path, system_data_dir, DAMAGED_GZ[damage](good))
    with pytest.raises(ValueError) as info:
        nnlib.load_fashion_mnist("test", data_dir=tmp_path)
    message = str(info.value)
    assert str(images) in message
    # A flipped byte may survive inflation and only break the CRC or the checksum.
    assert ("truncated or corrupt" in message or "checksum mismatch" in message)
    assert "get it again" in message


def test_truncated_gzip_names_the_problem(tmp_path, system_data_dir):
    good = (system_data_dir / f"{TEST_IMAGES}.gz").read_bytes()
    images = folder_with_test_images(tmp_path, system_data_dir, good[:-100])
    with pytest.raises(ValueError, match="not a complete gzip file") as info:
        nnlib.load_fashion_mnist("test", data_dir=tmp_path)
    assert str(images) in str(info.value)


def test_valid_gzip_of_altered_content_fails_the_checksum(tmp_path, system_data_dir):
    raw = bytearray(gzip.decompress((system_data_dir / f"{TEST_IMAGES}.gz").read_bytes()))
    raw[1000] ^= 1  # one pixel one level brighter or darker
    altered_gz = gzip.compress(bytes(raw), compresslevel=1)
    images = folder_with_test_images(tmp_path, system_data_dir, altered_gz)
    with pytest.raises(ValueError, match="checksum mismatch") as info:
        nnlib.load_fashion_mnist("test", data_dir=tmp_path)
    message = str(info.value)
    assert str(images) in message
    assert hashlib.sha256(bytes(raw)).hexdigest() in message
    assert nnlib.SHA256[TEST_IMAGES] in message


def test_wrong_file_under_the_right_name_fails_the_checksum(tmp_path, system_data_dir):
    # The labels file renamed as the images file: a valid gzip, valid IDX, wrong data.
    labels_gz = (system_data_dir / f"{TEST_LABELS}.gz").read_bytes()
    images = folder_with_test_images(tmp_path, system_data_dir, labels_gz)
    with pytest.raises(ValueError, match="checksum mismatch") as info:
        nnlib.load_fashion_mnist("test", data_dir=tmp_path)
    assert str(images) in str(info.value)


def test_truncated_uncompressed_file_fails_the_checksum(tmp_path, system_data_dir):
    raw = gzip.decompress((system_data_dir / f"{TEST_IMAGES}.gz").read_bytes())
    images = folder_with_test_images(tmp_path, system_data_dir, raw[:-784], gz=False)
    with pytest.raises(ValueError, match="checksum mismatch") as info:
        nnlib.load_fashion_mnist("test", data_dir=tmp_path)
    assert str(images) in str(info.value)


# --- Train/validation split -------------------------------------------------------

@pytest.fixture(scope="module")
def split_of_indices(train_raw):
    """The split applied to row numbers, so every returned row says where it came from."""
    _, y = train_raw
    return nnlib.train_val_split(np.arange(len(y))[:, None], y, val_size=10_000, rng=np.random.default_rng(0))


def test_split_sizes(split_of_indices):
    X_train, y_train, X_val, y_val = split_of_indices
    assert X_train.shape == (50_000, 1) and y_train.shape == (50_000,)
    assert X_val.shape == (10_000, 1) and y_val.shape == (10_000,)


def test_split_is_stratified(split_of_indices):
    _, y_train, _, y_val = split_of_indices
    assert np.bincount(y_val, minlength=10).tolist() == [1_000] * 10
    assert np.bincount(y_train, minlength=10).tolist() == [5_000] * 10


def test_split_is_disjoint_covers_everything_and_keeps_labels(split_of_indices, train_raw):
    X_train, y_train, X_val, y_val = split_of_indices
    rows_train, rows_val = X_train[:, 0], X_val[:, 0]
    assert np.intersect1d(rows_train, rows_val).size == 0
    np.testing.assert_array_equal(np.sort(np.r_[rows_train, rows_val]), np.arange(60_000))
    np.testing.assert_array_equal(train_raw[1][rows_train], y_train)
    np.testing.assert_array_equal(train_raw[1][rows_val], y_val)
    # Rows keep their original order.
    assert np.all(np.diff(rows_train) > 0) and np.all(np.diff(rows_val) > 0)


def test_split_is_reproducible_and_seeded(train_raw, split_of_indices):
    _, y = train_raw
    rows = np.arange(len(y))[:, None]
    again = nnlib.train_val_split(rows, y, val_size=10_000, rng=np.random.default_rng(0))
    other = nnlib.train_val_split(rows, y, val_size=10_000, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(again[2], split_of_indices[2])
    overlap = np.intersect1d(other[2][:, 0], split_of_indices[2][:, 0]).size
    assert overlap < 3_000  # ~1/6 of 10,000 expected by chance; identical would be 10,000


def test_split_rounds_uneven_classes_to_the_exact_size():
    y = np.repeat(np.arange(3), [5, 7, 11])  # 23 samples, shares not whole at val_size=10
    X = np.arange(len(y))[:, None]
    _, y_train, _, y_val = nnlib.train_val_split(X, y, val_size=10, rng=np.random.default_rng(0))
    assert len(y_val) == 10 and len(y_train) == 13
    assert all(abs(np.sum(y_val == c) - 10 * n / 23) < 1 for c, n in enumerate([5, 7, 11]))


@pytest.mark.parametrize("val_size", [0, -5, 100, 250])
def test_split_refuses_a_bad_val_size(val_size):
    X, y = np.zeros((100, 784), np.float32), np.arange(100) % 10
    with pytest.raises(ValueError, match="val_size must be between 1 and 99"):
        nnlib.train_val_split(X, y, val_size=val_size, rng=np.random.default_rng(0))


def test_split_refuses_mismatched_lengths():
    with pytest.raises(ValueError, match="X has 100 rows but y has 99"):
        nnlib.train_val_split(np.zeros((100, 784)), np.zeros(99, int), val_size=10,
                              rng=np.random.default_rng(0))


def test_split_explains_that_val_size_is_a_count_not_a_fraction():
    X, y = np.zeros((100, 3)), np.arange(100) % 10
    with pytest.raises(TypeError, match=r"number of images, not a fraction.*round\(0.2 \* len\(y\)\)"):
        nnlib.train_val_split(X, y, val_size=0.2, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="whole number"):
        nnlib.train_val_split(X, y, val_size=10.0, rng=np.random.default_rng(0))


def test_idx_and_csv_loads_both_give_writable_arrays(csv_test_split):
    # The IDX path used to hand out read-only views of the file's bytes and
    # the CSV path writable arrays: a student's in-place edit worked on one
    # source and failed on the other.
    X_idx, y_idx = nnlib.load_fashion_mnist("test")
    for array in (X_idx, y_idx, *csv_test_split):
        assert array.flags.writeable and array.flags.c_contiguous


def test_data_dir_expands_the_home_folder(tmp_path, monkeypatch, system_data_dir, test_raw):
    link_split(tmp_path / "fmnist", system_data_dir)
    monkeypatch.setenv("HOME", str(tmp_path))
    X, _ = nnlib.load_fashion_mnist("test", data_dir="~/fmnist")
    np.testing.assert_array_equal(X, test_raw[0])
    monkeypatch.setenv("FASHION_MNIST_DIR", "~/fmnist")
    assert support._find_data_dir("test") == tmp_path / "fmnist"
