"""Cliffs found from a user's side (issue 14's principle): each figure beside the way it
was computed before, run live in the same process (the old code path restored for the
run), and the growth per doubling of the size.

Run: python benchmarks/bench_cliffs.py [--full] [--only links,save,hints,history,markdown,redline,review]

In-process figures are CPU time of this process (whole processes: CPU of the children);
each is the median of three runs (one for the slow "before" paths). `--full` adds the
larger sizes (a concept four times the large one, 1 MB texts, 1,000 revisions).
"""

from __future__ import annotations

import argparse
import difflib
import gc
import itertools
import math
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import konzeptdoc
from konzeptdoc.testing import generate

WORDS = "Integration Sprache Kita Schule Arbeit Wohnen Quartier Teilhabe Beratung Förderung"


def cpu(function: Callable[[], object], repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        runs.append(time.process_time() - start)
    return statistics.median(runs)


def show(label: str, sizes: list[int], after: list[float], before: list[float | None]) -> None:
    """One row per size: now, before, how much faster; then the growth per doubling."""
    for size, now, old in zip(sizes, after, before, strict=True):
        then = f"{old * 1000:10.1f} ms" if old is not None else f"{'–':>13}"
        faster = f"{old / now:7.1f}× faster" if old else ""
        print(f"  {label:<38} {size:>9,}  {now * 1000:9.1f} ms   before {then}  {faster}")
    for (s1, t1), (s2, t2) in itertools.pairwise(zip(sizes, after, strict=True)):
        step = (t2 / t1) ** (1 / math.log2(s2 / s1))
        print(f"  {'':<38} {s1:,} → {s2:,}: ×{t2 / t1:.2f} (per doubling ×{step:.2f})")


def text_of(size: int, style: str) -> str:
    rng, out, length = random.Random(1), [], 0
    for number in range(1, 10**9):
        word = rng.choice(WORDS.split())
        if style == "links" and number % 5 == 0:
            word = f"[{word}](https://example.org/{number})"
        if style == "emph" and number % 3 == 0:
            word = f"**{word}**" if number % 2 else f"*{word}*"
        out.append(word)
        length += len(word) + 1
        if length >= size:
            return " ".join(out)
    raise AssertionError


def links(full: bool) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE

    from konzeptdoc.documents.template import open_template

    print(
        "\nlinks: building a concept whose one text holds N links (before: python-docx's relate_to)"
    )
    sizes = [100_000, 200_000, 400_000] + ([1_000_000] if full else [])
    after, before = [], []
    for size in sizes:
        concept = generate(fields=2, goals=4, measures=10, words=2000)
        text = text_of(size, "links")
        concept.fields[0].measures[0].description = text
        konzeptdoc.build(concept, kind="measures")  # parses the text once (cached)
        after.append(cpu(lambda c=concept: konzeptdoc.build(c)))
        urls = re.findall(r"\]\(([^)]+)\)", text)

        def relate(urls: list[str] = urls) -> None:
            part = open_template(None)[0].part
            for url in urls:
                part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)

        before.append(after[-1] + cpu(relate, 1) if size <= 400_000 or full else None)
    show("build (characters of the text)", sizes, after, before)


@contextmanager
def large(scale: int) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "konzeptdoc.yaml").write_text("schema_version: 1\nmunicipality: M\n")
        concept = generate(fields=12 * scale, goals=120 * scale, measures=1200 * scale,
                           words=60_000 * scale)  # fmt: skip
        konzeptdoc.save_concept(concept, root)
        yield root / "concepts" / concept.id


