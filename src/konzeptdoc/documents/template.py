"""The Word template: opened once per file version, its style ids found by style name.

German Word stores its built-in styles with ids like "berschrift1" but English names
("heading 1"), so roles are resolved by name; a needed style the template lacks is copied
from the bundled template.
"""

from __future__ import annotations

import copy
import io
import zipfile
from functools import lru_cache
from importlib import resources
from pathlib import Path
from stat import S_ISREG
from typing import Any

from konzeptdoc.documents.template_guard import (
    checked_package,
    ensure_numbering,
    strip_active_content,
)
from konzeptdoc.documents.wordml import W_NS, Styles
from konzeptdoc.errors import TemplateError
from konzeptdoc.german.glossary import os_reason

BUNDLED = "konzeptdoc.docx"
#: logical role → style names tried, in order (German Word names its built-ins in English
#: in styles.xml: the id may be "berschrift1", the name is "heading 1").
_ROLES: dict[str, tuple[str, ...]] = {
    "title": ("Title",), "subtitle": ("Subtitle", "Title"), "heading1": ("Heading 1",),
    "heading2": ("Heading 2",), "heading3": ("Heading 3",), "normal": ("Normal",),
    "list_paragraph": ("List Paragraph",), "table": ("Table Grid",),
    "table_text": ("Table Text", "Normal"), "toc_heading": ("TOC Heading", "Heading 1"),
    "toc1": ("toc 1", "Normal"), "toc2": ("toc 2", "Normal"), "toc3": ("toc 3", "Normal"),
    "hyperlink": ("Hyperlink",), "meta": ("Meta", "Normal"), "caption": ("Caption", "Normal"),
}  # fmt: skip
_OPTIONAL = {"hyperlink"}


def bundled_template() -> Path:
    return Path(str(resources.files("konzeptdoc") / "templates" / BUNDLED))


def open_template(template: str | Path | None) -> tuple[Any, Styles]:
    """A fresh python-docx document of the template, and its style ids.

    The parsed template is kept per file version (path, size, mtime) and each build gets a
    deep copy: copying the trees costs a third of parsing the package again.
    """
    path = Path(template) if template is not None else bundled_template()
    try:
        status = path.stat()
    except OSError as exc:
        raise TemplateError(
            f"Die Word-Vorlage kann nicht geöffnet werden ({os_reason(exc)})", path=path
        ) from exc
    if not S_ISREG(status.st_mode):  # a FIFO would block, /dev/zero fill the memory
        raise TemplateError(
            "Die Word-Vorlage ist keine Datei, sondern ein Ordner, ein Gerät oder eine Pipe: "
            "eine .docx- oder .dotx-Datei angeben",
            path=path,
        )
    pristine, styles = _parsed_template(
        path, str(path.resolve()), status.st_size, status.st_mtime_ns
    )
    return copy.deepcopy(pristine), styles


@lru_cache(maxsize=8)
def _parsed_template(shown: Path, path: str, size: int, mtime_ns: int) -> tuple[Any, Styles]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(_as_document(Path(path), shown))
    except (PackageNotFoundError, KeyError, ValueError, OSError, zipfile.BadZipFile) as exc:
        raise TemplateError(
            "Die Word-Vorlage kann nicht geöffnet werden: sie ist keine gültige Word-Datei "
            "(in Word öffnen und als „Word-Dokument (*.docx)“ speichern)",
            path=shown,
        ) from exc
    strip_active_content(document)
    ensure_numbering(document)
    add_missing_styles(document)
    _schema_order(document)
    _complete_page_setup(document)
    _german(document)
    return document, resolve_styles(document, shown)


#: The order of a style's children and of a cell's properties (ECMA-376 17.7.4.17, 17.4.70).
_STYLE_ORDER = {name: rank for rank, name in enumerate((
    "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
    "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
    "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"))}  # fmt: skip
_CELL_ORDER = {name: rank for rank, name in enumerate((
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
    "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel",
    "cellMerge", "tcPrChange"))}  # fmt: skip


