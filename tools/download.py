"""Download Fashion-MNIST as published: `make data` runs this.

    python tools/download.py [DEST]

Without DEST: if the data is already in data/, $FASHION_MNIST_DIR or Debian's
package folder, verifies it and stops; otherwise downloads the four official
.gz files into data/. With DEST: makes sure the four files are in DEST.

Each file is fetched from the first of the project's two addresses that
answers (or from the mirror named by $FASHION_MNIST_URL), streamed into a
unique temporary file in the destination folder with a size cap and a
deadline, checked against its published SHA-256 (nnlib's reader), and only
then renamed: no process ever sees a half-written file under a final name,
and a damaged file already there is replaced. nnlib's load_fashion_mnist()
calls download_fashion_mnist() when it finds no data.
"""
from __future__ import annotations

import http.client
import os
import sys
import time
import urllib.request
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import nnlib  # noqa: E402  (its reader verifies every file)

support = sys.modules["nnlib_support"]  # nnlib loaded it: where the data is, atomic writes

# The Fashion-MNIST project publishes the files at these two addresses.
DOWNLOAD_URLS = (
    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    "https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/",
)
# A mirror (a classroom server's, say) replaces them when this variable names its address.
MIRROR_VARIABLE = "FASHION_MNIST_URL"
DOWNLOAD_TIMEOUT = 60    # seconds without a byte before a mirror is given up
DOWNLOAD_SECONDS = 900   # seconds per file in all, however slowly the bytes arrive


def data_urls():
    """The addresses to try in order: $FASHION_MNIST_URL if set, else the official two."""
    mirror = os.environ.get(MIRROR_VARIABLE)
    return (mirror.rstrip("/") + "/",) if mirror else DOWNLOAD_URLS


def download_fashion_mnist(dest=None, urls=None):
    """Put the four official .gz files into `dest`, verified; returns `dest`.

    A file already there is checked and kept if correct, fetched again if
    not. Each download streams into a unique temporary file in `dest`, with a
    size cap and a deadline, is verified, and only then renamed: no process
    ever sees a half-written file under a final name.
    """
    # Looked up at call time, so a changed DATA_DIR / DOWNLOAD_URLS counts.
    dest = Path(support.DATA_DIR if dest is None else dest).expanduser()
    urls = data_urls() if urls is None else urls
    dest.mkdir(parents=True, exist_ok=True)
    for images_name, labels_name, count in support.IDX_FILES.values():
        for name in (images_name, labels_name):
            final = dest / f"{name}.gz"
            if final.is_file():
                try:
                    nnlib._read_idx(final, name, count)
                    continue
                except ValueError:
                    pass  # damaged: fetch it again; the rename replaces it
            errors = []
            for base in urls:
                url = base + final.name
                try:
                    limit = nnlib._idx_size(name, count) + 65536  # a gzip is never much larger
                    support.write_atomically(final, lambda f, url=url, limit=limit: _fetch(url, f, limit),
                                             verify=lambda tmp, name=name, count=count:
                                             nnlib._read_idx(tmp, name, count))
                    break
                except (OSError, EOFError, ValueError, zlib.error, http.client.HTTPException) as err:
                    errors.append(f"{url}: {type(err).__name__}: {err}")
            else:
                raise FileNotFoundError("could not download Fashion-MNIST:\n  "
                                        + "\n  ".join(errors) + f"\n{support.HOW_TO_GET_DATA}")
    return dest


def _fetch(url, f, limit):
    """Stream the body at `url` into the open file f: at most `limit` bytes, within DOWNLOAD_SECONDS."""
    deadline = time.monotonic() + DOWNLOAD_SECONDS
    size = 0
    with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response:
        announced = response.headers.get("Content-Length")
        while chunk := response.read1(1 << 16):  # read1: returns as soon as bytes arrive
            size += len(chunk)
            if size > limit:
                raise ValueError(f"the body is larger than {limit} bytes, too large for this file")
            if time.monotonic() > deadline:
                raise TimeoutError(f"not complete after {DOWNLOAD_SECONDS} s")
            f.write(chunk)
    if announced is not None and int(announced) != size:
        raise http.client.IncompleteRead(b"", int(announced) - size)


def main(argv=None):
    """Command line: `python tools/download.py [DEST]`; exit status 0 when the data is ready."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        print("usage: python tools/download.py [DEST]", file=sys.stderr)
        return 2
    try:
        if not argv:
            folders = {support._find_data_dir(split) for split in support.IDX_FILES}
            if None not in folders and support.DATA_DIR not in folders:
                for split in support.IDX_FILES:  # verifies every checksum
                    nnlib.load_fashion_mnist(split, download=False)
                print(f"Fashion-MNIST already available and verified in "
                      f"{', '.join(str(f) for f in sorted(folders))}")
                return 0
        dest = download_fashion_mnist(Path(argv[0]) if argv else support.DATA_DIR)
    except (FileNotFoundError, ValueError) as err:
        print(err, file=sys.stderr)
        return 1
    print(f"Fashion-MNIST verified in {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
