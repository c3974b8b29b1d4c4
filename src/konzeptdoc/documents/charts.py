"""Indicator charts: a native DrawingML chart part, the inline drawing that shows it, the trend
in words.

The chart part (``word/charts/chartN.xml``, a ``c:chartSpace``) follows the structure
python-pptx writes for its line and bar charts (plotArea → one chart type with its series,
a category axis and a value axis crossing each other). The values travel as literal caches
(``c:strLit``/``c:numLit``) without an embedded workbook: Word and LibreOffice draw them,
and nothing executable or linked enters the package. Years without a value stay gaps.
The trend sentence is the drawing's alternative text; the report also prints the numbers
as a table, since LibreOffice drops a chart's alternative text in PDF/UA.
"""

from __future__ import annotations

from dataclasses import dataclass

from konzeptdoc.documents.xmltext import attr, esc
from konzeptdoc.german import formatting as german

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"

#: Longest span of years a chart draws (a typo such as 1920 for 2020 must not draw a century).
MAX_YEARS = 60
_COLOURS = ("1F4E79", "C55A11")  # dark blue values, orange target: distinct in greyscale too


@dataclass(frozen=True)
class Chart:
    """An indicator's series: what a chart, its alternative text and its table show."""

    title: str
    unit: str | None
    points: tuple[tuple[int, float], ...]  # (year, value), ascending years
    target: float | None = None  # a numeric target is drawn as a second series
    target_text: str | None = None  # a target in words ("sinkend") is stated

    @property
    def years(self) -> list[int]:
        """Every year from the first to the last value (at most MAX_YEARS)."""
        first = self.points[0][0]
        last = min(self.points[-1][0], first + MAX_YEARS - 1)
        return list(range(first, last + 1))

    @property
    def shown(self) -> tuple[tuple[int, float], ...]:
        """The points the chart draws: those within `years`."""
        last = self.points[0][0] + MAX_YEARS - 1
        return tuple(p for p in self.points if p[0] <= last)

    @property
    def kind(self) -> str:
        """A line for a series of three values or more; bars for one or two."""
        return "line" if len(self.points) >= 3 else "bar"


def value_text(value: float, unit: str | None = None) -> str:
    """ "31,2 %", "1.234 Beratungen": German digits, the unit after a space."""
    text = german.number(value)
    return f"{text} {unit}" if unit else text


def axis_title(unit: str | None) -> str:
    """The value axis' title: "Wert in %" for a sign, the counted thing itself for a word
    ("Beratungen", not "Wert in Beratungen")."""
    if not unit:
        return "Wert"
    return unit if any(char.isalpha() for char in unit) and len(unit) > 3 else f"Wert in {unit}"


def trend(chart: Chart) -> str:
    """The trend in words: first and last value, direction, target."""
    (first_year, first), (last_year, last) = chart.points[0], chart.points[-1]
    unit = chart.unit
    if len(chart.points) == 1:
        sentence = f"{chart.title}: {value_text(first, unit)} im Jahr {first_year}."
    else:
        change = last - first
        if abs(change) <= abs(first) * 0.01:
            direction = "nahezu unverändert"
        elif change > 0:
            direction = "gestiegen"
        else:
            direction = "gesunken"
        lowest = min(chart.points, key=lambda p: (p[1], p[0]))
        highest = max(chart.points, key=lambda p: (p[1], -p[0]))
        sentence = (
            f"{chart.title}: von {value_text(first, unit)} ({first_year}) auf "
            f"{value_text(last, unit)} ({last_year}) {direction}"
        )
        if len(chart.points) > 2 and (lowest[1], highest[1]) != (
            min(first, last),
            max(first, last),
        ):
            sentence += (
                f"; höchster Wert {value_text(highest[1], unit)} ({highest[0]}), "
                f"niedrigster {value_text(lowest[1], unit)} ({lowest[0]})"
            )
        sentence += "."
    return f"{sentence} {target_sentence(chart)}".rstrip()


