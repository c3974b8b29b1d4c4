"""The Beschlussvorlage has the fields of a German council template."""

from __future__ import annotations

import io
from pathlib import Path

import docx

import konzeptdoc
from konzeptdoc.documents import render
from konzeptdoc.model.submission import Submission

SAMPLES = Path(__file__).resolve().parents[1] / "sample_concepts" / "wolfsburg"
DRAFT = SAMPLES / "02-review-entwurf-2020" / "concepts" / "vielfalt-leben"
DECIDED = SAMPLES / "03-review-beschluss-2020" / "concepts" / "vielfalt-leben"


def _tables(folder: Path) -> tuple[list[list[list[str]]], str]:
    data = render(konzeptdoc.load_concept(folder), kind="submission")[0]
    document = docx.Document(io.BytesIO(data))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return tables, "\n".join(p.text for p in document.paragraphs)


def test_head_consultation_proposal_finances_and_sign_offs() -> None:
    tables, text = _tables(DRAFT)
    head = dict(row for row in tables[0][1:])
    assert head["Aktenzeichen"] == "50.3-IK/2020" and head["Vorlage-Nr."] == "V 2020/0412"
    assert head["Sachbearbeitung"].startswith("Integrationsreferat, Tel.")
    assert head["Status"] == "öffentlich" and head["Federführung"] == "Integrationsreferat"
    consultation = next(t for t in tables if t[0][:3] == ["Gremium", "Sitzung", "TOP"])
    assert consultation[0][-1] == "Beschluss"
    assert [row[2] for row in consultation[1:]] == ["Ö 5", "N 12", "Ö 9"]
    assert [row[4] for row in consultation[1:]] == ["öffentlich", "nichtöffentlich", "öffentlich"]
    assert all(row[-1] == "" for row in consultation[1:])  # not decided yet: left empty
    assert "Der Rat der Stadt Wolfsburg möge beschließen:" in text
    money = next(t for t in tables if t[0][0] == "Position")
    assert money[0][2:] == ["einmalig", "laufend (jährlich)"]
    assert money[-1] == ["Summe", "", "4.500\u00a0€", "55.000\u00a0€"]
    assert "Produkt / Haushaltsstelle: 1.31.01 Integration (illustrativ)" in text
    assert "Deckung: Aus den vorhandenen Budgets" in text
    sign = next(t for t in tables if t[0] == ["Stelle", "Datum", "Zeichen"])
    assert [row[0] for row in sign[1:]][-1] == "Oberbürgermeister"


def test_decisions_fill_the_column_once_recorded() -> None:
    tables, _ = _tables(DECIDED)
    consultation = next(t for t in tables if t[0][:3] == ["Gremium", "Sitzung", "TOP"])
    assert [row[-1] for row in consultation[1:]] == [
        "einstimmig empfohlen",
        "empfohlen",
        "beschlossen",
    ]


def test_old_submission_files_stay_valid() -> None:
    """A submission.yaml written before Aktenzeichen, TOP, Deckung … existed still loads."""
    old = Submission.model_validate(
        {"kind": "Beschlussvorlage", "subject": "Betreff", "date": "2020-06-22",
         "consultation": [{"body": "Rat", "role": "decision"}],
         "financial_impact": {"has_impact": False, "items": [{"label": "Kurs", "amount_eur": 1}]}}
    )  # fmt: skip
    assert old.file_number is None and old.sign_offs == [] and old.consultation[0].item is None
    assert old.financial_impact is not None and old.financial_impact.items[0].per is None