def save(full: bool) -> None:
    from konzeptdoc.files import splice

    print("\nsave: measures changed in the large concept (before: a whole file past 20 in it)")
    with large(1) as folder:
        concept = konzeptdoc.load_concept(folder)
        konzeptdoc.save_concept(concept)
        first = concept.fields[0].measures
        picks = {1: first[:1], 21: first[:21], 50: first[:50],
                 504: [m for f in concept.fields for m in f.measures[:42]]}  # fmt: skip
        after, before = [], []
        for edited in picks.values():
            for share, times in ((0.0, before), (splice.MAX_SHARE, after)):
                kept, splice.MAX_SHARE = splice.MAX_SHARE, share  # 0: more than FEW, whole file
                for measure in edited:
                    measure.description = (measure.description or "") + " Z"
                start = time.process_time()
                konzeptdoc.save_concept(concept)
                times.append(time.process_time() - start)
                splice.MAX_SHARE = kept
        show("save (measures changed)", list(picks), after, before)


class _EveryTime:
    """How a broken reference was hinted before: difflib over every id, for every finding."""

    def __init__(self, known: Any) -> None:
        self.known = list(known)

    def __call__(self, word: str) -> str | None:
        close = difflib.get_close_matches(word, self.known, n=1)
        return close[0] if close else None


def hints(full: bool) -> None:
    from konzeptdoc.files import validate as checks

    print(
        "\nhints: validate after every goal was renumbered (before: get_close_matches per finding)"
    )
    scales = [1, 2] + ([4] if full else [])
    after, before, clean = [], [], []
    for scale in scales:
        with large(scale) as folder:
            clean.append(cpu(lambda f=folder: konzeptdoc.validate(f), 1))
            for path in (folder / "fields").glob("*.yaml"):
                text = path.read_text(encoding="utf-8")
                text = re.sub(r"(feld-\d+-[lh]z-\d+)", r"\1x", text)
                path.write_text(re.sub(r"id: (feld-\d+-[lh]z-\d+)x", r"id: \1", text), "utf-8")
            problems: list[konzeptdoc.Problem] = []
            after.append(cpu(lambda f=folder, p=problems: p.extend(konzeptdoc.validate(f)), 1))
            refs = {
                m.group(1) for p in problems if (m := re.search(r"Kennung „([^“]+)“", p.message))
            }
            current, checks.Closest = checks.Closest, _EveryTime  # type: ignore[misc]
            before.append(cpu(lambda f=folder: konzeptdoc.validate(f), 1))
            checks.Closest = current  # type: ignore[misc]
            print(
                f"  {len(problems):,} broken references to {len(refs)} ids; clean validate {clean[-1] * 1000:.0f} ms"
            )
    show("validate (scale of the large concept)", scales, after, before)


def history(full: bool) -> None:
    import bench_store

    print(
        "\nhistory: `konzeptdoc history` of a measure, whole process (before: 12.5 s CPU at 1,000)"
    )
    revisions = 1000 if full else 200
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        concept_id, target = bench_store.build(root, revisions)
        for label, args in (("git log of its field file", ["git", "log", "--format=%H", "--", target]),
                            ("konzeptdoc history (cold)", [sys.executable, "-m", "konzeptdoc", "history", concept_id, "feld-01-m-001"]),
                            ("konzeptdoc history (disk cache)", [sys.executable, "-m", "konzeptdoc", "history", concept_id, "feld-01-m-001"])):  # fmt: skip
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall = time.perf_counter()
            out = subprocess.run(args, cwd=root, capture_output=True, text=True, check=True).stdout
            wall = time.perf_counter() - wall
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            spent = used.ru_utime + used.ru_stime - before.ru_utime - before.ru_stime
            print(f"  {label:<38} {revisions:>9,}  {wall * 1000:9.1f} ms wall, {spent * 1000:.1f} ms CPU"
                  f" ({out.count(chr(10))} lines)")  # fmt: skip
        with konzeptdoc.Repository.open(root) as repository:  # what naming cost before
            entries = repository.history(concept_id, "feld-01-m-001")
            spent = cpu(lambda: [repository.load(concept_id, e.revision.sha) for e in entries], 1)
        print(
            f"  {'before: a load per entry, in process':<38} {revisions:>9,}  "
            f"{spent * 1000:9.1f} ms CPU ({len(entries)} entries; first loads, then cached)"
        )


