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
