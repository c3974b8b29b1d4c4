"""Edge cases a council's data has: huge amounts, RTL names, Markdown where plain text is
read, ids where a reader expects names. Cheap checks of the pieces; the rendered PDF of a
concept full of such cases is checked in tests/test_pdf.py."""

from __future__ import annotations

from konzeptdoc.documents.columns import auto, widest_word, word_width


def test_an_amount_is_one_word_for_the_column_width() -> None:
    """ "1.234.567.890,12 €" cannot break at its no-break space, so the column that shows it
    is measured for all of it (str.split() would part it there)."""
    amount = "1.234.567.890,12\u00a0€"
    assert widest_word({f"{amount} jährlich", "0\u00a0€"}, 9) == amount
    assert word_width(amount, bold=False, size_pt=9) > word_width(
        "1.234.567.890,12", bold=False, size_pt=9
    )
    widths = auto((60, 10, 15), ("Handlungsfeld", "Maßnahmen", "jährlich"),
                  ("Donaudampfschifffahrtsgesellschaftskapitän" * 7, "2", amount),
                  (300, 1, 18), 9000, 9)  # fmt: skip
    assert widths[2] >= word_width(amount, bold=False, size_pt=9)


def test_a_status_note_reads_as_text_not_markdown() -> None:
    """The Sachstandsbericht's remarks show the note's words, not its asterisks."""
    import datetime as dt

    from konzeptdoc.documents.report_doc import ReportMeasure, remarks

    note = "Abgeschlossen am **31.12.** – siehe [Bericht](https://example.org).\n\nZweiter Absatz."
    measure = ReportMeasure("m", "T", None, "planned", "done", None, note, "2027", 2027)
    assert remarks(measure, dt.date(2027, 12, 31)) == (
        "Abgeschlossen am 31.12. – siehe Bericht. Zweiter Absatz."
    )
