"""Word documents: valid, exact, accessible, deterministic, and accepted by LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import konzeptdoc
from konzeptdoc.cli import main
from konzeptdoc.documents import KINDS, build, render
from konzeptdoc.documents.report_doc import render_report
from konzeptdoc.model.text import paragraphs, parse
from tests.conftest import ooxml_check

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_concepts"
WOB = SAMPLES / "wolfsburg" / "03-review-beschluss-2020" / "concepts" / "vielfalt-leben"
GEF = SAMPLES / "wiesbaden" / "02-gefluechtete-beschluss-2017" / "concepts" / "ik-gefluechtete"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def all_text(data: bytes) -> str:
    """Every paragraph of the body, tables included, as python-docx reads it."""
    document = docx.Document(io.BytesIO(data))
    return "\n".join(
        p.text
        for p in document.element.body.iter(f"{W}p")
        for p in [docx.text.paragraph.Paragraph(p, document)]
    )


def bundled_with(target: Path, changes: dict[str, Callable[[bytes], bytes]]) -> Path:
    """The bundled template written to `target`, with some of its parts changed."""
    from konzeptdoc.documents.template import bundled_template

    source = zipfile.ZipFile(bundled_template())
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            data = source.read(name)
            out.writestr(name, changes[name](data) if name in changes else data)
    return target


def _without_heading_2(styles: bytes) -> bytes:
    return styles.replace(b'<w:name w:val="heading 2"/>', b'<w:name w:val="Zwischentitel"/>')


@pytest.fixture(scope="module")
def sample_documents(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("docs")
    written = []
    for folder in sorted(SAMPLES.glob("*/*/concepts/*")):
        concept = konzeptdoc.load_concept(folder)
        for kind in KINDS:
            if (kind == "submission" and concept.submission is None) or (
                kind == "participation" and concept.participation is None
            ):
                continue
            path = out / f"{folder.parts[-4]}-{folder.parts[-3]}-{kind}.docx"
            build(concept, kind=kind, output=path)
            written.append(path)
    return written


def test_every_sample_document_passes_ooxml_check_strict(sample_documents: list[Path]) -> None:
    assert len(sample_documents) == 34  # 11 sample revisions
    assert (
        ooxml_check(*sample_documents)
        .strip()
        .endswith(f"{len(sample_documents)} files, 0 errors, 0 warnings")
    )


def test_concept_document_structure() -> None:
    concept = konzeptdoc.load_concept(WOB)
    data, body = render(concept)
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["1 Grundlagen", "1.1 Integrationsverständnis", "1.2 Leitlinien"]
    assert "2.1 Bildung" in headings and "2.1.3 Maßnahmen" in headings
    assert all(re.match(r"^\d+(\.\d+){0,2} ", h) for h in headings)
    core = document.core_properties
    assert (core.title, core.author, core.language) == (
        concept.title,
        "Integrationsreferat",
        "de-DE",
    )
    assert core.created == dt.datetime(2020, 7, 15, 12, 0, tzinfo=dt.UTC)
    xml = document.element.xml
    assert 'w:instrText xml:space="preserve"> TOC \\o "1-3"' in xml  # a real TOC field …
    assert xml.count("<w:hyperlink w:anchor=") == len(body.toc_entries)  # … already filled
    for table in document.tables:
        assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    styles = docx.Document(io.BytesIO(data)).styles.element.xml
    assert 'w:lang w:val="de-DE"' in styles


def test_german_dates_and_amounts() -> None:
    concept = konzeptdoc.load_concept(
        SAMPLES / "wiesbaden" / "04-ik-beschluss-2020" / "concepts" / "integrationskonzept"
    )
    text = all_text(render(concept)[0])
    assert "Stand: 10. Juli 2020" in text
    assert "60.000\u00a0€ jährlich (Landesmittel und städtischer Eigenanteil)" in text
    assert "09.07.2020" in text and "0522" in text


def test_measure_text_stays_with_its_table_and_an_empty_field_says_so() -> None:
    """A measure's title and description keep with its table (a reader never finds the
    table on the next page without its measure); an indicator's lines keep with its series;
    a field of action without any content gets a sentence, not a lone heading; a numeric
    target reads German ("1.000,5")."""
    concept = konzeptdoc.load_concept(
        SAMPLES / "wiesbaden" / "05-ik-fortschreibung-2025" / "concepts" / "integrationskonzept"
    ).model_copy(deep=True)
    concept.fields.insert(1, konzeptdoc.FieldOfAction(id="leer", title="Leeres Feld"))
    concept.fields[2].indicators[0].target = 1000.5
    data = render(concept)[0]
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    at = texts.index("2.2 Leeres Feld")
    assert texts[at + 1] == "Zu diesem Handlungsfeld liegen noch keine Angaben vor."
    assert texts[at + 2] == "2.3 Arbeit"
    assert (
        "Quelle: Amt für Zuwanderung und Integration, Beratungsstatistik; Zielwert: 1.000,5"
        in texts
    )
    tables = 0
    for table in document.element.body.iter(f"{W}tbl"):
        before = table.getprevious()
        assert before is not None and before.tag == f"{W}p"
        first_cell = "".join(t.text or "" for t in table.find(f"{W}tr").iter(f"{W}t"))
        if first_cell.startswith(("AngabeMaßnahme", "JahrWert")):
            tables += 1
            assert before.find(f"{W}pPr/{W}keepNext") is not None, first_cell
    assert tables == 12 + 2  # measures, indicators with a series


def test_empty_participation_says_so() -> None:
    """A participation file without content gives a sentence, not a lone heading (concept)
    or a title alone (report)."""
    concept = konzeptdoc.load_concept(GEF).model_copy(deep=True)
    concept.participation = konzeptdoc.Participation()
    sentence = "Zum Beteiligungsverfahren sind noch keine Angaben erfasst."
    texts = [p.text for p in docx.Document(io.BytesIO(render(concept)[0])).paragraphs]
    assert texts[texts.index("3 Beteiligung") + 1] == sentence
    texts = [
        p.text
        for p in docx.Document(io.BytesIO(render(concept, kind="participation")[0])).paragraphs
    ]
    assert texts[-1] == sentence


def test_a_long_title_keeps_the_footer_on_one_line() -> None:
    """The footer names the title cut at a word (the title page has it whole): a 150-character
    title wrapped the footer to lines that pushed into the body."""
    from konzeptdoc.documents.package import FOOTER_CHARACTERS

    concept = konzeptdoc.load_concept(GEF).model_copy(deep=True)
    concept.title = "Integrationskonzept für Geflüchtete " + "und ihre Familien " * 8
    document = docx.Document(io.BytesIO(render(concept)[0]))
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer.startswith("Integrationskonzept für Geflüchtete und ihre Familien")
    named = footer.split(" – Seite ")[0]
    assert named.endswith("…") and concept.title.startswith(named[:-1] + " ")
    assert len(named) <= FOOTER_CHARACTERS
    assert concept.title.strip() in [p.text.strip() for p in document.paragraphs]


def test_contributions_are_set_apart() -> None:
    """Each contribution after the first starts a line lower: 60 of them do not read as one
    wall of text."""
    data = render(konzeptdoc.load_concept(GEF), kind="participation")[0]
    document = docx.Document(io.BytesIO(data))
    titles = [p for p in document.paragraphs if re.match(r"Beitrag \d+ \(", p.text)]
    assert len(titles) == 4
    assert titles[0].paragraph_format.space_before is None
    assert all(p.paragraph_format.space_before == docx.shared.Pt(8) for p in titles[1:])


def test_events_table_leaves_out_columns_no_event_fills() -> None:
    """Columns of dashes only (no event has a place or a count) would take the room the
    titles and topics need – words broke mid-word there; counts read German ("1.200")."""
    concept = konzeptdoc.load_concept(GEF).model_copy(deep=True)
    header = [
        c.text
        for c in docx.Document(io.BytesIO(render(concept, kind="participation")[0]))
        .tables[0]
        .rows[0]
        .cells
    ]
    assert header == ["Termin", "Art", "Veranstaltung", "Themen"]
    assert concept.participation is not None
    concept.participation.events[1].participants = 1200
    table = docx.Document(io.BytesIO(render(concept, kind="participation")[0])).tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "Termin",
        "Art",
        "Veranstaltung",
        "Themen",
        "Teilnehmende",
    ]
    assert [r.cells[-1].text for r in table.rows[1:]] == ["–", "1.200", "–", "–", "–"]


@pytest.mark.parametrize("value", [0, 7, 999, 1000, 12000, 1234567, 0.5, 1234.56, 2.675, -500, 1e9])
def test_amounts_as_babel_formats_them(value: float) -> None:
    from babel.numbers import format_decimal

    from konzeptdoc.german.formatting import amount

    pattern = "#,##0" if float(value).is_integer() else "#,##0.00"
    assert amount(value) == format_decimal(value, format=pattern, locale="de_DE") + "\u00a0€"


def test_markdown_becomes_word_lists_formatting_and_links() -> None:
    concept = konzeptdoc.load_concept(WOB)
    concept.fields[
        0
    ].situation = "Ein **fetter** und *kursiver* [Link](https://wolfsburg.de).\n\n- eins\n- zwei\n\n1. erstens\n2. zweitens"
    data = render(concept)[0]
    document = docx.Document(io.BytesIO(data))
    xml = document.element.xml
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "fetter" in bold and any(
        r.text == "kursiver" and r.italic for p in document.paragraphs for r in p.runs
    )
    assert "https://wolfsburg.de" in [rel.target_ref for rel in document.part.rels.values()]
    listed = [p for p in document.paragraphs if p.text in ("eins", "zwei", "erstens", "zweitens")]
    assert len(listed) == 4 and all(p._p.find(f"{W}pPr/{W}numPr") is not None for p in listed)
    assert xml.count("<w:hyperlink r:id=") >= 1


def test_same_input_same_bytes() -> None:
    concept = konzeptdoc.load_concept(GEF)
    for kind in ("concept", "participation"):
        assert render(concept, kind=kind)[0] == render(konzeptdoc.load_concept(GEF), kind=kind)[0]


def test_builds_share_no_state_through_the_template_cache(tmp_path: Path) -> None:
    """Each build edits its own copy of the parsed template (page, numbering, links)."""
    from konzeptdoc.documents import template

    template._parsed_template.cache_clear()
    concept = konzeptdoc.load_concept(WOB)
    alone = render(concept, kind="concept")[0]
    render(concept, kind="measures")  # landscape, other lists and links
    render(konzeptdoc.load_concept(GEF), kind="participation")
    assert render(concept, kind="concept")[0] == alone


def test_template_numbering_keeps_its_ids_and_ours_come_after(tmp_path: Path) -> None:
    """A city template's own lists (here with ids 9001…) never share an id with ours."""

    def shifted(data: bytes) -> bytes:
        return re.sub(
            rb'(w:(?:abstractNumId|numId)(?:="| w:val="))(\d+)"',
            lambda m: m.group(1) + str(int(m.group(2)) + 9000).encode() + b'"',
            data,
        )

    # the styles refer to the lists
    changes = {"word/numbering.xml": shifted, "word/styles.xml": shifted}
    template = bundled_with(tmp_path / "stadt.docx", changes)
    concept = konzeptdoc.load_concept(WOB)
    concept.fields[0].situation = "Liste:\n\n1. eins\n2. zwei\n\n- a\n- b"
    path = tmp_path / "out.docx"
    build(concept, output=path, template=template)
    numbering = zipfile.ZipFile(path).read("word/numbering.xml").decode()
    nums = re.findall(r'<w:num w:numId="(\d+)"', numbering)
    abstracts = re.findall(r'<w:abstractNum [^>]*w:abstractNumId="(\d+)"', numbering)
    assert len(nums) == len(set(nums)) and len(abstracts) == len(set(abstracts))
    assert "9001" in nums and min(int(n) for n in nums[-2:]) > 9001
    ooxml_check(path)


