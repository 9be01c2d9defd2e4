"""tools/download.py: the downloader and its command line (`make data`).

Offline: the Debian package's files (via file:// URLs) play the good mirror,
and a small HTTP server on 127.0.0.1 plays the bad ones -- dropped
connections, drip-feeding, oversized bodies. Also: damaged files already in
place, two processes at once. Nothing leaves the machine.
"""
import gzip
import hashlib
import http.server
import multiprocessing
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import nnlib

support = sys.modules["nnlib_support"]
download = support.load_tool("download")  # tools/ is a folder of scripts, loaded as nnlib does
TEST_LABELS = support.IDX_FILES["test"][1]


class BadMirror(http.server.BaseHTTPRequestHandler):
    """GET /<behaviour>/<file name>: serves the real file, badly."""

    source = None  # the folder with the real .gz files, set by the fixture

    def do_GET(self):
        behaviour, name = self.path.strip("/").split("/")
        body = (self.source / name).read_bytes()
        try:
            self.send_response(200)
            if behaviour == "huge":  # far more than any Fashion-MNIST file
                body = bytes(300_000)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if behaviour == "incomplete":  # the connection drops half-way
                self.wfile.write(body[: len(body) // 2])
            elif behaviour == "drip":  # one byte every 0.2 s, never silent for long
                for byte in body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.2)
            else:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should
        self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def bad_mirror(system_data_dir):
    BadMirror.source = system_data_dir
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), BadMirror)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def good_mirror(system_data_dir):
    return system_data_dir.as_uri() + "/"


def all_four_verify(dest):
    for name, digest in nnlib.SHA256.items():
        content = gzip.decompress((dest / f"{name}.gz").read_bytes())
        assert hashlib.sha256(content).hexdigest() == digest
    assert sorted(p.name for p in dest.iterdir()) == sorted(f"{n}.gz" for n in nnlib.SHA256)


# --- From good and broken file:// mirrors ------------------------------------------

def test_download_fetches_the_four_files_and_they_load(tmp_path, system_data_dir, test_raw):
    dest = tmp_path / "dl"
    assert download.download_fashion_mnist(dest, urls=(good_mirror(system_data_dir),)) == dest
    all_four_verify(dest)
    X, y = nnlib.load_fashion_mnist("test", data_dir=dest)
    np.testing.assert_array_equal(X, test_raw[0])
    np.testing.assert_array_equal(y, test_raw[1])


def test_download_keeps_files_already_present(tmp_path, system_data_dir):
    dest = tmp_path / "dl"
    dest.mkdir()
    for name in nnlib.SHA256:
        (dest / f"{name}.gz").symlink_to(system_data_dir / f"{name}.gz")
    # An unreachable source proves nothing is fetched again.
    assert download.download_fashion_mnist(dest, urls=(f"file://{tmp_path}/nowhere/",)) == dest
    assert all((dest / f"{name}.gz").is_symlink() for name in nnlib.SHA256)


def _fake_mirror(folder, system_data_dir, bad_bytes):
    """A mirror whose train-images file is `bad_bytes`, the other three intact."""
    folder.mkdir()
    for name in nnlib.SHA256:
        (folder / f"{name}.gz").symlink_to(system_data_dir / f"{name}.gz")
    (folder / "train-images-idx3-ubyte.gz").unlink()
    (folder / "train-images-idx3-ubyte.gz").write_bytes(bad_bytes)
    return folder.as_uri() + "/"


BAD_MIRROR_FILES = {
    "garbage": b"<html>404 Not Found</html>",
    "checksum": gzip.compress(b"\x00\x00\x08\x03" + bytes(100)),
}


@pytest.mark.parametrize("bad", BAD_MIRROR_FILES, ids=list(BAD_MIRROR_FILES))
def test_bad_download_leaves_nothing_under_the_final_name(bad, tmp_path, system_data_dir):
    mirror = _fake_mirror(tmp_path / "mirror", system_data_dir, BAD_MIRROR_FILES[bad])
    dest = tmp_path / "dl"
    with pytest.raises(FileNotFoundError, match="could not download") as info:
        download.download_fashion_mnist(dest, urls=(mirror,))
    assert mirror + "train-images-idx3-ubyte.gz" in str(info.value)
    assert list(dest.iterdir()) == []  # neither the final name nor a .part


def test_download_falls_back_to_the_next_mirror(tmp_path, system_data_dir):
    broken = _fake_mirror(tmp_path / "mirror", system_data_dir, b"not gzip")
    dest = tmp_path / "dl"
    download.download_fashion_mnist(dest, urls=(broken, good_mirror(system_data_dir)))
    all_four_verify(dest)


def test_download_from_a_missing_location_is_a_clear_error(tmp_path):
    dest, missing = tmp_path / "dl", f"file://{tmp_path}/missing/"
    with pytest.raises(FileNotFoundError) as info:
        download.download_fashion_mnist(dest, urls=(missing,))
    message = str(info.value)
    assert missing + "train-images-idx3-ubyte.gz" in message
    assert "apt-get" in message and "dataset-fashion-mnist" in message
    assert list(dest.iterdir()) == []