def target_sentence(chart: Chart) -> str:
    """ "Zielwert: 600 Beratungen – noch nicht erreicht." or "Zielwert: sinkend." or ""."""
    if chart.target is not None:
        first, last = chart.points[0][1], chart.points[-1][1]
        rising = first <= chart.target
        reached = last >= chart.target if rising else last <= chart.target
        state = "erreicht" if reached else "noch nicht erreicht"
        return f"Zielwert: {value_text(chart.target, chart.unit)} – {state}."
    if chart.target_text:
        return f"Zielwert: {chart.target_text}."
    return ""


def _rich(text: str, size: int = 1000, bold: bool = False) -> str:
    return (f'<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}" b="{int(bold)}"/></a:pPr>'
            f'<a:r><a:rPr lang="de-DE" sz="{size}" b="{int(bold)}"/><a:t>{esc(text)}</a:t></a:r></a:p></c:rich></c:tx>')  # fmt: skip


def _title(text: str, size: int = 1000, bold: bool = False) -> str:
    return f'<c:title>{_rich(text, size, bold)}<c:overlay val="0"/></c:title>'


def _number(value: float) -> str:
    # The cache holds invariant numbers; repr keeps every digit the data gave.
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


def _series(index: int, name: str, values: dict[int, float], years: list[int], kind: str,
            decimals: int, dashed: bool = False) -> str:  # fmt: skip
    colour = _COLOURS[index % len(_COLOURS)]
    dash = '<a:prstDash val="dash"/>' if dashed else ""
    line = (f'<a:ln w="28575" cap="rnd"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
            f"{dash}<a:round/></a:ln>")  # fmt: skip
    fill = f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
    shape = f"<c:spPr>{line}</c:spPr>" if kind == "line" else f"<c:spPr>{fill}</c:spPr>"
    marker = (
        '<c:marker><c:symbol val="none"/></c:marker>'
        if dashed
        else f'<c:marker><c:symbol val="circle"/><c:size val="6"/><c:spPr>{fill}</c:spPr></c:marker>'
    )
    categories = "".join(
        f'<c:pt idx="{i}"><c:v>{year}</c:v></c:pt>' for i, year in enumerate(years)
    )
    points = "".join(
        f'<c:pt idx="{i}"><c:v>{_number(values[year])}</c:v></c:pt>'
        for i, year in enumerate(years)
        if year in values
    )
    format_code = "[$-407]#,##0" + ("." + "0" * decimals if decimals else "")
    return (
        f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>'
        f"<c:tx><c:v>{esc(name)}</c:v></c:tx>{shape}"
        + (marker if kind == "line" else '<c:invertIfNegative val="0"/>')
        + f'<c:cat><c:strLit><c:ptCount val="{len(years)}"/>{categories}</c:strLit></c:cat>'
        f'<c:val><c:numLit><c:formatCode>{attr(format_code)}</c:formatCode><c:ptCount val="{len(years)}"/>'
        f"{points}</c:numLit></c:val>"
        + ('<c:smooth val="0"/>' if kind == "line" else "")
        + "</c:ser>"
    )


def decimals_of(chart: Chart) -> int:
    """How many decimals the values use (at most 2): the axis shows as many."""
    places = 0
    for _, value in chart.points:
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        places = max(places, len(text.partition(".")[2]))
    return places


