"""Edge cases a council's data has: huge amounts, RTL names, Markdown where plain text is
read, ids where a reader expects names. Cheap checks of the pieces; the rendered PDF of a
concept full of such cases is checked in tests/test_pdf.py."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx.oxml.ns import qn

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


def test_html_isolates_right_to_left_names() -> None:
    """An Arabic title does not pull the date or the colon after it into its run: titles and
    quoted names sit in <bdi>; the report says why a field has no table."""
    import dataclasses
    from pathlib import Path

    import konzeptdoc
    from konzeptdoc.diff import compare
    from konzeptdoc.diff.html import to_html

    samples = Path(__file__).resolve().parents[1] / "sample_concepts" / "wiesbaden"
    old = konzeptdoc.load_concept(
        samples / "04-ik-beschluss-2020" / "concepts" / "integrationskonzept"
    )
    new = konzeptdoc.load_concept(
        samples / "05-ik-fortschreibung-2025" / "concepts" / "integrationskonzept"
    )
    new = new.model_copy(update={"title": "Konzept كونسبت"})
    diff = compare(old, new)
    diff = dataclasses.replace(diff, new=dataclasses.replace(diff.new, date="31.12.2027"))
    page = to_html(diff)
    assert "Neue Fassung: <bdi>Konzept كونسبت</bdi> · 31.12.2027" in page
    assert "„<bdi>Mama lernt Deutsch</bdi>“" in page or "„<bdi>" in page.split("<h2>", 1)[1]
    assert "ul.toc li{break-inside:avoid}" in page


def test_html_report_says_a_field_has_no_measures_and_keeps_states_whole() -> None:
    import datetime as dt

    from konzeptdoc.documents.report_doc import ReportField, ReportMeasure, StatusReport
    from konzeptdoc.reporting.html import to_html

    measure = ReportMeasure("m", "https://example.org/" + "x" * 300, None, "in_progress", "done",
                            None, None, "2027", 2027)  # fmt: skip
    report = StatusReport("k", "Titel", "Integrationskonzept", "Stadt", "Amt",
                          dt.date(2027, 12, 31), dt.datetime(2027, 12, 31, 12), "Rat",
                          dt.date(2026, 12, 31), True,
                          (ReportField("leer", "Ohne Maßnahmen", (), ()),
                           ReportField("voll", "Mit", (measure,), ())))  # fmt: skip
    page = to_html(report)
    assert "<h3>2.1 Ohne Maßnahmen</h3><p>Dieses Handlungsfeld hat keine Maßnahmen.</p>" in page
    assert '<td class="s">in Umsetzung</td><td class="s">umgesetzt</td>' in page
    assert "thead th,td.s{overflow-wrap:normal" in page


def test_a_web_address_gets_a_run_in_no_language() -> None:
    """So LibreOffice does not hyphenate it; the sentence's full stop stays outside."""
    from konzeptdoc.documents.xmltext import run

    xml = run("Siehe https://example.org/a-b. Ende (www.x.de)", bold=True, urls=True)
    assert xml.count('<w:lang w:val="zxx"/>') == 2
    assert (
        '<w:rPr><w:b/><w:lang w:val="zxx"/></w:rPr><w:t xml:space="preserve">https://example.org/a-b</w:t>'
        in xml
    )
    assert ">. Ende (</w:t>" in xml and ">www.x.de</w:t>" in xml
    assert (
        run("https://x.org", urls=False)
        == '<w:r><w:t xml:space="preserve">https://x.org</w:t></w:r>'
    )


def test_every_web_address_of_a_document_is_in_a_run_without_language(tmp_path: Path) -> None:
    """In headings, text and table cells alike (a fast path for plain cells must not skip
    it); the documents stay strict-clean."""
    import re
    import zipfile

    import konzeptdoc
    from konzeptdoc.documents import render
    from tests.conftest import ooxml_check
    from tests.edge_concept import URL, write_edge_concept

    concept = konzeptdoc.load_concept(write_edge_concept(tmp_path / "rand"))
    for kind in ("concept", "measures"):
        path = tmp_path / f"{kind}.docx"
        path.write_bytes(render(concept, kind=kind)[0])
        xml = zipfile.ZipFile(path).read("word/document.xml").decode()
        runs = re.findall(
            r"<w:r>(?:<w:rPr>(.*?)</w:rPr>)?<w:t[^>]*>([^<]*" + re.escape(URL) + ")", xml
        )
        assert runs and all('<w:lang w:val="zxx"/>' in rpr for rpr, _ in runs), kind
        ooxml_check(path)


