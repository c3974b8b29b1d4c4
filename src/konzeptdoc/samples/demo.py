"""`konzeptdoc demo`: the bundled sample concepts replayed as real concept repositories.

Each sample municipality becomes a git repository whose history is the sample's revisions,
committed with their historical dates and authors, with council decisions as releases.
Then every output konzeptdoc can make is written next to it.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from konzeptdoc.errors import DemoTargetError, SampleError
from konzeptdoc.files import yamlio
from konzeptdoc.files.paths import CONCEPTS_DIR, SETTINGS_FILE
from konzeptdoc.german import glossary
from konzeptdoc.german.filenames import file_name

_SCHEMA_LINE = re.compile(r"^(# yaml-language-server: \$schema=)(?:\.\./)*schemas/", re.M)


def samples_dir() -> Path:
    """Where the sample concepts are: inside the installed package, or in the source tree.

    Raises:
        SampleError: Neither exists.
    """
    packaged = Path(str(resources.files("konzeptdoc"))) / "_data" / "sample_concepts"
    source = Path(__file__).resolve().parents[3] / "sample_concepts"
    for candidate in (packaged, source):
        if (candidate / "README.md").is_file():
            return candidate
    raise SampleError(
        "Die Beispielkonzepte fehlen in dieser Installation: konzeptdoc bitte neu installieren"
    )


@dataclass
class DemoRepository:
    """One replayed municipality: where it is and what it holds."""

    name: str
    path: Path
    concepts: list[str]
    revisions: int
    releases: list[str]
    outputs: list[tuple[Path, str]] = field(default_factory=list)
    summaries: dict[str, str] = field(default_factory=dict)
    #: concept id → the two revisions of its redline (numbered in the LibreOffice pass)
    redlines: dict[str, tuple[str, str]] = field(default_factory=dict)


def _manifest(folder: Path) -> dict[str, Any]:
    data = yamlio.load(yamlio.read_text(folder / "manifest.yaml"), folder / "manifest.yaml")
    if not isinstance(data, dict) or not isinstance(data.get("revisions"), list):
        raise SampleError(
            "manifest.yaml enthält keine Liste der Fassungen (revisions)", path=folder
        )
    return data


def _copy_with_schema_paths(source: Path, target: Path, depth: int) -> None:
    """Copy a concept folder, pointing each file's editor hint at the repository's schemas/."""
    for path in sorted(source.rglob("*.yaml")):
        relative = path.relative_to(source)
        prefix = "../" * (depth + len(relative.parts) - 1)
        text = _SCHEMA_LINE.sub(rf"\g<1>{prefix}schemas/", yamlio.read_text(path))
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(text, encoding="utf-8")


def replay(sample: Path, target: Path) -> DemoRepository:
    """Build the concept repository of one sample municipality at `target`."""
    from konzeptdoc.store import Repository

    manifest = _manifest(sample)
    settings = yamlio.load(yamlio.read_text(sample / SETTINGS_FILE))
    first = manifest["revisions"][0]
    repository = Repository.init(
        target,
        municipality=settings["municipality"],
        state=settings.get("state"),
        author=first["author"],
        date=first["date"],
    )
    # The demo repositories stand in for a city's server: a clone can push back into them
    # (git updates their clean working tree), so pull and push can be tried locally.
    repository.git.run("config", "receive.denyCurrentBranch", "updateInstead")
    text = _SCHEMA_LINE.sub(
        lambda m: f"{m.group(1)}schemas/", yamlio.read_text(sample / SETTINGS_FILE)
    )
    (target / SETTINGS_FILE).write_text(text, encoding="utf-8")
    concepts: set[str] = set()
    releases: list[str] = []
    for entry in manifest["revisions"]:
        snapshot = sample / entry["dir"] / CONCEPTS_DIR
        if not snapshot.is_dir():
            raise SampleError(
                f"Der Ordner {entry['dir']} der Beispiele enthält keinen Ordner concepts/",
                path=sample,
            )
        for concept in sorted(p.name for p in snapshot.iterdir() if p.is_dir()):
            destination = target / CONCEPTS_DIR / concept
            shutil.rmtree(destination, ignore_errors=True)
            _copy_with_schema_paths(snapshot / concept, destination, depth=2)
            concepts.add(concept)
        repository.commit(entry["message"], author=entry["author"], date=entry["date"])
        release = entry.get("release")
        if release:
            repository.release(
                release["tag"],
                body=release["body"],
                date=str(release["date"]),
                number=release.get("number"),
                concept=release.get("concept"),
                title=release.get("title"),
                author=entry["author"],
            )
            releases.append(release["tag"])
    result = DemoRepository(
        sample.name, target, sorted(concepts), len(manifest["revisions"]) + 1, releases
    )
    repository.close()
    return result


def run_demo(
    directory: str | os.PathLike[str] = "konzeptdoc-demo",
    *,
    progress: Callable[[str], None] | None = None,
) -> list[DemoRepository]:
    """Replay every sample into `directory`/<municipality> and write the outputs.

    `progress`, if given, is called with a German line before each step (the command line
    shows it on a terminal).

    Raises:
        DemoTargetError: `directory` exists and is not empty (nothing is overwritten).
        SampleError: The samples are missing.
    """
    target = Path(directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        what = "ein nicht leerer Ordner" if target.is_dir() else "eine Datei, kein Ordner"
        raise DemoTargetError(
            f"ist schon vorhanden, {what}: einen neuen oder leeren Ordner angeben "
            "(konzeptdoc demo ORDNER)",
            path=target,
        )
    say = progress or _silent
    samples = samples_dir()
    results = []
    for sample in sorted(p for p in samples.iterdir() if (p / "manifest.yaml").is_file()):
        say(f"{sample.name}: Versionsgeschichte nachspielen")
        record = replay(sample, target / sample.name)
        results.append(record)
    _write_diffs(results, target, say)
    _write_outputs(results, target, say)
    return results


def _redline_copy(
    repository: Any,
    record: DemoRepository,
    concept_id: str,
    folder: Path,
    tmp: Path,
    documents: list[tuple[DemoRepository, Path, Any, Any]],
) -> None:
    """The redline's copy for LibreOffice to number; its contents list the headings of the
    concept document (the body just rendered) of the redline's new revision."""
    from konzeptdoc.store.redline import redline

    if concept_id not in record.redlines:
        return
    concept_body = next(d[2] for d in reversed(documents) if d[3][1] == "concept")
    base, latest = record.redlines[concept_id]
    path = folder / file_name(concept_id, "redline")
    copy = redline(repository, concept_id, base, latest, toc_field=False)
    assert isinstance(copy, bytes)
    (tmp / path.name).write_bytes(copy)
    documents.append((record, path, concept_body, (concept_id, "redline", (base, latest))))


