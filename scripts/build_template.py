"""Build the bundled Word template src/konzeptdoc/templates/konzeptdoc.docx.

Run: python scripts/build_template.py

Starts from python-docx's default document and makes it a city's plain paper: A4, Arial,
German (de-DE) as the document language, Word 2013+ mode (compatibilityMode 15, not
compatibility mode), headings, TOC, caption, table and list styles, a header with the
municipality and a footer "Seite X von Y". Parts a council document does not need
(customXml, stylesWithEffects, thumbnail) are dropped. The result is committed; this script
documents how it was made and remakes it.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt, RGBColor

TARGET = (
    Path(__file__).resolve().parents[1] / "src" / "konzeptdoc" / "templates" / "konzeptdoc.docx"
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
KEEP_TABLE_STYLES = {"Normal Table", "Table Grid"}
CONTRAST = {b"4F81BD": b"2F5496", b"808080": b"595959", b"C0504D": b"A5322E"}
ARIAL = b'<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/>'
DROP = ("customXml/", "word/stylesWithEffects.xml", "docProps/thumbnail.jpeg")

EXTRA_STYLES = f"""
<w:style xmlns:w="{W}" w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/>
  <w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/>
  <w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9060"/></w:tabs><w:spacing w:before="120" w:after="60"/></w:pPr>
  <w:rPr><w:b/></w:rPr></w:style>
<w:style xmlns:w="{W}" w:type="paragraph" w:styleId="TOC2"><w:name w:val="toc 2"/><w:basedOn w:val="Normal"/>
  <w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/>
  <w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9060"/></w:tabs><w:spacing w:after="40"/><w:ind w:left="284"/></w:pPr></w:style>
<w:style xmlns:w="{W}" w:type="paragraph" w:styleId="TOC3"><w:name w:val="toc 3"/><w:basedOn w:val="Normal"/>
  <w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/>
  <w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9060"/></w:tabs><w:spacing w:after="40"/><w:ind w:left="567"/></w:pPr></w:style>
<w:style xmlns:w="{W}" w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/>
  <w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:color w:val="1F4E79"/><w:u w:val="single"/></w:rPr></w:style>
<w:style xmlns:w="{W}" w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/>
  <w:qFormat/><w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
<w:style xmlns:w="{W}" w:type="paragraph" w:styleId="Meta"><w:name w:val="Meta"/><w:basedOn w:val="Normal"/>
  <w:qFormat/><w:pPr><w:spacing w:after="40"/></w:pPr><w:rPr><w:color w:val="404040"/></w:rPr></w:style>
"""


def main() -> None:
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)
    styles = document.styles
    # python-docx's default carries 100 Word table styles (340 KB of styles.xml) that every
    # build would parse, write and compress again; the documents use "Table Grid" only.
    for style in list(styles):
        if style.type == WD_STYLE_TYPE.TABLE and style.name not in KEEP_TABLE_STYLES:
            style.delete()
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    for name, size, before in (
        ("Heading 1", 16, 18),
        ("Heading 2", 13, 12),
        ("Heading 3", 11.5, 10),
    ):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    for name in ("Title", "Subtitle", "Caption", "List Bullet", "List Number", "TOC Heading"):
        styles[name].font.name = "Arial"
    styles["Title"].font.size = Pt(24)
    styles["Title"].font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    # Documents set their own title; the template's names what it is (and passes the checker).
    document.core_properties.title = "konzeptdoc: Vorlage für Konzeptdokumente"
    header = section.header.paragraphs[0]
    header.text = ""
    header.style = styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.style = styles["Footer"]
    buffer = io.BytesIO()
    document.save(buffer)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(_clean(buffer.getvalue()))
    print(f"wrote {TARGET}")


def _clean(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name.startswith(DROP):
                continue
            text = source.read(name)
            if name == "[Content_Types].xml":
                text = re.sub(
                    rb'<Override PartName="/(customXml/[^"]*|word/stylesWithEffects\.xml|docProps/thumbnail\.jpeg)"[^>]*/>',
                    b"",
                    text,
                )
                text = re.sub(rb'<Default Extension="jpeg"[^>]*/>', b"", text)
            elif name.endswith(".rels"):
                text = re.sub(
                    rb'<Relationship [^>]*Target="(\.\./customXml/[^"]*|stylesWithEffects\.xml|docProps/thumbnail\.jpeg)"[^>]*/>',
                    b"",
                    text,
                )
            elif name == "word/settings.xml":
                text = re.sub(rb"<w:zoom[^>]*/>", b'<w:zoom w:percent="100"/>', text)
                text = text.replace(
                    b'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="14"',
                    b'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"',
                )
                text = re.sub(rb"<w:attachedTemplate[^>]*/>", b"", text)
            elif name == "word/styles.xml":
                text = re.sub(
                    rb'<w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/>',
                    b'<w:lang w:val="de-DE" w:eastAsia="de-DE" w:bidi="ar-SA"/>',
                    text,
                )
                text = text.replace(b"</w:styles>", EXTRA_STYLES.encode() + b"</w:styles>")
                # The Title's bottom rule is drawn as an untagged path: PDF/UA checkers fail
                # the page (content neither tagged nor an artifact). The title needs no rule.
                text = re.sub(
                    rb'(<w:style [^>]*w:styleId="Title">.*?)<w:pBdr>.*?</w:pBdr>',
                    rb"\1",
                    text,
                    flags=re.S,
                )
                # Letter spacing on the title makes LibreOffice stretch Arabic with kashida
                # glyphs that its PDF export maps to no character (PDF/UA fails the font).
                text = re.sub(
                    rb'(<w:style [^>]*w:styleId="Title(?:Char)?">(?:(?!</w:style>).)*?)'
                    rb'<w:spacing w:val="-?\d+"/>',
                    rb"\1",
                    text,
                    flags=re.S,
                )
                # Theme fonts win over the named font in Word, and the theme (Calibri,
                # Cambria) is not the template's Arial: every style names its font only.
                text = re.sub(rb"<w:rFonts [^>]*(?:Theme|cstheme)=[^>]*/>", ARIAL, text)
                # Text colours below WCAG's 4.5:1 against white (Word's accent blue 4.0:1,
                # its grey 3.9:1 – captions, subtitles) darkened; theme colours would win.
                for light, dark in CONTRAST.items():
                    text = re.sub(rb'<w:color w:val="' + light + rb'"[^>]*/>',
                                  b'<w:color w:val="' + dark + b'"/>', text)  # fmt: skip
                # "TOC Heading" carries outline level 9 (body text): readers would take it
                # for a tenth-level heading; it needs none.
                text = re.sub(
                    rb'(<w:style [^>]*w:styleId="TOCHeading">.*?)<w:outlineLvl w:val="9"/>',
                    rb"\1",
                    text,
                    flags=re.S,
                )
                text = re.sub(
                    rb'\s+xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"(?= w:type)',
                    b"",
                    text,
                )
            elif name == "word/theme/theme1.xml":
                # The theme's fonts too, for whatever still asks the theme (Word's font menu).
                text = re.sub(rb'<a:latin typeface="[^"]*"', b'<a:latin typeface="Arial"', text)
            elif name == "docProps/core.xml":
                text = re.sub(rb"<dc:(subject|creator|description)>[^<]*</dc:\1>", b"", text)
                text = re.sub(rb"<cp:(keywords|lastModifiedBy)>[^<]*</cp:\1>", b"", text)
            target.writestr(name, text)
    return out.getvalue()


if __name__ == "__main__":
    main()
