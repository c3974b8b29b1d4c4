"""The Word package around a body: template, styles, numbering, header, footer, properties.

python-docx opens the template and manages the parts; the body arrives as one string of
WordprocessingML and is spliced in as text when `opc` writes the package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from konzeptdoc.documents.opc import deterministic_bytes, mark_body
from konzeptdoc.documents.settings import application, german_settings
from konzeptdoc.documents.template import open_template
from konzeptdoc.documents.wordml import W_NS, Body


@dataclass
class Properties:
    title: str
    subject: str
    author: str
    date: dt.datetime
    keywords: str = ""
    company: str = ""  # the municipality, named in docProps/app.xml


def link_maker(document: Any) -> Callable[[str], str | None]:
    """The relationship id of a link's address, added to the document part when new.

    The ids are those python-docx's `relate_to` gives (an address already related keeps its
    id, a new one takes the lowest free "rIdN"), but found through a table: `relate_to`
    searches every relationship twice per call, so a text with thousands of links took
    seconds (quadratic in the number of links)."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    rels = document.part.rels
    known: dict[str, str] = {}
    for rel in rels.values():  # the first match, as `relate_to` finds it
        if rel.reltype == RELATIONSHIP_TYPE.HYPERLINK and rel.is_external:
            known.setdefault(rel.target_ref, rel.rId)
    free = [1]  # no id below it is free: relationships are only added while a body is written

    def link(url: str) -> str | None:
        if (
            not url
            or any(c.isspace() for c in url)
            or not url.startswith(("http://", "https://", "mailto:"))
        ):
            return None  # not an address Word can open: the text stays, without a link
        rid = known.get(url)
        if rid is None:
            while f"rId{free[0]}" in rels:
                free[0] += 1
            rid = known[url] = f"rId{free[0]}"
            rels.add_relationship(RELATIONSHIP_TYPE.HYPERLINK, url, rid, is_external=True)
        return rid

    return link


_NUMBERING = f"""<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{{bullet_id}}"><w:multiLevelType w:val="hybridMultilevel"/>{{bullets}}</w:abstractNum>
<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{{decimal_id}}"><w:multiLevelType w:val="hybridMultilevel"/>{{decimals}}</w:abstractNum>"""


def free_numbering_ids(document: Any) -> tuple[int, int]:
    """The first numId and abstractNumId the template's numbering.xml does not use."""
    numbering = document.part.numbering_part.element
    nums = [int(v) for v in numbering.xpath("./w:num/@w:numId") if v.isdigit()]
    abstracts = [int(v) for v in numbering.xpath("./w:abstractNum/@w:abstractNumId") if v.isdigit()]
    return max(nums, default=0) + 1, max(abstracts, default=0) + 1