def test_a_removed_measure_is_listed_where_it_stood() -> None:
    """Document order: a measure removed between two changed ones comes between them, not
    after every measure of its field."""
    import konzeptdoc
    from konzeptdoc.diff import compare

    folder = Path(__file__).resolve().parents[1] / "sample_concepts" / "wiesbaden"
    old = konzeptdoc.load_concept(
        folder / "05-ik-fortschreibung-2025" / "concepts" / "integrationskonzept"
    )
    new = old.model_copy(deep=True)
    measures = new.fields[0].measures
    assert len(measures) >= 3
    first, gone, third = measures[0].id, measures[1].id, measures[2].id
    measures[0].description = "Neu beschrieben."
    measures[2].description = "Auch neu beschrieben."
    del measures[1]
    changes = [
        (c.entity_id, c.kind) for c in compare(old, new).changes if c.entity_type == "measure"
    ]
    assert changes[:3] == [(first, "modified"), (gone, "removed"), (third, "modified")]


def test_the_synopsis_header_fits_one_line() -> None:
    """Two long titles made the page header two lines; the titles are shortened there."""
    import io
    import re
    import zipfile

    import konzeptdoc
    from konzeptdoc.diff import compare
    from konzeptdoc.diff.synopse import synopse

    folder = Path(__file__).resolve().parents[1] / "sample_concepts" / "wiesbaden"
    old = konzeptdoc.load_concept(
        folder / "04-ik-beschluss-2020" / "concepts" / "integrationskonzept"
    )
    new = konzeptdoc.load_concept(
        folder / "05-ik-fortschreibung-2025" / "concepts" / "integrationskonzept"
    )
    long = "Integrationskonzept der Landeshauptstadt für Vielfalt, Teilhabe und Zusammenhalt"
    data = synopse(
        compare(old.model_copy(update={"title": long}), new.model_copy(update={"title": long}))
    )
    assert isinstance(data, bytes)
    package = zipfile.ZipFile(io.BytesIO(data))
    headers = ["".join(re.findall(r"<w:t[^>]*>([^<]*)", package.read(n).decode()))
               for n in package.namelist() if re.fullmatch(r"word/header\d+\.xml", n)]  # fmt: skip
    shown = [h for h in headers if h.startswith("Synopse")]
    assert shown and all(len(h) <= 110 for h in shown), shown


def test_unchanged_context_is_cut_at_words() -> None:
    """The text diff and `history` leave out the middle of long unchanged context at word
    boundaries ("Das … feld umfasst" cut "Handlungsfeld")."""
    import konzeptdoc
    from konzeptdoc.diff import compare
    from konzeptdoc.diff.render import elided, to_text

    text = (
        " Bildung entscheidet über Teilhabe. Das Handlungsfeld umfasst die frühkindliche Bildung "
    )
    assert (
        elided(text) == " Bildung entscheidet über Teilhabe. … umfasst die frühkindliche Bildung "
    )
    assert elided("kurz") == "kurz" and elided("x" * 100) == f"{'x' * 38} … {'x' * 38}"
    folder = Path(__file__).resolve().parents[1] / "sample_concepts" / "wolfsburg"
    old = konzeptdoc.load_concept(folder / "01-konzept-2011" / "concepts" / "vielfalt-leben")
    new = konzeptdoc.load_concept(
        folder / "03-review-beschluss-2020" / "concepts" / "vielfalt-leben"
    )
    shown = to_text(compare(old, new))
    assert "Teilhabe. Das … umfasst" in shown and "… feld" not in shown


def test_titles_longer_than_a_document_property_holds(tmp_path: Path) -> None:
    """A 500-character title, municipality or lead stopped every build with an internal
    error (python-docx refuses document properties over Word's 255 characters): the
    properties take them cut at a word, the pages show them whole."""
    import docx

    import konzeptdoc
    from konzeptdoc.diff import compare
    from konzeptdoc.diff.synopse import synopse
    from konzeptdoc.documents import render
    from tests.conftest import ooxml_check
    from tests.edge_concept import write_edge_concept

    title = " ".join(["Integrationskonzept für Vielfalt, Teilhabe und Respekt"] * 10)
    assert len(title) > 500
    concept = konzeptdoc.load_concept(write_edge_concept(tmp_path / "rand"))
    concept = concept.model_copy(update={"title": title, "municipality": "Stadt " + "Muster" * 50,
                                         "lead": "Amt für " + "Integration " * 30})  # fmt: skip
    documents = {kind: render(concept, kind=kind)[0] for kind in ("concept", "measures",
                                                                    "submission", "participation")}  # fmt: skip
    changed = compare(concept, concept.model_copy(update={"kind": "Handlungskonzept"}))
    documents["synopse"] = synopse(changed, municipality=concept.municipality)
    for kind, data in documents.items():
        path = tmp_path / f"{kind}.docx"
        path.write_bytes(data)
        ooxml_check(path)
        document = docx.Document(str(path))
        core = document.core_properties
        for value in (core.title, core.subject, core.author, core.keywords):
            assert 0 < len(value) <= 255, (kind, value)
        assert core.title.endswith("…") and core.title[:-1].split()[-1] in title
        text = "\n".join(p.text for p in document.paragraphs)
        if kind in ("concept", "measures"):
            assert title in text, kind  # the page shows it whole


