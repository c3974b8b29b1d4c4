"""The PDFs of the sample documents, made by LibreOffice as `--pdf` makes them.

One LibreOffice process converts every document (session fixture); the tests then check
that no paragraph or table cell of a .docx is missing from its PDF, and that each PDF is
accessible (PDF/UA-1).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest

import konzeptdoc
from konzeptdoc.diff import compare
from konzeptdoc.diff.redline import redline_document
from konzeptdoc.diff.synopse import synopse
from konzeptdoc.documents import render
from konzeptdoc.documents.anchors import anchor_name
from konzeptdoc.documents.comments import Comment
from tests.edge_concept import URL, write_edge_concept

SAMPLES = Path(__file__).resolve().parents[1] / "sample_concepts"
WETZLAR = SAMPLES / "wetzlar" / "02-handlungskonzept-2011" / "concepts" / "modellregion-integration"
WIESBADEN_OLD = SAMPLES / "wiesbaden" / "04-ik-beschluss-2020" / "concepts" / "integrationskonzept"
WIESBADEN = SAMPLES / "wiesbaden" / "05-ik-fortschreibung-2025" / "concepts" / "integrationskonzept"
WOLFSBURG = SAMPLES / "wolfsburg" / "03-review-beschluss-2020" / "concepts" / "vielfalt-leben"

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and pdftotext (poppler-utils) are needed",
)

NOTE = "Zuständigkeit mit dem Schulamt klären?"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Converted:
    docx: Path
    pdf: Path


@pytest.fixture(scope="session")
def sample_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Converted]:
    """name → docx and PDF: every kind of three sample concepts, a Synopse and a redline,
    and a concept of edge cases (tests/edge_concept.py)."""
    from konzeptdoc.documents.office import convert_many

    folder = tmp_path_factory.mktemp("pdfs")
    documents: dict[str, bytes] = {}
    for name, source, kinds in (
        ("wetzlar", WETZLAR, ("concept", "measures", "participation")),
        ("wiesbaden", WIESBADEN, ("concept", "measures", "participation")),
        ("wolfsburg", WOLFSBURG, ("concept", "submission")),
        ("rand", write_edge_concept(folder / "rand"), ("concept", "measures", "submission")),
    ):
        concept = konzeptdoc.load_concept(source)
        for kind in kinds:
            documents[f"{name}-{kind}"] = render(concept, kind=kind, toc_field=False)[0]
    old, new = konzeptdoc.load_concept(WIESBADEN_OLD), konzeptdoc.load_concept(WIESBADEN)
    documents["wiesbaden-synopse"] = synopse(compare(old, new), municipality=new.municipality)
    # With a reviewer's comment at a measure's title: a note in the PDF, which LibreOffice
    # leaves outside the structure tree (see documents/pdf.py).
    comment = Comment(anchor_name(new.fields[0].measures[0].id, "title"), "", None, NOTE)
    documents["wiesbaden-redline"] = redline_document(
        old,
        new,
        lambda _: ("Integrationsamt", "2025-11-12T10:00:00Z"),
        toc_field=False,
        comments=[comment],
    )
    paths = []
    for name, data in documents.items():
        path = folder / f"{name}.docx"
        path.write_bytes(data)
        paths.append(path)
    pdfs = convert_many(paths, folder)
    assert set(pdfs) == set(paths), "LibreOffice could not convert every document"
    return {path.stem: Converted(path, pdfs[path]) for path in paths}


def _squeezed(text: str) -> str:
    """Text without what line breaking changes: whitespace, soft hyphens and hyphens (a
    word hyphenated at a line end reads "Förder-\\nbedarf"); without right-to-left letters
    and bidi marks, which pdftotext gives in display order (its own reordering, with
    ligatures such as lam-alef taken apart); and in composed form (é as one character)."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(
        r"[\s\u00ad\-‐‑\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]+",
        "",
        text,
    )


def _docx_texts(path: Path) -> tuple[list[str], list[str], list[str], bool]:
    """Each paragraph's text pieces (split at tabs, in document order; inserted and deleted
    text alike, as LibreOffice shows tracked changes); the header and footer texts; and
    whether the first page has a header of its own (titlePg)."""
    from lxml import etree

    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        parts = {
            name: etree.fromstring(package.read(name))
            for name in package.namelist()
            if re.fullmatch(r"word/(header|footer)\d*\.xml", name)
        }

    def pieces(root: etree._Element) -> list[str]:
        out = []
        for paragraph in root.iter(f"{W}p"):
            text = "".join(
                (element.text or "") if element.tag in (f"{W}t", f"{W}delText") else "\t"
                for element in paragraph.iter(f"{W}t", f"{W}delText", f"{W}tab", f"{W}br")
            )
            out.extend(piece.strip() for piece in text.split("\t") if piece.strip())
        return out

    headers = [p for name, root in parts.items() if "header" in name for p in pieces(root)]
    footers = [p for name, root in parts.items() if "footer" in name for p in pieces(root)]
    own_first = body.find(f".//{W}sectPr/{W}titlePg") is not None
    return pieces(body), headers, footers, own_first


