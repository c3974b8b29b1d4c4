"""Build the documentation: API reference, Anleitung, glossary and architecture, as HTML.

Run: python scripts/build_docs.py [OUTPUT_DIR] [--no-pictures]

- the API reference from the docstrings (pdoc), starting at the public `konzeptdoc` module;
- the German *Anleitung* for administrators (docs/anleitung.md) with pictures of the
  outputs, rendered from the sample concepts (scripts/render_pages.py: LibreOffice and
  pdftoppm; Chromium for the HTML diff) – `--no-pictures` leaves them out;
- the German/English glossary, generated from `konzeptdoc.german.glossary`;
- ARCHITECTURE.md with the layer diagram, an SVG drawn from the layer list that
  tests/test_layers.py checks the imports against.

Any warning (pdoc's included) fails the build. Default OUTPUT_DIR: build/docs. Nothing of
it is committed.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from tests.test_layers import LAYERS, PLACED, lines, modules  # noqa: E402

#: What each layer owns, for the diagram (ARCHITECTURE.md says it at length).
OWNS = {
    "errors": "the KonzeptdocError tree",
    "model": "pydantic models, entity kinds, Markdown subset, ids",
    "german": "glossary, wording, dates, amounts, names",
    "files": "YAML ⇄ model, folder format, validation, schema",
    "documents": "Word output: WordprocessingML, tables, template",
    "diff": "change records, word diff, renderings, Synopse",
    "store": "git: revisions, save = commit, releases, history",
    "review": "reviewed Word copies back into the data",
    "reporting": "status reports from the history",
    "samples": "demo repositories from the sample concepts",
    "cli": "the konzeptdoc command, German help, exit codes",
}
#: The pictures of the Anleitung: file name → (document kind of render_pages, page).
PICTURES = {
    "konzept.png": ("concept", 1),
    "massnahmenplan.png": ("measures", 1),
    "beschlussvorlage.png": ("submission", 1),
    "synopse.png": ("synopse", 2),
    "redline.png": ("redline", 3),
    "diff-html.png": ("html", 1),
}
PAGES = {  # source → page in the built site
    "docs/anleitung.md": "anleitung.html",
    "ARCHITECTURE.md": "architektur.html",
}


def _layer_of(module: str) -> str | None:
    parts = module.split(".")
    return PLACED.get(parts[1], parts[1]) if len(parts) > 1 else None


def _box_label(layer: str, known: dict[str, Path]) -> str:
    """ "store/  (15 modules, largest 399 lines)"; a layer of one file shows "errors.py"."""
    inside = [m for m in known if _layer_of(m) == layer]
    largest = max(lines(known[m]) for m in inside)
    tops = sorted({m.split(".")[1] for m in inside} - {"__main__"})
    shown = " + ".join(
        f"{top}/" if known[f"konzeptdoc.{top}"].name == "__init__.py" else f"{top}.py"
        for top in tops
    )
    word = "module" if len(inside) == 1 else "modules"
    return f"{shown}  ({len(inside)} {word}, largest {largest} lines)"


def architecture_svg() -> str:
    """The layers bottom (errors) to top (cli), with their packages and module counts."""
    known = modules()
    width, row, gap = 760, 46, 10
    height = len(LAYERS) * (row + gap) + 70
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="14">',
        "<title>konzeptdoc: layers, imports point down</title>",
        '<defs><marker id="a" markerWidth="10" markerHeight="10" refX="9" refY="5" '
        'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
        '<text x="20" y="28" font-size="16" font-weight="bold">konzeptdoc/__init__.py: the '
        "public API (imports anything, lazily)</text>",
    ]
    for level, names in enumerate(reversed(LAYERS)):
        y = 44 + level * (row + gap)
        x, box = 20, (width - 100 - 10 * (len(names) - 1)) // len(names)
        for name in names:
            label = html.escape(_box_label(name, known))
            out += [
                f'<rect x="{x}" y="{y}" width="{box}" height="{row}" rx="6" '
                'fill="#eef3fb" stroke="#4a6fa5"/>',
                f'<text x="{x + 10}" y="{y + 19}" font-weight="bold">{label}</text>',
                f'<text x="{x + 10}" y="{y + 37}" font-size="12">{html.escape(OWNS[name])}</text>',
            ]
            x += box + 10
    bottom = 44 + (len(LAYERS) - 1) * (row + gap) + row
    middle = (bottom + 50) // 2
    out += [
        f'<line x1="{width - 45}" y1="50" x2="{width - 45}" y2="{bottom}" stroke="#555" '
        'stroke-width="2" marker-end="url(#a)"/>',
        f'<text x="{width - 30}" y="{middle}" font-size="12" text-anchor="middle" '
        f'transform="rotate(90 {width - 30} {middle})">imports point down only</text>',
        "</svg>",
    ]
    return "\n".join(out) + "\n"


def glossary_markdown() -> str:
    """The German/English glossary: terms, data keys and enum values, from the code."""
    from konzeptdoc.german.glossary import ENUM_LABELS, KEY_LABELS, markdown_table

    parts = [
        "# Glossar – glossary",
        "",
        "Every German word konzeptdoc shows comes from `konzeptdoc.german.glossary`; this "
        "page is generated from it. Jedes deutsche Wort, das konzeptdoc zeigt, steht hier "
        "neben dem englischen Schlüssel der Daten.",
        "",
        "## Begriffe – terms (entity kinds and counted things)",
        "",
        markdown_table(),
        "",
        "## Datenfelder – data keys",
        "",
        "| key | Deutsch |",
        "|---|---|",
        *(f"| `{key}` | {label} |" for key, label in sorted(KEY_LABELS.items())),
        "",
        "## Werte – enum values",
        "",
        "| enum | value | Deutsch |",
        "|---|---|---|",
    ]
    for enum, labels in sorted(ENUM_LABELS.items()):
        parts += [f"| `{enum}` | `{value}` | {label} |" for value, label in labels.items()]
    return "\n".join(parts) + "\n"


def page(title: str, markdown_text: str) -> str:
    """A standalone HTML page of Markdown, rendered by the Markdown library pdoc uses."""
    import markdown2

    body = markdown2.markdown(
        markdown_text, extras=["tables", "fenced-code-blocks", "header-ids", "cuddled-lists"]
    )
    return (
        '<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.5}table{border-collapse:collapse}td,th{border:1px solid #bbb;"
        "padding:.2rem .5rem}img{max-width:100%;border:1px solid #ccc}code{background:#f3f3f3}"
        "pre{background:#f3f3f3;padding:.6rem;overflow-x:auto}</style></head><body>"
        '<p><a href="index.html">Übersicht</a></p>\n'
        f"{body}</body></html>\n"
    )


def links_of(markdown_text: str) -> list[str]:
    """The relative targets of links and images in Markdown (http(s) and anchors left out)."""
    targets = re.findall(r"\]\(([^)\s]+)\)", markdown_text)
    return [t for t in targets if not re.match(r"[a-z]+:|#", t)]


def pictures(target: Path) -> None:
    """Render the Anleitung's pictures from the sample concepts into `target`."""
    import render_pages

    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        rendered = render_pages.render_pngs(Path(work), {kind: n for kind, n in PICTURES.values()})
        for name, (kind, _) in PICTURES.items():
            if kind in rendered:
                shutil.copyfile(rendered[kind], target / name)
    html_diff = target / "diff-html.png"
    if not html_diff.exists():
        render_pages.html_screenshot(html_diff)


