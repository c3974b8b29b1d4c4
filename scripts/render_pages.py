"""Render pages of each document kind to PNG, as a reviewer sees them in a PDF viewer.

Run: python scripts/render_pages.py [OUTPUT_DIR] [--page KIND=N ...]

Builds the concept, Beschlussvorlage, Maßnahmenplan and Beteiligungsbericht of the sample
concepts, a Synopse and a redline (Wiesbaden 2020 → 2025), converts them to PDF in one
LibreOffice run (as `--pdf` does) and renders one page of each with pdftoppm (150 dpi).
The PNGs are for looking at, never committed (default folder: a new temporary one).
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

import konzeptdoc
from konzeptdoc.diff import compare
from konzeptdoc.diff.redline import redline_document
from konzeptdoc.diff.synopse import synopse
from konzeptdoc.documents import render
from konzeptdoc.documents.office import convert_many

SAMPLES = Path(__file__).resolve().parents[1] / "sample_concepts"
WIESBADEN = SAMPLES / "wiesbaden"
SOURCES = {
    "concept": WIESBADEN / "05-ik-fortschreibung-2025",
    "measures": WIESBADEN / "05-ik-fortschreibung-2025",
    "participation": WIESBADEN / "05-ik-fortschreibung-2025",
    "submission": SAMPLES / "wolfsburg" / "03-review-beschluss-2020",
}
PAGES = {
    "concept": 1,
    "measures": 1,
    "participation": 1,
    "submission": 1,
    "synopse": 2,
    "redline": 3,
}


def documents() -> dict[str, bytes]:
    """kind → .docx bytes (the contents left to LibreOffice to number, as --pdf does)."""
    out: dict[str, bytes] = {}
    for kind, revision in SOURCES.items():
        concept = konzeptdoc.load_concept(next((revision / "concepts").iterdir()))
        out[kind] = render(concept, kind=kind, toc_field=False)[0]  # type: ignore[arg-type]
    old = konzeptdoc.load_concept(
        WIESBADEN / "04-ik-beschluss-2020" / "concepts" / "integrationskonzept"
    )
    new = konzeptdoc.load_concept(SOURCES["concept"] / "concepts" / "integrationskonzept")
    made = synopse(compare(old, new), municipality=new.municipality)
    assert isinstance(made, bytes)
    out["synopse"] = made
    out["redline"] = redline_document(
        old, new, lambda _: ("Integrationsabteilung", "2025-11-12T10:00:00Z")
    )
    return out


def render_pngs(folder: Path, pages: dict[str, int]) -> dict[str, Path]:
    """Build the documents into `folder`, convert them once, render the asked page of each;
    kind → its PNG."""
    paths = []
    for kind, data in documents().items():
        if kind in pages:
            path = folder / f"{kind}.docx"
            path.write_bytes(data)
            paths.append(path)
    pdfs = convert_many(paths, folder)
    rendered = {}
    for path in paths:
        page = pages[path.stem]
        target = folder / f"{path.stem}-page{page}"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "150",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(pdfs[path]),
                str(target),
            ],
            check=True,
        )
        rendered[path.stem] = target.with_suffix(".png")
    return rendered


def html_screenshot(target: Path) -> None:
    """The HTML diff (Wiesbaden 2020 → 2025) as headless Chromium shows it."""
    from konzeptdoc.diff.html import to_html

    old = konzeptdoc.load_concept(
        WIESBADEN / "04-ik-beschluss-2020" / "concepts" / "integrationskonzept"
    )
    new = konzeptdoc.load_concept(SOURCES["concept"] / "concepts" / "integrationskonzept")
    with tempfile.TemporaryDirectory() as work:
        page = Path(work) / "diff.html"
        page.write_text(to_html(compare(old, new)), encoding="utf-8")
        flags = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={work}/profile",
            "--window-size=1100,900",
            f"--screenshot={target}",
        ]
        subprocess.run(["chromium", *flags, page.as_uri()], capture_output=True, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", help="folder for the PNGs (default: a temporary one)")
    parser.add_argument("--page", action="append", default=[], help="KIND=N: render page N of KIND")
    args = parser.parse_args()
    pages = dict(PAGES)
    for choice in args.page:
        kind, _, number = choice.partition("=")
        pages[kind] = int(number)
    folder = Path(args.output or tempfile.mkdtemp(prefix="konzeptdoc-pages-"))
    folder.mkdir(parents=True, exist_ok=True)
    for path in render_pngs(folder, pages).values():
        print(path)


if __name__ == "__main__":
    main()
