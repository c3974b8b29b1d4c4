"""Saving one changed entity edits only its lines, byte for byte as the whole-file round trip."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import konzeptdoc
from konzeptdoc.files import yamlio
from konzeptdoc.files.layout import KINDS, ConceptSource
from konzeptdoc.files.save import file_data
from konzeptdoc.files.splice import changed_items, splice
from konzeptdoc.model import Concept, Measure

SAMPLE = (
    Path(__file__).parent.parent
    / "sample_concepts/wiesbaden/05-ik-fortschreibung-2025/concepts/integrationskonzept"
)

Edit = Callable[[Measure], None]
EDITS: dict[str, Edit] = {
    "status": lambda m: setattr(m, "status", "done" if m.status != "done" else "planned"),
    "paragraph": lambda m: setattr(
        m, "description", (m.description or "") + "\n\nNeu: mit „Zitat“ & mehr."
    ),
    "list item": lambda m: m.partners.append("Neuer Partner"),
    "key removed": lambda m: setattr(m, "lead", None),
    "needs quotes": lambda m: setattr(m, "lead", "Amt: 33 # kein Kommentar"),
    "title": lambda m: setattr(m, "title", m.title + " – ergänzt"),
    "text removed": lambda m: setattr(m, "description", None),
}


@pytest.fixture(scope="module")
def sample() -> Concept:
    return konzeptdoc.load_concept(SAMPLE)


def _whole_file(old_text: str, data: dict[str, object], kind: str) -> str:
    """What a save wrote before: the whole file through the round trip."""
    order = ["schema_version", *[n for n in KINDS[kind][0].model_fields if n != "schema_version"]]
    tree, _ = yamlio.merge(yamlio.load_roundtrip(old_text), data, order)
    indent = yamlio.guess_indent(old_text)
    return yamlio.dump_roundtrip(tree, indent, nulls=yamlio.null_word(old_text))


@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
@pytest.mark.parametrize(("field", "measure"), [(0, 0), (1, -1)], ids=["first", "last"])
def test_splice_equals_the_whole_file_round_trip(
    sample: Concept, edit: str, field: int, measure: int
) -> None:
    concept = sample.model_copy(deep=True)
    source = sample._source
    assert isinstance(source, ConceptSource)
    target = concept.fields[field]
    EDITS[edit](target.measures[measure])
    relative = f"fields/{target.id}.yaml"
    kind, data = file_data(concept)[relative]
    old_text, old_data = source.texts[relative], source.data[relative]
    spliced = splice(old_text, old_data, data)
    assert spliced is not None
    assert spliced == _whole_file(old_text, data, kind)
    # Only the changed measure's lines differ.
    changed = [n for n, (a, b) in enumerate(zip(old_text.splitlines(), spliced.splitlines(), strict=False)) if a != b]  # fmt: skip
    assert len(changed) >= 1


def test_other_changes_take_the_whole_file(sample: Concept) -> None:
    source = sample._source
    assert isinstance(source, ConceptSource)
    field = sample.fields[0]
    relative = f"fields/{field.id}.yaml"
    old = source.data[relative]
    _, data = file_data(sample)[relative]
    assert changed_items(old, data) == []
    removed = {**data, "measures": data["measures"][1:]}
    assert changed_items(old, removed) is None
    retitled = {**data, "title": "Anders"}
    assert changed_items(old, retitled) is None
    assert splice(source.texts[relative], old, retitled) is None


def test_save_rewrites_only_the_changed_file(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, folder)
    concept = konzeptdoc.load_concept(folder)
    before = {p: p.read_bytes() for p in folder.rglob("*.yaml")}
    measure = concept.fields[1].measures[0]
    measure.status = "done" if measure.status != "done" else "planned"
    written = konzeptdoc.save_concept(concept)
    target = folder / "fields" / f"{concept.fields[1].id}.yaml"
    assert written == [target]
    assert {p for p in before if p.read_bytes() != before[p]} == {target}
    assert konzeptdoc.load_concept(folder).fields[1].measures[0].status == measure.status
    konzeptdoc.save_concept(concept)  # again, from the data the first save left behind
    assert konzeptdoc.load_concept(folder).fields[1].measures[0].status == measure.status


LAYOUTS = {
    "dash at column 0, comments between": (
        "id: f\nmeasures:\n- id: a\n  title: A\n# zu b\n- id: b\n  title: B\n\n"
        "# am Ende\ngoals: []\n"
    ),
    "block text with dashes": (
        "id: f\nmeasures:\n  - id: a\n    description: |\n      - kein Eintrag\n"
        "      - auch keiner\n    title: A\n  - id: b   # b\n    title: B\n"
    ),
    "last of the file": "id: f\nmeasures:\n  - id: a\n    title: A\n  - id: b\n    title: B\n",
}


@pytest.mark.parametrize("layout", list(LAYOUTS), ids=list(LAYOUTS))
@pytest.mark.parametrize("index", [0, 1])
def test_entities_are_found_by_indentation(layout: str, index: int) -> None:
    # The ranges are found without parsing the file: each layout must give what the whole
    # file's round trip gives.
    old_text = LAYOUTS[layout]
    old = yamlio.load(old_text)
    new = {**old, "measures": [dict(m) for m in old["measures"]]}
    new["measures"][index]["title"] += " – neu"
    spliced = splice(old_text, old, new)
    assert spliced is not None and spliced == _whole_file(old_text, new, "field")
    assert yamlio.load(spliced) == new


def test_entities_not_starting_on_their_dash_line_take_the_whole_file() -> None:
    old_text = "id: f\nmeasures:\n  - {id: a, title: A}\n  -\n    id: b\n    title: B\n"
    old = yamlio.load(old_text)
    for index in (0, 1):
        new = {**old, "measures": [dict(m) for m in old["measures"]]}
        new["measures"][index]["title"] = "Neu"
        assert splice(old_text, old, new) is None
