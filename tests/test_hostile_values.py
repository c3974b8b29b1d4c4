"""Hostile values in concept files: numbers past any sense (1e308, 40 digits, .inf) and YAML
tags that build Python values (sets, bytes) are refused by validate with file, line and key
path – never a build that ends in "interner Fehler" or a message with a Python value."""

from __future__ import annotations

from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc.cli import main

INDICATOR = """\
indicators:
  - id: i-quote
    name: Quote
    target: {target}
    series:
      - {{year: 2021, value: {value}}}
"""


def _errors(folder: Path) -> list[konzeptdoc.Problem]:
    return [p for p in konzeptdoc.validate(folder) if p.severity == "error"]


@pytest.mark.parametrize(
    "amount", ["1e308", ".inf", "9" * 40, "1_000_000_000_001"], ids=["1e308", "inf", "40", "big"]
)
def test_amounts_past_any_budget_are_refused(
    concept_dir: Path, amount: str, capsys: pytest.CaptureFixture[str]
) -> None:
    field = concept_dir / "fields" / "bildung.yaml"
    field.write_text(field.read_text().replace("amount_eur: 12000", f"amount_eur: {amount}"))
    [problem] = _errors(concept_dir)
    assert problem.field_path == "measures[0].cost.amount_eur" and problem.line is not None
    assert "muss höchstens 1.000.000.000.000 sein" in problem.message
    target = concept_dir.parent / "x.docx"
    assert main(["build", str(concept_dir), "-o", str(target)]) == 1  # was 70 (Decimal)
    assert "amount_eur" in capsys.readouterr().err and not target.exists()


def test_measured_values_are_bounded_and_named_without_union_noise(concept_dir: Path) -> None:
    field = concept_dir / "fields" / "arbeit.yaml"
    field.write_text(field.read_text() + INDICATOR.format(target="-1e308", value="1e400"))
    problems = _errors(concept_dir)
    assert {p.field_path for p in problems} == {
        "indicators[0].target",
        "indicators[0].series[0].value",
    }
    assert all(
        "function-after" not in p.message and "1.000.000.000.000" in p.message for p in problems
    )
    field.write_text(field.read_text().replace("-1e308", "75 %").replace("1e400", "12.5"))
    assert _errors(concept_dir) == []


@pytest.mark.parametrize("value", ["!!set {a, b}", "!!binary aGFsbG8=", "!!omap [a: 1]"])
def test_tags_that_build_python_values_are_refused(concept_dir: Path, value: str) -> None:
    field = concept_dir / "fields" / "arbeit.yaml"
    field.write_text(field.read_text().replace("title: Arbeit", f"title: {value}"))
    [problem] = _errors(concept_dir)
    assert problem.file == field and problem.line == 3
    assert "YAML-Tag" in problem.message and "{" not in problem.message


def test_a_field_listed_twice_is_told_once_at_its_listing(concept_dir: Path) -> None:
    header = concept_dir / "concept.yaml"
    header.write_text(
        header.read_text().replace(
            "fields: [bildung, arbeit]", "fields: [bildung, arbeit, bildung]"
        )
    )
    [problem] = _errors(concept_dir)  # not every goal and measure "doppelt vergeben"
    assert problem.file == header and problem.field_path == "fields[2]"
    assert "„bildung“ ist doppelt aufgeführt" in problem.message


def test_dates_git_cannot_store_are_refused_in_german() -> None:
    import datetime as dt

    from konzeptdoc.errors import StoreError
    from konzeptdoc.store.plumbing import git_date

    for date in (dt.date(9999, 12, 31), dt.date(1960, 1, 1), "2100-01-01T12:00:00+01:00"):
        with pytest.raises(StoreError, match="kann git nicht speichern"):
            git_date(date)  # was: "git meldet einen Fehler (… invalid date format …)"
    assert git_date(dt.date(2099, 12, 31)) is not None


@pytest.mark.parametrize(
    "written", ['"Sprach\\u202Ekurse"', "Sprach\u2067kurse"], ids=["escape", "raw"]
)
def test_direction_overrides_in_texts_are_warned_of(concept_dir: Path, written: str) -> None:
    field = concept_dir / "fields" / "bildung.yaml"
    field.write_text(
        field.read_text().replace("title: Sprachkurse für Eltern", f"title: {written}")
    )
    line = field.read_text().split(f"title: {written}")[0].count("\n") + 1
    [problem] = konzeptdoc.validate(concept_dir)
    assert problem.severity == "warning" and problem.file == field and problem.line == line
    assert (
        problem.field_path == "measures[0].title"
        and "unsichtbare Steuerzeichen U+20" in problem.message
    )


@pytest.mark.parametrize("key", ["1", "~", "true", "2020-01-01"])
def test_keys_that_are_no_words_are_named_with_their_line(concept_dir: Path, key: str) -> None:
    field = concept_dir / "fields" / "arbeit.yaml"
    field.write_text(field.read_text().replace("title: Arbeit\n", f"title: Arbeit\n{key}: x\n"))
    [problem] = _errors(concept_dir)
    assert problem.file == field and problem.line == 4
    assert f"der Schlüssel „{key}“ ist kein Wort" in problem.message
    assert "None" not in str(problem) and "datetime" not in str(problem)  # was the field path


def test_an_empty_title_is_an_error(concept_dir: Path) -> None:
    field = concept_dir / "fields" / "arbeit.yaml"
    field.write_text(field.read_text().replace("title: Anerkennungsberatung", 'title: ""'))
    [problem] = _errors(concept_dir)  # was accepted: a heading with nothing after its number
    assert problem.field_path == "measures[0].title" and problem.line is not None
    assert problem.message == "darf nicht leer sein: einen Text angeben"


def test_a_catastrophic_number_pattern_is_matched_in_linear_time(repo: Path) -> None:
    """konzeptdoc.yaml is untrusted: Python's re took for ever on "(a+)+$" against
    "aaa…ab"; the pattern is matched by a linear-time engine now."""
    import time

    settings = repo / "konzeptdoc.yaml"
    settings.write_text(settings.read_text() + 'submission_number_pattern: "(a+)+$"\n')
    (repo / "concepts/test/submission.yaml").write_text(
        'schema_version: 1\nnumber: "' + "a" * 60 + 'b"\nkind: Beschlussvorlage\n'
        "subject: Integrationskonzept\ndate: 2026-12-31\n"
    )
    started = time.process_time()
    errors = _errors(repo)
    assert time.process_time() - started < 10  # was: no end (2^60 steps)
    assert [p.field_path for p in errors] == ["number"]
    assert "passt nicht zum Muster" in errors[0].message
    settings.write_text(settings.read_text().replace("(a+)+$", r"(\\d+)-\\1"))
    [problem] = _errors(repo)
    assert problem.field_path == "submission_number_pattern"
    assert "lässt sich nicht sicher prüfen" in problem.message
