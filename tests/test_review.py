"""The review round-trip: anchors in built documents, reading reviewed copies back."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path

import konzeptdoc
from konzeptdoc.documents import build
from konzeptdoc.documents.anchors import anchor_name, parse_name
from tests.conftest import ooxml_check

SHA = "0123456789abcdef0123456789abcdef01234567"


def _part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def test_built_document_anchors_every_editable_text_and_records_its_source(
    concept_dir: Path, tmp_path: Path
) -> None:
    concept = konzeptdoc.load_concept(concept_dir)
    bildung = concept.fields[0]
    bildung.goals[1].text = "Gleicher Text."
    bildung.measures[0].description = "Gleicher Text."  # same text, told apart by anchors
    data = build(concept, revision=SHA)
    assert isinstance(data, bytes)
    assert build(concept, revision=SHA) == data  # byte-identical on rebuild
    document = _part(data, "word/document.xml")
    names = re.findall(r'<w:bookmarkStart w:id="\d+" w:name="(kd_[^"]+)"/>', document)
    expected = {
        anchor_name("test", "title"),
        anchor_name("bildung", "title"),
        anchor_name("bildung", "situation"),
        anchor_name("hz-sprache", "title"),
        anchor_name("hz-sprache", "text"),
        anchor_name("m-sprachkurse", "title"),
        anchor_name("m-sprachkurse", "description"),
        anchor_name("gefluechtete", "name"),
        anchor_name("arbeit", "title"),
    }
    assert expected <= set(names)
    assert len(names) == len(set(names)) and all(len(n) <= 40 for n in names)
    assert parse_name(anchor_name("hz-sprache", "text")) == ("text", "xiua7vwd5h4mu")
    assert parse_name("_Toc000001") is None and parse_name("kd_q_xiua7vwd5h4mu") is None
    # Anchors add no text: the body's text is the same as without them.
    assert "kd_" not in re.sub(r"<[^>]+>", "", document)
    custom = _part(data, "docProps/custom.xml")
    assert "integrationskonzept" not in custom
    assert f"<vt:lpwstr>{SHA}</vt:lpwstr>" in custom and "<vt:lpwstr>test</vt:lpwstr>" in custom
    path = tmp_path / "konzept.docx"
    path.write_bytes(data)
    ooxml_check(path)


# -- reviewed copies, made with lxml as Word writes them -------------------------------------

import json  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402

import pytest  # noqa: E402
from lxml import etree  # noqa: E402

from konzeptdoc.cli import main  # noqa: E402
from konzeptdoc.errors import ReviewError  # noqa: E402
from tests.conftest import AUTHOR, snapshot, write_repo  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
DATE = "2026-11-30T10:00:00Z"


def test_entity_hash_is_the_base32_of_the_digest() -> None:
    """The table-driven encoding writes what base64's did: documents built before still read."""
    import base64
    import hashlib

    from konzeptdoc.documents.anchors import entity_hash

    for entity_id in ("hz-sprache", "m", "m-ä-ß-€", "x" * 200, "a1-" * 20, "0"):
        digest = hashlib.blake2b(entity_id.encode("utf-8"), digest_size=8).digest()
        assert entity_hash(entity_id) == base64.b32encode(digest).decode().rstrip("=").lower()


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