def test_a_changed_template_is_read_again(tmp_path: Path) -> None:
    import os

    from konzeptdoc.documents.template import bundled_template

    template = tmp_path / "stadt.docx"
    shutil.copy(bundled_template(), template)
    concept = konzeptdoc.load_concept(WOB)
    render(concept, template=template)
    bundled_with(template, {"word/styles.xml": _without_heading_2})  # now lacking "heading 2"
    os.utime(template, ns=(1, 1))
    # Read again: "heading 2" is copied from the bundled template, under a new id (the
    # template's "Zwischentitel" has the id "Heading2").
    styles = zipfile.ZipFile(io.BytesIO(render(concept, template=template)[0])).read(
        "word/styles.xml"
    )
    assert b'w:styleId="Heading22"><w:name w:val="heading 2"/>' in styles
    assert b'<w:name w:val="Zwischentitel"/>' in styles


def test_measures_plan_filters_and_landscape() -> None:
    concept = konzeptdoc.load_concept(WOB)
    data = render(concept, kind="measures", statuses=["planned"], fields=["bildung", "kultur"])[0]
    document = docx.Document(io.BytesIO(data))
    assert document.sections[0].page_width > document.sections[0].page_height
    *fields, overview = document.tables  # one table per field of action, then the sums
    for table in fields:
        widths = [int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w"))
                  for tc in table.rows[0]._tr.findall(f"{W}tc")]  # fmt: skip
        assert sum(widths) == 5000  # the cells carry their widths: LibreOffice sizes by them
    numbers = [row.cells[0].text for table in fields for row in table.rows[1:]]
    assert numbers == ["1.3", "5.2", "5.3"]  # numbered as in the concept, not filtered anew
    assert [row.cells[0].text for row in overview.rows] == [
        "Handlungsfeld", "1 Bildung", "5 Kultur, Freizeit und Sport", "Gesamt"]  # fmt: skip
    text = all_text(data)
    assert (
        "Auswahl: Handlungsfeld 1 „Bildung“, Handlungsfeld 5 „Kultur, Freizeit und Sport“" in text
    )
    with pytest.raises(
        konzeptdoc.KonzeptdocError, match="kein Handlungsfeld mit der Kennung „sport“"
    ):
        render(concept, kind="measures", fields=["sport"])
    # A status no measure can have would give an empty plan without a word.
    with pytest.raises(konzeptdoc.DocumentError, match="„fertig“ ist kein Stand einer Maßnahme"):
        render(concept, kind="measures", statuses=["fertig"])


