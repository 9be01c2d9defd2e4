# `make`       : venv in .venv, install, get the data, execute every notebook in
#                place and regenerate assets/ (only notebooks that changed).
# `make test`  : the same set-up, then ruff, the unit tests and nbval over notebooks/;
#                leaves the working tree as it found it (assets/ is not written).
# `make check` : the fast tier for everyday work: ruff and the unit tests, no notebooks
#                (under a minute).
# `make robust`: executes every notebook with seeds 1, 2 and 3 (no comparison
#                with the stored outputs): every assert must hold for any seed.
# Teaching (see README, "Teaching with this course"):
# `make student` writes the student edition into $(STUDENT)/ (default student/);
# `make grade [STUDENT=folder]` checks the lab module $(STUDENT)/lab/nnlib.py;
# `make student-verify` executes the student notebooks: only the exercise checks may fail;
# `make nbgrader-check` runs nbgrader itself on the notebooks (installs .venv-teacher).
PYTHON    ?= python3
VENV      := .venv
PY        := $(VENV)/bin/python
STAMP_DIR := .make
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
STAMPS    := $(patsubst notebooks/%.ipynb,$(STAMP_DIR)/%.done,$(NOTEBOOKS))
# The stored notebooks are the seed-0 run; only `make` (re)writes assets/.
RUN_STORED := env -u NNLIB_SAVE_FIGURES NNLIB_SEED=0
ROBUST_SEEDS     ?= 1 2 3
ROBUST_NOTEBOOKS ?= $(NOTEBOOKS)
STUDENT          ?= student
PYTEST_NB := $(if $(NOTEBOOKS),notebooks --nbval --nbval-current-env --nbval-cell-timeout=1800 --nbval-sanitize-with tests/nbval_sanitize.cfg)

.PHONY: all venv data notebooks test check lint robust bench clean student grade student-verify nbgrader-check
all: notebooks

venv: $(VENV)/.installed
$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Finds the data (data/, $$FASHION_MNIST_DIR, the Debian package), verifies it,
# or downloads it into data/.
data: venv
	$(PY) tools/download.py

notebooks: $(STAMPS)

# 05 evaluates the weights that 04 trains.
$(STAMP_DIR)/05_evaluation.done: $(STAMP_DIR)/04_training.done

$(STAMP_DIR)/%.done: notebooks/%.ipynb nnlib.py tools/nnlib_support.py | venv data
	@mkdir -p $(STAMP_DIR)
	$(PY) tools/nbrun.py --save-figures $<
	touch $@

lint: venv
	$(PY) -m ruff check .

check: lint data
	$(RUN_STORED) $(PY) -m pytest -q -p no:cacheprovider -m "not slow" tests

test: lint data
	$(RUN_STORED) $(PY) -m pytest -q -p no:cacheprovider tests $(PYTEST_NB)

robust: venv data
	$(PY) tests/run_notebooks.py --seeds "$(ROBUST_SEEDS)" $(ROBUST_NOTEBOOKS)

student: venv
	$(PY) tools/classroom.py student --out $(STUDENT)

grade: venv
	$(PY) tools/classroom.py grade $(STUDENT)

student-verify: student data
	$(PY) tools/classroom.py verify $(STUDENT)

.venv-teacher/.installed: requirements.txt requirements-teacher.txt
	$(PYTHON) -m venv .venv-teacher
	.venv-teacher/bin/python -m pip install --quiet --disable-pip-version-check \
	    -r requirements.txt -r requirements-teacher.txt
	touch $@

nbgrader-check: .venv-teacher/.installed
	.venv-teacher/bin/python tools/classroom.py nbgrader-check

bench: venv data
	$(PY) benchmarks/bench_train.py

clean:
	rm -rf $(VENV) .venv-teacher $(STAMP_DIR)
