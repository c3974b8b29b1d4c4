"""A library user's wrong values in Python – an assignment, a model built directly, a
`model_validate` – raise konzeptdoc's ValidationError (a KonzeptdocError) with German words
and the key path, never pydantic's English error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import konzeptdoc
from tests.conftest import write_repo


def test_wrong_assignment_is_a_german_konzeptdoc_error(tmp_path: Path) -> None:
    concept = konzeptdoc.load_concept(write_repo(tmp_path))
    measure = concept.fields[0].measures[0]
    with pytest.raises(konzeptdoc.ValidationError) as caught:
        measure.status = "fertig"  # type: ignore[assignment]
    assert isinstance(caught.value, konzeptdoc.KonzeptdocError)
    assert caught.value.field_path == "status"
    [problem] = caught.value.problems
    assert problem.field_path == "status" and "„fertig“ ist kein zulässiger Wert" in problem.message
    assert measure.status == "planned"  # unchanged
    with pytest.raises(konzeptdoc.KonzeptdocError) as caught:
        measure.timeframe.start = 1200  # type: ignore[union-attr]
    assert caught.value.field_path == "start" and "mindestens 1900" in str(caught.value)
    with pytest.raises(konzeptdoc.KonzeptdocError, match="Text erwartet"):
        concept.title = 5  # type: ignore[assignment]


def test_models_built_in_python_raise_german_errors() -> None:
    with pytest.raises(konzeptdoc.ValidationError) as caught:
        konzeptdoc.Measure(id="m-x", title="Kurs", status="bogus")  # type: ignore[call-arg,arg-type]
    paths = {p.field_path for p in caught.value.problems}
    assert paths == {"goals", "status"}
    assert "Pflichtangabe „Ziele“ fehlt" in str(caught.value)
    with pytest.raises(konzeptdoc.ValidationError) as caught:
        konzeptdoc.Concept.model_validate({"id": "x", "fields": [{"id": "Ä"}]})
    assert "period" in {p.field_path for p in caught.value.problems}
    assert all("Input should" not in p.message for p in caught.value.problems)
    with pytest.raises(konzeptdoc.ValidationError) as caught:
        konzeptdoc.Timeframe.model_validate_json('{"start": 1200, "end": 2000}')
    assert caught.value.field_path == "start" and "mindestens 1900" in str(caught.value)


def test_nested_errors_stay_in_place_when_loading(tmp_path: Path) -> None:
    """Loading still places every error in its file (the translation never cuts a
    nested model's validation short)."""
    folder = write_repo(tmp_path)
    field = folder / "fields" / "bildung.yaml"
    field.write_text(field.read_text().replace("status: planned", "status: fertig"))
    [problem] = [p for p in konzeptdoc.validate(folder) if p.severity == "error"]
    assert problem.file == field and problem.field_path == "measures[0].status"


def test_public_names_alone_bring_the_german_messages() -> None:
    code = (
        "import konzeptdoc\n"
        "try:\n"
        "    konzeptdoc.Timeframe(start=1200, end=2000)\n"
        "except konzeptdoc.KonzeptdocError as e:\n"
        "    print(e.field_path, e.problems[0].message)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("start muss mindestens 1900 sein")
