"""Word output of the large concept: konzeptdoc beside docxtpl, pandoc and the zip floor.

Run: python benchmarks/bench_documents.py
Needs docxtpl (pip) and pandoc (Debian) for their rows; a missing engine is reported, not faked.
Targets (issue 5), as ratios in the same run: >= 3x faster than docxtpl, >= 20x faster than
pandoc, within 4x of the floor (writing konzeptdoc's final word/document.xml into a deflated zip).
The "(imports)" row times what konzeptdoc's first build must import (python-docx and
jinja2), a lower bound for any first build. Each engine runs in a fresh process that builds once ("first build", imports and caches
included) and then three more times ("second build": the median of those three, what a
running service pays). The engines take turns, round by round, so a slower moment of a
shared machine hits all of them alike; an unmeasured first round warms disk caches and
bytecode for all of them. Each figure is the median over the rounds (default 5, `--rounds N`),
memory the peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent

WORKER = r"""
import io, json, resource, subprocess, sys, time, zipfile
from pathlib import Path
engine, kind, tmp = sys.argv[1], sys.argv[2], Path(sys.argv[3])
from konzeptdoc.testing import generate
concept = generate()

def content():
    # The values konzeptdoc's documents show, prepared the same way for docxtpl and pandoc
    # (and timed inside their runs, as konzeptdoc prepares its own inside its build).
    from konzeptdoc.german import formatting as german
    from konzeptdoc.documents.concept_doc import cost, timeframe
    from konzeptdoc.model.text import paragraphs as blocks_paragraphs, parse
    paragraphs = lambda text: [p.plain for p in blocks_paragraphs(parse(text))] if text else []
    groups = {g.id: g.name for g in concept.target_groups}
    goal_titles = {g.id: g.title for f in concept.fields for g in f.goals}
    def rows(f, m):
        return [("Federführung", m.lead or "–"), ("Kooperationspartner", ", ".join(m.partners) or "–"),
                ("Zielgruppen", ", ".join(groups.get(g, g) for g in m.target_groups) or "–"),
                ("Zeitrahmen", timeframe(m)), ("Kosten", cost(m)), ("Stand", german.label("status", m.status)),
                ("Priorität", german.label("priority", m.priority))]
    fields = [{"number": f"2.{n}", "title": f.title, "situation": paragraphs(f.situation or ""),
               "goals": [{"label": german.label("level", g.level), "title": g.title, "text": paragraphs(g.text or "")}
                         for g in f.goals],
               "measures": [{"id": m.id, "title": m.title, "description": paragraphs(m.description or ""),
                             "rows": rows(f, m)} for m in f.measures],
               "indicators": [{"title": i.name, "definition": paragraphs(i.definition or ""),
                               "meta": f"Quelle: {i.source}" if i.source else "",
                               "series": [(str(p.year), german.number(p.value)) for p in i.series]}
                              for i in f.indicators]}
              for n, f in enumerate(concept.fields, 1)]
    plan = [[m.id, m.title, f.title, "; ".join(goal_titles.get(g, g) for g in m.goals), m.lead or "–",
             ", ".join(m.partners) or "–", timeframe(m), cost(m), german.label("status", m.status),
             german.label("priority", m.priority)] for f in concept.fields for m in f.measures]
    return {"municipality": concept.municipality, "title": concept.title,
            "definition": paragraphs(concept.definition or ""),
            "principles": [{"title": p.title, "text": paragraphs(p.text or "")} for p in concept.principles],
            "target_groups": [(g.name, g.description or "–") for g in concept.target_groups],
            "fields": fields, "plan": plan}

def konzeptdoc_run():
    from konzeptdoc.model import text
    from konzeptdoc.documents import render
    from konzeptdoc.german import formatting as german
    # Every build parses and formats its values afresh, as for a different concept.
    for cached in (text.parse, german.date, german.short_date, german.amount, german.number):
        cached.cache_clear()
    data, _ = render(concept, kind=kind)
    (tmp / "k.docx").write_bytes(data)

if engine == "floor":  # read before the clock runs: the floor is the writing alone
    final_xml = zipfile.ZipFile(tmp / "k.docx").read("word/document.xml")

def floor_run():
    with zipfile.ZipFile(tmp / "floor.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", final_xml)

def docxtpl_run():
    from docxtpl import DocxTemplate
    template = DocxTemplate(str(tmp / f"tpl-{kind}.docx"))
    template.render(content())
    template.save(str(tmp / "t.docx"))