def test_authors_only_on_request() -> None:
    concept = konzeptdoc.load_concept(GEF)
    assert "Erika Beispiel" not in all_text(render(concept, kind="participation")[0])
    assert "Erika Beispiel" in all_text(render(concept, kind="participation", with_authors=True)[0])
    text = all_text(render(concept, kind="participation")[0])
    assert "8. November 2016" in text and "übernommen" in text


def test_participation_report_counts_contributions_in_agreement() -> None:
    concept = konzeptdoc.load_concept(GEF)
    assert concept.participation is not None and len(concept.participation.contributions) > 1
    many = len(concept.participation.contributions)
    assert f"Es gingen {many} Beiträge ein. Jeder Beitrag ist" in all_text(
        render(concept, kind="participation")[0]
    )
    concept.participation.contributions = concept.participation.contributions[:1]
    text = all_text(render(concept, kind="participation")[0])
    assert "Es ging 1 Beitrag ein. Er ist mit der Stellungnahme" in text


def test_missing_part_is_a_clear_error(tmp_path: Path) -> None:
    concept = konzeptdoc.load_concept(GEF)
    with pytest.raises(konzeptdoc.MissingPartError, match=r"hat keine submission\.yaml"):
        render(concept, kind="submission")
    out = io.StringIO()
    assert (
        main(
            ["build", str(GEF), "--kind", "submission", "-o", str(tmp_path / "x.docx")], stdout=out
        )
        == 2  # the concept cannot give what was asked for: exit 2
    )
    assert not (tmp_path / "x.docx").exists()


