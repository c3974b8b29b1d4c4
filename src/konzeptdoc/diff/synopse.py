"""The Synopse: the German council's side-by-side comparison, as a Word document.

Per changed entity, in document order, a two-column table "Bisherige Fassung | Neue
Fassung": deleted words struck through, inserted words underlined, an element that is gone
marked „entfällt“ and a new one „neu“ in the other column. The Änderungsübersicht comes
first; both revisions (release, decision number, date) head the document.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

from konzeptdoc.diff import labels
from konzeptdoc.diff.records import Change, ConceptDiff, Side, TextDiff, ValueChange
from konzeptdoc.diff.summary import NOUNS, VERBS, noun
from konzeptdoc.documents.package import Properties, compose, shortened
from konzeptdoc.documents.wordml import Body, Xml, run


def _cell(body: Body, diff: ConceptDiff, value: ValueChange, side: str) -> Xml:
    style = f'<w:pPr><w:pStyle w:val="{body.styles.table_text}"/></w:pPr>'
    if value.text is not None:
        return Xml(
            "".join(f"<w:p>{style}{runs}</w:p>" for runs in _text_runs(value.text, side))
            or f"<w:p>{style}{run('—')}</w:p>"  # no text on this side: new or gone
        )
    shown = value.old if side == "old" else value.new
    if shown is None:
        return Xml(f"<w:p>{style}{run('—')}</w:p>")
    text = labels.value(diff, value.key, shown)
    marked = run(text, strike=side == "old", underline=side == "new")
    return Xml(f"<w:p>{style}{marked}</w:p>")


def _text_runs(diff: TextDiff, side: str) -> list[str]:
    """Per paragraph the runs of one column: changed words marked, what did not change
    shortened – whole unchanged paragraphs to a note, long unchanged stretches inside a
    changed paragraph to their beginning and end – so a long text is not repeated whole."""
    out: list[str] = []
    unchanged = 0

    def note() -> None:
        nonlocal unchanged
        if unchanged:
            what = "unveränderter Absatz" if unchanged == 1 else "unveränderte Absätze"
            out.append(run(f"[{unchanged} {what}]", italic=True))
            unchanged = 0

    for paragraph in diff.paragraphs:
        if paragraph.kind == "equal":
            unchanged += 1
            continue
        note()
        if paragraph.kind == "modified":
            parts = []
            last = len(paragraph.words) - 1
            for number, op in enumerate(paragraph.words):
                if op.kind == "equal":
                    parts.append(run(_context(op.old, first=number == 0, last=number == last)))
                elif side == "old" and op.old:
                    parts.append(run(op.old, strike=True))
                elif side == "new" and op.new:
                    parts.append(run(op.new, underline=True))
            out.append("".join(parts))
        elif paragraph.kind == "delete" and side == "old":
            out.append(run(paragraph.old, strike=True))
        elif paragraph.kind == "insert" and side == "new":
            out.append(run(paragraph.new, underline=True))
    note()
    return out


_CONTEXT = 160  # characters of unchanged text kept on each side of a change


def _context(text: str, *, first: bool, last: bool) -> str:
    """Unchanged words around a change: up to `_CONTEXT` characters next to it, cut at a
    word, "[…]" for what is left out."""
    if len(text) <= 2 * _CONTEXT + 20:
        return text
    head = "" if first else text[:_CONTEXT].rsplit(" ", 1)[0] + " "
    tail = "" if last else " " + text[-_CONTEXT:].split(" ", 1)[-1]
    return f"{head}[…]{tail}"


def _marker(body: Body, text: str) -> Xml:
    return Xml(
        f'<w:p><w:pPr><w:pStyle w:val="{body.styles.table_text}"/></w:pPr>{run(text, italic=True)}</w:p>'
    )


def _change(body: Body, diff: ConceptDiff, change: Change) -> None:
    body.heading(2, labels.headline(diff, change))
    rows: list[list[str | Xml]] = []
    if change.kind == "added":
        rows.append(["Eintrag", _marker(body, "neu"),
                     Xml(f'<w:p><w:pPr><w:pStyle w:val="{body.styles.table_text}"/></w:pPr>'
                         f"{run(labels.entity(diff, change), underline=True)}</w:p>")])  # fmt: skip
    elif change.kind == "removed":
        rows.append(["Eintrag", Xml(f'<w:p><w:pPr><w:pStyle w:val="{body.styles.table_text}"/></w:pPr>'
                                    f"{run(labels.entity(diff, change), strike=True)}</w:p>"),
                     _marker(body, "entfällt")])  # fmt: skip
    elif change.kind == "moved":
        rows.append(
            [
                "Zuordnung",
                _marker(body, labels.place(diff, change.where_old)),
                _marker(body, labels.place(diff, change.where_new)),
            ]
        )
    elif change.kind == "reordered":
        rows.append(
            ["Reihenfolge", _marker(body, "bisherige Stelle"), _marker(body, "neue Stelle")]
        )
    for value in change.values:
        rows.append([labels.key(change, value), _cell(body, diff, value, "old"),
                     _cell(body, diff, value, "new")])  # fmt: skip
    body.table(["Angabe", "Bisherige Fassung", "Neue Fassung"], rows, [16, 42, 42])


def _synopse_body(
    body: Body, diff: ConceptDiff, municipality: str, notes: Sequence[tuple[str, str, str]]
) -> None:
    """Title, the overview of changes by kind, each change, reviewers' comments."""
    styles = body.styles
    body.paragraph(municipality, styles.subtitle)
    body.paragraph(f"Synopse: {diff.new.label}", styles.title)
    body.field_line("Bisherige Fassung", labels.side(diff.old))
    body.field_line("Neue Fassung", labels.side(diff.new))
    body.heading(1, "Änderungsübersicht")
    body.paragraph(diff.summary())
    counts = diff.counts()
    rows = [
        [noun(t, 2), VERBS[k], str(counts[(t, k)])]
        for t in NOUNS
        for k in VERBS
        if counts.get((t, k))
    ]
    if rows:
        body.table(["Eintrag", "Änderung", "Anzahl"], rows, [45, 35, 20])
    if diff.changes:  # no lone heading over nothing
        body.heading(1, "Änderungen im Einzelnen")
    for change in diff.changes:
        _change(body, diff, change)
    if notes:
        body.heading(1, "Kommentare aus der Überarbeitung")
        if any(who for _, who, _ in notes):  # reviewers are named only --with-authors
            body.table(["Bezug", "Von", "Kommentar"], [list(n) for n in notes], [40, 18, 42])
        else:
            body.table(["Bezug", "Kommentar"], [[about, text] for about, _, text in notes],
                       [45, 55])  # fmt: skip