def build(output: Path, *, with_pictures: bool = True) -> list[Path]:
    """Build the site into `output`; return the pages written. Warnings are errors."""
    import pdoc

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        output.mkdir(parents=True, exist_ok=True)
        pdoc.render.configure(docformat="google", footer_text="konzeptdoc", search=False)
        pdoc.pdoc("konzeptdoc", "konzeptdoc.testing", output_directory=output / "api")
        (output / "architektur.svg").write_text(architecture_svg(), encoding="utf-8")
        written = [output / "api" / "konzeptdoc.html"]
        for source, name in PAGES.items():
            text = (ROOT / source).read_text(encoding="utf-8")
            # The architecture page shows the diagram drawn above, under its first heading.
            diagram = "## Layers\n\n![The layers](architektur.svg)\n"
            text = text.replace("## Layers\n", diagram, 1)
            (output / name).write_text(page(Path(source).stem, text), encoding="utf-8")
            written.append(output / name)
        glossary = output / "glossar.html"
        glossary.write_text(page("Glossar", glossary_markdown()), encoding="utf-8")
        index = output / "index.html"
        index.write_text(page("konzeptdoc", _INDEX), encoding="utf-8")
        written += [glossary, index]
        if with_pictures:
            pictures(output / "bilder")
    return written


_INDEX = """# konzeptdoc – Dokumentation

- [Anleitung für die Verwaltung](anleitung.html): installieren, die YAML-Dateien im Editor
  bearbeiten, prüfen, Dokumente erzeugen, Fassungen vergleichen, einen Beschluss festhalten.
- [Glossar](glossar.html): die deutschen Begriffe und die englischen Schlüssel der Daten.
- [Architektur](architektur.html): layers, what each owns, where new things go (English).
- [API-Referenz](api/konzeptdoc.html): the library, from its docstrings (English).
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default=str(ROOT / "build" / "docs"))
    parser.add_argument("--no-pictures", action="store_true", help="leave the pictures out")
    args = parser.parse_args(argv)
    for path in build(Path(args.output), with_pictures=not args.no_pictures):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
