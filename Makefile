# `make`      : venv in .venv, install, get the data, execute every notebook in
#               place and regenerate assets/ (only notebooks that changed).
# `make test` : the same set-up, then the unit tests and nbval over notebooks/.
PYTHON    ?= python3
VENV      := .venv
PY        := $(VENV)/bin/python
STAMP_DIR := .make
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
STAMPS    := $(patsubst notebooks/%.ipynb,$(STAMP_DIR)/%.done,$(NOTEBOOKS))
PYTEST_NB := $(if $(NOTEBOOKS),notebooks --nbval --nbval-current-env --nbval-cell-timeout=1800 --nbval-sanitize-with tests/nbval_sanitize.cfg)

.PHONY: all venv data notebooks test bench clean
all: notebooks

venv: $(VENV)/.installed
$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Finds the data (data/, $$FASHION_MNIST_DIR, the Debian package) or downloads it.
data: venv
	$(PY) nnlib.py download

notebooks: $(STAMPS)

# 05 evaluates the weights that 04 trains.
$(STAMP_DIR)/05_evaluation.done: $(STAMP_DIR)/04_training.done

$(STAMP_DIR)/%.done: notebooks/%.ipynb nnlib.py | venv data
	@mkdir -p $(STAMP_DIR)
	$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.timeout=1800 --ExecutePreprocessor.record_timing=False $<
	touch $@

test: venv data
	$(PY) -m pytest -q tests $(PYTEST_NB)

bench: venv data
	$(PY) benchmarks/bench_train.py

clean:
	rm -rf $(VENV) $(STAMP_DIR)
