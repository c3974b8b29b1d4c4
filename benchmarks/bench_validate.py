"""Load + validate the large concept, beside a bare parse of the same YAML files.

Run: python benchmarks/bench_validate.py
Target (issue 2): validation within 2x of the fastest bare parse (libyaml).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import yaml
from common import large_repository, row, timed
from ruamel.yaml import YAML

import konzeptdoc


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = large_repository(Path(tmp) / "repo")
        files = sorted(folder.rglob("*.yaml"))
        texts = [path.read_text(encoding="utf-8") for path in files]
        size = sum(len(t.encode()) for t in texts)
        concept = konzeptdoc.load_concept(folder)
        words = sum(len((f.situation or "").split()) for f in concept.fields) + sum(
            len((m.description or "").split()) for f in concept.fields for m in f.measures
        )
        measures = sum(len(f.measures) for f in concept.fields)
        print(
            f"Large concept: {len(concept.fields)} fields, {measures} measures, "
            f"{words:,} words of prose, {len(files)} files, {size / 1e6:.2f} MB of YAML"
        )
        ruamel_safe = YAML(typ="safe", pure=False)
        pyyaml = timed(lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts])
        ruamel = timed(lambda: [ruamel_safe.load(t) for t in texts])
        ruamel_rt = timed(lambda: [YAML().load(t) for t in texts], repeat=1)
        validate = timed(lambda: konzeptdoc.validate(folder))
        load = timed(lambda: konzeptdoc.load_concept(folder))
        floor = min(pyyaml, ruamel)
        print(row("bare parse: PyYAML CSafeLoader (libyaml)", pyyaml))
        print(row("bare parse: ruamel safe loader (libyaml)", ruamel))
        print(row("bare parse: ruamel round-trip loader", ruamel_rt, "(what editing uses)"))
        print(
            row(
                "konzeptdoc.validate(path)",
                validate,
                f"= {validate / floor:.2f}x the fastest bare parse (target <= 2x)",
            )
        )
        print(row("konzeptdoc.load_concept(path)", load, f"= {load / floor:.2f}x"))


if __name__ == "__main__":
    main()
