"""The glossary: terms with plurals, labels for every key and enum value of the format."""

from __future__ import annotations

import typing
from typing import Any

import pytest
from pydantic import BaseModel

from konzeptdoc.german import glossary
from konzeptdoc.german.glossary import agree, count, key_label, named, term, value_label
from konzeptdoc.model import Concept, Settings


def test_count_takes_the_glossary_plural() -> None:
    assert count(1, "Leitziel") == "1 Leitziel"
    assert count(2, "Leitziel") == "2 Leitziele"
    assert count(0, "measure") == "keine Maßnahmen"
    assert count(1, "contribution") == "1 Beitrag"
    assert count(3, "Beitrag") == "3 Beiträge"
    assert count(2, "Indikator") == "2 Indikatoren"
    assert count(12000, "field") == "12.000 Handlungsfelder"
    assert f"Es {agree(1, 'ging', 'gingen')} {count(1, 'Beitrag')} ein" == "Es ging 1 Beitrag ein"


def test_terms_know_their_articles_and_reject_unknown_words() -> None:
    assert (term("measure").the, term("indicator").the, term("field").the) == ("die", "der", "das")
    assert term("Beitrag").no == "kein"
    with pytest.raises(KeyError):
        term("Measure")


def test_named_entities_use_german_quotes() -> None:
    assert named("measure", "3.2", "Mama lernt Deutsch") == "Maßnahme 3.2 „Mama lernt Deutsch“"
    assert named("guiding_goal", None, "Teilhabe") == "Leitziel „Teilhabe“"
    assert named("contribution", 4, None) == "Beitrag 4"


def test_quotes_inside_a_quoted_title_become_half_quotes() -> None:
    """German typography nests „…“ as ‚…‘: „Orientierungskurse ‚Frauen in Arbeit‘“, never
    „Orientierungskurse „Frauen in Arbeit““."""
    title = "Orientierungskurse „Frauen in Arbeit“"
    assert named("measure", "2.2", title) == "Maßnahme 2.2 „Orientierungskurse ‚Frauen in Arbeit‘“"
    assert glossary.quoted('Kurs "Deutsch"') == '„Kurs "Deutsch"“'


