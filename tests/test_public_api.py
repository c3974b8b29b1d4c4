"""The public API: one sorted `__all__` with every name a program needs, imported lazily;
`konzeptdoc.diff` is the package (and still callable, with a warning); `build` is typed."""

from __future__ import annotations

import ast
import importlib
import inspect
import subprocess
import sys
import typing
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc.documents import build as documents_build

SAMPLE = (
    Path(__file__).resolve().parents[1]
    / "sample_concepts/wolfsburg/03-review-beschluss-2020/concepts/vielfalt-leben"
)


def _sort_key(name: str) -> tuple[int, str]:
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_all_is_sorted_and_every_name_resolves() -> None:
    assert konzeptdoc.__all__ == sorted(konzeptdoc.__all__, key=_sort_key)
    assert len(set(konzeptdoc.__all__)) == len(konzeptdoc.__all__)
    for name in konzeptdoc.__all__:
        assert getattr(konzeptdoc, name) is not None, name
    with pytest.raises(AttributeError):
        konzeptdoc.no_such_name  # noqa: B018


def test_every_model_class_and_error_is_exported() -> None:
    model = importlib.import_module("konzeptdoc.model")
    assert set(model.__all__) <= set(konzeptdoc.__all__)
    assert konzeptdoc.Period is model.Period
    errors = Path(konzeptdoc.errors.__file__).read_text(encoding="utf-8")  # type: ignore[attr-defined]
    classes = [n.name for n in ast.parse(errors).body if isinstance(n, ast.ClassDef)]
    exceptions = {n for n in classes if issubclass(getattr(konzeptdoc.errors, n), Exception)}  # type: ignore[attr-defined]
    assert exceptions <= set(konzeptdoc.__all__)
    assert {"Problem", "MergeConflict"} <= set(konzeptdoc.__all__)


def _classes(annotation: object) -> Iterator[type]:
    if isinstance(annotation, type):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from _classes(argument)


def test_every_class_a_user_meets_in_a_result_is_exported() -> None:
    """What a function, method, field or property of an exported name returns – and so on,
    through those classes – is itself a name of `konzeptdoc` (before: `Chart`, met in
    `StatusReport.fields[i].charts`, was not)."""
    exported = {name: getattr(konzeptdoc, name) for name in konzeptdoc.__all__}
    public = set(map(id, exported.values()))
    todo = [value for value in exported.values() if inspect.isclass(value) or callable(value)]
    seen: set[int] = set()
    met: dict[str, str] = {}
    while todo:
        owner = todo.pop()
        if id(owner) in seen:
            continue
        seen.add(id(owner))
        members = [owner]
        if inspect.isclass(owner):
            members += [
                getattr(member, "fget", member)
                for name, member in vars(owner).items()
                if not name.startswith("_") and (callable(member) or isinstance(member, property))
            ]
            # konzeptdoc's own members only (pydantic adds some, typed with its own names)
            members = [m for m in members if getattr(m, "__module__", "").startswith("konzeptdoc")]
        for member in members:
            try:
                hints = typing.get_type_hints(member, localns=exported)
            except TypeError:  # an alias such as Id = Annotated[str, …]
                continue
            if member is not owner:
                hints = {"return": hints.get("return")}
            for annotation in hints.values():
                for cls in _classes(annotation):
                    if cls.__module__.startswith("konzeptdoc"):
                        todo.append(cls)
                        if id(cls) not in public:
                            met.setdefault(cls.__qualname__, getattr(owner, "__name__", "?"))
    assert met == {}
    assert len(seen) > 80  # the walk reached the models, records and errors


def test_import_builds_no_model_and_loads_no_heavy_library() -> None:
    code = (
        "import sys, konzeptdoc; print(','.join(m for m in "
        "('pydantic', 'git', 'docx', 'jinja2', 'lxml', 'yaml', 'ruamel') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_diff_is_the_package_and_calling_it_still_works_with_a_warning() -> None:
    import konzeptdoc.diff as package
    from konzeptdoc import diff as imported

    assert package is sys.modules["konzeptdoc.diff"] is imported is konzeptdoc.diff
    assert konzeptdoc.diff.ConceptDiff is konzeptdoc.ConceptDiff
    old = konzeptdoc.load_concept(SAMPLE)
    new = old.model_copy(update={"title": old.title + " (neu)"})
    with pytest.warns(DeprecationWarning, match=r"konzeptdoc\.compare"):
        through_alias = konzeptdoc.diff(old, new)  # type: ignore[operator]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        direct = konzeptdoc.compare(old, new)
    assert through_alias == direct and direct.changes


def test_diff_package_in_a_fresh_interpreter_is_not_shadowed() -> None:
    # Before, `konzeptdoc.diff` was a function defined after the package had been imported,
    # so `import konzeptdoc.diff as d` gave the function.
    code = "import konzeptdoc; import konzeptdoc.diff as d; print(type(d).__mro__[-2].__name__)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "module"


def test_build_takes_typed_keyword_arguments() -> None:
    assert konzeptdoc.build is documents_build
    parameters = inspect.signature(konzeptdoc.build).parameters
    assert next(iter(parameters)) == "concept"
    assert all(p.kind is p.KEYWORD_ONLY for p in list(parameters.values())[1:])
    assert not any(p.kind is p.VAR_KEYWORD for p in parameters.values())
    assert {"kind", "output", "template", "date"} <= set(parameters)
