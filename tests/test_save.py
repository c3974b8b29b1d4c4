"""Saving: what a person wrote survives; new files are canonical; errors write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import konzeptdoc
from konzeptdoc import FieldOfAction, Goal, Measure
from tests.conftest import snapshot, write_repo


def test_load_save_round_trip_is_byte_identical(concept_dir: Path) -> None:
    before = snapshot(concept_dir)
    concept = konzeptdoc.load_concept(concept_dir)
    assert konzeptdoc.save_concept(concept) == []
    assert snapshot(concept_dir) == before


def test_edit_keeps_comments_quotes_order_and_blank_lines(concept_dir: Path) -> None:
    concept = konzeptdoc.load_concept(concept_dir)
    concept.title = "Neuer Titel"
    concept.fields[0].measures[0].status = "done"
    written = konzeptdoc.save_concept(concept)
    assert sorted(p.name for p in written) == ["bildung.yaml", "concept.yaml"]
    text = (concept_dir / "concept.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../schemas/concept.schema.json\n"
        "# Dieses Konzept dient den Tests.\n"
    )
    assert "title: 'Neuer Titel'" in text and "# Titel mit Sonderzeichen" in text
    assert "lead: Amt für Integration\n\nperiod: {start: 2021, end: 2025}\n" in text
    field = (concept_dir / "fields" / "bildung.yaml").read_text(encoding="utf-8")
    assert "parent: lz-bildung   # Kommentar am Ziel" in field
    assert "    status: done\n" in field
    assert "situation: |\n  Die Lage ist *gut*.\n\n  - erstens\n" in field
    assert konzeptdoc.load_concept(concept_dir).fields[0].measures[0].status == "done"


def test_list_changed_in_place_is_saved(concept_dir: Path) -> None:
    concept = konzeptdoc.load_concept(concept_dir)
    concept.fields[1].measures[0].partners.append("Jobcenter")
    konzeptdoc.save_concept(concept)
    assert konzeptdoc.load_concept(concept_dir).fields[1].measures[0].partners == ["Jobcenter"]


def test_each_change_after_a_save_is_saved(concept_dir: Path) -> None:
    # After a save only fields changed since are dumped: whatever kind of change it is,
    # assigned, changed in place, nested or a default assigned, the next save must see it.
    from konzeptdoc.model.field import MeasureCost

    concept = konzeptdoc.load_concept(concept_dir)
    measure = concept.fields[1].measures[0]
    steps = [
        lambda: measure.partners.append("Jobcenter"),
        lambda: measure.partners.__setitem__(0, "Agentur für Arbeit"),
        lambda: setattr(measure, "cost", MeasureCost(amount_eur=1000)),
        lambda: setattr(measure.cost, "amount_eur", 2500),
        lambda: setattr(concept.fields[0].goals[0], "title", "Neuer Zieltitel"),
        lambda: concept.fields[1].goals.reverse(),
    ]
    assert konzeptdoc.save_concept(concept) == []
    for step in steps:
        step()
        assert konzeptdoc.save_concept(concept), steps.index(step)
        assert konzeptdoc.load_concept(concept_dir).model_dump() == concept.model_dump()
        assert konzeptdoc.save_concept(concept) == []
    assert measure.cost is not None
    measure.cost.not_quantifiable = False  # a default, assigned: written as the user set it
    assert konzeptdoc.save_concept(concept)
    assert "not_quantifiable" in (concept_dir / "fields" / "arbeit.yaml").read_text("utf-8")


def test_missing_ids_are_assigned_and_written_back(concept_dir: Path) -> None:
    field = concept_dir / "fields" / "arbeit.yaml"
    field.write_text(
        field.read_text() + "  - title: Förderung für Straßenköche\n    goals: [hz-anerkennung]\n"
        "  - title: Förderung für Straßenköche\n    goals: [hz-anerkennung]\n"
    )
    concept = konzeptdoc.load_concept(concept_dir)
    konzeptdoc.save_concept(concept)
    ids = [m.id for m in konzeptdoc.load_concept(concept_dir).fields[1].measures]
    assert ids == [
        "m-beratung",
        "foerderung-fuer-strassenkoeche",
        "foerderung-fuer-strassenkoeche-2",
    ]
    assert "  - id: foerderung-fuer-strassenkoeche\n    title: Förderung" in field.read_text()


def test_new_field_is_written_in_canonical_order(concept_dir: Path) -> None:
    concept = konzeptdoc.load_concept(concept_dir)
    field = FieldOfAction(title="Sport", goals=[Goal(level="guiding", title="Sport für alle")])
    field.measures.append(
        Measure(title="Schwimmkurse", goals=["sport-fuer-alle"], partners=["DLRG"])
    )
    concept.fields.append(field)
    konzeptdoc.save_concept(concept)
    text = (concept_dir / "fields" / "sport.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../../schemas/field.schema.json\n"
        "schema_version: 1\nid: sport\ntitle: Sport\n"
    )
    assert "fields: [bildung, arbeit, sport]" in (concept_dir / "concept.yaml").read_text()
    assert (
        konzeptdoc.validate(concept_dir)[0].message
        == "Leitziel 3.1 „Sport für alle“ hat keine Handlungsziele"
    )


def test_removed_field_file_is_deleted(concept_dir: Path) -> None:
    concept = konzeptdoc.load_concept(concept_dir)
    del concept.fields[1]
    konzeptdoc.save_concept(concept)
    assert not (concept_dir / "fields" / "arbeit.yaml").exists()
    assert konzeptdoc.validate(concept_dir) == []


def test_invalid_concept_writes_nothing(concept_dir: Path) -> None:
    before = snapshot(concept_dir)
    concept = konzeptdoc.load_concept(concept_dir)
    concept.title = "ok"
    concept.fields[0].measures[0].goals.append("gibt-es-nicht")
    concept.fields[0].measures[0].partners.append("Bad\x0bchar")  # bypasses assignment checks
    with pytest.raises(konzeptdoc.ValidationError) as caught:
        konzeptdoc.save_concept(concept)
    messages = " | ".join(p.message for p in caught.value.problems)
    assert "Es gibt kein Ziel mit der Kennung „gibt-es-nicht“" in messages and "U+000B" in messages
    assert snapshot(concept_dir) == before


def test_assignment_is_validated(concept_dir: Path) -> None:
    concept = konzeptdoc.load_concept(concept_dir)
    measure = concept.fields[0].measures[0]
    with pytest.raises(konzeptdoc.ValidationError) as caught:
        measure.status = "finished"  # type: ignore[assignment]
    # konzeptdoc's error with the key's place, never pydantic's (English) wording.
    assert [p.field_path for p in caught.value.problems] == ["status"]
    assert measure.status == "planned"


def test_save_into_repository_root(repo: Path, concept_dir: Path) -> None:
    concept = konzeptdoc.load_concept(concept_dir)
    concept.id = "kopie"
    konzeptdoc.save_concept(concept, repo)
    assert konzeptdoc.load_concept(repo / "concepts" / "kopie").title == concept.title


safe_text = st.text(
    alphabet=st.characters(
        blacklist_categories=["Cs"],
        blacklist_characters="\x00\x0b\x0c\ufffe\uffff"
        + "".join(map(chr, range(1, 9)))
        + "".join(map(chr, range(14, 32))),
    ),
    min_size=1,
    max_size=200,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=safe_text, description=safe_text, partner=safe_text)
def test_any_text_survives_save_and_load(
    tmp_path_factory: pytest.TempPathFactory, title: str, description: str, partner: str
) -> None:
    root = tmp_path_factory.mktemp("rt")
    folder = write_repo(root)
    concept = konzeptdoc.load_concept(folder)
    measure = concept.fields[0].measures[0]
    measure.title, measure.description, measure.partners = title, description, [partner]
    concept.fields[1].title = description  # an existing plain scalar replaced by any text
    konzeptdoc.save_concept(concept)
    again = konzeptdoc.load_concept(folder).fields
    assert (again[0].measures[0].title, again[0].measures[0].description) == (title, description)
    assert again[0].measures[0].partners == [partner] and again[1].title == description


def test_windows_line_endings_are_kept(concept_dir: Path) -> None:
    field = concept_dir / "fields" / "bildung.yaml"
    text = field.read_text(encoding="utf-8").replace("measures:", "# Maßnahmen\nmeasures:")
    text = text.replace("    status: planned", "    # Stand der Umsetzung\n    status: planned")
    field.write_bytes(text.replace("\n", "\r\n").encode())  # comments: came back "\r\r\n"
    concept = konzeptdoc.load_concept(concept_dir)
    concept.fields[0].measures[0].status = "done"
    konzeptdoc.save_concept(concept)
    data = field.read_bytes()
    assert b"    status: done\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r\r" not in data and b"    # Stand der Umsetzung\r\n" in data
    assert konzeptdoc.load_concept(concept_dir).fields[0].measures[0].status == "done"
