"""The first cell of every notebook: Colab fetches the course, elsewhere it says what to run.

The Colab tests are honest simulations: a kernel whose IPython start-up imports
a stand-in `google.colab` (as Colab's kernel imports the real one), an empty
working folder (Colab's /content), and a local HTTP server on 127.0.0.1 that
serves this repository's files and the four Fashion-MNIST files. The cells
executed are the notebook's own, with only COURSE_URL pointed at the server.
"""
import functools
import http.server
import shutil
import socket
import sys
import threading
import types
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import course_setup  # noqa: E402
from nbrun import course_notebooks, kernel_env, notebook_client  # noqa: E402

support = sys.modules["nnlib_support"]  # loaded by nnlib (conftest)
NOTEBOOKS = course_notebooks(ROOT / "notebooks")
DATA_FILES = [f"{name}.gz" for files in support.IDX_FILES.values() for name in files[:2]]


# ---------------------------------------------------------------------------
# The cell itself, in every notebook and in the README
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_opens_with_the_set_up_cell_of_this_release(path):
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert first.source == course_setup.first_cell()
    assert first.metadata.get("cellView") == "form"                # collapsed on Colab
    assert first.metadata.get("jupyter", {}).get("source_hidden")  # and in JupyterLab
    assert first.outputs == []                                     # off Colab: nothing visible
    assert f"/{course_setup.REPOSITORY}/{course_setup.RELEASE}/" in first.source


def test_the_readme_has_a_colab_badge_for_every_notebook_of_the_same_release():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert course_setup.badge_line(path.name) in readme, path.name


def test_publish_rewrites_the_cells_the_badges_and_the_defaults(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "tools").mkdir()
    for path in NOTEBOOKS[:2]:
        shutil.copy2(path, tmp_path / "notebooks" / path.name)
    shutil.copy2(ROOT / "README.md", tmp_path / "README.md")
    shutil.copy2(ROOT / "tools" / "course_setup.py", tmp_path / "tools" / "course_setup.py")
    course_setup.publish("someone/course", "v2.0", root=tmp_path)
    for path in NOTEBOOKS[:2]:
        nb = nbformat.read(tmp_path / "notebooks" / path.name, as_version=4)
        assert nb.cells[1].source == course_setup.first_cell("someone/course", "v2.0")
        original = nbformat.read(path, as_version=4)
        assert [c.source for c in nb.cells[2:]] == [c.source for c in original.cells[2:]]  # nothing else
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert course_setup.badge_line(NOTEBOOKS[0].name, "someone/course", "v2.0") in readme
    assert course_setup.badge_line(NOTEBOOKS[0].name) not in readme
    source = (tmp_path / "tools" / "course_setup.py").read_text(encoding="utf-8")
    assert 'REPOSITORY = "someone/course"' in source and 'RELEASE = "v2.0"' in source
    with pytest.raises(ValueError, match="OWNER/NAME"):
        course_setup.publish("not a repository", "main", root=tmp_path)


# ---------------------------------------------------------------------------
# Before set-up: one message saying what to run
# ---------------------------------------------------------------------------

def test_a_missing_package_names_the_package_and_the_set_up_command():
    with pytest.raises(course_setup.SetupNeeded) as caught:
        course_setup.check_packages(["numpy", "no_such_package_for_this_course"], ROOT)
    message = str(caught.value)
    assert "no_such_package_for_this_course" in message and "numpy" not in message.split("lacks")[1]
    assert "`make`" in message and "python tools/make.py" in message
    course_setup.check_packages(["numpy"], ROOT)  # present: no error


def test_missing_data_names_the_command_that_gets_it(tmp_path):
    nowhere = types.SimpleNamespace(IDX_FILES=support.IDX_FILES, HOW_TO_GET_DATA=support.HOW_TO_GET_DATA,
                                    _find_data_dir=lambda split: None)
    with pytest.raises(course_setup.SetupNeeded, match=r"`make data` \(without make: `python tools/make.py data`\)"):
        course_setup.check_data(tmp_path, nowhere)
    course_setup.check_data(ROOT, support)  # the data this machine has: no error


def test_jupyter_shows_the_message_without_a_traceback():
    lines = course_setup.SetupNeeded("Fashion-MNIST is missing.\nRun `make data`.")._render_traceback_()
    assert lines == ["Set-up needed: Fashion-MNIST is missing.", "Run `make data`."]