def _pdf_text(path: Path, headers: list[str], footers: list[str], own_first: bool) -> str:
    """The PDF's text without headers and footers (they interrupt text running over a page):
    a footer wherever it is ("… – Seite 3 von 9", also glued to the end of a line whose
    last word is hyphenated over the page break: "Inte" + footer, then "grationskurse"), a
    header as a page's first line."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    footer = [re.compile(re.escape(p).replace("1", r"\d+") + r"\s*$") for p in footers]
    pages = []
    for number, page in enumerate(text.split("\f")):
        lines = []
        for line in page.split("\n"):
            for pattern in footer:
                line = pattern.sub("", line)
            if line.strip():
                lines.append(line)
        if lines and lines[0].strip() in headers and not (number == 0 and own_first):
            lines = lines[1:]
        pages.append("\n".join(lines))
    return "\n".join(pages)


NAMES = [f"{city}-{kind}" for city, kinds in (
    ("wetzlar", ("concept", "measures", "participation")),
    ("wiesbaden", ("concept", "measures", "participation", "synopse", "redline")),
    ("wolfsburg", ("concept", "submission")),
    ("rand", ("concept", "measures", "submission")),
) for kind in kinds]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_pdf_keeps_every_paragraph_and_cell(sample_pdfs: dict[str, Converted], name: str) -> None:
    """Every text of the .docx appears in the PDF, as often as in the .docx (a heading lost
    from the body would still be found in the contents: it is counted).

    Order is not compared: pdftotext reads a table's columns in an order of its own.
    """
    converted = sample_pdfs[name]
    pieces, *furniture = _docx_texts(converted.docx)
    shown = _squeezed(_pdf_text(converted.pdf, *furniture))  # type: ignore[arg-type]
    assert len(pieces) > 10
    wanted = Counter(_squeezed(piece) for piece in pieces)
    missing = [text for text, count in wanted.items() if shown.count(text) < count]
    assert not missing, f"{name}: {len(missing)} texts missing from the PDF: {missing[:5]}"
    # A field whose target is gone (a contents entry without its heading's bookmark) prints
    # LibreOffice's error text instead of a page number.
    assert "Referencesourcenotfound" not in shown and "Verweisnichtgefunden" not in shown


def test_the_check_finds_a_lost_row(sample_pdfs: dict[str, Converted]) -> None:
    """The comparison is not blind: a text the PDF lacks is reported."""
    converted = sample_pdfs["wetzlar-concept"]
    _, *furniture = _docx_texts(converted.docx)
    shown = _squeezed(_pdf_text(converted.pdf, *furniture))  # type: ignore[arg-type]
    assert _squeezed("Personalamt") in shown
    assert _squeezed("Personalamt im Rathaus") not in shown


@pytest.mark.parametrize("name", NAMES)
def test_pdf_is_accessible(sample_pdfs: dict[str, Converted], name: str) -> None:
    """PDF/UA-1 with no failed rule; the title shown, German, links in structure order."""
    import page
    import pikepdf

    report = page.validate_pdf(sample_pdfs[name].pdf, profile=page.ValidationProfile.PDF_UA_1)
    failed = sorted({f"{f.rule_id}: {f.message}" for f in report.failures})
    assert report.rules.failed == 0 and not failed, f"{name}: {failed}"
    with pikepdf.open(sample_pdfs[name].pdf) as pdf:
        assert str(pdf.Root.Lang) == "de-DE"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        assert str(pdf.docinfo.Title)
        keywords = str(pdf.docinfo.Keywords)
        with zipfile.ZipFile(sample_pdfs[name].docx) as package:
            core = ElementTree.fromstring(package.read("docProps/core.xml"))
        assert keywords == core.findtext(f"{CP}keywords") and "; " in keywords


def test_redline_contents_get_their_page_numbers(sample_pdfs: dict[str, Converted]) -> None:
    """The redline's contents list the new version's headings with page numbers, measured
    in its PDF as `build --finalize` measures a concept's (the demo does this in its one
    LibreOffice run; `diff --format redline --finalize` in one of its own)."""
    from konzeptdoc.documents.office import heading_pages, page_texts

    old, new = konzeptdoc.load_concept(WIESBADEN_OLD), konzeptdoc.load_concept(WIESBADEN)
    body = render(new)[1]
    pages = heading_pages(body, page_texts(sample_pdfs["wiesbaden-redline"].pdf.read_bytes()))
    assert len(pages) == len(body.toc_entries) > 20
    assert pages[body.toc_entries[0][2]] == 3  # after the cover and the contents
    data = redline_document(
        old, new, lambda _: ("Integrationsamt", "2025-11-12T10:00:00Z"), pages=pages
    )
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    numbers = re.findall(
        r'PAGEREF (_Toc\d+) \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
        r"</w:r>(?:<w:r><w:t[^>]*>(\d+)</w:t></w:r>)?",
        xml,
    )
    assert len(numbers) == len(body.toc_entries)
    assert all(page == str(pages[anchor]) for anchor, page in numbers), numbers


def test_a_heading_not_found_as_written_takes_the_number_the_contents_printed() -> None:
    """A redline's renamed heading reads with its deleted words in the PDF ("2.1 Bildung
    Vorschulische Bildung"): its page is the number LibreOffice printed in the contents."""
    from types import SimpleNamespace
    from typing import cast

    from konzeptdoc.documents.office import heading_pages
    from konzeptdoc.documents.wordml import Body

    body = cast(Body, SimpleNamespace(toc_entries=[(1, "1 Grundlagen", "_Toc1"),
                                                   (2, "2.1 Vorschulische Bildung", "_Toc2"),
                                                   (1, "3 Beteiligung", "_Toc3")]))  # fmt: skip
    pages = [
        "Titel",
        "Inhalt\n1 Grundlagen.........3\n2.1 Vorschulische Bildung.......4\n3 Beteiligung....5",
        "1 Grundlagen\nText",
        "2.1 BildungVorschulische Bildung\nText",
        "3 Beteiligung",
    ]
    assert heading_pages(body, pages) == {"_Toc1": 3, "_Toc2": 4, "_Toc3": 5}