def pandoc_run():
    c = content()
    cell = lambda text: text.replace("|", "\\|")
    lines = [f"% {c['title']}", ""]
    if kind == "concept":
        lines += ["# 1 Grundlagen", "", "## 1.1 Integrationsverständnis", "", *c["definition"], ""]
        for n, p in enumerate(c["principles"], 1):
            lines += [f"### 1.2.{n} {p['title']}", "", *p["text"], ""]
        lines += ["| Zielgruppe | Beschreibung |", "|---|---|"]
        lines += [f"| {cell(a)} | {cell(b)} |" for a, b in c["target_groups"]] + ["", "# 2 Handlungsfelder", ""]
        for f in c["fields"]:
            lines += [f"## {f['number']} {f['title']}", "", f"### {f['number']}.1 Ausgangssituation", "",
                      *f["situation"], "", f"### {f['number']}.2 Ziele", ""]
            for g in f["goals"]:
                lines += [f"**{g['label']}: {g['title']}**", "", *g["text"], ""]
            lines += [f"### {f['number']}.3 Maßnahmen", ""]
            for m in f["measures"]:
                lines += [f"**{m['title']}**", "", *m["description"], "",
                          f"| Angabe | Maßnahme {m['id']} |", "|---|---|",
                          *(f"| {a} | {cell(b)} |" for a, b in m["rows"]), ""]
            lines += [f"### {f['number']}.4 Indikatoren", ""]
            for i in f["indicators"]:
                lines += [f"**{i['title']}**", "", *i["definition"], "", i["meta"], "",
                          "| Jahr | Wert |", "|---|---|", *(f"| {y} | {v} |" for y, v in i["series"]), ""]
    else:
        lines += ["| Nr. | Maßnahme | Handlungsfeld | Ziele | Federführung | Partner | Zeitrahmen | Kosten | Stand | Priorität |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        lines += ["| " + " | ".join(cell(v) for v in r) + " |" for r in c["plan"]]
    (tmp / "in.md").write_text("\n".join(lines), encoding="utf-8")
    options = ["--toc"] if kind == "concept" else []
    subprocess.run(["pandoc", "-f", "markdown", "-t", "docx", *options, "-o", str(tmp / "p.docx"), str(tmp / "in.md")], check=True)

def imports_run():
    # What konzeptdoc's first build must import whatever it does: a lower bound for it.
    # markdown-it and babel are not among them: the generated concept's texts are prose
    # paragraphs, split without markdown-it (a text with lists would import it), and its
    # dates, numbers and whole-euro amounts are written without babel (cents would import it).
    import docx, jinja2.sandbox, konzeptdoc.documents

run = {"konzeptdoc": konzeptdoc_run, "imports": imports_run, "floor": floor_run,
       "docxtpl": docxtpl_run, "pandoc": pandoc_run}[engine]
start = time.perf_counter(); run(); cold = time.perf_counter() - start
again = []
for _ in range(3):
    start = time.perf_counter(); run(); again.append(time.perf_counter() - start)
warm = sorted(again)[1]
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"cold": cold, "warm": warm, "rss_mb": max(own, children) / 1024}))
"""


def make_docxtpl_templates(tmp: Path) -> None:
    """Jinja templates for docxtpl that show what konzeptdoc's documents show (without the
    table of contents and Markdown formatting, which docxtpl does not make by itself)."""
    import docx

    concept = docx.Document()
    concept.add_paragraph("{{ municipality }}", style="Subtitle")
    concept.add_paragraph("{{ title }}", style="Title")
    concept.add_heading("1 Grundlagen", 1)
    concept.add_heading("1.1 Integrationsverständnis", 2)
    _loop(concept, "para in definition", "{{ para }}")
    concept.add_heading("1.2 Leitlinien", 2)
    concept.add_paragraph("{%p for p in principles %}")
    concept.add_heading("{{ p.title }}", 3)
    _loop(concept, "para in p.text", "{{ para }}")
    concept.add_paragraph("{%p endfor %}")
    _rows_table(concept, ["Zielgruppe", "Beschreibung"], "g in target_groups", ["g[0]", "g[1]"])
    concept.add_heading("2 Handlungsfelder", 1)
    concept.add_paragraph("{%p for f in fields %}")
    concept.add_heading("{{ f.number }} {{ f.title }}", 2)
    concept.add_heading("{{ f.number }}.1 Ausgangssituation", 3)
    _loop(concept, "para in f.situation", "{{ para }}")
    concept.add_heading("{{ f.number }}.2 Ziele", 3)
    concept.add_paragraph("{%p for g in f.goals %}")
    concept.add_paragraph("").add_run("{{ g.label }}: {{ g.title }}").bold = True
    _loop(concept, "para in g.text", "{{ para }}")
    concept.add_paragraph("{%p endfor %}")
    concept.add_heading("{{ f.number }}.3 Maßnahmen", 3)
    concept.add_paragraph("{%p for m in f.measures %}")
    concept.add_paragraph("").add_run("{{ m.title }}").bold = True
    _loop(concept, "para in m.description", "{{ para }}")
    _rows_table(concept, ["Angabe", "Maßnahme {{ m.id }}"], "r in m.rows", ["r[0]", "r[1]"])
    concept.add_paragraph("{%p endfor %}")
    concept.add_heading("{{ f.number }}.4 Indikatoren", 3)
    concept.add_paragraph("{%p for i in f.indicators %}")
    concept.add_paragraph("").add_run("{{ i.title }}").bold = True
    _loop(concept, "para in i.definition", "{{ para }}")
    concept.add_paragraph("{{ i.meta }}")
    _rows_table(concept, ["Jahr", "Wert"], "p in i.series", ["p[0]", "p[1]"])
    concept.add_paragraph("{%p endfor %}")
    concept.add_paragraph("{%p endfor %}")
    concept.save(str(tmp / "tpl-concept.docx"))
    plan = docx.Document()
    columns = ["Nr.", "Maßnahme", "Handlungsfeld", "Ziele", "Federführung", "Partner",
               "Zeitrahmen", "Kosten", "Stand", "Priorität"]  # fmt: skip
    _rows_table(plan, columns, "r in plan", [f"r[{n}]" for n in range(len(columns))])
    plan.save(str(tmp / "tpl-measures.docx"))


def _loop(document: Any, head: str, body: str) -> None:
    document.add_paragraph("{%p for " + head + " %}")
    document.add_paragraph(body)
    document.add_paragraph("{%p endfor %}")


def _rows_table(document: Any, header: list[str], head: str, values: list[str]) -> None:
    """A table with a header row and one row per item (docxtpl's {%tr %} loop)."""
    table = document.add_table(rows=4, cols=len(header))
    table.style = "Table Grid"
    for column, name in enumerate(header):
        table.cell(0, column).text = name
    table.cell(1, 0).text = "{%tr for " + head + " %}"
    for column, value in enumerate(values):
        table.cell(2, column).text = "{{ " + value + " }}"
    table.cell(3, 0).text = "{%tr endfor %}"


def measure(engine: str, kind: str, tmp: Path) -> dict[str, float] | str:
    """One fresh process of one engine: its first build, second build and peak memory."""
    # Byte-compiled modules, as an installed package has them (a checkout run with
    # PYTHONDONTWRITEBYTECODE would compile konzeptdoc's sources in every process).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    result = subprocess.run([sys.executable, "-c", WORKER, engine, kind, str(tmp)],
                            capture_output=True, text=True, check=False, env=env)  # fmt: skip
    if result.returncode != 0:
        return result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed"
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def summarise(runs: list[dict[str, float]]) -> dict[str, float]:
    return {
        "cold": statistics.median(r["cold"] for r in runs),
        "warm": statistics.median(r["warm"] for r in runs),
        "rss_mb": max(r["rss_mb"] for r in runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of all engines (default 5)")
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        try:
            make_docxtpl_templates(tmp)
        except Exception as exc:  # reported in its row; the other engines still run
            print(f"(docxtpl templates could not be made: {exc})")
        print(f"Large concept: 12 fields, 1,200 measures, ~60,000 words; {rounds} rounds")
        engines = ["konzeptdoc", "imports", "floor"]
        missing: dict[str, str] = {}
        if _importable("docxtpl"):
            engines.append("docxtpl")
        else:
            missing["docxtpl"] = "not installed (pip install docxtpl)"
        if shutil.which("pandoc"):
            engines.append("pandoc")
        else:
            missing["pandoc"] = "not installed (apt-get install pandoc)"
        for kind in ("concept", "measures"):
            print(f"\n{kind}:")
            runs: dict[str, list[dict[str, float]]] = {engine: [] for engine in engines}
            failed: dict[str, str] = dict(missing)
            for round_number in range(rounds + 1):
                for engine in engines:
                    if engine in failed:
                        continue
                    outcome = measure(engine, kind, tmp)
                    if isinstance(outcome, str):
                        failed[engine] = outcome
                    elif round_number:  # round 0 warms disk caches and bytecode for all alike
                        runs[engine].append(outcome)
            results: dict[str, dict[str, float] | str] = {
                engine: failed.get(engine) or summarise(runs[engine])
                for engine in [*engines, *missing]
            }
            report(results)


def report(results: dict[str, dict[str, float] | str]) -> None:
    ours = results["konzeptdoc"]
    print(f"  {'engine':<12} {'first build':>12} {'second build':>13}  {'peak RSS':>8}")
    for engine, result in results.items():
        if isinstance(result, str):
            print(f"  {engine:<12} {result}")
            continue
        if engine == "imports":
            print(f"  {'(imports)':<12} {result['cold'] * 1000:9.1f} ms   "
                  "python-docx, jinja2: within konzeptdoc's first build")  # fmt: skip
            continue
        print(
            f"  {engine:<12} {result['cold'] * 1000:9.1f} ms {result['warm'] * 1000:10.1f} ms  "
            f"{result['rss_mb']:5.0f} MB"
        )
    if not isinstance(ours, dict):
        return
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
