"""Validation of files on disk: every kind of bad input gets file, line, field and message."""

from __future__ import annotations

from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc import Problem
from konzeptdoc.files.layout import read_concept_dir
from tests.conftest import snapshot


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def test_valid_repository_has_no_problems(repo: Path) -> None:
    assert konzeptdoc.validate(repo) == []


def test_valid_concept_loads(concept_dir: Path) -> None:
    concept = konzeptdoc.load_concept(concept_dir)
    assert concept.title == "Integrationskonzept „Test“ & <Mehr>"
    assert [f.id for f in concept.fields] == ["bildung", "arbeit"]
    assert concept.fields[0].measures[0].cost is not None
    assert concept.fields[0].measures[0].cost.amount_eur == 12000


# (file, text to replace, replacement, field path, line, words in the message)
CASES = [
    (
        "concept.yaml",
        "status: draft",
        "status: fertig",
        "status",
        11,
        "„fertig“ ist kein zulässiger Wert; zulässig: draft (Entwurf), consultation",
    ),
    (
        "concept.yaml",
        "title: 'Integ",
        "titel: 'Integ",
        "titel",
        5,
        "gemeint ist wohl „title“ (Titel)",
    ),
    ("concept.yaml", "kind: Integrationskonzept\n", "", "kind", 1, "Pflichtangabe „Art“ fehlt"),
    (
        "concept.yaml",
        "{start: 2021, end: 2025}",
        "{start: 2026, end: 2021}",
        "period",
        10,
        "Der Beginn der Laufzeit (2026) liegt nach ihrem Ende (2021)",
    ),
    (
        "concept.yaml",
        "schema_version: 1",
        "schema_version: 3",
        "schema_version",
        3,
        "Dateiformat 3, diese konzeptdoc-Version liest nur Format 1",
    ),
    (
        "concept.yaml",
        "as_of: 2020-07-10",
        "as_of: gestern",
        "as_of",
        12,
        "„gestern“ ist kein Datum",
    ),
    (
        "concept.yaml",
        "fields: [bildung, arbeit]",
        "fields: [bildung, arbeit, sport]",
        "fields[2]",
        16,
        "Das Handlungsfeld „sport“ ist aufgeführt, aber die Datei fields/sport.yaml fehlt",
    ),
    (
        "concept.yaml",
        "lead: Amt für Integration",
        'lead: "Amt\\vfür Integration"',
        "lead",
        8,
        "U+000B (vertikaler Tabulator)",
    ),
    (
        "concept.yaml",
        "title: 'Integ",
        "title: [x]\nx: 'Integ",
        "title",
        5,
        "Text erwartet, aber eine Liste gefunden",
    ),
    (
        "fields/bildung.yaml",
        "    status: planned",
        "    status: finished",
        "measures[0].status",
        24,
        "„finished“ ist kein zulässiger Wert; zulässig: planned (geplant), in_progress",
    ),
    (
        "fields/bildung.yaml",
        "goals: [hz-sprache]",
        "goals: [hz-sprach]",
        "measures[0].goals[0]",
        20,
        "Es gibt kein Ziel mit der Kennung „hz-sprach“ – gemeint ist wohl „hz-sprache“: "
        "Handlungsziel 1.2 „Sprachförderung ausbauen“",
    ),
    (
        "fields/bildung.yaml",
        "parent: lz-bildung",
        "parent: lz-nirgends",
        "goals[1].parent",
        16,
        "Es gibt kein Ziel mit der Kennung „lz-nirgends“",
    ),
    (
        "fields/bildung.yaml",
        "target_groups: [gefluechtete]",
        "target_groups: [kinder]",
        "measures[0].target_groups[0]",
        21,
        "Es gibt keine Zielgruppe mit der Kennung „kinder“",
    ),
    (
        "fields/bildung.yaml",
        "id: m-sprachkurse",
        "id: hz-sprache",
        "measures[0].id",
        18,
        "Die Kennung „hz-sprache“ ist doppelt vergeben: Handlungsziel 1.2",
    ),
    (
        "fields/bildung.yaml",
        "id: m-sprachkurse",
        "id: M Sprachkurse",
        "measures[0].id",
        18,
        "„M Sprachkurse“ ist keine gültige Kennung",
    ),
    (
        "fields/bildung.yaml",
        "goals:\n  - id: lz",
        "goals:\n  - id: lz\n  x: [",
        "",
        11,
        "YAML-Syntaxfehler",
    ),
    (
        "fields/bildung.yaml",
        "{start: 2021, end: 2023}",
        "{start: 2024, end: 2023}",
        "measures[0].timeframe",
        22,
        "Der Beginn (2024) liegt nach dem Ende (2023)",
    ),
    (
        "fields/bildung.yaml",
        "goals: [hz-sprache]",
        "goals: []",
        "measures[0].goals",
        20,
        "mindestens 1 Eintrag angeben",
    ),
    (
        "fields/arbeit.yaml",
        "id: arbeit",
        "id: arbeitsmarkt",
        "id",
        2,
        "weicht vom Dateinamen „arbeit.yaml“ ab",
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "path", "line", "message"), CASES, ids=[c[5][:40] for c in CASES]
)
def test_bad_input_is_reported_precisely(
    concept_dir: Path, file: str, old: str, new: str, path: str, line: int, message: str
) -> None:
    target = concept_dir / file
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = snapshot(concept_dir)

    problems = errors(konzeptdoc.validate(concept_dir))

    assert problems, "expected an error"
    matching = [p for p in problems if message in p.message]
    assert matching, [str(p) for p in problems]
    problem = matching[0]
    assert problem.file is not None and problem.file.name == Path(file).name
    assert problem.field_path == path
    assert problem.line == line
    with pytest.raises(konzeptdoc.ValidationError) as caught:
        konzeptdoc.load_concept(concept_dir)
    assert any(message in p.message for p in caught.value.problems)
    assert snapshot(concept_dir) == before, "validation must not change files"