def _german_template(target: Path) -> Path:
    """The bundled template as German Word stores it: style ids like 'berschrift1'."""
    renames = {
        "Heading1": "berschrift1",
        "Heading2": "berschrift2",
        "Heading3": "berschrift3",
        "Title": "Titel",
        "ListParagraph": "Listenabsatz",
        "TableGrid": "Tabellenraster",
    }

    def german(data: bytes) -> bytes:
        for old, new in renames.items():  # ids and references change; w:name stays English
            data = re.sub(
                rf'(w:styleId=|<w:(?:basedOn|next|link) w:val=)"{old}"'.encode(),
                rf'\1"{new}"'.encode(),
                data,
            )
        return data

    return bundled_with(target, {"word/styles.xml": german})


def test_template_with_german_style_ids(tmp_path: Path) -> None:
    template = _german_template(tmp_path / "stadt.docx")
    path = build(konzeptdoc.load_concept(WOB), output=tmp_path / "out.docx", template=template)
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert 'w:pStyle w:val="berschrift1"' in xml and 'w:tblStyle w:val="Tabellenraster"' in xml
    ooxml_check(path)


def test_a_template_from_word_for_mac_gives_a_strict_clean_document(tmp_path: Path) -> None:
    """python-docx's default document (Word for Mac) has a zoom without a percentage."""
    import docx

    template = tmp_path / "mac.docx"
    docx.Document().save(str(template))
    path = build(konzeptdoc.load_concept(WOB), output=tmp_path / "out.docx", template=template)
    ooxml_check(path)