@pytest.mark.parametrize("name", ["rand-concept", "rand-measures"])
def test_web_addresses_and_amounts_stay_readable(
    sample_pdfs: dict[str, Converted], name: str
) -> None:
    """A web address breaks at its slashes, never with a hyphen that would change it
    ("integrati-on/"); "1.234.567.890,12 €" keeps its € (no line starts a cell with "€")."""
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(sample_pdfs[name].pdf), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "verwaltung/integration/" in text
    pieces = {p for p in re.split(r"[/.:]+", URL) if len(p) > 3}
    ends = [re.split(r"[/.:]", word)[-1] for word in re.findall(r"(\S+)-(?=\s|$)", text, re.M)]
    hyphenated = [end for end in ends if len(end) > 2 and any(p.startswith(end) for p in pieces)]
    assert not hyphenated, hyphenated
    assert "1.234.567.890,12 €" in text.replace("\u00a0", " ")
    assert not re.search(r"(^|\s{2})€", text, re.M)


def test_a_comment_is_a_tagged_note(sample_pdfs: dict[str, Converted]) -> None:
    """A redline's Word comment is a note with its text, in the structure tree (an Annot
    element whose /Alt is the text), without the popup LibreOffice adds: PDF/UA failed
    both (tested with the others in `test_pdf_is_accessible`)."""
    import pikepdf

    with pikepdf.open(sample_pdfs["wiesbaden-redline"].pdf) as pdf:
        notes = [a for page in pdf.pages for a in page.obj.get("/Annots", [])
                 if a.get("/Subtype") in (pikepdf.Name.Text, pikepdf.Name.Popup)]  # fmt: skip
        assert [str(a.Contents) for a in notes] == [NOTE]
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        element = dict(zip(map(int, nums[::2]), nums[1::2], strict=True))[
            int(notes[0].StructParent)
        ]
        assert str(element.S) == "/Annot" and str(element.Alt) == NOTE


def test_a_decisions_points_keep_their_numbers(sample_pdfs: dict[str, Converted]) -> None:
    """Markdown in a table cell is a list in the PDF too: "1." and "2." are printed."""
    path = str(sample_pdfs["rand-concept"].pdf)
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", path, "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert re.search(r"1\.\s+Der Rat beschließt das Konzept\.", text)
    assert re.search(r"2\.\s+Die Verwaltung berichtet jährlich\.", text)