def _models(root: type[BaseModel]) -> typing.Iterator[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    todo = [root]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        yield model
        for info in model.model_fields.values():
            todo += [t for t in _types(info.annotation) if issubclass(t, BaseModel)]


def _types(annotation: Any) -> typing.Iterator[Any]:
    if isinstance(annotation, type):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _types(arg)


def _literals(annotation: Any) -> typing.Iterator[str]:
    if typing.get_origin(annotation) is typing.Literal:
        yield from typing.get_args(annotation)
    for arg in typing.get_args(annotation):
        yield from _literals(arg)


@pytest.mark.parametrize("root", [Concept, Settings])
def test_every_key_and_enum_value_of_the_format_has_a_german_label(
    root: type[BaseModel],
) -> None:
    unlabeled, untranslated = [], []
    for model in _models(root):
        for key, info in model.model_fields.items():
            if key_label(key) == key:
                unlabeled.append(f"{model.__name__}.{key}")
            for value in _literals(info.annotation):
                if value_label(key, value) == value and value != "online":
                    untranslated.append(f"{model.__name__}.{key}={value}")
    assert unlabeled == []
    assert untranslated == []


def test_glossary_lists_each_plural_explicitly() -> None:
    # A plural is written out, never made by appending to the singular in code.
    assert all(t.plural for t in glossary.TERMS.values())
    assert term("Handlungsfeld").plural == "Handlungsfelder"
    assert key_label("lead", "working_group") == "Leitung"
    assert key_label("lead") == "Federführung"
    assert value_label("status", "in_progress") == "in Umsetzung"
    assert value_label("title", "in_progress") == "in_progress"


@pytest.mark.parametrize(
    ("total", "expected"),
    [(1, "Es ging 1 Beitrag ein. Er ist"), (2, "Es gingen 2 Beiträge ein. Jeder Beitrag ist")],
)
def test_standard_wording_agrees_with_the_number(total: int, expected: str) -> None:
    from konzeptdoc.german.wording import say

    assert say("participation_counts", total).startswith(expected)
    fields = say("field_intro", total)
    assert ("1 Handlungsfeld. Es " if total == 1 else "2 Handlungsfelder. Jedes ") in fields
    assert say("measures_intro", total, "").startswith(
        f"Der Maßnahmenplan führt {count(total, 'Maßnahme')} mit"
    )


def test_a_measures_plan_without_measures_says_so() -> None:
    from konzeptdoc.german.wording import say

    assert say("measures_intro", 0, "") == "Der Maßnahmenplan führt keine Maßnahmen auf."
    assert say("measures_intro", 0, "entfallen").endswith(
        ": keine Maßnahme entspricht der Auswahl (entfallen)."
    )


def test_a_value_of_two_enums_is_labelled_by_its_context() -> None:
    assert value_label("kind", "other", ["kickoff", "workshop", "other"]) == "Veranstaltung"
    assert value_label("kind", "other", ["commission", "adopted", "other"]) == "Beschluss"
    assert value_label("kind", "other") == "sonstige"  # no context: neither


@pytest.mark.parametrize(
    ("model", "data", "location", "message"),
    [
        (
            "Submission",
            {"kind": "B", "subject": "S", "date": "14.07.2016"},
            ("date",),
            "„14.07.2016“ ist kein Datum in der Schreibweise der Dateien: 2016-07-14 schreiben",
        ),
        (
            "Submission",
            {"kind": "B", "subject": "S", "date": "2016-07-14", "public": "ja"},
            ("public",),
            "true oder false erwartet, aber der Text „ja“ gefunden",
        ),
        (
            "Participation",
            {"events": [{"id": "a", "title": "A", "date": "2016-01-01", "participants": -1}]},
            ("events", 0, "participants"),
            "muss mindestens 0 sein, gefunden: -1",
        ),
        (
            "Participation",
            {"events": [{"id": "a", "title": "A", "date": "2016-01-01", "kind": "workshp"}]},
            ("events", 0, "kind"),
            "„workshp“ ist kein zulässiger Wert – gemeint ist wohl „workshop“ (Workshop); "
            "zulässig: kickoff "
            "(Auftakt), workshop (Workshop), final (Abschluss), feedback (Rückkopplung), market "
            "(Markt), expert_circle (Expertenkreis), other (Veranstaltung)",
        ),
        (
            "FieldOfAction",
            {"title": "T", "measures": [{"id": "m", "title": "M", "goals": ["g"], "cost": 1}]},
            ("measures", 0, "cost"),
            "Angaben mit Schlüsseln erwartet, aber die Zahl 1 gefunden",
        ),
        (
            "FieldOfAction",
            {
                "title": "T",
                "measures": [{"id": "m", "title": "M", "goals": ["g"], "status": "Geplant"}],
            },
            ("measures", 0, "status"),
            "„Geplant“ ist kein zulässiger Wert – gemeint ist wohl „planned“ (geplant); zulässig:",
        ),
        (
            "FieldOfAction",
            {"title": "T", "goals": "x"},
            ("goals",),
            "eine Liste erwartet, aber der Text „x“ gefunden",
        ),
        (
            "FieldOfAction",
            {"title": "T", "measures": [{"id": "m", "title": "M", "goals": ["g"], "zz": 1}]},
            ("measures", 0, "zz"),
            "unbekannter Schlüssel „zz“; bekannte Schlüssel: id, title, description",
        ),
    ],
)
def test_pydantic_errors_are_told_in_german(
    model: str, data: dict[str, Any], location: tuple[str | int, ...], message: str
) -> None:
    from pydantic import ValidationError

    import konzeptdoc.model
    from konzeptdoc.files.diagnostics import errors_of

    cls = getattr(konzeptdoc.model, model)
    with pytest.raises(ValidationError) as caught:
        cls.from_data({"schema_version": 1, **data})
    found = dict(errors_of(caught.value, cls))
    assert found[location].startswith(message)


def test_readme_lists_the_glossary_terms_as_the_code_has_them() -> None:
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- glossary-terms:start -->\n") + len("<!-- glossary-terms:start -->\n")
    listed = readme[start : readme.index("\n<!-- glossary-terms:end -->")]
    # After adding a term: paste konzeptdoc.german.glossary.markdown_table() into the README.
    assert listed == glossary.markdown_table()


def test_an_adjective_declines_after_the_article_and_without_it() -> None:
    """The README's table says "der unveränderte Absatz", a count "1 unveränderter Absatz"."""
    assert "| der unveränderte Absatz |" in glossary.markdown_table()
    assert glossary.count(1, "unchanged_paragraph") == "1 unveränderter Absatz"
    assert "| die Maßnahme |" in glossary.markdown_table()


def test_whole_amounts_are_written_as_babel_writes_them() -> None:
    """The fast path for whole euros gives babel's "#,##0" (negative zero and cents go to babel)."""
    import random

    from konzeptdoc.german.formatting import _number_formats, amount

    locale, whole, _ = _number_formats()
    rng = random.Random(7)
    values: list[float] = [0, 0.0, -0.0, 1, 999, 1000, 1001.0, 10**12, 1e12, 2**53 - 1, 2**53]
    values += [rng.randrange(0, 10**13) for _ in range(300)]
    values += [float(rng.randrange(0, 10**9)) for _ in range(300)]
    for value in values:
        amount.cache_clear()
        assert amount(value) == f"{whole.apply(value, locale)}\u00a0€", value
    assert amount(1234.5) == "1.234,50\u00a0€" and amount(None) == "–"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((1, 0, 1), "Es ging 1 Beitrag ein. Er ist mit dem Ergebnis aufgeführt."),
        (
            (2, 1, 2),
            "Es gingen 2 Beiträge ein. Jeder Beitrag ist mit der Stellungnahme der "
            "Verwaltung und dem Ergebnis, soweit vorhanden, aufgeführt.",
        ),
        ((2, 0, 0), "Es gingen 2 Beiträge ein. Jeder Beitrag ist im Folgenden aufgeführt."),
    ],
)
def test_participation_counts_claim_only_what_the_contributions_have(
    args: tuple[int, int, int], expected: str
) -> None:
    """No "mit der Stellungnahme der Verwaltung" where no contribution has one; the concept,
    which only counts them, says no more than the count."""
    from konzeptdoc.german.wording import say

    assert say("participation_counts", *args) == expected
    assert say("participation_counts", 3, listed=False) == "Es gingen 3 Beiträge ein."


def test_dates_and_numbers_are_written_as_babel_writes_them() -> None:
    """The German dates and numbers written without babel are babel's patterns' output."""
    import datetime as dt
    import random

    from babel.dates import format_date
    from babel.numbers import format_decimal

    from konzeptdoc.german import formatting

    day = dt.date(1900, 1, 1)
    while day < dt.date(2201, 1, 1):
        assert formatting.date.__wrapped__(day) == format_date(day, "d. MMMM y", locale="de_DE")
        assert formatting.short_date.__wrapped__(day) == format_date(day, "dd.MM.y", locale="de_DE")
        day += dt.timedelta(days=23)
    rng = random.Random(5)
    values: list[float] = [0, 0.0, -0.0, -1, 0.0005, 0.0015, 0.0025, 999.9995, 1e-7, 0.1 + 0.2]
    values += [10**12, -(10**12), 1e12, 46.3, 123456.789]
    values += [round(rng.uniform(-1e6, 1e6), rng.randrange(7)) for _ in range(400)]
    for value in values:
        assert formatting.number.__wrapped__(value) == format_decimal(value, locale="de_DE"), value
