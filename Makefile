# `make`       : venv in .venv, install, get the data, execute every notebook in
#                place and regenerate assets/ (only notebooks that changed).
# `make test`  : the same set-up, then ruff, the unit tests and nbval over notebooks/;
#                leaves the working tree as it found it (assets/ is not written).
# `make check` : the fast tier for everyday work: ruff and the unit tests, no notebooks
#                (under a minute).
# `make robust`: executes every notebook with seeds 1, 2 and 3 (no comparison
#                with the stored outputs): every assert must hold for any seed.
#                `make robust ROBUST_SEEDS="1" ROBUST_NOTEBOOKS=notebooks/04_training.ipynb`
#                narrows it.
# `make drift` : installs the newest versions requirements.txt allows in a scratch
#                venv and runs `make check` there, so a new release of a dependency
#                that breaks the course shows up here before a student installs it.
# Teaching (see README, "Teaching with this course"):
# `make student` writes the exercises edition into $(STUDENT)/ (default student/);
# `make lab` writes the lab edition into $(LAB)/ (default student-lab/): its nnlib.py is the
#                lesson with the kernels stubbed, and its notebooks 01-05 run on the student's kernels;
# `make grade [LAB=folder] [NOTEBOOKS=1]` checks the kernels in $(LAB)/nnlib.py (and runs 02-05);
# `make student-verify` executes the student notebooks: only the exercise checks may fail;
# `make nbgrader-check` runs nbgrader itself on the notebooks (installs .venv-teacher);
# `make nbgrader-roundtrip [NBGRADER_NOTEBOOKS="01_data_exploration ..."]` runs nbgrader's
#                round trip with tools/nbgrader_config.py and prints the score table;
# `make grading-cache [GRADING_CACHE=dir]` stores the long runs' results for grading mode
#                (then `make nbgrader-roundtrip GRADING_CACHE=grading_cache` grades with them).
# `make clean` removes .venv, .venv-teacher and the notebook stamps in .make/.
#
# Every target is one call of tools/make.py, which holds the logic (the venv, the
# stamps that skip unchanged notebooks, the order of the steps) and runs on any
# platform: without make, or on Windows, run `python tools/make.py test` and so on;
# `python tools/make.py --help` lists the targets and options (--no-venv uses the
# running Python, e.g. a conda environment; -n prints the commands without running them).
PYTHON           ?= python3
STUDENT          ?= student
LAB              ?= student-lab
ROBUST_SEEDS     ?= 1 2 3
ROBUST_NOTEBOOKS ?=
NBGRADER_NOTEBOOKS ?=
GRADING_CACHE    ?=

.PHONY: all venv data notebooks lint check test robust student lab grade student-verify nbgrader-check nbgrader-roundtrip grading-cache bench clean drift

all:
	$(PYTHON) tools/make.py all

venv:
	$(PYTHON) tools/make.py venv

data:
	$(PYTHON) tools/make.py data

notebooks:
	$(PYTHON) tools/make.py notebooks

lint:
	$(PYTHON) tools/make.py lint

check:
	$(PYTHON) tools/make.py check

test:
	$(PYTHON) tools/make.py test

# --notebooks comes last: with ROBUST_NOTEBOOKS empty it means every notebook.
robust:
	$(PYTHON) tools/make.py robust --seeds "$(ROBUST_SEEDS)" --notebooks $(ROBUST_NOTEBOOKS)

student:
	$(PYTHON) tools/make.py student --student "$(STUDENT)"

lab:
	$(PYTHON) tools/make.py lab --lab "$(LAB)"

grade:
	$(PYTHON) tools/make.py grade --lab "$(LAB)" $(if $(NOTEBOOKS),--with-notebooks)

student-verify:
	$(PYTHON) tools/make.py student-verify --student "$(STUDENT)"

nbgrader-check:
	$(PYTHON) tools/make.py nbgrader-check

nbgrader-roundtrip:
	$(PYTHON) tools/make.py nbgrader-roundtrip $(if $(GRADING_CACHE),--grading-cache "$(GRADING_CACHE)") --notebooks $(NBGRADER_NOTEBOOKS)

grading-cache:
	$(PYTHON) tools/make.py grading-cache $(if $(GRADING_CACHE),--grading-cache "$(GRADING_CACHE)")

bench:
	$(PYTHON) tools/make.py bench

clean:
	$(PYTHON) tools/make.py clean

drift:
	$(PYTHON) tools/make.py drift
