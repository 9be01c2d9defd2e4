"""Wrong answers for the notebooks' exercises, one module per notebook (nb01.py, ...).

Each module holds WRONG = {"NN-exK": {label: source of a whole solution cell}}: the
function the exercise asks for, written wrong the way a student might. Every
exercise with a code check has at least five, among them the kinds that matter
for it: a missing 1/m, a transpose, the wrong axis, a zero or constant answer,
the right shape with the wrong values, and a call to the very nnlib function or
notebook function the exercise asks the student to write.
tests/test_exercise_catalogue.py runs each against the exercise's own check.
"""
