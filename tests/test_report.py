"""The Sachstandsbericht: gathered from the replayed Wiesbaden history, written as Word and HTML."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from konzeptdoc import Repository
from konzeptdoc.cli import main
from konzeptdoc.documents.charts import Chart, chart_part, trend
from konzeptdoc.documents.report_doc import StatusReport, render_report, summary_sentence
from konzeptdoc.reporting import status_report
from konzeptdoc.reporting.html import to_html
from konzeptdoc.samples.demo import replay, samples_dir
from tests.conftest import SHARED, ooxml_check

pytestmark = pytest.mark.usefixtures("isolated_git")
CONCEPT = "integrationskonzept"


@pytest.fixture(scope="module")
def wiesbaden(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return replay(samples_dir() / "wiesbaden", tmp_path_factory.mktemp("r") / "wi").path


@pytest.fixture(scope="module")
def report(wiesbaden: Path) -> StatusReport:
    with Repository.open(wiesbaden) as repository:
        return status_report(repository, CONCEPT)


def lines(report: StatusReport) -> dict[str, tuple[object, ...]]:
    return {
        m.id: (m.status_then, m.status_now, m.since, m.overdue(report.as_of))
        for m in report.measures
    }


def test_status_then_now_since_and_overdue_from_the_history(report: StatusReport) -> None:
    assert report.as_of == dt.date(2025, 11, 12) and report.base_date == dt.date(2020, 7, 9)
    assert "Nr. 0522" in report.base
    got = lines(report)
    # status_date written with the update wins over the revision's date
    assert got["m-psychosoziale-beratung"] == ("planned", "done", dt.date(2022, 12, 15), False)
    # no status_date: the date of the revision that changed the status
    assert got["m-sprachkitas"] == ("planned", "done", dt.date(2025, 11, 12), False)
    assert got["m-frauen-in-arbeit"] == ("planned", "in_progress", dt.date(2025, 11, 12), True)
    assert got["m-mama-lernt-deutsch"] == ("continued", "continued", None, False)
    assert got["m-vereinslotsen"][:2] == ("planned", None)  # dropped from the concept
    assert got["m-mitmachmarkt-ideen"][:2] == (None, "in_progress")  # new since the decision
    then, now = report.counts()
    assert (then["planned"], now["done"], sum(now.values())) == (8, 2, 12)
    assert [(day.year, author) for day, author, _ in report.revisions] == [
        (2023, "Amt für Zuwanderung und Integration"),
        (2025, "Integrationsabteilung"),
    ]


def test_changes_sentence_names_only_what_happened(report: StatusReport) -> None:
    """Measures added and dropped since the decision, each part only where there is one:
    never "neu aufgenommen: 0 Maßnahmen"."""
    import dataclasses
    from collections.abc import Callable

    from konzeptdoc.documents.report_doc import ReportMeasure, changes_sentence

    assert changes_sentence(report) == (
        "Seither neu aufgenommen: 1 Maßnahme; nicht mehr im Konzept: 1 Maßnahme."
    )

    def only(keep: Callable[[ReportMeasure], bool]) -> StatusReport:
        fields = [
            dataclasses.replace(f, measures=tuple(m for m in f.measures if keep(m)))
            for f in report.fields
        ]
        return dataclasses.replace(report, fields=tuple(fields))

    kept = only(lambda m: m.status_then is not None)
    assert changes_sentence(kept) == "Seither nicht mehr im Konzept: 1 Maßnahme."
    same = only(lambda m: m.status_then is not None and m.status_now is not None)
    assert changes_sentence(same) == ""


def test_as_of_reads_the_revision_of_that_day(wiesbaden: Path) -> None:
    with Repository.open(wiesbaden) as repository:
        mid = status_report(repository, CONCEPT, as_of="2024-01-01")
        got = lines(mid)
        assert mid.revision_date.date() == dt.date(2023, 9, 14)
        assert got["m-schwimmkurse"] == ("planned", "in_progress", dt.date(2022, 4, 1), False)
        assert got["m-sprachkitas"] == ("planned", "planned", None, True)  # 2021–2023, not done
        since = status_report(repository, CONCEPT, since="HEAD~1")
        assert not since.base_is_release and since.then == "am 14.09.2023"
        assert lines(since)["m-psychosoziale-beratung"][:3] == (
            "done",
            "done",
            dt.date(2022, 12, 15),
        )


def test_axis_title_names_the_unit_as_german_reads_it() -> None:
    from konzeptdoc.documents.charts import axis_title

    assert axis_title("%") == "Wert in %" and axis_title("€") == "Wert in €"
    assert axis_title("Beratungen") == "Beratungen" and axis_title(None) == "Wert"
    assert axis_title("km²") == "Wert in km²"


def test_trend_in_words() -> None:
    falling = Chart("B1", "%", ((2017, 31.2), (2021, 33.4), (2024, 30.1)), None, "sinkend")
    assert trend(falling) == (
        "B1: von 31,2 % (2017) auf 30,1 % (2024) gesunken; höchster Wert 33,4 % (2021), "
        "niedrigster 30,1 % (2024). Zielwert: sinkend."
    )
    rising = Chart("A1", "Beratungen", ((2020, 312), (2024, 1587)), 600)
    assert trend(rising).endswith("gestiegen. Zielwert: 600 Beratungen – erreicht.")
    assert "nahezu unverändert" in trend(Chart("X", None, ((2020, 100), (2021, 100.5))))


@pytest.fixture(scope="module")
def docx(report: StatusReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "bericht.docx"
    path.write_bytes(render_report(report)[0])
    return path


def test_word_report_is_strict_clean_deterministic_and_charts_validate(
    docx: Path, report: StatusReport
) -> None:
    ooxml_check(docx)
    assert render_report(report)[0] == docx.read_bytes()
    package = zipfile.ZipFile(docx)
    charts = sorted(n for n in package.namelist() if n.startswith("word/charts/"))
    assert charts == ["word/charts/chart1.xml", "word/charts/chart2.xml"]
    xsd = SHARED / "tools" / "ooxml-xsd" / "dml-chart.xsd"
    if not xsd.is_file():
        pytest.skip("../shared is absent")
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    for name in charts:
        assert schema.validate(etree.fromstring(package.read(name))), schema.error_log
    types = package.read("[Content_Types].xml").decode()
    assert types.count("drawingml.chart+xml") == 2
    assert package.read("word/_rels/document.xml.rels").decode().count("/relationships/chart") == 2
    chart = package.read("word/charts/chart1.xml").decode()
    assert "Wert in %" in chart and "[$-407]#,##0.0" in chart and "<c:lineChart>" in chart
    assert (
        'val="Zielwert"' not in chart
        and "<c:v>Zielwert</c:v>" in package.read("word/charts/chart2.xml").decode()
    )  # a numeric target is drawn, a target in words is stated


def test_word_report_reads_back(docx: Path) -> None:
    import docx as python_docx

    document = python_docx.Document(str(docx))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    for expected in ("1 Zusammenfassung", "Vereinslotsen für neue Mitglieder", "neu aufgenommen",
                     "nicht mehr im Konzept", "überfällig (Zeitrahmen 2021–2024)", "15.12.2022",
                     "33,4", "Zielwert: 600 Beratungen – noch nicht erreicht.",
                     "Umsetzungsstand und Indikatoren 2023"):  # fmt: skip
        assert expected in text, expected
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    descriptions = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', xml)
    assert len(descriptions) == 2 and "gesunken" in descriptions[0]


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and pdftotext are not installed")  # fmt: skip
def test_libreoffice_shows_every_measure_and_value(
    docx: Path, report: StatusReport, tmp_path: Path
) -> None:
    from konzeptdoc.documents.report_doc import build_report

    pdf = tmp_path / "bericht.pdf"
    build_report(report, output=tmp_path / "bericht.docx", pdf=pdf)  # --pdf: one LibreOffice run
    assert (tmp_path / "bericht.docx").read_bytes() == docx.read_bytes()
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())  # fmt: skip
    for measure in report.measures:
        assert " ".join(measure.title.split()) in text, measure.title
    for field in report.fields:
        for chart in field.charts:
            for _, value in chart.points:
                assert f"{value:.1f}".replace(".", ",").removesuffix(",0") in text
    assert "34,0" in text  # the chart's axis in German notation, drawn by LibreOffice
    import page  # PDF/UA-1: the charts carry their descriptions as alternative text

    checked = page.validate_pdf(pdf, profile=page.ValidationProfile.PDF_UA_1)
    assert checked.rules.failed == 0, sorted({f.rule_id for f in checked.failures})


def test_cli_build_report_and_bad_periods(wiesbaden: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    target = tmp_path / "b.docx"
    args = ["-C", str(wiesbaden), "build", CONCEPT, "--kind", "report", "-o", str(target)]
    assert main(args, stdout=out) == 0 and target.stat().st_size > 10_000
    assert out.getvalue().startswith("12 Maßnahmen: 1 geplant, 3 in Umsetzung")
    bad = tmp_path / "bad.docx"
    for wrong in (["--since", "keine-solche-fassung"], ["--since", "HEAD", "--as-of", "2024-01-01"],
                  ["--as-of", "2019-01-01"]):  # fmt: skip
        argv = ["-C", str(wiesbaden), "report", CONCEPT, "-o", str(bad), *wrong]
        assert main(argv, stdout=io.StringIO()) == 2
        assert not bad.exists()
    rev = [
        "-C",
        str(wiesbaden),
        "build",
        CONCEPT,
        "--kind",
        "report",
        "--rev",
        "HEAD",
        "-o",
        str(bad),
    ]
    assert main(rev, stdout=io.StringIO()) == 2 and not bad.exists()
    html = tmp_path / "b.html"  # --as-of as Germans write dates, like every other command
    german = ["-C", str(wiesbaden), "report", CONCEPT, "--format", "html", "-o", str(html)]
    assert main([*german, "--as-of", "31.12.2099"], stdout=io.StringIO()) == 0 and html.is_file()
    unknown = ["-C", str(wiesbaden), "report", "kein-konzept", "-o", str(bad)]
    assert main(unknown, stdout=io.StringIO()) == 2 and not bad.exists()


def test_html_report_with_accessible_svg(report: StatusReport, tmp_path: Path) -> None:
    page = to_html(report)
    assert page.count('<svg role="img"') == 2 and page.count("<desc id=") == 2
    assert '<th scope="row">2021</th><td class="n">33,4</td>' in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    if shutil.which("chromium") is None:
        pytest.skip("chromium is not installed")
    path = tmp_path / "bericht.html"
    # A word longer than a column wraps: the page never gets wider than the window.
    long = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbau" * 3
    overflow = (
        "<script>document.body.setAttribute('data-overflow',String("
        "document.documentElement.scrollWidth-document.documentElement.clientWidth))</script>"
    )
    path.write_text(
        page.replace("Orientierungskurse", long).replace("</body>", overflow + "</body>"),
        encoding="utf-8",
    )
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--no-first-run", "--disable-component-update", f"--user-data-dir={tmp_path / 'p'}"]  # fmt: skip
    dom = subprocess.run(["chromium", *flags, "--dump-dom", path.as_uri()], capture_output=True,
                         text=True, timeout=120, check=True).stdout  # fmt: skip
    assert dom.count("<polyline") == 2 and "aria-labelledby=" in dom
    assert "Zielwert 600 Beratungen" in dom and "Messwerte: A1 – Erstberatungen" in dom
    assert "Keine Maßnahme ist überfällig." not in dom and long in dom
    assert 'data-overflow="0"' in dom
    assert "4 Grundlage des Berichts" in dom and "Arbeitsstand nach dem MitMachMarkt" in dom
    # The same summary as the Word report: measures added and dropped since the decision.
    assert "Seither neu aufgenommen: 1 Maßnahme; nicht mehr im Konzept: 1 Maßnahme." in page


def test_status_is_read_from_the_item_text_at_its_own_indentation() -> None:
    from konzeptdoc.reporting.collect import _is_measure, _status_of

    item = (
        "  - id: m-a\n    title: A\n    description: |\n      status: done\n"
        "    goals: [g]\n    status: 'in_progress'  # Kommentar\n"
    )
    assert _status_of(item) == "in_progress" and _is_measure(item)
    assert _status_of("  - {id: m-b, goals: [g], status: done}") == "done"
    assert _status_of("  - id: m-c\n    goals: [g]\n") == "planned"
    assert not _is_measure("  - id: lz-a\n    level: guiding\n    title: Ziel\n")


def test_hostile_text_is_escaped_in_chart_svg_and_tables(tmp_path: Path) -> None:
    import docx as python_docx

    from konzeptdoc.documents.report_doc import ReportField, ReportMeasure

    hostile = "A & B <script>\"x\"</script> 'y' ünd ﻿عربي 🙂"
    measure = ReportMeasure("m-a", hostile, hostile, "planned", "done", dt.date(2024, 5, 1),
                            hostile, "2021–2022", 2022)  # fmt: skip
    chart = Chart(hostile, "<%>", ((2020, -1.5), (2021, 0.0), (2022, 2.25)), 1.0)
    report = StatusReport("k", hostile, "Integrationskonzept", hostile, hostile,
                          dt.date(2024, 6, 1), dt.datetime(2024, 6, 1, 12), hostile,
                          dt.date(2020, 1, 1), True, (ReportField("f", hostile, (measure,), (chart,)),))  # fmt: skip
    path = tmp_path / "feindlich.docx"
    path.write_bytes(render_report(report)[0])
    ooxml_check(path)
    etree.fromstring(chart_part(chart))  # well-formed
    cells = [
        c.text for t in python_docx.Document(str(path)).tables for r in t.rows for c in r.cells
    ]
    assert hostile in cells and "2,25" in cells and "-1,5" in cells
    page = to_html(report)
    assert "<script>" not in page and "&lt;script&gt;" in page
    etree.fromstring(page.split("<body>", 1)[1].split("</body>")[0].join(["<div>", "</div>"]))
    assert trend(chart).startswith(hostile) and "gestiegen" in trend(chart)


@pytest.mark.parametrize(
    "chart",
    [
        Chart("Zwei Werte", "%", ((2020, 4.0), (2022, 6.5)), 5.0),  # bars, target as a line
        Chart("Ein Wert", None, ((2021, 7),), None, "steigend"),
        Chart("Lücken", "€", ((1990, 1.0), (2100, 2.0), (2101, 3.0))),  # more than 60 years
    ],
    ids=["bars-with-target", "one-value", "long-span"],
)
def test_every_chart_shape_validates(chart: Chart) -> None:
    from konzeptdoc.reporting.html import svg

    xsd = SHARED / "tools" / "ooxml-xsd" / "dml-chart.xsd"
    if not xsd.is_file():
        pytest.skip("../shared is absent")
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    part = etree.fromstring(chart_part(chart))
    assert schema.validate(part), schema.error_log
    assert len(chart.years) <= 60
    assert etree.fromstring(svg(chart, 1)).get("role") == "img"


def test_summary_of_a_concept_without_measures(report: StatusReport) -> None:
    import dataclasses

    empty = dataclasses.replace(report, fields=())
    assert summary_sentence(empty) == "Das Konzept enthält keine Maßnahmen."  # not "0 …: keine."
    assert summary_sentence(report).startswith("12 Maßnahmen: 1 geplant, ")
