"""Write the large generated concept (and optionally an edited revision) as a repository.

Run: python benchmarks/generate.py OUT [--revision OUT2] [--share 0.05] [--seed 1]
     [--fields 12 --goals 120 --measures 1200 --words 60000]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import konzeptdoc
from konzeptdoc.testing import generate, revise


def write(concept: konzeptdoc.Concept, root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    settings = root / "konzeptdoc.yaml"
    if not settings.exists():
        settings.write_text("schema_version: 1\nmunicipality: Musterstadt\n", encoding="utf-8")
    konzeptdoc.save_concept(concept, root)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--revision", type=Path, help="also write an edited second revision here")
    parser.add_argument("--share", type=float, default=0.05, help="share of prose texts edited")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fields", type=int, default=12)
    parser.add_argument("--goals", type=int, default=120)
    parser.add_argument("--measures", type=int, default=1200)
    parser.add_argument("--words", type=int, default=60_000)
    args = parser.parse_args()
    concept = generate(
        seed=args.seed,
        fields=args.fields,
        goals=args.goals,
        measures=args.measures,
        words=args.words,
    )
    write(concept, args.out)
    print(f"wrote {args.out}")
    if args.revision:
        second, log = revise(concept, seed=args.seed + 1, share=args.share)
        write(second, args.revision)
        print(
            f"wrote {args.revision}; edits: "
            + json.dumps(
                {
                    "word_edits": log.word_edits,
                    "added": len(log.added),
                    "removed": len(log.removed),
                    "moved": len(log.moved),
                    "renamed": len(log.renamed),
                    "total": log.total,
                }
            )
        )


if __name__ == "__main__":
    main()