def _schema_order(document: Any) -> None:
    """Styles and list definitions as the schema has them: pandoc's reference document
    puts a table style's qFormat after its tblPr and tcBorders after vAlign, and writes
    list ids (nsid) of four hex digits instead of eight. Valid templates stay unchanged."""
    root = document.styles.element
    for parent, order in [(s, _STYLE_ORDER) for s in root.iter(f"{{{W_NS}}}style")] + [
        (c, _CELL_ORDER) for c in root.iter(f"{{{W_NS}}}tcPr")
    ]:
        children = list(parent)
        ordered = sorted(
            children, key=lambda c: order.get(str(c.tag).rpartition("}")[2], len(order))
        )
        if ordered != children:
            for child in children:
                parent.remove(child)
            parent.extend(ordered)
    # ensure_numbering has run: the part exists
    for nsid in document.part.numbering_part.element.iter(f"{{{W_NS}}}nsid"):
        value = nsid.get(f"{{{W_NS}}}val", "")
        if len(value) < 8 and all(c in "0123456789ABCDEFabcdef" for c in value):
            nsid.set(f"{{{W_NS}}}val", value.upper().rjust(8, "0"))


_PAGE = ("page_width", "page_height", "left_margin", "right_margin", "top_margin",
         "bottom_margin", "header_distance", "footer_distance")  # fmt: skip


def _complete_page_setup(document: Any) -> None:
    """A template without page size or margins (pandoc's reference document) gets the
    bundled template's (A4): the tables are sized to the text width."""
    section = document.sections[0]
    if all(getattr(section, name) is not None for name in _PAGE):
        return
    bundled = open_template(None)[0].sections[0]
    for name in _PAGE:
        if getattr(section, name) is None:
            setattr(section, name, getattr(bundled, name))
    margins = section._sectPr.find(f"{{{W_NS}}}pgMar")
    if margins is not None and margins.get(f"{{{W_NS}}}gutter") is None:
        margins.set(f"{{{W_NS}}}gutter", "0")  # required by the schema


def _german(document: Any) -> None:
    """Hyphenation not suppressed by a style, and the document's language de-DE (a template made in an English LibreOffice or by
    pandoc says en-US): screen readers read the text with a German voice, LibreOffice and
    Word hyphenate it as German, the PDF's language is German."""
    root = document.styles.element
    defaults = root.find(f"{{{W_NS}}}docDefaults")
    if defaults is None:
        defaults = root.makeelement(f"{{{W_NS}}}docDefaults", {})
        root.insert(0, defaults)
    run_defaults = defaults.find(f"{{{W_NS}}}rPrDefault")
    if run_defaults is None:
        run_defaults = defaults.makeelement(f"{{{W_NS}}}rPrDefault", {})
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(f"{{{W_NS}}}rPr")
    if properties is None:
        properties = run_defaults.makeelement(f"{{{W_NS}}}rPr", {})
        run_defaults.append(properties)
    if properties.find(f"{{{W_NS}}}lang") is None:
        properties.append(properties.makeelement(f"{{{W_NS}}}lang", {}))
    # LibreOffice writes "no hyphenation" into the default paragraph style of every file it
    # saves: words of narrow columns would break anywhere instead of at a German hyphen.
    for suppressed in list(root.iter(f"{{{W_NS}}}suppressAutoHyphens")):
        if suppressed.get(f"{{{W_NS}}}val", "true") in ("true", "1", "on"):
            suppressed.getparent().remove(suppressed)
    for language in root.iter(f"{{{W_NS}}}lang"):  # the defaults' and every style's
        if language.get(f"{{{W_NS}}}val", "de-DE") != "de-DE" or language is properties.find(
            f"{{{W_NS}}}lang"
        ):
            language.set(f"{{{W_NS}}}val", "de-DE")


_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_MACROS = ("application/vnd.ms-word.document.macroEnabled.main+xml",
           "application/vnd.ms-word.template.macroEnabledTemplate.main+xml")  # fmt: skip