def markdown(full: bool) -> None:
    from konzeptdoc.model import text

    print(
        "\nmarkdown: comparing two versions of one paragraph with emphasis (before: collector on)"
    )
    sizes = [250_000, 500_000] + ([1_000_000] if full else [])
    after, before = [], []
    for size in sizes:
        concept = generate(fields=1, goals=1, measures=2, words=200)
        concept.fields[0].situation = text_of(size, "emph")
        new = concept.model_copy(deep=True)
        new.fields[0].situation = re.sub(r"Kita", "Kitas", concept.fields[0].situation, count=9)

        def once(concept: Any = concept, new: Any = new) -> None:
            text.parse.cache_clear()
            konzeptdoc.compare(concept, new)

        after.append(cpu(once))
        text.gc = types.SimpleNamespace(
            isenabled=gc.isenabled, disable=lambda: None, enable=gc.enable
        )  # type: ignore[attr-defined]
        before.append(cpu(once))
        text.gc = gc  # type: ignore[attr-defined]
    show("compare (characters of the paragraph)", sizes, after, before)


def redline(full: bool) -> None:
    import bisect

    from konzeptdoc.diff.redline import redline_document
    from konzeptdoc.documents.wordml import Body

    def old_entity_of(self: Body, part: int) -> str | None:
        index = bisect.bisect_right([m[0] for m in self.entity_marks], part) - 1
        return self.entity_marks[index][1]

    print(
        "\nredline: every measure of one field moved (shuffled) (before: marks listed per change)"
    )
    sizes = [1000, 2000] + ([4000] if full else [])
    after, before, current = [], [], Body.entity_of
    for size in sizes:
        old = generate(fields=1, goals=10, measures=size, words=size * 10)
        new = old.model_copy(deep=True)
        random.Random(1).shuffle(new.fields[0].measures)

        def once(old: Any = old, new: Any = new) -> None:
            redline_document(old, new, lambda entity: ("A", "2026-01-01T00:00:00Z"))

        after.append(cpu(once, 1))
        Body.entity_of = old_entity_of  # type: ignore[method-assign]
        before.append(cpu(once, 1))
        Body.entity_of = current  # type: ignore[method-assign]
    show("redline (measures moved)", sizes, after, before)


def review(full: bool) -> None:
    from konzeptdoc.model.text import plain_text
    from konzeptdoc.review import text

    print("\nreview: a reviewer's edits (1 % of the words) carried into a long text's source")
    sizes = [1000, 2000, 4000, 8000] + ([16000] if full else [])
    after, before = [], []
    for size in sizes:
        rng = random.Random(1)
        words = [rng.choice(WORDS.split()) + ("." if n % 13 == 12 else "") for n in range(size)]
        source = " ".join(f"**{w}**" if n % 7 == 0 else w for n, w in enumerate(words))
        plain = text.shape(plain_text(source)).split(" ")
        for at in range(0, len(plain), 100):
            plain[at] = "neu"
        new = " ".join(plain)
        after.append(cpu(lambda s=source, n=new: text.transfer(s, n, markdown=True)))
        text._EXACT_PAIRS = 10**12  # one word matcher over the whole text, as before
        slow = size <= 2000 or (full and size <= 4000)
        before.append(
            cpu(lambda s=source, n=new: text.transfer(s, n, markdown=True), 1) if slow else None
        )
        text._EXACT_PAIRS = 250_000
    show("transfer (words of the text)", sizes, after, before)


SECTIONS = {"links": links, "save": save, "hints": hints, "history": history,
            "markdown": markdown, "redline": redline, "review": review}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also the larger sizes")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    args = parser.parse_args()
    for name in args.only.split(","):
        SECTIONS[name](args.full)


if __name__ == "__main__":
    main()