def chart_part(chart: Chart) -> bytes:
    """``word/charts/chartN.xml``: a line or bar chart of the series, the target as a dashed line."""
    years = chart.years
    values = {year: value for year, value in chart.points if year in set(years)}
    decimals = decimals_of(chart)
    kind = chart.kind
    series = _series(0, "Messwert", values, years, kind, decimals)
    target = ""
    if chart.target is not None:
        line = _series(1, "Zielwert", dict.fromkeys(years, chart.target), years, "line",
                       decimals, dashed=True)  # fmt: skip
        target = ('<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>'
                  f'{line}<c:marker val="1"/><c:axId val="1001"/><c:axId val="1002"/></c:lineChart>')  # fmt: skip
    if kind == "line":
        main = ('<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>'
                f'{series}<c:marker val="1"/><c:axId val="1001"/><c:axId val="1002"/></c:lineChart>')  # fmt: skip
    else:
        main = ('<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
                f'{series}<c:gapWidth val="80"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>')  # fmt: skip
    format_code = "[$-407]#,##0" + ("." + "0" * decimals if decimals else "")
    unit_title = axis_title(chart.unit)
    axis_text = '<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="de-DE"/></a:p></c:txPr>'
    xml = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}" xmlns:r="{R_NS}">'
        '<c:date1904 val="0"/><c:lang val="de-DE"/><c:roundedCorners val="0"/>'
        f'<c:chart>{_title(chart.title, 1100, True)}<c:autoTitleDeleted val="0"/>'
        f"<c:plotArea><c:layout/>{main}{target}"
        '<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="b"/>{_title("Jahr")}'
        '<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/>'
        f'<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>{axis_text}<c:crossAx val="1002"/>'
        '<c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>'
        '<c:noMultiLvlLbl val="0"/></c:catAx>'
        '<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/><c:majorGridlines><c:spPr><a:ln w="6350">'
        '<a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>'
        f'{_title(unit_title)}<c:numFmt formatCode="{attr(format_code)}" sourceLinked="0"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'{axis_text}<c:crossAx val="1001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/>'
        "</c:valAx></c:plotArea>"
        + ('<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>' if target else "")
        + '<c:plotVisOnly val="1"/><c:dispBlanksAs val="span"/></c:chart>'
        '<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"><a:latin typeface="Arial"/></a:defRPr>'
        '</a:pPr><a:endParaRPr lang="de-DE"/></a:p></c:txPr></c:chartSpace>'
    )
    return xml.encode("utf-8")


def drawing(rid: str, number: int, chart: Chart, width_emu: int, height_emu: int) -> str:
    """The run that shows a chart part inline, its trend as alternative text."""
    description = trend(chart)
    return (
        f'<w:r><w:drawing><wp:inline xmlns:wp="{WP_NS}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{width_emu}" cy="{height_emu}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{number}" name="Diagramm {number}" descr="{attr(description)}" '
        f'title="{attr(chart.title)}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{C_NS}">'
        f'<c:chart xmlns:c="{C_NS}" xmlns:r="{R_NS}" r:id="{rid}"/>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


__all__ = [
    "CHART_CONTENT_TYPE",
    "CHART_RELATIONSHIP",
    "Chart",
    "axis_title",
    "chart_part",
    "drawing",
    "trend",
]


def declare_charts(document: object) -> None:
    """Declare the chart namespace on the document's root and list it as ignorable.

    Word and LibreOffice understand DrawingML charts and draw them whatever mc:Ignorable
    says; a consumer that does not (and ``ooxml_check.py``, whose list of known namespaces
    lacks the chart namespace) may skip the ``c:chart`` reference – the report's tables
    carry every value. Wrapping the chart in ``mc:AlternateContent`` instead was measured:
    LibreOffice then takes the fallback and draws nothing.
    """
    from lxml import etree

    root = document.element  # type: ignore[attr-defined]
    prefix = "c"
    while root.nsmap.get(prefix) not in (None, C_NS):
        prefix += "c"  # a city template uses "c" for something else
    mc = next((p for p, ns in root.nsmap.items() if ns == MC_NS), None) or "mc"
    etree.cleanup_namespaces(
        root, top_nsmap={prefix: C_NS, mc: MC_NS}, keep_ns_prefixes=[*root.nsmap, prefix, mc]
    )
    key = f"{{{MC_NS}}}Ignorable"
    prefixes = (root.get(key) or "").split()
    if prefix not in prefixes:
        root.set(key, " ".join([*prefixes, prefix]))
