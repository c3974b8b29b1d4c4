"""The WordprocessingML a review reads (element names, what runs stand for), and why a
change it finds is not taken over (the German reasons a review lists)."""

from __future__ import annotations

from typing import Any

from konzeptdoc.documents.xmltext import W_NS

W = f"{{{W_NS}}}"
P, T, DEL_TEXT, TAB, BR = (f"{W}{n}" for n in ("p", "t", "delText", "tab", "br"))
CR, HYPHEN, SYM = f"{W}cr", f"{W}noBreakHyphen", f"{W}sym"
#: What the elements that stand for a character read as (a tab or break is whitespace).
CHARACTERS = {TAB: " ", BR: "\n", CR: "\n", HYPHEN: "-"}
TEXTS = (T, DEL_TEXT, TAB, BR, CR, HYPHEN, SYM)
#: A character of a symbol font (Word's Einfügen → Symbol writes w:sym): its code is the
#: font's own (Symbol, Wingdings: U+F020–U+F0FF), not a Unicode character – no text to keep.
SYMBOL = "\ufffc"
INS, DEL, MOVE_FROM, MOVE_TO = (f"{W}{n}" for n in ("ins", "del", "moveFrom", "moveTo"))
BM_START, BM_END = f"{W}bookmarkStart", f"{W}bookmarkEnd"
C_START, C_END, C_REF = f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}commentReference"
RPR_CHANGE, PPR_CHANGE = f"{W}rPrChange", f"{W}pPrChange"
TBL, RPR, PPR, TABS = f"{W}tbl", f"{W}rPr", f"{W}pPr", f"{W}tabs"
TR, TRPR = f"{W}tr", f"{W}trPr"
TXBX = f"{W}txbxContent"  # a text box's (or a shape's) paragraphs, inside a run
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
STYLE = f"{W}pPr/{W}pStyle"
REVISIONS = {INS, DEL, MOVE_FROM, MOVE_TO}
NOT_OLD, NOT_NEW = {INS, MOVE_TO}, {DEL, MOVE_FROM}
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"


FORMATTING = "nur die Formatierung geändert – wird nicht übernommen"
REASONS = {
    "toc": "Inhaltsverzeichnis – wird beim Erstellen erzeugt, nicht übernommen",
    "heading": "Überschrift oder Nummer – wird aus den Daten erzeugt, nicht übernommen",
    "table": "Tabelle – wird aus den Daten erzeugt; Werte bitte in den Dateien ändern",
    "row added": "neue Tabellenzeile (etwa eine neue Maßnahme) – nicht übernommen; bitte in den "
    "Dateien anlegen",
    "row deleted": "gestrichene Tabellenzeile – nicht übernommen; einen Eintrag bitte in den "
    "Dateien löschen",
    "header": "Kopf- oder Fußzeile – wird beim Erstellen erzeugt, nicht übernommen",
    "other": "erzeugter Text (keine Angabe der Daten) – nicht übernommen",
}
TEXT_BOX = (
    "Textfeld – nicht übernommen (die Daten kennen keine Textfelder); bitte den Text in die "
    "Angabe selbst schreiben"
)
#: New text between the data's texts: an empty optional text has no place in a document.
INSERTED = (
    "neuer Text, der zu keiner Angabe gehört – nicht übernommen; eine leere Angabe (etwa eine "
    "fehlende Beschreibung) hat im Dokument keine Stelle: bitte in den Dateien eintragen"
)


def symbol_of(element: Any) -> str:
    """A w:sym's character: a Unicode one as itself, a symbol font's own code as SYMBOL."""
    try:
        code = int(str(element.get(f"{W}char") or ""), 16)
    except ValueError:
        return SYMBOL
    if code < 0x20 or 0xD800 <= code < 0xF900 or code > 0x10FFFF:  # control, surrogate, private
        return SYMBOL
    return chr(code)


def author_of(element: Any) -> str:
    return str(element.get(f"{W}author") or "").strip() or "unbekannt"


def date_of(element: Any) -> str | None:
    value = str(element.get(f"{W}date") or "").strip()
    return value or None