# --- The command line: python tools/download.py [DEST] --------------------------------

def test_command_finds_installed_data(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(support, "DATA_DIR", tmp_path)  # an empty data/: the installed copy counts
    assert download.main([]) == 0
    assert "already available and verified" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_command_downloads_into_dest(tmp_path, monkeypatch, system_data_dir, capsys):
    monkeypatch.setattr(download, "DOWNLOAD_URLS", (good_mirror(system_data_dir),))
    assert download.main([str(tmp_path / "dl")]) == 0
    assert f"verified in {tmp_path / 'dl'}" in capsys.readouterr().out
    all_four_verify(tmp_path / "dl")


def test_command_reports_a_failed_download_with_status_1(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(download, "DOWNLOAD_URLS", (f"file://{tmp_path}/nowhere/",))
    assert download.main([str(tmp_path / "dl")]) == 1
    assert "could not download" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["a", "b"], ["--help"]])
def test_command_line_usage_error(argv, capsys):
    assert download.main(argv) == 2
    assert "usage: python tools/download.py [DEST]" in capsys.readouterr().err


def test_the_script_runs_from_any_folder(tmp_path):
    # What `make data` runs: the script finds nnlib by its own path, not the working folder.
    run = subprocess.run([sys.executable, str(support.REPO_ROOT / "tools" / "download.py")],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "verified" in run.stdout


# --- Misbehaving HTTP servers ------------------------------------------------------------

def test_a_dropped_connection_moves_on_to_the_next_mirror(bad_mirror, system_data_dir, tmp_path):
    # http.client.IncompleteRead used to escape from the downloader.
    with pytest.raises(FileNotFoundError, match="IncompleteRead"):
        download.download_fashion_mnist(tmp_path / "a", urls=(bad_mirror + "/incomplete/",))
    assert list((tmp_path / "a").iterdir()) == []
    dest = download.download_fashion_mnist(
        tmp_path / "b", urls=(bad_mirror + "/incomplete/", good_mirror(system_data_dir)))
    all_four_verify(dest)


def test_a_drip_feeding_server_is_given_up_after_the_deadline(bad_mirror, tmp_path, monkeypatch):
    # A byte every 0.2 s never trips the socket timeout; only a deadline per file helps.
    monkeypatch.setattr(download, "DOWNLOAD_SECONDS", 1)
    start = time.monotonic()
    with pytest.raises(FileNotFoundError, match=r"TimeoutError: not complete after 1 s"):
        download.download_fashion_mnist(tmp_path, urls=(bad_mirror + "/drip/",))
    assert time.monotonic() - start < 10
    assert list(tmp_path.iterdir()) == []


def test_an_oversized_body_is_cut_off_not_read_into_memory(bad_mirror, tmp_path):
    with open(tmp_path / "part", "wb") as f, pytest.raises(ValueError, match="larger than 10000"):
        download._fetch(f"{bad_mirror}/huge/{TEST_LABELS}.gz", f, limit=10_000)
    assert (tmp_path / "part").stat().st_size <= 10_000  # streamed, and stopped at the cap


def test_a_damaged_file_already_in_place_is_replaced(system_data_dir, tmp_path):
    # It used to be kept, and the download command said all was well.
    dest = tmp_path / "dl"
    dest.mkdir()
    good = (system_data_dir / f"{TEST_LABELS}.gz").read_bytes()
    (dest / f"{TEST_LABELS}.gz").write_bytes(good[: len(good) // 2])
    download.download_fashion_mnist(dest, urls=(good_mirror(system_data_dir),))
    all_four_verify(dest)


def test_download_command_repairs_a_damaged_file_in_data(system_data_dir, tmp_path, monkeypatch,
                                                         capsys):
    data = tmp_path / "data"
    data.mkdir()
    for name in nnlib.SHA256:
        (data / f"{name}.gz").symlink_to(system_data_dir / f"{name}.gz")
    (data / f"{TEST_LABELS}.gz").unlink()
    (data / f"{TEST_LABELS}.gz").write_bytes(b"not gzip")
    monkeypatch.delenv("FASHION_MNIST_DIR", raising=False)
    monkeypatch.setattr(support, "DATA_DIR", data)
    monkeypatch.setattr(download, "DOWNLOAD_URLS", (good_mirror(system_data_dir),))
    assert download.main([]) == 0
    assert "verified in" in capsys.readouterr().out
    all_four_verify(data)


def _download(dest, url):
    download.download_fashion_mnist(dest, urls=(url,))


@pytest.mark.slow
def test_two_processes_downloading_at_once_both_end_with_verified_files(system_data_dir,
                                                                       tmp_path):
    # With one fixed temporary name per file, one process could rename the
    # other's half-written bytes into place and report success.
    context = multiprocessing.get_context("fork")
    for attempt in range(3):
        dest = tmp_path / f"dl{attempt}"
        workers = [context.Process(target=_download, args=(dest, good_mirror(system_data_dir)))
                   for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
            assert worker.exitcode == 0
        all_four_verify(dest)  # and no temporary file is left behind
