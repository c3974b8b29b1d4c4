"""Diff of the large concept and a revision with known edits, beside Python-Redlines and difflib.

Run: python benchmarks/bench_diff.py
Needs python-redlines[all] (pip) for its rows; a missing engine is reported, not faked.
Target (issue 6): the complete redline output >= 10x faster than the fastest Python-Redlines
engine, and more precise: both count the revision marks (w:ins + w:del) they write, beside
the true edit count the generator recorded.
"""

from __future__ import annotations

import difflib
import re
import sys
import time
import zipfile
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import row, timed

from konzeptdoc.diff import diff
from konzeptdoc.diff.html import to_html
from konzeptdoc.diff.redline import redline_document
from konzeptdoc.diff.render import to_json, to_markdown, to_text
from konzeptdoc.diff.synopse import synopse
from konzeptdoc.documents import render
from konzeptdoc.model.text import plain_text
from konzeptdoc.testing import generate, revise


def marks(docx: bytes) -> int:
    xml = zipfile.ZipFile(BytesIO(docx)).read("word/document.xml").decode("utf-8")
    return len(re.findall(r"<w:(?:ins|del) ", xml))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def regions(docx: bytes) -> int:
    """Changes a reader sees: maximal stretches of inserted or deleted text in reading order,
    interrupted by unchanged text (a replaced word is one region, an inserted table too)."""
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(BytesIO(docx)).read("word/document.xml"))
    count, inside = 0, False
    for element in root.iter(f"{W}t", f"{W}delText"):
        if not (element.text or "").strip():
            continue
        changed = (
            element.tag == f"{W}delText"
            or any(a.tag in (f"{W}ins", f"{W}del") for a in element.iterancestors())
            or any(
                tr.find(f"{W}trPr/{W}ins") is not None or tr.find(f"{W}trPr/{W}del") is not None
                for tr in element.iterancestors(f"{W}tr")
            )
        )
        if changed and not inside:
            count += 1
        inside = changed
    return count


def full_text(concept) -> str:  # type: ignore[no-untyped-def]
    parts = [f.title + "\n" + plain_text(f.situation or "") for f in concept.fields]
    parts += [
        m.title + "\n" + plain_text(m.description or "") for f in concept.fields for m in f.measures
    ]
    return "\n".join(parts)


def main() -> None:
    old = generate()
    new, log = revise(old, share=0.05, added=10, removed=10, moved=3, renamed=3)
    print(
        f"Large concept; revision: {log.word_edits} word edits in {log.edited_texts} texts, "
        f"{len(log.added)} measures added, {len(log.removed)} removed, {len(log.moved)} moved, "
        f"{len(log.renamed)} renamed = {log.total} true edits"
    )
    result = diff(old, new)
    stamp = lambda entity: ("Bench", "2025-11-12T12:00:00Z")  # noqa: E731 - one fixed author
    figures = {
        "konzeptdoc.diff (records)": timed(lambda: diff(old, new), repeat=3),
        "render text": timed(lambda: to_text(result), repeat=3),
        "render markdown": timed(lambda: to_markdown(result), repeat=3),
        "render json": timed(lambda: to_json(result), repeat=3),
        "render html": timed(lambda: to_html(result), repeat=3),
        "render synopse (.docx)": timed(lambda: synopse(result), repeat=3),
    }
    start = time.perf_counter()
    red = redline_document(old, new, stamp)
    figures["redline (.docx), complete: both documents + tracked changes"] = (
        time.perf_counter() - start
    )
    for label, seconds in figures.items():
        print(row(label, seconds))
    ours = figures["redline (.docx), complete: both documents + tracked changes"]
    print(f"\nSummary: {result.summary()}")
    word_changes = sum(v.text.word_changes for c in result.changes for v in c.values if v.text is not None
                       and v.key in ("situation", "description"))  # fmt: skip
    measures = {k: sum(1 for c in result.changes if c.entity_type == "measure" and c.kind == k)
                for k in ("added", "removed", "moved", "renamed")}  # fmt: skip
    print(
        f"konzeptdoc found: {word_changes} word edits, measures {measures} "
        f"(generator: {log.word_edits} word edits, added {len(log.added)}, removed {len(log.removed)}, "
        f"moved {len(log.moved)}, renamed {len(log.renamed)})"
    )

    old_doc, new_doc = render(old)[0], render(new)[0]
    a, b = full_text(old).split(), full_text(new).split()
    start = time.perf_counter()
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    flat = time.perf_counter() - start
    flat_changes = sum(1 for op in opcodes if op[0] != "equal")
    print(
        "\nSide by side (changes marked = stretches of changed text a reader sees; marks = w:ins + w:del):"
    )
    print(
        row(
            "konzeptdoc redline",
            ours,
            f"{regions(red)} changes marked ({marks(red)} marks) for {log.total} true edits",
        )
    )
    print(
        row(
            "difflib flat word diff of the full texts",
            flat,
            f"{flat_changes} changed runs (no document)",
        )
    )
    fastest = None
    try:
        from python_redlines import engines
    except ImportError:
        print("  Python-Redlines: not installed (pip install 'python-redlines[all]')")
        return
    for name in ("DocxodusEngine", "XmlPowerToolsEngine"):
        try:
            engine = getattr(engines, name)()
            start = time.perf_counter()
            output = engine.run_redline("Bench", old_doc, new_doc)[0]
            seconds = time.perf_counter() - start
        except Exception as exc:  # reported in its row; the other engine still runs
            print(f"  Python-Redlines {name}: failed: {exc}")
            continue
        fastest = seconds if fastest is None else min(fastest, seconds)
        print(
            row(
                f"Python-Redlines {name}",
                seconds,
                f"{regions(output)} changes marked ({marks(output)} marks) for {log.total} true edits",
            )
        )
    if fastest is not None:
        print(
            f"\nkonzeptdoc's complete redline is {fastest / ours:.1f}x faster than the fastest "
            f"Python-Redlines engine (target >= 10x)"
        )


if __name__ == "__main__":
    main()
