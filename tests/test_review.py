"""The review round-trip: anchors in built documents, reading reviewed copies back."""

from __future__ import annotations

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
