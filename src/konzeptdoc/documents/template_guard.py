"""A template is untrusted input: bounded before it is read, cleaned before it is used.

A city's template comes from a shared drive or a cloned repository. Before a byte of a
part is inflated, the zip directory is checked against fixed caps (file size, part size,
total size, compression ratio, number of parts), so a zip bomb is refused in milliseconds.
Every XML part is then parsed once with a parser that loads no DTD, resolves no entity and
fetches nothing; a DOCTYPE is refused (Word never writes one). After python-docx has opened
the checked bytes, `strip_active_content` removes what must not travel into a council
document: macros, ActiveX controls, embedded and linked objects, the attached template,
linked images and every other external relationship except hyperlinks, fields that
fetch or run something (INCLUDEPICTURE, INCLUDETEXT, DDE, LINK, IMPORT), a mail merge's
data source and query, and the addresses VML pictures name.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from konzeptdoc.documents.template_pictures import check_picture
from konzeptdoc.errors import TemplateError

MB = 1024 * 1024
MAX_FILE = 32 * MB  # the template file on disk (compressed)
MAX_PART = 16 * MB  # one part, inflated: a logo of a few MB fits many times over
MAX_TOTAL = 64 * MB  # all parts, inflated
MAX_PARTS = 2000
MAX_RATIO = 200  # inflated/deflated, for parts over RATIO_FROM; Word's XML deflates ~10-30x
RATIO_FROM = 1 * MB
#: XML elements (counted as "<") in all XML parts: parsed, each costs ~400 bytes, and every
#: build copies the tree (a 3.7 MB template of 640,000 empty paragraphs took 770 MB and
#: 14 s). The bundled template has 2,000; a city's letterhead with all of Word's styles a
#: few ten thousand.
MAX_ELEMENTS = 300_000

_DEFLATE_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_XML = re.compile(r"\.(?:xml|rels|vml|svg)$", re.IGNORECASE)


def _refuse(message: str, shown: Path) -> TemplateError:
    return TemplateError(message, path=shown)


def checked_package(path: Path, shown: Path) -> io.BytesIO:
    """The template's parts, size-checked and XML-checked, as an in-memory zip.

    python-docx then opens exactly the bytes that were checked (not the file again).

    Raises:
        TemplateError: A cap is exceeded, the zip is damaged or encrypted, or an XML part
            is malformed or declares a DTD; the message names the part.
    """
    size = path.stat().st_size
    if size > MAX_FILE:
        raise _refuse(
            f"die Vorlage ist {size / MB:.0f} MB groß, erlaubt sind {MAX_FILE // MB} MB: "
            "große Bilder verkleinern (Word: Bilder komprimieren)",
            shown,
        )
    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
            _check_directory(infos, shown)
            out, elements = io.BytesIO(), 0
            with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
                for info in infos:
                    if info.is_dir():
                        continue
                    data = _read(package, info, shown)
                    if _XML.search(info.filename):
                        elements += data.count(b"<")
                        if elements > MAX_ELEMENTS:
                            limit = f"{MAX_ELEMENTS:,}".replace(",", ".")
                            raise _refuse(
                                f"die Vorlage enthält zu viele XML-Elemente (über {limit}, "
                                f"zuletzt im Teil {info.filename}): eine Vorlage braucht "
                                "Formatvorlagen, Kopf- und Fußzeile, keinen langen Text",
                                shown,
                            )
                        check_xml(data, info.filename, shown)
                    else:
                        check_picture(data, info.filename, shown)
                    copy.writestr(info.filename, data)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        NotImplementedError,
        zlib.error,  # a damaged deflate stream (was "interner Fehler")
    ) as exc:
        raise _refuse(
            "die Vorlage ist beschädigt (kein lesbares ZIP-Archiv): in Word öffnen und neu "
            "speichern",
            shown,
        ) from exc
    out.seek(0)
    return out


def _check_directory(infos: list[zipfile.ZipInfo], shown: Path) -> None:
    """The caps, from the zip's directory alone: nothing is inflated yet."""
    if len(infos) > MAX_PARTS:
        raise _refuse(f"die Vorlage hat {len(infos)} Teile, erlaubt sind {MAX_PARTS}", shown)
    total = 0
    seen: set[str] = set()
    for info in infos:
        # Part names are equal regardless of case (OPC); a name twice is two candidates for
        # one part, and which one an office suite takes is not the one a reader may pick.
        folded = info.filename.casefold()
        if folded in seen:
            raise _refuse(
                f"der Teil {info.filename} kommt in der Vorlage mehrmals vor; so speichert "
                "Word nicht – in Word öffnen und neu speichern",
                shown,
            )
        seen.add(folded)
        if info.flag_bits & 0x1:
            raise _refuse(
                f"der Teil {info.filename} der Vorlage ist verschlüsselt: die Vorlage ohne "
                "Kennwort speichern",
                shown,
            )
        if info.compress_type not in _DEFLATE_METHODS:
            raise _refuse(
                f"der Teil {info.filename} der Vorlage ist mit einem Verfahren gepackt, das "
                "Word nicht verwendet: in Word öffnen und neu speichern",
                shown,
            )
        if info.file_size > MAX_PART:
            raise _refuse(
                f"der Teil {info.filename} der Vorlage ist entpackt {info.file_size / MB:.0f} MB "
                f"groß, erlaubt sind {MAX_PART // MB} MB je Teil: ein so großes Bild oder "
                "eingebettetes Objekt gehört nicht in eine Vorlage",
                shown,
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FROM and ratio > MAX_RATIO:
            raise _refuse(
                f"der Teil {info.filename} der Vorlage ist ungewöhnlich stark gepackt "
                f"(1:{ratio:.0f}); so packt Word nicht – die Vorlage wird nicht verwendet",
                shown,
            )
        total += info.file_size
    if total > MAX_TOTAL:
        raise _refuse(
            f"die Vorlage ist entpackt {total / MB:.0f} MB groß, erlaubt sind {MAX_TOTAL // MB} MB",
            shown,
        )


def _read(package: zipfile.ZipFile, info: zipfile.ZipInfo, shown: Path) -> bytes:
    # zipfile stops at the declared size and checks the CRC: a part cannot inflate past
    # what the (already capped) directory says without the read failing.
    with package.open(info) as stream:
        data = stream.read(MAX_PART + 1)
    if len(data) > MAX_PART:  # pragma: no cover - zipfile enforces the declared size
        raise _refuse(f"der Teil {info.filename} der Vorlage ist zu groß", shown)
    return data


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def check_xml(data: bytes, name: str, shown: Path) -> None:
    """Parse one XML part safely; a DTD or malformed XML is an error naming part and line."""
    from lxml import etree

    if _declares_dtd(data):
        raise _dtd_error(name, shown)
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        line = f" (Zeile {exc.lineno})" if exc.lineno else ""
        raise _refuse(
            f"der Teil {name} der Vorlage ist kein gültiges XML{line}: die Vorlage in Word "
            "öffnen und neu speichern",
            shown,
        ) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _dtd_error(name, shown)


def _dtd_error(name: str, shown: Path) -> TemplateError:
    return _refuse(
        f"der Teil {name} der Vorlage enthält eine DTD (<!DOCTYPE …>); Word schreibt keine, "
        "die Vorlage wird nicht verwendet",
        shown,
    )


_PROLOG_ITEM = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->)", re.S)


