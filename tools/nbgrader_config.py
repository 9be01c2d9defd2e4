# nbgrader's configuration for this course. Copy this file into your nbgrader course
# folder (beside source/) for the teacher's generate_assignment and autograde, and into a
# Jupyter configuration folder the students' servers read (for example
# /etc/jupyter/nbgrader_config.py on a JupyterHub) for the Validate button.
# `make nbgrader-roundtrip` runs nbgrader's whole round trip with it.
c = get_config()  # noqa: F821  (nbgrader defines it when it reads this file)

# Seconds a cell may run before nbgrader interrupts it. nbgrader's default, 30 s, stops
# notebook 04's 110-epoch reference run (about a minute on a laptop), and every cell after
# it then fails with a NameError: a correct submission scored 0 on 04 and on 05. The
# course's own executor allows 1,800 s (tools/nbrun.py); so does this.
c.Execute.timeout = 1800

# Grading mode. Autograding executes every notebook of every submission, about as long
# as running the course once per student. With the teacher's results of the long runs
# (04's reference training, 06's ablation, 07's and 08's experiments) in a folder
# `grading_cache/` beside this file (`make grading-cache` writes it), the notebooks read
# those results instead of computing them again (nnlib.cached); every check still runs.
# A student's server without that folder computes everything, as usual.
import os  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.setdefault("NNLIB_GRADING_CACHE", str(Path(__file__).resolve().parent / "grading_cache"))