def test_participation_counts_outcomes_by_name_in_their_order(tmp_path: Path) -> None:
    """A contribution without an outcome was counted in a row named "–", and the rows
    followed the English keys ("adopted" < "noted" < "partially_adopted"); the fields
    followed their ids, "übergreifend" (no field) among them."""
    import docx

    import konzeptdoc
    from konzeptdoc.documents import render
    from tests.edge_concept import LONG, write_edge_concept

    concept = konzeptdoc.load_concept(write_edge_concept(tmp_path / "rand"))
    assert concept.participation is not None
    first = concept.participation.contributions[0]
    concept.participation.contributions += [
        first.model_copy(update={"id": f"b{n}", "outcome": outcome, "field": field})
        for n, (outcome, field) in enumerate([("partially_adopted", None), (None, "leer"),
                                              ("adopted", None), (None, "voll")], start=2)
    ]  # fmt: skip
    document = docx.Document(io.BytesIO(render(concept, kind="participation")[0]))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Ergebnis")
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == [
        ["übernommen", "1"], ["teilweise übernommen", "1"], ["zur Kenntnis genommen", "1"],
        ["noch ohne Ergebnis", "2"],
    ]  # fmt: skip
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Handlungsfeld")
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == [
        ["Handlungsfeld ohne Maßnahmen", "1"], [LONG, "2"], ["übergreifend", "2"],
    ]  # fmt: skip


def test_a_revision_without_label_is_named_by_its_number(tmp_path: Path) -> None:
    """`revision: {number: 2, predecessor: …}` left the title page without the line –
    number and predecessor lost; a label, where given, is shown as written."""
    import docx

    import konzeptdoc
    from konzeptdoc.documents import render
    from konzeptdoc.model.concept import RevisionInfo
    from tests.edge_concept import write_edge_concept

    concept = konzeptdoc.load_concept(write_edge_concept(tmp_path / "rand"))

    def title_page(revision: RevisionInfo) -> list[str]:
        data = render(concept.model_copy(update={"revision": revision}), kind="concept")[0]
        texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
        return texts[: texts.index("Inhalt")]

    shown = title_page(RevisionInfo(number=2, predecessor="Integrationskonzept 2016–2020"))
    assert "2. Fortschreibung (Vorgänger: Integrationskonzept 2016–2020)" in shown
    assert "Vorgänger: Konzept 2015" in title_page(
        RevisionInfo(number=0, predecessor="Konzept 2015")
    )
    assert "Zweite Fassung" in title_page(RevisionInfo(number=2, label="Zweite Fassung"))
    assert not any("Fortschreibung" in t for t in title_page(RevisionInfo(number=0)))