def test_unlisted_field_file_is_an_error(concept_dir: Path) -> None:
    (concept_dir / "fields" / "sport.yaml").write_text("schema_version: 1\ntitle: Sport\n")
    problems = errors(konzeptdoc.validate(concept_dir))
    assert [p.message for p in problems] == [
        "Die Datei fields/sport.yaml ist in concept.yaml unter „fields“ nicht aufgeführt: "
        "„sport“ dort ergänzen oder die Datei löschen"
    ]


def test_all_problems_of_all_files_at_once(concept_dir: Path) -> None:
    concept = concept_dir / "concept.yaml"
    concept.write_text(concept.read_text().replace("status: draft", "status: x"))
    field = concept_dir / "fields" / "arbeit.yaml"
    field.write_text(field.read_text().replace("title: Arbeit", "titel: Arbeit"))
    problems = errors(konzeptdoc.validate(concept_dir.parent.parent))
    assert {p.file.name for p in problems if p.file} == {"concept.yaml", "arbeit.yaml"}


def test_goal_without_measure_is_a_warning(concept_dir: Path) -> None:
    field = concept_dir / "fields" / "arbeit.yaml"
    field.write_text(
        field.read_text() + "  - id: m-zwei\n    title: Zwei\n    goals: [lz-arbeit]\n"
    )
    text = field.read_text().replace("    goals: [hz-anerkennung]\n", "    goals: [lz-arbeit]\n")
    field.write_text(text)
    problems = konzeptdoc.validate(concept_dir)
    assert [(p.severity, p.field_path, p.message) for p in problems] == [
        (
            "warning",
            "goals[1]",
            "Handlungsziel 2.2 „Anerkennung ausländischer Abschlüsse“ hat keine Maßnahme",
        )
    ]
    lines = field.read_text().splitlines()
    assert lines[problems[0].line - 1] == "  - id: hz-anerkennung"
    konzeptdoc.load_concept(concept_dir)  # warnings do not stop loading
    # Loading reports no warnings, so it does not look for them (nor for their lines).
    _, found = read_concept_dir(concept_dir, warnings=False)
    assert found == []


