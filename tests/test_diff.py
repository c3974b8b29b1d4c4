"""Revision diffs: records first, renderings second, Word outputs checked like documents."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc.cli import main
from konzeptdoc.diff import diff
from konzeptdoc.diff.html import to_html
from konzeptdoc.diff.render import to_json, to_markdown, to_text
from konzeptdoc.diff.synopse import synopse
from konzeptdoc.testing import generate, revise
from tests.conftest import ooxml_check

S = Path(__file__).resolve().parents[1] / "sample_concepts"
WOB_2011 = S / "wolfsburg/01-konzept-2011/concepts/vielfalt-leben"
WOB_2020 = S / "wolfsburg/03-review-beschluss-2020/concepts/vielfalt-leben"
WI_2020 = S / "wiesbaden/04-ik-beschluss-2020/concepts/integrationskonzept"
WI_2025 = S / "wiesbaden/05-ik-fortschreibung-2025/concepts/integrationskonzept"


def load(path: Path) -> konzeptdoc.Concept:
    return konzeptdoc.load_concept(path)


@pytest.fixture(scope="module")
def wiesbaden() -> konzeptdoc.ConceptDiff:
    return diff(load(WI_2020), load(WI_2025))


def test_same_concept_no_changes() -> None:
    concept = load(WI_2025)
    result = diff(concept, load(WI_2025))
    assert not result and result.changes == () and result.summary() == "keine Änderungen"


def test_wolfsburg_rename_and_five_new_guiding_goals() -> None:
    result = diff(load(WOB_2011), load(WOB_2020))
    [field] = [c for c in result.changes if c.entity_type == "field"]
    assert (field.kind, field.entity_id, field.title_old, field.title_new) == (
        "renamed",
        "bildung",
        "Vorschulische und schulische Bildung",
        "Bildung",
    )
    guiding = [
        c.entity_id for c in result.changes if c.entity_type == "goal_guiding" and c.kind == "added"
    ]
    assert len(guiding) == 5
    assert "1 Handlungsfeld umbenannt, 5 Leitziele neu" in result.summary()
    assert not any(c.kind == "removed" for c in result.changes)


def test_moved_measure_is_a_move(wiesbaden: konzeptdoc.ConceptDiff) -> None:
    [move] = [c for c in wiesbaden.changes if c.entity_id == "m-mentoring-ausbildung"]
    assert (move.kind, move.where_old, move.where_new) == ("moved", "bildung-sprache", "arbeit")
    assert {v.key for v in move.values} == {"target_groups", "timeframe", "status"}


def test_one_word_edit_is_one_word(wiesbaden: konzeptdoc.ConceptDiff) -> None:
    [field] = [c for c in wiesbaden.changes if c.entity_id == "bildung-sprache"]
    [value] = field.values
    assert value.key == "situation" and value.text is not None
    changed = [op for p in value.text.paragraphs for op in p.words if op.kind != "equal"]
    assert [(op.kind, op.old, op.new) for op in changed] == [("replace", "hohen", "erheblichen")]
    assert value.text.word_changes == 1


def test_rename_and_removal(wiesbaden: konzeptdoc.ConceptDiff) -> None:
    kinds = {c.entity_id: c.kind for c in wiesbaden.changes}
    assert kinds["hz-dialog"] == "renamed" and kinds["m-vereinslotsen"] == "removed"
    assert kinds["m-mitmachmarkt-ideen"] == "added" and kinds["m-sprachkitas"] == "modified"


@pytest.mark.parametrize("seed", [3, 4])
def test_generated_revision_is_found_exactly_and_mirrors(seed: int) -> None:
    old = generate(seed=seed, fields=4, goals=40, measures=200, words=8000)
    new, log = revise(old, seed=seed + 10, share=0.1, added=5, removed=4, moved=3, renamed=2)
    forward = diff(old, new)
    by_kind = {
        k: sorted(
            c.entity_id for c in forward.changes if c.entity_type == "measure" and c.kind == k
        )
        for k in ("added", "removed", "moved", "renamed")
    }
    assert by_kind["added"] == sorted(log.added) and by_kind["removed"] == sorted(log.removed)
    assert by_kind["moved"] == sorted(log.moved) and by_kind["renamed"] == sorted(log.renamed)
    words = sum(
        v.text.word_changes
        for c in forward.changes
        if c.kind not in ("added", "removed")  # their whole text is their content
        for v in c.values
        if v.text is not None and v.key in ("situation", "description")
    )
    assert words == log.word_edits
    backward = diff(new, old)
    turn = {"added": "removed", "removed": "added"}
    assert sorted(
        (turn.get(c.kind, c.kind), c.entity_type, c.entity_id) for c in backward.changes
    ) == sorted((c.kind, c.entity_type, c.entity_id) for c in forward.changes)
    values = {(c.entity_id, v.key): v for c in forward.changes for v in c.values}
    for change in backward.changes:
        for value in change.values:
            mine = values[(change.entity_id, value.key)]
            assert (value.old, value.new) == (mine.new, mine.old)
            if mine.text is not None:
                assert value.text is not None
                assert [(p.old, p.new) for p in value.text.paragraphs] == [
                    (p.new, p.old) for p in mine.text.paragraphs
                ]
                assert [(w.old, w.new) for p in value.text.paragraphs for w in p.words] == [
                    (w.new, w.old) for p in mine.text.paragraphs for w in p.words
                ]
    assert diff(old, old.model_copy(deep=True)).changes == ()


def test_text_rendering(wiesbaden: konzeptdoc.ConceptDiff) -> None:
    text = to_text(wiesbaden)
    assert text.startswith("Bisher: Integrationskonzept 2021–2025\n")
    assert "\nÜbersicht: " in text  # as Markdown and HTML say (not "Änderungen: keine Änderungen")
    assert "[-hohen-]{+erheblichen+}" in text
    assert (
        "\nMaßnahme 2.3 „Mentoring für den Übergang Schule–Beruf“: verschoben "
        "(Handlungsfeld 1 „Bildung & Sprache“ → Handlungsfeld 2 „Arbeit“)\n"
        "    Zielgruppen: Menschen mit Migrationshintergrund → Menschen mit "
        "Migrationshintergrund; Geflüchtete\n" in text
    )
    assert "m-mentoring-ausbildung" not in text and "fields/" not in text
    # A title with quotes of its own, quoted: the inner ones become half quotes.
    assert "\nMaßnahme 2.2 „Orientierungskurse ‚Frauen in Arbeit‘“: geändert\n" in text
    assert "\x1b[" not in text and "\x1b[31m[-hohen-]" in to_text(wiesbaden, colour=True)


def test_markdown_and_json(wiesbaden: konzeptdoc.ConceptDiff) -> None:
    assert "<del>hohen</del><ins>erheblichen</ins>" in to_markdown(wiesbaden)
    data = json.loads(to_json(wiesbaden))
    assert data["format"] == "konzeptdoc-diff/1" and data["summary"] == wiesbaden.summary()
    move = next(c for c in data["changes"] if c["id"] == "m-mentoring-ausbildung")
    assert (move["kind"], move["where_old"], move["where_new"]) == (
        "moved",
        "bildung-sprache",
        "arbeit",
    )


def test_html_is_self_contained(wiesbaden: konzeptdoc.ConceptDiff) -> None:
    page = to_html(wiesbaden)
    assert "<del>hohen</del>" in page and "<ins>erheblichen</ins>" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "<details>" in page and 'href="#c1"' in page


needs_chromium = pytest.mark.skipif(
    shutil.which("chromium") is None, reason="chromium is not installed"
)


@needs_chromium
def test_html_renders_in_headless_chromium(
    wiesbaden: konzeptdoc.ConceptDiff, tmp_path: Path
) -> None:
    page = tmp_path / "diff.html"
    # A script measures how far the first line of each row's cells sit apart (a label beside
    # a text whose paragraph starts lower reads as belonging to nothing).
    measure = (
        "<script>function firstTop(c){const w=document.createTreeWalker(c,NodeFilter.SHOW_TEXT,"
        "{acceptNode:n=>n.textContent.trim()?1:3});const n=w.nextNode();if(!n)return null;"
        "const r=document.createRange();r.selectNodeContents(n);const q=r.getClientRects()[0];"
        "return q?q.top:null}"
        "let worst=0;for(const r of document.querySelectorAll('table.sbs tbody tr')){"
        "const t=[...r.cells].map(firstTop).filter(x=>x!==null);"
        "worst=Math.max(worst,Math.max(...t)-Math.min(...t))}"
        "document.body.setAttribute('data-misaligned',String(Math.round(worst)));"
        "document.body.setAttribute('data-overflow',"
        "String(document.documentElement.scrollWidth-document.documentElement.clientWidth))</script>"
    )
    # A word longer than a column (a hostile title, a compound) wraps: the page never gets
    # wider than the window, and no text runs into the next column.
    html = to_html(wiesbaden).replace("</body>", measure + "</body>")
    html = html.replace(
        "erheblichen", "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbau" * 3
    )
    page.write_text(html, encoding="utf-8")
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(
        ["chromium", *flags, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert "<del>hohen</del>" in dom and wiesbaden.summary() in dom
    misaligned = re.search(r'data-misaligned="(\d+)"', dom)
    assert misaligned is not None and int(misaligned.group(1)) <= 2, misaligned
    assert 'data-overflow="0"' in dom
    shot = tmp_path / "diff.png"
    subprocess.run(
        ["chromium", *flags, "--window-size=1280,1600", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 10_000
    Path("/tmp/konzeptdoc-diff-screenshot.png").write_bytes(shot.read_bytes())  # kept for the notes


def test_synopse(wiesbaden: konzeptdoc.ConceptDiff, tmp_path: Path) -> None:
    path = synopse(
        wiesbaden, municipality="Landeshauptstadt Wiesbaden", output=tmp_path / "synopse.docx"
    )
    ooxml_check(Path(path))
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert "Bisherige Fassung" in xml and "Neue Fassung" in xml and "Änderungsübersicht" in xml
    assert "entfällt" in xml and ">neu<" in xml
    assert re.search(r"<w:strike/></w:rPr><w:t xml:space=\"preserve\">hohen</w:t>", xml)
    assert re.search(
        r'<w:u w:val="single"/></w:rPr><w:t xml:space="preserve">erheblichen</w:t>', xml
    )
    # Long texts are not repeated whole: an unchanged paragraph becomes a note, long
    # unchanged stretches around a change are cut to their ends.
    assert xml.count("[1 unveränderter Absatz]") == 2 and "Für den Übergang" not in xml
    assert "Sprachstandserhebungen" in xml and "Kursplatz mit Kinderbetreuung" not in xml
    headings = re.findall(r'<w:pStyle w:val="Heading2"/>.*?<w:t[^>]*>([^<]*)</w:t>', xml)
    assert "Maßnahme 2.3 „Mentoring für den Übergang Schule–Beruf“: verschoben" in " ".join(
        headings
    )
    # A new entry shows what it says, a gone one what it said – not its name alone; two
    # contributions that share a number are told apart by their dates.
    text = re.sub(r"<[^>]+>", "", xml)
    assert "Die Anregungen der Besucherinnen und Besucher" in text  # new measure 5.3
    assert "Ehrenamtliche aus den Vereinen begleiten Familien" in text  # gone measure 4.2
    assert "Menschen mit Fluchterfahrung, auch aus der Ukraine." in text  # new target group
    assert "Beitrag 1 vom 11. November 2025: neu" in headings
    assert "Beitrag 1 vom 2. März 2020: entfallen" in headings


@pytest.fixture(scope="module")
def demo_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from konzeptdoc.samples.demo import replay, samples_dir

    root = tmp_path_factory.mktemp("d")
    return replay(samples_dir() / "wiesbaden", root / "wi").path


@pytest.mark.usefixtures("isolated_git")
def test_cli_page_numbers_only_for_the_redline(
    demo_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--finalize/--pdf number the redline's contents; another format refuses them in German."""
    args = ["-C", str(demo_repo), "diff", "integrationskonzept", "--format", "synopse"]
    assert main([*args, "--finalize"], stdout=io.StringIO()) == 2
    assert "--finalize und --pdf gibt es nur mit --format redline" in capsys.readouterr().err


