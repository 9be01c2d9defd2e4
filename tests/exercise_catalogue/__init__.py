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
    """Source that defines `as_name` as nnlib's `function`, as if the library were pasted.

    Every function of nnlib is copied into one namespace of its own (a snapshot of nnlib's
    names), so the copy and whatever it calls run nnlib's code out of the check's reach:
    `forbidden(...)` does not see them, and the check must reject the copy by its values.
    Every exercise in tools/classroom.py's RECAPS has such a wrong answer, labelled
    f"nnlib's {function}, pasted", which shows the library does not answer it.
    """
    return "\n".join([
        "import types as _types",
        "_pasted = dict(vars(nnlib))",
        "for _name, _value in list(_pasted.items()):",
        "    if isinstance(_value, _types.FunctionType) and _value.__module__ == nnlib.__name__:",
        "        _pasted[_name] = _types.FunctionType(_value.__code__, _pasted, _name, _value.__defaults__)",
        "        _pasted[_name].__kwdefaults__ = _value.__kwdefaults__",
        f"{as_name} = _pasted[{function!r}]",
        "",
    ])