def test_guiding_goal_without_action_goals_is_a_warning(concept_dir: Path) -> None:
    field = concept_dir / "fields" / "arbeit.yaml"
    field.write_text(
        field.read_text().replace(
            "    parent: lz-arbeit\n",
            "    parent: lz-arbeit\n  - id: lz-allein\n    level: guiding\n    title: Allein\n",
        )
    )
    messages = [p.message for p in konzeptdoc.validate(concept_dir)]
    assert "Leitziel 2.3 „Allein“ hat keine Handlungsziele" in messages
    assert "Leitziel 2.3 „Allein“ hat keine Maßnahme" in messages


def test_event_ending_before_it_starts(concept_dir: Path) -> None:
    (concept_dir / "participation.yaml").write_text(
        "schema_version: 1\n"
        "events:\n  - id: auftakt\n    title: Auftakt\n    date: 2016-10-29\n"
        "    start: '14:00'\n    end: '10:00'\n"
    )
    [problem] = errors(konzeptdoc.validate(concept_dir))
    assert (problem.field_path, problem.line) == ("events[0]", 3)
    assert problem.message == "Das Ende (10:00 Uhr) liegt vor dem Beginn (14:00 Uhr)"


def test_participation_references(concept_dir: Path) -> None:
    (concept_dir / "participation.yaml").write_text(
        "schema_version: 1\n"
        "working_groups:\n  - id: ag-1\n    name: AG 1\n    field: sport\n"
        "contributions:\n  - id: b1\n    received: 2016-11-01\n    channel: online\n"
        "    field: bildun\n    text: Mehr Kurse\n"
    )
    problems = {p.field_path: p for p in errors(konzeptdoc.validate(concept_dir))}
    assert (
        problems["working_groups[0].field"].message
        == "Es gibt kein Handlungsfeld mit der Kennung „sport“"
    )
    assert problems["working_groups[0].field"].line == 5
    assert (
        "gemeint ist wohl „bildung“: Handlungsfeld 1 „Bildung & Sprache“"
        in problems["contributions[0].field"].message
    )


def test_references_checked_beside_a_broken_field_file(concept_dir: Path) -> None:
    field = concept_dir / "fields" / "arbeit.yaml"
    field.write_text(field.read_text().replace("title: Arbeit", "title: [Arbeit]"))
    concept = concept_dir / "concept.yaml"
    concept.write_text(
        concept.read_text().replace(
            "    name: Geflüchtete", "    name: Geflüchtete\n    description: |\n      x"
        )
    )
    bildung = concept_dir / "fields" / "bildung.yaml"
    bildung.write_text(bildung.read_text().replace("[gefluechtete]", "[kinder]"))
    messages = [p.message for p in errors(konzeptdoc.validate(concept_dir))]
    assert "Es gibt keine Zielgruppe mit der Kennung „kinder“" in messages[-1]


def test_unquoted_time_gets_a_hint(concept_dir: Path) -> None:
    (concept_dir / "participation.yaml").write_text(
        "schema_version: 1\nevents:\n  - id: a\n    title: A\n    date: 2016-10-29\n    start: 1030\n"
    )
    [problem] = errors(konzeptdoc.validate(concept_dir))
    assert problem.message == (
        "Text erwartet, aber die Zahl 1030 gefunden: den Wert in Anführungszeichen setzen"
    )


def test_submission_number_pattern_from_settings(repo: Path, concept_dir: Path) -> None:
    settings = repo / "konzeptdoc.yaml"
    settings.write_text(
        settings.read_text() + "submission_number_pattern: '\\d{2}-V-\\d{2}-\\d{4}'\n"
    )
    (concept_dir / "submission.yaml").write_text(
        "schema_version: 1\nnumber: '0522'\nkind: Beschlussvorlage\nsubject: Test\ndate: 2020-06-01\n"
    )
    [problem] = errors(konzeptdoc.validate(repo))
    assert problem.field_path == "number" and "passt nicht zum Muster" in problem.message


def test_empty_and_non_mapping_files(concept_dir: Path) -> None:
    (concept_dir / "fields" / "arbeit.yaml").write_text("")
    (concept_dir / "fields" / "bildung.yaml").write_text("- a\n- b\n")
    messages = sorted(p.message for p in errors(konzeptdoc.validate(concept_dir)))
    assert messages == [
        "Die Datei ist keine Folge von Angaben „Schlüssel: Wert“",
        "Die Datei ist leer",
    ]