def first_cells(path, course_url=None, extra=()):
    """The notebook's set-up cell, its imports and its data cell (plus `extra`), outputs cleared."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    cells = code[:3] + [nbformat.v4.new_code_cell(source) for source in extra]
    if course_url is not None:
        assert cells[0].source.count(course_setup.course_url()) == 1
        cells[0].source = cells[0].source.replace(course_setup.course_url(), course_url)
    for cell in cells:
        cell.outputs = []
    nb.cells = cells
    return nb


def execute(nb, folder, env):
    """Run `nb` in `folder` with `env` (every cell, errors kept); returns the code cells."""
    notebook_client(nb, folder, timeout=120, allow_errors=True).execute(env=env)
    return nb.cells


def errors(cell):
    return [o for o in cell.outputs if o.output_type == "error"]


@pytest.mark.slow
def test_a_notebook_opened_outside_the_course_folder_says_so(tmp_path):
    shutil.copy2(NOTEBOOKS[0], tmp_path)
    cells = execute(first_cells(tmp_path / NOTEBOOKS[0].name), tmp_path, kernel_env())
    (error,) = errors(cells[0])
    assert error.ename == "SystemExit" and "inside the course folder" in error.evalue
    assert "README" in error.evalue


@pytest.mark.slow
def test_a_data_folder_without_the_data_says_what_to_run(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    env = kernel_env() | {"FASHION_MNIST_DIR": str(empty)}
    cells = execute(first_cells(NOTEBOOKS[0]), ROOT / "notebooks", env)
    (error,) = errors(cells[0])
    assert error.ename == "SetupNeeded"
    assert str(empty) in error.evalue and "make data" in error.evalue
    assert not any("Traceback" in line or "File " in line for line in error.traceback)


# ---------------------------------------------------------------------------
# Colab, simulated
# ---------------------------------------------------------------------------

class Server:
    """A static HTTP server on 127.0.0.1 for `folder`, recording each path asked for."""

    def __init__(self, folder):
        self.requests = []
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                server.requests.append(self.path)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=folder))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def site(tmp_path):
    """A server with the repository under /course/ and the four data files under /data/."""
    folder = support._find_data_dir("train")
    if folder is None or not all((folder / name).is_file() for name in DATA_FILES):
        pytest.skip("needs the four Fashion-MNIST .gz files (make data)")
    served = tmp_path / "site"
    (served / "data").mkdir(parents=True)
    (served / "course").symlink_to(ROOT, target_is_directory=True)
    for name in DATA_FILES:
        (served / "data" / name).symlink_to(folder / name)
    server = Server(served)
    yield server
    server.close()


@pytest.fixture
def colab_env(tmp_path):
    """A kernel environment in which IPython imports a stand-in google.colab at start-up."""
    fakes = tmp_path / "fakes"
    (fakes / "google" / "colab").mkdir(parents=True)
    (fakes / "google" / "__init__.py").write_text("")
    (fakes / "google" / "colab" / "__init__.py").write_text('"""A stand-in for Colab\'s module."""\n')
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-colab.py").write_text("import google.colab  # noqa: F401  (as Colab's kernel does)\n")
    env = kernel_env()
    env.pop("FASHION_MNIST_DIR", None)
    env.pop("PYTHONPATH", None)
    return env | {"PYTHONPATH": str(fakes), "IPYTHONDIR": str(tmp_path / "ipython")}


@pytest.mark.slow
def test_on_colab_the_first_cell_fetches_the_course_and_the_data_once(tmp_path, site, colab_env):
    runtime = tmp_path / "content"  # Colab's working folder, empty at first
    runtime.mkdir()
    env = colab_env | {"FASHION_MNIST_URL": site.url + "data/"}
    check = ('import google.colab\nprint(Path(nnlib.__file__).parent == Path.cwd(), '
             'Path(google.colab.__file__).is_relative_to(Path.cwd()))\nprint(X_train_full.shape)')
    for path in (NOTEBOOKS[0], NOTEBOOKS[3]):  # two notebooks, one runtime: the second fetches nothing
        site.requests.clear()
        cells = execute(first_cells(path, site.url + "course/", extra=[check]), runtime, env)
        assert [errors(c) for c in cells] == [[]] * len(cells), [errors(c) for c in cells]
        assert cells[-1].outputs[0].text.split("\n")[:2] == ["True False", "(60000, 784)"]
        if path == NOTEBOOKS[0]:
            fetched = {"/course/tools/course_setup.py", "/course/nnlib.py", "/course/tools/nnlib_support.py",
                       "/course/tools/download.py"} | {f"/data/{name}" for name in DATA_FILES}
            assert set(site.requests) == fetched and len(site.requests) == len(fetched)
            assert "Downloading Fashion-MNIST" in cells[0].outputs[0].text
        else:
            assert site.requests == [] and cells[0].outputs == []
    for name in course_setup.COURSE_FILES + ("tools/course_setup.py",):  # the files of this commit, whole
        assert (runtime / name).read_bytes() == (ROOT / name).read_bytes()
    assert sorted(p.name for p in (runtime / "data").iterdir()) == sorted(DATA_FILES)  # no temporary left
    assert not list(runtime.glob("tools/*.part")) and not list(runtime.glob("tools/.*"))


@pytest.mark.slow
def test_on_colab_without_network_the_first_cell_gives_one_clear_message(tmp_path, colab_env):
    with socket.socket() as probe:  # a port on which nothing listens
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    runtime = tmp_path / "content"
    runtime.mkdir()
    cells = execute(first_cells(NOTEBOOKS[0], closed + "course/"), runtime, colab_env)
    (error,) = errors(cells[0])
    assert error.ename == "SystemExit"
    assert error.evalue.startswith(f"Could not download the course from {closed}course/")
    assert "internet" in error.evalue
    assert not (runtime / "tools").exists()  # nothing half-written


@pytest.mark.slow
def test_on_colab_a_data_download_that_fails_gives_one_clear_message(tmp_path, site, colab_env):
    runtime = tmp_path / "content"
    runtime.mkdir()
    env = colab_env | {"FASHION_MNIST_URL": site.url + "no-such-folder/"}
    cells = execute(first_cells(NOTEBOOKS[0], site.url + "course/"), runtime, env)
    (error,) = errors(cells[0])
    assert error.ename == "SetupNeeded"
    assert "could not download Fashion-MNIST" in error.evalue and "internet" in error.evalue
    assert not any("Traceback" in line for line in error.traceback)
    assert not list((runtime / "data").iterdir())  # no half-written data file
