"""The downloader against misbehaving servers: dropped connections, drip-feeding,
oversized bodies, damaged files already in place, two processes at once.

A small HTTP server on 127.0.0.1 plays the bad mirrors; the Debian package's
files (via file:// URLs) play the good one. Nothing leaves the machine.
"""
import gzip
import hashlib
import http.server
import multiprocessing
import threading
import time

import pytest

import nnlib

TEST_LABELS = nnlib.IDX_FILES["test"][1]


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


def test_a_dropped_connection_moves_on_to_the_next_mirror(bad_mirror, system_data_dir, tmp_path):
    # http.client.IncompleteRead used to escape from the downloader.
    with pytest.raises(FileNotFoundError, match="IncompleteRead"):
        nnlib.download_fashion_mnist(tmp_path / "a", urls=(bad_mirror + "/incomplete/",))
    assert list((tmp_path / "a").iterdir()) == []
    dest = nnlib.download_fashion_mnist(
        tmp_path / "b", urls=(bad_mirror + "/incomplete/", good_mirror(system_data_dir)))
    all_four_verify(dest)


def test_a_drip_feeding_server_is_given_up_after_the_deadline(bad_mirror, tmp_path, monkeypatch):
    # A byte every 0.2 s never trips the socket timeout; only a deadline per file helps.
    monkeypatch.setattr(nnlib, "DOWNLOAD_SECONDS", 1)
    start = time.monotonic()
    with pytest.raises(FileNotFoundError, match=r"TimeoutError: not complete after 1 s"):
        nnlib.download_fashion_mnist(tmp_path, urls=(bad_mirror + "/drip/",))
    assert time.monotonic() - start < 10
    assert list(tmp_path.iterdir()) == []


def test_an_oversized_body_is_cut_off_not_read_into_memory(bad_mirror, tmp_path):
    with open(tmp_path / "part", "wb") as f, pytest.raises(ValueError, match="larger than 10000"):
        nnlib._fetch(f"{bad_mirror}/huge/{TEST_LABELS}.gz", f, limit=10_000)
    assert (tmp_path / "part").stat().st_size <= 10_000  # streamed, and stopped at the cap


def test_a_damaged_file_already_in_place_is_replaced(system_data_dir, tmp_path):
    # It used to be kept, and `python nnlib.py download` said all was well.
    dest = tmp_path / "dl"
    dest.mkdir()
    good = (system_data_dir / f"{TEST_LABELS}.gz").read_bytes()
    (dest / f"{TEST_LABELS}.gz").write_bytes(good[: len(good) // 2])
    nnlib.download_fashion_mnist(dest, urls=(good_mirror(system_data_dir),))
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
    monkeypatch.setattr(nnlib, "DATA_DIR", data)
    monkeypatch.setattr(nnlib, "DOWNLOAD_URLS", (good_mirror(system_data_dir),))
    assert nnlib.main(["download"]) == 0
    assert "verified in" in capsys.readouterr().out
    all_four_verify(data)


def _download(dest, url):
    nnlib.download_fashion_mnist(dest, urls=(url,))


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