def synopse(
    diff: ConceptDiff,
    *,
    municipality: str = "",
    output: str | os.PathLike[str] | None = None,
    template: str | os.PathLike[str] | None = None,
    date: dt.datetime | None = None,
    notes: Sequence[tuple[str, str, str]] = (),
) -> Path | bytes:
    """The Synopse as a .docx (bytes, or written to `output`).

    `notes` are reviewers' comments kept with the data (what each is about, who, the
    comment; see `konzeptdoc.review`), listed after the changes.
    """

    def fill(body: Body) -> None:
        _synopse_body(body, diff, municipality, notes)

    properties = Properties(
        title=f"Synopse: {diff.new.label}",
        subject=diff.summary()[:250],
        author=municipality or "konzeptdoc",
        date=date or dt.datetime(2000, 1, 1, 12, 0),
        keywords="; ".join(w for w in ("Synopse", "Änderungen", diff.new.label, municipality) if w),
        company=municipality,
    )
    data, _ = compose(
        Path(template) if template is not None else None,
        fill,
        wide=True,
        header=f"Synopse – bisher: {_brief(diff.old)} | neu: {_brief(diff.new)}",
        footer=f"Synopse {diff.new.label}",
        properties=properties,
    )
    if output is None:
        return data
    from konzeptdoc.files.save import write_atomically_bytes

    target = Path(output)
    write_atomically_bytes(target, data)
    return target


def _brief(side: Side) -> str:
    """A side for the page header: the title shortened, decision and date kept (they tell
    the versions apart; the cover has the whole title). Two whole titles wrapped the header
    to two lines."""
    return labels.side(dataclasses.replace(side, label=shortened(side.label, 40)))