@pytest.mark.usefixtures("isolated_git")
def test_cli_diff_defaults_and_exit_code(demo_repo: Path) -> None:
    out = io.StringIO()
    # default: latest release of the concept against the working tree
    assert (
        main(["-C", str(demo_repo), "diff", "integrationskonzept", "--exit-code"], stdout=out) == 1
    )
    assert out.getvalue().startswith(
        "Bisher: Integrationskonzept 2021–2025 · Beschluss Nr. 0522 · 09.07.2020"
    )
    assert "(Arbeitsstand)" in out.getvalue()
    out = io.StringIO()
    assert (
        main(
            ["-C", str(demo_repo), "diff", "integrationskonzept", "HEAD", "HEAD", "--exit-code"],
            stdout=out,
        )
        == 0
    )
    assert "keine Änderungen" in out.getvalue()


@pytest.mark.usefixtures("isolated_git")
def test_redline_has_real_tracked_changes(demo_repo: Path, tmp_path: Path) -> None:
    # -o naming a folder: the redline gets its German default name in it.
    target = tmp_path / "integrationskonzept-aenderungsfassung.docx"
    assert (
        main(
            [
                "-C",
                str(demo_repo),
                "diff",
                "integrationskonzept",
                "--format",
                "redline",
                "-o",
                f"{tmp_path}/",
            ],
            stdout=io.StringIO(),
        )
        == 0
    )
    ooxml_check(target)
    xml = zipfile.ZipFile(target).read("word/document.xml").decode()
    assert xml.count("<w:ins ") > 10 and xml.count("<w:del ") > 10
    assert 'w:author="Integrationsabteilung"' in xml  # the author of the 2025 commit
    assert re.search(r'<w:delText xml:space="preserve">hohen</w:delText>', xml)
    if shutil.which("pandoc"):
        shown = subprocess.run(
            ["pandoc", "--track-changes=all", "-t", "markdown", str(target)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "[hohen]{.deletion" in shown and "[erheblichen]{.insertion" in shown
    if shutil.which("soffice"):
        from konzeptdoc.documents.office import to_pdf

        assert to_pdf(target.read_bytes()).startswith(b"%PDF")


WOB = (
    Path(__file__).resolve().parents[1]
    / "sample_concepts/wolfsburg/03-review-beschluss-2020/concepts/vielfalt-leben"
)


@pytest.mark.parametrize(
    "new_text", ["Nachher ohne Liste.", "Nachher:\n\n- x\n- y", "1. x\n2. y\n\nDazwischen\n\n5. z"]
)
def test_redline_of_removed_lists_points_only_at_defined_lists(
    tmp_path: Path, new_text: str
) -> None:
    from konzeptdoc.diff.redline import redline_document

    old, new = konzeptdoc.load_concept(WOB), konzeptdoc.load_concept(WOB)
    old.fields[0].situation = "Vorher:\n\n1. eins\n2. zwei\n\nDazwischen\n\n3. drei\n\n1. a\n2. b"
    new.fields[0].situation = new_text
    target = tmp_path / "redline.docx"
    target.write_bytes(
        redline_document(old, new, lambda entity: ("Amt 33", "2026-01-01T00:00:00Z"))
    )
    package = zipfile.ZipFile(target)
    used = set(re.findall(r'<w:numId w:val="(\d+)"/>', package.read("word/document.xml").decode()))
    defined = set(
        re.findall(r'<w:num w:numId="(\d+)"', package.read("word/numbering.xml").decode())
    )
    assert used and used <= defined
    ooxml_check(target)


def test_redline_marks_changed_and_added_table_rows_cell_by_cell(tmp_path: Path) -> None:
    from konzeptdoc.diff.redline import redline_document

    old, new = konzeptdoc.load_concept(WOB), konzeptdoc.load_concept(WOB)
    measure = new.fields[0].measures[0]
    assert measure.status == "continued"
    measure.status = "done"
    new.fields[0].measures.append(measure.model_copy(update={"id": "m-neu", "title": "Neu"}))
    renamed = new.fields[0].measures[1]
    renamed.title = f"{renamed.title} (erweitert)"
    target = tmp_path / "redline.docx"
    target.write_bytes(
        redline_document(old, new, lambda entity: ("Amt 33", "2026-01-01T00:00:00Z"))
    )
    xml = zipfile.ZipFile(target).read("word/document.xml").decode()
    rows = re.findall(r"<w:tr>.*?</w:tr>", xml, re.S)
    assert rows and all("<w:tc>" in row for row in rows)  # no row lost its cells
    [stand] = [r for r in rows if ">Stand<" in r and "<w:delText" in r]
    assert re.search(r"<w:del [^>]*><w:r><w:delText[^>]*>fortgeführt</w:delText>", stand)
    assert re.search(r"<w:ins [^>]*><w:r><w:t[^>]*>umgesetzt</w:t>", stand)
    added = [r for r in rows if "<w:trPr><w:cantSplit/><w:ins " in r]
    # the new measure's table below its header: each row inserted, and in each of its two
    # cells the paragraph mark and the text
    assert len(added) >= 6
    assert all(r.count("<w:tc>") == 2 and r.count("<w:ins ") == 5 for r in added)
    # Tracked text keeps its formatting: the new measure's title and the renamed one's words
    # (kept and inserted) stay bold, as in the concept document.
    bold = '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">'
    assert re.search(rf"<w:ins [^>]*>{re.escape(bold)}Neu</w:t>", xml)
    assert f"{bold}{renamed.title.removesuffix(' (erweitert)')}" in xml
    assert re.search(rf"<w:ins [^>]*>{re.escape(bold)} \(erweitert\)</w:t>", xml)
    # Text after a table starts a line lower, as in the concept document (the next
    # measure's title stuck to the table above it).
    after_tables = re.findall(r"</w:tbl>(<w:p>(?:<w:pPr>.*?</w:pPr>)?)", xml)
    plain = [p for p in after_tables if "Heading" not in p]
    assert plain and all("<w:spacing w:before=" in p for p in plain), plain
    ooxml_check(target)


def test_values_read_as_german(wiesbaden: konzeptdoc.ConceptDiff) -> None:
    text = to_text(wiesbaden)
    for line in (
        "Laufzeit: 2021–2025 → 2027–2031",
        "Status: beschlossen → Entwurf",
        "Stand: 10.07.2020 → 12.11.2025",
        "Stand: geplant → umgesetzt",
        "Zeitrahmen: 2021–2025 → 2021–2029",
        "2019: 29,8 → 2017: 31,2",
    ):
        assert line in text, line
    assert '{"' not in text  # no JSON for people


def test_synopse_of_equal_versions_has_no_lone_heading() -> None:
    import docx

    concept = load(WI_2025)
    data = synopse(diff(concept, concept), municipality="Landeshauptstadt Wiesbaden")
    assert isinstance(data, bytes)
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert texts[-2:] == ["Änderungsübersicht", "keine Änderungen"]


def test_redline_contents_link_to_changed_and_new_headings() -> None:
    """Every contents entry links to a bookmark in the body – also a renamed or a new
    heading (their bookmarks were dropped: LibreOffice printed "Error: Reference source not
    found" in the TOC, Word's links went nowhere); no bookmark id twice."""
    from konzeptdoc.diff.redline import redline_document

    data = redline_document(
        load(WOB_2011), load(WOB_2020), lambda _: ("Amt 33", "2026-01-01T00:00:00Z")
    )
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    names = re.findall(r'<w:bookmarkStart w:id="\d+" w:name="(_Toc\d+)"', xml)
    links = re.findall(r"PAGEREF (_Toc\d+)", xml)
    assert len(links) > 25 and set(links) <= set(names)
    ids = re.findall(r'<w:bookmarkStart w:id="(\d+)"', xml)
    assert len(ids) == len(set(ids)) == len(re.findall(r"<w:bookmarkEnd ", xml))


def test_redline_cover_contents_and_title_page_paired_by_meaning(tmp_path: Path) -> None:
    """The title page's lines pair by what they say: an old version without a
    Fortschreibung line still has its Laufzeit diffed against the new Laufzeit."""
    from konzeptdoc.diff.records import Side
    from konzeptdoc.diff.redline import redline_document

    old, new = konzeptdoc.load_concept(WOB), konzeptdoc.load_concept(WOB)
    old.revision = None
    assert new.revision is not None and new.revision.label
    new.period = new.period.model_copy(update={"end": new.period.end + 5})
    sides = (Side("Alt", "29.06.2011", None, "V 2011/1"), Side("Neu (Arbeitsstand)"))
    target = tmp_path / "redline.docx"
    target.write_bytes(redline_document(old, new, lambda _: ("Amt 33", "2026-01-01T00:00:00Z"),
                                        sides=sides))  # fmt: skip
    ooxml_check(target)
    xml = zipfile.ZipFile(target).read("word/document.xml").decode()
    paragraphs = re.findall(r"<w:p>.*?</w:p>", xml, re.S)

    def text(paragraph: str) -> str:
        return "".join(re.findall(r"<w:(?:t|delText)[^>]*>([^<]*)<", paragraph))

    [period] = [p for p in paragraphs if text(p).startswith("Laufzeit")]
    assert re.findall(r"<w:delText[^>]*>([^<]*)<", period) == [str(old.period.end)]
    [revision] = [p for p in paragraphs if new.revision.label in text(p)]
    assert "<w:ins " in revision and "<w:delText" not in revision  # new, not paired with Laufzeit
    plain = [text(p) for p in paragraphs]
    assert plain[0] == "Änderungsfassung"
    assert "Bisherige Fassung: Alt · Beschluss Nr. V 2011/1 · 29.06.2011" in plain
    assert "konzeptdoc:toc" not in xml and xml.count(" PAGEREF _Toc") > 10  # contents filled


@pytest.mark.usefixtures("isolated_git")
def test_a_decided_version_is_dated_by_its_decision(tmp_path: Path) -> None:
    """A decision of 31 December committed on 2 January: the diff names the decision's date."""
    from tests.conftest import sample_repository

    repository = sample_repository(tmp_path / "repo")
    folder = tmp_path / "repo" / "concepts" / "integrationskonzept"
    (folder / "concept.yaml").write_text(
        (folder / "concept.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    repository.commit("Leerzeile", date="2027-01-02T09:00:00+01:00", allow_empty=True)
    repository.release("ik/2026-12-31", body="Rat", date="2026-12-31", number="7")
    old = repository.diff("integrationskonzept", "ik/2026-12-31", "HEAD").old
    assert (old.decision, old.date) == ("7", "31.12.2026")