def _levels(kind: str) -> str:
    out = []
    for level in range(9):
        indent = 720 + 360 * level
        if kind == "bullet":
            symbol = "•–▪"[level % 3]
            out.append(f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="{symbol}"/>'
                       f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr></w:lvl>')  # fmt: skip
        else:
            fmt = ("decimal", "lowerLetter", "lowerRoman")[level % 3]
            out.append(f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                       f'<w:lvlText w:val="%{level + 1}."/><w:lvlJc w:val="left"/>'
                       f'<w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr></w:lvl>')  # fmt: skip
    return "".join(out)


def add_numbering(document: Any, body: Body, first_abstract: int) -> None:
    """Our list definitions and one numbering instance per ordered list (each restarts)."""
    from lxml import etree

    numbering = document.part.numbering_part.element
    bullet_id, decimal_id = first_abstract, first_abstract + 1
    fragment = _NUMBERING.format(bullet_id=bullet_id, decimal_id=decimal_id,
                                 bullets=_levels("bullet"), decimals=_levels("decimal"))  # fmt: skip
    abstracts = [etree.fromstring(x) for x in fragment.split("\n")]
    existing = numbering.findall(f"{{{W_NS}}}abstractNum")
    anchor = existing[-1] if existing else None
    for element in reversed(abstracts):
        if anchor is not None:
            anchor.addnext(element)
        else:
            numbering.insert(0, element)
    nums = [
        f'<w:num xmlns:w="{W_NS}" w:numId="{body.lists.bullet_num}"><w:abstractNumId w:val="{bullet_id}"/></w:num>'
    ]
    nums += [f'<w:num xmlns:w="{W_NS}" w:numId="{number}"><w:abstractNumId w:val="{decimal_id}"/>'
             f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'
             for number, start in body.lists.ordered]  # fmt: skip
    for xml in nums:
        numbering.append(etree.fromstring(xml))


def landscape(document: Any) -> None:
    from docx.enum.section import WD_ORIENT

    section = document.sections[0]
    if section.orientation != WD_ORIENT.LANDSCAPE:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width


def text_width(document: Any) -> int:
    """Twips between the left and right margin of the first section."""
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    return max(int(width) // 635, 2000)  # EMU → twips


FOOTER_CHARACTERS = 64  # with " – Seite 12 von 400", one line of a portrait page


def shortened(text: str, limit: int = FOOTER_CHARACTERS) -> str:
    """`text` cut at a word to fit one footer line ("…" for the rest; the title page has it
    whole). A very long title wrapped the footer to two lines that pushed into the body."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    at = cut.rfind(" ")
    return (cut[:at] if at > limit // 2 else cut).rstrip(" –-,;:") + "…"


def header_footer(document: Any, header: str, footer: str) -> None:
    """Header text and a footer "… – Seite X von Y" (PAGE and NUMPAGES fields).

    Where the header is ours (the municipality's name), the first page has none and no
    footer: it names the municipality itself (title page, or the line above the heading).
    A city's letterhead (a logo, its own text) stays on every page.
    """
    from lxml import etree

    section = document.sections[0]
    header_xml = section.header._element
    if (
        header
        and section.header.paragraphs
        and not any(p.text.strip() for p in section.header.paragraphs)
        and not _has_picture(header_xml)  # a city's logo stands for its name: keep it alone
    ):
        section.header.paragraphs[0].add_run(header)
        if not section.different_first_page_header_footer:
            section.different_first_page_header_footer = True
            section.first_page_header.is_linked_to_previous = False
            section.first_page_footer.is_linked_to_previous = False
    paragraph = (
        section.footer.paragraphs[0]
        if section.footer.paragraphs
        else section.footer.add_paragraph()
    )
    if paragraph.text.strip():
        return  # the city's template has its own footer
    fields = "".join(
        f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {name} </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + (' <w:r><w:t xml:space="preserve"> von </w:t></w:r>' if name == "PAGE" else "")
        for name in ("PAGE", "NUMPAGES")
    )
    from konzeptdoc.documents.wordml import esc

    xml = f'<w:p xmlns:w="{W_NS}"><w:r><w:t xml:space="preserve">{esc(shortened(footer))} – Seite </w:t></w:r>{fields}</w:p>'
    new = etree.fromstring(xml.replace("</w:r> <w:r>", "</w:r><w:r>"))
    style = paragraph._p.find(f"{{{W_NS}}}pPr")
    if style is not None:
        new.insert(0, style)
    paragraph._p.getparent().replace(paragraph._p, new)


_PICTURES = ("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr",
             "{urn:schemas-microsoft-com:vml}shape")  # fmt: skip


def _has_picture(element: Any) -> bool:
    return any(True for tag in _PICTURES for _ in element.iter(tag))


def describe_pictures(document: Any, description: str) -> None:
    """Give every picture of the template's headers and footers that lacks alt text one.

    Screen readers announce a picture without alt text as "image"; in a letterhead it is
    the city's logo, so "Logo: <municipality>" says what it shows.
    """
    for part in document.part.package.iter_parts():
        if not part.content_type.endswith(("header+xml", "footer+xml")):
            continue
        for tag in _PICTURES:
            for element in part.element.iter(tag):
                attribute = "descr" if tag.endswith("docPr") else "alt"
                if not (element.get(attribute) or "").strip():
                    element.set(attribute, description)


#: Word keeps 255 characters of a document property (python-docx refuses more).
PROPERTY_LIMIT = 255


def kept_keywords(keywords: str, limit: int = PROPERTY_LIMIT) -> str:
    """Whole keywords ("; " between them) up to `limit` characters, each once: one that
    does not fit is left out; if none fits, the first is shortened."""
    words = [w.strip() for w in keywords.split("; ") if w.strip()]
    kept = ""
    for word in dict.fromkeys(words):
        longer = f"{kept}; {word}" if kept else word
        if len(longer) <= limit:
            kept = longer
    return kept or (shortened(words[0], limit) if words else "")


def set_properties(document: Any, properties: Properties) -> None:
    core = document.core_properties
    # A 500-character title must not stop the build: the page shows it whole.
    core.title = shortened(properties.title, PROPERTY_LIMIT)
    core.subject = shortened(properties.subject, PROPERTY_LIMIT)
    core.author = core.last_modified_by = shortened(properties.author, PROPERTY_LIMIT)
    core.keywords = kept_keywords(properties.keywords)
    core.language = "de-DE"
    core.revision = 1
    # Core properties are UTC (W3CDTF "…Z"): a revision at 18:00+02:00 is 16:00Z.
    when = (
        properties.date.astimezone(dt.UTC).replace(tzinfo=None)
        if properties.date.tzinfo
        else properties.date
    )
    core.created = when
    core.modified = when


def compose(
    template: Path | None,
    fill: Callable[[Body], None],
    *,
    wide: bool = False,
    header: str = "",
    footer: str = "",
    properties: Properties,
    body_xml: Callable[[Body], str | bytes] | None = None,
    custom: dict[str, str] | None = None,
    prepare: Callable[[Any, Body], None] | None = None,
    anchors: bool | None = None,
) -> tuple[bytes, Body]:
    """A whole document: the template, a body written by `fill`, header, footer, properties.

    `body_xml` may replace the body's own XML (the redline writes tracked changes).
    `custom` are custom document properties (where the document came from); given them,
    the body anchors its texts (see `anchors`; `anchors` says so for a body without them:
    a redline places its comments at them). `prepare` sees the python-docx document
    before `fill` (to add parts such as charts); comments `body_xml` leaves in
    `body.comments` are written as Word comments.
    """
    document, styles = open_template(template)
    if wide:
        landscape(document)
    first_num, first_abstract = free_numbering_ids(document)
    body = Body(styles, link_maker(document), text_width(document), first_list=first_num,
                anchors=custom is not None if anchors is None else anchors)  # fmt: skip
    if prepare is not None:
        prepare(document, body)
    fill(body)
    # Before the numbering is written: a redline's body_xml adds the old text's lists.
    xml = body_xml(body) if body_xml is not None else body.xml_bytes()
    mark_body(document)
    if body.comments is not None and body.comments[1]:
        from konzeptdoc.documents.comments import add_comments

        add_comments(document, *body.comments)
    add_numbering(document, body, first_abstract)
    header_footer(document, header, footer)
    describe_pictures(document, f"Logo: {header}" if header else "Logo")
    set_properties(document, properties)
    german_settings(document)
    application(document, properties.company)
    if custom is not None:
        from konzeptdoc.documents.anchors import set_custom_properties

        set_custom_properties(document, custom)
    return deterministic_bytes(document, xml), body
