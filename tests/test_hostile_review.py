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


def _damaged(source: Path, target: Path, *, encrypt: bool) -> Path:
    """`source` with every part marked encrypted, or with document.xml's deflate stream
    broken (the flipped bytes make zlib or the CRC check fail)."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as package:
        infos = package.infolist()
    if encrypt:
        for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            start = data.find(signature)
            while start >= 0:
                data[start + flags_at] |= 1
                start = data.find(signature, start + 4)
    else:
        for info in infos:
            if info.filename in ("word/document.xml", "[Content_Types].xml"):
                begin = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
                for offset in range(begin + 8, begin + min(info.compress_size, 40)):
                    data[offset] ^= 0x5A
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("encrypt", [True, False], ids=["encrypted", "damaged"])
def test_encrypted_or_damaged_parts_are_refused_not_internal_errors(
    tmp_path: Path, encrypt: bool
) -> None:
    from konzeptdoc.documents.template import bundled_template, open_template
    from konzeptdoc.errors import TemplateError

    reviewed = _damaged(_docx(tmp_path / "r.docx", 2_000), tmp_path / "x.docx", encrypt=encrypt)
    with pytest.raises(ReviewError, match="verschlüsselt" if encrypt else "beschädigt"):
        parts.read_parts(reviewed)  # was RuntimeError / zlib.error: "interner Fehler", 70
    template = _damaged(bundled_template(), tmp_path / "v.docx", encrypt=encrypt)
    with pytest.raises(TemplateError, match="verschlüsselt" if encrypt else "beschädigt"):
        open_template(template)


def test_template_with_too_many_elements_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from konzeptdoc.documents import template_guard
    from konzeptdoc.documents.template import bundled_template, open_template
    from konzeptdoc.errors import TemplateError

    copy = tmp_path / "stadt.dotx"
    shutil.copy(bundled_template(), copy)
    monkeypatch.setattr(template_guard, "MAX_ELEMENTS", 1_000)  # the bundled one has ~2,000
    with pytest.raises(TemplateError, match=r"zu viele XML-Elemente \(über 1\.000"):
        open_template(copy)