class Reviewer:
    """Edits a built document the way Word's change tracking records it."""

    def __init__(self, data: bytes, author: str) -> None:
        self.parts = {}
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.parts = {n: archive.read(n) for n in archive.namelist()}
        self.root = etree.fromstring(self.parts["word/document.xml"])
        self.author = author
        self.next_id = 5000
        self.comments: list[tuple[int, str, str | None]] = []  # id, text, parent

    def _mark(self, tag: str) -> etree._Element:
        self.next_id += 1
        return etree.Element(
            q(tag), {q("id"): str(self.next_id), q("author"): self.author, q("date"): DATE}
        )

    def _texts(self, entity: str, key: str) -> list[etree._Element]:
        name = anchor_name(entity, key)
        start = self.root.xpath(f"//w:bookmarkStart[@w:name='{name}']", namespaces={"w": W})[0]
        out, inside = [], False
        for element in self.root.iter(q("bookmarkStart"), q("bookmarkEnd"), q("t")):
            if element is start:
                inside = True
            elif (
                inside
                and element.tag == q("bookmarkEnd")
                and element.get(q("id")) == start.get(q("id"))
            ):
                break
            elif inside and element.tag == q("t"):
                out.append(element)
        return out

    def replace(
        self, entity: str, key: str, old: str, new: str, *, tag: str = "del", new_tag: str = "ins"
    ) -> None:
        """Delete `old` (a word or part of one) and insert `new` in its place."""
        for text in self._texts(entity, key):
            value = text.text or ""
            at = value.find(old)
            if at < 0:
                continue
            run = text.getparent()
            before, after = value[:at], value[at + len(old) :]
            text.text = before
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            anchor = run
            if old:
                deletion = self._mark(tag)
                r = etree.SubElement(deletion, q("r"))
                etree.SubElement(r, q("t" if tag == "moveFrom" else "delText")).text = old
                anchor.addnext(deletion)
                anchor = deletion
            if new:
                insertion = self._mark(new_tag)
                r = etree.SubElement(insertion, q("r"))
                etree.SubElement(
                    r, q("t"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}
                ).text = new
                anchor.addnext(insertion)
                anchor = insertion
            tail = etree.SubElement(run.getparent(), q("r"))
            etree.SubElement(
                tail, q("t"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}
            ).text = after
            anchor.addnext(tail)
            return
        raise AssertionError(f"{old!r} not in {entity}.{key}")

    def split(self, entity: str, key: str, before: str) -> None:
        """Press Enter before the run starting with `before`: the new paragraph mark is tracked."""
        run = next(
            t.getparent() for t in self._texts(entity, key) if (t.text or "").startswith(before)
        )
        paragraph = run.getparent()
        first = etree.Element(q("p"))
        ppr = paragraph.find(q("pPr"))
        if ppr is not None:
            first.append(copy.deepcopy(ppr))
        else:
            first.append(etree.Element(q("pPr")))
        etree.SubElement(etree.SubElement(first[0], q("rPr")), q("ins"),
                         {q("id"): "4999", q("author"): self.author, q("date"): DATE})  # fmt: skip
        for child in list(paragraph):
            if child is run:
                break
            if child.tag != q("pPr"):
                first.append(child)
        paragraph.addprevious(first)

    def append(self, entity: str, key: str, text: str) -> None:
        """Type `text` right after the anchor's end (Word does not widen a bookmark)."""
        name = anchor_name(entity, key)
        start = self.root.xpath(f"//w:bookmarkStart[@w:name='{name}']", namespaces={"w": W})[0]
        end = self.root.xpath(
            f"//w:bookmarkEnd[@w:id='{start.get(q('id'))}']", namespaces={"w": W}
        )[0]
        insertion = self._mark("ins")
        etree.SubElement(etree.SubElement(insertion, q("r")), q("t"),
                         {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}).text = text  # fmt: skip
        end.addnext(insertion)

    def new_paragraph_after(self, entity: str, key: str, text: str) -> None:
        """Press Enter after the anchor's paragraph and type `text` (a tracked paragraph)."""
        name = anchor_name(entity, key)
        start = self.root.xpath(f"//w:bookmarkStart[@w:name='{name}']", namespaces={"w": W})[0]
        paragraph = etree.Element(q("p"))
        mark = etree.SubElement(etree.SubElement(paragraph, q("pPr")), q("rPr"))
        mark.append(self._mark("ins"))
        insertion = self._mark("ins")
        etree.SubElement(etree.SubElement(insertion, q("r")), q("t")).text = text
        paragraph.append(insertion)
        start.getparent().addnext(paragraph)

    def insert_in_heading(self, heading: str, text: str) -> None:
        for t in reversed(list(self.root.iter(q("t")))):  # the heading, not its TOC entry
            if (t.text or "").endswith(heading):
                insertion = self._mark("ins")
                r = etree.SubElement(insertion, q("r"))
                etree.SubElement(r, q("t")).text = text
                t.getparent().addnext(insertion)
                return
        raise AssertionError(heading)

    def reformat(self, entity: str, key: str) -> None:
        run = self._texts(entity, key)[0].getparent()
        rpr = run.find(q("rPr"))
        if rpr is None:
            rpr = etree.Element(q("rPr"))
            run.insert(0, rpr)
        etree.SubElement(rpr, q("b"))
        change = self._mark("rPrChange")
        etree.SubElement(change, q("rPr"))
        rpr.append(change)

    def comment(self, entity: str, key: str, text: str, reply_to: int | None = None) -> int:
        texts = self._texts(entity, key)
        self.next_id += 1
        cid = self.next_id
        texts[0].getparent().addprevious(etree.Element(q("commentRangeStart"), {q("id"): str(cid)}))
        end = texts[-1].getparent()
        end.addnext(etree.Element(q("commentRangeEnd"), {q("id"): str(cid)}))
        reference = etree.Element(q("r"))
        etree.SubElement(reference, q("commentReference"), {q("id"): str(cid)})
        end.getnext().addnext(reference)
        self.comments.append((cid, text, None if reply_to is None else str(reply_to)))
        return cid

    def save(self, path: Path) -> Path:
        parts = dict(self.parts)
        parts["word/document.xml"] = etree.tostring(
            self.root, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        if self.comments:
            body = "".join(
                f'<w:comment w:id="{cid}" w:author="{self.author}" w:date="{DATE}" w:initials="R">'
                f'<w:p w14:paraId="{cid:08X}"><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>'
                for cid, text, _ in self.comments
            )
            parts["word/comments.xml"] = (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="{W}" xmlns:w14="{W14}">{body}</w:comments>'.encode()
            )
            extended = "".join(
                f'<w15:commentEx w15:paraId="{cid:08X}"'
                + (f' w15:paraIdParent="{int(parent):08X}"' if parent else "")
                + ' w15:done="0"/>'
                for cid, _, parent in self.comments
            )
            parts["word/commentsExtended.xml"] = (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w15:commentsEx xmlns:w15="{W15}">{extended}</w15:commentsEx>'.encode()
            )
            types = parts["[Content_Types].xml"].decode()
            types = types.replace(
                "</Types>",
                '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>'
                '<Override PartName="/word/commentsExtended.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/></Types>',
            )
            parts["[Content_Types].xml"] = types.encode()
            rels = parts["word/_rels/document.xml.rels"].decode()
            rels = rels.replace(
                "</Relationships>",
                '<Relationship Id="rIdC1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>'
                '<Relationship Id="rIdC2" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/></Relationships>',
            )
            parts["word/_rels/document.xml.rels"] = rels.encode()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
        return path


@pytest.fixture
def reviewed(tmp_path: Path, isolated_git: None) -> tuple[konzeptdoc.Repository, bytes]:
    """A repository with concept `test` committed, and its concept document built from HEAD."""
    root = tmp_path / "repo"
    repository = konzeptdoc.Repository.init(root, municipality="Teststadt", author=AUTHOR)
    folder = write_repo(root)
    text = (folder / "fields" / "arbeit.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    title: Anerkennungsberatung\n",
        "    title: Anerkennungsberatung\n    description: Beratung im **Rathaus** für alle.\n",
    )
    text = text.replace(
        "    title: Anerkennung ausländischer Abschlüsse\n",
        "    title: Anerkennung ausländischer Abschlüsse\n    text: Beratung im **Rathaus** für alle.\n",
    )
    (folder / "fields" / "arbeit.yaml").write_text(text, encoding="utf-8")
    repository.commit("Konzept", author=AUTHOR)
    data = build(repository.load("test"))
    assert isinstance(data, bytes)
    return repository, data


def _run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(args), stdout=out)
    return status, out.getvalue()