def _declares_dtd(data: bytes) -> bool:
    """Whether the prolog (before the root element) holds a DOCTYPE: checked before parsing,
    so that not even libxml2's bounded entity handling sees one."""
    position = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while match := _PROLOG_ITEM.match(data, position):
        position = match.end()
    return data[position : position + 64].lstrip().startswith(b"<!DOCTYPE")


# Relationship types (last path segment, Transitional and Strict alike) whose targets must
# not travel: macros and their data, ActiveX, embedded or linked objects, another template,
# sub-documents, frames, imported chunks, ribbon customisations, mail-merge data sources.
_DROPPED_TYPES = frozenset(
    [
        "vbaProject",
        "wordVbaData",
        "activeXControlBinary",
        "control",
        "oleObject",
        "package",
        "attachedTemplate",
        "subDocument",
        "frame",
        "aFChunk",
        "keyMapCustomizations",
        "attachedToolbars",
        "extensibility",
        "mailMergeSource",
        "mailMergeHeaderSource",
        "recipientData",
    ]
)
_R_NAMESPACES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DANGEROUS_FIELD = re.compile(r"^\s*(?:INCLUDEPICTURE|INCLUDETEXT|DDE|DDEAUTO|LINK|IMPORT)\b", re.I)


def _dropped(rel: Any) -> bool:
    kind = str(rel.reltype).rsplit("/", 1)[-1]
    if rel.is_external:
        return kind != "hyperlink"  # a link a reader may click; nothing opens it by itself
    return kind in _DROPPED_TYPES