def test_a_timeframe_with_one_year_says_which_end_it_is(tmp_path: Path) -> None:
    """`timeframe: {start: 2027}` read "2027" – as if the measure ran that year only – in
    the documents, and `{end: 2028}` read "2028" in diffs; now "ab 2027" and "bis 2028"."""
    import docx

    import konzeptdoc
    from konzeptdoc.documents import render
    from konzeptdoc.german.values import shown
    from konzeptdoc.model import Timeframe
    from tests.edge_concept import write_edge_concept

    concept = konzeptdoc.load_concept(write_edge_concept(tmp_path / "rand"))
    measures = concept.fields[1].measures
    measures[0].timeframe = Timeframe(start=2027)
    measures[1].timeframe = Timeframe(end=2028)
    plan = docx.Document(io.BytesIO(render(concept, kind="measures")[0]))
    cells = [[c.text for c in row.cells] for row in plan.tables[0].rows]
    column = cells[0].index("Zeitrahmen")
    assert [row[column] for row in cells[1:]] == ["ab 2027", "bis 2028"]
    text = docx.Document(io.BytesIO(render(concept, kind="concept")[0]))
    frames = [row.cells[1].text for table in text.tables for row in table.rows
              if row.cells[0].text == "Zeitrahmen"]  # fmt: skip
    assert frames == ["ab 2027", "bis 2028"]
    assert [shown("timeframe", v) for v in ({"start": 2027}, {"end": 2028}, {"start": 2027, "end": 2027},
                                            {"start": 2027, "end": 2031})] == [
        "ab 2027", "bis 2028", "2027", "2027–2031"]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "subject"),
    [
        ("Haupt- und Finanzausschuss", "Der Haupt- und Finanzausschuss"),
        (
            "Kultur-, Sport- und Integrationsausschuss",
            "Der Kultur-, Sport- und Integrationsausschuss",
        ),
        ("Bezirksamt Mitte", "Das Bezirksamt Mitte"),
        ("Steuerungsgruppe Integration", "Die Steuerungsgruppe Integration"),
    ],
)
def test_the_proposal_names_a_coordinated_body_with_its_article(
    tmp_path: Path, body: str, subject: str
) -> None:
    """ "Haupt- und Finanzausschuss", a body of nearly every council in North
    Rhine-Westphalia, read "Das Gremium „Haupt- und Finanzausschuss“ möge beschließen:"."""
    import docx

    import konzeptdoc
    from konzeptdoc.documents import render
    from tests.edge_concept import write_edge_concept

    concept = konzeptdoc.load_concept(write_edge_concept(tmp_path / "rand"))
    assert concept.submission is not None
    concept.submission.consultation[-1].body = body
    texts = [
        p.text for p in docx.Document(io.BytesIO(render(concept, kind="submission")[0])).paragraphs
    ]
    assert f"{subject} möge beschließen:" in texts


def test_markdown_in_table_cells_is_formatted_not_flattened(tmp_path: Path) -> None:
    """A decision's numbered points kept their words but lost their numbers in the
    Beschlüsse table; a target group's description showed its asterisks and brackets."""
    import docx

    import konzeptdoc
    from konzeptdoc.documents import render
    from tests.conftest import ooxml_check
    from tests.edge_concept import write_edge_concept

    concept = konzeptdoc.load_concept(write_edge_concept(tmp_path / "rand"))
    path = tmp_path / "concept.docx"
    path.write_bytes(render(concept, kind="concept")[0])
    ooxml_check(path)
    tables = docx.Document(str(path)).tables
    decisions = next(t for t in tables if t.rows[0].cells[-1].text == "Inhalt")
    points = decisions.rows[1].cells[-1].paragraphs
    assert [p.text for p in points] == ["Der Rat beschließt das Konzept.",
                                       "Die Verwaltung berichtet jährlich."]  # fmt: skip
    numbering = [p._p.pPr.numPr for p in points]
    assert all(n is not None for n in numbering)
    assert len({n.numId.val for n in numbering}) == 1  # one list: 1., 2.
    assert any(r.bold for r in points[1].runs if r.text == "jährlich")
    groups = next(t for t in tables if t.rows[0].cells[0].text == "Zielgruppe")
    cell = groups.rows[1].cells[1]
    assert cell.text == "Menschen mit Fluchterfahrung, siehe Leitbild"
    assert "https://www.example.org/l" in [
        link.url for p in cell.paragraphs for link in p.hyperlinks
    ]


def test_anchored_cells_with_web_addresses_keep_anchor_and_address_run(tmp_path: Path) -> None:
    """A measure titled by a web address lost its anchor in the Maßnahmenplan (a reviewer's
    copy read back said the title was missing), and a plan of 16 or more rows wrote web
    addresses without their run in no language (LibreOffice hyphenated them)."""
    import re
    import zipfile

    import konzeptdoc
    from konzeptdoc.documents import render
    from konzeptdoc.documents.anchors import anchor_name
    from tests.edge_concept import URL, write_edge_concept

    concept = konzeptdoc.load_concept(write_edge_concept(tmp_path / "rand"))
    field = concept.fields[1]
    for many in (False, True):
        if many:  # the bulk path of 16 or more rows
            field.measures = [field.measures[1].model_copy(update={"id": f"m-{n}"})
                              for n in range(20)]  # fmt: skip
        data = render(concept, kind="measures")[0]
        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        assert all(anchor_name(m.id, "title") in xml for m in field.measures)
        runs = re.findall(
            r"<w:r>(?:<w:rPr>(.*?)</w:rPr>)?<w:t[^>]*>([^<]*" + re.escape(URL) + ")", xml
        )
        assert len(runs) >= len(field.measures) and all('w:val="zxx"' in rpr for rpr, _ in runs)


