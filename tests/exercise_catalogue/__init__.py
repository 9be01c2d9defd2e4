"""Wrong answers for the notebooks' exercises, one module per notebook (nb01.py, ...).

Each module holds WRONG = {"NN-exK": {label: source of a whole solution cell}}: the
function the exercise asks for, written wrong the way a student might. Every
exercise with a code check has at least five, among them the kinds that matter
for it: a missing 1/m, a transpose, the wrong axis, a zero or constant answer,
the right shape with the wrong values, and a call to the very nnlib function or
notebook function the exercise asks the student to write.
tests/test_exercise_catalogue.py runs each against the exercise's own check.
"""


def pasted(function, as_name):
    """Source that defines `as_name` as nnlib's `function`, as if its code were pasted.

    The copy runs nnlib's code with a snapshot of nnlib's names, so a check's
    `forbidden(...)` does not see it: the check must reject it by its values.
    Every exercise in tools/classroom.py's RECAPS has such a wrong answer, labelled
    f"nnlib's {function}, pasted", which shows the library does not answer it.
    """
    return "\n".join([
        "import types as _types",
        f"{as_name} = _types.FunctionType(nnlib.{function}.__code__, dict(vars(nnlib)), {as_name!r},",
        f"{' ' * len(as_name)}                    nnlib.{function}.__defaults__)",
        f"{as_name}.__kwdefaults__ = nnlib.{function}.__kwdefaults__",
        "",
    ])