def _silent(step: str) -> None:
    del step


def _write_diffs(results: list[DemoRepository], target: Path, say: Callable[[str], None]) -> None:
    """Synopse, redline and HTML diff of each concept's latest revision against its previous release."""
    from konzeptdoc.diff.html import to_html
    from konzeptdoc.diff.synopse import synopse
    from konzeptdoc.store import Repository
    from konzeptdoc.store.redline import redline

    for record in results:
        with Repository.open(record.path) as repository:
            folder = target / "outputs" / record.name
            folder.mkdir(parents=True, exist_ok=True)
            settings = repository.settings()
            for concept_id in record.concepts:
                say(f"{record.name}: Synopse, Änderungsdokument und Sachstand von {concept_id}")
                latest = repository.log(concept_id, limit=1)[0].sha
                releases = [r for r in repository.releases() if r.concept in (None, concept_id)]
                earlier = [r for r in releases if r.sha != latest]
                if not earlier:
                    record.summaries[concept_id] = "keine frühere Fassung zum Vergleich"
                    continue
                base = earlier[-1].tag
                result = repository.diff(concept_id, base, latest)
                synopse(
                    result,
                    municipality=settings.municipality if settings else "",
                    output=folder / file_name(concept_id, "synopse"),
                )
                redline(
                    repository,
                    concept_id,
                    base,
                    latest,
                    output=folder / file_name(concept_id, "redline"),
                )
                record.redlines[concept_id] = (base, latest)
                (folder / file_name(concept_id, "diff", "html")).write_text(
                    to_html(result), encoding="utf-8"
                )
                for kind, suffix in (("synopse", "docx"), ("redline", "docx"), ("diff", "html")):
                    record.outputs.append(
                        (folder / file_name(concept_id, kind, suffix), f"{base} → {latest[:7]}")
                    )
                record.summaries[concept_id] = f"{base} → {latest[:7]}: {result.summary()}"
                _write_report(repository, concept_id, folder, record)