def strip_active_content(document: Any) -> list[str]:
    """Remove macros, controls, objects and external references from an opened template.

    Returns what was removed (relationship types), for tests and curious callers. Parts
    that only the removed relationships reached are no longer written: the package writer
    walks the relationships.
    """
    package = document.part.package
    removed: list[str] = []
    for owner in [package, *package.iter_parts()]:
        rels = owner.rels
        gone = [rid for rid, rel in list(rels.items()) if _dropped(rel)]
        for rid in gone:
            removed.append(str(rels[rid].reltype).rsplit("/", 1)[-1])
            rels.pop(rid)
            rels._target_parts_by_rId.pop(rid, None)
        element = getattr(owner, "_element", None)
        if element is not None:
            if gone:
                _unreference(element, set(gone))
            _neutralise_fields(element)
            _unlink(element)
    return removed


_VML = ("{urn:schemas-microsoft-com:vml}", "{urn:schemas-microsoft-com:office:office}")
_VML_LINKS = frozenset({"src", "href", "althref"})


def _unlink(element: Any) -> None:
    """References that bypass relationships: a mail merge's data source and query (Word
    asks to run the query when the document opens, and connects to the source – a share on
    another server), and addresses in VML images and fills (their pictures are embedded
    through relationships; these only name where they came from)."""
    for merge in list(element.iter(f"{{{_W}}}mailMerge")):
        merge.getparent().remove(merge)
    for node in element.iter():
        if not isinstance(node.tag, str) or not node.tag.startswith(_VML):
            continue
        for name in [a for a in node.attrib if a.rsplit("}", 1)[-1].lower() in _VML_LINKS]:
            del node.attrib[name]


def _unreference(element: Any, gone: set[str]) -> None:
    """Drop references to removed relationships: a link attribute, or the whole element."""
    doomed = []
    for node in element.iter():
        for namespace in _R_NAMESPACES:
            if node.get(f"{{{namespace}}}link") in gone:
                del node.attrib[f"{{{namespace}}}link"]  # a linked image keeps its embedded copy
            if any(node.get(f"{{{namespace}}}{name}") in gone for name in ("id", "embed", "pict")):
                doomed.append(node)
    for node in doomed:
        parent = node.getparent()
        if parent is not None:
            parent.remove(node)


def _field_codes(element: Any) -> Iterator[list[Any]]:
    """The instrText runs of each complex field (begin … separate), in document order."""
    current: list[Any] | None = None
    for node in element.iter(f"{{{_W}}}fldChar", f"{{{_W}}}instrText"):
        if node.tag.endswith("}instrText"):
            if current is not None:
                current.append(node)
            continue
        kind = node.get(f"{{{_W}}}fldCharType")
        if kind == "begin":
            current = []
        elif current is not None:
            yield current
            current = None


def _neutralise_fields(element: Any) -> None:
    """Fields that fetch a file or run a program keep their shown result, not their code."""
    for codes in list(_field_codes(element)):
        if _DANGEROUS_FIELD.match("".join(node.text or "" for node in codes)):
            for node in codes:
                node.text = ""
    for simple in list(element.iter(f"{{{_W}}}fldSimple")):
        if _DANGEROUS_FIELD.match(simple.get(f"{{{_W}}}instr") or ""):
            parent = simple.getparent()
            index = parent.index(simple)
            for offset, child in enumerate(list(simple)):
                parent.insert(index + offset, child)
            parent.remove(simple)


def ensure_numbering(document: Any) -> None:
    """Give a template without numbering.xml an empty one (python-docx cannot make one).

    Word leaves the part out of a document that never had a list; our lists need it. List
    references in its styles then point at nothing and are dropped.
    """
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.oxml.parser import parse_xml
    from docx.parts.numbering import NumberingPart

    part = document.part
    try:
        part.part_related_by(RELATIONSHIP_TYPE.NUMBERING)
        return
    except KeyError:
        pass
    taken = {str(p.partname) for p in part.package.iter_parts()}
    name = next(
        f"/word/numbering{n or ''}.xml"
        for n in range(len(taken) + 1)
        if f"/word/numbering{n or ''}.xml" not in taken
    )
    element = parse_xml(f'<w:numbering xmlns:w="{_W}"/>')
    numbering = NumberingPart(PackURI(name), CONTENT_TYPE.WML_NUMBERING, element, part.package)
    part.relate_to(numbering, RELATIONSHIP_TYPE.NUMBERING)
    for reference in list(document.styles.element.iter(f"{{{_W}}}numPr")):
        reference.getparent().remove(reference)
