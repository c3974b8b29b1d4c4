"""German document settings and the application properties, for every template.

A city's template may come from an English Word or a Mac: whatever it says, a council
document is German – hyphenated automatically (with the de-DE language of the styles), a
decimal comma and ";" between list items in fields, German as the theme's font language –
and says that konzeptdoc made it (docProps/app.xml), not the template's Word version,
"Normal.dotm" or a page and word count of the empty template.
"""

from __future__ import annotations

from typing import Any

from konzeptdoc.documents.xmltext import W_NS, esc

# The order of CT_Settings (ECMA-376 Part 1, 17.15.1.78) up to the last element we write: a
# new element goes before the first present one that comes later.
_SEQUENCE = (
    "writeProtection view zoom removePersonalInformation removeDateAndTime "
    "doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText "
    "printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts "
    "saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
    "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors "
    "hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate linkStyles "
    "stylePaneFormatFilter stylePaneSortMethod documentType mailMerge revisionView trackRevisions "
    "doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride styleLockTheme "
    "styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone "
    "doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle defaultTableStyle "
    "evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets "
    "drawingGridHorizontalSpacing drawingGridVerticalSpacing displayHorizontalDrawingGridEvery "
    "displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin "
    "drawingGridHorizontalOrigin drawingGridVerticalOrigin doNotShadeFormData "
    "noPunctuationKerning characterSpacingControl printTwoOnOne strictFirstAndLastChars "
    "noLineBreaksAfter noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema "
    "saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml "
    "saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags alwaysMergeEmptyNamespace "
    "updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids mathPr "
    "attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats "
    "doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType "
    "schemaLibrary shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"
)
_RANK = {name: rank for rank, name in enumerate(_SEQUENCE.split())}

_APP = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>konzeptdoc</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<Company>{company}</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def german_settings(document: Any) -> None:
    """Hyphenation on, decimal comma, list separator ";", theme font language de-DE."""
    settings = document.settings.element
    _set(settings, "autoHyphenation", {"val": "true"})
    _set(settings, "themeFontLang", {"val": "de-DE"})
    _set(settings, "decimalSymbol", {"val": ","})
    _set(settings, "listSeparator", {"val": ";"})
    _in_order(settings)
    zoom = settings.find(f"{{{W_NS}}}zoom")
    if zoom is not None and zoom.get(f"{{{W_NS}}}percent") is None:
        # Word for Mac leaves it out ("bestFit" alone); the schema requires it
        zoom.set(f"{{{W_NS}}}percent", "100")


def application(document: Any, company: str) -> None:
    """docProps/app.xml names konzeptdoc and the municipality (where the template has one)."""
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = _APP.format(company=esc(company)).encode("utf-8")


def _set(settings: Any, name: str, values: dict[str, str]) -> None:
    from lxml import etree

    tag = f"{{{W_NS}}}{name}"
    element = settings.find(tag)
    if element is None:
        element = etree.Element(tag)
        rank = _RANK[name]
        later = next(
            (
                child
                for child in settings
                if _RANK.get(etree.QName(child).localname, -1) > rank
                and etree.QName(child).namespace == W_NS
            ),
            None,
        )
        if later is not None:
            later.addprevious(element)
        else:
            settings.append(element)
    for key, value in values.items():
        element.set(f"{{{W_NS}}}{key}", value)


def _in_order(settings: Any) -> None:
    """The children in the schema's order: pandoc's reference document has footnotePr,
    rsids and clrSchemeMapping before zoom, which strict checkers (and Word) refuse. A
    stable sort: a valid file stays as it is; unknown (extension) elements go last."""
    from lxml import etree

    def rank(child: Any) -> int:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            return len(_RANK)
        return _RANK.get(etree.QName(child).localname, len(_RANK))

    children = list(settings)
    ordered = sorted(children, key=rank)
    if ordered != children:
        for child in children:
            settings.remove(child)
        settings.extend(ordered)