def _write_report(repository: Any, concept_id: str, folder: Path, record: DemoRepository) -> None:
    """The Sachstandsbericht (Word and HTML) of the latest revision against the last release."""
    from konzeptdoc.documents.report_doc import build_report
    from konzeptdoc.reporting import status_report
    from konzeptdoc.reporting.html import to_html

    report = status_report(repository, concept_id)
    build_report(report, output=folder / file_name(concept_id, "report"))
    page = folder / file_name(concept_id, "report", "html")
    page.write_text(to_html(report), encoding="utf-8")
    for suffix in ("docx", "html"):
        record.outputs.append(
            (folder / file_name(concept_id, "report", suffix), f"Sachstand seit {report.base}")
        )


def _write_outputs(results: list[DemoRepository], target: Path, say: Callable[[str], None]) -> None:
    """Every document kind of each concept, and its PDF: all PDFs in one LibreOffice process."""
    import tempfile

    from konzeptdoc.documents import KINDS, render
    from konzeptdoc.errors import MissingPartError, OfficeError
    from konzeptdoc.store import Repository
    from konzeptdoc.store.redline import redline

    documents: list[tuple[DemoRepository, Path, Any, Any]] = []
    with tempfile.TemporaryDirectory(prefix="konzeptdoc-demo-") as tmp:
        for record in results:
            with Repository.open(record.path) as repository:
                folder = target / "outputs" / record.name
                folder.mkdir(parents=True, exist_ok=True)
                for concept_id in record.concepts:
                    say(f"{record.name}: Word-Dokumente von {concept_id}")
                    concept = repository.load(concept_id)
                    date = repository.log(concept_id, limit=1)[0].date
                    for kind in KINDS:
                        try:
                            # LibreOffice computes the contents' page numbers of this copy.
                            data, body = render(concept, kind=kind, date=date, toc_field=False)
                        except MissingPartError:
                            continue  # e.g. no submission.yaml: no Beschlussvorlage
                        path = folder / file_name(concept_id, kind)
                        (Path(tmp) / path.name).write_bytes(data)
                        path.write_bytes(render(concept, kind=kind, date=date)[0])
                        documents.append((record, path, body, (concept, kind, date)))
                    _redline_copy(repository, record, concept_id, folder, Path(tmp), documents)
        try:
            from konzeptdoc.documents.office import (
                convert_many,
                heading_pages,
                page_count,
                page_texts,
            )

            say(
                f"LibreOffice: {glossary.count(len(documents), 'document')} umbrechen (Seitenzahlen)"
            )
            pdfs = convert_many(
                [Path(tmp) / d[1].name for d in documents], target / "outputs" / "pdf"
            )
        except OfficeError as exc:
            for record, path, _, _ in documents:
                record.outputs.append(
                    (path, "(Seitenzahl unbekannt: " + exc.message.split(":")[0] + ")")
                )
            return
    for record, path, body, (concept, kind, date) in documents:
        pdf = pdfs.get(Path(tmp) / path.name)
        if pdf is None:
            record.outputs.append((path, "LibreOffice konnte es nicht öffnen"))
            continue
        data = pdf.read_bytes()
        if kind == "redline":  # its contents are the concept's: numbered as the concept's
            base, latest = date
            with Repository.open(record.path) as repository:
                redline(repository, concept, base, latest, output=path,
                        pages=heading_pages(body, page_texts(data)))  # fmt: skip
            continue  # listed with the diffs
        if kind == "concept":  # the table of contents gets its page numbers
            pages = heading_pages(body, page_texts(data))
            path.write_bytes(render(concept, kind=kind, date=date, pages=pages)[0])
        count = page_count(data)
        record.outputs.append((path, glossary.count(count, "page")))