def _as_libreoffice_saves(styles: bytes) -> bytes:
    """The bundled styles as LibreOffice or pandoc write a template: no Title, headings,
    List Paragraph, Table Grid, header and footer styles; English; hyphenation suppressed."""
    text = styles.decode()
    for name in ("Title", "heading 1", "heading 2", "heading 3", "List Paragraph", "Table Grid",
                 "header", "footer"):  # fmt: skip
        text = re.sub(
            rf'<w:style [^>]*><w:name w:val="{name}"/>.*?</w:style>', "", text, flags=re.S
        )
    text = text.replace('w:val="de-DE"', 'w:val="en-US"')
    return text.replace(
        "<w:pPrDefault><w:pPr>", "<w:pPrDefault><w:pPr><w:suppressAutoHyphens/>"
    ).encode()


def test_a_template_out_of_schema_order_gives_a_strict_clean_document(tmp_path: Path) -> None:
    """pandoc's reference document: settings, a style's children and a table style's cell
    properties out of the schema's order, list ids of four hex digits. The documents made
    with it are strict-clean all the same (sorted as the schema has them)."""

    def settings(data: bytes) -> bytes:  # zoom after rsids and clrSchemeMapping
        text = data.decode()
        zoom = re.search(r"<w:zoom [^>]*/>", text)
        assert zoom
        return (
            text.replace(zoom.group(0), "")
            .replace("</w:settings>", zoom.group(0) + "</w:settings>")
            .encode()
        )

    def styles(data: bytes) -> bytes:  # qFormat after rPr; a table style's vAlign before tcBorders
        text = re.sub(r'(<w:style [^>]*w:styleId="Title">.*?)(<w:qFormat/>)(.*?)(</w:style>)',
                      r"\1\3\2\4", data.decode(), count=1, flags=re.S)  # fmt: skip
        return re.sub(r'(<w:style [^>]*w:styleId="TableGrid">.*?)(</w:style>)',
                      r'\1<w:tcPr><w:vAlign w:val="center"/><w:tcBorders/></w:tcPr>\2', text,
                      count=1, flags=re.S).encode()  # fmt: skip

    def numbering(data: bytes) -> bytes:
        return re.sub(rb'<w:nsid w:val="[0-9A-F]{4}([0-9A-F]{4})"', rb'<w:nsid w:val="\1"', data)

    template = bundled_with(tmp_path / "pandoc.docx", {"word/settings.xml": settings,
                            "word/styles.xml": styles, "word/numbering.xml": numbering})  # fmt: skip
    concept = konzeptdoc.load_concept(WOB)
    paths = []
    for kind in ("concept", "submission"):
        paths.append(build(concept, kind=kind, output=tmp_path / f"{kind}.docx", template=template))
    ooxml_check(*paths)


def test_a_template_lacking_styles_gets_them_from_the_bundled_one(tmp_path: Path) -> None:
    """A letterhead saved by LibreOffice (or pandoc's reference document) lacks styles
    konzeptdoc uses, page size and margins, and says en-US: the styles are copied from the
    bundled template, the page is A4, the language German, hyphenation allowed."""
    import docx

    def no_page_setup(document: bytes) -> bytes:
        return re.sub(rb"<w:(pgSz|pgMar) [^>]*/>", b"", document)

    template = bundled_with(tmp_path / "libreoffice.docx",
                            {"word/styles.xml": _as_libreoffice_saves,
                             "word/document.xml": no_page_setup})  # fmt: skip
    assert b'<w:name w:val="Title"/>' not in zipfile.ZipFile(template).read("word/styles.xml")
    concept = konzeptdoc.load_concept(WOB)
    paths = []
    for kind in ("concept", "measures", "submission"):
        data = render(concept, kind=kind, template=template)[0]
        assert render(concept, kind=kind, template=template)[0] == data  # byte-identical
        paths.append(tmp_path / f"{kind}.docx")
        paths[-1].write_bytes(data)
    ooxml_check(*paths)
    document = docx.Document(str(paths[0]))
    names = {style.name for style in document.styles}
    assert {"Title", "Heading 1", "Heading 3", "List Paragraph", "Table Grid"} <= names
    assert document.paragraphs[1].style.name == "Title"
    assert document.sections[0].page_width == docx.shared.Twips(11906)  # A4
    styles = zipfile.ZipFile(paths[0]).read("word/styles.xml").decode()
    assert "suppressAutoHyphens" not in styles and 'w:val="en-US"' not in styles
    assert re.search(r'<w:docDefaults>.*<w:lang w:val="de-DE"', styles)


