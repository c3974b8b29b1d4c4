"""Blame's outline of a file read from its text equals the outline of its parsed YAML."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from konzeptdoc.errors import KonzeptdocError
from konzeptdoc.files import yamlio
from konzeptdoc.files.save import render_files
from konzeptdoc.german.glossary import goal_kind
from konzeptdoc.samples.demo import samples_dir
from konzeptdoc.store import outline
from konzeptdoc.testing import generate

SAMPLES = sorted(samples_dir().rglob("*.yaml"))


def parsed(text: str) -> Any:
    try:
        return yamlio.load(text)
    except KonzeptdocError:
        return None


def expected_outline(text: str) -> list[list[str]]:
    """The outline as blame built it from the parsed file before the scan existed."""
    data = parsed(text)
    found = []
    for key, kind in (("goals", "goal"), ("measures", "measure")):
        entities = data.get(key) if isinstance(data, dict) else None
        for number, entity in enumerate(entities if isinstance(entities, list) else [], start=1):
            if isinstance(entity, dict) and isinstance(entity.get("id"), str):
                title = entity.get("title")
                title = title if isinstance(title, str) else ""
                level = entity.get("level")
                name_kind = (
                    goal_kind(level if isinstance(level, str) else "") if key == "goals" else kind
                )
                label = next(
                    (
                        entity[k]
                        for k in ("title", "name", "text")
                        if isinstance(entity.get(k), str) and entity[k]
                    ),
                    entity["id"],
                )
                found.append([kind, entity["id"], label, name_kind, str(number), title])
    return found


def expected_fields(text: str) -> list[str]:
    data = parsed(text)
    listed = data.get("fields") if isinstance(data, dict) else None
    return [f for f in listed if isinstance(f, str)] if isinstance(listed, list) else []


def scanned(text: str) -> bool:
    """Whether the scan read the file (rather than leaving it to the parser)."""
    try:
        outline._scan_items(text)
        outline._scan_fields(text)
    except outline._Unsure:
        return False
    return True


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: str(p.relative_to(samples_dir())))
def test_the_samples_are_read_by_the_scan_as_the_parser_reads_them(path: Path) -> None:
    text = path.read_text("utf-8")
    assert outline.entity_outline(text) == expected_outline(text)
    assert outline.field_ids(text) == expected_fields(text)
    assert scanned(text)  # else blame parses them: the figures in the README would not hold


def test_files_konzeptdoc_writes_are_read_by_the_scan() -> None:
    concept = generate(fields=3, goals=12, measures=60, words=3000)
    files = render_files(concept, {})
    assert files
    for name, text in files.items():
        if text:
            assert scanned(text), name
            assert outline.entity_outline(text) == expected_outline(text)
            assert outline.field_ids(text) == expected_fields(text)


# What a hand-written file may hold; each is either read alike by the scan or left to the
# parser, never read differently.
TRICKY = [
    "    title: 2024",
    "    title: null",
    "    title: ~",
    "    title: true",
    "    title: 'it''s'",
    "    title: ''",
    '    title: "a\\"b"',
    '    title: "Motto: gemeinsam"',
    "    title: a # comment",
    "    title: Teil:Ganz",
    "    title: -dash",
    "    title: >-\n      gefaltet\n      weiter",
    "    title: |\n      - id: falsch\n      title: falsch",
    "    title: zwei\n      Zeilen",
    "    title:\n      darunter",
    "    level: guiding",
    "    level: 'guiding'",
    "    level: [guiding]",
    "    name: Name",
    "    text: Text",
    "    title: &anker Titel",
    "    title: !!str 12",
    "    title: Bildung & Sprache",
    "    title: Kinder's Welt",
    '    title: "offen\n  - id: eingeschleust\n    title: x"',
    "    title: 'offen\n  - id: eingeschleust\n    title: x'",
    "    partners: [a,\n  - id: eingeschleust\n    title: x]",
    "    partners: {a: 1,\n  - id: eingeschleust\n    b: 2}",
    '    description: "offen\n  - id: eingeschleust\n    title: x"',
    "  - id: null",
    "  - id: 'quoted'",
    "  - {id: flow, title: Fluss}",
    "  - title: ohne-id-zuerst\n    id: spaet",
    "  -   id: weit",
    "  - id: x\n    title: doppelt\n    title: doppelt",
    "- id: spalte-null",
    "   - id: schief",
    "    ? title\n    : komplex",
    "    <<: {title: verschmolzen}",
    "---",
    "...",
    "%YAML 1.2",
    "\ttitle: tab",
    "    title: é\u00a0geschützt",
    "    title: \u2028",
    "goals: []",
    "measures:",
    "goals: null",
    "fields: [a, b]",
    "fields: ['a', b]",
    "fields:\n  - a\n  - b",
    "fields:\n- a",
    "fields: [true]",
    "fields: []",
    'situation: "offen\ngoals:\n  - id: eingeschleust"',
    "situation: |\n  goals:\n    - id: im-text",
]


def mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 2)):
        at = rng.randrange(len(lines) + 1)
        choice = rng.random()
        if choice < 0.55:
            # At the indent of the line it goes before, the snippet's own indents kept.
            snippet = rng.choice(TRICKY).split("\n")
            near = lines[min(at, len(lines) - 1)]
            shift = (
                len(near) - len(near.lstrip(" ")) - (len(snippet[0]) - len(snippet[0].lstrip(" ")))
            )
            lines[at:at] = [
                " " * max(len(s) - len(s.lstrip(" ")) + shift, 0) + s.lstrip(" ") for s in snippet
            ]
        elif choice < 0.7 and at < len(lines):
            lines[at] = " " * rng.randint(0, 6) + lines[at].lstrip(" ")  # re-indented
        elif choice < 0.85 and at < len(lines):
            lines.insert(at, lines[at])  # a line twice
        elif at < len(lines):
            cut = rng.randrange(len(lines[at]) + 1)
            lines[at] = lines[at][:cut] + rng.choice("\"'[]{}&*!?|>%#: -") + lines[at][cut:]
    return "\n".join(lines)


def test_mutated_files_are_read_alike_or_parsed() -> None:
    rng = random.Random(2026)
    bases = [
        p.read_text("utf-8") for p in SAMPLES if "fields" in p.parts or p.name == "concept.yaml"
    ]
    assert bases
    taken = {"scan": 0, "parser": 0, "invalid": 0}
    for _ in range(5000):
        text = mutate(rng.choice(bases), rng)
        if not isinstance(parsed(text), dict):
            taken["invalid"] += 1  # the parser lists nothing; the scan may (see outline.py)
            continue
        taken["scan" if scanned(text) else "parser"] += 1
        assert outline.entity_outline(text) == expected_outline(text), text
        assert outline.field_ids(text) == expected_fields(text), text
    # Both ways are exercised, many times each.
    assert taken["scan"] > 150 and taken["parser"] > 150, taken


@pytest.mark.parametrize("snippet", TRICKY)
def test_each_tricky_line_in_a_field_file(snippet: str) -> None:
    for position in ("goals", "measures", "end"):
        base = (
            "schema_version: 1\nid: f\ntitle: Feld\ngoals:\n  - id: g1\n    level: guiding\n"
            "    title: Ziel\nmeasures:\n  - id: m1\n    title: Maßnahme\n    goals: [g1]\n"
        )
        at = {"goals": base.index("    title: Ziel"), "measures": base.index("    goals: [g1]")}
        cut = at.get(position, len(base))
        text = base[:cut] + snippet + "\n" + base[cut:]
        if isinstance(parsed(text), dict):
            assert outline.entity_outline(text) == expected_outline(text), text
            assert outline.field_ids(text) == expected_fields(text), text