def test_review_maps_tracked_changes_comments_and_generated_text(
    reviewed: tuple[konzeptdoc.Repository, bytes], tmp_path: Path
) -> None:
    repository, data = reviewed
    reviewer = Reviewer(data, "Frauenbeauftragte")
    # The same text twice: only the measure's description is changed, inside a word.
    reviewer.replace("m-beratung", "description", "Rathaus", "Bürgerbüro")
    reviewer.replace("m-beratung", "description", "alle", "Bürger*innen")
    reviewer.replace("bildung", "situation", "gut", "sehr gut")
    reviewer.insert_in_heading("Maßnahmen", " (neu)")
    reviewer.reformat("arbeit", "title")
    first = reviewer.comment("hz-sprache", "title", "Zu eng gefasst?")
    reviewer.comment("hz-sprache", "title", "Nein, passt.", reply_to=first)
    path = reviewer.save(tmp_path / "frauenbeauftragte.docx")

    review = konzeptdoc.read_review("test", [path], repository=repository.root)
    assert [(c.entity, c.field, c.old, c.new, c.author, c.date) for c in review.changes] == [
        ("bildung", "situation", "Die Lage ist gut. erstens zweitens",
         "Die Lage ist sehr gut. erstens zweitens", "Frauenbeauftragte", DATE),
        ("m-beratung", "description", "Beratung im Rathaus für alle.",
         "Beratung im Bürgerbüro für Bürger*innen.", "Frauenbeauftragte", DATE),
    ]  # fmt: skip
    assert [(c.entity, c.field, c.text, c.quoted, c.reply_to) for c in review.comments] == [
        ("hz-sprache", "title", "Zu eng gefasst?", "Sprachförderung ausbauen", None),
        ("hz-sprache", "title", "Nein, passt.", "Sprachförderung ausbauen", 0),
    ]
    reasons = {u.text: u.reason for u in review.unmapped}
    assert "Überschrift" in reasons["(neu)"]
    assert "Formatierung" in reasons["Arbeit"]
    assert not review.conflicts

    before = snapshot(repository.root)
    status, out = _run("-C", str(repository.root), "review", "test", str(path), "--format", "json")
    assert status == 0 and snapshot(repository.root) == before  # without --apply: nothing written
    result = json.loads(out)
    assert set(result) == {"changes", "comments", "unmapped", "conflicts"}
    assert result["changes"][1]["new"] == "Beratung im Bürgerbüro für Bürger*innen."
    status, out = _run("-C", str(repository.root), "review", "test", str(path))
    assert status == 0
    assert "Maßnahme 2.1 „Anerkennungsberatung“, Beschreibung (Frauenbeauftragte" in out
    assert "Frauenbeauftragte, 30.11.2026, 10:00;" in out and DATE not in out  # German time
    assert "[-Rathaus-]{+Bürgerbüro+}" in out and "Kommentar (Antwort) von Frauenbeauftragte" in out

    status, out = _run("-C", str(repository.root), "review", "test", str(path), "--apply")
    assert status == 0, out
    assert "Co-authored-by: Frauenbeauftragte" in out and " \n" not in out  # no trailing blanks
    assert "Übernommen: 2 Änderungen und 2 Kommentare in 3 Dateien." in out  # comments too
    diff = subprocess.run(["git", "-C", str(repository.root), "diff", "-U0"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    changed = [
        line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changed == [
        "-    description: Beratung im **Rathaus** für alle.",
        "+    description: Beratung im **Bürgerbüro** für Bürger\\*innen.",
        "-  Die Lage ist *gut*.",
        "+  Die Lage ist sehr *gut*.",
    ]
    assert konzeptdoc.validate(repository.root) == []
    concept = konzeptdoc.load_concept(repository.root / "concepts" / "test")
    assert concept.fields[1].goals[1].text == "Beratung im **Rathaus** für alle."  # the twin
    notes = (repository.root / "concepts" / "test" / "review.yaml").read_text(encoding="utf-8")
    assert "Zu eng gefasst?" in notes and "reply_to: 0" in notes
    # The next Synopse lists the comments kept in review.yaml; reviewers (personal data) are
    # named only --with-authors.
    import docx

    synopse, named = tmp_path / "synopse.docx", tmp_path / "synopse-namen.docx"
    for target, extra in ((synopse, []), (named, ["--with-authors"])):
        status, _ = _run("-C", str(repository.root), "diff", "test", "HEAD", "--format",
                         "synopse", "-o", str(target), *extra)  # fmt: skip
        assert status == 0
    cells = [c.text for t in docx.Document(str(synopse)).tables for r in t.rows for c in r.cells]
    assert "Antwort: Nein, passt." in cells and "Frauenbeauftragte" not in cells
    named_cells = [c.text for t in docx.Document(str(named)).tables for r in t.rows
                   for c in r.cells]  # fmt: skip
    assert "Frauenbeauftragte" in named_cells
    assert (
        "Handlungsziel 1.2 „Sprachförderung ausbauen“, Titel: „Sprachförderung ausbauen“" in cells
    )
    # …and so does the next redline: as Word comments at the text, the reply as a reply.
    redline, again = tmp_path / "redline.docx", tmp_path / "redline-namen.docx"
    for target, extra in ((redline, []), (again, ["--with-authors"])):
        status, _ = _run("-C", str(repository.root), "diff", "test", "HEAD", "--format",
                         "redline", "-o", str(target), *extra)  # fmt: skip
        assert status == 0
    ooxml_check(synopse, named, redline, again)
    from konzeptdoc.review.reading import read_document

    placed = read_document(redline).comments
    assert [(c.author, c.text, c.quoted) for c in placed] == [
        ("Überarbeitung", "Zu eng gefasst?", "Sprachförderung ausbauen"),
        ("Überarbeitung", "Nein, passt.", "Sprachförderung ausbauen"),
    ]
    assert placed[1].parent == placed[0].id and placed[0].parent is None
    assert [c.author for c in docx.Document(str(again)).comments] == ["Frauenbeauftragte"] * 2
    assert "kd_" not in _part(redline.read_bytes(), "word/document.xml")  # anchors taken out


def test_two_reviewers_conflict_and_a_later_commit_is_never_reverted(
    reviewed: tuple[konzeptdoc.Repository, bytes], tmp_path: Path
) -> None:
    repository, data = reviewed
    one, two = Reviewer(data, "Dezernat II"), Reviewer(data, "Integrationsbeirat")
    one.replace("lz-bildung", "title", "Gleiche", "Faire")
    two.replace("lz-bildung", "title", "Gleiche", "Echte")
    one.replace("m-sprachkurse", "title", "Eltern", "Mütter und Väter")
    two.replace("hz-anerkennung", "title", "ausländischer", "im Ausland erworbener")
    one.replace("lz-arbeit", "title", "Zugang zum", "Zugang zum regulären")
    files = [one.save(tmp_path / "dezernat.docx"), two.save(tmp_path / "beirat.docx")]
    # Since the document was built, the repository changed the measure's title itself.
    arbeit = repository.root / "concepts" / "test" / "fields" / "arbeit.yaml"
    arbeit.write_text(arbeit.read_text(encoding="utf-8").replace(
        "title: Zugang zum Arbeitsmarkt", "title: Zugang zu Arbeit"), encoding="utf-8")  # fmt: skip
    repository.commit("Ziel umbenannt", author=AUTHOR)

    review = konzeptdoc.read_review("test", files, repository=repository.root)
    assert sorted((c.entity, c.author) for c in review.changes) == [
        ("hz-anerkennung", "Integrationsbeirat"), ("m-sprachkurse", "Dezernat II")]  # fmt: skip
    conflicts = {c.entity: c for c in review.conflicts}
    assert [p.new for p in conflicts["lz-bildung"].proposals] == [
        "Faire Bildungschancen", "Echte Bildungschancen"]  # fmt: skip
    assert conflicts["lz-arbeit"].proposals[-1].new == "Zugang zu Arbeit"
    status, _ = _run("-C", str(repository.root), "review", "test", *map(str, files), "--apply")
    assert status == 1  # conflicts remain; the others are applied
    concept = konzeptdoc.load_concept(repository.root / "concepts" / "test")
    assert concept.fields[0].measures[0].title == "Sprachkurse für Mütter und Väter"
    assert concept.fields[1].goals[1].title == "Anerkennung im Ausland erworbener Abschlüsse"
    assert concept.fields[1].goals[0].title == "Zugang zu Arbeit"  # the later commit stays
    assert concept.fields[0].goals[0].title == "Gleiche Bildungschancen"


def test_bad_input_is_refused_in_german_and_nothing_is_written(
    reviewed: tuple[konzeptdoc.Repository, bytes], tmp_path: Path
) -> None:
    repository, data = reviewed
    before = snapshot(repository.root)
    (tmp_path / "kein.docx").write_bytes(b"kein Zip")
    with zipfile.ZipFile(tmp_path / "text.odt", "w") as odt:  # saved as OpenDocument
        odt.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        odt.writestr("content.xml", "<office:document-content/>")
    foreign = tmp_path / "fremd.docx"
    import docx  # python-docx's blank document: a .docx konzeptdoc did not build

    docx.Document().save(str(foreign))
    other = Reviewer(data, "X")
    other.parts["docProps/custom.xml"] = other.parts["docProps/custom.xml"].replace(
        b"<vt:lpwstr>test</vt:lpwstr>", b"<vt:lpwstr>anderes</vt:lpwstr>")  # fmt: skip
    gone = Reviewer(data, "X")
    head = repository.head()
    assert head is not None
    gone.parts["docProps/custom.xml"] = gone.parts["docProps/custom.xml"].replace(
        head.encode(), b"f" * 40)  # fmt: skip
    cases = {"kein.docx": "keine Word-Datei", "fremd.docx": "keine Angaben zu Konzept und Fassung",
             "anderes.docx": "aus dem Konzept „anderes“", "alt.docx": "nicht (mehr) gibt",
             "fehlt.docx": "lässt sich nicht lesen: ", "text.odt": "als Word-Dokument (.docx)"}  # fmt: skip
    other.save(tmp_path / "anderes.docx")
    gone.save(tmp_path / "alt.docx")
    for name, words in cases.items():
        with pytest.raises(ReviewError, match=re.escape(words)):
            konzeptdoc.read_review("test", [tmp_path / name], repository=repository.root)
        status, _ = _run(
            "-C", str(repository.root), "review", "test", str(tmp_path / name), "--apply"
        )
        assert status == 2  # input the command cannot use (exit codes: README)
    assert snapshot(repository.root) == before


def test_patch_replaces_exactly_the_changed_values_in_their_style() -> None:
    from konzeptdoc.review.patch import patch_texts
    from konzeptdoc.review.records import Edit

    field = (
        "schema_version: 1\nid: f\ntitle: 'Bildung'   # Kommentar\nsituation: |\n    Erste Zeile.\n\n"
        '    - a\n\n# Ziele\ngoals:\n  - id: g\n    level: guiding\n    title: "Ziel"\n'
        "    text: Einfach.\n"
    )
    texts = {"concept.yaml": "schema_version: 1\ntitle: K\n", "fields/f.yaml": field}
    edits = [Edit("f", "title", "Bildung & Sprache"), Edit("f", "situation", "Zweite Zeile.\n\n- b\n"),
             Edit("g", "title", 'Ziel "neu"'), Edit("g", "text", "Nicht mehr: so einfach.")]  # fmt: skip
    patched = patch_texts(texts, edits, "k")
    assert patched is not None and set(patched) == {"fields/f.yaml"}
    text, data = patched["fields/f.yaml"]
    assert konzeptdoc.files.yamlio.load(text) == data
    assert data["goals"][0]["title"] == 'Ziel "neu"'
    assert text == (
        "schema_version: 1\nid: f\ntitle: 'Bildung & Sprache'   # Kommentar\nsituation: |\n"
        "    Zweite Zeile.\n\n    - b\n\n# Ziele\ngoals:\n  - id: g\n    level: guiding\n"
        '    title: "Ziel \\"neu\\""\n    text: \'Nicht mehr: so einfach.\'\n'
    )
    assert patch_texts(texts, [Edit("unbekannt", "title", "x")], "k") is None  # → round-trip writer


def test_paragraph_splits_table_cells_untracked_edits_and_markdown_escapes(
    reviewed: tuple[konzeptdoc.Repository, bytes], tmp_path: Path
) -> None:
    repository, data = reviewed
    reviewer = Reviewer(data, "Integrationsbeirat")
    # A paragraph split inside the situation: the first paragraph's mark is inserted.
    reviewer.split("bildung", "situation", "gut")
    reviewer.replace("bildung", "situation", ".", ". Neu [siehe Anlage] mit_Unterstrich")
    reviewer.replace("bildung", "situation", "zweitens", "zweitens und drittens")
    reviewer.replace("gefluechtete", "name", "Geflüchtete", "Geflüchtete Menschen")  # a table cell
    reviewer.append("lz-arbeit", "title", " für alle")  # typed at the end of the title
    # Changed without tracking: listed, never applied.
    for text in reviewer._texts("m-sprachkurse", "title"):
        text.text = (text.text or "").replace("Eltern", "Familien")
    path = reviewer.save(tmp_path / "beirat.docx")
    review = konzeptdoc.read_review("test", [path], repository=repository.root)
    assert {(c.entity, c.new) for c in review.changes} == {
        (
            "bildung",
            "Die Lage ist gut. Neu [siehe Anlage] mit_Unterstrich erstens zweitens und drittens",
        ),
        ("gefluechtete", "Geflüchtete Menschen"),
        ("lz-arbeit", "Zugang zum Arbeitsmarkt für alle"),
    }
    assert [(u.text, u.reason[:70]) for u in review.unmapped] == [
        ("Sprachkurse für Familien",
         "Maßnahme 1.1 „Sprachkurse für Eltern“, Titel: ohne Änderungsverfolgung")]  # fmt: skip
    konzeptdoc.apply_review(review, repository=repository.root)
    concept = konzeptdoc.load_concept(repository.root / "concepts" / "test")
    assert concept.fields[0].situation == (
        "Die Lage ist\n\n*gut*. Neu \\[siehe Anlage\\] mit\\_Unterstrich\n\n- erstens\n"
        "- zweitens und drittens\n"
    )
    assert concept.target_groups[0].name == "Geflüchtete Menschen"
    assert concept.fields[0].measures[0].title == "Sprachkurse für Eltern"


def test_participation_report_and_submission_texts_flow_back(
    tmp_path: Path, isolated_git: None
) -> None:
    from tests.conftest import ROOT, sample_repository

    repository = sample_repository(tmp_path / "wiesbaden")
    data = konzeptdoc.build(repository.load("integrationskonzept"), kind="participation")
    assert isinstance(data, bytes)
    reviewer = Reviewer(data, "Integrationsbeirat")
    reviewer.replace("beitrag-kinderbetreuung", "text", "Mütter", "Eltern")
    reviewer.replace("beitrag-kinderbetreuung", "response.text", "sieht", "sah")
    path = reviewer.save(tmp_path / "bericht.docx")
    review = konzeptdoc.read_review("integrationskonzept", [path], repository=repository.root)
    assert [(c.entity, c.field) for c in review.changes] == [
        ("beitrag-kinderbetreuung", "text"), ("beitrag-kinderbetreuung", "response.text")]  # fmt: skip
    konzeptdoc.apply_review(review, repository=repository.root)
    diff = subprocess.run(["git", "-C", str(repository.root), "diff", "--numstat"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert diff.split() == ["2", "2", "concepts/integrationskonzept/participation.yaml"]

    source = ROOT / "sample_concepts/wolfsburg/03-review-beschluss-2020/concepts/vielfalt-leben"
    wolfsburg = konzeptdoc.Repository.init(tmp_path / "wolfsburg", municipality="Stadt Wolfsburg",
                                           author=AUTHOR)  # fmt: skip
    shutil.copytree(source, tmp_path / "wolfsburg" / "concepts" / "vielfalt-leben")
    wolfsburg.commit("Konzept", author=AUTHOR)
    concept = wolfsburg.load("vielfalt-leben")
    assert concept.submission is not None and concept.submission.reasoning
    word = concept.submission.reasoning.split()[2]
    submission = Reviewer(konzeptdoc.build(concept, kind="submission"), "Dezernat II")  # type: ignore[arg-type]
    submission.replace("vielfalt-leben", "submission.reasoning", word, word + " (geändert)")
    review = konzeptdoc.read_review("vielfalt-leben", [submission.save(tmp_path / "vorlage.docx")],
                                    repository=wolfsburg.root)  # fmt: skip
    assert [(c.entity, c.field) for c in review.changes] == [
        ("vielfalt-leben", "submission.reasoning")
    ]
    konzeptdoc.apply_review(review, repository=wolfsburg.root)
    after = konzeptdoc.load_concept(wolfsburg.root / "concepts" / "vielfalt-leben")
    assert after.submission is not None and f"{word} (geändert)" in (
        after.submission.reasoning or ""
    )


def test_hostile_docx_is_refused_or_read_without_expansion(
    reviewed: tuple[konzeptdoc.Repository, bytes], tmp_path: Path
) -> None:
    repository, data = reviewed
    bomb = Reviewer(data, "X")
    bomb.parts["word/comments.xml"] = b"<a>" + b" " * 50_000_000 + b"</a>"  # deflates ~1000:1
    with pytest.raises(ReviewError, match="aus Sicherheitsgründen"):
        konzeptdoc.read_review(
            "test", [bomb.save(tmp_path / "bombe.docx")], repository=repository.root
        )
    entity = Reviewer(data, "X")
    entity.parts["word/comments.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<w:comments xmlns:w="' + W.encode() + b'"><w:comment w:id="1" w:author="X">'
        b"<w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:comment></w:comments>"
    )
    review = konzeptdoc.read_review(
        "test", [entity.save(tmp_path / "e.docx")], repository=repository.root
    )
    assert "root:" not in json.dumps(review.to_dict())


def test_a_deleted_text_removes_an_optional_key_and_cannot_empty_a_title(
    reviewed: tuple[konzeptdoc.Repository, bytes], tmp_path: Path
) -> None:
    repository, data = reviewed
    reviewer = Reviewer(data, "Dezernat II")
    reviewer.replace("m-beratung", "description", "Beratung im ", "")
    reviewer.replace("m-beratung", "description", "Rathaus", "")
    reviewer.replace("m-beratung", "description", " für alle.", "")
    reviewer.replace("arbeit", "title", "Arbeit", "")
    # An empty text: in a table its dash is anchored and can be filled in; elsewhere it has
    # no place, and a new paragraph typed for it is listed, saying where it was typed.
    reviewer.replace("gefluechtete", "description", "–", "Menschen mit Fluchterfahrung")
    reviewer.replace("m-beratung", "lead", "–", "Amt 40")  # a measure's table in the concept
    reviewer.new_paragraph_after("m-sprachkurse", "title", "Eine neue Beschreibung.")
    review = konzeptdoc.read_review("test", [reviewer.save(tmp_path / "r.docx")],
                                    repository=repository.root)  # fmt: skip
    assert sorted((c.entity, c.old, c.new) for c in review.changes) == [
        ("gefluechtete", "", "Menschen mit Fluchterfahrung"),
        ("m-beratung", "", "Amt 40"),
        ("m-beratung", "Beratung im Rathaus für alle.", ""),
    ]
    assert [c.entity for c in review.conflicts] == ["arbeit"]
    assert [(u.text, u.reason[:61]) for u in review.unmapped] == [
        ("Eine neue Beschreibung.",
         "nach Maßnahme 1.1 „Sprachkurse für Eltern“, Titel: neuer Text")]  # fmt: skip
    konzeptdoc.apply_review(review, repository=repository.root)
    concept = konzeptdoc.load_concept(repository.root / "concepts" / "test")
    assert concept.fields[1].measures[0].description is None
    assert "description" not in (repository.root / "concepts/test/fields/arbeit.yaml").read_text()
    assert concept.fields[1].title == "Arbeit"
    assert concept.target_groups[0].description == "Menschen mit Fluchterfahrung"
    assert concept.fields[1].measures[0].lead == "Amt 40"
    assert konzeptdoc.validate(repository.root) == []


def test_redline_places_comments_at_their_texts_and_lists_the_rest(
    concept_dir: Path, tmp_path: Path
) -> None:
    import docx

    from konzeptdoc.diff.comments import HEADING
    from konzeptdoc.diff.redline import redline_document
    from konzeptdoc.documents.comments import Comment

    old = konzeptdoc.load_concept(concept_dir)
    new = old.model_copy(deep=True)
    new.fields[0].measures[0].title = "Sprachkurse für Familien"
    new.target_groups[0].name = "Geflüchtete Menschen"  # a changed table cell keeps its anchor
    gone = new.fields[1].measures.pop()  # its comment has no text in the new version
    comments = [
        Comment(anchor_name("m-sprachkurse", "title"), "", DATE, "Zu eng?", about="Titel"),
        Comment(anchor_name("m-sprachkurse", "title"), "", None, "Nein.\nPasst so.", 0, "Titel"),
        Comment(anchor_name("gefluechtete", "name"), "", "gestern", "Wer genau?", about="Gruppe"),
        Comment(anchor_name(gone.id, "title"), "", None, "Streichen & <ersetzen>", about="Weg"),
        Comment(None, "", None, "Allgemein: gut.", about="ohne Bezug zu einem Text der Daten"),
        Comment(None, "", None, "Sehe ich auch so.", 4, "ohne Bezug zu einem Text der Daten"),
    ]

    def stamp(entity: str | None) -> tuple[str, str]:
        return "Amt 33", DATE

    data = redline_document(old, new, stamp, comments=comments)
    assert redline_document(old, new, stamp, comments=comments) == data  # byte-identical
    plain = redline_document(old, new, stamp)
    assert "comments" not in str(zipfile.ZipFile(io.BytesIO(plain)).namelist())
    path = tmp_path / "redline.docx"
    path.write_bytes(data)
    ooxml_check(path)
    placed = docx.Document(str(path)).comments
    assert [(c.author, c.text) for c in placed] == [
        ("Überarbeitung", "Zu eng?"), ("Überarbeitung", "Nein.\nPasst so."),
        ("Überarbeitung", "Wer genau?")]  # fmt: skip
    assert 'w:date="2026-11-30T10:00:00Z"' in _part(data, "word/comments.xml")
    assert "gestern" not in _part(data, "word/comments.xml")  # no xsd:dateTime: left out
    document = _part(data, "word/document.xml")
    assert "kd_" not in document
    text = re.sub(r"<[^>]+>", "", document)
    assert text.count(HEADING) == 2  # the contents' entry and the heading
    assert "Streichen &amp; &lt;ersetzen&gt;" in document and "Antwort: Sehe ich auch so." in text
    assert "Zu eng?" not in text and "Von" not in text  # placed ones are not listed; no names


def test_measures_plan_and_libreoffice_resave_keep_anchors_changes_and_comments(
    reviewed: tuple[konzeptdoc.Repository, bytes], tmp_path: Path
) -> None:
    """The Maßnahmenplan's cells and headings flow back; a concept document, a plan and a
    redline with comments keep anchors, changes and comments through one LibreOffice run."""
    from konzeptdoc.documents import render

    repository, data = reviewed
    (tmp_path / "in").mkdir()
    reviewer = Reviewer(data, "Dezernat II")
    reviewer.replace("bildung", "situation", "gut", "sehr gut")
    reviewer.replace("hz-anerkennung", "text", "alle", "Zugewanderte")
    reviewer.replace("m-beratung", "description", "Rathaus", "", tag="moveFrom")
    reviewer.replace("m-beratung", "title", "beratung", "beratung Rathaus", new_tag="moveTo")
    first = reviewer.comment("m-sprachkurse", "title", "Kosten prüfen")
    reviewer.comment("m-sprachkurse", "title", "Ist eingeplant.", reply_to=first)
    concept_copy = reviewer.save(tmp_path / "in" / "review.docx")
    plain = tmp_path / "in" / "plain.docx"
    plain.write_bytes(data)
    concept_review = konzeptdoc.read_review("test", [concept_copy], repository=repository.root)
    assert len(concept_review.changes) == 4, concept_review
    assert [c.reply_to for c in concept_review.comments] == [None, 0]
    concept = repository.load("test")
    field = concept.fields[0]
    first = field.measures[0]
    first.lead = "Amt für Integration"
    for n in range(2, 18):  # 17 rows: the plan's table is written in bulk
        field.measures.append(first.model_copy(
            update={"id": f"m-kurs-{n}", "title": f"Kurs {n} für Eltern", "lead": f"Amt {n}"}))  # fmt: skip
    konzeptdoc.save_concept(concept, repository.root)
    repository.commit("Mehr Maßnahmen", author=AUTHOR)
    built = repository.load("test")
    plan = build(built, kind="measures")
    assert isinstance(plan, bytes) and build(built, kind="measures") == plan
    # Anchors change neither the layout nor the text of the plan.
    bare, _ = render(built, kind="measures", anchors=False)
    grid = re.compile(r"<w:tblGrid>.*?</w:tblGrid>")
    document, unanchored = _part(plan, "word/document.xml"), _part(bare, "word/document.xml")
    assert grid.findall(document) == grid.findall(unanchored)
    assert re.sub(r"<[^>]+>", "", document) == re.sub(r"<[^>]+>", "", unanchored)
    assert "kd_" not in unanchored and document.count("<w:bookmarkStart") > 36
    reviewer = Reviewer(plan, "Dezernat II")  # the Maßnahmenplan
    reviewer.replace("m-kurs-17", "title", "Eltern", "Familien")
    reviewer.replace("m-kurs-3", "lead", "Amt 3", "Amt 33")
    reviewer.replace("m-sprachkurse", "lead", "Integration", "Zuwanderung")
    reviewer.replace("bildung", "title", "Sprache", "Sprachen")  # the field's heading
    reviewer.replace("m-beratung", "lead", "–", "Amt 40")  # an empty text's dash, filled in
    source = reviewer.save(tmp_path / "in" / "plan.docx")
    ooxml_check(source)
    # A redline with comments goes through the same LibreOffice run (one for all files).
    from konzeptdoc.diff.redline import redline_document
    from konzeptdoc.documents.comments import Comment

    changed = built.model_copy(deep=True)
    changed.fields[0].measures[1].title = "Kurs 2 für Familien"
    comments = [Comment(anchor_name("m-kurs-2", "title"), "Amt 33", DATE, "Warum?"),
                Comment(anchor_name("m-kurs-2", "title"), "", None, "Darum.", 0)]  # fmt: skip
    redline = tmp_path / "in" / "redline.docx"
    redline.write_bytes(redline_document(built, changed, lambda _: ("Amt 33", DATE),
                                         comments=comments))  # fmt: skip
    direct = konzeptdoc.read_review("test", [source], repository=repository.root)
    expected = {
        ("bildung", "title", "Bildung & Sprachen"),
        ("m-kurs-17", "title", "Kurs 17 für Familien"),
        ("m-kurs-3", "lead", "Amt 33"),
        ("m-sprachkurse", "lead", "Amt für Zuwanderung"),
        ("m-beratung", "lead", "Amt 40"),
    }
    assert {(c.entity, c.field, c.new) for c in direct.changes} == expected
    assert (direct.unmapped, direct.conflicts) == ((), ())
    if shutil.which("soffice") is not None:
        from tests.test_review_foreign import check_word_copy, word_copy

        words = word_copy(data, tmp_path / "word")  # symbols, wrappers, a footnote
        out = tmp_path / "out"
        subprocess.run(["soffice", "--headless", "--convert-to", "docx", "--outdir", str(out),
                        str(concept_copy), str(plain), str(source), str(redline), str(words)],
                       capture_output=True, check=True, timeout=180)  # fmt: skip
        check_word_copy(repository.root, out / "word.docx", libreoffice=True)
        resaved_copy = konzeptdoc.read_review("test", [out / "review.docx"],
                                              repository=repository.root)  # fmt: skip
        assert [(c.entity, c.field, c.new) for c in resaved_copy.changes] == [
            (c.entity, c.field, c.new) for c in concept_review.changes]  # fmt: skip
        # LibreOffice 7.4 drops commentsExtended.xml and every w14:paraId: the reply comes
        # back as a comment of its own on the same text, written like an independent one.
        assert sorted((c.entity, c.field, c.text, c.reply_to) for c in resaved_copy.comments) == [
            ("m-sprachkurse", "title", "Ist eingeplant.", None),
            ("m-sprachkurse", "title", "Kosten prüfen", None),
        ]
        assert "commentsExtended" not in str(zipfile.ZipFile(out / "review.docx").namelist())
        untouched = konzeptdoc.read_review("test", [out / "plain.docx"], repository=repository.root)
        assert (untouched.changes, untouched.unmapped, untouched.conflicts) == ((), (), ())
        resaved = konzeptdoc.read_review("test", [out / "plan.docx"], repository=repository.root)
        assert {(c.entity, c.field, c.new) for c in resaved.changes} == expected
        assert (resaved.unmapped, resaved.conflicts) == ((), ())
        import docx

        kept = docx.Document(str(out / "redline.docx")).comments
        assert sorted(c.text for c in kept) == ["Darum.", "Warum?"]
    konzeptdoc.apply_review(direct, repository=repository.root)
    after = konzeptdoc.load_concept(repository.root / "concepts" / "test")
    assert after.fields[0].title == "Bildung & Sprachen"
    assert [m.lead for m in after.fields[0].measures[:3]] == [
        "Amt für Zuwanderung", "Amt 2", "Amt 33"]  # fmt: skip
    assert after.fields[1].measures[0].lead == "Amt 40"
    assert konzeptdoc.validate(repository.root) == []


def test_one_anchored_cell_is_what_cells_writes() -> None:
    """`Anchors.cell` (a measure's lead) writes what `Anchors.cells` writes for a column."""
    from konzeptdoc.documents.anchors import Anchors

    cases = [("Amt 33", "m-a"), (None, "m-b"), ("", "m-c"), ("Amt 33", "m-a"), ("x", "m-d")]
    for enabled in (True, False):
        one, many = Anchors(enabled), Anchors(enabled)
        singles = [one.cell(text, entity, "lead") for text, entity in cases]
        column = many.cells([t for t, _ in cases], [e for _, e in cases], "lead")
        assert [(type(c), c, getattr(c, "start", ""), getattr(c, "end", "")) for c in singles] == [
            (type(c), c, getattr(c, "start", ""), getattr(c, "end", "")) for c in column
        ]
        assert one.names == many.names


def test_a_full_disk_while_applying_writes_neither_edits_nor_comments(
    tmp_path: Path, isolated_git: None
) -> None:
    """The edited data file and review.yaml are one set: a full disk at the second left the
    edits written and their comments lost (or the other way round)."""
    from tests.conftest import disk_full_at_sync, sample_repository

    repository = sample_repository(tmp_path / "wiesbaden")
    data = konzeptdoc.build(repository.load("integrationskonzept"), kind="participation")
    assert isinstance(data, bytes)
    reviewer = Reviewer(data, "Integrationsbeirat")
    reviewer.replace("beitrag-kinderbetreuung", "text", "Mütter", "Eltern")
    reviewer.comment("beitrag-kinderbetreuung", "text", "Bitte mit dem Jugendamt abstimmen.")
    path = reviewer.save(tmp_path / "bericht.docx")
    review = konzeptdoc.read_review("integrationskonzept", [path], repository=repository.root)
    assert review.changes and review.comments
    with pytest.raises(OSError), disk_full_at_sync(2):
        konzeptdoc.apply_review(review, repository=repository.root)
    status = subprocess.run(["git", "-C", str(repository.root), "status", "--porcelain"],
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert status == ""  # nothing written, no temporary file left
    written = konzeptdoc.apply_review(review, repository=repository.root)
    assert sorted(p.name for p in written) == ["participation.yaml", "review.yaml"]