def test_an_untouched_copy_with_markdown_and_addresses_reads_back_unchanged(
    tmp_path: Path, isolated_git: None
) -> None:
    """The round trip: a concept document and a Maßnahmenplan sent out and returned as they
    were give no change and nothing unmapped (the target group's Markdown description and
    the measure titled by a web address were reported missing)."""
    import shutil

    import konzeptdoc
    from konzeptdoc.documents import build
    from tests.conftest import AUTHOR
    from tests.edge_concept import write_edge_concept

    root = tmp_path / "repo"
    repository = konzeptdoc.Repository.init(root, municipality="Stadt Musterstadt", author=AUTHOR)
    shutil.copytree(write_edge_concept(tmp_path / "rand"), root / "concepts" / "rand")
    repository.commit("Rand", author=AUTHOR)
    for kind in ("concept", "measures"):
        path = tmp_path / f"{kind}.docx"
        data = build(repository.load("rand"), kind=kind)
        assert isinstance(data, bytes)
        path.write_bytes(data)
        review = konzeptdoc.read_review("rand", [path], repository=root)
        assert (review.changes, review.unmapped, review.conflicts) == ((), (), ()), kind


def test_a_redline_changes_a_cell_of_points_point_by_point(tmp_path: Path) -> None:
    """A decision's numbered points changed: the redline's cell ran them together as one
    paragraph ("… Konzept.Die Verwaltung …", the numbers gone); now each point is its own
    numbered paragraph, changed, deleted or inserted."""
    import docx

    import konzeptdoc
    from konzeptdoc.diff.redline import redline_document
    from tests.conftest import ooxml_check
    from tests.edge_concept import write_edge_concept

    old = konzeptdoc.load_concept(write_edge_concept(tmp_path / "rand"))
    new = old.model_copy(deep=True)
    new.decisions[0].text = ("1. Der Rat beschließt das geänderte Konzept.\n"
                             "2. Die Verwaltung berichtet **zweijährlich**.\n3. Ein dritter Punkt.")  # fmt: skip
    path = tmp_path / "redline.docx"
    path.write_bytes(redline_document(old, new, lambda _: ("Amt", "2025-11-12T10:00:00Z")))
    ooxml_check(path)
    table = next(t for t in docx.Document(str(path)).tables if t.rows[0].cells[-1].text == "Inhalt")
    paragraphs = table.rows[1].cells[-1]._tc.findall(qn("w:p"))

    def shown(paragraph: Any, tag: str) -> str:
        return "".join(e.text or "" for e in paragraph.iter(qn(tag)))

    assert [shown(p, "w:t") for p in paragraphs] == [
        "Der Rat beschließt das geänderte Konzept.", "Die Verwaltung berichtet zweijährlich.",
        "Ein dritter Punkt."]  # fmt: skip
    assert [shown(p, "w:delText") for p in paragraphs] == ["", "jährlich", ""]
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None for p in paragraphs)


def test_a_proposal_point_keeps_its_formatting_and_sub_items(tmp_path: Path) -> None:
    """A point of the Beschlussvorschlag was written as plain text: its bold was lost, its
    sub-items lost their numbers and stood as lines of the point."""
    import docx

    import konzeptdoc
    from konzeptdoc.documents import render
    from tests.edge_concept import write_edge_concept

    concept = konzeptdoc.load_concept(write_edge_concept(tmp_path / "rand"))
    assert concept.submission is not None
    concept.submission.proposal = ["Das Konzept **„Vielfalt“** wird beschlossen.",
                                   "Die Verwaltung wird beauftragt,\n\n1. A zu tun,\n2. B zu tun.",
                                   "Drittens."]  # fmt: skip
    document = docx.Document(io.BytesIO(render(concept, kind="submission")[0]))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("Der Rat der Stadt Musterstadt möge beschließen:") + 1
    points = document.paragraphs[start : start + 5]
    assert [p.text for p in points] == ["Das Konzept „Vielfalt“ wird beschlossen.",
                                        "Die Verwaltung wird beauftragt,", "A zu tun,", "B zu tun.",
                                        "Drittens."]  # fmt: skip
    assert [r.text for r in points[0].runs if r.bold] == ["„Vielfalt“"]
    numbers = [p._p.pPr.numPr for p in points]
    assert [n.ilvl.val for n in numbers] == [0, 0, 1, 1, 0]
    assert numbers[0].numId.val == numbers[1].numId.val == numbers[4].numId.val
    assert numbers[2].numId.val == numbers[3].numId.val != numbers[0].numId.val