def _as_document(path: Path, shown: Path) -> io.BytesIO:
    """The template as python-docx opens it: checked, and a Word template (.dotx) as a document.

    Cities keep their letterhead as .dotx, which differs from .docx in one content type.
    Macro-enabled files are refused: their macros must not travel into council documents.
    """
    if path.is_file() and not zipfile.is_zipfile(path):
        raise TemplateError(
            "Die Vorlage ist keine Word-Datei ab Word 2007 (.docx/.dotx): in Word öffnen und "
            "als „Word-Dokument (*.docx)“ speichern",
            path=shown,
        )
    checked = checked_package(path, shown)
    with zipfile.ZipFile(checked) as package:
        try:
            types = package.read("[Content_Types].xml").decode("utf-8")
        except (KeyError, UnicodeDecodeError) as exc:
            raise TemplateError(
                "der Vorlage fehlt ein lesbarer Teil [Content_Types].xml: in Word öffnen und "
                "neu speichern",
                path=shown,
            ) from exc
        if any(kind in types for kind in _MACROS):
            raise TemplateError(
                "Die Vorlage enthält Makros (.docm/.dotm): in Word als „Word-Vorlage (*.dotx)“ "
                "oder „Word-Dokument (*.docx)“ speichern und diese Datei verwenden",
                path=shown,
            )
        if _TEMPLATE_MAIN not in types:
            checked.seek(0)
            return checked
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy_:
            for item in package.infolist():
                data = package.read(item)
                if item.filename == "[Content_Types].xml":
                    data = types.replace(_TEMPLATE_MAIN, _MAIN).encode("utf-8")
                copy_.writestr(item, data)
    out.seek(0)
    return out


def add_missing_styles(document: Any) -> list[str]:
    """Copy the needed styles a template lacks from the bundled template; their names.

    A letterhead saved by LibreOffice has no "Title", "Heading 1" or "Table Grid", pandoc's
    reference document no "List Paragraph": their documents would be refused. The copied
    definitions (and the styles they are based on, where the template has none of that
    name) make any such template work; the template's own styles stay as they are.
    """
    have = {(style.name or "").lower() for style in document.styles}
    missing = [names[0] for role, names in _ROLES.items()
               if role not in _OPTIONAL and not any(n.lower() in have for n in names)]  # fmt: skip
    # python-docx gives a header or footer it adds the paragraph style "Header"/"Footer".
    missing += [name for name in ("header", "footer") if name not in have]
    if not missing:
        return []
    root = document.styles.element
    source = _bundled_styles()
    by_name = {_style_name(e).lower(): e for e in source.iter(f"{{{W_NS}}}style")}
    by_id = {e.get(f"{{{W_NS}}}styleId"): e for e in source.iter(f"{{{W_NS}}}style")}
    ids = {e.get(f"{{{W_NS}}}styleId") for e in root.iter(f"{{{W_NS}}}style")}
    target = {
        _style_name(e).lower(): e.get(f"{{{W_NS}}}styleId") for e in root.iter(f"{{{W_NS}}}style")
    }
    copied: list[str] = []

    def copy_style(name: str) -> str:
        if name.lower() in target:
            return str(target[name.lower()])
        element = copy.deepcopy(by_name[name.lower()])
        style_id = base = str(element.get(f"{{{W_NS}}}styleId"))
        for number in range(2, 1000):
            if style_id not in ids:
                break
            style_id = f"{base}{number}"  # the template uses the id for a style of its own
        element.set(f"{{{W_NS}}}styleId", style_id)
        element.attrib.pop(f"{{{W_NS}}}default", None)  # the template keeps its defaults
        ids.add(style_id)
        target[name.lower()] = style_id
        copied.append(name)
        for tag in ("basedOn", "next", "link"):
            reference = element.find(f"{{{W_NS}}}{tag}")
            if reference is None:
                continue
            other = by_id.get(reference.get(f"{{{W_NS}}}val"))
            if other is None or tag == "link":  # a linked character style is not needed
                element.remove(reference)
            else:
                reference.set(f"{{{W_NS}}}val", copy_style(_style_name(other)))
        for numbering in list(element.iter(f"{{{W_NS}}}numPr")):  # ids of another package
            numbering.getparent().remove(numbering)
        root.append(element)
        return style_id

    for name in missing:
        copy_style(name)
    return copied