def _png(width: int, height: int) -> bytes:
    """A one-colour PNG, written by hand so the tests need no imaging library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x1f\x3a\x5f" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _logo_template(target: Path, description: str | None) -> Path:
    """The bundled template with a logo (and no text) in the header, as a city would make it."""
    from konzeptdoc.documents.template import bundled_template

    document = docx.Document(str(bundled_template()))
    run = document.sections[0].header.paragraphs[0].add_run()
    run.add_picture(io.BytesIO(_png(120, 40)), width=docx.shared.Cm(3))
    if description is not None:
        run._r.xpath(".//wp:docPr")[0].set("descr", description)
    document.save(str(target))
    return target


@pytest.mark.parametrize("description", [None, "Wappen der Stadt Wolfsburg"])
def test_city_template_keeps_its_logo_with_alt_text(
    tmp_path: Path, description: str | None
) -> None:
    template = _logo_template(tmp_path / "stadt.docx", description)
    path = Path(
        build(konzeptdoc.load_concept(WOB), output=tmp_path / "out.docx", template=template)
    )
    package = zipfile.ZipFile(path)
    header = package.read("word/header1.xml").decode()
    rels = package.read("word/_rels/header1.xml.rels").decode()
    embed = re.search(r'r:embed="(rId\d+)"', header)
    assert embed is not None, "the logo was dropped from the header"
    target = re.search(rf'Id="{embed.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{embed.group(1)}"', rels
    )
    assert target is not None and package.read("word/" + target.group(1)).startswith(b"\x89PNG")
    expected = description or "Logo: Stadt Wolfsburg"
    assert re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', header) == [expected]
    assert ooxml_check(path)
    # LibreOffice draws the logo: checked once (with the given description), not per case.
    if description is not None and shutil.which("soffice") and shutil.which("pdfimages"):
        import subprocess

        pdf = tmp_path / "out.pdf"
        build(konzeptdoc.load_concept(WOB), output=tmp_path / "x.docx", template=template, pdf=pdf)
        listing = subprocess.run(
            ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
        ).stdout
        assert len(listing.splitlines()) > 2, "LibreOffice drew no picture"


def _with_main_type(target: Path, content_type: str) -> Path:
    main = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    return bundled_with(
        target, {"[Content_Types].xml": lambda data: data.replace(main, content_type.encode())}
    )


def test_word_template_dotx_is_used_and_macros_are_refused(tmp_path: Path) -> None:
    concept = konzeptdoc.load_concept(WOB)
    dotx = _with_main_type(
        tmp_path / "stadt.dotx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    )
    path = Path(build(concept, output=tmp_path / "out.docx", template=dotx))
    types = zipfile.ZipFile(path).read("[Content_Types].xml").decode()
    assert "wordprocessingml.document.main+xml" in types and "template.main" not in types
    ooxml_check(path)
    dotm = _with_main_type(
        tmp_path / "stadt.dotm", "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
    )
    with pytest.raises(konzeptdoc.TemplateError, match=r"enthält Makros .*\*\.dotx"):
        build(concept, output=tmp_path / "m.docx", template=dotm)
    old = tmp_path / "stadt.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))  # Word 97-2003
    with pytest.raises(konzeptdoc.TemplateError, match="keine Word-Datei ab Word 2007"):
        build(concept, output=tmp_path / "d.docx", template=old)
    assert not (tmp_path / "m.docx").exists() and not (tmp_path / "d.docx").exists()


def test_bundled_template_is_not_in_compatibility_mode() -> None:
    from konzeptdoc.documents.template import bundled_template

    settings_xml = zipfile.ZipFile(bundled_template()).read("word/settings.xml").decode()
    assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings_xml)


hostile = st.text(
    alphabet=st.characters(
        blacklist_categories=["Cs"],
        blacklist_characters="\x00\x0b\x0c\ufffe\uffff\r"
        + "".join(map(chr, range(1, 9)))
        + "".join(map(chr, range(14, 32))),
    ),
    min_size=1,
    max_size=80,
).filter(lambda s: bool(s.strip()))
specials = st.sampled_from(
    [
        "AT&T <b>",
        "„Zitat“ 'x' \"y\"",
        "Çağrı Öztürk",
        "محمد الأحمد",
        "🎉👩‍👩‍👧",
        "Größe ß",
        "x" * 10_000,
        "a\tb",
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.one_of(hostile, specials), description=st.one_of(hostile, specials), partner=hostile
)
def test_hostile_text_appears_exactly(title: str, description: str, partner: str) -> None:
    concept = konzeptdoc.load_concept(WOB)
    for field in concept.fields:  # more than 16 rows: the plan's bulk path checks its cells too
        field.measures = [m.model_copy(update={"id": f"{m.id}-{n}"}) for m in field.measures
                          for n in range(4)]  # fmt: skip
    measure = concept.fields[0].measures[0]
    measure.title, measure.description, measure.partners = title, description, [partner]
    concept.fields[1].title = title
    for kind in ("concept", "measures"):
        text = all_text(render(concept, kind=kind)[0])
        assert title in text and partner in text
        if kind == "concept":  # the measures plan has no description column
            for paragraph in paragraphs(parse(description)):
                assert paragraph.plain in text


def test_cli_build_from_revision(tmp_path: Path, isolated_git: None) -> None:
    from konzeptdoc.samples.demo import replay, samples_dir

    root = replay(samples_dir() / "wolfsburg", tmp_path / "wob").path
    out = io.StringIO()
    target = tmp_path / "alt.docx"
    assert (
        main(
            [
                "-C",
                str(root),
                "build",
                "vielfalt-leben",
                "--rev",
                "vielfalt-leben/2011-06-29",
                "-o",
                str(target),
            ],
            stdout=out,
        )
        == 0
    )
    text = all_text(target.read_bytes())
    assert "Vorschulische und schulische Bildung" in text
    assert docx.Document(str(target)).core_properties.created == dt.datetime(
        2011, 6, 29, 16, 0, tzinfo=dt.UTC
    )


needs_office = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)


@needs_office
def test_libreoffice_opens_every_kind_and_finalize_fills_pages(tmp_path: Path) -> None:
    from konzeptdoc.documents.office import convert_many

    concept = konzeptdoc.load_concept(WOB)
    # The concept through build's own --pdf path (TOC filled in the same pass); the other
    # kinds in one LibreOffice run (each start costs seconds of the suite's budget).
    pdf = tmp_path / "concept.pdf"
    path = build(concept, kind="concept", output=tmp_path / "concept.docx", pdf=pdf)
    assert pdf.read_bytes().startswith(b"%PDF") and ooxml_check(Path(path))
    others = [Path(build(concept, kind=kind, output=tmp_path / f"{kind}.docx"))
              for kind in KINDS if kind != "concept"]  # fmt: skip
    pdfs = convert_many(others, tmp_path / "pdf")
    assert sorted(pdfs) == sorted(others)
    for other in others:
        assert pdfs[other].read_bytes().startswith(b"%PDF") and ooxml_check(other)
    xml = zipfile.ZipFile(tmp_path / "concept.docx").read("word/document.xml").decode()
    pages = re.findall(
        r'PAGEREF _Toc\d+ \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        r'<w:r><w:t xml:space="preserve">(\d+)</w:t>',
        xml,
    )
    assert len(pages) > 10 and pages == sorted(pages, key=int) and int(pages[0]) >= 2


@needs_office
@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is missing"
)
def test_libreoffice_keeps_dates_states_and_headers_whole(tmp_path: Path) -> None:
    """Column widths hold what must not break, as LibreOffice lays the tables out."""
    import subprocess

    from konzeptdoc.documents.office import convert_many

    sources = [
        (SAMPLES / "wiesbaden" / "05-ik-fortschreibung-2025" / "concepts" / "integrationskonzept", "measures"),
        (GEF, "participation"),
        (GEF, "measures"),
        (WOB, "submission"),
    ]  # fmt: skip
    documents = []
    for number, (folder, kind) in enumerate(sources):
        path = tmp_path / f"{number}-{kind}.docx"
        build(konzeptdoc.load_concept(folder), kind=kind, output=path)
        documents.append(path)
    documents.append(tmp_path / "sachstandsbericht.docx")  # headers in narrow columns
    documents[-1].write_bytes(render_report(_report_of_six_columns())[0])
    pdfs = convert_many(documents, tmp_path)
    for path in documents:
        xml = zipfile.ZipFile(path).read("word/document.xml").decode()
        shown = subprocess.run(["pdftotext", "-layout", str(pdfs[path]), "-"],
                               capture_output=True, text=True, check=True).stdout  # fmt: skip
        words = set(re.findall(r"\d\d\.\d\d\.\d{4}|\d\d:\d\d–\d\d:\d\d|\d{4}–\d{4}", xml))
        words |= set(re.findall(r"<w:t>(fortgeführt|umgesetzt|zurückgestellt|geplant)</w:t>", xml))
        for header in re.findall(r"<w:tblHeader/>.*?</w:tr>", xml):
            words |= set(" ".join(re.findall(r"<w:t>([^<]*)</w:t>", header)).split())
        assert words
        broken = sorted(w for w in words  # whole: between spaces (or brackets: "(09.07.2020)")
                        if not re.search(rf"(?<![^\s(]){re.escape(w)}(?![^\s)])", shown))  # fmt: skip
        assert not broken, f"{path.name}: broken across lines: {broken}"
        # Found whole somewhere is not enough ("heute" also stands in a sentence): no header
        # word is hyphenated at a line end ("Stand heu-te").
        headers = set()
        for header in re.findall(r"<w:tblHeader/>.*?</w:tr>", xml):
            headers |= set(" ".join(re.findall(r"<w:t>([^<]*)</w:t>", header)).split())
        elsewhere = set(" ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>",
                                            re.sub(r"<w:tblHeader/>.*?</w:tr>", "", xml))).split())  # fmt: skip
        headers -= elsewhere  # "jährlich" may be hyphenated in a cost cell
        split = sorted({f"{w[:k]}-" for w in headers if "-" not in w for k in range(3, len(w) - 1)
                        if re.search(rf"(?<!\S){re.escape(w[:k])}-(?!\S)", shown)})  # fmt: skip
        assert not split, f"{path.name}: header words hyphenated: {split}"
        # Nor is a state's word, where the cell has room for part of it after another word
        # ("in Umset-zung" in the report's narrow "Stand heute" column).
        states = {"geplant", "Umsetzung", "umgesetzt", "fortgeführt", "zurückgestellt"}
        states &= set(re.findall(r"<w:t>(?:in )?(\w+)</w:t>", xml))
        cut = sorted({f"{w[:k]}-" for w in states for k in range(3, len(w) - 1)
                      if re.search(rf"(?<!\S){re.escape(w[:k])}-(?!\S)", shown)})  # fmt: skip
        assert not cut, f"{path.name}: states hyphenated: {cut}"


def _report_of_six_columns() -> Any:
    """A Sachstandsbericht whose measure tables have narrow status columns ("Stand heute"
    was hyphenated "heu-te" by LibreOffice where half the word fitted a line)."""
    from konzeptdoc.documents.report_doc import ReportField, ReportMeasure, StatusReport

    measures = tuple(
        ReportMeasure(f"m{n}", f"Interkulturelle Gesundheitslotsinnen und -lotsen {n}",
                      "Gesundheitsamt", "planned", status, None,
                      "Beratungsstunden in Arabisch, Farsi und Türkisch eingerichtet; seit 2023 "
                      "Regelangebot des Psychosozialen Zentrums.", "2021–2024", 2024)
        for n, status in enumerate(("planned", "done", "in_progress"))
    )  # fmt: skip
    return StatusReport("k", "Integrationskonzept 2027–2031", "Integrationskonzept",
                        "Landeshauptstadt Wiesbaden", "Amt", dt.date(2025, 11, 12),
                        dt.datetime(2025, 11, 12, 12), "Stadtverordnetenversammlung",
                        dt.date(2020, 7, 9), True,
                        (ReportField("g", "Gesundheit", measures, ()),))  # fmt: skip


def test_pdf_without_libreoffice_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(konzeptdoc.OfficeError, match="libreoffice-writer-nogui"):
        build(konzeptdoc.load_concept(WOB), output=tmp_path / "x.docx", pdf=tmp_path / "x.pdf")
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.parametrize(
    "value", [" Amt 33", "Amt 33 ", "Amt  33", "Amt\u00a033", "A & B", "a\tb", "a\nb", "<b>", ""]
)
@pytest.mark.parametrize("copies", [1, 6], ids=["rows-one-by-one", "rows-in-bulk"])
def test_table_cells_keep_every_space(value: str, copies: int) -> None:
    """Small tables are written row by row, large ones in bulk: both keep every character."""
    concept = konzeptdoc.load_concept(WOB)
    for field in concept.fields:  # 6 copies of each measure: more than 16 rows, the bulk path
        field.measures = [m.model_copy(update={"id": f"{m.id}-{n}"}) for m in field.measures
                          for n in range(copies)]  # fmt: skip
    concept.fields[0].measures[0].lead = value
    document = docx.Document(io.BytesIO(render(concept, kind="measures")[0]))
    cells = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert len(cells) > (16 if copies > 1 else 1)
    assert cells[1][3] == (value or "–")
    assert all(re.fullmatch(r"1\.\d+", row[0]) for row in cells[1:])
