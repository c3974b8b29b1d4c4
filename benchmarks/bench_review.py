"""Reading a reviewed copy of the large concept's document back: 100 tracked changes.

Run: python benchmarks/bench_review.py [--changes 100] [--rounds 3]
Target (issue 16): `konzeptdoc review CONCEPT REVIEWED.docx` under 2 s, whole process
(interpreter start, imports, reading the .docx, loading the concept at the recorded
revision from git and the working tree, mapping and merging). Also timed: the same with
`--apply` (writing the 100 changes with the round-trip YAML writer and review.yaml; the
working tree is reset between rounds), and `read_review` inside a running process.
The reviewed copy is made as Word records tracked changes: in `--changes` measure
descriptions one word is deleted (w:del) and another inserted (w:ins), with a comment
on every tenth.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import row, timed

import konzeptdoc
from konzeptdoc.documents.anchors import anchor_name
from konzeptdoc.testing import generate

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DATE = "2026-11-30T10:00:00Z"


def reviewed_copy(data: bytes, measures: list[str], path: Path) -> None:
    """The document with one word of each measure's description replaced, tracked."""
    from lxml import etree

    def q(tag: str) -> str:
        return f"{{{W}}}{tag}"

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    starts = {e.get(q("name")): e for e in root.iter(q("bookmarkStart"))}
    comments = []
    for number, measure in enumerate(measures):
        start = starts[anchor_name(measure, "description")]
        text = next(start.itersiblings(q("r"))).find(q("t"))
        words = (text.text or "").split(" ")
        run = text.getparent()
        text.text = " ".join(words[:1]) + " "
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        marks = []
        for tag, inner, value in (("del", "delText", words[1]), ("ins", "t", "überarbeitet")):
            mark = etree.Element(q(tag), {q("id"): str(9000 + 2 * number + (tag == "ins")),
                                          q("author"): "Dezernat II", q("date"): DATE})  # fmt: skip
            etree.SubElement(etree.SubElement(mark, q("r")), q(inner)).text = value
            marks.append(mark)
        tail = etree.Element(q("r"))
        tail_text = etree.SubElement(tail, q("t"))
        tail_text.text = " " + " ".join(words[2:])
        tail_text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.addnext(marks[0])
        marks[0].addnext(marks[1])
        marks[1].addnext(tail)
        if number % 10 == 0:
            cid = str(20000 + number)
            start.addnext(etree.Element(q("commentRangeStart"), {q("id"): cid}))
            tail.addnext(etree.Element(q("commentRangeEnd"), {q("id"): cid}))
            comments.append(f'<w:comment w:id="{cid}" w:author="Beirat" w:date="{DATE}">'
                            f"<w:p><w:r><w:t>Bitte prüfen ({number})</w:t></w:r></w:p></w:comment>")  # fmt: skip
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    parts["word/comments.xml"] = (
        f'<w:comments xmlns:w="{W}">{"".join(comments)}</w:comments>'.encode()
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, part in parts.items():
            archive.writestr(name, part)


def whole_process(
    root: Path, args: list[str], rounds: int, reset: str = ""
) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds (user + system of the process) of each round."""
    runs, cpu = [], []
    for _ in range(rounds):
        if reset:
            subprocess.run(["git", "-C", str(root), "checkout", "-q", "--", "."], check=True)
            (root / "concepts" / reset / "review.yaml").unlink(missing_ok=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "konzeptdoc", "-C", str(root), *args],
                                capture_output=True, text=True, check=False)  # fmt: skip
        runs.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if result.returncode != 0:
            raise SystemExit(f"review failed: {result.stderr}")
    return runs, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        repository = konzeptdoc.Repository.init(root, municipality="Musterstadt",
                                                author="Amt <amt@example.org>")  # fmt: skip
        concept = generate()
        konzeptdoc.save_concept(concept, root)
        repository.commit("Großes Konzept", author="Amt <amt@example.org>")
        data = konzeptdoc.build(repository.load(concept.id))
        assert isinstance(data, bytes)
        measures = [m.id for f in concept.fields for m in f.measures if m.description]
        step = max(len(measures) // options.changes, 1)
        chosen = measures[::step][: options.changes]
        copy = Path(tmp) / "reviewed.docx"
        reviewed_copy(data, chosen, copy)
        review = konzeptdoc.read_review(concept.id, [copy], repository=root)
        assert len(review.changes) == len(chosen) and not review.conflicts, review.conflicts[:2]
        print(f"reviewed copy: {len(data) / 1e6:.1f} MB document, {len(chosen)} changes, "
              f"{len(review.comments)} comments")  # fmt: skip
        read = timed(lambda: konzeptdoc.read_review(concept.id, [copy], repository=root), repeat=3)
        print(row("read_review (in process)", read))
        plain, plain_cpu = whole_process(root, ["review", concept.id, str(copy), "--format", "json"],
                                         options.rounds)  # fmt: skip
        print(row("konzeptdoc review (whole process)", statistics.median(plain),
                  f"CPU {statistics.median(plain_cpu) * 1000:.0f} ms; goal < 2000 ms"))  # fmt: skip
        applied, applied_cpu = whole_process(root, ["review", concept.id, str(copy), "--apply"],
                                             options.rounds, reset=concept.id)  # fmt: skip
        print(row("konzeptdoc review --apply (whole process)", statistics.median(applied),
                  f"CPU {statistics.median(applied_cpu) * 1000:.0f} ms"))  # fmt: skip
        print(json.dumps({"read_review_s": round(read, 3),
                          "review_s": round(statistics.median(plain), 3),
                          "review_cpu_s": round(statistics.median(plain_cpu), 3),
                          "review_apply_s": round(statistics.median(applied), 3),
                          "review_apply_cpu_s": round(statistics.median(applied_cpu), 3)}))  # fmt: skip


if __name__ == "__main__":
    main()
