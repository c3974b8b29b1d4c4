"""Record the built documents' digests, or check them: output unchanged by a refactoring.

Run: python scripts/same_bytes.py record FILE.json   (before the change)
     python scripts/same_bytes.py check FILE.json    (after it; exit 1 naming what differs)

Builds every kind of document of every sample revision, the redline of each revision
against the one before, and every kind and a redline of the large generated concept
(`konzeptdoc.testing`), and compares their SHA-256 digests. A speed-up must leave them all
as they were; an intended change of the output is recorded anew.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import konzeptdoc
from konzeptdoc.diff.redline import redline_document
from konzeptdoc.documents import KINDS, render
from konzeptdoc.testing import generate, revise

ROOT = Path(__file__).resolve().parents[1] / "sample_concepts"
DATE = dt.datetime(2024, 5, 6, 12, 0)


def _stamp(entity: str | None) -> tuple[str, str]:
    return ("Bench", "2024-05-06T12:00:00Z")


def _kinds(name: str, concept: konzeptdoc.Concept) -> Iterator[tuple[str, bytes]]:
    for kind in KINDS:
        try:
            yield f"{name}:{kind}", render(concept, kind=kind)[0]
        except konzeptdoc.KonzeptdocError as exc:  # a kind the concept has no part for
            yield f"{name}:{kind}", f"error {type(exc).__name__}".encode()


def documents() -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of every document compared."""
    before: dict[tuple[str, str], konzeptdoc.Concept] = {}
    for folder in sorted(ROOT.glob("*/*/concepts/*")):
        concept = konzeptdoc.load_concept(folder)
        name = f"{folder.parts[-4]}/{folder.parts[-3]}/{folder.name}"
        yield from _kinds(name, concept)
        previous = before.get((folder.parts[-4], folder.name))
        if previous is not None:
            yield f"{name}:redline", redline_document(previous, concept, _stamp, date=DATE)
        before[(folder.parts[-4], folder.name)] = concept
    large = generate()
    yield from _kinds("large", large)
    second, _ = revise(large, seed=2, share=0.05)
    yield "large:redline", redline_document(large, second, _stamp, date=DATE)


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in ("record", "check"):
        sys.exit(__doc__)
    mode, record = sys.argv[1], Path(sys.argv[2])
    got = {name: hashlib.sha256(data).hexdigest() for name, data in documents()}
    if mode == "record":
        record.write_text(json.dumps(got, indent=1), encoding="utf-8")
        print(f"{len(got)} documents recorded in {record}")
        return
    want = json.loads(record.read_text(encoding="utf-8"))
    differ = sorted(n for n in want.keys() | got.keys() if want.get(n) != got.get(n))
    print(
        f"{len(got)} documents, {len(differ)} differ" + (": " + ", ".join(differ) if differ else "")
    )
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