def _style_name(element: Any) -> str:
    name = element.find(f"{{{W_NS}}}name")
    return "" if name is None else str(name.get(f"{{{W_NS}}}val", ""))


@lru_cache(maxsize=1)
def _bundled_styles() -> Any:
    from docx.oxml.parser import parse_xml  # python-docx's element classes, as in its tree

    with zipfile.ZipFile(bundled_template()) as package:
        return parse_xml(package.read("word/styles.xml"))


def resolve_styles(document: Any, template: str | Path | None) -> Styles:
    """Style ids by role, found by style name; a missing needed style is an error naming it."""
    by_name = {(style.name or "").lower(): style.style_id for style in document.styles}
    ids: dict[str, str | None] = {}
    for role, names in _ROLES.items():
        found = next((by_name[n.lower()] for n in names if n.lower() in by_name), None)
        if found is None and role not in _OPTIONAL:
            raise TemplateError(
                f"Der Vorlage fehlt die Formatvorlage „{names[0]}“: sie in Word anlegen "
                f"(Formatvorlagen → „{names[0]}“) oder von der mitgelieferten Vorlage ausgehen",
                path=Path(template) if template else bundled_template(),
            )
        ids[role] = found

    if _outline_level(document, ids["toc_heading"]) not in (None, 0):
        ids["toc_heading"] = ids["meta"]  # a "heading" at outline level 9 would break the outline

    def need(role: str) -> str:
        value = ids[role]
        assert value is not None
        return value

    return Styles(
        title=need("title"), subtitle=need("subtitle"),
        heading=(need("heading1"), need("heading2"), need("heading3")), normal=need("normal"),
        list_paragraph=need("list_paragraph"), table=need("table"), table_text=need("table_text"),
        toc_heading=need("toc_heading"), toc=(need("toc1"), need("toc2"), need("toc3")),
        hyperlink=ids["hyperlink"], meta=need("meta"), caption=need("caption"),
        table_font_pt=_font_size(document, need("table_text")),
    )  # fmt: skip


def _font_size(document: Any, style_id: str) -> float:
    """The size of a paragraph style's text in points: its own, a base style's, the default."""
    root = document.styles.element
    seen: set[str] = set()
    current: str | None = style_id
    while current is not None and current not in seen:
        seen.add(current)
        element = root.find(f"{{{W_NS}}}style[@{{{W_NS}}}styleId='{current}']")
        if element is None:
            break
        size = _points(element.find(f"{{{W_NS}}}rPr/{{{W_NS}}}sz"))
        if size is not None:
            return size
        based = element.find(f"{{{W_NS}}}basedOn")
        current = None if based is None else based.get(f"{{{W_NS}}}val")
    default = _points(
        root.find(f"{{{W_NS}}}docDefaults/{{{W_NS}}}rPrDefault/{{{W_NS}}}rPr/{{{W_NS}}}sz")
    )
    return 10.0 if default is None else default  # Word's size where nothing sets one


def _points(size: Any) -> float | None:
    """A w:sz element's size in points (it counts half-points); None if absent or unreadable."""
    value = None if size is None else size.get(f"{{{W_NS}}}val", "")
    return int(value) / 2 if value and value.isdigit() and int(value) > 0 else None


def _outline_level(document: Any, style_id: str | None) -> int | None:
    element = document.styles.element.find(f"{{{W_NS}}}style[@{{{W_NS}}}styleId='{style_id}']")
    if element is None:
        return None
    level = element.find(f"{{{W_NS}}}pPr/{{{W_NS}}}outlineLvl")
    return None if level is None else int(level.get(f"{{{W_NS}}}val"))