def test_not_a_concept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(konzeptdoc.NotAConceptError):
        konzeptdoc.validate(tmp_path)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(konzeptdoc.NotAConceptError) as caught:
        konzeptdoc.validate(".")
    where = caught.value.path  # the folder named, not "."
    assert where is not None and where.is_absolute() and where.samefile(tmp_path)
    assert str(caught.value).startswith(f"{where}: ")


def test_validate_concept_in_memory(concept_dir: Path) -> None:
    concept = konzeptdoc.load_concept(concept_dir)
    concept.fields[0].measures[0].goals = ["gibt-es-nicht"]
    [problem] = errors(konzeptdoc.validate(concept))
    assert problem.field_path == "measures[0].goals[0]"
    assert problem.line == 20 and problem.file is not None and problem.file.name == "bildung.yaml"


def test_loading_pauses_garbage_collection_and_restores_it(concept_dir: Path) -> None:
    import gc

    from konzeptdoc.files.bulk import paused_gc

    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()
    konzeptdoc.load_concept(concept_dir)
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        konzeptdoc.load_concept(concept_dir)
        assert not gc.isenabled()  # a caller that disabled it keeps it disabled
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("written", "meant"), [("12.000", "12000"), ("'250.000'", "250000"), ("1.500", "1500")]
)
def test_german_thousands_separator_in_an_amount_is_an_error(
    concept_dir: Path, written: str, meant: str
) -> None:
    # YAML reads 12.000 as 12.0: a council document would say 12 €.
    field = concept_dir / "fields" / "bildung.yaml"
    field.write_text(field.read_text().replace("amount_eur: 12000", f"amount_eur: {written}"))
    [problem] = errors(konzeptdoc.validate(concept_dir))
    assert (problem.file, problem.line) == (field, 23)
    assert problem.field_path == "measures[0].cost.amount_eur"
    assert f"also {meant}" in problem.message and "Tausenderpunkt" in problem.message
    with pytest.raises(konzeptdoc.ValidationError):
        konzeptdoc.load_concept(concept_dir)


@pytest.mark.parametrize(
    ("written", "meant"), [("'12.000,50'", "12000.50"), ("1.234.567", "1234567")]
)
def test_german_number_text_in_an_amount_names_the_number(
    concept_dir: Path, written: str, meant: str
) -> None:
    field = concept_dir / "fields" / "bildung.yaml"
    field.write_text(field.read_text().replace("amount_eur: 12000", f"amount_eur: {written}"))
    [problem] = errors(konzeptdoc.validate(concept_dir))
    assert (problem.line, problem.field_path) == (23, "measures[0].cost.amount_eur")
    assert problem.message.endswith(f"hier {meant}")


@pytest.mark.parametrize("written", ["12 000", "12.000 €", "zwölftausend"])
def test_an_amount_that_is_no_number_is_one_problem(concept_dir: Path, written: str) -> None:
    # int | float: pydantic fails once per member; the user made one mistake
    field = concept_dir / "fields" / "bildung.yaml"
    field.write_text(field.read_text().replace("amount_eur: 12000", f"amount_eur: {written}"))
    [problem] = errors(konzeptdoc.validate(concept_dir))
    assert (problem.line, problem.field_path) == (23, "measures[0].cost.amount_eur")
    assert problem.message.startswith("eine Zahl erwartet") and written in problem.message


def test_a_field_file_saved_as_yml_is_named_in_the_error(concept_dir: Path) -> None:
    (concept_dir / "fields" / "arbeit.yaml").rename(concept_dir / "fields" / "arbeit.yml")
    [problem] = errors(konzeptdoc.validate(concept_dir))
    assert problem.message.endswith(
        "fields/arbeit.yaml fehlt (es gibt fields/arbeit.yml: die Datei in arbeit.yaml umbenennen)"
    )


def test_amounts_with_decimals_stay_valid(concept_dir: Path) -> None:
    field = concept_dir / "fields" / "bildung.yaml"
    field.write_text(field.read_text().replace("amount_eur: 12000", "amount_eur: 12000.5"))
    assert errors(konzeptdoc.validate(concept_dir)) == []
