"""A reviewer's .docx with millions of small XML elements (within the size and ratio caps)
is refused from a count before lxml builds a tree of them (a 60 MB document.xml of empty
paragraphs took 960 MB; 700,000 comments 1 GB and 38 s)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from konzeptdoc.errors import ReviewError
from konzeptdoc.review import parts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(path: Path, paragraphs: int, comments: int = 0) -> Path:
    body = b"".join(
        b'<w:p w:rsidR="%s"/>' % os.urandom(4).hex().encode() for _ in range(paragraphs)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "word/document.xml",
            b'<w:document xmlns:w="'
            + W.encode()
            + b'"><w:body>'
            + body
            + b"</w:body></w:document>",
        )
        package.writestr(
            "word/comments.xml",
            b'<w:comments xmlns:w="'
            + W.encode()
            + b'">'
            + b'<w:comment w:id="1"><w:p/></w:comment>' * comments
            + b"</w:comments>",
        )
    return path


def test_too_many_elements_are_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parts, "MAX_ELEMENTS", 3_000)  # the real cap is 1,500,000
    assert set(parts.read_parts(_docx(tmp_path / "ok.docx", 1_000, 500))) == {
        "word/document.xml",
        "word/comments.xml",
    }
    with pytest.raises(ReviewError) as caught:
        parts.read_parts(_docx(tmp_path / "viele.docx", 1_000, 1_000))  # 1,002 + 1,000 × 3
    assert caught.value.path == tmp_path / "viele.docx"
    assert "„word/comments.xml“ enthält zu viele XML-Elemente (zusammen über 3.000)" in str(
        caught.value
    )
