"""Word output of the large concept: konzeptdoc beside docxtpl, pandoc and the zip floor.

Run: python benchmarks/bench_documents.py
Needs docxtpl (pip) and pandoc (Debian) for their rows; a missing engine is reported, not faked.
Targets (issue 5), as ratios in the same run: >= 3x faster than docxtpl, >= 20x faster than
pandoc, within 4x of the floor (writing konzeptdoc's final word/document.xml into a deflated zip).
Each engine runs in a fresh process; time is the median of 3 runs, memory the peak RSS.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent

WORKER = r"""
import io, json, resource, subprocess, sys, time, zipfile
from pathlib import Path
engine, kind, tmp = sys.argv[1], sys.argv[2], Path(sys.argv[3])
from konzeptdoc.generate import generate
from konzeptdoc.text import plain_text
concept = generate()
measures = [(f, m) for f in concept.fields for m in f.measures]

def konzeptdoc_run():
    from konzeptdoc.assemble import render
    data, _ = render(concept, kind=kind)
    (tmp / "k.docx").write_bytes(data)

def floor_run():
    xml = zipfile.ZipFile(tmp / "k.docx").read("word/document.xml")
    with zipfile.ZipFile(tmp / "floor.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", xml)

def docxtpl_run():
    from docxtpl import DocxTemplate
    template = DocxTemplate(str(tmp / f"tpl-{kind}.docx"))
    context = {"fields": [{"title": f.title, "situation": plain_text(f.situation or ""),
                "measures": [{"id": m.id, "title": m.title, "description": plain_text(m.description or ""),
                              "lead": m.lead or "", "partners": ", ".join(m.partners), "status": m.status,
                              "field": f.title} for m in f.measures]} for f in concept.fields],
               "measures": [{"id": m.id, "title": m.title, "field": f.title, "lead": m.lead or "",
                             "partners": ", ".join(m.partners), "status": m.status} for f, m in measures]}
    template.render(context)
    template.save(str(tmp / "t.docx"))

def pandoc_run():
    lines = [f"% {concept.title}", ""]
    if kind == "concept":
        for n, f in enumerate(concept.fields, 1):
            lines += [f"# {n} {f.title}", "", f.situation or "", ""]
            for m in f.measures:
                lines += [f"**{m.title}**", "", m.description or "", "",
                          "| Angabe | Wert |", "|---|---|", f"| Federführung | {m.lead} |",
                          f"| Partner | {', '.join(m.partners)} |", f"| Stand | {m.status} |", ""]
    else:
        lines += ["| Nr. | Maßnahme | Handlungsfeld | Federführung | Partner | Stand |", "|---|---|---|---|---|---|"]
        lines += [f"| {m.id} | {m.title} | {f.title} | {m.lead} | {', '.join(m.partners)} | {m.status} |" for f, m in measures]
    (tmp / "in.md").write_text("\n".join(lines), encoding="utf-8")
    subprocess.run(["pandoc", "-f", "markdown", "-t", "docx", "-o", str(tmp / "p.docx"), str(tmp / "in.md")], check=True)

run = {"konzeptdoc": konzeptdoc_run, "floor": floor_run, "docxtpl": docxtpl_run, "pandoc": pandoc_run}[engine]
start = time.perf_counter(); run(); cold = time.perf_counter() - start
start = time.perf_counter(); run(); warm = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"cold": cold, "warm": warm, "rss_mb": max(own, children) / 1024}))
"""


def make_docxtpl_templates(tmp: Path) -> None:
    """Jinja templates for docxtpl with the same structure konzeptdoc writes."""
    import docx

    concept = docx.Document()
    concept.add_paragraph("{%p for f in fields %}")
    concept.add_heading("{{ f.title }}", level=1)
    concept.add_paragraph("{{ f.situation }}")
    concept.add_paragraph("{%p for m in f.measures %}")
    concept.add_paragraph("{{ m.title }}").runs[0].bold = True
    concept.add_paragraph("{{ m.description }}")
    table = concept.add_table(rows=3, cols=2)
    for row, (label, value) in enumerate(
        [("Federführung", "m.lead"), ("Partner", "m.partners"), ("Stand", "m.status")]
    ):
        table.cell(row, 0).text = label
        table.cell(row, 1).text = "{{ " + value + " }}"
    concept.add_paragraph("{%p endfor %}")
    concept.add_paragraph("{%p endfor %}")
    concept.save(str(tmp / "tpl-concept.docx"))
    plan = docx.Document()
    table = plan.add_table(rows=3, cols=6)
    for column, name in enumerate(
        ["Nr.", "Maßnahme", "Handlungsfeld", "Federführung", "Partner", "Stand"]
    ):
        table.cell(0, column).text = name
    table.cell(1, 0).text = "{%tr for m in measures %}"
    for column, key in enumerate(["id", "title", "field", "lead", "partners", "status"]):
        table.cell(2, column).text = "{{ m." + key + " }}" if column else "{{ m.id }}"
    plan.add_paragraph("")
    cells = table.add_row().cells
    cells[0].text = "{%tr endfor %}"
    plan.save(str(tmp / "tpl-measures.docx"))


def measure(engine: str, kind: str, tmp: Path) -> dict[str, float] | str:
    runs = []
    for _ in range(3):
        result = subprocess.run([sys.executable, "-c", WORKER, engine, kind, str(tmp)],
                                capture_output=True, text=True, check=False)  # fmt: skip
        if result.returncode != 0:
            return result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed"
        runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
    return {
        "cold": statistics.median(r["cold"] for r in runs),
        "warm": statistics.median(r["warm"] for r in runs),
        "rss_mb": max(r["rss_mb"] for r in runs),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        try:
            make_docxtpl_templates(tmp)
        except Exception as exc:  # reported in its row; the other engines still run
            print(f"(docxtpl templates could not be made: {exc})")
        print("Large concept: 12 fields, 1,200 measures, ~60,000 words")
        for kind in ("concept", "measures"):
            print(f"\n{kind}:")
            results: dict[str, dict[str, float] | str] = {}
            for engine in ("konzeptdoc", "floor", "docxtpl", "pandoc"):
                if engine == "docxtpl" and shutil.which("pip") and not _importable("docxtpl"):
                    results[engine] = "not installed (pip install docxtpl)"
                    continue
                if engine == "pandoc" and shutil.which("pandoc") is None:
                    results[engine] = "not installed (apt-get install pandoc)"
                    continue
                results[engine] = measure(engine, kind, tmp)
            ours = results["konzeptdoc"]
            print(f"  {'engine':<12} {'first build':>12} {'second build':>13}  {'peak RSS':>8}")
            for engine, result in results.items():
                if isinstance(result, str):
                    print(f"  {engine:<12} {result}")
                    continue
                print(
                    f"  {engine:<12} {result['cold'] * 1000:9.1f} ms {result['warm'] * 1000:10.1f} ms  "
                    f"{result['rss_mb']:5.0f} MB"
                )
            if isinstance(ours, dict):
                for when in ("cold", "warm"):
                    notes = []
                    for engine, target in (("docxtpl", 3), ("pandoc", 20)):
                        other = results.get(engine)
                        if isinstance(other, dict):
                            notes.append(
                                f"{other[when] / ours[when]:.1f}x faster than {engine} (target >= {target}x)"
                            )
                    floor = results.get("floor")
                    if isinstance(floor, dict):
                        notes.append(f"{ours[when] / floor[when]:.1f}x the floor (target <= 4x)")
                    label = "first build " if when == "cold" else "second build"
                    print(f"  konzeptdoc, {label}: " + "; ".join(notes))


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


if __name__ == "__main__":
    main()
